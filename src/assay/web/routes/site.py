"""Page module site (filled in below)."""

from __future__ import annotations

from assay.web.app import Pages


def register(pages: Pages) -> None:
    return None
