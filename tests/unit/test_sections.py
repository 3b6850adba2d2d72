"""The verdict read from the section an answer leads with (advisor.sections)."""

import pytest

from advisor.passage import Passage
from advisor.sections import row_verdict, section_verdict


@pytest.mark.parametrize(
    ("question", "section", "verdict"),
    [
        ("We're taking a PE investment with lots of tech risk questions. Can our MSP handle that?", "When You Need a Fractional IT Leader", "no"),
        ("Our IT director just resigned. Can a fractional exec cover for now?", "When You Need a Fractional IT Leader", "yes"),
        ("We have no IT staff and nobody fixes the laptops. Do we need an MSP?", "When You Need an MSP", "yes"),
        ("Our tech keeps breaking as we grow. Should we look at a fractional CIO?", "Signs Your Company Needs a Fractional CIO", "yes"),
        ("Ops are stable and the board is quiet. Is managed IT enough?", "When managed IT is enough", "yes"),
        # the MSP's vCIO beside the MSP is the MSP's side (a stop-40 walk's, no verdict)
        ("We have an MSP and a vCIO who meets us quarterly. A big customer now wants SOC 2. Is that enough for SOC 2?", "When You Need a Fractional IT Leader", "no"),
    ],
)
def test_the_side_the_section_names_answers_the_side_the_question_proposes(question: str, section: str, verdict: str) -> None:
    assert section_verdict(question, section) == verdict


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Should we hold off on a fractional CIO until the deal closes?", "Signs Your Company Needs a Fractional CIO"),  # turned
        ("Should we just hire a part-time CTO to do the hands-on work?", "When a fractional CTO is the better fit"),  # overstated
        ("We're 50 people. Would a fractional CIO be premature for us?", "Signs Your Company Needs a Fractional CIO"),
        ("Is our MSP still the right fit?", "When should you stop using managed IT alone?"),  # the section turns
        ("Do we need an MSP and a fractional CIO?", "When You Need an MSP"),  # both sides proposed
        ("Our MSP is fine but nobody sets direction.", "When managed IT is enough"),  # no question asked
        ("Can our MSP handle that?", "What boards and diligence expose"),  # not a section saying when
        ("Is an MSP a bad idea for a 40-person company with no IT staff?", "When You Need an MSP"),  # asked negatively
        ("Our tech keeps breaking as we grow. Is a fractional CIO the wrong call?", "Signs Your Company Needs a Fractional CIO"),
    ],
)
def test_it_says_nothing_unless_both_name_one_side_plainly(question: str, section: str) -> None:
    assert section_verdict(question, section) is None


def test_a_section_ruling_one_side_out_names_the_other() -> None:
    # since stop 32; the answerer reads it only for an asker whose situation is closest to one of its items
    # (tests/test_answer.py), since it is a caveat with conditions ("This is likely the case if: …")
    from advisor.sections import rules_out

    better_msp = "Signs Your Company Needs a Better MSP (Not a Fractional CIO)"
    assert rules_out(better_msp) and not rules_out("Signs Your Company Needs a Fractional CIO")
    assert section_verdict("We're 22 people with a simple setup. Should we get a fractional CIO?", better_msp) == "no"
    assert section_verdict("Accounts are a mess every time someone joins. Should we lean on an MSP?", better_msp) == "yes"


def _row(cells: str) -> Passage:
    body = f"| Situation | Best fit | Why |\n|---|---|---|\n{cells}"
    return Passage(id="t", doc_id="t.md", title="T", url=None, heading="Gray area", position=0, kind="table_row", body=body, embed_text=body)


def test_a_best_fit_column_answers_the_side_the_question_proposes() -> None:
    board = _row("| The board wants clearer reporting on risk, vendors, and spend | Fractional CTO plus strong IT | Reporting matters |")
    uptime = _row("| Users need help and uptime is the main concern | Managed IT | The business needs execution |")
    both = _row("| The business is growing, but decisions keep drifting | Both | You need both |")
    assert row_verdict("Our board wants clearer risk reporting. Is that a sign we need a fractional CTO?", board) == "yes"
    assert row_verdict("Uptime is our main concern. Do we need a fractional CTO?", uptime) == "no"
    assert row_verdict("Decisions keep drifting. Do we need managed IT?", both) == "yes"
    assert row_verdict("Decisions keep drifting. What should we do?", both) is None  # no side proposed
    assert row_verdict("Uptime is our main concern. Is a fractional CTO a waste?", uptime) is None  # asked negatively


@pytest.mark.parametrize(
    ("question", "section", "verdict"),
    [
        # stop-34 blind walks: an overstated proposal, or one pointing back to the only side named, answered by the other side
        ("We're about to sign an LOI to acquire a competitor. Can we just have our MSP handle the IT due diligence?", "Signs Your Company Needs a Fractional CIO", "no"),
        ("We're about to acquire a competitor. Our MSP is solid. Is that enough IT coverage for the deal?", "Signs Your Company Needs a Fractional CIO", "no"),
        # the same side, loosely proposed: nothing said (a yes would need the proposal plainly)
        ("Can we just have our MSP handle the helpdesk?", "When You Need an MSP", None),
        ("Our MSP is solid. Is that enough?", "When You Need an MSP", None),
        # turned, or pointing back to two sides: nothing said
        ("Our MSP is solid. Is that a mistake for the deal?", "Signs Your Company Needs a Fractional CIO", None),
        ("We have an MSP and a fractional CIO. Is that enough for the deal?", "Signs Your Company Needs a Fractional CIO", None),
        # a filler pronoun points back to nothing (a review's)
        ("We rely on our MSP. Is it wise to get outside help with M&A due diligence?", "Signs Your Company Needs a Fractional CIO", None),
        ("Our MSP has been fine but we're preparing for a PE investment. Is this the point where we need more?", "When You Need a Fractional IT Leader", None),
    ],
)
def test_a_loosely_proposed_side_is_answered_no_by_a_section_naming_the_other(question: str, section: str, verdict: str | None) -> None:
    assert section_verdict(question, section) == verdict
