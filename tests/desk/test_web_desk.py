"""Desk pages without a browser: search, Sites paging, Risk, and no local paths on /sources."""

from __future__ import annotations

from pathlib import Path

from assay.web.routes.sources import public_path

REPO = Path(__file__).resolve().parents[2]


def test_sources_show_no_local_absolute_paths(full_client) -> None:
    for url in ("/sources", "/sources.json", "/sources.csv"):
        text = full_client.get(url).text
        assert str(REPO) not in text and str(REPO.parent) not in text, url
    rows = full_client.get("/sources.json").json()["sources"]
    files = [r["file"] for r in rows if r.get("file")]
    assert files and not [f for f in files if f.startswith("/")]


def test_public_path_keeps_the_path_inside_the_data_set():
    inside = "usgs-mcs-2024/world/a.csv"
    assert public_path(f"/srv/x/shared/data/{inside}") == inside
    assert public_path("/home/u/assay/src/assay/reference/d.csv") == "assay/reference/d.csv"
    assert public_path("/tmp/upload/x.csv") == "x.csv"
    assert public_path("usgs-mcs-2025/b.csv") == "usgs-mcs-2025/b.csv"
    assert public_path(None) is None


def test_search_json_names_ids_and_aliases(full_client) -> None:
    hit = full_client.get("/search.json", params={"q": "ukr"}).json()
    assert hit["countries"][0]["iso3"] == "UKR" and hit["best"] == "/country/UKR"
    ree = full_client.get("/search.json", params={"q": "REE"}).json()
    assert any(c["id"] == "rare-earths" for c in ree["commodities"])  # an alias
    site = full_client.get("/search.json", params={"q": "Tomtor"}).json()["sites"]
    assert site and full_client.get(site[0]["href"]).status_code == 200
    by_id = full_client.get("/search.json", params={"q": site[0]["id"]}).json()
    assert by_id["sites"][0]["id"] == site[0]["id"]
    go = full_client.get("/search", params={"q": "Ukraine", "go": 1}, follow_redirects=False)
    assert go.status_code == 303 and go.headers["location"] == "/country/UKR"
    assert full_client.get("/search", params={"q": "<script>"}).status_code == 200


def test_sites_pages_cover_every_site_once(full_client) -> None:
    first = full_client.get("/sites.json", params={"country": "RUS", "per_page": 100}).json()
    assert first["count"] > 300 and first["pages"] == -(-first["count"] // 100)
    seen = []
    for page in range(1, first["pages"] + 1):
        data = full_client.get(
            "/sites.json", params={"country": "RUS", "per_page": 100, "page": page}
        ).json()
        seen += [s["id"] for s in data["sites"]]
    assert len(seen) == len(set(seen)) == first["count"]
    too_many = full_client.get("/sites.json", params={"per_page": 10_000})
    assert too_many.status_code in (400, 422)
    unknown = full_client.get("/sites", params={"country": "Atlantis"})
    assert unknown.status_code in (400, 404)


def test_risk_json_and_csv(full_client) -> None:
    data = full_client.get("/risk.json").json()
    assert data["count"] >= 20
    ranks = [r["rank"] for r in data["commodities"]]
    assert ranks == list(range(1, len(ranks) + 1))
    csv = full_client.get("/risk.csv").text.splitlines()
    assert csv[0].startswith("rank,commodity,name") and len(csv) == data["count"] + 1


def test_country_page_lists_50_sites_and_links_the_paged_list(full_client) -> None:
    russia = full_client.get("/country/RUS").text
    total = full_client.get("/sites.json", params={"country": "RUS"}).json()["count"]
    assert total > 50
    assert russia.count('<tr><td><a href="/site/') == 50
    assert '<a href="/sites?country=RUS">' in russia and f"First 50 of {total} sites" in russia
    ukraine = full_client.get("/country/UKR").text
    assert "more-sites" not in ukraine or "First 50 of" in ukraine
