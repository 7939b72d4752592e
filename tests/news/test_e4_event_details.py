"""Every checkable detail of an event claim is checked (issue 17, event claims, round 5).

All sentences are written for these tests. Oracles are rows of the bundled events knowledge
base (``news_events_kb.csv``) and the sources they cite (``sources_events.csv``):

- The US-Ukraine minerals agreement was signed on 30 Apr 2025 in Washington by Scott Bessent
  and Yulia Svyrydenko (BusinessLive/Reuters, 1 May 2025; RFE/RL, 30 Apr 2025).
- The US-Australia framework was signed on 20 Oct 2025 at the White House by Donald Trump
  and Anthony Albanese (Japan Today/Reuters, 21 Oct 2025); the US-Japan framework on
  28 Oct 2025 in Tokyo by Donald Trump and Sanae Takaichi (TRT World, 28 Oct 2025).
- MOFCOM/GAC Announcement No. 10 of 2025 (4 Feb 2025) put five metals under export licensing
  (tungsten, tellurium, bismuth, molybdenum, indium), in effect on publication (Xinhua).
- MOFCOM/GAC Announcement No. 33 of 2024: announced 15 Aug 2024, antimony export licences
  required from 15 Sep 2024. Announcement No. 23 of 2023: gallium and germanium licensing
  from 1 Aug 2023. Announcement No. 58 of 2025: battery and graphite items from 8 Nov 2025.
- DRC: ARECOMS decision of 22 Feb 2025 suspending cobalt exports for four months, announced
  on 24 Feb 2025 (Xinhua via The Star, 25 Feb 2025); quotas from 16 Oct 2025 (Decision
  No. 004/ARECOMS/2025).
"""

from __future__ import annotations

import copy

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.events import find_events
from assay.analyses.news.knowledge import KnowledgeBase
from assay.analyses.news.pipeline import check_document, knowledge_base
from assay.importers.news import NewsDocument


def _events(store, text: str, date_: str | None = "2025-11-20") -> list[dict]:
    return [c for c in check_text(store, text, date=date_)["claims"] if c.get("event")]


def _one(store, text: str, date_: str | None = "2025-11-20") -> dict:
    claims = _events(store, text, date_)
    assert len(claims) == 1, [(c["event"]["type"], c["verdict"]) for c in claims]
    return claims[0]


# -- place and signatories of a signing -----------------------------------------------------


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # the place the KB holds (a city, or the country it lies in)
        ("Ukraine and the United States signed their minerals agreement in Washington on "
         "April 30, 2025.", "supported"),
        ("Ukraine and the United States signed their minerals agreement in the United States "
         "on April 30, 2025.", "supported"),
        # a place in another country (a capital the gazetteer holds): contradicted by the
        # cited record
        ("Ukraine and the United States signed their minerals agreement in Kyiv on "
         "April 30, 2025.", "refuted"),
        ("The United States and Australia signed their critical minerals framework in "
         "Canberra on October 20, 2025.", "refuted"),
        # a region of another country (Lviv Oblast, Ukraine)
        ("Ukraine and the United States signed their minerals agreement in Lviv on "
         "April 30, 2025.", "refuted"),
        # a place the gazetteers do not hold, or a word that is no place: not checked
        ("Ukraine and the United States signed their minerals agreement in Springfield on "
         "April 30, 2025.", "not-checkable"),
        ("Ukraine and the United States signed their minerals agreement in English on "
         "April 30, 2025.", "not-checkable"),
        ("The United States and Japan signed their rare earths framework in Tokyo on "
         "October 28, 2025.", "supported"),
    ],
)  # fmt: skip
def test_place_of_a_signing_is_checked(rare_earth_store, sentence, verdict) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "deal_signed"
    assert claim["verdict"] == verdict, claim["explanation"]
    if verdict == "refuted":
        assert "signed in" in claim["explanation"]
        assert claim["evidence"][0]["sources"], "a refutation cites the record's sources"


def test_a_place_the_kb_does_not_hold_is_not_checkable(rare_earth_store) -> None:
    """The same claim against a copy of the KB without the place: the place is the detail
    left unchecked, named in the reason (never supported on the date alone)."""
    kb = copy.deepcopy(knowledge_base(rare_earth_store))
    for rec in kb.official_events:
        rec["place"] = ""
    doc = NewsDocument(
        id="t",
        text="Ukraine and the United States signed their minerals agreement in Lviv on "
        "April 30, 2025.",
        date=None,
    )
    claims = [c for c in check_document(kb, doc)["claims"] if c.get("event")]
    assert [c["verdict"] for c in claims] == ["not-checkable"]
    assert "place of signing" in claims[0]["explanation"]


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        ("The US-Ukraine minerals deal was signed on April 30, 2025 by Bessent and "
         "Svyrydenko.", "supported"),
        # a person the office-holder table knows, named as the signer: contradicted
        ("The US-Ukraine minerals deal was signed on April 30, 2025 by Zelenskyy.", "refuted"),
        # named as the subject: the reading is weaker, so the claim is left not-checkable
        ("Zelenskyy and Bessent signed the US-Ukraine minerals deal on April 30, 2025.",
         "not-checkable"),
    ],
)  # fmt: skip
def test_signatories_are_checked(rare_earth_store, sentence, verdict) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["verdict"] == verdict, claim["explanation"]


def test_a_signer_phrase_ends_at_its_names(rare_earth_store) -> None:
    claim = _one(
        rare_earth_store,
        "The US-Ukraine minerals deal was signed on April 30, 2025 by Bessent and praised by "
        "Zelenskyy.",
    )
    assert claim["verdict"] == "supported", claim["explanation"]


def test_a_person_who_only_comments_is_no_signatory(rare_earth_store) -> None:
    claim = _one(
        rare_earth_store,
        "Trump said Bessent signed the minerals agreement with Ukraine on April 30, 2025.",
    )
    assert claim["verdict"] == "supported", claim["explanation"]


def test_an_undated_memorandum_is_not_the_agreement(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "Ukraine and the United States signed a memorandum on minerals.")
    assert claim["verdict"] == "not-checkable"
    assert "memorandum" in claim["explanation"]


# -- details of measures: item counts and changes the KB does not record -------------------


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        ("In February 2025 China put export controls on five metals, tungsten among them.",
         "supported"),
        ("In February 2025 China put export controls on thirty metals, tungsten among them.",
         "not-checkable"),
    ],
)  # fmt: skip
def test_a_stated_count_of_items_must_agree(rare_earth_store, sentence, verdict) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["verdict"] == verdict, claim["explanation"]


def test_a_section_number_is_no_count(rare_earth_store) -> None:
    claim = _one(
        rare_earth_store,
        "Washington launched a Section 232 investigation of processed critical minerals on "
        "15 April 2025.",
    )
    assert claim["verdict"] == "supported", claim["explanation"]


@pytest.mark.parametrize(
    "sentence",
    [
        "DR Congo will allow cobalt miners to carry over unused 2025 export quotas into 2026.",
        "DR Congo has raised the cobalt export quota for miners in Lualaba.",
    ],
)
def test_a_change_to_a_measure_is_not_the_measure(rare_earth_store, sentence) -> None:
    claims = _events(rare_earth_store, sentence)
    assert claims and all(c["verdict"] == "not-checkable" for c in claims), [
        (c["event"], c["explanation"]) for c in claims
    ]


# -- dates: announcement, entry into force ----------------------------------------------------


def test_an_announcement_date_dates_the_measure(rare_earth_store) -> None:
    claim = _one(
        rare_earth_store,
        "DR Congo announced a suspension of cobalt exports on February 24, 2025.",
    )
    assert claim["verdict"] == "supported", claim["explanation"]


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # the entry into force of a measure the previous sentence names
        ("China will require licences to export antimony. The controls take effect on "
         "September 15.", "2024-08-20", "supported"),
        ("Beijing tightened antimony exports. The rules come into force on 15 September 2024.",
         "2024-08-20", "supported"),
        # another day: no measure of these items takes effect then (not refuted: the text may
        # mean another measure)
        ("Beijing tightened antimony exports. The rules come into force on 3 March 2024.",
         "2024-08-20", "not-checkable"),
        # a day without its year in an undated article: matched on the day of the year
        ("China curbed exports of gallium and germanium. The curbs take effect on August 1.",
         None, "supported"),
        # hedged: not checked
        ("China curbed exports of gallium and germanium. The curbs could take effect on "
         "August 1.", None, "not-checkable"),
    ],
)  # fmt: skip
def test_entry_into_force(rare_earth_store, sentence, date_, verdict) -> None:
    claims = [c for c in _events(rare_earth_store, sentence, date_)
              if c["event"]["type"] == "measure_in_force"]  # fmt: skip
    assert len(claims) == 1, [(c["event"], c["explanation"]) for c in _events(
        rare_earth_store, sentence, date_)]  # fmt: skip
    assert claims[0]["verdict"] == verdict, claims[0]["explanation"]


def test_in_force_is_dropped_when_the_sentence_states_the_imposition() -> None:
    kb = KnowledgeBase.bundled()
    text = "Starting 8 November 2025, China requires export permits for graphite anodes."
    from assay.analyses.news.mentions import find_mentions

    mentions = find_mentions(kb, text)
    types = [e["type"] for e in find_events(kb, text, (0, len(text)), mentions)]
    assert "measure_in_force" not in types
    assert "export_control_imposed" in types


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # plain future in an article between announcement and entry into force, dated at
        # the entry into force: the announced measure
        ("From September 15, antimony exporters in China will need export licences.", "2024-08-20",
         "supported"),
        # hedged or reported plans stay unchecked
        ("From September 15, antimony exporters in China will reportedly need export licences.",
         "2024-08-20", "not-checkable"),
        # dated at no entry into force of the record
        ("From March 3, antimony exporters in China will need export licences.", "2024-08-20",
         "not-checkable"),
    ],
)  # fmt: skip
def test_plain_future_of_an_announced_measure(rare_earth_store, sentence, date_, verdict):
    claim = _one(rare_earth_store, sentence, date_)
    assert claim["verdict"] == verdict, claim["explanation"]


def test_a_wish_is_not_an_event(rare_earth_store) -> None:
    claim = _one(
        rare_earth_store, "In March Trump said he wants the minerals deal with Ukraine signed soon."
    )
    assert claim["event"]["modality"] == "wanted"
    assert claim["verdict"] == "not-checkable"


# -- more ways to state an imposition; background events ------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "In August 2024 Beijing published export control rules covering antimony.",
        "The August 2024 rules from China mandate licences for antimony shipments abroad.",
        "Since August 2024 Chinese antimony has been subject to export licensing.",
    ],
)
def test_issuing_mandating_and_subjecting_are_impositions(rare_earth_store, sentence) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "export_control_imposed"
    assert claim["verdict"] == "supported", claim["explanation"]


def test_an_event_in_a_preposed_adverbial_is_background(rare_earth_store) -> None:
    claims = _events(
        rare_earth_store,
        "After weeks of haggling over a proposed partnership with Kyiv, Putin offered the "
        "United States access to Russian rare earths.",
        "2025-03-01",
    )
    assert [c["event"]["type"] for c in claims] == ["offer_of_cooperation"]


# -- numbered instruments ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # the KB's instrument and its date (MOFCOM/GAC Announcement No. 10 of 2025, 4 Feb 2025)
        ("The measure came with Announcement No. 10 of 2025, released on February 4, 2025.",
         "supported"),
        # another day for the same instrument
        ("The measure came with Announcement No. 10 of 2025, released on March 14, 2025.",
         "refuted"),
        # a date of another event in the sentence: not refuted
        ("Announcement No. 10 of 2025 was followed on March 14, 2025 by new rules.",
         "not-checkable"),
        # a number the KB does not hold
        ("The measure came with Announcement No. 99 of 2025.", "not-checkable"),
        # suspended: No. 57 of 2025 is among those Announcement No. 70 of 2025 suspended;
        # No. 18 of 2025 is not
        ("Beijing suspended Announcement No. 57 of 2025.", "supported"),
        ("Beijing suspended Announcement No. 18 of 2025.", "not-checkable"),
    ],
)  # fmt: skip
def test_numbered_instruments(rare_earth_store, sentence, verdict) -> None:
    claims = [c for c in _events(rare_earth_store, sentence)
              if c["event"]["type"] == "instrument_issued"]  # fmt: skip
    assert len(claims) == 1
    assert claims[0]["verdict"] == verdict, claims[0]["explanation"]


def test_a_customs_authority_names_its_country(rare_earth_store) -> None:
    """The General Administration of Customs co-issues China's export-control announcements
    (MOFCOM/GAC Announcement No. 18 of 2025, 4 Apr 2025, seven medium and heavy rare earths)."""
    claim = _one(
        rare_earth_store,
        "On 4 April 2025 the General Administration of Customs restricted exports of terbium "
        "and dysprosium.",
    )
    assert claim["event"]["initiator"] == "CHN"
    assert claim["verdict"] == "supported", claim["explanation"]


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # MOFCOM/GAC Announcement No. 23 of 2023 is dated 3 July 2023, in force 1 August
        ("China restricted exports of gallium in July.", "supported"),
        ("China restricted exports of gallium in February.", "not-checkable"),
    ],
)
def test_a_month_without_its_year_must_still_agree(rare_earth_store, sentence, verdict) -> None:
    """In an article of unknown date the year of 'in July' is unknown, but the month is a
    stated detail: a record of another month does not support the claim."""
    claim = _one(rare_earth_store, sentence, None)
    assert claim["verdict"] == verdict, claim["explanation"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington and Canberra formalized their critical minerals framework on October 20, 2025.",
        "The critical minerals framework between the United States and Australia, signed on "
        "October 20, 2025, promises joint investment.",
    ],
)
def test_formalising_and_participial_signing(rare_earth_store, sentence) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "deal_signed"
    assert claim["verdict"] == "supported", claim["explanation"]


def test_stricter_end_use_review_is_a_licensing_measure(rare_earth_store) -> None:
    """MOFCOM Announcement No. 46 of 2024 (3 Dec 2024): stricter end-user and end-use review
    of graphite dual-use exports to the US (Xinhua, 3 Dec 2024)."""
    claim = _one(
        rare_earth_store,
        "In December 2024 China ordered tighter end-use scrutiny of graphite sold to "
        "American buyers.",
        "2024-12-10",
    )
    assert claim["event"]["type"] == "export_control_imposed"
    assert claim["verdict"] == "supported", claim["explanation"]


@pytest.mark.parametrize(
    "sentence, date_",
    [
        ("Beijing has announced new export permits for natural flake graphite.", "2023-10-25"),
        ("Antimony now falls under export controls in China.", "2024-09-20"),
        ("Chinese licensing requirements were introduced for antimony in August 2024.",
         "2024-09-20"),
        ("DR Congo's cobalt exports were abruptly halted in February 2025.", "2025-03-05"),
    ],
)  # fmt: skip
def test_more_statements_of_a_measure(rare_earth_store, sentence, date_) -> None:
    claim = _one(rare_earth_store, sentence, date_)
    assert claim["verdict"] == "supported", claim["explanation"]


def test_technology_in_another_clause_does_not_change_the_scope(rare_earth_store) -> None:
    """Announcement No. 18 of 2025 (April 2025) covers goods; a later clause about technology
    concerns another measure."""
    claims = _events(
        rare_earth_store,
        "China imposed its first rare earth export controls in April 2025, and the autumn "
        "rules that followed also reached mining and separation technology used abroad.",
    )
    assert claims and claims[0]["verdict"] == "supported", [
        (c["event"], c["explanation"]) for c in claims
    ]


def test_a_proposal_of_cooperation_is_an_offer(rare_earth_store) -> None:
    """Putin's statement of 24 Feb 2025 offered the US joint work on rare earths and aluminium
    supplies (TRT World; Reuters, Feb 2025)."""
    claim = _one(
        rare_earth_store,
        "In February 2025 Putin proposed rare earth cooperation with the United States.",
        "2025-03-01",
    )
    assert claim["event"]["type"] == "offer_of_cooperation"
    assert claim["verdict"] == "supported", claim["explanation"]
