"""Tonnage and grade pdfs: normal, kernel, truncated, joint, ilr."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special

from assay.models.assessment.grade import (
    GradePdf,
    JointTonnageGradePdf,
    kernel_functional,
    normal_scale_bandwidth,
    plugin_bandwidth,
)
from assay.models.assessment.ilr import ilr, ilr_basis, ilr_inverse
from assay.models.assessment.tonnage import TonnagePdf, bw_nrd0, deviance

N_REF = 100_000


def test_bw_nrd0_by_hand() -> None:
    """Oracle: Silverman's rule by hand for x = 1..10: sd = sqrt(55/6) = 3.0277 is below
    IQR/1.34 = 4.5/1.34 = 3.3582, so bw = 0.9 sqrt(55/6) 10^-0.2 = 1.719286."""
    assert bw_nrd0(np.arange(1, 11)) == pytest.approx(0.9 * np.sqrt(55 / 6) * 10**-0.2)
    assert bw_nrd0(np.arange(1, 11)) == pytest.approx(1.719286, abs=1e-6)


def test_ilr_basis_and_coordinates() -> None:
    """Oracle: the Helmert basis of compositions::ilrBase(3): z1 = ln(x2/x1)/sqrt(2),
    z2 = ln(x3^2/(x1 x2))/sqrt(6); the basis is orthonormal and orthogonal to 1."""
    x = np.array([[0.1, 0.3, 0.6]])
    z = ilr(x)
    assert z[0, 0] == pytest.approx(np.log(3) / np.sqrt(2))
    assert z[0, 1] == pytest.approx(np.log(0.36 / 0.03) / np.sqrt(6))
    v = ilr_basis(5)
    np.testing.assert_allclose(v.T @ v, np.eye(4), atol=1e-12)
    np.testing.assert_allclose(v.sum(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(ilr_inverse(z), x, atol=1e-12)


def test_tonnage_normal_moments(example_gatm: pd.DataFrame) -> None:
    """Oracle: the normal pdf's draws of ln(t) have the data's mean and sd (MC, seed 1,
    2e5 draws, tolerance 4 standard errors)."""
    pdf = TonnagePdf(example_gatm["Ore"].to_numpy(), reference_draws=N_REF)
    draws = pdf.sample_log(np.random.default_rng(1), 200_000)
    se = pdf.log_sd / np.sqrt(len(draws))
    assert abs(draws.mean() - pdf.log_mean) < 4 * se
    assert draws.std() == pytest.approx(pdf.log_sd, rel=0.01)


def test_tonnage_kde_variance(example_gatm: pd.DataFrame) -> None:
    """Oracle: a Gaussian KDE's variance is the data's (1/n) variance plus bw^2 (analytic),
    with bw from bw.nrd0; MC tolerance 2 % at 2e5 draws, seed 2."""
    logs = np.log(example_gatm["Ore"].to_numpy())
    pdf = TonnagePdf(np.exp(logs), pdf_type="kde", reference_draws=N_REF)
    draws = pdf.sample_log(np.random.default_rng(2), 200_000)
    expected = logs.var() + bw_nrd0(logs) ** 2
    assert draws.var() == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize("pdf_type", ["normal", "kde"])
def test_tonnage_truncation(example_gatm: pd.DataFrame, pdf_type: str) -> None:
    """Oracle: definition; truncated draws stay in [min, max] of the data and keep n."""
    t = example_gatm["Ore"].to_numpy()
    pdf = TonnagePdf(t, pdf_type=pdf_type, truncated=True, reference_draws=N_REF)
    draws = pdf.sample(np.random.default_rng(3), 50_000)
    assert len(draws) == 50_000
    assert draws.min() >= t.min() * (1 - 1e-12) and draws.max() <= t.max() * (1 + 1e-12)


def test_deviance_by_hand() -> None:
    """Oracle: MapMark4 CalcDeviance worked by hand. Breaks 0, 1/29, ..., 1 over [0, 1];
    pdf samples 0, 1 fall in the first and last bins (density 0.5/(1/29) = 14.5 each); data
    0 and 1 count once each, so deviance = -2 (14.5 + 14.5) = -58."""
    assert deviance(np.array([0.0, 1.0]), np.array([0.0, 1.0])) == pytest.approx(-58.0)


def test_tonnage_rejects_small_or_bad_models() -> None:
    """MapMark4 needs at least 20 deposits and positive tonnages."""
    with pytest.raises(ValueError, match="at least 20"):
        TonnagePdf(np.ones(19))
    with pytest.raises(ValueError, match="> 0"):
        TonnagePdf(np.r_[np.ones(25), -1.0])


def test_grade_normal_ilr_moments(example_gatm: pd.DataFrame) -> None:
    """Oracle: draws of the normal grade pdf have the data's ilr mean and covariance (MC,
    seed 4, 2e5 draws; mean within 4 s.e., covariance within 3 % or 0.002, about 5 s.e. of
    an entry)."""
    g = example_gatm[["Cu", "Au"]].to_numpy()
    pdf = GradePdf(g, ["Cu", "Au"], reference_draws=N_REF)
    z = ilr(pdf.sample(np.random.default_rng(4), 200_000))
    se = np.sqrt(np.diag(pdf.ilr_cov) / len(z))
    assert np.all(np.abs(z.mean(axis=0) - pdf.ilr_mean) < 4 * se)
    np.testing.assert_allclose(np.cov(z, rowvar=False), pdf.ilr_cov, rtol=0.03, atol=0.002)


def test_grade_kde_covariance(example_gatm: pd.DataFrame) -> None:
    """Oracle: a Gaussian KDE with bandwidth matrix H has covariance (n-1)/n S + H
    (analytic); H is the plug-in matrix (MC, seed 5, 2e5 draws)."""
    g = example_gatm[["Cu", "Au"]].to_numpy()
    pdf = GradePdf(g, ["Cu", "Au"], pdf_type="kde", reference_draws=N_REF)
    z = ilr(pdf.sample(np.random.default_rng(5), 200_000))
    n = len(g)
    s = np.cov(pdf.coords, rowvar=False)
    h = pdf.bandwidth_matrix
    np.testing.assert_allclose(h, plugin_bandwidth(pdf.coords))
    np.testing.assert_allclose(np.cov(z, rowvar=False), (n - 1) / n * s + h, rtol=0.03, atol=0.002)


def _wand_jones_dpi(x: np.ndarray) -> float:
    """Independent oracle: the two-stage direct plug-in bandwidth of Wand and Jones (1995,
    Kernel Smoothing, section 3.6.1; unbinned KernSmooth::dpik): psi_8 normal scale,
    g6 = (2 K6(0) / (-psi_8 n))^(1/9), g4 = (2 K4(0) / (-psi_6 n))^(1/7),
    h = (R(K) / (psi_4 n))^(1/5) with K the standard normal."""
    n = len(x)
    sd = x.std(ddof=1)
    phi0 = 1 / np.sqrt(2 * np.pi)

    def psi_hat(order: int, g: float) -> float:
        u = (x[:, None] - x[None, :]) / g
        he = special.eval_hermitenorm(order, u)
        return float(np.sum(he * np.exp(-u * u / 2)) * phi0 / (n**2 * g ** (order + 1)))

    psi8 = 105 / (32 * np.sqrt(np.pi) * sd**9)
    g6 = (2 * (-15 * phi0) / (-psi8 * n)) ** (1 / 9)
    psi6 = psi_hat(6, g6)
    g4 = (2 * (3 * phi0) / (-psi6 * n)) ** (1 / 7)
    psi4 = psi_hat(4, g4)
    return (1 / (2 * np.sqrt(np.pi) * psi4 * n)) ** (1 / 5)


def test_plugin_bandwidth_one_dimension_is_wand_jones_dpi(example_gatm: pd.DataFrame) -> None:
    """In one dimension the SAMSE pilots reduce to the AMSE pilots, so the plug-in is the
    Wand-Jones two-stage direct plug-in (oracle above), to 1e-6."""
    x = np.log(example_gatm["Ore"].to_numpy())
    h = plugin_bandwidth(x[:, None])
    assert np.sqrt(h[0, 0]) == pytest.approx(_wand_jones_dpi(x), rel=1e-6)


def test_plugin_bandwidth_normal_data_near_normal_scale() -> None:
    """Oracle: for normal data the AMISE-optimal matrix is the normal-scale one (Wand and
    Jones, 1995, eq. 4.15), which the plug-in estimates: within 15 % at n = 1500 (seed 3)."""
    rng = np.random.default_rng(3)
    x = rng.multivariate_normal([0, 0], [[1.0, 0.6], [0.6, 2.0]], 1500)
    np.testing.assert_allclose(plugin_bandwidth(x), normal_scale_bandwidth(x), rtol=0.15)


def test_kernel_functional_against_normal_value() -> None:
    """Oracle: for N(0, I) data psi_(4,0) = 3 / (16 pi) and psi_(2,2) = 1 / (16 pi)
    (D^r of the N(0, 2I) density at 0); kernel estimates within 10 % at n = 1500."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1500, 2))
    assert kernel_functional(x, 0.5, (4, 0)) == pytest.approx(3 / (16 * np.pi), rel=0.1)
    assert kernel_functional(x, 0.5, (2, 2)) == pytest.approx(1 / (16 * np.pi), rel=0.1)


@pytest.mark.parametrize("pdf_type", ["normal", "kde"])
def test_grade_truncation_within_data_range(example_gatm: pd.DataFrame, pdf_type: str) -> None:
    """Oracle: definition (MapMark4 GradePdf): every part, gangue included, within the data
    range; parts sum to 1."""
    g = example_gatm[["Cu", "Au"]].to_numpy()
    pdf = GradePdf(g, ["Cu", "Au"], pdf_type=pdf_type, truncated=True, reference_draws=N_REF)
    parts = pdf.sample(np.random.default_rng(6), 30_000)
    assert parts.shape == (30_000, 3)
    np.testing.assert_allclose(parts.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(parts >= pdf.parts.min(axis=0) - 1e-15)
    assert np.all(parts <= pdf.parts.max(axis=0) + 1e-15)


def test_grade_summary_and_variation_matrix(example_gatm: pd.DataFrame) -> None:
    """Oracle: variation matrix entries var(ln(x_i/x_j)) computed directly; zero diagonal."""
    g = example_gatm[["Cu", "Au"]].to_numpy()
    pdf = GradePdf(g, ["Cu", "Au"], reference_draws=20_000)
    vm = pdf.variation_matrix()
    cu, au = g[:, 0] / 100, g[:, 1] / 100
    assert vm.loc["Cu", "Au"] == pytest.approx(np.var(np.log(cu / au), ddof=1))
    assert np.allclose(np.diag(vm), 0)
    summary = pdf.summary()
    assert "compositional mean [%]" in summary.columns
    assert {"Cu (data)", "gangue (pdf)"} <= set(summary.index)


def test_grade_input_checks() -> None:
    """Grades must be > 0 and sum to < 100 %."""
    good = np.full((25, 2), 1.0)
    with pytest.raises(ValueError, match="> 0"):
        GradePdf(np.vstack([good, [0.0, 1.0]]), ["a", "b"])
    with pytest.raises(ValueError, match="< 100"):
        GradePdf(np.vstack([good, [60.0, 40.0]]), ["a", "b"])


@pytest.mark.parametrize("truncated", [False, True])
def test_joint_pdf_keeps_tonnage_grade_correlation(
    example_gatm: pd.DataFrame, truncated: bool
) -> None:
    """Oracle: the joint normal pdf on (ln t, ilr) reproduces the data's correlations (MC,
    seed 8, 1e5 draws, tolerance 0.03); truncated draws lie in the data's convex hull."""
    t = example_gatm["Ore"].to_numpy()
    g = example_gatm[["Cu", "Au"]].to_numpy()
    pdf = JointTonnageGradePdf(t, g, ["Cu", "Au"], truncated=truncated, reference_draws=N_REF)
    tonnage, parts = pdf.sample(np.random.default_rng(8), 100_000)
    points = np.column_stack([np.log(tonnage), ilr(parts)])
    data_corr = np.corrcoef(pdf.data, rowvar=False)
    if not truncated:
        np.testing.assert_allclose(np.corrcoef(points, rowvar=False), data_corr, atol=0.03)
    else:
        assert pdf._inside(points).all()
        assert np.log(tonnage).min() >= np.log(t).min() - 1e-9
    assert np.sign(np.corrcoef(points, rowvar=False)[0, 1]) == np.sign(data_corr[0, 1])
    assert set(pdf.summary().index) == {"ln(tonnage)", "ilr1", "ilr2"}


def test_plots_are_figures(example_gatm: pd.DataFrame) -> None:
    import matplotlib

    matplotlib.use("Agg")
    t = example_gatm["Ore"].to_numpy()
    g = example_gatm[["Cu", "Au"]].to_numpy()
    assert TonnagePdf(t, reference_draws=5000).plot().axes
    assert GradePdf(g, ["Cu", "Au"], reference_draws=5000).plot().axes
    assert JointTonnageGradePdf(t, g, ["Cu", "Au"], reference_draws=5000).plot().axes
