"""Admin-1 region gazetteer: published region strings to ISO 3166-2 first-level subdivisions.

A site source publishes its province as free text ("Kola Peninsula", "Murmansk, Kola
peninsula", "Sakha (Yakutia)", "Guangdong/Puning", "Orissa"). :func:`resolve_region` maps
such a string, within one country, to the ISO 3166-2 code and a canonical English name of
the first-level subdivision, and says how:

``gazetteer``
    the string is an ISO 3166-2 subdivision name (ISO 3166-2 via the pycountry package, the
    local romanisation, e.g. "Murmanskaya oblast'") or its canonical English name, compared
    without generic words (oblast, krai, republic, province, sheng, oblysy...) and, failing
    that, spelling-tolerantly (rapidfuzz ratio >= :data:`FUZZY_CUTOFF`, one code only);
``alias``
    an alias or transliteration curated with its source in ``news_regions.csv`` (Russian and
    Ukrainian regions) or ``sites_region_aliases.csv`` (e.g. "Kola Peninsula" -> Murmansk
    Oblast, "Orissa" -> Odisha);
``unresolved``
    no subdivision, or an ambiguous one ("Baikal" lies between Irkutsk Oblast and Buryatia;
    "Kola/Karelia" names two); the published string is kept and the ``basis`` says why.

A string of several parts ("Guangdong/Puning", "Murmansk, Kola peninsula") resolves when
its first part resolves and every other part that resolves names the same subdivision.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from assay.models import linking

#: Spelling-tolerant match threshold (rapidfuzz ``ratio``, 0-100) on keys without generic words.
FUZZY_CUTOFF = 88.0
#: Lowest similarity (0-100) of a "did you mean" suggestion.
SUGGEST_CUTOFF = 65.0
#: Generic words of admin-1 names (English and the ISO 3166-2 romanisations), ignored in keys.
GENERIC_WORDS = frozenset(
    "oblast oblasti region province provincia state territory krai kray republic respublika "
    "respublica of the autonomous avtonomnyy avtonomnaya okrug sheng shi zizhiqu oblysy "
    "voblasc voblasts voblast horad city municipality sar federal and territories".split()
)
GAZETTEER_SOURCE = (
    "ISO 3166-2 first-level subdivisions (ISO Online Browsing Platform, via pycountry)"
)
ALIAS_FILES = ("news_regions.csv", "sites_region_aliases.csv")
_PART_SPLIT = re.compile(r"\s*(?:[/,;&()]|\band\b)\s*")


@dataclass(frozen=True)
class RegionResolution:
    """Outcome of :func:`resolve_region`: ``code``/``name`` are None when unresolved."""

    published: str
    code: str | None
    name: str | None
    method: str
    basis: str


@dataclass
class _Entry:
    code: str | None
    method: str
    basis: str


@dataclass
class Gazetteer:
    """Names of one country's first-level subdivisions, keyed for lookup."""

    iso3: str
    names: dict[str, str] = field(default_factory=dict)  # code -> canonical English name
    exact: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    loose: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, str] = field(default_factory=dict)  # loose key -> a name for display
    # lower-level ISO 3166-2 subdivisions (e.g. Spanish provinces), keyed to their
    # first-level ancestor and consulted only when no first-level name matches
    exact_lower: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    loose_lower: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))

    def add_lower(self, text: str, code: str, basis: str) -> None:
        entry = _Entry(code, "gazetteer", basis)
        for table, key in (
            (self.exact_lower, region_key(text, loose=False)),
            (self.loose_lower, region_key(text)),
        ):
            if key:
                table[key].append(entry)

    def add(self, text: str, code: str | None, method: str, basis: str) -> None:
        entry = _Entry(code, method, basis)
        exact, loose = region_key(text, loose=False), region_key(text)
        if exact:
            self.exact[exact].append(entry)
        if loose:
            self.loose[loose].append(entry)
            self.labels.setdefault(loose, text)


def region_key(text: str | None, loose: bool = True) -> str:
    """Lookup key of a region name: lower-case ASCII letters only; ``loose`` also drops
    generic words (:data:`GENERIC_WORDS`) and folds Russian adjectival endings
    ('Murmanskaya' -> 'murmansk', 'Krasnoyarskiy' -> 'krasnoyarsk')."""
    if not isinstance(text, str):
        return ""
    words = re.findall(r"[a-z]+", linking.strip_accents(text))
    if loose:
        words = [w for w in words if w not in GENERIC_WORDS]
        words = [re.sub(r"sk(aya|aja|iy|ij|ii)$", "sk", w) for w in words]
    return "".join(words)


def _read_reference(name: str) -> list[dict[str, str]]:
    path = resources.files("assay.reference").joinpath(name)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _iso2(iso3: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3.upper())
    return country.alpha_2 if country else None


@cache
def gazetteer(iso3: str) -> Gazetteer:
    """The region gazetteer of one country (ISO3): ISO 3166-2 names plus curated aliases."""
    import pycountry

    gaz = Gazetteer(iso3.upper())
    alpha2 = _iso2(iso3)
    if alpha2 is None:
        return gaz
    every = list(pycountry.subdivisions.get(country_code=alpha2) or [])
    subdivisions = [s for s in every if s.parent_code is None]
    parent = {s.code: s.parent_code for s in every}
    for sub in subdivisions:
        # ISO 3166-2:CN names carry the generic 'Sheng' (province) / 'Shi' (municipality)
        gaz.names[sub.code] = re.sub(r" (Sheng|Shi)$", "", sub.name) if alpha2 == "CN" else sub.name
    curated: list[tuple[str, dict[str, str]]] = []
    for filename in ALIAS_FILES:
        for row in _read_reference(filename):
            if row.get("iso3", "").upper() == gaz.iso3:
                curated.append((filename, row))
    # canonical English names: news_regions names, then sites_region_aliases 'canonical' rows
    for filename, row in curated:
        code = row.get("code") or None
        if code not in gaz.names:
            continue
        if filename == "news_regions.csv" or row.get("kind") == "canonical":
            gaz.names[code] = row["name"]
    for sub in subdivisions:
        gaz.add(
            sub.name, sub.code, "gazetteer", f"ISO 3166-2 name '{sub.name}' ({GAZETTEER_SOURCE})"
        )
        gaz.add(sub.code, sub.code, "gazetteer", f"ISO 3166-2 code ({GAZETTEER_SOURCE})")
        gaz.add(
            sub.code.split("-", 1)[1],
            sub.code,
            "gazetteer",
            f"ISO 3166-2 code ({GAZETTEER_SOURCE})",
        )
        if gaz.names[sub.code] != sub.name:
            gaz.add(
                gaz.names[sub.code], sub.code, "gazetteer", f"canonical English name of {sub.code}"
            )
    for sub in every:
        top = sub.code
        while parent.get(top):
            top = parent[top]
        if top != sub.code and top in gaz.names:
            gaz.add_lower(
                sub.name,
                top,
                f"ISO 3166-2 {sub.type.lower()} '{sub.name}' ({sub.code}) lies in {top} "
                f"({GAZETTEER_SOURCE})",
            )
    for filename, row in curated:
        code = row.get("code") or None
        kind = row.get("kind", "")
        if code is not None and code not in gaz.names:
            continue  # an area without a subdivision code (e.g. a federal district)
        if code is None and filename == "news_regions.csv":
            # news areas (federal districts, Donbas, Kola Peninsula) span or sit inside regions
            texts = [row["name"], *row.get("aliases", "").split(";")]
            note = row.get("note") or f"{row.get('kind') or 'area'}, not one admin-1 region"
            for text in filter(None, (t.strip() for t in texts)):
                gaz.add(text, None, "unresolved", f"{note} ({row['source']}, {filename})")
            continue
        texts = (
            [row["name"], *row.get("aliases", "").split(";")]
            if filename == "news_regions.csv"
            else [row["alias"]]
        )
        note = f"; {row['note']}" if row.get("note") else ""
        method = "unresolved" if kind == "ambiguous" else "alias"
        for text in filter(None, (t.strip() for t in texts)):
            gaz.add(text, code, method, f"{filename}: '{text}'{note} ({row['source']})")
    # the curated sites aliases override news areas with the same key (e.g. Kola Peninsula)
    for table in (gaz.exact, gaz.loose):
        for key, entries in table.items():
            coded = [e for e in entries if e.code]
            if coded and any(e.method == "unresolved" for e in entries):
                site_rows = [e for e in entries if "sites_region_aliases.csv" in e.basis]
                if site_rows:
                    table[key] = site_rows
    return gaz


def _lookup(gaz: Gazetteer, text: str) -> RegionResolution | None:
    exact, loose = region_key(text, loose=False), region_key(text)
    return _lookup_in(gaz, text, ((gaz.exact, exact), (gaz.loose, loose))) or _lookup_in(
        gaz, text, ((gaz.exact_lower, exact), (gaz.loose_lower, loose))
    )


def _lookup_in(
    gaz: Gazetteer, text: str, tables: Iterable[tuple[dict[str, list[_Entry]], str]]
) -> RegionResolution | None:
    for table, key in tables:
        entries = table.get(key) if key else None
        if not entries:
            continue
        codes = {e.code for e in entries}
        if len(codes) == 1:
            entry = entries[0]
            code = entry.code
            return RegionResolution(
                text, code, gaz.names.get(code) if code else None, entry.method, entry.basis
            )
        named = sorted(f"{gaz.names[c]} ({c})" for c in codes if c)
        return RegionResolution(
            text, None, None, "unresolved", f"ambiguous: '{text}' names " + " or ".join(named)
        )
    return None


def _fuzzy(gaz: Gazetteer, text: str) -> RegionResolution | None:
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    key = region_key(text)
    if len(key) < 4 or not gaz.loose:
        return None
    keys = list(gaz.loose)
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
    if not hits:
        return None
    best = hits[0][1]
    # at most one edit per six letters: 'Thanintharyi' -> 'Tanintharyi', but not
    # 'South Island' -> 'Southland'
    if Levenshtein.distance(key, hits[0][0]) > max(1, len(key) // 6):
        return None
    codes = {e.code for k, score, _ in hits if score >= best - 1e-9 for e in gaz.loose[k]}
    if len(codes) != 1 or None in codes:
        return None
    code = codes.pop()
    label = gaz.labels[hits[0][0]]
    return RegionResolution(
        text,
        code,
        gaz.names[code],
        "gazetteer",
        f"spelling-tolerant match of '{text}' to '{label}' (rapidfuzz ratio {best:.0f}; "
        f"{GAZETTEER_SOURCE})",
    )


def resolve_region(published: str | None, iso3: str | None) -> RegionResolution | None:
    """The ISO 3166-2 first-level subdivision a published region string names.

    Parameters
    ----------
    published : str or None
        The region as the source published it.
    iso3 : str or None
        The record's country (ISO 3166-1 alpha-3); without it nothing resolves.

    Returns
    -------
    RegionResolution or None
        None when nothing was published; ``method`` 'gazetteer', 'alias' or 'unresolved'.
    """
    if not isinstance(published, str) or not published.strip():
        return None
    text = published.strip()
    if not isinstance(iso3, str) or not iso3:
        return RegionResolution(text, None, None, "unresolved", "no country to resolve in")
    gaz = gazetteer(iso3)
    if not gaz.names:
        return RegionResolution(
            text, None, None, "unresolved", f"no ISO 3166-2 subdivisions known for {iso3}"
        )
    whole = _lookup(gaz, text)
    if whole is not None:
        return whole
    parts = [p for p in _PART_SPLIT.split(text) if p.strip()]
    if len(parts) > 1:
        resolved = [_lookup(gaz, p) or _fuzzy(gaz, p) for p in parts]
        codes = {r.code for r in resolved if r is not None and r.code}
        first = resolved[0]
        if first is not None and first.code and codes == {first.code}:
            return RegionResolution(
                text, first.code, first.name, first.method, f"part '{parts[0]}': {first.basis}"
            )
        if len(codes) > 1:
            named = sorted(f"{gaz.names[c]} ({c})" for c in codes)
            return RegionResolution(
                text, None, None, "unresolved", "ambiguous: parts name " + " and ".join(named)
            )
        if first is not None and first.method == "unresolved":
            return RegionResolution(text, None, None, "unresolved", first.basis)
    fuzzy = _fuzzy(gaz, text)
    if fuzzy is not None:
        return fuzzy
    return RegionResolution(
        text, None, None, "unresolved", f"no ISO 3166-2 subdivision of {iso3} matches"
    )


def resolve_query(text: str, iso3s: Iterable[str]) -> tuple[set[str], list[str]]:
    """Subdivision codes a user's region filter names, and suggestions when it names none.

    ``text`` may be an ISO 3166-2 code ('RU-SA'), a canonical or ISO name, an alias or
    transliteration ('Yakutia', 'Sakha', 'Tuva'); it is looked up in each country of
    ``iso3s``. Returns ``(codes, suggestions)``; ``suggestions`` (closest names) only when
    ``codes`` is empty.
    """
    from rapidfuzz import fuzz

    text = text.strip()
    codes: set[str] = set()
    code_like = text.upper()
    iso3_list = sorted(set(iso3s))
    for iso3 in iso3_list:
        gaz = gazetteer(iso3)
        if code_like in gaz.names:
            codes.add(code_like)
            continue
        hit = _lookup(gaz, text) or _fuzzy(gaz, text)
        if hit is not None and hit.code:
            codes.add(hit.code)
    if codes:
        return codes, []
    choices: dict[str, str] = {}
    for iso3 in iso3_list:
        gaz = gazetteer(iso3)
        for key, entries in gaz.loose.items():
            code = next((e.code for e in entries if e.code), None)
            if code:
                choices[key] = f"{gaz.names[code]} ({code})"
    query = region_key(text)
    scored = []
    for key, label in choices.items():
        score = fuzz.ratio(query, key)
        if len(query) >= 5 and len(key) >= 5:
            score = max(score, 0.9 * fuzz.partial_ratio(query, key))
        if score >= SUGGEST_CUTOFF:
            scored.append((-score, label))
    suggestions: list[str] = []
    for _, label in sorted(scored):
        if label not in suggestions:
            suggestions.append(label)
    return codes, suggestions[:5]


def all_countries_with_subdivisions() -> list[str]:
    """ISO3 codes of every country pycountry lists subdivisions for."""
    import pycountry

    alpha2 = {s.country_code for s in pycountry.subdivisions}
    return sorted(c.alpha_3 for c in pycountry.countries if c.alpha_2 in alpha2)


def resolution_dict(res: RegionResolution | None) -> dict[str, Any]:
    """JSON-ready fields of a resolution."""
    if res is None:
        return {"published": None, "code": None, "name": None, "method": None, "basis": None}
    return {
        "published": res.published,
        "code": res.code,
        "name": res.name,
        "method": res.method,
        "basis": res.basis,
    }
