"""Streaming totals: the same draws as the in-memory run, statistics without keeping them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assay.models.assessment import simulation as simulation_module
from assay.models.assessment.grade import GradePdf
from assay.models.assessment.pmf import custom_pmf, negbinomial_pmf
from assay.models.assessment.simulation import IndependentDeposits, simulate
from assay.models.assessment.streaming import quantile_from_order_statistics, quantile_positions
from assay.models.assessment.tonnage import TonnagePdf
from assay.models.assessment.totals import contained_totals, streamed_totals


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of about 2000 deposits, so that a few hundred thousand draws span many chunks."""
    monkeypatch.setattr(simulation_module, "DEPOSITS_PER_CHUNK", 2000)


@pytest.fixture(scope="module")
def guide(example_gatm: pd.DataFrame, example_estimates1: pd.DataFrame):
    pmf = negbinomial_pmf(example_estimates1)
    model = IndependentDeposits(
        TonnagePdf(example_gatm["Ore"].to_numpy(), reference_draws=20_000),
        GradePdf(example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"], reference_draws=20_000),
    )
    return pmf, model


def test_lerp_matches_numpy_quantile() -> None:
    """Oracle: numpy.quantile (method linear) on random data, bit for bit."""
    rng = np.random.default_rng(1)
    levels = np.array([0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1.0])
    for n in (1, 2, 7, 1000, 20_001):
        x = np.sort(rng.lognormal(size=n))
        lo, hi, t = quantile_positions(n, levels)
        got = quantile_from_order_statistics(x[lo], x[hi], t)
        np.testing.assert_array_equal(got, np.quantile(x, levels))


@pytest.mark.parametrize(
    ("workers", "pilot_se", "passes", "budget"),
    [(1, 5.0, 1, 10**9), (2, 5.0, 1, 10**9), (2, 0.0, 2, 10**9), (1, 5.0, 2, 1000)],
)
def test_streamed_equals_in_memory(
    guide,
    small_chunks,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    pilot_se: float,
    passes: int,
    budget: int,
) -> None:
    """Oracle: the in-memory totals of the same seed. Quantiles, P(0) identical; means,
    sds and correlations to rounding (sums merged per chunk, Chan and others, 1983). With
    zero-width pilot windows the second pass finds the order statistics."""
    from assay.models.assessment import streaming

    monkeypatch.setattr(streaming, "PILOT_STANDARD_ERRORS", pilot_se)
    monkeypatch.setattr(streaming, "KEEP_BUDGET", budget)  # a small budget forces pass 2
    pmf, model = guide
    draws = 150_000
    sim = simulate(pmf, model, draws, seed=5, keep_deposits=False)
    assert len(simulation_module._chunk_sizes(draws, pmf.mean)) > 50
    expected = contained_totals(sim, pmf, model)
    done: list[int] = []
    record, got = streamed_totals(pmf, model, draws, 5, workers=workers, on_chunk=done.append)
    assert sum(done) == 2 * draws
    assert record.passes == passes
    np.testing.assert_array_equal(got.quantiles, expected.quantiles)
    np.testing.assert_array_equal(got.p_zero, expected.p_zero)
    np.testing.assert_allclose(got.mean, expected.mean, rtol=1e-12)
    np.testing.assert_allclose(got.sd, expected.sd, rtol=1e-10)
    np.testing.assert_allclose(got.simulated_corr, expected.simulated_corr, rtol=1e-10)
    np.testing.assert_allclose(got.p_exceed_mean, expected.p_exceed_mean, atol=2 / draws)
    np.testing.assert_allclose(got.analytic_mean, expected.analytic_mean)
    np.testing.assert_array_equal(record.n_deposit_counts, sim.n_deposit_counts)
    assert record.deposits_simulated == sim.deposits_simulated


def test_streamed_many_zeros(small_chunks) -> None:
    """A pmf with P(0) = 0.9: the low quantiles are 0, the upper ones exact (in-memory oracle)."""
    pmf = custom_pmf(np.array([0, 1, 2]), np.array([0.9, 0.08, 0.02]))
    model = IndependentDeposits(TonnagePdf(np.exp(np.linspace(10, 14, 25)), reference_draws=1000))
    sim = simulate(pmf, model, 60_000, seed=2, keep_deposits=False)
    expected = contained_totals(sim, pmf, model)
    _, got = streamed_totals(pmf, model, 60_000, 2)
    np.testing.assert_array_equal(got.quantiles, expected.quantiles)
    assert got.quantiles[0, 0] == 0.0 and got.quantiles[0, -1] > 0
