"""Assessment page and report on MapMark4's example (ExampleGatm + ExampleDepEst1, seed 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assay.cli import get_app

pytest.importorskip("assay.analyses.assessment")

DRAWS = 2000


def _files(examples: Path, estimates: str = "ExampleDepEst1.csv") -> dict:
    return {
        "estimates": (estimates, (examples / estimates).read_bytes(), "text/csv"),
        "model": ("ExampleGatm.csv", (examples / "ExampleGatm.csv").read_bytes(), "text/csv"),
    }


@pytest.fixture(scope="module")
def examples(shared_data: Path) -> Path:
    return shared_data / "mapmark4-examples"


def test_assessment_page_runs_and_matches_engine(tiny_client: TestClient, examples: Path) -> None:
    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import tract_spec_from_dict

    assert tiny_client.get("/assessment").status_code == 200
    form = {"seed": "7", "draws": str(DRAWS), "pmf": "negbinomial"}
    page = tiny_client.post("/assessment", files=_files(examples), data=form)
    assert page.status_code == 200
    assert (
        'data-figure="pmf-figure"' in page.text and 'data-figure="exceedance-figure"' in page.text
    )
    twin = tiny_client.post("/assessment.json", files=_files(examples), data=form).json()
    # oracle: the engine run directly on the same files, seed and draws (independent call path)
    spec = tract_spec_from_dict(
        {"name": "x", "gatm": "ExampleGatm.csv", "estimates": "ExampleDepEst1.csv",
         "seed": 7, "draws": DRAWS},
        examples,
        examples / "spec.yaml",
    )  # fmt: skip
    direct = assess_tract(spec).to_dict()
    for material in ("Ore", "Cu", "Au"):
        assert twin["totals"][material]["mean"] == pytest.approx(
            direct["totals"][material]["mean"], rel=1e-12
        )
    curve = twin["exceedance"]["Cu"]
    assert curve["p"] == sorted(curve["p"], reverse=True)  # a survival function decreases
    assert curve["p"][0] == pytest.approx(1 - twin["totals"]["Cu"]["p_zero"])
    run = twin["run_id"]
    csv_text = tiny_client.get(f"/assessment/run/{run}/totals.csv").text
    assert csv_text.splitlines()[0].startswith("material,mean_t")
    assert tiny_client.get(f"/assessment/run/{run}.json").json()["run_id"] == run
    pdf = tiny_client.get(f"/assessment/run/{run}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"


def test_assessment_bad_upload_names_the_file(tiny_client: TestClient, examples: Path) -> None:
    files = _files(examples)
    files["estimates"] = ("mine.csv", b"Name,Weight\nx,1\n", "text/csv")
    page = tiny_client.post("/assessment", files=files)
    assert page.status_code == 400
    assert "mine.csv" in page.text and "N90" in page.text
    assert "/tmp" not in page.text and "assay-web-" not in page.text
    twin = tiny_client.post("/assessment.json", files=files)
    assert twin.status_code == 400 and "mine.csv" in twin.json()["error"]


def test_assessment_report_pdf_pages_are_not_blank(
    examples: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    from tests.web.test_reports import assert_pdf_not_blank

    tract = tmp_path / "tract.yaml"
    tract.write_text(
        f"name: Example1\ngatm: {examples / 'ExampleGatm.csv'}\n"
        f"estimates: {examples / 'ExampleDepEst1.csv'}\nseed: 7\ndraws: {DRAWS}\n"
    )
    target = artifacts_dir / "report-assessment-example1.pdf"
    result = CliRunner().invoke(
        get_app(), ["report", "assessment", str(tract), "--format", "pdf", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert_pdf_not_blank(target, artifacts_dir, min_pages=2)


def test_report_assessment_cli_bad_spec_is_one_line(tmp_path: Path) -> None:
    tract = tmp_path / "bad.yaml"
    tract.write_text("name: x\nestimates: nowhere.csv\ngatm: nowhere.csv\n")
    result = CliRunner().invoke(get_app(), ["report", "assessment", str(tract)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_assessment_with_raef_preset_shows_filter_and_valuation(
    tiny_client: TestClient, examples: Path
) -> None:
    pytest.importorskip("assay.analyses.economics")
    files = _files(examples)
    preset = examples / "raef" / "RaefPreSetFile.csv"
    files["preset"] = ("RaefPreSetFile.csv", preset.read_bytes(), "text/csv")
    form = {"seed": "7", "draws": "500"}
    twin = tiny_client.post("/assessment.json", files=files, data=form).json()
    econ, value = twin["econ"], twin["valuation"]
    assert 0 < econ["economic_deposits"] <= econ["deposits"]
    # oracle (definition): recoverable metal cannot exceed contained metal
    for metal in econ["recovered"]:
        assert econ["recovered"][metal]["mean"] <= econ["contained"][metal]["mean"]
    assert value["recoverable_usd"] <= value["in_situ_usd"]
    html = tiny_client.post(
        "/assessment", files=_files(examples) | {"preset": files["preset"]}, data=form
    ).text
    assert "Economic filter (RAEF)" in html and "Valuation at USGS MCS prices" in html


def test_assessment_from_typed_estimates_and_inventory(full_client: TestClient) -> None:
    """No upload: estimates typed in the form, the model built from the store's inventory.
    Oracle: the engine on the same model (build_gtm) and estimates called directly."""
    pytest.importorskip("assay.analyses.sites")
    form = {
        "n90": "1", "n50": "3", "n10": "8", "inventory_type": "carbonatite",
        "inventory_commodity": "rare earths", "draws": "1000", "seed": "3", "name": "REE test",
    }  # fmt: skip
    response = full_client.post("/assessment.json", data=form)
    if response.status_code == 400 and "deposits" in response.json()["error"]:
        pytest.skip(response.json()["error"])
    assert response.status_code == 200, response.text
    twin = response.json()
    assert twin["tract"] == "REE test" and twin["inventory_model"]["deposits"] >= 20
    assert set(twin["totals"]) == {"Ore", "TREO"}
    page = full_client.post("/assessment", data=form)
    assert page.status_code == 200 and "site inventory" in page.text
    missing = full_client.post("/assessment.json", data={"draws": "10"})
    assert missing.status_code == 400 and "estimates" in missing.json()["error"]


def test_bundled_example_runs_through_the_app(tiny_client: TestClient) -> None:
    """ "Pick a bundled example" through the real app: the page offers it, one POST runs it.
    Oracle: the engine (assess_tract) run directly on the bundled tract spec with the same
    seed and draws gives the same totals."""
    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import read_tract_spec
    from assay.web.routes.assessment import bundled_examples

    example = bundled_examples()["carbonatite_ree"]
    form = tiny_client.get("/assessment")
    assert form.status_code == 200 and 'id="run-example"' in form.text
    assert 'value="carbonatite_ree"' in form.text
    listed = tiny_client.get("/assessment.json").json()["examples"]["carbonatite_ree"]
    assert "illustrative" in listed["about"] and "not a published assessment" in listed["about"]

    response = tiny_client.post("/assessment/example.json", data={"example": "carbonatite_ree"})
    assert response.status_code == 200, response.text
    twin = response.json()
    engine = assess_tract(read_tract_spec(example["spec"])).to_dict()
    assert twin["draws"] == engine["draws"] == 5000 and twin["seed"] == engine["seed"] == 7
    assert set(twin["totals"]) == {"Ore", "TREO"}
    for material in ("Ore", "TREO"):
        assert twin["totals"][material]["mean"] == pytest.approx(
            engine["totals"][material]["mean"], rel=1e-12
        )
    # the echoed spec names the bundled files, not the installation's paths
    assert twin["spec"]["gatm"] == "gtm.csv" and twin["spec"]["estimates"] == "estimates.csv"
    # the count the bundled model's own metadata records (assay gtm from the inventory)
    meta = json.loads((Path(example["spec"]).parent / "gtm.meta.json").read_text())
    assert twin["inventory_model"]["deposits"] == len(meta["rows"]) >= 20
    assert twin["inventory_model"]["filters"]["deposit_type"] == "carbonatite"

    page = tiny_client.post("/assessment/example", data={"example": "carbonatite_ree"})
    assert page.status_code == 200
    assert 'id="example-note"' in page.text and "illustrative" in page.text
    for figure in ("pmf", "exceedance", "tonnage-pdf", "grade-pdf"):
        assert f'data-figure="{figure}-figure"' in page.text
    run_id = twin["run_id"]
    totals = tiny_client.get(f"/assessment/run/{run_id}/totals.csv")
    assert totals.status_code == 200 and "TREO" in totals.text

    unknown = tiny_client.post("/assessment/example.json", data={"example": "../boundaries"})
    assert unknown.status_code == 404 and "carbonatite_ree" in unknown.json()["error"]
    model = tiny_client.get("/assessment/example/carbonatite_ree/gtm.csv")
    assert model.status_code == 200 and model.text.startswith("ID,Name,Ore,TREO")
    assert tiny_client.get("/assessment/example/carbonatite_ree/__init__.py").status_code == 404


def test_bundled_example_files_carry_their_provenance() -> None:
    """The bundled model is assay's own (``assay gtm`` output with its meta file): one
    provenance row per deposit, each naming its source; the README cites the inventory
    sources and says the estimates are illustrative."""
    import csv
    import json

    from assay.web.routes.assessment import bundled_examples

    folder = bundled_examples()["carbonatite_ree"]["spec"].parent
    rows = list(csv.DictReader((folder / "gtm.csv").open(encoding="utf-8")))
    meta = json.loads((folder / "gtm.meta.json").read_text(encoding="utf-8"))
    assert meta["deposits"] == len(rows) == len(meta["rows"]) >= 20
    assert [r["ID"] for r in rows] == [m["id"] for m in meta["rows"]]
    sources = {m["source_id"] for m in meta["rows"]}
    assert sources and all(m["row"] for m in meta["rows"])
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "10.2113/econgeo.110.8.1925" in readme and "illustrative" in readme
    assert all(s in readme for s in sources)
    assert "illustrative" in (folder / "estimates.csv").read_text(encoding="utf-8")
    assert "NOT A PUBLISHED ASSESSMENT" in (folder / "tract.yaml").read_text(encoding="utf-8")


def test_assessment_past_the_time_limit_is_stopped_and_answered_503(
    tiny_store_path: Path, examples: Path
) -> None:
    # issue 14: work past the request's time limit is cancelled, not left simulating in a
    # thread. With a 3 s request limit (2.7 s for the work), 50,000 draws of ~3,000 deposits
    # each cannot finish; the forked worker is killed and the answer says why (503), then a
    # small run still works.
    import time

    import psutil

    from assay.web import create_app

    me = psutil.Process()
    with TestClient(create_app(tiny_store_path, request_timeout_s=3.0)) as client:
        typed = {"n90": "1000", "n50": "3000", "n10": "10000"}
        form = {"seed": "7", "draws": "50000", "pmf": "negbinomial", **typed}
        model = {"model": _files(examples)["model"]}
        earlier = {c.pid for c in me.children(recursive=True)}  # other tests' processes
        started = time.monotonic()
        answer = client.post("/assessment.json", files=model, data=form)
        assert answer.status_code == 503, answer.text[:300]
        assert "time limit" in answer.text or "stopped" in answer.text
        assert time.monotonic() - started < 30
        time.sleep(1.5)  # the worker is killed when its own limit (2.7 s) runs out

        def alive(proc: psutil.Process) -> bool:
            try:
                return proc.status() != psutil.STATUS_ZOMBIE
            except psutil.NoSuchProcess:
                return False

        left = [c for c in me.children(recursive=True) if c.pid not in earlier]
        assert [c for c in left if alive(c)] == []
        # and nothing simulates on in a thread of this process either
        before = sum(me.cpu_times()[:2])
        time.sleep(1.0)
        assert sum(me.cpu_times()[:2]) - before < 0.5
        small = client.post("/assessment.json", files=_files(examples), data={"seed": "7",
                            "draws": "200"})  # fmt: skip
        assert small.status_code == 200
