"""Score ``assay check`` on the development set of real news passages (issue 17).

Usage::

    .venv/bin/python tests/news/devset/score.py [--json] [--db STORE] [--shared DIR]

Without ``--db`` a temporary store is built from the bundled reference data and the MCS
folders of ``../shared/data`` (``assay build``). The matching rule and the metrics are
described in ``README.md`` beside this file; :func:`score` is pure and is unit-tested on
a hand-made case in ``tests/news/test_devset.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VERDICTS = ("supported", "refuted", "not-checkable")
#: Targets of issue 17 ("Done when").
TARGETS = {"refuted_precision": 0.95, "extraction_recall": 0.75, "verdict_accuracy": 0.85}


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def claim_span(claim: dict[str, Any]) -> tuple[int, int]:
    """The span a checker claim is matched on: the member for classification claims."""
    member = claim.get("member")
    if claim.get("type") == "classification" and isinstance(member, dict) and member.get("span"):
        return int(member["span"][0]), int(member["span"][1])
    return int(claim["span"][0]), int(claim["span"][1])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _anchors(claim: dict[str, Any]) -> list[str]:
    """Words that tie a checker claim to one labelled span within its sentence: its value
    as written in common forms, its rank word and its subject."""
    out = []
    value = claim.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        out.append(f"{value:g}")
        if float(value).is_integer():
            out.append(f"{value:,.0f}")
        for scale in (1e6, 1e3):
            if abs(value) >= scale:
                out.append(f"{value / scale:g}")
                break
    for key in ("rank_text", "subject"):
        if isinstance(claim.get(key), str) and claim[key].replace(" ", "").isalpha():
            out.append(claim[key])
    return out


def _affinity(label: dict[str, Any], claim: dict[str, Any]) -> int:
    text = (label.get("claim") or "").lower()
    return sum(
        bool(re.search(r"(?<![\w.,])" + re.escape(a.lower()) + r"(?![\w]|[.,]\d)", text))
        for a in _anchors(claim)
    )


def match(labels: list[dict[str, Any]], claims: list[dict[str, Any]]) -> dict[int, int]:
    """Pair labels with checker claims of one passage, one to one.

    Candidate pairs overlap in span. Pairs of the same type are taken first, then any
    type. Within a round, pairs whose labelled text contains more of the claim's anchors
    (its value, rank word, subject) come first, then the pair covering the larger share
    of the label span; the checker's spans are often whole sentences holding several
    labelled claims.

    Returns
    -------
    dict
        label index -> claim index.
    """
    pairs = []
    for i, lab in enumerate(labels):
        ls = (lab["span"][0], lab["span"][1])
        for j, c in enumerate(claims):
            ov = _overlap(ls, claim_span(c))
            if ov:
                key = (lab["type"] == c.get("type"), _affinity(lab, c), ov / max(1, ls[1] - ls[0]))
                pairs.append((*key, -j, -i, i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for same_type_round in (True, False):
        for pair in sorted(pairs, reverse=True):
            same, i, j = pair[0], pair[-2], pair[-1]
            if same_type_round and not same:
                continue
            if i in out or j in used:
                continue
            out[i] = j
            used.add(j)
    return out


def _accepts(label: dict[str, Any], verdict: str | None) -> bool:
    return verdict == label["verdict"] or verdict in label.get("acceptable", [])


def score(labels: list[dict[str, Any]], results: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Metrics of checker output against the labels.

    Parameters
    ----------
    labels : list of dict
        Labelled claims (``passage_id``, ``span``, ``type``, ``checkworthy``, ``verdict``,
        optional ``acceptable``).
    results : dict
        passage id -> the checker's claims for that passage (``span``, ``type``,
        ``verdict``, optional ``member``).

    Returns
    -------
    dict
        ``extraction_recall``, ``verdict_accuracy``, ``refuted_precision`` (None when the
        denominator is 0), their counts, ``confusion`` (expected -> checker verdict or
        ``missed``), ``errors`` and ``error_classes``.
    """
    by_passage: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for lab in labels:
        by_passage[lab["passage_id"]].append(lab)
    confusion: dict[str, Counter] = {v: Counter() for v in VERDICTS}
    per_type: dict[str, Counter] = defaultdict(Counter)
    errors: list[dict[str, Any]] = []
    n_cw = n_cw_found = n_checkable = n_correct = 0
    n_refuted = n_refuted_ok = n_unmatched = 0
    for pid in sorted(set(by_passage) | set(results)):
        labs, claims = by_passage.get(pid, []), results.get(pid, [])
        pairs = match(labs, claims)
        matched_claims = set(pairs.values())
        for i, lab in enumerate(labs):
            got = claims[pairs[i]]["verdict"] if i in pairs else None
            confusion[lab["verdict"]][got or "missed"] += 1
            tally = per_type[lab["type"]]
            if lab["checkworthy"]:
                n_cw += 1
                n_cw_found += i in pairs
                tally["checkworthy"] += 1
                tally["found"] += i in pairs
            base = {
                "passage_id": pid,
                "label": lab.get("id"),
                "type": lab["type"],
                "claim": lab.get("claim"),
                "expected": lab["verdict"],
                "got": got,
            }
            if i not in pairs:
                if lab["checkworthy"]:
                    errors.append({**base, "kind": "missed"})
                continue
            c = claims[pairs[i]]
            if got == "refuted":
                n_refuted += 1
                n_refuted_ok += _accepts(lab, "refuted")
            if lab["verdict"] in ("supported", "refuted"):
                n_checkable += 1
                n_correct += _accepts(lab, got)
                tally["checkable_matched"] += 1
                tally["checkable_correct"] += _accepts(lab, got)
            if not _accepts(lab, got):
                kind = "false refutation" if got == "refuted" else "wrong verdict"
                errors.append(
                    {
                        **base,
                        "kind": kind,
                        "checker_type": c.get("type"),
                        "explanation": c.get("explanation"),
                    }
                )
        n_unmatched += len(claims) - len(matched_claims)
        for j, c in enumerate(claims):
            if j in matched_claims or c.get("verdict") != "refuted":
                continue
            n_refuted += 1
            errors.append(
                {
                    "passage_id": pid,
                    "label": None,
                    "type": c.get("type"),
                    "claim": c.get("text"),
                    "expected": None,
                    "got": "refuted",
                    "kind": "unlabelled refutation",
                    "explanation": c.get("explanation"),
                }
            )

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    classes = Counter(f"{e['kind']}: {e['type']}" for e in errors)
    return {
        "extraction_recall": ratio(n_cw_found, n_cw),
        "verdict_accuracy": ratio(n_correct, n_checkable),
        "refuted_precision": ratio(n_refuted_ok, n_refuted),
        "counts": {
            "labels": len(labels),
            "checkworthy": n_cw,
            "checkworthy_found": n_cw_found,
            "checkable_matched": n_checkable,
            "checkable_correct": n_correct,
            "refuted": n_refuted,
            "refuted_correct": n_refuted_ok,
            "checker_claims": sum(len(v) for v in results.values()),
            "checker_claims_unlabelled": n_unmatched,
        },
        "confusion": {k: dict(v) for k, v in confusion.items()},
        "per_type": {k: dict(v) for k, v in sorted(per_type.items())},
        "error_classes": dict(classes.most_common()),
        "errors": errors,
    }


def _check_date(date: str) -> str | None:
    """The date given to the checker: full dates as is, 'YYYY-MM' as the 1st, else None."""
    if len(date) == 10:
        return date
    if len(date) == 7 and date[4] == "-":
        return date + "-01"
    return None


def _real_title(title: str) -> str | None:
    """The headline, or None where the passage has none (titles written '(untitled ...)'
    describe the passage and must not reach the checker as headline context)."""
    return None if title.startswith("(untitled") else title


def _shift(claim: dict[str, Any], offset: int) -> dict[str, Any]:
    """The claim with its spans made relative to the passage text."""
    out = dict(claim)
    out["span"] = [claim["span"][0] - offset, claim["span"][1] - offset]
    member = claim.get("member")
    if isinstance(member, dict) and member.get("span"):
        out["member"] = {**member, "span": [member["span"][0] - offset, member["span"][1] - offset]}
    return out


def _passage_offset(doc_text: str, text: str) -> int | None:
    """Where the passage starts in the checked text. The checker folds typographic quotes
    and dashes one character for one character, so letters and digits must agree."""
    for offset in (doc_text.find(text), len(doc_text) - len(text)):
        if offset < 0:
            continue
        seg = doc_text[offset : offset + len(text)]
        if len(seg) == len(text) and all(
            a == b for a, b in zip(seg, text, strict=True) if a.isalnum() or b.isalnum()
        ):
            return offset
    return None


def run_checker(store: Any, passages: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The checker's claims for every passage (Python API, one document per passage).

    The checker puts a headline that is not already the first line before the text, so
    spans are shifted back to offsets into the passage; claims made in the headline alone
    are left out (the labels cover the passage text only).
    """
    from assay.analyses.news import check_text

    out = {}
    for p in passages:
        doc = check_text(
            store,
            p["text"],
            title=_real_title(p["title"]),
            date=_check_date(p["date"]),
            url=p["url"],
        )
        offset = _passage_offset(doc["text"], p["text"])
        if offset is None:
            raise ValueError(f"{p['id']}: the checked document does not contain the passage")
        claims = [_shift(c, offset) for c in doc["claims"]]
        out[p["id"]] = [c for c in claims if c["span"][1] > 0]
    return out


def evaluate(store: Any, folder: Path = HERE) -> dict[str, Any]:
    """Run the checker on a labelled set (``passages.jsonl`` + ``labels.jsonl`` in
    ``folder``; default the development set) and score it."""
    passages = load_jsonl(folder / "passages.jsonl")
    labels = load_jsonl(folder / "labels.jsonl")
    result = score(labels, run_checker(store, passages))
    result["passages"] = len(passages)
    return result


def format_report(result: dict[str, Any]) -> str:
    """A plain-text report: metrics against targets, confusion matrix, error classes."""
    c = result["counts"]
    lines = [
        f"passages {result.get('passages', '?')}, labels {c['labels']}, "
        f"checker claims {c['checker_claims']} "
        f"({c['checker_claims_unlabelled']} on unlabelled spans)",
    ]
    for key, target in TARGETS.items():
        val = result[key]
        shown = "n/a" if val is None else f"{val:.3f}"
        lines.append(f"{key:<18} {shown}  (target >= {target})")
    lines.append(
        f"  recall {c['checkworthy_found']}/{c['checkworthy']}, accuracy "
        f"{c['checkable_correct']}/{c['checkable_matched']}, refuted "
        f"{c['refuted_correct']}/{c['refuted']}"
    )
    cols = [*VERDICTS, "missed"]
    lines.append("confusion (rows: expected, columns: checker)")
    lines.append(" " * 15 + "".join(f"{h:>15}" for h in cols))
    for exp in VERDICTS:
        row = result["confusion"][exp]
        lines.append(f"{exp:<15}" + "".join(f"{row.get(h, 0):>15}" for h in cols))
    lines.append("per type: found/check-worthy, correct/checkable matched")
    for t, v in result["per_type"].items():
        lines.append(
            f"  {t:<15}{v.get('found', 0):>4}/{v.get('checkworthy', 0):<5}"
            f"{v.get('checkable_correct', 0):>4}/{v.get('checkable_matched', 0)}"
        )
    lines.append("error classes")
    for k, n in result["error_classes"].items():
        lines.append(f"  {n:>4}  {k}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--db", help="an existing store (default: build a temporary one)")
    shared = Path(os.environ.get("ASSAY_SHARED", HERE.parents[2].parent / "shared")) / "data"
    ap.add_argument(
        "--shared", default=str(shared), help="shared data folder used to build the temporary store"
    )
    ap.add_argument(
        "--set", default=str(HERE), help="folder of the labelled set (default: this dev set)"
    )
    args = ap.parse_args(argv)
    folder = Path(args.set)
    from assay.store import open_store

    if args.db:
        with open_store(args.db) as store:
            result = evaluate(store, folder)
    else:
        from assay.analyses.build import build_store

        with tempfile.TemporaryDirectory() as tmp:
            with open_store(Path(tmp) / "devset.duckdb") as store:
                build_store(store, Path(args.shared))
                result = evaluate(store, folder)
    if args.json:
        json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
