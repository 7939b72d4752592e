"""Event triggers: offers told as readiness to engage or to supply, and proposals of joint
projects (issue 17, session 5, rc10).

Sentences are written for these tests. The oracle is the knowledge-base row
rus-offer-usa-2025 (news_events_kb.csv): Vladimir Putin's statement on Russian state
television of 24 Feb 2025 offering the United States joint projects on rare-earth metals
and supplies of aluminium (sources cited in the row). A sentence without a matching record
is not checked; patterns follow CAMEO 030 'Express intent to cooperate'.
"""

from __future__ import annotations

import pytest

from assay.analyses.news import check_text


def _event_claims(store, text: str, date: str | None) -> list[dict]:
    return [c for c in check_text(store, text, date=date)["claims"] if c["type"] == "event"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin announced Moscow's readiness to engage with American partners on rare earths.",
        "Russia is prepared to supply aluminium to the American market, Putin said.",
        "Putin proposed joint ventures with the United States in rare earth extraction.",
    ],
)
def test_an_offer_to_the_united_states_is_checked_against_the_recorded_offer(
    rare_earth_store, sentence
):
    claims = _event_claims(rare_earth_store, sentence, "2025-02-26")
    assert claims, "no event claim"
    assert claims[0]["event"]["type"] == "offer_of_cooperation"
    assert claims[0]["verdict"] == "supported"
    assert "2025-02-24" in claims[0]["explanation"]


def test_an_offer_with_no_record_is_not_checked(rare_earth_store):
    claims = _event_claims(
        rare_earth_store,
        "Mongolia is ready to engage with Korean partners on copper.",
        "2025-06-10",
    )
    assert claims and all(c["verdict"] == "not-checkable" for c in claims)


def test_a_proposal_of_something_else_is_no_offer(rare_earth_store):
    claims = _event_claims(
        rare_earth_store, "Analysts proposed a new method to estimate reserves.", "2025-06-10"
    )
    assert not [c for c in claims if c["event"]["type"] == "offer_of_cooperation"]


def test_items_that_may_not_be_exported_without_permission_are_a_licensing_regime(
    rare_earth_store,
):
    # MOFCOM/GAC Announcement No. 33 of 15 Aug 2024 (KB row cn-antimony-2024): antimony
    # items need an export licence from 15 Sep 2024
    text = (
        "Under the new rules from Beijing, Chinese antimony products cannot be exported "
        "without a licence from the commerce ministry."
    )
    claims = _event_claims(rare_earth_store, text, "2024-08-20")
    assert claims and claims[0]["event"]["type"] == "export_control_imposed"
    assert claims[0]["verdict"] == "supported"
    assert "No. 33" in claims[0]["explanation"]


def test_a_negated_permission_of_another_kind_is_no_export_control(rare_earth_store):
    text = "Visitors cannot be admitted without permission from the mine operator."
    assert _event_claims(rare_earth_store, text, "2024-08-20") == []


def test_two_clauses_with_their_own_triggers_are_two_event_claims(rare_earth_store):
    # KB rows cn-antimony-2024 (Announcement No. 33, 15 Aug 2024) and the graphite controls
    # announced 20 Oct 2023: each clause is checked with its own items and its own date
    text = (
        "China imposed export controls on antimony; it had already imposed export controls "
        "on graphite in 2023."
    )
    claims = _event_claims(rare_earth_store, text, "2024-08-20")
    assert [c["text"] for c in claims] == [
        "China imposed export controls on antimony",
        "it had already imposed export controls on graphite in 2023.",
    ]
    assert "No. 33" in claims[0]["explanation"]
    assert "2023-10-20" in claims[1]["explanation"]


def test_a_sentence_with_one_trigger_keeps_one_whole_claim(rare_earth_store):
    text = "China imposed export controls on antimony; the move surprised traders."
    claims = _event_claims(rare_earth_store, text, "2024-08-20")
    assert len(claims) == 1 and claims[0]["text"] == text


@pytest.mark.parametrize(
    "sentence",
    [
        "Mongolia said on Tuesday it had signed deals with two Korean miners.",
        "A delegation signed critical minerals agreements with Korean companies in Seoul.",
    ],
)
def test_signed_deals_in_the_plural_are_a_signing(rare_earth_store, sentence):
    claims = [
        c
        for c in _event_claims(rare_earth_store, sentence, "2025-06-10")
        if c["event"]["type"] != "statement_reported"  # 'said on Tuesday': a claim apart
    ]
    assert [c["event"]["type"] for c in claims] == ["deal_signed"]
    # no record of such a deal: reported, not checked
    assert claims[0]["verdict"] == "not-checkable"


def test_raised_tariffs_are_a_reported_event_never_checked(rare_earth_store):
    # the knowledge base records no tariffs: the claim is found and left not-checkable,
    # never matched to an export-control record of the same countries and month
    text = "Washington raised its tariffs on Chinese imports by 10% on February 4, 2025."
    claims = _event_claims(rare_earth_store, text, "2025-02-10")
    assert [c["event"]["type"] for c in claims] == ["tariff_imposed"]
    assert claims[0]["verdict"] == "not-checkable"


def test_an_announced_discovery_is_a_reported_event_never_checked(rare_earth_store):
    text = "Mongolia announced the discovery of a large copper deposit in the Gobi."
    claims = _event_claims(rare_earth_store, text, "2025-02-10")
    assert [c["event"]["type"] for c in claims] == ["discovery_announced"]
    assert claims[0]["verdict"] == "not-checkable"
