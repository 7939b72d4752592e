"""Event claims beyond the sentences the checker was developed on (issue 17, round 4).

Every sentence here is written for these tests. Oracles are rows of the bundled events
knowledge base (``news_events_kb.csv``) and the sources they cite:

- MOFCOM/GAC Announcement No. 33 of 2024 (15 Aug 2024): antimony exports need a licence
  (a licensing regime, not a ban); No. 23 of 2023 (3 Jul 2023): the same for gallium.
- The US-Ukraine minerals agreement was signed on 30 Apr 2025 (not on 8 May 2025).
- The US-Australia framework was signed on 20 Oct 2025, the US-Japan framework on
  28 Oct 2025 (White House texts, via the KB's sources).
- China's Catalogue of Technologies Prohibited and Restricted from Export, revision of
  21 Dec 2023: a ban on exporting rare-earth extraction, separation and magnet technology,
  not on exporting rare earths (Reuters, Straits Times, Dec 2023).
- The Executive Order of 15 Apr 2025 directing a Section 232 investigation of imports of
  processed critical minerals and derivative products (Thompson Hine, Mondaq/Cassidy Levy
  Kent, White & Case, Apr 2025).
- The European Commission's first list of 47 Strategic Projects under the Critical Raw
  Materials Act, 25 Mar 2025 (WAM via UrduPoint, 25 Mar 2025; AGH University, 28 Mar 2025).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from importlib import resources

import pytest

from assay.analyses.news import check_text
from assay.analyses.news.events import find_events, pattern_matches
from assay.analyses.news.knowledge import KnowledgeBase


def _events(store, text: str, date_: str = "2025-11-20") -> list[dict]:
    """The event claims of one text, each with its event type, modality and verdict."""
    return [c for c in check_text(store, text, date=date_)["claims"] if c.get("event")]


def _one(store, text: str, date_: str = "2025-11-20") -> dict:
    claims = _events(store, text, date_)
    assert len(claims) == 1, [(c["event"]["type"], c["verdict"]) for c in claims]
    return claims[0]


# -- 1. trigger phrasings: permission wording, framework/memorandum, talks ------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Chinese firms must get permission to export antimony since August 2024.",
        "Since August 2024 traders in China need a licence to ship antimony abroad.",
        "In August 2024 Beijing began requiring approval to export antimony.",
        "From August 2024, China made antimony sellers apply for permits before exporting.",
    ],
)
def test_permission_wording_is_a_licensing_regime(rare_earth_store, sentence) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "export_control_imposed"
    assert claim["verdict"] == "supported"
    assert claim["evidence"][0]["event_id"] == "cn-antimony-2024"


def test_permission_wording_does_not_make_a_ban_true(rare_earth_store) -> None:
    # the action read is 'licensing'; a ban in the same month is still refuted
    ban = _one(rare_earth_store, "China banned exports of antimony in August 2024.")
    assert ban["verdict"] == "refuted"


@pytest.mark.parametrize(
    ("sentence", "event_id"),
    [
        ("The United States and Australia signed a framework on critical minerals on "
         "October 20, 2025.", "usa-aus-framework-2025"),
        ("Washington and Tokyo concluded a memorandum on rare earths in October 2025.",
         "usa-jpn-framework-2025"),
        ("Japan and the US inked a critical-minerals accord in late October 2025.",
         "usa-jpn-framework-2025"),
    ],
)  # fmt: skip
def test_framework_and_memorandum_are_agreements(rare_earth_store, sentence, event_id) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "deal_signed"
    assert claim["verdict"] == "supported"
    assert claim["evidence"][0]["event_id"] == event_id


@pytest.mark.parametrize(
    "sentence",
    [
        "The United States and Ukraine held talks on a minerals agreement in February 2025.",
        "Kyiv and Washington were in discussions over a minerals deal in March 2025.",
        "Ukraine entered negotiations with the United States on mineral revenues in 2025.",
    ],
)
def test_talks_are_not_a_concluded_agreement(rare_earth_store, sentence) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "talks_held"
    assert claim["verdict"] == "not-checkable"
    assert "not a concluded agreement" in claim["reason"]


def test_talks_in_a_time_adverbial_are_background(rare_earth_store) -> None:
    text = "After weeks of negotiations, the United States and Ukraine signed the minerals " \
           "agreement on April 30, 2025."  # fmt: skip
    claims = _events(rare_earth_store, text)
    assert [(c["event"]["type"], c["verdict"]) for c in claims] == [("deal_signed", "supported")]


def test_an_infinitive_signing_is_intended_not_asserted(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "The two governments agreed to sign the minerals "
                 "agreement in May 2025.")  # fmt: skip
    assert claim["event"]["modality"] == "expected"
    assert claim["verdict"] == "not-checkable"


@pytest.mark.parametrize(
    "sentence",
    [
        "The miners asked for permission to expand the quarry near the river.",
        "The company needs a licence to operate its new smelter.",
        "The framework for recycling batteries was published by the ministry.",
        "Investors are in a hurry to buy lithium shares.",
        "The talks show on television discussed copper prices.",
    ],
)
def test_new_triggers_do_not_fire_on_unrelated_sentences(sentence) -> None:
    kb = KnowledgeBase.bundled()
    fired = {m[0] for m in pattern_matches(kb, sentence)}
    assert not fired & {"export_control_imposed", "deal_signed", "talks_held",
                        "investigation_opened", "project_designation"}  # fmt: skip


# -- 2. modality: past-tense finite verbs assert ------------------------------------------


def test_a_signing_dated_in_may_is_asserted_and_checked(rare_earth_store) -> None:
    # 'May' in a date is no modal verb: the claim is asserted and its wrong date refuted
    wrong = _one(rare_earth_store, "The United States and Ukraine signed the minerals "
                 "agreement on May 8, 2025.")  # fmt: skip
    assert wrong["event"]["modality"] == "asserted"
    assert wrong["verdict"] == "refuted"
    assert "2025-04-30" in wrong["explanation"]
    right = _one(rare_earth_store, "Ukraine and the United States signed the minerals "
                 "agreement on April 30, 2025, in Washington.")  # fmt: skip
    assert right["verdict"] == "supported"


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("Kyiv and Washington signed the deal, which will fund reconstruction, on April 30, "
         "2025.", "asserted"),
        ("Kyiv and Washington are expected to sign the minerals deal next week.", "expected"),
        ("Kyiv and Washington reportedly signed the minerals deal.", "expected"),
        ("The minerals deal may be signed in May.", "expected"),
        ("Kyiv and Washington did not sign the minerals deal in February.", "negated"),
    ],
)  # fmt: skip
def test_modality_of_signing(sentence, modality) -> None:
    kb = KnowledgeBase.bundled()
    from assay.analyses.news.dates import find_dates

    dates = find_dates(sentence, None)
    events = find_events(kb, sentence, (0, len(sentence)), {"dates": dates})
    signed = [e for e in events if e["type"] == "deal_signed"]
    assert [e["modality"] for e in signed] == [modality]


# -- 3. goods and technology: the filter works both ways -------------------------------------


def test_technology_ban_row_names_its_commodity() -> None:
    rows = {r["id"]: r for r in _kb_rows()}
    tech = rows["cn-ree-tech-ban-2023"]
    assert tech["scope"] == "technology"
    assert "rare earths" in [i.strip() for i in tech["items"].split(";")]


def test_a_goods_claim_is_not_supported_by_a_technology_ban(rare_earth_store) -> None:
    for text in (
        "China banned rare-earth exports in December 2023.",
        "In December 2023 Beijing prohibited exports of rare earths.",
    ):
        claims = _events(rare_earth_store, text, "2024-01-10")
        assert claims and all(c["verdict"] != "supported" for c in claims), text
        assert all(
            e.get("event_id") != "cn-ree-tech-ban-2023" for c in claims for e in c["evidence"]
        )


def test_a_technology_claim_is_matched_by_the_technology_ban(rare_earth_store) -> None:
    claim = _one(rare_earth_store, "China banned exports of rare-earth extraction "
                 "technology in December 2023.", "2024-01-10")  # fmt: skip
    assert claim["verdict"] == "supported"
    assert claim["evidence"][0]["event_id"] == "cn-ree-tech-ban-2023"


def test_a_technology_claim_is_not_matched_by_a_goods_measure(rare_earth_store) -> None:
    # the gallium licensing of July 2023 covers goods only: a claim about gallium
    # technology exports in July 2023 has no record
    claim = _one(rare_earth_store, "China restricted exports of gallium processing "
                 "technology in July 2023.", "2023-08-10")  # fmt: skip
    assert claim["verdict"] == "not-checkable"
    goods = _one(rare_earth_store, "China restricted exports of gallium in July 2023.",
                 "2023-08-10")  # fmt: skip
    assert goods["verdict"] == "supported"
    assert goods["evidence"][0]["event_id"] == "cn-gallium-germanium-2023"


# -- 4. investigation and designation ------------------------------------------------------


def _kb_rows() -> list[dict[str, str]]:
    text = resources.files("assay.reference").joinpath("news_events_kb.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_new_types_are_in_the_kb_with_sources() -> None:
    rows = {r["id"]: r for r in _kb_rows()}
    assert rows["usa-s232-critical-minerals-2025"]["type"] == "investigation"
    assert rows["usa-s232-critical-minerals-2025"]["date"] == "2025-04-15"
    assert rows["eu-crma-strategic-projects-2025"]["type"] == "designation"
    assert rows["eu-crma-strategic-projects-2025"]["date"] == "2025-03-25"
    for r in rows.values():
        assert r["scope"] in ("", "goods", "technology", "goods; technology"), r["id"]
        assert (r["scope"] == "") == (r["type"] in ("agreement", "offer")), r["id"]


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("The US opened a Section 232 investigation into processed critical minerals on "
         "April 15, 2025.", "supported"),
        ("Washington launched a probe into imports of critical minerals in April 2025.",
         "supported"),
        ("The US opened a Section 232 investigation into processed critical minerals on "
         "April 2, 2025.", "refuted"),
        ("Washington launched a probe into imports of bananas in April 2025.",
         "not-checkable"),
    ],
)  # fmt: skip
def test_investigation_claims(rare_earth_store, sentence, verdict) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "investigation_opened"
    assert claim["verdict"] == verdict
    if verdict != "not-checkable":
        assert claim["evidence"][0]["event_id"] == "usa-s232-critical-minerals-2025"


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("The European Commission selected 47 strategic projects on March 25, 2025.",
         "supported"),
        ("In March 2025 the EU named 47 strategic projects for lithium and graphite.",
         "supported"),
        ("The EU selected its strategic projects on March 5, 2025.", "refuted"),
    ],
)  # fmt: skip
def test_designation_claims(rare_earth_store, sentence, verdict) -> None:
    claim = _one(rare_earth_store, sentence)
    assert claim["event"]["type"] == "project_designation"
    assert claim["verdict"] == verdict
    assert claim["evidence"][0]["event_id"] == "eu-crma-strategic-projects-2025"


# -- 5. the dossier's import path is light ---------------------------------------------------


def test_claims_mentioning_country_does_not_import_the_pipeline() -> None:
    code = (
        "import json, sys\n"
        "from assay.analyses.news import claims_mentioning_country\n"
        "print(json.dumps(sorted(m for m in ('datasketch', 'scipy', "
        "'assay.analyses.news.pipeline') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    # and the public names still resolve
    import assay.analyses.news as news

    assert callable(news.check_text) and "check_paths" in dir(news)
