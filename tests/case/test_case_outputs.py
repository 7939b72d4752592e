"""The Ukraine briefing PDF (pages rendered to PNG and checked non-blank; page 1 carries the
three answers) and the web page with its JSON twin."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from assay.cli import get_app

runner = CliRunner()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_ukraine_pdf_pages_and_first_page_answers(real_case_store, tmp_path, artifacts_dir):
    from PIL import Image, ImageStat

    pdf = tmp_path / "case-UKR.pdf"
    result = runner.invoke(
        get_app(), ["case", "UKR", "--pdf", str(pdf), "--db", str(real_case_store.path)]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes()[:5] == b"%PDF-"
    shutil.copyfile(pdf, artifacts_dir / "case-UKR.pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    for page in pages:
        stat = ImageStat.Stat(Image.open(page).convert("L"))
        assert stat.stddev[0] > 5, f"{page.name} looks blank"
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(first.split())
    for answer in ("How real?", "How much?", "What is it worth?"):
        assert answer in flat
    assert "confidence" in flat
    # the worth answer is a valued range, or says plainly that nothing could be valued
    assert ("in situ USD" in flat and "NPV" in flat) or "not valued" in flat


def test_web_page_and_json_twin(mcs_store_path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(mcs_store_path)) as client:
        page = client.get("/case/UKR")
        assert page.status_code == 200
        assert "How real?" in page.text and "Headlines vs evidence" in page.text
        twin = client.get("/case/UKR.json")
        assert twin.status_code == 200
        data = twin.json()
        assert data["country"] == "UKR" and "worth" in data and "known" in data
        assert client.get("/case/UKR", headers={"accept": "application/json"}).json() == data
        assert client.get("/case/BLR.json").json()["belarus"]["usgs_ree_rows"] == 0
        assert client.get("/case/UKR.json?commodity=titanium").json()["commodity"]["id"] == (
            "titanium"
        )
        assert client.get("/case/Atlantis.json").status_code == 404
