"""Benchmark of the supply-risk views: ``risk --all`` over every commodity in the store
(target: under 2 s), one ``risk`` view, and one ``shock`` scenario.

Builds a store from ../shared/data in a temporary folder (bundled data, MCS 2023/2024/2025
rare earths, WGI, MCS Fig. 2), then reports medians of several runs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import SHARED, time_median, write_results
from assay.analyses.build import build_store
from assay.analyses.risk import import_risk_data, risk_all, risk_view, shock_view
from assay.store import open_store


def main() -> int:
    shared_data = SHARED / "data"
    if not shared_data.is_dir():
        print(f"skipped: {shared_data} not present")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        build_store(store, shared_data)
        import_risk_data(store, shared_data)
        count = risk_all(store)["count"]
        results = {
            "commodities": count,
            "risk_all": time_median(lambda: risk_all(store), repeat=7),
            "risk_view_rare_earths": time_median(lambda: risk_view(store, "rare earths"), repeat=7),
            "shock_remove_china_rare_earths": time_median(
                lambda: shock_view(store, "rare earths", remove=["CHN"]), repeat=7
            ),
            "target": "risk_all median under 2 s",
        }
        results["risk_all_under_2s"] = results["risk_all"]["median_s"] < 2.0
        store.close()
    write_results("risk", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
