"""Weights of evidence (WofE) with the ArcSDM conventions.

The conventions are those of ArcSDM's *Calculate Weights* / *Calculate Response* tools
(Kemp et al. 2001; gtkfi/ArcSDM) as ported to R by Geoscience Australia's MPM-WofE scripts
(Ford 2023, GeoscienceAustralia/MPM-WofE, Apache-2.0), whose expected outputs this module
reproduces:

- areas are counted in *unit cells* of an explicit unit area (1 km² by default):
  N(T) = valid cells × cell area / unit area;
- deposits are counted as points (several in one cell all count), N(D) = number of points,
  including points that fall outside the study area or on nodata (as the reference does);
- W+ = ln[P(B|D) / P(B|¬D)], W− = ln[P(¬B|D) / P(¬B|¬D)],
  s²(W+) = 1/N(B∩D) + 1/N(B∩¬D), s²(W−) = 1/N(¬B∩D) + 1/N(¬B∩¬D),
  C = W+ − W−, s(C) = √(s²(W+) + s²(W−)), studentized contrast = C / s(C)
  (Bonham-Carter 1994, *Geographic Information Systems for Geoscientists*, ch. 9;
  Bonham-Carter, Agterberg & Wright 1989);
- classes without deposits get 0 in every weight column;
- cumulative ascending means class ≤ c, descending class ≥ c;
- the posterior logit is ln(N(D)/(N(T) − N(D))) + Σ W_j and its standard deviation
  s(P) = P·√(1/N(D) + Σ s²(W_j)) (Bonham-Carter 1994, eq. 9-31 and 9-33).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

WEIGHT_TYPES = ("unique", "categorical", "ascending", "descending")

#: generalised class of a cumulative table when no cut-off passes the threshold (ArcSDM, GA)
NO_SIGNIFICANT_CLASS = 999
#: generalised class given to the lumped "other" classes by :func:`generalize_categorical`
OTHER_CLASS = 99

TABLE_COLUMNS = [
    "class",
    "class_area_km2",
    "area_sq_km",
    "area_units",
    "points",
    "w_plus",
    "s_w_plus",
    "w_minus",
    "s_w_minus",
    "contrast",
    "s_contrast",
    "studentized_contrast",
    "gen_class",
    "weight",
    "w_std",
]

#: the column names of the ArcSDM / Geoscience Australia weights tables
ARCSDM_COLUMNS = dict(
    zip(
        TABLE_COLUMNS,
        [
            "CLASS",
            "CLASS_AREA",
            "AREA_SQ_KM",
            "AREA_UNITS",
            "NO_POINTS",
            "WPLUS",
            "S_WPLUS",
            "WMINUS",
            "S_WMINUS",
            "CONTRAST",
            "S_CONTRAST",
            "STUDC",
            "GEN_CLASS",
            "WEIGHT",
            "W_STD",
        ],
        strict=True,
    )
)


class WofEError(ValueError):
    """Input that makes the weights meaningless (empty study area, no deposits, ...)."""


@dataclass(frozen=True)
class ClassCounts:
    """Cells and deposit points per class value of an evidence layer.

    Attributes
    ----------
    values : numpy.ndarray
        Class values present in the study area, ascending.
    cells : numpy.ndarray
        Number of valid cells of each class.
    points : numpy.ndarray
        Number of deposit points that fall in each class (duplicates in a cell included).
    total_points : int
        All deposit points given, including those outside the study area or on nodata
        (N(D) of the reference).
    points_outside : int
        Points that fell outside the grid or on nodata (counted in ``total_points``
        but in no class).
    """

    values: np.ndarray
    cells: np.ndarray
    points: np.ndarray
    total_points: int
    points_outside: int


def count_classes(
    classes: np.ndarray,
    valid: np.ndarray,
    point_rows: np.ndarray,
    point_cols: np.ndarray,
    point_inside: np.ndarray | None = None,
) -> ClassCounts:
    """Tabulate cells and deposit points per class of an integer evidence grid.

    Parameters
    ----------
    classes : numpy.ndarray
        2-D integer grid of class values.
    valid : numpy.ndarray
        2-D boolean grid, True inside the study area and off nodata.
    point_rows, point_cols : numpy.ndarray
        Row and column index of each deposit point (any value where ``point_inside`` is False).
    point_inside : numpy.ndarray, optional
        True for points that fall on the grid; default all.

    Returns
    -------
    ClassCounts
    """
    classes = np.asarray(classes)
    if not np.issubdtype(classes.dtype, np.integer):
        raise WofEError(f"evidence classes must be integers, got {classes.dtype}")
    valid = np.asarray(valid, dtype=bool)
    point_rows = np.asarray(point_rows, dtype=np.int64)
    point_cols = np.asarray(point_cols, dtype=np.int64)
    n_points = len(point_rows)
    inside = (
        np.ones(n_points, dtype=bool) if point_inside is None else np.asarray(point_inside, bool)
    )
    inside_idx = np.flatnonzero(inside)
    on_valid = np.zeros(n_points, dtype=bool)
    on_valid[inside_idx] = valid[point_rows[inside_idx], point_cols[inside_idx]]
    if not valid.any():
        raise WofEError("the study area is empty: every cell is nodata")
    cell_values = classes[valid]
    point_values = classes[point_rows[on_valid], point_cols[on_valid]]
    lo, hi = int(cell_values.min()), int(cell_values.max())
    if hi - lo < 50_000_000:
        # dense integer range: one bincount pass (fast on national grids)
        cells = np.bincount(cell_values.astype(np.int64) - lo, minlength=hi - lo + 1)
        pts = np.bincount(point_values.astype(np.int64) - lo, minlength=hi - lo + 1)
        present = np.flatnonzero(cells)
        values = present.astype(np.int64) + lo
        cells, pts = cells[present], pts[present]
    else:
        values, inverse = np.unique(cell_values, return_inverse=True)
        cells = np.bincount(inverse, minlength=len(values))
        pos = np.searchsorted(values, point_values)
        pts = np.bincount(pos, minlength=len(values))
    return ClassCounts(
        values=values.astype(np.int64),
        cells=cells.astype(np.int64),
        points=pts.astype(np.int64),
        total_points=int(n_points),
        points_outside=int(n_points - on_valid.sum()),
    )


def _weights(b: np.ndarray, db: np.ndarray, s: float, ds: float) -> dict[str, np.ndarray]:
    """W+, W−, their standard deviations and the contrast of patterns B of area ``b`` holding
    ``db`` points, in a study area of ``s`` unit cells holding ``ds`` points.

    The corrections for degenerate counts are ArcSDM's (as ported in GA's
    CalculateWeights.R): N(B∩D) = N(D) becomes N(D) − 0.99; an area too small for the points
    outside it is set to s + N(B∩D) − N(D) − 0.99; an area not larger than its points is
    set to N(B∩D) + 1. Patterns without points get 0 everywhere.
    """
    b = np.asarray(b, dtype=np.float64).copy()
    db = np.asarray(db, dtype=np.float64).copy()
    no_points = db == 0
    db = np.where(db == ds, ds - 0.99, db)
    b = np.where((s - b) <= (ds - db), s + db - ds - 0.99, b)
    b = np.where((b - db) <= 0.0, db + 1.0, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        w_plus = np.log((db / ds) / ((b - db) / (s - ds)))
        var_plus = 1.0 / db + 1.0 / (b - db)
        w_minus = np.log(((ds - db) / ds) / ((s - b - ds + db) / (s - ds)))
        var_minus = 1.0 / (ds - db) + 1.0 / (s - b - ds + db)
        contrast = w_plus - w_minus
        s_contrast = np.sqrt(var_plus + var_minus)
        studentized = contrast / s_contrast
    out = {
        "w_plus": w_plus,
        "s_w_plus": np.sqrt(var_plus),
        "w_minus": w_minus,
        "s_w_minus": np.sqrt(var_minus),
        "contrast": contrast,
        "s_contrast": s_contrast,
        "studentized_contrast": studentized,
    }
    for key, arr in out.items():
        out[key] = np.where(no_points, 0.0, arr)
    return out


def weights_table(
    counts: ClassCounts,
    cell_area_km2: float,
    weight_type: str = "unique",
    unit_area_km2: float = 1.0,
    studentized_contrast_threshold: float = 2.0,
    missing_data_value: int | None = None,
) -> pd.DataFrame:
    """Weights-of-evidence table of one evidence layer (ArcSDM *Calculate Weights*).

    Parameters
    ----------
    counts : ClassCounts
        Cells and points per class (:func:`count_classes`).
    cell_area_km2 : float
        Area of one grid cell [km²].
    weight_type : {"unique", "categorical", "ascending", "descending"}
        ``unique`` and ``categorical``: each class against all others; ``categorical``
        also applies the studentized-contrast threshold as the reference does (every class
        keeps its own weight when the best class passes it, else all get generalised class
        999 and weight 0); ``unique`` always keeps each class's own weight.
        ``ascending``: cumulative patterns class ≤ c; ``descending``: class ≥ c; the
        binary generalisation is at the maximum contrast (ArcSDM, GA).
    unit_area_km2 : float
        Unit cell [km²]; areas are counted in these units (default 1 km²).
    studentized_contrast_threshold : float
        Confidence the best studentized contrast must reach for a generalisation [-].
    missing_data_value : int, optional
        A class value that means "missing data" inside the study area: it gets zero weights
        and generalised class equal to itself, and its area and points are left out.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABLE_COLUMNS` (areas [km²] and [unit cells], weights [-]); one row
        per class, in the reference's order (descending tables run from the highest class).
        ``attrs`` holds ``total_area_units``, ``total_points``, ``points_outside``,
        ``unit_area_km2``, ``prior_probability`` and ``weight_type``.

    References
    ----------
    Bonham-Carter, G.F. (1994). *Geographic Information Systems for Geoscientists*,
    Pergamon, ch. 9. Kemp, L.D., Bonham-Carter, G.F., Raines, G.L. & Looney, C.G. (2001).
    Arc-SDM: ArcView extension for spatial data modelling using weights of evidence,
    logistic regression, fuzzy logic and neural network analysis. Ford, A. (2023).
    MPM-WofE, Geoscience Australia (CalculateWeights.R).
    """
    if weight_type not in WEIGHT_TYPES:
        raise WofEError(
            f"weight type must be one of {', '.join(WEIGHT_TYPES)}, got {weight_type!r}"
        )
    if not np.isfinite(unit_area_km2) or unit_area_km2 <= 0:
        raise WofEError(f"unit area must be a positive number of km², got {unit_area_km2}")
    if not np.isfinite(cell_area_km2) or cell_area_km2 <= 0:
        raise WofEError(f"cell area must be a positive number of km², got {cell_area_km2}")
    values = counts.values.copy()
    cells = counts.cells.astype(np.float64)
    points = counts.points.astype(np.float64)
    if weight_type == "descending":
        order = np.arange(len(values))[::-1]
        values, cells, points = values[order], cells[order], points[order]
    missing = (
        values == missing_data_value
        if missing_data_value is not None
        else np.zeros(len(values), dtype=bool)
    )
    class_area = np.where(missing, 0.0, cells * cell_area_km2)
    class_points = np.where(missing, 0.0, points)
    ds = float(counts.total_points)
    if ds <= 0:
        raise WofEError("no deposit points: weights are undefined")
    cumulative = weight_type in ("ascending", "descending")
    if cumulative:
        area_sq_km = np.cumsum(class_area)
        pattern_points = np.cumsum(class_points)
        s = float(area_sq_km.max()) / unit_area_km2
    else:
        area_sq_km = class_area
        pattern_points = class_points
        s = float(class_area.sum()) / unit_area_km2
    area_units = area_sq_km / unit_area_km2
    if s <= ds:
        raise WofEError(
            f"the study area holds {s:g} unit cells of {unit_area_km2:g} km² for {ds:g} "
            "deposits: choose a smaller unit area so that there are more unit cells than "
            "deposits"
        )
    if cell_area_km2 / unit_area_km2 > 1.0 and np.any(
        counts.points > counts.cells * cell_area_km2 / unit_area_km2
    ):
        raise WofEError(
            "some class holds more deposits than unit cells: the unit area "
            f"({unit_area_km2:g} km²) is too large for these counts"
        )
    w = _weights(area_units, pattern_points, s, ds)
    for key in w:
        w[key] = np.where(missing, 0.0, w[key])

    gen_class = np.zeros(len(values), dtype=np.int64)
    weight = np.zeros(len(values))
    w_std = np.zeros(len(values))
    best_studc = float(np.max(w["studentized_contrast"])) if len(values) else 0.0
    if cumulative:
        if best_studc < studentized_contrast_threshold:
            gen_class[:] = NO_SIGNIFICANT_CLASS
        else:
            cut = int(np.argmax(w["contrast"]))
            inside = np.arange(len(values)) <= cut
            gen_class = np.where(inside, 2, 1)
            weight = np.where(inside, w["w_plus"][cut], w["w_minus"][cut])
            w_std = np.where(inside, w["s_w_plus"][cut], w["s_w_minus"][cut])
    else:
        if weight_type == "categorical" and best_studc < studentized_contrast_threshold:
            gen_class[:] = NO_SIGNIFICANT_CLASS
        else:
            gen_class = values.copy()
            weight = w["w_plus"].copy()
            w_std = w["s_w_plus"].copy()
    if missing.any():
        gen_class = np.where(missing, missing_data_value, gen_class)
        weight = np.where(missing, 0.0, weight)
        w_std = np.where(missing, 0.0, w_std)

    table = pd.DataFrame(
        {
            "class": values,
            "class_area_km2": class_area,
            "area_sq_km": area_sq_km,
            "area_units": area_units,
            "points": pattern_points.astype(np.int64),
            **w,
            "gen_class": gen_class,
            "weight": weight,
            "w_std": w_std,
        },
        columns=TABLE_COLUMNS,
    )
    table.attrs.update(
        {
            "weight_type": weight_type,
            "unit_area_km2": float(unit_area_km2),
            "total_area_units": s,
            "total_points": int(ds),
            "points_outside": int(counts.points_outside),
            "prior_probability": ds / s,
            "studentized_contrast_threshold": float(studentized_contrast_threshold),
        }
    )
    return table


def generalize_cumulative(
    table: pd.DataFrame,
    method: str = "max_contrast",
    cutoff_class: int | None = None,
    studentized_contrast_threshold: float = 2.0,
) -> pd.DataFrame:
    """Re-generalise a cumulative (ascending/descending) weights table into a binary pattern.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`weights_table` with an ascending or descending weight type.
    method : {"max_contrast", "max_studentized_contrast", "class"}
        Where to cut: at the row of maximum contrast (ArcSDM default), of maximum
        studentized contrast, or at ``cutoff_class`` (the last class inside the pattern).
    cutoff_class : int, optional
        The class to cut at with ``method="class"``.
    studentized_contrast_threshold : float
        The cut-off row must reach this studentized contrast, else every row gets
        generalised class 999 and weight 0 (as in ArcSDM).

    Returns
    -------
    pandas.DataFrame
        A copy with ``gen_class`` (2 inside the pattern, 1 outside), ``weight`` and ``w_std``.
    """
    out = table.copy()
    if method == "max_contrast":
        cut = int(np.argmax(out["contrast"].to_numpy()))
    elif method == "max_studentized_contrast":
        cut = int(np.argmax(out["studentized_contrast"].to_numpy()))
    elif method == "class":
        hits = np.flatnonzero(out["class"].to_numpy() == cutoff_class)
        if len(hits) == 0:
            raise WofEError(f"class {cutoff_class} is not in the weights table")
        cut = int(hits[0])
    else:
        raise WofEError(f"unknown generalisation method {method!r}")
    row = out.iloc[cut]
    if row["studentized_contrast"] < studentized_contrast_threshold:
        out["gen_class"] = NO_SIGNIFICANT_CLASS
        out["weight"] = 0.0
        out["w_std"] = 0.0
        return out
    inside = np.arange(len(out)) <= cut
    out["gen_class"] = np.where(inside, 2, 1)
    out["weight"] = np.where(inside, row["w_plus"], row["w_minus"])
    out["w_std"] = np.where(inside, row["s_w_plus"], row["s_w_minus"])
    return out


def generalize_categorical(
    table: pd.DataFrame, studentized_contrast_threshold: float = 2.0
) -> pd.DataFrame:
    """Reduce a categorical table: classes whose studentized contrast passes the threshold keep
    their own weight; all the others are lumped into class 99 whose weight is recomputed as
    one pattern (the "reduced pattern" of Bonham-Carter 1994, §9.4).

    ``table`` is a :func:`weights_table` output (its ``attrs`` give N(T) and N(D)).

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``gen_class``, ``weight`` and ``w_std`` of the reduced
        pattern.
    """
    out = table.copy()
    keep = out["studentized_contrast"].to_numpy() >= studentized_contrast_threshold
    out.loc[keep, "gen_class"] = out.loc[keep, "class"]
    out.loc[keep, "weight"] = out.loc[keep, "w_plus"]
    out.loc[keep, "w_std"] = out.loc[keep, "s_w_plus"]
    rest = ~keep
    if rest.any():
        s = float(table.attrs["total_area_units"])
        ds = float(table.attrs["total_points"])
        b = np.array([out.loc[rest, "area_units"].sum()])
        db = np.array([out.loc[rest, "points"].sum()])
        w = _weights(b, db, s, ds)
        out.loc[rest, "gen_class"] = OTHER_CLASS
        out.loc[rest, "weight"] = float(w["w_plus"][0])
        out.loc[rest, "w_std"] = float(w["s_w_plus"][0])
    return out


def class_index(classes: np.ndarray, valid: np.ndarray, table: pd.DataFrame) -> np.ndarray:
    """Row of ``table`` of each cell's class (int32), −1 off ``valid`` or for classes missing
    from the table. A lookup table over the class range is used when the range is small (one
    gather per cell), else a binary search."""
    values = table["class"].to_numpy(dtype=np.int64)
    data = np.asarray(classes)
    valid = np.asarray(valid, dtype=bool)
    if len(values) == 0:
        return np.full(data.shape, -1, dtype=np.int32)
    lo, hi = int(values.min()), int(values.max())
    if np.issubdtype(data.dtype, np.integer) and hi - lo < 10_000_000:
        lut = np.full(hi - lo + 1, -1, dtype=np.int32)
        lut[values - lo] = np.arange(len(values), dtype=np.int32)
        shifted = data.astype(np.int64) - lo
        in_range = (shifted >= 0) & (shifted <= hi - lo) & valid
        idx = np.where(in_range, lut[np.clip(shifted, 0, hi - lo)], -1)
        return idx.astype(np.int32, copy=False)
    order = np.argsort(values)
    sorted_values = values[order]
    flat = data.astype(np.int64, copy=False)
    pos = np.clip(np.searchsorted(sorted_values, flat), 0, len(values) - 1)
    found = (sorted_values[pos] == flat) & valid
    return np.where(found, order[pos], -1).astype(np.int32)


def class_to_weight(
    classes: np.ndarray, valid: np.ndarray, table: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Map each cell's class to its generalised weight and weight standard deviation.

    Cells off ``valid`` or of a class missing from the table get NaN (the reference leaves
    them without a posterior).

    Returns
    -------
    weight, w_std : numpy.ndarray
        Float64 grids of W [-] and s(W) [-].
    """
    idx = class_index(classes, valid, table)
    weight_lut = np.append(table["weight"].to_numpy(dtype=np.float64), np.nan)
    std_lut = np.append(table["w_std"].to_numpy(dtype=np.float64), np.nan)
    # index −1 picks the appended NaN
    return weight_lut[idx], std_lut[idx]


@dataclass(frozen=True)
class UniqueConditions:
    """Unique conditions of several class grids (cells sharing a class in every layer).

    Attributes
    ----------
    ids : numpy.ndarray
        Condition of each cell (int64), −1 where a layer has no class.
    layer_rows : numpy.ndarray
        (n_conditions, n_layers) row of each layer's table in each condition.
    cells : numpy.ndarray
        Number of cells of each condition.
    """

    ids: np.ndarray
    layer_rows: np.ndarray
    cells: np.ndarray


def unique_conditions(indices: Sequence[np.ndarray], sizes: Sequence[int]) -> UniqueConditions:
    """Unique conditions from per-layer table rows (:func:`class_index`) of tables with
    ``sizes`` rows each (Bonham-Carter 1994, §9.4 "unique conditions")."""
    shape = np.shape(indices[0])
    code = np.zeros(shape, dtype=np.int64)
    missing = np.zeros(shape, dtype=bool)
    stride = 1
    strides = []
    for idx, n in zip(indices, sizes, strict=True):
        missing |= idx < 0
        code += np.maximum(idx, 0).astype(np.int64) * stride
        strides.append(stride)
        stride *= int(n)
        if stride > 2**62:
            raise WofEError("too many class combinations for unique conditions")
    flat = code.ravel()
    ok = ~missing.ravel()
    if stride <= 20_000_000:
        counts = np.bincount(flat[ok], minlength=stride)
        present = np.flatnonzero(counts)
        lut = np.full(stride, -1, dtype=np.int64)
        lut[present] = np.arange(len(present))
        ids = np.where(ok, lut[flat], -1)
        cells = counts[present]
        codes = present.astype(np.int64)
    else:
        codes, inverse, cells = np.unique(flat[ok], return_inverse=True, return_counts=True)
        ids = np.full(flat.shape, -1, dtype=np.int64)
        ids[ok] = inverse
    rows = np.empty((len(codes), len(indices)), dtype=np.int64)
    rest = codes.copy()
    for j in range(len(indices) - 1, -1, -1):
        rows[:, j], rest = np.divmod(rest, strides[j])
    return UniqueConditions(ids=ids.reshape(shape), layer_rows=rows, cells=cells)


@dataclass(frozen=True)
class Response:
    """Posterior probability, its standard deviation and confidence (per unit cell).

    Attributes
    ----------
    posterior : numpy.ndarray
        Posterior probability of a deposit in a unit cell [-].
    std : numpy.ndarray
        Its standard deviation [-].
    confidence : numpy.ndarray
        posterior / std [-].
    prior : float
        Prior probability N(D)/N(T) [-].
    """

    posterior: np.ndarray
    std: np.ndarray
    confidence: np.ndarray
    prior: float


def posterior_response(
    weights: Sequence[np.ndarray],
    weight_stds: Sequence[np.ndarray],
    total_points: int,
    total_area_units: float,
) -> Response:
    """Posterior probability from several generalised evidence layers (ArcSDM *Calculate
    Response*).

    Parameters
    ----------
    weights, weight_stds : sequence of numpy.ndarray
        Per-cell generalised weight and its standard deviation of each layer
        (:func:`class_to_weight`); NaN where a layer has no data.
    total_points : int
        N(D), deposits [points].
    total_area_units : float
        N(T), study area [unit cells].

    Returns
    -------
    Response

    Notes
    -----
    logit P = ln(N(D)/(N(T) − N(D))) + Σ W_j; s(P) = √(P² (1/N(D) + Σ s²(W_j)));
    confidence = P/s(P) (Bonham-Carter 1994, eqs. 9-31, 9-33; GA CalculateResponse.R).
    """
    if len(weights) == 0 or len(weights) != len(weight_stds):
        raise WofEError("give one weight grid and one weight-std grid per evidence layer")
    if total_points <= 0 or total_area_units <= total_points:
        raise WofEError("need 0 < N(D) < N(T) for a prior probability")
    prior = total_points / total_area_units
    logit = np.full(np.shape(weights[0]), np.log(prior / (1.0 - prior)))
    variance = np.full(np.shape(weights[0]), 1.0 / total_points)
    for w, sd in zip(weights, weight_stds, strict=True):
        logit += w
        variance += np.square(sd)
    odds = np.exp(logit)
    posterior = odds / (1.0 + odds)
    std = np.sqrt(np.square(posterior) * variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        confidence = posterior / std
    return Response(posterior=posterior, std=std, confidence=confidence, prior=prior)


@dataclass(frozen=True)
class ConditionalIndependence:
    """Overall (omnibus) conditional-independence test of Agterberg & Cheng (2002).

    Attributes
    ----------
    predicted : float
        T, the sum of posterior probabilities over the study area [deposits].
    observed : int
        n, the number of training deposits.
    std : float
        s(T) [deposits].
    ratio : float
        T/n; Bonham-Carter (1994) suggests concern above 1.15 [-].
    z : float
        (T − n)/s(T) [-].
    p_value : float
        One-sided probability of a T at least this far above n under independence [-].
    independent : bool
        False when T − n exceeds the one-sided critical value at ``alpha``.
    """

    predicted: float
    observed: int
    std: float
    ratio: float
    z: float
    p_value: float
    independent: bool


def agterberg_cheng_conditions(
    posterior: np.ndarray,
    std: np.ndarray,
    area_units: np.ndarray,
    observed: int,
    alpha: float = 0.05,
) -> ConditionalIndependence:
    """Agterberg–Cheng conditional-independence test from unique conditions.

    T = Σ_k P_k A_k and s²(T) = Σ_k (A_k s(P_k))² over the unique conditions k with areas
    A_k [unit cells]: cells of one condition share P and s(P) and their errors are fully
    correlated. Independence is rejected if T − n > z_(1−α) s(T).

    References
    ----------
    Agterberg, F.P. & Cheng, Q. (2002). Conditional independence test for
    weights-of-evidence modeling. *Natural Resources Research* 11(4), 249-255,
    doi:10.1023/A:1021193827501.
    """
    posterior = np.asarray(posterior, dtype=np.float64)
    std = np.asarray(std, dtype=np.float64)
    area_units = np.asarray(area_units, dtype=np.float64)
    t = float(np.sum(posterior * area_units))
    s_t = float(np.sqrt(np.sum(np.square(std * area_units))))
    z = (t - observed) / s_t
    p = float(stats.norm.sf(z))
    return ConditionalIndependence(
        predicted=t,
        observed=int(observed),
        std=s_t,
        ratio=t / observed,
        z=float(z),
        p_value=p,
        independent=bool(p >= alpha),
    )


def agterberg_cheng_test(
    response: Response,
    cell_area_km2: float,
    unit_area_km2: float,
    observed: int,
    alpha: float = 0.05,
) -> ConditionalIndependence:
    """Agterberg–Cheng test of a posterior grid (:func:`agterberg_cheng_conditions`), the
    unique conditions recognised as the distinct values of P (the largest s(P) among equal P
    is used, which can only make the test more lenient)."""
    a = cell_area_km2 / unit_area_km2
    ok = np.isfinite(response.posterior) & np.isfinite(response.std)
    post = response.posterior[ok]
    uniq, inverse = np.unique(post, return_inverse=True)
    group_std = np.zeros(len(uniq))
    np.maximum.at(group_std, inverse, response.std[ok])
    area_units = np.bincount(inverse, minlength=len(uniq)) * a
    return agterberg_cheng_conditions(uniq, group_std, area_units, observed, alpha)


@dataclass(frozen=True)
class PairwiseIndependence:
    """Pairwise chi-square test of two layers' conditional independence given the deposits."""

    chi2: float
    dof: int
    p_value: float
    observed: np.ndarray
    expected: np.ndarray


def pairwise_independence_test(
    pattern_a_at_points: np.ndarray, pattern_b_at_points: np.ndarray
) -> PairwiseIndependence:
    """Chi-square test that two (generalised) evidence patterns are independent at the deposits.

    The contingency table counts deposits in each combination of the two patterns' classes;
    expected counts are row total × column total / N(D) (Bonham-Carter 1994, §9.6).
    Cells with expected count below 5 make the test approximate (as in the reference).

    Parameters
    ----------
    pattern_a_at_points, pattern_b_at_points : numpy.ndarray
        Generalised class of each deposit in the two layers.
    """
    a = np.asarray(pattern_a_at_points)
    b = np.asarray(pattern_b_at_points)
    ua, ia = np.unique(a, return_inverse=True)
    ub, ib = np.unique(b, return_inverse=True)
    observed = np.zeros((len(ua), len(ub)))
    np.add.at(observed, (ia, ib), 1)
    n = observed.sum()
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(expected > 0, (observed - expected) ** 2 / expected, 0.0)
    chi2 = float(terms.sum())
    dof = max((len(ua) - 1) * (len(ub) - 1), 1)
    return PairwiseIndependence(
        chi2=chi2,
        dof=dof,
        p_value=float(stats.chi2.sf(chi2, dof)),
        observed=observed,
        expected=expected,
    )
