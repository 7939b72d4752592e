"""Deal page: edit a fund scenario (YAML) and see payback and probability curves.

Model and spec: :func:`assay.analyses.economics.load_deal_spec`,
:func:`assay.models.econ.deal.simulate_deal` and ``deal_summary`` (a revenue-share fund fed
by the state take of new mines; lead times after S&P Global Market Intelligence, 2023).
Specs typed into the page may not name files (``from_econ`` / ``from_sites``): the server
reads no path a visitor gives it.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from fastapi import Form, Request
from fastapi.responses import Response

from assay.web.app import PageError, Pages
from assay.web.figures import line_chart

EXAMPLE = Path(__file__).resolve().parents[1] / "deal_example.yaml"
MAX_DRAWS = 20_000
MAX_SPEC_CHARS = 50_000


def deal_data(text: str) -> dict[str, Any]:
    """Run the scenario in YAML ``text``: ``deal_summary`` plus yearly curves.

    Returns
    -------
    dict
        The ``assay deal --json`` summary, plus ``curves``: ``years``, cumulative fund
        inflow percentiles ``q10``/``q50``/``q90`` and ``mean`` [USD], ``p_payback_by``
        (P(payback year ≤ year)), ``p_target_by`` (P(cumulative inflow ≥ target by year))
        and ``contributed_total`` [USD].
    """
    import yaml

    from assay.analyses.economics import deal_summary, load_deal_spec
    from assay.models.econ.deal import simulate_deal

    if len(text) > MAX_SPEC_CHARS:
        raise PageError(f"the scenario is longer than {MAX_SPEC_CHARS:,} characters", 400)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise PageError(f"scenario: not valid YAML{where}", 400) from None
    if not isinstance(doc, dict):
        raise PageError("scenario: expected a mapping of deal settings", 400)
    for i, project in enumerate(doc.get("projects") or []):
        if isinstance(project, dict) and ({"from_econ", "from_sites"} & set(project)):
            raise PageError(
                f"scenario, projects[{i}]: from_econ/from_sites read files and are only "
                "available from the command line (assay deal)",
                400,
            )
    if int(doc.get("n_draws") or 0) > MAX_DRAWS:
        raise PageError(f"scenario: n_draws may be at most {MAX_DRAWS} on the web page", 400)
    with tempfile.TemporaryDirectory(prefix="assay-deal-") as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            spec = load_deal_spec(path)
        except ValueError as exc:
            raise PageError(str(exc).replace(str(path), "scenario"), 400) from exc
    result = simulate_deal(spec)
    summary = deal_summary(spec, result)
    years = np.asarray(result["years"])
    cum = np.asarray(result["cumulative"])
    payback = np.asarray(result["payback_year"], dtype=float)
    curves: dict[str, Any] = {
        "years": years.tolist(),
        "mean": cum.mean(axis=0).tolist(),
        **{f"q{p}": np.percentile(cum, p, axis=0).tolist() for p in (10, 50, 90)},
        "p_payback_by": [float(np.mean(payback <= y)) for y in years],
        "contributed_total": float(result["contributed_total"]),
    }
    if spec.target_usd is not None:
        curves["p_target_by"] = (cum >= spec.target_usd).mean(axis=0).tolist()
    summary["curves"] = curves
    return summary


def deal_figures(data: dict[str, Any]) -> dict[str, Any]:
    c = data["curves"]
    years = c["years"]
    fan = line_chart(
        {
            "90th percentile": (years, c["q90"]),
            "median": (years, c["q50"]),
            "10th percentile": (years, c["q10"]),
            "mean": (years, c["mean"]),
            "contributed capital": (years, [c["contributed_total"]] * len(years)),
        },
        title="Cumulative fund inflow [USD]",
        x_title="year",
        y_title="USD",
        mode="lines",
    )
    probs = {"P(payback by year)": (years, c["p_payback_by"])}
    if "p_target_by" in c:
        probs[f"P(inflow ≥ target {data['target_usd']:,.3g} USD by year)"] = (
            years,
            c["p_target_by"],
        )
    prob = line_chart(
        probs, title="Probabilities by year", x_title="year", y_title="probability", mode="lines"
    )
    prob["layout"]["yaxis"]["range"] = [0, 1.02]
    return {"fan": fan, "probabilities": prob}


def register(pages: Pages) -> None:
    if not pages.has("economics"):
        return

    try:
        from assay.analyses.economics import deal_summary, load_deal_spec  # noqa: F401
        from assay.models.econ.deal import simulate_deal  # noqa: F401
    except ImportError:
        return
    app = pages.app
    pages.add_nav("Deal", "/deal")

    def run(text: str) -> tuple[str, dict[str, Any]]:
        key = hashlib.sha256(text.encode()).hexdigest()[:16]
        return key, pages.data(("deal", key), lambda: deal_data(text))

    def show(text: str, error: str | None = None, status: int = 200) -> Response:
        data = None
        if error is None:
            key, data = run(text)
        response = pages.render(
            "deal.html",
            title="Deal scenario: payback and probabilities",
            data=data,
            figures=deal_figures(data) if data else None,
            plots=data is not None,
            spec_text=text,
            error=error,
            path="/deal",
            json_href="/deal.json",
            max_draws=MAX_DRAWS,
        )
        response.status_code = status
        return response

    @app.get("/deal.json", tags=["deal"], summary="The default deal scenario's results")
    def deal_default_json() -> Response:
        key, _ = run(EXAMPLE.read_text(encoding="utf-8"))
        return pages.json(("deal", key), lambda: None)

    @app.post("/deal.json", tags=["deal"], summary="Run a deal scenario (YAML)")
    def deal_json(spec: Annotated[str, Form(description="Deal scenario (YAML)")]) -> Response:
        key, _ = run(spec)
        return pages.json(("deal", key), lambda: None)

    @app.get("/deal", include_in_schema=False)
    def deal_page(request: Request) -> Response:
        from assay.web.app import wants_json

        if wants_json(request):
            return deal_default_json()
        return show(EXAMPLE.read_text(encoding="utf-8"))

    @app.post("/deal", include_in_schema=False)
    def deal_run(request: Request, spec: Annotated[str, Form()] = "") -> Response:
        from assay.web.app import wants_json

        if wants_json(request):
            return deal_json(spec)
        try:
            return show(spec)
        except PageError as exc:
            return show(spec, exc.message, exc.status)
