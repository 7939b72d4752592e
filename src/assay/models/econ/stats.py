"""Summary statistics of per-simulation totals, as MapMark4 and RAEF tabulate them.

MapMark4's ``_08_SIM_Contained_Stats`` and RAEF's ``EF_04`` give Means, Max, Min, Median,
STD, P99 … P1, Prob of Zero and Prob >= Mean. Their "P" columns are *exceedance*
percentiles: ``P90`` is the value exceeded in 90 % of simulations, i.e. the 10th percentile.
Quantiles are R's default ``quantile(type = 7)`` (linear interpolation; numpy's ``"linear"``),
zeros included; STD is the sample standard deviation (n − 1).
"""

from __future__ import annotations

import numpy as np

EXCEEDANCE_LEVELS: tuple[int, ...] = (99, 90, 80, 70, 60, 50, 40, 30, 20, 10, 1)

QUANTILE_CONVENTION = (
    "RAEF/MapMark4 exceedance naming: P90 is the value exceeded with probability 0.90, "
    "i.e. the 10th percentile (R quantile type 7, zeros included)"
)


def exceedance_quantiles(totals: np.ndarray) -> dict[str, float]:
    """``{"P99": q(0.01), "P90": q(0.10), …, "P1": q(0.99)}`` of the totals."""
    totals = np.asarray(totals, dtype=float)
    probs = [1.0 - level / 100.0 for level in EXCEEDANCE_LEVELS]
    values = np.quantile(totals, probs, method="linear")
    return {f"P{level}": float(v) for level, v in zip(EXCEEDANCE_LEVELS, values, strict=True)}


def summarise_totals(totals: np.ndarray) -> dict[str, object]:
    """Mean, sd, min, median, max, exceedance quantiles, P(0) and P(>= mean) of totals.

    Parameters
    ----------
    totals : array (n_simulations,)
        One total per simulation (zero for a simulation with nothing).
    """
    totals = np.asarray(totals, dtype=float)
    if not totals.size:
        nan = float("nan")
        return {
            "mean": nan,
            "sd": nan,
            "min": nan,
            "median": nan,
            "max": nan,
            "quantiles": {},
            "p_zero": nan,
            "p_ge_mean": nan,
        }
    mean = float(totals.mean())
    quantiles = exceedance_quantiles(totals)
    return {
        "mean": mean,
        "sd": float(totals.std(ddof=1)) if totals.size > 1 else 0.0,
        "min": float(totals.min()),
        "median": quantiles["P50"],
        "max": float(totals.max()),
        "quantiles": quantiles,
        "p_zero": float(np.mean(totals == 0)),
        "p_ge_mean": float(np.mean(totals >= mean)),
    }
