"""``python -m bench``: speed and scale, each figure against its bare floor measured in the same run.

Prints the figures as it goes and writes bench/results/latest.json, docs/benchmarks.md and
docs/bench_ranking.png. Never a timed test: nothing here fails on wall-clock time.

    python -m bench                 # everything (~15-20 min on 2 cores)
    python -m bench --quick         # fewer questions and repetitions, shorter load runs (still up to 100k passages)
    python -m bench --only answer,ingest
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from advisor.embeddings import Embedder, embedder_for
from advisor.engine import Advisor
from advisor.index import IndexSnapshot
from advisor.settings import PROJECT_ROOT, Settings
from advisor.store import open_store
from bench.encoder import bench_encoder
from bench.report import ANSWER_GOAL
from bench.synthetic import corpus_sentences
from tests.localserver import free_port, wait_until_ok

HERE = Path(__file__).resolve().parent
DOCS = PROJECT_ROOT / "docs"
SECTIONS = ("answer", "cold", "ingest", "ranking", "server", "quality", "memory", "backends", "encoder")
ALIASES = {"retrieval": "ranking"}  # the section's name before ranking moved off Chroma
FLOOR_K = 30  # the bare floor's dense search returns this many passages


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def stats_ms(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s]
    return {"p50_ms": round(pct(ms, 50), 2), "p95_ms": round(pct(ms, 95), 2), "n": len(ms)}


def say(msg: str) -> None:
    print(msg, flush=True)


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(HF_HUB_OFFLINE="1", ADVISOR_DATA_DIR=str(data_dir), **extra)
    return env


def eval_questions() -> list[tuple[str, list[Any]]]:
    from eval.dataset import load_items

    return [(it.question, it.history) for it in load_items()]


# ---- answer latency vs floor --------------------------------------------------------------------
def dense_top(vectors: np.ndarray, v: np.ndarray, k: int = FLOOR_K) -> np.ndarray:
    """The bare dense search: cosine against every unit vector, the k best in order."""
    s = vectors @ v
    k = min(k, len(s))
    top = np.argpartition(-s, k - 1)[:k]
    return top[np.argsort(-s[top])]


def _answer_run(advisor: Advisor, embedder: Embedder, questions: list[tuple[str, list[Any]]], resolved: dict[str, str], reps: int) -> dict[str, Any]:
    snap = advisor.ensure_ready()
    collection = advisor.store.active()  # the same generation the snapshot was read from
    floor, chroma, full, overhead, assess, compose = [], [], [], [], [], []
    for _ in range(reps):
        for q, h in questions:  # interleaved, so load on the shared machine hits floor and answer alike
            t0 = time.perf_counter()
            v = embedder.encode([q])[0]
            t1 = time.perf_counter()
            dense_top(snap.vectors, v)
            t2 = time.perf_counter()
            collection.query(query_embeddings=[v], n_results=min(FLOOR_K, snap.size), include=["distances"])
            t3 = time.perf_counter()
            floor.append(t2 - t0)
            chroma.append((t1 - t0) + (t3 - t2))  # the same encoding, then Chroma's HNSW instead of numpy
            embedder.forget([q, resolved[q]])  # first encoding of the question, as for a new visitor
            t = time.perf_counter()
            ans = advisor.answer(q, h)
            full.append(time.perf_counter() - t)
            overhead.append(full[-1] - floor[-1])
            assess.append(ans.trace.timings.retrieve_ms / 1000)
            compose.append(ans.trace.timings.compose_ms / 1000)
    out: dict[str, Any] = {
        "floor": stats_ms(floor),
        "floor_chroma": stats_ms(chroma),
        "answer": stats_ms(full),
        "overhead": stats_ms(overhead),  # answer minus floor, question by question: what the engine adds
        "answer_assess": stats_ms(assess),
        "answer_compose": stats_ms(compose),
    }
    out["ratio_p50"] = round(out["answer"]["p50_ms"] / out["floor"]["p50_ms"], 2)
    out["ratio_p95"] = round(out["answer"]["p95_ms"] / out["floor"]["p95_ms"], 2)
    return out


def bench_answer(advisor: Advisor, embedder: Embedder, reps: int) -> dict[str, Any]:

    questions = eval_questions()
    snap = advisor.ensure_ready()
    # One pass first, as a running server has had: composition's sentence encodings (cached by
    # text) are warm; each question's own encoding is evicted before every timed answer.
    resolved = {q: advisor.answer(q, h).resolved_question for q, h in questions}
    backend = getattr(embedder, "backend", "?")
    out: dict[str, Any] = {"questions": len(questions), "reps": reps, "passages": snap.size, "encoder": backend}
    out.update(_answer_run(advisor, embedder, questions, resolved, reps))
    if backend == "sentence-transformers":
        import torch

        # The same with one torch thread: on a shared machine, a one-question encode with intra-op
        # threads waiting on a busy core can be many times slower than with one thread.
        threads = torch.get_num_threads()
        out["torch_threads"] = threads
        try:
            torch.set_num_threads(1)
            out["one_thread"] = _answer_run(advisor, embedder, questions, resolved, reps)
        finally:
            torch.set_num_threads(threads)
    for label, r in (("", out), (" [1 torch thread]", out.get("one_thread"))):
        if r is None:
            continue
        say(
            f"answer latency{label}: p50 {r['answer']['p50_ms']} ms vs floor {r['floor']['p50_ms']} ms → {r['ratio_p50']}× (goal ≤ {ANSWER_GOAL}×); "
            f"p95 {r['answer']['p95_ms']} ms ({r['ratio_p95']}×); added over the floor p50 {r['overhead']['p50_ms']} ms; "
            f"assess p50 {r['answer_assess']['p50_ms']} ms, compose p50 {r['answer_compose']['p50_ms']} ms; floor with a Chroma query instead: p50 {r['floor_chroma']['p50_ms']} ms"
        )
    return out


# ---- cold start ---------------------------------------------------------------------------------
def bench_cold(data_dir: Path, runs: int) -> dict[str, Any]:
    rows = []
    for _ in range(runs):
        t = time.perf_counter()
        res = subprocess.run(
            [sys.executable, "-m", "bench.probes", "cold"], cwd=PROJECT_ROOT, env=child_env(data_dir), capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - t
        row = json.loads(res.stdout.strip().splitlines()[-1])
        row["wall_s"] = wall
        rows.append(row)
    keys = [k for k in rows[0] if k.endswith("_s")]
    med = {k: round(statistics.median(r[k] for r in rows), 2) for k in keys}
    med["process_start_to_answer_s"] = med.pop("wall_s")
    say(f"cold start (median of {runs}): " + ", ".join(f"{k} {v}" for k, v in med.items()))
    return {"runs": runs, "median": med}


def chunk_texts(corpus_dir: Path) -> list[str]:
    """The embedding texts ingest would encode for a corpus folder."""
    from ingest.chunk import chunk_markdown
    from ingest.index import discover
    from ingest.load import load_document

    return [c.embed_text for p in discover(corpus_dir) for c in chunk_markdown(load_document(p, corpus_dir))]


# ---- ingest throughput vs bare encode -------------------------------------------------------------
def bench_ingest(embedder: Embedder, work: Path, synthetic_docs: int, runs: int) -> dict[str, Any]:
    from bench.synthetic import synthetic_corpus
    from ingest.index import sync_index

    out: dict[str, Any] = {}
    corpora = {"corpus": PROJECT_ROOT / "corpus", "synthetic": synthetic_corpus(PROJECT_ROOT / "corpus", work / "synthetic-corpus", n_docs=synthetic_docs)}
    for name, cdir in corpora.items():
        texts = chunk_texts(cdir)
        floors, ingests, unchanged, loads = [], [], [], []
        for r in range(runs):
            t = time.perf_counter()
            embedder.encode(texts)  # the bare encode, longest first in batches of 64 (no cache)
            floors.append(time.perf_counter() - t)
            settings = Settings(data_dir=work / f"ingest-{name}-{r}", corpus_dir=cdir)
            store = open_store(settings, embedder)
            rep = sync_index(settings, embedder, store, progress=None)
            ingests.append(rep.seconds)
            rep2 = sync_index(settings, embedder, store, progress=None)
            if rep2.wrote:
                raise RuntimeError("re-ingesting an unchanged corpus wrote a new generation")
            unchanged.append(rep2.seconds)
            # Servable only after the first snapshot load: it encodes every passage's key and quotable units (cached on disk).
            t = time.perf_counter()
            snap = IndexSnapshot.load(store, embedder, settings.data_dir / "bench_vectors.npz")
            loads.append(time.perf_counter() - t)
            units = sum(len(u) for u in snap.units)
            del snap, store
            shutil.rmtree(settings.data_dir, ignore_errors=True)
        n = len(set(texts))
        f, i, ld = statistics.median(floors), statistics.median(ingests), statistics.median(loads)
        out[name] = {
            "chunks": n,
            "units": units,
            "floor_chunks_per_s": round(n / f, 1),
            "ingest_chunks_per_s": round(n / i, 1),
            "share_of_floor": round(f / i, 3),
            "reingest_unchanged_s": round(statistics.median(unchanged), 3),
            "ingest_s": round(i, 1),
            "first_load_s": round(ld, 1),
            "servable_chunks_per_s": round(n / (i + ld), 1),
        }
        o = out[name]
        say(
            f"ingest {name}: {n} passages, {o['ingest_chunks_per_s']}/s vs bare encode {o['floor_chunks_per_s']}/s → {o['share_of_floor']:.0%} of floor (goal ≥ 90%); "
            f"unchanged re-ingest {o['reingest_unchanged_s']} s; first snapshot load {o['first_load_s']} s ({units} units encoded) → {o['servable_chunks_per_s']} passages/s to servable"
        )
    return out


# ---- ranking at scale -----------------------------------------------------------------------------
def bench_ranking(advisor: Advisor, embedder: Embedder, work: Path, sizes: list[int], queries: int, large_queries: int, keep: Path | None) -> dict[str, Any]:
    """Answerer.assess (features of every passage, the learned model, scope) over N synthetic passages."""
    from bench.synthetic import replicate, write_generation

    base = advisor.ensure_ready()
    answerer = advisor.answerer
    qs = [q for q, h in eval_questions() if not h][:queries]
    qvecs = embedder.encode(qs, cache=True)  # cached: assess finds them, so this times ranking, not the encoder
    # Every synthetic passage is a copy of a real one, so one vector cache of the real keys and units serves all sizes.
    seed_cache = work / "scale-vectors.npz"
    IndexSnapshot.load(advisor.store, embedder, seed_cache)
    rows = []
    for n in sizes:
        data = keep if (keep is not None and n == max(sizes)) else work / f"scale-{n}"
        data.mkdir(parents=True, exist_ok=True)
        settings = Settings(data_dir=data)
        cache = settings.vector_cache  # where the engine keeps it, so the memory probe finds it warm
        shutil.copy(seed_cache, cache)
        store = open_store(settings, embedder)
        passages, vecs = replicate(base, n)
        build_s = write_generation(store, passages, vecs)
        del passages, vecs
        t = time.perf_counter()
        snap = IndexSnapshot.load(store, embedder, cache)
        load_s = time.perf_counter() - t
        nq = queries if n <= 10_000 else large_queries
        lat, floor = [], []
        for q, v in list(zip(qs, qvecs))[:nq]:
            t = time.perf_counter()
            answerer.assess(snap, q)
            lat.append(time.perf_counter() - t)
            t = time.perf_counter()
            dense_top(snap.vectors, v)
            floor.append(time.perf_counter() - t)
        row = {
            "passages": n,
            "queries": nq,
            "build_s": round(build_s, 1),
            "load_s": round(load_s, 2),
            **stats_ms(lat),
            "dense_floor_p50_ms": stats_ms(floor)["p50_ms"],
        }
        rows.append(row)
        say(
            f"ranking {n:>6} passages: assess p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms over {nq} questions "
            f"(dense top-{FLOOR_K} alone {row['dense_floor_p50_ms']} ms; build {row['build_s']} s, snapshot load {row['load_s']} s)"
        )
        del snap, store
    return {"rows": rows}


# ---- server throughput --------------------------------------------------------------------------------
async def _load(base: str, concurrency: int, seconds: float, questions: list[str]) -> dict[str, Any]:
    import httpx

    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def worker(w: int) -> None:
            nonlocal errors
            i = w
            while time.perf_counter() < stop:
                q = questions[i % len(questions)]
                i += concurrency
                t = time.perf_counter()
                try:
                    r = await client.post("/api/chat", json={"messages": [{"role": "user", "content": q}]})
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                lat.append(time.perf_counter() - t)
                errors += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return {"clients": concurrency, "requests": len(lat), "errors": errors, "answers_per_s": round((len(lat) - errors) / elapsed, 1), **stats_ms(lat)}


def bench_server(data_dir: Path, levels: list[int], seconds: float) -> dict[str, Any]:
    port = free_port()
    env = child_env(data_dir, ADVISOR_RATE_LIMIT="1000000/minute")
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        wait_until_ok(f"{base}/readyz", 180, proc)
        questions = [q for q, h in eval_questions() if not h]
        asyncio.run(_load(base, 2, 3, questions))  # warm every question's first encoding away from the measurement
        for c in levels:
            row = asyncio.run(_load(base, c, seconds, questions))
            rows.append(row)
            say(
                f"server {c:>2} clients: {row['answers_per_s']} answers/s, p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, errors {row['errors']}/{row['requests']}"
            )
    finally:
        proc.terminate()
        proc.wait(30)
    return {"seconds_per_level": seconds, "levels": rows}


# ---- quality vs a naive baseline ------------------------------------------------------------------------
def bench_quality(advisor: Advisor, work: Path) -> dict[str, Any]:
    import chromadb
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from advisor.models import Answer, Statement
    from eval.dataset import IN_SCOPE_KINDS, load_items
    from eval.runner import run_eval
    from eval.scoring import NUGGET, gold_rank, judge_nuggets

    items = [it for it in load_items() if it.kind in IN_SCOPE_KINDS]
    ours = run_eval(advisor, items, progress=False)
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150)
    docs = []
    for p in sorted((PROJECT_ROOT / "corpus").glob("*.md")):
        body = p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        docs += [Document(page_content=t, metadata={"doc_id": p.name}) for t in splitter.split_text(body)]
    client = chromadb.PersistentClient(path=str(work / "naive"))
    naive = Chroma(client=client, collection_name="naive", embedding_function=advisor.embedder, collection_metadata={"hnsw:space": "cosine"})
    naive.add_documents(docs)
    hits5, vital = [], []
    for it in items:
        q = it.question if not it.history else f"{it.history[-2].content if len(it.history) > 1 else ''} {it.question}"
        found = naive.similarity_search(q, k=5)
        rank = gold_rank([d.metadata["doc_id"] for d in found], it.sources)
        hits5.append(float(rank is not None and rank <= 5))
        top = Answer(question=it.question, statements=[Statement(text=found[0].page_content)] if found else [])
        verdicts = judge_nuggets(it, top, advisor.embedder)
        vital.append(float(np.mean([NUGGET[v["verdict"]] for v in verdicts if v["importance"] == "vital"])))
    o = ours["summary"]["overall"]
    out = {
        "items": len(items),
        "advisor": {"hit@5": o["hit@5"], "vital_score": o["vital_score"], "pass_rate": o["pass_rate"]},
        "naive": {"chunks": len(docs), "hit@5": round(float(np.mean(hits5)), 4), "vital_score": round(float(np.mean(vital)), 4)},
        "naive_definition": "LangChain Chroma similarity search, same embeddings, RecursiveCharacterTextSplitter 1000/150 chunks; its answer is the top chunk's text",
    }
    say(
        f"quality on {len(items)} in-scope items: Advisor hit@5 {o['hit@5']:.2f}, vital {o['vital_score']:.2f} · naive hit@5 {out['naive']['hit@5']:.2f}, vital {out['naive']['vital_score']:.2f}"
    )
    return out


# ---- memory ---------------------------------------------------------------------------------------------
def bench_memory(corpus_data: Path, big_data: Path | None) -> dict[str, Any]:
    """Peak RSS of a fresh process: model, knowledge, snapshot, answering (and the large synthetic index when kept)."""
    out = {}
    res = subprocess.run(
        [sys.executable, "-m", "bench.probes", "memory"], cwd=PROJECT_ROOT, env=child_env(corpus_data), capture_output=True, text=True, check=True
    )
    out["corpus"] = json.loads(res.stdout.strip().splitlines()[-1])
    if big_data is not None and big_data.exists():
        res = subprocess.run(
            [sys.executable, "-m", "bench.probes", "memory", "--rank-only"],
            cwd=PROJECT_ROOT,
            env=child_env(big_data, ADVISOR_AUTO_INGEST="false"),
            capture_output=True,
            text=True,
            check=True,
        )
        out["large"] = json.loads(res.stdout.strip().splitlines()[-1])
    say("peak RSS: " + ", ".join(f"{v['passages']} passages {v['peak_rss_mb']:.0f} MB" for v in out.values()))
    return out


# ---- other encoder backends ------------------------------------------------------------------------------------
def bench_backends(work: Path) -> dict[str, Any]:
    """ONNX / OpenVINO need optimum, whose releases here pin transformers < 5 (onnx) or < 5.6 with
    their own torch stack (openvino), against sentence-transformers 6's transformers >= 5. So this
    probe runs in its own venv when one is given (ADVISOR_BENCH_BACKEND_PYTHON); see docs."""
    py = os.environ.get("ADVISOR_BENCH_BACKEND_PYTHON")
    if not py:
        say("backends: skipped (set ADVISOR_BENCH_BACKEND_PYTHON to a venv with optimum-intel; see docs/benchmarks.md)")
        return {"skipped": "no backend venv given"}
    import random

    from bench.synthetic import corpus_sentences

    sentences = corpus_sentences(PROJECT_ROOT / "corpus")
    random.Random(1).shuffle(sentences)
    texts = chunk_texts(PROJECT_ROOT / "corpus") + [" ".join(sentences[i : i + 3]) for i in range(0, min(len(sentences), 1200), 3)]
    job = work / "backend-job.json"
    job.write_text(json.dumps({"texts": texts, "questions": [q for q, _ in eval_questions()]}))
    res = subprocess.run(
        [py, str(HERE / "backend_probe.py"), str(job)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if res.returncode != 0:
        say(f"backends: probe failed: {res.stderr.strip().splitlines()[-1] if res.stderr.strip() else res.returncode}")
        return {"failed": res.stderr[-2000:]}
    out = json.loads(res.stdout.strip().splitlines()[-1])
    for name, row in out["backends"].items():
        say(f"backend {name}: {row['sentences_per_s']} chunks/s ({row['speedup']}× torch), top-5 agreement {row['top5_agreement']}")
    return out


# ---- report ---------------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    def first(path: str, prefix: str) -> str:
        with contextlib.suppress(OSError, StopIteration):
            return next(line for line in Path(path).read_text().splitlines() if line.startswith(prefix)).split(":")[1].strip()
        return ""

    mem, cpu = first("/proc/meminfo", "MemTotal"), first("/proc/cpuinfo", "model name")
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(), "system": f"{platform.system()} {platform.machine()}"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer questions, repetitions and load seconds")
    p.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    p.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = p.parse_args(argv)
    only = {ALIASES.get(s, s) for s in args.only.split(",")} if args.only else set(SECTIONS)
    unknown = only - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections: {', '.join(sorted(unknown))}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick, "created": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    try:
        from ingest.index import ensure_index

        corpus_data = work / "corpus-data"
        settings = Settings(data_dir=corpus_data)
        embedder = embedder_for(settings)
        advisor = Advisor(settings, embedder=embedder)
        try:  # first run is the caller's job: ingest, then the first snapshot load (encodes keys and units, cached on disk)
            t = time.perf_counter()
            ensure_index(settings, embedder, advisor.store)
            t_ingest = time.perf_counter()
            advisor.ensure_ready()
            say(f"setup: corpus ingested in {t_ingest - t:.1f} s, snapshot + knowledge loaded in {time.perf_counter() - t_ingest:.1f} s (in {work})")
        except Exception as exc:  # every section that needs the engine will fail and say so; the others still run
            results.setdefault("errors", {})["setup"] = f"{type(exc).__name__}: {exc}"[:500]
            say(f"setup: FAILED: {results['errors']['setup']}")
        big = work / "scale-big"
        sizes = [1000, 10000, 100000]
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("answer", lambda: bench_answer(advisor, embedder, reps=2 if args.quick else 3)),
            ("cold", lambda: bench_cold(corpus_data, runs=2 if args.quick else 3)),
            ("ingest", lambda: bench_ingest(embedder, work, synthetic_docs=20 if args.quick else 100, runs=1 if args.quick else 2)),
            (
                "ranking",
                lambda: bench_ranking(advisor, embedder, work, sizes, queries=24 if args.quick else 60, large_queries=4 if args.quick else 20, keep=big),
            ),
            ("server", lambda: bench_server(corpus_data, [1, 10, 50], seconds=8 if args.quick else 20)),
            ("quality", lambda: bench_quality(advisor, work)),
            ("memory", lambda: bench_memory(corpus_data, big if "ranking" in only else None)),
            ("backends", lambda: bench_backends(work)),
            (
                "encoder",
                lambda: bench_encoder(
                    corpus_data,
                    settings.resolved_encoder_dir,
                    chunk_texts(PROJECT_ROOT / "corpus") + corpus_sentences(PROJECT_ROOT / "corpus"),
                    [q for q, h in eval_questions() if not h],
                    runs=2 if args.quick else 3,
                    answers=300 if args.quick else 1000,
                    say=say,
                ),
            ),
        ]
        for name, fn in steps:
            if name in only:
                t = time.perf_counter()
                try:
                    results[name] = fn()
                except Exception as exc:  # one broken section must not lose the others' numbers
                    results.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"[:500]
                    say(f"{name}: FAILED: {results['errors'][name]}")
                    traceback.print_exc(file=sys.stderr)  # where: the one line above named no place (an IndexError in a probe's output named none)
                results.setdefault("section_seconds", {})[name] = round(time.perf_counter() - t, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    previous = out_dir / "latest.json"
    if args.only and previous.exists():
        # A partial run updates its sections and keeps the others from the last run, marked as such.
        old = json.loads(previous.read_text())
        kept = [k for k in SECTIONS if k not in only and k in old]
        for k in kept:
            results[k] = old[k]
            results.setdefault("section_seconds", {})[k] = old.get("section_seconds", {}).get(k)
        results["partial_update"] = {"rerun": sorted(only), "kept_from": old.get("created"), "kept": kept}
        results["total_seconds"] = old.get("total_seconds", results["total_seconds"])
    (out_dir / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    if not args.no_docs:
        from bench.report import write_docs

        write_docs(results, DOCS)
        say(f"wrote {DOCS / 'benchmarks.md'}")
    say(f"total {results['total_seconds']} s · results in {out_dir / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
