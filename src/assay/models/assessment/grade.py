"""Probability density of deposit grades (MapMark4 ``GradePdf``), and a joint tonnage-grade pdf.

Grades [%] become fractions, a gangue part completes each composition to 1, and the
composition is mapped to isometric log-ratio coordinates (:mod:`.ilr`; Egozcue and others,
2003). There the pdf is multivariate normal (sample mean and covariance) or a Gaussian kernel
density estimate with bandwidth matrix H; draws are mapped back to compositions, and with
truncation only draws whose every part (gangue included) lies within the data range are kept
(Ellefsen, 2017, USGS Techniques and Methods 7-C14).

The kernel bandwidth matrix is the two-stage plug-in selector of R's ``ks::Hpi`` as MapMark4
calls it (pre-sphered data, one SAMSE pilot bandwidth per stage; Duong and Hazelton, 2003,
Journal of Nonparametric Statistics 15(1), 17-30; Wand and Jones, 1994, Computational
Statistics 9, 97-116): :func:`plugin_bandwidth`. Its default ``variant="ks"`` reproduces ks
1.14's second-stage pilot, which looks the order-6 functionals up by their row in the table
of distinct derivative indices but reads them from the vector of all d^6 ordered indices
(``gsamse(..., nstage = 2)``), so it combines other functionals than the textbook formula;
``variant="textbook"`` keeps Duong and Hazelton's formula. Both are tested against values
computed with ks (``tests/assess/data/ks_hpi_reference.csv``, made by
``scripts/make_ks_reference.sh``). ks uses the SAMSE pilot only for two ilr coordinates (two
grades) and its "dscalar" pilot from three on, which ``variant="ks"`` follows; the AMISE is
minimised with SciPy's BFGS where ks calls R's ``optim`` BFGS, which stops earlier (relative
differences about 1e-4).

:class:`JointTonnageGradePdf` models ln(tonnage) and the ilr grades in one normal or kernel
pdf (the ``TonGradePdf`` variant of the MapWizard port of MapMark4, gtkfi/MapWizard), with
truncation to the convex hull of the data.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas and scipy are imported where used: start-up time of the CLI
    import pandas as pd

from .ilr import combine_columns, ilr, ilr_inverse
from .tonnage import MIN_DEPOSITS

__all__ = [
    "GradePdf",
    "JointTonnageGradePdf",
    "kernel_functional",
    "normal_scale_bandwidth",
    "plugin_bandwidth",
]


def normal_scale_bandwidth(data: np.ndarray) -> np.ndarray:
    """Normal-scale kernel bandwidth matrix H [coordinate units^2] for data (n, d).

    H = (4 / ((d + 2) n))^(2 / (d + 4)) S, S the sample covariance (Wand and Jones, 1995,
    Kernel Smoothing, eq. 4.15).
    """
    n, d = data.shape
    return (4.0 / ((d + 2) * n)) ** (2.0 / (d + 4)) * np.cov(data, rowvar=False).reshape(d, d)


def _multi_indices(d: int, order: int) -> list[tuple[int, ...]]:
    """Distinct multi-indices r (length d, |r| = order) of partial derivatives."""
    out = set()
    for combo in itertools.combinations_with_replacement(range(d), order):
        out.add(tuple(combo.count(k) for k in range(d)))
    return sorted(out, reverse=True)


def _normal_derivative_at_zero(order: int, scale: float) -> float:
    """d^m/du^m of the N(0, scale^2) density at u = 0: 0 for odd m, else
    (-1)^(m/2) (m-1)!! scale^-m / (scale sqrt(2 pi))."""
    if order % 2:
        return 0.0
    double_factorial = math.prod(range(order - 1, 0, -2)) if order > 1 else 1
    return (-1) ** (order // 2) * double_factorial / (scale**order * scale * math.sqrt(2 * math.pi))


def _psi_normal_scale(r: tuple[int, ...]) -> float:
    """Normal-scale density functional psi_r = int D^r f f for f = N(0, I): D^r phi_2I(0)."""
    return math.prod(_normal_derivative_at_zero(m, math.sqrt(2.0)) for m in r)


def kernel_functional(data: np.ndarray, g: float, r: tuple[int, ...]) -> float:
    """Kernel estimate of psi_r: n^-2 sum_i sum_j D^r phi_{g^2 I}(X_i - X_j) (ks ``kfe``
    with ``inc = 1``; Wand and Jones, 1995, Kernel Smoothing, section 4.5)."""
    from scipy import special

    n, _ = data.shape
    total = 0.0
    norm = g * math.sqrt(2 * math.pi)
    for start in range(0, n, 256):
        diff = (data[start : start + 256, None, :] - data[None, :, :]) / g
        value = np.ones(diff.shape[:2])
        for k, m in enumerate(r):
            u = diff[:, :, k]
            value *= special.eval_hermitenorm(m, u) * np.exp(-0.5 * u * u)
            value *= (-1) ** m * g ** (-m) / norm
        total += float(value.sum())
    return total / n**2


def _ks_vec_lookup(d: int, psi6: dict[tuple[int, ...], float]):
    """ks 1.14's look-up of order-6 functionals in the second stage (``gsamse``, nstage 2).

    ks finds ``r`` in the table of distinct indices (``_multi_indices``: (6, 0), (5, 1),
    ... for d = 2) and uses that row number to index the vector of all d^6 ordered indices
    (``kfe(deriv.vec = TRUE)``), whose k-th entry is the functional of the multi-index that
    counts the base-d digits of k.
    """
    table = _multi_indices(d, 6)

    def vec_entry(k: int) -> tuple[int, ...]:
        digits = [(k // d**i) % d for i in range(6)]
        return tuple(digits.count(c) for c in range(d))

    def lookup(r: tuple[int, ...]) -> float:
        return psi6[vec_entry(table.index(r))]

    return lookup


def _odd_factorial(m: int) -> float:
    """(m - 1)!! for even m: m! / (2^(m/2) (m/2)!) (ks ``OF``)."""
    return math.factorial(m) / (2 ** (m // 2) * math.factorial(m // 2))


def _nu(r: int, a: np.ndarray) -> float:
    """E[(Z^T A Z)^r] for Z ~ N(0, I) from the traces of A's powers (ks ``nu``)."""
    eigen = np.linalg.eigvalsh(a)
    traces = [float(np.sum(eigen**p)) for p in range(1, r + 1)]
    values = [1.0]
    for p in range(1, r + 1):
        values.append(sum(traces[i] * values[p - 1 - i] for i in range(p)) / (2 * p))
    return math.factorial(r) * 2**r * values[r]


def _dscalar_pilot(sphered: np.ndarray) -> float:
    """Second-stage scalar pilot bandwidth g for the order-4 functionals, as ks 1.14's
    ``gdscalar(r = 0, nstage = 2)`` (ported from the ks 1.14 R source): a normal-scale
    g6 from psi_8, then eta6 = n^-2 sum_ij (Laplacian^3 phi_{g6^2 I})(X_i - X_j) (ks ``Qr``),
    and g = (2 A1 / ((-A2 + sqrt(A2^2 + 4 A1 A3)) n))^(1/(d+6)) with A1 = (2d + 8) L0^2
    3 nu_2(I), A2 = (d + 2) L0 3 eta6, A3 = eta6^2, L0 = (2 pi)^(-d/2). ks uses it in
    ``Hpi`` for every dimension but 2."""
    n, d = sphered.shape
    s = np.cov(sphered, rowvar=False).reshape(d, d)
    # B3 = |sum_i psi_8[(i, i), rest]|^2 over the d^6 ordered remaining indices (normal scale)
    b3 = 0.0
    for rest in itertools.product(range(d), repeat=6):
        base = [rest.count(k) for k in range(d)]
        t = sum(
            _psi_normal_scale(tuple(base[k] + 2 * (k == i) for k in range(d))) for i in range(d)
        )
        b3 += t * t
    of6, of4 = _odd_factorial(6), _odd_factorial(4)
    b1 = 2 * (2 * math.pi) ** (-d) * of6 * math.prod(d + 2 * k for k in range(4))
    b2 = (
        -(d + 4) * 2 ** (-d / 2 + 2) * (2 * math.pi) ** (-d) * np.linalg.det(s) ** -0.5
        * of6 * _nu(4, np.linalg.inv(s))
    )  # fmt: skip
    g6 = (2 * b1 / (-b2 + math.sqrt(b2 * b2 + 4 * b1 * b3))) ** (1 / (d + 8)) * n ** (-1 / (d + 8))
    eta = 0.0
    for k in itertools.product(range(4), repeat=d):
        if sum(k) == 3:
            weight = math.factorial(3) / math.prod(math.factorial(c) for c in k)
            eta += weight * kernel_functional(sphered, g6, tuple(2 * c for c in k))
    l0 = (2 * math.pi) ** (-d / 2)
    a1 = (2 * d + 8) * l0**2 * of4 * _nu(2, np.eye(d))
    a2 = (d + 2) * l0 * of4 * eta
    a3 = eta * eta
    return float((2 * a1 / ((-a2 + math.sqrt(a2 * a2 + 4 * a1 * a3)) * n)) ** (1 / (d + 6)))


def _samse_pilot(n: int, d: int, order: int, psi) -> float:
    """SAMSE pilot bandwidth for the order-``order`` functionals (ks ``gsamse``):
    g = (gamma n)^(-1/(order+d+2)), gamma the positive root of
    B1 gamma^2 + B2 gamma - B3 = 0 with B1 = (2 order + 2d) sum K_r^2,
    B2 = (order + d - 2) sum K_r Psi_r, B3 = sum Psi_r^2 over even r, K_r = D^r phi(0) and
    Psi_r = sum_j psi_{r + 2 e_j} (Duong and Hazelton, 2003)."""
    even = [r for r in _multi_indices(d, order) if all(c % 2 == 0 for c in r)]
    kernel = np.array([math.prod(_normal_derivative_at_zero(c, 1.0) for c in r) for r in even])
    psis = np.array(
        [sum(psi(tuple(c + 2 * (i == j) for i, c in enumerate(r))) for j in range(d)) for r in even]
    )
    b1 = (2 * order + 2 * d) * np.sum(kernel**2)
    b2 = (order + d - 2) * np.sum(kernel * psis)
    b3 = np.sum(psis**2)
    gamma = (-b2 + math.sqrt(b2 * b2 + 4 * b1 * b3)) / (2 * b1)
    return float((gamma * n) ** (-1.0 / (order + d + 2)))


def plugin_bandwidth(data: np.ndarray, variant: str = "ks") -> np.ndarray:
    """Two-stage plug-in kernel bandwidth matrix H (d, d) for data (n, d), as ``ks::Hpi``
    with ``nstage = 2, pilot = "samse", pre = "sphere"``.

    The data are sphered (x* = (x - mean) S^-1/2); psi_6 is estimated with a SAMSE pilot from
    normal-scale psi_8, psi_4 with a SAMSE pilot from that psi_6; H* minimises
    AMISE(H) = (4 pi)^(-d/2) / (n |H|^(1/2)) + 1/4 sum_ijkl H_ij H_kl psi_ijkl over
    H = A^2 (A symmetric), from the normal-scale start; H = S^1/2 H* S^1/2
    (Duong and Hazelton, 2003; Wand and Jones, 1995, Kernel Smoothing, ch. 4).

    Parameters
    ----------
    data : numpy.ndarray
        Observations (n, d) [coordinate units].
    variant : str
        ``ks`` (default): the pilot as ks 1.14 computes it, which MapMark4 gets from
        ``ks::Hpi``: for d = 2 the SAMSE pilot with ks's second-stage look-up
        (:func:`_ks_vec_lookup`), for d >= 3 ks's default "dscalar" pilot
        (:func:`_dscalar_pilot`); ``textbook``: Duong and Hazelton's SAMSE formula in every
        dimension. They differ for d >= 2 only.
    """
    if variant not in ("ks", "textbook"):
        raise ValueError(f"unknown bandwidth variant {variant!r} (ks or textbook)")
    n, d = data.shape
    cov = np.cov(data, rowvar=False).reshape(d, d)
    w, v = np.linalg.eigh(cov)
    root = (v * np.sqrt(w)) @ v.T
    sphered = (data - data.mean(axis=0)) @ ((v / np.sqrt(w)) @ v.T)
    if variant == "ks" and d >= 3:  # ks's default pilot above two dimensions: "dscalar"
        g4 = _dscalar_pilot(sphered)
    else:
        g6 = _samse_pilot(n, d, 6, _psi_normal_scale)
        psi6 = {r: kernel_functional(sphered, g6, r) for r in _multi_indices(d, 6)}
        stage2 = _ks_vec_lookup(d, psi6) if variant == "ks" else psi6.__getitem__
        g4 = _samse_pilot(n, d, 4, stage2)
    psi4 = {r: kernel_functional(sphered, g4, r) for r in _multi_indices(d, 4)}
    tensor = np.empty((d,) * 4)
    for idx in itertools.product(range(d), repeat=4):
        tensor[idx] = psi4[tuple(idx.count(k) for k in range(d))]
    upper = np.triu_indices(d)

    def square(vech: np.ndarray) -> np.ndarray:
        a = np.zeros((d, d))
        a[upper] = vech
        a = a + a.T - np.diag(np.diag(a))
        return a @ a

    def amise(vech: np.ndarray) -> float:
        h = square(vech)
        det = float(np.linalg.det(h))
        if not det > 0:
            return float("inf")
        variance = (4 * math.pi) ** (-d / 2) / (n * math.sqrt(det))
        return variance + 0.25 * float(np.einsum("ij,kl,ijkl->", h, h, tensor))

    from scipy import optimize

    scale = (4.0 / (n * (d + 2))) ** (1.0 / (d + 4))  # sqrt of the normal-scale H* = c I
    result = optimize.minimize(amise, (scale * np.eye(d))[upper], method="BFGS",
                               options={"gtol": 1e-12})  # fmt: skip
    h_star = square(result.x)
    if not np.all(np.isfinite(h_star)) or np.linalg.det(h_star) <= 0:
        h_star = scale**2 * np.eye(d)
    return root @ h_star @ root


def _cholesky(cov: np.ndarray) -> np.ndarray:
    cov = np.atleast_2d(cov)
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:  # semi-definite: eigen square root, as mvtnorm's "eigen"
        w, v = np.linalg.eigh(cov)
        return v * np.sqrt(np.clip(w, 0, None))


#: rows per block of :meth:`_GaussianModel.draw_compositions` (a few 100 kB per column)
_BLOCK_ROWS = 16_384


class _GaussianModel:
    """Normal or Gaussian-kernel draws in R^d from data (n, d)."""

    def __init__(self, data: np.ndarray, pdf_type: str, bandwidth_variant: str = "ks") -> None:
        if pdf_type not in ("normal", "kde"):
            raise ValueError(f"unknown pdf type {pdf_type!r} (use normal or kde)")
        self.data = data
        self.pdf_type = pdf_type
        self.mean = data.mean(axis=0)
        self.cov = np.cov(data, rowvar=False).reshape(data.shape[1], data.shape[1])
        self.bandwidth = plugin_bandwidth(data, bandwidth_variant) if pdf_type == "kde" else None
        self._chol = _cholesky(self.cov if pdf_type == "normal" else self.bandwidth)

    def draw(self, rng: np.random.Generator, m: int) -> np.ndarray:
        """``m`` draws (m, d), Fortran-ordered: z = centre + L e with e standard normal."""
        d = self.data.shape[1]
        normal = self.pdf_type == "normal"
        noise = rng.standard_normal((d, m)).T
        draws = combine_columns(noise, self._chol.T, self.mean if normal else None)
        if not normal:
            draws += self.data[rng.integers(0, len(self.data), m)]
        return draws

    def draw_compositions(self, rng: np.random.Generator, m: int) -> np.ndarray:
        """``ilr_inverse(self.draw(rng, m))`` (m, d + 1), the same numbers from the same
        stream, computed in blocks of rows that stay in the processor's cache (the
        elementwise passes over 1e7 deposits are bound by memory bandwidth otherwise)."""
        d = self.data.shape[1]
        normal = self.pdf_type == "normal"
        noise = rng.standard_normal((d, m)).T
        centres = None if normal else self.data[rng.integers(0, len(self.data), m)]
        out = np.empty((d + 1, m)).T  # Fortran-ordered, as ilr_inverse returns
        for start in range(0, m, _BLOCK_ROWS):
            stop = min(start + _BLOCK_ROWS, m)
            coords = combine_columns(noise[start:stop], self._chol.T, self.mean if normal else None)
            if centres is not None:
                coords += centres[start:stop]
            out[start:stop] = ilr_inverse(coords)
        return out


def _rejection(draw, accept, n: int, d: int) -> np.ndarray:
    out = np.empty((n, d))
    filled = 0
    acceptance = 1.0
    while filled < n:
        need = n - filled
        batch = draw(int(need / acceptance * 1.05) + 16)
        inside = batch[accept(batch)]
        acceptance = max(len(inside) / len(batch), 1e-3)
        take = min(len(inside), need)
        out[filled : filled + take] = inside[:take]
        filled += take
    return out


def _check_grades(grades_pct: np.ndarray) -> np.ndarray:
    g = np.asarray(grades_pct, dtype=float)
    if g.ndim != 2 or g.shape[1] < 1:
        raise ValueError("grades must be a table with at least one column")
    if len(g) < MIN_DEPOSITS:
        raise ValueError(f"the model has {len(g)} deposits; at least {MIN_DEPOSITS} needed")
    if not np.isfinite(g).all() or np.any(g <= 0):
        raise ValueError("grades must be finite and > 0 %")
    if np.any(g.sum(axis=1) >= 100):
        raise ValueError("grades must sum to < 100 %")
    return g


_SUMMARY_COLUMNS = (
    "minimum [%]", "0.25 quantile [%]", "median [%]", "0.75 quantile [%]", "maximum [%]",
    "arithmetic mean [%]", "compositional mean [%]",
)  # fmt: skip


def _composition_statistics(parts: np.ndarray) -> np.ndarray:
    """The :data:`_SUMMARY_COLUMNS` statistics of each part (parts, statistics) [%]."""
    # column by column (each scaled column is a temporary, partitioned in place): the same
    # numbers as np.quantile(axis=0) on the (n, parts) array, several times faster for the
    # 1e6-draw reference sample
    from .quantiles import type7_quantiles

    levels = [0, 0.25, 0.5, 0.75, 1]
    q = np.column_stack(
        [type7_quantiles(parts[:, j] * 100, levels, overwrite=True) for j in range(parts.shape[1])]
    )
    geo = np.exp(np.log(parts).mean(axis=0))
    return np.column_stack([*q, parts.mean(axis=0) * 100, geo / geo.sum() * 100])


def _composition_summary(parts: np.ndarray, names: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(_composition_statistics(parts), index=names, columns=_SUMMARY_COLUMNS)


@dataclass
class GradePdf:
    """Pdf of the grades of one undiscovered deposit.

    Parameters
    ----------
    grades_pct : numpy.ndarray
        Grades of the known deposits (n, k) [%], each > 0, row sums < 100.
    names : list of str
        The k material names (e.g. ``["Cu", "Au"]``).
    pdf_type : str
        ``normal`` (multivariate normal in ilr space) or ``kde``.
    truncated : bool
        Keep draws whose parts (gangue included) are all within the data range.
    reference_draws, reference_seed : int
        Reference sample for summaries (MapMark4: 1e6 draws).
    bandwidth_variant : str
        KDE bandwidth: ``ks`` (as ``ks::Hpi``, MapMark4) or ``textbook``
        (:func:`plugin_bandwidth`).
    """

    grades_pct: np.ndarray
    names: list[str]
    pdf_type: str = "normal"
    truncated: bool = False
    reference_draws: int = 1_000_000
    reference_seed: int = 0
    bandwidth_variant: str = "ks"
    parts: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        g = _check_grades(self.grades_pct)
        if len(self.names) != g.shape[1]:
            raise ValueError("one name per grade column is needed")
        self.grades_pct = g
        fractions = g / 100.0
        self.parts = np.column_stack([fractions, 1.0 - fractions.sum(axis=1)])
        self.coords = ilr(self.parts)
        self._model = _GaussianModel(self.coords, self.pdf_type, self.bandwidth_variant)
        self._low = self.parts.min(axis=0)
        self._high = self.parts.max(axis=0)

    @property
    def part_names(self) -> list[str]:
        return [*self.names, "gangue"]

    @property
    def ilr_mean(self) -> np.ndarray:
        return self._model.mean

    @property
    def ilr_cov(self) -> np.ndarray:
        return self._model.cov

    @property
    def bandwidth_matrix(self) -> np.ndarray | None:
        return self._model.bandwidth

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` compositions (n, k + 1) as fractions, gangue last."""
        if not self.truncated:
            return self._model.draw_compositions(rng, n)

        def draw(m: int) -> np.ndarray:
            return self._model.draw_compositions(rng, m)

        def accept(parts: np.ndarray) -> np.ndarray:
            return np.all((parts >= self._low) & (parts <= self._high), axis=1)

        return _rejection(draw, accept, n, self.parts.shape[1])

    @cached_property
    def reference_samples(self) -> np.ndarray:
        """Reference draws (fractions). Their stream, seeded by [reference_seed, 1], is
        independent of the tonnage pdf's (seeded by reference_seed): MapMark4 seeds both with
        the same seed, which correlates their normal draws."""
        rng = np.random.default_rng([self.reference_seed, 1])
        return self.sample(rng, self.reference_draws)

    def _variation_values(self, parts: np.ndarray | None = None) -> np.ndarray:
        x = np.log(self.parts if parts is None else parts)
        d = x.shape[1]
        out = np.zeros((d, d))
        for i in range(d):
            for j in range(d):
                out[i, j] = np.var(x[:, i] - x[:, j], ddof=1)
        return out

    def variation_matrix(self, parts: np.ndarray | None = None) -> pd.DataFrame:
        """Variation matrix var(ln(x_i / x_j)) of the data (Aitchison, 1986, def. 4.3)."""
        import pandas as pd

        out = self._variation_values(parts)
        return pd.DataFrame(out, index=self.part_names, columns=self.part_names)

    def summary(self) -> pd.DataFrame:
        """Quantiles, arithmetic and compositional (closed geometric) means [%], data and pdf."""
        import pandas as pd

        data = _composition_summary(self.parts, self.part_names)
        pdf = _composition_summary(self.reference_samples, self.part_names)
        data.index = [f"{n} (data)" for n in data.index]
        pdf.index = [f"{n} (pdf)" for n in pdf.index]
        return pd.concat([data, pdf])

    def to_dict(self) -> dict[str, Any]:
        # the tables of summary() and variation_matrix() as {row: {column: value}} and
        # {column: {row: value}}, built without pandas (its import costs ~0.3 s of start-up)
        summary_pct: dict[str, dict[str, float]] = {}
        for label, parts in (("data", self.parts), ("pdf", self.reference_samples)):
            values = _composition_statistics(parts)
            for i, name in enumerate(self.part_names):
                summary_pct[f"{name} ({label})"] = dict(
                    zip(_SUMMARY_COLUMNS, values[i].tolist(), strict=True)
                )
        variation = self._variation_values()
        return {
            "pdf_type": self.pdf_type,
            "truncated": self.truncated,
            "materials": self.names,
            "bandwidth_matrix": (
                None if self.bandwidth_matrix is None else self.bandwidth_matrix.tolist()
            ),
            "ilr_mean": self.ilr_mean.tolist(),
            "ilr_cov": self.ilr_cov.tolist(),
            "summary_pct": summary_pct,
            "variation_matrix": {
                column: dict(zip(self.part_names, variation[:, j].tolist(), strict=True))
                for j, column in enumerate(self.part_names)
            },
        }

    def plot(self) -> Any:
        """ECDF of each grade: pdf against the data."""
        import matplotlib.pyplot as plt

        k = len(self.part_names)
        fig, axes = plt.subplots(1, k, figsize=(4 * k, 3.5))
        ref = self.reference_samples[:200_000]
        for i, ax in enumerate(np.atleast_1d(axes)):
            srt = np.sort(ref[:, i] * 100)
            ax.step(srt, np.arange(1, len(srt) + 1) / len(srt), color="0.2", label="pdf")
            data = np.sort(self.parts[:, i] * 100)
            ax.plot(
                data,
                np.arange(1, len(data) + 1) / len(data),
                "o",
                color="tab:red",
                ms=3,
                label="data ECDF",
            )
            if self.part_names[i] != "gangue":
                ax.set_xscale("log")
            ax.set_xlabel(f"{self.part_names[i]} [%]")
        np.atleast_1d(axes)[0].set_ylabel("Cumulative probability")
        np.atleast_1d(axes)[0].legend(frameon=False)
        fig.tight_layout()
        return fig


@dataclass
class JointTonnageGradePdf:
    """Joint pdf of ln(ore tonnage) and ilr grades of one deposit (MapWizard ``TonGradePdf``).

    Parameters
    ----------
    tonnages : numpy.ndarray
        Ore tonnages [t] of the known deposits.
    grades_pct : numpy.ndarray
        Their grades (n, k) [%].
    names : list of str
        Grade material names.
    pdf_type : str
        ``normal`` or ``kde`` on (ln t, ilr coordinates).
    truncated : bool
        Keep only draws inside the convex hull of the data in (ln t, ilr) space.
    """

    tonnages: np.ndarray
    grades_pct: np.ndarray
    names: list[str]
    pdf_type: str = "normal"
    truncated: bool = False
    name: str = "Ore"
    reference_draws: int = 1_000_000
    reference_seed: int = 0

    def __post_init__(self) -> None:
        t = np.asarray(self.tonnages, dtype=float)
        if not np.isfinite(t).all() or np.any(t <= 0):
            raise ValueError("tonnages must be finite and > 0")
        g = _check_grades(self.grades_pct)
        if len(t) != len(g):
            raise ValueError("tonnages and grades differ in length")
        self.tonnages, self.grades_pct = t, g
        fractions = g / 100.0
        self.parts = np.column_stack([fractions, 1.0 - fractions.sum(axis=1)])
        self.data = np.column_stack([np.log(t), ilr(self.parts)])
        self._model = _GaussianModel(self.data, self.pdf_type)
        if self.truncated:
            from scipy.spatial import ConvexHull

            hull = ConvexHull(self.data)
            self._normals = hull.equations[:, :-1]
            self._offsets = hull.equations[:, -1]

    def _inside(self, points: np.ndarray) -> np.ndarray:
        return np.all(points @ self._normals.T + self._offsets <= 1e-12, axis=1)

    def sample(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        """``n`` deposits: ore tonnage [t] and compositions (n, k + 1) as fractions."""
        if self.truncated:
            points = _rejection(
                lambda m: self._model.draw(rng, m), self._inside, n, self.data.shape[1]
            )
        else:
            points = self._model.draw(rng, n)
        return np.exp(points[:, 0]), ilr_inverse(points[:, 1:])

    def summary(self) -> pd.DataFrame:
        """Means and sds of (ln t, ilr coordinates): data and pdf, and their correlation."""
        import pandas as pd

        labels = ["ln(tonnage)", *[f"ilr{i + 1}" for i in range(self.data.shape[1] - 1)]]
        rng = np.random.default_rng(self.reference_seed)
        t, parts = self.sample(rng, min(self.reference_draws, 200_000))
        pdf = np.column_stack([np.log(t), ilr(parts)])
        return pd.DataFrame(
            {
                "data mean": self.data.mean(axis=0),
                "pdf mean": pdf.mean(axis=0),
                "data sd": self.data.std(axis=0, ddof=1),
                "pdf sd": pdf.std(axis=0, ddof=1),
                "data corr with ln(t)": np.corrcoef(self.data, rowvar=False)[0],
                "pdf corr with ln(t)": np.corrcoef(pdf, rowvar=False)[0],
            },
            index=labels,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "pdf_type": self.pdf_type,
            "truncated": self.truncated,
            "materials": self.names,
            "summary": {i: row.to_dict() for i, row in self.summary().iterrows()},
        }

    def plot(self) -> Any:
        """Scatter of data and pdf draws: ln(tonnage) against each ilr coordinate."""
        import matplotlib.pyplot as plt

        rng = np.random.default_rng(self.reference_seed)
        t, parts = self.sample(rng, 5000)
        pdf = np.column_stack([np.log(t), ilr(parts)])
        k = self.data.shape[1] - 1
        fig, axes = plt.subplots(1, k, figsize=(4 * k, 3.5))
        for i, ax in enumerate(np.atleast_1d(axes)):
            ax.plot(pdf[:, 0], pdf[:, i + 1], ".", color="0.6", ms=1, label="pdf")
            ax.plot(self.data[:, 0], self.data[:, i + 1], "o", color="tab:red", ms=3, label="data")
            ax.set_xlabel("ln(ore tonnage [t])")
            ax.set_ylabel(f"ilr{i + 1}")
        np.atleast_1d(axes)[0].legend(frameon=False)
        fig.tight_layout()
        return fig
