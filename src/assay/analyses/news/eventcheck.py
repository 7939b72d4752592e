"""Event claims judged against the knowledge base of official events.

``news_events_kb.csv`` records official measures and deals (China's export controls on
gallium and germanium, graphite, antimony, the December 2024 measures against the United
States, the April 2025 rare-earth licensing and its October/November 2025 changes; the DRC
cobalt export suspension and quota; the US-Ukraine minerals agreement; Russia's 2025 offer),
each with its date, actors, type, covered items and the sources read for it.

A claim is matched on actor, event family and items, then on date; its action ('banned',
'suspended exports', 'imposed a quota', 'requires licences') is compared with the type of
the matching record. The same precision rules as for statistics apply:

- supported when a record of the claimed actor, items and date has a compatible type;
- refuted only when the claim dates the event (a month or a day), records of that actor
  and those items exist at that date, and every one of them has a type the claim
  contradicts (an outright ban or a quota claimed where the record is a licensing regime;
  a 'halt' or 'suspension' may be de facto and is never refuted this way), or when a
  dated signing of an agreement that the KB holds once is put on another date;
- not-checkable otherwise (no record, an undated or vague claim, a reported plan or
  denial), with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from assay.analyses.news.knowledge import KnowledgeBase

#: What a claim says was done, read from the words around its trigger, most specific first.
ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "suspension_of_measure",
        # the object of the suspension is a measure ('suspended its export controls', 'the
        # suspension of a set of controls', 'halted for a year the October controls', 'the
        # measures will be halted'), not the exports themselves ('halted exports of cobalt
        # under the new rules' stops trade)
        re.compile(
            r"\b(?:suspend\w*|suspension|paus\w*|halt\w*|froze|freez\w*|lift\w*|"
            r"eas(?:e|es|ed|ing)|postpon\w*|scrap\w*|rolled back|roll(?:s|ing)? back)\b"
            r"(?:(?!\b(?:exports?|shipments?)\s+(?:of|to|from)\b)[^.;]){0,50}?"
            r"\b(?:controls?|restrictions?|curbs?|bans?|prohibitions?|measures|licensing|rules|"
            r"announcements|implementation)\b"
            r"|\b(?:controls?|restrictions?|curbs?|bans?|prohibitions?|measures)\b[^.;]{0,40}?"
            r"\b(?:will be|would be|to be|were|was|have been|has been|are|is|be)\s+"
            r"(?:[\w-]+\s+)?(?:suspended|halted|paused|lifted|frozen)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "suspension",
        re.compile(
            r"\bsuspen(?:d|ds|ded|ding|sion)\b[^.;]{0,40}?\bexports?\b|\bexports?\b[^.;]{0,25}?"
            r"\b(?:suspen\w*|blocked|halted)|\bexport suspension\b|"
            r"\b(?:halt|block)(?:s|ed|ing)?\b[^.;]{0,25}?\bexports?\b|"
            r"\bextend\w*\s+(?:the\s+)?(?:temporary\s+)?suspension\b",
            re.IGNORECASE,
        ),
    ),
    ("quota", re.compile(r"\bquotas?\b", re.IGNORECASE)),
    (
        "ban",
        re.compile(
            r"\b(?:ban(?:s|ned|ning)?|prohibit(?:s|ed|ing|ion)?|embargo\w*)\b", re.IGNORECASE
        ),
    ),
    (
        "licensing",
        re.compile(
            r"\b(?:licen[cs]\w*|permits?|permission|approval|export controls?|control(?:s|led)?|"
            r"restrict\w*|curbs?|tighten\w*|limits?|review|scrutiny|vetting)\b",
            re.IGNORECASE,
        ),
    ),
]
#: KB types that make a claimed action true ('controls' are true of a ban or a quota too).
COMPATIBLE = {
    "ban": {"ban", "suspension"},
    "suspension": {"suspension", "ban"},
    "quota": {"quota"},
    "licensing": {"licensing", "ban", "suspension", "quota"},
    "suspension_of_measure": {"suspension_of_measure"},
    "agreement": {"agreement"},
    "offer": {"offer"},
    "investigation": {"investigation"},
    "designation": {"designation"},
}
#: Claim event types -> the KB types of the same family.
FAMILY_TYPES = {
    "export_control_imposed": {"licensing", "ban", "suspension", "quota", "suspension_of_measure"},
    "export_control_expanded": {"licensing", "ban", "suspension", "quota"},
    "measure_in_force": {"licensing", "ban", "suspension", "quota"},
    "deal_signed": {"agreement"},
    "offer_of_cooperation": {"offer"},
    "deal_proposed": {"offer"},
    "investigation_opened": {"investigation"},
    "project_designation": {"designation"},
}
#: Claim event types whose action is their type (no wording around the trigger to read).
_TYPE_ACTIONS = {
    "deal_signed": "agreement",
    "offer_of_cooperation": "offer",
    "deal_proposed": "offer",
    "investigation_opened": "investigation",
    "project_designation": "designation",
}
#: KB types of a single dated act (a signing, an opening, a selection), refuted when dated
#: on another day of its year (an investigation is matched on its items like a measure).
_DATED_ACTS = {"agreement", "investigation", "designation"}
_ACT_VERB = {"agreement": "signed", "investigation": "opened", "designation": "made"}
#: Claim event types that report no concluded measure or agreement, with the reason.
NOT_CONCLUDED = {
    "talks_held": "talks or negotiations are not a concluded agreement; the events knowledge "
    "base records only concluded agreements and measures",
}
TYPE_LABEL = {
    "licensing": "a licensing regime (exports need a licence), not a ban",
    "ban": "a ban",
    "suspension": "a suspension of exports",
    "quota": "an export quota",
    "suspension_of_measure": "a suspension of earlier controls",
    "agreement": "an agreement",
    "offer": "an offer",
    "investigation": "an investigation (not a measure)",
    "designation": "a designation of projects",
}
#: Group words in claims -> KB items they cover.
_GROUPS = {"rare earths", "rare-earths", "rare earth", "rare-earth", "rare earth elements"}


#: Where a coordinated clause with its own verb begins ('..., and dozens of tools were
#: newly controlled', '... and banned its citizens from ...'): words beyond it describe
#: another act than the trigger's.
_NEXT_CLAUSE = re.compile(
    r";|,\s*(?:and|but|while|whereas)\b|\s(?:and|but)\s+(?=(?:also\s+)?[a-z]+ed\b)",
    re.IGNORECASE,
)


def _clause_window(text: str, s: int, e: int, width: int) -> tuple[int, int]:
    """``text[a:b]`` around the trigger ``text[s:e]``, at most ``width`` characters on each
    side and not beyond the clause boundaries of :data:`_NEXT_CLAUSE`."""
    a, b = max(0, s - width), min(len(text), e + width)
    after = _NEXT_CLAUSE.search(text, e, b)
    if after:
        b = after.start()
    before = list(_NEXT_CLAUSE.finditer(text, a, s))
    if before:
        a = before[-1].end()
    return a, b


def _action(sentence: str, offset: int, ev: dict[str, Any]) -> str | None:
    """The action claimed, from the words within 60 characters of the trigger."""
    if ev["type"] in _TYPE_ACTIONS:
        return _TYPE_ACTIONS[ev["type"]]
    s, e = ev["span"][0] - offset, ev["span"][1] - offset
    window = sentence[slice(*_clause_window(sentence, s, e, 60))]
    if "." in window:
        # an abbreviation's or a decimal's dot ('announced on Oct. 9 will be halted') ends
        # no clause: the actions' '[^.;]' gaps may cross it
        from assay.analyses.news.events import _INNER_DOT

        window = _INNER_DOT.sub(" ", window.lower())
    for name, rx in ACTIONS:
        if rx.search(window):
            if name == "ban" and _DE_FACTO.search(window):
                return "suspension"  # 'effectively banned': a de facto halt, not a legal ban
            return name
    return None


#: 'China said it will impose controls from Aug 1': a reported announcement of a measure is
#: the event itself (its effective date is in the record too).
_ANNOUNCED = re.compile(
    r"\b(?:said|says|announced|announces|announcement|statement|notice|ministry|decided|"
    r"decision)\b",
    re.IGNORECASE,
)
_IMMEDIATE = re.compile(r"\b(?:immediately|with immediate effect|upon publication)\b", re.I)
_PLAIN_FUTURE = re.compile(r"\b(?:will|shall)\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:reportedly|could|might|would|plan\w*|expect\w*|likely|consider\w*|propos\w*|"
    r"hop(?:e|es|ed|ing)|intend\w*|wants?|wanted|possibl\w*|may be|if|unless|draft\w*|"
    r"sources?|reports?)\b",
    re.IGNORECASE,
)
_HEDGE_MAY = re.compile(r"\bmay\b")  # lower case: 'May 1' is a date
#: A suspension told as decided ('China agreed to suspend ...', 'has agreed to pause ...',
#: 'will suspend ...'): the decision was made public, and the record of its announcement
#: decides the claim; only the words right before the trigger count.
_DECIDED_SUSPENSION = re.compile(
    r"\b(?:(?:(?:has|have|had)\s+)?(?:agreed|agrees|agree|decided|decides)\s+to|will|shall)"
    r"\s+(?:also\s+)?(?:temporarily\s+)?$",
    re.IGNORECASE,
)
_HEDGE_BEFORE = re.compile(
    r"\b(?:expect\w*|could|might|likely|reportedly|possibl\w*|consider\w*|plan\w*|"
    r"intend\w*|hop(?:e|es|ed|ing)|wants?|wanted|poised|weigh\w*|mull\w*|"
    r"look(?:s|ed|ing)?\s+(?:at|into))\b|\bmay\b"
)
_SUSPENSION_VERB = re.compile(r"(?:suspend|paus|halt|postpon|freez)\w*", re.IGNORECASE)
_TECHNOLOGY = re.compile(r"\b(?:technolog\w*|tech|know-how|equipment)\b", re.IGNORECASE)
#: Goods and technology named together ('items and technologies', 'products and related
#: technology'): the category of a goods measure.
_GOODS_AND_TECHNOLOGY = re.compile(
    r"\b(?:items|goods|products|materials)\s+(?:and|&)\s+(?:related\s+)?technolog\w*",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"\b(?:sign\w*|inked|conclud\w*)\b", re.IGNORECASE)
_DE_FACTO = re.compile(
    r"\b(?:effectively|de facto|virtually|practically|in effect|amounts? to|tantamount)\b",
    re.IGNORECASE,
)


def _claim_items(kb: KnowledgeBase, ev: dict[str, Any]) -> set[str]:
    items = set()
    rare = {e["name"].lower() for e in kb.elements.values() if e.get("is_rare_earth")}
    for name in ev.get("commodities") or []:
        low = name.lower()
        items.add(low)
        if low in _GROUPS or "rare earth" in low or "rare-earth" in low or low in ("ree", "rees"):
            items |= {"rare earths"} | rare
    return items


_GENERIC_MEASURE = re.compile(r"\b(?:conditions|measures?|rules|requirements)\b", re.IGNORECASE)
_MEASURE_TYPES = {"licensing", "ban", "suspension", "quota", "suspension_of_measure"}
#: A class noun as what a measure covers ('on five metals', 'critical minerals').
_CLASS_OBJECT = re.compile(
    r"\b(?:metals|minerals|raw materials|elements|commodities)\b", re.IGNORECASE
)
#: Class words that name no particular items (every measure's items belong to them).
_GENERIC_ITEMS = {
    "critical minerals", "critical raw materials", "strategic raw materials", "strategic minerals",
    "rare metals", "minerals", "metals", "critical metals", "strategic metals",
}  # fmt: skip


def _record_items(kb: KnowledgeBase, rec: dict[str, Any]) -> set[str]:
    items = set(rec["items"])
    rare = {e["name"].lower() for e in kb.elements.values() if e.get("is_rare_earth")}
    if items & rare:
        items.add("rare earths")
    if "rare earths" in items or "critical minerals" in items:
        items |= {"minerals", "critical minerals", "rare metals"}
    return items


def _date_window(value: str) -> tuple[date, date] | None:
    try:
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            end = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            return date(y, m, 1), end
        d = date.fromisoformat(value[:10])
        return d - timedelta(days=1), d + timedelta(days=1)  # time zones, 'overnight'
    except ValueError:
        return None


def _record_dates(rec: dict[str, Any]) -> list[date]:
    out = []
    for key in ("date", "effective", "announced"):
        if rec.get(key):
            try:
                out.append(date.fromisoformat(rec[key]))
            except ValueError:
                pass
    return out


#: 'signed in Kyiv', 'inked at the White House': the place a claim gives for a signing (a
#: capitalised name after 'in'/'at', within the verb's clause).
_SIGNED_PLACE = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|inked|conclud\w*|formali[sz]ed)\b[^.;,]{0,60}?\b(?:in|at)\s+"
    r"(?:the\s+)?(?P<place>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
)
_NOT_PLACES = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|Q[1-4]|\d)"
)
#: Words that may stand between a signatory and 'signed' ('X and Y have signed').
_SIGNER_GLUE = {"and", "&", "former", "then", "the", "has", "have", "had", "formally",
                "officially", "jointly", "also", "finally", "both"}  # fmt: skip
_SIGN_VERB = re.compile(r"\b(?:sign(?:ed|s|ing)?|inked|conclud(?:ed|es)|formali[sz]ed)\b")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
#: 'five more rare earth elements', '25 rare metals', 'two types of graphite': a count of the
#: items a measure covers.
_ITEM_COUNT = re.compile(
    r"(?<!section )(?<!no\. )(?<!article )\b(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+"
    r"(?:(?!(?:into|in|on|for|from|to|by|with|and|or|the|a|of|per)\b)[\w-]+\s+){0,4}?"
    r"(?P<noun>elements|metals|minerals|materials|items|products|types|kinds|forms|"
    r"commodities|rare earths)\b",
    re.IGNORECASE,
)
#: Generic words in a record's item list that do not count as one covered item.
_GROUP_ITEMS = {"rare earths", "critical minerals", "critical raw materials",
                "strategic raw materials", "rare metals", "minerals"}  # fmt: skip
#: A change to a measure that the KB records only as a separate row ('allowed to carry over
#: their quotas', 'raised the quota', 'exempted'): the claim asserts the change, not the
#: measure, so a record of the measure itself neither supports nor refutes it.
_CHANGE = re.compile(
    r"\b(?:carr(?:y|ies|ied|ying)\s+over|roll(?:s|ed|ing)?\s+over|exempt\w*|waiv\w*|"
    r"(?:rais|cut|increas|reduc|lower|trim|slash)\w*\s+(?:[\w-]+\s+){0,3}?quotas?)\b",
    re.IGNORECASE,
)
#: Kinds of instrument a claim may name; a record whose instrument is of another kind is
#: another act ('a memorandum' signed before 'the agreement').
#: ('declaration' and 'framework' are left out: translations call announcements
#: declarations, and the press calls full agreements frameworks.)
_INSTRUMENT_KINDS = ("memorandum", "protocol", "letter of intent")


def _places(kb: KnowledgeBase, rec: dict[str, Any]) -> list[str]:
    return [p.strip() for p in (rec.get("place") or "").split(";") if p.strip()]


def _place_country(kb: KnowledgeBase, name: str) -> str | None:
    """The country of a place name: a country or its capital (``news_country_aliases.csv``)
    or a region of ``news_regions.csv``; None for a name the gazetteers do not hold."""
    name = name.rstrip(".")
    hit = kb.country_aliases.get(name)
    if hit:
        return hit[0]
    for region in kb.regions:
        if name in region["aliases"]:
            return region.get("iso3") or None
    return None


def _same_place(kb: KnowledgeBase, claimed: str, held: list[str]) -> bool | None:
    """Whether a claimed place is one of the record's places: True when it names one of
    them (or lies in the same country as them), False when the gazetteers place it in
    another country, None when they do not know the name ('Lviv', 'English')."""
    low = claimed.lower().rstrip(".")
    for p in held:
        pl = p.lower()
        if low == pl or pl.startswith(low + ",") or low.startswith(pl):
            return True
    iso = _place_country(kb, claimed)
    if iso is None:
        return None
    held_iso = {_place_country(kb, p) for p in held} - {None}
    return (iso in held_iso) if held_iso else None


def _claimed_signatories(kb: KnowledgeBase, text: str) -> tuple[set[str], set[str]]:
    """Persons a claim says signed: (those in a 'signed by ...' phrase, those written as the
    subject of 'signed'). Persons are the office holders of ``news_actors.csv``."""
    from assay.analyses.news.mentions import lexicon_for

    persons = lexicon_for(kb).persons(text)
    by, subject = set(), set()
    for verb in _SIGN_VERB.finditer(text):
        tail = text[verb.end() : verb.end() + 160]
        m = re.match(r"[^.;]{0,40}?\bby\b([^.;]*)", tail)
        if m:
            b0, b1 = verb.end() + m.start(1), verb.end() + m.end(1)
            # the phrase is names and titles joined by 'and': it ends at a comma or at the
            # first lower-case word ('signed by X and praised by Y' names one signer)
            cut = re.search(r",|\b(?!(?:and|the|of)\b)[a-z][\w'-]*", text[b0:b1])
            b1 = b0 + cut.start() if cut else b1
            by |= {p["person"] for p in persons if b0 <= p["span"][0] < b1}
        for p in persons:
            if p["span"][1] > verb.start():
                continue
            between = text[p["span"][1] : verb.start()]
            words = re.findall(r"[\w'.-]+|[,;:]", between)
            if all(w in _SIGNER_GLUE or w[:1].isupper() for w in words):
                subject.add(p["person"])
    return by, subject


#: 'together with X, she signed', 'alongside X', 'jointly with X': a co-signer named before
#: the signing verb of the same clause.
_WITH_SIGNER = re.compile(
    r"\b(?i:together\s+with|along\s+with|alongside|jointly\s+with)\s+(?P<who>[^.;]{0,80}?)"
    r"(?=,|\s+(?:he|she|they|it|we|I|the\s+\w+|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:sign(?:ed|s)|inked|conclud(?:ed|es))\b)"
)


def _claimed_cosigners(kb: KnowledgeBase, text: str) -> list[dict[str, Any]]:
    """Persons a claim names as signing with the subject ('Together with Treasury Secretary
    X, she signed the agreement'), as person mentions (with ``iso3``); empty when none."""
    from assay.analyses.news.mentions import lexicon_for

    out = []
    for m in _WITH_SIGNER.finditer(text):
        rest = text[m.end() : m.end() + 60]
        if not _SIGN_VERB.search(rest):
            continue
        who = lexicon_for(kb).persons(m.group("who"))
        out.extend(p for p in who if p not in out)
    return out


def _end_agrees(ev: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether the end a claim gives ('until September') holds the record's end date (True
    when either is missing)."""
    end, held = ev.get("ends"), rec.get("ends")
    if not end or not held:
        return True
    win = _date_window(str(end))
    return win is None or win[0] <= date.fromisoformat(held) <= win[1]


def _details(
    kb: KnowledgeBase, claim: dict[str, Any], ev: dict[str, Any], rec: dict[str, Any]
) -> tuple[str, str] | None:
    """A detail of the claim that the record contradicts ('contradicted', why) or that the
    KB cannot check ('unchecked', why); None when every checkable detail agrees."""
    text = claim["text"]
    low = text.lower()
    # an undated 'memorandum' may be an earlier act than the record (a memorandum of intent
    # before the agreement); a claim dated at the record is the record's act, whatever the
    # press calls it
    for kind in _INSTRUMENT_KINDS if not ev.get("date") else ():
        if kind in low and kind not in rec["instrument"].lower():
            return "unchecked", (
                f"the claim names a {kind}; the events knowledge base holds "
                f"{rec['instrument']} ({rec['date']}), another instrument"
            )
    end = ev.get("ends")
    if end and rec.get("ends"):
        # 'until 10 Nov 2026': the end the claim gives must be the record's end
        if not _end_agrees(ev, rec):
            return "unchecked", (
                f"the claim says the measure runs until {end}; the events knowledge base "
                f"records {rec['instrument']} until {rec['ends']}"
            )
    change = _CHANGE.search(text)
    if change:
        return "unchecked", (
            f"the claim states a change to the measure ('{change.group(0)}') that the events "
            f"knowledge base does not record; it holds {_describe(rec)}"
        )
    n, count = _claimed_count(text)
    if n is not None and rec["type"] != "agreement":
        held = [i for i in rec["items"] if i not in _GROUP_ITEMS]
        # counts of rare earths are often running totals over several measures ('12 of the
        # 17'), which the KB does not add up: no verdict hangs on them
        group = any(re.search(r"rare[- ]earth", i) for i in (ev.get("commodities") or []))
        if n != len(held) and not group:
            return "unchecked", (
                f"the claim counts {count.group(0)!r}; the events knowledge base lists "
                f"{len(held)} item(s) ({', '.join(held)}) for {rec['instrument']} and does not "
                "record that count"
            )
    if rec["type"] == "agreement":
        place = next(
            (
                m.group("place")
                for m in _SIGNED_PLACE.finditer(text)
                if not _NOT_PLACES.match(m.group("place"))
                and not text[m.end("place") : m.end("place") + 2].startswith("'")
            ),
            None,
        )
        held = _places(kb, rec)
        if place and not held:
            return "unchecked", (
                f"the place of signing ({place}) is not in the events knowledge base"
            )
        same = _same_place(kb, place, held) if place and held else True
        if same is None:
            return "unchecked", (
                f"the place of signing ({place}) is not one the checker can place; "
                f"{rec['instrument']} was signed in {held[0]}"
            )
        if not same:
            return "contradicted", (
                f"the claim says it was signed in {place}; {rec['instrument']} was signed in "
                f"{held[0]} on {rec['date']}"
            )
        signers = set(_split_list(rec.get("signatories")))
        by, subject = _claimed_signatories(kb, text)
        if (by or subject) and not signers:
            return "unchecked", "the signatories are not in the events knowledge base"
        if by - signers:
            return "contradicted", (
                f"the claim says it was signed by {', '.join(sorted(by - signers))}; "
                f"{rec['instrument']} was signed by {', '.join(sorted(signers))}"
            )
        # a co-signer the record does not name, while it names who signed for that
        # co-signer's country ('together with Treasury Secretary X' where the record's US
        # signatory is Y): the record says someone else signed for that party
        party = {a["person"]: a.get("iso3") for a in kb.actors.values()}
        for co in _claimed_cosigners(kb, text):
            if co["person"] in signers or not co.get("iso3"):
                continue
            for_party = sorted(s for s in signers if party.get(s) == co["iso3"])
            if for_party:
                return "contradicted", (
                    f"the claim says {co['person']} signed it; {rec['instrument']} was signed "
                    f"for {co['iso3']} by {', '.join(for_party)} on {rec['date']}"
                )
        if subject - signers:
            return "unchecked", (
                f"{', '.join(sorted(subject - signers))} is not among the signatories the "
                f"events knowledge base records ({', '.join(sorted(signers))})"
            )
    return None


def _claimed_count(text: str) -> tuple[int | None, Any]:
    """The number of covered items a claim states ('five more rare earth elements') and its
    match; (None, None) when it states none. A count followed by 'of' ('12 of 17') is a
    part of a total, not the count of a measure's items."""
    for m in _ITEM_COUNT.finditer(text):
        if re.match(r"\s+of\b", text[m.end() :]) or re.match(r"\s*of\b", text[m.end("n") :]):
            continue
        n_text = m.group("n").lower()
        n = _NUMBER_WORDS.get(n_text) or (int(n_text) if n_text.isdigit() else None)
        if n is not None and not (1900 <= n <= 2100):
            return n, m
    return None, None


def _split_list(cell: Any) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def _evidence(kb: KnowledgeBase, rec: dict[str, Any]) -> dict[str, Any]:
    from assay.analyses.news.verdicts import source_ref

    return {
        "role": "event record",
        "table": "news_events_kb",
        "event_id": rec["id"],
        "date": rec["date"],
        "effective": rec.get("effective") or None,
        "ends": rec.get("ends") or None,
        "actors": rec["actors"],
        "type": rec["type"],
        "targets": rec["targets"],
        "items": rec["items"],
        "instrument": rec["instrument"],
        "summary": rec["summary"],
        "secondary": rec["secondary"],
        "sources": [source_ref(kb, s) for s in rec["source_ids"]],
        "source": source_ref(kb, rec["source_ids"][0] if rec["source_ids"] else None),
    }


def _describe(rec: dict[str, Any]) -> str:
    return f"{rec['instrument']} ({rec['date']}): {TYPE_LABEL.get(rec['type'], rec['type'])}"


def _check_in_force(
    kb: KnowledgeBase,
    claim: dict[str, Any],
    ev: dict[str, Any],
    candidates: list[dict[str, Any]],
    action: str | None,
    window: tuple[date, date] | None,
    immediate: bool,
    pub: date | None,
) -> dict[str, Any]:
    """An entry-into-force claim ('the curbs take effect on 1 December'): checked on the
    effective dates of the records of its actor and items announced by the publication date.

    Supported when such a record takes effect at the claimed date (or, for 'effective
    immediately', on its announcement date, for every such record announced in the 60 days
    before publication); not-checkable otherwise (the measure meant may be another one)."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, SUPPORTED, _result

    def typed(r: dict[str, Any]) -> bool:
        return action == "measure" or r["type"] in COMPATIBLE.get(action or "", set())

    known = [
        r for r in candidates
        if r.get("effective") and typed(r)
        and (pub is None or date.fromisoformat(r["date"]) <= pub)
    ]  # fmt: skip
    if window is not None:
        hits = [r for r in known if window[0] <= date.fromisoformat(r["effective"]) <= window[1]]
    elif ev.get("month_day") and pub is None:
        # a day without its year in an undated article: the entry into force on that day of
        # any year (the records of one actor and its items rarely share a day)
        hits = [r for r in known if r["effective"][5:] == ev["month_day"]]
    elif immediate and pub is not None:
        recent = [r for r in known if (pub - date.fromisoformat(r["date"])).days <= 60]
        hits = recent if recent and all(r["effective"] == r["date"] for r in recent) else []
    else:
        hits = []
    if hits:
        best = hits[0]
        return _result(
            SUPPORTED,
            f"supported by the events knowledge base: {_describe(best)}, in force from "
            f"{best['effective']}",
            [_evidence(kb, best)],
            event_id=best["id"],
        )
    held = "; ".join(f"{_describe(r)}, in force from {r['effective']}" for r in known[:3])
    return _result(
        NOT_CHECKABLE,
        f"no measure of this actor and these items takes effect at "
        f"{ev.get('date') or 'the stated time'}"
        + (f"; the events knowledge base holds: {held}" if held else ""),
        [_evidence(kb, r) for r in known[:3]],
    )


#: Words of a written title that name the country, not the office ('U.S. President').
_TITLE_COUNTRY = re.compile(
    r"^(?:u\.?s\.?|us|american|ukrainian|ukraine's|russian|russia's|chinese|china's|"
    r"belarusian|congolese|australian|japanese|australia's|japan's|the)$"
)


def _partial_date(value: str, end: bool = False) -> date | None:
    """'2025-01-20', '2020-03' or '1994' as a date (the first day, or with ``end`` the last
    day, of the month or year written)."""
    try:
        if len(value) == 4:
            return date(int(value), 12, 31) if end else date(int(value), 1, 1)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            if end:
                return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            return date(y, m, 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _office_words(text: str) -> list[str]:
    """Lower-case words of a title or office ('Chief Executive Officer' is 'ceo')."""
    low = re.sub(r"\bchief\s+executive(?:\s+officer)?\b", "ceo", text.lower())
    return re.findall(r"[\w.']+", low)


def _same_office(written: str, role: str) -> bool:
    """Whether a written title ('Treasury Secretary', 'President') names the office of a
    role row ('Secretary of the Treasury of the United States (sworn in ...)'): the head of
    the office ('Secretary', 'Vice President') is written in full and every other word of
    the title occurs in the office's name. A 'First Deputy Prime Minister' is one of the
    deputy prime ministers, so 'Deputy Prime Minister' names that office too."""
    office = role.split("(")[0].split(";")[0].strip().lower()
    head = _office_words(office.split(" of ")[0])
    words = [w for w in _office_words(written) if not _TITLE_COUNTRY.match(w)]
    words = [w for w in words if w != "of"]
    if not head or not words:
        return False
    if len(head) > 2 and head[0] == "first" and "first" not in words:
        head = head[1:]
    n = len(head)
    at = next((i for i in range(len(words) - n + 1) if words[i : i + n] == head), None)
    if at is None:
        return False
    # 'Vice President', 'Prime Minister': a longer title than the row's head is another office
    if any(w in ("vice", "prime", "deputy", "first", "acting") for w in words[:at]):
        return False
    office_words = set(_office_words(office))
    rest = words[:at] + words[at + n :]
    return all(w in office_words for w in rest)


def _office_evidence(kb: KnowledgeBase, row: dict[str, str]) -> dict[str, Any]:
    from assay.analyses.news.verdicts import source_ref

    ids = _split_list(row.get("source_ids"))
    return {
        "role": "office holder",
        "table": "news_actors",
        "person": row["person"],
        "office": row["role"],
        "since": row.get("since") or None,
        "until": row.get("until") or None,
        "secondary": row.get("secondary") == "true",
        "sources": [source_ref(kb, i) for i in ids],
        "source": source_ref(kb, ids[0] if ids else None),
    }


def _tenure(row: dict[str, str]) -> tuple[date | None, date | None, date | None]:
    """(surely in office from, surely in office until, surely out of office after) of a
    row. Partial dates are read conservatively: in office from the END of the month or
    year written for 'since' (Putin '2012' took office in May), out of office from the
    START of the 'until' month or year for a refutation, and only after its END for a
    support."""
    return (
        _partial_date(row.get("since") or "", end=True),
        _partial_date(row.get("until") or "", end=False),
        _partial_date(row.get("until") or "", end=True),
    )


def _split_titles(role: str) -> list[str]:
    """'Economy Minister and Deputy Prime Minister' -> both titles."""
    parts = [p.strip() for p in re.split(r"\s+and\s+", role) if p.strip()]
    return parts or [role]


_EXTENDED = re.compile(r"\bextend(?:s|ed|ing)?\b|\bextension\b", re.IGNORECASE)
_LAST = (-1, -1)  # the memo key of the record the article's last supported event matched


def note_sentence_event(
    claim: dict[str, Any], result: dict[str, Any], memo: dict[tuple[int, int], str]
) -> None:
    """Remember the record that a supported event claim of a sentence matched (the time
    that sentence speaks of), for the office titles of the same sentence; and give an
    office claim the record its sentence reported, if any (``ev['sentence_event']``).
    ``memo``: sentence span -> record id, filled in document order."""
    ev = claim.get("event") or {}
    span = tuple(ev.get("sentence_span") or ())
    if not span:
        return
    if ev.get("type") == "office_held":
        if span in memo:
            ev["sentence_event"] = memo[span]
    elif ev.get("type") == "measure_recalled":
        if _LAST in memo:
            ev["sentence_event"] = memo[_LAST]  # 'the original suspension': of the last one
    elif ev.get("type") == "statement_reported":
        # 'The ministry confirmed the decision on Tuesday' after the sentence that told the
        # decision: the statement's event is its own sentence's, else the one told last
        if span in memo or _LAST in memo:
            ev["sentence_event"] = memo.get(span) or memo[_LAST]
    elif result.get("verdict") == "supported" and result.get("event_id"):
        memo.setdefault(span, result["event_id"])  # type: ignore[arg-type]
        memo[_LAST] = result["event_id"]  # type: ignore[assignment]


def recheck_undated_offices(
    kb: KnowledgeBase, claims: list[dict[str, Any]], judged: list[dict[str, Any]]
) -> None:
    """Office titles of an undated article, checked once the whole article is judged.

    The article reports the recorded events its event claims were supported by, so it
    appeared after the latest of them (its ``date``, the day of the act). A title whose
    cited tenure began before that day and has no recorded end was held when the article
    appeared (the table's open tenures run to its retrieval). ``claims`` (internal, with
    their events) and ``judged`` (their verdicts) are parallel; ``judged`` is changed in
    place."""
    from assay.analyses.news.verdicts import SUPPORTED

    ids = {
        j.get("event_id")
        for c, j in zip(claims, judged, strict=False)
        if j.get("verdict") == SUPPORTED
        and (c.get("event") or {}).get("modality") == "asserted"
        and (c.get("event") or {}).get("type") not in ("office_held", None)
    }
    dated = [date.fromisoformat(r["date"]) for r in kb.official_events if r["id"] in ids]
    after = max(dated) if dated else None
    # the time the article speaks of, from its own dates (a year with at least a month):
    # the dates of its events and those its titled sentences tell
    told = sorted(
        d
        for ev in (c.get("event") or {} for c in claims)
        for v in [ev.get("date"), *(ev.get("told_dates") or [])]
        if isinstance(v, str) and len(v) >= 7 and (d := _partial_date(v)) is not None
    )
    begun = _titles_begun(kb, claims, judged)
    if after is None and not told and len(begun) < 2:
        return  # (a sentence's own told date is in ``told`` too)
    for c, j in zip(claims, judged, strict=False):
        ev = c.get("event") or {}
        if ev.get("type") != "office_held" or j.get("verdict") != "not-checkable":
            continue
        if ev.get("qualifier") not in (None, "current", "sitting"):
            continue
        if ev.get("other_time") and ev.get("told_dates") and _held_at_told_date(kb, ev, j):
            continue
        if after is None and not told:
            _supported_by_other_title(kb, ev, j, begun)
            continue
        # the latest recorded event bounds the article's date from below; without one (or
        # when the sentence tells a date of its own), the whole span of the article's own
        # dates must lie in the tenure
        start = after if after is not None and not ev.get("told_dates") else None
        since_by = start if start is not None else (told[0] if told else None)
        if since_by is None:
            continue
        open_rows = _cited_title_rows(
            kb,
            ev,
            lambda r, by=since_by: (
                not r.get("until") and (since := _tenure(r)[0]) is not None and since <= by
            ),
        )
        if open_rows is None:
            continue
        when = (
            f"since before the latest recorded event the undated article reports "
            f"({start.isoformat()})"
            if start is not None
            else f"over the whole span of the undated article's own dates "
            f"({told[0].isoformat()} to {told[-1].isoformat()})"
        )
        _support_title(kb, ev, j, open_rows, f"in office {when} with no recorded end")


def _cited_title_rows(
    kb: KnowledgeBase, ev: dict[str, Any], keep: Callable[[dict[str, str]], bool]
) -> list[list[dict[str, str]]] | None:
    """For each title of an office claim, the cited rows of the office-holders table for
    that person and office that ``keep`` accepts; None when some title has none."""
    rows = [r for r in (kb.offices or kb.actors.values()) if r["person"] == ev["person"]]
    found = [
        [
            r
            for r in rows
            if _same_office(t, r["role"]) and _split_list(r.get("source_ids")) and keep(r)
        ]
        for t in _split_titles(ev["role_claimed"])
    ]
    return found if rows and all(found) else None


def _support_title(
    kb: KnowledgeBase,
    ev: dict[str, Any],
    j: dict[str, Any],
    held: list[list[dict[str, str]]],
    when: str,
) -> None:
    """Turn the not-checkable verdict ``j`` of an office claim into supported by ``held``
    (per title, the rows that date it); ``when`` says at what time the title is held."""
    from assay.analyses.news.verdicts import SUPPORTED, _result

    result = _result(
        SUPPORTED,
        f"supported by the office holders table: {ev['person']}, "
        + "; ".join(rs[0]["role"] for rs in held)
        + f", {when}",
        [_office_evidence(kb, r) for rs in held for r in rs],
    )
    j.pop("reason", None)  # a reason belongs to not-checkable verdicts only
    j.update(result)


def _open_title_rows(kb: KnowledgeBase, ev: dict[str, Any]) -> list[list[dict[str, str]]] | None:
    """For each title of an unqualified office claim, the cited rows of that office with a
    start date and no recorded end; None when some title has none."""
    return _cited_title_rows(kb, ev, lambda r: not r.get("until") and _tenure(r)[0] is not None)


def _held_at_told_date(kb: KnowledgeBase, ev: dict[str, Any], j: dict[str, Any]) -> bool:
    """'As U.S. President, Joe Biden hosted the first summit on September 19, 2023' in an
    undated article: a sentence that narrates another time and tells the day or month of it
    gives its title at that time. Supported (and True returned) when every title written is
    an office a cited row of the table dates around every day or month the sentence tells
    (surely begun before, surely not ended until after), ended tenures included."""

    days = [
        (a, b)
        for v in ev["told_dates"]
        if len(v) >= 7
        and (a := _partial_date(v)) is not None
        and (b := _partial_date(v, end=True)) is not None
    ]
    if not days or len(days) != len(ev["told_dates"]):
        return False  # a year alone is too coarse for a tenure
    first, last = min(a for a, _ in days), max(b for _, b in days)
    held = _cited_title_rows(
        kb,
        ev,
        lambda r: (
            (since := _tenure(r)[0]) is not None
            and since <= first
            and (not r.get("until") or last < (_tenure(r)[1] or date.min))
        ),
    )
    if held is None:
        return False
    told = ", ".join(ev["told_dates"])
    _support_title(kb, ev, j, held, f"in office at the time the sentence tells ({told})")
    return True


def _titles_begun(
    kb: KnowledgeBase, claims: list[dict[str, Any]], judged: list[dict[str, Any]]
) -> dict[str, tuple[date, str]]:
    """person -> (the day the latest of their titled offices began, that office) for the
    unqualified titles of an undated article whose every title is an open, cited tenure of
    the table. A title names an office held when the article was written, so each of these
    days bounds the article's date from below, if that title is right."""
    begun: dict[str, tuple[date, str]] = {}
    for c, j in zip(claims, judged, strict=False):
        ev = c.get("event") or {}
        if ev.get("type") != "office_held" or j.get("verdict") != "not-checkable":
            continue
        if ev.get("qualifier") not in (None, "current", "sitting") or ev.get("told_dates"):
            continue
        found = _open_title_rows(kb, ev)
        if found is None:
            continue
        # the earliest day each office can have begun (a 'since 2013' row: 1 Jan 2013), so
        # the bound never runs ahead of the truth; an office held twice: the earlier start
        starts = [
            min((d, r["role"]) for r in rs if (d := _partial_date(r["since"], end=False)))
            for rs in found
        ]
        latest = max(starts)
        if ev["person"] not in begun or latest > begun[ev["person"]]:
            begun[ev["person"]] = latest  # type: ignore[assignment]
    return begun


def _supported_by_other_title(
    kb: KnowledgeBase, ev: dict[str, Any], j: dict[str, Any], begun: dict[str, tuple[date, str]]
) -> None:
    """An undated article that tells no dates of its own is still dated by the titles it
    gives: 'President Donald Trump and Commerce Secretary Howard Lutnick' was written after
    Lutnick took office (21 Feb 2025), if that title is right. A title whose open tenure
    began on or before the start of ANOTHER person's title is then supported (both titles
    would have to be anachronistic for it to be wrong); the latest-begun title itself, and
    any title of a person alone, stays not-checkable."""

    if ev.get("told_dates") or ev["person"] not in begun:
        return
    others = [(d, role, p) for p, (d, role) in begun.items() if p != ev["person"]]
    if not others:
        return
    bound, bound_role, bound_person = max(others)
    found = _open_title_rows(kb, ev)
    if found is None:
        return
    held = [[r for r in rs if (_tenure(r)[0] or bound) <= bound] for rs in found]
    if not all(held):
        return
    _support_title(
        kb,
        ev,
        j,
        held,
        f"in office with no recorded end since before {bound_person} took the office the "
        f"undated article names ({bound_role}, {bound.isoformat()}): the article is dated "
        f"by that title",
    )


def check_office(kb: KnowledgeBase, ev: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """An office title written with a person's name, checked against the office holders of
    ``news_actors.csv`` at the publication date.

    - 'former'/'ex-': refuted when the person holds that office then (a cited row with a
      start date), supported when the row ends the tenure before.
    - no qualifier ('U.S. President X', 'X, CEO of Y'; also 'current', 'sitting'): the
      title is claimed at the time the sentence speaks of. Supported when every title
      written is an office the table dates around the article's date and no date of the
      sentence lies outside that tenure; refuted only when the cited tenure surely ended
      before the article's date, the sentence tells no date, does not narrate in the past
      (a past-tense 'President X signed ...' may be told of that time) and a present or
      future verb follows the name ('President X says').
    - 'then-', an undated article or an office the table does not record: not-checkable.
    """
    from assay.analyses.news.verdicts import NOT_CHECKABLE, REFUTED, SUPPORTED, _result

    qual = ev.get("qualifier")
    written = " ".join(x for x in (qual, ev["role_claimed"], ev["person"]) if x)
    offices = getattr(kb, "offices", None) or list(kb.actors.values())
    rows = [r for r in offices if r["person"] == ev["person"]]
    if qual not in (None, "former", "ex", "current", "sitting"):
        return _result(
            NOT_CHECKABLE, f"'{written}': a '{qual}' title is meant at the time of the event told"
        )
    # the sentence reports an event the knowledge base dates ('Treasury Secretary X signed
    # the agreement'): an unqualified title is meant at that event's date
    told_event = next((r for r in kb.official_events if r["id"] == ev.get("sentence_event")), None)
    if told_event is not None and qual not in ("former", "ex"):
        return _office_at_event(kb, ev, written, rows, told_event)
    if pub is None:
        return _result(NOT_CHECKABLE, f"'{written}': the article has no date")
    titles = [ev["role_claimed"]] if qual in ("former", "ex") else _split_titles(ev["role_claimed"])
    matched = [[r for r in rows if _same_office(t, r["role"])] for t in titles]
    if not rows:
        return _result(
            NOT_CHECKABLE, f"'{written}': {ev['person']} is not in the office holders table"
        )
    if not all(matched):
        recorded = "; ".join(r["role"] for r in rows)
        return _result(
            NOT_CHECKABLE,
            f"'{written}': the office holders table does not record this office for "
            f"{ev['person']}" + (f" (it records: {recorded})" if recorded else ""),
        )
    told = [_partial_date(d) for d in ev.get("told_dates") or []]
    told = [d for d in told if d is not None]
    first = [r for rs in matched for r in rs]
    evidence = [_office_evidence(kb, r) for r in first]
    starts = [t[0] for t in map(_tenure, first) if t[0] is not None]
    earlier = [d for d in told if starts and d < min(starts)]
    if earlier:
        return _result(
            NOT_CHECKABLE,
            f"'{written}': the sentence tells an earlier time ({earlier[0].isoformat()}) than "
            f"the tenure the table records ({first[0]['role']})",
            evidence,
        )

    def surely_in(row: dict[str, str], when: date) -> bool:
        since, until, _ = _tenure(row)
        return since is not None and since <= when and (until is None or when < until)

    def surely_out_after(row: dict[str, str], when: date) -> bool:
        until_end = _tenure(row)[2]
        return until_end is not None and until_end <= when

    cited = [r for r in first if _split_list(r.get("source_ids"))]
    if qual in ("former", "ex"):
        if any(surely_in(r, pub) for r in cited):
            row = next(r for r in cited if surely_in(r, pub))
            return _result(
                REFUTED,
                f"refuted by the office holders table: {row['person']} holds the office at the "
                f"article's date ({pub.isoformat()}): {row['role']}",
                evidence,
            )
        if cited and len(cited) == len(first) and all(surely_out_after(r, pub) for r in first):
            return _result(
                SUPPORTED, f"supported by the office holders table: {first[0]['role']}", evidence
            )
    else:
        holding = [[r for r in rs if r in cited and surely_in(r, pub)] for rs in matched]
        if all(holding):
            rows_in = [rs[0] for rs in holding]
            later = [
                d
                for d in told
                if any(_tenure(r)[2] is not None and d > _tenure(r)[2] for r in rows_in)
            ]
            if not later:
                return _result(
                    SUPPORTED,
                    f"supported by the office holders table: {ev['person']}, "
                    + "; ".join(r["role"] for r in rows_in)
                    + f", in office at the article's date ({pub.isoformat()})",
                    evidence,
                )
        ended = next(
            (
                rs
                for rs in matched
                if rs and all(r in cited and surely_out_after(r, pub) for r in rs)
            ),
            None,
        )
        if ended and not told and not ev.get("other_time") and ev.get("present"):
            return _result(
                REFUTED,
                f"refuted by the office holders table: {ev['person']} left the office before "
                f"the article's date ({pub.isoformat()}): {ended[0]['role']}",
                evidence,
            )
        if ended:
            return _result(
                NOT_CHECKABLE,
                f"'{written}': the tenure the table records ({ended[0]['role']}) ended before "
                "the article's date, but the sentence may speak of an earlier time",
                evidence,
            )
    return _result(
        NOT_CHECKABLE,
        f"'{written}': the office holders table does not date the tenure at "
        f"{pub.isoformat()} ({first[0]['role']})",
        evidence,
    )


def _office_at_event(
    kb: KnowledgeBase,
    ev: dict[str, Any],
    written: str,
    rows: list[dict[str, str]],
    rec: dict[str, Any],
) -> dict[str, Any]:
    """An unqualified title in a sentence that reports the recorded event ``rec``: supported
    when every title written is an office the table dates around the event's date, else
    not-checkable (the article may use the title of its own date)."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, REFUTED, SUPPORTED, _result

    when = date.fromisoformat(rec["date"])
    titles = _split_titles(ev["role_claimed"])
    matched = [[r for r in rows if _same_office(t, r["role"])] for t in titles]
    holding = [
        [
            r
            for r in rs
            if _split_list(r.get("source_ids"))
            and (since := _tenure(r)[0]) is not None
            and since <= when
            and ((until := _tenure(r)[1]) is None or when < until)
        ]
        for rs in matched
    ]
    evidence = [_office_evidence(kb, r) for rs in matched for r in rs]
    # a title whose every cited tenure surely ended before the event, or began after it
    # ('Treasury Secretary X signed' a year after X left): the person did not hold it then
    out_at = next(
        (
            rs
            for rs in matched
            if rs
            and all(
                _split_list(r.get("source_ids"))
                and (
                    ((end := _tenure(r)[2]) is not None and end < when)
                    or ((start := _partial_date(r.get("since") or "")) is not None
                        and start > when)
                )
                for r in rs
            )
        ),
        None,
    )  # fmt: skip
    # a past-tense verb is how the event is told, so only a date of another time holds it
    # back ('Secretary X, who in 2019 ...')
    other_dates = [d for d in ev.get("told_dates") or [] if not rec["date"].startswith(d[:7])]
    if out_at and not other_dates:
        return _result(
            REFUTED,
            f"refuted by the office holders table: {ev['person']} did not hold the office at "
            f"the event the sentence reports ({rec['instrument']}, {rec['date']}): "
            f"{out_at[0]['role']}",
            evidence,
        )
    if all(holding):
        return _result(
            SUPPORTED,
            f"supported by the office holders table: {ev['person']}, "
            + "; ".join(rs[0]["role"] for rs in holding)
            + f", in office at the date of the event the sentence reports ({rec['instrument']}, "
            f"{rec['date']})",
            evidence,
        )
    return _result(
        NOT_CHECKABLE,
        f"'{written}': the office holders table does not date this office at the event the "
        f"sentence reports ({rec['instrument']}, {rec['date']})",
        evidence,
    )


#: 'Announcement No. 18 of 2025', 'Announcements No. 55, 56 and 58 of 2025', 'Decision
#: No. 004/ARECOMS/2025': the numbers of the instruments named, with their year.
_INSTRUMENT_NO = re.compile(
    r"\b(?:no|nos|number|n°)\.?\s*(?P<nums>\d+(?:\s*(?:,|and|&)\s*(?:and\s+)?\d+)*)(?!/\d)"
    r"(?:\s+of\s+(?P<year>\d{4})|/[A-Za-z]+/(?P<year2>\d{4}))?",
    re.IGNORECASE,
)


_ISSUED = re.compile(
    r"\b(?:issu\w*|publish\w*|releas\w*|announc\w*|adopt\w*|promulgat\w*|dated|signed)\b",
    re.IGNORECASE,
)
_NOT_TIED = re.compile(
    r"\b(?:after|before|following|followed|until|replac\w*|amend\w*|suspend\w*|lift\w*|"
    r"revok\w*|extend\w*|effective|in force|take effect|took effect)\b",
    re.IGNORECASE,
)


def _instrument_numbers(text: str) -> list[tuple[int, int | None]]:
    """(number, year or None) of every numbered instrument a text names."""
    out = []
    for m in _INSTRUMENT_NO.finditer(text):
        year = m.group("year") or m.group("year2")
        for n in re.findall(r"\d+", m.group("nums")):
            out.append((int(n), int(year) if year else None))
    return out


def check_instrument(kb: KnowledgeBase, claim: dict[str, Any], ev: dict[str, Any]) -> dict:
    """A numbered instrument ('Announcement No. 70 of 2025, issued on 7 November 2025')
    checked against the instruments of the KB records: every number named must be a
    record's (with its year, when written; else held by one record only); a day the claim
    gives for the issue must be the record's date, announcement or entry into force (a
    different day is refuted); a claim that the instruments were suspended needs a recorded
    suspension of each."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, REFUTED, SUPPORTED, _result

    text = claim["text"]
    named = _instrument_numbers(text)
    if ev["modality"] != "asserted":
        return _result(NOT_CHECKABLE, f"reported instrument ({ev['modality']}): not checked")
    held: dict[tuple[int, int], dict[str, Any]] = {}
    for rec in kb.official_events:
        for n, y in _instrument_numbers(rec["instrument"]):
            held.setdefault((n, y or int(rec["date"][:4])), rec)
    recs = []
    for n, y in named:
        hits = [r for (hn, hy), r in held.items() if hn == n and (y is None or hy == y)]
        if len({r["id"] for r in hits}) != 1:
            return _result(
                NOT_CHECKABLE,
                f"the events knowledge base holds no single instrument No. {n}"
                + (f" of {y}" if y else ""),
            )
        recs.append(hits[0])
    recs = list({r["id"]: r for r in recs}.values())
    if not recs:
        return _result(NOT_CHECKABLE, "no instrument number read")
    evidence = [_evidence(kb, r) for r in recs]
    claimed = ev.get("date")
    if claimed and len(claimed) == 10:
        window = _date_window(claimed)
        # the date must be tied to the instrument by an issuing verb with nothing between
        # them that introduces another event ('No. 18 was followed on 9 Oct by ...')
        at = text.find(ev.get("date_text") or "\0")
        inst = _INSTRUMENT_NO.search(text)
        between = text[min(at, inst.start()) : max(at, inst.end())] if at >= 0 and inst else ""
        tied = bool(_ISSUED.search(between)) and not _NOT_TIED.search(between)
        for r in recs:
            if window and not any(window[0] <= d <= window[1] for d in _record_dates(r)):
                if not tied:
                    return _result(
                        NOT_CHECKABLE,
                        f"{r['instrument']} is dated {r['date']}; the date {claimed} in the "
                        "claim may belong to another event",
                        [_evidence(kb, r)],
                    )
                return _result(
                    REFUTED,
                    f"refuted by the events knowledge base: {r['instrument']} is dated "
                    f"{r['date']}"
                    + (f" (in force {r['effective']})" if r.get("effective") else "")
                    + f", not {claimed}",
                    [_evidence(kb, r)],
                    event_id=r["id"],
                )
    if re.search(r"\bsuspen\w*", text, re.IGNORECASE):
        suspended = {
            m for r in kb.official_events if r["type"] == "suspension_of_measure"
            for m in r["modifies"]
        }  # fmt: skip
        missing = [
            r["instrument"] for r in recs
            if r["type"] != "suspension_of_measure" and r["id"] not in suspended
        ]  # fmt: skip
        if missing:
            return _result(
                NOT_CHECKABLE,
                f"the events knowledge base records no suspension of {', '.join(missing)}",
                evidence,
            )
    return _result(
        SUPPORTED,
        "supported by the events knowledge base: " + "; ".join(_describe(r) for r in recs),
        evidence,
        event_id=recs[0]["id"],
    )


#: Words that make a ratification pending at the time told ('must still ratify', 'has yet
#: to ratify', 'before ratification', 'awaiting ratification').
_PENDING = re.compile(
    r"\b(?:must|still|yet to|not yet|pending|awaiting|await|needs? to|has to|have to|before|"
    r"requires?|subject to)\b",
    re.IGNORECASE,
)
_HEDGED_FUTURE = re.compile(r"\b(?:could|might|may|would|if|unless|hopes?|expects?)\b")


def check_ratification(
    kb: KnowledgeBase, claim: dict[str, Any], ev: dict[str, Any], pub: date | None
) -> dict[str, Any]:
    """A ratification told of an agreement of the knowledge base (its ``ratified`` date).

    - told as done ('the parliament ratified the deal'): supported when the date told
      holds the recorded ratification, or no date is told and the article is undated or
      later than it;
    - told as pending ('must still ratify', 'awaiting ratification'): supported when the
      article appeared before the recorded ratification;
    - told as scheduled ('will vote on the ratification on May 8'): supported when the date
      told holds the recorded ratification (without a hedge);
    - anything else, a date that misses the record, or an agreement without a recorded
      ratification: not-checkable (never refuted: a vote may be one step of several).
    """
    from assay.analyses.news.verdicts import NOT_CHECKABLE, SUPPORTED, _result

    actors = {ev.get("initiator"), *(ev.get("targets") or []), *(ev.get("actors") or [])} - {None}
    recs = [
        r
        for r in kb.official_events
        if r["type"] == "agreement" and r.get("ratified") and actors & set(r["actors"])
    ]
    if not recs:
        return _result(
            NOT_CHECKABLE, "the events knowledge base records no ratification of an agreement "
            "of these parties",
        )  # fmt: skip
    rec = recs[0]
    ratified = date.fromisoformat(rec["ratified"])
    evidence = [_evidence(kb, rec)]
    s_rel, e_rel = ev["span"][0] - claim["span"][0], ev["span"][1] - claim["span"][0]
    a, b = _clause_window(claim["text"], s_rel, e_rel, 60)
    before = claim["text"][a:s_rel]
    window = _date_window(ev["date"]) if ev.get("date") else None
    held = f"{rec['instrument']} was ratified on {rec['ratified']}"
    if ev["modality"] == "negated" or _PENDING.search(before):
        if pub is not None and pub < ratified and window is None:
            return _result(
                SUPPORTED,
                f"supported by the events knowledge base: the ratification was pending at the "
                f"article's date ({pub.isoformat()}); {held}",
                evidence,
                event_id=rec["id"],
            )
        return _result(NOT_CHECKABLE, f"a pending ratification at another time; {held}", evidence)
    if _HEDGED_FUTURE.search(claim["text"][a:b]):
        return _result(NOT_CHECKABLE, f"a hedged or conditional ratification; {held}", evidence)
    if window is not None:
        if window[0] <= ratified <= window[1]:
            return _result(
                SUPPORTED, f"supported by the events knowledge base: {held}", evidence,
                event_id=rec["id"],
            )  # fmt: skip
        return _result(
            NOT_CHECKABLE, f"the date told ({ev['date']}) is not the ratification's; {held}",
            evidence,
        )  # fmt: skip
    if ev["modality"] == "asserted" and (pub is None or pub >= ratified):
        return _result(
            SUPPORTED, f"supported by the events knowledge base: {held}", evidence,
            event_id=rec["id"],
        )  # fmt: skip
    return _result(NOT_CHECKABLE, f"the ratification is told without a date; {held}", evidence)


_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def check_statement_day(kb: KnowledgeBase, ev: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """'The ministry said on Thursday', 'in a Saturday statement': the day of the week a
    statement of the sentence's event was made, checked against the record that event
    matched (its date or its announcement's). Supported when one of the record's dates falls
    on that weekday (within the week before a known publication date); otherwise
    not-checkable (the statement may be another one than the act's): never refuted."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, SUPPORTED, _result

    day = _DAY_NAMES[ev["weekday"]]
    rec = next((r for r in kb.official_events if r["id"] == ev.get("sentence_event")), None)
    if rec is None:
        return _result(
            NOT_CHECKABLE,
            f"a statement on {day}: the event the sentence reports is not matched in the events "
            "knowledge base",
        )
    hits = [
        d
        for d in _record_dates(rec)
        if d.weekday() == ev["weekday"] and (pub is None or 0 <= (pub - d).days <= 6)
    ]
    if not hits:
        return _result(
            NOT_CHECKABLE,
            f"a statement on {day}: no date of {rec['instrument']} falls on a {day}"
            + (" in the week before the article" if pub is not None else ""),
            [_evidence(kb, rec)],
        )
    return _result(
        SUPPORTED,
        f"supported by the events knowledge base: {_describe(rec)}, dated {hits[0].isoformat()} "
        f"(a {day})",
        [_evidence(kb, rec)],
        event_id=rec["id"],
    )


def check_recalled_measure(kb: KnowledgeBase, ev: dict[str, Any]) -> dict[str, Any]:
    """'The original suspension began on February 22', after the article told of its
    extension: the first measure of the chain of records the last supported event belongs
    to (the record it modifies, or itself), checked on the date the sentence tells (a day
    and month in an undated article). Supported when the date is that record's (announced,
    dated or effective); otherwise not-checkable, never refuted (the article may recall
    another measure)."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, SUPPORTED, _result

    by_id = {r["id"]: r for r in kb.official_events}
    last = by_id.get(ev.get("sentence_event") or "")
    if last is None:
        return _result(
            NOT_CHECKABLE, "an earlier measure is recalled, but no measure the article told "
            "before is matched in the events knowledge base",
        )  # fmt: skip
    root = last
    while root.get("modifies") and root["modifies"][0] in by_id:
        root = by_id[root["modifies"][0]]
    items = {i.lower() for i in ev.get("commodities") or []}
    if items and not items & _record_items(kb, root):
        return _result(NOT_CHECKABLE, f"the measure recalled is not {root['instrument']}")
    dates = _record_dates(root)
    claimed = ev.get("date")
    window = _date_window(claimed) if claimed else None
    if window is not None:
        hit = any(window[0] <= d <= window[1] for d in dates)
    elif ev.get("month_day"):
        hit = any(d.isoformat()[5:] == ev["month_day"] for d in dates)
    else:
        return _result(
            NOT_CHECKABLE, f"an earlier measure is recalled without a date; {_describe(root)}"
        )
    if not hit:
        return _result(
            NOT_CHECKABLE,
            f"the date told is not one of {root['instrument']}'s; {_describe(root)}",
            [_evidence(kb, root)],
        )
    return _result(
        SUPPORTED,
        f"supported by the events knowledge base: the original measure, {_describe(root)}",
        [_evidence(kb, root)],
        event_id=root["id"],
    )


def check_event(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """Verdict of an event claim against :attr:`KnowledgeBase.official_events`."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, REFUTED, SUPPORTED, _result

    ev = claim["event"]
    if ev["type"] == "office_held":
        return check_office(kb, ev, pub)
    if ev["type"] == "instrument_issued":
        return check_instrument(kb, claim, ev)
    if ev["type"] == "agreement_ratified":
        return check_ratification(kb, claim, ev, pub)
    if ev["type"] == "statement_reported":
        return check_statement_day(kb, ev, pub)
    if ev["type"] == "measure_recalled":
        return check_recalled_measure(kb, ev)
    if ev["type"] in NOT_CONCLUDED:
        return _result(NOT_CHECKABLE, NOT_CONCLUDED[ev["type"]])
    reported = f"reported {ev['type'].replace('_', ' ')} ({ev['modality']})" + (
        f" dated {ev['date']}" if ev.get("date") else ""
    )
    # a hedge right before the trigger ('analysts said China is expected to suspend ...')
    # keeps a said or decided act expected
    rel = ev["span"][0] - claim["span"][0]
    hedged = _HEDGE_BEFORE.search(claim["text"][max(0, rel - 40) : rel]) is not None
    announced = ev["modality"] == "expected" and not hedged and _ANNOUNCED.search(claim["text"])
    if ev["modality"] == "expected" and not announced and not hedged:
        announced = (
            _SUSPENSION_VERB.match(claim["text"], rel) is not None
            and _DECIDED_SUSPENSION.search(claim["text"][max(0, rel - 40) : rel]) is not None
        )
    # 'From December, exporters will need permits': a plain future statement of a measure
    # (no hedge) is a report of an announced measure when it dates the measure's entry into
    # force and the article appeared after the announcement; checked on that date only
    in_force = ev["type"] == "measure_in_force"
    immediate = in_force and _IMMEDIATE.search(claim["text"]) is not None
    scheduled = (
        ev["modality"] == "expected"
        and not announced
        and (bool(ev.get("date") or ev.get("month_day")) or immediate)
        and (in_force or _PLAIN_FUTURE.search(claim["text"]) is not None)
        and _HEDGE.search(claim["text"]) is None
        and _HEDGE_MAY.search(claim["text"]) is None
    )
    if ev["modality"] != "asserted" and not announced and not scheduled:
        return _result(NOT_CHECKABLE, f"{reported}: only asserted events are checked")
    kb_types = FAMILY_TYPES.get(ev["type"])
    if not kb_types or not kb.official_events:
        return _result(NOT_CHECKABLE, f"no event record in the store; {reported}")
    action = _action(claim["text"], claim["span"][0], ev)
    if in_force and action is None:
        action = "measure"  # 'the rules take effect on ...': the type of measure is not stated
    if action is None and (
        ev["type"] == "export_control_expanded"
        or _GENERIC_MEASURE.search(ev.get("trigger") or "") is not None
    ):
        # 'expanded its list to five more elements', 'set new conditions on exports', 'a
        # similar measure was enacted': controls of some kind, the generic reading
        # ('licensing' is true of a ban, a suspension or a quota too)
        action = "licensing"
    actors = {ev.get("initiator")} - {None}
    if not actors:
        return _result(NOT_CHECKABLE, f"no actor named; {reported}")
    items = _claim_items(kb, ev)
    # a claim about technology (or equipment) exports is matched only by measures on
    # technology, a claim about goods only by measures on goods: a technology ban that names
    # the commodity it concerns is no ban on the commodity, and the other way round
    # (read near the trigger: 'technology' in another clause of the sentence is another
    # measure's)
    s_rel, e_rel = ev["span"][0] - claim["span"][0], ev["span"][1] - claim["span"][0]
    near = claim["text"][slice(*_clause_window(claim["text"], s_rel, e_rel, 60))]
    scope = "technology" if _TECHNOLOGY.search(near) else "goods"
    if _GOODS_AND_TECHNOLOGY.search(near):
        # 'licences for dual-use items and technologies': the regime's own category, whose
        # goods are the claim's matter
        scope = "goods"
    candidates = []
    by_date = (
        len(ev.get("date") or "") >= 7
        and not in_force
        and _CLASS_OBJECT.search(claim["text"], *_clause_window(claim["text"], s_rel, e_rel, 80))
        is not None
    )
    for rec in kb.official_events:
        if rec.get("scope") and scope not in rec["scope"]:
            continue
        if rec["type"] not in kb_types or not actors & set(rec["actors"]):
            continue
        if rec["type"] == "agreement":
            others = set(ev.get("targets") or []) | set(ev.get("actors") or [])
            if not (set(rec["actors"]) - actors) & others:
                continue  # an agreement is matched by both parties
        elif rec["type"] == "designation":
            # a selection of projects is named by its actor; items, when given, must match
            if items and not items & _record_items(kb, rec):
                continue
        elif rec["type"] in _MEASURE_TYPES and items <= _GENERIC_ITEMS:
            # 'restrictions on five metals announced on 4 Feb 2025', 'controls on critical
            # minerals': a class any measure's items belong to names no items; a date of at
            # least a month identifies the export measure (matched on that date below)
            if not by_date:
                continue
        elif not items or not items & _record_items(kb, rec):
            continue
        candidates.append(rec)
    if not candidates:
        return _result(
            NOT_CHECKABLE,
            f"no record of this event in the events knowledge base; {reported}",
        )
    claimed = ev.get("date")
    window = _date_window(claimed) if claimed else None
    if in_force:
        return _check_in_force(kb, claim, ev, candidates, action, window, immediate, pub)
    partial = None if window is not None else (ev.get("month_day") or ev.get("month"))
    if window is not None:
        matched = [
            r for r in candidates if any(window[0] <= d <= window[1] for d in _record_dates(r))
        ]
    elif partial:
        # 'from February', 'on Dec. 1' in an article of unknown date: a stated date the checker
        # cannot place in a year still has to agree with the record's month (and day)
        matched = [
            r for r in candidates
            if any(d.isoformat()[5 : 5 + len(partial)] == partial for d in _record_dates(r))
        ]  # fmt: skip
        if not matched:
            return _result(
                NOT_CHECKABLE,
                f"no record of this actor and these items is dated in the month (and day) "
                f"stated ({partial}, year unknown); {reported}",
                [_evidence(kb, r) for r in candidates[:3]],
            )
    else:
        matched = [r for r in candidates if pub is None or min(_record_dates(r) or [pub]) <= pub]
    if scheduled:
        # the claimed date must be the entry into force of a measure already announced
        matched = [
            r
            for r in matched
            if r.get("effective")
            and window is not None
            and window[0] <= date.fromisoformat(r["effective"]) <= window[1]
            and (pub is not None and date.fromisoformat(r["date"]) <= pub)
        ]
        if not matched:
            return _result(
                NOT_CHECKABLE,
                f"{reported}: no announced measure in the events knowledge base takes effect "
                f"at {claimed}",
            )
    compatible = [r for r in matched if action and r["type"] in COMPATIBLE.get(action, set())]
    targets = set(ev.get("targets") or [])
    if compatible:
        # 'extended its ban until September': the record that ends when the claim says
        # 'has extended its suspension': of two records, the one that changes an earlier
        # measure (the extension, not the original suspension)
        extended = _EXTENDED.search(ev.get("trigger") or "") is not None or (
            _EXTENDED.search(claim["text"], *_clause_window(claim["text"], s_rel, e_rel, 40))
            is not None
        )
        compatible.sort(
            key=lambda r: (not _end_agrees(ev, r), not (extended and bool(r.get("modifies"))))
        )
        n_claimed, _ = _claimed_count(claim["text"])
        counted = [
            r for r in compatible
            if n_claimed is not None
            and len([i for i in r["items"] if i not in _GROUP_ITEMS]) == n_claimed
        ]  # fmt: skip
        best = next(
            (r for r in counted + compatible if not targets or targets & set(r["targets"]) or
             "ALL" in r["targets"]),
            compatible[0],
        )  # fmt: skip
        scope = (
            f"; it applies to exports to {', '.join(best['targets'])} only"
            if best["targets"] and "ALL" not in best["targets"] and best["type"] != "agreement"
            and not targets
            else ""
        )  # fmt: skip
        detail = _details(kb, claim, ev, best)
        if detail is not None and detail[0] == "contradicted":
            return _result(
                REFUTED,
                f"refuted by the events knowledge base: {detail[1]}",
                [_evidence(kb, best)],
                event_id=best["id"],
                # the record is the act the sentence tells (its time too); a detail differs
                event_detail="contradicted",
            )
        if detail is not None:
            return _result(NOT_CHECKABLE, detail[1], [_evidence(kb, best)])
        return _result(
            SUPPORTED,
            f"supported by the events knowledge base: {_describe(best)}{scope}",
            [_evidence(kb, best)],
            event_id=best["id"],
        )
    specific_date = bool(claimed) and len(claimed) >= 7
    # a halt or suspension may be de facto (licences not granted), so only an outright ban
    # or a quota is contradicted by a record of another type
    if matched and specific_date and action in ("ban", "quota"):
        types = ", ".join(sorted({TYPE_LABEL.get(r["type"], r["type"]) for r in matched}))
        return _result(
            REFUTED,
            f"refuted by the events knowledge base: the claim says {action} ({claimed}); "
            + "; ".join(_describe(r) for r in matched)
            + (f" [{types}]" if len(matched) > 1 else ""),
            [_evidence(kb, r) for r in matched],
            event_id=matched[0]["id"],
        )
    agreements = [r for r in candidates if r["type"] == action and action in _DATED_ACTS]
    if (
        agreements
        and (action != "agreement" or _SIGNED.search(ev.get("trigger") or ""))
        and specific_date
        and not matched
        and agreements
        and all(r["date"][:4] == claimed[:4] for r in agreements)
    ):
        return _result(
            REFUTED,
            f"refuted by the events knowledge base: {_ACT_VERB[action]} {claimed} claimed; "
            + "; ".join(
                f"{r['instrument']} was {_ACT_VERB[action]} on {r['date']}" for r in agreements
            ),
            [_evidence(kb, r) for r in agreements],
            event_id=agreements[0]["id"],
        )
    near = "; ".join(_describe(r) for r in (matched or candidates)[:3])
    why = (
        "the claim's action could not be read"
        if action is None
        else f"no record of {TYPE_LABEL.get(action, action)} at {claimed or 'that time'}"
    )
    return _result(
        NOT_CHECKABLE,
        f"{why}; the events knowledge base holds: {near}",
        [_evidence(kb, r) for r in (matched or candidates)[:3]],
    )
