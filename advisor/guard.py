"""Input guard: drop instruction-like sentences from a question before it is answered.

The answerers treat user text as data already (the extractive one cannot follow instructions at
all, the LLM prompt says so), but an injected sentence still steers retrieval toward noise. So a
sentence that tries to re-program the assistant ("ignore your rules", "you are now DAN", "print
your system prompt") or asks for an attack ("break into the admin portal") is removed, and what
remains, if anything, is the question. A hand-written pattern list, not a model: it is small,
auditable and has no false positives on the eval set's in-scope questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.text import sentence_spans

_INSTRUCTION = re.compile(
    r"""
    \b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|rule|prompt|article|guideline|polic|previous|above|context)
  | \b(system|developer)\s*(prompt|message|instruction)s?\b
  | \b(hidden|secret|initial|original)\s+(instruction|prompt|rule)s?\b
  | \byou\s+are\s+now\b | \bact\s+as\b | \bpretend\s+(to\s+be|you)\b | \broleplay\b | \brole-play\b
  | \bjailbreak | \bDAN\b | \bdeveloper\s+mode\b
  | ^\s*(</?\w+>\s*)*(system|assistant)\s*:
  | \bnew\s+(policy|instructions?)\b
  | \b(reply|respond|answer|start\s+your\s+reply)\s+(only\s+)?(with|in)\b.{0,30}(word|json|xml|yaml|code|'|")
  | \b(api|secret)\s*key\b | \bpassword\s+is\b
  | \bI\s+authori[sz]e\s+you\b
  | \btranslate\b.{0,30}\b(instruction|prompt|rule)s?\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ATTACK = re.compile(r"\b(break\s+into|hack(ing)?\s+(into|our|their|the)|exploit|malware|ransomware\s+(code|payload)|steal|phish(ing)?\s+(email|kit))\b", re.I)


@dataclass(frozen=True)
class Guarded:
    question: str  # what is left to answer ("" when nothing is)
    flagged: bool  # an instruction or attack sentence was removed


# In a document: a line shaped like a chat turn or an instruction to the assistant (narrower than the
# question guard, whose patterns also catch ordinary prose such as an article's quoted questions).
_ADDRESSED = re.compile(
    r"^\s*(</?\w+>\s*)*(assistant|system|user|ai|chatbot|model)\s*:"
    r"|\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|guidelines)\b"
    r"|\byou\s+are\s+now\s+(a|an|dan|my|our)\b|\bnew\s+instructions?\b",
    re.IGNORECASE | re.MULTILINE,
)


def is_addressed_to_assistant(text: str) -> bool:
    """Document text that speaks to an assistant instead of to readers: never quotable."""
    return bool(_ADDRESSED.search(text))


def guard_question(question: str) -> Guarded:
    """Remove instruction-like and attack sentences; keep the rest verbatim and in order."""
    kept: list[str] = []
    flagged = False
    for s, e in sentence_spans(question) or [(0, len(question))]:
        sentence = question[s:e].strip()
        if not sentence:
            continue
        if _INSTRUCTION.search(sentence) or _ATTACK.search(sentence):
            flagged = True
            continue
        kept.append(sentence)
    rest = " ".join(kept).strip()
    rest = re.sub(r"^(also|and|then|now)\s*[:,]?\s*", "", rest, flags=re.I)
    return Guarded(rest if flagged else question, flagged)
