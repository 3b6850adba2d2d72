"""What kind of question is this? Named cue patterns, shared by the ranker's features and composition.

The types decide how an answer is composed (a verdict first, figures for each side, steps in
order, both sides of a comparison, the triggers of a when-question) and are features of the
learned ranker, so their weight is fit on data rather than set here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from advisor.text import split_sentences

# Each pattern is what users write for that kind of question (from the product's own questions
# and the shapes in train/; the ranker learns how much each matters). "How do I respond / handle
# that?" asks for a reply to an objection, not for steps (a whole checklist had answered it); "handle IT" (upper case) is the
# department, asked as steps.
_REPLY = (  # to an objection
    r"(respond|reply|answer|react|counter|push back|(handle|address) (that|this|(?-i:it)|them|the objection|objections)|"
    r"address (the|their|that|this) (concern|worry|fear|pushback)s?)\b"
)
_PRICE_WORDS = r"how much|costs?|costing|price[ds]?|pricing|fees?|charges?|salary|salaries|expensive|cheap|cheaper|cheapest|afford|rates?|retainer|expect to pay|(typically|usually|normally) pay|pay per"
# A cost question that asks a price (not "Who should own our IT budget?"): composition gives it figures.
# "Budget" as a verb asks a price too ("What should we budget for an MSP vs a fractional IT leader?", a blind walk's), and
# so does "What am I actually saving if I go fractional instead of hiring one full-time?" (a stop-37 walk's, answered with
# no figure). Not in CUES: the ranker was fit on those.
# "Ballpark, what would a fractional cio run for a ~200 person company?" too (a labelled question led by the full-time salary).
ASKS_PRICE = re.compile(
    rf"\b({_PRICE_WORDS}|(we|i|to|you) budget|what (am i|are we|would we|will we|do we|would i|will i) (actually |really )?sav(e|ing)|ballpark|"
    r"what (does|do|would|will|should) [^?]{0,40}\brun (us|me|you|per|a month|monthly|annually|a year)\b(?! (day|week)[- ]to)|what [^?]{0,40}\bruns? per\b)\b",
    re.I,
)
# A question asking for the signs (triggers, red flags): composition shows the whole list. Plurals, or "sign of /
# that": "… so we should sign one up this month, right?" asks for none (the "when" cue below, a fit feature, does not tell).
ASKS_SIGNS = re.compile(r"\b(signs|signals|triggers|red flags|symptoms|warning signs|(sign|signal|trigger|red flag|symptom) (of|that))\b", re.I)
# Cutting or controlling costs asks how, not what anything costs ("Can a fractional CTO help us get IT spend under
# control, or is cost cutting an MSP thing?", a dev question led by the pricing row; "Who can help us cut IT costs?"):
# masked before the price words are looked for, by the "cost" cue (a fitted feature: refit with it) and asks_price.
_SPEND_CONTROL = re.compile(
    r"\b(cost[- ](cutting|control|reduction|optimi[sz]ation|overruns?)|"
    r"(cut|cutting|reduce|reducing|control|controlling|trim|trimming|rein in|optimi[sz]e|optimi[sz]ing)"
    r"(\s+(our|the|it|tech|technology|its|their|down|back|in))*\s+(costs?|spend|spending)|(costs?|spend|spending) (down|under control|in check))\b",
    re.I,
)


def _priced_words(question: str) -> str:
    """The question with its cost-cutting phrases (:data:`_SPEND_CONTROL`) masked: what is left may ask a price."""
    return _SPEND_CONTROL.sub("…", question)


def asks_price(question: str) -> bool:
    """Whether the question asks what something costs (:data:`ASKS_PRICE`, outside a cost-cutting phrase)."""
    return bool(ASKS_PRICE.search(_priced_words(question)))


CUES: dict[str, re.Pattern[str]] = {
    "cost": re.compile(rf"\b({_PRICE_WORDS}|budget|spend)\b", re.I),
    "steps": re.compile(
        rf"\b(how (do|should|can|would) (i|we|you)(?! {_REPLY})|how to(?! {_REPLY})|steps?|process|sequence|where (do|should) (i|we) start|what order|first step|"
        r"go about|walk me through|approach)\b",
        re.I,
    ),
    # "sign" as a noun ("is that a sign we need …?"), not the verb ("we're about to sign a fractional CIO": a blind walk's
    # how-question answered with the "signs you need one" list). No labelled question has the verb: the fit is unchanged.
    "when": re.compile(r"\b(when|signs|sign(?!\s+(a|an|the|up|on|off|with|our|my|it|them|one|contracts?)\b)|how (do|can|would) (i|we) (know|tell)|triggers?|at what point|time to|red flags?|symptoms?)\b", re.I),
    "compare": re.compile(r"\b(vs\.?|versus|difference|differ|different|compare|comparison|better than|instead of|same as|or an?\b|that an? .* (does not|doesn't|do not|don't))", re.I),
    "yesno": re.compile(r"^\s*(is|are|do|does|did|can|could|should|would|will|has|have|was|were|am|isn't|aren't|don't|doesn't)\b", re.I),
    # Only outside a clause a wh-word opens (shape(): "How should I respond?" asks for a reply, not whether to).
    "should": re.compile(r"\b(should (i|we)|do (i|we) (really )?need|is it worth|worth it|would you recommend|makes? sense)\b", re.I),
    # A premise stated, then checked: "Since …", a tag ("…, right?", "…, yeah?", "…, don't we?", "… — isn't that right?"),
    # or a conclusion drawn from it in the same sentence ("The only real cost difference is the fee, so we should just go
    # with the cheaper option?"; "…, so what should we do first?" asks afresh). In train/, dev and train/held/, the tags and
    # ", so …?" this adds mark 26 questions: 24 labelled false premises, 2 yes/no. (The fitted models read exactly this
    # cue; _STATED_PREMISE below widens what is corrected and asked a verdict of, without refitting them.)
    "premise": re.compile(
        r"^\s*(since|given that|because|as|now that|considering)\b|[,—–]\s*(right|correct|true|yeah|yes|ok|okay)\?\s*$|"
        r"[,—–]\s*(isn't|aren't|don't|doesn't|won't|wouldn't|shouldn't|can't|didn't|haven't|hasn't)\s+(it|they|we|he|she|that|there|you|i)(\s+right)?\?\s*$|"
        r",\s*so\s+(?!(what|how|when|which|who|where)\b)[^.?!]*\?\s*$|\b(isn't it|aren't they|i (heard|read) that|everyone says)\b",
        re.I,
    ),
    "who": re.compile(r"^\s*(who|whom)\b", re.I),
    "why": re.compile(r"^\s*why\b", re.I),
    "risk": re.compile(r"\b(risks?|risky|danger|downside|wrong|mistakes?|fail|pitfalls?|exposed|exposure)\b", re.I),
}
TYPES = tuple(CUES)

SIDES: dict[str, re.Pattern[str]] = {
    "msp": re.compile(r"\b(msps?|managed (service|it)|service providers?|outsourced it|it support|help ?desk)\b", re.I),
    # ("tech exec": "do we even need a part time tech exec on top of that", a stop-40 walk's, read as naming the MSP alone;
    # not "exec" alone: "the exec team can't agree …" is the asker's; nor "IT exec", which labelled questions say with "fractional" and the ranker's word features read. No labelled question says "tech exec".)
    "leader": re.compile(r"\b(fractional|cio|cto|ciso|vcio|vciso|executive|tech(?:nology)?\s+execs?|it leaders?|it leadership|part-time cio|interim)\b", re.I),
}
# A premise that overstates ("replace … entirely", "never", "the same as"): the articles' positions are
# about roles that differ and complement each other, so such a premise is what they correct. "Only"
# before a number states a size ("We're only 20 people"), not that one thing is all there is; nor does it after a
# possessive ("Our only IT guy just quit": the one person there is).
OVERSTATED = re.compile(
    r"\b(entirely|completely|totally|fully|replaces?|replacing|no longer need|(don't|do not|doesn't|does not) need|never|always|(?<!\bour )(?<!\bmy )(?<!\btheir )(?<!\byour )only(?!\s+(~\s*)?\$?\d)|just|"
    r"same as|same thing|instead of|for free|guarantees?|eliminates?|all (of )?(our|the|my))\b",
    re.I,
)
_PREMISE_END = re.compile(r",|\?")
# Premises the "premise" cue misses (a blind walk's, stop 30): "Given X, …" as well as "Given that X, …", and a tag that
# ends a sentence other than the last ("MSPs are really only for big companies, right? What should a 25-person office
# use?") or stands as its own ("… they can tell us if the contract is priced fairly. Right?"). They are corrected when
# they overstate and ask for a verdict; the fitted models' features keep the narrower cue they were fit on (three
# training questions open "Given …", and refit with them the scope model moved).
_STATED_PREMISE = re.compile(r"^\s*given\b|[,—–.]\s*(right|correct|true)\?\s+\S|[.!]\s*(right|correct|true)\?\s*$", re.I)
# A premise put up to be checked as a question ("Is it true that fractional CTO, virtual CTO and part-time CTO are
# completely different services?", a stop-33 blind walk's "Yes."): the premise is what follows "that", commas and all.
# One labelled question has the form ("Is it true that recruiting a full-time CIO can take six months or more?", true,
# overstating nothing): unchanged.
# A statement this reads as negated or hedged, not plainly said: a negation ("Our MSP doesn't own the budget") or a
# hedge ("may", "sometimes", "if"). Shared by the premise readers here and in advisor.premises.
NOT_PLAIN = re.compile(r"\b(not|no|never|cannot|without|nobody|nothing|none|some|may|might|sometimes|often|could|if|unless|wast\w*)\b|n['’]t\b", re.I)
_TRUE_THAT = re.compile(r"^\s*(?:is it (?:really |actually )?(?:true|right|correct|the case))\s+that\s+(?P<s>[^?]+)", re.I)
# A "why" asked of an overstatement presumes it ("Why is the vCIO our MSP includes just as independent as an outside
# fractional CIO?", "Why is a fractional CIO basically just a pricier MSP?"): a premise to correct like the ones above.
# Named from three blind walks (stops 24, 29, 30), where every such question went uncorrected; train/ holds none
# either way, and no question there matches (a "why" of something true: "Why can't my MSP just handle strategy?").
# Not "Why isn't …" / "Why are X not the same …?": a negated why presumes the true thing.
_WHY_OVERSTATED = re.compile(
    r"^\s*why\s+(is|are|does|do)\b(?![^?]*\b(not|never)\b)(?![^?]*n't\b)[^?]{0,80}\b(just as|basically|just an?|simply an?|(the )?same (as|thing)|no different)\b",
    re.I,
)
# A yes/no question whose auxiliary opens its last clause, after context ("We're a 20-person firm. Can our
# MSP handle that?", "Given a CIO costs $250k, is a fractional CIO cheaper?"). The ranker's "yesno" cue
# stays the opening one it was fit with; this wider one decides whether a verdict is asked for.
_YES_NO_CLAUSE = re.compile(
    r"(^\s*|[.?!]\s+|[,;:—–]\s*)(is|are|do|does|did|can|could|should|would|will|has|have|was|were|am|"
    r"isn't|aren't|don't|doesn't|won't|can't|shouldn't|wouldn't|couldn't|hasn't|haven't)\b(?=[^.?!]*\?\s*$)",
    re.I,
)
# "What does an MSP do that a fractional CIO does not?", "What can a fCIO give us that our MSP can't?":
# one side is the subject and the other the foil; the part before "that" names the subject. Only a
# what/which question ("Our MSP says that a fractional CIO doesn't…" reports a claim, it asks for no comparison).
_ONLY_ONE_SIDE = re.compile(r"^(?P<subject>\s*(what|which)\b.+?)\bthat (?P<foil>(an?|the|my|our|your)\b.*)\b(does not|doesn't|do not|don't|cannot|can't|will not|won't|is not|isn't)\b", re.I)
_ELLIPTICAL = re.compile(r"\b(each|both|either|the two|them)\b", re.I)


@dataclass(frozen=True)
class QuestionShape:
    types: frozenset[str]
    sides: frozenset[str]  # which of msp / leader the question asks about ("each", "both": both)

    @property
    def main(self) -> str:
        """One label for reports and composition: the most specific type that applies."""
        for t in ("premise", "cost", "steps", "should", "yesno", "when", "compare", "risk", "who", "why"):
            if t in self.types:
                return t
        return "what"

    @property
    def verdict_cue(self) -> bool:
        """A cue of a question asking for a verdict (yes/no opening, should-I, premise): the ranker's feature was fit on exactly these."""
        return bool({"yesno", "should", "premise"} & self.types)

    @property
    def wants_verdict(self) -> bool:
        """A verdict cue, a yes/no question known by its last clause only, or a premise stated to be checked; not the
        "premise" cue of a role the asker opens with ("As a board member, what risks …?": an "As" that states no premise)."""
        cue = bool({"yesno", "should"} & self.types) or ("premise" in self.types and not self.role_opener)
        return self.yes_no or cue or self.premise_stated

    overstated_premise: bool = False
    subject: str | None = None  # the one side an asymmetric comparison asks about ("what does X do that Y does not")
    yes_no: bool = False  # a yes/no question, its auxiliary opening the question or its last clause
    what_not: bool = False  # asks what a side does not do ("What doesn't an MSP do?"); never an asymmetric comparison
    choice: bool = False  # asks which of the options after its last "or" to take: no "Yes." or "No." answers it
    premise_stated: bool = False  # states a premise to check, by the "premise" cue or one it misses (_STATED_PREMISE)
    role_opener: bool = False  # opens with the asker's role, then asks what / how …: "As a board member, what risks …?" (_ROLE_OPENER)

    @property
    def both_sides(self) -> bool:
        return self.sides == {"msp", "leader"}


_SENTENCES = re.compile(r"(?<=[.?!])\s+")
# A question asking what a side does not do: the negation in the question's own clause, not in a condition ("What
# happens if we don't …?"), a relative clause of another subject ("What does an MSP do that we can't do in-house?")
# or a second question ("What is a fractional CIO and why isn't our MSP enough?"). "What is it that an MSP doesn't
# do?" and "What tasks and services does an MSP not cover?" are such questions.
_WHAT_NOT = re.compile(
    r"^\s*(what|which)\b(?:(?!\b(if|when|unless|because|without)\b|\b(that|which|who|so|so that) (we|you|i|they|our|your|my|us)\b|\b(and|or),? (why|what|how|when|where|who)\b)[^?])*?"
    r"(\bnot\b|\bcannot\b|n't\b)",
    re.I,
)
# Words the asker quotes ("How do I handle the 'we can't afford a CIO' objection?"): someone else's, not what is asked.
# An opening quote follows no letter and a closing one precedes none, so "can't" inside stays inside.
_QUOTED = re.compile(r"(?<!\w)['‘].+?['’](?!\w)|\"[^\"]+\"|“[^”]+”")
_FOLLOWUP_SUBJECT = re.compile(r"\s*\([^()]*\)\s*$")  # "What doesn't it do? (MSP)": the subject a follow-up was given
_WH_OPENING = re.compile(r"^\s*(what|which|how|when|where|who|whom|why)\b", re.I)  # "Which, then, should come first…?" asks no yes/no
_CLAUSE_BREAK = re.compile(r"[.?!;:,—–][\"'”’)]*\s*|\s-\s+")  # where a clause may open (after a closing quote too; a spaced hyphen is a typed dash)
# A question asking which of the options after its last "or" to take ("Should we get interim CTO services or a
# regular fractional CTO?", "Do we need a fractional CIO, an MSP, or both?"): "Yes." answers none of them. The
# option after "or" is a noun phrase: a determiner, "both", or a role; not a clause ("… or are they just a senior
# techie?": yes means the first) nor a verb ("Will a fractional CIO reset passwords or watch our firewall?": "No."
# means neither), nor "whether X or Y" ("Does it matter whether we call it …?"). In train and dev 12 in-scope
# questions are such: 11 ask for no verdict, 1 is labelled "it depends", none "yes" or "no".
_CHOICE = re.compile(
    # (A preposition repeated before the option, and typed without "?": "does a fractional cio report to our ceo or to
    # the it manager", a stop-41 walk's "Yes.")
    r"\bor,?\s+(just\s+|to\s+|with\s+|for\s+|from\s+|by\s+|under\s+)?(a|an|the|our|my|your|their|both|one|another|some|interim|fractional|managed|msps?|vcios?|vctos?|cios?|ctos?|in-house|internal|outsourced|part-time|full-time)\b[^?]*(?:\?\s*)?$"
    # "…, an interim CTO, or just sign with an MSP?" (a stop-34 walk's "Yes." to a three-way choice): a verb, then a side
    r"|\bor,?\s+(just\s+)?(sign|hire|get|bring|go|use|stick|stay|add|switch|buy|keep)\b[^?]*\b(msps?|managed|fractional|interim|vcios?|cios?|ctos?|full-time|in-house)\b[^?]*\?\s*$"
    # "Do we replace the MSP, or add something?" (a stop-37 walk's "No." to an either/or): after a comma, a course of
    # action offered against the one before it, whatever it names.
    r"|,\s*or\s+(just\s+|should we\s+|do we\s+)?(sign|hire|get|bring|go|use|stick|stay|add|switch|buy|keep|replace|look|layer)\b[^?]*\?\s*$",
    re.I,
)
_NOT_A_CHOICE = re.compile(r"\b(whether|either)\b", re.I)  # "whether X or Y" is a yes/no question's object


# Dropping one side because of the other, the asker's own proposal ("Once we bring on a fractional CIO, should we drop
# the MSP?", "Can a fractional CTO replace our MSP?"): the articles' answer is no, the two do different jobs. Both sides
# named in the asked sentence (an MSP for a better MSP, or a vCIO for an independent fractional CIO, the articles allow),
# and not "Would a fractional CIO ever recommend we replace our MSP?", "Is it a mistake to drop …?", "help us fire …",
# "keep our MSP rather than replacing it" (a fresh-eyes review's). All 12 labelled questions it matches in train/, dev
# and train/held/ are "no".
_DROP = r"(drop|cancel|fire|ditch|get rid of|replace|let go of|stop paying( for)?)"
_DROPS = re.compile(
    rf"\b(should|can|could|do|shall|must)\s+(we|i)\s+(just\s+|now\s+|then\s+)?{_DROP}\b|\b(we|i)\s+(can|could|should|will|'ll)\s+(just\s+|now\s+|then\s+)?{_DROP}\b|"
    r"\b(does|do|can|could|will|would)\s+(an?\s+|the\s+|our\s+)?[\w\s-]{0,30}?\breplace\b|"
    # "Does hiring a fractional CIO mean we no longer need an MSP?" (a stop-33 walk's, no verdict)
    r"\b(we|i)\s+(no longer need|won't need|will not need|can do without)\s+(an?\s+|the\s+|our\s+)?(msps?|managed (it|services?)|it support|fractional \w+|cios?|ctos?)\b(?!'s|’s)",
    re.I,
)
_NOT_A_PROPOSAL = re.compile(r"\b(recommend|suggest|advise|tell|help|mistake|rather than|keep|ever)\b", re.I)


def drops_one_for_the_other(question: str) -> bool:
    """Whether the question asks to drop (or replace) one side because of the other (see ``_DROPS``)."""
    asked = last_sentence(question.replace("’", "'"))  # "… Should we replace the vCIO with an independent fractional CIO?" swaps a leader for a leader
    return bool(_DROPS.search(asked)) and not _NOT_A_PROPOSAL.search(asked) and side_of(asked) == frozenset(SIDES)


def last_sentence(question: str) -> str:
    """The question's last sentence, without a follow-up's "(MSP)" aside: after context, where the question is."""
    return _SENTENCES.split(_FOLLOWUP_SUBJECT.sub("", question.strip()))[-1]


def asked_sentences(question: str) -> list[str]:
    """The question's sentences that ask (end with "?"), not the story around them: "roughly what would both cost us?
    we're around 200 staff" asks the first; "… says it's a good deal. How should I think about that?" asks the last."""
    return [s for s in _SENTENCES.split(_FOLLOWUP_SUBJECT.sub("", question.strip())) if s.rstrip().endswith("?")]


def shape(question: str) -> QuestionShape:
    question = question.replace("’", "'")  # a phone's curly apostrophe: "Won’t", "isn’t"
    types = frozenset(
        t for t, p in CUES.items() if (_asks_whether(question) if t == "should" else p.search(_priced_words(question) if t == "cost" else question))
    )
    sides = {s for s, p in SIDES.items() if p.search(question)}
    if _ELLIPTICAL.search(question):
        sides = set(SIDES)  # "What does each cost?", "Do I need both?": the corpus' two sides
    role_opener = bool(_ROLE_OPENER.match(question)) and not CUES["premise"].search(_ROLE_OPENER.sub("", question))
    stated = ("premise" in types and not role_opener) or bool(_STATED_PREMISE.search(question))
    premise = _PREMISE_END.split(question, maxsplit=1)[0] if stated else ""
    last = last_sentence(question)
    if m := _TRUE_THAT.match(last):
        # A hedged one ("… may just need a better MSP rather than a fractional CIO?", a stop-33 walk's "Not quite") says
        # "just" of a possibility, not of all there is, and a negative one ("… fractional CIOs never handle help desk
        # tickets?", "… doesn't need a fractional CIO?", a review's) is often the articles' own point: put up, overstating nothing.
        stated, premise = True, "" if NOT_PLAIN.search(m.group("s")) else m.group("s")
    yes_no = "yesno" in types or (bool(_YES_NO_CLAUSE.search(question)) and not _WH_OPENING.match(last))
    # Typed without a question mark, after a sentence of context ("our one it guy is leaving next month … would a
    # fractional cio help"): the last sentence opening with an auxiliary asks yes or no. (One sentence alone opening so
    # is the "yesno" cue already.) Labelled: 10 such questions, all with a verdict (8 yes, 2 no).
    yes_no = yes_no or ("?" not in question and bool(_YES_NO_CLAUSE.match(last + "?") or _ASKED_AFTER_A_COMMA.search(last)))
    subject = _subject(question)
    what_not = subject is None and bool(_WHAT_NOT.search(_QUOTED.sub("…", last)))
    # (typed without "?" only when nothing in the question has one: "Do we need an MSP? Our laptops break every week or the
    # printer dies." asks no choice; a review's)
    choice = bool(_CHOICE.search(last)) and not _NOT_A_CHOICE.search(last) and ("?" not in question or last.rstrip().endswith("?"))
    overstated = bool(premise and OVERSTATED.search(premise)) or bool(_WHY_OVERSTATED.search(last))
    return QuestionShape(types, frozenset(sides), overstated, subject, yes_no, what_not, choice, stated, role_opener)


# The asker's role, then a wh-question ("As a board member, what risks are we taking if …?", a stop-36 walk's, answered
# "No." because "As" opens the fitted "premise" cue): the role states no premise to check. (The cue itself, a feature the
# models were fit on, is unchanged.)
_ROLE_OPENER = re.compile(r"^\s*as\s+(?:a|an|the|our|my)\s+[\w\s/&-]{1,40}?,\s*(?=(?:what|how|which|who|where|why|when)\b)", re.I)


# … or after a comma, with its subject ("our msp throws in a vcio, isnt that basically the same as hiring a fractional cio",
# "our it guys are an msp, do we even need a part time tech exec on top of that", a stop-40 walk's, with no verdict).
# Labelled: no train or dev question has the form (the fitted models' inputs are unchanged); 2 in train/held/, both "yes".
_ASKED_AFTER_A_COMMA = re.compile(
    r"[,;:—–]\s*(?:so\s+|but\s+|and\s+)?(?:is|are|do|does|can|could|should|would|will|isn't|aren't|don't|doesn't|won't|can't|shouldn't|wouldn't)\s+"
    r"(?:we|i|you|they|it|that|this|there|our|my|an?|the)\b[^,.;]*$",
    re.I,
)


def opens_as_yes_no(sentence: str) -> bool:
    """Whether ``sentence``, typed without its question mark, opens as a yes/no question ("can a fractional cio help")."""
    return bool(_YES_NO_CLAUSE.match(sentence.rstrip(" .!") + "?"))


def _asks_whether(question: str) -> bool:
    """Whether a "should" cue is there and asks whether to: not inside a clause a wh-word opens ("What deliverables should
    we expect…?", "When should we…?" ask what and when; "Once we hire one, should we drop the MSP?" asks whether)."""
    return any(not _WH_OPENING.match(_CLAUSE_BREAK.split(question[: m.start()])[-1]) for m in CUES["should"].finditer(question))


def _subject(question: str) -> str | None:
    """The side an asymmetric comparison asks about: one side named before "that", the other one after it."""
    m = _ONLY_ONE_SIDE.search(question)
    if m is None:
        return None
    subject, foil = side_of(m.group("subject")), side_of(m.group("foil"))
    if len(subject) != 1 or len(foil) != 1 or subject == foil:
        return None
    return next(iter(subject))


# What "each", "both", "either" refer to when a question names no side: the corpus' two subjects.
DEFAULT_SUBJECT = "an MSP and a fractional CIO"


def refers_to_two(question: str) -> bool:
    """Whether the question refers to two things it does not name ("Do I need both?", "What does each cost?")."""
    return bool(_ELLIPTICAL.search(question)) and not any(p.search(question) for p in SIDES.values())


def situation(question: str) -> str | None:
    """The asker's situation when the question states one apart from what it asks: its statements naming neither side.

    "Our only IT manager just resigned. Should we bring in a fractional CIO?" → "Our only IT manager just resigned."
    None when no statement (a sentence not ending in "?") names neither side, or nothing else is asked. A follow-up's
    "(MSP)" and the default "(an MSP and a fractional CIO)" are the subject, not a sentence of the asker's.
    """
    said = split_sentences(_FOLLOWUP_SUBJECT.sub("", question.strip()))
    apart = [t for t in said if not side_of(t) and not t.rstrip().endswith("?")]
    return " ".join(apart) if apart and len(apart) < len(said) else None


# An MSP's virtual CIO, named: the MSP's side in the articles (advisor.premises), a kind compared (KINDS), a passage's topic.
VCIO = re.compile(r"\b(vcios?|virtual cios?)\b", re.I)
# One thing proposed over another ("… a better MSP rather than hire a fractional CIO?").
RATHER_THAN = re.compile(r"\b(rather than|instead of)\b", re.I)
# Kinds of technology help a question may compare, beyond the two sides: the articles contrast them in sentence pairs.
KINDS: dict[str, re.Pattern[str]] = {
    "interim": re.compile(r"\binterim\b", re.I),
    "fractional": re.compile(r"\b(fractional|part-time)\b", re.I),
    "full-time": re.compile(r"\b(full[- ]time|in-house|permanent)\b", re.I),
    "vcio": VCIO,
    "consultant": re.compile(r"\bconsultants?\b", re.I),
}


def compared_kinds(question: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The two kinds (:data:`KINDS`) a question names, when it names exactly two ("interim CTO and a fractional CTO")."""
    named = [p for p in KINDS.values() if p.search(question)]
    return (named[0], named[1]) if len(named) == 2 else None


def told(question: str) -> str | None:
    """Everything the question states before it asks, the sides named or not (:func:`situation` keeps only what names
    neither): "Our MSP is honestly solid — …, but nobody on the leadership team can tell whether our IT spend is going to
    the right places …" is the asker's situation too, for choosing which items of a list fit it. None when it states nothing."""
    said = [t for t in split_sentences(_FOLLOWUP_SUBJECT.sub("", question.strip())) if not t.rstrip().endswith("?")]
    return " ".join(said) if said else None


# A request about the answer's form closing the question ("… the same thing as a 'part-time CTO'? Just need a yes or no plus a
# line of explanation.", a stop-37 walk's; "… if we're growing through acquisition. Yes or no?"): asked as the last sentence,
# it hid the question from the shape (no verdict was said, and the FAQ answer's own "Usually, yes" was cut as one that
# would mislead). Not in training (no labelled question has one), so not in the answerer's as_answered: the fitted models
# never saw it.
_FORMAT_REQUEST = re.compile(
    r"(?:(?<=[.?!:])|^)\s*(?:please\s+)?(?:(?:i|we)\s+)?(?:just\s+)?(?:need|want|give me|looking for|answer with|reply with)?\s*"
    r"(?:a\s+)?(?:simple\s+|quick\s+|short\s+|straight\s+)?(?:yes[- ]or[- ]no|yes/no|one[- ]line(?:r)?|short answer|quick answer|brief answer)\b[^.?!]*[.?!]*\s*$",
    re.I,
)


# Asked for one sentence or line ("Give me one sentence I can use on a cold call to explain the difference …", a stop-40
# walk's, answered with two more passages and a list of steps): the answer is its lead passage. Asked of the answer ("in one
# sentence", "give me one sentence"), not "a single line on the invoice" or "one line of business" (a review's).
_ONE_LINE = re.compile(r"\b(?:in|give me|give us|answer in|explain(?: it)? in|say it in|sum(?:marize|marise)? (?:it )?in)\s+(?:just\s+)?(?:one|a single|a|1)[- ](?:sentence|line)\b|\b(?:give me|give us|need|want)\s+(?:just\s+)?(?:one|a single|1)[- ]sentence\b|\bone-?liner\b|\bone[- ]sentence (?:answer|version|explanation|summary|pitch)\b|\bin a nutshell\b|\belevator pitch\b|\btl;?dr\b", re.I)


def asks_for_one_line(question: str) -> bool:
    """Whether the asker asks for the answer in one sentence or line (``_ONE_LINE``); not of a price (a cost compared needs
    both figures: "In one sentence, is a fractional CIO cheaper than a full-time CIO?", a review's, kept the salary alone)."""
    return bool(_ONE_LINE.search(question)) and not asks_price(question)


def without_format_request(question: str) -> str:
    """``question`` without a closing request about the answer's form (``_FORMAT_REQUEST``), its last sentence asked
    again ("… growing through acquisition." → "… growing through acquisition?") when it opens as a question."""
    m = _FORMAT_REQUEST.search(question)
    if m is None or m.start() == 0:
        return question
    rest = question[: m.start()].rstrip()
    last = split_sentences(rest)[-1] if rest else ""
    if rest.endswith(".") and (_WH_OPENING.match(last) or _YES_NO_CLAUSE.match(last[:-1] + "?")):
        rest = rest[:-1] + "?"
    return rest or question


# Typed fast, with no apostrophes and no punctuation ("the it guys say a vcio is included in our contract isnt that basicaly
# the same thing as a fractional cio", a stop-39 walk's): "isnt" is "isn't", and a negative tag opening mid-sentence ("…
# contract isn't that …") opens the clause that asks, as its comma would. Neither is an English word or sentence as typed.
_NO_APOSTROPHE = re.compile(r"\b(is|are|was|were|does|do|did|has|have|had|should|would|could|ca|wo)nt\b", re.I)
_MID_TAG = re.compile(
    r"(?<=\w)\s+(?=(?:isn't|aren't|wasn't|doesn't|don't|didn't|won't|can't|shouldn't|wouldn't)\s+(?:that|this|it|they|we|there|you)\b"
    r"(?!\s+(?:much|more|less|really|so|too|very|that|bad|good|big|hard|easy|different|important|expensive|cheap)\b))",
    re.I,
)


# The status quo offered after the proposal ("Should I bring in an independent fractional CIO, or just lean on the MSP?",
# "Do we need a fractional CIO, or should I just ask the MSP to step up?", two stop-39 walks'): the question is whether to do
# the first; the verdict model read the tail and said "No.", which reads as "lean on the MSP". Asked without it, both are
# "Yes." (the sections' verdict, advisor.sections).
_JUST_THE_MSP = re.compile(
    r",?\s+or\s+(?:(?:should|do|can|could|would)\s+(?:we|i)\s+)?(?:just|simply)\s+"
    r"(?:(?:lean|rely|depend|count)\s+on|stick\s+with|stay\s+with|keep(?:\s+using)?|ask|trust|use|leave\s+it\s+(?:to|with))\s+(?:[\w'-]+\s+){0,2}?(?:the|our|my|an?)\s+"
    r"(?:msps?|managed (?:it|services?)\w*|it (?:company|provider|vendor|firm))\b[^?]*\?\s*$",
    re.I,
)


_ANOTHER_OPTION = re.compile(r",\s+(?:or\s+)?(?:an?|the|our)\s+(?:[\w-]+\s+){0,2}?(?:ctos?|cios?|cisos?|msps?|exec\w*)\b", re.I)  # ", an interim CTO"


# A proposal then an alternative that names nothing ("Can our MSP handle the IT due diligence, or do we need someone else?", a
# stop-40 walk's leader, answered "Yes." as if the MSP could): the proposal is what is asked.
_SOMEONE_ELSE = re.compile(
    r",?\s+or\s+(?:(?:do|would|should|will|must)\s+(?:we|i)\s+(?:need|have to (?:get|hire|bring in|find)|hire|get|bring in|find)|is (?:it|that) (?:a job|one) for)\s+"
    r"(?:someone|somebody|something|anyone|anybody|outside help|an outsider|more|other help)(?:\s+(?:else|outside|independent|new|different))?\s*\?\s*$"
    # … or that it is something apart ("our it guys are an msp, do they do strategy stuff too or is that seperate", a stop-41
    # walk's, had no verdict): "no" to the proposal says it is apart.
    r"|,?\s+or\s+(?:is|are)\s+(?:that|this|it|those|these)\s+(?:a\s+|an?\s+entirely\s+|totally\s+|completely\s+)?(?:separate|seperate|different|distinct|another|something else|someone else's)\b[^?]*\??\s*$",
    re.I,
)


def without_the_status_quo(question: str) -> str:
    """``question`` without a closing ", or just <keep relying on> the MSP?" (``_JUST_THE_MSP``), when a proposal precedes it,
    or without a closing alternative naming no one (``_SOMEONE_ELSE``)."""
    other = _SOMEONE_ELSE.search(question)
    if other is not None and other.start() > 0 and _YES_NO_CLAUSE.search(question[: other.start()].rstrip(" ,") + "?"):
        return question[: other.start()].rstrip(" ,") + "?"
    m = _JUST_THE_MSP.search(question)
    if m is None or m.start() == 0:
        return question
    rest = question[: m.start()].rstrip(" ,")
    # Not the last of several options ("Should we bring in a fractional CTO, an interim CTO, or just sign with an MSP?"):
    # that is a choice (QuestionShape.choice), answered with no "Yes." since stop 34.
    return question if _ANOTHER_OPTION.search(last_sentence(rest)) else rest + "?"


def as_typed_properly(question: str) -> str:
    """``question`` with its apostrophe-less negative contractions restored and, when it has no question mark at all, a
    negative tag clause inside it set off and asked (see ``_NO_APOSTROPHE``)."""
    fixed = _NO_APOSTROPHE.sub(lambda m: m.group(1) + ("N'T" if m.group(0).isupper() else "n't"), question)  # ("cant" → "can't", "CANT" → "CAN'T")
    m = _MID_TAG.search(fixed)
    if "?" in fixed or m is None or len(fixed[: m.start()].split()) < 3 or _WH_OPENING.match(fixed):
        return fixed  # ("why dont we just use our msp …" asks already; a tag needs a statement before it)
    return f"{fixed[: m.start()]}, {fixed[m.end() :].rstrip(' .')}?"


def with_default_subject(question: str) -> str:
    """ "Do I need both?" → "Do I need both? (an MSP and a fractional CIO)": similarity alone cannot tell what "both" is."""
    return f"{question} ({DEFAULT_SUBJECT})" if refers_to_two(question) else question


@lru_cache(maxsize=256)
def without_sides(text: str) -> str:
    """``text`` less its names of the two sides ("fractional CTO", "managed IT", "MSP"): what else it says.

    Cached: the FAQ questions come back on every yes/no question."""
    for pattern in SIDES.values():
        text = pattern.sub(" ", text)
    return text


# How a premise put up before the question opens ("Since our MSP owns the budget, …", "Given that …"): for the rules that
# read the premise apart from what is asked (advisor.premises, advisor.echo). The fitted "premise" cue keeps its own.
PREMISE_OPENER = r"^\s*(?:since|given(?: that)?|because|as|now that|considering)\b"
# A full-time hire named: "full-time" (and a phone's "full time", "ful time"), an in-house or permanent CIO / CTO.
FULL_TIME = re.compile(r"\b(full?[- ]?time|in-house (cio|cto)|permanent (cio|cto))\b", re.I)


def side_of(text: str) -> frozenset[str]:
    return frozenset(s for s, p in SIDES.items() if p.search(text))


# A claim reported and asked how to answer ("A prospect told me fractional CIOs are only for big enterprises … How do I
# respond?", "A CFO told me a fractional CIO is just an expensive consultant who writes reports. How do I answer that?",
# a probe of stop 38): the claim is what the asker needs confirmed or corrected, so it is asked as a tagged statement
# ("… only for big enterprises …, right?") and the premise rules read it; asked as written, the last sentence hid it (no
# "Not quite:" before the quotes). A claim that is itself a question ("'… why would we also pay for a fractional CTO?'")
# is left as asked.
_REPORTED = re.compile(
    r"^(?:[\w'’/-]+\s+){0,5}?(?:(?:says?|said|told (?:me|us)|tells? (?:me|us)|thinks?|claims?|argues?|insists?|keeps? (?:saying|telling (?:me|us))|believes?)"
    r"|(?:objection|pushback)\s*:)"
    r"(?:\s+that\b|\s*:|\s*,)?\s+(?P<claim>[^?]+?)(?:[.!][\"'”’]?|[\"'”’][.!]?)?\s+"
    r"(?P<ask>(?:so\s+)?(?:how|what)\b[^?]*\?)\s*$",  # the ask read by _ASKS_FOR_A_REPLY
    re.I,
)


# Someone's objection to a fractional leader, asked how to answer (moved here from the answerer at stop 38: reported_claim
# reads the same dismissals and the same request for a reply).
_OBJECTOR = re.compile(r"\b(prospects?|clients?|customers?|buyers?)\b", re.I)
_OBJECTION = re.compile(r"\bobjections?\b", re.I)
_CLAIMS = re.compile(r"\b(says?|said|told|tells|thinks?|claims?|insists?|objects?|argues?|pushes back)\b", re.I)
_DISMISSES = re.compile(
    r"\b(don'?t|do not|doesn'?t|does not|no) need\b|\balready\b|\bwhy (would|should|do|pay)\b|\bcan'?t afford\b|\b(waste|overkill|not worth|too expensive)\b|\bonly for\b",
    re.I,
)
_DROPS_MSP = re.compile(r"\b(don'?t|do not|doesn'?t|does not|no) need (an? |the |our |their )?(msp|managed)", re.I)
_LEADER_WORK = re.compile(r"\b(strateg\w*|leadership|roadmap|governance)\b", re.I)
# ("What numbers and arguments can I come back with?", a stop-39 walk's CFO objection, read as no reply asked.)
_ASKS_FOR_A_REPLY = re.compile(
    r"\b(how|what)\b[^?]*\b(respond|response|reply|answer|handle|counter|rebut\w*|push back|say|tell|(?:can|could|should) (?:i|we) come back|comeback|talking points?|correct|clear up|set (?:them|him|her) straight)\b[^?]*\?\s*$",
    re.I,
)


def answers_objection(question: str) -> bool:
    """Whether the question asks how to answer someone's objection to a fractional leader: an objection, or a prospect,
    client or buyer saying something, that dismisses the leader or its work ("we don't need strategy", "we already
    have …", "why would we pay …"), not the MSP, and a last sentence asking how to respond ("How do I respond?").
    (A review found the first version moving the MSP sections out of "Some of my clients are small with simple tech. How
    do I tell them they don't need a fractional CIO yet?" and "A client … says they don't need an MSP ….")"""
    leader = "leader" in side_of(question) or bool(_LEADER_WORK.search(question))  # "… so we don't need strategy."
    claimed = bool(_OBJECTION.search(question)) or (bool(_OBJECTOR.search(question)) and bool(_CLAIMS.search(question)))
    return claimed and leader and bool(_DISMISSES.search(question)) and not _DROPS_MSP.search(question) and bool(_ASKS_FOR_A_REPLY.search(last_sentence(question)))


# Only an objection is read so: a claim that overstates (questions.OVERSTATED) or dismisses (``_DISMISSES``, or a negation or
# "too …": "too small", "isn't needed"). A claim that is simply true ("A prospect says their MSP is great at keeping systems
# running. How do I respond?") would be asked as a tagged statement too, and the verdict model, fit on tagged questions that
# were mostly false premises, says "No." to it (a probe of stop 38).
_NEGATES = re.compile(r"\b(not|no|never|too)\b|n't\b|\bcannot\b", re.I)


# An objection put as a claim and a "why" drawn from it ("the MSP and a fractional CIO do the same thing, why pay twice?", a
# stop-40 walk's CEO, quoted): the "why" presumes the claim, so an overstated one is the premise to correct, as it is
# tagged. Answered until then with the pricing row alone ("pay"), the "same thing" left standing. (", so why …?" is the
# fitted "premise" cue already, and its claim is read whole: "… only for big companies with 500+ employees, so why would a
# 150-person business bother?" keeps its size.)
# (Or drawn from a "since …" typed without a comma: "since a fractional cto is basically outsourced tech support why would
# i pay more than msp rates", a stop-41 walk's, answered with the pricing row alone; "basically" equates two things as
# "same as" does.)
_CLAIM_THEN_WHY = re.compile(
    r"^\s*(?:(?P<since>since|because|given(?: that)?)\s+)?(?P<claim>[^?]{12,}?)(?:\s*[,;—–]\s*|(?(since)\s+|(?!)))(?:so\s+)?why\s+(?:would|should|do|does|did|pay|are|is|bother)\b[^?]*(?:\?\s*)?$",
    re.I,
)
# read as "the same as", only before a side or a kind of help named ("basically outsourced tech support", "basically a
# consultant"; not "basically part-time executives", "basically fine": a review's)
_EQUATES = re.compile(r"\b(is|are)\s+(?:basically|essentially|no different from|nothing more than)\s+(?:just\s+)?(?=(?:an?\s+|the\s+)?(?:msps?\b|managed\b|outsourced\b|it support\b|tech support\b|help ?desk\b|(?:\w+\s+)?consultants?\b))", re.I)


# The asker's own situation ("We're just a small dental practice, why would we need a fractional CIO?", "All our systems
# are in the cloud now, why …?", a review's): a story told, not someone's claim to correct.
_FIRST_PERSON = re.compile(r"\b(?:we|we're|we've|our|us|i|i'm|i've|my)\b", re.I)


# A claim heard, asked whether it is true ("I was told a fractional CIO can take over our helpdesk and patching so we can
# drop the MSP and save money. Is that true?", a stop-41 walk's, had no verdict: "Is that true?" alone names nothing): the
# claim is what is asked, tagged.
_HEARD = re.compile(
    r"^(?:[\w'’/-]+\s+){0,4}?(?:(?:was|were|been|being|got|get)\s+told|(?:i|we)\s+(?:heard|read|keep hearing)|says?|said|told\s+(?:me|us)|claims?|insists?|swears?)"
    r"(?:\s+that\b|\s*:|\s*,)?\s+(?P<claim>[^?]{12,}?)\s*[.!,;—–-]?[\"'”’]?\s+"
    r"(?:is|was)\s+(?:that|this|it|he|she|they)\s+(?:really\s+|actually\s+)?(?:true|right|correct|accurate|so|the case)\s*\??\s*$",
    re.I,
)


def _tagged(claim: str) -> str:
    """A claim as the statement a tag asks to have confirmed: its quotes and end stripped, capitalised, "…, right?"."""
    said = claim.strip().strip("\"'“”‘’").rstrip(".!,;: ").strip()
    return f"{said[0].upper()}{said[1:]}, right?"


def _correctable(claim: str) -> bool:
    """Whether a claim someone made is of a kind the articles correct: overstated, dismissive or negated."""
    return bool(OVERSTATED.search(claim) or _DISMISSES.search(claim) or _NEGATES.search(claim))


def claim_behind_why(question: str) -> str | None:
    """The overstated claim a "why" is drawn from (``_CLAIM_THEN_WHY``), tagged ("X, right?"), or None."""
    w = _CLAIM_THEN_WHY.match(question.strip())
    if w is None or not (OVERSTATED.search(w.group("claim")) or _EQUATES.search(w.group("claim"))) or NOT_PLAIN.search(w.group("claim")) or _FIRST_PERSON.search(w.group("claim")):
        return None
    return _tagged(_EQUATES.sub(r"\1 the same as ", w.group("claim")))


def reported_claim(question: str) -> str:
    """``question`` with a reported claim asked how to answer (``_REPORTED``) turned into that claim, tagged: "… told me X.
    How do I respond?" → "X, right?"; so is an overstated claim a "why" is drawn from (``_CLAIM_THEN_WHY``). Else
    ``question`` unchanged."""
    claim = claim_behind_why(question)
    if claim is not None:
        return claim
    heard = _HEARD.match(question.strip())
    if heard is not None:
        # Only a claim the articles may correct, as for a reported objection below: a true one heard, "I was told a fractional
        # CIO and an MSP are complementary. Is that right?", keeps its own question (a review's); a proposal to drop one
        # side ("… so we can drop the MSP …") is corrected.
        said = heard.group("claim")
        return _tagged(said) if _correctable(said) or _DROPS.search(said) else question
    m = _REPORTED.match(question.strip())
    if m is None or not _ASKS_FOR_A_REPLY.search(m.group("ask")):
        return question
    claim = m.group("claim").strip().strip("\"'“”‘’").rstrip(".!,;: ").strip()
    if not claim or len(claim.split()) < 3 or not _correctable(claim):
        return question
    return _tagged(claim)


# A question quoted inside a request about answering it ("FAQ wording please: 'Is a fractional CTO the same thing as a
# part-time CTO?'", "For the FAQ: 'Once we hire a fractional CIO, they'll take over our helpdesk, right?' — how do we phrase
# the answer?", a stop-38 walk's FAQ editor; "A prospect told me 'we already pay an MSP, why would we also pay for a
# fractional CTO?' How should I respond?"): the quoted question is what is asked. Asked with its wrapper, the shape read
# the wrapper (no verdict; the FAQ's own "Usually, yes" was cut, the helpdesk premise left uncorrected).
# What the words around such a quote may ask or say: the answer's wording or the asker's reply, nothing of its own.
_ABOUT_ANSWERING = re.compile(
    r"\b(faq|wording|word|phrase|phrasing|answer|answering|respond|reply|write|draft|entry|page|say|handle|counter|"
    r"objection|prospect|client|customer|visitor|asked|asks|says|said|told|tells)\b",
    re.I,
)


# A question someone asked the asker, then asked of us ("A 20-person company with pretty simple IT asked me if they need a
# fractional CIO. Do they?", a stop-41 walk's salesperson, was led by "You likely need fractional CIO support if …": "Do
# they?" names nothing, and the company's size and simple IT were no situation): asked as that question, after who asked.
_ASKED_ME_IF = re.compile(
    r"^(?P<who>[^.?!]+?)\s+(?:asked|asks|is asking|was asking|wants to know|wanted to know|wonders|wondered)\s+(?:me\s+|us\s+)?(?:if|whether)\s+(?P<q>[^.?!]+)[.?!]\s*"
    r"(?P<ask>(?:so\s+)?(?:do|does|did|is|are|should|can|could|would|will)\s+(?:they|it|he|she|we|i)\b[^.?!]{0,20}\??|(?:so\s+)?what do (?:i|we) (?:tell|say)[^?]*\??|(?:is that|are they) right\??)\s*$",
    re.I,
)
_WHO_TELLS = 4  # words from which who asked describes them ("A 20-person company with pretty simple IT"), not only names them ("My CFO")
_EMBEDDED = re.compile(r"^(?P<subj>.{1,40}?)\s+(?P<aux>can|could|should|would|will|is|are|was|were|must)\s+(?P<rest>.+)$", re.I)
_EMBEDDED_VERB = re.compile(r"^(?P<subj>they|we|i|you|it|he|she|the company|the business|the client|the prospect)\s+(?P<verb>needs?|has|have|wants?|gets?)\b(?P<rest>.*)$", re.I)


def reported_question(question: str) -> str:
    """``question`` as the question someone asked the asker (``_ASKED_ME_IF``): "X asked me if they need Y. Do they?" →
    "X. Do they need Y?"; else ``question`` unchanged."""
    m = _ASKED_ME_IF.match(question.strip())
    if m is None:
        return question
    inner = m.group("q").strip()
    v = _EMBEDDED_VERB.match(inner)
    a = _EMBEDDED.match(inner) if v is None else None
    if v is not None:
        base = {"needs": "need", "has": "have", "wants": "want", "gets": "get"}.get(v.group("verb").lower(), v.group("verb").lower())
        third = v.group("verb").lower().endswith("s") and v.group("verb").lower() != "has" or v.group("verb").lower() == "has"
        asked = f"{'Does' if third else 'Do'} {v.group('subj')} {base}{v.group('rest')}?"
    elif a is not None:
        asked = f"{a.group('aux').capitalize()} {a.group('subj')} {a.group('rest')}?"
    else:
        return question
    who = m.group("who").strip()
    if len(who.split()) >= _WHO_TELLS:
        return f"{who}. {asked}"
    # "My CFO asked …": who asked says nothing of the situation, but is who "she" is ("Our fractional CIO asked if she should
    # take over the helpdesk. Should she?", a review's, had lost its subject).
    return re.sub(r"^(\w+) (he|she|they)\b", lambda x: f"{x.group(1)} {who[0].lower()}{who[1:]}", asked, count=1, flags=re.I)


def quoted_question(question: str) -> str:
    """The question quoted inside a request about answering it (the one quotation, ``_QUOTED``, ending with "?"), else
    ``question`` unchanged: the words around the quote must be about answering it (``_ABOUT_ANSWERING``) and name neither
    side (they would be a question of their own)."""
    found = [m for m in _QUOTED.finditer(question) if m.group(0)[1:-1].rstrip().endswith("?")]
    if len(found) != 1:
        return question
    m = found[0]
    inner = m.group(0)[1:-1].strip()
    around = (question[: m.start()] + " " + question[m.end() :]).strip()
    if len(inner.split()) < 3 or not _ABOUT_ANSWERING.search(around) or side_of(around):
        return question
    return inner


# Asked whether to keep the MSP once the leader is in place: "If we hire a fractional CIO, should we still keep our MSP?" (a
# stop-38 walk's, answered "No." by the verdict model: "should we … MSP" leans no), "We already have a fractional CIO. Do we
# still need an MSP?" (labelled yes). A fractional leader does not replace the MSP's operational layer in all five
# articles ("If you have a fractional CIO but no MSP, you are missing the operational layer."). Not the other way round:
# whether a company with a good MSP still needs a leader depends (labelled "depends" for "We already have a solid MSP.
# Should we add a fractional CIO?").
_STILL_KEEP = re.compile(r"\b(?:still|also|continue to)\s+(?:keep|need|have|use|pay for|retain)\b(?P<kept>[^?]*)\?", re.I)


def keeps_the_msp(question: str) -> bool:
    """Whether the question, the leader in place, asks whether the MSP is still needed (``_STILL_KEEP``): the kept words
    name the MSP alone, and what comes before names only the leader."""
    m = _STILL_KEEP.search(question)
    if m is None:
        return False
    return side_of(m.group("kept")) == {"msp"} and side_of(question[: m.start()]) == {"leader"}


# A second thing asked ("Do I need a fractional CTO or an interim CTO, and what should they focus on for the deal?", a
# stop-38 walk's; "What is a fractional CTO? And when would we need one?"): ranked on the whole question, the passages
# answered the first ask and the second was lost.
# (A question word then, within two words, an auxiliary: "and what should they focus on", "and how does it help"; not the
# object of the first ask, "Who decides which systems stay and which vendors go …?".)
_AND_ASKS = re.compile(
    r",?\s+(?:and|but|also|plus)\s+(?=(?:(?:what|how|which|when|who|whom|why|where)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:should|do|does|did|is|are|can|could|will|would|was|were|has|have|'s)\b"
    r"|(?:should|do|does|did|is|are|can|could|will|would)\s+(?:we|i|you|they|it|an?|the|our|my)\b))",
    re.I,
)


def second_ask(question: str) -> str | None:
    """The second thing a question asks, when it asks two (a second sentence asking, or a clause joined by "and" opening
    with a question word, each part three words or more), alone: with the situation the question states it ranked as the
    whole question did (a walk's "… what should they focus on for the deal?" led by general takeaways), and so it did
    with the first ask's sides added for its "they" ("fractional CTO interim CTO" led to the passage on the labels). Else None."""
    sentences = [s for s in _SENTENCES.split(_FOLLOWUP_SUBJECT.sub("", question.strip())) if s.strip()]
    asking = [k for k, s in enumerate(sentences) if s.rstrip().endswith("?")]
    if not asking and sentences and (_WH_OPENING.match(sentences[-1]) or opens_as_yes_no(sentences[-1])):
        asking = [len(sentences) - 1]  # typed without "?": "what does a fractional cio do day to day and how much does it cost"
    if len(asking) >= 2:
        second = " ".join(sentences[k] for k in asking[1:])
    elif asking:
        parts = _AND_ASKS.split(sentences[asking[-1]], maxsplit=1)
        if len(parts) != 2 or len(parts[0].split()) < 3 or len(parts[1].split()) < 3:
            return None
        second = parts[1][0].upper() + parts[1][1:]
    else:
        return None
    if _ASKS_FOR_A_REPLY.search(second):
        return None  # "… why would we pay you too? How do I respond?": asks how to put the first, nothing else
    return second
