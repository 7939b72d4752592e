"""Benchmark of the PDF reports: the Russia country dossier and the rare-earth commodity
briefing (issue 18: ~44 s and ~20 s on the loaded shared machine).

Each report is timed as a whole (``*_report`` then ``Report.pdf()``, what ``assay report
... --format pdf`` does) and by stage: the data (``country_dossier`` /
``commodity_briefing``), the figures and HTML (the rest of ``*_report``) and the WeasyPrint
PDF. Wall time and CPU time of this process are both given as medians of several runs: on a
shared machine the CPU time is the steadier figure.

Usage: ``bash benchmarks/run.sh reports`` (builds a store from ../shared/data in a temporary
folder), or ``python benchmarks/bench_reports.py --db STORE`` to reuse a built store and
``--repeat N`` for more runs.

Measured (2-core shared machine, load 5-9, same store, CPU medians of 3 runs; the code before
is commit 986c171): Russia dossier 7.2 s -> 3.9 s CPU (data 2.4 -> 0.8: the supply-risk table
from ``risk_view(detail=False)``; figures 0.9 -> 0.4: the map drawn once; WeasyPrint 3.9 ->
2.9: SVG text as text); rare-earth briefing 1.5 -> 1.3 s. Whole ``assay report ... --format
pdf`` commands (imports included, 5 interleaved runs): Russia 9.7 -> 6.4 s CPU (wall median
22 -> 15 s), rare earths 3.5 -> 3.2 s CPU (8.4 -> 7.2 s), the rest being imports
(matplotlib, pandas, WeasyPrint) and WeasyPrint's layout of the text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import SHARED, write_results


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    """Median wall and CPU time [s] of ``fn`` over ``repeat`` runs (after one warm-up run,
    which also pays for the imports), and the last result."""
    result = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return {
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "cpu_median_s": statistics.median(cpus),
        "runs": repeat,
    }, result


def _report(store: Any, kind: str, repeat: int) -> dict[str, Any]:
    from assay.reports.commodity import commodity_briefing, commodity_report
    from assay.reports.country import country_dossier, country_report

    if kind == "country":
        data = lambda: country_dossier(store, "RUS")  # noqa: E731
        build = lambda: country_report(store, "RUS")  # noqa: E731
    else:
        data = lambda: commodity_briefing(store, "rare earths")  # noqa: E731
        build = lambda: commodity_report(store, "rare earths")  # noqa: E731
    whole, pdf = _timed(lambda: build().pdf(), repeat)
    data_t, _ = _timed(data, repeat)
    report_t, report = _timed(build, repeat)
    pdf_t, _ = _timed(report.pdf, repeat)
    return {
        "whole_report_pdf": whole,
        "data": data_t,
        "figures_and_html": {
            k: max(0.0, report_t[k] - data_t[k]) for k in ("wall_median_s", "cpu_median_s")
        },
        "report_object": report_t,
        "weasyprint_pdf": pdf_t,
        "html_bytes": len(report.html.encode()),
        "pdf_bytes": len(pdf),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a built store (default: build one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--name", default="reports", help="results/<name>.json")
    args = parser.parse_args()
    from assay.store.db import open_reader

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            shared_data = SHARED / "data"
            if not shared_data.is_dir():
                print(f"skipped: {shared_data} not present")
                return 0
            from assay.analyses.build import build_store
            from assay.store import open_store

            path = Path(tmp) / "bench.duckdb"
            with open_store(path) as store:
                build_store(store, shared_data)
        store = open_reader(path)
        try:
            results = {
                "country_RUS": _report(store, "country", args.repeat),
                "commodity_rare_earths": _report(store, "commodity", args.repeat),
            }
        finally:
            store.close()
    import assay.reports

    results["code"] = str(Path(assay.reports.__file__).parent)
    write_results(args.name, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
