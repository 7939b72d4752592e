"""Part-year periods and shared ranks on statistical claims (issue 17, round 3).

A figure for part of a year ('the first nine months of 2023', 'Q2 2024', 'March to
October') is not an annual figure: the claim keeps its year in ``period`` and names the part
in ``period_part``. A rank said to be shared ('tied for second', 'joint fourth', 'level
with Peru') carries ``tie: true`` and the other countries of the tie in ``tied_with``.
Sentences are written for these tests; the expected values follow from the wording alone.
"""

from __future__ import annotations

from assay.analyses.news import check_text
from assay.analyses.news.claims import period_part, tie_of


def _part(sentence: str, period: int | None) -> str | None:
    return period_part(sentence, (0, len(sentence)), period)


def test_part_year_phrases_are_marked() -> None:
    assert _part("Over the first nine months of 2023 Peru shipped 1.9 Mt of copper.", 2023) == (
        "first nine months"
    )
    assert _part("Brazil's Q2 2024 niobium output was 20,000 t.", 2024) == "Q2"
    assert _part("From March to October 2022, Chile produced 3 Mt.", 2022) == "March to October"
    assert _part("In the second half of 2021 India mined 5% of the world's mica.", 2021) == (
        "second half"
    )
    assert _part("Year-to-date output in 2024 stood at 90,000 t.", 2024) == "Year-to-date"
    assert _part("Congo mined 10,000 t in the fourth quarter.", None) == "fourth quarter"


def test_whole_year_figures_are_not_marked() -> None:
    assert _part("Peru mined 2.6 million tonnes of copper in 2023.", 2023) is None
    assert _part("Half of the world's cobalt came from Congo in 2022.", 2022) is None
    assert _part("Output grew in the first half of the decade to 2020.", 2020) is None


def test_part_year_of_another_year_leaves_the_baseline_whole() -> None:
    # the part-year phrase names 2024; the claim about 2022 is a whole-year baseline
    s = "Output in the first half of 2024 already exceeded the 2022 total of 80,000 t."
    assert _part(s, 2024) == "first half"
    assert _part(s, 2022) is None


def _countries(sentence: str, names: list[str]) -> list[dict]:
    return [{"name": n, "span": [sentence.index(n), sentence.index(n) + len(n)]} for n in names]


def test_tie_wording_names_the_tied_countries() -> None:
    s = "Gabon sits level with India as the fourth largest producer of manganese."
    tie = tie_of(s, (0, len(s)), _countries(s, ["Gabon", "India"]), "Gabon")
    assert tie == {"tie": True, "tied": ["Gabon", "India"], "tied_with": ["India"]}
    s = "Mexico and Peru are joint second among silver miners."
    tie = tie_of(s, (0, len(s)), _countries(s, ["Mexico", "Peru"]), "Peru")
    assert tie["tie"] and tie["tied_with"] == ["Mexico"]
    s = "Zambia is tied for seventh."
    assert tie_of(s, (0, len(s)), _countries(s, ["Zambia"]), "Zambia")["tied_with"] == []


def test_tie_words_without_a_rank_are_no_tie() -> None:
    s = "Chile has a joint venture with Japan and is the largest copper miner."
    assert tie_of(s, (0, len(s)), _countries(s, ["Chile", "Japan"]), "Chile") is None
    s = "Chile's output is tied to prices; it is the largest copper miner."
    assert tie_of(s, (0, len(s)), _countries(s, ["Chile"]), "Chile") is None


def test_fields_reach_the_checked_claims(rare_earth_store) -> None:
    text = (
        "In the first half of 2024, China mined 70% of the world's rare earths. "
        "Australia is tied with Brazil as the third largest miner of rare earths."
    )
    claims = check_text(rare_earth_store, text, title=None, date="2025-03-01")["claims"]
    share = next(c for c in claims if c["type"] == "share")
    assert share["period"] == 2024 and share["period_part"] == "first half"
    rank = next(c for c in claims if c["type"] == "ranking" and "tied" in c["text"])
    assert rank["tie"] is True
    assert {rank["subject"], *rank["tied_with"]} == {"Australia", "Brazil"}
