"""The encoder section of ``python -m bench`` (issue 14): ONNX vs sentence-transformers in one run.

Every comparison is measured back to back in the same run (the machine is shared, so absolute
times drift; ratios within a run do not drift as much):

- cold: ``python -c "import torch, sentence_transformers"`` against ``python -m advisor ask --json``
  on each backend (wall time, peak RSS, whether torch was imported), interleaved run by run;
- model ready: process start → one query encoded, per backend;
- one-query encode p50 (the floor's first half), interleaved question by question;
- throughput on the corpus' passages and sentences (sorted by length, as ingest does; ONNX also
  unsorted), and the agreement of the two backends' vectors on the same texts;
- Streamlit: ``streamlit run`` start → first answer on screen (Chromium via Playwright), per backend, and the
  same for a minimal Streamlit app (``bench/streamlit_floor.py``, the floor no app can go under here);
- a server process after N answers: answers/s and RSS, per backend.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from advisor.settings import PROJECT_ROOT
from tests.localserver import free_port, wait_until_ok

BACKENDS = ("onnx", "sentence-transformers")
BATCH_SWEEP = (1, 4, 8, 16, 32, 64)  # texts per onnxruntime call, each timed on the same sorted texts
ASK = "Does my MSP's vCIO create a conflict of interest?"
#: Issue 14's bars, shown next to the measured ratios.
GOALS = {"ask_vs_torch_import": 0.25, "ask_peak_rss_mb": 350, "server_rss_mb": 400, "warm_answer_vs_floor": 1.5}


def _env(data_dir: Path, encoder: str, encoder_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(HF_HUB_OFFLINE="1", ADVISOR_DATA_DIR=str(data_dir), ADVISOR_ENCODER=encoder, ADVISOR_ENCODER_DIR=str(encoder_dir), **extra)
    return env


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t = time.perf_counter()
    res = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t, res


def _probe_line(stderr: str) -> dict[str, Any]:
    line = [x for x in stderr.splitlines() if x.startswith("PROBE ")][-1]
    out: dict[str, Any] = json.loads(line[len("PROBE ") :])
    return out


def cold(data_dir: Path, encoder_dir: Path, runs: int) -> dict[str, Any]:
    walls: dict[str, list[float]] = {"import_torch_st": [], **{f"ask_{b}": [] for b in BACKENDS}, **{f"ready_{b}": [] for b in BACKENDS}}
    rss: dict[str, list[float]] = {f"ask_{b}": [] for b in BACKENDS}
    heavy: dict[str, list[str]] = {}
    for _ in range(runs):  # interleaved: load on the shared machine hits every command alike
        wall, res = _timed([sys.executable, "-c", "import torch, sentence_transformers"], _env(data_dir, "onnx", encoder_dir))
        res.check_returncode()
        walls["import_torch_st"].append(wall)
        for b in BACKENDS:
            wall, res = _timed([sys.executable, "-m", "bench.encoder_probe", "ask", "ask", "--json", ASK], _env(data_dir, b, encoder_dir))
            if res.returncode != 0:
                raise RuntimeError(f"ask on {b} failed: {res.stderr[-500:]}")
            probe = _probe_line(res.stderr)
            walls[f"ask_{b}"].append(wall)
            rss[f"ask_{b}"].append(probe["peak_rss_mb"])
            heavy[b] = probe["heavy_modules"]
            wall, res = _timed([sys.executable, "-m", "bench.encoder_probe", "ready"], _env(data_dir, b, encoder_dir))
            res.check_returncode()
            walls[f"ready_{b}"].append(wall)
    med = {k: round(statistics.median(v), 2) for k, v in walls.items()}
    out = {
        "runs": runs,
        "median_wall_s": med,
        "ask_peak_rss_mb": {k: round(statistics.median(v), 1) for k, v in rss.items()},
        "ask_heavy_modules": heavy,
        "ask_vs_torch_import": {b: round(med[f"ask_{b}"] / med["import_torch_st"], 3) for b in BACKENDS},
    }
    return out


def encode_speed(texts: list[str], questions: list[str], encoder_dir: Path) -> dict[str, Any]:
    from advisor.embeddings import get_embedder
    from advisor.onnx_encoder import BATCH_SIZE, OnnxEmbedder

    emb = {b: get_embedder(None, b, encoder_dir) for b in BACKENDS}  # type: ignore[arg-type]  # the names are the Literal's
    for e in emb.values():
        e.encode(["warm up"])
    lat: dict[str, list[float]] = {b: [] for b in BACKENDS}
    for q in questions:  # interleaved, question by question
        for b, e in emb.items():
            t = time.perf_counter()
            e.encode([q])
            lat[b].append(time.perf_counter() - t)
    vecs: dict[str, np.ndarray] = {}
    rate: dict[str, float] = {}
    for b, e in emb.items():
        t = time.perf_counter()
        vecs[b] = e.encode(texts)  # longest first, in each backend's default batches
        rate[b] = len(texts) / (time.perf_counter() - t)
    onnx = emb["onnx"]
    assert isinstance(onnx, OnnxEmbedder)
    t = time.perf_counter()
    for i in range(0, len(texts), BATCH_SIZE):  # corpus order: the padding sorting saves
        onnx.session.run(texts[i : i + BATCH_SIZE])
    unsorted = len(texts) / (time.perf_counter() - t)
    by_batch: dict[int, float] = {}
    for size in BATCH_SWEEP:  # where advisor.onnx_encoder.BATCH_SIZE comes from (that size is the sorted run above)
        if size == BATCH_SIZE:
            by_batch[size] = round(rate["onnx"], 1)
            continue
        t = time.perf_counter()
        onnx.encode(texts, batch_size=size)
        by_batch[size] = round(len(texts) / (time.perf_counter() - t), 1)
    cos = (vecs["onnx"] * vecs["sentence-transformers"]).sum(axis=1)
    p50 = {b: round(statistics.median(v) * 1000, 2) for b, v in lat.items()}
    return {
        "questions": len(questions),
        "texts": len(texts),
        "query_encode_p50_ms": p50,
        "query_encode_p95_ms": {b: round(float(np.percentile(v, 95)) * 1000, 2) for b, v in lat.items()},
        "texts_per_s_sorted": {b: round(r, 1) for b, r in rate.items()},
        "onnx_texts_per_s_unsorted": round(unsorted, 1),
        "onnx_texts_per_s_by_batch": by_batch,
        "min_cosine": round(float(cos.min()), 8),
        "mean_cosine": round(float(cos.mean()), 8),
    }


async def _answers(base: str, n: int, concurrency: int, questions: list[str]) -> tuple[float, int]:
    import httpx

    errors = 0
    sent = 0
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:

        async def worker() -> None:
            nonlocal errors, sent
            while sent < n:
                q = questions[sent % len(questions)]
                sent += 1
                r = await client.post("/api/chat", json={"messages": [{"role": "user", "content": q}]})
                errors += r.status_code != 200

        t = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t, errors


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def server(data_dir: Path, encoder_dir: Path, answers: int, questions: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"answers": answers, "concurrency": 4}
    for b in BACKENDS:
        port = free_port()
        env = _env(data_dir, b, encoder_dir, ADVISOR_RATE_LIMIT="1000000/minute", ADVISOR_DB_URL=f"sqlite:///{data_dir / f'bench-{b}.db'}")
        t = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "advisor", "serve", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_until_ok(f"http://127.0.0.1:{port}/readyz", 300, proc)
            ready_s = time.perf_counter() - t
            seconds, errors = asyncio.run(_answers(f"http://127.0.0.1:{port}", answers, 4, questions))
            out[b] = {
                "start_to_ready_s": round(ready_s, 2),
                "answers_per_s": round((answers - errors) / seconds, 1),
                "errors": errors,
                "rss_mb": round(_status_mb(proc.pid, "VmRSS"), 1),
                "peak_rss_mb": round(_status_mb(proc.pid, "VmHWM"), 1),
            }
        finally:
            proc.terminate()
            proc.wait(30)
    return out


def streamlit_first_answer(data_dir: Path, encoder_dir: Path, encoder: str, script: str = "app.py") -> dict[str, Any]:
    """Seconds from ``streamlit run <script>`` to the first answer's sources on screen (Debian's Chromium via Playwright).

    Also when the server answered its health check and when the question box showed, so a slow
    start can be told apart from a slow first answer. ``script`` ``bench/streamlit_floor.py`` is
    the floor (Streamlit's own start, page and script run, with none of Advisor's work).
    """
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import ARGS, CHROMIUM

    port = free_port()
    env = _env(data_dir, encoder, encoder_dir, ADVISOR_DB_URL=f"sqlite:///{data_dir / f'bench-app-{encoder}.db'}")
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)  # started first: the browser is not the app's cost
        try:
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_until_ok(f"http://127.0.0.1:{port}/_stcore/health", 120, proc)
                health = time.perf_counter() - t
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                box = page.get_by_placeholder("Ask about MSPs", exact=False)
                box.wait_for(timeout=120_000)
                shown = time.perf_counter() - t
                box.fill(ASK)
                box.press("Enter")
                page.get_by_text("Sources (", exact=False).first.wait_for(timeout=180_000)
                return {"first_answer_s": round(time.perf_counter() - t, 2), "health_s": round(health, 2), "question_box_s": round(shown, 2)}
            finally:
                proc.terminate()
                proc.wait(30)
        finally:
            browser.close()


#: The floor app for :func:`streamlit_first_answer`.
STREAMLIT_FLOOR = "bench/streamlit_floor.py"


def bench_encoder(corpus_data: Path, encoder_dir: Path, texts: list[str], questions: list[str], runs: int, answers: int, say: Any) -> dict[str, Any]:
    """All of the section, on the corpus index already built in ``corpus_data`` (its ONNX graph in ``encoder_dir``)."""
    out: dict[str, Any] = {"cold": cold(corpus_data, encoder_dir, runs)}
    manifests = [json.loads(p.read_text()) for p in sorted(encoder_dir.glob("*.json"))]
    out["graph"] = next((m for m in manifests if "onnx_sha256" in m), None)
    c = out["cold"]
    say(
        f"encoder cold (median of {runs}): import torch+ST {c['median_wall_s']['import_torch_st']} s; ask --json onnx {c['median_wall_s']['ask_onnx']} s "
        f"({c['ask_vs_torch_import']['onnx']}× the import; goal ≤ {GOALS['ask_vs_torch_import']}×), sentence-transformers {c['median_wall_s']['ask_sentence-transformers']} s "
        f"({c['ask_vs_torch_import']['sentence-transformers']}×); peak RSS {c['ask_peak_rss_mb']}; ready {c['median_wall_s']['ready_onnx']} vs {c['median_wall_s']['ready_sentence-transformers']} s"
    )
    out["speed"] = encode_speed(texts, questions, encoder_dir)
    s = out["speed"]
    say(
        f"encoder speed: one query p50 {s['query_encode_p50_ms']} ms; {s['texts']} texts/s sorted {s['texts_per_s_sorted']}, onnx unsorted {s['onnx_texts_per_s_unsorted']}; "
        f"min cosine {s['min_cosine']}"
    )
    out["streamlit"] = {}
    # The floor twice, the first run discarded: it warms the file cache for Streamlit's own files, which the first run alone would pay.
    runs = [("floor", "onnx", STREAMLIT_FLOOR), ("floor", "onnx", STREAMLIT_FLOOR), *((b, b, "app.py") for b in BACKENDS)]
    for name, encoder, script in runs:
        try:
            out["streamlit"][name] = streamlit_first_answer(corpus_data, encoder_dir, encoder, script=script)
        except Exception as exc:  # no Chromium here, or the page changed: the other figures still count
            out["streamlit"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    say(f"encoder streamlit: start → first answer {out['streamlit']}")
    out["server"] = server(corpus_data, encoder_dir, answers, questions)
    for b in BACKENDS:
        r = out["server"][b]
        say(f"encoder server {b}: ready {r['start_to_ready_s']} s, {r['answers_per_s']} answers/s, RSS after {answers} answers {r['rss_mb']} MB (peak {r['peak_rss_mb']})")
    return out


def _first(e: dict[str, Any], b: str) -> str:
    row = e.get("streamlit", {}).get(b, {})
    return str(row.get("first_answer_s", "failed: " + str(row.get("error", "not measured"))[:80]))


def render(e: dict[str, Any], answer: dict[str, Any] | None) -> list[str]:
    """The Markdown of the section (docs/benchmarks.md)."""
    c, s, srv = e["cold"], e["speed"], e["server"]
    w = c["median_wall_s"]
    rows = [
        "## Encoder: ONNX (onnxruntime + tokenizers) vs sentence-transformers (issue 14)",
        "",
        f"Measured in one run, back to back ({c['runs']} cold runs interleaved), on the shared 2-core machine: absolute times carry other engineers' load; the ratios are what to read.",
        "",
        "| | onnx (default) | sentence-transformers | goal |",
        "|---|---:|---:|---|",
        f"| `python -m advisor ask --json`, cold process, wall s | {w['ask_onnx']} | {w['ask_sentence-transformers']} | |",
        f"| … as a share of `python -c \"import torch, sentence_transformers\"` ({w['import_torch_st']} s) | **{c['ask_vs_torch_import']['onnx']}×** | "
        f"{c['ask_vs_torch_import']['sentence-transformers']}× | ≤ {GOALS['ask_vs_torch_import']}× |",
        f"| … peak RSS MB | **{c['ask_peak_rss_mb']['ask_onnx']}** | {c['ask_peak_rss_mb']['ask_sentence-transformers']} | ≤ {GOALS['ask_peak_rss_mb']} |",
        f"| … imports torch / transformers / sentence-transformers | {', '.join(c['ask_heavy_modules']['onnx']) or 'none'} | "
        f"{', '.join(c['ask_heavy_modules']['sentence-transformers']) or 'none'} | none |",
        f"| process start → encoder ready, s | {w['ready_onnx']} | {w['ready_sentence-transformers']} | |",
        f"| one-query encode p50 / p95 ms ({s['questions']} questions, interleaved) | {s['query_encode_p50_ms']['onnx']} / {s['query_encode_p95_ms']['onnx']} | "
        f"{s['query_encode_p50_ms']['sentence-transformers']} / {s['query_encode_p95_ms']['sentence-transformers']} | |",
        f"| throughput, {s['texts']} corpus passages + sentences, sorted by length, texts/s | **{s['texts_per_s_sorted']['onnx']}** | "
        f"{s['texts_per_s_sorted']['sentence-transformers']} | ≥ today's |",
        f"| … onnx in corpus order (unsorted), texts/s | {s['onnx_texts_per_s_unsorted']} | | |",
        "| … onnx sorted, by texts per call (`BATCH_SIZE` in advisor/onnx_encoder.py), texts/s | "
        + ", ".join(f"{k}: {v}" for k, v in s.get("onnx_texts_per_s_by_batch", {}).items())
        + " | | |",
        f"| Streamlit: `streamlit run` start → first answer's sources on screen, s | {_first(e, 'onnx')} | {_first(e, 'sentence-transformers')} | ≤ 3 |",
        f"| … the floor: a minimal Streamlit app (`{STREAMLIT_FLOOR}`: title, question box, one line in reply), s | {_first(e, 'floor')} | | |",
        f"| server: start → ready s | {srv['onnx']['start_to_ready_s']} | {srv['sentence-transformers']['start_to_ready_s']} | |",
        f"| server: answers/s ({srv['answers']} answers, {srv['concurrency']} clients) | {srv['onnx']['answers_per_s']} | {srv['sentence-transformers']['answers_per_s']} | ≥ today's |",
        f"| server: RSS after {srv['answers']} answers MB (peak) | **{srv['onnx']['rss_mb']}** ({srv['onnx']['peak_rss_mb']}) | "
        f"{srv['sentence-transformers']['rss_mb']} ({srv['sentence-transformers']['peak_rss_mb']}) | ≤ {GOALS['server_rss_mb']} |",
        "",
        (
            f"The graph was exported and verified in {e['graph']['export_seconds']} s (first ingest of this run; min cosine {e['graph']['min_cosine']} "
            f"on the {e['graph']['verify_sentences']} fixed sentences). "
            if e.get("graph")
            else ""
        )
        + f"Agreement on the same {s['texts']} texts: min cosine {s['min_cosine']}, mean {s['mean_cosine']} (the graph is refused below 0.9999). "
        "Ingest encodes with the configured backend, onnx by default: it is the faster one here.",
    ]
    if answer:
        a = answer
        rows += [
            "",
            f"Warm answer p50 (answer section, encoder {a.get('encoder', '?')}): {a['answer']['p50_ms']} ms against the floor (query encode + numpy top-30) "
            f"{a['floor']['p50_ms']} ms → **{a['ratio_p50']}×** (goal ≤ {GOALS['warm_answer_vs_floor']}×).",
        ]
    return rows + [""]
