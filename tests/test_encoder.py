"""The torch-free encoder: same vectors as sentence-transformers, built once per weights, checked
before use, rebuilt when broken, and no torch in any answering process (issue 14).

Not in the ``both_encoders`` subset: every test here names the backends it uses (both, side by
side, or ONNX in a child process), whichever one the session runs on, so a second run on
sentence-transformers would repeat the same checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from advisor import onnx_encoder
from advisor.embeddings import Embedder, embedder_for, get_embedder, packaged_model_path
from advisor.errors import EncoderMismatch, EncoderUnavailable
from advisor.onnx_encoder import AGREEMENT_MIN_COSINE, OnnxEmbedder, weights_sha256
from advisor.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS

HEAVY = ("torch", "transformers", "sentence_transformers")


@pytest.fixture(scope="module")
def encoder_dir(encoder_env: dict[str, str]) -> Path:
    return Path(encoder_env["ADVISOR_ENCODER_DIR"])


@pytest.fixture(scope="module")
def onnx(encoder_dir: Path) -> OnnxEmbedder:
    """The ONNX embedder of the session's encoder folder (its graph built there once)."""
    e = get_embedder(None, "onnx", encoder_dir)
    assert isinstance(e, OnnxEmbedder)
    e.encode(["warm up"])
    return e


@pytest.fixture(scope="module")
def reference(encoder_dir: Path) -> Embedder:
    e = get_embedder(None, "sentence-transformers", encoder_dir)
    assert isinstance(e, Embedder)
    return e


def corpus_texts() -> list[str]:
    """Every non-empty line of the corpus (short headings to long paragraphs, table rows, list items)."""
    lines = [line.strip() for p in sorted(CORPUS.glob("*.md")) for line in p.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and line != "---"]


def _copy_graph(src: OnnxEmbedder, dest: Path) -> Path:
    """A private copy of the verified graph, its manifest and the weights memo (no export needed)."""
    assert src.graph is not None
    dest.mkdir(parents=True, exist_ok=True)
    for p in (src.graph, src.graph.with_suffix(".json"), src.encoder_dir / "weights-sha256.json"):
        shutil.copy(p, dest / p.name)
    return dest / src.graph.name


def _no_real_export(monkeypatch: pytest.MonkeyPatch, good: bytes) -> list[str]:
    """torch.onnx.export replaced by writing the known-good graph: the check after it still runs for real."""
    import torch

    calls: list[str] = []

    def fake_export(model: object, args: object, f: str, **kwargs: object) -> None:
        calls.append(f)
        Path(f).write_bytes(good)

    monkeypatch.setattr(torch.onnx, "export", fake_export)
    return calls


def test_onnx_vectors_equal_sentence_transformers_on_every_corpus_line(onnx: OnnxEmbedder, reference: Embedder) -> None:
    texts = corpus_texts()
    assert len(texts) > 300
    cos = (onnx.encode(texts) * reference.encode(texts)).sum(axis=1)
    assert float(cos.min()) >= AGREEMENT_MIN_COSINE, texts[int(np.argmin(cos))]
    assert np.allclose(np.linalg.norm(onnx.encode(texts[:20]), axis=1), 1.0, atol=1e-5)


def test_rows_come_back_in_input_order_whatever_the_length_sort(onnx: OnnxEmbedder) -> None:
    texts = ["short", "a much longer sentence about a fractional CIO and an MSP working together", "mid length text here"]
    together = onnx.encode(texts, batch_size=2)
    one_by_one = np.vstack([onnx.encode([t]) for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-5)
    assert onnx.encode([]).shape == (0, 384)


def test_the_graph_is_named_by_the_weights_hash_verified_and_reused(onnx: OnnxEmbedder, encoder_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weights = weights_sha256(Path(packaged_model_path()))
    assert onnx.graph is not None and onnx.graph.name.endswith(f"-{weights[:16]}.onnx")
    manifest = json.loads(onnx.graph.with_suffix(".json").read_text())
    assert manifest["weights_sha256"] == weights and manifest["min_cosine"] >= AGREEMENT_MIN_COSINE
    assert manifest["verify_sentences"] == len(onnx_encoder.VERIFY_SENTENCES)

    def no_export(*a: object, **k: object) -> None:
        raise AssertionError("a verified graph must not be exported again")

    monkeypatch.setattr(onnx_encoder, "export_and_verify", no_export)
    again = OnnxEmbedder(onnx.model_path, encoder_dir)
    assert np.allclose(again.encode(["Do I need both?"]), onnx.encode(["Do I need both?"]), atol=1e-6)


def test_weights_hash_follows_the_weight_files_and_ignores_the_readme(tmp_path: Path) -> None:
    model = tmp_path / "model"
    (model / "1_Pooling").mkdir(parents=True)
    (model / "model.safetensors").write_bytes(b"\x00" * 64)
    (model / "1_Pooling" / "config.json").write_text("{}")
    (model / "README.md").write_text("about")
    memo = tmp_path / "memo.json"
    first = weights_sha256(model, memo)
    (model / "README.md").write_text("about, edited")
    assert weights_sha256(model, memo) == first
    (model / "model.safetensors").write_bytes(b"\x01" + b"\x00" * 63)
    changed = weights_sha256(model, memo)
    assert changed != first
    os.utime(model / "model.safetensors", ns=(1, 1))  # a different stamp forces a re-hash of the same bytes
    assert weights_sha256(model, memo) == changed == weights_sha256(model)


def test_a_corrupt_graph_is_rebuilt_and_checked_again(onnx: OnnxEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _copy_graph(onnx, tmp_path / "enc")
    good = graph.read_bytes()
    graph.write_bytes(good[: len(good) // 2])  # a half-written copy
    exports = _no_real_export(monkeypatch, good)
    rebuilt = OnnxEmbedder(onnx.model_path, tmp_path / "enc")
    texts = ["How much does a fractional CIO cost?", "They are measured on uptime."]
    assert np.allclose(rebuilt.encode(texts), onnx.encode(texts), atol=1e-6)
    assert len(exports) == 1 and graph.read_bytes() == good
    assert json.loads(graph.with_suffix(".json").read_text())["min_cosine"] >= AGREEMENT_MIN_COSINE


def test_a_graph_edited_in_place_is_caught_by_its_hash(onnx: OnnxEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _copy_graph(onnx, tmp_path / "enc")
    good = graph.read_bytes()
    graph.write_bytes(good[:-16] + b"\x00" * 16)  # same size, other bytes, a new mtime
    exports = _no_real_export(monkeypatch, good)
    OnnxEmbedder(onnx.model_path, tmp_path / "enc").encode(["Do I need both?"])
    assert len(exports) == 1 and graph.read_bytes() == good


def test_an_export_that_disagrees_with_sentence_transformers_is_refused_and_not_installed(
    onnx: OnnxEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert onnx.graph is not None
    good = onnx.graph.read_bytes()
    _no_real_export(monkeypatch, good)

    def first_token_only(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:  # a pooling bug: CLS instead of the mean
        v = hidden[:, 0, :]
        out: np.ndarray = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
        return out

    monkeypatch.setattr(onnx_encoder, "mean_pool_normalize", first_token_only)
    enc = tmp_path / "enc"
    with pytest.raises(EncoderMismatch, match="disagrees with sentence-transformers"):
        OnnxEmbedder(onnx.model_path, enc).encode(["Do I need both?"])
    assert sorted(p.name for p in enc.iterdir() if not p.name.startswith(".")) == ["weights-sha256.json"]  # no graph, no manifest


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EncoderUnavailable, match="does not exist"):
        OnnxEmbedder(str(tmp_path / "nowhere"), tmp_path / "enc").encode(["x"])


def test_the_setting_picks_the_backend_and_rejects_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADVISOR_ENCODER_DIR")
    monkeypatch.delenv("ADVISOR_ENCODER")  # the default, whichever backend this session tests
    assert isinstance(embedder_for(Settings(data_dir=tmp_path, encoder="sentence-transformers")), Embedder)
    onnx_one = embedder_for(Settings(data_dir=tmp_path, encoder="onnx"))
    assert isinstance(onnx_one, OnnxEmbedder) and onnx_one.encoder_dir == tmp_path / "encoders"
    assert Settings(data_dir=tmp_path).encoder == "onnx"
    with pytest.raises(ValueError):
        Settings(data_dir=tmp_path, encoder="torch")  # type: ignore[arg-type]


# ---- what an answering process imports ------------------------------------------------------------------
def _python(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _imported(importtime_stderr: str) -> set[str]:
    """Module names from ``python -X importtime`` output."""
    return {line.rsplit("|", 1)[1].strip() for line in importtime_stderr.splitlines() if line.startswith("import time:") and "|" in line}


@pytest.fixture(scope="module")
def onnx_env(onnx: OnnxEmbedder, corpus_settings: Settings, advisor: object) -> dict[str, str]:
    """A CLI environment on the session's index, always on the ONNX backend (its graph already built)."""
    return {
        "PATH": "/usr/bin:/bin",
        "HF_HUB_OFFLINE": "1",
        "ADVISOR_DATA_DIR": str(corpus_settings.data_dir),
        "ADVISOR_ENCODER": "onnx",
        "ADVISOR_ENCODER_DIR": str(onnx.encoder_dir),
    }


def test_asking_from_the_cli_imports_no_torch(onnx_env: dict[str, str]) -> None:
    run = _python(["-X", "importtime", "-m", "advisor", "ask", "--json", "Does my MSP's vCIO create a conflict of interest?"], onnx_env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["citations"]
    heavy = _imported(run.stderr) & set(HEAVY)
    assert not heavy, f"the answer path imported {sorted(heavy)}"


def test_the_benchmarks_cold_ask_probe_reports_after_the_answer(onnx_env: dict[str, str]) -> None:
    """`python -m bench --only encoder` reads this line; the CLI's fast exit had ended the probe before it (found at stop 29)."""
    run = _python(["-m", "bench.encoder_probe", "ask", "ask", "--json", "Do I need both?"], onnx_env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["citations"]
    probe = [line for line in run.stderr.splitlines() if line.startswith("PROBE ")]
    assert probe, run.stderr[-2000:]
    reported = json.loads(probe[-1][len("PROBE ") :])
    assert reported["heavy_modules"] == [] and reported["peak_rss_mb"] > 0


def test_help_loads_neither_the_engine_nor_any_model_library(onnx_env: dict[str, str]) -> None:
    run = _python(["-X", "importtime", "-m", "advisor", "--help"], onnx_env)
    assert run.returncode == 0 and "ask" in run.stdout
    loaded = _imported(run.stderr)
    assert not loaded & {*HEAVY, "advisor.engine", "chromadb", "onnxruntime", "langchain_core", "numpy", "pydantic"}


def test_the_http_server_and_the_eval_answer_without_torch(onnx_env: dict[str, str], tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import json, sys
        from fastapi.testclient import TestClient
        from advisor.server import create_app
        from advisor.settings import load_settings
        with TestClient(create_app(load_settings(db_url=f"sqlite:///{sys.argv[1]}"))) as client:
            for _ in range(600):
                if client.get("/readyz").status_code == 200:
                    break
                import time; time.sleep(0.1)
            r = client.post("/api/chat", json={"messages": [{"role": "user", "content": "Do I need both an MSP and a fractional CIO?"}]})
        from advisor.engine import get_advisor
        from eval.dataset import load_items
        from eval.runner import run_eval
        out = run_eval(get_advisor(), load_items()[:3], progress=False)
        print(json.dumps({"status": r.status_code, "cited": len(r.json().get("citations", [])), "eval_items": len(out["items"]),
                          "heavy": sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)}))
        """
    )
    run = _python(["-c", script, str(tmp_path / "fb.db")], onnx_env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["status"] == 200 and got["cited"] > 0 and got["eval_items"] == 3
    assert got["heavy"] == []


def test_the_streamlit_app_answers_without_torch(onnx_env: dict[str, str], tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import json, sys
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("app.py", default_timeout=300).run()
        at.chat_input[0].set_value("Does my MSP's vCIO create a conflict of interest?").run()
        ans = at.session_state["messages"][-1]["answer"]
        print(json.dumps({"exception": bool(at.exception), "cited": len(ans.citations),
                          "heavy": sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)}))
        """
    )
    run = _python(["-c", script], {**onnx_env, "ADVISOR_DB_URL": f"sqlite:///{tmp_path / 'fb.db'}"}, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert not got["exception"] and got["cited"] > 0 and got["heavy"] == []


def test_without_the_export_tools_a_missing_graph_is_reported_not_a_traceback(onnx_env: dict[str, str], tmp_path: Path) -> None:
    # `onnx` unimportable, and an encoder folder with no graph: the CLI must say what to do.
    script = "import sys; sys.modules['onnx'] = None; from advisor.cli import main; sys.exit(main(sys.argv[1:]))"
    run = _python(["-c", script, "ask", "Do I need both?"], {**onnx_env, "ADVISOR_ENCODER_DIR": str(tmp_path / "empty")})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "onnx is missing" in run.stderr and "ADVISOR_ENCODER=sentence-transformers" in run.stderr
