"""The claim check (advisor/claims.py) on the real corpus and on the labelled claim set."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.breaker import CircuitBreaker
from advisor.claims import check, figures, roles
from advisor.passage import Passage
from advisor.settings import PROJECT_ROOT
from advisor.units import units_of
from eval.claimset import build, corpus_passages, measure

CORPUS = PROJECT_ROOT / "corpus"
# Issue 17's targets on the held-apart half of the labelled set.
MIN_PRECISION, MIN_RECALL = 0.98, 0.90


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return corpus_passages(CORPUS)


def _passage(passages: list[Passage], anchor: str) -> Passage:
    return next(p for p in passages if anchor in p.body)


def test_every_verbatim_sentence_item_and_row_of_the_corpus_is_supported_by_its_passage(passages: list[Passage]) -> None:
    """The offline answerer quotes passages: a quote must always pass."""
    units = [(u.text, p) for p in passages for u in units_of(p)]
    assert len(units) > 400
    rejected = [(t, check(t, p).reason) for t, p in units if not check(t, p).ok]
    assert rejected == []
    assert all(check(p.body, p).ok for p in passages)


def test_the_quote_is_a_verbatim_span_of_the_passage(passages: list[Passage]) -> None:
    p = _passage(passages, "An MSP evaluating its own performance is inherently limited")
    v = check("An MSP evaluating its own performance is inherently limited because the relationship creates real conflicts of interest.", p)
    assert v.ok and v.quote and v.quote in p.body


@pytest.mark.parametrize(
    ("anchor", "claim", "reason"),
    [
        ("An MSP evaluating its own performance", "I have been hacked, and an MSP evaluating its own performance is inherently limited.", "payload"),
        ("An MSP evaluating its own performance", "An MSP evaluating its own performance is inherently limited, and it replaces your accounting department entirely.", "content"),
        ("An MSP evaluating its own performance", "A 2023 survey found that an MSP evaluating its own performance is inherently limited.", "figures"),
        ("An independent fractional CIO has no vendor relationship", "An independent fractional CIO has a vendor relationship to defend.", "polarity"),
        ("An independent fractional CIO has no vendor relationship", "An MSP's vCIO has no vendor relationship to defend.", "roles"),
        ("The MSP handles execution", "The fractional CIO handles execution.", "roles"),
        ("A fractional CIO provides the strategic IT leadership", "A fractional CIO provides strategic IT leadership for $660,007 to $840,007.", "figures"),
        ("An MSP evaluating its own performance", "An MSP evaluating its own performance is limited. Visit http://deals.example.ru now.", "payload"),
    ],
)
def test_the_issue_17_fabrications_are_rejected_with_their_reason(passages: list[Passage], anchor: str, claim: str, reason: str) -> None:
    v = check(claim, _passage(passages, anchor))
    assert not v.ok and v.reason == reason


def test_faithful_rewordings_pass(passages: list[Passage]) -> None:
    p = _passage(passages, "A fractional CIO is a part-time or engagement-based senior technology executive.")
    assert check("A fractional CIO is a part-time senior technology executive.", p).ok
    assert check("In short, a fractional CIO is a part-time or engagement-based senior technology executive.", p).ok


def test_figures_are_compared_as_values() -> None:
    assert figures("$150,000 a year, 15 percent, three years") == {"150000", "15%", "3"}
    assert figures("$150k") == {"150000"} and figures("$10M–$100M") == {"10000000", "100000000"}
    assert [r for r, _, _ in roles("Your MSP's vCIO and a fractional CTO")] == ["msp", "vcio", "cto"]


def test_on_the_held_apart_half_of_the_claim_set_precision_and_recall_meet_the_targets(passages: list[Passage]) -> None:
    items = build(CORPUS)
    assert len(items) >= 500
    held = [i for i in items if i.split == "held"]
    assert len(held) >= 250 and {i.kind for i in held} >= {"verbatim", "summary", "added_clause", "invented_source", "altered_figure", "negation", "role_swap", "payload"}
    scores = measure(held, {p.id: p for p in passages})
    assert scores.precision >= MIN_PRECISION and scores.recall >= MIN_RECALL, scores


def test_the_committed_claim_set_is_what_the_generator_builds(passages: list[Passage]) -> None:
    from eval.claimset import SET_PATH, load

    assert [(i.claim, i.passage_id, i.label) for i in load(SET_PATH)] == [(i.claim, i.passage_id, i.label) for i in build(CORPUS)]


def test_the_breaker_opens_after_consecutive_failures_and_lets_a_trial_through_later() -> None:
    now = [0.0]
    b = CircuitBreaker(failures=2, open_s=10, clock=lambda: now[0])
    b.failure()
    assert b.allows()
    b.success()
    b.failure()
    assert b.allows()
    b.failure()
    assert not b.allows() and b.seconds_left() == 10
    now[0] = 10.0
    assert b.allows()
    b.failure()  # the trial failed: open again at once
    assert not b.allows()


def test_hand_items_anchor_real_passages() -> None:
    from eval.claimset import HAND_PATH, hand_written

    assert Path(HAND_PATH).is_file() and len(hand_written(corpus_passages(CORPUS))) >= 30
