"""News checking: extract mineral claims from articles and judge them against the store.

Public API: :func:`check_text` (one article, one document of the JSON contract),
:func:`check_paths` (files and folders, the whole contract with story clusters) and
:class:`KnowledgeBase` (the evidence snapshot used by both); :func:`save_results` and
:func:`claims_mentioning_country` keep checked claims in the store for the country dossier.

The names are imported lazily (PEP 562 ``__getattr__``): the country dossier needs only
:func:`claims_mentioning_country`, and importing the pipeline would pull in the story
clustering's MinHash library (datasketch, which imports scipy), about half a second.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Public name -> the submodule that defines it.
_LAZY = {
    "KnowledgeBase": "knowledge",
    "current_edition": "knowledge",
    "claims_mentioning_country": "persist",
    "save_results": "persist",
    "check_document": "pipeline",
    "check_paths": "pipeline",
    "check_text": "pipeline",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
