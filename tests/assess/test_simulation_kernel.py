"""The simulation kernel: inversion of the pmf's cdf, the block sampler's algebra, the
independence of the numbers from the threads and from keeping the deposits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assay.models.assessment.grade import GradePdf
from assay.models.assessment.ilr import ilr_inverse
from assay.models.assessment.pmf import negbinomial_pmf
from assay.models.assessment.quantiles import type7_quantiles
from assay.models.assessment.simulation import (
    IndependentDeposits,
    cdf_guide,
    draw_from_cdf,
    simulate,
)
from assay.models.assessment.tonnage import TonnagePdf
from assay.models.assessment.totals import contained_totals

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_draw_from_cdf_equals_searchsorted(seed: int) -> None:
    """Oracle: ``np.searchsorted(cdf, u, side="right")`` (binary search), on cdfs with
    zero-probability values (ties), a long thin tail, and u on the cdf's values and on the
    guide table's bin edges."""
    rng = np.random.default_rng(seed)
    probs = rng.random(60) ** 6
    probs[rng.integers(0, 60, 10)] = 0.0  # ties in the cdf
    probs[40:] *= 1e-9  # many values inside one guide bin
    cdf = np.cumsum(probs) / probs.sum()
    cdf[-1] = 1.0
    u = np.concatenate(
        [rng.random(200_000), cdf[:-1], np.arange(4096) / 4096, [0.0, np.nextafter(1.0, 0)]]
    )
    expected = np.searchsorted(cdf, u, side="right")
    np.testing.assert_array_equal(draw_from_cdf(cdf, u), expected)
    np.testing.assert_array_equal(draw_from_cdf(cdf, u, cdf_guide(cdf)), expected)


def _grades(pdf_type: str) -> GradePdf:
    grades = pd.read_csv(DATA / "synthetic_grades_3.csv")
    return GradePdf(
        grades.to_numpy(), list(grades.columns), pdf_type=pdf_type, reference_draws=1000
    )


@pytest.mark.parametrize("pdf_type", ["normal", "kde"])
def test_block_sampler_is_the_ilr_inverse_of_its_draws(pdf_type: str) -> None:
    """Oracle: the definition of the pdfs, computed the long way from the same random
    numbers: ln(tonnage) = centre + scale e_0, ilr grades z = centre + L (e_1..e_d) mapped
    back with the ilr inverse (Egozcue and others, 2003); contained metal = tonnage x
    part. Three grades (four parts), so every weight of the log-ratio map is used."""
    grades = _grades(pdf_type)
    rng = np.random.default_rng(0)
    tonnage = TonnagePdf(np.exp(rng.normal(16, 1.5, 40)), pdf_type=pdf_type)
    model = IndependentDeposits(tonnage, grades)
    sampler = model.contained_sampler()
    m = 5000
    contained, t, parts = sampler(np.random.default_rng(42), m, True)
    contained = contained.copy()  # the sampler's work buffer, reused by its next call

    again = np.random.default_rng(42)
    noise = again.standard_normal((4, m))
    gm = grades._model
    if pdf_type == "normal":
        log_t = tonnage.log_mean + tonnage.log_sd * noise[0]
        z = gm.mean + noise[1:].T @ gm._chol.T
    else:
        t_rows = again.integers(0, len(tonnage.log_tonnages), m)
        g_rows = again.integers(0, len(gm.data), m)
        log_t = tonnage.log_tonnages[t_rows] + tonnage.bandwidth * noise[0]
        z = gm.data[g_rows] + noise[1:].T @ gm._chol.T
    expected_parts = ilr_inverse(z)
    np.testing.assert_allclose(t, np.exp(log_t), rtol=1e-13)
    np.testing.assert_allclose(parts, expected_parts, rtol=1e-11)
    np.testing.assert_allclose(contained[0], np.exp(log_t), rtol=1e-13)
    np.testing.assert_allclose(
        contained[1:].T, np.exp(log_t)[:, None] * expected_parts[:, :-1], rtol=1e-11
    )
    # without keep: the same contained material from the same stream
    bare, _, _ = sampler(np.random.default_rng(42), m, False)
    np.testing.assert_array_equal(bare, contained)


@pytest.fixture(scope="module")
def guide_model(example_gatm: pd.DataFrame, example_estimates1: pd.DataFrame):
    pmf = negbinomial_pmf(example_estimates1)
    model = IndependentDeposits(
        TonnagePdf(example_gatm["Ore"].to_numpy(), reference_draws=20_000),
        GradePdf(example_gatm[["Cu", "Au"]].to_numpy(), ["Cu", "Au"], reference_draws=20_000),
    )
    return pmf, model


def test_totals_do_not_depend_on_keeping_the_deposits_or_threads(guide_model) -> None:
    """The same seed gives bit-identical totals whether the deposits are kept (for RAEF or
    the deposits CSV) or not, and with 1 or 3 threads; the kept deposits add up to them."""
    pmf, model = guide_model
    bare = simulate(pmf, model, 60_000, seed=3, keep_deposits=False)
    kept = simulate(pmf, model, 60_000, seed=3, keep_deposits=True, workers=3)
    np.testing.assert_array_equal(bare.n_deposits, kept.n_deposits)
    np.testing.assert_array_equal(bare.totals, kept.totals)
    owner = np.repeat(np.arange(kept.draws), kept.n_deposits)
    ore = np.bincount(owner, weights=kept.deposits["tonnage"], minlength=kept.draws)
    np.testing.assert_allclose(ore, kept.totals[:, 0], rtol=1e-12)
    cu = kept.deposits["tonnage"] * kept.deposits["parts"][:, 0]
    np.testing.assert_allclose(
        np.bincount(owner, weights=cu, minlength=kept.draws), kept.totals[:, 1], rtol=1e-12
    )


def test_contained_totals_quantiles_are_numpys(guide_model) -> None:
    """Oracle: ``np.quantile`` (R type 7) of each column, and numpy's mean, sd, P(0),
    P(> mean); two threads give the same numbers as one."""
    pmf, model = guide_model
    sim = simulate(pmf, model, 30_001, seed=4)
    one = contained_totals(sim, pmf, model)
    two = contained_totals(sim, pmf, model, workers=2)
    for j in range(3):
        column = sim.totals[:, j]
        np.testing.assert_array_equal(one.quantiles[j], np.quantile(column, one.levels))
        assert one.mean[j] == pytest.approx(column.mean(), rel=1e-13)
        assert one.sd[j] == pytest.approx(column.std(ddof=1), rel=1e-12)
        assert one.p_zero[j] == np.mean(column == 0)
        assert one.p_exceed_mean[j] == np.mean(column > one.mean[j])
    for name in ("quantiles", "mean", "sd", "p_zero", "p_exceed_mean", "simulated_corr"):
        np.testing.assert_array_equal(getattr(one, name), getattr(two, name))


@pytest.mark.parametrize("n", [1, 2, 5, 1000, 99_999])
def test_type7_quantiles_equal_numpy(n: int) -> None:
    """Oracle: ``np.quantile(method="linear")``, bit for bit, with zeros and the extremes."""
    rng = np.random.default_rng(n)
    x = rng.lognormal(size=n) * (rng.random(n) > 0.2)
    for levels in ([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95], [0, 0.25, 0.5, 0.75, 1], [1]):
        np.testing.assert_array_equal(type7_quantiles(x, levels), np.quantile(x, levels))


def test_assess_json_does_not_depend_on_workers(mm4: Path) -> None:
    """One seed, 1 or 2 threads (the pdf summaries then run in a background thread): the
    same JSON but for the manifest's record of the threads and timings."""
    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import TractSpec

    spec = TractSpec(
        name="PT001", gatm=mm4 / "ExampleGatm.csv", estimates=mm4 / "ExampleDepEst1.csv",
        draws=50_000, seed=7,
    )  # fmt: skip
    one = assess_tract(spec, workers=1, reference_draws=50_000).to_dict()
    two = assess_tract(spec, workers=2, reference_draws=50_000).to_dict()
    m1, m2 = one.pop("manifest"), two.pop("manifest")
    assert one == two
    assert (m1["parameters"]["workers"], m2["parameters"]["workers"]) == (1, 2)
