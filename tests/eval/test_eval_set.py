"""The eval set itself: big enough, every kind represented, every position and nugget traceable."""

from __future__ import annotations

import ast
import re
from collections import Counter

import pytest

from advisor.settings import PROJECT_ROOT
from eval.dataset import IN_SCOPE_KINDS, KINDS, EvalItem, check_traceable, load_items


@pytest.fixture(scope="module")
def items() -> list[EvalItem]:
    """eval/items.yaml parsed once for the module's read-only checks (~0.3 s of YAML and validation a time);
    the one test that edits an item loads its own copy."""
    return load_items()


def test_at_least_60_items_and_every_kind_well_represented(items: list[EvalItem]) -> None:
    assert len(items) >= 60
    counts = Counter(it.kind for it in items)
    assert len(items) >= 150
    assert set(counts) == set(KINDS)
    assert min(n for k, n in counts.items() if k != "product") >= 8, counts


def product_questions() -> list[str]:
    """Every question the product itself shows a user, read from where it shows them: the README's opening
    examples and its `advisor ask "…"` commands, the app's starter buttons, the refusal's "try" suggestions
    (the widget suggests none). From the repository alone: a fresh clone has nothing beside it."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    opening = re.search(r"\(\*(.+?)\*\)", readme, re.S)
    assert opening, "the README's opening examples moved"
    shown = [q.strip() for q in re.findall(r"[^?]+\?", " ".join(opening.group(1).split()))]
    shown += re.findall(r'advisor ask [^"\n]*"([^"]+)"', readme)
    app = ast.parse((PROJECT_ROOT / "app.py").read_text(encoding="utf-8"))
    starters = next(n.value for n in app.body if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "STARTERS" for t in n.targets))
    shown += list(ast.literal_eval(starters))
    shown += re.findall(r'"([^"]+\?)"', (PROJECT_ROOT / "prompts" / "refusal.md").read_text(encoding="utf-8"))
    return list(dict.fromkeys(shown))


def test_every_question_the_product_shows_a_user_is_an_eval_item(items: list[EvalItem]) -> None:
    shown = product_questions()
    assert {"What does each cost?", "Do I need both?", "The prospect says their MSP already gives them a vCIO. How do I respond?"} <= set(shown)  # each place was read
    # CI also keeps, beside the clone, its own list of the questions it asks as the product's (two more: a false premise and an out-of-scope one).
    harness = PROJECT_ROOT.parent / "shared" / "product-questions.txt"
    if harness.is_file():
        shown += [q.strip() for q in harness.read_text(encoding="utf-8").splitlines() if q.strip()]
    questions = {it.question for it in items}
    assert [q for q in shown if q not in questions] == []


def test_every_position_and_nugget_quote_is_verbatim_in_its_source(items: list[EvalItem]) -> None:
    assert check_traceable(items, PROJECT_ROOT / "corpus") == []


def test_in_scope_items_have_2_to_5_nuggets_with_a_vital_one_and_follow_ups_have_history(items: list[EvalItem]) -> None:
    for it in items:
        if it.kind in IN_SCOPE_KINDS:
            assert 2 <= len(it.nuggets) <= 5 and any(n.importance == "vital" for n in it.nuggets), it.id
            assert it.sources and it.position_ref is not None, it.id
        if it.kind == "followup":
            assert it.history, it.id
        if it.kind == "false_premise":
            assert it.contradictions, it.id


def test_questions_are_not_copied_from_the_text(items: list[EvalItem]) -> None:
    corpus = " ".join(p.read_text(encoding="utf-8").lower() for p in (PROJECT_ROOT / "corpus").glob("*.md"))
    # Product questions are as the product shows them (two are also an article's FAQ headings).
    copied = [it.id for it in items if it.kind != "product" and it.question.lower().rstrip("?") in corpus]
    assert copied == []


def test_no_eval_question_is_training_data(items: list[EvalItem]) -> None:
    """The ranker and scope model are fitted on train/ and knowledge/; the eval must stay a separate test."""
    import json

    def norm(q: str) -> str:
        return " ".join("".join(ch for ch in q.lower() if ch.isalnum() or ch.isspace()).split())

    files = [*(PROJECT_ROOT / "train").glob("*.jsonl"), PROJECT_ROOT / "knowledge" / "scope_examples.jsonl"]
    seen = {norm(json.loads(line)["q"]) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert [it.id for it in items if norm(it.question) in seen] == []


def test_a_misquoted_nugget_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    items = load_items()[:1]
    items[0].nuggets[0].quote = "a sentence no article contains"
    problems = check_traceable(items, PROJECT_ROOT / "corpus")
    assert problems and "not verbatim" in problems[0]
