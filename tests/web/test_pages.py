"""Every page and its JSON twin through the real app on the store built from ../shared/data.

Oracles: USGS Mineral Commodity Summaries 2025, Rare Earths chapter (world mine production
2024: China 270,000 t REO of a world total 390,000 t, so 69.2 %; reserves: China 44 Mt),
as imported by the foundation; the twins are compared with the analysis functions called
directly (an independent path around the web layer).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assay.cli import get_app


def test_commodity_page_and_twin(full_client: TestClient) -> None:
    twin = full_client.get("/commodity/rare-earths.json").json()
    mine = twin["measures"]["mine_production"]
    china = next(r for r in mine["rows"] if r["iso3"] == "CHN")
    assert twin["edition"] == 2025
    assert china["value"] == 270_000 and china["rank"] == 1
    assert mine["china_share"] == pytest.approx(100 * 270_000 / 390_000, rel=1e-9)
    assert twin["history"]["reserves"]["editions"] == [2023, 2024, 2025]
    # the same JSON by content negotiation, and by any accepted name of the commodity
    accept = full_client.get("/commodity/rare-earths", headers={"accept": "application/json"})
    assert accept.json() == twin
    html = full_client.get("/commodity/rare-earths").text
    for fig in ("map", "bar-reserves", "bar-mine_production", "history-reserves"):
        assert f'data-figure="{fig}-figure"' in html
    assert "MCS 2025" in html and "/sources#src-" in html
    if "risk" in twin and not twin["risk"].get("unavailable"):
        # oracle: China's 69.2 % of mine production is the top producer's share (MCS 2025)
        assert twin["risk"]["top1_share"]["mine_production"] == pytest.approx(69.23, abs=0.01)
        assert 'id="supply-risk"' in html


def test_commodity_downloads(full_client: TestClient) -> None:
    text = full_client.get("/commodity/rare-earths/reserves.csv").text
    rows = {r["iso3"]: r for r in csv.DictReader(io.StringIO(text))}
    assert float(rows["CHN"]["value"]) == 44_000_000 and rows["CHN"]["source"]
    geo = full_client.get("/commodity/rare-earths/mine_production.geojson").json()
    china = [f for f in geo["features"] if f["properties"]["iso3"] == "CHN"]
    assert china and china[0]["properties"]["value"] == 270_000
    assert china[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_commodity_edition_and_errors(full_client: TestClient) -> None:
    old = full_client.get("/commodity/rare-earths.json?edition=2023").json()
    assert old["edition"] == 2023
    assert full_client.get("/commodity/rare-earths.json?edition=1990").status_code == 400
    missing = full_client.get("/commodity/unobtainium")
    assert missing.status_code == 404 and "unobtainium" in missing.text
    assert "Did you mean" in full_client.get("/commodity/rare-earth.json").text or (
        full_client.get("/commodity/rare-earth.json").status_code == 200
    )


def test_country_page_and_twin(full_client: TestClient, full_store_path: Path) -> None:
    from assay.analyses.statistics import country_view
    from assay.store import open_store

    twin = full_client.get("/country/UKR.json").json()
    assert twin["country"]["iso3"] == "UKR"
    with open_store(full_store_path, read_only=True) as store:
        direct = country_view(store, "UKR")
    assert {c["id"] for c in direct["commodities"]} == {
        r["commodity_id"] for r in twin["statistics"]
    }
    assert full_client.get("/country/ukraine.json").json()["country"]["iso3"] == "UKR"
    html = full_client.get("/country/UKR").text
    assert "Statistics per commodity" in html and 'data-figure="shares-figure"' in html
    if "sites" in twin["sections"]:
        assert 'data-figure="sites-map-figure"' in html and "How real" in html
    if "risk" in twin["sections"]:
        assert "Supply-risk position" in html
    rows = list(csv.DictReader(io.StringIO(full_client.get("/country/UKR/statistics.csv").text)))
    assert len(rows) == len(twin["statistics"])
    assert full_client.get("/country/Atlantis").status_code == 404
    if twin.get("risk"):
        risk_rows = list(csv.DictReader(io.StringIO(full_client.get("/country/UKR/risk.csv").text)))
        assert {r["commodity_id"] for r in risk_rows} == {r["commodity_id"] for r in twin["risk"]}


@pytest.fixture()
def store_copy(full_store_path: Path, tmp_path: Path) -> Path:
    """A private copy: the CLI opens its store for writing, the session's app reads one."""
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(full_store_path, target)
    return target


def test_country_report_pdf_not_blank(
    store_copy: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    from tests.web.test_reports import assert_pdf_not_blank

    full_store_path = store_copy
    target = artifacts_dir / "report-country-UKR.pdf"
    result = CliRunner().invoke(
        get_app(),
        ["report", "country", "UKR", "--format", "pdf", "-o", str(target),
         "--db", str(full_store_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_pdf_not_blank(target, artifacts_dir, min_pages=2)
    html = tmp_path / "ukr.html"
    result = CliRunner().invoke(
        get_app(), ["report", "country", "Ukraine", "-o", str(html), "--db", str(full_store_path)]
    )
    assert result.exit_code == 0
    text = html.read_text()
    assert "Country dossier: Ukraine" in text and "<h2>Sources</h2>" in text
    assert "http://" not in text.split("<h2>Sources</h2>")[0].replace("http://www.w3", "")


def test_country_report_unknown_country_is_one_line(store_copy: Path) -> None:
    result = CliRunner().invoke(
        get_app(), ["report", "country", "Atlantis", "--db", str(store_copy)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_sources_page_on_full_store(full_client: TestClient) -> None:
    data = full_client.get("/sources.json").json()
    assert any(s.get("doi") == "10.5066/P13XCP3R" for s in data["sources"])


def test_article_check_twin_and_page(full_client: TestClient, shared_dir: Path) -> None:
    pytest.importorskip("assay.analyses.news")
    seed = (shared_dir / "seeds" / "001_805f8582808e5f25.txt").read_text(encoding="utf-8")
    twin = full_client.post("/article.json", data={"text": seed}).json()
    # oracle: IUPAC 2005 (the 17 rare-earth elements do not include lithium or titanium)
    lithium = [c for c in twin["claims"] if c["subject"] == "lithium"]
    assert lithium and lithium[0]["verdict"] == "refuted"
    html = full_client.post("/article", data={"text": seed}).text
    assert 'class="claim verdict-refuted"' in html
    upload = full_client.post(
        "/article.json", files={"file": ("seed.txt", seed.encode(), "text/plain")}
    ).json()
    assert upload["summary"] == twin["summary"]


def test_article_markup_is_escaped(full_client: TestClient) -> None:
    pytest.importorskip("assay.analyses.news")
    hostile = (
        "Lithium is a rare earth.\n<script>alert(1)</script>"
        '<img src=x onerror="alert(2)"><div onmouseover="alert(3)">x</div>'
    )
    html = full_client.post("/article", data={"text": hostile}).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "<div onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the claims data block cannot be closed by article text either
    block = html.split('id="claims-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block


def test_article_errors(full_client: TestClient) -> None:
    pytest.importorskip("assay.analyses.news")
    assert full_client.post("/article", data={"text": "  "}).status_code == 400
    bad = full_client.post(
        "/article.json", files={"file": ("x.txt", b"\xff\xfe\x00bad", "text/plain")}
    )
    assert bad.status_code == 400 and "x.txt" in bad.json()["error"]


def test_url_is_never_fetched_by_default(full_client: TestClient) -> None:
    pytest.importorskip("assay.analyses.news")
    # an address that would hang or fail if fetched: the check answers at once, offline
    out = full_client.post(
        "/article.json",
        data={
            "text": "China is the largest producer of rare earths.",
            "url": "http://10.255.255.1/",
        },
    ).json()
    assert out["url"] == "http://10.255.255.1/"


def test_site_page_and_twin(full_client: TestClient) -> None:
    pytest.importorskip("assay.analyses.sites")
    country = full_client.get("/country/UKR.json").json()
    if not country.get("sites"):
        pytest.skip("the store has no sites for Ukraine")
    # oracle: the controlled-site list of the sites analysis; Luhansk is one of the oblasts
    # named in UN GA resolution ES-11/4 (the control layer's source)
    controlled = country["how_real"]["controlled_sites"]
    assert any(c["region"] == "Donetsk Oblast" for c in controlled)
    # the inventory's one Luhansk point (Artemovsk Basin) lies within its margin of the
    # Donetsk border: its control area is not asserted (tests/sites/test_region_border.py)
    uncertain = country["how_real"]["controlled_sites_uncertain"]
    assert any(c["region"] == "Luhansk Oblast" for c in uncertain)
    site_id = controlled[0]["id"]
    twin = full_client.get(f"/site/{site_id}.json").json()
    site = twin["sites"][0]
    assert site["id"] == site_id and site["control"]["status"]
    html = full_client.get(f"/site/{site_id}").text
    assert 'data-figure="site-0-figure"' in html and "Linked records side by side" in html
    assert site["control"]["status"] in html.replace("&#39;", "'")
    geo = full_client.get(f"/site/{site_id}/records.geojson").json()
    assert geo["features"] and geo["features"][0]["geometry"]["type"] == "Point"
    sites_csv = full_client.get("/country/UKR/sites.csv").text
    assert len(sites_csv.strip().splitlines()) == len(country["sites"]) + 1
    sites_geo = full_client.get("/country/UKR/sites.geojson").json()
    assert len(sites_geo["features"]) == len([s for s in country["sites"] if s.get("lat")])
    assert full_client.get("/site/no-such-site-anywhere").status_code == 404


def test_deal_page_default_and_edited(full_client: TestClient) -> None:
    pytest.importorskip("assay.models.econ.deal")
    html = full_client.get("/deal").text
    assert 'data-figure="fan-figure"' in html and 'data-figure="probabilities-figure"' in html
    twin = full_client.get("/deal.json").json()
    curves = twin["curves"]
    # P(payback by year) is a cumulative distribution: non-decreasing, within [0, 1]
    p_payback = curves["p_payback_by"]
    assert all(a <= b for a, b in zip(p_payback, p_payback[1:], strict=False))
    assert curves["p_payback_by"][-1] == pytest.approx(twin["payback"]["p_within_horizon"])
    # oracle (analytic): one project, fixed 2-year lead time, no price noise: fund inflow =
    # 0.5 x royalty 0.1 x 100 USD/yr = 5 USD/yr from 2027 on, so 10 USD is paid back in 2028
    spec = """name: analytic
fund_share: 0.5
start_year: 2025
horizon_years: 10
discount_rate: 0.0
host_party: Host
contributions: [{party: Investor, year: 2025, amount_usd: 10}]
projects: [{name: p, licence_year: 2025, annual_revenue_usd: 100, life_years: 20,
            royalty_rate: 0.1}]
lead_time: {kind: fixed, value: 2}
price_sigma: 0
n_draws: 10
seed: 1
"""
    out = full_client.post("/deal.json", data={"spec": spec}).json()
    assert out["payback"]["median_year"] == 2028
    assert out["curves"]["mean"][2] == pytest.approx(5.0)
    page = full_client.post("/deal", data={"spec": spec})
    assert page.status_code == 200 and "analytic" in page.text


def test_deal_page_refuses_file_paths_and_bad_yaml(full_client: TestClient) -> None:
    pytest.importorskip("assay.models.econ.deal")
    spec = "projects: [{from_econ: {deposits: /etc/passwd}, licence_year: 2026}]"
    response = full_client.post("/deal.json", data={"spec": spec})
    assert response.status_code == 400 and "from_econ" in response.json()["error"]
    assert full_client.post("/deal", data={"spec": "a: [b"}).status_code == 400


def test_every_navigation_page_has_a_json_twin(full_client: TestClient) -> None:
    """Walk the navigation bar: each page answers HTML, its ``.json`` URL and its
    ``Accept: application/json`` form answer the same JSON."""
    pages = full_client.app.state.pages
    hrefs = ["/"] + [item["href"] for item in pages.nav]
    assert {"/sources", "/commodity/rare-earths", "/country/UKR"} <= set(hrefs)
    for href in hrefs:
        html = full_client.get(href)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        twin_url = "/index.json" if href == "/" else href + ".json"
        twin = full_client.get(twin_url)
        assert twin.status_code == 200, twin_url
        accept = full_client.get(href, headers={"accept": "application/json"})
        assert accept.json() == twin.json(), href


def test_fetch_only_with_the_flag(full_store_path: Path, tmp_path: Path, monkeypatch) -> None:
    """Without --allow-fetch an address alone is refused; with it, a page is fetched.

    --allow-fetch refuses loopback addresses (tests/hardening/test_server.py); this test's
    own loopback server stands in for a public one, so loopback is allowed here."""
    pytest.importorskip("assay.analyses.news")
    import assay.web.security as security

    monkeypatch.setattr(security, "address_allowed", lambda address: address == "127.0.0.1")
    import http.server
    import threading

    from assay.web import create_app

    article = (
        "<html><head><title>Minerals</title></head><body><article><h1>Minerals</h1>"
        "<p>Rare earth minerals, including titanium and lithium, belong to a group of 17 "
        "elements essential for manufacturing modern technologies.</p>"
        * 3
        + "</article></body></html>"
    ).encode()
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(article)

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/a.html"
    try:
        copy = tmp_path / "fetch.duckdb"
        shutil.copyfile(full_store_path, copy)
        with TestClient(create_app(copy)) as client:
            refused = client.post("/article.json", data={"url": url})
            assert refused.status_code == 400 and "never fetches" in refused.json()["error"]
        assert hits == []
        with TestClient(create_app(copy, allow_fetch=True)) as client:
            out = client.post("/article.json", data={"url": url}).json()
            assert hits == ["/a.html"]
            assert any(c["verdict"] == "refuted" for c in out["claims"])
            bad = client.post("/article.json", data={"url": "file:///etc/passwd"})
            assert bad.status_code == 400 and "only public http" in bad.json()["error"]
    finally:
        server.shutdown()


def test_country_report_shows_site_confidence_as_text(full_store_path: Path) -> None:
    from assay.reports.country import country_report
    from assay.store import open_store

    with open_store(full_store_path, read_only=True) as store:
        report = country_report(store, "UKR")
    if report.data.get("sites"):
        assert "&#39;ladder&#39;" not in report.html and "{'level'" not in report.html
        assert "unclassified" in report.html or "inferred" in report.html


def test_start_page_links_only_to_working_pages(full_client: TestClient) -> None:
    import re

    html = full_client.get("/").text
    links = sorted(set(re.findall(r'href="(/(?:commodity|country)/[^"]+)"', html)))
    assert "/commodity/rare-earths" in links and "/country/UKR" in links
    for href in links[:: max(1, len(links) // 10)]:  # a spread sample keeps the test short
        assert full_client.get(href + ".json").status_code == 200, href


def test_article_html_upload(full_client: TestClient) -> None:
    """An uploaded HTML page is reduced to its main text (trafilatura) before checking."""
    pytest.importorskip("assay.analyses.news")
    page = (
        "<html><head><title>Minerals</title><script>var tracker = 1;</script></head><body>"
        "<nav>Home | News</nav><article><h1>Minerals</h1>"
        + "<p>Rare earth minerals, including titanium and lithium, belong to a group of 17 "
        "elements essential for manufacturing modern technologies.</p>"
        * 3
        + "</article></body></html>"
    )
    out = full_client.post(
        "/article.json", files={"file": ("page.html", page.encode(), "text/html")}
    ).json()
    assert "tracker" not in out["text"]
    assert any(c["subject"] == "lithium" and c["verdict"] == "refuted" for c in out["claims"])


def test_blank_site_name_is_not_found_not_five_unrelated_sites(full_client: TestClient) -> None:
    # issue 14: '/site/%20.json' answered five unrelated sites through the fuzzy matcher
    pytest.importorskip("assay.analyses.sites")
    for name in ("%20", "%20%20", "x"):
        response = full_client.get(f"/site/{name}.json")
        assert response.status_code == 404, (name, response.text[:200])
        assert "sites" not in response.json()
