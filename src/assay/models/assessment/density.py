"""Deposit-density models: the number of deposits in a tract from its area, and a check of
experts' estimates against them.

Deposit density regressions (Singer, 2008, Mathematical Geosciences 40, 33-46; Singer and
Menzie, 2010, Quantitative Mineral Resource Assessments, Oxford University Press; Mosier,
Singer and Berger, 2007, USGS SIR 2007-5082) predict the number of deposits N in a
permissive tract from control tracts where exploration is mature:

    log10 N50 = a + b log10(area [km2])  (+ c log10(median deposit tonnage [Mt]))

With the regression's residual standard error s(y|x) over n control tracts, the 90 % and
10 % estimates are the one-sided prediction limits (t the 0.9 quantile of Student's t)

    log10 N10 = log10 N50 + t s(y|x) sqrt(1 + 1/n + sum_k (x_k - mean x_k)^2 / ((n - 1) var x_k)),

N90 with the minus sign (the predictors' covariance is not published, so they enter as if
uncorrelated: exact for one predictor). N is lognormal, so E[N] = N50 exp((ln 10 sigma)^2 / 2)
with sigma = (log10 N10 - log10 N50) / t. The density models count all deposits, known and
undiscovered: with K known deposits, the undiscovered ones have mean E[N] - K and, keeping
sigma, median (E[N] - K) exp(-(ln 10 sigma)^2 / 2).

The coefficients are in ``reference/deposit_density_models.csv`` (secondary: as tabulated
by GTK's MapWizard deposit density tool, which cites the publications; tested by refitting
the control tracts). MapWizard's own expected value omits the ln 10 factor; this module
uses the lognormal mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DensityModel",
    "density_model_from_row",
    "undiscovered_deposits",
    "elicitation_check",
]


@dataclass(frozen=True)
class DensityModel:
    """One deposit-density regression (module docstring); areas in km2, tonnage in Mt."""

    model: str
    deposit_type: str
    a: float
    b: float
    c: float | None
    t10: float
    syx: float
    n_tracts: int
    mean_log_area: float
    mean_log_median_tonnage: float | None
    var_log_area: float
    var_log_median_tonnage: float | None
    source_id: str
    note: str

    @property
    def needs_median_tonnage(self) -> bool:
        return self.c is not None


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def density_model_from_row(row: dict[str, str]) -> DensityModel:
    """A :class:`DensityModel` from a row of ``deposit_density_models.csv`` (strings)."""
    return DensityModel(
        model=row["model"],
        deposit_type=row["deposit_type"],
        a=float(row["a"]),
        b=float(row["b"]),
        c=_float(row["c"]),
        t10=float(row["t10"]),
        syx=float(row["syx"]),
        n_tracts=int(row["n_tracts"]),
        mean_log_area=float(row["mean_log_area"]),
        mean_log_median_tonnage=_float(row["mean_log_median_tonnage"]),
        var_log_area=float(row["var_log_area"]),
        var_log_median_tonnage=_float(row["var_log_median_tonnage"]),
        source_id=row["source_id"],
        note=row["note"],
    )


def undiscovered_deposits(
    model: DensityModel,
    area_km2: float,
    median_tonnage_mt: float | None = None,
    known: int = 0,
) -> dict[str, Any]:
    """Numbers of deposits of a tract by the density model (module docstring).

    Parameters
    ----------
    model : DensityModel
    area_km2 : float
        Permissive tract area [km2].
    median_tonnage_mt : float, optional
        Median deposit tonnage of the type [Mt]; needed by the general model.
    known : int
        Known (well-explored) deposits in the tract [count].

    Returns
    -------
    dict
        ``total`` (all deposits: ``n90``, ``n50``, ``n10``, ``mean``) and ``undiscovered``
        (the same after removing the known ones; None when ``known`` exceeds the mean),
        ``sigma_log10``, ``model``, ``source_id``, ``note``.
    """
    if not area_km2 > 0:
        raise ValueError(f"the tract area must be > 0 km2, not {area_km2}")
    if known < 0:
        raise ValueError(f"the number of known deposits must be >= 0, not {known}")
    x = math.log10(area_km2)
    log_n50 = model.a + model.b * x
    leverage = (x - model.mean_log_area) ** 2 / ((model.n_tracts - 1) * model.var_log_area)
    if model.needs_median_tonnage:
        if median_tonnage_mt is None or not median_tonnage_mt > 0:
            raise ValueError(f"the {model.model} model needs the median deposit tonnage [Mt] > 0")
        z = math.log10(median_tonnage_mt)
        log_n50 += model.c * z  # type: ignore[operator]
        leverage += (z - model.mean_log_median_tonnage) ** 2 / (  # type: ignore[operator]
            (model.n_tracts - 1) * model.var_log_median_tonnage  # type: ignore[operator]
        )
    half = model.t10 * model.syx * math.sqrt(1 + 1 / model.n_tracts + leverage)
    sigma = half / model.t10  # sd of log10 N of a new tract
    spread = math.exp((math.log(10) * sigma) ** 2 / 2)

    def percentiles(log_median: float) -> dict[str, float]:
        return {
            "n90": 10 ** (log_median - half),
            "n50": 10**log_median,
            "n10": 10 ** (log_median + half),
            "mean": 10**log_median * spread,
        }

    total = percentiles(log_n50)
    undiscovered = None
    if known < total["mean"]:
        undiscovered = percentiles(math.log10((total["mean"] - known) / spread))
    return {
        "model": model.model,
        "deposit_type": model.deposit_type,
        "area_km2": area_km2,
        "median_tonnage_mt": median_tonnage_mt,
        "known": known,
        "total": total,
        "undiscovered": undiscovered,
        "sigma_log10": sigma,
        "source_id": model.source_id,
        "note": model.note,
    }


def elicitation_check(
    estimates: dict[str, float],
    density: dict[str, Any],
) -> list[dict[str, str]]:
    """Flags where experts' estimates of undiscovered deposits (``N90``, ``N50``, ``N10``)
    disagree with the density model (:func:`undiscovered_deposits`) and the known deposits.

    Each flag is ``{"level": "warning"|"error", "check": ..., "message": ...}``: estimates
    out of order; known deposits above the model's N10 of all deposits (the tract or model
    is unlike the control tracts); experts' N50 outside the model's N90-N10 range; experts'
    range that does not overlap the model's; experts' N50 + known deposits above the
    model's N10 of all deposits.
    """
    flags: list[dict[str, str]] = []

    def flag(level: str, check: str, message: str) -> None:
        flags.append({"level": level, "check": check, "message": message})

    try:
        n90, n50, n10 = (float(estimates[k]) for k in ("N90", "N50", "N10"))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"estimates need numbers N90, N50 and N10 ({exc})") from exc
    if not n90 <= n50 <= n10:
        flag("error", "order", f"experts' N90 {n90:g} <= N50 {n50:g} <= N10 {n10:g} fails")
    total, und, known = density["total"], density["undiscovered"], density["known"]
    if known > total["n10"]:
        flag(
            "error",
            "known_above_model",
            f"{known} known deposits exceed the density model's N10 of all deposits "
            f"({total['n10']:.1f}): tract or model unlike the control tracts",
        )
    if und is None:
        flag(
            "warning",
            "no_undiscovered",
            f"{known} known deposits reach the model's mean of all deposits "
            f"({total['mean']:.1f}): the model leaves none undiscovered",
        )
        return flags
    if not und["n90"] <= n50 <= und["n10"]:
        flag(
            "warning",
            "median_outside_model",
            f"experts' N50 {n50:g} is outside the density model's 90-10 % range of "
            f"undiscovered deposits ({und['n90']:.1f}-{und['n10']:.1f})",
        )
    if n10 < und["n90"] or n90 > und["n10"]:
        flag(
            "warning",
            "ranges_disjoint",
            f"experts' N90-N10 ({n90:g}-{n10:g}) does not overlap the model's "
            f"({und['n90']:.1f}-{und['n10']:.1f})",
        )
    if n50 + known > total["n10"]:
        flag(
            "warning",
            "total_above_model",
            f"experts' N50 + known ({n50 + known:g}) exceeds the model's N10 of all "
            f"deposits ({total['n10']:.1f})",
        )
    return flags
