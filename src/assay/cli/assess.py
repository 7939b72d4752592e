"""``assay assess`` and ``assay assess-batch``: USGS three-part assessments (MapMark4-class)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from assay.cli._common import JsonOption, QuietOption, console, emit_json, fail, progress


def _fmt(value: Any) -> str:
    # the one text formatter (three significant figures, never scientific notation)
    from assay.formatting import number

    return number(value)


def _print_result(result: dict[str, Any]) -> None:
    pmf = result["pmf"]
    from rich.table import Table  # lazy: not needed for --json

    table = Table(title=f"Tract {result['tract']}: number of undiscovered deposits")
    for column in ("method", "mean", "variance", "sd", "mode", "min", "max", "entropy"):
        table.add_column(column, justify="right")
    table.add_row(*[_fmt(pmf[c]) for c in ("method", "mean", "variance", "sd", "mode", "min",
                                            "max", "entropy")])  # fmt: skip
    console.print(table)
    params = ", ".join(f"{k} = {_fmt(v)}" for k, v in pmf["params"].items())
    if params:
        console.print(f"pmf parameters: {params}")
    totals = result["totals"]
    from rich.table import Table  # lazy: not needed for --json

    table = Table(
        title=f"Contained material per tract \\[t], {result['draws']} simulations, "
        f"seed {result['seed']}"
    )
    table.add_column("statistic")
    for material in totals:
        table.add_column(material, justify="right")
    first = next(iter(totals.values()))
    from assay.formatting import tonnes

    for q in first["quantiles"]:
        table.add_row(f"Q_{q}", *[tonnes(row["quantiles"][q]) for row in totals.values()])
    for key, label in (
        ("mean", "mean"),
        ("sd", "sd"),
        ("p_zero", "P(0)"),
        ("p_exceed_mean", "P(>mean)"),
        ("analytic_mean", "analytic mean"),
        ("analytic_sd", "analytic sd"),
    ):
        # masses as 14.8 Mt; the two probabilities as plain numbers
        fmt = _fmt if key.startswith("p_") else tonnes
        table.add_row(label, *[fmt(row[key]) for row in totals.values()])
    console.print(table)
    console.print(f"[dim]Source: {result['source']}[/]")


def _single_threaded_blas() -> None:
    """One OpenBLAS thread for this process unless the user set one, when NumPy is not loaded
    yet (OpenBLAS reads it when it loads). The assessment's matrices are tiny; its one large
    product (the correlation of the per-draw totals) is memory-bound, and OpenBLAS's idle
    threads spin: ~0.1 s of CPU at 2e4 draws for the same wall time and the same numbers."""
    import os
    import sys

    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _default_workers() -> int:
    """Threads for one assessment: the CPUs this process may use, at most 8."""
    import os

    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        available = os.cpu_count() or 1
    return max(1, min(available, 8))


def register(app: typer.Typer) -> None:
    _register_aggregate(app)
    _register_density(app)

    @app.command("assess")
    def assess(
        spec: Annotated[
            Path | None, typer.Argument(help="Tract spec (YAML or TOML); options override it.")
        ] = None,
        gatm: Annotated[
            Path | None, typer.Option("--gatm", help="Grade-and-tonnage model CSV.")
        ] = None,
        tm: Annotated[Path | None, typer.Option("--tm", help="Tonnage model CSV.")] = None,
        estimates: Annotated[
            Path | None,
            typer.Option(
                "--estimates", help="Estimates CSV (a NDeposits,RelProbs CSV for custom)."
            ),
        ] = None,
        pmf: Annotated[
            str | None, typer.Option("--pmf", help="negbinomial | mark3 | mark4 | custom.")
        ] = None,
        pdf: Annotated[str | None, typer.Option("--pdf", help="normal | kde.")] = None,
        truncate: Annotated[
            bool | None,
            typer.Option("--truncate/--no-truncate", help="Truncate the pdfs to the data range."),
        ] = None,
        joint: Annotated[
            bool | None,
            typer.Option("--joint/--independent", help="One joint tonnage-grade pdf."),
        ] = None,
        draws: Annotated[int | None, typer.Option("--draws", help="Simulations.")] = None,
        seed: Annotated[int | None, typer.Option("--seed", help="Random seed.")] = None,
        max_deposits: Annotated[
            int | None, typer.Option("--max-deposits", help="Mark4 maximum number of deposits.")
        ] = None,
        name: Annotated[str | None, typer.Option("--name", help="Tract name.")] = None,
        workers: Annotated[
            int | None,
            typer.Option(
                "--workers",
                help="Threads (default: the CPUs available, at most 8); the numbers do not "
                "depend on it.",
            ),
        ] = None,
        stream: Annotated[
            bool | None,
            typer.Option(
                "--stream/--no-stream",
                help="Two passes without keeping the draws (bounded memory, same numbers); "
                "default above 2e7 draws.",
            ),
        ] = None,
        show_progress: Annotated[
            bool | None,
            typer.Option(
                "--progress/--no-progress",
                help="Progress bar on stderr when it is a terminal (default from 1e6 draws).",
            ),
        ] = None,
        plots: Annotated[
            Path | None, typer.Option("--plots", help="Write PNG plots into this folder.")
        ] = None,
        econ: Annotated[
            Path | None,
            typer.Option("--econ", help="RAEF preset: run the economic filter on the deposits."),
        ] = None,
        econ_values: Annotated[
            Path | None, typer.Option("--econ-values", help="RAEF CValues.csv override.")
        ] = None,
        econ_recoveries: Annotated[
            Path | None, typer.Option("--econ-recoveries", help="RAEF MillR.csv override.")
        ] = None,
        deposits_csv: Annotated[
            Path | None,
            typer.Option(
                "--deposits-csv", help="Write the simulated deposits (MapMark4 layout) to a CSV."
            ),
        ] = None,
        json_out: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Assess one tract: pmf, tonnage and grade pdfs, simulation, contained totals."""
        _single_threaded_blas()
        from assay.analyses.assessment import assess_tract
        from assay.importers.mapmark4 import MapMark4InputError, tract_spec_with_options

        try:
            if workers is not None and workers < 1:
                raise ValueError(f"--workers must be >= 1, not {workers}")
            tract = tract_spec_with_options(
                spec, gatm=gatm, tm=tm, estimates=estimates, pmf=pmf, pdf=pdf, truncate=truncate,
                joint=joint, draws=draws, seed=seed, max_deposits=max_deposits, name=name,
                econ=econ,
            )  # fmt: skip
            # the deposits only for the economic filter or the deposits CSV (their scatter costs)
            keep = tract.econ is not None or deposits_csv is not None
            if stream and keep:
                raise ValueError("--stream keeps no deposits: drop --econ / --deposits-csv")
            if stream and plots is not None:
                raise ValueError("--stream keeps no draws to plot: drop --plots")
            show = show_progress if show_progress is not None else tract.draws >= 1_000_000
            with progress(f"assess {tract.name}", quiet=quiet or json_out or not show) as step:
                result = assess_tract(
                    tract,
                    keep_deposits=keep,
                    workers=workers if workers is not None else _default_workers(),
                    stream=False if (keep or plots is not None) and stream is None else stream,
                    progress=step,
                )
        except (MapMark4InputError, ValueError) as exc:
            fail(str(exc))
        out = result.to_dict()
        if tract.econ is not None:
            from assay.analyses.assessment import economic_filter

            try:
                out["econ"] = economic_filter(
                    result, tract.econ, econ_values, econ_recoveries, seed=tract.seed
                )
            except (ValueError, OSError) as exc:
                fail(f"{tract.econ}: {exc}")
        if plots is not None:
            try:
                out["plots"] = [str(p) for p in result.save_plots(plots)]
            except OSError as exc:
                fail(f"{plots}: cannot write plots ({exc.strerror or exc})")
        if deposits_csv is not None:
            try:
                deposits_csv.parent.mkdir(parents=True, exist_ok=True)
                result.simulation.deposits_frame().to_csv(deposits_csv, index=False)
            except OSError as exc:
                fail(f"{deposits_csv}: cannot write ({exc})")
            out["deposits_csv"] = str(deposits_csv)
        if json_out:
            emit_json(out)
            return
        _print_result(out)
        if "econ" in out:
            econ_out = out["econ"]
            console.print(
                f"Economic filter (RAEF): {econ_out.get('economic_deposits')} of "
                f"{econ_out.get('deposits')} simulated deposits economic; details with --json."
            )
        if plots is not None:
            console.print(f"plots: {', '.join(out['plots'])}")

    @app.command("assess-batch")
    def assess_batch(
        batch: Annotated[Path, typer.Argument(help="Batch file: seed, draws, tracts (YAML/TOML).")],
        address: Annotated[
            str | None, typer.Option("--address", help="Dask scheduler address (default local).")
        ] = None,
        workers: Annotated[int, typer.Option("--workers", help="Local Dask workers.")] = 2,
        draws: Annotated[int | None, typer.Option("--draws", help="Simulations per tract.")] = None,
        seed: Annotated[
            int | None, typer.Option("--seed", help="Root seed (default the file's).")
        ] = None,
        serial: Annotated[
            bool, typer.Option("--serial", help="Run in this process, without Dask.")
        ] = False,
        save_simulations: Annotated[
            Path | None,
            typer.Option(
                "--save-simulations",
                help="Write each tract's simulated totals into this folder (for assay aggregate).",
            ),
        ] = None,
        json_out: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Assess many tracts on a Dask cluster; per-tract seeds spawned from one root seed."""
        import time

        from assay.analyses.assessment import (
            assess_tracts,
            check_batch_options,
            save_tract_simulations,
        )
        from assay.analyses.manifest import build_manifest
        from assay.importers.mapmark4 import MapMark4InputError, read_batch_spec

        clock = time.perf_counter()
        try:
            spec = read_batch_spec(batch)
            root = spec.seed if seed is None else seed
            check_batch_options(draws, workers, option_prefix="--")
            with progress("assess-batch", quiet=quiet or json_out) as step:
                results = assess_tracts(
                    spec.tracts,
                    root,
                    draws=draws if draws is not None else spec.draws,
                    address=address,
                    n_workers=workers,
                    scheduler="serial" if serial else "dask",
                    progress=step,
                    keep_totals=save_simulations is not None,
                )
        except (MapMark4InputError, ValueError) as exc:
            fail(str(exc))
        except OSError as exc:  # e.g. a Dask scheduler --address that does not answer
            fail(f"--address {address}: {exc}" if address else str(exc))
        if save_simulations is not None:
            try:
                save_tract_simulations(results, save_simulations, root)
            except OSError as exc:
                fail(f"{save_simulations}: cannot write the simulations ({exc.strerror or exc})")
            for result in results:
                result.pop("simulated_totals", None)
        manifest = build_manifest(
            "assess-batch",
            inputs={"batch": batch},
            parameters={
                "draws": draws if draws is not None else spec.draws,
                "scheduler": "serial" if serial else "dask",
                "workers": workers,
                "tracts": len(results),
            },  # fmt: skip
            seed=root,
            timings_s={"total": time.perf_counter() - clock},
        )
        if json_out:
            out = {"seed": root, "tracts": results, "manifest": manifest}
            if save_simulations is not None:
                out["simulations"] = str(save_simulations)
            emit_json(out)
            return
        from rich.table import Table  # lazy: not needed for --json

        table = Table(title=f"{len(results)} tracts, root seed {root} (contained totals \\[t])")
        for column in ("tract", "E[N]", "material", "Q_0.5", "mean", "P(0)"):
            table.add_column(column, justify="right" if column != "tract" else "left")
        for result in results:
            for i, (material, row) in enumerate(result["totals"].items()):
                table.add_row(
                    result["tract"] if i == 0 else "",
                    _fmt(result["pmf"]["mean"]) if i == 0 else "",
                    material,
                    _fmt(row["quantiles"]["0.5"]),
                    _fmt(row["mean"]),
                    _fmt(row["p_zero"]),
                )
        console.print(table)


def _read_correlation_matrix(path: Path, names: list[str]) -> Any:
    """A k x k correlation CSV: a header row of tract names and one row per tract (its name
    first); rows and columns are put in the batch's tract order."""
    import csv

    import numpy as np

    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [r for r in csv.reader(handle) if r]
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not rows:
        raise ValueError(f"{path}: empty")
    header = [c.strip() for c in rows[0][1:]]
    if sorted(header) != sorted(names):
        raise ValueError(f"{path}: row 1: the columns must be the batch's tracts {names}")
    values: dict[str, list[float]] = {}
    for line, row in enumerate(rows[1:], start=2):
        try:
            values[row[0].strip()] = [float(v) for v in row[1:]]
        except ValueError as exc:
            raise ValueError(f"{path}: row {line}: not a number ({exc})") from exc
        if len(values[row[0].strip()]) != len(header):
            raise ValueError(f"{path}: row {line}: {len(header)} values expected")
    if sorted(values) != sorted(names):
        raise ValueError(f"{path}: the rows must be the batch's tracts {names}")
    order = [header.index(n) for n in names]
    return np.array([[values[n][c] for c in order] for n in names])


def _register_aggregate(app: typer.Typer) -> None:
    @app.command("aggregate")
    def aggregate(
        source: Annotated[
            Path,
            typer.Argument(
                help="A batch file (YAML/TOML; its tracts are simulated) or a folder written "
                "by assess-batch --save-simulations."
            ),
        ],
        correlation: Annotated[
            float,
            typer.Option("--correlation", help="Rank correlation between every pair of tracts."),
        ] = 0.0,
        correlation_matrix: Annotated[
            Path | None,
            typer.Option(
                "--correlation-matrix", help="CSV of rank correlations (tract names as header)."
            ),
        ] = None,
        draws: Annotated[int | None, typer.Option("--draws", help="Simulations per tract.")] = None,
        seed: Annotated[
            int | None, typer.Option("--seed", help="Root seed (default the batch file's).")
        ] = None,
        workers: Annotated[int, typer.Option("--workers", help="Local Dask workers.")] = 2,
        serial: Annotated[
            bool, typer.Option("--serial", help="Run the batch in this process, without Dask.")
        ] = False,
        json_out: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Regional totals of many tracts, independent, rank-correlated (Iman-Conover) and
        fully correlated."""
        import time

        from assay.analyses.assessment import (
            aggregate_batch,
            batch_simulations,
            check_batch_options,
        )
        from assay.analyses.manifest import build_manifest
        from assay.importers.mapmark4 import MapMark4InputError

        clock = time.perf_counter()
        try:
            check_batch_options(draws, workers, min_draws=2, option_prefix="--")
            with progress("aggregate", quiet=quiet or json_out) as step:
                names, materials, totals, root = batch_simulations(
                    source,
                    seed,
                    draws=draws,
                    n_workers=workers,
                    scheduler="serial" if serial else "dask",
                    progress=step,
                )
            target: Any = correlation
            if correlation_matrix is not None:
                target = _read_correlation_matrix(correlation_matrix, names)
            out = aggregate_batch(names, materials, totals, target, seed=root or 0)
        except (MapMark4InputError, ValueError) as exc:
            fail(str(exc))
        out["manifest"] = build_manifest(
            "aggregate",
            inputs={"source": source, "correlation_matrix": correlation_matrix},
            parameters={
                "correlation": None if correlation_matrix else correlation,
                "draws": out["draws"],
                "tracts": out["tracts"],
            },  # fmt: skip
            seed=root,
            timings_s={"total": time.perf_counter() - clock},
        )
        if json_out:
            emit_json(out)
            return
        rho = out["achieved_rank_correlation"]
        from rich.table import Table  # lazy: not needed for --json

        table = Table(
            title=f"Regional totals of {out['tracts']} tracts \\[t], {out['draws']} draws; "
            f"rank correlation achieved {_fmt(rho) if rho is not None else '-'}"
        )
        for column in ("material", "statistic", "independent", "correlated", "fully correlated"):
            table.add_column(column, justify="left" if column == "material" else "right")
        for material in out["materials"]:
            rows = [("mean", "mean"), ("P(0)", "p_zero")]
            rows += [(f"Q_{q}", q) for q in out["independent"][material]["quantiles"]]
            for i, (label, key) in enumerate(rows):
                cells = []
                for mode in ("independent", "correlated", "fully_correlated"):
                    stats = out[mode][material]
                    value = stats[key] if key in stats else stats["quantiles"][key]
                    cells.append(_fmt(value))
                table.add_row(material if i == 0 else "", label, *cells)
        console.print(table)
        console.print(f"[dim]Method: {out['method']}[/]")


def _register_density(app: typer.Typer) -> None:
    @app.command("deposit-density")
    def deposit_density(
        model: Annotated[str, typer.Argument(help="general | porphyry_cu | podiform_cr | vms.")],
        area: Annotated[float, typer.Option("--area", help="Permissive tract area \\[km2].")],
        median_tonnage: Annotated[
            float | None,
            typer.Option("--median-tonnage", help="Median deposit tonnage \\[Mt] (general)."),
        ] = None,
        known: Annotated[int, typer.Option("--known", help="Known deposits in the tract.")] = 0,
        n90: Annotated[float | None, typer.Option("--n90", help="Experts' N90.")] = None,
        n50: Annotated[float | None, typer.Option("--n50", help="Experts' N50.")] = None,
        n10: Annotated[float | None, typer.Option("--n10", help="Experts' N10.")] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Number of deposits in a tract from a deposit-density model (Singer and Menzie,
        2010), and a check of experts' N90/N50/N10 against it and the known deposits."""
        from assay.analyses.assessment import density_check
        from assay.analyses.manifest import build_manifest

        given = [v for v in (n90, n50, n10) if v is not None]
        try:
            if given and len(given) != 3:
                raise ValueError("give all of --n90, --n50 and --n10, or none")
            estimates = {"N90": n90, "N50": n50, "N10": n10} if given else None
            out = density_check(
                model, area, median_tonnage_mt=median_tonnage, known=known, estimates=estimates
            )
        except ValueError as exc:
            fail(str(exc))
        out["manifest"] = build_manifest(
            "deposit-density",
            parameters={
                "model": model,
                "area_km2": area,
                "median_tonnage_mt": median_tonnage,
                "known": known,
                "estimates": estimates,
            },  # fmt: skip
        )
        if json_out:
            emit_json(out)
            return
        from rich.table import Table  # lazy: not needed for --json

        table = Table(
            title=f"{out['deposit_type']}: deposits in {area:g} km2 (density model {model})"
        )
        for column in ("deposits", "N90", "N50", "N10", "mean"):
            table.add_column(column, justify="right" if column != "deposits" else "left")
        rows = [("all (known + undiscovered)", out["total"])]
        if out["undiscovered"] is not None:
            rows.append((f"undiscovered ({known} known)", out["undiscovered"]))
        for label, row in rows:
            table.add_row(label, *[_fmt(row[k]) for k in ("n90", "n50", "n10", "mean")])
        if estimates is not None:
            table.add_row("experts (undiscovered)", *[_fmt(v) for v in (n90, n50, n10)], "")
        console.print(table)
        for flag in out.get("flags", []):
            console.print(f"[{'red' if flag['level'] == 'error' else 'yellow'}]"
                          f"{flag['level']}[/]: {flag['message']}")  # fmt: skip
        if estimates is not None and not out.get("flags"):
            console.print("experts' estimates agree with the density model")
        console.print(f"[dim]Coefficients: {out['source_id']} ({out['note']})[/]")
