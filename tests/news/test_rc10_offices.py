"""Office titles: a department name before the holder's name, and undated articles dated by
the titles they give (issue 17, session 5, rc10).

Sentences are written for these tests. Oracles are rows of the bundled office holders table
(reference/news_actors.csv), each read in a cited source: Howard Lutnick, Secretary of
Commerce of the United States, sworn in 21 Feb 2025; Scott Bessent, Secretary of the
Treasury, sworn in 28 Jan 2025; Volodymyr Zelenskyy, President of Ukraine since 20 May 2019;
Joe Biden, President of the United States 20 Jan 2021 - 20 Jan 2025.
"""

from __future__ import annotations

import pytest
from tests.news.helpers import office_claims


def _by_person(claims: list[dict]) -> dict[str, dict]:
    """Office claims keyed by the surname written in them."""
    return {c["text"].split()[-1]: c for c in claims}


@pytest.mark.parametrize(
    "sentence",
    [
        "Reports say Secretary of Commerce Howard Lutnick is leading the talks.",
        "U.S. Secretary of Commerce Howard Lutnick is leading the talks on tungsten.",
    ],
)
def test_a_first_name_after_an_of_phrase_is_no_part_of_the_title(rare_earth_store, sentence):
    (claim,) = office_claims(rare_earth_store, sentence, "2025-09-15")
    assert claim["verdict"] == "supported"
    assert "Howard Lutnick, Secretary of Commerce" in claim["explanation"]


def test_an_undated_article_is_dated_by_another_persons_title(rare_earth_store):
    # Bessent took office in January 2025, so the article is no older; Zelenskyy has been
    # president since 2019 with no recorded end: that title is supported
    text = (
        "Treasury Secretary Scott Bessent flew to Kyiv to meet President Volodymyr Zelenskyy "
        "about the minerals deal."
    )
    claims = _by_person(office_claims(rare_earth_store, text, None))
    zelensky = claims["Zelenskyy"]
    assert zelensky["verdict"] == "supported"
    assert "Scott Bessent" in zelensky["explanation"]
    # the title that dates the article proves nothing about itself
    assert claims["Bessent"]["verdict"] == "not-checkable"


def test_a_single_title_in_an_undated_article_stays_unchecked(rare_earth_store):
    (claim,) = office_claims(
        rare_earth_store, "President Volodymyr Zelenskyy visited the port of Odesa.", None
    )
    assert claim["verdict"] == "not-checkable"
    assert "no date" in claim["reason"]


def test_an_ended_tenure_is_never_supported_by_another_title(rare_earth_store):
    # Biden's tenure has a recorded end: whether the article predates it is unknown
    text = (
        "President Joe Biden and Commerce Secretary Howard Lutnick were named in the report "
        "on gallium."
    )
    claims = _by_person(office_claims(rare_earth_store, text, None))
    assert claims["Biden"]["verdict"] == "not-checkable"
    assert claims["Lutnick"]["verdict"] == "not-checkable"


def test_a_title_whose_tenure_began_later_is_not_supported(rare_earth_store):
    # Lutnick's office began after Bessent's: Bessent's title dates the article to 2025 at
    # the earliest, which does not reach back before Lutnick's start
    text = "Treasury Secretary Scott Bessent and Commerce Secretary Howard Lutnick spoke."
    claims = _by_person(office_claims(rare_earth_store, text, None))
    assert claims["Lutnick"]["verdict"] == "not-checkable"
    assert claims["Bessent"]["verdict"] == "supported"


def test_a_capitalised_title_set_off_by_a_comma_names_its_holder(rare_earth_store):
    (claim,) = office_claims(
        rare_earth_store,
        "The President of Ukraine, Volodymyr Zelenskyy, opened the new lithium plant.",
        "2025-08-01",
    )
    assert claim["text"].startswith("President of Ukraine")
    assert claim["verdict"] == "supported"


def test_a_title_in_a_past_sentence_with_its_own_date_is_checked_at_that_date(
    rare_earth_store,
):
    # an undated article: the sentence tells when, and the title is meant at that time
    inside = "As U.S. President, Joe Biden opened the minerals summit on March 3, 2022."
    (claim,) = office_claims(rare_earth_store, inside, None)
    assert claim["verdict"] == "supported"
    assert "2022-03-03" in claim["explanation"]
    # the date lies after the recorded end of the tenure: not supported (and not refuted:
    # the article may call him by an old title)
    after = "As U.S. President, Joe Biden opened the minerals summit on March 3, 2025."
    (claim,) = office_claims(rare_earth_store, after, None)
    assert claim["verdict"] == "not-checkable"
    # a year alone is too coarse to place the day inside a tenure
    year = "President Joe Biden opened the minerals summit in 2021."
    (claim,) = office_claims(rare_earth_store, year, None)
    assert claim["verdict"] == "not-checkable"


def test_a_headline_claim_repeated_in_the_body_is_kept_at_the_body(rare_earth_store):
    from assay.analyses.news import check_text

    sentence = "U.S. Commerce Secretary Howard Lutnick is negotiating a tungsten venture"
    doc = check_text(
        rare_earth_store,
        sentence + " in Kazakhstan, media report.",
        title="Analyst: " + sentence,
        date="2025-10-22",
    )
    titles = [c for c in doc["claims"] if c["text"] == "U.S. Commerce Secretary Howard Lutnick"]
    assert len(titles) == 1  # one claim, not two
    body = doc["text"].index(sentence, len("Analyst: " + sentence))
    assert titles[0]["span"][0] == body
    assert titles[0]["verdict"] == "supported"
