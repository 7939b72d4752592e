"""The desk in a real browser (Debian's headless Chromium through Playwright): the search
box, the Sites and Risk pages, and a site page's map zoomed onto the site. Screenshots go
to ``test-artifacts/`` (``web-desk-*.png``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.conftest import PageVisit
from tests.web.test_browser import _open

pytestmark = pytest.mark.browser


def test_search_box_finds_a_country_a_commodity_and_a_site(
    visit: PageVisit, artifacts_dir: Path, full_client
) -> None:
    page = visit.page
    _open(visit, "/", artifacts_dir, "desk-home-search")
    box = page.locator("header form.search input[name=q]")
    assert box.count() == 1
    # an exact single hit goes straight to its page
    box.fill("Ukraine")
    with page.expect_navigation(wait_until="networkidle"):
        box.press("Enter")
    assert page.url.endswith("/country/UKR")
    # several hits: the results page lists them by kind
    box = page.locator("header form.search input[name=q]")
    box.fill("rare")
    with page.expect_navigation(wait_until="networkidle"):
        box.press("Enter")
    assert "/search?" in page.url
    assert page.locator("#results-commodities a[href='/commodity/rare-earths']").count() == 1
    page.screenshot(path=str(artifacts_dir / "web-desk-search-results.png"), full_page=True)
    site = full_client.get("/sites.json?country=RUS&q=Tomtor").json()["sites"]
    assert site, "Tomtor is in the Russian inventory"
    box = page.locator("header form.search input[name=q]")
    box.fill("Tomtor")
    with page.expect_navigation(wait_until="networkidle"):
        box.press("Enter")
    assert "/site/" in page.url or page.locator("#results-sites a").count() >= 1
    assert visit.errors == [], visit.errors
    assert visit.foreign_requests() == []


def test_sites_page_filters_and_pages(visit: PageVisit, artifacts_dir: Path) -> None:
    page = visit.page
    _open(visit, "/sites?country=RUS", artifacts_dir, "desk-sites-RUS")
    rows = page.locator("#sites-table tbody tr")
    assert rows.count() == 50  # one page, not Russia's 356 sites at once
    assert "page 1 of" in page.locator("#sites-count").inner_text()
    first = rows.first.locator("td").first.inner_text()
    with page.expect_navigation(wait_until="networkidle"):
        page.click("#next-page")
    assert "page=2" in page.url
    assert page.locator("#sites-table tbody tr").first.locator("td").first.inner_text() != first
    # the filter form narrows the list
    _open(visit, "/sites", artifacts_dir, "desk-sites-all")
    page.fill("#site-filters input[name=country]", "UKR")
    page.fill("#site-filters input[name=commodity]", "rare earths")
    with page.expect_navigation(wait_until="networkidle"):
        page.click("#site-filters button[type=submit]")
    count = page.locator("#sites-count").inner_text()
    assert "country: UKR" in count and "commodity: rare earths" in count
    assert 1 <= page.locator("#sites-table tbody tr").count() < 50
    page.screenshot(path=str(artifacts_dir / "web-desk-sites-UKR-ree.png"), full_page=True)
    assert visit.errors == [], visit.errors


def test_risk_page_ranks_commodities(visit: PageVisit, artifacts_dir: Path) -> None:
    page = visit.page
    _open(visit, "/risk", artifacts_dir, "desk-risk")
    assert page.locator("header nav a[href='/risk']").count() == 1
    assert page.locator("header nav a[href='/sites']").count() == 1
    rows = page.locator("#risk-table tbody tr")
    assert rows.count() >= 20
    assert page.locator("#risk-table a[href='/commodity/rare-earths']").count() == 1
    # the footnotes are on the page, not only in hover titles
    assert page.locator("ol.footnotes li").count() == 3


def test_site_page_map_is_zoomed_onto_the_site(
    visit: PageVisit, artifacts_dir: Path, full_client
) -> None:
    site = full_client.get("/sites.json?country=RUS&q=Tomtor").json()["sites"][0]
    _open(visit, f"/site/{site['id']}", artifacts_dir, "desk-site-zoom")
    geo = visit.page.evaluate("() => document.getElementById('site-0').layout.geo")
    lon0, lon1 = geo["lonaxis"]["range"]
    lat0, lat1 = geo["lataxis"]["range"]
    # Russia spans 170 degrees of longitude; the zoomed map a few degrees round the site
    assert lon1 - lon0 < 30 and lat1 - lat0 < 10
    loc = site["location"]
    assert lon0 < loc["lon"] < lon1 and lat0 < loc["lat"] < lat1
    assert visit.page.locator("#site-0 g.trace.scattergeo").count() >= 1


def test_print_styles_show_footnotes(visit: PageVisit, artifacts_dir: Path) -> None:
    page = visit.page
    _open(visit, "/risk", artifacts_dir, "desk-risk-print")
    page.emulate_media(media="print")
    after = page.evaluate(
        "() => getComputedStyle(document.querySelector('sup.fn'), '::after').content"
    )
    assert "Nassar" in after
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('header.top')).display")
        == "none"
    )
