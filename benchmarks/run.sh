#!/usr/bin/env bash
# Run the benchmarks: all of benchmarks/bench_*.py, or those named (e.g. `store assess`).
# Each prints medians of several runs and writes benchmarks/results/<name>.json.
# `reports`: the Russia dossier and rare-earth briefing PDFs by stage (data, figures, WeasyPrint).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p benchmarks/results
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in benchmarks/bench_*.py; do n=$(basename "$f" .py); names+=("${n#bench_}"); done
fi
for n in "${names[@]}"; do
  echo "== benchmark: $n"
  .venv/bin/python "benchmarks/bench_$n.py"
done
