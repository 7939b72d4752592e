"""Benchmark of the assessment engine on the MapMark4 User's Guide example.

ExampleGatm with ExampleDepEst1 (Ellefsen, 2017, USGS TM 7-C14), end to end: negative
binomial fit, tonnage and grade pdfs (normal, untruncated, 1e6-draw reference samples),
simulation and totals, at 1e5, 1e6 and 1e7 draws. Reports the median wall time of several
runs, draws/s, deposits/s and the peak memory traced through Python's allocators (numpy
included), and the CPU time per run (all threads; robust on a shared, loaded machine, where
wall time is inflated by other jobs). MapMark4 in R, for comparison, is quoted in issue 4 at
about 111 s and 9.8 GB for 1e6 simulations of this example on a 2-core machine.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SHARED, peak_python_memory, rss_mib, time_median, write_results  # noqa: E402
from assay.importers.mapmark4 import TractSpec  # noqa: E402

EXAMPLES = SHARED / "data" / "mapmark4-examples"
SIZES = (100_000, 1_000_000, 10_000_000)
WORKERS = min(2, os.cpu_count() or 1)


def run(draws: int) -> dict[str, float]:
    from assay.analyses.assessment import assess_tract

    spec = TractSpec(
        name="UsersGuide",
        gatm=EXAMPLES / "ExampleGatm.csv",
        estimates=EXAMPLES / "ExampleDepEst1.csv",
        draws=draws,
        seed=7,
    )
    result = assess_tract(spec, keep_deposits=False, workers=WORKERS)
    return {
        "deposits": int(result.simulation.n_deposits.sum()),
        "mean_ore_t": float(result.totals.mean[0]),
        "analytic_mean_ore_t": float(result.totals.analytic_mean[0]),
    }


def main() -> None:
    if not EXAMPLES.is_dir():
        print(f"skipped: {EXAMPLES} not present")
        return
    results: dict[str, object] = {
        "case": "MapMark4 User's Guide: ExampleGatm + ExampleDepEst1, normal pdfs, seed 7",
        "workers": WORKERS,
        "cpu_count": os.cpu_count(),
        "sizes": {},
    }
    for draws in SIZES:
        repeat = {100_000: 5, 1_000_000: 3}.get(draws, 1)
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        timing = time_median(lambda d=draws: run(d), repeat=repeat, warmup=0)
        elapsed_all = time.perf_counter() - t0
        cpu_per_run = (time.process_time() - cpu0) / repeat
        captured: dict[str, float] = {}
        peak = peak_python_memory(lambda d=draws, c=captured: c.update(run(d)))
        info = captured
        median = timing["median_s"]
        results["sizes"][str(draws)] = {  # type: ignore[index]
            **timing,
            "cpu_s_per_run": cpu_per_run,
            "load_average_1min": os.getloadavg()[0],
            "draws_per_s": draws / median,
            "deposits_per_s": info["deposits"] / median,
            "deposits": info["deposits"],
            "peak_traced_mib": peak,
            "rss_mib_after": rss_mib(),
            "mean_ore_t": info["mean_ore_t"],
            "analytic_mean_ore_t": info["analytic_mean_ore_t"],
            "speedup_vs_mapmark4_111s": (111.0 / median) if draws == 1_000_000 else None,
            "total_benchmark_s": elapsed_all,
        }
        print(
            f"{draws:>10} draws: median {median:.3f} s wall, {cpu_per_run:.3f} s CPU, "
            f"peak {peak:.0f} MiB",
            flush=True,
        )
    write_results("assess", results)


if __name__ == "__main__":
    main()
