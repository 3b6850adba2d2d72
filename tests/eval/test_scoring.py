"""Scoring rules of the eval, on hand-made answers: each rule can fail."""

from __future__ import annotations

from advisor.embeddings import Embedder
from advisor.models import Answer, Citation, Statement
from advisor.render import parse_markers
from advisor.settings import PROJECT_ROOT
from eval.dataset import EvalItem, Nugget, PassageRef
from eval.scoring import addresses_question, citation_quality, find_contradiction, judge_nuggets, leaks_prompt, prompt_shingles, score_item, stands_alone

SRC = "fractional-cio-vs-msp-orange-county.md"
CORPUS = {SRC: (PROJECT_ROOT / "corpus" / SRC).read_text(encoding="utf-8")}
QUOTE = "An MSP evaluating its own performance is inherently limited"


def _item(**kw) -> EvalItem:  # type: ignore[no-untyped-def]
    base = dict(
        id="t",
        kind="false_premise",
        question="Our MSP can audit itself, right?",
        position="No. An MSP evaluating its own performance is inherently limited.",
        position_ref=PassageRef(source=SRC, quote=QUOTE),
        nuggets=[
            Nugget(text="An MSP evaluating its own performance is inherently limited.", importance="vital", source=SRC, quote=QUOTE),
            Nugget(text="A monthly retainer of $5,000–$20,000.", importance="okay", source=SRC, quote="$5,000–$20,000/month"),
        ],
        contradictions=["An MSP can objectively audit its own performance."],
        sources=[SRC],
        verdict="no",
    )
    base.update(kw)
    return EvalItem.model_validate(base)


def _answer(text: str, quotes: list[str], contexts: list[str] | None = None) -> Answer:
    cites = [Citation(id=i + 1, title="t", source=SRC, chunk_id="c", quote=q, context=(contexts or [""] * len(quotes))[i]) for i, q in enumerate(quotes)]
    return Answer(question="q", statements=parse_markers(text), citations=cites)


def test_markers_attach_to_the_statement_they_close_in_every_written_form() -> None:
    st = parse_markers("First claim. [1] Second claim [2][3] Third, after its stop. [1, 2] no marker here.")
    assert [(s.text, s.citation_ids) for s in st] == [
        ("First claim.", [1]),
        ("Second claim", [2, 3]),
        ("Third, after its stop.", [1, 2]),
        ("no marker here.", []),
    ]


def test_citation_quality_finds_a_non_verbatim_quote_and_an_unsupported_statement(embedder: Embedder) -> None:
    good = _answer(f"{QUOTE}. [1]", [QUOTE])
    assert citation_quality(good, CORPUS, embedder) == (1.0, 1.0, 1.0, 1.0)
    forged = _answer("MSPs audit themselves perfectly. [1] Pizza is tasty. [2]", ["MSPs audit themselves perfectly", QUOTE])
    verbatim, recall, precision, _ = citation_quality(forged, CORPUS, embedder)
    assert verbatim == 0.5 and recall < 1.0 and precision < 1.0


def test_a_quote_that_cannot_stand_alone_is_not_support(embedder: Embedder) -> None:
    bare = _answer("Yes — and most of our clients have both. [1]", ["Yes — and most of our clients have both."])
    assert not stands_alone(bare.citations[0], bare)
    assert citation_quality(bare, CORPUS, embedder)[2] == 0.0
    with_question = _answer("Yes — and most of our clients have both. [1]", ["Yes — and most of our clients have both."], ["Do You Need Both?"])
    assert stands_alone(with_question.citations[0], with_question)
    pronoun = _answer("They are measured on uptime. [1]", ["They are measured on uptime."])
    assert not stands_alone(pronoun.citations[0], pronoun)
    lead_in = _answer("Their core services typically include: [1]", ["Their core services typically include:"])
    assert not stands_alone(lead_in.citations[0], lead_in)
    gray = _answer("In this gray area, a vCIO often serves as a hybrid role blending both. [1]", ["In this gray area, a vCIO often serves as a hybrid role blending both."])
    assert not stands_alone(gray.citations[0], gray)  # "this gray area" is text the answer does not show
    fraction = "A fractional CIO provides the same leadership at a fraction of that cost."
    alone = _answer(f"{fraction} [1]", [fraction])
    assert not stands_alone(alone.citations[0], alone)  # which cost? the paragraph before is not shown
    after = _answer(f"A full-time CIO costs $250,000 a year. [1] {fraction} [2]", ["A full-time CIO costs $250,000 a year.", fraction])
    assert stands_alone(after.citations[1], after)  # right after the quote it points back to
    such = "A true fractional CIO has no such conflict."
    assert not stands_alone(_answer(f"{such} [1]", [such]).citations[0], _answer(f"{such} [1]", [such]))  # no conflict like which?
    described = f"Your MSP earns more when nothing changes. {such}"
    assert stands_alone(_answer(f"{described} [1]", [described]).citations[0], _answer(f"{described} [1]", [described]))  # shown with what it points to
    fewer = "Far fewer have the CFO equivalent on the technology side."
    assert not stands_alone(_answer(f"{fewer} [1]", [fewer]).citations[0], _answer(f"{fewer} [1]", [fewer]))  # fewer of what?
    for leaning in ("Both cost money.", "You might even be paying for one of them right now."):
        assert not stands_alone(_answer(f"{leaning} [1]", [leaning]).citations[0], _answer(f"{leaning} [1]", [leaning]))  # both of what? one of which?
    for opener in ("Often, they are essential.", "On paper, this sounds appealing.", "Day to day, that means patching."):
        assert not stands_alone(_answer(f"{opener} [1]", [opener]).citations[0], _answer(f"{opener} [1]", [opener]))  # what is? what does?
    for plain in ("Today, IT leadership is rare in small firms.", "In most firms, itemized MSP invoices hide the real cost."):
        assert stands_alone(_answer(f"{plain} [1]", [plain]).citations[0], _answer(f"{plain} [1]", [plain]))  # "IT" and "itemized" are no pronouns
    opened = "In practice, there's a structural problem."
    assert stands_alone(_answer(f"{opened} [1]", [opened]).citations[0], _answer(f"{opened} [1]", [opened]))  # "there" after the comma points nowhere
    essential = "Often, they are essential."
    under_heading = _answer(f"Asked “Managed IT solves different problems”, our article answers: {essential} [1]", [essential], ["Managed IT solves different problems"])
    assert not stands_alone(under_heading.citations[0], under_heading)  # a heading asks nothing: "they" is still unnamed
    paper = "On paper, a vCIO add-on sounds appealing."
    turned = _answer(f"{paper} [1]", [paper])
    assert not stands_alone(turned.citations[0], turned, f"Many MSPs sell a vCIO. {paper} In practice, there's a structural problem.")  # the source turns against it
    assert stands_alone(turned.citations[0], turned, f"Many MSPs sell a vCIO. {paper} It is cheap.")
    link = "The cleanest framing is in this MSP vs fractional CTO comparison."
    assert not stands_alone(_answer(f"{link} [1]", [link]).citations[0], _answer(f"{link} [1]", [link]))  # which comparison? none is shown
    both = "Both roles report to the CEO."
    assert stands_alone(_answer(f"{both} [1]", [both]).citations[0], _answer(f"{both} [1]", [both]))  # "both" naming its noun
    relative = _answer("Our advice goes to those who ask for it. [1]", ["Our advice goes to those who ask for it."])
    assert stands_alone(relative.citations[0], relative)  # "those who …" points nowhere
    fragment = "No managed services revenue riding on the outcome."
    carried = _answer(f"{fragment} [1]", [fragment])
    source = f"An independent fractional CIO has no vendor relationship to defend. {fragment} The only outcome that matters is yours."
    assert not stands_alone(carried.citations[0], carried, source)  # it carries on the sentence before, not shown
    whole = "No MSP can solve a compliance, M&A, or board-level technology question for you."
    own = _answer(f"{whole} [1]", [whole])
    assert stands_alone(own.citations[0], own, f"Boards ask hard questions. {whole}")  # a sentence of its own


def test_addressing_the_question_means_the_first_claim_carries_a_vital_point(embedder: Embedder) -> None:
    item = _item(kind="position", verdict=None)
    on_point = _answer(f"{QUOTE}. [1] Pizza is tasty. [1]", [QUOTE])
    assert addresses_question(item, on_point, [], embedder)
    off_point = _answer(f"Pizza is tasty. [1] {QUOTE}. [1]", [QUOTE])
    assert not addresses_question(item, off_point, [], embedder)


def test_a_question_that_asks_for_a_verdict_needs_the_right_one_before_the_first_citation(embedder: Embedder) -> None:
    item = _item()  # the articles say "no"
    on_point = _answer(f"{QUOTE}. [1]", [QUOTE])
    assert not addresses_question(item, on_point, [], embedder), "a vital point without the verdict is not enough"
    ruled = Answer(question="q", statements=[Statement(text="No.", kind="ruling"), *on_point.statements], citations=on_point.citations, verdict="no")
    assert addresses_question(item, ruled, [], embedder)
    wrong = ruled.model_copy(update={"verdict": "yes", "statements": [Statement(text="Yes.", kind="ruling"), *on_point.statements]})
    assert not addresses_question(item, wrong, [], embedder)
    sc = score_item(item, wrong, CORPUS, embedder, set(), 1.0)
    assert not sc.passed and any(w.startswith("misleading") for w in sc.why)
    off_point = _answer(f"Pizza is tasty. [1] {QUOTE}. [1]", [QUOTE])
    corrected = Answer(question="q", statements=[Statement(text="Not quite: our articles say otherwise.", kind="correction")] + off_point.statements, citations=off_point.citations, verdict="no")
    assert addresses_question(item, corrected, [], embedder)


def test_nuggets_need_their_figures_and_words(embedder: Embedder) -> None:
    verdicts = judge_nuggets(_item(), _answer(f"{QUOTE} — not because MSPs are dishonest. [1] It costs $5,000 a month. [2]", [QUOTE, QUOTE]), embedder)
    assert verdicts[0]["verdict"] == "support"
    assert verdicts[1]["verdict"] != "support"  # "$20,000" is missing


def test_contradiction_is_caught_but_negation_is_not_a_contradiction(embedder: Embedder) -> None:
    item = _item()
    assert find_contradiction(item, _answer("An MSP can objectively audit its own performance. [1]", [QUOTE]), embedder)
    assert find_contradiction(item, _answer("Yes, that is right. [1]", [QUOTE]), embedder).startswith("agrees")
    assert not find_contradiction(item, _answer("An MSP cannot objectively audit its own performance. [1]", [QUOTE]), embedder)


def test_prompt_leak_detection() -> None:
    shingles = prompt_shingles(PROJECT_ROOT / "prompts")
    answer_prompt = (PROJECT_ROOT / "prompts" / "answer.md").read_text(encoding="utf-8").split("---")[-1]
    assert leaks_prompt(answer_prompt[:400], shingles)
    assert not leaks_prompt("A fractional CIO manages the strategy and the outcome.", shingles)
