"""Follow-ups are resolved against the conversation with no model: what is carried, and how it reads."""

from __future__ import annotations

from advisor.followup import resolve_followup
from advisor.models import Message


def _after(previous: str, question: str) -> str:
    return resolve_followup(question, [Message(role="user", content=previous), Message(role="assistant", content="…")])


def test_two_things_named_apart_are_carried_as_two() -> None:
    assert _after("Is an MSP the same as a fractional CIO?", "Do I need both?") == "Do I need both? (MSP and fractional CIO)"


def test_one_thing_is_carried_as_written() -> None:
    assert _after("What does a fractional CIO do?", "and how much does it cost?") == "and how much does it cost? (fractional CIO)"


def test_a_new_topic_is_not_a_follow_up() -> None:
    assert _after("What does a fractional CIO do?", "What is a vCISO responsible for in a SOC 2 audit?") == "What is a vCISO responsible for in a SOC 2 audit?"
    assert resolve_followup("Do I need both?", None) == "Do I need both?"


def test_only_the_two_sides_are_read_as_a_pair() -> None:
    assert _after("How much does a fractional CIO cost?", "and for an MSP?") == "and for an MSP? (much fractional CIO cost)"


def test_both_or_each_carries_no_words_that_name_no_two_things() -> None:
    """Asked third in the app ("vCIO conflict?", "each cost?", "both?"), "both" once read as
    "both (cost MSP's vCIO create conflict interest)" and was answered about the vCIO."""
    history = [
        Message(role="user", content="Does my MSP's vCIO create a conflict of interest?"),
        Message(role="assistant", content="…"),
        Message(role="user", content="What does each cost?"),
        Message(role="assistant", content="…"),
    ]
    assert resolve_followup("Do I need both?", history) == "Do I need both?"  # the answerer reads it as the corpus' two sides
    assert _after("What does each cost?", "Do I need both?") == "Do I need both?"
    assert _after("Is an MSP the same as a fractional CIO?", "and what does each cost?") == "and what does each cost? (MSP and fractional CIO)"


def test_a_question_naming_both_sides_stands_alone() -> None:
    """The app's starters asked in a row: the second and a README example had been answered about the vCIO."""
    history = [Message(role="user", content="Does my MSP's vCIO create a conflict of interest?"), Message(role="assistant", content="…")]
    for question in ("Do I need both an MSP and a fractional CIO?", "What does an MSP do that a fractional CIO does not?"):
        assert resolve_followup(question, history) == question
    assert _after("Does my MSP's vCIO create a conflict of interest?", "and what does that cost?") == "and what does that cost? (MSP's vCIO create conflict interest)"


def test_a_question_of_one_word_asks_about_the_conversation_subject() -> None:
    # "When?" names nothing of its own: it had been read alone and declined as out of scope.
    assert _after("What is an interim CTO?", "When?") == "When? (interim CTO)"
    assert _after("What does a fractional CIO do?", "How much?") == "How much? (fractional CIO)"
    assert _after("What does a fractional CIO do?", "What about pricing for a 200-person firm?") == "What about pricing for a 200-person firm? (fractional CIO)"  # as before: "what about"
    assert _after("What does a fractional CIO do?", "What is a vCISO's audit role?") == "What is a vCISO's audit role?"  # two words of its own: a new topic
