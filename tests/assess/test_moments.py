"""Exact moments of one deposit's contained material (the analytic compound-sum check)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assay.models.assessment import moments
from assay.models.assessment.grade import GradePdf, JointTonnageGradePdf
from assay.models.assessment.simulation import IndependentDeposits, JointDeposits
from assay.models.assessment.tonnage import TonnagePdf


def test_lognormal_moments_closed_form() -> None:
    """Oracle: lognormal moments E[T] = exp(m + s^2/2), E[T^2] = exp(2m + 2s^2) (analytic)."""
    m1, m2 = moments.lognormal_mixture_moments(np.array([16.0]), 1.5)
    assert m1 == pytest.approx(math.exp(16 + 1.125), rel=1e-14)
    assert m2 == pytest.approx(math.exp(32 + 4.5), rel=1e-14)


def test_truncated_lognormal_against_quadrature() -> None:
    """Oracle: the truncated moment by direct numerical integration of the normal density
    (composite Simpson rule, 20 001 points) for a two-component mixture."""
    centres, sd, low, high = np.array([15.0, 17.0]), 0.8, 14.5, 17.5
    x = np.linspace(low, high, 20_001)
    dens = sum(np.exp(-0.5 * ((x - c) / sd) ** 2) for c in centres)

    def simpson(y: np.ndarray) -> float:
        h = x[1] - x[0]
        return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))

    expected1 = simpson(np.exp(x) * dens) / simpson(dens)
    expected2 = simpson(np.exp(2 * x) * dens) / simpson(dens)
    m1, m2 = moments.lognormal_mixture_moments(centres, sd, low, high)
    assert m1 == pytest.approx(expected1, rel=1e-9)
    assert m2 == pytest.approx(expected2, rel=1e-9)


def test_gauss_hermite_rule_integrates_gaussian_moments() -> None:
    """Oracle: E[e^(a.z)] = exp(a^T S a / 2) for z ~ N(0, S) (analytic moment generating
    function), in two dimensions."""
    cov = np.array([[1.0, 0.4], [0.4, 0.5]])
    a = np.array([0.7, -1.2])
    got = moments.gaussian_mixture_expectation(
        np.zeros((1, 2)), cov, lambda z: np.exp(z @ a)[:, None]
    )
    assert got[0] == pytest.approx(math.exp(0.5 * a @ cov @ a), rel=1e-12)


def _guide_grades(example_gatm: pd.DataFrame, pdf_type: str) -> GradePdf:
    return GradePdf(example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"], pdf_type=pdf_type)


@pytest.mark.parametrize("pdf_type", ["normal", "kde"])
def test_grade_moments_converged(example_gatm: pd.DataFrame, pdf_type: str) -> None:
    """The default rule agrees with a rule of twice the nodes to 1e-9 (quadrature error)."""
    g = _guide_grades(example_gatm, pdf_type)
    centres, cov = (
        (g.ilr_mean[None, :], g.ilr_cov) if pdf_type == "normal" else (g.coords, g.bandwidth_matrix)
    )
    q1, q2 = moments.grade_moments(centres, cov)
    r1, r2 = moments.grade_moments(centres, cov, nodes=128)
    np.testing.assert_allclose(q1, r1, rtol=1e-9)
    np.testing.assert_allclose(q2, r2, rtol=1e-9)


@pytest.mark.parametrize("pdf_type", ["normal", "kde"])
def test_independent_moments_agree_with_a_large_sample(
    example_gatm: pd.DataFrame, pdf_type: str
) -> None:
    """Oracle: Monte Carlo, 4e6 deposits (seed 3); mean within 4 standard errors."""
    model = IndependentDeposits(
        TonnagePdf(example_gatm["Ore"].to_numpy(), pdf_type=pdf_type),
        _guide_grades(example_gatm, pdf_type),
    )
    mean, cov, method = model.deposit_moments()
    assert method == moments.EXACT
    rng = np.random.default_rng(3)
    t, parts = model.sample_deposits(rng, 4_000_000)
    x = np.column_stack([t, t[:, None] * parts[:, :-1]])
    se = x.std(axis=0) / np.sqrt(len(x))
    assert np.all(np.abs(x.mean(axis=0) - mean) < 4 * se)
    assert np.all(np.diag(cov) > 0)


def test_joint_moments_agree_with_a_large_sample(example_gatm: pd.DataFrame) -> None:
    """Oracle: Monte Carlo of the joint normal pdf, 4e6 deposits (seed 4); 4 standard errors."""
    pdf = JointTonnageGradePdf(
        example_gatm["Ore"].to_numpy(), example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"]
    )
    model = JointDeposits(pdf)
    mean, _, method = model.deposit_moments()
    assert method == moments.EXACT
    t, parts = pdf.sample(np.random.default_rng(4), 4_000_000)
    x = np.column_stack([t, t[:, None] * parts[:, :-1]])
    se = x.std(axis=0) / np.sqrt(len(x))
    assert np.all(np.abs(x.mean(axis=0) - mean) < 4 * se)


def test_truncated_grades_fall_back_to_the_reference_sample(example_gatm: pd.DataFrame) -> None:
    g = GradePdf(
        example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"], truncated=True, reference_draws=50_000
    )
    model = IndependentDeposits(TonnagePdf(example_gatm["Ore"].to_numpy()), g)
    assert model.deposit_moments()[2] == moments.SAMPLE


@pytest.mark.parametrize("m", [1, 2, 5, 16, 64, 128])
def test_gauss_hermite_nodes_equal_numpy_hermegauss(m: int) -> None:
    """Oracle: numpy's ``hermegauss`` (weights / sqrt(2 pi)): nodes within 1e-14 absolute,
    weights within 1e-12 relative."""
    from numpy.polynomial.hermite_e import hermegauss

    x, w = moments.gauss_hermite_nodes(m)
    expected_x, expected_w = hermegauss(m)
    np.testing.assert_allclose(x, expected_x, rtol=0, atol=1e-14)
    np.testing.assert_allclose(w, expected_w / math.sqrt(2 * math.pi), rtol=1e-12)
