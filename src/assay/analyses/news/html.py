"""A self-contained, shareable HTML report of checked articles.

Every piece of article text is escaped with :func:`html.escape` (quotes included) and the
page carries a Content-Security-Policy that allows no script at all, so nothing an article
contains can run in the reader's browser. Claims are highlighted in the article text by
their character spans, coloured by verdict, with the explanation and the cited edition.
"""

from __future__ import annotations

from html import escape
from typing import Any

VERDICT_COLOUR = {"supported": "#1a7f37", "refuted": "#cf222e", "not-checkable": "#6e7781"}
_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1f2328;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #d0d7de;
padding-top:1rem}
.meta{color:#57606a;font-size:.9rem}
.article{white-space:pre-wrap;background:#f6f8fa;padding:1rem;border-radius:6px}
mark{padding:0 .1rem;border-radius:3px}
mark.supported{background:#dafbe1}mark.refuted{background:#ffebe9}
mark.not-checkable{background:#eaeef2}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #d0d7de;padding:.3rem;text-align:left;vertical-align:top}
.v{font-weight:600}
"""


def _highlight(text: str, claims: list[dict[str, Any]]) -> str:
    """Article text with non-overlapping claim spans wrapped in <mark> (all escaped)."""
    rank = {"refuted": 0, "supported": 1, "not-checkable": 2}
    spans: list[tuple[int, int, str, str]] = []
    for c in sorted(claims, key=lambda c: rank.get(c["verdict"], 3)):
        s, e = c["span"]
        if any(s < pe and ps < e for ps, pe, _, _ in spans):
            continue
        spans.append((s, e, c["verdict"], c["explanation"]))
    spans.sort()
    out, pos = [], 0
    for s, e, verdict, why in spans:
        out.append(escape(text[pos:s]))
        out.append(
            f'<mark class="{escape(verdict)}" title="{escape(verdict)}: {escape(why)}">'
            f"{escape(text[s:e])}</mark>"
        )
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def _evidence_text(ev: dict[str, Any]) -> str:
    src = ev.get("source") or {}
    parts = [src.get("publisher"), src.get("title")]
    if ev.get("table"):
        parts.append(f"table: {ev['table']}")
    if ev.get("edition"):
        parts.append(f"edition {ev['edition']}")
    if ev.get("value") is not None:
        parts.append(f"{ev.get('country') or ''} {ev['value']:,.0f} {ev.get('unit') or ''}")
    if ev.get("rank"):
        parts.append(f"rank {ev['rank']} of {ev.get('of')}")
    if ev.get("symbol"):
        parts.append(f"{ev['symbol']} rare earth: {ev.get('is_rare_earth')}")
    if src.get("doi"):
        parts.append(f"doi:{src['doi']}")
    return "; ".join(escape(str(p)) for p in parts if p)


def render_report(result: dict[str, Any], title: str = "assay news check") -> str:
    """HTML page for the output of :func:`~assay.analyses.news.pipeline.check_paths`."""
    body = [f"<h1>{escape(title)}</h1>"]
    stories = result.get("stories") or []
    if stories:
        body.append(
            "<h2>Stories</h2><table><tr><th>story</th><th>event</th>"
            "<th>articles: what each got wrong</th></tr>"
        )
        for st in stories:
            ev = st.get("event") or {}
            label = escape(
                f"{ev.get('type', '-')} ({ev.get('initiator') or '?'} → "
                f"{', '.join(ev.get('targets') or []) or '-'})"
            )
            rows = []
            for v in st["variants"]:
                subjects = dict.fromkeys(f"{r['subject']} ({r['type']})" for r in v["refuted"])
                wrong = "; ".join(escape(x) for x in subjects) or "nothing refuted"
                rows.append(f"<b>{escape(v['title'] or v['id'])}</b>: {wrong}")
            body.append(
                f"<tr><td>{st['story']}</td><td>{label}</td><td>{'<br>'.join(rows)}</td></tr>"
            )
        body.append("</table>")
    for doc in result.get("documents", []):
        body.append(f"<h2>{escape(doc.get('title') or doc['id'])}</h2>")
        meta = [f"id {doc['id']}", f"date {doc.get('date') or 'unknown'}"]
        if doc.get("outlet"):
            meta.append(f"outlet {doc['outlet']}")
        if doc.get("editions"):
            meta.append(
                "checked against "
                + ", ".join(f"{k} edition {v}" for k, v in doc["editions"].items())
            )
        body.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
        body.append(
            "<table><tr><th>verdict</th><th>type</th><th>claim</th>"
            "<th>explanation and evidence</th></tr>"
        )
        for c in doc["claims"]:
            colour = VERDICT_COLOUR.get(c["verdict"], "#000")
            evidence = "<br>".join(_evidence_text(e) for e in c.get("evidence", []))
            body.append(
                f'<tr><td class="v" style="color:{colour}">{escape(c["verdict"])}</td>'
                f"<td>{escape(c['type'])}</td><td>{escape(c['subject'])}: "
                f"<i>{escape(c['text'])}</i></td><td>{escape(c['explanation'])}"
                f"{'<br><small>' + evidence + '</small>' if evidence else ''}</td></tr>"
            )
        body.append("</table>")
        body.append(f'<div class="article">{_highlight(doc.get("text", ""), doc["claims"])}</div>')
    if result.get("errors"):
        body.append("<h2>Inputs not read</h2><ul>")
        body.extend(f"<li>{escape(e)}</li>" for e in result["errors"])
        body.append("</ul>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )
