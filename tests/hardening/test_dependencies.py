"""Every module of the package imports, and every third-party module it imports at run time
is a declared dependency (so that a fresh ``pip install .`` has it: an older pip once lacked
``lxml_html_clean`` and every HTML article failed with an ImportError)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import assay

ROOT = Path(__file__).resolve().parents[2]


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = set()
    for spec in project["dependencies"]:
        name = re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]
        names.add(name.lower().replace("_", "-"))
    return names


def _imported_top_level() -> dict[str, str]:
    """Third-party top-level module -> first file importing it (absolute imports only)."""
    found: dict[str, str] = {}
    for path in sorted(Path(assay.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top != "assay" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_runtime_import_is_a_declared_dependency() -> None:
    declared = _declared()
    dists = packages_distributions()
    missing = []
    for module, where in _imported_top_level().items():
        owners = {d.lower().replace("_", "-") for d in dists.get(module, [])}
        if not owners & declared:
            missing.append(f"{module} (imported in {where}; distributions {sorted(owners)})")
    assert missing == [], "undeclared run-time imports: " + "; ".join(missing)


def test_html_cleaning_is_declared() -> None:
    """trafilatura imports lxml.html.clean, which lxml >= 5.2 moved to lxml_html_clean."""
    assert "lxml-html-clean" in _declared()
    import lxml.html.clean  # noqa: F401 - the import that failed on a fresh install

    reqs = " ".join(requires("trafilatura") or [])
    assert "lxml" in reqs


def test_every_module_of_the_package_imports() -> None:
    failures = []
    for info in pkgutil.walk_packages(assay.__path__, prefix="assay."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # noqa: BLE001 - collected and reported together
            failures.append(f"{info.name}: {type(exc).__name__}: {exc}")
    assert failures == []
