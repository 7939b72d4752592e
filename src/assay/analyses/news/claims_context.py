"""Clause and context helpers shared by ranking, figure, change and table claims.

Which measure and processing stage a figure's clause speaks of (``_measure_and_stage``,
``_last_measure``, :func:`stage_word`), the
country a claim is about (``_country_subject``, ``_subject_countries``), the year a figure
is about (``_period``), the commodity reached from context (``_commodity_ref``,
``_context_commodity``), coordinated subjects (``_coordinated_before``), captions
(:func:`is_caption`), labelled lines (:data:`LABEL_LINE`) and the patterns they use.
"""

from __future__ import annotations

import re
from typing import Any

from assay.analyses.news.claims_common import (
    MEASURES,
)
from assay.analyses.news.frames import (
    UNSPECIFIED_PRODUCTION,
    attribution_spans,
    is_organisation_name,
    stage_of,
)

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
#: 'the country', 'the nation', 'it', 'its': a country named just before.
_COUNTRY_ANAPHOR = re.compile(
    r"^\s*(?:the\s+(?:country|nation)|it|its)\b|\b(?:the\s+(?:country|nation))(?:'s)?\b",
    re.IGNORECASE,
)
#: 'Production: 270,000 t', '2. Reserves - 44 million t': a labelled line.
LABEL_LINE = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*)?(?P<label>(?:mine |refinery |world )?production|reserves|"
    r"output|mining)\s*[:\-]",
    re.IGNORECASE,
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
