"""The statistics CLI through typer's CliRunner on the registered ``assay`` app.

Oracles: the published MCS values (as in test_mcs_import) and the exit-code convention of
assay.cli._common (2 with a one-line error for bad input).
"""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from assay.cli import get_app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(get_app(), list(args))


def test_build_bundled_only_prints_the_rare_earth_picture(tmp_path):
    empty = tmp_path / "nothing"
    empty.mkdir()
    db = tmp_path / "bundled.duckdb"
    result = _run("build", "--db", str(db), "--shared", str(empty))
    assert result.exit_code == 0, result.output
    assert "Rare earths" in result.output and "44,000,000" in result.output
    assert "HHI" in result.output and "MCS 2023" in result.output

    result = _run("build", "--db", str(db), "--shared", str(empty), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    reserves = data["rare_earths"]["commodity_view"]["measures"]["reserves"]
    assert reserves["rows"][0]["iso3"] == "CHN"
    assert list(data["rare_earths"]["reserves_history_top5"]["series"])[:1] == ["CHN"]


def test_build_with_shared_data_json(tmp_path, shared_data):
    db = tmp_path / "full.duckdb"
    result = _run("build", "--db", str(db), "--shared", str(shared_data), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["imports"]) == 3
    reserves = data["rare_earths"]["commodity_view"]["measures"]["reserves"]
    assert reserves["rows"][0]["source"]["kind"] == "official"


def test_view_commands_json(mcs_store_path, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(mcs_store_path, db)
    out = json.loads(
        _run("commodity", "rare earths", "--edition", "2025", "--db", str(db), "--json").output
    )
    assert out["measures"]["reserves"]["rows"][0]["value"] == 44_000_000
    out = json.loads(
        _run(
            "history", "rare earths", "reserves", "--country", "RUS", "--db", str(db), "--json"
        ).output
    )
    assert [p["value"] for p in out["series"]["RUS"]] == [21e6, 10e6, 3.8e6]
    out = json.loads(
        _run("history", "rare earths", "mine production", "--db", str(db), "--json").output
    )
    assert out["measure"] == "mine_production"
    out = json.loads(_run("country", "Russian Federation", "--db", str(db), "--json").output)
    assert out["country"]["iso3"] == "RUS"
    out = json.loads(_run("element", "Li", "--db", str(db), "--json").output)
    assert out["is_rare_earth"] is False and out["symbol"] == "Li"
    out = json.loads(_run("sources", "--db", str(db), "--json").output)
    assert out["quarantined"] > 0
    for args in (("commodity", "lithium"), ("country", "RUS"), ("element", "Nd"), ("sources",)):
        result = _run(*args, "--db", str(db))
        assert result.exit_code == 0, result.output


def test_bad_input_is_a_one_line_error_with_exit_2(mcs_store_path, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(mcs_store_path, db)
    result = _run("commodity", "rare earht", "--db", str(db))
    assert result.exit_code == 2
    assert "unknown commodity 'rare earht'" in result.output and "Did you mean" in result.output
    assert "Traceback" not in result.output
    result = _run("country", "Atlantis", "--db", str(db))
    assert result.exit_code == 2 and "unknown country" in result.output
    result = _run("commodity", "lithium", "--db", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 2 and "assay build" in result.output


def test_import_mcs_strict_fails_and_default_quarantines(tmp_path, shared_data):
    folder = tmp_path / "usgs-mcs-2024" / "world"
    folder.mkdir(parents=True)
    target = folder / "mcs2024-raree_world.csv"
    shutil.copy(shared_data / "usgs-mcs-2024" / "world" / "mcs2024-raree_world.csv", target)
    target.write_bytes(target.read_bytes().replace(b"44000000", b"44,000,0x0", 1))
    db = tmp_path / "imp.duckdb"
    result = _run("import", "mcs", str(folder), "--strict", "--db", str(db))
    assert result.exit_code == 2
    assert "mcs2024-raree_world.csv, line 7" in result.output
    assert "does not line up" in result.output
    result = _run("import", "mcs", str(folder), "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [q["line"] for q in report["quarantined"]] == [7]  # the whole China row
    assert report["rows_inserted"] > 20
    result = _run("import", "mcs", str(folder), "--db", str(db))
    assert result.exit_code == 0 and "0 observations inserted" in result.output


def test_find_shared_data_beside_checkout_and_from_env(tmp_path, monkeypatch, shared_data):
    """Oracle: the documented search order (checkout's ../shared/data, else $ASSAY_SHARED)."""
    from assay.analyses.build import find_shared_data

    monkeypatch.delenv("ASSAY_SHARED", raising=False)
    repo = tmp_path / "clone"
    (repo / "src").mkdir(parents=True)
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    found = find_shared_data(repo / "src")
    # nothing beside the fake clone: falls back to the package's own checkout
    assert found is not None and found.resolve() == shared_data.resolve()
    shared = tmp_path / "shared" / "data" / "usgs-mcs-2024"
    shared.mkdir(parents=True)
    assert find_shared_data(repo / "src") == tmp_path / "shared" / "data"
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "data" / "usgs-mcs-2023").mkdir(parents=True)
    monkeypatch.setenv("ASSAY_SHARED", str(elsewhere))
    outside = tmp_path / "outside"
    outside.mkdir()
    # the package's checkout comes before $ASSAY_SHARED
    assert find_shared_data(outside).resolve() == shared_data.resolve()
    monkeypatch.setattr("assay.analyses.build.__file__", str(outside / "build.py"))
    assert find_shared_data(outside) == elsewhere / "data"
