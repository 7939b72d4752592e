"""Import country governance scores (Worldwide Governance Indicators) into ``risk`` tables.

The published input is the derived file of ``shared/data/wgi-2022-normalised``: one row per
country (World Bank naming, e.g. "Korea, Rep."), one column per year holding the mean of the
six WGI 2022 estimates (Voice and Accountability, Political Stability, Government
Effectiveness, Regulatory Quality, Rule of Law, Control of Corruption; each about
−2.5 … 2.5) rescaled to [0, 1], 1 = best governance.

Source: Kaufmann, D. and Kraay, A. (2023), *Worldwide Governance Indicators, 2023 Update*,
World Bank, www.govindicators.org, CC BY 4.0; normalised file from
lukaszgajewski/pytradeshifts (``data/stability_index/
worldbank_governence_indicator_2022_normalised.csv``).

A **user file** has the same layout (a country column, by name or ISO code, then year
columns with values in [0, 1]); its rows are stored with ``origin = 'user'`` and take
precedence over the published scores in every risk view. Bad user input raises
:class:`RiskInputError` naming file, line and column; bad published rows are quarantined.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from assay.store.db import Store
from assay.store.lookup import UnknownNameError, resolve_country

INDICATOR = "wgi_mean_normalised"
WGI_SOURCE_ID = "wb-wgi-2023-mean-normalised"

#: World Bank spellings ("X, Rep.") that the shared country aliases do not carry; ISO 3166-1
#: alpha-3 codes (Kosovo: the user-assigned XKX used by the World Bank and the EU).
WORLD_BANK_NAMES: dict[str, str] = {
    "Congo, Rep.": "COG",
    "Congo, Dem. Rep.": "COD",
    "Egypt, Arab Rep.": "EGY",
    "Micronesia, Fed. Sts.": "FSM",
    "Iran, Islamic Rep.": "IRN",
    "Korea, Rep.": "KOR",
    "Korea, Dem. Rep.": "PRK",
    "Kosovo": "XKX",
    "Macao SAR, China": "MAC",
    "Hong Kong SAR, China": "HKG",
    "St. Vincent and the Grenadines": "VCT",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "Venezuela, RB": "VEN",
    "West Bank and Gaza": "PSE",
    "Jersey, Channel Islands": "JEY",
    "Yemen, Rep.": "YEM",
    "Gambia, The": "GMB",
    "Lao PDR": "LAO",
    "Kyrgyz Republic": "KGZ",
    "Slovak Republic": "SVK",
    "Turkiye": "TUR",
}

_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class RiskInputError(ValueError):
    """A malformed input file: the message names file, line and column."""

    def __init__(self, file: str | Path, line: int | None, column: str | None, reason: str):
        self.file = str(file)
        self.line = line
        self.column = column
        where = self.file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")


@dataclass
class RiskImportReport:
    """What one import did."""

    importer: str
    path: str
    rows_read: int = 0
    rows_inserted: int = 0
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    #: names kept as published that resolve to nothing in the store
    unresolved: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "importer": self.importer,
            "path": self.path,
            "rows_read": self.rows_read,
            "rows_inserted": self.rows_inserted,
            "rows_quarantined": len(self.quarantined),
            "quarantined": self.quarantined,
            "unresolved": self.unresolved,
        }


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def upsert_source(store: Store, row: dict[str, Any]) -> None:
    """Insert or replace one ``source`` row (by ``id``)."""
    cols = list(row)
    store.con.execute("DELETE FROM source WHERE id = ?", [row["id"]])
    store.con.execute(
        f"INSERT INTO source ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [row[c] for c in cols],
    )


def log_import(store: Store, report: RiskImportReport, status: str = "ok") -> None:
    """Record the run in ``import_log`` and its bad rows in ``quarantine``."""
    import_id = store.con.execute(
        """INSERT INTO import_log (importer, path, rows_read, rows_inserted,
               rows_quarantined, status) VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
        [
            report.importer,
            report.path,
            report.rows_read,
            report.rows_inserted,
            len(report.quarantined),
            status,
        ],
    ).fetchone()[0]
    for q in report.quarantined:
        store.con.execute(
            """INSERT INTO quarantine (import_id, importer, file, line, field, value, reason)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [import_id, report.importer, q["file"], q["line"], q["field"], q["value"], q["reason"]],
        )


def resolve_country_name(store: Store, name: str) -> str:
    """ISO3 of a country as written by the World Bank, the USGS or a user."""
    text = str(name).strip()
    if text in WORLD_BANK_NAMES:
        return WORLD_BANK_NAMES[text]
    return resolve_country(store, text)


def import_wgi(
    store: Store,
    path: str | Path,
    *,
    origin: str = "published",
    indicator: str = INDICATOR,
    source_id: str | None = None,
) -> RiskImportReport:
    """Import a normalised governance table (published WGI file or a user file).

    Parameters
    ----------
    store : Store
        Open, writable store.
    path : path-like
        CSV: first column country (name, ISO2 or ISO3), then one column per year [0–1].
    origin : {'published', 'user'}
        ``'user'`` rows override published ones; a bad user row raises
        :class:`RiskInputError`, a bad published row is quarantined.
    indicator : str
        Indicator name stored with each row.
    source_id : str, optional
        ``source`` row to cite; defaults to the WGI 2023 update for published files and to
        ``user-governance:<file name>`` for user files.

    Returns
    -------
    RiskImportReport
    """
    path = Path(path)
    if origin not in ("published", "user"):
        raise ValueError("origin must be 'published' or 'user'")
    if not path.is_file():
        raise RiskInputError(path, None, None, "file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RiskInputError(path, None, None, f"not a readable CSV ({reason})") from None
    if frame.shape[1] < 2:
        raise RiskInputError(path, 1, None, "need a country column and at least one year column")
    country_col = frame.columns[0]
    year_cols = [(c, int(m.group(1))) for c in frame.columns[1:] if (m := _YEAR.match(str(c)))]
    if not year_cols:
        raise RiskInputError(path, 1, None, "no year column (a 4-digit header such as 2022)")
    from assay.validation import YEAR_MAX

    for column, year in year_cols:
        if not 1990 <= year <= YEAR_MAX:  # the WGI start in 1996
            raise RiskInputError(path, 1, column, f"year {year} is outside 1990-{YEAR_MAX}")

    report = RiskImportReport(importer=f"wgi:{origin}", path=str(path))
    if source_id is None:
        source_id = WGI_SOURCE_ID if origin == "published" else f"user-governance:{path.name}"
    rows: list[tuple[Any, ...]] = []

    def bad(line: int, column: str, value: str, reason: str) -> None:
        if origin == "user":
            raise RiskInputError(path, line, column, reason)
        report.quarantined.append(
            {"file": str(path), "line": line, "field": column, "value": value, "reason": reason}
        )

    for i, record in enumerate(frame.to_dict("records")):
        line = i + 2
        name = record[country_col]
        report.rows_read += 1
        try:
            iso3 = resolve_country_name(store, name)
        except UnknownNameError as exc:
            bad(line, country_col, name, str(exc))
            continue
        for col, year in year_cols:
            text = str(record[col]).strip()
            if text == "":
                continue
            try:
                value = float(text)
            except ValueError:
                bad(line, col, text, "not a number")
                continue
            if not 0.0 <= value <= 1.0:
                bad(line, col, text, "governance score must lie in [0, 1]")
                continue
            rows.append((iso3, indicator, year, value, origin, name, source_id, f"{path}:{line}"))

    years = sorted({y for _, y in year_cols})
    if not rows and report.quarantined:
        # quarantine never deletes: a file none of whose scores can be read must not
        # replace the stored scores of its years with nothing
        first = report.quarantined[0]
        raise RiskInputError(
            path,
            first["line"],
            first["field"],
            f"no score could be read ({len(report.quarantined)} problem(s); first: "
            f"{first['reason']}); nothing was imported",
        )
    with store.transaction():
        if origin == "published":
            upsert_source(
                store,
                {
                    "id": source_id,
                    "publisher": "World Bank (Kaufmann and Kraay)",
                    "title": "Worldwide Governance Indicators, 2023 Update: mean of the six "
                    "estimates, normalised to [0,1] (derived file via pytradeshifts)",
                    "edition": 2023,
                    "year": max(years),
                    "table_name": path.name,
                    "url": "https://www.worldbank.org/en/publication/worldwide-governance-indicators",
                    "file": str(path),
                    "sha256": sha256_of(path),
                    "license": "CC BY 4.0",
                    "kind": "derived",
                },
            )
        else:
            upsert_source(
                store,
                {
                    "id": source_id,
                    "publisher": "user",
                    "title": f"User-provided governance scores ({path.name})",
                    "year": max(years),
                    "file": str(path),
                    "sha256": sha256_of(path),
                    "kind": "user",
                },
            )
        store.con.execute(
            """DELETE FROM governance_indicator WHERE indicator = ? AND origin = ?
               AND year IN (SELECT unnest(?::INTEGER[]))""",
            [indicator, origin, years],
        )
        # one row per country and year: a later duplicate (e.g. two spellings) wins
        unique = {(r[0], r[2]): r for r in rows}
        if unique:
            store.con.executemany(
                """INSERT INTO governance_indicator
                   (iso3, indicator, year, value, origin, country_name, source_id, row_ref)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                list(unique.values()),
            )
        report.rows_inserted = len(unique)
        log_import(store, report)
    return report


def governance_scores(
    store: Store, indicator: str = INDICATOR, year: int | None = None
) -> pd.DataFrame:
    """Governance score per country: a user score overrides the published one.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``iso3`` with ``value`` [0–1, 1 = best], ``year``, ``origin``,
        ``source_id``. Per country, a user row is taken first, then the latest year (unless
        ``year`` is given).
    """
    params: list[Any] = [indicator]
    where = "indicator = ?"
    if year is not None:
        where += " AND year = ?"
        params.append(year)
    frame = store.df(
        f"""SELECT iso3, value, year, origin, source_id FROM governance_indicator
            WHERE {where}
            QUALIFY row_number() OVER (PARTITION BY iso3
                ORDER BY origin = 'user' DESC, year DESC) = 1""",
        params,
    )
    return frame.set_index("iso3")
