"""Importer for the USGS Mineral Commodity Summaries (MCS) data releases.

Reads, as published:

- the world tables ``mcs<edition>-<code>_world.csv`` (mine/refinery/plant production,
  capacity and reserves by country, with ``Other countries`` and ``World total`` rows);
- the U.S. salient statistics ``mcs<edition>-<code>_salient.csv`` (production, trade,
  apparent consumption, prices, employment, net import reliance, one row per year);
- the transcribed 2025 chapter tables of a folder such as ``usgs-mcs-2025-rare-earths``
  (``world_mine_production_reserves.csv`` and ``us_salient_statistics.csv``).

Every published number becomes one ``observation`` row with its measure, data year, value,
unit, basis, qualifier (``estimated``, ``>``, ``withheld``, ``not available``, ...),
footnotes and the ``file:line`` it came from; every file becomes one ``source`` row
(publisher, title, edition, table, DOI and licence from the dataset README, retrieval date,
file and SHA-256).

Units are normalised so that editions compare: masses to metric tons [t] (``kt`` x 1e3,
``Mt``/``mmt`` x 1e6, ``kg`` x 1e-3, ``g`` x 1e-6), carats to [carat], volumes to [m3], money
to [USD]; the published text and unit stay in ``original_value`` / ``original_unit``.

An import is validated completely before anything is written and then written in one
transaction (all or nothing). It is idempotent: a file whose SHA-256 is already recorded
for its source is skipped. Rows that cannot be read are quarantined with file, line,
field, value and reason (or, with ``strict=True``, abort the import).

Reference: U.S. Geological Survey, Mineral Commodity Summaries 2023, 2024 and 2025 data
releases, doi:10.5066/P9WCYUI6, doi:10.5066/P144BA54, doi:10.5066/P13XCP3R.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from assay.store.db import Store
from assay.store.lookup import UnknownNameError, country_resolver, normalize_name
from assay.store.schema_core import OBSERVATION_COLUMNS

__all__ = [
    "ImportReport",
    "MCSImportError",
    "QuarantinedRow",
    "import_mcs",
    "parse_value",
]

PUBLISHER = "U.S. Geological Survey"

#: DOIs of the MCS data releases, used when a folder carries no README
KNOWN_DOIS = {2023: "10.5066/P9WCYUI6", 2024: "10.5066/P144BA54", 2025: "10.5066/P13XCP3R"}

# unit code (lower case) -> (canonical unit, factor to it)
_QUANTITY_UNITS: dict[str, tuple[str, float]] = {
    "t": ("t", 1.0),
    "kt": ("t", 1e3),
    "mt": ("t", 1e6),
    "mmt": ("t", 1e6),
    "kg": ("t", 1e-3),
    "g": ("t", 1e-6),
    "mct": ("carat", 1e6),
    "kct": ("carat", 1e3),
    "mcm": ("m3", 1e6),
    "mdol": ("USD", 1e6),
    "msqft": ("ft2", 1e6),
    "num": ("count", 1.0),
    "pct": ("percent", 1.0),
}
_PRICE_UNITS: dict[str, tuple[str, float]] = {
    "dkg": ("USD/kg", 1.0),
    "dt": ("USD/t", 1.0),
    "dlb": ("USD/lb", 1.0),
    "ctslb": ("USD/lb", 0.01),
    "dg": ("USD/g", 1.0),
    "dto": ("USD/troy oz", 1.0),
    "dtoz": ("USD/troy oz", 1.0),
    "dst": ("USD/short ton", 1.0),
    "dct": ("USD/carat", 1.0),
    "df": ("USD/flask", 1.0),
    "mdol": ("USD", 1e6),
    "index": ("index", 1.0),
}
_UNITS = {**_QUANTITY_UNITS, **_PRICE_UNITS}

# keyword of a salient column -> measure
_SALIENT_MEASURES = {
    "usprod": "us_production",
    "usprodcrude": "us_production",
    "production": "us_production",
    "prod": "us_production",
    "mine": "us_production",
    "refinery": "us_production",
    "quantity": "us_production",
    "extracted": "us_production",
    "imports": "imports",
    "exports": "exports",
    "consump": "apparent_consumption",
    "consumtion": "apparent_consumption",
    "apparent": "apparent_consumption",
    "price": "price",
    "employment": "employment",
    "nir": "net_import_reliance",
    "stocks": "stocks",
    "shipments": "shipments",
    "sales": "sales",
    "sold": "sales",
    "soldfinished": "sales",
    "recycled": "recycling",
    "recycling": "recycling",
    "supply": "supply",
    "withdrawn": "withdrawals",
}


@dataclass(frozen=True)
class QuarantinedRow:
    """One input row (or cell, or column, or file) that could not be read."""

    file: str
    line: int
    field: str
    value: str
    reason: str

    def as_tuple(self) -> tuple[str, int, str, str, str]:
        return (self.file, self.line, self.field, self.value, self.reason)


@dataclass
class ImportReport:
    """What an import read, wrote and set aside.

    ``quarantined`` lists ``(file, line, field, value, reason)``.
    """

    path: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_inserted: int = 0
    rows_unchanged: int = 0
    rows_replaced: int = 0
    files_unchanged: list[str] = field(default_factory=list)
    #: files none of whose rows could be read: their stored rows were kept, not replaced
    files_refused: list[str] = field(default_factory=list)
    quarantined: list[tuple[str, int, str, str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    status: str = "ok"

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["quarantined"] = [
            dict(zip(("file", "line", "field", "value", "reason"), q, strict=True))
            for q in self.quarantined
        ]
        return out


class MCSImportError(ValueError):
    """The import was refused (nothing was written); ``report`` says why."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


# -- value parsing ---------------------------------------------------------------------------
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_TEXT_QUALIFIERS = {
    "na": (None, "not available"),
    "w": (None, "withheld"),
    "xx": (None, "not applicable"),
    "e": (None, "net exporter"),
    "large": (None, "large"),
    "categorized as large": (None, "large"),
    "very small": (None, "very small"),
    "less than unit": (None, "less than 1/2 unit"),
    "less than 1 2 unit": (None, "less than 1/2 unit"),
    "included in world total": (None, "included elsewhere"),
    "included with other countries": (None, "included elsewhere"),
    "included with ilmenite": (None, "included elsewhere"),
}
_DASHES = {"—", "–", "-", "--"}


def parse_value(text: str) -> tuple[float | None, str | None] | None:
    """Read one published cell.

    Returns ``(value, qualifier)``; ``None`` when the text is not a number or a known USGS
    symbol. ``"NA"`` -> (None, 'not available'), ``"W"`` -> (None, 'withheld'), ``"XX"`` ->
    (None, 'not applicable'), ``"—"`` -> (0, None) (zero, as in the MCS tables),
    ``">95"`` -> (95, '>'), ``"e5,000"`` -> (5000, 'estimated'), ``"1,300"`` -> (1300, None),
    ``"−76"`` -> (-76, None); published words keep their meaning as the qualifier with no
    value: ``"Less than ½ unit."`` -> (None, 'less than 1/2 unit'), ``"50–300"`` ->
    (None, 'range 50–300'), ``"Small"`` -> (None, 'small').
    """
    raw = text.replace("\xa0", " ").replace("−", "-").strip()
    if raw in _DASHES:
        return 0.0, None
    qualifier: str | None = None
    body = raw
    if body[:1] in (">", "<"):
        qualifier, body = body[0], body[1:].strip()
    elif body[:1] == "e" and body[1:2].isdigit():
        qualifier, body = "estimated", body[1:]
    number = body.replace(",", "").replace(" ", "")
    if _NUMBER.match(number):
        return float(number), qualifier
    key = normalize_name(raw)
    if key in _TEXT_QUALIFIERS:
        return _TEXT_QUALIFIERS[key]
    if re.fullmatch(r"[\d,.]+\s*[–-]\s*[\d,.]+", raw):
        return None, f"range {raw}"
    words = raw.replace("½", "1/2").replace("one-half", "1/2").replace("a half", "1/2")
    words = words.rstrip(".").lower()
    if re.match(r"^(less than|more than|small|very small|large|variable|negligible)\b", words):
        return None, words
    return None


#: measures that cannot be negative (stock changes and net shipments can)
_NON_NEGATIVE = {
    "reserves",
    "mine_production",
    "refinery_production",
    "plant_production",
    "production",
    "capacity",
    "us_production",
    "imports",
    "exports",
    "apparent_consumption",
    "employment",
    "price",
    "net_import_reliance",
}


def _negative(measure: str, number: float | None) -> str | None:
    """The quarantine reason for a negative value of a measure that cannot be negative."""
    if number is not None and number < 0 and measure in _NON_NEGATIVE:
        return f"negative value for {measure}, which cannot be negative (misaligned row?)"
    return None


def _scaled(value: float | None, factor: float) -> float | None:
    if value is None:
        return None
    return float(f"{value * factor:.12g}")


def _join(*parts: str | None) -> str | None:
    seen: list[str] = []
    for part in parts:
        for piece in (part or "").split(", "):
            if piece and piece not in seen:
                seen.append(piece)
    return ", ".join(seen) or None


# -- files and sources -----------------------------------------------------------------------
_FILE_RE = re.compile(r"^mcs(\d{4})-?([a-z][a-z-]*)_(world|salient)\.csv$", re.IGNORECASE)
_CHAPTER_FILES = {
    "world_mine_production_reserves.csv": "world",
    "us_salient_statistics.csv": "salient",
}
_FOLDER_RE = re.compile(r"usgs-mcs-(\d{4})(?:-([a-z-]+))?$")


@dataclass
class _FileSpec:
    path: Path
    kind: str  # 'world' | 'salient' | 'chapter-world' | 'chapter-salient'
    edition: int
    code: str  # MCS file code or the chapter's commodity slug
    display: str  # path shown in reports: relative to the dataset's parent folder


@dataclass
class _Parsed:
    spec: _FileSpec
    commodity_id: str
    source: dict[str, Any]
    rows_read: int = 0
    observations: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[QuarantinedRow] = field(default_factory=list)
    resolve_country: Callable[[str], str] = field(default=lambda name: name, repr=False)


def _dataset_root(path: Path) -> Path:
    for parent in [path, *path.parents]:
        if _FOLDER_RE.search(parent.name):
            return parent
    return path.parent


def _classify(path: Path) -> _FileSpec | None:
    root = _dataset_root(path)
    try:
        display = str(path.relative_to(root.parent))
    except ValueError:
        display = path.name
    match = _FILE_RE.match(path.name)
    if match:
        edition, code, kind = int(match.group(1)), match.group(2).lower(), match.group(3).lower()
        return _FileSpec(path, kind, edition, code, display)
    if path.name in _CHAPTER_FILES:
        folder = _FOLDER_RE.search(root.name)
        if folder and folder.group(2):
            kind = "chapter-" + _CHAPTER_FILES[path.name]
            return _FileSpec(path, kind, int(folder.group(1)), folder.group(2), display)
    return None


def _collect(path: Path) -> list[_FileSpec]:
    if path.is_file():
        spec = _classify(path)
        if spec is None:
            raise ValueError(
                f"{path}: not an MCS world, salient or chapter CSV "
                "(expected mcs<year>-<code>_world.csv, mcs<year>-<code>_salient.csv, "
                "world_mine_production_reserves.csv or us_salient_statistics.csv)"
            )
        return [spec]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or folder")
    specs = [_classify(p) for p in sorted(path.rglob("*.csv"))]
    found = [s for s in specs if s is not None]
    if not found:
        raise ValueError(f"{path}: no MCS world, salient or chapter CSV files found")
    return found


def _readme_metadata(root: Path) -> dict[str, str]:
    readme = root / "README.md"
    if not readme.is_file():
        return {}
    text = readme.read_text(encoding="utf-8", errors="replace")
    meta: dict[str, str] = {"readme": text}
    if m := re.search(r"doi\.org/(10\.\d{4,}/[A-Za-z0-9.]+)", text):
        meta["doi"] = m.group(1).rstrip(".")
    if m := re.search(r"Title:\s*([^\n]+)", text):
        meta["title"] = m.group(1).strip().rstrip(".")
    if m := re.search(r"URL:\s*(\S+)", text):
        meta["url"] = m.group(1).rstrip(";,")
    if m := re.search(r"License:\s*([^\n]+)", text):
        meta["license"] = re.split(r"\s*[.(]", m.group(1).strip())[0]
    if "Geological Survey" in text:
        meta["publisher"] = PUBLISHER
    meta["retrieved"] = date.fromtimestamp(readme.stat().st_mtime).isoformat()
    return meta


def _chapter_footnotes(readme: str) -> dict[str, str]:
    """Footnote numbers of a transcribed chapter table (``12 = text; 13 = text``)."""
    notes: dict[str, str] = {}
    block = re.search(r"Footnotes:(.+?)(?:\n|Chapter note|$)", readme)
    if block:
        for number, text in re.findall(
            r"(\d+)\s*=\s*([^;]+?)(?=;\s*\d+\s*=|\.\s|$)", block.group(1)
        ):
            notes[number] = text.strip().rstrip(".")
    return notes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- country column --------------------------------------------------------------------------
_FOOTNOTE_DIGITS = re.compile(r"(?<=[A-Za-z)\s.])\d{1,2}$")


def _clean_area(text: str) -> tuple[str, str | None]:
    """'Brazil (crude and beneficiated)9' -> ('Brazil', 'crude and beneficiated')."""
    name = text.replace("\xa0", " ").strip()
    name = _FOOTNOTE_DIGITS.sub("", name).strip()
    note = None
    if m := re.match(r"^(.*?)\s*\((.*)\)\s*\.?$", name):
        name, note = m.group(1).strip(), m.group(2).strip()
    return name, note


def _resolve_area(
    resolve_country: Callable[[str], str], text: str
) -> tuple[str, str | None, str, str | None, str | None] | str:
    """(area_kind, iso3, area_name, area_note, qualifier) or an error reason."""
    name, note = _clean_area(text)
    key = normalize_name(name)
    if key.startswith("world"):
        return (
            "world",
            None,
            "World total",
            _join(note, name[len("World total") :].strip(" ,.")),
            None,
        )
    if key.startswith("other"):
        return "other", None, "Other countries", note, None
    candidates = [(name, note, None)]
    if note is not None:
        # 'Congo (Kinshasa)' is a country name, not 'Congo' with a note: try it whole first
        candidates.insert(0, (f"{name} ({note})", None, None))
    if "," in name:  # 'Argentina, crude ore'
        head, tail = name.split(",", 1)
        candidates.append((head.strip(), _join(note, tail.strip()), None))
    if name.endswith("e"):  # 'Russiae': the USGS estimate marker glued to the name
        candidates.append((name[:-1], note, "estimated"))
    for candidate, candidate_note, qualifier in candidates:
        try:
            iso3 = resolve_country(candidate)
        except UnknownNameError:
            continue
        return "country", iso3, candidate, candidate_note, qualifier
    if " and " in name:
        parts = [p.strip() for p in name.split(" and ")]
        try:
            isos = [resolve_country(p) for p in parts]
        except UnknownNameError:
            pass
        else:
            return "group", None, name, _join(note, "+".join(isos)), None
    return f"unknown country {name!r}"


# -- type column -> measure, basis, detail ---------------------------------------------------
def _measure_from_type(kind: str, type_text: str) -> str:
    t = type_text.lower()
    if kind == "Reserves":
        return "reserves"
    if kind == "Cap" or ("capacity" in t and "production" not in t):
        return "capacity"
    if re.search(r"\bm[a-z]*e production|\bmine\b", t):
        return "mine_production"
    if re.search(r"refinery|smelter|primary", t):
        return "refinery_production"
    if "plant production" in t:
        return "plant_production"
    return "production"


def _basis_from_type(type_text: str, default: str | None) -> str | None:
    t = type_text.lower()
    if "rare-earth-oxide" in t or "reo" in t.split():
        return "REO"
    if "tio2" in t or "titanium dioxide" in t:
        return "TiO2 content"
    if "k2o" in t:
        return "K2O equivalent"
    if "gross weight" in t or "usable ore" in t:
        return "gross weight"
    if re.search(r"contain|content", t):
        return "contained"
    return default


def _column_basis(type_text: str, column_detail: str | None, default: str | None) -> str | None:
    """Basis of one value column: its own words first (the potash reserves columns
    ``Reserves_ore_kt`` and ``Reserves_ore_K2O_equiv_kt`` share one "K2O equivalent" Type
    text, but the first holds tonnes of ore), else the row's Type text."""
    if column_detail:
        own = _basis_from_type(column_detail.replace("equiv", "equivalent"), None)
        if own is not None:
            return own
        if re.search(r"\bore\b", column_detail, re.IGNORECASE):
            return "gross weight"
    return _basis_from_type(type_text, default)


def _detail_key(type_text: str) -> str:
    text = re.sub(r"\([^)]*\)", "", type_text)
    text = re.sub(r"^\s*world(\s+total)?\s+", "", text, flags=re.IGNORECASE)
    return normalize_name(text)


# -- world tables ----------------------------------------------------------------------------
_WORLD_COL = re.compile(r"^(Prod|Cap|Reserves)_(.+)$", re.IGNORECASE)


def _world_columns(header: list[str]) -> tuple[dict[int, dict[str, Any]], dict[str, int]]:
    """Value columns {index: {kind, unit, year, estimated, detail}} and notes columns."""
    values: dict[int, dict[str, Any]] = {}
    notes: dict[str, int] = {}
    for i, name in enumerate(header):
        m = _WORLD_COL.match(name.strip())
        if not m:
            continue
        kind = {"prod": "Prod", "cap": "Cap", "reserves": "Reserves"}[m.group(1).lower()]
        tokens = m.group(2).split("_")
        if tokens[0].lower() in ("notes", "note"):
            notes[kind] = i
            continue
        unit = year = None
        estimated = False
        detail: list[str] = []
        for token in tokens:
            low = token.lower()
            if re.fullmatch(r"\d{4}", token):
                year = int(token)
            elif low == "est":
                estimated = True
            elif low in _QUANTITY_UNITS and unit is None:
                unit = low
            else:
                detail.append(token)
        values[i] = {
            "kind": kind,
            "unit": unit,
            "year": year,
            "estimated": estimated,
            "detail": " ".join(detail) or None,
            "name": name.strip(),
        }
    return values, notes


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text))
    out = []
    start = 1
    for row in reader:
        out.append((start, row))
        start = reader.line_num + 1
    return out


def _stray_cell(header: list[str], row: list[str]) -> tuple[str, str, str] | None:
    """(field, value, reason) when a row has a value under no header (a misaligned row).

    A stray cell that repeats a value of the same row under a named column (the 2024
    barite table repeats its reserves column, unnamed) is a duplicated column, not a
    misalignment, and is ignored.
    """

    def plain(text: str) -> str:
        return text.strip().replace(",", "")

    named = {plain(c) for i, c in enumerate(row) if i < len(header) and header[i]}
    for i, cell in enumerate(row):
        if cell.strip() and (i >= len(header) or not header[i]) and plain(cell) not in named:
            return (
                f"column {i + 1}",
                cell.strip(),
                "value in a column without a header: the row does not line up with the "
                "header (unquoted comma?)",
            )
    return None


def _parse_world(store: Store, parsed: _Parsed, text: str, default_basis: str | None) -> None:
    spec = parsed.spec
    rows = _rows(text)
    if not rows:
        parsed.quarantined.append(QuarantinedRow(spec.display, 1, "", "", "empty file"))
        return
    header = [h.replace("\ufeff", "").strip() for h in rows[0][1]]
    if len(header) < 4 or normalize_name(header[1]) != "country":
        parsed.quarantined.append(
            QuarantinedRow(
                spec.display, 1, "header", ",".join(header[:4]), "not a world-table header"
            )
        )
        return
    columns, notes_cols = _world_columns(header)
    years = [c["year"] for c in columns.values() if c["year"]]
    reserves_year = max(years) if years else spec.edition - 1
    for col in columns.values():
        if col["unit"] is None:
            col["error"] = f"no unit in column name {col['name']!r}"
    detail_text: dict[str, str] = {}
    seen: set[tuple[Any, ...]] = set()
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        parsed.rows_read += 1
        row = row + [""] * (len(header) - len(row))
        area_text, type_text = row[1], row[2].strip()
        if not area_text.strip():
            parsed.quarantined.append(
                QuarantinedRow(spec.display, line, header[1], ",".join(row[:4]), "no country")
            )
            continue
        area = _resolve_area(parsed.resolve_country, area_text)
        if isinstance(area, str):
            parsed.quarantined.append(
                QuarantinedRow(spec.display, line, header[1], area_text, area)
            )
            continue
        area_kind, iso3, area_name, area_note, area_qualifier = area
        stray = _stray_cell(header, row)
        if stray is not None:
            parsed.quarantined.append(QuarantinedRow(spec.display, line, *stray))
            continue
        key = _detail_key(type_text) if normalize_name(type_text) not in ("", "na", "xx") else ""
        detail = detail_text.setdefault(key, type_text if key else "")
        for i, col in columns.items():
            cell = row[i] if i < len(row) else ""
            if not cell.strip():
                continue
            if "error" in col:
                parsed.quarantined.append(
                    QuarantinedRow(spec.display, line, col["name"], cell, col["error"])
                )
                continue
            value = parse_value(cell)
            if value is None:
                parsed.quarantined.append(
                    QuarantinedRow(
                        spec.display,
                        line,
                        col["name"],
                        cell.strip(),
                        "not a number or a USGS symbol (NA, W, XX, —, >n, en)",
                    )
                )
                continue
            number, qualifier = value
            unit, factor = _QUANTITY_UNITS[col["unit"]]
            measure = _measure_from_type(col["kind"], type_text)
            if reason := _negative(measure, number):
                parsed.quarantined.append(
                    QuarantinedRow(spec.display, line, col["name"], cell.strip(), reason)
                )
                continue
            data_year = col["year"] or reserves_year
            obs_detail = _join(detail or None, col["detail"])
            identity = (area_kind, iso3, area_name, area_note, measure, obs_detail, data_year)
            if identity in seen:
                parsed.quarantined.append(
                    QuarantinedRow(
                        spec.display, line, col["name"], cell.strip(), "duplicate of an earlier row"
                    )
                )
                continue
            seen.add(identity)
            note_col = notes_cols.get(col["kind"])
            if note_col is None and col["kind"] == "Cap":  # capacity-only tables: Prod_notes
                note_col = notes_cols.get("Prod")
            footnote = row[note_col].strip() if note_col is not None else ""
            parsed.observations.append(
                {
                    "commodity_id": parsed.commodity_id,
                    "iso3": iso3,
                    "area_kind": area_kind,
                    "area_name": area_name,
                    "measure": measure,
                    "detail": obs_detail,
                    "data_year": data_year,
                    "value": _scaled(number, factor),
                    "unit": unit,
                    "basis": _column_basis(type_text, col["detail"], default_basis),
                    "qualifier": _join(
                        "estimated" if col["estimated"] else None, area_qualifier, qualifier
                    ),
                    "footnotes": _join(
                        footnote.replace("\xa0", " ") or None,
                        f"area: {area_note}" if area_note else None,
                    ),
                    "original_value": cell.strip(),
                    "original_unit": col["unit"],
                    "source_id": parsed.source["id"],
                    "edition": spec.edition,
                    "row_ref": f"{spec.display}:{line}",
                }
            )


# -- salient statistics ----------------------------------------------------------------------
def _salient_column(name: str) -> dict[str, Any] | str:
    """{measure, unit_code, detail} for a salient column name, or an error reason."""
    if "CASE STATEMENT ERROR" in name.upper():
        return "column name corrupted in the published file ('CASE STATEMENT ERROR')"
    tokens = [t for t in re.split(r"[_,\-]\s*|\s+", name.strip()) if t]
    unit_code: str | None = None
    if tokens and tokens[-1].lower() in _UNITS:
        unit_code = tokens.pop().lower()
    elif tokens:
        is_price = any(t.lower() == "price" for t in tokens)
        codes = _PRICE_UNITS if is_price else _QUANTITY_UNITS
        for code in sorted(codes, key=len, reverse=True):
            head = tokens[-1][: -len(code)]
            if (
                tokens[-1].lower().endswith(code)
                and head[-1:].isalnum()
                and not head[-1:].isupper()
            ):
                tokens[-1], unit_code = head, code
                break
    measure = None
    detail: list[str] = []
    for token in tokens:
        low = token.lower()
        if measure is None and low in _SALIENT_MEASURES:
            measure = _SALIENT_MEASURES[low]
            if low in ("mine", "refinery", "extracted"):
                detail.append(token)
        else:
            detail.append(token)
    if measure is None:
        return f"no known measure in column name {name!r}"
    if measure == "net_import_reliance":
        unit_code = "pct"
    elif measure == "employment":
        unit_code = "num"
    if unit_code is None:
        return f"no unit in column name {name!r}"
    if measure == "price" and unit_code not in _PRICE_UNITS:
        return f"price column with a quantity unit {unit_code!r}"
    if measure != "price" and unit_code in _PRICE_UNITS and unit_code != "mdol":
        return f"quantity column with a price unit {unit_code!r}"
    return {"measure": measure, "unit_code": unit_code, "detail": " ".join(detail) or None}


def _parse_salient(store: Store, parsed: _Parsed, text: str, default_basis: str | None) -> None:
    spec = parsed.spec
    rows = _rows(text)
    if not rows:
        parsed.quarantined.append(QuarantinedRow(spec.display, 1, "", "", "empty file"))
        return
    header = [h.replace("\ufeff", "").strip() for h in rows[0][1]]
    lowered = [normalize_name(h) for h in header]
    if "year" not in lowered:
        reason = "not a salient-statistics layout (no Year column)"
        if "country" in lowered:
            reason += "; the file holds a world table, as published"
        parsed.quarantined.append(
            QuarantinedRow(spec.display, 1, "header", ",".join(header[:4]), reason)
        )
        return
    year_col = lowered.index("year")
    columns: dict[int, dict[str, Any]] = {}
    for i, name in enumerate(header):
        if i <= year_col or not name:
            continue
        col = _salient_column(name)
        if isinstance(col, str):
            parsed.quarantined.append(QuarantinedRow(spec.display, 1, name, name, col))
            continue
        columns[i] = col
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        parsed.rows_read += 1
        year_text = row[year_col].strip() if year_col < len(row) else ""
        m = re.fullmatch(r"(\d{4})\s*(e|est\.?)?", year_text, re.IGNORECASE)
        if not m:
            parsed.quarantined.append(
                QuarantinedRow(spec.display, line, header[year_col], year_text, "not a year")
            )
            continue
        year, year_estimated = int(m.group(1)), bool(m.group(2))
        stray = _stray_cell(header, row)
        if stray is not None:
            parsed.quarantined.append(QuarantinedRow(spec.display, line, *stray))
            continue
        for i, col in columns.items():
            cell = row[i] if i < len(row) else ""
            if not cell.strip():
                continue
            _add_salient_value(
                parsed, line, header[i], cell, year, year_estimated, col, default_basis
            )


def _add_salient_value(
    parsed: _Parsed,
    line: int,
    field_name: str,
    cell: str,
    year: int,
    estimated: bool,
    col: dict[str, Any],
    basis: str | None,
) -> None:
    spec = parsed.spec
    value = parse_value(cell)
    if value is None:
        parsed.quarantined.append(
            QuarantinedRow(
                spec.display,
                line,
                field_name,
                cell.strip(),
                "not a number or a USGS symbol (NA, W, XX, E, —, >n)",
            )
        )
        return
    number, qualifier = value
    unit, factor = _UNITS[col["unit_code"]]
    measure = col["measure"]
    if reason := _negative(measure, number):
        parsed.quarantined.append(
            QuarantinedRow(spec.display, line, field_name, cell.strip(), reason)
        )
        return
    parsed.observations.append(
        {
            "commodity_id": parsed.commodity_id,
            "iso3": "USA",
            "area_kind": "country",
            "area_name": "United States",
            "measure": measure,
            "detail": col["detail"],
            "data_year": year,
            "value": _scaled(number, factor),
            "unit": unit,
            "basis": basis if unit == "t" else None,
            "qualifier": _join("estimated" if estimated else None, qualifier),
            "footnotes": None,
            "original_value": cell.strip(),
            "original_unit": col.get("original_unit", col["unit_code"]),
            "source_id": parsed.source["id"],
            "edition": spec.edition,
            "row_ref": f"{spec.display}:{line}",
        }
    )


# -- transcribed chapter tables (MCS 2025 rare earths) ---------------------------------------
_CHAPTER_COL = re.compile(
    r"^(mine_production|refinery_production|reserves|capacity)(?:_(\d{4}))?(_est)?_([a-z]+)(?:_(.+))?$",
    re.IGNORECASE,
)


def _parse_chapter_world(
    store: Store, parsed: _Parsed, text: str, footnotes: dict[str, str]
) -> None:
    spec = parsed.spec
    rows = _rows(text)
    header = [h.replace("\ufeff", "").strip() for h in rows[0][1]] if rows else []
    if not header or normalize_name(header[0]) != "country":
        parsed.quarantined.append(
            QuarantinedRow(
                spec.display, 1, "header", ",".join(header[:3]), "not a chapter world table"
            )
        )
        return
    columns: dict[int, dict[str, Any]] = {}
    notes: dict[str, int] = {}
    for i, name in enumerate(header):
        if name.endswith("_footnote"):
            notes[name[: -len("_footnote")]] = i
            continue
        m = _CHAPTER_COL.match(name)
        if m and m.group(4).lower() in _QUANTITY_UNITS:
            columns[i] = {
                "measure": m.group(1).lower(),
                "year": int(m.group(2)) if m.group(2) else None,
                "estimated": bool(m.group(3)),
                "unit": m.group(4).lower(),
                "basis": m.group(5),
                "name": name,
                "prefix": f"{m.group(1)}_{m.group(2)}" if m.group(2) else m.group(1),
            }
        elif i > 0:
            parsed.quarantined.append(QuarantinedRow(spec.display, 1, name, name, "unknown column"))
    years = [c["year"] for c in columns.values() if c["year"]]
    reserves_year = max(years) if years else spec.edition - 1
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        parsed.rows_read += 1
        area = _resolve_area(parsed.resolve_country, row[0])
        if isinstance(area, str):
            parsed.quarantined.append(QuarantinedRow(spec.display, line, header[0], row[0], area))
            continue
        area_kind, iso3, area_name, area_note, area_qualifier = area
        for i, col in columns.items():
            cell = row[i] if i < len(row) else ""
            if not cell.strip():
                continue
            value = parse_value(cell)
            if value is None:
                parsed.quarantined.append(
                    QuarantinedRow(
                        spec.display, line, col["name"], cell, "not a number or a USGS symbol"
                    )
                )
                continue
            number, qualifier = value
            if reason := _negative(col["measure"], number):
                parsed.quarantined.append(
                    QuarantinedRow(spec.display, line, col["name"], cell, reason)
                )
                continue
            unit, factor = _QUANTITY_UNITS[col["unit"]]
            note_col = notes.get(col["prefix"])
            note = row[note_col].strip() if note_col is not None and note_col < len(row) else ""
            note_text = f"{note}: {footnotes[note]}" if note in footnotes else note or None
            parsed.observations.append(
                {
                    "commodity_id": parsed.commodity_id,
                    "iso3": iso3,
                    "area_kind": area_kind,
                    "area_name": area_name,
                    "measure": col["measure"],
                    "detail": None,
                    "data_year": col["year"] or reserves_year,
                    "value": _scaled(number, factor),
                    "unit": unit,
                    "basis": col["basis"],
                    "qualifier": _join(
                        "estimated" if col["estimated"] else None, area_qualifier, qualifier
                    ),
                    "footnotes": _join(note_text, f"area: {area_note}" if area_note else None),
                    "original_value": cell.strip(),
                    "original_unit": col["unit"],
                    "source_id": parsed.source["id"],
                    "edition": spec.edition,
                    "row_ref": f"{spec.display}:{line}",
                }
            )


_CHAPTER_ITEMS = [
    (r"^production", "us_production"),
    (r"^imports", "imports"),
    (r"^exports", "exports"),
    (r"^consumption", "apparent_consumption"),
    (r"^price", "price"),
    (r"^employment", "employment"),
    (r"^net import reliance", "net_import_reliance"),
    (r"^stocks", "stocks"),
]
_CHAPTER_UNITS = {
    "usd/kg": ("USD/kg", 1.0),
    "usd/t": ("USD/t", 1.0),
    "number": ("count", 1.0),
    "t": ("t", 1.0),
    "kt": ("t", 1e3),
    "kg": ("t", 1e-3),
}


def _parse_chapter_salient(store: Store, parsed: _Parsed, text: str) -> None:
    spec = parsed.spec
    rows = _rows(text)
    header = [h.replace("\ufeff", "").strip() for h in rows[0][1]] if rows else []
    if len(header) < 3 or [normalize_name(h) for h in header[:2]] != ["item", "unit"]:
        parsed.quarantined.append(
            QuarantinedRow(
                spec.display, 1, "header", ",".join(header[:3]), "not a chapter salient table"
            )
        )
        return
    year_cols: dict[int, tuple[int, bool]] = {}
    for i, name in enumerate(header[2:], start=2):
        m = re.fullmatch(r"(\d{4})(_est)?", name)
        if m:
            year_cols[i] = (int(m.group(1)), bool(m.group(2)))
        else:
            parsed.quarantined.append(
                QuarantinedRow(spec.display, 1, name, name, "not a year column")
            )
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        parsed.rows_read += 1
        item, unit_text = row[0].strip(), row[1].strip()
        measure = next((m for pat, m in _CHAPTER_ITEMS if re.match(pat, item.lower())), None)
        if measure is None:
            parsed.quarantined.append(
                QuarantinedRow(spec.display, line, "item", item, "unknown item")
            )
            continue
        detail = item.split(":", 1)[1].strip() if ":" in item else None
        estimated_item = "(est.)" in item
        if detail:
            detail = detail.replace("(est.)", "").strip()
        unit_key = unit_text.lower()
        basis = None
        if unit_key.startswith("%"):
            unit_pair: tuple[str, float] = ("percent", 1.0)
        elif unit_key.split(" ")[0] in _CHAPTER_UNITS:
            unit_pair = _CHAPTER_UNITS[unit_key.split(" ")[0]]
            basis = unit_text.split(" ", 1)[1] if " " in unit_text else None
        else:
            parsed.quarantined.append(
                QuarantinedRow(spec.display, line, "unit", unit_text, "unknown unit")
            )
            continue
        for i, (year, estimated) in year_cols.items():
            cell = row[i] if i < len(row) else ""
            if not cell.strip():
                continue
            value = parse_value(cell)
            if value is None:
                parsed.quarantined.append(
                    QuarantinedRow(
                        spec.display, line, header[i], cell, "not a number or a USGS symbol"
                    )
                )
                continue
            number, qualifier = value
            if reason := _negative(measure, number):
                parsed.quarantined.append(
                    QuarantinedRow(spec.display, line, header[i], cell, reason)
                )
                continue
            parsed.observations.append(
                {
                    "commodity_id": parsed.commodity_id,
                    "iso3": "USA",
                    "area_kind": "country",
                    "area_name": "United States",
                    "measure": measure,
                    "detail": detail,
                    "data_year": year,
                    "value": _scaled(number, unit_pair[1]),
                    "unit": unit_pair[0],
                    "basis": basis,
                    "qualifier": _join(
                        "estimated" if (estimated or estimated_item) else None, qualifier
                    ),
                    "footnotes": None,
                    "original_value": cell.strip(),
                    "original_unit": unit_text,
                    "source_id": parsed.source["id"],
                    "edition": spec.edition,
                    "row_ref": f"{spec.display}:{line}",
                }
            )


# -- orchestration ---------------------------------------------------------------------------
_TABLE_NAMES = {
    "world": "{name}: world mine production and reserves",
    "salient": "{name}: U.S. salient statistics",
    "chapter-world": "{name}: world mine production and reserves (chapter table)",
    "chapter-salient": "{name}: U.S. salient statistics (chapter table)",
}


def _commodity_for(store: Store, spec: _FileSpec) -> tuple[str, str, str | None] | None:
    from assay import reference  # bundled table of MCS file codes (several per commodity)

    code = spec.code
    if spec.kind.startswith("chapter"):
        row = store.query("SELECT id, name, default_basis FROM commodity WHERE id = ?", [code])
        return (row[0]["id"], row[0]["name"], row[0]["default_basis"]) if row else None
    with open(reference.path("commodities.csv"), encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            if code in rec["mcs_codes"].split("|"):
                return rec["id"], rec["name"], rec["default_basis"] or None
    return None


def _source_for(
    spec: _FileSpec, data: bytes, commodity_name: str, meta: dict[str, str]
) -> dict[str, Any]:
    kind = spec.kind
    doi = meta.get("doi") or KNOWN_DOIS.get(spec.edition)
    title = meta.get("title") or f"Mineral Commodity Summaries {spec.edition}"
    url = meta.get("url") if kind.startswith("chapter") else None
    return {
        "id": _source_id(spec),
        "publisher": meta.get("publisher", PUBLISHER),
        "title": title,
        "edition": spec.edition,
        "year": spec.edition,
        "table_name": _TABLE_NAMES[kind].format(name=commodity_name),
        "doi": doi,
        "url": url or (f"https://doi.org/{doi}" if doi else None),
        "retrieved": meta.get("retrieved")
        or date.fromtimestamp(spec.path.stat().st_mtime).isoformat(),
        "file": spec.display,
        "sha256": _sha256(data),
        "license": meta.get("license", "public domain (U.S. Government work)"),
        "kind": "official",
    }


def _source_id(spec: _FileSpec) -> str:
    """Stable id of the source a file is: edition, MCS code and table kind."""
    return f"usgs-mcs{spec.edition}-{spec.code}-{spec.kind}"


def _parse_file(
    store: Store,
    spec: _FileSpec,
    meta_cache: dict[Path, dict[str, str]],
    data: bytes,
    resolver: Callable[[str], str],
) -> _Parsed | QuarantinedRow:
    commodity = _commodity_for(store, spec)
    if commodity is None:
        return QuarantinedRow(
            spec.display, 0, "file", spec.code, f"unknown MCS commodity code {spec.code!r}"
        )
    commodity_id, commodity_name, default_basis = commodity
    root = _dataset_root(spec.path)
    if root not in meta_cache:
        meta_cache[root] = _readme_metadata(root)
    meta = meta_cache[root]
    parsed = _Parsed(spec, commodity_id, _source_for(spec, data, commodity_name, meta))
    parsed.resolve_country = resolver
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        parsed.quarantined.append(
            QuarantinedRow(spec.display, 0, "file", "", f"not readable text: {exc.reason}")
        )
        return parsed
    try:
        if spec.kind == "world":
            _parse_world(store, parsed, text, default_basis)
        elif spec.kind == "salient":
            _parse_salient(store, parsed, text, default_basis)
        elif spec.kind == "chapter-world":
            _parse_chapter_world(store, parsed, text, _chapter_footnotes(meta.get("readme", "")))
        else:
            _parse_chapter_salient(store, parsed, text)
    except csv.Error as exc:
        parsed.observations.clear()
        parsed.quarantined.append(QuarantinedRow(spec.display, 0, "file", "", f"CSV error: {exc}"))
    return parsed


_OBS_COLUMNS = OBSERVATION_COLUMNS
_SOURCE_COLUMNS = [
    "id",
    "publisher",
    "title",
    "edition",
    "year",
    "table_name",
    "doi",
    "url",
    "retrieved",
    "file",
    "sha256",
    "license",
    "kind",
]


def import_mcs(store: Store, path: str | Path, *, strict: bool = False) -> ImportReport:
    """Import an MCS folder (searched recursively) or one MCS CSV file into ``store``.

    Parameters
    ----------
    store : Store
        An open, writable store with the bundled reference data loaded (countries and
        commodities are resolved against it).
    path : str or Path
        A data-release folder (``usgs-mcs-2024``), one of its subfolders, a chapter folder
        (``usgs-mcs-2025-rare-earths``) or a single CSV file.
    strict : bool
        When True any quarantined row aborts the import (nothing is written).

    Returns
    -------
    ImportReport

    Raises
    ------
    MCSImportError
        In strict mode when something had to be quarantined (the store is unchanged).
    FileNotFoundError, ValueError
        When ``path`` holds no MCS file.
    """
    path = Path(path)
    report = ImportReport(path=str(path))
    specs = _collect(path)
    known = {
        row["id"]: row["sha256"]
        for row in store.query("SELECT id, sha256 FROM source WHERE kind = 'official'")
    }
    meta_cache: dict[Path, dict[str, str]] = {}
    resolver = country_resolver(store)
    to_write: list[_Parsed] = []
    quarantined: list[QuarantinedRow] = []
    for spec in specs:
        report.files.append(spec.display)
        data = spec.path.read_bytes()
        if known.get(_source_id(spec)) == _sha256(data):  # already imported, unchanged
            report.sources.append(_source_id(spec))
            report.files_unchanged.append(spec.display)
            continue
        outcome = _parse_file(store, spec, meta_cache, data, resolver)
        if isinstance(outcome, QuarantinedRow):
            quarantined.append(outcome)
            continue
        report.rows_read += outcome.rows_read
        _check_bounds(outcome)
        if not outcome.observations and not outcome.quarantined:
            outcome.quarantined.append(
                QuarantinedRow(spec.display, 0, "file", "", "no data row in the file")
            )
        quarantined.extend(outcome.quarantined)
        if not outcome.observations and _source_id(spec) in known:
            # quarantine never deletes: a file none of whose rows could be read keeps the
            # rows it had in the store rather than replacing them with nothing
            report.files_refused.append(spec.display)
            continue
        report.sources.append(outcome.source["id"])
        to_write.append(outcome)
    report.quarantined = [q.as_tuple() for q in quarantined]
    unchanged_sources = [s for s in report.sources if s not in {p.source["id"] for p in to_write}]
    if unchanged_sources:
        report.rows_unchanged = int(
            store.con.execute(
                _COUNT_BY_SOURCES,
                [unchanged_sources],
            ).fetchone()[0]
        )
    if quarantined and not report.files_unchanged and not any(p.observations for p in to_write):
        # nothing of the input could be read: refuse it whole, so that the store stays
        # byte-identical and the caller (CLI, import API) reports failure
        report.status = "refused"
        first = quarantined[0]
        raise MCSImportError(
            f"{first.file}: no row could be read ({len(quarantined)} problem(s)); first: "
            f"line {first.line}, field {first.field!r}: {first.reason} "
            f"(value {first.value[:60]!r}); nothing was imported",
            report,
        )
    if strict and quarantined:
        report.status = "refused"
        first = quarantined[0]
        raise MCSImportError(
            f"{len(quarantined)} row(s) could not be read; first: {first.file}, line "
            f"{first.line}, field {first.field!r}: {first.reason} (value {first.value!r}); "
            "nothing was imported",
            report,
        )
    report.status = "ok" if to_write or quarantined else "unchanged"
    _write(store, report, to_write, quarantined)
    return report


def _check_bounds(parsed: _Parsed) -> None:
    """Move observations outside physical bounds (assay.validation) to the quarantine:
    infinities from overlong numbers, impossible tonnages, implausible years, unknown ISO3."""
    from assay.validation import InputError, ObservationIn, validate

    kept: list[dict[str, Any]] = []
    for obs in parsed.observations:
        line = int(str(obs["row_ref"]).rsplit(":", 1)[-1] or 0)
        try:
            validate(ObservationIn, obs, file=parsed.spec.display, row=line)
        except InputError as exc:
            reason = str(exc).split(": ", 1)[-1]
            parsed.quarantined.append(
                QuarantinedRow(
                    parsed.spec.display, line, "value", str(obs["original_value"])[:200], reason
                )
            )
            continue
        kept.append(obs)
    parsed.observations = kept


_COUNT_BY_SOURCES = (
    "SELECT count(*) FROM observation WHERE source_id IN (SELECT unnest(?::VARCHAR[]))"
)
_DELETE_QUARANTINE = (
    "DELETE FROM quarantine WHERE importer = 'mcs' AND file IN (SELECT unnest(?::VARCHAR[]))"
)


def _write(
    store: Store, report: ImportReport, parsed: list[_Parsed], quarantined: list[QuarantinedRow]
) -> None:
    import pandas as pd

    with store.transaction() as con:
        import_id = con.execute(
            """INSERT INTO import_log (importer, path, started_at, rows_read, rows_inserted,
                                       rows_quarantined, status)
               VALUES ('mcs', ?, ?, ?, 0, ?, ?) RETURNING id""",
            [report.path, datetime.now(), report.rows_read, len(quarantined), report.status],
        ).fetchone()[0]
        source_ids = [p.source["id"] for p in parsed]
        if source_ids:
            report.rows_replaced = int(
                con.execute(
                    _COUNT_BY_SOURCES,
                    [source_ids],
                ).fetchone()[0]
            )
            con.execute(
                "DELETE FROM observation WHERE source_id IN (SELECT unnest(?::VARCHAR[]))",
                [source_ids],
            )
            con.execute(
                "DELETE FROM source WHERE id IN (SELECT unnest(?::VARCHAR[]))", [source_ids]
            )
            sources = pd.DataFrame([p.source for p in parsed], columns=_SOURCE_COLUMNS)
            sources["retrieved"] = pd.to_datetime(sources["retrieved"]).dt.date
            con.register("_mcs_sources", sources)
            cols = ", ".join(_SOURCE_COLUMNS)
            con.execute(f"INSERT INTO source ({cols}) SELECT {cols} FROM _mcs_sources")
            con.unregister("_mcs_sources")
            rows = [obs for p in parsed for obs in p.observations]
            if rows:
                frame = pd.DataFrame(rows, columns=_OBS_COLUMNS)
                frame["value"] = frame["value"].astype("float64")
                con.register("_mcs_obs", frame)
                cols = ", ".join(_OBS_COLUMNS)
                con.execute(f"INSERT INTO observation ({cols}) SELECT {cols} FROM _mcs_obs")
                con.unregister("_mcs_obs")
            report.rows_inserted = len(rows)
        # quarantine rows are keyed by (importer, file): a re-import replaces, not duplicates
        files = sorted({p.spec.display for p in parsed} | {q.file for q in quarantined})
        if files:
            con.execute(_DELETE_QUARANTINE, [files])
        if quarantined:
            con.executemany(
                """INSERT INTO quarantine (import_id, importer, file, line, field, value, reason)
                   VALUES (?, 'mcs', ?, ?, ?, ?, ?)""",
                [[import_id, *q.as_tuple()] for q in quarantined],
            )
        con.execute(
            "UPDATE import_log SET rows_inserted = ? WHERE id = ?",
            [report.rows_inserted, import_id],
        )
