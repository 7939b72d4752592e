"""Reports: PDFs are turned into PNG pages with pdftoppm and checked to be non-blank."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assay.reports.render import html_to_pdf


def assert_pdf_not_blank(pdf: Path, artifacts_dir: Path, min_pages: int = 1) -> list[Path]:
    """Render every page of ``pdf`` to PNG (pdftoppm) and check each has ink on it."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    assert pdf.read_bytes()[:5] == b"%PDF-"
    prefix = artifacts_dir / pdf.stem
    for old in artifacts_dir.glob(f"{pdf.stem}-*.png"):  # pages of an earlier run
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(artifacts_dir.glob(f"{pdf.stem}-*.png"))
    assert len(pages) >= min_pages
    for page in pages:
        gray = Image.open(page).convert("L")
        histogram = gray.histogram()
        dark = sum(histogram[:200])  # pixels clearly darker than paper
        # a blank page has no such pixels; text and figures give thousands at 40 dpi
        assert dark > 500, f"{page.name} looks blank ({dark} dark pixels)"
    return pages


def test_pdf_fetcher_refuses_files_and_network(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    html = (
        f'<p>x</p><img src="file://{secret}"><img src="http://example.invalid/a.png">'
        '<link rel="stylesheet" href="http://example.invalid/a.css">'
    )
    pdf = html_to_pdf(html)  # refused resources are skipped, not fetched
    assert pdf[:5] == b"%PDF-"
