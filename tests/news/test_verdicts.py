"""Claims of every type and every verdict, on sentences written for these tests.

Oracles: IUPAC Red Book 2005 IR-3.5 (17 rare earths; lanthanides Z=57-71, 15 of them) and
the USGS MCS rare-earth tables typed into ``rare_earth_store`` (see conftest): China's 2024
mine production 270,000 t of a 390,000 t world total = 69.23 %; Russia's reserves 21 Mt
(MCS 2023), 10 Mt and fourth (MCS 2024), 3.8 Mt and fifth (MCS 2025).
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text

AFTER_MCS_2025 = "2025-03-01"


def _claims(store, text: str, date: str | None = AFTER_MCS_2025) -> list[dict]:
    return check_text(store, text, title="", date=date)["claims"]


def _one(store, text: str, ctype: str, date: str | None = AFTER_MCS_2025) -> dict:
    found = [c for c in _claims(store, text, date) if c["type"] == ctype]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "subject", "polarity", "verdict"),
    [
        ("Neodymium is a rare earth element.", "neodymium", True, "supported"),
        ("Yttrium and scandium are rare earths.", "scandium", True, "supported"),
        ("Lithium is a rare earth metal.", "lithium", True, "refuted"),
        ("Cobalt is not a rare earth.", "cobalt", False, "supported"),
        ("Cerium is not a rare-earth element.", "cerium", False, "refuted"),
        ("Rare earths such as lanthanum and nickel matter.", "nickel", True, "refuted"),
        ("Rare earths such as lanthanum and nickel matter.", "lanthanum", True, "supported"),
        ("Rare earth minerals like fluorite are mined.", "fluorite", True, "refuted"),
        ("Rare earth minerals like monazite are mined.", "monazite", True, "supported"),
        ("Lithium, a rare earth metal, is mined.", "lithium", True, "refuted"),
        ("Lithium and cobalt, both rare earth elements, sold.", "lithium", True, "refuted"),
        ("Lithium and cobalt, both rare earth elements, sold.", "cobalt", True, "refuted"),
    ],
)
def test_classification(rare_earth_store, text, subject, polarity, verdict) -> None:
    claims = [c for c in _claims(rare_earth_store, text) if c["type"] == "classification"]
    claim = next(c for c in claims if c["subject"] == subject)
    assert (claim["polarity"], claim["verdict"]) == (polarity, verdict)
    assert claim["evidence"] and claim["explanation"]
    if claim["evidence"][0].get("table") == "element":
        assert claim["evidence"][0]["source"]["id"] == "iupac-2005"


def test_critical_minerals_against_the_usgs_2022_list(rare_earth_store) -> None:
    # 87 FR 10381 (2022): lithium is listed; gold is not (other lists may differ)
    claim = _one(rare_earth_store, "Critical minerals such as lithium are in demand.",
                 "classification")  # fmt: skip
    assert claim["verdict"] == "supported"
    assert claim["evidence"][0]["list"] == "USGS 2022"
    claim = _one(rare_earth_store, "Critical minerals such as gold are in demand.",
                 "classification")  # fmt: skip
    assert claim["verdict"] == "not-checkable"


def test_classification_without_reference_list_is_not_checkable(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "Rare metals such as lithium are in demand.",
                 "classification")  # fmt: skip
    assert claim["verdict"] == "not-checkable"


def test_lanthanide_membership_and_count(rare_earth_store) -> None:
    claims = _claims(rare_earth_store, "Yttrium is a lanthanide. There are 15 lanthanides.")
    by_type = {c["type"]: c for c in claims}
    assert by_type["classification"]["verdict"] == "refuted"  # Y is Z=39
    assert by_type["count"]["verdict"] == "supported"


def test_count_refuted(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "There are 15 rare earth elements.", "count")
    assert claim["verdict"] == "refuted"
    assert claim["evidence"][0]["count"] == 17
    assert len(claim["evidence"][0]["members"]) == 17


def test_ranking_follows_the_edition_current_at_the_article_date(rare_earth_store) -> None:
    text = "Russia ranks fourth in the world in rare earth reserves."
    before = _one(rare_earth_store, text, "ranking", date="2025-01-20")
    assert before["verdict"] == "supported" and before["edition"] == 2024
    assert "MCS 2025 said fifth" in before["explanation"]
    after = _one(rare_earth_store, text, "ranking", date="2025-02-20")
    assert after["verdict"] == "refuted" and after["edition"] == 2025
    assert "MCS 2024 said fourth" in after["explanation"]


def test_superlative_ranking(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "China is the world's largest producer of rare earths.",
                 "ranking")  # fmt: skip
    assert (claim["subject"], claim["verdict"]) == ("China", "supported")
    claim = _one(rare_earth_store, "Brazil has the third-largest rare earth reserves.", "ranking")
    assert claim["verdict"] == "refuted"  # second in MCS 2025 (21 Mt after China's 44 Mt)


def test_vague_and_regional_rankings_are_not_checkable(rare_earth_store) -> None:
    vague = _one(rare_earth_store, "Russia is one of the leaders in rare earth reserves.",
                 "ranking")  # fmt: skip
    assert vague["verdict"] == "not-checkable"
    assert vague["evidence"][0]["rank"] == 5  # the evidence is still shown
    regional = _one(rare_earth_store, "Ukraine has Europe's largest rare earth reserves.",
                    "ranking")  # fmt: skip
    assert regional["verdict"] == "not-checkable"


def test_ranking_of_a_country_without_figure_is_not_checkable(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "Belarus ranks fourth in rare earth reserves.", "ranking")
    assert claim["verdict"] == "not-checkable"


def test_share(rare_earth_store) -> None:
    ok = _one(rare_earth_store, "China mines 70% of the world's rare earths.", "share")
    assert ok["verdict"] == "supported" and ok["computed"] == pytest.approx(69.23, abs=0.01)
    bad = _one(rare_earth_store, "China mines 90 per cent of global rare earth output.",
               "share")  # fmt: skip
    assert bad["verdict"] == "refuted"
    # 'produces' names no stage: 90 % may be the processing share (issue 17), so it is
    # not refuted on mine production alone
    unstaged = _one(rare_earth_store, "China produces 90 per cent of global rare earth output.",
                    "share")  # fmt: skip
    assert unstaged["verdict"] != "refuted"
    over = _one(rare_earth_store, "China mines over 80% of the world's rare earths.", "share")
    assert over["verdict"] == "refuted"
    deal = _one(rare_earth_store, "The US wanted 50 per cent of Ukraine's rare-earth metals.",
                "share")  # fmt: skip
    assert deal["verdict"] == "not-checkable"


def test_reserves_and_production_amounts(rare_earth_store) -> None:
    text = "Russia holds 21 million metric tons of rare earth reserves."
    assert _one(rare_earth_store, text, "reserves", date="2023-06-01")["verdict"] == "supported"
    assert _one(rare_earth_store, text, "reserves", date="2025-06-01")["verdict"] == "refuted"
    prod = _one(rare_earth_store, "China produced 270,000 tonnes of rare earths.", "production")
    assert prod["verdict"] == "supported"
    assert prod["evidence"][0]["edition"] == 2025
    wrong = _one(rare_earth_store, "China mined 500,000 tonnes of rare earths.", "production")
    assert wrong["verdict"] == "refuted"
    unstaged = _one(rare_earth_store, "China produced 500,000 tonnes of rare earths.",
                    "production")  # fmt: skip
    assert unstaged["verdict"] != "refuted"  # separation output is another series
    none = _one(rare_earth_store, "Belarus holds 2 million tons of rare earth reserves.",
                "reserves")  # fmt: skip
    assert none["verdict"] == "not-checkable"  # no MCS figure for Belarus


def test_valuation_and_events_are_not_checkable(rare_earth_store) -> None:
    claims = _claims(
        rare_earth_store,
        "Forbes assessed Ukraine's mineral resources at $14.8 trillion. "
        "The US suspended all military aid to Ukraine on Monday.",
        date="2025-03-05",
    )
    by_type = {c["type"]: c for c in claims}
    assert by_type["valuation"]["verdict"] == "not-checkable"
    assert by_type["valuation"]["value"] == 14.8e12
    assert by_type["event"]["verdict"] == "not-checkable"
    assert by_type["event"]["event"]["date"] == "2025-03-03"


def test_undated_article_uses_latest_edition(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "Russia ranks fifth in rare earth reserves.", "ranking",
                 date=None)  # fmt: skip
    assert claim["verdict"] == "supported" and claim["edition"] == 2025


def test_check_text_contract(rare_earth_store) -> None:
    doc = check_text(rare_earth_store, "Lithium is a rare earth.", title="T", date="2025-03-01")
    assert {"id", "title", "date", "mentions", "events", "claims"} <= set(doc)
    claim = doc["claims"][0]
    assert {"text", "span", "type", "subject", "verdict", "evidence", "explanation"} <= set(claim)
    s, e = claim["span"]
    assert doc["text"][s:e] == claim["text"]


def test_store_without_statistics_gives_not_checkable(store) -> None:
    # an empty store: no elements, no observations; nothing is guessed
    claims = _claims(store, "Lithium is a rare earth. Russia ranks fourth in rare earth reserves.")
    assert claims and all(c["verdict"] == "not-checkable" for c in claims)


def test_top_n_rankings(rare_earth_store) -> None:
    # MCS 2025: Russia fifth in reserves
    ok = _one(rare_earth_store, "Russia is among the top five holders of rare earth reserves.",
              "ranking")  # fmt: skip
    assert ok["verdict"] == "supported" and ok["rank_max"] == 5
    bad = _one(rare_earth_store, "Russia is in the top 3 for rare earth reserves.", "ranking")
    assert bad["verdict"] == "refuted"


def test_adverb_first_is_not_a_rank(rare_earth_store) -> None:
    claims = _claims(rare_earth_store, "Russia should first assess its rare earth reserves.")
    assert [c for c in claims if c["type"] == "ranking"] == []


def test_production_falls_back_to_the_published_series(rare_earth_store) -> None:
    # synthetic rows (analytic oracle): a commodity published only as refinery production,
    # two countries, A = 90 t and B = 10 t, world total 100 t -> A has 90 % and ranks first
    # (a published world total: the listed countries' sum alone would only bound the share)
    con = rare_earth_store.con
    for iso3, kind, value in (("CHN", "country", 90.0), ("JPN", "country", 10.0),
                              (None, "world", 100.0)):  # fmt: skip
        con.execute(
            "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, "
            "data_year, value, unit, source_id, edition) VALUES "
            "('gallium', ?, ?, ?, 'refinery_production', 2024, ?, 't', "
            "'news-test-mcs2025-raree', 2025)",
            [iso3, kind, iso3 or "World total", value],
        )
    share = _one(rare_earth_store, "China produces 90% of the world's gallium.", "share")
    assert share["verdict"] == "supported" and share["computed"] == pytest.approx(90.0)
    assert share["evidence"][0]["measure"] == "refinery_production"
