"""The risk models are pure: they never import the store, analyses or interfaces."""

from __future__ import annotations

import ast
from pathlib import Path

import assay.models.risk as risk_models

FORBIDDEN = ("assay.store", "assay.analyses", "assay.cli", "assay.web", "assay.reports")


def test_models_import_nothing_above_them() -> None:
    for path in Path(risk_models.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
