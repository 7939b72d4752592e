"""Evidence layers: raster and vector readers, grid checks and alignment, distance and density
rasters.

Rasters are GeoTIFFs read with rasterio; vectors (GeoJSON, GeoPackage, shapefile) with
geopandas/pyogrio; CRS handling with pyproj. Every mismatch between layers (CRS, grid, extent)
is an error unless alignment is asked for, and alignment reports what it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

GRID_TOLERANCE = 1e-6  # relative tolerance on resolution and origin, [fraction of a cell]


class GeodataError(ValueError):
    """A layer that cannot be used as given (unreadable, mismatched grid or CRS, ...)."""


@dataclass
class Grid:
    """A north-up raster grid: shape, affine transform and CRS.

    Attributes
    ----------
    height, width : int
        Rows and columns.
    transform : affine.Affine
        Pixel-corner transform (rasterio convention).
    crs : rasterio.crs.CRS or None
        Coordinate reference system.
    """

    height: int
    width: int
    transform: object
    crs: object

    @property
    def cell_size(self) -> tuple[float, float]:
        """(x, y) cell size [CRS units, normally m]."""
        return (abs(self.transform.a), abs(self.transform.e))

    @property
    def cell_area_km2(self) -> float:
        """Area of one cell [km²], assuming the CRS units are metres."""
        dx, dy = self.cell_size
        return dx * dy / 1e6

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) [CRS units]."""
        t = self.transform
        left, top = t.c, t.f
        right = left + t.a * self.width
        bottom = top + t.e * self.height
        return (min(left, right), min(bottom, top), max(left, right), max(bottom, top))

    def describe(self) -> str:
        dx, dy = self.cell_size
        epsg = self.crs.to_epsg() if self.crs is not None else None
        crs = f"EPSG:{epsg}" if epsg else (self.crs.to_string() if self.crs else "no CRS")
        return f"{self.height}×{self.width} cells of {dx:g}×{dy:g}, {crs}, bounds {self.bounds}"


@dataclass
class Raster:
    """A single-band raster with its validity mask.

    Attributes
    ----------
    data : numpy.ndarray
        2-D values (dtype as stored).
    valid : numpy.ndarray
        2-D boolean, False on nodata (and NaN).
    grid : Grid
        Its grid.
    nodata : float or None
        The nodata value as stored.
    path : pathlib.Path or None
        Where it was read from.
    notes : list of str
        What alignment or conversion did to it.
    """

    data: np.ndarray
    valid: np.ndarray
    grid: Grid
    nodata: float | None = None
    path: Path | None = None
    notes: list[str] = field(default_factory=list)


def _valid_mask(data: np.ndarray, nodata: float | None) -> np.ndarray:
    valid = np.ones(data.shape, dtype=bool)
    if nodata is not None and not (isinstance(nodata, float) and np.isnan(nodata)):
        valid &= data != np.asarray(nodata).astype(data.dtype)
    if np.issubdtype(data.dtype, np.floating):
        valid &= np.isfinite(data)
    return valid


def read_raster(path: str | Path, band: int = 1, nodata: float | None = None) -> Raster:
    """Read one band of a GeoTIFF (or any GDAL raster) with its nodata mask.

    Parameters
    ----------
    path : str or pathlib.Path
        Raster file.
    band : int
        1-based band number.
    nodata : float, optional
        Override the file's nodata value.

    Returns
    -------
    Raster
    """
    import rasterio
    from rasterio.errors import RasterioIOError

    path = Path(path)
    if not path.exists():
        raise GeodataError(f"{path}: no such raster file")
    try:
        with rasterio.open(path) as src:
            if band < 1 or band > src.count:
                raise GeodataError(f"{path}: has {src.count} band(s), asked for band {band}")
            data = src.read(band)
            file_nodata = src.nodata
            grid = Grid(src.height, src.width, src.transform, src.crs)
    except RasterioIOError as exc:
        raise GeodataError(f"{path}: not a readable raster ({exc})") from None
    if grid.transform.b != 0 or grid.transform.d != 0:
        raise GeodataError(f"{path}: rotated grids are not supported")
    nd = file_nodata if nodata is None else nodata
    return Raster(data=data, valid=_valid_mask(data, nd), grid=grid, nodata=nd, path=path)


def iter_windows(
    path: str | Path, rows_per_window: int = 1024
) -> Iterator[tuple[object, np.ndarray]]:
    """Read a raster in horizontal strips (for grids larger than memory).

    Yields
    ------
    (rasterio.windows.Window, numpy.ndarray)
        Each strip's window and values of band 1.
    """
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as src:
        for row in range(0, src.height, rows_per_window):
            h = min(rows_per_window, src.height - row)
            window = Window(0, row, src.width, h)
            yield window, src.read(1, window=window)


def write_raster(
    path: str | Path,
    data: np.ndarray,
    grid: Grid,
    nodata: float | None = None,
    tags: dict[str, str] | None = None,
    compress: str = "zstd",
) -> Path:
    """Write a single-band GeoTIFF on ``grid``.

    ``tags`` are written as GDAL metadata (e.g. source, units). ``compress`` is a GDAL
    GeoTIFF codec; ZSTD (level 1) is the default because it writes a national grid several
    times faster than DEFLATE at a similar size (GDAL ≥ 2.3 reads it).
    """
    import rasterio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = {
        "driver": "GTiff",
        "height": grid.height,
        "width": grid.width,
        "count": 1,
        "dtype": data.dtype.name,
        "crs": grid.crs,
        "transform": grid.transform,
        "nodata": nodata,
        "compress": compress,
    }
    if compress == "zstd":
        profile["zstd_level"] = 1
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
        if tags:
            dst.update_tags(**tags)
    return path


def read_vector(path: str | Path, layer: str | None = None):
    """Read a vector file (GeoJSON, GeoPackage, shapefile) into a GeoDataFrame.

    Raises
    ------
    GeodataError
        When the file is missing, unreadable, empty or has no CRS.
    """
    import geopandas as gpd

    path = Path(path)
    if not path.exists():
        raise GeodataError(f"{path}: no such vector file")
    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise GeodataError(f"{path}: not a readable vector file ({exc})") from None
    if not isinstance(frame, gpd.GeoDataFrame):  # e.g. a CSV: read as a plain table
        raise GeodataError(f"{path}: has no geometry (give GeoJSON, GeoPackage or shapefile)")
    if frame.crs is None:
        raise GeodataError(f"{path}: has no coordinate reference system (add a .prj / crs)")
    return frame


def same_crs(a, b) -> bool:
    """True when two CRSs (rasterio, pyproj or strings) denote the same system."""
    from pyproj import CRS

    if a is None or b is None:
        return a is None and b is None
    return CRS.from_user_input(a).equals(CRS.from_user_input(b), ignore_axis_order=True)


def check_same_grid(reference: Raster, other: Raster) -> None:
    """Raise GeodataError naming the difference when ``other`` is not on ``reference``'s grid."""
    name = other.path or "layer"
    ref_name = reference.path or "template"
    if not same_crs(reference.grid.crs, other.grid.crs):
        raise GeodataError(
            f"{name}: CRS {other.grid.crs} differs from {ref_name} ({reference.grid.crs}); "
            "reproject it or ask for alignment"
        )
    if (reference.grid.height, reference.grid.width) != (other.grid.height, other.grid.width):
        raise GeodataError(
            f"{name}: grid {other.grid.height}×{other.grid.width} differs from {ref_name} "
            f"{reference.grid.height}×{reference.grid.width}; ask for alignment"
        )
    ta, tb = reference.grid.transform, other.grid.transform
    cell = max(reference.grid.cell_size)
    if any(abs(x - y) > GRID_TOLERANCE * cell for x, y in zip(ta[:6], tb[:6], strict=True)):
        raise GeodataError(
            f"{name}: cell size or origin differs from {ref_name} "
            f"({other.grid.describe()} vs {reference.grid.describe()}); ask for alignment"
        )


def align_to(
    raster: Raster, template: Grid, resampling: str = "nearest", nodata: float | None = None
) -> Raster:
    """Reproject/resample ``raster`` onto ``template`` and record what was done in ``notes``.

    Parameters
    ----------
    raster : Raster
        The layer to align.
    template : Grid
        Target CRS, transform and shape.
    resampling : str
        A rasterio resampling name; ``nearest`` (default, for classes) or ``bilinear``.
    nodata : float, optional
        Nodata of the output; defaults to the input's, else NaN (floats) or the dtype minimum.

    Returns
    -------
    Raster
        On ``template``; cells outside the input are nodata.
    """
    from rasterio.warp import Resampling, reproject

    try:
        method = Resampling[resampling]
    except KeyError:
        raise GeodataError(f"unknown resampling {resampling!r}") from None
    dtype = raster.data.dtype
    if nodata is None:
        nodata = raster.nodata
    if nodata is None:
        nodata = np.nan if np.issubdtype(dtype, np.floating) else np.iinfo(dtype).min
    src = np.where(raster.valid, raster.data, np.asarray(nodata).astype(dtype))
    out = np.full((template.height, template.width), nodata, dtype=dtype)
    reproject(
        source=src,
        destination=out,
        src_transform=raster.grid.transform,
        src_crs=raster.grid.crs,
        src_nodata=nodata,
        dst_transform=template.transform,
        dst_crs=template.crs,
        dst_nodata=nodata,
        resampling=method,
    )
    notes = list(raster.notes)
    changes = []
    if not same_crs(raster.grid.crs, template.crs):
        changes.append(f"reprojected from {raster.grid.crs} to {template.crs}")
    if raster.grid.cell_size != template.cell_size:
        changes.append(
            f"resampled ({resampling}) from {raster.grid.cell_size} to {template.cell_size}"
        )
    if raster.grid.bounds != template.bounds:
        changes.append(f"extent changed from {raster.grid.bounds} to {template.bounds}")
    if not changes:
        changes.append("already on the template grid (copied)")
    notes.append(f"{raster.path or 'layer'}: " + "; ".join(changes))
    aligned = Raster(
        data=out,
        valid=_valid_mask(out, nodata),
        grid=template,
        nodata=nodata,
        path=raster.path,
        notes=notes,
    )
    return aligned


@dataclass
class PointLocations:
    """Where deposit points fall on a grid.

    Attributes
    ----------
    rows, cols : numpy.ndarray
        Cell indices (meaningful where ``inside``).
    inside : numpy.ndarray
        True for points on the grid.
    on_nodata : numpy.ndarray
        True for points on the grid but on a nodata cell.
    """

    rows: np.ndarray
    cols: np.ndarray
    inside: np.ndarray
    on_nodata: np.ndarray

    @property
    def n_outside(self) -> int:
        return int((~self.inside).sum())

    @property
    def n_on_nodata(self) -> int:
        return int(self.on_nodata.sum())


def point_coordinates(frame, crs=None) -> np.ndarray:
    """(n, 2) x, y of the points of a GeoDataFrame, reprojected to ``crs`` when given.

    Multi-points are exploded; other geometries raise GeodataError.
    """
    if crs is not None and not same_crs(frame.crs, crs):
        frame = frame.to_crs(crs)
    geoms = frame.geometry
    if geoms.isna().any() or geoms.is_empty.any():
        bad = int(np.flatnonzero((geoms.isna() | geoms.is_empty).to_numpy())[0])
        raise GeodataError(f"deposit row {bad + 1}: empty geometry")
    kinds = set(geoms.geom_type)
    if not kinds <= {"Point", "MultiPoint"}:
        raise GeodataError(f"deposits must be points, found {', '.join(sorted(kinds))}")
    if "MultiPoint" in kinds:
        geoms = geoms.explode(index_parts=False)
    return np.column_stack([geoms.x.to_numpy(), geoms.y.to_numpy()])


def locate_points(xy: np.ndarray, raster: Raster) -> PointLocations:
    """Cell of each point (row = floor((top − y)/dy), col = floor((x − left)/dx), as terra's
    ``cellFromXY``), flagging points outside the grid and on nodata."""
    t = raster.grid.transform
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    # north-up grid: invert the affine transform by hand (no rotation terms)
    cols = np.floor((xy[:, 0] - t.c) / t.a).astype(np.int64)
    rows = np.floor((xy[:, 1] - t.f) / t.e).astype(np.int64)
    inside = (rows >= 0) & (rows < raster.grid.height) & (cols >= 0) & (cols < raster.grid.width)
    on_nodata = np.zeros(len(xy), dtype=bool)
    idx = np.flatnonzero(inside)
    on_nodata[idx] = ~raster.valid[rows[idx], cols[idx]]
    return PointLocations(rows=rows, cols=cols, inside=inside, on_nodata=on_nodata)


def read_deposits(path: str | Path, crs=None) -> np.ndarray:
    """Deposit points of a vector file (or a CSV with x/y or longitude/latitude columns) as
    (n, 2) coordinates in ``crs``.

    A CSV needs columns ``x``,``y`` (then ``crs`` is assumed) or ``longitude``,``latitude``
    (WGS 84).
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        import pandas as pd

        if not path.is_file():
            raise GeodataError(f"{path}: no such deposits file")
        try:
            table = pd.read_csv(path)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise GeodataError(f"{path}: not a readable CSV ({reason})") from None
        cols = {c.lower(): c for c in table.columns}
        if "x" in cols and "y" in cols:
            xy = table[[cols["x"], cols["y"]]].apply(pd.to_numeric, errors="coerce").to_numpy()
            src_crs = crs
        elif "longitude" in cols and "latitude" in cols:
            xy = (
                table[[cols["longitude"], cols["latitude"]]]
                .apply(pd.to_numeric, errors="coerce")
                .to_numpy()
            )
            src_crs = "EPSG:4326"
        else:
            raise GeodataError(
                f"{path}: needs columns x,y or longitude,latitude (has {', '.join(table.columns)})"
            )
        bad = np.flatnonzero(~np.isfinite(xy).all(axis=1))
        if len(bad):
            raise GeodataError(f"{path}: row {bad[0] + 2}: coordinates are not numbers")
        if src_crs == "EPSG:4326":
            off = np.flatnonzero((np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90))
            if len(off):
                raise GeodataError(
                    f"{path}: row {off[0] + 2}: longitude/latitude off the globe "
                    f"({xy[off[0], 0]:g}, {xy[off[0], 1]:g})"
                )
        if crs is not None and src_crs is not None and not same_crs(src_crs, crs):
            from pyproj import Transformer

            tr = Transformer.from_crs(src_crs, crs, always_xy=True)
            x, y = tr.transform(xy[:, 0], xy[:, 1])
            xy = np.column_stack([x, y])
        return xy
    frame = read_vector(path)
    try:
        return point_coordinates(frame, crs)
    except GeodataError as exc:  # name the file in the one-line message
        raise GeodataError(f"{path}: {exc}") from None


def distance_raster(features, template: Grid, max_distance: float | None = None) -> np.ndarray:
    """Euclidean distance [CRS units] from each cell centre to the nearest feature.

    Parameters
    ----------
    features : geopandas.GeoDataFrame or GeoSeries
        Points, lines or polygons (reprojected to the template CRS when needed); cells
        inside polygons get 0.
    template : Grid
        Output grid.
    max_distance : float, optional
        Distances beyond this are clipped to it.

    Returns
    -------
    numpy.ndarray
        Float64 grid of distances.

    Notes
    -----
    Exact vector distance (shapely 2 ``distance`` against the union of the features, via an
    STRtree nearest query), evaluated at cell centres, one raster row at a time.
    """
    import shapely

    geoms = features.geometry if hasattr(features, "geometry") else features
    if (
        features.crs is not None
        and template.crs is not None
        and not same_crs(features.crs, template.crs)
    ):
        geoms = geoms.to_crs(template.crs)
    arr = np.asarray(geoms.values if hasattr(geoms, "values") else geoms)
    arr = arr[~shapely.is_empty(arr)]
    if len(arr) == 0:
        raise GeodataError("no features to measure distance to")
    tree = shapely.STRtree(arr)
    t = template.transform
    xs = t.c + t.a * (np.arange(template.width) + 0.5)
    out = np.empty((template.height, template.width), dtype=np.float64)
    for r in range(template.height):
        y = t.f + t.e * (r + 0.5)
        pts = shapely.points(xs, np.full_like(xs, y))
        _, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
        out[r] = dist
    if max_distance is not None:
        np.minimum(out, max_distance, out=out)
    return out


def density_raster(
    features, template: Grid, radius: float, per_area_km2: float = 1.0
) -> np.ndarray:
    """Density of points (count) or lines (length) within ``radius`` of each cell centre.

    Parameters
    ----------
    features : geopandas.GeoDataFrame
        Points or lines (reprojected to the template CRS when needed).
    template : Grid
        Output grid (CRS in metres).
    radius : float
        Search radius [m].
    per_area_km2 : float
        Density is expressed per this area [km²] (points km⁻² or line km per km²).

    Returns
    -------
    numpy.ndarray
        Float64 grid [count or km per ``per_area_km2``].

    Notes
    -----
    Simple circular-window density as in ArcGIS *Point/Line Density* (Silverman 1986 kernel
    not applied): the count of points or the length of lines clipped to the circle, divided
    by the circle's area.
    """
    import shapely

    geoms = features.geometry
    if (
        features.crs is not None
        and template.crs is not None
        and not same_crs(features.crs, template.crs)
    ):
        geoms = geoms.to_crs(template.crs)
    arr = np.asarray(geoms.values)
    kinds = set(shapely.get_type_id(arr).tolist())
    is_points = kinds <= {0, 4}
    if not is_points and not kinds <= {1, 2, 5}:
        raise GeodataError("density needs points or lines")
    tree = shapely.STRtree(arr)
    t = template.transform
    xs = t.c + t.a * (np.arange(template.width) + 0.5)
    circle_km2 = np.pi * radius**2 / 1e6
    out = np.zeros((template.height, template.width), dtype=np.float64)
    for r in range(template.height):
        y = t.f + t.e * (r + 0.5)
        centres = shapely.points(xs, np.full_like(xs, y))
        discs = shapely.buffer(centres, radius, quad_segs=16)
        idx_disc, idx_geom = tree.query(discs, predicate="intersects")
        if len(idx_disc) == 0:
            continue
        if is_points:
            amount = np.asarray(shapely.get_num_geometries(arr[idx_geom]), dtype=np.float64)
        else:
            amount = shapely.length(shapely.intersection(arr[idx_geom], discs[idx_disc])) / 1e3
        out[r] = np.bincount(idx_disc, weights=amount, minlength=template.width)
    return out / circle_km2 * per_area_km2


def rasterize_values(
    frame,
    column: str | None,
    template: Grid,
    fill: float = 0,
    dtype: str = "int32",
    all_touched: bool = False,
) -> np.ndarray:
    """Burn a vector layer's attribute (or 1) into ``template`` (rasterio ``rasterize``)."""
    from rasterio.features import rasterize

    if frame.crs is not None and template.crs is not None and not same_crs(frame.crs, template.crs):
        frame = frame.to_crs(template.crs)
    values = frame[column].to_numpy() if column else np.ones(len(frame))
    shapes = ((g, v) for g, v in zip(frame.geometry, values, strict=True) if g is not None)
    return rasterize(
        shapes,
        out_shape=(template.height, template.width),
        transform=template.transform,
        fill=fill,
        dtype=dtype,
        all_touched=all_touched,
    )


def progress_noop(done: int, total: int) -> None:
    """Default progress callback (does nothing)."""


ProgressCallback = Callable[[int, int], None]


def grid_from_bounds(bounds: tuple[float, float, float, float], cell_size: float, crs) -> Grid:
    """A north-up grid of square cells anchored at the top-left corner of ``bounds``
    (left, bottom, right, top), with as many cells as cover the extent."""
    from affine import Affine

    from assay.validation import LIMITS

    left, bottom, right, top = bounds
    if not np.isfinite(cell_size) or cell_size <= 0:
        raise GeodataError(f"cell size must be a positive number, got {cell_size}")
    if not all(np.isfinite(v) for v in bounds):
        raise GeodataError(f"the extent {bounds} is not finite")
    width = max(int(np.ceil((right - left) / cell_size - 1e-9)), 1)
    height = max(int(np.ceil((top - bottom) / cell_size - 1e-9)), 1)
    # a few float64 layers of the grid are held at once: bound them by the memory budget
    max_cells = int(LIMITS.memory_budget_mb * 2**20 / (8 * 8))
    if width * height > max_cells:
        raise GeodataError(
            f"a {width:,} x {height:,} grid at cell size {cell_size:g} exceeds "
            f"{max_cells:,} cells (ASSAY_MEMORY_BUDGET_MB={LIMITS.memory_budget_mb:g}); "
            "use a larger cell size"
        )
    return Grid(height, width, Affine(cell_size, 0.0, left, 0.0, -cell_size, top), crs)


def cell_polygons(template: Grid) -> np.ndarray:
    """Shapely boxes of every cell, row-major."""
    import shapely

    t = template.transform
    cols, rows = np.meshgrid(np.arange(template.width), np.arange(template.height))
    x0 = t.c + t.a * cols.ravel()
    y0 = t.f + t.e * rows.ravel()
    return shapely.box(
        np.minimum(x0, x0 + t.a),
        np.minimum(y0, y0 + t.e),
        np.maximum(x0, x0 + t.a),
        np.maximum(y0, y0 + t.e),
    )


def presence_grid(features, template: Grid, buffer: float = 0.0) -> np.ndarray:
    """1 where a cell intersects any of ``features``, else 0: the binary layers of the
    cell-based association method (Tourlière et al. 2015, Cell-based associations: a
    procedure for considering scarce and mixed mineral occurrences in predictive mapping,
    *Computers & Geosciences* 78, 53-62, doi:10.1016/j.cageo.2015.02.007).

    With ``buffer`` > 0 [CRS units] a cell is 1 when a disc of that radius around its centre
    meets a feature, i.e. the cell centre lies within ``buffer`` of it (the convention of the
    BRGM / EIS Toolkit CBA implementation).
    """
    import shapely

    geoms = features.geometry
    if (
        features.crs is not None
        and template.crs is not None
        and not same_crs(features.crs, template.crs)
    ):
        geoms = geoms.to_crs(template.crs)
    arr = np.asarray(geoms.values)
    arr = arr[~shapely.is_empty(arr)]
    out = np.zeros(template.height * template.width, dtype=np.uint8)
    if len(arr) == 0:
        return out.reshape(template.height, template.width)
    tree = shapely.STRtree(arr)
    if buffer > 0:
        t = template.transform
        cols, rows = np.meshgrid(np.arange(template.width), np.arange(template.height))
        centres = shapely.points(t.c + t.a * (cols.ravel() + 0.5), t.f + t.e * (rows.ravel() + 0.5))
        idx_cell, _ = tree.query(centres, predicate="dwithin", distance=buffer)
    else:
        idx_cell, _ = tree.query(cell_polygons(template), predicate="intersects")
    out[np.unique(idx_cell)] = 1
    return out.reshape(template.height, template.width)


def cell_association(
    features,
    template: Grid,
    column: str | None = None,
    values: list | None = None,
    name: str | None = None,
    buffer: float = 0.0,
) -> dict[str, np.ndarray]:
    """Cell-based association layers: one binary grid per value of ``column`` (all values
    when ``values`` is None), or one grid named ``name`` for all features."""
    if column is None:
        return {name or "features": presence_grid(features, template, buffer)}
    if column not in features.columns:
        raise GeodataError(f"no column {column!r} in the features")
    wanted = list(features[column].unique()) if values is None else list(values)
    return {
        str(v): presence_grid(features[features[column] == v], template, buffer) for v in wanted
    }


RASTER_SUFFIXES = (".tif", ".tiff", ".img", ".vrt", ".asc")


def raster_to_polygons(path: str | Path, attribute: str = "value"):
    """Polygons of the connected regions of equal value of a class raster (nodata left out),
    as a GeoDataFrame with the value in ``attribute`` (rasterio ``features.shapes``,
    4-connected)."""
    import geopandas as gpd
    import shapely
    from rasterio.features import shapes

    raster = read_raster(path)
    data = raster.data
    if not np.issubdtype(data.dtype, np.integer):
        raise GeodataError(f"{path}: polygons need an integer class raster, got {data.dtype}")
    if data.dtype not in (np.int16, np.int32, np.uint8, np.uint16):
        data = data.astype(np.int32)
    pieces = shapes(data, mask=raster.valid, transform=raster.grid.transform)
    geoms, values = [], []
    for geom, value in pieces:
        geoms.append(shapely.geometry.shape(geom))
        values.append(int(value))
    if not geoms:
        raise GeodataError(f"{path}: every cell is nodata")
    return gpd.GeoDataFrame({attribute: values}, geometry=geoms, crs=raster.grid.crs)
