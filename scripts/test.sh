#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, the eval gate included. On a fresh machine it
# installs what the tests need from the system (Chromium for the browser tests, PostgreSQL for the
# feedback-store contract) and starts PostgreSQL, then runs pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
command -v python3 >/dev/null || need+=(python3 python3-venv python3-pip)
python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
# The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
# Without a colour emoji font Chromium draws 👍/👎 and the other emoji as empty boxes (screenshots, browser tests).
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || need+=(fonts-noto-color-emoji)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing system packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# PostgreSQL: a cluster with a test database; the feedback-store tests also run against it.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
pgver=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$pgver main$" || $SUDO pg_createcluster "$pgver" main >/dev/null
pg_lsclusters -h | grep "^$pgver *main" | grep -q online || $SUDO pg_ctlcluster "$pgver" main start
as_postgres psql -qtc "SELECT 1 FROM pg_roles WHERE rolname='advisor'" | grep -q 1 || as_postgres psql -qc "CREATE ROLE advisor LOGIN PASSWORD 'advisor'"
as_postgres psql -qtc "SELECT 1 FROM pg_database WHERE datname='advisor_test'" | grep -q 1 || as_postgres createdb -O advisor advisor_test
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgresql+psycopg://advisor:advisor@127.0.0.1:5432/advisor_test}"

bash scripts/setup.sh dev
export HF_HUB_OFFLINE=1
# Python's bytecode cache on (__pycache__/ is git-ignored): with PYTHONDONTWRITEBYTECODE set, as some shells
# and containers do, every pytest process and every server, CLI and ingest process the tests start
# compiled the test modules (assertion rewriting) and our own packages from source again: ~2.3 s of
# CPU more per pytest process to collect the suite (8.0 s against 5.7 s on 2026-11-27), ~0.2 s per subprocess.
unset PYTHONDONTWRITEBYTECODE
# One math thread per process: torch's OpenMP pool (sentence-transformers, the train test's fits) and
# OpenBLAS (numpy, scikit-learn); onnxruntime already runs one (advisor/onnx_encoder.py). The suite
# runs three workers, the subset and the servers they start on two cores, where a second thread
# mostly spins waiting for a busy core. Measured 2026-11-27 under load, CPU s: the main run 353 → 315
# and 322 (the train test 53 → 35), the subset alone beside two busy loops 85 and 80 → 60 and 54.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"
# The whole suite on the default encoder (onnx) and, at the same time, the marked subset on the
# reference one (sentence-transformers; its output is printed after the suite's). Three
# pytest-xdist workers on this 2-core machine: many tests wait on servers, browsers and
# subprocesses, and a third worker and the subset's run fill those waits (2026-11-26, same
# checkout: 348 s + 40 s one after the other with two workers; 258 s for both side by side with
# three). Each module runs on one worker, so its module fixtures are built once, handed out in
# the order tests/conftest.py sorts them: slowest first. TEST_WORKERS=0: one process, one run
# after the other.
# schemathesis is used as a library (tests/hardening/test_fuzz_api.py); its pytest plugin crashes at the end of an xdist run.
PYTEST=(.venv/bin/python -m pytest -p no:schemathesis)
# pytest's 5 for the subset: none of the tests asked for (`bash scripts/test.sh tests/unit`) is in it; nothing failed.
subset_status() { [ "$1" -eq 5 ] && return 0; return "$1"; }
if [ "${TEST_WORKERS:-3}" = "0" ]; then
  ADVISOR_ENCODER=onnx "${PYTEST[@]}" "$@"
  rc=0; ADVISOR_ENCODER=sentence-transformers "${PYTEST[@]}" -m both_encoders "$@" || rc=$?
  subset_status "$rc"; exit
fi
subset_log=$(mktemp)
ADVISOR_ENCODER=sentence-transformers "${PYTEST[@]}" -n 1 -m both_encoders "$@" >"$subset_log" 2>&1 &
subset=$!
trap 'kill "$subset" 2>/dev/null || true; rm -f "$subset_log"' EXIT
suite_rc=0
ADVISOR_ENCODER=onnx "${PYTEST[@]}" -n "${TEST_WORKERS:-3}" --dist loadscope --no-loadscope-reorder "$@" || suite_rc=$?
subset_rc=0
wait "$subset" || subset_rc=$?
echo "=== the both_encoders subset on sentence-transformers (run alongside the suite) ==="
cat "$subset_log"
[ "$suite_rc" -ne 0 ] && exit "$suite_rc"
subset_status "$subset_rc"
