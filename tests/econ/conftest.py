"""Fixtures of the economics tests: the RAEF example files in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.models.econ.raef import RaefParameters

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def raef_dir(shared_data: Path) -> Path:
    path = shared_data / "mapmark4-examples" / "raef"
    if not path.is_dir():
        pytest.skip(f"RAEF example folder missing at {path}")
    return path


@pytest.fixture(scope="session")
def mapmark4_run_dir(shared_data: Path) -> Path:
    return shared_data / "mapmark4-examples" / "mapmark4gui_run1_01234"


@pytest.fixture()
def tutorial_params() -> RaefParameters:
    """RAEF tutorial preset values (RaefPreSetFile.csv of gtkfi/MapWizard), typed in."""
    return RaefParameters(
        depth_intervals=((0, 250, 0.2), (251, 500, 0.2), (501, 1000, 0.6)),
        deposit_type="Ore body massive / disseminated",
        mill_types=("3-Product Flotation",),
        days_per_year=350,
        msc=1.26,
        irr=0.15,
        area=1e6,
        commodity_values={"Cu": 3813.958, "Mo": 23567.174, "Au": 16557636.25, "Ag": 257849.015},
        mill_recoveries={"Cu": 0.91, "Mo": 0.63, "Au": 0.76, "Ag": 0.8},
    )
