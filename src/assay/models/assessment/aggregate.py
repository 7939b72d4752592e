"""Regional totals of many tracts, with rank correlation between tracts (Iman-Conover).

Each tract's simulation gives ``draws`` totals per material. Added draw by draw, they give
the regional total of independent tracts (the tracts were simulated with independent seeds).
Dependence between tracts (a shared geological control, shared experts) is induced by
reordering each tract's draws so that their ranks follow a target rank-correlation matrix:
the distribution-free method of Iman and Conover (1982, A distribution-free approach to
inducing rank correlation among input variables: Communications in Statistics - Simulation
and Computation 11(3), 311-334, doi:10.1080/03610918208812265), which keeps every tract's
marginal distribution exactly (only the pairing of draws changes):

1. scores a_i = Phi^-1(i / (n + 1)) (van der Waerden), each column of R (n x k) an
   independent random permutation of them;
2. with C = P P^T the target and T = Q Q^T the correlation of R (Cholesky), R* = R (P Q^-1)^T
   has correlation C exactly;
3. each tract's draws are rearranged to have the ranks of its column of R*.

Because the scores are normal, C is set to 2 sin(pi rho / 6) for a target rank (Spearman)
correlation rho (the relation between the Pearson and the Spearman correlation of a
bivariate normal), so the tracts' ranks get rho itself.

Fully correlated tracts are comonotonic: every tract's draws sorted, so the regional
quantiles are the sums of the tracts' quantiles. MapWizard (gtkfi) aggregates tracts with a
user correlation matrix in the same spirit. The reordering is done per material with one
score matrix, so every material's regional total has the same dependence between tracts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .streaming import quantile_from_order_statistics, quantile_positions
from .totals import QUANTILE_LEVELS

__all__ = [
    "correlation_matrix",
    "iman_conover_ranks",
    "aggregate_totals",
    "spearman_matrix",
]


def correlation_matrix(k: int, rho: float) -> np.ndarray:
    """k x k matrix with 1 on the diagonal and ``rho`` elsewhere (one correlation between
    every pair of tracts)."""
    if not -1.0 / max(k - 1, 1) <= rho <= 1.0:
        raise ValueError(
            f"a common correlation between {k} tracts must be in [{-1 / max(k - 1, 1):.3g}, 1]"
            f" to be a valid correlation matrix, not {rho}"
        )
    c = np.full((k, k), float(rho))
    np.fill_diagonal(c, 1.0)
    return c


def _check_correlation(c: np.ndarray, k: int) -> np.ndarray:
    c = np.asarray(c, dtype=float)
    if c.shape != (k, k):
        raise ValueError(f"the correlation matrix must be {k} x {k}, not {c.shape}")
    if not np.allclose(c, c.T) or not np.allclose(np.diag(c), 1.0) or np.any(np.abs(c) > 1):
        raise ValueError("the correlation matrix must be symmetric, with 1 on the diagonal")
    if np.linalg.eigvalsh(c).min() < -1e-10:
        raise ValueError("the correlation matrix is not positive semi-definite")
    return c


def _ndtri(p: np.ndarray) -> np.ndarray:
    from scipy import special

    return special.ndtri(p)


def iman_conover_ranks(n: int, correlation: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ranks (n, k), 0-based, whose columns have (approximately) the rank correlation
    ``correlation`` (Iman and Conover, 1982; module docstring).

    A singular (semi-definite) target is made definite by adding 1e-9 to the diagonal and
    rescaling; the all-ones matrix (comonotonic) needs no scores: every column is 0..n-1.
    """
    c = np.asarray(correlation, dtype=float)
    k = c.shape[0]
    if np.allclose(c, 1.0):
        return np.tile(np.arange(n)[:, None], (1, k))
    scores = _ndtri(np.arange(1, n + 1) / (n + 1))
    r = np.column_stack([rng.permutation(scores) for _ in range(k)])
    if np.allclose(c, np.eye(k)):
        target_root = np.eye(k)
    else:
        # The scores are normal, and a bivariate normal with correlation r has rank
        # correlation (6 / pi) arcsin(r / 2): ask for r = 2 sin(pi rho / 6)
        # so that the ranks get rho. The result may lose definiteness: clip eigenvalues.
        c = 2 * np.sin(np.pi * c / 6)
        w, v = np.linalg.eigh(c)
        c = (v * np.clip(w, 1e-9, None)) @ v.T
        jitter = c + 1e-9 * np.eye(k)
        jitter /= np.sqrt(np.outer(np.diag(jitter), np.diag(jitter)))
        target_root = np.linalg.cholesky(jitter)
    current_root = np.linalg.cholesky(np.corrcoef(r, rowvar=False).reshape(k, k))
    transform = target_root @ np.linalg.inv(current_root)
    r_star = r @ transform.T
    return np.argsort(np.argsort(r_star, axis=0, kind="stable"), axis=0, kind="stable")


def spearman_matrix(x: np.ndarray) -> np.ndarray:
    """Spearman rank correlation of the columns of ``x`` (average ranks for ties).

    Parameters
    ----------
    x : numpy.ndarray
        Observations (n, k), one variable per column.

    Returns
    -------
    numpy.ndarray
        (k, k) rank-correlation matrix, 1 on the diagonal; (1, 1) for one column.
    """
    from scipy import stats

    k = x.shape[1]
    if k < 2:
        return np.ones((1, 1))
    rho = stats.spearmanr(x).statistic
    if np.ndim(rho) == 0:
        # scipy returns the scalar correlation (not a matrix) for exactly two columns
        rho = np.array([[1.0, float(rho)], [float(rho), 1.0]])
    return np.asarray(rho, dtype=float).reshape(k, k)


def _summary(total: np.ndarray, levels: Sequence[float]) -> dict[str, Any]:
    srt = np.sort(total)
    lo, hi, gamma = quantile_positions(len(srt), np.asarray(levels))
    q = quantile_from_order_statistics(srt[lo], srt[hi], gamma)
    mean = float(total.mean())
    return {
        "quantiles": {f"{p:g}": float(v) for p, v in zip(levels, q, strict=True)},
        "mean": mean,
        "sd": float(total.std(ddof=1)) if len(total) > 1 else 0.0,
        "p_zero": float(np.count_nonzero(total == 0) / len(total)),
        "p_exceed_mean": float(np.count_nonzero(total > mean) / len(total)),
        "units": "t",
    }


def aggregate_totals(
    tract_totals: Sequence[np.ndarray],
    materials: Sequence[str],
    correlation: np.ndarray | float,
    seed: int = 0,
    levels: Sequence[float] = QUANTILE_LEVELS,
) -> dict[str, Any]:
    """Regional totals of ``k`` tracts: independent, correlated as asked, fully correlated.

    Parameters
    ----------
    tract_totals : sequence of numpy.ndarray
        Per tract, the simulated totals (draws, n_materials) [t], columns in ``materials``
        order; every tract with the same number of draws.
    materials : sequence of str
        Material names (e.g. ``Ore``, ``Cu``, ``Au``).
    correlation : numpy.ndarray or float
        Target rank correlation between tracts: a k x k matrix, or one value for every pair.
    seed : int
        Seed of the Iman-Conover score permutations.
    levels : sequence of float
        Quantile levels (R type 7).

    Returns
    -------
    dict
        ``{"independent"|"correlated"|"fully_correlated": {material: {"quantiles", "mean",
        "sd", "p_zero", "p_exceed_mean", "units"}}, "tract_sum": {material: {"mean",
        "quantiles"}}`` (sums of the tracts' means and quantiles: the analytic values of the
        independent mean and of the fully correlated quantiles), ``"correlation"`` (target),
        ``"achieved_rank_correlation"`` (mean off-diagonal Spearman of the reordered tracts'
        first material), ``"draws"``, ``"tracts"``, ``"method"``.
    """
    k = len(tract_totals)
    if k == 0:
        raise ValueError("no tracts to aggregate")
    draws = {len(t) for t in tract_totals}
    if len(draws) != 1:
        raise ValueError(f"every tract needs the same number of draws, not {sorted(draws)}")
    n = draws.pop()
    n_mat = len(materials)
    stacked = [np.asarray(t, dtype=float).reshape(n, -1) for t in tract_totals]
    if any(t.shape[1] != n_mat for t in stacked):
        raise ValueError("every tract needs the same materials")
    target = (
        correlation_matrix(k, float(correlation))
        if np.ndim(correlation) == 0
        else _check_correlation(np.asarray(correlation), k)
    )
    ranks = iman_conover_ranks(n, target, np.random.default_rng(seed))
    out: dict[str, Any] = {
        "independent": {},
        "correlated": {},
        "fully_correlated": {},
        "tract_sum": {},
    }
    achieved = None
    for j, material in enumerate(materials):
        columns = np.column_stack([t[:, j] for t in stacked])  # (n, k)
        # sort each tract's draws (stable: ties keep their random simulation order)
        ordered = np.take_along_axis(columns, np.argsort(columns, axis=0, kind="stable"), axis=0)
        correlated = np.take_along_axis(ordered, ranks, axis=0)
        out["independent"][material] = _summary(columns.sum(axis=1), levels)
        out["correlated"][material] = _summary(correlated.sum(axis=1), levels)
        out["fully_correlated"][material] = _summary(ordered.sum(axis=1), levels)
        lo, hi, gamma = quantile_positions(n, np.asarray(levels))
        per_tract_q = quantile_from_order_statistics(
            ordered[lo], ordered[hi], gamma[:, None]
        )  # (levels, k)
        out["tract_sum"][material] = {
            "mean": float(columns.mean(axis=0).sum()),
            "quantiles": {
                f"{p:g}": float(v) for p, v in zip(levels, per_tract_q.sum(axis=1), strict=True)
            },  # fmt: skip
        }
        if j == 0 and k > 1:
            rho = spearman_matrix(correlated)
            achieved = float(rho[~np.eye(k, dtype=bool)].mean())
    out.update(
        {
            "correlation": target.tolist(),
            "achieved_rank_correlation": achieved,
            "draws": n,
            "tracts": k,
            "materials": list(materials),
            "method": "Iman and Conover (1982), Commun. Stat. Simul. Comput. 11(3), 311-334: "
            "rank correlation induced between tracts by reordering their draws",
        }
    )
    return out
