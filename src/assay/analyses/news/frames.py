"""What a figure in a sentence measures: stage, frame, attribution and scope.

A quantity in a news sentence is comparable with a statistic only when both measure the
same thing. These rules read, from the clause around a figure, the things a statistic is
keyed by and that journalists leave implicit or state in passing:

stage
    Which step of the supply chain the figure is about: mining ('mines', 'mined',
    'extraction'), separation/refining ('processes', 'refining', 'separation'), metal,
    magnets, chemicals, anode, sponge, pigment; ``None`` when the verb is unspecific
    ('produces', 'supplies', 'output'). Stage names are those of
    :mod:`assay.analyses.chain`.
frame
    Whether the figure is an actual amount or something else that is not production: an
    offer ('could supply', 'offered'), a plan or target ('plans to', 'aims', 'by 2030'), a
    capacity, a quota, a forecast, imports/exports or demand. Only ``None`` (an actual
    amount) is compared with production statistics.
attribution
    'according to the US Geological Survey', 'data from the IEA', '..., the USGS said':
    the country inside an attribution is the source, not the subject.
possessive scope
    'Greenland's largest deposit' ranks a deposit within Greenland, not Greenland in the
    world.

The rules are word lists over one clause, in the manner of the frame-semantic cues of
FrameNet's Commerce/Intentionally_act frames (Baker et al. 1998), kept small and named so
that each verdict can say which reading it used.
"""

from __future__ import annotations

import re

#: Stage words -> stage name (checked in this order; the first match in the clause wins
#: unless a more specific stage is nearer the figure).
STAGE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("magnets", re.compile(r"\bmagnets?\b", re.IGNORECASE)),
    (
        "separation",
        re.compile(
            r"\b(?:process(?:es|ed|ing|or|ors)?|refin(?:e|es|ed|ing|er|ers|ery|eries)|"
            r"separat(?:e|es|ed|ing|ion)|smelt(?:s|ed|ing|er|ers)?)\b",
            re.IGNORECASE,
        ),
    ),
    ("anode", re.compile(r"\banodes?\b", re.IGNORECASE)),
    ("sponge", re.compile(r"\bsponge\b", re.IGNORECASE)),
    ("pigment", re.compile(r"\bpigments?\b", re.IGNORECASE)),
    (
        "chemicals",
        re.compile(r"\b(?:hydroxide|carbonate|chemicals?|sulphate|sulfate)\b", re.IGNORECASE),
    ),
    (
        "mining",
        re.compile(
            r"\b(?:min(?:e|es|ed|ing)|miners?|extract(?:s|ed|ion|ing)?|dug|digs?)\b",
            re.IGNORECASE,
        ),
    ),
]
#: Words of an unspecified production stage.
UNSPECIFIED_PRODUCTION = re.compile(
    r"\b(?:produc(?:e|es|ed|ing|er|ers|tion)|output|suppl(?:y|ies|ied|ier|iers)|"
    r"controls?|dominat\w+)\b",
    re.IGNORECASE,
)
#: Frames under which a figure is not an actual amount produced or held.
FRAMES: list[tuple[str, re.Pattern[str]]] = [
    (
        "past",
        re.compile(
            r"\b(?:in\s+the\s+(?:19|20)\d0s|(?:19|20)\d0s|used\s+to|historically|"
            r"in\s+the\s+past|at\s+(?:its|their|the)\s+peak|formerly|previously|"
            r"(?:decades?|years)\s+ago|once\s+(?:produced|mined|held|accounted|supplied|"
            r"controlled|had|was|were|ranked)|(?:was|were|had\s+been)\s+once|"
            # a superseded estimate: 'once estimated at 22 Mt', 'had been put at 10 Mt
            # before the revision', 'an earlier estimate of 22 Mt'
            r"once\s+(?:estimated|put|thought|believed|valued|reported|listed|assessed|"
            r"credited|stood|given|rated|seen)|had\s+been\s+(?:estimated|put|thought|believed|"
            r"valued|reported|listed|assessed|credited|given|rated)|before\s+(?:the|a|an|its|"
            r"their)\s+(?:\w+\s+)?(?:revision|downgrade|cut|update|reassessment)|"
            r"(?:earlier|previous|prior|older|former|original|outdated)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:estimates?|figures?|assessments?|data|numbers|statistics|editions?)|"
            # an apposition of a former standing: 'the US, once the largest producer, now ...'
            r"once\s+(?:the|a|an)\s+(?:world's\s+)?(?:[\w-]+\s+)?(?:largest|biggest|"
            r"leading|top|major|dominant|main|second|third))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "offer",
        re.compile(
            r"\b(?:offer(?:s|ed|ing)?|could (?:supply|provide|deliver|export|sell|produce)|"
            r"would (?:supply|provide|deliver|sell)|ready to (?:supply|sell|provide)|"
            r"willing to (?:supply|sell|provide)|proposed? to (?:supply|sell))\b",
            re.IGNORECASE,
        ),
    ),
    ("quota", re.compile(r"\bquotas?\b", re.IGNORECASE)),
    (
        "capacity",
        re.compile(
            r"\b(?:capacity|capacities|capable of|nameplate|can\s+(?:be\s+)?(?:process|produc|"
            r"mine|min|refin|suppl|deliver|export|extract)\w*)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "plan",
        re.compile(
            r"\b(?:plan(?:s|ned|ning)? to|aims? to|aiming to|intends? to|target(?:s|ed|ing)?|"
            r"goal|expects? to|expected to|will (?:produce|supply|reach|mine|process)|"
            r"set to|seeks? to|hopes? to|would (?:produce|reach|mine|process)|"
            r"by (?:202[6-9]|20[3-9]\d)|projected|forecasts?|projections?|could reach|"
            # a forecast of a level: 'should reach 3 Mt this year', 'on track to hit',
            # 'seen at', 'poised to', 'predicted', 'is likely to'
            r"should (?:reach|rise|grow|climb|hit|top|exceed|increase|total|produce)|"
            r"on track to|poised to|(?:is|are) likely to|predict(?:s|ed|ing)?|"
            r"anticipat(?:es|ed|ing)|seen (?:at|rising|growing|reaching|hitting|climbing|"
            r"falling|topping)|will (?:rise|grow|hit|top|exceed|increase|climb|total)|"
            r"estimated to (?:reach|rise|grow|hit|total))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "trade",
        re.compile(
            # 'export production', 'export-oriented output': production, whoever buys it
            r"\b(?:import(?:s|ed|ing)?|export(?:s|ed|ing)?|shipments?|shipped|purchases?|"
            r"bought|buys?)\b(?![\s-]+(?:oriented\s+)?(?:production|output|mining)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "demand",
        re.compile(r"\b(?:demand|consum(?:e|es|ed|ption|ers?))\b", re.IGNORECASE),
    ),
]
FRAME_LABEL = {
    "past": "about an earlier period (a decade, a peak, 'used to')",
    "offer": "an offer",
    "quota": "a quota",
    "capacity": "a capacity",
    "plan": "a plan, target or forecast",
    "trade": "a trade flow (imports/exports)",
    "demand": "demand or consumption",
    "market": "a share of a market that the text does not measure (output, sales or trade)",
}
#: Attribution phrases: the source of a figure, not its subject.
ATTRIBUTION = re.compile(
    r"\b(?:according to|data (?:from|by)|figures (?:from|by)|estimates? (?:from|by)|"
    r"(?:cited|reported|published) by|citing)\s+(?:the\s+)?[^,;.]{0,80}"
    r"|,\s*(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,5}\s+(?:said|says|reported|"
    r"estimated|estimates|noted)\b"
)
#: Organisation words that make a preceding country name part of a name
#: ('US Geological Survey', 'China Rare Earth Group', 'Russian Academy of Sciences').
ORGANISATION_AFTER = re.compile(
    r"^\s*(?:Geological|Department|Dept|Energy|Academy|Ministry|Government|Embassy|Bureau|"
    r"Agency|Institute|Chamber|Council|Commission|Development|International|Rare Earth"
    r"(?:s)? (?:Group|Association|Industry)|Minmetals|Northern|Nonferrous|Securities|"
    r"Exchange|Customs|Commerce|Trade Representative|Treasury|Army|Navy|Air Force)\b"
)
#: Heads of a superlative that are not a country's world rank.
OBJECT_HEADS = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:deposits?|mines?|projects?|fields?|compan(?:y|ies)|firms?|"
    r"plants?|facilit(?:y|ies)|refiner(?:y|ies)|smelters?|sites?|operations?|customers?|"
    r"buyers?|shareholders?|investors?|owners?|ports?|cities|city|regions?|provinces?|"
    r"states?|district|mining companies)\b",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE = re.compile(r"(?P<owner>[A-Z][\w.-]*(?:\s+[A-Z][\w-]*){0,3})'s?\s*$")


def stage_of(clause: str) -> str | None:
    """The supply-chain stage a clause names, or None when it names none.

    'China processes about 90%' -> 'separation'; 'China mines 70%' -> 'mining';
    'rare earth magnets' -> 'magnets'; 'China produces' -> None.
    """
    for stage, rx in STAGE_WORDS:
        m = rx.search(clause)
        if m is None:
            continue
        if stage == "mining" and m.group(0).lower() in ("mines", "mine"):
            # 'the mine' / 'mines' as a noun still means mining; 'mine production' too
            return "mining"
        return stage
    return None


def frame_of(clause: str) -> str | None:
    """The non-production frame of a clause ('offer', 'plan', ...), or None for an actual
    amount."""
    for frame, rx in FRAMES:
        if rx.search(clause):
            return frame
    return None


def attribution_spans(sentence: str, offset: int = 0) -> list[tuple[int, int]]:
    """Character spans (article coordinates) of attribution phrases in a sentence."""
    return [(m.start() + offset, m.end() + offset) for m in ATTRIBUTION.finditer(sentence)]


def is_organisation_name(text: str, end: int) -> bool:
    """True when the country name ending at ``end`` begins an organisation's name."""
    return bool(ORGANISATION_AFTER.match(text[end : end + 40]))


def possessive_owner(text: str, start: int, lower_bound: int) -> str | None:
    """'Greenland's' written right before ``start`` (a superlative), or None.

    'the world's' is not an owner: it is the world ranking itself.
    """
    m = _POSSESSIVE_BEFORE.search(text, max(lower_bound, start - 60), start)
    if not m:
        return None
    owner = m.group("owner")
    if owner.lower() in ("world", "the world", "planet", "globe", "earth"):
        return None
    return owner


def object_of_superlative(text: str, end: int) -> bool:
    """True when the superlative ending at ``end`` ranks an object (a deposit, a mine, a
    company), not a country."""
    return bool(OBJECT_HEADS.match(text[end : end + 50]))


def clause_around(text: str, start: int, end: int, s0: int, s1: int) -> tuple[int, int]:
    """The clause of a sentence containing ``[start, end)``: bounded by ';', ' but ', a
    dash, or a comma followed by a conjunction or relative pronoun."""
    left = s0
    for m in _CLAUSE_SEP.finditer(text, s0, start):
        left = m.end()
    m = _CLAUSE_SEP.search(text, end, s1)
    right = m.start() if m else s1
    return left, right


_CLAUSE_SEP = re.compile(
    r";|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|,\s*(?:and|but|while|whereas|which|who|as|"
    r"although|though)\b",
    re.IGNORECASE,
)
