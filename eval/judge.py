"""Optional LLM judge: grades nugget support with the configured chat model.

Reported separately from the offline scores and never part of the CI gate: an LLM judge needs a
backend this machine does not have, and its verdicts are not reproducible.
"""

from __future__ import annotations

import re

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from advisor.models import Answer
from advisor.prompts import load_prompt
from advisor.settings import Settings
from eval.dataset import EvalItem

_LINE = re.compile(r"^\s*(\d+)\s*[:.)-]\s*(support|partial|none)\b", re.I | re.M)


def parse_verdicts(text: str, n: int) -> list[str]:
    """'1: support' lines → one verdict per nugget; a nugget the judge skipped counts as 'none'."""
    found = {int(i): v.lower() for i, v in _LINE.findall(text)}
    return [found.get(i + 1, "none") for i in range(n)]


def make_judge(model: BaseChatModel, settings: Settings):  # type: ignore[no-untyped-def]
    prompt = load_prompt(settings.prompts_dir, "judge")

    def judge(item: EvalItem, ans: Answer) -> list[str]:
        nuggets = "\n".join(f"{i + 1}. {n.text}" for i, n in enumerate(item.nuggets))
        msg = prompt.render(question=item.question, nuggets=nuggets, answer=ans.text)
        reply = model.invoke([HumanMessage(content=msg)])
        return parse_verdicts(str(reply.content), len(item.nuggets))

    return judge
