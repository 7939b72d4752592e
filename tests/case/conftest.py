"""Stores for the case-dossier tests.

``fixture_case_store``: the bundled reference data plus the TEST fixture of
``tests/case/data`` (invented numbers, source ``test-fixture``), placed and linked; needs no
shared data. ``real_case_store``: the full build of ``../shared/data`` (``mcs_store_path``),
which loads the bundled curated deposits of ``assay/reference/deposits``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assay.store import open_store

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def fixture_case_store_path(
    tmp_path_factory: pytest.TempPathFactory, reference_store_path: Path
) -> Path:
    from assay.analyses.sites import refresh_sites
    from assay.importers.curated_deposits import import_curated_deposits

    path = tmp_path_factory.mktemp("case-fixture") / "case.duckdb"
    shutil.copyfile(reference_store_path, path)
    with open_store(path) as store:
        store.con.execute(
            "INSERT INTO source (id, publisher, title, year, kind) VALUES "
            "('test-fixture', 'assay tests', 'TEST DATA fixture (invented numbers)', 2026, 'test')"
        )
        import_curated_deposits(store, DATA)
        refresh_sites(store)
    return path


@pytest.fixture()
def fixture_case_store(fixture_case_store_path: Path):
    with open_store(fixture_case_store_path, read_only=True) as store:
        yield store


@pytest.fixture()
def real_case_store(mcs_store_path: Path):
    with open_store(mcs_store_path, read_only=True) as store:
        yield store
