"""The Python API (assay.api) against the command line: for the same arguments, every
function's ``to_dict()`` is the command's ``--json`` object (the same numbers), its
``to_frame()`` rows are the JSON's rows, and every frame names its sources.

Oracle: the CLI's ``--json`` output, parsed back (an independent path through Typer, the
CLI's own argument handling and JSON encoder).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pytest
from tests.api.geofiles import known_sites, mapmark4_examples, square_units
from tests.prospect.test_cli import layers  # noqa: F401 - the small evidence rasters fixture
from typer.testing import CliRunner

from assay import api
from assay.cli import get_app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def cli_json(*args: str) -> dict:
    result = runner.invoke(get_app(), [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def same(a, b, path: str = "") -> None:
    """Equal JSON values; floats to 1e-12 relative (a few risk scores are sums whose order
    varies between processes in the last bit). Run manifests (clock time, argv) are not
    compared: they say when and how a run was made, not what it found."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            assert a == b, path
        else:
            assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300), f"{path}: {a} != {b}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), f"{path}: keys {set(a) ^ set(b)}"
        for key in a:
            if key != "manifest":
                same(a[key], b[key], f"{path}/{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: lengths"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def nums(values) -> list[float]:
    """JSON numbers as floats, null as NaN (how a frame holds a missing value)."""
    return [math.nan if v is None else float(v) for v in values]


def without(d: dict, *keys: str) -> dict:
    return {k: v for k, v in d.items() if k not in keys}


# -- store commands: names, aliases and codes as the CLI takes them --------------------------
STORE_CASES = [
    ("commodity", lambda db: api.commodity("REE", db=db), ["commodity", "REE"]),
    ("commodity-edition", lambda db: api.commodity("rare-earths", 2024, db=db),
     ["commodity", "rare-earths", "--edition", "2024"]),
    ("history", lambda db: api.history("rare earths", "reserves", db=db),
     ["history", "rare earths", "reserves"]),
    ("history-country", lambda db: api.history("lithium", "production", country="Chile", db=db),
     ["history", "lithium", "production", "--country", "Chile"]),
    ("country", lambda db: api.country("UA", db=db), ["country", "UA"]),
    ("element", lambda db: api.element("neodymium", db=db), ["element", "neodymium"]),
    ("sources", lambda db: api.sources(db=db), ["sources"]),
    ("sites", lambda db: api.sites("Ukraine", commodity="rare earths", db=db),
     ["sites", "--country", "Ukraine", "--commodity", "rare earths"]),
    ("risk", lambda db: api.risk("lithium", db=db), ["risk", "lithium"]),
    ("risk-all", lambda db: api.risk_all(db=db), ["risk", "--all"]),
    ("chain", lambda db: api.chain("REE", db=db), ["chain", "REE"]),
    ("chain-compare", lambda db: api.chain("rare earths", compare=True, db=db),
     ["chain", "rare earths", "--compare"]),
    ("shock", lambda db: api.shock("rare earths", ["CHN"], cap={"USA": 40000}, db=db),
     ["shock", "rare earths", "--remove", "CHN", "--cap", "USA=40000"]),
    ("chain-shock", lambda db: api.chain_shock("REE", "separation", db=db),
     ["chain-shock", "REE", "--stage", "separation"]),
    ("trade", lambda db: api.trade("rare earths", "United States", db=db),
     ["trade", "rare earths", "--importer", "United States"]),
    ("audit", lambda db: api.audit("high", db=db), ["audit", "--severity", "high"]),
    ("case", lambda db: api.case("UKR", db=db), ["case", "UKR"]),
]  # fmt: skip


@pytest.mark.parametrize("label,call,args", STORE_CASES, ids=[c[0] for c in STORE_CASES])
def test_store_functions_equal_the_cli_json(mcs_store_path, label, call, args):
    result = call(mcs_store_path)
    same(result.to_dict(), cli_json(*args, "--db", str(mcs_store_path)))
    frame = result.to_frame()
    assert len(frame) > 0, label
    assert frame.attrs["command"] and "sources" in frame.attrs
    if label != "risk-all":  # the ranking rows carry no source; risk(name) has them
        assert frame.attrs["sources"], f"{label}: no source ids in attrs"


def test_site_by_id_and_name_equal_the_cli(mcs_store_path):
    listing = api.sites("UKR", db=mcs_store_path).to_frame()
    with_estimates = listing[listing["n_estimates"] > 0]
    site_id = with_estimates["id"].iloc[0]
    result = api.site(site_id, db=mcs_store_path)
    same(result.to_dict(), cli_json("site", site_id, "--db", str(mcs_store_path)))
    frame = result.to_frame()
    estimates = [e for s in result.data["sites"] for e in s["estimates"]]
    assert len(frame) == len(estimates)
    assert frame["ore_t"].tolist() == pytest.approx(
        nums(e["ore_t"] for e in estimates), nan_ok=True
    )
    assert frame["source_id"].notna().all()


def test_frames_hold_the_json_numbers(mcs_store_path):
    """The frame's rows are the JSON's rows: the same values, shares and source ids."""
    result = api.commodity("rare earths", db=mcs_store_path)
    frame = result.to_frame()
    reserves = result.data["measures"]["reserves"]
    rows = frame[(frame["measure"] == "reserves") & (frame["area_kind"] == "country")]
    assert rows["iso3"].tolist() == [r["iso3"] for r in reserves["rows"]]
    assert rows["value"].tolist() == pytest.approx(
        nums(r["value"] for r in reserves["rows"]), nan_ok=True
    )
    assert rows["share"].tolist() == pytest.approx(
        nums(r["share"] for r in reserves["rows"]), nan_ok=True
    )
    assert rows["source_id"].tolist() == [r["source"]["id"] for r in reserves["rows"]]
    assert frame.attrs["edition"] == result.data["edition"] and frame.attrs["unit"] == "t"

    sites = api.sites("UKR", db=mcs_store_path)
    geo = sites.to_frame()
    assert isinstance(geo, gpd.GeoDataFrame) and geo.crs.to_epsg() == 4326
    assert geo["id"].tolist() == [s["id"] for s in sites.data["sites"]]
    assert geo["source_ids"].str.len().gt(0).all()

    trade = api.trade("REE", "USA", db=mcs_store_path)
    tf = trade.to_frame()
    assert tf["value_kusd"].sum() == pytest.approx(trade.data["total_value_kusd"], rel=1e-9)
    assert set(tf["source_id"]) == {trade.data["source"]["id"]}


def test_world_table_accepts_what_commodity_accepts(mcs_store_path):
    """The issue's bug: world_table returned nothing for a name commodity_view accepts."""
    frame = api.world_table("rare earths", "reserves", db=mcs_store_path)
    view = api.commodity("REE", db=mcs_store_path).data["measures"]["reserves"]
    countries = frame[frame["area_kind"] == "country"]
    assert countries["iso3"].tolist() == [r["iso3"] for r in view["rows"]]
    assert countries["value"].tolist() == pytest.approx(
        nums(r["value"] for r in view["rows"]), nan_ok=True
    )
    assert frame.attrs["sources"] and frame.attrs["edition"] == 2025


@pytest.mark.parametrize(
    "call,kind,suggestion",
    [
        (lambda db: api.commodity("tungstn", db=db), "commodity", "Tungsten"),
        (lambda db: api.country("Ukrane", db=db), "country", "Ukraine"),
        (lambda db: api.element("neodymum", db=db), "element", "Neodymium"),
        (lambda db: api.sites("Ukrane", db=db), "country", "Ukraine"),
        (lambda db: api.risk("lithiun", db=db), "commodity", "Lithium"),
        (lambda db: api.world_table("lithiun", "reserves", db=db), "commodity", "Lithium"),
    ],
)
def test_unknown_names_raise_one_error_with_suggestions(mcs_store_path, call, kind, suggestion):
    with pytest.raises(api.AssayError) as info:
        call(mcs_store_path)
    assert info.value.kind == kind
    assert suggestion in info.value.suggestions
    assert "\n" not in str(info.value)


def test_other_bad_input_is_an_assay_error(mcs_store_path, tmp_path):
    with pytest.raises(api.AssayError, match="no assay store"):
        api.commodity("REE", db=tmp_path / "none.duckdb")
    with pytest.raises(api.AssayError, match="2 characters"):
        api.site(" ", db=mcs_store_path)
    with pytest.raises(api.AssayError, match="severity"):
        api.audit("urgent", db=mcs_store_path)
    with pytest.raises(api.AssayError):
        api.deal(tmp_path / "missing.yaml")
    with pytest.raises(api.AssayError, match="no such file"):
        api.news_check(tmp_path / "missing.txt", db=mcs_store_path)


# -- file commands: assessments, economics, news, tracts -------------------------------------
def test_assess_equals_the_cli(shared_data):
    mm4 = mapmark4_examples(shared_data)
    gatm, est = mm4 / "ExampleGatm.csv", mm4 / "ExampleDepEst1.csv"
    result = api.assess(gatm=gatm, estimates=est, draws=2000, seed=3)
    expected = cli_json("assess", "--gatm", str(gatm), "--estimates", str(est), "--draws",
                        "2000", "--seed", "3")  # fmt: skip
    same(without(result.to_dict(), "manifest"), without(expected, "manifest"))
    frame = result.to_frame()
    assert frame["material"].tolist() == list(expected["totals"])
    for _, row in frame.iterrows():
        totals = expected["totals"][row["material"]]
        assert row["mean"] == pytest.approx(totals["mean"], rel=1e-12)
        assert row["q_0.5"] == pytest.approx(totals["quantiles"]["0.5"], rel=1e-12)
    assert frame.attrs["unit"] == "t" and frame.attrs["sources"]


def _batch(tmp_path: Path, mm4: Path, n: int = 3) -> Path:
    lines = ["seed: 11", "draws: 500", "tracts:"]
    for i in range(n):
        est = mm4 / f"ExampleDepEst{1 + i % 4}.csv"
        lines.append(f"  - {{name: T{i}, gatm: {mm4 / 'ExampleGatm.csv'}, estimates: {est}}}")
    path = tmp_path / "batch.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_assess_batch_and_aggregate_equal_the_cli(shared_data, tmp_path):
    mm4 = mapmark4_examples(shared_data)
    batch = _batch(tmp_path, mm4)
    result = api.assess_batch(batch, serial=True)
    expected = cli_json("assess-batch", str(batch), "--serial")
    same(without(result.to_dict(), "manifest"), without(expected, "manifest"))
    frame = result.to_frame()
    assert len(frame) == sum(len(t["totals"]) for t in expected["tracts"])
    assert frame["mean"].tolist() == pytest.approx(
        [row["mean"] for t in expected["tracts"] for row in t["totals"].values()], rel=1e-12
    )
    agg = api.aggregate(batch, correlation=0.5, serial=True)
    expected = cli_json("aggregate", str(batch), "--correlation", "0.5", "--serial")
    same(without(agg.to_dict(), "manifest"), without(expected, "manifest"))
    frame = agg.to_frame()
    ore = frame[(frame["mode"] == "correlated") & (frame["material"] == "Ore")]
    assert ore["mean"].iloc[0] == pytest.approx(expected["correlated"]["Ore"]["mean"])


def test_deposit_density_equals_the_cli():
    result = api.deposit_density(
        "general", 1000.0, median_tonnage_mt=10.0, known=2, n90=1, n50=3, n10=8
    )
    expected = cli_json("deposit-density", "general", "--area", "1000", "--median-tonnage",
                        "10", "--known", "2", "--n90", "1", "--n50", "3", "--n10", "8")  # fmt: skip
    same(without(result.to_dict(), "manifest"), without(expected, "manifest"))
    frame = result.to_frame()
    assert frame["deposits"].tolist() == ["total", "undiscovered", "experts"]
    assert frame["n50"].iloc[0] == pytest.approx(expected["total"]["n50"])
    assert frame.attrs["sources"] == [expected["source_id"]]


def test_econ_and_deal_equal_the_cli(shared_data):
    raef = shared_data / "mapmark4-examples" / "raef"
    if not raef.is_dir():
        pytest.skip(f"{raef} not present")
    deposits, preset = raef / "Porphyry_05_SIM_EF.csv", raef / "RaefPreSetFile.csv"
    result = api.econ(deposits, preset, seed=1)
    expected = cli_json("econ", "--deposits", str(deposits), "--preset", str(preset), "--seed",
                        "1")  # fmt: skip
    same(without(result.to_dict(), "elapsed_s"), without(expected, "elapsed_s"))
    frame = result.to_frame()
    cu = frame[(frame["measure"] == "contained") & (frame["commodity"] == "Cu")].iloc[0]
    assert cu["p_zero"] == expected["contained"]["Cu"]["p_zero"] == 0.2982

    spec = REPO / "tests" / "econ" / "data" / "us_ukraine_fund.yaml"
    deal = api.deal(spec)
    same(deal.to_dict(), cli_json("deal", str(spec)))
    frame = deal.to_frame()
    by_year = deal.data["cumulative_inflow_by_year"]
    assert frame["year"].tolist() == [int(y) for y in by_year]
    assert frame["q50"].tolist() == pytest.approx([v["q50"] for v in by_year.values()])
    assert frame.attrs["unit"] == "USD"


def test_news_check_equals_the_cli(mcs_store_path):
    article = REPO / "tests" / "news" / "data" / "article.html"
    result = api.news_check(article, db=mcs_store_path)
    same(result.to_dict(), cli_json("check", str(article), "--db", str(mcs_store_path)))
    frame = result.to_frame()
    claims = [c for d in result.data["documents"] for c in d["claims"]]
    assert frame["id"].tolist() == [c["id"] for c in claims]
    assert frame["verdict"].tolist() == [c["verdict"] for c in claims]
    assert frame.attrs["sources"]


def test_tracts_equal_the_cli(tmp_path):
    units, deposits = square_units(tmp_path / "units.gpkg"), known_sites(tmp_path / "d.gpkg")
    result = api.tracts(units, "granites", attribute="rock", values=["granite"], buffer_km=1.0,
                        dissolve_by="belt", deposits=deposits)  # fmt: skip
    out = str(tmp_path / "t.geojson")
    expected = cli_json("tract", "--units", str(units), "--name", "granites", "--attribute",
                        "rock", "--value", "granite", "--buffer-km", "1", "--dissolve-by", "belt",
                        "--deposits", str(deposits), "--out", out)  # fmt: skip
    for key in ("tracts", "equal_area_crs", "steps"):
        same(result.to_dict()[key], expected[key], key)
    frame = result.to_frame()
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None
    assert frame["area_km2"].tolist() == pytest.approx([t["area_km2"] for t in expected["tracts"]])
    assert frame["known_sites"].tolist() == ["; ".join(t["known_sites"]) for t in
                                             expected["tracts"]]  # fmt: skip
    with pytest.raises(api.AssayError, match="no map unit"):
        api.tracts(units, attribute="rock", values=["basalt"])


def test_prospect_weights_equal_the_cli(layers):  # noqa: F811
    evidence, deposits = layers["classes"], layers["deposits"]
    result = api.prospect_weights(evidence, deposits, "unique")
    expected = cli_json("prospect", "weights", "-e", str(evidence), "-d", str(deposits),
                        "--type", "unique")  # fmt: skip
    same(result.to_dict(), expected)
    frame = result.to_frame()
    assert len(frame) == len(expected["rows"])
    assert frame["w_plus"].tolist() == pytest.approx(nums(r["w_plus"] for r in expected["rows"]),
                                                     nan_ok=True)  # fmt: skip
    assert frame.attrs["sources"] == [expected["method"]]
    with pytest.raises(api.AssayError, match="weight_type"):
        api.prospect_weights(evidence, deposits, "sideways")
