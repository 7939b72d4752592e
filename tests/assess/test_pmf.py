"""Number-of-deposits pmfs against published values and hand-derived results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from assay.models.assessment.pmf import (
    custom_pmf,
    mark3_pmf,
    mark4_pmf,
    negbinomial_pmf,
    nelder_mead_r,
    qnbinom_upper,
    qnbinom_upper_array,
)


def test_negbinomial_matches_users_guide(example_estimates1: pd.DataFrame) -> None:
    """Oracle: MapMark4 User's Guide (Ellefsen, 2017, USGS TM 7-C14), ExampleDepEst1:
    prob 0.2421734, size 3.416470, mean 10.6613, variance 43.0923, mode 7, support 0-42,
    P(N = 0) 0.0078749."""
    pmf = negbinomial_pmf(example_estimates1)
    assert pmf.params["prob"] == pytest.approx(0.2421734, abs=1e-6)
    assert pmf.params["size"] == pytest.approx(3.416470, abs=1e-6)
    assert pmf.mean == pytest.approx(10.6613, abs=1e-4)
    assert pmf.variance == pytest.approx(43.0923, abs=1e-4)
    assert pmf.mode == 7
    assert pmf.n_deposits.min() == 0 and pmf.n_deposits.max() == 42
    assert pmf.probabilities[0] == pytest.approx(0.0078749, abs=1e-7)
    assert pmf.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    d = pmf.to_dict()
    assert d["probabilities"][0] == [0, pytest.approx(0.0078749, abs=1e-7)]
    for key in ("method", "params", "mean", "variance", "mode", "min", "max", "probabilities"):
        assert key in d


@pytest.mark.parametrize(("number", "prob"), [(3, 0.998), (4, 0.991)])
def test_negbinomial_near_poisson_examples(mm4, number: int, prob: float) -> None:
    """Oracle: the shared methods notes (fits of MapMark4 v1.0 to ExampleDepEst3 and 4 give
    near-Poisson pmfs with prob about 0.998 and 0.991, quoted to 3 decimals)."""
    pmf = negbinomial_pmf(pd.read_csv(mm4 / f"ExampleDepEst{number}.csv"))
    assert round(pmf.params["prob"], 3) == prob


def test_negbinomial_fit_reproduces_estimates_for_one_expert() -> None:
    """Oracle: analytic. One expert whose N90/N50/N10 are the exact upper-tail quantiles of
    NB(size 4, prob 0.3) has zero cost there, so the fitted pmf's quantiles equal them."""
    size, prob = 4.0, 0.3
    n90, n50, n10 = (qnbinom_upper(q, size, prob) for q in (0.9, 0.5, 0.1))
    est = pd.DataFrame({"Name": ["a"], "Weight": [1.0], "N90": [n90], "N50": [n50], "N10": [n10]})
    pmf = negbinomial_pmf(est)
    fitted = [qnbinom_upper(q, pmf.params["size"], pmf.params["prob"]) for q in (0.9, 0.5, 0.1)]
    assert fitted == [n90, n50, n10]
    assert pmf.params["cost"] == 0


def test_qnbinom_upper_against_bruteforce_cdf() -> None:
    """Oracle: brute-force search of scipy's negative binomial cdf (independent
    implementation): the smallest x with P(X > x) <= q."""
    rng = np.random.default_rng(1)
    for _ in range(50):
        size, prob = rng.uniform(0.3, 20), rng.uniform(0.02, 0.95)
        for q in (0.9, 0.5, 0.1, 0.001):
            x = np.arange(0, 5000)
            expected = int(x[np.argmax(stats.nbinom.sf(x, size, prob) <= q)])
            assert qnbinom_upper(q, size, prob) == expected
    sizes, probs = rng.uniform(0.3, 20, 200), rng.uniform(0.02, 0.95, 200)
    x = np.arange(0, 5000)
    expected = [
        int(x[np.argmax(stats.nbinom.sf(x, n, p) <= 0.1)])
        for n, p in zip(sizes, probs, strict=True)
    ]
    np.testing.assert_array_equal(qnbinom_upper_array(0.1, sizes, probs), expected)
    assert np.isnan(qnbinom_upper(0.5, 3.0, 1.5))
    assert qnbinom_upper(0.5, 3.0, 1.0) == 0


def test_nelder_mead_matches_r_optim_rosenbrock() -> None:
    """Oracle: R's ``?optim`` example, ``optim(c(-1.2, 1), fr)``: par 1.000260 1.000506,
    value 8.825241e-08, 195 function evaluations."""

    def rosenbrock(x: np.ndarray) -> float:
        return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2

    par, value, count, convergence = nelder_mead_r(rosenbrock, [-1.2, 1.0])
    assert par == pytest.approx([1.000260, 1.000506], abs=1e-6)
    assert value == pytest.approx(8.825241e-08, rel=1e-6)
    assert count == 195
    assert convergence == 0


def test_mark3_matches_mapmark4gui_run(mm4) -> None:
    """Oracle: MapMark4GUI run Run1_01234 (J. Shapiro, 2017; shared data), Mark3 thresholds
    0 1 2 3 4: pmf 0.30/0.40/0.225/0.045/0.03, mean 1.105, variance 0.963975."""
    published = pd.read_csv(mm4 / "mapmark4gui_run1_01234" / "Run1_01234_03_PMF_Probs.csv")
    pmf = mark3_pmf([0, 1, 2, 3, 4])
    np.testing.assert_allclose(pmf.n_deposits, published["NDeposits"])
    np.testing.assert_allclose(pmf.probabilities, published["RelProbs"], atol=1e-7)
    assert pmf.mean == pytest.approx(1.105, abs=1e-6)
    assert pmf.variance == pytest.approx(0.963975, abs=1e-6)


def test_mark3_hand_derived() -> None:
    """Oracle: Root, Menzie and Scott (1992) allocation worked by hand for N90/N50/N10 =
    2/5/8: 0.1 over 0..2 with half weight at 2 (0.04, 0.04, 0.02), 0.4 over 2..5 and 0.4
    over 5..8 with half weight at the ends (1/15 and 2/15), and 0.1 more at 8."""
    pmf = mark3_pmf([2, 5, 8])
    third = 2 / 15
    expected = [0.04, 0.04, 0.02 + 1 / 15, third, third, 2 / 15, third, third, 1 / 15 + 0.1]
    np.testing.assert_allclose(pmf.probabilities, expected, atol=1e-7)
    # the elicited exceedances hold: P(N >= 2) = 0.9 - 0.02 + ... -> P(N >= 8) = 1/15 + 0.1
    assert pmf.exceedance()[-1] == pytest.approx(1 / 15 + 0.1, abs=1e-7)


def test_mark3_nine_thresholds_sum_to_one() -> None:
    """Oracle: analytic; the allocated level differences telescope to 1."""
    pmf = mark3_pmf([1, 3, 6, 7, 9, 10, 12, 13, 15])
    assert pmf.probabilities.sum() == pytest.approx(1.0, abs=1e-7)
    assert pmf.n_deposits.max() == 15


def test_mark4_uniform_intervals_hit_elicited_levels() -> None:
    """Oracle: Phillips' Mark4 rule by hand for 1/7/20 with maximum 25: 0.1 at 0, 0.4/6 on
    1..6, 0.4/13 on 7..19, 0.1/6 on 20..25, so P(N>=1) = 0.9, P(N>=7) = 0.5, P(N>=20) = 0.1."""
    pmf = mark4_pmf([1, 7, 20], max_deposits=25)
    expected = np.concatenate([[0.1], np.full(6, 0.4 / 6), np.full(13, 0.4 / 13),
                               np.full(6, 0.1 / 6)])  # fmt: skip
    np.testing.assert_allclose(pmf.probabilities, expected, atol=1e-7)
    exceed = dict(zip(pmf.n_deposits, pmf.exceedance(), strict=True))
    assert exceed[1] == pytest.approx(0.9, abs=1e-6)
    assert exceed[7] == pytest.approx(0.5, abs=1e-6)
    assert exceed[20] == pytest.approx(0.1, abs=1e-6)


def test_mark4_zero_n90_puts_half_below_median() -> None:
    """Oracle: Mark4 rule by hand for 0/4/10, maximum 10: 0.5/4 on 0..3, 0.4/6 on 4..9,
    0.1 at 10."""
    pmf = mark4_pmf([0, 4, 10], max_deposits=10)
    expected = np.concatenate([np.full(4, 0.125), np.full(6, 0.4 / 6), [0.1]])
    np.testing.assert_allclose(pmf.probabilities, expected, atol=1e-7)


def test_pooled_experts_is_weighted_average() -> None:
    """Oracle: a linear opinion pool is the weight-average of the single-expert pmfs."""
    est = pd.DataFrame(
        {"Name": ["a", "b"], "Weight": [1.0, 3.0], "N90": [1, 2], "N50": [3, 4], "N10": [6, 9]}
    )
    pooled = mark3_pmf(est)
    a, b = mark3_pmf([1, 3, 6]), mark3_pmf([2, 4, 9])
    expected = np.zeros(10)
    expected[: len(a.probabilities)] += 0.25 * a.probabilities
    expected += 0.75 * b.probabilities
    np.testing.assert_allclose(pooled.probabilities, expected, atol=1e-12)


def test_custom_pmf_and_errors() -> None:
    """Oracle: normalisation by hand (1:3:1 -> 0.2, 0.6, 0.2)."""
    pmf = custom_pmf([1, 2, 5], [1, 3, 1])
    np.testing.assert_allclose(pmf.probabilities, [0.2, 0.6, 0.2])
    assert pmf.mean == pytest.approx(0.2 + 1.2 + 1.0)
    with pytest.raises(ValueError, match="ascending"):
        custom_pmf([2, 1], [1, 1])
    with pytest.raises(ValueError, match=">= 0"):
        custom_pmf([1, 2], [1, -1])
    with pytest.raises(ValueError, match="3, 5, 7 or 9"):
        mark3_pmf([1, 2, 3, 4])
    with pytest.raises(ValueError, match="non-decreasing"):
        mark3_pmf([3, 2, 5])


def test_summary_and_plot(example_estimates1: pd.DataFrame) -> None:
    """The summary holds the statistics; the plot is a figure (entropy oracle: -sum p ln p)."""
    import matplotlib

    matplotlib.use("Agg")
    pmf = mark3_pmf([0, 1, 2, 3, 4])
    table = pmf.summary()
    p = np.array([0.3, 0.4, 0.225, 0.045, 0.03])
    assert table.loc["entropy", "value"] == pytest.approx(-np.sum(p * np.log(p)), abs=1e-6)
    assert table.loc["mode", "value"] == 1
    fig = pmf.plot()
    assert fig.axes


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [([1, 2, 4], [0.067, 0.233, 0.300, 0.200, 0.200]), ([0, 2, 2], [0.2, 0.2, 0.6])],
)
def test_mark3_root_menzie_scott_tables(thresholds: list[int], expected: list[float]) -> None:
    """Oracle: pmfs A and B of Tables 3 and 4 of Root, Menzie and Scott (1992), as checked by
    MapMark4's own test suite (tests/testthat/testNDepositsPmf.R), to 0.001."""
    pmf = mark3_pmf(thresholds)
    assert pmf.n_deposits.tolist() == list(range(len(expected)))
    np.testing.assert_allclose(pmf.probabilities, expected, atol=0.001)


def test_mark4_mapmark4_test_vector() -> None:
    """Oracle: MapMark4's test of Mark4 (testNDepositsPmf.R): thresholds 1, 7, 20 and maximum
    23 give 24 values, P(0) = 0.1 and P(23) = 0.025."""
    pmf = mark4_pmf([1, 7, 20], max_deposits=23)
    assert len(pmf.n_deposits) == 24 and pmf.n_deposits[-1] == 23
    assert pmf.probabilities[0] == pytest.approx(0.1, abs=0.001)
    assert pmf.probabilities[-1] == pytest.approx(0.025, abs=0.001)
