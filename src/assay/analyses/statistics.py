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
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assay.models.concentration import competition_ranks, hhi, hhi_band, shares
from assay.store.db import Store
from assay.store.lookup import UnknownNameError, resolve_commodity, resolve_country, resolve_element

__all__ = [
    "WORLD_MEASURES",
    "commodity_view",
    "country_view",
    "element_view",
    "history_view",
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


def _none_if_nan(value: Any) -> Any:
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


# -- core table ------------------------------------------------------------------------------
def _observations(
    store: Store, commodity_id: str, measure: str | None = None, edition: int | None = None
) -> pd.DataFrame:
    """Observations of a commodity (optionally one measure / edition) with their sources,
    keeping per (measure, edition) the official rows when there are any, else the curated."""
    clauses = ["o.commodity_id = ?"]
    params: list[Any] = [commodity_id]
    if measure is not None:
        clauses.append("o.measure = ?")
        params.append(measure)
    if edition is not None:
        clauses.append("o.edition = ?")
        params.append(int(edition))
    sql = f"""
        WITH rows AS (
            SELECT o.*, s.edition AS source_edition, s.publisher, s.title, s.year,
                   s.table_name, s.doi, s.url, s.retrieved, s.kind,
                   bool_or(s.kind = 'official') OVER (
                       PARTITION BY o.measure, o.edition) AS has_official
            FROM observation o JOIN source s ON s.id = o.source_id
            WHERE {" AND ".join(clauses)}
        )
        SELECT * EXCLUDE (has_official) FROM rows
        WHERE kind = 'official' OR NOT has_official
        ORDER BY edition, measure, id
    """
    return store.df(sql, params)


def _primary_detail(frame: pd.DataFrame) -> Any:
    """The table (Type) of a measure with the most country rows; None-safe."""
    countries = frame[frame["area_kind"] == "country"]
    pool = countries if len(countries) else frame
    counts = pool["detail"].fillna("").value_counts()
    if counts.empty:
        return None
    top = counts[counts == counts.max()].index.min()
    return top or None


def _select(frame: pd.DataFrame, detail: Any, data_year: int | None) -> pd.DataFrame:
    if detail is None:
        frame = frame[frame["detail"].isna()]
    else:
        frame = frame[frame["detail"] == detail]
    if frame.empty:
        return frame
    year = int(frame["data_year"].max()) if data_year is None else int(data_year)
    return frame[frame["data_year"] == year]


def _table_from(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Shares of the published world total and competition ranks of one selected table."""
    world = frame[frame["area_kind"] == "world"]
    world_value = world["value"].iloc[0] if len(world) else np.nan
    countries = frame[frame["area_kind"].isin(["country", "group"])].copy()
    others = frame[frame["area_kind"] == "other"].copy()
    if np.isfinite(world_value) and world_value > 0:
        total = float(world_value)
    else:  # no usable published total: the listed values (and "Other countries")
        total = float(np.nansum(pd.concat([countries["value"], others["value"]]).to_numpy()))
    countries["share"] = shares(countries["value"].to_numpy(dtype=float), total)
    countries["rank"] = competition_ranks(
        np.where(
            countries["area_kind"] == "country", countries["value"].to_numpy(dtype=float), np.nan
        )
    )
    others["share"] = shares(others["value"].to_numpy(dtype=float), total)
    others["rank"] = np.nan
    world = world.copy()
    world["share"] = 100.0 if total else np.nan
    world["rank"] = np.nan
    countries = countries.sort_values(
        ["rank", "value", "area_name"], ascending=[True, False, True], na_position="last"
    )
    out = pd.concat([countries, others, world], ignore_index=True)
    out["country"] = [
        names.get(iso, area) if isinstance(iso, str) else area
        for iso, area in zip(out["iso3"], out["area_name"], strict=True)
    ]
    out.attrs["share_denominator"] = total
    return out


def _country_names(store: Store) -> dict[str, str]:
    return dict(store.con.execute("SELECT iso3, name FROM country").fetchall())


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
        Commodity id (see :func:`assay.store.lookup.resolve_commodity`).
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
    """
    frame = _observations(store, commodity_id, measure, edition)
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "iso3",
                "country",
                "value",
                "unit",
                "basis",
                "qualifier",
                "share",
                "rank",
                "source_id",
            ]
        )
    chosen_detail = detail if detail is not None else _primary_detail(frame)
    selected = _select(frame, chosen_detail, data_year)
    return _table_from(selected, _country_names(store))


def _row_json(row: pd.Series) -> dict[str, Any]:
    return {
        "iso3": _none_if_nan(row["iso3"]),
        "country": row["country"],
        "area_kind": row["area_kind"],
        "value": _float_or_none(row["value"]),
        "unit": row["unit"],
        "basis": _none_if_nan(row["basis"]),
        "qualifier": _none_if_nan(row["qualifier"]),
        "share": _float_or_none(row["share"]),
        "rank": _int_or_none(row["rank"]),
        "data_year": _int_or_none(row["data_year"]),
        "footnotes": _none_if_nan(row["footnotes"]),
        "original_value": _none_if_nan(row["original_value"]),
        "row_ref": _none_if_nan(row["row_ref"]),
        "source": _source_dict(row.to_dict()),
    }


def _measure_json(table: pd.DataFrame, measure: str) -> dict[str, Any]:
    countries = table[table["area_kind"].isin(["country", "group"])]
    world_rows = table[table["area_kind"] == "world"]
    other_rows = table[table["area_kind"] == "other"]
    world = _row_json(world_rows.iloc[0]) if len(world_rows) else None
    other = _row_json(other_rows.iloc[0]) if len(other_rows) else None
    country_only = countries[countries["area_kind"] == "country"]
    index = hhi(country_only["share"].to_numpy(dtype=float))
    china = country_only[country_only["iso3"] == "CHN"]
    china_share = _float_or_none(china["share"].iloc[0]) if len(china) else None
    denominator = table.attrs.get("share_denominator")
    if world is not None and world["value"]:
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
    first = table.iloc[0]
    covered = float(np.nansum(country_only["share"].to_numpy(dtype=float)))
    return {
        "measure": measure,
        "detail": _none_if_nan(first["detail"]),
        "data_year": _int_or_none(first["data_year"]),
        "unit": first["unit"],
        "basis": _none_if_nan(first["basis"]),
        "world": world,
        "other": other,
        "share_basis": share_basis,
        "hhi": None if np.isnan(index) else index,
        "hhi_band": hhi_band(index),
        "hhi_note": (
            "sum of squared country shares in percent (0-10,000; DOJ/FTC 2023 Merger "
            "Guidelines); 'Other countries' left out, so a lower bound"
        ),
        "hhi_coverage_percent": covered,
        "china_share": china_share,
        "rows": [_row_json(r) for _, r in countries.iterrows()],
        "sources": sorted(set(table["source_id"])),
    }


def _commodity_json(store: Store, commodity_id: str) -> dict[str, Any]:
    rows = store.query("SELECT * FROM commodity WHERE id = ?", [commodity_id])
    if not rows:
        raise UnknownNameError("commodity", commodity_id, [])
    info = rows[0]
    elements = store.query(
        "SELECT symbol, role FROM commodity_element WHERE commodity_id = ? ORDER BY symbol",
        [commodity_id],
    )
    return {
        "id": info["id"],
        "name": info["name"],
        "kind": info["kind"],
        "default_basis": info["default_basis"],
        "mcs_code": info["mcs_code"],
        "elements": [e["symbol"] for e in elements],
    }


def _editions(store: Store, commodity_id: str) -> list[int]:
    measures = list(WORLD_MEASURES)
    rows = store.con.execute(
        """SELECT DISTINCT edition FROM observation
           WHERE commodity_id = ? AND measure IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY edition""",
        [commodity_id, measures],
    ).fetchall()
    return [int(r[0]) for r in rows if r[0] is not None]


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
        ilmenite).

    Raises
    ------
    UnknownNameError
        For an unknown commodity.
    ValueError
        When the store has no world table for that commodity and edition.
    """
    commodity_id = resolve_commodity(store, commodity)
    available = _editions(store, commodity_id)
    if not available:
        raise ValueError(f"the store has no world tables for {commodity_id}")
    if edition is None:
        edition = available[-1]
    if int(edition) not in available:
        raise ValueError(
            f"no {commodity_id} world tables for edition {edition}; editions in the store: "
            + ", ".join(map(str, available))
        )
    frame = _observations(store, commodity_id, None, int(edition))
    frame = frame[frame["measure"].isin(WORLD_MEASURES)]
    names = _country_names(store)
    measures: dict[str, Any] = {}
    others: list[dict[str, Any]] = []
    for measure in WORLD_MEASURES:
        part = frame[frame["measure"] == measure]
        if part.empty:
            continue
        primary = _primary_detail(part)
        details = [primary] + sorted(d for d in part["detail"].dropna().unique() if d != primary)
        for detail in details:
            selected = _select(part, detail, None)
            if selected.empty:
                continue
            table = _table_from(selected, names)
            if detail == primary:
                measures[measure] = _measure_json(table, measure)
            else:
                others.append(_measure_json(table, measure))
    return {
        "commodity": _commodity_json(store, commodity_id),
        "edition": int(edition),
        "editions": available,
        "measures": measures,
        "other_tables": others,
        "china_share": {m: v["china_share"] for m, v in measures.items()},
    }


def history_view(
    store: Store, commodity: str, measure: str, country: str | None = None
) -> dict[str, Any]:
    """A measure of a commodity across editions, per country.

    For each edition the table is the one :func:`commodity_view` shows (latest data year,
    main table), so revisions between editions appear side by side, e.g. Russia's
    rare-earth reserves 21 Mt (2023) -> 10 Mt (2024) -> 3.8 Mt (2025).

    Returns
    -------
    dict
        ``{"commodity": {...}, "measure": ..., "editions": [...], "countries":
        {iso3: name}, "series": {iso3: [{"edition", "data_year", "value", "unit",
        "basis", "qualifier", "share", "rank", "source"}]}, "world": [...]}``.
    """
    commodity_id = resolve_commodity(store, commodity)
    iso3 = resolve_country(store, country) if country else None
    frame = _observations(store, commodity_id, measure, None)
    if frame.empty:
        raise ValueError(f"the store has no {measure} observations for {commodity_id}")
    names = _country_names(store)
    series: dict[str, list[dict[str, Any]]] = {}
    world: list[dict[str, Any]] = []
    editions: list[int] = []
    for edition, part in frame.groupby("edition", sort=True):
        selected = _select(part, _primary_detail(part), None)
        if selected.empty:
            continue
        editions.append(int(edition))
        table = _table_from(selected, names)
        for _, row in table.iterrows():
            item = _row_json(row)
            item["edition"] = int(edition)
            if row["area_kind"] == "world":
                world.append(item)
            elif row["area_kind"] == "country" and isinstance(row["iso3"], str):
                if iso3 is None or row["iso3"] == iso3:
                    series.setdefault(row["iso3"], []).append(item)
    if iso3 is not None and iso3 not in series:
        series[iso3] = []
    return {
        "commodity": _commodity_json(store, commodity_id),
        "measure": measure,
        "editions": editions,
        "countries": {k: names.get(k, k) for k in series},
        "series": series,
        "world": world,
    }


def top_holders(
    store: Store, commodity: str, measure: str = "reserves", n: int = 5, edition: int | None = None
) -> list[str]:
    """ISO3 codes of the ``n`` largest countries of a world table (latest edition by default)."""
    view = commodity_view(store, commodity, edition)
    rows = view["measures"].get(measure, {}).get("rows", [])
    ranked = [r for r in rows if r["rank"] is not None and r["iso3"]]
    return [r["iso3"] for r in ranked[:n]]


_COUNTRY_SQL = """
WITH rows AS (
    SELECT o.*, s.kind,
           bool_or(s.kind = 'official') OVER (
               PARTITION BY o.commodity_id, o.measure, o.edition) AS has_official
    FROM observation o JOIN source s ON s.id = o.source_id
    WHERE o.measure IN (SELECT unnest(?::VARCHAR[]))
      AND o.commodity_id IN (SELECT DISTINCT commodity_id FROM observation WHERE iso3 = ?)
), kept AS (
    SELECT *, max(data_year) OVER (
               PARTITION BY commodity_id, measure, coalesce(detail, ''), edition) AS last_year
    FROM rows WHERE kind = 'official' OR NOT has_official
), tables AS (
    SELECT * FROM kept WHERE data_year = last_year
), ranked AS (
    SELECT t.*,
           CASE WHEN area_kind = 'country' AND value IS NOT NULL THEN
               rank() OVER (PARTITION BY commodity_id, measure, coalesce(detail, ''), edition,
                            (area_kind = 'country' AND value IS NOT NULL)
                            ORDER BY value DESC) END AS rank,
           count(*) FILTER (WHERE area_kind = 'country' AND value IS NOT NULL)
               OVER w AS ranked_countries,
           coalesce(
               nullif(max(value) FILTER (WHERE area_kind = 'world') OVER w, 0),
               sum(value) FILTER (WHERE area_kind <> 'world') OVER w
           ) AS world_value
    FROM tables t
    WINDOW w AS (PARTITION BY commodity_id, measure, coalesce(detail, ''), edition)
)
SELECT r.commodity_id, c.name AS commodity_name, r.measure, r.detail, r.edition, r.data_year,
       r.value, r.unit, r.basis, r.qualifier, r.footnotes, r.rank, r.ranked_countries,
       r.world_value, r.row_ref, r.source_id, s.edition AS source_edition, s.publisher,
       s.title, s.year, s.table_name, s.doi, s.url, s.retrieved, s.kind
FROM ranked r JOIN source s ON s.id = r.source_id JOIN commodity c ON c.id = r.commodity_id
WHERE r.iso3 = ?
ORDER BY r.commodity_id, r.measure, r.detail NULLS FIRST, r.edition
"""


def country_view(store: Store, iso3: str) -> dict[str, Any]:
    """Every commodity the store has for one country: value, share and rank per measure
    and edition (latest data year of each edition's world table).

    Returns
    -------
    dict
        ``{"country": {"iso3", "name", "official_name", "iso2"}, "commodities":
        [{"id", "name", "measures": {measure: [{"edition", "data_year", "value",
        "unit", "basis", "qualifier", "share", "rank", "of", "detail", "source"}]}}],
        "us_salient": ...}`` (``us_salient`` only for the United States: the number of
        salient-statistics observations per commodity).
    """
    code = resolve_country(store, iso3)
    info = store.query(
        "SELECT iso3, iso2, name, official_name FROM country WHERE iso3 = ?", [code]
    )[0]
    rows = store.query(_COUNTRY_SQL, [list(WORLD_MEASURES), code, code])
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
                "value": row["value"],
                "unit": row["unit"],
                "basis": row["basis"],
                "qualifier": row["qualifier"],
                "share": share,
                "rank": row["rank"],
                "of": row["ranked_countries"],
                "footnotes": row["footnotes"],
                "row_ref": row["row_ref"],
                "source": _source_dict(row),
            }
        )
    for entry in commodities.values():
        for items in entry["measures"].values():
            items.sort(key=lambda item: (item["edition"], item["detail"] or ""))
    out: dict[str, Any] = {
        "country": dict(info),
        "commodities": list(commodities.values()),
    }
    if code == "USA":
        salient = store.query(
            """SELECT commodity_id, count(*) AS n FROM observation
               WHERE iso3 = 'USA' AND measure NOT IN (SELECT unnest(?::VARCHAR[]))
               GROUP BY commodity_id ORDER BY commodity_id""",
            [list(WORLD_MEASURES)],
        )
        out["us_salient"] = {r["commodity_id"]: r["n"] for r in salient}
    return out


_LANTHANIDES = range(57, 72)
_PGM = {"Ru", "Rh", "Pd", "Os", "Ir", "Pt"}


def element_view(store: Store, symbol: str) -> dict[str, Any]:
    """An element: identity, rare-earth membership and groups, oxide, commodities.

    Returns
    -------
    dict
        ``{"symbol", "name", "atomic_number", "atomic_weight", "is_rare_earth",
        "ree_group", "groups", "oxide_formula", "oxide_factor", "commodities",
        "sources"}``; ``groups`` lists e.g. 'rare earths', 'heavy rare earths',
        'lanthanides', 'platinum-group metals'.
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
