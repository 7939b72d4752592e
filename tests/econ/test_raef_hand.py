"""Single-deposit hand calculations of the RAEF cost model.

Oracle: the published RAEF equations (Shapiro and Robinson, 2019, USGS Techniques and Methods
7-C23, doi:10.3133/tm7C23, as coded in RAEF_MW_AGAIN.R), typed here term by term with their
literal coefficients, independently of the bundled coefficient tables.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from assay.models.econ import raef

ORE_T = 1.0e8
CU, MO = 0.5, 0.01  # grade [%]


def _tailings(life: float, cml: float) -> float:
    kt = 17 if life < 7.5 else (32 if life < 15 else 62)
    atp = kt * cml / 1000
    dl = 4 * math.sqrt(43560 * atp)
    pond = 146000 + 1783 * atp
    dam = 161 * dl
    liner = 5 * dl + 35790 * atp
    return pond + dam + liner


def _common(st: float, life: float, rf: float, motrf: float, kc: float, mocpy: float) -> dict:
    cml = (motrf * st) ** 0.75 / 70
    kcm = 83600 * cml**0.708
    kom = 153 * cml ** (-0.344)
    orev = 0.90715 * (3813.958 * 0.91 * CU / 100 + 23567.174 * 0.63 * MO / 100)
    cueq = 100 * (1 / 0.90715) * orev / (0.91 * 3813.958)
    smelt = 0.26 * (2000 * st * (cueq / 100) * rf * 0.91) / life
    total_oc = 1.26 * 1.0 * (smelt + mocpy + cml * kom * 350)
    tkc = (kc + _tailings(life, cml) + kcm) * 1.26 * 1.0
    vp = orev * cml * 350 - total_oc
    pv = vp * (1 - 1 / 1.15**life) / 0.15
    return {
        "mill_capacity": cml,
        "mill_capital": kcm,
        "ore_value": orev,
        "cu_eq_pct": cueq,
        "smelting_per_year": smelt,
        "total_op_per_year": total_oc,
        "total_capital": tkc,
        "annual_cash_flow": vp,
        "npv": pv - tkc,
    }


def _evaluate(params, depth: float):
    return raef.evaluate_deposits(
        np.array([ORE_T]), np.array([[CU, MO]]), ["Cu", "Mo"], params, np.array([depth])
    ).iloc[0]


def test_open_pit_deposit_matches_hand_calculation(tutorial_params):
    st = ORE_T / 0.907185
    life = 0.2 * st**0.25
    depth_yd = 0.3772 * st ** (1 / 3) + 1.0936 * 30
    sr = 2.225 * 4.1 * depth_yd**3 / st - 1
    motrf = (1 + 0.05) * 0.90
    cm = ((sr + 1) * motrf * st) ** 0.75 / 70
    kc, ko = (
        (160000 * cm**0.515, 71.0 * cm**-0.414)
        if cm < 20000
        else (2670 * cm**0.917, 5.14 * cm**-0.148)
    )
    expected = {
        "short_tons": st,
        "life_yr": life,
        "depth_yd": depth_yd,
        "strip_ratio": sr,
        "mine_capacity": cm,
        "mine_capital": kc,
        "mine_op_per_st": ko,
        **_common(st, life, 0.90, motrf, kc, cm * ko * 350),
    }
    row = _evaluate(tutorial_params, 30.0)
    assert row["mine_method"] == "Open Pit"
    for key, value in expected.items():
        assert row[key] == pytest.approx(value, rel=1e-12), key
    # this deposit pays: recovered Cu = RF * MRR * grade * ore
    assert row["economic"] and row["npv"] > 0
    assert row["recovered_Cu"] == pytest.approx(0.90 * 0.91 * CU / 100 * ORE_T, rel=1e-12)


def test_block_caving_deposit_matches_hand_calculation(tutorial_params):
    depth = 600.0
    st = ORE_T / 0.907185
    life = 0.2 * st**0.25
    depth_yd = 0.3772 * st ** (1 / 3) + 1.0936 * depth
    motrf = 1.15 * 0.95
    cm = (motrf * st) ** 0.75 / 70
    kc = 64800 * cm**0.759 + 371 * cm + 180 * 3 * depth_yd * cm**0.404
    ko = 48.4 * cm**-0.217 + 2343 / cm + 0.44 * 3 * depth_yd / cm + 0.00163 * 3 * depth_yd
    expected = {
        "mine_capacity": cm,
        "mine_capital": kc,
        "mine_op_per_st": ko,
        **_common(st, life, 0.95, motrf, kc, cm * ko * 350),
    }
    row = _evaluate(tutorial_params, depth)
    assert row["mine_method"] == "Block Caving"
    for key, value in expected.items():
        assert row[key] == pytest.approx(value, rel=1e-12), key
    assert row["economic"] == (expected["npv"] > 0)


@pytest.mark.parametrize(
    "method, df, rf, capacity, capital, operating",
    [
        # capacity in terms of (st, life, depth_yd); TM 7-C23 / RAEF coefficients
        (
            "Room-and-Pillar",
            0.05,
            0.85,
            lambda st, life: ((1.05) * (1.05 * 0.85 * st)) ** 0.75 / 70,
            lambda cm, d: 97600 * cm**0.644 + 371 * cm + 180 * 3 * d * cm**0.404,
            lambda cm, d: 35.5 * cm**-0.171 + 2343 / cm + 0.44 * 3 * d / cm + 0.00163 * 3 * d,
        ),
        (
            "Vertical Crater Retreat",
            0.10,
            0.90,
            lambda st, life: ((1.1) * (1.1 * 0.9 * st)) ** 0.75 / 70,
            lambda cm, d: 45200 * cm**0.747 + 371 * cm + 180 * 3 * d * cm**0.404,
            lambda cm, d: 51.0 * cm**-0.206 + 2343 / cm + 0.44 * 3 * d / cm + 0.00163 * 3 * d,
        ),
        (
            "Cut-and-Fill",
            0.05,
            0.85,
            lambda st, life: 1.05 * 0.85 * st / (life * 350),
            lambda cm, d: 1250000 * cm**0.644,
            lambda cm, d: 279.9 * cm**-0.294,
        ),
        (
            "Shrinkage Stope",
            0.10,
            0.90,
            lambda st, life: 1.1 * 0.9 * st / (life * 350),
            lambda cm, d: 179000 * cm**0.620,
            lambda cm, d: 74.9 * cm**-0.160,
        ),
        (
            "Sublevel Longhole",
            0.15,
            0.85,
            lambda st, life: 1.15 * 0.85 * st / (life * 350),
            lambda cm, d: 115000 * cm**0.552,
            lambda cm, d: 41.9 * cm**-0.181,
        ),
    ],
)
def test_underground_methods_capacity_and_costs(method, df, rf, capacity, capital, operating):
    st = np.array([2.0e6, 3.0e7])
    depth = np.array([100.0, 400.0])
    life = 0.2 * st**0.25
    out = raef.mine_costs(method, st, depth, life, 350)
    coef = {"Room-and-Pillar": 0.0243, "Vertical Crater Retreat": 0.6853}.get(method, 0.48)
    depth_yd = np.maximum(
        coef * st ** (1 / 3) + 1.0936 * depth, 6.0 if method == "Room-and-Pillar" else 0.0
    )
    cm = capacity(st, life)
    np.testing.assert_allclose(out["capacity"], cm, rtol=1e-12)
    np.testing.assert_allclose(out["capital"], capital(cm, depth_yd), rtol=1e-12)
    np.testing.assert_allclose(out["operating_per_st"], operating(cm, depth_yd), rtol=1e-12)
    np.testing.assert_allclose(out["motrf"], (1 + df) * rf)


def test_taylor_rule_oracle():
    """Taylor's rule: 1e8 short tons -> 0.2 * 100 = 20 years (analytic)."""
    assert raef.mine_life(1e8) == pytest.approx(20.0)


def test_mine_method_by_depth_and_type():
    depth = np.array([0.0, 60.0, 61.0, 900.0])
    assert list(raef.mine_method_for_depth("Ore body massive / disseminated", depth)) == [
        "Open Pit",
        "Open Pit",
        "Block Caving",
        "Block Caving",
    ]
    assert list(raef.mine_method_for_depth("Flat-bedded/stratiform", depth))[2] == (
        "Room-and-Pillar"
    )
    assert set(raef.mine_method_for_depth("Vein deposit / steep", depth)) == {
        "Vertical Crater Retreat"
    }


def test_mill_types_hand_values():
    """Each mill's cost equations at Cml = 10,000 st/d (TM 7-C23 coefficients)."""
    cml = np.array([1.0e4])
    cases = {
        "1-Product Flotation": (92600 * 1e4**0.667, 121 * 1e4**-0.336),
        "2-Product Flotation": (82500 * 1e4**0.702, 149 * 1e4**-0.356),
        "SX-EW": (14600 * 1e4**0.596, 3 * 1e4**-0.145),
        "CCD": (414000 * 1e4**0.584, 128 * 1e4**-0.300),
        "CIP": (372000 * 1e4**0.540, 105 * 1e4**-0.303),
        "Au Heap Leach": (296500 * 1e4**0.512, 31.5 * 1e4**-0.223),
        "Au Float/Roast/Leach": (481000 * 1e4**0.552, 101 * 1e4**-0.246),
    }
    for mill, (kc, ko) in cases.items():
        capital, unit, smelting = raef.mill_costs([mill], cml)
        assert capital[0] == pytest.approx(kc, rel=1e-12), mill
        assert unit[0] == pytest.approx(ko, rel=1e-12), mill
        assert smelting
    capital, unit, smelting = raef.mill_costs(["None"], cml)
    assert capital[0] == 0 and unit[0] == 0 and not smelting
    # custom options sum
    capital, _, _ = raef.mill_costs(["SX-EW", "CCD"], cml)
    assert capital[0] == pytest.approx(cases["SX-EW"][0] + cases["CCD"][0], rel=1e-12)


def test_omit_lowest_value_commodity():
    """Two commodities: OreV drops the smaller component (analytic)."""
    total, parts = raef.ore_value_per_short_ton(
        np.array([[1.0, 0.1]]), np.array([1000.0, 1000.0]), np.array([1.0, 1.0]), True
    )
    assert total[0] == pytest.approx(0.90715 * 1000 * 1.0 / 100)
    assert parts[0, 1] == 0


def test_breakeven_factor_consistent_with_npv(tutorial_params):
    """NPV is linear in ore value: economic iff break-even factor < 1, and NPV(factor) = 0."""
    rng = np.random.default_rng(3)
    n = 500
    ore = 10 ** rng.uniform(6, 9.5, n)
    grades = np.column_stack([rng.uniform(0.1, 1.2, n), rng.uniform(0, 0.05, n)])
    depth, _ = raef.draw_depths(n, tutorial_params.depth_intervals, rng)
    res = raef.evaluate_deposits(ore, grades, ["Cu", "Mo"], tutorial_params, depth)
    factor = res["breakeven_value_factor"].to_numpy()
    assert np.array_equal(res["economic"].to_numpy(), factor < 1)
    i = int(np.flatnonzero(np.isfinite(factor))[0])
    at_be = raef.evaluate_deposits(
        ore[i : i + 1],
        grades[i : i + 1],
        ["Cu", "Mo"],
        tutorial_params,
        depth[i : i + 1],
        value_scale=factor[i],
    )
    assert abs(at_be["npv"].iloc[0]) < 1e-6 * at_be["total_capital"].iloc[0]


def test_depth_draws_follow_interval_probabilities(tutorial_params):
    """Interval frequencies within 4 binomial sigma of (0.2, 0.2, 0.6); depths inside bounds."""
    n = 200_000
    depth, cat = raef.draw_depths(n, tutorial_params.depth_intervals, np.random.default_rng(1))
    freq = np.bincount(cat, minlength=3) / n
    sigma = np.sqrt(np.array([0.2, 0.2, 0.6]) * (1 - np.array([0.2, 0.2, 0.6])) / n)
    assert np.all(np.abs(freq - [0.2, 0.2, 0.6]) < 4 * sigma)
    lo = np.array([0, 251, 501])[cat]
    hi = np.array([250, 500, 1000])[cat]
    assert np.all((depth >= lo) & (depth <= hi)) and np.all(depth == np.round(depth))
