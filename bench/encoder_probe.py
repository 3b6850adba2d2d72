"""Child-process probes for the encoder section: each runs in a fresh interpreter.

``python -m bench.encoder_probe ask ARGS…``   runs ``python -m advisor ARGS…`` and prints its peak RSS (stderr, last line)
``python -m bench.encoder_probe ready``       process start → encoder ready (one query encoded), as JSON
"""

from __future__ import annotations

import json
import os
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
    """``python -m advisor`` as its ``__main__`` runs it, the probe line printed before the process ends.

    Not through ``advisor.__main__`` itself: ``ask`` ends the process with ``os._exit`` right after the
    answer (no interpreter teardown), which would end it before the probe line too (the section failed
    on that with an IndexError, found at stop 29). The same exit follows the probe line here, so the wall time is the CLI's.
    """
    from advisor import cli
    from advisor.cli import FAST_EXIT_COMMANDS

    sys.argv = ["advisor", *argv]
    code = cli.main()
    heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
    print("PROBE " + json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1), "heavy_modules": heavy}), file=sys.stderr)
    if argv[:1] and argv[0] in FAST_EXIT_COMMANDS and not cli.wrote_index:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
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
