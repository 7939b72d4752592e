"""Site inventory analyses: import, place, link, and answer "what is where, how real".

Pipeline (``import_staged_sites``): import every staged site source (atomic, quarantined),
load the dated control layer, place every record in its country and admin-1 region
(point-in-polygon on the bundled boundaries; the published province otherwise), link records
of the same deposit across sources (:mod:`assay.models.linking`) and build one ``site`` per
linked group.

Views: :func:`sites_view` (the ``assay sites`` JSON contract), :func:`site_view` (one site
with every linked record and estimate), :func:`country_sites_summary` ("how real", per
country), :func:`build_gtm` (a MapMark4 grade-and-tonnage model from the inventory).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assay.analyses import sites_regions
from assay.importers import sites as site_importers
from assay.models import classification, linking
from assay.models.sites_geometry import PolygonIndex, read_features
from assay.store import Store

#: Datasets by preference for the location of a linked site (most trustworthy first). The
#: REE and carbonatite databases give deposit-level coordinates; major-deposits are
#: sometimes district centroids (e.g. Yastrebets, see its README).
#: The project's curated deposits (assay.importers.curated_deposits) come first: their
#: coordinates are only given where they locate the deposit (point/approximate/district).
LOCATION_PRIORITY = (
    "assay-curated",
    "usgs-carbonatites",
    "usgs-ree",
    "ni43101",
    "usgs-major",
    "weng2015",
)
#: Datasets by preference for the display name.
NAME_PRIORITY = (
    "assay-curated",
    "usgs-major",
    "usgs-carbonatites",
    "usgs-ree",
    "weng2015",
    "ni43101",
)
LINK_METHOD = "assay-linking-v2"
#: Datasets with one record per report rather than per deposit.
MULTI_RECORD_DATASETS = frozenset({"ni43101"})
#: Pairs scoring at least this are stored in ``site_link`` (linked or not) for explanation.
STORE_PAIRS_ABOVE = 0.55
#: Nearest-country tolerance for coastal points outside the 1:110m outlines [degrees].
COUNTRY_SNAP_DEG = 0.5


class UnknownSiteError(ValueError):
    """No site with that id or name; ``suggestions`` lists the closest names."""

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        message = f"no site {name!r}"
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


# -- reference layers ------------------------------------------------------------------------


def reference_path(name: str) -> Path:
    """Path of a bundled site-reference file ('control_areas.geojson', 'boundaries/...')."""
    return Path(str(resources.files("assay.reference").joinpath(name)))


@lru_cache(maxsize=8)
def _polygon_index(path: str) -> PolygonIndex:
    return PolygonIndex(read_features(path))


def country_index() -> PolygonIndex:
    """Natural Earth 1:110m countries (bundled, simplified)."""
    return _polygon_index(str(reference_path("boundaries/countries_ne110m.geojson")))


def ukraine_admin1_index() -> PolygonIndex:
    """Ukraine's oblasts (geoBoundaries ADM1, bundled, simplified)."""
    return _polygon_index(str(reference_path("boundaries/ukraine_admin1.geojson")))


#: Admin-1 layers by country (ISO3 -> loader). Russia and Belarus: no bundled layer yet.
ADMIN1_LAYERS = {"UKR": ukraine_admin1_index}


def load_admin_areas(
    store: Store,
    path: Path,
    name_field: str = "name",
    iso3: str | None = None,
    iso3_field: str | None = None,
    code_field: str | None = None,
    source: str | None = None,
    journal: Callable[[], None] | None = None,
) -> int:
    """Load a user admin-1 layer (GeoJSON polygons) used by :func:`place_records`.

    Each feature's region name is ``properties[name_field]``; its country is ``iso3`` (one
    for the whole file) or ``properties[iso3_field]``. Rows of the countries in the file
    replace earlier user rows of those countries. Every feature is checked before anything
    is written; ``journal`` runs inside the writing transaction (the caller records its
    operation there), so a refused file leaves the store byte-identical.

    Raises
    ------
    ValueError
        Naming the feature and property that is missing.
    """

    path = Path(path)
    features = read_features(path)
    if iso3 is None and iso3_field is None:
        raise ValueError(f"{path}: give the country (--iso3) or the property holding it")
    rows = []
    for i, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        name = props.get(name_field)
        country = iso3 or props.get(iso3_field or "")
        if not name:
            raise ValueError(f"{path}: feature {i}: property {name_field!r} missing")
        if not country:
            raise ValueError(f"{path}: feature {i}: property {iso3_field!r} missing")
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{path}: feature {i}: geometry is not a polygon")
        code = props.get(code_field) if code_field else None
        rows.append(
            [f"{country}:{code or name}", country, name, code, source or path.name,
             _polygon_wkt(path, i, geometry)]
        )  # fmt: skip
    countries = sorted({r[1] for r in rows})
    with store.transaction() as con:
        con.execute("DELETE FROM admin_area WHERE list_contains(?, iso3)", [countries])
        con.executemany("INSERT OR REPLACE INTO admin_area VALUES (?,?,?,?,?,?)", rows)
        if journal is not None:
            journal()
    return len(rows)


def _polygon_wkt(path: Path, feature: int, geometry: dict[str, Any]) -> str:
    """WKT of a GeoJSON polygon; a malformed one is a ValueError naming file and feature."""
    from shapely.geometry import shape

    try:
        return shape(geometry).wkt
    except Exception as exc:  # noqa: BLE001 - shapely raises its own types for bad rings
        raise ValueError(f"{path}: feature {feature}: geometry cannot be read ({exc})") from exc


def _admin1_layers(store: Store) -> dict[str, PolygonIndex]:
    """Admin-1 layers by ISO3: user layers from the store, else the bundled ones."""
    import shapely

    layers = {code: loader() for code, loader in ADMIN1_LAYERS.items()}
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.query("SELECT iso3, name, code, geometry_wkt FROM admin_area"):
        by_country[row["iso3"]].append(
            {
                "properties": {"name": row["name"], "admin1_code": row["code"]},
                "geometry": shapely.from_wkt(row["geometry_wkt"]).__geo_interface__,
            }
        )
    for code, features in by_country.items():
        layers[code] = PolygonIndex(features)
    return layers


def load_control_areas(
    store: Store, path: Path | None = None, journal: Callable[[], None] | None = None
) -> int:
    """Replace the ``control_area`` table with a dated control layer (GeoJSON).

    Each feature needs ``id``, ``name``, ``status``, ``as_of`` (ISO date) and ``source``;
    ``iso3``, ``admin1_code``, ``controlling_party`` and ``note`` are optional. Every
    feature is checked before anything is written; ``journal`` runs inside the writing
    transaction, so a refused file leaves the store byte-identical.

    Raises
    ------
    ValueError
        Naming the feature and property that is missing or malformed.
    """
    path = Path(path) if path else reference_path("control_areas.geojson")
    features = read_features(path)

    rows = []
    for i, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        for key in ("id", "name", "status", "as_of", "source"):
            if not props.get(key):
                raise ValueError(f"{path}: feature {i}: property {key!r} missing")
        try:
            as_of = date.fromisoformat(str(props["as_of"]))
        except ValueError as exc:
            raise ValueError(f"{path}: feature {i}: as_of {props['as_of']!r} not a date") from exc
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{path}: feature {i}: geometry is not a polygon")
        rows.append(
            [
                props["id"],
                props["name"],
                props.get("iso3"),
                props.get("admin1_code"),
                props.get("controlling_party"),
                props["status"],
                as_of,
                props["source"],
                props.get("note"),
                _polygon_wkt(path, i, geometry),
            ]
        )
    with store.transaction() as con:
        con.execute("DELETE FROM control_area")
        con.executemany("INSERT INTO control_area VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        if journal is not None:
            journal()
    _control_index_cache.clear()
    return len(rows)


_control_index_cache: dict[str, tuple[PolygonIndex, list[dict[str, Any]]]] = {}


def _control_index(store: Store) -> tuple[PolygonIndex | None, list[dict[str, Any]]]:
    rows = store.query("SELECT * FROM control_area ORDER BY id")
    if not rows:
        return None, []
    key = json.dumps([(r["id"], str(r["as_of"])) for r in rows])
    if key not in _control_index_cache:
        import shapely

        features = [
            {
                "properties": {"row": i},
                "geometry": shapely.from_wkt(r["geometry_wkt"]).__geo_interface__,
            }
            for i, r in enumerate(rows)
        ]
        _control_index_cache.clear()
        _control_index_cache[key] = (PolygonIndex(features), rows)
    return _control_index_cache[key]


def _control_dict(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "id": row["id"],
        "area": row["name"],
        "controlling_party": row["controlling_party"],
        "status": row["status"],
        "as_of": row["as_of"].isoformat() if row["as_of"] else None,
        "source": row["source"],
        "note": row["note"],
    }


# -- placement ---------------------------------------------------------------------------------


def _norm_region(text: str | None) -> str:
    if not isinstance(text, str) or not text:
        return ""
    text = linking.strip_accents(text)
    text = re.sub(r"\b(oblast|region|province|krai|kray|republic|of|the)\b", " ", text)
    return re.sub(r"[^a-z]+", "", text)


def match_region_name(name: str, candidates: Sequence[str], cutoff: float = 80.0) -> str | None:
    """The candidate region naming the same area as ``name`` (spelling-tolerant).

    'Dnepropetrovsk Oblast' (Russian romanisation) -> 'Dnipropetrovsk Oblast'; rapidfuzz
    ratio on names without 'Oblast'/'Region' and punctuation, at least ``cutoff``.
    """
    from rapidfuzz import fuzz, process

    keys = [_norm_region(c) for c in candidates]
    hit = process.extractOne(_norm_region(name), keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return candidates[hit[2]] if hit else None


def place_records(store: Store) -> dict[str, int]:
    """Fill ``iso3`` (where missing) and the admin-1 region of every site record.

    Country: the published ISO3; where absent, the Natural Earth polygon containing the
    point (nearest within :data:`COUNTRY_SNAP_DEG`), unless the point is given in whole
    degrees (too coarse). Region (``region``, its ISO 3166-2 ``region_code``,
    ``region_method`` and ``region_basis``), first that applies:

    1. ``point-in-polygon``: the admin-1 polygon containing the point, from a user layer
       (:func:`load_admin_areas`) or a bundled one (Ukraine);
    2. ``gazetteer`` / ``alias``: the published state/province resolved to an ISO 3166-2
       subdivision (:func:`assay.analyses.sites_regions.resolve_region`);
    3. ``nearest-site``: no region published, and every record resolved by 1-2 within
       :data:`NEAREST_REGION_KM` of the point (same country) lies in one subdivision;
    4. ``unresolved``: the published string is kept as the region, without a code.

    The published string stays in ``state_or_province``.
    """
    from assay.analyses.sites_regions import resolve_region

    frame = store.df(
        "SELECT id, iso3, lon, lat, state_or_province, location_precision FROM site_record"
    )
    if frame.empty:
        return {"records": 0}
    lon = frame["lon"].to_numpy(float)
    lat = frame["lat"].to_numpy(float)
    countries = country_index()
    # a point given in whole degrees is too coarse to decide a country on its own
    coarse = frame["location_precision"].fillna("").str.startswith("whole degrees").to_numpy()
    located = countries.locate(
        np.where(coarse, np.nan, lon), lat, nearest_within_deg=COUNTRY_SNAP_DEG
    )
    pip_iso3 = countries.property_of(located, "iso3")
    iso3 = [
        a if isinstance(a, str) and a else b for a, b in zip(frame["iso3"], pip_iso3, strict=True)
    ]
    published = [s if isinstance(s, str) and s else None for s in frame["state_or_province"]]
    n = len(frame)
    region: list[str | None] = [None] * n
    code: list[str | None] = [None] * n
    method: list[str | None] = [None] * n
    basis: list[str | None] = [None] * n
    cache: dict[tuple[str | None, str | None], Any] = {}
    for pos in range(n):
        if published[pos] is None:
            continue
        key = (published[pos], iso3[pos])
        if key not in cache:
            cache[key] = resolve_region(published[pos], iso3[pos])
        res = cache[key]
        region[pos] = res.name or res.published
        code[pos], method[pos], basis[pos] = res.code, res.method, res.basis
    border: list[str | None] = [None] * n
    precision_km = _curated_precision_km(store)
    record_ids = frame["id"].tolist()
    precisions = frame["location_precision"].tolist()
    user_layers = {r["iso3"] for r in store.query("SELECT DISTINCT iso3 FROM admin_area")}
    for country, layer in _admin1_layers(store).items():
        mask = np.array([c == country for c in iso3])
        if not mask.any():
            continue
        idx = layer.locate(lon[mask], lat[mask], nearest_within_deg=0.05)
        names = layer.property_of(idx, "name")
        layer_codes = layer.property_of(idx, "admin1_code")
        tolerance = _layer_tolerance(country, country in user_layers)
        for pos, hit, name, layer_code in zip(
            np.flatnonzero(mask), idx, names, layer_codes, strict=True
        ):
            if not name:
                continue
            res = resolve_region(name, country)
            resolved = res is not None and res.code is not None
            region[pos] = res.name if resolved else name
            code[pos] = res.code if resolved else _iso_code_or_none(layer_code, country)
            method[pos] = "point-in-polygon"
            basis[pos] = f"point in the admin-1 polygon '{name}'" + (
                f" ({res.code}: {res.basis})" if resolved else ""
            )
            info = _region_border(
                layer,
                int(hit),
                country,
                float(lon[pos]),
                float(lat[pos]),
                precisions[pos],
                precision_km.get(record_ids[pos]),
                tolerance,
            )
            border[pos] = json.dumps(info, sort_keys=True)
            if info["uncertain"]:
                method[pos] = sites_regions.NEAR_BORDER_METHOD
                others = " or ".join(
                    f"{c['name']} ({c['distance_km']:.1f} km)" for c in info["candidates"][1:]
                )
                basis[pos] += (
                    f"; within {info['margin_km']:.1f} km of {others}: the location "
                    f"(+-{info['location_uncertainty_km']:.1f} km) and the boundary layer "
                    f"(+-{info['boundary_tolerance_km']:.1f} km) cannot decide"
                )
    _nearest_regions(frame["id"].tolist(), lon, lat, iso3, coarse, region, code, method, basis)
    update = pd.DataFrame(
        {
            "id": frame["id"],
            "iso3": iso3,
            "region": region,
            "code": code,
            "method": method,
            "basis": basis,
            "border": border,
        }
    )
    with store.transaction() as con:
        con.register("_placed", update)
        con.execute(
            "UPDATE site_record SET iso3 = p.iso3, region = p.region, region_code = p.code, "
            "region_method = p.method, region_basis = p.basis, region_border = p.border "
            "FROM _placed p WHERE site_record.id = p.id"
        )
        con.unregister("_placed")
    return {
        "records": n,
        "country_from_point": int(sum(1 for a in frame["iso3"] if not isinstance(a, str))),
        "region_from_point": method.count("point-in-polygon")
        + method.count(sites_regions.NEAR_BORDER_METHOD),
        "region_near_border": method.count(sites_regions.NEAR_BORDER_METHOD),
        "region_from_gazetteer": method.count("gazetteer") + method.count("alias"),
        "region_from_nearest_site": method.count("nearest-site"),
        "region_unresolved": method.count("unresolved"),
    }


def _curated_precision_km(store: Store) -> dict[str, float]:
    """Stated location precision [km] of curated records (record id -> km), where given."""
    try:
        rows = store.query(
            "SELECT record_id, precision_km FROM curated_deposit WHERE precision_km IS NOT NULL"
        )
    except Exception:  # noqa: BLE001 - a store without the curated component
        return {}
    return {r["record_id"]: float(r["precision_km"]) for r in rows}


def _layer_tolerance(iso3: str, user_layer: bool) -> tuple[float, str]:
    """How far an admin-1 layer's boundaries may lie from the true ones [km], with basis."""
    if not user_layer and iso3 in sites_regions.BUNDLED_ADMIN1_TOLERANCE_KM:
        km = sites_regions.BUNDLED_ADMIN1_TOLERANCE_KM[iso3]
        return km, f"bundled admin-1 layer simplified: +-{km:g} km (measured, sites_regions)"
    return 0.0, "user admin-1 layer: simplification not known, not counted"


#: How far :func:`_region_border` looks for the nearest other region beyond the margin [km].
NEAREST_OTHER_SEARCH_KM = 200.0


def _region_border(
    layer: PolygonIndex,
    hit: int,
    iso3: str,
    lon: float,
    lat: float,
    precision: str | None,
    precision_km: float | None,
    tolerance: tuple[float, str],
) -> dict[str, Any]:
    """Border check of a point-in-polygon region: the regions within the point's margin.

    The margin [km] is the location's uncertainty (coordinate rounding plus stated
    precision, :func:`assay.analyses.sites_regions.location_uncertainty_km`) plus the
    boundary layer's simplification tolerance; another region within it makes the
    polygon hit ``uncertain``. Distances are geodesic (azimuthal equidistant projection
    centred on the point). ``candidates`` lists the hit first, then the others by distance.
    """
    from assay.analyses.sites_regions import resolve_region

    location_km, location_basis = sites_regions.location_uncertainty_km(
        lon, lat, precision, precision_km
    )
    tolerance_km, tolerance_basis = tolerance
    margin = location_km + tolerance_km
    near = sites_regions.near_polygons(layer, lon, lat, margin)
    # the nearest other region even beyond the margin, to say how far the border is
    others = [(i, d) for i, d in near if i != hit]
    if not others:
        wide = sites_regions.near_polygons(layer, lon, lat, NEAREST_OTHER_SEARCH_KM)
        others_far = [(i, d) for i, d in wide if i != hit]
    else:
        others_far = others

    def candidate(i: int, km: float) -> dict[str, Any]:
        name = layer.properties[i].get("name")
        res = resolve_region(name, iso3) if name else None
        resolved = res is not None and res.code is not None
        return {
            "name": res.name if resolved else name,
            "code": res.code
            if resolved
            else _iso_code_or_none(layer.properties[i].get("admin1_code"), iso3),
            "distance_km": round(km, 3),
        }

    hit_km = next((d for i, d in near if i == hit), 0.0)
    return {
        "uncertain": bool(others),
        "candidates": [candidate(hit, hit_km)] + [candidate(i, d) for i, d in others],
        "nearest_other": candidate(*others_far[0]) if others_far else None,
        "margin_km": round(margin, 3),
        "location_uncertainty_km": round(location_km, 3),
        "location_basis": location_basis,
        "boundary_tolerance_km": tolerance_km,
        "boundary_basis": tolerance_basis,
    }


#: Radius within which resolved records may lend their region to a record that publishes
#: none [km] (``nearest-site``); all resolved records within it must agree.
NEAREST_REGION_KM = 30.0


def _iso_code_or_none(value: Any, iso3: str) -> str | None:
    """A layer's admin-1 code when it is an ISO 3166-2 code of the country ('RU-SA')."""
    from assay.analyses.sites_regions import gazetteer

    if isinstance(value, str) and value.upper() in gazetteer(iso3).names:
        return value.upper()
    return None


def _nearest_regions(
    ids: Sequence[str],
    lon: np.ndarray,
    lat: np.ndarray,
    iso3: Sequence[str | None],
    coarse: np.ndarray,
    region: list[str | None],
    code: list[str | None],
    method: list[str | None],
    basis: list[str | None],
) -> None:
    """Give a record that publishes no region the subdivision of the resolved records
    around it (great-circle distance, :func:`assay.models.linking.haversine_km`), when all
    within :data:`NEAREST_REGION_KM` agree (in place)."""
    iso = np.array([c if isinstance(c, str) else "" for c in iso3])
    has_point = np.isfinite(lon) & np.isfinite(lat) & ~coarse
    resolved = np.array(
        [c is not None and m in ("point-in-polygon", "gazetteer", "alias")
         for c, m in zip(code, method, strict=True)]
    ) & has_point  # fmt: skip
    wanting = np.array([m is None for m in method]) & has_point & (iso != "")
    for country in np.unique(iso[wanting]):
        targets = np.flatnonzero(wanting & (iso == country))
        donors = np.flatnonzero(resolved & (iso == country))
        if not donors.size:
            continue
        dist = linking.haversine_km(
            lon[targets][:, None], lat[targets][:, None], lon[donors][None, :], lat[donors][None, :]
        )
        for row, pos in enumerate(targets):
            near = np.flatnonzero(dist[row] <= NEAREST_REGION_KM)
            near_codes = {code[donors[j]] for j in near}
            if len(near_codes) != 1:
                continue
            j = near[np.argmin(dist[row][near])]
            donor = donors[j]
            region[pos], code[pos], method[pos] = region[donor], code[donor], "nearest-site"
            basis[pos] = (
                f"no region published; the {len(near)} resolved record(s) within "
                f"{NEAREST_REGION_KM:g} km all lie in {code[donor]} (nearest: {ids[donor]}, "
                f"{dist[row][j]:.1f} km)"
            )


def _controls_for(
    store: Store,
    lon: np.ndarray,
    lat: np.ndarray,
    regions: Sequence[str | None],
    iso3: Sequence[str | None] | None = None,
    precision: Sequence[str | None] | None = None,
    precision_km: Sequence[float | None] | None = None,
) -> tuple[list[dict[str, Any] | None], list[str | None]]:
    """The control area of each site, and (JSON) the border check of those near one.

    A point inside a control polygon is in that area, unless another area, or land of its
    country outside every control area, lies within its margin (location uncertainty plus
    the control layer's tolerance, as for regions: :func:`_region_border`); then no area is
    asserted (None) and the border JSON lists the candidates (``id`` null = outside every
    area). A point outside every polygon but within its margin of one is not asserted
    either way.
    """
    index, rows = _control_index(store)
    n = len(lon)
    if index is None:
        return [None] * n, [None] * n
    hits = index.locate(lon, lat)
    names = [r["name"] for r in rows]
    out: list[dict[str, Any] | None] = []
    borders: list[str | None] = []
    tolerance = _control_tolerance(rows)
    lands: dict[str | None, PolygonIndex | None] = {}
    for pos, (hit, region) in enumerate(zip(hits, regions, strict=True)):
        border = None
        if np.isfinite(lon[pos]) and np.isfinite(lat[pos]):
            country = None if iso3 is None else iso3[pos]
            if country not in lands:
                lands[country] = _country_land(store, country)
            border = _control_border(
                lands[country],
                index,
                rows,
                int(hit),
                float(lon[pos]),
                float(lat[pos]),
                None if precision is None else precision[pos],
                None if precision_km is None else precision_km[pos],
                tolerance,
            )
        borders.append(None if border is None else json.dumps(border, sort_keys=True))
        if border is not None and border["uncertain"]:
            out.append(None)
            continue
        if hit >= 0:
            out.append(rows[int(hit)])
            continue
        matched = match_region_name(region, names, cutoff=85.0) if isinstance(region, str) else None
        out.append(rows[names.index(matched)] if matched else None)
    return out, borders


@lru_cache(maxsize=1)
def _bundled_control_wkts() -> dict[str, str]:
    path = reference_path("control_areas.geojson")
    return {
        f["properties"]["id"]: _polygon_wkt(path, i, f["geometry"])
        for i, f in enumerate(read_features(path), start=1)
    }


def _control_tolerance(rows: Sequence[dict[str, Any]]) -> tuple[float, str]:
    """Simplification tolerance of the loaded control layer [km], with basis: the bundled
    layer's (:data:`assay.analyses.sites_regions.BUNDLED_CONTROL_TOLERANCE_KM`) when every
    area is a bundled one, unchanged; a user layer's is not known."""
    bundled = _bundled_control_wkts()
    if all(bundled.get(r["id"]) == r["geometry_wkt"] for r in rows):
        km = sites_regions.BUNDLED_CONTROL_TOLERANCE_KM
        return km, f"bundled control layer (oblast outlines) simplified: +-{km:g} km (measured)"
    return 0.0, "user control layer: simplification not known, not counted"


def _country_land(store: Store, iso3: str | None) -> PolygonIndex | None:
    """Polygons of a country's land: its admin-1 layer, else its Natural Earth outline."""
    if not iso3:
        return None
    layers = _admin1_layers(store)
    if iso3 in layers:
        return layers[iso3]
    countries = country_index()
    own = [i for i, p in enumerate(countries.properties) if p.get("iso3") == iso3]
    if not own:
        return None
    return PolygonIndex(
        [{"properties": {}, "geometry": countries.geometries[i].__geo_interface__} for i in own]
    )


def _control_border(
    land: PolygonIndex | None,
    index: PolygonIndex,
    rows: Sequence[dict[str, Any]],
    hit: int,
    lon: float,
    lat: float,
    precision: str | None,
    precision_km: float | None,
    tolerance: tuple[float, str],
) -> dict[str, Any] | None:
    """Border check of a site against the control layer (None when no area is within the
    margin): candidate areas and whether the country's land outside them is as near."""
    import shapely

    location_km, location_basis = sites_regions.location_uncertainty_km(
        lon, lat, precision, precision_km
    )
    margin = location_km + tolerance[0]
    near = sites_regions.near_polygons(index, lon, lat, margin)
    if not near:
        return None
    if hit < 0:
        outside_km = 0.0
    else:
        land_near = [] if land is None else sites_regions.near_polygons(land, lon, lat, margin)
        outside_km = None
        if land_near:
            ids = [i for i, _ in near]
            local_land = shapely.union_all(
                sites_regions.to_local(land.geometries[[i for i, _ in land_near]], lon, lat)
            )
            local_control = shapely.union_all(
                sites_regions.to_local(index.geometries[ids], lon, lat)
            )
            # land outside every control area; the opening (-50 m, +50 m) drops slivers
            # left where the two layers' shared outlines differ by rounding
            outside = local_land.difference(local_control).buffer(-50.0).buffer(50.0)
            if not outside.is_empty:
                outside_km = float(outside.distance(shapely.Point(0.0, 0.0))) / 1000.0
    outside_possible = outside_km is not None and outside_km <= margin
    candidates: list[dict[str, Any]] = [
        {"id": rows[i]["id"], "area": rows[i]["name"], "distance_km": round(d, 3)} for i, d in near
    ]
    if outside_possible:
        candidates.append(
            {"id": None, "area": "outside every control area", "distance_km": round(outside_km, 3)}
        )
    return {
        # in doubt between areas, or between an area and outside: not asserted either way
        "uncertain": len(candidates) > 1,
        "candidates": candidates,
        "margin_km": round(margin, 3),
        "location_uncertainty_km": round(location_km, 3),
        "location_basis": location_basis,
        "boundary_tolerance_km": tolerance[0],
        "boundary_basis": tolerance[1],
    }


# -- linking ---------------------------------------------------------------------------------


@dataclass
class LinkReport:
    records: int
    sites: int
    pairs_scored: int
    pairs_linked: int

    def as_dict(self) -> dict[str, int]:
        return self.__dict__.copy()


def _records_frame(store: Store) -> pd.DataFrame:
    return store.df(
        "SELECT id, dataset, name, aliases, iso3, region, lon, lat, location_precision, "
        "deposit_type, commodity_ids FROM site_record ORDER BY id"
    )


def score_records(frame: pd.DataFrame, min_score: float = STORE_PAIRS_ABOVE) -> pd.DataFrame:
    """Score every cross-dataset pair of records within each country (blocking on iso3).

    Returns one row per pair scoring at least ``min_score`` with the parts of the score.
    Vectorised: names by rapidfuzz ``cdist`` over all name variants, distances by
    haversine broadcasting, commodity and type overlap by incidence-matrix products.
    """
    out: list[pd.DataFrame] = []
    frame = frame.reset_index(drop=True)
    for _, group in frame.groupby(frame["iso3"].fillna("?"), sort=False):
        if len(group) < 2 or group["dataset"].nunique() < 2:
            continue
        out.append(_score_block(group, min_score))
    if not out:
        return pd.DataFrame(
            columns=["a", "b", "score", "name", "distance_km", "distance", "commodity", "type"]
        )
    return pd.concat(out, ignore_index=True)


def _score_block(group: pd.DataFrame, min_score: float) -> pd.DataFrame:
    n = len(group)
    ids = group["id"].to_numpy()
    # names: all variants, owner index, max per record pair
    keys: list[str] = []
    owner: list[int] = []
    for i, (name, aliases) in enumerate(zip(group["name"], group["aliases"], strict=True)):
        alias_list = site_importers.split_list(aliases, "|;") if isinstance(aliases, str) else []
        variant_keys = {linking.name_key(v) for v in linking.name_variants(name, alias_list)}
        for key in sorted(k for k in variant_keys if k):
            keys.append(key)
            owner.append(i)
    owner_arr = np.asarray(owner)
    name = np.zeros((n, n))
    typo = np.zeros((n, n), dtype=bool)
    if keys:
        sim = linking.name_similarity_matrix(keys, keys)
        starts = np.flatnonzero(np.r_[True, owner_arr[1:] != owner_arr[:-1]])
        reduced = np.maximum.reduceat(np.maximum.reduceat(sim, starts, axis=0), starts, axis=1)
        name[np.ix_(owner_arr[starts], owner_arr[starts])] = reduced
        near_spelling = linking.typo_matrix(keys, keys).astype(np.int8)
        any_typo = np.maximum.reduceat(
            np.maximum.reduceat(near_spelling, starts, axis=0), starts, axis=1
        )
        typo[np.ix_(owner_arr[starts], owner_arr[starts])] = any_typo.astype(bool)
    lon = group["lon"].to_numpy(float)
    lat = group["lat"].to_numpy(float)
    dist_km = linking.haversine_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    name = linking.apply_typo_allowance(name, typo, dist_km)
    dist = linking.distance_score(dist_km)
    commodity = _overlap_matrix([_split(c) for c in group["commodity_ids"]])
    dtype = _type_matrix(group["deposit_type"].tolist())
    score = linking.apply_rules(
        linking.combine_scores(name, dist, commodity, dtype), name, dist_km, commodity
    )
    datasets = group["dataset"].to_numpy()
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    keep = upper & (datasets[:, None] != datasets[None, :]) & (score >= min_score)
    ia, ib = np.nonzero(keep)
    return pd.DataFrame(
        {
            "a": ids[ia],
            "b": ids[ib],
            "score": score[ia, ib],
            "name": name[ia, ib],
            "distance_km": dist_km[ia, ib],
            "distance": dist[ia, ib],
            "commodity": commodity[ia, ib],
            "type": dtype[ia, ib],
        }
    )


def _split(text: Any) -> list[str]:
    return [t for t in str(text).split("|") if t] if isinstance(text, str) else []


def _incidence(sets: Sequence[Iterable[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    rows = [[vocab.setdefault(t, len(vocab)) for t in set(s)] for s in sets]
    matrix = np.zeros((len(sets), max(len(vocab), 1)))
    for i, cols in enumerate(rows):
        matrix[i, cols] = 1.0
    return matrix


def _overlap_matrix(sets: Sequence[Sequence[str]]) -> np.ndarray:
    m = _incidence(sets)
    inter = m @ m.T
    size = m.sum(axis=1)
    smaller = np.minimum(size[:, None], size[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(smaller > 0, inter / np.where(smaller > 0, smaller, 1), np.nan)


def _type_matrix(types: Sequence[str | None]) -> np.ndarray:
    tokens = [linking.deposit_type_tokens(t) for t in types]
    m = _incidence(tokens)
    inter = m @ m.T
    has = m.sum(axis=1) > 0
    both = has[:, None] & has[None, :]
    return np.where(both, (inter > 0).astype(float), np.nan)


def alias_records(frame: pd.DataFrame) -> set[str]:
    """Records publishing exactly two names of one place: a name and one alias (a single
    parenthesised name, 'St. Honore (Niobec)', or one entry of the alias column). Such a
    record is a source's statement that the two names are one deposit."""
    out: set[str] = set()
    for rid, name, aliases in zip(frame["id"], frame["name"], frame["aliases"], strict=True):
        alias_list = site_importers.split_list(aliases, "|;") if isinstance(aliases, str) else []
        texts = [name, *alias_list]
        if len(alias_list) > 1:
            continue
        inner = [t for text in texts for t in re.findall(r"\(([^)]*)\)", text or "")]
        if any(re.search(r"[,;/]", t) for t in inner):
            continue  # a list of names (a district and its mines), not one alias
        keys = {linking.name_key(re.sub(r"\([^)]*\)", " ", t)) for t in texts if t}
        keys |= {linking.name_key(t) for t in inner}
        if len(keys - {""}) == 2:
            out.add(rid)
    return out


def _record_names(name: str, aliases: Any) -> list[str]:
    alias_list = site_importers.split_list(aliases, "|;") if isinstance(aliases, str) else []
    return linking.name_variants(name, alias_list)


def alias_bridges(
    pairs: pd.DataFrame, frame: pd.DataFrame, threshold: float
) -> set[frozenset[str]]:
    """Pairs of records of one dataset that may share a site although each source lists a
    deposit once: their names differ (similarity < 0.99), and a record of another dataset
    publishing a name and one alias (:func:`alias_records`) links to each of them with an
    identical name (similarity >= 0.99) at or above the threshold. Weng et al. (2015) list
    'Niobec REE Zone' and 'Saint-Honoré Complex' as two rows; Berger et al. (2009, USGS
    OFR 2009-1139) list 'St. Honore', alias 'Niobec'."""
    bridges = alias_records(frame)
    dataset = dict(zip(frame["id"], frame["dataset"], strict=True))
    names = {
        rid: _record_names(name, aliases)
        for rid, name, aliases in zip(frame["id"], frame["name"], frame["aliases"], strict=True)
    }
    strong = pairs[(pairs["score"] >= threshold) & (pairs["name"] >= 0.99)]
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in zip(strong["a"], strong["b"], strict=True):
        if a in bridges:
            partners[a].add(b)
        if b in bridges:
            partners[b].add(a)
    out: set[frozenset[str]] = set()
    for linked in partners.values():
        for x in linked:
            for y in linked:
                if (
                    x < y
                    and dataset[x] == dataset[y]
                    and linking.name_similarity(names[x], names[y]) < 0.99
                ):
                    out.add(frozenset((x, y)))
    return out


def cluster_links(
    record_ids: Sequence[str],
    datasets: Sequence[str],
    pairs: pd.DataFrame,
    threshold: float,
    allowed: set[frozenset[str]] | None = None,
) -> dict[str, int]:
    """Greedy constrained clustering: strongest links first (ties broken by the name
    evidence, then by the commodity and deposit-type evidence); a group never holds two
    records of the same dataset (each source lists a deposit once), except datasets in
    :data:`MULTI_RECORD_DATASETS` (one record per technical report, so one property can
    have several) and record pairs in ``allowed`` (:func:`alias_bridges`)."""
    allowed = allowed or set()
    position = {rid: i for i, rid in enumerate(record_ids)}
    uf = linking.UnionFind(len(record_ids))
    members: dict[int, dict[str, set[str]]] = {
        i: {datasets[i]: {rid}} for i, rid in enumerate(record_ids)
    }
    linked = pairs[pairs["score"] >= threshold].assign(
        _c=lambda f: f["commodity"].fillna(0.0), _t=lambda f: f["type"].fillna(0.0)
    )
    linked = linked.sort_values(
        ["score", "name", "_c", "_t", "a", "b"], ascending=[False] * 4 + [True] * 2
    )

    def compatible(ga: dict[str, set[str]], gb: dict[str, set[str]]) -> bool:
        for dataset in (ga.keys() & gb.keys()) - MULTI_RECORD_DATASETS:
            for x in ga[dataset]:
                for y in gb[dataset]:
                    if frozenset((x, y)) not in allowed:
                        return False
        return True

    for a, b in zip(linked["a"], linked["b"], strict=True):
        ra, rb = uf.find(position[a]), uf.find(position[b])
        if ra == rb or not compatible(members[ra], members[rb]):
            continue
        root = uf.union(ra, rb)
        merged = {d: set(v) for d, v in members[ra].items()}
        for d, v in members[rb].items():
            merged.setdefault(d, set()).update(v)
        members[root] = merged
    return {rid: uf.find(i) for i, rid in enumerate(record_ids)}


def link_sites(store: Store, threshold: float = linking.DEFAULT_THRESHOLD) -> LinkReport:
    """Score, link and build the ``site``, ``site_name`` and ``site_link`` tables."""
    frame = _records_frame(store)
    if frame.empty:
        with store.transaction() as con:
            for table in ("site", "site_name", "site_link"):
                con.execute(f"DELETE FROM {table}")
        return LinkReport(0, 0, 0, 0)
    pairs = score_records(frame)
    allowed = alias_bridges(pairs, frame, threshold)
    clusters = cluster_links(
        frame["id"].tolist(), frame["dataset"].tolist(), pairs, threshold, allowed
    )
    levels = dict(
        store.con.execute(
            "SELECT record_id, max(level) FROM estimate GROUP BY record_id"
        ).fetchall()
    )
    loc_rank = {d: i for i, d in enumerate(LOCATION_PRIORITY)}
    name_rank = {d: i for i, d in enumerate(NAME_PRIORITY)}
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rec in store.query(
        "SELECT id, dataset, name, aliases, iso3, region, region_code, region_method, "
        "region_border, lon, lat, location_precision, deposit_type, commodity_ids "
        "FROM site_record ORDER BY id"
    ):
        groups[clusters[rec["id"]]].append(rec)
    sites, names, assign = [], [], []
    for group in groups.values():
        site_id = "S" + hashlib.sha1(group[0]["id"].encode()).hexdigest()[:10]
        with_loc = [r for r in group if r["lon"] is not None]
        curated = next(
            (r for r in group if r["dataset"] == LOCATION_PRIORITY[0] and r["region_code"]), None
        )
        if curated is not None:
            # a curated region overrules a source's point lying in another region (Azovske
            # was published at a point in Crimea; it lies in Donetsk oblast)
            with_loc = [r for r in with_loc if r["region_code"] in (None, curated["region_code"])]
        loc = min(with_loc, key=lambda r: loc_rank.get(r["dataset"], 99)) if with_loc else None
        named = min(group, key=lambda r: name_rank.get(r["dataset"], 99))
        # region: the curated record's, else the located record's if resolved, else any
        # resolved record's (by location preference), else the located (or any) record's
        # published string
        by_loc = sorted(
            group,
            key=lambda r: (r is not curated, r is not loc, loc_rank.get(r["dataset"], 99)),
        )
        region_rec = next((r for r in by_loc if r["region_code"]), None) or next(
            (r for r in by_loc if r["region"]), None
        )
        types = [r["deposit_type"] for r in group if r["deposit_type"]]
        commodity_ids = sorted({c for r in group for c in _split(r["commodity_ids"])})
        sites.append(
            {
                "id": site_id,
                "name": named["name"],
                "iso3": named["iso3"] or next((r["iso3"] for r in group if r["iso3"]), None),
                "region": None if region_rec is None else region_rec["region"],
                "region_code": None if region_rec is None else region_rec["region_code"],
                "region_method": None if region_rec is None else region_rec["region_method"],
                "region_border": None if region_rec is None else region_rec["region_border"],
                "loc_record": None if loc is None else loc["id"],
                "lon": None if loc is None else loc["lon"],
                "lat": None if loc is None else loc["lat"],
                "location_precision": "none" if loc is None else loc["location_precision"],
                "deposit_type": types[0] if types else None,
                "commodity_ids": "|".join(commodity_ids) or None,
                "confidence_level": max(int(levels.get(r["id"], 0)) for r in group),
                "n_records": len(group),
            }
        )
        for rec in group:
            assign.append((rec["id"], site_id))
            aliases = site_importers.split_list(rec["aliases"], "|;")
            for variant in linking.name_variants(rec["name"], aliases):
                kind = "name" if variant == rec["name"] else "variant"
                names.append((site_id, rec["id"], variant, linking.name_key(variant), kind))
    site_frame = pd.DataFrame(sites)
    controls, control_borders = _controls_for(
        store,
        site_frame["lon"].to_numpy(float),
        site_frame["lat"].to_numpy(float),
        site_frame["region"].tolist(),
        site_frame["iso3"].tolist(),
        site_frame["location_precision"].tolist(),
        [_curated_precision_km(store).get(r) for r in site_frame["loc_record"]],
    )
    site_frame["control_id"] = [c["id"] if c else None for c in controls]
    site_frame["control_border"] = control_borders
    pairs = pairs.assign(
        linked=[clusters[a] == clusters[b] for a, b in zip(pairs["a"], pairs["b"], strict=True)]
    )
    with store.transaction() as con:
        con.execute("DELETE FROM site")
        con.execute("DELETE FROM site_name")
        con.execute("DELETE FROM site_link")
        con.register("_sites", site_frame)
        con.execute(
            "INSERT INTO site (id, name, iso3, region, region_code, region_method, lon, lat, "
            "location_precision, deposit_type, commodity_ids, confidence_level, control_id, "
            "n_records, region_border, control_border) SELECT id, name, iso3, region, "
            "region_code, region_method, lon, lat, location_precision, deposit_type, "
            "commodity_ids, confidence_level, control_id, n_records, region_border, "
            "control_border FROM _sites"
        )
        con.unregister("_sites")
        con.register("_assign", pd.DataFrame(assign, columns=["rid", "sid"]))
        con.execute("UPDATE site_record SET site_id = a.sid FROM _assign a WHERE id = a.rid")
        con.unregister("_assign")
        con.register(
            "_names", pd.DataFrame(names, columns=["site_id", "record_id", "name", "key", "kind"])
        )
        con.execute("INSERT INTO site_name SELECT site_id, record_id, name, key, kind FROM _names")
        con.unregister("_names")
        link_rows = pairs.rename(
            columns={
                "a": "record_a",
                "b": "record_b",
                "name": "name_score",
                "distance": "distance_score",
                "commodity": "commodity_score",
                "type": "type_score",
            }
        ).assign(method=LINK_METHOD)
        con.register("_links", link_rows)
        con.execute(
            "INSERT INTO site_link SELECT record_a, record_b, score, name_score, distance_km, "
            "distance_score, commodity_score, type_score, linked, method FROM _links"
        )
        con.unregister("_links")
    return LinkReport(len(frame), len(site_frame), len(pairs), int(pairs["linked"].sum()))


def import_staged_sites(
    store: Store,
    shared_data: Path,
    console: Any | None = None,
    progress: Any | None = None,
) -> dict[str, Any]:
    """Import every staged site source found under ``shared_data``, place, link.

    Used by ``assay build``. Datasets whose folder is absent are skipped (listed under
    ``skipped``). Returns ``{"imports": [...], "control_areas": n, "placement": {...},
    "linking": {...}, "skipped": [...]}``. ``progress(step)``, when given, is called with
    each dataset's name before its import and with ``"place and link"`` before the relink.
    """

    def say(text: str) -> None:
        if console is not None:
            console.print(text, highlight=False)

    imports, skipped = [], []
    for key, spec in site_importers.STAGED.items():
        folder = Path(shared_data) / spec.folder
        if not (folder / spec.sites_file).is_file():
            skipped.append(key)
            continue
        if progress is not None:
            progress(key)
        result = site_importers.import_staged_dataset(store, key, folder)
        report = result.as_dict()
        report.pop("quarantine")
        imports.append(report)
        say(
            f"imported sites {key}: {result.records} records, {result.estimates} estimates, "
            f"{len(result.quarantined)} rows quarantined"
        )
    if progress is not None:
        progress("place and link")
    return {"imports": imports, "skipped": skipped, **refresh_sites(store, console)}


def refresh_sites(store: Store, console: Any | None = None) -> dict[str, Any]:
    """Reload the bundled control layer (if none loaded), place records and relink."""
    n_control = store.con.execute("SELECT count(*) FROM control_area").fetchone()[0]
    if not n_control:
        n_control = load_control_areas(store)
    placement = place_records(store)
    report = link_sites(store)
    if console is not None:
        console.print(
            f"linked {report.records} site records into {report.sites} sites "
            f"({report.pairs_linked} linked pairs)",
            highlight=False,
        )
    return {"control_areas": n_control, "placement": placement, "linking": report.as_dict()}


# -- views -----------------------------------------------------------------------------------


def _resolve_country(store: Store, name: str) -> str:
    from assay.store.lookup import resolve_country

    return resolve_country(store, name)


def _resolve_commodity(store: Store, name: str) -> str:
    from assay.store.lookup import resolve_commodity

    return resolve_commodity(store, name)


def _load_view_frames(
    store: Store, site_where: str = "TRUE", params: Sequence[Any] = ()
) -> dict[str, pd.DataFrame]:
    """Sites matching an SQL condition, with their records, estimates and the controls.

    Filtering happens in DuckDB so that a filtered view reads only the rows it shows.
    Element rows derived for display are excluded; a site's estimates are those of its
    records.
    """
    params = list(params)
    site_sql = f"SELECT * FROM site WHERE {site_where}"
    frames = {
        "site": store.df(site_sql, params),
        "record": store.df(
            "SELECT r.*, s.title AS source_title, s.publisher AS source_publisher, "
            "s.year AS source_year, s.doi AS source_doi FROM site_record r "
            "LEFT JOIN source s ON s.id = r.source_id "
            f"WHERE r.site_id IN (SELECT id FROM site WHERE {site_where})",
            params,
        ),
        "estimate": store.df(
            "SELECT * FROM estimate WHERE record_id IN (SELECT id FROM site_record WHERE "
            f"site_id IN (SELECT id FROM site WHERE {site_where}))",
            params,
        ),
        "control": store.df("SELECT * FROM control_area"),
    }
    return frames


def _none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _deposit_type_basis(row: dict[str, Any]) -> str | None:
    """'published', or 'predicted' where the type is SRI's classifier output (MinMod)."""
    if not row.get("deposit_type"):
        return None
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    if extra.get("sri_predicted_deposit_type") == row["deposit_type"]:
        confidence = extra.get("sri_predicted_confidence")
        return f"predicted by the SRI classifier v2.1 (MinMod), confidence {confidence}"
    return "published"


def _json_or_none(text: Any) -> Any:
    return json.loads(text) if isinstance(text, str) and text else None


def _border_keys(row: dict[str, Any], controls: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``region_candidates`` (the regions a point near a border may lie in, polygon hit
    first; None when the region is not in doubt), ``region_border`` (the check: margin,
    its parts and their bases), ``control_uncertain`` and ``control_candidates`` (the control
    areas, and ``{"id": None, ...}`` for outside them, a point near an area's border may
    lie in; None when no area is within its margin)."""
    region_border = _json_or_none(row.get("region_border"))
    control_border = _json_or_none(row.get("control_border"))
    control_candidates = None
    if control_border is not None:
        control_candidates = [
            {
                **(_control_dict(controls.get(c["id"])) or {"id": None, "area": c["area"]}),
                "distance_km": c["distance_km"],
            }
            for c in control_border["candidates"]
        ]
    return {
        "region_candidates": region_border["candidates"]
        if region_border is not None and region_border["uncertain"]
        else None,
        "region_border": region_border,
        "control_uncertain": bool(control_border and control_border["uncertain"]),
        "control_candidates": control_candidates,
        "control_border": control_border,
    }


def _record_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": row["id"],
        "dataset": row["dataset"],
        "record_id": row["record_id"],
        "name": row["name"],
        "aliases": _none(row["aliases"]),
        "country": _none(row["iso3"]),
        "region": _none(row["region"]),
        "region_method": _none(row["region_method"]),
        "region_code": _none(row.get("region_code")),
        "region_published": _none(row.get("state_or_province")),
        "region_basis": _none(row.get("region_basis")),
        "region_border": _json_or_none(row.get("region_border")),
        "location": None
        if _none(row["lon"]) is None
        else {
            "lon": row["lon"],
            "lat": row["lat"],
            "crs": row["crs"],
            "precision": row["location_precision"],
        },
        "deposit_type": _none(row["deposit_type"]),
        "deposit_type_basis": _deposit_type_basis(row),
        "commodities": _split(row["commodities"]),
        "source": {
            "id": row["source_id"],
            "publisher": _none(row.get("source_publisher")),
            "title": _none(row.get("source_title")),
            "year": _none(row.get("source_year")),
            "doi": _none(row.get("source_doi")),
            "reference": _none(row["reference_uri"]),
            "row": row["row_ref"],
        },
    }


_ESTIMATE_KEYS = (
    "system category ladder level approximate kind compliant historic commodity commodity_id "
    "element ore_t grade_percent grade_basis contained_t ore_value_original ore_unit_original "
    "grade_value_original grade_unit_original cutoff_value cutoff_unit as_of zone derived note "
    "source_id page row_ref"
).split()


def confidence_level_of(text: str | int) -> int:
    """Ladder level of a ladder name ('indicated'), a number, or 'SYSTEM:CATEGORY' ('GKZ:C1',
    'JORC:Probable'), so that a filter can be written in any reporting system."""
    if isinstance(text, str) and ":" in text:
        system, category = text.split(":", 1)
        return classification.classify(system.strip(), category.strip()).level
    return classification.ladder_level(text)


def sites_view(
    store: Store,
    country: str | None = None,
    region: str | None = None,
    commodity: str | None = None,
    deposit_type: str | None = None,
    min_confidence: str | int | None = None,
    include_estimates: bool = True,
) -> dict[str, Any]:
    """Linked sites matching the filters: the ``assay sites --json`` contract.

    Returns ``{"filters": {...}, "count": n, "sites": [{"id", "name", "country", "region",
    "control", "location", "deposit_type", "commodities", "confidence", "sources",
    "estimates"}]}``; one entry per linked site, ``sources`` listing every record merged
    into it with its source citation and row.

    Raises
    ------
    ValueError
        (``UnknownNameError`` / ``UnknownCategoryError``) for an unknown country, commodity
        or confidence level.
    """
    filters: dict[str, Any] = {}
    where: list[str] = []
    params: list[Any] = []
    if country:
        iso3 = _resolve_country(store, country)
        filters["country"] = iso3
        where.append("iso3 = ?")
        params.append(iso3)
    if commodity:
        cid = _resolve_commodity(store, commodity)
        filters["commodity"] = cid
        where.append("list_contains(string_split(coalesce(commodity_ids, ''), '|'), ?)")
        params.append(cid)
    if min_confidence is not None:
        level = confidence_level_of(min_confidence)
        filters["min_confidence"] = classification.LADDER[level]
        where.append("confidence_level >= ?")
        params.append(level)
    if region:
        filters["region"] = region
        codes, hit_sites = _region_filter(store, region, filters.get("country"))
        if codes:
            filters["region_codes"] = sorted(codes)
        where.append("list_contains(?, id)")
        params.append(hit_sites)
    if deposit_type:
        filters["deposit_type"] = deposit_type
        where.append(
            "id IN (SELECT site_id FROM site_record WHERE contains(lower(deposit_type), ?))"
        )
        params.append(deposit_type.strip().lower())
    sites = _site_dicts(store, " AND ".join(where) or "TRUE", params, include_estimates)
    return {
        "filters": filters,
        "count": len(sites),
        "sites": sites,
        "confidence_ladder": list(classification.LADDER),
    }


class UnknownRegionError(ValueError):
    """A region filter that names no ISO 3166-2 subdivision and no published region;
    ``suggestions`` lists the closest subdivision names."""

    def __init__(
        self,
        name: str,
        country: str | None,
        suggestions: Sequence[str],
        elsewhere: Sequence[str] = (),
    ) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        self.elsewhere = list(elsewhere)
        where = f" in {country}" if country else ""
        message = f"no region {name!r}{where}"
        if self.elsewhere:
            message += f" ({name!r} is {', '.join(self.elsewhere)})"
        elif self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


def _subdivision_label(code: str) -> str:
    """'Donetsk Oblast (UA-14, UKR)' for an ISO 3166-2 code."""
    import pycountry

    from assay.analyses.sites_regions import gazetteer

    country = pycountry.countries.get(alpha_2=code.split("-", 1)[0])
    iso3 = country.alpha_3 if country else ""
    name = gazetteer(iso3).names.get(code, code) if iso3 else code
    return f"{name} ({code}, {iso3})"


def _region_filter(store: Store, region: str, iso3: str | None) -> tuple[set[str], list[str]]:
    """ISO 3166-2 codes a region filter names and the ids of the sites in them.

    The filter is resolved with the gazetteer (any alias, transliteration, ISO name or code)
    in ``iso3`` (else in every country of the inventory); a site matches when it or any of
    its records lies in one of those subdivisions. A filter naming no subdivision matches
    regions and published strings containing it ('Zaporizh'); one matching nothing raises
    :class:`UnknownRegionError` with the closest names.
    """
    from assay.analyses.sites_regions import resolve_query

    countries = (
        [iso3]
        if iso3
        else [
            r["iso3"] for r in store.query("SELECT DISTINCT iso3 FROM site WHERE iso3 IS NOT NULL")
        ]
    )
    codes, suggestions = resolve_query(region, countries)
    country_sql = "AND r.iso3 = ?" if iso3 else ""
    country_params = [iso3] if iso3 else []
    if codes:
        rows = store.query(
            "SELECT DISTINCT s.id FROM site s JOIN site_record r ON r.site_id = s.id "
            f"WHERE (list_contains(?, r.region_code) OR list_contains(?, s.region_code)) "
            f"{country_sql} ORDER BY s.id",
            [sorted(codes), sorted(codes), *country_params],
        )
        return codes, [r["id"] for r in rows]
    wanted = _norm_region(region)
    rows = store.query(
        "SELECT DISTINCT r.site_id, r.region, r.state_or_province FROM site_record r "
        f"WHERE (r.region IS NOT NULL OR r.state_or_province IS NOT NULL) {country_sql}",
        country_params,
    )
    hit_sites = sorted(
        {
            r["site_id"]
            for r in rows
            if wanted
            and (
                wanted in _norm_region(r["region"])
                or wanted in _norm_region(r["state_or_province"])
            )
        }
    )
    if not hit_sites:
        elsewhere: list[str] = []
        if iso3:
            others = [
                r["iso3"]
                for r in store.query("SELECT DISTINCT iso3 FROM site WHERE iso3 IS NOT NULL")
                if r["iso3"] != iso3
            ]
            other_codes, _ = resolve_query(region, others)
            elsewhere = [_subdivision_label(c) for c in sorted(other_codes)]
        raise UnknownRegionError(region, iso3, suggestions, elsewhere)
    return codes, hit_sites


def _site_dicts(
    store: Store, site_where: str, params: Sequence[Any], include_estimates: bool
) -> list[dict[str, Any]]:
    """Site dicts of the view contract for the sites matching an SQL condition.

    Rows come straight from DuckDB as Python values (no DataFrame round trip), which keeps
    a filtered view in milliseconds.
    """
    params = list(params)
    chosen = store.query(
        f"SELECT * FROM site WHERE {site_where} ORDER BY iso3 NULLS LAST, name", params
    )
    rec_by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.query(
        "SELECT r.*, s.title AS source_title, s.publisher AS source_publisher, "
        "s.year AS source_year, s.doi AS source_doi FROM site_record r "
        "LEFT JOIN source s ON s.id = r.source_id "
        f"WHERE r.site_id IN (SELECT id FROM site WHERE {site_where}) ORDER BY r.id",
        params,
    ):
        rec_by_site[row["site_id"]].append(row)
    est_by_record: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if include_estimates:
        units = {"ore_t": "t", "grade_percent": "wt %", "contained_t": "t"}
        for row in store.query(
            f"SELECT record_id AS record, {', '.join(_ESTIMATE_KEYS)} FROM estimate "
            "WHERE record_id IN (SELECT id FROM site_record WHERE site_id IN "
            f"(SELECT id FROM site WHERE {site_where})) ORDER BY id",
            params,
        ):
            row["units"] = units
            est_by_record[row["record"]].append(row)
    controls = {r["id"]: r for r in store.query("SELECT * FROM control_area")}
    out = []
    for row in chosen:
        recs = rec_by_site[row["id"]]
        level = int(row["confidence_level"])
        out.append(
            {
                "id": row["id"],
                "name": row["name"],
                "country": row["iso3"],
                "region": row["region"],
                "region_code": row.get("region_code"),
                "region_method": row.get("region_method"),
                **_border_keys(row, controls),
                "control": _control_dict(controls.get(row["control_id"])),
                "location": None
                if row["lon"] is None
                else {
                    "lon": row["lon"],
                    "lat": row["lat"],
                    "crs": "EPSG:4326",
                    "precision": row["location_precision"],
                },
                "deposit_type": row["deposit_type"],
                "deposit_types": sorted({r["deposit_type"] for r in recs if r["deposit_type"]}),
                "commodities": _split(row["commodity_ids"]),
                "confidence": {
                    "level": level,
                    "ladder": classification.LADDER[level],
                    "basis": "highest level among the site's estimates"
                    if level
                    else "no resource estimate in the inventory",
                },
                "names": sorted({r["name"] for r in recs}),
                "sources": [_record_dict(r) for r in recs],
                "estimates": [e for r in recs for e in est_by_record.get(r["id"], [])],
            }
        )
    return out


def site_view(store: Store, name_or_id: str) -> dict[str, Any]:
    """One site: every linked record, estimates by category, location, region, control,
    and the scored links that joined (or nearly joined) its records.

    Raises
    ------
    UnknownSiteError
        With the closest site names as suggestions.
    """
    text = name_or_id.strip()
    if len(text) < 2:  # a blank or one-letter name fuzzy-matched unrelated sites
        raise UnknownSiteError(name_or_id, [])
    ids = [r["id"] for r in store.query("SELECT id FROM site WHERE id = ?", [text])]
    if not ids:
        ids = [
            r["site_id"]
            for r in store.query("SELECT site_id FROM site_record WHERE id = ?", [text])
        ]
    if not ids:
        key = linking.name_key(text)
        ids = [
            h["site_id"]
            for h in store.query(
                "SELECT DISTINCT site_id FROM site_name WHERE name_key = ? OR lower(name) = ?",
                [key, text.lower()],
            )
        ]
    if not ids:
        from rapidfuzz import fuzz, process

        names = store.query("SELECT DISTINCT name FROM site_name")
        matches = process.extract(
            text, [n["name"] for n in names], scorer=fuzz.WRatio, limit=5, score_cutoff=70
        )
        raise UnknownSiteError(text, [m[0] for m in matches])
    site_dicts = _site_dicts(store, "list_contains(?, id)", [ids], include_estimates=True)
    record_ids = [s["record"] for d in site_dicts for s in d["sources"]]
    links = store.query(
        "SELECT * FROM site_link WHERE record_a IN (SELECT unnest(?)) OR "
        "record_b IN (SELECT unnest(?)) ORDER BY score DESC",
        [record_ids, record_ids],
    )
    estimates = store.df("SELECT * FROM estimate WHERE list_contains(?, record_id)", [record_ids])
    for d in site_dicts:
        own_records = [src["record"] for src in d["sources"]]
        d["how_real"] = how_real(estimates[estimates["record_id"].isin(own_records)])
        by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in d["estimates"]:
            by_category[f"{e['system']}: {e['category']} ({e['ladder']})"].append(e)
        d["estimates_by_category"] = dict(by_category)
        own = {s["record"] for s in d["sources"]}
        d["links"] = [
            {
                **{k: _none(v) for k, v in link.items()},
                "explanation": linking.LinkScore(
                    link["score"],
                    link["name_score"],
                    *(
                        float("nan") if _none(link[k]) is None else link[k]
                        for k in ("distance_km", "distance_score", "commodity_score", "type_score")
                    ),
                ).explain(),
            }
            for link in links
            if link["record_a"] in own or link["record_b"] in own
        ]
    return {"matches": len(site_dicts), "sites": site_dicts}


def _latest_estimates(estimates: pd.DataFrame) -> pd.DataFrame:
    """Per record, only the estimates of its most recent date (NULL dates count as one)."""
    if estimates.empty:
        return estimates
    as_of = estimates["as_of"].fillna("")
    latest = as_of.groupby(estimates["record_id"]).transform("max")
    return estimates[as_of == latest]


def how_real(estimates: pd.DataFrame, site_of_record: pd.Series | None = None) -> dict[str, Any]:
    """Tonnage and contained metal by confidence level, shares and age of estimates.

    Only each record's latest estimates count (older re-statements are dropped); element
    rows of rare earths are replaced by their TREO total; ore tonnage is counted once per
    (record, category, zone, date) so that several commodities of one ore body do not add
    up. Shares are of ore tonnage [t]. ``site_of_record`` (record id -> site id) adds a site
    count per level.
    """
    est = _latest_estimates(estimates)
    est = est[~((est["commodity_id"] == "rare-earths") & est["element"].notna())]
    by_level = []
    for level in range(len(classification.LADDER) - 1, -1, -1):
        sub = est[est["level"] == level]
        if sub.empty:
            continue
        ore = sub.drop_duplicates(["record_id", "category", "zone", "as_of", "ore_t"])
        contained = (
            sub[sub["contained_t"].notna()]
            .groupby(["commodity_id", "grade_basis"], dropna=False)["contained_t"]
            .sum()
        )
        row: dict[str, Any] = {
            "level": level,
            "ladder": classification.LADDER[level],
            "estimates": len(sub),
            "ore_t": float(ore["ore_t"].sum()),
            "contained_t": [
                {"commodity": _none(c), "basis": _none(b), "tonnes": float(v)}
                for (c, b), v in contained.items()
            ],
        }
        if site_of_record is not None:
            row["sites"] = int(sub["record_id"].map(site_of_record).nunique())
        by_level.append(row)
    ore_all = est.drop_duplicates(["record_id", "category", "zone", "as_of", "ore_t"])
    total = float(ore_all["ore_t"].sum())

    def share(mask: pd.Series) -> float | None:
        return float(ore_all.loc[mask, "ore_t"].sum() / total) if total > 0 else None

    years = pd.to_numeric(est["as_of"].fillna("").str[:4], errors="coerce").dropna()
    return {
        "by_confidence": by_level,
        "shares": {
            "compliant": share(ore_all["compliant"] & ~ore_all["historic"]),
            "historic": share(ore_all["historic"]),
            "prognostic": share(ore_all["level"].between(1, 2)),
            "approximate": share(ore_all["approximate"]),
            "basis": "share of ore tonnage [t]",
        },
        "age": {
            "estimates_dated": len(years),
            "estimates_undated": int(len(est) - len(years)),
            "oldest_year": int(years.min()) if len(years) else None,
            "median_year": float(years.median()) if len(years) else None,
            "newest_year": int(years.max()) if len(years) else None,
        },
        "units": {"ore_t": "t", "contained_t": "t of the grade basis (element, oxide or TREO)"},
    }


#: The ``by_region`` key of sites whose region a border leaves undecided.
BORDER_UNCERTAIN = "border, uncertain"


def _region_counts(sites: pd.DataFrame) -> dict[str, Any]:
    """Sites per normalised admin-1 region (canonical name; its ISO 3166-2 code) and the
    published region strings that resolve to no subdivision."""
    near_border = (sites["region_method"] == sites_regions.NEAR_BORDER_METHOD).fillna(False)
    coded = sites[sites["region_code"].notna() & ~near_border]
    loose = sites[sites["region_code"].isna() & ~near_border]
    uncertain = sites[near_border]
    by_region = {k: int(v) for k, v in coded["region"].value_counts().items()}
    by_code = {k: int(v) for k, v in coded["region_code"].value_counts().items()}
    if len(uncertain):
        # sites whose point lies within its margin of another region are not counted in
        # either region (sites_regions: location uncertainty + boundary tolerance)
        by_region[BORDER_UNCERTAIN] = len(uncertain)
        by_code[BORDER_UNCERTAIN] = len(uncertain)
    return {
        "by_region": by_region,
        "by_region_code": by_code,
        "regions_unresolved": {k: int(v) for k, v in loose["region"].value_counts().items()},
        "sites_without_region": int(sites["region"].isna().sum()),
        "regions_border_uncertain": [
            {
                "id": r["id"],
                "name": r["name"],
                "region": r["region"],
                "region_code": r["region_code"],
                "candidates": json.loads(r["region_border"])["candidates"],
            }
            for r in uncertain.sort_values("id").to_dict("records")
        ],
    }


def country_sites_summary(store: Store, iso3: str) -> dict[str, Any]:
    """ "How real": sites of one country with tonnage and contained metal by confidence level.

    Only each record's latest estimates count (older re-statements are dropped); element
    rows of rare earths are replaced by their TREO total; ore tonnage is counted once per
    (record, category, zone, date) so that several commodities of one ore body do not add
    up. Shares are of ore tonnage. Sites near a border (:func:`_region_border`) are counted
    under ``by_region["border, uncertain"]`` and listed in ``regions_border_uncertain``;
    sites near a control area's border are in ``controlled_sites_uncertain``, not in
    ``controlled_sites``. Returns ``{"country", "sites", "sites_with_estimates",
    "records", "by_dataset", "by_region", "controlled_sites", "control_areas",
    "by_confidence": [...], "shares": {...}, "age": {...}, "units": {...},
    "sources": [{"id", "publisher", "title", "year", "doi"}]}``.
    """
    code = _resolve_country(store, iso3)
    frames = _load_view_frames(store, "iso3 = ?", [code])
    sites = frames["site"]
    records = frames["record"]
    how = how_real(frames["estimate"], records.set_index("id")["site_id"])
    dataset_years = records["source_year"].dropna()
    controlled = sites[sites["control_id"].notna()]
    return {
        "country": code,
        "sites": len(sites),
        "sites_with_estimates": int((sites["confidence_level"] > 0).sum()),
        "records": len(records),
        "by_dataset": {k: int(v) for k, v in records["dataset"].value_counts().items()},
        **_region_counts(sites),
        "controlled_sites": [
            {"id": r["id"], "name": r["name"], "region": r["region"], "control": r["control_id"]}
            for r in controlled.to_dict("records")
        ],
        # near a control area's border: neither inside nor outside is asserted
        "controlled_sites_uncertain": [
            {
                "id": r["id"],
                "name": r["name"],
                "region": r["region"],
                "candidates": [c["id"] for c in json.loads(r["control_border"])["candidates"]],
            }
            for r in sites.sort_values("id").to_dict("records")
            if isinstance(r.get("control_border"), str)
            and json.loads(r["control_border"])["uncertain"]
        ],
        "control_areas": [
            _control_dict(row)
            for row in store.query(
                "SELECT * FROM control_area WHERE list_contains(?, id) ORDER BY id",
                [sorted(set(controlled["control_id"]))],
            )
        ],
        **how,
        "age": {**how["age"], "undated_source_years": sorted({int(y) for y in dataset_years})},
        "sources": [
            {
                "id": r["source_id"],
                "publisher": _none(r["source_publisher"]),
                "title": _none(r["source_title"]),
                "year": _none(r["source_year"]),
                "doi": _none(r["source_doi"]),
            }
            for r in records.drop_duplicates("source_id")
            .sort_values("source_id")
            .to_dict("records")
        ],
    }


def sites_geojson(view: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the located sites of a ``sites_view`` result."""
    features = []
    for site in view["sites"]:
        if site["location"] is None:
            continue
        props = {k: v for k, v in site.items() if k not in ("location", "estimates", "sources")}
        props["sources"] = [s["record"] for s in site["sources"]]
        props["n_estimates"] = len(site["estimates"])
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [site["location"]["lon"], site["location"]["lat"]],
                },
                "properties": props,
            }
        )
    return {
        "type": "FeatureCollection",
        "filters": view["filters"],
        "unlocated": sum(1 for s in view["sites"] if s["location"] is None),
        "features": features,
    }


def sites_csv(view: dict[str, Any]) -> str:
    """One CSV row per site (estimates summarised by the best confidence level)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["id", "name", "country", "region", "control_status", "control_as_of", "lon", "lat",
         "deposit_type", "commodities", "confidence", "n_sources", "sources", "n_estimates",
         "region_code", "region_candidates", "control_uncertain"]
    )  # fmt: skip
    for s in view["sites"]:
        loc = s["location"] or {}
        control = s["control"] or {}
        writer.writerow(
            [
                s["id"], s["name"], s["country"], s["region"], control.get("status"),
                control.get("as_of"), loc.get("lon"), loc.get("lat"), s["deposit_type"],
                "|".join(s["commodities"]), s["confidence"]["ladder"], len(s["sources"]),
                "|".join(r["record"] for r in s["sources"]), len(s["estimates"]),
                s.get("region_code"),
                # near a border: every candidate region, polygon hit first
                "|".join(c["code"] or c["name"] for c in s.get("region_candidates") or []),
                bool(s.get("control_uncertain")),
            ]
        )  # fmt: skip
    return out.getvalue()


# -- grade-tonnage model -----------------------------------------------------------------------

MIN_GTM_DEPOSITS = 20


class GtmError(ValueError):
    """The inventory cannot give a grade-tonnage model for these filters."""


def build_gtm(
    store: Store,
    deposit_type: str,
    commodity: str,
    min_deposits: int = MIN_GTM_DEPOSITS,
    country: str | None = None,
) -> dict[str, Any]:
    """A MapMark4 grade-and-tonnage model (``ID, Name, Ore, <grade %>``) from the inventory.

    One row per linked site whose records' deposit type contains ``deposit_type`` (case
    insensitive) and that has an estimate of ``commodity`` with both ore [t] and grade [%]:
    the estimate with the largest ore tonnage (a deposit's total resource is what
    grade-tonnage models describe; Singer & Menzie 2010, Quantitative Mineral Resource
    Assessments, ch. 4). Rare earths use TREO grades. Returns ``{"table": DataFrame,
    "filters": {...}, "deposits": n, "grade_column": name, "rows": [provenance]}``.

    Raises
    ------
    GtmError
        When fewer than ``min_deposits`` deposits qualify (MapMark4 needs 20).
    """
    cid = _resolve_commodity(store, commodity)
    frames = _load_view_frames(
        store,
        "id IN (SELECT site_id FROM site_record WHERE contains(lower(deposit_type), ?))",
        [deposit_type.strip().lower()],
    )
    records = frames["record"]
    needle = deposit_type.strip().lower()
    type_sites = set(
        records.loc[
            records["deposit_type"].fillna("").str.lower().str.contains(needle, regex=False),
            "site_id",
        ]
    )
    sites = frames["site"]
    if country:
        iso3 = _resolve_country(store, country)
        sites = sites[sites["iso3"] == iso3]
    sites = sites[sites["id"].isin(type_sites)]
    est = frames["estimate"]
    est = est[
        (est["commodity_id"] == cid)
        & est["ore_t"].gt(0)
        & est["grade_percent"].gt(0)
        & est["grade_percent"].lt(100)
    ]
    if cid == "rare-earths":
        est = est[est["grade_basis"] == "TREO"]
        column = "TREO"
    else:
        column = _grade_column(store, commodity, cid)
    rec_site = records.set_index("id")["site_id"]
    est = est.assign(site_id=est["record_id"].map(rec_site))
    est = est[est["site_id"].isin(set(sites["id"]))]
    best = est.sort_values("ore_t", ascending=False).drop_duplicates("site_id")
    names = sites.set_index("id")["name"]
    filters = {
        "deposit_type": deposit_type,
        "commodity": cid,
        "country": country,
        "grade_basis": "TREO" if cid == "rare-earths" else "as reported",
        "rule": "per site, the estimate with the largest ore tonnage having ore and grade",
    }
    if len(best) < min_deposits:
        raise GtmError(
            f"only {len(best)} deposits of type {deposit_type!r} with {cid} ore and grade in "
            f"the inventory; a grade-tonnage model needs at least {min_deposits}"
        )
    best = best.sort_values("site_id")
    table = pd.DataFrame(
        {
            "ID": best["site_id"].to_numpy(),
            "Name": best["site_id"].map(names).to_numpy(),
            "Ore": np.round(best["ore_t"].to_numpy(float), 1),
            column: np.round(best["grade_percent"].to_numpy(float), 6),
        }
    )
    rows = [
        {
            "id": r["site_id"],
            "record": r["record_id"],
            "category": r["category"],
            "ladder": r["ladder"],
            "source_id": r["source_id"],
            "row": r["row_ref"],
        }
        for r in best.to_dict("records")
    ]
    return {
        "table": table,
        "filters": filters,
        "deposits": len(table),
        "grade_column": column,
        "units": {"Ore": "t", column: "wt %"},
        "rows": rows,
    }


def _grade_column(store: Store, commodity: str, cid: str) -> str:
    """Grade column name: the element symbol where the commodity is one ('Ni'), else its id."""
    from assay.store.lookup import resolve_element

    for name in (commodity, cid):
        try:
            return resolve_element(store, name)
        except ValueError:
            continue
    return cid


def write_gtm(result: dict[str, Any], path: Path) -> tuple[Path, Path]:
    """Write the model CSV and, beside it, ``<name>.meta.json`` with filters and provenance."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    result["table"].to_csv(path, index=False)
    meta = path.with_suffix(".meta.json")
    meta.write_text(
        json.dumps(
            {k: v for k, v in result.items() if k != "table"} | {"file": path.name},
            indent=2,
            default=str,
        )
    )
    return path, meta
