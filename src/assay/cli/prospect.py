"""``assay prospect ...`` (weights of evidence, response, AUC, fuzzy overlay, supervised
models, reclassification) and ``assay tract`` (permissive tracts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assay.cli._common import JsonOption, console, emit_json, fail

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
    float, typer.Option("--unit-area-km2", help="Unit cell for area counts [km²].")
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


def _fmt(x: float, digits: int = 6) -> str:
    return f"{x:.{digits}f}"


def _guard(fn, *args, **kwargs):
    """Run an analysis; turn bad-input errors into a one-line message and exit code 2."""
    from assay.analyses.prospectivity import ProspectivityError
    from assay.importers.geodata import GeodataError
    from assay.models.prospectivity.weights_of_evidence import WofEError

    try:
        return fn(*args, **kwargs)
    except (ProspectivityError, GeodataError, WofEError) as exc:
        fail(str(exc))
    except FileNotFoundError as exc:
        fail(f"{exc.filename}: no such file")


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
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the table as CSV (ArcSDM columns).")
    ] = None,
    reproject: Annotated[
        bool, typer.Option("--reproject-deposits", help="Reproject deposits to the raster CRS.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Weights-of-evidence table of one evidence layer (ArcSDM / GA Calculate Weights)."""
    from assay.analyses import prospectivity as pa
    from assay.models.prospectivity.weights_of_evidence import WEIGHT_TYPES

    if weight_type not in WEIGHT_TYPES:
        fail(f"--type must be one of {', '.join(WEIGHT_TYPES)}, got {weight_type!r}")
    table, info = _guard(
        pa.calculate_weights,
        evidence,
        deposits,
        weight_type,
        unit_area_km2=unit_area_km2,
        studentized_contrast_threshold=threshold,
        missing_data_value=missing_data,
        reproject_deposits=reproject,
    )
    if out is not None:
        info["output"] = str(pa.write_weights_csv(table, out))
    if json_out:
        rows = table.to_dict(orient="records")
        emit_json({**info, "rows": rows})
        return
    t = Table(
        title=f"Weights of evidence, {evidence.name} ({weight_type}); "
        f"N(T) = {info['total_area_units']:.2f} units of {unit_area_km2:g} km², "
        f"N(D) = {info['total_points']}"
    )
    for col in [
        "class",
        "area km²",
        "units",
        "points",
        "W+",
        "s(W+)",
        "W−",
        "s(W−)",
        "C",
        "s(C)",
        "stud. C",
        "gen",
        "weight",
        "s(weight)",
    ]:
        t.add_column(col, justify="right")
    for r in table.itertuples(index=False):
        t.add_row(
            str(r[0]),
            f"{r.class_area_km2:.2f}",
            f"{r.area_units:.2f}",
            str(r.points),
            _fmt(r.w_plus, 4),
            _fmt(r.s_w_plus, 4),
            _fmt(r.w_minus, 4),
            _fmt(r.s_w_minus, 4),
            _fmt(r.contrast, 4),
            _fmt(r.s_contrast, 4),
            _fmt(r.studentized_contrast, 3),
            str(r.gen_class),
            _fmt(r.weight, 4),
            _fmt(r.w_std, 4),
        )
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
    json_out: JsonOption = False,
) -> None:
    """Posterior probability, its std and confidence from generalised evidence layers."""
    from assay.analyses import prospectivity as pa

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
        emit_json(summary)
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
    json_out: JsonOption = False,
) -> None:
    """ROC AUC of a surface against deposits (GA Calculate AUC conventions)."""
    from assay.analyses import prospectivity as pa

    result = _guard(pa.calculate_auc, surface, deposits, out, reproject_deposits=reproject)
    if json_out:
        emit_json(result)
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


def register(app: typer.Typer) -> None:
    app.add_typer(prospect_app, name="prospect")
