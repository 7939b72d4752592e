"""Browser tests of the sites maps (Debian's headless Chromium through Playwright, against
a live loopback server on the store built from ../shared/data).

Ukraine: the claimed or occupied oblasts of the store's control layer are shaded and the
legend names party, date and source; hovering a site inside one shows its control record.
Russia: markers are clustered with their counts (fewer glyphs than sites), and zooming
with the wheel or clicking a cluster expands it until single sites show, one click on a
site opens its page. Nothing is requested from any other host, the console stays free of
errors, and screenshots are saved under ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.conftest import PageVisit

pytestmark = pytest.mark.browser

# Okabe-Ito vermilion and reddish purple: the first two control groups (figures.py)
CONTROL_FILLS = ("rgb(213, 94, 0)", "rgb(204, 121, 167)")

# the drawn state of a sites map: its cluster level, the counts printed on its clusters and
# the single-site markers; each Plotly trace group is bound to its calcdata (cd[0].trace)
STATE = """el => {
  const groups = Array.from(el.querySelectorAll('g.trace.scattergeo'));
  const meta = g => (g.__data__ && g.__data__[0] && g.__data__[0].trace.meta) || '';
  return {
    level: Number(el.getAttribute('data-cluster-level')),
    clusters: groups.filter(g => meta(g) === 'clusters')
      .flatMap(g => Array.from(g.querySelectorAll('text')).map(t => Number(t.textContent))),
    sites: groups.filter(g => meta(g) === 'sites')
      .map(g => g.querySelectorAll('path.point').length).reduce((a, b) => a + b, 0),
    glyphs: el.querySelectorAll('g.trace.scattergeo path.point').length
  };
}"""


def _load_map(visit: PageVisit, path: str) -> None:
    page = visit.page
    response = page.goto(visit.server.url + path, wait_until="networkidle")
    assert response is not None and response.status == 200, path
    plot = page.locator("#sites-map")
    plot.scroll_into_view_if_needed()
    page.wait_for_selector("#sites-map[data-rendered], #sites-map[data-error]", timeout=30_000)
    assert plot.get_attribute("data-error") is None, plot.get_attribute("data-error")


def _point_xy(visit: PageVisit, lon: float, lat: float) -> tuple[float, float]:
    """Viewport position of the drawn site marker at a longitude/latitude (each marker is
    bound to its calcdata point, whose ``lonlat`` Plotly keeps)."""
    xy = visit.page.evaluate(
        """([lon, lat]) => {
          const paths = document.querySelectorAll('#sites-map g.trace.scattergeo path.point');
          for (const p of paths) {
            const ll = p.__data__ && p.__data__.lonlat;
            if (ll && Math.abs(ll[0] - lon) < 1e-6 && Math.abs(ll[1] - lat) < 1e-6) {
              const b = p.getBoundingClientRect();
              return [b.left + b.width / 2, b.top + b.height / 2];
            }
          }
          return null;
        }""",
        [lon, lat],
    )
    assert xy is not None, (lon, lat)
    return xy[0], xy[1]


def test_ukraine_map_shades_controlled_oblasts_with_dated_legend(
    visit: PageVisit, artifacts_dir: Path, full_client
) -> None:
    data = full_client.get("/country/UKR.json").json()
    if "sites" not in data["sections"]:
        pytest.skip("the store has no sites for Ukraine")
    _load_map(visit, "/country/UKR")
    page = visit.page
    fills = page.evaluate(
        """() => Array.from(document.querySelectorAll('#sites-map path.choroplethlocation'))
             .map(p => getComputedStyle(p).fill)"""
    )
    # Crimea and Sevastopol (2014) in one colour, the four oblasts of 2022 in the other
    assert fills.count(CONTROL_FILLS[0]) == 2, fills
    assert fills.count(CONTROL_FILLS[1]) == 4, fills
    legend = page.locator("#sites-map g.legend").text_content() or ""
    assert "as of 2014-03-18" in legend and "as of 2022-09-30" in legend
    assert "Russian Federation (claimed)" in legend
    assert "source: United Nations General Assembly resolution" in legend
    assert "United Nations General Assembly" in page.locator("#control-layer").inner_text()
    page.locator("#sites-map").screenshot(path=str(artifacts_dir / "web-map-UKR-control.png"))

    # hovering a site inside a controlled oblast shows its control record
    inside = [
        s
        for s in data["sites"]
        if (s.get("control") or {}).get("status") and s.get("lat") is not None
    ]
    assert inside
    site = inside[0]
    x, y = _point_xy(visit, site["lon"], site["lat"])
    page.mouse.move(x - 3, y)
    page.mouse.move(x, y)
    hover = page.locator("#sites-map g.hovertext")
    hover.first.wait_for(timeout=5_000)
    text = hover.first.text_content() or ""
    assert "control:" in text and site["control"]["as_of"] in text, text
    page.screenshot(path=str(artifacts_dir / "web-map-UKR-hover.png"), full_page=False)

    # the site's own page, zoomed onto it, shades the oblast it lies in
    response = page.goto(visit.server.url + f"/site/{site['id']}", wait_until="networkidle")
    assert response is not None and response.status == 200
    page.wait_for_selector("#site-0[data-rendered]", timeout=30_000)
    fills = page.evaluate(
        """() => Array.from(document.querySelectorAll('#site-0 path.choroplethlocation'))
             .map(p => getComputedStyle(p).fill)"""
    )
    assert CONTROL_FILLS[0] in fills, fills
    legend = page.locator("#site-0 g.legend").text_content() or ""
    assert "as of " + site["control"]["as_of"] in legend
    page.locator("#site-0").screenshot(path=str(artifacts_dir / "web-map-UKR-site-control.png"))
    assert visit.foreign_requests() == [], visit.foreign_requests()
    assert visit.errors == [], visit.errors


def test_russia_map_clusters_with_counts_and_expands_on_zoom_and_click(
    visit: PageVisit, artifacts_dir: Path, full_client
) -> None:
    data = full_client.get("/country/RUS.json").json()
    if "sites" not in data["sections"]:
        pytest.skip("the store has no sites for Russia")
    located = data["map"]["clusters"]["sites"]
    finest = len(data["map"]["clusters"]["levels"]) - 1
    _load_map(visit, "/country/RUS")
    page = visit.page
    plot = page.locator("#sites-map")
    handle = plot.element_handle()
    first = page.evaluate(STATE, handle)
    assert first["level"] == 0 and first["clusters"], first
    # counts shown on the clusters, and with the single sites they make up every site
    assert min(first["clusters"]) >= 2
    assert sum(first["clusters"]) + first["sites"] == located
    assert first["glyphs"] < located / 3
    page.screenshot(path=str(artifacts_dir / "web-map-RUS-clusters.png"), full_page=False)

    # zooming in with the wheel moves to a finer level: more glyphs, smaller clusters
    box = plot.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.55)
    for _ in range(2):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(400)
    page.wait_for_function("el => Number(el.getAttribute('data-cluster-level')) >= 1", arg=handle)
    zoomed = page.evaluate(STATE, handle)
    assert zoomed["glyphs"] > first["glyphs"]
    page.screenshot(path=str(artifacts_dir / "web-map-RUS-zoomed.png"), full_page=False)

    # clicking a cluster zooms onto it and expands it, level after level, until a single
    # site can be clicked, which opens that site's page
    _load_map(visit, "/country/RUS")  # the first view again
    handle = page.locator("#sites-map").element_handle()
    assert page.evaluate(STATE, handle)["level"] == 0
    for _ in range(12):
        state = page.evaluate(STATE, handle)
        level = state["level"]
        if not state["clusters"] or level >= finest:  # the finest level expands no further
            break
        page.wait_for_timeout(300)  # let Plotly finish redrawing the level before aiming
        center = page.evaluate(
            """el => {
              const r = el.getBoundingClientRect();
              const texts = Array.from(el.querySelectorAll('g.trace.scattergeo text'));
              // single-site markers (every scattergeo trace but the last, the clusters'):
              // Plotly's hover prefers a small marker under the cursor to a large one, so a
              // cluster with a site within a few pixels of its centre would open that site
              const groups = Array.from(el.querySelectorAll('g.trace.scattergeo'));
              const singles = groups.slice(0, -1)
                .flatMap(g => Array.from(g.querySelectorAll('path.point')))
                .map(p => p.getBoundingClientRect()).filter(b => b.width > 0)
                .map(b => [b.left + b.width / 2, b.top + b.height / 2]);
              const spots = texts.map(t => t.getBoundingClientRect())
                .filter(b => b.width > 0 && b.left > r.left + 20 && b.right < r.right - 300
                             && b.top > r.top + 40 && b.bottom < r.bottom - 20)
                .map(b => [b.left + b.width / 2, b.top + b.height / 2])
                .filter(c => singles.every(s => Math.hypot(s[0] - c[0], s[1] - c[1]) > 10));
              const mid = [r.left + r.width / 2, r.top + r.height / 2];
              spots.sort((a, b) => Math.hypot(a[0] - mid[0], a[1] - mid[1])
                                 - Math.hypot(b[0] - mid[0], b[1] - mid[1]));
              return spots[0] || null;
            }""",
            handle,
        )
        if center is None:
            break
        page.mouse.move(center[0] + 1, center[1] + 1)
        page.mouse.move(center[0], center[1])
        page.mouse.click(center[0], center[1])
        page.wait_for_function(
            "([el, lv]) => Number(el.getAttribute('data-cluster-level')) > lv",
            arg=[handle, level],
            timeout=10_000,
        )
    expanded = page.evaluate(STATE, handle)
    assert expanded["level"] >= 2 and expanded["sites"] > first["sites"]
    page.screenshot(path=str(artifacts_dir / "web-map-RUS-expanded.png"), full_page=False)
    assert visit.foreign_requests() == [], visit.foreign_requests()
    assert visit.errors == [], visit.errors


def test_sites_page_map_clusters_every_match_and_a_site_click_opens_it(
    visit: PageVisit, artifacts_dir: Path, full_client
) -> None:
    data = full_client.get("/sites.json", params={"country": "RUS"}).json()
    points = data["map"]["points"]
    if len(points) < 100:
        pytest.skip("too few Russian sites in the store to cluster")
    _load_map(visit, "/sites?country=RUS")
    page = visit.page
    handle = page.locator("#sites-map").element_handle()
    first = page.evaluate(STATE, handle)
    assert sum(first["clusters"]) + first["sites"] == len(points)
    assert first["glyphs"] < len(points) / 3
    page.screenshot(path=str(artifacts_dir / "web-map-sites-RUS.png"), full_page=False)
    # a single site drawn at the first level: hovering and clicking it opens its page
    singles = data["map"]["clusters"]["levels"][0]["singles"]
    if not singles:
        pytest.skip("every Russian site is in a cluster at the first level")
    site = next(p for p in points if p["id"] == singles[0])
    x, y = _point_xy(visit, site["lon"], site["lat"])
    page.mouse.move(x - 2, y)
    page.mouse.move(x, y)
    with page.expect_navigation(wait_until="networkidle"):
        page.mouse.click(x, y)
    assert page.url.endswith("/site/" + site["id"]), page.url
    assert visit.errors == [], visit.errors
    assert visit.foreign_requests() == [], visit.foreign_requests()
