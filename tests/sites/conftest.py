"""Fixtures of the site-inventory tests: one store with every staged site source, per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.store import Store, open_store


@pytest.fixture(scope="session")
def sites_store_path(
    tmp_path_factory: pytest.TempPathFactory, reference_store_path: Path, shared_data: Path
) -> Path:
    """Bundled reference data + every staged site source imported, placed and linked."""
    import shutil

    from assay.analyses.sites import import_staged_sites

    path = tmp_path_factory.mktemp("sites-store") / "sites.duckdb"
    shutil.copyfile(reference_store_path, path)
    with open_store(path) as s:
        report = import_staged_sites(s, shared_data)
    (path.parent / "report.txt").write_text(repr(report))
    return path


@pytest.fixture()
def sites_store(sites_store_path: Path) -> Iterator[Store]:
    """The shared sites store, for tests that only read (do not write through it)."""
    s = open_store(sites_store_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def sites_store_copy(sites_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A private writable copy of the sites store."""
    import shutil

    target = tmp_path / "sites.duckdb"
    shutil.copyfile(sites_store_path, target)
    s = open_store(target)
    try:
        yield s
    finally:
        s.close()
