#!/usr/bin/env bash
# Quick start 2: set up .venv and the system tools the tests drive (headless Chromium,
# pdftoppm, the Pango libraries WeasyPrint uses), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${need[*]}"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]}; tests that need them are skipped" >&2
  fi
fi
export ASSAY_DB="${ASSAY_DB_TEST:-$PWD/.pytest-assay.duckdb}"
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
