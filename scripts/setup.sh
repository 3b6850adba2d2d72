#!/usr/bin/env bash
# Create .venv and install what Advisor needs. Idempotent: re-runs only when requirements change.
# Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
want=requirements.txt
[ "${1:-}" = "dev" ] && want=requirements-dev.txt
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$want" .txt)"
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  # torch first, pinned: pip takes the CPU build from local disk; a plain 'torch' pulls a multi-GB CUDA build.
  .venv/bin/pip install --quiet "torch==2.13.0"
  .venv/bin/pip install --quiet -r "$want"
  touch "$stamp"
fi
