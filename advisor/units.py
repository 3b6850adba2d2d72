"""The quotable pieces of a passage: sentences, list items, a list's lead-in, a table row.

Offsets are into the passage body (verbatim source lines), so any contiguous run of units is a
verbatim quote: ``body[first.start:last.end]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from advisor.passage import Passage
from advisor.text import LIST_MARKER, sentence_spans

UnitKind = Literal["sentence", "lead", "item", "row"]


@dataclass(frozen=True, slots=True)
class Unit:
    kind: UnitKind
    text: str  # what an answer shows
    start: int  # span in the passage body
    end: int
    para: int  # paragraph (blank-line separated block) of the body


def units_of(p: Passage) -> list[Unit]:
    if p.kind == "table_row":
        lines = p.body.split("\n")
        start = len(lines[0]) + len(lines[1]) + 2 if len(lines) >= 3 else 0
        return [Unit("row", p.readable(), start, len(p.body), 0)]
    out: list[Unit] = []
    offset = 0
    lead_end = len(p.lead_in) if p.kind == "list" and p.lead_in and p.body.startswith(p.lead_in) else 0
    for pi, para in enumerate(p.body.split("\n\n")):
        base = offset
        offset += len(para) + 2
        if p.kind == "list" and base >= lead_end:
            for line_start, line in _lines(para):
                m = LIST_MARKER.match(line)
                text = line[m.end() :].strip() if m else line.strip()
                if not text:
                    continue
                if not m and out and out[-1].kind == "item" and out[-1].para == pi:  # continuation line of an item
                    prev = out.pop()
                    out.append(Unit("item", f"{prev.text} {text}", prev.start, base + line_start + len(line.rstrip()), pi))
                    continue
                s = base + line_start + (m.end() if m else len(line) - len(line.lstrip()))
                out.append(Unit("item", text, s, base + line_start + len(line.rstrip()), pi))
            continue
        kind: UnitKind = "lead" if base < lead_end else "sentence"
        for s, e in sentence_spans(para):
            out.append(Unit(kind, " ".join(para[s:e].split()), base + s, base + e, pi))
    return out


def _lines(para: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in para.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out
