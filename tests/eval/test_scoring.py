"""Scoring rules of the eval, on hand-made answers: each rule can fail."""

from __future__ import annotations

from advisor.citations import split_statements
from advisor.embeddings import Embedder
from advisor.models import Answer, Citation
from advisor.settings import PROJECT_ROOT
from eval.dataset import EvalItem, Nugget, PassageRef
from eval.scoring import citation_quality, find_contradiction, judge_nuggets, leaks_prompt, prompt_shingles

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
    )
    base.update(kw)
    return EvalItem.model_validate(base)


def _answer(text: str, quotes: list[str]) -> Answer:
    cites = [Citation(id=i + 1, title="t", source=SRC, chunk_id="c", quote=q) for i, q in enumerate(quotes)]
    return Answer(question="q", text=text, citations=cites)


def test_statements_carry_the_markers_that_close_them() -> None:
    st = split_statements("First claim. [1] Second claim [2][3]\n\n- an item [4] trailing words")
    assert [(s.text, s.cites) for s in st] == [("First claim.", [1]), ("Second claim", [2, 3]), ("an item", [4]), ("trailing words", [])]


def test_citation_quality_finds_a_non_verbatim_quote_and_an_unsupported_statement(embedder: Embedder) -> None:
    good = _answer(f"{QUOTE}. [1]", [QUOTE])
    assert citation_quality(good, CORPUS, embedder) == (1.0, 1.0, 1.0)
    forged = _answer("MSPs audit themselves perfectly. [1] Pizza is tasty. [2]", ["MSPs audit themselves perfectly", QUOTE])
    verbatim, recall, precision = citation_quality(forged, CORPUS, embedder)
    assert verbatim == 0.5 and recall < 1.0 and precision < 1.0


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
