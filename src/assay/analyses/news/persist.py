"""Keep checked articles in the store, and find the claims that mention a country.

:func:`save_results` writes the output of :func:`~assay.analyses.news.pipeline.check_paths`
(or a list of documents from :func:`~assay.analyses.news.pipeline.check_text`) into the
``news`` schema component, replacing earlier checks of the same document ids, in one
transaction. :func:`claims_mentioning_country` serves the country dossier.
"""

from __future__ import annotations

import json
from typing import Any

VERDICT_ORDER = {"refuted": 0, "supported": 1, "not-checkable": 2}


def _claim_countries(doc: dict[str, Any], claim: dict[str, Any]) -> set[str]:
    s0, s1 = claim["span"]
    found = set()
    mentions = doc.get("mentions", {})
    for key in ("countries", "regions", "persons"):
        for m in mentions.get(key, []):
            if m.get("iso3") and s0 <= m["span"][0] and m["span"][1] <= s1:
                found.add(m["iso3"])
    if claim.get("iso3"):
        found.add(claim["iso3"])
    for ev in claim.get("evidence", []):
        if ev.get("iso3"):
            found.add(ev["iso3"])
    event = claim.get("event") or {}
    found.update(a for a in [event.get("initiator"), *(event.get("targets") or [])] if a)
    return found


def save_results(store: Any, result: dict[str, Any] | list[dict[str, Any]]) -> int:
    """Persist checked documents and their claims; returns the number of claims written.

    Parameters
    ----------
    store : assay.store.Store
        Writable store (migrated, so the ``news`` component exists).
    result : dict or list of dict
        ``check_paths`` output, or documents as returned by ``check_text``.
    """
    docs = result["documents"] if isinstance(result, dict) else result
    n = 0
    with store.transaction() as con:
        for doc in docs:
            old = [
                r[0]
                for r in con.execute(
                    "SELECT id FROM news_claim WHERE document_id = ?", [doc["id"]]
                ).fetchall()
            ]
            if old:
                con.executemany(
                    "DELETE FROM news_claim_country WHERE claim_id = ?", [[c] for c in old]
                )
            con.execute("DELETE FROM news_claim WHERE document_id = ?", [doc["id"]])
            con.execute("DELETE FROM news_document WHERE id = ?", [doc["id"]])
            summary = doc.get("summary") or {}
            con.execute(
                "INSERT INTO news_document (id, title, outlet, url, path, published, "
                "date_source, format, n_supported, n_refuted, n_not_checkable) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    doc["id"],
                    doc.get("title"),
                    doc.get("outlet"),
                    doc.get("url"),
                    doc.get("path"),
                    doc.get("date"),
                    doc.get("date_source"),
                    doc.get("format"),
                    summary.get("supported"),
                    summary.get("refuted"),
                    summary.get("not-checkable"),
                ],
            )
            for claim in doc["claims"]:
                con.execute(
                    "INSERT INTO news_claim (id, document_id, type, subject, text, span_start, "
                    "span_end, verdict, explanation, edition, commodity, evidence, comparison, "
                    "reason) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        claim["id"],
                        doc["id"],
                        claim["type"],
                        claim.get("subject"),
                        claim["text"],
                        claim["span"][0],
                        claim["span"][1],
                        claim["verdict"],
                        claim.get("explanation"),
                        claim.get("edition"),
                        claim.get("commodity"),
                        json.dumps(claim.get("evidence", []), default=str),
                        # the arithmetic of the verdict, so a saved check can show it
                        None
                        if claim.get("comparison") is None
                        else json.dumps(claim["comparison"], default=str),
                        claim.get("reason"),
                    ],
                )
                countries = sorted(_claim_countries(doc, claim))
                if countries:
                    con.executemany(
                        "INSERT INTO news_claim_country (claim_id, iso3) VALUES (?, ?)",
                        [[claim["id"], c] for c in countries],
                    )
                n += 1
    return n


def claims_mentioning_country(store: Any, iso3: str) -> list[dict[str, Any]]:
    """Persisted claims that mention a country, refuted first, newest articles first.

    Returns
    -------
    list of dict
        ``{document_id, title, outlet, url, date, claim_id, type, subject, text, verdict,
        explanation, edition, commodity, evidence, comparison, reason}`` (``evidence`` and
        ``comparison`` parsed from JSON; ``comparison`` is None where the verdict has no
        arithmetic).
    """
    try:
        rows = store.query(
            "SELECT d.id AS document_id, d.title, d.outlet, d.url, d.published AS date, "
            "c.id AS claim_id, c.type, c.subject, c.text, c.verdict, c.explanation, "
            "c.edition, c.commodity, c.evidence, c.comparison, c.reason "
            "FROM news_claim_country k JOIN news_claim c ON c.id = k.claim_id "
            "JOIN news_document d ON d.id = c.document_id WHERE k.iso3 = ?",
            [iso3.upper()],
        )
    except Exception:  # a store without the news component holds no claims
        return []
    for r in rows:
        r["evidence"] = json.loads(r["evidence"]) if r["evidence"] else []
        r["comparison"] = json.loads(r["comparison"]) if r["comparison"] else None
        r["date"] = r["date"].isoformat() if r["date"] else None
    rows.sort(key=lambda r: r["date"] or "", reverse=True)  # newest first ...
    rows.sort(key=lambda r: VERDICT_ORDER.get(r["verdict"], 3))  # ... within each verdict
    return rows
