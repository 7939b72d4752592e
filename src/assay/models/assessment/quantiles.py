"""Sample quantiles as ``numpy.quantile`` (method ``linear``, R type 7), from one sort.

``numpy.quantile`` partitions a copy of the data at every needed order statistic and adds
several passes of bookkeeping; :func:`type7_quantiles` sorts once (numpy's vectorised sort)
or partitions at a single order statistic, and interpolates with numpy's own formula, so
the values are identical to ``np.quantile(values, levels)`` (Hyndman and Fan, 1996, The
American Statistician 50(4), 361-365, definition 7), several times faster for 1e6 values.
"""

from __future__ import annotations

import numpy as np

__all__ = ["quantile_positions", "lerp", "type7_quantiles"]


def quantile_positions(n: int, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """numpy's ``linear`` virtual indices, as numpy computes them: previous and next 0-based
    order statistics and the interpolation weight."""
    q = np.asarray(levels, dtype=float)
    virtual = (n - 1) * q
    previous = np.floor(virtual)
    nxt = previous + 1
    previous = np.clip(previous, 0, n - 1)
    nxt = np.clip(nxt, 0, n - 1)
    gamma = virtual - np.floor(virtual)
    return previous.astype(np.int64), nxt.astype(np.int64), gamma


def lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's ``_lerp`` (the same rounding as ``np.quantile``)."""
    diff = b - a
    out = np.add(a, diff * t)
    np.subtract(b, diff * (1 - t), out=out, where=t >= 0.5)
    return out


def type7_quantiles(
    values: np.ndarray, levels: np.ndarray | tuple[float, ...], overwrite: bool = False
) -> np.ndarray:
    """``np.quantile(values, levels)`` for a 1-d array without NaN.

    Parameters
    ----------
    values : numpy.ndarray
        The sample (n,).
    levels : array_like
        Quantile levels in [0, 1].
    overwrite : bool
        Partition ``values`` in place instead of a copy.
    """
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n == 0:
        raise ValueError("quantiles of an empty sample")
    previous, nxt, gamma = quantile_positions(n, np.asarray(levels, dtype=float))
    # (sorted set, not np.unique: that imports numpy.ma, ~0.015 s of start-up)
    ranks = np.array(sorted(set(previous.tolist()) | set(nxt.tolist())), dtype=np.int64)
    # the extremes come from min and max (one pass each); the others from one partition
    inner = ranks[(ranks > 0) & (ranks < n - 1)]
    order_stats: dict[int, float] = {}
    low, high = x, x  # where the minimum and the maximum are searched
    if len(inner):
        work = x if overwrite else x.copy()
        if len(inner) > 1:
            # numpy's sort is vectorised (x86-simd-sort) and beats a partition at several
            # order statistics (1e6 values: ~6 ms against ~18 ms for 14 of them)
            work.sort()
        else:
            work.partition(inner)
        order_stats.update(zip(inner.tolist(), work[inner].tolist(), strict=True))
        # after the partition nothing below position inner[0] is larger than it, and
        # nothing above inner[-1] smaller: the extremes are in those ends
        low, high = work[: inner[0] + 1], work[inner[-1] :]
    if ranks[0] == 0:
        order_stats[0] = float(low.min())
    if ranks[-1] == n - 1:
        order_stats[n - 1] = float(high.max())
    a = np.array([order_stats[int(r)] for r in previous])
    b = np.array([order_stats[int(r)] for r in nxt])
    return lerp(a, b, gamma)
