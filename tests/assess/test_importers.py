"""MapMark4 readers and tract specs: bad input is named by file, row and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assay.importers.mapmark4 import (
    MapMark4InputError,
    read_batch_spec,
    read_custom_pmf,
    read_estimates,
    read_gatm,
    read_tonnage_model,
    read_tract_spec,
)


def _gatm(path: Path, rows: list[str], header: str = "ID,Name,Ore,Cu,Au") -> Path:
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


def _good_rows(n: int = 25) -> list[str]:
    return [f"D{i},Dep{i},{1e6 * (i + 1)},0.5,0.0001" for i in range(n)]


def test_read_examples(mm4: Path) -> None:
    """The MapMark4 example files read with their documented shapes (README of the data:
    71 deposits Ore/Cu/Au, 53 deposits U)."""
    gatm = read_gatm(mm4 / "ExampleGatm.csv")
    assert gatm.grade_names == ["Cu", "Au"] and len(gatm.tonnages) == 71
    tm = read_tonnage_model(mm4 / "ExampleTm.csv")
    assert tm.tonnage_name == "U" and tm.is_tonnage_model and len(tm.tonnages) == 53
    est = read_estimates(mm4 / "ExampleDepEst1.csv")
    assert list(est.columns) == ["Name", "Weight", "N90", "N50", "N10"]
    assert len(est) == 10 and est["Weight"].tolist()[:2] == [0.5, 1]


def test_gatm_errors_name_row_and_column(tmp_path: Path) -> None:
    rows = _good_rows()
    rows[4] = "D4,Dep4,5e6,-0.1,0.0001"
    with pytest.raises(MapMark4InputError, match=r"gatm.csv, row 5, column 'Cu': grade -0.1"):
        read_gatm(_gatm(tmp_path / "gatm.csv", rows))
    rows = _good_rows()
    rows[2] = "D2,Dep2,5e6,60,45"
    with pytest.raises(MapMark4InputError, match=r"row 3.*sum to 105 %"):
        read_gatm(_gatm(tmp_path / "gatm.csv", rows))
    rows = _good_rows()
    rows[7] = "D7,Dep7,lots,0.5,0.0001"
    with pytest.raises(MapMark4InputError, match=r"row 8, column 'Ore': 'lots' is not a number"):
        read_gatm(_gatm(tmp_path / "gatm.csv", rows))
    rows = _good_rows()
    rows[1] = "D1,Dep1,,0.5,0.0001"
    with pytest.raises(MapMark4InputError, match=r"row 2, column 'Ore'"):
        read_gatm(_gatm(tmp_path / "gatm.csv", rows))
    with pytest.raises(MapMark4InputError, match="19 deposits; MapMark4 needs at least 20"):
        read_gatm(_gatm(tmp_path / "gatm.csv", _good_rows(19)))
    with pytest.raises(MapMark4InputError, match="needs columns"):
        read_gatm(_gatm(tmp_path / "gatm.csv", ["a,b,1"] * 25, header="ID,Name,Ore"))
    rows = _good_rows()
    rows[0] = "D0,Dep0,0,0.5,0.0001"
    with pytest.raises(MapMark4InputError, match=r"row 1, column 'Ore': tonnage must be > 0"):
        read_gatm(_gatm(tmp_path / "gatm.csv", rows))
    with pytest.raises(MapMark4InputError, match="file not found"):
        read_gatm(tmp_path / "missing.csv")


def test_estimate_errors(tmp_path: Path) -> None:
    path = tmp_path / "est.csv"
    path.write_text("Name,Weight,N90,N50,N10\na,1,2,5,10\nb,1,6,5,10\n")
    with pytest.raises(MapMark4InputError, match=r"est.csv, row 2, column 'N90': N90 = 6 > N50"):
        read_estimates(path)
    path.write_text("Name,Weight,N90,N50,N10\na,1,2,5,10\nb,-1,1,5,10\n")
    with pytest.raises(MapMark4InputError, match=r"row 2, column 'Weight': weight -1"):
        read_estimates(path)
    path.write_text("Name,Weight,N90,N50,N10\na,0,2,5,10\nb,0,1,5,10\n")
    with pytest.raises(MapMark4InputError, match="all weights are zero"):
        read_estimates(path)
    path.write_text("Name,Weight,N90,N50\na,1,2,5\n")
    with pytest.raises(MapMark4InputError, match="missing column.*N10"):
        read_estimates(path)
    path.write_text("Name,Weight,N90,N50,N10\na,1,2,x,10\n")
    with pytest.raises(MapMark4InputError, match=r"row 1, column 'N50': 'x' is not a number"):
        read_estimates(path)
    path.write_text("Name,Weight,N90,N50,N10\na,1,2,2.5,10\n")
    with pytest.raises(MapMark4InputError, match="whole number"):
        read_estimates(path)


def test_mark3_estimates_take_extra_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "est.csv"
    path.write_text("Name,Weight,N90,N50,N10,N05,N01\na,1,0,1,2,3,4\n")
    est = read_estimates(path, "mark3")
    assert list(est.columns)[2:] == ["N90", "N50", "N10", "N05", "N01"]
    assert list(read_estimates(path).columns)[2:] == ["N90", "N50", "N10"]


def test_custom_pmf_file(tmp_path: Path) -> None:
    path = tmp_path / "pmf.csv"
    path.write_text("NDeposits,RelProbs\n0,1\n2,3\n")
    n, p = read_custom_pmf(path)
    assert n.tolist() == [0, 2] and p.tolist() == [1, 3]
    path.write_text("NDeposits,RelProbs\n2,1\n1,3\n")
    with pytest.raises(MapMark4InputError, match="row 2, column 'NDeposits'"):
        read_custom_pmf(path)


def test_tract_spec_yaml_and_toml(tmp_path: Path, mm4: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        f"name: T1\ngatm: {mm4 / 'ExampleGatm.csv'}\nestimates: est.csv\npmf: mark3\n"
        "pdf: kde\ntruncate: true\ndraws: 500\nseed: 3\narea_km2: 1200\n"
    )
    spec = read_tract_spec(tmp_path / "t.yaml")
    assert spec.name == "T1" and spec.pmf == "mark3" and spec.pdf == "kde" and spec.truncate
    assert spec.estimates == tmp_path / "est.csv"  # relative to the spec file
    assert spec.draws == 500 and spec.seed == 3 and spec.area_km2 == 1200
    (tmp_path / "t.toml").write_text('name = "T2"\ntm = "tm.csv"\nestimates = "e.csv"\n')
    spec = read_tract_spec(tmp_path / "t.toml")
    assert spec.tm == tmp_path / "tm.csv" and spec.pmf == "negbinomial"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("gatm: a.csv\nestimates: e.csv\ncolour: red\n", "unknown key.*colour"),
        ("gatm: a.csv\nestimates: e.csv\npmf: poisson\n", "pmf 'poisson' is not one of"),
        ("gatm: a.csv\nestimates: e.csv\npdf: lognormal\n", "pdf 'lognormal' is not one of"),
        ("gatm: a.csv\ntm: b.csv\nestimates: e.csv\n", "exactly one of gatm"),
        ("gatm: a.csv\nestimates: e.csv\ndraws: 0\n", "draws must be >= 1"),
        ("gatm: a.csv\nestimates: e.csv\ntruncate: maybe\n", "truncate must be true or false"),
        ("gatm: a.csv\n", "missing key estimates"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_tract_spec_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(MapMark4InputError, match=message) as info:
        read_tract_spec(path)
    assert "bad.yaml" in str(info.value)


def test_batch_spec(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: A\ngatm: g.csv\nestimates: e.csv\n")
    (tmp_path / "batch.yaml").write_text(
        "seed: 42\ndraws: 100\ntracts:\n  - a.yaml\n  - {name: B, tm: t.csv, estimates: e.csv}\n"
    )
    batch = read_batch_spec(tmp_path / "batch.yaml")
    assert batch.seed == 42 and batch.draws == 100
    assert [t.name for t in batch.tracts] == ["A", "B"]
    assert batch.tracts[1].tm == tmp_path / "t.csv"
    (tmp_path / "batch.yaml").write_text("seed: 1\ntracts: []\n")
    with pytest.raises(MapMark4InputError, match="non-empty list"):
        read_batch_spec(tmp_path / "batch.yaml")
    assert np.isfinite(batch.seed)


def test_gatm_without_ore_column_is_refused(tmp_path: Path) -> None:
    """MapMark4 takes column 3 as ore tonnage by position: a file that lacks Ore (ID, Name, Cu,
    Au) was assessed with Cu grades [%] as tonnages [t], silently. Now an error naming it."""
    rows = [f"d{i},n{i},0.{i + 1},0.00{i + 1}" for i in range(25)]
    with pytest.raises(MapMark4InputError, match=r"column 'Cu'.*looks like a grade"):
        read_gatm(_gatm(tmp_path / "gatm.csv", rows, header="ID,Name,Cu,Au"))
    ok = [f"d{i},n{i},{1e6 * (i + 1)},0.{i + 1}" for i in range(25)]
    assert read_gatm(_gatm(tmp_path / "ok.csv", ok, header="ID,Name,Ore,Cu")).tonnage_name == "Ore"


def test_folder_where_a_file_is_expected_says_so(tmp_path: Path) -> None:
    """A folder given for a CSV was reported as 'file not found', which sends an analyst
    looking for a typo in a path that exists."""
    with pytest.raises(MapMark4InputError, match="is a folder, not a file"):
        read_gatm(tmp_path)
