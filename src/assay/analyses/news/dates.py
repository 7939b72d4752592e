"""Dates written in news text, resolved against the publication date.

Absolute dates ('March 5, 2025', 'Feb. 28', '28 February 2025', 'December 2024', 'in 2023')
and relative ones ('on Monday', 'last Friday', 'yesterday', 'last week', 'early February')
become ``{text, span, value, granularity}``, where ``value`` is ISO 8601 at the written
granularity ('2025-02-28', '2025-02', '2025'), never padded to a day that the text does not
give (the pitfall noted for dateparser in the news-stack notes). Weekday names refer to the
most recent such day on or before the publication date, the reading used by TimeML/TIMEX3
annotators for past-tense news (Pustejovsky et al. 2003, "TimeML", IWCS-5), unless a
future cue precedes it in the sentence ('will', 'expected to', 'coming on Friday').
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from assay.analyses.news.text import WordIndex, ascii_lower, scan, scan_first

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_CAP = r"(?P<month>" + _MON + r")"

_MDY = re.compile(
    r"\b"
    + _MONTH_CAP
    + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?"
)
_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_CAP
    + r"\b\.?(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?"
)
_PART_MONTH = re.compile(
    r"\b(?:(?P<part>early|mid|late|end of|beginning of|start of)[\s-]+)?"
    + _MONTH_CAP
    + r"\b(?:\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|this|next|on|past)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b"
)
#: Words before a weekday that point forward ('expected to visit Washington on Friday').
_FUTURE = re.compile(
    r"\b(?:will|expected|expects|is coming|coming|scheduled|due|plans?|planned|set to|"
    r"going to|to visit|to sign)\b[^.!?]*$"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tomorrow|(?:last|this|next|past) (?:week|month|year))\b"
)
#: A year; not a digit group of a number ('2,020 t', '12,2025') nor a percentage. A comma
#: after the year is punctuation ('In 2020, China ...') unless a digit follows it.
_LAST_BEFORE = re.compile(r"\blast\s+$")
#: A four-digit year; not a figure with a unit after it ('1911 tonnes of REO', '2000 kg').
_YEAR = re.compile(
    r"(?<![\d,.$])\b(?P<year>(?:19|20)\d\d)\b(?![\d%]|,\d|\s*(?:%|per)|\s*(?:tonnes|tons|"
    r"tonne|ton|t|mt|kt|kg|kilograms|metric\s+tons?|lb|pounds|ounces|oz|barrels|units|"
    r"employees|workers|people|km|miles|metres|meters|mw|gw)\b)",
    re.IGNORECASE,
)


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _year_for(month: int, day: int, pub: date | None) -> int | None:
    if pub is None:
        return None
    year = pub.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year
    # 'Dec. 30' in an article of 3 January is last year's
    if (candidate - pub).days > 183:
        year -= 1
    return year


def find_dates(
    text: str, pub: date | None, offset: int = 0, word_index: WordIndex | None = None
) -> list[dict[str, Any]]:
    """Dates in ``text`` (normalised), earliest first, resolved against ``pub``.

    Parameters
    ----------
    text : str
        Sentence or article text.
    pub : datetime.date or None
        Publication date; relative expressions stay unresolved (``value`` None) without it.
    offset : int
        Added to every span.
    word_index : WordIndex, optional
        The :class:`~.text.WordIndex` of ``ascii_lower(text)``: the patterns are tried
        only where a month, a weekday, a number or another of their first words starts
        (same matches, faster).

    Returns
    -------
    list of dict
        ``{text, span, value, granularity, relative}``; granularity is 'day', 'week',
        'month' or 'year'.
    """
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    # patterns are lower case and run on ASCII-lowered text (same offsets as ``text``)
    lower = ascii_lower(text)

    def add(s: int, e: int, value: str | None, gran: str, relative: bool) -> None:
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        out.append(
            {
                "text": text[s:e],
                "span": [s + offset, e + offset],
                "value": value,
                "granularity": gran,
                "relative": relative,
            }
        )

    for rx in (_MDY, _DMY):
        for m in scan(rx, lower, word_index):
            month = MONTHS[m.group("month").lower()]
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            year = int(m.group("year")) if m.group("year") else _year_for(month, day, pub)
            try:
                value = date(year, month, day).isoformat() if year else None
            except ValueError:
                continue
            add(m.start(), m.end(), value, "day", not m.group("year"))
    for m in scan(_PART_MONTH, lower, word_index):
        word = text[m.start("month") : m.end("month")]
        # 'may' and 'mar' are also ordinary words: require a capital and no lower-case use
        if word[0].islower() or (word.lower() in ("may", "mar") and not m.group("year")):
            continue
        month = MONTHS[word.lower()]
        year = int(m.group("year")) if m.group("year") else _year_for(month, 15, pub)
        if not m.group("year") and pub is not None and _LAST_BEFORE.search(lower, 0, m.start()):
            # 'last August': the most recent August before the publication month
            year = pub.year if month < pub.month else pub.year - 1
        add(m.start(), m.end(), _iso(year, month) if year else None, "month", not m.group("year"))
    for m in scan(_WEEKDAY, lower, word_index):
        rel = (m.group("rel") or "").lower()
        value = None
        if pub is not None:
            target = WEEKDAYS.index(m.group("wd").lower())
            back = (pub.weekday() - target) % 7
            ahead = rel == "next" or (
                rel in ("", "on", "this")
                and _FUTURE.search(lower, max(0, m.start() - 60), m.start()) is not None
            )
            if ahead:
                fwd = (target - pub.weekday()) % 7 or 7
                value = (pub + timedelta(days=fwd)).isoformat()
            else:
                if rel in ("last", "past") and back == 0:
                    back = 7
                value = (pub - timedelta(days=back)).isoformat()
        add(m.start(), m.end(), value, "day", True)
    for m in scan(_RELATIVE, lower, word_index):
        rel = m.group("rel").lower()
        value, gran = None, "day"
        if pub is not None:
            if rel == "yesterday":
                value = (pub - timedelta(days=1)).isoformat()
            elif rel == "today":
                value = pub.isoformat()
            elif rel == "tomorrow":
                value = (pub + timedelta(days=1)).isoformat()
            else:
                which, unit = rel.split()
                step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
                if unit == "week":
                    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
                    iso = monday.isocalendar()
                    value, gran = f"{iso[0]:04d}-W{iso[1]:02d}", "week"
                elif unit == "month":
                    y, mth = pub.year, pub.month + step
                    y, mth = (y - 1, 12) if mth == 0 else ((y + 1, 1) if mth == 13 else (y, mth))
                    value, gran = _iso(y, mth), "month"
                else:
                    value, gran = _iso(pub.year + step), "year"
        add(m.start(), m.end(), value, gran, True)
    for m in scan(_YEAR, text, word_index):
        add(m.start(), m.end(), m.group("year"), "year", False)
    out.sort(key=lambda d: d["span"][0])
    return out


_CUE_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ANY_CUE_YEAR = re.compile(r"(?:19|20)\d\d")
_CUE_DATA_NOUN = r"(?:data|figures|statistics|stats|estimates|numbers)"
_CUE_REPORT_NOUN = (
    r"(?:report|survey|study|review|edition|summary|summaries|assessment|yearbook|publication|"
    r"outlook|analysis|bulletin|factbook)"
)
#: Where or when the figures of a sentence come from. A release ('data released by the USGS
#: in 2014', 'a 2022 report from the USGS', 'the Statistical Review of World Energy 2019
#: report') dates the publication, whose figures are of an earlier year; a data cue ('2021
#: figures show', 'according to 2024 data', 'data for 2023', 'as of 2019') dates the
#: figures themselves.
_SOURCE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "release",
        re.compile(
            r"\b" + _CUE_DATA_NOUN + r"\s+(?:released|published|issued|compiled|put\s+out)\s+"
            r"(?:by\s+(?:the\s+)?[^,.;]{1,60}?\s+)?in\s+(?:(?:early|mid|late)[- ]?)?"
            r"(?:[A-Z][a-z]+\s+)?" + _CUE_YEAR + r"\b(?!\s*" + _CUE_DATA_NOUN + r")",
            re.IGNORECASE,
        ),
    ),
    (
        "release",
        re.compile(
            r"\b(?:an?|the|its|their|his|her)\s+(?:latest\s+|annual\s+|new\s+)?"
            + _CUE_YEAR
            + r"\s+(?:[A-Z][\w-]*\s+){0,3}"
            + _CUE_REPORT_NOUN
            + r"\b",
            re.IGNORECASE,
        ),
    ),
    (
        "release",
        re.compile(
            r"\baccording\s+to\s+[^,.;]{0,80}?\b"
            + _CUE_REPORT_NOUN
            + r"\b[^,.;]{0,40}?\b"
            + _CUE_YEAR
            + r"(?:\s+"
            + _CUE_REPORT_NOUN
            + r")?\b(?!\s*"
            + _CUE_DATA_NOUN
            + r")"
            r"(?=\s*(?:[,.;)]|$))",
            re.IGNORECASE,
        ),
    ),
    (
        "release",
        re.compile(
            r"\b" + _CUE_REPORT_NOUN + r"\s+(?:published|released|issued)\s+in\s+"
            r"(?:[A-Z][a-z]+\s+)?" + _CUE_YEAR + r"\b",
            re.IGNORECASE,
        ),
    ),
    ("data", re.compile(r"\b" + _CUE_YEAR + r"\s+" + _CUE_DATA_NOUN + r"\b", re.IGNORECASE)),
    (
        "data",
        re.compile(
            r"\b"
            + _CUE_DATA_NOUN
            + r"\s+(?:for|from|of)\s+(?:the\s+year\s+)?"
            + _CUE_YEAR
            + r"\b(?!\s*(?:-|to)\s*(?:19|20)\d\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "data",
        re.compile(
            r"\bas\s+of\s+(?:(?:the\s+)?end\s+of\s+|(?:early|mid|late)[- ]?)?" + _CUE_YEAR + r"\b",
            re.IGNORECASE,
        ),
    ),
]


def source_cue(text: str, s0: int, s1: int) -> dict[str, Any] | None:
    """The period cue a sentence gives for its figures, or None.

    Returns ``{year, kind, text, span}``: ``kind`` 'release' when the year is the year a
    source was published (its figures are of an earlier year: statistical annuals such as
    USGS MCS give the previous year's data), 'data' when the year is the figures' own.
    The first cue of the sentence wins.
    """
    if not _ANY_CUE_YEAR.search(text, s0, s1):
        return None  # every cue names a year: most sentences need no further scan
    best = None
    for kind, pattern in _SOURCE_CUES:
        m = scan_first(pattern, text, s0, s1)  # at its first words only: the same match
        if m and (best is None or m.start() < best[1].start()):
            best = (kind, m)
    if best is None:
        return None
    kind, m = best
    return {"year": int(m.group("year")), "kind": kind, "text": m.group(0),
            "span": [m.start(), m.end()]}  # fmt: skip
