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
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

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


# -- border uncertainty of point-in-polygon regions --------------------------------------------

#: Mean radius of the Earth [km] (IUGG), for degree <-> km conversions of small offsets.
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180.0
#: How far the bundled boundary layers may lie from the true boundaries [km], by layer:
#: the bundled geoBoundaries UKR ADM1 layer (``boundaries/ukraine_admin1.geojson``) was
#: simplified again (0.005 deg, docs/sites.md) from the geoBoundaries "simplified" release;
#: measured against that release (/work/shared/data/boundaries, Hausdorff distance of every
#: oblast's outline in a Lambert azimuthal equal-area projection) it deviates by at most
#: 0.79 km (Kherson Oblast; tests/sites/test_region_border.py re-measures it). The release
#: itself was simplified with a tolerance of "around .01 decimal degrees (~1.11 km)"
#: (D. Runfola, geoBoundaries maintainer, wmgeolab/geoBoundaries issue #3, 2020-03-18).
#: 0.79 + 1.11 km, rounded up. The bundled control layer (``control_areas.geojson``) uses
#: the same oblast polygons (identical outlines, tested), so it has the same tolerance.
BUNDLED_ADMIN1_TOLERANCE_KM = {"UKR": 2.0}
BUNDLED_CONTROL_TOLERANCE_KM = 2.0
#: Largest number of decimals read as a published precision; more decimals are the residue
#: of a conversion (38.3333333333333 = 38 deg 20') or of binary floating point.
MAX_PUBLISHED_DECIMALS = 6
NEAR_BORDER_METHOD = "point-in-polygon, near border"


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 99
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _whole_units(value: float, per_degree: int) -> bool:
    scaled = float(value) * per_degree
    return abs(scaled - round(scaled)) < 1e-6 * max(1.0, abs(scaled))


def _sexagesimal(value: float) -> tuple[float, str] | None:
    if _whole_units(value, 60):
        return 0.5 / 60.0, "whole arc minutes"
    if _whole_units(value, 3600):
        return 0.5 / 3600.0, "whole arc seconds"
    return None


def coordinate_half_step_deg(
    value: float, decimals: int | None = None, sexagesimal: bool = False
) -> tuple[float, str]:
    """Half the rounding step a published coordinate implies [degrees], and how it was read.

    The coarsest reading consistent with the digits is taken, since the source's format is
    not known: with ``sexagesimal``, ``48.6`` may be 48.6 +- 0.05 deg or 48 deg 36' +- 0.5'
    (the first is taken); ``38.3333333333333`` (too many decimals to be a published
    precision) is 38 deg 20' +- 0.5'.

    Parameters
    ----------
    value : float
        Longitude or latitude [degrees].
    decimals : int, optional
        Decimals the coordinate was published with, where known better than from the float
        itself (a stored float has lost its trailing zeros: 50.0 may have been "50.0000").
    sexagesimal : bool
        Whether the point shows signs of conversion from degrees-minutes(-seconds); a value
        with more than :data:`MAX_PUBLISHED_DECIMALS` decimals is read so in any case.

    Returns
    -------
    (float, str)
        Half-step [degrees] and the reading ('1 decimal(s)', 'whole arc minutes', ...).
    """
    readings: list[tuple[float, str]] = []
    own = _decimals(value)
    if own <= MAX_PUBLISHED_DECIMALS:
        used = own if decimals is None else max(own, min(decimals, MAX_PUBLISHED_DECIMALS))
        readings.append((0.5 * 10.0**-used, f"{used} decimal(s)"))
    if sexagesimal or own > MAX_PUBLISHED_DECIMALS:
        reading = _sexagesimal(value)
        if reading is not None:
            readings.append(reading)
    if not readings:  # a long decimal that is no sexagesimal value: read as 6 decimals
        readings.append((0.5 * 10.0**-MAX_PUBLISHED_DECIMALS, "6 decimals or more"))
    return max(readings)


def rounding_radius_km(lon: float, lat: float) -> tuple[float, str]:
    """Radius of the rounding box of a published point [km] (half-diagonal), and its basis.

    Both coordinates are read with the larger of their published decimals (floats drop
    trailing zeros: (30.1234, 50.0) was published as (30.1234, 50.0000)); decimals beyond
    :data:`MAX_PUBLISHED_DECIMALS` are conversion residue: such a coordinate is read as
    whole arc minutes (or seconds), and the other coordinate may be too. The east-west
    half-step shrinks with cos(latitude) on a sphere of radius :data:`EARTH_RADIUS_KM`.
    """
    own = [_decimals(lon), _decimals(lat)]
    published = [d for d in own if d <= MAX_PUBLISHED_DECIMALS]
    decimals = max(published) if published else None
    sexagesimal = any(
        d > MAX_PUBLISHED_DECIMALS and _sexagesimal(v) is not None
        for d, v in zip(own, (lon, lat), strict=True)
    )
    dlon, how_lon = coordinate_half_step_deg(lon, decimals, sexagesimal)
    dlat, how_lat = coordinate_half_step_deg(lat, decimals, sexagesimal)
    dx = dlon * KM_PER_DEG * math.cos(math.radians(lat))
    dy = dlat * KM_PER_DEG
    radius = math.hypot(dx, dy)
    return radius, (
        f"coordinates rounded to {how_lon} (lon) and {how_lat} (lat): +-{radius:.2f} km"
    )


def location_uncertainty_km(
    lon: float, lat: float, precision: str | None, precision_km: float | None = None
) -> tuple[float, str]:
    """How far the true location may lie from a published point [km], with its basis.

    The sum of the rounding of the coordinates (:func:`rounding_radius_km`) and the
    location's stated precision (``precision_km`` of a curated location, e.g. 25 km for a
    district centroid). ``precision`` 'whole degrees (coarse)' is covered by the rounding.
    """
    radius, basis = rounding_radius_km(lon, lat)
    if precision_km is not None and math.isfinite(precision_km) and precision_km > 0:
        return radius + float(precision_km), (
            f"{basis}; location precision {precision_km:g} km ({precision or 'stated'})"
        )
    return radius, basis


def to_local(geometries: Sequence[Any], lon: float, lat: float) -> np.ndarray:
    """Geometries (EPSG:4326) in an azimuthal equidistant projection centred on a point [m]
    (pyproj, WGS 84 ellipsoid): distances from the origin are true geodesic distances."""
    import shapely
    from pyproj import Transformer

    # an explicit pipeline (degrees -> radians -> aeqd on the WGS 84 ellipsoid): the same
    # numbers as Transformer.from_crs("EPSG:4326", "+proj=aeqd ...") without its ~5 ms search
    # for an operation, which dominated placement
    transformer = Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84"
    )

    def project(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(np.asarray(geometries, dtype=object), project)


def distances_km(geometries: Sequence[Any], lon: float, lat: float) -> list[float]:
    """Geodesic distance from a point to each polygon [km] (0 inside), in the point's
    azimuthal equidistant projection (:func:`to_local`)."""
    import shapely

    if not len(geometries):
        return []
    local = to_local(geometries, lon, lat)
    return [float(d) / 1000.0 for d in shapely.distance(local, shapely.Point(0.0, 0.0))]


def near_polygons(index: Any, lon: float, lat: float, within_km: float) -> list[tuple[int, float]]:
    """Polygons of a :class:`assay.models.sites_geometry.PolygonIndex` within ``within_km``
    of a point, as ``(index, distance_km)`` sorted by distance."""
    import shapely

    # a degree radius at least as wide as within_km in every direction (east-west degrees
    # are shorter by cos(lat)), to pre-select with the STR-tree
    deg = within_km / (KM_PER_DEG * max(math.cos(math.radians(lat)), 0.05)) + 1e-9
    hits = index.tree.query(shapely.Point(lon, lat), predicate="dwithin", distance=deg)
    hits = sorted(int(h) for h in hits)
    dists = distances_km(index.geometries[hits], lon, lat)
    out = [(h, d) for h, d in zip(hits, dists, strict=True) if d <= within_km]
    return sorted(out, key=lambda hd: (hd[1], hd[0]))
