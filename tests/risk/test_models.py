"""Hand-computed worked examples of each supply-risk formula.

Every expected value below is worked out by hand in the comment beside it from the formula
in the cited publication (the oracle); none is produced by the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assay.models.risk import concentration_thresholds as ct
from assay.models.risk import eu_crm, geopolrisk, shock, usgs_2021


# -- concentration thresholds ------------------------------------------------------------
@pytest.mark.parametrize(
    ("hhi", "authority", "label"),
    [
        # DOJ/FTC 2023 Merger Guidelines §2.1: "greater than 1,800" is highly concentrated
        (0.0, "doj_ftc_2023", "not highly concentrated"),
        (1800.0, "doj_ftc_2023", "not highly concentrated"),
        (1800.1, "doj_ftc_2023", "highly concentrated"),
        (10000.0, "doj_ftc_2023", "highly concentrated"),
        # DOJ/FTC 1992 HMG §1.51: below 1,000 / 1,000-1,800 / above 1,800
        (999.9, "doj_ftc_1992", "unconcentrated"),
        (1000.0, "doj_ftc_1992", "moderately concentrated"),
        (1800.0, "doj_ftc_1992", "moderately concentrated"),
        (1800.1, "doj_ftc_1992", "highly concentrated"),
        # DOJ/FTC 2010 HMG §5.3: below 1,500 / 1,500-2,500 / above 2,500
        (1499.9, "doj_ftc_2010", "unconcentrated"),
        (1500.0, "doj_ftc_2010", "moderately concentrated"),
        (2500.0, "doj_ftc_2010", "moderately concentrated"),
        (2500.1, "doj_ftc_2010", "highly concentrated"),
        # EU 2004/C 31/03 paras 19-21: below 1,000 / 1,000-2,000 / above 2,000
        (999.0, "eu_2004", "low (unlikely to raise concerns)"),
        (1000.0, "eu_2004", "intermediate"),
        (2000.0, "eu_2004", "intermediate"),
        (4900.0, "eu_2004", "high"),
    ],
)
def test_classify_hhi_band_edges(hhi: float, authority: str, label: str) -> None:
    """Oracle: the band boundaries as worded in each published guideline."""
    assert ct.classify_hhi(hhi, authority) == label


def test_classify_hhi_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        ct.classify_hhi(12000.0)
    with pytest.raises(ValueError):
        ct.classify_hhi(100.0, "nowhere")
    assert ct.classify_hhi(float("nan")) is None


def test_concentration_ratio_synthetic() -> None:
    """Oracle [D, methods notes §3]: shares (0.7, 0.1, 0.1, 0.05, 0.05): CR1 70 %, CR3 90 %."""
    shares = np.array([0.1, 0.7, 0.05, 0.1, 0.05, np.nan])
    assert ct.concentration_ratio(shares, 1) == pytest.approx(0.70)
    assert ct.concentration_ratio(shares, 3) == pytest.approx(0.90)
    assert math.isnan(ct.concentration_ratio(np.array([np.nan]), 1))


# -- EU CRM (Blengini et al. 2017) -------------------------------------------------------
def test_wgi_scaling() -> None:
    """Oracle: WGI_scaled = 2(2.5 - WGI): -2.5 -> 10, 2.5 -> 0, 0 -> 5; n = 0.4 -> WGI = -0.5
    -> 2(2.5 + 0.5) = 6."""
    assert eu_crm.wgi_scaled_from_estimate(-2.5) == pytest.approx(10.0)
    assert eu_crm.wgi_scaled_from_estimate(2.5) == pytest.approx(0.0)
    assert eu_crm.wgi_scaled_from_estimate(0.0) == pytest.approx(5.0)
    assert eu_crm.wgi_scaled_from_normalised(0.4) == pytest.approx(6.0)
    assert eu_crm.wgi_scaled_from_normalised(0.4) == pytest.approx(
        eu_crm.wgi_scaled_from_estimate(0.4 * 5 - 2.5)
    )


def test_eu_crm_supply_risk_worked_example() -> None:
    """Worked by hand from Blengini et al. (2017), eq. 4.

    Global supply: A 60 % (WGI_scaled 6), B 30 % (2), C 10 % (4):
      HHI_WGI(GS) = 0.36*6 + 0.09*2 + 0.01*4 = 2.16 + 0.18 + 0.04 = 2.38
    Sourcing: A 50 % (6), D 50 % (1) with an export-tax t_A = 1.1:
      HHI_WGI(sourcing) = 0.25*6*1.1 + 0.25*1 = 1.65 + 0.25 = 1.90
    IR = (I - E)/(P + I - E) = (80 - 20)/(40 + 60) = 0.6
    SR = [2.38*0.3 + 1.90*0.7] * (1 - 0.1) * 0.9 = (0.714 + 1.33) * 0.81 = 2.044 * 0.81 = 1.65564
    """
    gs = eu_crm.hhi_wgi([0.6, 0.3, 0.1], [6, 2, 4])
    assert gs == pytest.approx(2.38)
    src = eu_crm.hhi_wgi([0.5, 0.5], [6, 1], trade_adjustment=[1.1, 1.0])
    assert src == pytest.approx(1.90)
    ir = eu_crm.import_reliance(imports=80, exports=20, domestic_production=40)
    assert ir == pytest.approx(0.6)
    sr = eu_crm.supply_risk(gs, src, ir, eol_rir=0.1, substitution_index=0.9)
    assert sr == pytest.approx(1.65564)


def test_eu_crm_import_reliance_net_exporter_is_zero() -> None:
    """Oracle: IR is 0 when exports exceed imports (Blengini et al. 2017, §3.2)."""
    assert eu_crm.import_reliance(10, 30, 100) == 0.0


def test_eu_crm_economic_importance_worked_example() -> None:
    """EI = SI_EI * sum A_s * 10 VA_s / VA_max (Blengini et al. 2017, eq. 2).

    A = (0.5, 0.3, 0.2), VA = (100, 50, 20) bn EUR, VA_max = 200:
      Q = (5, 2.5, 1); sum A*Q = 2.5 + 0.75 + 0.2 = 3.45; SI_EI 0.95 -> EI = 3.2775
    critical with SR 1.65564: EI >= 2.8 and SR >= 1.0 -> True
    """
    ei = eu_crm.economic_importance([0.5, 0.3, 0.2], [100, 50, 20], 0.95, 200)
    assert ei == pytest.approx(3.2775)
    assert eu_crm.is_critical(ei, 1.65564)
    assert not eu_crm.is_critical(2.79, 5.0)
    assert not eu_crm.is_critical(3.0, 0.99)


def test_eu_crm_rejects_fractions_out_of_range() -> None:
    with pytest.raises(ValueError):
        eu_crm.supply_risk(1, 1, 1.5, 0, 1)


# -- USGS 2021 (Nassar et al. 2020; Nassar & Fortier 2021) -------------------------------
def test_usgs_2021_worked_example() -> None:
    """Worked by hand from Nassar et al. (2020) eqs. 1-3.

    Shares 0.7 / 0.2 / 0.1 with normalised WGI 0.4 / 0.8 / 0.5 -> g = 0.6 / 0.2 / 0.5:
      DP = 0.49*0.6 + 0.04*0.2 + 0.01*0.5 = 0.294 + 0.008 + 0.005 = 0.307
    NIR 80 % -> TE = 0.8
    EV: industries VA/GDP = (0.02, 0.01), EXP = (5, 2), OP = (50, 10):
      EV = 0.02*0.1 + 0.01*0.2 = 0.002 + 0.002 = 0.004
    SR (geometric mean) = (0.307*0.8*0.004)^(1/3) = (0.0009824)^(1/3)
      = 0.09941 (check: 0.09941^3 = 0.00098240)
    SR (product) = 0.0009824
    """
    g = usgs_2021.governance_risk_from_normalised(np.array([0.4, 0.8, 0.5]))
    np.testing.assert_allclose(g, [0.6, 0.2, 0.5])
    dp = usgs_2021.disruption_potential([0.7, 0.2, 0.1], g)
    assert dp == pytest.approx(0.307)
    te = usgs_2021.trade_exposure(80)
    assert te == pytest.approx(0.8)
    ev = usgs_2021.economic_vulnerability([0.02, 0.01], [5, 2], [50, 10])
    assert ev == pytest.approx(0.004)
    assert usgs_2021.supply_risk(dp, te, ev) == pytest.approx(0.0009824 ** (1 / 3))
    assert usgs_2021.supply_risk(dp, te, ev) == pytest.approx(0.09941, rel=1e-5)
    assert usgs_2021.supply_risk(dp, te, ev, "product") == pytest.approx(0.0009824)


def test_usgs_2021_trade_exposure_bounds() -> None:
    """Oracle: TE is NIR bounded to [0, 1]; a net exporter (negative NIR) has TE 0."""
    assert usgs_2021.trade_exposure(-35) == 0.0
    assert usgs_2021.trade_exposure(100) == 1.0


def test_recency_weighted_mean() -> None:
    """(1*1 + 2*2 + 3*3) / (1 + 2 + 3) = 14/6 = 2.3333..."""
    assert usgs_2021.recency_weighted_mean([1, 2, 3], [1, 2, 3]) == pytest.approx(14 / 6)


# -- GeoPolRisk (Gemechu et al. 2016; geopolrisk-py core.GeoPolRisk) ----------------------
def test_geopolrisk_worked_example() -> None:
    """Worked by hand from GeoPolRisk_Ac = HHI_A * sum_i g_i f_i / (p + F).

    World production 60 / 30 / 10 -> HHI (0-1) = 0.36 + 0.09 + 0.01 = 0.46
    Imports: 50 t from X (g 0.6), 30 t from Y (g 0.2), 20 t from Z (no score -> 0.5);
    domestic production 100 t:
      import risk = (0.6*50 + 0.2*30 + 0.5*20) / (100 + 100) = (30 + 6 + 10)/200 = 0.23
      score = 0.46 * 0.23 = 0.1058
    """
    g = geopolrisk.instability_from_normalised(np.array([0.4, 0.8, np.nan]))
    np.testing.assert_allclose(g, [0.6, 0.2, 0.5])
    wta = geopolrisk.import_risk([50, 30, 20], g, domestic_production=100)
    assert wta == pytest.approx(0.23)
    assert geopolrisk.geopolrisk_score(0.46, wta) == pytest.approx(0.1058)


def test_geopolrisk_rejects_bad_hhi() -> None:
    with pytest.raises(ValueError):
        geopolrisk.geopolrisk_score(46.0, 0.2)


# -- supply shocks ----------------------------------------------------------------------
def _ree_2024() -> tuple[pd.Series, float]:
    # USGS MCS 2025, Rare Earths, world mine production 2024e [t REO]
    production = pd.Series(
        {
            "USA": 45000,
            "AUS": 13000,
            "BRA": 20,
            "MMR": 31000,
            "CAN": 0,
            "CHN": 270000,
            "IND": 2900,
            "MDG": 2000,
            "MYS": 130,
            "NGA": 13000,
            "RUS": 2500,
            "THA": 13000,
            "VNM": 300,
        },
        dtype=float,
    )
    return production, 390000.0


def test_shock_remove_china_rare_earths() -> None:
    """Hand computation on MCS 2025 rare earths, 2024e, world total 390,000 t REO.

    Before: shares = q/390,000; HHI = sum (100 q/390,000)^2:
      sum q^2 = 45000^2 + 13000^2*3 + 20^2 + 31000^2 + 270000^2 + 2900^2 + 2000^2 + 130^2
                + 2500^2 + 300^2
              = 2.025e9 + 5.07e8 + 400 + 9.61e8 + 7.29e10 + 8.41e6 + 4e6 + 16900 + 6.25e6 + 9e4
              = 76,411,767,300 ; HHI = 1e4 * 76,411,767,300 / 390,000^2 = 5023.78...
    Remove CHN: world = 390,000 - 270,000 = 120,000 t
      sum q^2 = 76,411,767,300 - 7.29e10 = 3,511,767,300 ; HHI = 1e4 * 3,511,767,300 / 1.44e10
              = 2438.73...
    """
    production, world = _ree_2024()
    result = shock.apply_shock(production, world, remove=["CHN"])
    assert result.world_before == 390000.0
    assert result.world_after == 120000.0
    assert result.world_change == -270000.0
    assert result.hhi_before == pytest.approx(1e4 * 76_411_767_300 / 390000.0**2)
    assert result.hhi_after == pytest.approx(1e4 * 3_511_767_300 / 120000.0**2)
    assert result.hhi_after == pytest.approx(2438.727, abs=1e-3)
    assert result.table.at["USA", "share_after"] == pytest.approx(45000 / 120000)
    assert result.table.at["CHN", "after"] == 0.0


def test_shock_cap_and_add() -> None:
    """Two producers A 80, B 20 (world 100). Cap A at 50, add new C 30:
    world' = 100 - 30 + 30 = 100; shares 0.5 / 0.2 / 0.3; HHI = 2500 + 400 + 900 = 3800.
    Before: HHI = 6400 + 400 = 6800."""
    result = shock.apply_shock(pd.Series({"A": 80.0, "B": 20.0}), cap={"A": 50.0}, add={"C": 30.0})
    assert result.world_after == pytest.approx(100.0)
    assert result.hhi_before == pytest.approx(6800.0)
    assert result.hhi_after == pytest.approx(3800.0)
    assert result.table.at["C", "before"] == 0.0


def test_import_share_affected() -> None:
    """US rare-earth imports 2020-23: China 70 %, Malaysia 13 %, Japan 6 %, Estonia 5 %
    (MCS 2025). Removing China cuts 70 % of imports; capping Malaysia to half of its output
    adds 13 % * 0.5 = 6.5 %: total 0.765."""
    table = pd.DataFrame(
        {"before": [100.0, 10.0, 5.0], "after": [0.0, 5.0, 5.0]}, index=["CHN", "MYS", "JPN"]
    )
    m = pd.Series({"CHN": 0.70, "MYS": 0.13, "JPN": 0.06, "EST": 0.05})
    assert shock.import_share_affected(m, table) == pytest.approx(0.765)


def test_shock_rejects_unknown_producer() -> None:
    with pytest.raises(KeyError):
        shock.apply_shock(pd.Series({"A": 1.0}), remove=["B"])
    with pytest.raises(ValueError):
        shock.apply_shock(pd.Series({"A": 1.0}), add={"B": -1.0})
