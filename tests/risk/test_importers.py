"""Importers of the risk layer: WGI governance scores and MCS industry-trend tables.

Oracles are the published files themselves (values read by eye from the CSVs and quoted
in ../shared/data/*/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.importers.mcs_trends import (
    import_mcs_trends,
    load_reference_import_shares,
    parse_nir,
)
from assay.importers.wgi import RiskInputError, governance_scores, import_wgi

WGI_FILE = "wgi-2022-normalised/wgi_2022_mean_estimate_normalised.csv"


def test_import_wgi_published(reference_store, shared_data: Path) -> None:
    """README examples: China 0.433, Russian Federation 0.294, Ukraine 0.353, US 0.699."""
    report = import_wgi(reference_store, shared_data / WGI_FILE)
    assert report.rows_read == 213
    assert report.quarantined == []
    scores = governance_scores(reference_store)
    assert scores.at["CHN", "value"] == pytest.approx(0.433, abs=5e-4)
    assert scores.at["RUS", "value"] == pytest.approx(0.294, abs=5e-4)
    assert scores.at["UKR", "value"] == pytest.approx(0.353, abs=5e-4)
    assert scores.at["USA", "value"] == pytest.approx(0.699, abs=5e-4)
    assert scores.at["KOR", "value"] > 0.6  # "Korea, Rep." resolves via World Bank naming
    # idempotent: importing again leaves one row per country
    import_wgi(reference_store, shared_data / WGI_FILE)
    n = reference_store.con.execute("SELECT count(*) FROM governance_indicator").fetchone()[0]
    assert n == 213


def test_user_governance_file_overrides(reference_store, shared_data: Path, tmp_path) -> None:
    import_wgi(reference_store, shared_data / WGI_FILE)
    user = tmp_path / "gov.csv"
    user.write_text("country,2024\nChina,0.25\nUSA,0.9\n")
    import_wgi(reference_store, user, origin="user")
    scores = governance_scores(reference_store)
    assert scores.at["CHN", "value"] == 0.25
    assert scores.at["CHN", "origin"] == "user"
    assert scores.at["RUS", "origin"] == "published"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("country,2024\nChina,1.5\n", r"line 2, column '2024': governance score must lie"),
        ("country,2024\nChina,abc\n", r"line 2, column '2024': not a number"),
        ("country,2024\nAtlantis,0.5\n", r"line 2, column 'country': unknown country"),
        ("country,value\nChina,0.5\n", r"no year column"),
    ],
)
def test_user_governance_file_errors(reference_store, tmp_path, text: str, match: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    with pytest.raises(RiskInputError, match=match):
        import_wgi(reference_store, bad, origin="user")


def test_parse_nir() -> None:
    """MCS conventions: integers, '>95' top-coded, '<50', 'E' net exporter."""
    assert parse_nir("100") == (100.0, None)
    assert parse_nir(">95") == (95.0, ">")
    assert parse_nir("<25") == (25.0, "<")
    assert parse_nir("E") == (None, "E")
    with pytest.raises(ValueError):
        parse_nir("W")


def test_import_mcs_trends(reference_store, shared_data: Path) -> None:
    """MCS 2024 Fig. 2: RARE EARTHS, compounds and metals, >95 % in 2023, sources China,
    Malaysia, Japan, Estonia; MCS 2023: >95 % in 2022 (same label)."""
    r24 = import_mcs_trends(reference_store, shared_data / "usgs-mcs-2024")
    r23 = import_mcs_trends(reference_store, shared_data / "usgs-mcs-2023")
    assert r24.rows_inserted == 63 and r23.rows_inserted == 65
    rows = reference_store.query(
        """SELECT data_year, value, qualifier, edition FROM import_reliance
           WHERE commodity_id = 'rare-earths' ORDER BY edition"""
    )
    assert rows == [
        {"data_year": 2022, "value": 95.0, "qualifier": ">", "edition": 2023},
        {"data_year": 2023, "value": 95.0, "qualifier": ">", "edition": 2024},
    ]
    sources = reference_store.query(
        """SELECT source_iso3 FROM import_source WHERE commodity_id = 'rare-earths'
           AND edition = 2024 ORDER BY rank"""
    )
    assert [s["source_iso3"] for s in sources] == ["CHN", "MYS", "JPN", "EST"]
    gallium = reference_store.query(
        "SELECT value FROM import_reliance WHERE commodity_id = 'gallium' AND edition = 2024"
    )
    assert gallium == [{"value": 100.0}]
    # re-import replaces, never duplicates
    import_mcs_trends(reference_store, shared_data / "usgs-mcs-2024")
    n = reference_store.con.execute(
        "SELECT count(*) FROM import_reliance WHERE edition = 2024"
    ).fetchone()[0]
    assert n == 63


def test_reference_import_shares(reference_store) -> None:
    """MCS 2025 Rare Earths: import sources 2020-23 China 70 %, Malaysia 13 %, Japan 6 %,
    Estonia 5 %, other 6 % (sums to 100 %)."""
    assert load_reference_import_shares(reference_store) == 5
    rows = reference_store.query(
        "SELECT source_iso3, share FROM import_source WHERE edition = 2025 ORDER BY rank"
    )
    assert rows[0] == {"source_iso3": "CHN", "share": 0.70}
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
