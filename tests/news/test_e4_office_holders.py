"""'Former' titles checked against the office holders of ``news_actors.csv`` (issue 17).

Sentences are written for these tests. Oracles are rows of ``news_actors.csv`` and their
cited sources: Joe Biden, President of the United States 20 Jan 2021 - 20 Jan 2025 (WHAS11;
Newser); Donald Trump, President since 20 Jan 2025 (Newser, 20 Jan 2025); J.D. Vance, Vice
President since 20 Jan 2025; Scott Bessent, Secretary of the Treasury, sworn in 28 Jan 2025
(Ballotpedia News; Accounting Today); Yulia Svyrydenko, Prime Minister of Ukraine since
17 Jul 2025 (Ukrainska Pravda; LIGA.net).
"""

from __future__ import annotations

import pytest
from tests.news.helpers import office_claims

from assay.analyses.news.eventcheck import _same_office


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # in office at the article's date: 'former' is false
        ("Former American President Donald Trump praised the miners.", "2025-06-02", "refuted"),
        ("The ex-Treasury Secretary Scott Bessent visited Kyiv.", "2025-03-10", "refuted"),
        ("Former Vice President J.D. Vance toured a lithium mine.", "2025-05-05", "refuted"),
        # the tenure the table records ended before the article
        ("Former President Joe Biden met the miners.", "2025-06-02", "supported"),
        # before the recorded tenure began: the table cannot tell (earlier terms are not dated)
        ("Former President Donald Trump met the miners.", "2023-06-02", "not-checkable"),
        # another office than the one the table holds for the person
        ("Former Vice President Donald Trump met the miners.", "2025-06-02", "not-checkable"),
        # an undated article
        ("Former President Donald Trump met the miners.", None, "not-checkable"),
        # a sentence about an earlier time: 'former' may be meant at that time
        ("In 2022, former President Donald Trump met the miners.", "2025-06-02", "not-checkable"),
        # 'then-' speaks of the time of the event told, not of publication
        ("Then-President Joe Biden met the miners.", "2025-06-02", "not-checkable"),
    ],
)
def test_former_titles(rare_earth_store, sentence, date_, verdict) -> None:
    claims = office_claims(rare_earth_store, sentence, date_)
    assert len(claims) == 1
    assert claims[0]["verdict"] == verdict, claims[0]["explanation"]
    if verdict == "refuted":
        assert claims[0]["evidence"][0]["sources"], "a refutation cites the row's sources"


def test_unqualified_title_of_a_past_narration_is_not_refuted(rare_earth_store) -> None:
    """'President Biden met ...' in a 2025 article may tell an event of 2023: the title is
    claimed (tests/news/test_e5_office_titles.py), but not refuted."""
    claims = office_claims(rare_earth_store, "President Joe Biden met the miners.", "2025-06-02")
    assert [c["verdict"] for c in claims] == ["not-checkable"]


@pytest.mark.parametrize(
    "written, role, same",
    [
        ("Treasury Secretary", "Secretary of the Treasury of the United States", True),
        ("U.S. President", "President of the United States (since 20 Jan 2025)", True),
        ("President", "Vice President of the United States", False),
        ("Vice President", "President of the United States", False),
        ("Economy Minister", "Prime Minister of Ukraine (since 17 Jul 2025)", False),
        ("Commerce Minister", "Minister of Commerce of the People's Republic of China", True),
        ("Defence Minister", "Minister of Commerce of the People's Republic of China", False),
    ],
)
def test_same_office(written, role, same) -> None:
    assert _same_office(written, role) is same


@pytest.mark.parametrize(
    "sentence, date_, verdict",
    [
        # Janet Yellen: sworn in 26 Jan 2021 (Miller Center; CGTN); left in January 2025 (the
        # table says only the month): inside that month the table cannot tell
        ("Former Treasury Secretary Janet Yellen spoke on tariffs.", "2024-06-03", "refuted"),
        ("Former Treasury Secretary Janet Yellen spoke on tariffs.", "2025-01-24",
         "not-checkable"),
        ("Former Treasury Secretary Janet Yellen spoke on tariffs.", "2025-03-03", "supported"),
        # Putin: 'since 2012' (the year only): in office for certain only from its end
        ("Former President Vladimir Putin spoke on rare earths.", "2012-03-01", "not-checkable"),
        ("Former President Vladimir Putin spoke on rare earths.", "2013-05-01", "refuted"),
    ],
)  # fmt: skip
def test_partial_dates_of_a_tenure_are_read_conservatively(
    rare_earth_store, sentence, date_, verdict
) -> None:
    claims = office_claims(rare_earth_store, sentence, date_)
    assert len(claims) == 1
    assert claims[0]["verdict"] == verdict, claims[0]["explanation"]
