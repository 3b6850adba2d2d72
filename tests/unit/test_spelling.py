"""A misspelt question word is read as the corpus word it misses by a letter; real words never change."""

import pytest

from advisor.spelling import corrected, spelling_words
from advisor.text import content_tokens

CORPUS = [
    "A fractional CIO owns the technology budget and the roadmap.",
    "Managed IT providers charge per user; we outsourced the helpdesk.",
    "Costs and hosts are listed.",
]
WORDS = spelling_words(CORPUS)
STEMS = frozenset(t for text in CORPUS for t in content_tokens(text))


def test_a_word_one_letter_off_a_corpus_word_is_read_as_it() -> None:
    assert corrected("fractinal cio pricing?", WORDS, STEMS) == "fractional cio pricing?"
    assert corrected("What is the IT budjet for?", WORDS, STEMS) == "What is the IT budget for?"
    assert corrected("mangaed IT or not", WORDS, STEMS) == "mangaed IT or not"  # its stem "manga" is an English word: left alone
    assert corrected("roadmpa please", WORDS, STEMS) == "roadmap please"  # two letters swapped


def test_real_words_stay_as_written() -> None:
    # English words (the encoder's vocabulary) the corpus does not use, one edit from a corpus word
    assert corrected("Do they change the expect budget", WORDS, STEMS) == "Do they change the expect budget"
    # an inflection of a corpus word ("outsourcing" / "outsourced"), a word far from all ("payroll"), a short word ("cots")
    assert corrected("outsourcing payroll cots", WORDS, STEMS) == "outsourcing payroll cots"


def test_a_word_near_two_corpus_words_is_left_alone() -> None:
    words = spelling_words(["the budget", "the budgrt"])
    assert corrected("our budeget", words, frozenset()) == "our budget"  # one edit from "budget" only
    assert corrected("our budgzt", words, frozenset()) == "our budgzt"  # one edit from both: which one is a guess


def test_no_corpus_words_changes_nothing() -> None:
    assert corrected("fractinal", frozenset(), frozenset()) == "fractinal"


def test_a_capital_stays_and_no_english_list_means_no_correction(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor import spelling

    assert corrected("Fractinal CIO pricing?", WORDS, STEMS) == "Fractional CIO pricing?"
    monkeypatch.setattr(spelling, "english_words", lambda: frozenset())
    assert corrected("fractinal cio pricing?", WORDS, STEMS) == "fractinal cio pricing?", "without English words, real ones would be changed too"
