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

Tolerances: shares agree within 2.5 percentage points (published shares are rounded to
whole percent and MCS values to two significant figures), masses within 10 % relative
(MCS rounds to two significant figures). Qualifiers shift the test: 'over 70 %' holds when
the evidence exceeds 70 − 2.5.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assay.analyses.news.knowledge import KnowledgeBase, current_edition

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
    kb: KnowledgeBase, commodity_id: str, measure: str, edition: int
) -> list[dict[str, Any]]:
    """Countries ranked by ``measure`` in one edition (latest data year of the edition).

    Returns rows ``{iso3, country, value, unit, data_year, source_id, rank, qualifier,
    row_ref}`` sorted by rank, plus rows ``world`` available through :func:`world_row`.
    Competition ranking: equal values share a rank.
    """
    cache = kb.__dict__.setdefault("_rank_cache", {})
    key = (commodity_id, measure, edition)
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
        details.setdefault(o.get("detail"), set()).add(o["iso3"])
    if len(details) > 1:
        chosen = max(details, key=lambda d: (len(details[d]), str(d)))
        rows = [o for o in rows if o.get("detail") == chosen]
    latest = max(o["data_year"] for o in rows)
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
    return {"verdict": verdict, "evidence": evidence or [], "explanation": explanation, **extra}


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
    if mention["kind"] == "element":
        return kb.resolve_commodity(mention["name"])
    ref = mention.get("ref")
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


GROUP_LABEL = {
    "rare-earths": "rare-earth elements (the 15 lanthanides plus scandium and yttrium)",
    "lanthanides": "lanthanides (elements 57-71)",
    "light-rare-earths": "light rare earths",
    "heavy-rare-earths": "heavy rare earths",
    "critical-minerals": "critical minerals",
    "rare-metals": "rare metals",
}


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
    if member["kind"] == "element" and member.get("ref") in kb.elements:
        el = kb.elements[member["ref"]]
        truth = _in_group(el, group)
        if truth is None:
            return _result(NOT_CHECKABLE, f"no membership data for {label}")
        ok = truth == positive
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


def check_count(kb: KnowledgeBase, claim: dict[str, Any]) -> dict[str, Any]:
    """Number of members of a group, counted in the element table."""
    group = claim["object"]
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


def check_ranking(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """Rank of a country for a commodity and measure in the edition current at ``pub``."""
    if claim.get("scope") not in (None, "world"):
        return _result(
            NOT_CHECKABLE,
            f"ranking within {claim['scope']}: the store has world rankings only",
        )
    missing = _unstated(claim, kb)
    if missing:
        return _result(NOT_CHECKABLE, missing)
    found = _series_for(kb, claim)
    if found is None:
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    cid, measure = found
    editions = kb.editions_for(cid)
    edition = current_edition(editions, pub)
    if edition is None:
        return _result(NOT_CHECKABLE, f"no edition of statistics for {cid} at {pub}")
    label = MEASURE_LABEL.get(measure, measure)
    table = ranking(kb, cid, measure, edition)
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
            t2 = ranking(kb, cid, measure, other)
            r2 = next((r for r in t2 if r["iso3"] == claim["iso3"]), None)
            if r2 is not None:
                role = "previous" if other < edition else "later"
                evidence.append(_evidence_row(kb, cid, measure, other, r2, role, len(t2)))
                others.append((other, r2))
    head = (
        f"{name} is {ordinal(row['rank'])} of {len(table)} in {cid} {label} "
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
    if claim.get("rank_max"):
        verdict = SUPPORTED if row["rank"] <= claim["rank_max"] else REFUTED
        return _result(
            verdict,
            f"{verdict} by {ed_label}: {head} (claimed top {claim['rank_max']}){tail}",
            evidence,
            edition=edition,
        )
    if claim.get("vague") or claim.get("rank") is None:
        return _result(
            NOT_CHECKABLE,
            f"vague ranking ('{claim.get('rank_text')}'); by {ed_label} {head}{tail}",
            evidence,
            edition=edition,
        )
    verdict = SUPPORTED if row["rank"] == claim["rank"] else REFUTED
    stale = [o for o, r2 in others if r2["rank"] == claim["rank"] and o < edition]
    if verdict == REFUTED and stale:
        tail += f" (the claim matches the superseded MCS {stale[0]})"
    return _result(verdict, f"{verdict} by {ed_label}: {head}{tail}", evidence, edition=edition)


def _compare(claimed: float, actual: float, qualifier: str | None, tol: float) -> bool:
    if qualifier in ("over", "more than", "above", "at least"):
        return actual > claimed - tol
    if qualifier in ("under", "less than", "below", "up to"):
        return actual < claimed + tol
    if qualifier in ("nearly", "almost", "about", "around", "approximately", "roughly", "some"):
        return abs(actual - claimed) <= 2 * tol
    return abs(actual - claimed) <= tol


def check_share(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """A country's share of the world total in the current edition."""
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
    missing = _unstated(claim, kb)
    if missing:
        return _result(NOT_CHECKABLE, missing)
    found = _series_for(kb, claim)
    cid, measure = found if found else (None, claim["measure"])
    edition = current_edition(kb.editions_for(cid), pub) if cid else None
    if edition is None:
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    table = ranking(kb, cid, measure, edition)
    row = next((r for r in table if r["iso3"] == claim["iso3"]), None)
    if row is None:
        return _result(NOT_CHECKABLE, f"no {measure} figure for {claim['subject']}")
    world = world_row(kb, cid, measure, edition, row["data_year"])
    total = (
        world["value"]
        if world and world["value"] and not (world.get("qualifier") or "").startswith(">")
        else sum(r["value"] for r in table)
    )
    share = 100.0 * row["value"] / total
    evidence = [_evidence_row(kb, cid, measure, edition, row, "current", len(table))]
    if world:
        evidence.append(
            _evidence_row(kb, cid, measure, edition, {**world, "country": "World"}, "world total")
        )
    ok = _compare(claim["value"], share, claim.get("qualifier"), SHARE_TOLERANCE_PP)
    lab = edition_label(kb, row["source_id"], edition)
    q = f"{claim['qualifier']} " if claim.get("qualifier") else ""
    return _result(
        SUPPORTED if ok else REFUTED,
        f"{'supported' if ok else 'refuted'} by {lab}: {claim['subject']} has {share:.1f}% of "
        f"world {cid} {MEASURE_LABEL.get(measure, measure)} ({row['data_year']}); "
        f"claimed {q}{claim['value']:g}%",
        evidence,
        edition=edition,
        computed=round(share, 2),
    )


def check_amount(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """A reserves or production mass against the current edition."""
    missing = _unstated(claim, kb)
    if missing:
        return _result(NOT_CHECKABLE, missing)
    found = _series_for(kb, claim)
    cid, measure = found if found else (None, claim["measure"])
    edition = current_edition(kb.editions_for(cid), pub) if cid else None
    if edition is None:
        return _result(NOT_CHECKABLE, f"no statistics for {claim['commodity']['name']}")
    table = ranking(kb, cid, measure, edition)
    row = next((r for r in table if r["iso3"] == claim["iso3"]), None)
    if row is None:
        return _result(NOT_CHECKABLE, f"no {measure} figure for {claim['subject']}")
    factor = UNIT_TO_T.get(row["unit"])
    if factor is None:
        return _result(NOT_CHECKABLE, f"evidence is in {row['unit']}, not a mass")
    actual = row["value"] * factor
    rel_tol = MASS_TOLERANCE_REL * max(actual, claim["value"])
    ok = _compare(claim["value"], actual, claim.get("qualifier"), rel_tol)
    lab = edition_label(kb, row["source_id"], edition)
    return _result(
        SUPPORTED if ok else REFUTED,
        f"{'supported' if ok else 'refuted'} by {lab}: {claim['subject']} {cid} "
        f"{MEASURE_LABEL.get(measure, measure)} {_fmt(actual, 't')} ({row['data_year']}); "
        f"claimed {_fmt(claim['value'], 't')}",
        [_evidence_row(kb, cid, measure, edition, row, "current", len(table))],
        edition=edition,
    )


def check_claim(kb: KnowledgeBase, claim: dict[str, Any], pub: date | None) -> dict[str, Any]:
    """Verdict, evidence and explanation of one claim (dict from :mod:`.claims`)."""
    ctype = claim["type"]
    if ctype == "classification":
        return check_classification(kb, claim)
    if ctype == "count":
        return check_count(kb, claim)
    if ctype == "ranking":
        return check_ranking(kb, claim, pub)
    if ctype == "share":
        return check_share(kb, claim, pub)
    if ctype in ("reserves", "production"):
        return check_amount(kb, claim, pub)
    if ctype == "valuation":
        return _result(
            NOT_CHECKABLE,
            f"the store holds no valuation of mineral resources ({_fmt(claim['value'])} "
            f"{claim['unit']} is the article's figure)",
        )
    if ctype == "event":
        ev = claim["event"]
        return _result(
            NOT_CHECKABLE,
            f"no event record in the store; reported {ev['type'].replace('_', ' ')} "
            f"({ev['modality']})" + (f" dated {ev['date']}" if ev.get("date") else ""),
        )
    return _result(NOT_CHECKABLE, f"no checker for claim type {ctype}")
