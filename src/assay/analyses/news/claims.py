"""Typed, check-worthy claims about minerals in news sentences.

Check-worthiness follows ClaimBuster's check-worthy factual sentence class (Hassan et al.
2017, KDD; Arslan et al. 2020, ICWSM) and Full Fact's criteria (specific and measurable):
a sentence is a candidate when it classifies a mineral, counts, ranks, gives a share, a
reserve, production or value figure, or reports an event, and names a commodity or a
country. Claims are then slot-filled (subject, group or measure, country, value, qualifier)
by rules, so that a verdict can be reached against reference tables in the manner of FEVER
(Thorne et al. 2018, NAACL): supported / refuted / not enough information.

Claim types
-----------
classification
    "X is (not) a rare earth", "rare earths such as X and Y", one claim per member X.
count
    "a group of 17 elements" said of a group.
ranking
    "Russia ranks fourth in rare earth reserves", "China, the world's largest producer".
share
    "China produces 70% of the world's rare earths", "50 per cent of Ukraine's ...".
reserves, production
    A mass with a reserves/resources or production word.
valuation
    A money amount for mineral resources.
event
    An event of :mod:`assay.analyses.news.events` stated as fact.
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.frames import (
    UNSPECIFIED_PRODUCTION,
    attribution_spans,
    clause_around,
    frame_of,
    is_organisation_name,
    object_of_superlative,
    possessive_owner,
    stage_of,
)
from assay.analyses.news.quantities import parse_number
from assay.analyses.news.text import ascii_lower, scan, scan_first, scan_slice

_INCLUSION = re.compile(
    r"\b(?:including|such as|like|comprising|comprise[sd]?|include[sd]?|among them|"
    r"namely|notably|especially|consists? of|made up of|composed of)\b|\be\.g\.",
    re.IGNORECASE,
)
#: A list opened right after a group word: 'seven rare earths: samarium, ...', 'the 15
#: lanthanide elements (lanthanum, cerium, ...)', 'heavy rare earths - dysprosium and ...'.
#: An em dash written without spaces ('five more rare earths-holmium, erbium') folds to
#: '-' too; the list must then have two members, so a hyphenated word is no list.
#: An abbreviation in parentheses may stand between the group and the opener ('seven rare
#: earth elements (REEs)-samarium, ...').
_LIST_OPENER = re.compile(
    r"(?:\s+(?:elements|metals|minerals))?(?:\s*\([A-Za-z]{2,6}\))?"
    r"\s*(?::|\(|\s-\s|-(?=[A-Za-z]))\s*",
    re.IGNORECASE,
)
#: A preposed time adverbial between a list's colon and its first member ('Heavy rare
#: earths: from 1 May 2025 dysprosium, terbium ...'): it dates the sentence, not the list.
_TIME_ADVERBIAL = re.compile(
    r"(?:since|from|as\s+of|starting|effective|in|on|by)\s+(?:\d{1,2}\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?\d{4},?\s+",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:these|those|such|both|the)\s+(?:minerals|metals|elements|materials|resources|"
    r"commodities|group)\b|\bthey\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|n't|neither|nor|never|no)\b|n't\b", re.IGNORECASE)
_COPULA_TAIL = re.compile(
    r"\b(?:is|are|was|were|belongs?|falls?|fall|counts?|considered|classified|qualify|"
    r"qualifies)\b[^.,;:]{0,45}$",
    re.IGNORECASE,
)
#: A copula whose complement relates the subject to the class instead of placing it in
#: the class: 'monazite is a phosphate mineral of rare earths', 'bastnaesite is an ore of
#: rare earths', 'a mineral containing rare earths'. Only partitives of membership ('one
#: of', 'a type of', 'a member of') keep the copula a membership claim.
_RELATION_BEFORE_CLASS = re.compile(
    r"(?:\b(?!(?:one|ones|type|types|kind|kinds|sort|sorts|member|members|part|variety|"
    r"subset|group|subgroup|family|class|category|categories|list|set|series)\b)[a-z]+\s+of"
    r"|\b(?:containing|contains?|bearing|rich\s+in|with|from|for|hosts?|hosting|yields?|"
    r"yielding))\s+(?:the\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    r"^\s*,\s*(?P<det>a|an|one of the|another|the|both|all)\s+$", re.IGNORECASE
)
#: Between two members of a list; a symbol or a short description in parentheses may
#: follow a member ('Holmium (Ho), Erbium (Er), ...', 'neodymium (for magnets), erbium').
_LIST_GAP = re.compile(
    r"^\s*(?:\([^()]{1,60}\)\s*)?(?:,\s*(?:(?:and|or|as well as|&)\s+)?|"
    r"(?:and|or|as well as|&)\s+)$",
    re.IGNORECASE,
)
#: Before the first item: a comma or colon, a dash, 'the', a partitive ('including
#: several types of rare earths, nickel and lithium') or the size of a group item ('which
#: comprise the 15 lanthanides, scandium and yttrium').
_FIRST_GAP = re.compile(
    r"^\s*[,:]?\s*(?:-\s+)?(?:(?:several|various|many|some|certain|different|all)\s+"
    r"(?:types|kinds|forms|sorts|grades)\s+of\s+)?(?:the\s+)?(?:\d{1,2}\s+)?$",
    re.IGNORECASE,
)
#: Between items of a list whose items carry a description, separated by semicolons:
#: 'lanthanum and cerium, used in TVs; neodymium, used in magnets; and yttrium'.
_DESCRIBED_GAP = re.compile(
    r"^\s*,\s*(?:used|found|needed|employed|prized|valued|essential|important|key|critical|"
    r"which|that|whose)\b[^;.]{0,100};\s*(?:and\s+)?$",
    re.IGNORECASE,
)
#: Between a group word and an inclusion cue: nothing, a parenthesis, a comma, or a relative
#: clause opener ('rare earths, which include ...', 'rare earths, which do not include ...').
_GROUP_GAP = re.compile(
    r"^\s*(?:(?:series|family|group)\b\s*)?"  # 'the lanthanide series, which includes'
    r"\)?\s*(?:\([^)]{0,20}\))?\s*(?:,|\s-)?\s*(?:(?:which|that)\s+(?:also\s+)?"
    r"(?:(?:do|does|did)\s+not\s+|don't\s+|doesn't\s+)?|\(|(?:are|is)\s+(?:[\w-]+\s+)?"
    r"(?:elements|metals|minerals)\s*,?)?\s*$",
    re.IGNORECASE,
)
#: 'the rare-earth metal scandium': a determiner, the group, an optional class noun, then
#: the member (a premodifying apposition).
_PREMOD_GAP = re.compile(r"^\s*(?:metals?|elements?|minerals?)?\s*$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
#: A count is the size of a group only in group-defining contexts ('there are 17 rare
#: earth elements', 'a group of 17 elements', 'the 17 elements'); 'controls on seven rare
#: earth elements' counts a list.
_GROUP_SIZE_BEFORE = re.compile(
    r"\b(?:there\s+(?:are|were|exist)|(?:a|the)\s+(?:group|family|set|total|series)\s+of|"
    r"consists?\s+of|comprises?|made\s+up\s+of|includes?\s+(?:all\s+)?|the|all(?:\s+the)?|"
    r"all\s+of\s+the|these|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)\s+of(?:\s+the)?)\s+$",
    re.IGNORECASE,
)
#: Between a group word and its count: 'rare earths (REEs) are 17 metals'.
_COPULA_COUNT = re.compile(r"\s*(?:\([^)]{0,12}\)\s*)?(?:are|is)\s+(?:a\s+set\s+of\s+)?$", re.I)
_DEFINING = re.compile(r"\b(?:group|family|set|consists?|comprises?|made\s+up|there)\b", re.I)
#: A restrictive modifier after a counted noun makes it a subset ('the seven elements that
#: China restricted', 'the seven rare earths under export controls').
_RESTRICTIVE_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:that|which)(?!\s+(?:make|makes|form|forms|constitute|"
    r"comprise|are\s+known|are\s+called))|under|subject|on\s+(?:the|its|a)|targeted|covered|"
    r"restricted|controlled|added|included|listed|named|in\s+question|affected|from)\b",
    re.IGNORECASE,
)
#: Before a group that is the subject of its sentence: nothing but a determiner or a count
#: ('The 17 rare earth elements are ...', 'Rare earths include ...').
_SUBJECT_BEFORE = re.compile(
    r"^\s*(?:the\s+|all\s+(?:the\s+)?)?(?:\d{1,2}\s+|(?:fifteen|seventeen)\s+)?"
    r"(?:so-called\s+)?$",
    re.IGNORECASE,
)
#: A defining predicate right after the subject group, up to its list: a copula or a verb
#: of composition, optionally through the group's size ('refer to a group of 17 elements,
#: which include'). 'are used in', 'are found in' describe and are not matched.
_DEFINING_PREDICATE = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?(?:,\s*)?(?:are|is|(?:do|does)\s+not\s+include|"
    r"are\s+not|is\s+not|include|includes|comprise|comprises|consist\s+of|consists\s+of|"
    r"refers?\s+to|(?:is|are)\s+made\s+up\s+of|(?:is|are)\s+composed\s+of)\s+"
    r"(?:(?:a|the)\s+(?:group|family|set|series|collection)\s+of\s+(?:\d{1,2}\s+)?"
    r"(?:(?:chemical|metallic)\s+)?(?:elements|metals)(?:\s+(?:in|of|on)\s+the\s+periodic\s+"
    r"table)?\s*,?\s*(?:(?:which|that)\s+"
    r"(?:includes?|comprises?|are)\s+|:\s*)?)?(?:the\s+following\s*:?\s*)?",
    re.IGNORECASE,
)
#: Nouns after a group word that make it a modifier ('rare earth deal'), not a class.
MODIFIED_NOUNS = {
    "deal", "deals", "mining", "reserves", "reserve", "deposits", "deposit", "industry",
    "agreement", "market", "markets", "supply", "production", "sector", "magnets", "magnet",
    "exports", "export", "imports", "prices", "price", "projects", "project", "processing",
    "rivalry", "extraction", "resources", "exploration", "output", "companies", "company",
    "mine", "mines", "oxide", "oxides", "refining", "ore", "ores", "minerals", "metal",
    "metals", "elements", "element", "mineral",
}  # fmt: skip
_RANK = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d{1,2}(?:st|nd|rd|th))(?:[- ](?:largest|biggest|greatest|highest))?|(?P<sup>largest|"
    r"biggest|highest|leading|top|greatest|dominant|number one|no\. 1|world leader|"
    r"global leader|leads the world|leading the world|on top|at the top|"
    r"(?:(?<=produced )|(?<=produces )|(?<=mined )|(?<=mines )|(?<=refined )|"
    r"(?<=refines )|(?<=holds )|(?<=held ))the most))\b",
    re.IGNORECASE,
)
_RANK_CONTEXT = re.compile(
    r"\b(?:rank(?:s|ed|ing)?(?:\s+(?:it|them|the\s+country|the\s+nation))?|place[sd]?|"
    r"placing|position|the|world's|globally|is|was|comes?|came|at|secured|took|holds?)"
    r"\s*\(?\s*$|\(\s*$",
    re.IGNORECASE,
)
#: After an ordinal: 'first place', '7th position', 'second only to China'. Used with
#: ``match(text, pos)``, which anchors at ``pos`` (a '^' would only match at 0).
_RANK_AFTER = re.compile(
    r"\s*(?:place|position|spot|rank|only to|behind|after)\b|\s*\)", re.IGNORECASE
)
_TOP_N = re.compile(
    r"\b(?:among|in|one of) the (?:world's )?top[- ](?P<n>\d{1,2}|three|four|five|six|seven|"
    r"eight|nine|ten|twenty)\b",
    re.IGNORECASE,
)
_SMALL_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10, "twenty": 20}  # fmt: skip
_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth", "tenth"]  # fmt: skip
_VAGUE_RANK = re.compile(
    r"\b(?:an? (?:leading|top|dominant|major|key|significant)\b|"
    r"top[- ](?:tier|league|group|ranks|echelon|bracket)|"
    r"one of the (?:[\w'-]+ ){0,2}(?:leaders|largest|biggest|leading|top|major)|"
    r"among the (?:world's )?(?:[\w'-]+ )?(?:leaders|largest|biggest|leading|top))\b",
    re.IGNORECASE,
)
#: Just before a superlative or ordinal: a member of a group ('some of the', 'one of the
#: world's', 'among the', 'several of Africa's'), so the rank word names the group.
_GROUP_OF_BEFORE = re.compile(
    r"\b(?:(?:some|one|several|many|a\s+few|few|two|three|four|five|any|each|most|all|none|"
    r"both|either|neither)\s+of|among(?:st)?|amid)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:(?:[A-Z][\w-]*|world|globe|planet|continent|region|country|nation)['‘’]s\s+)?"
    r"(?:very\s+)?$",
    re.IGNORECASE,
)
#: A necessary condition of _TOP_N, _RANK and _VAGUE_RANK on ASCII-lowered text (each of
#: their matches contains one of these at the start of a word, none of which spans a
#: space, so a match never crosses a sentence boundary): scanned once per article,
#: because most sentences rank nothing.
RANK_WORDS = re.compile(
    r"(?<!\w)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d{1,2}(?:st|nd|rd|th)|larg|bigg|high|lead|top|great|dominant|number|no\.|major|key|"
    r"significant|most)"
)
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
_WORLD = re.compile(r"\b(?:world|world's|globally|global|worldwide|planet)\b", re.IGNORECASE)
#: A continent or bloc as the scope of a ranking: "Europe's largest", "largest in Africa"
#: (not "South Africa", a country).
_REGION_SCOPE = re.compile(
    r"(?<!South )(?<!North )(?<!Central )\b(?P<region>Europe|Africa|Asia|Latin America|"
    r"South America|North America|the EU|the European Union|Eurasia)'s\b|"
    r"\bin (?P<region2>Europe|Africa|Asia|Latin America|South America|North America|the EU|"
    r"the European Union|Eurasia|the region)\b"
)
_VALUATION = re.compile(
    r"\b(?:worth|valued?|valuation|assess\w*|estimated|priced|cost|amount(?:s|ed)?\s+to|sold|"
    r"reach(?:es|ed)?)\b|\bin (?:natural |mineral )"
    r"?(?:resources|minerals)\b",
    re.IGNORECASE,
)
_RESOURCE_WORDS = re.compile(
    r"\b(?:minerals?|resources?|reserves?|deposits?|metals?|ores?|mining)\b", re.IGNORECASE
)
_POSSESSIVE_AFTER = re.compile(r"^\s*of\s+(?:the\s+)?(?P<owner>[A-Z][\w.-]*(?: [A-Z][\w-]*)?)'s\b")


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


def _same_referent(mention: dict[str, Any], before: dict[str, Any]) -> bool:
    """Whether a commodity mention names what the mention before it names (the same
    element, or the same group: 'rare earth elements (REEs)')."""
    if mention["name"] == before["name"]:
        return True
    return (
        mention["kind"] == "group"
        and before["kind"] == "group"
        and mention.get("ref") is not None
        and mention.get("ref") == before.get("ref")
    )


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*([A-Za-z-]+)", text[pos:])
    return m.group(1).lower() if m else ""


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


#: A class named by a plain noun phrase before an inclusion cue ('57 strategic minerals -
#: including ...', 'battery metals such as ...'): its members are claimed, and checked
#: when the class is one the store lists (else not-checkable: no list of that class).
#: Only minerals, metals and elements: 'materials' or 'resources' lists name products.
_CLASS_BEFORE = re.compile(
    r"(?<![\w-])(?P<cls>(?:(?!(?:of|the|a|an|and|or|in|on|to|for|with|its|their|his|her|our|other|"
    r"some|many|several|these|those|such|all|both|as|is|are|was|were|has|have|had|by|from|"
    r"that|which|includ\w*|cover\w*|contain\w*|hold\w*|compris\w*|like|need\w*|use[sd]?|"
    r"using|produc\w*|export\w*|import\w*|mine[sd]?|mining|restrict\w*|control\w*)\b)"
    r"(?:[A-Za-z][\w-]*|[\"'][A-Za-z][\w-]*[\"'])\s+){0,2}(?:minerals|metals|elements))\s*"
    r"(?:\([^)]{0,20}\)\s*)?"
    r"(?:,|\s-)?\s*$",
    re.IGNORECASE,
)


#: The same class with a postmodifier before the cue: '50 minerals to be critical for the
#: economy, including ...', 'critical metals worth trillions of dollars" including ...'.
_CLASS_POSTMODIFIED = re.compile(
    _CLASS_BEFORE.pattern.split(r"\s*(?:\([^)]{0,20}\)")[0]
    + r"(?P<post>\s+(?:to\s+be|worth|deemed|considered|identified|listed|seen\s+as|"
    r"regarded\s+as|that\s+are|which\s+are|as\s+[\"']?critical|essential|vital|needed|critical)\b"
    # an initial's full stop ('U.S. dollars') does not end the postmodifier
    r"(?:\b[A-Z]\.|[^.;:()]){0,80}?)"
    r"[\s,\"']*$",
    re.IGNORECASE,
)


#: A definite class phrase whose modifiers only describe or count ('the newly added
#: elements', 'these five metals'): it refers back to a group. 'Other' is left out: 'other
#: metals such as lithium' names what is outside the group.
_ANAPHORIC_CLASS = re.compile(
    r"\b(?:the|these|those)\s+(?:(?:newly|recently|just|also|added|new|more|further|"
    r"additional|listed|controlled|restricted|affected|covered|named|targeted|following|"
    r"same|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+){1,3}"
    r"(?:elements|metals|minerals)$",
    re.IGNORECASE,
)


#: 'These deposits, such as ...': a demonstrative stock noun before an inclusion cue refers
#: to the group named just before (only for inclusion lists: 'the deposits are rich in rare
#: earths' says nothing of the members named before).
_STOCK_ANAPHOR = re.compile(r"\b(?:these|those)\s+(?:deposits|reserves)\s*,?\s*$", re.I)
#: A word that sets a class apart from the group before it ('other elements such as').
_OTHER_BEFORE = re.compile(
    r"\b(?:other|different|further|more|additional|non|remaining|various|several)\W*$",
    re.IGNORECASE,
)


#: Membership of a named list ('is on the U.S. list of critical minerals', 'features on the
#: EU's critical raw materials list', 'listed as a critical mineral in the US, EU ...').
_LIST_CLASS = (
    r"[\"']?(?P<cls>critical|strategic)[\"']?\s+(?:raw\s+)?"
    r"(?:minerals?|materials?|metals?|elements?)"
)
_ON_LIST = re.compile(
    r"\b(?:(?:is|are|was|were|been|be|being|features?|featured|appears?|appeared|included|placed|"
    r"put|added|named|sits?|remains?)(?:\s+not)?\s+(?:[a-z]+\s+){0,2}?(?:on|in|to)|both\s+on|"
    r"all\s+on)\s+(?P<owner>(?:\b[A-Z]\.|[^.;]){0,40}?)(?:\blists?\s+of\s+(?:the\s+)?"
    + _LIST_CLASS
    + r"|"
    + _LIST_CLASS.replace("cls", "cls2")
    + r"\s+lists?)\b"
    r"|\blisted\s+as\s+(?:an?\s+)?"
    + _LIST_CLASS.replace("cls", "cls3")
    + r"\b(?P<owner2>\s+(?:in|by)\s+[^.;]{0,60})?",
    re.IGNORECASE,
)
#: A list owner that is (or includes) the United States: the USGS list the store holds.
_US_OWNER = re.compile(
    r"\b(?:U\.?S\.?A?|United States|America|American|USGS|Geological Survey|Washington)\b"
)
#: A list owner named otherwise ('the European Union's', 'Japan's'): another list.
_OTHER_OWNER = re.compile(
    r"\b(?:E\.?U\.?|European|[A-Z]\.[A-Z]\.|[A-Z]{2,}|[A-Z][a-z]{2,}(?:'s)?)(?![\w.])"
)


_IT_BEFORE = re.compile(r"\bit\s+(?:is|was|has\s+been|had\s+been|remains)?\s*$", re.IGNORECASE)


def _list_class(text: str, m: re.Match[str]) -> dict[str, Any]:
    """The class of an :data:`_ON_LIST` match as a group mention: the USGS critical-minerals
    list when the list is critical and its owner is the United States or unnamed, else the
    list as written (not held by the store, so not checkable)."""
    owner = (m.group("owner") or m.group("owner2") or "").strip()
    cls = (m.group("cls") or m.group("cls2") or m.group("cls3")).lower()
    us = bool(_US_OWNER.search(owner))
    other = bool(_OTHER_OWNER.search(owner.replace("The ", "").replace("the ", "")))
    if cls == "critical" and (us or not other):
        ref = "critical-minerals"
    else:
        owner = re.sub(r"^(?:the|its|their)\s+|'s?$", "", owner, flags=re.IGNORECASE)
        ref = f"{owner} {cls} list".strip().lower()
    written = m.group(0).strip()
    return {"kind": "group", "ref": ref, "name": ref, "text": written,
            "span": [m.start(), m.end()]}  # fmt: skip


#: Before a class phrase: its owner ('Japan's', 'the EU's', 'the country's', 'its').
_CLASS_OWNER_BEFORE = re.compile(
    r"(?:\b(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w.-]*|E\.U\.|U\.S\.)(?:\s+[A-Z][\w-]*)?)['‘’]s?|"
    r"\b(?P<anaphor>[Ii]ts|[Tt]heir|[Tt]he\s+(?:country|nation|government)['‘’]s))\s+"
    r"(?:(?:own|national|official|new|current|latest|updated|list\s+of|more\s+than|over|"
    r"about|some|nearly|\d+)\s+)*(?:(?!of\b|in\b|and\b)[\w-]+\s+)?$"
)
#: 'the country', 'the nation', 'it' opening a clause: a country named before.
_COUNTRY_REFERENCE = re.compile(
    r"\b(?:the\s+(?:country|nation|republic|kingdom)|its|it)\b", re.IGNORECASE
)
#: A count of the class ('more than 30 critical metals', '34 critical raw materials').
_CLASS_COUNT_BEFORE = re.compile(
    r"\b(?P<n>\d{1,3})\s+(?:[\w-]+\s+){0,3}$|\b(?:more\s+than|over|about|some|nearly|"
    r"almost|around)\s+(?P<n2>\d{1,3})\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: A verb of holding before a class: the holder's own endowment ('is home to', 'holds').
_HOLDING_VERB = re.compile(
    r"\b(?:home\s+to|hold(?:s|ing)?|held|ha[sd]|have|host(?:s|ed|ing)?|boasts?|possess(?:es)?|"
    r"rich\s+in|endowed\s+with|contains?|deposits\s+of|reserves\s+of)\b",
    re.IGNORECASE,
)
#: Sizes of the USGS critical-minerals lists (2018: 35, 2022: 50, 2025 final: 60).
_USGS_LIST_SIZES = {35, 50, 54, 60}


def _critical_owner(
    text: str,
    s0: int,
    group: dict[str, Any],
    countries: list[dict[str, Any]] | None,
    previous_countries: list[dict[str, Any]] | None,
    us_context: bool = True,
) -> dict[str, Any]:
    """The critical class ``group`` (read as the USGS list), or the same class as another
    owner's list (a ref the store holds no list for, so the claim is not checkable) when:
    a possessive names another owner ('Japan's critical minerals', 'the country's', 'its');
    the class is counted and the count is no USGS list's size ('more than 30 critical
    metals': that owner's own list); or, in an article that never names the United States
    (``us_context`` False), the sentence's holder is another country ('Chile is home to
    critical minerals such as lithium': whose list is unstated, and nothing in the article
    points to the American one).
    """
    g0 = group["span"][0]
    if not (s0 <= g0 < group["span"][1] <= len(text)):
        return group  # a class of another sentence keeps its reading
    before = text[max(s0, g0 - 60) : g0]
    owner = None
    m = _CLASS_OWNER_BEFORE.search(before)
    if m and m.group("owner"):
        named = m.group("owner")
        owner = None if _US_OWNER.search(named) else re.sub(r"^[Tt]he\s+", "", named)
        if owner is None:
            return group
    elif m and m.group("anaphor"):
        prior = [c for c in (countries or []) if c["span"][1] <= g0] or (previous_countries or [])
        if prior and prior[-1].get("iso3") != "USA":
            owner = prior[-1]["name"]
    if owner is None and not us_context:
        # the holder named before the class in the sentence ('Chile is home to'), or
        # the country a reference at the sentence's start points back to
        # only a holding ('is home to', 'holds', 'rich in') names the country's endowment;
        # 'Kyiv offered critical metals' names what is offered to someone else
        holding = _HOLDING_VERB.search(text, s0, g0) is not None
        holders = [c for c in (countries or []) if s0 <= c["span"][0] < g0 and holding] or [
            # 'the major critical mineral in South Africa': the country right after
            c for c in (countries or [])
            if re.fullmatch(r"\s+(?:in|of|for)\s+(?:the\s+)?",
                            text[group["span"][1] : c["span"][0]])
        ]  # fmt: skip
        if not holders and holding and _COUNTRY_REFERENCE.search(text, s0, min(g0, s0 + 40)):
            holders = (previous_countries or [])[-1:]
        if (
            holders
            and not any(c.get("iso3") == "USA" for c in holders)
            and not any(c.get("iso3") == "USA" for c in (countries or []))
        ):
            owner = holders[-1]["name"]
    if owner is None:
        count = _CLASS_COUNT_BEFORE.search(before)
        n = int(count.group("n") or count.group("n2")) if count else None
        if n is not None and n not in _USGS_LIST_SIZES and n > 5:
            owner = f"a {n}-item"  # a list of its own size: not the USGS list
    if owner is None:
        return group
    ref = f"{owner} {group['name']} list".lower()
    return {**group, "ref": ref, "name": ref}


#: 'medium and heavy rare earths', 'light or heavy REEs': a coordinated subgroup names the
#: union of the subgroups, whose members are rare earths of either kind.
_SUBGROUP_COORDINATION = re.compile(
    r"\b(?:light|medium|middle|mid|heavy)(?:-weight)?\s*(?:,|and|or|/|&)\s*$", re.IGNORECASE
)


def _coordinated_subgroup(text: str, s0: int, group: dict[str, Any]) -> dict[str, Any]:
    """``group``, or the whole rare-earth group when it is a subgroup coordinated with
    another ('five medium and heavy rare earths')."""
    if group.get("ref") not in ("light-rare-earths", "heavy-rare-earths"):
        return group
    g0 = group["span"][0]
    if not _SUBGROUP_COORDINATION.search(text, max(s0, g0 - 20), g0):
        return group
    return {**group, "ref": "rare-earths", "name": "rare earths"}


def _class_phrase(text: str, s0: int, cue: int) -> dict[str, Any] | None:
    """The class noun phrase right before an inclusion cue (or before a postmodifier that
    precedes it), as a group mention whose ``ref`` is the phrase itself (not a group the
    store lists), or None."""
    m = _CLASS_BEFORE.search(text, max(s0, cue - 60), cue)
    post = ""
    if m is None:
        m = _CLASS_POSTMODIFIED.search(text, max(s0, cue - 140), cue)
        if m is None:
            return None
        post = m.group("post")
    written = m.group("cls").replace('"', "").replace("'", "")  # 'the 50 "critical" minerals'
    # 'critical elements', 'critical metals', 'minerals considered critical': the
    # critical-minerals list the store holds (a member not on it is not refuted, as
    # other lists differ)
    critical = re.match(r"critical\s+\w+$", written, re.IGNORECASE) or re.match(
        r"\s+(?:to\s+be|deemed|considered|identified\s+as|listed\s+as|seen\s+as|"
        r"regarded\s+as|that\s+are|which\s+are|as)\s+[\"']?critical\b",
        post,
        re.IGNORECASE,
    )
    return {
        "kind": "group",
        "ref": "critical-minerals" if critical else written.lower(),
        "name": written.lower(),
        "text": written,
        "span": [m.start("cls"), m.end("cls")],
    }


#: A subject pointing back to a group named before, with a defining predicate: 'they are:
#: scandium, yttrium, ...', 'This group is composed of the 15 lanthanides, plus ...'; a
#: preposed phrase may come first ('In periodic-table order, they are: ...').
_ANAPHORIC_DEFINITION = re.compile(
    r"\s*(?:[^,.;:]{1,40},\s*)?(?:they|these(?:\s+(?:elements|metals))?|"
    r"(?:this|the)\s+group)\s+(?:are|include|comprise|consist\s+of|"
    r"(?:is|are)\s+(?:composed|made\s+up)\s+of)\s*:?\s*(?:the\s+following\s*:?\s*)?",
    re.IGNORECASE,
)
_COUNTED_FIRST_GAP = re.compile(
    r"^\s*(?:the\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|fifteen|seventeen)\s+$",
    re.IGNORECASE,
)
#: 'plus' adds to the items of a definition ('the 15 lanthanide elements, plus scandium and
#: yttrium'), a class noun may follow a group item.
_PLUS_GAP = re.compile(
    r"^\s*(?:(?:elements|metals)\b\s*)?,?\s*(?:plus|and|as\s+well\s+as)\s+$", re.IGNORECASE
)
#: Between a list and the class a verb of designation puts it in: 'identified 30 minerals
#: -molybdenum, ..., and cadmium- as critical minerals', 'named lithium and cobalt as
#: critical minerals'.
_AS_CLASS_GAP = re.compile(r"^\s*(?:-|\))?\s*,?\s*as\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
_ACRONYM_GAP = re.compile(r"^\s*,\s*[A-Z]{2,6}\s*,\s*(?:(?:and|or)\s+)?$")
_DESIGNATING = re.compile(
    r"\b(?:identif(?:y|ies|ied)|designat(?:e|es|ed)|list(?:s|ed)?|nam(?:e|es|ed)|"
    r"declar(?:e|es|ed)|classif(?:y|ies|ied)|recogni[sz](?:e|es|ed)|notif(?:y|ies|ied)|"
    r"categori[sz](?:e|es|ed))\b",
    re.IGNORECASE,
)
#: A short postmodifier between a group and a dash that opens its list: 'the four rare
#: earth elements used to make magnets - neodymium, ...', 'seven rare earths and magnets -
#: samarium, ...'. Read only when the list is closed by a dash or the sentence's end and
#: matches the count written before the group.
_POSTMOD_DASH = re.compile(
    r"(?:\s+(?:elements|metals|minerals))?\s+(?:(?:used|needed|required|employed|prized|"
    r"essential|critical|vital|crucial|key)\b[^.,;:()\-]{0,40}?|(?:and|or)\s+(?:magnets?|"
    r"compounds?|alloys?|oxides?|products?))\s+-\s+",
    re.IGNORECASE,
)
_COUNT_WORD = re.compile(
    r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: 'The list of rare earths announced Friday includes ...': the group names a list, a short
#: participle phrase may stand between it and the inclusion cue.
_LIST_OF_BEFORE = re.compile(r"\blist\s+of\s+$", re.IGNORECASE)
_LIST_POSTMOD = re.compile(
    r"^\s+(?:announced|published|issued|released|unveiled|named|covered|targeted|"
    r"restricted|controlled)\b[^,;:.()]{0,40}?\s+$",
    re.IGNORECASE,
)


#: A bulleted line ('- aluminum, used in ...', '• cobalt'): an item of the list its lead-in
#: line announces ('... contains the following 50 minerals', '... critical minerals:').
_BULLET = re.compile(r"[-\u2022*]\s+")
_FOLLOWING = re.compile(
    r"\bfollowing\s+(?:\d{1,3}\s+)?(?:[\w-]+\s+){0,2}?(?:minerals|elements|metals|materials|"
    r"commodities)\b|:\s*$",
    re.IGNORECASE,
)
_CRITICAL_WORD = re.compile(r"\bcritical\b", re.IGNORECASE)
_RARE_EARTH_WORD = re.compile(r"\brare[- ]earth", re.IGNORECASE)
#: Owners of other critical lists: a lead-in naming one is not read as the USGS list.
_NON_US_LIST = re.compile(
    r"\b(?:EU|E\.U\.|European|Japan\w*|China|Chinese|India\w*|Canad\w+|Australia\w*|UK|"
    r"British|Britain|Korea\w*)\b"
)


def _bullet_class(text: str, s0: int) -> dict[str, Any] | None:
    """The class of the list a bulleted sentence is an item of, read from the lead-in line
    above the bullets ('The USGS list ... contains the following 50 minerals' above '-
    aluminum, ...'): the USGS critical-minerals list (the lead-in names the United States
    and no other owner) or the rare-earth group; None when the line is no bullet, the lead-in
    announces no list, or its class is unclear or negated."""
    line0 = text.rfind("\n", 0, s0) + 1
    if text[line0:s0].strip() or not _BULLET.match(text, s0):
        return None
    pos = line0
    for _ in range(100):  # up through the bullets above, to the lead-in line
        if pos == 0:
            return None
        prev0 = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev0 : pos - 1]
        if not line.strip():
            return None
        if not _BULLET.match(line.lstrip()):
            break
        pos = prev0
    else:
        return None
    lead = line.rstrip()
    found = None
    for m in _FOLLOWING.finditer(lead):
        found = m
    if found is None:
        return None
    sentence0 = max(lead.rfind(". ", 0, found.start()) + 2, 0)
    if _NEGATION.search(lead, sentence0, found.end()):
        return None
    critical = _CRITICAL_WORD.search(lead) is not None
    rare = _RARE_EARTH_WORD.search(lead, sentence0) is not None
    if critical and not rare and _US_OWNER.search(lead) and not _NON_US_LIST.search(lead):
        ref, name = "critical-minerals", "critical minerals"
    elif rare and not critical:
        ref, name = "rare-earths", "rare earths"
    else:
        return None
    a, b = prev0 + found.start(), prev0 + found.end()
    return {"kind": "group", "ref": ref, "name": name, "text": text[a:b], "span": [a, b]}


_CRITICAL_APPOSITION = re.compile(
    r"\s*,\s*(?P<det>a|an|another|one\s+of\s+the|both|all)\s+(?:[\w-]+\s+)?"
    r"(?P<cls>critical\s+(?:raw\s+)?(?:minerals?|materials?|metals?|elements?))\b",
    re.IGNORECASE,
)
_EXCEPTION_AFTER = re.compile(
    r"\s*,?\s*(?:which|that)?\s*,?\s*(?:other\s+than|except(?:\s+for)?|apart\s+from|"
    r"save\s+for)\s+",
    re.IGNORECASE,
)


def _list_ending_with(text: str, members: list[dict[str, Any]], j: int) -> list[dict[str, Any]]:
    """The members joined by commas or 'and' into a list that ends with ``members[j]``
    ('lithium, cobalt and nickel, which are ...': all three)."""
    i = j
    while i > 0 and _LIST_GAP.match(text[members[i - 1]["span"][1] : members[i]["span"][0]]):
        i -= 1
    return members[i : j + 1]


def classification_claims(
    text: str,
    span: tuple[int, int],
    commodities: list[dict[str, Any]],
    context: list[dict[str, Any]],
    previous: list[dict[str, Any]] | None = None,
    countries: list[dict[str, Any]] | None = None,
    previous_countries: list[dict[str, Any]] | None = None,
    *,
    us_context: bool = True,
) -> list[dict[str, Any]]:
    """'X is a rare earth' claims of one sentence (one per member).

    Parameters
    ----------
    text : str
        Normalised article text.
    span : (int, int)
        Sentence span.
    commodities : list of dict
        Commodity mentions inside the sentence.
    context : list of dict
        Commodity mentions of the previous sentences of the paragraph (for 'these metals').
    previous : list of dict, optional
        Commodity mentions of the sentence before, even in another paragraph (only for a
        bare class noun that repeats a group's head, a link that never refutes).
    countries, previous_countries : list of dict, optional
        Country mentions of the sentence and of the sentences before it: whose critical
        list an unnamed 'critical metals' class is (see :func:`_critical_owner`).
    us_context : bool
        Whether the article names the United States anywhere (else an unowned critical
        class held by another country is that country's list).
    """
    if not commodities:
        return []  # every reading needs a member named in the sentence
    s0, s1 = span
    sentence = text[s0:s1]
    # a symbol in parentheses restates the element before it ('praseodymium (Pr)'), and an
    # abbreviation the group before it ('rare earth elements (REEs)'); the list gaps read the
    # parenthesis as part of the gap, and a restated group would be read on its own, with
    # the words before the parenthesis ('which are rich in rare earth elements (') as its
    # copula
    commodities = [
        c for k, c in enumerate(commodities)
        if not (k and _same_referent(c, commodities[k - 1])
                and re.fullmatch(r"\s*\(", text[commodities[k - 1]["span"][1] : c["span"][0]]))
    ]  # fmt: skip
    groups = _groups(commodities)
    members = _members(commodities)
    ctx_groups = _groups(context)
    ctx_members = _members(context)
    near_groups = ctx_groups or _groups(previous or [])
    found: list[tuple[dict[str, Any], dict[str, Any], bool, str]] = []

    # (1) inclusion lists: "rare earths such as X, Y and Z"
    for cue in scan_slice(_INCLUSION, text, s0, s1, sentence):  # same matches
        cs, ce = cue.start() + s0, cue.end() + s0
        listed = []
        pos = ce
        items = 0  # list items so far, groups included ('including rare earths, nickel')
        for mem in commodities:
            if mem["span"][0] < ce:
                continue
            gap = text[pos : mem["span"][0]]
            # the first item follows the cue; the next ones need a comma or 'and' (or a
            # semicolon after a described item)
            if not (
                _FIRST_GAP.match(gap)
                if not items
                else _LIST_GAP.match(gap) or _DESCRIBED_GAP.match(gap)
            ):
                break
            items += 1
            if mem["kind"] != "group":
                listed.append(mem)  # a group in the list is an item, not a member
            pos = mem["span"][1]
        if not listed:
            continue
        group = None
        before = [g for g in groups if g["span"][1] <= cs]
        if before and _GROUP_GAP.match(text[before[-1]["span"][1] : cs]):
            group = before[-1]
            if _next_word(text, group["span"][1]) in MODIFIED_NOUNS:
                group = None
        elif (
            before
            and _LIST_OF_BEFORE.search(
                text, max(s0, before[-1]["span"][0] - 12), before[-1]["span"][0])
            and _LIST_POSTMOD.match(text[before[-1]["span"][1] : cs])
        ):  # fmt: skip
            group = before[-1]  # 'the list of rare earths announced Friday includes ...'
        if (
            group is None
            and ctx_groups
            and (
                _ANAPHOR.search(sentence) or cue.start() == 0 or _STOCK_ANAPHOR.search(text, s0, cs)
            )
            and not before
        ):
            group = ctx_groups[-1]
        elif (
            group is None
            and not ctx_groups
            and near_groups
            and near_groups[-1]["ref"] == "rare-earths"
            and _ANAPHOR.search(sentence)
            and not before
            and all(m.get("is_rare_earth") for m in listed)
        ):
            # 'the metals, which comprise ...' after a line break: the group of the sentence
            # before, taken only when every member fits (a weak link never refutes)
            group = near_groups[-1]
        if group is None and not before:
            group = _class_phrase(text, s0, cs)
            if (
                group is not None
                and ctx_groups
                and _ANAPHORIC_CLASS.search(text, max(s0, group["span"][0] - 12), group["span"][1])
            ):
                # 'the 17 rare earth elements. This covers the newly added elements such
                # as holmium': a definite class without a class word of its own is the
                # group of the sentence before
                group = ctx_groups[-1]
            elif (
                group is not None
                and near_groups
                and group["text"].lower() in ("elements", "metals", "minerals")
                and near_groups[-1]["text"].lower().endswith(group["text"].lower())
                and not _OTHER_BEFORE.search(text, max(s0, group["span"][0] - 16), group["span"][0])
                and near_groups[-1]["ref"] == "rare-earths"
                and all(m.get("is_rare_earth") for m in listed)
            ):
                # 'some rare earth elements. ... reserves of elements such as lanthanum': a
                # bare class noun repeating the head of the group just named (in the
                # sentence before, across a line break too) may refer to it; the link is
                # weak, so it is taken only when every member fits (a list with another
                # member is read as plain 'elements', never refuted)
                group = near_groups[-1]
        if group is None:
            continue
        negated = bool(_NEGATION.search(text[group["span"][1] : cs]))
        for mem in listed:
            found.append((mem, group, not negated, "inclusion"))

    # (1b) a list opened right after the group: "seven rare earths: samarium, scandium",
    # "the 15 lanthanide elements (lanthanum, cerium, ...)"
    for group in groups:
        ge = group["span"][1]
        if _next_word(text, ge) in MODIFIED_NOUNS - {"elements", "metals", "minerals"}:
            continue
        opener = _LIST_OPENER.match(text, ge)
        postmod = False
        if not opener:
            opener = _POSTMOD_DASH.match(text, ge)
            postmod = opener is not None
        if not opener or opener.end() >= s1:
            continue
        listed = []
        pos = opener.end()
        if opener.group(0).strip() == ":":
            adverbial = _TIME_ADVERBIAL.match(text, pos)
            pos = adverbial.end() if adverbial else pos
        for mem in members:
            if mem["span"][0] < pos and not listed:
                continue
            gap = text[pos : mem["span"][0]]
            if not (_FIRST_GAP.match(gap) if not listed else _LIST_GAP.match(gap)):
                break
            listed.append(mem)
            pos = mem["span"][1]
        if postmod and listed:
            # the list must be closed (a dash or the sentence's end) and as long as the
            # count before the group ('the four rare earths used in magnets - A, B, C and D')
            count = _COUNT_WORD.search(text, max(s0, group["span"][0] - 30), group["span"][0])
            n = None
            if count:
                word = count.group("n").lower()
                n = int(word) if word.isdigit() else {"two": 2, **_SMALL_NUMBERS}.get(word)
            closed = re.match(r"\s*(?:\([^()]{0,20}\)\s*)?(?:-\s|[.;]|$)", text[pos:s1])
            if not closed or n != len(listed):
                listed = []
        if len(listed) >= 2 or (listed and opener.group(0).strip().endswith("(")):
            for mem in listed:
                found.append((mem, group, True, "list"))

    # (2) copula: "X and Y are (not) rare earths", "these metals do not fall under ..."
    for group in groups:
        gs = group["span"][0]
        prefix = text[s0:gs]
        cop = _COPULA_TAIL.search(prefix)
        if not cop or _RELATION_BEFORE_CLASS.search(cop.group(0)):
            continue
        if _next_word(text, group["span"][1]) in MODIFIED_NOUNS - {
            "elements",
            "metals",
            "element",
            "metal",
            "minerals",
        }:
            continue
        cop_start = s0 + cop.start()
        negated = bool(_NEGATION.search(text[max(s0, cop_start - 12) : gs]))
        clause_start = s0 + max(prefix.rfind(";", 0, cop.start()), -1) + 1
        subj = [m for m in members if clause_start <= m["span"][0] and m["span"][1] <= cop_start]
        if subj and re.search(
            r"\bneither\b", text[clause_start : subj[0]["span"][1]], re.IGNORECASE
        ):
            negated = True  # 'neither lithium nor uranium is a rare earth'
        if subj and re.search(r"\bwhich\b", text[subj[-1]["span"][1] : cop_start]):
            # 'lithium and uranium, which are not rare earths': the relative clause says it
            # of the list it follows
            subj = _list_ending_with(text, members, members.index(subj[0])) + subj[1:]
        if not subj and _ANAPHOR.search(text[clause_start:cop_start]):
            subj = ctx_members
        for mem in subj:
            found.append((mem, group, not negated, "copula"))

    # (3) apposition: "lithium, a rare earth metal, ...", "lithium and cobalt, both rare
    # earth elements" (a plural apposition covers the whole list before it)
    for group in groups:
        for k, mem in enumerate(members):
            gap = text[mem["span"][1] : group["span"][0]]
            m = _APPOSITION.match(gap) if mem["span"][1] <= group["span"][0] else None
            if not m:
                continue
            both = m.group("det").lower() in ("both", "all")
            listed = _list_ending_with(text, members, k) if both else [mem]
            for item in listed:
                found.append((item, group, True, "apposition"))

    # (4) premodifying apposition: "the rare-earth metal scandium"; a plural class takes
    # the whole coordinated list ("the rare earth elements dysprosium and terbium")
    for group in groups:
        if not _DETERMINER_BEFORE.search(text[max(s0, group["span"][0] - 8) : group["span"][0]]):
            continue
        after = [m for m in members if m["span"][0] >= group["span"][1]]
        gap = text[group["span"][1] : after[0]["span"][0]] if after else ""
        if not after or not _PREMOD_GAP.match(gap):
            continue
        listed = [after[0]]
        if re.search(r"s\s*$", group["text"] + gap):
            for mem in after[1:]:
                if not _LIST_GAP.match(text[listed[-1]["span"][1] : mem["span"][0]]):
                    break
                listed.append(mem)
        for mem in listed:
            found.append((mem, group, True, "premodifier"))

    # (4b) a definition whose subject is the group: "The 17 rare earth elements are
    # scandium (Sc), yttrium (Y), ...", "Heavy rare earths include dysprosium and terbium"
    for group in groups:
        if not _SUBJECT_BEFORE.match(text[s0 : group["span"][0]]):
            continue
        pred = _DEFINING_PREDICATE.match(text, group["span"][1], s1)
        if not pred:
            continue
        listed, pos, last_group = [], pred.end(), False
        for mem in commodities:
            if mem["span"][0] < pos:
                continue
            gap = text[pos : mem["span"][0]]
            if not (_FIRST_GAP.match(gap) if pos == pred.end() else _LIST_GAP.match(gap)):
                break
            last_group = mem["kind"] == "group"
            if not last_group:
                listed.append(mem)
            pos = mem["span"][1]
        # the list must end the clause: 'rare earths are neodymium magnets' names no member;
        # a group item may be followed by its own list in parentheses ('scandium, yttrium and
        # lanthanides (cerium, praseodymium, ...)')
        paren = r"\([^()]{0,300}\)" if last_group else r"\([^()]{0,60}\)"
        if listed and not re.match(r"\s*(?:" + paren + r"\s*)?(?:[.;:,)]|$)", text[pos:s1]):
            listed = []
        negated = bool(_NEGATION.search(pred.group(0)))
        for mem in listed:
            found.append((mem, group, not negated, "definition"))

    # (4c) a definition whose subject points back to the group named before ('Rare earths
    # are 17 metals. In periodic-table order, they are: scandium, ...'); the link is weak, so
    # it is read only when every member fits the rare-earth group (it never refutes)
    anaphoric = _ANAPHORIC_DEFINITION.match(text, s0, s1)
    # the rare-earth group named last before ('Rare earths are 17 elements, including 15
    # metals called lanthanides, ... . They are: ...': the subject, not the subgroup), in
    # the sentence before or, past a heading ('What are their names?'), a few lines up
    pointed = [g for g in near_groups if g["ref"] == "rare-earths"] if anaphoric else []
    if anaphoric and not pointed:
        up = list(_RARE_EARTH_WORD.finditer(text, max(0, s0 - 400), s0))
        if up:
            a, b = up[-1].span()
            pointed = [{"kind": "group", "ref": "rare-earths", "name": "rare earths",
                        "text": text[a:b], "span": [a, b]}]  # fmt: skip
    if anaphoric and pointed and not any(g["span"][0] < anaphoric.end() for g in groups):
        listed, pos = [], anaphoric.end()
        for mem in commodities:
            if mem["span"][0] < pos:
                continue
            gap = text[pos : mem["span"][0]]
            if not (
                _FIRST_GAP.match(gap) or _COUNTED_FIRST_GAP.match(gap)
                if pos == anaphoric.end()
                else _LIST_GAP.match(gap) or _PLUS_GAP.match(gap)
            ):
                break
            if mem["kind"] != "group":
                listed.append(mem)
            pos = mem["span"][1]
        if (
            listed
            and re.match(r"\s*(?:\([^()]{0,60}\)\s*)?(?:[.;:,)]|$)", text[pos:s1])
            and all(m.get("is_rare_earth") for m in listed)
        ):
            for mem in listed:
                found.append((mem, pointed[-1], True, "definition"))

    # (4d) a list a verb of designation puts in a class: 'India has identified 30 minerals
    # -molybdenum, ..., and cadmium- as critical minerals'
    for group in groups:
        gs = group["span"][0]
        last = [k for k, x in enumerate(members) if s0 <= x["span"][0] and x["span"][1] <= gs]
        if not last or not _AS_CLASS_GAP.match(text[members[last[-1]]["span"][1] : gs]):
            continue
        # the list runs back through groups and abbreviations the lexicon does not know
        # ('..., PGE, Phosphate, Potash, REE, Rhenium, ...'): items, not members
        items = [x for x in commodities if x["span"][1] <= members[last[-1]]["span"][1]]
        k = len(items) - 1
        while k > 0 and (
            _LIST_GAP.match(text[items[k - 1]["span"][1] : items[k]["span"][0]])
            or _ACRONYM_GAP.match(text[items[k - 1]["span"][1] : items[k]["span"][0]])
        ):
            k -= 1
        subj = [x for x in items[k:] if x["kind"] != "group"]
        clause = max(text.rfind(";", s0, subj[0]["span"][0]), s0)
        if not _DESIGNATING.search(text, clause, subj[0]["span"][0]):
            continue
        negated = bool(_NEGATION.search(text, clause, subj[0]["span"][0]))
        for mem in subj:
            found.append((mem, group, not negated, "designation"))

    # (4e) a bulleted item under a lead-in that announces the list ('The most recent USGS
    # list contains the following 50 minerals' / '- aluminum, used in ...'); only sentences
    # that open with a bullet are looked at
    if text[s0] in "-\u2022*" and members:
        first = members[0]
        if _BULLET.fullmatch(text[s0 : first["span"][0]]):
            cls = _bullet_class(text, s0)
            if cls is not None:
                found.append((first, cls, True, "list"))

    # (5) a named list: "graphite is on the US list of critical minerals", "gallium and
    # germanium, both on the EU's critical raw materials list", "listed as a critical mineral"
    for m in scan(_ON_LIST, text, None, s0, s1):  # word starts only: same matches
        listed = [x for x in members if x["span"][1] <= m.start() and x["span"][0] >= s0]
        if listed and len(text[listed[-1]["span"][1] : m.start()].strip(" ,")) <= 30:
            subj = _list_ending_with(text, members, members.index(listed[-1]))
        elif _ANAPHOR.search(text, max(s0, m.start() - 40), m.start()):
            subj = ctx_members  # 'both materials, which are on ...', 'they are listed as ...'
        elif _IT_BEFORE.search(text[max(s0, m.start() - 16) : m.start()]) and (
            len({x["name"] for x in ctx_members}) == 1
        ):
            subj = ctx_members[:1]  # 'Tungsten is hard. It is listed as ...': one antecedent
        else:
            continue
        found.extend(
            (mem, _list_class(text, m), not _NEGATION.search(m.group(0)), "list") for mem in subj
        )

    # (6) apposition to a critical class: "gallium, a critical material for chips"
    for k, mem in enumerate(members):
        m = _CRITICAL_APPOSITION.match(text, mem["span"][1], s1)
        if m:
            both = m.group("det").lower() in ("both", "all")
            cls = {"kind": "group", "ref": "critical-minerals", "name": "critical minerals",
                   "text": m.group("cls"), "span": [m.start("cls"), m.end("cls")]}  # fmt: skip
            for item in _list_ending_with(text, members, k) if both else [mem]:
                found.append((item, cls, True, "apposition"))

    # (7) an exception inside a group's relative clause: "the light rare earths, which
    # other than neodymium are not vital" says neodymium is one of them
    for group in groups:
        m = _EXCEPTION_AFTER.match(text, group["span"][1], s1)
        nxt = [x for x in members if m and x["span"][0] == m.end()]
        if nxt:
            found.append((nxt[0], group, True, "exception"))

    # a class word inside a named list ('on the EU list of critical raw materials') belongs
    # to that list: read through another pattern (the copula) it would become a claim about
    # the USGS list, a list the sentence does not name
    list_spans = [g["span"] for _m, g, _p, how in found if how == "list"]
    found = [
        f for f in found
        if f[3] == "list" or not f[1].get("span") or not any(
            a <= f[1]["span"][0] and f[1]["span"][1] <= b for a, b in list_spans)
    ]  # fmt: skip
    # a critical class the sentence does not place on a named list is the USGS list only
    # when nothing makes it another owner's ('Japan's 34 critical minerals', 'the country is
    # home to more than 30 critical metals, including ...')
    found = [
        (mem, _critical_owner(text, s0, g, countries, previous_countries, us_context)
         if g.get("ref") == "critical-minerals" and how != "list" else g, pos, how)
        for mem, g, pos, how in found
    ]  # fmt: skip
    claims = []
    seen: set[tuple[str, str, bool]] = set()
    found = [(mem, _coordinated_subgroup(text, s0, g), pos, how) for mem, g, pos, how in found]
    for mem, group, positive, how in found:
        key = (mem["name"], group["ref"], positive)
        if key in seen:
            continue
        seen.add(key)
        relation = "is" if positive else "is not"
        claims.append(
            _claim(
                "classification",
                text,
                span,
                mem["name"],
                predicate=f"{relation} a member of",
                object=group["ref"],
                object_text=group["text"],
                polarity=positive,
                member=mem,
                group=group,
                pattern=how,
                # 'these metals are not rare earths': members or class of the sentence before
                subject_basis="explicit" if _inside(mem, s0, s1) else "coreference",
                class_basis="explicit" if _inside(group, s0, s1) else "coreference",
            )
        )
    return claims


#: Before the size of a list of critical minerals: a verb or noun that defines the list
#: ('the USGS considers 50 minerals to be critical', 'a list of 50 critical minerals'),
#: not one that selects from it ('China restricted five critical minerals').
_LIST_DEFINING_BEFORE = re.compile(
    r"\b(?:considers?|considered|lists?|listed|identifie[sd]|identify|designates?|designated|"
    r"names?|named|deems?|deemed|classif(?:y|ies|ied)|recogni[sz]es?|recogni[sz]ed|"
    r"list\s+of|total\s+of|has|have)\s+(?:the\s+|a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)
_CRITICAL_AFTER = re.compile(
    r"\s+(?:(?:to\s+be|deemed|considered|identified|listed|designated|classified|regarded|"
    r"recogni[sz]ed|seen)\b(?:\b[A-Z]\.|[^.;]){0,60}?\b(?:as\s+)?|as\s+)"
    r"(?P<cls>critical|strategic)(?:ly)?\b",
    re.IGNORECASE,
)
#: A list defined in a (reduced) relative clause after the count: 'the 50 critical minerals
#: the US identified in 2022', 'the 34 minerals that the EU lists as critical'.
_LIST_DEFINING_AFTER = re.compile(
    r"\s*(?:that\s+|which\s+)?(?:the\s+)?(?P<owner>(?:[A-Z][\w.]*|of)(?:\s+(?:[A-Z][\w.]*|of)){0,4})"
    r"\s+(?:has\s+|had\s+|have\s+)?(?:identified|listed|designated|named|considers?|considered|"
    r"deems?|deemed|recogni[sz]es|recogni[sz]ed|classifies|classified|defines|defined)\b"
)
#: A count of sites a place holds ('Kazakhstan has 15 rare earth deposits', 'there are 12
#: lithium mines'): a claim the store cannot check (it counts no deposits or mines).
_SITES_BEFORE = re.compile(
    r"\b(?:has|have|had|holds?|held|hosts?|hosted|is\s+home\s+to|contains?|there\s+(?:are|were))"
    r"\s+(?:some\s+|about\s+|around\s+|over\s+|more\s+than\s+|at\s+least\s+|nearly\s+)?$",
    re.IGNORECASE,
)
#: The size of a list of controlled items ('eight gallium and six germanium products', '6
#: kinds of antimony-related products'): not the size of a group the store defines.
_ITEM_COUNT = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}|three|four|five|six|seven|eight|nine|ten|twenty)\s+"
    r"(?:(?:kinds|types|categories|sorts|classes)\s+of\.?\s+)?(?P<what>[^.;:()]{1,80}?)"
    r"(?:-related)?\s+(?:products|items|goods)\b",
    re.IGNORECASE,
)


def _mineral_list_count(text: str, q: dict[str, Any], s0: int, s1: int) -> dict[str, Any] | None:
    """A count claim for the size of a named list of minerals ('The USGS considers 50
    minerals to be critical', 'Ukraine's 57 strategic minerals'), or None. A critical list
    defined by the United States, or by no one named, is the USGS list (``critical-
    minerals``); another owner's list (the EU's) and strategic lists are not held, so
    their counts are not checkable."""
    qs, qe = q["span"]
    written = text[qs:qe].lower()
    after = _CRITICAL_AFTER.match(text, qe, min(s1, qe + 90))
    cls = "critical" if "critical" in written else "strategic" if "strategic" in written else None
    cls = cls or (after.group("cls").lower() if after else None)
    if cls is None:
        return None
    # whose list: the EU's named in the sentence, or a possessive owner before the count
    # ("Japan's 30 critical minerals"); the United States' or no one's is the USGS list
    eu = re.search(r"\b(?:E\.?U\.?|European)\b", text[s0:s1])
    owner = re.search(r"\b(?P<owner>[A-Z][\w.]*)'s\s+$", text[max(s0, qs - 25) : qs])
    foreign = eu is not None or (owner is not None and not _US_OWNER.search(owner.group(0)))
    defined_after = _LIST_DEFINING_AFTER.match(text, qe, s1)
    if defined_after and not _US_OWNER.search(defined_after.group("owner")):
        foreign = foreign or bool(_OTHER_OWNER.search(defined_after.group("owner")))
    if cls == "critical" and not foreign:
        if not (_LIST_DEFINING_BEFORE.search(text, max(s0, qs - 40), qs) or defined_after):
            return None  # 'restrictions on five critical minerals' counts a selection
        ref = "critical-minerals"
    else:
        whose = "eu" if eu else (owner.group("owner").lower() if owner else "")
        ref = f"{whose} {cls} minerals list".strip()
    return _claim(
        "count", text, (s0, s1), ref, predicate="has member count", object=ref,
        value=q["value"], unit="minerals", qualifier=q.get("qualifier"), quantity=q,
        subject_basis="explicit",
    )  # fmt: skip


_SUBJECT_LIST_AFTER = re.compile(
    r"\s*(?:\([^()]{0,20}\)\s*)?,?\s*(?:were|are|was|is|have|has|had|will|would|can|could|"
    r"also|all|both|now|remain|became|become)\b",
    re.IGNORECASE,
)


def counted_list_claims(
    text: str,
    span: tuple[int, int],
    commodities: list[dict[str, Any]],
    previous: tuple[int, int] | None,
    previous_quantities: list[dict[str, Any]],
    previous_commodities: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Members of a group counted in the sentence before, listed by a sentence that opens
    with exactly that many ('... adding five rare earth elements ... / Holmium, erbium,
    thulium, europium and ytterbium were added ...'): each is claimed a member of the group.
    The sizes must agree, so a list of other things is not taken for the counted one."""
    if previous is None or not commodities:
        return []
    s0, s1 = span
    members = _members(commodities)
    if not members or not re.fullmatch(
        r"\W*(?:the\s+)?", text[s0 : members[0]["span"][0]], re.IGNORECASE
    ):
        return []  # fmt: skip
    k = 0
    while k + 1 < len(members) and _LIST_GAP.match(
        text[members[k]["span"][1] : members[k + 1]["span"][0]]
    ):
        k += 1
    listed = members[: k + 1]
    # the list is the subject of its clause ('... were added', '... are now controlled'),
    # not a modifier ('Lithium and cobalt prices rose')
    if len(listed) < 2 or not _SUBJECT_LIST_AFTER.match(text, listed[-1]["span"][1], s1):
        return []
    # the link is only the agreement of the sizes: a list with a member outside the group
    # is another list, not a wrong statement about the group (so no refutation comes of it)
    if not all(m.get("is_rare_earth") for m in listed):
        return []
    claims = []
    for q in previous_quantities:
        if q["kind"] != "count" or int(q["value"]) != len(listed):
            continue
        group = next(
            (g for g in _groups(previous_commodities)
             if q["span"][0] <= g["span"][0] and g["span"][1] <= q["span"][1] + 1
             and g["ref"] == "rare-earths"),
            None,
        )  # fmt: skip
        if group is None:
            continue
        for mem in listed:
            claims.append(
                _claim("classification", text, span, mem["name"],
                       predicate="is a member of", object=group["ref"],
                       object_text=group["text"], polarity=True, member=mem, group=group,
                       pattern="counted list", subject_basis="explicit",
                       class_basis="coreference")
            )  # fmt: skip
        break
    return claims


def _defined_count(
    text: str, s0: int, s1: int, groups: list[dict[str, Any]], qs: int, noun: str
) -> bool:
    """Whether the count at ``qs`` opens the list of a definition whose subject is a group
    of the sentence (see :data:`_DEFINING_PREDICATE`)."""
    for g in groups:
        if g["span"][1] > qs or not _SUBJECT_BEFORE.match(text[s0 : g["span"][0]]):
            continue
        pred = _DEFINING_PREDICATE.match(text, g["span"][1], s1)
        if pred is None or not re.fullmatch(r"(?:the\s+)?", text[pred.end() : qs]):
            continue
        own_group = bool(re.search(r"lanthan|rare[- ]earths", noun))
        return own_group or not re.search(r"\binclude", pred.group(0), re.IGNORECASE)
    return False


def _item_counts(
    text: str, s0: int, s1: int, commodities: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Count claims for lists of controlled items that name a commodity ('20 tungsten,
    tellurium and bismuth-related products'); the store defines no such list."""
    out = []
    for m in scan(_ITEM_COUNT, text, None, s0, s1):  # word starts only: same matches
        named = [c for c in commodities if m.start("what") <= c["span"][0] < m.end("what")]
        if not named:
            continue
        n = m.group("num").lower()
        value = float(n) if n.isdigit() else float(_SMALL_NUMBERS[n])
        ref = f"{named[0]['name']} products"
        out.append(
            _claim("count", text, (s0, s1), ref, predicate="has member count", object=ref,
                   value=value, unit="products", qualifier=None, subject_basis="explicit",
                   quantity={"kind": "count", "value": value, "text": m.group(0),
                             "span": [m.start(), m.end()]})
        )  # fmt: skip
    return out


def count_claims(
    text: str,
    span: tuple[int, int],
    commodities: list[dict[str, Any]],
    quantities: list[dict[str, Any]],
    context: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """'a group of 17 elements' said of a group word of the sentence; also counts the store
    cannot check, made claims so that they are judged not-checkable: sites a place holds
    ('Kazakhstan has 15 rare earth deposits') and lists of controlled items ('eight gallium
    and six germanium products')."""
    s0, s1 = span
    claims = _item_counts(text, s0, s1, commodities)
    if not any(q["kind"] == "count" for q in quantities):
        return claims  # most sentences count nothing
    groups = _groups(commodities) or (_groups(context)[-1:] if _ANAPHOR.search(text[s0:s1]) else [])
    for q in quantities:
        if q["kind"] != "count":
            continue
        noun = q["unit"] or ""
        if noun.endswith(("deposits", "mines")):
            if _SITES_BEFORE.search(text, max(s0, q["span"][0] - 40), q["span"][0]):
                claims.append(
                    _claim("count", text, span, noun, predicate="has member count",
                           object=noun, value=q["value"], unit=noun,
                           qualifier=q.get("qualifier"), quantity=q, subject_basis="explicit")
                )  # fmt: skip
            continue
        if noun == "minerals":
            listed = _mineral_list_count(text, q, s0, s1)
            if listed is not None:
                claims.append(listed)
            continue
        if not re.search(r"elements|metals|lanthan|rare[- ]earths", noun):
            continue
        named = True  # the group is the counted noun, or a group word of the sentence
        qs, qe = q["span"]
        before = text[max(s0, qs - 30) : qs]
        context_m = _GROUP_SIZE_BEFORE.search(before)
        definitional = bool(context_m) and bool(_DEFINING.search(context_m.group(0)))
        # 'rare earth elements (REE) are 17 metals': the group itself is the subject
        copula = next(
            (
                g
                for g in groups
                if g["span"][1] <= qs and _COPULA_COUNT.match(text, g["span"][1], qs)
            ),
            None,
        )
        if copula is not None and not context_m:
            definitional = True
        # 'Rare earths refer to a group of 17 elements, which include 15 lanthanides': the
        # list of a definition whose subject is a group; 'include' there names a part, so
        # only a count of a group named by its own noun ('15 lanthanides') is a size
        defined = _defined_count(text, s0, s1, groups, qs, noun)
        definitional = definitional or defined
        if not (context_m or copula or defined or qs == s0) or (
            not definitional and _RESTRICTIVE_AFTER.match(text[qe:s1])
        ):
            continue  # the size of a list ('controls on seven rare earth elements')
        if (
            context_m
            and re.fullmatch(r"(?:the|these|all(?:\s+(?:of\s+)?the)?)\s+", context_m.group(0), re.I)
            and q["value"] < 10
        ):
            continue  # 'the seven rare earth elements' refers back to a list, not the group
        if "lanthan" in noun:
            ref = "lanthanides"
        elif "rare" in noun:
            ref = "rare-earths"
        elif copula is not None:
            ref = copula["ref"]
            named = True
        elif groups:
            ref = groups[0]["ref"]
            named = _inside(groups[0], s0, s1)
        else:
            continue
        claims.append(
            _claim(
                "count",
                text,
                span,
                ref,
                predicate="has member count",
                object=ref,
                value=q["value"],
                unit=noun,
                qualifier=q.get("qualifier"),
                quantity=q,
                subject_basis="explicit" if named else "coreference",
            )
        )
    return claims


def _measure_near(text: str, start: int, end: int) -> str | None:
    window = text[start:end]
    best = None
    for measure, rx in MEASURES.items():
        m = rx.search(window)
        if m and (best is None or m.start() < best[1]):
            best = (measure, m.start())
    return best[0] if best else None


#: Stage -> the measure name a claim carries (MCS series names where MCS has one).
_STAGE_MEASURE = {None: "mine_production", "mining": "mine_production"}


def _measure_and_stage(text: str, c0: int, c1: int) -> tuple[str | None, str | None]:
    """(measure, stage) named in ``text[c0:c1]``: reserves/resources, else production with
    its stage (None when the production verb names no stage)."""
    window = text[c0:c1]
    if MEASURES["reserves"].search(window):
        return "reserves", None
    if MEASURES["resources"].search(window):
        return "resources", None
    stage = stage_of(window)
    if stage is not None:
        return _STAGE_MEASURE.get(
            stage, "refinery_production" if stage == "separation" else f"{stage}_production"
        ), stage
    if UNSPECIFIED_PRODUCTION.search(window) or MEASURES["mine_production"].search(window):
        return "mine_production", None
    return None, None


_OF_TOTAL = re.compile(r"\s*of\s+(?:the\s+)?(?:(?:world|global)(?:'s)?\s+)?total\b", re.IGNORECASE)
#: Clause-internal breaks before a figure: the words after the last one govern it.
_HEAD_CUT = re.compile(r",|;|\s-\s|\bas against\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
_OF_TAIL = re.compile(r"\s*(?:of|to|in)\s+[^,;]*?(?=\s+(?:and|but|while|whereas|as)\b|[,;]|$)")
#: Where a figure's own tail ends and the next figure's phrase begins: 'mined 2,900 t in
#: 2024 out of its reserves of 6.9 Mt' ('reserves' measures 6.9 Mt, not 2,900 t).
_TAIL_HANDOVER = re.compile(
    r"\s(?:out\s+of|from|against|versus|vs\.?|than|compared\s+(?:with|to)|of\s+(?:its|their|the\s+"
    r"country's|a\s+total)\b)",
    re.IGNORECASE,
)


def _own_tail(text: str, start: int, end: int) -> str:
    """The 'of ...' / 'in ...' phrase right after a figure ending at ``start`` (up to
    ``end``, the next figure), cut where a comparison or partitive phrase hands over to
    another figure: each figure takes the measure of its own phrase."""
    m = _OF_TAIL.match(text, start, end)
    if not m:
        return ""
    tail = m.group(0)
    cut = _TAIL_HANDOVER.search(tail, 1)
    return tail[: cut.start()] if cut else tail


def _local_measure(
    text: str, q: dict[str, Any], figures: list[dict[str, Any]], c0: int, c1: int
) -> tuple[str | None, str | None]:
    """(measure, stage) of one figure when a clause holds several ('60% of global production
    and 90% of processing', 'mines 70% and processes 90%'): the 'of ...' phrase after the
    figure, then the words between the previous figure and this one."""
    qs, qe = q["span"]
    prev_end = max([f["span"][1] for f in figures if f["span"][1] <= qs] + [c0])
    next_start = min([f["span"][0] for f in figures if f["span"][0] >= qe] + [c1])
    tail = _own_tail(text, qe, next_start)
    if prev_end > c0:  # skip the previous figure's own 'of ...' phrase
        prev_end += len(_own_tail(text, prev_end, qs))
    head = text[prev_end:qs]
    # in the words before the figure, the measure word nearest to it wins ('As against the
    # reserves, India mined just 2,900 t')
    cut = [m.end() for m in _HEAD_CUT.finditer(head)]
    head = head[cut[-1] :] if cut else head
    for window in (tail, head):
        if MEASURES["reserves"].search(window):
            return "reserves", None
        if MEASURES["resources"].search(window):
            return "resources", None
    stage = stage_of(tail) or stage_of(head)
    if stage is not None:
        return _measure_and_stage(stage_word(stage), 0, len(stage_word(stage)))
    if UNSPECIFIED_PRODUCTION.search(tail) or UNSPECIFIED_PRODUCTION.search(head):
        return "mine_production", None
    return None, None


def stage_word(stage: str) -> str:
    """A word naming a stage (to reuse :func:`_measure_and_stage`'s mapping)."""
    return {"mining": "mining", "separation": "processing"}.get(stage, stage)


def _last_measure(text: str, start: int, end: int) -> str | None:
    """The measure word nearest before ``end`` (reserves, production...)."""
    best = None
    for measure, rx in MEASURES.items():
        for m in rx.finditer(text, start, end):
            if best is None or m.start() > best[1]:
                best = (measure, m.start())
    return best[0] if best else None


def _country_subject(
    countries: list[dict[str, Any]], pos: int, text: str | None = None
) -> dict[str, Any] | None:
    """The country a figure at ``pos`` is about: the nearest before it, else the first after
    it that is not inside a following relative clause ('..., 40% of which is under Russian
    occupation')."""
    before = [c for c in countries if c["span"][1] <= pos]
    if before:
        if before[-1].get("_sited"):
            return None  # 'the Bayan Obo mine in China produced ...': the mine's figure
        if text is not None:
            # the overtaken may be a list ('overtaking producers like Australia and the
            # Philippines'): the verb stands before its first member
            k0 = len(before) - _coordinated_before(text, before, before[-1]["span"][1])
            first = before[max(k0, 0)]["span"][0]
            verb = _OVERTAKE_BEFORE.search(text, max(0, first - 60), first)
            if verb:
                # 'Congo surpassed Peru to become the second-largest producer': the country
                # after an overtaking verb is the one left behind; the rank or figure is the
                # overtaker's, named before the verb, else nobody the sentence names
                agents = [c for c in before[: max(k0, 0)] if c["span"][1] <= verb.start()]
                return agents[-1] if agents else None
        return before[-1]
    after = [
        c
        for c in countries
        if c["span"][0] >= pos
        and not c.get("_sited")  # 'its Mt Weld deposit in Western Australia'
        and not (text is not None and _RELATIVE.search(text, pos, c["span"][0]))
    ]
    return after[0] if after else None


_RELATIVE = re.compile(r"\b(?:which|who|whose|where|whom)\b|;", re.IGNORECASE)
#: 'the African nation holds the biggest ...', 'the country is the second-largest ...': an
#: anaphoric subject (a capitalised or plain adjective allowed) right before the rank's verb.
_NATION_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}(?:nation|country)\s+(?:[a-z]+\s+){1,2}(?:the\s+)?"
    r"(?:(?:world|globe|planet)['\u2019]s\s+)?$"
)
#: 'in Australia', 'at China's border': a country named as a place.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|into|across|throughout)\s+(?:the\s+)?$", re.I)
#: 'NORNICKEL, the world's ' right before a rank word: a capitalised name in apposition.
_APPOSITION_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})\s*,\s*(?:the\s+)?"
    r"(?:(?:world|globe|planet)['’]s\s+)?(?:\w+\s+){0,1}$"
)
#: Capitalised words before a comma that name nothing: connectives, days, months.
_NOT_A_NAME = frozenset(
    "meanwhile however today currently still yet globally overall now indeed also but and "
    "so thus then moreover furthermore in on at by for last this next monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)
#: A speech or corporate verb after a rank's head noun: the epithet is an organisation's.
_ACTOR_VERB_AFTER = re.compile(
    r"[^,.;:]{0,80}?\b(?:said|says|announced|announces|reported|reports|posted|posts|plans|"
    r"planned|told|tells|expects|expected|warned|warns|added|declined|confirmed|"
    r"disclosed|unveiled)\b",
    re.IGNORECASE,
)
#: An overtaking verb right before a country: that country is the one overtaken ('surpassed
#: Peru', 'overtaking Chile's output', 'displaced the United States').
_OVERTAKE_BEFORE = re.compile(
    r"\b(?:surpass(?:es|ed|ing)?|overt(?:akes?|ook|aken|aking)|displac(?:es|ed|ing|e)|"
    r"outstrip(?:s|ped|ping)?|outpac(?:es|ed|ing|e)|dethron(?:es|ed|ing|e)|"
    r"leapfrog(?:s|ged|ging)?|edg(?:es|ed|ing|e)\s+out|pass(?:es|ed|ing)?)\s+(?:the\s+)?"
    r"(?:(?:established|traditional|other|rival|major|big|leading)\s+)?(?:producers?|"
    r"rivals?|countries|nations|miners?)?\s*(?:like|such\s+as|including)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def _subject_countries(
    text: str, s0: int, s1: int, countries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Countries that can be a claim's subject: not inside an attribution ('according to
    the US Geological Survey') nor the first word of an organisation's name."""
    if not countries:
        return countries
    spans = attribution_spans(text[s0:s1], s0)
    # a facility's location ('the Kangankunde project in Malawi') makes the words up to it
    # about that facility: that country and any named before it ('an Australian company's
    # project in Malawi') are marked, and a figure whose nearest country is marked has no
    # country subject (:func:`_country_subject`)
    sited = [
        c["span"][0]
        for c in countries
        if _FACILITY_IN_BEFORE.search(text, max(s0, c["span"][0] - 45), c["span"][0])
        or _NAMED_FACILITY_AFTER.match(text, c["span"][1])
    ]
    return [
        {**c, "_sited": True} if sited and c["span"][0] <= sited[-1] else c
        for c in countries
        if not any(a <= c["span"][0] < b for a, b in spans)
        and not is_organisation_name(text, c["span"][1])
        and not _EXCLUDING_BEFORE.search(text, max(s0, c["span"][0] - 25), c["span"][0])
        and not _CONTINENT_BEFORE.search(text, max(s0, c["span"][0] - 10), c["span"][0])
    ]


#: 'the Bayan Obo mine in China', 'a refinery located in Malaysia': the country locates one
#: facility, whose figures are not the country's. Singular heads only: 'mines in China' may
#: be all of them.
_FACILITY_IN_BEFORE = re.compile(
    r"\b(?:mine|deposit|project|plant|refinery|facility|complex|operation|smelter|site|"
    r"company|firm|field|pit)\s*,?\s+(?:(?:which\s+is\s+|that\s+is\s+)?(?:located|based|"
    r"situated|sited)\s+)?in\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-eastern|"
    r"-western)?\s+)?$",
    re.IGNORECASE,
)
#: "Greenland's Kvanefjeld deposit", "Australia's Mount Weld mine": a named facility the
#: country owns or hosts; the figures that follow are the facility's.
_NAMED_FACILITY_AFTER = re.compile(
    r"'s\s+(?:[A-Z][\w-]*\s+){1,3}(?:deposit|mine|project|plant|refinery|complex|field|"
    r"operation|pit)\b"
)
#: 'South American nation', 'Latin American producers': a continent, not the United States.
_CONTINENT_BEFORE = re.compile(r"\b(?:South|North|Latin|Central)\s+$")


_PRODUCTION_HEAD = re.compile(
    r"\b(?:produc\w*|miners?|suppliers?|holders?|refiners?|processors?)\b", re.I
)
#: The head noun right after a rank word ('largest rare-earth producer', 'top miner').
_RANK_HEAD = re.compile(
    r"[\s-]+(?:[\w'-]+\s+){0,3}?(?:produc\w*|miners?|suppliers?|holders?|refiners?|"
    r"processors?|source|country|nation|reserves?|deposits?)\b",
    re.IGNORECASE,
)
#: A supplier or source as the rank's head ('the largest supplier', 'top source').
_SUPPLIER_HEAD = re.compile(
    r"[\s-]+(?:[\w'-]+\s+){0,2}?(?:suppliers?|sources?|providers?)\b", re.IGNORECASE
)
#: Imports named in the sentence before a supplier rank: the rank is among import sources.
_IMPORTS = re.compile(r"\bimport(?:s|ed|ing)?\b", re.IGNORECASE)
#: '... supplier of antimony to the US': a country supplied, after the head noun.
_SUPPLIED_TO = re.compile(r"[^.;]{0,60}?\bto\s+(?:the\s+)?$", re.IGNORECASE)
_TRADE_HEAD = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:importers?|exporters?|consumers?|buyers?|customers?|markets?|"
    r"investors?|users?)\b",
    re.IGNORECASE,
)
#: 'largest US producer', 'biggest Chinese miner': a country adjective before the head noun.
_NOUN_AFTER_COUNTRY = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:producers?|miners?|compan(?:y|ies)|firms?|deposits?|mines?|"
    r"projects?|suppliers?|refiners?|processors?|holders?|exporters?)\b",
    re.IGNORECASE,
)
#: 'outside China', 'after China', 'other than the US', 'more than Russia': the country is
#: a reference point, not the subject.
_EXCLUDING_BEFORE = re.compile(
    r"\b(?:outside(?:\s+of)?|excluding|except(?:\s+for)?|apart\s+from|other\s+than|besides|"
    r"after|behind|than|(?:second|next)\s+only\s+to|only\s+to|trailing|ex-)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _commodity_ref(commodities: list[dict[str, Any]], pos: int) -> dict[str, Any] | None:
    if not commodities:
        return None
    after = [c for c in commodities if c["span"][0] >= pos]
    return after[0] if after else commodities[-1]


#: After a figure: 'of <something>'. When <something> is not a commodity, a measure word or
#: an anaphor, the figure is about something else and inherits no commodity from context.
_OF_OBJECT = re.compile(
    r"^\s*(?:of|in)\s+(?:the\s+)?(?:(?:world|global|planet|worldwide|total)(?:'s)?\s+)?"
    r"(?P<word>[A-Za-z][\w-]*)"
)
_INHERIT_OK = re.compile(
    r"^(?:production|output|supply|supplies|reserves?|mining|processing|refining|"
    r"separation|capacity|it|them|these|those|this|that|deposits|resources|world|global|"
    r"market|industry|sector|share|total|mineral|metal|semi-metal|metalloid|element|commodity)$",
    re.IGNORECASE,
)
_WORLD_SUBJECT = re.compile(
    r"\b(?:world|global|worldwide|world's)\s+(?:[a-z][\w-]*\s+){0,3}?(?:production|output|"
    r"reserves|supply|mining)\b|\b(?:production|output|reserves)\s+(?:worldwide|globally)\b|"
    r"\bthe\s+world\s+(?:mined|produced|extracted)\b",
    re.IGNORECASE,
)
#: A figure followed by 'worldwide'/'globally' ('jumped to 350,000 t (MT) worldwide') is a
#: world total.
_WORLD_AFTER = re.compile(r"\s*(?:\([^)]{0,12}\)\s*)?(?:worldwide|globally|in the world)\b",
                          re.IGNORECASE)  # fmt: skip
#: Before a figure that is the baseline of a comparison ('up from 255,000 t in 2023',
#: 'compared with 210,000 t a year earlier'): the figure has a period of its own.
_BASELINE_BEFORE = re.compile(
    r"\b(?:from|compared\s+(?:with|to)|versus|vs\.?|against|than)\s+"
    # 'compared to the total of 2.6 million MT in 2022': the baseline's own noun phrase
    r"(?:(?:the|a)\s+(?:total|level|figure|volume|output)\s+of\s+)?(?:about\s+|around\s+|"
    r"roughly\s+|some\s+|nearly\s+|almost\s+|just\s+)?$",
    re.IGNORECASE,
)
#: The end of a baseline's own phrase: its period lies before this.
_BASELINE_END = re.compile(r"[,;)]|\s-\s|\b(?:and|but|while|as|to)\b", re.IGNORECASE)
#: 'the previous year', 'a year earlier': one year before the figure it is compared with.
_YEAR_BEFORE = re.compile(
    r"\b(?:the\s+(?:previous|prior|preceding|earlier)\s+(?:year|yr)|a\s+year\s+(?:earlier|"
    r"before|ago)|the\s+year\s+before)\b",
    re.IGNORECASE,
)
#: 'of rare earth mining', 'of the rare-earth supply': a production base without an owner.
_OF_PRODUCTION = re.compile(
    r"^\s*of\s+(?!its\b|their\b|his\b|her\b|our\b|this\b|that\b|these\b|those\b)"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:production|output|supply|supplies|mining|processing|"
    r"refining|reserves|market|magnets?)\b",
    re.IGNORECASE,
)
#: 'of rare earths', 'of the rare earths': the commodity itself right after 'of'.
_OF_DIRECT = re.compile(r"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+)?\S", re.IGNORECASE)
#: 'share of global output ... is 70%': the base stated before the figure.
#: 'its contribution to global production is under 1%': the same.
_SHARE_OF_WORLD = re.compile(
    r"\b(?:share|contribution)\s+(?:of|to)\s+(?:the\s+)?(?:world(?:'s)?|global)\b", re.IGNORECASE
)
#: 'the country', 'the nation', 'it', 'its': a country named just before.
_COUNTRY_ANAPHOR = re.compile(
    r"^\s*(?:the\s+(?:country|nation)|it|its)\b|\b(?:the\s+(?:country|nation))(?:'s)?\b",
    re.IGNORECASE,
)
#: 'its', 'their' as a determiner ('In 2023, its estimated reserves ...'): a subject named
#: before the sentence.
_POSSESSIVE_PRONOUN = re.compile(
    r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:reserves|production|output|share|mines?|mining|"
    r"exports|resources)\b",
    re.IGNORECASE,
)
#: Just before a figure: 'a world total of', 'the global total was about'.
_WORLD_TOTAL_BEFORE = re.compile(
    r"\b(?:world(?:'s)?|global|worldwide)\s+(?:[\w-]+\s+)?total\s*(?:of|was|is|stood\s+at|at|"
    r"reached|:)?\s*(?:about|around|roughly|some|nearly|almost|approximately|just|over|"
    r"more\s+than)?\s*$",
    re.IGNORECASE,
)
#: A percentage of what a material is made of, not a market share: 'containing 0.1% of
#: Chinese rare-earth content', 'a grade of 2.5%', 'ore grading 1.2% TREO', '99.9% purity'.
_COMPOSITION_BEFORE = re.compile(
    r"\b(?:contain\w*|content|concentrations?|grades?|grading|purity|pure|assay\w*|"
    r"enriched\s+to|doped\s+with)\s+(?:[\w-]+\s+){0,3}?$",
    re.IGNORECASE,
)
_COMPOSITION_AFTER = re.compile(
    r"\s*(?:(?:T?REO|wt\.?)\b|pure\b|purity\b|by\s+weight\b)|"
    r"\s*(?:or\s+(?:more|above|higher|greater)\s+)?(?:of\s+)?(?:[\w'-]+\s+){0,4}?"
    r"(?:content|concentration|grade|purity)\b",
    re.IGNORECASE,
)
#: Between a share and a country named in its 'of' phrase ('60% of Chinese exports', '5%
#: of the Chinese market'): the country owns the base, it is not the subject.
_OF_OWNER_GAP = re.compile(
    r"\s*(?:or\s+(?:more|less|above|below)\s+)?of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){0,2}",
    re.IGNORECASE,
)
_MASS_THEN_SHARE = re.compile(
    r"\d[\d,.]*\s*(?:million|billion|thousand|m|bn)?\s*(?:metric\s+)?(?:tons|tonnes|t|mt)\b"
    r"\s*,\s*(?:or|i\.e\.|about|around|some|roughly)?\s*$",
    re.IGNORECASE,
)
#: 'of graphite produced in China', 'of the rare earths mined in Myanmar': a national base.
_PRODUCED_IN = re.compile(
    r"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:produced|mined|made|processed|refined|"
    r"output|production|exported|imported)\s+(?:in|by|from)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)"
)
#: '90% of them', '60 per cent of that': the base is the previous sentence's.
_SHARE_ANAPHOR = re.compile(
    r"^\s*of\s+(?:them|it|that|this|those|these|the total|the total output)\b", re.IGNORECASE
)
#: 'Production: 270,000 t', '2. Reserves - 44 million t': a labelled line.
LABEL_LINE = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*)?(?P<label>(?:mine |refinery |world )?production|reserves|"
    r"output|mining)\s*[:\-]",
    re.IGNORECASE,
)
#: '1. China - 270,000 t', '3) Myanmar: 31,000 tonnes': an item of a numbered list.
_NUMBERED_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+")


#: 'tonnes of ore', 'tonnes of rare earth concentrate': a gross tonnage, not contained metal.
_BASIS_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:[\w-]+\s+){0,3}?(?P<basis>ores?|concentrates?)\b", re.IGNORECASE
)


def _period(
    dates: list[dict[str, Any]], qs: int, c0: int, c1: int, pub_year: int | None = None
) -> int | None:
    """The data year a figure is about: a year written in its clause ('in 2023', 'last
    year', '2024 output'), the nearest to the figure. A date with a month or a day dates an
    event or a publication, so it counts only when it lies in a year before the article's
    ('As of June 2019, Russia held ...')."""

    def usable(d: dict[str, Any]) -> bool:
        if not d.get("value") or not (c0 <= d["span"][0] < c1):
            return False
        if d.get("granularity") == "year":
            return True
        try:
            return pub_year is not None and int(str(d["value"])[:4]) < pub_year
        except ValueError:
            return False

    years = [d for d in dates if usable(d)]
    if not years:
        return None
    best = min(years, key=lambda d: abs(d["span"][0] - qs))
    # 'should reach 3 Mt this year after hitting 2.76 Mt in 2023' in an undated article:
    # the figure's own 'this year' is nearer than the other figure's '2023', and has no
    # known year; it is not replaced by the year of the neighbouring figure
    unresolved = [
        d
        for d in dates
        if d.get("relative")
        and not d.get("value")
        and c0 <= d["span"][0] < c1
        and d["text"].lower().endswith("year")
    ]
    if unresolved and min(abs(d["span"][0] - qs) for d in unresolved) < abs(best["span"][0] - qs):
        return None
    try:
        return int(str(best["value"])[:4])
    except ValueError:
        return None


def _context_commodity(
    text: str,
    qe: int,
    s1: int,
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]],
) -> tuple[dict[str, Any] | None, str | None]:
    """The commodity of a figure whose sentence names none: the previous sentence's, else
    the headline's; None when the figure is 'of' something else."""
    m = _OF_OBJECT.match(text[qe : min(s1, qe + 60)])
    if m and not _INHERIT_OK.match(m.group("word")):
        return None, None

    def inheritable(c: dict[str, Any]) -> bool:
        # a mineral passes on only when it is a commodity itself ('graphite'); an ore
        # ('spodumene') would pass its tonnage of ore to the element's statistics
        return c["kind"] in ("group", "element", "commodity") or bool(c.get("is_commodity"))

    groups = [c for c in context if inheritable(c)]
    if groups:
        return groups[-1], "previous sentence"
    heads = [c for c in topic if inheritable(c)]
    if heads:
        return heads[0], "headline"
    return None, None


#: Finite verbs and auxiliaries: a line without any is a heading or a caption.
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|will|would|can|could|may|might|shall|"
    r"should|must|'s\s+(?:been|now)|ranks?|ranked|leads?|led|holds?|held|produces?|produced|"
    r"accounts?|accounted|controls?|controlled|dominates?|dominated|supplies|supplied|"
    r"remains?|remained|tops|topped|mines|mined|refines|refined|makes|made|becomes?|became|"
    r"overtakes?|overtook|owns?|owned|possess(?:es|ed)?|extracts|extracted|outputs|"
    r"exports|exported|imports|imported|comes|came|stands?|stood|sits|sat|boasts?|boasted|"
    r"says|said|shows|showed|reveals|revealed|reports|reported|predicts|predicted|expects|"
    r"expected|warns|warned|joins|joined|plans|planned|seeks|sought|wants|wanted|signs|"
    r"signed|bans|banned|restricts|restricted|announces|announced|rises|rose|falls|fell|"
    r"grows|grew|surges|surged|jumps|jumped|drops|dropped|hits|increases|increased|"
    r"lobbie[sd]|overtakes|overtook|retains|retained|keeps|kept)\b",
    re.IGNORECASE,
)
#: A headline's verb not in the list: a lowercase '-s'/'-ed' word right after a name
#: ('Vietnam joins ...', 'Cobalt Institute predicts ...'), not a plural noun after an
#: adjective ('Leading countries', 'Rare earths').
_VERB_AFTER_NAME = re.compile(
    r"\b(?!(?:Leading|Top|Largest|Biggest|Major|Main|Key|The|A|An|Rare|Critical|"
    r"Strategic|Global|World)\b)[A-Z][\w.'-]*\s+(?!(?:earths|metals|minerals|elements|"
    r"reserves|countries|nations|producers|miners|resources|deposits|mines|magnets|"
    r"prices|supplies|exports|imports|stocks|shares|markets|companies|firms)\b)"
    r"[a-z]+(?:[^s]s|ed)\b"
)


def _coordinated_before(text: str, countries: list[dict[str, Any]], pos: int) -> int:
    """How many countries joined by 'and' or commas form the subject just before ``pos``
    ('Indonesia and Australia held ...': 2); 1 or 0 when there is no such list."""
    before = [c for c in countries if c["span"][1] <= pos]
    if not before:
        return 0
    n = 1
    for a, b in zip(before[-2::-1], before[:0:-1], strict=False):
        if not re.fullmatch(
            r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:the\s+)?",
            text[a["span"][1] : b["span"][0]],
            re.IGNORECASE,  # 'Australia and The Philippines'
        ):
            break
        n += 1
    return n


def is_caption(text: str, s0: int, s1: int) -> bool:
    """Whether ``text[s0:s1]`` is a heading or caption: a line of its own, without closing
    punctuation and without a finite verb ('Leading countries based on nickel reserves
    worldwide as of 2023 (in million metric tons)'). It names a topic and asserts nothing,
    so no ranking or share is read from it."""
    line = text[s0:s1].strip()
    if not line or line[-1] in ".!?;":
        return False
    before = text[:s0].rstrip(" \t")
    after = text[s1:].lstrip(" \t")
    if (before and not before.endswith("\n")) or (after and not after.startswith("\n")):
        return False
    return not (_FINITE_VERB.search(line) or _VERB_AFTER_NAME.search(line))


def ranking_claims(
    text: str,
    span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]] | None = None,
    header: tuple[int, int] | None = None,
    pub_year: int | None = None,
    previous_countries: list[dict[str, Any]] | None = None,
    previous_measure: str | None = None,
    rank_words: bool | None = None,
) -> list[dict[str, Any]]:
    """'ranks fourth in reserves', 'the world's largest producer', 'among the top five'
    claims of a sentence; '1. China ...' items of a numbered list under a header that names
    the measure. ``rank_words``: whether the sentence holds a :data:`RANK_WORDS` word
    (found per article by the caller; searched here when None)."""
    s0, s1 = span
    sentence = text[s0:s1]
    item = _NUMBERED_ITEM.match(sentence)
    if rank_words is None:
        rank_words = bool(RANK_WORDS.search(ascii_lower(sentence)))
    if not (item and header) and not rank_words:
        return []  # no rank word at all (most sentences): skip the three full patterns
    # 'top N' first, then exact ranks, then vague ones, at each position
    matches = sorted(
        [(m, 0) for m in scan_slice(_TOP_N, text, s0, s1, sentence)]
        + [(m, 1) for m in scan_slice(_RANK, text, s0, s1, sentence)]
        + [(m, 2) for m in scan_slice(_VAGUE_RANK, text, s0, s1, sentence)],
        key=lambda x: (x[0].start(), x[1]),
    )
    if not matches and not (item and header):
        return []
    # 'Leading countries based on nickel reserves (in Mt)': a caption names a topic and
    # asserts no rank; its claims are kept (they carry the measure to the next sentence)
    # but marked, and judged not-checkable
    caption = not item and is_caption(text, s0, s1)
    countries = _subject_countries(text, s0, s1, mentions.get("countries", []))
    subject_from = "sentence"
    if (
        not countries
        and previous_countries
        and (_COUNTRY_ANAPHOR.search(sentence) or (matches and matches[0][0].start() < 20))
    ):
        # 'The country was the world's leading ...'; 'The world's top graphite producer
        # started ...' (an epithet of the country just named)
        # a country named only as a place ('putting its expansion in Australia on hold')
        # is no antecedent of an epithet: the epithet refers to who acts, not where
        previous = [
            c
            for c in previous_countries
            if not _LOCATIVE_BEFORE.search(text, max(0, c["span"][0] - 12), c["span"][0])
        ]
        countries = previous[-1:]
        subject_from = "context"
    commodities = mentions.get("commodities", [])
    commodity_from = "sentence"
    if not commodities:
        ctx = [c for c in context if c["kind"] == "group"][-1:]
        commodities, commodity_from = (
            (ctx, "previous sentence")
            if ctx
            else (
                [c for c in (topic or []) if c["kind"] in ("group", "element", "commodity")][:1],
                "headline",
            )
        )
    claims = []
    if item and header and countries and countries[0]["span"][0] - s0 < 12:
        h0, h1 = header
        measure, stage = _measure_and_stage(text, h0, h1)
        rank_word = re.search(r"\b(?:top|largest|biggest|leading)\b", text[h0:h1], re.I)
        if measure and rank_word:
            country = countries[0]
            claims.append(
                _claim(
                    "ranking", text, span, country["name"], predicate="ranks", object=measure,
                    rank=int(item.group("n")), rank_max=None, rank_text=item.group(0).strip(),
                    vague=False, measure=measure, stage=stage, iso3=country["iso3"],
                    commodity=commodities[0] if commodities else None,
                    commodity_from=commodity_from, scope="world", pattern="numbered list",
                    subject_from=subject_from,
                    subject_basis=subject_basis(text, country, subject_from, (s0, s1), s0),
                    period_basis=None,
                )
            )  # fmt: skip
            return claims
    taken: list[tuple[int, int]] = []
    for m, kind in matches:
        rs, re_ = m.start() + s0, m.end() + s0
        if any(rs < e and s < re_ for s, e in taken):
            continue
        measure = _measure_near(text, re_, min(s1, re_ + 90))
        if measure is None:
            # 'India's reserves at 6.9 Mt, third largest after China', 'produced 2,900 t,
            # ranking seventh': the measure named before the rank in the sentence, else in
            # the sentence before
            # the sentence before; or later in the rank's own clause ('one of the top six
            # countries controlling four-fifths of the world's discovered reserves')
            measure = (
                _last_measure(text, s0, rs)
                or _measure_near(text, re_, clause_around(text, rs, re_, s0, s1)[1])
                or previous_measure
            )
        if measure is None and _TRADE_HEAD.match(text, re_):
            # 'the fourth-highest exporter', 'the largest importer': a trade rank, which
            # is a claim (judged not-checkable: the store has no trade statistics)
            measure = "trade"
        if measure is None:
            continue
        rank = rank_max = None
        if kind == 0:
            word = m.group("n").lower()
            rank_max = int(word) if word.isdigit() else _SMALL_NUMBERS[word]
        elif kind == 1 and m.group("ord"):
            if not (
                m.end() > m.end("ord")
                or _RANK_CONTEXT.search(text[max(s0, rs - 30) : rs])
                or _RANK_AFTER.match(text, re_)
            ):
                continue  # 'should first assess': an adverb, not a rank
            word = m.group("ord").lower()
            rank = (
                int(re.match(r"\d+", word).group(0))
                if word[0].isdigit()
                else (_ORDINAL_WORDS.index(word) + 1)
            )
        elif kind == 1:
            rank = 1
        if kind == 1 and _GROUP_OF_BEFORE.search(text, max(s0, rs - 60), rs):
            # 'some of the largest', 'one of the world's biggest', 'among the leading': a
            # place in a top group of unstated size, not the first place (nor the Nth)
            kind, rank = 2, None
        n_joint = _coordinated_before(text, countries, rs)
        if rank == 1 and n_joint > 1:
            # 'Indonesia and Australia held the world's largest shares': jointly the top two,
            # not each of them first
            rank, rank_max = None, n_joint
        taken.append((rs, re_))
        # the measure and stage come from the words after the rank ('largest producer',
        # 'second-largest refiner', 'top five holders of reserves')
        # only up to the head noun: 'leading graphite producer and exporter, China refines
        # ...' names a producer, whatever the later verb
        head_end = min(s1, re_ + 60)
        first = [m2.end() for rx in MEASURES.values() if (m2 := rx.search(text, re_, head_end))]
        _m, stage = _measure_and_stage(text, re_, min(first) if first else head_end)
        if measure in ("mine_production", "refinery_production") and _m not in (
            None,
            "reserves",
            "resources",
        ):
            measure = _m
        owner = possessive_owner(text, rs, s0)
        country = _country_subject(countries, rs, text)
        entity = None
        anaphor = _NATION_ANAPHOR.search(text, max(s0, rs - 70), rs) if previous_countries else None
        if anaphor and not any(
            anaphor.end() <= c["span"][0] < rs for c in mentions.get("countries", [])
        ):
            # 'Although the metal is found in other places, like Australia, the African
            # nation holds the biggest reserve': 'the (African) nation' is the country the
            # text spoke of before, not one named in the sentence as an example
            country, subject_from = previous_countries[-1], "context"
        appos = _APPOSITION_BEFORE.search(text, max(s0, rs - 90), rs)
        words = appos.group("name").split() if appos else []
        while words and words[0].lower().rstrip(".") in _NOT_A_NAME:
            words = words[1:]  # 'Meanwhile, the ...', 'In Peru, the ...'
        if words:
            # 'NORNICKEL, the world's largest producer of palladium, said ...': the rank is
            # in apposition to the name before the comma; it is that country's when the
            # name is a country, else an entity's (a company, mine or person), whatever
            # country the rest of the sentence names ('new US sanctions')
            named = next(
                (c for c in mentions.get("countries", []) if c["span"][1] == appos.end("name")),
                None,
            )
            if named is not None:
                country = next((c for c in countries if c["span"] == named["span"]), country)
            else:
                country, entity = None, " ".join(words)
        elif (
            subject_from == "context"
            and country is not None
            and _ACTOR_VERB_AFTER.match(text, re_, s1)
        ):
            # 'The world's largest producer of the material said Wednesday ...': an epithet
            # that says, announces or plans is the organisation named before, not a country
            country, entity = None, "the organisation named before"
        commodity = _commodity_ref(commodities, re_)
        # the scope is named near the rank ('Europe's largest', 'the largest producer in
        # Africa'), not anywhere in the sentence ('..., both on the European Union's list')
        region = _REGION_SCOPE.search(text, max(s0, rs - 30), min(s1, re_ + 50))
        scope = (region.group("region") or region.group("region2")) if region else "world"
        inner = next(
            (
                c
                for c in mentions.get("countries", [])
                if re_ < c["span"][0] <= re_ + 30
                and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", text[re_ : c["span"][0]])
                and _NOUN_AFTER_COUNTRY.match(text, c["span"][1])
            ),
            None,
        )
        if entity is not None:
            scope = f"entity {entity}"
        elif owner:
            scope = f"within {owner}"  # 'Greenland's largest deposit'
        elif inner is not None:
            scope = f"within {inner['name']}"  # 'the largest US producer'
        elif object_of_superlative(text, re_):
            scope = "object"  # 'the largest rare-earth mine'
        subject = country["name"] if country else "?"
        excluding = set()
        for c in mentions.get("countries", []):
            m_ex = _EXCLUDING_BEFORE.search(text, max(s0, c["span"][0] - 25), c["span"][0])
            if not m_ex or (country is not None and c["iso3"] == country["iso3"]):
                continue
            word = m_ex.group(0).split()[0].lower()
            # 'largest after China' is first without China; 'second-largest after China'
            # already counts China
            if (
                word in ("after", "behind", "than", "second", "next", "only", "trailing")
                and (rank or 1) > 1
            ):
                continue
            excluding.add(c["iso3"])
        excluding = sorted(excluding)
        c0, c1 = clause_around(text, rs, re_, s0, s1)
        period = _period(mentions.get("dates", []), rs, c0, c1, pub_year)
        frame = frame_of(text[c0:c1])
        if frame in ("plan", "offer", "capacity"):
            # 'as the world's leading producer hopes to stem prices': a plan after the rank
            # phrase is that producer's plan; the rank itself is stated. Only words up to
            # the rank's head noun frame it ('aims to become the largest producer').
            head = _RANK_HEAD.match(text, re_, c1)
            frame = frame_of(text[c0 : head.end() if head else re_])
        if frame not in ("past", "plan", "offer", "capacity"):
            frame = None  # trade or demand words elsewhere in the clause do not matter
        trade_head = _TRADE_HEAD.match(text, re_)
        if trade_head and not _PRODUCTION_HEAD.search(trade_head.group(0)):
            frame = "trade"  # 'the largest importer/consumer': not a production rank
        elif frame is None and _SUPPLIER_HEAD.match(text, re_, s1):
            supplied = [c for c in mentions.get("countries", []) if re_ < c["span"][0] < s1]
            if _IMPORTS.search(text, s0, rs) or any(
                _SUPPLIED_TO.match(text, re_, c["span"][0]) for c in supplied
            ):
                # 'relies on imports ..., with China being the largest supplier', 'the
                # largest supplier of antimony to the US': a rank among import sources
                frame = "trade"
        claims.append(
            _claim(
                "ranking",
                text,
                span,
                subject,
                predicate="ranks",
                object=measure,
                rank=rank,
                rank_max=rank_max,
                rank_text=text[rs:re_],
                vague=kind == 2,
                measure=measure,
                stage=stage,
                iso3=country["iso3"] if country else None,
                commodity=commodity,
                commodity_from=commodity_from if commodity else None,
                scope=scope,
                excluding=excluding,
                period=period,
                frame=frame,
                subject_from=subject_from if country else None,
                subject_basis=subject_basis(text, country, subject_from, (c0, c1), rs),
                period_basis="explicit" if period else None,
                caption=caption,
            )
        )
    return claims


#: A possessive anaphor governing a figure ('the country's estimated 22 million tons',
#: 'its 44 Mt'): the figure belongs to a country named before the sentence.
_POSSESSIVE_ANAPHOR_BEFORE = re.compile(
    r"\b(?:the\s+(?:country|nation)'s|its|their)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)
#: The end of a relative clause opener: ', which represent 19% ...' says it of the figure
#: before.
_RELATIVE_OPENER = re.compile(r",\s*(?:which|that)$", re.IGNORECASE)
_DASH_BEFORE = re.compile(r"\w[\w)]*\s+-\s+$")
_RELATIVE_AFTER = re.compile(r",\s*(?:which|that)\b", re.IGNORECASE)


_HOLDS_BEFORE = re.compile(
    r"\b(?:hold|holds|held|holding|contain|contains|contained|containing|host|hosts|hosted)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _figure_subject(
    text: str,
    s0: int,
    c0: int,
    qs: int,
    countries: list[dict[str, Any]],
    previous_countries: list[dict[str, Any]] | None,
    claims: list[dict[str, Any]],
) -> tuple[dict[str, Any] | None, str | None, str | None] | None:
    """The subject of a figure at ``qs`` when its own words decide it, as (country,
    subject_from, how), else None (the sentence's country is used).

    - 'Hanoi can boast. Credit goes to the country's 22 Mt, exceeded only by China's 44
      Mt': a possessive anaphor before the figure, with no country named in its clause
      before it, refers to the previous sentence's country (coreference), never to a
      country named later in the sentence; with none, the figure has no country.
    - '..., which represent almost 19% of the world's reserves': a figure in a relative
      clause is said of the figure before it, so it takes that figure's subject.
    """
    if any(c0 <= c["span"][0] < qs for c in countries):
        return None
    if _POSSESSIVE_ANAPHOR_BEFORE.search(text, max(c0, qs - 50), qs):
        if previous_countries and not any(c["span"][0] < qs for c in countries):
            return previous_countries[-1], "context", "context"
        return (None, None, None) if not any(c["span"][0] < qs for c in countries) else None
    if (rel := _RELATIVE_OPENER.search(text, max(s0, c0 - 12), c0)) is not None:
        # '..., and Australia, Thailand and Nigeria, which each produced 13,000 t': the
        # relative clause hangs on the country just before it, not on the last figure
        antecedent = [c for c in countries if 0 <= rel.start() - c["span"][1] <= 1]
        if antecedent:
            return antecedent[-1], "sentence", "sentence"
        last = claims[-1] if claims else {}
        if last.get("_country") is not None:
            return last["_country"], last.get("subject_from"), last.get("_subject_how")
        if not any(c["span"][0] < qs for c in countries):
            # the antecedent's subject is unknown: a country named later in the sentence
            # ('... and are exceeded only by China's 44 Mt') is another figure's
            return None, None, None
    return None


#: 'Only China and Brazil have larger reserves': the countries named are the only ones
#: above the subject, which ranks one below them.
_ONLY_LARGER = re.compile(
    r"\bonly\s+(?P<list>[^.;:]{2,80}?)\s+(?P<verb>have|has|had|hold|holds|held|"
    r"possess(?:es|ed)?|boasts?|mines?|mined|produces?|produced|refines?|refined|"
    r"process(?:es|ed)?|suppl(?:y|ies|ied)|extracts?|extracted)\s+(?:a\s+)?"
    r"(?:larger|bigger|greater|more|higher)\b",
    re.IGNORECASE,
)


def comparative_rank_claims(
    text: str,
    span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]] | None = None,
    previous_countries: list[dict[str, Any]] | None = None,
    previous_measure: str | None = None,
) -> list[dict[str, Any]]:
    """'Only China and Brazil have larger reserves' (after a sentence about India): India
    ranks third in reserves. The subject is the previous sentence's last country
    (coreference: a refutation needs an explicit subject); the countries listed must be
    joined by commas or 'and' and the subject must not be one of them."""
    s0, s1 = span
    m = scan_first(_ONLY_LARGER, text, s0, s1)  # tried at 'only' alone: same match
    if m is None or not previous_countries:
        return []
    listed = [
        c for c in mentions.get("countries", []) if m.start("list") <= c["span"][0] < m.end("list")
    ]
    if (
        not listed
        or not re.fullmatch(r"(?:the\s+)?", text[m.start("list") : listed[0]["span"][0]], re.I)
        or text[listed[-1]["span"][1] : m.end("list")].strip()
        or _coordinated_before(text, listed, m.end("list")) != len(listed)
    ):
        return []  # 'only a few countries, such as China, have more': not a full list
    subject = previous_countries[-1]
    if subject["iso3"] in {c["iso3"] for c in listed}:
        return []
    # the measure is the verb's ('mines more') or the noun's after it ('have larger reserves')
    measure = _measure_near(text, m.start("verb"), min(s1, m.end() + 40)) or previous_measure
    if measure is None:
        return []
    _m, stage = _measure_and_stage(text, m.start("verb"), min(s1, m.end() + 40))
    commodities = mentions.get("commodities", [])
    commodity, commodity_from = (commodities[0], "sentence") if commodities else (None, None)
    if commodity is None:
        ctx = [c for c in context if c["kind"] in ("group", "element", "commodity")][-1:]
        heads = [c for c in (topic or []) if c["kind"] in ("group", "element", "commodity")][:1]
        commodity, commodity_from = (
            (ctx[0], "previous sentence")
            if ctx
            else ((heads[0], "headline") if heads else (None, None))
        )
    rank = len(listed) + 1
    return [
        _claim(
            "ranking", text, span, subject["name"], predicate="ranks", object=measure,
            rank=rank, rank_max=None, rank_text=text[m.start() : m.end()], vague=False,
            measure=measure, stage=stage, iso3=subject["iso3"], commodity=commodity,
            commodity_from=commodity_from, scope="world", excluding=[], period=None,
            frame=None, subject_from="context", subject_basis="coreference",
            period_basis=None, caption=False, pattern="only larger",
        )
    ]  # fmt: skip


def quantity_claims(
    text: str,
    span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    context: list[dict[str, Any]],
    topic: list[dict[str, Any]] | None = None,
    previous_countries: list[dict[str, Any]] | None = None,
    header: tuple[int, int] | None = None,
    pub_year: int | None = None,
    previous_measure: str | None = None,
    header_period: int | None = None,
) -> list[dict[str, Any]]:
    """Share, reserves/production and valuation claims of one sentence.

    Parameters
    ----------
    text : str
        Normalised article text.
    span : (int, int)
        Sentence span.
    mentions : dict
        Mentions inside the sentence.
    context : list of dict
        Commodity mentions of the previous sentence of the paragraph.
    topic : list of dict, optional
        Commodity mentions of the headline (the article's topic).
    previous_countries : list of dict, optional
        Countries of the previous sentence (for labelled lines such as 'Reserves: 44 Mt').
    header : (int, int), optional
        The sentence heading a numbered list this sentence is an item of.
    header_period : int, optional
        The year that heading names: the period of an item that names none.
    """
    s0, s1 = span
    sentence = text[s0:s1]
    if not any(q["kind"] in ("percent", "mass", "money") for q in mentions.get("quantities", [])):
        return []
    if not (_RESOURCE_WORDS.search(sentence) or mentions.get("commodities") or context or topic):
        return []
    countries = _subject_countries(text, s0, s1, mentions.get("countries", []))
    label = LABEL_LINE.match(sentence)
    # where the subject country came from: 'sentence' (named in it) or 'context' (a
    # pronoun, 'the country', the line before); a context subject may support, never refute
    subject_from = "sentence" if countries else None
    subject_how = subject_from  # for subject_basis: a label's country is context
    if label and not countries and previous_countries:
        countries = previous_countries[-1:]  # 'China ... / Reserves: 44 million t'
        subject_from, subject_how = "context", "label"
    elif (
        not countries
        and previous_countries
        and (_COUNTRY_ANAPHOR.search(sentence) or _POSSESSIVE_PRONOUN.search(sentence))
    ):
        countries = previous_countries[-1:]  # 'The country mined ...', 'In 2023, its ...'
        subject_from = subject_how = "context"
    pronoun_subject = not countries and bool(_POSSESSIVE_PRONOUN.search(sentence))
    caption = not label and header is None and is_caption(text, s0, s1)
    regions = mentions.get("regions", [])
    commodities = mentions.get("commodities", [])
    claims = []
    figures = [q for q in mentions.get("quantities", []) if q["kind"] in ("percent", "mass")]
    dates = mentions.get("dates", [])
    baselines = _baseline_phrases(text, figures, s0, s1)
    for q in mentions.get("quantities", []):
        qs, qe = q["span"]
        if q["kind"] not in ("percent", "mass", "money"):
            continue
        c0, c1 = clause_around(text, qs, qe, s0, s1)
        override = _figure_subject(text, s0, c0, qs, countries, previous_countries, claims)
        # the frame is read from the clause up to the figure and a short tail after it
        tail = re.match(r"[^,;]{0,40}[^\s,;]*", text[qe:c1]).group(0)  # whole words
        if re.search(r"\b(?:ex|im)port\w*[\s-]*$", tail):
            # 'export' cut from its head noun: 'export production' is production
            tail += re.match(r"[\s-]*[\w-]*", text[qe + len(tail) : c1]).group(0)
        # from the sentence start: an elliptical clause ('..., and up to 80,000 t into
        # pigment') keeps the frame of the one before it
        frame = frame_of(text[_frame_start(text, s0, qs, countries) : qe] + tail)
        if label:
            measure, stage = _measure_and_stage(text, s0 + label.start("label"), s0 + label.end())
        else:
            measure, stage = _local_measure(text, q, figures, c0, c1)
            if measure is None:
                # the clause without its attributions ('according to France's Bureau of
                # Geological and Mining Research' names no measure)
                clause = text[c0:c1]
                for a, b in attribution_spans(clause, 0):
                    clause = clause[:a] + " " * (b - a) + clause[b:]
                measure, stage = _measure_and_stage(clause, 0, len(clause))
            relative = _RELATIVE_AFTER.match(text, c1, s1)
            if measure is None and q["kind"] == "mass" and relative:
                # '22 million tons of rare earths, which are 19% of the world's reserves':
                # the relative clause attached to the figure names what it measures
                r0, r1 = clause_around(text, relative.end(), relative.end(), s0, s1)
                measure, stage = _measure_and_stage(text, r0, r1)
            if measure is None and q["kind"] == "mass" and _DASH_BEFORE.search(text, s0, c0):
                # "the world's fifth-largest reserves - nearly 7 million tonnes - but ...":
                # a figure set off by dashes restates the noun just before the dash
                measure = _last_measure(text, max(s0, c0 - 60), c0)
                stage = None
            if measure is None and claims and claims[-1].get("measure"):
                # '44 million tons of reserves, accounting for 48% of the global total',
                # 'China has 44 Mt of reserves, while Brazil has 21 Mt': the figure before
                last = claims[-1]
                measure, stage = last.get("measure"), last.get("stage")
            elif measure is None and previous_measure and frame is None and header is None:
                # 'Rounding out the list are India (6.9 million tons), ...'
                measure, stage = previous_measure, None
        if measure is None and header is not None:
            measure, stage = _measure_and_stage(text, *header)
        if measure is None and q["kind"] == "mass" and _HOLDS_BEFORE.search(text, c0, qs):
            # 'the deposit is estimated to hold 214,000 t of oxides': an amount in the
            # ground with no reserves word is a resource (not what MCS reserves measure)
            measure, stage = "resources", None
        commodity = _commodity_ref(commodities, qe)
        commodity_from = "sentence" if commodity else None
        own = baselines.get(qs)
        period_how = "explicit"
        if own is not None:
            # 'up from 255,000 t in 2023': the baseline's period is in its own phrase, or
            # 'the previous year' of the figure it is compared with
            period = _period(dates, qs, qs, own, pub_year)
            if period is None and _YEAR_BEFORE.search(text, qe, own):
                main = [c for c in claims if c.get("period")]
                period = main[-1]["period"] - 1 if main else None
        else:
            # a date inside another figure's baseline phrase is that figure's period
            outside = [
                d for d in dates
                if not any(b0 <= d["span"][0] < b1 for b0, b1 in baselines.items())
            ]  # fmt: skip
            period = _period(outside, qs, c0, c1, pub_year)
            if period is None and header is not None:
                period = header_period
                period_how = "context" if period else None
        # 'rose 58% from a year earlier', 'grew by 20,000 t': a change, not a level
        change = (
            change_slots(text, c0, c1, period)
            if own is None and change_of(text, qs, qe, c0, c1)
            else {}
        )
        if change:
            period = change["change_to"]
        basis_m = _BASIS_AFTER.match(text[qe : min(s1, qe + 50)])
        basis = basis_m.group("basis").lower().rstrip("s") if basis_m else None
        if commodity is None:
            commodity, commodity_from = _context_commodity(text, qe, s1, context, topic or [])
        if q["kind"] == "percent":
            after = text[qe:s1]
            owner = _POSSESSIVE_AFTER.match(after)
            country = _country_subject(countries, qs, text)
            country, q_from, q_how = override or (country, subject_from, subject_how)
            if (
                change
                and country is not None
                and override is None
                and country["span"][0] >= qe
                and _WORLD_SUBJECT.search(text, c0, qs)
            ):
                # 'Global rare earth output rose 3.7% in 2024, amid growth in China': a change
                # of the world figure named before it, not of a country named after it
                country = None
            base_owner = None
            if (
                country is not None
                and country["span"][0] >= qe
                and _OF_OWNER_GAP.fullmatch(text, qe, country["span"][0])
            ):
                base_owner, country = country, None  # '60% of Chinese rare-earth exports'
            scope = "world" if _WORLD.search(after[:40]) else None
            anaphor = bool(_SHARE_ANAPHOR.match(after))
            if scope is None and not owner and _MASS_THEN_SHARE.search(text, s0, qs):
                scope = "world"  # '21 million tons, or 23%': the share of the world's total
            produced_in = _PRODUCED_IN.match(after)
            if produced_in and not owner:
                # 'of graphite produced in China was amorphous': a share of China's output
                scope = f"{produced_in.group('place')}'s"
            if scope is None and not owner and not anaphor and not produced_in:
                # '70% of rare earth mining', 'China's share of global output is 70%': a
                # country's share of a commodity's production is a share of the world's
                named = [c for c in commodities if qe <= c["span"][0] <= qe + 30]
                if _OF_PRODUCTION.match(after) or (named and _OF_DIRECT.match(after)):
                    scope = "world"
                elif _SHARE_OF_WORLD.search(text[s0:qs]):
                    scope = "world"
            if owner:
                scope = f"{owner.group('owner')}'s"
            elif base_owner is not None:
                scope = f"{base_owner['name']}'s"
            elif scope is None and regions:
                scope = "sub-national"
            if commodity is None and not _RESOURCE_WORDS.search(sentence):
                continue
            if commodity_from not in (None, "sentence") and measure is None:
                if not _MARKET_SHARE_AFTER.match(text, qe, s1):
                    continue  # '20%' in a sentence about something else
                # 'secured 14% of the market', 'the 30% share it held': a share of the
                # commodity's market, which does not say of what (output, sales, trade)
                frame = frame or "market"
            if _COMPOSITION_BEFORE.search(text, c0, qs) or _COMPOSITION_AFTER.match(text, qe, c1):
                # 'containing 0.1% of Chinese rare-earth content', 'ore grading 2% TREO':
                # what a material is made of, not anyone's share of a market
                continue
            subject = country["name"] if country else (commodity["name"] if commodity else "?")
            if owner:
                subject = (
                    f"{owner.group('owner')}'s {commodity['text'] if commodity else 'holdings'}"
                )
            claims.append(
                _claim(
                    "share",
                    text,
                    span,
                    subject,
                    predicate="has share",
                    object=measure,
                    value=q["value"],
                    unit="%",
                    qualifier=q.get("qualifier"),
                    measure=measure,
                    stage=stage,
                    frame=frame,
                    iso3=country["iso3"] if country else None,
                    commodity=commodity,
                    commodity_from=commodity_from,
                    scope=scope or "unstated",
                    scope_anaphor=anaphor and scope is None,
                    subject_from=q_from if country else None,
                    subject_basis=subject_basis(text, country, q_how, (c0, c1), qs),
                    _country=country,
                    _subject_how=q_how,
                    caption=caption,
                    period=period,
                    period_basis=period_how if period else None,
                    regions=[r["name"] for r in regions],
                    quantity=q,
                    **change,
                )
            )
        elif q["kind"] == "mass":
            if measure is None:
                if frame is None:
                    continue
                measure = "mine_production"  # an offer/plan/quota of an amount: still a claim
            country = _country_subject(countries, qs, text)
            country, q_from, q_how = override or (country, subject_from, subject_how)
            # 'out of a world total of 78,000 t', '390,000 t worldwide': the figure's own
            # phrase names the world, whoever the sentence is about
            own_world = bool(
                _WORLD_TOTAL_BEFORE.search(text, max(c0, qs - 40), qs)
                or _WORLD_AFTER.match(text, qe, c1)
            )
            if (
                country is not None
                and override is None
                and country["span"][0] >= qe
                and _WORLD_SUBJECT.search(text, c0, qs)
            ):
                # 'Global rare earth oxide production hit 300,000 t in 2024, with China at
                # 60%': the subject is named before the figure; a country in a later phrase
                # has a figure of its own
                country = None
            if own_world:
                country = None
            world = (
                own_world
                or (
                    country is None
                    and not pronoun_subject  # 'its reserves stood at ...': not the world's
                    # a world subject stands before the figure or just after it ('world
                    # production was 300,000 t'), not in a later phrase ('... of global reserves')
                    and bool(_WORLD_SUBJECT.search(text[c0 : min(c1, qe + 25)]))
                )
            )
            if own is not None and not world and country is None:
                # the baseline of a world total ('390,000 t worldwide, up from 350,000 t')
                world = bool(claims) and claims[-1].get("iso3") == "WLD"
            ctype = "reserves" if measure in ("reserves", "resources") else "production"
            claims.append(
                _claim(
                    ctype,
                    text,
                    span,
                    "World" if world else (country["name"] if country else "?"),
                    predicate="has",
                    object=measure,
                    value=q["value"],
                    unit="t",
                    qualifier=q.get("qualifier"),
                    measure=measure,
                    stage=stage,
                    frame=frame,
                    iso3="WLD" if world else (country["iso3"] if country else None),
                    subject_from="sentence" if own_world else (q_from if country else None),
                    subject_basis="explicit"
                    if world
                    else subject_basis(text, country, q_how, (c0, c1), qs),
                    _country=None if world else country,
                    _subject_how=q_how,
                    period_basis=period_how if period else None,
                    commodity=commodity,
                    commodity_from=commodity_from,
                    unit_note=q.get("unit_note"),
                    period=period,
                    basis="ore" if basis == "ore" else ("concentrate" if basis else None),
                    quantity=q,
                    **change,
                )
            )
        elif q["kind"] == "money" and _VALUATION.search(sentence):
            country = _country_subject(countries, qs)
            country, q_from, q_how = override or (country, subject_from, subject_how)
            claims.append(
                _claim(
                    "valuation",
                    text,
                    span,
                    country["name"] if country else "?",
                    predicate="is valued at",
                    object="mineral resources",
                    subject_basis=subject_basis(text, country, q_how, (c0, c1), qs),
                    value=q["value"],
                    unit=q["unit"],
                    qualifier=q.get("qualifier"),
                    iso3=country["iso3"] if country else None,
                    quantity=q,
                )
            )
    return claims


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


#: After a share figure: the market it is a share of, not a measure ('14% of the market',
#: 'the 30% share', '27.3% of the industry').
_MARKET_SHARE_AFTER = re.compile(
    r"\s*(?:(?:market|global|world)\s+)?share\b|\s*of\s+(?:the\s+)?(?:(?:global|world|world's|"
    r"international|entire|whole)\s+)?(?:market|industry|sector)\b",
    re.IGNORECASE,
)


#: A subordinate clause with its own subject ('... export ban, as the country controls
#: 75% of ...', '... because China holds ...'): the frame of the clause before it (an
#: export, an offer) is not the frame of a figure inside it.
_SUBORDINATE_CLAUSE = re.compile(
    r"(?<!such )(?<!well )(?<!much )(?<!many )(?<!far )\b(?:as|because|since|while|whereas|"
    r"although|though)\s+(?=(?:the|its|their|this|these|it|they|[A-Z][a-z]+)\b)"
)


def _frame_start(text: str, s0: int, qs: int, countries: list[dict[str, Any]] | None = None) -> int:
    """Where the frame of a figure at ``qs`` is read from: the sentence start, or the
    start of the last subordinate clause with its own subject before the figure, or of a
    relative clause on a country ('... to boost processing capacity and cut reliance on
    China, which dominates 70% of mining': the clause states China's share, whatever the
    main clause plans)."""
    start = s0
    for m in _SUBORDINATE_CLAUSE.finditer(text, s0, qs):
        start = m.end()
    for m in _RELATIVE_ON.finditer(text, start, qs):
        if any(0 <= m.start() - c["span"][1] <= 1 for c in countries or []):
            start = m.end()
    return start


#: ', which', ', who' opening a relative clause.
_RELATIVE_ON = re.compile(r",\s*(?:which|who)\s+", re.IGNORECASE)


def _baseline_phrases(text: str, figures: list[dict[str, Any]], s0: int, s1: int) -> dict[int, int]:
    """figure start -> end of its own phrase, for figures that are the baseline of a
    comparison ('up from 255,000 t in 2023', 'compared with 210,000 t a year earlier')."""
    out = {}
    for q in figures:
        qs, qe = q["span"]
        if not _BASELINE_BEFORE.search(text, max(s0, qs - 40), qs):
            continue
        end = _BASELINE_END.search(text, qe, s1)
        out[qs] = end.start() if end else s1
    return out


#: 'according to Jessica Fung, head of ...': a named person followed by an appositive.
_PERSON_SOURCE = re.compile(r"according\s+to\s+[A-Z][a-z]+(?:\s+[A-Z][\w'-]+){1,2}\s*,\s+[a-z]")


def event_claims(text: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One 'event' claim per event stated as fact (expected or negated events included,
    with their modality)."""
    claims = []
    for ev in events:
        s0, s1 = ev["sentence_span"]
        if ev["type"] == "office_held":  # a title and a name: the claim is that phrase
            s0, s1 = ev["span"]
        elif ev.get("claim_span"):  # 'starting Dec. 1' beside a measure: those words
            s0, s1 = ev["claim_span"]
        else:
            # a trailing attribution to a person with a title ('..., according to Jessica
            # Fung, head of Consulting at Project Blue') says who reports the event: the claim
            # checked is the event, so its span ends before the source and the source's title
            # (an attribution to a document, 'according to an announcement Thursday', may
            # date the event and stays)
            trailing = [
                a
                for a, _ in attribution_spans(text[s0:s1], s0)
                if a >= ev["span"][1] and _PERSON_SOURCE.match(text, a, s1)
            ]
            if trailing:
                s1 = s0 + len(text[s0 : trailing[0]].rstrip(" ,;-"))
        who = ev["initiator"] or "?"
        to = ",".join(ev["targets"])
        claims.append(
            _claim(
                "event",
                text,
                (s0, s1),
                f"{who} {ev['type']}" + (f" {to}" if to else ""),
                predicate=ev["type"],
                object=to or None,
                event=ev,
            )
        )
    return claims


# -- tables written as text ('| China | 140,000 | 60% |') ------------------------------------------

_TABLE_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_CELL_NUMBER = re.compile(
    r"^\s*(?P<qual>~|about\s+|around\s+|approx\.?\s+)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*$",
    re.IGNORECASE,
)
_COLUMN_SHARE = re.compile(r"%|\bshare\b|\bper\s?cent\b", re.IGNORECASE)
_COLUMN_WORLD = re.compile(r"\b(?:global|world|worldwide)\b", re.IGNORECASE)
#: The unit a column header states; a column without one is not read (precision first).
_COLUMN_UNIT = re.compile(
    r"\b(?P<scale>thousand|million|kilo|'000)?\s*(?:metric\s+)?(?P<unit>tonnes|tons|tonne|ton|"
    r"t|kt|mt)\b",
    re.IGNORECASE,
)
_COLUMN_UNIT_FACTOR = {"kt": 1e3, "mt": 1.0}  # 'MT' in a header: metric tons (see quantities)
_SCALE_FACTOR = {"thousand": 1e3, "'000": 1e3, "kilo": 1e3, "million": 1e6}


def table_row_lines(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Which sentences are lines of a text table: two or more '|' cell separators."""
    if "|" not in text:
        return [False] * len(spans)  # most articles: one scan instead of one per sentence
    return [text.count("|", s0, s1) >= 2 for s0, s1 in spans]


def _cells(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    """Cell spans of one table line (the outer '|' are optional)."""
    line = text[s0:s1]
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    edges = [-1, *bounds, len(line)]
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        a0, b0 = s0 + a + 1, s0 + b
        if b0 > a0 or (a >= 0 and b < len(line)):
            out.append((a0, b0))
    # drop the empty cells outside the first and last '|'
    if out and not text[out[0][0] : out[0][1]].strip() and line.lstrip().startswith("|"):
        out = out[1:]
    if out and not text[out[-1][0] : out[-1][1]].strip() and line.rstrip().endswith("|"):
        out = out[:-1]
    return out


#: A table column of places: 'Rank', '#', 'No.', 'Position'.
_RANK_COLUMN = re.compile(r"\s*(?:rank(?:ing)?|#|no\.?|position|place)\s*", re.IGNORECASE)


def _column(header: str, caption: str) -> dict[str, Any] | None:
    """What a column holds, from its header: a share (of the world when the header or
    caption says so) or a mass of a measure in a stated unit; None when unclear."""
    if _COLUMN_SHARE.search(header):
        return {"kind": "share", "world": bool(_COLUMN_WORLD.search(header))}
    measure, stage = _measure_and_stage(header, 0, len(header))
    if measure is None:
        measure, stage = _measure_and_stage(caption, 0, len(caption))
    unit = _COLUMN_UNIT.search(header)
    if measure is None or unit is None:
        return None
    written = unit.group("unit")
    factor = _COLUMN_UNIT_FACTOR.get(written.lower(), 1.0)
    factor *= _SCALE_FACTOR.get((unit.group("scale") or "").lower(), 1.0)
    return {"kind": "mass", "measure": measure, "stage": stage, "factor": factor}


def table_claims(
    text: str,
    block: list[tuple[int, int]],
    caption: tuple[int, int] | None,
    countries: list[dict[str, Any]],
    commodities: list[dict[str, Any]],
    dates: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Claims of a text table: one per figure in a row that names a country.

    The first line is the header; a '---' line under it is skipped. A column is read only
    when its header says what it holds ('Production (tonnes REO)', '% Global'); the
    measure of a share column is that of the table's mass column. The period is a year in
    the header or the caption line above the table; the commodity is the one named there
    (else the article's topic, passed in ``commodities``).

    Parameters
    ----------
    block : list of (int, int)
        The table's line spans, header first.
    caption : (int, int) or None
        The line before the table.
    countries, commodities, dates : list of dict
        Mentions of the article (all of them; each row takes those inside it).
    """
    if len(block) < 2:
        return []
    h0, h1 = block[0]
    head_cells = _cells(text, h0, h1)
    cap_text = text[caption[0] : caption[1]] if caption else ""
    columns = [_column(text[a:b], cap_text) for a, b in head_cells]
    masses = [c for c in columns if c and c["kind"] == "mass"]
    if not any(columns):
        return []
    lo, hi = (caption[0] if caption else h0), h1
    years = [d for d in dates if lo <= d["span"][0] < hi and d.get("granularity") == "year"]
    period = int(str(years[0]["value"])[:4]) if years else None
    commodity = next((c for c in commodities if lo <= c["span"][0] < hi), None)
    commodity_from = "table" if commodity else None
    if commodity is None and commodities:
        commodity, commodity_from = commodities[0], "topic"
    if commodity is None:
        return []
    claims = []
    # a 'Rank' column beside a mass column: each row also claims the country's world rank
    # in that measure ('2 | Australia | ~1.2'), which is checked as a rank of its own (a
    # row whose tonnage agrees may still stand at the wrong place)
    rank_col = next(
        (i for i, (a, b) in enumerate(head_cells) if _RANK_COLUMN.fullmatch(text[a:b])), None
    )
    for r0, r1 in block[1:]:
        cells = _cells(text, r0, r1)
        if all(_TABLE_SEPARATOR_CELL.match(text[a:b]) or not text[a:b].strip() for a, b in cells):
            continue
        named = [c for c in countries if r0 <= c["span"][0] < r1]
        if not named or len(cells) != len(head_cells):
            continue  # 'Others', or a row that does not line up with the header
        country = named[0]
        place = (
            re.fullmatch(r"\s*(\d{1,2})\s*", text[slice(*cells[rank_col])])
            if rank_col is not None and masses
            else None
        )
        if place is not None:
            base = masses[0]
            claims.append(
                _claim("ranking", text, (r0, r1), country["name"], predicate="ranks",
                       object=base["measure"], rank=int(place.group(1)), rank_max=None,
                       rank_text=place.group(1), vague=False, measure=base["measure"],
                       stage=base["stage"], iso3=country["iso3"], commodity=commodity,
                       commodity_from=commodity_from, scope="world", excluding=[],
                       period=period, frame=None, subject_from="sentence",
                       subject_basis="explicit", period_basis="context" if period else None,
                       caption=False, pattern="table rank", table=True)
            )  # fmt: skip
        for (a, b), col in zip(cells, columns, strict=True):
            m = _CELL_NUMBER.match(text[a:b])
            if col is None or m is None or a <= country["span"][0] < b:
                continue
            value = parse_number(m.group("num"))
            if value is None:
                continue
            q = {"text": text[a:b].strip(), "span": [a, b], "qualifier": m.group("qual")}
            if col["kind"] == "share" and m.group("pct"):
                base = masses[0] if masses else {"measure": None, "stage": None}
                claims.append(
                    _claim("share", text, (r0, r1), country["name"], predicate="has share",
                           object=base["measure"], value=value, unit="%",
                           qualifier=q["qualifier"], measure=base["measure"],
                           stage=base["stage"], frame=None, iso3=country["iso3"],
                           commodity=commodity, commodity_from=commodity_from,
                           scope="world" if col["world"] else "unstated",
                           scope_anaphor=False, period=period, regions=[],
                           subject_basis="explicit",
                           period_basis="context" if period else None,
                           quantity={**q, "kind": "percent", "value": value, "unit": "%"},
                           table=True)
                )  # fmt: skip
            elif col["kind"] == "mass" and not m.group("pct"):
                tonnes = value * col["factor"]
                ctype = "reserves" if col["measure"] in ("reserves", "resources") else "production"
                claims.append(
                    _claim(ctype, text, (r0, r1), country["name"], predicate="has",
                           object=col["measure"], value=tonnes, unit="t",
                           qualifier=q["qualifier"], measure=col["measure"],
                           stage=col["stage"], frame=None, iso3=country["iso3"],
                           commodity=commodity, commodity_from=commodity_from,
                           unit_note=None, period=period, basis=None,
                           subject_basis="explicit",
                           period_basis="context" if period else None,
                           quantity={**q, "kind": "mass", "value": tonnes, "unit": "t"},
                           table=True)
                )  # fmt: skip
    return claims


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
