"""A refused ``import sites control`` / ``import sites admin1`` changes nothing, not even the
operation journal (hygiene item 2 after issue 16).

Before: both kinds wrote and committed their 'running' journal row (with its 'import' step)
before reading the file, so a file refused for a missing property left a 'failed' operation
behind; views then warned that the store "may be incomplete" and the next import ran a
repair for an import that never wrote anything. The MCS and site-record importers already
validate first and journal inside the writing transaction (tests/hardening).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.hardening.conftest import file_digest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.store import open_store

SQUARE = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51], [30, 50]]]}
POINT = {"type": "Point", "coordinates": [30, 50]}
BROKEN_RING = {"type": "Polygon", "coordinates": [[[30]]]}


def _layer(path: Path, features: list[tuple[dict, dict]]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    path.write_text(json.dumps(collection))
    return path


def _control(i: int, **extra: str | None) -> dict:
    props = {
        "id": f"a{i}",
        "name": f"Area {i}",
        "status": "occupied",
        "as_of": "2024-01-01",
        "source": "test",
    }
    return {**props, **extra}


BAD_CONTROL = {
    "missing as_of": [(_control(1), SQUARE), (_control(2, as_of=None), SQUARE)],
    "bad date": [(_control(1), SQUARE), (_control(2, as_of="last spring"), SQUARE)],
    "not a polygon": [(_control(1), SQUARE), (_control(2), POINT)],
    "broken ring": [(_control(1), SQUARE), (_control(2), BROKEN_RING)],
}


def _import(*args: str):
    return CliRunner().invoke(get_app(), ["import", "sites", *args])


@pytest.mark.parametrize("case", sorted(BAD_CONTROL))
def test_refused_control_layer_leaves_store_byte_identical(case, tmp_path, reference_store_path):
    db = tmp_path / "store.duckdb"
    shutil.copyfile(reference_store_path, db)
    before = file_digest(db)
    bad = _layer(tmp_path / "control.geojson", BAD_CONTROL[case])
    result = _import("control", str(bad), "--db", str(db))
    assert result.exit_code == 2, result.output
    assert "control.geojson: feature 2" in result.output and "Traceback" not in result.output
    assert file_digest(db) == before


def test_refused_admin1_layer_leaves_store_byte_identical(tmp_path, reference_store_path):
    db = tmp_path / "store.duckdb"
    shutil.copyfile(reference_store_path, db)
    before = file_digest(db)
    bad = _layer(tmp_path / "admin.geojson", [({"name": "Oblast A"}, SQUARE), ({}, SQUARE)])
    result = _import("admin1", str(bad), "--iso3", "UKR", "--db", str(db))
    assert result.exit_code == 2, result.output
    assert "admin.geojson: feature 2: property 'name' missing" in result.output
    assert file_digest(db) == before


def test_accepted_control_layer_is_journalled_complete(tmp_path, reference_store_path):
    db = tmp_path / "store.duckdb"
    shutil.copyfile(reference_store_path, db)
    good = _layer(tmp_path / "control.geojson", [(_control(1), SQUARE), (_control(2), SQUARE)])
    result = _import("control", str(good), "--no-link", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["areas"] == 2
    with open_store(db, read_only=True) as store:
        ops = store.query("SELECT kind, status, steps FROM operation ORDER BY id")
        areas = store.query("SELECT id FROM control_area ORDER BY id")
    assert ops == [{"kind": "sites-import", "status": "complete", "steps": '["import"]'}]
    assert areas == [{"id": "a1"}, {"id": "a2"}]
