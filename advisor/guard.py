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
# Each alternative is a shape seen in an attack (issue 15): chat-turn labels and model-template
# tokens, "ignore/disregard … instructions / the other articles / your sources", orders given to
# "the assistant" / "the AI" / "the chatbot", and "when (you are) asked …, (always) say/answer".
_ADDRESSED = re.compile(
    r"^\s*(([-*+>|]|\d+[.)])\s*)*(\*\*|__|\*|_)?(</?\w+>\s*)*(assistant|system|user|human|ai|chatbot|model|bot|gpt|claude)(\*\*|__|\*|_)?\s*:"
    r"|\[/?INST\]|<\|im_(start|end)\|>|<<SYS>>|^\s*#{1,6}\s*(system|instructions?|response)\s*:?\s*$"
    r"|\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|guidelines"
    r"|(other|previous|above|remaining|every|all)\s+(articles?|sources?|documents?|passages?|context|answers?)"
    r"|(your|the)\s+(sources?|context|training|articles?|documents?))\b"
    r"|\byou\s+are\s+now\s+(a|an|dan|my|our)\b|\bnew\s+instructions?\b"
    r"|\b(note|message|instructions?)\s+(to|for)\s+(the\s+)?(assistant|ai|chatbot|bot|language\s+model|llm)\b"
    r"|\b(the\s+)?(assistant|chatbot|language\s+model|llm|ai\s+model)\s+(must|should|shall|will)\s+(always\s+|never\s+|only\s+)?"
    r"(say|answer|reply|respond|tell|state|quote|cite|claim|recommend)\b"
    r"|\b(if|when(ever)?)\s+(you\s+are\s+|you're\s+)?asked\b.{0,80}\b(always\s+|only\s+)?(say|answer|reply|respond|tell\s+them|state)\b(?!\s+(that\s+)?(it\s+)?depends)",
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
