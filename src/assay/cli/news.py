"""``assay check``: read articles and judge their mineral claims against the store."""

from __future__ import annotations

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
    err_console,
    fail,
    open_for_read,
    progress,
)

VERDICT_STYLE = {"supported": "bold green", "refuted": "bold red", "not-checkable": "dim"}


def _highlight(text: str, claim: dict[str, Any]) -> str:
    """Claim sentence with its subject in bold (article text escaped for Rich)."""
    subject = claim.get("subject") or ""
    low = text.lower()
    i = low.find(subject.lower()) if subject else -1
    if i < 0:
        return escape(text)
    j = i + len(subject)
    return f"{escape(text[:i])}[bold underline]{escape(text[i:j])}[/]{escape(text[j:])}"


def _print_documents(result: dict[str, Any]) -> None:
    for doc in result["documents"]:
        head = doc.get("title") or doc["id"]
        editions = ", ".join(f"{k} {v}" for k, v in (doc.get("editions") or {}).items())
        console.print(
            f"\n[bold]{escape(head)}[/]  [dim]{escape(doc['id'])} · "
            f"date {doc.get('date') or 'unknown'}"
            + (f" · editions {escape(editions)}" if editions else "")
            + "[/]"
        )
        s = doc["summary"]
        console.print(
            f"  [green]{s['supported']} supported[/] · [red]{s['refuted']} refuted[/] · "
            f"[dim]{s['not-checkable']} not checkable[/]"
        )
        for warning in doc.get("warnings", []):
            console.print(f"  [yellow]note:[/] {escape(warning)}")
        if not doc["claims"]:
            continue
        table = Table(show_lines=False, expand=True)
        table.add_column("verdict", no_wrap=True)
        table.add_column("type", no_wrap=True)
        table.add_column("claim", ratio=3)
        table.add_column("why (source, edition)", ratio=3)
        for c in doc["claims"]:
            style = VERDICT_STYLE.get(c["verdict"], "")
            table.add_row(
                f"[{style}]{c['verdict']}[/]",
                c["type"],
                _highlight(c["text"], c),
                escape(c["explanation"]),
            )
        console.print(table)
    if result.get("stories"):
        table = Table(title="Stories (same event, several outlets)", expand=True)
        table.add_column("story", no_wrap=True)
        table.add_column("event")
        table.add_column("articles and what each got wrong", ratio=3)
        for st in result["stories"]:
            ev = st.get("event") or {}
            label = (
                f"{ev.get('type', '-')} ({ev.get('initiator') or '?'} → "
                f"{', '.join(ev.get('targets') or []) or '-'})"
            )
            lines = []
            for v in st["variants"]:
                subjects = dict.fromkeys(f"{r['subject']} ({r['type']})" for r in v["refuted"])
                wrong = ", ".join(subjects) or "nothing refuted"
                lines.append(f"{v['title'] or v['id']}: {wrong}")
            table.add_row(str(st["story"]), escape(label), escape("\n".join(lines)))
        console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        paths: Annotated[
            list[Path],
            typer.Argument(help="Articles: text, HTML, RSS/Atom or JSON Lines files, or folders."),
        ],
        date: Annotated[
            str | None,
            typer.Option("--date", help="Publication date (YYYY-MM-DD) for undated articles."),
        ] = None,
        html: Annotated[
            Path | None, typer.Option("--html", help="Also write a shareable HTML report here.")
        ] = None,
        workers: Annotated[
            int | None,
            typer.Option("--workers", min=1, help="Run on a local Dask cluster of N processes."),
        ] = None,
        scheduler: Annotated[
            str | None,
            typer.Option("--scheduler", help="Address of a running Dask scheduler."),
        ] = None,
        save: Annotated[
            bool, typer.Option("--save", help="Keep the checked claims in the store.")
        ] = False,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Extract mineral claims from articles and judge each against the store.

        Each claim is supported, refuted or not-checkable, with the evidence (source,
        edition, table, value) and a one-line explanation; articles about the same event
        are grouped into stories.
        """
        from assay.analyses.news import check_paths
        from assay.importers.news import NewsInputError, coerce_date

        try:
            pub = coerce_date(date)
        except NewsInputError as exc:
            fail(f"--date: {exc}")
        for p in paths:
            if not p.exists():
                fail(f"{p}: no such file or folder")
        store = open_for_read(db, write=save)
        try:
            with progress("checking articles", quiet=as_json) as step:
                result = check_paths(
                    store,
                    paths,
                    pub,
                    workers,
                    scheduler=scheduler,
                    progress=lambda done, total: step("articles", done, total),
                )
            if save and result["documents"]:
                from assay.analyses.news import save_results

                saved = save_results(store, result)
                if not as_json:
                    err_console.print(f"saved {saved} claims to {escape(str(store.path))}")
        except NewsInputError as exc:
            fail(str(exc))
        finally:
            store.close()
        for message in result["errors"]:
            err_console.print(f"[yellow]skipped:[/] {escape(message)}", highlight=False)
        if not result["documents"]:
            fail(result["errors"][0] if result["errors"] else "no articles found")
        if html is not None:
            from assay.analyses.news.html import render_report

            try:
                html.write_text(render_report(result), encoding="utf-8")
            except OSError as exc:
                fail(f"{html}: cannot write the report ({exc.strerror or exc})")
        if as_json:
            emit_json(result)
            return
        _print_documents(result)
        if html is not None:
            console.print(f"\nHTML report: {escape(str(html))}")
