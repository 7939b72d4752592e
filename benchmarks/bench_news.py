"""Benchmark of news checking: articles per second on ~2,000-word articles.

Corpus: articles of about 2,000 words assembled from the paragraphs of the five seed
articles (../shared/seeds) in a seeded random order, or from built-in sentences where the
seeds are absent. Evidence: a store built from ../shared/data (MCS 2023-2025) when present,
else the bundled reference data only.

Reports (medians of several runs):
- core pipeline: ``check_document`` on documents already in memory, one process;
- ``check_paths`` sequential: reading files, checking, story clustering;
- Dask batch mode with 1 and 2 local worker processes: the cluster is started once (its
  start-up time is reported apart) and warm runs go through its scheduler address; the
  speed-up of 2 workers over 1.

The machine is shared: compare ratios from the same run, not absolute numbers across runs.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import SHARED, rss_mib, time_median, write_results
from assay.analyses.news.pipeline import check_document, check_paths, knowledge_base
from assay.importers.news import document_from_text
from assay.store import open_store

WORDS_PER_ARTICLE = 2000
N_CORE = 100
N_BATCH = 200

FALLBACK = [
    "Russia ranks fourth globally in rare earth reserves.",
    "Rare earth minerals, including titanium and lithium, belong to a group of 17 elements.",
    "China, the world's largest producer of rare earth minerals, expanded export controls.",
    "Putin said Moscow is ready to work with Washington on rare earths in Murmansk.",
    "The US suspended all military aid to Ukraine on Monday after the deal collapsed.",
    "Forbes Ukraine assessed the country's resources at $14.8 trillion, 111 billion tons.",
]


def _paragraphs() -> list[str]:
    seeds = SHARED / "seeds"
    paras: list[str] = []
    if seeds.is_dir():
        for f in sorted(seeds.glob("*.txt")):
            paras.extend(p.strip() for p in f.read_text().split("\n") if len(p.split()) > 8)
    return paras or FALLBACK


def make_articles(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paras = _paragraphs()
    articles = []
    for i in range(n):
        words, parts = 0, [f"Synthetic article {i} about rare earths"]
        while words < WORDS_PER_ARTICLE:
            p = rng.choice(paras)
            parts.append(p)
            words += len(p.split())
        articles.append("\n\n".join(parts))
    return articles


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-news-"))
    store = open_store(tmp / "bench.duckdb")
    data = SHARED / "data"
    if data.is_dir():
        from assay.analyses.build import build_store

        build_store(store, data)
        evidence = "reference data + MCS 2023-2025 from ../shared/data"
    else:
        from assay.analyses.build import load_reference

        load_reference(store)
        evidence = "reference data only"
    kb = knowledge_base(store)

    texts = make_articles(N_BATCH)
    words = sum(len(t.split()) for t in texts) / len(texts)
    docs = [document_from_text(t, doc_id=f"a{i}", date_=None) for i, t in enumerate(texts[:N_CORE])]
    check_document(kb, docs[0])  # compile the lexicon once

    core = time_median(lambda: [check_document(kb, d) for d in docs], repeat=3, warmup=0)
    core_rate = N_CORE / core["median_s"]
    # CPU time of the same work: the rate one uncontended core gives, whatever the load
    cpu0 = time.process_time()
    for d in docs:
        check_document(kb, d)
    cpu_rate = N_CORE / (time.process_time() - cpu0)
    print(
        f"core pipeline: {core_rate:.1f} articles/s wall, {cpu_rate:.1f} per CPU-second "
        f"({words:.0f} words/article, load average {os.getloadavg()[0]:.1f})",
        file=sys.stderr,
    )

    folder = tmp / "corpus"
    folder.mkdir()
    for i, t in enumerate(texts):
        (folder / f"a{i:04d}.txt").write_text(t)
    seq_paths = sorted(folder.glob("*.txt"))[:N_CORE]
    seq = time_median(lambda: check_paths(store, seq_paths, date="2025-03-01"), repeat=3, warmup=0)
    seq_rate = N_CORE / seq["median_s"]
    print(f"check_paths sequential: {seq_rate:.1f} articles/s", file=sys.stderr)

    # Dask: one local cluster per worker count, started once (start-up timed apart), then
    # warm runs through its scheduler address, as a long-lived batch service would be used
    from dask.distributed import Client, LocalCluster

    dask: dict[str, dict[str, float]] = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        startup = time.perf_counter() - t0
        addr = cluster.scheduler_address
        client = Client(addr)  # keeps the cluster referenced while check_paths runs
        try:
            t = time_median(
                lambda a=addr: check_paths(store, [folder], date="2025-03-01", scheduler=a),
                repeat=2,
                warmup=1,
            )
        finally:
            client.close()
            cluster.close()
        rate = N_BATCH / t["median_s"]
        dask[str(workers)] = {**t, "articles_per_s": rate, "cluster_startup_s": startup}
        print(
            f"dask {workers} worker(s): {rate:.1f} articles/s (start-up {startup:.1f} s)",
            file=sys.stderr,
        )
    store.close()

    write_results(
        "news",
        {
            "evidence": evidence,
            "words_per_article": round(words),
            "core_pipeline": {
                **core,
                "articles": N_CORE,
                "articles_per_s": core_rate,
                "articles_per_cpu_s": cpu_rate,
            },
            "load_average_1min": os.getloadavg()[0],
            "check_paths_sequential": {**seq, "articles": N_CORE, "articles_per_s": seq_rate},
            "dask_batch": {"articles": N_BATCH, "by_workers": dask},
            "dask_speedup_2_over_1": dask["2"]["articles_per_s"] / dask["1"]["articles_per_s"],
            "target_core_articles_per_s": 50,
            "rss_mib": rss_mib(),
        },
    )


if __name__ == "__main__":
    main()
