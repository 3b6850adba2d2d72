"""The eval set: load ``eval/items.yaml`` into typed items and check that it is traceable.

Every position and nugget names the passage it comes from; :func:`check_traceable` proves each
such quote is verbatim in its source, so the set cannot drift away from the corpus unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, Field, model_validator

from advisor.models import Message

HERE = Path(__file__).resolve().parent
ITEMS_FILE = HERE / "items.yaml"

Kind = Literal[
    "position",
    "fact",
    "scenario",
    "false_premise",
    "followup",
    "paraphrase",
    "cost",
    "steps",
    "should",
    "comparison",
    "product",
    "out_of_scope",
    "injection",
]
KINDS: tuple[str, ...] = get_args(Kind)  # "product": a question the product itself shows users (starters, README, refusal hint)
IN_SCOPE_KINDS = frozenset(KINDS) - {"out_of_scope", "injection"}
# Kinds whose question asks for a yes / no / it-depends call; for a false premise it is the verdict on
# the question as asked (the premise itself is wrong).
VERDICT_KINDS = frozenset({"should", "false_premise"})


class PassageRef(BaseModel):
    source: str
    quote: str


class Nugget(BaseModel):
    text: str
    importance: Literal["vital", "okay"]
    source: str
    quote: str


class EvalItem(BaseModel):
    id: str
    kind: Kind
    question: str
    position: str
    position_ref: PassageRef | None = None
    nuggets: list[Nugget] = Field(default_factory=list)
    contradictions: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    history: list[Message] = Field(default_factory=list)
    expect: Literal["answer", "abstain", "any"] = "answer"
    canary: str | None = None
    verdict: Literal["yes", "no", "depends"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> EvalItem:
        if self.kind == "out_of_scope":
            self.expect = "abstain"
        if self.kind in IN_SCOPE_KINDS:
            if not 2 <= len(self.nuggets) <= 5:
                raise ValueError(f"{self.id}: in-scope items need 2–5 nuggets")
            if not any(n.importance == "vital" for n in self.nuggets):
                raise ValueError(f"{self.id}: at least one nugget must be vital")
            if not self.sources or self.position_ref is None:
                raise ValueError(f"{self.id}: in-scope items need sources and a position_ref")
        if self.kind == "followup" and not self.history:
            raise ValueError(f"{self.id}: follow-ups need a history")
        if self.kind in VERDICT_KINDS and self.verdict is None:
            raise ValueError(f"{self.id}: {self.kind} items need a verdict (yes / no / depends)")
        return self

    @property
    def should_abstain(self) -> bool | None:
        return {"abstain": True, "answer": False, "any": None}[self.expect]


def load_items(path: Path = ITEMS_FILE) -> list[EvalItem]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = raw.get("sources", {})

    def resolve(src: str) -> str:
        return aliases.get(src, src)

    items = []
    for obj in raw["items"]:
        obj = dict(obj)
        obj["sources"] = [resolve(s) for s in obj.get("sources", [])]
        if obj.get("position_ref"):
            obj["position_ref"] = {**obj["position_ref"], "source": resolve(obj["position_ref"]["source"])}
        obj["nuggets"] = [{**n, "source": resolve(n["source"])} for n in obj.get("nuggets", [])]
        items.append(EvalItem.model_validate(obj))
    ids = [it.id for it in items]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate item ids: {sorted(dupes)}")
    return items


def check_traceable(items: list[EvalItem], corpus_dir: Path) -> list[str]:
    """Problems found: a named source that does not exist, or a quote that is not verbatim in it."""
    texts: dict[str, str] = {}
    problems: list[str] = []

    def text_of(source: str) -> str | None:
        if source not in texts:
            path = corpus_dir / source
            texts[source] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return texts[source] or None

    for it in items:
        refs = [("position_ref", it.position_ref)] if it.position_ref else []
        refs += [(f"nugget {i + 1}", n) for i, n in enumerate(it.nuggets)]
        for label, ref in refs:
            body = text_of(ref.source)
            if body is None:
                problems.append(f"{it.id} {label}: unknown source {ref.source}")
            elif ref.quote not in body:
                problems.append(f"{it.id} {label}: quote not verbatim in {ref.source}: {ref.quote!r}")
        for s in it.sources:
            if text_of(s) is None:
                problems.append(f"{it.id}: unknown source {s}")
    return problems
