"""Child-process probes: each runs in a fresh interpreter and prints one JSON line.

``python -m bench.probes cold``                 phases from process start to the first answer
``python -m bench.probes memory``               peak RSS after loading the snapshot and answering
``python -m bench.probes memory --rank-only``   the same for a large synthetic index (ranking only)
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()
QUESTIONS = (
    "Does my MSP's vCIO create a conflict of interest?",
    "Do I need both an MSP and a fractional CIO?",
    "What does a fractional CIO cost?",
    "When should we pick interim CTO services?",
)


def _rss_mb() -> float:
    """Peak RSS of this process image. Not ru_maxrss: Linux carries it over fork+exec from the
    (large) parent, so every child would report the benchmark runner's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold() -> dict[str, float]:
    t0 = time.perf_counter()
    from advisor.settings import load_settings

    settings = load_settings()
    if settings.encoder == "sentence-transformers":
        import sentence_transformers  # noqa: F401  (the heavy import: torch + transformers; the onnx backend has none)

    t_imports = time.perf_counter()
    from advisor.engine import Advisor

    advisor = Advisor(settings)
    t_app_imports = time.perf_counter()
    advisor.embedder.encode(["load the model"])
    t_model = time.perf_counter()
    advisor.runtime.refresh()  # read the served generation into a snapshot (vectors of keys and units from the disk cache)
    t_index = time.perf_counter()
    _ = advisor.answerer  # the fitted ranker and scope model, and the scope examples' embeddings
    t_knowledge = time.perf_counter()
    advisor.answer(QUESTIONS[0])
    t_answer = time.perf_counter()
    return {
        "interpreter_s": t0 - START,
        "import_torch_st_s": t_imports - t0,
        "import_advisor_s": t_app_imports - t_imports,
        "model_load_s": t_model - t_app_imports,
        "snapshot_load_s": t_index - t_model,
        "knowledge_load_s": t_knowledge - t_index,
        "first_answer_s": t_answer - t_knowledge,
        "in_process_total_s": t_answer - START,
        "peak_rss_mb": _rss_mb(),
    }


def memory(questions: int = 20) -> dict[str, float]:
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    advisor = Advisor(load_settings())
    snap = advisor.ensure_ready()
    if "--rank-only" in sys.argv:
        # Large synthetic index: the model, the snapshot and ranking every passage (a few questions: each ranks them all).
        for q in QUESTIONS[:2]:
            advisor.assess(q)
        return {"passages": snap.size, "peak_rss_mb": _rss_mb()}
    for i in range(questions):
        advisor.answer(QUESTIONS[i % len(QUESTIONS)] + " " * (i // len(QUESTIONS)))
    return {"passages": snap.size, "peak_rss_mb": _rss_mb()}


if __name__ == "__main__":
    which = sys.argv[1]
    out = cold() if which == "cold" else memory()
    print(json.dumps(out))
