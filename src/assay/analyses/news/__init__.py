"""News checking: extract mineral claims from articles and judge them against the store.

Public API: :func:`check_text` (one article, one document of the JSON contract),
:func:`check_paths` (files and folders, the whole contract with story clusters) and
:class:`KnowledgeBase` (the evidence snapshot used by both); :func:`save_results` and
:func:`claims_mentioning_country` keep checked claims in the store for the country dossier.
"""

from assay.analyses.news.knowledge import KnowledgeBase, current_edition
from assay.analyses.news.persist import claims_mentioning_country, save_results
from assay.analyses.news.pipeline import check_document, check_paths, check_text

__all__ = [
    "KnowledgeBase",
    "check_document",
    "check_paths",
    "check_text",
    "claims_mentioning_country",
    "current_edition",
    "save_results",
]
