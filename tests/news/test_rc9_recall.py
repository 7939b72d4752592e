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


# -- decided suspensions ----------------------------
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


# -- office holders ----------------------------
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


# -- classification: members of long lists ----------------------------
def _members(store: Store, text: str) -> dict[str, tuple[str, str]]:
    claims = check_text(store, text, title="", date="2025-06-01")["claims"]
    return {c["subject"]: (c["object"], c["verdict"]) for c in claims
            if c["type"] == "classification"}  # fmt: skip


def test_a_group_named_with_a_class_noun_before_its_relative_clause(rare_earth_store: Store):
    text = (
        "The rare earths take in the lanthanide series, which includes lanthanum, cerium "
        "and europium, as well as two lighter metals."
    )
    found = _members(rare_earth_store, text)
    for name in ("lanthanum", "cerium", "europium"):
        assert found.get(name) == ("lanthanides", "supported"), found


def test_a_definition_whose_subject_points_back_to_the_group(rare_earth_store: Store):
    text = (
        "Rare earths are seventeen metals found together in ores. Listed by atomic number, "
        "they are: scandium, yttrium, lanthanum and cerium, among others."
    )
    found = _members(rare_earth_store, text)
    for name in ("scandium", "yttrium", "lanthanum", "cerium"):
        assert found.get(name) == ("rare-earths", "supported"), found


def test_plus_adds_members_to_a_pointed_back_definition(rare_earth_store: Store):
    text = (
        "Few people can name the rare earth metals. This group is made up of the fifteen "
        "lanthanide elements, plus scandium and yttrium."
    )
    found = _members(rare_earth_store, text)
    assert found.get("scandium") == ("rare-earths", "supported"), found
    assert found.get("yttrium") == ("rare-earths", "supported"), found


def test_a_pointed_back_definition_never_refutes(rare_earth_store: Store):
    # the link to the group of the sentence before is weak: a list with a non-member is not
    # read through it (no claim, rather than a refutation of 'lithium')
    text = (
        "Rare earths are seventeen metals found together in ores. Listed by price, they are: "
        "lithium, neodymium and cobalt."
    )
    found = _members(rare_earth_store, text)
    assert "lithium" not in found, found


def test_a_designated_list_belongs_to_its_owner(rare_earth_store: Store):
    # a country's own list is never checked against the USGS list
    # (the item glued to the opening dash, '-Lithium', is not read as a mention: the
    # lexicon's names never start after a hyphen)
    text = (
        "Kenya's mining ministry has identified 12 minerals -Lithium, Cobalt, REE, Niobium, "
        "and Graphite- as critical minerals."
    )
    found = _members(rare_earth_store, text)
    for name in ("cobalt", "niobium", "graphite"):
        assert name in found and found[name][1] == "not-checkable", found
    assert "rare earths" not in found  # a group item of the list is no member


def test_a_list_designated_by_the_us_is_checked_against_the_usgs_list(rare_earth_store: Store):
    text = "Washington has named cobalt and nickel as critical minerals."
    found = _members(rare_earth_store, text)
    assert found.get("cobalt") == ("critical-minerals", "supported"), found
    assert found.get("nickel") == ("critical-minerals", "supported"), found


def test_a_dash_list_after_a_postmodified_group_matching_its_count(rare_earth_store: Store):
    text = (
        "Prices of the three rare earths needed for magnets - neodymium, terbium and "
        "dysprosium - rose sharply."
    )
    found = _members(rare_earth_store, text)
    for name in ("neodymium", "terbium", "dysprosium"):
        assert found.get(name) == ("rare-earths", "supported"), found


def test_a_dash_list_whose_length_differs_from_the_count_is_not_read(rare_earth_store: Store):
    # 'two rare earths ... - A, B and C': the dash does not open a list of the group
    text = "Exports of two rare earths used in lasers - neodymium, lithium and cobalt - fell."
    found = _members(rare_earth_store, text)
    assert "lithium" not in found and "cobalt" not in found, found


def test_a_list_of_a_group_with_a_participle_includes_members(rare_earth_store: Store):
    text = "The list of rare earths published Monday includes holmium, erbium and thulium."
    found = _members(rare_earth_store, text)
    for name in ("holmium", "erbium", "thulium"):
        assert found.get(name) == ("rare-earths", "supported"), found


# -- classification: bulleted lists under a lead-in line ------------------------------------------
def test_bullets_under_a_usgs_lead_in_are_members_of_the_usgs_list(rare_earth_store: Store):
    text = (
        "The critical minerals list of the U.S. Geological Survey names the following 50 "
        "minerals, and it is due for review.\n"
        "- cobalt, for batteries\n"
        "- nickel, for steel\n"
        "- gold, for jewellery"
    )
    found = _members(rare_earth_store, text)
    assert found.get("cobalt") == ("critical-minerals", "supported"), found
    assert found.get("nickel") == ("critical-minerals", "supported"), found
    # a mineral off the USGS list is never refuted (other lists differ)
    assert found.get("gold", ("", "not-checkable"))[1] == "not-checkable", found


def test_bullets_under_another_owners_list_are_not_read_as_the_usgs_list(rare_earth_store: Store):
    text = "The EU's critical raw materials list holds the following materials:\n- cobalt\n- gold"
    found = _members(rare_earth_store, text)
    assert all(obj != "critical-minerals" for obj, _ in found.values()), found


def test_bullets_under_a_rare_earth_lead_in(rare_earth_store: Store):
    text = "Licences are needed for the following rare earths:\n- holmium\n- erbium, for lasers"
    found = _members(rare_earth_store, text)
    assert found.get("holmium") == ("rare-earths", "supported"), found
    assert found.get("erbium") == ("rare-earths", "supported"), found


def test_bullets_without_a_lead_in_list_are_not_members(rare_earth_store: Store):
    text = "Prices moved a lot this week.\n- cobalt fell 5 percent\n- lithium rose"
    assert _members(rare_earth_store, text) == {}


def test_a_pointed_back_definition_past_a_question_heading(rare_earth_store: Store):
    text = (
        "Rare earth elements are used in magnets.\n"
        "What are their names?\n"
        "In order of atomic number, they are: scandium, yttrium, lanthanum and cerium."
    )
    found = _members(rare_earth_store, text)
    for name in ("scandium", "yttrium", "lanthanum", "cerium"):
        assert found.get(name) == ("rare-earths", "supported"), found


# -- office titles in undated articles ----------------------------
def test_an_undated_title_held_over_the_span_of_the_articles_dates(rare_earth_store: Store):
    # Bessent was sworn in as Treasury Secretary on 28 Jan 2025 (Ballotpedia News): the
    # article's own date (30 April 2025) lies in the tenure, which has no recorded end
    text = (
        "The two governments signed the accord on 30 April 2025 in Washington. Treasury "
        "Secretary Scott Bessent said the fund would start soon."
    )
    found = _offices(rare_earth_store, text, None)
    assert found and found[0]["verdict"] == "supported", found
    assert "undated article" in found[0]["explanation"], found


def test_an_undated_title_with_a_date_before_the_tenure_stays_unchecked(rare_earth_store: Store):
    text = (
        "The two governments signed the accord on 30 April 2019 in Washington. Treasury "
        "Secretary Scott Bessent said the fund would start soon."
    )
    for c in _offices(rare_earth_store, text, None):
        assert c["verdict"] == "not-checkable", c


def test_an_undated_title_without_any_dates_stays_unchecked(rare_earth_store: Store):
    text = "Treasury Secretary Scott Bessent said the fund would start soon."
    for c in _offices(rare_earth_store, text, None):
        assert c["verdict"] == "not-checkable", c


# -- knowledge base: the Kazakhstan-US memorandum ------------------------------------------------
def test_the_kazakhstan_us_memorandum_is_in_the_knowledge_base(rare_earth_store: Store):
    # signed in Washington on 6 Nov 2025 by Yersaiyn Nagaspayev and Howard Lutnick
    # (Kazinform and The Astana Times, 6 Nov 2025)
    text = "Kazakhstan and the United States signed a memorandum on critical minerals."
    c = _verdict_of(rare_earth_store, text, "2025-11-08", "signed a memorandum")
    assert c["verdict"] == "supported", c


def test_the_memorandum_is_not_supported_before_it_was_signed(rare_earth_store: Store):
    text = "Kazakhstan and the United States signed a memorandum on critical minerals."
    for c in _events(rare_earth_store, text, "2025-03-01"):
        assert c["verdict"] != "supported", c


# -- the day a statement of the event was made ----------------------------
def _statements(store: Store, text: str, date: str | None) -> list[dict]:
    return [c for c in _events(store, text, date) if (c.get("event") or {}).get("type") ==
            "statement_reported"]  # fmt: skip


def test_a_statement_day_that_is_the_records_weekday_is_supported(rare_earth_store: Store):
    # ARECOMS Decision No. 004/ARECOMS/2025 is dated Saturday 20 Sep 2025 (ARECOMS release)
    text = (
        "The DRC will move from an export suspension to cobalt export quotas from Oct 16, the "
        "regulator said in a statement on Saturday."
    )
    found = _statements(rare_earth_store, text, "2025-09-22")
    assert found and found[0]["verdict"] == "supported", found
    assert found[0]["text"] == "said in a statement on Saturday", found


def test_a_statement_day_that_is_not_the_records_weekday_is_not_checkable(
    rare_earth_store: Store,
):
    text = (
        "The DRC will move from an export suspension to cobalt export quotas from Oct 16, the "
        "regulator said in a statement on Tuesday."
    )
    for c in _statements(rare_earth_store, text, "2025-09-24"):
        assert c["verdict"] == "not-checkable", c


def test_a_statement_in_the_next_sentence_refers_to_the_event_told_before(
    rare_earth_store: Store,
):
    # MOFCOM/GAC Announcement No. 10 of 2025 is dated Tuesday 4 Feb 2025 (Xinhua)
    text = (
        "China imposed export controls on tungsten, tellurium, bismuth, molybdenum and indium. "
        "The commerce ministry confirmed the decision on Tuesday."
    )
    found = _statements(rare_earth_store, text, "2025-02-05")
    assert found and found[0]["verdict"] == "supported", found


def test_a_statement_with_no_matched_event_is_not_checkable(rare_earth_store: Store):
    text = "The weather office said in a statement on Monday that rain was coming."
    for c in _statements(rare_earth_store, text, "2025-02-05"):
        assert c["verdict"] == "not-checkable", c


def test_an_extension_is_matched_to_the_extending_record(rare_earth_store: Store):
    # ARECOMS extended the February suspension by three months on 21 June 2025 (a Saturday)
    text = (
        "The DRC has extended its suspension of cobalt exports by three months. The regulator "
        "said in a statement on Saturday that stocks remained high."
    )
    found = _statements(rare_earth_store, text, "2025-06-22")
    assert found and found[0]["verdict"] == "supported", found
    assert "2025-06-21" in found[0]["explanation"], found


# -- a measure recalled as the original one ----------------------------
def _recalled(store: Store, text: str, date: str | None) -> list[dict]:
    return [c for c in _events(store, text, date) if (c.get("event") or {}).get("type") ==
            "measure_recalled"]  # fmt: skip


def test_the_original_measure_is_the_root_of_the_records_chain(rare_earth_store: Store):
    # the June 2025 extension modifies Decision No. 001/ARECOMS/2025 of 22 Feb 2025
    text = (
        "The DRC has prolonged the halt of cobalt exports by three months, an extension. "
        "The initial ban, in force from February 22, was meant to lift prices."
    )
    found = _recalled(rare_earth_store, text, None)
    assert found and found[0]["verdict"] == "supported", found
    assert "001/ARECOMS/2025" in found[0]["explanation"], found


def test_a_recalled_measure_on_another_day_is_not_refuted(rare_earth_store: Store):
    text = (
        "The DRC has extended its suspension of cobalt exports by three months. The original "
        "suspension, imposed on March 3, was meant to lift prices."
    )
    for c in _recalled(rare_earth_store, text, None):
        assert c["verdict"] == "not-checkable", c


def test_a_recalled_measure_without_an_earlier_matched_one_is_not_checkable(
    rare_earth_store: Store,
):
    text = "The original ban began on February 22, the newspaper said."
    for c in _recalled(rare_earth_store, text, None):
        assert c["verdict"] == "not-checkable", c


# -- guards found while reading the new supports ----------------------------
def test_an_abbreviated_month_does_not_hide_a_halt(rare_earth_store: Store):
    # 'Oct. 9' has a dot: the measures 'will be halted' are still read as a suspension of
    # controls (Announcement No. 70 of 2025), not as the licensing they suspend
    text = (
        "Beijing said the rare earth export control measures announced on Oct. 9 will be "
        "halted for one year."
    )
    c = _verdict_of(rare_earth_store, text, None, "will be")
    assert c["verdict"] == "supported", c
    assert "suspension of earlier controls" in c["explanation"], c


def test_officials_looking_at_a_measure_report_no_measure(rare_earth_store: Store):
    text = (
        "Reports on Friday said that DRC officials were looking at extending the suspension "
        "of cobalt exports."
    )
    for c in _events(rare_earth_store, text, "2025-06-20"):
        assert c["verdict"] == "not-checkable", c


def test_a_lower_case_title_set_off_by_a_comma_names_the_holder(rare_earth_store: Store):
    # 'new' is no part of the title: the office is Prime Minister of Japan (since 21 Oct 2025)
    text = "Japan's new prime minister, Sanae Takaichi, met business leaders in Tokyo."
    found = _offices(rare_earth_store, text, "2025-11-20")
    assert found and found[0]["verdict"] == "supported", found


def test_a_comma_title_before_the_tenure_is_not_supported(rare_earth_store: Store):
    text = "Japan's new prime minister, Sanae Takaichi, met business leaders in Tokyo."
    for c in _offices(rare_earth_store, text, "2025-03-01"):
        assert c["verdict"] != "supported", c


def test_a_class_in_quotation_marks_is_still_the_critical_class(rare_earth_store: Store):
    text = 'The USGS names 50 minerals as "critical", including cobalt, nickel and gold.'
    found = _members(rare_earth_store, text)
    assert found.get("cobalt") == ("critical-minerals", "supported"), found
    assert found.get("nickel") == ("critical-minerals", "supported"), found
    assert found.get("gold", ("", "not-checkable"))[1] == "not-checkable", found


def test_a_quoted_class_of_another_owner_is_not_the_usgs_list(rare_earth_store: Store):
    text = "Japan's 34 'critical' minerals include lithium and gold."
    found = _members(rare_earth_store, text)
    assert found and all(v == "not-checkable" for _, v in found.values()), found
