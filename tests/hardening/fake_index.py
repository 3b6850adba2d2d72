"""A small real index (temporary Chroma) embedded by the hashing fake: the HTTP and runtime
hardening tests need a served index, not the model's answers, so they start in a second."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from advisor.engine import Advisor
from advisor.feedback import FeedbackStore
from advisor.server import create_app
from advisor.settings import Settings
from ingest.index import sync_index
from tests.fakes import HashingEmbedder, knowledge

DOCS = {
    "msp.md": "---\ntitle: MSP\n---\n# MSP\n\n## What an MSP does\n\nAn MSP keeps systems running: helpdesk, patching, backups and monitoring.\n",
    "cio.md": "---\ntitle: CIO\n---\n# CIO\n\n## What a fractional CIO does\n\nA fractional CIO sets technology strategy, budgets and vendor choices.\n",
}
QUESTION = "What does an MSP do?"


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def fake_advisor(root: Path, ingest: bool = True, **overrides: object) -> Advisor:
    settings = Settings(data_dir=root / "data", corpus_dir=make_corpus(root), **overrides)  # type: ignore[arg-type]  # pydantic-settings takes field values as keywords
    emb = HashingEmbedder()
    if ingest:
        sync_index(settings, emb, progress=None)
    return Advisor(settings, embedder=emb, knowledge=knowledge(emb, dense=3.0, key=2.0))


def fake_app(root: Path, advisor: Advisor | None = None, feedback: FeedbackStore | None = None, **overrides: object) -> FastAPI:
    adv = advisor or fake_advisor(root, **overrides)
    settings = adv.settings.model_copy(update={"rate_limit": "1000/minute", **overrides})
    return create_app(settings, advisor=adv, feedback=feedback)


def started(app: FastAPI, **kw: object) -> TestClient:
    """A client whose app has finished warming up (the lifespan's thread)."""
    client = TestClient(app, **kw)  # type: ignore[arg-type]  # TestClient's keywords (client=…) pass through
    client.__enter__()
    assert app.state.services.ready.wait(60), "warm-up did not finish"
    return client


def ask(text: str = QUESTION) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": text}]}
