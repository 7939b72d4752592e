"""Bundled curated reference data, written for assay; every row cites its published source.

Files live beside this module and are read with :func:`path` so that they work from an
installed package as well as from a checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def path(name: str) -> Path:
    """Filesystem path of a bundled reference file (e.g. ``'elements.csv'``)."""
    return Path(str(resources.files(__name__).joinpath(name)))
