"""Same story, many outlets: near-duplicates and event-based story grouping.

Two stages, as in the news-stack notes (and Event Registry's story/event split, Leban et
al. 2014):

1. Near-duplicates: MinHash signatures of word 5-shingles (Broder 1997, "On the resemblance
   and containment of documents") with LSH banding (datasketch ``MinHashLSH``) at Jaccard
   threshold 0.8; pairs found are confirmed with the MinHash Jaccard estimate.
2. Story grouping: reworded coverage of one happening rarely shares shingles, so documents
   are also joined when their lead events agree: same event family (e.g. exploration,
   cooperation offer), overlapping actor countries (Jaccard of the actor sets >= 0.5) and,
   when both are dated, publication dates within ``window_days``.

Groups are the connected components of the union of both relations (union–find).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
LSH_THRESHOLD = 0.8


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Word k-shingles of lower-cased text, as bytes for hashing."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def minhash(text: str, num_perm: int = NUM_PERM, seed: int = 1) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=seed)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return m


def near_duplicates(
    texts: dict[str, str], threshold: float = LSH_THRESHOLD
) -> list[tuple[str, str, float]]:
    """Pairs ``(id_a, id_b, jaccard_estimate)`` of near-duplicate texts."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {}
    pairs = []
    for doc_id, text in texts.items():
        m = minhash(text)
        for other in lsh.query(m):
            j = m.jaccard(hashes[other])
            if j >= threshold:
                pairs.append((other, doc_id, round(j, 3)))
        lsh.insert(doc_id, m)
        hashes[doc_id] = m
    return pairs


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def lead_event(doc: dict[str, Any], lead_sentences: int = 3) -> dict[str, Any] | None:
    """The event that a document is about: the first event of its title, else the first
    event of its first ``lead_sentences`` sentences."""
    events = doc.get("events", [])
    if not events:
        return None
    title_end = doc.get("_title_end") or 0
    in_title = [e for e in events if e["span"][1] <= title_end]
    if in_title:
        return in_title[0]
    lead_end = doc.get("_lead_end") or 0
    in_lead = [e for e in events if e["span"][0] < lead_end]
    return in_lead[0] if in_lead else None


def _actor_set(ev: dict[str, Any]) -> set[str]:
    return {a for a in [ev.get("initiator"), *ev.get("targets", [])] if a}


def group_stories(
    docs: list[dict[str, Any]], texts: dict[str, str], window_days: int = 10
) -> tuple[list[list[str]], list[tuple[str, str, float]]]:
    """Clusters of document ids (every document in exactly one) and the near-duplicate
    pairs found."""
    ids = [d["id"] for d in docs]
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    pairs = near_duplicates(texts)
    for a, b, _ in pairs:
        union(a, b)
    leads = {d["id"]: lead_event(d) for d in docs}
    dates = {d["id"]: d.get("date") for d in docs}
    for i, a in enumerate(ids):
        ea = leads[a]
        if ea is None:
            continue
        for b in ids[i + 1 :]:
            eb = leads[b]
            if eb is None or ea["family"] != eb["family"]:
                continue
            if _jaccard(_actor_set(ea), _actor_set(eb)) < 0.5:
                continue
            da, db = dates[a], dates[b]
            if da and db:
                da_, db_ = date.fromisoformat(str(da)), date.fromisoformat(str(db))
                if abs((da_ - db_).days) > window_days:
                    continue
            union(a, b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0])), pairs


def story_summaries(clusters: list[list[str]], docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per cluster: its lead event and, per document, outlet/title and the claims it got
    wrong (refuted), so that an analyst sees which outlet said what."""
    by_id = {d["id"]: d for d in docs}
    out = []
    for n, group in enumerate(clusters, start=1):
        lead = next((lead_event(by_id[i]) for i in group if lead_event(by_id[i])), None)
        variants = []
        for i in group:
            d = by_id[i]
            variants.append(
                {
                    "id": i,
                    "title": d.get("title"),
                    "outlet": d.get("outlet"),
                    "date": d.get("date"),
                    "refuted": [
                        {
                            "text": c["text"],
                            "subject": c["subject"],
                            "type": c["type"],
                            "explanation": c["explanation"],
                        }
                        for c in d["claims"]
                        if c["verdict"] == "refuted"
                    ],
                    "supported": sum(1 for c in d["claims"] if c["verdict"] == "supported"),
                    "event_dates": sorted(
                        {e["date"] for e in d.get("events", []) if e.get("date")}
                    ),
                }
            )
        out.append(
            {
                "story": n,
                "documents": group,
                "event": (
                    {k: lead[k] for k in ("type", "family", "initiator", "targets")}
                    if lead
                    else None
                ),
                "variants": variants,
            }
        )
    return out
