"""Load benchmark (issue 14): page reads at concurrency 16 on loopback while article uploads
(HTML parsed on the server) and assessments run beside them.

The server runs as ``assay serve`` does (uvicorn, one process) in a subprocess. Sixteen
reader threads, each with one keep-alive connection, read a rotation of cached pages (a
country dossier, a commodity page, the sources list and their JSON twins) for a fixed time;
at the same time one thread uploads an HTML article to ``/article.json`` again and again
and another runs assessments (``/assessment.json`` with the bundled example's estimates and
model, a new seed each time, so that nothing is served from the cache). Reported: page
requests/s, p50 and p99 latency [ms] and errors (median over runs), and how many uploads and
assessments completed with their median latency. Target (issue 14): page p99 under 250 ms on
2 cores. Nothing here is asserted; the figures go to ``benchmarks/results/load.json``.
"""

from __future__ import annotations

import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from _common import ROOT, SHARED, write_results

sys.path.insert(0, str(Path(__file__).parent))
from bench_web import _build_store, _free_port  # noqa: E402

READERS = 16
SECONDS_PER_RUN = 8.0
RUNS = 3
PAGES = ["/country/UKR", "/country/UKR.json", "/commodity/rare-earths",
         "/commodity/rare-earths.json", "/sources", "/"]  # fmt: skip
EXAMPLE = ROOT / "src" / "assay" / "reference" / "examples" / "carbonatite_ree"


def _start_server(db: Path, port: int):
    import subprocess

    code = (
        "import uvicorn; from assay.web import create_app; "
        f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, "
        "log_level='warning', access_log=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=str(ROOT))
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data, media) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {media}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _article_html() -> bytes:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    text = seeds[0].read_text(encoding="utf-8") if seeds else "China holds 44 Mt of reserves."
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    # a large page (navigation, scripts, repeated boilerplate) as a news site serves it
    boiler = "<div class='nav'>" + "<a href='/x'>link</a>" * 400 + "</div>"
    return f"<html><head><title>t</title></head><body>{boiler}<article>{paragraphs}</article>{boiler}</body></html>".encode()  # noqa: E501


def _background(port: int, stop: float, kind: str, out: list[float], errors: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    html = _article_html()
    seed = 1
    while time.perf_counter() < stop:
        if kind == "upload":
            body, ctype = _multipart({}, {"file": ("article.html", html, "text/html")})
            path = "/article.json"
        else:
            seed += 1
            body, ctype = _multipart(
                {"draws": "20000", "seed": str(seed), "model_kind": "gatm"},
                {
                    "estimates": ("estimates.csv", (EXAMPLE / "estimates.csv").read_bytes(),
                                  "text/csv"),
                    "model": ("gtm.csv", (EXAMPLE / "gtm.csv").read_bytes(), "text/csv"),
                },
            )  # fmt: skip
            path = "/assessment.json"
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": ctype})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            else:
                out.append(time.perf_counter() - t0)
        except (OSError, http.client.HTTPException):
            errors.append(0)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.close()


def _readers(port: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local, local_errors, i = [], 0, offset
        while time.perf_counter() < stop:
            path = PAGES[i % len(PAGES)]
            i += 1
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
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            local.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(local)
            errors += local_errors

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(READERS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "requests_per_s": n / elapsed,
        "p50_ms": 1000 * latencies[n // 2] if n else float("nan"),
        "p99_ms": 1000 * latencies[min(n - 1, int(0.99 * n))] if n else float("nan"),
        "errors": errors,
    }


def _run(port: int, with_background: bool) -> dict[str, object]:
    uploads: list[float] = []
    assessments: list[float] = []
    errors: list[int] = []
    threads = []
    if with_background:
        stop = time.perf_counter() + SECONDS_PER_RUN
        threads = [
            threading.Thread(target=_background, args=(port, stop, "upload", uploads, errors)),
            threading.Thread(target=_background, args=(port, stop, "assess", assessments, errors)),
        ]
        for t in threads:
            t.start()
    pages = _readers(port, SECONDS_PER_RUN)
    for t in threads:
        t.join()
    return {
        **pages,
        "uploads": len(uploads),
        "upload_median_ms": 1000 * statistics.median(uploads) if uploads else None,
        "assessments": len(assessments),
        "assessment_median_ms": 1000 * statistics.median(assessments) if assessments else None,
        "background_errors": errors,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        store_note = _build_store(db)
        port = _free_port()
        server = _start_server(db, port)
        try:
            for path in PAGES:  # fill the page cache
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", path)
                conn.getresponse().read()
                conn.close()
            quiet = [_run(port, False) for _ in range(RUNS)]
            busy = [_run(port, True) for _ in range(RUNS)]
        finally:
            server.terminate()
            server.wait(timeout=10)

    def summary(runs: list[dict[str, object]]) -> dict[str, object]:
        return {
            "requests_per_s": statistics.median(r["requests_per_s"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "errors": sum(int(r["errors"]) for r in runs),
            "runs": runs,
        }

    results = {
        "store": store_note,
        "readers": READERS,
        "seconds_per_run": SECONDS_PER_RUN,
        "cpu_count": os.cpu_count(),
        "target": "page p99 < 250 ms at concurrency 16 while uploads and assessments run",
        "pages_only": summary(quiet),
        "pages_with_uploads_and_assessments": summary(busy),
    }
    path = write_results("load", results)
    busy_summary = results["pages_with_uploads_and_assessments"]
    print(
        f"pages alone: {results['pages_only']['requests_per_s']:.0f} req/s, p99 "
        f"{results['pages_only']['p99_ms']:.1f} ms; with uploads and assessments: "
        f"{busy_summary['requests_per_s']:.0f} req/s, p99 {busy_summary['p99_ms']:.1f} ms, "
        f"{busy_summary['errors']} errors -> {path}"
    )


if __name__ == "__main__":
    main()
