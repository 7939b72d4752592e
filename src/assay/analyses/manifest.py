"""Run manifests: what is needed to reproduce a published number years later.

Every assessment, batch and prospectivity run writes a ``manifest`` into its JSON (and its
reports): the SHA-256 of each input file, the parameters and seed, the versions of Python,
assay and the numerical packages, the platform, the start time and the timings.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assay.tables import plain

__all__ = ["build_manifest", "file_sha256", "package_versions", "MANIFEST_SCHEMA"]

MANIFEST_SCHEMA = "assay-run-manifest/1"

_PACKAGES = ("assay", "numpy", "scipy", "pandas")


def file_sha256(path: Path | str) -> str:
    """Hex SHA-256 of a file's bytes (read in 1 MiB blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_MODULES = {"scikit-learn": "sklearn"}


def package_versions(extra: tuple[str, ...] = ()) -> dict[str, str | None]:
    """Installed versions of assay, numpy, scipy, pandas (and ``extra``); None if absent.

    A package already imported reports its ``__version__`` (free); the others are read from
    the installed distributions' metadata (which scans site-packages: ~0.1 s per lookup).
    """
    import importlib

    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in (*_PACKAGES, *extra):
        module_name = _MODULES.get(name, name)
        module = sys.modules.get(module_name)
        if module is None and name in _PACKAGES:
            module = importlib.import_module(module_name) if name == "assay" else None
        version_text = getattr(module, "__version__", None) if module is not None else None
        if version_text is None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                version_text = version(name)
            except PackageNotFoundError:
                version_text = None
        out[name] = str(version_text) if version_text is not None else None
    return out


def _input_entry(path: Path | str) -> dict[str, Any]:
    p = Path(path)
    entry: dict[str, Any] = {"path": str(p)}
    if p.is_file():
        entry["sha256"] = file_sha256(p)
        entry["bytes"] = p.stat().st_size
    elif p.is_dir():  # e.g. a folder of rasters: hash every file, sorted by relative path
        files = sorted(f for f in p.rglob("*") if f.is_file())
        entry["files"] = {str(f.relative_to(p)): file_sha256(f) for f in files}
    else:
        entry["sha256"] = None
    return entry


def build_manifest(
    command: str,
    *,
    inputs: Mapping[str, Path | str | None] | None = None,
    parameters: Mapping[str, Any] | None = None,
    seed: Any = None,
    timings_s: Mapping[str, float] | None = None,
    started_utc: datetime | None = None,
    extra_packages: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The ``manifest`` object of a run.

    Parameters
    ----------
    command : str
        What ran (e.g. ``assess``, ``assess-batch``, ``prospect``).
    inputs : mapping
        Input name -> file (or folder) path; None entries are left out.
    parameters : mapping
        Every parameter that changes the result.
    seed : any
        The random seed (int, or [entropy, spawn_key] of a spawned seed).
    timings_s : mapping
        Step -> wall time [s].
    started_utc : datetime, optional
        Start of the run (default now).
    """
    return {
        "schema": MANIFEST_SCHEMA,
        "command": command,
        "started_utc": (started_utc or datetime.now(UTC)).isoformat(timespec="seconds"),
        "inputs": {k: _input_entry(v) for k, v in (inputs or {}).items() if v is not None},
        "parameters": plain(dict(parameters or {})),
        "seed": plain(seed),
        "versions": package_versions(extra_packages),
        "platform": {"system": platform.platform(), "machine": platform.machine()},
        "argv": list(sys.argv),
        "timings_s": {k: round(float(v), 6) for k, v in (timings_s or {}).items()},
    }
