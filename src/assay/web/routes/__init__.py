"""Page routes, one module per page family; each exposes ``register(pages)``.

A module registers its routes (and its navigation entry) only when the capability it shows
is installed (see :data:`assay.web.context.CAPABILITIES`), so the app never offers a page
whose analysis does not exist.
"""

from __future__ import annotations

import importlib

from assay.web.app import Pages

# order = order in the navigation bar
MODULES = (
    "home", "commodity", "country", "case", "site", "sites", "risk", "assessment", "deal",
    "article", "sources", "imports", "audit", "search",
)  # fmt: skip


def register_all(pages: Pages) -> None:
    for name in MODULES:
        module = importlib.import_module(f"assay.web.routes.{name}")
        module.register(pages)
