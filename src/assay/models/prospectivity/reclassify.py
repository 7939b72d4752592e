"""Reclassification of continuous evidence into integer classes: explicit bins, equal
intervals, quantiles and natural breaks (Jenks / Fisher optimal classification).

Class numbers run 1..k from the lowest values up; nodata (NaN, or cells off ``valid``)
becomes ``nodata_class``.
"""

from __future__ import annotations

import numpy as np

METHODS = ("bins", "equal", "quantile", "natural")


def classify(
    values: np.ndarray,
    breaks: np.ndarray,
    valid: np.ndarray | None = None,
    nodata_class: int = 0,
) -> np.ndarray:
    """Classes 1..len(breaks)+1 from upper class limits ``breaks`` (x ≤ break → that class).

    Parameters
    ----------
    values : numpy.ndarray
        Continuous values.
    breaks : numpy.ndarray
        Increasing upper limits of classes 1..k−1; values above the last break are class k.
    valid : numpy.ndarray, optional
        Boolean mask of cells with data (default: finite values).
    nodata_class : int
        Class of cells without data.

    Returns
    -------
    numpy.ndarray
        int32 classes.
    """
    x = np.asarray(values)
    b = np.asarray(breaks, dtype=np.float64)
    if np.any(np.diff(b) <= 0):
        raise ValueError("class breaks must increase strictly")
    ok = np.isfinite(x) if valid is None else (np.asarray(valid, bool) & np.isfinite(x))
    out = np.searchsorted(b, x, side="left").astype(np.int32) + 1
    return np.where(ok, out, np.int32(nodata_class))


def equal_interval_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """k − 1 inner breaks splitting [min, max] into k equal intervals."""
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    return np.linspace(x.min(), x.max(), k + 1)[1:-1]


def quantile_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """k − 1 inner breaks at the i/k quantiles (duplicates removed)."""
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    return np.unique(np.quantile(x, np.arange(1, k) / k))


def natural_breaks(values: np.ndarray, k: int, max_sample: int = 3000, seed: int = 0) -> np.ndarray:
    """Jenks natural breaks: the k classes minimising the within-class sum of squared
    deviations, by Fisher's exact dynamic programme (Fisher 1958, *J. Am. Stat. Assoc.*
    53, 789-798; Jenks 1967).

    Large inputs are first reduced to a random sample of ``max_sample`` values (as ArcGIS
    does); ``seed`` fixes it.

    Returns
    -------
    numpy.ndarray
        k − 1 inner breaks (the upper value of classes 1..k−1).
    """
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    if x.size > max_sample:
        rng = np.random.default_rng(seed)
        x = np.concatenate([rng.choice(x, max_sample - 2, replace=False), [x.min(), x.max()]])
    x = np.sort(x)
    n = x.size
    if k < 2:
        return np.array([])
    if len(np.unique(x)) <= k:
        return np.unique(x)[:-1]
    c1 = np.concatenate([[0.0], np.cumsum(x)])
    c2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(i: np.ndarray, j: int) -> np.ndarray:
        # sum of squared deviations of x[i:j] (i vector, j scalar, i < j)
        m = j - i
        s = c1[j] - c1[i]
        return (c2[j] - c2[i]) - s * s / m

    # cost[m][j]: best cost of splitting x[:j] into m classes; arg[m][j]: start of last class
    cost = np.full((k + 1, n + 1), np.inf)
    arg = np.zeros((k + 1, n + 1), dtype=np.int64)
    j_all = np.arange(1, n + 1)
    cost[1, 1:] = c2[1:] - c1[1:] ** 2 / j_all
    for m in range(2, k + 1):
        for j in range(m, n + 1):
            i = np.arange(m - 1, j)
            total = cost[m - 1, i] + ssd(i, j)
            best = int(np.argmin(total))
            cost[m, j] = total[best]
            arg[m, j] = i[best]
    starts = []
    j = n
    for m in range(k, 1, -1):
        i = arg[m, j]
        starts.append(i)
        j = i
    starts = sorted(starts)
    return np.array([x[s - 1] for s in starts])


def reclassify(
    values: np.ndarray,
    method: str,
    k: int = 5,
    breaks: np.ndarray | None = None,
    valid: np.ndarray | None = None,
    nodata_class: int = 0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Reclassify a continuous grid by ``method`` (:data:`METHODS`).

    Returns
    -------
    classes : numpy.ndarray
        int32 classes 1..k (``nodata_class`` off ``valid``).
    breaks : numpy.ndarray
        The inner breaks used.
    """
    x = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(x) if valid is None else (np.asarray(valid, bool) & np.isfinite(x))
    data = x[ok]
    if data.size == 0:
        raise ValueError("nothing to reclassify: every cell is nodata")
    if method == "bins":
        if breaks is None or len(breaks) == 0:
            raise ValueError("explicit bins need breaks")
        b = np.asarray(breaks, dtype=np.float64)
    elif method == "equal":
        b = equal_interval_breaks(data, k)
    elif method == "quantile":
        b = quantile_breaks(data, k)
    elif method == "natural":
        b = natural_breaks(data, k, seed=seed)
    else:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    return classify(x, b, ok, nodata_class), b
