"""Contained material per tract: quantiles, mean, P(0) and the analytic compound-sum check.

For a tract the total T = X_1 + ... + X_N of N i.i.d. deposit vectors X (ore [t], metals
[t]) has, by the compound-sum (Wald) identities (e.g. Feller, 1968, An Introduction to
Probability Theory and Its Applications, v. 1, section XII.1),

    E[T] = E[N] mu,    Cov[T] = E[N] Cov[X] + Var[N] mu mu^T,

with mu and Cov[X] the moments of one deposit, computed exactly from the pdfs
(:mod:`.moments`), where MapMark4 ``TotalTonnagePdf`` takes them from a reference sample of
1e6 draws (kept as the fallback for truncated grade and joint pdfs). Simulated quantiles use
R's type-7 definition (Hyndman and Fan, 1996, The American Statistician 50(4), 361-365)
with the zeros included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas only for summaries, imported there (CLI start-up time)
    import pandas as pd

from .pmf import NDepositsPmf
from .simulation import DepositModel, Simulation

__all__ = ["Totals", "contained_totals", "analytic_moments", "QUANTILE_LEVELS"]

#: Quantile levels reported for each material (MapMark4 ``TotalTonnagePdf``).
QUANTILE_LEVELS = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)


def analytic_moments(
    mean_n: float, var_n: float, deposit_mean: np.ndarray, deposit_cov: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean vector and covariance matrix of a compound sum (module docstring) [t], [t^2]."""
    mu = np.asarray(deposit_mean, dtype=float)
    cov = np.atleast_2d(np.asarray(deposit_cov, dtype=float))
    return mean_n * mu, mean_n * cov + var_n * np.outer(mu, mu)


@dataclass
class Totals:
    """Statistics of the simulated totals per material, beside the analytic values."""

    materials: list[str]
    quantiles: np.ndarray  # (n_materials, n_levels) [t]
    mean: np.ndarray
    sd: np.ndarray
    p_zero: np.ndarray
    p_exceed_mean: np.ndarray
    analytic_mean: np.ndarray
    analytic_cov: np.ndarray
    simulated_corr: np.ndarray
    draws: int
    levels: tuple[float, ...] = QUANTILE_LEVELS
    analytic_method: str = "reference sample"

    @property
    def analytic_sd(self) -> np.ndarray:
        return np.sqrt(np.diag(self.analytic_cov))

    @property
    def analytic_corr(self) -> np.ndarray:
        sd = self.analytic_sd
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.analytic_cov / np.outer(sd, sd)

    def summary(self) -> pd.DataFrame:
        """One row per material: Q_0.05 ... Q_0.95, mean, sd, P(0), P(>mean) and the analytic
        mean and sd, all in metric tons [t]."""
        import pandas as pd

        frame = pd.DataFrame(
            self.quantiles, index=self.materials, columns=[f"Q_{q:g}" for q in self.levels]
        )
        frame["mean"] = self.mean
        frame["sd"] = self.sd
        frame["p_zero"] = self.p_zero
        frame["p_exceed_mean"] = self.p_exceed_mean
        frame["analytic_mean"] = self.analytic_mean
        frame["analytic_sd"] = self.analytic_sd
        return frame

    def _correlation_values(self) -> np.ndarray:
        out = np.triu(self.simulated_corr, 1) + np.tril(self.analytic_corr, -1)
        np.fill_diagonal(out, 1.0)
        return out

    def correlation_table(self) -> pd.DataFrame:
        """Simulated correlations above the diagonal, analytic ones below (as MapMark4)."""
        import pandas as pd

        out = self._correlation_values()
        return pd.DataFrame(out, index=self.materials, columns=self.materials)

    def correlation_dict(self) -> dict[str, dict[str, float]]:
        """:meth:`correlation_table` as ``{column: {row: value}}`` (pandas' ``to_dict``),
        built without pandas."""
        out = self._correlation_values()
        return {
            column: dict(zip(self.materials, out[:, j].tolist(), strict=True))
            for j, column in enumerate(self.materials)
        }

    def to_dict(self) -> dict[str, Any]:
        """``{material: {"quantiles": {"0.05": ...}, "mean", "sd", "p_zero",
        "p_exceed_mean", "analytic_mean", "analytic_sd", "units"}}``."""
        out: dict[str, Any] = {}
        for i, name in enumerate(self.materials):
            out[name] = {
                "quantiles": {
                    f"{q:g}": float(v) for q, v in zip(self.levels, self.quantiles[i], strict=True)
                },
                "mean": float(self.mean[i]),
                "sd": float(self.sd[i]),
                "p_zero": float(self.p_zero[i]),
                "p_exceed_mean": float(self.p_exceed_mean[i]),
                "analytic_mean": float(self.analytic_mean[i]),
                "analytic_sd": float(self.analytic_sd[i]),
                "analytic_method": self.analytic_method,
                "units": "t",
            }
        return out

    def plot(self, simulation: Simulation | None = None) -> Any:
        """Exceedance curves P(T >= t) per material, with P(0) marked."""
        import matplotlib.pyplot as plt

        if simulation is None:
            raise ValueError("pass the Simulation whose totals are plotted")
        k = len(self.materials)
        fig, axes = plt.subplots(1, k, figsize=(4.2 * k, 3.6))
        for i, ax in enumerate(np.atleast_1d(axes)):
            values = np.sort(simulation.totals[:, i])
            positive = values[values > 0]
            if len(positive):
                exceed = 1.0 - np.arange(len(values) - len(positive), len(values)) / len(values)
                step = max(1, len(positive) // 20_000)
                ax.step(positive[::step], exceed[::step], where="post", color="0.2")
                ax.set_xscale("log")
            ax.axhline(1 - self.p_zero[i], color="tab:red", lw=0.8, ls="--")
            ax.set_title(f"{self.materials[i]}: P(0) = {self.p_zero[i]:.4f}")
            ax.set_xlabel(f"{self.materials[i]} contained [t]")
            ax.set_ylim(0, 1.02)
        np.atleast_1d(axes)[0].set_ylabel("Probability of at least")
        fig.tight_layout()
        return fig


def _analytic(pmf: NDepositsPmf, model: DepositModel) -> tuple[np.ndarray, np.ndarray, str]:
    moments = getattr(model, "deposit_moments", None)
    if moments is not None:
        deposit_mean, deposit_cov, method = moments()
    else:  # a DepositModel without exact moments: MapMark4's reference sample
        reference = model.reference_contained()
        deposit_mean = reference.mean(axis=0)
        deposit_cov = np.atleast_2d(np.cov(reference, rowvar=False))
        method = "reference sample"
    mean, cov = analytic_moments(pmf.mean, pmf.variance, deposit_mean, deposit_cov)
    return mean, cov, method


def streamed_totals(
    pmf: NDepositsPmf,
    model: DepositModel,
    draws: int,
    seed: int | np.random.SeedSequence,
    levels: tuple[float, ...] = QUANTILE_LEVELS,
    *,
    workers: int = 1,
    on_chunk: Any = None,
) -> tuple[Any, Totals]:
    """:func:`contained_totals` of ``draws`` simulations without keeping them in memory
    (:func:`.streaming.stream_totals`: the same draws, exact quantiles).

    Returns the :class:`.streaming.StreamedSimulation` record and the :class:`Totals`.
    """
    from .streaming import stream_totals

    record, stats = stream_totals(
        pmf, model, draws, seed, tuple(levels), workers=workers, on_chunk=on_chunk
    )
    analytic_mean, analytic_cov, method = _analytic(pmf, model)
    totals = Totals(
        list(record.materials),
        stats["quantiles"],
        stats["mean"],
        stats["sd"],
        stats["p_zero"],
        stats["p_exceed_mean"],
        analytic_mean,
        analytic_cov,
        stats["corr"],
        draws,
        tuple(levels),
        method,
    )
    return record, totals


def contained_totals(
    simulation: Simulation,
    pmf: NDepositsPmf,
    model: DepositModel,
    levels: tuple[float, ...] = QUANTILE_LEVELS,
    *,
    workers: int = 1,
) -> Totals:
    """Statistics of the simulated totals and the analytic check (module docstring).

    The quantiles are ``np.quantile``'s (:func:`.quantiles.type7_quantiles`: the same
    values from one partition); ``workers`` threads share the materials (the result does
    not depend on it)."""
    from .quantiles import type7_quantiles

    totals = simulation.totals
    draws, n_mat = totals.shape
    columns = [np.ascontiguousarray(totals[:, j]) for j in range(n_mat)]  # no copy: Fortran

    def column_stats(j: int) -> tuple[np.ndarray, float, float, int, int]:
        column = columns[j]
        mean = float(column.mean())
        return (
            type7_quantiles(column, levels),
            mean,
            float(column.std(ddof=1)) if draws > 1 else 0.0,
            int(np.count_nonzero(column == 0)),
            int(np.count_nonzero(column > mean)),
        )

    if workers > 1 and n_mat > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(workers, n_mat)) as pool:
            stats = list(pool.map(column_stats, range(n_mat)))
    else:
        stats = [column_stats(j) for j in range(n_mat)]
    quantiles = np.array([s[0] for s in stats]).reshape(n_mat, len(levels))
    mean = np.array([s[1] for s in stats])
    sd = np.array([s[2] for s in stats])
    p_zero = np.array([s[3] for s in stats]) / draws
    p_exceed = np.array([s[4] for s in stats]) / draws
    analytic_mean, analytic_cov, analytic_method = _analytic(pmf, model)
    if n_mat > 1 and draws > 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.atleast_2d(np.corrcoef(totals, rowvar=False))
    else:
        corr = np.ones((n_mat, n_mat))
    return Totals(
        list(simulation.materials),
        quantiles,
        mean,
        sd,
        p_zero,
        p_exceed,
        analytic_mean,
        analytic_cov,
        corr,
        simulation.draws,
        tuple(levels),
        analytic_method,
    )
