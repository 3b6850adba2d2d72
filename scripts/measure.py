"""Quick measurements for the closing note (not the full benchmark of issue 6):
full ingest into a temp dir, no-change re-ingest, and warm answer latency p50/p95.

Usage: .venv/bin/python scripts/measure.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.embeddings import get_embedder  # noqa: E402
from advisor.engine import Advisor  # noqa: E402
from advisor.settings import PROJECT_ROOT, Settings  # noqa: E402
from ingest.index import sync_index  # noqa: E402


def main() -> int:
    t0 = time.perf_counter()
    embedder = get_embedder()
    embedder.encode(["warm up"])
    load_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp), corpus_dir=PROJECT_ROOT / "corpus")
        first = sync_index(s, embedder, progress=None)
        again = sync_index(s, embedder, progress=None)
        adv = Advisor(s, embedder=embedder)
        adv.ensure_ready()
        qs = [json.loads(line)["q"] for line in (PROJECT_ROOT / "eval" / "calibration.jsonl").read_text().splitlines() if line.strip()]
        cold = []
        for q in qs:
            t = time.perf_counter()
            adv.answer(q)
            cold.append((time.perf_counter() - t) * 1000)
        warm = []
        for q in qs:
            t = time.perf_counter()
            adv.answer(q)
            warm.append((time.perf_counter() - t) * 1000)

    def pct(v: list[float], p: float) -> float:
        v = sorted(v)
        return v[min(len(v) - 1, int(round(p * (len(v) - 1))))]

    print(f"model load: {load_s:.1f}s")
    print(f"full ingest: {first.chunks_total} chunks in {first.seconds:.1f}s ({first.chunks_total / first.seconds:.1f} chunks/s)")
    print(f"re-ingest, no change: {again.seconds:.2f}s, wrote={again.wrote}")
    print(f"answer latency, first pass ({len(qs)} questions): p50 {statistics.median(cold):.0f} ms, p95 {pct(cold, 0.95):.0f} ms")
    print(f"answer latency, warm (same questions again): p50 {statistics.median(warm):.0f} ms, p95 {pct(warm, 0.95):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
