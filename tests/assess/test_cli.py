"""``assay assess`` / ``assay assess-batch`` from the command line, and the batch runner."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from assay.analyses.assessment import assess_tracts
from assay.cli import get_app
from assay.importers.mapmark4 import read_batch_spec

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(get_app(), list(args))


def test_assess_json_contract(mm4: Path) -> None:
    """The JSON keys named in issue 4, with the User's Guide pmf (Ellefsen, 2017)."""
    result = _invoke(
        "assess", "--gatm", str(mm4 / "ExampleGatm.csv"), "--estimates",
        str(mm4 / "ExampleDepEst1.csv"), "--draws", "3000", "--seed", "7", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["draws"] == 3000 and out["seed"] == 7
    pmf = out["pmf"]
    assert pmf["method"] == "negbinomial"
    assert pmf["params"]["prob"] == pytest.approx(0.2421734, abs=1e-6)
    assert (pmf["mode"], pmf["min"], pmf["max"]) == (7, 0, 42)
    assert pmf["probabilities"][0][0] == 0
    assert set(out["totals"]) == {"Ore", "Cu", "Au"}
    ore = out["totals"]["Ore"]
    assert list(ore["quantiles"]) == ["0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95"]
    for key in ("mean", "p_zero", "p_exceed_mean", "analytic_mean", "analytic_sd"):
        assert isinstance(ore[key], float)


def test_assess_spec_file_table_and_plots(mm4: Path, tmp_path: Path) -> None:
    spec = tmp_path / "tract.yaml"
    spec.write_text(
        f"name: Guide\ngatm: {mm4 / 'ExampleGatm.csv'}\nestimates: {mm4 / 'ExampleDepEst1.csv'}\n"
        "pdf: kde\ntruncate: true\ndraws: 2000\nseed: 7\n"
    )
    result = _invoke("assess", str(spec), "--plots", str(tmp_path / "plots"))
    assert result.exit_code == 0, result.output
    assert "Guide" in result.stdout and "analytic mean" in result.stdout
    assert len(list((tmp_path / "plots").glob("Guide_*.png"))) == 4
    # an option overrides the spec; the deposits go to a CSV in MapMark4's layout
    csv = tmp_path / "deposits.csv"
    result = _invoke("assess", str(spec), "--pmf", "mark3", "--json", "--deposits-csv", str(csv))
    out = json.loads(result.stdout)
    assert out["pmf"]["method"] == "mark3"
    frame = pd.read_csv(csv)
    assert list(frame.columns[:4]) == [
        "Simulation.Index",
        "Number.of.Deposits",
        "Sim.Deposit.Index",
        "Ore_mT",
    ]
    assert frame["Simulation.Index"].nunique() == 2000


def test_assess_tonnage_model_and_joint(mm4: Path) -> None:
    result = _invoke(
        "assess", "--tm", str(mm4 / "ExampleTm.csv"), "--estimates",
        str(mm4 / "ExampleDepEst2.csv"), "--draws", "1000", "--seed", "777", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["totals"]) == ["U"]
    result = _invoke(
        "assess", "--gatm", str(mm4 / "ExampleGatm.csv"), "--estimates",
        str(mm4 / "ExampleDepEst1.csv"), "--joint", "--truncate", "--draws", "1000", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["spec"]["joint"] is True


def test_assess_bad_input_exit_2(mm4: Path, tmp_path: Path) -> None:
    """Bad input: one-line error naming file/row/column, exit code 2, no traceback."""
    est = tmp_path / "est.csv"
    est.write_text("Name,Weight,N90,N50,N10\na,1,9,5,10\n")
    result = _invoke("assess", "--gatm", str(mm4 / "ExampleGatm.csv"), "--estimates", str(est))
    assert result.exit_code == 2
    message = " ".join(result.output.split())  # Rich may wrap the line on a narrow terminal
    assert "est.csv, row 1, column 'N90'" in message
    assert "Traceback" not in result.output
    result = _invoke(
        "assess", "--gatm", str(mm4 / "ExampleGatm.csv"), "--estimates", str(est), "--pdf", "x"
    )
    assert result.exit_code == 2 and "pdf 'x' is not one of" in " ".join(result.output.split())


def test_assess_unwritable_plots_folder_exit_2(mm4: Path, tmp_path: Path) -> None:
    """--plots naming an existing file (not a folder): one-line error and exit 2, no traceback."""
    blocker = tmp_path / "plots"
    blocker.write_text("a file, not a folder")
    result = _invoke(
        "assess", "--gatm", str(mm4 / "ExampleGatm.csv"), "--estimates",
        str(mm4 / "ExampleDepEst1.csv"), "--draws", "200", "--plots", str(blocker),
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "cannot write plots" in " ".join(result.output.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _batch(tmp_path: Path, mm4: Path) -> Path:
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "seed: 2024\ndraws: 1500\ntracts:\n"
        f"  - {{name: A, gatm: {mm4 / 'ExampleGatm.csv'},"
        f" estimates: {mm4 / 'ExampleDepEst1.csv'}}}\n"
        f"  - {{name: B, tm: {mm4 / 'ExampleTm.csv'}, estimates: {mm4 / 'ExampleDepEst3.csv'},"
        " pdf: kde}\n"
        f"  - {{name: C, gatm: {mm4 / 'ExampleGatm.csv'}, estimates: {mm4 / 'ExampleDepEst4.csv'},"
        " pmf: mark3, truncate: true}\n"
    )
    return batch


def test_batch_dask_equals_serial(mm4: Path, tmp_path: Path) -> None:
    """Oracle: the serial run. Per-tract seeds spawned from one root SeedSequence make the
    Dask result identical to it, tract by tract."""
    spec = read_batch_spec(_batch(tmp_path, mm4))
    serial = assess_tracts(spec.tracts, spec.seed, draws=spec.draws, scheduler="serial",
                           reference_draws=20_000)  # fmt: skip
    parallel = assess_tracts(spec.tracts, spec.seed, draws=spec.draws, scheduler="dask",
                             n_workers=2, reference_draws=20_000)  # fmt: skip
    assert [r["tract"] for r in parallel] == ["A", "B", "C"]
    # the manifests differ in their clock readings only (start time, timings)
    for result in (*serial, *parallel):
        manifest = result.pop("manifest")
        assert manifest["seed"] == result["seed"] and set(manifest["timings_s"]) >= {"total"}
    assert json.dumps(serial, sort_keys=True, default=str) == json.dumps(
        parallel, sort_keys=True, default=str
    )
    # different tracts get different streams
    assert serial[0]["seed"] != serial[2]["seed"]


def test_batch_tract_with_econ(mm4: Path, tmp_path: Path) -> None:
    """A batch tract naming a RAEF preset gets the economic filter's result under econ."""
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "seed: 5\ndraws: 200\ntracts:\n"
        f"  - {{name: E, gatm: {mm4 / 'ExampleGatm.csv'},"
        f" estimates: {mm4 / 'ExampleDepEst1.csv'}, econ: {mm4 / 'raef' / 'RaefPreSetFile.csv'}}}\n"
    )
    spec = read_batch_spec(batch)
    (result,) = assess_tracts(spec.tracts, spec.seed, draws=spec.draws, scheduler="serial",
                              reference_draws=5_000)  # fmt: skip
    assert result["econ"]["simulations"] == 200
    assert result["econ"]["deposits"] == result["deposits_simulated"]


def test_assess_batch_cli_serial(mm4: Path, tmp_path: Path) -> None:
    result = _invoke("assess-batch", str(_batch(tmp_path, mm4)), "--serial", "--json",
                     "--draws", "500")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["seed"] == 2024 and [t["draws"] for t in out["tracts"]] == [500, 500, 500]
    result = _invoke("assess-batch", str(_batch(tmp_path, mm4)), "--serial", "--draws", "300")
    assert result.exit_code == 0 and "3 tracts" in result.stdout


def test_assess_custom_mark4_and_econ(mm4: Path, tmp_path: Path) -> None:
    """Custom and Mark4 pmfs from the command line; ``--econ`` hands the simulated deposits
    (MapMark4 layout) to the RAEF filter and puts its result under ``econ``."""
    pmf = tmp_path / "pmf.csv"
    pmf.write_text("NDeposits,RelProbs\n0,0.3\n1,0.4\n2,0.225\n3,0.045\n4,0.03\n")
    gatm = str(mm4 / "ExampleGatm.csv")
    result = _invoke("assess", "--gatm", gatm, "--estimates", str(pmf), "--pmf", "custom",
                     "--draws", "500", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pmf"]["mean"] == pytest.approx(1.105)
    est = tmp_path / "est.csv"
    est.write_text("Name,Weight,N90,N50,N10\na,1,1,7,20\n")
    result = _invoke("assess", "--gatm", gatm, "--estimates", str(est), "--pmf", "mark4",
                     "--max-deposits", "25", "--draws", "500", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)["pmf"]
    assert out["method"] == "mark4" and out["max"] == 25
    preset = mm4 / "raef" / "RaefPreSetFile.csv"
    result = _invoke("assess", "--gatm", gatm, "--estimates", str(mm4 / "ExampleDepEst1.csv"),
                     "--draws", "300", "--seed", "3", "--econ", str(preset), "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["econ"]["simulations"] == 300
    assert out["econ"]["deposits"] == out["deposits_simulated"] > 0


def test_assess_batch_zero_workers_is_an_error(mm4: Path, tmp_path: Path) -> None:
    """--workers 0: a local Dask cluster without workers never runs a task (the command hung);
    now a one-line error and exit 2 before any cluster starts."""
    result = _invoke("assess-batch", str(_batch(tmp_path, mm4)), "--workers", "0")
    assert result.exit_code == 2, result.output
    assert "--workers must be >= 1" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--draws", "0"), "draws must be >= 1"),
        (("--workers", "0"), "workers must be >= 1, not 0"),
        (("--workers", "-3", "--draws", "5"), "workers must be >= 1, not -3"),
    ],
)
def test_assess_batch_cli_and_api_reject_the_same_options(
    mm4: Path, tmp_path: Path, options: tuple[str, ...], message: str
) -> None:
    """The command and :func:`assay.api.assess_batch` share one check
    (:func:`check_batch_options`): the same values are refused with the same message, the
    command's naming the option (``--draws``), exit 2; nothing is simulated."""
    from assay import api

    batch = _batch(tmp_path, mm4)
    result = _invoke("assess-batch", str(batch), "--serial", *options)
    assert result.exit_code == 2, result.output
    assert f"--{message}" in " ".join(result.output.split())
    kwargs = {options[i].lstrip("-"): int(options[i + 1]) for i in range(0, len(options), 2)}
    with pytest.raises(api.AssayError) as caught:
        api.assess_batch(batch, serial=True, **kwargs)
    assert str(caught.value) == message


def test_check_batch_options_bounds() -> None:
    """The smallest accepted values pass; one less is refused (aggregate needs 2 draws)."""
    from assay.analyses.assessment import check_batch_options

    check_batch_options(None, 1)
    check_batch_options(1, 1)
    check_batch_options(2, 1, min_draws=2)
    with pytest.raises(ValueError, match=r"^--draws must be >= 2$"):
        check_batch_options(1, 4, min_draws=2, option_prefix="--")
    with pytest.raises(ValueError, match=r"^workers must be >= 1, not 0$"):
        check_batch_options(None, 0)


def test_aggregate_one_draw_is_an_error(mm4: Path, tmp_path: Path) -> None:
    """``aggregate --draws 1``: rank correlations need two draws; exit 2, message unchanged."""
    result = _invoke("aggregate", str(_batch(tmp_path, mm4)), "--serial", "--draws", "1")
    assert result.exit_code == 2, result.output
    assert "--draws must be >= 2" in " ".join(result.output.split())


def test_assess_batch_unreachable_scheduler_is_an_error(mm4: Path, tmp_path: Path) -> None:
    """A --address where no Dask scheduler answers: one-line error naming it, exit 2 (was an
    OSError traceback). The connect timeout is shortened to keep the test fast."""
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = _invoke(
            "assess-batch", str(_batch(tmp_path, mm4)), "--address", "tcp://127.0.0.1:1"
        )
    assert result.exit_code == 2, result.output
    assert "--address tcp://127.0.0.1:1" in " ".join(result.output.split())
