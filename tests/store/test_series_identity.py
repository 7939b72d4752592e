"""Series identity (issue 13, item 1): like with like, every row labelled.

Before: the dossiers' "previous edition" paired Ukraine's iron-ore reserves of 2.3 bn t
(iron content) with 6.5 bn t (crude ore), Russia's palladium with platinum; single-country
sub-tables (Russia's datolite ore under boron) became "100 %, rank 1 of 1, HHI 10,000";
``assay country RUS`` printed unlabelled twin rows; the dossiers showed one table per
commodity (Ukraine's rutile disappeared); Belarus potash ore was labelled "t K2O".
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.models.series import series_key, sub_table_label

runner = CliRunner()
KT = "thousand metric tons"
K2O = "Mine production, potassium oxide (K2O) equivalent"


def _json(*args: str) -> dict:
    result = runner.invoke(get_app(), [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("detail", "commodity", "label"),
    [
        (f"Iron ore - mine production - iron content - {KT}", "Iron ore", "iron content"),
        (f"Iron ore - mine production - usable ore -{KT}", "Iron ore", "usable ore"),
        ("Mine production: Palladium", "Platinum-group metals", "palladium"),
        ("Mine production: rutile", None, "rutile"),
        ("Mine production: rutile, titanium dioxide (TiO2) content.", None, "rutile"),
        ("Mine production, potassium oxide (K2O) equivalent, ore", "Potash", "ore"),
        (f"{K2O}, ore K2O equiv", "Potash", "ore, K2O equivalent"),
        ("Mine production, potassium oxide (K2O) equivalent", "Potash", None),
        ("Mine production, barite", "Barite", None),
        (None, "Rare earths", None),
    ],
)  # fmt: skip
def test_sub_table_labels_are_edition_independent(detail, commodity, label):
    assert sub_table_label(detail, commodity) == label


def test_series_key_separates_basis_and_sub_table():
    ore = series_key("potash", "reserves", "Mine production, potassium oxide (K2O) equivalent, ore",
                     "gross weight", "t", "Potash")  # fmt: skip
    k2o = series_key("potash", "reserves",
                     "Mine production, potassium oxide (K2O) equivalent, ore K2O equiv",
                     "K2O equivalent", "t", "Potash")  # fmt: skip
    assert ore != k2o
    rutile_2023 = series_key("titanium-mineral-concentrates", "reserves",
                             "Mine production: rutile", "TiO2 content", "t")  # fmt: skip
    rutile_2024 = series_key("titanium-mineral-concentrates", "reserves",
                             "Mine production: rutile, titanium dioxide (TiO2) content.",
                             "TiO2 content", "t")  # fmt: skip
    assert rutile_2023 == rutile_2024


def test_country_rus_at_80_columns_labels_every_sub_table_row(mcs_store_path):
    view = _json("country", "RUS", "--db", str(mcs_store_path))
    result = runner.invoke(
        get_app(), ["country", "RUS", "--db", str(mcs_store_path)], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    words = set(re.findall(r"[A-Za-z0-9]+", text))
    labels = {
        i["sub_table"]
        for c in view["commodities"]
        for items in c["measures"].values()
        for i in items
        if i["sub_table"]
    }
    assert {"palladium", "platinum", "iron content", "usable ore"} <= labels
    for label in labels:  # a label may wrap inside its cell, never lose a word
        for word in re.findall(r"[A-Za-z0-9]+", label):
            assert word in words, (label, word)
    # no two rows of one commodity, measure and edition without a label telling them apart
    for c in view["commodities"]:
        for measure, items in c["measures"].items():
            keys = [(i["edition"], i["sub_table"], i["basis"]) for i in items]
            assert len(keys) == len(set(keys)), (c["id"], measure)


def test_single_country_sub_tables_get_no_share_rank_or_hhi(mcs_store_path):
    view = _json("country", "RUS", "--db", str(mcs_store_path))
    boron = next(c for c in view["commodities"] if c["id"] == "boron")
    for items in boron["measures"].values():
        for item in items:
            assert item["world_table"] is False
            assert item["share"] is None and item["rank"] is None
    commodity = _json("commodity", "boron", "--edition", "2023", "--db", str(mcs_store_path))
    for table in [*commodity["measures"].values(), *commodity["other_tables"]]:
        if not table["world_table"]:
            assert table["hhi"] is None
            assert all(r["share"] is None and r["rank"] is None for r in table["rows"])
    ranking = {
        r["commodity"]: r
        for r in _json("risk", "--all", "--db", str(mcs_store_path))["commodities"]
    }
    assert ranking["stone-dimension"]["hhi"] is None  # US-only table, world total NA
    assert ranking.get("boron", {}).get("hhi") is None


def test_previous_edition_pairs_the_same_series_only(mcs_store_path):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    with TestClient(create_app(mcs_store_path)) as client:
        ukr = client.get("/country/UKR.json").json()
        blr = client.get("/country/BLR.json").json()
        page = client.get("/country/UKR").text
    rows = {(r["commodity_id"], r["measure"], r["sub_table"]): r for r in ukr["statistics"]}
    content = rows[("iron-ore", "reserves", "iron content")]
    crude = rows[("iron-ore", "reserves", "usable ore")]
    assert content["value"] == 2_300_000_000 and content["previous_value"] == 2_300_000_000
    assert crude["value"] == 6_500_000_000 and crude["previous_value"] == 6_500_000_000
    assert content["basis"] == "contained" and crude["basis"] == "gross weight"
    # both titanium sub-tables are shown: Ukraine's rutile (5th in the world) no longer hidden
    rutile = rows[("titanium-mineral-concentrates", "mine_production", "rutile")]
    assert rutile["rank"] == 5
    assert "rutile" in page and "ilmenite" in page
    potash = {
        (r["measure"], r["sub_table"]): r
        for r in blr["statistics"]
        if r["commodity_id"] == "potash"
    }
    assert potash[("reserves", "ore")]["basis"] == "gross weight"
    assert potash[("reserves", "ore")]["value"] == 3_300_000_000
    assert potash[("reserves", "ore, K2O equivalent")]["basis"] == "K2O equivalent"


def test_pdf_dossier_shows_every_sub_table(mcs_store_path):
    from assay.reports.country import country_report
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        report = country_report(store, "UKR")
    finally:
        store.close()
    assert "rutile" in report.html and "ilmenite" in report.html
    assert "iron content" in report.html and "usable ore" in report.html


def test_history_follows_one_series_and_shows_revision_notes(mcs_store_path):
    db = str(mcs_store_path)
    iron = _json("history", "iron ore", "reserves", "--country", "UKR", "--db", db)
    assert iron["sub_table"] == "iron content" and "usable ore" in iron["sub_tables"]
    assert [i["value"] for i in iron["series"]["UKR"]] == [2_300_000_000, 2_300_000_000]
    crude = _json("history", "iron ore", "reserves", "--country", "UKR", "--sub-table",
                  "usable ore", "--db", db)  # fmt: skip
    assert [i["value"] for i in crude["series"]["UKR"]] == [6_500_000_000, 6_500_000_000]
    ree = _json("history", "rare earths", "reserves", "--country", "RUS", "--db", db)
    values = {i["edition"]: i["value"] for i in ree["series"]["RUS"]}
    assert values == {2023: 21_000_000, 2024: 10_000_000, 2025: 3_800_000}
    notes = {(n["edition"], n["kind"]): n for n in ree["revision_notes"]}
    assert "revised based on company and Government reports" in notes[(2024, "footnote")]["text"]
    chapter = notes[(2025, "chapter note")]
    assert chapter["text"].startswith("Reserves for Russia, South Africa, the United States")
    assert chapter["source"]["table"].startswith("p. 145")
    text = runner.invoke(
        get_app(), ["history", "rare earths", "reserves", "--country", "RUS", "--db", db],
        env={"COLUMNS": "100"},
    ).stdout  # fmt: skip
    assert "MCS 2024 footnote: Reserves for Australia, Russia" in " ".join(text.split())


def test_revision_notes_function_for_the_news_layer(mcs_store_path):
    from assay.analyses.statistics import revision_notes
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        notes = revision_notes(store, "rare-earths", iso3="RUS", measure="reserves")
        thailand = revision_notes(store, "rare-earths", iso3="THA", measure="reserves")
        china = revision_notes(store, "rare-earths", iso3="CHN", measure="reserves")
    finally:
        store.close()
    assert {n["edition"] for n in notes} == {2024, 2025}
    for note in notes:
        assert note["text"] and note["source"]["publisher"] == "U.S. Geological Survey"
    assert [n["edition"] for n in thailand] == [2024]  # named in 2024, not in 2025
    assert china == []  # China's reserves were not revised in either note


def test_country_cli_marks_corrected_values(mcs_store_path):
    result = runner.invoke(
        get_app(), ["country", "CHL", "--db", str(mcs_store_path)], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0
    assert "* = corrected" in " ".join(result.stdout.split())


def test_revision_file_notes_are_imported_and_attached(mcs_store_path):
    """The MCS 2024 data release revision file explains the chromium and zinc changes."""
    from assay.analyses.statistics import revision_notes
    from assay.store.db import open_reader

    store = open_reader(mcs_store_path)
    try:
        chromium = revision_notes(store, "chromium")
        zinc_aus = revision_notes(store, "zinc", iso3="AUS", measure="reserves")
        zinc_chn = revision_notes(store, "zinc", iso3="CHN", measure="reserves")
    finally:
        store.close()
    files = [n for n in chromium if n["kind"] == "revision file"]
    assert files and "changed units in field names to kt" in files[0]["text"]
    assert files[0]["row_ref"].endswith("MCS2024_Data_Release_Revision_File_2024-03-06.txt:16")
    assert files[0]["source"]["id"] == "usgs-mcs2024-revision-file"
    updated = [n for n in zinc_aus if n["text"].startswith("Reserves for Australia were updated")]
    assert updated and updated[0]["countries"] == ["AUS"]
    assert not [n for n in zinc_chn if n["text"].startswith("Reserves for Australia")]
