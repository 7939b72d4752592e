"""Fixtures of the assessment tests: the MapMark4 example files in ../shared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def mm4(shared_data: Path) -> Path:
    """``../shared/data/mapmark4-examples`` (USGS-R/MapMark4 data, CC0)."""
    path = shared_data / "mapmark4-examples"
    if not path.is_dir():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def example_gatm(mm4: Path) -> pd.DataFrame:
    return pd.read_csv(mm4 / "ExampleGatm.csv")


@pytest.fixture(scope="session")
def example_estimates1(mm4: Path) -> pd.DataFrame:
    return pd.read_csv(mm4 / "ExampleDepEst1.csv")
