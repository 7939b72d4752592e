"""The case dossier as a briefing (HTML/PDF): a one-page summary of the three answers (how
real, how much, what it is worth, each with its range and confidence), then the evidence.

Data: :func:`assay.analyses.case.case_dossier`; rendering: :mod:`assay.reports.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assay.analyses.case import case_dossier, fmt_usd
from assay.reports.render import Report, environment, render_html

#: sources of the deal terms and of the "$14.8 trillion" headline, cited in every Ukraine report
_DEAL_SOURCES = (
    "deal-nrf-us-ukraine-2025",
    "deal-kinstellar-us-ukraine-2025",
    "deal-svyrydenko-odessa-journal-2025",
)


def _collect_sources(store: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}

    def add(src: dict[str, Any] | None) -> None:
        if src and src.get("id") and src["id"] not in seen:
            seen[src["id"]] = src

    for dep in data["known"]["deposits"]:
        add(dep.get("source"))
        for est in dep["estimates"]:
            add(est.get("source"))
    for item in data["headlines"]:
        for src in item.get("sources") or []:
            add(src)
    if data.get("belarus"):
        for item in data["belarus"]["literature"]:
            add(item.get("source"))
    if data.get("deal"):
        rows = store.query(
            "SELECT id, publisher, title, year, url, kind FROM source WHERE id IN (?, ?, ?)",
            list(_DEAL_SOURCES),
        )
        for row in rows:
            add(dict(row))
    return list(seen.values())


def case_report(
    store: Any,
    country: str,
    commodity: str | None = None,
    *,
    tract: Path | None = None,
    claims: tuple[str, ...] | list[str] = (),
    data: dict[str, Any] | None = None,
) -> Report:
    """Render the case dossier of ``country`` (and ``commodity``) as a report."""
    if data is None:
        data = case_dossier(store, country, commodity, tract=tract, claims=list(claims))
    environment().filters.setdefault("usd", lambda x: "–" if x is None else "USD " + fmt_usd(x))
    title = f"Case dossier: {data['country_name']} — {data['commodity']['name']}"
    html = render_html(
        "case.html",
        title=title,
        data=data,
        sources=_collect_sources(store, data),
        store_path=None,
    )
    slug = f"case-{data['country']}-{data['commodity']['id']}"
    return Report(title=title, slug=slug, html=html, data=data)
