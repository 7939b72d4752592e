"""Which edition may judge a statistical claim (issue 17, precision first).

Published values used (USGS Mineral Commodity Summaries, world tables in
``../shared/data``): Vietnam's rare-earth mine production for 2022 was 4,300 t in MCS 2023
and was revised to 1,200 t in MCS 2024; copper mine production ranks Congo (Kinshasa)
second for 2022 in MCS 2023 and third for 2023 in MCS 2024 (the store holds no copper
table of MCS 2025); Brazil's rare-earth reserves (21 Mt) equal Russia's in MCS 2023 and
stand alone in third place in MCS 2024. MCS 2024 appeared on 31 January 2024
(``news_edition_releases.csv``).
"""

from __future__ import annotations

from datetime import date

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.knowledge import KnowledgeBase
from assay.analyses.news.verdicts import (
    NOT_CHECKABLE,
    REFUTED,
    SUPPORTED,
    _two_figure_halfwidth,
    check_ranking,
    edition_at,
    gate,
    reconcile_named_sources,
)


def _verdicts(store, text: str, day: str | None) -> list[dict]:
    claims = check_text(store, text, title="", date=day)["claims"]
    return [c for c in claims if c["type"] in ("production", "reserves", "ranking", "share")]


# -- the edition current on a day, held or not ---------------------------------------------


@pytest.mark.parametrize(
    ("day", "edition"),
    [
        (date(2024, 1, 30), 2023),  # the day before MCS 2024's release
        (date(2024, 1, 31), 2024),  # its release day
        (date(2025, 7, 3), 2025),  # MCS 2025 appeared on 31 January 2025
        (date(2025, 1, 10), 2024),
    ],
)
def test_edition_at_uses_release_days(day: date, edition: int) -> None:
    assert edition_at(day) == edition


# -- undated articles: any edition that publishes the year could be the author's -----------


def test_undated_figure_matching_the_first_estimate_is_not_refuted_by_its_revision(
    seed_store,
) -> None:
    (claim,) = _verdicts(seed_store, "Vietnam mined 4,300 tonnes of rare earths in 2022.", None)
    assert claim["verdict"] == SUPPORTED
    assert claim["comparison"]["edition"] == 2023
    # the later revision is shown, not hidden
    assert "MCS 2024 disagrees" in claim["explanation"]


def test_dated_figure_is_judged_by_the_edition_current_at_publication(seed_store) -> None:
    # in June 2024 the author could read MCS 2024, which had already revised 2022; the
    # figure is still MCS 2023's published estimate of 2022, so the revision withholds the
    # refutation (p6: quoting an official estimate later revised is not a false statement)
    (claim,) = _verdicts(
        seed_store, "Vietnam mined 4,300 tonnes of rare earths in 2022.", "2024-06-01"
    )
    assert claim["verdict"] == NOT_CHECKABLE
    assert claim["comparison"]["edition"] == 2024
    assert "MCS 2023's estimate for 2022" in claim["reason"]
    (claim,) = _verdicts(
        seed_store, "Vietnam mined 9,000 tonnes of rare earths in 2022.", "2024-06-01"
    )
    assert claim["verdict"] == REFUTED  # no edition supports it


def test_undated_figure_no_edition_supports_is_still_refuted(seed_store) -> None:
    (claim,) = _verdicts(seed_store, "Vietnam mined 9,000 tonnes of rare earths in 2022.", None)
    assert claim["verdict"] == REFUTED


# -- dated articles whose current edition the store lacks ----------------------------------


def test_rank_true_in_an_older_edition_is_not_refuted_when_the_current_one_is_missing(
    seed_store,
) -> None:
    text = "The Democratic Republic of the Congo is the world's second largest copper producer."
    (claim,) = _verdicts(seed_store, text, "2025-07-01")
    assert claim["verdict"] == NOT_CHECKABLE
    assert "MCS 2025" in claim["reason"]
    # a year earlier MCS 2024 was current and is held, but it puts Congo (2,500,000 t)
    # within 5% of Peru (2,600,000 t) in second place: too close to refute (pr8's close-rank
    # rule; the national figures the news quoted, 2.84 Mt against 2.76 Mt, reverse it)
    (claim,) = _verdicts(seed_store, text, "2024-06-01")
    assert claim["verdict"] == NOT_CHECKABLE
    assert "do not settle the order" in claim["reason"]


def test_reserve_rank_every_held_edition_contradicts_stays_refuted(seed_store) -> None:
    # cobalt reserves: Congo (Kinshasa) first, Australia second in MCS 2023 and MCS 2024
    text = "Australia has the world's largest cobalt reserves."
    (claim,) = _verdicts(seed_store, text, "2025-07-01")
    assert claim["verdict"] == REFUTED
    assert "every edition held" in claim["explanation"]


def test_output_rank_is_not_refuted_from_older_editions(seed_store) -> None:
    # output ranks move (the DRC's copper rank: second in MCS 2023, third in MCS 2024):
    # wrong in both held editions is not wrong in the missing MCS 2025
    text = "The Democratic Republic of the Congo is the world's largest copper producer."
    (claim,) = _verdicts(seed_store, text, "2025-07-01")
    assert claim["verdict"] == NOT_CHECKABLE


def test_yearly_output_compared_with_a_superseded_year_is_not_judged(seed_store) -> None:
    # 5.5 Mt is within 10 % of MCS 2024's 5.0 Mt for 2023, but in mid-2025 the author
    # meant 2024, which the store lacks: no support from another year's figure
    (claim,) = _verdicts(seed_store, "Chile produced 5.5 million tons of copper.", "2025-07-01")
    assert claim["verdict"] == NOT_CHECKABLE


def _stale_result(verdict: str, edition: int, data_year: int) -> dict:
    return {
        "verdict": verdict,
        "explanation": "x",
        "evidence": [{"role": "current", "edition": edition, "iso3": "CHL"}],
        "comparison": {"measure": "mine_production", "stage": "mining",
                       "data_year": data_year, "edition": edition},
    }  # fmt: skip


def test_gate_lets_a_final_year_through_from_an_older_edition() -> None:
    # MCS 2025 republishes 2023 and 2024 only; 2021 was final in MCS 2023
    claim = {"type": "production", "measure": "mine_production", "iso3": "CHL", "period": 2021}
    kept = gate(_stale_result(REFUTED, 2023, 2021), claim, date(2025, 7, 1))
    assert kept["verdict"] == REFUTED
    claim = {**claim, "period": 2023}
    blocked = gate(_stale_result(REFUTED, 2024, 2023), claim, date(2025, 7, 1))
    assert blocked["verdict"] == NOT_CHECKABLE


# -- a source year named in the text ----------------------------------------------------


def test_figures_from_a_named_older_release_are_not_judged(seed_store) -> None:
    text = (
        "The country table was published by the USGS in 2014. Russia holds tungsten "
        "reserves of 250,000 tons, and Austria holds 10,000 tons."
    )
    claims = _verdicts(seed_store, text, "2024-11-01")
    assert claims and all(c["verdict"] == NOT_CHECKABLE for c in claims)
    assert all("source of 2014" in c["reason"] for c in claims)
    # without the source year the same figures are judged by MCS 2024
    claims = _verdicts(seed_store, text.split(". ", 1)[1], "2024-11-01")
    assert {c["verdict"] for c in claims} == {REFUTED, SUPPORTED}


@pytest.mark.parametrize(
    ("preamble", "kept"),
    [
        ("According to its 2024 report, ", True),  # the edition compared
        ("According to its 2021 report, ", False),
        ("Data in Mineral Commodity Summaries 2022 show that ", False),
        ("Production rose in 2021, and ", True),  # a data year is not a source year
    ],
)
def test_named_source_year_against_edition_compared(preamble: str, kept: bool) -> None:
    text = preamble + "Chile holds 190 million tons of copper reserves."
    judged = [{
        "type": "reserves", "verdict": SUPPORTED, "explanation": "x",
        "span": [len(preamble), len(text)],
        "evidence": [{"role": "current", "edition": 2024}],
        "comparison": {"edition": 2024},
    }]  # fmt: skip
    reconcile_named_sources(judged, text)
    assert (judged[0]["verdict"] == SUPPORTED) is kept


# -- a shared rank -------------------------------------------------------------------------


def test_tied_rank_needs_a_tie_in_the_edition(seed_store) -> None:
    text = "Brazil's rare earth reserves are tied for third largest in the world."
    (claim,) = _verdicts(seed_store, text, "2023-06-01")  # MCS 2023: Brazil = Russia
    assert claim["verdict"] == SUPPORTED
    (claim,) = _verdicts(seed_store, text, "2024-06-01")  # MCS 2024: Brazil alone third
    assert claim["verdict"] == NOT_CHECKABLE
    assert "shared" in claim["reason"]


# -- a share worded as production, with no stage named ----------------------------------
# (rare_earth_store: MCS 2025 China 270,000 of 390,000 t mined in 2024 = 69.2 %; the
# stage table gives China about 90 % of separation/refining)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # the statistics' word for mine output: the mining reading decides support
        ("China produces roughly 70% of all rare earths in the world.", SUPPORTED),
        ("China is behind about 69% of the world's rare earth production.", SUPPORTED),
        # supply or control of rare earths: either stage may be meant, and they disagree
        ("China supplies about 70% of the world's rare earths.", NOT_CHECKABLE),
        # processing agrees, mining does not: 'produces' does not make it supported
        ("China produces 90% of the world's rare earths.", NOT_CHECKABLE),
    ],
)
def test_production_wording_selects_mine_output_for_support(
    rare_earth_store, text: str, verdict: str
) -> None:
    (claim,) = [c for c in _verdicts(rare_earth_store, text, "2025-03-01") if c["type"] == "share"]
    assert claim["verdict"] == verdict, claim["explanation"]


# -- group shares and ranks within a group ---------------------------------------------
# (rare_earth_store, MCS 2025 mine production 2024: China 270,000, United States 45,000,
# Burma 31,000 of a world 390,000 t; the three together 346,000 t = 88.7 %)


def _one_share(store, text: str) -> dict:
    (claim,) = [c for c in _verdicts(store, text, "2025-03-01") if c["type"] == "share"]
    return claim


def test_share_of_a_coordinated_subject_is_the_members_sum(rare_earth_store) -> None:
    claim = _one_share(
        rare_earth_store,
        "Myanmar, China and the United States together mine 88% of the world's rare earths.",
    )
    assert claim["verdict"] == SUPPORTED, claim["explanation"]
    assert claim["comparison"]["evidence_value"] == pytest.approx(88.72, abs=0.01)
    # three rounded shares: the tolerance grows with the square root of the members
    assert claim["comparison"]["tolerance"] == pytest.approx(2.5 * 3**0.5, abs=0.01)
    wrong = _one_share(
        rare_earth_store,
        "Myanmar, China and the United States together mine 60% of the world's rare earths.",
    )
    assert wrong["verdict"] == REFUTED


def test_one_figure_per_member_is_not_a_group_share(rare_earth_store) -> None:
    claim = _one_share(
        rare_earth_store,
        "Myanmar and the United States follow, each mining about 10% of world rare earths.",
    )
    assert "together" not in claim["explanation"]
    assert (claim.get("subject_group") or []) == []


@pytest.mark.parametrize(
    "text",
    [
        "Among Western nations, the United States is the largest rare earth miner.",
        "Among NATO members, the United States mines the most rare earths.",
    ],
)
def test_rank_within_an_undefined_group_is_not_a_world_rank(rare_earth_store, text) -> None:
    claims = [c for c in _verdicts(rare_earth_store, text, "2025-03-01") if c["type"] == "ranking"]
    assert claims
    for claim in claims:
        assert claim["verdict"] == NOT_CHECKABLE
        assert "within a group" in claim["reason"]


def test_top_n_wording_is_still_a_world_rank(rare_earth_store) -> None:
    text = "The United States is among the top three countries for rare earth mining."
    claims = [c for c in _verdicts(rare_earth_store, text, "2025-03-01") if c["type"] == "ranking"]
    assert claims
    assert all("within a group" not in (c.get("reason") or "") for c in claims)


# -- a release the text names judges its figures ---------------------------------------


def test_named_release_judges_its_own_figures(seed_store) -> None:
    # MCS 2023 published Vietnam's 2022 output as 4,300 t; MCS 2024 as 1,200 t
    text = (
        "According to data released by the USGS in 2023, Vietnam mined 4,300 tons of rare earths."
    )
    (claim,) = _verdicts(seed_store, text, "2025-03-01")
    assert claim["verdict"] == SUPPORTED
    assert claim["comparison"]["edition"] == 2023 and claim["comparison"]["data_year"] == 2022


def test_named_release_the_store_lacks_leaves_figures_unjudged(seed_store) -> None:
    text = (
        "According to a report published in 2014, Russia holds tungsten reserves of 250,000 tons."
    )
    (claim,) = _verdicts(seed_store, text, "2025-11-01")
    assert claim["verdict"] == NOT_CHECKABLE
    assert "release of 2014" in claim["reason"]


def test_amount_of_a_coordinated_subject_is_the_members_sum(rare_earth_store) -> None:
    # 270,000 + 45,000 t = 315,000 t (MCS 2025, 2024)
    text = "China and the United States together mined 315,000 tonnes of rare earths in 2024."
    (claim,) = [c for c in _verdicts(rare_earth_store, text, "2025-03-01")
                if c["type"] == "production"]  # fmt: skip
    assert claim["verdict"] == SUPPORTED, claim["explanation"]
    assert claim["comparison"]["evidence_value"] == pytest.approx(315_000)
    assert {e["iso3"] for e in claim["evidence"]} == {"CHN", "USA"}


def test_only_the_countries_next_to_the_figure_form_its_subject(rare_earth_store) -> None:
    text = (
        "Myanmar and the United States trail far behind, while China holds 69% of world "
        "rare earth mine production."
    )
    claim = _one_share(rare_earth_store, text)
    assert claim["subject"] == "China" and claim["verdict"] == SUPPORTED


# -- changes between two years of one edition ------------------------------------------


def _change(store, text: str, day: str | None) -> dict:
    (claim,) = [c for c in check_text(store, text, title="", date=day)["claims"]
                if c.get("measure_kind") == "change"]  # fmt: skip
    return claim


def test_two_figure_halfwidth() -> None:
    # half a unit of the second significant figure
    assert _two_figure_halfwidth(45_000) == 500
    assert _two_figure_halfwidth(1_200) == 50
    assert _two_figure_halfwidth(4.3) == pytest.approx(0.05)


def test_factor_is_computed_from_two_years_of_one_edition(seed_store) -> None:
    # MCS 2023: Vietnam 400 t (2021) -> 4,300 t (2022), x10.75; an undated article may
    # have been written under it (MCS 2024 no longer publishes 2021)
    claim = _change(seed_store, "Vietnam increased rare earth mining tenfold in 2022.", None)
    assert claim["verdict"] == SUPPORTED
    assert claim["comparison"]["evidence_value"] == pytest.approx(10.75)
    assert claim["comparison"]["edition"] == 2023


def test_change_the_current_edition_cannot_compute_is_not_judged(seed_store) -> None:
    claim = _change(
        seed_store, "Vietnam increased rare earth mining tenfold in 2022.", "2024-03-01"
    )
    assert claim["verdict"] == NOT_CHECKABLE


def test_change_in_the_wrong_direction_is_refuted(seed_store) -> None:
    # MCS 2025: Burma 43,000 t (2023) -> 31,000 t (2024), -28 %
    up = _change(seed_store, "Myanmar's rare earth mining rose 30% in 2024.", "2025-03-01")
    assert up["verdict"] == REFUTED, up["explanation"]
    down = _change(seed_store, "Myanmar's rare earth mining fell 28% in 2024.", "2025-03-01")
    assert down["verdict"] == SUPPORTED, down["explanation"]


@pytest.mark.parametrize(
    "text",
    [
        # two figures after two countries: whose is which is for the extractor to say
        "Australia and China mined 13,000 tonnes and 270,000 tonnes of rare earths in 2024.",
        "China and Myanmar hold 69% and 8% of world rare earth mine production.",
    ],
)
def test_several_figures_after_coordinated_countries_are_not_summed(
    rare_earth_store, text: str
) -> None:
    claims = [c for c in _verdicts(rare_earth_store, text, "2025-03-01")
              if c["type"] in ("production", "share")]  # fmt: skip
    assert claims
    for claim in claims:
        assert claim["verdict"] == NOT_CHECKABLE, claim["explanation"]
        assert "coordinated countries" in claim["reason"]


@pytest.mark.parametrize(
    "text",
    [
        "Unlike Australia and Brazil, Myanmar mined 31,000 tonnes of rare earths in 2024.",
        "Both China and Myanmar mined more than 30,000 tonnes of rare earths in 2024.",
        # the distributive word may come at the end of the clause
        "China and Myanmar mined over 30,000 tonnes of rare earths each in 2024.",
    ],
)
def test_a_list_before_the_subject_or_a_distributive_figure_is_each_countrys(
    rare_earth_store, text: str
) -> None:
    (claim,) = [c for c in _verdicts(rare_earth_store, text, "2025-03-01")
                if c["type"] == "production"]  # fmt: skip
    assert claim["subject"] == "Burma"
    assert claim["verdict"] == SUPPORTED, claim["explanation"]


def test_the_only_figure_after_a_list_is_the_lists(rare_earth_store) -> None:
    text = "China, the United States and Myanmar account for 89% of world rare earth mining."
    claim = _one_share(rare_earth_store, text)
    assert claim["verdict"] == SUPPORTED, claim["explanation"]
    assert claim["comparison"]["evidence_value"] == pytest.approx(88.72, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "Myanmar's rare earth mining rose 30% in the first quarter of 2024.",  # part of a year
        "Myanmar's rare earth mining rose 30% year on year in March 2024.",
        "Myanmar's rare earth mining rose 30% over five years to 2024.",  # several years
        "Myanmar's rare earth mining capacity rose 30% in 2024.",  # capacity, not output
        "Myanmar's rare earth exports rose 30% in 2024.",  # trade, not output
    ],
)
def test_changes_that_are_not_one_years_output_against_the_last_are_not_judged(
    seed_store, text: str
) -> None:
    # MCS 2025: Burma's output fell from 2023 to 2024, so a year-on-year reading of any of
    # these would refute them
    for claim in _verdicts(seed_store, text, "2025-03-01"):
        assert claim["verdict"] != REFUTED, claim["explanation"]


def test_an_ordinal_counting_time_is_not_a_rank(seed_store) -> None:
    text = "Myanmar's rare earth mining rose in the first quarter of 2024."
    ranks = [c for c in _verdicts(seed_store, text, "2025-03-01") if c["type"] == "ranking"]
    # if the extractor reads 'first' as a rank, the verdict layer still does not judge it
    for claim in ranks:
        assert claim["verdict"] == NOT_CHECKABLE
        assert "counts time" in claim["reason"]
    fake = {"type": "ranking", "text": text, "rank_text": "first", "rank": 1, "scope": "world",
            "iso3": "MMR", "subject": "Burma", "measure": "mine_production"}  # fmt: skip
    assert "counts time" in check_ranking(KnowledgeBase.bundled(), fake, None)["explanation"]


def test_a_list_with_figures_of_two_kinds_has_one_total_of_each(rare_earth_store) -> None:
    # 270,000 + 31,000 t = 301,000 t = 77.2 % of 390,000 t (MCS 2025, 2024)
    text = (
        "China and Myanmar mined 301,000 tonnes of rare earths in 2024, or 77% of world "
        "mine production."
    )
    claims = [c for c in _verdicts(rare_earth_store, text, "2025-03-01")
              if c["type"] in ("production", "share")]  # fmt: skip
    assert {c["type"] for c in claims} == {"production", "share"}
    assert all(c["verdict"] == SUPPORTED for c in claims), [c["explanation"] for c in claims]
