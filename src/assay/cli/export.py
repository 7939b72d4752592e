"""``assay export KIND [ARGS] -o FILE``: every table of the Python API as a file.

KIND is one of the :mod:`assay.api` functions that return a table, with the arguments of
the matching command. The format follows the file's suffix: ``.csv`` or ``.parquet`` for
every table; ``.geojson``, ``.gpkg`` and ``.parquet`` (GeoParquet) for sites and tracts.
CSV cells are neutralised against formula injection (:mod:`assay.tables`). Nothing is
written when the arguments are wrong: an unknown name is a one-line error and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from assay.cli._common import DbOption, console, fail, progress

__all__ = ["register"]

OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="Output file: .csv or .parquet (tables); .geojson, .gpkg or .parquet (GeoParquet) "
        "for sites and tracts.",
    ),
]
TABLE_SUFFIXES = (".csv", ".parquet")
GEO_SUFFIXES = (".csv", ".parquet", ".geojson", ".gpkg")

export_app = typer.Typer(
    help="Write a table of the Python API (assay.api) as CSV or Parquet; sites and tracts "
    "also as GeoJSON, GeoPackage or GeoParquet.",
    no_args_is_help=True,
)


def _check_suffix(out: Path, geo: bool = False) -> None:
    allowed = GEO_SUFFIXES if geo else TABLE_SUFFIXES
    if out.suffix.lower() not in allowed:
        fail(f"--out {out}: use a file name ending in {', '.join(allowed)}")
    if out.is_dir():
        fail(f"--out {out}: is a folder")


def _geo_write(frame: Any, out: Path, kind: str) -> None:
    """A GeoDataFrame by suffix: GeoJSON (WGS 84), GeoPackage, GeoParquet, or CSV with the
    geometry as WKT text."""
    from assay.tables import write_atomically, write_table

    suffix = out.suffix.lower()
    if suffix == ".csv":
        table = frame.drop(columns=frame.geometry.name).copy()
        table["geometry_wkt"] = [None if g is None or g.is_empty else g.wkt for g in frame.geometry]
        table.attrs = dict(frame.attrs)
        write_table(table, out)
        return
    if suffix == ".parquet":
        write_atomically(out, lambda tmp: frame.to_parquet(tmp, index=False))
    elif suffix == ".gpkg":
        write_atomically(out, lambda tmp: frame.to_file(tmp, driver="GPKG", layer=kind))
    else:  # RFC 7946: GeoJSON is longitude/latitude
        write_atomically(out, lambda tmp: frame.to_crs("EPSG:4326").to_file(tmp, driver="GeoJSON"))


def _run(call: Callable[[], Any], out: Path, *, geo: bool = False, kind: str = "table") -> None:
    """Check the suffix, call the API, write the frame; any bad input is one line, exit 2."""
    from assay.api import AssayError
    from assay.tables import write_table

    _check_suffix(out, geo)
    with progress(f"exporting to {out.name}") as step:  # an audit or a case takes seconds
        try:
            result = call()
        except AssayError as exc:
            fail(str(exc))
        frame = result if hasattr(result, "columns") else result.to_frame()
        step(f"writing {out.name}")
        try:
            if geo:
                _geo_write(frame, out, kind)
            else:
                write_table(frame, out)
        except OSError as exc:
            fail(f"{out}: cannot write ({exc.strerror or exc})")
    console.print(f"wrote {len(frame)} rows to {out}", highlight=False)


# -- world statistics ------------------------------------------------------------------------
@export_app.command("commodity")
def commodity_cmd(
    name: Annotated[str, typer.Argument(help="Commodity name, alias or MCS code.")],
    out: OutOption,
    edition: Annotated[int | None, typer.Option("--edition", help="MCS edition.")] = None,
    db: DbOption = None,
) -> None:
    """World reserves and production of a commodity (every published table)."""
    from assay import api

    _run(lambda: api.commodity(name, edition, db=db), out)


@export_app.command("world-table")
def world_table_cmd(
    name: Annotated[str, typer.Argument(help="Commodity name, alias or MCS code.")],
    measure: Annotated[str, typer.Argument(help="reserves, mine_production, ...")],
    out: OutOption,
    edition: Annotated[int | None, typer.Option("--edition", help="MCS edition.")] = None,
    db: DbOption = None,
) -> None:
    """One published world table with shares and ranks."""
    from assay import api

    _run(lambda: api.world_table(name, measure, edition, db=db), out)


@export_app.command("history")
def history_cmd(
    name: Annotated[str, typer.Argument(help="Commodity name.")],
    measure: Annotated[str, typer.Argument(help="reserves, mine_production, ...")],
    out: OutOption,
    country: Annotated[str | None, typer.Option("--country", help="Only this country.")] = None,
    sub_table: Annotated[str | None, typer.Option("--sub-table", help="Sub-table.")] = None,
    db: DbOption = None,
) -> None:
    """One series across MCS editions, per country."""
    from assay import api

    _run(lambda: api.history(name, measure, country=country, sub_table=sub_table, db=db), out)


@export_app.command("country")
def country_cmd(
    name: Annotated[str, typer.Argument(help="Country name or ISO code.")],
    out: OutOption,
    db: DbOption = None,
) -> None:
    """Every commodity the store has for a country."""
    from assay import api

    _run(lambda: api.country(name, db=db), out)


@export_app.command("element")
def element_cmd(
    name: Annotated[str, typer.Argument(help="Element symbol or name.")],
    out: OutOption,
    db: DbOption = None,
) -> None:
    """An element's identity, groups and oxide."""
    from assay import api

    _run(lambda: api.element(name, db=db), out)


@export_app.command("sources")
def sources_cmd(out: OutOption, db: DbOption = None) -> None:
    """Every source in the store with its observation count."""
    from assay import api

    _run(lambda: api.sources(db=db), out)


# -- sites -----------------------------------------------------------------------------------
@export_app.command("sites")
def sites_cmd(
    out: OutOption,
    country: Annotated[str | None, typer.Option("--country", help="Country.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Admin-1 region.")] = None,
    commodity: Annotated[str | None, typer.Option("--commodity", help="Commodity.")] = None,
    deposit_type: Annotated[
        str | None, typer.Option("--deposit-type", help="Deposit type (part of its name).")
    ] = None,
    min_confidence: Annotated[
        str | None, typer.Option("--min-confidence", help="Lowest confidence level.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Linked sites (points, EPSG:4326)."""
    from assay import api

    _run(
        lambda: api.sites(
            country,
            region=region,
            commodity=commodity,
            deposit_type=deposit_type,
            min_confidence=min_confidence,
            db=db,
        ),
        out,
        geo=True,
        kind="sites",
    )


@export_app.command("site")
def site_cmd(
    name_or_id: Annotated[str, typer.Argument(help="Site id (S...), record id or name.")],
    out: OutOption,
    db: DbOption = None,
) -> None:
    """The resource estimates of one site."""
    from assay import api

    _run(lambda: api.site(name_or_id, db=db), out)


# -- risk, chain, trade, audit, case ---------------------------------------------------------
@export_app.command("risk")
def risk_cmd(
    out: OutOption,
    commodity: Annotated[str | None, typer.Argument(help="Commodity name.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Rank every commodity.")] = False,
    edition: Annotated[int | None, typer.Option("--edition", help="MCS edition.")] = None,
    db: DbOption = None,
) -> None:
    """Leading producers of a commodity's risk table, or the ranking of all (--all)."""
    from assay import api

    if not all_ and not commodity:
        fail("give a COMMODITY or --all")
    if all_:
        _run(lambda: api.risk_all(edition, db=db), out)
    else:
        _run(lambda: api.risk(commodity, edition, db=db), out)


@export_app.command("chain")
def chain_cmd(
    commodity: Annotated[str, typer.Argument(help="Commodity name.")],
    out: OutOption,
    year: Annotated[int | None, typer.Option("--year", help="Data year.")] = None,
    compare: Annotated[bool, typer.Option("--compare", help="USGS vs WMD mine output.")] = False,
    db: DbOption = None,
) -> None:
    """Supply-chain stages, one row per stage and country."""
    from assay import api

    _run(lambda: api.chain(commodity, year, compare=compare, db=db), out)


@export_app.command("shock")
def shock_cmd(
    commodity: Annotated[str, typer.Argument(help="Commodity name.")],
    out: OutOption,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Producer to remove (repeatable).")
    ] = None,
    cap: Annotated[list[str] | None, typer.Option("--cap", help="COUNTRY=MAX output.")] = None,
    add: Annotated[list[str] | None, typer.Option("--add", help="COUNTRY=EXTRA output.")] = None,
    measure: Annotated[str, typer.Option("--measure", help="Table.")] = "mine_production",
    edition: Annotated[int | None, typer.Option("--edition", help="MCS edition.")] = None,
    db: DbOption = None,
) -> None:
    """Producers before and after a supply shock."""
    from assay import api

    removes = [r.strip() for item in (remove or []) for r in item.split(",") if r.strip()]
    caps, adds = _pairs(cap, "--cap"), _pairs(add, "--add")
    _run(
        lambda: api.shock(
            commodity, removes, cap=caps, add=adds, measure=measure, edition=edition, db=db
        ),
        out,
    )


def _pairs(items: list[str] | None, option: str) -> dict[str, float]:
    """COUNTRY=NUMBER options (comma-separated or repeated), as ``assay shock`` reads them."""
    out: dict[str, float] = {}
    for part in (p.strip() for item in items or [] for p in item.split(",")):
        if not part:
            continue
        key, sep, text = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(text.replace("_", ""))
        except ValueError:
            fail(f"{option} {part!r}: expected COUNTRY=NUMBER")
    return out


@export_app.command("chain-shock")
def chain_shock_cmd(
    commodity: Annotated[str, typer.Argument(help="Commodity name.")],
    out: OutOption,
    stage: Annotated[str, typer.Option("--stage", help="Processing stage that stops.")],
    remove: Annotated[str, typer.Option("--remove", help="Country.")] = "CHN",
    year: Annotated[int | None, typer.Option("--year", help="Data year.")] = None,
    db: DbOption = None,
) -> None:
    """Stranded mine output per country when one country stops a stage."""
    from assay import api

    _run(lambda: api.chain_shock(commodity, stage, remove, year, db=db), out)


@export_app.command("trade")
def trade_cmd(
    commodity: Annotated[str, typer.Argument(help="Commodity name.")],
    out: OutOption,
    importer: Annotated[str, typer.Option("--importer", help="Importer (ISO3, name, EU27).")],
    year: Annotated[int | None, typer.Option("--year", help="Trade year.")] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="One stage's HS codes.")] = None,
    db: DbOption = None,
) -> None:
    """Import partners (CEPII BACI)."""
    from assay import api

    _run(lambda: api.trade(commodity, importer, year, stage=stage, db=db), out)


@export_app.command("audit")
def audit_cmd(
    out: OutOption,
    severity: Annotated[str | None, typer.Option("--severity", help="high, medium, low.")] = None,
    db: DbOption = None,
) -> None:
    """The plausibility audit's flags."""
    from assay import api

    _run(lambda: api.audit(severity, db=db), out)


@export_app.command("case")
def case_cmd(
    country: Annotated[str, typer.Argument(help="Country (ISO3 or name).")],
    out: OutOption,
    commodity: Annotated[str | None, typer.Option("--commodity", help="Commodity.")] = None,
    db: DbOption = None,
) -> None:
    """The known deposits of a case dossier."""
    from assay import api

    _run(lambda: api.case(country, commodity, db=db), out)


# -- assessments, economics, news ------------------------------------------------------------
@export_app.command("assess")
def assess_cmd(
    out: OutOption,
    spec: Annotated[Path | None, typer.Argument(help="Tract spec (YAML or TOML).")] = None,
    gatm: Annotated[Path | None, typer.Option("--gatm", help="Grade-tonnage CSV.")] = None,
    tm: Annotated[Path | None, typer.Option("--tm", help="Tonnage model CSV.")] = None,
    estimates: Annotated[Path | None, typer.Option("--estimates", help="Estimates CSV.")] = None,
    pmf: Annotated[str | None, typer.Option("--pmf", help="negbinomial|mark3|mark4.")] = None,
    draws: Annotated[int | None, typer.Option("--draws", help="Simulations.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Tract name.")] = None,
) -> None:
    """Contained totals of one tract, one row per material."""
    from assay import api

    _run(
        lambda: api.assess(
            spec, gatm=gatm, tm=tm, estimates=estimates, pmf=pmf, draws=draws, seed=seed,
            name=name,
        ),
        out,
    )  # fmt: skip


@export_app.command("assess-batch")
def assess_batch_cmd(
    batch: Annotated[Path, typer.Argument(help="Batch file (YAML or TOML).")],
    out: OutOption,
    draws: Annotated[int | None, typer.Option("--draws", help="Simulations per tract.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Root seed.")] = None,
    serial: Annotated[bool, typer.Option("--serial", help="Without Dask.")] = False,
    workers: Annotated[int, typer.Option("--workers", help="Local Dask workers.")] = 2,
) -> None:
    """Contained totals of many tracts, one row per tract and material."""
    from assay import api

    _run(
        lambda: api.assess_batch(batch, draws=draws, seed=seed, serial=serial, workers=workers),
        out,
    )


@export_app.command("aggregate")
def aggregate_cmd(
    source: Annotated[Path, typer.Argument(help="Batch file or saved-simulations folder.")],
    out: OutOption,
    correlation: Annotated[float, typer.Option("--correlation", help="Rank correlation.")] = 0.0,
    draws: Annotated[int | None, typer.Option("--draws", help="Simulations per tract.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Root seed.")] = None,
    serial: Annotated[bool, typer.Option("--serial", help="Without Dask.")] = False,
    workers: Annotated[int, typer.Option("--workers", help="Local Dask workers.")] = 2,
) -> None:
    """Regional totals, one row per mode and material."""
    from assay import api

    _run(
        lambda: api.aggregate(
            source, correlation=correlation, draws=draws, seed=seed, serial=serial,
            workers=workers,
        ),
        out,
    )  # fmt: skip


@export_app.command("deposit-density")
def deposit_density_cmd(
    model: Annotated[str, typer.Argument(help="general | porphyry_cu | podiform_cr | vms.")],
    out: OutOption,
    area: Annotated[float, typer.Option("--area", help="Tract area \\[km2].")],
    median_tonnage: Annotated[
        float | None, typer.Option("--median-tonnage", help="Median tonnage \\[Mt].")
    ] = None,
    known: Annotated[int, typer.Option("--known", help="Known deposits.")] = 0,
    n90: Annotated[float | None, typer.Option("--n90")] = None,
    n50: Annotated[float | None, typer.Option("--n50")] = None,
    n10: Annotated[float | None, typer.Option("--n10")] = None,
) -> None:
    """Deposit numbers from a deposit-density model."""
    from assay import api

    _run(
        lambda: api.deposit_density(
            model, area, median_tonnage_mt=median_tonnage, known=known, n90=n90, n50=n50,
            n10=n10,
        ),
        out,
    )  # fmt: skip


@export_app.command("econ")
def econ_cmd(
    out: OutOption,
    deposits: Annotated[Path, typer.Option("--deposits", help="Simulated-deposit CSV.")],
    preset: Annotated[Path, typer.Option("--preset", help="RAEF preset file.")],
    values: Annotated[Path | None, typer.Option("--values", help="CValues.csv.")] = None,
    recoveries: Annotated[Path | None, typer.Option("--recoveries", help="MillR.csv.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the depth draws.")] = 0,
) -> None:
    """RAEF economic filter, one row per commodity and measure."""
    from assay import api

    _run(lambda: api.econ(deposits, preset, values=values, recoveries=recoveries, seed=seed), out)


@export_app.command("deal")
def deal_cmd(
    spec: Annotated[Path, typer.Argument(help="Deal spec (YAML).")],
    out: OutOption,
) -> None:
    """Cumulative fund inflow by year."""
    from assay import api

    _run(lambda: api.deal(spec), out)


@export_app.command("check")
def check_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Articles: files or folders.")],
    out: OutOption,
    date: Annotated[str | None, typer.Option("--date", help="Date of undated articles.")] = None,
    db: DbOption = None,
) -> None:
    """The claims of news articles with their verdicts."""
    from assay import api

    _run(lambda: api.news_check(paths, date=date, db=db), out)


@export_app.command("tracts")
def tracts_cmd(
    out: OutOption,
    units: Annotated[Path, typer.Option("--units", help="Geologic-map polygons.")],
    name: Annotated[str, typer.Option("--name", help="Tract name.")] = "tract",
    attribute: Annotated[str | None, typer.Option("--attribute", help="Attribute.")] = None,
    values: Annotated[list[str] | None, typer.Option("--value", help="Permissive value.")] = None,
    where: Annotated[str | None, typer.Option("--where", help="pandas query.")] = None,
    buffer_km: Annotated[float, typer.Option("--buffer-km", help="Buffer \\[km].")] = 0.0,
    exclude: Annotated[list[Path] | None, typer.Option("--exclude", help="Area to remove.")] = None,
    dissolve_by: Annotated[str | None, typer.Option("--dissolve-by", help="Attribute.")] = None,
    equal_area_crs: Annotated[str | None, typer.Option("--equal-area-crs")] = None,
    deposits: Annotated[Path | None, typer.Option("--deposits", help="Known sites.")] = None,
) -> None:
    """Permissive tracts (polygons in their working CRS; GeoJSON in WGS 84)."""
    from assay import api

    _run(
        lambda: api.tracts(
            units, name, attribute=attribute, values=values, where=where, buffer_km=buffer_km,
            exclude=exclude or (), dissolve_by=dissolve_by, equal_area_crs=equal_area_crs,
            deposits=deposits,
        ),
        out,
        geo=True,
        kind="tracts",
    )  # fmt: skip


@export_app.command("prospect-weights")
def prospect_weights_cmd(
    out: OutOption,
    evidence: Annotated[Path, typer.Option("--evidence", "-e", help="Integer class raster.")],
    deposits: Annotated[Path, typer.Option("--deposits", "-d", help="Deposit points.")],
    weight_type: Annotated[
        str, typer.Option("--type", help="unique | categorical | ascending | descending.")
    ] = "unique",
    unit_area_km2: Annotated[
        float, typer.Option("--unit-area-km2", help="Unit cell \\[km2].")
    ] = 1.0,
    threshold: Annotated[float, typer.Option("--threshold", help="Studentized contrast.")] = 2.0,
    missing_data: Annotated[int | None, typer.Option("--missing-data")] = None,
    generalize: Annotated[str | None, typer.Option("--generalize")] = None,
) -> None:
    """Weights-of-evidence table of one evidence layer, one row per class."""
    from assay import api

    _run(
        lambda: api.prospect_weights(
            evidence, deposits, weight_type, unit_area_km2=unit_area_km2, threshold=threshold,
            missing_data=missing_data, generalize=generalize,
        ),
        out,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
