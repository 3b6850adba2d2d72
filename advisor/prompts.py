"""Prompts and profiles are files in prompts/, loaded by name: wording changes need no code change."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_FM = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_VAR = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


@dataclass(frozen=True)
class PromptFile:
    name: str
    meta: dict[str, object]
    template: str

    @property
    def variables(self) -> set[str]:
        return set(_VAR.findall(self.template))

    def render(self, **values: str) -> str:
        missing = self.variables - set(values)
        if missing:
            raise KeyError(f"prompt {self.name} needs {sorted(missing)}")
        # Substitute named slots only, so braces inside user or document text are never interpreted.
        return _VAR.sub(lambda m: values[m.group(1)], self.template)


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    description: str
    instructions: str
    max_sentences: int
    max_words: int
    max_passages: int


@lru_cache(maxsize=64)
def load_prompt(prompts_dir: Path, name: str) -> PromptFile:
    path = prompts_dir / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt file {path}")
    raw = path.read_text(encoding="utf-8")
    m = _FM.match(raw)
    meta = yaml.safe_load(m.group(1)) if m else {}
    body = raw[m.end() :] if m else raw
    return PromptFile(name=name, meta=meta or {}, template=body.strip())


def available_profiles(prompts_dir: Path) -> list[str]:
    return sorted(p.stem.removeprefix("profile_") for p in prompts_dir.glob("profile_*.md"))


def load_profile(prompts_dir: Path, name: str) -> Profile:
    if name not in available_profiles(prompts_dir):
        raise ValueError(f"unknown profile {name!r}; choose one of {available_profiles(prompts_dir)}")
    p = load_prompt(prompts_dir, f"profile_{name}")
    return Profile(
        name=name,
        label=str(p.meta.get("label", name)),
        description=str(p.meta.get("description", "")),
        instructions=p.template,
        max_sentences=_int(p.meta, "max_sentences", 4),
        max_words=_int(p.meta, "max_words", 120),
        max_passages=_int(p.meta, "max_passages", 3),
    )


def _int(meta: dict[str, object], key: str, default: int) -> int:
    value = meta.get(key, default)
    if not isinstance(value, int | str):
        raise ValueError(f"profile setting {key} must be a whole number, not {value!r}")
    return int(value)
