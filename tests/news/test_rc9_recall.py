"""Recall of events, office holders and classification (issue 17, session 5, rc9).

Each test names one general mechanism, with sentences written for the test:

- a suspension told as decided ('agreed to suspend', 'has agreed to pause', 'will suspend')
  reports a decision that was made public: it is checked against the record of that
  announcement instead of being skipped as an expectation; a hedged one ('could agree to
  suspend', 'is expected to suspend') is still not checked;
- the date of the suspended measure ('the measures announced October 9') is not the date of
  the suspension, in an undated article too;
- an office holder whose tenure the table dates (Japan's prime minister since 21 Oct 2025)
  is checked at the article's date.

Oracles are rows of the bundled knowledge base, each read in a cited source: MOFCOM/GAC
Announcement No. 70 of 2025 (7 Nov 2025) suspends the 9 Oct 2025 measures until 10 Nov 2026,
a decision announced on 30 Oct 2025 (NationPress/IANS, 30 Oct 2025; rawmaterials.net,
7 Nov 2025); Sanae Takaichi was elected prime minister on 21 Oct 2025 (Yomiuri Shimbun,
TASS, 21 Oct 2025).
"""

from __future__ import annotations

from assay.analyses.news import check_text
from assay.store import Store


def _events(store: Store, text: str, date: str | None) -> list[dict]:
    claims = check_text(store, text, title="", date=date)["claims"]
    return [c for c in claims if c["type"] == "event"]


def _verdict_of(store: Store, text: str, date: str | None, words: str) -> dict:
    found = [c for c in _events(store, text, date) if words in c["text"]]
    assert found, _events(store, text, date)
    return found[0]


# -- decided suspensions ---------------------------------------------------------------------
def test_agreed_to_suspend_is_checked_as_the_announced_decision(rare_earth_store: Store):
    text = (
        "After the summit, Beijing agreed to suspend its latest export controls on rare earth "
        "elements for one year."
    )
    c = _verdict_of(rare_earth_store, text, None, "agreed to suspend")
    assert c["verdict"] == "supported", c
    assert "No. 70" in c["explanation"] or "suspension" in c["explanation"], c


def test_has_agreed_to_pause_is_checked_too(rare_earth_store: Store):
    text = "China has agreed to pause its export restrictions on rare earths for a year."
    c = _verdict_of(rare_earth_store, text, None, "agreed to pause")
    assert c["verdict"] == "supported", c


def test_will_suspend_on_the_announcement_day_is_supported(rare_earth_store: Store):
    # the article appeared on the day of the announcement, a week before Announcement No. 70
    text = "China will suspend the export control measures on rare earths for one year."
    c = _verdict_of(rare_earth_store, text, "2025-10-30", "will suspend")
    assert c["verdict"] == "supported", c


def test_a_hedged_suspension_is_still_not_checked(rare_earth_store: Store):
    for text in (
        "China could agree to suspend its export controls on rare earths for one year.",
        "Analysts said China is expected to suspend its rare earth export controls.",
    ):
        for c in _events(rare_earth_store, text, None):
            assert c["verdict"] == "not-checkable", (text, c)


def test_a_suspension_told_before_any_announcement_is_not_supported(rare_earth_store: Store):
    # an article of September 2025 cannot report the decision of 30 October
    text = "China will suspend its export controls on rare earths for one year."
    for c in _events(rare_earth_store, text, "2025-09-15"):
        assert c["verdict"] != "supported", c


def test_the_suspended_measures_day_is_not_the_suspensions(rare_earth_store: Store):
    # undated article: 'October 9' dates the measures, not the suspension (read as the
    # suspension's day it found no suspension on 9 October)
    text = (
        "Under the truce, China will suspend the rare earth export control measures "
        "announced October 9."
    )
    c = _verdict_of(rare_earth_store, text, None, "will suspend")
    assert c["verdict"] == "supported", c


# -- office holders ---------------------------------------------------------------------------
def _offices(store: Store, text: str, date: str | None) -> list[dict]:
    return [c for c in _events(store, text, date) if (c.get("event") or {}).get("type") ==
            "office_held"]  # fmt: skip


def test_a_prime_minister_dated_by_the_table_is_checked(rare_earth_store: Store):
    text = "Japanese Prime Minister Sanae Takaichi met business leaders in Tokyo."
    found = _offices(rare_earth_store, text, "2025-11-20")
    assert found and found[0]["verdict"] == "supported", found


def test_a_prime_minister_before_her_tenure_is_not_supported(rare_earth_store: Store):
    text = "Japanese Prime Minister Sanae Takaichi met business leaders in Tokyo."
    for c in _offices(rare_earth_store, text, "2025-06-01"):
        assert c["verdict"] != "supported", c
