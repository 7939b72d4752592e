"""Integrity of the events knowledge base and the office holders the news checker uses.

``news_events_kb.csv`` (official measures and deals), ``news_actors.csv`` (office holders and
institutions) and ``sources_events.csv`` (what each row was read in) are curated by hand from
sources read with the project's search tool. These tests make every row carry a retrievable
citation (publisher, title, year, page or section, address), keep dates in order, and check
that the KB covers the measures of issue 17 and their later changes. The checker tests at the
end use facts of the KB as oracles: MOFCOM/GAC Announcement No. 10 of 2025 (4 Feb 2025) is a
licensing regime for tungsten, tellurium, bismuth, molybdenum and indium (Xinhua, 4 Feb 2025),
and the United States-Australia framework was signed on 20 Oct 2025 (White House text).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from importlib import resources

import pytest

from assay.analyses.news import check_text

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("assay.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _ids(cell: str) -> list[str]:
    return [s.strip() for s in cell.split(";") if s.strip()]


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, str]]:
    rows = _table("sources_events.csv")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate source ids"
    return {r["id"]: r for r in rows}


@pytest.fixture(scope="module")
def events() -> list[dict[str, str]]:
    return _table("news_events_kb.csv")


@pytest.fixture(scope="module")
def actors() -> list[dict[str, str]]:
    return _table("news_actors.csv")


def _assert_cited(where: str, cited: list[str], sources: dict, secondary: str) -> None:
    assert cited, f"{where}: no source"
    for sid in cited:
        src = sources.get(sid)
        assert src is not None, f"{where}: unknown source {sid}"
        for field in ("publisher", "title", "table_name", "url"):
            assert src[field].strip(), f"{where}: source {sid} has no {field}"
        assert re.fullmatch(r"(19|20)\d\d", src["year"]), f"{where}: source {sid} year"
        assert src["kind"] in ("primary", "secondary"), f"{where}: source {sid} kind"
    # a row may say 'not secondary' only when it cites a primary source
    any_primary = any(sources[s]["kind"] == "primary" for s in cited)
    assert secondary in ("true", "false"), f"{where}: secondary flag {secondary!r}"
    assert (secondary == "false") == any_primary, f"{where}: secondary flag vs source kinds"


def test_every_event_row_cites_complete_sources(events, sources) -> None:
    for row in events:
        _assert_cited(row["id"], _ids(row["source_ids"]), sources, row["secondary"])


def test_every_actor_row_cites_complete_sources(actors, sources) -> None:
    # one row per alias and office (a person's earlier office has a row of its own)
    keys = [(a["alias"], a["role"]) for a in actors]
    assert len(keys) == len(set(keys)), "an alias is listed twice with the same office"
    for a in actors:
        assert re.fullmatch(r"[A-Z]{3}", a["iso3"]), a["alias"]
        assert a["person"] and a["role"], a["alias"]
        _assert_cited(a["alias"], _ids(a["source_ids"]), sources, a["secondary"])


def test_event_dates_are_ordered(events) -> None:
    ids = {r["id"]: r for r in events}
    for row in events:
        chain = [date.fromisoformat(row["date"])]
        for key in ("effective", "ends"):
            if row[key]:
                chain.append(date.fromisoformat(row[key]))
        assert chain == sorted(chain), f"{row['id']}: date <= effective <= ends broken"
        for earlier in _ids(row["modifies"]):
            assert earlier in ids, f"{row['id']} modifies unknown {earlier}"
            assert ids[earlier]["date"] <= row["date"], f"{row['id']} predates {earlier}"


def test_office_terms_are_ordered(actors) -> None:
    for a in actors:
        for key in ("since", "until"):
            assert not a[key] or _PARTIAL_DATE.match(a[key]), f"{a['alias']} {key}={a[key]!r}"
        if a["since"] and a["until"]:
            # partial ISO dates compare correctly as strings on their common prefix
            n = min(len(a["since"]), len(a["until"]))
            assert a["since"][:n] <= a["until"][:n], a["alias"]


def test_kb_covers_the_issue_measures_and_their_changes(events) -> None:
    by_id = {r["id"]: r for r in events}
    instruments = " | ".join(r["instrument"] for r in events)
    # every announcement of China's 9 Oct 2025 package and the one that suspended it
    for number in ("No. 55 ", "No. 56 ", "No. 57 ", "No. 58 ", "No. 70 ", "No. 10 ", "No. 18 "):
        assert number in instruments, number
    assert "61 and 62" in instruments
    assert by_id["cn-ree-medium-heavy-2025"]["items"].split("; ") == [
        "samarium",
        "gadolinium",
        "terbium",
        "dysprosium",
        "lutetium",
        "scandium",
        "yttrium",
    ]
    suspended = set(_ids(by_id["cn-oct-2025-suspended"]["modifies"]))
    assert {"cn-superhard-2025", "cn-ree-equipment-2025", "cn-ree-five-more-2025",
            "cn-battery-graphite-2025", "cn-ree-extraterritorial-2025"} <= suspended  # fmt: skip
    for needed in ("cn-ree-tech-ban-2023", "cn-five-metals-2025", "cn-us-dual-use-ban-2024",
                   "cn-us-ban-suspended-2025", "cod-cobalt-extension-2025",
                   "cod-cobalt-quota-2025", "rus-rdif-offer-2025", "usa-aus-framework-2025",
                   "usa-jpn-framework-2025", "usa-mp-materials-2025"):  # fmt: skip
        assert needed in by_id, needed
    agreement = by_id["usa-ukr-minerals-agreement-2025"]
    assert "ratified" in agreement["summary"] and "8 May 2025" in agreement["summary"]


def test_office_holders_of_2025(actors) -> None:
    by_alias: dict = {}
    for a in actors:  # the first row of an alias is its current office (as the loader reads)
        by_alias.setdefault(a["alias"], a)
    expected = {
        "Bessent": ("USA", "2025-01-28"), "Lutnick": ("USA", "2025-02-21"),
        "Burgum": ("USA", "2025-01-31"), "Svyrydenko": ("UKR", "2025-07-17"),
        "Sobolev": ("UKR", "2025-07-17"), "Wang Wentao": ("CHN", "2020-12-26"),
        "Watum": ("COD", "2025-08-07"),
    }  # fmt: skip
    for alias, (iso3, since) in expected.items():
        assert (by_alias[alias]["iso3"], by_alias[alias]["since"]) == (iso3, since), alias
    # the holders they replaced end where the successors start
    assert by_alias["Shmyhal"]["until"] == "2025-07-16"
    assert by_alias["Pakabomba"]["until"] == "2025-08-13"


def test_loader_reads_the_new_rows_and_columns(events, actors) -> None:
    from assay.analyses.news.knowledge import KnowledgeBase

    kb = KnowledgeBase.bundled()
    assert len(kb.official_events) == len(events)
    assert kb.actors["Bessent"]["since"] == "2025-01-28"
    assert kb.actors["Bessent"]["source_ids"].startswith("actors-")
    cited = {s for r in kb.official_events for s in r["source_ids"]}
    assert cited <= set(kb.sources)


# -- the checker against the KB (facts above are the oracles) --------------------------------


def _event_claims(store, text: str, date_: str) -> list[dict]:
    return [c for c in check_text(store, text, date=date_)["claims"] if c.get("event")]


def test_licensing_of_the_five_metals_supports_and_refutes(rare_earth_store) -> None:
    ok = _event_claims(rare_earth_store, "China imposed export controls on tungsten and "
                       "indium on February 4, 2025.", "2025-02-10")  # fmt: skip
    assert [c["verdict"] for c in ok] == ["supported"]
    assert ok[0]["evidence"][0]["event_id"] == "cn-five-metals-2025"
    ban = _event_claims(rare_earth_store, "China banned exports of tungsten on February 4, "
                        "2025.", "2025-02-10")  # fmt: skip
    assert [c["verdict"] for c in ban] == ["refuted"]


def test_a_technology_ban_is_not_a_ban_on_rare_earths(rare_earth_store) -> None:
    claims = _event_claims(rare_earth_store, "China banned exports of rare earths in "
                           "December 2023.", "2024-01-10")  # fmt: skip
    assert all(c["verdict"] != "supported" for c in claims)


def test_framework_signing_date(rare_earth_store) -> None:
    ok = _event_claims(rare_earth_store, "The United States and Australia signed a critical "
                       "minerals deal on October 20, 2025.", "2025-10-22")  # fmt: skip
    assert [c["verdict"] for c in ok] == ["supported"]
    wrong = _event_claims(rare_earth_store, "The United States and Australia signed a "
                          "critical minerals deal on October 2, 2025.", "2025-10-22")  # fmt: skip
    assert [c["verdict"] for c in wrong] == ["refuted"]
    # the leaders' names carry their countries (news_actors.csv)
    named = _event_claims(rare_earth_store, "Trump and Albanese signed a rare earths deal on "
                          "October 20, 2025.", "2025-10-22")  # fmt: skip
    assert [c["verdict"] for c in named] == ["supported"]
