"""Write access: read-only by default; import endpoints need the server's write token."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assay.web import create_app

TOKEN = "test-token-7f3a"


@pytest.fixture()
def writable_client(full_store_path: Path, tmp_path: Path):
    copy = tmp_path / "writable.duckdb"
    shutil.copyfile(full_store_path, copy)
    with TestClient(create_app(copy, write_token=TOKEN)) as client:
        yield client


def test_imports_refused_on_read_only_server(full_client: TestClient) -> None:
    response = full_client.post(
        "/api/import/article",
        data={"text": "Lithium is a rare earth."},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code in (403, 404)  # 404 only where the news layer is absent
    mcs = full_client.post("/api/import/mcs", files={"file": ("x.csv", b"a,b\n", "text/csv")})
    assert mcs.status_code == 403 and "read-only" in mcs.json()["error"]


def test_imports_need_the_token(writable_client: TestClient, shared_dir: Path) -> None:
    pytest.importorskip("assay.analyses.news")
    seed = (shared_dir / "seeds" / "004_a75e853bf2e93c8e.txt").read_text(encoding="utf-8")
    form = {"text": seed, "date": "2025-03-01"}
    assert writable_client.post("/api/import/article", data=form).status_code == 401
    wrong = writable_client.post(
        "/api/import/article", data=form, headers={"authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    before = writable_client.get("/country/UKR.json").json()
    ok = writable_client.post(
        "/api/import/article", data=form, headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert ok.status_code == 200 and ok.json()["claims"] > 0
    # the page cache was cleared: the dossier now lists the kept claims about Ukraine
    after = writable_client.get("/country/UKR.json").json()
    assert "news" in after["sections"]
    assert len(after["claims"]) > len(before.get("claims") or [])
    assert "News claims mentioning Ukraine" in writable_client.get("/country/UKR").text


def test_mcs_file_import_with_token(writable_client: TestClient, shared_data: Path) -> None:
    path = shared_data / "usgs-mcs-2024" / "world" / "mcs2024-lithi_world.csv"
    if not path.exists():
        pytest.skip("MCS 2024 lithium world table not present")
    response = writable_client.post(
        "/api/import/mcs",
        files={"file": (path.name, path.read_bytes(), "text/csv")},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    # the store already holds this file (built from ../shared/data): the importer
    # recognises it and changes nothing, which is reported
    assert body["status"] in ("ok", "unchanged") and "/tmp" not in response.text
    assert body["rows_inserted"] == 0
