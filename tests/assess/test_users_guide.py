"""End-to-end check against the numbers printed in the MapMark4 User's Guide.

Oracle: Ellefsen, K.J., 2017, User's guide for MapMark4 (USGS Techniques and Methods 7-C14;
vignette ``Users-Guide.Rmd`` of USGS-R/MapMark4): ExampleGatm with ExampleDepEst1, normal
untruncated pdfs, seed 7, 20 000 simulations. The Guide prints 2-3 significant digits; our
random streams differ from R's, so Monte Carlo quantities are compared within the printed
rounding plus Monte Carlo error (100 000 draws here, fixed seed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assay.analyses.assessment import assess_tract
from assay.importers.mapmark4 import TractSpec

# summary(oTotalTonPdf) in the Guide: Q_0.05 ... Q_0.95, Mean, P(0), P(>Mean)
PUBLISHED_TOTALS = {
    "Ore": ([4.1e8, 8.2e8, 2.0e9, 4.3e9, 8.0e9, 1.3e10, 1.7e10], 6.0e9, 0.0080, 0.36),
    "Cu": ([1.8e6, 3.7e6, 9.5e6, 2.1e7, 4.0e7, 6.6e7, 9.0e7], 3.1e7, 0.0080, 0.36),
    "Au": ([1.5e2, 3.1e2, 8.0e2, 1.8e3, 3.4e3, 5.8e3, 7.8e3], 2.6e3, 0.0080, 0.35),
}
# "Mean vectors ... Formula" in the Guide
PUBLISHED_FORMULA_MEAN = {"Ore": 6.06e9, "Cu": 3.07e7, "Au": 2.64e3}


@pytest.fixture(scope="module")
def guide(mm4: Path):
    spec = TractSpec(
        name="PT001",
        gatm=mm4 / "ExampleGatm.csv",
        estimates=mm4 / "ExampleDepEst1.csv",
        draws=100_000,
        seed=7,
    )
    return assess_tract(spec, keep_deposits=False)


def test_totals_match_published_summary(guide) -> None:
    """Quantiles within 7 % (2-digit rounding, up to 2.5 %, plus Monte Carlo error of the
    Guide's 20 000 draws), means within 5 %, P(0) within 0.002, P(>Mean) within 0.015."""
    totals = guide.totals.to_dict()
    for material, (quantiles, mean, p_zero, p_exceed) in PUBLISHED_TOTALS.items():
        ours = totals[material]
        np.testing.assert_allclose(list(ours["quantiles"].values()), quantiles, rtol=0.07)
        assert ours["mean"] == pytest.approx(mean, rel=0.05)
        assert ours["p_zero"] == pytest.approx(p_zero, abs=0.002)
        assert ours["p_exceed_mean"] == pytest.approx(p_exceed, abs=0.015)


def test_analytic_means_match_published_formula(guide) -> None:
    """The compound-sum means agree with the Guide's "Formula" column within 2 % (both use
    1e6-draw reference samples of the pdfs)."""
    for material, value in PUBLISHED_FORMULA_MEAN.items():
        i = guide.totals.materials.index(material)
        assert guide.totals.analytic_mean[i] == pytest.approx(value, rel=0.02)


def test_grade_and_tonnage_data_statistics(guide) -> None:
    """Deterministic data statistics printed by summary(oGradePdf) and summary(oTonPdf):
    variation matrix Cu-Au 0.510, Cu-gangue 0.278, Au-gangue 0.301; compositional means
    Cu 0.443 %, Au 3.76e-05 %; ln(tonnage) minimum 15.1, maximum 22.2, sd 1.49."""
    vm = guide.grade_pdf.variation_matrix()
    assert vm.loc["Cu", "Au"] == pytest.approx(0.510, abs=5e-4)
    assert vm.loc["Cu", "gangue"] == pytest.approx(0.278, abs=5e-4)
    assert vm.loc["Au", "gangue"] == pytest.approx(0.301, abs=5e-4)
    summary = guide.grade_pdf.summary()["compositional mean [%]"]
    assert summary["Cu (data)"] == pytest.approx(0.443, abs=5e-4)
    assert summary["Au (data)"] == pytest.approx(3.76e-05, abs=5e-8)
    tonnage = guide.tonnage_pdf.summary()["data ln(t)"]
    assert tonnage["Minimum"] == pytest.approx(15.1, abs=0.05)
    assert tonnage["Maximum"] == pytest.approx(22.2, abs=0.05)
    assert tonnage["Sd"] == pytest.approx(1.49, abs=0.005)


def test_pmf_summary_printed_in_guide(guide) -> None:
    """summary(oPmf): mean 10.6613, variance 43.0923, sd 6.56447, mode 7, 0..42, entropy
    3.19684."""
    pmf = guide.pmf
    assert pmf.sd == pytest.approx(6.56447, abs=5e-6)
    assert pmf.entropy == pytest.approx(3.19684, abs=5e-6)
    assert (pmf.mode, int(pmf.n_deposits.min()), int(pmf.n_deposits.max())) == (7, 0, 42)
