"""Child-process probes: each runs in a fresh interpreter and prints one JSON line.

``python -m bench.probes cold``     phases from process start to the first answer
``python -m bench.probes memory``   peak RSS after opening the index and answering
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()


def _rss_mb() -> float:
    """Peak RSS of this process image. Not ru_maxrss: Linux carries it over fork+exec from the
    (large) parent, so every child would report the benchmark runner's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold() -> dict[str, float]:
    t0 = time.perf_counter()
    import sentence_transformers  # noqa: F401  (the heavy import: torch + transformers)

    t_imports = time.perf_counter()
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    advisor = Advisor(load_settings())
    t_app_imports = time.perf_counter()
    _ = advisor.embedder.model
    t_model = time.perf_counter()
    advisor.ensure_ready()
    t_index = time.perf_counter()
    advisor.answer("Does my MSP's vCIO create a conflict of interest?")
    t_answer = time.perf_counter()
    return {
        "interpreter_s": t0 - START,
        "import_torch_st_s": t_imports - t0,
        "import_advisor_s": t_app_imports - t_imports,
        "model_load_s": t_model - t_app_imports,
        "index_open_s": t_index - t_model,
        "first_answer_s": t_answer - t_index,
        "in_process_total_s": t_answer - START,
        "peak_rss_mb": _rss_mb(),
    }


def memory(questions: int = 20) -> dict[str, float]:
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    advisor = Advisor(load_settings())
    retriever = advisor.ensure_ready()
    if "--retriever-only" in sys.argv:
        # Synthetic 100k index: measure the model, Chroma and BM25 (no answer units to compose from).
        q = advisor.embedder.encode(["What does a fractional CIO cost?"])[0]
        for _ in range(questions):
            retriever.search("What does a fractional CIO cost?", query_vec=q)
        return {"chunks": retriever.size, "peak_rss_mb": _rss_mb()}
    qs = [
        "Does my MSP's vCIO create a conflict of interest?",
        "Do I need both an MSP and a fractional CIO?",
        "What does a fractional CIO cost?",
        "When should we pick interim CTO services?",
    ]
    for i in range(questions):
        advisor.answer(qs[i % len(qs)] + " " * (i // len(qs)))
    return {"chunks": retriever.size, "peak_rss_mb": _rss_mb()}


if __name__ == "__main__":
    which = sys.argv[1]
    out = cold() if which == "cold" else memory()
    print(json.dumps(out))
