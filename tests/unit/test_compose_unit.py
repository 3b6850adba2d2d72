"""Composition rules on passages made inline: no model, no Chroma (the hashing fake embedder)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from advisor.answerer import Answerer, _denied_side
from advisor.index import IndexSnapshot
from advisor.models import Answer, Message
from advisor.passage import Passage
from advisor.prompts import Profile
from advisor.questions import shape
from advisor.render import parse_markers, to_html, to_markdown, to_text
from advisor.units import units_of
from tests.fakes import HashingEmbedder, knowledge, passage

PROFILE = Profile("website", "Website", "", "", max_sentences=4, max_words=150, max_passages=3)


@pytest.fixture()
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


def _answer(embedder: HashingEmbedder, passages: list[Passage], question: str, **weights: float) -> Answer:
    vecs = embedder.encode([p.embed_text for p in passages])
    snap = IndexSnapshot.build("test", passages, vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, **(weights or {"dense": 3.0, "key": 2.0})))
    ranked = answerer.assess(snap, question)
    composed = answerer.compose(snap, ranked, PROFILE)
    return Answer(question=question, statements=composed.statements, citations=composed.citations, verdict=composed.verdict)


def test_a_bare_verdict_is_shown_with_the_question_it_answers(embedder: HashingEmbedder) -> None:
    faq = passage("Most growing businesses do. The MSP executes and the CIO directs.", kind="faq", faq_question="Do I need both an MSP and a CIO?")
    other = passage("Pizza ovens need high heat.", position=1)
    ans = _answer(embedder, [faq, other], "Do I need both an MSP and a CIO?")
    # (Since stop 34 a "Yes." comes first: asked whether both are needed, an answer keyed to both says it.)
    assert [s.text for s in ans.statements if s.kind == "ruling"] == ["Yes."]
    first = next(s for s in ans.statements if s.kind != "ruling")
    assert first.kind == "verdict" and first.citation_ids == [1]
    assert first.text == "Asked “Do I need both an MSP and a CIO?”, our article answers: Most growing businesses do. The MSP executes and the CIO directs."
    assert ans.citations[0].quote == faq.body and ans.citations[0].context == faq.faq_question


@pytest.mark.parametrize(
    ("question", "lends"),
    [
        ("Is a fractional CTO the same as a part-time CTO?", True),  # its own question
        ("Should we just hire a part-time CTO for the hands-on work?", False),  # "just" overstates what the FAQ does not
        ("Can a part-time CTO replace a fractional CTO?", False),
    ],
)
def test_an_faq_verdict_is_lent_only_to_a_question_overstating_nothing_more_than_its_own(embedder: HashingEmbedder, question: str, lends: bool) -> None:
    faq = passage("Usually, yes in plain language. The better question is whether you need senior leadership.", kind="faq", faq_question="Is a fractional CTO the same as a part-time CTO?")
    ans = _answer(embedder, [faq, passage("Pizza ovens need high heat.", position=1)], question)
    assert (ans.verdict == "yes") == lends


def test_a_how_long_question_leads_with_the_passage_stating_a_duration(embedder: HashingEmbedder) -> None:
    # Ranked first by the fake (its heading is the question), but none of its sentences says how long.
    asked = passage("Leaders ask about the technology roadmap and its horizon.", doc="a.md", heading="How long should a technology roadmap look ahead?")
    stated = passage("A technology roadmap should look ahead for the next 12 to 36 months.", doc="b.md")
    question = "How long should a technology roadmap look ahead?"
    vecs = embedder.encode([p.embed_text for p in (asked, stated)])
    snap = IndexSnapshot.build("test", [asked, stated], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=2.0))
    assert int(np.argmax(answerer.assess(snap, question).probs)) == snap.passages.index(asked)  # the ranker's own order
    assert _answer(embedder, [asked, stated], question).citations[0].quote == stated.body


@pytest.mark.parametrize(
    ("question", "opens"),
    [
        ("What doesn't an MSP do?", "But an MSP does not own the technology roadmap."),
        ("What does an MSP not handle?", "But an MSP does not own the technology roadmap."),
        ("What won't a fractional CIO do?", "They will not reset passwords."),  # a pronoun standing for the side named before
        ("What does an MSP do?", "An MSP patches servers and answers tickets."),  # asks what it does: the ranker's order
    ],
)
def test_asked_what_a_side_does_not_do_the_answer_opens_with_what_it_does_not(embedder: HashingEmbedder, question: str, opens: str) -> None:
    does = passage("An MSP patches servers and answers tickets. It keeps the lights on.", doc="a.md", heading="What does an MSP do?")
    does_not = passage("An MSP is reliable. But an MSP does not own the technology roadmap.", doc="b.md", position=1)
    other_side = passage("A fractional CIO owns the roadmap. They will not reset passwords.", doc="c.md", position=2)
    # Not a denial of a side: the negation comes before any side is named, or after both are.
    decoy = passage("The question isn't whether an MSP does the work.", doc="d.md", position=3)
    both = passage("Your MSP and a fractional CIO are not competing for the roadmap.", doc="e.md", position=4)
    ans = _answer(embedder, [does, does_not, other_side, decoy, both], question)
    assert opens in ans.statements[0].text
    assert "The question isn't" not in ans.statements[0].text and "not competing" not in ans.statements[0].text


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What doesn't an MSP do?", True),
        ("Which things should a fractional CIO not be doing?", True),
        ("What doesn't it do? (MSP)", True),  # a follow-up, its subject added in brackets
        ("What doesn’t an MSP do?", True),  # a phone's curly apostrophe
        ("What is it that an MSP doesn't do?", True),  # "that" opening the clause the question asks
        ("What tasks and services does an MSP not cover?", True),  # "and" joining what is asked about
        ("What value does a fractional CIO add that we don't already get?", False),  # a relative clause of another subject
        ("What happens if we don't have a roadmap?", False),  # the negation is in a condition
        ("What does an MSP do that we can't do in-house?", False),  # … in a relative clause
        ("What is a fractional CIO and why isn't our MSP enough?", False),  # … in a second question
        ("What does an MSP do that a fractional CIO does not?", False),  # an asymmetric comparison: what the MSP does
        ("What does an MSP do?", False),
        ("What's the strongest way to handle the 'we can't afford a CIO' objection?", False),  # the negation is quoted
        ("What do I say when a prospect says “we don't need a fractional CIO”?", False),
        ("What's the answer to ‘we can’t afford it’?", False),  # a phone's curly quotes and apostrophe
        ("What do I say so they don't think we're there to replace the MSP?", False),  # a purpose clause of another subject
    ],
)
def test_a_question_asking_what_a_side_does_not_do_is_told_from_others(question: str, asks: bool) -> None:
    assert shape(question).what_not == asks


def test_sentences_brought_only_because_the_opening_leans_on_them_take_no_room_from_what_follows(embedder: HashingEmbedder) -> None:
    body = "An MSP runs operations. That is why leaders split the work. It keeps execution apart. It keeps strategy apart too. Coffee is hot."
    ans = _answer(embedder, [passage(body)], "Why do leaders split the work?")
    assert ans.citations[0].quote == "An MSP runs operations. That is why leaders split the work. It keeps execution apart. It keeps strategy apart too."


def test_a_sentence_ending_with_a_colon_brings_what_it_announces_past_the_window(embedder: HashingEmbedder) -> None:
    # The window (3 sentences) grew back to "You have heard of both." and had ended at "… always the same:".
    body = "You have heard of both. You might be paying for one of them. But my first answer is always the same:\n\nThey are not the same thing."
    ans = _answer(embedder, [passage(body)], "Might we be paying for one?")
    assert ans.citations[0].quote == body


def test_an_faq_answer_opening_with_the_clause_its_question_asks_for_is_shown_with_that_question(embedder: HashingEmbedder) -> None:
    faq = passage("When technology starts shaping growth and deal readiness. That is the point where managed IT alone is not enough.", kind="faq", faq_question="When should you stop using managed IT alone?")
    ans = _answer(embedder, [faq], "When is managed IT alone not enough?")
    assert ans.statements[0].text.startswith("Asked “When should you stop using managed IT alone?”, our article answers: When technology starts")
    assert ans.citations[0].context == faq.faq_question


@pytest.mark.parametrize(
    ("question", "opens_at_turn"),
    [
        ("Does the vCIO from our MSP create a conflict of interest?", True),  # asks something else: the turn answers it
        ("What if my MSP offers vCIO services?", False),  # its own question: the answer as the source gives it
        ("MSP vCIO services are always worthless, so we should cancel ours, right?", False),  # overstated: the concession corrects it
    ],
)
def test_an_faq_answers_concession_does_not_open_a_quote_answering_another_question(embedder: HashingEmbedder, question: str, opens_at_turn: bool) -> None:
    body = (
        "Many MSPs include a virtual CIO in their package. This can be genuinely useful, and some MSPs do this well. "
        "The limitation is that a vCIO employed by your MSP has a conflict of interest when reviewing the MSP."
    )
    faq = passage(body, kind="faq", faq_question="What if my MSP offers vCIO services?")
    ans = _answer(embedder, [faq, passage("Pizza ovens need high heat.", doc="b.md")], question)
    quote = ans.citations[0].quote
    assert quote.startswith("The limitation is that") == opens_at_turn
    assert quote.endswith("when reviewing the MSP.")  # the turn is always quoted


def test_an_faq_answer_leaning_on_its_question_leads_with_that_question_not_skipped(embedder: HashingEmbedder) -> None:
    # "Then a fractional CISO …" leans on its own question; it had been skipped as a fragment, the answer going to the next passage.
    faq = passage("Then a fractional CISO may be part of the answer. Security and technology leadership are not always the same seat.", kind="faq", faq_question="What if you also need security leadership?")
    other = passage("A fractional CIO owns the roadmap and the budget.", doc="b.md")
    ans = _answer(embedder, [faq, other], "What if we also need security leadership?")
    assert ans.statements[0].text.startswith("Asked “What if you also need security leadership?”, our article answers: Then a fractional CISO")
    assert ans.citations[0].context == faq.faq_question


def test_a_question_naming_another_row_of_a_quoted_table_gets_that_row(embedder: HashingEmbedder) -> None:
    table = "| Dimension | MSP | Fractional IT Executive |\n|---|---|---|\n"
    pricing = passage(table + "| Pricing model | $50–$200 per user per month | $5,000–$20,000 per month |", kind="table_row", heading="Side by side")
    reports = passage(table + "| Reports to | IT manager | CEO, CFO, or board |", kind="table_row", heading="Side by side", position=1)
    focus = passage(table + "| Focus | Uptime | Strategy |", kind="table_row", heading="Side by side", position=2)
    ans = _answer(embedder, [pricing, reports, focus], "What is the pricing model, and who do they report to?")
    quotes = [c.quote for c in ans.citations]
    assert quotes[0].startswith("| Pricing model") and any(q.startswith("| Reports to") for q in quotes)
    assert not any(q.startswith("| Focus") for q in quotes)  # a row the question does not name


@pytest.mark.parametrize(
    ("follow_up", "fresh"),
    [
        ("Why not?", True),
        ("How so?", True),
        ("Why’s that?", True),
        ("Can you explain?", True),
        ("What do you mean?", True),
        ("Monthly?", False),
        ("Are you sure?", False),
        ("And what does the MSP's vCIO cost?", False),
    ],
)
def test_a_one_word_follow_up_brings_what_the_conversation_has_not_quoted_yet(embedder: HashingEmbedder, follow_up: str, fresh: bool) -> None:
    said = passage("The MSP's vCIO cannot own our IT strategy because it is structurally constrained.", doc="a.md")
    unsaid = passage("Revenue from the current setup keeps a provider from challenging that setup.", doc="b.md")
    ps = [said, unsaid]
    snap = IndexSnapshot.build("test", ps, embedder.encode([p.embed_text for p in ps]), embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=2.0))
    history = [Message(role="user", content="Can the MSP's vCIO own our IT strategy?"), Message(role="assistant", content=f"{said.body} [1]")]
    ranked = answerer.assess(snap, follow_up, history=history)
    first = answerer.compose(snap, ranked, PROFILE).citations[0].quote
    top = snap.passages[int(np.argmax(ranked.probs))].body  # the ranker's own first
    if fresh:
        assert top == said.body and first == unsaid.body  # the plain ranking would have repeated the earlier answer
    else:
        assert first == top  # a follow-up saying what it wants is answered on its words


@pytest.mark.parametrize(
    ("sentence", "denied"),
    [
        ("But an MSP does not own the roadmap.", {"msp"}),
        ("A fractional CIO won't fix slow tickets.", {"leader"}),
        ("Your MSP and a fractional CIO are not competing for the same role.", set()),  # a second role before the negation
        ("The question isn't whether you can afford a fractional CIO.", set()),  # the negation before any role
        ("A true fractional CIO has no such conflict.", set()),  # "no such" denies no doing
    ],
)
def test_the_side_a_sentence_says_does_not_do_something(sentence: str, denied: set[str]) -> None:
    p = passage(sentence)
    assert _denied_side(units_of(p), 0, p) == frozenset(denied)


def test_a_table_row_is_cited_with_the_columns_its_cells_sit_in(embedder: HashingEmbedder) -> None:
    # "✗ Conflict of interest; ✓ Core function" says nothing of whose is whose without the header row.
    row = passage("| Function | Your MSP | Fractional CIO |\n|---|---|---|\n| Independent MSP review | ✗ Conflict of interest | ✓ Core function |", kind="table_row", heading="Comparison")
    ans = _answer(embedder, [row], "Who does an independent MSP review?")
    assert ans.citations[0].quote == "| Independent MSP review | ✗ Conflict of interest | ✓ Core function |"
    assert ans.citations[0].context == "Function: Your MSP; Fractional CIO"


def test_a_list_item_is_never_quoted_without_its_lead_in(embedder: HashingEmbedder) -> None:
    body = "You need an MSP when:\n\n- Your team loses time to broken laptops.\n- Nobody patches the servers."
    lst = passage(body, kind="list", lead_in="You need an MSP when:", heading="When you need an MSP")
    ans = _answer(embedder, [lst], "What are the signs of needing an MSP for broken laptops?")
    # The lead-in, then the item that matches the question, then the others: none is joined to the lead-in (three stop-36
    # blind walks read "lead-in: fourth item" as a sentence the article never wrote).
    assert [s.kind for s in ans.statements] == ["support", "item", "item"]
    assert ans.statements[0].text == "You need an MSP when:"
    assert [s.text for s in ans.statements[1:]] == ["Your team loses time to broken laptops.", "Nobody patches the servers."]
    assert ans.citations[0].quote.startswith("You need an MSP when:") and ans.citations[0].quote in body


@pytest.mark.parametrize("lead_in", ["Use this sequence:", "Follow these steps:"])
def test_a_list_announced_as_a_sequence_keeps_its_order_and_every_step(embedder: HashingEmbedder, lead_in: str) -> None:
    # The step that matches the question best is not moved up into the lead-in: it would read as the first step.
    items = ["Map the current state.", "Write the near-term plan.", "Clarify ownership of the roadmap.", "Match the role to the problem.", "Review the plan."]
    lst = passage(lead_in + "\n\n" + "\n".join(f"- {t}" for t in items), kind="list", lead_in=lead_in, heading="What to do next")
    ans = _answer(embedder, [lst], "Who should have ownership of the roadmap?")
    assert ans.statements[0].text == lead_in
    assert [s.text for s in ans.statements[1:]] == items


def test_a_checklist_of_questions_is_shown_whole_and_in_order(embedder: HashingEmbedder) -> None:
    # A subset of the questions that match best had dropped the one pointing to the other side.
    items = [f"Is my pain point number {k} about tickets? That is an MSP problem." for k in range(3)] + [f"Is pain {k} about strategy? That is a leadership problem." for k in range(3)]
    lst = passage("Work through these questions:\n\n" + "\n".join(f"- {t}" for t in items), kind="list", lead_in="Work through these questions:", heading="Which do you need")
    ans = _answer(embedder, [lst], "Which questions tell me whether my pain point is about tickets?")
    assert ans.statements[0].text == "Work through these questions:"
    assert [s.text for s in ans.statements[1:]] == items


def test_a_lead_in_listing_questions_keeps_every_question_after_the_window_moves_past_it(embedder: HashingEmbedder) -> None:
    # The article's strongest questions come last ("Would a different provider serve you better?"): not cut after the second.
    body = (
        "Many MSPs include a vCIO in the package. It is constrained on the key questions: Is the MSP contract sized right? "
        "Are their service levels being met? Would a different provider serve you better? Coffee is hot today."
    )
    ans = _answer(embedder, [passage(body)], "Is the vCIO constrained on the key questions about the MSP?")
    assert ans.citations[0].quote.endswith("Would a different provider serve you better?")


def test_the_article_authors_own_experience_is_said_to_be_theirs(embedder: HashingEmbedder) -> None:
    # Said as is, "I've worked with companies …" would read as the assistant's experience.
    body = "I've worked with companies that paid an MSP for vCIO services that were a quarterly slide deck."
    ans = _answer(embedder, [passage(body)], "Are vCIO services a quarterly slide deck?")
    assert ans.statements[0].text == f"From the author's own experience: {body}"
    assert ans.citations[0].quote == body  # the quote stays the article's words


def test_a_quote_is_never_cut_just_before_the_source_turns_against_it(embedder: HashingEmbedder) -> None:
    # "On paper, a vCIO add-on sounds appealing." ending the quote reads as an endorsement the article goes on to retract.
    body = "Many MSPs now sell a vCIO add-on with the contract. On paper, a vCIO add-on sounds appealing. In practice, there's a structural problem. Coffee is hot."
    ans = _answer(embedder, [passage(body)], "Does a vCIO add-on sound appealing on paper?")
    assert "In practice, there's a structural problem." in ans.citations[0].quote


def test_a_bare_verdict_below_a_heading_that_asks_nothing_brings_the_sentence_before_it(embedder: HashingEmbedder) -> None:
    # "Asked “Managed IT solves different problems”, our article answers: Usually, yes." answered nothing.
    body = "An MSP keeps the network and backups steady for the firm. Usually, yes. Coffee is hot. Tea is cold. Milk is white."
    ans = _answer(embedder, [passage(body, heading="Managed IT solves different problems")], "Is it usually yes?")
    assert ans.citations[0].quote.startswith("An MSP keeps the network")
    assert not any(s.text.startswith("Asked") for s in ans.statements)


def test_a_sentence_pointing_at_what_the_article_does_not_hold_opens_no_quote(embedder: HashingEmbedder) -> None:
    # "The cleanest framing is in this MSP vs fractional CTO comparison." was a link's words: the quote opens after it.
    body = "The cleanest framing is in this MSP vs fractional CTO comparison. The MSP keeps the service running. A fractional CTO reviews whether the service supports the business."
    ans = _answer(embedder, [passage(body)], "What is the cleanest framing of MSP vs fractional CTO?")
    assert ans.citations[0].quote.startswith("The MSP keeps the service running.")


def test_a_paragraphs_short_closing_sentences_come_with_the_window(embedder: HashingEmbedder) -> None:
    # "It is also different from fractional CTO vs IT consultant." alone promises a difference it never states.
    body = (
        "This is the right move for strategy, not another ticket queue. A fractional CTO gives you senior direction. "
        "It is also different from fractional CTO vs IT consultant. A consultant can advise. A CTO owns the operating picture."
        "\n\nCoffee is hot and tea is cold in every office kitchen we have ever visited, summer or winter, rain or shine."
    )
    ans = _answer(embedder, [passage(body)], "Is a fractional CTO different from an IT consultant?")
    assert ans.citations[0].quote.endswith("A consultant can advise. A CTO owns the operating picture.")
    long_tail = body.replace(
        "A consultant can advise. A CTO owns the operating picture.", "Beans come from farms across the hills. Leaves are dried for many weeks before they ship by sea. Milk goes in both, cold or warm, at breakfast."
    )
    ans = _answer(embedder, [passage(long_tail)], "Is a fractional CTO different from an IT consultant?")
    assert "Milk" not in ans.citations[0].quote, "a long rest of the paragraph is not brought along"


def test_a_cost_question_whose_lead_has_no_figures_gets_the_likeliest_passage_with_figures_second(embedder: HashingEmbedder) -> None:
    # "Client says a fractional CIO is too expensive for a company our size" had led with a list of signs and quoted no fee.
    signs = passage("A fractional CIO is too expensive for a company our size, you may think; a fractional CIO fits a company our size.", heading="Signs", position=0)
    fee = passage("A fractional CIO retainer runs $5,000 to $20,000 a month.", heading="Fees", position=1, doc="b.md")
    others = [passage(f"A fractional CIO for a company our size is {w}, too expensive or not.", heading="Size", position=2 + k, doc=f"c{k}.md") for k, w in enumerate(("common", "usual", "normal", "typical"))]
    ps = [signs, fee, *others]
    snap = IndexSnapshot.build("test", ps, embedder.encode([p.embed_text for p in ps]), embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=0.0))
    ranked = answerer.assess(snap, "Is a fractional CIO too expensive for a company our size?")
    assert snap.passages[int(ranked.order[-1])] is fee, "the premise: the fee ranks last"
    assert len(ps) - 1 > PROFILE.max_passages, "the premise: more passages rank above the fee than the profile quotes"
    assert answerer._select(snap, ranked, PROFILE, None)[:2] == [int(ranked.order[0]), ps.index(fee)], "the fee comes right after the lead"
    assert fee.id in {c.chunk_id for c in answerer.compose(snap, ranked, PROFILE).citations}
    budget = answerer.assess(snap, "Who should own the budget of a fractional CIO for a company our size?")
    assert ps.index(fee) not in answerer._select(snap, budget, PROFILE, None), "who owns a budget asks no price"


def test_a_bare_verdict_opening_a_passage_under_a_heading_that_asks_nothing_is_not_shown_as_its_answer(embedder: HashingEmbedder) -> None:
    body = "Usually, yes. An MSP keeps the network and the backups steady for the firm. Coffee is hot. Tea is cold."
    ans = _answer(embedder, [passage(body, heading="Managed IT solves different problems")], "Is it usually yes for the network and backups?")
    assert not any(s.text.startswith("Asked") for s in ans.statements), "a heading that asks nothing is not the question a verdict answered"


def test_the_window_still_never_ends_before_a_turn_after_skipping_a_link_sentence(embedder: HashingEmbedder) -> None:
    body = "The cleanest framing is in this MSP vs fractional CTO comparison. An MSP vCIO sounds appealing. But it rarely works.\n\nCoffee is hot and tea is cold."
    ans = _answer(embedder, [passage(body)], "What is the cleanest framing of MSP vs fractional CTO?")
    assert ans.citations[0].quote.endswith("But it rarely works.")


def test_a_pronoun_sentence_brings_the_sentence_it_leans_on(embedder: HashingEmbedder) -> None:
    body = "An MSP is an operations vendor. They are measured on uptime and ticket resolution time. Coffee is hot."
    ans = _answer(embedder, [passage(body)], "How is uptime measured for ticket resolution?")
    assert ans.citations[0].quote.startswith("An MSP is an operations vendor. They are measured")


@pytest.mark.parametrize(
    ("body", "question", "opening"),
    [
        # "The same pattern …", "The other …", "Such …" alone say nothing of which: the sentence they compare with comes too.
        *(
            (f"Fractional CTO and virtual CTO point to the same idea, senior leadership without a full-time hire. {leaning} Coffee is hot.", "Is a virtual CISO the same as a fractional CISO?", "Fractional CTO and virtual CTO point to the same idea")
            for leaning in ("The same pattern shows up with a fractional CISO or a virtual CISO.", "The other decides where the business should go next with a fractional CISO.", "Such leadership covers a fractional CISO too.")
        ),
        # "Often, they are essential." alone (an adverb, a comma, then a pronoun) says nothing of what is essential.
        (
            "Managed IT services keep the technical side of the business steady. Often, they are essential. Coffee is hot. Tea is cold.",
            "Are they essential?",
            "Managed IT services keep the technical side of the business steady. Often, they are essential.",
        ),
        # "Most businesses need that work done well." alone says nothing of which work.
        (
            "An MSP keeps the daily operations of the firm moving. Most businesses need that work done well. Coffee is hot. Tea is cold.",
            "Do most businesses need that work done well?",
            "An MSP keeps the daily operations of the firm moving. Most businesses",
        ),
        # "Sometimes it means saying no to another vendor." alone (an adverb, no comma, then a pronoun) says nothing of what "it" is.
        (
            "Cost-per-outcome reporting ties each tool to a business result. Sometimes it means saying no to another vendor. Coffee is hot. Tea is cold.",
            "Does it mean saying no to another vendor?",
            "Cost-per-outcome reporting ties each tool to a business result. Sometimes it means",
        ),
        # "I've also worked with …" alone says nothing of what else.
        (
            "I've worked with companies that paid an MSP for vCIO services. I've also worked with companies that had a fractional CIO but no support. Coffee is hot. Tea is cold.",
            "Have you worked with companies that had a fractional CIO but no support?",
            "I've worked with companies that paid an MSP",
        ),
        # "Far fewer have the CFO equivalent …" alone says fewer of what than what.
        (
            "Most mid-market companies have the accounting firm. Far fewer have the CFO equivalent on the technology side. That's the gap. Coffee is hot.",
            "Do companies have the CFO equivalent on the technology side?",
            "Most mid-market companies have the accounting firm. Far fewer",
        ),
        # "No managed services revenue riding on the outcome." alone names neither who has none nor why it matters.
        (
            "An independent fractional CIO has no vendor relationship to defend. No managed services revenue riding on the outcome. Coffee is hot.",
            "Is there managed services revenue riding on the outcome?",
            "An independent fractional CIO has no vendor relationship to defend. No managed services revenue",
        ),
        # "A true fractional CIO has no such conflict." alone names no conflict: the sentences describing it open the quote.
        (
            "Your MSP earns revenue from your current setup. Their incentive is to keep things stable. A true fractional CIO has no such conflict. Coffee is hot.",
            "Does a true fractional CIO have a conflict?",
            "Your MSP earns revenue from your current setup. Their incentive",
        ),
        # "Both cost money." and "… paying for one of them" alone say nothing of what "both" and "them" are.
        (
            "An MSP and a fractional CIO are both external relationships. Both cost money. Coffee is hot. Tea is cold.",
            "Does it cost money?",
            "An MSP and a fractional CIO are both external relationships. Both cost money.",
        ),
        (
            "The question is not whether you can afford a fractional CIO. The better question is whether you can keep deciding without one. Coffee is hot. Tea is cold.",
            "Can we keep deciding?",
            "The question is not whether you can afford a fractional CIO.",
        ),
        (
            "You have heard of MSPs and fractional CIOs. You might be paying for one of them right now. Coffee is hot. Tea is cold.",
            "Might we be paying right now?",
            "You have heard of MSPs and fractional CIOs. You might be paying",
        ),
        # "You might call it an outsourced CTO …" alone names nothing; "Without both, …" says nothing of both what.
        (
            "A fractional CTO service fits when you need senior leadership part time. You might call it an outsourced CTO or a virtual CTO. Coffee is hot. Tea is cold.",
            "Is it an outsourced CTO or a virtual CTO?",
            "A fractional CTO service fits when",
        ),
        (
            "A clear operating rhythm matters, and so does a decision rights map. Without both, leadership ends up with meetings and no clarity. Coffee is hot. Tea is cold.",
            "Does leadership end up with meetings and no clarity?",
            "A clear operating rhythm matters",
        ),
        # "Could some of what the MSP manages be handled in-house? Those questions require independence." had dropped the
        # lead-in and the questions before it: a run of questions is quoted from its start.
        (
            "Coffee is hot. Tea is cold. A vCIO employed by your MSP is constrained on the key questions: Is the contract sized right? "
            "Are service levels met? Could some of what the MSP manages be handled in-house? Those questions require independence. "
            "Milk is white and bread is baked fresh every morning in the small shop on the corner of the old market square.",
            "Could some of what the MSP manages be handled in-house?",
            "A vCIO employed by your MSP is constrained on the key questions: Is the contract sized right?",
        ),
    ],
)
def test_a_sentence_leaning_on_the_one_before_brings_it(embedder: HashingEmbedder, body: str, question: str, opening: str) -> None:
    ans = _answer(embedder, [passage(body)], question)
    assert ans.citations[0].quote.startswith(opening)


def test_a_paragraph_pointing_back_in_mid_sentence_comes_after_the_paragraph_it_points_to(embedder: HashingEmbedder) -> None:
    # "… at a fraction of that cost" is quoted right after the salary it is a fraction of, not before or without it.
    lead = passage("Does a fractional CIO engagement give senior leadership? Yes, a fractional CIO engagement gives senior leadership.", doc="d.md")
    salary = passage("A full-time CIO costs $250,000 a year in salary.", doc="c.md", position=3)
    fraction = passage("A fractional CIO engagement gives senior leadership at a fraction of that cost. It scales to the hours you need.", doc="c.md", position=4)
    ans = _answer(embedder, [lead, fraction, salary], "Does a fractional CIO engagement give senior leadership?")
    assert [c.quote.split(" ")[1] for c in ans.citations] == ["a", "full-time", "fractional"]


def test_a_passage_pointing_back_without_what_it_points_to_is_quoted_from_the_next_sentence(embedder: HashingEmbedder) -> None:
    # The paragraph it points to may not be quoted here (a draft on the website): its pointing sentence is left out.
    salary = passage("A full-time CIO costs $250,000 a year in salary.", doc="c.md", position=3)
    fraction = passage(
        "A fractional CIO engagement gives senior leadership at a fraction of that cost. For most firms a fractional CIO engagement costs less than a month of salary.", doc="c.md", position=4
    )
    ps = [fraction, salary]
    snap = IndexSnapshot.build("test", ps, embedder.encode([p.embed_text for p in ps]), embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=2.0))
    for allowed, opening in ((None, "A full-time CIO"), (np.asarray([q.id != salary.id for q in snap.passages]), "For most firms")):
        ranked = answerer.assess(snap, "Does a fractional CIO engagement give senior leadership?", allowed=allowed)
        assert answerer.compose(snap, ranked, PROFILE).citations[0].quote.startswith(opening)


@pytest.mark.parametrize("follows", [True, False])
def test_a_full_time_salary_in_a_cost_answer_comes_with_the_passage_comparing_the_fee_to_it(embedder: HashingEmbedder, follows: bool) -> None:
    # "What does each cost?" had a talking point "A full-time CIO … costs $250,000 …" and nothing saying how it
    # compares: the passage saying so comes too. Without one, the salary is still the fractional side's comparison.
    fees = passage("| Dimension | MSP | Fractional CIO |\n|---|---|---|\n| Cost | $100 per user per month | $8,000 per month |", kind="table_row", doc="a.md", heading="What does an MSP and a fractional CIO each cost?")
    salary = passage("A full-time CIO costs $250,000 a year.", doc="c.md", position=3)
    after = "A fractional CIO engagement gives senior leadership at a fraction of that cost." if follows else "Coffee is hot today and tea is cold."
    ps = [fees, salary, passage(after, doc="c.md", position=4)]
    ans = _answer(embedder, ps, "What does an MSP and a fractional CIO each cost?")
    quotes = [c.quote for c in ans.citations]
    assert quotes[0] == fees.body.split("\n")[-1]
    assert quotes[1:] == ([salary.body, after] if follows else [salary.body])


def test_a_sentence_nearly_as_relevant_just_before_the_best_one_opens_the_quote(embedder: HashingEmbedder) -> None:
    # The paragraph's thesis comes with the sentence that matches best, not cut off before it.
    body = "An MSP assessing its own contract is limited, so someone independent should assess the MSP contract. When it is time to assess the MSP contract, you need someone independent. Coffee is hot today. Tea is cold."
    ans = _answer(embedder, [passage(body)], "When is it time to assess the MSP contract with someone independent?")
    assert ans.citations[0].quote == "An MSP assessing its own contract is limited, so someone independent should assess the MSP contract. When it is time to assess the MSP contract, you need someone independent."


@pytest.mark.parametrize(("question", "fee_first"), [("How much should we budget per month for a fractional CIO?", True), ("How much does a full-time CIO cost compared with a fractional one?", False)])
def test_a_cost_question_about_the_fractional_side_leads_with_its_fee_not_a_full_time_salary(embedder: HashingEmbedder, question: str, fee_first: bool) -> None:
    salary = passage("Budget per month for a CIO: a full-time CIO costs about $20,000 per month in salary.", heading="What a CIO costs")  # ranked first by the fake
    row = passage("| Dimension | MSP | Fractional CIO |\n|---|---|---|\n| Pricing | $50–$200 per user | $5,000–$20,000 retainer |", kind="table_row", heading="Comparison", position=1)
    ans = _answer(embedder, [salary, row], question)
    assert ans.citations[0].quote.startswith("| Pricing") == fee_first


@pytest.mark.parametrize(("question", "salary_shown"), [("How much does an MSP charge per user per month?", False), ("How much does a fractional CIO cost per month?", True)])
def test_a_cost_question_about_one_side_gets_further_figures_of_that_side_only(embedder: HashingEmbedder, question: str, salary_shown: bool) -> None:
    row = passage("| Dimension | MSP | Fractional CIO |\n|---|---|---|\n| Pricing | $50–$200 per user per month | $5,000–$20,000 per month |", kind="table_row", heading="Cost")
    salary = passage("A full-time CIO costs $250,000 a year in salary.", position=1)
    ans = _answer(embedder, [row, salary], question)
    assert ans.citations[0].quote.startswith("| Pricing")
    assert any("$250,000" in c.quote for c in ans.citations) == salary_shown


def test_agreement_counts_only_the_articles_this_answer_may_quote(embedder: HashingEmbedder) -> None:
    a = passage("Your MSP manages the tools and the fractional CIO manages the strategy.", doc="a.md")
    b = passage("Your MSP manages the tools and the fractional CIO manages the strategy.", doc="b.md")
    draft = passage("Pizza ovens need high heat.", doc="draft.md")
    ps = [a, b, draft]
    snap = IndexSnapshot.build("test", ps, embedder.encode([p.embed_text for p in ps]), embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=2.0))
    ranked = answerer.assess(snap, "Who manages the tools and who manages the strategy?", allowed=np.asarray([True, True, False]))
    agree = [s for s in answerer.compose(snap, ranked, PROFILE).statements if s.kind == "agreement"]
    assert agree and agree[0].text == "Both of our articles make this point."  # the draft the website may not quote is not one of "our" articles


def test_a_table_row_reads_as_text_and_quotes_the_row(embedder: HashingEmbedder) -> None:
    body = "| Dimension | MSP | Fractional CIO |\n|---|---|---|\n| Pricing model | $50–$200 per user | $5,000–$20,000 retainer |"
    row = passage(body, kind="table_row", heading="Comparison")
    ans = _answer(embedder, [row], "What is the pricing model of each?")
    assert ans.statements[0].text == "Pricing model: MSP: $50–$200 per user; Fractional CIO: $5,000–$20,000 retainer"
    assert ans.citations[0].quote == "| Pricing model | $50–$200 per user | $5,000–$20,000 retainer |"


def test_an_overstated_premise_is_corrected_first(embedder: HashingEmbedder) -> None:
    p = passage("A fractional CIO is not a better MSP. They will not resolve your helpdesk tickets.")
    ans = _answer(embedder, [p], "Since a fractional CIO replaces the MSP entirely, can we cancel the MSP helpdesk?")
    assert ans.statements[0].kind == "correction" and ans.statements[0].citation_ids == []
    assert ans.statements[1].citation_ids == [1]


def test_the_same_point_in_another_article_is_counted_and_cited(embedder: HashingEmbedder) -> None:
    a = passage("Your MSP manages the tools and the fractional CIO manages the strategy.", doc="a.md")
    b = passage("Your MSP manages the tools and the fractional CIO manages the strategy.", doc="b.md")
    ans = _answer(embedder, [a, b], "Who manages the tools and who manages the strategy?")
    agree = [s for s in ans.statements if s.kind == "agreement"]
    assert agree and agree[0].text == "Both of our articles make this point." and agree[0].citation_ids == [1, 2]
    assert {c.source for c in ans.citations} == {"a.md", "b.md"}


def test_renderings_agree_with_the_structure() -> None:
    statements = parse_markers("An MSP keeps systems running. [1] It is measured on uptime. [1, 2]")
    ans = Answer(question="q", statements=statements)
    assert to_text(ans) == "An MSP keeps systems running. [1] It is measured on uptime. [1] [2]"
    assert '<a href="#a-2">[2]</a>' in to_html(ans)
    assert to_markdown(ans).startswith("An MSP keeps systems running. [1]")


def test_the_fake_embedder_puts_texts_with_shared_words_closer(embedder: HashingEmbedder) -> None:
    v = embedder.encode(["msp pricing per user", "per user msp pricing model", "pizza oven"])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) and np.allclose(np.linalg.norm(v, axis=1), 1.0)


def test_a_missing_or_stale_answer_model_fails_loudly(tmp_path, embedder: HashingEmbedder) -> None:  # type: ignore[no-untyped-def]
    import json

    from advisor.errors import ModelMissing
    from advisor.knowledge import KNOWLEDGE_DIR, Knowledge

    with pytest.raises(ModelMissing, match="ranker.json"):
        Knowledge.load(embedder, tmp_path)
    stale = json.loads((KNOWLEDGE_DIR / "ranker.json").read_text(encoding="utf-8"))
    stale["features"] = stale["features"][:-1]
    (tmp_path / "ranker.json").write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(ModelMissing, match="other features"):
        Knowledge.load(embedder, tmp_path)
    # The adapter and the verdict model must be the ones the ranker was fit with.
    (tmp_path / "ranker.json").write_text((KNOWLEDGE_DIR / "ranker.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ModelMissing, match="adapter.npy"):
        Knowledge.load(embedder, tmp_path)
    np.save(tmp_path / "adapter.npy", np.zeros((2, 4, 4), np.float32))
    with pytest.raises(ModelMissing, match="another query adapter"):
        Knowledge.load(embedder, tmp_path)
    (tmp_path / "adapter.npy").write_bytes((KNOWLEDGE_DIR / "adapter.npy").read_bytes())
    with pytest.raises(ModelMissing, match="verdict.json"):
        Knowledge.load(embedder, tmp_path)
    # A verdict model whose weights have the right shape but were fit on features in another order is refused too.
    from advisor.verdict import SHAPE_FEATURES, VerdictModel

    verdict = json.loads((KNOWLEDGE_DIR / "verdict.json").read_text(encoding="utf-8"))
    dimension = len(verdict["weights"][0]) - len(SHAPE_FEATURES) - len(verdict["vocabulary"])
    assert VerdictModel.load(KNOWLEDGE_DIR / "verdict.json", dimension).classes  # the committed one loads
    verdict["features"][1], verdict["features"][2] = verdict["features"][2], verdict["features"][1]
    (tmp_path / "verdict.json").write_text(json.dumps(verdict), encoding="utf-8")
    with pytest.raises(ModelMissing, match="other features"):
        VerdictModel.load(tmp_path / "verdict.json", dimension)


def _knowledge_with_verdict(embedder: HashingEmbedder, label: str, threshold: float, key: float = 2.0):  # type: ignore[no-untyped-def]
    """The fake knowledge, with a verdict model that always says ``label`` (probability 1 against "none")."""
    from advisor.verdict import SHAPE_FEATURES, VerdictModel

    k = knowledge(embedder, dense=3.0, key=key)
    dim = embedder.encode(["x"]).shape[1] + len(SHAPE_FEATURES)
    model = VerdictModel((label, "none"), np.zeros((2, dim), np.float32), np.asarray([30.0, 0.0], np.float32), threshold, {})
    return replace(k, verdict=model)


@pytest.mark.parametrize(("label", "threshold", "said"), [("no", 0.5, "no"), ("yes", 0.5, "yes"), ("depends", 0.5, "depends"), ("no", 1.01, None), ("none", 0.5, None)])
def test_the_verdict_is_said_first_when_the_model_is_sure(embedder: HashingEmbedder, label: str, threshold: float, said: str | None) -> None:
    from advisor.verdict import RULING_TEXT

    p = passage("An MSP is measured on uptime and ticket resolution, not on strategy.")
    snap = IndexSnapshot.build("test", [p], embedder.encode([p.embed_text]), embedder, cache_file=None)
    answerer = Answerer(embedder, _knowledge_with_verdict(embedder, label, threshold))
    composed = answerer.compose(snap, answerer.assess(snap, "Does an MSP own our strategy?"), PROFILE)
    assert composed.verdict == said
    if said is None:
        assert composed.statements[0].kind != "ruling"
    else:
        first = composed.statements[0]
        assert first.kind == "ruling" and first.text == RULING_TEXT[said] and not first.citation_ids, "the verdict opens, before the first citation"
        assert composed.statements[1].citation_ids == [1]
        assert to_text(Answer(question="q", statements=composed.statements, citations=composed.citations)).startswith(RULING_TEXT[said] + " An MSP")


def test_a_corrected_premise_is_a_no_whatever_the_model_says(embedder: HashingEmbedder) -> None:
    p = passage("An MSP is not structured to own your strategy.")
    snap = IndexSnapshot.build("test", [p], embedder.encode([p.embed_text]), embedder, cache_file=None)
    answerer = Answerer(embedder, _knowledge_with_verdict(embedder, "yes", 0.5))
    composed = answerer.compose(snap, answerer.assess(snap, "Since our MSP replaces a CIO entirely, we are covered, right?"), PROFILE)
    assert composed.verdict == "no" and composed.statements[0].kind == "correction"
    assert all(s.kind != "ruling" for s in composed.statements)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What does an MSP do that a fractional CIO does not?", "msp"),
        ("What can a fractional CIO give us that our managed IT provider can't?", "leader"),
        ("What is the difference between an MSP and a fractional CIO?", None),
        ("What does each cost?", None),
        ("Our MSP told us that our network is not secure. What now?", None),  # one side only: no comparison
        ("Our MSP says that a fractional CIO doesn't help small firms. Is that true?", None),  # a reported claim
        ("Which things does a fractional CTO handle that an MSP won't?", "leader"),
        ("Is it true that an MSP doesn't own strategy?", None),
    ],
)
def test_an_asymmetric_comparison_names_its_subject(question: str, subject: str | None) -> None:
    from advisor.questions import shape

    assert shape(question).subject == subject


def test_an_asymmetric_comparison_opens_with_the_subject_side(embedder: HashingEmbedder) -> None:
    # The foil's passage shares more words with the question, so the ranker puts it first.
    cio = passage("A fractional CIO does strategy, budgets and roadmaps that a fractional CIO owns.", heading="What a fractional CIO does", position=0)
    msp = passage("Keeping systems running day to day. Good MSP providers do answer fast.", heading="What your MSP does", position=1)
    question = "What does an MSP do that a fractional CIO does not?"
    vecs = embedder.encode([p.embed_text for p in (cio, msp)])
    snap = IndexSnapshot.build("test", [cio, msp], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=2.0))
    ranked = answerer.assess(snap, question)
    assert snap.passages[int(ranked.order[0])] is cio, "the premise of this test: the foil ranks first"
    composed = answerer.compose(snap, ranked, PROFILE)
    first = next(c for c in composed.citations if c.id == composed.statements[0].citation_ids[0])
    assert first.chunk_id == msp.id
    assert int(np.argmax(snap.unit_vectors[1] @ ranked.q_vec)) == 1, "the premise: the passage's second sentence is the closest one"
    assert first.quote.startswith("Keeping systems running day to day."), "the subject's passage is quoted from its opening"


@pytest.mark.parametrize(("lean", "faq_leads"), [("no", False), ("yes", True)])
def test_an_faq_verdict_the_question_leans_against_does_not_lead(embedder: HashingEmbedder, lean: str, faq_leads: bool) -> None:
    # "Is an MSP the same as a CIO?" must not open with another question's "Yes —" when the verdict model leans to no.
    faq = passage("Yes — most clients have an MSP and a CIO. They are complementary.", kind="faq", faq_question="Is an MSP the same as a CIO, or both?", position=0)
    prose = passage("An MSP runs operations while a CIO sets strategy.", heading="MSP and CIO roles", position=1)
    vecs = embedder.encode([p.embed_text for p in (faq, prose)])
    snap = IndexSnapshot.build("test", [faq, prose], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, _knowledge_with_verdict(embedder, lean, 0.5))
    ranked = answerer.assess(snap, "Is an MSP the same as a CIO?")
    assert snap.passages[int(ranked.order[0])] is faq, "the premise of this test: the FAQ ranks first"
    composed = answerer.compose(snap, ranked, PROFILE)
    lead = next(c for c in composed.citations if c.id == next(s for s in composed.statements if s.citation_ids).citation_ids[0])
    assert (lead.chunk_id == faq.id) is faq_leads
    assert composed.verdict == lean
    assert to_text(Answer(question="q", statements=composed.statements, citations=composed.citations)).startswith("Asked “Is an MSP the same as a CIO, or both?”, our article answers: Yes —" if faq_leads else "No. An MSP runs")


@pytest.mark.parametrize("lean", ["yes", "no"])
def test_an_faq_asking_the_question_in_its_words_leads_with_its_verdict_whatever_the_ranker_and_the_lean(embedder: HashingEmbedder, lean: str) -> None:
    # "Is a fractional CTO the same thing as managed IT services?" is the article's own FAQ in other words: its "No." answers it.
    prose = passage("A fractional CTO and managed IT services: managed IT services are the same thing every month, a fractional CTO thing.", heading="Roles", position=0)
    faq = passage("No. Managed IT handles execution and support. A fractional CTO handles strategy.", kind="faq", faq_question="Is a fractional CTO the same as managed IT?", position=1)
    vecs = embedder.encode([p.embed_text for p in (prose, faq)])
    snap = IndexSnapshot.build("test", [prose, faq], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, _knowledge_with_verdict(embedder, lean, 0.5, key=0.0))
    ranked = answerer.assess(snap, "Is a fractional CTO the same thing as managed IT services?")
    assert snap.passages[int(ranked.order[0])] is prose, "the premise of this test: the ranker puts the prose first"
    composed = answerer.compose(snap, ranked, PROFILE)
    assert composed.verdict == "no"
    assert to_text(Answer(question="q", statements=composed.statements, citations=composed.citations)).startswith("Asked “Is a fractional CTO the same as managed IT?”, our article answers: No.")


def test_an_faq_sharing_only_the_sides_names_asks_something_else(embedder: HashingEmbedder) -> None:
    # "Once a fractional CTO is on board, should we cancel the MSP?" is not "Can an MSP and a fractional CTO work together?"
    prose = passage("Cancel the MSP once a fractional CTO is on board? The MSP still runs operations on board.", heading="Roles", position=0)
    faq = passage("Yes. They often should. The MSP handles service delivery.", kind="faq", faq_question="Can an MSP and a fractional CTO work together?", position=1)
    vecs = embedder.encode([p.embed_text for p in (prose, faq)])
    snap = IndexSnapshot.build("test", [prose, faq], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, _knowledge_with_verdict(embedder, "no", 0.5, key=0.0))
    composed = answerer.compose(snap, answerer.assess(snap, "Once a fractional CTO is on board, should we cancel the MSP?"), PROFILE)
    assert composed.verdict == "no"
    assert not any("They often should" in c.quote for c in composed.citations[:1])


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("Can an MSP replace a fractional CIO?", True),
        ("We're taking a PE investment and they ask about technology risk. Can our MSP handle that?", True),
        ("Given a full-time CIO runs north of $200k a year, is a fractional CIO the cheaper route?", True),
        ("Won't a fractional CIO end up costing us about the same?", True),
        ("What does an MSP do, and how much is it?", False),
        ("We are small. What should we do first?", False),
        ("Which, then, should come first, the MSP or the fractional CIO?", False),
        ("How much, roughly, does a fractional CIO cost?", False),
        ("What is a vCIO? Is it worth it for us?", True),
        ("We don’t have an IT leader. Can’t our MSP just do strategy?", True),
        ("Won’t a fractional CIO cost the same?", True),
    ],
)
def test_a_yes_no_question_is_known_by_its_last_clause(question: str, yes_no: bool) -> None:
    from advisor.questions import shape

    assert shape(question).yes_no is yes_no
    assert shape(question).wants_verdict is (yes_no or "should" in shape(question).types)


def test_a_passage_that_opens_leaning_on_unshown_text_gives_way_to_the_next(embedder: HashingEmbedder) -> None:
    leaning = passage("These are leadership questions about the roadmap, not operational questions.", heading="Leadership questions", position=0)
    plain = passage("A fractional CIO answers leadership questions about the roadmap.", heading="What a fractional CIO does", position=1)
    vecs = embedder.encode([p.embed_text for p in (leaning, plain)])
    snap = IndexSnapshot.build("test", [leaning, plain], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, knowledge(embedder, dense=3.0, key=2.0))
    ranked = answerer.assess(snap, "Which leadership questions about the roadmap are not operational questions?")
    assert snap.passages[int(ranked.order[0])] is leaning, "the premise of this test: the leaning passage ranks first"
    composed = answerer.compose(snap, ranked, PROFILE)
    assert [c.chunk_id for c in composed.citations] == [plain.id]
    # Alone, it is still quoted: an answer from a leaning passage beats none.
    alone = IndexSnapshot.build("test", [leaning], vecs[:1], embedder, cache_file=None)
    only = answerer.compose(alone, answerer.assess(alone, "Which leadership questions are not operational questions?"), PROFILE)
    assert [c.chunk_id for c in only.citations] == [leaning.id]


def test_after_a_corrected_premise_an_faq_verdict_still_leads(embedder: HashingEmbedder) -> None:
    # "Since a CIO replaces the MSP entirely, can we cancel the MSP?" → "Not quite: …" then "Do you need both? Yes — …".
    faq = passage("Yes — most clients keep both. An MSP and a CIO are complementary.", kind="faq", faq_question="Do you need both an MSP and a CIO?", position=0)
    prose = passage("An MSP runs operations while a CIO sets strategy.", heading="MSP and CIO roles", position=1)
    vecs = embedder.encode([p.embed_text for p in (faq, prose)])
    snap = IndexSnapshot.build("test", [faq, prose], vecs, embedder, cache_file=None)
    answerer = Answerer(embedder, _knowledge_with_verdict(embedder, "no", 0.5))
    ranked = answerer.assess(snap, "Since a CIO replaces the MSP entirely, can we cancel the MSP and keep the CIO, right?")
    assert ranked.shape.overstated_premise and snap.passages[int(ranked.order[0])] is faq, "the premise of this test"
    composed = answerer.compose(snap, ranked, PROFILE)
    assert composed.verdict == "no" and composed.statements[0].kind == "correction"
    assert composed.citations[0].chunk_id == faq.id
    # Its own "Yes —" would contradict the correction: it is quoted from the sentence after it.
    assert composed.citations[0].quote == "An MSP and a CIO are complementary." and not composed.citations[0].context


def test_another_articles_faq_answer_with_the_same_verdict_is_shown_as_agreement(embedder: HashingEmbedder) -> None:
    a = passage("Yes — most clients keep both. An MSP and a CIO are complementary.", kind="faq", doc="a.md", faq_question="Do you need both an MSP and a CIO?")
    b = passage("For most growing businesses, yes. The MSP executes and the CIO directs. Pizza ovens need heat.", kind="faq", doc="b.md", faq_question="Do you need both an MSP and a CIO?")
    c = passage("No. You never need both an MSP and a CIO.", kind="faq", doc="c.md", faq_question="Do you need both an MSP and a CIO?")
    ans = _answer(embedder, [a, b, c], "Do you need both an MSP and a CIO?")
    lead = next(ci for ci in ans.citations if ci.id == ans.statements[0].citation_ids[0])
    assert lead.chunk_id in (a.id, b.id) and ans.verdict == "yes"
    other = b if lead.chunk_id == a.id else a
    shown = [s for s in ans.statements if s.text.startswith("Asked “Do you need both an MSP and a CIO?”, another of our articles answers:")]
    assert len(shown) == 1, "the other article's answer is shown with its question"
    cite = next(ci for ci in ans.citations if ci.id == shown[0].citation_ids[0])
    assert cite.chunk_id == other.id and cite.context == other.faq_question and other.body.startswith(cite.quote)
    assert len(cite.quote.split(". ")) == 2, "its verdict and the sentence after it"
    agreement = next(s for s in ans.statements if s.kind == "agreement")
    assert agreement.text == "At least 2 of our 3 articles make this point." and agreement.citation_ids == [lead.id, cite.id]
    assert c.id not in {ci.chunk_id for ci in ans.citations if ci.id in agreement.citation_ids}, "an article that says the opposite does not agree"
    assert len({ci.chunk_id for ci in ans.citations}) == len(ans.citations), "a passage cited as agreeing is not quoted again"


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("Yes — and most of our clients have both.", "yes"),
        ("For most growing businesses, yes.", "yes"),
        ("Sometimes, yes, but not always.", "yes"),
        ("For most companies with no IT staff, yes.", "yes"),  # the answer's "yes", not the "no" inside its clause
        ("No.", "no"),
        ("Not quite.", "no"),
        ("Rarely.", "no"),
        ("Most growing businesses do.", None),
        ("An MSP runs operations and a CIO sets strategy for the business as a whole.", None),
    ],
)
def test_the_verdict_an_faq_answer_opens_with(sentence: str, said: str | None) -> None:
    from advisor.answerer import _stated_verdict

    assert _stated_verdict(sentence) == said


def test_subjects_are_what_the_titles_compare_else_nothing(embedder: HashingEmbedder) -> None:
    titles = {"a.md": "Fractional CIO vs MSP: Tools or Strategy?", "b.md": "MSP vs. Fractional IT Executive", "c.md": "Why Roadmaps Fail"}
    ps = [replace(passage(f"Body {d}.", doc=d, position=k), title=t) for k, (d, t) in enumerate(titles.items())]
    snap = IndexSnapshot.build("test", ps, embedder.encode([p.embed_text for p in ps]), embedder, cache_file=None)
    assert snap.subjects() == ["MSP", "Fractional CIO", "Fractional IT Executive"]  # MSP is in two titles
    plain = [replace(p, title="Why Roadmaps Fail") for p in ps]
    assert IndexSnapshot.build("test", plain, embedder.encode([p.embed_text for p in plain]), embedder, cache_file=None).subjects() == []


def test_refusal_subjects_read_as_kinds_of_thing() -> None:
    from advisor.engine import _humanize, _plural

    assert [_plural(_humanize(t)) for t in ("Fractional CIO", "MSP", "Managed IT", "Managed IT Services", "Agency")] == [
        "fractional CIOs",
        "MSPs",
        "managed IT",
        "managed IT services",
        "agencies",
    ]


def test_a_two_sentence_paragraph_is_quoted_whole(embedder: HashingEmbedder) -> None:
    # Alone, its first sentence would read as a dismissal: "The question isn't whether you can afford a CIO."
    p = passage("The question isn't whether you can afford a fractional CIO. For most companies the better question is whether you can afford to go without one.")
    ans = _answer(embedder, [p], "Can we afford a fractional CIO?")
    assert ans.citations[0].quote == p.body


def test_a_quote_opening_on_this_or_these_after_a_preposition_keeps_its_antecedent(embedder: HashingEmbedder) -> None:
    p = passage("Many leadership teams get stuck in the middle ground. In this gray area, a vCIO often serves as a hybrid role. Pizza ovens need heat.")
    ans = _answer(embedder, [p], "What does a vCIO do as a hybrid role in the gray area?")
    assert ans.citations[0].quote.startswith("Many leadership teams get stuck in the middle ground. In this gray area")


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        ("Yes — and most of our clients have both.", True),
        ("Most growing businesses do.", True),
        ("Often, they are essential.", True),
        ("For most growing businesses, yes.", True),
        ("Most mid-market companies have the accounting firm.", False),  # a statement, not an answer's verdict
        ("Sometimes it means saying no to another vendor.", False),
    ],
)
def test_a_bare_verdict_is_told_from_a_statement_opening_with_the_same_word(sentence: str, bare: bool) -> None:
    from advisor.text import BARE_VERDICT

    assert bool(BARE_VERDICT.match(sentence)) == bare


def test_a_quote_never_keeps_one_half_of_a_pair_that_says_one_thing_of_each_side(embedder: HashingEmbedder) -> None:
    # "For most growing businesses, yes. The MSP handles execution — …" had been quoted without "The fractional CIO handles direction — …".
    body = (
        "Coffee is hot. Tea is cold. The MSP handles execution of helpdesk tickets. The fractional CIO handles direction and the roadmap. "
        "Milk is white and cold in the morning, and bread is baked fresh every day in the small shop on the corner of the old market square."
    )
    ans = _answer(embedder, [passage(body)], "Who handles execution of helpdesk tickets?")
    assert ans.citations[0].quote.endswith("The fractional CIO handles direction and the roadmap."), "the window does not end between the halves"
    ans = _answer(embedder, [passage(body)], "Does the fractional CIO handle direction and the roadmap?")
    assert "The MSP handles execution of helpdesk tickets. The fractional CIO handles" in ans.citations[0].quote, "nor open between them"


def test_sentences_are_halves_of_a_pair_only_when_they_say_the_same_of_each_side() -> None:
    from advisor.answerer import _halves_of_a_pair

    assert _halves_of_a_pair("The MSP manages the tools.", "The fractional CIO manages the strategy and the outcome.")
    assert not _halves_of_a_pair("An MSP manages the present.", "A fractional CIO designs the future.")  # other openings
    assert not _halves_of_a_pair("The MSP manages the tools.", "The MSP manages the backups.")  # one side twice
    assert not _halves_of_a_pair("The MSP manages the tools.", "The fractional CIO sets the strategy.")  # another verb


def test_a_cost_question_about_a_full_time_hire_and_the_fractional_side_gets_the_passage_comparing_them(embedder: HashingEmbedder) -> None:
    # "Is it cheaper to hire a full-time CIO or bring in a fractional one?" had the salary and the retainer, and no word on how they compare.
    salary = passage("A full-time CIO costs $250,000 a year in salary to hire.", doc="c.md", position=3)
    compare = passage("A fractional CIO engagement gives senior leadership at a fraction of that cost.", doc="c.md", position=4)
    fees = [passage(f"A fractional CIO retainer runs ${k},000 a month.", doc=f"f{k}.md") for k in (5, 8, 9)]
    ps = [salary, compare, *fees]
    ans = _answer(embedder, ps, "Is it cheaper to hire a full-time CIO at $250,000 a year in salary or a fractional CIO?")
    quotes = [c.quote for c in ans.citations]
    assert salary.body in quotes, "the premise: the salary is quoted"
    assert quotes[quotes.index(salary.body) + 1] == compare.body


def test_an_faq_whose_verdict_answers_another_question_leads_an_open_question_from_its_next_sentence(embedder: HashingEmbedder) -> None:
    # "The client fears a fractional CIO will create friction with their MSP. What do I say?": the passage that answers it
    # opens "Yes — and most of our clients have both.", which answers "Do You Need Both?"; it had been left out whole.
    faq = passage(
        "Yes — and most firms have both. A fractional CIO and an MSP work as complementary partners, with no friction between them.",
        kind="faq",
        faq_question="Do you need both?",
        doc="a.md",
    )
    other = passage("Pizza ovens need high heat for a crisp crust.", doc="b.md")
    ans = _answer(embedder, [faq, other], "How do I answer fears of friction between a fractional CIO and an MSP as complementary partners?")
    assert ans.citations[0].chunk_id == faq.id
    assert ans.citations[0].quote == "A fractional CIO and an MSP work as complementary partners, with no friction between them."
    assert ans.verdict is None and not any(s.text.startswith(("Asked", "Yes")) for s in ans.statements)
    # Asked yes or no, it is left out (its verdict answers another question) …
    asked = _answer(embedder, [faq, other], "Does a fractional CIO create friction with an MSP, or work as complementary partners?")
    assert faq.id not in {c.chunk_id for c in asked.citations}
    # … unless the question proposes dropping one side for the other (since stop 32): then its next sentence supports the
    # "No." ("Once we sign a fractional CTO, should we cancel our MSP contract …?", a blind walk's).
    dropping = _answer(embedder, [faq, other], "Once we hire a fractional CIO working as complementary partners with an MSP, should we cancel the MSP?")
    assert dropping.citations[0].chunk_id == faq.id
    assert dropping.citations[0].quote == "A fractional CIO and an MSP work as complementary partners, with no friction between them."
    assert not any(s.text.startswith(("Asked", "Yes —")) for s in dropping.statements)


def test_a_situation_stated_apart_from_the_ask_chooses_the_list_item_that_opens(embedder: HashingEmbedder) -> None:
    # "Our only IT manager just resigned. Should we bring in a fractional CIO?" had opened the list with the item naming a
    # fractional CIO most often, not with "Your IT leader left."
    body = (
        "You likely need a fractional CIO when:\n\n"
        "- Growth outpaces systems. A fractional CIO builds the foundation, and a fractional CIO plans what comes next.\n"
        "- Your manager resigned. Our only IT manager left, and nobody holds the keys.\n"
        "- Deals are coming. Due diligence needs a senior view."
    )
    ps = [passage(body, kind="list", lead_in="You likely need a fractional CIO when:")]
    ans = _answer(embedder, ps, "Our only IT manager just resigned. Should we bring in a fractional CIO?")
    assert ans.statements[1].text.startswith("Your manager resigned.")  # the first item shown, after the lead-in
    # Asked in one sentence, the whole question's vector is pulled to the side it names ("Growth outpaces systems." had
    # opened); since stop 33 the item sharing the asker's words counts as a prose sentence does (SENTENCE_WORDS).
    ans = _answer(embedder, ps, "Should we bring in a fractional CIO when our only IT manager just resigned?")
    assert ans.statements[1].text.startswith("Your manager resigned.")


def test_a_quote_never_ends_on_a_sentence_announcing_what_it_does_not_show(embedder: HashingEmbedder) -> None:
    # "… In practice, there's a structural problem." ended a quote; the problem was in the next sentences.
    body = (
        "Coffee is hot. Tea is cold. Many MSPs sell a vCIO add-on with the contract. In practice, there's a structural problem. "
        "The MSP would review its own work, which nobody can do fairly. Milk is white and bread is baked fresh every morning in the shop on the square."
    )
    ans = _answer(embedder, [passage(body)], "Do MSPs sell a vCIO add-on with the contract?")
    assert ans.citations[0].quote.endswith("The MSP would review its own work, which nobody can do fairly.")
    last = "Coffee is hot. Tea is cold. Many MSPs sell a vCIO add-on with the contract and the MSP reviews it. Here is the cleanest way to see the difference."
    ans = _answer(embedder, [passage(last)], "Do MSPs sell a vCIO add-on with the contract?")
    assert ans.citations[0].quote.endswith("the MSP reviews it."), "a passage's closing announcement is left out"



def test_an_example_of_the_sentence_before_neither_opens_a_quote_nor_is_left_after_its_end() -> None:
    from advisor.answerer import _may_not_end_at
    from advisor.text import leans_on

    units = tuple(units_of(passage(
        "Managed IT can also be enough when your bigger issues are narrow. Maybe you need better device management. "
        "Those are operational problems first."
    )))
    assert _may_not_end_at(units, 0)  # "narrow" is said by the examples after it
    assert leans_on("Maybe you need better device management.", "")
    assert not leans_on("Managed IT can also be enough when your bigger issues are narrow.", "")


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("When should a company choose an MSP rather than a fractional IT leader?", "msp"),
        ("When should we pick a fractional CIO over a better MSP?", "leader"),
        ("When should I NOT try to sell a fractional CIO to a prospect?", "msp"),
        ("When shouldn't we hire a fractional CIO?", "msp"),
        ("When is a fractional CTO the better fit?", None),  # no contrast
        ("When should we choose between an MSP and a fractional CIO?", None),  # both, no side asked for
    ],
)
def test_a_when_question_asking_one_side_against_the_other(question: str, side: str | None) -> None:
    from advisor.answerer import _contrasted_when

    assert _contrasted_when(question) == side


def test_them_with_nothing_named_before_it_leans_on_the_sentence_before() -> None:
    from advisor.text import dangling_them, leans_on

    # A blind walk's (stop 36): quoted alone after "No.", it read as "you can ask the fractional CIO".
    assert leans_on("A fractional CIO who works for you — and only you — can ask them without reservation.", "Those questions require independence.")
    # "them" standing for what the sentence names: plural nouns, a group, or a side besides the subject.
    for sentence in (
        "- Business continuity — maintaining backup and disaster recovery systems and testing them on schedule.",
        "The fractional executive can also manage the MSP relationship on your behalf — holding them to SLAs, evaluating performance.",
        "Translating the technology landscape into clear, decision-ready information for leadership — without requiring them to become IT experts.",
        "Most growing businesses eventually need both — the question is just which gap is costing them more right now.",
    ):
        assert not dangling_them(sentence), sentence


def test_a_pair_saying_one_thing_of_each_side_right_after_the_window_joins_it(embedder: HashingEmbedder) -> None:
    # "A fractional CIO and an MSP are complementary, not competitive." alone was a stop-39 walk's whole talking point.
    body = (
        "Coffee is hot today. A fractional CIO and an MSP are complementary, not competitive. "
        "The fractional CIO provides the strategy and oversight. The MSP provides the daily support."
    )
    ans = _answer(embedder, [passage(body)], "Are a fractional CIO and an MSP complementary, not competitive?")
    assert ans.citations[0].quote.endswith("The fractional CIO provides the strategy and oversight. The MSP provides the daily support.")


def test_a_short_sentence_closing_its_paragraph_comes_with_the_sentence_before_it(embedder: HashingEmbedder) -> None:
    # A stop-39 walk's talking points quoted "A fractional CIO knows exactly what to look for." alone.
    body = "Coffee is hot today and tea is cold. Most companies cannot evaluate their MSP. A fractional CIO knows exactly what to look for."
    ans = _answer(embedder, [passage(body)], "Does a fractional CIO know exactly what to look for?")
    assert ans.citations[0].quote == "Most companies cannot evaluate their MSP. A fractional CIO knows exactly what to look for."


def test_a_sentence_naming_again_what_the_one_before_introduced_leans_on_it() -> None:
    # Two stop-41 walks' risk answers quoted "If the result is not clear, the spend is not clear either." alone.
    from advisor.text import leans_on, names_back

    assert names_back("If the result is not clear, the spend is not clear either.", "You are buying a result.")
    assert leans_on("If the result is not clear, the spend is not clear either.", "You are buying a result.")
    assert not names_back("The fractional CIO provides the strategy.", "A fractional CIO and an MSP are complementary, not competitive.")
    assert not names_back("If the result is not clear, the spend is not clear either.", "")
