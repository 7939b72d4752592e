"""Supply-chain stages: ``chain_view``, ``stage_share``, ``stage_world_total`` and the CLI.

Oracles: USGS MCS 2025 rare earths (mine production 2024: China 270,000 t, United States
45,000, Burma 31,000, world 390,000 t REO); World Mining Data 2024 (the wheel's README: China
270,000, United States 45,493, Myanmar 39,400, Total 398,008 t REO); the cited stage shares
of reference/stages.csv (IEA via trade press: separation 91 %/92 %, magnets 94 %); the HHI
of shares given only for China is (100·s)², a lower bound.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay import reference
from assay.analyses.chain import (
    STAGES,
    ChainInputError,
    chain_view,
    load_stage_reference,
    stage_share,
    stage_world_total,
)
from assay.cli import get_app


def _stage(view: dict, name: str) -> dict:
    return next(s for s in view["stages"] if s["stage"] == name)


def test_rare_earth_chain_has_cited_china_shares(built) -> None:
    view = chain_view(built, "rare earths")
    assert view["commodity"] == "rare-earths"
    assert [s["stage"] for s in view["stages"]] == STAGES["rare-earths"]
    for name in ("mining", "separation", "magnets"):
        st = _stage(view, name)
        assert st["status"] == "ok"
        assert st["china_share"] is not None and st["source"]["id"]
        china = next(r for r in st["rows"] if r["iso3"] == "CHN")
        assert china["source"]["title"] and china["share"] == st["china_share"]
    mining = _stage(view, "mining")
    assert mining["china_share"] == pytest.approx(270_000 / 390_000)
    assert mining["source"]["publisher"] == "U.S. Geological Survey"
    sep = _stage(view, "separation")
    assert sep["china_share"] in (0.91, 0.92)
    assert sep["hhi"] == pytest.approx((100 * sep["china_share"]) ** 2)
    assert sep["hhi_kind"].startswith("lower bound")
    mag = _stage(view, "magnets")
    assert mag["china_share"] == 0.94 and mag["source"]["kind"] == "secondary"


def test_usgs_and_world_mining_data_differ_for_rare_earth_mining_2024(built) -> None:
    mining = _stage(chain_view(built, "rare earths", year=2024), "mining")
    wmd = next(a for a in mining["alternatives"] if a["origin"].startswith("World Mining Data"))
    assert mining["year"] == wmd["year"] == 2024
    usgs_rows = {r["iso3"]: r["value"] for r in mining["rows"]}
    wmd_rows = {r["iso3"]: r["value"] for r in wmd["rows"]}
    # same China, different United States, Burma/Myanmar and world totals
    assert usgs_rows["CHN"] == wmd_rows["CHN"] == 270_000
    assert (usgs_rows["USA"], wmd_rows["USA"]) == (45_000, 45_493)
    assert (usgs_rows["MMR"], wmd_rows["MMR"]) == (31_000, 39_400)
    assert mining["world_total"]["value"] == 390_000
    assert wmd["world_total"]["value"] == 398_008
    assert wmd["china_share"] == pytest.approx(270_000 / 398_008)
    assert wmd["china_share"] < mining["china_share"]


def test_stage_share_and_world_total_api(built) -> None:
    share = stage_share(built, "rare-earths", "separation", "CHN")
    assert set(share) >= {"iso3", "stage", "share", "value", "unit", "basis", "year", "source"}
    assert share["iso3"] == "CHN" and 0.9 <= share["share"] <= 0.92
    assert share["source"]["url"].startswith("https://")
    mine = stage_share(built, "rare-earths", "mining", "chn", year=2024)
    assert mine["share"] == pytest.approx(270_000 / 390_000) and mine["year"] == 2024
    assert stage_share(built, "rare-earths", "magnets", "DEU") is None
    world = stage_world_total(built, "rare-earths", "mining", 2024)
    assert world["value"] == 390_000 and world["basis"] == "REO"
    assert stage_world_total(built, "rare-earths", "magnets") is None  # shares only
    sponge = stage_world_total(built, "titanium", "sponge")
    assert sponge["value"] == 330_000 and sponge["year"] == 2023


@pytest.mark.parametrize("commodity", sorted(STAGES))
def test_every_modelled_commodity_has_a_chain(built, commodity: str) -> None:
    view = chain_view(built, commodity)
    assert [s["stage"] for s in view["stages"]] == STAGES[commodity]
    assert any(s["status"] == "ok" for s in view["stages"])
    for st in view["stages"]:
        if st["status"] == "ok":
            assert st["source"] and st["year"]
            for r in st["rows"]:
                assert r["share"] is None or 0.0 <= r["share"] <= 1.0


def test_chain_cli_json_contract(mcs_store_path: Path) -> None:
    result = CliRunner().invoke(
        get_app(), ["chain", "rare earths", "--json", "--db", str(mcs_store_path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["commodity"] == "rare-earths"
    stages = {s["stage"]: s for s in data["stages"]}
    assert {"mining", "separation", "magnets"} <= set(stages)
    for s in stages.values():
        assert {"stage", "year", "rows", "hhi", "china_share"} <= set(s)
        for r in s["rows"]:
            assert {"iso3", "value", "share", "source"} <= set(r)


def test_chain_cli_unknown_commodity_exit_2(mcs_store_path: Path) -> None:
    result = CliRunner().invoke(get_app(), ["chain", "copper", "--db", str(mcs_store_path)])
    assert result.exit_code == 2
    assert "no supply-chain stage model for copper" in result.output


def test_bundled_stage_rows_are_consistent() -> None:
    rows = list(csv.DictReader(reference.path("stages.csv").open(encoding="utf-8")))
    worlds = {
        (r["commodity_id"], r["stage"], r["year"], r["source_id"]): float(r["value"])
        for r in rows
        if r["iso3"] == "WLD"
    }
    checked = 0
    for r in rows:
        key = (r["commodity_id"], r["stage"], r["year"], r["source_id"])
        if (
            r["iso3"] != "WLD"
            and r["value"]
            and key in worlds
            and r["source_id"] != "stages-darton-cer"
        ):
            # transcribed USGS tables: the share is value / published world total
            assert float(r["share"]) == pytest.approx(float(r["value"]) / worlds[key], abs=6e-5)
            checked += 1
        assert r["secondary"] in ("true", "false") and r["page_or_table"]
    assert checked >= 20


def test_bad_stage_row_names_file_line_and_field(reference_store, tmp_path: Path) -> None:
    load_stage_reference(reference_store)
    before = reference_store.con.execute("SELECT count(*) FROM stage_share").fetchone()[0]
    text = reference.path("stages.csv").read_text(encoding="utf-8").splitlines()
    i = next(n for n, line in enumerate(text) if ",0.92," in line)
    text.insert(i + 1, text[i].replace(",0.92,", ",92,"))
    bad = tmp_path / "stages.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(
        ChainInputError, match=rf"stages.csv:{i + 2}: field share: 92.0 is not a fraction"
    ):
        load_stage_reference(reference_store, bad)
    after = reference_store.con.execute("SELECT count(*) FROM stage_share").fetchone()[0]
    assert after == before


def test_compare_production_flags_the_publishers_differences(built) -> None:
    from assay.analyses.chain import compare_production

    c = compare_production(built, "rare earths", 2024)
    assert c["comparable"] and c["usgs"]["basis"] == c["wmd"]["basis"] == "REO"
    assert (c["usgs"]["world"], c["wmd"]["world"]) == (390_000, 398_008)
    rows = {r["iso3"]: r for r in c["rows"]}
    assert rows["CHN"]["diff"] == 0 and not rows["CHN"]["flagged"]
    assert rows["USA"]["rel_diff"] == pytest.approx(493 / 45_000) and not rows["USA"]["flagged"]
    assert rows["MMR"]["diff"] == 8_400 and rows["MMR"]["flagged"]
    assert rows["LAO"]["usgs"] is None and rows["LAO"]["flagged"]  # only WMD lists Laos
    assert not rows["CAN"]["flagged"]  # USGS lists 0, WMD nothing: no output either way
    # lithium: USGS contained Li, WMD Li2O - listed side by side, never flagged
    li = compare_production(built, "lithium")
    assert not li["comparable"] and not any(r["flagged"] for r in li["rows"])


def test_chain_compare_cli(mcs_store_path: Path) -> None:
    args = ["chain", "rare earths", "--compare", "--year", "2024", "--db", str(mcs_store_path)]
    result = CliRunner().invoke(get_app(), args)
    assert result.exit_code == 0, result.output
    assert "39,400" in result.output and "differs" in result.output


@pytest.mark.parametrize(
    ("commodity", "word", "stage"),
    [
        ("rare-earths", "processes", "separation"),
        ("rare-earths", "refining", "separation"),
        ("rare-earths", "Separation", "separation"),
        ("rare-earths", "magnets", "magnets"),
        ("rare-earths", "mines", "mining"),
        ("rare-earths", "supply", None),  # ambiguous: the checker must say or decline
        ("rare-earths", "produces", None),
        ("lithium", "refines", "chemicals"),
        ("cobalt", "refined", "refining"),
        ("graphite", "anode", "anode"),
        ("titanium", "refining", None),  # sponge or pigment
        ("titanium-mineral-concentrates", "mined", "mining"),
        ("gallium", "mines", None),  # no mining stage for a by-product metal
        ("copper", "refines", None),  # no stage model
    ],
)
def test_stage_for_term(commodity: str, word: str, stage: str | None) -> None:
    from assay.analyses.chain import stage_for_term

    assert stage_for_term(commodity, word) == stage


def test_governance_weighted_concentration_per_stage(built) -> None:
    """HHI_WGI = Σ s² · 10·(1 − n) (EU CRM, Blengini et al. 2017, t_c = 1), recomputed
    from the governance table for the China-only separation stage."""
    n_chn = built.con.execute(
        """SELECT value FROM governance_indicator
           WHERE iso3 = 'CHN' AND indicator = 'wgi_mean_normalised'
           ORDER BY origin = 'user' DESC, year DESC LIMIT 1"""
    ).fetchone()[0]
    sep = _stage(chain_view(built, "rare earths"), "separation")
    expected = sep["china_share"] ** 2 * 10 * (1 - n_chn)
    assert sep["hhi_wgi"]["value"] == pytest.approx(expected)
    assert sep["hhi_wgi"]["kind"] == "lower bound"
    mining = _stage(chain_view(built, "rare earths"), "mining")
    assert 0 < mining["hhi_wgi"]["value"] <= 10
