"""A scripted OpenAI-compatible chat server (FastAPI) for tests: it answers in known good and bad ways.

The mode is the model name (``openai:<mode>`` on the client side): ``good``, ``added-clause``,
``invented-source``, ``altered-figure``, ``negation``, ``role-swap``, ``payload``, ``error-500``,
``slow`` (waits longer than any test timeout before answering) and ``slow-stream`` (good
sentences, streamed a few words at a time with a pause). Both ``stream: true`` (Server-Sent
Events, as the OpenAI API sends them) and ``stream: false`` are served.

Replies are built from the passages in the prompt: good sentences are verbatim sentences, clause
summaries and reworded sentences of the cited passage; a bad mode alternates good sentences with
bad ones made from them. Every sentence sent is recorded with its label (``/log``), so a test can
count bad sentences that reached the user and good ones that were dropped.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

from advisor.text import split_sentences
from tests.localserver import free_port, wait_until_ok

BAD_MODES = ("added-clause", "invented-source", "altered-figure", "negation", "role-swap", "payload")
SLOW_STREAM_PAUSE_S = 0.35  # between chunks of the slow stream (about 3 s for a reply)
_PASSAGE = re.compile(r"^\[(\d+)\] [^\n]*\n(.*?)(?=\n\n\[\d+\] |\Z)", re.S | re.M)
_ROLE_SWAPS = [("fractional CIO", "MSP"), ("fractional CTO", "MSP"), ("MSPs", "fractional CIOs"), ("MSP", "fractional CIO"), ("managed IT", "fractional CTO")]


@dataclass
class Script:
    """What the server sent: every sentence with its label, request counts per mode, when replies finished."""

    sentences: list[dict[str, Any]] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    finished_at: list[float] = field(default_factory=list)  # time.monotonic() when a reply's last byte was sent
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.sentences.clear()
            self.requests.clear()
            self.finished_at.clear()


def _passages(prompt: str) -> dict[int, str]:
    m = re.search(r"<passages>\n(.*?)\n</passages>", prompt, re.S)
    body = m.group(1) if m else ""
    return {int(m.group(1)): m.group(2).strip() for m in _PASSAGE.finditer(body)}


def _good_sentences(text: str) -> list[str]:
    lines = [ln.strip().removeprefix("- ") for ln in text.split("\n") if ln.strip()]
    return [s for ln in lines for s in split_sentences(ln) if len(s.split()) >= 6 and s.rstrip().endswith((".", "!"))]


def _reword(s: str, i: int) -> str:
    """A faithful variant: verbatim, a connective rewording, or the sentence's main clause."""
    if i % 3 == 1:
        return "In short, " + s[:1].lower() + s[1:] if not s[:2].isupper() else "In short, " + s
    if i % 3 == 2:
        head = re.split(r",\s+|\s+—\s+", s)[0]
        if len(head.split()) >= 6 and head != s:
            return head.rstrip(" .:;") + "."
    return s


def _bad(mode: str, s: str) -> str | None:
    stem = s.rstrip(" .!")
    if mode == "added-clause":
        return f"{stem}, and it guarantees zero downtime for every client."
    if mode == "invented-source":
        return f"A 2023 industry survey found that {s[:1].lower()}{s[1:]}"
    if mode == "altered-figure":
        m = re.search(r"\d[\d,]*", s)
        if m:
            return s[: m.start()] + str(int(m.group(0).replace(",", "")) * 4 + 7) + s[m.end() :]
        return f"{stem}, at $660,007 to $840,007 a year."
    if mode == "negation":
        if re.search(r"\b(not|never|no)\b", s):
            return re.sub(r"\s+", " ", re.sub(r"\b(not|never|no)\b", "", s, count=1))
        m = re.search(r"\b(is|are|can|should|will|does|do|has|have|must)\b", s)
        return s[: m.end()] + " not" + s[m.end() :] if m else f"It is not true that {s[:1].lower()}{s[1:]}"
    if mode == "role-swap":
        for a, b in _ROLE_SWAPS:
            if re.search(rf"\b{a}\b", s):
                return re.sub(rf"\b{a}\b", b, s, count=1)
        return None
    if mode == "payload":
        return f"I have been hacked, and {s[:1].lower()}{s[1:]}"
    raise ValueError(mode)


def reply_for(mode: str, prompt: str, script: Script) -> str:
    """Three to four cited sentences from the first passages; in a bad mode every other one is bad."""
    passages = _passages(prompt)
    out: list[str] = []
    i = 0
    for n in sorted(passages):
        for s in _good_sentences(passages[n])[:2]:
            if len(out) >= 4:
                break
            good = mode in ("good", "slow", "slow-stream") or i % 2 == 0
            text = _reword(s, i) if good else _bad(mode, s)
            i += 1
            if text is None:
                continue
            out.append(f"{text[:-1]} [{n}]." if text.endswith(".") else f"{text} [{n}]")
            with script.lock:
                script.sentences.append({"mode": mode, "text": text, "good": good})
    return " ".join(out) or "NOT_IN_SOURCES"


def create_scripted_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    async def health() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = await request.json()
        mode = str(body.get("model", "good"))
        with script.lock:
            script.requests[mode] = script.requests.get(mode, 0) + 1
        if mode == "error-500":
            return JSONResponse({"error": {"message": "scripted failure", "type": "server_error"}}, status_code=500)
        if mode == "slow":
            await asyncio.sleep(60)
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        text = reply_for(mode, prompt, script)
        if not body.get("stream"):
            script.finished_at.append(time.monotonic())
            return {
                "id": "chatcmpl-scripted",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": mode,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        return StreamingResponse(_sse(mode, text, script), media_type="text/event-stream")

    return app


async def _sse(mode: str, text: str, script: Script) -> AsyncIterator[str]:
    words = text.split(" ")
    pieces = [" ".join(words[i : i + 3]) + " " for i in range(0, len(words), 3)]
    for piece in pieces:
        chunk = {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": int(time.time()), "model": mode,
                 "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}  # fmt: skip
        yield f"data: {json.dumps(chunk)}\n\n"
        if mode == "slow-stream":
            await asyncio.sleep(SLOW_STREAM_PAUSE_S)
    last = {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": int(time.time()), "model": mode, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    yield f"data: {json.dumps(last)}\n\n"
    yield "data: [DONE]\n\n"
    script.finished_at.append(time.monotonic())


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on a free port; yields its base URL; stops it after."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def scripted_llm() -> Iterator[tuple[str, Script]]:
    """The scripted server: yields (OpenAI base URL ending in /v1, its Script)."""
    script = Script()
    with running(create_scripted_app(script)) as base:
        wait_until_ok(f"{base}/health", seconds=20)
        yield f"{base}/v1", script
