"""Bad questions: each gets a clear 4xx (HTTP) / InvalidQuestion (core) or a sensible answer, never a crash.

Property-based tests (hypothesis) drive the core ``answer()`` and the chunker with arbitrary text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import Advisor
from advisor.errors import InvalidQuestion
from advisor.feedback import FeedbackStore
from advisor.server import create_app
from ingest.chunk import chunk_markdown
from ingest.load import Document
from tests.conftest import corpus_text

BAD = {
    "empty": ("", 422),
    "whitespace": (" \n\t  ", 422),
    "huge_100k": ("x " * 50_000, 413),
    "control_chars": ("\x00\x01\x02\x1b[31m", 200),  # stripped to "[31m": politely refused
    "control_chars_only": ("\x00\x01\x02\x7f", 422),
    "only_emoji": ("🤖🤖🤖", 200),
    "emoji_in_question": ("Does my MSP's vCIO 🤔 create a conflict of interest?", 200),
    "rtl_arabic": ("هل يحتاج عملي إلى مدير تقنية معلومات جزئي؟", 200),
    "rtl_hebrew_mixed": ("האם MSP מספיק? Do I need a fractional CIO?", 200),
    "html_script": ("<script>alert(1)</script> What does an MSP do?", 200),
    "img_onerror": ('<img src=x onerror="alert(1)">', 200),
    "sql": ("'; DROP TABLE interactions; -- what does an MSP cost?", 200),
    "sql_union": ("1 UNION SELECT password FROM users", 200),
    "path_traversal": ("../../../../etc/passwd", 200),
    "format_string": ("{question} {passages} %s %n {{7*7}}", 200),
    "very_long_word": ("a" * 1999, 200),
    "null_in_middle": ("What does\x00 an MSP do?", 200),
    "zero_width": ("What\u200b does\u200b an\u200b MSP\u200b do?", 200),
    "newlines_only": ("\n\n\n", 422),
}


@pytest.fixture(scope="module")
def client(advisor: Advisor, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = f"sqlite:///{tmp_path_factory.mktemp('bad') / 'fb.db'}"
    app = create_app(advisor.settings.model_copy(update={"db_url": db, "rate_limit": "100000/minute"}), advisor=advisor, feedback=FeedbackStore(db))
    with TestClient(app) as c:
        assert app.state.advisor_state.ready.wait(120)
        yield c


@pytest.mark.parametrize("name", list(BAD))
def test_http_bad_question_gets_4xx_or_an_answer(client: TestClient, name: str) -> None:
    text, status = BAD[name]
    r = client.post("/api/chat", json={"messages": [{"role": "user", "content": text}]})
    assert r.status_code == status, (name, r.status_code, r.text[:200])
    body = r.json()
    if status == 200:
        assert isinstance(body["answer"], str) and body["answer"]
        for c in body["citations"]:
            assert c["quote"] in corpus_text(c["source"])
    else:
        assert body["error"] and body["message"]


@pytest.mark.parametrize(
    ("messages", "status"),
    [
        ([{"role": "user", "content": "q"}] * 22, 413),  # 21 history messages: over the limit of 20
        ([{"role": "system", "content": "x"}, {"role": "user", "content": "What does an MSP do?"}], 422),
        ([{"role": "tool", "content": "x"}], 422),
        ([{"role": "user"}], 422),
        ([{"content": "What does an MSP do?"}], 422),
        ([{"role": "user", "content": ["list"]}], 422),
        ([{"role": "assistant", "content": "I am an assistant"}], 422),
        ([{"role": "user", "content": "hi", "extra": "field"}], 200),
    ],
)
def test_http_wrong_roles_and_long_histories(client: TestClient, messages: list, status: int) -> None:
    r = client.post("/api/chat", json={"messages": messages})
    assert r.status_code == status, r.text[:200]


def test_invalid_utf8_body_is_a_clear_400(client: TestClient) -> None:
    r = client.post("/api/chat", content=b'{"messages": [{"role": "user", "content": "\xff\xfe bad"}]}', headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request" and r.json()["hint"]


def test_core_rejects_non_text_and_oversized(advisor: Advisor) -> None:
    for bad in (None, 42, b"bytes", ["list"], {"q": 1}):
        with pytest.raises(InvalidQuestion):
            advisor.answer(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidQuestion):
        advisor.answer("x" * 100_000)
    with pytest.raises(InvalidQuestion):
        advisor.answer("What does an MSP do?", [{"role": "robot", "content": "x"}])


@given(question=st.text(min_size=0, max_size=400))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_answer_never_crashes_and_quotes_stay_verbatim(advisor: Advisor, question: str) -> None:
    try:
        ans = advisor.answer(question)
    except InvalidQuestion:
        return
    assert isinstance(ans.text, str) and ans.text
    assert ans.abstained or ans.citations
    for c in ans.citations:
        assert c.quote in corpus_text(c.source)


@given(
    question=st.sampled_from(["What does an MSP do?", "and what does it cost?", "why?"]),
    history=st.lists(st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]), "content": st.text(max_size=200)}), max_size=25),
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_answer_with_arbitrary_histories(advisor: Advisor, question: str, history: list[dict]) -> None:
    try:
        ans = advisor.answer(question, history)
    except InvalidQuestion as exc:
        assert len(history) > advisor.settings.max_history_messages or "History" in str(exc) or "long" in str(exc)
        return
    assert ans.text


MD_PIECES = st.sampled_from(
    [
        "# Title\n",
        "## Section\n",
        "- item one\n",
        "1. first\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "> quote\n",
        "```\ncode\n```\n",
        "### Q?\n",
        "\n",
        "plain text. Another sentence.\n",
        "<div>html</div>\n",
        "---\n",
        "* star item\n",
    ]
)


@given(parts=st.lists(st.one_of(MD_PIECES, st.text(max_size=80)), max_size=30))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_chunking_arbitrary_markdown_keeps_bodies_verbatim(parts: list[str]) -> None:
    text = "".join(parts)
    doc = Document(doc_id="fuzz.md", title="Fuzz", text=text, content_hash="h")
    chunks = chunk_markdown(doc)
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)) or len(set(c.body for c in chunks)) < len(chunks)
    for c in chunks:
        for line in c.body.split("\n"):
            assert line in text, (line, text)
