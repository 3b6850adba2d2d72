"""Articles a question names ("How do the Turning Point and Orange County articles each explain …?", "What does CTO
Input say about board reporting?"): the answer quotes those and no others, and, naming two or more, each of them.

A stop-35 blind walk asked how two named articles explain the vCIO conflict of interest and got three quotes from one
of them. The names are read from the documents themselves, so a newly added article is named the same way: its
publisher ("Turning Point Advisory", or its first two words), anywhere in the question; or two adjacent words of its
file name that no other article's file name uses ("orange county"; not "managed it" nor "fractional it", which a
question about the subject says), only when the question speaks of an article ("the Orange County article", "…
articles", "piece", "post"): "Do a lot of Orange County companies …?" names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.passage import Passage

_SPEAKS_OF_ARTICLES = re.compile(r"\b(articles?|pieces?|posts?|blogs?|write-?ups?)\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class ArticleName:
    """How a question may name one article: ``pattern`` (its publisher, or the file name's own word pairs) and whether it
    names it only in a question that speaks of an article (``spoken``: the file name's words)."""

    doc_id: str
    pattern: re.Pattern[str]
    spoken: bool


def _phrase(words: Sequence[str]) -> str:
    return r"\b" + r"[\s-]+".join(re.escape(w) for w in words) + r"\b"


def _words(doc_id: str) -> list[str]:
    return _WORD.findall(doc_id.rsplit(".", 1)[0].lower())


def article_names(passages: Sequence[Passage]) -> tuple[ArticleName, ...]:
    """The names of the corpus's articles, read from the documents once per snapshot (``IndexSnapshot.article_names``)."""
    publishers: dict[str, str] = {}
    for p in passages:
        if p.publisher:
            publishers.setdefault(p.doc_id, p.publisher)
    out: list[ArticleName] = []
    for doc, publisher in publishers.items():
        words = _WORD.findall(publisher.lower())
        if words:
            phrases = [_phrase(words[:n]) for n in sorted({len(words), min(len(words), 2)}, reverse=True)]  # the whole name first
            out.append(ArticleName(doc, re.compile("|".join(phrases), re.I), spoken=False))
    names = {d: _words(d) for d in dict.fromkeys(p.doc_id for p in passages)}
    for doc, own in names.items():
        shared = {w for d, ws in names.items() if d != doc for w in ws}
        pairs = [_phrase((a, b)) for a, b in zip(own, own[1:], strict=False) if a not in shared and b not in shared]
        if pairs:
            out.append(ArticleName(doc, re.compile("|".join(pairs), re.I), spoken=True))
    return tuple(out)


def naming(question: str, names: Sequence[ArticleName]) -> tuple[frozenset[str], str]:
    """The doc ids of the articles ``question`` names (empty when it names none), and the question less those names:
    what it asks of them (ranked with the names, "How do the Turning Point and Orange County articles each explain the
    vCIO conflict of interest?" led with the paragraph listing Orange County's cities)."""
    speaks = bool(_SPEAKS_OF_ARTICLES.search(question))
    named: set[str] = set()
    gone: set[int] = set()  # a publisher and its file name may name it at one place
    for name in names:
        if name.spoken and not speaks:
            continue
        for m in name.pattern.finditer(question):
            named.add(name.doc_id)
            gone.update(range(*m.span()))
    if not named:
        return frozenset(), question
    return frozenset(named), " ".join("".join(ch for k, ch in enumerate(question) if k not in gone).split())


# Asked whether the articles agree, no article named ("do your articles agree on what a vCIO is", "do ur articles all say
# the same about msps offering vcio services": blind walks at stops 39-41 got quotes from one or two articles). Each
# article that speaks to it is quoted, as for articles named, for the asker to compare. Whether they agree is not said:
# no measure here separates agreeing from differing passages (stop 41: whole-passage and sentence similarity put the
# vCIO's "hybrid role" and its "structural limitation" at 0.49-0.59, as close as passages on other points).
_ASKS_AGREEMENT = re.compile(
    r"^\W*(?:do|does|did|would|are|is)\s+(?:(?:all|both)\s+(?:of\s+)?)?(?:your|the|these|those|our|ur|all\s+(?:of\s+)?(?:your|the|ur))\s+(?:\w+\s+)?"
    r"(?:articles?|posts?|pieces?|blogs?|write-?ups?)\s+(?:all\s+|both\s+|really\s+|actually\s+)?"
    r"(?:agree|disagree|differ|say the same(?:\s+thing)?|contradict|conflict|(?:are|stay)\s+consistent)\b"
    r"(?:\s+(?:with\s+)?each other)?\s*(?P<rel>on|about|regarding|over|when it comes to|that|in|as to)?\b\s*(?P<topic>.*)$",
    re.I,
)


def agreement_asked(question: str) -> str | None:
    """What is asked of the articles when ``question`` asks whether they agree (``_ASKS_AGREEMENT``), else None: the topic
    ("what a vcio is"), or the whole question when it asks whether they agree *that* something holds (a yes/no on it)."""
    m = _ASKS_AGREEMENT.search(question.strip())
    if m is None:
        return None
    topic = m.group("topic").strip(" ?.!")
    if (m.group("rel") or "").lower() == "that" or not topic:
        return question
    return topic
