"""Supply-chain pieces of the commodity page and the country dossier.

- :func:`chain_section_data`: the stages of a commodity (:func:`assay.analyses.chain.
  chain_view`) and the flow of mine output into its first processing stage (from
  :func:`assay.analyses.chain.chain_shock_view`: each mining country's output split by the
  share of its feed exports that goes to China, BACI);
- :func:`chain_figures`: a Plotly Sankey of that flow and China's share at every stage;
- :func:`country_trade_data`: a country's trade partners per supply chain
  (:func:`assay.analyses.trade.country_trade`).

Templates: ``_chain_stages.html`` and ``_country_trade.html``.
"""

from __future__ import annotations

from typing import Any

from assay.web.figures import ACCENT, _layout

CHINA_COLOUR = "#c0392b"
#: mining countries drawn by name in the flow chart (the rest are one node)
FLOW_COUNTRIES = 8


def chain_section_data(store: Any, commodity_id: str) -> dict[str, Any] | None:
    """Stages and the mine-to-processing flow; None for a commodity without a stage model."""
    from assay.analyses.chain import CHAIN_OF, STAGES, chain_shock_view, chain_view

    cid = CHAIN_OF.get(commodity_id, commodity_id)
    if cid not in STAGES:
        return None
    view = chain_view(store, cid)
    flow = None
    stages = STAGES[cid]
    if stages[0] == "mining" and len(stages) > 1:
        try:
            flow = chain_shock_view(store, cid, stages[1], "CHN")
        except (ValueError, KeyError):
            flow = None  # no mine table or trade data: the stage table stands alone
    return {"chain": view, "flow": flow}


def chain_figures(section: dict[str, Any] | None) -> dict[str, Any]:
    """``chain-flow`` (Sankey of mine output to the first processing stage, [t]) and
    ``chain-china`` (China's share by stage, [%])."""
    if not section:
        return {}
    figs: dict[str, Any] = {}
    view = section["chain"]
    flow = section.get("flow")
    if flow and flow["rows"]:
        stage = flow["stage"]
        rows = sorted(flow["rows"], key=lambda r: -r["mine_output_t"])
        named = rows[:FLOW_COUNTRIES]
        rest = rows[FLOW_COUNTRIES:]
        labels = [f"{r['country']} (mining)" for r in named]
        if rest:
            labels.append("other miners")
        china_node, other_node = len(labels), len(labels) + 1
        labels += [f"China ({stage})", f"{stage} elsewhere (or at home)"]
        source, target, value, colour = [], [], [], []

        def link(i: int, to_china: float, elsewhere: float) -> None:
            for node, v, c in (
                (china_node, to_china, CHINA_COLOUR),
                (other_node, elsewhere, ACCENT),
            ):
                if v > 0:
                    source.append(i)
                    target.append(node)
                    value.append(v)
                    colour.append(c + "88")

        for i, r in enumerate(named):
            if r["iso3"] == flow["removed"]:
                link(i, r["mine_output_t"], 0.0)  # China's own ore is separated at home
            else:
                link(i, r["stranded_t"], r["mine_output_t"] - r["stranded_t"])
        if rest:
            link(
                len(named),
                sum(r["stranded_t"] for r in rest),
                sum(r["mine_output_t"] - r["stranded_t"] for r in rest),
            )
        basis = flow["mining"]["basis"] or ""
        figs["chain-flow"] = {
            "data": [
                {
                    "type": "sankey",
                    "arrangement": "snap",
                    "valueformat": ",.0f",
                    "valuesuffix": f" t {basis}".rstrip(),
                    "node": {
                        "label": labels,
                        "pad": 12,
                        "color": [ACCENT] * (len(labels) - 2) + [CHINA_COLOUR, "#7f8c8d"],
                    },
                    "link": {
                        "source": source,
                        "target": target,
                        "value": value,
                        "color": colour,
                    },
                }
            ],
            "layout": _layout(
                f"Mine output {flow['mining']['year']} [t {basis}] to {stage}: share of each "
                f"miner's feed exports going to China (BACI {flow['feed']['trade_year']})",
                height=420,
            ),
        }
    stages = [s for s in view["stages"] if s.get("china_share") is not None]
    if stages:
        figs["chain-china"] = {
            "data": [
                {
                    "type": "bar",
                    "x": [f"{s['stage']} ({s['year']})" for s in stages],
                    "y": [100 * s["china_share"] for s in stages],
                    "marker": {"color": CHINA_COLOUR},
                    "name": "China",
                    "hovertemplate": "%{x}: China %{y:.1f} %<extra></extra>",
                },
                {
                    "type": "bar",
                    "x": [f"{s['stage']} ({s['year']})" for s in stages],
                    "y": [100 * (1 - s["china_share"]) for s in stages],
                    "marker": {"color": ACCENT},
                    "name": "outside China",
                    "hovertemplate": "%{x}: outside China %{y:.1f} %<extra></extra>",
                },
            ],
            "layout": _layout(
                f"{view['name']}: China's share by stage [%]",
                barmode="stack",
                yaxis={"title": {"text": "% of the stage's world total"}, "range": [0, 100]},
                height=320,
            ),
        }
    return figs


def country_trade_data(store: Any, iso3: str) -> list[dict[str, Any]]:
    """Trade partners of a country per supply chain; empty without trade data."""
    from assay.analyses.trade import country_trade

    try:
        return country_trade(store, iso3)
    except ValueError:  # a name the country table does not know: no trade section
        return []
