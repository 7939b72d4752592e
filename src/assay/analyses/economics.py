"""What is it worth: the RAEF economic filter over a simulation, valuation and deal answers.

:func:`economic_filter_simulation` takes the simulated deposits of a three-part assessment in
MapMark4's simulated-deposit layout (from assay's engine, ``Simulation.deposits_frame()``, or
MapMark4's CSV read by :func:`assay.importers.raef.read_simulated_deposits`) and returns the
tract statistics RAEF reports (Shapiro and Robinson, 2019, USGS TM 7-C23,
doi:10.3133/tm7C23), as a JSON-ready dict.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assay.importers.raef import (
    N_DEPOSITS,
    ORE,
    SIM_INDEX,
    grade_columns,
    read_preset,
    read_simulated_deposits,
)
from assay.models.econ import raef
from assay.models.econ.stats import QUANTILE_CONVENTION, summarise_totals
from assay.models.econ.tables import MINE_METHODS

RAEF_SOURCE = (
    "Shapiro, J.L., and Robinson, G.R., Jr., 2019, Resource Assessment Economic Filter (RAEF), "
    "USGS Techniques and Methods 7-C23, doi:10.3133/tm7C23 (cost equations after Camm, 1991, "
    "USBM IC 9298; mine life by Taylor's rule)"
)

BREAKEVEN_VALUE_FACTORS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


class SimulatedDeposits:
    """Arrays of the deposits (rows with at least one deposit) of a simulation frame.

    Attributes
    ----------
    simulation : int array (n,)   0-based simulation of each deposit
    ore_t : float array (n,) [t]
    grades_pct : float array (n, k) [%]
    contained_t : float array (n, k) [t]
    commodities : list of k str
    """

    def __init__(self, deposits: pd.DataFrame) -> None:
        for col in (SIM_INDEX, N_DEPOSITS, ORE):
            if col not in deposits.columns:
                raise ValueError(f"simulated deposits lack column {col!r}")
        grades = grade_columns([str(c) for c in deposits.columns])
        if not grades:
            raise ValueError("simulated deposits have no '<X> _pct' grade column")
        rows = deposits[deposits[N_DEPOSITS].to_numpy() > 0]
        self.commodities = list(grades)
        self.simulation = rows[SIM_INDEX].to_numpy(dtype=np.int64) - 1
        self.ore_t = rows[ORE].to_numpy(dtype=float)
        self.grades_pct = rows[list(grades.values())].to_numpy(dtype=float)
        contained = np.empty_like(self.grades_pct)
        for j, symbol in enumerate(self.commodities):
            for name in (f"{symbol} _MetricTons", f"{symbol}_MetricTons"):
                if name in rows.columns:
                    contained[:, j] = rows[name].to_numpy(dtype=float)
                    break
            else:
                contained[:, j] = self.ore_t * self.grades_pct[:, j] / 100.0
        self.contained_t = contained
        if np.any(~np.isfinite(self.ore_t)) or np.any(~np.isfinite(self.grades_pct)):
            raise ValueError("simulated deposits have missing ore or grade values")

    def __len__(self) -> int:
        return int(self.ore_t.shape[0])


def per_simulation(simulation: np.ndarray, values: np.ndarray, n_simulations: int) -> np.ndarray:
    """Sum ``values`` (n,) or (n, k) by 0-based simulation into (n_sim,) or (n_sim, k)."""
    if values.ndim == 1:
        return np.bincount(simulation, weights=values, minlength=n_simulations)
    return np.stack(
        [
            np.bincount(simulation, weights=values[:, j], minlength=n_simulations)
            for j in range(values.shape[1])
        ],
        axis=1,
    )


def contained_statistics(deposits: pd.DataFrame, n_simulations: int | None = None) -> dict:
    """Per-commodity statistics of contained metal (and ore) per simulation [t].

    Reproduces MapMark4's ``_08_SIM_Contained_Stats`` (mean, sd, exceedance quantiles, P(0),
    P(>= mean)) from the simulated deposits alone.
    """
    sims = SimulatedDeposits(deposits)
    n_sim = int(n_simulations or deposits[SIM_INDEX].max())
    out = {"Ore": summarise_totals(per_simulation(sims.simulation, sims.ore_t, n_sim))}
    totals = per_simulation(sims.simulation, sims.contained_t, n_sim)
    for j, symbol in enumerate(sims.commodities):
        out[symbol] = summarise_totals(totals[:, j])
    return out


def filter_deposits(
    sims: SimulatedDeposits,
    params: raef.RaefParameters,
    seed: int = 0,
    value_scale: float = 1.0,
) -> pd.DataFrame:
    """Draw depths (seeded) and run the RAEF cost model on every simulated deposit."""
    rng = np.random.default_rng(seed)
    depth, category = raef.draw_depths(len(sims), params.depth_intervals, rng)
    result = raef.evaluate_deposits(
        sims.ore_t, sims.grades_pct, sims.commodities, params, depth, value_scale=value_scale
    )
    result["depth_class"] = category
    result["simulation"] = sims.simulation
    return result


def _by_method(methods: pd.Series) -> dict[str, int]:
    counts = methods.value_counts()
    out = {
        m: int(counts.get(m, 0))
        for m in MINE_METHODS
        if counts.get(m, 0) or m in ("Open Pit", "Block Caving")
    }
    out["None"] = int(counts.get("None", 0))
    return out


def economic_filter_simulation(
    deposits: pd.DataFrame,
    n_simulations: int,
    preset: Path | str,
    values: Path | str | None = None,
    recoveries: Path | str | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """RAEF economic filter of a simulation; the ``assay econ`` / ``assay assess --econ`` JSON.

    Parameters
    ----------
    deposits : pandas.DataFrame
        Simulated deposits in MapMark4's simulated-deposit layout (``Simulation.Index``,
        ``Number.of.Deposits``, ``Ore_mT`` [t], ``"<X> _pct"`` [%], optional
        ``"<X> _MetricTons"`` [t]).
    n_simulations : int
        Number of simulations (simulations without deposits count as zero).
    preset : path
        RAEF preset file.
    values, recoveries : path, optional
        RAEF ``CValues.csv`` / ``MillR.csv`` overriding the preset's CV_/MRR_ rows.
    seed : int
        Seed of the depth draws (RAEF itself sets none).

    Returns
    -------
    dict with ``deposits``, ``economic_deposits``, ``by_mine_method``, ``p_no_economic``,
    ``recovered`` and ``contained`` (per commodity: ``mean``, ``sd``, ``quantiles`` with
    RAEF exceedance names, ``p_zero``, …, in metric tons per simulation), ``npv_tract``
    (sum of positive deposit NPVs per simulation [USD]), ``npv_per_area``, ``breakeven``,
    ``by_depth_class``, ``parameters``, ``quantile_convention``, ``units``, ``source``.
    """
    params = read_preset(preset, values, recoveries)
    return economic_filter(deposits, n_simulations, params, seed=seed)


def economic_filter(
    deposits: pd.DataFrame, n_simulations: int, params: raef.RaefParameters, seed: int = 0
) -> dict[str, Any]:
    """:func:`economic_filter_simulation` on already-read :class:`RaefParameters`."""
    t0 = time.perf_counter()
    sims = SimulatedDeposits(deposits)
    n_sim = int(n_simulations)
    if len(sims) and sims.simulation.max() >= n_sim:
        raise ValueError(
            f"simulation index {sims.simulation.max() + 1} exceeds n_simulations = {n_sim}"
        )
    result = filter_deposits(sims, params, seed)
    economic = result["economic"].to_numpy()
    recovered = result[[f"recovered_{x}" for x in sims.commodities]].to_numpy()
    rec_tot = per_simulation(sims.simulation, recovered, n_sim)
    con_tot = per_simulation(sims.simulation, sims.contained_t, n_sim)
    npv_pos = np.where(economic, result["npv"].to_numpy(), 0.0)
    npv_tot = per_simulation(sims.simulation, npv_pos, n_sim)
    n_econ = np.bincount(sims.simulation, weights=economic.astype(float), minlength=n_sim)

    npv_stats = summarise_totals(npv_tot)
    out: dict[str, Any] = {
        "deposits": len(sims),
        "simulations": n_sim,
        "economic_deposits": int(economic.sum()),
        "fraction_economic": float(economic.mean()) if len(sims) else 0.0,
        "by_mine_method": _by_method(result["best_mine_method"]),
        "considered_mine_method": _by_method(result["mine_method"]),
        "p_no_economic": float(np.mean(n_econ == 0)),
        "recovered": {x: summarise_totals(rec_tot[:, j]) for j, x in enumerate(sims.commodities)},
        "contained": {x: summarise_totals(con_tot[:, j]) for j, x in enumerate(sims.commodities)},
        "npv_tract": npv_stats,
        "npv_per_area": npv_stats["mean"] / params.area if params.area else None,
        "breakeven": breakeven_table(result, sims, n_sim),
        "by_depth_class": depth_class_table(result, sims, params, n_sim),
        "parameters": parameters_dict(params, seed),
        "quantile_convention": QUANTILE_CONVENTION,
        "units": {
            "recovered": "metric t per simulation",
            "contained": "metric t per simulation",
            "npv_tract": "USD (cost-model base year x MSC index) per simulation",
            "npv_per_area": "USD per preset area unit",
        },
        "source": RAEF_SOURCE,
        "elapsed_s": time.perf_counter() - t0,
    }
    return out


def breakeven_table(result: pd.DataFrame, sims: SimulatedDeposits, n_sim: int) -> dict[str, Any]:
    """Economic deposits and P(no economic deposit) as all commodity values are scaled.

    A deposit is economic at value multiplier m when its break-even multiplier is below m
    (NPV is linear in ore value); m = 1 reproduces the filter. Also the quantiles of the
    break-even ore value [USD/st] and Cu-equivalent grade [%] over all deposits.
    """
    factor = result["breakeven_value_factor"].to_numpy()
    rows = []
    for m in BREAKEVEN_VALUE_FACTORS:
        ok = factor < m
        n_econ = np.bincount(sims.simulation, weights=ok.astype(float), minlength=n_sim)
        rows.append(
            {
                "value_factor": m,
                "economic_deposits": int(ok.sum()),
                "fraction_economic": float(ok.mean()) if ok.size else 0.0,
                "p_no_economic": float(np.mean(n_econ == 0)),
            }
        )
    be_value = result["breakeven_ore_value"].to_numpy()
    cu_per_value = np.where(
        result["ore_value"].to_numpy() > 0,
        result["cu_eq_pct"].to_numpy() / result["ore_value"].to_numpy(),
        np.nan,
    )
    be_cueq = be_value * cu_per_value
    finite = np.isfinite(be_value)
    probs = (0.1, 0.25, 0.5, 0.75, 0.9)
    return {
        "by_value_factor": rows,
        "breakeven_ore_value_usd_per_st": {
            f"q{int(p * 100)}": float(np.quantile(be_value[finite], p)) for p in probs
        }
        if finite.any()
        else {},
        "breakeven_cu_eq_pct": {
            f"q{int(p * 100)}": float(np.nanquantile(be_cueq[finite], p)) for p in probs
        }
        if finite.any()
        else {},
    }


def depth_class_table(
    result: pd.DataFrame, sims: SimulatedDeposits, params: raef.RaefParameters, n_sim: int
) -> list[dict[str, Any]]:
    """Deposits, economic deposits, mine methods and mean recovered metal by depth class."""
    rows = []
    classes = result["depth_class"].to_numpy()
    for i, (lo, hi, p) in enumerate(params.depth_intervals):
        mask = classes == i
        sub = result[mask]
        rec = {}
        for x in sims.commodities:
            rec[x] = float(sub[f"recovered_{x}"].sum() / n_sim)
        rows.append(
            {
                "depth_class": i + 1,
                "min_m": lo,
                "max_m": hi,
                "probability": p,
                "deposits": int(mask.sum()),
                "economic_deposits": int(sub["economic"].sum()),
                "by_mine_method": _by_method(sub["best_mine_method"]),
                "recovered_mean_per_simulation_t": rec,
            }
        )
    return rows


def parameters_dict(params: raef.RaefParameters, seed: int) -> dict[str, Any]:
    return {
        "run_name": params.run_name,
        "deposit_type": params.deposit_type,
        "mill_types": list(params.mill_types),
        "omit_lowest_value": params.omit_lowest_value,
        "days_per_year": params.days_per_year,
        "depth_intervals_m": [list(t) for t in params.depth_intervals],
        "tailings_pond_and_dam": params.tailings_pond_and_dam,
        "liner": params.liner,
        "msc": params.msc,
        "irr": params.irr,
        "capital_inflation": params.capital_inflation,
        "operating_inflation": params.operating_inflation,
        "area": params.area,
        "commodity_values_usd_per_t": dict(params.commodity_values),
        "mill_recoveries": dict(params.mill_recoveries),
        "seed": seed,
    }


def econ_from_files(
    deposits: Path | str,
    preset: Path | str,
    values: Path | str | None = None,
    recoveries: Path | str | None = None,
    seed: int = 0,
    n_simulations: int | None = None,
) -> dict[str, Any]:
    """:func:`economic_filter_simulation` reading MapMark4's simulated-deposit CSV."""
    frame = read_simulated_deposits(deposits)
    n_sim = n_simulations or int(frame[SIM_INDEX].max())
    return economic_filter_simulation(frame, n_sim, preset, values, recoveries, seed)


def with_value_scale(params: raef.RaefParameters, scale: float) -> raef.RaefParameters:
    """Parameters with every commodity value multiplied by ``scale`` (price scenario)."""
    return replace(
        params, commodity_values={k: v * scale for k, v in params.commodity_values.items()}
    )
