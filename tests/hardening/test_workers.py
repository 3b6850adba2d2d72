"""Scaling out without code changes: `serve --workers 2` on one machine, and two server processes
behind a load balancer sharing one Chroma server (index built once by `python -m ingest`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from advisor.settings import PROJECT_ROOT, Settings
from tests.conftest import child_env
from tests.localserver import free_port, wait_until_ok

Q = {"messages": [{"role": "user", "content": "Do I need both an MSP and a fractional CIO?"}]}


@contextmanager
def _proc(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen]:
    p = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield p
    finally:
        p.terminate()
        p.wait(30)


def test_serve_with_two_workers(tmp_path: Path, corpus_settings: Settings) -> None:
    # No index yet: the parent builds it before the workers start. Their cache of key and example
    # vectors is seeded from the session's (as below), so neither worker spends ~15 s of CPU
    # re-encoding what the cache is for; a cold cache is tested in test_crash_safety.py.
    (tmp_path / "d").mkdir()
    shutil.copy(corpus_settings.vector_cache, tmp_path / "d" / corpus_settings.vector_cache.name)
    port = free_port()
    with _proc([sys.executable, "-m", "advisor", "serve", "--port", str(port), "--workers", "2"], child_env(ADVISOR_DATA_DIR=str(tmp_path / "d"))) as p:
        wait_until_ok(f"http://127.0.0.1:{port}/readyz")
        workers = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) >= 2, workers
        answers = [httpx.post(f"http://127.0.0.1:{port}/api/chat", json=Q, timeout=60) for _ in range(6)]
        assert all(r.status_code == 200 and r.json()["citations"] for r in answers)


def test_two_servers_share_one_chroma_server(tmp_path: Path, corpus_settings: Settings) -> None:
    chroma_port, a, b = free_port(), free_port(), free_port()
    # Each web process keeps its own cache of key vectors in its data dir; seeded from the session's
    # (the same corpus) so that neither spends ~15 s of CPU re-encoding it: what is tested here
    # is the shared index, built by `python -m ingest` below. A cold cache: test_crash_safety.py.
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(corpus_settings.vector_cache, tmp_path / d / corpus_settings.vector_cache.name)
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    url = f"http://127.0.0.1:{chroma_port}"
    with _proc([chroma, "run", "--path", str(tmp_path / "chroma"), "--port", str(chroma_port), "--host", "127.0.0.1"], child_env()):
        wait_until_ok(f"{url}/api/v2/heartbeat", 60)
        built = subprocess.run(
            [sys.executable, "-m", "ingest", "--quiet"], cwd=PROJECT_ROOT, env=child_env(ADVISOR_CHROMA_URL=url, ADVISOR_DATA_DIR=str(tmp_path / "i")), timeout=600
        )
        assert built.returncode == 0
        web = {"ADVISOR_CHROMA_URL": url, "ADVISOR_AUTO_INGEST": "false"}
        with (
            _proc([sys.executable, "-m", "advisor", "serve", "--port", str(a)], child_env(ADVISOR_DATA_DIR=str(tmp_path / "a"), **web)),
            _proc([sys.executable, "-m", "advisor", "serve", "--port", str(b)], child_env(ADVISOR_DATA_DIR=str(tmp_path / "b"), **web)),
        ):
            for port in (a, b):
                wait_until_ok(f"http://127.0.0.1:{port}/readyz")
            ra = httpx.post(f"http://127.0.0.1:{a}/api/chat", json=Q, timeout=60).json()
            rb = httpx.post(f"http://127.0.0.1:{b}/api/chat", json=Q, timeout=60).json()
            assert ra["citations"] and ra["answer"] == rb["answer"]
