"""Prospectivity workflows on files: evidence rasters + deposit points in, weights tables,
posterior rasters, AUC and maps out.

This joins the readers of :mod:`assay.importers.geodata` with the pure models of
:mod:`assay.models.prospectivity`. Every result carries what was read, how the grids were
checked or aligned, and how many deposits fell outside the study area or on nodata.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from assay.importers import geodata as gd
from assay.models.prospectivity import evaluation as ev
from assay.models.prospectivity import weights_of_evidence as wofe

METHOD_SOURCE = (
    "Weights of evidence after Bonham-Carter (1994) with the ArcSDM conventions as ported by "
    "Geoscience Australia, MPM-WofE (Ford 2023, Apache-2.0)"
)


class ProspectivityError(ValueError):
    """Bad input for a prospectivity workflow (message names the file and the problem)."""


@dataclass
class EvidenceStack:
    """Evidence layers on one grid with their common study area.

    Attributes
    ----------
    layers : list of Raster
        The layers, all on ``layers[0].grid``.
    study_area : numpy.ndarray
        True where every layer (and the optional mask) has data.
    notes : list of str
        Grid checks and alignments done.
    """

    layers: list[gd.Raster]
    study_area: np.ndarray
    notes: list[str] = field(default_factory=list)

    @property
    def grid(self) -> gd.Grid:
        return self.layers[0].grid


def load_evidence(
    paths: list[Path], align: bool = False, mask: Path | None = None
) -> EvidenceStack:
    """Read evidence rasters and check (or, with ``align``, make) that they share a grid.

    The first layer is the template grid. Without ``align`` any difference in CRS, shape,
    cell size or origin is an error naming the file.
    """
    if not paths:
        raise ProspectivityError("give at least one evidence raster")
    layers: list[gd.Raster] = []
    notes: list[str] = []
    try:
        template = gd.read_raster(paths[0])
        layers.append(template)
        notes.append(f"template grid from {paths[0]}: {template.grid.describe()}")
        for p in paths[1:]:
            layer = gd.read_raster(p)
            try:
                gd.check_same_grid(template, layer)
                notes.append(f"{p}: on the template grid")
            except gd.GeodataError:
                if not align:
                    raise
                layer = gd.align_to(layer, template.grid, resampling="nearest")
                notes.extend(layer.notes)
            layers.append(layer)
        study = np.ones((template.grid.height, template.grid.width), dtype=bool)
        for layer in layers:
            study &= layer.valid
        if mask is not None:
            m = gd.read_raster(mask)
            try:
                gd.check_same_grid(template, m)
            except gd.GeodataError:
                if not align:
                    raise
                m = gd.align_to(m, template.grid)
                notes.extend(m.notes)
            study &= m.valid & (m.data != 0)
            notes.append(f"study area limited to the non-zero cells of {mask}")
    except gd.GeodataError as exc:
        raise ProspectivityError(str(exc)) from None
    if not study.any():
        raise ProspectivityError("the study area is empty: no cell has data in every layer")
    return EvidenceStack(layers=layers, study_area=study, notes=notes)


@dataclass
class Deposits:
    """Deposit points located on a grid."""

    path: Path
    xy: np.ndarray
    locations: gd.PointLocations

    @property
    def total(self) -> int:
        return len(self.xy)

    def summary(self, study_area: np.ndarray) -> dict:
        loc = self.locations
        idx = np.flatnonzero(loc.inside)
        on_study = np.zeros(len(self.xy), dtype=bool)
        on_study[idx] = study_area[loc.rows[idx], loc.cols[idx]]
        return {
            "deposits_file": str(self.path),
            "total_points": self.total,
            "points_outside_grid": int((~loc.inside).sum()),
            "points_on_nodata": int((loc.inside & ~on_study).sum()),
            "points_in_study_area": int(on_study.sum()),
            "distinct_cells": int(
                len(np.unique(loc.rows[on_study] * (1 << 32) + loc.cols[on_study]))
            ),
        }


def _deposit_coordinates(path: Path, raster: gd.Raster, reproject: bool) -> np.ndarray:
    """Deposit x, y in the grid's CRS [grid units]; a CRS mismatch is an error unless
    ``reproject``."""
    try:
        if path.suffix.lower() == ".csv":
            xy = gd.read_deposits(path, raster.grid.crs)
        else:
            frame = gd.read_vector(path)
            if not gd.same_crs(frame.crs, raster.grid.crs) and not reproject:
                raise gd.GeodataError(
                    f"{path}: CRS {frame.crs.to_string()} differs from the evidence grid's "
                    f"({raster.grid.crs}); reproject it or ask for alignment"
                )
            xy = gd.point_coordinates(frame, raster.grid.crs)
    except gd.GeodataError as exc:
        raise ProspectivityError(str(exc)) from None
    return xy


def load_deposits(path: Path, stack_or_raster, reproject: bool = False) -> Deposits:
    """Read deposit points and locate them on the evidence grid.

    A CRS different from the grid's is an error unless ``reproject``. If no point falls in
    the study area that is an error too (most often a CRS mix-up).
    """
    raster = (
        stack_or_raster.layers[0]
        if isinstance(stack_or_raster, EvidenceStack)
        else (stack_or_raster)
    )
    study = (
        stack_or_raster.study_area if isinstance(stack_or_raster, EvidenceStack) else raster.valid
    )
    path = Path(path)
    xy = _deposit_coordinates(path, raster, reproject)
    if len(xy) == 0:
        raise ProspectivityError(f"{path}: holds no deposit points")
    loc = gd.locate_points(xy, raster)
    dep = Deposits(path=path, xy=xy, locations=loc)
    if dep.summary(study)["points_in_study_area"] == 0:
        raise ProspectivityError(
            f"{path}: none of the {len(xy)} deposits falls in the study area "
            f"({raster.grid.describe()}); check the CRS and extent"
        )
    return dep


def layer_counts(layer: gd.Raster, study_area: np.ndarray, deposits: Deposits) -> wofe.ClassCounts:
    """Cells and points per class of one evidence layer within the study area."""
    if not np.issubdtype(layer.data.dtype, np.integer):
        raise ProspectivityError(
            f"{layer.path}: weights of evidence need an integer class raster, got "
            f"{layer.data.dtype}; reclassify it first (assay prospect reclassify)"
        )
    loc = deposits.locations
    return wofe.count_classes(layer.data, study_area, loc.rows, loc.cols, loc.inside)


def calculate_weights(
    evidence: Path,
    deposits: Path,
    weight_type: str,
    unit_area_km2: float = 1.0,
    studentized_contrast_threshold: float = 2.0,
    missing_data_value: int | None = None,
    reproject_deposits: bool = False,
) -> tuple[pd.DataFrame, dict]:
    """Weights table of one evidence raster (ArcSDM / GA *Calculate Weights*).

    Returns
    -------
    table : pandas.DataFrame
        :data:`assay.models.prospectivity.weights_of_evidence.TABLE_COLUMNS`.
    info : dict
        ``unit_area_km2``, ``total_area_units``, ``total_points``, ``prior_probability``,
        deposit counts (outside grid, on nodata), the grid and the method source.
    """
    stack = load_evidence([Path(evidence)])
    dep = load_deposits(Path(deposits), stack, reproject=reproject_deposits)
    counts = layer_counts(stack.layers[0], stack.study_area, dep)
    try:
        table = wofe.weights_table(
            counts,
            stack.grid.cell_area_km2,
            weight_type,
            unit_area_km2=unit_area_km2,
            studentized_contrast_threshold=studentized_contrast_threshold,
            missing_data_value=missing_data_value,
        )
    except wofe.WofEError as exc:
        raise ProspectivityError(f"{evidence}: {exc}") from None
    info = {
        "evidence": str(evidence),
        "weight_type": weight_type,
        "unit_area_km2": unit_area_km2,
        "cell_area_km2": stack.grid.cell_area_km2,
        "total_area_units": table.attrs["total_area_units"],
        "total_points": table.attrs["total_points"],
        "prior_probability": table.attrs["prior_probability"],
        "studentized_contrast_threshold": studentized_contrast_threshold,
        "grid": stack.grid.describe(),
        "method": METHOD_SOURCE,
        **dep.summary(stack.study_area),
    }
    return table, info


def generalize_table(
    table: pd.DataFrame, how: str, studentized_contrast_threshold: float = 2.0
) -> pd.DataFrame:
    """Re-generalise a weights table: ``max_contrast``, ``max_studentized_contrast`` or
    ``class:N`` for cumulative tables, ``reduced`` for categorical / unique tables."""
    kind = table.attrs.get("weight_type")
    cumulative = kind in ("ascending", "descending")
    try:
        if how == "reduced":
            if cumulative:
                raise ProspectivityError("reduced generalisation is for categorical tables")
            return wofe.generalize_categorical(table, studentized_contrast_threshold)
        if not cumulative:
            raise ProspectivityError(
                f"{how!r} generalisation is for ascending/descending tables; use reduced"
            )
        if how.startswith("class:"):
            try:
                cutoff = int(how.split(":", 1)[1])
            except ValueError:
                raise ProspectivityError(f"--generalize {how!r}: expected class:N") from None
            return wofe.generalize_cumulative(
                table, "class", cutoff, studentized_contrast_threshold
            )
        if how in ("max_contrast", "max_studentized_contrast"):
            return wofe.generalize_cumulative(
                table, how, studentized_contrast_threshold=studentized_contrast_threshold
            )
    except wofe.WofEError as exc:
        raise ProspectivityError(str(exc)) from None
    raise ProspectivityError(
        f"--generalize {how!r}: use max_contrast, max_studentized_contrast, class:N or reduced"
    )


def read_weights_csv(path: Path) -> pd.DataFrame:
    """Read a weights table written by assay or by ArcSDM / GA (upper-case columns)."""
    try:
        table = pd.read_csv(path)
    except (OSError, pd.errors.ParserError) as exc:
        raise ProspectivityError(f"{path}: not a readable CSV ({exc})") from None
    rename = {v: k for k, v in wofe.ARCSDM_COLUMNS.items()}
    table = table.rename(columns=rename)
    needed = ["class", "area_units", "weight", "w_std"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ProspectivityError(f"{path}: weights table lacks column(s) {', '.join(missing)}")
    for col in needed:
        bad = np.flatnonzero(pd.to_numeric(table[col], errors="coerce").isna().to_numpy())
        if len(bad):
            raise ProspectivityError(
                f"{path}: row {bad[0] + 2}, column {col}: not a number "
                f"({table[col].iloc[bad[0]]!r})"
            )
    return table


def write_weights_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write a weights table with the ArcSDM / GA column names."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.rename(columns=wofe.ARCSDM_COLUMNS).to_csv(path, index=False)
    return path


def calculate_response(
    evidence: list[Path],
    deposits: Path,
    out_dir: Path,
    weight_types: list[str] | None = None,
    weights_tables: list[Path] | None = None,
    unit_area_km2: float = 1.0,
    studentized_contrast_threshold: float = 2.0,
    align: bool = False,
    maps: bool = True,
) -> tuple[dict, wofe.Response]:
    """Posterior probability, standard deviation and confidence from generalised layers.

    Each layer's weights come from ``weights_tables`` (ArcSDM/GA CSV) when given, else are
    computed here with the layer's ``weight_types`` entry (default categorical, which is
    right for binary or already generalised maps). Writes ``posterior.tif``,
    ``posterior_std.tif``, ``posterior_confidence.tif``, one weights CSV per layer and,
    with ``maps``, a PNG map of the posterior with the deposits.

    Returns
    -------
    summary : dict
        ``prior``, ``outputs`` (paths), ``layers`` (per layer: weights file, type),
        ``conditional_independence`` (Agterberg-Cheng), ``pairwise_independence`` and the
        deposit counts.
    response : Response
        The posterior, std and confidence grids.
    """
    evidence = [Path(p) for p in evidence]
    stack = load_evidence(evidence, align=align)
    dep = load_deposits(Path(deposits), stack, reproject=align)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if weight_types is None or len(weight_types) == 0:
        weight_types = ["categorical"] * len(evidence)
    if len(weight_types) == 1:
        weight_types = weight_types * len(evidence)
    if len(weight_types) != len(evidence):
        raise ProspectivityError("give one weight type per evidence layer (or one for all)")
    if weights_tables and len(weights_tables) != len(evidence):
        raise ProspectivityError("give one weights table per evidence layer")
    layer_info, gen_at_points, indices, tables = [], [], [], []
    loc = dep.locations
    on = np.zeros(dep.total, dtype=bool)
    idx = np.flatnonzero(loc.inside)
    on[idx] = stack.study_area[loc.rows[idx], loc.cols[idx]]
    for i, (path, layer) in enumerate(zip(evidence, stack.layers, strict=True)):
        if weights_tables:
            table = read_weights_csv(Path(weights_tables[i]))
            source = str(weights_tables[i])
        else:
            counts = layer_counts(layer, stack.study_area, dep)
            try:
                table = wofe.weights_table(
                    counts,
                    stack.grid.cell_area_km2,
                    weight_types[i],
                    unit_area_km2=unit_area_km2,
                    studentized_contrast_threshold=studentized_contrast_threshold,
                )
            except wofe.WofEError as exc:
                raise ProspectivityError(f"{path}: {exc}") from None
            source = str(write_weights_csv(table, out_dir / f"{path.stem}_weights.csv"))
        if np.any(table["gen_class"].to_numpy() == wofe.NO_SIGNIFICANT_CLASS):
            layer_info.append({"evidence": str(path), "warning": "no class passed the threshold"})
        idx = wofe.class_index(layer.data, stack.study_area, table)
        unmatched = stack.study_area & (idx < 0)
        if unmatched.any():
            missing_classes = np.unique(layer.data[unmatched])[:5].tolist()
            raise ProspectivityError(
                f"{path}: class(es) {missing_classes} are not in the weights table {source}; "
                "every class of the study area needs a weight"
            )
        indices.append(idx)
        tables.append(table)
        gen_lut = np.append(table["gen_class"].to_numpy(), -1)
        gen_at_points.append(gen_lut[idx[loc.rows[on], loc.cols[on]]])
        layer_info.append(
            {"evidence": str(path), "weight_type": weight_types[i], "weights": source}
        )
    # N(T): the common study area in unit cells (equal to the sum of AREA_UNITS of a
    # categorical table computed on it, which is what GA's CalculateResponse.R uses)
    cell_units = stack.grid.cell_area_km2 / unit_area_km2
    total_area_units = float(stack.study_area.sum() * cell_units)
    # the posterior is constant on each unique condition: compute it once per condition and
    # broadcast (exactly the cell-by-cell formula, a few gathers instead of grid arithmetic)
    conditions = wofe.unique_conditions(indices, [len(t) for t in tables])
    rows = conditions.layer_rows
    w_cond = [t["weight"].to_numpy(np.float64)[rows[:, j]] for j, t in enumerate(tables)]
    s_cond = [t["w_std"].to_numpy(np.float64)[rows[:, j]] for j, t in enumerate(tables)]
    try:
        per_condition = wofe.posterior_response(w_cond, s_cond, dep.total, total_area_units)
    except wofe.WofEError as exc:
        raise ProspectivityError(str(exc)) from None

    def broadcast(values: np.ndarray) -> np.ndarray:
        lut = np.append(values, np.nan).astype(np.float32)
        return lut[conditions.ids]

    resp = wofe.Response(
        posterior=broadcast(per_condition.posterior),
        std=broadcast(per_condition.std),
        confidence=broadcast(per_condition.confidence),
        prior=per_condition.prior,
    )
    grid = stack.grid
    tags = {
        "method": METHOD_SOURCE,
        "units": "probability of a deposit per unit cell [-]",
        "unit_area_km2": str(unit_area_km2),
    }
    outputs = {
        "posterior": gd.write_raster(
            out_dir / "posterior.tif",
            resp.posterior,
            grid,
            nodata=np.nan,
            tags=tags,
        ),
        "std": gd.write_raster(
            out_dir / "posterior_std.tif",
            resp.std,
            grid,
            nodata=np.nan,
            tags={**tags, "units": "standard deviation [-]"},
        ),
        "confidence": gd.write_raster(
            out_dir / "posterior_confidence.tif",
            resp.confidence,
            grid,
            nodata=np.nan,
            tags={**tags, "units": "posterior / std [-]"},
        ),
    }
    outputs["deposits"] = _write_deposit_values(
        dep, resp.posterior, out_dir / "deposits.geojson", grid
    )
    if maps:
        png = out_dir / "posterior.png"
        ev.plot_surface(
            resp.posterior,
            np.isfinite(resp.posterior),
            grid.bounds,
            dep.xy,
            "WofE posterior probability (per unit cell)",
            png,
        )
        outputs["map"] = png
    ci = wofe.agterberg_cheng_conditions(
        per_condition.posterior, per_condition.std, conditions.cells * cell_units, dep.total
    )
    pairwise = []
    for a in range(len(evidence)):
        for b in range(a + 1, len(evidence)):
            pw = wofe.pairwise_independence_test(gen_at_points[a], gen_at_points[b])
            pairwise.append(
                {
                    "a": str(evidence[a]),
                    "b": str(evidence[b]),
                    "chi2": pw.chi2,
                    "dof": pw.dof,
                    "p_value": pw.p_value,
                }
            )
    summary = {
        "prior": resp.prior,
        "total_area_units": total_area_units,
        "unit_area_km2": unit_area_km2,
        "outputs": {k: str(v) for k, v in outputs.items()},
        "layers": layer_info,
        "conditional_independence": {
            "T": ci.predicted,
            "n": ci.observed,
            "s_T": ci.std,
            "ratio": ci.ratio,
            "z": ci.z,
            "p_value": ci.p_value,
            "independent": ci.independent,
            "source": "Agterberg & Cheng (2002), Nat. Resour. Res. 11(4) 249-255",
        },
        "pairwise_independence": pairwise,
        "grid_notes": stack.notes,
        "method": METHOD_SOURCE,
        **dep.summary(stack.study_area),
    }
    return summary, resp


def _write_deposit_values(dep: Deposits, posterior: np.ndarray, path: Path, grid) -> Path:
    """The deposit points with the posterior of their cell (GeoJSON, WGS 84)."""
    import geopandas as gpd

    loc = dep.locations
    values = np.full(dep.total, np.nan)
    idx = np.flatnonzero(loc.inside)
    values[idx] = posterior[loc.rows[idx], loc.cols[idx]]
    frame = gpd.GeoDataFrame(
        {"posterior": values},
        geometry=gpd.points_from_xy(dep.xy[:, 0], dep.xy[:, 1]),
        crs=grid.crs,
    )
    frame.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    return path


def calculate_auc(
    surface: Path, deposits: Path, out_dir: Path | None = None, reproject_deposits: bool = False
) -> dict:
    """AUC of a surface against deposit points (GA *Calculate AUC*, modEvA conventions),
    with the threshold table, success-rate and prediction-area results; with ``out_dir``
    also their plots and CSVs."""
    stack = load_evidence([Path(surface)])
    dep = load_deposits(Path(deposits), stack, reproject=reproject_deposits)
    layer = stack.layers[0]
    loc = dep.locations
    on = loc.inside.copy()
    on[loc.inside] = stack.study_area[loc.rows[loc.inside], loc.cols[loc.inside]]
    presences, absences = ev.presence_absence(
        layer.data, stack.study_area, loc.rows[on], loc.cols[on]
    )
    if len(absences) == 0:
        raise ProspectivityError(f"{surface}: every cell holds a deposit; AUC is undefined")
    value = ev.auc(presences, absences)
    result = {
        "auc": value,
        "presences": int(len(presences)),
        "absences": int(len(absences)),
        "n": int(len(presences) + len(absences)),
        "method": "ROC AUC as in Geoscience Australia's CalculateAUC.R (modEvA::AUC), "
        "Mann-Whitney with ties = 1/2",
        **dep.summary(stack.study_area),
    }
    if out_dir is not None:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        thresholds = ev.threshold_table(presences, absences)
        thresholds.to_csv(out_dir / "auc_thresholds.csv", index=False)
        roc = ev.roc_curve(presences, absences)
        ev.plot_roc(roc, value, out_dir / "roc.png")
        src = ev.success_rate_curve(layer.data, stack.study_area, loc.rows[on], loc.cols[on])
        src.to_csv(out_dir / "success_rate.csv", index=False)
        ev.plot_success_rate(src, out_dir / "success_rate.png")
        pa = ev.prediction_area(layer.data, stack.study_area, loc.rows[on], loc.cols[on])
        pa.curve.to_csv(out_dir / "prediction_area.csv", index=False)
        ev.plot_prediction_area(pa, out_dir / "prediction_area.png")
        result["prediction_area"] = {
            "threshold": pa.intersection_threshold,
            "prediction_rate": pa.intersection_prediction_rate,
            "normalized_density": pa.normalized_density,
        }
        result["outputs"] = {
            "thresholds": str(out_dir / "auc_thresholds.csv"),
            "roc_plot": str(out_dir / "roc.png"),
            "success_rate": str(out_dir / "success_rate.csv"),
            "success_rate_plot": str(out_dir / "success_rate.png"),
            "prediction_area": str(out_dir / "prediction_area.csv"),
            "prediction_area_plot": str(out_dir / "prediction_area.png"),
        }
    return result


def fuzzy_surface(
    inputs: list[Path],
    out: Path,
    operator: str,
    gamma: float = 0.9,
    memberships: list[tuple[str, float, float | None]] | None = None,
    align: bool = False,
) -> dict:
    """Fuzzy overlay of rasters (after optional membership functions), written as GeoTIFF.

    Returns ``output``, ``operator``, ``gamma``, ``min``/``mean``/``max`` of the result and
    the grid notes.
    """
    from assay.models.prospectivity import fuzzy

    stack = load_evidence([Path(p) for p in inputs], align=align)
    if memberships is not None and len(memberships) not in (0, len(inputs)):
        raise ProspectivityError("give one --membership per input (or none)")
    grids = []
    for i, layer in enumerate(stack.layers):
        values = np.where(stack.study_area, layer.data.astype(np.float64), np.nan)
        if memberships:
            kind, a, b = memberships[i]
            try:
                values = fuzzy.membership(values, kind, a, b)
            except ValueError as exc:
                raise ProspectivityError(f"{layer.path}: {exc}") from None
        grids.append(values)
    try:
        result = fuzzy.fuzzy_overlay(grids, operator, gamma)
    except ValueError as exc:
        raise ProspectivityError(str(exc)) from None
    result = np.where(stack.study_area, result, np.nan)
    path = gd.write_raster(
        out,
        result.astype(np.float32),
        stack.grid,
        nodata=np.nan,
        tags={
            "method": f"fuzzy {operator} overlay (Bonham-Carter 1994 §9.5)",
            "units": "fuzzy membership [-]",
        },
    )
    ok = np.isfinite(result)
    if not ok.any():
        raise ProspectivityError("the fuzzy overlay has no data in any cell")
    png = Path(out).with_suffix(".png")
    title = f"Fuzzy {operator}" + (f" (γ = {gamma:g})" if operator == "gamma" else "")
    ev.plot_surface(result, ok, stack.grid.bounds, None, title, png)
    return {
        "output": str(path),
        "map": str(png),
        "operator": operator,
        "gamma": gamma if operator == "gamma" else None,
        "min": float(np.min(result[ok])),
        "mean": float(np.mean(result[ok])),
        "max": float(np.max(result[ok])),
        "grid_notes": stack.notes,
    }


def supervised_surface(
    evidence: list[Path],
    deposits: Path,
    out_dir: Path,
    method: str = "logistic",
    block_km: float = 10.0,
    folds: int = 5,
    background: int = 5000,
    seed: int = 0,
    align: bool = False,
    n_estimators: int = 200,
    cv: str = "spatial",
    pu: bool = False,
    conformal_alpha: float | None = 0.1,
) -> dict:
    """Train a supervised model on deposit cells against sampled background, assess it by
    cross-validation (spatial blocks by default) and write the probability surface (GeoTIFF
    + PNG map).

    Returns ``cv_auc`` (per fold), ``mean_cv_auc``, ``sd_cv_auc``, ``cv_pr_auc`` (average
    precision per fold), its mean and sd, ``cv`` (the scheme), ``auc`` (of the full surface
    against all deposits: a training-set figure), ``capture`` (share of deposits in the top
    1, 5, 10, 20 and 50 % of the area, and a CSV of the whole curve), ``conformal``
    (class-conditional split-conformal p-values of the deposit label, calibrated on the
    out-of-fold scores of the cross-validation - a cross-conformal approximation, Vovk
    2015, *Ann. Math. Artif. Intell.* 74, 9-28 - written as a raster, with the prediction
    set map at ``conformal_alpha``), ``outputs``, ``manifest`` and the model's coefficients
    or feature importances. ``pu`` wraps the model in bagging PU learning.
    """
    import time

    from assay.models.prospectivity import supervised as sv

    clock = time.perf_counter()
    if method not in sv.MODELS:
        raise ProspectivityError(f"method must be one of {', '.join(sv.MODELS)}, got {method!r}")
    if cv not in sv.CV_SCHEMES:
        raise ProspectivityError(f"--cv must be one of {', '.join(sv.CV_SCHEMES)}, got {cv!r}")
    if conformal_alpha is not None and not 0 < conformal_alpha < 1:
        raise ProspectivityError(f"the conformal level must be in (0, 1), not {conformal_alpha}")
    stack = load_evidence([Path(p) for p in evidence], align=align)
    dep = load_deposits(Path(deposits), stack, reproject=align)
    loc = dep.locations
    inside = np.flatnonzero(loc.inside)
    layers = [layer.data for layer in stack.layers]
    cell = max(stack.grid.cell_size)
    block_cells = max(int(round(block_km * 1000.0 / cell)), 1)
    try:
        data = sv.training_set(
            layers, stack.study_area, loc.rows[inside], loc.cols[inside], background, 0, seed
        )
        validation = sv.cross_validate(
            data, method, block_cells, folds, seed, n_estimators, scheme=cv, pu=pu
        )
        model = sv.fit(data, method, seed, n_estimators, pu=pu)
    except ValueError as exc:
        raise ProspectivityError(str(exc)) from None
    surface = sv.predict_surface(model, layers, stack.study_area)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tif = gd.write_raster(
        out_dir / f"{method}_probability.tif",
        surface.astype(np.float32),
        stack.grid,
        nodata=np.nan,
        tags={
            "method": f"{method} (scikit-learn), spatial block CV {block_km:g} km",
            "units": "relative probability [-]",
        },
    )
    png = out_dir / f"{method}_probability.png"
    ev.plot_surface(
        surface,
        np.isfinite(surface),
        stack.grid.bounds,
        dep.xy,
        f"{method} prospectivity (relative)",
        png,
    )
    on = np.zeros(dep.total, bool)
    on[inside] = stack.study_area[loc.rows[inside], loc.cols[inside]]
    pres, absn = ev.presence_absence(surface, np.isfinite(surface), loc.rows[on], loc.cols[on])
    capture, capture_csv = _capture_efficiency(surface, pres, out_dir / f"{method}_capture.csv")
    outputs = {"probability": str(tif), "map": str(png), "capture": str(capture_csv)}
    conformal = None
    if conformal_alpha is not None:
        conformal = _conformal_maps(
            validation, data, surface, stack.grid, out_dir, method, conformal_alpha, pres
        )
        outputs.update(conformal.pop("outputs"))
    result = {
        "method": method,
        "cv": cv,
        "pu": pu,
        "cv_auc": validation.fold_auc,
        "mean_cv_auc": validation.mean_auc,
        "sd_cv_auc": validation.sd_auc,
        "cv_pr_auc": validation.fold_pr_auc,
        "mean_cv_pr_auc": validation.mean_pr_auc,
        "sd_cv_pr_auc": validation.sd_pr_auc,
        "pr_auc_baseline": float(data.labels.mean()),
        "block_km": block_km,
        "folds": folds,
        "auc": ev.auc(pres, absn),
        "capture": capture,
        "conformal": conformal,
        "training_cells": {
            "deposit": int(data.labels.sum()),
            "background": int((data.labels == 0).sum()),
        },
        "outputs": outputs,
        "evidence": [str(p) for p in evidence],
        "grid_notes": stack.notes,
        **dep.summary(stack.study_area),
    }
    from assay.analyses.manifest import build_manifest

    result["manifest"] = build_manifest(
        "prospect model",
        inputs={**{f"evidence_{i}": p for i, p in enumerate(evidence)}, "deposits": deposits},
        parameters={
            "method": method,
            "cv": cv,
            "pu": pu,
            "block_km": block_km,
            "folds": folds,
            "background": background,
            "align": align,
            "n_estimators": n_estimators,
            "conformal_alpha": conformal_alpha,
        },  # fmt: skip
        seed=seed,
        timings_s={"total": time.perf_counter() - clock},
        extra_packages=("scikit-learn", "rasterio"),
    )
    coefs = sv.coefficients(model)
    if coefs is not None:
        result["intercept"] = float(coefs["intercept"][0])
        result["coefficients"] = dict(
            zip([str(p) for p in evidence], coefs["coefficients"].tolist(), strict=True)
        )
    imp = sv.feature_importance(model)
    if imp is not None:
        result["feature_importance"] = dict(
            zip([str(p) for p in evidence], imp.tolist(), strict=True)
        )
    return result


def _capture_efficiency(
    surface: np.ndarray, deposit_scores: np.ndarray, path: Path
) -> tuple[dict[str, float], Path]:
    """Share of deposits in the top x % of the area ranked by ``surface`` (the capture-
    efficiency or success-rate curve), at 1, 5, 10, 20 and 50 %, and the whole curve as CSV
    (``area_fraction``, ``deposit_fraction``)."""
    values = np.sort(surface[np.isfinite(surface)])[::-1]
    dep = np.sort(np.asarray(deposit_scores, float)[np.isfinite(deposit_scores)])[::-1]
    fractions = np.linspace(0, 1, 201)
    curve = []
    for fr in fractions:
        k = int(round(fr * len(values)))
        if k == 0 or not len(dep):
            curve.append(0.0)
            continue
        threshold = values[k - 1]
        curve.append(float(np.count_nonzero(dep >= threshold) / len(dep)))
    pd.DataFrame({"area_fraction": fractions, "deposit_fraction": curve}).to_csv(path, index=False)
    summary = {}
    for top in (0.01, 0.05, 0.1, 0.2, 0.5):
        summary[f"top_{top * 100:g}pct_area"] = curve[int(round(top * 200))]
    return summary, path


def _conformal_maps(
    validation, data, surface, grid, out_dir: Path, method: str, alpha: float, deposit_scores
) -> dict:
    """Conformal p-value of the deposit label per cell and the prediction-set map at
    ``alpha`` (0 background only, 1 deposit only, 2 both: uncertain, 3 neither)."""
    from assay.models.prospectivity import supervised as sv

    oof = validation.oof_scores
    ok = np.isfinite(oof)
    if not ok.any():
        raise ProspectivityError("no out-of-fold scores to calibrate the conformal maps")
    valid = np.isfinite(surface)
    p_dep, p_bg = sv.conformal_p_values(oof[ok], data.labels[ok], surface[valid])
    p_map = np.full(surface.shape, np.nan, np.float32)
    p_map[valid] = p_dep
    sets = np.full(surface.shape, 255, np.uint8)
    both = (p_dep > alpha) & (p_bg > alpha)
    only_dep = (p_dep > alpha) & ~(p_bg > alpha)
    only_bg = ~(p_dep > alpha) & (p_bg > alpha)
    codes = np.full(p_dep.shape, 3, np.uint8)
    codes[only_bg], codes[only_dep], codes[both] = 0, 1, 2
    sets[valid] = codes
    p_tif = gd.write_raster(
        out_dir / f"{method}_deposit_p_value.tif",
        p_map,
        grid,
        nodata=np.nan,
        tags={"units": "conformal p-value of the deposit label [-]"},
    )
    s_tif = gd.write_raster(
        out_dir / f"{method}_prediction_set.tif",
        sets,
        grid,
        nodata=255,
        tags={"units": f"prediction set at alpha {alpha:g}: 0 background, 1 deposit, 2 both, "
              "3 neither"},
    )  # fmt: skip
    dep_p, _ = sv.conformal_p_values(oof[ok], data.labels[ok], np.asarray(deposit_scores, float))
    return {
        "alpha": alpha,
        "calibration": "out-of-fold scores of the cross-validation (cross-conformal)",
        "area_share": {
            "background_only": float(np.mean(codes == 0)),
            "deposit_only": float(np.mean(codes == 1)),
            "both": float(np.mean(codes == 2)),
            "neither": float(np.mean(codes == 3)),
        },
        "deposits_covered": float(np.mean(dep_p > alpha)) if len(dep_p) else None,
        "outputs": {"deposit_p_value": str(p_tif), "prediction_set": str(s_tif)},
    }


def compare_cross_validation(
    evidence: list[Path],
    deposits: Path,
    methods: tuple[str, ...] = ("wofe", "boosting"),
    block_km: float = 10.0,
    folds: int = 5,
    background: int = 5000,
    seed: int = 0,
    n_estimators: int = 200,
    repeats: int = 1,
) -> dict:
    """Random-split against spatial-block cross-validation of each method on the same
    training cells: mean and sd over folds (and ``repeats`` fold draws) of ROC-AUC and PR-AUC.
    """
    from assay.models.prospectivity import supervised as sv

    stack = load_evidence([Path(p) for p in evidence])
    dep = load_deposits(Path(deposits), stack)
    loc = dep.locations
    inside = np.flatnonzero(loc.inside)
    layers = [layer.data for layer in stack.layers]
    block_cells = max(int(round(block_km * 1000.0 / max(stack.grid.cell_size))), 1)
    try:
        data = sv.training_set(
            layers, stack.study_area, loc.rows[inside], loc.cols[inside], background, 0, seed
        )
    except ValueError as exc:
        raise ProspectivityError(str(exc)) from None
    out: dict = {"block_km": block_km, "folds": folds, "repeats": repeats, "methods": {}}
    for method in methods:
        row = {}
        for scheme in sv.CV_SCHEMES:
            aucs, prs = [], []
            for r in range(repeats):
                try:
                    cv = sv.cross_validate(
                        data, method, block_cells, folds, seed + r, n_estimators, scheme=scheme
                    )
                except ValueError as exc:  # too few blocks for the folds, an unknown method
                    raise ProspectivityError(f"{method}, {scheme} split: {exc}") from None
                aucs += [a for a in cv.fold_auc if np.isfinite(a)]
                prs += [a for a in cv.fold_pr_auc if np.isfinite(a)]
            row[scheme] = {
                "mean_auc": float(np.mean(aucs)),
                "sd_auc": float(np.std(aucs, ddof=1)),
                "mean_pr_auc": float(np.mean(prs)),
                "sd_pr_auc": float(np.std(prs, ddof=1)),
                "folds_scored": len(aucs),
            }
        out["methods"][method] = row
    out["training_cells"] = {
        "deposit": int(data.labels.sum()),
        "background": int((data.labels == 0).sum()),
    }
    out["pr_auc_baseline"] = float(data.labels.mean())
    return out


def reclassify_raster(
    path: Path, out: Path, method: str, classes: int = 10, breaks: list[float] | None = None
) -> dict:
    """Reclassify a continuous raster into int32 classes 1..k (0 = nodata) and write it."""
    from assay.models.prospectivity import reclassify as rc

    try:
        layer = gd.read_raster(path)
        values, used = rc.reclassify(
            layer.data.astype(np.float64), method, classes, breaks, layer.valid, 0
        )
    except (gd.GeodataError, ValueError) as exc:
        raise ProspectivityError(f"{path}: {exc}") from None
    written = gd.write_raster(
        out,
        values.astype(np.int32),
        layer.grid,
        nodata=0,
        tags={"method": f"reclassified ({method})", "breaks": ",".join(f"{b:.10g}" for b in used)},
    )
    counts = np.bincount(values[layer.valid].ravel(), minlength=len(used) + 2)[1:]
    return {
        "output": str(written),
        "method": method,
        "breaks": used.tolist(),
        "cells_per_class": counts.tolist(),
    }


def vector_to_raster(
    vector: Path, template: Path, out: Path, density_radius_km: float | None = None
) -> dict:
    """Distance-to-feature raster [m] (or, with ``density_radius_km``, a density raster) of a
    vector layer on a template raster's grid."""
    try:
        frame = gd.read_vector(vector)
        grid = gd.read_raster(template).grid
        if density_radius_km is None:
            data = gd.distance_raster(frame, grid)
            kind, units = "distance", "m"
        else:
            data = gd.density_raster(frame, grid, density_radius_km * 1000.0)
            kind, units = "density", "count or km of line per km²"
    except gd.GeodataError as exc:
        raise ProspectivityError(str(exc)) from None
    written = gd.write_raster(
        out,
        data.astype(np.float32),
        grid,
        nodata=None,
        tags={"method": kind, "units": units, "source": str(vector)},
    )
    return {
        "output": str(written),
        "kind": kind,
        "units": units,
        "min": float(data.min()),
        "max": float(data.max()),
    }


# --- windowed processing: grids larger than memory, read and written in strips -------------

ProgressFn = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback (silent)."""


def _open_stack(paths: list[Path]):
    import rasterio

    sources = []
    try:
        for p in paths:
            if not Path(p).exists():
                raise ProspectivityError(f"{p}: no such raster file")
            sources.append(rasterio.open(p))
    except Exception:
        for s in sources:
            s.close()
        raise
    first = sources[0]
    for p, src in zip(paths[1:], sources[1:], strict=True):
        same = (
            gd.same_crs(first.crs, src.crs)
            and (first.height, first.width) == (src.height, src.width)
            and first.transform.almost_equals(src.transform)
        )
        if not same:
            for s in sources:
                s.close()
            raise ProspectivityError(
                f"{p}: grid differs from {paths[0]}; windowed processing needs layers on one "
                "grid (align them first)"
            )
    return sources


def _strips(height: int, rows: int):
    for top in range(0, height, rows):
        yield top, min(rows, height - top)


def _strip_valid(sources, window) -> tuple[list[np.ndarray], np.ndarray]:
    arrays = [src.read(1, window=window) for src in sources]
    valid = np.ones(arrays[0].shape, dtype=bool)
    for src, arr in zip(sources, arrays, strict=True):
        valid &= gd._valid_mask(arr, src.nodata)
    return arrays, valid


def count_classes_windowed(
    evidence: list[Path],
    deposits: Path,
    rows_per_window: int = 512,
    reproject_deposits: bool = False,
    progress: ProgressFn = _no_progress,
) -> tuple[list[wofe.ClassCounts], float, dict]:
    """Cells and deposit points per class of each layer over the common study area, reading
    the rasters in strips of ``rows_per_window`` rows (memory ∝ strip size).

    Returns the counts per layer, the cell area [km²] and the deposit summary.
    """
    sources = _open_stack([Path(p) for p in evidence])
    try:
        first = sources[0]
        grid = gd.Grid(first.height, first.width, first.transform, first.crs)
        frame_raster = gd.Raster(
            data=np.zeros((0, 0), np.uint8), valid=np.ones((1, 1), bool), grid=grid
        )
        dep = _load_deposit_points(Path(deposits), frame_raster, reproject_deposits)
        loc = dep.locations
        values: list[list[np.ndarray]] = [[] for _ in sources]
        cells: list[list[np.ndarray]] = [[] for _ in sources]
        point_values: list[list[np.ndarray]] = [[] for _ in sources]
        on_study = 0
        strips = list(_strips(first.height, rows_per_window))
        for k, (top, h) in enumerate(strips):
            from rasterio.windows import Window

            window = Window(0, top, first.width, h)
            arrays, valid = _strip_valid(sources, window)
            in_strip = loc.inside & (loc.rows >= top) & (loc.rows < top + h)
            pr, pc = loc.rows[in_strip] - top, loc.cols[in_strip]
            keep = valid[pr, pc]
            on_study += int(keep.sum())
            for j, arr in enumerate(arrays):
                if not np.issubdtype(arr.dtype, np.integer):
                    raise ProspectivityError(
                        f"{evidence[j]}: weights of evidence need an integer class raster, got "
                        f"{arr.dtype}; reclassify it first (assay prospect reclassify)"
                    )
                v, n = np.unique(arr[valid], return_counts=True)
                values[j].append(v.astype(np.int64))
                cells[j].append(n)
                point_values[j].append(arr[pr[keep], pc[keep]].astype(np.int64))
            progress("counting", k + 1, len(strips))
    finally:
        for s in sources:
            s.close()
    if on_study == 0:
        raise ProspectivityError(f"{deposits}: no deposit falls in the study area")
    counts = []
    for j in range(len(evidence)):
        all_v = np.concatenate(values[j])
        all_n = np.concatenate(cells[j])
        if all_v.size == 0:
            raise ProspectivityError("the study area is empty: no cell has data in every layer")
        uniq, inv = np.unique(all_v, return_inverse=True)
        n = np.bincount(inv, weights=all_n, minlength=len(uniq)).astype(np.int64)
        pv = np.concatenate(point_values[j])
        pts = np.bincount(np.searchsorted(uniq, pv), minlength=len(uniq)).astype(np.int64)
        counts.append(
            wofe.ClassCounts(
                values=uniq,
                cells=n,
                points=pts,
                total_points=dep.total,
                points_outside=dep.total - on_study,
            )
        )
    summary = {
        "deposits_file": str(deposits),
        "total_points": dep.total,
        "points_outside_grid": int((~loc.inside).sum()),
        "points_on_nodata": int(loc.inside.sum() - on_study),
        "points_in_study_area": on_study,
    }
    return counts, grid.cell_area_km2, summary


def _load_deposit_points(path: Path, raster: gd.Raster, reproject: bool) -> Deposits:
    """Deposits located on ``raster``'s grid without a validity check (windowed mode)."""
    xy = _deposit_coordinates(path, raster, reproject)
    t = raster.grid.transform
    cols = np.floor((xy[:, 0] - t.c) / t.a).astype(np.int64)
    rows = np.floor((xy[:, 1] - t.f) / t.e).astype(np.int64)
    inside = (rows >= 0) & (rows < raster.grid.height) & (cols >= 0) & (cols < raster.grid.width)
    loc = gd.PointLocations(rows=rows, cols=cols, inside=inside, on_nodata=np.zeros_like(inside))
    return Deposits(path=path, xy=xy, locations=loc)


def calculate_weights_windowed(
    evidence: Path,
    deposits: Path,
    weight_type: str,
    unit_area_km2: float = 1.0,
    studentized_contrast_threshold: float = 2.0,
    missing_data_value: int | None = None,
    rows_per_window: int = 512,
    reproject_deposits: bool = False,
    progress: ProgressFn = _no_progress,
) -> tuple[pd.DataFrame, dict]:
    """:func:`calculate_weights` reading the raster in strips (for grids larger than memory);
    the table is identical."""
    counts, cell_area, summary = count_classes_windowed(
        [Path(evidence)], Path(deposits), rows_per_window, reproject_deposits, progress
    )
    try:
        table = wofe.weights_table(
            counts[0],
            cell_area,
            weight_type,
            unit_area_km2=unit_area_km2,
            studentized_contrast_threshold=studentized_contrast_threshold,
            missing_data_value=missing_data_value,
        )
    except wofe.WofEError as exc:
        raise ProspectivityError(f"{evidence}: {exc}") from None
    info = {
        "evidence": str(evidence),
        "weight_type": weight_type,
        "unit_area_km2": unit_area_km2,
        "cell_area_km2": cell_area,
        "total_area_units": table.attrs["total_area_units"],
        "total_points": table.attrs["total_points"],
        "prior_probability": table.attrs["prior_probability"],
        "studentized_contrast_threshold": studentized_contrast_threshold,
        "method": METHOD_SOURCE,
        "windowed": {"rows_per_window": rows_per_window},
        **summary,
    }
    return table, info


def calculate_response_windowed(
    evidence: list[Path],
    deposits: Path,
    out_dir: Path,
    weight_types: list[str] | None = None,
    unit_area_km2: float = 1.0,
    studentized_contrast_threshold: float = 2.0,
    rows_per_window: int = 512,
    reproject_deposits: bool = False,
    progress: ProgressFn = _no_progress,
) -> dict:
    """:func:`calculate_response` in two passes over strips of ``rows_per_window`` rows:
    counts and weights, then the posterior, its std and confidence written strip by strip.
    Memory is proportional to the strip, not the grid. The layers must share one grid."""
    import rasterio
    from rasterio.windows import Window

    evidence = [Path(p) for p in evidence]
    types = list(weight_types or ["categorical"])
    if len(types) == 1:
        types = types * len(evidence)
    if len(types) != len(evidence):
        raise ProspectivityError("give one weight type per evidence layer (or one for all)")
    counts, cell_area, summary = count_classes_windowed(
        evidence, Path(deposits), rows_per_window, reproject_deposits, progress
    )
    tables = []
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    layer_info = []
    for path, c, t in zip(evidence, counts, types, strict=True):
        try:
            table = wofe.weights_table(
                c,
                cell_area,
                t,
                unit_area_km2=unit_area_km2,
                studentized_contrast_threshold=studentized_contrast_threshold,
            )
        except wofe.WofEError as exc:
            raise ProspectivityError(f"{path}: {exc}") from None
        tables.append(table)
        csv = write_weights_csv(table, out_dir / f"{path.stem}_weights.csv")
        layer_info.append({"evidence": str(path), "weight_type": t, "weights": str(csv)})
    total_points = counts[0].total_points
    total_area_units = float(np.sum(counts[0].cells) * cell_area / unit_area_km2)
    prior = total_points / total_area_units
    prior_logit = np.log(prior / (1 - prior))
    sizes = [len(t) for t in tables]
    cond_cells: dict[int, int] = {}
    cond_post: dict[int, float] = {}
    cond_std: dict[int, float] = {}
    sources = _open_stack(evidence)
    names = {
        "posterior": "posterior.tif",
        "std": "posterior_std.tif",
        "confidence": "posterior_confidence.tif",
    }
    try:
        first = sources[0]
        profile = {
            "driver": "GTiff",
            "height": first.height,
            "width": first.width,
            "count": 1,
            "dtype": "float32",
            "crs": first.crs,
            "transform": first.transform,
            "nodata": np.nan,
            "compress": "zstd",
            "zstd_level": 1,
            "tiled": True,
        }
        outs = {k: rasterio.open(out_dir / v, "w", **profile) for k, v in names.items()}
        try:
            strips = list(_strips(first.height, rows_per_window))
            for k, (top, h) in enumerate(strips):
                window = Window(0, top, first.width, h)
                arrays, valid = _strip_valid(sources, window)
                logit = np.full(valid.shape, prior_logit)
                var = np.full(valid.shape, 1.0 / total_points)
                code = np.zeros(valid.shape, dtype=np.int64)
                missing = ~valid
                step = 1
                for arr, table, n in zip(arrays, tables, sizes, strict=True):
                    idx = wofe.class_index(arr, valid, table)
                    missing |= idx < 0
                    w = np.append(table["weight"].to_numpy(np.float64), np.nan)[idx]
                    s = np.append(table["w_std"].to_numpy(np.float64), np.nan)[idx]
                    logit += w
                    var += s * s
                    code += np.maximum(idx, 0) * step
                    step *= n
                odds = np.exp(logit)
                post = odds / (1 + odds)
                std = np.sqrt(post * post * var)
                with np.errstate(divide="ignore", invalid="ignore"):
                    conf = post / std
                for key, arr in (("posterior", post), ("std", std), ("confidence", conf)):
                    outs[key].write(
                        np.where(missing, np.nan, arr).astype(np.float32), 1, window=window
                    )
                ok = ~missing
                uniq, first_at, n_cells = np.unique(code[ok], return_index=True, return_counts=True)
                p_ok, s_ok = post[ok], std[ok]
                for u, f, n in zip(uniq.tolist(), first_at.tolist(), n_cells.tolist(), strict=True):
                    cond_cells[u] = cond_cells.get(u, 0) + n
                    cond_post[u] = float(p_ok[f])
                    cond_std[u] = float(s_ok[f])
                progress("response", k + 1, len(strips))
        finally:
            for o in outs.values():
                o.close()
    finally:
        for s in sources:
            s.close()
    keys = list(cond_cells)
    ci = wofe.agterberg_cheng_conditions(
        np.array([cond_post[c] for c in keys]),
        np.array([cond_std[c] for c in keys]),
        np.array([cond_cells[c] for c in keys]) * cell_area / unit_area_km2,
        total_points,
    )
    return {
        "prior": prior,
        "total_area_units": total_area_units,
        "unit_area_km2": unit_area_km2,
        "outputs": {k: str(out_dir / v) for k, v in names.items()},
        "layers": layer_info,
        "conditional_independence": {
            "T": ci.predicted,
            "n": ci.observed,
            "s_T": ci.std,
            "ratio": ci.ratio,
            "z": ci.z,
            "p_value": ci.p_value,
            "independent": ci.independent,
            "source": "Agterberg & Cheng (2002), Nat. Resour. Res. 11(4) 249-255",
        },
        "windowed": {"rows_per_window": rows_per_window},
        "method": METHOD_SOURCE,
        **summary,
    }


def calculate_auc_windowed(
    surface: Path,
    deposits: Path,
    rows_per_window: int = 512,
    reproject_deposits: bool = False,
    progress: ProgressFn = _no_progress,
) -> dict:
    """:func:`calculate_auc` reading the surface in strips: the presences are read first,
    then each strip's absences are sorted and counted below / equal to every presence, which
    gives the exact Mann-Whitney AUC with memory ∝ strip size."""
    from rasterio.windows import Window

    sources = _open_stack([Path(surface)])
    src = sources[0]
    try:
        grid = gd.Grid(src.height, src.width, src.transform, src.crs)
        raster = gd.Raster(data=np.zeros((0, 0)), valid=np.ones((1, 1), bool), grid=grid)
        dep = _load_deposit_points(Path(deposits), raster, reproject_deposits)
        loc = dep.locations
        inside = np.flatnonzero(loc.inside)
        values = (
            np.array([v[0] for v in src.sample(dep.xy[inside], indexes=1)], dtype=np.float64)
            if len(inside)
            else np.array([])
        )
        ok = gd._valid_mask(values, src.nodata)
        presences = values[ok]
        dep_rows, dep_cols = loc.rows[inside][ok], loc.cols[inside][ok]
        if presences.size == 0:
            raise ProspectivityError(f"{deposits}: no deposit falls on the surface's data")
        below = np.zeros(presences.size)
        equal = np.zeros(presences.size)
        n_absent = 0
        strips = list(_strips(src.height, rows_per_window))
        for k, (top, h) in enumerate(strips):
            arr = src.read(1, window=Window(0, top, src.width, h))
            valid = gd._valid_mask(arr, src.nodata)
            sel = (dep_rows >= top) & (dep_rows < top + h)
            valid[dep_rows[sel] - top, dep_cols[sel]] = False
            absn = np.sort(arr[valid].astype(np.float64))
            lo = np.searchsorted(absn, presences, side="left")
            hi = np.searchsorted(absn, presences, side="right")
            below += lo
            equal += hi - lo
            n_absent += absn.size
            progress("auc", k + 1, len(strips))
    finally:
        src.close()
    auc_value = float((below.sum() + 0.5 * equal.sum()) / (presences.size * n_absent))
    return {
        "auc": auc_value,
        "presences": int(presences.size),
        "absences": int(n_absent),
        "n": int(presences.size + n_absent),
        "method": "ROC AUC as in Geoscience Australia's CalculateAUC.R (modEvA::AUC), "
        "Mann-Whitney with ties = 1/2, read in strips",
        "windowed": {"rows_per_window": rows_per_window},
        "deposits_file": str(deposits),
        "total_points": dep.total,
        "points_outside_grid": int((~loc.inside).sum()),
        "points_on_nodata": int(loc.inside.sum() - presences.size),
        "points_in_study_area": int(presences.size),
    }
