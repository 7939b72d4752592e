"""Changes are not levels (issue 17, round 2): a figure after a verb, adverb or noun of
change ('climbed 30%', 'grew by 9,000 t', 'down 4% year on year', 'a 12% rise') and a
factor in words ('fivefold', 'tripled', 'fell by half') carry ``measure_kind`` 'change'
with their direction and the two periods when the clause tells them, and are never
compared with a stored amount or share of one year (the verdict layer may compare them
with the change between two stored years).

Sentences are written for these tests. Oracle for the periods: the calendar ('a year
earlier' than 2024 is 2023); a change of 9,000 t is no statement about the level of
output, so it is never compared with the level (US 2024 rare-earth mine production
45,000 t, MCS 2025).
"""

from __future__ import annotations

from assay.analyses.news import check_text
from assay.analyses.news.claims import change_of, change_slots


def _figures(store, text: str) -> list[dict]:
    claims = check_text(store, text, title=None, date="2025-03-01")["claims"]
    return [c for c in claims if c["type"] in ("share", "production", "reserves")]


def test_tonnage_of_growth_is_not_an_amount(reference_store) -> None:
    (c,) = _figures(reference_store, "US rare earth mining grew by 9,000 tonnes in 2024.")
    assert c["measure_kind"] == "change" and c["change_direction"] == "increase"
    assert (c["change_from"], c["change_to"]) == (None, 2024)
    # the verdict layer may check it as a change between two years, never against the
    # 2024 level itself (45,000 t in MCS 2025)
    comparison = c.get("comparison") or {}
    assert comparison.get("evidence_value") != 45_000
    assert comparison.get("change_from", 2023) == 2023


def test_percent_change_with_a_year_earlier(reference_store) -> None:
    (c,) = _figures(reference_store, "Brazil's graphite output slumped 4% year on year in 2023.")
    assert (c["measure_kind"], c["change_direction"]) == ("change", "decrease")
    assert (c["change_from"], c["change_to"]) == (2022, 2023)


def test_level_reached_after_a_change_verb_stays_a_level(reference_store) -> None:
    text = "China's rare earth mine output climbed to 270,000 tonnes in 2024, a 6% rise."
    by_value = {c["value"]: c for c in _figures(reference_store, text)}
    assert "measure_kind" not in by_value[270_000]
    assert by_value[6]["measure_kind"] == "change"


def test_share_verbs_are_not_changes() -> None:
    for text in ("China made up 70% of mining.", "Imports took up 12% of supply."):
        qs = text.index("%") - 2
        assert not change_of(text, qs, qs + 3, 0, len(text))
    text = "Exports were up 15% on the year."
    qs = text.index("15")
    assert change_of(text, qs, qs + 3, 0, len(text))


def test_factor_words_are_changes(reference_store) -> None:
    cases = {
        "Laos increased rare earth mining fivefold between 2019 and 2023.": (5.0, 2019, 2023),
        "Myanmar's rare earth production tripled since 2018.": (3.0, 2018, None),
        "Russia's cobalt reserves fell by half.": (0.5, None, None),
    }
    for text, (factor, earlier, later) in cases.items():
        (c,) = _figures(reference_store, text)
        assert c["unit"] == "x" and c["value"] == factor, text
        assert (c["change_from"], c["change_to"]) == (earlier, later), text
        assert c["measure_kind"] == "change", text
        assert (c.get("comparison") or {}).get("claim_unit") in (None, "x", "%"), text


def test_factor_of_demand_makes_no_production_claim(reference_store) -> None:
    assert _figures(reference_store, "Demand for lithium will double by 2030.") == []


def test_change_slots_read_the_periods() -> None:
    text = "output rose 20% from 2021 to 2023"
    assert change_slots(text, 0, len(text), None)["change_from"] == 2021
    assert change_slots(text, 0, len(text), None)["change_to"] == 2023
    text = "output fell 20% compared with a year earlier"
    slots = change_slots(text, 0, len(text), 2024)
    assert (slots["change_from"], slots["change_to"], slots["change_direction"]) == (
        2023,
        2024,
        "decrease",
    )


def test_change_by_after_the_verbs_object(reference_store) -> None:
    (c,) = _figures(reference_store, "Chile raised its copper output by 4% in 2023.")
    assert c["measure_kind"] == "change" and c["change_to"] == 2023
    # 'by 2024' is a date, and the level reached stays a level
    (c,) = _figures(reference_store, "China produced 70% of rare earths by 2024.")
    assert "measure_kind" not in c


def test_change_periods_from_two_dated_figures() -> None:
    text = "output rose fivefold, from 1,200 tons in 2019 to 6,000 tons in 2023"
    slots = change_slots(text, 0, len(text), None, factor=5.0)
    assert (slots["change_from"], slots["change_to"]) == (2019, 2023)


def test_a_figure_with_a_unit_is_no_year() -> None:
    from datetime import date

    from assay.analyses.news.dates import find_dates

    text = "The mine made 1985 tonnes of oxide and 2010 kg of metal in 2022."
    assert [d["value"] for d in find_dates(text, date(2024, 1, 1))] == ["2022"]
