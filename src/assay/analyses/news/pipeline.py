"""Read, extract and check: one article (:func:`check_text`) or a corpus (:func:`check_paths`).

The pipeline per document: normalise the text, split sentences, find mentions
(commodities, countries, regions, people, quantities, dates resolved against the
publication date), events, typed claims, and a verdict for each claim
(:mod:`.verdicts`). A corpus is then grouped into stories (:mod:`.clusters`). Large
corpora run on Dask (``workers=N`` local processes, or a ``scheduler`` address); each
worker receives the :class:`~.knowledge.KnowledgeBase` snapshot once and reads its own
files, so no worker touches the database.

Output (the JSON contract of ``assay check --json``)::

    {"documents": [{"id", "title", "date", "mentions": {...}, "events": [...],
                    "claims": [{"text", "span", "type", "subject", "verdict", "evidence",
                                "explanation", ...}], ...}],
     "clusters": [[doc ids], ...], "stories": [...], "near_duplicates": [...],
     "errors": [...]}

Spans are character offsets into the document's ``text``.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from assay.analyses.news.claims import (
    LABEL_LINE,
    RANK_WORDS,
    classification_claims,
    commodity_basis,
    comparative_rank_claims,
    count_claims,
    counted_list_claims,
    event_claims,
    factor_change_claims,
    period_part,
    quantity_claims,
    ranking_claims,
    table_claims,
    table_row_lines,
    tie_of,
)
from assay.analyses.news.clusters import group_stories, story_summaries
from assay.analyses.news.dates import find_dates, source_cue
from assay.analyses.news.eventcheck import note_sentence_event, recheck_undated_offices
from assay.analyses.news.events import find_events, office_events, pattern_matches
from assay.analyses.news.knowledge import KnowledgeBase, current_edition
from assay.analyses.news.mentions import find_mentions
from assay.analyses.news.quantities import find_quantities
from assay.analyses.news.text import (
    WordIndex,
    ascii_lower,
    normalise,
    paragraph_ids,
    register_index,
    scan,
    sentences,
)
from assay.analyses.news.verdicts import check_claim, reconcile_named_sources, reconcile_undated
from assay.importers.news import (
    NewsDocument,
    NewsInputError,
    coerce_date,
    document_from_text,
    iter_files,
    read_file,
)

ProgressCallback = Callable[[int, int], None]
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_ASCII_LETTER_BYTES = bytes(range(65, 91)) + bytes(range(97, 123))
_NUMBERED = re.compile(r"\s*(?P<n>\d{1,2})[.)]\s+\S")
_KB_CACHE: dict[tuple[str, float], KnowledgeBase] = {}
#: The cache key is the store file and the modification time and size of it and its WAL:
#: a store written since (an import, ``--save``) gets a fresh snapshot.


def knowledge_base(store: Any) -> KnowledgeBase:
    """The knowledge base of a store, cached while the store file is unchanged."""
    path = str(getattr(store, "path", ""))
    try:
        mtime = os.path.getmtime(path) if path and path != ":memory:" else -1.0
        wal = path + ".wal"
        if mtime >= 0 and os.path.exists(wal):  # DuckDB writes land in the WAL first
            st = os.stat(wal)
            mtime = max(mtime, st.st_mtime) + st.st_size * 1e-12
    except OSError:
        mtime = -1.0
    key = (path, mtime)
    if mtime < 0 or key not in _KB_CACHE:
        kb = KnowledgeBase.from_store(store)
        if mtime >= 0:
            _KB_CACHE.clear()
            _KB_CACHE[key] = kb
    else:
        kb = _KB_CACHE[key]
    kb.attach_store(store)  # the open connection of this call (stage look-ups)
    return kb


class _SpanIndex:
    """Mentions sorted by start, sliced per sentence by bisection (O(log n) per sentence)."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = sorted(items, key=lambda m: m["span"][0])
        self.starts = [m["span"][0] for m in self.items]

    def within(self, s0: int, s1: int) -> list[dict[str, Any]]:
        starts = self.starts
        lo = bisect.bisect_left(starts, s0)
        if lo == len(starts) or starts[lo] >= s1:
            return []  # none starts in the span (most kinds in most sentences)
        hi = bisect.bisect_left(starts, s1, lo)
        return [m for m in self.items[lo:hi] if m["span"][1] <= s1]

    def per_span(self, spans: list[tuple[int, int]]) -> list[list[dict[str, Any]]]:
        """:meth:`within` of each of ``spans`` (sorted, not overlapping), in one pass."""
        starts, items, n = self.starts, self.items, len(self.starts)
        out: list[list[dict[str, Any]]] = []
        lo = 0
        for s0, s1 in spans:
            lo = bisect.bisect_left(starts, s0, lo)
            if lo == n or starts[lo] >= s1:
                out.append([])
                continue
            hi = bisect.bisect_left(starts, s1, lo)
            out.append([m for m in items[lo:hi] if m["span"][1] <= s1])
        return out


#: Words that bring the United States into an article without naming the country.
_US_WORDS = re.compile(r"\b(?:American|USGS|Geological Survey|Washington|White House|Pentagon)\b")
#: Claim types about a statistic of a period (not events, offices or list membership).
_STATISTICAL = ("share", "production", "reserves", "ranking")


def _public_mention(m: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in m.items() if not k.startswith("_")}


def _public_commodity(c: dict[str, Any]) -> Any:
    """The 'commodity' of a claim as published: a group's reference or a name (None when
    the claim has none)."""
    com = c.get("commodity")
    if not com:
        return None
    return com.get("ref") if com["kind"] == "group" else com["name"]


_HIDDEN_KEYS = frozenset(("member", "group", "quantity", "commodity"))


def _public_claim(c: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in c.items() if k not in _HIDDEN_KEYS and k[:1] != "_"}
    if c.get("commodity"):
        out["commodity"] = _public_commodity(c)
    if c.get("event"):
        out["event"] = {
            k: c["event"][k] for k in ("type", "initiator", "targets", "date", "modality")
        }
    return out


def _resolve_share_anaphora(claims: list[dict[str, Any]]) -> None:
    """'China processes 90% of the world's rare earths. It mines 60% of them.': a share of
    'them' takes the base (scope, commodity) of the share claimed just before it."""
    last: dict[str, Any] | None = None
    for c in claims:
        if c["type"] != "share":
            continue
        if c.get("scope_anaphor") and last is not None and c["span"][0] - last["span"][1] < 400:
            c["scope"] = last["scope"]
            if c.get("commodity") is None or c.get("commodity_from") != "sentence":
                c["commodity"], c["commodity_from"] = last.get("commodity"), "previous claim"
        if c.get("scope") not in (None, "unstated"):
            last = c


_ROW_START = re.compile(r"\s*(?:[-*\u2022]\s*)?")
_ROW_GAP = re.compile(r"\s*(?:\([A-Za-z .]{1,20}\))?\s*[:=\-]?\s*")


def _row_item(text: str, s0: int, s1: int, local: dict[str, list[dict[str, Any]]]) -> bool:
    """A short line that starts with a country and holds a tonnage ('China 270,000 t',
    '- Burma: 31,000 tonnes'): a row of a list whose heading says what is counted."""
    if s1 - s0 > 80 or not local["countries"]:
        return False
    start = _ROW_START.match(text, s0).end()
    first = local["countries"][0]
    if first["span"][0] != start:
        return False
    # only punctuation between the country and its figure: 'China 270,000 t', 'Burma: ~31 kt'
    masses = [q for q in local["quantities"] if q["kind"] == "mass"]
    return bool(masses) and bool(_ROW_GAP.fullmatch(text, first["span"][1], masses[0]["span"][0]))


_WORLD_LINE = re.compile(r"\W*(?:the\s+)?(?:world|global|worldwide|world\s+total|total)\W*",
                         re.IGNORECASE)  # fmt: skip
_LEAD_IN_END = re.compile(r"[:\-]\W*$")


def _value_line_pair(
    text: str,
    spans: list[tuple[int, int]],
    i: int,
    local: dict[str, list[dict[str, Any]]],
    index: dict[str, Any],
) -> tuple[int, str | None, tuple[int, int]] | None:
    """A tonnage alone on its line under a line that is only a country or 'World', in a
    block of such pairs under a lead-in caption that names the measure ('Cobalt reserves
    known as of 2024, worldwide -' / 'World' / '11.00 million tons' / 'United States' /
    '0.07 million tons'). Returns (start of the name line, 'WLD' or None, caption span)."""
    if i < 2:
        return None
    s0, s1 = spans[i]
    masses = [q for q in local["quantities"] if q["kind"] == "mass"]
    if len(masses) != 1 or s1 - s0 > 40:
        return None
    q0, q1 = masses[0]["span"]
    if (text[s0:q0] + text[q1:s1]).strip(" \t.*,;") or "\n" not in text[spans[i - 1][1] : s0]:
        return None
    n0, n1 = spans[i - 1]
    if "\n" not in text[spans[i - 2][1] : n0] or n1 - n0 > 50:
        return None
    name = text[n0:n1].strip()
    countries = index["countries"].within(n0, n1)
    if _WORLD_LINE.fullmatch(name):
        who = "WLD"
    elif countries and not re.sub(r"(?i)^the\s+", "", name).replace(countries[0]["text"], "").strip(
        " \t.*,:;()"
    ):
        who = None
    else:
        return None
    # the caption: the nearest lead-in line above the block of short name/value lines
    for j in range(i - 2, max(-1, i - 14), -1):
        c0, c1 = spans[j]
        line = text[c0:c1]
        if _LEAD_IN_END.search(line) and len(line) > 12:
            return n0, who, (c0, c1)
        if c1 - c0 > 50:
            return None
    return None


def _header_period(dates: list[dict[str, Any]]) -> int | None:
    """The year a list heading names ('Rare earth mine production in 2024 (tonnes):')."""
    years = [d for d in dates if d.get("granularity") == "year" and d.get("value")]
    return int(str(years[0]["value"])[:4]) if len(years) == 1 else None


def _em_dash_as_space(raw: str, text: str) -> str:
    """``text`` with each em dash of ``raw`` read as a space, for finding mentions.

    Folding keeps one character for one, so an em dash becomes '-' like a hyphen; but an
    em dash written without spaces separates words ('five more rare earths<em dash>holmium,
    erbium'), where a hyphen joins them ('neodymium-iron-boron', whose 'iron' is no
    mention of its own). Spans stay valid: only the dash itself is replaced."""
    if "\u2014" not in raw:
        return text
    pieces, last = [], 0
    i = raw.find("\u2014")
    while i >= 0:
        pieces.append(text[last:i])
        pieces.append(" ")
        last = i + 1
        i = raw.find("\u2014", last)
    pieces.append(text[last:])
    return "".join(pieces)


#: Claim types whose figures are of a period.
_PERIOD_TYPES = ("share", "reserves", "production", "ranking")


def _apply_period_cue(
    claims: list[dict[str, Any]], cue: dict[str, Any], own_years: set[int], *, inherited: bool
) -> None:
    """Give the claims of one sentence the period a source cue names.

    A data cue ('2021 figures', 'as of 2019') is the figures' year; a release cue ('data
    released by the USGS in 2014', 'a 2022 report') is a publication year, whose figures
    are of the year before (the data year of an annual statistical summary). A claim whose
    own clause names a year keeps it, unless that year is only the release year written in
    the cue. The cue is recorded as ``period_cue`` ({year, kind, text, span, from,
    data_year}) so the verdict layer can refuse a period the store lacks; ``from`` is
    'sentence', or 'previous sentence' for a list that continues the cue's sentence.
    """
    data_year = cue["year"] if cue["kind"] == "data" else cue["year"] - 1
    record = {**cue, "data_year": data_year,
              "from": "previous sentence" if inherited else "sentence"}  # fmt: skip
    for c in claims:
        if c["type"] not in _PERIOD_TYPES or c.get("table"):
            continue
        period = c.get("period")
        if period is None:
            c["period"] = data_year
            c["period_basis"] = "context" if inherited else "explicit"
        elif not inherited and period == cue["year"] and period not in own_years:
            c["period"] = data_year  # the release year read as the data year
        else:
            continue
        if c.get("measure_kind") == "change":
            c["change_to"] = c["period"]
        c["period_cue"] = record


def _cue_continues(
    text: str, spans: list[tuple[int, int]], paras: list[int], j: int, i: int
) -> bool:
    """Whether sentence ``i`` continues the figures of sentence ``j`` that gave a period
    cue: the same paragraph, or short lines (a list under a lead-in ending with ':' or a
    dash) with no blank line between."""
    if paras[i] == paras[j]:
        return True
    if not re.search(r"[:\-]\W*$", text[spans[j][0] : spans[j][1]]):
        return False
    if "\n\n" in text[spans[j][1] : spans[i][0]]:
        return False
    return all(e - s <= 80 for s, e in spans[j + 1 : i + 1])


def check_document(kb: KnowledgeBase, doc: NewsDocument) -> dict[str, Any]:
    """Mentions, events and judged claims of one document (one entry of 'documents')."""
    raw = doc.text
    title_end = 0
    if doc.title:
        stripped = raw.lstrip()
        if stripped.startswith(doc.title):
            title_end = len(raw) - len(stripped) + len(doc.title)
        else:
            raw = f"{doc.title}\n\n{raw}"
            title_end = len(doc.title)
    text = normalise(raw)
    pub = doc.date
    spans = sentences(text)
    paras = paragraph_ids(text, spans)
    lower = ascii_lower(text)
    # the places of the words of the article: the extractors' patterns are tried only
    # where one of their first words (a number, a month, a trigger verb) starts
    words = WordIndex(lower)
    register_index(words, text, lower)
    named = _em_dash_as_space(raw, text)  # the same words as ``text`` (a dash read as a space)
    mentions = find_mentions(
        kb, named, words if named is text else words.with_text(ascii_lower(named))
    )
    quantities = find_quantities(text, kb.numbers, word_index=words)
    dates = find_dates(text, pub, word_index=words)
    events: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    prev_commodities: list[dict[str, Any]] = []
    index = {k: _SpanIndex(v) for k, v in mentions.items()}
    # an article that never names the United States: an unowned 'critical minerals' class
    # in it is not the USGS list
    us_context = (
        any(c.get("iso3") == "USA" for c in mentions.get("countries", []))
        or any(p.get("iso3") == "USA" for p in mentions.get("persons", []))
        or bool(_US_WORDS.search(text))
    )
    index["quantities"] = _SpanIndex(quantities)
    index["dates"] = _SpanIndex(dates)
    triggers = pattern_matches(kb, text, lower, word_index=words)
    trigger_starts = [t[2] for t in triggers]
    rank_starts = [m.start() for m in scan(RANK_WORDS, lower, words)]
    # the article's topic: the commodities of the headline, else of the first sentence
    head_end = title_end or (spans[0][1] if spans else 0)
    topic = index["commodities"].within(0, head_end)
    prev_countries: list[dict[str, Any]] = []
    header: tuple[int, int] | None = None
    # the heading of the last numbered list and its last item number: a list continues
    # after paragraphs about an item ('1. China' ... text ... '2. United States')
    list_header: tuple[int, int] | None = None
    list_n = 0
    # without a date, 'now' is the year of the latest edition held (what is checked)
    latest_edition = max((max(v) for v in kb.editions.values() if v), default=None)
    first_of_sentence = first_of_previous = 0  # where each sentence's claims start
    last_mass: tuple[int, str] | None = None  # sentence and measure of the last tonnage
    # the last source/period cue and the sentence that gave it (see _apply_period_cue)
    active_cue: tuple[dict[str, Any], int] | None = None
    # text tables ('| China | 140,000 | 60% |'): runs of table lines, read cell by cell
    in_table = table_row_lines(text, spans)
    table_start: dict[int, int] = {}  # first line -> index after the last line
    for i, flag in enumerate(in_table):
        if flag and (i == 0 or not in_table[i - 1]):
            j = i
            while j < len(spans) and in_table[j]:
                j += 1
            table_start[i] = j
    # the mentions of each sentence, of each kind
    per_sentence = {k: idx.per_span(spans) for k, idx in index.items()}
    for i, (s0, s1) in enumerate(spans):
        first_of_previous, first_of_sentence = first_of_sentence, len(claims)
        local = {k: found[i] for k, found in per_sentence.items()}
        lo = bisect.bisect_left(trigger_starts, s0)
        hi = bisect.bisect_left(trigger_starts, s1)
        same_para = i > 0 and paras[i - 1] == paras[i]
        # a labelled line ('Reserves: 44 million t') continues the block of lines above it
        label_line = i > 0 and bool(LABEL_LINE.match(text[s0:s1]))
        context = prev_commodities if same_para or label_line else []
        # a numbered list item ('1. China ...') reads its measure from the line heading
        # the list; the heading is the last line before the first item
        numbered = _NUMBERED.match(text, s0)
        if not numbered and _row_item(text, s0, s1, local):
            # 'China 270,000 t' rows under a heading: items of an unnumbered list
            if header is None and i > 0 and not in_table[i - 1]:
                header = spans[i - 1]
        elif numbered:
            n = int(numbered.group("n"))
            if header is None and list_header is not None and n == list_n + 1:
                # '2. United States: ...' after paragraphs about item 1: the same list
                header = list_header
            elif header is None and i > 0:
                header = spans[i - 1]
            list_header, list_n = header, n
        else:
            header = None
        sent_events = find_events(kb, text, (s0, s1), local, triggers[lo:hi])
        for ev in sent_events:
            # 'They have restricted exports of ...', 'the country imposed a ban': the actor
            # and the items come from the previous sentence, else the headline
            if ev["initiator"] is None:
                near = prev_countries[-1:] if same_para else []
                near = near or index["countries"].within(0, head_end)[:1]
                if near:
                    ev["initiator"], ev["initiator_from"] = near[0]["iso3"], "context"
            if not ev["commodities"]:
                ctx = [c["name"] for c in (context or topic)]
                if ctx:
                    ev["commodities"], ev["commodities_from"] = sorted(set(ctx)), "context"
        events.extend(sent_events)
        commodities = local["commodities"]
        if header is not None and not commodities:
            commodities_ctx = index["commodities"].within(*header) or context
        else:
            commodities_ctx = context
        if in_table[i]:
            if i in table_start:
                block = spans[i : table_start[i]]
                caption = spans[i - 1] if i > 0 else None
                lo = caption[0] if caption else s0
                claims.extend(
                    table_claims(
                        text, block, caption, mentions["countries"],
                        index["commodities"].within(lo, block[-1][1]) + topic, dates,
                    )
                )  # fmt: skip
            prev_countries = local["countries"] or prev_countries
            continue
        if text[s0:s1].rstrip().endswith("?"):
            # a question asserts nothing ('Does China really mine 90% of rare earths?')
            prev_commodities = commodities
            prev_countries = local["countries"] or prev_countries
            continue
        previous = index["commodities"].within(*spans[i - 1]) if i > 0 else []
        claims.extend(
            classification_claims(text, (s0, s1), commodities, context, previous,
                                  local["countries"], prev_countries, us_context=us_context)
        )  # fmt: skip
        if i > 0 and not any(c["type"] == "classification" for c in claims[first_of_sentence:]):
            prev = spans[i - 1]
            claims.extend(
                counted_list_claims(
                    text, (s0, s1), commodities, prev, index["quantities"].within(*prev),
                    index["commodities"].within(*prev),
                )
            )  # fmt: skip
        claims.extend(count_claims(text, (s0, s1), commodities, local["quantities"], context))
        pub_year = pub.year if pub else latest_edition
        near_countries = prev_countries if same_para else prev_countries[-1:]
        # the measure of the previous sentence's last measured claim (claims of earlier
        # sentences are not rescanned: only those added since the previous sentence)
        measured = [
            c.get("measure")
            for c in claims[first_of_previous:]
            if c["type"] in ("reserves", "production", "share", "ranking")
            and c.get("measure")
            and c["span"][0] >= (spans[i - 1][0] if i > 0 else s0)
            and c["span"][0] < s0
        ]
        previous_measure = measured[-1] if measured else None
        # tonnages continue tonnages: 'Rounding out the list are India (6.9 million tons),
        # ...' after a share of production continues the reserves list two sentences up
        figure_kinds = {q["kind"] for q in local["quantities"]} & {"mass", "percent"}
        mass_measure = last_mass[1] if last_mass and i - last_mass[0] <= 3 else None
        quantity_measure = (
            mass_measure if figure_kinds == {"mass"} and mass_measure else previous_measure
        )
        claims.extend(
            ranking_claims(text, (s0, s1), local, commodities_ctx, topic, header, pub_year,
                           near_countries, previous_measure,
                           bisect.bisect_left(rank_starts, s0) < bisect.bisect_left(rank_starts,
                                                                                   s1))
        )  # fmt: skip
        claims.extend(
            comparative_rank_claims(text, (s0, s1), local, commodities_ctx, topic,
                                    near_countries if i > 0 else [], previous_measure)
        )  # fmt: skip
        pair = _value_line_pair(text, spans, i, local, index) if header is None else None
        if pair is not None:
            # 'United States' / '0.07 million tons' under 'Cobalt reserves ... -': the pair
            # of lines is read as one row of the caption's list
            n0, who, caption = pair
            first_claim = len(claims)
            claims.extend(
                quantity_claims(
                    text, (n0, s1), {k: idx.within(n0, s1) for k, idx in index.items()},
                    index["commodities"].within(*caption) or commodities_ctx, topic, [],
                    caption, pub_year, None, _header_period(index["dates"].within(*caption)),
                )
            )  # fmt: skip
            for c in claims[first_claim:]:
                if who == "WLD" and c["type"] in ("reserves", "production"):
                    c.update(subject="World", iso3="WLD", _country=None,
                             subject_from="sentence", subject_basis="explicit")  # fmt: skip
        else:
            claims.extend(
                quantity_claims(
                    text, (s0, s1), local, commodities_ctx, topic,
                    near_countries if i > 0 else [], header, pub_year, quantity_measure,
                    _header_period(index["dates"].within(*header)) if header else None,
                )
            )  # fmt: skip
        claims.extend(factor_change_claims(text, (s0, s1), local, commodities_ctx, topic, pub_year))
        # 'according to data released by the USGS in 2014', '2021 figures show', 'as of
        # 2019': the period of this sentence's figures and of the paragraph's next ones
        cue = source_cue(text, s0, s1)
        own_years = {
            int(str(d["value"])[:4])
            for d in local["dates"]
            if d.get("value") and str(d["value"])[:4].isdigit()
            and not (cue and cue["span"][0] <= d["span"][0] < cue["span"][1])
        }  # fmt: skip
        if cue is not None:
            _apply_period_cue(claims[first_of_sentence:], cue, own_years, inherited=False)
            active_cue = (cue, i)
        elif (
            active_cue is not None
            and not own_years
            and _cue_continues(text, spans, paras, active_cue[1], i)
        ):
            _apply_period_cue(claims[first_of_sentence:], active_cue[0], own_years, inherited=True)
        else:
            active_cue = None
        for c in claims[first_of_sentence:]:
            if c["type"] in ("reserves", "production") and c.get("measure"):
                last_mass = (i, c["measure"])
            if c["type"] in _STATISTICAL:
                # 'in the first quarter of 2024': the figure covers part of the year
                c["period_part"] = period_part(text, (s0, s1), c.get("period"))
            if c["type"] == "ranking":
                tie = tie_of(text, (s0, s1), local["countries"], c.get("subject"))
                c["tie"] = bool(tie)
                c["tied_with"] = tie["tied_with"] if tie else []
        claims.extend(event_claims(text, sent_events))
        # 'former President X', 'Kazakh President Y Z': office-holder claims (not story events)
        claims.extend(event_claims(text, office_events(kb, text, (s0, s1), local)))
        prev_commodities = commodities or (context if header is not None or label_line else [])
        prev_countries = local["countries"] or prev_countries
    _resolve_share_anaphora(claims)
    for c in claims:
        if "commodity_from" in c:
            c["commodity_basis"] = commodity_basis(c["commodity_from"])
    judged = []
    unique: dict[tuple[str, ...], dict[str, Any]] = {}
    for claim in claims:
        # a headline repeated in the body, or a quote given twice, is one claim
        # (two figures of one sentence, '270,000 t in 2024, up from 255,000 t in 2023', are
        # two claims: the value and the period are part of the key)
        key = (
            claim["type"],
            claim["subject"],
            str(claim.get("object")),
            claim["text"],
            str(claim.get("value")),
            str(claim.get("period")),
            # two ranks of one sentence ('the biggest producer of gallium and one of the
            # largest of germanium') are two claims
            str(claim.get("rank_text")),
            str(_public_commodity(claim)),
        )
        kept = unique.setdefault(key, claim)
        if kept is not claim and kept["span"][1] <= title_end <= claim["span"][0]:
            # the body's telling of a headline claim is the one kept: its sentence gives the
            # context (the event it reports, its dates) and it is where a reader finds it
            unique[key] = claim
    sentence_events: dict[tuple[int, int], str] = {}  # office titles at a reported event
    for n, claim in enumerate(unique.values(), start=1):
        note_sentence_event(claim, {}, sentence_events)
        result = check_claim(kb, claim, pub)
        note_sentence_event(claim, result, sentence_events)
        judged.append({"id": f"{doc.id}:c{n}", **_public_claim(claim), **result})
    if pub is None:  # office titles of an undated article, after its reported events
        recheck_undated_offices(kb, list(unique.values()), judged)
    reconcile_undated(judged, pub)
    reconcile_named_sources(judged, text)
    editions = {
        cid: current_edition(kb.editions_for(cid), pub)
        for cid in sorted(
            {e.get("commodity") for c in judged for e in c["evidence"] if e.get("commodity")}
        )
    }
    warnings = []
    sample = text[:4000]  # the script of an article shows in its first paragraphs
    if sample.isascii():  # the common case: every letter is Latin
        letters = latin = 1
    else:
        # ASCII letters counted in bytes; the pattern only reads the other characters
        ascii_bytes = sample.encode("ascii", "ignore")
        latin = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTER_BYTES))
        letters = latin + len(_LETTER.findall(_ASCII_RUN.sub("", sample)))
    if letters and latin / letters < 0.5:
        warnings.append(
            "text is mostly in a non-Latin script; the gazetteers are English, so claims "
            "in it are not extracted"
        )
    if pub is None:
        warnings.append("no publication date: statistics checked against the latest edition")
    counts = {
        v: sum(1 for c in judged if c["verdict"] == v)
        for v in ("supported", "refuted", "not-checkable")
    }
    return {
        "id": doc.id,
        "title": doc.title,
        "date": pub.isoformat() if pub else None,
        "date_source": doc.date_source,
        "outlet": doc.outlet,
        "url": doc.url,
        "path": doc.path,
        "format": doc.format,
        "editions": editions,
        "mentions": {
            "commodities": [_public_mention(m) for m in mentions["commodities"]],
            "countries": mentions["countries"],
            "regions": mentions["regions"],
            "persons": mentions["persons"],
            "quantities": quantities,
            "dates": dates,
        },
        "events": events,
        "claims": judged,
        "summary": counts,
        "warnings": warnings,
        "text": text,
        "_title_end": title_end,
        "_lead_end": spans[min(2, len(spans) - 1)][1] if spans else 0,
    }


def check_text(
    store: Any,
    text: str,
    *,
    title: str | None = None,
    date: str | date | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """Check one article given as text; returns one document of the JSON contract.

    Parameters
    ----------
    store : assay.store.Store
        Open store (the evidence).
    text : str
        Article text (the first line is taken as the title when ``title`` is None).
    title, url : str, optional
    date : str or datetime.date, optional
        Publication date (ISO 'YYYY-MM-DD'); decides the statistics edition used.
    """
    doc = document_from_text(text, title=title, date_=coerce_date(date), url=url)
    out = check_document(knowledge_base(store), doc)
    return _strip_private(out)


def _strip_private(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _check_files(
    files: list[str], kb: KnowledgeBase, default_date: date | None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Read and check a batch of files (runs in-process or on a Dask worker)."""
    docs, errors = [], []
    for f in files:
        try:
            found = read_file(f)
        except NewsInputError as exc:
            errors.append(str(exc))
            continue
        except Exception as exc:  # never let one file stop a batch
            errors.append(f"{f}: could not be read ({type(exc).__name__}: {exc})")
            continue
        for d in found:
            if d.date is None and default_date is not None:
                d.date, d.date_source = default_date, "caller"
            try:
                docs.append(check_document(kb, d))
            except Exception as exc:
                errors.append(f"{f}: document {d.id} could not be checked ({exc})")
    return docs, errors


def _batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def check_paths(
    store: Any,
    paths: Iterable[str | Path],
    date: str | date | None = None,
    workers: int | None = None,
    *,
    scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = 25,
) -> dict[str, Any]:
    """Check every article in files and folders; the whole JSON contract with clusters.

    Parameters
    ----------
    store : assay.store.Store
    paths : iterable of path-like
        Files (text, HTML, RSS/Atom, JSON Lines) or folders.
    date : str or datetime.date, optional
        Publication date for documents that carry none.
    workers : int, optional
        Run on a local Dask cluster of this many worker processes.
    scheduler : str, optional
        Address of a running Dask scheduler (takes precedence over ``workers``).
    progress : callable(done, total), optional
        Called after each batch of files.
    batch_size : int
        Files per Dask task.

    Raises
    ------
    NewsInputError
        When a named path does not exist.
    """
    default_date = coerce_date(date)
    kb = knowledge_base(store)
    files = [str(f) for f in iter_files(paths)]
    docs: list[dict[str, Any]] = []
    errors: list[str] = []
    if scheduler or (workers and workers > 0):
        docs, errors = _run_dask(files, kb, default_date, workers, scheduler, progress, batch_size)
    else:
        batches = _batches(files, batch_size)
        for n, batch in enumerate(batches, start=1):
            d, e = _check_files(batch, kb, default_date)
            docs.extend(d)
            errors.extend(e)
            if progress:
                progress(min(n * batch_size, len(files)), len(files))
    seen: dict[str, int] = {}
    for d in docs:
        k = seen.get(d["id"], 0)
        seen[d["id"]] = k + 1
        if k:
            d["id"] = f"{d['id']}~{k + 1}"
    clusters, pairs = group_stories(docs, {d["id"]: d["text"] for d in docs})
    stories = story_summaries(clusters, docs)
    return {
        "documents": [_strip_private(d) for d in docs],
        "clusters": clusters,
        "stories": stories,
        "near_duplicates": [{"a": a, "b": b, "jaccard": j} for a, b, j in pairs],
        "errors": errors,
    }


def _run_dask(
    files: list[str],
    kb: KnowledgeBase,
    default_date: date | None,
    workers: int | None,
    scheduler: str | None,
    progress: ProgressCallback | None,
    batch_size: int,
) -> tuple[list[dict[str, Any]], list[str]]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, TimeoutError, ValueError) as exc:
            raise NewsInputError(
                f"--scheduler {scheduler}: cannot connect to a Dask scheduler ({exc})"
            ) from exc
    else:
        cluster = LocalCluster(
            n_workers=int(workers or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=40,
        )
        client = Client(cluster)
    try:
        kb.prefill_stages()  # workers have no store: ship the stage figures with the snapshot
        kb_future = client.scatter(kb, broadcast=True)
        batches = _batches(files, batch_size)
        futures = [
            client.submit(_check_files, b, kb_future, default_date, pure=False) for b in batches
        ]
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[tuple[list[dict[str, Any]], list[str]] | None] = [None] * len(futures)
        done = 0
        for fut in as_completed(futures):
            results[order[fut.key]] = fut.result()
            done += 1
            if progress:
                progress(min(done * batch_size, len(files)), len(files))
        docs, errors = [], []
        for r in results:
            if r is not None:
                docs.extend(r[0])
                errors.extend(r[1])
        return docs, errors
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
