"""Run USGS three-part assessments of tracts: one tract, or many on a Dask cluster.

:func:`assess_tract` builds the chain pmf -> tonnage/grade pdfs -> simulation -> totals of
:mod:`assay.models.assessment` from a :class:`~assay.importers.mapmark4.TractSpec`.
:func:`assess_tracts` runs many tracts; tract i gets the seed
``SeedSequence(root_seed).spawn(n)[i]`` (:func:`tract_seed`), so the result is the same
whether the tracts run serially, on a local Dask cluster or on a remote one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assay.importers.mapmark4 import (
    DepositModelTable,
    MapMark4InputError,
    TractSpec,
    read_custom_pmf,
    read_estimates,
    read_gatm,
    read_tonnage_model,
)
from assay.models.assessment.grade import GradePdf, JointTonnageGradePdf
from assay.models.assessment.pmf import (
    NDepositsPmf,
    custom_pmf,
    mark3_pmf,
    mark4_pmf,
    negbinomial_pmf,
)
from assay.models.assessment.simulation import (
    DepositModel,
    IndependentDeposits,
    JointDeposits,
    Simulation,
    child_seed,
    simulate,
)
from assay.models.assessment.tonnage import TonnagePdf
from assay.models.assessment.totals import Totals, contained_totals, streamed_totals

__all__ = [
    "TractAssessment",
    "assess_tract",
    "assess_tracts",
    "batch_simulations",
    "build_pmf",
    "build_deposit_model",
    "check_batch_options",
    "economic_filter",
    "tract_seed",
    "METHOD_SOURCE",
    "TRACT_STEPS",
]

METHOD_SOURCE = (
    "USGS three-part assessment as in MapMark4 (Ellefsen, K.J., 2017, User's guide for "
    "MapMark4 - An R package for the probability calculations in three-part mineral resource "
    "assessments: USGS Techniques and Methods 7-C14, doi:10.3133/tm7C14); Mark3: Root, D.H., "
    "Menzie, W.D., and Scott, W.A., 1992, Nonrenewable Resources 1(2), 125-138"
)


def tract_seed(root_seed: int, index: int) -> np.random.SeedSequence:
    """Seed of tract ``index`` in a batch: ``SeedSequence(root_seed).spawn(...)[index]``."""
    return child_seed(int(root_seed), index)


def build_pmf(spec: TractSpec) -> NDepositsPmf:
    """The pmf of the number of undiscovered deposits named by ``spec``."""
    try:
        if spec.pmf == "custom":
            n, p = read_custom_pmf(spec.estimates)
            return custom_pmf(n, p)
        estimates = read_estimates(spec.estimates, spec.pmf)
        if spec.pmf == "negbinomial":
            return negbinomial_pmf(estimates)
        if spec.pmf == "mark3":
            return mark3_pmf(estimates)
        return mark4_pmf(estimates, spec.max_deposits)
    except MapMark4InputError:
        raise
    except ValueError as exc:
        raise MapMark4InputError(spec.estimates, str(exc)) from exc


def _read_model(spec: TractSpec) -> DepositModelTable:
    if spec.gatm is not None:
        return read_gatm(spec.gatm)
    return read_tonnage_model(spec.tm)  # type: ignore[arg-type]


def build_deposit_model(
    spec: TractSpec, reference_draws: int = 1_000_000
) -> tuple[DepositModel, Any, Any]:
    """Deposit model of ``spec`` and its tonnage and grade pdfs (the joint pdf twice when
    ``spec.joint``)."""
    table = _read_model(spec)
    try:
        if spec.joint:
            joint = JointTonnageGradePdf(
                table.tonnages, table.grades_pct, table.grade_names, spec.pdf, spec.truncate,
                table.tonnage_name, reference_draws,
            )  # fmt: skip
            return JointDeposits(joint), joint, joint
        tonnage = TonnagePdf(
            table.tonnages, spec.pdf, spec.truncate, table.tonnage_name, reference_draws
        )
        grades = None
        if table.grade_names:
            grades = GradePdf(
                table.grades_pct, table.grade_names, spec.pdf, spec.truncate, reference_draws
            )
        return IndependentDeposits(tonnage, grades), tonnage, grades
    except ValueError as exc:
        raise MapMark4InputError(table.path, str(exc)) from exc


def _pdf_dicts(tonnage_pdf: Any, grade_pdf: Any) -> dict[str, Any]:
    """The ``tonnage_pdf`` and ``grade_pdf`` entries of :meth:`TractAssessment.to_dict`
    (summaries of the pdfs' 1e6-draw reference samples: a large share of a run's work)."""
    return {
        "tonnage_pdf": tonnage_pdf.to_dict() if tonnage_pdf is not None else None,
        "grade_pdf": (
            grade_pdf.to_dict() if grade_pdf is not None and grade_pdf is not tonnage_pdf else None
        ),
    }


def _tonnage_summary(tonnage_pdf: Any) -> Any:
    # the installed packages' versions (the manifest's) are looked up here too: the first
    # look-up scans site-packages (~0.05 s), later ones hit importlib.metadata's cache
    from assay.analyses.manifest import package_versions

    package_versions()
    return tonnage_pdf.to_dict() if tonnage_pdf is not None else None


def _start_summaries(pool: Any, tonnage_pdf: Any, grade_pdf: Any) -> Any:
    """Submit the :func:`_pdf_dicts` work to ``pool`` (tonnage and grades apart, so that two
    threads share it); returns a function that waits for it and gives the dict."""
    tonnage = pool.submit(_tonnage_summary, tonnage_pdf)
    grades = None
    if grade_pdf is not None and grade_pdf is not tonnage_pdf:
        grades = pool.submit(grade_pdf.to_dict)

    def result() -> dict[str, Any]:
        return {
            "tonnage_pdf": tonnage.result(),
            "grade_pdf": grades.result() if grades is not None else None,
        }

    return result


@dataclass
class TractAssessment:
    """Everything computed for one tract."""

    spec: TractSpec
    pmf: NDepositsPmf
    model: DepositModel
    tonnage_pdf: Any
    grade_pdf: Any
    simulation: Simulation
    totals: Totals
    seed: Any
    timings_s: dict[str, float] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    started_utc: Any = None
    #: ``tonnage_pdf`` and ``grade_pdf`` of :meth:`to_dict`, when computed beforehand (in a
    #: background thread of :func:`assess_tract`)
    pdf_dicts: dict[str, Any] | None = field(default=None, repr=False)

    def manifest(self, command: str = "assess") -> dict[str, Any]:
        """The run manifest (:func:`assay.analyses.manifest.build_manifest`): hashes of the
        spec, model, estimates and preset files, parameters, seed, versions, timings."""
        from assay.analyses.manifest import build_manifest

        spec = self.spec
        inputs = {
            "spec": spec.source if spec.source is not None and Path(spec.source).is_file()
            else None,
            "gatm": spec.gatm, "tm": spec.tm, "estimates": spec.estimates,
            "econ": spec.econ, "geometry": spec.geometry,
        }  # fmt: skip
        parameters = {
            k: v for k, v in spec.to_dict().items()
            if k not in ("source", "gatm", "tm", "estimates", "econ", "geometry")
        }  # fmt: skip
        parameters.update(self.parameters)
        parameters["draws"] = self.simulation.draws
        return build_manifest(
            command,
            inputs=inputs,
            parameters=parameters,
            seed=self.seed,
            timings_s=self.timings_s,
            started_utc=self.started_utc,
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``assay assess --json`` object (keys ``pmf``, ``draws``, ``seed``, ``totals``
        are the contract; the others are additions)."""
        out: dict[str, Any] = {
            "tract": self.spec.name,
            "pmf": self.pmf.to_dict(),
            "draws": self.simulation.draws,
            "seed": self.seed,
            "deposits_simulated": self.simulation.deposits_simulated,
            "streamed": self.simulation.totals is None,
            "stream_passes": getattr(self.simulation, "passes", None),
            "totals": self.totals.to_dict(),
            **(self.pdf_dicts or _pdf_dicts(self.tonnage_pdf, self.grade_pdf)),
            "correlation": self.totals.correlation_dict(),
            "spec": self.spec.to_dict(),
            "units": {"totals": "t (metric tons)", "pmf": "count of deposits"},
            "source": METHOD_SOURCE,
            "manifest": self.manifest(),
        }
        return out

    def save_plots(self, directory: Path | str) -> list[Path]:
        """Write the pmf, pdf and exceedance plots as PNG files; returns their paths."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        figures = {"pmf": self.pmf.plot(), "tonnage_pdf": self.tonnage_pdf.plot()}
        if self.grade_pdf is not None and self.grade_pdf is not self.tonnage_pdf:
            figures["grade_pdf"] = self.grade_pdf.plot()
        if self.simulation.totals is not None:  # a streamed run kept no per-draw totals
            figures["exceedance"] = self.totals.plot(self.simulation)
        paths = []
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.spec.name)
        for key, fig in figures.items():
            path = directory / f"{stem}_{key}.png"
            fig.savefig(path, dpi=110)
            plt.close(fig)
            paths.append(path)
        return paths


#: Above this many draws :func:`assess_tract` streams by default (the per-draw totals of
#: 2e7 draws of three materials take 480 MB).
STREAM_ABOVE_DRAWS = 20_000_000

#: The steps :func:`assess_tract` reports to its ``progress`` callback, in order (a streamed
#: run reports ``simulating (pass 1 of 2)``/``(pass 2 of 2)`` with draw counts instead of
#: the simulation and totals steps)
TRACT_STEPS = ("pmf", "pdfs", "simulating", "contained totals", "done")


def assess_tract(
    spec: TractSpec,
    *,
    draws: int | None = None,
    seed: int | np.random.SeedSequence | None = None,
    keep_deposits: bool | None = None,
    workers: int = 1,
    reference_draws: int = 1_000_000,
    stream: bool | None = None,
    progress: Callable[..., None] | None = None,
) -> TractAssessment:
    """Assess one tract: pmf, pdfs, simulation and totals.

    ``draws`` and ``seed`` override the spec's. ``stream`` (default: above
    ``STREAM_ABOVE_DRAWS`` draws) computes the totals' statistics in two passes without
    keeping the draws (:mod:`assay.models.assessment.streaming`: the same numbers, bounded
    memory, no per-draw totals or deposits kept). ``progress`` is called as
    ``progress(step, done, total)`` as the work advances (:data:`TRACT_STEPS`; during the
    simulation ``done``/``total`` count draws, twice the draws when streamed, else steps),
    e.g. the CLI's progress bar; analyses never draw one. ``workers`` threads share the
    simulation's chunks and the totals' materials; with more than one, the pdfs' summaries
    (their reference samples) are computed in background threads meanwhile.
    The numbers do not depend on ``workers``.
    Raises :class:`~assay.importers.mapmark4.MapMark4InputError` for bad input.
    """
    from datetime import UTC, datetime
    from time import perf_counter

    started = datetime.now(UTC)
    clock = perf_counter()
    timings: dict[str, float] = {}
    report = progress or _no_progress  # None (or a caller's False): no reports
    report("pmf", 0, 4)
    pmf = build_pmf(spec)
    timings["pmf"] = perf_counter() - clock
    report("pdfs", 1, 4)
    model, tonnage_pdf, grade_pdf = build_deposit_model(spec, reference_draws)
    timings["pdfs"] = perf_counter() - clock - timings["pmf"]
    run_seed = spec.seed if seed is None else seed
    n_draws = spec.draws if draws is None else int(draws)
    if stream is None:
        stream = n_draws > STREAM_ABOVE_DRAWS and not keep_deposits
    if stream and keep_deposits:
        raise ValueError("a streamed run keeps no deposits (no economic filter or deposits CSV)")
    background = None
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        background = ThreadPoolExecutor(max_workers=2)
        summaries = _start_summaries(background, tonnage_pdf, grade_pdf)
    try:
        if stream:
            # two passes over the same draws: the bar counts both (2 x draws)
            simulated = [0]

            def on_chunk(size: int) -> None:
                simulated[0] += size
                current = 1 if simulated[0] <= n_draws else 2
                report(f"simulating (pass {current} of 2)", simulated[0], 2 * n_draws)

            report("simulating (pass 1 of 2)", 0, 2 * n_draws)
            simulation, totals = streamed_totals(
                pmf, model, n_draws, run_seed, workers=workers, on_chunk=on_chunk
            )
        else:
            report("simulating", 2, 4)
            simulation = simulate(
                pmf, model, n_draws, run_seed, keep_deposits=keep_deposits, workers=workers
            )
            report("contained totals", 3, 4)
            totals = contained_totals(simulation, pmf, model, workers=workers)
        pdf_dicts = summaries() if background is not None else None
        report("done", *((2 * n_draws, 2 * n_draws) if stream else (4, 4)))
    finally:
        if background is not None:
            background.shutdown(wait=True, cancel_futures=True)
    timings["simulation_and_totals"] = perf_counter() - clock - timings["pmf"] - timings["pdfs"]
    timings["total"] = perf_counter() - clock
    parameters = {"stream": bool(stream), "workers": workers, "reference_draws": reference_draws}
    return TractAssessment(
        spec, pmf, model, tonnage_pdf, grade_pdf, simulation, totals, simulation.seed,
        timings, parameters, started, pdf_dicts,
    )  # fmt: skip


def _assess_to_dict(
    spec: TractSpec,
    draws: int | None,
    seed: np.random.SeedSequence,
    reference_draws: int,
    keep_totals: bool = False,
) -> dict[str, Any]:
    result = assess_tract(
        spec,
        draws=draws,
        seed=seed,
        keep_deposits=spec.econ is not None,
        reference_draws=reference_draws,
        stream=False if keep_totals else None,
    )
    out = result.to_dict()
    out["manifest"]["command"] = "assess-batch"
    if spec.econ is not None:
        out["econ"] = economic_filter(result, spec.econ, seed=int(seed.generate_state(1)[0]))
    if keep_totals:
        out["simulated_totals"] = result.simulation.totals
    return out


def economic_filter(
    result: TractAssessment,
    preset: Path,
    values: Path | None = None,
    recoveries: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """RAEF economic filter (``assay.analyses.economics``) of a tract's simulated deposits.

    The simulation must have kept its deposits (``assess_tract(keep_deposits=True)``).
    """
    from assay.analyses.economics import economic_filter_simulation

    return economic_filter_simulation(
        result.simulation.deposits_frame(),
        result.simulation.draws,
        preset,
        values,
        recoveries,
        seed=seed,
    )


def check_batch_options(
    draws: int | None, workers: int, *, min_draws: int = 1, option_prefix: str = ""
) -> None:
    """Reject a batch run's simulations per tract and worker count before any cluster starts.

    Shared by ``assay assess-batch`` / ``assay aggregate`` and :func:`assay.api.assess_batch`
    so that they accept the same values.

    Parameters
    ----------
    draws : int or None
        Simulations per tract; ``None`` keeps the batch file's.
    workers : int
        Local Dask workers; a local cluster of 0 workers never runs a task (it hung).
    min_draws : int
        Fewest simulations accepted (2 where rank correlations are computed from them).
    option_prefix : str
        Put before the names in the messages: ``"--"`` for the command's options.

    Raises
    ------
    ValueError
        ``"<prefix>draws must be >= <min_draws>"`` or
        ``"<prefix>workers must be >= 1, not <workers>"``.
    """
    if draws is not None and draws < min_draws:
        raise ValueError(f"{option_prefix}draws must be >= {min_draws}")
    if workers < 1:
        raise ValueError(f"{option_prefix}workers must be >= 1, not {workers}")


def assess_tracts(
    specs: Sequence[TractSpec],
    root_seed: int,
    *,
    draws: int | None = None,
    address: str | None = None,
    n_workers: int = 2,
    scheduler: str = "dask",
    progress: Callable[..., None] | None = None,
    reference_draws: int = 1_000_000,
    on_done: Callable[[int], None] | None = None,
    keep_totals: bool = False,
) -> list[dict[str, Any]]:
    """Assess many tracts; per-tract seeds spawned from ``root_seed`` (:func:`tract_seed`).

    Parameters
    ----------
    specs : sequence of TractSpec
    root_seed : int
        Root of the per-tract seeds; each tract's own ``seed`` is ignored.
    draws : int, optional
        Simulations per tract (default each spec's ``draws``).
    address : str, optional
        Address of a running Dask scheduler; default a local cluster of ``n_workers``
        single-threaded worker processes.
    scheduler : str
        ``dask`` or ``serial`` (in this process); both give identical results.
    progress : callable, optional
        Called as ``progress(step, done, total)``: ``("assessing tracts", 0, k)`` first,
        then ``(tract name, tracts finished, k)`` as each tract finishes (in completion
        order), e.g. the CLI's progress bar.

    keep_totals : bool
        Add each tract's simulated totals (draws, materials) [t] under ``simulated_totals``
        (for :func:`aggregate_batch`).

    Returns
    -------
    list of dict
        :meth:`TractAssessment.to_dict` per tract, in the order of ``specs``; with the RAEF
        result under ``econ`` for tracts whose spec names an ``econ`` preset (depth draws
        seeded from the tract's seed).
    """
    seeds = [tract_seed(root_seed, i) for i in range(len(specs))]
    results: list[dict[str, Any] | None] = [None] * len(specs)
    report = progress or _no_progress  # None (or a caller's False): no reports
    finished = [0]

    def done(i: int, value: dict[str, Any]) -> None:
        results[i] = value
        finished[0] += 1
        report(specs[i].name, finished[0], len(specs))
        if on_done is not None:
            on_done(i)

    if scheduler not in ("serial", "dask"):
        raise ValueError(f"unknown scheduler {scheduler!r} (dask or serial)")
    report("assessing tracts", 0, len(specs))
    if scheduler == "serial":
        for i, spec in enumerate(specs):
            done(i, _assess_to_dict(spec, draws, seeds[i], reference_draws, keep_totals))
    else:
        _run_dask(specs, seeds, draws, reference_draws, address, n_workers, done, keep_totals)
    return results  # type: ignore[return-value]


def _no_progress(step: str, done: int | None = None, total: int | None = None) -> None:
    """The progress callback when none is given: does nothing."""


def _run_dask(
    specs: Sequence[TractSpec],
    seeds: list[np.random.SeedSequence],
    draws: int | None,
    reference_draws: int,
    address: str | None,
    n_workers: int,
    done: Callable[[int, dict[str, Any]], None],
    keep_totals: bool = False,
) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futures = {
            client.submit(
                _assess_to_dict, spec, draws, seeds[i], reference_draws, keep_totals, pure=False
            ): i
            for i, spec in enumerate(specs)
        }
        for future in as_completed(futures):
            done(futures[future], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def save_tract_simulations(
    results: Sequence[dict[str, Any]], folder: Path | str, root_seed: int
) -> Path:
    """Write each tract's simulated totals (``assess_tracts(keep_totals=True)``) to
    ``folder/NNN.npy`` and an ``index.json`` (root seed, draws, per tract its name,
    materials, file and manifest), which :func:`load_tract_simulations` and
    ``assay aggregate FOLDER`` read. Returns the index path."""
    import json

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tracts = []
    for i, result in enumerate(results):
        totals = np.asarray(result["simulated_totals"], dtype=float)
        name = f"{i:03d}.npy"
        np.save(folder / name, totals)
        tracts.append(
            {
                "tract": result["tract"],
                "file": name,
                "materials": list(result["totals"]),
                "draws": int(len(totals)),
                "manifest": result.get("manifest"),
            }
        )
    index = folder / "index.json"
    index.write_text(json.dumps({"seed": root_seed, "tracts": tracts}, indent=1, default=str))
    return index


def load_tract_simulations(folder: Path | str) -> tuple[list[str], list[str], list[np.ndarray]]:
    """Tract names, materials and simulated totals saved by :func:`save_tract_simulations`.

    Raises ``ValueError`` naming the file for a missing or inconsistent folder."""
    import json

    folder = Path(folder)
    index = folder / "index.json"
    if not index.is_file():
        raise ValueError(
            f"{index}: not found (write it with assay assess-batch --save-simulations)"
        )
    try:
        data = json.loads(index.read_text())
        tracts = data["tracts"]
        names = [str(t["tract"]) for t in tracts]
        materials = list(tracts[0]["materials"]) if tracts else []
    except (json.JSONDecodeError, KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"{index}: not a tract-simulation index ({exc})") from exc
    arrays = []
    for t in tracts:
        if list(t["materials"]) != materials:
            raise ValueError(f"{index}: tract {t['tract']} has other materials than the first")
        path = folder / str(t["file"])
        try:
            arrays.append(np.load(path, allow_pickle=False))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read the simulated totals ({exc})") from exc
    return names, materials, arrays


def batch_simulations(
    source: Path | str,
    seed: int | None = None,
    *,
    draws: int | None = None,
    n_workers: int = 2,
    scheduler: str = "dask",
    progress: Callable[..., None] | None = None,
) -> tuple[list[str], list[str], list[np.ndarray], int | None]:
    """The per-tract simulated totals that :func:`aggregate_batch` adds: read from a folder
    written by ``assess-batch --save-simulations``, or simulated from a batch spec file.

    Returns tract names, materials, totals [t] per tract and the root seed used (``seed``,
    else the spec's). Raises ``ValueError`` (or ``MapMark4InputError``) naming the file for
    bad input, including tracts whose materials differ (they cannot be added)."""
    from assay.importers.mapmark4 import read_batch_spec

    source = Path(source)
    if draws is not None and draws < 2:
        raise ValueError("draws must be >= 2")
    if source.is_dir():
        names, materials, totals = load_tract_simulations(source)
        return names, materials, totals, seed
    spec = read_batch_spec(source)
    root = spec.seed if seed is None else seed
    results = assess_tracts(
        spec.tracts,
        root,
        draws=draws if draws is not None else spec.draws,
        n_workers=n_workers,
        scheduler=scheduler,
        progress=progress,
        keep_totals=True,
    )
    names = [r["tract"] for r in results]
    materials = list(results[0]["totals"])
    if any(list(r["totals"]) != materials for r in results):
        raise ValueError(
            f"{source}: the tracts must share their materials to be added "
            f"({', '.join(sorted({'/'.join(r['totals']) for r in results}))})"
        )
    return names, materials, [r["simulated_totals"] for r in results], root


def aggregate_batch(
    names: Sequence[str],
    materials: Sequence[str],
    totals: Sequence[np.ndarray],
    correlation: float | np.ndarray,
    seed: int = 0,
) -> dict[str, Any]:
    """Regional totals of a batch (:func:`assay.models.assessment.aggregate.aggregate_totals`)
    with the tract names and the per-tract means beside them."""
    from assay.models.assessment.aggregate import aggregate_totals

    out = aggregate_totals(totals, materials, correlation, seed=seed)
    out["tract_names"] = list(names)
    out["per_tract_mean"] = {
        m: {n: float(np.mean(t[:, j])) for n, t in zip(names, totals, strict=True)}
        for j, m in enumerate(materials)
    }
    out["source"] = METHOD_SOURCE
    return out


def density_models() -> dict[str, Any]:
    """The bundled deposit-density regressions (``reference/deposit_density_models.csv``),
    by model name (:class:`assay.models.assessment.density.DensityModel`)."""
    import csv

    from assay.models.assessment.density import density_model_from_row
    from assay.reference import path as reference_path

    with open(reference_path("deposit_density_models.csv"), newline="", encoding="utf-8") as f:
        return {row["model"]: density_model_from_row(row) for row in csv.DictReader(f)}


def density_check(
    model: str,
    area_km2: float,
    *,
    median_tonnage_mt: float | None = None,
    known: int = 0,
    estimates: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Number of deposits of a tract from a deposit-density model and, given experts'
    N90/N50/N10, the elicitation check (:mod:`assay.models.assessment.density`)."""
    from assay.models.assessment.density import elicitation_check, undiscovered_deposits

    models = density_models()
    if model not in models:
        raise ValueError(f"unknown deposit-density model {model!r}; known: {', '.join(models)}")
    out = undiscovered_deposits(models[model], area_km2, median_tonnage_mt, known)
    if estimates is not None:
        out["estimates"] = dict(estimates)
        out["flags"] = elicitation_check(estimates, out)
    return out
