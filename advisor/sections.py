"""A verdict read from the section the answer leads with: "When You Need an MSP" says yes to "Is an MSP enough?".

The articles answer "which one do we need?" in sections named for one side: "When You Need an MSP",
"When You Need a Fractional IT Leader", "When managed IT is enough", "When a fractional CTO is the
better fit", "Signs Your Company Needs a Fractional CIO". When the ranker leads an answer with such a
section and the question proposes one side ("Can our MSP handle the PE diligence questions?",
"Our IT director just resigned. Can a fractional exec cover?"), the section's side is the articles'
answer: yes when it is the side proposed, no when it is the other. The verdict model reads the
question alone and leaves many of these unsaid; this reads them where it is silent, never against it.

Rules, not a fit: nothing here is learned, and the sets it was checked on were only read. End to end, on
the labelled questions the verdict model leaves without a verdict, it adds 22 right verdicts and 4 wrong:
train 4 / 2, dev 6 / 0, and the labelled questions of ``train/held/`` (never trained on) 12 / 2. The wrong
ones: three "it depends" questions answered yes ("is managed it enough?") and a lead from the wrong
section. (It also speaks on 3 questions labelled as asking none, rightly by the articles: "Is a
fractional CTO cheaper than hiring a full-time CTO?" → yes.)
Where the model does speak, the two disagree on 10 questions and the model is right on 6: so this is a
fallback, never a veto.

It stays silent when the question turns its proposal ("Should we hold off on a fractional CIO?",
"… just hire a part-time CTO …", "replace", "instead", "premature", "too small") or asks it negatively ("Is an
MSP a bad idea …?", "the wrong call", "not", "n't"), does not end its last
sentence with a question mark, or names both sides or neither there; for a section whose name turns the
other way ("When should you stop using managed IT alone?": "stop", "alone", "instead"). A section naming one side
to rule it out ("Signs Your Company Needs a Better MSP (Not a Fractional CIO)") names the other (since stop 32; the
answerer reads it only for an asker whose stated situation is one of its conditions). The caller asks
it only for a yes/no question that is not a choice between two ("interim or fractional?").
"""

from __future__ import annotations

import re
from functools import lru_cache

from advisor.models import Verdict
from advisor.passage import Passage
from advisor.questions import OVERSTATED, RATHER_THAN, SIDES, VCIO, last_sentence, opens_as_yes_no, side_of

_NEED = re.compile(r"\b(when|signs?|fit|enough|need|needs)\b", re.I)  # a section saying when one side is the answer
_TURNS_SECTION = re.compile(r"\b(stop|alone|instead|rather)\b", re.I)
# Beyond an overstatement (questions.OVERSTATED: "just", "replace", "instead of", …): words that turn the proposal or ask it negatively.
TURNS_QUESTION = re.compile(
    r"\b(only|basically|instead|hold off|wait|delay|postpone|skip|avoid|stop|drop|cancel|rather than|without|"
    r"premature|too (small|early|soon|big|late)|overkill|not|bad|wrong|mistake|waste|unnecessary|overrated|overpriced|risky)\b|n't\b",
    re.I,
)


_RULED_OUT = re.compile(r"\bnot (?:an? )?([^),.;:?]*)", re.I)  # "(Not a Fractional CIO)": up to the bracket or punctuation


def _ruled_out(section: str) -> frozenset[str]:
    """The sides a section names after "not" ("… a Better MSP (Not a Fractional CIO)" → the leader's)."""
    return frozenset(side_of(" ".join(m.group(1) for m in _RULED_OUT.finditer(section))))


def section_side(section: str) -> frozenset[str]:
    """The sides a section names, less one it rules out ("… a Better MSP (Not a Fractional CIO)" → the MSP's)."""
    return frozenset(side_of(_RULED_OUT.sub(" ", section))) - _ruled_out(section)


def rules_out(section: str) -> bool:
    """Whether a section names a side to rule it out ("… a Better MSP (Not a Fractional CIO)"): a caveat with conditions."""
    return bool(_ruled_out(section))


@lru_cache(maxsize=256)
def when_side(section: str) -> frozenset[str]:
    """The side a section says when to choose ("When You Need an MSP", "Signs Your Company Needs a Fractional CIO",
    "… a Better MSP (Not a Fractional CIO)": the one it does not rule out), or none (a section saying no such thing, or
    turning the other way: "When should you stop using managed IT alone?"). Cached: the answerer asks it of every
    list it considers, and a corpus has a few dozen sections."""
    if not _NEED.search(section) or _TURNS_SECTION.search(section):
        return frozenset()
    return section_side(section)


# "Is that enough …?", "Does that cover …?": a pronoun standing for what was said before, as what is asked about (not a
# filler "it": "Is it wise to get outside help …?", nor "Is this the point where …?", a review's).
_POINTS_BACK_TO = re.compile(r"^\s*(is|are|does|do|will|would|can|could)\s+(that|this|they|it)\s+(enough|sufficient|adequate|cover|covers|handle|good enough)\b", re.I)


# The asker's own doubt closing a proposal ("Should we bring in a fractional CIO, or is that really just overkill for us?",
# "Do we actually need a fractional CIO, or is this overkill?", two stop-38 walks' long situations left without a verdict):
# the proposal is what is asked yes or no; the doubt is its "no" put in words, not a second option.
_DOUBT_TAIL = re.compile(r",?\s+or\s+(?:is|are|would|will)\s+(?:this|that|it)\b[^?]*\?\s*$", re.I)


def proposed_side(question: str, loosely: bool = False) -> frozenset[str] | None:
    """The one side the question's last sentence proposes, plainly (asked with a question mark, not overstated or
    turned: ``TURNS_QUESTION``), or None. ``loosely``: an overstating word allowed, and a pronoun asked about pointing
    back to the only side the question names ("Our MSP is solid. Is that enough …?")."""
    asked = _DOUBT_TAIL.sub("?", last_sentence(question))
    if "?" not in question and opens_as_yes_no(asked):
        # Typed without its question mark ("our only IT person just gave notice. can a fractional cio help keep things
        # together", labelled "yes" and left without one): asked all the same when it opens as a question (not "We are hiring
        # a fractional CIO next month", a review's).
        asked = asked.rstrip(" .!") + "?"
    if not asked.rstrip().endswith("?") or TURNS_QUESTION.search(asked) or (not loosely and OVERSTATED.search(asked)):
        return None
    proposed = side_of(asked)
    if loosely and not proposed and _POINTS_BACK_TO.search(asked):
        # (A vCIO named beside the MSP is the MSP's, as the articles have it: "We have an MSP and a vCIO who meets us
        # quarterly. … Is that enough for SOC 2?", a stop-40 walk's, had no verdict.)
        proposed = side_of(VCIO.sub("MSP", question))
    return frozenset(proposed) if len(proposed) == 1 else None


def preferred_side(question: str) -> frozenset[str] | None:
    """The side a question's last sentence proposes over the other ("… a better MSP rather than hire a fractional CIO?"):
    one side named before "rather than" / "instead of", the other after it; else None."""
    asked = last_sentence(question)
    m = RATHER_THAN.search(asked)
    if m is None:
        return None
    before, after = side_of(asked[: m.start()]), side_of(asked[m.end() :])
    return frozenset(before) if len(before) == 1 and len(after) == 1 and before != after else None


def section_verdict(question: str, section: str) -> Verdict | None:
    """Yes when the lead passage's ``section`` (its innermost heading) says when to choose the side the question's
    last sentence proposes, no when it names the other side; None when either does not say one side plainly."""
    # "Signs Your Company Needs a Better MSP (Not a Fractional CIO)" names both, the one it rules out after "not": the
    # other is its side (since stop 32; it had been read as a caveat, and a blind walk's small, settled company got "Yes."
    # to "Do we need a fractional CIO?" from the list of signs it led with before this one).
    answered = when_side(section)
    if len(answered) != 1:
        return None
    proposed = proposed_side(question)
    if proposed is not None:
        return "yes" if answered == proposed else "no"
    # A side proposed with an overstating word ("Can we just have our MSP handle the IT due diligence?") or by pointing
    # back to the one side the question names ("Our MSP is solid. Is that enough IT coverage for the deal?"), answered by
    # a section naming the other side: no (stop-34 blind walks; yes would need the proposal plainly).
    leaning = proposed_side(question, loosely=True)
    return "no" if leaning is not None and leaning != answered else None


# A table column saying which side fits a row's situation ("| Situation | Best fit | Why |"): its cell answers as a
# section named for one side does. "Both" and "X plus Y" name both, and say yes to either.
_FIT_COLUMN = re.compile(r"\b(best fit|fit|choose|recommend\w*|answer)\b", re.I)
_BOTH = re.compile(r"\b(both|plus|and|with)\b", re.I)  # "Both", "Fractional CTO plus strong IT"


def fit_cell_sides(p: Passage) -> frozenset[str]:
    """The sides a table row's "best fit" cell names ("Fractional CTO plus strong IT", "Both": both); none for a passage
    that is no such row."""
    if p.kind != "table_row":
        return frozenset()
    header, row = p.table_cells()
    fit = next((cell for h, cell in zip(header, row, strict=False) if _FIT_COLUMN.search(h) and not side_of(h)), None)
    if fit is None:
        return frozenset()
    return frozenset(SIDES) if _BOTH.search(fit) else frozenset(side_of(fit))


def row_verdict(question: str, p: Passage) -> Verdict | None:
    """Yes when the lead passage is a table row whose "best fit" cell names the side the question's last sentence
    proposes ("Our board wants clearer reporting on risk … Is that a sign we need a fractional CTO?" against "The board
    wants clearer reporting on risk, vendors, and spend | Fractional CTO plus strong IT"), no when it names only the other;
    None otherwise, on the same terms as :func:`section_verdict`."""
    answered = fit_cell_sides(p)
    proposed = proposed_side(question) if answered else None
    if proposed is None:
        return None
    return "yes" if proposed <= answered else "no"
