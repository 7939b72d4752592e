"""``assay prospect ...`` (weights of evidence, response, AUC, fuzzy overlay, supervised
models, reclassification) and ``assay tract`` (permissive tracts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assay.cli._common import (
    DbOption,
    JsonOption,
    console,
    emit_json,
    fail,
    open_for_read,
    progress,
)

prospect_app = typer.Typer(
    help="Mineral prospectivity: weights of evidence, fuzzy overlay, supervised models, AUC.",
    no_args_is_help=True,
)

EvidenceOpt = Annotated[
    list[Path], typer.Option("--evidence", "-e", help="Evidence raster (GeoTIFF); repeatable.")
]
DepositsOpt = Annotated[
    Path, typer.Option("--deposits", "-d", help="Deposit points (shapefile, GeoJSON, GPKG, CSV).")
]
UnitAreaOpt = Annotated[
    float, typer.Option("--unit-area-km2", help="Unit cell for area counts \\[km²].")
]
ThresholdOpt = Annotated[
    float,
    typer.Option("--threshold", help="Studentized-contrast confidence for generalisation [-]."),
]
AlignOpt = Annotated[
    bool,
    typer.Option(
        "--align", help="Align layers to the first one's grid and reproject deposits (reported)."
    ),
]


WindowOpt = Annotated[
    int | None,
    typer.Option(
        "--window-rows",
        help="Read (and write) the rasters in strips of this many rows: for grids larger "
        "than memory. Results are identical.",
    ),
]


def _fmt(x: float, digits: int = 6) -> str:
    return f"{x:.{digits}f}"


def _guard(fn, *args, **kwargs):
    """Run an analysis; turn bad-input errors into a one-line message and exit code 2."""
    from assay.analyses.prospectivity import ProspectivityError
    from assay.analyses.tracts import TractError
    from assay.importers.geodata import GeodataError
    from assay.models.prospectivity.weights_of_evidence import WofEError

    try:
        return fn(*args, **kwargs)
    except (ProspectivityError, GeodataError, WofEError, TractError) as exc:
        fail(str(exc))
    except FileNotFoundError as exc:
        fail(f"{exc.filename}: no such file or folder")
    except OSError as exc:  # an unwritable output, a folder where a file is expected...
        fail(f"{exc.filename or ''}: {exc.strerror or exc}")


def _emit(result: dict, command: str, scope: dict) -> None:
    """Print ``result`` as JSON with a run ``manifest``: the command's input files (hashed)
    and parameters, taken from its local variables ``scope``."""
    from assay.analyses.manifest import build_manifest

    inputs: dict[str, Path] = {}
    parameters: dict = {}
    for key, value in scope.items():
        if key.startswith("_") or key in ("result", "summary", "info", "rows", "json_out"):
            continue
        if isinstance(value, Path):
            if key in ("out", "out_dir", "spec", "db"):  # outputs, and a store too big to hash
                parameters[key] = str(value)
            else:
                inputs[key] = value
        elif isinstance(value, list | tuple) and value and all(isinstance(v, Path) for v in value):
            inputs.update({f"{key}_{i}": v for i, v in enumerate(value)})
        elif isinstance(value, str | int | float | bool | type(None)) or (
            isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value)
        ):
            parameters[key] = value
    if isinstance(result, dict) and "manifest" not in result:
        result["manifest"] = build_manifest(
            f"prospect {command}",
            inputs=inputs,
            parameters=parameters,
            seed=parameters.get("seed"),
            extra_packages=("scikit-learn", "rasterio"),
        )
    emit_json(result)


@prospect_app.command("weights")
def weights_cmd(
    evidence: Annotated[Path, typer.Option("--evidence", "-e", help="Integer class raster.")],
    deposits: DepositsOpt,
    weight_type: Annotated[
        str,
        typer.Option("--type", help="unique | categorical | ascending | descending."),
    ] = "unique",
    unit_area_km2: UnitAreaOpt = 1.0,
    threshold: ThresholdOpt = 2.0,
    missing_data: Annotated[
        int | None, typer.Option("--missing-data", help="Class value meaning missing data.")
    ] = None,
    generalize: Annotated[
        str | None,
        typer.Option(
            "--generalize",
            help="Re-generalise: max_contrast | max_studentized_contrast | class:N (cumulative "
            "types) or reduced (categorical/unique: weak classes lumped into class 99).",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the table as CSV (ArcSDM columns).")
    ] = None,
    reproject: Annotated[
        bool, typer.Option("--reproject-deposits", help="Reproject deposits to the raster CRS.")
    ] = False,
    window_rows: WindowOpt = None,
    json_out: JsonOption = False,
) -> None:
    """Weights-of-evidence table of one evidence layer (ArcSDM / GA Calculate Weights)."""
    from assay.analyses import prospectivity as pa
    from assay.models.prospectivity.weights_of_evidence import WEIGHT_TYPES

    if weight_type not in WEIGHT_TYPES:
        fail(f"--type must be one of {', '.join(WEIGHT_TYPES)}, got {weight_type!r}")
    kwargs = {
        "unit_area_km2": unit_area_km2,
        "studentized_contrast_threshold": threshold,
        "missing_data_value": missing_data,
        "reproject_deposits": reproject,
    }
    if window_rows:
        with progress("weights of evidence", quiet=json_out) as step:
            table, info = _guard(
                pa.calculate_weights_windowed,
                evidence,
                deposits,
                weight_type,
                rows_per_window=window_rows,
                progress=step,
                **kwargs,
            )
    else:
        with progress("weights of evidence", quiet=json_out):
            table, info = _guard(pa.calculate_weights, evidence, deposits, weight_type, **kwargs)
    if generalize:
        table = _guard(pa.generalize_table, table, generalize, threshold)
        info["generalization"] = generalize
    if out is not None:
        info["output"] = str(_guard(pa.write_weights_csv, table, out))
    if json_out:
        rows = table.to_dict(orient="records")
        _emit({**info, "rows": rows}, "weights", locals())
        return
    t = Table(
        title=f"Weights of evidence, {evidence.name} ({weight_type}); "
        f"N(T) = {info['total_area_units']:.2f} units of {unit_area_km2:g} km², "
        f"N(D) = {info['total_points']}"
    )
    columns = ["class", "units", "points", "W+", "s(W+)", "W−", "s(W−)", "C", "stud. C",
               "gen", "weight"]  # fmt: skip
    for col in columns:
        t.add_column(col, justify="right", no_wrap=True)
    for r in table.itertuples(index=False):
        t.add_row(
            str(r[0]), f"{r.area_units:.2f}", str(r.points), _fmt(r.w_plus, 4),
            _fmt(r.s_w_plus, 4), _fmt(r.w_minus, 4), _fmt(r.s_w_minus, 4),
            _fmt(r.contrast, 4), _fmt(r.studentized_contrast, 3), str(r.gen_class),
            _fmt(r.weight, 4),
        )  # fmt: skip
    console.print(t)
    console.print(
        f"prior {info['prior_probability']:.6g} per unit cell; deposits outside the grid "
        f"{info['points_outside_grid']}, on nodata {info['points_on_nodata']} (counted in N(D) "
        "as the reference does)"
    )
    console.print(f"source: {info['method']}")
    if out is not None:
        console.print(f"written: {info['output']}")


@prospect_app.command("response")
def response_cmd(
    evidence: EvidenceOpt,
    deposits: DepositsOpt,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")],
    weight_type: Annotated[
        list[str] | None,
        typer.Option("--type", help="Weight type per layer (one for all); default categorical."),
    ] = None,
    weights: Annotated[
        list[Path] | None,
        typer.Option("--weights", help="Use this weights CSV per layer (ArcSDM/GA or assay)."),
    ] = None,
    unit_area_km2: UnitAreaOpt = 1.0,
    threshold: ThresholdOpt = 2.0,
    align: AlignOpt = False,
    no_maps: Annotated[bool, typer.Option("--no-maps", help="Skip the PNG map.")] = False,
    window_rows: WindowOpt = None,
    json_out: JsonOption = False,
) -> None:
    """Posterior probability, its std and confidence from generalised evidence layers."""
    from assay.analyses import prospectivity as pa

    if window_rows:
        if weights or align:
            fail(
                "--window-rows computes the weights itself on aligned layers: drop "
                "--weights / --align"
            )
        with progress("response", quiet=json_out) as step:
            summary = _guard(
                pa.calculate_response_windowed,
                evidence,
                deposits,
                out,
                weight_types=weight_type,
                unit_area_km2=unit_area_km2,
                studentized_contrast_threshold=threshold,
                rows_per_window=window_rows,
                progress=step,
            )
        summary.setdefault("grid_notes", [])
    else:
        with progress("response", quiet=json_out):
            summary, _ = _guard(
                pa.calculate_response,
                evidence,
                deposits,
                out,
                weight_types=weight_type,
                weights_tables=weights,
                unit_area_km2=unit_area_km2,
                studentized_contrast_threshold=threshold,
                align=align,
                maps=not no_maps,
            )
    if json_out:
        _emit(summary, "response", locals())
        return
    console.print(
        f"prior probability {summary['prior']:.6g} per unit cell of {unit_area_km2:g} km² "
        f"(N(D) = {summary['total_points']}, N(T) = {summary['total_area_units']:.2f})"
    )
    t = Table(title="Outputs")
    t.add_column("what")
    t.add_column("path")
    for k, v in summary["outputs"].items():
        t.add_row(k, v)
    console.print(t)
    ci = summary["conditional_independence"]
    console.print(
        f"conditional independence (Agterberg & Cheng 2002): T = {ci['T']:.1f}, n = {ci['n']}, "
        f"T/n = {ci['ratio']:.3f}, p = {ci['p_value']:.3g} -> "
        + ("not rejected" if ci["independent"] else "REJECTED (weights overstate the posterior)")
    )
    for note in summary["grid_notes"]:
        console.print(f"grid: {note}")


@prospect_app.command("auc")
def auc_cmd(
    surface: Annotated[Path, typer.Option("--surface", "-s", help="Prospectivity raster.")],
    deposits: DepositsOpt,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for ROC / success-rate / P-A plots.")
    ] = None,
    reproject: Annotated[
        bool, typer.Option("--reproject-deposits", help="Reproject deposits to the raster CRS.")
    ] = False,
    window_rows: WindowOpt = None,
    json_out: JsonOption = False,
) -> None:
    """ROC AUC of a surface against deposits (GA Calculate AUC conventions)."""
    from assay.analyses import prospectivity as pa

    if window_rows:
        if out is not None:
            fail("--window-rows gives the AUC only: drop --out for the curves and plots")
        with progress("AUC", quiet=json_out) as step:
            result = _guard(
                pa.calculate_auc_windowed,
                surface,
                deposits,
                window_rows,
                reproject_deposits=reproject,
                progress=step,
            )
    else:
        with progress("AUC", quiet=json_out):
            result = _guard(pa.calculate_auc, surface, deposits, out, reproject_deposits=reproject)
    if json_out:
        _emit(result, "auc", locals())
        return
    console.print(
        f"AUC = {result['auc']:.5f} ({result['presences']} deposit points, "
        f"{result['absences']} cells without deposits)"
    )
    if "prediction_area" in result:
        p = result["prediction_area"]
        console.print(
            f"P-A intersection: {p['prediction_rate'] * 100:.1f}% of deposits, normalized "
            f"density {p['normalized_density']:.2f}"
        )
        for k, v in result["outputs"].items():
            console.print(f"{k}: {v}")
    console.print(f"method: {result['method']}")


def _parse_membership(text: str) -> tuple[str, float, float | None]:
    parts = text.split(":")
    try:
        kind = parts[0]
        a = float(parts[1])
        b = float(parts[2]) if len(parts) > 2 else None
    except (IndexError, ValueError):
        fail(f"--membership {text!r}: expected KIND:A[:B], e.g. linear:0:5000 or large:200:5")
    return kind, a, b


@prospect_app.command("fuzzy")
def fuzzy_cmd(
    inputs: Annotated[
        list[Path], typer.Option("--input", "-i", help="Evidence raster; repeatable.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output GeoTIFF.")],
    operator: Annotated[
        str, typer.Option("--operator", help="and | or | product | sum | gamma.")
    ] = "gamma",
    gamma: Annotated[float, typer.Option("--gamma", help="Gamma of the gamma operator.")] = 0.9,
    memberships: Annotated[
        list[str] | None,
        typer.Option(
            "--membership",
            help="Per input, KIND:A[:B] (linear:low:high, large:mid:spread, small:mid:spread, "
            "gaussian:mid:spread); omit when inputs are already memberships in [0, 1].",
        ),
    ] = None,
    align: AlignOpt = False,
    json_out: JsonOption = False,
) -> None:
    """Fuzzy overlay of evidence layers (Bonham-Carter 1994 operators)."""
    from assay.analyses import prospectivity as pa

    parsed = [_parse_membership(m) for m in (memberships or [])]
    with progress(f"fuzzy {operator}", quiet=json_out):
        result = _guard(pa.fuzzy_surface, inputs, out, operator, gamma, parsed or None, align)
    if json_out:
        _emit(result, "fuzzy", locals())
        return
    console.print(
        f"fuzzy {operator} of {len(inputs)} layers -> {result['output']} "
        f"(min {result['min']:.4f}, mean {result['mean']:.4f}, max {result['max']:.4f})"
    )
    for note in result["grid_notes"]:
        console.print(f"grid: {note}")


@prospect_app.command("model")
def model_cmd(
    evidence: EvidenceOpt,
    deposits: DepositsOpt,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")],
    method: Annotated[
        str, typer.Option("--method", help="logistic | forest | boosting | wofe.")
    ] = "logistic",
    block_km: Annotated[
        float, typer.Option("--block-km", help="Side of the spatial CV blocks \\[km].")
    ] = 10.0,
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds.")] = 5,
    background: Annotated[
        int, typer.Option("--background", help="Background cells sampled for training.")
    ] = 5000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    trees: Annotated[int, typer.Option("--trees", help="Trees of the forest.")] = 200,
    cv: Annotated[
        str, typer.Option("--cv", help="spatial (blocks, default) | random (k-fold).")
    ] = "spatial",
    pu: Annotated[bool, typer.Option("--pu", help="Bagging positive-unlabelled learning.")] = False,
    conformal_alpha: Annotated[
        float,
        typer.Option("--conformal-alpha", help="Level of the conformal prediction-set map."),
    ] = 0.1,
    align: AlignOpt = False,
    json_out: JsonOption = False,
) -> None:
    """Supervised prospectivity model with spatial block cross-validation."""
    from assay.analyses import prospectivity as pa

    with progress(f"{method} model", quiet=json_out):
        result = _guard(
            pa.supervised_surface,
            evidence,
            deposits,
            out,
            method,
            block_km,
            folds,
            background,
            seed,
            align,
            n_estimators=trees,
            cv=cv,
            pu=pu,
            conformal_alpha=conformal_alpha,
        )
    if json_out:
        emit_json(result)
        return
    scheme = f"{block_km:g} km spatial blocks" if cv == "spatial" else "random folds"
    console.print(
        f"{method}{' (bagging PU)' if pu else ''}: CV AUC {result['mean_cv_auc']:.3f} "
        f"(sd {result['sd_cv_auc']:.3f}), PR-AUC {result['mean_cv_pr_auc']:.3f} "
        f"(sd {result['sd_cv_pr_auc']:.3f}; baseline {result['pr_auc_baseline']:.3f}) over "
        f"{folds} folds of {scheme} (fold AUC: "
        + ", ".join("n/a" if a is None else f"{a:.3f}" for a in result["cv_auc"])
        + f"); training-set AUC of the full surface {result['auc']:.3f}"
    )
    capture = ", ".join(
        f"{k.removeprefix('top_').replace('pct_area', ' %')}: {v:.2f}"
        for k, v in result["capture"].items()
    )
    console.print(f"share of deposits in the top area: {capture}")
    for k, v in result["outputs"].items():
        console.print(f"{k}: {v}")


@prospect_app.command("compare-cv")
def compare_cv_cmd(
    evidence: EvidenceOpt,
    deposits: DepositsOpt,
    method: Annotated[
        list[str] | None,
        typer.Option("--method", help="Methods to compare (repeat; default wofe, boosting)."),
    ] = None,
    block_km: Annotated[
        float, typer.Option("--block-km", help="Side of the spatial CV blocks \\[km].")
    ] = 10.0,
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds.")] = 5,
    background: Annotated[
        int, typer.Option("--background", help="Background cells sampled for training.")
    ] = 5000,
    repeats: Annotated[int, typer.Option("--repeats", help="Fold draws per scheme.")] = 3,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    json_out: JsonOption = False,
) -> None:
    """Random-split against spatial-block cross-validation of several methods (AUC, PR-AUC)."""
    from rich.table import Table

    from assay.analyses import prospectivity as pa
    from assay.analyses.manifest import build_manifest

    method = method or ["wofe", "boosting"]
    with progress("cross-validation", quiet=json_out):
        result = _guard(
            pa.compare_cross_validation,
            evidence,
            deposits,
            tuple(method),
            block_km,
            folds,
            background,
            seed,
            repeats=repeats,
        )
    result["manifest"] = build_manifest(
        "prospect compare-cv",
        inputs={**{f"evidence_{i}": p for i, p in enumerate(evidence)}, "deposits": deposits},
        parameters={
            "methods": method,
            "block_km": block_km,
            "folds": folds,
            "background": background,
            "repeats": repeats,
        },  # fmt: skip
        seed=seed,
        extra_packages=("scikit-learn",),
    )
    if json_out:
        emit_json(result)
        return
    table = Table(title=f"Cross-validation, {folds} folds x {repeats}: random vs {block_km:g} km "
                  "spatial blocks")  # fmt: skip
    for column in ("method", "split", "ROC-AUC", "sd", "PR-AUC", "sd "):
        table.add_column(column, justify="left" if column in ("method", "split") else "right")
    for name, row in result["methods"].items():
        for scheme, stats in row.items():
            table.add_row(name, scheme, f"{stats['mean_auc']:.3f}", f"{stats['sd_auc']:.3f}",
                          f"{stats['mean_pr_auc']:.3f}", f"{stats['sd_pr_auc']:.3f}")  # fmt: skip
    console.print(table)
    console.print(f"PR-AUC of a random ranking: {result['pr_auc_baseline']:.3f}")


@prospect_app.command("reclassify")
def reclassify_cmd(
    input_path: Annotated[Path, typer.Option("--input", "-i", help="Continuous raster.")],
    out: Annotated[Path, typer.Option("--out", help="Output integer GeoTIFF.")],
    method: Annotated[
        str, typer.Option("--method", help="natural | quantile | equal | bins.")
    ] = "natural",
    classes: Annotated[int, typer.Option("--classes", "-k", help="Number of classes.")] = 10,
    breaks: Annotated[
        str | None, typer.Option("--breaks", help="Upper class limits for bins, e.g. 100,500.")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Reclassify a continuous raster into integer classes 1..k (0 = nodata)."""
    from assay.analyses import prospectivity as pa

    parsed = None
    if breaks:
        try:
            parsed = [float(b) for b in breaks.split(",")]
        except ValueError:
            fail(f"--breaks {breaks!r}: expected numbers separated by commas")
    result = _guard(pa.reclassify_raster, input_path, out, method, classes, parsed)
    if json_out:
        _emit(result, "reclassify", locals())
        return
    console.print(f"{method} breaks: {', '.join(f'{b:g}' for b in result['breaks'])}")
    console.print(f"written: {result['output']}")


@prospect_app.command("distance")
def distance_cmd(
    vector: Annotated[Path, typer.Option("--vector", help="Points, lines or polygons.")],
    template: Annotated[Path, typer.Option("--template", help="Raster whose grid to use.")],
    out: Annotated[Path, typer.Option("--out", help="Output GeoTIFF \\[m].")],
    density_radius_km: Annotated[
        float | None,
        typer.Option("--density-radius-km", help="Write a density raster with this radius."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Distance-to-feature (or density) raster on a template grid."""
    from assay.analyses import prospectivity as pa

    result = _guard(pa.vector_to_raster, vector, template, out, density_radius_km)
    if json_out:
        _emit(result, "distance", locals())
        return
    console.print(f"{result['kind']} raster \\[{result['units']}] written: {result['output']}")


def tract_cmd(
    units: Annotated[Path, typer.Option("--units", help="Geologic-map polygons.")],
    out: Annotated[Path, typer.Option("--out", help="Tract polygons (.geojson or .gpkg).")],
    name: Annotated[str, typer.Option("--name", help="Tract name.")] = "tract",
    attribute: Annotated[
        str | None, typer.Option("--attribute", help="Attribute that selects units.")
    ] = None,
    values: Annotated[
        list[str] | None, typer.Option("--value", help="Permissive value; repeatable.")
    ] = None,
    where: Annotated[
        str | None, typer.Option("--where", help="pandas query over the unit attributes.")
    ] = None,
    buffer_km: Annotated[float, typer.Option("--buffer-km", help="Buffer \\[km].")] = 0.0,
    exclude: Annotated[
        list[Path] | None, typer.Option("--exclude", help="Area to remove; repeatable.")
    ] = None,
    dissolve_by: Annotated[
        str | None, typer.Option("--dissolve-by", help="One tract per value of this attribute.")
    ] = None,
    equal_area_crs: Annotated[
        str | None, typer.Option("--equal-area-crs", help="CRS for areas (default local LAEA).")
    ] = None,
    deposits: Annotated[
        Path | None, typer.Option("--deposits", help="Known sites (points) to list per tract.")
    ] = None,
    from_store: Annotated[
        bool, typer.Option("--sites-from-store", help="List known sites from the inventory.")
    ] = False,
    deposit_type: Annotated[
        str | None, typer.Option("--deposit-type", help="Filter store sites by deposit type.")
    ] = None,
    commodity: Annotated[
        str | None, typer.Option("--commodity", help="Filter store sites by commodity id.")
    ] = None,
    db: DbOption = None,
    gatm: Annotated[Path | None, typer.Option("--gatm", help="Grade-tonnage model CSV.")] = None,
    tm: Annotated[Path | None, typer.Option("--tm", help="Tonnage model CSV.")] = None,
    estimates: Annotated[
        Path | None, typer.Option("--estimates", help="Deposit-number estimates CSV.")
    ] = None,
    spec: Annotated[
        Path | None, typer.Option("--spec", help="Write a tract spec (YAML) for assay assess.")
    ] = None,
    pmf: Annotated[str, typer.Option("--pmf", help="pmf of the spec.")] = "negbinomial",
    pdf: Annotated[str, typer.Option("--pdf", help="pdf of the spec.")] = "normal",
    draws: Annotated[int, typer.Option("--draws", help="Draws of the spec.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the spec.")] = 0,
    json_out: JsonOption = False,
) -> None:
    """Permissive tract: select map units, buffer, dissolve, exclude, equal-area area."""
    from assay.analyses import tracts as tr

    def run() -> dict:
        unit_frame = tr.read_units(units)
        exclusions = [tr.read_units(p) for p in (exclude or [])]
        result = tr.build_tracts(
            unit_frame,
            name,
            attribute=attribute,
            values=values,
            where=where,
            buffer_km=buffer_km,
            exclusions=exclusions,
            dissolve_by=dissolve_by,
            equal_area_crs=equal_area_crs,
        )
        if deposits is not None:
            tr.sites_inside(result, tr.read_units(deposits))
        elif from_store:
            store = open_for_read(db)
            try:
                tr.sites_inside(result, tr.sites_from_store(store, deposit_type, commodity))
            finally:
                store.close()
        path = tr.write_tracts(result, out)
        summary = result.to_dict()
        summary["output"] = str(path)
        summary["map"] = str(tr.plot_tracts(result, unit_frame, out.with_suffix(".png")))
        summary["units_file"] = str(units)
        if spec is not None:
            if estimates is None or (gatm is None) == (tm is None):
                raise tr.TractError("a tract spec needs --estimates and one of --gatm or --tm")
            if len(result.tracts) != 1:
                raise tr.TractError("a tract spec describes one tract; drop --dissolve-by")
            tr.write_tract_spec(
                spec,
                name,
                estimates,
                float(result.tracts["area_km2"].iloc[0]),
                geometry=path,
                gatm=gatm,
                tm=tm,
                pmf=pmf,
                pdf=pdf,
                draws=draws,
                seed=seed,
            )
            summary["spec"] = str(spec)
        return summary

    with progress("tract", quiet=json_out):
        summary = _guard(run)
    if json_out:
        _emit(summary, "tract", locals())
        return
    t = Table(title=f"Permissive tracts ({summary['equal_area_crs']})")
    t.add_column("tract")
    t.add_column("area \\[km²]", justify="right")
    t.add_column("map units", justify="right")
    t.add_column("known sites")
    for row in summary["tracts"]:
        sites = row.get("known_sites")
        shown = (
            ""
            if sites is None
            else (f"{len(sites)}: " + ", ".join(sites[:8]) + (" …" if len(sites) > 8 else ""))
        )
        t.add_row(row["name"], f"{row['area_km2']:.3f}", str(row["n_units"]), shown)
    console.print(t)
    for step in summary["steps"]:
        console.print(f"- {step}")
    console.print(
        f"written: {summary['output']}"
        + (f"; spec: {summary['spec']}" if "spec" in summary else "")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(prospect_app, name="prospect")
    app.command("tract")(tract_cmd)
