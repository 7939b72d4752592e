"""Benchmark of the whole ``assay assess`` command on the MapMark4 User's Guide example.

What a user runs, start-up included: ``assay assess --gatm ExampleGatm.csv --estimates
ExampleDepEst1.csv --seed 7 --draws N --json`` (Ellefsen, 2017, USGS TM 7-C14) at 2e4, 1e5,
1e6 and 1e7 draws, each in a fresh process under ``/usr/bin/time``: median wall time, CPU
time (user + system, all threads) and peak resident memory. Beside them, the MapMark4 v1.0
figures of issue 19 (measured on a quiet 2-core machine: 16.5 s / 0.69 GB at 2e4, 21.6 s /
1.1 GB at 1e5, 80.5 s / 9.8 GB at 1e6) and the ratios. The machine this runs on is usually
shared: the CPU time is the robust figure, the wall time is inflated by the load (printed).

The command runs on all available CPUs by default (``--workers``, at most 8); a row at 1e6
with ``--workers 1`` shows it on one thread (the same numbers, about the same CPU time).
The runs use Python's bytecode caches, as an installed package does (one uncounted warm-up
run writes them; see ``_ENV``).
``ASSAY_BENCH_1E8=1`` adds one streamed run of 1e8 draws (the memory target: < 2 GB).
Also reported: the import time of the assess path (``python -X importtime``, top modules).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, SHARED, write_results  # noqa: E402

EXAMPLES = SHARED / "data" / "mapmark4-examples"
ASSAY = ROOT / ".venv" / "bin" / "assay"
PYTHON = ROOT / ".venv" / "bin" / "python"
SIZES = {20_000: 5, 100_000: 5, 1_000_000: 5, 10_000_000: 1}
#: MapMark4 v1.0 on the Guide example, issue 19: draws -> (wall [s], peak memory [GB])
MAPMARK4 = {20_000: (16.5, 0.69), 100_000: (21.6, 1.1), 1_000_000: (80.5, 9.8)}
TARGET_SPEEDUP = {20_000: 30.0, 1_000_000: 100.0}


#: The command's environment: as an installed package runs, with Python's bytecode caches
#: (pip compiles them at install; a sandbox's PYTHONDONTWRITEBYTECODE=1 would make every run
#: recompile assay's modules from source, ~0.04 s). The first, uncounted run writes them.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(draws: int, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """One ``assay assess`` process: wall [s], CPU [s], peak RSS [MiB]."""
    with tempfile.NamedTemporaryFile(suffix=".time") as timing:
        command = [
            "/usr/bin/time", "-f", "%e %U %S %M", "-o", timing.name,
            str(ASSAY), "assess", "--gatm", str(EXAMPLES / "ExampleGatm.csv"),
            "--estimates", str(EXAMPLES / "ExampleDepEst1.csv"), "--seed", "7",
            "--draws", str(draws), "--no-progress", "--json", *extra,
        ]  # fmt: skip
        t0 = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=_ENV)
        wall = time.perf_counter() - t0
        elapsed, user, system, max_kb = Path(timing.name).read_text().split()[-4:]
    return {"wall_s": wall, "cpu_s": float(user) + float(system), "peak_mib": int(max_kb) / 1024}


def import_profile() -> dict[str, float]:
    """Cumulative import time [s] of the top-level modules that ``assay assess --json`` (2,000
    draws) imports, heaviest first, from ``python -X importtime`` on the real command."""
    command = [
        str(PYTHON), "-X", "importtime", str(ASSAY), "assess",
        "--gatm", str(EXAMPLES / "ExampleGatm.csv"),
        "--estimates", str(EXAMPLES / "ExampleDepEst1.csv"),
        "--seed", "7", "--draws", "2000", "--no-progress", "--json",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=_ENV)
    out: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if not cumulative.strip().isdigit():  # the header line
            continue
        if name.startswith(" ") and not name.startswith("  "):  # top level
            out[name.strip()] = int(cumulative) / 1e6
    top = dict(sorted(out.items(), key=lambda kv: -kv[1])[:8])
    top["(sum of all top-level imports)"] = sum(out.values())
    return top


def main() -> None:
    if not EXAMPLES.is_dir():
        print(f"skipped: {EXAMPLES} not present")
        return
    sizes = dict(SIZES)
    if os.environ.get("ASSAY_BENCH_1E8"):
        sizes[100_000_000] = 1
    results: dict[str, object] = {
        "case": "assay assess, MapMark4 User's Guide: ExampleGatm + ExampleDepEst1, seed 7",
        "cpu_count": os.cpu_count(),
        "imports_s": import_profile(),
        "sizes": {},
    }
    print("import time of the assess path [s]:")
    for name, seconds in results["imports_s"].items():  # type: ignore[union-attr]
        print(f"  {name:<45} {seconds:.3f}")
    header = (
        f"{'draws':>11} {'wall s':>8} {'CPU s':>7} {'peak MiB':>9} {'load':>5} | "
        f"{'MapMark4 s':>10} {'GB':>5} {'x wall':>7} {'x CPU':>6} {'target':>6}"
    )
    print(header)
    run_once(2_000)  # warm-up, not counted: writes the bytecode caches (see _ENV)
    cases = [(draws, repeat, ()) for draws, repeat in sizes.items()]
    cases.insert(3, (1_000_000, 5, ("--workers", "1")))  # the command on one thread
    for draws, repeat, options in cases:
        extra = (("--stream",) if draws > 10_000_000 else ()) + options
        runs = [run_once(draws, extra) for _ in range(repeat)]
        wall = statistics.median(r["wall_s"] for r in runs)
        cpu = statistics.median(r["cpu_s"] for r in runs)
        peak = max(r["peak_mib"] for r in runs)
        load = os.getloadavg()[0]
        ref = MAPMARK4.get(draws)
        row = {
            "runs": repeat,
            "median_wall_s": wall,
            "median_cpu_s": cpu,
            "peak_rss_mib": peak,
            "load_average_1min": load,
            "streamed": "--stream" in extra,
            "mapmark4_wall_s": ref[0] if ref else None,
            "mapmark4_peak_gb": ref[1] if ref else None,
            "speedup_wall": ref[0] / wall if ref else None,
            "speedup_cpu": ref[0] / cpu if ref else None,
            "memory_ratio": (ref[1] * 1024) / peak if ref else None,
            "target_speedup": TARGET_SPEEDUP.get(draws),
            "under_1_gb": peak < 1024,
        }
        row["options"] = list(options)
        key = str(draws) + ("" if not options else " " + " ".join(options))
        results["sizes"][key] = row  # type: ignore[index]
        ref_text = (
            f"{ref[0]:>10.1f} {ref[1]:>5.2f} {ref[0] / wall:>6.1f}x {ref[0] / cpu:>5.1f}x"
            if ref
            else f"{'':>10} {'':>5} {'':>7} {'':>6}"
        )
        target = TARGET_SPEEDUP.get(draws)
        print(
            f"{draws:>11} {wall:>8.2f} {cpu:>7.2f} {peak:>9.0f} {load:>5.1f} | {ref_text} "
            f"{(f'{target:.0f}x') if target else '':>6} {' '.join(options)}",
            flush=True,
        )
    write_results("assess_command", results)


if __name__ == "__main__":
    main()
