"""``assay risk``, ``assay shock`` and ``assay import-risk``: who depends on whom.

- ``risk COMMODITY``: concentration (shares, HHI with named bands, top-1/top-3, China's
  share), U.S. import dependence and the EU CRM, USGS 2021 and GeoPolRisk scores with what
  each had to assume; ``risk --all``: a ranking across every commodity in the store;
- ``shock COMMODITY --remove CHN``: remove, cap or add producers (flags or a YAML spec);
- ``import-risk``: load governance scores, MCS import tables, user stage tables or method
  parameters into the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli._common import (
    DbOption,
    JsonOption,
    QuietOption,
    console,
    emit_json,
    fail,
    import_group,
    open_for_read,
    progress,
)


def _fmt(x: Any, digits: int = 4) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        if x != x:
            return "—"
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        return f"{x:.{digits}g}"
    return str(x)


def _pct(x: Any) -> str:
    """A fraction shown in percent."""
    if x is None or (isinstance(x, float) and x != x):
        return "—"
    return f"{100 * float(x):.1f} %"


def _p(x: Any) -> str:
    """A value already in percent."""
    if x is None or (isinstance(x, float) and x != x):
        return "—"
    return f"{float(x):.1f} %"


def _short(text: str) -> str:
    return _words(text.split(" (")[0])


def _words(code: Any) -> str:
    """An internal code as words for the terminal (``mine_production`` -> ``mine
    production``, ``eu_crm`` -> ``EU CRM``); the JSON keeps the codes."""
    from assay.formatting import label

    return _METHOD_NAMES.get(str(code), label(code))


_METHOD_NAMES = {"eu_crm": "EU CRM", "usgs_2021": "USGS 2021", "geopolrisk": "GeoPolRisk"}


def _listing(items: Any) -> str:
    if not items:
        return "—"
    if isinstance(items, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in items.items())
    if isinstance(items, (list, tuple)):
        return ", ".join(str(i) for i in items)
    return str(items)


def _pairs(items: list[str] | None, option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            if "=" not in part:
                fail(f"{option} {part!r}: expected COUNTRY=NUMBER")
            key, _, text = part.partition("=")
            try:
                out[key.strip()] = float(text.replace("_", ""))
            except ValueError:
                fail(f"{option} {part!r}: {text!r} is not a number")
    return out


def _print_risk(view: dict[str, Any]) -> None:
    cid = view["commodity"]
    console.print(f"[bold]Supply risk: {cid}[/] — MCS edition {view['edition']}")
    table = Table(title="Concentration (shares of the published world total)")
    for col in (
        "measure",
        "data year",
        "world total",
        "HHI",
        "band (DOJ/FTC 2023)",
        "top-1",
        "top-3",
        "China",
    ):
        text_column = col in ("measure", "band (DOJ/FTC 2023)")
        table.add_column(col, justify="left" if text_column else "right")
    for measure, c in view["concentration"].items():
        unit = c["unit"] if isinstance(c["unit"], str) else ", ".join(c["unit"] or [])
        basis = c.get("basis")
        if basis:
            unit = f"{unit} {basis if isinstance(basis, str) else ', '.join(basis)}"
        world = _fmt(c["world_total"])
        q = c.get("world_qualifier") or ""
        if ">" in q or "<" in q:
            world = f"{'>' if '>' in q else '<'}{world}"
        table.add_row(
            _words(measure),
            _fmt(c["data_year"]),
            f"{world} {unit}".strip(),
            _fmt(c["hhi"], 5),
            c["hhi_bands"]["doj_ftc_2023"]["label"] or "—",
            _p(c["top1_share"]),
            _p(c["top3_share"]),
            _p(c["china_share"]),
        )
    console.print(table)
    for measure, c in view["concentration"].items():
        if c.get("warning"):
            console.print(f"[yellow]{_words(measure)}: {c['warning']}[/]")
    top = Table(title=f"Leading producers ({_words(view['top_measure'])})")
    for col in ("rank", "country", "value", "unit", "share", "source"):
        top.add_column(col, justify="right" if col in ("rank", "value", "share") else "left")
    for r in view["top"]:
        top.add_row(
            _fmt(r["rank"]),
            f"{r['country']} ({r['iso3']})",
            _fmt(r["value"]),
            f"{r['unit']} {r.get('basis') or ''}".strip(),
            _p(r["share"]),
            str(r["source_id"]),
        )
    console.print(top)
    for stage, s in view["stages"].items():
        console.print(
            f"stage [bold]{stage}[/] (USER-PROVIDED, {', '.join(s['provided_by'])}): "
            f"HHI {_fmt(s['hhi'], 5)}, China {_p(s['china_share'])}, year {s['data_year']}"
        )
    imp = view["us_import_dependence"]
    if imp["source_id"] is None:
        console.print("U.S. net import reliance: not in the store")
    else:
        nir = imp["original_value"] or "—"
        kind = "MCS salient statistics" if imp["table_kind"] == "salient" else "MCS Fig. 2"
        console.print(
            f"U.S. net import reliance: [bold]{nir}[/] % of apparent consumption "
            f"({imp['data_year']}; {imp['label'] or 'all forms'}; {kind}, "
            f"source {imp['source_id']})"
        )
    years = [
        r for r in imp["series"] if r["table_kind"] == "salient" and r["label"] == imp["label"]
    ]
    if len(years) > 1:
        console.print(
            "  by year: "
            + ", ".join(
                f"{r['data_year']} "
                + ("E" if r["qualifier"] == "E" else f"{r['qualifier'] or ''}{_fmt(r['value'])}")
                for r in years
            )
            + f" (MCS {imp['edition']})"
        )
    if imp["import_sources"]:
        listing = ", ".join(
            f"{s['name']}" + (f" {100 * s['share']:.0f} %" if s["share"] is not None else "")
            for s in imp["import_sources"]
        )
        console.print(f"U.S. import sources ({imp['import_sources'][0]['period']}): {listing}")
    scores = Table(title="Supply-risk scores (importer: USA)")
    for col in ("method", "value", "scale", "missing", "assumed"):
        scores.add_column(col, justify="right" if col == "value" else "left")
    for method, s in view["supply_risk"].items():
        scores.add_row(
            _words(method),
            _fmt(s["value"]),
            s.get("scale", ""),
            ", ".join(_short(m) for m in s["missing"]) or "—",
            ", ".join(sorted({_words(a["parameter"]) for a in s["assumed"]})) or "—",
        )
    console.print(scores)
    series = view.get("series", {}).get(view["top_measure"], [])
    if len(series) > 1:
        hist = Table(title=f"{_words(view['top_measure']).capitalize()} across MCS editions")
        for col in ("edition", "data year", "world total", "HHI", "top-1", "China"):
            hist.add_column(col, justify="right")
        for r in series:
            unit = r["unit"] if isinstance(r["unit"], str) else ""
            hist.add_row(
                str(r["edition"]),
                _fmt(r["data_year"]),
                f"{_fmt(r['world_total'])} {unit}",
                _fmt(r["hhi"], 5),
                _p(r["top1_share"]),
                _p(r["china_share"]),
            )
        console.print(hist)
    console.print("Governance: " + (", ".join(view["governance_sources"]) or "none in the store"))
    console.print("Sources:")
    for sid, src in view.get("sources", {}).items():
        doi = f", doi:{src['doi']}" if src.get("doi") else ""
        console.print(f"  {sid}: {src['publisher']}, {src['title']}{doi}", highlight=False)


def _print_all(result: dict[str, Any]) -> None:
    editions = sorted({r["edition"] for r in result["commodities"] if r["edition"]})
    table = Table(
        title=f"Supply-risk ranking: {result['count']} commodities, MCS "
        f"{', '.join(map(str, editions))} (ranked by the USGS 2021 index)"
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("commodity", no_wrap=True, overflow="ellipsis", max_width=17)
    for col in ("HHI", "lead", "CN %", "US NIR", "USGS", "EU SR", "GPR"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in result["commodities"]:
        nir = r["us_net_import_reliance"]
        q = r["us_nir_qualifier"]
        nir_text = "E" if q == "E" else (f"{q or ''}{_fmt(nir)}" if nir is not None else "—")
        table.add_row(
            str(r["rank"]),
            r["commodity"],
            "—" if r["hhi"] is None else f"{r['hhi']:.0f}",
            r["top_producer"] or "—",
            "—" if r["china_share"] is None else f"{r['china_share']:.0f}%",
            nir_text,
            "—" if r["usgs_2021"] is None else f"{r['usgs_2021']:.2f}",
            "—" if r["eu_crm"] is None else f"{r['eu_crm']:.2f}",
            "—" if r["geopolrisk"] is None else f"{r['geopolrisk']:.2f}",
        )
    console.print(table)
    console.print(
        "HHI of mine production where published, else refinery; CN % = China's share; US NIR "
        "in % ('E' = net exporter); USGS 2021, EU CRM supply risk and GeoPolRisk (GPR) for the "
        "U.S. as importer (assumptions: assay risk COMMODITY)."
    )


def risk(
    commodity: Annotated[
        str | None, typer.Argument(help="Commodity name, e.g. 'rare earths'.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Rank every commodity in the store.")] = False,
    edition: Annotated[int | None, typer.Option("--edition", help="MCS edition (year).")] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Concentration, U.S. import dependence and supply-risk scores of a commodity."""
    from assay.analyses.risk import risk_all, risk_view
    from assay.store.lookup import UnknownNameError

    if not all_ and not commodity:
        fail("give a COMMODITY or --all")
    store = open_for_read(db)
    label = "ranking every commodity" if all_ else f"supply risk of {commodity}"
    try:
        with progress(label, quiet=quiet or json_out):
            result = risk_all(store, edition) if all_ else risk_view(store, commodity, edition)
    except UnknownNameError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json_out:
        emit_json(result)
    elif all_:
        _print_all(result)
    else:
        _print_risk(result)


def _load_spec(path: Path) -> dict[str, Any]:
    import yaml

    if not path.is_file():
        fail(f"{path}: file not found")
    try:
        spec = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        fail(f"{path}{line}: not valid YAML")
    if not isinstance(spec, dict):
        fail(f"{path}: expected a mapping with commodity, remove, cap, add")
    allowed = {"commodity", "remove", "cap", "add", "measure", "edition"}
    for key in spec:
        if key not in allowed:
            fail(f"{path}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    for key in ("cap", "add"):
        value = spec.get(key) or {}
        if not isinstance(value, dict):
            fail(f"{path}: {key!r} must map country to a quantity")
        for country, qty in value.items():
            if not isinstance(qty, (int, float)) or qty < 0:
                fail(f"{path}: {key}.{country}: {qty!r} is not a non-negative number")
    remove = spec.get("remove") or []
    if isinstance(remove, str):
        remove = [remove]
    spec["remove"] = [str(r) for r in remove]
    return spec


def _plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(result["producers"], key=lambda r: -max(r["before"], r["after"]))[:12]
    labels = [r["iso3"] for r in rows]
    x = range(len(rows))
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.bar([i - 0.2 for i in x], [r["before"] for r in rows], width=0.4, label="before")
    ax.bar([i + 0.2 for i in x], [r["after"] for r in rows], width=0.4, label="after")
    ax.set_xticks(list(x), labels)
    ax.set_ylabel(f"{result['measure']} [{result['unit']}]")
    ax.set_title(
        f"{result['commodity']} {result['data_year']}: world {result['world_before']:,.0f} → "
        f"{result['world_after']:,.0f}; HHI {result['hhi_before']:,.0f} → "
        f"{result['hhi_after']:,.0f}",
        fontsize=9,
    )
    ax.legend()
    fig.text(0.01, 0.01, f"Source: {', '.join(result['source_ids'])} (USGS MCS)", fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def shock(
    commodity: Annotated[str | None, typer.Argument(help="Commodity name.")] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Producer to remove (repeatable).")
    ] = None,
    cap: Annotated[
        list[str] | None, typer.Option("--cap", help="COUNTRY=MAX output (table unit).")
    ] = None,
    add: Annotated[
        list[str] | None, typer.Option("--add", help="COUNTRY=EXTRA output (table unit).")
    ] = None,
    spec: Annotated[
        Path | None, typer.Option("--spec", help="YAML: commodity, remove, cap, add, measure.")
    ] = None,
    measure: Annotated[
        str,
        typer.Option(
            "--measure",
            help="mine_production, refinery_production, reserves, or a user stage table "
            "loaded with import-risk --stage-table (e.g. separation).",
        ),
    ] = "mine_production",
    edition: Annotated[int | None, typer.Option("--edition", help="MCS edition (year).")] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a before/after bar chart (png/svg).")
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """What if a producer stops (or caps, or a new one starts)? World supply, HHI, US imports."""
    from assay.analyses.risk import shock_view
    from assay.store.lookup import UnknownNameError

    removes = [r for item in (remove or []) for r in item.split(",") if r.strip()]
    caps = _pairs(cap, "--cap")
    adds = _pairs(add, "--add")
    if spec is not None:
        s = _load_spec(spec)
        commodity = commodity or s.get("commodity")
        removes += s["remove"]
        caps.update({str(k): float(v) for k, v in (s.get("cap") or {}).items()})
        adds.update({str(k): float(v) for k, v in (s.get("add") or {}).items()})
        measure = s.get("measure", measure)
        edition = s.get("edition", edition)
    if not commodity:
        fail("give a COMMODITY (argument or 'commodity' in --spec)")
    if not (removes or caps or adds):
        fail("nothing to change: give --remove, --cap, --add or --spec")
    store = open_for_read(db)
    try:
        with progress(f"supply shock: {commodity}", quiet=quiet or json_out):
            result = shock_view(store, commodity, removes, caps, adds, measure, edition)
    except (UnknownNameError, ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))
    finally:
        store.close()
    if plot is not None:
        _plot(result, plot)
        result["plot"] = str(plot)
    if json_out:
        emit_json(result)
        return
    unit = result["unit"]
    if isinstance(result.get("basis"), str):  # e.g. 't REO': tonnes of oxide, not element
        unit = f"{unit} {result['basis']}"
    if result.get("user_provided"):
        console.print("[bold yellow]USER-PROVIDED stage table[/] (not an official statistic)")
    console.print(
        f"[bold]Supply shock: {result['commodity']}[/] {_words(result['measure'])} "
        f"{result['data_year']} (MCS {result['edition']}): remove "
        f"{_listing(result['scenario']['remove'])}, cap {_listing(result['scenario']['cap'])}, "
        f"add {_listing(result['scenario']['add'])}"
    )
    console.print(
        f"World: {result['world_before']:,.0f} → [bold]{result['world_after']:,.0f}[/] {unit} "
        f"({100 * result['world_change_fraction']:+.1f} %; {result['world_basis']})"
    )
    b0 = result["hhi_bands_before"]["doj_ftc_2023"]["label"]
    b1 = result["hhi_bands_after"]["doj_ftc_2023"]["label"]
    console.print(
        f"HHI: {result['hhi_before']:,.0f} ({b0}) → [bold]{result['hhi_after']:,.0f}[/] ({b1}) "
        "[DOJ/FTC 2023 bands]"
    )
    table = Table(title="Producers")
    before, after = f"before \\[{unit}]", f"after \\[{unit}]"
    for col in ("country", before, after, "share before", "share after"):
        table.add_column(col, justify="left" if col == "country" else "right")
    for r in result["producers"]:
        if r["before"] == 0 and r["after"] == 0:
            continue
        table.add_row(
            f"{r['country']} ({r['iso3']})",
            _fmt(r["before"]),
            _fmt(r["after"]),
            _p(r["share_before"]),
            _p(r["share_after"]),
        )
    console.print(table)
    us = result["us_imports"]
    console.print(
        f"U.S. imports affected: {_pct(us['share_of_imports_affected'])} of imports "
        f"(import shares {us['import_shares_status']}); "
        f"{_pct(us['share_of_consumption_affected'])} of apparent consumption"
    )
    console.print("Sources:")
    for sid, src in result.get("sources", {}).items():
        doi = f", doi:{src['doi']}" if src.get("doi") else ""
        console.print(f"  {sid}: {src['publisher']}, {src['title']}{doi}", highlight=False)
    if plot is not None:
        console.print(f"Chart: {plot}")


def import_risk(
    shared: Annotated[
        Path | None, typer.Option("--shared", help="shared/data folder (WGI, MCS 2023/2024).")
    ] = None,
    governance: Annotated[
        Path | None,
        typer.Option(
            "--governance",
            help="User governance CSV: country, then year columns "
            "with scores in [0, 1] (1 = best); overrides WGI.",
        ),
    ] = None,
    stage_table: Annotated[
        Path | None,
        typer.Option("--stage-table", help="User stage CSV: country, year, value, unit."),
    ] = None,
    commodity: Annotated[
        str | None, typer.Option("--commodity", help="Commodity of --stage-table.")
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Stage of --stage-table, e.g. separation.")
    ] = None,
    params: Annotated[
        Path | None,
        typer.Option(
            "--params",
            help="User EU CRM parameters CSV: commodity, method, parameter "
            "(eol_rir|si_sr|trade_adjustment), value[, country].",
        ),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Load risk inputs: governance scores, MCS import tables, user stage tables, parameters."""
    from assay.analyses.risk import (
        import_risk_data,
        import_risk_parameters,
        import_stage_table,
    )
    from assay.importers.wgi import RiskInputError, import_wgi
    from assay.store.lookup import UnknownNameError

    if stage_table is not None and not (commodity and stage):
        fail("--stage-table needs --commodity and --stage")
    if not any(x is not None for x in (shared, governance, stage_table, params)):
        fail("nothing to import: give --shared, --governance, --stage-table or --params")
    store = open_for_read(db, write=True)  # it imports
    out: dict[str, Any] = {}
    given = [
        name
        for name, value in (
            ("shared data", shared),
            ("governance scores", governance),
            ("stage table", stage_table),
            ("parameters", params),
        )
        if value is not None
    ]
    try:
        with progress("import risk", quiet=quiet or json_out) as step:
            if shared is not None:
                step("shared data", given.index("shared data"), len(given))
                if not shared.is_dir():
                    fail(f"{shared}: not a folder")
                out["shared"] = import_risk_data(store, shared)
            if governance is not None:
                step("governance scores", given.index("governance scores"), len(given))
                out["governance"] = import_wgi(store, governance, origin="user").as_dict()
            if stage_table is not None:
                step("stage table", given.index("stage table"), len(given))
                out["stage_table"] = import_stage_table(
                    store, stage_table, commodity, stage
                ).as_dict()
            if params is not None:
                step("parameters", given.index("parameters"), len(given))
                out["params"] = import_risk_parameters(store, params).as_dict()
    except (RiskInputError, UnknownNameError) as exc:
        fail(str(exc))
    finally:
        store.close()
    if json_out:
        emit_json(out)
        return
    for key, value in out.items():
        if key == "shared":
            for rep in value["imports"]:
                console.print(
                    f"{rep['importer']}: {rep['rows_inserted']} rows from {rep['path']}"
                    f" ({rep['rows_quarantined']} quarantined)"
                )
            console.print(f"reference: {value['reference']}")
        else:
            console.print(f"{key}: {value['rows_inserted']} rows from {value['path']}")


def register(app: typer.Typer) -> None:
    app.command("risk")(risk)
    app.command("shock")(shock)
    app.command("import-risk", hidden=True)(import_risk)  # old spelling of `import risk`
    import_group(app).command("risk")(import_risk)
