"""Generic CSV/GeoJSON site import with a column mapping; atomicity; geometry helpers."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assay.analyses import sites as A
from assay.cli import get_app
from assay.importers import sites as imp
from assay.models.sites_geometry import PolygonIndex

runner = CliRunner()

CSV = """Deposit,X,Y,Country,Type,Commodity,Class,Category,Ore,Ore_unit,Grade,Grade_unit,What,Date
Zhytomyr test A,28.66,50.25,Ukraine,carbonatite,rare earths,GKZ,C1,12.5,Mt,1.2,%,TREO,1987
Zhytomyr test A2,28.70,50.30,UKR,carbonatite,rare earths,GKZ,P2,40,Mt,0.8,%,TREO,1987
Donetsk test B,37.80,48.00,UKR,alkaline,rare earths,GKZ,C2,3000,kt,4000,ppm,TREO,1990
Bad grade,30.0,50.0,UKR,alkaline,rare earths,GKZ,C1,1,Mt,1,g/m3,TREO,1990
Bad category,30.0,50.0,UKR,alkaline,rare earths,GKZ,C7,1,Mt,1,%,TREO,1990
,30.0,50.0,UKR,alkaline,rare earths,GKZ,C1,1,Mt,1,%,TREO,1990
Bad coordinate,300.0,50.0,UKR,alkaline,rare earths,GKZ,C1,1,Mt,1,%,TREO,1990
"""

MAP = [
    "name=Deposit",
    "lon=X",
    "lat=Y",
    "country=Country",
    "deposit_type=Type",
    "commodities=Commodity",
    "system=Class",
    "category=Category",
    "ore=Ore",
    "ore_unit=Ore_unit",
    "grade=Grade",
    "grade_unit=Grade_unit",
    "grade_commodity=What",
    "as_of=Date",
]


def test_generic_csv_with_gkz_categories(sites_store_copy, tmp_path):
    path = tmp_path / "ukr_gkz.csv"
    path.write_text(CSV)
    result = imp.import_generic(sites_store_copy, path, imp.parse_mapping(MAP))
    assert result.records == 3 and result.estimates == 3
    reasons = sorted(q["reason"] for q in result.quarantined)
    assert len(reasons) == 4
    assert any("C7" in r for r in reasons)  # unknown GKZ category, with the known ones
    assert any("site name missing" == r for r in reasons)
    assert any("out of range" in r for r in reasons)
    assert any("g/m3" in r or "grade unit" in r for r in reasons)
    lines = sorted(q["line"] for q in result.quarantined)
    assert lines == [5, 6, 7, 8]  # header is line 1
    rows = {
        r["category"]: r
        for r in sites_store_copy.query(
            "SELECT * FROM estimate WHERE record_id LIKE 'user-ukr-gkz:%'"
        )
    }
    # Oracle: 3000 kt = 3e6 t; 4000 ppm = 0.4 %; contained = 3e6 * 0.004 = 12 000 t
    assert rows["C2"]["ore_t"] == pytest.approx(3e6)
    assert rows["C2"]["grade_percent"] == pytest.approx(0.4)
    assert rows["C2"]["contained_t"] == pytest.approx(12000.0)
    assert rows["C1"]["ladder"] == "indicated" and rows["C1"]["approximate"]
    assert not rows["C1"]["compliant"]
    assert rows["P2"]["ladder"] == "prognostic"
    A.refresh_sites(sites_store_copy)
    view = A.sites_view(sites_store_copy, country="UKR", region="Donetsk")
    donetsk = [s for s in view["sites"] if s["name"] == "Donetsk test B"][0]
    assert donetsk["control"]["as_of"] == "2022-09-30"
    assert donetsk["confidence"]["ladder"] == "inferred"
    summary = A.country_sites_summary(sites_store_copy, "UKR")
    ladders = {row["ladder"] for row in summary["by_confidence"]}
    assert {"indicated", "inferred", "prognostic"} <= ladders
    # shares of ore tonnage: compliant 0 (GKZ), prognostic 40 / (12.5 + 40 + 3) Mt
    assert summary["shares"]["compliant"] == pytest.approx(0.0)
    assert summary["shares"]["prognostic"] == pytest.approx(40 / 55.5)


def test_reimport_replaces_dataset(sites_store_copy, tmp_path):
    path = tmp_path / "ukr_gkz.csv"
    path.write_text(CSV)
    mapping = imp.parse_mapping(MAP)
    imp.import_generic(sites_store_copy, path, mapping)
    imp.import_generic(sites_store_copy, path, mapping)
    n = sites_store_copy.con.execute(
        "SELECT count(*) FROM site_record WHERE dataset = 'user-ukr-gkz'"
    ).fetchone()[0]
    assert n == 3


def test_import_is_atomic(sites_store_copy, tmp_path):
    """A failure while writing leaves the dataset as it was (transaction rolled back)."""
    before = sites_store_copy.con.execute(
        "SELECT count(*) FROM site_record WHERE dataset = 'usgs-carbonatites'"
    ).fetchone()[0]
    records: list[dict] = []
    bad_estimate = {k: None for k in imp._ESTIMATE_COLS}  # NOT NULL columns left NULL
    bad_estimate["record_id"] = "usgs-carbonatites:48"
    with pytest.raises(Exception):  # noqa: B017 - any database error
        imp.write_dataset(
            sites_store_copy,
            "usgs-carbonatites",
            tmp_path / "x.csv",
            {"id": "s", "publisher": "p", "title": "t"},
            records,
            [bad_estimate],
            [],
            0,
        )
    after = sites_store_copy.con.execute(
        "SELECT count(*) FROM site_record WHERE dataset = 'usgs-carbonatites'"
    ).fetchone()[0]
    assert after == before == 60


def test_geojson_import_via_cli(sites_store_path, tmp_path):
    import shutil

    db = tmp_path / "s.duckdb"
    shutil.copyfile(sites_store_path, db)
    gj = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [34.1, 45.0]},
                "properties": {
                    "title": "Crimea test",
                    "cc": "UKR",
                    "cat": "Inferred",
                    "sys": "JORC",
                    "t": 2.0,
                    "tu": "Mt",
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [30.5, 50.4]},
                "properties": {
                    "title": "Kyiv test",
                    "cc": "UKR",
                    "cat": "Probable",
                    "sys": "JORC",
                    "t": 1.0,
                    "tu": "Mt",
                },
            },
        ],
    }
    path = tmp_path / "user.geojson"
    path.write_text(json.dumps(gj))
    result = runner.invoke(
        get_app(),
        [
            "sites-import",
            "geojson",
            str(path),
            "--map",
            "name=title",
            "--map",
            "iso3=cc",
            "--map",
            "category=cat",
            "--map",
            "system=sys",
            "--map",
            "ore=t",
            "--map",
            "ore_unit=tu",
            "--json",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["records"] == 2 and report["quarantined"] == 0
    result = runner.invoke(get_app(), ["site", "Crimea test", "--json", "--db", str(db)])
    site = json.loads(result.stdout)["sites"][0]
    assert site["control"]["as_of"] == "2014-03-18"
    assert site["region"] == "Autonomous Republic of Crimea"


def test_cli_import_errors_exit_2(sites_store_path, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("A,B\n1,2\n")
    result = runner.invoke(
        get_app(),
        [
            "sites-import",
            "csv",
            str(path),
            "--map",
            "name=Nope",
            "--db",
            str(tmp_path / "n.duckdb"),
        ],
    )
    assert result.exit_code == 2 and "Nope" in result.output
    result = runner.invoke(
        get_app(),
        ["sites-import", "csv", str(path), "--map", "colour=A", "--db", str(tmp_path / "n.duckdb")],
    )
    assert result.exit_code == 2 and "colour" in result.output
    result = runner.invoke(
        get_app(), ["sites-import", "lidar", str(path), "--db", str(tmp_path / "n.duckdb")]
    )
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # an unknown CRS raised pyproj's CRSError as a traceback (exit 1)
        (["csv", "x.csv", "--map", "name=A", "--crs", "EPSG:99999"], "is not a known coordinate"),
        # a CSV given as a control layer: a bare "Expecting value: line 1 column 1" without file
        (["control", "x.csv"], "x.csv: not valid GeoJSON"),
        # JSON that is not an object: AttributeError traceback
        (["geojson", "list.geojson", "--map", "name=A"], "list.geojson: not a GeoJSON Feature"),
        (["admin1", "list.geojson", "--iso3", "RUS", "--map", "name=A"], "list.geojson: not a"),
    ],
)
def test_cli_import_bad_crs_and_non_geojson_name_the_file(tmp_path, args, expected):
    (tmp_path / "x.csv").write_text("A,B\n1,2\n")
    (tmp_path / "list.geojson").write_text("[1, 2]")
    argv = ["sites-import", args[0], str(tmp_path / args[1]), *args[2:]]
    result = runner.invoke(get_app(), [*argv, "--no-link", "--db", str(tmp_path / "n.duckdb")])
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split())


def test_location_from_row():
    assert imp.location_from_row("10.5", "20.25", None)[:3] == (10.5, 20.25, "point")
    assert imp.location_from_row(None, None, "MULTIPOINT(-80.81 48.65, -80 48)")[:3] == (
        -80.81,
        48.65,
        "multipoint-first",
    )
    assert imp.location_from_row(0, 0, None)[0] is None  # null island placeholder
    assert imp.location_from_row("abc", "1", None)[3] is not None
    assert imp.location_from_row(32.0, 48.0, None)[2].startswith("whole degrees")


def test_polygon_index_square():
    # Oracle: a unit square contains (0.5, 0.5) and not (1.5, 0.5); nearest within 0.6 deg
    square = {
        "type": "Feature",
        "properties": {"name": "sq"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]},
    }
    index = PolygonIndex([square])
    assert list(index.locate([0.5, 1.5, float("nan")], [0.5, 0.5, 0.0])) == [0, -1, -1]
    assert list(index.locate([1.5], [0.5], nearest_within_deg=0.6)) == [0]
    assert index.property_of([0, -1], "name") == ["sq", None]


def test_region_name_matching():
    names = ["Dnipropetrovsk Oblast", "Donetsk Oblast", "Zaporizhia Oblast"]
    assert A.match_region_name("Dnepropetrovsk Oblast", names) == "Dnipropetrovsk Oblast"
    assert A.match_region_name("Zaporizhzhia", names) == "Zaporizhia Oblast"
    assert A.match_region_name("Murmansk", names) is None


def test_user_admin1_layer_places_records(sites_store_path, tmp_path):
    """A user admin-1 polygon (here a box around Tomtor) names the region of the records in it."""
    import shutil

    db = tmp_path / "s.duckdb"
    shutil.copyfile(sites_store_path, db)
    layer = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"NAME_1": "Sakha Republic", "HASC": "RU.SA"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[110, 65], [125, 65], [125, 75], [110, 75], [110, 65]]],
                },
            },
        ],
    }
    path = tmp_path / "rus_adm1.geojson"
    path.write_text(json.dumps(layer))
    result = runner.invoke(
        get_app(),
        [
            "sites-import",
            "admin1",
            str(path),
            "--iso3",
            "RUS",
            "--map",
            "name=NAME_1",
            "--map",
            "code=HASC",
            "--json",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["areas"] == 1
    result = runner.invoke(
        get_app(), ["sites", "--country", "RUS", "--region", "Sakha", "--json", "--db", str(db)]
    )
    names = {s["name"] for s in json.loads(result.stdout)["sites"]}
    assert "Tomtor" in names
    result = runner.invoke(get_app(), ["site", "Tomtor", "--json", "--db", str(db)])
    records = {r["dataset"]: r for r in json.loads(result.stdout)["sites"][0]["sources"]}
    # USGS major deposits publishes no province: the region now comes from the user polygon
    # the polygon's name 'Sakha Republic' is normalised to ISO 3166-2 RU-SA (pycountry)
    assert records["usgs-major"]["region"] == "Sakha (Yakutia) Republic"
    assert records["usgs-major"]["region_code"] == "RU-SA"
    assert records["usgs-major"]["region_method"] == "point-in-polygon"
    assert records["usgs-major"]["region_published"] is None
    result = runner.invoke(get_app(), ["sites-import", "admin1", str(path), "--db", str(db)])
    assert result.exit_code == 2 and "iso3" in result.output


def test_views_on_a_store_without_sites(reference_store):
    """The country view can always call the summary: empty, not an error."""
    assert A.refresh_sites(reference_store)["linking"]["sites"] == 0
    summary = A.country_sites_summary(reference_store, "RUS")
    assert summary["sites"] == 0 and summary["by_confidence"] == []
    assert A.sites_view(reference_store, country="RUS")["sites"] == []
    with pytest.raises(A.GtmError):
        A.build_gtm(reference_store, "carbonatite", "REE")
    with pytest.raises(A.UnknownSiteError):
        A.site_view(reference_store, "Tomtor")


def test_cli_staged_import_lists_quarantine(reference_store_path, shared_data, tmp_path):
    import shutil

    db = tmp_path / "s.duckdb"
    shutil.copyfile(reference_store_path, db)
    folder = shared_data / "usgs-carbonatites"
    result = runner.invoke(
        get_app(), ["sites-import", "usgs-carbonatites", str(folder), "--json", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # Oracle: the dataset README lists 60 sites, all with coordinates
    assert report["records"] == 60 and report["quarantined"] == 0
    assert report["refresh"]["linking"]["sites"] == 60
    result = runner.invoke(
        get_app(),
        ["sites-import", "usgs-carbonatites", str(folder / "sites.csv"), "--db", str(db)],
    )
    assert result.exit_code == 2 and "not a folder" in result.output


def test_cli_gtm_refusals(sites_store_path):
    result = runner.invoke(
        get_app(),
        ["gtm", "--deposit-type", "granite", "--commodity", "REE", "--db", str(sites_store_path)],
    )
    assert result.exit_code == 2 and "at least 20" in result.output
    result = runner.invoke(
        get_app(),
        [
            "gtm",
            "--deposit-type",
            "carbonatite",
            "--commodity",
            "REE",
            "--min-deposits",
            "5",
            "--db",
            str(sites_store_path),
        ],
    )
    assert result.exit_code == 2
    result = runner.invoke(
        get_app(),
        [
            "gtm",
            "--deposit-type",
            "carbonatite",
            "--commodity",
            "REE",
            "--db",
            str(sites_store_path),
        ],
    )
    assert result.exit_code == 0 and result.stdout.startswith("ID,Name,Ore,TREO")
