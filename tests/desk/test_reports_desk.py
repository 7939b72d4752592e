"""The PDF country dossier (Russia) and the rare-earth commodity briefing, as an analyst
opens them: executive summary first, a projected map clipped to the country, legend outside
the axes, colour-blind-safe colours without repeats, sources named in full; rendered to PNG
with pdftoppm and checked non-blank (``tests.web.test_reports.assert_pdf_not_blank``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.web.test_reports import assert_pdf_not_blank
from typer.testing import CliRunner

from assay.cli import get_app

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def russia(mcs_store_path: Path):
    from assay.reports.country import country_report
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        yield country_report(store, "Russia")
    finally:
        store.close()


def test_russia_dossier_pdf_summary_first_sources_in_full(
    mcs_store_path: Path, artifacts_dir: Path
):
    target = artifacts_dir / "desk-country-RUS.pdf"
    out = runner.invoke(get_app(), ["report", "country", "RUS", "--format", "pdf", "-o",
                                    str(target), "--db", str(mcs_store_path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    pages = assert_pdf_not_blank(target, artifacts_dir, min_pages=3)
    assert pages


def test_russia_dossier_html_order_and_citations(russia):
    html = russia.html
    summary = html.index("Executive summary")
    assert summary < html.index('<img class="fig map"') < html.index("Statistics per commodity")
    assert len(russia.data["summary"]) >= 3
    # citation markers are numbers into the list of sources, which names each in full
    assert not re.search(r'<sup class="src">[a-z]', html)
    sources = html[html.index("<h2>Sources</h2>") :]
    for src in russia.data["sources"]:
        assert src["title"].replace("&", "&amp;").replace('"', "&#34;")[:30] in sources or (
            src["title"][:20] in sources
        ), src["id"]
    # no number in scientific notation in the summary
    for item in russia.data["summary"]:
        assert not re.search(r"\d[eE][+-]?\d", item["text"]), item["text"]


def test_russia_map_extent_within_the_country_bounding_box_plus_margin(russia):
    """The map frame, checked against an independent projection of the Natural Earth
    outline with pyproj (not the geopandas path the map uses)."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape

    import assay.reference

    frame = russia.data["map"]
    path = Path(assay.reference.__file__).parent / "boundaries" / "countries_ne110m.geojson"
    feature = next(f for f in json.loads(path.read_text())["features"]
                   if f["properties"].get("iso3") == "RUS")  # fmt: skip
    to_map = Transformer.from_crs("EPSG:4326", frame["crs"], always_xy=True)
    projected = shapely.transform(
        shape(feature["geometry"]), lambda xy: np.column_stack(to_map.transform(xy[:, 0], xy[:, 1]))
    )
    minx, miny, maxx, maxy = projected.bounds
    (x0, x1), (y0, y1) = frame["xlim"], frame["ylim"]
    margin = 0.1 * max(maxx - minx, maxy - miny)
    assert minx - margin <= x0 <= minx and maxx <= x1 <= maxx + margin
    assert miny - margin <= y0 <= miny and maxy <= y1 <= maxy + margin
    # Russia spans the antimeridian: a plate-carree map would be 360 degrees wide; this one
    # is about 8,000 km across, not the world (40,000 km)
    assert 6e6 < x1 - x0 < 1.2e7
    assert "+proj=laea" in frame["crs"] and frame["located_sites"] > 100


def test_country_map_legend_outside_and_colours_distinct(mcs_store_path: Path):
    from matplotlib.colors import to_hex

    from assay.analyses.sites import sites_view
    from assay.reports.geo import OKABE_ITO, country_map_figure, sites_frame
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        view = sites_view(store, country="RUS", include_estimates=False)
        control = store.query("SELECT * FROM control_area")
    finally:
        store.close()
    fig, ax, _ = country_map_figure("RUS", sites_frame(view), title="t", control=control)
    fig.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_window_extent().x0 >= ax.get_window_extent().x1  # outside the axes
    points = [c for c in ax.collections if c.get_label() and not c.get_label().startswith("_")]
    colours = [to_hex(c.get_facecolor()[0]) for c in points if len(c.get_offsets())]
    assert len(colours) >= 2 and len(set(colours)) == len(colours)
    assert {c.upper() for c in colours} <= {c.upper() for c in OKABE_ITO}
    labels = [t.get_text() for t in legend.get_texts()]
    assert any("since 2014-03-18" in t for t in labels)  # claimed areas with their date


def test_rare_earth_briefing_pdf(mcs_store_path: Path, artifacts_dir: Path):
    target = artifacts_dir / "desk-commodity-rare-earths.pdf"
    out = runner.invoke(get_app(), ["report", "commodity", "rare earths", "--format", "pdf",
                                    "-o", str(target), "--db", str(mcs_store_path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert_pdf_not_blank(target, artifacts_dir, min_pages=3)


def test_rare_earth_briefing_content(mcs_store_path: Path):
    from assay.reports.commodity import commodity_report
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        report = commodity_report(store, "REE")  # an alias, as the CLI accepts
    finally:
        store.close()
    html = report.html
    assert html.index("Executive summary") < html.index("Mine production")
    first = report.data["summary"][0]["text"]
    # MCS 2025 rare earths: world mine production 390,000 t REO in 2024, China 270,000 t
    assert "390 kt REO" in first and "China 270 kt REO" in first
    reserves = report.data["summary"][1]["text"]
    assert "more than 90 Mt REO" in reserves and "upper bounds" in reserves
    assert not report.data["missing"]
    assert "Sources" in html and "Mineral Commodity Summaries 2025" in html


def test_unknown_commodity_is_one_line(mcs_store_path: Path, tmp_path: Path):
    args = ["report", "commodity", "unobtainium", "-o", str(tmp_path / "x.html")]
    out = runner.invoke(get_app(), [*args, "--db", str(mcs_store_path)])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert not (tmp_path / "x.html").exists()


def test_assessment_report_keeps_the_illustrative_warning_and_cites_inputs(
    tmp_path: Path, artifacts_dir: Path
):
    from assay.reports.assessment import assessment_report

    tract = Path(__file__).resolve().parents[2] / (
        "src/assay/reference/examples/carbonatite_ree/tract.yaml"
    )
    report = assessment_report(tract, draws=500)
    html = report.html
    assert "Illustrative, not a published assessment" in html
    assert html.index("Illustrative, not") < html.index("Number of undiscovered deposits")
    assert "NOT A PUBLISHED ASSESSMENT" in html  # the spec's own disclaimer, carried over
    for name in ("tract.yaml", "gtm.csv", "estimates.csv"):
        assert f"<td>{name}</td>" in html
    assert "weng2015-ree" in html and "23 deposits" in html
    assert str(tract.parent) not in html  # file names, never local absolute paths
    # a spec that cites its estimates is not called illustrative
    cited = tmp_path / "cited.yaml"
    cited.write_text(
        ("# source: Test Survey (2024), table 3\n" + tract.read_text())
        .replace("gtm.csv", str(tract.parent / "gtm.csv"))
        .replace("estimates.csv", str(tract.parent / "estimates.csv"))
    )
    again = assessment_report(cited, draws=200)
    assert "Illustrative, not a published" not in again.html
    assert "Test Survey (2024), table 3" in again.html


def test_deal_report_summary_assumptions_and_sources(tmp_path: Path, artifacts_dir: Path):
    spec = Path(__file__).resolve().parents[1] / "econ" / "data" / "us_ukraine_fund.yaml"
    target = artifacts_dir / "desk-deal-us-ukraine.pdf"
    out = runner.invoke(get_app(), ["report", "deal", str(spec), "--format", "pdf", "-o",
                                    str(target)])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert_pdf_not_blank(target, artifacts_dir, min_pages=2)
    from assay.reports.deal import deal_report

    report = deal_report(spec)
    html = report.html
    assert html.index("Executive summary") < html.index("Cumulative inflow by year")
    assert "A scenario, not a forecast" in html and "ILLUSTRATIVE ASSUMPTIONS" in html
    assert "Norton Rose Fulbright" in html and "S&amp;P Global Market Intelligence" in html
    first = report.data["headline"][0]["text"]
    assert "50 %" in first and "$10 bn" in first  # five US contributions of 2.0e9 USD
    for item in report.data["headline"]:
        assert not re.search(r"\d[eE][+-]?\d", item["text"]), item["text"]
    bad = tmp_path / "missing.yaml"
    out = runner.invoke(get_app(), ["report", "deal", str(bad)])
    assert out.exit_code == 2 and "Traceback" not in out.output
