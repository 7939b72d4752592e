"""Which dates in an article's head date the article (issue 17: a reported date such as the
end of a suspension must not become the publication date, or every event is judged at the
wrong time). Sentences are our own wording."""

from __future__ import annotations

from datetime import date

import pytest

from assay.importers.news import byline_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\n\nIANS February 25, 2025 252 views\n\nBody.", date(2025, 2, 25)),
        ("By A. Writer | March 3, 2025\nChina said on Monday ...", date(2025, 3, 3)),
        ("Published: 2024-11-02\nText.", date(2024, 11, 2)),
        ("Last updated on June 5, 2025 at 10:00 GMT\nText.", date(2025, 6, 5)),
        ("October 9, 2025 - Beijing widened its controls on rare earths.", date(2025, 10, 9)),
    ],
)
def test_byline_dates_are_read(text: str, expected: date) -> None:
    assert byline_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # dates the article reports, inside running text
        "Beijing said the pause of its October measures will run until November 10, 2026, "
        "when the original rules would return unless both sides agree otherwise.",
        "The rules, which take effect from December 1, 2025, require foreign makers to apply "
        "for a licence when their magnets contain Chinese material.",
        "Short item.\nThe suspension ends on November 10, 2026.\nMore text follows here.",
        "Kyiv and Washington signed the fund agreement, which the parliament ratified on "
        "May 8, 2025 after a committee vote, and the first projects are due next year.",
    ],
)
def test_reported_dates_do_not_date_the_article(text: str) -> None:
    assert byline_date(text) is None


def test_a_byline_after_a_reported_date_still_counts() -> None:
    text = "Rules effective from December 1, 2025 are discussed below.\nReuters, March 3, 2025\n"
    assert byline_date(text) == date(2025, 3, 3)
