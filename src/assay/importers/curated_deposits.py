"""Curated deposits of the seed countries as the site dataset ``assay-curated``.

The files live in ``assay/reference/deposits`` (curated in the project, every row citing a
source of ``sources_*.csv``):

``deposits.csv``
    one row per deposit: name, local name and aliases, ``iso3``, region (with its ISO
    3166-2 code) and district, location with its precision, deposit type, commodities
    ('|'-joined assay commodity names), status (producing | developed | explored |
    occurrence | mothballed) with its date, operator, citation, ``secondary``.
``estimates.csv``
    one row per estimate and commodity (rows of one estimate share ``estimate_id`` and
    ``ore_t``): system (GKZ | JORC | NI 43-101 | historic | prognostic-other), category as
    published, ore tonnage [t], grade [wt %] of its basis (oxide | element | TREO) and
    species (TR2O3, ZrO2, Li2O ...), contained tonnage [t], cut-off, depth limit [m], date,
    citation, ``secondary``.
``belarus_literature.csv``
    what the geological literature reports for Belarus (read by :func:`read_literature`).

Loading (:func:`import_curated_deposits`) replaces the dataset atomically: the records and
estimates go to ``site_record``/``estimate`` (so that they link with the staged records of
the same deposit in :func:`assay.analyses.sites.link_sites`, where a curated location wins)
and what those tables cannot hold goes to ``curated_deposit``/``curated_estimate``. A bad
row is an error naming file, row and field; nothing is changed then.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from assay import reference
from assay.models import classification
from assay.store import Store

DATASET = "assay-curated"
SOURCE_ID = "assay-curated-deposits"
FOLDER = "deposits"

DEPOSIT_COLUMNS = (
    "deposit_id name name_local aliases iso3 region region_code district lon lat "
    "location_precision precision_km location_source_id deposit_type commodities status "
    "status_as_of operator source_id page secondary note"
).split()
ESTIMATE_COLUMNS = (
    "estimate_id deposit_id system category ore_t commodity grade_percent grade_basis "
    "grade_species contained_t cutoff depth_limit_m as_of source_id page secondary note"
).split()
LITERATURE_COLUMNS = (
    "item_id name region kind description depth_m commodities source_id page secondary"
).split()

PRECISIONS = ("point", "approximate", "district", "region", "none")
#: precisions whose coordinates locate the deposit itself (a region centroid does not)
LOCATING_PRECISIONS = ("point", "approximate", "district")
STATUSES = ("producing", "developed", "explored", "occurrence", "mothballed")
SYSTEMS = ("GKZ", "JORC", "NI 43-101", "historic", "prognostic-other")
GRADE_BASES = ("oxide", "element", "TREO")


class CuratedDataError(ValueError):
    """A curated file or row that cannot be used (names file, row and field)."""


@dataclass
class CuratedImport:
    """What one load did."""

    folder: str
    deposits: int = 0
    estimates: int = 0
    skipped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def default_folder() -> Path:
    """The bundled folder of curated deposit files."""
    return reference.path(FOLDER)


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CuratedDataError(f"{path}: not a readable CSV ({exc})") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CuratedDataError(f"{path}, row 1: missing column(s) {', '.join(missing)}")
    return frame.apply(lambda col: col.str.strip())


def _number(
    path: Path,
    line: int,
    field: str,
    text: str,
    *,
    low: float | None = 0.0,
    high: float | None = None,
) -> float | None:
    if text == "":
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise CuratedDataError(
            f"{path}, row {line}, field {field!r}: {text!r} is not a number"
        ) from None
    if (
        not math.isfinite(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        bounds = f"[{low if low is not None else '-inf'}, {high if high is not None else 'inf'}]"
        raise CuratedDataError(f"{path}, row {line}, field {field!r}: {text} is outside {bounds}")
    return value


def _bool(path: Path, line: int, field: str, text: str) -> bool:
    key = text.lower()
    if key in ("", "false", "0", "no"):
        return False
    if key in ("true", "1", "yes"):
        return True
    raise CuratedDataError(f"{path}, row {line}, field {field!r}: {text!r} is not true/false")


def _choice(path: Path, line: int, field: str, text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise CuratedDataError(
            f"{path}, row {line}, field {field!r}: {text!r} is not one of {', '.join(allowed)}"
        )
    return text


def _required(path: Path, line: int, field: str, text: str) -> str:
    if not text:
        raise CuratedDataError(f"{path}, row {line}, field {field!r}: empty")
    return text


#: A total published without its split ('Ore Reserve' = Proved + Probable): the least
#: certain part governs (classify_combined).
GENERIC_CATEGORIES: dict[tuple[str, str], str] = {
    (system, name): parts
    for system in ("JORC", "NI 43-101")
    for name, parts in (
        ("ore reserve", "Proved;Probable"),
        ("mineral reserve", "Proved;Probable"),
        ("reserve", "Proved;Probable"),
        ("mineral resource", "Measured;Indicated;Inferred"),
        ("resource", "Measured;Indicated;Inferred"),
    )
}


def classify_curated(system: str, category: str) -> classification.Classification:
    """Place a curated (system, category) on the confidence ladder.

    GKZ, JORC and NI 43-101 go through the crosswalk; a combined GKZ category such as
    'A+B+C1' takes its least certain part (:func:`classification.classify_combined`), as
    does a total published without its split (JORC 'Ore Reserve', 'Mineral Resource').
    'historic' (an estimate of unknown or superseded system) is unclassified; a
    'prognostic-other' figure (e.g. "prospective resources") is prognostic unless its
    category is a GKZ P1-P3, which the crosswalk places.
    """
    if system in ("GKZ", "JORC", "NI 43-101"):
        generic = GENERIC_CATEGORIES.get((system, category.strip().lower()))
        if generic is not None:
            return classification.classify_combined(system, generic, ";")
        return classification.classify_combined(system, category.replace("+", ";"), ";")
    if system == "prognostic-other":
        try:
            return classification.classify("GKZ", category)
        except classification.UnknownCategoryError:
            pass
        return classification.Classification(
            system="prognostic-other",
            category=category,
            ladder="prognostic",
            level=classification.LADDER.index("prognostic"),
            unfc_g="G4",
            kind="prognostic",
            compliant=False,
            approximate=True,
            basis="a prognostic figure outside the GKZ P1-P3 categories (as published); "
            "not a resource",
        )
    return classification.Classification(
        system="historic",
        category=category,
        ladder="unclassified",
        level=0,
        unfc_g=None,
        kind="historic",
        compliant=False,
        approximate=True,
        basis="historic estimate: system or category not current; confidence not comparable",
    )


#: element symbol of a grade species ('ZrO2' -> 'Zr'); rare-earth totals have none
def element_of_species(species: str) -> str | None:
    text = species.strip()
    if not text or text.upper() in ("TR2O3", "TREO", "REO", "TRO", "TREE"):
        return None
    symbol = text[0].upper() + (text[1] if len(text) > 1 and text[1].islower() else "")
    return symbol


def read_curated(
    folder: Path, resolve_commodity: Callable[[str], str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Read and check ``deposits.csv`` and ``estimates.csv`` of ``folder``.

    Returns
    -------
    (records, estimates, deposit_extras, estimate_extras)
        rows for ``site_record``, ``estimate``, ``curated_deposit``, ``curated_estimate``.

    Raises
    ------
    CuratedDataError
        naming file, row (1 = header) and field of the first bad value.
    """
    dep_path, est_path = folder / "deposits.csv", folder / "estimates.csv"
    deposits = _read(dep_path, DEPOSIT_COLUMNS)
    records, extras = [], []
    seen: dict[str, str] = {}
    for i, row in enumerate(deposits.to_dict("records")):
        line = i + 2
        dep_id = _required(dep_path, line, "deposit_id", row["deposit_id"])
        if dep_id in seen:
            raise CuratedDataError(
                f"{dep_path}, row {line}, field 'deposit_id': {dep_id!r} repeated"
            )
        name = _required(dep_path, line, "name", row["name"])
        iso3 = _required(dep_path, line, "iso3", row["iso3"]).upper()
        precision = _choice(
            dep_path, line, "location_precision", row["location_precision"] or "none", PRECISIONS
        )
        lon = _number(dep_path, line, "lon", row["lon"], low=-180, high=180)
        lat = _number(dep_path, line, "lat", row["lat"], low=-90, high=90)
        if (lon is None) != (lat is None):
            raise CuratedDataError(
                f"{dep_path}, row {line}, field 'lon': only one of lon/lat given"
            )
        if precision in ("point", "approximate") and lon is None:
            raise CuratedDataError(
                f"{dep_path}, row {line}, field 'lon': precision {precision!r} without coordinates"
            )
        status = (
            _choice(dep_path, line, "status", row["status"], STATUSES) if row["status"] else None
        )
        commodity_names = [c.strip() for c in row["commodities"].split("|") if c.strip()]
        commodity_ids = []
        for cname in commodity_names:
            try:
                commodity_ids.append(resolve_commodity(cname) if resolve_commodity else cname)
            except ValueError:
                raise CuratedDataError(
                    f"{dep_path}, row {line}, field 'commodities': unknown commodity {cname!r}"
                ) from None
        source_id = _required(dep_path, line, "source_id", row["source_id"])
        record_id = f"{DATASET}:{dep_id}"
        seen[dep_id] = record_id
        located = precision in LOCATING_PRECISIONS and lon is not None
        aliases = [a for a in [row["name_local"], *row["aliases"].split("|")] if a.strip()]
        records.append(
            {
                "id": record_id,
                "dataset": DATASET,
                "record_id": dep_id,
                "name": name,
                "aliases": "|".join(a.strip() for a in aliases) or None,
                "country_raw": iso3,
                "iso3": iso3,
                "state_or_province": row["region"] or row["region_code"] or None,
                "lon": lon if located else None,
                "lat": lat if located else None,
                "crs": "EPSG:4326",
                "location_precision": precision if located else "none",
                "deposit_type": row["deposit_type"] or None,
                "deposit_type_group": None,
                "commodities": "|".join(commodity_names) or None,
                "commodity_ids": "|".join(sorted(set(commodity_ids))) or None,
                "status": status,
                "source_id": source_id,
                "reference_title": None,
                "reference_uri": None,
                "row_ref": f"deposits.csv:{line}",
                "extra": json.dumps(
                    {"page": row["page"], "note": row["note"]}
                    if row["note"]
                    else {"page": row["page"]}
                ),
            }
        )
        extras.append(
            {
                "record_id": record_id,
                "deposit_id": dep_id,
                "status": status,
                "status_as_of": row["status_as_of"] or None,
                "operator": row["operator"] or None,
                "location_precision": precision,
                "precision_km": _number(dep_path, line, "precision_km", row["precision_km"]),
                "location_source_id": row["location_source_id"] or None,
                "region": row["region"] or None,
                "region_code": row["region_code"] or None,
                "district": row["district"] or None,
                "source_id": source_id,
                "page": row["page"] or None,
                "secondary": _bool(dep_path, line, "secondary", row["secondary"]),
                "note": row["note"] or None,
            }
        )
    estimates_out, est_extras = [], []
    if not est_path.is_file():
        return records, estimates_out, extras, est_extras
    frame = _read(est_path, ESTIMATE_COLUMNS)
    ore_of: dict[str, float | None] = {}
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2
        key = _required(est_path, line, "estimate_id", row["estimate_id"])
        dep_id = _required(est_path, line, "deposit_id", row["deposit_id"])
        if dep_id not in seen:
            raise CuratedDataError(
                f"{est_path}, row {line}, field 'deposit_id': {dep_id!r} is not in deposits.csv"
            )
        system = _choice(est_path, line, "system", row["system"], SYSTEMS)
        category = _required(est_path, line, "category", row["category"])
        try:
            cls = classify_curated(system, category)
        except classification.UnknownCategoryError as exc:
            raise CuratedDataError(f"{est_path}, row {line}, field 'category': {exc}") from None
        ore_t = _number(est_path, line, "ore_t", row["ore_t"])
        if key in ore_of and ore_of[key] != ore_t:
            raise CuratedDataError(
                f"{est_path}, row {line}, field 'ore_t': rows of estimate {key!r} differ in ore_t"
            )
        ore_of[key] = ore_t
        grade = _number(est_path, line, "grade_percent", row["grade_percent"], high=100.0)
        basis = (
            _choice(est_path, line, "grade_basis", row["grade_basis"], GRADE_BASES)
            if row["grade_basis"]
            else None
        )
        if grade is not None and basis is None:
            raise CuratedDataError(
                f"{est_path}, row {line}, field 'grade_basis': empty beside a grade"
            )
        contained = _number(est_path, line, "contained_t", row["contained_t"])
        derived = False
        if contained is None and ore_t is not None and grade is not None:
            contained, derived = ore_t * grade / 100.0, True
        cname = _required(est_path, line, "commodity", row["commodity"])
        try:
            cid = resolve_commodity(cname) if resolve_commodity else cname
        except ValueError:
            raise CuratedDataError(
                f"{est_path}, row {line}, field 'commodity': unknown commodity {cname!r}"
            ) from None
        species = row["grade_species"]
        notes = [row["note"]] if row["note"] else []
        if row["depth_limit_m"]:
            notes.append(f"to {row['depth_limit_m']} m depth")
        if derived:
            notes.append("contained tonnage computed here as ore x grade")
        row_ref = f"estimates.csv:{line}"
        estimates_out.append(
            {
                "record_id": seen[dep_id],
                "system": cls.system,
                "category": category,
                "ladder": cls.ladder,
                "level": cls.level,
                "approximate": cls.approximate,
                "kind": cls.kind,
                "compliant": cls.compliant,
                "historic": system == "historic",
                "commodity": species or cname,
                "commodity_id": cid,
                "element": element_of_species(species),
                "ore_t": ore_t,
                "ore_value_original": row["ore_t"] or None,
                "ore_unit_original": "t" if row["ore_t"] else None,
                "grade_percent": grade,
                "grade_basis": basis,
                "grade_value_original": row["grade_percent"] or None,
                "grade_unit_original": "%" if row["grade_percent"] else None,
                "contained_t": contained,
                "cutoff_value": row["cutoff"] or None,
                "cutoff_unit": None,
                "as_of": row["as_of"] or None,
                "zone": None,
                "derived": False,
                "note": "; ".join(notes) or None,
                "source_id": _required(est_path, line, "source_id", row["source_id"]),
                "page": row["page"] or None,
                "row_ref": row_ref,
            }
        )
        est_extras.append(
            {
                "row_ref": row_ref,
                "record_id": seen[dep_id],
                "estimate_key": key,
                "system_published": system,
                "grade_species": species or None,
                "depth_limit_m": _number(est_path, line, "depth_limit_m", row["depth_limit_m"]),
                "secondary": _bool(est_path, line, "secondary", row["secondary"]),
            }
        )
    return records, estimates_out, extras, est_extras


def _known_sources(store: Store) -> set[str]:
    return {r[0] for r in store.con.execute("SELECT id FROM source").fetchall()}


def import_curated_deposits(store: Store, folder: Path | None = None) -> CuratedImport:
    """Load the curated deposits of ``folder`` (default: the bundled ones) into the store.

    Replaces the ``assay-curated`` dataset in one transaction; does not relink (call
    :func:`assay.analyses.sites.refresh_sites` after). A folder without ``deposits.csv``
    loads nothing (``skipped`` says why). Every cited source must be in the store's
    ``source`` table (bundled ``sources_*.csv``, loaded by ``load_reference``).
    """
    from assay.importers.sites import _commodity_resolver, write_dataset

    folder = Path(folder) if folder is not None else default_folder()
    result = CuratedImport(str(folder))
    if not (folder / "deposits.csv").is_file():
        result.skipped = f"no deposits.csv in {folder}"
        return result
    records, estimates, extras, est_extras = read_curated(folder, _commodity_resolver(store))
    known = _known_sources(store)
    for path, rows, fields in (
        (folder / "deposits.csv", extras, ("source_id", "location_source_id")),
        (folder / "estimates.csv", estimates, ("source_id",)),
    ):
        for row in rows:
            for fld in fields:
                sid = row.get(fld)
                if sid and sid not in known:
                    where = row.get("row_ref") or next(
                        r["row_ref"] for r in records if r["id"] == row["record_id"]
                    )
                    line = where.split(":")[-1]
                    raise CuratedDataError(
                        f"{path}, row {line}, field {fld!r}: source {sid!r} is not in the "
                        "bundled sources (sources_*.csv)"
                    )
    source = {
        "id": SOURCE_ID,
        "publisher": "assay project (curated from the sources cited per row)",
        "title": "Curated deposits and estimates of the seed countries (assay/reference/deposits)",
        "year": None,
        "url": None,
        "license": "per cited source",
        "kind": "site-inventory",
    }
    write_dataset(
        store,
        DATASET,
        folder / "deposits.csv",
        source,
        records,
        estimates,
        [],
        len(records) + len(estimates),
    )
    with store.transaction() as con:
        # write_dataset cites one source per dataset; a curated row cites its own
        con.register(
            "_rec_src",
            pd.DataFrame([(r["id"], r["source_id"]) for r in records], columns=["rid", "sid"]),
        )
        con.execute("UPDATE site_record SET source_id = s.sid FROM _rec_src s WHERE id = s.rid")
        con.unregister("_rec_src")
        if estimates:
            con.register(
                "_est_src",
                pd.DataFrame(
                    [(e["row_ref"], e["source_id"]) for e in estimates], columns=["ref", "sid"]
                ),
            )
            con.execute(
                "UPDATE estimate SET source_id = s.sid FROM _est_src s "
                "WHERE estimate.row_ref = s.ref "
                "AND estimate.record_id IN (SELECT id FROM site_record WHERE dataset = ?)",
                [DATASET],
            )
            con.unregister("_est_src")
        con.execute("DELETE FROM curated_deposit")
        con.execute("DELETE FROM curated_estimate")
        if extras:
            frame = pd.DataFrame(extras)
            con.register("_cd", frame)
            con.execute(
                f"INSERT INTO curated_deposit ({', '.join(frame.columns)}) SELECT * FROM _cd"
            )
            con.unregister("_cd")
        if est_extras:
            frame = pd.DataFrame(est_extras).astype({"depth_limit_m": float})
            con.register("_ce", frame)
            con.execute(
                f"INSERT INTO curated_estimate ({', '.join(frame.columns)}) SELECT * FROM _ce"
            )
            con.unregister("_ce")
    result.deposits, result.estimates = len(records), len(estimates)
    return result


def read_literature(folder: Path | None = None) -> list[dict[str, Any]]:
    """Rows of ``belarus_literature.csv`` (empty list when the file is absent).

    Raises
    ------
    CuratedDataError
        for a missing column or an empty ``source_id``.
    """
    folder = Path(folder) if folder is not None else default_folder()
    path = folder / "belarus_literature.csv"
    if not path.is_file():
        return []
    frame = _read(path, LITERATURE_COLUMNS)
    out = []
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2
        _required(path, line, "source_id", row["source_id"])
        out.append(
            {
                **row,
                "depth_m": row["depth_m"] or None,
                "secondary": _bool(path, line, "secondary", row["secondary"]),
                "row_ref": f"belarus_literature.csv:{line}",
            }
        )
    return out
