"""Load benchmark of the web app on loopback: the country page and its JSON twin.

The server runs as ``assay serve`` would (uvicorn, one process) in a subprocess; the client
is a pool of threads, each holding one keep-alive HTTP/1.1 connection, sending requests back
to back for a fixed time. Reported per URL: the latency of the first (uncached) request, then
requests/s, p50 and p99 latency [ms] and the error count, each the median over several runs
(the app caches each page of its read-only store, so these measure the served path).
Target (issue 9): 200 requests/s with p99 under 100 ms and no errors on 2 cores.

The store is built from ``../shared/data`` when present (else the bundled reference data
only, which has no country statistics, so the country page is then mostly empty).
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, SHARED, write_results

CONCURRENCY = 8
SECONDS_PER_RUN = 5.0
RUNS = 3
COUNTRY = "UKR"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _build_store(path: Path) -> str:
    from assay.store import open_store

    with open_store(path) as store:
        if (SHARED / "data").is_dir():
            from assay.analyses.build import build_store

            build_store(store, SHARED / "data")
            note = "built from ../shared/data"
            try:
                from assay.analyses.sites import import_staged_sites
            except ImportError:
                return note
            if store.con.execute("SELECT count(*) FROM site").fetchone()[0] == 0:
                import_staged_sites(store, SHARED / "data")
                note += " (sites imported)"
            return note
        from assay.analyses.build import load_reference

        load_reference(store)
        return "bundled reference data only"


def _start_server(db: Path, port: int) -> subprocess.Popen:
    code = (
        "import uvicorn; from assay.web import create_app; "
        f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, "
        "log_level='warning', access_log=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=str(ROOT))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def _load(port: int, path: str, seconds: float, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local: list[float] = []
        local_errors = 0
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    local_errors += 1
            except (OSError, http.client.HTTPException):
                local_errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            local.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(local)
            errors += local_errors

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t_start
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "requests_per_s": n / elapsed,
        "p50_ms": 1000 * latencies[n // 2] if n else float("nan"),
        "p99_ms": 1000 * latencies[min(n - 1, int(0.99 * n))] if n else float("nan"),
        "errors": errors,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        store_note = _build_store(db)
        port = _free_port()
        server = _start_server(db, port)
        try:
            results: dict[str, object] = {
                "store": store_note,
                "concurrency": CONCURRENCY,
                "seconds_per_run": SECONDS_PER_RUN,
                "runs": RUNS,
                "cpu_count": os.cpu_count(),
                "target": "200 requests/s, p99 < 100 ms, no errors (issue 9)",
            }
            for label, path in (
                ("country_page", f"/country/{COUNTRY}"),
                ("country_json", f"/country/{COUNTRY}.json"),
            ):
                # first (uncached) request: the dossier is computed and rendered
                t0 = time.perf_counter()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path)
                first = conn.getresponse()
                first.read()
                conn.close()
                first_ms = 1000 * (time.perf_counter() - t0)
                _load(port, path, 1.0, 2)  # warm-up
                runs = [_load(port, path, SECONDS_PER_RUN, CONCURRENCY) for _ in range(RUNS)]
                results[label] = {
                    "path": path,
                    "first_request_ms": first_ms,
                    "first_status": first.status,
                    "requests_per_s": statistics.median(r["requests_per_s"] for r in runs),
                    "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                    "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                    "errors": sum(int(r["errors"]) for r in runs),
                    "runs": runs,
                }
        finally:
            server.terminate()
            server.wait(timeout=10)
    write_results("web", results)


if __name__ == "__main__":
    main()
