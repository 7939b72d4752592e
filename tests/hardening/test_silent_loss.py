"""Quarantine never deletes: an input none of whose rows can be read imports nothing,
leaves the store byte-identical and fails (CLI exit code 2, API status 400)."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.conftest import all_bad_copy, file_digest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.store import open_store

TOKEN = "hardening-token"


def _count(path: Path, sql: str) -> int:
    with open_store(path, read_only=True) as store:
        return int(store.con.execute(sql).fetchone()[0])


RAREE_ROWS = "SELECT count(*) FROM observation WHERE source_id = 'usgs-mcs2024-raree-world'"


def test_all_bad_mcs_file_cli_changes_nothing(one_table_store, shared_data, tmp_path):
    bad = all_bad_copy(shared_data, tmp_path)
    rows = _count(one_table_store, RAREE_ROWS)
    before = file_digest(one_table_store)
    args = ["import", "mcs", str(bad), "--db", str(one_table_store)]
    result = CliRunner().invoke(get_app(), args)
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert "mcs2024-raree_world.csv" in message and "nothing was imported" in message
    assert "Traceback" not in message
    assert file_digest(one_table_store) == before
    assert _count(one_table_store, RAREE_ROWS) == rows > 20


def test_all_bad_mcs_file_api_changes_nothing(one_table_store, shared_data, tmp_path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    bad = all_bad_copy(shared_data, tmp_path)
    before = file_digest(one_table_store)
    app = create_app(one_table_store, write_token=TOKEN)
    with TestClient(app) as client:
        response = client.post(
            "/api/import/mcs",
            files={"file": (bad.name, bad.read_bytes(), "text/csv")},
            headers={"authorization": f"Bearer {TOKEN}", "origin": "http://testserver"},
        )
    assert response.status_code == 400, response.text
    assert "nothing was imported" in response.json()["error"]
    assert str(tmp_path) not in response.text  # the server's temporary path is not shown
    assert file_digest(one_table_store) == before


def test_a_folder_with_one_unreadable_file_keeps_that_files_rows(one_table_store, shared_data):
    """In a folder import the readable files are imported; the unreadable one keeps the
    rows it had (quarantine never deletes) and is listed in ``files_refused``."""
    import shutil

    from assay.importers.mcs import import_mcs

    folder = one_table_store.parent / "usgs-mcs-2024" / "world"
    folder.mkdir(parents=True)
    all_bad_copy(shared_data, folder)
    lithium = shared_data / "usgs-mcs-2024" / "world" / "mcs2024-lithi_world.csv"
    shutil.copy(lithium, folder / lithium.name)
    rows = _count(one_table_store, RAREE_ROWS)
    with open_store(one_table_store) as store:
        report = import_mcs(store, folder.parent)
    assert report.files_refused == ["usgs-mcs-2024/world/mcs2024-raree_world.csv"]
    assert report.rows_inserted > 10  # lithium
    assert _count(one_table_store, RAREE_ROWS) == rows
    again = CliRunner().invoke(
        get_app(), ["import", "mcs", str(folder.parent), "--db", str(one_table_store)]
    )
    assert again.exit_code == 0 and "kept the rows already stored" in again.output
    assert "mcs2024-raree_world.csv" in again.output
    assert _count(one_table_store, RAREE_ROWS) == rows


def test_impossible_numbers_are_quarantined_not_stored(one_table_store, shared_data, tmp_path):
    """A 400-digit number (an infinity), 1e20 t of reserves and a data year of 1774."""
    import csv

    from assay.importers.mcs import import_mcs

    source = shared_data / "usgs-mcs-2024" / "world" / "mcs2024-lithi_world.csv"
    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    rows[0] = [c.replace("Prod_t_2022", "Prod_t_1774") for c in rows[0]]
    argentina = next(r for r in rows if r[1] == "Argentina")
    argentina[4] = "9" * 400
    argentina[6] = "1" + "0" * 20
    target = tmp_path / source.name
    with target.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    with open_store(one_table_store) as store:
        report = import_mcs(store, target)
        stored = store.query(
            "SELECT min(data_year) AS lo, max(abs(value)) AS hi, count(*) AS n FROM observation "
            "WHERE source_id = 'usgs-mcs2024-lithi-world'"
        )[0]
    assert stored["n"] > 10 and stored["lo"] >= 2000 and stored["hi"] < 1e13
    reasons = [q[4] for q in report.quarantined]
    assert any("finite" in r for r in reasons)
    assert any("plausible" in r for r in reasons)
    assert any("1800" in r for r in reasons)


def test_reimports_replace_their_quarantine_rows(one_table_store, shared_data, tmp_path):
    """Quarantine rows are keyed by importer and file: importing again replaces them (the
    quarantine table grew by ~10,500 duplicate rows on every build)."""
    import csv

    from assay.importers.mcs import import_mcs
    from assay.importers.sites import import_generic

    source = shared_data / "usgs-mcs-2024" / "world" / "mcs2024-lithi_world.csv"
    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    target = tmp_path / source.name
    counts = []
    with open_store(one_table_store) as store:
        for attempt in range(3):
            rows[2][6] = "garbled"  # one bad cell...
            rows[3][6] = str(1000 + attempt)  # ...and a change, so the file is read again
            with target.open("w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows)
            import_mcs(store, target)
            sites = tmp_path / "sites.csv"
            sites.write_text("name,lon,lat\nGood,10,10\nBad,500,10\n,1,1\n")
            import_generic(store, sites, {"name": "name", "lon": "lon", "lat": "lat"})
            counts.append(store.con.execute("SELECT count(*) FROM quarantine").fetchone()[0])
    assert counts[0] == counts[1] == counts[2] >= 3
