"""A --db that cannot hold a store is a one-line error with exit 2, never a DuckDB traceback.

Before: ``--db /tmp`` (a folder) and ``--db /proc/x.duckdb`` (unwritable) raised
``duckdb.IOException`` tracebacks (exit 1); ``--db data.csv`` opened the CSV as a database and
answered "unknown commodity".
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.store import open_store
from assay.store.db import StoreOpenError


def test_open_store_rejects_folder_and_non_duckdb_file(tmp_path):
    with pytest.raises(StoreOpenError, match="is a folder"):
        open_store(tmp_path)
    csv = tmp_path / "sites.csv"
    csv.write_text("Deposit,X,Y\nA,1,2\n")
    with pytest.raises(StoreOpenError, match=r"sites.csv: not an assay store"):
        open_store(csv)
    assert csv.read_text() == "Deposit,X,Y\nA,1,2\n"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreOpenError, match="cannot create the store's folder"):
        open_store(blocker / "sub" / "a.duckdb")


@pytest.mark.parametrize(
    "argv",
    [
        ["commodity", "lithium"],
        ["build"],
        ["sites-import", "csv", "IN", "--map", "name=Deposit", "--no-link"],
    ],
)
def test_cli_bad_db_path_exit_2_one_line(tmp_path, argv):
    src = tmp_path / "in.csv"
    src.write_text("Deposit,X,Y\nA,1,2\n")
    argv = [str(src) if a == "IN" else a for a in argv]
    for db in (tmp_path, src):  # a folder; a file that is not a DuckDB store
        result = CliRunner().invoke(get_app(), [*argv, "--db", str(db)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert str(db) in " ".join(result.output.split())
