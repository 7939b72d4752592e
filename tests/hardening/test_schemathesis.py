"""schemathesis with all checks against the app (bounded: a few deterministic examples per
operation) reports no failure: documented status codes and content types, one error shape,
correct ``Allow`` headers, no 500."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.web.conftest import LiveServer, _write_tiny

HERE = Path(__file__).parent
TOKEN = "schemathesis-token"


def test_schemathesis_all_checks_pass(tmp_path: Path) -> None:
    pytest.importorskip("schemathesis")
    cli = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    from assay.web import create_app

    store = _write_tiny(tmp_path / "tiny.duckdb")
    app = create_app(store, write_token=TOKEN, request_timeout_s=20)
    with LiveServer(app) as server:
        result = subprocess.run(
            [
                cli,
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                f"{server.url}/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                "5",
                "--generation-deterministic",
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--header",
                f"Authorization: Bearer {TOKEN}",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,  # schemathesis keeps its state in .schemathesis/ of the cwd
        )
    tail = "\n".join(result.stdout.splitlines()[-60:])
    assert result.returncode == 0, tail
    assert " passed" in tail and "failure" not in tail.lower().replace("0 failures", "")
