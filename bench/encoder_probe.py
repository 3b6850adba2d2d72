"""Child-process probes for the encoder section: each runs in a fresh interpreter.

``python -m bench.encoder_probe ask ARGS…``   runs ``python -m advisor ARGS…`` and prints its peak RSS (stderr, last line)
``python -m bench.encoder_probe ready``       process start → encoder ready (one query encoded), as JSON
"""

from __future__ import annotations

import json
import sys
import time
from typing import NoReturn

START = time.perf_counter()


def peak_rss_mb() -> float:
    """VmHWM of this process image (ru_maxrss would carry the parent's peak over fork+exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def ask(argv: list[str]) -> NoReturn:
    """``python -m advisor ARGS…`` as its ``__main__`` runs it, the probe line printed before the process ends.

    The CLI's ``end`` follows the probe line: ``ask`` ends the process with ``os._exit`` right after the answer
    (no interpreter teardown), which ended the probe before its line when this ran ``advisor.__main__`` itself
    (the section failed on that with an IndexError, found at stop 29).
    """
    from advisor import cli

    sys.argv = ["advisor", *argv]
    code = cli.main()
    heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
    print("PROBE " + json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1), "heavy_modules": heavy}), file=sys.stderr)
    cli.end(code, argv)


def ready() -> dict[str, float]:
    from advisor.embeddings import embedder_for
    from advisor.settings import load_settings

    embedder_for(load_settings()).encode(["Do I need both?"])
    return {"ready_s": time.perf_counter() - START, "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    if sys.argv[1] == "ask":
        ask(sys.argv[2:])
    print(json.dumps(ready()))
