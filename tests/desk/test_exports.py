"""``assay export KIND -o FILE``: every table of the Python API as CSV and Parquet (and sites
and tracts as GeoJSON, GeoPackage, GeoParquet), read back with the same rows as the API's
frame; CSV cells neutralised against formula injection; bad input is one line, exit code 2,
and writes nothing.

Oracle: the frame :mod:`assay.api` returns for the same arguments, and pandas/geopandas
reading the written file back.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from tests.api.geofiles import known_sites, mapmark4_examples, square_units
from tests.prospect.test_cli import layers  # noqa: F401 - the small evidence rasters fixture
from typer.testing import CliRunner

from assay import api
from assay.cli import get_app
from assay.tables import neutralise_cell, write_table

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def export(*args: str):
    return runner.invoke(get_app(), ["export", *args])


def assert_same_rows(read: pd.DataFrame, frame: pd.DataFrame, csv: bool) -> None:
    """The file's rows are the frame's: same columns and length; numbers equal (NaN for a
    missing one); text equal (a CSV cell that a spreadsheet would run as a formula carries
    the apostrophe the rule adds)."""
    frame = pd.DataFrame(frame.drop(columns=["geometry"], errors="ignore"))
    read = pd.DataFrame(read.drop(columns=["geometry", "geometry_wkt"], errors="ignore"))
    assert list(read.columns) == list(frame.columns)
    assert len(read) == len(frame)
    for column in frame.columns:
        mine, theirs = frame[column], read[column]
        if pd.api.types.is_numeric_dtype(mine) and not pd.api.types.is_bool_dtype(mine):
            got = pd.to_numeric(theirs.replace("", None), errors="coerce").tolist()
            want = [math.nan if pd.isna(v) else float(v) for v in mine]
            assert got == pytest.approx(want, nan_ok=True, rel=1e-12), column
        else:
            want = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                    for v in mine]  # fmt: skip
            if csv:
                want = [neutralise_cell(v) for v in want]
            got = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                   for v in theirs]  # fmt: skip
            assert got == want, column


def round_trip(frame: pd.DataFrame, args: list[str], tmp_path: Path, name: str) -> None:
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"{name}{suffix}"
        result = export(*args, "-o", str(out))
        assert result.exit_code == 0, result.output
        if suffix == ".csv":
            read = pd.read_csv(out, dtype=str, keep_default_na=False)
        else:
            read = pd.read_parquet(out)
            assert read.attrs.get("sources") == frame.attrs["sources"], name
        assert_same_rows(read, frame, csv=suffix == ".csv")


STORE_KINDS = [
    ("commodity", lambda db: api.commodity("REE", db=db), ["commodity", "REE"]),
    ("world-table", lambda db: api.world_table("rare earths", "mine_production", db=db),
     ["world-table", "rare earths", "mine_production"]),
    ("history", lambda db: api.history("rare earths", "reserves", db=db),
     ["history", "rare earths", "reserves"]),
    ("country", lambda db: api.country("UKR", db=db), ["country", "UKR"]),
    ("element", lambda db: api.element("Nd", db=db), ["element", "Nd"]),
    ("sources", lambda db: api.sources(db=db), ["sources"]),
    ("sites", lambda db: api.sites("UKR", db=db), ["sites", "--country", "UKR"]),
    ("site", lambda db: api.site("Azovske", db=db), ["site", "Azovske"]),
    ("risk", lambda db: api.risk("lithium", db=db), ["risk", "lithium"]),
    ("risk-all", lambda db: api.risk_all(db=db), ["risk", "--all"]),
    ("chain", lambda db: api.chain("rare earths", db=db), ["chain", "rare earths"]),
    ("chain-compare", lambda db: api.chain("REE", compare=True, db=db),
     ["chain", "REE", "--compare"]),
    ("shock", lambda db: api.shock("rare earths", "CHN", add={"AUS": 1000}, db=db),
     ["shock", "rare earths", "--remove", "CHN", "--add", "AUS=1000"]),
    ("chain-shock", lambda db: api.chain_shock("rare earths", "separation", db=db),
     ["chain-shock", "rare earths", "--stage", "separation"]),
    ("trade", lambda db: api.trade("REE", "USA", db=db), ["trade", "REE", "--importer", "USA"]),
    ("audit", lambda db: api.audit(db=db), ["audit"]),
    ("case", lambda db: api.case("UKR", db=db), ["case", "UKR"]),
    ("check", lambda db: api.news_check(REPO / "tests/news/data/article.html", db=db),
     ["check", str(REPO / "tests/news/data/article.html")]),
]  # fmt: skip


@pytest.mark.parametrize("kind,call,args", STORE_KINDS, ids=[k[0] for k in STORE_KINDS])
def test_store_kinds_round_trip_csv_and_parquet(mcs_store_path, tmp_path, kind, call, args):
    result = call(mcs_store_path)
    frame = result if isinstance(result, pd.DataFrame) else result.to_frame()
    assert len(frame) > 0, kind
    round_trip(frame, [*args, "--db", str(mcs_store_path)], tmp_path, kind)


def test_file_kinds_round_trip_csv_and_parquet(shared_data, tmp_path):
    mm4 = mapmark4_examples(shared_data)
    gatm, est = mm4 / "ExampleGatm.csv", mm4 / "ExampleDepEst1.csv"
    frame = api.assess(gatm=gatm, estimates=est, draws=1000, seed=5).to_frame()
    round_trip(frame, ["assess", "--gatm", str(gatm), "--estimates", str(est), "--draws",
                       "1000", "--seed", "5"], tmp_path, "assess")  # fmt: skip

    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "seed: 4\ndraws: 400\ntracts:\n"
        + "".join(f"  - {{name: T{i}, gatm: {gatm}, estimates: {est}}}\n" for i in range(3))
    )
    frame = api.assess_batch(batch, serial=True).to_frame()
    round_trip(frame, ["assess-batch", str(batch), "--serial"], tmp_path, "batch")
    frame = api.aggregate(batch, correlation=0.3, serial=True).to_frame()
    round_trip(frame, ["aggregate", str(batch), "--correlation", "0.3", "--serial"], tmp_path,
               "aggregate")  # fmt: skip

    frame = api.deposit_density("general", 500.0, median_tonnage_mt=2.0, known=1).to_frame()
    round_trip(frame, ["deposit-density", "general", "--area", "500", "--median-tonnage", "2",
                       "--known", "1"], tmp_path, "density")  # fmt: skip

    raef = mm4 / "raef"
    deposits, preset = raef / "Porphyry_05_SIM_EF.csv", raef / "RaefPreSetFile.csv"
    frame = api.econ(deposits, preset, seed=2).to_frame()
    round_trip(frame, ["econ", "--deposits", str(deposits), "--preset", str(preset), "--seed",
                       "2"], tmp_path, "econ")  # fmt: skip

    spec = REPO / "tests" / "econ" / "data" / "us_ukraine_fund.yaml"
    round_trip(api.deal(spec).to_frame(), ["deal", str(spec)], tmp_path, "deal")


def test_sites_as_geojson_gpkg_and_geoparquet(mcs_store_path, tmp_path):
    frame = api.sites("UKR", commodity="rare earths", db=mcs_store_path).to_frame()
    for suffix in (".geojson", ".gpkg", ".parquet"):
        out = tmp_path / f"sites{suffix}"
        result = export("sites", "--country", "UKR", "--commodity", "rare earths", "-o",
                        str(out), "--db", str(mcs_store_path))  # fmt: skip
        assert result.exit_code == 0, result.output
        read = gpd.read_parquet(out) if suffix == ".parquet" else gpd.read_file(out)
        assert read.crs.to_epsg() == 4326
        assert read["id"].tolist() == frame["id"].tolist()
        located = ~(read.geometry.isna() | read.geometry.is_empty)
        assert located.tolist() == (~(frame.geometry.isna() | frame.geometry.is_empty)).tolist()
        assert located.any()
        assert read[located].geometry.x.tolist() == pytest.approx(
            frame[located.to_numpy()].geometry.x.tolist()
        )


def _units(path: Path) -> Path:
    """Map units, and the known sites beside them as deposits.gpkg."""
    known_sites(path.with_name("deposits.gpkg"))
    return square_units(path)


def test_tracts_as_geojson_gpkg_and_geoparquet(tmp_path):
    """The permissive tracts read back by geopandas with the same rows and CRS (GeoJSON is
    WGS 84 by RFC 7946; GeoPackage and GeoParquet keep the working CRS)."""
    units = _units(tmp_path / "units.gpkg")
    args = ["--units", str(units), "--name", "granites", "--attribute", "rock", "--value",
            "granite", "--buffer-km", "1", "--dissolve-by", "belt", "--deposits",
            str(tmp_path / "deposits.gpkg")]  # fmt: skip
    deposits = tmp_path / "deposits.gpkg"
    frame = api.tracts(units, "granites", attribute="rock", values=["granite"], buffer_km=1.0,
                       dissolve_by="belt", deposits=deposits).to_frame()  # fmt: skip
    assert len(frame) == 2 and frame["known_sites"].tolist() == ["in-a", ""]
    for suffix in (".geojson", ".gpkg", ".parquet", ".csv"):
        out = tmp_path / f"tracts{suffix}"
        result = export("tracts", *args, "-o", str(out))
        assert result.exit_code == 0, result.output
        if suffix == ".csv":
            read = pd.read_csv(out, dtype=str, keep_default_na=False)
            assert_same_rows(read, frame, csv=True)
            continue
        read = gpd.read_parquet(out) if suffix == ".parquet" else gpd.read_file(out)
        assert read["name"].tolist() == frame["name"].tolist()
        assert read["area_km2"].tolist() == pytest.approx(frame["area_km2"].tolist())
        expected_crs = gpd.GeoSeries([], crs="EPSG:4326").crs if suffix == ".geojson" else frame.crs
        assert read.crs == expected_crs, suffix
        back = read.to_crs(frame.crs)
        for got, want in zip(back.geometry, frame.geometry, strict=True):
            assert got.symmetric_difference(want).area / want.area < 1e-6


def test_unknown_names_fail_with_exit_2_and_write_nothing(mcs_store_path, tmp_path):
    cases = [
        (["commodity", "tungstn"], "Tungsten"),
        (["country", "Ukrane"], "Ukraine"),
        (["sites", "--country", "Ukrane"], "Ukraine"),
        (["risk", "lithiun"], "Lithium"),
        (["element", "neodymum"], "Neodymium"),
        (["world-table", "tungstn", "reserves"], "Tungsten"),
    ]
    for args, suggestion in cases:
        for suffix in (".csv", ".parquet"):
            out = tmp_path / f"bad{suffix}"
            result = export(*args, "-o", str(out), "--db", str(mcs_store_path))
            assert result.exit_code == 2, (args, result.output)
            message = result.output.strip()
            assert "\n" not in message and suggestion in message, message
            assert not out.exists()
    result = export("commodity", "REE", "-o", str(tmp_path / "c.xlsx"), "--db",
                    str(mcs_store_path))  # fmt: skip
    assert result.exit_code == 2 and ".csv" in result.output
    assert list(tmp_path.iterdir()) == []
    result = export("deal", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "d.csv"))
    assert result.exit_code == 2 and not (tmp_path / "d.csv").exists()


def test_csv_cells_are_neutralised_like_the_web(tmp_path):
    """The one rule (assay.tables), used by the web's downloads and by the exports."""
    from assay.web.render import rows_to_csv

    frame = pd.DataFrame({"name": ["=HYPERLINK(1)", "@SUM(A1)", "-12", "+x", "plain"],
                          "value": [1.0, -3.5, 2.0, 3.0, 4.0]})  # fmt: skip
    out = write_table(frame, tmp_path / "t.csv")
    read = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert read["name"].tolist() == ["'=HYPERLINK(1)", "'@SUM(A1)", "-12", "'+x", "plain"]
    assert read["value"].tolist() == ["1.0", "-3.5", "2.0", "3.0", "4.0"]
    web = rows_to_csv(frame.to_dict("records")).splitlines()[1:]
    assert [line.split(",")[0] for line in web] == read["name"].tolist()


def test_prospect_weights_round_trip(layers, tmp_path):  # noqa: F811
    evidence, deposits = layers["classes"], layers["deposits"]
    frame = api.prospect_weights(evidence, deposits, "categorical").to_frame()
    round_trip(frame, ["prospect-weights", "-e", str(evidence), "-d", str(deposits), "--type",
                       "categorical"], tmp_path, "weights")  # fmt: skip


def test_assay_tract_writes_geoparquet_too(tmp_path):
    """`assay tract --out F.parquet` (write_tracts) gives the same rows and CRS as the API."""
    units = _units(tmp_path / "units.gpkg")
    out = tmp_path / "granites.parquet"
    result = runner.invoke(get_app(), ["tract", "--units", str(units), "--attribute", "rock",
                                       "--value", "granite", "--dissolve-by", "belt", "--out",
                                       str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    frame = api.tracts(units, attribute="rock", values=["granite"], dissolve_by="belt").to_frame()
    read = gpd.read_parquet(out)
    assert read.crs == frame.crs
    assert read["name"].tolist() == frame["name"].tolist()
    assert read["area_km2"].tolist() == pytest.approx(frame["area_km2"].tolist())
