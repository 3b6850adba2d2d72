"""The LLM path, with LangChain's fake chat models: verified claims only, fallback on failure."""

from __future__ import annotations

import itertools

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from advisor.engine import Advisor
from advisor.settings import Settings
from tests.conftest import corpus_text


def _with_model(advisor: Advisor, settings: Settings, reply: str | Exception) -> Advisor:
    class Failing(GenericFakeChatModel):
        def _generate(self, *a, **k):  # type: ignore[no-untyped-def]
            raise reply  # type: ignore[misc]

    model = Failing(messages=iter([])) if isinstance(reply, Exception) else GenericFakeChatModel(messages=itertools.repeat(AIMessage(content=reply)))
    s = settings.model_copy(update={"llm": "fake:test"})
    return Advisor(s, embedder=advisor.embedder, chat_model=model, store=advisor.store)


def test_supported_cited_sentences_are_kept_with_quotes_cut_from_the_passage(advisor: Advisor, corpus_settings: Settings) -> None:
    question = "How are MSPs measured?"
    snap, ranked = advisor.assess(question)
    shown = [snap.passages[int(i)] for i in ranked.order[:8]]
    n = next(i for i, p in enumerate(shown, 1) if "measured on uptime" in p.body)
    llm = _with_model(advisor, corpus_settings, f"MSPs are measured on uptime, ticket resolution time, and response speed [{n}].")
    ans = llm.answer(question)
    assert ans.backend == "llm:fake:test" and not ans.abstained
    assert len(ans.citations) == 1
    assert ans.citations[0].quote in corpus_text(ans.citations[0].source)
    assert "measured on uptime" in ans.citations[0].quote


def test_unsupported_and_uncited_claims_are_dropped(advisor: Advisor, corpus_settings: Settings) -> None:
    question = "How are MSPs measured?"
    snap, ranked = advisor.assess(question)
    shown = [snap.passages[int(i)] for i in ranked.order[:8]]
    n = next(i for i, p in enumerate(shown, 1) if "measured on uptime" in p.body)
    reply = (
        f"MSPs are measured on uptime, ticket resolution time, and response speed [{n}]. "
        f"MSPs typically charge $9,999 per laptop and guarantee 100% profit [{n}]. "
        "Everyone should fire their MSP immediately."
    )
    ans = _with_model(advisor, corpus_settings, reply).answer(question)
    assert "9,999" not in ans.text and "fire their MSP" not in ans.text
    assert len(ans.citations) == 1


def test_a_reply_that_cannot_be_verified_falls_back_to_the_offline_answerer(advisor: Advisor, corpus_settings: Settings) -> None:
    ans = _with_model(advisor, corpus_settings, "Bananas are yellow [1].").answer("How are MSPs measured?")
    assert ans.backend == "extractive-fallback"
    assert "could not be verified" in ans.notice
    assert ans.citations


def test_an_llm_error_falls_back_and_says_so(advisor: Advisor, corpus_settings: Settings) -> None:
    ans = _with_model(advisor, corpus_settings, ConnectionError("network down")).answer("How are MSPs measured?")
    assert ans.backend == "extractive-fallback"
    assert "unavailable" in ans.notice and ans.citations


def test_the_model_declining_means_abstaining(advisor: Advisor, corpus_settings: Settings) -> None:
    ans = _with_model(advisor, corpus_settings, "NOT_IN_SOURCES").answer("How are MSPs measured?")
    assert ans.abstained and not ans.citations


def test_out_of_scope_never_reaches_the_model(advisor: Advisor, corpus_settings: Settings) -> None:
    ans = _with_model(advisor, corpus_settings, ConnectionError("must not be called")).answer("What is the capital of France?")
    assert ans.abstained and ans.notice == ""
