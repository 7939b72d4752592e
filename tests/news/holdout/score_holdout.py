"""Score ``assay check`` on the held-out set of real news passages (issue 17).

Usage::

    .venv/bin/python tests/news/holdout/score_holdout.py [--json] [--db STORE] [--shared DIR]

Reuses the dev set's scorer (``../devset/score.py``: loading, running the checker,
matching and metrics are the same) and points it at ``passages.jsonl`` and
``labels.jsonl`` beside this file. This is a measurement, not a target: no test asserts
thresholds on it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("devset_score", HERE.parent / "devset" / "score.py")
devset_score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(devset_score)


def evaluate(store: Any) -> dict[str, Any]:
    """Run the checker on the held-out passages and score it against the blind labels."""
    passages = devset_score.load_jsonl(HERE / "passages.jsonl")
    labels = devset_score.load_jsonl(HERE / "labels.jsonl")
    result = devset_score.score(labels, devset_score.run_checker(store, passages))
    result["passages"] = len(passages)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--db", help="an existing store (default: build a temporary one)")
    shared = Path(os.environ.get("ASSAY_SHARED", HERE.parents[2].parent / "shared")) / "data"
    ap.add_argument(
        "--shared", default=str(shared), help="shared data folder used to build the temporary store"
    )
    args = ap.parse_args(argv)
    from assay.store import open_store

    if args.db:
        with open_store(args.db) as store:
            result = evaluate(store)
    else:
        from assay.analyses.build import build_store

        with tempfile.TemporaryDirectory() as tmp:
            with open_store(Path(tmp) / "holdout.duckdb") as store:
                build_store(store, Path(args.shared))
                result = evaluate(store)
    if args.json:
        json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print(devset_score.format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
