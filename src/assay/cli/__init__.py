"""The ``assay`` command line (Typer).

Every module in this package that defines ``register(app: typer.Typer)`` adds its commands
to the one ``assay`` app, so each domain keeps its commands beside each other and no module
has to know all the others. ``--db`` is accepted by every command that reads the store and
falls back to ``$ASSAY_DB``, then the per-user data directory.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="assay",
    help="Critical-mineral intelligence: statistics, sites, assessments, economics, "
    "supply risk and news checks, every number with its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_registered = False


def _version(value: bool) -> None:
    if value:
        from assay import __version__

        typer.echo(f"assay {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Critical-mineral intelligence: statistics, sites, assessments, economics, supply risk
    and news checks, every number with its source."""


def _register_all() -> None:
    global _registered
    if _registered:
        return
    import assay.cli as cli_pkg

    for info in sorted(pkgutil.iter_modules(cli_pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"assay.cli.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)
    _registered = True


def _only_invoked(argv: list[str]) -> None:
    """Keep only the command (or group) that ``argv`` invokes, so that Typer builds one Click
    command, not all of them (~0.07 s of start-up). Only when the app is a group anyway (it
    has a root callback) and the name is known; ``assay``, ``assay --help`` and unknown
    names keep every command."""
    name = next((a for a in argv if not a.startswith("-")), None)
    if name is None or app.registered_callback is None:
        return
    commands = [
        c
        for c in app.registered_commands
        if (c.name or c.callback.__name__.replace("_", "-")) == name  # type: ignore[union-attr]
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands = commands
        app.registered_groups = groups


def _register_invoked_module(argv: list[str]) -> bool:
    """Register only ``assay.cli.<first word of the command>`` (``assess`` for ``assess`` or
    ``assess-batch``) when it defines the invoked command, so that the other command modules
    and their imports (~0.05 s of start-up) are not loaded; False, with nothing registered,
    when there is no such module or it lacks the command (then every module is registered)."""
    global _registered
    name = next((a for a in argv if not a.startswith("-")), None)
    if name is None or _registered or app.registered_callback is None:
        return False
    stem = name.split("-")[0]
    if not stem.isidentifier() or stem.startswith("_"):
        return False
    try:
        module = importlib.import_module(f"assay.cli.{stem}")
    except ModuleNotFoundError:
        return False
    register = getattr(module, "register", None)
    if not callable(register):
        return False
    trial = typer.Typer()
    register(trial)
    names = {
        c.name or c.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
        for c in trial.registered_commands
    }
    names |= {g.name for g in trial.registered_groups}
    if name not in names:
        return False
    app.registered_commands = list(trial.registered_commands)
    app.registered_groups = list(trial.registered_groups)
    _registered = True
    return True


def main() -> None:
    """Entry point of the ``assay`` console script."""
    import sys

    if not _register_invoked_module(sys.argv[1:]):
        _register_all()
        _only_invoked(sys.argv[1:])
    app()


def get_app() -> typer.Typer:
    """The fully registered app (for tests with ``typer.testing.CliRunner``)."""
    _register_all()
    return app
