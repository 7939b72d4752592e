"""One command grammar: `assay import mcs|sites|risk|...`; old spellings kept, hidden."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assay.cli import get_app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(get_app(), list(args), env={"COLUMNS": "100"})


def test_import_family_lists_mcs_sites_risk_and_hides_old_spellings():
    family = _run("import", "--help")
    assert family.exit_code == 0
    for name in ("mcs", "sites", "risk"):
        assert f" {name} " in family.output, name
    top = _run("--help").output
    assert "sites-import" not in top and "import-risk" not in top
    for old in ("sites-import", "import-risk"):  # still accepted for one release
        assert _run(old, "--help").exit_code == 0, old


def test_version():
    import assay

    out = _run("--version")
    assert out.exit_code == 0 and out.output.strip() == f"assay {assay.__version__}"


def test_a_store_made_by_import_sites_knows_the_countries(shared_data: Path, tmp_path: Path):
    folder = shared_data / "usgs-ree-occurrences"
    for spelling in (["import", "sites"], ["sites-import"]):
        db = tmp_path / f"{spelling[-1]}.duckdb"
        made = _run(*spelling, "usgs-ree", str(folder), "--db", str(db))
        assert made.exit_code == 0, made.output
        view = _run("sites", "--country", "UKR", "--json", "--db", str(db))
        assert view.exit_code == 0, view.output  # not 'unknown country'
        sites = json.loads(view.stdout)["sites"]
        assert sites and {s["country"] for s in sites} == {"UKR"}


def test_world_table_accepts_what_commodity_view_accepts(mcs_store_path: Path):
    from assay.analyses.statistics import commodity_view, world_table
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        view = commodity_view(store, "rare earths", 2025)
        by_name = world_table(store, "rare earths", "reserves", 2025)
        by_id = world_table(store, view["commodity"]["id"], "reserves", 2025)
    finally:
        store.close()
    assert len(by_name) > 5 and by_name.equals(by_id)
    china = by_name[by_name["iso3"] == "CHN"]["value"].iloc[0]
    published = {r["iso3"]: r["value"] for r in view["measures"]["reserves"]["rows"]}
    assert china == published["CHN"]
