"""Fixtures of the hardening tests: a small store holding one real MCS table, and the
mutated files that the importers must refuse without changing it."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from assay.store import open_store

RAREE_2024 = Path("usgs-mcs-2024") / "world" / "mcs2024-raree_world.csv"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes: 'byte-identical' is checked on the whole store file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def one_table_store_path(reference_store_path: Path, shared_data: Path, tmp_path_factory) -> Path:
    """The reference store plus the MCS 2024 rare-earth world table (built once)."""
    from assay.importers.mcs import import_mcs

    path = tmp_path_factory.mktemp("hardening") / "one-table.duckdb"
    shutil.copyfile(reference_store_path, path)
    with open_store(path) as store:
        report = import_mcs(store, shared_data / RAREE_2024)
        assert report.rows_inserted > 20
    return path


@pytest.fixture()
def one_table_store(one_table_store_path: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`one_table_store_path` (a path: tests open it themselves)."""
    target = tmp_path / "store.duckdb"
    shutil.copyfile(one_table_store_path, target)
    return target


def all_bad_copy(shared_data: Path, folder: Path) -> Path:
    """The rare-earth world table with every value cell of its data rows garbled: no row
    of it can be read. Same file name, so it claims to replace the stored table."""
    source = shared_data / RAREE_2024
    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    values = [i for i, name in enumerate(header) if re.match(r"(Prod|Reserves|Cap)_", name)]
    values = [i for i in values if "notes" not in header[i].lower()]
    for row in rows[1:]:
        for i in values:
            if i < len(row) and row[i].strip():
                row[i] = "x" + row[i] + "?"
    target = folder / source.name
    with target.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return target
