"""Nothing imports upward: each layer of ``assay`` imports only the layers below it.

Layers, bottom to top (see ``assay/__init__.py``): the shared helpers (``formatting``,
``tables``, ``validation*``) and ``reference``; ``store``; ``importers``; ``models``;
``analyses``; the interfaces ``reports``, ``web``, ``cli`` and ``api`` — which may use the
layers below, and where ``reports`` and ``web`` never import each other or ``cli``/``api``.
Checked on the source with :mod:`ast`, imports inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "assay"

#: what each top-level part of the package must never import
FORBIDDEN = {
    "store": {"importers", "models", "analyses", "reports", "web", "cli", "api"},
    "importers": {"analyses", "reports", "web", "cli", "api"},
    "models": {"store", "importers", "analyses", "reports", "web", "cli", "api"},
    "analyses": {"reports", "web", "cli", "api"},
    "reports": {"web", "cli", "api"},
    "web": {"cli", "api"},
    "formatting": {"store", "importers", "models", "analyses", "reports", "web", "cli", "api"},
    "tables": {"store", "importers", "models", "analyses", "reports", "web", "cli", "api"},
}


def _part(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imported_parts(path: Path, package: str | None = None) -> set[tuple[str, int]]:
    """(part of ``assay``, line) of every import in ``path``; ``package`` is the module's
    package (for relative imports), by default from its place under ``src/assay``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = ".".join(("assay", *path.relative_to(SRC).with_suffix("").parts[:-1]))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            elif node.module:
                names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "assay" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if _part(p) in FORBIDDEN)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_upward_import(path: Path) -> None:
    forbidden = FORBIDDEN[_part(path)]
    bad = sorted((part, line) for part, line in _imported_parts(path) if part in forbidden)
    assert not bad, f"{path.relative_to(SRC)} imports {bad} (layer {_part(path)!r})"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The test can fail: an analysis importing the web layer (absolute, or relative from
    inside ``assay.analyses``) is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from assay.web.render import cite\n    from ..web import app\n")
    parts = [part for part, _ in sorted(_imported_parts(probe, "assay.analyses"))]
    assert parts == ["web", "web"]
