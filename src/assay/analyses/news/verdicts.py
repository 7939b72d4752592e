"""Verdicts on typed claims against the store, FEVER-style.

Each claim gets ``supported``, ``refuted`` or ``not-checkable`` (FEVER's SUPPORTED /
REFUTED / NOT ENOUGH INFO; Thorne et al. 2018, NAACL), the evidence rows used (source,
edition, table, value) and a one-line explanation. Nothing is guessed: a claim whose
subject, measure, commodity or evidence is missing is ``not-checkable``.

Evidence
--------
classification, count
    The store's ``element`` table (``is_rare_earth``: the 15 lanthanides plus Sc and Y,
    IUPAC Red Book 2005, IR-3.5; lanthanides are atomic numbers 57–71) and, for minerals
    and materials, the cited rows of ``news_terms.csv``.
ranking, share, reserves, production
    Observations of the USGS Mineral Commodity Summaries edition current at the article's
    date (:func:`~assay.analyses.news.knowledge.current_edition`), for the latest data year
    of that edition; ranks are competition ranks ('1224') over countries with a published
    value. The previous (and, for old articles, the next) edition is consulted too and the
    answer says when editions disagree.

Tolerances (:func:`claim_intervals`): a written figure allows half the place value of its
last significant digit ('60%' +-5 pp, '62%' +-0.5 pp), never less than a floor for the
evidence's own rounding (shares 2.5 pp, masses 10 % relative: MCS values carry two
significant figures). Hedge words give a direction, not a wider tolerance: 'about 60%'
is supported within 55-65 and refuted only outside 50-70; 'more than 60%' is refuted
only below 55; 'nearly 90%' holds for 85-92.5. Every statistical verdict passes one
:func:`gate` (same measure, stage, geography and period, a named subject and commodity
for a refutation); what fails it is not-checkable with a ``reason``.

Editions (:func:`check_claim`): a dated article is judged by the edition current at its
date; when the store lacks that edition (:func:`edition_at`), a yearly output gets no
verdict and a refutation of a reserves figure (amount, share or rank) stands only when
every held edition disagrees. An undated article could have been written under any
edition that publishes the claim's year: one that agrees supports it, and a later
revision does not refute it. A release the text names ('data released by the USGS in
2014') judges its figures when held; otherwise they are not-checkable
(:func:`reconcile_named_sources` catches source years named earlier in the paragraph).
Group subjects ('A, B and C together hold ...') are summed (:func:`group_subject`);
changes between two years are computed from one edition (:func:`check_change`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assay.analyses.news.knowledge import KnowledgeBase, current_edition, release_dates
from assay.analyses.news.text import scan

SUPPORTED = "supported"
REFUTED = "refuted"
NOT_CHECKABLE = "not-checkable"
SHARE_TOLERANCE_PP = 2.5
MASS_TOLERANCE_REL = 0.10
ORDINALS = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
MEASURE_LABEL = {
    "reserves": "reserves",
    "mine_production": "mine production",
    "refinery_production": "refinery production",
    "resources": "resources",
}
UNIT_TO_T = {"t": 1.0, "metric tons": 1.0, "kt": 1e3, "thousand metric tons": 1e3, "kg": 1e-3,
             "Mt": 1e6, "million metric tons": 1e6}  # fmt: skip


def ordinal(n: int) -> str:
    return ORDINALS[n] if 0 < n < len(ORDINALS) else f"{n}th"


def _fmt(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    return f"{text} {unit}" if unit else text


def source_ref(kb: KnowledgeBase, source_id: str | None) -> dict[str, Any]:
    """The citation of a source row (id, publisher, title, edition, year, table, doi)."""
    parts = [p for p in (source_id or "").split(";") if p]
    known = [p for p in parts if p in kb.sources]
    chosen = next((p for p in known if "iupac" in p), known[0] if known else source_id)
    src = kb.sources.get(chosen or "", {})
    return {
        "id": chosen,
        "publisher": src.get("publisher"),
        "title": src.get("title"),
        "edition": src.get("edition"),
        "year": src.get("year"),
        "table": src.get("table_name"),
        "doi": src.get("doi"),
        "url": src.get("url"),
    }


def edition_label(kb: KnowledgeBase, source_id: str | None, edition: int | None) -> str:
    src = kb.sources.get(source_id or "", {})
    title = src.get("title") or ""
    if "Mineral Commodity Summaries" in title or (source_id or "").lower().startswith("mcs"):
        return f"MCS {edition}"
    return f"{src.get('publisher') or 'source'} {title} {edition or ''}".strip()


# -- rankings and values ----------------------------------------------------------------------


def ranking(
    kb: KnowledgeBase, commodity_id: str, measure: str, edition: int, data_year: int | None = None
) -> list[dict[str, Any]]:
    """Countries ranked by ``measure`` in one edition (latest data year of the edition).

    Returns rows ``{iso3, country, value, unit, data_year, source_id, rank, qualifier,
    row_ref}`` sorted by rank, plus rows ``world`` available through :func:`world_row`.
    Competition ranking: equal values share a rank.
    """
    cache = kb.__dict__.setdefault("_rank_cache", {})
    key = (commodity_id, measure, edition, data_year)
    if key in cache:
        return cache[key]
    rows = [
        o
        for o in kb.observations
        if o["commodity_id"] == commodity_id
        and o["measure"] == measure
        and o["edition"] == edition
        and o["iso3"]
        and (o.get("area_kind") or "country") == "country"
    ]
    if not rows:
        cache[key] = []
        return []
    # several series under one measure (iron ore: usable ore and iron content; titanium
    # concentrates: ilmenite and rutile): rank within the series with the most countries
    details: dict[str | None, set[str]] = {}
    for o in rows:
        if o["value"] is not None:
            details.setdefault(o.get("detail"), set()).add(o["iso3"])
    if len(details) > 1:
        members = {
            m.group("member").lower() for d in details if (m := _MEMBER_DETAIL.search(d or ""))
        }
        if (
            len(members) == len(details)
            and (kb.commodities.get(commodity_id) or {}).get("kind") == "group"
        ):
            # one row per member of a group chapter and none for the group ('Mine
            # production: Platinum' / 'Palladium'): no member's rows stand for the group
            # (a mineral chapter, titanium concentrates, keeps its main mineral's rows)
            # (the member's own rows are read through :func:`member_commodity`)
            cache[key] = []
            return []
        chosen = max(details, key=lambda d: (len(details[d]), str(d)))
        rows = [o for o in rows if o.get("detail") == chosen]
    latest = max(o["data_year"] for o in rows) if data_year is None else data_year
    by_country: dict[str, dict[str, Any]] = {}
    for o in rows:
        # one row per country even when two sources carry the same edition
        if o["data_year"] == latest and o["value"] is not None:
            by_country.setdefault(o["iso3"], o)
    rows = list(by_country.values())
    values = sorted((o["value"] for o in rows), reverse=True)
    out = []
    for o in sorted(rows, key=lambda o: -o["value"]):
        out.append(
            {
                "iso3": o["iso3"],
                "country": kb.country_name(o["iso3"]) or o["area_name"],
                "value": o["value"],
                "unit": o["unit"],
                "data_year": o["data_year"],
                "source_id": o["source_id"],
                "qualifier": o.get("qualifier"),
                "row_ref": o.get("row_ref"),
                "detail": o.get("detail"),
                "rank": 1 + sum(1 for v in values if v > o["value"]),
            }
        )
    cache[key] = out
    return out


def world_row(
    kb: KnowledgeBase, commodity_id: str, measure: str, edition: int, data_year: int
) -> dict[str, Any] | None:
    """The published world total of a measure, or None."""
    for o in kb.observations:
        if (
            o["commodity_id"] == commodity_id
            and o["measure"] == measure
            and o["edition"] == edition
            and o["data_year"] == data_year
            and ((o.get("area_kind") or "") == "world" or "world" in (o["area_name"] or "").lower())
        ):
            return o
    return None


#: Production series tried in turn when a commodity has no mine production (e.g. gallium
#: is published as refinery production, titanium metal as sponge production).
PRODUCTION_FALLBACK = ("mine_production", "refinery_production", "production", "plant_production")


def resolve_series(kb: KnowledgeBase, commodity_id: str, measure: str) -> tuple[str, str] | None:
    """The (commodity, measure) series the store holds for a claim, or None.

    Tries the claimed measure, then for production the other production series; and the
    commodity, then its sub-commodities ('titanium' -> 'titanium-mineral-concentrates').
    """
    series = kb.__dict__.get("_series")
    if series is None:
        series = {(o["commodity_id"], o["measure"]) for o in kb.observations}
        kb.__dict__["_series"] = series
    measures = [measure]
    if measure in PRODUCTION_FALLBACK:
        measures += [m for m in PRODUCTION_FALLBACK if m != measure]
    commodities = [commodity_id] + sorted(
        {c for c, _ in series if c.startswith(commodity_id + "-")}
    )
    for c in commodities:
        for m in measures:
            if (c, m) in series:
                return c, m
    return None


def _evidence_row(
    kb: KnowledgeBase,
    commodity_id: str,
    measure: str,
    edition: int,
    row: dict[str, Any],
    role: str,
    of: int | None = None,
) -> dict[str, Any]:
    return {
        "role": role,
        "source": source_ref(kb, row["source_id"]),
        "edition": edition,
        "table": kb.sources.get(row["source_id"], {}).get("table_name"),
        "commodity": commodity_id,
        "measure": measure,
        "iso3": row.get("iso3"),
        "country": row.get("country") or kb.country_name(row.get("iso3")),
        "data_year": row.get("data_year"),
        "value": row.get("value"),
        "unit": row.get("unit"),
        "qualifier": row.get("qualifier"),
        "detail": row.get("detail"),
        "rank": row.get("rank"),
        "of": of,
        "row_ref": row.get("row_ref"),
    }


def _result(
    verdict: str, explanation: str, evidence: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """One verdict: evidence, explanation, ``comparison`` (the arithmetic, or None) and, for
    not-checkable verdicts, the ``reason``."""
    out = {
        "verdict": verdict,
        "evidence": evidence or [],
        "explanation": explanation,
        "comparison": None,
        **extra,
    }
    if verdict == NOT_CHECKABLE:
        out.setdefault("reason", explanation)
    return out


def comparison(
    claim_value: float | None,
    claim_unit: str | None,
    evidence_value: float | None,
    evidence_unit: str | None,
    tolerance: float | None,
    measure: str | None,
    stage: str | None,
    edition: int | None,
    **extra: Any,
) -> dict[str, Any]:
    """The arithmetic of a verdict: the claim's value in normalised units, the evidence
    value, the tolerance (in the claim's unit), and what was compared."""
    return {
        "claim_value": claim_value,
        "claim_unit": claim_unit,
        "evidence_value": evidence_value,
        "evidence_unit": evidence_unit,
        "tolerance": tolerance,
        "measure": measure,
        "stage": stage,
        "edition": edition,
        **extra,
    }


_APPROX = ("about", "around", "approximately", "roughly", "some", "~")
_NEARLY = ("nearly", "almost", "close to", "just under", "just below", "virtually", "practically")
_LOWER_BOUND = ("over", "more than", "above", "at least", "exceed", "exceeds", "upwards of")
_UPPER_BOUND = ("under", "less than", "below", "up to", "at most")


def rounding_halfwidth(written: str | None, value: float, round_tens: bool = False) -> float:
    """Half the place value of the last significant digit of a written figure, in the
    figure's normalised unit: '90%' -> 5, '3.8 million t' -> 50,000 t, '270,000 t' ->
    5,000 t. A figure written as '90' may stand for anything from 85 to 95."""
    if not written:
        return 0.0
    m = re.search(r"\d[\d,]*(?:\.\d+)?", written)
    if not m:
        return 0.0
    digits = m.group(0).replace(",", "")
    try:
        number = float(digits)
    except ValueError:
        return 0.0
    if number == 0:
        return 0.0
    if "." in digits:
        place = 10.0 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        zeros = len(digits) - len(stripped) if stripped else 0
        if len(digits) < 3 and not round_tens:
            zeros = 0  # '10 million', '40 tonnes': a two-digit figure is read as written
        place = 10.0**zeros
        if _PERCENT_WRITTEN.search(written):
            # a percentage is never rounded coarser than tens: the trailing zeros of
            # '100%' are not a rounding to hundreds (that would allow 50-150 %)
            place = min(place, 10.0)
    return 0.5 * place * (value / number)


_PERCENT_WRITTEN = re.compile(r"%|\bper\s?cent\b|\bpercentage\b", re.IGNORECASE)


def hedge_kind(qualifier: str | None) -> str:
    """The direction a hedge word gives a figure: 'bare', 'approx' (about X: either side),
    'nearly' (a little under X), 'lower' (more than X) or 'upper' (less than X)."""
    q = (qualifier or "").strip().lower()
    if q in _NEARLY:
        return "nearly"
    if q in _APPROX:
        return "approx"
    if q in _LOWER_BOUND:
        return "lower"
    if q in _UPPER_BOUND:
        return "upper"
    return "bare"


def claim_intervals(
    claimed: float, qualifier: str | None, tol: float, rng: list[float] | None = None
) -> dict[str, Any]:
    """Where the evidence must lie for a figure to be supported, and where to be refuted.

    The tolerance ``tol`` is what the written figure itself allows: half the place value
    of its last significant digit ('60%' is a figure rounded to tens, so 55-65 all write
    as 60: +-5 pp; '62%' only +-0.5 pp), never less than a floor for the evidence's own
    rounding (MCS values carry two significant figures, so a computed share is uncertain
    by about 2 pp: ``SHARE_TOLERANCE_PP``; masses ``MASS_TOLERANCE_REL``). The hedge word
    then sets a DIRECTION, not a wider tolerance:

    - bare 'X': supported within X +- tol, refuted outside it;
    - 'about / approximately / around / roughly / some / ~ X': the writer rounded, which
      the tolerance already allows, so support still needs X +- tol (a value that rounds
      to another figure at the writer's own granularity, 69.2 for 'about 60%', is not what
      was written); only a miss beyond X +- 2 tol is refuted, the band between is left
      not-checkable because 'about' concedes some looseness;
    - 'nearly / almost X': the value is a little under X: supported from X - tol up to
      X + tol/2 (an overshoot within the evidence's rounding; 'nearly 90%' holds for
      85-92.5 but not for 93), refuted below X - 2 tol or above X + tol;
    - 'more than / over / above / at least X': supported from X - tol/2 up (any larger
      value is still more than X), refuted only below X - tol (below X minus its rounding);
    - 'less than / under / below / up to X': the mirror image;
    - a range 'A-B': supported within [A - tol, B + tol], refuted outside it.

    Returns
    -------
    dict
        ``{"rule", "agree": [lo, hi], "refute_outside": [lo, hi]}`` (None for an open side).
    """
    kind = hedge_kind(qualifier)
    agree: list[float | None]
    refute: list[float | None]
    if rng:
        kind = "range"
        agree = refute = [float(rng[0]) - tol, float(rng[1]) + tol]
    else:
        x = float(claimed)
        agree, refute = {
            "approx": ([x - tol, x + tol], [x - 2 * tol, x + 2 * tol]),
            "nearly": ([x - tol, x + tol / 2], [x - 2 * tol, x + tol]),
            "lower": ([x - tol / 2, None], [x - tol, None]),
            "upper": ([None, x + tol / 2], [None, x + tol]),
        }.get(kind, ([x - tol, x + tol], [x - tol, x + tol]))
    return {"rule": kind, "agree": agree, "refute_outside": refute}


def _inside(actual: float, interval: list[float | None]) -> bool:
    lo, hi = interval
    return (lo is None or actual >= lo - 1e-9) and (hi is None or actual <= hi + 1e-9)


def judge(intervals: dict[str, Any], actual: float) -> bool | None:
    """True (supported), False (refuted) or None (between: not-checkable) for a value."""
    if _inside(actual, intervals["agree"]):
        return True
    if not _inside(actual, intervals["refute_outside"]):
        return False
    return None


def agrees(claim: dict[str, Any], actual: float, tol: float) -> bool | None:
    """:func:`judge` for a claim dict (``value``, ``qualifier``, ``quantity.range``)."""
    rng = (claim.get("quantity") or {}).get("range")
    return judge(claim_intervals(claim["value"], claim.get("qualifier"), tol, rng), actual)


def within(claimed: float, actual: float, qualifier: str | None, tol: float) -> bool | None:
    """Does ``actual`` agree with a claim of ``claimed`` (qualified) within ``tol``?
    True, False, or None when it lies between the agreement and refutation intervals
    (:func:`claim_intervals`)."""
    return judge(claim_intervals(claimed, qualifier, tol), actual)


def tolerance_record(claim: dict[str, Any], tol: float) -> dict[str, Any]:
    """The tolerance as used, for ``comparison``: the intervals and the hedge rule."""
    rng = (claim.get("quantity") or {}).get("range")
    iv = claim_intervals(claim["value"], claim.get("qualifier"), tol, rng)
    return {"tolerance_rule": iv["rule"], "agree_interval": iv["agree"],
            "refute_outside": iv["refute_outside"]}  # fmt: skip


def _hedge_note(claim: dict[str, Any], tol: float, fmt: Any) -> str:
    """The intervals of :func:`claim_intervals` in words, for explanations."""
    rec = tolerance_record(claim, tol)
    if rec["tolerance_rule"] in ("bare", "range"):
        return ""

    def span(iv: list[float | None]) -> str:
        lo, hi = iv
        if lo is None:
            return f"up to {fmt(hi)}"
        if hi is None:
            return f"from {fmt(lo)}"
        return f"{fmt(lo)} to {fmt(hi)}"

    return (
        f"; '{claim.get('qualifier')}' agrees {span(rec['agree_interval'])}, "
        f"refuted only outside {span(rec['refute_outside'])}"
    )


#: Minerals an MCS chapter reports as rows of their own beside the chapter total: a claim
#: about one of them is never compared with the total (MCS 'Titanium mineral concentrates':
#: ilmenite and rutile mine production; the world total adds both).
_CHAPTER_MEMBERS = {"titanium-mineral-concentrates": frozenset({"ilmenite", "rutile"})}
_CHAPTER_MEMBERS_ALL = frozenset().union(*_CHAPTER_MEMBERS.values())
#: A member's own row label in a family chapter: 'Mine production: Palladium', 'Mine
#: production: rutile, titanium dioxide (TiO2) content.' (not 'Ilmenite and rutile').
_MEMBER_DETAIL = re.compile(r":\s*(?P<member>[A-Za-z]+)\s*(?:[,.]|$)")


def member_commodity(kb: KnowledgeBase, family: str, member: str) -> str | None:
    """A commodity id (``'platinum-group-metals:platinum'``) for one member's own rows of a
    family chapter, or None when the store holds none.

    A measure counts only where every member of the chapter has country figures of its own
    (MCS platinum-group metals: mine production per metal, but one reserves figure for
    the group, filed under the first metal's label); the member commodity carries copies of
    that member's rows, so rankings, world totals and shares read them as for any other.
    """
    cache = kb.__dict__.setdefault("_member_cache", {})
    key = (family, member)
    if key in cache:
        return cache[key]
    by_measure: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for o in kb.observations:
        if o["commodity_id"] != family:
            continue
        m = _MEMBER_DETAIL.search(o.get("detail") or "")
        if m:
            by_measure.setdefault(o["measure"], {}).setdefault(
                m.group("member").lower(), []
            ).append(o)
    vid = f"{family}:{member}"
    added = []
    for members in by_measure.values():
        if member not in members or len(members) < 2:
            continue
        if all(
            any(
                o["value"] is not None
                and o["iso3"]
                and (o.get("area_kind") or "country") == "country"
                for o in rows
            )
            for rows in members.values()
        ):
            added += [{**o, "commodity_id": vid} for o in members[member]]
    if not added:
        cache[key] = None
        return None
    kb.observations.extend(added)
    kb.editions[vid] = sorted({int(o["edition"]) for o in added if o["edition"] is not None})
    kb.__dict__.pop("_series", None)
    cache[key] = vid
    return vid


def _commodity_id(kb: KnowledgeBase, mention: dict[str, Any] | None) -> str | None:
    if not mention:
        return None
    if mention["kind"] == "group":
        return (
            "rare-earths"
            if mention["ref"] == "rare-earths"
            and ("rare-earths" in kb.commodities or "rare-earths" in kb.editions)
            else None
        )
    name = (mention.get("name") or "").lower()
    if mention["kind"] == "element":
        cid = kb.resolve_commodity(name)
        if cid and (kb.commodities.get(cid) or {}).get("kind") == "group" and cid != name:
            # 'platinum', 'palladium': a named member of a family the MCS reports as one
            # chapter with a row per member; the family's figures are never the member's
            # (Russia's share of PGM is not its share of platinum): its own rows, or none
            return member_commodity(kb, cid, name)
        return cid
    ref = mention.get("ref")
    family = kb.resolve_commodity(name) if name in _CHAPTER_MEMBERS_ALL else None
    if family and name in _CHAPTER_MEMBERS.get(family, ()):
        return member_commodity(kb, family, name)  # 'rutile': its own rows, not the total
    if mention["kind"] == "material" and ref == "rare-earths":
        # NdPr, didymium, mischmetal: a part of the rare earths (a few of the elements),
        # never measured by the totals of all of them ('60,000 t of NdPr' against 270,000 t)
        return None
    if ref in kb.commodities or ref in kb.editions:
        return ref
    return kb.resolve_commodity(mention["name"])


def _series_for(kb: KnowledgeBase, claim: dict[str, Any]) -> tuple[str, str] | None:
    cid = _commodity_id(kb, claim["commodity"])
    return resolve_series(kb, cid, claim["measure"]) if cid else None


# -- classification and count ---------------------------------------------------------------


def _membership_source(kb: KnowledgeBase, fallback: str | None) -> str | None:
    # rare-earth membership is defined by IUPAC 2005 whatever the row's other sources
    return "iupac-2005" if "iupac-2005" in kb.sources else fallback


def _element_evidence(kb: KnowledgeBase, el: dict[str, Any]) -> dict[str, Any]:
    return {
        "role": "membership",
        "source": source_ref(kb, _membership_source(kb, el.get("source_id"))),
        "table": "element",
        "symbol": el["symbol"],
        "name": el["name"],
        "atomic_number": el["atomic_number"],
        "is_rare_earth": bool(el["is_rare_earth"]),
        "ree_group": el.get("ree_group"),
    }


def _in_group(el: dict[str, Any], group: str) -> bool | None:
    if group == "rare-earths":
        return bool(el["is_rare_earth"])
    if group == "lanthanides":
        return 57 <= int(el["atomic_number"]) <= 71
    if group == "light-rare-earths":
        return el.get("ree_group") == "light"
    if group == "heavy-rare-earths":
        return el.get("ree_group") == "heavy"
    return None


#: Rare earths on the light/heavy boundary: USGS (Van Gosen et al. 2017, PP 1802-O) puts
#: Sm and Eu with the light, Gd with the heavy group; China's 'medium and heavy' export
#: lists put Sm and Gd (MOFCOM Announcement 18 of 2025, sources_events.csv
#: events-hklaw-ree-2025) and Eu (Announcement 57 of 2025, events-siliconexpert-57-2025)
#: with the heavy ones. Membership of these is refuted under no definition.
MEDIUM_RARE_EARTHS = frozenset({"Sm", "Eu", "Gd"})

GROUP_LABEL = {
    "rare-earths": "rare-earth elements (the 15 lanthanides plus scandium and yttrium)",
    "lanthanides": "lanthanides (elements 57-71)",
    "light-rare-earths": "light rare earths",
    "heavy-rare-earths": "heavy rare earths",
    "critical-minerals": "critical minerals",
    "rare-metals": "rare metals",
}


_SIZE_WORDS = re.compile(r"\b(?:medium|middle|mid|heavy|light)\b", re.IGNORECASE)
#: Size words written right before a rare-earth group word ('a heavy rare earth', 'five
#: medium and heavy rare earths'), joined by 'and', '-', '&' or commas.
_SIZE_BEFORE = re.compile(
    r"(?:\b(?:medium|middle|mid|heavy|light)\b(?:\s*(?:-|&|,|and|to|or)\s*)?)+\s*$", re.IGNORECASE
)
_MEDIUM_WORDS = {"medium", "middle", "mid"}


def _written_subgroup(claim: dict[str, Any]) -> str | None:
    """The size class a classification's sentence gives its rare-earth group word, whether
    or not the claim's group kept it: 'heavy', 'light', 'medium' or 'medium-heavy' (None:
    no size word, or 'light and heavy', which is every rare earth)."""
    grp, text, span = claim.get("group") or {}, claim.get("text") or "", claim.get("span")
    words = {w.lower() for w in _SIZE_WORDS.findall(claim.get("object_text") or "")}
    if grp.get("span") and span:
        start = grp["span"][0] - span[0]
        if 0 < start <= len(text):
            m = _SIZE_BEFORE.search(text[max(0, start - 40) : start])
            if m:
                words |= {w.lower() for w in _SIZE_WORDS.findall(m.group(0))}
    medium = bool(words & _MEDIUM_WORDS)
    if medium:
        return "medium-heavy" if "heavy" in words else ("medium" if words <= _MEDIUM_WORDS
                                                        else None)  # fmt: skip
    if words == {"heavy"}:
        return "heavy"
    if words == {"light"}:
        return "light"
    return None


def _subgroup_truth(el: dict[str, Any], sub: str) -> bool | None:
    """Membership of a size class that every definition held agrees on, else None.

    USGS (PP 1802-O): light La-Eu, heavy Gd-Lu and Y, scandium in neither. China's export
    lists (MOFCOM Announcements 18 and 57 of 2025): Sm, Eu and Gd are 'medium' and listed
    with the heavy ones, as is scandium."""
    if not el.get("is_rare_earth"):
        return False
    sym, grp = el["symbol"], el.get("ree_group")
    if sub in ("heavy", "light"):
        return None if sym in MEDIUM_RARE_EARTHS or not grp else grp == sub
    if sub == "medium-heavy":
        return None if not grp else (sym in MEDIUM_RARE_EARTHS or grp == "heavy")
    return True if sym in MEDIUM_RARE_EARTHS else None  # 'medium': definitions vary


def check_classification(kb: KnowledgeBase, claim: dict[str, Any]) -> dict[str, Any]:
    """Is the member in the group? Decided by the element table (and mineral rows)."""
    member, group = claim["member"], claim["object"]
    positive = claim["polarity"]
    label = GROUP_LABEL.get(group, group)
    if group == "critical-minerals":
        return _check_critical(kb, member, positive)
    if group not in ("rare-earths", "lanthanides", "light-rare-earths", "heavy-rare-earths"):
        return _result(
            NOT_CHECKABLE,
            f"the store holds no list of {label} to check '{member['name']}' against",
        )
    if not kb.elements:
        return _result(NOT_CHECKABLE, "the store has no element table")
    sub = _written_subgroup(claim) if group != "lanthanides" else None
    if sub and member["kind"] == "element" and member.get("ref") in kb.elements:
        el = kb.elements[member["ref"]]
        truth = _subgroup_truth(el, sub)
        name = f"{sub} rare earths"
        if truth is None and not positive:
            why = (
                f"whether {el['name']} is one of the {name} depends on the definition (USGS: "
                "light La-Eu, heavy Gd-Lu and Y; China's export lists: medium Sm, Eu, Gd, "
                "listed with the heavy ones), so its exclusion is not judged"
            )
            return _result(NOT_CHECKABLE, why, [_element_evidence(kb, el)])
        if truth is None:
            # the size class is disputed (Sm, Eu, Gd, Sc): judge what every definition
            # agrees on, membership of the rare earths
            truth = bool(el["is_rare_earth"])
            what = (
                f"{el['name']} ({el['symbol']}, Z={el['atomic_number']}) "
                f"{'is' if truth else 'is not'} a rare earth; whether it is one of the {name} "
                "depends on the definition (USGS: light La-Eu, heavy Gd-Lu and Y; China's "
                "export lists: medium Sm, Eu, Gd, listed with the heavy ones), so only "
                "rare-earth membership is judged"
            )
            return _result(
                SUPPORTED if truth == positive else REFUTED, what, [_element_evidence(kb, el)]
            )
        what = (
            f"{el['name']} ({el['symbol']}, Z={el['atomic_number']}) "
            f"{'is' if truth else 'is not'} one of the {name} "
            + (
                "under every definition held"
                if sub in ("heavy", "light")
                else "(China's classification: medium Sm, Eu, Gd; heavy Tb-Lu and Y)"
            )
        )
        return _result(
            SUPPORTED if truth == positive else REFUTED, what, [_element_evidence(kb, el)]
        )
    if member["kind"] == "element" and member.get("ref") in kb.elements:
        el = kb.elements[member["ref"]]
        truth = _in_group(el, group)
        if truth is None:
            return _result(NOT_CHECKABLE, f"no membership data for {label}")
        ok = truth == positive
        if (
            not ok
            and group in ("light-rare-earths", "heavy-rare-earths")
            and (el["symbol"] in MEDIUM_RARE_EARTHS)
        ):
            why = (
                f"{el['name']} is a {el.get('ree_group')} rare earth by USGS (light La-Eu, "
                "heavy Gd-Lu and Y) but a 'medium' one in China's classification, which "
                "export rules group with the heavy ones: the light/heavy boundary differs "
                "between definitions, so the claim is not refuted"
            )
            return _result(NOT_CHECKABLE, why, [_element_evidence(kb, el)])
        what = (
            f"{el['name']} ({el['symbol']}, Z={el['atomic_number']}) "
            f"{'is' if truth else 'is not'} one of the {label}"
        )
        if not truth and int(el["atomic_number"]) >= 89 and int(el["atomic_number"]) <= 103:
            what += "; it is an actinide"
        return _result(SUPPORTED if ok else REFUTED, what, [_element_evidence(kb, el)])
    term = kb.terms.get(member["name"].lower()) or kb.terms.get(member.get("text", "").lower())
    if member["kind"] in ("mineral", "material") and term:
        evidence = [
            {
                "role": "definition",
                "source": {"title": term["source"]},
                "table": "news_terms",
                "term": term["term"],
                "kind": term["kind"],
                "note": term["note"],
            }
        ]
        bearing = term.get("ree_bearing") == "true"
        loose_mineral = "mineral" in claim.get("object_text", "").lower()
        if bearing and loose_mineral and group == "rare-earths":
            truth, why = True, f"{term['term']} is a rare-earth-bearing mineral ({term['note']})"
        else:
            truth = False
            why = f"{term['term']} is a {term['kind']} ({term['note']}), not one of the {label}"
        return _result(SUPPORTED if truth == positive else REFUTED, why, evidence)
    return _result(NOT_CHECKABLE, f"'{member['name']}' is not in the element table")


#: Spellings in news that the critical-minerals list writes differently.
_CRITICAL_SPELLING = {"aluminium": "aluminum", "caesium": "cesium", "fluorite": "fluorspar"}


def _check_critical(kb: KnowledgeBase, member: dict[str, Any], positive: bool) -> dict[str, Any]:
    """On a national list of critical minerals? Only a listed member can be decided: lists
    differ between countries (USGS 2022: 50; EU CRM Act 2024: 34), so absence from the US
    list does not refute."""
    name = _CRITICAL_SPELLING.get(member["name"].lower(), member["name"].lower())
    for list_name, members in kb.critical.items():
        if name in members:
            evidence = [
                {
                    "role": "list",
                    "source": {"title": members[name]},
                    "table": "news_critical_minerals",
                    "list": list_name,
                    "name": name,
                }
            ]
            return _result(
                SUPPORTED if positive else REFUTED,
                f"{name} is on the {list_name} list of critical minerals",
                evidence,
            )
    lists = ", ".join(kb.critical) or "none bundled"
    return _result(
        NOT_CHECKABLE,
        f"{name} is not on the critical-minerals lists held ({lists}); other lists differ",
    )


def _count_critical(kb: KnowledgeBase, claim: dict[str, Any]) -> dict[str, Any]:
    """The size of the US critical-minerals list: supported when a held list has that many
    entries (USGS 2022: 50); never refuted, since the list is revised (other editions have
    other sizes) and the text may mean one the store lacks."""
    claimed = int(claim["value"])
    for list_name, members in kb.critical.items():
        if len(members) == claimed:
            source = next(iter(members.values()))
            evidence = [{"role": "count", "source": {"title": source},
                         "table": "news_critical_minerals", "list": list_name,
                         "count": claimed}]  # fmt: skip
            return _result(
                SUPPORTED, f"the {list_name} list of critical minerals has {claimed}", evidence
            )
    sizes = ", ".join(f"{k}: {len(v)}" for k, v in kb.critical.items()) or "none bundled"
    return _result(
        NOT_CHECKABLE,
        f"no critical-minerals list held has {claimed} entries ({sizes}); other editions differ",
    )


def check_count(kb: KnowledgeBase, claim: dict[str, Any]) -> dict[str, Any]:
    """Number of members of a group, counted in the element table."""
    group = claim["object"]
    if group == "critical-minerals":
        return _count_critical(kb, claim)
    if group not in ("rare-earths", "lanthanides", "light-rare-earths", "heavy-rare-earths"):
        return _result(NOT_CHECKABLE, f"the store holds no definition of {group}")
    if not kb.elements:
        return _result(NOT_CHECKABLE, "the store has no element table")
    members = sorted(
        (e for e in kb.elements.values() if _in_group(e, group)),
        key=lambda e: e["atomic_number"],
    )
    n = len(members)
    if group == "rare-earths" and n != 17:
        return _result(NOT_CHECKABLE, f"the store's element table lists {n} rare earths, not all")
    claimed = int(claim["value"])
    src = members[0].get("source_id") if members else None
    evidence = [
        {
            "role": "count",
            "source": source_ref(kb, _membership_source(kb, src)),
            "table": "element",
            "group": group,
            "count": n,
            "members": [e["symbol"] for e in members],
        }
    ]
    label = GROUP_LABEL.get(group, group)
    return _result(
        SUPPORTED if claimed == n else REFUTED,
        f"there are {n} {label}" + ("" if claimed == n else f", not {claimed}"),
        evidence,
    )


# -- statistics ------------------------------------------------------------------------------


def _unstated(claim: dict[str, Any], kb: KnowledgeBase) -> str | None:
    if claim.get("measure") in (None, "resources"):
        return (
            "the store holds reserves and production, not total mineral resources"
            if claim.get("measure") == "resources"
            else "no measure (reserves, production) stated"
        )
    if not claim.get("commodity"):
        return "no commodity named"
    if not claim.get("iso3"):
        return "no country named"
    return None


STAGE_LABEL = {
    "mining": "mine production",
    "separation": "separation/refining (processing)",
    "refining": "refining (processing)",
    "metal": "metal production",
    "magnets": "magnet production",
    "chemicals": "chemical production",
    "anode": "anode production",
    "sponge": "sponge production",
    "pigment": "pigment production",
}


def _frame_reason(claim: dict[str, Any]) -> str | None:
    from assay.analyses.news.frames import FRAME_LABEL

    frame = claim.get("frame")
    if not frame or (claim.get("measure") in ("reserves", "resources") and frame != "past"):
        return None
    if frame == "past":
        return (
            "the claim is about an earlier period (a decade, a peak, 'used to'); the store "
            "compares the years it holds"
        )
    return (
        f"the figure is {FRAME_LABEL.get(frame, frame)}, not an amount produced; the store "
        "compares actual production only"
    )


def _mcs_series(kb: KnowledgeBase, cid: str, stage: str | None) -> tuple[str, str] | None:
    """The MCS series for a production claim of a stage: mining -> mine production only;
    separation/refining -> refinery production only; no stage -> mine production, else
    the series MCS publishes (refinery, plant...)."""
    if stage == "mining":
        found = resolve_series(kb, cid, "mine_production")
        return found if found and found[1] == "mine_production" else None
    if stage in ("separation", "refining"):
        found = resolve_series(kb, cid, "refinery_production")
        return found if found and found[1] == "refinery_production" else None
    if stage is None:
        return resolve_series(kb, cid, "mine_production")
    return None


def _chain_stage(kb: KnowledgeBase, cid: str, stage: str) -> str | None:
    """The chain's name for a claimed stage of a commodity ('processing' of rare earths is
    'separation'; of cobalt, 'refining')."""
    names = kb.stage_names(cid)
    if stage in names:
        return stage
    if stage in ("separation", "refining"):
        for alt in ("separation", "refining"):
            if alt in names:
                return alt
    return None


def _candidate_stages(kb: KnowledgeBase, cid: str, stage: str | None) -> list[str]:
    """Stages a production claim may mean: the stage it names, or, when it names none
    ('produces', 'supplies'), mining and the first processing stage of the commodity."""
    if stage is not None:
        return [stage]
    names = kb.stage_names(cid)
    if names and "mining" not in names:
        return [names[0]]  # a by-product (gallium): its first stage is what is produced
    later = [n for n in names if n != "mining"]
    return ["mining"] + later[:1] if later else [None]


def _share_total(
    world: dict[str, Any] | None, table: list[dict[str, Any]]
) -> tuple[float, str | None]:
    """The denominator of a share and whether the share is only an upper bound: the
    published world total; when MCS publishes it as a lower bound ('>90,000,000'), that
    bound, so the share is at most the value computed; without a total, the sum of the
    countries listed (also an upper bound: unlisted countries are missing)."""
    if world and world.get("value"):
        if (world.get("qualifier") or "").startswith(">"):
            # the true total exceeds the bound and is at least the listed countries' sum:
            # the larger of the two gives the tighter upper bound on the share
            listed = sum(r["value"] for r in table if r.get("value"))
            return max(float(world["value"]), float(listed)), "upper"
        return float(world["value"]), None
    return float(sum(r["value"] for r in table)), "upper-sum"


def _period_table(
    kb: KnowledgeBase, cid: str, measure: str, edition: int, period: int | None
) -> tuple[list[dict[str, Any]], int, str | None]:
    """The country table of a series for the claim's period: the edition's latest year
    when the claim states none; else that data year, from the edition current at the
    article's date when it has it, else the nearest edition that does. Returns (rows,
    edition used, note) - rows empty when no edition has the year."""
    if period is None:
        return ranking(kb, cid, measure, edition), edition, None
    editions = kb.editions_for(cid)
    having = [e for e in editions if ranking(kb, cid, measure, e, period)]
    if not having:
        return [], edition, None
    chosen = edition if edition in having else min(having, key=lambda e: (abs(e - edition), -e))
    note = None if chosen == edition else f"{period} figures from MCS {chosen}"
    return ranking(kb, cid, measure, chosen, period), chosen, note


def _rerank(table: list[dict[str, Any]], excluded: set[str]) -> list[dict[str, Any]]:
    """A ranking without some countries ('the largest outside China', 'second after
    China' read as first without China), competition ranks recomputed."""
    if not excluded:
        return table
    kept = [r for r in table if r["iso3"] not in excluded]
    values = [r["value"] for r in kept]
    return [{**r, "rank": 1 + sum(1 for v in values if v > r["value"])} for r in kept]


def _years_held(kb: KnowledgeBase, cid: str, measure: str) -> str:
    years = sorted({o["data_year"] for o in kb.observations
                    if o["commodity_id"] == cid and o["measure"] == measure})  # fmt: skip
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "none")


def _claim_year(claim: dict[str, Any], pub: date | None) -> int | None:
    """The year a stage figure must describe: the clause's year, else the article's."""
    if claim.get("period"):
        return int(claim["period"])
    if pub is not None:
        return pub.year
    return claim.get("_pub_year")


def _stage_figure(
    kb: KnowledgeBase, cid: str, stage: str, iso3: str | None, year: int | None
) -> tuple[dict[str, Any] | None, str | None]:
    """The latest stage figure of ``year`` or before, and, when there is none although a
    later one exists, the reason 'no stage figure for <year>'."""
    fig = kb.stage_figure(cid, stage, iso3, year)
    if fig is None and year is not None and kb.stage_figure(cid, stage, iso3) is not None:
        return None, f"no stage figure for {year}"
    return fig, None


def _stage_outcome_share(
    kb: KnowledgeBase, claim: dict[str, Any], cid: str, stage: str | None, pub: date | None
) -> dict[str, Any]:
    """A country's share at one stage: {'stage', 'share' [%], 'evidence', 'edition',
    'label', 'measure'} or {'stage', 'missing': reason}."""
    series = (
        _mcs_series(kb, cid, stage) if stage in (None, "mining", "separation", "refining") else None
    )
    if series is not None:
        scid, measure = series
        edition = current_edition(kb.editions_for(scid), pub)
        if edition is not None:
            table, edition, _ = _period_table(kb, scid, measure, edition, claim.get("period"))
            if not table:
                return {
                    "stage": stage,
                    "missing": f"the claim is about {claim['period']}; the store has {scid} "
                    f"{MEASURE_LABEL.get(measure, measure)} for {_years_held(kb, scid, measure)}"
                    if claim.get("period") is not None
                    else f"the store has {scid} {MEASURE_LABEL.get(measure, measure)} only "
                    "per member of the family, no figure for the family as a whole",
                }
            row = next((r for r in table if r["iso3"] == claim["iso3"]), None)
            if row is not None:
                world = world_row(kb, scid, measure, edition, row["data_year"])
                total, bound = _share_total(world, table)
                evidence = [_evidence_row(kb, scid, measure, edition, row, "current", len(table))]
                if world:
                    evidence.append(
                        _evidence_row(
                            kb, scid, measure, edition, {**world, "country": "World"},
                            "world total",
                        )
                    )  # fmt: skip
                return {
                    "stage": stage or "mining" if measure == "mine_production" else stage,
                    "share": 100.0 * row["value"] / total,
                    "bound": bound,
                    "value": row["value"],
                    "unit": row["unit"],
                    "evidence": evidence,
                    "edition": edition,
                    "label": edition_label(kb, row["source_id"], edition),
                    "measure": measure,
                    "data_year": row["data_year"],
                }
    chain_stage = _chain_stage(kb, cid, stage or "mining")
    if chain_stage is not None and (stage not in (None, "mining") or series is None):
        fig, no_year = _stage_figure(kb, cid, chain_stage, claim["iso3"], _claim_year(claim, pub))
        if no_year:
            return {"stage": chain_stage, "missing": no_year}
        if fig and fig.get("share") is not None:
            src = fig.get("source") or {}
            return {
                "stage": chain_stage,
                "share": 100.0 * float(fig["share"]),
                "value": fig.get("value"),
                "unit": fig.get("unit"),
                "evidence": [
                    {
                        "role": "current",
                        "source": src,
                        "edition": fig.get("year"),
                        "table": "stage shares",
                        "commodity": cid,
                        "measure": f"{chain_stage} share",
                        "stage": chain_stage,
                        "iso3": claim["iso3"],
                        "value": fig.get("value"),
                        "unit": fig.get("unit"),
                        "share": fig.get("share"),
                        "basis": fig.get("basis"),
                        "data_year": fig.get("year"),
                        "page": fig.get("page"),
                    }
                ],
                "edition": fig.get("year"),
                "label": f"{src.get('publisher') or 'the stage table'} ({fig.get('year')})",
                "measure": f"{chain_stage}_share",
                "data_year": fig.get("year"),
            }
    have = "mine production" if resolve_series(kb, cid, "mine_production") else "no figure"
    return {
        "stage": stage,
        "missing": f"the store has {have} for {cid}, the claim is about "
        f"{STAGE_LABEL.get(stage or 'mining', stage)}; no {stage or 'mining'} figure for "
        f"{kb.country_name(claim['iso3']) or claim['subject']}",
    }


#: A share written as a fraction in words ('two-thirds', 'half') is read within this many
#: percentage points: half the gap between neighbouring fractions in use (1/3 vs 1/4).
FRACTION_TOLERANCE_PP = 5.0


def _share_tolerance(claim: dict[str, Any]) -> float:
    q = claim.get("quantity") or {}
    if q.get("fraction"):
        return FRACTION_TOLERANCE_PP
    if q.get("range"):
        return SHARE_TOLERANCE_PP  # the range states its own spread
    return max(
        SHARE_TOLERANCE_PP, rounding_halfwidth(q.get("text"), claim["value"], round_tens=True)
    )


def _precheck(kb: KnowledgeBase, claim: dict[str, Any]) -> dict[str, Any] | None:
    """Not-checkable verdicts common to share, amount and ranking claims."""
    why = _frame_reason(claim)
    if why:
        return _result(NOT_CHECKABLE, why)
    if claim.get("unit_note"):
        return _result(NOT_CHECKABLE, claim["unit_note"])
    if claim.get("basis") in ("ore", "concentrate") and claim["type"] in ("production", "reserves"):
        return _result(
            NOT_CHECKABLE,
            f"the figure is a tonnage of {claim['basis']}; the store's statistics are contained "
            "content (e.g. t REO), another basis",
        )
    text = claim.get("text") or ""
    written = claim.get("rank_text") or (claim.get("quantity") or {}).get("text") or ""
    at = text.find(written) if written else -1
    claimed = _CLAIMS_BEFORE.search(text, max(0, at - 80), at) if at > 0 else None
    if claimed:
        # 'Russia claims the world's second-largest reserves': the text reports what
        # someone claims and keeps its distance; it does not assert the figure itself
        why = f"the text reports the figure as a claim ('{claimed.group(0).strip()}'), not as fact"
        return _result(NOT_CHECKABLE, why, reason=why)
    national = (
        _NATIONAL_SOURCE.search(text)
        if claim.get("type") in ("production", "reserves", "share") and claim.get("iso3") != "USA"
        else None
    )
    if national:
        # 'estimated at 22 Mt by the Vietnamese government', 'according to its natural
        # resources ministry': a national figure, on the country's own classification and
        # statistics, not the basis of the USGS estimate it would be compared with
        why = (
            f"the figure is a national authority's ('{national.group(0).strip()}'), on the "
            "country's own basis, not the USGS estimate's"
        )
        return _result(NOT_CHECKABLE, why, reason=why)
    contested = _CONTESTED.search(text)
    if contested:
        # '60% according to some estimates, and up to 90% according to others': the text
        # does not assert the figure, it reports one of several estimates it contrasts
        why = (
            f"the text gives the figure as one of several estimates ('{contested.group(0)}'), "
            "not as its own statement"
        )
        return _result(NOT_CHECKABLE, why, reason=why)
    part = claim.get("period_part")
    if part and claim.get("measure") != "reserves":
        # output or a share of it over a quarter, a half or some months is not the year's:
        # the store's statistics are yearly totals, never compared with part of a year
        why = f"the figure covers part of a year ('{part}'); the store's statistics are whole years"
        return _result(NOT_CHECKABLE, why, reason=why)
    missing = _unstated(claim, kb)
    if missing:
        return _result(NOT_CHECKABLE, missing)
    return None


#: A verb of claiming before a figure or rank: the text reports an assertion it does not
#: make ('Russia claims the second-largest reserves', 'the company claimed that ...'). 'Said'
#: and 'according to' attribute a statement the text does make; they are not this.
_CLAIMS_BEFORE = re.compile(
    r"\b(?:claims?|claimed|claiming|insists?|insisted|asserts?|asserted|contends?|"
    r"contended|purports?|purported)\b(?:\s+(?:that|it|to\s+(?:have|hold|be|own)))?\s+"
    r"(?:[\w'-]+\s+){0,6}$",
    re.IGNORECASE,
)
#: A national authority as a figure's source: 'the Vietnamese government', 'its natural
#: resources ministry', "the country's geology service", "Congo's central bank". The US
#: (whose survey is the evidence) is not one.
_NATIONAL_SOURCE = re.compile(
    r"\b(?:its|their|the\s+country's|the\s+nation's|(?!(?:U\.?S|American|United)\b)"
    r"[A-Z][a-z]+(?:an|ian|ese|ish|ic|i|'s))\s+(?:own\s+)?(?:[A-Za-z-]+\s+){0,3}?"
    r"(?i:government|ministry|minister|authorities|central\s+bank|statistic(?:s|al)\s+"
    r"(?:office|bureau|agency|service)|geolog\w*\s+(?:service|survey|agency|department|"
    r"directorate))\b"
)
#: Estimates the text itself sets against others: 'according to some estimates', 'by other
#: accounts', 'estimates vary'. One named source ('according to the IEA') is not this.
_CONTESTED = re.compile(
    r"\b(?:according\s+to|by|in|on)\s+(?:some|other|certain|several|various|differing|"
    r"varying)\s+(?:estimates?|accounts?|counts?|measures?|calculations?|analysts|sources)\b|"
    r"\b(?:some|other)\s+estimates\s+(?:put|suggest|say|show|place|give)\b|"
    r"\bestimates\s+(?:range|vary|differ)\b",
    re.IGNORECASE,
)


#: Words that make a figure one of production: a verb before it or its base after it.
_PRODUCTION_WORD = re.compile(r"\b(?:produc(?:e|es|ed|ing|tion|er|ers)|output|mined|mines)\b",
                              re.IGNORECASE)  # fmt: skip


def _production_worded(claim: dict[str, Any]) -> bool:
    """Is the claim's figure tied to a production word: a verb in the few words before
    it ('produces ~70%') or its base after it ('69% of the world's production')? Words
    of supply, control or dominance alone do not make it one."""
    text = claim.get("text") or ""
    written = (claim.get("quantity") or {}).get("text") or ""
    at = text.find(written) if written else -1
    if at < 0:
        return False
    before = text[max(0, at - 30) : at]
    after = text[at + len(written) : at + len(written) + 45]
    base = re.match(r"[^,;.]*", after)
    return bool(_PRODUCTION_WORD.search(before) or _PRODUCTION_WORD.search(base.group(0)))


def _combine(
    kb: KnowledgeBase,
    claim: dict[str, Any],
    outcomes: list[dict[str, Any]],
    describe: Any,
) -> dict[str, Any]:
    """Verdict over the stage readings of a claim: supported when one reading agrees,
    refuted only when every reading was checked and disagrees, otherwise not-checkable.

    ``describe(outcome)`` -> (ok, text, comparison dict).
    """
    checked = [o for o in outcomes if "missing" not in o]
    results = [(o, *describe(o)) for o in checked]
    assumed = len(outcomes) > 1
    agreeing = [r for r in results if r[1]]
    disagreeing = [r for r in results if r[1] is False]
    mined = [r for r in agreeing if r[0].get("stage") == "mining"]
    if assumed and mined and disagreeing and _production_worded(claim):
        # 'produces 70% of the world's rare earths', '69% of the world's production': the
        # statistics' own word for mine output; another stage would have to be named
        o, _, text, comp = mined[0]
        return _result(
            SUPPORTED,
            f"supported by {o['label']}: {text} (the claim names no stage; 'production' "
            "read as mine production, the statistics' sense of the word)",
            o["evidence"],
            edition=o["edition"],
            comparison=comp,
            stage_assumed="mining",
        )
    if assumed and agreeing and disagreeing:
        # 'supplies 90 % of the world's rare earths': true of one stage, false of another;
        # the claim does not say which it means, so neither verdict is earned
        def stages(rs: list[Any]) -> str:
            return " and ".join(STAGE_LABEL.get(r[0]["stage"], r[0]["stage"]) for r in rs)

        why = (
            f"the claim names no stage and the stages disagree: it holds for {stages(agreeing)}"
            f", not for {stages(disagreeing)}"
        )
        o, _, text, comp = agreeing[0]
        return _result(
            NOT_CHECKABLE,
            f"{why} ({'; '.join(t for _, _, t, _ in results)})",
            [e for r in results for e in r[0]["evidence"]],
            edition=o["edition"],
            comparison=comp,
            reason=why,
        )
    for o, ok, text, comp in results:
        if ok:
            note = (
                f" (the claim names no stage; read as {STAGE_LABEL.get(o['stage'], o['stage'])})"
                if assumed
                else ""
            )
            return _result(
                SUPPORTED,
                f"supported by {o['label']}: {text}{note}",
                o["evidence"],
                edition=o["edition"],
                comparison=comp,
                stage_assumed=o["stage"] if assumed else None,
            )
    texts = "; ".join(t for _, _, t, _ in results)
    unsettled = [r for r in results if r[1] is None]  # only a bound, and the claim within it
    if results and len(checked) == len(outcomes) and not unsettled:
        o, _, _, comp = results[0]
        return _result(
            REFUTED,
            f"refuted by {o['label']}: {texts}"
            + (" (no stage named; every stage disagrees)" if assumed else ""),
            [e for r in results for e in r[0]["evidence"]],
            edition=o["edition"],
            comparison=comp,
        )
    missing = "; ".join(
        [o["missing"] for o in outcomes if "missing" in o]
        + [
            f"{t} ("
            + (
                "no world total is published: the listed countries' sum is used"
                if r.get("bound") == "upper-sum"
                else "the world total is published as a lower bound"
                if r.get("bound") == "upper"
                else "the evidence is outside the claim's agreement interval but inside "
                "its refutation interval: neither verdict is earned"
            )
            + ")"
            for r, _, t, _ in unsettled
        ]
    )
    head = (
        "the claim names no stage and not every stage can be checked: "
        if assumed and results
        else ""
    )
    settled = "; ".join(t for _, ok, t, _ in results if ok is not None)
    return _result(
        NOT_CHECKABLE,
        f"{head}{missing}" + (f"; {settled}" if settled else ""),
        [e for r in results for e in r[0]["evidence"]],
        edition=results[0][0]["edition"] if results else None,
        comparison=results[0][3] if results else None,
        reason=f"{head}{missing}",
    )


#: An ordinal that counts time or steps ('in the first quarter', 'for the first time',
#: 'the second half', 'a third round'), not places in a ranking.
_NOT_A_RANK = re.compile(
    r"\s+(?:quarter|half|time|times|phase|stage|round|batch|tranche|step|month|week|day|year|"
    r"decade|wave|term|session|shipment|deal|list|edition|meeting)s?\b",
    re.IGNORECASE,
)
#: A bare ordinal ('second', '3rd'), with no superlative joined to it.
_BARE_ORDINAL = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))",
    re.IGNORECASE,
)
#: The lowercase word right after an ordinal ('second leg', 'third largest').
_ORDINAL_NOUN = re.compile(r"\s+(?P<word>[a-z][a-z'-]*)")
#: Words an ordinal may stand before in a ranking: superlatives and ranking nouns ('second
#: largest', 'third producer', 'fifth place'), and the words that continue a rank ('second
#: only to', 'third in reserves', 'fourth globally', 'second with 21 Mt').
_RANK_HEAD_WORDS = frozenset(
    """largest biggest greatest highest leading top most major main dominant
    place position spot rank ranked ranking only behind after to in among amongst with at
    by for on globally worldwide overall internationally world world's country countries
    nation nations producer producers producing production miner miners mining refiner
    refiners refining processor processors processing supplier suppliers source sources
    holder holders reserves exporter exporters importer importers consumer consumers
    and or as among""".split()
)
#: A rank among a group of countries rather than the world: 'among Western countries',
#: 'among G7 nations', 'of all EU members' (not 'among the world's largest', 'among the
#: top five', which are vague world ranks).
_RANK_SUBSET = re.compile(
    r"\b(?:among|amongst|of\s+all)\s+(?:the\s+)?(?:(?!(?:world|top|largest|biggest|leading|"
    r"major|main|key|ten|five|three)\b)[\w'-]+\s+){0,3}?(?:countries|nations|states|members|economies|"
    r"allies|partners|democracies|producers\s+(?:in|of|outside)\b)"
    r"|\b(?:among|amongst|within|in)\s+(?:the\s+)?(?:G-?7|G-?20|EU|European\s+Union|OECD|NATO|"
    r"BRICS|ASEAN|West|Western\s+world|Quad)\b",
    re.IGNORECASE,
)
#: A superlative read as a set of unstated size: 'some of the world's largest'.
_SEVERAL_OF = re.compile(
    r"\b(?:some|several|many|a\s+few|among)\s+(?:of\s+)?(?:the\s+)?(?:world['‘’]?s\s+)?$",
    re.IGNORECASE,
)
_TIE_WORDS = re.compile(
    r"\b(?:tied|joint|jointly|equal|level)\b(?:\s+(?:for|at|in|with|the))*\s*$", re.IGNORECASE
)


def _says_tied(claim: dict[str, Any]) -> bool:
    """Does the claim assert a shared rank ('tied for third', 'joint second')? The words
    must come right before the rank word."""
    text, rank_text = claim.get("text") or "", claim.get("rank_text") or ""
    at = text.find(rank_text) if rank_text else -1
    return at > 0 and bool(_TIE_WORDS.search(text[:at]))


def _words_before_rank(claim: dict[str, Any]) -> str:
    """The claim's text up to its rank word: the occurrence nearest before the commodity
    when the sentence repeats it ('the largest reserves of A, and some of the largest B')."""
    text, rank_text = claim.get("text") or "", claim.get("rank_text") or ""
    if not rank_text:
        return ""
    span = (claim.get("commodity") or {}).get("span")
    at = -1
    if span and claim.get("span"):
        at = text.rfind(rank_text, 0, max(0, span[0] - claim["span"][0]))
    if at < 0:
        at = text.find(rank_text)
    return text[:at] if at >= 0 else ""


def _tie_outcome(
    kb: KnowledgeBase, claim: dict[str, Any], table: list[dict[str, Any]], row: dict[str, Any]
) -> str | None:
    """Why a claimed shared rank is not earned by the ranked ``table``, or None when it
    is: the countries the claim ties with the subject (``tied_with``; any country when it
    names none) must have the subject's value, and the claimed rank must be one of the
    places they share (tied for 4th-6th: 'fourth' to 'sixth')."""
    same = [r for r in table if r["value"] == row["value"] and r["iso3"] != row["iso3"]]
    partners = []
    for name in claim.get("tied_with") or []:
        alias = kb.country_aliases.get(name)
        iso3 = alias[0] if alias else None
        if iso3 is None or iso3 == row["iso3"]:
            continue
        partners.append((name, next((r for r in table if r["iso3"] == iso3), None)))
    for name, r in partners:
        if r is None:
            return f"the claim ties the rank with {name}, which the table does not rank"
        if r["value"] != row["value"]:
            return (
                f"the claim says the rank is shared with {name}, which has "
                f"{_fmt(r['value'], r['unit'])}, not the same value"
            )
    if not same:
        return "the claim says the rank is shared; no other country has the same value"
    if not row["rank"] <= claim["rank"] < row["rank"] + len(same) + 1:
        return (
            f"the claim says tied {ordinal(claim['rank'])}; the shared places are "
            f"{ordinal(row['rank'])} to {ordinal(row['rank'] + len(same))}"
        )
    return None


def check_ranking(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """Rank of a country for a commodity and measure in the edition current at ``pub``."""
    scope = claim.get("scope")
    if scope == "object":
        return _result(
            NOT_CHECKABLE,
            f"'{claim.get('rank_text')}' ranks a deposit, mine, project or company, not a "
            "country; the store ranks countries",
        )
    if scope and scope.startswith("entity "):
        return _result(
            NOT_CHECKABLE,
            f"'{claim.get('rank_text')}' is said of {scope[7:]}, not of a country; the store "
            "ranks countries",
        )
    if scope and scope.startswith("within "):
        return _result(
            NOT_CHECKABLE,
            f"a superlative {scope} ('{claim.get('rank_text')}') ranks something inside "
            f"{scope[7:]}, not {scope[7:]}'s world rank",
        )
    if scope not in (None, "world"):
        return _result(
            NOT_CHECKABLE,
            f"ranking within {scope}: the store has world rankings only",
        )
    rank_text = claim.get("rank_text") or ""
    after = (claim.get("text") or "").split(rank_text, 1)[1] if rank_text and rank_text in (
        claim.get("text") or "") else ""  # fmt: skip
    if _NOT_A_RANK.match(after):
        return _result(
            NOT_CHECKABLE,
            f"'{rank_text}{_NOT_A_RANK.match(after).group(0)}' counts time or steps, not a "
            "country's rank",
        )
    stray = _ORDINAL_NOUN.match(after) if _BARE_ORDINAL.fullmatch(rank_text) else None
    if stray and stray.group("word").lower() not in _RANK_HEAD_WORDS:
        # 'the second leg of a tour', 'a third shipment': an ordinal on a noun that is no
        # ranking head counts something else, not a country's place
        return _result(
            NOT_CHECKABLE,
            f"'{rank_text} {stray.group('word')}' is an ordinal on a noun that is no ranking "
            "head (largest, producer, place, rank ...), not a country's rank",
        )
    several = _SEVERAL_OF.search(_words_before_rank(claim))
    if several and not claim.get("rank_max"):
        # 'some of the world's largest': a set of unstated size, not the first place
        return _result(
            NOT_CHECKABLE,
            f"vague ranking ('{several.group(0).strip()} {rank_text}'): one of several "
            "leading places, no rank stated",
        )
    subset = _RANK_SUBSET.search(claim.get("text") or "")
    if subset and scope in (None, "world") and not claim.get("excluding"):
        return _result(
            NOT_CHECKABLE,
            f"ranking within a group ('{subset.group(0)}'): the store ranks all countries, "
            "and the group's members are not defined",
        )
    pre = _precheck(kb, claim)
    if pre:
        return pre
    cid0 = _commodity_id(kb, claim["commodity"])
    stage = claim.get("stage")
    if claim["measure"] == "reserves":
        found = _series_for(kb, claim)
    else:
        found = _mcs_series(kb, cid0, stage) if cid0 else None
    if found is None:
        if cid0 and stage not in (None, "mining"):
            return _stage_rank(kb, claim, cid0, stage, pub=pub)
        if cid0 and stage == "mining" and resolve_series(kb, cid0, "mine_production"):
            have = resolve_series(kb, cid0, "mine_production")[1].replace("_", " ")
            return _result(
                NOT_CHECKABLE,
                f"the store has {have} for {cid0}, the claim is about mine production",
            )
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    cid, measure = found
    editions = kb.editions_for(cid)
    edition = current_edition(editions, pub)
    if edition is None:
        return _result(NOT_CHECKABLE, f"no edition of statistics for {cid} at {pub}")
    label = MEASURE_LABEL.get(measure, measure)
    period = claim.get("period")
    table, edition, _ = _period_table(kb, cid, measure, edition, period)
    if not table:
        return _result(
            NOT_CHECKABLE,
            f"the claim is about {period}; the store has {cid} {label} for "
            f"{_years_held(kb, cid, measure)}"
            if period is not None
            else f"the store has {cid} {label} only per member of the family (one row per "
            "metal or mineral), no figure for the family as a whole",
        )
    excluded = set(claim.get("excluding") or [])
    table = _rerank(table, excluded)
    row = next((r for r in table if r["iso3"] == claim["iso3"]), None)
    name = kb.country_name(claim["iso3"]) or claim["subject"]
    if row is None:
        return _result(
            NOT_CHECKABLE,
            f"{edition_label(kb, None, edition)} gives no {label} figure for {name}",
        )
    ed_label = edition_label(kb, row["source_id"], edition)
    evidence = [_evidence_row(kb, cid, measure, edition, row, "current", len(table))]
    others = []
    for other in (edition - 1, edition + 1):
        if other in editions:
            t2 = _rerank(ranking(kb, cid, measure, other, period), excluded)
            r2 = next((r for r in t2 if r["iso3"] == claim["iso3"]), None)
            if r2 is not None:
                role = "previous" if other < edition else "later"
                evidence.append(_evidence_row(kb, cid, measure, other, r2, role, len(t2)))
                others.append((other, r2))
    outside = (
        " outside " + ", ".join(kb.country_name(i) or i for i in sorted(excluded))
        if excluded
        else ""
    )
    head = (
        f"{name} is {ordinal(row['rank'])} of {len(table)} in {cid} {label}{outside} "
        f"({_fmt(row['value'], row['unit'])}, {row['data_year']})"
    )
    notes = []
    for other, r2 in others:
        lab = edition_label(kb, r2["source_id"], other)
        if r2["rank"] != row["rank"]:
            notes.append(f"{lab} said {ordinal(r2['rank'])} ({_fmt(r2['value'], r2['unit'])})")
        else:
            notes.append(f"{lab} agrees")
    tail = ("; " + "; ".join(notes)) if notes else ""
    tail += _revision_note(kb, cid, claim["iso3"], measure, edition)
    stage_used = "mining" if measure == "mine_production" else stage
    comp = comparison(
        claim.get("rank") or claim.get("rank_max"),
        "rank" if claim.get("rank") else "top-N",
        row["rank"],
        f"rank of {len(table)}",
        0,
        measure,
        stage_used,
        edition,
        data_year=row["data_year"],
    )
    if claim.get("vague") or (claim.get("rank") is None and not claim.get("rank_max")):
        return _result(
            NOT_CHECKABLE,
            f"vague ranking ('{claim.get('rank_text')}'); by {ed_label} {head}{tail}",
            evidence,
            edition=edition,
            comparison=comp,
        )
    holds = (
        row["rank"] <= claim["rank_max"] if claim.get("rank_max") else row["rank"] == claim["rank"]
    )
    tied = sum(1 for r in table if r["value"] == row["value"])
    if claim.get("rank") and (claim.get("tie") or _says_tied(claim)):
        shared = _tie_outcome(kb, claim, table, row)
        if shared is not None:
            # a claimed tie holds only when the named countries share the value and the
            # claimed rank lies within the places they share; one country's rank alone
            # does not earn it
            return _result(NOT_CHECKABLE, f"{shared}; by {ed_label} {head}{tail}", evidence,
                           edition=edition, comparison=comp, reason=shared)  # fmt: skip
        sharing = ", ".join(
            r["country"] or r["iso3"]
            for r in table
            if r["value"] == row["value"] and r["iso3"] != row["iso3"]
        )
        return _result(
            SUPPORTED,
            f"supported by {ed_label}: {head}, a rank it shares with {sharing}{tail}",
            evidence,
            edition=edition,
            comparison=comp,
        )
    if (
        not holds
        and tied > 1
        and claim.get("rank")
        and row["rank"] <= claim["rank"] < row["rank"] + tied
    ):
        # tied for 4th-6th: 'fifth' is one way to count a tie, not an error
        return _result(
            NOT_CHECKABLE,
            f"tied rank: by {ed_label} {head}, tied with {tied - 1} other(s) "
            f"({ordinal(row['rank'])} to {ordinal(row['rank'] + tied - 1)}){tail}",
            evidence,
            edition=edition,
            comparison=comp,
        )
    claimed = f" (claimed top {claim['rank_max']})" if claim.get("rank_max") else ""
    if (
        not holds
        and stage is None
        and measure != "reserves"
        and [n for n in kb.stage_names(cid0) if n != "mining"]
    ):
        # 'the largest producer' names no stage: the processing reading must fail too
        alt = _stage_rank(kb, claim, cid0, None, mining_head=f"by {ed_label} {head}{tail}", pub=pub)
        if alt["verdict"] == SUPPORTED:
            # false of mining, true of processing: the claim does not say which it means
            stage_read = (alt.get("comparison") or {}).get("stage")
            why = (
                "the claim names no stage and the stages disagree: it holds for "
                f"{STAGE_LABEL.get(stage_read, stage_read or 'processing')}, not for mine "
                "production"
            )
            return {**alt, "verdict": NOT_CHECKABLE, "reason": why,
                    "explanation": f"{why} ({alt['explanation']})",
                    "evidence": evidence + alt["evidence"]}  # fmt: skip
        if alt["verdict"] != REFUTED:
            alt["evidence"] = evidence + alt["evidence"]
            return alt
    verdict = SUPPORTED if holds else REFUTED
    close = (
        _close_rank(table, row, claim.get("rank") or claim.get("rank_max")) if not holds else None
    )
    if close is not None:
        # 'Congo became the second-largest producer' (on its central bank's 2.84 Mt) against
        # an estimate of 2.5 Mt beside Peru's 2.6 Mt: the order of two estimates this close
        # is within their rounding, and another source's figures can reverse it
        refuted = _result(REFUTED, f"refuted by {ed_label}: {head}{tail}", evidence,
                          edition=edition, comparison=comp)  # fmt: skip
        stale = _stale_edition(refuted, claim, pub, kb) if pub is not None else None
        if stale:
            return _blocked(refuted, stale)  # the edition's own reason comes first
        why = (
            f"the claimed place is held by {close['country'] or close['iso3']} "
            f"({_fmt(close['value'], close['unit'])}), within {_CLOSE_RANK:.0%} of {name}'s "
            f"{_fmt(row['value'], row['unit'])}: estimates this close do not settle the order"
        )
        return _result(NOT_CHECKABLE, f"{why}; by {ed_label} {head}{tail}", evidence,
                       edition=edition, comparison=comp, reason=why)  # fmt: skip
    stale = [o for o, r2 in others if r2["rank"] == claim.get("rank") and o < edition]
    if verdict == REFUTED and stale:
        tail += f" (the claim matches the superseded MCS {stale[0]})"
    return _result(
        verdict,
        f"{verdict} by {ed_label}: {head}{claimed}{tail}",
        evidence,
        edition=edition,
        comparison=comp,
    )


#: The relative gap [-] between two countries' figures below which their order is not
#: taken as settled: rounded estimates (two significant figures: 2.5 Mt against 2.6 Mt) and
#: other sources' figures (a national statistic) reverse such orders.
_CLOSE_RANK = 0.05


def _close_rank(
    table: list[dict[str, Any]], row: dict[str, Any], claimed: int | None
) -> dict[str, Any] | None:
    """The row holding the claimed place when its figure is within :data:`_CLOSE_RANK` of
    the claim's subject's figure (else None).

    Parameters
    ----------
    table : list of dict
        Ranked rows (``rank``, ``value`` [the table's unit]).
    row : dict
        The subject's row.
    claimed : int or None
        The claimed rank, or the N of a claimed top N (the last place inside it).
    """
    if not claimed or row.get("value") is None:
        return None
    slot = next((r for r in table if r["rank"] == claimed), None)
    if slot is None or slot is row or slot.get("value") is None:
        return None
    top = max(abs(slot["value"]), abs(row["value"]))
    if top == 0 or abs(slot["value"] - row["value"]) / top > _CLOSE_RANK:
        return None
    return slot


def _stage_rank(
    kb: KnowledgeBase,
    claim: dict[str, Any],
    cid: str,
    stage: str | None,
    mining_head: str | None = None,
    pub: date | None = None,
) -> dict[str, Any]:
    """A rank claim at a processing stage, from stage shares (of the claim's year or
    before: :func:`_claim_year`).

    First is supported when the country's share is above one half. Otherwise the country's
    share s (or, when the stage table does not name it, the bound 1 - the shares of the
    countries it names) is compared with the others': when at least as many countries as
    the claimed rank hold more than s, the claim is refuted; else it is not-checkable.
    """
    later = [n for n in kb.stage_names(cid) if n != "mining"]
    chain_stage = _chain_stage(kb, cid, stage) if stage else (later[0] if later else None)
    name = kb.country_name(claim["iso3"]) or claim["subject"]
    prefix = f"the claim names no stage; {mining_head}; " if mining_head else ""
    if chain_stage is None:
        return _result(
            NOT_CHECKABLE,
            f"{prefix}the store has no {STAGE_LABEL.get(stage or '', stage)} figures for {cid}",
        )
    edition = current_edition(kb.editions_for(cid), None) or 0
    year = _claim_year(claim, pub)
    others: dict[str, dict[str, Any]] = {}
    for r in ranking(kb, cid, "mine_production", edition):
        if r["iso3"] == claim["iso3"]:
            continue
        other = kb.stage_figure(cid, chain_stage, r["iso3"], year)
        if other and other.get("share") is not None:
            others[r["iso3"]] = other
    fig, no_year = _stage_figure(kb, cid, chain_stage, claim["iso3"], year)
    if no_year and not others:
        return _result(NOT_CHECKABLE, f"{prefix}{no_year}")
    rank_claimed = claim.get("rank") or claim.get("rank_max")
    if fig and fig.get("share") is not None:
        share = float(fig["share"])
        known = True
    else:
        if not others:
            return _result(
                NOT_CHECKABLE,
                f"{prefix}the store has mine production for {cid}, the claim may be about "
                f"{STAGE_LABEL.get(chain_stage, chain_stage)}: no {chain_stage} shares held",
            )
        # not named in the stage table: at most what the named countries leave
        share = max(0.0, 1.0 - sum(float(o["share"]) for o in others.values()))
        known = False
        fig = next(iter(others.values()))
    src = fig.get("source") or {}
    evidence = [
        {
            "role": "current" if known else "stage table",
            "source": src,
            "table": "stage shares",
            "commodity": cid,
            "measure": f"{chain_stage} share",
            "stage": chain_stage,
            "iso3": claim["iso3"] if known else fig.get("iso3"),
            "share": float(fig["share"]),
            "value": fig.get("value"),
            "unit": fig.get("unit"),
            "data_year": fig.get("year"),
            "page": fig.get("page"),
        }
    ]
    comp = comparison(rank_claimed, "rank", None, None, 0, f"{chain_stage}_share", chain_stage,
                      fig.get("year"), evidence_share=share if known else None,
                      evidence_share_bound=None if known else share,
                      data_year=fig.get("year"))  # fmt: skip
    head = (
        f"{name} has {100 * share:.0f}% of world {cid} {chain_stage} ({fig.get('year')})"
        if known
        else f"{name} is not in the {chain_stage} table, so holds at most {100 * share:.0f}%"
    )
    if known and rank_claimed == 1 and share > 0.5 and not claim.get("vague"):
        return _result(SUPPORTED, f"{prefix}supported: {head}, more than all others together",
                       evidence, comparison=comp)  # fmt: skip
    above = sorted(i for i, o in others.items() if float(o["share"]) > share)
    if rank_claimed and not claim.get("vague") and len(above) >= rank_claimed:
        listed = ", ".join(f"{i} {100 * float(others[i]['share']):.0f}%" for i in above)
        return _result(
            REFUTED,
            f"{prefix}refuted: {head}; {len(above)} countries hold more ({listed})",
            evidence,
            comparison={**comp, "evidence_value": len(above) + 1},
        )
    return _result(NOT_CHECKABLE, f"{prefix}{head}; its rank cannot be settled from the "
                   "stage shares held", evidence, comparison=comp)  # fmt: skip


def _revision_note(
    kb: KnowledgeBase, cid: str, iso3: str | None, measure: str, edition: int | None = None
) -> str:
    """The published revision note of a series (``statistics.revision_notes`` of issue 13)
    for the edition used, if that function and a note exist; cached per series."""
    cache = kb.__dict__.setdefault("_revision_cache", {})
    key = (cid, iso3, measure)
    if key not in cache:
        store = kb.__dict__.get("_store")
        notes: list[dict[str, Any]] = []
        if store is not None:
            try:
                from assay.analyses import statistics

                notes = list(statistics.revision_notes(store, cid, iso3=iso3, measure=measure))
            except Exception:  # optional (issue 13); a store without footnotes
                notes = []
        cache[key] = notes
    notes = cache[key]
    if not notes:
        return ""
    same = [n for n in notes if edition is not None and n.get("edition") == edition]
    note = (same or notes)[-1]
    text = note.get("text") if isinstance(note, dict) else str(note)
    ed = note.get("edition") if isinstance(note, dict) else None
    return f"; revision note{f' (MCS {ed})' if ed else ''}: {text}" if text else ""


def _country_pattern(kb: KnowledgeBase) -> re.Pattern[str]:
    """One pattern for every country name and alias of the gazetteer (cached on ``kb``)."""
    rx = kb.__dict__.get("_country_rx")
    if rx is None:
        # two-letter aliases only in capitals ('US', 'UK'); the edges are lookarounds, not
        # word boundaries, so a name ending in a bracket ('Congo (Kinshasa)') is matched
        # whole instead of as 'Congo' (another country) and 'Kinshasa'
        names = sorted(
            (a for a in kb.country_aliases if len(a) > 2 or a.isupper()), key=len, reverse=True
        )
        rx = re.compile(r"(?<![\w$])(?:" + "|".join(re.escape(a) for a in names) + r")(?![\w$])")
        kb.__dict__["_country_rx"] = rx
    return rx


#: What may stand between two coordinated country names: 'China, the United States and
#: Myanmar', 'Chile and Peru', 'Indonesia as well as the Philippines'.
_COORDINATOR = re.compile(r"\s*(?:,|&|\band\b|\bas well as\b|\bplus\b)?\s*(?:\band\b\s*)?"
                          r"(?:the\s+)?\s*$", re.IGNORECASE)  # fmt: skip


_DISTRIBUTIVE = re.compile(r"\b(?:each|respectively|apiece|individually|both\s+with)\b",
                           re.IGNORECASE)  # fmt: skip


#: A number in running text and whether it is a percentage.
_FIGURE = re.compile(r"(?P<n>\d[\d,.]*\d|\d)\s*(?P<pct>%|per\s*cent\b|percent\b|pc\b)?",
                     re.IGNORECASE)  # fmt: skip


def group_subject(kb: KnowledgeBase, claim: dict[str, Any]) -> tuple[list[str], str | None]:
    """The countries of a coordinated subject that includes the claim's country, before
    the claim's figure, and how the figure relates to them.

    Returns ``(members, kind)``: kind 'group' when the figure is the only one of its kind
    (percentage or not) in the clause after the list ('China, the United States and
    Myanmar together account for 86%', 'A, B and C mine 86%'), 'ambiguous' when there are
    several ('A and B hold 69% and 8%'), and ``([], None)`` when the country stands alone
    or the figure is each one's ('A and B, each with 6%', 'both A and B mined more than
    30,000 t', '... respectively'). A list is coordinated when its last joiner is 'and'
    ('A, B and C', 'A and B'); 'Unlike A and B, C mined ...' leaves C alone.
    """
    text = claim.get("text") or ""
    written = (claim.get("quantity") or {}).get("text") or ""
    at = text.find(written) if written else -1
    if at <= 0 or not claim.get("iso3"):
        return [], None
    runs: list[list[tuple[str, int, int, str]]] = []
    for m in _country_pattern(kb).finditer(text, 0, at):
        iso3 = kb.country_aliases[m.group(0)][0]
        gap = text[runs[-1][-1][2] : m.start()] if runs else ""
        if runs and _COORDINATOR.fullmatch(gap):
            runs[-1].append((iso3, m.start(), m.end(), gap))
        else:
            runs.append([(iso3, m.start(), m.end(), "")])
    if not runs:
        return [], None
    # only the countries nearest before the figure form its subject ('A and B mine it;
    # A holds 40%' is A's share); the list ends with 'and' or it is no list
    run = runs[-1]
    while len(run) > 1 and not re.search(r"\band\b|&|\bas well as\b|\bplus\b", run[-1][3]):
        run = run[-1:]
    members = list(dict.fromkeys(i for i, _, _, _ in run))
    if len(members) < 2 or claim["iso3"] not in members:
        return [], None
    lead = text[max(0, run[0][1] - 12) : run[0][1]]
    # the rest of the clause after the list ('... accounted for 6% of production each')
    clause = re.split(r"[;.](?!\d)", text[run[-1][2] :], maxsplit=1)[0]
    if _DISTRIBUTIVE.search(clause) or re.search(r"\bboth\s+$", lead, re.IGNORECASE):
        return [], None
    # one figure of its kind after the list is the list's ('Australia, Chile and China
    # mine 86%', 'A, B and C together hold 69 Mt, 21% of world reserves'); several are one
    # per country ('A and B hold 69% and 8%'), whose order the extractor must settle
    percent = claim.get("unit") == "%"
    figures = [
        m for m in _FIGURE.finditer(clause)
        if not re.fullmatch(r"(?:19|20)\d\d", m.group("n")) and bool(m.group("pct")) == percent
    ]  # fmt: skip
    return members, ("group" if len(figures) == 1 else "ambiguous")


def _group_outcome(readings: tuple[dict[str, Any], ...], names: str) -> dict[str, Any]:
    """One stage reading of a group share: the members' readings summed (the same stage,
    edition and data year for all, else the reading is left open)."""
    missing = [r["missing"] for r in readings if "missing" in r]
    if missing:
        return {"stage": readings[0].get("stage"), "missing": "; ".join(missing)}
    first = readings[0]
    keys = {(r.get("edition"), r.get("data_year"), r.get("measure")) for r in readings}
    if len(keys) > 1:
        return {"stage": first.get("stage"),
                "missing": f"the shares of {names} are of different editions or years"}  # fmt: skip
    bounds = [r.get("bound") for r in readings if r.get("bound")]
    return {
        **first,
        "share": sum(r["share"] for r in readings),
        "bound": bounds[0] if bounds else None,
        "evidence": [e for r in readings for e in r["evidence"]],
    }


def check_share(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """A country's share of the world total, at the stage the claim names (or at each
    stage it may mean when it names none)."""
    scope = claim.get("scope")
    if scope != "world":
        why = {
            "sub-national": "the store has no sub-national breakdown",
            "unstated": "share of what is not stated (no world or country total named)",
        }.get(
            scope or "",
            f"a share of {scope} holdings is a term or estimate the store has no figure for",
        )
        return _result(NOT_CHECKABLE, why)
    group, group_kind = group_subject(kb, claim)
    if group_kind == "ambiguous":
        return _result(
            NOT_CHECKABLE,
            f"a figure after {len(group)} coordinated countries "
            f"({', '.join(kb.country_name(i) or i for i in group)}): the text does not say "
            "whether it is their total or one country's",
        )
    # 'China has 90% of refining capacity': a capacity share is read as the stage's share
    # of output, which can confirm it but not refute it (capacity and output differ)
    capacity = claim.get("frame") == "capacity" and claim.get("stage") not in (None, "mining")
    if capacity:
        claim = {**claim, "frame": None}
    pre = _precheck(kb, claim)
    if pre:
        return pre
    cid = _commodity_id(kb, claim["commodity"])
    if cid is None:
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    tol = _share_tolerance(claim)
    if group:
        # each member's share carries its own rounding: independent errors add in
        # quadrature, so the sum's tolerance grows with the square root of the members
        tol = round(tol * len(group) ** 0.5, 2)
    q = f"{claim['qualifier']} " if claim.get("qualifier") else ""
    if claim["measure"] == "reserves":
        found = _series_for(kb, claim)
        if found is None:
            return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")

        def outcome_of(c: dict[str, Any]) -> list[dict[str, Any]]:
            return [_reserve_share(kb, c, found, pub)]
    else:

        def outcome_of(c: dict[str, Any]) -> list[dict[str, Any]]:
            return [
                _stage_outcome_share(kb, c, cid, st, pub)
                for st in _candidate_stages(kb, cid, claim.get("stage"))
            ]

    outcomes = outcome_of(claim)
    if group:
        # 'A, B and C together account for 86%': the members' shares added, reading by
        # reading (stage by stage); a member without a figure leaves the reading open
        names = ", ".join(kb.country_name(i) or i for i in group)
        per_member = [outcome_of({**claim, "iso3": i}) for i in group]
        outcomes = [_group_outcome(readings, names) for readings in zip(*per_member, strict=True)]
        claim = {**claim, "subject": names}

    hedge = _hedge_note(claim, tol, lambda v: f"{v:.4g}%")
    qty = claim.get("quantity") or {}
    written = qty.get("fraction") or (
        f"{qty['range'][0]:g}-{qty['range'][1]:g}%" if qty.get("range") else f"{claim['value']:g}%"
    )

    def describe(o: dict[str, Any]) -> tuple[bool | None, str, dict[str, Any]]:
        ok: bool | None = agrees(claim, o["share"], tol)
        if (
            ok is True
            and o.get("bound") in ("upper", "upper-sum")
            and hedge_kind(claim.get("qualifier")) != "upper"
            and not (o.get("bound") == "upper" and _quotes_share(claim, o["share"]))
        ):
            # the world total is a lower bound ('>90 Mt', or not published and replaced by
            # the listed countries' sum), so the share is only an upper bound ('at most
            # 22.8%'): it can refute a claim above it, never confirm a point share ('about
            # 23%') or a lower bound; only 'less than X' is on its side, or a figure that
            # quotes the division of the PUBLISHED figures to its own rounding ('48%' for
            # 44 of '>90' Mt). With no published world total (the sum of the listed
            # countries stands in) there is no published division to quote.
            ok = None
        if o.get("bound") in ("upper", "upper-sum") and ok is not True:
            refute_lo = tolerance_record(claim, tol)["refute_outside"][0]
            # the true share is at most the one computed: only a claim whose lowest
            # refutable value lies above it is wrong
            ok = False if refute_lo is not None and refute_lo > o["share"] else None
        close = ""
        if ok is True and not group and not qty.get("fraction") and not o.get("bound"):
            claim_half = (
                0.0
                if qty.get("range")
                else rounding_halfwidth(qty.get("text"), claim["value"], round_tens=True)
            )
            # the computed share inherits the rounding of the published figures divided
            # (a share published as such, 'share': 0.91, carries its own last digit)
            figures = [
                float(e["value"]) if e.get("value") else 100.0 * float(e["share"])
                for e in o["evidence"][:2]
                if e.get("value") or e.get("share")
            ]
            rel = sum(_written_halfwidth(v) / v for v in figures if v)
            if _beyond_rounding(claim, o["share"], claim_half, o["share"] * rel):
                ok = None
                close = (
                    " (close to but not equal to the evidence: within the tolerance's floor, "
                    "beyond the figure's own rounding)"
                )
        label = STAGE_LABEL.get(o["stage"], MEASURE_LABEL.get(o["measure"], o["measure"]))
        if o["measure"] == "reserves":
            label = "reserves"
        at_most = "at most " if o.get("bound") in ("upper", "upper-sum") else ""
        text = (
            f"{claim['subject']} has {at_most}{o['share']:.1f}% of world {cid} {label} "
            f"({o['data_year']}); claimed {q}{written} (tolerance ±{tol:g} pp{hedge}){close}"
        )
        first = o["evidence"][0]
        comp = comparison(claim["value"], "%", round(o["share"], 2), "%", tol, o["measure"],
                          o["stage"], o["edition"], qualifier=claim.get("qualifier"),
                          evidence_row=first.get("row_ref") or first.get("page"),
                          bound=o.get("bound"), data_year=o.get("data_year"),
                          **tolerance_record(claim, tol))  # fmt: skip
        return ok, text, comp

    out = _combine(kb, claim, outcomes, describe)
    if group:
        out["subject_group"] = group  # the gate accepts evidence of any member
    if capacity and out["verdict"] == REFUTED:
        why = f"a share of capacity, compared with the share of output: {out['explanation']}"
        out = {**out, "verdict": NOT_CHECKABLE, "explanation": why, "reason": why}
    elif capacity and out["verdict"] == SUPPORTED:
        out["explanation"] += " (a capacity share read as the stage's share of output)"
    if out.get("comparison"):
        out["computed"] = out["comparison"]["evidence_value"]
    return out


def _quotes_share(claim: dict[str, Any], share: float) -> bool:
    """Whether a share claim is the computed ``share`` [%] written to its own rounding
    ('23%' for 23.3%, not 'around 6%' for 7.7%): a writer who divided the published
    figures, whatever the total's bound."""
    qty = claim.get("quantity") or {}
    if qty.get("range") or qty.get("fraction"):
        return False
    half = rounding_halfwidth(qty.get("text"), claim["value"], round_tens=True)
    return abs(claim["value"] - share) <= max(half, 0.05)


def _reserve_share(
    kb: KnowledgeBase, claim: dict[str, Any], found: tuple[str, str], pub: date | None
) -> dict[str, Any]:
    cid, measure = found
    edition = current_edition(kb.editions_for(cid), pub)
    if edition is None:
        return {"stage": None, "missing": f"no edition of {cid} reserves at {pub}"}
    table, edition, _ = _period_table(kb, cid, measure, edition, claim.get("period"))
    if not table:
        return {
            "stage": None,
            "missing": f"the claim is about {claim['period']}; the store has {cid} reserves "
            f"for {_years_held(kb, cid, measure)}",
        }
    row = next((r for r in table if r["iso3"] == claim["iso3"]), None)
    if row is None:
        return {"stage": None, "missing": f"no {measure} figure for {claim['subject']}"}
    world = world_row(kb, cid, measure, edition, row["data_year"])
    total, bound = _share_total(world, table)
    evidence = [_evidence_row(kb, cid, measure, edition, row, "current", len(table))]
    if world:
        evidence.append(
            _evidence_row(kb, cid, measure, edition, {**world, "country": "World"}, "world total")
        )
    return {
        "stage": None,
        "share": 100.0 * row["value"] / total,
        "bound": bound,
        "evidence": evidence,
        "edition": edition,
        "label": edition_label(kb, row["source_id"], edition),
        "measure": measure,
        "data_year": row["data_year"],
    }


def _grey(
    text: str, evidence: list[dict[str, Any]], comp: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    """Not-checkable: the evidence lies between the claim's agreement and refutation
    intervals (:func:`claim_intervals`), so neither verdict is earned."""
    why = (
        "the evidence is outside the claim's agreement interval but inside its refutation "
        "interval: neither verdict is earned"
    )
    return _result(NOT_CHECKABLE, f"{why} ({text})", evidence, comparison=comp, reason=why,
                   **extra)  # fmt: skip


def _mass_tolerance(claim: dict[str, Any], actual: float) -> float:
    q = claim.get("quantity") or {}
    return max(
        MASS_TOLERANCE_REL * max(actual, claim["value"]),
        rounding_halfwidth(q.get("text"), claim["value"]),
    )


def _written_halfwidth(value: float | None) -> float:
    """Half the place value of the last significant digit of a published value as stored
    (2,450 kt -> 5 kt; 2,500 kt -> 50 kt), in the value's own unit."""
    if not value:
        return 0.0
    return rounding_halfwidth(f"{float(value):.10g}", float(value), round_tens=True)


def _beyond_rounding(
    claim: dict[str, Any], actual: float, claim_half: float, evidence_half: float
) -> bool:
    """Whether a figure agreed only by the floor of its tolerance lies beyond its own
    rounding of the evidence: the claim's written interval (its last digit) and the
    evidence's (its last published digit) do not meet. '2.6 million' (2.55-2.65 Mt) against
    2.45 Mt is close to, but not, what the evidence says: not-checkable, not supported
    (measured on the ten seen sets: four false supports removed, one true support lost)."""
    strict = claim_half + evidence_half
    return strict > 0 and agrees(claim, actual, strict) is not True


def check_amount(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """A reserves or production mass (of a country, or the world total) against the
    current edition, at the stage the claim names."""
    pre = _precheck(kb, claim)
    if pre:
        return pre
    cid0 = _commodity_id(kb, claim["commodity"])
    if cid0 is None:
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    stage = claim.get("stage")
    if claim["measure"] == "reserves":
        found = _series_for(kb, claim)
    else:
        found = _mcs_series(kb, cid0, stage)
    if found is None:
        if stage not in (None, "mining"):
            return _stage_amount(kb, claim, cid0, stage, pub=pub)
        return _result(
            NOT_CHECKABLE,
            f"no {MEASURE_LABEL.get(claim['measure'], claim['measure'])} statistics for "
            f"{claim['commodity']['name']}",
        )
    cid, measure = found
    edition = current_edition(kb.editions_for(cid), pub)
    if edition is None:
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    table, edition, period_note = _period_table(kb, cid, measure, edition, claim.get("period"))
    if not table:
        return _result(
            NOT_CHECKABLE,
            f"the claim is about {claim['period']}; the store has {cid} "
            f"{MEASURE_LABEL.get(measure, measure)} for {_years_held(kb, cid, measure)}"
            if claim.get("period") is not None
            else f"the store has {cid} {MEASURE_LABEL.get(measure, measure)} only per member "
            "of the family (one row per metal or mineral), no figure for the family as a whole",
        )
    if claim["iso3"] == "WLD":
        latest = max((r["data_year"] for r in table), default=None)
        row = world_row(kb, cid, measure, edition, latest) if latest else None
        if row is not None:
            row = {**row, "country": "World"}
    else:
        row = next((r for r in table if r["iso3"] == claim["iso3"]), None)
    group, group_kind = group_subject(kb, claim) if claim["iso3"] != "WLD" else ([], None)
    if group_kind == "ambiguous":
        return _result(
            NOT_CHECKABLE,
            f"a figure after {len(group)} coordinated countries "
            f"({', '.join(kb.country_name(i) or i for i in group)}): the text does not say "
            "whether it is their total or one country's",
        )
    if group:
        # 'A, B and C together hold 69 Mt': the members' figures added (one edition, one
        # year); a member without a figure leaves the sum unknown
        rows = [next((r for r in table if r["iso3"] == i), None) for i in group]
        names = ", ".join(kb.country_name(i) or i for i in group)
        lacking = [i for i, r in zip(group, rows, strict=True) if r is None or r["value"] is None]
        if lacking or len({r["unit"] for r in rows}) > 1:
            return _result(
                NOT_CHECKABLE,
                f"a figure of {len(group)} countries together ({names}); no {measure} figure "
                f"for {', '.join(kb.country_name(i) or i for i in lacking) or 'all in one unit'}",
            )
        row = {**rows[0], "value": sum(r["value"] for r in rows), "country": names,
               "iso3": claim["iso3"], "qualifier": None}  # fmt: skip
        claim = {**claim, "subject": names}
    if row is None or row.get("value") is None:
        return _result(NOT_CHECKABLE, f"no {measure} figure for {claim['subject']}")
    factor = UNIT_TO_T.get(row["unit"])
    if factor is None:
        return _result(NOT_CHECKABLE, f"evidence is in {row['unit']}, not a mass")
    actual = row["value"] * factor
    readings = (claim.get("quantity") or {}).get("readings")
    if readings:
        # 'mt' read as metric tons and as million tonnes: the reading that agrees, else
        # the nearer one (both disagree, so the claim is wrong either way)
        agreeing = [
            v for v in readings if agrees({**claim, "value": v}, actual, _mass_tolerance(
                {**claim, "value": v}, actual)) is True
        ]  # fmt: skip
        chosen = agreeing[0] if agreeing else min(readings, key=lambda v: abs(v - actual))
        claim = {**claim, "value": chosen}
    tol = _mass_tolerance(claim, actual)
    ok = agrees(claim, actual, tol)
    lab = edition_label(kb, row["source_id"], edition)
    stage_used = "mining" if measure == "mine_production" else stage
    comp = comparison(claim["value"], "t", actual, "t", round(tol, 3), measure, stage_used,
                      edition, qualifier=claim.get("qualifier"),
                      evidence_row=row.get("row_ref"), data_year=row.get("data_year"),
                      **tolerance_record(claim, tol))  # fmt: skip
    shown = {">": "more than ", "<": "less than "}.get((row.get("qualifier") or "").strip()[:1], "")
    head = (
        f"{claim['subject']} {cid} {MEASURE_LABEL.get(measure, measure)} {shown}"
        f"{_fmt(actual, 't')} ({row['data_year']}); claimed {_fmt(claim['value'], 't')} "
        f"(tolerance ±{_fmt(tol, 't')}{_hedge_note(claim, tol, lambda v: _fmt(v, 't'))})"
    )
    evidence = [_evidence_row(kb, cid, measure, edition, row,
                              "world total" if claim["iso3"] == "WLD" else "current",
                              len(table))]  # fmt: skip
    bound = (row.get("qualifier") or "").strip()[:1]
    if bound in (">", "<"):
        # MCS publishes some values as bounds ('>90,000,000'): only a claim on the wrong
        # side of the bound (beyond the tolerance) is refuted, and a bound supports only a
        # claim that is itself a bound on the same side ('more than 130 Mt') or quotes the
        # bound's number, never another point figure
        wrong = claim["value"] < actual - tol if bound == ">" else claim["value"] > actual + tol
        same_side = hedge_kind(claim.get("qualifier")) == ("lower" if bound == ">" else "upper")
        # a figure equal to the bound's own number (within its written rounding) quotes
        # the published value: 'about 130 million' from '>130,000,000'
        written = (claim.get("quantity") or {}).get("text")
        quotes = abs(claim["value"] - actual) <= rounding_halfwidth(written, claim["value"])
        if not wrong and not (ok and (same_side or quotes)):
            side = "more than" if bound == ">" else "less than"
            why = (
                f"{lab} gives {side} {_fmt(actual, 't')} ({row['data_year']}), a bound; "
                f"claimed {_fmt(claim['value'], 't')} is consistent with it, but a bound "
                "does not confirm a point figure"
            )
            return _result(NOT_CHECKABLE, why, evidence, edition=edition,
                           comparison={**comp, "bound": bound}, reason=why)  # fmt: skip
    if (
        not ok
        and stage is None
        and measure != "reserves"
        and [n for n in kb.stage_names(cid0) if n != "mining"]
    ):
        if group:
            # the processing reading of a group's output is not summed: no verdict
            return _result(
                NOT_CHECKABLE,
                f"the claim names no stage; by {lab} {head}; the processing stages of "
                f"{claim['subject']} are not added up",
                evidence,
                edition=edition,
                comparison=comp,
            )
        alt = _stage_amount(kb, claim, cid0, None, mining_head=f"by {lab} {head}", pub=pub)
        if alt["verdict"] != REFUTED:
            alt["evidence"] = evidence + alt["evidence"]
            return alt
    extra: dict[str, Any] = {}
    if group:
        evidence = [_evidence_row(kb, cid, measure, edition, r, "current", len(table))
                    for r in rows]  # fmt: skip
        extra["subject_group"] = group  # the gate accepts evidence of any member
    if ok is None:
        return _grey(f"by {lab}: {head}", evidence, comp, edition=edition, **extra)
    stale = (
        _superseded_figure(kb, cid, measure, edition, claim, actual, row)
        if ok and pub is not None and not group
        else None
    )
    if stale is not None:
        old_edition, old_row, old_value = stale
        why = (
            f"the figure matches the superseded MCS {old_edition} ({_fmt(old_value, 't')} for "
            f"{old_row['data_year']}), not the edition current at the article's date; "
            f"{lab} gives {_fmt(actual, 't')}, beyond the figure's rounding"
        )
        evidence.append(_evidence_row(kb, cid, measure, old_edition, old_row, "previous",
                                      len(table)))  # fmt: skip
        return _result(NOT_CHECKABLE, f"{why} ({head})", evidence, edition=edition,
                       comparison=comp, reason=why)  # fmt: skip
    if ok and not group and bound not in (">", "<"):
        written = (claim.get("quantity") or {}).get("text")
        claim_half = rounding_halfwidth(written, claim["value"])
        if _beyond_rounding(claim, actual, claim_half, _written_halfwidth(row["value"]) * factor):
            why = (
                "close to but not equal to the evidence: within the tolerance's floor, "
                "beyond the figure's own rounding"
            )
            return _result(NOT_CHECKABLE, f"{why} (by {lab}: {head})", evidence,
                           edition=edition, comparison=comp, reason=why)  # fmt: skip
    return _result(
        SUPPORTED if ok else REFUTED,
        f"{'supported' if ok else 'refuted'} by {lab}: {head}"
        + _revision_note(
            kb, cid, None if claim["iso3"] == "WLD" else claim["iso3"], measure, edition
        ),
        evidence,
        edition=edition,
        comparison=comp,
        **extra,
    )


def _superseded_figure(
    kb: KnowledgeBase,
    cid: str,
    measure: str,
    edition: int,
    claim: dict[str, Any],
    actual: float,
    row: dict[str, Any],
) -> tuple[int, dict[str, Any], float] | None:
    """An older edition whose figure for the same country and year the claim's figure
    equals within its written rounding, while the judging edition's ``actual`` [t] is
    beyond that rounding: ``(edition, row, value [t])``, or None.

    The 10 % mass floor would otherwise let a figure copied from a superseded estimate
    (2,600 t, revised to 2,500 t) count as agreeing with the revision."""
    written = (claim.get("quantity") or {}).get("text")
    half = rounding_halfwidth(written, claim["value"])
    if half <= 0 or abs(claim["value"] - actual) <= half:
        return None
    year = row.get("data_year")
    for older in sorted((e for e in kb.editions_for(cid) if e < edition), reverse=True):
        if claim["iso3"] == "WLD":
            old = world_row(kb, cid, measure, older, year) if year else None
        else:
            old = next(
                (r for r in ranking(kb, cid, measure, older, year) if r["iso3"] == claim["iso3"]),
                None,
            )
        factor = UNIT_TO_T.get((old or {}).get("unit"))
        if old is None or old.get("value") is None or factor is None:
            continue
        value = old["value"] * factor
        if abs(claim["value"] - value) <= half:
            return older, old, value
    return None


def _stage_amount(
    kb: KnowledgeBase,
    claim: dict[str, Any],
    cid: str,
    stage: str | None,
    mining_head: str | None = None,
    pub: date | None = None,
) -> dict[str, Any]:
    """A mass at a processing stage, from the stage table (a country's value, or the
    world total) of the claim's year or before (:func:`_claim_year`)."""
    later = [n for n in kb.stage_names(cid) if n != "mining"]
    chain_stage = _chain_stage(kb, cid, stage) if stage else (later[0] if later else None)
    prefix = f"the claim names no stage; {mining_head}; " if mining_head else ""
    label = STAGE_LABEL.get(stage or chain_stage or "", stage or chain_stage)
    if chain_stage is None:
        return _result(NOT_CHECKABLE, f"{prefix}the store has no {label} figures for {cid}")
    iso3 = None if claim["iso3"] == "WLD" else claim["iso3"]
    fig, no_year = _stage_figure(kb, cid, chain_stage, iso3, _claim_year(claim, pub))
    if no_year:
        return _result(NOT_CHECKABLE, f"{prefix}{no_year}")
    factor = UNIT_TO_T.get((fig or {}).get("unit") or "")
    if not fig or fig.get("value") is None or factor is None:
        have = "mine production" if resolve_series(kb, cid, "mine_production") else "no figure"
        return _result(
            NOT_CHECKABLE,
            f"{prefix}the store has {have} for {cid}, the claim is about {label}; no "
            f"{chain_stage} tonnage for {claim['subject']}",
        )
    actual = float(fig["value"]) * factor
    tol = _mass_tolerance(claim, actual)
    ok = agrees(claim, actual, tol)
    src = fig.get("source") or {}
    comp = comparison(claim["value"], "t", actual, "t", round(tol, 3), f"{chain_stage}_production",
                      chain_stage, fig.get("year"), qualifier=claim.get("qualifier"),
                      basis=fig.get("basis"), data_year=fig.get("year"),
                      **tolerance_record(claim, tol))  # fmt: skip
    evidence = [{"role": "current", "source": src, "table": "stage shares", "commodity": cid,
                 "measure": chain_stage, "stage": chain_stage, "iso3": iso3,
                 "value": fig.get("value"), "unit": fig.get("unit"), "basis": fig.get("basis"),
                 "data_year": fig.get("year"), "page": fig.get("page")}]  # fmt: skip
    if ok is None:
        return _grey(
            f"{prefix}{claim['subject']} {cid} {chain_stage} {_fmt(actual, 't')} "
            f"({fig.get('year')}); claimed {_fmt(claim['value'], 't')} (tolerance "
            f"±{_fmt(tol, 't')}{_hedge_note(claim, tol, lambda v: _fmt(v, 't'))})",
            evidence,
            comp,
        )
    verdict = SUPPORTED if ok else REFUTED
    return _result(
        verdict,
        f"{prefix}{verdict}: {claim['subject']} {cid} {chain_stage} {_fmt(actual, 't')} "
        f"({fig.get('year')}, {src.get('publisher') or 'stage table'}); claimed "
        f"{_fmt(claim['value'], 't')} (tolerance ±{_fmt(tol, 't')})",
        evidence,
        comparison=comp,
    )


#: A year named relative to the publication date: unresolved when the article has no date.
_RELATIVE_YEAR = re.compile(
    r"\b(?:last|this|past|previous|next|current)\s+year\b|\ba\s+year\s+(?:ago|earlier)\b",
    re.IGNORECASE,
)
#: Where a claim's commodity comes from the article's topic (its headline), not from its
#: own sentence, an anaphor ('60% of them'), the previous sentence or heading, or its
#: table: the headline's commodity may not be what the figure counts.
_INFERRED_COMMODITY = ("headline", "topic")


def _inferred_subject(claim: dict[str, Any]) -> bool:
    """Was the claim's country inferred rather than named in its own clause? Uses
    ``subject_basis`` (claims.BASES: only 'explicit' counts as named) where the claim
    carries it, else ``subject_from == 'context'``; a claim without a country (a world
    figure) has no subject to misread."""
    if not claim.get("iso3") or claim.get("iso3") == "WLD":
        return False
    if claim.get("subject_basis") is not None:
        return claim["subject_basis"] != "explicit"
    return claim.get("subject_from") == "context"


_CAPTION_TYPES = ("ranking", "share")

#: An annual edition publishes its two previous data years (MCS 2024: 2022 revised and
#: 2023 estimated); a later edition may revise either, and no edition revises older ones.
YEARS_PER_EDITION = 2


def edition_at(pub: date) -> int:
    """The edition that was current on ``pub`` whether or not the store holds it: the
    latest year whose release date (``news_edition_releases.csv``, else 1 February) is on
    or before ``pub``."""
    published = current_edition(list(range(pub.year - 1, pub.year + 1)), pub)
    return published if published is not None else pub.year - 1


def _mcs_edition(result: dict[str, Any]) -> int | None:
    """The annual edition a verdict's evidence comes from; None for evidence that is not
    an edition (stage tables, whose 'edition' in the comparison is a data year)."""
    first = (result.get("evidence") or [{}])[0]
    ed = first.get("edition")
    return int(ed) if isinstance(ed, int) and not isinstance(ed, bool) else None


def _stale_edition(
    result: dict[str, Any], claim: dict[str, Any], pub: date, kb: KnowledgeBase | None = None
) -> str | None:
    """Why the edition that judged a dated claim is not the one its author could read, or
    None. When the store's newest edition of the commodity is older than the edition
    current at the publication date, a claim naming no year means the newer edition's
    latest year (which the store lacks), and a claim naming a year the newer edition
    republishes may quote its revised figure: neither verdict is earned. The store's
    newest edition is read from ``kb`` when given, else taken to be the evidence's."""
    used = _mcs_edition(result)
    if used is None:
        return None
    cid = (result.get("evidence") or [{}])[0].get("commodity")
    newest = max(kb.editions_for(cid), default=used) if kb is not None and cid else used
    if result.get("verdict") == SUPPORTED and claim.get("type") != "production":
        # reserves, ranks and shares move little from one edition to the next: agreement
        # with the edition before the author's stands; a yearly output may not
        return None
    current = edition_at(pub)
    if newest >= current:
        return None
    data_year = (result.get("comparison") or {}).get("data_year")
    if claim.get("period") is None:
        return (
            f"the article was published when MCS {current} was current (latest year "
            f"{current - 1}); the store's newest edition for this commodity is MCS {newest}, so "
            "the figure may describe a year or a revision the store lacks"
        )
    if data_year is not None and int(str(data_year)[:4]) >= current - YEARS_PER_EDITION:
        return (
            f"the article was published when MCS {current} was current, which republishes "
            f"{data_year} (possibly revised); the store has only MCS {newest} for it"
        )
    return None


def _blocked(result: dict[str, Any], why: str) -> dict[str, Any]:
    """``result`` turned not-checkable for ``why``; evidence and comparison are kept."""
    return {
        **result,
        "verdict": NOT_CHECKABLE,
        "explanation": f"{why} ({result['explanation']})",
        "reason": why,
    }


def gate(
    result: dict[str, Any],
    claim: dict[str, Any],
    pub: date | None,
    kb: KnowledgeBase | None = None,
    older_editions_agree: bool = False,
) -> dict[str, Any]:
    """The one gate every statistical verdict (ranking, share, reserves, production)
    passes: a ``supported`` or ``refuted`` that does not meet the conditions below becomes
    ``not-checkable`` with a ``reason`` naming what is missing.

    Either verdict needs
      - the arithmetic recorded (``comparison`` with a measure and a data year);
      - the same measure (reserves with reserves, production with production);
      - the same stage (a claim naming mining is not judged by a processing figure, nor
        the reverse; a claim naming none is resolved by :func:`_combine`);
      - the same geography (the evidence row is the claim's country, or the world total);
      - the same period: a claim naming a year (or 'last year', resolved against the
        publication date) is compared only with data for that year; in an undated article
        a relative year ('last year') cannot be resolved, so nothing is compared; a claim
        naming no year is compared with the edition current at the publication date;
      - a verdict that follows from the intervals of :func:`claim_intervals` (supported:
        inside the agreement interval; refuted: outside the refutation interval).
      - for a dated article, the edition current at its date or one that is final for the
        year compared (:func:`_stale_edition`; a support of a reserve, rank or share by the
        edition before is kept).
    A refutation further needs
      - a known period (a dated article, or a year in the claim: an undated figure may
        describe another year);
      - an explicitly named subject and commodity: one inferred from a pronoun, 'the
        country', the previous sentence or the headline may be misread, and a misreading
        must not turn into 'false'. Agreement still supports such a claim: a misread
        subject whose figure agrees within tolerance is improbable.
    A heading or caption without a finite verb asserts nothing and is never judged.
    """
    verdict = result.get("verdict")
    if claim.get("caption") and claim["type"] in _CAPTION_TYPES:
        reason = (
            "a heading or caption without a finite verb names a topic and asserts no "
            f"{claim['type']}; nothing to judge"
        )
        return {**result, "verdict": NOT_CHECKABLE, "explanation": reason, "reason": reason}
    if verdict not in (SUPPORTED, REFUTED):
        return result
    comp = result.get("comparison") or {}
    if not comp.get("measure"):
        return _blocked(result, "no comparison was recorded, so the verdict cannot be shown")
    claimed_reserves = claim.get("measure") == "reserves"
    if claimed_reserves != (comp["measure"] == "reserves"):
        return _blocked(
            result,
            f"the claim is about {claim.get('measure')}, the evidence is {comp['measure']}",
        )
    named, used = claim.get("stage"), comp.get("stage")
    if named and used and (named == "mining") != (used == "mining"):
        return _blocked(
            result,
            f"the claim names {STAGE_LABEL.get(named, named)}, the evidence is "
            f"{STAGE_LABEL.get(used, used)}",
        )
    first = (result.get("evidence") or [{}])[0]
    if (
        claim.get("iso3") not in (None, "WLD")
        and first.get("role") == "current"
        and first.get("iso3") not in (None, claim["iso3"], *(result.get("subject_group") or []))
    ):
        return _blocked(result, f"the evidence is for {first['iso3']}, not {claim['iso3']}")
    period, data_year = claim.get("period"), comp.get("data_year")
    if period is not None:
        if data_year is None or int(str(data_year)[:4]) != int(period):
            return _blocked(
                result,
                f"the claim is about {period}; the figure compared is for "
                f"{data_year or 'an unstated year'} and the store has none for {period}",
            )
    elif pub is None:
        rel = _RELATIVE_YEAR.search(claim.get("text") or "")
        if rel:
            return _blocked(
                result,
                f"the claim is about '{rel.group(0)}' and the article carries no date, so "
                "the year it means is unknown",
            )
    if pub is not None and not older_editions_agree:
        # (older_editions_agree: every older edition held gives the same refutation of a
        # reserves figure, :func:`_stale_but_steady`)
        stale = _stale_edition(result, claim, pub, kb)
        if stale:
            return _blocked(result, stale)
    iv, actual = comp.get("agree_interval"), comp.get("evidence_value")
    if iv is not None and isinstance(actual, (int, float)) and comp.get("bound") is None:
        if verdict == SUPPORTED and not _inside(actual, iv):
            return _blocked(result, "the evidence is outside the claim's agreement interval")
        if verdict == REFUTED and _inside(actual, comp["refute_outside"]):
            return _blocked(result, "the evidence is inside the claim's refutation interval")
    if verdict != REFUTED:
        return result
    if pub is None and period is None:
        return _blocked(
            result,
            "the article carries no date and the claim names no year, so the period it "
            "measures is unknown; a refutation needs evidence of the same period",
        )
    if _inferred_subject(claim):
        return _blocked(
            result,
            f"subject inferred from context ({claim.get('subject')} is not named in the "
            "claim's sentence), so a mismatch may be a misreading; a refutation needs an "
            "explicitly named subject",
        )
    if claim.get("commodity_from") in _INFERRED_COMMODITY:
        return _blocked(
            result,
            f"commodity taken from the {claim['commodity_from']} (not named in the claim's "
            "sentence or the one before), so a mismatch may be a misreading; a refutation "
            "needs a named commodity",
        )
    return result


_YEAR = r"((?:19|20)\d\d)"
#: A year the text gives for the source of its figures, not for the figures themselves:
#: 'data released by the USGS in 2014', 'the 2021 survey', 'Mineral Commodity Summaries
#: 2023', 'according to its 2022 report'.
_SOURCE_YEAR = re.compile(
    r"\b(?:released|published|issued|updated|compiled)\b(?:[^.;\n]|(?<=\b[A-Z])\.){0,80}?\bin\s+"
    + _YEAR
    + r"\b"
    r"|\b" + _YEAR + r"\s+(?:edition|report|survey|yearbook|review|data\s+release|study|"
    r"assessment|outlook|bulletin|summary|summaries)\b"
    r"|\b(?:Mineral\s+Commodity\s+Summar(?:y|ies)|MCS|edition|yearbook)\s+(?:of\s+)?"
    + _YEAR
    + r"\b",
    re.IGNORECASE,
)


def reconcile_named_sources(judged: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Withdraw statistical verdicts whose figures the text takes from a source of another
    year than the edition that judged them.

    A source year ('according to data released by the USGS in 2014', 'the 2021 survey')
    named in a claim's sentence or earlier in its paragraph dates the figures that
    follow, up to the next source year. When the edition compared (``comparison.edition``)
    is another year, the claim quotes a table the store does not use, and a match or a
    mismatch with a newer one says nothing: the verdict becomes not-checkable. Changes
    ``judged`` (claims with ``span`` offsets into ``text``) in place and returns it.
    """
    mentions = [
        (m.start(), int(next(g for g in m.groups() if g))) for m in scan(_SOURCE_YEAR, text)
    ]
    if not mentions:
        return judged
    for c in judged:
        if c.get("verdict") not in (SUPPORTED, REFUTED):
            continue
        if c.get("type") not in ("ranking", "share", "reserves", "production"):
            continue
        edition = _mcs_edition(c)
        if edition is None:
            continue
        s0, s1 = c["span"]
        para = text.rfind("\n", 0, s0) + 1
        # the claim's own sentence (to its end) and what precedes it in the paragraph
        end = max(s1, text.find(".", s1) if text.find(".", s1) >= 0 else len(text))
        named = [y for at, y in mentions if para <= at < end]
        if not named or named[-1] == edition:
            continue
        why = (
            f"the text takes these figures from a source of {named[-1]}; they were compared "
            f"with MCS {edition}, another edition, so neither verdict is earned"
        )
        c.update(verdict=NOT_CHECKABLE, reason=why, explanation=f"{why} ({c['explanation']})")
    return judged


def reconcile_undated(judged: list[dict[str, Any]], pub: date | None) -> list[dict[str, Any]]:
    """Withdraw supports that rest on the current-edition assumption of an undated article
    when the same sentence shows that assumption is wrong.

    Without a publication date and a year in the claim, a figure is compared with the
    latest edition on the assumption that it describes that period. When the same
    sentence gives, for the same country and measure, an amount that the edition misses
    beyond its refutation interval ('the second largest reserves, with 2.7 Mt' when the
    edition has 6.2 Mt), the sentence's figures describe another period or source, so a
    rank or share supported by the latest edition is not-checkable too. Changes ``judged``
    (claims with their verdicts, in document order) in place and returns it.
    """
    if pub is not None:
        return judged
    stale: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in judged:
        comp = c.get("comparison") or {}
        iv, actual = comp.get("refute_outside"), comp.get("evidence_value")
        if (
            c.get("type") in ("reserves", "production")
            and c.get("period") is None
            and iv is not None
            and isinstance(actual, (int, float))
            and not _inside(actual, iv)
        ):
            stale.setdefault((c.get("text"), c.get("iso3"), c.get("measure")), c)
    if not stale:
        return judged
    for c in judged:
        key = (c.get("text"), c.get("iso3"), c.get("measure"))
        if c.get("verdict") != SUPPORTED or c.get("type") not in ("ranking", "share"):
            continue
        if c.get("period") is not None or key not in stale:
            continue
        other = stale[key]["comparison"]
        why = (
            f"the article carries no date and the same sentence's figure for {c.get('subject')} "
            f"({_fmt(other['claim_value'], 't')}) is far from the latest edition's "
            f"({_fmt(other['evidence_value'], 't')}), so the sentence describes another period "
            "or source; the latest edition does not judge it"
        )
        c.update(verdict=NOT_CHECKABLE, reason=why, explanation=f"{why} ({c['explanation']})")
    return judged


def _release(edition: int) -> date:
    """The day an edition came out (``news_edition_releases.csv``, else 1 February)."""
    return release_dates().get(edition, date(edition, 2, 1))


def _undated_editions(
    kb: KnowledgeBase, claim: dict[str, Any], checker: Any, raw: dict[str, Any],
    result: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """An undated article could have been written under any edition: a figure that one of
    them supports is not refuted by another.

    ``raw`` is the checker's refutation by the newest edition and ``result`` what the
    gate made of it. Each other edition that could have been the author's (for a claim
    naming year Y, the held editions that publish Y: Y+1 to Y+YEARS_PER_EDITION) judges
    the claim as if the article had appeared on its release day; the first that supports
    it gives the verdict, with the newer edition's disagreement in the explanation. A
    refutation stands only when every held edition that publishes Y disagrees.
    """
    used = _mcs_edition(raw)
    evidence = raw.get("evidence") or [{}]
    cid = evidence[0].get("commodity")
    if used is None or not cid:
        return result
    held = set(kb.editions_for(cid))
    period = claim.get("period")
    if period is not None:
        could = set(range(int(period) + 1, int(period) + 1 + YEARS_PER_EDITION))
    else:
        # a claim naming no year is not judged by older editions: the article may tell its
        # period elsewhere ('third largest' beside 2024 figures), and the gate already keeps
        # the newest edition from refuting it
        could = set()
    for edition in sorted((could & held) - {used}, reverse=True):
        other = gate(checker(kb, claim, _release(edition)), claim, None, kb)
        if other["verdict"] == SUPPORTED and _mcs_edition(other) == edition:
            note = (
                f" (the article carries no date and MCS {edition} could have been current "
                f"when it was written; the newer MCS {used} disagrees: {raw['explanation']})"
            )
            return {**other, "explanation": other["explanation"] + note,
                    "superseded_by": used}  # fmt: skip
    return result


def _stale_but_steady(
    kb: KnowledgeBase, claim: dict[str, Any], checker: Any, raw: dict[str, Any],
    result: dict[str, Any], pub: date,
) -> dict[str, Any]:  # fmt: skip
    """A refutation the gate withheld because the store lacks the edition current at the
    publication date (:func:`_stale_edition`) stands when the figure is a slow-moving one
    (reserves: an amount, a share or a rank of reserves) and every older edition held
    disagrees as well: the claim then contradicts each edition on record, not one estimate
    a later edition might have revised. Otherwise ``result`` (not-checkable) is kept."""
    used = _mcs_edition(raw)
    cid = (raw.get("evidence") or [{}])[0].get("commodity")
    if claim.get("measure") != "reserves" or used is None or not cid:
        # production amounts, shares and ranks move from year to year (the DRC's copper
        # rank: second, third, second again): only reserves are steady enough
        return result
    if not _stale_edition(raw, claim, pub, kb):
        return result
    older = [e for e in kb.editions_for(cid) if e < used]
    if not older:
        return result
    notes = []
    for edition in sorted(older, reverse=True):
        other = gate(checker(kb, claim, _release(edition)), claim, _release(edition), kb)
        if other["verdict"] != REFUTED or _mcs_edition(other) != edition:
            return result
        notes.append(f"MCS {edition} disagrees too")
    why = (
        f"MCS {edition_at(pub)}, current at the publication date, is not in the store; "
        f"{'; '.join(notes)}, so the claim contradicts every edition held"
    )
    out = gate(raw, claim, pub, kb, older_editions_agree=True)
    if out["verdict"] != REFUTED:
        return result
    return {**out, "explanation": f"{out['explanation']} ({why})"}


def _later_edition_agrees(
    kb: KnowledgeBase, claim: dict[str, Any], checker: Any, raw: dict[str, Any],
    result: dict[str, Any], pub: date,
) -> dict[str, Any]:  # fmt: skip
    """A refutation by the edition current at the publication date is withdrawn when an
    edition released later, judging the claim as of its own release day, supports it: the
    author then had the newer estimate or the revision early (reserves are revised from
    company and government reports that precede the USGS release; a year-less 'is the
    third-largest producer' written in January may be about the year the current edition
    does not cover yet). The store's best knowledge agrees with the figure, so calling it
    false would call a true statement false; it is left not-checkable."""
    used = _mcs_edition(raw)
    cid = (raw.get("evidence") or [{}])[0].get("commodity")
    if used is None or not cid:
        return result
    later = [e for e in sorted(kb.editions_for(cid)) if e > used and _release(e) > pub]
    return _withdrawn_if_supported(
        kb, claim, checker, result, later,
        lambda edition, other: (
            f"MCS {edition}, released after the article, agrees ({other['explanation']}); "
            f"the figure may be its estimate or revision, known to the author earlier"
        ),
    )  # fmt: skip


def _withdrawn_if_supported(
    kb: KnowledgeBase, claim: dict[str, Any], checker: Any, result: dict[str, Any],
    editions: list[int], why: Any,
) -> dict[str, Any]:  # fmt: skip
    """``result`` made not-checkable with ``why(edition, verdict)`` when the first of
    ``editions`` that supports the claim, judged as of its own release day, does so with its
    own figures; else ``result`` unchanged."""
    for edition in editions:
        day = _release(edition)
        other = gate(checker(kb, claim, day), claim, day, kb)
        if other["verdict"] == SUPPORTED and _mcs_edition(other) == edition:
            return _blocked(result, why(edition, other))
    return result


def _earlier_estimate_of_year(
    kb: KnowledgeBase, claim: dict[str, Any], checker: Any, raw: dict[str, Any],
    result: dict[str, Any], pub: date,
) -> dict[str, Any]:  # fmt: skip
    """A claim about a named year Y refuted by the current edition's figure for Y is
    withdrawn when an older held edition that also publishes Y (released before the
    article) supports it: the figure is that edition's estimate of Y, which the current
    one revised ('46.9 %' of 2022 in MCS 2023, 51.2 % in MCS 2024). Quoting an official
    estimate later revised is not a false statement; it is left not-checkable with both
    figures in the explanation."""
    used = _mcs_edition(raw)
    cid = (raw.get("evidence") or [{}])[0].get("commodity")
    period = claim.get("period")
    if used is None or not cid or period is None:
        return result
    could = set(range(int(period) + 1, int(period) + 1 + YEARS_PER_EDITION))
    earlier = [
        e
        for e in sorted((could & set(kb.editions_for(cid))) - {used}, reverse=True)
        if e < used and _release(e) <= pub
    ]
    return _withdrawn_if_supported(
        kb, claim, checker, result, earlier,
        lambda edition, other: (
            f"the figure is MCS {edition}'s estimate for {period} ({other['explanation']}); "
            f"MCS {used} revised it"
        ),
    )  # fmt: skip


def _named_release(
    kb: KnowledgeBase, claim: dict[str, Any], checker: Any, year: int
) -> dict[str, Any]:
    """A claim whose figures the text dates by their source's release ('data released by
    the USGS in 2014', ``period_cue`` of kind 'release'): judged by that edition, as if the
    article had appeared on its release day; when the store does not hold it, neither
    verdict is earned (another edition's figure may differ from the one quoted)."""
    day = _release(year)
    cid = _commodity_id(kb, claim.get("commodity")) if claim.get("commodity") else None
    if cid and kb.editions_for(cid) and year not in kb.editions_for(cid):
        held = ", ".join(str(e) for e in sorted(kb.editions_for(cid)))
        return _result(
            NOT_CHECKABLE,
            f"the text takes its figures from a release of {year} "
            f"('{claim['period_cue'].get('text', year)}'); the store holds editions {held} "
            f"for {cid}, not that one",
        )
    raw = checker(kb, claim, day)
    result = gate(raw, claim, day, kb)
    if result["verdict"] not in (SUPPORTED, REFUTED):
        return result
    used = _mcs_edition(raw)
    if used != year:
        return _blocked(
            result,
            f"the text takes its figures from a release of {year} "
            f"('{claim['period_cue'].get('text', year)}'), which the store does not hold; "
            f"{'MCS ' + str(used) if used else 'the figure compared'} is another source",
        )
    return {**result, "explanation": f"{result['explanation']} (the release the text names)"}


#: Extra relative leeway for a factor written in words ('tenfold', 'doubled', 'by half').
FACTOR_WORD_TOLERANCE = 0.10


def _two_figure_halfwidth(value: float) -> float:
    """Half a unit of the second significant figure of a published value (MCS values
    carry about two): 45,000 -> 500; 1,200 -> 50."""
    from math import floor, log10

    return 0.5 * 10 ** (floor(log10(abs(value))) - 1) if value else 0.0


#: What a change is of: output or reserves, named just before the figure ('production
#: rose 12%'), not prices, trade, quotas or capacity ('exports rose 30%').
_CHANGED_OUTPUT = re.compile(
    r"\b(?:produc(?:e|es|ed|ing|tion)|output|mining|mined|mine\s+supply|extraction|"
    r"reserves)\b",
    re.IGNORECASE,
)
_CHANGED_OTHER = re.compile(
    r"\b(?:prices?|exports?|imports?|shipments?|sales|revenues?|demand|consumption|quotas?|"
    r"capacity|capacities|stock(?:pile)?s?|values?|profits?|investment|share)\b",
    re.IGNORECASE,
)
#: A change over part of a year ('in the first quarter', 'in March', 'in the first half'):
#: not one year against the one before, whatever years the extractor gave it.
_PART_OF_YEAR = re.compile(
    r"\b(?:quarter|(?:first|second|1st|2nd)\s+half|half[- ]year|months?|weeks?|so\s+far|"
    r"year[- ]to[- ]date|H[12]|Q[1-4]|January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b",
    re.IGNORECASE,
)
#: A change over several years ('since 2020', 'over five years'), unless its first year
#: is stated.
_SEVERAL_YEARS = re.compile(
    r"\b(?:decade|since|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+"
    r"years)\b",
    re.IGNORECASE,
)


def check_change(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """A change between two years ('rose 12% in 2024', 'increased tenfold last year',
    'grew by 20,000 t') of a country's or the world's production or reserves, from ONE
    edition that publishes both years (the edition current at ``pub``; for an undated
    article any held edition, supported when one agrees, refuted only when all disagree).

    The factor, percentage or difference is computed from the two published values; the
    tolerance adds the rounding of both values (:func:`_two_figure_halfwidth`) and of the
    written figure (and :data:`FACTOR_WORD_TOLERANCE` for factors in words). It agrees
    within the tolerance and is refuted beyond twice it, or when the direction is the
    opposite. A claim naming no stage is refuted only when the commodity has no
    processing stage it might mean.
    """
    what = "a factor" if claim.get("unit") == "x" else "a change"
    plain = f"the figure is {what} between two periods, not an amount or share of one period"
    to_year = claim.get("change_to")
    iso3 = claim.get("iso3")
    cid0 = _commodity_id(kb, claim.get("commodity"))
    if to_year is None or not iso3 or cid0 is None or claim.get("unit") not in ("%", "x", "t"):
        return _result(NOT_CHECKABLE, f"{plain}; its two periods or its subject are not known")
    pre = _precheck(kb, claim)  # offers, plans, quotas, capacities, trade flows
    if pre:
        return pre
    text = claim.get("text") or ""
    written = (claim.get("quantity") or {}).get("text") or claim.get("change_text") or ""
    at = text.find(written) if written else -1
    before = text[max(0, at - 60) : at] if at >= 0 else text
    if not _CHANGED_OUTPUT.search(before) or _CHANGED_OTHER.search(before):
        return _result(
            NOT_CHECKABLE,
            f"{plain}; what changed is not named as output or reserves just before the figure",
        )
    if _PART_OF_YEAR.search(text) or (
        claim.get("change_from") is None and _SEVERAL_YEARS.search(text)
    ):
        return _result(
            NOT_CHECKABLE,
            f"{plain}; the text compares a part of a year or a span of years, not one year "
            "with the one before",
        )
    from_year = claim.get("change_from") or int(to_year) - 1
    stage = claim.get("stage")
    if claim.get("measure") == "reserves":
        found = _series_for(kb, claim)
    else:
        found = _mcs_series(kb, cid0, stage)
    if found is None:
        return _result(NOT_CHECKABLE, f"{plain}; no statistics of that measure")
    cid, measure = found

    def values(edition: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
        rows = []
        for year in (from_year, to_year):
            if iso3 == "WLD":
                row = world_row(kb, cid, measure, edition, int(year))
            else:
                row = next((r for r in ranking(kb, cid, measure, edition, int(year))
                            if r["iso3"] == iso3), None)  # fmt: skip
            # a bound ('>90,000,000') gives no change
            if (
                row is None
                or not row.get("value")
                or (row.get("qualifier") or "")[:1] in ("<", ">")
            ):
                return None
            rows.append({**row, "country": row.get("country") or claim.get("subject")})
        return rows[0], rows[1]

    held = sorted(kb.editions_for(cid), reverse=True)
    if pub is not None:
        current = current_edition(held, pub)
        editions = [current] if current is not None else []
    else:
        editions = held
    judged = []
    for edition in editions:
        pair = values(edition)
        if pair is None:
            continue
        old, new = pair
        v0, v1 = float(old["value"]), float(new["value"])
        ratio = v1 / v0
        claimed = float(claim["value"])
        down = claim.get("change_direction") == "decrease"
        written = (claim.get("quantity") or {}).get("text")
        # each published value is good to half a unit of its second significant figure
        rel = _two_figure_halfwidth(v0) / v0 + _two_figure_halfwidth(v1) / v1
        if claim["unit"] == "x":
            # 'fell by half' is written 0.5 or 2 with a decrease: compare the size; a
            # factor in words ('tenfold', 'doubled') is round, so 10 % more leeway
            want = claimed if claimed >= 1 else 1 / claimed
            got = 1 / ratio if down else ratio
            dev, tol = abs(got / want - 1), rel + FACTOR_WORD_TOLERANCE
            shown, unit = f"x{got:.3g}", "x"
        elif claim["unit"] == "%":
            want = -claimed if down else claimed
            got = 100.0 * (ratio - 1)
            dev = abs(got - want)
            tol = 100.0 * ratio * rel + rounding_halfwidth(written, claimed)
            shown, unit = f"{got:+.1f}%", "%"
        else:
            factor = UNIT_TO_T.get(new["unit"], 1.0)
            want = -claimed if down else claimed
            got = (v1 - v0) * factor
            dev = abs(got - want)
            tol = factor * (_two_figure_halfwidth(v0) + _two_figure_halfwidth(v1))
            tol += rounding_halfwidth(written, claimed)
            shown, unit = f"{got:+,.0f} t", "t"
        # the opposite direction: a factor below one, or a change of the other sign
        wrong_way = got < 1 if unit == "x" else got * want < 0
        ok = True if dev <= tol else (False if dev > 2 * tol or wrong_way else None)
        lab = edition_label(kb, new["source_id"], edition)
        text = (
            f"{claim.get('subject')} {cid} {MEASURE_LABEL.get(measure, measure)} "
            f"{_fmt(v0, old['unit'])} ({from_year}) -> {_fmt(v1, new['unit'])} ({to_year}): "
            f"{shown}; claimed {claim.get('change_text') or f'{claimed:g}{unit}'}"
        )
        evidence = [_evidence_row(kb, cid, measure, edition, r, "current") for r in (old, new)]
        comp = comparison(claimed, unit, round(got, 3), unit, tol, measure,
                          "mining" if measure == "mine_production" else stage, edition,
                          data_year=int(to_year), change_from=int(from_year))  # fmt: skip
        judged.append((ok, lab, text, evidence, comp, edition))
    if not judged:
        return _result(
            NOT_CHECKABLE,
            f"{plain}; no edition held gives {claim.get('subject')}'s {cid} "
            f"{MEASURE_LABEL.get(measure, measure)} for both {from_year} and {to_year}",
        )
    for ok, lab, text, evidence, comp, edition in judged:
        if ok:
            return _result(SUPPORTED, f"supported by {lab}: {text}", evidence, edition=edition,
                           comparison=comp)  # fmt: skip
    later = [n for n in kb.stage_names(cid0) if n != "mining"]
    if all(ok is False for ok, *_ in judged) and not (stage is None and later):
        ok, lab, text, evidence, comp, edition = judged[0]
        return _result(REFUTED, f"refuted by {lab}: {text}", evidence, edition=edition,
                       comparison=comp)  # fmt: skip
    ok, lab, text, evidence, comp, edition = judged[0]
    why = (
        "the change computed is near the claimed one but not within its tolerance"
        if ok is None
        else "the claim names no stage, and a processing stage may have changed otherwise"
    )
    return _result(NOT_CHECKABLE, f"{why} (by {lab}: {text})", evidence, edition=edition,
                   comparison=comp, reason=why)  # fmt: skip


def check_claim(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """Verdict, evidence and explanation of one claim (dict from :mod:`.claims`)."""
    ctype = claim["type"]
    if ctype == "classification":
        return check_classification(kb, claim)
    if ctype == "count":
        return check_count(kb, claim)
    if claim.get("measure_kind") == "change" and ctype in ("share", "reserves", "production"):
        # 'rose 58%', 'grew by 20,000 t', 'doubled': a change, never compared as a level;
        # checked as a change between two years of one edition where the store has both
        return gate(check_change(kb, claim, pub), claim, pub, kb)
    if ctype in ("ranking", "share", "reserves", "production"):
        checker = {"ranking": check_ranking, "share": check_share}.get(ctype, check_amount)
        cue = claim.get("period_cue") or {}
        if cue.get("kind") == "release" and cue.get("year"):
            return _named_release(kb, claim, checker, int(cue["year"]))
        raw = checker(kb, claim, pub)
        result = gate(raw, claim, pub, kb)
        if pub is None and raw["verdict"] == REFUTED:
            result = _undated_editions(kb, claim, checker, raw, result)
        elif pub is not None and raw["verdict"] == REFUTED and result["verdict"] != REFUTED:
            result = _stale_but_steady(kb, claim, checker, raw, result, pub)
        if pub is not None and result["verdict"] == REFUTED:
            result = _later_edition_agrees(kb, claim, checker, raw, result, pub)
        if pub is not None and result["verdict"] == REFUTED:
            result = _earlier_estimate_of_year(kb, claim, checker, raw, result, pub)
        return result
    if ctype == "valuation":
        return _result(
            NOT_CHECKABLE,
            f"the store holds no valuation of mineral resources ({_fmt(claim['value'])} "
            f"{claim['unit']} is the article's figure)",
        )
    if ctype == "event":
        from assay.analyses.news.eventcheck import check_event

        return check_event(kb, claim, pub)
    return _result(NOT_CHECKABLE, f"no checker for claim type {ctype}")
