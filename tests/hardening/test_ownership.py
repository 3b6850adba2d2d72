"""Issue 15, who may change what, over HTTP: feedback belongs to the client that got the answer,
X-Forwarded-* count only from trusted proxies, the origin allowlist reads Origin only, and every
client-controlled size is bounded before work. Also: every error, on every route, is one JSON shape."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from advisor import cli
from advisor.feedback import FeedbackStore
from advisor.http.framing import JsonErrorH11Protocol
from tests.hardening.fake_index import ask, fake_advisor, fake_app, started


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fb.db'}"


# ---- feedback ownership -----------------------------------------------------------------------
def test_interaction_ids_are_random_and_a_rating_needs_the_answers_token(tmp_path: Path) -> None:
    store = FeedbackStore(_db(tmp_path))
    c = started(fake_app(tmp_path, feedback=store))
    a, b = (c.post("/api/chat", json=ask()).json() for _ in range(2))
    assert isinstance(a["interaction_id"], str) and len(a["interaction_id"]) >= 16 and a["interaction_id"] != b["interaction_id"]
    # someone who saw (or guessed) a's id but not its token changes nothing
    forged = c.post("/api/feedback", json={"interaction_id": a["interaction_id"], "feedback_token": b["feedback_token"], "rating": "down", "comment": "spam"})
    assert forged.status_code == 404 and forged.json()["error"] == "not_found"
    missing = c.post("/api/feedback", json={"interaction_id": a["interaction_id"], "rating": "down"})
    assert missing.status_code == 422
    assert all(r["rating"] is None and r["comment"] is None for r in store.rows())
    ok = c.post("/api/feedback", json={"interaction_id": a["interaction_id"], "feedback_token": a["feedback_token"], "rating": "up", "comment": "clear"})
    assert ok.status_code == 200
    assert sorted((r["rating"], r["comment"]) for r in store.rows() if r["rating"] is not None) == [(1, "clear")]


def test_a_rating_without_a_comment_keeps_the_comment(tmp_path: Path) -> None:
    store = FeedbackStore(_db(tmp_path))
    c = started(fake_app(tmp_path, feedback=store))
    a = c.post("/api/chat", json=ask()).json()
    ids = {"interaction_id": a["interaction_id"], "feedback_token": a["feedback_token"]}
    assert c.post("/api/feedback", json={**ids, "rating": "down", "comment": "missed the cost"}).status_code == 200
    assert c.post("/api/feedback", json={**ids, "rating": "up"}).status_code == 200
    assert c.post("/api/feedback", json={**ids, "rating": "up", "comment": "   "}).status_code == 200
    row = store.rows()[0]
    assert row["rating"] == 1 and row["comment"] == "missed the cost"


@pytest.mark.parametrize(
    "body",
    [
        {"interaction_id": True, "feedback_token": "y" * 22, "rating": "up"},
        {"interaction_id": 1, "feedback_token": "y" * 22, "rating": "up"},
        {"interaction_id": "x" * 22, "feedback_token": True, "rating": "up"},
        {"interaction_id": "x" * 22, "feedback_token": "y" * 22, "rating": 1},
        {"interaction_id": "x" * 22, "feedback_token": "y" * 22, "rating": "up", "extra": 1},
        {"interaction_id": "../../etc/passwd", "feedback_token": "y" * 22, "rating": "up"},
    ],
)
def test_feedback_types_are_strict(tmp_path: Path, body: dict[str, Any]) -> None:
    c = started(fake_app(tmp_path, feedback=FeedbackStore(_db(tmp_path))))
    r = c.post("/api/feedback", json=body)
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"


def test_a_corrupt_feedback_database_does_not_stop_the_server_or_its_answers(tmp_path: Path) -> None:
    db = tmp_path / "fb.db"
    db.write_bytes(b"this is not a database" * 100)
    c = started(fake_app(tmp_path, db_url=f"sqlite:///{db}"))  # the app builds its own store from settings
    r = c.post("/api/chat", json=ask())
    assert r.status_code == 200 and r.json()["citations"] and r.json()["interaction_id"] is None
    fb = c.post("/api/feedback", json={"interaction_id": "x" * 22, "feedback_token": "y" * 22, "rating": "up"})
    assert fb.status_code == 503 and fb.json()["error"] == "feedback_unavailable"
    assert "sqlite" not in fb.text.lower() and str(tmp_path) not in fb.text
    assert c.get("/healthz").json()["feedback"] == "unavailable"
    assert c.get("/readyz").status_code == 200


def test_an_unreachable_feedback_database_does_not_stop_the_server(tmp_path: Path) -> None:
    c = started(fake_app(tmp_path, db_url="postgresql+psycopg://advisor:x@127.0.0.1:1/advisor"))  # nothing listens on port 1
    assert c.post("/api/chat", json=ask()).status_code == 200
    fb = c.post("/api/feedback", json={"interaction_id": "x" * 22, "feedback_token": "y" * 22, "rating": "up"})
    assert fb.status_code == 503 and fb.json()["error"] == "feedback_unavailable" and "5432" not in fb.text and "127.0.0.1" not in fb.text


# ---- proxies and origins -----------------------------------------------------------------------
def test_x_forwarded_for_counts_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    adv = fake_advisor(tmp_path)
    untrusted = started(fake_app(tmp_path, advisor=adv, rate_limit="2/minute"), client=("203.0.113.7", 1000))
    codes = [untrusted.post("/api/chat", json=ask(), headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(3)]
    assert codes == [200, 200, 429]  # a client cannot reset its own limit by inventing addresses
    proxy = started(fake_app(tmp_path, advisor=adv, rate_limit="2/minute", trusted_proxies="198.51.100.1"), client=("198.51.100.1", 1000))
    codes = [proxy.post("/api/chat", json=ask(), headers={"X-Forwarded-For": f"10.0.1.{i}"}).status_code for i in range(3)]
    assert codes == [200, 200, 200]  # behind the trusted proxy, each visitor has their own limit


def test_the_server_command_never_lets_uvicorn_trust_forwarded_headers_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    assert cli.main(["serve", "--port", "8123"]) == 0
    assert seen["proxy_headers"] is False
    assert seen["http"] == "advisor.http.framing:JsonErrorH11Protocol" and seen["h11_max_incomplete_event_size"] > 0


def test_the_origin_allowlist_is_never_derived_from_host(tmp_path: Path) -> None:
    c = started(fake_app(tmp_path, cors_origins="https://firm.example"))
    rebinding = c.post("/api/chat", json=ask(), headers={"Origin": "http://evil.example", "Host": "evil.example"})
    assert rebinding.status_code == 403 and rebinding.json()["error"] == "origin_not_allowed"
    assert c.post("/api/chat", json=ask(), headers={"Origin": "https://firm.example"}).status_code == 200
    assert c.post("/api/chat", json=ask()).status_code == 200  # no Origin: not a browser page, nothing to check


def test_with_no_allowlist_only_this_machines_pages_may_call(tmp_path: Path) -> None:
    c = started(fake_app(tmp_path))
    assert c.post("/api/chat", json=ask(), headers={"Origin": "http://127.0.0.1:8000"}).status_code == 200
    assert c.post("/api/chat", json=ask(), headers={"Origin": "http://testserver", "Host": "testserver"}).status_code == 403


# ---- limits -----------------------------------------------------------------------------------
def test_header_count_and_size_are_limited_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = fake_app(tmp_path)
    c = started(app)
    calls: list[str] = []
    monkeypatch.setattr(app.state.services.advisor, "validate", lambda *a: calls.append("validate"))
    many = c.post("/api/chat", json=ask(), headers={f"X-H{i}": "v" for i in range(100)})
    assert many.status_code == 431 and many.json()["error"] == "headers_too_large"
    big = c.post("/api/chat", json=ask(), headers={"X-Big": "v" * 20_000})
    assert big.status_code == 431 and big.json()["error"] == "headers_too_large"
    assert calls == []


def test_question_and_history_limits_refuse_before_retrieval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = fake_app(tmp_path, max_question_chars=50, max_history_messages=2)
    c = started(app)
    calls: list[str] = []
    monkeypatch.setattr(app.state.services.advisor, "assess", lambda *a, **k: calls.append("assess"))
    assert c.post("/api/chat", json=ask("x" * 51)).status_code == 413
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}] * 2
    assert c.post("/api/chat", json={"messages": [*history, {"role": "user", "content": "ok?"}]}).status_code == 413
    assert c.post("/api/chat", content=b"{" + b" " * 70_000 + b"}", headers={"Content-Type": "application/json"}).status_code == 413
    assert calls == []


# ---- one error shape everywhere ------------------------------------------------------------------
def _error_shaped(r: Any) -> dict[str, Any]:
    assert r.headers["content-type"].startswith("application/json"), r.text[:200]
    body = r.json()
    assert set(body) == {"error", "message", "hint"} and body["error"]
    return body


def test_cors_preflight_refusals_are_json_with_a_code(tmp_path: Path) -> None:
    c = started(fake_app(tmp_path, cors_origins="https://firm.example"))
    evil = c.options("/api/chat", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert evil.status_code == 403 and _error_shaped(evil)["error"] == "origin_not_allowed"
    bad_header = c.options("/api/chat", headers={"Origin": "https://firm.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-evil"})
    assert bad_header.status_code == 403 and _error_shaped(bad_header)["error"] == "cors_refused"
    assert "Disallowed" not in bad_header.text


@pytest.mark.parametrize("method, path", [("GET", "/nope"), ("DELETE", "/api/chat"), ("GET", "/api/feedback"), ("PUT", "/readyz")])
def test_every_route_error_is_json(tmp_path: Path, method: str, path: str) -> None:
    c = started(fake_app(tmp_path))
    r = c.request(method, path)
    assert r.status_code in (404, 405) and _error_shaped(r)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_the_servers_own_framing_errors_are_json(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, http=JsonErrorH11Protocol, h11_max_incomplete_event_size=4096, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        for request in (b"GARBAGE\r\n\r\n", b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", b"GET / HTTP/1.1\r\nbad header\r\n\r\n"):
            head, _, body = _raw(port, request).partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head.lower(), head
            assert json.loads(body)["error"] == "invalid_request"
    finally:
        server.should_exit = True
        thread.join(10)


def test_server_side_failures_name_no_path_collection_or_driver(tmp_path: Path) -> None:
    adv = fake_advisor(tmp_path)
    db = adv.settings.chroma_path / "chroma.sqlite3"
    size = db.stat().st_size
    with open(db, "r+b") as fh:  # mid-file damage, as a failing disk leaves it
        fh.seek(size // 2)
        fh.write(b"\xde\xad" * (size // 8))
    c = started(fake_app(tmp_path, advisor=adv))
    for r in (c.post("/api/chat", json=ask()), c.get("/readyz"), c.get("/healthz")):
        assert r.status_code in (200, 503), r.text
        text = r.text.lower()
        for leak in (str(tmp_path).lower(), "chroma", "sqlite", "malformed", "internalerror", "traceback", "advisor_gen_"):
            assert leak not in text, (leak, r.text)
