"""Run manifests in the assessment JSON and report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from assay.analyses.manifest import build_manifest, file_sha256
from assay.cli import get_app


def test_file_sha256_is_hashlib(tmp_path: Path) -> None:
    """Oracle: hashlib over the whole file at once."""
    path = tmp_path / "x.bin"
    path.write_bytes(bytes(range(256)) * 9000)  # > 1 MiB: several blocks
    assert file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = build_manifest("t", inputs={"a": path, "missing": tmp_path / "no", "none": None})
    assert manifest["inputs"]["a"]["bytes"] == path.stat().st_size
    assert manifest["inputs"]["missing"]["sha256"] is None and "none" not in manifest["inputs"]
    assert manifest["versions"]["numpy"] and manifest["schema"] == "assay-run-manifest/1"


def test_assess_json_manifest(mm4: Path) -> None:
    gatm, est = mm4 / "ExampleGatm.csv", mm4 / "ExampleDepEst1.csv"
    result = CliRunner().invoke(
        get_app(),
        ["assess", "--gatm", str(gatm), "--estimates", str(est), "--seed", "7",
         "--draws", "500", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)["manifest"]
    assert manifest["inputs"]["gatm"]["sha256"] == hashlib.sha256(gatm.read_bytes()).hexdigest()
    assert manifest["inputs"]["estimates"]["sha256"] == file_sha256(est)
    assert manifest["seed"] == 7 and manifest["parameters"]["draws"] == 500
    assert manifest["parameters"]["pmf"] == "negbinomial"
    assert set(manifest["timings_s"]) == {"pmf", "pdfs", "simulation_and_totals", "total"}


def test_report_shows_the_manifest(mm4: Path) -> None:
    from assay.importers.mapmark4 import tract_spec_from_dict
    from assay.reports.assessment import assessment_data, render_assessment_report

    spec = tract_spec_from_dict(
        {"name": "G", "gatm": "ExampleGatm.csv", "estimates": "ExampleDepEst1.csv",
         "draws": 300, "seed": 1},
        mm4,
        mm4 / "spec",
    )  # fmt: skip
    report = render_assessment_report(assessment_data(spec, reference_draws=20_000))
    assert 'id="run-manifest"' in report.html
    assert file_sha256(mm4 / "ExampleGatm.csv") in report.html
