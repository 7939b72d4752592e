"""``assay case``: the case dossier of a country (how real, how much, what it is worth)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from assay.cli._common import (
    DbOption,
    JsonOption,
    QuietOption,
    console,
    emit_json,
    fail,
    open_for_read,
    progress,
)


def _usd(values: dict[str, float]) -> str:
    from assay.analyses.case import fmt_usd

    return f"{fmt_usd(values['central'])} ({fmt_usd(values['low'])} - {fmt_usd(values['high'])})"


def _print(data: dict[str, Any]) -> None:
    from rich.table import Table

    s = data["summary"]
    console.print(
        f"[bold]Case dossier: {data['country_name']} ({data['country']}) - "
        f"{data['commodity']['name']}[/] (as of {data['as_of']})",
        highlight=False,
    )
    for key, label in (("how_real", "How real"), ("how_much", "How much"), ("worth", "Worth")):
        console.print(
            f"[bold]{label}:[/] {s[key]['answer']} [dim](confidence: {s[key]['confidence']})[/]",
            highlight=False,
        )
    table = Table(title="Known deposits", show_lines=False)
    for col in ("deposit", "region", "status", "control", "estimate", "ore \\[t]", "source"):
        table.add_column(col)
    for dep in data["known"]["deposits"]:
        control = (dep["control"] or {}).get("status") or "-"
        if not dep["estimates"]:
            table.add_row(
                dep["name"], dep["region"] or "-", dep["status"] or "-", control, "-", "-",
                (dep["source"] or {}).get("id") or "-",
            )  # fmt: skip
        for i, est in enumerate(dep["estimates"]):
            flag = " (secondary)" if est["secondary"] else ""
            table.add_row(
                dep["name"] if i == 0 else "",
                (dep["region"] or "-") if i == 0 else "",
                (dep["status"] or "-") if i == 0 else "",
                control if i == 0 else "",
                f"{est['system']} {est['category']} -> {est['ladder']}{flag}",
                f"{est['ore_t']:,.0f}" if est["ore_t"] is not None else "-",
                (est["source"] or {}).get("id") or "-",
            )
    console.print(table)
    worth = data["worth"]
    if worth.get("valued_headline_estimates", 1):
        console.print(
            f"[bold]Worth[/] (USD; central (low - high)): in situ {_usd(worth['in_situ_usd'])}; "
            f"recoverable {_usd(worth['recoverable_usd'])}; NPV {_usd(worth['npv_usd'])}",
            highlight=False,
        )
    else:
        console.print(f"[bold]Worth[/]: {data['summary']['worth']['answer']}", highlight=False)
    for price in worth["prices"]:
        console.print(f"  price {price['species']}: {price['basis']}", highlight=False)
    console.print(f"[bold]Undiscovered:[/] {data['undiscovered_statement']}", highlight=False)
    for item in data["headlines"]:
        console.print(f"[bold]Headline:[/] {item['text']}", highlight=False)
        if item.get("measures"):
            console.print(f"  measures: {item['measures']}", highlight=False)
        if item.get("reconstructable"):
            rec = item["reconstructable"]
            console.print(
                f"  the tool reconstructs USD {rec['tool_in_situ_usd_central']:,.0f} "
                f"({100 * rec['share_of_headline']:.4f} %)",
                highlight=False,
            )
        if item.get("evidence"):
            console.print(f"  evidence: {item['evidence']}", highlight=False)
        if item.get("edition_history"):
            for row in item["edition_history"].get("series", []):
                console.print(
                    f"  MCS {row['edition']}: {row['value']:,.0f} t REO, rank {row['rank']}",
                    highlight=False,
                )
            for note in item["edition_history"].get("revision_notes", []):
                console.print(f"  MCS {note['edition']} note: {note['note']}", highlight=False)
    if data["deal"]:
        console.print(f"[bold]Deal:[/] {data['deal']['terms']}", highlight=False)
    if data["belarus"]:
        bel = data["belarus"]
        console.print(f"[bold]Belarus:[/] {bel['usgs_statement']}", highlight=False)
        for item in bel["literature"]:
            src = item["source"] or {}
            console.print(
                f"  - {item['name']}: {item['description']} \\[{src.get('id', '?')}"
                + (f", {src['page']}" if src.get("page") else "")
                + "]",
                highlight=False,
            )
        for need in bel["exploration_programme_needs"]:
            console.print(f"  needed: {need}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("case")
    def case(
        country: Annotated[str, typer.Argument(help="Country (ISO3 or name), e.g. UKR.")],
        commodity: Annotated[
            str | None, typer.Option("--commodity", help="Commodity (default: rare earths).")
        ] = None,
        html: Annotated[
            Path | None, typer.Option("--html", help="Write the briefing as HTML to this file.")
        ] = None,
        pdf: Annotated[
            Path | None, typer.Option("--pdf", help="Write the briefing as PDF to this file.")
        ] = None,
        tract: Annotated[
            Path | None,
            typer.Option("--tract", help="Tract spec with cited estimates: run the assessment."),
        ] = None,
        claim: Annotated[
            list[str] | None,
            typer.Option("--claim", help="A headline to set beside the evidence (repeatable)."),
        ] = None,
        db: DbOption = None,
        json_out: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Case dossier: known deposits, worth, undiscovered, headlines, deal, Belarus."""
        from assay.analyses.case import CaseError, case_dossier
        from assay.importers.curated_deposits import CuratedDataError

        if tract is not None and not tract.is_file():
            fail(f"--tract {tract}: " + ("is a folder" if tract.is_dir() else "file not found"))
        outputs = [(path, fmt) for path, fmt in ((html, "html"), (pdf, "pdf")) if path is not None]
        with open_for_read(db) as store, progress("case", quiet=quiet or json_out) as step:
            step("the dossier", 0, 1 + len(outputs))
            try:
                data = case_dossier(store, country, commodity, tract=tract, claims=claim or [])
            except (CaseError, CuratedDataError) as exc:
                fail(str(exc))
            for done, (path, fmt) in enumerate(outputs, start=1):
                step(f"writing {fmt}", done, 1 + len(outputs))
                from assay.reports.case import case_report
                from assay.reports.render import write_report

                try:
                    write_report(case_report(store, country, data=data), path, fmt)
                except OSError as exc:
                    fail(f"cannot write {path}: {exc.strerror or exc}")
                if not json_out:
                    console.print(f"wrote {path}", highlight=False)
        if json_out:
            emit_json(data)
        elif html is None and pdf is None:
            _print(data)
