"""Classification claims: membership of a mineral in a class or list.

"X is (not) a rare earth", "rare earths such as X and Y", "critical minerals including
...", bulleted lists under a class heading: one claim per member
(:func:`classification_claims`), with the patterns for inclusion cues, list openers,
appositions, negation and the owner of a critical-minerals list (US or other).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_common import (
    _SMALL_NUMBERS,
    MODIFIED_NOUNS,
    _claim,
    _groups,
    _inside,
    _members,
)
from assay.analyses.news.text import (
    scan,
    scan_slice,
)

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
