#!/usr/bin/env bash
# Set up (first time) and open the Streamlit app on the embedded defaults; the corpus is ingested on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1
# `python -m advisor app` is `streamlit run app.py` with the engine loading while Streamlit starts (first answer sooner).
exec .venv/bin/python -m advisor app --server.headless true --browser.gatherUsageStats false "$@"
