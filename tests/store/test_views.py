"""Views: commodity, history, country, element and sources (assay.analyses.statistics).

Oracles: the published MCS tables (editions 2023-2025) and hand computation of shares and
the HHI from the published values.
"""

from __future__ import annotations

import pytest

from assay.analyses.statistics import (
    commodity_view,
    country_view,
    element_view,
    history_view,
    sources_view,
    top_holders,
    world_table,
)
from assay.store.lookup import UnknownNameError


def test_commodity_view_json_contract(mcs_store):
    view = commodity_view(mcs_store, "rare earths", 2025)
    assert view["commodity"]["id"] == "rare-earths" and view["edition"] == 2025
    assert {"reserves", "mine_production"} <= set(view["measures"])
    reserves = view["measures"]["reserves"]
    for key in ("data_year", "unit", "world", "hhi", "rows", "share_basis", "china_share"):
        assert key in reserves
    first = reserves["rows"][0]
    assert (first["iso3"], first["country"], first["value"], first["rank"]) == (
        "CHN",
        "China",
        44_000_000,
        1,
    )
    for key in ("share", "qualifier", "source"):
        assert key in first
    src = first["source"]
    assert {
        "id",
        "publisher",
        "title",
        "edition",
        "year",
        "table",
        "doi",
        "url",
        "retrieved",
    } <= set(src)
    assert src["doi"] == "10.5066/P13XCP3R"
    assert reserves["world"]["value"] == 90_000_000 and reserves["world"]["qualifier"] == ">"
    assert "lower bound" in reserves["share_basis"]["note"]


def test_hhi_of_the_2025_reserves_table_equals_hand_computation(mcs_store):
    """Shares of the published world total (>90 Mt), squared and summed by hand."""
    reserves = commodity_view(mcs_store, "rare earths", 2025)["measures"]["reserves"]
    published = {  # MCS 2025 Rare Earths, world reserves [t REO]
        "CHN": 44e6, "BRA": 21e6, "IND": 6.9e6, "AUS": 5.7e6, "RUS": 3.8e6, "VNM": 3.5e6,
        "USA": 1.9e6, "GRL": 1.5e6, "TZA": 890e3, "ZAF": 860e3, "CAN": 830e3, "THA": 4.5e3,
    }  # fmt: skip
    hand = sum((100 * v / 90e6) ** 2 for v in published.values())
    assert reserves["hhi"] == pytest.approx(hand)
    assert reserves["china_share"] == pytest.approx(100 * 44 / 90)
    mine = commodity_view(mcs_store, "rare earths", 2025)["measures"]["mine_production"]
    assert mine["china_share"] == pytest.approx(100 * 270_000 / 390_000)


def test_world_table_columns(mcs_store):
    table = world_table(mcs_store, "rare-earths", "reserves", 2024)
    for col in (
        "iso3",
        "country",
        "value",
        "unit",
        "basis",
        "qualifier",
        "share",
        "rank",
        "source_id",
    ):
        assert col in table.columns
    assert table["area_kind"].iloc[-1] == "world"


def test_history_shows_the_revisions(mcs_store):
    view = history_view(mcs_store, "rare earths", "reserves")
    russia = [(p["edition"], p["value"]) for p in view["series"]["RUS"]]
    vietnam = [(p["edition"], p["value"]) for p in view["series"]["VNM"]]
    assert russia == [(2023, 21e6), (2024, 10e6), (2025, 3.8e6)]
    assert vietnam == [(2023, 22e6), (2024, 22e6), (2025, 3.5e6)]
    assert [p["rank"] for p in view["series"]["RUS"]] == [3, 4, 5]
    assert all(p["source"]["edition"] == p["edition"] for p in view["series"]["RUS"])
    only = history_view(mcs_store, "Rare Earths", "reserves", country="Russian Federation")
    assert list(only["series"]) == ["RUS"]
    assert top_holders(mcs_store, "rare earths") == ["CHN", "BRA", "IND", "AUS", "RUS"]


def test_country_view_matches_world_tables(mcs_store):
    view = country_view(mcs_store, "RUS")
    assert view["country"]["name"] == "Russia"
    ree = next(c for c in view["commodities"] if c["id"] == "rare-earths")
    reserves = {p["edition"]: p for p in ree["measures"]["reserves"]}
    assert {e: (p["value"], p["rank"]) for e, p in reserves.items()} == {
        2023: (21e6, 3),
        2024: (10e6, 4),
        2025: (3.8e6, 5),
    }
    # independent path: the pandas world table of the same edition
    table = world_table(mcs_store, "rare-earths", "reserves", 2024)
    row = table[table["iso3"] == "RUS"].iloc[0]
    assert reserves[2024]["share"] == pytest.approx(row["share"])
    assert len(view["commodities"]) > 20


def test_element_view_rare_earth_flags(reference_store):
    for symbol in ("Li", "Ti", "Co", "Be", "Mn", "Ga", "U", "Zr", "Ni"):
        assert element_view(reference_store, symbol)["is_rare_earth"] is False, symbol
    for symbol in ("La", "Ce", "Nd", "Dy", "Lu", "Sc", "Y"):
        assert element_view(reference_store, symbol)["is_rare_earth"] is True, symbol
    dy = element_view(reference_store, "dysprosium")
    assert dy["groups"] == ["rare earths", "heavy rare earths", "lanthanides"]
    assert element_view(reference_store, "Y")["groups"] == ["rare earths", "heavy rare earths"]
    assert element_view(reference_store, "U")["groups"] == ["actinides"]
    assert element_view(reference_store, "Sc")["groups"] == ["rare earths"]
    li = element_view(reference_store, "li")
    assert li["atomic_number"] == 3 and li["commodities"][0]["id"] == "lithium"
    assert any(s["id"] == "ciaaw-2021" for s in li["sources"])


def test_sources_view_lists_editions(mcs_store):
    view = sources_view(mcs_store)
    editions = {(e["edition"], e["kind"]) for e in view["editions"]}
    assert {(2023, "official"), (2024, "official"), (2025, "official")} <= editions
    assert {(2025, "curated")} <= editions
    assert view["quarantined"] > 0
    assert any(s["id"] == "usgs-mcs2025-rare-earths-chapter-world" for s in view["sources"])


def test_bundled_data_alone_answers_the_rare_earth_questions(reference_store):
    view = commodity_view(reference_store, "rare earths")
    assert view["edition"] == 2025
    reserves = view["measures"]["reserves"]
    assert reserves["rows"][0]["source"]["kind"] == "curated"
    ranks = {r["iso3"]: r["rank"] for r in reserves["rows"]}
    assert ranks["RUS"] == 5 and ranks["CHN"] == 1
    assert commodity_view(reference_store, "lithium")["edition"] == 2024


def test_unknown_names_and_editions(reference_store):
    with pytest.raises(UnknownNameError, match="Did you mean"):
        commodity_view(reference_store, "rare earht")
    with pytest.raises(ValueError, match="editions in the store"):
        commodity_view(reference_store, "rare earths", 1999)


def test_country_view_follows_new_imports(reference_store, shared_data):
    """The per-store cache of ranked tables is rebuilt when observations change."""

    def ree_2025(view):
        ree = next(c for c in view["commodities"] if c["id"] == "rare-earths")
        return next(p for p in ree["measures"]["reserves"] if p["edition"] == 2025)

    before = ree_2025(country_view(reference_store, "RUS"))
    assert before["source"]["kind"] == "curated" and before["rank"] == 5
    from assay.importers.mcs import import_mcs

    import_mcs(reference_store, shared_data / "usgs-mcs-2025-rare-earths")
    after = ree_2025(country_view(reference_store, "RUS"))
    assert after["source"]["kind"] == "official" and after["rank"] == 5
    assert after["value"] == before["value"] == 3.8e6
