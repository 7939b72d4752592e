"""``assay serve`` binds to loopback by default and refuses other Host names (DNS rebinding)."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.web.conftest import free_port


def _get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host} if host else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_serve_defaults_to_loopback(tiny_store_path: Path, tmp_path: Path) -> None:
    import psutil

    db = tmp_path / "serve.duckdb"
    shutil.copyfile(tiny_store_path, db)
    port = free_port()
    code = "import sys; from assay.cli import main; sys.argv[0] = 'assay'; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(port, "/")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"server did not start: {proc.stdout.read().decode()}")
                time.sleep(0.2)
        assert status == 200
        listening = [
            c.laddr
            for c in psutil.Process(proc.pid).net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN
        ]
        assert listening and all(addr.ip == "127.0.0.1" for addr in listening)
        assert _get(port, "/", host=f"localhost:{port}")[0] == 200
        assert _get(port, "/", host="attacker.example")[0] == 400
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_missing_store_is_one_line_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assay.cli import get_app

    result = CliRunner().invoke(get_app(), ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "assay build" in result.output
