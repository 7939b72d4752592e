"""Count claims: how many members a group or a named list has.

"a group of 17 elements" said of a group, "the 50 minerals on the USGS list"
(:func:`count_claims`), and a list whose size the sentence states next to its members
(:func:`counted_list_claims`).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_classes import (
    _ANAPHOR,
    _COPULA_COUNT,
    _DEFINING,
    _DEFINING_PREDICATE,
    _GROUP_SIZE_BEFORE,
    _LIST_GAP,
    _OTHER_OWNER,
    _RESTRICTIVE_AFTER,
    _SUBJECT_BEFORE,
    _US_OWNER,
)
from assay.analyses.news.claims_common import (
    _SMALL_NUMBERS,
    _claim,
    _groups,
    _inside,
    _members,
)
from assay.analyses.news.text import (
    scan,
)

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
