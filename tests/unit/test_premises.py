"""A premise giving one side what a comparison row gives the other (advisor.premises)."""

import pytest

from advisor.passage import Passage
from advisor.premises import ComparisonRow, comparison_row, confirmed_duty, confirmed_statement, divided_row, premises, swapped_row


def row(header: str, cells: str) -> Passage:
    body = f"{header}\n|---|---|---|\n{cells}"
    return Passage(id=f"t:{cells[:12]}", doc_id="t.md", title="T", url=None, heading="Side-by-Side Comparison", position=0, kind="table_row", body=body, embed_text=body)


INCENTIVE = row("| Dimension | MSP | Fractional IT Executive |", "| Incentive | Contract renewal through consistent, low-friction service | Demonstrable impact on business outcomes |")
DECISIONS = row("| Question | Fractional CTO | MSP |", "| Decision role | Owns priorities, tradeoffs, vendor direction | Executes agreed support work |")
BUDGET = row("| Function | Your MSP | Fractional CIO |", "| IT budget ownership | ✗ | ✓ Core function |")
def compared(*passages: Passage) -> list[tuple[int, ComparisonRow]]:
    """The passages read as comparison rows, as a snapshot holds them (every one here is one)."""
    rows = [(i, comparison_row(p)) for i, p in enumerate(passages)]
    assert all(c is not None for _, c in rows)
    return [(i, c) for i, c in rows if c is not None]


ROWS = compared(INCENTIVE, DECISIONS, BUDGET)


@pytest.mark.parametrize(
    ("question", "index"),
    [
        ("MSPs are measured on business outcomes, which is why they push back on our architecture. How do we get more from ours?", 0),
        ("In the usual setup the MSP owns the priorities, tradeoffs and vendor direction, correct?", 1),  # the tag
        ("Since our MSP has the IT budget ownership, how should the fractional CIO fit in?", 2),  # a ✗ the side named has
    ],
)
def test_a_premise_using_the_other_sides_words_on_a_row_is_corrected_with_that_row(question: str, index: int) -> None:
    assert swapped_row(question, ROWS) == index


@pytest.mark.parametrize(
    "question",
    [
        "Our MSP executes agreed support work, so how do we add strategy?",  # its own side's words
        "Our MSP doesn't own the priorities and vendor direction, right?",  # negated: true
        "Some MSPs are measured on business outcomes, right?",  # hedged
        "Our fractional CTO and our MSP both own priorities and vendor direction, right?",  # both sides named
        "How do MSPs and fractional CTOs split priorities and vendor direction?",  # no premise put up
        "Our MSP is great on business stuff, right?",  # one word in common is not a swap
    ],
)
def test_it_says_nothing_otherwise(question: str) -> None:
    assert swapped_row(question, ROWS) is None


FOCUS = row("| Question | Fractional CTO | MSP |", "| Focus | Technology strategy, governance, roadmap | Uptime, tickets, devices, backups |")
DELIVERABLES = row("| Dimension | MSP | Fractional IT Executive |", "| Key deliverables | Helpdesk tickets resolved, systems patched | Technology roadmap, vendor strategy, governance framework |")
MAIN_JOB = row("| Question | Fractional CTO | MSP |", "| Main job | Executive technology leadership | Operate and support IT services |")
TWO_ROWS = compared(MAIN_JOB, FOCUS, DELIVERABLES)


def test_one_word_decides_when_two_rows_give_it_to_the_other_side_and_none_to_the_side_named() -> None:
    # a walk's false premise: "strategy" is the leader's on two rows, the MSP's on none
    assert swapped_row("Our MSP already takes care of our IT strategy, so what would a fractional CIO even add on top?", TWO_ROWS) == 1
    assert swapped_row("Since our MSP's vCIO owns the roadmap, why pay for a fractional CTO?", TWO_ROWS) == 1


@pytest.mark.parametrize(
    "question",
    [
        "Our MSP already takes care of our tickets, so what would a fractional CIO add?",  # its own side's word
        "Our MSP sends service reports to the leadership team, so that covers reporting, right?",  # no duty given the MSP
        "The point to stop relying on managed IT alone is when technology starts shaping growth, correct?",  # not its subject
        "Our MSP already covers governance, so what's left?",  # one row only gives it
        "Our MSP already handles strategy plus tickets, so what's left?",  # a word of its own side too (a review)
    ],
)
def test_one_word_decides_nothing_otherwise(question: str) -> None:
    assert swapped_row(question, compared(MAIN_JOB, FOCUS, row("| Dimension | MSP | Fractional IT Executive |", "| Key deliverables | Helpdesk tickets resolved | Technology roadmap, vendor strategy |"))) is None


def test_a_premise_is_what_is_put_up_before_asking() -> None:
    assert premises("Since our MSP offers vCIO services, we already have independent strategic leadership, right?")[0] == "our MSP offers vCIO services"
    assert premises("We pay the MSP per user, and that fee covers strategy too, so a retainer on top would be paying twice?") == ["We pay the MSP per user"]
    # its first clause: the side and what is said of it, not the situation around it (a review's "Not quite" to this)
    assert premises("We use an MSP and our CEO and board want better answers, so what should we do?") == ["We use an MSP "]
    assert swapped_row("We use an MSP and our CEO and board want better answers, so what should we do?", compared(row("| Dimension | MSP | Fractional IT Executive |", "| Reports to | IT manager | CEO, CFO, or board of directors |"))) is None
    assert premises("What does an MSP do?") == []


def test_the_statement_put_up_for_confirmation_is_asked_as_a_question() -> None:
    from advisor.premises import confirmed_statement

    assert confirmed_statement("A fractional CIO would own the IT budget, correct?") == "A fractional CIO would own the IT budget?"
    assert confirmed_statement("Our MSP handles patching. Right?") == "Our MSP handles patching?"
    assert confirmed_statement("Does our MSP handle patching?") is None
    assert confirmed_statement("Is that right?") is None and confirmed_statement("Is our MSP doing network monitoring right?") is None  # no tag


REVIEW = row("| Function | Your MSP | Fractional CIO |", "| Independent MSP performance review | ✗ Conflict of interest | ✓ Core function |")


def test_a_yes_no_question_about_what_one_side_does_is_answered_by_its_row() -> None:
    from advisor.premises import table_verdict

    rows = compared(INCENTIVE, DECISIONS, BUDGET, REVIEW)
    assert table_verdict("Can our MSP's vCIO give us an independent performance review of the MSP?", rows) == (3, "no")
    assert table_verdict("Does a fractional CTO own the priorities, tradeoffs and vendor direction?", rows) == (1, "yes")
    assert table_verdict("Would a fractional CIO take IT budget ownership?", rows) == (2, "yes")
    assert table_verdict("Does our MSP execute agreed support work?", rows) == (1, "yes")
    assert table_verdict("Should our MSP just do the performance review?", rows) is None  # overstated
    assert table_verdict("Can't our MSP do an independent performance review?", rows) is None  # negated
    assert table_verdict("Do the MSP and the fractional CTO split the priorities?", rows) is None  # both sides named


def test_a_question_asking_one_thing_rather_than_another_is_answered_by_the_row_holding_both() -> None:
    from advisor.premises import table_verdict

    reports = row("| Dimension | MSP | Fractional IT Executive |", "| Reports to | IT manager, operations lead, or whoever manages the contract | CEO, CFO, or board of directors |")
    rows = compared(INCENTIVE, reports)
    # a blind walk (stop 32): the tag's statement, no verdict ("rather than" had turned the question)
    assert table_verdict("A fractional CIO would report to our CEO or the board rather than to our IT manager, right?", rows) == (1, "yes")
    assert table_verdict("Would a fractional CIO report to our IT manager rather than the CEO or board?", rows) == (1, "no")
    assert table_verdict("Would a fractional CIO report to the board rather than not at all?", rows) is None  # a negated contrast
    assert table_verdict("Would a fractional CIO report to the CEO rather than to the CFO?", rows) is None  # both in one cell
    # a ✓ / ✗ row speaks of the asked thing alone, contrast or not (a review: the contrast had skipped such rows)
    assert table_verdict("Does a fractional CIO take IT budget ownership rather than leaving spending to others?", compared(BUDGET)) == (0, "yes")


def test_one_word_of_a_cell_with_the_rows_label_answers_after_every_fuller_reading() -> None:
    from advisor.premises import table_verdict

    reports = row("| Dimension | MSP | Fractional IT Executive |", "| Reports to | IT manager, operations lead, or whoever manages the contract | CEO, CFO, or board of directors |")
    roles = row("| Dimension | MSP | Fractional CTO |", "| Decision role | Executes agreed support work | Owns priorities, tradeoffs, vendor direction |")
    # a blind walk (stop 34): "report" (the label) and "manager" (the MSP's cell) had no verdict
    assert table_verdict("Does a fractional CIO usually report to the company's IT manager?", compared(reports)) == (0, "no")
    assert table_verdict("Does a fractional CIO report to the board?", compared(reports)) == (0, "yes")
    assert table_verdict("Does our MSP report to the CEO?", compared(reports)) == (0, "no")
    # the side's own name is not a cell's word: "IT executive" is not "Executes agreed support work"
    assert table_verdict("Can a fractional IT executive lead hiring decisions for our technical roles?", compared(roles)) is None
    # a row read with two words of a cell comes first, wherever it stands
    assert table_verdict("Does a fractional CTO own the priorities and vendor direction it reports on?", compared(reports, roles)) == (1, "yes")


def test_a_row_without_a_column_for_each_side_is_no_comparison() -> None:
    assert comparison_row(row("| Situation | Best fit | Why |", "| Uptime is the concern | Managed IT | Execution |")) is None


REPORTS = row("| Dimension | MSP | Fractional IT Executive |", "| Reports to | IT manager, operations lead, or whoever manages the contract | CEO, CFO, or board of directors |")
DIVIDED = compared(INCENTIVE, DECISIONS, BUDGET, REPORTS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("The fractional exec reports to the CEO, CFO or board, while the MSP answers to the IT manager, correct?", (3, "yes")),
        ("The MSP's incentive is demonstrable impact on business outcomes, while the fractional exec is driven by contract renewal, right?", (0, "no")),
        ("The MSP reports to the board and the fractional CIO reports to the IT manager, right?", (3, "no")),
    ],
)
def test_a_statement_dividing_the_work_is_read_part_by_part_against_the_rows(question: str, expected: tuple[int, str]) -> None:
    assert divided_row(confirmed_statement(question), DIVIDED) == expected


@pytest.mark.parametrize(
    "question",
    [
        "The fractional exec reports to the board, while the MSP reports to the board too, right?",  # one part right, one swapped
        "Our help desk is slow and patches are behind, so we need executive strategy, don't we?",  # a conclusion, and "help desk" is a duty
        "The MSP doesn't report to the board and the fractional CIO reports to the CEO, right?",  # a negation
        "The fractional CIO reports to the CEO, right?",  # one side
        "Does the fractional CIO report to the CEO while the MSP answers to the IT manager?",  # not put up with a tag
        "The fractional exec struggles with the board, while the MSP struggles with the IT manager, right?",  # no duty given (a review's "Yes.")
    ],
)
def test_a_division_reads_nothing_otherwise(question: str) -> None:
    assert divided_row(confirmed_statement(question), DIVIDED) is None


MEASURED = row("| Dimension | MSP | Fractional IT Executive |", "| Measured by | Uptime, ticket resolution time, response speed | Business outcomes, board confidence |")


@pytest.mark.parametrize(
    ("question", "confirmed"),
    [
        ("MSPs are measured on uptime and how fast tickets get resolved, aren't they?", True),
        ("MSPs are measured on uptime, right?", False),  # one word: a cell's wording
        ("MSPs are measured on business outcomes and board confidence, right?", False),  # the other side's (swapped_row's)
        ("MSPs are measured on uptime and ticket resolution, so they cover strategy too, right?", False),  # a conclusion drawn
        ("MSPs aren't measured on uptime and ticket resolution, right?", False),  # a negation
        ("When uptime and ticket resolution matter most, an MSP is the fit, right?", False),  # the side is not the subject
        # how well, not what it does (a review's "Yes." to each)
        ("MSPs are bad at uptime and ticket resolution, aren't they?", False),
        ("Our MSP stopped measuring uptime and ticket resolution last year, right?", False),
        ("Our vCIO is measured on uptime and ticket resolution, right?", False),  # an MSP's vCIO is not its operations
    ],
)
def test_a_tagged_statement_giving_its_side_that_sides_duties_is_confirmed(question: str, confirmed: bool) -> None:
    assert confirmed_duty(confirmed_statement(question), compared(MEASURED)) is confirmed
