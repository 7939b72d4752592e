"""Plausibility audit and corrections table (issue 13, item 2), through the CLI and JSON.

Before: a kilogram column labelled ``kt`` (MCS 2023 rhenium: Chile 1.3 bn t of rhenium),
a tonne column labelled ``kt`` (MCS 2024 selenium: Russia 26 Mt) and a site at 6.8 N
instead of 66.8 N (Vuoriyarvi, in the Gulf of Guinea's latitudes) were imported and shown
with full provenance; nothing compared editions, world totals or countries' polygons.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import get_app

runner = CliRunner()


def _cli(*args: str) -> dict:
    result = runner.invoke(get_app(), [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _store_copy(source: Path, tmp_path: Path, name: str = "audit.duckdb") -> Path:
    target = tmp_path / name
    shutil.copyfile(source, target)
    return target


def _plant(source: Path, target: Path, country: str, factor: float) -> None:
    """Copy an MCS world CSV, multiplying ``country``'s reserves by ``factor``."""
    text = source.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    col = next(
        i for i, h in enumerate(header) if h.startswith("Reserves_") and "notes" not in h.lower()
    )
    planted = False
    for row in rows[1:]:
        if row and row[1] == country:
            row[col] = str(int(float(row[col].replace(",", "")) * factor))
            planted = True
    assert planted, country
    with target.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _lithium_store(tmp_path: Path, shared_data: Path, reference_store_path: Path, factor: float):
    folder = tmp_path / f"mcs-{factor:g}"
    folder.mkdir()
    shutil.copy(shared_data / "usgs-mcs-2023/world/mcs2023-lithi_world.csv", folder)
    _plant(
        shared_data / "usgs-mcs-2024/world/mcs2024-lithi_world.csv",
        folder / "mcs2024-lithi_world.csv",
        "Chile",
        factor,
    )
    db = _store_copy(reference_store_path, tmp_path, f"lithium-{factor:g}.duckdb")
    report = _cli("import", "mcs", str(folder), "--db", str(db))
    # the guardrails run at import too: the import's JSON carries the audit counts
    assert set(report["audit"]["counts"]) >= {"high", "medium", "low", "high_unresolved"}
    return db


def test_planted_1000x_unit_error_is_flagged(tmp_path, shared_data, reference_store_path):
    def chile_flags(db: Path) -> list[dict]:
        audit = _cli("audit", "--db", str(db))
        return [
            f
            for f in audit["flags"]
            if f["series"]
            and f["series"]["commodity_id"] == "lithium"
            and f["series"].get("iso3") == "CHL"
            and f["series"]["measure"] == "reserves"
        ]

    # the published files as they are: Chile's lithium reserves raise no flag
    clean = _lithium_store(tmp_path, shared_data, reference_store_path, 1)
    assert not [f for f in chile_flags(clean) if f["severity"] == "high"]

    planted = _lithium_store(tmp_path, shared_data, reference_store_path, 1000)
    flags = chile_flags(planted)
    jump = next(f for f in flags if f["kind"] == "edition_jump")
    assert jump["severity"] == "high"
    assert 500 < jump["series"]["ratio"] < 2000  # x1000 planted on top of a real revision
    assert jump["series"]["previous"]["edition"] == 2023 and jump["series"]["edition"] == 2024
    assert jump["correction"] is None and jump["resolved"] is False
    assert "scale error" in jump["suggested_fix"]
    share = next(f for f in flags if f["kind"] == "share_over_100")
    assert share["severity"] == "high" and share["series"]["share_percent"] > 100
    # the flag's shape is the JSON contract of the issue
    for key in ("severity", "kind", "series", "site", "evidence", "correction"):
        assert key in jump


def test_site_moved_across_border_is_flagged(tmp_path, reference_store_path):
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "Name,X,Y,Country\n"
        "Kyiv control,30.52,50.45,Ukraine\n"  # inside Ukraine: no flag
        "Moved to Moscow,37.62,55.75,Ukraine\n"  # moved across the border, ~480 km
        "Sign flipped,-30.52,50.45,Ukraine\n"  # negated longitude
    )
    db = _store_copy(reference_store_path, tmp_path)
    _cli(
        "sites-import", "csv", str(sites), "--map", "name=Name", "--map", "lon=X",
        "--map", "lat=Y", "--map", "country=Country", "--db", str(db),
    )  # fmt: skip
    audit = _cli("audit", "--db", str(db))
    by_name = {f["site"]["name"]: f for f in audit["flags"] if f["kind"] == "site_outside_country"}
    assert "Kyiv control" not in by_name
    moved = by_name["Moved to Moscow"]
    assert moved["site"]["iso3"] == "UKR"
    # distance to the Natural Earth 1:110m border: Moscow is ~450-500 km from Ukraine
    assert 350 < moved["site"]["distance_km"] < 650
    assert moved["severity"] == "medium"
    flipped = by_name["Sign flipped"]
    assert flipped["severity"] == "high"
    assert flipped["site"]["suggestion"] == "negate lon"
    assert "(30.5200, 50.4500) lies in UKR" in flipped["suggested_fix"]


@pytest.fixture(scope="module")
def built_audit(mcs_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = _store_copy(mcs_store_path, tmp_path_factory.mktemp("built-audit"))
    return _cli("audit", "--db", str(db))


def test_built_store_audit_contract_and_no_unresolved_high_flag(built_audit):
    counts = built_audit["counts"]
    assert set(counts) >= {"high", "medium", "low"}
    assert counts["high"] == sum(1 for f in built_audit["flags"] if f["severity"] == "high")
    for flag in built_audit["flags"]:
        assert flag["severity"] in ("high", "medium", "low")
        assert flag["kind"] and flag["evidence"]
        assert (flag["series"] is None) != (flag["site"] is None)
        if flag["severity"] == "high":
            assert flag["correction"] is not None or flag["reason"], flag["evidence"]
    assert counts["high_unresolved"] == 0


def test_known_unit_errors_are_corrected_with_the_published_value_kept(built_audit, mcs_store_path):
    rhenium = [
        f
        for f in built_audit["flags"]
        if f["kind"] == "edition_jump"
        and f["series"]["commodity_id"] == "rhenium"
        and f["series"]["iso3"] == "CHL"
    ]
    assert rhenium, "the MCS 2023 rhenium kg-as-kt column is flagged"
    correction = rhenium[0]["correction"]
    assert correction["id"] == "mcs2023-rheni-reserves-kg"
    assert correction["original_value"] == pytest.approx(1.3e9)  # 1,300,000 'kt' as published
    assert correction["corrected_value"] == pytest.approx(1300)  # 1,300,000 kg
    assert "Reserves_kg" in correction["evidence"]
    # the views show the corrected number and keep the published one beside it
    view = _cli("country", "CHL", "--db", str(mcs_store_path))
    rows = next(c for c in view["commodities"] if c["id"] == "rhenium")["measures"]["reserves"]
    row_2023 = next(r for r in rows if r["edition"] == 2023)
    assert row_2023["value"] == 1300
    assert row_2023["correction"]["original_value"] == pytest.approx(1.3e9)
    db = str(mcs_store_path)
    selenium = _cli("history", "selenium", "reserves", "--country", "RUS", "--db", db)
    values = {i["edition"]: i["value"] for i in selenium["series"]["RUS"]}
    assert values == {2023: 20000, 2024: 26000}  # t, not 26 Mt


def test_vuoriyarvi_latitude_corrected_through_the_table(built_audit):
    flag = next(
        f
        for f in built_audit["flags"]
        if f["kind"] == "site_outside_country" and f["site"]["name"] == "Vuoriyarvi"
    )
    assert flag["severity"] == "high"
    assert flag["site"]["lat"] == pytest.approx(6.8)  # the published point is what is audited
    assert flag["site"]["distance_km"] > 3000
    assert flag["correction"]["corrected_value"] == pytest.approx(66.8)
    assert "Sallanlatvi" in flag["correction"]["evidence"]


def test_malformed_corrections_row_names_file_row_and_field(tmp_path):
    from assay.analyses.audit import CorrectionsError, load_corrections
    from assay.reference import path

    rows = path("corrections.csv").read_text().splitlines()
    broken = rows[0] + "\n" + rows[1].replace("1e-6", "a millionth") + "\n"
    bad = tmp_path / "corrections.csv"
    bad.write_text(broken)
    with pytest.raises(CorrectionsError, match=r"corrections.csv: row 2: field 'factor'"):
        load_corrections(bad)
    no_evidence = tmp_path / "c2.csv"
    fields = next(csv.reader([rows[0]]))
    with no_evidence.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        row = dict(next(csv.DictReader([rows[0], rows[1]])))
        row["evidence"] = ""
        writer.writerow(row)
    with pytest.raises(CorrectionsError, match=r"row 2: field 'evidence'"):
        load_corrections(no_evidence)


def test_audit_html_and_web_page(tmp_path, built_audit, mcs_store_path):
    out = tmp_path / "audit.html"
    result = runner.invoke(get_app(), ["audit", "--db", str(mcs_store_path), "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "mcs2023-rheni-reserves-kg" in html and "Vuoriyarvi" in html

    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(_store_copy(mcs_store_path, tmp_path, "web.duckdb"))) as client:
        page = client.get("/audit")
        assert page.status_code == 200 and "Vuoriyarvi" in page.text
        twin = client.get("/audit.json").json()
        assert twin["counts"] == built_audit["counts"]


def test_any_two_sources_of_one_series_are_compared(built_audit):
    """USGS against World Mining Data (``production_by_source``), same series and year."""
    pairs = [
        f
        for f in built_audit["flags"]
        if f["kind"] == "source_disagreement"
        and f["series"]["commodity_id"] == "rare-earths"
        and f["series"]["iso3"] == "MDG"
    ]
    assert pairs
    publishers = {v["publisher"] for v in pairs[0]["series"]["values"]}
    assert len(publishers) == 2 and "U.S. Geological Survey" in publishers
    assert pairs[0]["series"]["basis"] == "reo" and pairs[0]["series"]["ratio"] > 1.25


def test_plausibility_functions_against_hand_values():
    from assay.models import plausibility as pl

    # haversine: one degree of latitude on the IUGG mean sphere = 2*pi*6371.0088/360 km
    assert pl.haversine_km(30.0, 50.0, 30.0, 51.0) == pytest.approx(111.195, abs=1e-3)
    assert pl.edition_jump(310.0, 310_000.0) == pytest.approx(1000.0)
    assert pl.edition_jump(21e6, 10e6) is None  # x0.48: a revision, not a jump
    assert pl.jump_severity(1000.0, explained=False) == "high"
    assert pl.jump_severity(8.0, explained=True) == "low"
    # countries 110 + other 5 against a world total of 100: 15 % over, beyond rounding
    assert pl.sum_excess([60.0, 50.0], 5.0, 100.0) == pytest.approx(0.15)
    assert pl.sum_excess([60.0, 45.0], None, 100.0) is None  # 5 %: rounding
    assert pl.share_over_world(555.0, 100.0) == pytest.approx(555.0)
