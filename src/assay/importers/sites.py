"""Importers of mineral-site inventories, each atomic, with bad rows quarantined.

Staged sources (flattened from the DARPA CriticalMAAS MinMod knowledge graph, commit
050de430; see each dataset's README):

==================  ==========================================================  ==========
dataset             publication                                                 estimates
==================  ==========================================================  ==========
weng2015            Weng, Jowitt, Mudd & Haque (2015) Econ. Geol. 110:1925      yes
usgs-ree            Orris & Grauch (2002) USGS OFR 02-189                       no
usgs-carbonatites   Berger, Singer & Orris (2009) USGS OFR 2009-1139            no
usgs-major          USGS Major mineral deposits of the world (OFR 2005-1294)    no
ni43101             Inferlink extraction of NI 43-101 reports (MinMod)          yes (noisy)
==================  ==========================================================  ==========

plus generic CSV and GeoJSON files read through a column mapping.

Every import runs in one transaction: a failure leaves the store as it was. Records of the
same dataset are replaced, so re-importing is idempotent. A row that cannot be used is not
inserted; it is written to ``quarantine`` with file, line, field, value and reason. Grades
are normalised on import (to wt % of element, oxide or TREO) and the published value and
unit are kept beside the normalised ones.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from assay.models import classification, grades
from assay.store import Store

IMPORTER = "sites"

#: REE element names (MinMod commodity labels) to symbols.
REE_NAMES: dict[str, str] = {
    "lanthanum": "La",
    "cerium": "Ce",
    "praseodymium": "Pr",
    "neodymium": "Nd",
    "promethium": "Pm",
    "samarium": "Sm",
    "europium": "Eu",
    "gadolinium": "Gd",
    "terbium": "Tb",
    "dysprosium": "Dy",
    "holmium": "Ho",
    "erbium": "Er",
    "thulium": "Tm",
    "ytterbium": "Yb",
    "lutetium": "Lu",
    "yttrium": "Y",
    "scandium": "Sc",
}

#: MinMod commodity labels that are not an assay commodity id once slugged.
_COMMODITY_FOLDS: dict[str, str] = {
    "rare earth elements": "rare-earths",
    "rare earths": "rare-earths",
    "ree": "rare-earths",
    "aluminum": "bauxite-alumina",
    "aluminium": "bauxite-alumina",
    "iron": "iron-ore",
    "ilmenite": "titanium",
    "rutile": "titanium",
    "barium-barite": "barite",
    "fluorine-fluorite": "fluorspar",
    "platinum": "platinum-group-metals",
    "palladium": "platinum-group-metals",
    "rhodium": "platinum-group-metals",
    "platinum-group elements": "platinum-group-metals",
    "potassium": "potash",
    "phosphorus": "phosphate-rock",
    "phosphate": "phosphate-rock",
    "graphite": "graphite",
    "salt": "salt",
    "sodium": "salt",
}


#: Largest plausible ore tonnage of one estimate [t]. The largest deposits in the staged
#: compilations hold about 1e10 t (Weng et al. 2015: 9.6e9 t, Olympic Dam); an
#: extracted tonnage above 2e10 t is a unit error (tonnes labelled 'million tonnes').
MAX_PLAUSIBLE_ORE_T = 2e10


@dataclass(frozen=True)
class DatasetSpec:
    """A staged site dataset: where its files are and how to cite it."""

    key: str
    folder: str
    sites_file: str
    inventory_file: str | None
    source_id: str
    publisher: str
    title: str
    year: int
    doi: str | None
    url: str
    license: str
    estimate_system: str = "MinMod"


STAGED: dict[str, DatasetSpec] = {
    "weng2015": DatasetSpec(
        key="weng2015",
        folder="ree-deposits-weng2015",
        sites_file="sites.csv",
        inventory_file="inventory.csv",
        source_id="weng2015-ree",
        publisher="Economic Geology (SEG); via DARPA CriticalMAAS MinMod",
        title="Weng, Jowitt, Mudd & Haque (2015) A Detailed Assessment of Global Rare Earth "
        "Element Resources: Opportunities and Challenges, Econ. Geol. 110(8):1925-1952",
        year=2015,
        doi="10.2113/econgeo.110.8.1925",
        url="https://doi.org/10.2113/econgeo.110.8.1925",
        license="compilation (c) the authors/SEG, research use with citation; MinMod repo MIT",
    ),
    "usgs-ree": DatasetSpec(
        key="usgs-ree",
        folder="usgs-ree-occurrences",
        sites_file="sites.csv",
        inventory_file=None,
        source_id="usgs-ofr-02-189",
        publisher="U.S. Geological Survey",
        title="Orris & Grauch (2002) Rare earth element mines, deposits, and occurrences, "
        "USGS Open-File Report 02-189",
        year=2002,
        doi="10.3133/ofr02189",
        url="https://mrdata.usgs.gov/ree",
        license="public domain",
    ),
    "usgs-carbonatites": DatasetSpec(
        key="usgs-carbonatites",
        folder="usgs-carbonatites",
        sites_file="sites.csv",
        inventory_file=None,
        source_id="usgs-ofr-2009-1139",
        publisher="U.S. Geological Survey",
        title="Berger, Singer & Orris (2009) Carbonatites of the world, explored deposits of "
        "Nb and REE - database and grade and tonnage models, USGS Open-File Report 2009-1139",
        year=2009,
        doi="10.3133/ofr20091139",
        url="https://mrdata.usgs.gov/carbonatite",
        license="public domain",
    ),
    "usgs-major": DatasetSpec(
        key="usgs-major",
        folder="usgs-major-deposits",
        sites_file="sites.csv",
        inventory_file=None,
        source_id="usgs-major-deposits",
        publisher="U.S. Geological Survey",
        title="Major mineral deposits of the world (USGS Open-File Report 2005-1294 and updates)",
        year=2005,
        doi=None,
        url="https://mrdata.usgs.gov/major-deposits",
        license="public domain",
    ),
    "ni43101": DatasetSpec(
        key="ni43101",
        folder="ni43101-minmod",
        sites_file="sites.csv",
        inventory_file="inventory_critical.csv",
        source_id="minmod-ni43101",
        publisher="DARPA CriticalMAAS MinMod (USC ISI / Inferlink)",
        title="Grade and tonnage by resource category machine-extracted from NI 43-101 "
        "technical reports (Inferlink Extraction v3)",
        year=2024,
        doi=None,
        url="https://github.com/DARPA-CRITICALMAAS/ta2-minmod-data",
        license="MIT (extraction); reports (c) their issuers",
    ),
}

#: Fields a generic mapping may fill (target name -> meaning).
GENERIC_FIELDS: dict[str, str] = {
    "record_id": "unique id of the row in its source (default: line number)",
    "name": "site name (required)",
    "aliases": "other names, '|' or ';' separated",
    "country": "country name or ISO code",
    "iso3": "ISO 3166-1 alpha-3",
    "state_or_province": "admin-1 region as published",
    "lon": "longitude in the file's CRS",
    "lat": "latitude in the file's CRS",
    "deposit_type": "deposit type",
    "commodities": "commodities, '|' or ';' or ',' separated",
    "status": "status (producer, past producer, prospect ...)",
    "system": "classification system of the estimate (JORC, NI 43-101, GKZ, UNFC ...)",
    "category": "category in that system (Indicated, C1, 222 ...)",
    "ore": "ore tonnage",
    "ore_unit": "unit of ore tonnage (t, kt, Mt, short tons ...)",
    "grade": "grade of the commodity",
    "grade_unit": "unit of grade (%, ppm, g/t, kg/t)",
    "grade_commodity": "what the grade is of (Nd, Nd2O3, TREO, Li2O ...)",
    "as_of": "date of the estimate",
    "historic": "true when a historic (non-current) estimate",
    "page": "page or table of the source",
}


@dataclass
class SiteImportResult:
    """What one import did."""

    dataset: str
    path: str
    rows_read: int = 0
    records: int = 0
    estimates: int = 0
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    import_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "path": self.path,
            "rows_read": self.rows_read,
            "records": self.records,
            "estimates": self.estimates,
            "quarantined": len(self.quarantined),
            "quarantine": self.quarantined,
            "import_id": self.import_id,
        }


class SiteImportError(ValueError):
    """The file as a whole cannot be read (missing, wrong columns, bad mapping)."""


# -- helpers -------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def _float(value: Any) -> float | None:
    text = _text(value)
    if text is None:
        return None
    try:
        out = float(text.replace(",", ""))
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")


def commodity_id_of(name: str, resolver: Callable[[str], str] | None = None) -> str:
    """Assay commodity id of a published commodity label ('Neodymium' -> 'rare-earths').

    ``resolver`` (the store's name lookup) is tried first; individual rare-earth elements
    fold into 'rare-earths'; otherwise a slug of the label.
    """
    key = name.strip().lower()
    if key in REE_NAMES or key in _COMMODITY_FOLDS:
        return "rare-earths" if key in REE_NAMES else _COMMODITY_FOLDS[key]
    if resolver is not None:
        try:
            return resolver(name)
        except ValueError:
            pass
    return slug(name)


def split_list(text: str | None, seps: str = "|;,") -> list[str]:
    if not text:
        return []
    parts = re.split("[" + re.escape(seps) + "]", text)
    return [p.strip() for p in parts if p.strip()]


_WKT_POINT = re.compile(r"(-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)\s+(-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)")


def location_from_row(
    lon: Any, lat: Any, wkt: Any
) -> tuple[float | None, float | None, str, str | None]:
    """(lon, lat, precision, problem): published lon/lat, else the first point of the WKT.

    ``problem`` is a reason when a coordinate is present but unusable (out of range or not
    a number); then lon/lat are None.
    """
    x, y = _float(lon), _float(lat)
    precision = "point"
    if x is None and y is None and _text(wkt):
        match = _WKT_POINT.search(str(wkt))
        if match:
            x, y = float(match.group(1)), float(match.group(2))
            precision = (
                "point" if str(wkt).strip().upper().startswith("POINT") else ("multipoint-first")
            )
    if x is None and y is None:
        if _text(lon) or _text(lat):
            return None, None, "none", f"coordinate not a number: lon={lon!r} lat={lat!r}"
        return None, None, "none", None
    if x is None or y is None:
        return None, None, "none", "only one of lon/lat given"
    if not (-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0):
        return None, None, "none", f"coordinate out of range: lon={x} lat={y}"
    if x == 0.0 and y == 0.0:
        # 'null island': a placeholder of the machine extraction, not a location
        return None, None, "dropped (0, 0 placeholder)", None
    if x == round(x) and y == round(y):
        precision = "whole degrees (coarse)"
    return x, y, precision, None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _commodity_resolver(store: Store) -> Callable[[str], str] | None:
    try:
        from assay.store.lookup import resolve_commodity  # foundation's name lookup
    except ImportError:
        return None
    try:
        if not store.con.execute("SELECT count(*) FROM commodity_alias").fetchone()[0]:
            return None
    except Exception:  # noqa: BLE001 - table absent in an old store
        return None
    return _cached(lambda name: resolve_commodity(store, name))


def _cached(fn: Callable[[str], str]) -> Callable[[str], str]:
    """Memoise a name resolver, remembering failures too (one store query per name)."""
    memo: dict[str, str | None] = {}

    def resolve(name: str) -> str:
        if name not in memo:
            try:
                memo[name] = fn(name)
            except ValueError:
                memo[name] = None
        hit = memo[name]
        if hit is None:
            raise ValueError(f"unknown name {name!r}")
        return hit

    return resolve


def _country_resolver(store: Store) -> Callable[[str], str] | None:
    try:
        from assay.store.lookup import resolve_country
    except ImportError:
        return None
    try:
        if not store.con.execute("SELECT count(*) FROM country").fetchone()[0]:
            return None
    except Exception:  # noqa: BLE001
        return None
    return _cached(lambda name: resolve_country(store, name))


# -- readers (pure: file -> rows + quarantine) ------------------------------------------------


def read_minmod_sites(
    path: Path,
    dataset: str,
    commodity_resolver: Callable[[str], str] | None = None,
    country_resolver: Callable[[str], str] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read a flattened MinMod ``sites.csv`` into site_record rows and quarantine entries."""
    frame = _read_csv(path)
    required = {"record_id", "name", "country", "iso3", "lon", "lat", "commodities"}
    missing = required - set(frame.columns)
    if missing:
        raise SiteImportError(f"{path}: missing columns {', '.join(sorted(missing))}")
    records: list[dict[str, Any]] = []
    quarantine: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2
        rid = _text(row.get("record_id"))
        name = _text(row.get("name"))
        if rid is None:
            quarantine.append(_q(path, line, "record_id", None, "record id missing"))
            continue
        if rid in seen:
            quarantine.append(_q(path, line, "record_id", rid, "duplicate record id"))
            continue
        if name is None:
            quarantine.append(_q(path, line, "name", None, "site name missing"))
            continue
        lon, lat, precision, problem = location_from_row(
            row.get("lon"), row.get("lat"), row.get("location_wkt")
        )
        if problem:
            quarantine.append(
                _q(path, line, "lon/lat", f"{row.get('lon')} {row.get('lat')}", problem)
            )
            continue
        iso3 = _text(row.get("iso3"))
        country_raw = _text(row.get("country"))
        if iso3 is None and country_raw and country_resolver is not None:
            try:
                iso3 = country_resolver(country_raw)
            except ValueError:
                iso3 = None
        seen.add(rid)
        commodities = split_list(_text(row.get("commodities")), "|")
        extra = {
            k: _text(row.get(k))
            for k in ("sri_predicted_deposit_type", "sri_predicted_confidence")
            if _text(row.get(k))
        }
        records.append(
            {
                "id": f"{dataset}:{rid}",
                "dataset": dataset,
                "record_id": rid,
                "name": name,
                "aliases": _text(row.get("aliases")),
                "country_raw": country_raw,
                "iso3": iso3,
                "state_or_province": _text(row.get("state_or_province")),
                "lon": lon,
                "lat": lat,
                "crs": "EPSG:4326" if lon is not None else None,
                "location_precision": precision,
                "deposit_type": _deposit_type(row),
                "deposit_type_group": _text(row.get("deposit_type_group")),
                "commodities": "|".join(commodities) or None,
                "commodity_ids": "|".join(
                    sorted({commodity_id_of(c, commodity_resolver) for c in commodities})
                )
                or None,
                "status": None,
                "reference_title": _text(row.get("reference_title")),
                "reference_uri": _text(row.get("reference_uri")),
                "row_ref": f"{path.name}:{line}",
                "extra": json.dumps(extra) if extra else None,
            }
        )
    return records, quarantine


def _deposit_type(row: Mapping[str, Any]) -> str | None:
    published = _text(row.get("deposit_type"))
    # the carbonatite database publishes a numeric code ('10'); the label is SRI's prediction
    if published is not None and not published.isdigit():
        return published
    predicted = _text(row.get("sri_predicted_deposit_type"))
    return predicted or published


_OXIDE_LABEL = re.compile(r"\b[A-Z][a-z]?\d*O\d*\b|oxide", re.IGNORECASE)


def read_minmod_inventory(
    path: Path,
    dataset: str,
    known_records: set[str],
    oxide_factors: Mapping[str, float],
    commodity_resolver: Callable[[str], str] | None = None,
    derive_treo: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read a flattened MinMod ``inventory.csv`` into estimate rows and quarantine entries.

    Grades are normalised to wt %; ore to tonnes. A row is quarantined when its record is
    unknown (or was quarantined), when its category is not in the crosswalk, or when it
    carries neither a usable ore tonnage nor a usable grade; partially usable rows are kept
    with the unusable part NULL, the published text kept and a ``note`` saying why.
    With ``derive_treo``, element grades sharing one ore tonnage (one deposit, category,
    zone and date) are summed into a derived TREO estimate (Weng et al. 2015 method).
    """
    frame = _read_csv(path)
    estimates: list[dict[str, Any]] = []
    quarantine: list[dict[str, Any]] = []
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2
        rid = _text(row.get("record_id"))
        record_key = f"{dataset}:{rid}"
        if rid is None or record_key not in known_records:
            quarantine.append(
                _q(path, line, "record_id", rid, "no imported site record for this estimate")
            )
            continue
        category_text = _text(row.get("category"))
        if category_text is None:
            quarantine.append(_q(path, line, "category", None, "resource category missing"))
            continue
        try:
            cls = classification.classify_combined("MinMod", category_text)
        except classification.UnknownCategoryError as exc:
            quarantine.append(_q(path, line, "category", category_text, str(exc)))
            continue
        notes: list[str] = []
        ore_value, ore_unit = _text(row.get("ore_value")), _text(row.get("ore_unit"))
        ore_t = None
        if _float(ore_value) is not None:
            try:
                ore_t = float(grades.tonnage_to_tonnes(_float(ore_value), ore_unit or ""))
            except grades.UnitError as exc:
                notes.append(f"ore dropped: {exc}")
            if ore_t is not None and ore_t > MAX_PLAUSIBLE_ORE_T:
                notes.append(
                    f"ore dropped: {ore_t:.3g} t exceeds {MAX_PLAUSIBLE_ORE_T:.0e} t "
                    "(unit probably wrong)"
                )
                ore_t = None
        commodity = _text(row.get("commodity")) or ""
        observed = _text(row.get("commodity_observed")) or ""
        element = REE_NAMES.get(commodity.lower())
        grade_value = _text(row.get("grade_value"))
        grade_unit = _text(row.get("grade_unit"))
        grade_pct = None
        if _float(grade_value) is not None:
            try:
                grade_pct = float(grades.grade_to_percent(_float(grade_value), grade_unit or ""))
            except grades.UnitError as exc:
                notes.append(f"grade dropped: {exc}")
            if grade_pct is not None and not 0.0 <= grade_pct <= 100.0:
                notes.append(f"grade dropped: {grade_pct:g} % is not a mass fraction")
                grade_pct = None
        if ore_t is None and grade_pct is None:
            reason = "; ".join(notes) or "neither ore tonnage nor grade given"
            quarantine.append(
                _q(
                    path,
                    line,
                    "ore_value/grade_value",
                    f"{ore_value} {ore_unit} / {grade_value} {grade_unit}",
                    reason,
                )
            )
            continue
        if commodity.lower() in ("rare earth elements", "rare earths"):
            basis = "TREO"
            notes.append("REE grade read as TREO (machine extraction does not say)")
        elif element and ("ppm" in observed.lower() or observed.lower() == commodity.lower()):
            basis = "element" if "ppm" in observed.lower() else "unknown"
        elif _OXIDE_LABEL.search(observed):
            basis = "oxide"
        else:
            basis = "element" if dataset == "weng2015" else "unknown"
        contained = (
            ore_t * grade_pct / 100.0 if ore_t is not None and grade_pct is not None else None
        )
        estimates.append(
            {
                "record_id": record_key,
                "system": cls.system,
                "category": category_text,
                "ladder": cls.ladder,
                "level": cls.level,
                "approximate": cls.approximate,
                "kind": cls.kind,
                "compliant": cls.compliant,
                "historic": False,
                "commodity": commodity or None,
                "commodity_id": commodity_id_of(commodity, commodity_resolver)
                if commodity
                else None,
                "element": element,
                "ore_t": ore_t,
                "ore_value_original": ore_value,
                "ore_unit_original": ore_unit,
                "grade_percent": grade_pct,
                "grade_basis": basis,
                "grade_value_original": grade_value,
                "grade_unit_original": grade_unit,
                "contained_t": contained,
                "cutoff_value": _text(row.get("cutoff_grade_value")),
                "cutoff_unit": _text(row.get("cutoff_grade_unit")),
                "as_of": _text(row.get("date")),
                "zone": _text(row.get("zone")),
                "derived": False,
                "note": "; ".join(notes) or None,
                "page": _text(row.get("page")),
                "row_ref": f"{path.name}:{line}",
            }
        )
    if derive_treo:
        estimates.extend(derive_treo_estimates(estimates, oxide_factors))
    return estimates, quarantine


#: Fewest REE element grades from which a TREO total is derived.
MIN_TREO_MEMBERS = 3


def derive_treo_estimates(
    estimates: Iterable[Mapping[str, Any]], oxide_factors: Mapping[str, float]
) -> list[dict[str, Any]]:
    """TREO estimates summed from element-basis REE grades sharing one ore tonnage.

    ``TREO % = sum_i g_i f_i`` over La-Lu and Y (not Sc), see
    :func:`assay.models.grades.treo_from_elements`. Groups with fewer than
    :data:`MIN_TREO_MEMBERS` element grades are skipped: a partial sum is not a total.
    """
    groups: dict[tuple, list[Mapping[str, Any]]] = {}
    for est in estimates:
        if est["element"] and est["grade_basis"] == "element" and est["grade_percent"] is not None:
            key = (est["record_id"], est["category"], est["ore_t"], est["zone"], est["as_of"])
            groups.setdefault(key, []).append(est)
    out = []
    for (_record, _category, ore_t, _zone, _as_of), items in groups.items():
        by_element = {e["element"]: e["grade_percent"] for e in items}
        members = sorted(set(by_element) & set(grades.TREO_DEFAULT_MEMBERS))
        if len(members) < MIN_TREO_MEMBERS:
            continue  # one or two elements (e.g. Y only) are not a total
        treo = grades.treo_from_elements(by_element, oxide_factors)
        if not math.isfinite(treo):
            continue
        first = items[0]
        out.append(
            {
                **first,
                "commodity": "TREO",
                "commodity_id": "rare-earths",
                "element": None,
                "grade_percent": treo,
                "grade_basis": "TREO",
                "grade_value_original": None,
                "grade_unit_original": None,
                "contained_t": ore_t * treo / 100.0 if ore_t is not None else None,
                "derived": True,
                "note": f"TREO summed from {len(members)} element grades ({', '.join(members)}) "
                "x oxide factors",
                "row_ref": ",".join(e["row_ref"] for e in items[:3])
                + ("..." if len(items) > 3 else ""),
            }
        )
    return out


def _q(path: Path, line: int | None, fld: str, value: Any, reason: str) -> dict[str, Any]:
    return {
        "file": str(path),
        "line": line,
        "field": fld,
        "value": None if value is None else str(value)[:200],
        "reason": reason,
    }


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise SiteImportError(f"{path}: file not found")
    from assay.validation import MAX_CELL_CHARS

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SiteImportError(f"{path}: not a readable CSV ({reason})") from None
    for column in frame.columns:
        if len(str(column)) > MAX_CELL_CHARS:
            raise SiteImportError(f"{path}, row 1: a column name longer than {MAX_CELL_CHARS}")
        lengths = frame[column].str.len()
        if (lengths > MAX_CELL_CHARS).any():
            row = int(lengths.idxmax()) + 2
            raise SiteImportError(
                f"{path}, row {row}, field {column!r}: a cell of {int(lengths.max()):,} "
                f"characters (the limit is {MAX_CELL_CHARS:,})"
            )
    return frame


# -- writers (atomic) --------------------------------------------------------------------------

_RECORD_COLS = (
    "id dataset record_id name aliases country_raw iso3 state_or_province lon lat crs "
    "location_precision deposit_type deposit_type_group commodities commodity_ids status "
    "source_id reference_title reference_uri row_ref extra"
).split()
_ESTIMATE_COLS = (
    "record_id system category ladder level approximate kind compliant historic commodity "
    "commodity_id element ore_t ore_value_original ore_unit_original grade_percent grade_basis "
    "grade_value_original grade_unit_original contained_t cutoff_value cutoff_unit as_of zone "
    "derived note source_id page row_ref"
).split()


def write_dataset(
    store: Store,
    dataset: str,
    path: Path,
    source: Mapping[str, Any],
    records: list[dict[str, Any]],
    estimates: list[dict[str, Any]],
    quarantine: list[dict[str, Any]],
    rows_read: int,
    journal: Callable[[], None] | None = None,
) -> SiteImportResult:
    """Replace ``dataset`` in the store with these rows, in one transaction.

    ``journal`` runs inside that transaction (the caller records its operation there), so
    that a refused input leaves the store byte-identical and a written one is journalled.
    """
    records, estimates = _check_bounds(path, records, estimates, quarantine)
    if rows_read and not records and quarantine:
        # quarantine never deletes: an input none of whose rows can be read must not
        # replace the dataset's stored rows with nothing
        first = quarantine[0]
        raise SiteImportError(
            f"{first['file']}: no row could be read ({len(quarantine)} problem(s)); first: "
            f"line {first['line']}, field {first['field']!r}: {first['reason']}; "
            "nothing was imported"
        )
    result = SiteImportResult(dataset, str(path), rows_read, len(records), len(estimates))
    result.quarantined = quarantine
    con = store.con
    with store.transaction():
        # quarantine rows are keyed by importer: a re-import replaces them, not duplicates
        con.execute("DELETE FROM quarantine WHERE importer = ?", [f"{IMPORTER}:{dataset}"])
        con.execute(
            "INSERT OR REPLACE INTO source (id, publisher, title, edition, year, doi, url, "
            "retrieved, file, sha256, license, kind) VALUES (?,?,?,?,?,?,?,current_date,?,?,?,?)",
            [
                source["id"],
                source["publisher"],
                source["title"],
                source.get("year"),
                source.get("year"),
                source.get("doi"),
                source.get("url"),
                str(path),
                source.get("sha256"),
                source.get("license"),
                source.get("kind", "site-inventory"),
            ],
        )
        con.execute(
            "DELETE FROM estimate WHERE record_id IN (SELECT id FROM site_record WHERE dataset=?)",
            [dataset],
        )
        con.execute("DELETE FROM site_record WHERE dataset = ?", [dataset])
        import_id = con.execute(
            "INSERT INTO import_log (importer, path, rows_read, rows_inserted, rows_quarantined,"
            " status) VALUES (?,?,?,?,?,?) RETURNING id",
            [
                f"{IMPORTER}:{dataset}",
                str(path),
                rows_read,
                len(records) + len(estimates),
                len(quarantine),
                "ok",
            ],
        ).fetchone()[0]
        result.import_id = int(import_id)
        if records:
            frame = pd.DataFrame(
                [{**r, "source_id": source["id"]} for r in records], columns=_RECORD_COLS
            )
            con.register("_site_records", frame)
            con.execute(
                f"INSERT INTO site_record ({', '.join(_RECORD_COLS)}) "
                f"SELECT {', '.join(_RECORD_COLS)} FROM _site_records"
            )
            con.unregister("_site_records")
        if estimates:
            frame = pd.DataFrame(
                [{**e, "source_id": source["id"]} for e in estimates], columns=_ESTIMATE_COLS
            )
            frame = frame.astype({"ore_t": float, "grade_percent": float, "contained_t": float})
            con.register("_estimates", frame)
            con.execute(
                f"INSERT INTO estimate ({', '.join(_ESTIMATE_COLS)}) "
                f"SELECT {', '.join(_ESTIMATE_COLS)} FROM _estimates"
            )
            con.unregister("_estimates")
        if quarantine:
            frame = pd.DataFrame(quarantine)
            frame.insert(0, "import_id", result.import_id)
            frame.insert(1, "importer", f"{IMPORTER}:{dataset}")
            frame["line"] = frame["line"].astype("Int64")
            con.register("_quarantine", frame)
            con.execute(
                "INSERT INTO quarantine (import_id, importer, file, line, field, value, reason) "
                "SELECT import_id, importer, file, line, field, value, reason FROM _quarantine"
            )
            con.unregister("_quarantine")
        if journal is not None:
            journal()
    return result


def _check_bounds(
    path: Path,
    records: list[dict[str, Any]],
    estimates: list[dict[str, Any]],
    quarantine: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Move rows outside physical bounds (assay.validation) to ``quarantine``: unknown ISO3
    codes, coordinates off the globe, negative or non-finite tonnages, grades outside
    0-100 %. A quarantined record takes its estimates with it."""
    from assay.validation import DepositIn, InputError, known_iso3, validate

    def line_of(row: Mapping[str, Any]) -> int | None:
        ref = str(row.get("row_ref") or "")
        tail = ref.rsplit(":", 1)[-1]
        return int(tail) if tail.isdigit() else None

    iso3_codes = known_iso3()
    kept_records, dropped = [], set()
    for rec in records:
        problem: tuple[str, Any, str] | None = None
        iso3 = rec.get("iso3")
        if iso3 is not None and str(iso3) not in iso3_codes:
            problem = ("iso3", iso3, f"{iso3!r} is not a known ISO 3166-1 alpha-3 code")
        for axis, bound in (("lon", 180.0), ("lat", 90.0)):
            value = rec.get(axis)
            if value is not None and not (
                isinstance(value, (int, float)) and math.isfinite(value) and abs(value) <= bound
            ):
                problem = (axis, value, f"coordinate {value!r} is off the globe")
        if problem is not None:
            quarantine.append(_q(path, line_of(rec), *problem))
            dropped.add(rec["id"])
            continue
        kept_records.append(rec)
    kept_estimates = []
    for est in estimates:
        if est.get("record_id") in dropped:
            continue
        try:
            validate(
                DepositIn,
                {
                    "ore_t": est.get("ore_t"),
                    "contained_t": est.get("contained_t"),
                    "grade_pct": est.get("grade_percent"),
                },
                file=str(path),
                row=line_of(est),
            )
        except InputError as exc:
            field_name = str(exc).split("field '", 1)[-1].split("'", 1)[0]
            reason = str(exc).rsplit(": ", 1)[-1]
            quarantine.append(_q(path, line_of(est), field_name, None, reason))
            continue
        kept_estimates.append(est)
    return kept_records, kept_estimates


def oxide_factors_from_store(store: Store) -> dict[str, float]:
    """REE oxide factors from the ``element`` table, else from :mod:`assay.models.grades`."""
    factors = dict(grades.REE_OXIDE_FACTORS)
    try:
        rows = store.con.execute(
            "SELECT symbol, oxide_factor FROM element WHERE is_rare_earth AND oxide_factor > 0"
        ).fetchall()
    except Exception:  # noqa: BLE001 - element table absent or empty
        rows = []
    factors.update({symbol: float(f) for symbol, f in rows})
    return factors


def import_staged_dataset(
    store: Store, key: str, folder: Path, journal: Callable[[], None] | None = None
) -> SiteImportResult:
    """Import one staged MinMod dataset (a key of :data:`STAGED`) from its folder."""
    if key not in STAGED:
        raise SiteImportError(f"unknown dataset {key!r}; known: {', '.join(STAGED)}")
    spec = STAGED[key]
    sites_path = folder / spec.sites_file
    commodity_resolver = _commodity_resolver(store)
    records, quarantine = read_minmod_sites(
        sites_path, key, commodity_resolver, _country_resolver(store)
    )
    rows_read = _count_rows(sites_path)
    estimates: list[dict[str, Any]] = []
    if spec.inventory_file:
        inv_path = folder / spec.inventory_file
        estimates, inv_quarantine = read_minmod_inventory(
            inv_path,
            key,
            {r["id"] for r in records},
            oxide_factors_from_store(store),
            commodity_resolver,
            derive_treo=key == "weng2015",
        )
        quarantine += inv_quarantine
        inventory_rows = _count_rows(inv_path)
        rows_read += inventory_rows
        if inventory_rows and not estimates and inv_quarantine:
            first = inv_quarantine[0]
            raise SiteImportError(
                f"{inv_path}: no estimate could be read ({len(inv_quarantine)} problem(s)); "
                f"first: line {first['line']}, field {first['field']!r}: {first['reason']}; "
                "nothing was imported"
            )
    source = {
        "id": spec.source_id,
        "publisher": spec.publisher,
        "title": spec.title,
        "year": spec.year,
        "doi": spec.doi,
        "url": spec.url,
        "license": spec.license,
        "sha256": _sha256(sites_path),
    }
    return write_dataset(
        store, key, sites_path, source, records, estimates, quarantine, rows_read, journal
    )


def _count_rows(path: Path) -> int:
    return len(_read_csv(path))


# -- generic CSV / GeoJSON with a column mapping ------------------------------------------------


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """``['name=Deposit', 'lon=X']`` -> ``{'name': 'Deposit', 'lon': 'X'}``, validated."""
    mapping: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise SiteImportError(f"mapping {item!r} is not FIELD=COLUMN")
        target, column = (s.strip() for s in item.split("=", 1))
        if target not in GENERIC_FIELDS:
            raise SiteImportError(
                f"mapping field {target!r} unknown; fields: {', '.join(GENERIC_FIELDS)}"
            )
        mapping[target] = column
    return mapping


def read_generic_rows(
    rows: list[dict[str, Any]],
    path: Path,
    dataset: str,
    mapping: Mapping[str, str],
    crs: str = "EPSG:4326",
    default_system: str | None = None,
    commodity_resolver: Callable[[str], str] | None = None,
    country_resolver: Callable[[str], str] | None = None,
    line_offset: int = 2,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Map generic rows (dicts) to site records, estimates and quarantine entries.

    A row with an estimate (``ore`` or ``grade`` mapped and present) needs ``system`` and
    ``category`` (or ``default_system``) that the crosswalk knows.
    """
    if "name" not in mapping:
        raise SiteImportError(f"{path}: the mapping must give 'name' (e.g. name=Deposit)")
    columns = set(rows[0]) if rows else set()
    absent = [c for c in mapping.values() if rows and c not in columns]
    if absent:
        raise SiteImportError(f"{path}: mapped column(s) not in the file: {', '.join(absent)}")
    transformer = None
    if crs.upper() not in ("EPSG:4326", "WGS84", "OGC:CRS84"):
        from pyproj import Transformer
        from pyproj.exceptions import CRSError

        try:
            transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        except CRSError:
            raise SiteImportError(
                f"{path}: --crs {crs!r} is not a known coordinate reference system "
                "(use e.g. EPSG:32636)"
            ) from None

    def get(row: Mapping[str, Any], key: str) -> str | None:
        return _text(row.get(mapping[key])) if key in mapping else None

    records, estimates, quarantine = [], [], []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        line = i + line_offset
        name = get(row, "name")
        if name is None:
            quarantine.append(_q(path, line, mapping["name"], None, "site name missing"))
            continue
        rid = get(row, "record_id") or str(line)
        if rid in seen:
            quarantine.append(
                _q(path, line, mapping.get("record_id", "line"), rid, "duplicate record id")
            )
            continue
        x, y = _float(get(row, "lon")), _float(get(row, "lat"))
        if (get(row, "lon") and x is None) or (get(row, "lat") and y is None):
            quarantine.append(
                _q(
                    path,
                    line,
                    "lon/lat",
                    f"{get(row, 'lon')} {get(row, 'lat')}",
                    "coordinate not a number",
                )
            )
            continue
        if x is not None and y is not None and transformer is not None:
            x, y = transformer.transform(x, y)
        lon, lat, precision, problem = location_from_row(x, y, None)
        if problem:
            quarantine.append(_q(path, line, "lon/lat", f"{x} {y}", problem))
            continue
        iso3 = get(row, "iso3")
        country = get(row, "country")
        if iso3 is None and country:
            if len(country) == 3 and country.isupper():
                iso3 = country
            elif country_resolver is not None:
                try:
                    iso3 = country_resolver(country)
                except ValueError:
                    quarantine.append(
                        _q(path, line, mapping["country"], country, "country name not recognised")
                    )
                    continue
        commodities = split_list(get(row, "commodities"))
        estimate = None
        if get(row, "ore") is not None or get(row, "grade") is not None:
            estimate, problem = _generic_estimate(row, get, default_system)
            if problem:
                quarantine.append(_q(path, line, problem[0], problem[1], problem[2]))
                continue
        seen.add(rid)
        key = f"{dataset}:{rid}"
        records.append(
            {
                "id": key,
                "dataset": dataset,
                "record_id": rid,
                "name": name,
                "aliases": "|".join(split_list(get(row, "aliases"), "|;")) or None,
                "country_raw": country,
                "iso3": iso3,
                "state_or_province": get(row, "state_or_province"),
                "lon": lon,
                "lat": lat,
                "crs": crs if lon is not None else None,
                "location_precision": precision,
                "deposit_type": get(row, "deposit_type"),
                "deposit_type_group": None,
                "commodities": "|".join(commodities) or None,
                "commodity_ids": "|".join(
                    sorted({commodity_id_of(c, commodity_resolver) for c in commodities})
                )
                or None,
                "status": get(row, "status"),
                "reference_title": None,
                "reference_uri": None,
                "row_ref": f"{path.name}:{line}",
                "extra": None,
            }
        )
        if estimate is not None:
            estimate.update(record_id=key, row_ref=f"{path.name}:{line}")
            if estimate["commodity"] is None and len(commodities) == 1:
                estimate["commodity"] = commodities[0]
                estimate["commodity_id"] = commodity_id_of(commodities[0], commodity_resolver)
            estimates.append(estimate)
    return records, estimates, quarantine


def _generic_estimate(
    row: Mapping[str, Any],
    get: Callable[[Mapping[str, Any], str], str | None],
    default_system: str | None,
) -> tuple[dict[str, Any] | None, tuple[str, str | None, str] | None]:
    system = get(row, "system") or default_system
    category = get(row, "category")
    if not system or not category:
        return None, (
            "system/category",
            f"{system} {category}",
            "an estimate needs a classification system and category",
        )
    try:
        cls = classification.classify(system, category)
    except classification.UnknownCategoryError as exc:
        return None, ("category", category, str(exc))
    ore_t = grade_pct = None
    ore, ore_unit = get(row, "ore"), get(row, "ore_unit")
    if ore is not None:
        if _float(ore) is None:
            return None, ("ore", ore, "ore tonnage not a number")
        try:
            ore_t = float(grades.tonnage_to_tonnes(_float(ore), ore_unit or ""))
        except grades.UnitError as exc:
            return None, ("ore_unit", ore_unit, str(exc))
        if ore_t > MAX_PLAUSIBLE_ORE_T:
            return None, (
                "ore",
                ore,
                f"{ore_t:.3g} t exceeds {MAX_PLAUSIBLE_ORE_T:.0e} t (unit wrong?)",
            )
    grade, grade_unit = get(row, "grade"), get(row, "grade_unit")
    if grade is not None:
        if _float(grade) is None:
            return None, ("grade", grade, "grade not a number")
        try:
            grade_pct = float(grades.grade_to_percent(_float(grade), grade_unit or ""))
        except grades.UnitError as exc:
            return None, ("grade_unit", grade_unit, str(exc))
        if not 0.0 <= grade_pct <= 100.0:
            return None, ("grade", grade, f"{grade_pct:g} % is not a mass fraction")
    what = get(row, "grade_commodity")
    element = None
    basis = "unknown"
    if what:
        if what.upper() in ("TREO", "REO", "TREO+Y2O3"):
            basis = "TREO"
        elif _OXIDE_LABEL.search(what):
            basis = "oxide"
        elif re.fullmatch(r"[A-Z][a-z]?", what):
            basis, element = "element", what
    historic_text = (get(row, "historic") or "").lower()
    return {
        "system": cls.system,
        "category": category,
        "ladder": cls.ladder,
        "level": cls.level,
        "approximate": cls.approximate,
        "kind": cls.kind,
        "compliant": cls.compliant and historic_text not in ("true", "yes", "1"),
        "historic": historic_text in ("true", "yes", "1"),
        "commodity": what,
        "commodity_id": "rare-earths" if basis == "TREO" or element in REE_NAMES.values() else None,
        "element": element,
        "ore_t": ore_t,
        "ore_value_original": ore,
        "ore_unit_original": ore_unit,
        "grade_percent": grade_pct,
        "grade_basis": basis,
        "grade_value_original": grade,
        "grade_unit_original": grade_unit,
        "contained_t": ore_t * grade_pct / 100.0
        if ore_t is not None and grade_pct is not None
        else None,
        "cutoff_value": None,
        "cutoff_unit": None,
        "as_of": get(row, "as_of"),
        "zone": None,
        "derived": False,
        "note": None,
        "page": get(row, "page"),
    }, None


def import_generic(
    store: Store,
    path: Path,
    mapping: Mapping[str, str],
    dataset: str | None = None,
    crs: str = "EPSG:4326",
    default_system: str | None = None,
    source_title: str | None = None,
    journal: Callable[[], None] | None = None,
) -> SiteImportResult:
    """Import a user CSV or GeoJSON (by suffix) of sites through a column mapping.

    GeoJSON point geometries give lon/lat unless the mapping names property columns.
    """
    path = Path(path)
    if not path.is_file():
        raise SiteImportError(f"{path}: file not found")
    dataset = dataset or f"user-{slug(path.stem)}"
    if path.suffix.lower() in (".geojson", ".json"):
        rows = _geojson_rows(path)
        mapping = {"lon": "__lon", "lat": "__lat", **mapping}
        line_offset = 1
    else:
        rows = _read_csv(path).to_dict("records")
        line_offset = 2
    records, estimates, quarantine = read_generic_rows(
        rows,
        path,
        dataset,
        mapping,
        crs,
        default_system,
        _commodity_resolver(store),
        _country_resolver(store),
        line_offset,
    )
    source = {
        "id": f"user:{dataset}",
        "publisher": "user file",
        "title": source_title or path.name,
        "year": None,
        "url": None,
        "license": None,
        "sha256": _sha256(path),
        "kind": "user",
    }
    return write_dataset(
        store, dataset, path, source, records, estimates, quarantine, len(rows), journal
    )


def _geojson_rows(path: Path) -> list[dict[str, Any]]:
    from assay.validation import check_json_depth

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SiteImportError(f"{path}: not valid JSON ({exc})") from exc
    except RecursionError:
        raise SiteImportError(f"{path}: not valid JSON (nested too deeply)") from None
    check_json_depth(data, file=str(path))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SiteImportError(f"{path}: not a GeoJSON FeatureCollection")
    features = data.get("features", [])
    if not isinstance(features, list):
        raise SiteImportError(f"{path}, field 'features': not a list of features")
    rows = []
    for feature in features:
        feature = feature if isinstance(feature, dict) else {}
        raw_props = feature.get("properties")
        props = dict(raw_props) if isinstance(raw_props, dict) else {}
        geom = feature.get("geometry")
        geom = geom if isinstance(geom, dict) else {}
        coords = geom.get("coordinates")
        point = None
        if geom.get("type") == "Point":
            point = coords
        elif geom.get("type") == "MultiPoint" and isinstance(coords, list) and coords:
            point = coords[0]
        if (
            isinstance(point, list)
            and len(point) >= 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in point[:2])
        ):
            props["__lon"], props["__lat"] = point[0], point[1]
        else:
            props["__lon"] = props["__lat"] = None
        rows.append(props)
    return rows
