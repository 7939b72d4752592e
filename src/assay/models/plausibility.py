"""Plausibility checks for published numbers and site coordinates (pure functions).

Each check answers whether a number or a point is implausible and, when it is, how badly
and what would fix it. They know nothing of the store: :mod:`assay.analyses.audit` feeds
them the series and sites and turns their answers into flags.

Thresholds
----------
JUMP_FACTOR = 5
    The same series (commodity, measure, sub-table, basis, unit, country) changing by more
    than x5 or /5 from one edition to the next is worth a look (issue 13); USGS revisions
    of reserves do this, with a revision note.
UNIT_ERROR_FACTOR = 100
    A change of x100 or more between editions is not a revision but a scale error (the
    usual culprit: a column labelled kt that holds kg or t, a factor of 1,000).
SUM_TOLERANCE = 0.10
    USGS rounds each country value and the world total independently (typically to two
    significant figures), so listed countries may exceed the world total by a few percent
    by rounding alone; beyond 10 % they contradict it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "JUMP_FACTOR",
    "UNIT_ERROR_FACTOR",
    "SUM_TOLERANCE",
    "EARTH_RADIUS_KM",
    "edition_jump",
    "jump_severity",
    "sum_excess",
    "share_over_world",
    "haversine_km",
    "PlacementCheck",
    "check_placement",
    "source_disagreement",
]

JUMP_FACTOR = 5.0
UNIT_ERROR_FACTOR = 100.0
SUM_TOLERANCE = 0.10
#: mean Earth radius [km] (IUGG 1980, R1 = 6371.0088 km, Moritz 2000, Geodetic Reference
#: System 1980, J. Geodesy 74, 128-133)
EARTH_RADIUS_KM = 6371.0088


def edition_jump(previous: float | None, current: float | None) -> float | None:
    """The ratio current / previous when it is beyond x JUMP_FACTOR either way, else None.

    Zero, missing and negative values compare to nothing (a country entering or leaving a
    table is not a jump).

    >>> edition_jump(310.0, 310000.0)
    1000.0
    >>> edition_jump(21e6, 10e6) is None
    True
    """
    if previous is None or current is None:
        return None
    if not (np.isfinite(previous) and np.isfinite(current)) or previous <= 0 or current <= 0:
        return None
    ratio = float(current) / float(previous)
    if ratio > JUMP_FACTOR or ratio < 1.0 / JUMP_FACTOR:
        return ratio
    return None


def jump_severity(ratio: float, explained: bool) -> str:
    """Severity of an edition jump.

    x100 or more either way is a scale error ('high') unless a published revision note
    names the country ('medium': a revision that large still deserves a look); below that,
    'low' with a revision note, else 'medium'.
    """
    if max(ratio, 1.0 / ratio) >= UNIT_ERROR_FACTOR:
        return "medium" if explained else "high"
    return "low" if explained else "medium"


def sum_excess(
    country_values: list[float | None], other: float | None, world: float | None
) -> float | None:
    """How far the listed values exceed the published world total, as a fraction of it
    (0.25 = 25 % over), when beyond :data:`SUM_TOLERANCE`; else None.

    Only an excess is a contradiction: countries that sum to less than the world total are
    the normal case (unlisted producers, withheld values).
    """
    if world is None or not np.isfinite(world) or world <= 0:
        return None
    values = [v for v in [*country_values, other] if v is not None and np.isfinite(v)]
    if not values:
        return None
    total = float(sum(values))
    excess = total / float(world) - 1.0
    return excess if excess > SUM_TOLERANCE else None


def share_over_world(value: float | None, world: float | None) -> float | None:
    """A single country's share of the world total [%] when it is over 100 % (impossible)
    by more than rounding (:data:`SUM_TOLERANCE`), else None."""
    if value is None or world is None or not (np.isfinite(value) and np.isfinite(world)):
        return None
    if world <= 0 or value <= world * (1.0 + SUM_TOLERANCE):
        return None
    return 100.0 * float(value) / float(world)


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance [km] on a sphere of radius :data:`EARTH_RADIUS_KM`.

    >>> round(haversine_km(0.0, 0.0, 0.0, 1.0), 2)  # one degree of a meridian
    111.19
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class PlacementCheck:
    """Where a site's point lies relative to its country's polygon.

    Attributes
    ----------
    inside : bool
        The point is in (or on) the polygon.
    distance_km : float
        Great-circle distance [km] from the point to the nearest point of the polygon (0
        when inside).
    suggestion : str or None
        'swap lon/lat', 'negate lat', 'negate lon' or 'negate both' when that transform puts
        the point inside the country (a swapped or sign-flipped coordinate), else None.
    suggested_lon, suggested_lat : float or None
        The transformed point, when there is a suggestion.
    """

    inside: bool
    distance_km: float
    suggestion: str | None = None
    suggested_lon: float | None = None
    suggested_lat: float | None = None


def check_placement(lon: float, lat: float, polygon: object) -> PlacementCheck:
    """Check a site's point against its country's (multi)polygon (a shapely geometry).

    Coordinates are WGS84 degrees. The distance is measured from the point to the nearest
    point of the polygon's boundary along a great circle (shapely gives the nearest point in
    degrees; the haversine gives the distance), which is accurate to the polygon's own
    generalisation (Natural Earth 1:110m: a few km).
    """
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    point = Point(lon, lat)
    if polygon.covers(point):  # type: ignore[attr-defined]
        return PlacementCheck(True, 0.0)
    nearest = nearest_points(polygon, point)[0]
    distance = haversine_km(lon, lat, nearest.x, nearest.y)
    for name, (x, y) in (
        ("swap lon/lat", (lat, lon)),
        ("negate lat", (lon, -lat)),
        ("negate lon", (-lon, lat)),
        ("negate both", (-lon, -lat)),
    ):
        if -180 <= x <= 180 and -90 <= y <= 90 and polygon.covers(Point(x, y)):  # type: ignore[attr-defined]
            return PlacementCheck(False, distance, name, x, y)
    return PlacementCheck(False, distance)


def placement_severity(check: PlacementCheck) -> str | None:
    """'high' for a swapped/sign-flipped point or one over 500 km outside its country,
    'medium' over 100 km, 'low' over 25 km (Natural Earth 1:110m coastlines and borders are
    generalised by up to ~20 km, so nearer points are not flagged); None when fine."""
    if check.inside:
        return None
    if check.suggestion is not None or check.distance_km > 500:
        return "high"
    if check.distance_km > 100:
        return "medium"
    if check.distance_km > 25:
        return "low"
    return None


def source_disagreement(a: float | None, b: float | None) -> float | None:
    """The larger-to-smaller ratio of two sources' values of the same series when they
    differ by more than 25 %, else None (both must be positive numbers)."""
    if a is None or b is None or not (np.isfinite(a) and np.isfinite(b)) or a <= 0 or b <= 0:
        return None
    ratio = max(a, b) / min(a, b)
    return float(ratio) if ratio > 1.25 else None
