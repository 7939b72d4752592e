"""`assay build` ties the layers together: after one build from ../shared/data the country
view carries the MCS tables, the site inventory's "how real" summary and the checked news
claims, and the risk layer has its inputs."""

from __future__ import annotations

from typer.testing import CliRunner

from assay.analyses.statistics import country_view
from assay.cli import get_app


def test_country_view_has_statistics_sites_and_news(mcs_store):
    view = country_view(mcs_store, "Russia")
    assert any(c["id"] == "rare-earths" for c in view["commodities"])
    # Tomtor and Lovozero are Russian records of several sources (issue 6)
    assert view["sites"]["sites"] > 0
    # the seed article 003 says "Russia ranks fourth globally in rare earth reserves";
    # MCS 2025 (current in late Feb 2025) ranks it fifth, so the stored claim is refuted
    refuted = [c for c in view["news_claims"] if c["verdict"] == "refuted"]
    assert any("fourth" in c["text"] for c in refuted)


def test_build_loaded_risk_inputs(mcs_store):
    from assay.analyses.risk import risk_view

    # WGI 2022 governance scores and the MCS Fig. 2 import-reliance tables were imported
    for table in ("governance_indicator", "import_reliance"):
        assert mcs_store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"] > 0

    view = risk_view(mcs_store, "rare earths", edition=2025)
    # MCS 2025: China mined 270,000 of 390,000 t in 2024
    assert abs(view["china_share"]["mine_production"] - 100 * 270_000 / 390_000) < 0.01


def test_build_twice_changes_nothing(mcs_store_path, tmp_path, shared_data):
    import shutil

    from assay.analyses.build import build_store
    from assay.store import open_store

    path = tmp_path / "again.duckdb"
    shutil.copyfile(mcs_store_path, path)
    tables = ("observation", "source", "site", "site_record", "news_claim")
    with open_store(path) as s:
        before = {t: s.query(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}
        build_store(s, shared_data)
        after = {t: s.query(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}
    assert before == after


def test_country_cli_prints_sites_and_news(mcs_store_path):
    result = CliRunner().invoke(get_app(), ["country", "RUS", "--db", str(mcs_store_path)])
    assert result.exit_code == 0, result.output
    assert "Sites:" in result.output
    assert "News claims mentioning Russia" in result.output
