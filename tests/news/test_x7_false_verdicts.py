"""False verdicts of round 3 of issue 17, by mechanism (sentences written for these tests).

- A vague superlative ('some of the largest', 'one of the world's biggest', 'among the
  leading') claims a place in a top group of unstated size: never the first place.
- 'Reserves and resources' (or 'resources') is a larger class than reserves: never compared
  with a reserves figure.
- A co-signer ('together with X, she signed') must be a signatory the events knowledge base
  records for that party; a title is checked at the date of the recorded event told.
- A 'critical minerals' class owned by another country or body, counted to a size no USGS
  list has, or held by another country in an article that never names the United States,
  is not the USGS list.

Oracles: the rare-earth reserves of MCS 2025 (``rare_earth_store``: China 44 Mt, Brazil
21 Mt, India 6.9 Mt, Australia 5.7 Mt); the bundled events knowledge base (the US-Ukraine
fund agreement of 30 April 2025, signed by Scott Bessent and Yulia Svyrydenko) and office
holders table (Janet Yellen, Treasury Secretary until January 2025); the USGS 2022 list of
50 critical minerals (lithium, cobalt and nickel are on it).
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text


def _claims(store, text: str, date: str = "2025-05-20") -> list[dict]:
    return check_text(store, text, title=None, date=date)["claims"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Brazil holds some of the largest rare earth reserves on the planet.",
        "India has several of the world's biggest rare earth reserves.",
        "Australia, with some of the world's largest rare-earth reserves outside China, is "
        "courting investors.",
        "China is among the largest holders of rare earth reserves.",
    ],
)
def test_vague_superlatives_are_never_a_first_place(rare_earth_store, sentence) -> None:
    ranks = [c for c in _claims(rare_earth_store, sentence) if c["type"] == "ranking"]
    assert ranks, sentence
    for c in ranks:
        assert c["vague"] is True and c["rank"] is None, c
        assert c["verdict"] != "refuted", c["explanation"]


def test_an_exact_superlative_is_still_a_rank(rare_earth_store) -> None:
    # control: without the group words 'largest' is the first place, and Brazil is second
    ranks = [
        c
        for c in _claims(rare_earth_store, "Brazil holds the largest rare earth reserves.")
        if c["type"] == "ranking"
    ]
    assert [(c["rank"], c["vague"]) for c in ranks] == [(1, False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Brazil has rare earth reserves and resources of 21 million tonnes.",
        "Brazil's rare earth resources and reserves total 30 million tonnes.",
        "India's rare earth reserves or resources amount to 6.9 million tonnes.",
        "Australia holds rare earth resources of 5.7 million tonnes.",
    ],
)
def test_resources_are_never_compared_with_reserves(rare_earth_store, sentence) -> None:
    figures = [c for c in _claims(rare_earth_store, sentence) if c.get("measure")]
    assert figures, sentence
    for c in figures:
        assert c["measure"] == "resources", c
        assert c["verdict"] == "not-checkable", c["explanation"]


def test_plain_reserves_are_still_checked(rare_earth_store) -> None:
    figures = [
        c
        for c in _claims(rare_earth_store, "Brazil has rare earth reserves of 21 million tonnes.")
        if c.get("measure")
    ]
    assert [(c["measure"], c["verdict"]) for c in figures] == [("reserves", "supported")]


_FUND = "the agreement on the US-Ukraine Reconstruction Investment Fund"


def _agreement(store, sentence: str) -> list[dict]:
    return [
        c
        for c in _claims(store, sentence)
        if c["type"] == "event" and c["event"]["type"] == "deal_signed"
    ]


def test_a_co_signer_the_record_does_not_name_refutes_the_signing(rare_earth_store) -> None:
    got = _agreement(
        rare_earth_store,
        f"Alongside Treasury Secretary Janet Yellen, Yulia Svyrydenko signed {_FUND}.",
    )
    assert [c["verdict"] for c in got] == ["refuted"], got
    assert "Scott Bessent" in got[0]["explanation"]


def test_the_recorded_co_signer_supports_the_signing(rare_earth_store) -> None:
    got = _agreement(
        rare_earth_store,
        f"Together with Treasury Secretary Scott Bessent, Yulia Svyrydenko signed {_FUND}.",
    )
    assert [c["verdict"] for c in got] == ["supported"], got


def test_a_title_is_judged_at_the_date_of_the_event_told(rare_earth_store) -> None:
    # the event holds (Svyrydenko signed it); the title names someone out of office then
    text = (
        f"Yulia Svyrydenko signed {_FUND} in Washington, a deal Treasury Secretary Janet "
        "Yellen had praised."
    )
    claims = _claims(rare_earth_store, text)
    signed = [c for c in claims if c["type"] == "event" and c["event"]["type"] == "deal_signed"]
    office = [c for c in claims if c["type"] == "event" and c["event"]["type"] == "office_held"]
    assert [c["verdict"] for c in signed] == ["supported"]
    assert [c["verdict"] for c in office] == ["refuted"], office
    assert "did not hold the office at the event" in office[0]["explanation"]


def _classified(store, text: str, date: str = "2025-05-20") -> dict[str, str]:
    return {
        c["member"]["name"] if isinstance(c.get("member"), dict) else c["subject"]: c["verdict"]
        for c in _claims(store, text, date)
        if c["type"] == "classification"
    }


@pytest.mark.parametrize(
    "text",
    [
        # a possessive owner
        "Canada's critical minerals, such as lithium and cobalt, draw investors.",
        "The European Union's critical raw materials, including lithium and cobalt, matter.",
        # a count that no USGS list has: that holder's own list
        "Kazakhstan is home to some 40 critical metals, including lithium and cobalt.",
        # another country's holding, in an article that never names the United States
        "Chile is rich in critical minerals such as lithium and cobalt.",
    ],
)
def test_another_owners_critical_list_is_not_the_usgs_list(rare_earth_store, text) -> None:
    got = _classified(rare_earth_store, text)
    assert got and set(got.values()) == {"not-checkable"}, got


@pytest.mark.parametrize(
    "text",
    [
        "Critical minerals such as lithium and cobalt are in demand.",
        "The United States relies on imports of critical minerals such as lithium and cobalt.",
        # a US article: a holder's reserves of critical minerals name the US list
        "The US and Chile discussed Chile's reserves of critical minerals such as lithium "
        "and cobalt.",
        "The USGS names 50 critical minerals, including lithium and cobalt.",
    ],
)
def test_the_usgs_list_is_still_checked_where_nothing_points_elsewhere(
    rare_earth_store, text
) -> None:
    assert _classified(rare_earth_store, text) == {"lithium": "supported", "cobalt": "supported"}


def test_a_currency_is_not_a_country(rare_earth_store) -> None:
    # 'US$' and 'Australian dollars' name money: the United States and Australia are not
    # mentioned, so they are neither subjects nor the context of a critical list
    doc = check_text(
        rare_earth_store,
        "Brazil's reserves are worth US$3 billion, or 4.5 billion Australian dollars.",
        title=None,
        date="2025-05-20",
    )
    assert [m["iso3"] for m in doc["mentions"]["countries"]] == ["BRA"]


def test_a_critical_class_placed_in_another_country(rare_earth_store) -> None:
    # no United States in the article: 'the main critical mineral in Gabon' is Gabon's
    text = "In Gabon the economy rests on mining. Manganese is the main critical mineral in Gabon."
    got = _classified(rare_earth_store, text)
    assert got == {"manganese": "not-checkable"}, got


def test_a_relative_clause_after_a_country_list_is_that_lists(rare_earth_store) -> None:
    # 'which each mined' hangs on the countries just before it, not on India's figure
    text = (
        "India mined 2,900 tonnes of rare earths in 2024, ahead of the smaller miners "
        "Australia and Brazil, which each mined about 13,000 tonnes."
    )
    claims = _claims(rare_earth_store, text, "2025-05-20")
    figures = [c for c in claims if c["type"] == "production"]
    assert [(c["subject"], c["value"]) for c in figures] == [
        ("India", 2900.0),
        ("Brazil", 13000.0),
    ]


def test_export_production_is_production(rare_earth_store) -> None:
    # 'export' as a modifier of 'production' names what is produced, not a trade flow
    # (MCS 2025: China mined 270,000 t of rare earths in 2024)
    text = (
        "China topped the table with about 270,000 tonnes of domestic and export production "
        "of rare earths in 2024. China exported 50,000 tonnes of rare earths in 2024."
    )
    figures = [c for c in _claims(rare_earth_store, text, "2025-05-20") if c.get("value")]
    assert [(c["value"], c["frame"], c["verdict"]) for c in figures] == [
        (270000.0, None, "supported"),
        (50000.0, "trade", "not-checkable"),
    ]


def test_a_relative_clause_on_a_country_has_its_own_frame(rare_earth_store) -> None:
    # the plan and the capacity belong to Australia's clause; China's share is stated
    # (MCS 2025: China mined 69.2% of the world's rare earths in 2024)
    text = (
        "Australia plans to expand mining and processing capacity to cut its reliance on "
        "China, which currently controls about 70 percent of global rare earth mining."
    )
    shares = [c for c in _claims(rare_earth_store, text, "2025-05-20") if c["type"] == "share"]
    assert [(c["subject"], c["frame"], c["verdict"]) for c in shares] == [
        ("China", None, "supported")
    ]
    # a relative clause on a plant, not a country, keeps the capacity frame
    text = (
        "The plant has a processing capacity of 12,000 tonnes of rare earths, which would "
        "be 4% of global rare earth mining."
    )
    shares = [c for c in _claims(rare_earth_store, text, "2025-05-20") if c["type"] == "share"]
    assert all(c["verdict"] == "not-checkable" for c in shares)
