"""Commodity briefing: the world picture of one commodity (``assay report commodity``).

An executive summary first (world output and reserves, who holds them, how concentrated,
import dependence), then the country tables of the latest edition, the concentration and
supply-risk indicators with every assumption they rest on, the sites of the inventory, and
the sources in full. Each section comes from the analysis that owns it
(:func:`assay.analyses.statistics.commodity_view`, :func:`assay.analyses.risk.risk_view`,
:func:`assay.analyses.sites.sites_view`); a section whose analysis fails is left out and
said to be missing, never filled with a guess.
"""

from __future__ import annotations

from typing import Any

from assay.reports import figures
from assay.reports.render import Progress, Report, no_progress, render_html

#: country rows shown per measure table, and sites-by-country rows
TOP_ROWS = 15


def _source_dict(source_id: str, source: dict[str, Any]) -> dict[str, Any]:
    return {"id": source_id, **{k: v for k, v in source.items() if k != "id"}}


def commodity_briefing(store: Any, commodity: str, edition: int | None = None) -> dict[str, Any]:
    """Everything the briefing shows about one commodity.

    Parameters
    ----------
    store
        An open :class:`assay.store.Store`.
    commodity : str
        Any name, alias or id :func:`assay.store.lookup.resolve_commodity` accepts.
    edition : int, optional
        MCS edition; default the latest the store has for this commodity.

    Returns
    -------
    dict
        ``view`` (``commodity_view``), ``risk`` (``risk_view`` or None), ``sites``
        (``{"count", "by_country": [{"iso3", "sites", "with_estimates"}], "by_confidence"}``
        or None), ``missing`` (sections left out, with why), ``summary`` (list of
        ``{"text", "sources"}``) and ``sources`` (every source cited, in full).

    Raises
    ------
    UnknownNameError
        For an unknown commodity.
    """
    from assay.analyses.statistics import commodity_view

    view = commodity_view(store, commodity, edition)
    cid = view["commodity"]["id"]
    out: dict[str, Any] = {"view": view, "risk": None, "sites": None, "missing": []}
    sources: dict[str, dict[str, Any]] = {}
    for measure in view["measures"].values():
        for row in [*measure["rows"], measure.get("world") or {}, measure.get("other") or {}]:
            if row.get("source"):
                sources.setdefault(row["source"]["id"], row["source"])
    try:
        from assay.analyses.risk import risk_view

        out["risk"] = risk_view(store, cid)
        for sid, src in (out["risk"].get("sources") or {}).items():
            sources.setdefault(sid, _source_dict(sid, src))
    except Exception as exc:  # noqa: BLE001 - the briefing says the section is missing
        out["missing"].append(f"supply risk: {type(exc).__name__}: {exc}")
    try:
        from assay.analyses.sites import sites_view

        sites = sites_view(store, commodity=cid, include_estimates=False)
        by_country: dict[str, dict[str, Any]] = {}
        ladder: dict[str, int] = {}
        for s in sites["sites"]:
            row = by_country.setdefault(
                s["country"] or "?", {"iso3": s["country"] or "?", "sites": 0, "estimated": 0}
            )
            row["sites"] += 1
            level = s["confidence"]["ladder"]
            ladder[level] = ladder.get(level, 0) + 1
            if s["confidence"]["level"] > 0:
                row["estimated"] += 1
        out["sites"] = {
            "count": sites["count"],
            "by_country": sorted(by_country.values(), key=lambda r: (-r["sites"], r["iso3"])),
            "by_confidence": ladder,
        }
        for s in sites["sites"]:
            for record in s["sources"]:
                src = record.get("source") or {}
                if src.get("id"):
                    sources.setdefault(src["id"], src)
    except Exception as exc:  # noqa: BLE001
        out["missing"].append(f"sites: {type(exc).__name__}: {exc}")
    out["sources"] = list(sources.values())
    out["summary"] = executive_summary(out)
    return out


def executive_summary(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A few sentences, each with its sources; three significant figures, exact in tables."""
    from assay.formatting import label, percent, tonnes

    view = data["view"]
    name = view["commodity"]["name"]
    items: list[dict[str, Any]] = []

    def amount(row: dict[str, Any]) -> str:
        text = tonnes(row["value"]) if row.get("unit") == "t" else f"{row['value']} {row['unit']}"
        basis = f" {row['basis']}" if row.get("basis") else ""
        qualifier = {">": "more than ", "<": "less than "}.get(row.get("qualifier") or "", "")
        return f"{qualifier}{text}{basis}"

    for measure in ("mine_production", "refinery_production", "reserves"):
        m = view["measures"].get(measure)
        if not m or not m.get("rows"):
            continue
        world = m.get("world") or {}
        countries = [r for r in m["rows"] if r.get("rank")][:3]
        lead = "; ".join(
            f"{r['country']} {amount(r)}"
            + (f" ({percent(r['share'] / 100)})" if r.get("share") is not None else "")
            for r in countries
        )
        text = f"World {label(measure)} of {name.lower()}"
        if world.get("value") is not None:
            text += f" in {m['data_year']}: {amount(world)}"
        text += f" (MCS {view['edition']}). Largest: {lead}."
        if m.get("hhi") is not None and m["hhi"] == m["hhi"]:
            text += (f" Herfindahl-Hirschman index {m['hhi']:,.0f} ({m.get('hhi_band')}, "
                     "DOJ/FTC 2023 bands).")  # fmt: skip
        if (m.get("share_basis") or {}).get("note") and world.get("qualifier") in (">", "<"):
            text += f" Note: {m['share_basis']['note']}."
        items.append({"text": text, "sources": m.get("sources") or []})
    risk = data.get("risk") or {}
    reliance = risk.get("us_import_dependence") or {}
    if reliance.get("net_import_reliance") is not None:
        partners = ", ".join(
            f"{p['name']} {percent(p['share'])}"
            for p in reliance.get("import_sources") or []
            if p.get("iso3")
        )
        text = (f"U.S. net import reliance ({reliance.get('label')}): "
                f"{reliance['net_import_reliance']:.0f} % of apparent consumption in "
                f"{reliance.get('data_year')}")  # fmt: skip
        period = next((p.get("period") for p in reliance.get("import_sources") or []), None)
        if partners:
            text += f"; import sources{f' {period}' if period else ''}: {partners}."
        else:
            text += "."
        ids = [reliance.get("source_id")] + [
            p.get("source_id") for p in reliance.get("import_sources") or []
        ]
        items.append({"text": text, "sources": sorted({i for i in ids if i})})
    eu = (risk.get("import_partners") or {}).get("EU27")
    if eu and eu.get("shares"):
        top = sorted(eu["shares"].items(), key=lambda kv: -kv[1])[:4]
        text = "EU27 imports by partner (" + eu["basis"] + "): "
        text += ", ".join(f"{iso3} {percent(share)}" for iso3, share in top) + "."
        items.append({"text": text, "sources": []})
    sites = data.get("sites")
    if sites and sites["count"]:
        top = ", ".join(f"{r['iso3']} {r['sites']}" for r in sites["by_country"][:5])
        estimated = sum(r["estimated"] for r in sites["by_country"])
        items.append(
            {
                "text": f"The site inventory holds {sites['count']} sites naming "
                f"{name.lower()}, {estimated} of them with a classified resource estimate; "
                f"most in {top}.",
                "sources": [],
            }
        )
    return items


def commodity_report(
    store: Any, commodity: str, edition: int | None = None, progress: Progress | None = None
) -> Report:
    """The commodity briefing as an HTML/PDF report with figures and its sources in full
    (``progress(step, done, total)`` is called before the data, figures and HTML stages)."""
    step = progress or no_progress
    step("data", 0, 3)
    data = commodity_briefing(store, commodity, edition)
    step("figures", 1, 3)
    view = data["view"]
    name = view["commodity"]["name"]
    figs: dict[str, str] = {}
    production = view["measures"].get("mine_production") or {}
    if production.get("rows"):
        unit = f"{production.get('unit')} {production.get('basis') or ''}".strip()
        figs["world"] = figures.world_map(
            {r["iso3"]: r["value"] for r in production["rows"] if r.get("iso3")},
            title=f"{name}: mine production {production.get('data_year')} (MCS {view['edition']})",
            unit=f"[{unit}]",
        )
    reserves = view["measures"].get("reserves") or {}
    if reserves.get("rows"):
        rows = [r for r in reserves["rows"] if r.get("share") is not None][:TOP_ROWS]
        figs["reserves"] = figures.bar_chart(
            [r["country"] for r in rows],
            [r["share"] for r in rows],
            title=f"{name}: share of world reserves (MCS {view['edition']})",
            unit="share of the published world total [%]",
        )
    series = (data.get("risk") or {}).get("series") or {}
    lines = {
        label: ([p["edition"] for p in points if p.get("edition")],
                [p.get("china_share") for p in points if p.get("edition")])
        for label, points in (("mine production", series.get("mine_production") or []),
                              ("reserves", series.get("reserves") or []))
        if any(p.get("china_share") is not None for p in points)
    }  # fmt: skip
    if lines:
        figs["china"] = figures.line_chart(
            lines,
            title=f"{name}: China's share by MCS edition",
            x_title="MCS edition [year]",
            y_title="China's share of world total [%]",
        )
    title = f"Commodity briefing: {name}"
    step("HTML", 2, 3)
    html = render_html(
        "commodity.html",
        title=title,
        data=data,
        figs={k: figures.svg_data_uri(v) for k, v in figs.items()},
        sources=data["sources"],
        source_number={src["id"]: i for i, src in enumerate(data["sources"], start=1)},
        top_rows=TOP_ROWS,
    )
    return Report(title=title, slug=f"commodity-{view['commodity']['id']}", html=html, data=data)
