"""A "Yes." read from a quoted sentence that says what the question asks (advisor.echo)."""

import pytest

from advisor.echo import ECHO_QUOTES, echoed_verdict

CONSTRAINED = (
    "The limitation is that a vCIO employed by your MSP is structurally constrained when it comes to the most important "
    "strategic questions: Is the MSP contract sized right?"
)
CONFLICT = (
    "An MSP evaluating its own performance is inherently limited — not because MSPs are dishonest, but because the "
    "relationship creates real conflicts of interest."
)


def test_a_second_quote_saying_it_in_the_questions_words_is_a_yes() -> None:
    # The negation belongs to another clause ("not because MSPs are dishonest"), not to the words matched.
    assert echoed_verdict("Does my MSP's vCIO create a conflict of interest?", [CONSTRAINED, CONFLICT]) == "yes"


def test_a_list_item_is_read_on_its_own() -> None:
    quote = "An MSP's core services typically include:\n\n- Business continuity — maintaining backup and disaster recovery systems and testing them on schedule."
    assert echoed_verdict("Will our MSP actually test our backup and disaster recovery systems?", [quote]) == "yes"


def test_only_the_first_quotes_are_read() -> None:
    filler = "Good MSPs reduce friction. They keep the daily machine moving."
    assert echoed_verdict("Does my MSP's vCIO create a conflict of interest?", [CONSTRAINED] * ECHO_QUOTES + [CONFLICT]) is None
    assert echoed_verdict("Does my MSP's vCIO create a conflict of interest?", [filler, CONFLICT]) == "yes"


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        # a negation in the clause that carries the words: never read as "no" either (see the module's docstring)
        ("Will a fractional CIO resolve our helpdesk tickets and monitor our firewall logs?", "They will not resolve your helpdesk tickets or monitor your firewall logs."),
        # a hedge
        ("Can our MSP provide strategic guidance?", "Some MSPs offer a vCIO service that provides a degree of strategic guidance."),
        # a sentence about something else that shares the words, and names neither side while the question names one
        ("does the msp report to our board?", "Board technology reporting and board-ready reporting need to show risk, ownership, and next steps."),
        # the question asked negatively, or overstating: the articles tend to answer those no
        ("Doesn't our MSP test our backups?", "An MSP tests backups. - Business continuity — maintaining backup and disaster recovery systems and testing them on schedule."),
        ("Is the real cost of picking the wrong model just the fee difference?", "The wrong choice costs more than the fee difference."),
        # a question in the quote, a lead-in, a table row
        ("Could some of what our MSP manages be done cheaper in-house?", "Could some of what the MSP manages be handled more cost-effectively in-house or through a different vendor?"),
        ("Does a fractional CIO build the roadmap?", "A fractional CIO builds the roadmap and does the following:"),
        ("Should we rely on our MSP for vendor contract evaluation?", "| Vendor contract evaluation | Limited / biased | ✓ Core function |"),
        # too little asked to echo
        ("Is an MSP worth it?", "An MSP is worth it."),
        # too little of it said
        ("Will our MSP build a three-year technology roadmap tied to our business goals?", "An MSP keeps the lights on and the roadmap current."),
    ],
)
def test_it_says_nothing_unless_a_sentence_plainly_says_what_is_asked(question: str, quote: str) -> None:
    assert echoed_verdict(question, [quote]) is None


NEEDS_SOMEONE = (
    "When it is time to assess whether your MSP contract is priced fairly, whether their service levels are being met, "
    "or whether a different provider would serve you better, you need someone who has nothing to protect in that conversation."
)


def test_a_condition_echoes_only_a_question_asked_on_one() -> None:
    # A blind walk's wrong "Yes.": the sentence says when someone else is needed, not that the vCIO can.
    assert echoed_verdict("can our MSP's vCIO give us an unbiased review of whether the MSP's own contract is priced fairly?", [NEEDS_SOMEONE]) is None
    when = "When the pain is tickets, uptime, and routine service, managed IT is usually enough."
    assert echoed_verdict("is managed it enough if our main headaches are tickets and uptime", [when]) == "yes"
    vendors = "If vendors are central to delivery, you also need vendor due diligence, vendor offboarding, and a vendor incident response plan."
    assert echoed_verdict("A few vendors are central to how we deliver. Do we need a vendor incident response plan?", [vendors]) == "yes"  # the situation, stated first
    after = "- Vendor and MSP oversight. Managing the relationship with your MSP: conducting service reviews and renegotiating contracts when the situation warrants it."
    assert echoed_verdict("Should our fractional CIO be the one renegotiating the MSP contract?", [after]) == "yes"  # the words come before the condition


def test_a_sentence_about_the_other_side_echoes_nothing() -> None:
    # A review's: "Yes." to a question about the MSP from a sentence about the fractional CIO, and the reverse.
    combined = "The combined model in practice:\n\n- Fractional CIO sets the IT strategy, manages vendor relationships at an executive level, owns the budget, and reports to the board."
    assert echoed_verdict("Do MSPs set the IT strategy?", [combined]) is None
    running = "A managed services provider keeps systems running. A fractional CTO helps you decide what should happen next."
    assert echoed_verdict("Does a fractional CIO keep your systems running?", [running]) is None
    assert echoed_verdict("Does an MSP keep your systems running?", [running]) == "yes"


def test_any_sentence_saying_it_with_a_negation_silences_the_rest() -> None:
    quotes = [
        "A fractional CIO manages the relationship with your MSP and other technology vendors.",
        "An independent fractional CIO has no vendor relationship to protect.",
    ]
    assert echoed_verdict("Does a fractional CIO have a vendor relationship to protect?", quotes) is None


def test_a_negation_inside_the_questions_condition_is_its_situation_not_its_ask() -> None:
    quote = "Pick interim CTO services when there is a sudden exit. If the business cannot wait for a long search, interim leadership fits."
    assert echoed_verdict("If the business can't wait months for a full CTO search, does interim leadership make sense?", [quote]) == "yes"
    # A negation in what is asked still silences it.
    assert echoed_verdict("If the business can wait for a long search, doesn't interim leadership make sense?", [quote]) is None


def test_a_question_that_turns_what_it_states_is_echoed_only_by_a_sentence_turned_the_same_way() -> None:
    # Labelled questions the rule used to leave without a verdict: the question's "can't"/"wrong" is in the sentence too.
    gap = "Interim CTO services fit urgency, recovery, or a leadership gap that cannot wait."
    assert echoed_verdict("Do interim CTO services fit when we have a leadership gap that can't wait?", [gap]) == "yes"
    wrong = "Your company can have solid managed IT services and still have the wrong technology leadership."
    assert echoed_verdict("We've got a really solid managed IT provider. Can we still have the wrong technology leadership?", [wrong]) == "yes"
    # Turned one way only, it says otherwise, or something else: silent.
    right = "Your company can have solid managed IT services and the right technology leadership."
    assert echoed_verdict("We've got a really solid managed IT provider. Can we still have the wrong technology leadership?", [right]) is None
    fits = "Interim CTO services fit urgency, recovery, or a leadership gap that must be filled."
    assert echoed_verdict("Do interim CTO services fit when we have a leadership gap that can't wait?", [fits]) is None
    # A negative auxiliary asks; it does not state a negation the sentence could mirror.
    assert echoed_verdict("Doesn't an MSP set the IT strategy?", ["An MSP does not set the IT strategy."]) is None


def test_a_hedge_the_question_asks_in_is_not_a_hedge() -> None:
    fit = "If the pain is tickets, uptime, devices, and routine support, an MSP can be the right fit."
    assert echoed_verdict("if our pain is mostly tickets, uptime and devices, can an MSP be the right fit?", [fit]) == "yes"
    assert echoed_verdict("if our pain is mostly tickets, uptime and devices, is an MSP the right fit?", [fit]) is None
