"""Totals of any number of simulations in bounded memory: one pass, or two over regenerated chunks.

:func:`.simulation.simulate` keeps every simulation's totals (draws x materials x 8 bytes),
which at 1e8 draws is gigabytes. :func:`stream_totals` keeps none: it runs the same chunks
with the same per-chunk seeds (so the numbers are those of the in-memory run) twice.

Pass 1 merges per-chunk counts, means, sums of squared deviations and co-moments (Chan,
Golub and LeVeque, 1983, The American Statistician 37(3), 242-247), counts zeros, and builds
a histogram of the positive totals keyed by the top bits of their IEEE-754 representation
(exponent and the first ``MANTISSA_BITS`` mantissa bits: bins of relative width 2^-8 on
the whole positive range, no range needed in advance).

Pass 1 also keeps the totals that fall in windows around pilot estimates (from the first
chunks, at least ``PILOT_DRAWS`` simulations) of each quantile and of the mean: 5 binomial
standard errors either side, which holds the needed order statistics unless the pilot is
off by more than that. When the histogram shows that an order statistic (or the mean) lies
outside the windows, pass 2 regenerates every chunk and keeps the totals of the missing
bins. Either way the order statistics are exact, so the quantiles are R's type 7 (numpy
``linear``) of all draws, identical to the in-memory computation, and P(> mean) counts
every draw: no estimator, no error beyond floating point. Memory: one chunk per worker in
flight (a few MB each), the histogram (a few thousand bins) and the windows' totals (a few
percent of the draws).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from .pmf import NDepositsPmf
from .quantiles import lerp as quantile_from_order_statistics  # numpy's type-7 rounding
from .quantiles import quantile_positions
from .simulation import (
    DepositModel,
    _block_sampler,
    _chunk_sizes,
    _run_chunk,
    cdf_guide,
    child_seed,
)

__all__ = ["StreamedSimulation", "stream_totals", "quantile_from_order_statistics"]

MANTISSA_BITS = 8
#: Simulations of the pilot (the first chunks) that places the pass-1 windows.
PILOT_DRAWS = 100_000
#: Half-width of the pass-1 windows around the pilot quantiles [binomial standard errors].
PILOT_STANDARD_ERRORS = 5.0
#: Most totals kept in a material's pass-1 windows (8 bytes each); beyond it (about 2.5e8
#: draws) the windows are dropped and pass 2 finds the order statistics, so that memory
#: stays bounded at any number of draws.
KEEP_BUDGET = 20_000_000
_SHIFT = 52 - MANTISSA_BITS


def _keys(values: np.ndarray) -> np.ndarray:
    """Histogram key of positive doubles: monotone in the value (IEEE-754 order)."""
    return values.view(np.int64) >> _SHIFT


@dataclass
class _Moments:
    n: int
    mean: np.ndarray
    comoment: np.ndarray  # sum of (x - mean)(x - mean)^T

    def merge(self, other: _Moments) -> _Moments:
        if self.n == 0:
            return other
        n = self.n + other.n
        delta = other.mean - self.mean
        mean = self.mean + delta * (other.n / n)
        comoment = self.comoment + other.comoment + np.outer(delta, delta) * (self.n * other.n / n)
        return _Moments(n, mean, comoment)


def _chunk_moments(totals: np.ndarray) -> _Moments:
    mean = totals.mean(axis=0)
    centred = totals - mean
    return _Moments(len(totals), mean, centred.T @ centred)


@dataclass
class StreamedSimulation:
    """What :func:`stream_totals` keeps of a simulation: no per-draw arrays.

    Attributes
    ----------
    draws : int
        Number of simulations.
    n_deposit_counts : numpy.ndarray
        Number of simulations with 0, 1, 2, ... deposits [count].
    materials, grade_names : list of str
    seed : int or list
    passes : int
        1, or 2 when the pilot windows missed an order statistic.
    """

    draws: int
    n_deposit_counts: np.ndarray
    materials: list[str]
    grade_names: list[str]
    seed: Any
    passes: int = 1
    deposits: None = None
    totals: None = None

    @property
    def deposits_simulated(self) -> int:
        return int(np.dot(np.arange(len(self.n_deposit_counts)), self.n_deposit_counts))


def stream_totals(
    pmf: NDepositsPmf,
    model: DepositModel,
    draws: int,
    seed: int | np.random.SeedSequence,
    levels: tuple[float, ...],
    *,
    workers: int = 1,
    on_chunk: Callable[[int], None] | None = None,
) -> tuple[StreamedSimulation, dict[str, np.ndarray]]:
    """Statistics of the simulated totals without keeping them (module docstring).

    Parameters
    ----------
    pmf, model, draws, seed, workers
        As :func:`.simulation.simulate` (same chunks and seeds, so the same draws).
    levels : tuple of float
        Quantile levels.
    on_chunk : callable, optional
        Called with the number of simulations of each chunk done (2 passes: a progress bar's
        total is 2 * draws).

    Returns
    -------
    StreamedSimulation, dict
        The simulation record and ``quantiles`` (n_materials, n_levels) [t], ``mean``,
        ``sd``, ``p_zero``, ``p_exceed_mean``, ``corr``.
    """
    if draws < 1:
        raise ValueError("draws must be >= 1")
    probs = np.asarray(pmf.probabilities, dtype=float)
    cdf = np.cumsum(probs) / probs.sum()
    cdf[-1] = 1.0
    sizes = _chunk_sizes(draws, pmf.mean)
    seeds = [child_seed(seed, i) for i in range(len(sizes))]
    sampler, guide = _block_sampler(model), cdf_guide(cdf)
    n_mat = len(model.materials)

    def totals_of(i: int) -> tuple[np.ndarray, np.ndarray]:
        out = _run_chunk(pmf, cdf, model, sizes[i], seeds[i], False, sampler, guide)
        return out["n_deposits"], out["totals"]

    # Windows of histogram keys, per material, in which pass 1 keeps the totals: around the
    # pilot estimates of each quantile (5 binomial standard errors either
    # side, distribution-free) and of the mean (6 standard errors), so that usually the
    # order statistics and the values beside the mean are in hand after one pass.
    # The pilot is the first chunks up to PILOT_DRAWS simulations (computed once, then
    # reused by pass 1), so that the windows are narrow whatever the chunk size.
    n_pilot = min(len(sizes), int(np.searchsorted(np.cumsum(sizes), PILOT_DRAWS)) + 1)
    first_chunks = [totals_of(i) for i in range(n_pilot)]
    pilot = np.concatenate([chunk[1] for chunk in first_chunks])
    windows: list[list[tuple[int, int]]] = []
    m = len(pilot)
    for j in range(n_mat):
        column = np.sort(pilot[:, j])
        ranges = []
        for p in levels:
            half = PILOT_STANDARD_ERRORS * np.sqrt(p * (1 - p) / m) + 2 / m
            lo = column[int(np.clip(np.floor((p - half) * (m - 1)), 0, m - 1))]
            hi = column[int(np.clip(np.ceil((p + half) * (m - 1)), 0, m - 1))]
            ranges.append((lo, hi))
        centre = column.mean()
        spread = (PILOT_STANDARD_ERRORS + 1) * column.std() / np.sqrt(m)
        ranges.append((centre - spread, centre + spread))
        keyed = []
        for lo, hi in ranges:
            lo, hi = max(float(lo), 5e-324), max(float(hi), 5e-324)
            keyed.append((int(_keys(np.array([lo]))[0]), int(_keys(np.array([hi]))[0])))
        windows.append(keyed)

    def in_windows(keys: np.ndarray, j: int) -> np.ndarray:
        mask = np.zeros(len(keys), dtype=bool)
        for lo, hi in windows[j]:
            mask |= (keys >= lo) & (keys <= hi)
        return mask

    def pass1(i: int, chunk: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, Any]:
        n_dep, totals = chunk if chunk is not None else totals_of(i)
        hist, kept = [], []
        for j in range(n_mat):
            positive = totals[:, j][totals[:, j] > 0]
            if len(positive):
                keys = _keys(positive)
                low = int(keys.min())
                hist.append((low, np.bincount(keys - low)))
                kept.append(positive[in_windows(keys, j)])
            else:
                hist.append((0, np.zeros(0, dtype=np.int64)))
                kept.append(np.zeros(0))
        return {
            "counts": np.bincount(n_dep),
            "moments": _chunk_moments(totals),
            "zeros": np.count_nonzero(totals == 0, axis=0),
            "hist": hist,
            "kept": kept,
            "size": len(n_dep),
        }

    def ordered(fn: Callable[[int], Any], first: int = 0):
        # results in chunk order whatever the threads, so sums are deterministic; at most
        # workers + 1 chunks in flight keeps memory bounded (a few MB each)
        indices = list(range(first, len(sizes)))
        if workers <= 1:
            for i in indices:
                yield fn(i)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            window = workers + 1
            futures = [pool.submit(fn, i) for i in indices[:window]]
            for k in range(len(indices)):
                result = futures[k].result()
                futures[k] = None  # type: ignore[call-overload]
                if k + window < len(indices):
                    futures.append(pool.submit(fn, indices[k + window]))
                yield result

    def chunks_pass1():
        for i in range(n_pilot):
            yield pass1(i, first_chunks[i])
            first_chunks[i] = None  # type: ignore[call-overload]
        yield from ordered(pass1, first=n_pilot)

    counts = np.zeros(1, dtype=np.int64)
    moments = _Moments(0, np.zeros(n_mat), np.zeros((n_mat, n_mat)))
    zeros = np.zeros(n_mat, dtype=np.int64)
    hist_low: list[int | None] = [None] * n_mat
    hists: list[np.ndarray] = [np.zeros(0, dtype=np.int64) for _ in range(n_mat)]
    kept: list[list[np.ndarray]] = [[] for _ in range(n_mat)]
    kept_count = np.zeros(n_mat, dtype=np.int64)
    for part in chunks_pass1():
        c = part["counts"]
        if len(c) > len(counts):
            counts = np.pad(counts, (0, len(c) - len(counts)))
        counts[: len(c)] += c
        moments = moments.merge(part["moments"])
        zeros += part["zeros"]
        for j, (low, h) in enumerate(part["hist"]):
            if windows[j]:
                kept[j].append(part["kept"][j])
                kept_count[j] += len(part["kept"][j])
                if kept_count[j] > KEEP_BUDGET:  # memory bound: drop the windows, pass 2
                    windows[j] = []
                    kept[j] = []
            if not len(h):
                continue
            if hist_low[j] is None:
                hist_low[j], hists[j] = low, h.astype(np.int64)
                continue
            new_low = min(hist_low[j], low)
            new_high = max(hist_low[j] + len(hists[j]), low + len(h))
            merged = np.zeros(new_high - new_low, dtype=np.int64)
            merged[hist_low[j] - new_low : hist_low[j] - new_low + len(hists[j])] += hists[j]
            merged[low - new_low : low - new_low + len(h)] += h
            hist_low[j], hists[j] = new_low, merged
        if on_chunk is not None:
            on_chunk(part["size"])
    del pilot

    mean = moments.mean
    previous, nxt, gamma = quantile_positions(draws, np.asarray(levels))
    # per material: the order statistics (0-based ranks among all draws) that are needed,
    # and for each positive one the histogram bin and the rank within it; and the bin of
    # the mean, whose values decide P(> mean)
    wanted: list[dict[int, tuple[int, int]]] = []
    mean_keys = []
    for j in range(n_mat):
        need: dict[int, tuple[int, int]] = {}
        cum = np.cumsum(hists[j])
        for rank in sorted(set(previous.tolist()) | set(nxt.tolist())):
            r = int(rank) - int(zeros[j])
            if r < 0:
                continue
            b = int(np.searchsorted(cum, r, side="right"))
            before = int(cum[b - 1]) if b > 0 else 0
            need[int(rank)] = (int(hist_low[j]) + b, r - before)  # type: ignore[operator]
        wanted.append(need)
        mean_keys.append(int(_keys(np.array([max(float(mean[j]), 5e-324)]))[0]))

    def covered(j: int, key: int) -> bool:
        return any(lo <= key <= hi for lo, hi in windows[j])

    missing = [
        sorted({k for k, _ in wanted[j].values() if not covered(j, k)} | (
            set() if covered(j, mean_keys[j]) else {mean_keys[j]}))
        for j in range(n_mat)
    ]  # fmt: skip
    values_by_material = [np.sort(np.concatenate(k)) if k else np.zeros(0) for k in kept]
    kept.clear()
    pass2_done = False
    if any(missing):
        # Pass 2 (rare): regenerate the chunks and keep the totals in the missing bins.
        targets = [np.asarray(m_, dtype=np.int64) for m_ in missing]

        def pass2(i: int) -> dict[str, Any]:
            _, totals = totals_of(i)
            out = []
            for j in range(n_mat):
                column = totals[:, j]
                positive = column[column > 0]
                out.append(positive[np.isin(_keys(positive), targets[j])] if len(targets[j])
                           else np.zeros(0))  # fmt: skip
            return {"kept": out, "size": len(totals)}

        extra: list[list[np.ndarray]] = [[] for _ in range(n_mat)]
        for part in ordered(pass2):
            for j in range(n_mat):
                extra[j].append(part["kept"][j])
            if on_chunk is not None:
                on_chunk(part["size"])
        for j in range(n_mat):
            if len(targets[j]):
                values = values_by_material[j]
                # drop kept values of the missing bins (none: they were outside the windows)
                values_by_material[j] = np.sort(np.concatenate([values, *extra[j]]))
        pass2_done = True
    elif on_chunk is not None:
        on_chunk(draws)  # the second pass was not needed

    quantiles = np.empty((n_mat, len(levels)))
    exceed = np.zeros(n_mat, dtype=np.int64)
    for j in range(n_mat):
        values = values_by_material[j]
        keys = _keys(values) if len(values) else np.zeros(0, dtype=np.int64)

        def order_statistic(rank: int, j: int = j, values=values, keys=keys) -> float:
            if rank not in wanted[j]:
                return 0.0
            key, within = wanted[j][rank]
            start = int(np.searchsorted(keys, key, side="left"))
            return float(values[start + within])

        lo = np.array([order_statistic(int(r)) for r in previous])
        hi = np.array([order_statistic(int(r)) for r in nxt])
        quantiles[j] = quantile_from_order_statistics(lo, hi, gamma)
        # P(> mean): all totals in bins above the mean's bin, plus those in its bin above it
        mk = mean_keys[j]
        if hist_low[j] is not None:
            above_bin = mk + 1 - hist_low[j]  # type: ignore[operator]
            exceed[j] = int(hists[j][max(above_bin, 0) :].sum()) if above_bin < len(hists[j]) else 0
            in_bin = values[keys == mk]
            exceed[j] += int(np.count_nonzero(in_bin > mean[j]))

    sd = np.sqrt(np.diag(moments.comoment) / (draws - 1)) if draws > 1 else np.zeros(n_mat)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.sqrt(np.diag(moments.comoment))
        corr = moments.comoment / np.outer(scale, scale)
    if n_mat == 1 or draws == 1:
        corr = np.ones((n_mat, n_mat))
    if isinstance(seed, np.random.SeedSequence):
        seed_info: Any = [seed.entropy, list(seed.spawn_key)]
    else:
        seed_info = seed
    record = StreamedSimulation(
        draws, counts, model.materials, model.grade_names, seed_info, 2 if pass2_done else 1
    )
    stats = {
        "quantiles": quantiles,
        "mean": mean,
        "sd": sd,
        "p_zero": zeros / draws,
        "p_exceed_mean": exceed / draws,
        "corr": corr,
    }
    return record, stats
