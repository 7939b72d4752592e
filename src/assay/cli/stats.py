"""World statistics commands: build, import mcs, commodity, history, country, element, sources.

``assay build`` is the main job: it builds the store from the bundled data, imports
``../shared/data`` when present and prints the rare-earth world picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from assay.cli._common import (
    DbOption,
    JsonOption,
    QuietOption,
    console,
    emit_json,
    err_console,
    fail,
    open_for_read,
    progress,
)

__all__ = ["register"]

EditionOption = Annotated[
    int | None, typer.Option("--edition", help="MCS edition (publication year); default latest.")
]


def _fmt_value(value: float | None, qualifier: str | None = None) -> str:
    if value is None:
        return qualifier or "—"
    text = f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.3g}"
    if qualifier and ">" in qualifier.split(", "):
        text = ">" + text
    if qualifier and "<" in qualifier.split(", "):
        text = "<" + text
    return text


def _fmt_tonnes(value: float | None, qualifier: str | None, unit: str) -> tuple[str, str]:
    """(value, unit) for a narrow column: a million tonnes or more is shown in Mt."""
    if value is None or unit != "t" or abs(value) < 1e6:
        return _fmt_value(value, qualifier), unit
    mega = value / 1e6
    text = f"{mega:,.0f}" if float(mega).is_integer() else f"{mega:,.3f}".rstrip("0")
    bound = ">" if qualifier and ">" in qualifier.split(", ") else ""
    return bound + text, "Mt"


def _fmt_share(share: float | None) -> str:
    return "" if share is None else f"{share:.1f}%"


def _cite(source: dict[str, Any] | None) -> str:
    if not source:
        return ""
    parts = [f"{source.get('publisher') or ''}".replace("U.S. Geological Survey", "USGS")]
    if source.get("edition"):
        parts.append(
            f"MCS {source['edition']}"
            if "Mineral" in (source.get("title") or "")
            else str(source["edition"])
        )
    if source.get("doi"):
        parts.append(f"doi:{source['doi']}")
    return ", ".join(p for p in parts if p)


def _measure_table(title: str, data: dict[str, Any]) -> Table:
    unit = data["unit"]
    basis = f", {data['basis']}" if data.get("basis") else ""
    table = Table(
        title=escape(f"{title} — data year {data['data_year']} [{unit}{basis}]"),
        title_justify="left",
    )
    table.add_column("rank", justify="right")
    table.add_column("country")
    table.add_column("value", justify="right")
    table.add_column("share", justify="right")
    table.add_column("qualifier")
    for row in data["rows"]:
        mark = " !" if row.get("flag") else (" *" if row.get("correction") else "")
        table.add_row(
            str(row["rank"] or ""),
            row["country"],
            _fmt_value(row["value"], row["qualifier"]) + mark,
            _fmt_share(row["share"]),
            row["qualifier"] or "",
        )
    for extra in (data.get("other"), data.get("world")):
        if extra:
            table.add_row(
                "",
                f"[bold]{extra['country']}[/]",
                _fmt_value(extra["value"], extra["qualifier"]),
                _fmt_share(extra["share"]) if extra["area_kind"] == "other" else "",
                extra["qualifier"] or "",
            )
    hhi = data.get("hhi")
    china = data.get("china_share")
    sources = "; ".join(sorted({_cite(r["source"]) for r in data["rows"] if r.get("source")}))
    table.caption = (
        (
            f"HHI {hhi:,.0f} ({data['hhi_band']}; 'Other countries' left out)"
            if hhi is not None
            else "HHI n/a"
        )
        + (f" · China {china:.1f}%" if china is not None else "")
        + (
            f" · shares of {data['share_basis']['denominator']}"
            + (
                f" ({_fmt_value(data['share_basis']['value'], data['share_basis']['qualifier'])})"
                if data["share_basis"]["value"]
                else ""
            )
        )
        + (f"\nsource: {sources}" if sources else "")
        + (
            "\n* corrected (published value: assay audit --json); "
            "! high-severity audit flag without a correction"
            if any(r.get("flag") or r.get("correction") for r in data["rows"])
            else ""
        )
    )
    table.caption_justify = "left"
    return table


def _history_table(view: dict[str, Any], title: str) -> Table:
    editions = view["editions"]
    table = Table(title=title, title_justify="left")
    table.add_column("country")
    for edition in editions:
        table.add_column(f"MCS {edition}", justify="right")
    unit = None
    for iso3, items in view["series"].items():
        by_edition = {i["edition"]: i for i in items}
        cells = []
        for edition in editions:
            item = by_edition.get(edition)
            if item is None:
                cells.append("")
                continue
            unit = unit or item["unit"]
            rank = f" (#{item['rank']})" if item["rank"] else ""
            mark = " !" if item.get("flag") else (" *" if item.get("correction") else "")
            cells.append(_fmt_value(item["value"], item["qualifier"]) + mark + rank)
        table.add_row(view["countries"].get(iso3, iso3), *cells)
    world = {w["edition"]: w for w in view.get("world", [])}
    if world:
        table.add_row(
            "[bold]World total[/]",
            *[
                _fmt_value(world[e]["value"], world[e]["qualifier"]) if e in world else ""
                for e in editions
            ],
        )
    sources = sorted({_cite(i["source"]) for items in view["series"].values() for i in items})
    marked = any(
        i.get("flag") or i.get("correction") for items in view["series"].values() for i in items
    )
    table.caption = (
        escape(f"[{unit}] " if unit else "")
        + ("sources: " + "; ".join(sources) if sources else "")
        + ("\n* corrected (published value: assay audit --json); ! unresolved audit flag"
           if marked else "")
    )  # fmt: skip
    table.caption_justify = "left"
    return table


def _handle_errors(exc: Exception) -> None:
    from assay.importers.mcs import MCSImportError
    from assay.store.db import StoreOpenError
    from assay.store.lookup import UnknownNameError

    errors = (UnknownNameError, MCSImportError, FileNotFoundError, ValueError, StoreOpenError)
    # CorrectionsError is a ValueError: a malformed corrections row is a one-line error too
    if isinstance(exc, errors):
        fail(str(exc))
    raise exc


def _rare_earth_picture(store: Any) -> dict[str, Any]:
    from assay.analyses.statistics import commodity_view, history_view, top_holders

    view = commodity_view(store, "rare-earths")
    holders = top_holders(store, "rare-earths", "reserves", 5)
    history = history_view(store, "rare-earths", "reserves")
    history["series"] = {k: history["series"][k] for k in holders if k in history["series"]}
    history["countries"] = {k: history["countries"][k] for k in history["series"]}
    return {"commodity_view": view, "reserves_history_top5": history}


def _print_picture(picture: dict[str, Any]) -> None:
    view = picture["commodity_view"]
    console.print(
        f"\n[bold]Rare earths — USGS Mineral Commodity Summaries {view['edition']}[/]",
        highlight=False,
    )
    labels = {"reserves": "Reserves", "mine_production": "Mine production"}
    for measure in ("reserves", "mine_production"):
        if measure in view["measures"]:
            console.print(_measure_table(labels[measure], view["measures"][measure]))
    console.print(
        _history_table(
            picture["reserves_history_top5"],
            "Reserves of the five largest holders, by edition (rank in that edition)",
        )
    )


def register(app: typer.Typer) -> None:
    import_app = None
    for group in app.registered_groups:
        if group.name == "import":
            import_app = group.typer_instance
    if import_app is None:
        import_app = typer.Typer(
            help="Import published data files into the store.", no_args_is_help=True
        )
        app.add_typer(import_app, name="import")

    @app.command("build")
    def build(
        db: DbOption = None,
        shared: Annotated[
            Path | None,
            typer.Option(
                "--shared",
                help="The shared/data folder (default: ../shared/data beside the checkout, "
                "else $ASSAY_SHARED).",
            ),
        ] = None,
        json_out: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Build the store (bundled data + ../shared/data); print the rare-earth picture."""
        from assay.analyses.build import build_store, find_shared_data
        from assay.store import default_db_path, open_store

        if shared is not None and not shared.is_dir():
            fail(f"--shared {shared}: no such folder")
        shared_data = shared if shared is not None else find_shared_data()
        if shared_data is not None and (shared_data / "data").is_dir():
            shared_data = shared_data / "data"
        path = default_db_path(db)
        try:
            with open_store(path) as store, progress("build", quiet=quiet or json_out) as step:
                report = build_store(
                    store, shared_data, console=None if json_out else console, progress=step
                )
                step("the rare-earth picture")
                picture = _rare_earth_picture(store)
        except Exception as exc:  # noqa: BLE001 - turned into a one-line error
            _handle_errors(exc)
            return
        if json_out:
            emit_json({**report, "rare_earths": picture})
            return
        if shared_data is None:
            console.print("no ../shared/data found: bundled curated tables only", highlight=False)
        console.print(f"store: {path}", highlight=False)
        _print_picture(picture)

    @import_app.command("mcs")
    def import_mcs_cmd(
        path: Annotated[Path, typer.Argument(help="MCS data-release folder or one CSV file.")],
        strict: Annotated[
            bool, typer.Option("--strict", help="Fail (import nothing) if any row is malformed.")
        ] = False,
        db: DbOption = None,
        json_out: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Import USGS Mineral Commodity Summaries CSVs (world, salient, 2025 chapter tables)."""
        from assay.analyses.build import load_reference
        from assay.importers.mcs import import_mcs
        from assay.store import default_db_path, open_store

        if not path.exists():
            fail(f"{path}: no such file or folder")
        try:
            with (
                open_store(default_db_path(db)) as store,
                progress("import mcs", quiet=quiet or json_out) as step,
            ):
                if not store.query("SELECT count(*) AS n FROM country")[0]["n"]:
                    step("bundled reference data")
                    load_reference(store)
                step(f"reading {path.name}", 0, 3)
                report = import_mcs(store, path, strict=strict)
                # guardrails at import: the revision notes, the corrections table, the flags
                from assay.analyses.audit import refresh
                from assay.importers.mcs_notes import import_revision_files

                step("revision notes", 1, 3)
                if path.is_dir():
                    import_revision_files(store, path)
                step("audit flags", 2, 3)
                audit = refresh(store)
        except Exception as exc:  # noqa: BLE001
            _handle_errors(exc)
            return
        if json_out:
            emit_json({**report.as_dict(), "audit": audit})
            return
        console.print(
            f"{len(report.files)} files: {report.rows_inserted} observations inserted, "
            f"{report.rows_unchanged} unchanged ({len(report.files_unchanged)} files already "
            f"imported), {len(report.quarantined)} quarantined",
            highlight=False,
        )
        counts = audit["counts"]
        console.print(
            f"audit: {counts['high']} high, {counts['medium']} medium, {counts['low']} low "
            f"flags; {counts['high_unresolved']} high without a correction or reason"
            + (" (see `assay audit`)" if counts["high_unresolved"] else ""),
            highlight=False,
        )
        if report.files_refused:  # quarantine never deletes: their stored rows were kept
            err_console.print(
                f"[bold yellow]warning:[/] {len(report.files_refused)} file(s) had no readable "
                "row and kept the rows already stored: " + ", ".join(report.files_refused),
                highlight=False,
                soft_wrap=True,
            )
        if report.quarantined:
            table = Table(title="Quarantined (not imported)", title_justify="left")
            for col in ("file", "line", "field", "value", "reason"):
                table.add_column(col)
            for q in report.quarantined:
                table.add_row(q[0], str(q[1]), q[2], q[3][:40], q[4])
            console.print(table)

    @app.command("commodity")
    def commodity_cmd(
        name: Annotated[str, typer.Argument(help="Commodity name, alias or MCS code.")],
        edition: EditionOption = None,
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """World reserves and production of a commodity: shares, ranks, HHI, sources."""
        from assay.analyses.statistics import commodity_view

        store = open_for_read(db)
        try:
            view = commodity_view(store, name, edition)
        except Exception as exc:  # noqa: BLE001
            _handle_errors(exc)
            return
        finally:
            store.close()
        if json_out:
            emit_json(view)
            return
        console.print(
            f"[bold]{view['commodity']['name']} — MCS {view['edition']}[/] "
            f"(editions in store: {', '.join(map(str, view['editions']))})",
            highlight=False,
        )
        if view.get("name_note"):
            note = view["name_note"]
            console.print(
                f"[yellow]note:[/] {escape(repr(note['alias']))} is a misnomer: "
                f"{escape(note['note'])}",
                highlight=False,
            )
        for measure, data in view["measures"].items():
            console.print(_measure_table(measure.replace("_", " ").capitalize(), data))
        for data in view["other_tables"]:
            title = f"{data['measure'].replace('_', ' ').capitalize()}: {data['detail']}"
            console.print(_measure_table(title, data))

    @app.command("history")
    def history_cmd(
        name: Annotated[str, typer.Argument(help="Commodity name.")],
        measure: Annotated[str, typer.Argument(help="reserves, mine_production, ...")],
        country: Annotated[
            str | None, typer.Option("--country", help="Only this country (name or ISO code).")
        ] = None,
        sub_table: Annotated[
            str | None,
            typer.Option(
                "--sub-table",
                help="Which published sub-table (e.g. 'rutile', 'usable ore'); default: the "
                "main table of the latest edition.",
            ),
        ] = None,
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """One series (sub-table, basis, unit) across MCS editions, per country, with each
        edition's source and the published revision notes."""
        from assay.analyses.statistics import history_view, measure_key

        store = open_for_read(db)
        try:
            view = history_view(store, name, measure_key(measure), country, sub_table)
        except Exception as exc:  # noqa: BLE001
            _handle_errors(exc)
            return
        finally:
            store.close()
        if json_out:
            emit_json(view)
            return
        title = f"{view['commodity']['name']}: {view['measure'].replace('_', ' ')}"
        if view.get("sub_table"):
            title += f" · {view['sub_table']}"
        if view.get("basis"):
            title += f" ({view['basis']})"
        console.print(_history_table(view, escape(title + " by edition")))
        others = [x for x in view.get("sub_tables", []) if x != view.get("sub_table")]
        if others:
            console.print(
                "other sub-tables (--sub-table): "
                + ", ".join(escape(x) if x else "(main)" for x in others),
                highlight=False,
            )
        for note in view.get("revision_notes", []):
            console.print(
                f"MCS {note['edition']} {note['kind']}: {escape(note['text'])}",
                highlight=False,
            )

    @app.command("country")
    def country_cmd(
        name: Annotated[str, typer.Argument(help="Country name or ISO code.")],
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Every commodity the store has for a country: value, share and rank per edition."""
        from assay.analyses.statistics import country_view

        store = open_for_read(db)
        try:
            with progress(f"reading {name}", quiet=json_out):
                view = country_view(store, name)
        except Exception as exc:  # noqa: BLE001
            _handle_errors(exc)
            return
        finally:
            store.close()
        if json_out:
            emit_json(view)
            return
        info = view["country"]
        table = Table(title=f"{info['name']} ({info['iso3']})", title_justify="left")
        # at 80 columns the sub-table label must stay readable and numbers whole
        table.add_column("commodity", max_width=10, overflow="fold")
        table.add_column("table · sub-table (basis)", min_width=16, overflow="fold")
        table.add_column("MCS (data year)", justify="right", max_width=6)
        table.add_column("value", justify="right", min_width=9, max_width=11, overflow="fold")
        table.add_column("unit", no_wrap=True)
        table.add_column("share", justify="right", no_wrap=True)
        table.add_column("rank", justify="right", no_wrap=True)
        flagged = corrected = False
        for commodity in view["commodities"]:
            for measure, items in commodity["measures"].items():
                for item in items:
                    # every row says which published sub-table and basis it is
                    label = measure.replace("_", " ")
                    if item.get("sub_table"):
                        label += f" · {item['sub_table']}"
                    if item.get("basis"):
                        label += f" ({item['basis']})"
                    value, unit = _fmt_tonnes(item["value"], item["qualifier"], item["unit"])
                    if item.get("flag"):
                        value += " !"
                        flagged = True
                    elif item.get("correction"):
                        value += " *"
                        corrected = True
                    table.add_row(
                        commodity["name"],
                        escape(label),
                        f"{item['edition']} ({item['data_year']})",
                        value,
                        unit,
                        _fmt_share(item["share"]),
                        f"{item['rank']}/{item['of']}" if item["rank"] else "",
                    )
        table.caption = (
            "source: USGS Mineral Commodity Summaries (edition per row; --json for each source);"
            " share and rank only for tables published with a world total"
            + (
                "; ! = high-severity audit flag without a correction (assay audit)"
                if flagged
                else ""
            )
            + (
                "; * = corrected: the published value is in `assay audit --json`"
                if corrected
                else ""
            )
        )
        console.print(table)
        if view.get("sites"):
            _print_country_sites(view["sites"])
        claims = view.get("news_claims") or []
        if claims:
            counts: dict[str, int] = {}
            for claim in claims:
                counts[claim["verdict"]] = counts.get(claim["verdict"], 0) + 1
            console.print(
                f"News claims mentioning {info['name']}: "
                + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())),
                highlight=False,
            )
            for claim in [c for c in claims if c["verdict"] == "refuted"][:5]:
                console.print(f"  refuted: {claim['text']!r} — {claim['explanation']}")

    @app.command("element")
    def element_cmd(
        name: Annotated[str, typer.Argument(help="Element symbol or name.")],
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """An element: atomic number and weight, rare-earth membership and groups, oxide."""
        from assay.analyses.statistics import element_view

        store = open_for_read(db)
        try:
            view = element_view(store, name)
        except Exception as exc:  # noqa: BLE001
            _handle_errors(exc)
            return
        finally:
            store.close()
        if json_out:
            emit_json(view)
            return
        table = Table(
            title=f"{view['name']} ({view['symbol']})", title_justify="left", show_header=False
        )
        table.add_column("field")
        table.add_column("value")
        table.add_row("atomic number", str(view["atomic_number"]))
        weight = view["atomic_weight"]
        table.add_row(
            "standard atomic weight", f"{weight} g/mol" if weight else "none (no stable isotope)"
        )
        table.add_row("rare earth", "yes" if view["is_rare_earth"] else "no")
        table.add_row("groups", ", ".join(view["groups"]) or "—")
        if view["oxide_formula"]:
            factor = view["oxide_factor"]
            table.add_row(
                "oxide", f"{view['oxide_formula']}" + (f" (x{factor:.4f})" if factor else "")
            )
        table.add_row(
            "commodities",
            ", ".join(f"{c['name']} ({c['role']})" for c in view["commodities"]) or "—",
        )
        table.caption = "sources: " + "; ".join(s["title"] for s in view["sources"])
        table.caption_justify = "left"
        console.print(table)

    @app.command("sources")
    def sources_cmd(db: DbOption = None, json_out: JsonOption = False) -> None:
        """What the store holds, per source and edition."""
        from assay.analyses.statistics import sources_view

        store = open_for_read(db)
        try:
            view = sources_view(store)
        finally:
            store.close()
        if json_out:
            emit_json(view)
            return
        table = Table(title="Observations per edition", title_justify="left")
        for col in ("edition", "kind", "sources", "observations", "commodities"):
            table.add_column(col, justify="right" if col != "kind" else "left")
        for row in view["editions"]:
            table.add_row(
                *(
                    str(row[c])
                    for c in ("edition", "kind", "sources", "observations", "commodities")
                )
            )
        console.print(table)
        listing = Table(title="Sources", title_justify="left")
        for col in ("id", "publisher", "edition", "table", "doi", "retrieved", "rows"):
            listing.add_column(col)
        for src in view["sources"]:
            listing.add_row(
                src["id"],
                (src["publisher"] or "")[:40],
                str(src["edition"] or ""),
                (src["table"] or "")[:50],
                src["doi"] or "",
                src["retrieved"] or "",
                str(src["observations"]),
            )
        console.print(listing)
        if view["quarantined"]:
            console.print(
                f"{view['quarantined']} quarantined rows (see import_log / quarantine)",
                highlight=False,
            )


def _print_country_sites(summary: dict[str, Any]) -> None:
    """The site inventory's "how real" section of the country view."""
    console.print(
        f"Sites: {summary['sites']} ({summary['sites_with_estimates']} with resource "
        f"estimates) from {summary['records']} source records",
        highlight=False,
    )
    if summary["by_confidence"]:
        table = Table(title="How real: estimates by confidence level", title_justify="left")
        for col, justify in (
            ("level", "right"),
            ("category", "left"),
            ("sites", "right"),
            ("estimates", "right"),
            ("ore \\[t]", "right"),
        ):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for row in summary["by_confidence"]:
            table.add_row(
                str(row["level"]),
                row["ladder"],
                str(row["sites"]),
                str(row["estimates"]),
                _fmt_value(row["ore_t"], None),
            )
        console.print(table)
    if summary["by_region"]:
        regions = ", ".join(f"{k} {v}" for k, v in list(summary["by_region"].items())[:8])
        console.print(f"by region: {regions}", highlight=False)
    if summary["controlled_sites"]:
        console.print(
            f"{len(summary['controlled_sites'])} sites lie in areas under a control claim "
            "(see `assay sites --country ... --json` for each control record)",
            highlight=False,
        )
    if summary["sources"]:
        names = "; ".join(
            f"{src['publisher']}, {src['title']} ({src['year']})" for src in summary["sources"]
        )
        console.print(f"site sources: {names}", highlight=False)
