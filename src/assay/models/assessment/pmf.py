"""Probability mass function of the number of undiscovered deposits in a permissive tract.

Four builders, as in the USGS three-part assessment tools:

- :func:`negbinomial_pmf`: MapMark4's fit of a negative binomial to the experts' N90/N50/N10
  estimates (Ellefsen, 2017, USGS Techniques and Methods 7-C14, R function
  ``CalcNegBinomialPmf``): a 40 x 40 grid over (mean, variance) and a Nelder-Mead refinement
  with R's ``optim`` defaults, then the right tail cut at probability 0.001.
- :func:`mark3_pmf`: the Mark3 allocation of Root, Menzie and Scott (1992, Nonrenewable
  Resources 1(2), 125-138), as coded in the Mark3B subroutine ``Mark3Pmf``.
- :func:`mark4_pmf`: J. D. Phillips' revision (``Mark4Pmf`` in MapMark4's Fortran): the
  probability is uniform inside each interval between thresholds and a tail reaches a maximum.
- :func:`custom_pmf`: user-given counts and relative probabilities.

Every builder returns an :class:`NDepositsPmf`, with ``summary()`` and ``plot()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas only for type hints and summaries: imported where used (cold start)
    import pandas as pd

__all__ = [
    "NDepositsPmf",
    "custom_pmf",
    "mark3_pmf",
    "mark4_pmf",
    "negbinomial_pmf",
    "nelder_mead_r",
    "qnbinom_upper",
    "qnbinom_upper_array",
    "ELICITATION_LEVELS",
]

#: Exceedance probabilities of the elicited thresholds N90, N50, N10, N05, N01, N005, N001,
#: N0005, N0001 (Root and others, 1992, table 1).
ELICITATION_LEVELS: dict[str, float] = {
    "N90": 0.90,
    "N50": 0.50,
    "N10": 0.10,
    "N05": 0.05,
    "N01": 0.01,
    "N005": 0.005,
    "N001": 0.001,
    "N0005": 0.0005,
    "N0001": 0.0001,
}

_R_DBL_EPSILON = np.finfo(float).eps


@dataclass
class NDepositsPmf:
    """A pmf of the number of undiscovered deposits.

    Attributes
    ----------
    n_deposits : numpy.ndarray
        Numbers of deposits [count] with non-zero probability, ascending.
    probabilities : numpy.ndarray
        Their probabilities (sum 1).
    method : str
        ``negbinomial``, ``mark3``, ``mark4`` or ``custom``.
    params : dict
        Fitted or given parameters (for ``negbinomial``: ``prob``, ``size``, the grid start,
        the cost and the number of function evaluations).
    estimates : pandas.DataFrame or None
        The experts' estimates the pmf was built from.
    """

    n_deposits: np.ndarray
    probabilities: np.ndarray
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    estimates: pd.DataFrame | None = None

    @property
    def mean(self) -> float:
        """Expected number of deposits E[N] [count]."""
        return float(np.sum(self.n_deposits * self.probabilities))

    @property
    def variance(self) -> float:
        """Var[N] [count^2]."""
        return float(np.sum((self.n_deposits - self.mean) ** 2 * self.probabilities))

    @property
    def sd(self) -> float:
        return float(np.sqrt(self.variance))

    @property
    def mode(self) -> int:
        """Most probable number (the first one on ties, as R's ``which.max``)."""
        return int(self.n_deposits[int(np.argmax(self.probabilities))])

    @property
    def entropy(self) -> float:
        """Information entropy -sum p ln p [nats] (MapMark4 ``summary.NDepositsPmf``)."""
        p = self.probabilities[self.probabilities > 0]
        return float(-np.sum(p * np.log(p)))

    def exceedance(self) -> np.ndarray:
        """P(N >= n) for each n in ``n_deposits``."""
        tail = np.cumsum(self.probabilities[::-1])[::-1]
        return np.minimum(tail, 1.0)

    def summary(self) -> pd.DataFrame:
        """Statistics table (one row per statistic; column ``value``)."""
        import pandas as pd

        rows = {
            "method": self.method,
            "mean": self.mean,
            "variance": self.variance,
            "sd": self.sd,
            "mode": self.mode,
            "min": int(self.n_deposits.min()),
            "max": int(self.n_deposits.max()),
            "entropy": self.entropy,
        }
        for key, value in self.params.items():
            if np.isscalar(value):
                rows[f"param {key}"] = value
        return pd.DataFrame({"value": pd.Series(rows, dtype=object)})

    def table(self) -> pd.DataFrame:
        """The pmf as a table: ``n_deposits``, ``probability``, ``p_at_least``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "n_deposits": self.n_deposits,
                "probability": self.probabilities,
                "p_at_least": self.exceedance(),
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the ``pmf`` object of ``assay assess --json``)."""
        return {
            "method": self.method,
            "params": {k: v for k, v in self.params.items() if not isinstance(v, np.ndarray)},
            "mean": self.mean,
            "variance": self.variance,
            "sd": self.sd,
            "mode": self.mode,
            "min": int(self.n_deposits.min()),
            "max": int(self.n_deposits.max()),
            "entropy": self.entropy,
            "probabilities": [
                [int(n), float(p)] for n, p in zip(self.n_deposits, self.probabilities, strict=True)
            ],
        }

    def plot(self, ax: Any = None) -> Any:
        """Bar plot of the pmf, with the mean, and the elicited thresholds when known."""
        import matplotlib.pyplot as plt

        if ax is None:
            fig, ax = plt.subplots(figsize=(6, 4))
        else:
            fig = ax.figure
        ax.vlines(self.n_deposits, 0, self.probabilities, color="0.3")
        ax.plot(self.n_deposits, self.probabilities, "o", color="0.1", ms=3)
        ax.axvline(self.mean, color="tab:red", lw=1, label=f"mean {self.mean:.3g}")
        ax.set_xlabel("Number of undiscovered deposits [count]")
        ax.set_ylabel("Probability")
        ax.set_title(f"pmf ({self.method})")
        ax.legend(frameon=False)
        return fig


# --------------------------------------------------------------------------------------
# negative binomial quantiles with R's semantics


def qnbinom_upper(q: float, size: float, prob: float) -> float:
    """R's ``qnbinom(q, size, prob, lower.tail = FALSE)``.

    The smallest integer ``x`` with P(X > x) <= q, for X negative binomial with ``size``
    successes and success probability ``prob`` (R parametrisation: mean size(1-prob)/prob).
    NaN where R returns NaN (prob outside (0, 1], size < 0). R's search compares with a
    relative fuzz of 64 machine epsilons, kept here.

    Parameters
    ----------
    q : float
        Upper-tail probability.
    size, prob : float
        Negative binomial parameters.
    """
    return float(qnbinom_upper_array(q, np.array([size]), np.array([prob]))[0])


def qnbinom_upper_array(q: float, size: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """:func:`qnbinom_upper` for arrays of parameters (same search, vectorised)."""
    size = np.asarray(size, dtype=float)
    prob = np.asarray(prob, dtype=float)
    out = np.full(size.shape, np.nan)
    valid = np.isfinite(size) & np.isfinite(prob) & (prob > 0) & (prob <= 1) & (size >= 0)
    trivial = valid & ((prob == 1) | (size == 0))
    out[trivial] = 0.0
    work = valid & ~trivial
    if not work.any():
        return out
    if q <= 0:
        out[work] = np.inf
        return out
    if q >= 1:
        out[work] = 0.0
        return out
    n, p = size[work], prob[work]
    target = q * (1 + 64 * _R_DBL_EPSILON)
    x = _nbinom_quantile_guess(1.0 - q, n, p)
    # P(X > y) from summed probabilities in a table that grows as the search needs; beyond
    # _TABLE_CELLS (heavy tails, huge means) scipy's regularised incomplete beta, imported
    # only then (~0.2 s of start-up)
    first = min(2 * np.max(x) + 16, _TABLE_COLUMNS, max(_TABLE_CELLS // len(n), 1))
    table = {"tail": 1.0 - _nbinom_cdf_table(n, p, int(first))}

    def upper_tail(rows: np.ndarray, y: np.ndarray) -> np.ndarray:
        tail = table["tail"]
        if np.any(y >= tail.shape[1]):
            columns = min(max(2 * tail.shape[1], int(np.max(y)) + 1), _TABLE_COLUMNS)
            columns = min(columns, max(_TABLE_CELLS // len(n), tail.shape[1]))
            if columns > tail.shape[1]:
                tail = table["tail"] = 1.0 - _nbinom_cdf_table(n, p, columns)
        out = np.empty(len(y))
        inside = y < tail.shape[1]
        out[inside] = tail[rows[inside], y[inside].astype(np.intp)]
        if not inside.all():
            from scipy import special

            rest = ~inside
            out[rest] = special.betainc(y[rest] + 1.0, n[rows[rest]], 1.0 - p[rows[rest]])
        return out

    def feasible(y: np.ndarray, idx: np.ndarray) -> np.ndarray:
        # P(X > y) = I_{1-p}(y + 1, size) <= target; y = -1 is never feasible (P = 1 > q)
        ok = y >= 0
        ok[ok] = upper_tail(idx[ok], y[ok]) <= target[idx][ok]
        return ok

    # The answer is the smallest y >= 0 with P(X > y) <= target, P non-increasing in y: find
    # a feasible upper and an infeasible lower bracket around the guess (doubling steps),
    # then bisect. The same answer as R's one-step search from its guess, in O(log) steps.
    target = np.full(len(n), target)
    all_idx = np.arange(len(n))
    at_guess = feasible(x, all_idx)
    hi = np.where(at_guess, x, np.nan)
    lo = np.where(at_guess, np.nan, x)
    step = np.ones(len(n))
    todo = np.flatnonzero(~at_guess)  # grow hi
    while len(todo):
        trial = lo[todo] + step[todo]
        ok = feasible(trial, todo)
        hi[todo[ok]] = trial[ok]
        lo[todo[~ok]] = trial[~ok]
        step[todo[~ok]] *= 2
        todo = todo[~ok]
    step[:] = 1
    todo = np.flatnonzero(at_guess)  # shrink lo
    while len(todo):
        trial = np.maximum(hi[todo] - step[todo], -1.0)
        ok = feasible(trial, todo)
        hi[todo[ok]] = trial[ok]
        lo[todo[~ok]] = trial[~ok]
        step[todo[ok]] *= 2
        todo = todo[ok & (trial > -1)]
        lo[np.isnan(lo)] = -1.0
    lo[np.isnan(lo)] = -1.0
    gap = np.flatnonzero(hi - lo > 1)
    while len(gap):
        mid = np.floor((lo[gap] + hi[gap]) / 2)
        ok = feasible(mid, gap)
        hi[gap[ok]] = mid[ok]
        lo[gap[~ok]] = mid[~ok]
        gap = gap[hi[gap] - lo[gap] > 1]
    out[work] = hi
    return out


#: the largest table of summed probabilities built by :func:`_nbinom_cdf_table` [cells, counts]
_TABLE_CELLS = 4_000_000
_TABLE_COLUMNS = 20_000


def _nbinom_cdf_table(size: np.ndarray, prob: np.ndarray, columns: int) -> np.ndarray:
    """P(X <= y) for y = 0 .. columns - 1 of NB(size_i, prob_i) (rows i) [probability].

    The probabilities are summed from the recurrence ln f(y + 1) = ln f(y) + ln((y + size) /
    (y + 1)) + ln(1 - prob), f(0) = prob^size, accumulated in log space (no underflow of
    f(0) for large means). Their rounding error grows with y (about y machine epsilons,
    relative), against ~1e-15 for scipy's ``betainc``; the quantile searches compare with R's
    fuzz of 64 epsilons, so they differ only where a tail probability lies within ~1e-13 of
    the level (tested against ``betainc`` on random parameters).
    """
    size = np.asarray(size, dtype=float).reshape(-1, 1)
    prob = np.asarray(prob, dtype=float).reshape(-1, 1)
    k = np.arange(columns - 1, dtype=float)
    log_f = np.empty((len(size), columns))
    log_f[:, :1] = size * np.log(prob)
    with np.errstate(divide="ignore"):
        log_f[:, 1:] = np.log((k + size) / (k + 1.0)) + np.log1p(-prob)
    np.cumsum(log_f, axis=1, out=log_f)
    np.exp(log_f, out=log_f)
    return np.cumsum(log_f, axis=1, out=log_f)


def _normal_quantile(level: float) -> float:
    """Standard normal quantile by bisection of Phi(z) = (1 + erf(z / sqrt 2)) / 2 to ~1e-12
    (a start for the searches only; neither scipy nor statistics is imported for it)."""
    lo, hi = -40.0, 40.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if 0.5 * math.erfc(-mid / math.sqrt(2.0)) < level:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _nbinom_quantile_guess(level: float, size: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """Start of the quantile searches: the Cornish-Fisher (normal + skewness) approximation of
    the ``level`` quantile of NB(size, prob), rounded down, >= 0 [count].

    Only a starting point: the searches step from it to the exact quantile, so its error costs
    iterations, never accuracy (scipy is not imported for it: start-up time).
    """
    with np.errstate(all="ignore"):
        mean = size * (1 - prob) / prob
        sd = np.sqrt(mean / prob)
        skew = (2 - prob) / np.sqrt(size * (1 - prob))
        z = _normal_quantile(level)
        guess = np.floor(mean + sd * (z + (z * z - 1) * skew / 6))
    return np.where(np.isfinite(guess), np.maximum(guess, 0.0), 0.0)


def _nbinom_cdf(x: float, size: float, prob: float) -> float:
    """P(X <= x) of NB(size, prob) = I_prob(size, x + 1) (regularised incomplete beta)."""
    from scipy import special

    return float(special.betainc(size, x + 1.0, prob)) if x >= 0 else 0.0


def nbinom_pmf(n: np.ndarray, size: float, prob: float) -> np.ndarray:
    """Negative binomial probabilities Gamma(n + size) / (Gamma(size) n!) prob^size
    (1 - prob)^n at counts ``n`` (R ``dnbinom``), through log-gamma functions (the
    standard library's: scipy.special costs ~0.2 s of start-up)."""
    n = np.asarray(n, dtype=float)
    lgamma = np.frompyfunc(math.lgamma, 1, 1)
    log_pmf = (
        lgamma(n + size).astype(float) - math.lgamma(size) - lgamma(n + 1.0).astype(float)
        + size * np.log(prob) + n * np.log1p(-prob)
    )  # fmt: skip
    return np.exp(log_pmf)


def _qnbinom_lower(p: float, size: float, prob: float) -> int:
    """R's ``qnbinom(p, size, prob)``: smallest x with P(X <= x) >= p (R's fuzz kept)."""
    target = p * (1 - 64 * _R_DBL_EPSILON)
    x = float(_nbinom_quantile_guess(p, np.array([size]), np.array([prob]))[0])
    mean = size * (1 - prob) / prob
    columns = int(min(max(x, mean + 40 * math.sqrt(mean / prob)) + 2, _TABLE_COLUMNS))
    table = _nbinom_cdf_table(np.array([size]), np.array([prob]), columns)[0]

    def cdf(y: float) -> float:  # the summed table, scipy beyond it
        return float(table[int(y)]) if 0 <= y < columns else _nbinom_cdf(y, size, prob)

    while x > 0 and cdf(x - 1) >= target:
        x -= 1
    while cdf(x) < target:
        x += 1
    return int(x)


# --------------------------------------------------------------------------------------
# R's Nelder-Mead (optim default)


def nelder_mead_r(
    fn: Callable[[np.ndarray], float],
    start: Sequence[float],
    *,
    alpha: float = 1.0,
    beta: float = 0.5,
    gamma: float = 2.0,
    reltol: float = float(np.sqrt(_R_DBL_EPSILON)),
    abstol: float = -np.inf,
    maxit: int = 500,
) -> tuple[np.ndarray, float, int, int]:
    """Nelder-Mead minimiser with the exact steps of R's ``optim(method = "Nelder-Mead")``.

    A transcription of ``nmmin`` in R's ``src/appl/optim.c`` (Nash, 1990, Compact Numerical
    Methods for Computers, 2nd ed., algorithm 19, as re-crafted by B. D. Ripley), with R's
    defaults: reflection 1, contraction 0.5, expansion 2, relative tolerance sqrt(eps),
    500 function evaluations. Non-finite function values count as 1e35.

    Returns
    -------
    par, value, fncount, convergence
        ``convergence`` is 0, 1 (evaluation limit) or 10 (degenerate simplex), as in R.
    """
    big = 1.0e35
    n = len(start)
    bvec = np.asarray(start, dtype=float).copy()
    simplex = np.zeros((n + 1, n + 2))  # rows: n coordinates then f; columns: vertices + C
    f = fn(bvec)
    if not np.isfinite(f):
        raise ValueError("function cannot be evaluated at initial parameters")
    funcount = 1
    convtol = reltol * (abs(f) + reltol)
    n1 = n + 1
    c_col = n + 1  # 0-based column of the centroid (C = n + 2 in 1-based)
    simplex[n, 0] = f
    simplex[:n, 0] = bvec
    low = 0
    size = 0.0
    step = 0.0
    for i in range(n):
        if 0.1 * abs(bvec[i]) > step:
            step = 0.1 * abs(bvec[i])
    if step == 0.0:
        step = 0.1
    for j in range(1, n1):
        simplex[:n, j] = bvec
        trystep = step
        while simplex[j - 1, j] == bvec[j - 1]:
            simplex[j - 1, j] = bvec[j - 1] + trystep
            trystep *= 10
        size += trystep
    oldsize = size
    calcvert = True
    fail = 0
    while True:
        if calcvert:
            for j in range(n1):
                if j != low:
                    bvec = simplex[:n, j].copy()
                    f = fn(bvec)
                    if not np.isfinite(f):
                        f = big
                    funcount += 1
                    simplex[n, j] = f
            calcvert = False
        vl = simplex[n, low]
        vh = vl
        high = low
        for j in range(n1):
            if j != low:
                f = simplex[n, j]
                if f < vl:
                    low = j
                    vl = f
                if f > vh:
                    high = j
                    vh = f
        if vh <= vl + convtol or vl <= abstol:
            break
        for i in range(n):
            temp = -simplex[i, high]
            for j in range(n1):
                temp += simplex[i, j]
            simplex[i, c_col] = temp / n
        bvec = (1.0 + alpha) * simplex[:n, c_col] - alpha * simplex[:n, high]
        f = fn(bvec)
        if not np.isfinite(f):
            f = big
        funcount += 1
        vr = f
        if vr < vl:
            simplex[n, c_col] = f
            new = gamma * bvec + (1 - gamma) * simplex[:n, c_col]
            simplex[:n, c_col] = bvec
            bvec = new
            f = fn(bvec)
            if not np.isfinite(f):
                f = big
            funcount += 1
            if f < vr:
                simplex[:n, high] = bvec
                simplex[n, high] = f
            else:
                simplex[:n, high] = simplex[:n, c_col]
                simplex[n, high] = vr
        else:
            if vr < vh:
                simplex[:n, high] = bvec
                simplex[n, high] = vr
            bvec = (1 - beta) * simplex[:n, high] + beta * simplex[:n, c_col]
            f = fn(bvec)
            if not np.isfinite(f):
                f = big
            funcount += 1
            if f < simplex[n, high]:
                simplex[:n, high] = bvec
                simplex[n, high] = f
            elif vr >= vh:
                calcvert = True
                size = 0.0
                for j in range(n1):
                    if j != low:
                        for i in range(n):
                            simplex[i, j] = (
                                beta * (simplex[i, j] - simplex[i, low]) + simplex[i, low]
                            )
                            size += abs(simplex[i, j] - simplex[i, low])
                if size < oldsize:
                    oldsize = size
                else:
                    fail = 10
                    break
        if funcount > maxit:
            break
    if funcount > maxit:
        fail = 1
    return simplex[:n, low].copy(), float(simplex[n, low]), funcount, fail


# --------------------------------------------------------------------------------------
# builders


def _validate_estimates(estimates: Any, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Weights and thresholds (rows, len(columns)) [count] of the rows with weight > 0 of a
    table of estimates: a pandas DataFrame or anything with ``columns`` and ``table[name]``
    (:class:`assay.importers.mapmark4.EstimatesTable`; pandas is not imported for it)."""
    names = list(estimates.columns)
    missing = [c for c in ("Weight", *columns) if c not in names]
    if missing:
        raise ValueError(f"estimates lack column(s) {', '.join(missing)}")
    values = np.column_stack(
        [np.asarray(estimates[c], dtype=float).reshape(-1) for c in ("Weight", *columns)]
    )
    if np.isnan(values).any():
        raise ValueError("estimates have missing entries")
    if (values < 0).any():
        raise ValueError("estimates have negative values")
    ordered = np.all(np.diff(values[:, 1:], axis=1) >= 0, axis=1)
    if not ordered.all():
        row = int(np.flatnonzero(~ordered)[0]) + 1
        raise ValueError(f"estimates row {row}: thresholds must be non-decreasing")
    positive = values[:, 0] > 0
    if not positive.any():
        raise ValueError("estimates: all weights are zero")
    return values[positive, 0], values[positive, 1:]


def _r_seq(start: float, stop: float, length: int) -> np.ndarray:
    """R's ``seq(from, to, length.out)``: from + (0:(n-1)) * by, last element exactly ``to``."""
    if length == 1:
        return np.array([start])
    by = (stop - start) / (length - 1)
    out = start + np.arange(length) * by
    out[-1] = stop
    return out


def negbinomial_pmf(
    estimates: Any,
    *,
    n_grid_points: int = 40,
    power: float = 1.0,
    optimize: bool = True,
    prob_right_tail: float = 0.001,
) -> NDepositsPmf:
    """Negative binomial pmf fitted to experts' N90, N50, N10 (MapMark4 ``CalcNegBinomialPmf``).

    The cost of parameters (prob, size) is
    ``sum_k Weight_k * sum_q |qnbinom(q, size, prob, lower.tail=FALSE) - N_q,k| ** power``
    for q in (0.9, 0.5, 0.1). It is evaluated on a grid of ``n_grid_points`` means from the
    weighted mean of N90 (+0.01) to that of N10, and for each mean ``n_grid_points`` variances
    from mean + 0.01 to (meanN10 - meanN90)^2; prob = mean/var, size = mean prob/(1 - prob).
    The first grid minimum in R's column-major order starts R's Nelder-Mead
    (:func:`nelder_mead_r`). The pmf on 0..qnbinom(1 - prob_right_tail) keeps values not
    below the last one, renormalised (Ellefsen, 2017, USGS TM 7-C14, MapMark4 v1.0).

    Parameters
    ----------
    estimates : pandas.DataFrame or assay.importers.mapmark4.EstimatesTable
        Columns ``Weight, N90, N50, N10`` [count]; rows with zero weight are dropped.
    """
    weights, targets = _validate_estimates(estimates, ("N90", "N50", "N10"))

    def total_cost(fitted: np.ndarray) -> np.ndarray:
        # R: for each expert k, cost <- cost + sum(Weight_k * |fitted - N_k|^power), with R's
        # sum() accumulating in long double; the same order and precision here, so that ties
        # between grid points resolve as in R.
        terms = weights[None, :, None] * np.abs(fitted[:, None, :] - targets[None]) ** power
        per_expert = terms.astype(np.longdouble).sum(axis=2).astype(float)
        result = np.zeros(len(fitted))
        for k in range(per_expert.shape[1]):
            result = result + per_expert[:, k]
        return result

    def cost(params: np.ndarray) -> float:
        prob, size = float(params[0]), float(params[1])
        fitted = np.array([[qnbinom_upper(q, size, prob) for q in (0.90, 0.50, 0.10)]])
        if np.isnan(fitted).any():
            return float("nan")
        return float(total_cost(fitted)[0])

    low_bound = float(np.sum(targets[:, 0] * weights) / np.sum(weights))
    up_bound = float(np.sum(targets[:, 2] * weights) / np.sum(weights))
    mean_seq = _r_seq(low_bound + 0.01, up_bound, n_grid_points)
    var_max = (up_bound - low_bound) ** 2
    grid_prob = np.empty((n_grid_points, n_grid_points))
    grid_size = np.empty_like(grid_prob)
    for i, mean in enumerate(mean_seq):
        var_seq = _r_seq(mean + 0.01, var_max, n_grid_points)
        grid_prob[i] = mean / var_seq
        grid_size[i] = mean * grid_prob[i] / (1 - grid_prob[i])
    fitted = np.stack(
        [qnbinom_upper_array(q, grid_size.ravel(), grid_prob.ravel()) for q in (0.9, 0.5, 0.1)],
        axis=1,
    )  # (grid points, 3)
    with np.errstate(invalid="ignore"):
        grid_cost = total_cost(fitted).reshape(n_grid_points, n_grid_points)
    grid_cost[np.isnan(grid_cost)] = np.inf
    flat = int(np.argmin(grid_cost.ravel(order="F")))  # R's which.min is column-major
    i0, j0 = flat % n_grid_points, flat // n_grid_points
    start = np.array([grid_prob[i0, j0], grid_size[i0, j0]])
    params: dict[str, Any] = {
        "grid_prob": float(start[0]),
        "grid_size": float(start[1]),
        "grid_cost": float(grid_cost[i0, j0]),
    }
    if optimize:
        par, value, fncount, convergence = nelder_mead_r(cost, start)
        if convergence > 0:
            raise ValueError(f"negative binomial fit: Nelder-Mead did not converge ({convergence})")
        prob, size = float(par[0]), float(par[1])
        params.update({"cost": value, "fncount": fncount})
    else:
        prob, size = float(start[0]), float(start[1])
        params["cost"] = params["grid_cost"]
    if not (0 < prob < 1 and size > 0):
        raise ValueError(f"negative binomial fit gave invalid parameters prob={prob}, size={size}")
    params = {"prob": prob, "size": size, **params}
    upper = _qnbinom_lower(1 - prob_right_tail, size, prob)
    n = np.arange(upper + 1)
    pmf = nbinom_pmf(n, size, prob)
    keep = ~(pmf < pmf[-1])
    n, pmf = n[keep], pmf[keep]
    return NDepositsPmf(n, pmf / pmf.sum(), "negbinomial", params, estimates.copy())


def _thresholds(values: Sequence[int] | np.ndarray) -> np.ndarray:
    nd = np.asarray(values)
    if nd.ndim != 1 or len(nd) not in (3, 5, 7, 9):
        raise ValueError(f"the number of thresholds must be 3, 5, 7 or 9, not {nd.size}")
    if np.any(nd < 0) or np.any(nd != np.round(nd)):
        raise ValueError("thresholds must be non-negative integers")
    if np.any(np.diff(nd) < 0):
        raise ValueError("thresholds must be non-decreasing")
    return nd.astype(int)


# Mark3B stores its threshold probabilities as Fortran default (single precision) reals.
_DISTP_SINGLE = np.array(list(ELICITATION_LEVELS.values()), dtype=np.float32).astype(float)


def _mark3_single(thresholds: np.ndarray) -> np.ndarray:
    inod = len(thresholds)
    nd = np.concatenate([[0], thresholds]) + 1  # 1-based, ND(1) = 1
    d = nd.astype(float)
    xx = np.zeros(nd[inod] + 1)  # index 1..ND(INOD+1) used; xx[0] unused
    distp = _DISTP_SINGLE
    gap = nd[1] - nd[0]
    if gap == 0:
        xx[nd[0]] = 1.0 - distp[0]
    else:
        dum = (1.0 - distp[0]) / (2 * (d[1] - d[0]) + 1)
        for el in range(nd[0], nd[1] + 1):
            xx[el] += dum if el == nd[1] else 2.0 * dum
    for i in range(1, inod):  # Fortran I = 2..INOD
        gap = nd[i + 1] - nd[i]
        delta = distp[i - 1] - distp[i]
        if gap == 0:
            dum = delta
        elif gap == 1:
            dum = delta / 2.0
        else:
            dum = delta / (2.0 * (gap - 1.0) + 2.0)
        for el in range(nd[i], nd[i + 1] + 1):
            if el == nd[i] or el == nd[i + 1]:
                xx[el] += dum
            else:
                xx[el] += 2.0 * dum
    xx[nd[inod]] += distp[inod - 1]
    return xx[1:]


def _mark4_single(thresholds: np.ndarray, max_deposits: int) -> np.ndarray:
    f32 = np.float32
    inod = len(thresholds)
    nd = np.concatenate([[0], thresholds]).astype(int)  # nd[1..inod] = thresholds (1-based)
    maxd = int(max_deposits)
    xx = np.zeros(maxd + 2)  # Fortran xx(1..maxd+1) -> xx[1..maxd+1]
    frac1 = float(f32({3: 0.1, 5: 0.01, 7: 0.001, 9: 0.0001}[inod]))
    if maxd > nd[inod]:
        for i in range(nd[inod] + 1, maxd + 2):
            xx[i] = frac1 / float(f32(maxd + 1 - nd[inod]))
    else:
        xx[nd[inod] + 1] = frac1

    def spread(amount: float, lo: int, hi: int) -> None:
        # probability `amount` over lo+1..hi (Fortran indices), or at hi+1 when lo == hi
        if hi > lo:
            for i in range(lo + 1, hi + 1):
                xx[i] = float(f32(amount) / f32(hi - lo))
        else:
            xx[hi + 1] += float(f32(amount))

    if inod == 9 and nd[8] > 0:
        spread(0.0004, nd[8], nd[9])
        if nd[7] > 0:
            spread(0.0005, nd[7], nd[8])
    if inod >= 7 and nd[6] > 0:
        spread(0.004, nd[6], nd[7])
        if nd[5] > 0:
            spread(0.005, nd[5], nd[6])
    if inod >= 5 and nd[4] > 0:
        spread(0.04, nd[4], nd[5])
        if nd[3] > 0:
            spread(0.05, nd[3], nd[4])
    if nd[2] > 0:
        spread(0.4, nd[2], nd[3])
        if nd[1] > 0:
            spread(0.4, nd[1], nd[2])
    if nd[1] > 0:
        for i in range(1, nd[1] + 1):
            xx[i] = float(f32(0.1) / f32(nd[1]))
    elif nd[2] > 0:
        for i in range(1, nd[2] + 1):
            xx[i] = float(f32(0.5) / f32(nd[2]))
    elif nd[3] > 0:
        for i in range(1, nd[3] + 1):
            xx[i] = float(f32(0.9) / f32(nd[3]))
    return xx[1 : maxd + 2]


def _pool(
    rows: list[np.ndarray], weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:  # linear opinion pool of pmfs on 0..len-1
    length = max(len(r) for r in rows)
    total = np.zeros(length)
    for r, w in zip(rows, weights, strict=True):
        total[: len(r)] += w * r
    total /= weights.sum()
    return np.arange(length), total


def _threshold_rows(
    thresholds: Sequence[int] | np.ndarray | pd.DataFrame,
) -> tuple[list[np.ndarray], np.ndarray, pd.DataFrame | None]:
    if hasattr(thresholds, "columns"):  # a pandas DataFrame (pandas is not imported for it)
        levels = [c for c in ELICITATION_LEVELS if c in thresholds.columns]
        weights, values = _validate_estimates(thresholds, levels)
        rows = [_thresholds(r) for r in values]
        return rows, weights, thresholds.copy()
    return [_thresholds(thresholds)], np.ones(1), None


def mark3_pmf(thresholds: Sequence[int] | np.ndarray | pd.DataFrame) -> NDepositsPmf:
    """Mark3 pmf (Root, Menzie and Scott, 1992; Mark3B subroutine ``Mark3Pmf``).

    ``thresholds`` are N90, N50, N10 [, N05, N01 [, N005, N001 [, N0005, N0001]]] [count]
    (3, 5, 7 or 9 of them). From 0 to N90 the probability 0.1 is spread with half weight at
    N90; each later interval spreads the difference of its two exceedance levels, with half
    weight at its ends; the last threshold takes the final level. The level constants are
    single-precision as in the Fortran (0.9 is 0.899999976...).

    A table of several experts' rows (with ``Weight``) gives the weighted average of their
    pmfs (a linear opinion pool).
    """
    rows, weights, est = _threshold_rows(thresholds)
    n, probs = _pool([_mark3_single(r) for r in rows], weights)
    keep = probs > 0
    params = {"thresholds": rows[0].tolist()} if len(rows) == 1 else {"n_experts": len(rows)}
    return NDepositsPmf(n[keep], probs[keep], "mark3", params, est)


def mark4_pmf(
    thresholds: Sequence[int] | np.ndarray | pd.DataFrame, max_deposits: int | None = None
) -> NDepositsPmf:
    """Mark4 pmf (J. D. Phillips' revision of Mark3, subroutine ``Mark4Pmf`` in MapMark4).

    Probability is uniform within each interval between thresholds (0.4 above and below the
    median, then 0.05, 0.04, ...); the last level (0.1, 0.01, 0.001 or 0.0001) is spread
    uniformly over (last threshold, ``max_deposits``]; the low end gets 0.1/N90 on each of
    0..N90-1 (or 0.5/N50, 0.9/N10 when the lower thresholds are 0).

    Parameters
    ----------
    thresholds
        As for :func:`mark3_pmf`.
    max_deposits : int, optional
        Largest number with non-zero probability [count]; default the last threshold + 5
        (the convention of the MapWizard test vectors).
    """
    rows, weights, est = _threshold_rows(thresholds)
    last = max(int(r[-1]) for r in rows)
    maxd = last + 5 if max_deposits is None else int(max_deposits)
    if maxd < last:
        raise ValueError(f"max_deposits must be >= {last}, not {maxd}")
    n, probs = _pool([_mark4_single(r, maxd) for r in rows], weights)
    keep = probs > 0
    params: dict[str, Any] = {"max_deposits": maxd}
    if len(rows) == 1:
        params["thresholds"] = rows[0].tolist()
    else:
        params["n_experts"] = len(rows)
    return NDepositsPmf(n[keep], probs[keep], "mark4", params, est)


def custom_pmf(
    n_deposits: Sequence[int] | np.ndarray, relative_probabilities: Sequence[float] | np.ndarray
) -> NDepositsPmf:
    """User-specified pmf (MapMark4 ``CalcCustomPmf``): ``relative_probabilities / sum``.

    ``n_deposits`` must be non-negative integers in strictly ascending order and the relative
    probabilities non-negative with a positive sum.
    """
    n = np.asarray(n_deposits)
    p = np.asarray(relative_probabilities, dtype=float)
    if n.ndim != 1 or n.size == 0 or n.shape != p.shape:
        raise ValueError("n_deposits and relative_probabilities must be equal-length vectors")
    if np.any(n < 0) or np.any(n != np.round(n)):
        raise ValueError("n_deposits must be non-negative integers")
    if np.any(np.diff(n) <= 0):
        raise ValueError("n_deposits must be strictly ascending")
    if np.any(p < 0) or not np.isfinite(p).all() or p.sum() <= 0:
        raise ValueError("relative probabilities must be >= 0 with a positive sum")
    return NDepositsPmf(n.astype(int), p / p.sum(), "custom", {})
