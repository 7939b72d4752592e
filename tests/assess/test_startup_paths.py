"""The scipy-free special functions of the default ``assay assess`` path against scipy
(an independent implementation), and the modules that path leaves unimported."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import special

from assay.models.assessment import moments, pmf


def test_summed_cdf_table_matches_betainc() -> None:
    """Oracle: scipy.special.betainc, P(X <= y) = I_prob(size, y + 1), on random (size, prob)
    pairs (seed 2) from near-Poisson to heavy-tailed, means up to ~1e3."""
    rng = np.random.default_rng(2)
    size = rng.lognormal(0, 2, 300)
    prob = rng.uniform(0.005, 0.999, 300)
    table = pmf._nbinom_cdf_table(size, prob, 400)
    y = np.arange(400.0)
    expected = special.betainc(size[:, None], y[None, :] + 1.0, prob[:, None])
    np.testing.assert_allclose(table, expected, rtol=1e-11, atol=1e-14)


def test_qnbinom_lower_and_pmf_match_scipy() -> None:
    """Oracle: scipy.special (betainc for R's qnbinom by linear search, gammaln for dnbinom)."""
    rng = np.random.default_rng(3)
    for size, prob in zip(rng.uniform(0.2, 40, 40), rng.uniform(0.01, 0.99, 40), strict=True):
        x = 0
        target = 0.999 * (1 - 64 * pmf._R_DBL_EPSILON)
        while special.betainc(size, x + 1.0, prob) < target:
            x += 1
        assert pmf._qnbinom_lower(0.999, size, prob) == x
        n = np.arange(60.0)
        expected = np.exp(
            special.gammaln(n + size) - special.gammaln(size) - special.gammaln(n + 1)
            + size * np.log(prob) + n * np.log1p(-prob)
        )  # fmt: skip
        np.testing.assert_allclose(pmf.nbinom_pmf(n, size, prob), expected, rtol=1e-12)


def test_ndtr_matches_scipy() -> None:
    """Oracle: scipy.special.ndtr (1e-12 relative: the erfc of the deep tails, ~1e-280)."""
    x = np.concatenate([np.linspace(-40, 40, 2001), [-np.inf, np.inf]])
    np.testing.assert_allclose(moments._ndtr(x), special.ndtr(x), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("pmf_method", ["negbinomial"])
def test_assess_path_leaves_pandas_scipy_yaml_unimported(mm4, tmp_path, pmf_method) -> None:
    """The default ``assay assess --gatm ... --estimates ...`` run imports neither pandas nor
    scipy nor yaml, nor Rich's console (``--json`` prints nothing through it), nor numpy.ma
    (pulled in by ``np.unique``) nor numpy.polynomial (each costs 0.01-0.3 s of start-up on
    every run)."""
    code = (
        "import sys, contextlib, io\n"
        "from assay.cli import main\n"
        f"sys.argv = ['assay', 'assess', '--gatm', {str(mm4 / 'ExampleGatm.csv')!r},"
        f" '--estimates', {str(mm4 / 'ExampleDepEst1.csv')!r}, '--seed', '7',"
        " '--draws', '2000', '--no-progress', '--json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('pandas', 'scipy', 'yaml', 'numpy.ma', 'numpy.polynomial',"
        " 'rich.console') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_quantile_search_beyond_the_table_matches_betainc() -> None:
    """Oracle: scipy.special.betainc. Heavy tails and large means (quantiles up to ~6,500,
    beyond the summed table of 2,000 rows, where the search falls back to betainc): each
    answer y has P(X > y) <= q (1 + 64 eps) < P(X > y - 1)."""
    rng = np.random.default_rng(5)
    size, prob = rng.lognormal(0, 2, 2000), rng.uniform(1e-4, 0.9999, 2000)
    q = 0.001
    found = pmf.qnbinom_upper_array(q, size, prob)
    assert found.max() > 2000
    target = q * (1 + 64 * pmf._R_DBL_EPSILON)
    for i in range(0, 2000, 7):
        y = found[i]
        assert special.betainc(y + 1.0, size[i], 1 - prob[i]) <= target
        assert y == 0 or special.betainc(y, size[i], 1 - prob[i]) > target


def test_deviance_bins_equal_binary_search() -> None:
    """Oracle: the binary search it replaced (R ``hist`` bins, right-closed, the first closed
    on the left): identical deviance, values on the break points included."""
    from assay.models.assessment.tonnage import deviance

    def by_search(log_pdf: np.ndarray, log_data: np.ndarray, n_breaks: int = 30) -> float:
        lo = min(log_data.min(), log_pdf.min())
        hi = max(log_data.max(), log_pdf.max())
        breaks = np.linspace(lo, hi, n_breaks)
        width = np.diff(breaks)

        def counts(values: np.ndarray) -> np.ndarray:
            idx = np.clip(np.searchsorted(breaks, values, side="left") - 1, 0, len(width) - 1)
            return np.bincount(idx, minlength=len(width)).astype(float)

        pdf_counts = counts(log_pdf)
        return float(-2.0 * np.sum(pdf_counts / (pdf_counts.sum() * width) * counts(log_data)))

    rng = np.random.default_rng(4)
    for _ in range(20):
        data = rng.normal(rng.uniform(-5, 20), rng.uniform(0.01, 3), 60)
        pdf = rng.normal(data.mean(), data.std() * 1.2, 20_000)
        breaks = np.linspace(min(data.min(), pdf.min()), max(data.max(), pdf.max()), 30)
        pdf[:30] = breaks  # values exactly on every break point
        data[:5] = breaks[[0, 1, 14, 28, 29]]
        assert deviance(pdf, data) == by_search(pdf, data)


def test_version_creates_no_rich_console() -> None:
    """``assay --version`` prints without Rich: the CLI's consoles are made at first use."""
    code = (
        "import sys, contextlib, io\n"
        "from assay.cli import main\n"
        "sys.argv = ['assay', '--version']\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n        main()\n    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "assert out.getvalue().startswith('assay '), out.getvalue()\n"
        "print('rich.console' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_lazy_console_prints_and_sets_like_a_console(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stand-in makes its Rich console at first use and passes reads, writes and calls on."""
    from assay.cli import _common

    # _Console honours $COLUMNS at each print (over a set width); another test in the same
    # worker may have left COLUMNS set
    monkeypatch.delenv("COLUMNS", raising=False)

    stand_in = _common._LazyConsole()
    assert stand_in._console is None
    stand_in.width = 57  # set on the console it now makes
    assert stand_in.width == 57 and isinstance(stand_in._console, _common._Console)
    stand_in.print("[bold]hello[/] \\[t]", highlight=False)
    assert capsys.readouterr().out == "hello [t]\n"
    assert _common.real_console(stand_in) is stand_in._console
    err = _common._LazyConsole(stderr=True)
    assert err.stderr and _common.real_console(err).stderr
