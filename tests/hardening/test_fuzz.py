"""Property tests of every importer and spec reader on mutated real files.

Each example takes a real input (an MCS world table, USGS carbonatite sites as CSV and as
GeoJSON, the RAEF example files, the MapMark4 example model and estimates, the bundled tract
and deal specs) and applies a few mutations drawn by hypothesis: truncation, BOM, other
encodings, huge cells, NaN/inf, negative, huge and overlong numbers, implausible years,
unknown ISO codes, NUL bytes, dropped/duplicated/renamed columns and rows, wrong JSON/YAML
types and deep nesting. The property: either the input is accepted (exit 0) and what was
stored is physically sane, or it is refused with a one-line message naming the file (exit 2
/ the reader's ``ValueError``) and the store is byte-identical. Never a traceback or a hang.

Bounded for CI: fixed settings, ``derandomize=True``, a dozen examples per reader.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.hardening.conftest import file_digest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.store import open_store

FUZZ = settings(
    # CI runs a dozen examples per reader; set ASSAY_FUZZ_EXAMPLES for a longer hunt
    max_examples=int(os.environ.get("ASSAY_FUZZ_EXAMPLES", "10")),
    deadline=None,
    derandomize=True,
    database=None,
    # no shrinking: a failure is reported as found, which keeps the run bounded
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

PAYLOADS = [
    "9" * 400,  # overflows to infinity
    "1" + "0" * 20,  # 1e20
    "1e400",
    "-1e400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "-5",
    "-0.001",
    "1774",
    "9999",
    "150",
    "7",
    "ZZZ",
    "",
    "\x00",
    '"',
    "x" * 140_000,  # over the csv module's field limit
    "1,2,3",
    "=cmd|' /C calc'!A0",
    "\u202e\ufeff",
]

# -- mutations of CSV text -----------------------------------------------------------------------


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.replace("\x00", ""))))


def _write_rows(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def csv_mutations(draw: Any) -> list[tuple]:
    kinds = st.sampled_from(
        ["cell", "cell", "cell", "drop_col", "dup_col", "rename_col", "dup_row", "truncate",
         "bom", "latin1", "utf16", "drop_rows"]
    )  # fmt: skip
    ops = []
    for kind in draw(st.lists(kinds, min_size=1, max_size=3)):
        ops.append(
            (
                kind,
                draw(st.integers(0, 10_000)),
                draw(st.integers(0, 10_000)),
                draw(st.sampled_from(PAYLOADS)),
                draw(st.floats(0.05, 0.95)),
            )
        )
    return ops


def mutate_csv(text: str, ops: list[tuple]) -> bytes:
    encoding, prefix, cut = "utf-8", "", None
    rows = _rows(text)
    for kind, a, b, payload, fraction in ops:
        width = max((len(r) for r in rows), default=1) or 1
        if kind == "cell" and len(rows) > 1:
            row = rows[1 + a % (len(rows) - 1)]
            if row:
                row[b % len(row)] = payload
        elif kind == "drop_col" and rows:
            j = b % width
            rows = [r[:j] + r[j + 1 :] for r in rows]
        elif kind == "dup_col" and rows:
            j = b % width
            rows = [r + [r[j]] if j < len(r) else r for r in rows]
        elif kind == "rename_col" and rows and rows[0]:
            rows[0][b % len(rows[0])] = payload[:50] or "renamed"
        elif kind == "dup_row" and len(rows) > 1:
            rows.insert(1, list(rows[1 + a % (len(rows) - 1)]))
        elif kind == "drop_rows":
            rows = rows[: 1 + a % max(len(rows), 1)]
        elif kind == "truncate":
            cut = fraction
        elif kind == "bom":
            prefix = "\ufeff"
        elif kind == "latin1":
            encoding = "latin-1"
        elif kind == "utf16":
            encoding = "utf-16"
    data = (prefix + _write_rows(rows)).encode(encoding, errors="replace")
    if cut is not None:
        data = data[: int(len(data) * cut)]
    return data


# -- mutations of parsed JSON / YAML documents ---------------------------------------------------
WEIRD_VALUES = [
    math.inf,
    -math.inf,
    math.nan,
    -1,
    -1e308,
    1e300,
    10**30,
    0,
    "x",
    "",
    [1, 2],
    {"a": 1},
    None,
    True,
    "9" * 400,
    "x" * 20_000,
]


DEEP = "__deeply_nested__"  # written out as 1,200 nested lists by dump_yaml / dump_json
DEPTH = 1_200


@st.composite
def doc_mutations(draw: Any) -> list[tuple]:
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["set", "set", "delete", "deep", "retype_root"]),
                st.integers(0, 10_000),
                st.sampled_from(range(len(WEIRD_VALUES))),
            ),
            min_size=1,
            max_size=3,
        )
    )


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _paths(value, (*prefix, i))
    return out


def mutate_doc(doc: Any, ops: list[tuple]) -> Any:
    doc = json.loads(json.dumps(doc))
    for kind, where, which in ops:
        if kind == "retype_root":
            return WEIRD_VALUES[which]
        paths = _paths(doc)
        if not paths:
            continue
        path = paths[where % len(paths)]
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "deep":
            parent[path[-1]] = DEEP
        else:
            parent[path[-1]] = WEIRD_VALUES[which]
    return doc


def dump_yaml(doc: Any) -> str:
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=True, width=10**9)
    return text.replace(DEEP, "[" * DEPTH + "1" + "]" * DEPTH)


def dump_json(doc: Any) -> str:
    text = json.dumps(doc, allow_nan=True)
    return text.replace(json.dumps(DEEP), "[" * DEPTH + "1" + "]" * DEPTH)


# -- the properties --------------------------------------------------------------------------------
def assert_clean_refusal(output: str, file_name: str) -> None:
    text = output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, f"not one line: {text[:500]!r}"
    assert file_name in text, f"does not name {file_name}: {text[:300]!r}"


SANE_STORE_SQL = {
    "observation": """SELECT count(*) FROM observation WHERE
        (value IS NOT NULL AND (isnan(value) OR isinf(value)
          OR (unit = 't' AND abs(value) > 1e13)))
        OR data_year < 1800 OR data_year > 2100
        OR (iso3 IS NOT NULL AND iso3 NOT IN (SELECT iso3 FROM country))""",
    "site_record": """SELECT count(*) FROM site_record WHERE
        (lon IS NOT NULL AND (isnan(lon) OR abs(lon) > 180))
        OR (lat IS NOT NULL AND (isnan(lat) OR abs(lat) > 90))
        OR (iso3 IS NOT NULL AND iso3 NOT IN (SELECT iso3 FROM country))""",
    "estimate": """SELECT count(*) FROM estimate WHERE
        (ore_t IS NOT NULL AND (isnan(ore_t) OR isinf(ore_t) OR ore_t < 0 OR ore_t > 1e13))
        OR (grade_percent IS NOT NULL AND (isnan(grade_percent) OR grade_percent < 0
            OR grade_percent > 100))
        OR (contained_t IS NOT NULL AND (isnan(contained_t) OR contained_t < 0))""",
}


def assert_sane_store(path: Path) -> None:
    with open_store(path, read_only=True) as store:
        for table, sql in SANE_STORE_SQL.items():
            assert store.con.execute(sql).fetchone()[0] == 0, f"impossible rows in {table}"


def run_cli(args: list[str], store: Path, file_name: str) -> None:
    """Run the CLI in-process: exit 0 and a sane store, or exit 2, one line naming the file
    and the store byte-identical."""
    before = file_digest(store)
    result = CliRunner().invoke(get_app(), args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.output[-2000:]
    if result.exit_code == 2:
        assert_clean_refusal(result.output, file_name)
        assert file_digest(store) == before, "a refused input changed the store"
    else:
        assert_sane_store(store)


def run_reader(reader: Any, path: Path, errors: tuple[type, ...] = (ValueError,)) -> Any:
    """A reader returns, or raises one of ``errors`` with a one-line message naming the file."""
    try:
        return reader(path)
    except errors as exc:
        assert_clean_refusal(str(exc), path.name)
        return None


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_store(one_table_store_path: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    shutil.copyfile(one_table_store_path, path)
    return path


def _head(path: Path, lines: int) -> str:
    with path.open(encoding="utf-8-sig") as fh:
        return "".join(fh.readline() for _ in range(lines))


# -- MCS -----------------------------------------------------------------------------------------
@FUZZ
@given(ops=csv_mutations())
def test_fuzz_import_mcs(ops, fuzz_store, shared_data, tmp_path_factory) -> None:
    source = shared_data / "usgs-mcs-2024" / "world" / "mcs2024-lithi_world.csv"
    target = tmp_path_factory.mktemp("mcs") / source.name
    target.write_bytes(mutate_csv(source.read_text(encoding="utf-8-sig"), ops))
    run_cli(["import", "mcs", str(target), "--db", str(fuzz_store)], fuzz_store, target.name)


# -- sites: CSV and GeoJSON through a mapping ------------------------------------------------------
SITE_MAP = ["name=name", "lon=lon", "lat=lat", "iso3=iso3", "ore=ore", "ore_unit=ore_unit",
            "grade=grade", "grade_unit=grade_unit", "grade_commodity=grade_commodity",
            "category=category"]  # fmt: skip


def _site_rows(shared_data: Path) -> list[dict[str, str]]:
    text = _head(shared_data / "usgs-carbonatites" / "sites.csv", 13)
    rows = []
    for i, row in enumerate(csv.DictReader(io.StringIO(text))):
        rows.append(
            {
                "name": row["name"],
                "lon": row["lon"],
                "lat": row["lat"],
                "iso3": row["iso3"],
                "ore": str(1.5 + i),
                "ore_unit": "Mt",
                "grade": str(0.5 + i / 10),
                "grade_unit": "%",
                "grade_commodity": "TREO",
                "category": "Indicated",
            }
        )
    return rows


def _site_args(kind: str, path: Path, store: Path) -> list[str]:
    args = ["sites-import", kind, str(path), "--dataset", "fuzz", "--system", "CIM", "--no-link"]
    for item in SITE_MAP:
        if kind == "geojson" and item.startswith(("lon=", "lat=")):
            continue
        args += ["--map", item]
    return args + ["--db", str(store)]


@FUZZ
@given(ops=csv_mutations())
def test_fuzz_sites_csv(ops, fuzz_store, shared_data, tmp_path_factory) -> None:
    rows = _site_rows(shared_data)
    text = _write_rows([list(rows[0])] + [list(r.values()) for r in rows])
    target = tmp_path_factory.mktemp("sites") / "fuzz_sites.csv"
    target.write_bytes(mutate_csv(text, ops))
    run_cli(_site_args("csv", target, fuzz_store), fuzz_store, target.name)


@FUZZ
@given(ops=doc_mutations(), raw=st.booleans())
def test_fuzz_sites_geojson(ops, raw, fuzz_store, shared_data, tmp_path_factory) -> None:
    features = []
    for row in _site_rows(shared_data):
        lon, lat = float(row.pop("lon")), float(row.pop("lat"))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": row,
            }
        )
    doc = mutate_doc({"type": "FeatureCollection", "features": features}, ops)
    target = tmp_path_factory.mktemp("geojson") / "fuzz_sites.geojson"
    text = dump_json(doc)
    target.write_text(text[: len(text) // 2] if raw else text, encoding="utf-8")
    run_cli(_site_args("geojson", target, fuzz_store), fuzz_store, target.name)


# -- RAEF ----------------------------------------------------------------------------------------
RAEF_FILES = {
    "RaefPreSetFile.csv": "read_preset",
    "CValues.csv": "read_commodity_values",
    "MillR.csv": "read_mill_recoveries",
    "Porphyry_05_SIM_EF.csv": "read_simulated_deposits",
}


@FUZZ
@given(name=st.sampled_from(sorted(RAEF_FILES)), ops=csv_mutations())
def test_fuzz_raef_readers(name, ops, shared_data, tmp_path_factory) -> None:
    from assay.importers import raef

    source = shared_data / "mapmark4-examples" / "raef" / name
    target = tmp_path_factory.mktemp("raef") / name
    target.write_bytes(mutate_csv(_head(source, 300), ops))
    result = run_reader(getattr(raef, RAEF_FILES[name]), target)
    if name == "MillR.csv" and result:
        assert all(0 <= v <= 1 for v in result.values())
    if name == "CValues.csv" and result:
        assert all(math.isfinite(v) and v >= 0 for v in result.values())


# -- MapMark4 model, estimates and tract spec ----------------------------------------------------
@FUZZ
@given(name=st.sampled_from(["ExampleGatm.csv", "ExampleDepEst1.csv"]), ops=csv_mutations())
def test_fuzz_mapmark4_readers(name, ops, shared_data, tmp_path_factory) -> None:
    import numpy as np

    from assay.importers import mapmark4

    source = shared_data / "mapmark4-examples" / name
    target = tmp_path_factory.mktemp("mm4") / name
    target.write_bytes(mutate_csv(source.read_text(encoding="utf-8-sig"), ops))
    reader = mapmark4.read_gatm if "Gatm" in name else mapmark4.read_estimates
    result = run_reader(reader, target)
    if isinstance(result, mapmark4.DepositModelTable):
        assert np.all(np.isfinite(result.tonnages)) and np.all(result.tonnages > 0)
        assert np.all((result.grades_pct > 0) & (result.grades_pct < 100))


@FUZZ
@given(ops=doc_mutations())
def test_fuzz_tract_spec(ops, tmp_path_factory) -> None:
    from assay import reference
    from assay.importers.mapmark4 import read_tract_spec
    from assay.validation import LIMITS

    source = Path(reference.path("examples")) / "carbonatite_ree" / "tract.yaml"
    folder = tmp_path_factory.mktemp("tract")
    for other in source.parent.glob("*.csv"):
        shutil.copy(other, folder / other.name)
    target = folder / "tract.yaml"
    target.write_text(dump_yaml(mutate_doc(yaml.safe_load(source.read_text()), ops)))
    spec = run_reader(read_tract_spec, target)
    if spec is not None:
        assert 1 <= spec.draws <= LIMITS.assess_draws
        assert spec.max_deposits is None or spec.max_deposits <= LIMITS.assess_deposits


# -- deal spec (the CLI; the Deal page shares the rules, see test_server.py) -----------------------
@FUZZ
@given(ops=doc_mutations())
def test_fuzz_deal_spec(ops, tmp_path_factory) -> None:
    from assay.analyses.economics import load_deal_spec
    from assay.importers.raef import RaefInputError
    from assay.validation import check_deal_spec_file

    example = Path(__file__).parents[2] / "src" / "assay" / "web" / "deal_example.yaml"
    base = yaml.safe_load(example.read_text())
    base["n_draws"] = 200
    target = tmp_path_factory.mktemp("deal") / "fuzz_deal.yaml"
    target.write_text(dump_yaml(mutate_doc(base, ops)))

    def read(path: Path) -> Any:
        check_deal_spec_file(path)
        return load_deal_spec(path)

    spec = run_reader(read, target, (RaefInputError, ValueError))
    if spec is not None:
        from assay.validation import LIMITS

        assert 1 <= spec.n_draws <= LIMITS.deal_draws
        assert 1 <= spec.horizon_years <= LIMITS.horizon_years
        assert all(0 <= p.count <= LIMITS.deal_count for p in spec.projects)
        assert all(math.isfinite(p.annual_revenue_usd) for p in spec.projects)
