"""Child-process probes for the encoder section: each runs in a fresh interpreter.

``python -m bench.encoder_probe ask ARGS…``   runs ``python -m advisor ARGS…`` and prints its peak RSS (stderr, last line)
``python -m bench.encoder_probe ready``       process start → encoder ready (one query encoded), as JSON
"""

from __future__ import annotations

import json
import runpy
import sys
import time

START = time.perf_counter()


def peak_rss_mb() -> float:
    """VmHWM of this process image (ru_maxrss would carry the parent's peak over fork+exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def ask(argv: list[str]) -> int:
    sys.argv = ["advisor", *argv]
    code = 0
    try:
        runpy.run_module("advisor", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = int(exc.code or 0)
    heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
    print("PROBE " + json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1), "heavy_modules": heavy}), file=sys.stderr)
    return code


def ready() -> dict[str, float]:
    from advisor.embeddings import embedder_for
    from advisor.settings import load_settings

    embedder_for(load_settings()).encode(["Do I need both?"])
    return {"ready_s": time.perf_counter() - START, "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    if sys.argv[1] == "ask":
        raise SystemExit(ask(sys.argv[2:]))
    print(json.dumps(ready()))
