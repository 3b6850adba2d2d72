"""A "Yes." to a question asking whether the fractional leader does something the articles list as its work.

"Can a fractional IT executive lead hiring decisions for our technical roles?", "We need to pick a new ERP. Can a
fractional CIO guide that decision?", "Is that something a fractional CIO would take on?": the articles answer these
in lists of what each side does ("Their work centers on: … - IT organization design — advising on what IT
capabilities to build internally vs. outsource …"), not in a sentence the question echoes (advisor.echo), and the
verdict model, reading the question alone, leaves most of them unsaid (stop 35: 14 such "yes" questions of the
labelled sets had no verdict). When the question's closest listed duty (by the stored item vectors: no encoding on the
answer path) is the leader's, close enough, and closer than any of the MSP's, the answer is yes, and the list saying
so leads.

Only "yes", only for the leader, and only for a question asking what it does: the MSP's lists are matched by "Should
our MSP be the one deciding which vendors we drop?" ("Vendor management — coordinating with ISPs …") whose answer is
no, and a "No." from the MSP's list being closer would quote a list that says what the MSP does, not that the leader
does not ("will a fractional it exec watch our firewall logs": 2 such labelled questions, too few to fit a margin on).

And a "No." to the same question about the MSP when what the articles say the MSP is not designed or structured to do
is closer to it, by a margin, than anything they list as the MSP's work ("Will our MSP decide which vendors we should
drop and what next year's roadmap looks like?" against "What MSPs are generally not designed to do is tell you whether
your current technology stack is the right one …"; "Does our MSP own the IT budget?" against the list under "What an MSP
is not structured to do is … ask the harder questions: - Is your technology budget allocated to the right things?").

The duties are derived from the documents once per snapshot (``IndexSnapshot.duties``): a list whose lead-in's last
sentence names a side and states no condition or sign ("You need an MSP when:", "… if any of the following sounds
familiar:" list triggers, not work) and no negation ("What an MSP is not structured to do is …:"). The side is the
last one the lead-in names ("Where an MSP manages the present, a fractional IT executive designs the future. Their
work centers on:" lists the executive's work). A newly added article's lists are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from advisor.echo import NAMES  # the sides as the articles' sentences name them ("managed services provider" too)
from advisor.passage import Passage
from advisor.questions import OVERSTATED, last_sentence
from advisor.text import split_sentences
from advisor.units import Unit

# The similarity (question vector · stored item vector, both unit length) a listed duty must reach. Read off the
# labelled capability questions (train, dev and train/held/, stop 35) the rest of the answer path leaves without a
# verdict: every one at or above 0.43 is "yes" (12), and so is every one down to 0.39 once the MSP's closer lists are
# set aside; the first "no" comes at 0.29 ("Does a fractional CIO write a roadmap once and then file it away?",
# "IT roadmap. Building and maintaining …"). 0.4 sits in that clean band, nearer its top.
DUTY_COS = 0.4
# How much closer than the MSP's closest listed work what it is not designed to do must be for a "No.". Read off the
# labelled MSP capability questions (train, dev and train/held/, stop 35): every "no" sits 0.11 or more closer to what
# the MSP does not do, every "yes" 0.08 or less ("Will our MSP actually tighten up if they know a senior IT person is
# reviewing their work?"); 0.1 splits them.
NOT_ITS_WORK_MARGIN = 0.1

_NOT_WORK = re.compile(r"\b(when|whenever|if|unless|familiar|questions?|signs?|sounds)\b", re.I)  # triggers, signs, checklists
_NEGATION = re.compile(r"\b(not|no|never|cannot|without|neither|nor)\b|n't\b", re.I)

_LEADER = r"(?:fractional|interim|part-time|virtual|outsourced|independent)\s+(?:it\s+|technology\s+)?(?:cio|cto|exec(?:utive)?|leader(?:ship)?)s?"
_MSP = r"(?:msps?|managed (?:it|service)\w*)"


def _does_it(subject: str) -> re.Pattern[str]:
    """An auxiliary, ``subject`` as its subject, then what it would do: "Can a fractional IT executive lead …?", "Will our
    MSP decide …?", "Should our fractional CIO be the one overseeing …?" (not "be …": "Would a fractional CIO be worth it?"
    asks no duty; "be the one …" does)."""
    # Or the side as what the asker would have do it: "Can we just have our MSP handle the technology side of the due
    # diligence?" (a stop-37 walk's). A prospect's or client's too ("Prospect is getting ready for an acquisition. Can their
    # MSP handle the IT due diligence?", a stop-41 walk's salesperson, had "Yes.").
    return re.compile(
        rf"^\s*(?:(?:so|and|but|also|then|ok(?:ay)?|honestly),?\s+)?(?:can|could|will|would|does|do|should)\s+"
        rf"(?:(?:we|i|they)\s+(?:just\s+|simply\s+)?(?:have|let|get)\s+)?(?:an?|the|our|your|my|this|that|their|his|her)\s+"
        rf"{subject}\b(?:'s)?\s+(?:\w+ly\s+)?(?:to\s+)?(?!be\b(?! the one\b))\w+",
        re.I,
    )


_DOES_IT = {"leader": _does_it(_LEADER), "msp": _does_it(_MSP)}
# A sentence saying what the MSP is not (designed, structured, incentivized) to do, the MSP its subject.
_MSP_DOES_NOT = re.compile(r"\b(an msp|msps|the msp|your msp|managed it|managed service providers?)\b[^.,;:—]{0,40}\b(not|n't|never)\b", re.I)
# "Is that a fractional CTO job?", "should that be a fractional CTO's job?", "Is that something a fractional CIO would
# take on?", "is cyber risk reporting … part of what a fractional cto does": the work named, asked whose it is.
_ITS_JOB = re.compile(
    rf"\b(?:is|should|would)\s+(?:that|this|it|those|these)\b.*\b(?:{_LEADER}(?:'s)?\s+(?:job|role|territory|responsibility|remit)"
    rf"|something\s+(?:an?|the|our)\s+{_LEADER}\s+(?:would|does|could|will|can|should)"
    rf"|part of what\s+(?:an?|the|our)\s+{_LEADER}\s+(?:does|would do|handles?))\b",
    re.I,
)
# Asked whether it is worth, enough, cheaper, needed, the right fit, the same, in time …: a judgement, not a duty (other
# rules and the verdict model answer those); the same question about a side's price or need is never a list's "yes".
_JUDGEMENT = re.compile(
    r"\b(worth|enough|cheap\w*|expensive|costs?|price|pricing|sense|fit|right|best|overkill|premature|replace\w*|instead|rather|"
    r"necessary|need|afford|first|before|after|same|different|better|time|full-time|good|great)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Duty:
    """An item of a list saying what one side does: the passage and unit it is, and whose work it lists."""

    passage: int
    unit: int
    side: str
    does: bool = True  # False: something the articles say this side is not designed to do


def _named(text: str) -> list[str]:
    """The sides ``text`` names, in the order it names them."""
    return [side for _, side in sorted((m.start(), side) for side, p in NAMES.items() for m in p.finditer(text))]


def duties_of(passages: Sequence[Passage], units: Sequence[Sequence[Unit]]) -> tuple[Duty, ...]:
    """Every listed duty of the corpus (see the module docstring for which lists are duties)."""
    out: list[Duty] = []
    for i, (p, us) in enumerate(zip(passages, units, strict=True)):
        out.extend(_not_its_work(i, p, us))
        if p.kind != "list" or not p.lead_in.strip():
            continue
        named = _named(p.lead_in)
        last = (split_sentences(p.lead_in.strip()) or [""])[-1]
        if not named or _NOT_WORK.search(last) or _NEGATION.search(last):
            continue
        out.extend(Duty(i, k, named[-1]) for k, u in enumerate(us) if u.kind == "item")
    return tuple(out)


def _not_its_work(i: int, p: Passage, units: Sequence[Unit]) -> list[Duty]:
    """The units of passage ``i`` saying what the MSP is not designed to do: a sentence with the MSP its negated subject,
    or an item of a list whose lead-in is such a sentence; none that names the leader too ("Your MSP and a fractional CIO
    are not competing for the same role." says what they are, not what the MSP does not do)."""
    lead_says = p.kind == "list" and bool(_MSP_DOES_NOT.search(p.lead_in)) and not NAMES["leader"].search(p.lead_in)
    return [
        Duty(i, k, "msp", does=False)
        for k, u in enumerate(units)
        if not NAMES["leader"].search(u.text) and ((u.kind == "item" and lead_says) or (u.kind != "item" and _MSP_DOES_NOT.search(u.text)))
    ]


# The MSP as what the leader is compared with ("… judge success by uptime … like an MSP does?"), not worked on.
_LIKE_THE_MSP = re.compile(rf"\b(like|as|than|the way|unlike)\s+(?:\w+\s+){{0,2}}{_MSP}", re.I)


def asked_duty(question: str) -> str | None:
    """The side whose work the question's last sentence asks about ("leader", "msp"), naming only that side (or the MSP as what the leader's work is done to) and judging
    nothing; else None."""
    asked = last_sentence(question).replace("’", "'")
    if _JUDGEMENT.search(asked) or _NEGATION.search(asked):
        return None
    # An overstating word ("Can a fractional CIO just run everything?") asks more than a listed duty says yes to; asked of
    # the MSP it only sharpens the no ("Can we just have our MSP handle the technology side of the due diligence?", a
    # stop-37 walk's, had no verdict).
    leader_ok = not OVERSTATED.search(asked)
    does = _DOES_IT["leader"].search(asked)
    if leader_ok and (does or _ITS_JOB.search(asked)) and not NAMES["msp"].search(asked):
        return "leader"
    # The MSP as what the leader's work is done to ("Can a fractional CIO manage our MSP for us?", "Will a fractional CIO
    # hold our MSP accountable?"): still a question about the leader's work.
    if leader_ok and does and not NAMES["msp"].search(asked[: does.end()]) and not _LIKE_THE_MSP.search(asked):
        return "leader"
    if _DOES_IT["msp"].search(asked) and not NAMES["leader"].search(asked):
        return "msp"
    return None


@dataclass(frozen=True, slots=True)
class DutyRuling:
    """What the listed work says to a question about one side's work: the verdict, the passage saying it, how close."""

    verdict: Literal["yes", "no"]
    passage: int
    similarity: float


def duty_ruling(side: str, duties: Sequence[Duty], unit_vectors: Sequence[np.ndarray], q_vec: np.ndarray) -> DutyRuling | None:
    """For a question asking about ``side``'s work (:func:`asked_duty`): "yes" from the leader's listed work closest to
    ``q_vec``, close enough (``DUTY_COS``) and closer than all the MSP's; "no" from what the MSP is not designed to do,
    close enough and closer by ``NOT_ITS_WORK_MARGIN`` than all the MSP's listed work; else None."""
    best: dict[tuple[str, bool], tuple[float, int]] = {}
    for d in duties:
        sim = float(unit_vectors[d.passage][d.unit] @ q_vec)
        if sim > best.get((d.side, d.does), (-1.0, -1))[0]:
            best[(d.side, d.does)] = (sim, d.passage)
    # The yes reads the leader's work against the MSP's; the no what the MSP does not do against what it does.
    sim, passage = best.get((side, side == "leader"), (-1.0, -1))
    rival = best.get(("msp", True), (-1.0, -1))[0]
    margin = 0.0 if side == "leader" else NOT_ITS_WORK_MARGIN
    if sim < DUTY_COS or sim <= rival or sim - rival < margin:
        return None
    return DutyRuling("yes" if side == "leader" else "no", passage, sim)
