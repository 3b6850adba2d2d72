"""Resolve a follow-up ("and how is it priced?") against the conversation, with no LLM.

A question that leans on earlier turns (short, a pronoun, a leading connective) gets the content
words of the previous user question appended, so retrieval knows what "it" is.
"""

from __future__ import annotations

import re

from advisor.models import Message
from advisor.questions import refers_to_two, side_of
from advisor.text import content_tokens, plain_words

_LEANS = re.compile(
    r"^\s*(and|but|so|also|then|what about|how about|and what|ok|okay|same|which one|why|is that|does that|"
    r"what if)\b|\b(it|its|they|them|their|that|this|those|these|one|both|he|she|him|her)\b",
    re.IGNORECASE,
)


# "How often?", "How much?", "Why not?": a question of at most this many content words names nothing of its
# own, so it asks about the conversation's subject (one word: "Pricing?" is also carried, harmlessly).
ELLIPTIC_WORDS = 1

# A follow-up asking why, or for more of the same ("why not?", "how so?", "why's that?", "can you explain?", "what do
# you mean?", "any examples?"): only such words and fillers, at least one of the first. It wants what the
# conversation has not said yet (the answerer moves passages already quoted down); "Monthly?" or "Are you sure?" do not.
_MORE_WORDS = frozenset(["why", "why's", "how", "like", "such", "go", "else", "more", "explain", "elaborate", "mean", "meaning", "way", "example", "examples", "detail", "details"])
_MORE_FILLERS = frozenset(
    ["and", "so", "come", "not", "is", "that", "that's", "it", "it's", "this", "the", "a", "an", "what", "can", "could", "would", "you", "please", "in", "any", "anything", "do", "does", "tell", "me", "say", "on", "as", "for"]
)


def asks_for_more(question: str) -> bool:
    """Whether a follow-up asks why or for more rather than for something it names ("Monthly?")."""
    words = plain_words(question)
    return bool(words & _MORE_WORDS) and words <= _MORE_WORDS | _MORE_FILLERS


_RAW_WORD = re.compile(r"[A-Za-z0-9$][A-Za-z0-9$%'’-]*")


def resolve_followup(question: str, history: list[Message] | None) -> str:
    previous = [m.content for m in (history or []) if m.role == "user" and m.content.strip()]
    if not previous:
        return question
    mine = content_tokens(question)
    # Only a question that leans on earlier turns is resolved: a short new topic stays a new topic.
    if len(mine) > 6 or not (_LEANS.search(question) or len(mine) <= ELLIPTIC_WORDS):
        return question
    # A question that names both sides itself stands alone, whatever "that" or "both" it holds: "Do I
    # need both an MSP and a fractional CIO?", "What does an MSP do that a fractional CIO does not?"
    # (asked after the app's other starters, they had read as "… (vCIO create conflict interest)").
    if len(side_of(question)) == 2:
        return question
    seen = set(mine)
    phrases: list[list[str]] = []  # carried words, adjacent ones kept together: "fractional CIO"
    # The latest user turn names the subject; earlier ones only fill in when it was itself a follow-up.
    for prev in reversed(previous[-3:]):
        last = -2
        for k, raw in enumerate(_RAW_WORD.findall(prev)):
            stems = content_tokens(raw)
            if stems and stems[0] not in seen:  # compare stems, carry the words as the user wrote them
                seen.add(stems[0])
                if k == last + 1 and phrases:
                    phrases[-1].append(raw)
                else:
                    phrases.append([raw])
                last = k
        if sum(len(ph) for ph in phrases) >= 3:
            break
    if not phrases:
        return question
    # "Do I need both? (MSP and fractional CIO)": the two sides named apart are read as two, not as one
    # run of words; anything else is carried as before ("(cost fractional CIO)" is no pair).
    sides = [side_of(" ".join(ph)) for ph in phrases]
    pair = len(sides) == 2 and all(sides) and sides[0] != sides[1]
    if refers_to_two(question) and not pair:
        # "Do I need both?" after "What does each cost?" is not "both (cost MSP's vCIO conflict …)": the
        # words of earlier turns name no two things, so "both" is the corpus' two (with_default_subject).
        return question
    joiner = " and " if pair else " "
    return f"{question} ({joiner.join(' '.join(ph) for ph in phrases)})"
