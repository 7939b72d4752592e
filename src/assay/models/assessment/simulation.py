"""Monte Carlo simulation of the undiscovered deposits of a tract (MapMark4 ``Simulation``).

Each simulation draws a number of deposits N from the pmf, then N independent deposits
(ore tonnage and grades, or contained tonnage for a tonnage model) from the pdfs, and sums
the contained material (ore x grade fraction) over the deposits (Ellefsen, 2017, USGS
Techniques and Methods 7-C14; Root, Menzie and Scott, 1992).

Implementation (the random-stream layout; it depends only on the seed and the number of
draws, never on the number of threads or the machine):

- The draws are cut into chunks of about ``DEPOSITS_PER_CHUNK`` expected deposits
  (:func:`_chunk_sizes`). Chunk k has its own ``numpy.random.Generator`` (PCG64) seeded by
  the child ``SeedSequence(entropy, spawn_key=(*key, k))`` of the run's seed
  (:func:`child_seed`, as ``SeedSequence.spawn``), so chunk k always draws the same numbers
  whichever thread runs it and whenever.
- In a chunk, one uniform per simulation gives its number of deposits by inversion of the
  pmf's cdf (:func:`draw_from_cdf`, the same result as ``searchsorted``).
- The simulations of the chunk are then taken by their number of deposits k = 1, 2, ...
  (in simulation order within each k) in blocks of about ``BLOCK_DEPOSITS`` deposits; a
  block of c simulations with k deposits each draws k c deposits, deposit j of its i-th
  simulation being draw j c + i, and each simulation's total is the sum of its k deposits
  (added in the order j = 0, 1, ...). The deposits are i.i.d., so which draws go to which
  simulation does not change the distribution; the grouping lets a block's totals be k - 1
  vectorised additions instead of a scatter-add, and the block's arrays stay in the cache.
- A block of deposits of :class:`IndependentDeposits` with untruncated pdfs draws one array
  of standard normals, row 0 for ln(tonnage) and rows 1..d for the d ilr coordinates of
  the grades, then (kernel pdfs only) the data rows of the kernel centres, tonnage first.
  The contained metal is computed from the log-ratios of each part to gangue, which are
  linear in the ilr coordinates (:class:`_IndependentSampler`). Other models (truncated
  pdfs, a joint pdf) draw ``sample_deposits`` per block.

Memory is bounded whatever the number of draws: a chunk holds its per-simulation arrays and
one block of deposits (unless the deposits are kept for :meth:`Simulation.deposits_frame`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:  # pandas only for summaries, imported there (CLI start-up time)
    import pandas as pd

from .grade import GradePdf, JointTonnageGradePdf
from .pmf import NDepositsPmf
from .tonnage import TonnagePdf

__all__ = [
    "DepositModel",
    "IndependentDeposits",
    "JointDeposits",
    "Simulation",
    "simulate",
    "child_seed",
    "DEPOSITS_PER_CHUNK",
    "draw_from_cdf",
]

#: Target number of deposits per chunk. A chunk keeps only its per-simulation arrays and
#: one block of deposits at a time, so this sets the grain of the work shared between
#: threads, not the memory.
DEPOSITS_PER_CHUNK = 262_144

#: Deposits per block of draws: the block's work arrays (a few hundred kB) stay in the
#: processor's cache while the pdfs are sampled and the block's totals are summed.
BLOCK_DEPOSITS = 16_384

#: Bins of the guide table of :func:`draw_from_cdf`.
_GUIDE_BINS = 4096


class DepositModel(Protocol):
    """What :func:`simulate` needs from the pdfs of one deposit."""

    tonnage_name: str
    grade_names: list[str]

    @property
    def materials(self) -> list[str]: ...

    def sample_deposits(
        self, rng: np.random.Generator, n: int
    ) -> tuple[np.ndarray, np.ndarray | None]: ...

    def reference_contained(self) -> np.ndarray: ...


def _contained(tonnage: np.ndarray, parts: np.ndarray | None) -> np.ndarray:
    if parts is None:
        return tonnage[:, None]
    return np.column_stack([tonnage, tonnage[:, None] * parts[:, :-1]])


def _aligned_empty(n: int) -> np.ndarray:
    """``np.empty(n)`` starting on a 64-byte boundary: every thread's buffers then take the
    same vectorised code paths, whatever the allocator returned."""
    raw = np.empty(n + 8)
    skip = (-raw.ctypes.data % 64) // 8
    return raw[skip : skip + n]


class _IndependentSampler:
    """Contained material of a block of deposits of untruncated independent pdfs.

    For grades with D parts (gangue last) and ilr coordinates z = centre + L e (e standard
    normal; centre the mean, or a data row for a kernel pdf), ln(part_j / gangue) is
    (V_j - V_D) z for the rows V_j of the ilr basis, so the log-ratios are y = a + W e with
    W = (V_1..d - V_D) L and no ilr inverse is needed: with r_j = exp(y_j) and
    s = 1 + sum_j r_j, part_j = r_j / s, gangue = 1 / s and the contained metal j is
    r_j (T / s) for ore tonnage T = exp(ln T).
    """

    def __init__(self, tonnage: TonnagePdf, grades: GradePdf | None) -> None:
        if tonnage.pdf_type == "kde":
            self.tonnage_centres: np.ndarray | None = tonnage.log_tonnages
            self.tonnage_scale, self.tonnage_offset = tonnage.bandwidth, 0.0
        else:
            self.tonnage_centres = None
            self.tonnage_scale, self.tonnage_offset = tonnage.log_sd, tonnage.log_mean
        import threading

        self._local = threading.local()
        self.d = 0 if grades is None else grades.parts.shape[1] - 1
        self.grade_centres: np.ndarray | None = None
        if grades is not None:
            from .ilr import ilr_basis

            basis = ilr_basis(self.d + 1)
            ratio = basis[:-1] - basis[-1]  # (d, d): ln(part_j / gangue) = ratio @ z
            model = grades._model
            self.weights = ratio @ model._chol
            if model.pdf_type == "normal":
                self.grade_offset = ratio @ model.mean
            else:  # the kernel centres as log-ratios, one contiguous row per part
                self.grade_offset = np.zeros(self.d)
                self.grade_centres = np.ascontiguousarray(ratio @ model.data.T)

    def _buffers(self, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Work arrays reused by each thread from block to block: a block's arrays (~1 MB)
        # allocated afresh were returned to the system and page-faulted in again every
        # time (1e7 draws: ~2 s of system time).
        local = self._local
        size = (1 + self.d) * m
        if getattr(local, "capacity", 0) < m:
            local.capacity = max(m, BLOCK_DEPOSITS)
            local.noise = _aligned_empty((1 + self.d) * local.capacity)
            local.out = _aligned_empty((1 + self.d) * local.capacity)
            local.scratch = _aligned_empty(local.capacity)
        return (
            local.noise[:size].reshape(1 + self.d, m),
            local.out[:size].reshape(1 + self.d, m),
            local.scratch[:m],
        )

    def __call__(
        self, rng: np.random.Generator, m: int, keep: bool
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """Contained material (1 + d, m) [t] of m deposits, and when ``keep`` their tonnage
        [t] and parts (m, d + 1). The contained array is this thread's work buffer: it is
        valid until the thread's next call."""
        d = self.d
        noise, out, scratch = self._buffers(m)
        rng.standard_normal(out=noise)
        tonnage_rows = None
        if self.tonnage_centres is not None:
            tonnage_rows = rng.integers(0, len(self.tonnage_centres), m)
        grade_rows = None
        if self.grade_centres is not None:
            grade_rows = rng.integers(0, self.grade_centres.shape[1], m)
        log_t = noise[0]
        log_t *= self.tonnage_scale
        if tonnage_rows is not None:
            log_t += self.tonnage_centres[tonnage_rows]  # type: ignore[index]
        else:
            log_t += self.tonnage_offset
        np.exp(log_t, out=out[0])
        if d == 0:
            return out, out[0].copy() if keep else None, None
        ratios = out[1:]
        for j in range(d):
            row = ratios[j]
            np.multiply(noise[1], self.weights[j, 0], out=row)
            for i in range(1, d):
                np.multiply(noise[1 + i], self.weights[j, i], out=scratch)
                row += scratch
            if grade_rows is not None:
                row += self.grade_centres[j][grade_rows]  # type: ignore[index]
            else:
                row += self.grade_offset[j]
        np.exp(ratios, out=ratios)
        total = noise[0]  # ln T is no longer needed: its row holds s = 1 + sum r_j
        np.add(ratios[0], 1.0, out=total)
        for j in range(1, d):
            total += ratios[j]
        parts = None
        if keep:
            parts = np.empty((d + 1, m))
            np.divide(ratios, total, out=parts[:d])
            np.divide(1.0, total, out=parts[d])
            parts = parts.T
        np.divide(out[0], total, out=total)  # T / s
        ratios *= total
        return out, out[0].copy() if keep else None, parts


def _sample_contained(
    model: Any, rng: np.random.Generator, m: int, keep: bool
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Contained material (n_materials, m) [t] of m deposits drawn with ``model``'s
    ``sample_deposits``, and the deposits (tonnage [t], parts) when ``keep``."""
    tonnage, parts = model.sample_deposits(rng, m)
    n_mat = len(model.materials)
    out = np.empty((n_mat, m))
    out[0] = tonnage
    for j in range(1, n_mat):
        np.multiply(tonnage, parts[:, j - 1], out=out[j])
    return out, (tonnage if keep else None), (parts if keep else None)


@dataclass
class IndependentDeposits:
    """Tonnage and grades drawn independently (MapMark4 v1.0); no grades: a tonnage model."""

    tonnage: TonnagePdf
    grades: GradePdf | None = None

    @property
    def tonnage_name(self) -> str:
        return self.tonnage.name

    @property
    def grade_names(self) -> list[str]:
        return [] if self.grades is None else list(self.grades.names)

    @property
    def materials(self) -> list[str]:
        return [self.tonnage_name, *self.grade_names]

    def sample_deposits(
        self, rng: np.random.Generator, n: int
    ) -> tuple[np.ndarray, np.ndarray | None]:
        tonnage = self.tonnage.sample(rng, n)
        parts = None if self.grades is None else self.grades.sample(rng, n)
        return tonnage, parts

    def contained_sampler(self) -> Any:
        """``(rng, m, keep) -> (contained (n_materials, m) [t], tonnage, parts)`` for blocks
        of deposits: :class:`_IndependentSampler` for untruncated pdfs, else draws of
        :meth:`sample_deposits`."""
        if self.tonnage.truncated or (self.grades is not None and self.grades.truncated):
            return lambda rng, m, keep: _sample_contained(self, rng, m, keep)
        return _IndependentSampler(self.tonnage, self.grades)

    @cached_property
    def _reference(self) -> np.ndarray:
        parts = None if self.grades is None else self.grades.reference_samples
        return _contained(self.tonnage.reference_samples, parts)

    def reference_contained(self) -> np.ndarray:
        """Reference draws of contained material per deposit (n_ref, n_materials) [t]."""
        return self._reference

    def deposit_moments(self) -> tuple[np.ndarray, np.ndarray, str]:
        """Mean [t] and covariance [t^2] of one deposit's contained material, and how they
        were computed (:mod:`.moments`: exact unless the grade pdf is truncated)."""
        from . import moments

        t = self.tonnage
        if t.pdf_type == "normal":
            centres, sd = np.array([t.log_mean]), t.log_sd
        else:
            centres, sd = t.log_tonnages, t.bandwidth
        low, high = (
            (t.log_tonnages.min(), t.log_tonnages.max()) if t.truncated else (-np.inf, np.inf)
        )
        m1, m2 = moments.lognormal_mixture_moments(centres, sd, low, high)
        g = self.grades
        if g is None:
            return np.array([m1]), np.array([[m2 - m1 * m1]]), moments.EXACT
        method = moments.EXACT
        if g.truncated:  # grade moments from the grade pdf's reference sample
            ref = g.reference_samples
            q = np.column_stack([np.ones(len(ref)), ref[:, :-1]])
            q1, q2 = q.mean(axis=0), (q.T @ q) / len(q)
            method = moments.SAMPLE
        elif g.pdf_type == "normal":
            q1, q2 = moments.grade_moments(g.ilr_mean[None, :], g.ilr_cov)
        else:
            q1, q2 = moments.grade_moments(g.coords, g.bandwidth_matrix)
        mean = m1 * q1
        return mean, m2 * q2 - np.outer(mean, mean), method


@dataclass
class JointDeposits:
    """Tonnage and grades from one joint pdf (:class:`JointTonnageGradePdf`)."""

    pdf: JointTonnageGradePdf

    @property
    def tonnage_name(self) -> str:
        return self.pdf.name

    @property
    def grade_names(self) -> list[str]:
        return list(self.pdf.names)

    @property
    def materials(self) -> list[str]:
        return [self.tonnage_name, *self.grade_names]

    def sample_deposits(
        self, rng: np.random.Generator, n: int
    ) -> tuple[np.ndarray, np.ndarray | None]:
        return self.pdf.sample(rng, n)

    @cached_property
    def _reference(self) -> np.ndarray:
        rng = np.random.default_rng(self.pdf.reference_seed)
        return _contained(*self.pdf.sample(rng, self.pdf.reference_draws))

    def reference_contained(self) -> np.ndarray:
        return self._reference

    def deposit_moments(self) -> tuple[np.ndarray, np.ndarray, str]:
        """Mean [t] and covariance [t^2] of one deposit's contained material (:mod:`.moments`;
        exact unless the joint pdf is truncated to the convex hull)."""
        from . import moments

        if self.pdf.truncated:
            reference = self.reference_contained()
            return (
                reference.mean(axis=0),
                np.atleast_2d(np.cov(reference, rowvar=False)),
                moments.SAMPLE,
            )
        model = self.pdf._model
        if model.pdf_type == "normal":
            first, second = moments.joint_moments(model.mean[None, :], model.cov)
        else:
            first, second = moments.joint_moments(model.data, model.bandwidth)
        return first, second - np.outer(first, first), moments.EXACT


def child_seed(seed: int | np.random.SeedSequence, index: int) -> np.random.SeedSequence:
    """The ``index``-th child of ``seed``, as ``SeedSequence.spawn`` makes it, without state."""
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, index), pool_size=root.pool_size
    )


def _chunk_sizes(draws: int, mean_deposits: float) -> list[int]:
    per_chunk = int(min(max(DEPOSITS_PER_CHUNK / max(mean_deposits, 1.0), 1000), 1_000_000))
    sizes = [per_chunk] * (draws // per_chunk)
    if draws % per_chunk:
        sizes.append(draws % per_chunk)
    return sizes


def draw_from_cdf(cdf: np.ndarray, u: np.ndarray, guide: np.ndarray | None = None) -> np.ndarray:
    """Index of each uniform ``u`` in ``[0, 1)`` by inversion of ``cdf`` (ending at 1):
    ``np.searchsorted(cdf, u, side="right")``, found from a guide table (Devroye, 1986,
    Non-Uniform Random Variate Generation, section III.2.4) instead of a binary search.

    ``guide`` (from :func:`cdf_guide`) may be passed to save building it."""
    if guide is None:
        guide = cdf_guide(cdf)
    # u * 4096 is exact (a power of two), so bin b holds b / 4096 <= u < (b + 1) / 4096 and
    # guide[b] = #{cdf <= b / 4096} <= #{cdf <= u}: step up while cdf[index] <= u
    index = guide[(u * _GUIDE_BINS).astype(np.intp)]
    active = np.flatnonzero(u >= cdf[index])
    while active.size:
        index[active] += 1
        active = active[u[active] >= cdf[index[active]]]
    return index


def cdf_guide(cdf: np.ndarray) -> np.ndarray:
    """Guide table of :func:`draw_from_cdf`: #{cdf <= b / 4096} for each bin b."""
    return np.searchsorted(cdf, np.arange(_GUIDE_BINS) / _GUIDE_BINS, side="right")


def _run_chunk(
    pmf: NDepositsPmf,
    cdf: np.ndarray,
    model: DepositModel,
    size: int,
    seed: np.random.SeedSequence,
    keep: bool,
    sampler: Any = None,
    guide: np.ndarray | None = None,
) -> dict[str, Any]:
    """One chunk of ``size`` simulations (the module docstring gives the stream layout).

    Returns ``n_deposits`` (size,), ``totals`` (size, n_materials) [t] (Fortran-ordered:
    each material's column is contiguous) and, when ``keep``, every deposit's ``tonnage``
    [t] and ``parts`` in simulation order."""
    rng = np.random.default_rng(seed)
    if sampler is None:
        sampler = _block_sampler(model)
    n_deposits = pmf.n_deposits[draw_from_cdf(cdf, rng.random(size), guide)]
    n_deposits = n_deposits.astype(np.int32)
    n_mat = len(model.materials)
    totals = np.zeros((n_mat, size))
    # a stable sort of 16-bit keys is a radix sort
    keys = n_deposits.astype(np.int16) if n_deposits.max() < 2**15 else n_deposits
    by_count = np.argsort(keys, kind="stable")
    counts = np.bincount(n_deposits)
    out: dict[str, Any] = {"n_deposits": n_deposits, "totals": totals.T}
    if keep:
        total = int(n_deposits.sum(dtype=np.int64))
        first = np.cumsum(n_deposits, dtype=np.int64) - n_deposits  # first deposit's row
        tonnage_kept = np.empty(total)
        parts_kept: np.ndarray | None = None
    start = int(counts[0])
    for k in range(1, len(counts)):
        group = by_count[start : start + counts[k]]
        start += int(counts[k])
        per_block = max(1, BLOCK_DEPOSITS // k)
        for b in range(0, len(group), per_block):
            sims = group[b : b + per_block]
            c = len(sims)
            contained, tonnage, parts = sampler(rng, k * c, keep)
            # deposit j of the block's i-th simulation is column j * c + i
            totals[:, sims] = contained.reshape(n_mat, k, c).sum(axis=1)
            if keep:
                rows = (first[sims][None, :] + np.arange(k)[:, None]).ravel()
                tonnage_kept[rows] = tonnage
                if parts is not None:
                    if parts_kept is None:
                        parts_kept = np.empty((total, parts.shape[1]))
                    parts_kept[rows] = parts
    if keep:
        out["tonnage"] = tonnage_kept
        if parts_kept is None and n_mat > 1:  # no deposit drawn in this chunk
            parts_kept = np.empty((0, n_mat))
        out["parts"] = parts_kept
    return out


def _block_sampler(model: DepositModel) -> Any:
    make = getattr(model, "contained_sampler", None)
    if make is not None:
        return make()
    return lambda rng, m, keep: _sample_contained(model, rng, m, keep)


@dataclass
class Simulation:
    """Result of :func:`simulate`.

    Attributes
    ----------
    n_deposits : numpy.ndarray
        Number of deposits of each simulation (draws,) [count].
    totals : numpy.ndarray
        Contained material per simulation (draws, n_materials) [t]: ore tonnage (or the
        tonnage-model material) then each metal; 0 where no deposit was drawn.
    materials : list of str
        Names of the columns of ``totals``.
    grade_names : list of str
        Grade materials (empty for a tonnage model).
    seed : int or list
        The seed (``[entropy, spawn_key]`` for a spawned SeedSequence).
    deposits : dict or None
        Per deposit (when kept): ``tonnage`` [t] and ``parts`` (fractions, gangue last).
    """

    n_deposits: np.ndarray
    totals: np.ndarray
    materials: list[str]
    grade_names: list[str]
    seed: Any
    deposits: dict[str, np.ndarray | None] | None = field(default=None, repr=False)

    @property
    def draws(self) -> int:
        return int(len(self.n_deposits))

    @property
    def deposits_simulated(self) -> int:
        """Number of deposits drawn over all simulations [count]."""
        return int(self.n_deposits.sum(dtype=np.int64))

    @property
    def n_deposit_counts(self) -> np.ndarray:
        """Number of simulations with 0, 1, 2, ... deposits [count]."""
        return np.bincount(self.n_deposits)

    def totals_frame(self) -> pd.DataFrame:
        """Per simulation: ``Simulation.Index`` (1-based), ``Number.of.Deposits`` and
        ``<material>_mT`` [t] (as MapMark4GUI's ``SIM_Contained_Totals``, with 0, not NA,
        for simulations without deposits)."""
        import pandas as pd

        frame = pd.DataFrame(
            {
                "Simulation.Index": np.arange(1, self.draws + 1),
                "Number.of.Deposits": self.n_deposits,
            }
        )
        for j, name in enumerate(self.materials):
            frame[f"{name}_mT"] = self.totals[:, j]
        return frame

    def deposits_frame(self) -> pd.DataFrame:
        """Simulated deposits in the layout of MapMark4's simulated-deposit CSV.

        One row per simulated deposit, and one row per simulation that drew no deposit (with
        ``Number.of.Deposits`` 0 and NaN elsewhere), in simulation order. Columns:

        - ``Simulation.Index`` (1-based), ``Number.of.Deposits``, ``Sim.Deposit.Index``
          (1-based within the simulation);
        - for a grade-tonnage model: ``<Ore>_mT`` ore tonnage [t], ``<X> _pct`` grade of each
          metal X [%], ``gangue`` [%], and ``<X> _MetricTons`` contained metal [t];
        - for a tonnage model: ``<X> _MetricTons`` contained tonnage [t].

        These are the columns of MapMark4GUI's ``<run>_05_SIM_EF.csv`` that RAEF reads.
        Raises ``ValueError`` when the deposits were not kept (``simulate(keep_deposits=...)``).
        """
        import pandas as pd

        if self.deposits is None:
            raise ValueError("deposits were not kept; simulate with keep_deposits=True")
        n = self.n_deposits.astype(np.int64)
        rows = np.maximum(n, 1)
        sim = np.repeat(np.arange(1, self.draws + 1), rows)
        start = np.repeat(np.cumsum(rows) - rows, rows)
        within = (np.arange(len(sim)) - start + 1).astype(float)
        has = np.repeat(n > 0, rows)
        within[~has] = np.nan
        frame = pd.DataFrame(
            {
                "Simulation.Index": sim,
                "Number.of.Deposits": np.repeat(n, rows),
                "Sim.Deposit.Index": within,
            }
        )

        def spread(values: np.ndarray) -> np.ndarray:
            out = np.full(len(sim), np.nan)
            out[has] = values
            return out

        tonnage = self.deposits["tonnage"]
        parts = self.deposits["parts"]
        if parts is None:
            frame[f"{self.materials[0]} _MetricTons"] = spread(tonnage)
            return frame
        frame[f"{self.materials[0]}_mT"] = spread(tonnage)
        for j, name in enumerate(self.grade_names):
            frame[f"{name} _pct"] = spread(parts[:, j] * 100)
        frame["gangue"] = spread(parts[:, -1] * 100)
        for j, name in enumerate(self.grade_names):
            frame[f"{name} _MetricTons"] = spread(tonnage * parts[:, j])
        return frame

    def summary(self) -> pd.DataFrame:
        """Drawn numbers of deposits: frequency against the pmf is in ``plot``; here counts."""
        import pandas as pd

        counts = np.bincount(self.n_deposits)
        return pd.DataFrame({"n_deposits": np.arange(len(counts)), "simulations": counts}).query(
            "simulations > 0"
        )

    def plot(self) -> Any:
        """Histogram of the simulated numbers of deposits."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        counts = np.bincount(self.n_deposits)
        ax.bar(np.arange(len(counts)), counts / self.draws, color="0.5")
        ax.set_xlabel("Number of simulated deposits [count]")
        ax.set_ylabel("Fraction of simulations")
        return fig


def simulate(
    pmf: NDepositsPmf,
    model: DepositModel,
    draws: int = 20_000,
    seed: int | np.random.SeedSequence = 0,
    *,
    keep_deposits: bool | None = None,
    workers: int = 1,
) -> Simulation:
    """Simulate ``draws`` tracts' worth of undiscovered deposits.

    Parameters
    ----------
    pmf : NDepositsPmf
        Number of undiscovered deposits.
    model : DepositModel
        :class:`IndependentDeposits` or :class:`JointDeposits`.
    draws : int
        Number of simulations (MapMark4 default 20 000).
    seed : int or numpy.random.SeedSequence
        Root of the per-chunk seeds.
    keep_deposits : bool, optional
        Keep every deposit for :meth:`Simulation.deposits_frame`; default when the expected
        number of deposits is at most 5 million.
    workers : int
        Threads over chunks; the result does not depend on it.
    """
    if draws < 1:
        raise ValueError("draws must be >= 1")
    if keep_deposits is None:
        keep_deposits = draws * pmf.mean <= 5_000_000
    probs = np.asarray(pmf.probabilities, dtype=float)
    cdf = np.cumsum(probs) / probs.sum()
    cdf[-1] = 1.0
    sizes = _chunk_sizes(draws, pmf.mean)
    seeds = [child_seed(seed, i) for i in range(len(sizes))]
    sampler, guide = _block_sampler(model), cdf_guide(cdf)

    def run(i: int) -> dict[str, Any]:
        return _run_chunk(pmf, cdf, model, sizes[i], seeds[i], keep_deposits, sampler, guide)

    # Each chunk writes its slice of preallocated arrays and is then dropped: per-chunk
    # results and the joined arrays never coexist (peak ~ the result + one chunk per thread).
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    n_deposits = np.empty(draws, dtype=np.int32)
    # Fortran order: each material's column is contiguous for the summaries
    totals = np.empty((len(model.materials), draws)).T
    kept: list[dict[str, Any]] = []

    def run_into(i: int) -> None:
        chunk = run(i)
        n_deposits[offsets[i] : offsets[i + 1]] = chunk["n_deposits"]
        totals[offsets[i] : offsets[i + 1]] = chunk["totals"]
        if keep_deposits:
            kept.append({"index": i, "tonnage": chunk["tonnage"], "parts": chunk["parts"]})

    if workers > 1 and len(sizes) > 1:
        from concurrent.futures import ThreadPoolExecutor  # only for threads

        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run_into, range(len(sizes))))
    else:
        for i in range(len(sizes)):
            run_into(i)
    deposits = None
    if keep_deposits:
        kept.sort(key=lambda c: c["index"])
        tonnage = np.concatenate([c["tonnage"] for c in kept])
        has_parts = kept[0]["parts"] is not None
        parts = np.concatenate([c["parts"] for c in kept]) if has_parts else None
        deposits = {"tonnage": tonnage, "parts": parts}
    kept.clear()
    if isinstance(seed, np.random.SeedSequence):
        seed_info: Any = [seed.entropy, list(seed.spawn_key)]
    else:
        seed_info = seed
    return Simulation(n_deposits, totals, model.materials, model.grade_names, seed_info, deposits)
