"""The store: creation, per-component migration, atomic transactions."""

from __future__ import annotations

import pytest

from assay.store import default_db_path, open_store


def test_new_store_records_core_schema_version(tmp_path):
    with open_store(tmp_path / "a.duckdb") as s:
        versions = s.schema_versions()
    assert versions["core"] >= 1


def test_reopen_applies_no_migration_twice(tmp_path):
    path = tmp_path / "a.duckdb"
    with open_store(path) as s:
        first = s.query("SELECT count(*) AS n FROM schema_version")[0]["n"]
    with open_store(path) as s:
        again = s.query("SELECT count(*) AS n FROM schema_version")[0]["n"]
    assert first == again


def test_transaction_rolls_back_on_error(store):
    store.con.execute("INSERT INTO country (iso3, iso2, name) VALUES ('AAA', 'AA', 'Before')")
    with pytest.raises(RuntimeError):
        with store.transaction() as con:
            con.execute("UPDATE country SET name = 'During' WHERE iso3 = 'AAA'")
            raise RuntimeError("boom")
    assert store.query("SELECT name FROM country WHERE iso3='AAA'")[0]["name"] == "Before"


def test_path_resolution_order(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSAY_DB", str(tmp_path / "env.duckdb"))
    assert default_db_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"
    assert default_db_path() == tmp_path / "env.duckdb"
    monkeypatch.delenv("ASSAY_DB")
    assert default_db_path().name == "assay.duckdb"


def test_read_only_open_of_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="assay build"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
