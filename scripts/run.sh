#!/usr/bin/env bash
# Set up (first time) and open the Streamlit app on the embedded defaults; the corpus is ingested on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1
exec .venv/bin/streamlit run app.py --server.headless true --server.fileWatcherType none --browser.gatherUsageStats false "$@"
