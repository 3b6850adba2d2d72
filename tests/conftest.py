"""Shared fixtures: every test gets a temp data dir and no API keys; the real model and a real
Chroma (in a temp dir) serve retrieval tests, ingested once per session.

The suite runs on the encoder backend named by ``ADVISOR_ENCODER`` when pytest starts (default
``onnx``); scripts/test.sh runs the ``both_encoders`` subset again on ``sentence-transformers``.
The ONNX graph is built once per session into a shared folder every test and subprocess uses."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.embeddings import Embedder, get_embedder
from advisor.engine import Advisor
from advisor.settings import PROJECT_ROOT, EncoderName, Settings

CORPUS = PROJECT_ROOT / "corpus"
KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "MISTRAL_API_KEY", "GROQ_API_KEY")
#: The backend this session tests (read once, before the per-test fixture clears ADVISOR_*).
ENCODER: EncoderName = "sentence-transformers" if os.environ.get("ADVISOR_ENCODER") == "sentence-transformers" else "onnx"


@pytest.fixture(scope="session")
def encoder_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The encoder settings of this session, as environment variables (for subprocesses too)."""
    return {"ADVISOR_ENCODER": ENCODER, "ADVISOR_ENCODER_DIR": str(tmp_path_factory.getbasetemp() / "encoders")}


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder_env: dict[str, str]) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for key in KEYS + tuple(k for k in os.environ if k.startswith("ADVISOR_") and k != "ADVISOR_DATA_DIR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in encoder_env.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(scope="session")
def embedder(encoder_env: dict[str, str]) -> Embedder:
    # Both backends have Embedder's interface; tests annotate with the reference class.
    return get_embedder(None, ENCODER, Path(encoder_env["ADVISOR_ENCODER_DIR"]))  # type: ignore[return-value]


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, encoder_env: dict[str, str]) -> Settings:
    data = tmp_path_factory.mktemp("corpus-index")
    return Settings(data_dir=data, corpus_dir=CORPUS, encoder=ENCODER, encoder_dir=Path(encoder_env["ADVISOR_ENCODER_DIR"]))


def ready(adv: Advisor) -> Advisor:
    """Build the index on first run (the surfaces' job, never the core's) and open it."""
    from ingest.index import ensure_index

    ensure_index(adv.settings, adv.embedder, adv.store)  # type: ignore[arg-type]
    adv.ensure_ready()
    return adv


@pytest.fixture(scope="session")
def advisor(corpus_settings: Settings, embedder: Embedder) -> Advisor:
    """The real engine over the real corpus, ingested once for the whole session."""
    from ingest.index import ensure_index

    adv = Advisor(corpus_settings, embedder=embedder)
    ensure_index(corpus_settings, embedder, adv.store)
    adv.ensure_ready()
    return adv


@pytest.fixture
def small_corpus(tmp_path: Path) -> Iterator[Path]:
    """A copy of two short corpus-like documents that tests may edit freely."""
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "alpha.md").write_text(
        "---\ntitle: Alpha\nurl: https://example.test/alpha\n---\n# Alpha\n\n## Pricing\n\n"
        "An MSP bills per user each month. A fractional CIO bills a monthly retainer.\n\n"
        "| Item | MSP | Fractional CIO |\n|---|---|---|\n| Pricing | Per user | Retainer |\n| Focus | Uptime | Strategy |\n",
        encoding="utf-8",
    )
    (d / "beta.md").write_text(
        "# Beta\n\n## Roles\n\nThe MSP runs the helpdesk:\n\n- Patching servers\n- Resetting passwords\n\n"
        "## FAQ\n\n### Do I need both?\n\nMost growing businesses do. The MSP executes and the CIO directs.\n",
        encoding="utf-8",
    )
    yield d
    shutil.rmtree(d, ignore_errors=True)


def corpus_text(source: str) -> str:
    return (CORPUS / source).read_text(encoding="utf-8")
