#!/usr/bin/env bash
# Quick start 1: set up .venv, build the store at the embedded default (or $ASSAY_DB) from
# the bundled data plus ../shared/data when present, and print the rare-earth world picture.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/assay build "$@"
