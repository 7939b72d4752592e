"""Regional aggregation of tracts (Iman and Conover, 1982) and ``assay aggregate``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from assay.cli import get_app
from assay.models.assessment.aggregate import (
    aggregate_totals,
    correlation_matrix,
    iman_conover_ranks,
    spearman_matrix,
)

LEVELS = ("0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95")


def _tracts(k: int = 6, n: int = 20_000, seed: int = 1) -> list[np.ndarray]:
    """k tracts of compound-Poisson-like totals with P(0) > 0: (n, 2) [t] (ore, metal)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(k):
        count = rng.poisson(0.8 + 0.3 * i, n)
        ore = np.array([rng.lognormal(16 + 0.1 * i, 1.2, c).sum() for c in count])
        out.append(np.column_stack([ore, ore * rng.uniform(0.002, 0.01, n)]))
    return out


@pytest.fixture(scope="module")
def tracts() -> list[np.ndarray]:
    return _tracts()


@pytest.fixture(scope="module")
def aggregated(tracts: list[np.ndarray]) -> dict:
    return aggregate_totals(tracts, ["Ore", "Cu"], 0.5, seed=3)


def test_independent_mean_is_sum_of_means(aggregated: dict, tracts: list[np.ndarray]) -> None:
    """Analytic: E[sum of tracts] = sum of E[tract] (linearity), in every mode (reordering
    draws never changes a mean)."""
    for j, material in enumerate(["Ore", "Cu"]):
        expected = sum(t[:, j].mean() for t in tracts)
        for mode in ("independent", "correlated", "fully_correlated"):
            assert aggregated[mode][material]["mean"] == pytest.approx(expected, rel=1e-12)
        assert aggregated["tract_sum"][material]["mean"] == pytest.approx(expected, rel=1e-12)


def test_fully_correlated_quantiles_add(aggregated: dict, tracts: list[np.ndarray]) -> None:
    """Analytic: comonotonic tracts - the quantiles of the sum are the sums of the tracts'
    quantiles (numpy.quantile, type 7, of each tract as the independent oracle)."""
    for j, material in enumerate(["Ore", "Cu"]):
        levels = [float(q) for q in LEVELS]
        expected = np.sum([np.quantile(t[:, j], levels) for t in tracts], axis=0)
        got = [aggregated["fully_correlated"][material]["quantiles"][q] for q in LEVELS]
        np.testing.assert_allclose(got, expected, rtol=1e-12)
        # P(0) of comonotonic tracts: the smallest P(0) of the tracts
        p0 = min(np.mean(t[:, j] == 0) for t in tracts)
        assert aggregated["fully_correlated"][material]["p_zero"] == pytest.approx(p0)


def test_independent_p_zero_is_product(aggregated: dict, tracts: list[np.ndarray]) -> None:
    """Independent tracts: P(sum = 0) = product of the tracts' P(0), within 4 binomial s.e."""
    p0 = np.prod([np.mean(t[:, 0] == 0) for t in tracts])
    n = len(tracts[0])
    got = aggregated["independent"]["Ore"]["p_zero"]
    assert abs(got - p0) < 4 * np.sqrt(p0 * (1 - p0) / n) + 1e-12


def test_correlation_orders_the_spread(aggregated: dict) -> None:
    """More correlation, wider regional distribution: sd and Q_0.95 grow from independent
    through rho = 0.5 to comonotonic (the 'change between independent and fully correlated')."""
    sd = [aggregated[m]["Ore"]["sd"] for m in ("independent", "correlated", "fully_correlated")]
    q95 = [aggregated[m]["Ore"]["quantiles"]["0.95"]
           for m in ("independent", "correlated", "fully_correlated")]  # fmt: skip
    assert sd[0] < sd[1] < sd[2]
    assert q95[0] < q95[1] <= q95[2]


def test_iman_conover_induces_the_target_rank_correlation() -> None:
    """Oracle: the target matrix; Spearman of the induced ranks within 0.02 (n = 20 000), for
    a common value and an unstructured matrix (Iman and Conover, 1982, sec. 3)."""
    rng = np.random.default_rng(0)
    for target in (
        correlation_matrix(4, 0.5),
        np.array([[1, 0.7, 0.2], [0.7, 1, -0.3], [0.2, -0.3, 1.0]]),
    ):
        ranks = iman_conover_ranks(20_000, target, rng)
        np.testing.assert_allclose(spearman_matrix(ranks.astype(float)), target, atol=0.02)


def test_reordering_keeps_each_tracts_draws(tracts: list[np.ndarray]) -> None:
    """The marginals are untouched: each tract's sorted draws are the same after reordering
    (only the pairing changes), so the achieved correlation is reported for the target."""
    out = aggregate_totals(tracts[:3], ["Ore", "Cu"], 0.9, seed=1)
    assert out["achieved_rank_correlation"] == pytest.approx(0.9, abs=0.05)


@pytest.mark.parametrize(
    ("rho", "match"), [(1.5, "correlation"), (-0.5, "valid correlation matrix")]
)
def test_invalid_common_correlation(tracts: list[np.ndarray], rho: float, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        aggregate_totals(tracts, ["Ore", "Cu"], rho)


def test_unequal_draws_is_an_error(tracts: list[np.ndarray]) -> None:
    with pytest.raises(ValueError, match="same number of draws"):
        aggregate_totals([tracts[0], tracts[1][:100]], ["Ore", "Cu"], 0.0)


def _batch_50(tmp_path: Path, mm4: Path) -> Path:
    lines = ["seed: 11", "draws: 2000", "tracts:"]
    for i in range(50):
        est = mm4 / f"ExampleDepEst{1 + i % 4}.csv"
        lines.append(f"  - {{name: T{i:02d}, gatm: {mm4 / 'ExampleGatm.csv'}, estimates: {est}}}")
    path = tmp_path / "batch50.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_cli_aggregate_50_tracts_correlation_half(mm4: Path, tmp_path: Path) -> None:
    """A 50-tract batch (the Guide's model with its four estimate sets) with rank correlation
    0.5, through the CLI: the batch's simulations saved by assess-batch, then aggregated;
    the regional mean is the sum of the per-tract means, correlation widens the spread."""
    runner = CliRunner()
    app = get_app()
    sims = tmp_path / "sims"
    result = runner.invoke(
        app,
        ["assess-batch", str(_batch_50(tmp_path, mm4)), "--serial", "--save-simulations",
         str(sims), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    batch = json.loads(result.stdout)
    assert len(batch["tracts"]) == 50 and batch["manifest"]["command"] == "assess-batch"
    result = runner.invoke(app, ["aggregate", str(sims), "--correlation", "0.5", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["tracts"] == 50 and out["draws"] == 2000
    for material in ("Ore", "Cu", "Au"):
        tract_means = sum(t["totals"][material]["mean"] for t in batch["tracts"])
        assert out["independent"][material]["mean"] == pytest.approx(tract_means, rel=1e-9)
    assert out["achieved_rank_correlation"] == pytest.approx(0.5, abs=0.05)
    assert out["independent"]["Ore"]["sd"] < out["correlated"]["Ore"]["sd"]
    assert out["manifest"]["command"] == "aggregate"
    assert set(out["manifest"]["inputs"]) == {"source"}
    table = runner.invoke(app, ["aggregate", str(sims), "--correlation", "0.5"])
    assert table.exit_code == 0 and "Regional totals of 50 tracts" in table.stdout


def test_cli_aggregate_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(get_app(), ["aggregate", str(tmp_path)])
    assert result.exit_code == 2
    assert "index.json" in result.output


def _rank_corrcoef(x: np.ndarray) -> np.ndarray:
    """Independent check: numpy's Pearson correlation of the columns' ranks (no ties here)."""
    ranks = np.argsort(np.argsort(x, axis=0), axis=0).astype(float)
    return np.corrcoef(ranks, rowvar=False)


@pytest.mark.parametrize("k", [2, 3])
def test_spearman_matrix_is_k_by_k(k: int) -> None:
    """Two columns once gave scipy's scalar back as a 1 x 1 matrix (an IndexError later):
    the matrix is k x k and equals numpy's corrcoef of the ranks."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(500, k))
    x[:, 1] += 0.7 * x[:, 0]
    rho = spearman_matrix(x)
    assert rho.shape == (k, k)
    np.testing.assert_allclose(rho, _rank_corrcoef(x), atol=1e-12)
    assert rho[0, 1] > 0.3


def test_aggregate_two_tracts(tracts: list[np.ndarray]) -> None:
    out = aggregate_totals(tracts[:2], ["Ore", "Cu"], 0.5, seed=2)
    assert out["tracts"] == 2
    assert out["achieved_rank_correlation"] == pytest.approx(0.5, abs=0.05)


def test_cli_aggregate_two_tracts(mm4: Path, tmp_path: Path) -> None:
    """A 2-tract batch with a correlation through the CLI (once a traceback)."""
    lines = ["seed: 4", "draws: 2000", "tracts:"]
    for i in range(2):
        est = mm4 / f"ExampleDepEst{1 + i}.csv"
        lines.append(f"  - {{name: T{i}, gatm: {mm4 / 'ExampleGatm.csv'}, estimates: {est}}}")
    batch = tmp_path / "batch2.yaml"
    batch.write_text("\n".join(lines) + "\n")
    runner = CliRunner()
    app = get_app()
    sims = tmp_path / "sims"
    result = runner.invoke(
        app, ["assess-batch", str(batch), "--serial", "--save-simulations", str(sims), "--json"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["aggregate", str(sims), "--correlation", "0.6", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["tracts"] == 2
    assert out["achieved_rank_correlation"] == pytest.approx(0.6, abs=0.06)
    table = runner.invoke(app, ["aggregate", str(sims), "--correlation", "0.6"])
    assert table.exit_code == 0, table.output
    assert "Regional totals of 2 tracts" in table.stdout
