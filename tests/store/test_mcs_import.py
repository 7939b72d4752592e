"""The USGS MCS importer on the official files: published facts, quarantine, atomicity,
idempotency and the bundled-vs-official cross-check.

Oracles: the published MCS tables (USGS MCS 2023 doi:10.5066/P9WCYUI6, MCS 2024
doi:10.5066/P144BA54, MCS 2025 Rare Earths chapter pp. 144-145, doi:10.5066/P13XCP3R),
as quoted in the dataset READMEs and the issue.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assay.analyses.build import read_reference_csv
from assay.analyses.statistics import world_table
from assay.importers import mcs
from assay.importers.mcs import MCSImportError, import_mcs, parse_value


def _fingerprint(store) -> dict[str, object]:
    """Row counts and an order-independent digest of the data tables."""
    out = {}
    for table in ("observation", "source", "quarantine", "country", "commodity"):
        out[table] = store.con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(CAST(t AS VARCHAR), '|' "
            f"ORDER BY CAST(t AS VARCHAR)), '')) FROM {table} t"
        ).fetchone()
    return out


def _row(table, iso3):
    hit = table[table["iso3"] == iso3]
    assert len(hit) == 1, iso3
    return hit.iloc[0]


# -- published facts ---------------------------------------------------------------------------
def test_mcs2025_rare_earth_reserves(mcs_store):
    table = world_table(mcs_store, "rare-earths", "reserves", 2025)
    china, brazil, russia = _row(table, "CHN"), _row(table, "BRA"), _row(table, "RUS")
    assert (china["value"], china["rank"], china["unit"], china["basis"]) == (44e6, 1, "t", "REO")
    assert brazil["value"] == 21e6 and brazil["rank"] == 2
    assert russia["value"] == 3.8e6 and russia["rank"] == 5
    assert china["source_id"] == "usgs-mcs2025-rare-earths-chapter-world"
    world = table[table["area_kind"] == "world"].iloc[0]
    assert world["value"] == 90e6 and world["qualifier"] == ">"


def test_mcs2024_russia_fourth_and_mcs2023_tie_at_third(mcs_store):
    t2024 = world_table(mcs_store, "rare-earths", "reserves", 2024)
    assert _row(t2024, "RUS")["value"] == 10e6 and _row(t2024, "RUS")["rank"] == 4
    t2023 = world_table(mcs_store, "rare-earths", "reserves", 2023)
    for iso3 in ("RUS", "BRA"):
        assert _row(t2023, iso3)["value"] == 21e6 and _row(t2023, iso3)["rank"] == 3
    assert _row(t2023, "IND")["rank"] == 5  # the tie skips rank 4


def test_2024_mine_production_china_of_world(mcs_store):
    """Data year 2024 (MCS 2025 chapter): China 270,000 t REO of a world 390,000 t."""
    table = world_table(mcs_store, "rare-earths", "mine_production", 2025)
    assert int(table["data_year"].iloc[0]) == 2024
    china = _row(table, "CHN")
    world = table[table["area_kind"] == "world"].iloc[0]
    assert china["value"] == 270_000 and world["value"] == 390_000
    assert china["share"] == pytest.approx(100 * 270_000 / 390_000)
    assert "estimated" in china["qualifier"]
    assert "14" in china["footnotes"]  # production quota footnote of the chapter


def test_units_are_normalised_and_originals_kept(mcs_store):
    """Gallium is published in kg (MCS 2024): stored in t with the published text kept."""
    row = mcs_store.query(
        """SELECT value, unit, original_value, original_unit FROM observation
           WHERE source_id = 'usgs-mcs2024-galli-world' AND iso3 = 'CHN'
             AND measure = 'refinery_production' AND data_year = 2023"""
    )[0]
    assert row["unit"] == "t" and row["original_unit"] == "kg"
    assert row["value"] == pytest.approx(float(row["original_value"].replace(",", "")) / 1000)


def test_salient_statistics_become_usa_observations(mcs_store):
    nir = mcs_store.query(
        """SELECT value, unit, qualifier FROM observation WHERE commodity_id = 'rare-earths'
           AND edition = 2024 AND measure = 'net_import_reliance' AND data_year = 2023
           AND detail = 'Compounds Metals'"""
    )
    assert nir == [{"value": 95.0, "unit": "percent", "qualifier": ">"}]
    price = mcs_store.query(
        """SELECT value, unit FROM observation WHERE commodity_id = 'lithium' AND edition = 2024
           AND measure = 'price' AND data_year = 2022"""
    )
    assert price == [{"value": 68100.0, "unit": "USD/t"}]
    nd = mcs_store.query(
        """SELECT value, unit, qualifier FROM observation WHERE commodity_id = 'rare-earths'
           AND edition = 2025 AND measure = 'price' AND data_year = 2024
           AND detail LIKE 'neodymium oxide%'"""
    )
    assert nd == [{"value": 56.0, "unit": "USD/kg", "qualifier": "estimated"}]


def test_sources_record_provenance(mcs_store):
    src = mcs_store.query("SELECT * FROM source WHERE id = 'usgs-mcs2024-raree-world'")[0]
    assert src["publisher"] == "U.S. Geological Survey" and src["edition"] == 2024
    assert src["doi"] == "10.5066/P144BA54"
    assert src["file"] == "usgs-mcs-2024/world/mcs2024-raree_world.csv"
    assert len(src["sha256"]) == 64 and src["retrieved"] is not None
    assert "Rare earths" in src["table_name"]


# -- import behaviour --------------------------------------------------------------------------
def test_every_csv_imports_with_quarantine_listed_and_explained(mcs_store):
    folders = {
        r["path"].rsplit("/", 1)[-1]: r
        for r in mcs_store.query("SELECT * FROM import_log WHERE status = 'ok'")
    }
    assert {"usgs-mcs-2023", "usgs-mcs-2024", "usgs-mcs-2025-rare-earths"} <= set(folders)
    files = mcs_store.query("SELECT count(*) AS n FROM source WHERE kind = 'official'")[0]["n"]
    assert files >= 160 + 160 + 2  # 2023 and 2024 world + salient, 2025 chapter tables
    quarantined = mcs_store.query("SELECT * FROM quarantine")
    assert quarantined, "the official files have known defects that must be quarantined"
    for q in quarantined:
        assert q["file"] and q["line"] is not None and q["field"] and q["reason"]
    reasons = {q["file"]: q["reason"] for q in quarantined}
    assert "world table" in reasons["usgs-mcs-2024/salient/mcs2024-cobal_salient.csv"]
    assert any("CASE STATEMENT ERROR" in q["reason"] for q in quarantined)
    # published as -4 t of imports: impossible, so set aside rather than stored
    asbestos = reasons["usgs-mcs-2024/salient/mcs2024-asbes_salient.csv"]
    assert asbestos.startswith("negative value for imports")


def test_second_import_changes_no_row(mcs_store, shared_data):
    before = _fingerprint(mcs_store)
    report = import_mcs(mcs_store, shared_data / "usgs-mcs-2024")
    assert report.rows_inserted == 0 and report.rows_unchanged > 7000
    assert len(report.files_unchanged) == len(report.files)
    assert _fingerprint(mcs_store) == before


def _copy_subset(shared_data: Path, tmp_path: Path, names: list[str]) -> Path:
    root = tmp_path / "usgs-mcs-2024"
    (root / "world").mkdir(parents=True)
    shutil.copy(shared_data / "usgs-mcs-2024" / "README.md", root / "README.md")
    for name in names:
        shutil.copy(shared_data / "usgs-mcs-2024" / "world" / name, root / "world" / name)
    return root


def _corrupt_line(path: Path, line_no: int, old: str, new: str) -> None:
    data = path.read_bytes().split(b"\n")
    assert old.encode() in data[line_no - 1]
    data[line_no - 1] = data[line_no - 1].replace(old.encode(), new.encode(), 1)
    path.write_bytes(b"\n".join(data))


def test_strict_import_of_a_corrupted_file_leaves_the_store_unchanged(
    reference_store, shared_data, tmp_path
):
    names = ["mcs2024-lithi_world.csv", "mcs2024-raree_world.csv", "mcs2024-zinc_world.csv"]
    root = _copy_subset(shared_data, tmp_path, names)
    # line 7 of the rare-earth table (China): a number garbled mid-file
    _corrupt_line(root / "world" / "mcs2024-raree_world.csv", 7, "240000", "24O000")
    before = _fingerprint(reference_store)
    with pytest.raises(MCSImportError) as info:
        import_mcs(reference_store, root, strict=True)
    message = str(info.value)
    assert "mcs2024-raree_world.csv, line 7" in message and "Prod_t_est_2023" in message
    assert _fingerprint(reference_store) == before

    report = import_mcs(reference_store, root)  # default: quarantine and say so
    assert [q[:4] for q in report.quarantined] == [
        ("usgs-mcs-2024/world/mcs2024-raree_world.csv", 7, "Prod_t_est_2023", "24O000")
    ]
    stored = reference_store.query("SELECT file, line, field, reason FROM quarantine")
    assert stored[0]["line"] == 7 and "not a number" in stored[0]["reason"]
    china = reference_store.query(
        """SELECT data_year, value FROM observation o JOIN source s ON s.id = o.source_id
           WHERE s.kind = 'official' AND o.commodity_id = 'rare-earths' AND o.iso3 = 'CHN'
             AND o.measure = 'mine_production' ORDER BY data_year"""
    )
    assert china == [{"data_year": 2022, "value": 210000.0}]


def test_failure_while_writing_rolls_everything_back(
    reference_store, shared_data, tmp_path, monkeypatch
):
    root = _copy_subset(shared_data, tmp_path, ["mcs2024-raree_world.csv"])
    import_mcs(reference_store, root)
    _corrupt_line(root / "world" / "mcs2024-raree_world.csv", 7, "44000000", "45000000")
    before = _fingerprint(reference_store)
    # the observation insert fails after old rows were deleted and sources written
    monkeypatch.setattr(mcs, "_OBS_COLUMNS", [*mcs._OBS_COLUMNS, "no_such_column"])
    with pytest.raises(Exception, match="no_such_column"):
        import_mcs(reference_store, root)
    assert _fingerprint(reference_store) == before
    monkeypatch.undo()
    report = import_mcs(reference_store, root)  # a changed file replaces its own rows
    assert report.rows_replaced == report.rows_inserted > 0
    value = reference_store.query(
        """SELECT value FROM observation WHERE source_id = 'usgs-mcs2024-raree-world'
           AND iso3 = 'CHN' AND measure = 'reserves'"""
    )
    assert value == [{"value": 45e6}]


def test_single_file_import_and_unknown_file(reference_store, shared_data, tmp_path):
    path = shared_data / "usgs-mcs-2023" / "world" / "mcs2023-raree_world.csv"
    report = import_mcs(reference_store, path)
    assert report.files == ["usgs-mcs-2023/world/mcs2023-raree_world.csv"]
    assert report.rows_inserted > 30 and not report.quarantined
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not an MCS"):
        import_mcs(reference_store, other)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,300", (1300.0, None)),
        ("NA", (None, "not available")),
        ("W", (None, "withheld")),
        ("XX", (None, "not applicable")),
        ("—", (0.0, None)),
        (">95", (95.0, ">")),
        ("e5,000", (5000.0, "estimated")),
        ("−76", (-76.0, None)),
        ("Less than ½ unit.", (None, "less than 1/2 unit")),
        ("50–300", (None, "range 50–300")),
        ("24O000", None),
    ],
)
def test_parse_value_usgs_symbols(text, expected):
    """Oracle: the symbol conventions stated in the MCS data-release metadata."""
    assert parse_value(text) == expected


# -- bundled vs official ----------------------------------------------------------------------
def test_every_bundled_number_matches_the_official_files(mcs_store):
    curated = read_reference_csv("world_tables.csv")
    official = mcs_store.df(
        """SELECT o.commodity_id, o.edition, o.measure, coalesce(o.detail, '') AS detail,
                  o.area_name, coalesce(o.iso3, '') AS iso3, o.data_year, o.value, o.unit,
                  coalesce(o.qualifier, '') AS qualifier
           FROM observation o JOIN source s ON s.id = o.source_id WHERE s.kind = 'official'"""
    )
    index = {
        (r.commodity_id, r.edition, r.measure, r.detail, r.area_name, r.iso3, r.data_year): r
        for r in official.itertuples()
    }
    assert len(curated) >= 400
    for row in curated.itertuples():
        key = (
            row.commodity_id,
            int(row.edition),
            row.measure,
            row.detail or "",
            row.area_name,
            row.iso3 or "",
            int(row.data_year),
        )
        match = index.get(key)
        assert match is not None, f"bundled row without an official counterpart: {key}"
        if row.value is None:
            assert match.value != match.value  # NaN: withheld / not available
        else:
            assert float(row.value) == pytest.approx(match.value), key
        assert (row.qualifier or "") == match.qualifier, key
        assert row.unit == match.unit, key


def test_congo_kinshasa_is_dr_congo_not_congo_brazzaville(mcs_store):
    """MCS writes DR Congo as 'Congo (Kinshasa)' (USGS MCS 2024, cobalt world table):
    the parenthesis is part of the name, not a note to strip."""
    rows = mcs_store.query(
        "SELECT DISTINCT iso3 FROM observation WHERE area_name LIKE 'Congo (Kinshasa)%'"
        " OR (commodity_id = 'cobalt' AND edition = 2024 AND measure = 'mine_production'"
        " AND value >= 100000 AND iso3 IS NOT NULL)"
    )
    assert {r["iso3"] for r in rows} == {"COD"}
