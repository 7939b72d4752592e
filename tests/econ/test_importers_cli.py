"""RAEF/MapMark4 readers (errors name file, row, column) and the econ/value/deal CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.importers.raef import (
    RaefInputError,
    read_commodity_values,
    read_mill_recoveries,
    read_preset,
    read_simulated_deposits,
)

runner = CliRunner()
DATA = Path(__file__).parent / "data"


def test_read_preset_tutorial(raef_dir):
    p = read_preset(raef_dir / "RaefPreSetFile.csv")
    assert p.depth_intervals == ((0, 250, 0.2), (251, 500, 0.2), (501, 1000, 0.6))
    assert p.mill_types == ("3-Product Flotation",) and not p.omit_lowest_value
    assert p.days_per_year == 350 and p.tailings_pond_and_dam and p.liner
    assert (p.msc, p.irr, p.area) == (1.26, 0.15, 1e6)
    assert p.commodity_values["Au"] == 16557636.25 and p.mill_recoveries["Mo"] == 0.63


def test_value_and_recovery_tables(raef_dir):
    cv = read_commodity_values(raef_dir / "CValues.csv")
    assert cv["Cu"] == 3813.958 and len(cv) == 10
    mrr = read_mill_recoveries(raef_dir / "MillR.csv", "SX-EW")
    assert mrr["Cu"] == 0.45


def _preset_with(raef_dir: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (raef_dir / "RaefPreSetFile.csv").read_text()
    assert old in text
    path = tmp_path / "preset.csv"
    path.write_text(text.replace(old, new))
    return path


def test_preset_errors_name_row_and_column(raef_dir, tmp_path):
    bad = _preset_with(
        raef_dir,
        tmp_path,
        "27,Investment Rate of Return,0.15",
        "27,Investment Rate of Return,fifteen",
    )
    with pytest.raises(RaefInputError, match=r"preset.csv, row 28, column 'B'.*fifteen"):
        read_preset(bad)
    bad = _preset_with(raef_dir, tmp_path, "15,Per3,0.6", "15,Per3,0.5")
    with pytest.raises(RaefInputError, match="sum to 0.9"):
        read_preset(bad)
    bad = _preset_with(raef_dir, tmp_path, "3 - Product Flotation", "Magic Mill")
    with pytest.raises(RaefInputError, match="unknown mill type"):
        read_preset(bad)


def test_preset_rejects_investment_rate_of_return_at_or_below_minus_one(raef_dir, tmp_path):
    """IRR <= -1 makes the NPV annuity factor (1 - (1 + IRR)^-life) / IRR undefined (RAEF,
    Shapiro and Robinson 2019, eq. for NPV): an error, not NaN NPVs."""
    bad = _preset_with(
        raef_dir, tmp_path, "27,Investment Rate of Return,0.15", "27,Investment Rate of Return,-1"
    )
    with pytest.raises(RaefInputError, match=r"preset.csv, row 28, column 'B'.*> -1"):
        read_preset(bad)


def test_simulation_csv_errors(tmp_path):
    path = tmp_path / "sim.csv"
    path.write_text(
        "Simulation.Index,Number.of.Deposits,Sim.Deposit.Index,Ore_mT,Cu _pct\n"
        "1,1,1,1000,0.5\n2,1,1,abc,0.4\n"
    )
    with pytest.raises(RaefInputError, match=r"sim.csv, row 3, column 'Ore_mT'"):
        read_simulated_deposits(path)
    path.write_text("Simulation.Index,Ore_mT,Cu _pct\n1,1000,0.5\n")
    with pytest.raises(RaefInputError, match="Number.of.Deposits"):
        read_simulated_deposits(path)


def test_cli_econ_json(raef_dir):
    result = runner.invoke(
        get_app(),
        [
            "econ",
            "--deposits",
            str(raef_dir / "Porphyry_05_SIM_EF.csv"),
            "--preset",
            str(raef_dir / "RaefPreSetFile.csv"),
            "--seed",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["deposits"] == 22208
    assert out["contained"]["Cu"]["p_zero"] == 0.2982
    assert "P90" in out["recovered"]["Cu"]["quantiles"]


def test_cli_econ_table_and_bad_input(raef_dir, tmp_path):
    result = runner.invoke(
        get_app(),
        [
            "econ",
            "--deposits",
            str(raef_dir / "Porphyry_05_SIM_EF.csv"),
            "--preset",
            str(raef_dir / "RaefPreSetFile.csv"),
        ],
    )
    assert result.exit_code == 0 and "Block Caving" in result.output
    result = runner.invoke(
        get_app(),
        [
            "econ",
            "--deposits",
            str(tmp_path / "none.csv"),
            "--preset",
            str(raef_dir / "RaefPreSetFile.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "file not found" in result.output and "Traceback" not in result.output


def test_cli_value_deposit_and_ree():
    result = runner.invoke(
        get_app(), ["value", "--ore-t", "1e8", "--grade", "Cu=0.5", "--depth-m", "30", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["in_situ_usd"] > out["recoverable_usd"] > out["npv_usd"]
    assert out["prices"]["Cu"]["year"] == 2023
    result = runner.invoke(
        get_app(),
        [
            "value",
            "--ore-t",
            "1e7",
            "--grade",
            "TREO=3",
            "--ree-distribution",
            "La2O3=30,CeO2=50,Pr6O11=5,Nd2O3=15",
            "--recovery",
            "TREO=0.6",
            "--payability",
            "TREO=0.75",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    # 2024 USGS prices: La 1, Ce 1, Nd 56; Pr unpriced -> 0.3 + 0.5 + 0.15*56 = 9.2 USD/kg
    assert out["ree_basket"]["usd_per_kg_treo"] == pytest.approx(9.2)
    assert out["in_situ_usd"] == pytest.approx(1e7 * 0.03 * 9200)
    result = runner.invoke(get_app(), ["value", "--ore-t", "1e7", "--grade", "TREO=3"])
    assert result.exit_code == 2 and "TREO" in result.output


def test_cli_value_sites(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("name,ore_t,depth_m,Cu_pct,Mo_pct\nA,1e8,20,0.6,0.02\nB,5e6,400,0.3,\n")
    result = runner.invoke(get_app(), ["value", "--sites", str(sites), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)["sites"]
    assert set(out) == {"A", "B", "total (NPV: economic sites only)"}
    total = out["total (NPV: economic sites only)"]
    assert total["in_situ_usd"] == pytest.approx(out["A"]["in_situ_usd"] + out["B"]["in_situ_usd"])


def test_cli_value_assessment(raef_dir):
    result = runner.invoke(
        get_app(),
        [
            "value",
            "--deposits",
            str(raef_dir / "Porphyry_05_SIM_EF.csv"),
            "--preset",
            str(raef_dir / "RaefPreSetFile.csv"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["in_situ_usd"] > out["recoverable_usd"] > 0
    assert out["headline_to_npv"] > 1


def test_cli_deal(tmp_path):
    png = tmp_path / "fan.png"
    result = runner.invoke(
        get_app(), ["deal", str(DATA / "us_ukraine_fund.yaml"), "--plot", str(png), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["terms"]["fund_share"] == 0.5
    assert set(out["pv_by_party"]) == {"US", "Ukraine"}
    assert png.exists()
    result = runner.invoke(get_app(), ["deal", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2


def test_preset_mill_variants(raef_dir, tmp_path):
    """RAEF's mill spellings: the omit-lowest variant and 'Customize Mill Options'."""
    omit = _preset_with(
        raef_dir,
        tmp_path,
        "3 - Product Flotation",
        "3-Product Flotation (Omit lowest value commodity)",
    )
    p = read_preset(omit)
    assert p.mill_types == ("3-Product Flotation",) and p.omit_lowest_value
    text = (raef_dir / "RaefPreSetFile.csv").read_text()
    text = text.replace("3 - Product Flotation", "Customize Mill Options")
    text = text.replace("No set custom mill option for commodity #1", "SX_EW")
    text = text.replace("No set custom mill option for commodity #2", "CIP")
    custom = tmp_path / "custom.csv"
    custom.write_text(text)
    p = read_preset(custom)
    assert p.mill_types == ("SX-EW", "CIP") and p.user_mill is None


def test_folder_where_a_file_is_expected_says_so(tmp_path):
    """A folder is not 'file not found' (the path exists): preset, simulation CSV, deal spec."""
    from assay.analyses.economics import load_deal_spec

    for read in (read_preset, read_simulated_deposits, load_deal_spec):
        with pytest.raises(ValueError, match="is a folder, not a file"):
            read(tmp_path)
