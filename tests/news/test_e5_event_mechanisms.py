"""General event mechanisms of the claim checker (issue 17, round e5).

Sentences are written for these tests. Oracles are records of ``news_events_kb.csv`` and
their cited sources: MOFCOM/GAC Announcement No. 33 of 2024 (antimony licensing, announced
15 Aug 2024, from 15 Sep 2024); Announcement No. 23 of 2023 (gallium and germanium
licensing, 3 Jul 2023, from 1 Aug 2023); Announcement No. 70 of 2025 (7 Nov 2025: the
October 2025 controls suspended until 10 Nov 2026); ARECOMS decisions on DRC cobalt (export
suspension from 22 Feb 2025 to 21 Jun 2025, extended by three months to 21 Sep 2025).
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.eventcheck import _action


def _events(store, text: str, date_: str | None) -> list[dict]:
    return [
        c
        for c in check_text(store, text, date=date_)["claims"]
        if c["type"] == "event" and c["event"]["type"] != "office_held"
    ]


def test_one_claim_for_one_trigger_read_two_ways(rare_earth_store) -> None:
    # 'tightened export controls' is read as an imposition and as an expansion: one event
    claims = _events(
        rare_earth_store, "Beijing tightened export controls on antimony and gallium.", "2024-09-02"
    )
    assert len(claims) == 1, [c["event"] for c in claims]


@pytest.mark.parametrize(
    "text, date_, verdict",
    [
        # the obligation a measure puts on exporters states the measure, even in the future
        ("China's commerce ministry set rules for antimony. Exporters of antimony products "
         "will now need special licences.", "2024-08-20", "supported"),
        ("China issued new rules on gallium. The rules require exporters of gallium and "
         "germanium to obtain a licence for dual-use items and technologies.", "2023-09-01",
         "supported"),
        # a conditional obligation is no report of a measure
        ("China discussed antimony. Exporters of antimony would need licences if the draft "
         "passes.", "2024-08-20", "not-checkable"),
    ],
)  # fmt: skip
def test_obligations_of_exporters(rare_earth_store, text, date_, verdict) -> None:
    claims = _events(rare_earth_store, text, date_)
    assert claims, "the obligation is an event claim"
    assert claims[-1]["verdict"] == verdict, claims[-1]["explanation"]


@pytest.mark.parametrize(
    "sentence, action",
    [
        ("The ministry announced the suspension of a set of controls on graphite.",
         "suspension_of_measure"),
        ("Beijing halted for a year the October export controls on holmium.",
         "suspension_of_measure"),
        ("The export control measures will be paused for twelve months.",
         "suspension_of_measure"),
        # exports stopped under rules: a halt of trade, not of the rules
        ("Kinshasa halted exports of cobalt under the new rules.", "suspension"),
    ],
)  # fmt: skip
def test_the_object_of_a_suspension(sentence, action) -> None:
    ev = {"type": "export_control_imposed", "span": [0, len(sentence)]}
    assert _action(sentence, 0, ev) == action


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # the October date names the suspended controls, not the suspension (7 Nov 2025)
        ("China suspended the October export controls on holmium and erbium.", "supported"),
        # the end the claim gives is the record's end
        ("China suspended the October export controls on holmium until November 10, 2026.",
         "supported"),
        ("China suspended the October export controls on holmium until December 10, 2026.",
         "not-checkable"),
    ],
)  # fmt: skip
def test_suspension_dates_and_ends(rare_earth_store, sentence, verdict) -> None:
    claims = _events(rare_earth_store, sentence, "2025-11-12")
    assert len(claims) == 1
    assert claims[0]["verdict"] == verdict, claims[0]["explanation"]


def test_an_extension_is_matched_by_the_record_that_ends_when_claimed(rare_earth_store) -> None:
    claims = _events(
        rare_earth_store, "The DRC extended its cobalt export ban until September.", "2025-07-01"
    )
    assert [c["verdict"] for c in claims] == ["supported"]
    assert claims[0]["event_id"] == "cod-cobalt-extension-2025"


@pytest.mark.parametrize(
    "text",
    [
        # items as the subject of a passive: added to a list, newly controlled
        "China tightened its rules. Holmium and erbium were added to the control list.",
        "China tightened its rules. Holmium and thulium were also placed under export control.",
        # items 'subjected to licensing' with 'will': the content of the announced rule
        "China announced new rules. Holmium and erbium will be subjected to licensing.",
        # an expansion whose kind of control is not named is true of any control
        "Beijing expanded its list to include holmium and ytterbium.",
    ],
)
def test_items_added_to_controls(rare_earth_store, text) -> None:
    # Announcement No. 57 of 2025 (9 Oct 2025): holmium, erbium, thulium, europium, ytterbium
    claims = _events(rare_earth_store, text, "2025-10-20")
    assert claims and claims[-1]["verdict"] == "supported", [c["explanation"] for c in claims]


def test_the_action_is_read_in_the_triggers_clause(rare_earth_store) -> None:
    # 'banned its citizens ...' is another act than the expansion; before, the ban word made
    # the claim 'a ban', which no record of these items is
    ev = {"type": "export_control_expanded", "span": [6, 26]}
    sentence = "China expanded the list of elements and banned overseas work without permission."
    assert _action(sentence, 0, ev) is None


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # a deal reached is a concluded agreement (US-Ukraine fund agreement, 30 Apr 2025)
        ("Washington and Kyiv have reached an agreement on a joint investment fund.",
         "2025-05-02", "supported"),
        # a preliminary deal or one in principle is not the signed agreement
        ("Washington and Kyiv have reached a preliminary deal on a joint fund.", "2025-05-02",
         None),
        ("Washington and Kyiv reached an agreement in principle on a fund.", "2025-05-02", None),
    ],
)  # fmt: skip
def test_a_deal_reached(rare_earth_store, sentence, date_, verdict) -> None:
    claims = [c for c in _events(rare_earth_store, sentence, date_) if "deal" in c["subject"]]
    assert [c["verdict"] for c in claims] == ([verdict] if verdict else [])


def test_suspending_announcements_is_suspending_a_measure() -> None:
    sentence = "MOFCOM decided to suspend the implementation of six announcements on graphite."
    ev = {"type": "export_control_imposed", "span": [18, 25]}
    assert _action(sentence, 0, ev) == "suspension_of_measure"


def test_a_decimal_point_or_an_abbreviation_ends_no_clause(rare_earth_store) -> None:
    # US-Australia framework signed 20 Oct 2025 at the White House (Japan Today/Reuters)
    text = (
        "The U.S. and Australia signed a $8.5 billion critical minerals framework at the "
        "White House on Oct. 20, 2025."
    )
    claims = [c for c in _events(rare_earth_store, text, "2025-10-22") if "deal" in c["subject"]]
    assert [c["verdict"] for c in claims] == ["supported"], [c["explanation"] for c in claims]


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # MOFCOM/GAC Announcement No. 10 of 2025 (4 Feb 2025): tungsten, tellurium, bismuth,
        # molybdenum, indium; a class word names no items, the day identifies the measure
        ("China announced export controls on five metals on 4 February 2025.", "supported"),
        ("China announced export controls on critical minerals.", "not-checkable"),
    ],
)
def test_class_words_name_no_items(rare_earth_store, sentence, verdict) -> None:
    claims = _events(rare_earth_store, sentence, "2025-02-20")
    assert [c["verdict"] for c in claims] == [verdict], [c["explanation"] for c in claims]


@pytest.mark.parametrize(
    "text, date_",
    [
        # Announcement No. 23 of 2023 (3 Jul 2023, licences from 1 Aug 2023): a measure of
        # unnamed kind is controls of some kind
        ("China set new conditions on exports of gallium and germanium from Aug. 1.",
         "2023-09-01"),
        ("China curbed graphite. A similar measure was enacted in 2023 for gallium and "
         "germanium.", "2024-03-01"),
        # the Dec 2023 ban on exporting rare-earth extraction and magnet technology: 'tech'
        # is technology
        ("China also banned sharing tech for making rare earth magnets.", "2024-03-01"),
    ],
)  # fmt: skip
def test_measures_of_unnamed_kind_and_technology(rare_earth_store, text, date_) -> None:
    # ('from Aug. 1' is a claim of its own: the entry into force)
    claims = [c for c in _events(rare_earth_store, text, date_) if c["text"] != "from Aug. 1"]
    assert [c["verdict"] for c in claims] == ["supported"], [c["explanation"] for c in claims]


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # the US-Ukraine fund agreement: ratified by the Verkhovna Rada on 8 May 2025
        # (Ukrainska Pravda; bne IntelliNews, 8 May 2025)
        ("Ukraine's parliament will vote on the ratification of the deal on May 8.",
         "2025-05-06", "supported"),
        ("Ukraine's parliament ratified the deal with the United States on May 8.",
         "2025-05-09", "supported"),
        # a pending ratification is true before the vote, not checked after it
        ("Ukrainian lawmakers must still ratify the agreement.", "2025-05-05", "supported"),
        ("Ukrainian lawmakers must still ratify the agreement.", "2025-06-05", "not-checkable"),
        # another day, a hedge, or the date of the signing named in the sentence
        ("Ukraine's parliament ratified the deal with the United States on May 2.",
         "2025-05-09", "not-checkable"),
        ("Ukraine's parliament could ratify the deal on May 8.", "2025-05-06", "not-checkable"),
        ("Ukraine's parliament ratifies the agreement signed on April 30.", "2025-05-09",
         "supported"),
    ],
)  # fmt: skip
def test_ratification_of_an_agreement(rare_earth_store, sentence, date_, verdict) -> None:
    claims = [
        c for c in _events(rare_earth_store, sentence, date_)
        if c["event"]["type"] == "agreement_ratified"
    ]  # fmt: skip
    assert [c["verdict"] for c in claims] == [verdict], [c["explanation"] for c in claims]


def test_an_effective_date_beside_a_measure_is_a_claim_of_its_own(rare_earth_store) -> None:
    # graphite: MOFCOM/GAC announcement of 20 Oct 2023, permits required from 1 Dec 2023
    text = "China said it will require export permits for graphite, starting Dec. 1."
    claims = _events(rare_earth_store, text, "2023-10-21")
    kinds = sorted((c["event"]["type"], c["verdict"], c["text"]) for c in claims)
    assert kinds == [
        ("export_control_imposed", "supported", text),
        ("measure_in_force", "supported", "starting Dec. 1"),
    ]
    # another day is not the record's entry into force
    claims = _events(rare_earth_store, text.replace("Dec. 1", "Dec. 9"), "2023-10-21")
    assert [c["verdict"] for c in claims if c["event"]["type"] == "measure_in_force"] == [
        "not-checkable"
    ]
    # a date phrase without a measure in its sentence is no event
    assert _events(rare_earth_store, "Graphite prices rose starting Dec. 1.", "2023-12-20") == []
