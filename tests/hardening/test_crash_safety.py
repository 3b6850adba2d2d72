"""Crash safety: ``kill -9`` the ingest at random points; the previous index keeps serving, the next
run converges to exactly the right chunk set (no duplicates, no orphans). Corrupt or half-written
data files give a clear error and a recovery path."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.errors import IndexCorrupt
from advisor.onnx_encoder import BATCH_SIZE
from advisor.settings import PROJECT_ROOT, Settings
from bench.synthetic import synthetic_corpus
from ingest.chunk import chunk_markdown
from ingest.index import discover
from ingest.load import load_document
from tests.conftest import Indexed, child_env, ready

# ~20 chunks each: ~70 new chunks with the edited article, so the ingest reports "embedded 8/N",
# "16/N", … "N/N" on its way (every onnxruntime batch, BATCH_SIZE) and each kill below lands in a
# known phase however busy the machine (fixed delays land elsewhere under load, and cost the whole
# wait in CPU).
SYNTHETIC_DOCS = 3
PROGRESS = re.compile(r"embedded (\d+)/(\d+) new chunks")

# Reads the served state in a fresh interpreter, so no cached Chroma system hides what is on disk.
INSPECT = """
import json, sys
import chromadb
c = chromadb.PersistentClient(path=sys.argv[1], settings=chromadb.config.Settings(anonymized_telemetry=False))
names = sorted(col.name for col in c.list_collections())
ptr = c.get_collection("advisor_pointer").metadata or {}
active = ptr.get("active")
col = c.get_collection(active)
ids = col.get(include=[])["ids"]
q = col.query(query_embeddings=[[0.05] * 384], n_results=3, include=["distances"])
print(json.dumps({"collections": names, "active": active, "ids": ids, "count": col.count(), "query_ok": len(q["ids"][0]) == 3}))
"""


def _expected_ids(corpus: Path) -> set[str]:
    return {c.id for p in discover(corpus) for c in chunk_markdown(load_document(p, corpus))}


def _inspect(data: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", INSPECT, str(data / "chroma")], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env(data: Path, corpus: Path) -> dict[str, str]:
    return child_env(ADVISOR_DATA_DIR=str(data), ADVISOR_CORPUS_DIR=str(corpus))


def kill_points(rng: random.Random) -> list[tuple[str, float, float]]:
    """Where each run is killed: (phase, share of the chunks encoded, then seconds more).

    Share 0: no waiting for progress; otherwise the first progress line at or past the share
    (the last one, "N/N", at the latest: every chunk encoded, the new generation being written)."""
    return [
        ("imports/model load", 0.0, rng.uniform(0.2, 1.5)),
        ("early encoding", 0.01, rng.uniform(0.0, 0.3)),
        ("late encoding", 0.5, rng.uniform(0.0, 0.3)),
        ("writes", 1.0, 0.0),
        ("writes", 1.0, rng.uniform(0.0, 0.3)),
    ]


def _kill_at(proc: subprocess.Popen[str], share: float, extra: float) -> bool:
    """SIGKILL ``proc`` ``extra`` seconds after it reports ``share`` of its chunks encoded; True when it finished first."""
    assert proc.stderr is not None
    try:
        while share > 0:
            m = PROGRESS.search(text := proc.stderr.readline())
            if not text:  # the ingest ended before that point
                proc.wait()
                return True
            if m and (int(m.group(1)) >= share * int(m.group(2)) or m.group(1) == m.group(2)):
                break
        proc.wait(timeout=extra)
        return True
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return False
    finally:
        proc.stderr.close()


def test_kill_9_during_ingest_never_breaks_the_served_index(tmp_path: Path, indexed: Indexed) -> None:
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    indexed(data, corpus)  # the served index of the real corpus
    old_ids = _expected_ids(corpus)
    before = _inspect(data)
    assert set(before["ids"]) == old_ids

    # The corpus changes: synthetic articles added, one article edited, one removed.
    synthetic_corpus(PROJECT_ROOT / "corpus", corpus, n_docs=SYNTHETIC_DOCS, sections=12, seed=3)
    edited = corpus / "fractional-cto-vs-managed-it.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nAn added closing line for the crash test.\n", encoding="utf-8")
    (corpus / "msp-vs-fractional-it-executive.md").unlink()
    new_ids = _expected_ids(corpus)
    assert len(new_ids - old_ids) > 4 * BATCH_SIZE, "too few new chunks for a kill between two progress lines"

    rng = random.Random(20261124)
    outcomes = []
    for phase, share, extra in kill_points(rng):
        proc = subprocess.Popen([sys.executable, "-m", "ingest"], cwd=PROJECT_ROOT, env=_env(data, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        finished = _kill_at(proc, share, extra)
        state = _inspect(data)
        served = set(state["ids"])
        assert len(state["ids"]) == len(served) == state["count"], "duplicate chunks in the served generation"
        assert served in (old_ids, new_ids), "the served generation mixes old and new chunks"
        assert state["query_ok"]
        outcomes.append((phase, finished, "new" if served == new_ids else "old"))
    assert sum(not finished for _, finished, _ in outcomes) >= 3, f"too few runs were actually killed: {outcomes}"

    # The next full run converges: exactly the new chunk set, and only the pointer and one generation remain.
    subprocess.run([sys.executable, "-m", "ingest", "--quiet"], cwd=PROJECT_ROOT, env=_env(data, corpus), check=False, timeout=600)
    final = _inspect(data)
    assert set(final["ids"]) == new_ids and final["count"] == len(new_ids)
    assert final["collections"] == sorted(["advisor_pointer", final["active"]]), "orphan generations were left behind"


def test_corrupt_index_gives_a_clear_error_and_ingest_rebuild_recovers(tmp_path: Path, indexed: Indexed) -> None:
    data = tmp_path / "data"
    indexed(data)
    db = data / "chroma" / "chroma.sqlite3"
    raw = bytearray(db.read_bytes())
    raw[:4096] = b"\0" * 4096
    db.write_bytes(bytes(raw))
    env = _env(data, PROJECT_ROOT / "corpus")
    ask = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "What does an MSP do?"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert ask.returncode == 1 and "Cannot open the index" in ask.stderr and "ingest --rebuild" in ask.stderr and "Traceback" not in ask.stderr
    rebuild = subprocess.run([sys.executable, "-m", "ingest", "--rebuild", "--quiet"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert rebuild.returncode == 0, rebuild.stderr
    assert list(data.glob("chroma.broken-*")), "the broken index is kept aside for inspection"
    ok = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "--json", "What does an MSP do?"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["citations"]


def test_corrupt_vector_cache_is_rebuilt(tmp_path: Path, embedder: Embedder, indexed: Indexed) -> None:
    data = tmp_path / "data"
    cache = indexed(data).vector_cache
    assert cache.is_file()
    cache.write_bytes(cache.read_bytes()[:200])  # half-written
    fresh = ready(Advisor(Settings(data_dir=data), embedder=embedder))
    assert fresh.answer("Does my MSP's vCIO create a conflict of interest?").citations
    with np.load(cache) as npz:
        assert len(npz["keys"]) == len(npz["vecs"]) > 100


def test_unreadable_chroma_is_an_index_error_not_a_crash(tmp_path: Path, embedder: Embedder) -> None:
    data = tmp_path / "data"
    (data / "chroma").mkdir(parents=True)
    (data / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexCorrupt) as err:
        Advisor(Settings(data_dir=data), embedder=embedder).ensure_ready()
    assert "ingest --rebuild" in err.value.hint
