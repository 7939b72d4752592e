"""Benchmark of the RAEF economic filter (assay.analyses.economics.economic_filter).

Cases:
- the 22,208-deposit MapMark4GUI example (../shared/data/mapmark4-examples/raef), where RAEF's
  R code takes about 221 s (row-by-row loop);
- 1e6 simulated deposits, resampled (with replacement, fixed seed) from the example's deposits
  and spread over 800,000 simulations.

Reports medians of several runs [s] and peak Python-allocated memory [MiB] (tracemalloc, numpy
included). The CSV read is timed separately.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from _common import SHARED, peak_python_memory, rss_mib, time_median, write_results
from assay.analyses.economics import economic_filter
from assay.importers.raef import read_preset, read_simulated_deposits

RAEF = SHARED / "data" / "mapmark4-examples" / "raef"


def resampled(deposits: pd.DataFrame, n: int, n_sim: int, seed: int = 0) -> pd.DataFrame:
    rows = deposits[deposits["Number.of.Deposits"] > 0]
    rng = np.random.default_rng(seed)
    pick = rows.iloc[rng.integers(0, len(rows), n)].reset_index(drop=True)
    sim = np.sort(rng.integers(1, n_sim + 1, n))
    pick["Simulation.Index"] = sim
    pick["Number.of.Deposits"] = np.bincount(sim, minlength=n_sim + 1)[sim]
    return pick


def main() -> None:
    if not RAEF.is_dir():
        print(f"skipped: {RAEF} not present", file=sys.stderr)
        return
    sim_csv = RAEF / "Porphyry_05_SIM_EF.csv"
    params = read_preset(RAEF / "RaefPreSetFile.csv")
    deposits = read_simulated_deposits(sim_csv)
    results: dict[str, object] = {"rss_start_mib": rss_mib()}

    results["read_csv_22208"] = time_median(lambda: read_simulated_deposits(sim_csv), repeat=5)
    results["filter_22208"] = time_median(
        lambda: economic_filter(deposits, 20000, params, seed=0), repeat=7
    )
    results["filter_22208_peak_mib"] = peak_python_memory(
        lambda: economic_filter(deposits, 20000, params, seed=0)
    )
    results["raef_r_reference_s"] = 221.0

    big = resampled(deposits, 1_000_000, 800_000)
    results["filter_1e6"] = time_median(
        lambda: economic_filter(big, 800_000, params, seed=0), repeat=3
    )
    results["filter_1e6_peak_mib"] = peak_python_memory(
        lambda: economic_filter(big, 800_000, params, seed=0)
    )
    results["rss_end_mib"] = rss_mib()
    results["speedup_vs_raef_22208"] = 221.0 / results["filter_22208"]["median_s"]
    write_results("econ", results)


if __name__ == "__main__":
    main()
