"""Deposit-density models (Singer and Menzie, 2010; Mosier and others, 2007).

Oracle for the coefficients: the published control tracts. ``data/deposit_density_control_
tracts.csv`` holds the control tracts' areas and deposit counts as tabulated by GTK's
MapWizard deposit density tool (gtkfi/MapWizard, scripts/Indata*.csv; secondary, from
Singer and Menzie 2010 and Mosier and others 2007). Refitting log10 N = a + b log10(area)
by least squares must reproduce the published a, b, s(y|x), mean and variance of log10 area.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from assay.analyses.assessment import density_check, density_models
from assay.cli import get_app
from assay.models.assessment.density import elicitation_check, undiscovered_deposits

TRACTS = Path(__file__).parent / "data" / "deposit_density_control_tracts.csv"


@pytest.mark.parametrize(
    ("model", "rtol_syx"),
    [("podiform_cr", 0.03), ("vms", 0.01), ("porphyry_cu", 0.01)],
)
def test_refit_reproduces_published_coefficients(model: str, rtol_syx: float) -> None:
    """a and b to 0.001 (the published rounding), s(y|x) to 1-3 %, n, mean and variance of
    log10 area to the published digits; for three deposit types."""
    tracts = pd.read_csv(TRACTS).query("model == @model")
    x = np.log10(tracts["area_km2"].to_numpy(float))
    y = np.log10(tracts["deposits"].to_numpy(float))
    b, a = np.polyfit(x, y, 1)
    residual = y - (a + b * x)
    syx = math.sqrt(residual @ residual / (len(x) - 2))
    published = density_models()[model]
    assert len(x) == published.n_tracts
    assert a == pytest.approx(published.a, abs=1.5e-3)
    assert b == pytest.approx(published.b, abs=1.5e-3)
    assert syx == pytest.approx(published.syx, rel=rtol_syx)
    assert x.mean() == pytest.approx(published.mean_log_area, abs=1e-3)
    assert x.var(ddof=1) == pytest.approx(published.var_log_area, abs=1e-3)


def test_prediction_limits_by_hand() -> None:
    """Oracle: the formula evaluated by hand for porphyry copper at 50 000 km2:
    log10 N50 = -1.041858 + 0.430677 log10(50000); half-width 1.309 * 0.2444 *
    sqrt(1 + 1/33 + (log10(50000) - 4.6305)^2 / (32 * 0.2912))."""
    model = density_models()["porphyry_cu"]
    out = undiscovered_deposits(model, 50_000)
    x = math.log10(50_000)
    log_n50 = -1.041858 + 0.430677 * x
    half = 1.309 * 0.2444 * math.sqrt(1 + 1 / 33 + (x - 4.6305) ** 2 / (32 * 0.2912))
    assert out["total"]["n50"] == pytest.approx(10**log_n50, rel=1e-12)
    assert out["total"]["n10"] == pytest.approx(10 ** (log_n50 + half), rel=1e-12)
    assert out["total"]["n90"] == pytest.approx(10 ** (log_n50 - half), rel=1e-12)
    sigma = half / 1.309
    assert out["total"]["mean"] == pytest.approx(
        10**log_n50 * math.exp((math.log(10) * sigma) ** 2 / 2), rel=1e-12
    )
    # about 10 porphyry copper deposits in 50 000 km2 (the control tracts' density)
    assert 8 < out["total"]["n50"] < 14


def test_known_deposits_are_removed_from_the_mean() -> None:
    model = density_models()["vms"]
    total = undiscovered_deposits(model, 1000)["total"]
    out = undiscovered_deposits(model, 1000, known=2)
    assert out["undiscovered"]["mean"] == pytest.approx(total["mean"] - 2, rel=1e-12)
    assert undiscovered_deposits(model, 1000, known=1000)["undiscovered"] is None


def test_general_model_needs_median_tonnage() -> None:
    model = density_models()["general"]
    with pytest.raises(ValueError, match="median deposit tonnage"):
        undiscovered_deposits(model, 3228)
    out = undiscovered_deposits(model, 3228, median_tonnage_mt=0.5)
    expected = 10 ** (-0.77 + 0.491 * math.log10(3228) - 0.227 * math.log10(0.5))
    assert out["total"]["n50"] == pytest.approx(expected, rel=1e-12)


def test_elicitation_check_flags() -> None:
    """Consistent estimates raise no flag; far too many or out of order are flagged."""
    model = density_models()["porphyry_cu"]
    density = undiscovered_deposits(model, 50_000, known=3)
    und = density["undiscovered"]
    fine = {"N90": round(und["n90"]), "N50": round(und["n50"]), "N10": round(und["n10"])}
    assert elicitation_check(fine, density) == []
    checks = {f["check"] for f in elicitation_check({"N90": 60, "N50": 80, "N10": 120}, density)}
    assert {"median_outside_model", "ranges_disjoint", "total_above_model"} <= checks
    order = elicitation_check({"N90": 5, "N50": 3, "N10": 8}, density)
    assert order[0]["check"] == "order" and order[0]["level"] == "error"
    crowded = undiscovered_deposits(model, 2_000, known=40)
    assert {f["check"] for f in elicitation_check(fine, crowded)} >= {"known_above_model"}


def test_cli_deposit_density() -> None:
    runner = CliRunner()
    result = runner.invoke(
        get_app(),
        ["deposit-density", "porphyry_cu", "--area", "50000", "--known", "3",
         "--n90", "2", "--n50", "6", "--n10", "15", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    out = json.loads(result.stdout)
    assert out["model"] == "porphyry_cu" and out["flags"] == []
    assert out == density_check(
        "porphyry_cu", 50_000, known=3, estimates={"N90": 2, "N50": 6, "N10": 15}
    ) | {"manifest": out["manifest"]}
    table = runner.invoke(get_app(), ["deposit-density", "porphyry_cu", "--area", "50000"])
    assert table.exit_code == 0 and "N50" in table.stdout
    bad = runner.invoke(get_app(), ["deposit-density", "nonesuch", "--area", "5"])
    assert bad.exit_code == 2 and "unknown deposit-density model" in bad.output
