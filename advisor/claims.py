"""The claim check: does a cited passage support a sentence an LLM wrote? Shared by the answer path and the eval.

Topical similarity is not support: a true sentence with an added clause, an inflated figure, a
flipped "not" or the MSP and the fractional CIO swapped stays close to its passage in embedding
space. So a claim is kept only when four separate tests pass against the passage:

- **figures**: every number, amount, range, percentage and year in the claim is in the passage;
- **polarity**: the claim negates ("not", "never", "no longer", …) exactly when the passage
  sentences it rests on do;
- **roles**: every role it names (MSP, fractional CIO/CTO/executive, vCIO, vCISO, in-house IT) is
  named there too, and what the claim says each role does is said of that role, not another;
- **content**: almost no content word of substance is missing from the passage (a short list of
  connective words is free; first-person statements, links and instructions never are).

Hand-written rules, not a model: each rejection has a reason a reviewer can read, and on the
labelled claim set (``python -m eval.claimset``, docs/benchmarks.md) they beat the embedding-only
rule by a wide margin. A claim that is a verbatim span of the passage is accepted outright: the
offline answerer quotes passages, and a quote is support by construction.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from advisor.guard import guard_question
from advisor.passage import Passage
from advisor.text import content_tokens, tokens
from advisor.units import Unit, units_of

# ---- the named numbers (all chosen on the dev half of the labelled claim set) -------------------
#: Content words a claim may carry that the passage lacks: 0 up to this many content words, then
#: one per NOVEL_PER words (a 14-word paraphrase may use one synonym; an added clause adds several).
NOVEL_FREE_FROM = 10
NOVEL_PER = 10
#: Passage sentences a claim may rest on (a summary joins a few; more is a different answer).
MAX_REGION_UNITS = 3
#: Weight of a role name when choosing the sentence a claim rests on: what is said decides, not who.
ROLE_WORD_WEIGHT = 0.25
#: A unit joins the region only when it covers this many more of the claim's content words.
REGION_GAIN = 2

# Words that connect or hedge without adding content: a paraphrase may use them freely.
CONNECTIVES = frozenset(
    tokens(
        "also typically usually generally often commonly basically essentially simply mainly mostly primarily "
        "in short put simply other words overall instead rather both either each whereas while however therefore "
        "so thus because although unless since which that who this these those such kind type way ways something someone "
        "company companies business businesses organization organizations firm firms team teams "
        "help helps provide provides offer offers focus focuses handle handles mean means role roles "
        "important key main often many most some several work works"
    )
)

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30", "fifty": "50",
    "hundred": "100", "half": "50%", "twice": "2", "double": "2", "triple": "3", "dozen": "12",
}  # fmt: skip
_FIGURE = re.compile(
    r"\$?\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|k\b|m\b|million\b|billion\b|x\b)?"
    r"|\b(" + "|".join(_NUMBER_WORDS) + r")\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(not|no|never|none|nothing|nobody|neither|nor|cannot|without|lacks?|no longer|n't)\b|n't\b|\b\w+n't\b",
    re.I,
)
_ROLES: dict[str, re.Pattern[str]] = {
    "vcio": re.compile(r"\bvCIOs?\b|\bvirtual CIOs?\b", re.I),
    "vciso": re.compile(r"\bvCISOs?\b|\bvirtual CISOs?\b", re.I),
    "cto": re.compile(r"\b(?:fractional\s+)?CTOs?\b|\bchief technology officers?\b", re.I),
    "cio": re.compile(r"(?<![vV])\b(?:fractional\s+)?CIOs?\b|\bchief information officers?\b", re.I),
    "executive": re.compile(r"\bfractional (?:IT )?(?:executive|leader|leadership)s?\b", re.I),
    "msp": re.compile(r"\bMSPs?\b|\bmanaged (?:service|services|IT) (?:provider|partner|firm|compan(?:y|ies))s?\b|\bmanaged IT\b", re.I),
    "inhouse": re.compile(r"\bin-house (?:IT|CIO|team|staff)\b|\binternal IT\b", re.I),
}
_ROLE_TOKENS = frozenset(tokens("msp msps managed service services provider providers cio cios cto ctos vcio vcios vciso fractional chief officer virtual"))  # not "executive": its stem is also "execution"'s
_LINK = re.compile(r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w+|\b[\w-]+\.(?:com|net|org|io|xyz|ru)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(I|I'm|I've|me|my|mine)\b")


@dataclass(frozen=True, slots=True)
class Support:
    """The verdict on one (claim, passage) pair: ``ok``, why not, and the verbatim quote it rests on."""

    ok: bool
    reason: str  # "" when ok; else figures / polarity / roles / content / payload / empty
    quote: str  # a verbatim span of the passage body (the units the claim rests on)


def figures(text: str) -> set[str]:
    """Numbers as values: "$150,000" and "150000" match, "15 percent" is "15%", "three" is "3"."""
    out = set()
    for m in _FIGURE.finditer(text):
        raw = m.group(0).lower().strip()
        if raw in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[raw])
            continue
        num = re.sub(r"[$,\s]", "", raw)
        unit = ""
        for suffix, norm in (("percent", "%"), ("%", "%"), ("million", "m"), ("billion", "b"), ("k", "k"), ("m", "m"), ("x", "")):
            if num.endswith(suffix):
                num, unit = num[: -len(suffix)], norm
                break
        num = num.rstrip(".")
        if unit == "k":
            num, unit = _scaled(num, 1_000), ""
        elif unit in ("m", "b"):
            num, unit = _scaled(num, 1_000_000 if unit == "m" else 1_000_000_000), ""
        if num:
            out.add(num + unit)
    return out


def _scaled(num: str, factor: int) -> str:
    try:
        return str(round(float(num) * factor))
    except ValueError:
        return num


def negations(text: str) -> int:
    return len(_NEGATION.findall(text.replace("’", "'")))


_CLAUSE = re.compile(r"[,;:—–()]|\bbut\b|\bwhile\b|\bwhereas\b")


def _relevant_negations(text: str, claim_tokens: set[str]) -> int:
    """Negations in the clauses of ``text`` that share a content word (not a role name) with the claim.

    A summary may leave out a negated side clause ("limited — not because MSPs are dishonest, but
    because …"); it may not drop or add the negation of what it does say.
    """
    words = claim_tokens - _ROLE_TOKENS - CONNECTIVES
    total = 0
    for clause in _CLAUSE.split(text):
        own = set(content_tokens(clause)) - CONNECTIVES
        # A clause of role names only ("but no MSP", "not a fractional CIO") counts when the claim names them.
        if own & words or (own and own <= _ROLE_TOKENS and own & claim_tokens):
            total += negations(clause)
    return total


def roles(text: str) -> list[tuple[str, int, int]]:
    """Role mentions in order as (role, start, end); the longer pattern wins where two overlap."""
    found: list[tuple[str, int, int]] = []
    for role, pat in _ROLES.items():
        for m in pat.finditer(text):
            if not any(s < m.end() and m.start() < e for _, s, e in found):
                found.append((role, m.start(), m.end()))
    return sorted(found, key=lambda t: t[1])


def _role_windows(text: str) -> dict[str, set[str]]:
    """What is said of each role: the content words after each mention, up to the next mention or clause end."""
    out: dict[str, set[str]] = {}
    mentions = roles(text)
    for i, (role, _, end) in enumerate(mentions):
        stop = mentions[i + 1][1] if i + 1 < len(mentions) else len(text)
        clause = re.split(r"[;:.!?]|\bwhile\b|\bwhereas\b|\bbut\b", text[end:stop], maxsplit=1)[0]
        out.setdefault(role, set()).update(t for t in content_tokens(clause) if t not in _ROLE_TOKENS)
    return out


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower().strip(" .")


def _support_text(p: Passage) -> str:
    return "\n".join(x for x in (p.title, p.heading.replace(" > ", "\n"), p.faq_question, p.readable()) if x)


def _region(claim_tokens: set[str], units: list[Unit]) -> list[Unit]:
    """The few passage units the claim rests on: greedy cover of its content words, in passage order."""
    chosen: list[Unit] = []
    covered: set[str] = set()
    unit_tokens = [set(content_tokens(u.text)) for u in units]
    while len(chosen) < MAX_REGION_UNITS:
        # Role names count little: "Your fractional CIO keeps the lights on" rests on "Your MSP keeps the lights on".
        gains = [(_gain((t & claim_tokens) - covered), i) for i, t in enumerate(unit_tokens) if units[i] not in chosen]
        if not gains:
            break
        _, best = max(gains)
        if len((unit_tokens[best] & claim_tokens) - covered) < (1 if not chosen else REGION_GAIN):
            break
        chosen.append(units[best])
        covered |= unit_tokens[best] & claim_tokens
    return sorted(chosen, key=lambda u: u.start)


def _gain(new: set[str]) -> float:
    return len(new - _ROLE_TOKENS) + ROLE_WORD_WEIGHT * len(new & _ROLE_TOKENS)


def _words(text: str) -> set[str]:
    """Content words, with hyphenated compounds also split ("engagement-based" gives "engagement")."""
    return set(content_tokens(text)) | set(content_tokens(text.replace("-", " ")))


def check(claim: str, p: Passage) -> Support:
    """Whether passage ``p`` supports ``claim`` on figures, polarity, roles and content (see the module doc)."""
    claim = " ".join(claim.split())
    units = units_of(p)
    if not claim or not units:
        return Support(False, "empty", "")
    support_text = _support_text(p)
    if _norm(claim) in _norm(p.body) or _norm(claim) in _norm(p.readable()):
        return Support(True, "", _quote(p, _region(set(content_tokens(claim)), units) or units[:1]))
    if _LINK.search(claim) or guard_question(claim).flagged:
        return Support(False, "payload", "")
    claim_tokens = set(content_tokens(claim))
    region = _region(claim_tokens, units)
    if not region:
        return Support(False, "content", "")
    quote = _quote(p, region)
    region_text = " ".join(u.text for u in region)
    if _FIRST_PERSON.search(claim) and not _FIRST_PERSON.search(region_text):
        return Support(False, "payload", quote)  # "I have been hacked, and …": the articles speak as "we"
    if not figures(claim) <= figures(support_text):
        return Support(False, "figures", quote)
    if p.kind == "table_row":
        if _table_mismatch(claim, p):
            return Support(False, "roles", quote)
    elif negations(claim) != _relevant_negations(region_text, claim_tokens):
        return Support(False, "polarity", quote)
    elif _role_mismatch(claim, region_text, p.lead_in, _frame(p)):
        return Support(False, "roles", quote)
    novel = claim_tokens - _words(support_text) - CONNECTIVES
    if len(novel) > _novel_allowed(len(claim_tokens)):
        return Support(False, "content", quote)
    return Support(True, "", quote)


def _novel_allowed(n_content: int) -> int:
    return 0 if n_content < NOVEL_FREE_FROM else 1 + (n_content - NOVEL_FREE_FROM) // NOVEL_PER


def _frame(p: Passage) -> str:
    """What frames every sentence of a passage: its innermost heading, FAQ question and list lead-in."""
    return " ".join((p.section, p.faq_question, p.lead_in))


def _role_mismatch(claim: str, region_text: str, lead_in: str, frame: str) -> bool:
    """A role the claim names is not named as often in the sentences it rests on (with a list's
    lead-in; the passage's heading or FAQ question when they name no role), or what the claim says a role does is said of another role there."""
    claimed = Counter(r for r, _, _ in roles(claim))
    if not claimed:
        return False
    there = Counter(r for r, _, _ in roles(region_text)) | Counter(r for r, _, _ in roles(lead_in))
    if not there:
        there = Counter(r for r, _, _ in roles(frame))
    if any(n > there[r] for r, n in claimed.items()):
        return True
    said = _role_windows(claim)
    windows = _role_windows(region_text)
    for role, words in said.items():
        if not words or role not in windows:
            continue
        own = len(words & windows[role])
        other = max((len(words & w) for r, w in windows.items() if r != role), default=0)
        if other > own:
            return True
    return False


def _table_mismatch(claim: str, p: Passage) -> bool:
    """A comparison-table row: a claim about one role must agree with that role's ✓ / ✗ cell."""
    header, row = p.table_cells()
    if row:
        claim = re.sub(re.escape(row[0]), " ", claim, flags=re.I)  # the row's label may name a role ("Independent MSP performance review")
    named = {r for r, _, _ in roles(claim)}
    if len(named) != 1:
        return bool(named - {r for r, _, _ in roles(" ".join(header))})
    (role,) = named
    cells = [v for h, v in zip(header, row) if role in {r for r, _, _ in roles(h)}]
    if not cells:
        return True
    mark = cells[0].lstrip()[:1]
    return (mark == "✗" and negations(claim) == 0) or (mark == "✓" and negations(claim) > 0)


def _quote(p: Passage, region: list[Unit]) -> str:
    """The verbatim span of the body from the first to the last unit the claim rests on."""
    return p.body[region[0].start : region[-1].end] if region else ""
