"""SIGKILL at random moments of ``assay build`` and ``assay sites-import``: the store is left
either complete or marked incomplete in the operation journal, and the next run repairs it.

A small data set keeps the 2 x 20 kills bounded (the MCS 2025 rare-earth chapter, the USGS
carbonatites and the WGI extract); the moments are drawn from a seeded generator, uniformly
over the length of one uninterrupted run measured here (no time is asserted).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assay.store import open_store
from assay.store.schema_ops import unfinished

KILLS = 20
MINI_FOLDERS = ("usgs-mcs-2025-rare-earths", "usgs-carbonatites", "wgi-2022-normalised")
RUN = [sys.executable, "-c", "from assay.cli import main; main()"]

#: what a complete store holds, counted per table (equal counts after repair)
FINGERPRINT_SQL = {
    "observation": "SELECT count(*) FROM observation",
    "source": "SELECT count(*) FROM source",
    "site_record": "SELECT count(*) FROM site_record",
    "unlinked": "SELECT count(*) FROM site_record WHERE site_id IS NULL",
    "site": "SELECT count(*) FROM site",
    "estimate": "SELECT count(*) FROM estimate",
    "quarantine": "SELECT count(*) FROM quarantine",
}


@pytest.fixture(scope="module")
def mini_shared(shared_data: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mini-shared") / "data"
    for name in MINI_FOLDERS:
        if not (shared_data / name).is_dir():
            pytest.skip(f"{name} not in ../shared/data")
        shutil.copytree(shared_data / name, root / name)
    return root


def _state(path: Path) -> tuple[dict[str, int], list[dict]]:
    with open_store(path) as store:
        counts = {k: int(store.con.execute(q).fetchone()[0]) for k, q in FINGERPRINT_SQL.items()}
        return counts, unfinished(store)


def _run(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(RUN + args, capture_output=True, text=True, timeout=timeout, env=env)


def _kill_at(args: list[str], delay: float) -> int | None:
    """Start the command, SIGKILL it after ``delay`` seconds; its exit code if it ended first."""
    proc = subprocess.Popen(RUN + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return None


def _timed_run(args: list[str]) -> float:
    """Run to completion; its length [s] sets the window the kills are drawn from."""
    start = time.monotonic()
    result = _run(args)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - start


def _kill_series(
    args: list[str], db: Path, complete: dict[str, int], seed: int, length: float
) -> dict:
    rng = random.Random(seed)
    outcomes = {"complete": 0, "marked incomplete": 0}
    for _ in range(KILLS):
        _kill_at(args, rng.uniform(0.0, length))
        counts, pending = _state(db)
        if pending:
            outcomes["marked incomplete"] += 1
        else:
            # not marked: it must be entirely old or entirely new, i.e. complete
            assert counts == complete, f"unmarked partial store: {counts} != {complete}"
            outcomes["complete"] += 1
    repaired = _run(args)
    assert repaired.returncode == 0, repaired.stderr
    counts, pending = _state(db)
    assert pending == [] and counts == complete
    return outcomes


def _record(artifacts_dir: Path, name: str, outcomes: dict) -> None:
    import json

    (artifacts_dir / f"sigkill-{name}.json").write_text(json.dumps(outcomes, indent=2))


def test_sigkill_build(mini_shared: Path, tmp_path: Path, artifacts_dir: Path) -> None:
    db = tmp_path / "build.duckdb"
    args = ["build", "--db", str(db), "--shared", str(mini_shared), "--json"]
    first = _run(args)
    assert first.returncode == 0, first.stderr
    complete, pending = _state(db)
    assert pending == [] and complete["site_record"] > 0 and complete["unlinked"] == 0
    length = _timed_run(args)  # a rebuild changes no count (quarantine rows are keyed)
    assert _state(db)[0] == complete
    outcomes = _kill_series(args, db, complete, seed=14, length=length)
    assert sum(outcomes.values()) == KILLS
    _record(artifacts_dir, "build", outcomes)


def test_sigkill_sites_import(mini_shared: Path, tmp_path: Path, artifacts_dir: Path) -> None:
    db = tmp_path / "sites.duckdb"
    assert _run(["build", "--db", str(db), "--shared", str(mini_shared), "--json"]).returncode == 0
    args = ["sites-import", "usgs-carbonatites", str(mini_shared / "usgs-carbonatites")]
    args += ["--db", str(db), "--json"]
    length = _timed_run(args)
    complete, pending = _state(db)
    assert pending == [] and complete["unlinked"] == 0
    outcomes = _kill_series(args, db, complete, seed=41, length=length)
    assert sum(outcomes.values()) == KILLS
    _record(artifacts_dir, "sites-import", outcomes)


def test_views_warn_about_an_unfinished_operation(mini_shared: Path, tmp_path: Path) -> None:
    from assay.store.schema_ops import begin

    db = tmp_path / "warn.duckdb"
    assert _run(["build", "--db", str(db), "--shared", str(mini_shared), "--json"]).returncode == 0
    with open_store(db) as store:
        op = begin(store, "sites-import", "usgs-carbonatites")  # as a killed run leaves it
        op.step("import")
    view = _run(["commodity", "rare-earths", "--db", str(db)])
    assert view.returncode == 0
    assert "warning:" in view.stderr and "sites-import" in view.stderr
    assert "interrupted" in view.stderr
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(db)) as client:
        warning = client.get("/sources.json").headers.get("x-assay-warning", "")
    assert "sites-import" in warning and "interrupted" in warning
