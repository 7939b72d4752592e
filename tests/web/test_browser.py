"""Browser tests: Debian's headless Chromium (Playwright) against a live loopback server.

Each page is loaded from the server, its charts and maps must finish drawing (Plotly sets
``data-rendered`` through app.js), nothing may be requested from any host but the server,
and the console must stay free of errors (a content-security-policy violation is one).
Screenshots are saved under ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.conftest import PageVisit

pytestmark = pytest.mark.browser


def _open(visit: PageVisit, path: str, artifacts_dir: Path, shot: str) -> None:
    page = visit.page
    response = page.goto(visit.server.url + path, wait_until="networkidle")
    assert response is not None and response.status == 200, path
    plots = page.locator("div.plot[data-figure]")
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => el.hasAttribute('data-rendered') || el.hasAttribute('data-error')",
            arg=plot.element_handle(),
            timeout=30_000,
        )
        assert plot.get_attribute("data-error") is None, plot.get_attribute("data-error")
        # a drawn Plotly figure has its SVG root and at least one trace layer
        assert plot.locator("svg.main-svg").count() >= 1
    page.screenshot(path=str(artifacts_dir / f"web-{shot}.png"), full_page=True)
    assert visit.foreign_requests() == [], visit.foreign_requests()
    assert visit.errors == [], visit.errors


def test_start_page(visit: PageVisit, artifacts_dir: Path) -> None:
    _open(visit, "/", artifacts_dir, "home")
    assert visit.page.locator("table.sortable").count() >= 1


def test_sources_page_sorts(visit: PageVisit, artifacts_dir: Path) -> None:
    _open(visit, "/sources", artifacts_dir, "sources")
    header = visit.page.locator("table.sortable thead th").first
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
