"""The app framework on a small hand-built store: pages, JSON twins, downloads, safety."""

from __future__ import annotations

import csv
import io
import time

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import HOSTILE

from assay.web import create_app
from assay.web.render import jsonable, rows_to_csv, script_json


def test_home_and_json_twins(tiny_client: TestClient) -> None:
    page = tiny_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    twin = tiny_client.get("/index.json").json()
    # oracle: TINY_SQL inserts 6 observations, 2 sources and 4 countries, 3 of them with data
    assert twin["observations"] == 6
    assert twin["sources"] == 2
    assert {c["iso3"] for c in twin["countries"]} == {"CHN", "UKR", "RUS", "USA"}
    by_accept = tiny_client.get("/", headers={"accept": "application/json"}).json()
    assert by_accept == twin


def test_sources_page_twin_and_csv(tiny_client: TestClient) -> None:
    data = tiny_client.get("/sources.json").json()
    ids = {s["id"]: s for s in data["sources"]}
    assert set(ids) == {"usgs-mcs-2025-raree", "hostile"}
    assert ids["usgs-mcs-2025-raree"]["observations"] == 5  # oracle: 5 rows cite it in TINY_SQL
    assert tiny_client.get("/sources", headers={"accept": "application/json"}).json() == data
    html = tiny_client.get("/sources").text
    assert "10.3133/mcs2025" in html
    rows = list(csv.DictReader(io.StringIO(tiny_client.get("/sources.csv").text)))
    assert {r["id"] for r in rows} == set(ids)


def test_hostile_text_is_escaped(tiny_client: TestClient) -> None:
    html = tiny_client.get("/sources").text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_security_headers_everywhere(tiny_client: TestClient) -> None:
    for url in ("/", "/sources.json", "/static/app.css", "/no-such-page", "/openapi.json"):
        response = tiny_client.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'self'" in csp, url
        assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_script_or_foreign_urls(tiny_client: TestClient) -> None:
    for url in ("/", "/sources"):
        html = tiny_client.get(url).text
        for chunk in html.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            # every script is either an external same-origin file or a JSON data block
            assert 'src="/' in head or 'type="application/json"' in head, head
        assert 'src="http' not in html and 'href="http' not in html and "//cdn" not in html


def test_assets_served_by_the_app(tiny_client: TestClient) -> None:
    js = tiny_client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert tiny_client.get("/static/app.js").status_code == 200
    assert tiny_client.get("/boundaries/countries_ne110m.geojson").json()["type"] == (
        "FeatureCollection"
    )
    assert tiny_client.get("/boundaries/..%2Fsecret.geojson").status_code == 404


def test_unknown_page_is_404_html_and_json(tiny_client: TestClient) -> None:
    assert tiny_client.get("/nowhere").status_code == 404
    response = tiny_client.get("/nowhere.json")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_openapi_describes_the_json_api(tiny_client: TestClient) -> None:
    spec = tiny_client.get("/openapi.json").json()
    assert "/sources.json" in spec["paths"]
    assert all(not p.endswith((".css", ".js")) for p in spec["paths"])


def test_store_is_read_only_without_token(tiny_store_path) -> None:
    app = create_app(tiny_store_path)
    ctx = app.state.ctx
    assert ctx.read_only
    with pytest.raises(Exception, match="read-only|read only"):
        ctx.store().con.execute("DELETE FROM observation")
    ctx.close()


def test_upload_limit(tiny_store_path) -> None:
    app = create_app(tiny_store_path, max_upload_bytes=1000)
    with TestClient(app) as client:
        response = client.post("/sources", content=b"x" * 5000)
        assert response.status_code == 413
        assert "upload limit" in response.text
        assert "content-security-policy" in response.headers


def test_request_time_limit(tiny_store_path) -> None:
    app = create_app(tiny_store_path, request_timeout_s=0.2)

    @app.get("/slow-test-route")
    async def slow() -> dict:
        import asyncio

        await asyncio.sleep(2)
        return {"done": True}

    with TestClient(app) as client:
        t0 = time.monotonic()
        response = client.get("/slow-test-route")
        assert response.status_code == 503
        assert "time limit" in response.text
        assert time.monotonic() - t0 < 1.9


def test_foreign_host_header_refused(tiny_store_path) -> None:
    app = create_app(tiny_store_path, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"host": "evil.example:8000"}).status_code == 400


def test_missing_store_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="assay build"):
        create_app(tmp_path / "absent.duckdb")


def test_script_json_cannot_close_its_block() -> None:
    text = script_json({"t": "</script><script>alert(1)</script>", "x": float("nan")})
    assert "</script" not in text and "<" not in text
    assert '"x": null' in text


def test_csv_neutralises_formulas() -> None:
    # oracle: OWASP CSV injection guidance (prefix a quote to cells starting = + - @)
    text = rows_to_csv([{"a": "=HYPERLINK(1)", "b": -3.5, "c": "-12"}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row == {"a": "'=HYPERLINK(1)", "b": "-3.5", "c": "-12"}


def test_jsonable_handles_numpy_and_nan() -> None:
    np = pytest.importorskip("numpy")
    assert jsonable({"a": np.float64("nan"), "b": np.arange(3), "c": np.int64(4)}) == {
        "a": None,
        "b": [0, 1, 2],
        "c": 4,
    }


def test_hostile_fixture_is_hostile() -> None:
    assert "<script>" in HOSTILE and "onerror" in HOSTILE


def test_old_store_gets_new_schema_components(tmp_path) -> None:
    """A store written before a schema component existed is migrated (schema only) and then
    served read-only; oracle: schema_version lists every registered component."""
    import duckdb

    from assay.store.db import registered_components

    path = tmp_path / "old.duckdb"
    core = registered_components()["core"]
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (component VARCHAR NOT NULL, version INTEGER NOT NULL, "
        "applied_at TIMESTAMP DEFAULT current_timestamp, PRIMARY KEY (component, version))"
    )
    for version, sql in enumerate(core.migrations, start=1):
        con.execute(sql)
        con.execute("INSERT INTO schema_version (component, version) VALUES ('core', ?)", [version])
    con.close()
    app = create_app(path)
    ctx = app.state.ctx
    assert ctx.read_only
    versions = ctx.store().schema_versions()
    assert set(versions) == set(registered_components())
    ctx.close()
