"""Assessment page: regional totals (``assay aggregate --json``) shown from an upload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assay.cli import get_app


@pytest.fixture(scope="module")
def aggregate_json(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    mm4 = shared_data / "mapmark4-examples"
    if not mm4.is_dir():
        pytest.skip(f"{mm4} not present")
    folder = tmp_path_factory.mktemp("agg")
    lines = ["seed: 3", "draws: 500", "tracts:"]
    for i in range(4):
        lines.append(
            f"  - {{name: R{i}, gatm: {mm4 / 'ExampleGatm.csv'}, "
            f"estimates: {mm4 / f'ExampleDepEst{i + 1}.csv'}}}"
        )
    batch = folder / "batch.yaml"
    batch.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(
        get_app(), ["aggregate", str(batch), "--serial", "--correlation", "0.5", "--json"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.encode()


def test_page_shows_the_aggregate(tiny_client: TestClient, aggregate_json: bytes) -> None:
    data = json.loads(aggregate_json)
    page = tiny_client.post(
        "/assessment/aggregate",
        files={"aggregate": ("aggregate.json", aggregate_json, "application/json")},
    )
    assert page.status_code == 200
    assert 'id="aggregate-table"' in page.text and "Regional totals of 4 tracts" in page.text
    assert 'data-figure="aggregate-figure"' in page.text
    assert "Iman and Conover" in page.text
    # the JSON API echoes the same numbers
    api = tiny_client.post(
        "/assessment/aggregate.json",
        files={"aggregate": ("aggregate.json", aggregate_json, "application/json")},
    )
    assert api.status_code == 200
    got = api.json()
    assert got["correlated"]["Cu"]["mean"] == pytest.approx(data["correlated"]["Cu"]["mean"])
    # the form page offers the upload
    assert 'id="aggregate-form"' in tiny_client.get("/assessment").text


def test_page_rejects_a_json_that_is_not_an_aggregate(tiny_client: TestClient) -> None:
    page = tiny_client.post(
        "/assessment/aggregate",
        files={"aggregate": ("x.json", b'{"tract": "A"}', "application/json")},
    )
    assert page.status_code == 400
    assert "not an assay aggregate JSON" in page.text
