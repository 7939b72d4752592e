"""Progress of the assessment commands: the analysis reports its steps to a callback
(``step(name, done, total)``) and never imports Rich; the CLI feeds them to the one helper
``assay.cli._common.progress`` (a bar on stderr only, silent with ``--json``/``--quiet`` and
when stderr is not a terminal).

A "terminal" is a Rich console forced to behave as one and writing to a string, put in place
of the CLI's stderr console (as in tests/desk/test_progress.py).
"""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import _common, get_app

runner = CliRunner()


@pytest.fixture()
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    screen = io.StringIO()
    console = _common._Console(file=screen, force_terminal=True, width=160, color_system=None)
    monkeypatch.setattr(_common, "err_console", console)
    return screen


def _spec(mm4: Path, draws: int = 2000, name: str = "T"):
    from assay.importers.mapmark4 import tract_spec_from_dict

    given = {
        "name": name,
        "gatm": str(mm4 / "ExampleGatm.csv"),
        "estimates": str(mm4 / "ExampleDepEst1.csv"),
        "draws": draws,
        "seed": 3,
    }
    return tract_spec_from_dict(given, Path.cwd(), Path("test"))


def test_analysis_never_imports_rich() -> None:
    import assay.analyses.assessment as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not [m for m in imported if m == "rich" or m.startswith("rich.")]


def test_assess_tract_reports_its_steps(mm4: Path) -> None:
    from assay.analyses.assessment import TRACT_STEPS, assess_tract

    calls: list[tuple[str, int, int]] = []
    assess_tract(_spec(mm4), reference_draws=5_000, stream=False,
                 progress=lambda *a: calls.append(a))  # fmt: skip
    assert [c[0] for c in calls] == list(TRACT_STEPS)
    assert [c[1] for c in calls] == list(range(len(TRACT_STEPS)))
    assert {c[2] for c in calls} == {len(TRACT_STEPS) - 1}


def test_streamed_assess_counts_both_passes(mm4: Path) -> None:
    from assay.analyses.assessment import assess_tract

    calls: list[tuple[str, int, int]] = []
    assess_tract(_spec(mm4, draws=30_000), reference_draws=5_000, stream=True,
                 progress=lambda *a: calls.append(a))  # fmt: skip
    assert [c[0] for c in calls[:2]] == ["pmf", "pdfs"]
    counts = [c for c in calls[2:] if c[0] != "done"]
    assert counts[0] == ("simulating (pass 1 of 2)", 0, 60_000)
    done = [c[1] for c in counts]
    assert done == sorted(done) and done[-1] == 60_000  # every draw, in both passes
    assert all(c[2] == 60_000 for c in counts)
    assert {c[0] for c in counts} == {"simulating (pass 1 of 2)", "simulating (pass 2 of 2)"}
    assert calls[-1] == ("done", 60_000, 60_000)


def test_assess_tracts_reports_each_tract(mm4: Path) -> None:
    from assay.analyses.assessment import assess_tracts

    calls: list[tuple[str, int, int]] = []
    specs = [_spec(mm4, draws=500, name=n) for n in ("A", "B")]
    assess_tracts(specs, 1, scheduler="serial", reference_draws=2_000,
                  progress=lambda *a: calls.append(a))  # fmt: skip
    assert calls == [("assessing tracts", 0, 2), ("A", 1, 2), ("B", 2, 2)]


def _assess_args(mm4: Path, *flags: str) -> list[str]:
    return ["assess", "--gatm", str(mm4 / "ExampleGatm.csv"), "--estimates",
            str(mm4 / "ExampleDepEst1.csv"), "--draws", "2000", "--seed", "7",
            "--name", "Tract1", *flags]  # fmt: skip


def test_assess_on_a_terminal_shows_the_steps(mm4: Path, fake_terminal: io.StringIO) -> None:
    out = runner.invoke(get_app(), _assess_args(mm4, "--progress"))
    assert out.exit_code == 0, out.output
    screen = fake_terminal.getvalue()
    positions = [screen.find(f"assess Tract1: {s}") for s in ("pmf", "pdfs", "simulating")]
    assert -1 not in positions, screen
    assert positions == sorted(positions)
    assert "assess Tract1:" not in out.stdout and "Contained material" in out.stdout


@pytest.mark.parametrize("flag", ["--json", "--quiet"])
def test_assess_json_and_quiet_show_no_progress(
    mm4: Path, fake_terminal: io.StringIO, flag: str
) -> None:
    out = runner.invoke(get_app(), _assess_args(mm4, "--progress", flag))
    assert out.exit_code == 0, out.output
    assert fake_terminal.getvalue() == ""
    if flag == "--json":
        assert json.loads(out.stdout)["draws"] == 2000


def test_batch_and_aggregate_progress(
    mm4: Path, tmp_path: Path, fake_terminal: io.StringIO
) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "seed: 2\ndraws: 500\ntracts:\n"
        + "".join(
            f"  - {{name: {n}, gatm: {mm4 / 'ExampleGatm.csv'},"
            f" estimates: {mm4 / f'ExampleDepEst{i + 1}.csv'}}}\n"
            for i, n in enumerate(("North", "South"))
        )
    )
    out = runner.invoke(get_app(), ["assess-batch", str(batch), "--serial"])
    assert out.exit_code == 0, out.output
    screen = fake_terminal.getvalue()
    assert "assess-batch: North (1/2)" in screen and "assess-batch: South (2/2)" in screen
    assert "assess-batch:" not in out.stdout
    out = runner.invoke(get_app(), ["aggregate", str(batch), "--serial", "--correlation", "0.3"])
    assert out.exit_code == 0, out.output
    assert "aggregate: South (2/2)" in fake_terminal.getvalue()
    before = fake_terminal.getvalue()
    out = runner.invoke(
        get_app(), ["aggregate", str(batch), "--serial", "--correlation", "0.3", "--json"]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["tracts"] == 2
    assert fake_terminal.getvalue() == before  # nothing more with --json


def test_no_progress_when_stderr_is_not_a_terminal(mm4: Path) -> None:
    # the CLI runner's stderr is a pipe: nothing but the results, on stdout
    out = runner.invoke(get_app(), _assess_args(mm4, "--progress"))
    assert out.exit_code == 0, out.output
    assert "assess Tract1" not in out.stderr and "assess Tract1:" not in out.stdout
