"""Guards found by a refutation audit on unlabelled news (issue 17, session 5, pr8).

Each test names one general mechanism, with sentences written for the test:

- an abbreviation in parentheses restates the group before it ('rare earth elements
  (REEs)'); read on its own, it took the words before the parenthesis ('which are rich
  in rare earth elements (') as its copula and turned a containment into membership;
- the country right after an overtaking verb ('surpassed Peru to become the second
  largest') is the one left behind: the rank belongs to the overtaker;
- a rank refuted only by a gap smaller than the estimates' rounding (two countries within
  5 % of each other) is not refuted: another source's figures can reverse such an order.

Evidence: the ``rare_earth_store`` fixture (typed in from USGS MCS 2023-2025; MCS 2025
2024 output: China 270,000 t, United States 45,000 t, Myanmar 31,000 t, Australia,
Nigeria and Thailand 13,000 t each). ``close_store`` adds one invented row for the test
(Malaysia 30,000 t in 2024, 3.2 % below Myanmar) so that two countries lie close.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.claims import _coordinated_before
from assay.analyses.news.verdicts import _close_rank
from assay.store import Store

DATED = "2025-06-01"  # after MCS 2025 (data year 2024)


def _claims(store: Store, text: str, kind: str) -> list[dict]:
    claims = check_text(store, text, title="", date=DATED)["claims"]
    return [c for c in claims if c["type"] == kind]


# -- an abbreviation restating a group --------------------------------------------------------
def test_containment_before_an_abbreviated_group_is_not_membership(rare_earth_store: Store):
    text = "The beaches hold monazite sands, which are rich in rare earth elements (REEs)."
    found = _claims(rare_earth_store, text, "classification")
    assert not [c for c in found if c["subject"] == "monazite"], found


def test_membership_before_an_abbreviated_group_is_still_read(rare_earth_store: Store):
    # the restated group is dropped, not the claim: 'one of' keeps the copula a membership
    text = "Monazite is one of the rare earth elements (REEs), the report wrongly says."
    found = [c for c in _claims(rare_earth_store, text, "classification")
             if c["subject"] == "monazite"]  # fmt: skip
    assert found and found[0]["verdict"] == "refuted", found


def test_an_element_symbol_in_parentheses_still_counts_once(rare_earth_store: Store):
    text = "Rare earths such as neodymium (Nd) and lithium are in demand."
    found = {c["subject"]: c["verdict"] for c in _claims(rare_earth_store, text, "classification")}
    assert found.get("neodymium") == "supported"
    assert found.get("lithium") == "refuted"


# -- overtaking verbs ---------------------------------------------------------------------------
def test_rank_after_an_overtaking_verb_belongs_to_the_overtaker(rare_earth_store: Store):
    text = (
        "Myanmar surpassed the United States to become the world's second-largest rare "
        "earth miner in 2024."
    )
    (claim,) = _claims(rare_earth_store, text, "ranking")
    assert claim["iso3"] == "MMR"
    assert claim["verdict"] == "refuted"  # third in MCS 2025 (31,000 t against 45,000 t)


def test_overtaker_that_holds_the_rank_is_supported(rare_earth_store: Store):
    text = (
        "The United States overtook Myanmar as the world's second-largest miner of rare "
        "earths in 2024."
    )
    (claim,) = _claims(rare_earth_store, text, "ranking")
    assert claim["iso3"] == "USA"
    assert claim["verdict"] == "supported"


def test_overtaken_country_is_never_the_subject(rare_earth_store: Store):
    # no overtaker named: the rank is nobody's the sentence names, never Myanmar's
    text = "A newcomer overtook Myanmar as the world's third-largest rare earth miner in 2024."
    (claim,) = _claims(rare_earth_store, text, "ranking")
    assert claim["iso3"] is None and claim["verdict"] == "not-checkable", claim


def test_figure_after_an_overtaken_list_is_the_overtakers(rare_earth_store: Store):
    # the 8% is Myanmar's (31,000 of 390,000 t in 2024), not the overtaken pair's
    text = (
        "Myanmar became the third-largest miner of rare earths, overtaking rivals such as "
        "Australia and Nigeria with 8% of world mine output in 2024."
    )
    shares = _claims(rare_earth_store, text, "share")
    assert shares and all(c["iso3"] == "MMR" for c in shares), shares
    assert shares[0]["verdict"] == "supported"


def test_a_capitalised_article_still_joins_a_list():
    # 'Australia and The Philippines' is one coordinated list of two countries
    text = "overtaking Australia and The Philippines with 5%"
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Australia", "Philippines")]
    countries = [{"name": n, "span": list(sp)} for n, sp in zip(("A", "P"), spans, strict=True)]
    assert _coordinated_before(text, countries, spans[1][1]) == 2


# -- close ranks ----------------------------------------------------------------------------------
@pytest.fixture()
def close_store(rare_earth_store: Store) -> Iterator[Store]:
    rare_earth_store.con.execute(
        "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, "
        "data_year, value, unit, source_id, edition) VALUES ('rare-earths', 'MYS', 'country', "
        "'MYS', 'mine_production', 2024, 30000, 't', 'news-test-mcs2025-raree', 2025)"
    )
    yield rare_earth_store


def test_rank_within_rounding_of_the_claimed_place_is_not_refuted(close_store: Store):
    text = "Malaysia became the world's third-largest rare earth miner in 2024."
    (claim,) = _claims(close_store, text, "ranking")
    assert claim["verdict"] == "not-checkable"
    assert "31,000 t" in claim["reason"] and "5%" in claim["reason"]


def test_rank_far_from_the_claimed_place_is_still_refuted(close_store: Store):
    # Australia's 13,000 t is far below Myanmar's 31,000 t in third place
    text = "Australia was the world's third-largest rare earth miner in 2024."
    (claim,) = _claims(close_store, text, "ranking")
    assert claim["verdict"] == "refuted"


def test_close_rank_arithmetic():
    # independent arithmetic: |2.6 - 2.5| / 2.6 = 3.8 % <= 5 %; |2.6 - 2.4| / 2.6 = 7.7 % > 5 %
    table = [
        {"rank": 1, "value": 5.0e6, "iso3": "CHL"},
        {"rank": 2, "value": 2.6e6, "iso3": "PER"},
        {"rank": 3, "value": 2.5e6, "iso3": "COD"},
        {"rank": 4, "value": 2.4e6, "iso3": "CHN"},
    ]
    assert _close_rank(table, table[2], 2)["iso3"] == "PER"
    assert _close_rank(table, table[3], 2) is None
    assert _close_rank(table, table[2], 1) is None  # Chile's 5.0 Mt is far
    assert _close_rank(table, table[2], None) is None


# -- a world subject named before the figure -----------------------------------------------------
def test_world_figure_keeps_its_subject_despite_a_trailing_country(rare_earth_store: Store):
    # the tonnage is the world's; China's share comes in a phrase of its own after it
    text = "Worldwide rare earth mine output came to 250,000 tonnes in 2024, with China at 60%."
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] == "WLD"
    assert claim["verdict"] == "refuted"  # MCS 2025: 390,000 t


def test_world_change_is_not_given_to_a_trailing_country(rare_earth_store: Store):
    # before: read as China's change and 'supported' by China's +5.9 % (the world's is +11 %)
    text = "Global rare earth mine output grew 4% in 2024, amid rising quotas in China."
    (claim,) = _claims(rare_earth_store, text, "share")
    assert claim["iso3"] != "CHN" and claim["verdict"] == "not-checkable", claim


def test_country_named_before_the_figure_is_still_its_subject(rare_earth_store: Store):
    text = "China mined 270,000 tonnes of rare earths in 2024, about 69% of global output."
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] == "CHN" and claim["verdict"] == "supported"


# -- a country locating one facility ----------------------------------------------------------
def test_a_mine_located_in_a_country_is_not_the_country(rare_earth_store: Store):
    # one mine's 100,000 t says nothing of China's 270,000 t
    text = "The Weishan mine in China yielded about 100,000 tonnes of rare earths in 2024."
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] is None and claim["verdict"] == "not-checkable", claim


def test_a_plant_based_in_a_country_is_not_the_country(rare_earth_store: Store):
    text = "A separation plant based in Australia mined 2,000 tonnes of rare earths in 2024."
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] is None, claim


def test_mines_in_a_country_are_still_the_country(rare_earth_store: Store):
    # a plural head may be every mine of the country: still China's output
    text = "Rare earth mines in China yielded 270,000 tonnes in 2024."
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] == "CHN" and claim["verdict"] == "supported"


# -- a superseded estimate ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Russia's rare earth reserves, once estimated at 21 million tonnes, shrank sharply.",
        "Russia had been credited with 10 million tonnes of rare earth reserves before the "
        "latest revision.",
        "An earlier estimate put Russia's rare earth reserves at 10 million tonnes.",
    ],
)
def test_superseded_estimate_is_not_refuted_by_the_current_one(rare_earth_store: Store, text):
    # MCS 2025 gives Russia 3,800,000 t; the sentence reports what an older estimate said
    (claim,) = _claims(rare_earth_store, text, "reserves")
    assert claim["iso3"] == "RUS"
    assert claim["verdict"] == "not-checkable", claim["explanation"]


def test_current_estimate_still_checked(rare_earth_store: Store):
    text = "Russia's rare earth reserves now stand at 10 million tonnes."
    (claim,) = _claims(rare_earth_store, text, "reserves")
    assert claim["verdict"] == "refuted"  # MCS 2025: 3,800,000 t


def test_a_facility_sentence_gives_no_country_named_before_it(rare_earth_store: Store):
    # the owner's nationality ('Australian') is not the subject of the project's figure
    text = (
        "An Australian company said its Songwe project in Malawi mined 10,000 tonnes of "
        "rare earths in 2024."
    )
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] is None and claim["verdict"] == "not-checkable", claim


def test_a_facility_figure_does_not_pass_to_a_country_named_after_it(rare_earth_store: Store):
    text = (
        "The Bayan Obo mine in China yielded about 100,000 tonnes of rare earths in 2024, "
        "while Australia mined 13,000 tonnes."
    )
    found = {c["value"]: c for c in _claims(rare_earth_store, text, "production")}
    assert found[100000.0]["iso3"] is None
    assert found[13000.0]["iso3"] == "AUS" and found[13000.0]["verdict"] == "supported"


# -- a part of the group measured by the group's totals ----------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Australia mined 5,000 tonnes of NdPr oxide in 2024.",
        "China mined 270,000 tonnes of rare earths in 2024, of which 60,000 tonnes was NdPr.",
    ],
)
def test_ndpr_tonnage_is_not_compared_with_all_rare_earths(rare_earth_store: Store, text):
    found = [c for c in _claims(rare_earth_store, text, "production") if c["commodity"] == "ndpr"]
    assert found, "the NdPr figure is read"
    assert all(c["verdict"] == "not-checkable" for c in found), found


# -- estimates the text sets against each other --------------------------------------------------
def test_contrasted_estimates_are_not_asserted(rare_earth_store: Store):
    text = (
        "China accounts for 60% of rare earth mining by some estimates, and for as much as "
        "90% by others."
    )
    for claim in _claims(rare_earth_store, text, "share"):
        assert claim["verdict"] == "not-checkable", claim
    assert _claims(rare_earth_store, text, "share")


def test_a_named_source_is_still_checked(rare_earth_store: Store):
    text = "China accounts for 60% of rare earth mining, according to the IEA."
    (claim,) = _claims(rare_earth_store, text, "share")
    assert claim["verdict"] == "refuted"  # MCS 2025: 69.2 %


# -- former standings, older sources, reported claims -------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The United States, once the world's largest rare earth miner, has been overtaken.",
        "Vietnam has the world's second-largest rare earth reserves, according to older USGS data.",
        "Russia claims the world's second-largest rare earth reserves.",
        "Moscow insists that Russia holds the world's second-largest rare earth reserves.",
    ],
)
def test_rank_not_asserted_for_now_is_not_refuted(rare_earth_store: Store, text):
    (claim,) = _claims(rare_earth_store, text, "ranking")
    assert claim["verdict"] == "not-checkable", claim["explanation"]


def test_a_rank_said_by_a_source_is_still_checked(rare_earth_store: Store):
    # 'said' attributes a statement the text makes: checked as usual
    text = "Russia has the world's second-largest rare earth reserves, officials said."
    (claim,) = _claims(rare_earth_store, text, "ranking")
    assert claim["verdict"] == "refuted"  # fifth in MCS 2025


def test_a_facility_named_after_the_figure_is_not_its_country(rare_earth_store: Store):
    # no country before the figure: the one after it locates the company's mine
    text = "In 2024 the company mined 2,000 tonnes of rare earths at its pit in Australia."
    (claim,) = _claims(rare_earth_store, text, "production")
    assert claim["iso3"] is None and claim["verdict"] == "not-checkable", claim


# -- national figures and named facilities ---------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Russia's rare earth reserves total 28 million tonnes, according to its natural "
        "resources ministry.",
        "Russia holds 12 million tonnes of rare earth reserves, the country's geology service "
        "says.",
        "Vietnam's rare earth reserves are put at 22 million tonnes by the Vietnamese government.",
    ],
)
def test_national_authority_figure_is_not_refuted(rare_earth_store: Store, text):
    # national classifications (and statistics) are another basis than the USGS estimate
    (claim,) = _claims(rare_earth_store, text, "reserves")
    assert claim["verdict"] == "not-checkable"
    assert "national authority" in claim["reason"]


def test_us_survey_as_source_is_still_checked(rare_earth_store: Store):
    text = "Russia holds 12 million tonnes of rare earth reserves, the US Geological Survey says."
    (claim,) = _claims(rare_earth_store, text, "reserves")
    assert claim["verdict"] == "refuted"  # MCS 2025: 3,800,000 t


def test_named_deposit_of_a_country_is_not_the_country(rare_earth_store: Store):
    text = "Greenland's Kvanefjeld deposit holds 11 million tonnes of rare earth reserves."
    (claim,) = _claims(rare_earth_store, text, "reserves")
    assert claim["iso3"] is None and claim["verdict"] == "not-checkable", claim
