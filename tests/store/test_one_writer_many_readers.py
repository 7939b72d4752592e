"""One writer, many readers (issue 13, item 5).

Before: with ``assay serve`` running on a store, every CLI view on the same store failed on
a DuckDB lock, with a hint naming a ``-readonly`` flag that assay does not have; the server
held the file for its whole life, so no import could complete while it ran.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# the console script, run by this interpreter (the same as `assay ...` on the command line)
ASSAY = [
    sys.executable,
    "-c",
    "import sys; from assay.cli import main; sys.argv[0] = 'assay'; main()",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture()
def served_store(mcs_store_path: Path, tmp_path: Path):
    """A private copy of the MCS store with ``assay serve`` running on it."""
    db = tmp_path / "served.duckdb"
    shutil.copyfile(mcs_store_path, db)
    port = _free_port()
    proc = subprocess.Popen(
        [*ASSAY, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _ = _get(base + "/.json")
            if status == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.stdout.read().decode() if proc.stdout else ""
            pytest.fail(f"assay serve did not start: {out}")
        time.sleep(0.3)
    try:
        yield db, base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ASSAY, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        timeout=180,
    )


def test_cli_view_works_while_server_runs_and_server_sees_completed_import(served_store):
    db, base = served_store
    status, body = _get(base + "/country/RUS.json")
    assert status == 200
    before = json.loads(body)

    # a view on the same file while the server runs (it failed on the lock before)
    result = _run("country", "RUS", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Russia" in result.stdout
    result = _run("country", "RUS", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["country"]["iso3"] == "RUS"

    # a writer completes while the server runs (the server lets go between requests) ...
    from assay.store import open_store

    with open_store(db) as store:
        store.con.execute(
            "UPDATE country SET name = 'Russia (renamed by a test import)' WHERE iso3 = 'RUS'"
        )
    # ... and the next page shows the completed import, not the cached page
    status, body = _get(base + "/country/RUS.json")
    assert status == 200
    after = json.loads(body)
    assert json.dumps(after) != json.dumps(before)
    assert "renamed by a test import" in json.dumps(after)


def _holder_script(db: Path, read_only: bool) -> subprocess.Popen[bytes]:
    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(db)!r}, read_only={read_only})\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    return proc


def test_second_writer_gets_one_line_naming_the_holder(mcs_store_path, tmp_path):
    db = tmp_path / "held.duckdb"
    shutil.copyfile(mcs_store_path, db)
    holder = _holder_script(db, read_only=True)
    try:
        # views still work beside a reader
        ok = _run("country", "UKR", "--db", str(db))
        assert ok.returncode == 0, ok.stderr
        result = _run("build", "--db", str(db), env={"ASSAY_LOCK_WAIT_S": "0"})
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert f"PID {holder.pid}" in message
    assert "in use by" in message
    assert "-readonly" not in message and "Traceback" not in message
    assert len(result.stderr.strip().splitlines()) <= 3  # one line, wrapped at 80 columns


def test_view_during_a_write_names_the_writer(mcs_store_path, tmp_path):
    db = tmp_path / "written.duckdb"
    shutil.copyfile(mcs_store_path, db)
    writer = _holder_script(db, read_only=False)
    try:
        result = _run("country", "RUS", "--db", str(db), env={"ASSAY_LOCK_WAIT_S": "0"})
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert f"being written by PID {writer.pid}" in message
    assert "-readonly" not in message and "Traceback" not in message


def test_server_answers_503_naming_the_writer_while_an_import_runs(served_store):
    db, base = served_store
    writer = _holder_script(db, read_only=False)
    try:
        status, body = _get(base + "/country/KAZ.json")  # not cached yet
    finally:
        writer.kill()
        writer.wait()
    assert status == 503
    assert f"PID {writer.pid}" in json.loads(body)["error"]
    status, _ = _get(base + "/country/KAZ.json")  # the writer is gone: served again
    assert status == 200
