"""Typed, check-worthy claims about minerals in news sentences.

Check-worthiness follows ClaimBuster's check-worthy factual sentence class (Hassan et al.
2017, KDD; Arslan et al. 2020, ICWSM) and Full Fact's criteria (specific and measurable):
a sentence is a candidate when it classifies a mineral, counts, ranks, gives a share, a
reserve, production or value figure, or reports an event, and names a commodity or a
country. Claims are then slot-filled (subject, group or measure, country, value, qualifier)
by rules, so that a verdict can be reached against reference tables in the manner of FEVER
(Thorne et al. 2018, NAACL): supported / refuted / not enough information.

Claim types
-----------
classification
    "X is (not) a rare earth", "rare earths such as X and Y", one claim per member X.
count
    "a group of 17 elements" said of a group.
ranking
    "Russia ranks fourth in rare earth reserves", "China, the world's largest producer".
share
    "China produces 70% of the world's rare earths", "50 per cent of Ukraine's ...".
reserves, production
    A mass with a reserves/resources or production word.
valuation
    A money amount for mineral resources.
event
    An event of :mod:`assay.analyses.news.events` stated as fact.

This module is the entry point: it re-exports the names of the modules that hold each
claim type (``claims_classes``, ``claims_counts``, ``claims_ranks``, ``claims_figures``,
``claims_changes``, ``claims_events``, ``claims_tables``), the extra claim fields
(``claims_fields``) and the helpers they share (``claims_common``: the claim record,
measures and bases; ``claims_context``: a figure's clause, subject, period and commodity).
"""

from __future__ import annotations

from assay.analyses.news.claims_changes import (
    change_of,
    change_slots,
    factor_change_claims,
)
from assay.analyses.news.claims_classes import (
    _INCLUSION,
    classification_claims,
)
from assay.analyses.news.claims_common import (
    BASES,
    MEASURES,
    MODIFIED_NOUNS,
    commodity_basis,
    subject_basis,
)
from assay.analyses.news.claims_context import (
    LABEL_LINE,
    _coordinated_before,
    is_caption,
    stage_word,
)
from assay.analyses.news.claims_counts import (
    count_claims,
    counted_list_claims,
)
from assay.analyses.news.claims_events import (
    event_claims,
)
from assay.analyses.news.claims_fields import (
    period_part,
    tie_of,
)
from assay.analyses.news.claims_figures import (
    quantity_claims,
)
from assay.analyses.news.claims_ranks import (
    _RANK,
    _TOP_N,
    _VAGUE_RANK,
    RANK_WORDS,
    comparative_rank_claims,
    ranking_claims,
)
from assay.analyses.news.claims_tables import (
    table_claims,
    table_row_lines,
)

#: Every public name of the claim modules, and the private patterns and helper that
#: tests pin through this module (kept importable from here after the split).
__all__ = [
    "BASES",
    "LABEL_LINE",
    "MEASURES",
    "MODIFIED_NOUNS",
    "RANK_WORDS",
    "_INCLUSION",
    "_RANK",
    "_TOP_N",
    "_VAGUE_RANK",
    "_coordinated_before",
    "change_of",
    "change_slots",
    "classification_claims",
    "commodity_basis",
    "comparative_rank_claims",
    "count_claims",
    "counted_list_claims",
    "event_claims",
    "factor_change_claims",
    "is_caption",
    "period_part",
    "quantity_claims",
    "ranking_claims",
    "stage_word",
    "subject_basis",
    "table_claims",
    "table_row_lines",
    "tie_of",
]
