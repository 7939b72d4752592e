"""Weights of evidence against Geoscience Australia's expected outputs (MPM-WofE TESTDATA,
GeoscienceAustralia/MPM-WofE@7df6b7a, staged in ../shared/data/prospectivity-ga-cloncurry-wofe).

Oracle: the CSV tables, GeoTIFFs and AUC table written by GA's R port of ArcSDM.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from assay.analyses import prospectivity as pa
from assay.cli import get_app
from assay.importers import geodata as gd
from assay.models.prospectivity import weights_of_evidence as wofe

CASES = [
    ("Dist2Breccia", "ascending", "CA"),
    ("FaultDensity", "descending", "CD"),
    ("StratNo", "categorical", "CT"),
]
BINARY = ["Dist2Breccia", "Dist2Fault", "FaultDensity", "StratNo"]


def _expected(path) -> pd.DataFrame:
    return pd.read_csv(path).drop(columns=["Unnamed: 0"])


@pytest.mark.parametrize(("name", "weight_type", "suffix"), CASES)
def test_weights_tables_match_ga_to_6_decimals(ga_dir, name, weight_type, suffix):
    """Oracle: GA's expected {name}_{suffix}.csv (every column, every class)."""
    table, info = pa.calculate_weights(
        ga_dir / "CalculateWeights" / f"{name}.tif",
        ga_dir / "CalculateWeights" / "IOCG_Deposits.shp",
        weight_type,
        unit_area_km2=1.0,
    )
    expected = _expected(ga_dir / "CalculateWeights" / f"{name}_{suffix}.csv")
    mine = table.rename(columns=wofe.ARCSDM_COLUMNS)[expected.columns]
    assert len(mine) == len(expected)
    for col in expected.columns:
        np.testing.assert_allclose(
            mine[col].to_numpy(dtype=float),
            expected[col].to_numpy(dtype=float),
            rtol=0,
            atol=5e-7,
            err_msg=col,
        )
    # README: N(T) = 3,131,133 cells x 0.01 km² = 31,311.33 unit cells; N(D) = 258 points
    assert info["total_area_units"] == pytest.approx(31311.33, abs=1e-6)
    assert info["total_points"] == 258
    assert info["distinct_cells"] == 252


@pytest.mark.parametrize("name", BINARY)
def test_binary_categorical_tables_match_ga(ga_dir, name):
    """Oracle: GA's CalculateResponse/{name}_CT.csv for the binary maps."""
    table, _ = pa.calculate_weights(
        ga_dir / "CalculateResponse" / f"{name}.tif",
        ga_dir / "CalculateResponse" / "IOCG_Deposits.shp",
        "categorical",
    )
    expected = _expected(ga_dir / "CalculateResponse" / f"{name}_CT.csv")
    mine = table.rename(columns=wofe.ARCSDM_COLUMNS)[expected.columns]
    np.testing.assert_allclose(mine.to_numpy(float), expected.to_numpy(float), rtol=0, atol=5e-7)


@pytest.fixture(scope="module")
def response(ga_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("response")
    folder = ga_dir / "CalculateResponse"
    summary, resp = pa.calculate_response(
        [folder / f"{n}.tif" for n in BINARY], folder / "IOCG_Deposits.shp", out, maps=False
    )
    return summary, resp, out


@pytest.mark.parametrize(
    ("expected_file", "output_key"),
    [
        ("PosteriorProbability.tif", "posterior"),
        ("PosteriorProbability_StdDev.tif", "std"),
        ("PosteriorProbability_Conf.tif", "confidence"),
    ],
)
def test_posterior_rasters_match_ga(ga_dir, response, expected_file, output_key):
    """Oracle: GA's expected posterior / std-dev / confidence GeoTIFFs, to 1e-6 relative."""
    summary, _, _ = response
    expected = gd.read_raster(ga_dir / "CalculateResponse" / expected_file)
    mine = gd.read_raster(summary["outputs"][output_key])
    assert mine.valid.sum() == expected.valid.sum() == 3_131_133
    rel = np.abs(mine.data.astype(float) / expected.data.astype(float) - 1.0)
    assert rel.max() < 1e-6
    # README: 16 unique values, posterior 0.000666-0.1212
    if output_key == "posterior":
        assert len(np.unique(mine.data)) == 16
        assert mine.data.min() == pytest.approx(0.000666, abs=5e-7)
        assert mine.data.max() == pytest.approx(0.1212, abs=5e-5)


def test_response_from_ga_weights_tables(ga_dir, tmp_path):
    """The response from GA's own CT tables equals GA's posterior (oracle: GA GeoTIFF)."""
    folder = ga_dir / "CalculateResponse"
    summary, resp = pa.calculate_response(
        [folder / f"{n}.tif" for n in BINARY],
        folder / "IOCG_Deposits.shp",
        tmp_path,
        weights_tables=[folder / f"{n}_CT.csv" for n in BINARY],
        maps=False,
    )
    expected = gd.read_raster(folder / "PosteriorProbability.tif")
    assert np.max(np.abs(resp.posterior / expected.data - 1)) < 1e-6
    assert summary["prior"] == pytest.approx(258 / 31311.33, rel=1e-12)


def test_conditional_independence_by_hand(response):
    """Oracle: hand computation of Agterberg & Cheng (2002): T = sum of P over unit cells
    (0.01 unit cell per 100 m cell) and s(T) over unique conditions."""
    summary, resp, _ = response
    ci = summary["conditional_independence"]
    t_by_hand = float(np.sum(resp.posterior.astype(np.float64)) * 0.01)
    assert ci["T"] == pytest.approx(t_by_hand, rel=1e-6)  # the grid is float32
    values, counts = np.unique(resp.posterior, return_counts=True)
    stds = np.array([resp.std[resp.posterior == v][0] for v in values])
    assert ci["s_T"] == pytest.approx(np.sqrt(np.sum((stds * counts * 0.01) ** 2)), rel=1e-6)
    # notes-prospectivity.md: on the GA maps T/n is about 1.5 and independence is rejected
    assert ci["ratio"] == pytest.approx(1.514, abs=0.001)
    assert ci["independent"] is False


def test_auc_matches_ga(ga_dir):
    """Oracle: GA IOCG_PostProb_AUC.csv: AUC 0.714467740807205, N = 3,131,139."""
    folder = ga_dir / "CalculateAUC"
    result = pa.calculate_auc(folder / "PosteriorProbability.tif", folder / "IOCG_Deposits.shp")
    assert result["auc"] == pytest.approx(0.714467740807205, abs=1e-12)
    assert result["n"] == 3_131_139
    assert result["presences"] == 258


def test_auc_threshold_table_matches_ga(ga_dir, tmp_path):
    """Oracle: true positives / negatives at thresholds 0, 0.01, ..., 1 in GA's AUC table."""
    folder = ga_dir / "CalculateAUC"
    result = pa.calculate_auc(
        folder / "PosteriorProbability.tif", folder / "IOCG_Deposits.shp", tmp_path
    )
    mine = pd.read_csv(result["outputs"]["thresholds"])
    expected = pd.read_csv(folder / "IOCG_PostProb_AUC.csv")
    np.testing.assert_array_equal(mine["true_positives"], expected["thresholds.true.positives"])
    np.testing.assert_array_equal(mine["true_negatives"], expected["thresholds.true.negatives"])
    np.testing.assert_allclose(mine["sensitivity"], expected["thresholds.sensitivity"], atol=1e-12)
    for key in ("roc_plot", "success_rate_plot", "prediction_area_plot"):
        assert (tmp_path / result["outputs"][key].split("/")[-1]).stat().st_size > 1000


def test_cli_weights_json_contract(ga_dir):
    """The JSON keys named in issue 10 are present; values equal GA's table (oracle)."""
    runner = CliRunner()
    folder = ga_dir / "CalculateWeights"
    res = runner.invoke(
        get_app(),
        [
            "prospect",
            "weights",
            "--evidence",
            str(folder / "FaultDensity.tif"),
            "--deposits",
            str(folder / "IOCG_Deposits.shp"),
            "--type",
            "descending",
            "--unit-area-km2",
            "1",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for key in ("unit_area_km2", "total_area_units", "total_points", "rows"):
        assert key in data
    row = data["rows"][0]
    for key in (
        "class",
        "area_units",
        "points",
        "w_plus",
        "s_w_plus",
        "w_minus",
        "s_w_minus",
        "contrast",
        "s_contrast",
        "studentized_contrast",
    ):
        assert key in row
    expected = _expected(folder / "FaultDensity_CD.csv")
    assert row["class"] == 10
    assert row["w_plus"] == pytest.approx(expected["WPLUS"][0], abs=1e-9)
    assert data["total_points"] == 258


def test_cli_response_and_auc_json(ga_dir, tmp_path):
    """End to end through the CLI: the response's posterior gives GA's AUC (oracle 0.71447)."""
    runner = CliRunner()
    folder = ga_dir / "CalculateResponse"
    args = ["prospect", "response"]
    for n in BINARY:
        args += ["--evidence", str(folder / f"{n}.tif")]
    args += ["--deposits", str(folder / "IOCG_Deposits.shp"), "--out", str(tmp_path), "--json"]
    res = runner.invoke(get_app(), args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["prior"] == pytest.approx(258 / 31311.33, rel=1e-12)
    assert set(data["outputs"]) >= {"posterior", "std", "confidence", "map", "deposits"}
    import geopandas as gpd

    dep = gpd.read_file(data["outputs"]["deposits"])
    assert len(dep) == 258 and dep["posterior"].between(0.000666, 0.1213).all()
    res = runner.invoke(
        get_app(),
        [
            "prospect",
            "auc",
            "--surface",
            data["outputs"]["posterior"],
            "--deposits",
            str(folder / "IOCG_Deposits.shp"),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["auc"] == pytest.approx(0.71447, abs=5e-6)


def test_generalize_at_max_studentized_contrast(ga_dir):
    """Dist2Breccia ascending cut at the maximum studentized contrast: rows up to the cut get
    that row's W+, the rest its W− (oracle: the same row of GA's expected table)."""
    folder = ga_dir / "CalculateWeights"
    table, _ = pa.calculate_weights(
        folder / "Dist2Breccia.tif", folder / "IOCG_Deposits.shp", "ascending"
    )
    gen = pa.generalize_table(table, "max_studentized_contrast")
    expected = _expected(folder / "Dist2Breccia_CA.csv")
    cut = int(np.argmax(expected["STUDC"].to_numpy()))
    assert gen["weight"].iloc[0] == pytest.approx(expected["WPLUS"].iloc[cut], abs=1e-12)
    assert gen["weight"].iloc[-1] == pytest.approx(expected["WMINUS"].iloc[cut], abs=1e-12)
    assert (gen["gen_class"].iloc[: cut + 1] == 2).all()
    assert (gen["gen_class"].iloc[cut + 1 :] == 1).all()
    # 5 km cut-off (GA's binary map): the present class carries W+ of class 5000 m
    five = pa.generalize_table(table, "class:5000")
    row = expected.set_index("CLASS").loc[5000]
    assert five["weight"].iloc[0] == pytest.approx(row["WPLUS"], abs=1e-12)
    # ... which is the weight of the present class of GA's binary 5 km map (CT table)
    binary = _expected(ga_dir / "CalculateResponse" / "Dist2Breccia_CT.csv").set_index("CLASS")
    assert five["weight"].iloc[0] == pytest.approx(binary.loc[2, "WEIGHT"], abs=1e-9)
    assert five["weight"].iloc[-1] == pytest.approx(binary.loc[1, "WEIGHT"], abs=1e-9)
    with pytest.raises(pa.ProspectivityError, match="categorical"):
        pa.generalize_table(table, "reduced")


def test_generalised_multiclass_layer_equals_binary_map(ga_dir, tmp_path):
    """Oracle: GA's binary Dist2Breccia map is the 5 km cut of the multi-class map, so the
    response from the multi-class map with a table generalised at class 5000 equals the
    response from the binary map (both with GA's binary StratNo)."""
    cw, cr = ga_dir / "CalculateWeights", ga_dir / "CalculateResponse"
    table, _ = pa.calculate_weights(cw / "Dist2Breccia.tif", cw / "IOCG_Deposits.shp", "ascending")
    gen_csv = pa.write_weights_csv(pa.generalize_table(table, "class:5000"), tmp_path / "g.csv")
    _, multi = pa.calculate_response(
        [cw / "Dist2Breccia.tif", cr / "StratNo.tif"],
        cr / "IOCG_Deposits.shp",
        tmp_path / "a",
        weights_tables=[gen_csv, cr / "StratNo_CT.csv"],
        maps=False,
    )
    _, binary = pa.calculate_response(
        [cr / "Dist2Breccia.tif", cr / "StratNo.tif"],
        cr / "IOCG_Deposits.shp",
        tmp_path / "b",
        maps=False,
    )
    np.testing.assert_allclose(multi.posterior, binary.posterior, rtol=1e-6)
