"""A "Yes." to a question asking whether the fractional leader does work the articles list as its own (advisor.duties)."""

import numpy as np
import pytest

from advisor.duties import DUTY_COS, Duty, asked_duty, duties_of, duty_ruling
from advisor.passage import Passage
from advisor.units import units_of


def _list(lead_in: str, *items: str, position: int = 0) -> Passage:
    body = lead_in + "\n\n" + "\n".join(f"- {i}" for i in items)
    return Passage(id=f"p{position}", doc_id="d", title="T", url=None, heading="H", position=position, kind="list", body=body, embed_text=body, lead_in=lead_in)


def test_a_list_of_work_is_the_side_its_lead_in_names_last() -> None:
    work = _list("Where an MSP manages the present, a fractional IT executive designs the future. Their work centers on:", "Vendor strategy", "Board reporting")
    msp = _list("Their core services typically include, for an MSP:", "Helpdesk", position=1)
    passages = [work, msp]
    got = duties_of(passages, [units_of(p) for p in passages])
    assert {(d.passage, d.side) for d in got} == {(0, "leader"), (1, "msp")}
    assert sum(d.passage == 0 for d in got) == 2  # one per item, not the lead-in


@pytest.mark.parametrize(
    "lead_in",
    [
        "You need an MSP when:",  # triggers, not work
        "You likely need fractional CIO support if any of the following sounds familiar:",  # signs
        "What an MSP is not structured to do is sit on your side of the table and ask the harder questions:",  # what it does not do
        "Work through these questions:",  # names no side
    ],
)
def test_lists_that_are_not_a_sides_work_are_no_duties(lead_in: str) -> None:
    p = _list(lead_in, "Something", "Something else")
    assert not any(d.does for d in duties_of([p], [units_of(p)]))  # (the MSP's "not structured to do" list: what it does not do)


@pytest.mark.parametrize(
    "question",
    [
        "Can a fractional IT executive lead hiring decisions for our technical roles?",
        "We need to pick a new ERP. Can a fractional CIO guide that decision?",
        "Our IT projects keep stalling because nobody owns them. Is that something a fractional CIO would take on?",
        "We need cyber risk reporting to the board. Is that a fractional CTO job?",
        "Should our fractional CIO be the one overseeing our cybersecurity posture?",
        "does a fractional cio actually own the IT budget?",
        "Can a fractional CIO manage our MSP relationship?",  # the MSP what the work is done to (stop 36)
        "Will a fractional CIO hold our MSP accountable?",
    ],
)
def test_asking_whether_the_leader_does_some_work(question: str) -> None:
    assert asked_duty(question) == "leader"


@pytest.mark.parametrize(
    "question",
    [
        "Would a fractional CIO be worth it for us?",  # a judgement
        "Is a fractional CIO cheaper than a full-time CIO?",
        "Can a fractional CIO replace our MSP?",
        "Will a fractional CIO not touch our helpdesk?",  # negative
        "Will a fractional CIO just write a roadmap?",  # overstating
        "Does a fractional IT executive judge success by uptime and ticket resolution times like an MSP does?",  # compared with the MSP
        "Can our MSP own the IT budget?",  # the MSP's work is never a list's "yes"
        "What does a fractional CIO do?",
    ],
)
def test_other_questions_ask_no_duty(question: str) -> None:
    assert asked_duty(question) != "leader"


def _unit(*w: float) -> np.ndarray:
    v = np.asarray(w, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_the_leaders_closest_duty_must_be_close_and_closer_than_the_msps() -> None:
    e = np.eye(4, dtype=np.float32)
    duties = (Duty(0, 0, "leader"), Duty(1, 0, "msp"))
    unit_vectors = (e[0:1], e[1:2])
    found = duty_ruling("leader", duties, unit_vectors, _unit(1, 0.2, 0, 0))
    assert found is not None and found.verdict == "yes" and found.passage == 0 and found.similarity > DUTY_COS
    assert duty_ruling("leader", duties, unit_vectors, _unit(0.5, 1, 0, 0)) is None  # the MSP's duty is closer
    far = DUTY_COS - 0.05  # close to nothing listed
    assert duty_ruling("leader", duties, unit_vectors, _unit(far, 0, np.sqrt(1 - far * far), 0)) is None


def test_what_the_msp_is_not_designed_to_do_is_read_from_the_documents() -> None:
    p = Passage(
        id="n", doc_id="d", title="T", url=None, heading="H", position=0, kind="prose",
        body="What MSPs are generally not designed to do is tell you whether your stack is right. Your MSP and a fractional CIO are not competing.",
        embed_text="x",
    )
    got = duties_of([p], [units_of(p)])
    assert [(d.unit, d.side, d.does) for d in got] == [(0, "msp", False)]  # not the sentence naming both sides


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Will our MSP decide which vendors we should drop and what next year's roadmap looks like?", True),
        ("Should our MSP be the one deciding which vendors we drop?", True),
        ("Does our MSP own the IT budget?", True),
        ("will an msp actually do a great job for us or is that hit or miss", False),  # a judgement
        ("Can our MSP and a fractional CTO work together?", False),  # names the leader
        ("Is our MSP enough?", False),
    ],
)
def test_asking_whether_the_msp_does_some_work(question: str, asks: bool) -> None:
    assert (asked_duty(question) == "msp") is asks


def test_what_the_msp_does_not_do_must_be_closer_by_the_margin() -> None:
    e = np.eye(3, dtype=np.float32)
    duties = (Duty(0, 0, "msp", does=True), Duty(1, 0, "msp", does=False))
    unit_vectors = (e[0:1], e[1:2])
    found = duty_ruling("msp", duties, unit_vectors, _unit(0.2, 1, 0))
    assert found is not None and found.verdict == "no" and found.passage == 1
    assert duty_ruling("msp", duties, unit_vectors, _unit(0.95, 1, 0)) is None  # within the margin of its listed work
