"""Load against the real server on localhost: 50 concurrent clients for a bounded time, 0 errors,
no memory growth run to run, and the rate limiter holds a bursting client while others are served.

Each simulated client has its own address via X-Forwarded-For (believed from 127.0.0.1 because the test lists it in ADVISOR_TRUSTED_PROXIES,
as behind a reverse proxy), so per-client limits apply as they would in production.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from advisor.settings import PROJECT_ROOT
from tests.conftest import Indexed, child_env
from tests.localserver import free_port, wait_until_ok

CLIENTS = 50
SECONDS = 8.0
LIMIT_PER_MINUTE = 60
QUESTIONS = [
    "Does my MSP's vCIO create a conflict of interest?",
    "Do I need both an MSP and a fractional CIO?",
    "What does a fractional CIO cost?",
    "When should we pick interim CTO services?",
    "What does an MSP do day to day?",
    "What is the capital of France?",
]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, indexed: Indexed, encoder_env: dict[str, str]) -> Iterator[tuple[str, int]]:
    data = tmp_path_factory.mktemp("load") / "data"
    indexed(data)  # the server opens the real corpus' index instead of ingesting it first
    port = free_port()
    # The test client stands in for a reverse proxy on this machine: its X-Forwarded-For is believed only because it is listed.
    env = child_env(encoder_env, ADVISOR_DATA_DIR=str(data), ADVISOR_RATE_LIMIT=f"{LIMIT_PER_MINUTE}/minute", ADVISOR_TRUSTED_PROXIES="127.0.0.1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ok(f"{base}/readyz", 180, proc)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(30)


async def _clients(base: str, n: int, seconds: float, tag: str) -> dict[str, int]:
    counts = {"ok": 0, "errors": 0, "limited": 0}
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(i: int) -> None:
            k = 0
            while time.perf_counter() < stop:
                q = QUESTIONS[(i + k) % len(QUESTIONS)]
                k += 1
                try:
                    r = await client.post(
                        "/api/chat", json={"messages": [{"role": "user", "content": q}]}, headers={"X-Forwarded-For": f"10.{tag}.{i // 250}.{i % 250}"}
                    )
                except httpx.HTTPError:
                    counts["errors"] += 1
                    continue
                if r.status_code == 200 and r.json()["answer"]:
                    counts["ok"] += 1
                elif r.status_code == 429:
                    counts["limited"] += 1
                else:
                    counts["errors"] += 1
                await asyncio.sleep(0.5)  # a person reads before asking again

        await asyncio.gather(*(one(i) for i in range(n)))
    return counts


def test_50_clients_zero_errors_and_no_memory_growth(server: tuple[str, int]) -> None:
    base, pid = server
    warm = asyncio.run(_clients(base, 5, 2.0, "1"))
    assert warm["errors"] == 0
    rss0 = _rss_mb(pid)
    first = asyncio.run(_clients(base, CLIENTS, SECONDS, "2"))
    rss1 = _rss_mb(pid)
    second = asyncio.run(_clients(base, CLIENTS, SECONDS, "3"))
    rss2 = _rss_mb(pid)
    for run in (first, second):
        assert run["errors"] == 0 and run["limited"] == 0, run
        assert run["ok"] >= CLIENTS, run
    print(f"\nload: run 1 {first}, run 2 {second}; RSS {rss0:.0f} → {rss1:.0f} → {rss2:.0f} MB")
    assert rss2 - rss1 < max(0.05 * rss1, 25), f"memory grew run to run: {rss0:.0f} → {rss1:.0f} → {rss2:.0f} MB"


def test_rate_limiter_holds_a_burst_while_others_are_served(server: tuple[str, int]) -> None:
    base, _ = server

    async def scenario() -> tuple[list[int], dict[str, int]]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:

            async def burst() -> list[int]:
                reqs = [
                    client.post("/api/chat", json={"messages": [{"role": "user", "content": QUESTIONS[i % 5]}]}, headers={"X-Forwarded-For": "10.99.99.99"})
                    for i in range(LIMIT_PER_MINUTE + 40)
                ]
                return [r.status_code for r in await asyncio.gather(*reqs)]

            codes, others = await asyncio.gather(burst(), _clients(base, 5, 6.0, "4"))
            return codes, others

    codes, others = asyncio.run(scenario())
    print(f"\nburst: {codes.count(200)} answered, {codes.count(429)} limited; others {others}")
    assert codes.count(200) <= LIMIT_PER_MINUTE and codes.count(429) >= 40, (codes.count(200), codes.count(429))
    assert set(codes) <= {200, 429}
    assert others["errors"] == 0 and others["limited"] == 0 and others["ok"] > 0, others
    r = httpx.post(f"{base}/api/chat", json={"messages": [{"role": "user", "content": "hi"}]}, headers={"X-Forwarded-For": "10.99.99.99"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
