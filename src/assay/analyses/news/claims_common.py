"""Shared pieces of every claim type (see :mod:`assay.analyses.news.claims`).

The claim record (``_claim``), the commodity-mention filters (``_inside``, ``_members``,
``_groups``), the measure words of a figure
(:data:`MEASURES`: reserves, resources, mine and refinery production), the nouns that make
a group word a modifier (:data:`MODIFIED_NOUNS`), small number words, and how a claim's
subject, commodity and period were found (:data:`BASES`, :func:`commodity_basis`,
:func:`subject_basis`).
"""

from __future__ import annotations

import re
from typing import Any

#: Nouns after a group word that make it a modifier ('rare earth deal'), not a class.
MODIFIED_NOUNS = {
    "deal", "deals", "mining", "reserves", "reserve", "deposits", "deposit", "industry",
    "agreement", "market", "markets", "supply", "production", "sector", "magnets", "magnet",
    "exports", "export", "imports", "prices", "price", "projects", "project", "processing",
    "rivalry", "extraction", "resources", "exploration", "output", "companies", "company",
    "mine", "mines", "oxide", "oxides", "refining", "ore", "ores", "minerals", "metal",
    "metals", "elements", "element", "mineral",
}  # fmt: skip
_SMALL_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10, "twenty": 20}  # fmt: skip
#: 'reserves and resources', 'resources and reserves', 'reserves or resources': a total of
#: both classes (resources include the reserves and much more), never a reserves figure.
_RESERVES_WITH_RESOURCES = (
    r"(?<!resources and )(?<!resources & )(?<!resources or )(?<!resources, )"
    r"(?<!resources plus )\b(?:reserves?|deposits?)\b"
    r"(?!\s*(?:,|and|&|or|and/or|plus|\+)\s*(?:mineral\s+|other\s+|inferred\s+)?resources?\b)"
)
MEASURES = {
    "reserves": re.compile(_RESERVES_WITH_RESOURCES, re.IGNORECASE),
    "resources": re.compile(r"\bresources?\b|\bmineral wealth\b", re.IGNORECASE),
    "mine_production": re.compile(
        r"\b(?:produc(?:er|ers|tion|es|ed|ing)|output|miners?|mining|mined|mines|"
        r"suppl(?:ier|iers|y|ies|ied|ying)|provid(?:es|ed|ing|er|ers))\b",
        re.IGNORECASE,
    ),
    "refinery_production": re.compile(
        r"\b(?:refin(?:er|ers|ery|eries|ing|ed)|process(?:or|ors|ing|ed))\b", re.IGNORECASE
    ),
}


#: How a claim's subject, commodity and period were found (``subject_basis``,
#: ``commodity_basis``, ``period_basis``), from the surest to the least sure:
#: 'explicit' (named in the claim's own clause or sentence, or its table row),
#: 'coreference' (a pronoun, 'the country', 'these metals' or the previous sentence of the
#: paragraph), 'context' (a headline, a list heading, a table caption, the line above a
#: labelled line). A verdict layer may support on any basis but should refute only on
#: 'explicit' ones. ``None``: nothing was found (no country; no year written).
BASES = ("explicit", "coreference", "context")
_COMMODITY_BASIS = {
    "sentence": "explicit",
    "previous sentence": "coreference",
    "previous claim": "coreference",
    "headline": "context",
    "topic": "context",
    "table": "context",
}
#: A pronoun or 'the country' in a figure's own clause: the subject named in another clause
#: of the sentence is reached through it ('China dominates refining, while its share of
#: mining fell to 60%').
_CLAUSE_PRONOUN = re.compile(
    r"\b(?:its|their|it|they|the\s+(?:country|nation)(?:'s)?)\b", re.IGNORECASE
)


def commodity_basis(commodity_from: str | None) -> str | None:
    """The :data:`BASES` value of a ``commodity_from`` ('sentence', 'previous sentence',
    'previous claim', 'headline', 'topic', 'table'); None when no commodity was found."""
    return _COMMODITY_BASIS.get(commodity_from) if commodity_from else None


def subject_basis(
    text: str,
    country: dict[str, Any] | None,
    subject_from: str | None,
    clause: tuple[int, int],
    pos: int,
) -> str | None:
    """How the subject country of a figure or rank at ``pos`` was found.

    Parameters
    ----------
    text : str
        Normalised article text.
    country : dict or None
        The subject country mention (None: no country subject).
    subject_from : str or None
        'sentence' (named in the claim's sentence), 'context' (a pronoun or 'the country'
        resolved to the previous sentence's country) or 'label' (the line above a
        labelled line or a list heading).
    clause : (int, int)
        The figure's clause (:func:`clause_around`).
    pos : int
        Start of the figure or rank word.

    Returns
    -------
    str or None
        'explicit', 'coreference', 'context' (see :data:`BASES`) or None.
    """
    if country is None:
        return None
    if subject_from == "label":
        return "context"
    if subject_from == "context":
        return "coreference"
    c0, c1 = clause
    if c0 <= country["span"][0] < c1 or not _CLAUSE_PRONOUN.search(text, c0, pos):
        return "explicit"
    return "coreference"  # named in another clause and referred to by a pronoun in this one


def _inside(m: dict[str, Any], s0: int, s1: int) -> bool:
    return s0 <= m["span"][0] and m["span"][1] <= s1


def _members(commodities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in commodities if c["kind"] in ("element", "mineral", "material", "commodity")]


def _groups(commodities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in commodities if c["kind"] == "group"]


def _claim(
    ctype: str, text: str, span: tuple[int, int], subject: str, **slots: Any
) -> dict[str, Any]:
    return {
        "type": ctype,
        "text": text[span[0] : span[1]],
        "span": [span[0], span[1]],
        "subject": subject,
        **slots,
    }
