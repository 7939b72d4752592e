"""``assay econ``, ``assay value`` and ``assay deal``: what a resource is worth.

- ``econ``: the RAEF economic filter (Shapiro and Robinson, 2019, USGS TM 7-C23) over
  MapMark4 simulated deposits;
- ``value``: gross in-situ value vs recoverable value vs NPV of a deposit, a site list or an
  assessment, with the prices and their year;
- ``deal``: Monte Carlo of a revenue-share fund from a YAML spec.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli._common import JsonOption, QuietOption, console, emit_json, fail, progress


def _fmt(x: Any, digits: int = 3) -> str:
    # the one text formatter (three significant figures, never scientific notation)
    from assay.formatting import number

    return number(x, digits)


def _usd(x: Any) -> str:
    from assay.formatting import money

    return money(x, "USD")


def _t(x: Any) -> str:
    from assay.formatting import tonnes

    return tonnes(x)


def _year(x: Any) -> str:
    # a median year may arrive as a float (2060.0): a year has no thousands separator
    return "—" if x is None or x != x else str(int(round(float(x))))


def _label(code: Any) -> str:
    from assay.formatting import label

    return label(code)


def _pairs(items: list[str] | None, option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            if "=" not in part:
                fail(f"{option} {part!r}: expected NAME=NUMBER")
            key, _, text = part.partition("=")
            try:
                out[key.strip()] = float(text)
            except ValueError:
                fail(f"{option} {part!r}: {text!r} is not a number")
    return out


def econ(
    deposits: Annotated[
        Path, typer.Option("--deposits", help="MapMark4 simulated-deposit CSV (_05_SIM_EF).")
    ],
    preset: Annotated[Path, typer.Option("--preset", help="RAEF preset file (RaefPreSetFile).")],
    values: Annotated[
        Path | None, typer.Option("--values", help="RAEF commodity values (CValues.csv).")
    ] = None,
    recoveries: Annotated[
        Path | None, typer.Option("--recoveries", help="RAEF mill recoveries (MillR.csv).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the depth draws.")] = 0,
    n_simulations: Annotated[
        int | None,
        typer.Option("--n-simulations", help="Simulations (default: largest index)."),
    ] = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """RAEF economic filter: which simulated deposits pay for mine, mill and capital."""
    from assay.analyses.economics import econ_from_files
    from assay.importers.raef import RaefInputError
    from assay.validation import LIMITS, check_cap

    try:
        if n_simulations is not None:
            check_cap(n_simulations, LIMITS.econ_simulations, name="econ_simulations")
        with progress(f"economic filter of {deposits.name}", quiet=quiet or json_out):
            result = econ_from_files(deposits, preset, values, recoveries, seed, n_simulations)
    except (RaefInputError, ValueError, KeyError) as exc:
        fail(str(exc))
    if json_out:
        emit_json(result)
        return
    console.print(
        f"[bold]RAEF economic filter[/] — {result['deposits']} deposits in "
        f"{result['simulations']} simulations; {result['economic_deposits']} economic "
        f"({100 * result['fraction_economic']:.1f} %); P(no economic deposit) = "
        f"{result['p_no_economic']:.4f}"
    )
    methods = Table(title="Deposits by best mine method")
    methods.add_column("method")
    methods.add_column("deposits", justify="right")
    for name, count in result["by_mine_method"].items():
        methods.add_row("none (not economic)" if name in (None, "None") else name, str(count))
    console.print(methods)
    for key, title in (("recovered", "Recovered metal"), ("contained", "Contained metal")):
        convention = result["quantile_convention"]
        table = Table(title=f"{title} per simulation \\[metric t] ({convention})")
        table.add_column("commodity")
        for col in ("mean", "P90", "P50", "P10", "P(0)"):
            table.add_column(col, justify="right")
        for name, s in result[key].items():
            q = s["quantiles"]
            table.add_row(
                name,
                _t(s["mean"]),
                _t(q.get("P90")),
                _t(q.get("P50")),
                _t(q.get("P10")),
                _fmt(s["p_zero"]),
            )
        console.print(table)
    npv = result["npv_tract"]
    console.print(
        f"Tract NPV per simulation: mean {_usd(npv['mean'])}, P50 "
        f"{_usd(npv['quantiles']['P50'])}, P10 {_usd(npv['quantiles']['P10'])}"
    )
    depth = Table(title="By depth class")
    for col in ("class", "depth \\[m]", "p", "deposits", "economic"):
        depth.add_column(col)
    for row in result["by_depth_class"]:
        depth.add_row(
            str(row["depth_class"]),
            f"{_fmt(row['min_m'])}–{_fmt(row['max_m'])}",
            _fmt(row["probability"]),
            str(row["deposits"]),
            str(row["economic_deposits"]),
        )
    console.print(depth)
    be = Table(title="Break-even: economic deposits as all commodity values are scaled")
    for col in ("value factor", "economic deposits", "P(no economic)"):
        be.add_column(col, justify="right")
    for row in result["breakeven"]["by_value_factor"]:
        be.add_row(
            _fmt(row["value_factor"]), str(row["economic_deposits"]), _fmt(row["p_no_economic"])
        )
    console.print(be)
    console.print(f"[dim]Method: {result['source']}[/]")


def value(
    ore_t: Annotated[
        float | None, typer.Option("--ore-t", help="Ore tonnage of one deposit \\[metric t].")
    ] = None,
    grade: Annotated[
        list[str] | None,
        typer.Option("--grade", help="Grade X=PERCENT (repeatable; TREO for rare earths)."),
    ] = None,
    depth_m: Annotated[float, typer.Option("--depth-m", help="Depth to top \\[m].")] = 0.0,
    sites: Annotated[
        Path | None,
        typer.Option("--sites", help="CSV of sites: name, ore_t, <X>_pct columns."),
    ] = None,
    deposits: Annotated[
        Path | None, typer.Option("--deposits", help="MapMark4 simulated-deposit CSV.")
    ] = None,
    preset: Annotated[
        Path | None, typer.Option("--preset", help="RAEF preset (cost-model settings).")
    ] = None,
    prices: Annotated[
        Path | None,
        typer.Option("--prices", help="Price CSV: commodity, usd_per_t|usd_per_kg, year, source."),
    ] = None,
    price_year: Annotated[
        int | None, typer.Option("--price-year", help="Year of the bundled USGS prices.")
    ] = None,
    recovery: Annotated[
        list[str] | None, typer.Option("--recovery", help="Mill recovery X=FRACTION.")
    ] = None,
    payability: Annotated[
        list[str] | None, typer.Option("--payability", help="Payable fraction X=FRACTION.")
    ] = None,
    ree_distribution: Annotated[
        str | None,
        typer.Option(
            "--ree-distribution",
            help="Rare-earth distribution, e.g. La2O3=30,CeO2=50,Pr6O11=5,Nd2O3=15 "
            "(elements or oxides); prices TREO by the oxide basket.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    json_out: JsonOption = False,
) -> None:
    """Headline (in-situ) value vs recoverable value vs NPV, and their ratio."""
    import pandas as pd

    from assay.analyses import economics as ec
    from assay.importers.raef import (
        RaefInputError,
        grade_columns,
        read_preset,
        read_simulated_deposits,
    )
    from assay.models.econ import valuation
    from assay.validation import MAX_TONNES, check_range

    def checked(pairs: dict[str, float], option: str, high: float) -> dict[str, float]:
        # the same physical bounds as every other door (assay.validation)
        for key, number in pairs.items():
            check_range(number, 0, high, field=f"{option} {key}")
        return pairs

    try:
        if ore_t is not None:
            check_range(ore_t, 0, MAX_TONNES, what="ore tonnage (t)", field="--ore-t")
        check_range(depth_m, 0, 20_000, what="depth (m)", field="--depth-m")
        price_table = ec.metal_prices(price_year)
        if prices is not None:
            price_table.update(ec.read_price_file(prices))
        params = read_preset(preset) if preset is not None else None
        recoveries = ec.default_mill_recoveries(
            params.mill_types[0] if params and params.mill_types else "3-Product Flotation"
        )
        recoveries.update(checked(_pairs(recovery, "--recovery"), "--recovery", 1.0))
        pay = checked(_pairs(payability, "--payability"), "--payability", 1.0)
        basket = None
        if ree_distribution:
            dist = _pairs([ree_distribution], "--ree-distribution")
            oxide_prices = ec.ree_oxide_prices(price_year)
            for key, entry in (prices and ec.read_price_file(prices) or {}).items():
                if key in valuation.OXIDE_ELEMENT:
                    oxide_prices[key] = {**entry, "usd_per_kg": entry["usd_per_t"] / 1000}
            b = valuation.basket_price(dist, {k: v["usd_per_kg"] for k, v in oxide_prices.items()})
            years = sorted({v["year"] for v in oxide_prices.values() if v.get("year")})
            basket = {
                "usd_per_kg_treo": b.usd_per_kg,
                "contributions_usd_per_kg": b.contributions,
                "unpriced_fraction": b.unpriced_fraction,
                "oxide_prices": oxide_prices,
            }
            price_table["TREO"] = {
                "usd_per_t": b.usd_per_kg * 1000.0,
                "year": years[-1] if years else None,
                "source": "oxide basket price from USGS MCS separated-oxide prices (Argus)",
            }
        if deposits is not None:
            if params is None:
                fail("--deposits needs --preset (the RAEF cost-model settings)")
            frame = read_simulated_deposits(deposits)
            result = ec.value_assessment(
                frame, int(frame["Simulation.Index"].max()), params, price_table, seed
            )
            rows = [("assessment (mean per simulation)", result)]
        elif sites is not None:
            frame = _read_sites_csv(sites)
            if "ore_t" not in frame.columns:
                fail(f"{sites}, row 1, column 'ore_t': required column missing")
            cols = grade_columns(list(frame.columns))
            rows = []
            for i, r in frame.iterrows():
                g = {k: float(r[c]) for k, c in cols.items() if pd.notna(r[c]) and r[c] > 0}
                if not g or not pd.notna(r["ore_t"]):
                    fail(f"{sites}, row {i + 2}: needs ore_t and at least one grade")
                site_depth = float(r["depth_m"]) if "depth_m" in frame.columns else depth_m
                rows.append(
                    (
                        str(r.get("name", f"site {i + 1}")),
                        ec.value_deposit(
                            float(r["ore_t"]),
                            g,
                            price_table,
                            recoveries,
                            depth_m=site_depth,
                            params=params,
                            payability=pay,
                        ),
                    )
                )
            total = {k: sum(res[k] for _, res in rows) for k in ("in_situ_usd", "recoverable_usd")}
            total["npv_usd"] = sum(max(res["npv_usd"], 0.0) for _, res in rows)
            total["headline_to_npv"] = (
                total["in_situ_usd"] / total["npv_usd"] if total["npv_usd"] > 0 else None
            )
            total["headline_to_recoverable"] = (
                total["in_situ_usd"] / total["recoverable_usd"]
                if total["recoverable_usd"]
                else None
            )
            rows.append(("total (NPV: economic sites only)", total))
            result = {"sites": {n: r for n, r in rows}}
        else:
            if ore_t is None or not grade:
                fail("give --ore-t and --grade X=PERCENT, or --sites, or --deposits with --preset")
            g = checked(_pairs(grade, "--grade"), "--grade", 100.0)
            result = ec.value_deposit(
                ore_t, g, price_table, recoveries, depth_m=depth_m, params=params, payability=pay
            )
            rows = [("deposit", result)]
        if basket is not None:
            result["ree_basket"] = basket
    except (RaefInputError, ValueError, KeyError) as exc:
        fail(str(exc.args[0]) if isinstance(exc, KeyError) else str(exc))
    if json_out:
        emit_json(result)
        return
    table = Table(title="What is it worth [USD]")
    for col in ("", "in-situ (headline)", "recoverable", "NPV", "headline / NPV"):
        table.add_column(col, justify="right")
    for name, res in rows:
        table.add_row(
            name,
            _usd(res["in_situ_usd"]),
            _usd(res["recoverable_usd"]),
            _usd(res["npv_usd"]),
            _fmt(res["headline_to_npv"], 3) if res["headline_to_npv"] else "not economic",
        )
    console.print(table)
    used = rows[0][1].get("prices", {})
    for name, p in used.items():
        console.print(
            f"[dim]{name}: {_fmt(p['usd_per_t'])} USD/t ({p.get('year')}) — {p['source']}[/]"
        )
    if basket is not None:
        console.print(
            f"[dim]TREO basket {_fmt(basket['usd_per_kg_treo'])} USD/kg; unpriced share "
            f"{basket['unpriced_fraction']:.3f}[/]"
        )


def _read_sites_csv(path: Path) -> Any:
    """The ``--sites`` CSV with ore (t) and grades (%) within physical bounds (one-line
    errors naming file, row and column)."""
    import pandas as pd

    from assay.importers.raef import grade_columns
    from assay.validation import MAX_TONNES, check_range

    try:
        frame = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"{path}: not a readable CSV ({reason})")
    bounds = {"ore_t": MAX_TONNES, "depth_m": 20_000.0}
    bounds.update({col: 100.0 for col in grade_columns(list(frame.columns)).values()})
    for col, high in bounds.items():
        if col not in frame.columns:
            continue
        for i, cell in enumerate(frame[col].tolist()):
            if pd.isna(cell):  # a missing cell is reported by the caller
                continue
            check_range(cell, 0, high, file=str(path), row=i + 2, field=col)
    return frame


def deal(
    spec: Annotated[Path, typer.Argument(help="Deal spec (YAML).")],
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG fan chart of cumulative inflow.")
    ] = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Revenue-share / resource-for-aid fund: inflows, payback, P(target), PV by party."""
    from assay.analyses.economics import deal_summary, load_deal_spec, plot_deal
    from assay.importers.raef import RaefInputError
    from assay.models.econ.deal import simulate_deal
    from assay.validation import check_deal_spec_file

    with progress("deal", quiet=quiet or json_out) as step:
        steps = 3 if plot is not None else 2
        try:
            step("reading the spec and simulating", 0, steps)
            check_deal_spec_file(spec)
            parsed = load_deal_spec(spec)
            result = simulate_deal(parsed)
        except (RaefInputError, ValueError) as exc:
            fail(str(exc))
        step("summarising", 1, steps)
        summary = deal_summary(parsed, result)
        if plot is not None:
            step("drawing the fan chart", 2, steps)
            summary["plot"] = str(plot_deal(parsed, result, plot))
    if json_out:
        emit_json(summary)
        return
    console.print(
        f"[bold]{summary['name']}[/] — fund share {_fmt(parsed.fund_share)} of "
        f"{_label(parsed.inflow_basis)}; "
        f"contributed {_usd(summary['terms']['contributed_total_usd'])}; lead time mean "
        f"{summary['terms']['lead_time']['expected_yr']:.1f} yr"
    )
    table = Table(title="Cumulative fund inflow [USD, nominal]")
    for col in ("year", "mean", "q10", "q50", "q90"):
        table.add_column(col, justify="right")
    for year, d in summary["cumulative_inflow_by_year"].items():
        table.add_row(str(year), *(_usd(d[k]) for k in ("mean", "q10", "q50", "q90")))
    console.print(table)
    pb = summary["payback"]
    console.print(
        f"Payback of contributions within horizon: P = {pb['p_within_horizon']:.3f}; "
        f"median year {_year(pb['median_year'])}"
    )
    for year, p in summary["p_target_by_year"].items():
        console.print(f"P(cumulative inflow >= {_usd(summary['target_usd'])} by {year}) = {p:.3f}")
    for party, d in summary["pv_by_party"].items():
        console.print(f"PV to {party}: mean {_usd(d['mean'])} (q10 {_usd(d['q10'])})")
    if plot is not None:
        console.print(f"[dim]plot: {summary['plot']}[/]")


def register(app: typer.Typer) -> None:
    app.command("econ")(econ)
    app.command("value")(value)
    app.command("deal")(deal)
