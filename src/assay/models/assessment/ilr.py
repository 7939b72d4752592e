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

__all__ = ["clr", "ilr", "ilr_basis", "ilr_inverse"]


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


def ilr(parts: np.ndarray) -> np.ndarray:
    """ilr coordinates (n, D-1) of compositions ``parts`` (n, D) with positive parts."""
    parts = np.asarray(parts, dtype=float)
    return clr(parts) @ ilr_basis(parts.shape[-1])


def ilr_inverse(coords: np.ndarray) -> np.ndarray:
    """Compositions (n, D), closed to 1, from ilr coordinates (n, D-1)."""
    coords = np.asarray(coords, dtype=float)
    expo = np.exp(coords @ ilr_basis(coords.shape[-1] + 1).T)
    return expo / expo.sum(axis=-1, keepdims=True)
