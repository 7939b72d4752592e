"""Deal report: a revenue-share fund scenario (``assay report deal SPEC.yaml``).

Executive summary first (what is contributed, what flows back and when, the probability of
payback and of the target, present values by party), then the fan chart of cumulative
inflow, the year table, the terms and every assumption of the spec (its own header notes
included), and the sources in full: the reported terms of the 30 April 2025 US-Ukraine
agreement (``assay/reference/sources_deals.csv``) and the mine lead-time study. Model:
:func:`assay.models.econ.deal.simulate_deal`, summary
:func:`assay.analyses.economics.deal_summary`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from assay.reports import figures
from assay.reports.render import Progress, Report, no_progress, render_html


def _spec_notes(path: Path) -> str | None:
    """The comment block that opens the spec file: where its author states what is assumed."""
    lines = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines) or None


def _agreement_sources() -> list[dict[str, Any]]:
    import assay.reference

    path = Path(assay.reference.__file__).parent / "sources_deals.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["id"].startswith("deal-")]


def deal_data(spec_path: Path) -> dict[str, Any]:
    """Simulate the fund of ``spec_path`` and gather what the report shows.

    Returns
    -------
    dict
        ``summary`` (:func:`deal_summary`), ``spec_notes`` (the spec's header comment),
        ``projects`` (name, licence year, count, revenue [USD/yr], life [yr], royalty),
        ``contributions`` (party, year, amount [USD]), ``headline`` (list of
        ``{"text", "sources"}``), ``sources`` and the raw ``curves`` for the fan chart.
    """
    import numpy as np

    from assay.analyses.economics import deal_summary, load_deal_spec
    from assay.models.econ.deal import SP_LEAD_TIME_SOURCE, simulate_deal
    from assay.validation import check_deal_spec_file

    check_deal_spec_file(spec_path)
    spec = load_deal_spec(spec_path)
    result = simulate_deal(spec)
    summary = deal_summary(spec, result)
    years = [int(y) for y in result["years"]]
    q10, q50, q90 = np.percentile(result["cumulative"], [10, 50, 90], axis=0)
    sources = [*_agreement_sources(),
               {"id": "sp-lead-time-2023", "publisher": "S&P Global Market Intelligence",
                "title": SP_LEAD_TIME_SOURCE, "year": 2023}]  # fmt: skip
    data = {
        "summary": summary,
        "spec_name": spec_path.name,
        "spec_notes": _spec_notes(spec_path),
        "projects": [
            {
                k: getattr(p, k, None)
                for k in (
                    "name",
                    "licence_year",
                    "count",
                    "annual_revenue_usd",
                    "life_years",
                    "royalty_rate",
                    "licence_fees_usd",
                )
            }
            for p in spec.projects
        ],  # fmt: skip
        "contributions": [
            {
                "party": getattr(c, "party", None),
                "year": getattr(c, "year", None),
                "amount_usd": getattr(c, "amount_usd", None),
            }
            for c in spec.contributions
        ],  # fmt: skip
        "curves": {
            "years": years,
            "q10": q10.tolist(),
            "q50": q50.tolist(),
            "q90": q90.tolist(),
        },  # fmt: skip
        "sources": sources,
    }
    data["headline"] = executive_summary(data)
    return data


def executive_summary(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's first page, in sentences with their sources (three significant figures)."""
    from assay.formatting import fraction, label, money, percent

    s = data["summary"]
    terms = s["terms"]
    agreement = [src["id"] for src in data["sources"] if src["id"].startswith("deal-")]
    items = [
        {
            "text": f"The fund takes {percent(terms['fund_share'])} of the "
            f"{label(terms['inflow_basis']).replace('-', ' ')} from {len(data['projects'])} "
            "groups of new "
            f"licences; {money(terms['contributed_total_usd'])} is contributed "
            f"({', '.join(sorted({c['party'] for c in data['contributions'] if c['party']}))}).",
            "sources": agreement,
        },
        {
            "text": f"Mines start after a lead time of {terms['lead_time']['expected_yr']:.1f} "
            f"years on average ({terms['lead_time']['kind']} distribution), so little flows "
            "in during the first decade.",
            "sources": ["sp-lead-time-2023"],
        },
    ]
    years = sorted(s["cumulative_inflow_by_year"], key=int)
    last = s["cumulative_inflow_by_year"][years[-1]]
    items.append(
        {
            "text": f"By {years[-1]} the fund has received {money(last['q50'])} (median; 10-90 % "
            f"of draws {money(last['q10'])} to {money(last['q90'])}).",
            "sources": [],
        }
    )
    pb = s["payback"]
    text = (f"The contributions are paid back within the horizon in "
            f"{fraction(pb['p_within_horizon'])} of the draws")  # fmt: skip
    if pb.get("median_year"):
        text += f", in {int(round(pb['median_year']))} at the median"
    items.append({"text": text + ".", "sources": []})
    if s.get("target_usd") and s.get("p_target_by_year"):
        year, p = list(s["p_target_by_year"].items())[-1]
        items.append(
            {
                "text": f"Probability that cumulative inflow reaches {money(s['target_usd'])} "
                f"by {year}: {fraction(p)}.",
                "sources": [],
            }
        )
    pv = ", ".join(f"{party} {money(d['mean'])}" for party, d in s["pv_by_party"].items())
    items.append(
        {
            "text": "Present value by party, discounted at "
            f"{percent(terms['discount_rate'])} a year (mean): {pv}.",
            "sources": [],
        }
    )
    return items


def deal_report(spec_path: str | Path, progress: Progress | None = None) -> Report:
    """The deal scenario as an HTML/PDF report (``progress(step, done, total)`` is called
    before the simulation, the figure and the HTML)."""
    step = progress or no_progress
    spec_path = Path(spec_path)
    step("simulation", 0, 3)
    data = deal_data(spec_path)
    step("figures", 1, 3)
    c = data["curves"]
    fig = figures.line_chart(
        {
            "10th percentile": (c["years"], [v / 1e9 for v in c["q10"]]),
            "median": (c["years"], [v / 1e9 for v in c["q50"]]),
            "90th percentile": (c["years"], [v / 1e9 for v in c["q90"]]),
        },
        title="Cumulative fund inflow",
        x_title="year",
        y_title="cumulative inflow [billion USD, nominal]",
    )
    title = f"Deal scenario: {data['summary']['name']}"
    step("HTML", 2, 3)
    html = render_html(
        "deal.html",
        title=title,
        data=data,
        figs={"fan": figures.svg_data_uri(fig)},
        sources=data["sources"],
        source_number={src["id"]: i for i, src in enumerate(data["sources"], start=1)},
    )
    slug = "deal-" + "".join(ch if ch.isalnum() else "-" for ch in spec_path.stem)
    return Report(title=title, slug=slug, html=html, data=data)
