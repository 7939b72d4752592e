"""Office titles written with a doubled space or a line break inside them (real pages are
often extracted that way): the checker must read them, not fail. Before the fix a title
such as 'Treasury  Secretary' (two spaces) raised ValueError in office_events, which stopped
a whole batch of articles."""

from __future__ import annotations

import pytest

from assay.analyses.news.events import _title_offset, _title_text
from assay.analyses.news.pipeline import check_text


@pytest.mark.parametrize(
    "written, title, offset",
    [
        ("Treasury  Secretary", "Treasury Secretary", 0),
        ("the Treasury\nSecretary", "Treasury Secretary", 4),
        ("the  Prime   Minister", "Prime Minister", 5),
        ("Minister", "Minister", 0),
    ],
)
def test_title_text_and_where_it_starts(written, title, offset):
    assert _title_text(written) == title
    assert written[_title_offset(written) :].split() == title.split()
    assert _title_offset(written) == offset


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks in Geneva were led by the Treasury  Secretary Scott Bessent.",
        "A statement came from the Commerce   Secretary Howard Lutnick on Monday.",
        "Officials met the Prime  Minister of Japan on Tuesday.",
    ],
)
def test_spaced_titles_are_read_without_error(reference_store, sentence):
    out = check_text(reference_store, sentence)
    for claim in out["claims"]:
        a, b = claim["span"]
        assert sentence[a:b].strip(), claim
