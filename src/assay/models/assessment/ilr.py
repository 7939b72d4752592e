"""Isometric log-ratio (ilr) transform of compositions (Egozcue and others, 2003).

Egozcue, J.J., Pawlowsky-Glahn, V., Mateu-Figueras, G., and Barcelo-Vidal, C., 2003,
Isometric logratio transformations for compositional data analysis: Mathematical Geology,
v. 35, no. 3, p. 279-300, doi:10.1023/A:1023818214614.

The basis is the default of the R package ``compositions`` (``ilrBase(D)``, used by
MapMark4): the normalised Helmert contrasts, column j (1-based) holding -1/sqrt(j(j+1)) on
parts 1..j and j/sqrt(j(j+1)) on part j+1.
"""

from __future__ import annotations

import numpy as np

__all__ = ["clr", "combine_columns", "ilr", "ilr_basis", "ilr_inverse"]


def ilr_basis(n_parts: int) -> np.ndarray:
    """Orthonormal Helmert-type basis V, shape (D, D-1), of ``compositions::ilrBase(D)``."""
    if n_parts < 2:
        raise ValueError("a composition needs at least 2 parts")
    basis = np.zeros((n_parts, n_parts - 1))
    for j in range(1, n_parts):
        norm = np.sqrt(j * (j + 1))
        basis[:j, j - 1] = -1.0 / norm
        basis[j, j - 1] = j / norm
    return basis


def clr(parts: np.ndarray) -> np.ndarray:
    """Centred log-ratio: log x - mean(log x) over the parts (last axis)."""
    logs = np.log(parts)
    return logs - logs.mean(axis=-1, keepdims=True)


def combine_columns(
    columns: np.ndarray, matrix: np.ndarray, offset: np.ndarray | None = None
) -> np.ndarray:
    """``columns @ matrix (+ offset)`` for a tall, narrow ``columns`` (n, p) and a small
    ``matrix`` (p, q); ``offset`` (q,) is added to every row.

    Computed column by column with elementwise numpy operations, skipping zero entries: for the
    few columns of a composition this beats a BLAS call, and it never starts BLAS threads
    (whose spin-waiting slows a shared machine). The result is Fortran-ordered (n, q), so each
    of its columns is contiguous.
    """
    cols = np.asarray(columns, dtype=float)
    n, p = cols.shape
    q = matrix.shape[1]
    out = np.empty((q, n))
    scratch = np.empty(n)
    for k in range(q):
        row = out[k]
        started = False
        for i in range(p):
            weight = matrix[i, k]
            if weight == 0.0:
                continue
            if not started:
                np.multiply(cols[:, i], weight, out=row)
                started = True
            else:
                np.multiply(cols[:, i], weight, out=scratch)
                row += scratch
        if not started:
            row.fill(0.0)
        if offset is not None and offset[k] != 0.0:
            row += offset[k]
    return out.T


def ilr(parts: np.ndarray) -> np.ndarray:
    """ilr coordinates (n, D-1) of compositions ``parts`` (n, D) with positive parts."""
    parts = np.asarray(parts, dtype=float)
    return combine_columns(clr(parts), ilr_basis(parts.shape[-1]))


def ilr_inverse(coords: np.ndarray) -> np.ndarray:
    """Compositions (n, D), closed to 1, from ilr coordinates (n, D-1)."""
    coords = np.atleast_2d(np.asarray(coords, dtype=float))
    parts = combine_columns(coords, ilr_basis(coords.shape[-1] + 1).T)
    np.exp(parts, out=parts)
    # closure column by column on the contiguous columns of the Fortran-ordered result: the
    # same sums (left to right) and quotients as parts / parts.sum(axis=1), ~3x faster
    if parts.shape[1] > 8:  # numpy sums 9+ terms pairwise: keep its order
        parts /= parts.sum(axis=1, keepdims=True)
        return parts
    total = parts[:, 0].copy()
    for j in range(1, parts.shape[1]):
        total += parts[:, j]
    for j in range(parts.shape[1]):
        parts[:, j] /= total
    return parts
