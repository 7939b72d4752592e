"""Mineral-deal events in news sentences, with actors, commodity and date.

Event types (``news_event_patterns.csv``) follow a small CAMEO-style typed schema specific
to minerals (Schrodt 2012, CAMEO Conflict and Mediation Event Observations Codebook
v1.1b3, codes noted per pattern): exploration_order, deal_proposed, deal_signed,
deal_collapsed, talks_held (talks or negotiations, not a concluded agreement),
aid_suspended, offer_of_cooperation, export_control_imposed, export_control_expanded,
investigation_opened (e.g. a Section 232 investigation), project_designation (e.g.
strategic projects selected) and measure_in_force (a measure's entry into force: 'the curbs
take effect on 1 December', 'limits effective from 15 September'; dropped when the sentence
also states the imposition). Slots are filled from the sentence: the initiator is the
nearest country or person before the trigger, targets are the actors inside the trigger or right
after it (up to a clause break), the commodity is any commodity mention of the sentence and
the date is the first date of the sentence. Modality says whether the event is asserted,
expected ('was expected to take place'), wanted ('said he wanted a deal') or negated ('did
not sign').
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.knowledge import KnowledgeBase
from assay.analyses.news.text import (
    WordIndex,
    ascii_lower,
    literal_starts,
    matches_at,
    starts_word,
)

#: Event types grouped into the families used to group articles into stories.
EVENT_FAMILIES = {
    "exploration_order": "exploration",
    "deal_proposed": "cooperation",
    "offer_of_cooperation": "cooperation",
    "deal_signed": "deal",
    "deal_collapsed": "deal",
    "talks_held": "deal",
    "investigation_opened": "investigation",
    "project_designation": "designation",
    "aid_suspended": "aid",
    "export_control_imposed": "export_control",
    "export_control_expanded": "export_control",
    "measure_in_force": "export_control",
    "office_held": "office",
    "instrument_issued": "export_control",
    "agreement_ratified": "deal",
    "effective_date": "export_control",
    "statement_reported": "statement",
    "measure_recalled": "export_control",
}
_EXPECTED = re.compile(
    r"\b(?:expected|expecting|would|will|plan(?:s|ned)?|hope[sd]?|might|could|intend\w*|"
    r"to take place|reportedly|set to|due to|approv\w* the|authori[sz]\w* the|"
    r"cleared the way|consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|mull(?:s|ed|ing)?|"
    r"look(?:s|ed|ing)?\s+(?:at|into))\b|\bmay\b",  # 'may' only lower-case: 'May 8' is a date
    re.IGNORECASE,
)
#: A finite past-tense trigger verb ('signed', 'banned', 'imposed'): it asserts the event,
#: whatever modal words follow it ('signed a deal that will ...'), unless an auxiliary
#: right before it makes it a participle of a future or hoped-for event ('to be signed',
#: 'will have signed', 'could be imposed').
_PAST_VERB = re.compile(r"(?:[a-z]+ed|put|told|sought|inked|ink)\b")
_NONFINITE_BEFORE = re.compile(
    r"\b(?:be|being|to|would|will|could|might|may|should|must|shall|cannot|can)"
    r"(?:\s+(?:have|been|not|also|soon|finally|formally|officially))*\s+$",
    re.IGNORECASE,
)
_ATTEMPTED = re.compile(
    r"\b(?:attempt\w*|tried|tries|sought|seek\w*|pursu\w+|push\w*)\b", re.IGNORECASE
)
#: 'said he wanted a deal', 'hopes for an agreement', 'calls for a ban': a wish for the
#: event, not a report or an announcement of it.
_WANTED = re.compile(
    r"\b(?:wants?|wanted|wanting|wish\w*|hop(?:e|es|ed|ing)\s+(?:for|to)|would like|"
    r"call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing))\b(?:\s+[\w'-]+){0,3}\s*$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|never|n't|no longer|refused to|declined to)\b", re.IGNORECASE)
#: 'agreed to sign', 'plans to ban': an infinitive trigger reports an intended event, except
#: after a verb of beginning ('started to require' asserts the requirement); offers and
#: proposals are intentions by nature and keep their own modality.
_INFINITIVE_BEFORE = re.compile(
    r"(?<!\bstarted )(?<!\bbegan )(?<!\bbegun )(?<!\bmoved )\bto\s+$", re.IGNORECASE
)
_INTENT_TYPES = {"offer_of_cooperation", "deal_proposed", "exploration_order"}
#: Talks named in a preposed time adverbial ('Following negotiations between ...', 'after
#: months of talks'): background to the sentence's event, not a claim of their own.
_BACKGROUND_TALKS = re.compile(
    r"\b(?:following|after|amid|during|before|despite|since|throughout|ahead of)\s+"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_PREPOSED_ADVERBIAL = re.compile(
    r"\s*(?:following|after|amid|during|despite|ahead of|in the wake of|before)\b[^,;]{0,200},",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r",|;|\b(?:after|following|amid|as|while|because|since|but)\b", re.IGNORECASE
)


_DATE_PREPOSITION = re.compile(
    r"\b(?:in|on|since|from|as of|effective|dated|until|starting|beginning|last|this)\s*$",
    re.IGNORECASE,
)


_EVENT_NOUNS = (
    r"(?:bans?|restrictions?|controls?|curbs?|measures?|suspensions?|agreements?|deals?|"
    r"accords?|quotas?|tariffs?|sanctions?|rules?|regulations?|licen[cs]ing|announcements?|"
    r"moves?|steps?|decisions?|policy|policies|regimes?)"
)
#: Another event named after the trigger: an event noun marked as earlier ('earlier
#: restrictions', 'the previous curbs') or linked to the trigger's event by a verb of
#: succession ('builds on', 'replaces', 'extends'). A date after it dates that event.
_OTHER_EVENT = re.compile(
    r"\b(?:(?:earlier|previous|prior|existing|initial|original|older|past|former)\s+"
    r"(?:[\w-]+\s+){0,3}?" + _EVENT_NOUNS + r"|(?:builds?|built|building)\s+(?:up)?on|"
    r"(?:follows?|followed|replaces?|replaced|extends?|extended|expands?|expanded|tightens?|"
    r"tightened|adds?\s+to|added\s+to|on\s+top\s+of)\s+(?:[\w'-]+\s+){0,4}?"
    + _EVENT_NOUNS
    + r")\b",
    re.IGNORECASE,
)


#: An obligation a measure puts on traders or items ('exporters will need licences',
#: 'companies must obtain export permits', 'five elements will be subjected to licensing'):
#: the content of the rule, not a forecast. 'Will' states when the
#: obligation applies; only words of doubt or plan ('would', 'could', 'plans') make it
#: expected.
_OBLIGATION = re.compile(
    r"\b(?:need\w*|requir\w*|must|should|ha(?:ve|s) to|obliged to|subject(?:ed)?\s+to)\b"
    r"[^.;\n]{0,60}?\b(?:licen[cs]es?|licen[cs]ing|permits?|permission|approvals?)\b",
    re.IGNORECASE,
)


def _expected(
    text: str,
    w0: int,
    w1: int,
    trigger: int,
    mentions: dict[str, list[dict[str, Any]]],
    obligation: bool = False,
) -> bool:
    """Whether words around a trigger make its event expected, planned or hoped for.

    Dates are blanked first (the month 'May' is no modal verb, and 'May' is only modal in
    lower case); a finite past-tense trigger ('X and Y signed ...') asserts its event, so
    only an expectation word before it counts ('were expected to sign', 'reportedly
    signed'). With ``obligation`` (the trigger states what traders must do) 'will' is no
    expectation word."""
    chars = list(text[w0:w1])
    for d in mentions.get("dates", []):
        a, b = max(d["span"][0], w0), min(d["span"][1], w1)
        chars[a - w0 : b - w0] = " " * max(0, b - a)
    window = "".join(chars)
    found = [
        m
        for m in _EXPECTED.finditer(window)
        if (m.group(0).lower() != "may" or m.group(0) == "may")
        and not (obligation and m.group(0).lower() == "will")
    ]
    if not found:
        return False
    head = text[trigger : trigger + 12].lower()
    if _PAST_VERB.match(head) and not _NONFINITE_BEFORE.search(text[w0:trigger]):
        return any(w0 + m.start() < trigger for m in found)
    return True


_END_BEFORE_DATE = re.compile(
    r"\b(?:until|till|through|thru|running\s+to|runs\s+to|to\s+run\s+to|expir\w*(?:\s+on)?|"
    r"ends?(?:\s+(?:on|in))?|ending(?:\s+(?:on|in))?|last\s+until|lasts\s+until)\s*$",
    re.I,
)
_SIGNED_BEFORE_DATE = re.compile(
    r"\b(?:signed|concluded|inked|agreed|reached)\s+(?:on|in)?\s*$", re.IGNORECASE
)
_SUSPENDING = re.compile(r"\b(?:suspen\w*|halt\w*|paus\w*|lift\w*|froze|freez\w*)\b", re.I)
#: A date that modifies a measure noun ('the October export controls', 'its April 2025
#: curbs') or follows the participle of its issue ('controls imposed last April').
_MEASURE_AFTER_DATE = re.compile(
    r"\s*(?:\d{4}\s+)?(?:export[- ]control\w*|export\s+(?:curbs?|bans?|restrictions?|rules)|"
    r"controls?|restrictions?|curbs?|bans?|measures|rules|announcements?|licensing)\b",
    re.I,
)
_ISSUED_BEFORE_DATE = re.compile(
    r"\b(?:imposed|announced|introduced|issued|adopted|enacted|unveiled|published)\s+"
    r"(?:on\s+|in\s+)?$",
    re.I,
)


def _measure_date(text: str, d: dict[str, Any]) -> bool:
    """Whether a date dates a measure named in the sentence rather than the sentence's act."""
    a, b = d["span"]
    return bool(
        _MEASURE_AFTER_DATE.match(text, b) or _ISSUED_BEFORE_DATE.search(text[max(0, a - 30) : a])
    )


def _event_dates(
    text: str, dates: list[dict[str, Any]], trigger: int, trigger_end: int | None = None
) -> list[dict[str, Any]]:
    """Dates of a sentence, the one that dates the event first: a date introduced by a
    preposition ('in April 2025', 'on Tuesday') rather than one modifying a noun ('its
    October controls'), the nearest to the trigger among those.

    A date after the trigger that follows another event (:data:`_OTHER_EVENT`) dates that
    event: in 'the new ban builds on earlier restrictions in July 2023' July 2023 dates the
    restrictions, not the ban; in 'China suspended its export controls in November' the
    controls are the trigger's object and November dates the suspension.
    """

    def key(d: dict[str, Any]) -> tuple[int, int]:
        before = text[max(0, d["span"][0] - 14) : d["span"][0]]
        adverbial = bool(_DATE_PREPOSITION.search(before))
        return (0 if adverbial else 1, abs(d["span"][0] - trigger))

    def own(d: dict[str, Any]) -> bool:
        # 'signed after Trump said Feb. 3 ...': a date across a subordinating word dates
        # another event
        a, b = sorted((trigger, d["span"][0]))
        if _SUBORDINATE.search(text, a, b):
            return False
        # another event between the trigger and a later date: the date is its own
        end = trigger if trigger_end is None else trigger_end
        return not (d["span"][0] > end and _OTHER_EVENT.search(text, end, d["span"][0]))

    return sorted((d for d in dates if own(d)), key=key)


_SUBORDINATE = re.compile(
    r"\b(?:after|before|following|when|until|whereas|while|because)\b", re.IGNORECASE
)


def _month_day(written: str) -> str | None:
    """'Dec. 1', '1 August' -> '12-01', '08-01' (None when no month and day are read)."""
    from assay.analyses.news.dates import MONTHS

    low = ascii_lower(written)
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", low) if w in MONTHS), None)
    day = re.search(r"\b(\d{1,2})\b", low)
    if month is None or day is None or not 1 <= int(day.group(1)) <= 31:
        return None
    return f"{month:02d}-{int(day.group(1)):02d}"


def top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost ``|`` (outside groups and classes)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def compiled_patterns(kb: KnowledgeBase) -> list[tuple[str, re.Pattern[str], str]]:
    """(event type, compiled pattern, CAMEO code) for each row of the pattern table; a
    pattern 'A|B' becomes one entry per alternative."""
    cached = kb.__dict__.get("_event_rx")
    if cached is None:
        cached = []
        for row in kb.event_patterns:
            # the leading word boundary of each alternative is checked in Python: without
            # it (and without IGNORECASE, on ASCII-lowered text) re can skip to the
            # positions where the alternative's first letters occur; '\bA|\bB' as one
            # pattern would defeat that, so its alternatives are scanned apart
            for part in top_level_alternatives(row["pattern"]):
                part = part[2:] if part.startswith(r"\b") else part
                cached.append((row["event_type"], re.compile(part), row["cameo"]))
        kb.__dict__["_event_rx"] = cached
    return cached


def _actors(mentions: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    acts = []
    for c in mentions.get("countries", []):
        acts.append({"iso3": c["iso3"], "text": c["text"], "span": c["span"], "kind": "country"})
    for p in mentions.get("persons", []):
        acts.append(
            {
                "iso3": p["iso3"],
                "text": p["text"],
                "span": p["span"],
                "kind": "person",
                "person": p["person"],
            }
        )
    acts.sort(key=lambda a: a["span"][0])
    return acts


# The dot comes first so that the engine scans for dots instead of trying every lookbehind
# at every position (same matches, ~50 times faster on a 2,000-word article).
_INNER_DOT = re.compile(
    r"\.(?:(?<=\d\.)(?=\d)|(?<=\b[a-z]\.)(?=[a-z]\.)|(?<=\b[a-z]\.[a-z]\.)(?=[\s,-]+[a-z\d])|"
    r"(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.)(?=\s+\d)|"
    r"(?<=\bsept\.)(?=\s+\d))"
)


def _pattern_starts(kb: KnowledgeBase) -> list[frozenset[str] | None]:
    """For each entry of :func:`compiled_patterns`, the literal strings one of which each of
    its matches starts with (see :func:`~.text.literal_starts`; None: searched plainly)."""
    cached = kb.__dict__.get("_event_starts")
    if cached is None:
        cached = [literal_starts(rx.pattern) for _, rx, _ in compiled_patterns(kb)]
        kb.__dict__["_event_starts"] = cached
    return cached


def pattern_matches(
    kb: KnowledgeBase,
    text: str,
    lower: str | None = None,
    word_index: WordIndex | None = None,
) -> list[tuple[str, str, int, int]]:
    """All trigger matches ``(event type, CAMEO code, start, end)`` in a whole text, sorted
    by start (one scan per pattern instead of one per pattern and sentence); ``lower``:
    ``ascii_lower(text)`` when the caller has it; ``word_index``: its
    :class:`~.text.WordIndex`.

    A pattern whose matches start with known strings ('sign', 'deal', 'export ') is tried
    only at the word starts where one of them can begin (:class:`~.text.WordIndex`),
    instead of at every position of the text: the same matches as a search from left to
    right that keeps only matches at word starts."""
    found = []
    lower = ascii_lower(text) if lower is None else lower
    if "." in lower:
        # a decimal point or an abbreviation's dot ('$8.5 billion', 'Oct. 9', 'U.S.') ends no
        # clause: the patterns' '[^.;]' gaps may cross it (same length, spans unchanged)
        lower = _INNER_DOT.sub(" ", lower)
    if word_index is None:
        words = WordIndex(lower)
    elif word_index.text is not lower:
        words = word_index.with_text(lower)
    else:
        words = word_index
    for (etype, rx, cameo), heads in zip(compiled_patterns(kb), _pattern_starts(kb), strict=True):
        if heads is not None:
            # only matches at word starts count, and every match starts with one of heads
            found.extend((etype, cameo, m.start(), m.end()) for m in
                         matches_at(rx, lower, words.places(heads)))  # fmt: skip
            continue
        pos = 0
        while True:
            m = rx.search(lower, pos)
            if m is None:
                break
            if starts_word(lower, m.start()):
                found.append((etype, cameo, m.start(), m.end()))
                pos = m.end()
            else:
                pos = m.start() + 1
    found.sort(key=lambda x: x[2])
    return found


#: A reported clause joined to a sentence ('..., the statement noted, adding that ...',
#: '..., saying that ...') or a clause after a semicolon: where an event claim is cut.
_CLAUSE_CUT = re.compile(
    r",\s+(?:and\s+)?(?:adding|stating|saying|noting|and\s+said|and\s+added)\s+that\s+|;\s+"
)


def _clause_cuts(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    """(end of one clause, start of the next) for each cut of the sentence; none when the
    sentence has no cut."""
    return [(m.start(), m.end()) for m in _CLAUSE_CUT.finditer(text, s0, s1)]


def _clause_of(cuts: list[tuple[int, int]], s0: int, s1: int, at: int) -> tuple[int, int]:
    """The clause of the sentence ``(s0, s1)`` that the offset ``at`` lies in."""
    start = s0
    for end, nxt in cuts:
        if at < end:
            return start, end
        start = nxt
    return start, s1


def find_events(
    kb: KnowledgeBase,
    text: str,
    sentence_span: tuple[int, int],
    mentions: dict[str, list[dict[str, Any]]],
    matches: list[tuple[str, str, int, int]] | None = None,
) -> list[dict[str, Any]]:
    """Events of one sentence.

    Parameters
    ----------
    kb : KnowledgeBase
    text : str
        The whole normalised article text.
    sentence_span : (int, int)
        The sentence within ``text``.
    mentions : dict
        Mentions falling inside the sentence (spans in article coordinates), with keys
        'countries', 'persons', 'commodities', 'dates'.
    matches : list of (type, cameo, start, end), optional
        Trigger matches inside the sentence from :func:`pattern_matches`; searched here
        when not given.

    Returns
    -------
    list of dict
        ``{type, family, cameo, trigger, span, sentence_span, initiator, targets, actors,
        persons, commodities, date, date_text, modality}``; one per event type per
        sentence.
    """
    if matches is not None and not matches:
        return []  # no trigger in the sentence (most sentences)
    s0, s1 = sentence_span
    sentence = text[s0:s1]
    actors = _actors(mentions)
    events: list[dict[str, Any]] = []
    seen: set[Any] = set()
    if matches is None:
        matches = [t for t in pattern_matches(kb, sentence)]
        matches = [(et, cam, a + s0, b + s0) for et, cam, a, b in matches]
    # '..., the statement noted, adding that exports ... will be approved': a reported
    # clause joined to the sentence is an event of its own (its own claim and modality);
    # searched only when the sentence has two triggers
    cuts = _clause_cuts(text, s0, s1) if len(matches) > 1 else []
    if len({_clause_of(cuts, s0, s1, m[2]) for m in matches}) < 2:
        cuts = []  # the triggers share one clause: the event is the sentence's
    for etype, cameo, ts, te in matches:
        s0 = sentence_span[0]
        if ts < s0 or te > s1:
            continue
        c0, c1 = _clause_of(cuts, s0, s1, ts)
        if (etype, c0) in seen or (not cuts and etype in seen):
            continue
        if etype == "talks_held" and _BACKGROUND_TALKS.search(text[max(s0, ts - 40) : ts]):
            continue  # 'Following negotiations ..., Putin offered': talks as a time adverbial
        seen.add(etype)
        seen.add((etype, c0))
        clause_dates = [d for d in mentions.get("dates", []) if not cuts or c0 <= d["span"][0] < c1]
        if cuts:
            s0 = c0  # the modality and date windows stay inside the event's clause
        before = [a for a in actors if a["span"][1] <= ts]
        initiator = before[-1] if before else None
        tail = text[te : min(s1, te + 40)]
        brk = _CLAUSE_BREAK.search(tail)
        limit = te + (brk.start() if brk else len(tail))
        targets = [a for a in actors if ts <= a["span"][0] < limit and a is not initiator]
        if initiator is None and targets:
            initiator, targets = targets[0], targets[1:]
        modality = "asserted"
        if _NEGATED.search(text[max(s0, ts - 25) : ts]):
            modality = "negated"
        elif _WANTED.search(text[max(s0, ts - 40) : ts]):
            modality = "wanted"  # a wish: never checked as an event that happened
        elif etype not in _INTENT_TYPES and _INFINITIVE_BEFORE.search(text[max(s0, ts - 12) : ts]):
            # 'agreed to sign', 'plans to ban', 'in talks to sign': the event is intended
            modality = "expected"
        elif _ATTEMPTED.search(text[max(s0, ts - 40) : te]):
            modality = "attempted"
        elif _expected(
            text,
            max(s0, ts - 60),
            min(s1, te + 40),
            ts,
            mentions,
            obligation=etype == "export_control_imposed"
            and bool(_OBLIGATION.search(text, max(s0, ts - 30), te)),
        ):
            modality = "expected"
        dates = _event_dates(text, [d for d in clause_dates if d.get("value")], ts, te)
        # 'until/through 10 Nov 2026', 'running to ...', 'set to expire on ...': the end of
        # the measure, not the date of the act
        ends = [
            d
            for d in clause_dates
            if d.get("value")
            and d["span"][0] >= te
            and _END_BEFORE_DATE.search(text[max(s0, d["span"][0] - 25) : d["span"][0]])
        ]
        dates = [d for d in dates if d not in ends]
        if etype == "agreement_ratified":
            # 'ratifies the Agreement signed on April 30': that date is the signing's
            dates = [
                d
                for d in dates
                if not _SIGNED_BEFORE_DATE.search(text[max(s0, d["span"][0] - 25) : d["span"][0]])
            ]
        # ('the original suspension, imposed on February 22': a recalled measure's own date)
        suspending = etype != "measure_recalled" and _SUSPENDING.search(text, ts, te) is not None
        if suspending:
            # 'halted the October export controls', 'suspended the curbs imposed last April':
            # a date of the suspended measure is not the suspension's
            dates = [d for d in dates if not _measure_date(text, d)]
        # 'on Dec. 1' in an article of unknown date: the day of the year without the year
        # ('will suspend the measures announced October 9': the suspended measure's day, in
        # an undated article too, is not the suspension's)
        undated = _event_dates(
            text,
            [
                d
                for d in clause_dates
                if not d.get("value")
                and d.get("granularity") in ("day", "month")
                and not (suspending and _measure_date(text, d))
            ],
            ts,
            te,
        )
        month_day = month = None
        if undated and not dates:
            if undated[0]["granularity"] == "day":
                month_day = _month_day(undated[0]["text"])
            else:  # 'from February' in an article of unknown date
                month = (_month_day(undated[0]["text"] + " 1") or "")[:2] or None
        events.append(
            {
                "type": etype,
                "family": EVENT_FAMILIES.get(etype, etype),
                "cameo": cameo,
                "trigger": text[ts:te],
                "span": [ts, te],
                "sentence_span": [s0, s1],
                "initiator": initiator["iso3"] if initiator else None,
                "targets": sorted(
                    {t["iso3"] for t in targets if t["iso3"]}
                    - ({initiator["iso3"]} if initiator else set())
                ),
                "actors": sorted({a["iso3"] for a in actors if a["iso3"]}),
                "persons": sorted({a["person"] for a in actors if a["kind"] == "person"}),
                # (in a sentence cut into clauses, the items of the event's own clause)
                "commodities": sorted(
                    {
                        c["name"]
                        for c in mentions.get("commodities", [])
                        if not cuts or c0 <= c["span"][0] < c1
                    }
                ),
                "date": dates[0]["value"] if dates else None,
                "date_text": dates[0]["text"] if dates else None,
                "month_day": month_day,
                "month": month,
                "modality": modality,
                "ends": ends[0]["value"] if ends else None,
            }
        )
        if cuts:
            events[-1]["claim_span"] = [c0, c1]
    s0 = sentence_span[0]
    intro = _PREPOSED_ADVERBIAL.match(sentence)
    if intro and any(e["span"][0] >= s0 + intro.end() for e in events):
        # 'Following talks over a proposed agreement, Putin offered ...': an event inside a
        # preposed time adverbial is background to the sentence's own event
        events = [e for e in events if e["span"][0] >= s0 + intro.end()]
    if any(
        e["family"] == "export_control"
        and e["type"] not in ("measure_in_force", "instrument_issued", "effective_date")
        for e in events
    ):
        # 'From 1 Dec China requires permits ...': the imposition is the sentence's event (its
        # record carries the effective date too); one claim, not two
        events = [e for e in events if e["type"] not in ("measure_in_force", "instrument_issued")]
        # '..., starting Dec. 1' after the measure: the date it takes effect is a claim of
        # its own, on those words only, checked as an entry into force with the measure's
        # modality (a date put first, 'From 1 Dec China requires ...', dates the measure)
        measures = [
            e for e in events
            if e["family"] == "export_control" and e["type"] != "effective_date"
        ]  # fmt: skip
        for e in events:
            if e["type"] != "effective_date":
                continue
            before = [m for m in measures if m["span"][1] <= e["span"][0]]
            if before:
                e.update(
                    type="measure_in_force",
                    claim_span=list(e["span"]),
                    modality=before[-1]["modality"],
                )
    events = [e for e in events if e["type"] != "effective_date"]
    events = _one_event_per_trigger(events)
    events.sort(key=lambda e: e["span"][0])
    return events


#: Of two readings of one trigger, the more specific type is kept ('tightened export
#: controls' is read both as an imposition and as an expansion: one event, an expansion).
_SPECIFIC_FIRST = {"export_control_expanded": 0}


def _one_event_per_trigger(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One event for each stretch of words: events of one family and one initiator whose
    triggers overlap are readings of the same words, so one sentence does not yield two
    identical claims. The longest trigger is kept (it holds the most of the words read),
    then the more specific type."""
    ranked = sorted(
        range(len(events)),
        key=lambda i: (
            -(events[i]["span"][1] - events[i]["span"][0]),
            _SPECIFIC_FIRST.get(events[i]["type"], 1),
            i,
        ),
    )
    kept: list[int] = []
    for i in ranked:
        e = events[i]
        if any(
            events[k]["family"] == e["family"]
            and events[k]["initiator"] == e["initiator"]
            and events[k]["span"][0] < e["span"][1]
            and e["span"][0] < events[k]["span"][1]
            for k in kept
        ):
            continue
        kept.append(i)
    return [events[i] for i in sorted(kept)]


#: The head nouns of an office title ('President', 'Treasury Secretary', 'CEO'); 'President-
#: elect' is no office yet and 'President' inside 'Vice President' is matched with its premodifier.
_OFFICE_HEAD = (
    r"(?:(?:Vice-)?President(?!-elect)|Prime\s+Minister|Premier|Minister|Secretary|Chancellor|"
    r"Governor|Spokesman|Spokeswoman|Envoy|Chairman|Chairwoman|Chair|CEO|Chief\s+Executive"
    r"(?:\s+Officer)?|Director|Commissioner|Ambassador|Representative)"
)
#: One written title: up to four capitalised premodifiers ('U.S.', 'Treasury', 'Deputy Prime')
#: before the head and an optional 'of the Treasury' after it.
_ONE_TITLE = (
    r"(?:[A-Z][\w.'-]*\s+){0,4}?"
    + _OFFICE_HEAD
    + r"(?:\s+of(?:\s+the)?\s+[A-Z][\w']*(?:\s+[A-Z][\w']*){0,3})?"
)
#: 'former U.S. President Donald ', "Ukraine's ex-Economy Minister ", 'Economy Minister and
#: Deputy Prime Minister Yulia ': an optional qualifier and one or two office titles written
#: right before a person's name (up to two first names between them).
_TITLE_BEFORE = re.compile(
    r"(?:\b(?P<qual>(?i:former|ex-|ex|then-|then|outgoing|sitting|current))\s*|(?<![\w.'-]))"
    r"(?P<role>" + _ONE_TITLE + r"(?:\s+and\s+" + _ONE_TITLE + r")?)"
    r"(?:,\s*|\s+)(?:[A-Z][\w.-]*\s+){0,2}$"  # 'The President of Ukraine, Volodymyr Z...'
)
#: 'Presidents Donald Trump and Xi Jinping': a plural title before two names joined by 'and'
#: (the person is either name).
_SINGULAR = {"Presidents": "President", "Prime Ministers": "Prime Minister",
             "Ministers": "Minister", "Secretaries": "Secretary"}  # fmt: skip
_PLURAL_HEADS = re.compile(r"Presidents|Prime Ministers|Ministers|Secretaries")
_PLURAL_TITLE_BEFORE = re.compile(
    r"(?<![\w.'-])(?P<role>(?:[A-Z][\w.'-]*\s+){0,2}?(?:Presidents|Prime\s+Ministers|Ministers|"
    r"Secretaries))\s+(?:(?:[A-Z][\w.-]*\s+){1,3}and\s+)?(?:[A-Z][\w.-]*\s+){0,2}$"
)
#: 'Kirill Dmitriev, CEO of the Russian Direct Investment Fund': a title in apposition right
#: after the name (lower-case 'chief executive' too), ending at the apposition's end.
_TITLE_AFTER = re.compile(
    r"\s*,\s+(?:the\s+)?(?P<role>(?:[A-Za-z][\w.'-]*\s+){0,3}?(?i:" + _OFFICE_HEAD + r")"
    r"(?:\s+(?:of|on|for)(?:\s+the)?\s+[A-Za-z][\w']*(?:\s+[A-Za-z][\w']*){0,5})?)"
    r"(?=\s*[,.;)]|\s+(?:and|who|said|says)\b|$)"
)
#: 'the country's mines minister Kizito ': a lower-case title (one modifier at most) right
#: before the name of a person of the table.
_LOWER_TITLE_BEFORE = re.compile(
    r"(?<![\w.'-])(?P<role>(?:[a-z][\w'-]*\s+)?(?:president|prime\s+minister|minister|secretary|"
    r"envoy|chairman|chairwoman|governor|spokesman|spokeswoman))(?:,\s*|\s+)"
    r"(?:[A-Z][\w.-]*\s+){0,2}$"  # 'Japan's new prime minister, Sanae Takaichi'
)
#: A title and a name that the office holders table does not know ('Kazakh President
#: Kassym-Jomart Tokayev', 'ARECOMS president Patrick Luabeya'): a written head in either
#: case after at most three capitalised words, then two or three capitalised name words.
#: Lower-case substrings one of which every ``_OFFICE_HEAD`` match contains (a cheap test
#: before the title patterns; keep in step with ``_OFFICE_HEAD``).
_OFFICE_HEAD_KEYS = ("president", "minister", "premier", "secretary", "chancellor", "governor",
                     "spokes", "envoy", "chair", "ceo", "chief", "director", "commissioner",
                     "ambassador", "representative")  # fmt: skip
_TITLED_NAME = re.compile(
    r"(?<![\w.'-])(?P<role>(?:[A-Z][\w.'-]*\s+){0,3}?(?i:" + _OFFICE_HEAD + r"))"
    r"\s+(?P<name>[A-Z][\w'.-]+(?:\s+[A-Z][\w'-]+){1,2})(?![\w'-])"
)
#: 'Jane Roe, director of the X Program': two or three capitalised name words, then a title
#: in apposition.
_NAME_TITLED = re.compile(
    r"(?<![\w.'-])(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2}),\s+(?:the\s+)?"
    r"(?P<role>(?:[\w.'-]+\s+){0,2}?(?i:" + _OFFICE_HEAD + r")\s+(?:of|at)\s+(?:the\s+)?"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,5})"
)
#: A time other than the article's: past-tense narration or a time phrase. A title of such a
#: sentence may be meant at that time ('President Biden signed ...' in a 2025 article).
_OTHER_TIME = re.compile(
    r"\b(?i:was|were|had|did|then|at\s+the\s+time|during|ago|previously|earlier|once|"
    r"first\s+term|second\s+term|term|under|until|met|said|told|spoke|took|gave|made|went|"
    r"came|saw|held|led|sent|brought|wrote|won|lost|set|put|cut|began|ran|sold|bought|paid|left|"
    r"kept|thought|found|became|chose|drew|flew|grew|knew|rose|fell|struck|sought|spent|stood|"
    r"threw|built|felt|heard|meant|got|hit|let|shut|spread|quit|withdrew|oversaw|forgot|"
    r"overtook|undertook|bore|swore|broke|spoke|stole|woke|rode|shook|forbade)\b|"
    r"\b[a-z]\w*ed\b",
)
#: A verb in the present or future right after the name (or its apposition): 'President X
#: says', 'X, CEO of Y, is': the sentence speaks of the article's time.
_PRESENT_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:also\s+|now\s+|still\s+)?(?:is|are|has|have|will|says|tells|[a-z]+[^s's]s)\b"
)


#: Capitalised words that open a sentence or a clause but name no office ('Meanwhile US
#: President ...'): dropped from the front of a written title.
_NOT_TITLE_WORDS = frozenset(
    "the a an meanwhile however also and but when after before while as since with by for "
    "from on in at to of said says then now later earlier last new".split()
)


def _drop_name_words(role: str, person: str) -> str:
    """The title without trailing words that belong to the holder's name ('Secretary of
    Commerce Howard' for Howard Lutnick is 'Secretary of Commerce')."""
    names = set(person.split())
    words = role.split()
    while len(words) > 1 and words[-1] in names:
        words = words[:-1]
    return " ".join(words)


def _title_text(role: str) -> str:
    """The written title without leading words that are no part of it (words joined by
    single spaces)."""
    return " ".join(role[_title_offset(role) :].split())


def _title_offset(role: str) -> int:
    """Where the title of :func:`_title_text` begins in ``role`` as written: the text may
    break a title over a line or double a space, so the joined title is not a substring."""
    words = list(re.finditer(r"\S+", role))
    i = 0
    while len(words) - i > 1 and words[i].group(0).lower() in _NOT_TITLE_WORDS:
        i += 1
    return words[i].start() if words else 0


def _office_event(
    span: tuple[int, int],
    sentence_span: tuple[int, int],
    person: str,
    iso3: str | None,
    alias: str,
    role: str,
    qualifier: str | None,
    told: list[str],
    other_time: bool,
    text: str,
) -> dict[str, Any]:
    return {
        "type": "office_held",
        "family": EVENT_FAMILIES["office_held"],
        "cameo": "none",
        "trigger": text[span[0] : span[1]],
        "span": [span[0], span[1]],
        "sentence_span": [sentence_span[0], sentence_span[1]],
        "initiator": iso3,
        "targets": [],
        "actors": [iso3] if iso3 else [],
        "persons": [person],
        "person": person,
        "alias": alias,
        "role_claimed": role,
        "qualifier": qualifier,
        # the times the sentence tells ('In 2022, former President X ...' speaks of 2022,
        # not of the publication date)
        "told_dates": told,
        "other_time": other_time,
        "commodities": [],
        "date": None,
        "date_text": None,
        "month_day": None,
        "month": None,
        "modality": "asserted",
    }


def _unknown_office_holders(
    text: str, sentence_span: tuple[int, int], mentions: dict[str, Any], out: list[dict[str, Any]]
) -> None:
    """Titled names that are no person of the table and no place: claims that are
    not-checkable (the table does not record them), appended to ``out``."""
    s0, s1 = sentence_span
    seg = text[s0:s1].lower()
    if not any(k in seg for k in _OFFICE_HEAD_KEYS):
        return  # both patterns need a title word: most sentences have none
    found = [m for rx in (_TITLED_NAME, _NAME_TITLED) for m in rx.finditer(text, s0, s1)]
    if not found:
        return
    taken = [
        tuple(m["span"])
        for key in ("persons", "countries", "regions")
        for m in mentions.get(key, [])
    ]
    for m in found:
        a, b = m.span("name")
        if any(x < b and a < y for x, y in taken):
            continue
        role = _title_text(m.group("role"))
        start = min(m.start("role") + _title_offset(m.group("role")), a)
        end = max(m.end("role"), b)
        out.append(
            _office_event(
                (start, end), sentence_span, m.group("name"), None, m.group("name"), role,
                None, [], False, text,
            )
        )  # fmt: skip


_WEEKDAY = r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
#: The day of the week a statement or announcement of the sentence's event was made: 'the
#: ministry said in a statement on Saturday', 'in a Saturday statement', 'according to an
#: announcement Thursday', 'confirmed the decision on Tuesday', 'the announcement came on
#: Tuesday'. Searched on lower-cased text.
_STATEMENT_DAY = re.compile(
    r"\b(?:said|says|announced|confirmed|stated|declared)\s+(?:in\s+an?\s+(?:written\s+)?"
    r"(?:statement|announcement|notice)\s+)?on\s+" + _WEEKDAY + r"\b"
    r"|\bin\s+an?\s+"
    + _WEEKDAY.replace("day>", "day2>")
    + r"\s+(?:statement|announcement|notice)\b"
    r"|\baccording\s+to\s+an?\s+(?:announcement|statement|notice)\s+(?:on\s+|made\s+on\s+)?"
    + _WEEKDAY.replace("day>", "day3>")
    + r"\b"
    r"|\b(?:announcement|statement|decision)\s+came\s+on\s+"
    + _WEEKDAY.replace("day>", "day4>")
    + r"\b|\b(?:confirmed|announced)\s+the\s+(?:decision|measures?|move|suspension|pause|ban)"
    r"\s+on\s+" + _WEEKDAY.replace("day>", "day5>") + r"\b"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _statement_days(text: str, span: tuple[int, int], out: list[dict[str, Any]]) -> None:
    """Claims that the sentence's event was stated or announced on a day of the week (type
    'statement_reported', ``weekday`` 0-6), on those words only; checked against the
    record the sentence's own event matched. Only sentences naming a weekday are searched."""
    s0, s1 = span
    low = text[s0:s1].lower()
    if "day" not in low or not any(d in low for d in _WEEKDAYS):
        return
    for m in _STATEMENT_DAY.finditer(low):
        day = next(g for g in m.groups() if g)
        a, b = s0 + m.start(), s0 + m.end()
        out.append(
            {
                "type": "statement_reported",
                "family": EVENT_FAMILIES["statement_reported"],
                "cameo": "none",
                "trigger": text[a:b],
                "span": [a, b],
                "claim_span": [a, b],
                "sentence_span": [s0, s1],
                "initiator": None,
                "targets": [],
                "actors": [],
                "persons": [],
                "commodities": [],
                "date": None,
                "date_text": None,
                "month_day": None,
                "month": None,
                "modality": "asserted",
                "ends": None,
                "weekday": _WEEKDAYS.index(day),
            }
        )


def office_events(
    kb: KnowledgeBase, text: str, sentence_span: tuple[int, int], mentions: dict[str, Any]
) -> list[dict[str, Any]]:
    """Office-holder claims of one sentence: a person of ``news_actors.csv`` named with a
    title before the name ('U.S. President Donald Trump', 'former Treasury Secretary Y',
    'Economy Minister and Deputy Prime Minister Z') or in apposition after it ('X, CEO of
    the Y Fund'). A qualifier ('former', 'then-') says at which time the title is meant;
    an unqualified title claims the office at the time the sentence speaks of.

    Returns
    -------
    list of dict
        Events of type 'office_held' with ``person``, ``role_claimed`` (the title as
        written, without the qualifier), ``qualifier`` ('former', 'then', ..., or None),
        ``told_dates`` (the dates the sentence tells) and ``other_time`` (whether the
        sentence narrates in the past or names another time), besides the keys of
        :func:`find_events`.
    """
    s0, s1 = sentence_span
    out: list[dict[str, Any]] = []
    _statement_days(text, (s0, s1), out)
    _unknown_office_holders(text, (s0, s1), mentions, out)
    if not mentions.get("persons"):
        return out
    other_time: bool | None = None  # searched for at the first titled person only
    told = sorted(str(d["value"]) for d in mentions.get("dates", []) if d.get("value"))
    for p in mentions.get("persons", []):
        a, b = p["span"]
        m = _TITLE_BEFORE.search(text, max(s0, a - 80), a)
        if m is not None:
            qual = m.group("qual").lower().rstrip("-") if m.group("qual") else None
            role, start, end = _title_text(m.group("role")), m.start(), b
            if qual is None:
                start = m.start("role") + _title_offset(m.group("role"))
            # 'Secretary of Commerce Howard Lutnick': the of-phrase may have taken the
            # person's first name; a title never ends in a word of the holder's name
            role = _drop_name_words(role, p["person"])
        elif (m := _LOWER_TITLE_BEFORE.search(text, max(s0, a - 60), a)) is not None:
            qual, role, start, end = None, _title_text(m.group("role")), m.start("role"), b
            start += _title_offset(m.group("role"))
        elif (m := _PLURAL_TITLE_BEFORE.search(text, max(s0, a - 120), a)) is not None:
            # 'Presidents Donald Trump and Xi Jinping': the title of each of the names
            qual, start, end = None, m.start("role"), b
            role = _PLURAL_HEADS.sub(lambda h: _SINGULAR[h.group(0)], _title_text(m.group("role")))
        else:
            m = _TITLE_AFTER.match(text, b, s1)
            if m is None:
                continue
            qual, role, start, end = None, m.group("role"), a, m.end("role")
        if other_time is None:
            other_time = bool(_OTHER_TIME.search(text, s0, s1))
        ev = _office_event(
            (start, end), (s0, s1), p["person"], p["iso3"], p["text"], role, qual, told,
            other_time, text,
        )  # fmt: skip
        ev["present"] = bool(_PRESENT_AFTER.match(text, end, s1))
        out.append(ev)
    return out
