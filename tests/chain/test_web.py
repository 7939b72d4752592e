"""The commodity page's stage section (with its Plotly flow chart, served locally) and the
country dossier's trade partners, on the store built from ../shared/data.

Oracle: the same numbers through the analyses (chain_view, country_trade)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assay.analyses.chain import chain_view
from assay.analyses.trade import country_trade


@pytest.fixture(scope="module")
def client(mcs_store_path: Path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(mcs_store_path)) as c:
        yield c


def _figure(html: str, fig_id: str) -> dict:
    m = re.search(
        rf'<script type="application/json" id="{fig_id}-figure">(.*?)</script>', html, re.S
    )
    assert m, f"no {fig_id} figure on the page"
    return json.loads(m.group(1))


def test_commodity_page_has_stages_and_flow_chart(client, built) -> None:
    r = client.get("/commodity/rare-earths")
    assert r.status_code == 200
    html = r.text
    assert 'id="chain-stages"' in html and "no cited data for this stage" in html
    assert '<script src="/vendor/plotly.min.js"' in html
    flow = _figure(html, "chain-flow")["data"][0]
    assert flow["type"] == "sankey"
    labels = flow["node"]["label"]
    burma = labels.index("Burma (mining)")
    china_sep = labels.index("China (separation)")
    link = flow["link"]
    to_china = {
        s: v
        for s, t, v in zip(link["source"], link["target"], link["value"], strict=True)
        if t == china_sep
    }
    assert to_china[burma] == pytest.approx(31_000)
    bars = _figure(html, "chain-china")["data"][0]
    view = chain_view(built, "rare earths")
    expected = [100 * s["china_share"] for s in view["stages"] if s["china_share"] is not None]
    assert bars["y"] == pytest.approx(expected)
    data = client.get("/commodity/rare-earths.json").json()
    assert data["chain_section"]["chain"]["commodity"] == "rare-earths"


def test_commodity_without_stage_model_has_no_stage_section(client) -> None:
    r = client.get("/commodity/copper")
    assert r.status_code == 200 and 'id="chain-stages"' not in r.text


def test_country_dossier_lists_trade_partners(client, built) -> None:
    r = client.get("/country/UKR")
    assert r.status_code == 200 and 'id="trade-partners"' in r.text
    trade = client.get("/country/UKR.json").json()["trade"]
    expected = country_trade(built, "UKR")
    assert [(t["commodity"], t["year"]) for t in trade] == [
        (t["commodity"], t["year"]) for t in expected
    ]
    for got, want in zip(trade, expected, strict=True):
        for way in ("imports", "exports"):
            assert got[way]["total_value_kusd"] == pytest.approx(want[way]["total_value_kusd"])
            assert {p["iso3"]: p["share"] for p in got[way]["partners"]} == pytest.approx(
                {p["iso3"]: p["share"] for p in want[way]["partners"]}
            )
    graphite = next(t for t in trade if t["commodity"] == "graphite")
    top = graphite["imports"]["partners"][0]
    assert top["country"] in r.text and 0 < top["share"] <= 1
