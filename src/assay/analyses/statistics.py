"""World statistics views: who holds and produces a commodity, how that changed, by edition.

Each view reads observations from the store, prefers the official imported tables of an
edition over the bundled curated copy of the same edition, and returns plain dicts (the
CLI's ``--json`` contract) in which every number carries its unit, basis, qualifier and
source (publisher, title, edition, year, table, DOI, address, retrieval date).

Shares are computed against the *published* world total of the same table (the share
basis is reported with each table: a world total published as ``>90,000,000`` makes the
shares upper bounds); ranks are standard competition ranks (1, 2, 3, 3, 5) among countries
with a value; the HHI is the sum of squared country shares in percent
(:func:`assay.models.concentration.hhi`, DOJ/FTC 2023), with the unattributed
"Other countries" row left out, so it is a lower bound when that row is large.

Like with like (issue 13): a published table is (commodity, measure, sub-table, basis,
unit, edition) (:func:`assay.models.series.series_key`). Only a sub-table that USGS
publishes as a world table, with a world total, gets shares, ranks and an HHI; the others
(single-country product tables such as Russia's datolite ore under boron) are shown as what
they are, without a share. Every row carries its ``sub_table`` label and basis, and a
"previous edition" or history only pairs rows of the same series.
"""

from __future__ import annotations

import os
import re
from typing import Any

import numpy as np
import pandas as pd

from assay.models.concentration import competition_ranks, hhi, hhi_band, shares
from assay.models.series import series_label, sub_table_label
from assay.store.db import Store
from assay.store.lookup import (
    UnknownNameError,
    commodity_misnomer,
    resolve_commodity,
    resolve_country,
    resolve_element,
)

__all__ = [
    "WORLD_MEASURES",
    "commodity_view",
    "country_view",
    "element_view",
    "history_view",
    "measure_key",
    "revision_notes",
    "sources_view",
    "top_holders",
    "world_table",
]

#: measures published in the world tables, in display order
WORLD_MEASURES = (
    "reserves",
    "mine_production",
    "refinery_production",
    "plant_production",
    "production",
    "capacity",
)

_SOURCE_FIELDS = (
    "s.id, s.publisher, s.title, s.edition, s.year, s.table_name, s.doi, s.url, s.retrieved, s.kind"
)


def _source_dict(row: dict[str, Any]) -> dict[str, Any]:
    retrieved = row.get("retrieved")
    if retrieved is not None and not isinstance(retrieved, str):
        retrieved = retrieved.isoformat() if hasattr(retrieved, "isoformat") else str(retrieved)
    if isinstance(retrieved, float) and np.isnan(retrieved):
        retrieved = None
    return {
        "id": row["source_id"] if "source_id" in row else row["id"],
        "publisher": row.get("publisher"),
        "title": row.get("title"),
        "edition": _int_or_none(row.get("source_edition", row.get("edition"))),
        "year": _int_or_none(row.get("year")),
        "table": row.get("table_name"),
        "doi": row.get("doi"),
        "url": row.get("url"),
        "retrieved": retrieved,
        "kind": row.get("kind"),
    }


def _int_or_none(value: Any) -> int | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return int(value)


def _float_or_none(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def _number(value: Any) -> int | float | None:
    """A published value for JSON: integral values as int (44000000, not 44000000.0)."""
    number = _float_or_none(value)
    if number is not None and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _none_if_nan(value: Any) -> Any:
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


# -- core table ------------------------------------------------------------------------------
Row = dict[str, Any]


def _observations(
    store: Store, commodity_id: str, measure: str | None = None, edition: int | None = None
) -> list[Row]:
    """Observations of a commodity (optionally one measure / edition) with their sources,
    keeping per (measure, edition) the official rows when there are any, else the curated."""
    clauses = ["o.commodity_id = ?"]
    params: list[Any] = [commodity_id]
    if measure is not None:
        clauses.append("o.measure = ?")
        params.append(measure)
    else:
        clauses.append("o.measure IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(WORLD_MEASURES))
    if edition is not None:
        clauses.append("o.edition = ?")
        params.append(int(edition))
    sql = f"""
        SELECT o.*, s.edition AS source_edition, s.publisher, s.title, s.year,
               s.table_name, s.doi, s.url, s.retrieved, s.kind, c.name AS commodity_name
        FROM observation o JOIN source s ON s.id = o.source_id
        LEFT JOIN commodity c ON c.id = o.commodity_id
        WHERE {" AND ".join(clauses)}
        ORDER BY o.edition, o.measure, o.id
    """
    rows = store.query(sql, params)
    official = {(r["measure"], r["edition"]) for r in rows if r["kind"] == "official"}
    return [
        r for r in rows if r["kind"] == "official" or (r["measure"], r["edition"]) not in official
    ]


def _has_world_total(rows: list[Row]) -> bool:
    """True when the rows of one table hold a published world total (a positive number)."""
    for r in rows:
        if r["area_kind"] == "world" and r["value"] is not None:
            value = float(r["value"])
            if np.isfinite(value) and value > 0:
                return True
    return False


def _primary_detail(rows: list[Row]) -> Any:
    """The table (USGS "Type") of a measure shown first: a world table (one with a published
    world total) before the others, then the one with the most country rows."""
    countries = [r for r in rows if r["area_kind"] == "country"] or rows
    counts: dict[str, int] = {}
    for r in countries:
        key = r["detail"] or ""
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    world_details = {
        key for key in counts if _has_world_total([r for r in rows if (r["detail"] or "") == key])
    }

    def order(key: str) -> tuple[bool, int, str]:
        return (key not in world_details, -counts[key], key)

    return min(counts, key=order) or None


def _select(rows: list[Row], detail: Any, data_year: int | None) -> list[Row]:
    chosen = [r for r in rows if (r["detail"] or None) == (detail or None)]
    if not chosen:
        return chosen
    year = max(r["data_year"] for r in chosen) if data_year is None else int(data_year)
    return [r for r in chosen if r["data_year"] == year]


def _value(row: Row) -> float:
    return np.nan if row["value"] is None else float(row["value"])


def _table_rows(rows: list[Row], names: dict[str, str]) -> tuple[list[Row], float]:
    """Shares of the published world total and competition ranks of one selected table.

    Returns the rows (countries by rank, then 'Other countries', then the world total),
    each with ``country``, ``share`` [%] and ``rank``, and the share denominator.
    """
    world = [r for r in rows if r["area_kind"] == "world"]
    countries = [r for r in rows if r["area_kind"] in ("country", "group")]
    others = [r for r in rows if r["area_kind"] == "other"]
    world_value = _value(world[0]) if world else np.nan
    if np.isfinite(world_value) and world_value > 0:
        total = world_value
    else:  # not a world table: no shares, no ranks (a "100 %, rank 1 of 1" misleads)
        total = np.nan
    country_values = np.array([_value(r) for r in countries], dtype=float)
    country_shares = (
        shares(country_values, total) if np.isfinite(total) else np.full(len(countries), np.nan)
    )
    ranks = competition_ranks(
        np.where([r["area_kind"] == "country" for r in countries], country_values, np.nan)
    )
    if not np.isfinite(total):
        ranks = np.full(len(countries), np.nan)
    out: list[Row] = []
    for r, share, rank in zip(countries, country_shares, ranks, strict=True):
        out.append({**r, "share": float(share), "rank": float(rank)})
    out.sort(
        key=lambda r: (
            np.isnan(r["rank"]),
            r["rank"] if not np.isnan(r["rank"]) else 0.0,
            # unranked rows (not a world table) largest first, as the risk layer lists them
            -(_value(r) if np.isfinite(_value(r)) else 0.0),
            r["area_name"],
        )
    )
    for r in others:
        share = float(shares([_value(r)], total)[0]) if np.isfinite(total) else np.nan
        out.append({**r, "share": share, "rank": np.nan})
    for r in world:
        out.append({**r, "share": 100.0 if np.isfinite(total) else np.nan, "rank": np.nan})
    for r in out:
        iso3 = r["iso3"]
        r["country"] = names.get(iso3, r["area_name"]) if iso3 else r["area_name"]
    return out, total


def _cache_key(store: Store) -> tuple[Any, ...]:
    """Key of the per-connection caches: the connection, and for a file store the file's
    and its write-ahead log's modification times, so that a connection object that reuses
    the address of a closed one never sees that one's data."""
    path = str(store.path)
    stamps: list[int] = []
    if path != ":memory:":
        for candidate in (path, path + ".wal"):
            try:
                stamps.append(os.stat(candidate).st_mtime_ns)
            except OSError:
                stamps.append(0)
    return (path, id(store.con), *stamps)


def _remember(cache: dict[Any, Any], key: Any, value: Any, size: int = 8) -> None:
    """Keep ``value`` under ``key``, forgetting the oldest entries beyond ``size``: the web
    server opens a new cursor per request, so an unbounded per-connection cache would grow
    with every request."""
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > size:
        cache.pop(next(iter(cache)))


_NAMES_CACHE: dict[tuple[Any, ...], tuple[int, dict[str, str]]] = {}


def _country_names(store: Store) -> dict[str, str]:
    key = _cache_key(store)
    count = int(store.con.execute("SELECT count(*) FROM country").fetchone()[0])
    cached = _NAMES_CACHE.get(key)
    if cached is None or cached[0] != count:
        cached = (count, dict(store.con.execute("SELECT iso3, name FROM country").fetchall()))
        _remember(_NAMES_CACHE, key, cached)
    return cached[1]


_TABLE_COLUMNS = [
    "iso3",
    "country",
    "value",
    "unit",
    "basis",
    "qualifier",
    "share",
    "rank",
    "source_id",
    "area_kind",
    "area_name",
    "measure",
    "detail",
    "data_year",
    "edition",
    "footnotes",
    "original_value",
    "original_unit",
    "row_ref",
    "publisher",
    "title",
    "table_name",
    "doi",
    "url",
    "retrieved",
    "kind",
]


def world_table(
    store: Store,
    commodity_id: str,
    measure: str,
    edition: int,
    *,
    detail: str | None = None,
    data_year: int | None = None,
) -> pd.DataFrame:
    """One world table of an edition, with shares and ranks.

    Parameters
    ----------
    store : Store
    commodity_id : str
        Commodity id, name or alias (anything :func:`assay.store.lookup.resolve_commodity`
        accepts, as :func:`commodity_view` does).
    measure : str
        'reserves', 'mine_production', 'refinery_production', 'capacity', ...
    edition : int
        MCS edition (publication year).
    detail : str, optional
        The published table (USGS "Type") when a commodity has several for one measure
        (ilmenite/rutile); default: the one with the most countries.
    data_year : int, optional
        Default: the latest data year of that edition.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3, country, value, unit, basis, qualifier, share, rank, source_id``
        (share in percent of the published world total, rank a competition rank among
        countries) plus ``area_kind`` ('country', 'group', 'other', 'world'),
        ``data_year``, ``detail``, ``footnotes``, ``row_ref`` and the source columns.
        Countries come first by rank, then 'Other countries', then the world total.
        ``attrs['share_denominator']`` holds the denominator of the shares.
    """
    # the same names, aliases and ids as the CLI and commodity_view ("rare earths")
    commodity_id = resolve_commodity(store, commodity_id)
    rows = _observations(store, commodity_id, measure, edition)
    chosen = detail if detail is not None else _primary_detail(rows)
    table, total = _table_rows(_select(rows, chosen, data_year), _country_names(store))
    frame = pd.DataFrame(table, columns=_TABLE_COLUMNS)
    frame["value"] = frame["value"].astype(float)
    frame["share"] = frame["share"].astype(float)
    frame["rank"] = frame["rank"].astype(float)
    frame.attrs["share_denominator"] = total
    return frame


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "iso3": row["iso3"],
        "country": row["country"],
        "area_kind": row["area_kind"],
        "detail": row.get("detail"),
        "sub_table": sub_table_label(row.get("detail"), row.get("commodity_name")),
        "observation_id": row.get("id"),
        "value": _number(row["value"]),
        "unit": row["unit"],
        "basis": row["basis"],
        "qualifier": row["qualifier"],
        "share": _float_or_none(row["share"]),
        "rank": _int_or_none(row["rank"]),
        "data_year": _int_or_none(row["data_year"]),
        "footnotes": row["footnotes"],
        "original_value": row["original_value"],
        "row_ref": row["row_ref"],
        "source": _source_dict(row),
    }


def _measure_json(table: list[Row], denominator: float, measure: str) -> dict[str, Any]:
    countries = [r for r in table if r["area_kind"] in ("country", "group")]
    world_rows = [r for r in table if r["area_kind"] == "world"]
    other_rows = [r for r in table if r["area_kind"] == "other"]
    world = _row_json(world_rows[0]) if world_rows else None
    other = _row_json(other_rows[0]) if other_rows else None
    country_only = [r for r in countries if r["area_kind"] == "country"]
    country_shares = np.array([r["share"] for r in country_only], dtype=float)
    index = hhi(country_shares)
    china = [r for r in country_only if r["iso3"] == "CHN"]
    china_share = _float_or_none(china[0]["share"]) if china else None
    is_world_table = bool(np.isfinite(denominator) and denominator > 0)
    if not is_world_table:
        share_basis = {
            "denominator": None,
            "value": None,
            "qualifier": None,
            "note": "not a world table (no published world total): no shares, ranks or HHI",
        }
    elif world is not None and world["value"]:
        qualifier = world["qualifier"] or ""
        basis_note = "share of the published world total"
        if ">" in qualifier:
            basis_note += " (published as a lower bound '>', so shares are upper bounds)"
        share_basis = {
            "denominator": "published world total",
            "value": world["value"],
            "qualifier": world["qualifier"],
            "note": basis_note,
        }
    else:
        share_basis = {
            "denominator": "sum of the listed values",
            "value": denominator,
            "qualifier": None,
            "note": "no world total published for this table; shares are of the listed values",
        }
    first = table[0]
    return {
        "measure": measure,
        "detail": first["detail"],
        "sub_table": sub_table_label(first["detail"], first.get("commodity_name")),
        "world_table": is_world_table,
        "data_year": _int_or_none(first["data_year"]),
        "unit": first["unit"],
        "basis": first["basis"],
        "world": world,
        "other": other,
        "share_basis": share_basis,
        "hhi": None if np.isnan(index) or not is_world_table else index,
        "hhi_band": hhi_band(index if is_world_table else np.nan),
        "hhi_note": (
            "sum of squared country shares in percent (0-10,000; DOJ/FTC 2023 Merger "
            "Guidelines); 'Other countries' left out, so a lower bound"
        ),
        "hhi_coverage_percent": float(np.nansum(country_shares)),
        "china_share": china_share,
        "rows": [_row_json(r) for r in countries],
        "sources": sorted({r["source_id"] for r in table}),
    }


def _commodity_json(store: Store, commodity_id: str) -> dict[str, Any]:
    rows = store.query(
        """SELECT c.*, (SELECT list(symbol ORDER BY symbol) FROM commodity_element ce
                        WHERE ce.commodity_id = c.id) AS elements
           FROM commodity c WHERE c.id = ?""",
        [commodity_id],
    )
    if not rows:
        raise UnknownNameError("commodity", commodity_id, [])
    info = rows[0]
    return {
        "id": info["id"],
        "name": info["name"],
        "kind": info["kind"],
        "default_basis": info["default_basis"],
        "mcs_code": info["mcs_code"],
        "elements": list(info["elements"] or []),
    }


def commodity_view(store: Store, commodity: str, edition: int | None = None) -> dict[str, Any]:
    """The world picture of one commodity in one edition.

    Parameters
    ----------
    commodity : str
        Any name :func:`assay.store.lookup.resolve_commodity` accepts ("rare earths").
    edition : int, optional
        MCS edition; default: the latest the store has for this commodity.

    Returns
    -------
    dict
        ``{"commodity": {...}, "edition": 2025, "editions": [...], "measures":
        {"reserves": {"data_year", "unit", "basis", "world", "other", "share_basis",
        "hhi", "hhi_band", "china_share", "rows": [{"iso3", "country", "value", "share",
        "rank", "qualifier", "source", ...}], ...}, "mine_production": {...}},
        "other_tables": [...], "china_share": {measure: percent}}``.
        ``other_tables`` holds the further tables of a measure (e.g. rutile beside
        ilmenite). ``name_note`` is set when the name given is a known misnomer
        (``{"alias", "commodity_id", "note"}``), else None.

    Raises
    ------
    UnknownNameError
        For an unknown commodity.
    ValueError
        When the store has no world table for that commodity and edition.
    """
    commodity_id = resolve_commodity(store, commodity)
    all_rows = _observations(store, commodity_id)
    available = sorted({int(r["edition"]) for r in all_rows if r["edition"] is not None})
    if not available:
        raise ValueError(f"the store has no world tables for {commodity_id}")
    if edition is None:
        edition = available[-1]
    if int(edition) not in available:
        raise ValueError(
            f"no {commodity_id} world tables for edition {edition}; editions in the store: "
            + ", ".join(map(str, available))
        )
    rows = [r for r in all_rows if r["edition"] == int(edition)]
    names = _country_names(store)
    measures: dict[str, Any] = {}
    others: list[dict[str, Any]] = []
    for measure in WORLD_MEASURES:
        part = [r for r in rows if r["measure"] == measure]
        if not part:
            continue
        primary = _primary_detail(part)
        details = [primary] + sorted({r["detail"] for r in part if r["detail"]} - {primary})
        for detail in details:
            selected = _select(part, detail, None)
            if not selected:
                continue
            table, total = _table_rows(selected, names)
            if detail == primary:
                measures[measure] = _measure_json(table, total, measure)
            else:
                others.append(_measure_json(table, total, measure))
    flags, corrections = _audit_marks(store)
    for table in [*measures.values(), *others]:
        for item in [*table["rows"], table["world"], table["other"]]:
            if item is not None:
                item["flag"] = flags.get(item["observation_id"])
                item["correction"] = corrections.get(item["observation_id"])
    return {
        "commodity": _commodity_json(store, commodity_id),
        "name_note": commodity_misnomer(store, commodity),
        "edition": int(edition),
        "editions": available,
        "measures": measures,
        "other_tables": others,
        "china_share": {m: v["china_share"] for m, v in measures.items()},
    }


#: the measure spellings the interfaces accept beside the stored names (``assay history
#: production``): each maps to the stored measure it means
MEASURE_ALIASES = {
    "production": "mine_production",
    "mine": "mine_production",
    "mining": "mine_production",
    "refinery": "refinery_production",
    "refining": "refinery_production",
    "reserve": "reserves",
    "nir": "net_import_reliance",
    "prices": "price",
}


def measure_key(text: str) -> str:
    """The stored measure name for what a user typed: lower case, spaces and hyphens as
    underscores, then :data:`MEASURE_ALIASES` ("Mine production" -> ``mine_production``,
    "nir" -> ``net_import_reliance``); an unknown name comes back normalised, for the view
    to reject with the known measures."""
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    return MEASURE_ALIASES.get(key, key)


def history_view(
    store: Store,
    commodity: str,
    measure: str,
    country: str | None = None,
    sub_table: str | None = None,
) -> dict[str, Any]:
    """A measure of a commodity across editions, per country, one series only.

    The series is one sub-table with one basis and unit (:func:`assay.models.series.series_key`)
    followed across editions: by default the main table of the latest edition; ``sub_table``
    picks another ("rutile" beside "ilmenite", "iron content" beside "usable ore"). Each
    edition's table is the latest data year, so revisions between editions appear side by
    side, e.g. Russia's rare-earth reserves 21 Mt (2023) -> 10 Mt (2024) -> 3.8 Mt (2025).

    Returns
    -------
    dict
        ``{"commodity": {...}, "measure": ..., "sub_table": label or None, "basis",
        "unit", "sub_tables": [labels of the measure], "editions": [...], "countries":
        {iso3: name}, "series": {iso3: [{"edition", "data_year", "value", "unit",
        "basis", "qualifier", "share", "rank", "sub_table", "source"}]}, "world": [...],
        "revision_notes": [...]}``.
    """
    commodity_id = resolve_commodity(store, commodity)
    iso3 = resolve_country(store, country) if country else None
    rows = _observations(store, commodity_id, measure, None)
    if not rows:
        known = store.con.execute(
            "SELECT DISTINCT measure FROM observation WHERE commodity_id = ? ORDER BY 1",
            [commodity_id],
        ).fetchall()
        raise ValueError(
            f"the store has no {measure!r} observations for {commodity_id}; measures: "
            + ", ".join(m for (m,) in known)
        )
    names = _country_names(store)
    series: dict[str, list[dict[str, Any]]] = {}
    world: list[dict[str, Any]] = []
    editions: list[int] = []

    def label(row: Row) -> str | None:
        return sub_table_label(row["detail"], row.get("commodity_name"))

    flags, corrections = _audit_marks(store)
    labels = sorted({label(r) or "" for r in rows})
    latest = max(r["edition"] for r in rows)
    latest_rows = [r for r in rows if r["edition"] == latest]
    main = _primary_detail(latest_rows)
    main_rows = [r for r in latest_rows if (r["detail"] or None) == (main or None)]
    if sub_table is None:
        chosen = label(main_rows[0]) if main_rows else None
        identity = (main_rows[0]["basis"], main_rows[0]["unit"]) if main_rows else None
    else:
        wanted = sub_table.strip().lower()
        if wanted not in labels:
            raise ValueError(
                f"no sub-table {sub_table!r} of {commodity_id} {measure}; sub-tables: "
                + ", ".join(repr(x) if x else "(main)" for x in labels)
            )
        chosen, identity = wanted or None, None
    for edition in sorted({r["edition"] for r in rows}):
        part = [r for r in rows if r["edition"] == edition and label(r) == chosen]
        if identity is not None:  # same basis and unit too: never pair ore with K2O
            part = [r for r in part if (r["basis"], r["unit"]) == identity]
        selected = _select(part, _primary_detail(part), None)
        if not selected:
            continue
        editions.append(int(edition))
        table, _ = _table_rows(selected, names)
        for row in table:
            item = _row_json(row)
            item["edition"] = int(edition)
            item["flag"] = flags.get(row["id"])
            item["correction"] = corrections.get(row["id"])
            if row["area_kind"] == "world":
                world.append(item)
            elif row["area_kind"] == "country" and row["iso3"]:
                if iso3 is None or row["iso3"] == iso3:
                    series.setdefault(row["iso3"], []).append(item)
    if iso3 is not None and iso3 not in series:
        series[iso3] = []
    shown = [item for items in series.values() for item in items] + world
    return {
        "commodity": _commodity_json(store, commodity_id),
        "measure": measure,
        "sub_table": chosen,
        "basis": shown[0]["basis"] if shown else None,
        "unit": shown[0]["unit"] if shown else None,
        "sub_tables": [x or None for x in labels],
        "revision_notes": revision_notes(store, commodity_id, iso3, measure),
        "editions": editions,
        "countries": {k: names.get(k, k) for k in series},
        "series": series,
        "world": world,
    }


def top_holders(
    store: Store,
    commodity: str,
    measure: str = "reserves",
    n: int = 5,
    edition: int | None = None,
) -> list[str]:
    """ISO3 codes of the ``n`` largest countries of a world table (latest edition by default)."""
    view = commodity_view(store, commodity, edition)
    rows = view["measures"].get(measure, {}).get("rows", [])
    ranked = [r for r in rows if r["rank"] is not None and r["iso3"]]
    return [r["iso3"] for r in ranked[:n]]


_RANKED_SQL = """
WITH rows AS (
    SELECT o.id, o.commodity_id, o.measure, coalesce(o.detail, '') AS dkey, o.edition,
           o.data_year, o.area_kind, o.iso3, o.value, s.kind
    FROM observation o JOIN source s ON s.id = o.source_id
    WHERE o.measure IN (SELECT unnest($measures::VARCHAR[]))
), official AS (
    SELECT commodity_id, measure, edition, bool_or(kind = 'official') AS has_official
    FROM rows GROUP BY ALL
), kept AS (
    SELECT r.* FROM rows r JOIN official f USING (commodity_id, measure, edition)
    WHERE r.kind = 'official' OR NOT f.has_official
), last AS (
    SELECT commodity_id, measure, dkey, edition, max(data_year) AS data_year
    FROM kept GROUP BY ALL
), tables AS (
    SELECT k.* FROM kept k JOIN last l USING (commodity_id, measure, dkey, edition, data_year)
), stats AS (
    SELECT commodity_id, measure, dkey, edition,
           count(*) FILTER (WHERE area_kind = 'country' AND value IS NOT NULL)
               AS ranked_countries,
           -- only a table with a published world total is a world table (no shares else)
           max(value) FILTER (WHERE area_kind = 'world' AND value > 0) AS world_value
    FROM tables GROUP BY ALL
), ranks AS (
    SELECT id, iso3, commodity_id, measure, dkey, edition,
           CASE WHEN area_kind = 'country' AND value IS NOT NULL THEN
               rank() OVER (PARTITION BY commodity_id, measure, dkey, edition,
                                         area_kind = 'country' AND value IS NOT NULL
                            ORDER BY value DESC) END AS rank
    FROM tables
), ranked AS (
    SELECT t.id,
           CASE WHEN st.world_value IS NOT NULL THEN st.ranked_countries END
               AS ranked_countries,
           st.world_value,
           CASE WHEN st.world_value IS NOT NULL THEN t.rank END AS rank
    FROM ranks t JOIN stats st USING (commodity_id, measure, dkey, edition)
    WHERE t.iso3 IS NOT NULL
)
SELECT o.id AS observation_id, o.iso3, o.commodity_id, c.name AS commodity_name, o.measure,
       o.detail, o.edition,
       o.data_year, o.value, o.unit, o.basis, o.qualifier, o.footnotes, r.rank,
       r.ranked_countries, r.world_value, o.row_ref, o.source_id,
       s.edition AS source_edition, s.publisher, s.title, s.year, s.table_name, s.doi, s.url,
       s.retrieved, s.kind
FROM ranked r JOIN observation o ON o.id = r.id JOIN source s ON s.id = o.source_id
JOIN commodity c ON c.id = o.commodity_id
ORDER BY o.iso3, o.commodity_id, o.measure, o.edition, o.detail NULLS FIRST
"""
"""Every country row of every world table (latest data year of each edition), with its
competition rank (SQL ``rank()``: ties share a rank, the next skips) among the countries of
the same table (commodity, measure, USGS table, edition) and the table's share
denominator (its published world total; NULL, with no rank, for a table that has none:
single-country sub-tables are not world tables). Official rows of
an edition take precedence over the bundled curated copy, as in :func:`world_table`."""

_RANKED_CACHE: dict[tuple[Any, ...], tuple[tuple[Any, ...], dict[str, list[Row]]]] = {}


def _ranked_rows_by_country(store: Store) -> dict[str, list[Row]]:
    """Ranked world-table rows per ISO3, cached per open store until its data change.

    The cache key is the store's observation count, largest observation id and source
    count: every import or reference load changes at least one of them.
    """
    state = tuple(
        store.con.execute(
            "SELECT count(*), max(id), (SELECT count(*) FROM source) FROM observation"
        ).fetchone()
    )
    key = _cache_key(store)
    cached = _RANKED_CACHE.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    cur = store.con.execute(_RANKED_SQL, {"measures": list(WORLD_MEASURES)})
    cols = [d[0] for d in cur.description]
    by_country: dict[str, list[Row]] = {}
    for values in cur.fetchall():
        row = dict(zip(cols, values, strict=True))
        by_country.setdefault(row["iso3"], []).append(row)
    _remember(_RANKED_CACHE, key, (state, by_country))
    return by_country


def _audit_marks(store: Store) -> tuple[dict[int, Any], dict[int, Any]]:
    """High-severity audit flags without a correction, and applied corrections, by
    observation id (empty when the store was built before the audit existed)."""
    from assay.analyses.audit import corrections_by_observation, stored_flags

    return stored_flags(store), corrections_by_observation(store)


def country_view(store: Store, iso3: str) -> dict[str, Any]:
    """Every commodity the store has for one country: value, share and rank per measure
    and edition (latest data year of each edition's world table).

    Returns
    -------
    dict
        ``{"country": {"iso3", "name", "official_name", "iso2"}, "commodities":
        [{"id", "name", "measures": {measure: [{"edition", "data_year", "value",
        "unit", "basis", "qualifier", "share", "rank", "of", "detail", "sub_table",
        "series_label", "world_table", "flag" (a high-severity audit flag without a
        correction, else None), "correction" (the applied correction with the published
        value, else None), "source"}]}}],
        "us_salient": ...}`` (``us_salient`` only for the United States: the number of
        salient-statistics observations per commodity).
    """
    code = resolve_country(store, iso3)
    info = store.query(
        "SELECT iso3, iso2, name, official_name FROM country WHERE iso3 = ?", [code]
    )[0]
    rows = _ranked_rows_by_country(store).get(code, [])
    flags, corrections = _audit_marks(store)
    commodities: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = commodities.setdefault(
            row["commodity_id"],
            {"id": row["commodity_id"], "name": row["commodity_name"], "measures": {}},
        )
        world_value = row["world_value"]
        share = (
            100.0 * row["value"] / world_value
            if row["value"] is not None and world_value not in (None, 0)
            else None
        )
        entry["measures"].setdefault(row["measure"], []).append(
            {
                "edition": row["edition"],
                "data_year": row["data_year"],
                "detail": row["detail"],
                "sub_table": sub_table_label(row["detail"], row["commodity_name"]),
                "series_label": series_label(
                    row["measure"], row["detail"], row["basis"], row["commodity_name"]
                ),
                "world_table": world_value is not None,
                "value": _number(row["value"]),
                "unit": row["unit"],
                "basis": row["basis"],
                "qualifier": row["qualifier"],
                "share": share,
                "rank": row["rank"],
                "of": row["ranked_countries"],
                "footnotes": row["footnotes"],
                "row_ref": row["row_ref"],
                "flag": flags.get(row["observation_id"]),
                "correction": corrections.get(row["observation_id"]),
                "source": _source_dict(row),
            }
        )
    for entry in commodities.values():
        for items in entry["measures"].values():
            items.sort(key=lambda item: (item["sub_table"] or "", item["edition"]))
    # the site inventory and the news layer build on this module, hence the late imports
    from assay.analyses.news import claims_mentioning_country
    from assay.analyses.sites import country_sites_summary

    out: dict[str, Any] = {
        "country": dict(info),
        "commodities": list(commodities.values()),
        "sites": country_sites_summary(store, code),
        "news_claims": claims_mentioning_country(store, code),
    }
    if code == "USA":
        world_measures = ", ".join(f"'{m}'" for m in WORLD_MEASURES)
        salient = store.query(
            f"""SELECT commodity_id, count(*) AS n FROM observation
                WHERE iso3 = 'USA' AND measure NOT IN ({world_measures})
                GROUP BY commodity_id ORDER BY commodity_id"""
        )
        out["us_salient"] = {r["commodity_id"]: r["n"] for r in salient}
    return out


_LANTHANIDES = range(57, 72)  # La-Lu (IUPAC 2005, IR-3.5)
_ACTINIDES = range(89, 104)  # Ac-Lr (IUPAC 2005, IR-3.5)
_PGM = {"Ru", "Rh", "Pd", "Os", "Ir", "Pt"}


def element_view(store: Store, symbol: str) -> dict[str, Any]:
    """An element: identity, rare-earth membership and groups, oxide, commodities.

    Returns
    -------
    dict
        ``{"symbol", "name", "atomic_number", "atomic_weight", "is_rare_earth",
        "ree_group", "groups", "oxide_formula", "oxide_factor", "commodities",
        "sources"}``; ``groups`` lists e.g. 'rare earths', 'heavy rare earths',
        'lanthanides', 'actinides', 'platinum-group metals'.
    """
    code = resolve_element(store, symbol)
    row = store.query("SELECT * FROM element WHERE symbol = ?", [code])[0]
    groups: list[str] = []
    if row["is_rare_earth"]:
        groups.append("rare earths")
        if row["ree_group"]:
            groups.append(f"{row['ree_group']} rare earths")
    if row["atomic_number"] in _LANTHANIDES:
        groups.append("lanthanides")
    if row["atomic_number"] in _ACTINIDES:
        groups.append("actinides")
    if code in _PGM:
        groups.append("platinum-group metals")
    commodities = store.query(
        """SELECT c.id, c.name, ce.role FROM commodity_element ce
           JOIN commodity c ON c.id = ce.commodity_id WHERE ce.symbol = ? ORDER BY c.id""",
        [code],
    )
    source_ids = [s for s in (row["source_id"] or "").split(";") if s]
    fields = _SOURCE_FIELDS.replace("s.", "")
    sources = store.query(
        f"SELECT {fields} FROM source WHERE id IN (SELECT unnest(?::VARCHAR[]))", [source_ids]
    )
    return {
        "symbol": row["symbol"],
        "name": row["name"],
        "atomic_number": row["atomic_number"],
        "atomic_weight": row["atomic_weight"],
        "atomic_weight_unit": "g/mol",
        "is_rare_earth": bool(row["is_rare_earth"]),
        "ree_group": row["ree_group"],
        "groups": groups,
        "oxide_formula": row["oxide_formula"],
        "oxide_factor": row["oxide_factor"],
        "commodities": commodities,
        "sources": [_source_dict(s) for s in sources],
    }


def sources_view(store: Store) -> dict[str, Any]:
    """What the store holds, per source and edition.

    Returns
    -------
    dict
        ``{"sources": [{..source.., "file", "sha256", "observations", "commodities"}],
        "editions": [{"edition", "sources", "observations", "commodities"}],
        "imports": [last import runs], "quarantined": n}``.
    """
    rows = store.query(
        f"""SELECT {_SOURCE_FIELDS}, s.file, s.sha256, s.license,
                   count(o.id) AS observations,
                   list(DISTINCT o.commodity_id ORDER BY o.commodity_id)
                       FILTER (WHERE o.commodity_id IS NOT NULL) AS commodities
            FROM source s LEFT JOIN observation o ON o.source_id = s.id
            GROUP BY ALL ORDER BY s.kind, s.edition NULLS FIRST, s.id"""
    )
    sources = []
    for row in rows:
        item = _source_dict(row)
        item.update(
            file=row["file"],
            sha256=row["sha256"],
            license=row["license"],
            observations=row["observations"],
            commodities=row["commodities"] or [],
        )
        sources.append(item)
    editions = store.query(
        """SELECT o.edition, s.kind, count(DISTINCT o.source_id) AS sources,
                  count(*) AS observations, count(DISTINCT o.commodity_id) AS commodities
           FROM observation o JOIN source s ON s.id = o.source_id
           GROUP BY o.edition, s.kind ORDER BY o.edition, s.kind"""
    )
    imports = store.query(
        """SELECT id, importer, path, started_at, rows_read, rows_inserted, rows_quarantined, status
           FROM import_log ORDER BY id DESC LIMIT 20"""
    )
    quarantined = store.con.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    return {
        "sources": sources,
        "editions": editions,
        "imports": imports,
        "quarantined": int(quarantined),
    }


_REVISED = re.compile(r"\brevis", re.IGNORECASE)
_NAMED_COUNTRIES = re.compile(
    r"(?:Reserves|Production|data)\s+for\s+(?P<names>.+?)\s+(?:were|was)\s+revised",
    re.IGNORECASE,
)


def _named_in_note(store: Store, text: str) -> set[str] | None:
    """ISO3 codes of the countries a revision note names ("Reserves for Australia, Russia,
    and the United States were revised ..."), or None when it names none (it then applies
    to the row it is attached to)."""
    match = _NAMED_COUNTRIES.search(text)
    if match is None:
        return None
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+", match["names"])
    out: set[str] = set()
    for name in names:
        name = re.sub(r"^the\s+", "", name.strip().strip("“”\"'"), flags=re.IGNORECASE)
        if not name:
            continue
        try:
            out.add(resolve_country(store, name))
        except UnknownNameError:
            continue  # "Other countries" and the like
    return out


def revision_notes(
    store: Store,
    commodity_id: str,
    iso3: str | None = None,
    measure: str | None = None,
) -> list[dict[str, Any]]:
    """Published notes that explain a revision of a series, as evidence.

    Two kinds, both quoted as published: the USGS footnotes imported with each observation
    (MCS world tables' notes columns, e.g. MCS 2024 rare earths "Reserves for Australia,
    Russia, Thailand, and the United States were revised based on company and Government
    reports."), and the curated chapter notes of ``reference/series_notes.csv`` (text read in
    the chapter PDF, with its page). A note that names countries applies to those only.

    Parameters
    ----------
    commodity_id : str
        Commodity id (``'rare-earths'``).
    iso3 : str, optional
        Only notes that concern this country (named in the note, or attached to its row).
    measure : str, optional
        Only notes of this measure ('reserves', 'mine_production', ...).

    Returns
    -------
    list of dict
        ``{"text", "edition", "measure", "iso3" (or None for a table-wide note),
        "source": {...}, "row_ref", "kind": "footnote" | "chapter note"}``, by edition.
    """
    clauses = ["o.commodity_id = ?", "o.footnotes IS NOT NULL"]
    params: list[Any] = [commodity_id]
    if measure is not None:
        clauses.append("o.measure = ?")
        params.append(measure)
    rows = store.query(
        f"""SELECT o.iso3, o.measure, o.edition, o.footnotes, min(o.row_ref) AS row_ref,
                   o.source_id, s.edition AS source_edition, s.publisher, s.title, s.year,
                   s.table_name, s.doi, s.url, s.retrieved, s.kind
            FROM observation o JOIN source s ON s.id = o.source_id
            WHERE {" AND ".join(clauses)}
            GROUP BY ALL
            -- a total order: callers take the first note that explains a row, so rows tied
            -- on edition/kind/measure must not come in DuckDB's hash-table order
            ORDER BY o.edition, s.kind, o.measure, o.iso3 NULLS FIRST, o.footnotes, o.source_id,
                     row_ref""",
        params,
    )
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        # sentences; the importer appends the row's area note as ", area: ..." (dropped below),
        # which would otherwise cling to the last sentence of the revision note
        pieces = re.split(r"(?<=[.])\s*(?=[A-Z])|,\s*(?=area: )", row["footnotes"])
        for text in [t.strip() for t in pieces]:
            if not text or not _REVISED.search(text) or text.startswith("area:"):
                continue
            named = _named_in_note(store, text)
            if iso3 is not None:
                if named is not None and iso3 not in named:
                    continue
                if named is None and row["iso3"] != iso3:
                    continue
            scope = None if named is not None else row["iso3"]
            key = (text, row["edition"], row["measure"], scope)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "text": text,
                    "edition": _int_or_none(row["edition"]),
                    "measure": row["measure"],
                    "iso3": scope,
                    "countries": sorted(named) if named is not None else None,
                    "kind": "footnote",
                    "row_ref": row["row_ref"],
                    "source": _source_dict(row),
                }
            )
    out.extend(_chapter_notes(store, commodity_id, iso3, measure))
    out.extend(_revision_file_notes(store, commodity_id, iso3, measure))
    out.sort(key=lambda n: (n["edition"] or 0, n["kind"], n["measure"] or ""))
    return out


def _revision_file_notes(
    store: Store, commodity_id: str, iso3: str | None, measure: str | None
) -> list[dict[str, Any]]:
    """Notes of the USGS data-release revision files (``series_note``), when imported."""
    has_table = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'series_note'"
    ).fetchone()[0]
    if not has_table:
        return []
    rows = store.query(
        f"""SELECT n.*, {_SOURCE_FIELDS.replace("s.edition", "s.edition AS source_edition")}
            FROM series_note n LEFT JOIN source s ON s.id = n.source_id
            WHERE n.commodity_id = ? ORDER BY n.edition, n.row_ref""",
        [commodity_id],
    )
    out = []
    for row in rows:
        if measure is not None and row["measure"] and row["measure"] != measure:
            continue
        countries = [c for c in (row["countries"] or "").split(";") if c]
        if iso3 is not None and countries and iso3 not in countries:
            continue
        out.append(
            {
                "text": row["text"],
                "edition": _int_or_none(row["edition"]),
                "measure": row["measure"],
                "iso3": countries[0] if len(countries) == 1 else None,
                "countries": countries or None,
                "kind": "revision file",
                "row_ref": row["row_ref"],
                "source": _source_dict({**row, "source_id": row["source_id"]}),
            }
        )
    return out


def _series_notes() -> list[dict[str, str]]:
    """Rows of the bundled ``series_notes.csv`` (chapter notes, transcribed with their page)."""
    import csv

    from assay.reference import path

    notes_file = path("series_notes.csv")
    if not notes_file.is_file():
        return []
    with notes_file.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _chapter_notes(
    store: Store, commodity_id: str, iso3: str | None, measure: str | None
) -> list[dict[str, Any]]:
    """Curated chapter notes (``reference/series_notes.csv``) of a commodity."""
    out = []
    for note in _series_notes():
        if note["commodity_id"] != commodity_id:
            continue
        if measure is not None and note["measure"] and note["measure"] != measure:
            continue
        countries = [c for c in (note["iso3"] or "").split(";") if c]
        if iso3 is not None and countries and iso3 not in countries:
            continue
        out.append(
            {
                "text": note["text"],
                "edition": int(note["edition"]),
                "measure": note["measure"] or None,
                "iso3": countries[0] if len(countries) == 1 else None,
                "countries": countries or None,
                "kind": "chapter note",
                "row_ref": note["page"],
                "source": {
                    "id": note["source_id"],
                    "publisher": note["publisher"],
                    "title": note["title"],
                    "edition": int(note["edition"]),
                    "year": int(note["year"]),
                    "table": note["page"],
                    "doi": note["doi"] or None,
                    "url": note["url"] or None,
                    "retrieved": None,
                    "kind": "official",
                },
            }
        )
    return out
