"""Shared fixtures.

``shared_data`` is ``../shared/data`` beside the checkout (CI always has it); tests that
read it are skipped, with the reason, where it is absent. ``store`` is a fresh, migrated
DuckDB store in a temporary directory: no test touches the user's store.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASSAY_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not present at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def shared_data(shared_dir: Path) -> Path:
    return shared_dir / "data"


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "test.duckdb")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files worth looking at (screenshots, reports)."""
    path = REPO / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


# -- foundation (issue 3): stores with the bundled data, and with the official MCS files ----
@pytest.fixture(scope="session")
def reference_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the bundled reference data only (built once per session)."""
    from assay.analyses.build import load_reference

    path = tmp_path_factory.mktemp("reference-store") / "reference.duckdb"
    with open_store(path) as s:
        load_reference(s)
    return path


@pytest.fixture(scope="session")
def mcs_store_path(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A store file with the bundled data plus every MCS folder of ../shared/data imported."""
    from assay.analyses.build import build_store

    path = tmp_path_factory.mktemp("mcs-store") / "mcs.duckdb"
    with open_store(path) as s:
        build_store(s, shared_data)
    return path


def _copy_and_open(source: Path, tmp_path: Path) -> Store:
    import shutil

    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return open_store(target)


@pytest.fixture()
def reference_store(reference_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of the reference store, private to the test."""
    s = _copy_and_open(reference_store_path, tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def mcs_store(mcs_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of the store with all MCS folders imported, private to the test."""
    s = _copy_and_open(mcs_store_path, tmp_path)
    try:
        yield s
    finally:
        s.close()


# -- one headless Chromium per test process (web and desk browser tests) ----------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
