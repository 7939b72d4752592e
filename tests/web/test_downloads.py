"""CSV downloads of the deal and article-check tables, and the normalised admin-1 regions on
the site page and the country dossier, driven through the real app (TestClient)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

FORMULA_LEAD = ("=", "+", "-", "@")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_deal_page_tables_as_csv(tiny_client: TestClient) -> None:
    """The deal page links CSVs of its yearly curves and PV-by-party table. Oracle: the
    page's JSON twin (the same run's numbers), compared row by row."""
    pytest.importorskip("assay.models.econ.deal")
    page = tiny_client.get("/deal")
    assert page.status_code == 200
    match = re.search(r'href="(/deal/run/(\w+))/curves\.csv"', page.text)
    assert match, "the deal page links its curves CSV"
    base = match.group(1)
    assert f'href="{base}/pv_by_party.csv"' in page.text
    twin = tiny_client.get(f"{base}.json").json()
    assert twin == tiny_client.get("/deal.json").json()

    curves = tiny_client.get(f"{base}/curves.csv")
    assert curves.status_code == 200 and curves.headers["content-type"].startswith("text/csv")
    rows = _rows(curves.text)
    assert [int(r["year"]) for r in rows] == twin["curves"]["years"]
    curves_of = zip(rows, twin["curves"]["q50"], twin["curves"]["p_payback_by"], strict=True)
    for row, q50, pay in curves_of:
        assert float(row["cumulative_inflow_q50_usd"]) == pytest.approx(q50, rel=1e-12)
        assert float(row["p_payback_by_year"]) == pytest.approx(pay, rel=1e-12)
    parties = _rows(tiny_client.get(f"{base}/pv_by_party.csv").text)
    assert {r["party"] for r in parties} == set(twin["pv_by_party"])
    for row in parties:
        expected = twin["pv_by_party"][row["party"]]["mean"]
        assert float(row["pv_mean_usd"]) == pytest.approx(expected, rel=1e-12)

    # an edited scenario gets its own run and downloads
    edited = tiny_client.post("/deal", data={"spec": page_spec(page.text) + "\nseed: 11\n"})
    other = re.search(r'href="(/deal/run/\w+)/curves\.csv"', edited.text)
    assert other and other.group(1) != base
    assert tiny_client.get(f"{other.group(1)}/curves.csv").status_code == 200
    assert tiny_client.get("/deal/run/0123456789abcdef/curves.csv").status_code == 404
    assert tiny_client.get(f"{base}/secrets.csv").status_code == 404


def page_spec(html: str) -> str:
    """The scenario YAML shown in the deal page's textarea (HTML-unescaped)."""
    import html as html_lib

    text = re.search(r'<textarea name="spec"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    return html_lib.unescape(text)


def test_article_claims_as_csv_escape_formulas(tiny_client: TestClient) -> None:
    """The article check links a CSV of its claims table; a claim whose text starts like a
    spreadsheet formula is neutralised with a leading apostrophe (OWASP CSV injection)."""
    pytest.importorskip("assay.analyses.news")
    text = "=HYPERLINK(1) China mined 270,000 t of rare earths in 2024."
    page = tiny_client.post("/article", data={"text": text, "date": "2025-03-01"})
    assert page.status_code == 200
    match = re.search(r'href="(/article/run/\w+/claims\.csv)"', page.text)
    assert match, "the article page links its claims CSV"
    download = tiny_client.get(match.group(1))
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    rows = _rows(download.text)
    twin = tiny_client.post("/article.json", data={"text": text, "date": "2025-03-01"}).json()
    assert len(rows) == len(twin["claims"]) >= 1
    assert [r["verdict"] for r in rows] == [c["verdict"] for c in twin["claims"]]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(FORMULA_LEAD) or _is_number(cell), cell
    assert any(r["text"].startswith("'=HYPERLINK") for r in rows)
    direct = tiny_client.post("/article.csv", data={"text": text, "date": "2025-03-01"})
    assert direct.status_code == 200 and _rows(direct.text) == rows
    assert tiny_client.get("/article/run/0123456789abcdef/claims.csv").status_code == 404


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_country_dossier_regions(full_client: TestClient) -> None:
    """Ukraine's dossier: sites per ISO 3166-2 region with how each was resolved, and the
    "how real" counts of unresolved region strings and sites without region. Oracle: the
    dossier's own site list (every site counted once) and ISO 3166-2:UA code syntax."""
    pytest.importorskip("assay.analyses.sites")
    data = full_client.get("/country/UKR.json").json()
    if not data.get("sites"):
        pytest.skip("the store has no sites for Ukraine")
    regions = data["regions"]
    assert sum(r["sites"] for r in regions) == len(data["sites"])
    assert all(sum(r["methods"].values()) == r["sites"] for r in regions)
    coded = [r for r in regions if r["region_code"]]
    assert coded and all(re.fullmatch(r"UA-\d\d", r["region_code"]) for r in coded)
    how = data["how_real"]
    without = sum(r["sites"] for r in regions if r["region"] is None)
    assert how["sites_without_region"] == without
    html = full_client.get("/country/UKR").text
    assert 'id="regions"' in html and 'id="region-quality"' in html
    assert all(r["region_code"] in html for r in coded)
    regions_csv = _rows(full_client.get("/country/UKR/regions.csv").text)
    assert [r["region_code"] for r in regions_csv if r["region_code"]] == [
        r["region_code"] for r in coded
    ]
    first = coded[0]
    only = _rows(full_client.get(f"/country/UKR/sites.csv?region={first['region_code']}").text)
    assert len(only) == first["sites"] and {r["region_code"] for r in only} == {
        first["region_code"]
    }
    everything = _rows(full_client.get("/country/UKR/sites.csv").text)
    assert len(everything) == len(data["sites"]) and "region_method" in everything[0]


def test_country_dossier_lists_unresolved_region_strings(full_client: TestClient) -> None:
    """Russia's inventory publishes region strings that name no ISO 3166-2 subdivision
    (e.g. "Siberia"): the dossier lists them under "how real" and on the page."""
    pytest.importorskip("assay.analyses.sites")
    data = full_client.get("/country/RUS.json").json()
    unresolved = (data.get("how_real") or {}).get("regions_unresolved") or {}
    if not unresolved:
        pytest.skip("no unresolved region strings for Russia in this store")
    html = full_client.get("/country/RUS").text
    import html as html_lib

    shown = html_lib.unescape(re.search(r'id="region-quality">(.*?)</p>', html, re.S).group(1))
    assert all(f"“{name}” {count}" in shown for name, count in unresolved.items())
    assert f"{data['how_real']['sites_without_region']:,} sites without any region" in shown


def test_site_page_shows_region_code_and_how_resolved(full_client: TestClient) -> None:
    """A Ukrainian site placed by point-in-polygon shows its ISO 3166-2 code and the basis;
    each record shows the published string, code, method and basis side by side."""
    pytest.importorskip("assay.analyses.sites")
    sites = full_client.get("/country/UKR.json").json().get("sites") or []
    placed = [s for s in sites if s.get("region_code") and s.get("region_method")]
    if not placed:
        pytest.skip("no Ukrainian site with a resolved region in this store")
    site = placed[0]
    twin = full_client.get(f"/site/{site['id']}.json").json()["sites"][0]
    assert twin["region_code"] == site["region_code"] and twin["region_basis"]
    assert isinstance(twin["region_published"], list)
    html = full_client.get(f"/site/{site['id']}").text
    cell = re.search(r'id="region-0">(.*?)</td>', html, re.S).group(1)
    assert site["region_code"] in cell and f"resolved by {site['region_method']}" in cell
    for field in ("region published", "region code", "region method", "region basis"):
        assert f"<th>{field}</th>" in html
    features = full_client.get(f"/site/{site['id']}/records.geojson").json()["features"]
    assert all("region_code" in f["properties"] for f in features)
    assert any(f["properties"]["region_code"] == site["region_code"] for f in features)
