"""A cluster glyph that stands for ONE site behaves like that site's marker: a click opens
the site's page (a cluster of several sites still zooms in and expands).

``figures.cluster_levels`` gives a cluster whose points all carry one site id a ``site``
key; ``app.js`` opens that site on a click. Checked in Debian's headless Chromium
(Playwright) on a page served from the live server's own origin: the figure is made by the
real ``points_map``/``cluster_levels`` and embedded with the real ``macros.plot``, the
scripts are the server's ``/vendor/plotly.min.js`` and ``/static/app.js``. The points are
real Russian site ids from the store built from ../shared/data, laid out on a grid so that
the first level holds exactly two clusters: three points of one site (its records, say)
and two close sites. Screenshots go to ``test-artifacts/``.

Oracle: the layout itself (which points share a cell is fixed by the grid, and checked
below on the server's levels before the browser is asked anything).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.conftest import PageVisit

from assay.web.figures import cluster_levels, points_map
from assay.web.render import make_environment

pytestmark = pytest.mark.browser

PAGE = "/hyg4-one-site-cluster"
ONE_SITE_AT = (94.0, 60.5)  # the centre of a grid square: its own cell at the first level
PAIR_AT = (130.0, 55.5)


def _points(ids: list[str], names: dict[str, str]) -> list[dict]:
    grid = [(40.0 + 12 * i, 48.0 + 5 * j) for i in range(10) for j in range(5)]
    points = [
        {"id": i, "name": names[i], "country": "RUS", "lon": lon, "lat": lat, "group": "grid"}
        for i, (lon, lat) in zip(ids, grid, strict=False)
    ]
    one, first, second = ids[len(grid) : len(grid) + 3]
    points += [
        {"id": one, "name": names[one], "country": "RUS", "group": "one site",
         "lon": ONE_SITE_AT[0] + d, "lat": ONE_SITE_AT[1] + d}
        for d in (0.0, 0.05, 0.1)
    ]  # fmt: skip
    points += [
        {"id": first, "name": names[first], "country": "RUS", "group": "pair",
         "lon": PAIR_AT[0], "lat": PAIR_AT[1]},
        {"id": second, "name": names[second], "country": "RUS", "group": "pair",
         "lon": PAIR_AT[0] + 0.1, "lat": PAIR_AT[1] + 0.05},
    ]  # fmt: skip
    return points


def _glyph_xy(visit: PageVisit, count: str) -> tuple[float, float]:
    """Viewport centre of the (only) cluster glyph printing ``count``."""
    xy = visit.page.evaluate(
        """count => {
          const groups = Array.from(document.querySelectorAll('#sites-map g.trace.scattergeo'));
          const meta = g => (g.__data__ && g.__data__[0] && g.__data__[0].trace.meta) || '';
          const texts = groups.filter(g => meta(g) === 'clusters')
            .flatMap(g => Array.from(g.querySelectorAll('text')))
            .filter(t => t.textContent === count);
          if (texts.length !== 1) return null;
          const b = texts[0].getBoundingClientRect();
          return [b.left + b.width / 2, b.top + b.height / 2];
        }""",
        count,
    )
    assert xy is not None, count
    return xy[0], xy[1]


def test_a_cluster_of_one_site_opens_it_and_a_cluster_of_two_expands(
    visit: PageVisit, artifacts_dir: Path, full_client
) -> None:
    rows = full_client.get("/sites.json", params={"country": "RUS"}).json()["map"]["points"]
    if len(rows) < 53:
        pytest.skip("too few Russian sites in the store")
    ids = [r["id"] for r in rows[:53]]
    names = {r["id"]: r["name"] for r in rows}
    points = _points(ids, names)
    one_site = points[50]["id"]
    levels = cluster_levels(points)
    first = levels["levels"][0]["clusters"]
    # the layout: exactly two clusters at the first level, one of them one site's points
    assert sorted((c["count"], c.get("site", "")) for c in first) == [(2, ""), (3, one_site)]
    figure = points_map(points, title="one-site cluster", iso3="RUS", colour_by="group",
                        clusters=levels)  # fmt: skip
    body = (
        make_environment()
        .from_string(
            '<!doctype html><html><head><meta charset="utf-8">'
            '<script src="/vendor/plotly.min.js" defer></script>'
            '<script src="/static/app.js" defer></script></head><body>'
            '{% import "macros.html" as m %}{{ m.plot("sites-map", figure, 600) }}</body></html>'
        )
        .render(figure=figure)
    )
    page = visit.page
    page.route(
        visit.server.url + PAGE,
        lambda route: route.fulfill(status=200, content_type="text/html", body=body),
    )

    def load() -> None:
        page.goto(visit.server.url + PAGE, wait_until="networkidle")
        page.wait_for_selector("#sites-map[data-rendered], #sites-map[data-error]", timeout=30_000)
        assert page.locator("#sites-map").get_attribute("data-error") is None
        assert page.locator("#sites-map").get_attribute("data-cluster-level") == "0"

    # the cluster of two sites: a click zooms in and expands it; no page is opened
    load()
    x, y = _glyph_xy(visit, "2")
    page.mouse.move(x + 1, y + 1)
    page.mouse.move(x, y)
    hover = page.locator("#sites-map g.hovertext").first
    hover.wait_for(timeout=5_000)
    assert "2 sites: click or zoom in to expand" in (hover.text_content() or "")
    page.mouse.click(x, y)
    page.wait_for_function(
        "() => Number(document.querySelector('#sites-map').getAttribute('data-cluster-level')) > 0",
        timeout=10_000,
    )
    assert page.url == visit.server.url + PAGE

    # the cluster of one site's three points: hover says so, a click opens that site
    load()
    x, y = _glyph_xy(visit, "3")
    page.mouse.move(x + 1, y + 1)
    page.mouse.move(x, y)
    hover = page.locator("#sites-map g.hovertext").first
    hover.wait_for(timeout=5_000)
    assert "3 points of one site: click to open it" in (hover.text_content() or "")
    page.screenshot(path=str(artifacts_dir / "web-map-one-site-cluster.png"), full_page=False)
    with page.expect_navigation(wait_until="networkidle"):
        page.mouse.click(x, y)
    assert page.url == visit.server.url + "/site/" + one_site, page.url
    assert names[one_site] in page.locator("h1").first.inner_text()
    assert visit.errors == [], visit.errors
    assert visit.foreign_requests() == [], visit.foreign_requests()
