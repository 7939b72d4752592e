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
        ore_col = ORE
        if ORE not in deposits.columns:
            # the engine names the ore column after the model's tonnage column: "<Ore>_mT"
            named = [str(c) for c in deposits.columns if str(c).endswith("_mT")]
            if len(named) == 1:
                ore_col = named[0]
        for col in (SIM_INDEX, N_DEPOSITS, ore_col):
            if col not in deposits.columns:
                raise ValueError(f"simulated deposits lack column {col!r}")
        grades = grade_columns([str(c) for c in deposits.columns])
        if not grades:
            raise ValueError("simulated deposits have no '<X> _pct' grade column")
        rows = deposits[deposits[N_DEPOSITS].to_numpy() > 0]
        self.commodities = list(grades)
        self.simulation = rows[SIM_INDEX].to_numpy(dtype=np.int64) - 1
        self.ore_t = rows[ore_col].to_numpy(dtype=float)
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
    *,
    columns: list[str] | None = None,
    chunk_size: int = 250_000,
) -> pd.DataFrame:
    """Draw depths (seeded) and run the RAEF cost model on every simulated deposit.

    Depths are drawn for all deposits first, so the result does not depend on ``chunk_size``;
    deposits are then evaluated in chunks, keeping only ``columns`` (all when None) to bound
    memory on large simulations.
    """
    rng = np.random.default_rng(seed)
    depth, category = raef.draw_depths(len(sims), params.depth_intervals, rng)
    parts = []
    for lo in range(0, max(len(sims), 1), chunk_size):
        hi = min(lo + chunk_size, len(sims))
        part = raef.evaluate_deposits(
            sims.ore_t[lo:hi],
            sims.grades_pct[lo:hi],
            sims.commodities,
            params,
            depth[lo:hi],
            value_scale=value_scale,
        )
        parts.append(part if columns is None else part[columns])
    result = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
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
    keep = [
        "mine_method",
        "best_mine_method",
        "economic",
        "npv",
        "ore_value",
        "cu_eq_pct",
        "breakeven_ore_value",
        "breakeven_value_factor",
        *[f"recovered_{x}" for x in sims.commodities],
    ]
    result = filter_deposits(sims, params, seed, columns=keep)
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


# -- valuation --------------------------------------------------------------------------------
def metal_prices(year: int | None = None) -> dict[str, dict[str, Any]]:
    """Bundled USGS prices [USD/metric t] by commodity symbol, with year and source.

    From ``reference/prices_usgs_metals.csv`` (USGS Mineral Commodity Summaries); the latest
    year available unless ``year`` is given.
    """
    from assay import reference

    table = pd.read_csv(reference.path("prices_usgs_metals.csv"))
    if year is not None:
        table = table[table["year"] == year]
    table = table.sort_values("year").groupby("symbol").tail(1)
    return {
        r.symbol: {
            "usd_per_t": float(r.usd_per_t),
            "year": int(r.year),
            "source": f"{r.source}; {r.value_as_published} {r.unit_as_published}, {r.basis}",
        }
        for r in table.itertuples()
    }


def ree_oxide_prices(year: int | None = None) -> dict[str, dict[str, Any]]:
    """Bundled USGS separated rare-earth oxide prices [USD/kg oxide] by oxide formula."""
    from assay import reference

    table = pd.read_csv(reference.path("prices_usgs_ree_oxides.csv"))
    if year is not None:
        table = table[table["year"] == year]
    table = table.sort_values("year").groupby("oxide").tail(1)
    return {
        r.oxide: {
            "usd_per_kg": float(r.usd_per_kg),
            "year": int(r.year),
            "source": f"{r.source}; {r.product} {r.purity}, {r.basis}",
        }
        for r in table.itertuples()
    }


def read_price_file(path: Path | str) -> dict[str, dict[str, Any]]:
    """A user price file: CSV ``commodity,usd_per_t[,year,source]`` (or ``usd_per_kg``).

    Keys may be metal symbols or rare-earth oxide formulas; ``usd_per_kg`` rows are stored as
    both USD/kg and USD/t. Errors name the file, row and column.
    """
    from assay.importers.raef import RaefInputError

    path = Path(path)
    if not path.is_file():
        raise RaefInputError(
            f"{path}: " + ("is a folder, not a file" if path.is_dir() else "file not found")
        )
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "commodity" not in frame.columns or not ({"usd_per_t", "usd_per_kg"} & set(frame.columns)):
        raise RaefInputError(
            f"{path}, row 1: expected columns 'commodity' and 'usd_per_t' or 'usd_per_kg'"
        )
    out: dict[str, dict[str, Any]] = {}
    for i, row in frame.iterrows():
        unit_col = "usd_per_t" if row.get("usd_per_t", "") != "" else "usd_per_kg"
        text = row.get(unit_col, "")
        try:
            value = float(text)
        except ValueError:
            raise RaefInputError(
                f"{path}, row {i + 2}, column {unit_col!r}: {text!r} is not a number"
            ) from None
        if value < 0:
            raise RaefInputError(f"{path}, row {i + 2}, column {unit_col!r}: negative price")
        per_t = value if unit_col == "usd_per_t" else value * 1000.0
        year = row.get("year", "")
        out[row["commodity"].strip()] = {
            "usd_per_t": per_t,
            "usd_per_kg": per_t / 1000.0,
            "year": int(float(year)) if year else None,
            "source": row.get("source", "") or f"user price file {path.name}",
        }
    return out


def default_mill_recoveries(mill: str = "3-Product Flotation") -> dict[str, float]:
    """RAEF's default mill recoveries (``MillR.csv``) for a mill type, bundled."""
    from assay import reference
    from assay.models.econ.tables import mill_types, normalise_mill_name

    name, _ = normalise_mill_name(mill)
    column = mill_types().set_index("mill").loc[name, "recovery_column"]
    table = pd.read_csv(reference.path("raef_mill_recoveries.csv"))
    table = table[table["mill_column"] == column]
    return dict(zip(table["commodity"], table["recovery"].astype(float), strict=True))


def value_deposit(
    ore_t: float,
    grades_pct: dict[str, float],
    prices: dict[str, dict[str, Any]],
    mill_recoveries: dict[str, float],
    *,
    depth_m: float = 0.0,
    params: raef.RaefParameters | None = None,
    payability: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Gross in-situ value, recoverable value and NPV of one deposit, side by side.

    Parameters
    ----------
    ore_t : float [t]
    grades_pct : dict  commodity -> grade [weight %]
    prices : dict  commodity -> {"usd_per_t", "year", "source"}
    mill_recoveries : dict  commodity -> fraction
    depth_m : float [m]  depth to the top of the deposit (selects the mine method)
    params : RaefParameters, optional
        Cost-model settings; default RAEF's tutorial settings (massive/disseminated, 3-product
        flotation, 350 d/yr, tailings pond, dam and liner, MSC 1.26, 15 % rate).
    payability : dict, optional  commodity -> payable fraction of value (concentrate sales)

    Returns
    -------
    dict with ``in_situ_usd``, ``recoverable_usd``, ``npv_usd`` (and per-commodity parts),
    ``headline_to_npv`` and ``headline_to_recoverable`` ratios, the RAEF deposit row and
    ``prices`` with year and source.
    """
    from assay.models.econ import valuation

    missing = [k for k in grades_pct if k not in prices]
    if missing:
        raise ValueError(f"no price for {', '.join(missing)}; give one with a price file")
    missing = [k for k in grades_pct if k not in mill_recoveries]
    if missing:
        raise ValueError(f"no mill recovery for {', '.join(missing)}; give one with --recovery")
    pay = payability or {}
    value_t = {k: prices[k]["usd_per_t"] for k in grades_pct}
    payable_value_t = {k: value_t[k] * pay.get(k, 1.0) for k in grades_pct}
    base = params or raef.RaefParameters(depth_intervals=((depth_m, depth_m, 1.0),))
    params = replace(
        base,
        commodity_values={**dict(base.commodity_values), **payable_value_t},
        mill_recoveries={**dict(base.mill_recoveries), **mill_recoveries},
    )
    row = raef.evaluate_deposits(
        np.array([ore_t]),
        np.array([[grades_pct[k] for k in grades_pct]]),
        list(grades_pct),
        params,
        np.array([depth_m]),
    ).iloc[0]
    insitu = valuation.in_situ_value(ore_t, grades_pct, value_t)
    recov = valuation.recoverable_value(
        ore_t, grades_pct, value_t, float(row["recovery"]), mill_recoveries, pay
    )
    npv = float(row["npv"])
    return {
        "ore_t": ore_t,
        "grades_pct": grades_pct,
        "in_situ_usd": insitu["total"],
        "recoverable_usd": recov["total"],
        "npv_usd": npv,
        "economic": bool(row["economic"]),
        "headline_to_npv": insitu["total"] / npv if npv > 0 else None,
        "headline_to_recoverable": insitu["total"] / recov["total"] if recov["total"] else None,
        "in_situ_by_commodity_usd": {k: v for k, v in insitu.items() if k != "total"},
        "recoverable_by_commodity_usd": {k: v for k, v in recov.items() if k != "total"},
        "mine_method": row["mine_method"],
        "life_yr": float(row["life_yr"]),
        "total_capital_usd": float(row["total_capital"]),
        "annual_cash_flow_usd": float(row["annual_cash_flow"]),
        "prices": {k: prices[k] for k in grades_pct},
        "mill_recoveries": {k: mill_recoveries[k] for k in grades_pct},
        "payability": {k: pay.get(k, 1.0) for k in grades_pct},
        "units": {"values": "USD", "prices": "USD per metric t of commodity as graded"},
        "method": RAEF_SOURCE,
    }


def value_assessment(
    deposits: pd.DataFrame,
    n_simulations: int,
    params: raef.RaefParameters,
    prices: dict[str, dict[str, Any]],
    seed: int = 0,
) -> dict[str, Any]:
    """Headline (in-situ) vs recoverable vs NPV for an assessment, mean per simulation [USD].

    In-situ value prices all contained metal; recoverable value prices the metal the RAEF
    filter recovers from economic deposits; NPV is the tract NPV (sum of positive deposit
    NPVs), with the filter run at the same ``prices`` (replacing the preset's commodity
    values). All three are means over simulations.
    """
    commodities = list(SimulatedDeposits(deposits).commodities)
    missing = [k for k in commodities if k not in prices]
    if missing:
        raise ValueError(f"no price for {', '.join(missing)}")
    params = replace(
        params,
        commodity_values={
            **dict(params.commodity_values),
            **{k: prices[k]["usd_per_t"] for k in commodities},
        },
    )
    result = economic_filter(deposits, n_simulations, params, seed=seed)
    insitu = {k: result["contained"][k]["mean"] * prices[k]["usd_per_t"] for k in commodities}
    recov = {k: result["recovered"][k]["mean"] * prices[k]["usd_per_t"] for k in commodities}
    total_insitu = float(sum(insitu.values()))
    total_recov = float(sum(recov.values()))
    npv = float(result["npv_tract"]["mean"])
    return {
        "in_situ_usd": total_insitu,
        "recoverable_usd": total_recov,
        "npv_usd": npv,
        "headline_to_npv": total_insitu / npv if npv > 0 else None,
        "headline_to_recoverable": total_insitu / total_recov if total_recov else None,
        "in_situ_by_commodity_usd": insitu,
        "recoverable_by_commodity_usd": recov,
        "p_no_economic": result["p_no_economic"],
        "prices": {k: prices[k] for k in commodities},
        "basis": "mean per simulation; all three at the same prices (NPV with the preset's "
        "cost settings: MSC index and inflation factors)",
        "method": RAEF_SOURCE,
    }


# -- deal scenarios ---------------------------------------------------------------------------
def load_deal_spec(path: Path | str) -> Any:
    """Read a deal spec (YAML) into :class:`assay.models.econ.deal.DealSpec`.

    Keys: ``name``, ``fund_share``, ``start_year``, ``horizon_years``, ``discount_rate``,
    ``host_party``, ``contributions`` (list of ``party, year, amount_usd``), ``projects``
    (list of ``name, licence_year, annual_revenue_usd, life_years, royalty_rate,
    licence_fees_usd, profit_tax_rate, operating_margin, count``), ``lead_time``
    (``kind`` fixed/triangular/uniform/lognormal and its parameters; default S&P 2023),
    ``target_usd``, ``target_years``, ``price_sigma``, ``n_draws``, ``seed``, ``inflow_basis``
    (``royalties-and-fees``, the 2025 agreement's basis and the default, or ``state-take``).
    Errors name the file and the key.
    """
    import yaml

    from assay.importers.raef import RaefInputError
    from assay.models.econ import deal

    path = Path(path)
    if not path.is_file():
        raise RaefInputError(
            f"{path}: " + ("is a folder, not a file" if path.is_dir() else "file not found")
        )
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RaefInputError(f"{path}{where}: not valid YAML") from None
    if not isinstance(doc, dict):
        raise RaefInputError(f"{path}: expected a mapping of deal settings")

    def num(mapping: dict, key: str, where: str, default: float | None = None) -> float:
        if key not in mapping or mapping[key] is None:
            if default is None:
                raise RaefInputError(f"{path}, {where}: missing key {key!r}")
            return default
        try:
            return float(mapping[key])
        except (TypeError, ValueError):
            raise RaefInputError(
                f"{path}, {where}, key {key!r}: {mapping[key]!r} is not a number"
            ) from None

    def bounded(value: float, key: str, where: str, low: float, rule: str, high: float = np.inf):
        # ``rule`` states the admissible range; ``low`` is excluded when ``rule`` starts "> "
        below = value <= low if rule.startswith("> ") else value < low
        if below or value > high or not np.isfinite(value):
            raise RaefInputError(f"{path}, {where}, key {key!r}: {value:g} must be {rule}")
        return value

    projects = []
    items = doc.get("projects")
    if not isinstance(items, list) or not items:
        raise RaefInputError(f"{path}: 'projects' must be a non-empty list")
    for i, p in enumerate(items):
        where = f"projects[{i}]"
        if not isinstance(p, dict):
            raise RaefInputError(f"{path}, {where}: expected a mapping")
        if "from_econ" in p or "from_sites" in p:
            terms = {
                "licence_year": int(num(p, "licence_year", where)),
                "royalty_rate": num(p, "royalty_rate", where, 0.0),
                "profit_tax_rate": num(p, "profit_tax_rate", where, 0.0),
                "licence_fees_usd": num(p, "licence_fees_usd", where, 0.0),
            }
            try:
                projects.extend(_projects_from_source(path.parent, p, terms))
            except (ValueError, KeyError, OSError) as exc:
                raise RaefInputError(f"{path}, {where}: {exc}") from None
            continue
        rate = "in [0, 1] (a fraction of revenue or profit)"
        projects.append(
            deal.Project(
                name=str(p.get("name", f"project {i + 1}")),
                licence_year=int(num(p, "licence_year", where)),
                annual_revenue_usd=bounded(
                    num(p, "annual_revenue_usd", where), "annual_revenue_usd", where, 0, ">= 0"
                ),
                life_years=bounded(num(p, "life_years", where), "life_years", where, 0, "> 0"),
                royalty_rate=bounded(
                    num(p, "royalty_rate", where, 0.0), "royalty_rate", where, 0, rate, 1
                ),
                licence_fees_usd=bounded(
                    num(p, "licence_fees_usd", where, 0.0), "licence_fees_usd", where, 0, ">= 0"
                ),
                profit_tax_rate=bounded(
                    num(p, "profit_tax_rate", where, 0.0), "profit_tax_rate", where, 0, rate, 1
                ),
                operating_margin=bounded(
                    num(p, "operating_margin", where, 0.0),
                    "operating_margin",
                    where,
                    -np.inf,
                    "<= 1 (a fraction of revenue)",
                    1,
                ),
                count=int(bounded(num(p, "count", where, 1.0), "count", where, 0, ">= 0")),
            )
        )
    if not projects:
        raise RaefInputError(f"{path}: no project feeds the fund (no economic deposit or site)")
    contributions = []
    for i, c in enumerate(doc.get("contributions") or []):
        where = f"contributions[{i}]"
        if not isinstance(c, dict) or "party" not in c:
            raise RaefInputError(f"{path}, {where}: expected party, year, amount_usd")
        contributions.append(
            deal.Contribution(
                str(c["party"]), int(num(c, "year", where)), num(c, "amount_usd", where)
            )
        )
    lt = doc.get("lead_time") or {}
    if not isinstance(lt, dict):
        raise RaefInputError(f"{path}, lead_time: expected a mapping")
    defaults = deal.LeadTime()
    lead = deal.LeadTime(
        kind=str(lt.get("kind", defaults.kind)),
        value=num(lt, "value", "lead_time", defaults.value),
        low=num(lt, "low", "lead_time", defaults.low),
        mode=num(lt, "mode", "lead_time", defaults.mode),
        high=num(lt, "high", "lead_time", defaults.high),
        mean=num(lt, "mean", "lead_time", defaults.mean),
        sd=num(lt, "sd", "lead_time", defaults.sd),
    )
    if lead.kind not in ("fixed", "triangular", "uniform", "lognormal"):
        raise RaefInputError(f"{path}, lead_time, key 'kind': unknown {lead.kind!r}")
    share = num(doc, "fund_share", "top level")
    if not 0 <= share <= 1:
        raise RaefInputError(f"{path}, top level, key 'fund_share': {share} is outside [0, 1]")
    target = doc.get("target_usd")
    target_years = []
    for year in doc.get("target_years") or ():
        try:
            target_years.append(int(year))
        except (TypeError, ValueError):
            raise RaefInputError(
                f"{path}, top level, key 'target_years': {year!r} is not a year"
            ) from None
    top = "top level"
    basis = str(doc.get("inflow_basis", "royalties-and-fees"))
    if basis not in deal.INFLOW_BASES:
        raise RaefInputError(
            f"{path}, top level, key 'inflow_basis': {basis!r} is not one of "
            + ", ".join(deal.INFLOW_BASES)
        )
    return deal.DealSpec(
        name=str(doc.get("name", path.stem)),
        fund_share=share,
        start_year=int(num(doc, "start_year", top)),
        horizon_years=int(
            bounded(num(doc, "horizon_years", top), "horizon_years", top, 1, ">= 1 (years)")
        ),
        # the discount factor (1 + r)^-t is undefined (or infinite) for r <= -1
        discount_rate=bounded(num(doc, "discount_rate", top), "discount_rate", top, -1, "> -1"),
        projects=tuple(projects),
        contributions=tuple(contributions),
        lead_time=lead,
        target_usd=None if target is None else num(doc, "target_usd", "top level"),
        target_years=tuple(target_years),
        price_sigma=bounded(num(doc, "price_sigma", top, 0.0), "price_sigma", top, 0, ">= 0"),
        host_party=str(doc.get("host_party", "host")),
        n_draws=int(bounded(num(doc, "n_draws", top, 10000.0), "n_draws", top, 1, ">= 1")),
        seed=int(bounded(num(doc, "seed", top, 0.0), "seed", top, 0, ">= 0")),
        inflow_basis=basis,
    )


def deal_summary(spec: Any, result: dict[str, Any] | None = None) -> dict[str, Any]:
    """JSON-ready summary of :func:`assay.models.econ.deal.simulate_deal`.

    Keys: ``cumulative_inflow_by_year`` (mean and 10/50/90th percentiles [USD]),
    ``payback`` (P(reached within horizon), median payback year), ``p_target_by_year``,
    ``pv_fund_inflow`` and ``pv_by_party`` (mean, percentiles [USD]), and the spec's terms.
    """
    from assay.models.econ import deal

    res = result if result is not None else deal.simulate_deal(spec)
    years = res["years"]
    cum = res["cumulative"]
    pcts = (10, 50, 90)

    def dist(x: np.ndarray) -> dict[str, float]:
        return {"mean": float(np.mean(x)), **{f"q{p}": float(np.percentile(x, p)) for p in pcts}}

    step = max(1, len(years) // 10)
    shown = sorted(set(list(range(step - 1, len(years), step)) + [len(years) - 1]))
    payback = res["payback_year"]
    reached = np.isfinite(payback)
    return {
        "name": spec.name,
        "terms": {
            "fund_share": spec.fund_share,
            "inflow_basis": spec.inflow_basis,
            "reinvestment_years": spec.reinvestment_years,
            "agreement_terms": deal.AGREEMENT_TERMS,
            "start_year": spec.start_year,
            "horizon_years": spec.horizon_years,
            "discount_rate": spec.discount_rate,
            "contributed_total_usd": res["contributed_total"],
            "ownership": res["ownership"],
            "lead_time": {
                "kind": spec.lead_time.kind,
                "expected_yr": spec.lead_time.expected(),
                "source": deal.SP_LEAD_TIME_SOURCE,
            },
            "n_draws": spec.n_draws,
            "seed": spec.seed,
        },
        "cumulative_inflow_by_year": {int(years[i]): dist(cum[:, i]) for i in shown},
        "payback": {
            "p_within_horizon": float(reached.mean()),
            "median_year": float(np.median(payback[reached])) if reached.any() else None,
            "q10_year": float(np.percentile(payback[reached], 10)) if reached.any() else None,
            "q90_year": float(np.percentile(payback[reached], 90)) if reached.any() else None,
        },
        "target_usd": spec.target_usd,
        "p_target_by_year": res["p_target_by_year"],
        "pv_fund_inflow": dist(res["pv_fund_inflow"]),
        "pv_by_party": {k: dist(v) for k, v in res["pv_by_party"].items()},
        "units": "USD (nominal for flows; present values discounted to start_year)",
    }


def plot_deal(spec: Any, result: dict[str, Any], path: Path | str) -> Path:
    """Fan chart of the fund's cumulative inflow (10–90 % band, median) with the target."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = result["years"]
    cum = result["cumulative"] / 1e9
    fig, ax = plt.subplots(figsize=(7, 4))
    q10, q50, q90 = np.percentile(cum, [10, 50, 90], axis=0)
    ax.fill_between(years, q10, q90, alpha=0.3, label="10-90 % of draws")
    ax.plot(years, q50, label="median")
    ax.plot(years, cum.mean(axis=0), "--", label="mean")
    if spec.target_usd:
        ax.axhline(spec.target_usd / 1e9, color="k", lw=0.8, label="target")
    if result["contributed_total"]:
        ax.axhline(result["contributed_total"] / 1e9, color="r", lw=0.8, label="contributed")
    ax.set_xlabel("year")
    ax.set_ylabel("cumulative fund inflow [billion USD, nominal]")
    ax.set_title(spec.name or "deal scenario")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def deal_projects_from_filter(
    result: pd.DataFrame,
    n_simulations: int,
    licence_year: int,
    *,
    days_per_year: int = 350,
    royalty_rate: float = 0.0,
    profit_tax_rate: float = 0.0,
    licence_fees_usd: float = 0.0,
) -> list[Any]:
    """Deal projects from the economic deposits of a RAEF run (expected value per tract).

    Each economic deposit becomes a :class:`assay.models.econ.deal.Project` with annual revenue
    ``OreV·Cml·days`` [USD/yr], life = Taylor life, operating margin = annual cash flow /
    revenue, and weight ``1/n_simulations`` (its revenue is divided by the number of
    simulations), so the projects together carry the tract's expected revenue.

    Parameters
    ----------
    result : DataFrame
        Per-deposit output of :func:`filter_deposits` (or ``raef.evaluate_deposits``).
    """
    from assay.models.econ import deal

    econ = result[result["economic"]]
    revenue = econ["ore_value"] * econ["mill_capacity"] * days_per_year
    projects = []
    for i, (rev, life, cash) in enumerate(
        zip(revenue, econ["life_yr"], econ["annual_cash_flow"], strict=True)
    ):
        projects.append(
            deal.Project(
                name=f"economic deposit {i + 1}",
                licence_year=licence_year,
                annual_revenue_usd=float(rev) / n_simulations,
                life_years=float(life),
                royalty_rate=royalty_rate,
                licence_fees_usd=licence_fees_usd / n_simulations,
                profit_tax_rate=profit_tax_rate,
                operating_margin=float(cash / rev) if rev > 0 else 0.0,
            )
        )
    return projects


def _projects_from_source(base: Path, entry: dict[str, Any], terms: dict[str, Any]) -> list[Any]:
    """Deal projects from ``from_econ`` (a RAEF run on simulated deposits: expected value per
    tract) or ``from_sites`` (a site CSV valued with the bundled USGS prices; only economic
    sites become projects). Paths are relative to the spec file."""
    if "from_econ" in entry:
        src = entry["from_econ"]
        frame = read_simulated_deposits(base / src["deposits"])
        n_sim = int(src.get("n_simulations") or frame[SIM_INDEX].max())
        params = read_preset(base / src["preset"])
        result = filter_deposits(SimulatedDeposits(frame), params, int(src.get("seed", 0)))
        return deal_projects_from_filter(result, n_sim, days_per_year=params.days_per_year, **terms)
    src = entry["from_sites"]
    sites = pd.read_csv(base / src["sites"])
    if "ore_t" not in sites.columns:
        raise ValueError(f"{src['sites']}: column 'ore_t' missing")
    cols = grade_columns(list(sites.columns))
    prices = metal_prices(src.get("price_year"))
    params = read_preset(base / src["preset"]) if src.get("preset") else None
    base_params = params or raef.RaefParameters(depth_intervals=((0, 0, 1.0),))
    recov = default_mill_recoveries(base_params.mill_types[0])
    commodities = list(cols)
    params = replace(
        base_params,
        commodity_values={
            **dict(base_params.commodity_values),
            **{k: prices[k]["usd_per_t"] for k in commodities},
        },
        mill_recoveries={**recov, **dict(base_params.mill_recoveries)},
    )
    grades = sites[[cols[k] for k in commodities]].fillna(0.0).to_numpy(dtype=float)
    depth = (
        sites["depth_m"].to_numpy(dtype=float)
        if "depth_m" in sites.columns
        else np.zeros(len(sites))
    )
    result = raef.evaluate_deposits(
        sites["ore_t"].to_numpy(dtype=float), grades, commodities, params, depth
    )
    projects = deal_projects_from_filter(result, 1, days_per_year=params.days_per_year, **terms)
    names = sites.get("name", pd.Series([f"site {i + 1}" for i in range(len(sites))]))
    econ_names = names[result["economic"].to_numpy()].astype(str).tolist()
    return [replace(p, name=n) for p, n in zip(projects, econ_names, strict=True)]
