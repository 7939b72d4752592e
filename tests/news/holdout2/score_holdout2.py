"""Score ``assay check`` on the second held-out set of real news passages (issue 17).

Usage::

    .venv/bin/python tests/news/holdout2/score_holdout2.py [--json] [--db STORE] [--shared DIR]

Reuses the dev set's scorer (``../devset/score.py``: loading, running the checker,
matching and metrics are the same) and points it at ``passages.jsonl`` and
``labels.jsonl`` beside this file. This is a measurement, not a target: no test asserts
thresholds on it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("devset_score", HERE.parent / "devset" / "score.py")
devset_score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(devset_score)


def main(argv: list[str] | None = None) -> int:
    """The dev set's scorer, pointed at this folder's passages and labels."""
    return devset_score.main(["--set", str(HERE), *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
