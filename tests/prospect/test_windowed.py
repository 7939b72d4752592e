"""Windowed (strip-by-strip) processing gives the same results as the in-memory path, and
hence GA's expected outputs (oracle: GA MPM-WofE TESTDATA)."""

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

BINARY = ["Dist2Breccia", "Dist2Fault", "FaultDensity", "StratNo"]


def test_windowed_weights_equal_ga(ga_dir):
    folder = ga_dir / "CalculateWeights"
    table, info = pa.calculate_weights_windowed(
        folder / "FaultDensity.tif",
        folder / "IOCG_Deposits.shp",
        "descending",
        rows_per_window=333,
    )
    expected = pd.read_csv(folder / "FaultDensity_CD.csv").drop(columns=["Unnamed: 0"])
    mine = table.rename(columns=wofe.ARCSDM_COLUMNS)[expected.columns]
    np.testing.assert_allclose(mine.to_numpy(float), expected.to_numpy(float), atol=5e-7)
    assert info["total_points"] == 258


def test_windowed_response_equals_ga(ga_dir, tmp_path):
    folder = ga_dir / "CalculateResponse"
    summary = pa.calculate_response_windowed(
        [folder / f"{n}.tif" for n in BINARY],
        folder / "IOCG_Deposits.shp",
        tmp_path,
        rows_per_window=400,
    )
    for key, name in [
        ("posterior", "PosteriorProbability.tif"),
        ("std", "PosteriorProbability_StdDev.tif"),
        ("confidence", "PosteriorProbability_Conf.tif"),
    ]:
        mine = gd.read_raster(summary["outputs"][key])
        expected = gd.read_raster(folder / name)
        assert np.max(np.abs(mine.data / expected.data - 1)) < 1e-6
    assert summary["conditional_independence"]["ratio"] == pytest.approx(1.514, abs=1e-3)


def test_windowed_auc_cli_equals_ga(ga_dir):
    folder = ga_dir / "CalculateAUC"
    res = CliRunner().invoke(
        get_app(),
        [
            "prospect",
            "auc",
            "--surface",
            str(folder / "PosteriorProbability.tif"),
            "--deposits",
            str(folder / "IOCG_Deposits.shp"),
            "--window-rows",
            "200",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["auc"] == pytest.approx(0.714467740807205, abs=1e-12)
    assert data["n"] == 3_131_139
