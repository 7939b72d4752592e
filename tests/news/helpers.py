"""Helpers shared by the news-checking tests (not a test module)."""

from __future__ import annotations

from typing import Any

from assay.analyses.news import check_text


def office_claims(store: Any, text: str, date_: str | None) -> list[dict]:
    """The ``office_held`` event claims that :func:`check_text` finds in ``text`` written
    on ``date_`` (ISO date, or ``None`` for an undated text), in text order."""
    return [
        c
        for c in check_text(store, text, date=date_)["claims"]
        if c.get("event") and c["event"]["type"] == "office_held"
    ]
