"""Country dossier: statistics per commodity, sites and "how real", supply-risk position,
news claims; the data of the country page and of ``assay report country``.

Each section comes from the analysis that owns it and is present only when that analysis
is installed: statistics (:func:`assay.analyses.statistics.country_view`), sites
(:func:`assay.analyses.sites.sites_view`, ``country_sites_summary``), supply risk
(:func:`assay.analyses.risk.risk_view`) and news (``claims_mentioning_country``).
"""

from __future__ import annotations

import importlib
from typing import Any

from assay.reports import figures
from assay.reports.render import Progress, Report, no_progress, render_html

#: risk positions are computed for at most this many of the country's commodities
MAX_RISK_COMMODITIES = 12


def _optional(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def statistics_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per commodity and series: the latest edition's value, share and rank.

    A series is one published sub-table with one basis and unit
    (:func:`assay.models.series.series_key`): iron ore's "iron content" and "usable ore"
    reserves are two rows, and each row's previous-edition value comes from the same series
    only (never Ukraine's crude-ore reserves against its iron content).
    """
    rows = []
    for commodity in view["commodities"]:
        for measure, entries in commodity["measures"].items():
            groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
            for e in entries:
                key = (e.get("sub_table") or "", e.get("basis") or "", e.get("unit") or "")
                groups.setdefault(key, []).append(e)
            for series in groups.values():
                latest = max(series, key=lambda e: (e.get("edition") or 0, e.get("data_year") or 0))
                previous = [
                    e
                    for e in series
                    if (e.get("edition") or 0) < (latest.get("edition") or 0)
                    and e.get("value") is not None
                ]
                previous.sort(key=lambda e: (e.get("edition") or 0, e.get("data_year") or 0))
                rows.append(
                    {
                        "commodity_id": commodity["id"],
                        "commodity": commodity["name"],
                        "measure": measure,
                        "sub_table": latest.get("sub_table"),
                        "series_label": latest.get("series_label"),
                        "world_table": latest.get("world_table"),
                        "edition": latest.get("edition"),
                        "data_year": latest.get("data_year"),
                        "detail": latest.get("detail"),
                        "value": latest.get("value"),
                        "unit": latest.get("unit"),
                        "basis": latest.get("basis"),
                        "qualifier": latest.get("qualifier"),
                        "share": latest.get("share"),
                        "rank": latest.get("rank"),
                        "of": latest.get("of"),
                        "previous_value": previous[-1]["value"] if previous else None,
                        "previous_edition": previous[-1].get("edition") if previous else None,
                        "flag": latest.get("flag"),
                        "correction": latest.get("correction"),
                        "source": latest.get("source"),
                        "row_ref": latest.get("row_ref"),
                    }
                )
    return rows


def _risk_positions(
    store: Any, iso3: str, commodity_ids: list[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    risk_view = _optional("assay.analyses.risk", "risk_view")
    if risk_view is None:
        return [], []
    positions, failures = [], []
    for cid in commodity_ids[:MAX_RISK_COMMODITIES]:
        try:
            view = risk_view(store, cid, detail=False)  # the headline indicators suffice
        except Exception as exc:  # one commodity's risk view must not sink the dossier
            failures.append(f"{cid}: {type(exc).__name__}: {exc}")
            continue
        measure = view.get("top_measure")
        mine = next((t for t in view.get("top", []) if t.get("iso3") == iso3), None)
        positions.append(
            {
                "commodity_id": cid,
                "edition": view.get("edition"),
                "measure": measure,
                "hhi": (view.get("hhi") or {}).get(measure),
                "hhi_band": ((view.get("hhi_bands") or {}).get(measure) or {})
                .get("doj_ftc_2023", {})
                .get("label"),
                "china_share": (view.get("china_share") or {}).get(measure),
                "country_rank": mine.get("rank") if mine else None,
                "country_share": mine.get("share") if mine else None,
                "eu_crm_supply_risk": ((view.get("supply_risk") or {}).get("eu_crm") or {}).get(
                    "value"
                ),
                "us_net_import_reliance": view.get("us_net_import_reliance"),
            }
        )
    return positions, failures


def country_dossier(store: Any, country: str) -> dict[str, Any]:
    """Everything the country page and report show about one country.

    Parameters
    ----------
    store
        An open :class:`assay.store.Store`.
    country
        ISO3 code or any name :func:`assay.store.lookup.resolve_country` accepts.

    Returns
    -------
    dict
        ``country`` (iso3, name, ...), ``statistics`` (rows of :func:`statistics_rows`:
        latest value, share [% of world], rank per commodity and measure), ``commodities``
        (the full ``country_view`` entries), ``sites`` (list, with ``lat``/``lon``),
        ``how_real`` (``country_sites_summary``, with ``regions_unresolved`` and
        ``sites_without_region``), ``regions`` (:func:`region_rows`), ``risk`` (position
        per commodity),
        ``claims`` (news claims mentioning it), ``sections`` (which were available) and
        ``sources`` (every source cited).

    Raises
    ------
    UnknownNameError
        For an unknown country.
    """
    from assay.analyses.statistics import country_view

    view = country_view(store, country)
    iso3 = view["country"]["iso3"]
    out: dict[str, Any] = {
        "country": view["country"],
        "statistics": statistics_rows(view),
        "commodities": view["commodities"],
        "sections": ["statistics"],
        "units": {"share": "% of the published world total", "value": "unit of each row"},
    }
    sites_view = _optional("assay.analyses.sites", "sites_view")
    summary = _optional("assay.analyses.sites", "country_sites_summary")
    if sites_view is not None and summary is not None:
        sites = sites_view(store, country=iso3, include_estimates=False)["sites"]
        for site in sites:
            location = site.get("location") or {}
            site["lat"] = location.get("lat", location.get("latitude"))
            site["lon"] = location.get("lon", location.get("longitude"))
        out["sites"] = sites
        out["how_real"] = summary(store, iso3)
        out["regions"] = region_rows(sites)
        out["sections"].append("sites")
    # best rank first, ties by id: a set's order changes with each process's hash seed, and
    # the first MAX_RISK_COMMODITIES of it are tabulated (the dossier must not change per run)
    commodity_ids = sorted(
        {r["commodity_id"] for r in out["statistics"] if r.get("rank") is not None},
        key=lambda cid: (
            min(
                (r["rank"] for r in out["statistics"] if r["commodity_id"] == cid and r["rank"]),
                default=999,
            ),
            cid,
        ),
    )
    if _optional("assay.analyses.risk", "risk_view") is not None:
        out["risk"], out["risk_unavailable"] = _risk_positions(store, iso3, commodity_ids)
        out["sections"].append("risk")
    claims_fn = _optional("assay.analyses.news", "claims_mentioning_country")
    if claims_fn is not None:
        out["claims"] = claims_fn(store, iso3)
        out["sections"].append("news")
    sources: dict[str, dict[str, Any]] = {}
    for row in out["statistics"]:
        if row.get("source"):
            sources.setdefault(row["source"]["id"], row["source"])
    for s in (out.get("how_real") or {}).get("sources", []) or []:
        if isinstance(s, dict) and s.get("id"):
            sources.setdefault(s["id"], s)
    out["sources"] = list(sources.values())
    return out


def region_rows(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sites per normalised admin-1 region of a country, most sites first.

    Each row: ``region`` (canonical name of the ISO 3166-2 subdivision, else the published
    string), ``region_code`` (ISO 3166-2, ``None`` when unresolved), ``sites`` [count] and
    ``methods`` ({how the region was resolved: sites}; see
    :func:`assay.analyses.sites.place_records`: point-in-polygon, gazetteer, alias,
    nearest-site, unresolved). Sites with no region are counted under ``region`` ``None``.
    """
    rows: dict[tuple[Any, Any], dict[str, Any]] = {}
    for site in sites:
        key = (site.get("region"), site.get("region_code"))
        candidates = " or ".join(c["code"] or "?" for c in site.get("region_candidates") or [])
        if candidates:  # near a border: both regions, counted apart (no one ISO code)
            names = " or ".join(c["name"] for c in site["region_candidates"])
            key = (f"{names} (border, uncertain)", None)
        row = rows.setdefault(
            key, {"region": key[0], "region_code": key[1], "sites": 0, "methods": {}}
        )
        if candidates:
            row["candidate_codes"] = candidates
        row["sites"] += 1
        method = site.get("region_method") or ("none" if key[0] is None else "unknown")
        row["methods"][method] = row["methods"].get(method, 0) + 1
    return sorted(
        rows.values(),
        key=lambda r: (
            r["region"] is None,
            r["region_code"] is None,
            -r["sites"],
            r["region"] or "",
        ),
    )


def country_report(store: Any, country: str, progress: Progress | None = None) -> Report:
    """The country dossier as an HTML/PDF report with figures and a sources section
    (``progress(step, done, total)`` is called before the data, figures and HTML stages)."""
    step = progress or no_progress
    step("data", 0, 3)
    data = country_dossier(store, country)
    step("figures", 1, 3)
    name = data["country"]["name"]
    iso3 = data["country"]["iso3"]
    figs: dict[str, str] = {}
    shares = [r for r in data["statistics"] if r.get("share") and r["measure"] != "reserves"]
    shares = sorted(shares, key=lambda r: r["share"], reverse=True)[:15]
    if shares:
        figs["shares"] = figures.bar_chart(
            [
                f"{r['commodity']} ({r['measure'].replace('_', ' ')}"
                + (f", {r['sub_table']}" if r.get("sub_table") else "")
                + ")"
                for r in shares
            ],
            [r["share"] for r in shares],
            title=f"{name}: share of world output, latest edition",
            unit="% of world total",
        )
    reserves = [r for r in data["statistics"] if r.get("share") and r["measure"] == "reserves"]
    if reserves:
        figs["reserves"] = figures.bar_chart(
            [
                r["commodity"] + (f" ({r['sub_table']})" if r.get("sub_table") else "")
                for r in reserves
            ],
            [r["share"] for r in reserves],
            title=f"{name}: share of world reserves, latest edition",
            unit="% of world total",
        )
    figs["map"], data["map"] = _projected_map(store, data)
    data["summary"] = executive_summary(data)
    step("HTML", 2, 3)
    html = render_html(
        "country.html",
        title=f"Country dossier: {name}",
        data=data,
        figs={k: figures.svg_data_uri(v) for k, v in figs.items()},
        sources=data["sources"],
        source_number={src["id"]: i for i, src in enumerate(data["sources"], start=1)},
    )
    return Report(title=f"Country dossier: {name}", slug=f"country-{iso3}", html=html, data=data)


def _projected_map(store: Any, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The dossier's map (SVG) in an equal-area projection clipped to the country, with
    claimed/occupied areas of the store's control layer, and the frame it was drawn in."""
    from assay.reports.geo import country_map_figure, save_country_map, sites_frame

    iso3, name = data["country"]["iso3"], data["country"]["name"]
    sites = data.get("sites") or []
    try:
        control = store.query("SELECT * FROM control_area ORDER BY as_of, id")
    except Exception:  # noqa: BLE001 - a store without the sites component: no control layer
        control = []
    frame = sites_frame({"sites": sites}) if sites else None
    located = 0 if frame is None else int((~frame.geometry.isna()).sum())
    title = f"{name}: {located} located sites by confidence of their estimates"
    fig, ax, proj = country_map_figure(iso3, frame, title=title if sites else name, control=control)
    extent = {
        "crs": proj.crs,
        "xlim": list(ax.get_xlim()),
        "ylim": list(ax.get_ylim()),
        "country_bounds": list(proj.bounds),
        "located_sites": located,
    }
    return str(save_country_map(fig, None, "svg")), extent


def executive_summary(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The dossier's first page: a few sentences, each with the sources it rests on.

    Each item is ``{"text": str, "sources": [source ids]}``; numbers are rounded to three
    significant figures (:mod:`assay.formatting`), the exact values are in the tables.
    """
    from assay.formatting import label, number, percent, tonnes

    name = data["country"]["name"]
    items: list[dict[str, Any]] = []
    ranked = [
        r
        for r in data["statistics"]
        if r.get("rank") and r.get("share") is not None and r.get("world_table") is not False
    ]

    def describe(r: dict[str, Any]) -> str:
        what = f"{r['commodity'].lower()} {label(r['measure'])}"
        if r.get("sub_table"):
            what += f" ({r['sub_table']})"
        amount = tonnes(r["value"]) if r.get("unit") == "t" else f"{number(r['value'])} {r['unit']}"
        return (
            f"{what}: rank {r['rank']} of {r['of']}, {percent(r['share'] / 100)} of the world "
            f"total ({amount}, MCS {r['edition']})"
        )

    output = sorted(
        (r for r in ranked if r["measure"] != "reserves"), key=lambda r: (r["rank"], -r["share"])
    )
    firsts = [r for r in output if r["rank"] == 1]
    top3 = [r for r in output if r["rank"] <= 3]
    if output:
        lead = output[:4]
        items.append(
            {
                "text": f"{name} is the world's largest producer in {len(firsts)} published "
                f"production tables and among the top three in {len(top3)}. Leading: "
                + "; ".join(describe(r) for r in lead)
                + ".",
                "sources": [r["source"]["id"] for r in lead if r.get("source")],
            }
        )
    reserves = sorted((r for r in ranked if r["measure"] == "reserves"), key=lambda r: -r["share"])[
        :3
    ]
    if reserves:
        items.append(
            {
                "text": "Largest reserve shares: " + "; ".join(describe(r) for r in reserves) + ".",
                "sources": [r["source"]["id"] for r in reserves if r.get("source")],
            }
        )
    h = data.get("how_real") or {}
    if h.get("sites"):
        ladder = ", ".join(f"{b['ladder']} {b['sites']}" for b in h.get("by_confidence") or [])
        n_inventories = len(h.get("by_dataset") or {})
        text = (
            f"The site inventory links {h['sites']} sites from {n_inventories} sources; "
            f"{h.get('sites_with_estimates', 0)} carry a resource estimate"
        )
        text += f" (sites with an estimate at each level: {ladder})." if ladder else "."
        if h.get("sites_without_region"):
            text += f" {h['sites_without_region']} sites have no admin-1 region."
        cited = [s["id"] for s in h.get("sources") or [] if isinstance(s, dict) and s.get("id")]
        items.append({"text": text, "sources": cited[:6]})
    if h.get("controlled_sites"):
        items.append(
            {
                "text": f"{len(h['controlled_sites'])} sites lie in areas claimed or occupied by "
                "another state (control layer dated in the map legend).",
                "sources": [],
            }
        )
    concentrated = [
        r
        for r in data.get("risk") or []
        if r.get("hhi_band") == "highly concentrated"
        and r.get("country_rank")
        and r["country_rank"] <= 3
    ]
    if concentrated:
        commodity = {r["commodity_id"]: r["commodity"].lower() for r in data["statistics"]}
        names = ", ".join(commodity.get(r["commodity_id"], r["commodity_id"]) for r in concentrated)
        items.append(
            {
                "text": f"{name} is a top-three supplier of {len(concentrated)} highly "
                f"concentrated markets (HHI above 1,800, DOJ/FTC 2023 bands): {names}.",
                "sources": [],
            }
        )
    claims = data.get("claims") or []
    if claims:
        verdicts: dict[str, int] = {}
        for c in claims:
            verdicts[str(c.get("verdict"))] = verdicts.get(str(c.get("verdict")), 0) + 1
        counts = ", ".join(f"{n} {label(v)}" for v, n in sorted(verdicts.items()))
        items.append(
            {"text": f"{len(claims)} checked news claims mention {name}: {counts}.", "sources": []}
        )
    return items
