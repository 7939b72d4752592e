"""Precision guards from the seen held-out sets 8 and 9 (issue 17, session 5, pr9).

Each test names one general mechanism, with sentences written for the test:

- a change compared with a figure of a named year ('rising by 150,000 t compared to the
  total of 2.6 Mt in 2022') runs FROM that year: the year dates the baseline, not the
  end of the change; without any year (an undated 'year on year') the change has no
  period and is not compared;
- each figure of a sentence takes the measure of its own phrase: in 'mined 2,900 t in
  2024 out of its reserves of 6.9 Mt' the reserves word belongs to 6.9 Mt only;
- a share of a world total published as a lower bound ('>90 Mt') is only an upper bound
  (the larger of the bound and the listed countries' sum gives the tightest): it refutes
  a claim above it and supports only 'less than X' or the division itself written to its
  own rounding, never a point share such as 'around 6%';
- a bare ordinal on a noun that is no ranking head ('the second leg of a tour') is no rank;
- an event claim ends before a trailing attribution to a titled person;
- a figure agreed only by the floor of the tolerance (10 % of a mass, 2.5 pp of a share)
  while its written interval and the evidence's do not meet ('43,000 t' against 45,000 t,
  '9%' against 7.95 %) is not-checkable, 'close to but not equal to' the evidence;
- a text table's 'Rank' column beside a mass column is a rank claim of its own: a row whose
  tonnage agrees may still stand at the wrong place;
- 'the largest supplier' in a sentence about imports, or 'supplier ... to Japan', ranks
  import sources (a trade rank, not-checkable), not producers.

Evidence: the ``rare_earth_store`` fixture (typed in from USGS MCS 2023-2025; MCS 2025
2024 mine production India 2,900 t, reserves India 6.9 Mt).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.claims import change_slots
from assay.store import Store

DATED = "2025-06-01"  # after MCS 2025 (data year 2024)


def _claims(store: Store, text: str, kind: str, date: str | None = DATED) -> list[dict]:
    claims = check_text(store, text, title="", date=date)["claims"]
    return [c for c in claims if c["type"] == kind]


# -- the base year of a change ---------------------------------------------------------------
def test_year_after_a_compared_baseline_starts_the_change():
    text = "Output grew year on year, up by 40,000 t compared with the total of 300,000 t in 2021."
    slots = change_slots(text, 0, len(text), None)
    assert (slots["change_from"], slots["change_to"]) == (2021, 2022)


def test_figure_year_after_a_compared_baseline_is_the_end_of_the_change():
    text = "In 2024 output was up by 5,000 t compared to the level of 40,000 t in 2022."
    slots = change_slots(text, 0, len(text), 2024)
    assert (slots["change_from"], slots["change_to"]) == (2022, 2024)


def test_year_on_year_without_any_year_has_no_period():
    text = "Output rose by 20,000 tonnes year on year."
    slots = change_slots(text, 0, len(text), None)
    assert slots["change_to"] is None and slots["change_from"] is None


def test_undated_year_on_year_change_is_not_refuted(rare_earth_store: Store):
    text = "Myanmar's rare earth output rose by 90,000 tonnes year on year."
    found = [c for c in _claims(rare_earth_store, text, "production", date=None)
             if c.get("measure_kind") == "change"]  # fmt: skip
    assert found and all(c["verdict"] == "not-checkable" for c in found), found


def test_baseline_after_a_total_of_keeps_its_own_year(rare_earth_store: Store):
    text = (
        "India's rare earth production increased year on year, rising by 100 tonnes "
        "compared to the total of 2,900 tonnes in 2023."
    )
    found = _claims(rare_earth_store, text, "production")
    base = [c for c in found if c.get("value") == 2900]
    change = [c for c in found if c.get("measure_kind") == "change"]
    assert base and base[0]["period"] == 2023, found
    assert change and change[0]["change_from"] == 2023 and change[0]["period"] == 2024, change
    assert all(c["verdict"] != "refuted" for c in found), found


# -- one measure per figure ------------------------------------------------------------------
def test_mined_figure_before_out_of_its_reserves_is_production(rare_earth_store: Store):
    text = (
        "India mined 2,900 tonnes of rare earths in 2024 out of its reserves of 6.9 million tonnes."
    )
    claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
    by_value = {c.get("value"): c for c in claims if c.get("value") in (2900, 6.9e6)}
    assert by_value[2900]["measure"] == "mine_production", by_value
    assert by_value[2900]["verdict"] == "supported", by_value[2900]["explanation"]
    assert by_value[6.9e6]["measure"] == "reserves"
    assert by_value[6.9e6]["verdict"] == "supported"


def test_reserves_figure_before_production_phrase_keeps_reserves(rare_earth_store: Store):
    # the mirror: the first figure is the reserves, the later one is handed to 'from'
    text = (
        "India holds reserves of 6.9 million tonnes of rare earths, from which it mined "
        "2,900 tonnes in 2024."
    )
    claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
    by_value = {c.get("value"): c for c in claims if c.get("value") in (2900, 6.9e6)}
    assert by_value[6.9e6]["measure"] == "reserves"
    assert all(c["verdict"] != "refuted" for c in by_value.values()), by_value


# -- a share of a world total published as a bound ---------------------------------------------
@pytest.fixture()
def bound_store(rare_earth_store: Store) -> Iterator[Store]:
    """The MCS 2025 world reserves as published: a lower bound, '>90,000,000' t (the fixture
    omits it; the listed countries sum to 88.3 Mt, so India's 6.9 Mt is at most 7.67 %)."""
    rare_earth_store.con.execute(
        "INSERT INTO observation (commodity_id, iso3, area_kind, area_name, measure, data_year, "
        "value, unit, source_id, edition, qualifier) VALUES ('rare-earths', NULL, 'world', "
        "'World total', 'reserves', 2024, 90e6, 't', 'news-test-mcs2025-raree', 2025, '>')"
    )
    yield rare_earth_store


def _share(store: Store, text: str) -> dict:
    found = [c for c in _claims(store, text, "share") if c.get("subject") == "India"]
    assert found, text
    return found[0]


def test_point_share_of_a_bounded_total_is_not_supported(bound_store: Store):
    c = _share(bound_store, "India holds around 6 per cent of the world's rare earth reserves.")
    assert c["verdict"] == "not-checkable", c["explanation"]
    assert "lower bound" in c["explanation"]


def test_share_above_the_bound_is_refuted(bound_store: Store):
    c = _share(bound_store, "India holds 20 per cent of the world's rare earth reserves.")
    assert c["verdict"] == "refuted", c["explanation"]


def test_upper_bound_share_on_the_bound_side_is_supported(bound_store: Store):
    c = _share(bound_store, "India holds less than 8 per cent of the world's rare earth reserves.")
    assert c["verdict"] == "supported", c["explanation"]


def test_share_quoting_the_published_division_is_supported(bound_store: Store):
    # 6.9 / 90 = 7.67 %: the writer divided the published figures
    c = _share(bound_store, "India holds 7.7 per cent of the world's rare earth reserves.")
    assert c["verdict"] == "supported", c["explanation"]


# -- an ordinal that is no rank ----------------------------------------------------------------
def _ranks(store: Store, text: str) -> list[dict]:
    return _claims(store, text, "ranking")


def test_ordinal_on_a_trip_noun_is_no_rank(rare_earth_store: Store):
    text = (
        "The U.S. president, on the second leg of his tour, signed a deal on rare earth "
        "mining and processing."
    )
    found = [c for c in _ranks(rare_earth_store, text) if c.get("rank") == 2]
    assert found, "the ordinal is read as a candidate rank and judged"
    assert all(c["verdict"] == "not-checkable" for c in found), found
    assert all("ranking head" in c["explanation"] for c in found)


def test_ordinal_before_a_ranking_head_is_still_a_rank(rare_earth_store: Store):
    for text in (
        "The United States is the second producer of rare earths.",
        "The United States ranks second in rare earth mining.",
        "The United States was second only to China in rare earth mining.",
    ):
        found = [c for c in _ranks(rare_earth_store, text) if c.get("rank") == 2]
        assert found and found[0]["verdict"] == "supported", (text, found)


# -- an event claim ends before a person's title -------------------------------------------------
def _events(store: Store, text: str) -> list[dict]:
    return [c for c in _claims(store, text, "event") if c["event"]["type"] != "office_held"]


def test_event_claim_span_stops_before_a_titled_source(rare_earth_store: Store):
    text = (
        "China decided in December to ban exports of antimony to the U.S., according to "
        "Jane Doe, head of research at Acme Metals."
    )
    found = _events(rare_earth_store, text)
    assert found, "the ban is read as an event"
    for c in found:
        assert "Jane Doe" not in c["text"] and "head of research" not in c["text"], c["text"]
        assert c["span"][1] <= text.index("according")


def test_event_claim_keeps_a_document_attribution(rare_earth_store: Store):
    # 'an announcement Thursday' may date the event: it stays in the claim
    text = "China will restrict exports of antimony, according to an announcement Thursday."
    found = _events(rare_earth_store, text)
    assert found and all("announcement Thursday" in c["text"] for c in found), found


# -- close to, but not, the evidence -------------------------------------------------------------
# MCS 2025 (fixture): United States 45,000 t and Myanmar 31,000 t of 390,000 t in 2024.
def _verdict(store: Store, text: str, kind: str, value: float) -> dict:
    found = [c for c in _claims(store, text, kind) if c.get("value") == value]
    assert found, (text, _claims(store, text, kind))
    return found[0]


def test_mass_beyond_its_rounding_but_within_the_floor_is_not_checkable(rare_earth_store: Store):
    # '43,000' stands for 42,500-43,500; 45,000 is 4.4 % away (inside the 10 % floor)
    text = "The United States mined 43,000 tonnes of rare earths in 2024."
    c = _verdict(rare_earth_store, text, "production", 43000)
    assert c["verdict"] == "not-checkable", c["explanation"]
    assert "close to but not equal" in c["explanation"]


def test_mass_within_its_rounding_is_supported(rare_earth_store: Store):
    for text, value in (
        ("The United States mined 45,000 tonnes of rare earths in 2024.", 45000),
        ("The United States mined about 40,000 tonnes of rare earths in 2024.", 40000),
    ):
        c = _verdict(rare_earth_store, text, "production", value)
        assert c["verdict"] == "supported", c["explanation"]


def test_mass_beyond_the_floor_is_still_refuted(rare_earth_store: Store):
    text = "The United States mined 30,000 tonnes of rare earths in 2024."
    assert _verdict(rare_earth_store, text, "production", 30000)["verdict"] == "refuted"


def test_share_beyond_its_rounding_but_within_the_floor_is_not_checkable(rare_earth_store: Store):
    # 31,000 / 390,000 = 7.95 %, published to two figures (+-0.23 pp); '9%' is 8.5-9.5
    text = "Myanmar accounted for 9% of global rare earth mine production in 2024."
    c = _verdict(rare_earth_store, text, "share", 9.0)
    assert c["verdict"] == "not-checkable", c["explanation"]
    assert "close to but not equal" in c["explanation"]
    text = "Myanmar accounted for 8% of global rare earth mine production in 2024."
    assert _verdict(rare_earth_store, text, "share", 8.0)["verdict"] == "supported"


# -- the rank column of a text table -----------------------------------------------------------
_TABLE = (
    "Top rare earth producers in 2024:\n"
    "Rank | Country | Mine production (tonnes)\n"
    "---|---|---\n"
    "1 | China | 270,000\n"
    "2 | Myanmar | 31,000\n"
    "3 | United States | 45,000\n"
)


def test_rank_column_is_checked_beside_the_row_value(rare_earth_store: Store):
    claims = check_text(rare_earth_store, _TABLE, title="", date=DATED)["claims"]
    ranks = {c["subject"]: c for c in claims if c["type"] == "ranking"}
    tonnes = {c["subject"]: c for c in claims if c["type"] == "production"}
    assert ranks["China"]["rank"] == 1 and ranks["China"]["verdict"] == "supported"
    # Myanmar's tonnage is right, its place is not (the United States is second)
    assert tonnes["Burma"]["verdict"] == "supported"
    assert ranks["Burma"]["rank"] == 2 and ranks["Burma"]["verdict"] == "refuted"


def test_table_without_a_rank_column_claims_no_rank(rare_earth_store: Store):
    text = _TABLE.replace("Rank | ", "Item | ")
    claims = check_text(rare_earth_store, text, title="", date=DATED)["claims"]
    assert not [c for c in claims if c["type"] == "ranking" and c.get("pattern") == "table rank"]


# -- a supplier rank among import sources ------------------------------------------------------
def _first_ranks(store: Store, text: str) -> list[dict]:
    return [c for c in _ranks(store, text) if c.get("subject") == "China" and c.get("rank") == 1]


def test_largest_supplier_of_imports_is_no_production_rank(rare_earth_store: Store):
    for text in (
        "The US relies on imports for most of its rare earths, with China being the largest "
        "supplier.",
        "China is the largest supplier of rare earths to Japan.",
    ):
        found = _first_ranks(rare_earth_store, text)
        assert found, text
        assert all(c["verdict"] == "not-checkable" and c["frame"] == "trade" for c in found), (
            text,
            found,
        )


def test_largest_supplier_to_the_world_is_still_a_production_rank(rare_earth_store: Store):
    found = _first_ranks(rare_earth_store, "China is the world's largest supplier of rare earths.")
    assert found and found[0]["verdict"] == "supported", found
