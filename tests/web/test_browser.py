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


def test_commodity_page_charts_and_map(visit: PageVisit, artifacts_dir: Path) -> None:
    _open(visit, "/commodity/rare-earths", artifacts_dir, "commodity-rare-earths")
    page = visit.page
    # the choropleth drew country shapes from the app's own boundary file
    assert page.locator("#map path.choroplethlocation").count() > 100
    assert page.locator("#bar-mine_production g.point").count() >= 5
    assert any(u.endswith("/boundaries/countries_ne110m.geojson") for u in visit.requests)


def test_country_page_charts_and_map(visit: PageVisit, artifacts_dir: Path) -> None:
    _open(visit, "/country/UKR", artifacts_dir, "country-UKR")
    assert visit.page.locator("#shares g.point").count() >= 3
    if visit.page.locator("#sites-map").count():
        assert visit.page.locator("#sites-map path.choroplethlocation").count() >= 1


def test_article_check_highlights_refuted_lithium_claim(
    visit: PageVisit, artifacts_dir: Path, shared_dir: Path
) -> None:
    pytest.importorskip("assay.analyses.news")
    seed = (shared_dir / "seeds" / "001_805f8582808e5f25.txt").read_text(encoding="utf-8")
    page = visit.page
    _open(visit, "/article", artifacts_dir, "article-form")
    page.fill("#article-input", seed)
    with page.expect_navigation(wait_until="networkidle"):
        page.click("#check")
    refuted = page.locator("mark.claim.verdict-refuted", has_text="lithium")
    assert refuted.count() >= 1
    refuted.first.click()
    panel = page.locator("#claim-detail")
    assert panel.is_visible()
    assert "Lithium" in panel.inner_text() and "refuted" in panel.inner_text()
    page.screenshot(path=str(artifacts_dir / "web-article-checked.png"), full_page=True)
    assert visit.foreign_requests() == [] and visit.errors == []


def test_article_with_script_is_shown_as_text(visit: PageVisit, artifacts_dir: Path) -> None:
    pytest.importorskip("assay.analyses.news")
    hostile = (
        "Lithium is a rare earth element.\n"
        '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'
        '<a href="javascript:window.__pwned=3" onclick="window.__pwned = 4">click</a>'
    )
    page = visit.page
    _open(visit, "/article", artifacts_dir, "article-form-2")
    page.fill("#article-input", hostile)
    with page.expect_navigation(wait_until="networkidle"):
        page.click("#check")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1</script>" in text and 'onerror="window' in text
    assert page.locator("#article-text script, #article-text img, #article-text a").count() == 0
    page.locator("#article-text").click()
    assert page.evaluate("window.__pwned === undefined")
    page.screenshot(path=str(artifacts_dir / "web-article-hostile.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_site_page_map(visit: PageVisit, artifacts_dir: Path, full_client) -> None:
    sites = full_client.get("/country/UKR.json").json().get("sites") or []
    if not sites:
        pytest.skip("the store has no sites for Ukraine")
    _open(visit, f"/site/{sites[0]['id']}", artifacts_dir, "site")
    assert visit.page.locator("#site-0 g.trace.scattergeo").count() >= 1


def test_deal_page_curves(visit: PageVisit, artifacts_dir: Path) -> None:
    pytest.importorskip("assay.models.econ.deal")
    _open(visit, "/deal", artifacts_dir, "deal")
    assert visit.page.locator("#fan g.trace.scatter").count() >= 4
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.click("#run-deal")
    assert visit.page.locator("#probabilities[data-rendered]").count() == 1


def test_assessment_page_run(visit: PageVisit, artifacts_dir: Path, shared_data: Path) -> None:
    pytest.importorskip("assay.analyses.assessment")
    examples = shared_data / "mapmark4-examples"
    page = visit.page
    _open(visit, "/assessment", artifacts_dir, "assessment-form")
    page.set_input_files("input[name=estimates]", str(examples / "ExampleDepEst1.csv"))
    page.set_input_files("input[name=model]", str(examples / "ExampleGatm.csv"))
    page.fill("input[name=draws]", "2000")
    page.fill("input[name=seed]", "7")
    with page.expect_navigation(wait_until="networkidle"):
        page.click("#run-assessment")
    for plot in ("pmf", "exceedance", "tonnage-pdf", "grade-pdf"):
        page.wait_for_selector(f"#{plot}[data-rendered]", timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "web-assessment-run.png"), full_page=True)
    assert page.locator("#totals td").count() > 10
    assert visit.foreign_requests() == [] and visit.errors == []


def test_assessment_bundled_example_click(visit: PageVisit, artifacts_dir: Path) -> None:
    """ "Pick a bundled example": one click runs assay's own carbonatite REE example (no
    upload, nothing from ../shared) and every chart of the run draws from local assets."""
    pytest.importorskip("assay.analyses.assessment")
    page = visit.page
    _open(visit, "/assessment", artifacts_dir, "assessment-examples")
    page.select_option("select[name=example]", "carbonatite_ree")
    with page.expect_navigation(wait_until="networkidle"):
        page.click("#run-example")
    for plot in ("pmf", "exceedance", "tonnage-pdf", "grade-pdf"):
        page.wait_for_selector(f"#{plot}[data-rendered]", timeout=30_000)
        assert page.locator(f"#{plot} svg.main-svg").count() >= 1
    assert "illustrative" in page.locator("#example-note").inner_text()
    assert page.locator("#totals td").count() > 10
    page.screenshot(path=str(artifacts_dir / "web-assessment-example.png"), full_page=True)
    assert visit.foreign_requests() == [] and visit.errors == []
