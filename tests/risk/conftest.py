"""Stores for the risk tests: the foundation's MCS store plus this layer's build step."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.store import Store, open_store


@pytest.fixture(scope="session")
def risk_store_path(
    mcs_store_path: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The MCS store with WGI, MCS Fig. 2 tables and the bundled risk references imported."""
    from assay.analyses.risk import import_risk_data

    path = tmp_path_factory.mktemp("risk-store") / "risk.duckdb"
    shutil.copyfile(mcs_store_path, path)
    with open_store(path) as s:
        import_risk_data(s, shared_data)
    return path


@pytest.fixture()
def risk_store(risk_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of :func:`risk_store_path`, private to the test."""
    target = tmp_path / "risk.duckdb"
    shutil.copyfile(risk_store_path, target)
    s = open_store(target)
    try:
        yield s
    finally:
        s.close()
