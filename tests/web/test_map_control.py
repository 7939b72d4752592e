"""Claimed or occupied areas on the web country map: the store's control layer as GeoJSON
in the page's JSON twin, the same features shaded in its figure with a legend entry that
names party, status, date and source, and the control record in the hover of sites
inside them."""

from __future__ import annotations

import json
import re

from assay.web.figures import control_label, control_traces
from assay.web.routes.country import control_layer


def _figure(html: str, plot_id: str) -> dict:
    match = re.search(
        rf'<script type="application/json" id="{plot_id}-figure">(.*?)</script>', html, re.S
    )
    assert match, plot_id
    return json.loads(match.group(1))


def test_control_layer_reads_the_bundled_layer_from_the_store(store) -> None:
    from assay.analyses.sites import load_control_areas

    assert control_layer(store, "UKR")["features"] == []  # nothing loaded yet
    assert load_control_areas(store) == 6
    layer = control_layer(store, "UKR")
    props = {f["properties"]["admin1_code"]: f["properties"] for f in layer["features"]}
    assert set(props) == {"UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"}
    assert props["UA-14"]["as_of"] == "2022-09-30" and props["UA-43"]["as_of"] == "2014-03-18"
    assert props["UA-14"]["source_short"] == ("United Nations General Assembly resolution ES-11/4")
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in layer["features"])
    assert control_layer(store, "RUS")["features"] == []  # the layer is Ukraine's only


def test_an_area_without_geometry_takes_its_oblast_polygon(store) -> None:
    store.con.execute(
        "INSERT INTO control_area VALUES ('t-1', 'Donetsk Oblast', 'UKR', 'UA-14', 'Party X',"
        " 'occupied', DATE '2023-01-01', 'Test source (2023)', NULL, NULL),"
        " ('t-2', 'Nowhere', 'UKR', 'UA-99', NULL, 'occupied', DATE '2023-01-01', 'Test', NULL,"
        " NULL)"
    )
    features = control_layer(store, "UKR")["features"]
    assert [f["properties"]["id"] for f in features] == ["t-1"]  # UA-99 has no polygon
    assert features[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert features[0]["properties"]["source_short"] == "Test source"


def test_one_shaded_trace_and_legend_entry_per_party_status_date_and_source() -> None:
    def feature(i: str, as_of: str) -> dict:
        props = {"id": i, "name": i, "controlling_party": "P", "status": "occupied",
                 "as_of": as_of, "source": "S (long)", "source_short": "S"}  # fmt: skip
        return {"type": "Feature", "properties": props, "geometry": None}

    layer = {"features": [feature("a", "2014-03-18"), feature("b", "2022-09-30"),
                          feature("c", "2022-09-30")]}  # fmt: skip
    traces = control_traces(layer)
    assert [t["locations"] for t in traces] == [["a"], ["b", "c"]]
    assert traces[1]["name"] == "P:<br>occupied<br>as of 2022-09-30; source: S"
    assert all(t["showlegend"] and t["type"] == "choropleth" for t in traces)
    assert traces[0]["marker"]["line"]["color"] != traces[1]["marker"]["line"]["color"]
    assert control_label(layer["features"][0]["properties"]).startswith("P:<br>occupied")


def test_ukraine_json_twin_and_figure_carry_the_same_control_features(full_client) -> None:
    data = full_client.get("/country/UKR.json").json()
    features = data["map"]["control"]["features"]
    codes = {f["properties"]["admin1_code"] for f in features}
    assert {"UA-14", "UA-09", "UA-23", "UA-65", "UA-43", "UA-40"} <= codes
    for f in features:
        assert f["properties"]["as_of"] and f["properties"]["source"]
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    html = full_client.get("/country/UKR").text
    fig = _figure(html, "sites-map")
    control = [t for t in fig["data"] if t.get("meta") == "control"]
    drawn = {loc for t in control for loc in t["locations"]}
    assert drawn == {f["properties"]["id"] for f in features}
    names = " | ".join(t["name"] for t in control)
    assert "as of 2022-09-30" in names and "as of 2014-03-18" in names
    assert "source: United Nations General Assembly resolution" in names
    assert 'id="control-layer"' in html and "A/RES/ES-11/4" in html
    # sites inside a controlled oblast keep their control record in the hover text
    inside = [s for s in data["sites"] if (s.get("control") or {}).get("status")]
    assert inside, "no Ukrainian site lies in a controlled area"
    texts = [t for tr in fig["data"] if tr.get("meta") == "sites" for t in tr["text"]]
    for site in inside:
        if site.get("lat") is None:
            continue
        hover = [t for t in texts if t.startswith(site["name"] + " (")]
        assert any("control: " in t and site["control"]["as_of"] in t for t in hover), site


def test_a_country_without_control_areas_draws_none(full_client) -> None:
    data = full_client.get("/country/RUS.json").json()
    assert data["map"]["control"]["features"] == []
    fig = _figure(full_client.get("/country/RUS").text, "sites-map")
    assert not [t for t in fig["data"] if t.get("meta") == "control"]


def test_a_site_in_a_controlled_oblast_has_its_area_on_its_map(full_client) -> None:
    sites = full_client.get("/country/UKR.json").json()["sites"]
    inside = [s for s in sites if (s.get("control") or {}).get("id") and s.get("lat")]
    assert inside
    site = inside[0]
    data = full_client.get(f"/site/{site['id']}.json").json()
    ids = [f["properties"]["id"] for f in data["map"]["control"]["features"]]
    assert ids == [site["control"]["id"]]
    fig = _figure(full_client.get(f"/site/{site['id']}").text, "site-0")
    control = [t for t in fig["data"] if t.get("meta") == "control"]
    assert [t["locations"] for t in control] == [ids]
    assert "as of " + site["control"]["as_of"] in control[0]["name"]
    texts = [t for tr in fig["data"] if tr.get("meta") == "sites" for t in tr["text"]]
    assert texts and all("control: " in t for t in texts)
    # a site outside any controlled area has none
    outside = next(s for s in sites if not s.get("control"))
    data = full_client.get(f"/site/{outside['id']}.json").json()
    assert data["map"]["control"]["features"] == []


def test_sites_page_of_one_country_shades_its_controlled_areas(full_client) -> None:
    data = full_client.get("/sites.json", params={"country": "UKR"}).json()
    ids = {f["properties"]["id"] for f in data["map"]["control"]["features"]}
    assert {"ru-claim-ua-14", "ru-claim-ua-43"} <= ids
    fig = _figure(full_client.get("/sites", params={"country": "UKR"}).text, "sites-map")
    drawn = {loc for t in fig["data"] if t.get("meta") == "control" for loc in t["locations"]}
    assert drawn == ids
    # sites of several countries: no control layer is drawn
    world = full_client.get("/sites.json", params={"commodity": "rare earths"}).json()
    assert world["map"]["control"]["features"] == []
