"""The 22,208-deposit porphyry Cu-Mo-Au-Ag example (MapMark4GUI Run1_01234 -> RAEF).

Oracles: the published MapMark4GUI contained-metal statistics
(``Run1_01234_08_SIM_Contained_Stats.csv``: P(0) = 0.2982, mean Cu = 7,609,219.381 t) and,
for the economic filter, the binomial/CLT Monte Carlo error across depth-draw seeds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assay.analyses import economics as ec
from assay.importers.raef import read_preset, read_simulated_deposits


@pytest.fixture(scope="module")
def deposits(raef_dir):
    return read_simulated_deposits(raef_dir / "Porphyry_05_SIM_EF.csv")


def test_layout(deposits):
    assert len(deposits) == 28172
    assert int((deposits["Number.of.Deposits"] > 0).sum()) == 22208
    assert deposits["Simulation.Index"].nunique() == 20000


def test_contained_statistics_equal_published(deposits, mapmark4_run_dir):
    published = pd.read_csv(mapmark4_run_dir / "Run1_01234_08_SIM_Contained_Stats.csv", index_col=0)
    ours = ec.contained_statistics(deposits, 20000)
    for name, row in published.iterrows():
        key = name.split()[0]
        key = "Ore" if key == "Ore" else key
        s = ours[key]
        assert s["mean"] == pytest.approx(row["Means"], rel=1e-9), name
        assert s["sd"] == pytest.approx(row["STD"], rel=1e-9), name
        assert s["max"] == pytest.approx(row["Max"], rel=1e-9), name
        assert s["median"] == pytest.approx(row["Median"], rel=1e-9), name
        assert s["p_zero"] == pytest.approx(row["Prob of Zero"], abs=1e-12), name
        assert s["p_ge_mean"] == pytest.approx(row["Prob >= Mean"], abs=1e-12), name
        for level in (99, 90, 80, 70, 60, 50, 40, 30, 20, 10, 1):
            assert s["quantiles"][f"P{level}"] == pytest.approx(
                row[f"P{level}"], rel=1e-8, abs=1e-6
            ), (name, level)
    assert ours["Cu"]["p_zero"] == 0.2982
    assert ours["Cu"]["mean"] == pytest.approx(7.609e6, rel=1e-4)


def test_econ_json_contract_and_contained_match(deposits, raef_dir):
    out = ec.economic_filter_simulation(deposits, 20000, raef_dir / "RaefPreSetFile.csv", seed=0)
    for key in (
        "deposits",
        "economic_deposits",
        "by_mine_method",
        "p_no_economic",
        "recovered",
        "contained",
        "npv_tract",
    ):
        assert key in out
    assert out["deposits"] == 22208
    assert set(out["recovered"]["Cu"]) >= {"mean", "quantiles", "p_zero"}
    assert set(out["npv_tract"]) >= {"mean", "quantiles"}
    assert out["contained"]["Cu"]["mean"] == pytest.approx(7609219.381168, rel=1e-9)
    assert out["contained"]["Cu"]["p_zero"] == 0.2982
    # economic deposits are a subset: recovered <= contained, P(0) recovered >= contained
    assert out["recovered"]["Cu"]["mean"] < out["contained"]["Cu"]["mean"]
    assert out["p_no_economic"] >= out["contained"]["Cu"]["p_zero"]
    assert out["recovered"]["Cu"]["p_zero"] == pytest.approx(out["p_no_economic"])
    assert sum(out["by_mine_method"].values()) == out["deposits"]
    assert out["by_mine_method"]["None"] == out["deposits"] - out["economic_deposits"]
    assert sum(r["deposits"] for r in out["by_depth_class"]) == out["deposits"]
    be1 = [r for r in out["breakeven"]["by_value_factor"] if r["value_factor"] == 1.0][0]
    assert be1["economic_deposits"] == out["economic_deposits"]
    # mine methods: only open pit (depth <= 60 m) and block caving for this deposit type
    assert set(out["by_mine_method"]) == {"Open Pit", "Block Caving", "None"}


def test_economic_results_stable_across_seeds(deposits, raef_dir):
    """Across 5 depth-draw seeds, each seed's economic fraction and mean recovered Cu lie
    within 4 Monte Carlo standard errors of the pooled value.

    Standard errors: binomial sqrt(p(1-p)/n) for the fraction of 22,208 deposits (an upper
    bound, since depth is the only random input), and sd/sqrt(20000) for the mean recovered Cu.
    """
    params = read_preset(raef_dir / "RaefPreSetFile.csv")
    runs = [ec.economic_filter(deposits, 20000, params, seed=s) for s in range(5)]
    frac = np.array([r["fraction_economic"] for r in runs])
    cu = np.array([r["recovered"]["Cu"]["mean"] for r in runs])
    p = frac.mean()
    se_frac = np.sqrt(p * (1 - p) / 22208)
    se_cu = np.mean([r["recovered"]["Cu"]["sd"] for r in runs]) / np.sqrt(20000)
    assert np.all(np.abs(frac - p) < 4 * se_frac)
    assert np.all(np.abs(cu - cu.mean()) < 4 * se_cu)
    # same seed, same answer
    again = ec.economic_filter(deposits, 20000, params, seed=3)
    assert again["economic_deposits"] == runs[3]["economic_deposits"]


def test_in_memory_frame_without_contained_columns(deposits, raef_dir):
    """The engine's frame may omit '<X> _MetricTons': contained metal is ore x grade."""
    slim = deposits.drop(columns=[c for c in deposits.columns if c.endswith("_MetricTons")])
    a = ec.contained_statistics(slim, 20000)
    b = ec.contained_statistics(deposits, 20000)
    assert a["Cu"]["mean"] == pytest.approx(b["Cu"]["mean"], rel=1e-6)


def test_engine_style_ore_column_name(deposits):
    """The assessment engine names the ore column '<Ore>_mT' after the model's column."""
    renamed = deposits.rename(columns={"Ore_mT": "Tonnage_mT"})
    a = ec.contained_statistics(renamed, 20000)
    assert a["Ore"]["mean"] == pytest.approx(
        ec.contained_statistics(deposits, 20000)["Ore"]["mean"]
    )
