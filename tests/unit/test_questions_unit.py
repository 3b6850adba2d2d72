"""Question shapes: what a question's own words say about the answer it wants (advisor/questions.py)."""

from __future__ import annotations

import pytest

from advisor.questions import as_typed_properly, keeps_the_msp, quoted_question, reported_claim, second_ask, shape, without_the_status_quo


@pytest.mark.parametrize(
    ("question", "overstated"),
    [
        ("We're only 20 people with simple needs, so a better MSP is probably enough, right?", False),  # a size, not "only this"
        ("Since we're only ~$5M in revenue, a fractional CIO is out of reach, right?", False),
        ("Since we only need an MSP, we can skip leadership entirely, right?", True),
        ("A fractional CIO replaces the MSP, right?", True),
        ("Our only IT guy quit last month, so we should get a fractional CIO, right?", False),  # the one person there is
        ("The only real cost difference is the fee, so we should just go with the cheaper option?", True),
    ],
)
def test_only_before_a_number_states_a_size_not_an_overstatement(question: str, overstated: bool) -> None:
    assert shape(question).overstated_premise is overstated


@pytest.mark.parametrize(
    ("question", "premise"),
    [
        ("The only real cost difference is the fee, so we should just go with the cheaper option?", True),  # a conclusion drawn
        ("Our MSP's vCIO is independent, so why would we ever need an outside fractional CIO?", True),
        ("Our help desk is slow and patches are behind, so we need executive strategy, don't we?", True),  # a tag
        ("Our MSP gives us great uptime, so our direction must be in good shape too, yes?", True),
        ("Our tech program works, so it must be on track — isn't that right?", True),
        ("We're 50 people, so what should we do first?", False),  # asks afresh
        ('A prospect said "we pay an MSP, so we don\'t need a fractional CTO." How should I respond?', False),  # the conclusion is quoted, not drawn
        ("Do we need both an MSP and a fractional CIO?", False),
    ],
)
def test_a_premise_checked_by_a_tag_or_a_conclusion_drawn_from_it_asks_for_a_verdict(question: str, premise: bool) -> None:
    s = shape(question)
    assert ("premise" in s.types) is premise
    if premise:
        assert s.wants_verdict


@pytest.mark.parametrize(
    ("question", "cost"),
    [
        # In the training questions, 7 of the 8 whose only cost word is "pay" ask about something else
        # ("We already pay an MSP, why would we also pay for a fractional CTO?" is an objection, not a price question).
        ("We already pay an MSP, why would we also pay for a fractional CTO?", False),
        ("How much does a fractional CTO cost?", True),
        ("Is a $12k/month retainer normal?", True),
    ],
)
def test_paying_for_something_is_not_asking_what_it_costs(question: str, cost: bool) -> None:
    assert ("cost" in shape(question).types) is cost


@pytest.mark.parametrize(
    ("question", "steps"),
    [
        ("The prospect says their MSP covers strategy. How should I respond?", False),  # a reply to an objection
        ("Client says a fractional CIO is too expensive. How do I handle that?", False),
        ("How do we go from an MSP alone to an MSP and a fractional CIO?", True),
        ("How to pick between an MSP and a fractional CTO?", True),
        ("We're 40 people with no IT staff. How should we handle IT?", True),  # the department, not "handle it"
    ],
)
def test_how_to_respond_to_an_objection_asks_for_no_steps(question: str, steps: bool) -> None:
    assert ("steps" in shape(question).types) is steps


@pytest.mark.parametrize(
    ("question", "should"),
    [
        ("Should we keep our MSP once a fractional CIO starts?", True),
        ("Once a fractional CIO starts, should we keep our MSP?", True),
        ("A prospect said they already pay an MSP. How should I respond?", False),  # asks for a reply
        ('A prospect said "we pay an MSP, so we\'re covered." How should I respond?', False),  # a clause opens after the closing quote
        ("How should we split the work between the MSP and a fractional CIO?", False),  # asks for steps
        ("What deliverables should we expect to get out of a fractional CIO engagement?", False),  # a wh-clause asks what
        ("AI is creeping into our tools. What do we need to put in place?", False),
        ("When should we bring in a fractional CIO?", False),  # asks when (the triggers)
        ("If we hire one, what should we do first?", False),
        ("Once we bring on a fractional CIO, should we drop the MSP?", True),  # the clause after the comma asks whether
        ("We're 30 people. Do we really need a fractional CIO?", True),
    ],
)
def test_how_should_asks_how_not_whether(question: str, should: bool) -> None:
    s = shape(question)
    assert ("should" in s.types) is should
    assert s.wants_verdict is should


def test_cheaper_is_a_cost_word() -> None:
    assert "cost" in shape("Is a fractional CIO cheaper than hiring a full-time CIO?").types


@pytest.mark.parametrize(
    ("question", "price"),
    [
        ("Client says a fractional CIO is too expensive for a company our size.", True),
        ("What should we expect to pay for a fractional CIO?", True),
        ("Who should own our IT budget, the MSP or a fractional CIO?", False),  # a cost question, but no price asked
        ("Our tech spend isn't paying off. Why?", False),
    ],
)
def test_a_price_is_asked_by_price_words_not_by_budget_or_spend(question: str, price: bool) -> None:
    from advisor.questions import ASKS_PRICE

    assert "cost" in shape(question).types
    assert bool(ASKS_PRICE.search(question)) is price


def test_the_situation_is_the_sentences_naming_neither_side_when_another_names_one() -> None:
    from advisor.questions import situation

    assert situation("Our only IT manager just resigned. Should we bring in a fractional CIO?") == "Our only IT manager just resigned."
    assert situation("We're about to pick a new ERP. We have 200 staff. Is an MSP enough?") == "We're about to pick a new ERP. We have 200 staff."
    assert situation("Should we bring in a fractional CIO?") is None  # nothing stated apart
    assert situation("Our IT manager resigned. What now?") == "Our IT manager resigned."  # what they state, not what they ask


def test_the_situation_is_never_a_question_nor_a_follow_ups_subject() -> None:
    from advisor.questions import situation

    assert situation("We use an MSP. Do we need anything more?") is None  # the ask is no situation
    assert situation("How much does it cost? (MSP)") is None  # a follow-up's subject is no sentence of the asker's
    assert situation("Our IT manager left. Is it time? (an MSP and a fractional CIO)") == "Our IT manager left."
    assert situation("Our IT manager left. Should we call a fractional CIO? (MSP)") == "Our IT manager left."


@pytest.mark.parametrize(
    ("question", "choice"),
    [
        ("Should we get interim CTO services or a regular fractional CTO?", True),
        ("We're a 25-person firm. Do we need a fractional CIO, an MSP, or both?", True),
        ("msp or fractional cio?", True),
        ("Should we bring in a fractional IT executive or just an MSP?", True),
        # a stop-34 walk's three-way choice had "Yes.": a verb after "or", then a side
        ("Should we bring in a fractional CTO, an interim CTO, or just sign with an MSP?", True),
        ("Should we hire a fractional CIO or just get a better MSP?", True),
        ("Will a fractional CIO reset passwords or just watch our firewall?", False),  # no side after the verb
        ("Does a fractional CTO actually work at the executive level, or are they just a senior techie?", False),  # a clause: "yes" means the first
        ("Will a fractional CIO reset passwords or watch our firewall?", False),  # a verb: "no" means neither
        ("Does it matter whether we call it a virtual CTO or a fractional CTO?", False),  # "whether X or Y" is what is asked about
        ("Is it true that recruiting a full-time CIO can take six months or more?", False),
        ("Do I need both?", False),
        # a stop-41 walk's "Yes." to an either/or typed without "?", the preposition repeated
        ("does a fractional cio report to our ceo or to the it manager", True),
        ("Does the MSP report to us or to the fractional CIO?", True),
        ("Does a fractional CIO talk to the board or to the staff. We are unsure", False),  # the last sentence asks nothing
    ],
)
def test_a_question_asking_which_option_to_take_is_told_from_a_yes_no_question(question: str, choice: bool) -> None:
    assert shape(question).choice == choice


def test_the_verb_sign_asks_for_no_signs() -> None:
    from advisor.questions import ASKS_SIGNS

    assert ASKS_SIGNS.search("What are the signs that my company needs a fractional CIO?")
    assert not ASKS_SIGNS.search("Every company needs a fractional CIO, so we should sign one up this month, right?")


def test_the_verdict_models_bag_holds_the_opening_of_the_questions_last_sentence() -> None:
    """Word order a bag loses: "can a fractional cio …" and "will our msp …" lean opposite ways; after context, the question is the last sentence."""
    from advisor.verdict import verdict_terms

    terms = verdict_terms("We're a 20-person firm. Can our MSP handle that?")
    assert {"^can", "^can our", "^can our msp", "can", "msp", "firm"} <= terms
    assert not any(t.startswith("^we") for t in terms)  # the context's opening is not the question's
    assert "^can our msp handle" not in terms  # three words at most
    assert {t for t in verdict_terms("Msp?") if t.startswith("^")} == {"^msp"}
    assert {t for t in verdict_terms("") if t.startswith("^")} == set()


@pytest.mark.parametrize(
    ("question", "overstated"),
    [
        ("Why is the vCIO that our MSP includes just as independent as an outside fractional CIO?", True),
        ("Why is a fractional CIO basically just a pricier MSP?", True),
        ("why are msps and fractional cios the same thing?", True),
        ("Why can't my MSP just handle our IT strategy too?", False),  # asks why not: presumes nothing overstated
        ("Why does it matter that a fractional CIO is independent?", False),
        ("why is our msp so rigid about only supporting certain tools?", False),
        ("Why isn't the vCIO our MSP includes just as independent as a fractional CIO?", False),  # a negated why presumes the truth
        ("Why are an MSP and a fractional CIO not the same thing?", False),
    ],
)
def test_a_why_asked_of_an_overstatement_is_a_premise_to_correct(question: str, overstated: bool) -> None:
    assert shape(question).overstated_premise is overstated


@pytest.mark.parametrize(
    ("question", "drops"),
    [
        ("Once we bring on a fractional CIO, should we drop the MSP?", True),
        ("Can a fractional CTO replace our MSP?", True),
        ("Should we fire our MSP and just hire a fractional CIO instead?", True),
        ("Our MSP is slow. Should we replace our MSP with a better one?", False),  # an MSP for an MSP: the articles allow it
        ("Our MSP includes a vCIO. Should we replace the vCIO with an independent fractional CIO?", False),  # a leader for a leader
        ("Will our MSP tell us which vendors to drop?", False),
        ("Would a fractional CIO ever recommend we replace our MSP?", False),  # not the asker's proposal
        ("Is it a mistake to drop our MSP once we hire a fractional CIO?", False),
        ("Should we keep our MSP rather than replacing it with a fractional CIO?", False),
        ("Can a fractional CIO help us fire a bad MSP?", False),
        ("Does hiring a fractional CIO mean we no longer need an MSP?", True),  # a stop-33 walk's, no verdict
        ("We won’t need an MSP once our fractional CIO is on board, right?", True),  # a phone's apostrophe
        ("We no longer need an MSP's vCIO once a fractional CIO starts, right?", False),  # a leader for a leader
    ],
)
def test_dropping_one_side_for_the_other(question: str, drops: bool) -> None:
    from advisor.questions import drops_one_for_the_other

    assert drops_one_for_the_other(question) is drops


@pytest.mark.parametrize(
    ("question", "overstated"),
    [
        ("Given a full-time CIO only runs about $100k a year, why would anyone bother with a fractional one?", True),
        ("MSPs are really only for big companies with 500+ employees, right? What should a 25 person office use instead?", True),
        ("Right now our MSP only handles tickets. What next?", False),  # "right" opening a sentence is no tag
        ("Is that right? Our MSP only does patching.", False),
    ],
)
def test_premises_the_fitted_cue_misses_are_corrected_when_they_overstate(question: str, overstated: bool) -> None:
    s = shape(question)
    assert s.overstated_premise is overstated
    assert s.premise_stated is overstated  # each stated premise here overstates; the others state none
    assert "premise" not in s.types  # the fitted models' cue is unchanged (they are not refit)


@pytest.mark.parametrize(
    ("question", "overstated"),
    [
        ("Is it true that fractional CTO, virtual CTO and part-time CTO are completely different services?", True),  # commas and all
        ("Is it really true that a fractional CIO replaces the MSP?", True),
        ("Is it true that recruiting a full-time CIO can take six months or more?", False),  # a premise, overstating nothing
        ("Is a fractional CTO completely different from a part-time CTO?", False),  # asked, not put up
        ("Is it true that fractional CIOs never handle help desk tickets?", False),  # a negative premise: often the articles' point
        ("Is it true that a 20-person company with simple IT doesn't need a fractional CIO?", False),
        ("Is it a myth that a fractional CIO can fully replace an MSP?", False),  # a myth is not put up as true (a review's "Not quite")
    ],
)
def test_is_it_true_that_puts_up_what_follows_as_a_premise(question: str, overstated: bool) -> None:
    s = shape(question)
    assert s.overstated_premise is overstated
    assert s.premise_stated is (question.startswith(("Is it true", "Is it really")))


def test_a_hedged_premise_put_up_as_is_it_true_that_overstates_nothing() -> None:
    q = "Is it true that a small company under 30 employees with simple tech needs may just need a better MSP rather than a fractional CIO?"
    assert shape(q).premise_stated and not shape(q).overstated_premise


def test_the_sentences_asked_are_those_ending_in_a_question_mark() -> None:
    from advisor.questions import asked_sentences

    assert asked_sentences("roughly what would both cost us? we're around 200 staff") == ["roughly what would both cost us?"]
    assert asked_sentences("Our MSP says it's a good deal. How should I think about that?") == ["How should I think about that?"]
    assert asked_sentences("We're 200 people.") == []


def test_a_yes_no_question_typed_without_a_question_mark_after_its_context() -> None:
    assert shape("our one it guy is leaving next month and hes the only one who knows how anything works. would a fractional cio help").yes_no
    assert shape("we have a fractional cio but never signed an msp. are we missing something").yes_no
    # a wh-question so typed is none, nor is a statement after the context
    assert not shape("We have an MSP. What does a fractional CIO do").yes_no
    assert not shape("We have an MSP. It does our helpdesk").yes_no


def test_an_askers_role_opening_a_wh_question_states_no_premise() -> None:
    from advisor.questions import shape

    # A stop-36 walk's "No." to a what-question, from the "As" of the fitted premise cue.
    s = shape("As a board member, what risks are we taking if our MSP is the only technology relationship we have?")
    assert s.role_opener and not s.wants_verdict and not s.premise_stated
    assert shape("As our MSP owns the budget, can we skip a fractional CIO?").wants_verdict  # a premise, and a yes/no
    assert shape("As a CFO, is a fractional CIO worth it?").wants_verdict


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("A CFO told me a fractional CIO is just an expensive consultant who writes reports. How do I answer that?", "A fractional CIO is just an expensive consultant who writes reports, right?"),
        ('Prospect objection: "We\'re too small for a CIO." What do I say?', "We're too small for a CIO, right?"),
        ("A prospect says their MSP's vCIO already covers strategy so they don't need a fractional CIO. How should I respond?", "Their MSP's vCIO already covers strategy so they don't need a fractional CIO, right?"),
        # Left as asked: a claim that is a question, a true claim (no objection in it), a situation before the claim, no claim.
        ("A prospect told me 'we already pay an MSP, why would we also pay for a fractional CTO?' How should I respond?", None),
        ("A prospect says their MSP is great at keeping systems running. How do I respond?", None),
        ("Prospect pays about $120/user/month to their MSP and says a fractional CIO would be paying for the same thing twice. How do I answer on cost?", None),
        ("My CEO thinks our MSP's vCIO already covers strategy. Is he right?", None),
        ("What does an MSP do?", None),
    ],
)
def test_a_reported_objection_is_read_as_its_claim_tagged(question: str, claim: str | None) -> None:
    assert reported_claim(question) == (claim or question)


@pytest.mark.parametrize(
    ("question", "inner"),
    [
        ("FAQ wording please: 'Is a fractional CTO the same thing as a part-time CTO?'", "Is a fractional CTO the same thing as a part-time CTO?"),
        ("For the FAQ: 'Once we hire a fractional CIO, they'll take over our helpdesk, right?' — how do we phrase the answer?", "Once we hire a fractional CIO, they'll take over our helpdesk, right?"),
        ('How should we answer "Do we need both?" on our FAQ page?', "Do we need both?"),
        # Left as asked: the words around the quote ask a question of their own, or there is no quoted question.
        ("Our MSP says 'you don't need a CIO, right?' Is that true for a fractional CIO?", None),
        ("What's the difference between an MSP and a fractional CIO?", None),
    ],
)
def test_a_question_quoted_in_a_request_about_answering_it_is_what_is_asked(question: str, inner: str | None) -> None:
    assert quoted_question(question) == (inner or question)


@pytest.mark.parametrize(
    ("question", "keeps"),
    [
        ("If we hire a fractional CIO, should we still keep our MSP?", True),
        ("We already have a fractional CIO. Do we still need an MSP?", True),
        ("If our MSP is great, do we still need a fractional CIO?", False),  # the other way round: it depends
        ("Does going with an MSP plus a fractional CIO mean we still need a full internal IT department?", False),
    ],
)
def test_asked_whether_to_keep_the_msp_once_the_leader_is_in_place(question: str, keeps: bool) -> None:
    assert keeps_the_msp(question) is keeps


@pytest.mark.parametrize(
    ("question", "second"),
    [
        ("We're closing an acquisition. Do I need a fractional CTO or an interim CTO, and what should they focus on for the deal?", "What should they focus on for the deal?"),
        ("What is a fractional CTO? And when would we need one?", "And when would we need one?"),
        # Not a second thing asked: the first ask's object, a request to put the first, one ask.
        ("Who decides which systems stay and which vendors go — the MSP or the fractional CTO?", None),
        ("A prospect told me: we already pay our MSP for a vCIO, so why would we pay you too? How do I respond?", None),
        ("What does a fractional CIO do?", None),
    ],
)
def test_a_second_thing_asked_is_found_alone(question: str, second: str | None) -> None:
    assert second_ask(question) == second


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "the it guys say a vcio is included in our contract isnt that basicaly the same thing as a fractional cio",
            "the it guys say a vcio is included in our contract, isn't that basicaly the same thing as a fractional cio?",
        ),
        ("we cant afford a cio and it wont change", "we can't afford a cio and it won't change"),
        ("the msp does strategy dont they", "the msp does strategy, don't they?"),
        ("Isnt a vcio enough?", "Isn't a vcio enough?"),
        ("Is the MSP enough, isn't it? We think so", "Is the MSP enough, isn't it? We think so"),  # asked already: left alone
        ("What does an MSP cost", "What does an MSP cost"),
    ],
)
def test_a_question_typed_without_apostrophes_or_punctuation_is_read_as_meant(typed: str, read: str) -> None:
    assert as_typed_properly(typed) == read


def test_a_second_ask_may_put_three_words_between_its_question_word_and_its_verb() -> None:
    assert second_ask("What does a fractional CIO actually do week to week, and who in the company do they report to?") == "Who in the company do they report to?"


def test_a_reported_objection_asking_for_arguments_to_come_back_with_is_read_as_its_claim() -> None:
    q = 'CFO prospect objection: "a fractional CIO is just a pricey consultant, we\'d get better value hiring a full-time CIO." What numbers and arguments can I come back with?'
    assert reported_claim(q) == "A fractional CIO is just a pricey consultant, we'd get better value hiring a full-time CIO, right?"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Should I bring in an independent fractional CIO, or just lean on the MSP?", "Should I bring in an independent fractional CIO?"),
        ("Do we need a fractional CIO, or should I just ask the MSP to step up?", "Do we need a fractional CIO?"),
        ("Should we hire a fractional CIO or just get a better MSP?", "Should we hire a fractional CIO or just get a better MSP?"),  # a real option
        ("Should we bring in a fractional CTO, an interim CTO, or just sign with an MSP?", "Should we bring in a fractional CTO, an interim CTO, or just sign with an MSP?"),
        # a stop-41 walk's "…, or is that separate" (no verdict): "no" to the proposal says it is apart
        ("our it guys are an msp, do they do strategy stuff too or is that seperate", "our it guys are an msp, do they do strategy stuff too?"),
        ("Does a fractional CIO handle security, or is that a separate role?", "Does a fractional CIO handle security?"),
    ],
)
def test_the_status_quo_offered_after_a_proposal_leaves_the_proposal_asked(question: str, asked: str) -> None:
    assert without_the_status_quo(question) == asked


def test_a_second_ask_typed_without_a_question_mark_is_found() -> None:
    # A stop-40 walk's two-part question lost a half.
    assert second_ask("what does a fractional cio do day to day and how much does it cost") == "How much does it cost"
    # A short second ask is none (read with the first, "How much do we need both" ranked nonsense; a review's).
    assert second_ask("do we need both and how much") is None
    assert second_ask("our msp is great and how much we pay is fine") is None  # a statement, not a question
