"""Mentions, quantities, dates and events on short texts written for these tests.

Oracles are the texts themselves (hand-annotated expected spans and values), ISO 3166-1/-2
codes for places, and calendar arithmetic for relative dates (2025-02-26 was a Wednesday).
"""

from __future__ import annotations

from datetime import date

import pytest

from assay.analyses.news.dates import find_dates
from assay.analyses.news.events import find_events
from assay.analyses.news.knowledge import KnowledgeBase, current_edition
from assay.analyses.news.mentions import find_mentions
from assay.analyses.news.quantities import find_quantities
from assay.analyses.news.text import normalise, sentences


@pytest.fixture()
def kb(reference_store) -> KnowledgeBase:
    return KnowledgeBase.from_store(reference_store)


def test_normalise_keeps_offsets() -> None:
    text = "Russia\u2019s \u201cdeal\u201d \u2014 signed"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == 'Russia\'s "deal" - signed'


def test_sentences_skip_abbreviations_and_split_lines() -> None:
    text = "Headline here\nThe U.S. and J.D. Vance met on Feb. 28. Then talks ended! Next one."
    got = [text[s:e] for s, e in sentences(text)]
    assert got == [
        "Headline here",
        "The U.S. and J.D. Vance met on Feb. 28.",
        "Then talks ended!",
        "Next one.",
    ]


def test_commodity_mentions_names_groups_symbols_misspellings(kb: KnowledgeBase) -> None:
    text = normalise(
        "Lithium, REEs and rare-earth metals; the lanthanides; Neodimium and Nd; apatite; "
        "critical minerals."
    )
    found = {(m["text"], m["kind"], m["ref"]) for m in find_mentions(kb, text)["commodities"]}
    assert ("Lithium", "element", "Li") in found
    assert ("REEs", "group", "rare-earths") in found
    assert ("rare-earth metals", "group", "rare-earths") in found
    assert ("lanthanides", "group", "lanthanides") in found
    assert ("Neodimium", "element", "Nd") in found  # rapidfuzz ratio vs 'neodymium' >= 85
    assert ("Nd", "element", "Nd") in found
    assert ("apatite", "mineral", "Ca;P;F") in found
    assert ("critical minerals", "group", "critical-minerals") in found


def test_common_words_are_not_elements(kb: KnowledgeBase) -> None:
    text = "In a premium forum, As he said, Be there at the museum."
    assert find_mentions(kb, text)["commodities"] == []


def test_countries_aliases_demonyms_capitals(kb: KnowledgeBase) -> None:
    text = normalise("Burma, DR Congo and the U.S. met; Belarusian officials in Kyiv and Beijing.")
    iso = [(m["text"], m["iso3"]) for m in find_mentions(kb, text)["countries"]]
    assert iso == [
        ("Burma", "MMR"),
        ("DR Congo", "COD"),
        ("U.S.", "USA"),
        ("Belarusian", "BLR"),
        ("Kyiv", "UKR"),
        ("Beijing", "CHN"),
    ]


def test_regions_with_transliterations(kb: KnowledgeBase) -> None:
    text = normalise(
        "Deposits in Yakutia, Tuva, Zaporozhye, Lugansk and the Russian Far East, and in Zhitomir."
    )
    m = find_mentions(kb, text)
    codes = [(r["text"], r["code"], r["iso3"]) for r in m["regions"]]
    assert ("Yakutia", "RU-SA", "RUS") in codes
    assert ("Tuva", "RU-TY", "RUS") in codes
    assert ("Zaporozhye", "UA-23", "UKR") in codes
    assert ("Lugansk", "UA-09", "UKR") in codes
    assert ("Zhitomir", "UA-18", "UKR") in codes
    assert ("Russian Far East", None, "RUS") in codes
    # the region is not also read as the demonym 'Russian'
    assert all(c["text"] != "Russian" for c in m["countries"])


def test_quantities_scale_words_units_qualifiers() -> None:
    text = (
        "worth $14.8 trillion, encompassing 111 billion metric tons; over 70% of it; "
        "50 per cent; some 3.8 million tonnes; a group of 17 elements; it ranks fourth."
    )
    q = find_quantities(text, {"fourth": ("ordinal", 4.0)})
    got = [(x["kind"], x["value"], x["unit"], x["qualifier"]) for x in q]
    assert got == [
        ("money", 14.8e12, "USD", None),
        ("mass", 111e9, "t", None),
        ("percent", 70.0, "%", "over"),
        ("percent", 50.0, "%", None),
        ("mass", 3.8e6, "t", "some"),
        ("count", 17.0, "elements", None),
        ("ordinal", 4.0, None, None),
    ]
    assert text[q[0]["span"][0] : q[0]["span"][1]] == "$14.8 trillion"


def test_pounds_convert_exactly() -> None:
    # 1 lb = 0.45359237 kg exactly (NIST SP 811)
    q = find_quantities("2,000 pounds")
    assert q[0]["value"] == pytest.approx(2000 * 0.45359237e-3)


def test_dates_resolved_against_publication_date() -> None:
    pub = date(2025, 2, 26)  # a Wednesday
    text = (
        "On Monday he spoke; last Friday, Feb. 28 was planned; on March 5, 2025 it happened; "
        "in early February and in 2023; yesterday; last week; December 30."
    )
    got = {d["text"]: (d["value"], d["granularity"]) for d in find_dates(text, pub)}
    assert got["On Monday"] == ("2025-02-24", "day")
    assert got["last Friday"] == ("2025-02-21", "day")
    assert got["Feb. 28"] == ("2025-02-28", "day")
    assert got["March 5, 2025"] == ("2025-03-05", "day")
    assert got["early February"] == ("2025-02", "month")
    assert got["2023"] == ("2023", "year")
    assert got["yesterday"] == ("2025-02-25", "day")
    assert got["last week"] == ("2025-W08", "week")
    assert got["December 30"] == ("2024-12-30", "day")  # more than half a year ahead


def test_relative_dates_unresolved_without_publication_date() -> None:
    got = find_dates("On Monday, and on March 5.", None)
    assert [d["value"] for d in got] == [None, None]


def test_events_with_actors_modality_and_date(kb: KnowledgeBase) -> None:
    text = normalise(
        "The signing of the relevant documents was expected to take place last Friday, "
        "Feb. 28, in Washington."
    )
    span = (0, len(text))
    pub = date(2025, 3, 4)
    mentions = find_mentions(kb, text)
    mentions["dates"] = find_dates(text, pub)
    (ev,) = find_events(kb, text, span, mentions)
    assert ev["type"] == "deal_signed"
    assert ev["modality"] == "expected"
    assert ev["date"] == "2025-02-28"

    text = normalise("Putin said Moscow is ready to work with Washington on rare earths.")
    mentions = find_mentions(kb, text)
    (ev,) = find_events(kb, text, (0, len(text)), mentions)
    assert (ev["type"], ev["initiator"], ev["targets"]) == ("offer_of_cooperation", "RUS", ["USA"])
    assert ev["persons"] == ["Vladimir Putin"]


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        ("Lukashenko ordered geologists to search for rare earths.", "exploration_order"),
        ("The US suspended all military aid to Ukraine.", "aid_suspended"),
        ("The minerals deal collapsed after the meeting.", "deal_collapsed"),
        ("Trump seeks a deal on rare earths with Russia.", "deal_proposed"),
        ("China imposed export controls on gallium.", "export_control_imposed"),
        ("Beijing expanded its export controls to more rare earths.", "export_control_expanded"),
        ("Ukraine and the US signed the minerals agreement.", "deal_signed"),
    ],
)
def test_each_event_type(kb: KnowledgeBase, sentence: str, etype: str) -> None:
    mentions = find_mentions(kb, sentence)
    assert etype in [e["type"] for e in find_events(kb, sentence, (0, len(sentence)), mentions)]


def test_current_edition_switches_at_end_of_january() -> None:
    # USGS MCS 2025 was released on 31 January 2025
    eds = [2023, 2024, 2025]
    assert current_edition(eds, date(2025, 1, 30)) == 2024
    assert current_edition(eds, date(2025, 2, 1)) == 2025
    assert current_edition(eds, date(2026, 6, 1)) == 2025
    assert current_edition(eds, date(2022, 6, 1)) is None
    assert current_edition(eds, None) == 2025


def test_weekday_after_future_cue_points_forward() -> None:
    # 2025-02-26 was a Wednesday; the visit "on Friday" is 2025-02-28 (seed 003)
    pub = date(2025, 2, 26)
    text = "Zelensky is expected to visit Washington on Friday. He signed it on Monday."
    got = [d["value"] for d in find_dates(text, pub)]
    assert got == ["2025-02-28", "2025-02-24"]


def test_known_release_dates_override_the_february_rule() -> None:
    # MCS 2024 was published on 31 January 2024 (USGS publication page); the MCS 2026 data
    # release is dated 6 February 2026 (USGS data catalog)
    assert current_edition([2023, 2024], date(2024, 1, 31)) == 2024
    assert current_edition([2025, 2026], date(2026, 2, 3)) == 2025
    assert current_edition([2025, 2026], date(2026, 2, 6)) == 2026


def test_ambiguous_element_words_need_mineral_context(kb: KnowledgeBase) -> None:
    def names(text: str) -> list[str]:
        return [m["text"] for m in find_mentions(kb, text)["commodities"]]

    assert names("He will lead the talks.") == []
    assert names("Lead and zinc prices fell.") == ["Lead", "zinc"]
    assert names("Metals like lead, tin and copper.") == ["lead", "tin", "copper"]
