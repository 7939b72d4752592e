"""Extra fields of a statistics or ranking claim: the part of a year a figure covers
(:func:`period_part`: 'first quarter', 'January-August') and a shared rank
(:func:`tie_of`: 'tied with Russia as the third largest').
"""

from __future__ import annotations

import re
from typing import Any

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"
#: Part of a year as the period of a figure: a quarter ('the first quarter of 2024', 'Q3'),
#: a half ('the first half', 'H1 2024', 'half-year'), the first months ('the first nine
#: months', 'the six months to June'), a month range ('January-August', 'Jan to May') or
#: the year so far ('year to date', 'so far this year'). A figure for such a period is not
#: an annual figure, whatever year it names.
_PART_YEAR = re.compile(
    r"\b(?:(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter|"
    r"Q[1-4](?=\s*(?:of\s+)?(?:\d{4}|'\d\d)\b|\s+(?:output|production|exports|imports|"
    r"sales|results))|[1-4]Q\s*\d{2,4}|H[12](?=\s*(?:of\s+)?\d{4}\b)|"
    r"(?:first|second|1st|2nd)\s+half(?![\s-]+(?:of\s+)?(?:the\s+)?(?:decade|century))|"
    r"half[- ]year(?:ly)?|"
    r"(?:first|past|last|opening)\s+"
    + _NUMBER_WORD
    + r"\s+months|"
    + _NUMBER_WORD
    + r"\s+months\s+(?:to|through|ended|ending)\s+"
    + _MONTH
    + r"|"
    + _MONTH
    + r"\s*(?:-|–|to|through|until)\s*"
    + _MONTH
    + r"(?=[\s,.]|$)|"
    r"year[- ]to[- ]date|\bYTD\b|so\s+far\s+(?:this\s+year|in\s+\d{4}))",
    re.IGNORECASE,
)
_YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")


def period_part(text: str, span: tuple[int, int], period: int | None) -> str | None:
    """The part of a year a statistical claim's figure covers, as written ('first quarter',
    'January-August', 'year to date'), or None for a whole year.

    A part-year phrase counts when it names no year of its own or the claim's year ('in the
    first half of 2024, ... 2024'): 'output in H1 2024 rose above the 2023 total' marks the
    2024 figure, not the 2023 baseline.

    Parameters
    ----------
    text : str
        The article.
    span : tuple of int
        The claim's sentence [character offsets].
    period : int or None
        The claim's year.
    """
    s0, s1 = span
    for m in _PART_YEAR.finditer(text, s0, s1):
        # a year right after the phrase ('first half of 2024', 'Q1 2024') or inside it
        tail = text[m.start() : min(s1, m.end() + 12)]
        named = [int(y) for y in _YEAR_IN.findall(tail)]
        if named and period is not None and period not in named:
            continue
        return re.sub(r"\s+", " ", m.group(0))
    return None


#: Wording of a shared rank: 'tied for third', 'tied as the third largest', 'tied with
#: Russia', 'joint second', 'shares third place with', 'on a par with', 'level with'.
_TIE = re.compile(
    r"\b(?:tied|ties|tying|jointly|joint|equal(?:ly)?\s+(?:placed|ranked)|"
    r"shares?\s+(?:the\s+)?(?:\w+\s+)?(?:place|spot|position|rank)|"
    r"on\s+a\s+par\s+with|level\s+with)\b",
    re.IGNORECASE,
)
#: 'joint' or 'equal' only when a rank follows ('joint second'), not 'joint venture'.
_TIE_RANK_AFTER = re.compile(
    r"\s*(?:for\s+|as\s+|at\s+|in\s+)?(?:the\s+)?(?:\w+[- ]?)?(?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|place|largest|biggest|top)\b|"
    r"\s*with\b",
    re.IGNORECASE,
)


def tie_of(
    text: str, span: tuple[int, int], countries: list[dict[str, Any]], subject: str | None
) -> dict[str, Any] | None:
    """A shared rank a ranking sentence states: ``{"tie": True, "tied": [...],
    "tied_with": [...]}`` with the countries of the tie (``tied``: all named in it,
    ``tied_with``: those other than the claim's subject), or None.

    'Australia is tied with Russia as the third largest' ties Australia and Russia; 'Chile
    and Peru are tied for second' ties both; 'tied for third' alone names only the subject.
    """
    s0, s1 = span
    for m in _TIE.finditer(text, s0, s1):
        word = m.group(0).lower()
        if word.startswith(("joint", "equal", "tied", "ties", "tying")) and not (
            _TIE_RANK_AFTER.match(text, m.end(), s1)
        ):
            continue
        # the tie's countries: those of its clause, both sides of the tie word
        c0 = s0
        for p in re.finditer(r"[;:]|,\s+(?:while|whereas|but|and)\b", text[s0 : m.start()]):
            c0 = s0 + p.end()
        c1 = s1
        p = re.search(r"[;:]|,\s+(?:while|whereas|but|and)\b", text[m.end() : s1])
        if p:
            c1 = m.end() + p.start()
        tied = []
        for c in countries:
            if c0 <= c["span"][0] < c1 and c["name"] not in tied:
                tied.append(c["name"])
        if subject and subject not in tied:
            tied.insert(0, subject)
        return {
            "tie": True,
            "tied": tied,
            "tied_with": [n for n in tied if n != subject],
        }
    return None
