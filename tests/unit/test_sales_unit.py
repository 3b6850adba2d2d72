"""The sales view (advisor/sales.py) on passages made inline: position and talking points, objections
from the documents' own FAQ questions, each answered by a verbatim opening that stands alone."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.index import IndexSnapshot
from advisor.models import Answer, Citation, Statement
from advisor.passage import Passage
from advisor.sales import objections, opening_quote, sales_brief, split_position, supporting_articles
from tests.fakes import HashingEmbedder, passage

ASKED = "Does an MSP vCIO create a conflict of interest for the MSP?"


@pytest.fixture()
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


def _snap(embedder: HashingEmbedder, passages: list[Passage]) -> IndexSnapshot:
    return IndexSnapshot.build("test", passages, embedder.encode([p.embed_text for p in passages]), embedder, cache_file=None)


def _index(snap: IndexSnapshot, p: Passage) -> int:
    return next(i for i, q in enumerate(snap.passages) if q.id == p.id)


def _cite(p: Passage, quote: str, n: int = 1) -> Citation:
    return Citation(id=n, title=p.title, source=p.doc_id, chunk_id=p.id, quote=quote, heading=p.heading)


def test_position_is_the_ruling_the_lead_and_its_agreement_and_every_other_statement_is_a_talking_point() -> None:
    s = [
        Statement(text="Yes.", kind="ruling"),
        Statement(text="Most growing businesses do.", citation_ids=[1], kind="verdict"),
        Statement(text="2 of our 5 articles make this point.", citation_ids=[1, 2], kind="agreement"),
        Statement(text="The MSP executes.", citation_ids=[3]),
        Statement(text="Patching", citation_ids=[3], kind="item"),
    ]
    position, points = split_position(Answer(question="q", statements=s))
    assert position == s[:3] and points == s[3:]
    position, points = split_position(Answer(question="q", statements=[Statement(text="Not quite: …", kind="correction"), s[3], s[4]]))
    assert [x.text for x in position] == ["Not quite: …", "The MSP executes."] and points == [s[4]]
    assert split_position(Answer(question="q", statements=[Statement(text="Sorry", kind="refusal")], abstained=True)) == ([], [])
    # Another article's answer shown before the agreement line that counts it belongs to the position too.
    other = Statement(text="Asked “Do you need both?”, another of our articles answers: For most, yes.", citation_ids=[2])
    position, points = split_position(Answer(question="q", statements=[s[0], s[1], other, s[2], s[3], s[4]]))
    assert position == [s[0], s[1], other, s[2]] and points == s[3:]
    # A statement the agreement line does not count ends the position before it; the line, away from its lead, is dropped.
    position, points = split_position(Answer(question="q", statements=[s[0], s[1], s[3], s[2]]))
    assert position == s[:2] and points == [s[3]]


def test_supporting_articles_are_every_distinct_article_in_order_of_first_citation() -> None:
    a, b = passage("x", doc="a.md"), passage("y", doc="b.md")
    arts = supporting_articles([_cite(a, "x", 1), _cite(b, "y", 2), _cite(a, "x", 3)])
    assert [x.source for x in arts] == ["a.md", "b.md"] and arts[0].title == "Title of a.md"


def test_an_opening_stands_alone_or_is_not_quoted(embedder: HashingEmbedder) -> None:
    plain = passage("Most MSPs bundle a vCIO. It sells more services. The rest is detail. Even more detail.", kind="faq", faq_question="What if my MSP offers a vCIO?")
    yes = passage("Yes.\n\nThey often should. The MSP handles delivery. The CTO handles strategy.", kind="faq", faq_question="Can an MSP and a CTO work together?", position=1)
    leans = passage("Then a fractional CISO may be part of the answer.", kind="faq", faq_question="What if you also need security leadership?", position=2)
    bare = passage("Yes.", kind="faq", faq_question="Is it worth it?", position=3)
    short_list = passage(
        "Ask three things:\n\n- Who owns the roadmap?\n- Who audits the MSP?\n- Who reports to the board?", kind="list", lead_in="Ask three things:", heading="How do I test my MSP?", position=4
    )
    long_list = passage("Watch for these signs:\n\n" + "\n".join(f"- Sign number {n} shows" for n in range(8)), kind="list", lead_in="Watch for these signs:", position=5)
    snap = _snap(embedder, [plain, yes, leans, bare, short_list, long_list])

    def quote(p: Passage) -> str | None:
        got = opening_quote(snap, _index(snap, p))
        return None if got is None else p.body[got[0] : got[1]]

    assert quote(plain) == "Most MSPs bundle a vCIO. It sells more services. The rest is detail."  # three sentences, verbatim, from the start
    assert quote(yes) == "Yes.\n\nThey often should. The MSP handles delivery. The CTO handles strategy."  # a bare "Yes." rides along with what follows
    assert quote(leans) is None, "an opening that leans back on an earlier sentence cannot stand alone"
    assert quote(bare) is None, "a bare verdict alone says nothing"
    assert quote(short_list) == short_list.body, "a lead-in ending with ':' brings its items"
    assert quote(long_list) is None, "a lead-in whose items do not all fit is not quoted without them"
    got = opening_quote(snap, _index(snap, short_list))
    assert got is not None and got[2] == "Ask three things:\n- Who owns the roadmap?\n- Who audits the MSP?\n- Who reports to the board?"


def test_objections_are_the_documents_nearby_questions_not_the_asked_one_nor_ones_the_answer_already_quotes(embedder: HashingEmbedder) -> None:
    lead = passage("An MSP vCIO has a conflict of interest: it sells the services it reviews.", kind="faq", faq_question="Does an MSP vCIO create a conflict of interest for the MSP?", doc="a.md")
    used = passage("Many MSPs include a vCIO in the contract. It is an account manager.", kind="faq", faq_question="What if my MSP offers a vCIO and conflict reviews?", doc="a.md", position=1)
    near = passage("Some MSPs offer a vCIO for strategy. The conflict of interest stays.", kind="faq", faq_question="Can my MSP vCIO give independent strategy without conflict?", doc="b.md")
    same_again = passage("Some MSPs offer a vCIO for strategy, yes. The conflict of interest stays.", kind="faq", faq_question="Can my MSP vCIO give independent strategy without conflict?", doc="c.md")
    leaning = passage("Then the MSP vCIO conflict matters less.", kind="faq", faq_question="What if the MSP vCIO has no conflict of interest?", doc="b.md", position=1)
    draft_like = passage("Independent review of the MSP vCIO removes the conflict.", kind="faq", faq_question="Who reviews the MSP vCIO conflict of interest?", doc="d.md")
    far = passage("Pizza ovens need high heat.", kind="faq", faq_question="How hot is a pizza oven?", doc="e.md")
    prose = passage("The MSP vCIO conflict of interest is structural.", doc="f.md")  # no question: never an objection
    snap = _snap(embedder, [lead, used, near, same_again, leaning, draft_like, far, prose])
    ans = Answer(
        question=ASKED,
        statements=[Statement(text=lead.body, citation_ids=[1], kind="verdict"), Statement(text="Many MSPs include a vCIO in the contract.", citation_ids=[2])],
        citations=[_cite(lead, lead.body, 1), _cite(used, "Many MSPs include a vCIO in the contract.", 2)],
        profile="sales",
    )
    q_vec = embedder.encode([ASKED])[0]
    got = objections(snap, q_vec, ans)
    questions = [o.question for o in got]
    assert lead.faq_question not in questions, "the asked question is not its own objection"
    assert used.faq_question not in questions, "a question whose opening the answer already quotes is already used"
    assert questions.count(near.faq_question) == 1, "the same question asked by two articles is one objection"
    assert leaning.faq_question not in questions and far.faq_question not in questions
    assert set(questions) == {near.faq_question, draft_like.faq_question}
    for n, o in enumerate(got):
        p = next(x for x in snap.passages if x.id == o.citation.chunk_id)
        assert p.faq_question == o.question and o.citation.context == o.question
        assert p.body.startswith(o.citation.quote), "each answer is its own passage's verbatim opening"
        assert o.citation.id == len(ans.citations) + n + 1, "numbered after the answer's own citations"
    # What the profile may not quote is never an objection.
    allowed = np.asarray([p.id != draft_like.id for p in snap.passages])
    assert draft_like.faq_question not in [o.question for o in objections(snap, q_vec, ans, allowed)]
    assert objections(snap, q_vec, ans, np.zeros(snap.size, dtype=bool)) == []


def test_the_brief_lists_every_article_of_the_answer_and_of_its_objections(embedder: HashingEmbedder) -> None:
    lead = passage("An MSP vCIO has a conflict of interest.", doc="a.md")
    near = passage("Some MSPs offer a vCIO for strategy. The conflict of interest stays.", kind="faq", faq_question="Can my MSP vCIO give strategy without conflict?", doc="b.md")
    snap = _snap(embedder, [lead, near])
    ans = Answer(question=ASKED, statements=[Statement(text=lead.body, citation_ids=[1])], citations=[_cite(lead, lead.body)], profile="sales")
    brief = sales_brief(ans, snap, embedder.encode([ASKED])[0])
    assert [s.text for s in brief.position] == [lead.body] and brief.talking_points == []
    assert [o.question for o in brief.objections] == [near.faq_question]
    assert [a.source for a in brief.articles] == ["a.md", "b.md"]
    refusal = Answer(question="pizza?", statements=[Statement(text="Sorry", kind="refusal")], abstained=True)
    assert sales_brief(refusal, snap, embedder.encode(["pizza?"])[0]).objections == []
