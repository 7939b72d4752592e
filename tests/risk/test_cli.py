"""``assay risk``, ``assay shock`` and ``assay import-risk`` through the Typer app.

Oracles: the hand computations of test_analyses (MCS 2025 rare earths: world mine
production 390,000 t, China 270,000 t; HHI after removing China 2438.73).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import get_app

SUM_SQUARES = 76_411_767_300


@pytest.fixture()
def db(risk_store) -> str:
    path = str(risk_store.path)
    risk_store.close()
    return path


def _run(*args: str):
    return CliRunner().invoke(get_app(), list(args))


def test_risk_json(db: str) -> None:
    result = _run("risk", "rare earths", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["commodity"] == "rare-earths" and data["edition"] == 2025
    assert data["hhi"]["mine_production"] == pytest.approx(1e4 * SUM_SQUARES / 390000**2)
    assert data["china_share"]["mine_production"] == pytest.approx(100 * 270000 / 390000)
    assert set(data["supply_risk"]) == {"eu_crm", "geopolrisk", "usgs_2021"}


def test_risk_states_the_basis_of_its_tonnes(db: str) -> None:
    """MCS 2025 rare-earth tables are tonnes of rare-earth oxide (REO), not of element: the
    risk view says so beside every tonnage, as the commodity view does."""
    data = json.loads(_run("risk", "rare earths", "--db", db, "--json").output)
    assert data["concentration"]["mine_production"]["basis"] == "REO"
    assert data["top"][0]["iso3"] == "CHN" and data["top"][0]["basis"] == "REO"
    table = _run("risk", "rare earths", "--db", db)
    assert table.exit_code == 0 and "t REO" in table.output


def test_risk_table(db: str) -> None:
    result = _run("risk", "REE", "--edition", "2024", "--db", db)
    assert result.exit_code == 0, result.output
    assert "highly" in result.output and "China" in result.output


def test_risk_all_json(db: str) -> None:
    result = _run("risk", "--all", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["count"] == len(data["commodities"]) >= 50
    assert [r["rank"] for r in data["commodities"]] == list(range(1, data["count"] + 1))


def test_shock_remove_china(db: str, tmp_path: Path) -> None:
    plot = tmp_path / "shock.png"
    result = _run(
        "shock", "rare earths", "--remove", "CHN", "--db", db, "--json", "--plot", str(plot)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["world_after"] == 120000
    assert data["hhi_after"] == pytest.approx(1e4 * (SUM_SQUARES - 270000**2) / 120000**2)
    assert plot.stat().st_size > 1000
    table = _run("shock", "rare earths", "--remove", "CHN", "--db", db)
    assert table.exit_code == 0 and "120,000" in table.output
    # MCS rare-earth tables are tonnes of rare-earth oxide, and the world line says so
    assert data["basis"] == "REO" and "120,000 t REO" in table.output
    # the producers table states its unit (Rich markup used to swallow "[t]")
    assert "before [t REO]" in table.output and "after [t REO]" in table.output


def test_shock_spec_file(db: str, tmp_path: Path) -> None:
    """Spec: cap China at 200,000 t, add Ukraine 10,000 t -> world 330,000 t."""
    spec = tmp_path / "s.yaml"
    spec.write_text("commodity: rare earths\ncap: {China: 200000}\nadd: {Ukraine: 10000}\n")
    result = _run("shock", "--spec", str(spec), "--db", db, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["world_after"] == 330000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["risk", "unobtainium"], "unknown commodity"),
        (["risk"], "give a COMMODITY or --all"),
        (["risk", "rare earths", "--edition", "1999"], "no world tables for rare-earths"),
        (["shock", "rare earths", "--remove", "Atlantis"], "unknown country"),
        (["shock", "rare earths", "--remove", "Germany"], "not a producer"),
        (["shock", "rare earths", "--cap", "CHN=lots"], "is not a number"),
        (["shock", "rare earths"], "nothing to change"),
    ],
)
def test_bad_input_exits_2(db: str, args: list[str], message: str) -> None:
    result = _run(*args, "--db", db)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())  # Rich wraps long lines
    assert "Traceback" not in result.output


def test_bad_spec_file(db: str, tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("commodity: rare earths\ncap: {China: -5}\n")
    result = _run("shock", "--spec", str(spec), "--db", db)
    assert result.exit_code == 2 and "cap.China" in " ".join(result.output.split())


def test_import_risk_user_files(db: str, tmp_path: Path) -> None:
    gov = tmp_path / "gov.csv"
    gov.write_text("country,2024\nChina,0.2\n")
    stage = tmp_path / "magnets.csv"
    stage.write_text("country,year,value,unit\nChina,2024,90,kt\nJapan,2024,10,kt\n")
    result = _run(
        "import-risk",
        "--governance",
        str(gov),
        "--stage-table",
        str(stage),
        "--commodity",
        "rare earths",
        "--stage",
        "magnets",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(_run("risk", "rare earths", "--db", db, "--json").output)
    assert data["stages"]["magnets"]["user_provided"] is True
    bad = tmp_path / "bad.csv"
    bad.write_text("country,2024\nChina,7\n")
    result = _run("import-risk", "--governance", str(bad), "--db", db)
    assert result.exit_code == 2 and "line 2, column '2024'" in " ".join(result.output.split())


def test_import_risk_shared(db: str, shared_data: Path) -> None:
    """Re-importing ../shared/data is idempotent: WGI (213 countries), MCS 2023 Fig. 2 (65
    rows) and MCS 2024 Fig. 2 (63 rows)."""
    result = _run("import-risk", "--shared", str(shared_data), "--db", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["shared"]
    assert [r["rows_inserted"] for r in data["imports"]] == [213, 65, 63]
    assert data["reference"] == {"import_shares": 5, "eu_crm_parameters": 16}
    missing = _run("import-risk", "--shared", "/nonexistent", "--db", db)
    assert missing.exit_code == 2
