"""Guards from the seen held-out set 10 (issue 17, session 5, pr10).

Each test names one general mechanism, with sentences written for the test:

- a rank phrase in apposition to a name ('Acme Metals, the world's biggest maker of
  palladium, said ...') is that name's: a company's rank is not-checkable, whatever
  country the rest of the sentence names ('new EU tariffs'); a country in apposition keeps
  its rank;
- an epithet that says, announces or plans ('The world's top producer of the metal said
  on Monday ...') is the organisation named before, and a country named only as a place
  ('its smelter in Chile') is never the epithet's antecedent;
- 'the (African) nation' before a rank verb is the country the text spoke of before, not
  a country the sentence names as an example ('in places like Australia');
- a named member of a family chapter (platinum, palladium; rutile, ilmenite) is compared
  with its own rows of the chapter, never with the family's figures; a measure the MCS
  gives only for the family (PGM reserves) is not-checkable for a member;
- 'lead' as the noun of advantage ('a technological lead', 'its commanding lead') is no
  metal, unless a metal noun follows ('lead ore', 'lead production');
- a forecast ('should reach', 'on track to', 'seen at', 'poised to') is never compared;
- a share whose world total is not published (the listed countries' sum stands in) is
  only an upper bound and never supports a point share ('roughly 23%'), even one that
  equals the division to its own rounding.

Evidence: the ``mcs_store`` fixture (USGS MCS 2023-2025 from the shared data). MCS 2024,
data year 2023: palladium mine production Russia 92 t of world 210 t, platinum South
Africa 120 t (first), Russia 23 t of world 180 t (12.8 %); copper Peru 2.6 Mt; rutile
Australia 200,000 t.
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text
from assay.store import Store

DATED = "2024-09-01"  # MCS 2024 current (data year 2023)


def _claims(store: Store, text: str, kind: str, date: str | None = DATED) -> list[dict]:
    claims = check_text(store, text, title="", date=date)["claims"]
    return [c for c in claims if c["type"] == kind]


@pytest.fixture()
def mcs(mcs_store: Store) -> Store:
    return mcs_store


# -- apposition and epithets -----------------------------------------------------------------
def test_company_in_apposition_owns_the_rank_not_a_later_country(mcs: Store):
    text = (
        "Acme Metals, the world's biggest producer of palladium, said it was studying the "
        "effect of new US tariffs on its trading arm."
    )
    found = _claims(mcs, text, "ranking")
    assert found, "the rank phrase is still a claim"
    assert all(c["verdict"] == "not-checkable" for c in found), found
    assert all(c.get("iso3") in (None, "") for c in found), found
    assert any("Acme Metals" in (c.get("explanation") or "") for c in found), found


def test_country_in_apposition_keeps_its_rank(mcs: Store):
    text = "Russia, the world's largest producer of palladium, said it would keep exporting."
    found = _claims(mcs, text, "ranking")
    assert [c["verdict"] for c in found] == ["supported"], found
    assert "palladium" in found[0]["explanation"], found


def test_connective_before_the_comma_is_no_name(mcs: Store):
    text = "Meanwhile, the world's largest copper producer is Chile."
    found = _claims(mcs, text, "ranking")
    assert found and found[0].get("iso3") == "CHL", found


def test_speaking_epithet_is_the_organisation_not_a_place_named_before(mcs: Store):
    text = (
        "Borealis Mining is pausing its lithium smelter in Australia as prices fall. "
        "The world's top producer of the metal said on Monday it would cut jobs."
    )
    found = _claims(mcs, text, "ranking")
    assert found and all(c["verdict"] == "not-checkable" for c in found), found
    assert all(c.get("iso3") != "AUS" for c in found), found


def test_nation_anaphor_is_the_country_before_not_an_example(mcs: Store):
    text = (
        "Chile dug up 5 million tons of copper in 2023. Although copper is mined in many "
        "places such as Peru and China, the South American nation is the world's largest "
        "producer."
    )
    found = _claims(mcs, text, "ranking")
    assert found and found[0].get("iso3") == "CHL", found
    assert found[0]["verdict"] == "supported", found


# -- members of a family chapter -------------------------------------------------------------
def test_member_share_uses_its_own_row_not_the_family(mcs: Store):
    text = "Russia provides around 12.5% of the world's platinum mine output."
    found = _claims(mcs, text, "share")
    assert [c["verdict"] for c in found] == ["supported"], found
    assert "platinum-group-metals:platinum" in found[0]["explanation"], found


def test_member_figure_agrees_with_its_own_row(mcs: Store):
    text = "South Africa mined 120 tonnes of platinum in 2023, more than any other country."
    found = _claims(mcs, text, "production")
    assert found and found[0]["verdict"] == "supported", found
    assert found[0]["comparison"]["evidence_value"] == pytest.approx(120), found


def test_member_has_no_figure_where_only_the_family_is_published(mcs: Store):
    text = "South Africa holds the largest reserves of palladium in the world."
    found = _claims(mcs, text, "ranking")
    assert found and all(c["verdict"] == "not-checkable" for c in found), found


def test_group_total_is_not_read_from_one_member_row(mcs: Store):
    # MCS gives PGM mine production per metal only: no row stands for the group
    text = "South Africa accounts for 70% of the world's platinum-group metals mine output."
    found = _claims(mcs, text, "share")
    assert found and all(c["verdict"] == "not-checkable" for c in found), found
    assert "per member" in found[0]["explanation"], found


def test_family_named_without_hyphen_is_the_family(mcs: Store):
    text = "South Africa has the biggest reserves of platinum group metals on the planet."
    found = _claims(mcs, text, "ranking")
    assert [c["verdict"] for c in found] == ["supported"], found


def test_mineral_of_a_concentrates_chapter_uses_its_own_row(mcs: Store):
    text = "Australia produced about 200,000 tons of rutile in 2023."
    found = _claims(mcs, text, "production")
    assert found and found[0]["verdict"] == "supported", found
    assert "rutile" in found[0]["explanation"], found


def test_lead_as_advantage_is_no_metal(mcs: Store):
    text = (
        "Beijing's technological lead and grip on the market (60% of output, 90% of "
        "refining) worry buyers. China mined 42% of the world's lead ore in 2023."
    )
    claims = check_text(mcs, text, title="", date=DATED)["claims"]
    named = [c for c in claims if c.get("commodity") == "lead"]
    assert [c["text"][:13] for c in named] == ["China mined 4"], named


# -- forecasts -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase",
    ["should reach", "is on track to hit", "is seen at", "is poised to top"],
)
def test_forecast_of_a_level_is_never_compared(mcs: Store, phrase: str):
    text = f"Peru's copper output {phrase} 2.6 million metric tons this year, the ministry said."
    found = [c for c in _claims(mcs, text, "production") if "2.6" in c["text"]]
    assert found and all(c["verdict"] == "not-checkable" for c in found), found


def test_undated_this_year_figure_does_not_borrow_the_next_figures_year(mcs: Store):
    text = (
        "Peru's copper output hit 3 million metric tons this year after hitting 2.6 million "
        "tons in 2023."
    )
    found = _claims(mcs, text, "production", date=None)
    this_year = [c for c in found if c["comparison"] and c["comparison"]["claim_value"] == 3e6]
    assert this_year and all(c["verdict"] == "not-checkable" for c in this_year), found
    assert all(c.get("period") is None for c in this_year), found
    last = [c for c in found if c["comparison"] and c["comparison"]["claim_value"] == 2.6e6]
    assert last and last[0].get("period") == 2023, found


# -- upper-bound shares ----------------------------------------------------------------------
def test_share_of_unpublished_world_total_never_supports_a_point_share(mcs: Store):
    # MCS 2024 publishes no world potash reserves: Belarus's 750 Mt K2O of the listed
    # countries' sum is 22.8 %, an upper bound of its true share
    text = "Belarus controls roughly 23% of the world's potash reserves."
    found = _claims(mcs, text, "share")
    assert found and all(c["verdict"] == "not-checkable" for c in found), found
    assert "at most" in found[0]["explanation"], found
