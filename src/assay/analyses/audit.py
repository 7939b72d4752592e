"""Plausibility audit of the store, and the corrections table (issue 13).

Checks (pure tests in :mod:`assay.models.plausibility`):

``edition_jump``
    The same series (:func:`assay.models.series.series_key`) of one country changes by more
    than x5 or /5 between consecutive editions. x100 or more is a scale error (high);
    otherwise medium, or low when a published revision note explains it
    (:func:`assay.analyses.statistics.revision_notes`).
``sum_over_world``
    The countries (and "Other countries") of a table add up to more than the published world
    total, beyond rounding (10 %).
``share_over_100``
    One country's value exceeds the world total of its table (an impossible share).
``site_outside_country``
    A site record's point lies outside the polygon of its country (Natural Earth 1:110m),
    with the distance; a swapped or sign-flipped coordinate that would put it inside is
    suggested as the fix.
``source_disagreement``
    Two sources give the same series (commodity, measure, basis, unit, country, data year)
    values that differ by more than 25 %: USGS against another publisher's production table
    (World Mining Data in ``production_by_source``), or an official table against its
    curated copy. Any two sources that the store holds compare; no pairing is hard-wired.

Corrections
-----------
Known publication errors are fixed through ``reference/corrections.csv``, never silently:
each row names its target (an observation by commodity, edition, measure, sub-table and
country, ``*`` for a whole table; or a site record by dataset and record id), the field,
the published value it expects, the corrected value or factor, and the evidence (the
neighbouring edition, the chapter PDF read). :func:`apply_corrections` writes the corrected
value and logs the original in ``correction_log``; the audit compares the *published*
values, so a corrected error stays listed, with its correction. A row with ``action``
``accept`` corrects nothing: it is the written reason why a flag needs no correction.
"""

from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assay.analyses.statistics import WORLD_MEASURES
from assay.models import plausibility as pl
from assay.models.series import sub_table_label
from assay.store.db import Store

__all__ = [
    "CorrectionsError",
    "load_corrections",
    "apply_corrections",
    "run_audit",
    "refresh",
    "stored_flags",
    "corrections_by_observation",
]

SEVERITIES = ("high", "medium", "low")
_CORRECTION_COLUMNS = (
    "id",
    "action",
    "target",
    "commodity_id",
    "edition",
    "measure",
    "sub_table",
    "iso3",
    "dataset",
    "record_id",
    "field",
    "published",
    "factor",
    "corrected",
    "unit",
    "evidence",
    "evidence_ref",
    "secondary",
)


class CorrectionsError(ValueError):
    """A malformed row of the corrections table (message names file, row and field)."""


# -- corrections -----------------------------------------------------------------------------
def _corrections_path() -> Path:
    from assay.reference import path

    return path("corrections.csv")


def load_corrections(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Rows of the corrections table, validated.

    Raises
    ------
    CorrectionsError
        Naming file, row and field, for a missing column, an unknown action or target, a
        non-numeric number, a correct row with neither factor nor corrected value, or a row
        without evidence.
    """
    file = Path(path) if path is not None else _corrections_path()
    if not file.is_file():
        return []
    stat = file.stat()
    return [dict(row) for row in _load_corrections(str(file), stat.st_mtime_ns, stat.st_size)]


@lru_cache(maxsize=4)
def _load_corrections(name: str, _mtime_ns: int, _size: int) -> tuple[dict[str, Any], ...]:
    """The validated rows of one corrections file (cached until the file changes)."""
    file = Path(name)
    with file.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _CORRECTION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorrectionsError(f"{file.name}: row 1: missing column {missing[0]!r}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            row = {k: (raw.get(k) or "").strip() for k in _CORRECTION_COLUMNS}

            def bad(field: str, why: str, line: int = line) -> CorrectionsError:
                return CorrectionsError(f"{file.name}: row {line}: field {field!r}: {why}")

            if row["action"] not in ("correct", "accept"):
                raise bad("action", f"{row['action']!r} is not 'correct' or 'accept'")
            if row["target"] not in ("observation", "site_record"):
                raise bad("target", f"{row['target']!r} is not 'observation' or 'site_record'")
            if not row["evidence"]:
                raise bad("evidence", "every correction cites its evidence")
            for field in ("published", "factor", "corrected", "edition"):
                if row[field]:
                    try:
                        float(row[field])
                    except ValueError:
                        raise bad(field, f"{row[field]!r} is not a number") from None
            if row["action"] == "correct" and not (row["factor"] or row["corrected"]):
                raise bad("corrected", "a correction needs a corrected value or a factor")
            if row["target"] == "observation":
                for field in ("commodity_id", "edition", "measure", "iso3"):
                    if not row[field]:
                        raise bad(field, "needed for an observation target")
            elif not (row["dataset"] and row["record_id"] and row["field"]):
                raise bad("record_id", "a site-record target needs dataset, record_id, field")
            row["line"] = line
            rows.append(row)
    return tuple(rows)


def _matches_observation(row: dict[str, Any], corr: dict[str, Any]) -> bool:
    if row["commodity_id"] != corr["commodity_id"] or row["measure"] != corr["measure"]:
        return False
    if int(row["edition"] or 0) != int(float(corr["edition"])):
        return False
    if corr["sub_table"] != "*":
        label = sub_table_label(row["detail"], row.get("commodity_name")) or ""
        if label != corr["sub_table"]:
            return False
    if corr["iso3"] == "*":
        return True
    if corr["iso3"] in ("WORLD", "OTHER"):
        return row["area_kind"] == corr["iso3"].lower()
    return row["iso3"] == corr["iso3"]


def _has_table(store: Store, name: str) -> bool:
    return bool(
        store.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]
    )


def apply_corrections(store: Store, corrections: list[dict[str, Any]] | None = None) -> dict:
    """Apply the corrections table to the store (idempotent); return what was applied.

    A correction whose target holds a value other than the published value it expects is
    not applied and is reported under ``mismatched`` (the source changed: re-check it).
    """
    corrections = load_corrections() if corrections is None else corrections
    applied, mismatched = 0, []
    rows = store.query(
        """SELECT o.id, o.commodity_id, o.measure, o.edition, o.detail, o.iso3, o.area_kind,
                  o.value, c.name AS commodity_name
           FROM observation o LEFT JOIN commodity c ON c.id = o.commodity_id
           WHERE o.commodity_id IN (SELECT unnest(?::VARCHAR[]))""",
        [sorted({c["commodity_id"] for c in corrections if c["target"] == "observation"})],
    )
    # (target, id, field) -> corrected value: a re-import that restored the published value
    # is corrected again; a value already corrected is left alone
    logged = {
        (t, str(i), f): c
        for t, i, f, c in store.con.execute(
            "SELECT target, target_id, field, corrected_value FROM correction_log"
        ).fetchall()
    }

    def done(key: tuple[str, str, str], current: float) -> bool:
        return key in logged and np.isclose(current, logged[key], rtol=1e-9)

    with store.transaction():
        for corr in corrections:
            if corr["action"] != "correct":
                continue
            if corr["target"] == "observation":
                targets = [r for r in rows if _matches_observation(r, corr)]
                for r in targets:
                    key = ("observation", str(r["id"]), "value")
                    if r["value"] is None or done(key, float(r["value"])):
                        continue
                    published = float(r["value"])
                    if corr["published"] and corr["iso3"] != "*":
                        expected = float(corr["published"])
                        if not np.isclose(published, expected, rtol=1e-9):
                            mismatched.append(corr["id"])
                            continue
                    new = _corrected(corr, published)
                    store.con.execute(
                        "UPDATE observation SET value = ? WHERE id = ?", [new, r["id"]]
                    )
                    _log(store, corr, ("observation", r["id"], "value"), published, new,
                         corr["unit"] or None)  # fmt: skip
                    logged[key] = new
                    applied += 1
            elif _has_table(store, "site_record"):
                field = corr["field"]
                if field not in ("lat", "lon"):
                    mismatched.append(corr["id"])
                    continue
                found = store.query(
                    f"SELECT id, {field} AS v, site_id FROM site_record "
                    "WHERE dataset = ? AND record_id = ?",
                    [corr["dataset"], corr["record_id"]],
                )
                for r in found:
                    key = ("site_record", str(r["id"]), field)
                    if r["v"] is None or done(key, float(r["v"])):
                        continue
                    published = float(r["v"])
                    if corr["published"] and not np.isclose(
                        published, float(corr["published"]), rtol=1e-9
                    ):
                        mismatched.append(corr["id"])
                        continue
                    new = _corrected(corr, published)
                    store.con.execute(
                        f"UPDATE site_record SET {field} = ? WHERE id = ?", [new, r["id"]]
                    )
                    if r["site_id"] is not None:  # the linked site shows the same point
                        store.con.execute(
                            f"UPDATE site SET {field} = ? WHERE id = ? AND {field} = ?",
                            [new, r["site_id"], published],
                        )
                    _log(store, corr, ("site_record", r["id"], field), published, new, "degree")
                    logged[key] = new
                    applied += 1
    return {"applied": applied, "mismatched": sorted(set(mismatched))}


def _corrected(corr: dict[str, Any], published: float) -> float:
    """The value a ``correct`` row gives: its ``corrected`` value, else published x factor."""
    return float(corr["corrected"]) if corr["corrected"] else published * float(corr["factor"])


def _log(
    store: Store,
    corr: dict[str, Any],
    target: tuple[str, Any, str],
    published: float,
    new: float,
    unit: str | None,
) -> None:
    """Record in ``correction_log`` that ``corr`` changed (target, id, field) from the
    published value to ``new``."""
    kind, target_id, field = target
    store.con.execute(
        "INSERT OR REPLACE INTO correction_log (correction_id, target, target_id, field, "
        "original_value, corrected_value, unit, evidence, evidence_ref) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [corr["id"], kind, str(target_id), field, published, new, unit, corr["evidence"],
         corr["evidence_ref"] or None],
    )  # fmt: skip


def _correction_log(store: Store) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Applied corrections by (target, target id, field)."""
    if not _has_table(store, "correction_log"):
        return {}
    out = {}
    for row in store.query("SELECT * FROM correction_log"):
        out[(row["target"], str(row["target_id"]), row["field"])] = row
    return out


def _correction_json(log: dict[str, Any], corrections: dict[str, dict[str, Any]]) -> dict:
    corr = corrections.get(log["correction_id"], {})
    return {
        "id": log["correction_id"],
        "field": log["field"],
        "original_value": log["original_value"],
        "corrected_value": log["corrected_value"],
        "unit": log["unit"],
        "original_unit": corr.get("unit") or log["unit"],
        "evidence": log["evidence"],
        "evidence_ref": log["evidence_ref"],
        "secondary": (corr.get("secondary") or "").lower() == "true",
    }


# -- the audit -------------------------------------------------------------------------------
def _flag_id(kind: str, *parts: Any) -> str:
    text = "|".join(str(p) for p in (kind, *parts))
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def _observations(store: Store) -> list[dict[str, Any]]:
    """World-table rows with their published value (before any correction), official rows
    of an edition preferred over the curated copy (as the views do)."""
    rows = store.query(
        """SELECT o.id, o.commodity_id, c.name AS commodity_name, o.measure, o.detail,
                  o.basis, o.unit, o.iso3, o.area_kind, o.area_name, o.edition, o.data_year,
                  o.value, o.original_value, o.original_unit, o.row_ref, o.source_id,
                  s.kind, s.publisher
           FROM observation o JOIN source s ON s.id = o.source_id
           LEFT JOIN commodity c ON c.id = o.commodity_id
           WHERE o.measure IN (SELECT unnest(?::VARCHAR[])) AND o.edition IS NOT NULL""",
        [list(WORLD_MEASURES)],
    )
    log = _correction_log(store)
    for r in rows:
        entry = log.get(("observation", str(r["id"]), "value"))
        r["published"] = entry["original_value"] if entry else r["value"]
        r["sub_table"] = sub_table_label(r["detail"], r["commodity_name"])

    def table(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["commodity_id"], r["measure"], r["edition"])

    official = {table(r) for r in rows if r["kind"] == "official"}
    kept = [r for r in rows if r["kind"] == "official" or table(r) not in official]
    return kept


def _series_json(r: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "commodity_id": r["commodity_id"],
        "measure": r["measure"],
        "sub_table": r["sub_table"],
        "basis": r["basis"],
        "unit": r["unit"],
        "iso3": r["iso3"],
        "area": r["area_name"],
        "edition": r["edition"],
        "data_year": r["data_year"],
        "value": r["published"],
        "original_value": r["original_value"],
        "original_unit": r["original_unit"],
        "row_ref": r["row_ref"],
        "source_id": r["source_id"],
        "observation_id": r["id"],
        **extra,
    }


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.4g}"


def _notes_index(store: Store, commodity_ids: set[str]) -> dict[tuple[str, str, int], list[dict]]:
    """Revision notes per (commodity, measure, edition)."""
    from assay.analyses.statistics import revision_notes

    out: dict[tuple[str, str, int], list[dict]] = {}
    for cid in sorted(commodity_ids):
        for note in revision_notes(store, cid):
            out.setdefault((cid, note["measure"] or "", int(note["edition"] or 0)), []).append(note)
    return out


def _explained(notes: list[dict], iso3: str | None) -> dict | None:
    for note in notes:
        countries = note.get("countries")
        if countries is not None and iso3 in countries:
            return note
        if countries is None and note.get("iso3") in (None, iso3):
            return note
    return None


def _edition_jumps(rows: list[dict[str, Any]], notes: dict) -> list[dict[str, Any]]:
    by_series: dict[tuple[Any, ...], dict[int, dict[str, Any]]] = {}
    for r in rows:
        if r["area_kind"] not in ("country", "world"):
            continue
        key = (r["commodity_id"], r["measure"], r["sub_table"] or "", r["basis"] or "",
               r["unit"], r["iso3"] or r["area_kind"])  # fmt: skip
        editions = by_series.setdefault(key, {})
        best = editions.get(r["edition"])
        if best is None or r["data_year"] > best["data_year"]:
            editions[r["edition"]] = r
    flags = []
    for key, editions in by_series.items():
        ordered = [editions[e] for e in sorted(editions)]
        for prev, cur in zip(ordered, ordered[1:], strict=False):
            ratio = pl.edition_jump(prev["published"], cur["published"])
            if ratio is None:
                continue
            note_list = notes.get((cur["commodity_id"], cur["measure"], int(cur["edition"])), [])
            note = _explained(note_list, cur["iso3"])
            severity = pl.jump_severity(ratio, note is not None)
            factor = ratio if ratio >= 1 else 1 / ratio
            evidence = (
                f"{cur['commodity_id']} {cur['measure'].replace('_', ' ')}"
                + (f" ({cur['sub_table']})" if cur["sub_table"] else "")
                + f", {cur['area_name']}: MCS {prev['edition']} {_fmt(prev['published'])} "
                f"{prev['unit']} (data year {prev['data_year']}, published "
                f"{prev['original_value']} {prev['original_unit']}) -> MCS {cur['edition']} "
                f"{_fmt(cur['published'])} {cur['unit']} (data year {cur['data_year']}, "
                f"published {cur['original_value']} {cur['original_unit']}): "
                f"x{ratio:,.3g}"
            )
            if note is not None:
                evidence += f"; revision note (MCS {note['edition']}): {note['text']}"
            if severity == "high":
                fix = (
                    f"a x{factor:,.0f} change is a scale error: check the unit of the column "
                    "in both editions and add a correction to reference/corrections.csv"
                )
            elif note is None:
                fix = "check the chapter PDF for a revision note; correct or accept with a reason"
            else:
                fix = "none needed: explained by the published revision note"
            flags.append(
                {
                    "id": _flag_id("edition_jump", *key, prev["edition"], cur["edition"]),
                    "severity": severity,
                    "kind": "edition_jump",
                    "series": _series_json(
                        cur,
                        previous={
                            "edition": prev["edition"],
                            "data_year": prev["data_year"],
                            "value": prev["published"],
                            "original_value": prev["original_value"],
                            "original_unit": prev["original_unit"],
                            "observation_id": prev["id"],
                            "row_ref": prev["row_ref"],
                        },
                        ratio=ratio,
                    ),
                    "site": None,
                    "evidence": evidence,
                    "suggested_fix": fix,
                    "_observation_ids": [cur["id"], prev["id"]],
                }
            )
    return flags


def _table_checks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tables: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in rows:
        key = (r["commodity_id"], r["measure"], r["detail"] or "", r["edition"], r["data_year"],
               r["source_id"])  # fmt: skip
        tables.setdefault(key, []).append(r)
    flags = []
    for key, table in tables.items():
        world = [r for r in table if r["area_kind"] == "world" and r["published"] is not None]
        if not world:
            continue
        w = world[0]
        countries = [r for r in table if r["area_kind"] == "country"]
        other = next((r["published"] for r in table if r["area_kind"] == "other"), None)
        excess = pl.sum_excess([r["published"] for r in countries], other, w["published"])
        if excess is not None:
            total = sum(r["published"] for r in countries if r["published"] is not None)
            flags.append(
                {
                    "id": _flag_id("sum_over_world", *key),
                    "severity": "high" if excess >= 1.0 else "medium",
                    "kind": "sum_over_world",
                    "series": _series_json(w, countries_sum=total + (other or 0.0)),
                    "site": None,
                    "evidence": (
                        f"{w['commodity_id']} {w['measure'].replace('_', ' ')}"
                        + (f" ({w['sub_table']})" if w["sub_table"] else "")
                        + f", MCS {w['edition']}, data year {w['data_year']}: listed areas sum "
                        f"to {_fmt(total + (other or 0.0))} {w['unit']}, the published world "
                        f"total is {_fmt(w['published'])} {w['unit']} ({excess:+.0%})"
                    ),
                    "suggested_fix": "find the row whose unit or digits are off (largest first)",
                    # the world row first (where the flag is shown), then the rows that sum
                    "_observation_ids": [w["id"], *(r["id"] for r in countries)],
                }
            )
        for r in countries:
            share = pl.share_over_world(r["published"], w["published"])
            if share is None:
                continue
            flags.append(
                {
                    "id": _flag_id("share_over_100", *key, r["iso3"]),
                    "severity": "high",
                    "kind": "share_over_100",
                    "series": _series_json(r, world_total=w["published"], share_percent=share),
                    "site": None,
                    "evidence": (
                        f"{r['area_name']} {_fmt(r['published'])} {r['unit']} is "
                        f"{share:,.0f} % of the published world total {_fmt(w['published'])} "
                        f"{w['unit']} (MCS {r['edition']}, {r['row_ref']})"
                    ),
                    "suggested_fix": "a share over 100 % is impossible: check the row's unit",
                    "_observation_ids": [r["id"]],
                }
            )
    return flags


@lru_cache(maxsize=1)
def _country_polygons() -> dict[str, Any]:
    import json

    from shapely.geometry import shape

    from assay.reference import path

    data = json.loads(path("boundaries/countries_ne110m.geojson").read_text())
    out: dict[str, Any] = {}
    for feature in data["features"]:
        iso3 = (feature.get("properties") or {}).get("iso3")
        if iso3 and len(iso3) == 3 and iso3.isalpha():
            geom = shape(feature["geometry"])
            out[iso3] = geom if iso3 not in out else out[iso3].union(geom)
    return out


def _site_checks(store: Store) -> list[dict[str, Any]]:
    if not _has_table(store, "site_record"):
        return []
    polygons = _country_polygons()
    log = _correction_log(store)
    records = store.query(
        """SELECT id, dataset, record_id, site_id, name, iso3, lon, lat, row_ref, source_id
           FROM site_record WHERE lon IS NOT NULL AND lat IS NOT NULL AND iso3 IS NOT NULL"""
    )
    flags = []
    for r in records:
        polygon = polygons.get(r["iso3"])
        if polygon is None:  # no polygon at 1:110m (small islands): nothing to check against
            continue
        # the audit checks the published point: a corrected coordinate is logged per field
        lon_pub = r["lon"]
        lat_pub = r["lat"]
        if ("site_record", str(r["id"]), "lon") in log:
            lon_pub = log[("site_record", str(r["id"]), "lon")]["original_value"]
        if ("site_record", str(r["id"]), "lat") in log:
            lat_pub = log[("site_record", str(r["id"]), "lat")]["original_value"]
        check = pl.check_placement(float(lon_pub), float(lat_pub), polygon)
        severity = pl.placement_severity(check)
        if severity is None:
            continue
        if check.suggestion:
            fix = (
                f"{check.suggestion}: ({check.suggested_lon:.4f}, {check.suggested_lat:.4f}) "
                f"lies in {r['iso3']}"
            )
        else:
            fix = "find the site's coordinates in another source; correct through corrections.csv"
        flags.append(
            {
                "id": _flag_id("site_outside_country", r["dataset"], r["record_id"]),
                "severity": severity,
                "kind": "site_outside_country",
                "series": None,
                "site": {
                    "site_id": r["site_id"],
                    "record_id": r["record_id"],
                    "dataset": r["dataset"],
                    "name": r["name"],
                    "iso3": r["iso3"],
                    "lon": lon_pub,
                    "lat": lat_pub,
                    "distance_km": round(check.distance_km, 1),
                    "suggestion": check.suggestion,
                    "row_ref": r["row_ref"],
                    "source_id": r["source_id"],
                    "site_record_id": r["id"],
                },
                "evidence": (
                    f"{r['name']} ({r['dataset']} record {r['record_id']}, {r['row_ref']}) at "
                    f"lon {lon_pub:.4f}, lat {lat_pub:.4f} lies {check.distance_km:,.0f} km "
                    f"outside {r['iso3']} (Natural Earth 1:110m)"
                ),
                "suggested_fix": fix,
                "_site_record_ids": [r["id"]],
            }
        )
    return flags


_STAGE_MEASURE = {"mining": "mine_production", "refining": "refinery_production"}


def _source_points(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Comparable numbers of every source: (commodity, measure, basis, unit, iso3, year)."""
    points = [
        {
            "key": (
                r["commodity_id"],
                r["measure"],
                (r["basis"] or "").lower(),
                r["unit"],
                r["iso3"],
                r["data_year"],
            ),  # fmt: skip
            "value": r["published"],
            "publisher": r["publisher"],
            "source_id": r["source_id"],
            "edition": r["edition"],
            "row_ref": r["row_ref"],
            "observation_id": r["id"],
            "sub_table": r["sub_table"],
        }
        for r in rows
        if r["area_kind"] == "country" and r["published"] is not None
    ]
    if _has_table(store, "production_by_source"):
        for r in store.query(
            """SELECT p.*, s.publisher FROM production_by_source p
               LEFT JOIN source s ON s.id = p.source_id
               WHERE p.commodity_id IS NOT NULL AND p.area_kind = 'country'
                 AND p.value IS NOT NULL"""
        ):
            measure = _STAGE_MEASURE.get(r["stage"] or "")
            if measure is None:
                continue
            points.append(
                {
                    "key": (
                        r["commodity_id"],
                        measure,
                        (r["basis"] or "").lower(),
                        r["unit"],
                        r["iso3"],
                        r["data_year"],
                    ),  # fmt: skip
                    "value": r["value"],
                    "publisher": r["publisher"] or r["source_id"],
                    "source_id": r["source_id"],
                    "edition": None,
                    "row_ref": r["row_ref"],
                    "observation_id": None,
                    "sub_table": r["material"],
                }
            )
    return points


def _source_disagreements(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for p in _source_points(store, rows):
        if not p["key"][2]:  # no basis: a gross weight and a content must not be compared
            continue
        groups.setdefault(p["key"], []).append(p)
    flags = []
    for key, points in groups.items():
        publishers = {p["publisher"] for p in points}
        if len(publishers) < 2:
            continue
        # one value per publisher: the latest edition's
        latest: dict[str, dict[str, Any]] = {}
        for p in points:
            have = latest.get(p["publisher"])
            if have is None or (p["edition"] or 0) > (have["edition"] or 0):
                latest[p["publisher"]] = p
        pubs = sorted(latest)
        for i, a in enumerate(pubs):
            for b in pubs[i + 1 :]:
                pa, pb = latest[a], latest[b]
                ratio = pl.source_disagreement(pa["value"], pb["value"])
                if ratio is None:
                    continue
                cid, measure, basis, unit, iso3, year = key
                flags.append(
                    {
                        "id": _flag_id("source_disagreement", *key, a, b),
                        "severity": "medium" if ratio >= 5 else "low",
                        "kind": "source_disagreement",
                        "series": {
                            "commodity_id": cid,
                            "measure": measure,
                            "basis": basis,
                            "unit": unit,
                            "iso3": iso3,
                            "data_year": year,
                            "values": [
                                {
                                    k: p[k]
                                    for k in (
                                        "publisher",
                                        "source_id",
                                        "value",
                                        "edition",
                                        "row_ref",
                                        "sub_table",
                                    )
                                }
                                for p in (pa, pb)
                            ],  # fmt: skip
                            "ratio": ratio,
                        },
                        "site": None,
                        "evidence": (
                            f"{cid} {measure.replace('_', ' ')} ({basis}), {iso3} {year}: "
                            f"{a} {_fmt(pa['value'])} {unit} vs {b} {_fmt(pb['value'])} {unit} "
                            f"(x{ratio:.2f})"
                        ),
                        "suggested_fix": "compare the two tables' definitions (stage, content)",
                        "_observation_ids": [
                            p["observation_id"] for p in (pa, pb) if p["observation_id"]
                        ],
                    }
                )
    return flags


def run_audit(store: Store, corrections: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Run every plausibility check on the store's published values.

    Returns
    -------
    dict
        ``{"flags": [{"id", "severity", "kind", "series" or None, "site" or None,
        "evidence", "suggested_fix", "correction" or None, "reason" or None,
        "resolved"}], "counts": {"high", "medium", "low", "high_unresolved"},
        "checks": [...]}``; flags sorted high first. A flag is resolved when a correction
        was applied to the flagged value or an ``accept`` row gives a written reason.
    """
    corrections = load_corrections() if corrections is None else corrections
    by_id = {c["id"]: c for c in corrections}
    rows = _observations(store)
    notes = _notes_index(store, {r["commodity_id"] for r in rows})
    flags = _edition_jumps(rows, notes) + _table_checks(rows)
    flags += _site_checks(store) + _source_disagreements(store, rows)
    log = _correction_log(store)
    accepts = [c for c in corrections if c["action"] == "accept"]
    obs_by_id = {r["id"]: r for r in rows}
    for flag in flags:
        correction = None
        for oid in flag.get("_observation_ids", []):
            entry = log.get(("observation", str(oid), "value"))
            if entry is not None:
                correction = _correction_json(entry, by_id)
                break
        for rid in flag.get("_site_record_ids", []):
            entry = log.get(("site_record", str(rid), "lat")) or log.get(
                ("site_record", str(rid), "lon")
            )
            if entry is not None:
                correction = _correction_json(entry, by_id)
                break
        reason = None
        if correction is None:
            for acc in accepts:
                if _accept_matches(acc, flag, obs_by_id):
                    reason = acc["evidence"]
                    flag["accepted_by"] = acc["id"]
                    break
        flag["correction"] = correction
        flag["reason"] = reason
        flag["resolved"] = correction is not None or reason is not None
    flags.sort(key=lambda f: (SEVERITIES.index(f["severity"]), f["kind"], f["evidence"]))
    counts = {s: sum(1 for f in flags if f["severity"] == s) for s in SEVERITIES}
    counts["high_unresolved"] = sum(
        1 for f in flags if f["severity"] == "high" and not f["resolved"]
    )
    return {
        "flags": flags,
        "counts": counts,
        "checks": [
            "edition_jump",
            "sum_over_world",
            "share_over_100",
            "site_outside_country",
            "source_disagreement",
        ],
    }


def _accept_matches(acc: dict[str, Any], flag: dict[str, Any], obs: dict[int, dict]) -> bool:
    if acc["target"] == "site_record":
        site = flag.get("site") or {}
        return site.get("dataset") == acc["dataset"] and site.get("record_id") == acc["record_id"]
    if acc["field"] and acc["field"] != flag["kind"]:
        return False
    for oid in flag.get("_observation_ids", []):
        row = obs.get(oid)
        if row is not None and _matches_observation(row, acc):
            return True
    return False


def public_flags(result: dict[str, Any]) -> dict[str, Any]:
    """The audit result without its internal keys (the ``--json`` contract)."""
    flags = [{k: v for k, v in f.items() if not k.startswith("_")} for f in result["flags"]]
    return {**result, "flags": flags}


def refresh(store: Store) -> dict[str, Any]:
    """Apply the corrections table, run the audit and keep its flags in ``audit_flag``."""
    corrections = load_corrections()
    applied = apply_corrections(store, corrections)
    result = run_audit(store, corrections)
    with store.transaction():
        store.con.execute("DELETE FROM audit_flag")
        for f in result["flags"]:
            obs_ids = f.get("_observation_ids") or [None]
            site_ids = f.get("_site_record_ids") or [None]
            store.con.execute(
                "INSERT OR REPLACE INTO audit_flag (id, severity, kind, observation_id, "
                "site_record_id, evidence, suggested_fix, correction_id, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [f["id"], f["severity"], f["kind"], obs_ids[0], site_ids[0], f["evidence"],
                 f["suggested_fix"], (f["correction"] or {}).get("id"), f["reason"]],
            )  # fmt: skip
    return {"corrections": applied, "counts": result["counts"]}


def stored_flags(store: Store) -> dict[int, dict[str, Any]]:
    """High-severity flags without a correction or reason, by flagged observation id (from
    ``audit_flag``, refreshed by ``build`` and by every import of audited data; empty when
    the store has none)."""
    if not _has_table(store, "audit_flag"):
        return {}
    rows = store.query(
        """SELECT id, severity, kind, observation_id, evidence FROM audit_flag
           WHERE severity = 'high' AND correction_id IS NULL AND reason IS NULL
             AND observation_id IS NOT NULL"""
    )
    return {int(r["observation_id"]): r for r in rows}


def corrections_by_observation(store: Store) -> dict[int, dict[str, Any]]:
    """Applied corrections by observation id: original and corrected value, evidence."""
    corrections = {c["id"]: c for c in load_corrections()}
    return {
        int(tid): _correction_json(entry, corrections)
        for (target, tid, _field), entry in _correction_log(store).items()
        if target == "observation"
    }
