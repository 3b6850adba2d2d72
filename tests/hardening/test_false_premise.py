"""False premises ("since MSPs are best placed to audit themselves…") get the articles' position, politely."""

from __future__ import annotations

import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from eval.dataset import load_items
from eval.scoring import AGREEMENT, find_contradiction, judge_nuggets
from tests.conftest import corpus_text

ITEMS = [it for it in load_items() if it.kind == "false_premise"]
EXTRA = [
    "Since MSPs are best placed to audit themselves, we don't need anyone else reviewing them, correct?",
    "Because a vCIO from our MSP has no conflict of interest, we can let them pick our next MSP, right?",
    "Fractional CIOs mainly reset passwords and fix printers, so they're just expensive helpdesk, aren't they?",
]


# Measured: 5 of the 9 false-premise answers carry a key point of the articles' position; the other
# 4 quote related but off-point passages (the small embedding model does not link "audit
# themselves" to "evaluating its own performance"). The floor below guards that level; the gap is
# documented in docs/security.md.
POSITION_KEPT_FLOOR = 5 / 9


@pytest.mark.parametrize("item", ITEMS, ids=lambda it: it.id)
def test_false_premise_is_never_agreed_with_nor_contradicts_the_position(advisor: Advisor, embedder: Embedder, item) -> None:  # type: ignore[no-untyped-def]
    ans = advisor.answer(item.question)
    assert not ans.abstained
    assert not AGREEMENT.match(ans.text), ans.text[:120]
    assert find_contradiction(item, ans, embedder) == ""
    assert all(c.quote in corpus_text(c.source) for c in ans.citations)


def test_most_false_premise_answers_carry_the_articles_position(advisor: Advisor, embedder: Embedder) -> None:
    kept = [it.id for it in ITEMS if any(n["verdict"] != "none" for n in judge_nuggets(it, advisor.answer(it.question), embedder))]
    assert len(kept) / len(ITEMS) >= POSITION_KEPT_FLOOR, f"position kept only in {kept}"


@pytest.mark.parametrize("question", EXTRA)
def test_more_false_premises_are_answered_from_the_articles_without_agreeing(advisor: Advisor, question: str) -> None:
    ans = advisor.answer(question)
    assert not ans.abstained and ans.citations
    assert not AGREEMENT.match(ans.text)
