"""USGS MCS data-release revision files: the notes that explain why a table changed.

The MCS 2024 data release was partly replaced on 5 March 2024; its revision file
(``MCS2024_Data_Release_Revision_File_2024-03-06.txt``) lists, per commodity, what changed:
"In mcs2024-chrom_world.csv, changed units in field names to kt (thousand metric tons)
rather than t (metric tons).", "Reserves for Australia were updated as well as the world
total." Each paragraph is imported as a ``series_note`` of its commodity (by the file code
it names, else by the commodity heading), quoted as published, with the file and line, so
that :func:`assay.analyses.statistics.revision_notes` and the audit can cite it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

from assay.store.db import Store
from assay.store.lookup import UnknownNameError, resolve_commodity, resolve_country

__all__ = ["import_revision_files", "parse_revision_file"]

_FILE_RE = re.compile(r"MCS(\d{4})_Data_Release_Revision_File", re.IGNORECASE)
_CODE_RE = re.compile(r"mcs\d{4}-([a-z]+)_(?:world|salient)\.csv", re.IGNORECASE)
_NAMED = re.compile(
    r"(?:Reserves|Production|data)\s+for\s+(?P<names>.+?)\s+(?:were|was)\s+(?:revised|updated)",
    re.IGNORECASE,
)


def parse_revision_file(text: str) -> list[dict[str, Any]]:
    """Paragraphs of a revision file: ``{"heading", "line", "text", "code"}`` each.

    A heading is an upper-case line; the lines below it up to the next blank line are its
    note. ``code`` is the MCS file code the note names (``chrom``), else None.
    """
    notes: list[dict[str, Any]] = []
    heading: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or set(line) <= {"*"}:
            continue
        if line.isupper() and not line.endswith("."):
            heading = line
            continue
        if heading is None:
            continue  # the file's own title lines
        code = _CODE_RE.search(line)
        notes.append(
            {
                "heading": heading,
                "line": number,
                "text": line,
                "code": code.group(1).lower() if code else None,
            }
        )
    return notes


def _commodity(store: Store, note: dict[str, Any]) -> str | None:
    if note["code"]:
        row = store.con.execute(
            "SELECT id FROM commodity WHERE mcs_code = ?", [note["code"]]
        ).fetchone()
        if row:
            return str(row[0])
    for name in (note["heading"], note["heading"].split(" AND ")[0]):
        try:
            return resolve_commodity(store, name)
        except UnknownNameError:
            continue
    return None


_UPDATED_FOR = re.compile(
    r"(?:updated|revised)\s+reserves\s+for\s+(?P<names>.+?)(?:\s+and\s+(?:the\s+)?world\s+total|\.|$)",
    re.IGNORECASE,
)


def _countries(store: Store, text: str) -> str | None:
    match = _NAMED.search(text) or _UPDATED_FOR.search(text)
    if match is None:
        return None
    found = []
    for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", match["names"]):
        name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        try:
            found.append(resolve_country(store, name))
        except UnknownNameError:
            continue
    return ";".join(sorted(set(found))) or None


def import_revision_files(store: Store, folder: str | Path) -> dict[str, Any]:
    """Import every ``MCS<year>_Data_Release_Revision_File*.txt`` under ``folder``.

    Returns ``{"files": n, "notes": n, "unmatched": [headings without a commodity]}``.
    Re-importing a file replaces its notes.
    """
    root = Path(folder)
    files = sorted(p for p in root.rglob("*.txt") if _FILE_RE.search(p.name))
    notes_in, unmatched = 0, []
    for path in files:
        edition = int(_FILE_RE.search(path.name).group(1))  # type: ignore[union-attr]
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        source_id = f"usgs-mcs{edition}-revision-file"
        try:
            display = str(path.relative_to(root.parent))
        except ValueError:
            display = path.name
        with store.transaction():
            store.con.execute("DELETE FROM series_note WHERE source_id = ?", [source_id])
            store.con.execute("DELETE FROM source WHERE id = ?", [source_id])
            store.con.execute(
                "INSERT INTO source (id, publisher, title, edition, year, table_name, url, "
                "retrieved, file, sha256, license, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, 'official')",
                [
                    source_id,
                    "U.S. Geological Survey",
                    f"Mineral Commodity Summaries {edition} Data Release: revision notes",
                    edition,
                    edition,
                    path.name,
                    None,
                    date.fromtimestamp(path.stat().st_mtime).isoformat(),
                    display,
                    hashlib.sha256(data).hexdigest(),
                    "public domain (U.S. Government work)",
                ],
            )
            for note in parse_revision_file(text):
                cid = _commodity(store, note)
                if cid is None:
                    unmatched.append(note["heading"])
                    continue
                measure = "reserves" if re.search(r"\breserves\b", note["text"], re.I) else None
                store.con.execute(
                    "INSERT INTO series_note VALUES (?, ?, ?, ?, ?, ?, ?, 'revision file')",
                    [cid, edition, measure, _countries(store, note["text"]), note["text"],
                     source_id, f"{display}:{note['line']}"],
                )  # fmt: skip
                notes_in += 1
    return {"files": len(files), "notes": notes_in, "unmatched": sorted(set(unmatched))}
