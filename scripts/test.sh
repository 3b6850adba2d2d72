#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, the eval gate included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
export HF_HUB_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
