"""``assay serve`` (the web app) and ``assay report`` (HTML/PDF reports)."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from assay.cli._common import DbOption, JsonOption, console, emit_json, fail, working


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


report_app = typer.Typer(
    name="report",
    help="Write a report (HTML or PDF) with figures, tables and a sources section.",
    no_args_is_help=True,
)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (default: loopback only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    db: DbOption = None,
    write_token_env: Annotated[
        str | None,
        typer.Option(
            "--write-token-env",
            help="Name of an environment variable holding a write token: the store is then "
            "opened for writing and import endpoints accept that token. Without it the store "
            "is read-only.",
        ),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", help="Largest request body [MB].")
    ] = 2.0,
    timeout_s: Annotated[
        float, typer.Option("--timeout", help="Longest time a request may take [s].")
    ] = 30.0,
    allow_fetch: Annotated[
        bool,
        typer.Option(
            "--allow-fetch",
            help="Let the article check fetch a URL given by the user (off: the server never "
            "contacts an address it is handed).",
        ),
    ] = False,
) -> None:
    """Serve the web app (pages, their JSON twins and the OpenAPI description)."""
    import uvicorn

    from assay.store import default_db_path
    from assay.web import create_app
    from assay.web.security import LOOPBACK_HOSTS, is_loopback

    path = default_db_path(db)
    if not path.exists():
        fail(f"no assay store at {path}; build one with `assay build` (or pass --db)")
    token = None
    if write_token_env:
        token = os.environ.get(write_token_env)
        if not token:
            fail(f"--write-token-env {write_token_env}: that environment variable is empty")
    if not 0 < port < 65536:
        fail(f"--port {port}: not a TCP port")
    allowed = list(LOOPBACK_HOSTS) if is_loopback(host) else None
    try:
        app = create_app(
            path,
            write_token=token,
            max_upload_bytes=int(max_upload_mb * 1_000_000),
            request_timeout_s=timeout_s,
            allow_fetch=allow_fetch,
            allowed_hosts=allowed,
        )
    except Exception as exc:  # a store that cannot be opened (locked, newer schema)
        fail(f"cannot open {path}: {exc}")
    if not is_loopback(host):
        console.print(
            f"[yellow]warning:[/] binding to {host}: the app is reachable from other machines"
        )
    mode = "read-only" if token is None else "writable (token required for imports)"
    console.print(f"assay: serving {path} ({mode}) at http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


FormatOption = Annotated[ReportFormat, typer.Option("--format", help="html or pdf.")]


def _output_option(default: str) -> Any:
    """The ``--output/-o`` option of a report whose default file is ``./<default>.*``."""
    return Annotated[
        Path | None,
        typer.Option("--output", "-o", help=f"File to write (default: ./{default}.*)."),
    ]


CountryOutput = _output_option("<ISO3>")
CommodityOutput = _output_option("commodity-<id>")
TractOutput = _output_option("<tract>")
DealOutput = _output_option("deal-<spec>")


@report_app.command("country")
def report_country(
    iso3: Annotated[str, typer.Argument(help="Country: ISO3 code or name.")],
    format: FormatOption = ReportFormat.html,
    output: CountryOutput = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Country dossier: statistics, sites, supply risk, news claims and sources."""
    from assay.reports.country import country_report

    _store_report(
        db, f"the {iso3} dossier", format, output, json_out,
        lambda s, step: country_report(s, iso3, progress=step),
    )  # fmt: skip


@report_app.command("commodity")
def report_commodity(
    commodity: Annotated[str, typer.Argument(help="Commodity: name, alias or id.")],
    format: FormatOption = ReportFormat.html,
    output: CommodityOutput = None,
    edition: Annotated[
        int | None, typer.Option("--edition", help="MCS edition (default: the latest).")
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Commodity briefing: world output and reserves, concentration, supply risk, sites."""
    from assay.reports.commodity import commodity_report

    _store_report(
        db, f"the {commodity} briefing", format, output, json_out,
        lambda s, step: commodity_report(s, commodity, edition, progress=step),
    )  # fmt: skip


@report_app.command("assessment")
def report_assessment(
    tract: Annotated[Path, typer.Argument(help="Tract specification (YAML).")],
    format: FormatOption = ReportFormat.html,
    output: TractOutput = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed (default: the spec's).")
    ] = None,
    draws: Annotated[
        int | None, typer.Option("--draws", help="Simulation draws (default: the spec's).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Assessment report: pmf, contained totals, exceedance curves, economic filter."""
    from assay.reports import assessment_report

    if not tract.is_file():
        fail(f"{tract}: no such file")
    with working(f"writing the {tract.stem} assessment ({format.value})", json_out) as step:
        try:
            step("simulation")
            report = assessment_report(tract, seed=seed, draws=draws)
        except (ValueError, KeyError, LookupError) as exc:
            fail(f"{tract}: {exc}")
        target = _write(report, output, format, step)
    _done(target, report.title, json_out)


@report_app.command("deal")
def report_deal(
    spec: Annotated[Path, typer.Argument(help="Deal spec (YAML), as `assay deal` reads it.")],
    format: FormatOption = ReportFormat.html,
    output: DealOutput = None,
    json_out: JsonOption = False,
) -> None:
    """Deal report: summary, cumulative inflow, payback, PV by party, terms and sources."""
    from assay.importers.raef import RaefInputError
    from assay.reports.deal import deal_report

    if not spec.is_file():
        fail(f"{spec}: no such file")
    with working(f"writing the deal report ({format.value})", json_out) as step:
        try:
            report = deal_report(spec, progress=step)
        except (RaefInputError, ValueError) as exc:
            fail(str(exc))
        target = _write(report, output, format, step)
    _done(target, report.title, json_out)


def _store_report(
    db: Path | None,
    what: str,
    fmt: ReportFormat,
    output: Path | None,
    json_out: bool,
    make: Callable[[Any, Any], Any],
) -> None:
    """Open the store, build a report with ``make(store, progress)`` and write it; an
    unknown name is a one-line error (exit 2)."""
    from assay.cli._common import open_for_read

    store = open_for_read(db)
    try:
        with working(f"writing {what} ({fmt.value})", json_out) as step:
            try:
                report = make(store, step)
            except (LookupError, ValueError) as exc:  # UnknownNameError is a ValueError
                fail(str(exc).strip("'\""))
            target = _write(report, output, fmt, step)
    finally:
        store.close()
    _done(target, report.title, json_out)


def _write(report: Any, output: Path | None, fmt: ReportFormat, progress: Any = None) -> Path:
    """Write ``report`` to ``output`` (default ``./<slug>.<format>``); return the path."""
    from assay.reports import write_report

    target = output or Path(f"{report.slug}.{fmt.value}")
    write_report(report, target, fmt.value, progress)
    return target


def _done(target: Path, title: str, json_out: bool) -> None:
    if json_out:
        emit_json({"path": str(target), "title": title, "bytes": target.stat().st_size})
    else:
        console.print(f"wrote {target} ({target.stat().st_size:,} bytes): {title}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(report_app, name="report")
