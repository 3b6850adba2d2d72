"""GET /articles/{doc}: every citation of an answer opens a readable page at the cited passage."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advisor.engine import Advisor
from advisor.feedback import FeedbackStore
from advisor.render import article_path
from advisor.server import create_app


@pytest.fixture
def client(advisor: Advisor, tmp_path: Path) -> Iterator[TestClient]:
    settings = advisor.settings.model_copy(update={"db_url": f"sqlite:///{tmp_path / 'fb.db'}", "rate_limit": "1000/minute"})
    with TestClient(create_app(settings, advisor=advisor, feedback=FeedbackStore(settings.resolved_db_url))) as c:
        assert c.app.state.services.ready.wait(120)  # type: ignore[attr-defined]
        yield c


def test_every_citation_opens_its_article_with_the_cited_passage_addressable(client: TestClient) -> None:
    body = client.post("/api/chat", json={"messages": [{"role": "user", "content": "What does each cost?"}]}).json()
    assert body["citations"]
    for c in body["citations"]:
        path, _, anchor = article_path(c["source"], c["chunk_id"]).partition("#")
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert f'id="{anchor}"' in r.text, c
        assert f"<h1>{html.escape(c['title'])}</h1>" in r.text
        assert "script-src" not in r.headers["content-security-policy"] and "default-src 'none'" in r.headers["content-security-policy"]
        assert "<script" not in r.text


def test_an_unknown_article_is_a_404_in_the_api_error_shape(client: TestClient) -> None:
    r = client.get("/articles/no-such-doc.md")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and "Traceback" not in r.text
