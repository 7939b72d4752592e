"""Benchmark of the prospectivity tools on Geoscience Australia's Cloncurry grid
(1259 x 2487 = 3,131,133 cells, 100 m): weights (Dist2Breccia, ascending, 642 classes),
response (four binary maps -> posterior, std, confidence GeoTIFFs, no PNG map) and AUC.

Each figure is end to end (read GeoTIFF + shapefile, compute, write) and the median of
several runs; peak memory is what Python's allocators (numpy included) held at most.
Target: each under 1 s on 2 cores. The windowed (strip) variants are timed too.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import SHARED, peak_python_memory, rss_mib, time_median, write_results
from assay.analyses import prospectivity as pa

BINARY = ["Dist2Breccia", "Dist2Fault", "FaultDensity", "StratNo"]


def main() -> int:
    ga = SHARED / "data" / "prospectivity-ga-cloncurry-wofe"
    if not ga.is_dir():
        print(f"skipped: {ga} not present")
        return 0
    cw, cr, ca = ga / "CalculateWeights", ga / "CalculateResponse", ga / "CalculateAUC"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def weights():
            return pa.calculate_weights(
                cw / "Dist2Breccia.tif", cw / "IOCG_Deposits.shp", "ascending"
            )

        def response():
            return pa.calculate_response(
                [cr / f"{n}.tif" for n in BINARY],
                cr / "IOCG_Deposits.shp",
                out / "r",
                maps=False,
            )

        def auc():
            return pa.calculate_auc(ca / "PosteriorProbability.tif", ca / "IOCG_Deposits.shp")

        def weights_windowed():
            return pa.calculate_weights_windowed(
                cw / "Dist2Breccia.tif",
                cw / "IOCG_Deposits.shp",
                "ascending",
                rows_per_window=512,
            )

        def response_windowed():
            return pa.calculate_response_windowed(
                [cr / f"{n}.tif" for n in BINARY],
                cr / "IOCG_Deposits.shp",
                out / "rw",
                rows_per_window=512,
            )

        def auc_windowed():
            return pa.calculate_auc_windowed(
                ca / "PosteriorProbability.tif", ca / "IOCG_Deposits.shp", rows_per_window=512
            )

        results: dict = {"grid_cells": 3_131_133, "cell_m": 100}
        for name, fn in [
            ("weights", weights),
            ("response", response),
            ("auc", auc),
            ("weights_windowed", weights_windowed),
            ("response_windowed", response_windowed),
            ("auc_windowed", auc_windowed),
        ]:
            results[name] = time_median(fn, repeat=5)
            results[name]["peak_python_mib"] = round(peak_python_memory(fn), 1)
        results["auc_value"] = auc()["auc"]
        results["rss_mib_end"] = round(rss_mib(), 1)
        results["target"] = "weights, response and AUC each under 1 s (median, end to end)"
        results["meets_target"] = all(
            results[k]["median_s"] < 1.0 for k in ("weights", "response", "auc")
        )
    write_results("prospect", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
