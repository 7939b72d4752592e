"""Simulation and totals: reproducibility, the compound-sum check, the deposits frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assay.models.assessment.grade import GradePdf, JointTonnageGradePdf
from assay.models.assessment.pmf import custom_pmf, mark3_pmf, negbinomial_pmf
from assay.models.assessment.simulation import IndependentDeposits, JointDeposits, simulate
from assay.models.assessment.tonnage import TonnagePdf
from assay.models.assessment.totals import analytic_moments, contained_totals

N_REF = 200_000


@pytest.fixture(scope="module")
def guide_case(example_gatm: pd.DataFrame, example_estimates1: pd.DataFrame):
    """The User's Guide example: ExampleGatm with ExampleDepEst1."""
    pmf = negbinomial_pmf(example_estimates1)
    model = IndependentDeposits(
        TonnagePdf(example_gatm["Ore"].to_numpy(), reference_draws=N_REF),
        GradePdf(example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"], reference_draws=N_REF),
    )
    return pmf, model


def test_same_seed_same_result_any_workers(guide_case) -> None:
    """Reproducibility: the same seed gives identical totals with 1 or 2 threads and across
    runs; another seed differs."""
    pmf, model = guide_case
    a = simulate(pmf, model, 250_000, seed=7, workers=1)
    b = simulate(pmf, model, 250_000, seed=7, workers=2)
    c = simulate(pmf, model, 250_000, seed=8)
    np.testing.assert_array_equal(a.totals, b.totals)
    np.testing.assert_array_equal(a.n_deposits, b.n_deposits)
    assert not np.array_equal(a.totals, c.totals)


def test_simulated_totals_agree_with_analytic(guide_case) -> None:
    """Oracle: compound-sum identities E[T] = E[N] mu, Var[T] = E[N] Var[X] + Var[N] mu^2
    (Feller, 1968, XII.1), with moments from an independent reference sample; the simulated
    means agree within 4.5 combined standard errors (simulation and reference sample)."""
    pmf, model = guide_case
    sim = simulate(pmf, model, 200_000, seed=11)
    totals = contained_totals(sim, pmf, model)
    reference = model.reference_contained()
    ref_se = pmf.mean * reference.std(axis=0) / np.sqrt(len(reference))
    sim_se = totals.analytic_sd / np.sqrt(sim.draws)
    assert np.all(np.abs(totals.mean - totals.analytic_mean) < 4.5 * np.hypot(sim_se, ref_se))
    # the number of deposits follows the pmf: P(N = 0) within 4 binomial s.e.
    p0 = pmf.probabilities[0]
    assert abs(totals.p_zero[0] - p0) < 4 * np.sqrt(p0 * (1 - p0) / sim.draws)
    summary = totals.summary()
    assert list(summary.index) == ["Ore", "Cu", "Au"]
    assert (
        summary.loc["Ore", "Q_0.05"] <= summary.loc["Ore", "Q_0.5"] <= summary.loc["Ore", "Q_0.95"]
    )


def test_analytic_moments_by_hand() -> None:
    """Oracle: compound-sum formulas by hand: E[N] = 2, Var[N] = 3, mu = (1, 2),
    Cov[X] = diag(1, 4): E[T] = (2, 4), Cov[T] = [[2 + 3, 6], [6, 8 + 12]]."""
    mean, cov = analytic_moments(2.0, 3.0, np.array([1.0, 2.0]), np.diag([1.0, 4.0]))
    np.testing.assert_allclose(mean, [2, 4])
    np.testing.assert_allclose(cov, [[5, 6], [6, 20]])


def test_quantiles_are_r_type7(guide_case) -> None:
    """Oracle: R's type-7 quantile (Hyndman and Fan, 1996) computed by hand on the sorted
    totals: x[h] + (h - floor h)(x[h+1] - x[h]) with h = (n - 1) p."""
    pmf, model = guide_case
    sim = simulate(pmf, model, 1001, seed=3)
    totals = contained_totals(sim, pmf, model)
    x = np.sort(sim.totals[:, 0])
    for p, value in zip(totals.levels, totals.quantiles[0], strict=True):
        h = (len(x) - 1) * p
        lo = int(np.floor(h))
        assert value == pytest.approx(x[lo] + (h - lo) * (x[min(lo + 1, len(x) - 1)] - x[lo]))


def test_mark3_pmf_p_zero_matches_mapmark4gui(example_gatm: pd.DataFrame) -> None:
    """Oracle: MapMark4GUI run Run1_01234 (shared data) reports P(0) = 0.2982 over 20 000
    simulations of the Mark3 pmf 0 1 2 3 4 (pmf value 0.3); two independent 20 000-draw
    estimates differ by less than 4 s.e. of their difference."""
    pmf = mark3_pmf([0, 1, 2, 3, 4])
    model = IndependentDeposits(
        TonnagePdf(example_gatm["Ore"].to_numpy(), truncated=True, reference_draws=20_000),
        GradePdf(example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"], truncated=True,
                 reference_draws=20_000),
    )  # fmt: skip
    sim = simulate(pmf, model, 20_000, seed=10)
    totals = contained_totals(sim, pmf, model)
    se = np.sqrt(0.3 * 0.7 / 20_000)
    assert abs(totals.p_zero[0] - 0.2982) < 4 * np.sqrt(2) * se
    assert totals.p_zero[0] == pytest.approx(np.mean(sim.n_deposits == 0))


def test_deposits_frame_layout(guide_case, mm4) -> None:
    """Oracle: the MapMark4GUI simulated-deposit CSV header (raef/Porphyry_05_SIM_EF.csv);
    per-simulation sums of the frame equal the totals; zero-deposit simulations are one NaN
    row."""
    pmf, model = guide_case
    sim = simulate(pmf, model, 500, seed=5, keep_deposits=True)
    frame = sim.deposits_frame()
    assert list(frame.columns) == [
        "Simulation.Index", "Number.of.Deposits", "Sim.Deposit.Index", "Ore_mT",
        "Cu _pct", "Au _pct", "gangue", "Cu _MetricTons", "Au _MetricTons",
    ]  # fmt: skip
    published = pd.read_csv(mm4 / "raef" / "Porphyry_05_SIM_EF.csv", nrows=1).columns
    assert {"Simulation.Index", "Number.of.Deposits", "Sim.Deposit.Index", "Ore_mT", "gangue",
            "Cu _pct", "Cu _MetricTons"} <= set(published)  # fmt: skip
    assert len(frame) == int(np.maximum(sim.n_deposits, 1).sum())
    sums = frame.groupby("Simulation.Index")[["Ore_mT", "Cu _MetricTons"]].sum(min_count=0)
    np.testing.assert_allclose(sums["Ore_mT"].to_numpy(), sim.totals[:, 0], rtol=1e-12)
    np.testing.assert_allclose(sums["Cu _MetricTons"].to_numpy(), sim.totals[:, 1], rtol=1e-12)
    pct = frame[["Cu _pct", "Au _pct", "gangue"]].sum(axis=1)
    assert np.allclose(pct[frame["Number.of.Deposits"] > 0], 100.0)


def test_deposits_frame_zero_rows() -> None:
    """A pmf with P(0) = 1/2 gives zero-deposit rows with NaN, one per simulation."""
    rng = np.random.default_rng(0)
    tonnage = TonnagePdf(np.exp(rng.normal(15, 1, 30)), name="U", reference_draws=5000)
    pmf = custom_pmf([0, 1], [1, 1])
    sim = simulate(pmf, IndependentDeposits(tonnage), 200, seed=1, keep_deposits=True)
    frame = sim.deposits_frame()
    assert list(frame.columns) == [
        "Simulation.Index",
        "Number.of.Deposits",
        "Sim.Deposit.Index",
        "U _MetricTons",
    ]
    zero = frame[frame["Number.of.Deposits"] == 0]
    assert len(zero) == int(np.sum(sim.n_deposits == 0)) > 0
    assert zero["U _MetricTons"].isna().all() and zero["Sim.Deposit.Index"].isna().all()


def test_tonnage_only_model(mm4) -> None:
    """Tonnage model ExampleTm with ExampleDepEst2 (User's Guide pairing): one material U;
    oracle for the mean: the compound-sum identity within 4.5 combined s.e."""
    tm = pd.read_csv(mm4 / "ExampleTm.csv")
    est = pd.read_csv(mm4 / "ExampleDepEst2.csv")
    pmf = negbinomial_pmf(est)
    model = IndependentDeposits(TonnagePdf(tm["U"].to_numpy(), name="U", reference_draws=N_REF))
    sim = simulate(pmf, model, 20_000, seed=777)
    totals = contained_totals(sim, pmf, model)
    assert totals.materials == ["U"]
    ref = model.reference_contained()[:, 0]
    se = np.hypot(
        totals.analytic_sd[0] / np.sqrt(sim.draws), pmf.mean * ref.std() / np.sqrt(len(ref))
    )
    assert abs(totals.mean[0] - totals.analytic_mean[0]) < 4.5 * se


def test_joint_model_simulation(example_gatm: pd.DataFrame, guide_case) -> None:
    """Joint tonnage-grade simulation: compound-sum mean check within 4.5 combined s.e."""
    pmf, _ = guide_case
    joint = JointTonnageGradePdf(example_gatm["Ore"].to_numpy(),
                                 example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"],
                                 reference_draws=N_REF)  # fmt: skip
    model = JointDeposits(joint)
    sim = simulate(pmf, model, 100_000, seed=9)
    totals = contained_totals(sim, pmf, model)
    ref = model.reference_contained()
    ref_se = pmf.mean * ref.std(axis=0) / np.sqrt(len(ref))
    se = np.hypot(totals.analytic_sd / np.sqrt(sim.draws), ref_se)
    assert np.all(np.abs(totals.mean - totals.analytic_mean) < 4.5 * se)


def test_totals_plot(guide_case) -> None:
    import matplotlib

    matplotlib.use("Agg")
    pmf, model = guide_case
    sim = simulate(pmf, model, 2000, seed=1)
    totals = contained_totals(sim, pmf, model)
    assert len(totals.plot(sim).axes) == 3
    assert sim.plot().axes
