"""Office titles written with a person's name, checked against ``news_actors.csv`` (#17).

An unqualified title ('Treasury Secretary X') claims that the person held the office at the
time the sentence speaks of. Sentences are written for these tests. Oracles are rows of
``news_actors.csv`` and their cited sources: Donald Trump, President of the United States
since 20 Jan 2025 (Newser); Joe Biden, President 20 Jan 2021 - 20 Jan 2025 (WHAS11;
Newser); Scott Bessent, Secretary of the Treasury, sworn in 28 Jan 2025 (Ballotpedia News);
Yulia Svyrydenko, Minister of Economy and First Deputy Prime Minister of Ukraine from Nov
2021 until her appointment as Prime Minister on 17 Jul 2025 (Ukrainska Pravda); Anthony
Albanese, Prime Minister of Australia, sworn in 23 May 2022 (The Guardian; Jagran Josh);
Kirill Dmitriev, CEO of the Russian Direct Investment Fund (Devdiscourse/Reuters, Mar 2025).
"""

from __future__ import annotations

import pytest
from tests.news.helpers import office_claims

from assay.analyses.news.events import _title_text


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # in office at the article's date
        ("The mining plan pleased American President Donald Trump.", "2025-09-01", "supported"),
        ("Meanwhile Treasury Secretary Scott Bessent praises the fund.", "2025-05-02", "supported"),
        ("Australia's Prime Minister Anthony Albanese visits a lithium plant.", "2024-03-04",
         "supported"),
        # an apposition after the name
        ("Kirill Dmitriev, CEO of the Russian Direct Investment Fund, praises the plan.",
         "2025-04-01", "supported"),
        # two titles joined by 'and': both held until July 2025
        ("Economy Minister and Deputy Prime Minister Yulia Svyrydenko visits Lviv.",
         "2025-05-06", "supported"),
        # ... after July 2025 the tenure of both ended: a present-tense sentence is false
        ("Economy Minister and Deputy Prime Minister Yulia Svyrydenko visits Lviv.",
         "2025-10-06", "refuted"),
        # a tenure that ended before the article, told in the present tense
        ("President Joe Biden says the lithium plan will go on.", "2025-06-02", "refuted"),
        # ... but past narration or a date may speak of the earlier time
        ("President Joe Biden visited the lithium plant.", "2025-06-02", "not-checkable"),
        ("On 4 March 2024 President Joe Biden visits the plant.", "2025-06-02", "not-checkable"),
        # before the recorded tenure began: earlier terms are not dated, nothing is refuted
        ("President Donald Trump says tariffs will rise.", "2019-05-02", "not-checkable"),
        # another office than the table's
        ("Commerce Secretary Scott Bessent praises the fund.", "2025-05-02", "not-checkable"),
        # an undated article
        ("US President Donald Trump praises the fund.", None, "not-checkable"),
    ],
)  # fmt: skip
def test_unqualified_titles(rare_earth_store, sentence, date_, verdict) -> None:
    claims = office_claims(rare_earth_store, sentence, date_)
    assert len(claims) == 1, claims
    assert claims[0]["verdict"] == verdict, claims[0]["explanation"]
    if verdict != "not-checkable":
        assert claims[0]["evidence"][0]["sources"], "a verdict cites the row's sources"
    # the claim is the title and the name, not the whole sentence
    assert len(claims[0]["text"]) < len(sentence)


def test_president_elect_is_no_office_claim(rare_earth_store) -> None:
    assert (
        office_claims(rare_earth_store, "President-elect Donald Trump spoke.", "2024-12-02") == []
    )


@pytest.mark.parametrize(
    "sentence, person",
    [
        ("Chilean President Maria Jose Pereira opened the salar plant.", "Maria Jose Pereira"),
        ("Agency chairman Peter Olsen Vik said exports rose.", "Peter Olsen Vik"),
        ("Anna Berg, director of the Nordic Metals Institute, said so.", "Anna Berg"),
    ],
)
def test_titled_names_the_table_does_not_know_are_not_checkable(
    rare_earth_store, sentence, person
) -> None:
    claims = office_claims(rare_earth_store, sentence, "2025-05-02")
    assert len(claims) == 1 and claims[0]["text"].count(person) == 1, claims
    assert claims[0]["verdict"] == "not-checkable"
    assert "not in the office holders table" in claims[0]["reason"]


def test_words_before_a_title_are_not_part_of_it() -> None:
    assert _title_text("Meanwhile US President") == "US President"
    assert _title_text("Vice President") == "Vice President"


def test_a_plural_title_before_two_names(rare_earth_store) -> None:
    # Donald Trump: President since 20 Jan 2025; Xi Jinping: President of China since 2013
    claims = office_claims(
        rare_earth_store, "Presidents Donald Trump and Xi Jinping met.", "2025-11-01"
    )
    assert [c["verdict"] for c in claims] == ["supported", "supported"]
    claims = office_claims(
        rare_earth_store, "Ministers Scott Bessent and Xi Jinping met.", "2025-11-01"
    )
    assert [c["verdict"] for c in claims] == ["not-checkable", "not-checkable"]


def test_a_title_is_checked_at_the_date_of_the_event_its_sentence_reports(rare_earth_store) -> None:
    # an undated article: the signing of the US-Ukraine fund agreement (30 Apr 2025) dates
    # the sentence; Bessent was Treasury Secretary and Svyrydenko Economy Minister then
    text = (
        "Treasury Secretary Scott Bessent and Economy Minister Yulia Svyrydenko signed the "
        "minerals agreement between the United States and Ukraine on April 30."
    )
    claims = office_claims(rare_earth_store, text, None)
    assert [c["verdict"] for c in claims] == ["supported", "supported"]
    assert all("event the sentence reports" in c["explanation"] for c in claims)
    # without a recorded event the undated article leaves the title unchecked
    claims = office_claims(
        rare_earth_store, "Treasury Secretary Scott Bessent praises the fund.", None
    )
    assert [c["verdict"] for c in claims] == ["not-checkable"]


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # a lower-case title before a person of the table (Kizito Pakabomba, Minister of Mines
        # of the DR Congo, 13 Jun 2024 - 13 Aug 2025: Copperbelt Katanga Mining; Mines.cd)
        ("The order was co-signed by mines minister Kizito Pakabomba.", "supported"),
        ("The order was co-signed by the finance minister Kizito Pakabomba.", "not-checkable"),
        # an apposition with a lower-case title and 'on': another wording than the table's
        ("Kirill Dmitriev, Moscow's special envoy on trade, spoke.", "not-checkable"),
    ],
)
def test_lower_case_titles(rare_earth_store, sentence, verdict) -> None:
    claims = office_claims(rare_earth_store, sentence, "2025-03-03")
    assert [c["verdict"] for c in claims] == [verdict], [c["explanation"] for c in claims]


def test_titles_of_an_undated_article_after_the_events_it_reports(rare_earth_store) -> None:
    # the article reports the US-Ukraine fund agreement (signed 30 Apr 2025), so it appeared
    # after it; Bessent (sworn in 28 Jan 2025, no recorded end) was Treasury Secretary then
    text = (
        "Treasury Secretary Scott Bessent praised the partnership. The United States and "
        "Ukraine signed the minerals agreement on April 30."
    )
    claims = office_claims(rare_earth_store, text, None)
    assert [c["verdict"] for c in claims] == ["supported"], [c["explanation"] for c in claims]
    assert "reason" not in claims[0]
    # a tenure with a recorded end is not carried forward (Svyrydenko left the Economy
    # Ministry in July 2025)
    text = text.replace("Treasury Secretary Scott Bessent", "Economy Minister Yulia Svyrydenko")
    claims = office_claims(rare_earth_store, text, None)
    assert [c["verdict"] for c in claims] == ["not-checkable"]
