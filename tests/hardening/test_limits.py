"""Bounded work: caps on draws, deposits, simulations, counts and horizons, derived from the
memory and time budgets (configurable), with a clear message; 1e8 assessment draws stay
allowed (they stream in bounded memory)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.validation import LIMITS, InputError, Limits, check_cap


def test_limits_come_from_the_budgets_and_can_be_set(monkeypatch) -> None:
    assert LIMITS.assess_draws >= 10**8
    monkeypatch.setenv("ASSAY_MEMORY_BUDGET_MB", "512")
    small = Limits.from_env()
    monkeypatch.setenv("ASSAY_MEMORY_BUDGET_MB", "4096")
    large = Limits.from_env()
    assert small.deal_draws < large.deal_draws and small.econ_simulations < large.econ_simulations
    monkeypatch.setenv("ASSAY_LIMIT_DEAL_DRAWS", "1234")
    assert Limits.from_env().deal_draws == 1234
    monkeypatch.setenv("ASSAY_LIMIT_DEAL_DRAWS", "lots")
    with pytest.raises(InputError, match="ASSAY_LIMIT_DEAL_DRAWS"):
        Limits.from_env()


def test_check_cap_message_names_the_setting() -> None:
    assert check_cap(10, 100, name="n_draws") == 10
    for bad in (0, 2.5, float("inf"), float("nan"), "x", 1e9):
        with pytest.raises(InputError):
            check_cap(bad, 100, name="n_draws")
    with pytest.raises(InputError, match="cap of 100 .*ASSAY_LIMIT_N_DRAWS"):
        check_cap(1e9, 100, name="n_draws")


def _tract(tmp_path: Path, extra: str) -> Path:
    from assay import reference

    example = Path(reference.path("examples")) / "carbonatite_ree"
    spec = tmp_path / "tract.yaml"
    spec.write_text(
        f"name: t\ngatm: {example / 'gtm.csv'}\nestimates: {example / 'estimates.csv'}\n{extra}"
    )
    return spec


def test_assessment_draws_are_capped_above_1e8(tmp_path: Path) -> None:
    from assay.importers.mapmark4 import MapMark4InputError, read_tract_spec

    assert read_tract_spec(_tract(tmp_path, "draws: 100000000\n")).draws == 10**8
    for extra in ("draws: 1000000000000\n", "max_deposits: 1000000000\n"):
        with pytest.raises(MapMark4InputError, match="cap"):
            read_tract_spec(_tract(tmp_path, extra))
    for extra in ("draws: .inf\n", "draws: .nan\n", "area_km2: .inf\n"):
        with pytest.raises(MapMark4InputError, match="tract.yaml"):
            read_tract_spec(_tract(tmp_path, extra))


def test_econ_simulations_are_capped(shared_data: Path) -> None:
    raef = shared_data / "mapmark4-examples" / "raef"
    result = CliRunner().invoke(
        get_app(),
        ["econ", "--deposits", str(raef / "Porphyry_05_SIM_EF.csv"), "--preset",
         str(raef / "RaefPreSetFile.csv"), "--n-simulations", "1000000000"],
    )  # fmt: skip
    assert result.exit_code == 2 and "cap" in result.output and "Traceback" not in result.output
