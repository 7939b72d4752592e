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
from assay.web.render import rows_to_csv

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
    except RecursionError:
        raise PageError("scenario: nested too deeply", 400) from None
    if not isinstance(doc, dict):
        raise PageError("scenario: expected a mapping of deal settings", 400)
    from assay.validation import InputError, check_deal_doc

    try:  # the same types, bounds and caps as `assay deal` (assay.validation)
        check_deal_doc(doc, file="scenario")
    except InputError as exc:
        raise PageError(str(exc), 400) from None
    projects = doc.get("projects")
    for i, project in enumerate(projects if isinstance(projects, list) else []):
        if isinstance(project, dict) and ({"from_econ", "from_sites"} & set(project)):
            raise PageError(
                f"scenario, projects[{i}]: from_econ/from_sites read files and are only "
                "available from the command line (assay deal)",
                400,
            )
    if int(doc.get("n_draws") or 10_000) > MAX_DRAWS:
        raise PageError(f"scenario: n_draws may be at most {MAX_DRAWS} on the web page", 400)
    with tempfile.TemporaryDirectory(prefix="assay-deal-") as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            spec = load_deal_spec(path)
        except ValueError as exc:
            raise PageError(str(exc).replace(str(path), "scenario"), 400) from exc
    try:
        result = simulate_deal(spec)
        summary = deal_summary(spec, result)
    except (ArithmeticError, MemoryError, TypeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise PageError(f"scenario: cannot be simulated ({reason})", 400) from None
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


#: columns of the deal downloads; the yearly curves are the charts' data
CURVE_COLUMNS = (
    "year", "cumulative_inflow_q10_usd", "cumulative_inflow_q50_usd",
    "cumulative_inflow_q90_usd", "cumulative_inflow_mean_usd", "contributed_total_usd",
    "p_payback_by_year", "p_target_by_year",
)  # fmt: skip
PARTY_COLUMNS = (
    "party", "ownership", "pv_mean_usd", "pv_q10_usd", "pv_q50_usd", "pv_q90_usd",
)  # fmt: skip


def deal_tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The deal page's tables as CSV rows: ``curves`` (one row per year: cumulative fund
    inflow percentiles and mean [USD], P(payback by year), P(target by year)) and
    ``pv_by_party`` (present value per party [USD, discounted to start_year])."""
    c = data["curves"]
    target = c.get("p_target_by") or [None] * len(c["years"])
    curves = [
        dict(
            zip(
                CURVE_COLUMNS,
                (y, q10, q50, q90, mean, c["contributed_total"], pay, tgt),
                strict=True,
            )
        )
        for y, q10, q50, q90, mean, pay, tgt in zip(
            c["years"],
            c["q10"],
            c["q50"],
            c["q90"],
            c["mean"],
            c["p_payback_by"],
            target,
            strict=True,
        )
    ]
    ownership = (data.get("terms") or {}).get("ownership") or {}
    parties = [
        {
            "party": party,
            "ownership": ownership.get(party, 0),
            **{f"pv_{k}_usd": d.get(k) for k in ("mean", "q10", "q50", "q90")},
        }
        for party, d in (data.get("pv_by_party") or {}).items()
    ]
    return {"curves": curves, "pv_by_party": parties}


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
    # below the server's request limit, so that the page can say why instead of a bare 503
    time_limit = max(1.0, 0.9 * pages.ctx.request_timeout_s)

    def run(text: str) -> tuple[str, dict[str, Any]]:
        from assay.web.security import WorkError, WorkTimeout, run_with_time_limit

        key = hashlib.sha256(text.encode()).hexdigest()[:16]

        def compute() -> dict[str, Any]:
            # a forked worker, killed at the request's time limit: the simulation stops
            # rather than running on in a thread after the client was answered 503
            try:
                return run_with_time_limit(deal_data, text, seconds=time_limit)
            except WorkTimeout as exc:
                raise PageError(f"scenario: {exc}; ask for fewer n_draws", 503) from None
            except WorkError as exc:
                raise PageError(str(exc), exc.status or 400) from None

        return key, pages.data(("deal", key), compute)

    def show(text: str, error: str | None = None, status: int = 200) -> Response:
        data, key = None, None
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
            run_key=key if data else None,
        )
        response.status_code = status
        return response

    @app.get("/deal.json", tags=["deal"], summary="The default deal scenario's results")
    def deal_default_json() -> Response:
        key, _ = run(EXAMPLE.read_text(encoding="utf-8"))
        return pages.json(("deal", key), lambda: None)

    @app.post(
        "/deal.json",
        tags=["deal"],
        summary="Run a deal scenario (YAML)",
        description="The scenario is a YAML document (the Deal page's text box); a text that "
        "is not a YAML mapping of valid deal settings is answered 400 with the line or key "
        "at fault.",
    )
    def deal_json(
        spec: Annotated[
            str,
            Form(
                description="Deal scenario: a YAML mapping of deal settings (the keys of "
                "the page's default scenario)",
                min_length=1,
                max_length=MAX_SPEC_CHARS,
            ),
        ],
    ) -> Response:
        key, _ = run(spec)
        return pages.json(("deal", key), lambda: None)

    def stored(key: str) -> dict[str, Any]:
        example = EXAMPLE.read_text(encoding="utf-8")
        if key == hashlib.sha256(example.encode()).hexdigest()[:16]:
            return run(example)[1]

        def missing() -> dict[str, Any]:
            raise PageError(f"no deal run {key!r} in this server's memory; run it again")

        return pages.data(("deal", key), missing)

    @app.get("/deal/run/{key}.json", tags=["deal"], summary="A deal run's result")
    def deal_run_json(key: str) -> Response:
        return pages.json(("deal", key), lambda: stored(key))

    @app.get("/deal/run/{key}/{table}.csv", tags=["deal"], summary="A deal run's table as CSV")
    def deal_csv(key: str, table: str) -> Response:
        """``curves`` (yearly inflow percentiles and probabilities) or ``pv_by_party``."""
        columns = {"curves": CURVE_COLUMNS, "pv_by_party": PARTY_COLUMNS}
        if table not in columns:
            raise PageError("deal tables: curves, pv_by_party", 404)
        rows = deal_tables(stored(key))[table]
        return Response(
            rows_to_csv(rows, columns[table]),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="deal-{key}-{table}.csv"'},
        )

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
