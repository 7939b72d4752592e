"""Market concentration: shares, competition ranks and the Herfindahl-Hirschman index.

Pure functions on numpy arrays; no store access.

References
----------
Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*. University
of California Press (the index of concentration, square root form).
Herfindahl, O. C. (1950). *Concentration in the U.S. Steel Industry*. PhD thesis,
Columbia University.
U.S. Department of Justice and Federal Trade Commission (1992, revised 1997). *Horizontal
Merger Guidelines*, §1.51: post-merger HHI below 1,000 unconcentrated, between 1,000 and
1,800 moderately concentrated, above 1,800 highly concentrated (the 1,000/1,800 thresholds
of the U.S. Department of Justice 1982 and 1984 *Merger Guidelines*).
U.S. Department of Justice and Federal Trade Commission (2023). *Merger Guidelines*,
18 December 2023, §2.1 (Guideline 1): HHI as the sum of squared market shares in percent,
on 0-10,000; a market with HHI greater than 1,800 is highly concentrated, and a change of
more than 100 there triggers the structural presumption. The 2023 text defines no
"moderately concentrated" or "unconcentrated" band.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["competition_ranks", "hhi", "hhi_band", "order_free_sum", "shares"]


def order_free_sum(values: ArrayLike) -> float:
    """Sum of the non-NaN ``values``, exactly rounded (``math.fsum``).

    A float sum taken in input order (``np.sum``, ``np.nansum``) changes in the last bit when
    the same numbers arrive in another order, e.g. countries read from a dict or a database
    group whose order differs between processes. The exactly rounded sum is one number for a
    given multiset, so a score traceable to its inputs is reproducible byte for byte.

    Examples
    --------
    >>> order_free_sum([0.1, 0.2, 0.3]) == order_free_sum([0.3, 0.2, 0.1]) == 0.6
    True
    """
    arr = np.asarray(values, dtype=float).ravel()
    return math.fsum(arr[~np.isnan(arr)].tolist())


def shares(values: ArrayLike, total: float | None = None) -> NDArray[np.float64]:
    """Shares of ``total`` in percent [%].

    Parameters
    ----------
    values : array_like
        Non-negative quantities (NaN for unknown values; their share is NaN).
    total : float, optional
        The denominator, e.g. a published world total. Default: the sum of the finite
        ``values``.

    Returns
    -------
    numpy.ndarray
        ``100 * values / total``; all NaN when ``total`` is zero or not finite.
    """
    arr = np.asarray(values, dtype=float)
    denominator = order_free_sum(arr) if total is None else float(total)
    if not np.isfinite(denominator) or denominator == 0.0:
        return np.full(arr.shape, np.nan)
    return 100.0 * arr / denominator


def competition_ranks(values: ArrayLike) -> NDArray[np.float64]:
    """Standard competition ranks, largest first ("1224" ranking: 1, 2, 3, 3, 5).

    Equal values share the best rank of their group and the next rank skips accordingly.
    NaN values get rank NaN.

    Examples
    --------
    >>> competition_ranks([44, 22, 21, 21, 6.9]).tolist()
    [1.0, 2.0, 3.0, 3.0, 5.0]
    """
    arr = np.asarray(values, dtype=float)
    out = np.full(arr.shape, np.nan)
    finite = np.isfinite(arr)
    valid = arr[finite]
    # rank = 1 + number of values strictly greater
    sorted_desc = np.sort(valid)[::-1]
    greater = np.searchsorted(-sorted_desc, -valid, side="left")
    out[finite] = greater + 1
    return out


def hhi(shares_percent: ArrayLike | Sequence[float]) -> float:
    """Herfindahl-Hirschman index on 0-10,000 from shares in percent.

    ``HHI = sum_i s_i**2`` with ``s_i`` in percent (DOJ/FTC 2023 Merger Guidelines, §2.1).
    NaN shares are ignored. A single producer gives 10,000.

    Parameters
    ----------
    shares_percent : array_like
        Shares in percent [%] (0-100).

    Returns
    -------
    float
        The index [dimensionless, 0-10,000]; NaN when no share is finite.
    """
    arr = np.asarray(shares_percent, dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return float("nan")
    return order_free_sum(arr**2)


def hhi_band(value: float) -> str:
    """Concentration band of an HHI value [0-10,000].

    'unconcentrated' (< 1,000), 'moderately concentrated' (1,000-1,800) and 'highly
    concentrated' (> 1,800): the three bands and their names are those of the U.S. DOJ/FTC
    1992 (rev. 1997) Horizontal Merger Guidelines §1.51, thresholds first set in the DOJ
    1982 Merger Guidelines. Only the upper threshold agrees with the DOJ/FTC 2023 Merger
    Guidelines (§2.1, Guideline 1: HHI greater than 1,800 is highly concentrated); the
    2023 text has no 'moderately concentrated' or 'unconcentrated' band, so the two lower
    labels must not be cited to it. 'unknown' for a non-finite value. Other authorities'
    bands, each with its own citation: :mod:`assay.models.risk.concentration_thresholds`.
    """
    if not np.isfinite(value):
        return "unknown"
    if value > 1800:
        return "highly concentrated"
    if value >= 1000:
        return "moderately concentrated"
    return "unconcentrated"
