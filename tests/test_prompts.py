"""Prompt files exist, declare their variables, and render with exactly those."""

from __future__ import annotations

import pytest

from advisor.prompts import available_profiles, load_profile, load_prompt
from advisor.settings import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.mark.parametrize("name", ["answer", "refusal"])
def test_declared_variables_match_the_template(name: str) -> None:
    p = load_prompt(PROMPTS, name)
    assert set(p.meta["variables"]) == p.variables  # type: ignore[arg-type]


def test_rendering_does_not_interpret_braces_in_user_text() -> None:
    p = load_prompt(PROMPTS, "answer")
    out = p.render(profile_instructions="x", passages="[1] {question}", history="{history}", question="{passages} ?")
    assert "[1] {question}" in out and "<question>{passages} ?</question>" in out
    with pytest.raises(KeyError):
        p.render(question="only one")


def test_every_profile_is_a_file_with_settings() -> None:
    assert set(available_profiles(PROMPTS)) == {"website", "sales", "faq"}
    for name in available_profiles(PROMPTS):
        prof = load_profile(PROMPTS, name)
        assert prof.max_sentences > 0 and prof.instructions
