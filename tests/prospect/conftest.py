"""Fixtures of the prospectivity tests: the staged Geoscience Australia Cloncurry WofE data
and the EIS Toolkit fixtures (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def ga_dir(shared_data: Path) -> Path:
    path = shared_data / "prospectivity-ga-cloncurry-wofe"
    if not path.is_dir():
        pytest.skip(f"{path} not staged")
    return path


@pytest.fixture(scope="session")
def eis_dir(shared_data: Path) -> Path:
    path = shared_data / "prospectivity-eis-toolkit-fixtures"
    if not path.is_dir():
        pytest.skip(f"{path} not staged")
    return path
