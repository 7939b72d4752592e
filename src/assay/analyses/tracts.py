"""Permissive tracts: step one of the USGS three-part assessment.

A permissive tract is the ground where the geology allows deposits of the chosen type to
exist (Singer & Menzie 2010, *Quantitative Mineral Resource Assessments*, Oxford UP, ch. 3).
It is built from geologic-map units that fit the descriptive deposit model:

    tract = union(buffer(select(map units, predicate), d)) − exclusions

with the area computed in an equal-area projection (Dicken & Dunlap 2013, GSA abstract on
the Global Mineral Resource Assessment porphyry-Cu tracts; USGS National Mineral Resource
Assessment tract notes, e.g. "a 10 km-wide area around all Mesozoic plutons").

The tract polygons are written as GeoJSON / GeoPackage and a YAML tract spec names them for
the assessment engine (:func:`assay.analyses.assessment.assess_tract`). Known sites inside
each tract come from a deposits file or from the site inventory in the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assay.importers import geodata as gd

NAME_COLUMNS = ("name", "Name", "NAME", "Deposit", "deposit", "site_name", "DEPOSIT", "Id", "id")


class TractError(ValueError):
    """Bad input for a tract (message names the file and the problem)."""


def local_equal_area_crs(geometry_wgs84) -> str:
    """PROJ string of a Lambert azimuthal equal-area projection (WGS 84 ellipsoid) centred on
    the centroid of ``geometry_wgs84`` (Snyder 1987, *Map Projections: A Working Manual*,
    USGS PP 1395, §24)."""
    c = geometry_wgs84.centroid
    return f"+proj=laea +lat_0={c.y:.6f} +lon_0={c.x:.6f} +x_0=0 +y_0=0 +ellps=WGS84 +units=m"


def local_equidistant_crs(geometry_wgs84) -> str:
    """PROJ string of an azimuthal equidistant projection centred on ``geometry_wgs84``'s
    centroid, for buffering geographic data in metres (Snyder 1987, §25)."""
    c = geometry_wgs84.centroid
    return f"+proj=aeqd +lat_0={c.y:.6f} +lon_0={c.x:.6f} +x_0=0 +y_0=0 +ellps=WGS84 +units=m"


@dataclass
class TractResult:
    """Tract polygons and how they were made.

    Attributes
    ----------
    tracts : geopandas.GeoDataFrame
        One row per tract: ``name``, ``area_km2`` (equal-area), ``n_units`` and the geometry
        (in the working CRS ``crs``).
    equal_area_crs : str
        The projection the areas were computed in.
    steps : list of str
        What was done (selection, buffer, dissolve, exclusions, area).
    sites : pandas.DataFrame
        Known sites inside each tract (``tract``, ``site``, ``x``, ``y``), if given.
    """

    tracts: Any
    equal_area_crs: str
    steps: list[str] = field(default_factory=list)
    sites: pd.DataFrame | None = None

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for _, r in self.tracts.iterrows():
            entry = {
                "name": r["name"],
                "area_km2": float(r["area_km2"]),
                "n_units": int(r["n_units"]),
            }
            if self.sites is not None:
                inside = self.sites[self.sites["tract"] == r["name"]]
                entry["known_sites"] = inside["site"].astype(str).tolist()
                entry["n_known_sites"] = len(inside)
            rows.append(entry)
        return {"tracts": rows, "equal_area_crs": self.equal_area_crs, "steps": self.steps}


def select_units(
    units, attribute: str | None = None, values: list[str] | None = None, where: str | None = None
):
    """Map units whose ``attribute`` is one of ``values`` and/or that satisfy the pandas
    ``where`` expression (e.g. ``"Type <= 2"``)."""
    selected = units
    if attribute is not None:
        if attribute not in units.columns:
            raise TractError(
                f"no attribute {attribute!r} in the map units (has "
                f"{', '.join(c for c in units.columns if c != 'geometry')})"
            )
        if not values:
            raise TractError(f"give the value(s) of {attribute} that are permissive")
        column = units[attribute]
        wanted = set(values)
        # compare as text so that "2" selects 2 in a numeric column
        mask = column.astype(str).isin(wanted) | column.isin(values)
        selected = selected[mask.to_numpy()]
    if where:
        try:
            selected = selected.query(where)
        except Exception as exc:  # pandas raises many types for a bad expression
            raise TractError(f"cannot evaluate --where {where!r}: {exc}") from None
    if len(selected) == 0:
        raise TractError("no map unit matches the selection")
    return selected


def build_tracts(
    units,
    name: str,
    attribute: str | None = None,
    values: list[str] | None = None,
    where: str | None = None,
    buffer_km: float = 0.0,
    exclusions: list | None = None,
    dissolve_by: str | None = None,
    equal_area_crs: str | None = None,
    min_area_km2: float = 0.0,
) -> TractResult:
    """Build permissive tracts from geologic-map units.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Geologic-map polygons with attributes.
    name : str
        Tract name (suffixed by the ``dissolve_by`` value when grouping).
    attribute, values, where : optional
        Selection of permissive units (:func:`select_units`).
    buffer_km : float
        Buffer around the selected units [km], applied in the units' CRS when it is
        projected (metres), else in a local azimuthal equidistant projection.
    exclusions : list of geopandas.GeoDataFrame
        Areas removed from the tract (cover, water, a user polygon).
    dissolve_by : str, optional
        Make one tract per value of this attribute instead of one overall.
    equal_area_crs : str, optional
        CRS for the areas; default a Lambert azimuthal equal-area projection centred on the
        tract.
    min_area_km2 : float
        Drop polygon parts smaller than this after exclusion [km²].

    Returns
    -------
    TractResult
    """
    import geopandas as gpd
    import shapely

    if buffer_km < 0:
        raise TractError(f"buffer must be ≥ 0 km, got {buffer_km}")
    if units.crs is None:
        raise TractError("the map units have no CRS")
    kinds = set(units.geom_type.dropna())
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise TractError(f"map units must be polygons, found {', '.join(sorted(kinds))}")
    steps: list[str] = []
    selected = select_units(units, attribute, values, where)
    how = []
    if attribute:
        how.append(f"{attribute} in {values}")
    if where:
        how.append(f"where {where}")
    steps.append(f"selected {len(selected)} of {len(units)} map units ({'; '.join(how) or 'all'})")
    selected = selected.copy()
    selected["geometry"] = shapely.make_valid(selected.geometry.values)
    wgs84 = selected.to_crs("EPSG:4326")
    hull = shapely.union_all(wgs84.geometry.values)
    if units.crs.is_projected:
        work = selected
        steps.append(
            f"buffered in the units' CRS ({units.crs.to_string()})"
            if buffer_km
            else f"working CRS {units.crs.to_string()}"
        )
    else:
        aeqd = local_equidistant_crs(hull)
        work = selected.to_crs(aeqd)
        steps.append(f"projected to a local azimuthal equidistant CRS for metric work ({aeqd})")
    if buffer_km > 0:
        work = work.copy()
        work["geometry"] = work.geometry.buffer(buffer_km * 1000.0, quad_segs=32)
        steps.append(f"buffered by {buffer_km:g} km")
    groups = (
        [(name, work)]
        if dissolve_by is None
        else [(f"{name} {key}", part) for key, part in work.groupby(dissolve_by, sort=True)]
    )
    if dissolve_by is not None and dissolve_by not in work.columns:
        raise TractError(f"no attribute {dissolve_by!r} to dissolve by")
    geoms, names, n_units = [], [], []
    for tract_name, part in groups:
        geoms.append(shapely.union_all(part.geometry.values))
        names.append(tract_name)
        n_units.append(len(part))
    steps.append(f"dissolved into {len(geoms)} tract(s)")
    tracts = gpd.GeoDataFrame({"name": names, "n_units": n_units}, geometry=geoms, crs=work.crs)
    for i, excl in enumerate(exclusions or []):
        if excl.crs is None:
            raise TractError(f"exclusion layer {i + 1} has no CRS")
        cut = shapely.union_all(shapely.make_valid(excl.to_crs(work.crs).geometry.values))
        before = tracts.geometry.area.sum()
        tracts["geometry"] = tracts.geometry.difference(cut)
        after = tracts.geometry.area.sum()
        steps.append(
            f"removed exclusion layer {i + 1} ({len(excl)} features, "
            f"{(before - after) / 1e6:.3f} km² in the working CRS)"
        )
    ea = equal_area_crs or local_equal_area_crs(hull)
    if min_area_km2 > 0:
        exploded = tracts.explode(index_parts=False)
        exploded = exploded[exploded.to_crs(ea).area / 1e6 >= min_area_km2]
        tracts = exploded.dissolve(by="name", aggfunc={"n_units": "first"}).reset_index()
        steps.append(f"dropped parts smaller than {min_area_km2:g} km²")
    tracts = tracts[~tracts.geometry.is_empty].reset_index(drop=True)
    if len(tracts) == 0:
        raise TractError("nothing is left of the tract after the exclusions")
    tracts["area_km2"] = tracts.to_crs(ea).area.to_numpy() / 1e6
    steps.append(f"areas computed in {ea}")
    return TractResult(tracts=tracts, equal_area_crs=ea, steps=steps)


def site_names(frame) -> pd.Series:
    """A name for each point: the first name-like column, else the row number."""
    for col in NAME_COLUMNS:
        if col in frame.columns:
            return frame[col].astype(str)
    return pd.Series([f"point {i + 1}" for i in range(len(frame))], index=frame.index)


def sites_inside(result: TractResult, sites) -> pd.DataFrame:
    """Known sites (a point GeoDataFrame) inside each tract, with ``tract``, ``site``,
    ``x``, ``y`` (longitude/latitude [°])."""
    import geopandas as gpd

    if sites.crs is None:
        raise TractError("the sites have no CRS")
    pts = sites.to_crs(result.tracts.crs).copy()
    pts["site"] = site_names(sites).to_numpy()
    joined = gpd.sjoin(
        pts[["site", "geometry"]],
        result.tracts[["name", "geometry"]],
        predicate="within",
        how="inner",
    )
    wgs = joined.to_crs("EPSG:4326")
    out = pd.DataFrame(
        {
            "tract": joined["name"].to_numpy(),
            "site": joined["site"].to_numpy(),
            "longitude": wgs.geometry.x.to_numpy(),
            "latitude": wgs.geometry.y.to_numpy(),
        }
    )
    result.sites = out
    return out


def sites_from_store(store, deposit_type: str | None = None, commodity: str | None = None):
    """Sites of the store's site inventory (table ``site``: ``id``, ``name``, ``lon``,
    ``lat``) as a WGS 84 point GeoDataFrame, optionally filtered by deposit type (substring,
    case-insensitive) or commodity id."""
    import geopandas as gpd

    sql = (
        "SELECT id, name, lon, lat, deposit_type, commodity_ids FROM site "
        "WHERE lon IS NOT NULL AND lat IS NOT NULL"
    )
    params: list[Any] = []
    if deposit_type:
        sql += " AND lower(deposit_type) LIKE ?"
        params.append(f"%{deposit_type.lower()}%")
    if commodity:
        sql += " AND ('|' || commodity_ids || '|') LIKE ?"
        params.append(f"%|{commodity}|%")
    try:
        frame = store.df(sql, params)
    except Exception as exc:  # the site component may be absent from an old store
        raise TractError(f"the store has no site inventory to list sites from ({exc})") from None
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
    )


def tracts_frame(result: TractResult):
    """The tracts as one GeoDataFrame (working CRS): ``name``, ``n_units``, ``area_km2``
    [km2], ``equal_area_crs`` and, when known sites were given, ``known_sites`` (names
    joined with ``; ``) and ``n_known_sites``."""
    out = result.tracts.copy()
    out["equal_area_crs"] = result.equal_area_crs
    if result.sites is not None:
        by_tract = result.sites.groupby("tract")["site"].agg(lambda s: "; ".join(map(str, s)))
        out["known_sites"] = out["name"].map(by_tract).fillna("")
        out["n_known_sites"] = out["name"].map(result.sites["tract"].value_counts()).fillna(0)
        out["n_known_sites"] = out["n_known_sites"].astype(int)
    return out


def write_tracts(result: TractResult, path: Path) -> Path:
    """Write the tracts as GeoJSON (WGS 84, RFC 7946), GeoPackage or GeoParquet (working
    CRS) by suffix, with ``name``, ``area_km2``, ``n_units`` and ``equal_area_crs``
    attributes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = tracts_frame(result)
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        out.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    elif suffix == ".gpkg":
        out.to_file(path, driver="GPKG", layer="tracts")
    elif suffix == ".parquet":
        out.to_parquet(path, index=False)
    else:
        raise TractError(f"{path}: write .geojson, .gpkg or .parquet")
    return path


def write_tract_spec(
    path: Path,
    name: str,
    estimates: Path,
    area_km2: float,
    geometry: Path | None = None,
    gatm: Path | None = None,
    tm: Path | None = None,
    pmf: str = "negbinomial",
    pdf: str = "normal",
    truncate: bool = False,
    draws: int = 20_000,
    seed: int = 0,
) -> Path:
    """Write a YAML tract spec for the assessment engine (keys ``name``, ``gatm``/``tm``,
    ``estimates``, ``pmf``, ``pdf``, ``truncate``, ``draws``, ``seed``, ``area_km2``,
    ``geometry``; paths relative to the spec file)."""
    import os

    import yaml

    if (gatm is None) == (tm is None):
        raise TractError("give exactly one of a grade-tonnage model (gatm) or a tonnage model (tm)")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    base = path.parent.resolve()

    def rel(p: Path) -> str:
        return os.path.relpath(Path(p).resolve(), base)

    spec: dict[str, Any] = {"name": name}
    if gatm is not None:
        spec["gatm"] = rel(gatm)
    else:
        spec["tm"] = rel(tm)  # type: ignore[arg-type]
    spec.update(
        {
            "estimates": rel(estimates),
            "pmf": pmf,
            "pdf": pdf,
            "truncate": bool(truncate),
            "draws": int(draws),
            "seed": int(seed),
            "area_km2": round(float(area_km2), 6),
        }
    )
    if geometry is not None:
        spec["geometry"] = rel(geometry)
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def plot_tracts(result: TractResult, units, path: Path) -> Path:
    """Map of the tracts over the map units with the known sites (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    crs = result.tracts.crs
    fig, ax = plt.subplots(figsize=(6.5, 6))
    units.to_crs(crs).plot(ax=ax, color="#eeeeee", edgecolor="#bbbbbb", linewidth=0.3)
    result.tracts.plot(
        ax=ax,
        column="name",
        alpha=0.55,
        edgecolor="black",
        linewidth=0.6,
        legend=len(result.tracts) > 1,
        cmap="tab10",
    )
    if result.sites is not None and len(result.sites):
        import geopandas as gpd

        pts = gpd.GeoDataFrame(
            result.sites,
            geometry=gpd.points_from_xy(result.sites["longitude"], result.sites["latitude"]),
            crs="EPSG:4326",
        ).to_crs(crs)
        pts.plot(ax=ax, color="red", markersize=10, edgecolor="white", linewidth=0.3)
    names = zip(result.tracts["name"], result.tracts["area_km2"], strict=True)
    areas = ", ".join(f"{n}: {a:,.1f} km²" for n, a in names)
    ax.set_title(f"Permissive tract(s): {areas}", fontsize=9)
    ax.set_axis_off()
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def read_units(path: Path, layer: str | None = None):
    """Read a geologic-map layer, turning reader errors into :class:`TractError`. A class
    raster (GeoTIFF, ...) is turned into polygons with its cell values in ``value``."""
    try:
        if Path(path).suffix.lower() in gd.RASTER_SUFFIXES:
            return gd.raster_to_polygons(path, "value")
        return gd.read_vector(path, layer)
    except gd.GeodataError as exc:
        raise TractError(str(exc)) from None


def tract_area_check(result: TractResult) -> np.ndarray:
    """Geodesic area of each tract on the WGS 84 ellipsoid [km²] (pyproj ``Geod``), an
    independent check of the equal-area projection's areas (Karney 2013, *J. Geodesy* 87,
    43-55)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    wgs = result.tracts.to_crs("EPSG:4326")
    return np.array([abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for g in wgs.geometry])
