"""Change claims: a figure that measures a change rather than a level.

"rose 58%", "up 12% from a year earlier" (:func:`change_of`, :func:`change_slots`: the
direction and the two periods compared) and "doubled", "a three-fold increase"
(:func:`factor_change_claims`).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_common import (
    _claim,
)
from assay.analyses.news.claims_context import (
    _commodity_ref,
    _context_commodity,
    _country_subject,
    _measure_and_stage,
    _period,
    _subject_countries,
)
from assay.analyses.news.frames import (
    clause_around,
    frame_of,
)

#: A figure that measures a change, not a level, after a verb, adverb or noun of change:
#: 'rose 58%', 'grew by 20,000 t', 'up 12%', 'an increase of 5%' ('rose to 60%' is the
#: level reached; 'made up 30%' and 'took up 10%' are shares).
_CHANGE_VERBS = (
    r"rose|risen|rises|rise|rising|increased|increases|increasing|grew|grown|grows|growing|"
    r"jumped|jumps|jumping|climbed|climbs|climbing|surged|surges|surging|soared|soars|"
    r"soaring|gained|gains|fell|fallen|falls|falling|dropped|drops|dropping|declined|"
    r"declines|declining|decreased|decreases|decreasing|slumped|slumps|plunged|plunges|"
    r"plunging|slid|slides|slipped|dipped|tumbled|rebounded|rebounding|expanded|expands|"
    r"shrank|shrunk|shrinks|contracted"
)
_CHANGE_NOUNS = (
    r"increase|rise|growth|jump|gain|drop|decline|decrease|fall|reduction|surge|rebound|"
    r"hike|cut|contraction|expansion"
)
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:" + _CHANGE_VERBS + r")|(?<!made )(?<!make )(?<!makes )(?<!making )(?<!take )"
    r"(?<!takes )(?<!took )(?<!taking )(?<!taken )(?<!ended )\b(?:up|down))"
    r"\s+(?:by\s+)?(?:an?\s+(?:further\s+|additional\s+|staggering\s+|whopping\s+)?)?$"
    r"|\b(?:" + _CHANGE_NOUNS + r")s?\s+of\s+(?:about\s+|around\s+|some\s+|nearly\s+)?$"
    # 'increased its output by 5%': the verb's object stands between the verb and 'by'
    r"|\b(?:" + _CHANGE_VERBS + r"|raised|raises|cut|cuts|reduced|reduces|boosted|boosts|"
    r"lifted|lifts|lowered|lowers)\b[^,.;:%]{1,40}?\bby\s+$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:(?:year[- ]on[- ]year|y/y|yoy)\b|(?:" + _CHANGE_NOUNS + r")s?\b|"
    r"(?:more|less|fewer|higher|lower)\b|from\s+(?:a|the|one)\s+(?:year|month|quarter)\s+"
    r"(?:earlier|before|ago)|on\s+(?:the\s+)?year\b|over\s+the\s+(?:previous|prior|"
    r"preceding|same)\s+(?:year|period|month|quarter))",
    re.IGNORECASE,
)
_CHANGE_DOWN = re.compile(
    r"\b(?:fell|fallen|falls?|falling|dropped|drops?|dropping|declined|declines?|declining|"
    r"decreased|decreases?|decreasing|slumped|slumps|plunged|plunges|plunging|slid|slides|"
    r"slipped|dipped|tumbled|shrank|shrunk|shrinks|contracted|contraction|down|less|fewer|"
    r"lower|reduction|cut|halved)\b",
    re.IGNORECASE,
)
#: A change by a factor written in words: 'increased tenfold', 'doubled', 'fell by half'.
_FACTOR_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "hundred": 100}  # fmt: skip
_FACTOR_CHANGE = re.compile(
    r"\b(?:(?P<word>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)-?fold"
    r"|(?P<num>\d{1,3})-?fold|(?P<verb>doubled|doubling|doubles|tripled|tripling|triples|"
    r"quadrupled|quadrupling|quadruples|halved|halving|halves)|(?:fell|dropped|declined|"
    r"decreased|shrank|plunged|slumped|(?:was|were|been)\s+cut)\s+by\s+(?P<half>half))\b",
    re.IGNORECASE,
)
_FACTOR_VERBS = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "halv": 0.5}
_FACTOR_KEYS = ("fold", "doubl", "tripl", "quadrupl", "halv", "half")
#: The earlier period of a change: 'from a year earlier', 'since 2015', 'from 2022 levels',
#: 'compared with 2021', 'between 2015 and 2023'.
_CHANGE_FROM_YEAR = re.compile(
    r"\b(?:since|from|compared\s+(?:with|to)|versus|vs\.?|over|than\s+in)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning)\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*(?:-|to)\s*(?:19|20)\d\d)"
    r"|\bbetween\s+(?P<y0>(?:19|20)\d\d)\s+and\s+(?P<y1>(?:19|20)\d\d)\b"
    r"|\bfrom\s+(?P<f0>(?:19|20)\d\d)\s+(?:to|until|till)\s+(?P<f1>(?:19|20)\d\d)\b"
    # 'from 400 tons in 2021 to 4,300 tons in 2022'
    r"|\bfrom\s+(?:[^,;]|,(?=\d)){1,30}?\bin\s+(?P<g0>(?:19|20)\d\d)\s+to\s+"
    r"(?:[^,;]|,(?=\d)){1,30}?\bin\s+"
    r"(?P<g1>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: The base period of a change named after its baseline figure: 'rising by 150,000 t
#: compared to the total of 2.6 million t in 2022' (2022 is the year compared with, the
#: change runs from it), 'up 5% from 255,000 t in 2023'.
_CHANGE_BASE_YEAR = re.compile(
    r"\b(?:compared\s+(?:with|to)|from|than|versus|vs\.?|against)\s+(?:[^,;]|,(?=\d)){0,50}?"
    r"\bin\s+(?P<year>(?:19|20)\d\d)\b(?!\s*(?:-|to)\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)
_CHANGE_YEAR_EARLIER = re.compile(
    r"\b(?:year[- ]on[- ]year|y/y|yoy|(?:from|than|over|compared\s+(?:with|to))\s+(?:a|the|one)"
    r"\s+(?:year|yr)\s+(?:earlier|before|ago)|(?:from|over|compared\s+(?:with|to))\s+the\s+"
    r"(?:previous|prior|preceding)\s+year|on\s+(?:the\s+)?year)\b",
    re.IGNORECASE,
)


def change_of(text: str, qs: int, qe: int, c0: int, c1: int) -> bool:
    """Whether the figure at ``[qs, qe)`` measures a change ('rose 58%', 'up 12% from a
    year earlier', 'a 5% increase') rather than a level."""
    return bool(
        _CHANGE_BEFORE.search(text, max(c0, qs - 70), qs) or _CHANGE_AFTER.match(text, qe, c1)
    )


def change_slots(
    text: str, c0: int, c1: int, period: int | None, *, factor: float | None = None
) -> dict[str, Any]:
    """The slots of a change claim: ``measure_kind`` 'change', its direction and the two
    periods compared when the clause tells them (``change_from``, ``change_to`` [year]).

    The later period is the figure's own period; 'between 2015 and 2023' gives both, 'from a
    year earlier' the year before the later one, 'since 2015' the earlier one only."""
    clause = text[c0:c1]
    earlier = later = None
    m = _CHANGE_FROM_YEAR.search(clause)
    if m and m.group("y0"):
        earlier, later = int(m.group("y0")), int(m.group("y1"))
    elif m and m.group("f0"):
        earlier, later = int(m.group("f0")), int(m.group("f1"))
    elif m and m.group("g0"):
        earlier, later = int(m.group("g0")), int(m.group("g1"))
    elif m:
        earlier = int(m.group("year"))
        later = period if period is not None and period != earlier else None
    elif (base := _CHANGE_BASE_YEAR.search(clause)) is not None:
        # the year after 'compared to ... in' dates the baseline: the change runs FROM it;
        # its end is the figure's own year, or the next year for 'year on year'
        earlier = int(base.group("year"))
        later = period if period is not None and period != earlier else None
        if later is None and _CHANGE_YEAR_EARLIER.search(clause):
            later = earlier + 1
    else:
        # without a year the end is unknown (an undated article's 'year on year' has no
        # period): no comparison is made
        later = period
        if later is not None and _CHANGE_YEAR_EARLIER.search(clause):
            earlier = later - 1
    down = bool(_CHANGE_DOWN.search(clause)) if factor is None else factor < 1
    return {
        "measure_kind": "change",
        "change_direction": "decrease" if down else "increase",
        "change_from": earlier,
        "change_to": later,
    }


def factor_change_claims(
    text: str,
    span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]] | None = None,
    pub_year: int | None = None,
) -> list[dict[str, Any]]:
    """Changes by a factor in words ('Vietnam increased rare earth mining tenfold', 'output
    doubled', 'reserves fell by half'): a claim with ``measure_kind`` 'change' and the factor
    as its value (unit 'x'), so that no check reads it as an amount. Only where the clause
    names a measure (production, reserves) and no frame (demand, exports) governs it."""
    s0, s1 = span
    claims = []
    seg = text[s0:s1].lower()
    if not any(k in seg for k in _FACTOR_KEYS):
        return claims  # every factor phrase holds one of these: skip the regex scan
    found = list(_FACTOR_CHANGE.finditer(text, s0, s1))
    if not found:
        return claims  # most sentences: skip the subject search
    countries = _subject_countries(text, s0, s1, mentions.get("countries", []))
    for m in found:
        c0, c1 = clause_around(text, m.start(), m.end(), s0, s1)
        measure, stage = _measure_and_stage(text, c0, c1)
        if measure is None or frame_of(text[c0 : m.end()]) is not None:
            continue
        if m.group("word"):
            factor = float(_FACTOR_WORDS[m.group("word").lower()])
        elif m.group("num"):
            factor = float(m.group("num"))
        elif m.group("half"):
            factor = 0.5
        else:
            verb = m.group("verb").lower()
            factor = next(v for k, v in _FACTOR_VERBS.items() if verb.startswith(k))
        down = bool(re.search(r"\b(?:fell|dropped|declined|decreased|shrank|plunged|slumped|"
                              r"cut|down|lower)\b", text[c0 : m.end()], re.IGNORECASE))  # fmt: skip
        if down and factor > 1:
            factor = 1.0 / factor  # 'fell threefold'
        country = _country_subject(countries, m.start(), text)
        commodity = _commodity_ref(mentions.get("commodities", []), m.end())
        commodity_from = "sentence" if commodity else None
        if commodity is None:
            commodity, commodity_from = _context_commodity(text, m.end(), s1, context, topic or [])
        dates = mentions.get("dates", [])
        period = _period(dates, m.start(), c0, c1, pub_year)
        slots = change_slots(text, c0, c1, period, factor=factor)
        claims.append(
            _claim(
                "reserves" if measure in ("reserves", "resources") else "production",
                text,
                span,
                country["name"] if country else "?",
                predicate="changed by",
                object=measure,
                value=factor,
                unit="x",
                qualifier=None,
                measure=measure,
                stage=stage,
                frame=None,
                iso3=country["iso3"] if country else None,
                subject_from="sentence" if country else None,
                subject_basis="explicit" if country else None,
                _country=country,
                commodity=commodity,
                commodity_from=commodity_from,
                period=slots["change_to"],
                period_basis="explicit" if slots["change_to"] else None,
                change_text=m.group(0),
                **slots,
            )
        )
    return claims
