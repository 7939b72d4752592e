"""Site-inventory benchmark: import of every staged site source, linking, spatial queries.

Reports (medians of several runs, on this machine):

- ``import_all_sites_s``: import every staged site source (Weng 2015, USGS REE, USGS
  carbonatites, USGS major deposits, NI 43-101/MinMod) into a store holding the bundled
  reference data, then place and link (``import_staged_sites``; target < 30 s);
- ``import_only_s``: the five atomic imports without placement and linking;
- ``place_records_s``: every record to its country and admin-1 region (point-in-polygon,
  ISO 3166-2 gazetteer of the published strings, nearest resolved site);
- ``link_sites_s``: scoring every cross-source pair within each country, clustering and
  writing ``site``/``site_link``;
- ``sites_query_*_ms``: warm in-process latency of ``sites_view`` (target < 100 ms);
- ``site_view_ms`` and ``country_summary_ms``.

Run: ``bash benchmarks/run.sh sites``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _common import SHARED, time_median, write_results
from assay.analyses import sites as A
from assay.analyses.build import load_reference
from assay.importers import sites as imp
from assay.store import open_store


def main() -> int:
    data = SHARED / "data"
    if not (data / "usgs-major-deposits").is_dir():
        print(f"skipped: {data} has no staged site data")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="assay-bench-sites-"))
    reference = tmp / "reference.duckdb"
    with open_store(reference) as store:
        load_reference(store)
    counter = {"n": 0}

    def fresh_store():
        counter["n"] += 1
        path = tmp / f"s-{counter['n']}.duckdb"
        shutil.copyfile(reference, path)
        return open_store(path)

    def import_all() -> None:
        with fresh_store() as store:
            A.import_staged_sites(store, data)

    def import_only() -> None:
        with fresh_store() as store:
            for key, spec in imp.STAGED.items():
                imp.import_staged_dataset(store, key, data / spec.folder)

    results: dict[str, object] = {}
    results["import_all_sites_s"] = time_median(import_all, repeat=2, warmup=0)
    results["import_only_s"] = time_median(import_only, repeat=2, warmup=0)
    built = fresh_store()
    A.import_staged_sites(built, data)
    results["place_records_s"] = time_median(lambda: A.place_records(built), repeat=3)
    results["link_sites_s"] = time_median(lambda: A.link_sites(built), repeat=2, warmup=0)
    results["records"] = built.con.execute("SELECT count(*) FROM site_record").fetchone()[0]
    results["sites"] = built.con.execute("SELECT count(*) FROM site").fetchone()[0]
    queries = {
        "country_RUS": {"country": "RUS"},
        "country_UKR_ree": {"country": "UKR", "commodity": "rare earths"},
        "region_Zaporizhzhia": {"region": "Zaporizh"},
        "region_Yakutia_RUS": {"country": "RUS", "region": "Yakutia"},
        "region_Murmansk_any_country": {"region": "Murmansk"},
        "type_carbonatite": {"deposit_type": "carbonatite"},
        "min_indicated_AUS": {"country": "AUS", "min_confidence": "indicated"},
        "all_sites": {},
    }
    for name, kwargs in queries.items():
        timing = time_median(lambda kw=kwargs: A.sites_view(built, **kw), repeat=7)
        results[f"sites_query_{name}_ms"] = round(timing["median_s"] * 1000, 2)
    results["site_view_ms"] = round(
        time_median(lambda: A.site_view(built, "Tomtor"), repeat=7)["median_s"] * 1000, 2
    )
    results["country_summary_ms"] = round(
        time_median(lambda: A.country_sites_summary(built, "AUS"), repeat=5)["median_s"] * 1000,
        2,
    )
    built.close()
    shutil.rmtree(tmp, ignore_errors=True)
    write_results("sites", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
