"""Reports report their stages to a progress callback, and the faster paths give the same
content: the dossier's supply-risk table from the headline indicators only
(``risk_view(..., detail=False)``), figures whose SVG text stays text (WeasyPrint lays out
one ``<text>`` node instead of one path per glyph). Timings: benchmarks/bench_reports.py."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_country_report_stages_in_order_then_the_pdf(mcs_store_path: Path, tmp_path: Path):
    from assay.reports.country import country_report
    from assay.reports.render import write_report
    from assay.store.db import open_reader

    steps: list[tuple[str, int | None, int | None]] = []

    def record(step: str, done: int | None = None, total: int | None = None) -> None:
        steps.append((step, done, total))

    store = open_reader(mcs_store_path)
    try:
        report = country_report(store, "UKR", progress=record)
    finally:
        store.close()
    assert steps == [("data", 0, 3), ("figures", 1, 3), ("HTML", 2, 3)]
    write_report(report, tmp_path / "ukr.pdf", "pdf", progress=record)
    assert steps[-1][0] == "PDF layout (WeasyPrint)"
    assert (tmp_path / "ukr.pdf").read_bytes().startswith(b"%PDF")
    write_report(report, tmp_path / "ukr.html", "html", progress=record)
    assert len(steps) == 4  # HTML needs no layout step


def test_dossier_risk_table_same_with_headline_indicators_only(
    mcs_store_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import assay.analyses.risk as risk
    from assay.reports.country import _risk_positions
    from assay.store.db import open_reader

    full = risk.risk_view
    calls: list[bool] = []

    def spy(*args, detail: bool = True, **kwargs):
        calls.append(detail)
        return full(*args, detail=detail, **kwargs)

    store = open_reader(mcs_store_path)
    try:
        commodities = ["rare-earths", "nickel", "platinum-group-metals", "titanium"]
        monkeypatch.setattr(risk, "risk_view", spy)
        fast = _risk_positions(store, "RUS", commodities)
        assert calls and not any(calls)  # the dossier asks for the headline indicators only
        monkeypatch.setattr(risk, "risk_view", lambda s, c, e=None, **_: full(s, c, e))
        slow = _risk_positions(store, "RUS", commodities)
    finally:
        store.close()
    assert fast == slow
    assert [p["commodity_id"] for p in fast[0]] == commodities and not fast[1]
    assert any(p["country_rank"] for p in fast[0])


def test_report_figures_keep_text_as_text():
    from assay.reports import figures

    svg = figures.bar_chart(["China", "Brazil"], [44.0, 21.0], title="Reserves", unit="% [-]")
    # one <text> per label, not glyph outlines (<path id="DejaVuSans-...">) drawn per node
    assert "<text" in svg and "Brazil" in svg and "Reserves" in svg
    assert 'id="DejaVuSans-' not in svg


def test_dossier_risk_commodities_do_not_depend_on_the_hash_seed(mcs_store_path: Path):
    """The dossier tabulates the supply risk of the country's best-ranked commodities; ties
    in rank used to be broken by set order, which changes with each process's hash seed, so
    two runs of `assay report country RUS` could list different commodities."""
    import os
    import subprocess
    import sys

    code = (
        "import json, sys; from assay.store.db import open_reader; "
        "from assay.reports.country import country_dossier; "
        "d = country_dossier(open_reader(sys.argv[1]), 'RUS'); "
        "print(json.dumps([r['commodity_id'] for r in d['risk']]))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(mcs_store_path)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]


def test_report_command_shows_its_stages_on_a_terminal(
    mcs_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import io

    from typer.testing import CliRunner

    from assay.cli import _common, get_app

    screen = io.StringIO()
    console = _common._Console(file=screen, force_terminal=True, width=150, color_system=None)
    monkeypatch.setattr(_common, "err_console", console)
    target = tmp_path / "ukr.pdf"
    args = ["report", "country", "UKR", "--format", "pdf", "-o", str(target)]
    out = CliRunner().invoke(get_app(), [*args, "--db", str(mcs_store_path)])
    assert out.exit_code == 0, out.output
    shown = screen.getvalue()
    stages = ["data (0/3)", "figures (1/3)", "HTML (2/3)", "PDF layout (WeasyPrint)"]
    where = [shown.find(f"writing the UKR dossier (pdf): {s}") for s in stages]
    assert -1 not in where and where == sorted(where), shown
    assert "wrote" in out.stdout and "dossier (pdf):" not in out.stdout
