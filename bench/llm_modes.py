"""``python -m bench.llm_modes``: the LLM path against the scripted OpenAI-compatible server, per mode.

For each mode of tests/scripted_llm.py it answers the same in-scope questions over real HTTP with
the real langchain-openai client and counts bad sentences that reached the user and good ones that
were dropped; with the slow streaming mode it times the first checked sentence against the
model's last byte. Prints a Markdown table for docs/benchmarks.md (the claim check section).
"""

from __future__ import annotations

import os
import time

from advisor.engine import Advisor
from advisor.models import Answer
from advisor.settings import load_settings
from tests.scripted_llm import BAD_MODES, scripted_llm
from tests.test_llm_http import QUESTIONS, _shown


def main() -> int:
    os.environ.setdefault("OPENAI_API_KEY", "sk-dummy-for-a-local-server")
    rows = ["| mode | sentences sent | bad sent | bad shown | good sent | good dropped | answers from the LLM |", "|---|---:|---:|---:|---:|---:|---:|"]
    with scripted_llm() as (base, script):
        base_adv = Advisor(load_settings())
        for mode in ("good", *BAD_MODES):
            script.reset()
            adv = Advisor(load_settings(llm=f"openai:{mode}", llm_base_url=base, llm_max_retries=0), embedder=base_adv.embedder, store=base_adv.store)
            answers = [adv.answer(q) for q in QUESTIONS]
            shown = [a.text for a in answers if a.backend.startswith("llm:")]
            sent = [s for s in script.sentences if s["mode"] == mode]
            good = [s for s in sent if s["good"]]
            bad = [s for s in sent if not s["good"]]
            bad_shown = sum(any(_shown(t, s["text"]) for t in shown) for s in bad)
            dropped = sum(not any(_shown(t, s["text"]) for t in shown) for s in good)
            pct = lambda a, b: f"{a} ({100 * a / b:.0f} %)" if b else "–"  # noqa: E731
            rows.append(f"| {mode} | {len(sent)} | {len(bad)} | {pct(bad_shown, len(bad))} | {len(good)} | {pct(dropped, len(good))} | {len(shown)}/{len(answers)} |")
        script.reset()
        adv = Advisor(load_settings(llm="openai:slow-stream", llm_base_url=base), embedder=base_adv.embedder, store=base_adv.store)
        firsts, finishes = [], []
        for q in QUESTIONS[:4]:
            started = time.monotonic()
            first = None
            for piece in adv.stream(q):
                if first is None and isinstance(piece, str):
                    first = time.monotonic() - started
                if isinstance(piece, Answer):
                    break
            firsts.append(first or float("nan"))
            finishes.append(script.finished_at[-1] - started)
    print("\n".join(rows))
    print(f"\nslow streaming model (4 questions): first checked sentence at {', '.join(f'{x:.2f}' for x in firsts)} s; model finished at {', '.join(f'{x:.2f}' for x in finishes)} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
