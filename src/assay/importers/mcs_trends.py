"""Import U.S. net import reliance and major import sources from the MCS industry-trend tables.

Input: ``<mcs folder>/industry_trends/MCS<edition>_Fig2_Net_Import_Reliance.csv`` of the
USGS Mineral Commodity Summaries data release (2023: doi:10.5066/P9WCYUI6; 2024:
doi:10.5066/P144BA54), one row per commodity::

    Source, Import_Share_Order|Import_Share_Rank, Commodity, Net_Import_Reliance_pct_<year>,
    Major_Import_Sources_<y0>_<y1>[, Notes]

``Net_Import_Reliance_pct_<year>`` is the U.S. net import reliance [% of apparent
consumption] for the data year in the header: an integer, or top/bottom-coded (">95",
"<50"). ``Major_Import_Sources`` lists countries "in descending order of import share" over
the period in the header (no shares are published in this table). The commodity label keeps
its published form ("RARE EARTHS, compounds and metals") and resolves to a store commodity
through the part before the comma when the whole label does not.

Curated U.S. import *shares*, where an MCS chapter prints them (e.g. rare earths 2020–23:
China 70 %, Malaysia 13 %, Japan 6 %, Estonia 5 %, other 6 %; MCS 2025, p. 144), are bundled
in ``assay/reference/risk_us_import_shares.csv`` and loaded by
:func:`load_reference_import_shares`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from assay import reference
from assay.importers.wgi import (
    RiskImportReport,
    RiskInputError,
    log_import,
    resolve_country_name,
    sha256_of,
    upsert_source,
)
from assay.store.db import Store
from assay.store.lookup import UnknownNameError, resolve_commodity

MCS_DOI = {2023: "10.5066/P9WCYUI6", 2024: "10.5066/P144BA54", 2025: "10.5066/P13XCP3R"}

_FIG2 = re.compile(r"^MCS(\d{4})_Fig2_Net_Import_Reliance\.csv$", re.IGNORECASE)
_NIR_COL = re.compile(r"^Net_Import_Reliance_pct_(\d{4})$")
_SRC_COL = re.compile(r"^Major_Import_Sources_(\d{4})_(\d{4})$")
_NIR_VALUE = re.compile(r"^([<>])?\s*(\d+(?:\.\d+)?)$")

IMPORT_SHARES_FILE = "risk_us_import_shares.csv"


def parse_nir(text: str) -> tuple[float | None, str | None]:
    """Parse a published net import reliance: ``'100'``, ``'>95'``, ``'<50'`` or ``'E'``.

    Returns
    -------
    (value [%] or None, qualifier or None)
        ``'E'`` (net exporter) gives ``(None, 'E')``; ``'>95'`` gives ``(95.0, '>')``.

    Raises
    ------
    ValueError
        For any other text.
    """
    t = str(text).strip().replace(",", "")
    if t.upper() == "E":
        return None, "E"
    m = _NIR_VALUE.match(t)
    if not m:
        raise ValueError(f"not a net import reliance: {text!r}")
    return float(m.group(2)), m.group(1)


def resolve_mcs_label(store: Store, label: str) -> str | None:
    """Commodity id of an MCS label such as "RARE EARTHS, compounds and metals" (or None)."""
    candidates = [label, label.split(",")[0], re.sub(r"\s*\(.*?\)", "", label.split(",")[0])]
    for candidate in candidates:
        try:
            return resolve_commodity(store, candidate.strip())
        except UnknownNameError:
            continue
    return None


def find_fig2(folder: Path) -> Path | None:
    """The Fig. 2 net-import-reliance CSV of an MCS data-release folder (or None)."""
    trends = Path(folder) / "industry_trends"
    if not trends.is_dir():
        return None
    for path in sorted(trends.iterdir()):
        if _FIG2.match(path.name):
            return path
    return None


def import_mcs_trends(store: Store, folder: str | Path) -> RiskImportReport:
    """Import net import reliance and ranked import sources of one MCS edition.

    Parameters
    ----------
    store : Store
        Open, writable store.
    folder : path-like
        An MCS data-release folder holding ``industry_trends/MCS<edition>_Fig2_...csv``.

    Returns
    -------
    RiskImportReport
        ``rows_inserted`` counts net-import-reliance rows; malformed rows are quarantined.
    """
    path = find_fig2(Path(folder))
    if path is None:
        raise RiskInputError(folder, None, None, "no industry_trends/MCS<year>_Fig2 CSV")
    m = _FIG2.match(path.name)
    assert m is not None
    edition = int(m.group(1))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    nir_cols = [(c, int(mm.group(1))) for c in frame.columns if (mm := _NIR_COL.match(c))]
    src_cols = [
        (c, f"{mm.group(1)}-{mm.group(2)}") for c in frame.columns if (mm := _SRC_COL.match(c))
    ]
    if not nir_cols or "Commodity" not in frame.columns:
        raise RiskInputError(path, 1, None, "expected Commodity and Net_Import_Reliance_pct_<year>")
    nir_col, data_year = nir_cols[0]
    src_col, period = src_cols[0] if src_cols else (None, None)
    source_id = f"usgs-mcs-{edition}-fig2-nir"
    report = RiskImportReport(importer="mcs_trends", path=str(path))
    nir_rows: list[tuple[Any, ...]] = []
    src_rows: list[tuple[Any, ...]] = []
    unresolved: list[str] = []
    for i, record in enumerate(frame.to_dict("records")):
        line = i + 2
        label = " ".join(str(record["Commodity"]).split())
        if not label:
            continue
        report.rows_read += 1
        raw = str(record[nir_col]).strip()
        try:
            value, qualifier = parse_nir(raw)
        except ValueError as exc:
            report.quarantined.append(
                {
                    "file": str(path),
                    "line": line,
                    "field": nir_col,
                    "value": raw,
                    "reason": str(exc),
                }
            )
            continue
        cid = resolve_mcs_label(store, label)
        if cid is None:
            unresolved.append(label)
        row_ref = f"{path}:{line}"
        nir_rows.append(
            (cid, label, "USA", data_year, value, qualifier, raw, source_id, edition, row_ref)
        )
        if src_col:
            names = [n.strip() for n in str(record[src_col]).split(",") if n.strip()]
            for rank, name in enumerate(names, start=1):
                try:
                    iso3: str | None = resolve_country_name(store, name)
                except UnknownNameError:
                    iso3 = None  # a region such as "Europe" stays by name
                src_rows.append(
                    (cid, label, "USA", rank, iso3, name, None, period, source_id, edition, row_ref)
                )
    with store.transaction():
        upsert_source(
            store,
            {
                "id": source_id,
                "publisher": "U.S. Geological Survey",
                "title": f"Mineral Commodity Summaries {edition} Data Release: Figure 2, "
                f"{data_year} U.S. net import reliance and major import sources",
                "edition": edition,
                "year": data_year,
                "table_name": path.name,
                "doi": MCS_DOI.get(edition),
                "file": str(path),
                "sha256": sha256_of(path),
                "license": "public domain",
                "kind": "official",
            },
        )
        store.con.execute("DELETE FROM import_reliance WHERE source_id = ?", [source_id])
        store.con.execute("DELETE FROM import_source WHERE source_id = ?", [source_id])
        if nir_rows:
            store.con.executemany(
                """INSERT INTO import_reliance (commodity_id, commodity_label, importer_iso3,
                   data_year, value, qualifier, original_value, source_id, edition, row_ref)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                nir_rows,
            )
        if src_rows:
            store.con.executemany(
                """INSERT INTO import_source (commodity_id, commodity_label, importer_iso3,
                   rank, source_iso3, source_name, share, period, source_id, edition, row_ref)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                src_rows,
            )
        report.rows_inserted = len(nir_rows)
        log_import(store, report)
    report.unresolved = unresolved
    return report


def load_reference_import_shares(store: Store) -> int:
    """Load the curated U.S. import shares (bundled CSV, one cited row per source country).

    Returns
    -------
    int
        Rows loaded (previous rows of the same sources are replaced).
    """
    frame = pd.read_csv(reference.path(IMPORT_SHARES_FILE), dtype=str, keep_default_na=False)
    rows = []
    with store.transaction():
        for i, r in enumerate(frame.to_dict("records")):
            source_id = r["source_id"]
            upsert_source(
                store,
                {
                    "id": source_id,
                    "publisher": r["publisher"],
                    "title": r["title"],
                    "edition": int(r["edition"]),
                    "year": int(r["edition"]),
                    "table_name": r["table"],
                    "url": r["url"] or None,
                    "license": "public domain",
                    "kind": "official",
                },
            )
            rows.append(
                (
                    r["commodity_id"],
                    r["commodity_label"],
                    r["importer_iso3"],
                    int(r["rank"]),
                    r["source_iso3"] or None,
                    r["source_name"],
                    float(r["share"]),
                    r["period"],
                    source_id,
                    int(r["edition"]),
                    f"{IMPORT_SHARES_FILE}:{i + 2}",
                )
            )
        ids = sorted({r[8] for r in rows})
        store.con.execute(
            "DELETE FROM import_source WHERE source_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        )
        store.con.executemany(
            """INSERT INTO import_source (commodity_id, commodity_label, importer_iso3,
               rank, source_iso3, source_name, share, period, source_id, edition, row_ref)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
    return len(rows)
