"""Statistics claims: shares, reserves, resources, production and valuation figures.

"China produces 70% of the world's rare earths", "reserves of 44 million tons", "mineral
resources worth $12 trillion": one claim per figure with its measure, country, commodity,
period and basis (:func:`quantity_claims`), with the helpers that read a figure's own
measure when a clause holds several (``_local_measure``, ``_own_tail``), bound its frame
(``_frame_start``) and find baseline phrases (``_baseline_phrases``).
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_changes import (
    change_of,
    change_slots,
)
from assay.analyses.news.claims_common import (
    MEASURES,
    _claim,
    subject_basis,
)
from assay.analyses.news.claims_context import (
    _COUNTRY_ANAPHOR,
    LABEL_LINE,
    _commodity_ref,
    _context_commodity,
    _country_subject,
    _last_measure,
    _measure_and_stage,
    _period,
    _subject_countries,
    is_caption,
    stage_word,
)
from assay.analyses.news.claims_ranks import (
    _DASH_BEFORE,
    _HOLDS_BEFORE,
    _RELATIVE_AFTER,
    _figure_subject,
)
from assay.analyses.news.frames import (
    UNSPECIFIED_PRODUCTION,
    attribution_spans,
    clause_around,
    frame_of,
    stage_of,
)

_WORLD = re.compile(r"\b(?:world|world's|globally|global|worldwide|planet)\b", re.IGNORECASE)
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


#: 'tonnes of ore', 'tonnes of rare earth concentrate': a gross tonnage, not contained metal.
_BASIS_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:[\w-]+\s+){0,3}?(?P<basis>ores?|concentrates?)\b", re.IGNORECASE
)


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
