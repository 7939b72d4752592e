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
from datetime import date, timedelta
from typing import Any

from assay.analyses.news.knowledge import KnowledgeBase

#: What a claim says was done, read from the words around its trigger, most specific first.
ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "suspension_of_measure",
        re.compile(
            r"\b(?:suspend\w*|paus\w*|lift\w*|eas(?:e|es|ed|ing)|postpon\w*|scrap\w*|"
            r"rolled back|roll(?:s|ing)? back)\b[^.;]{0,50}?\b(?:controls?|restrictions?|curbs?|"
            r"bans?|measures|licensing|rules)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "suspension",
        re.compile(
            r"\bsuspen(?:d|ds|ded|ding|sion)\b[^.;]{0,40}?\bexports?\b|\bexports?\b[^.;]{0,25}?"
            r"\bsuspen\w*|\bexport suspension\b|\bhalt(?:s|ed|ing)?\b[^.;]{0,25}?\bexports?\b",
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
            r"\b(?:licen[cs]\w*|permits?|permission|approval|export controls?|controls?|"
            r"restrict\w*|curbs?|tighten\w*)\b",
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


def _action(sentence: str, offset: int, ev: dict[str, Any]) -> str | None:
    """The action claimed, from the words within 60 characters of the trigger."""
    if ev["type"] in _TYPE_ACTIONS:
        return _TYPE_ACTIONS[ev["type"]]
    s, e = ev["span"][0] - offset, ev["span"][1] - offset
    window = sentence[max(0, s - 60) : e + 60]
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
_TECHNOLOGY = re.compile(r"\b(?:technolog\w*|know-how|equipment)\b", re.IGNORECASE)
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
    for key in ("date", "effective"):
        if rec.get(key):
            try:
                out.append(date.fromisoformat(rec[key]))
            except ValueError:
                pass
    return out


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


def check_event(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """Verdict of an event claim against :attr:`KnowledgeBase.official_events`."""
    from assay.analyses.news.verdicts import NOT_CHECKABLE, REFUTED, SUPPORTED, _result

    ev = claim["event"]
    if ev["type"] in NOT_CONCLUDED:
        return _result(NOT_CHECKABLE, NOT_CONCLUDED[ev["type"]])
    reported = f"reported {ev['type'].replace('_', ' ')} ({ev['modality']})" + (
        f" dated {ev['date']}" if ev.get("date") else ""
    )
    announced = ev["modality"] == "expected" and _ANNOUNCED.search(claim["text"])
    if ev["modality"] != "asserted" and not announced:
        return _result(NOT_CHECKABLE, f"{reported}: only asserted events are checked")
    kb_types = FAMILY_TYPES.get(ev["type"])
    if not kb_types or not kb.official_events:
        return _result(NOT_CHECKABLE, f"no event record in the store; {reported}")
    action = _action(claim["text"], claim["span"][0], ev)
    actors = {ev.get("initiator")} - {None}
    if not actors:
        return _result(NOT_CHECKABLE, f"no actor named; {reported}")
    items = _claim_items(kb, ev)
    # a claim about technology (or equipment) exports is matched only by measures on
    # technology, a claim about goods only by measures on goods: a technology ban that names
    # the commodity it concerns is no ban on the commodity, and the other way round
    scope = "technology" if _TECHNOLOGY.search(claim["text"]) else "goods"
    candidates = []
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
    if window is not None:
        matched = [
            r for r in candidates if any(window[0] <= d <= window[1] for d in _record_dates(r))
        ]
    else:
        matched = [r for r in candidates if pub is None or min(_record_dates(r) or [pub]) <= pub]
    compatible = [r for r in matched if action and r["type"] in COMPATIBLE.get(action, set())]
    targets = set(ev.get("targets") or [])
    if compatible:
        best = next(
            (r for r in compatible if not targets or targets & set(r["targets"]) or
             "ALL" in r["targets"]),
            compatible[0],
        )  # fmt: skip
        scope = (
            f"; it applies to exports to {', '.join(best['targets'])} only"
            if best["targets"] and "ALL" not in best["targets"] and best["type"] != "agreement"
            and not targets
            else ""
        )  # fmt: skip
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
