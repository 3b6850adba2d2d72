"""A price the asker states, read against the range the quoted passage states: the verdict by arithmetic.

"A fractional CIO quoted us a $12k/month retainer. Is that typical?" and "I heard fractional CIOs
charge like $50k a month, is that about right?" are yes/no questions the articles answer with a
figure ("Monthly retainer ($5,000–$20,000/month based on scope)"). A model reading the question's
words cannot tell $12k from $50k; the quoted range can. So the verdict of such a question is read,
not learned: the asked amount against the range the answer quotes for the same role (an MSP, a
fractional leader, a full-time hire) and the same unit (per user per month, per month, per year).
Nothing is fit here; the rules are what the numbers say:

- "is $X typical / about right / realistic?": yes inside the range, no outside it, nothing at its ends
  ("around $5k a month" against "$5,000–$20,000": the articles' "based on scope" decides, not us);
- "more than / over / north of $X?" and "less than / under $X?": yes or no only when the whole range
  is on one side of $X;
- "is $X too much / overpriced?" (or too low): yes beyond the range on that side, no inside it;
- a range the asker was quoted ("$8,000–$12,000 a month for 60 users, is that reasonable?"): read so when
  both its ends are inside the stated range (ends included) or beyond it on one side; nothing when it straddles an end.

Anything else (no amount, two amounts, two roles, a price asked about otherwise, "… at $8k a month.
Worth it?", or no range of the same role and unit in the quotes) reads nothing, and the verdict
model speaks as before. Hand-written parsing (not a library): amounts
in this corpus's and its askers' forms ("$12k/month", "$5,000–$20,000/month", "$220,000 to $280,000
per year") are few, and a price parser for prose that also reads the role and unit is not on PyPI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from advisor.models import Verdict
from advisor.passage import Passage
from advisor.questions import FULL_TIME, OVERSTATED, SIDES
from advisor.text import split_sentences
from advisor.verdict import RULING_TEXT

Unit = Literal["user-month", "month", "year"]
Role = Literal["msp", "fractional", "full-time"]
Compares = Literal["above", "below", "too high", "too low", "usual"]

_NUMBER = r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|m|million)?\b"
_AMOUNT = re.compile(_NUMBER, re.I)
_DASHES = "–—‒−-"  # en, em, figure dash, minus sign, hyphen
_RANGE = re.compile(_NUMBER + rf"\s*(?:[{_DASHES}]|to)\s*" + _NUMBER, re.I)
_PER_USER = re.compile(r"^\s*(?:/|per|an?|each)\s*(?:user|seat|employee|person|head|device)\b", re.I)
_PER_MONTH = re.compile(r"^\s*(?:/|per|an?|each|every)\s*(?:month|mo)\b|^\s*(?:monthly|a month)\b", re.I)
_PER_YEAR = re.compile(r"^\s*(?:/|per|an?|each|every)\s*(?:year|yr)\b|^\s*(?:annually|yearly|a year)\b", re.I)
# A unit word shortly before the amount, with no other amount between ("monthly retainer of $5k–$20k").
_UNIT_BEFORE = re.compile(r"\b(?:(per[- ]user|per[- ]seat)|(monthly|per month)|(annual|yearly|per year|salary))\b[^$.?!]{0,25}$", re.I)
_MULTIPLIER = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}
# Not "retainer" (how it is priced, said of either role by a mixed-up asker), nor a vCIO (the MSP's) or an interim
# leader (the articles keep "the split" apart): the articles price neither.
_FRACTIONAL = re.compile(r"\b(fractional|part[- ]?time|fcios?|fctos?)\b", re.I)  # "fcio": typed fast
# How the asker compares the amount with the usual range. A question asking none of these ("A consultant is pitching
# us a fractional CIO at $8k a month. Worth it?") asks something else of the price: nothing is read.
_ABOVE = re.compile(r"\b(more than|over|above|north of|upwards of|at least|exceed|exceeds)\s*(?:\$|around\s+\$)", re.I)
_BELOW = re.compile(r"\b(less than|under|below|south of|at most|no more than)\s*(?:\$|around\s+\$)", re.I)
_TOO_HIGH = re.compile(r"\b(too (much|high|expensive|steep)|overpriced|overcharg\w*|rip(ped|ping)? (us |me )?off|rip-?off)\b", re.I)
_TOO_LOW = re.compile(r"\b(too (low|cheap)|suspiciously (low|cheap)|underpriced)\b", re.I)
_USUAL = re.compile(
    r"\b(typical|normal|usual|standard|realistic|reasonable|about right|sound right|accurate|fair|in (the )?((normal|usual|typical) )?range|"
    r"going rate|market rate|ballpark|in line|on par|(that|this) right)\b|, right\?",
    re.I,
)


_COMPARES: tuple[tuple[Compares, re.Pattern[str]], ...] = (("above", _ABOVE), ("below", _BELOW), ("too high", _TOO_HIGH), ("too low", _TOO_LOW), ("usual", _USUAL))


@dataclass(frozen=True)
class Price:
    low: float
    high: float  # == low for a single amount
    unit: Unit
    role: Role | None


def _value(number: str, multiplier: str | None) -> float:
    return float(number.replace(",", "")) * _MULTIPLIER.get((multiplier or "").lower(), 1.0)


def _unit(text: str, start: int, end: int) -> Unit | None:
    """The unit of the price at ``text[start:end]``, from the words after it ("/user/month", "per year", "a month"), else
    from a unit word just before it ("a monthly retainer of $5k", "an annual salary of $150k"). A price per user with no
    period is read per month: every per-user price in these articles and their askers' questions is."""
    after, before = text[end : end + 30], text[max(0, start - 40) : start]
    if m := _PER_USER.match(after):
        rest = after[m.end() :]
        return None if _PER_YEAR.match(rest) else "user-month"
    if _PER_MONTH.match(after):
        return "month"
    if _PER_YEAR.match(after):
        return "year"
    if m := _UNIT_BEFORE.search(before):
        return "user-month" if m.group(1) else "month" if m.group(2) else "year"
    return None


def role_of(text: str) -> Role | None:
    """The one role ``text`` names, or None (none or several): a full-time hire, a fractional leader, an MSP."""
    roles: set[Role] = set()
    if FULL_TIME.search(text):
        roles.add("full-time")
    if _FRACTIONAL.search(text):
        roles.add("fractional")
    if SIDES["msp"].search(text):
        roles.add("msp")
    return roles.pop() if len(roles) == 1 else None


def prices(text: str, role: Role | None = None) -> list[Price]:
    """The prices ``text`` states with a unit (ranges first, then single amounts not inside one)."""
    out: list[Price] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        unit = _unit(text, *m.span())
        if unit:
            out.append(Price(_value(m.group(1), m.group(2)), _value(m.group(3), m.group(4)), unit, role))
        taken.append(m.span())
    for m in _AMOUNT.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit = _unit(text, *m.span())
        if unit:
            value = _value(m.group(1), m.group(2))
            out.append(Price(value, value, unit, role))
    return out


def stated_prices(p: Passage, quote: str) -> list[Price]:
    """The prices a quote from ``p`` states, each with the role it is the price of: a table cell's column
    header names it ("MSP", "Fractional IT Executive"), else the sentence it is in ("A full-time CIO … costs …")."""
    if p.kind == "table_row":
        header, row = p.table_cells()
        return [x for h, cell in zip(header, row, strict=False) for x in prices(cell, role_of(h))]  # a row is quoted whole
    return [x for sentence in split_sentences(quote) for x in prices(sentence, role_of(sentence))]


@dataclass(frozen=True)
class AskedPrice:
    """One price of one role a question asks about, and what it asks of it (above or below the amount, too high or
    too low, usual); ``choice``: it asks both whether it is usual and whether it is too high (or low)."""

    price: Price
    role: Role
    compares: Compares
    choice: bool = False
    headcount: int | None = None  # the price is a monthly total divided by the users the question states (:func:`per_user`)


def asked_price(question: str) -> AskedPrice | None:
    """The price ``question`` asks about, when it states exactly one (with a unit) of exactly one role."""
    asked = prices(question)
    role = role_of(question)
    if len(asked) != 1 or role is None:
        return None
    cues = [c for c, cue in _COMPARES if cue.search(question)]
    if not cues or (asked[0].high > asked[0].low and cues[0] in ("above", "below")):
        return None  # ("more than $15k–$30k a month?" is not a question anyone asks; a quoted range is read by _where)
    choice = "usual" in cues and bool({"too high", "too low"} & set(cues))  # "Is that normal or are we getting ripped off?"
    return AskedPrice(asked[0], role, "usual" if choice else cues[0], choice)


# The yes/no ask about a price that a question goes on past ("Our MSP charges $150 per user per month. Is that normal, and
# what would a fractional CIO add on top of that?", a stop-33 blind walk's, had no ruling: two roles named, a wh-question
# last): the question up to that ask's end.
_ASK_ENDS = re.compile(r"\?|,\s*(?:and|or|but|plus)\b|;", re.I)
# The ask itself, ending where the question goes on: the price is what is called usual or too high ("Is that normal",
# "Does that sound about right"), not something else ("Is it reasonable to expect them to handle our IT strategy too",
# a review's "Yes — that is within the range").
# The words after the pronoun are the asker's cue (_USUAL, _TOO_HIGH, _TOO_LOW) and little else: four words at most.
_YES_NO_ASK = re.compile(
    r"(?:^|[.!?]\s+)(?:is|are|does|do|would|will)\s+(?:that|this|it|these|those|the price|the quote|the rate)\s+(?P<cue>(?:\S+\s*){1,4})$", re.I
)
_CALLED = (_USUAL, _TOO_HIGH, _TOO_LOW)  # how a price is called usual or too high (not "above" / "below" an amount)


def price_ask(question: str) -> AskedPrice | None:
    """:func:`asked_price` of the question's first ask, when it is a yes/no ask about the price stated before it and the
    question asks more after it; else None (the whole question is read as such by :func:`asked_price`)."""
    for m in _ASK_ENDS.finditer(question):
        if m.end() >= len(question.rstrip()):
            return None  # the last ask: the whole question is asked_price's
        head = question[: m.start()]
        ask = _YES_NO_ASK.search(head)
        if ask is not None and any(cue.search(ask.group("cue")) for cue in _CALLED):
            return asked_price(head + "?")
    return None


# The users a monthly total is paid for ("$9,000 a month for 60 users", "we're 80 people and pay …").
# Only a count the bill is paid for, said as such: "for 60 users", "across 80 seats", "we're 80 people", "a 120-person
# company", "we have 150 employees"; not "our 3-person IT team" or "sends 2 people on site" (a review found both divided).
_HEADCOUNT = re.compile(
    r"(?:\b(?:for|covering|across|we're|we are|we have|we've got|with)\s+(?:our\s+|the\s+|all\s+)?(?:about\s+|around\s+|roughly\s+|~)?"
    r"(\d{1,3}(?:,\d{3})?|\d+)\s*(?:users?|seats?|employees|people|staff|endpoints|devices|desktops)\b"
    r"(?!\s+(?:in (?:our )?IT|on (?:our|the|your|their) (?:account|team|site)|dedicated|assigned))"  # not "we have 3 people in IT"
    r"|\b(\d{1,3}(?:,\d{3})?|\d+)[- ](?:person|people|employee|user|seat)\s+(?:company|firm|business|organi[sz]ation|shop|practice|agency))",
    re.I,
)


def headcount(question: str) -> int | None:
    """The one headcount a question states for what it pays (see ``_HEADCOUNT``), or None (none, or several)."""
    counts = {int((m.group(1) or m.group(2)).replace(",", "")) for m in _HEADCOUNT.finditer(question)}
    return counts.pop() if len(counts) == 1 else None


def total_for(headcount: int, stated: Iterable[Price], both: bool = False) -> str | None:
    """A quoted per-user monthly range worked out for the asker's headcount ("For 120 users, $50–$200 per user a month
    comes to about $6,000–$24,000 a month."), or None unless the quote states exactly one such range. Two blind walks
    (stop 34) asked what their user count costs and were left to multiply the row themselves. Arithmetic on the quoted
    range and the asker's own count, said with the citation of the quote it multiplies: no figure of our own."""
    stated = list(stated)
    rates = {(s.low, s.high) for s in stated if s.unit == "user-month" and s.high > s.low and s.role in ("msp", None)}
    if len(rates) != 1 or headcount <= 1:
        return None
    ((low, high),) = rates
    said = f"For {headcount:,} users, ${low:,.0f}–${high:,.0f} per user a month comes to about ${low * headcount:,.0f}–${high * headcount:,.0f} a month"
    # Asked for both sides ("what would both cost us?"), with the fractional retainer the same quote states: their sum.
    retainers = {(s.low, s.high) for s in stated if s.unit == "month" and s.high > s.low and s.role == "fractional"}
    if both and len(retainers) == 1:
        ((r_low, r_high),) = retainers
        said += f"; with a ${r_low:,.0f}–${r_high:,.0f} monthly retainer, both come to about ${low * headcount + r_low:,.0f}–${high * headcount + r_high:,.0f} a month"
    return said + "."


def per_user(asked: AskedPrice, question: str) -> AskedPrice | None:
    """A monthly total asked about, as a monthly rate per user, when the question states one headcount ("Our MSP
    charges $9,000 a month for 60 users, is that normal?" asks about $150 per user a month); else None."""
    n = headcount(question)
    if asked.price.unit != "month" or n is None or n <= 0:
        return None
    p = asked.price
    return AskedPrice(Price(p.low / n, p.high / n, "user-month", p.role), asked.role, asked.compares, asked.choice, n)


def range_in(asked: AskedPrice, stated: Iterable[Price]) -> Price | None:
    """The one range among ``stated`` for the asked role in the asked unit, if there is one."""
    found = {s for s in stated if s.role == asked.role and s.unit == asked.price.unit and s.high > s.low}
    return found.pop() if len(found) == 1 else None


def range_for(asked: AskedPrice, p: Passage, quote: str) -> Price | None:
    """:func:`range_in` the prices a quote from ``p`` states."""
    return range_in(asked, stated_prices(p, quote))


def _where(asked: Price, stated: Price) -> Literal["within", "above", "below"] | None:
    """Where a range the asker was quoted ("$8,000–$12,000 a month") lies against the stated one: within it (ends
    included: the quote is the asker's, both ends inside the articles' range), wholly above or below it, or None when it
    straddles an end (half of it may be usual)."""
    if stated.low <= asked.low and asked.high <= stated.high:
        return "within"
    return "above" if asked.low > stated.high else "below" if asked.high < stated.low else None


_WHERE_VERDICT: dict[tuple[Compares, str], Verdict] = {
    ("usual", "within"): "yes", ("usual", "above"): "no", ("usual", "below"): "no",
    ("too high", "within"): "no", ("too high", "above"): "yes",
    ("too low", "within"): "no", ("too low", "below"): "yes",
}  # (a range below the usual is not "too high", nor above it "too low": unsaid, as for one amount)


def price_verdict(asked: AskedPrice, stated: Price) -> Verdict | None:
    """Yes or no to the asked price against the stated range (see the module doc); None when the range cannot say."""
    if asked.price.high > asked.price.low:
        where = _where(asked.price, stated)
        return None if where is None else _WHERE_VERDICT.get((asked.compares, where))
    x, low, high = asked.price.low, stated.low, stated.high
    if asked.compares == "above":
        return "yes" if low > x else "no" if high <= x else None  # ("more than $5k" against "$5,000–…": not said)
    if asked.compares == "below":
        return "yes" if high < x else "no" if low >= x else None
    if asked.compares == "too high":
        return "yes" if x > high else "no" if low < x < high else None  # below the range is not "too high", nor the usual: unsaid
    if asked.compares == "too low":
        return "yes" if x < low else "no" if low < x < high else None
    return "yes" if low < x < high else "no" if (x < low or x > high) else None


def price_ruling(asked: AskedPrice, stated: Price) -> tuple[Verdict, str] | None:
    """The verdict and the words that say it: where the asked price sits against the range, when the question asks
    whether a price is usual (or too high, too low): "Yes — that is within the range our articles give." An either-or
    question ("normal or ripped off?") gets the where without a yes or no, which would not say which half it answers."""
    verdict = price_verdict(asked, stated)
    if verdict is None:
        return None
    if asked.compares in ("above", "below"):
        return verdict, RULING_TEXT[verdict]
    x, y = asked.price.low, asked.price.high
    where = _where(asked.price, stated) if y > x else "within" if stated.low < x < stated.high else "above" if x > stated.high else "below"
    said = f"that is {where} the range our articles give."
    if asked.headcount is not None:  # the rate the ruling compared, so the asker can check the division
        rate = f"${x:,.0f}" if y == x else f"${x:,.0f}–${y:,.0f}"
        said = f"at about {rate} per user a month for {asked.headcount:,} users, {said}"
    if asked.choice:
        return verdict, said[0].upper() + said[1:]
    return verdict, f"{RULING_TEXT[verdict].rstrip('.')} — {said}"


# Clauses of a question that states several things ("MSPs charge X while fractional CIOs bill Y"): each price is the
# role's its clause names.
_CLAUSES = re.compile(r"[,;](?!\d)|\b(?:while|whereas|but|and)\b", re.I)  # not the comma of "$1,000"


def mixed_up(question: str, known: Iterable[Price]) -> Role | None:
    """The role a question gives another role's price ("MSPs usually charge a monthly retainer of $5k–$20k while
    fractional CIOs bill $50–$200 per user"): a per-user rate stated for a role the articles never price per user,
    with figures the articles give another role per user. None when every stated price is the asker's to state."""
    if not prices(question):
        return None  # (``known`` is not read: a generator over the corpus stays unrun)
    known = list(known)
    for clause in _CLAUSES.split(question):
        role = role_of(clause)
        for s in prices(clause):
            if role is None or s.unit != "user-month" or any(k.role == role and k.unit == s.unit for k in known):
                continue  # a monthly or yearly figure may be the asker's total ("our MSP bill is $10k a month"); a per-user one is a rate
            if any(k.role == role for k in known) and any(k.role not in (role, None) and k.unit == s.unit and s.low <= k.high and s.high >= k.low for k in known):
                return role
    # A range the articles state, both ends, for another role, in a unit they never price this role in ("MSPs usually
    # charge a flat retainer of $5k–$20k a month", a stop-32 blind walk's): theirs, not the asker's bill ("Our MSP
    # charges $8,000–$12,000 a month"), nor a total for stated users ("$5,000–$20,000 a month for our 100 users" is
    # $50–$200 a user: :func:`per_user`).
    if headcount(question) is not None:
        return None
    for clause in _CLAUSES.split(question):
        role = role_of(clause)
        for s in prices(clause):
            if role is None or s.low == s.high or any(k.role == role and k.unit == s.unit for k in known):
                continue
            if any(k.role not in (role, None) and k.unit == s.unit and (k.low, k.high) == (s.low, s.high) for k in known):
                return role
    return None


# ---- how a role bills, no amount said ----------------------------------------------------------------------------
# "is msp pricing usually per user per month", "fractional execs bill per user per month like msps so …", "Our MSP bills us
# per user every month — is that normal, …?" (a stop-39 walk's, no verdict): the unit said of one role, read against the
# units the articles price each role in. A per-user (per-seat, per-device) rate, or a retainer (monthly).
_BILLED: tuple[tuple[Unit, re.Pattern[str]], ...] = (
    ("user-month", re.compile(r"\bper[- ](?:user|seat|employee|person|head|device|endpoint)s?\b", re.I)),
    ("month", re.compile(r"\bretainers?\b", re.I)),
)
# A conclusion drawn from the billing ("We already pay the MSP per user, and that fee covers strategic leadership too, so …"):
# the question is about the conclusion, which a "Yes." to the billing would seem to confirm.
_DRAWS = re.compile(r"\b(so|since|because|therefore|which means|covers?|includes?|and that)\b", re.I)


def billed_as(question: str, known: Iterable[Price]) -> tuple[Verdict, Role] | None:
    """A yes/no question saying how one role bills, with no amount: "yes" and that role when the articles price it in that
    unit; "no" and that role when they price it in another and another role in this one. The role is the one the clause
    with the billing words names. None otherwise: two roles named there ("Can a fractional CIO check whether our MSP
    billing per user is fair?": whose bill is unsaid), or a question drawing a conclusion from the billing (``_DRAWS``),
    whose answer would seem to confirm or deny the conclusion."""
    if prices(question):
        return None  # an amount: price_verdict and mixed_up read it
    if _DRAWS.search(question) or OVERSTATED.search(question):
        return None
    found: list[tuple[Role, Unit]] = []
    for clause in _CLAUSES.split(question):
        units = [u for u, pattern in _BILLED for _ in pattern.finditer(clause)]  # "per device or per seat?" asks which: two
        role = role_of(clause)
        if units and role is None:
            return None  # two roles by the billing words ("Can a fractional CIO check whether our MSP billing per user is fair?"): whose bill is unsaid
        if len(units) == 1 and role is not None:
            found.append((role, units[0]))
    if len(found) != 1:
        return None
    role, unit = found[0]
    known = list(known)
    if any(k.role == role and k.unit == unit for k in known):
        return "yes", role
    if any(k.role == role for k in known) and any(k.role != role and k.unit == unit for k in known):
        return "no", role
    return None


# ---- one role's cost against another's ----------------------------------------------------------------------------
# "Is a fractional CIO cheaper than a full-time CIO?", "Do fractional CIOs cost more than a full-time CIO?", "A
# fractional CIO ends up costing roughly what a full-time CIO does, so how …?": the two roles' ranges, both made yearly
# (a monthly retainer times twelve), say which costs less when one range lies lower at both ends. A per-user rate has no
# yearly figure without a headcount: such a comparison reads nothing.
# ("cost us more than …": the payer between the verb and the comparison, a stop-36 check of a labelled question)
_LESS = re.compile(r"\b(cheaper|less expensive|more affordable|cost(s|ing)?\s+((us|you|me|them)\s+)?less|runs? less|lower[- ]cost)\b", re.I)
_MORE = re.compile(r"\b(more expensive|pricier|costlier|cost(s|ing)?\s+((us|you|me|them)\s+)?more|runs? more|higher[- ]cost)\b", re.I)
# "costs what" only after a hedge ("costing roughly what a full-time CIO does"): "costs what per month?" asks.
_SAME = re.compile(r"\bcost(s|ing)?\s+((about|roughly|basically|pretty much|nearly|almost)\s+(the same as|as much as|what)|the same as|as much as)\b", re.I)
THAN = re.compile(r"\bthan\b", re.I)  # (answerer reads comparisons with it too)
_NOT_THAN = re.compile(r"\b(not|no)\s+(\w+\s+){0,2}(cheaper|less|more|pricier|costlier)\b", re.I)  # "not cheaper than": read nothing
_PER_YEAR_FACTOR: dict[Unit, float] = {"month": 12.0, "year": 1.0}
Relation = Literal["less", "more", "same"]


@dataclass(frozen=True)
class ComparedCost:
    """Two roles' costs a question compares: ``first`` asked about, against ``second``, and what it asks or says."""

    first: Role
    second: Role
    relation: Relation
    asked: bool = False  # asked yes or no in a clause of its own ("…, and is a fractional CIO actually cheaper?")


def compared_cost(question: str) -> ComparedCost | None:
    """The comparison ``question`` makes of one role's cost with another's, when it names one role on each side."""
    asked = question.replace("’", "'")
    if _NOT_THAN.search(asked):
        return None  # "Is a fractional CIO not cheaper …?": not what the ranges say
    relation: Relation | None = "less" if _LESS.search(asked) else "more" if _MORE.search(asked) else "same" if _SAME.search(asked) else None
    m = (_SAME if relation == "same" else THAN).search(asked) if relation else None  # where the role compared with follows
    if relation in ("less", "more") and m is None:
        return _compared_with_the_other_named(asked, relation)
    if relation is None or m is None:
        return None
    before = _CLAUSES.split(asked[: m.start()])[-1] or asked[: m.start()]
    if OVERSTATED.search(before):
        return None  # "always cheaper": more than the ranges say
    after = re.split(r"[,;.?!]", asked[m.end() :], maxsplit=1)[0]  # the role compared with, in the same clause ("… than we expected; is a full-time CIO …?" names none)
    first, second = role_of(before), role_of(after)
    if first is None or second is None or first == second:
        return None
    return ComparedCost(first, second, relation)


def _compared_with_the_other_named(asked: str, relation: Relation) -> ComparedCost | None:
    """A comparative with no "than", asked of one role after the question named another ("What would a full-time CIO
    really cost us all-in, and is a fractional CIO actually cheaper?", a stop-38 walk's, had no verdict): that role,
    against the one other role the question names before it."""
    found = (_LESS if relation == "less" else _MORE).search(asked)
    if found is None:
        return None
    clause = re.split(r"[.?!]\s+", _CLAUSES.split(asked[: found.start()])[-1])[-1]  # its own clause, in its own sentence
    if OVERSTATED.search(clause) or "?" not in asked[found.end() :]:
        return None  # "always cheaper", or said rather than asked
    first = role_of(clause)
    earlier = role_of(asked[: found.start() - len(clause)])
    if first is None or earlier is None or first == earlier:
        return None
    asked_so = re.match(r"\s*(?:(?:and|so|but)\s+)?(?:is|are|would|will|does|do|can|could)\b", clause, re.I) is not None
    return ComparedCost(first, earlier, relation, asked_so)


def yearly(stated: Iterable[Price], role: Role) -> Price | None:
    """The one range ``stated`` gives ``role`` that can be made yearly, made yearly."""
    found = {s for s in stated if s.role == role and s.unit in _PER_YEAR_FACTOR and s.high > s.low}
    if len(found) != 1:
        return None
    s = found.pop()
    k = _PER_YEAR_FACTOR[s.unit]
    return Price(s.low * k, s.high * k, "year", role)


def cost_relation(first: Price, second: Price) -> Relation | None:
    """"less" when ``first`` lies lower at both ends, "more" when higher at both, else None (the ranges say neither)."""
    if first.low < second.low and first.high <= second.high:
        return "less"
    if first.low >= second.low and first.high > second.high:
        return "more"
    return None


def cost_verdict(compared: ComparedCost, first: Price, second: Price) -> Verdict | None:
    """Yes or no to the comparison asked, by the two yearly ranges; None when they say neither."""
    found = cost_relation(first, second)
    if found is None:
        return None
    return "yes" if found == compared.relation else "no"
