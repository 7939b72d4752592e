"""``assay audit``: plausibility flags of the store, with their corrections or reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
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

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_cmd(
        html: Annotated[
            Path | None, typer.Option("--html", help="Also write the audit as an HTML page.")
        ] = None,
        severity: Annotated[
            str | None,
            typer.Option("--severity", help="Only flags of this severity (high, medium, low)."),
        ] = None,
        db: DbOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Plausibility audit: edition jumps, sums over the world total, impossible shares,
        sites outside their country, sources that disagree; each flag with its evidence,
        a suggested fix and the correction (or written reason) that resolves it."""
        from assay.analyses.audit import CorrectionsError, public_flags, run_audit

        if severity is not None and severity not in ("high", "medium", "low"):
            fail(f"--severity {severity!r}: use high, medium or low")
        store = open_for_read(db)
        try:
            with progress("auditing the store", quiet=json_out):  # ~3 s on a full store
                result = public_flags(run_audit(store))
        except CorrectionsError as exc:
            fail(str(exc))
        finally:
            store.close()
        if severity is not None:
            result["flags"] = [f for f in result["flags"] if f["severity"] == severity]
        if html is not None:
            from assay.reports.render import render_html

            try:
                html.write_text(render_html("audit.html", title="assay audit", data=result))
            except OSError as exc:
                fail(f"{html}: cannot write ({exc.strerror or exc})")
        if json_out:
            emit_json(result)
            return
        counts = result["counts"]
        console.print(
            f"[bold]Audit[/]: {counts['high']} high, {counts['medium']} medium, "
            f"{counts['low']} low; {counts['high_unresolved']} high without a correction "
            "or a written reason",
            highlight=False,
        )
        table = Table(show_lines=False)
        table.add_column("sev.")
        table.add_column("kind")
        table.add_column("evidence", overflow="fold")
        table.add_column("resolved by", overflow="fold")
        for flag in result["flags"][:200]:
            if flag["correction"]:
                by = f"correction {flag['correction']['id']}"
            elif flag["reason"]:
                by = "reason: " + flag["reason"][:80]
            else:
                by = "—"
            table.add_row(flag["severity"], flag["kind"], escape(flag["evidence"]), escape(by))
        console.print(table)
        if len(result["flags"]) > 200:
            console.print(
                f"... {len(result['flags']) - 200} more (--json for all)", highlight=False
            )
