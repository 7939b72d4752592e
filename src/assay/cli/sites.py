"""``assay sites``, ``assay site``, ``assay import sites`` and ``assay gtm``: the site inventory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
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
    working,
)


def _fmt_t(value: Any) -> str:
    # the one formatter: 14.8 Mt, 1.2 Gt, never 1e+04 Mt
    from assay.formatting import tonnes

    return "" if value is None else tonnes(value)


def _user_error(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _region_cell(site: dict[str, Any]) -> str:
    """'Tyva Republic (RU-TY)'; an unresolved published region is marked '?'."""
    if not site.get("region"):
        return ""
    if site.get("region_candidates"):  # a point near a border: both regions, in doubt
        named = " or ".join(f"{c['name']} ({c['code']})" for c in site["region_candidates"])
        return f"{named}: near a border, uncertain"
    if site.get("region_code"):
        return f"{site['region']} ({site['region_code']})"
    return f"{site['region']} (?)"


def _record_region_cell(record: dict[str, Any]) -> str:
    """Region of a source record with how it was resolved and the published string."""
    cell = _region_cell(record)
    if not cell:
        return ""
    cell += f"; {record.get('region_method')}"
    published = record.get("region_published")
    if published and published != record.get("region"):
        cell += f" from '{published}'"
    return cell


def _records_table(records: list[dict[str, Any]], wide: bool) -> Table:
    """A site's linked source records; record ids are never cut (they can be looked up).

    At 80 columns (and in pipes) the country and deposit type, which the header line above
    the table states, are left out and the region is its ISO 3166-2 code and method.
    """
    table = Table(title="Linked source records", title_justify="left")
    table.add_column("record", no_wrap=True)
    table.add_column("name", overflow="fold", ratio=2)
    if wide:
        table.add_column("country", no_wrap=True)
    table.add_column("region", overflow="fold", ratio=2)
    table.add_column("lon", justify="right", no_wrap=True)
    table.add_column("lat", justify="right", no_wrap=True)
    if wide:
        table.add_column("type", overflow="fold", ratio=2)
    table.add_column("source", overflow="fold", ratio=2)
    for r in records:
        rl = r["location"] or {}
        if wide:
            region = _record_region_cell(r)
        else:
            code = r.get("region_code") or r.get("region") or ""
            region = f"{code} ({r.get('region_method')})" if code else ""
        cells = [r["record"], r["name"]]
        if wide:
            cells.append(r["country"] or "")
        cells += [region, f"{rl['lon']:.3f}" if rl else "", f"{rl['lat']:.3f}" if rl else ""]
        if wide:
            cells.append(r["deposit_type"] or "")
        cells.append(f"{r['source']['id']} [{r['source']['row']}]")
        table.add_row(*cells)
    return table


def _estimates_table(estimates: list[dict[str, Any]], wide: bool) -> Table:
    """A site's estimates; numbers right-aligned and never wrapped, text wrapped.

    At 80 columns the ladder level (implied by the category) is left out and the grade
    basis goes with the commodity (``REO (TREO)``), so the basis is never lost.
    """
    table = Table(title="Estimates (ore \\[t], grade \\[wt %], contained \\[t])",
                  title_justify="left")  # fmt: skip
    table.add_column("system: category", overflow="fold", ratio=2)
    if wide:
        table.add_column("ladder", no_wrap=True)
    table.add_column("commodity (basis)" if not wide else "commodity", overflow="fold", ratio=1)
    if wide:
        table.add_column("basis", overflow="fold")
    for column in ("ore", "grade %", "contained"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("as of", no_wrap=True)
    table.add_column("source row", overflow="fold", ratio=1)
    for e in estimates:
        commodity = e["commodity"] or ""
        cells = [f"{e['system']}: {e['category']}"]
        if wide:
            cells += [e["ladder"], commodity, e["grade_basis"] or ""]
        else:
            cells.append(f"{commodity} ({e['grade_basis']})" if e["grade_basis"] else commodity)
        cells += [
            _fmt_t(e["ore_t"]),
            "" if e["grade_percent"] is None else f"{e['grade_percent']:.3g}",
            _fmt_t(e["contained_t"]),
            e["as_of"] or "",
            e["row_ref"] or "",
        ]
        table.add_row(*cells)
    return table


def _sites_table(view: dict[str, Any], limit: int, wide: bool) -> Table:
    """The sites as a terminal table; ids are never wrapped or cut (``assay site ID``).

    Narrow terminals (and pipes, which Rich treats as 80 columns) get the columns an
    analyst scans first; ``--wide`` (or a terminal of 120 columns or more) adds type and
    sources.
    """
    filt = ", ".join(f"{k}={v}" for k, v in view["filters"].items()) or "none"
    table = Table(title=f"{view['count']} sites (filters: {filt})", title_justify="left")
    table.add_column("id", no_wrap=True, min_width=11)
    table.add_column("name", ratio=3, overflow="fold")
    if wide:
        table.add_column("country", no_wrap=True)
    table.add_column("region", ratio=2, overflow="fold")
    table.add_column("control", ratio=2, overflow="fold")
    if wide:
        table.add_column("type", ratio=2, overflow="fold")
    table.add_column("confidence", no_wrap=True)
    if wide:
        table.add_column("sources", ratio=2, overflow="fold")
    for s in view["sites"][:limit]:
        control = s["control"]
        control_cell = f"{control['controlling_party']} since {control['as_of']}" if control else ""
        if s.get("control_uncertain"):
            control_cell = "near a control border: uncertain"
        region = _region_cell(s) if wide else (s.get("region_code") or s.get("region") or "")
        if not wide and s.get("region_candidates"):
            region = " or ".join(c["code"] or c["name"] for c in s["region_candidates"]) + "?"
        cells = [s["id"], s["name"]]
        if wide:
            cells.append(s["country"] or "")
        cells += [region, control_cell]
        if wide:
            cells.append(s["deposit_type"] or "")
        cells.append(s["confidence"]["ladder"])
        if wide:
            cells.append(", ".join(r["dataset"] for r in s["sources"]))
        table.add_row(*cells)
    return table


def _write_sites_files(
    view: dict[str, Any],
    gpkg: Path | None,
    parquet: Path | None,
    plot: Path | None,
    db: Path | None,
    geojson_file: Path | None = None,
) -> None:
    """GeoPackage / GeoParquet / GeoJSON exports and a projected map of a sites view."""
    from assay.reports.geo import country_map_figure, save_country_map, sites_frame, write_sites

    frame = sites_frame(view)
    for path, fmt in ((gpkg, "GPKG"), (parquet, "parquet"), (geojson_file, "GeoJSON")):
        if path is None:
            continue
        try:
            write_sites(frame, path, fmt)
        except (OSError, ValueError) as exc:
            fail(f"{path}: cannot write ({_user_error(exc)})")
        console.print(f"wrote {len(frame)} sites to {path}", highlight=False)
    if plot is not None:
        countries = sorted({c for c in frame["country"].dropna()})
        iso3 = view["filters"].get("country") or (countries[0] if len(countries) == 1 else None)
        if iso3 is None:
            fail("--plot draws one country's sites: add --country")
        filt = ", ".join(f"{v}" for v in view["filters"].values())
        located = int((~frame.geometry.isna()).sum())
        title = f"{located} located sites ({filt})"
        if located < len(frame):
            title += f"; {len(frame) - located} without a location"
        with working(f"drawing {located} sites"):
            try:
                fig, _, _ = country_map_figure(iso3, frame, title=title, control=_control_rows(db))
                save_country_map(fig, plot)
            except (OSError, ValueError) as exc:
                fail(f"{plot}: cannot write ({_user_error(exc)})")
        console.print(f"wrote a map of {len(frame)} sites to {plot}", highlight=False)


def _control_rows(db: Path | None) -> list[dict[str, Any]]:
    """The store's control layer (claimed/occupied areas with their dates and polygons)."""
    store = open_for_read(db)
    try:
        return store.query("SELECT * FROM control_area ORDER BY as_of, id")
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    @app.command("sites")
    def sites(
        country: Annotated[
            str | None, typer.Option("--country", help="Country name or ISO code.")
        ] = None,
        region: Annotated[
            str | None,
            typer.Option(
                "--region",
                help="Admin-1 region: name, alias or transliteration (Yakutia, Sakha, Tuva), "
                "ISO 3166-2 code (RU-SA), or part of a published name.",
            ),
        ] = None,
        commodity: Annotated[
            str | None, typer.Option("--commodity", help="Commodity, e.g. 'rare earths'.")
        ] = None,
        deposit_type: Annotated[
            str | None, typer.Option("--deposit-type", help="Deposit type (part of its name).")
        ] = None,
        min_confidence: Annotated[
            str | None,
            typer.Option(
                "--min-confidence",
                help="Lowest confidence level: speculative, prognostic, inferred, indicated, "
                "measured, or a category as SYSTEM:CATEGORY (GKZ:C1, JORC:Probable).",
            ),
        ] = None,
        geojson: Annotated[bool, typer.Option("--geojson", help="Print GeoJSON.")] = False,
        as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
        gpkg: Annotated[
            Path | None, typer.Option("--gpkg", help="Write the sites as a GeoPackage (QGIS).")
        ] = None,
        parquet: Annotated[
            Path | None, typer.Option("--parquet", help="Write the sites as GeoParquet.")
        ] = None,
        plot: Annotated[
            Path | None,
            typer.Option("--plot", help="Draw a map of the sites (PNG/SVG/PDF by suffix)."),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="Write the sites to a file, format by suffix: .geojson (every site; "
                "unlocated ones with a null geometry), .gpkg, .parquet.",
            ),
        ] = None,
        limit: Annotated[int, typer.Option("--limit", help="Rows in the terminal table.")] = 50,
        wide: Annotated[
            bool, typer.Option("--wide", help="Every column, however wide the terminal.")
        ] = False,
        as_json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Linked mineral sites: where, what, and how real (confidence of their estimates)."""
        from assay.analyses.sites import sites_csv, sites_geojson, sites_view

        if sum([as_json, geojson, as_csv]) > 1:
            fail("choose one of --json, --geojson, --csv")
        store = open_for_read(db)
        try:
            view = sites_view(store, country, region, commodity, deposit_type, min_confidence)
        except ValueError as exc:
            fail(_user_error(exc))
        finally:
            store.close()
        if as_json:
            emit_json(view)
            return
        if geojson:
            emit_json(sites_geojson(view))
            return
        if as_csv:
            typer.echo(sites_csv(view), nl=False)
            return
        geojson_file = None
        if out is not None:
            from assay.reports.geo import EXPORT_FORMATS

            fmt = EXPORT_FORMATS.get(out.suffix.lower())
            if fmt is None:
                fail(f"--out {out}: use a .geojson, .gpkg or .parquet file name")
            if fmt == "GPKG":
                gpkg = out
            elif fmt == "parquet":
                parquet = out
            else:
                geojson_file = out
        if gpkg or parquet or plot or geojson_file:
            _write_sites_files(view, gpkg, parquet, plot, db, geojson_file)
            return
        console.print(_sites_table(view, limit, wide or console.width >= 120))
        if view["count"] > limit:
            console.print(f"[dim]{view['count'] - limit} more; use --limit, --json or --csv[/]")
        datasets = sorted({r["source"]["title"] for s in view["sites"] for r in s["sources"]
                           if r["source"]["title"]})  # fmt: skip
        for title in datasets:
            console.print(f"[dim]Source: {title}[/]", highlight=False)

    @app.command("site")
    def site(
        name_or_id: Annotated[str, typer.Argument(help="Site id (S...), record id or name.")],
        as_json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """One site: all linked records, estimates by category, location, region, control."""
        from assay.analyses.sites import site_view

        if len(name_or_id.strip()) < 2:  # a blank name matched unrelated sites
            fail(f"site {name_or_id!r}: give a site id, record id or name (2 characters or more)")
        store = open_for_read(db)
        try:
            view = site_view(store, name_or_id)
        except ValueError as exc:
            fail(_user_error(exc))
        finally:
            store.close()
        if as_json:
            emit_json(view)
            return
        for s in view["sites"]:
            loc = s["location"]
            console.print(
                f"[bold]{s['name']}[/] ({s['id']}), {s['country'] or '?'}, "
                f"{_region_cell(s) or 'region unknown'}; type: {s['deposit_type'] or '?'}; "
                f"confidence: {s['confidence']['ladder']}",
                highlight=False,
            )
            if loc:
                console.print(
                    f"location: {loc['lon']:.4f}E {loc['lat']:.4f}N ({loc['crs']}, "
                    f"{loc['precision']})",
                    highlight=False,
                )
            if s["control"]:
                c = s["control"]
                console.print(
                    f"[yellow]control: {c['area']}: {c['status']} ({c['controlling_party']}, "
                    f"since {c['as_of']}); source: {c['source']}[/]",
                    highlight=False,
                )
            if s.get("control_uncertain"):
                border = s["control_border"]
                console.print(
                    "[yellow]control: not asserted: the site lies within "
                    f"{border['margin_km']:.1f} km (location "
                    f"+-{border['location_uncertainty_km']:.1f} km, boundary "
                    f"+-{border['boundary_tolerance_km']:.1f} km) of "
                    + ", ".join(
                        f"{c['area']} ({c['distance_km']:.1f} km)" for c in s["control_candidates"]
                    )
                    + "[/]",
                    highlight=False,
                )
            console.print(_records_table(s["sources"], console.width >= 120))
            if s["estimates"]:
                console.print(_estimates_table(s["estimates"][:60], console.width >= 120))
            else:
                console.print("no resource estimate in the inventory (occurrence only)")
            for link in s["links"][:10]:
                state = "linked" if link["linked"] else "not linked"
                console.print(
                    f"[dim]{link['record_a']} ~ {link['record_b']}: {state}, "
                    f"{link['explanation']}[/]",
                    highlight=False,
                )

    @import_group(app).command("sites")
    def sites_import(
        kind: Annotated[
            str,
            typer.Argument(
                help="weng2015 | usgs-ree | usgs-carbonatites | usgs-major | ni43101 (a staged "
                "folder), csv or geojson (a file with --map), control (a control layer), "
                "admin1 (admin-1 polygons: --iso3 and --map name=PROPERTY)."
            ),
        ],
        path: Annotated[Path, typer.Argument(help="Folder (staged kinds) or file.")],
        mapping: Annotated[
            list[str] | None,
            typer.Option("--map", help="FIELD=COLUMN for csv/geojson (repeat), e.g. name=Deposit."),
        ] = None,
        mapping_file: Annotated[
            Path | None, typer.Option("--mapping", help="JSON/YAML file {FIELD: COLUMN}.")
        ] = None,
        dataset: Annotated[
            str | None, typer.Option("--dataset", help="Dataset name (default: from the file).")
        ] = None,
        crs: Annotated[str, typer.Option("--crs", help="CRS of lon/lat columns.")] = "EPSG:4326",
        system: Annotated[
            str | None, typer.Option("--system", help="Classification system of all estimates.")
        ] = None,
        iso3: Annotated[
            str | None, typer.Option("--iso3", help="admin1: country of the polygons.")
        ] = None,
        no_link: Annotated[
            bool, typer.Option("--no-link", help="Do not relink sites after the import.")
        ] = False,
        as_json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Import one site source (atomic; bad rows quarantined with reasons), then relink."""
        from assay.analyses import sites as analyses
        from assay.importers import sites as importers
        from assay.store import open_store

        try:
            store = open_store(db)
        except OSError as exc:  # StoreOpenError: the --db path cannot hold a store
            fail(str(exc))
        from assay.store import schema_ops as ops

        op: ops.Operation | None = None
        from contextlib import ExitStack

        shown = ExitStack()  # the progress bar, closed with the store
        step = shown.enter_context(progress(f"import sites {kind}", quiet=as_json))

        def journal() -> None:
            # runs inside the import's transaction: the data and the 'running' journal row
            # commit together, so a refused file changes nothing and a kill before the
            # relink is seen (and finished) by the next run
            nonlocal op
            op = ops.begin(store, "sites-import", f"{kind} {path}")
            op.step("import")

        try:
            if not store.query("SELECT count(*) AS n FROM country")[0]["n"]:
                # a store this command creates gets the bundled reference data first, so that
                # countries, regions and commodities of the imported sites resolve
                from assay.analyses.build import load_reference

                load_reference(store)
            step(f"reading {path.name}")
            earlier = [o["id"] for o in ops.unfinished(store, "sites-import")]
            if earlier:  # finish the relink that a killed import left undone
                from assay.analyses.audit import refresh as refresh_audit

                with ops.operation(store, "sites-import", "relink after an interrupted run") as fix:
                    analyses.refresh_sites(store)
                    refresh_audit(store)
                    ops.repair(store, earlier, by=fix)
            # every kind validates its whole input first and journals inside the transaction
            # that writes it: a refused file leaves the store (journal included) as it was
            if kind == "control":
                n = analyses.load_control_areas(store, path, journal=journal)
                report: dict[str, Any] = {"kind": "control", "path": str(path), "areas": n}
            elif kind == "admin1":
                fields = dict(item.split("=", 1) for item in (mapping or []) if "=" in item)
                n = analyses.load_admin_areas(
                    store, path, name_field=fields.get("name", "name"), iso3=iso3,
                    iso3_field=fields.get("iso3"), code_field=fields.get("code"),
                    journal=journal,
                )  # fmt: skip
                report = {"kind": "admin1", "path": str(path), "areas": n}
            elif kind in importers.STAGED:
                if not path.is_dir():
                    fail(f"{path}: not a folder (staged kinds take the dataset folder)")
                result = importers.import_staged_dataset(store, kind, path, journal=journal)
                report = result.as_dict()
            elif kind in ("csv", "geojson"):
                fields: dict[str, str] = {}
                if mapping_file is not None:
                    fields.update(_read_mapping(mapping_file))
                fields.update(importers.parse_mapping(mapping or []))
                report = importers.import_generic(
                    store, path, fields, dataset=dataset, crs=crs, default_system=system,
                    journal=journal,
                ).as_dict()  # fmt: skip
            else:
                fail(
                    f"unknown kind {kind!r}; use one of {', '.join(importers.STAGED)}, csv, "
                    "geojson, control, admin1"
                )
            if not no_link:
                step("placing and linking sites")
                report["refresh"] = analyses.refresh_sites(store)
                if op is not None:
                    op.step("relink")
            if kind not in ("control", "admin1"):
                # the new site records are what the audit checks: re-apply the corrections
                # table to them and refresh the stored flags, as a journalled step (a kill
                # before it leaves the operation 'running' and the next run does it)
                from assay.analyses.audit import refresh as refresh_audit

                step("audit flags")
                report["audit"] = refresh_audit(store)
                if op is not None:
                    op.step("audit")
            if op is not None:
                ops.end(op)
        except (ValueError, OSError) as exc:
            _end_failed(ops, op, exc)
            fail(_user_error(exc))
        except (RecursionError, MemoryError, TypeError, KeyError, IndexError) as exc:
            _end_failed(ops, op, exc)
            fail(f"{path}: cannot be imported ({type(exc).__name__}: {_user_error(exc)})")
        finally:
            shown.close()
            store.close()
        if as_json:
            emit_json(report)
            return
        if kind in ("control", "admin1"):
            console.print(f"loaded {report['areas']} {kind} areas from {path}")
        else:
            console.print(
                f"imported {report['dataset']}: {report['records']} records, "
                f"{report['estimates']} estimates, {report['quarantined']} rows quarantined",
                highlight=False,
            )
            if report["quarantine"]:
                table = Table(title="Quarantined rows (first 20)")
                for column in ("file", "line", "field", "value", "reason"):
                    table.add_column(column)
                for q in report["quarantine"][:20]:
                    table.add_row(
                        Path(q["file"]).name, str(q["line"]), q["field"] or "",
                        q["value"] or "", q["reason"],
                    )  # fmt: skip
                console.print(table)
        if "refresh" in report:
            link = report["refresh"]["linking"]
            console.print(f"{link['records']} records linked into {link['sites']} sites")

    app.command("sites-import", hidden=True)(sites_import)  # old spelling of `import sites`

    @app.command("gtm")
    def gtm(
        deposit_type: Annotated[
            str, typer.Option("--deposit-type", help="Deposit type (part of its name).")
        ],
        commodity: Annotated[str, typer.Option("--commodity", help="Commodity, e.g. REE.")],
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write the model CSV here.")
        ] = None,
        country: Annotated[
            str | None, typer.Option("--country", help="Only sites of this country.")
        ] = None,
        min_deposits: Annotated[
            int, typer.Option("--min-deposits", help="Refuse with fewer deposits (>= 20).")
        ] = 20,
        as_json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Grade-tonnage model (MapMark4 CSV: ID, Name, Ore \\[t], grade [%]) from the inventory."""
        from assay.analyses.sites import MIN_GTM_DEPOSITS, build_gtm, write_gtm

        if min_deposits < MIN_GTM_DEPOSITS:
            fail(f"--min-deposits must be at least {MIN_GTM_DEPOSITS} (MapMark4's minimum)")
        store = open_for_read(db)
        try:
            result = build_gtm(store, deposit_type, commodity, min_deposits, country)
        except ValueError as exc:
            fail(_user_error(exc))
        finally:
            store.close()
        files = write_gtm(result, out) if out else None
        summary = {k: v for k, v in result.items() if k != "table"}
        summary["table"] = result["table"].to_dict("records")
        if files:
            summary["files"] = {"model": str(files[0]), "meta": str(files[1])}
        if as_json:
            emit_json(summary)
            return
        if out is None:
            typer.echo(result["table"].to_csv(index=False), nl=False)
            return
        console.print(
            f"wrote {result['deposits']} deposits to {files[0]} (filters and provenance in "
            f"{files[1]})",
            highlight=False,
        )


def _end_failed(ops: Any, op: Any, exc: Exception) -> None:
    """Mark a journalled import that failed part-way (after its import step) as failed."""
    if op is not None:
        try:
            ops.end(op, "failed", _user_error(exc)[:500])
        except Exception:  # noqa: BLE001 - the store itself failed: the row stays 'running'
            pass


def _read_mapping(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: mapping must be an object {{FIELD: COLUMN}}")
    return {str(k): str(v) for k, v in data.items()}
