"""Progress on anything slow: one helper (``assay.cli._common.progress``) draws a Rich bar on
stderr, fed by a callback that the CLI passes down into the analysis (``build_store(...,
progress=step)``); it is silent when stderr is not a terminal and with ``--quiet``/``--json``,
and never reaches stdout.

A "terminal" here is a Rich console forced to behave as one and writing to a string, put in
place of the CLI's stderr console, so the tests read exactly what a user's terminal gets.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import _common, get_app

runner = CliRunner()


@pytest.fixture()
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Replace the CLI's stderr console with one that is a terminal writing to a string."""
    screen = io.StringIO()
    console = _common._Console(file=screen, force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr(_common, "err_console", console)
    return screen


def test_build_store_reports_its_steps_in_order(tmp_path: Path) -> None:
    from assay.analyses.build import build_steps, build_store
    from assay.store import open_store

    empty = tmp_path / "shared-data"
    empty.mkdir()
    calls: list[tuple[str, int, int]] = []

    def record(step: str, done: int, total: int) -> None:
        calls.append((step, done, total))

    with open_store(tmp_path / "s.duckdb") as store:
        build_store(store, empty, progress=record)
    steps = [c for c in calls if ": " not in c[0]]
    names = [c[0] for c in steps]
    assert names == [*build_steps(empty), "done"]
    assert names[:2] == ["bundled reference data", "supply-risk inputs"]  # no MCS folder here
    assert [c[1] for c in steps] == list(range(len(steps)))  # steps finished so far
    assert {c[2] for c in calls} == {len(steps) - 1}
    # parts of a step (each site dataset, then the relink) follow it with its count
    parts = [(i, c) for i, c in enumerate(calls) if ": " in c[0]]
    assert [c[0] for _, c in parts] == ["sites (import, place, link): place and link"]
    i, part = parts[0]
    assert calls[i - 1][0] == "sites (import, place, link)" and part[1] == calls[i - 1][1]


def test_build_steps_name_each_mcs_edition_present(shared_data: Path) -> None:
    from assay.analyses.build import MCS_FOLDERS, build_steps

    steps = build_steps(shared_data)
    present = [f for f in MCS_FOLDERS if (shared_data / f).is_dir()]
    assert present  # the shared data ship the MCS releases
    assert steps[1 : 1 + len(present)] == [f"MCS {f}" for f in present]
    assert steps[0] == "bundled reference data" and steps[-1] == "seed news articles"


def test_build_on_a_terminal_shows_the_steps_in_order(
    tmp_path: Path, fake_terminal: io.StringIO
) -> None:
    from assay.analyses.build import build_steps

    empty = tmp_path / "shared-data"
    empty.mkdir()
    args = ["build", "--db", str(tmp_path / "s.duckdb"), "--shared", str(empty)]
    out = runner.invoke(get_app(), args)
    assert out.exit_code == 0, out.output
    screen = fake_terminal.getvalue()
    positions = [screen.find(f"build: {name}") for name in build_steps(empty)]
    assert -1 not in positions, screen
    assert positions == sorted(positions)
    assert "build: the rare-earth picture" in screen
    # progress went to the (fake) stderr terminal only, never to stdout
    assert "build: " not in out.stdout and "store: " in out.stdout


@pytest.mark.parametrize("flag", ["--json", "--quiet"])
def test_json_and_quiet_runs_show_no_progress(
    tmp_path: Path, fake_terminal: io.StringIO, flag: str
) -> None:
    empty = tmp_path / "shared-data"
    empty.mkdir()
    args = ["build", "--db", str(tmp_path / "s.duckdb"), "--shared", str(empty), flag]
    out = runner.invoke(get_app(), args)
    assert out.exit_code == 0, out.output
    assert fake_terminal.getvalue() == ""
    if flag == "--json":
        assert json.loads(out.stdout)["reference"]["country"] > 200


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    # the CLI runner's stderr is a pipe: nothing but the results, on stdout
    assert not _common.progress_enabled()
    empty = tmp_path / "shared-data"
    empty.mkdir()
    out = runner.invoke(
        get_app(), ["build", "--db", str(tmp_path / "s.duckdb"), "--shared", str(empty)]
    )
    assert out.exit_code == 0, out.output
    assert "build:" not in out.stderr and "build:" not in out.stdout


def test_progress_helper_counts_and_spinner(fake_terminal: io.StringIO) -> None:
    with _common.progress("importing", total=3) as step:
        step("first.csv", 0, 3)
        step("second.csv", 1, 3)
    with _common.working("drawing the map"):
        pass
    screen = fake_terminal.getvalue()
    assert screen.index("importing: first.csv") < screen.index("importing: second.csv")
    assert "1/3" in screen and "0:00:0" in screen  # counts and the elapsed time
    # names come from users and files: brackets are text, never Rich markup
    with _common.progress("risk of [bold]x[/y]") as step:
        step("file [1].csv", 1, 2)
    assert "risk of [bold]x[/y]: file [1].csv (1/2)" in fake_terminal.getvalue()
    with _common.progress("silent", quiet=True) as step:
        step("nothing", 1, 2)
    assert "silent" not in fake_terminal.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["risk", "--all", "--json", "--db", "{db}"],
        ["report", "commodity", "rare earths", "--json", "-o", "{tmp}/ree.html", "--db", "{db}"],
        ["chain-shock", "rare earths", "--stage", "separation", "--remove", "CHN", "--json",
         "--db", "{db}"],
        ["deal", "{tests}/econ/data/us_ukraine_fund.yaml", "--json"],
        ["case", "UKR", "--json", "--db", "{db}"],
    ],
)  # fmt: skip
def test_json_stdout_parses_on_a_terminal(
    mcs_store_path: Path, tmp_path: Path, fake_terminal: io.StringIO, args: list[str]
) -> None:
    where = {"{db}": str(mcs_store_path), "{tmp}": str(tmp_path),
             "{tests}": str(Path(__file__).resolve().parents[1])}  # fmt: skip
    for key, value in where.items():
        args = [a.replace(key, value) for a in args]
    out = runner.invoke(get_app(), args)
    assert out.exit_code == 0, out.output
    json.loads(out.stdout)
    assert fake_terminal.getvalue() == ""


def test_audit_and_export_show_progress_on_a_terminal_only(
    mcs_store_path: Path, tmp_path: Path, fake_terminal: io.StringIO
) -> None:
    """`audit` (~3 s on a full store) and `export` (an audit or a case behind it) show what
    runs on the terminal's stderr; `audit --json` shows nothing and its stdout parses."""
    db = str(mcs_store_path)
    out = runner.invoke(get_app(), ["audit", "--db", db])
    assert out.exit_code == 0, out.output
    assert "auditing the store" in fake_terminal.getvalue()
    assert "auditing the store" not in out.stdout
    target = tmp_path / "audit.csv"
    out = runner.invoke(get_app(), ["export", "audit", "--db", db, "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.exists()
    assert "exporting to audit.csv" in fake_terminal.getvalue()
    fake_terminal.seek(0)
    fake_terminal.truncate()
    out = runner.invoke(get_app(), ["audit", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    json.loads(out.stdout)
    assert fake_terminal.getvalue() == ""
