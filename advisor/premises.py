"""A premise giving one side what the articles' comparison tables give the other: corrected, with the row that says so.

"Our MSP will build our 3-year technology roadmap and own the IT budget, right?", "The MSP tracks its own SLA
numbers, so that's all the performance oversight we need, correct?", "We already pay the MSP per user, and that fee
covers strategic leadership too, so …": the premise is not overstated (no "just", "always", "replace": those are
questions.OVERSTATED's), it is swapped. The articles' side-by-side tables say what each side does ("Decision role |
Owns priorities, tradeoffs, vendor direction | Executes agreed support work", "IT budget ownership | ✗ | ✓ Core
function"), so a premise about one side that uses the other side's words, and none of its own, on a row is what
they correct, and that row, shown with its columns, is the correction.

Read from the documents (every two-sided table row of the corpus, so a new article's table counts with no hand work);
nothing here is fit. A premise is the statement a question puts up before asking ("Since X, …", "X, so …", "X, which
means …", "X, right?"): only one naming one side, plainly (no negation, no hedge: "Our MSP doesn't own the budget,
right?" is true). The caller asks only when the verdict model is silent.

Checked on the labelled sets (stop 31; read only): where the model is silent it speaks on 8 questions, 7 of them
false premises and 1 a true statement ("The point to stop relying on managed IT alone is when technology starts
shaping growth …, right?", read as the MSP's); where the model already says no, it would on 13 more, all false or no.
One word decides too when the tables give it to the other side on two rows and to the side named on none, and the
premise gives that side a duty ("Our MSP already takes care of our IT strategy, so what would a fractional CIO even add
on top?", a stop-32 blind walk's, had no correction): on the labelled sets (stop 32, read only) it reads 2 more false
premises, both rightly ("Our MSP already does vendor management, so …"), where the model already says no, and no
other question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.models import Verdict
from advisor.passage import Passage
from advisor.questions import NOT_PLAIN, OVERSTATED, PREMISE_OPENER, RATHER_THAN, SIDES, VCIO, last_sentence, without_sides
from advisor.sections import TURNS_QUESTION
from advisor.text import content_tokens

# The statement a question puts up to be checked, before what it asks. (A tag after a spaced hyphen, a typed dash, too:
# "… duplicate what we're paying for - correct?", a stop-41 walk's.)
_OPENS = re.compile(rf"{PREMISE_OPENER}\s+(?P<s>[^,?]+),", re.I)
_SO = re.compile(r"^(?P<s>[^?.!]+?),\s*(so|and so|which means|which is why|that's why|therefore)\b", re.I)
_TAGGED = re.compile(
    r"^(?P<s>[^?]+?)(?:[,—–.]|\s-)\s*(right|correct|true|yeah|ok|okay|isn't (it|that right)|aren't (they|we)|don't (we|they)|"
    r"doesn't (it|he|she)|won't (it|he|she|they)|can't (we|they))\?\s*$",
    re.I,
)
# A statement this reads as true or as uncertain: left alone.
_MIN_ROWS = 2  # rows giving one word to the other side alone for that word to decide: one row is one cell's wording
_MIN_WORDS = 2  # words a premise shares with a row (the other side's cell, or the row's label) for one word not to decide


def _sides(text: str) -> set[str]:
    text = VCIO.sub(" MSP ", text)
    return {s for s, p in SIDES.items() if p.search(text)}


# The MSP's work named as work ("… will also take over our patching and helpdesk"): SIDES reads "help desk" and "IT
# support" as the MSP (askers call their MSP so), which made a premise about the fractional CIO doing that work name both
# sides, and none was read (a stop-37 walk's "Since the fractional CIO … will also take over our patching and helpdesk,
# how many hours …?" went uncorrected). A premise's side is named otherwise.
_WORK_NAMES = re.compile(r"\b(help ?desk|it support)\b", re.I)


def _premise_sides(premise: str) -> set[str]:
    """The sides a premise names, its work aside (``_WORK_NAMES``)."""
    return _sides(_WORK_NAMES.sub(" ", premise))


_DETERMINER = re.compile(r"^(our|the|my|your|their|an?|this|that)\s+(current\s+|existing\s+)?", re.I)


# A premise giving its subject a duty, and the duty ("Our MSP already covers strategy", "… already does vendor
# management"): what the one-word reading of swapped_row compares (not "Our MSP sends monthly service reports … to the
# leadership team", whose "leadership" is the reader, a review of the labelled changes found).
_DUTY_VERBS = r"covers?|handles?|does|takes? care of|owns?|manages?|runs?|sets?|drives?|builds?|provides?|is responsible for|are responsible for|is in charge of|looks? after"
_DUTY = re.compile(rf"^[\w' -]*?\b(already\s+|also\s+|basically\s+|really\s+)*({_DUTY_VERBS})\s+(?P<what>.+)$", re.I)


def _plain(premise: str) -> str:
    """A premise without its opening determiner, an MSP's vCIO read as the MSP ("Our vCIO owns …" → "MSP owns …")."""
    return _DETERMINER.sub("", VCIO.sub("MSP", premise.strip()))


def _subject(premise: str) -> str | None:
    """The side a premise opens with, after its determiner ("Our MSP already takes care of …"), or None."""
    text = _plain(premise)
    return next((s for s, p in SIDES.items() if (m := p.match(text)) is not None and m.start() == 0), None)


# Where a premise's first clause ends: another clause or a new subject ("We use an MSP and our CEO and board want …").
_CLAUSE_END = re.compile(r"[,;.!?]|\bbut\b|\band (?=(our|the|we|they|my|their|his|her|its|a|an|i)\b)", re.I)


def premises(question: str) -> list[str]:
    """The first clauses of the statements ``question`` puts up before asking, where they name one side, plainly:
    the side and what is said of it ("Our MSP will build our roadmap and own the IT budget"), not a situation around it
    ("We use an MSP and our CEO and board want better answers" is about the CEO and board, a review found)."""
    q = question.replace("’", "'").strip()
    found = [_CLAUSE_END.split(m.group("s"), maxsplit=1)[0] for p in (_OPENS, _SO, _TAGGED) if (m := p.search(q))]
    return [s for s in found if len(_premise_sides(s)) == 1 and not NOT_PLAIN.search(s)]


def confirmed_statement(question: str) -> str | None:
    """The statement a question asks to have confirmed with a tag ("…, right?", "… Correct?"), asked as a question
    ("A fractional CIO would own the IT budget, correct?" → "A fractional CIO would own the IT budget?"), or None."""
    m = _TAGGED.search(question.replace("’", "'").strip())
    return f"{m.group('s').strip()}?" if m else None


@dataclass(frozen=True)
class ComparisonRow:
    """A table row whose columns are the two sides: its label's words, and each side's cell with that cell's words.
    Derived from the document once per snapshot (``IndexSnapshot.comparisons``), not on each answer."""

    label: frozenset[str]
    cells: Mapping[str, str]
    words: Mapping[str, frozenset[str]]


def comparison_row(p: Passage) -> ComparisonRow | None:
    """``p`` read as a :class:`ComparisonRow`, or None when it is not a table row with a column for each side."""
    if p.kind != "table_row":
        return None
    header, row = p.table_cells()
    if len(header) != len(row) or len(header) < 3:
        return None
    cells: dict[str, str] = {}
    for h, cell in zip(header[1:], row[1:], strict=True):
        named = _sides(h)
        if len(named) == 1:
            cells[named.pop()] = cell
    if set(cells) != set(SIDES):
        return None
    return ComparisonRow(frozenset(content_tokens(row[0])), cells, {s: frozenset(content_tokens(c)) for s, c in cells.items()})


def _side_words(rows: Sequence[tuple[int, ComparisonRow]]) -> dict[str, frozenset[str]]:
    """Every word the comparison rows give each side, over all its cells."""
    return {s: frozenset().union(*(c.words[s] for _, c in rows)) for s in SIDES}


def _own_words(rows: Sequence[tuple[int, ComparisonRow]]) -> dict[str, frozenset[str]]:
    """The words the rows give each side and never the other ("uptime" the MSP's, "roadmap" the leader's)."""
    words = _side_words(rows)
    return {s: words[s] - frozenset().union(*(w for o, w in words.items() if o != s)) for s in SIDES}


def swapped_row(question: str, rows: Sequence[tuple[int, ComparisonRow]]) -> int | None:
    """The index of a comparison row (among ``rows``) saying the other side does what the question's premise gives
    the side it names, or None."""
    for premise in premises(question):
        (side,) = _premise_sides(premise)
        other = next(s for s in SIDES if s != side)
        words = set(content_tokens(premise))
        for i, c in rows:
            if c.cells[side].startswith("✗") and c.cells[other].startswith("✓"):
                if len(words & c.label) >= _MIN_WORDS:  # "own the IT budget" against "IT budget ownership | ✗ | ✓ Core function"
                    return i
                continue
            shared = words & c.words[other]
            if shared and not words & c.words[side] and len(shared) + bool(words & c.label) >= _MIN_WORDS:
                return i
        # One word may decide when the tables give it to the other side on several rows and to this side on none
        # ("Our MSP already takes care of our IT strategy, so …" against "Focus | Uptime, tickets, devices, backups |
        # Technology strategy, governance, roadmap" and "Key deliverables | … | Technology roadmap, vendor strategy, …").
        # Only where the side is what the premise is about, its subject ("Our MSP …"; not "The point to stop relying on
        # managed IT alone is …", a true statement whose "technology" the tables give the leader alone).
        # And only where the duty uses none of the side's own words ("Our MSP already manages our technology
        # infrastructure and keeps it running": "running" is the MSP's; "Our fractional CIO already handles our vendor
        # contracts": "vendor" is the leader's; a review found both "corrected").
        duty = _DUTY.match(_plain(premise))
        if _subject(premise) != side or duty is None:
            continue
        words = set(content_tokens(duty.group("what")))
        if words & _side_words(rows)[side]:
            continue
        theirs = [(i, words & c.words[other]) for i, c in rows if words & c.words[other]]
        for word in sorted(words):
            giving = [i for i, shared in theirs if word in shared]
            if len(giving) >= _MIN_ROWS:
                return giving[0]
    return None


def _split_rather(asked: str) -> tuple[str, str]:
    """The question's words before "rather than" / "instead of", and those after it up to the clause's end ("" when
    there is no such contrast)."""
    m = RATHER_THAN.search(asked)
    if m is None:
        return asked, ""
    return asked[: m.start()], re.split(r"[,;?]", asked[m.end() :], maxsplit=1)[0]


def table_verdict(question: str, rows: Sequence[tuple[int, ComparisonRow]]) -> tuple[int, Verdict] | None:
    """The comparison row (its index among ``rows``) answering a yes/no question about what one side does, and
    its yes or no: "Can our MSP's vCIO give us
    an unbiased review of the MSP's own performance?" against "Independent MSP performance review | ✗ Conflict of
    interest | ✓ Core function" is a no; "Does a fractional CTO own the priorities, tradeoffs and vendor direction?"
    against "Decision role | Owns priorities, tradeoffs, vendor direction | Executes agreed support work" a yes.

    The question's last sentence names one side plainly (not overstating or turned: questions.OVERSTATED, the section
    rule's turns, a negation or hedge) and uses at least half of a ✓ / ✗ row's label (two words or more), or two words
    of one side's cell and none of the other's. Asked "X rather than / instead of Y" (since stop 32), the part before
    is read so, the contrast must hold no negation or hedge, and the row must give X's words (with its label's) to one
    side and Y's to the other; a ✓ / ✗ row is read as for any question (it speaks of the asked thing alone). The caller asks only where the verdict model and the other rules are
    silent. Checked on the labelled sets (stop 31, read only): where every other rule is silent it speaks on 10 yes/no
    questions, 9 right; the wrong one asks whether "we need someone independent" (a third party, not the side named).
    Before, as a verdict wherever the model was silent and without these limits, a ✓ / ✗ reading was 25 right of 31.
    """
    asked = last_sentence(question).replace("’", "'")
    # "… report to our CEO or the board rather than to our IT manager?": what is asked, and what it is asked against
    # (the contrast read below, so its words turn nothing).
    said, against = _split_rather(asked)
    named = _sides(said)
    if len(named) != 1 or OVERSTATED.search(said) or TURNS_QUESTION.search(said) or NOT_PLAIN.search(said) or NOT_PLAIN.search(against):
        return None
    (side,) = named
    other = next(s for s in SIDES if s != side)
    # A contrast naming only the other side ("… own the IT budget instead of the MSP?") is read as the rows read any question.
    words, contrast = set(content_tokens(said)), set(content_tokens(without_sides(VCIO.sub(" MSP ", against))))
    bare = set(content_tokens(without_sides(said)))
    readings: tuple[tuple[str, str, Verdict], ...] = ((side, other, "yes"), (other, side, "no"))
    loose: tuple[int, Verdict] | None = None
    for i, c in rows:
        own, theirs = c.cells[side], c.cells[other]
        if own[:1] in ("✗", "✓") or theirs[:1] in ("✗", "✓"):  # a ✓ / ✗ row says it of the asked thing alone, contrast or not
            shared = len(words & c.label)
            if shared >= _MIN_WORDS and shared >= len(c.label) / 2:
                if own.startswith("✓"):
                    return i, "yes"
                if own.startswith("✗") and theirs.startswith("✓"):
                    return i, "no"
            continue
        if contrast:
            # Asked against something: the asked words in one side's cell (with the row's label) and the contrasted ones in
            # the other's ("Reports to | IT manager, operations lead, … | CEO, CFO, or board of directors").
            for cell, rest, verdict in readings:
                mine = words & c.words[cell]
                if mine and len(mine | (words & c.label)) >= _MIN_WORDS and contrast & c.words[rest] and not words & c.words[rest]:
                    return i, verdict
            continue
        if len(words & c.words[side]) >= _MIN_WORDS and not words & c.words[other]:
            return i, "yes"
        if len(words & c.words[other]) >= _MIN_WORDS and not words & c.words[side]:
            return i, "no"
        if loose is None:
            # Else one word of a side's cell with the row's label ("Does a fractional CIO usually report to the company's
            # IT manager?": "report" and "manager"; a stop-34 blind walk's, which had no verdict), the first such row, only
            # when no row reads as above (labelled, one read so first took a right lead's place).
            label = words & c.label
            for cell, rest, verdict in readings:
                mine = bare & c.words[cell]  # not the side's own name: "IT executive" is not the MSP's "Executes agreed support work"
                if mine and len(mine | label) >= _MIN_WORDS and not words & c.words[rest]:
                    loose = (i, verdict)
                    break
    return loose


# A side named for its duty, not as a party ("Our help desk is slow …" is the duty, not the MSP): not a clause's subject.
_DUTY_NAME = re.compile(r"^(help ?desk|it support)$", re.I)
_CONCLUDES = re.compile(r"\b(so|since|because|therefore|which means|if|unless|then)\b", re.I)


_CLAUSE_OPEN = re.compile(r"^[\s,;—–-]*(?:and|while|whereas|but|plus|with)?\s*", re.I)


def _clauses(statement: str) -> list[tuple[str, str]] | None:
    """``statement`` cut where the side it speaks of changes, each part with its side ("The MSP runs day-to-day operations
    and | the fractional CIO sets strategy"), or None unless the names of the two sides come in two runs, one side's then
    the other's (either side first; a side may be named more than once in its run)."""
    text = VCIO.sub(" MSP ", statement)
    found = sorted((m.start(), s) for s, p in SIDES.items() for m in p.finditer(text) if not _DUTY_NAME.match(m.group(0)))
    changes = [k for k in range(1, len(found)) if found[k][1] != found[k - 1][1]]
    if len(changes) != 1:
        return None  # one side, or the sides named back and forth: not a division of labour
    cut = found[changes[0]][0]
    return [(found[0][1], text[:cut]), (found[changes[0]][1], text[cut:])]


def divided_row(statement: str | None, rows: Sequence[tuple[int, ComparisonRow]]) -> tuple[int, Verdict] | None:
    """A statement dividing the work between the two sides, read against the comparison tables: "yes" when each side's
    part uses words the tables give that side alone ("The MSP runs day-to-day operations and the fractional CIO sets
    strategy — correct?", a stop-32 blind walk's "No."), "no" when each uses only the other side's ("The MSP's incentive
    is demonstrable impact on business outcomes, while the fractional exec is driven by contract renewal, right?"); with
    the row sharing the most of those words (a "no"'s correction leads with it). None for anything else: a part with no such
    word or with both sides' words, a negation or hedge, an overstatement, or a conclusion drawn ("Our help desk is slow,
    so we need executive strategy" is no division). Only for a statement put up with a tag (confirmed_statement).

    Labelled sets (stop 33, read only): it speaks on 4 tagged statements, all rightly (2 yes where the verdict model was
    silent, 2 no it already said); nothing else. Nothing here is fit."""
    if statement is None or NOT_PLAIN.search(statement) or OVERSTATED.search(statement) or _CONCLUDES.search(statement):
        return None
    parts = _clauses(statement.rstrip("?"))
    if parts is None or not rows:
        return None
    only = _own_words(rows)
    readings: list[bool] = []
    said: list[tuple[str, set[str]]] = []
    for side, part in parts:
        other = next(s for s in SIDES if s != side)
        words = set(content_tokens(without_sides(part)))
        mine, theirs = words & only[side], words & only[other]
        if bool(mine) == bool(theirs):
            return None
        readings.append(bool(mine))
        said.append((side if mine else other, mine or theirs))
    if readings[0] != readings[1]:
        return None
    if readings[0] and not all(_ASSIGNS.match(_after_subject(_CLAUSE_OPEN.sub("", part))) for _, part in parts):
        return None  # each part gives its side a duty ("Our MSP struggles with backups … while our fractional CIO struggles with …": no)
    best = max(rows, key=lambda ic: sum(len(w & ic[1].words[s]) for s, w in said))
    return best[0], "yes" if readings[0] else "no"


def confirmed_duty(statement: str | None, rows: Sequence[tuple[int, ComparisonRow]]) -> bool:
    """Whether a statement put up with a tag gives its subject, one side, what the comparison tables give that side alone,
    in two words or more and none of the other side's ("MSPs are measured on stuff like uptime, how fast tickets get
    resolved, and response speed, aren't they?", "managed IT is basically help desk, patching, endpoint management,
    backups and network monitoring, right?"): the mirror of :func:`swapped_row`. Plainly said only (no negation, hedge,
    overstatement or conclusion drawn: "Our MSP already handles patching and backups, so they own our tech strategy too,
    right?" is no such statement), and only with the side as the subject ("The point to stop relying on managed IT alone
    is when technology starts shaping growth …" is about the point).

    Labelled sets (stop 33, read only): 3 true statements the verdict model answered "No." or left unsaid get "Yes.";
    no other answer changes. Nothing here is fit."""
    if statement is None or NOT_PLAIN.search(statement) or OVERSTATED.search(statement) or _CONCLUDES.search(statement):
        return False
    text = statement.rstrip("?")
    if VCIO.search(text):
        return False  # an MSP's vCIO is the MSP's, but its duties are not the MSP's operations ("Our vCIO handles patching …")
    named = _sides(text)
    if len(named) != 1 or not rows:
        return False
    (side,) = named
    if _subject(text) != side or not _ASSIGNS.match(_after_subject(text)):
        return False
    other = next(s for s in SIDES if s != side)
    only = _own_words(rows)
    words = set(content_tokens(without_sides(text)))
    return len(words & only[side]) >= _MIN_WORDS and not words & only[other]


# What a statement says its subject side does, right after naming it: a duty given ("runs", "handles", "is measured on",
# "is built for", "is basically", "reports to", "for"), not how well it does it ("MSPs are bad at uptime …", "Our MSP
# stopped monitoring …", "… outsource their help desk tickets": a review found each read as confirmed).
_ASSIGNS = re.compile(
    r"^(?:(?:already|also|basically|really|usually|typically|mostly|is|are|the one|the ones|who|that)\s+)*"
    rf"(?:{_DUTY_VERBS}|handling|do|keeps?|executes?|oversees?|leads?|delivers?|gives?|reports? to|answers? to|responsible for|"
    r"in charge of|(?:measured|judged) (?:on|by)|built for|basically|for|focused on|focus(?:es)? on)\b",
    re.I,
)


_ROLE_WORDS = re.compile(r"^(?:'s|’s)?\s*(?:(?:cio|cto|ciso|vciso|vcio|it|executive|exec|leader|leadership|officer|part-time|interim|provider|providers|services?|partner|or|/)\b\s*)*", re.I)


def _after_subject(text: str) -> str:
    """``text`` after the first side it names, less the rest of that name ("The MSP runs day-to-day operations" → "runs
    day-to-day operations"; "… a fractional CIO or vCISO for strategy" → "for strategy"), or "" when it names none."""
    found = [m for p in SIDES.values() if (m := p.search(text)) is not None]
    if not found:
        return ""
    first = min(found, key=lambda m: m.start())
    return _ROLE_WORDS.sub("", text[first.end() :]).lstrip(" ,—–-")

