"""Conventions shared by every CLI module.

- ``DbOption``: the ``--db PATH`` option (else ``$ASSAY_DB``, else the user data dir).
- ``emit_json``: the ``--json`` machine contract is printed with this, nothing else on stdout.
- ``fail``: a clear one-line error on stderr and exit code 2 (never a traceback for bad input).
- ``progress``: the one progress bar (or spinner) on stderr for anything slow; silent when
  stderr is not a terminal and with ``--quiet``/``--json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:  # DuckDB loads with the store: only commands that open one pay for it
    from rich.console import Console

    from assay.store import Store


@cache
def _console_class() -> type[Console]:
    """``_Console``, made on first use: importing ``rich.console`` costs ~20-35 ms of every
    command's start-up, and ``--json`` or ``--version`` runs never print through Rich."""
    from rich.console import Console, ConsoleDimensions

    class _Console(Console):
        """A Rich console that honours ``$COLUMNS`` at each print, not only when it was made.

        The module-level consoles are created once per process; a caller (a test runner, a
        notebook) that sets ``COLUMNS`` later (e.g. for ``--wide``) must still get that width.
        """

        @property
        def size(self) -> ConsoleDimensions:
            dims = Console.size.fget(self)
            columns = os.environ.get("COLUMNS", "")
            if columns.isdigit() and int(columns) > 0 and int(columns) != dims.width:
                return ConsoleDimensions(int(columns), dims.height)
            return dims

        @size.setter
        def size(self, new_size: tuple[int, int]) -> None:
            Console.size.fset(self, new_size)

    return _Console


def __getattr__(name: str) -> Any:
    # PEP 562: ``_common._Console`` (tests build terminals with it) without importing Rich
    if name == "_Console":
        return _console_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _LazyConsole:
    """Stands for a :class:`_Console` made at its first use (an attribute read or set).

    The CLI modules import ``console``/``err_console`` by name when ``assay`` starts; this
    stand-in lets them do so without creating a Rich console (and importing Rich) in a
    command that never prints through one.
    """

    __slots__ = ("_stderr", "_console")

    def __init__(self, stderr: bool = False) -> None:
        object.__setattr__(self, "_stderr", stderr)
        object.__setattr__(self, "_console", None)

    def _get(self) -> Console:
        if self._console is None:
            object.__setattr__(self, "_console", _console_class()(stderr=self._stderr))
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._get(), name, value)


def real_console(candidate: Any) -> Console:
    """The Rich console behind ``candidate`` (a lazy stand-in or a console itself), for
    Rich objects that need the console (a progress bar)."""
    return candidate._get() if isinstance(candidate, _LazyConsole) else candidate


console: Console = _LazyConsole()  # type: ignore[assignment]
err_console: Console = _LazyConsole(stderr=True)  # type: ignore[assignment]

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $ASSAY_DB, else the user data dir)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the machine-readable JSON.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar on stderr (results only).")
]


def to_json(obj: Any) -> str:
    """``obj`` as the indented JSON text of ``--json`` (:func:`assay.tables.plain` values:
    NaN and infinities as null, so that every consumer can parse the output)."""
    from assay.tables import plain

    return json.dumps(plain(obj), indent=2, ensure_ascii=False)


def emit_json(obj: Any) -> None:
    typer.echo(to_json(obj))


def import_group(app: typer.Typer) -> typer.Typer:
    """The ``assay import`` family (``import mcs|sites|risk|...``), created once."""
    for group in app.registered_groups:
        if group.name == "import":
            return group.typer_instance
    group_app = typer.Typer(
        help="Import published data files into the store.", no_args_is_help=True
    )
    app.add_typer(group_app, name="import")
    return group_app


#: ``progress(step, done=None, total=None)``: the callback an analysis calls as its work
#: advances (a step name, and counts where the step has them); analyses never import Rich
ProgressCallback = Callable[..., None]


def _no_progress(step: str, done: int | None = None, total: int | None = None) -> None:
    """The progress callback of a quiet or piped run: does nothing."""


def progress_enabled(quiet: bool = False) -> bool:
    """Whether progress is shown: not with ``quiet`` (``--quiet``, ``--json``) and only when
    stderr is a terminal (piped or redirected runs stay silent)."""
    return not quiet and err_console.is_terminal and not err_console.is_dumb_terminal


@contextmanager
def progress(
    label: str, *, quiet: bool = False, total: int | None = None
) -> Iterator[ProgressCallback]:
    """A Rich progress bar on stderr while slow work runs; yields the step callback.

    The callback is ``step(name, done=None, total=None)``: ``name`` says what runs now,
    ``done``/``total`` (when the work has counts, e.g. files or steps) move the bar; without
    counts the bar pulses, with the elapsed time beside it. Pass it down to the analysis
    (``build_store(..., progress=step)``) or call it between the command's own steps; a
    command without steps just wraps its work (``with progress("drawing the map"):``).

    Nothing is shown with ``quiet`` (``--quiet``, ``--json``) or when stderr is not a
    terminal, so that piped and ``--json`` output never carries progress. Lines that the
    command prints to a terminal stdout meanwhile are printed above the bar; a piped stdout
    is left alone (it never receives progress).
    """
    if not progress_enabled(quiet):
        yield _no_progress
        return
    import sys

    from rich.markup import escape
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn("dots"),
        TextColumn("{task.description}"),
        BarColumn(bar_width=24),
        TimeElapsedColumn(),
        console=real_console(err_console),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),  # same terminal: print above the bar
        redirect_stderr=False,
    )
    task = bar.add_task(escape(label), total=total)

    def step(name: str, done: int | None = None, total: int | None = None) -> None:
        text = f"{label}: {name}" if name else label
        fields: dict[str, Any] = {}
        if total is not None:
            fields["total"] = total
        if done is not None:
            fields["completed"] = done
            text += f" ({done}/{total if total is not None else '?'})"
        # step names are plain text (file names may hold brackets): never Rich markup
        bar.update(task, description=escape(text), refresh=True, **fields)

    with bar:
        yield step


def working(message: str, quiet: bool = False) -> Any:
    """:func:`progress` for work without steps: a spinner and the elapsed time on stderr
    (silent with ``quiet``, e.g. ``--json``, and when stderr is not a terminal)."""
    return progress(message, quiet=quiet)


def fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_for_read(db: Path | None, *, write: bool = False) -> Store:
    """Open an existing store for a view, with a clear error when it does not exist.

    A view opens it read-only, so that it works while ``assay serve`` or another view holds
    the file (schema components added since the store was built are created first when the
    file is free). ``write=True`` (a view that may also save, e.g. ``news check --save``)
    opens it for writing.
    """
    from assay.store import default_db_path, open_store
    from assay.store.db import open_reader

    path = default_db_path(db)
    if not path.exists():
        fail(f"no assay store at {path}; build one with `assay build` (or pass --db)")
    try:
        store = open_store(path) if write else open_reader(path)
    except OSError as exc:  # StoreOpenError: a folder, not a DuckDB file, busy, unreadable
        fail(str(exc))
    warn_unfinished(store)
    return store


def warn_unfinished(store: Store) -> None:
    """Say on stderr when the store's last operation (a build, an import) did not finish."""
    from assay.store.schema_ops import warning

    try:
        notice = warning(store)
    except Exception:  # noqa: BLE001 - a store too old or too odd to have a journal: no notice
        notice = None
    if notice:
        err_console.print(f"[bold yellow]warning:[/] {notice}", highlight=False, soft_wrap=True)
