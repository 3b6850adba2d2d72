"""Renderings of an :class:`~advisor.models.Answer`: text with ``[n]`` markers, Markdown, HTML, public JSON.

Pure functions over the structure; nothing here parses answer text back. The one parser of
``[n]`` markers (:func:`parse_markers`) exists for text that comes from outside: an LLM reply.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote as quote_url

from advisor.models import Answer, PublicAnswer, Statement
from advisor.passage import readable_row, split_row

#: URL schemes a rendered link may carry; anything else (javascript:, data:, …) is shown as text only.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_TRAILING_STOP = re.compile(r"^[.!?]+[\"'”’)]*")


def parse_markers(text: str) -> list[Statement]:
    """Text with ``[n]`` / ``[1, 2]`` / ``[1][2]`` markers → statements, each closed by the markers after it.

    Markers attach to the sentence they follow, whether written before its full stop ("… fee [1].")
    or after it ("… fee. [1]"); a run of markers ("[1][2]", "[1] [2]") adds up; a sentence with no
    marker becomes a statement with no citations. A stop written after a marker closes the sentence
    before it, so it never opens the next one.
    """
    out: list[Statement] = []
    pos = 0
    for m in _MARKERS.finditer(text):
        body = text[pos : m.start()].strip(" \n-")
        ids = [int(x) for x in re.findall(r"\d+", m.group(1))]
        if body:
            sents = _sentences(body)
            out.extend(Statement(text=s) for s in sents[:-1])
            out.append(Statement(text=sents[-1], citation_ids=list(dict.fromkeys(ids))))
        elif out:
            out[-1].citation_ids += [i for i in ids if i not in out[-1].citation_ids]
        pos = m.end()
        stop = _TRAILING_STOP.match(text[pos:])
        if stop and out:
            out[-1].text = out[-1].text.rstrip() + stop.group(0)
            pos += stop.end()
    rest = text[pos:].strip(" \n-")
    if rest:
        out.extend(Statement(text=s) for s in _sentences(rest))
    return out


def _sentences(text: str) -> list[str]:
    from advisor.text import split_sentences

    return [s for s in split_sentences(text) if s.strip()] or [text]


def readable_quote(quote: str) -> str:
    """A quote as a reader sees it: table rows as "Label: cell; cell", never raw ``|`` pipes.

    The quote stays verbatim cell by cell; only the Markdown table syntax around the cells goes
    (a separator line such as ``|---|---|`` carries no words and is dropped).
    """
    lines = [ln for ln in quote.splitlines() if ln.strip()]
    if not lines or not all(ln.strip().startswith("|") and ln.strip().endswith("|") for ln in lines):
        return quote
    out = []
    for ln in lines:
        cells = split_row(ln)
        if not any(cells) or all(set(c) <= set("-: ") for c in cells):
            continue
        out.append(readable_row(cells))
    return "\n".join(out)


def article_path(source: str, chunk_id: str = "") -> str:
    """Where Advisor serves a document as a readable page (``/articles/{doc}#{passage}``), URL-encoded."""
    href = "/articles/" + quote_url(source, safe="/")
    return f"{href}#{quote_url(chunk_id, safe='')}" if chunk_id else href


def is_safe_url(url: str) -> bool:
    """An absolute http(s) or mailto URL. Browsers ignore tabs, newlines and leading control
    characters in a URL ("java\tscript:"), so those are removed before the scheme is read.
    Ingest drops every other link; the surfaces check again before they link anything."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    m = _SCHEME.match(cleaned)
    if m is None:
        return False
    scheme = m.group(1).lower()
    return scheme in SAFE_SCHEMES and (scheme == "mailto" or cleaned[m.end() :].startswith("//"))


def safe_url(url: str | None) -> str | None:
    """The URL if a browser may follow it from our pages (:func:`is_safe_url`), else None."""
    return url if url and is_safe_url(url) else None


def _marks(ids: list[int]) -> str:
    return "".join(f" [{i}]" for i in ids)


@dataclass(frozen=True)
class Block:
    """A paragraph (statements run together) or a list (one item per line) of an answer."""

    kind: Literal["paragraph", "list"]
    statements: tuple[Statement, ...]


def blocks(statements: list[Statement]) -> list[Block]:
    """An answer's statements as paragraphs and lists, the one grouping every rendering uses.

    Runs of items are lists; an item that shares no citation with the one before (another passage's)
    starts another list, so two lists quoted one after the other (a list with its lead-in, then a list of key takeaways without one) never
    read as one.
    """
    out: list[Block] = []
    for s in statements:
        kind: Literal["paragraph", "list"] = "list" if s.kind == "item" else "paragraph"
        last = out[-1] if out else None
        if last is not None and last.kind == kind and (kind == "paragraph" or not another_passage(last.statements[-1], s)):
            out[-1] = Block(kind, (*last.statements, s))
        else:
            out.append(Block(kind, (s,)))
    return out


def another_passage(before: Statement, item: Statement) -> bool:
    """Whether ``item`` cites only other sources than the item ``before`` it (an item without a citation, as an LLM may write, continues its list)."""
    return bool(before.citation_ids) and bool(item.citation_ids) and not set(before.citation_ids) & set(item.citation_ids)


def markdown_blocks(statements: list[Statement], piece: Callable[[Statement], str]) -> str:
    """Paragraphs and "-" lists in Markdown, each statement written by ``piece`` (its escaping and markers).

    A list right after another list gets the other bullet ("*"): CommonMark reads two "-" lists with
    only a blank line between them as one list.
    """
    out: list[str] = []
    bullet = "-"
    for k, b in enumerate(bs := blocks(statements)):
        if b.kind == "paragraph":
            out.append(" ".join(piece(s) for s in b.statements))
            continue
        bullet = ("*" if bullet == "-" else "-") if k > 0 and bs[k - 1].kind == "list" else "-"
        out.append("\n".join(f"{bullet} {piece(s)}" for s in b.statements))
    return "\n\n".join(out)


def html_blocks(statements: list[Statement], marks: Callable[[list[int]], str]) -> str:
    """Paragraphs and lists in HTML: each statement's text escaped, then ``marks`` of its citations."""
    out: list[str] = []
    for b in blocks(statements):
        pieces = [html.escape(s.text) + marks(s.citation_ids) for s in b.statements]
        out.append("<ul>" + "".join(f"<li>{p}</li>" for p in pieces) + "</ul>" if b.kind == "list" else "<p>" + " ".join(pieces) + "</p>")
    return "".join(out)


def text_pieces(a: Answer) -> list[str]:
    """The text rendering statement by statement (what a stream sends); joined, they are :func:`to_text`."""
    pieces: list[str] = []
    for b in blocks(a.statements):
        for k, s in enumerate(b.statements):
            sep = ("\n\n" if pieces else "") if k == 0 else ("\n" if b.kind == "list" else " ")
            pieces.append(sep + ("- " if b.kind == "list" else "") + s.text + _marks(s.citation_ids))
    return pieces


def to_text(a: Answer) -> str:
    """Statements in order, each followed by its markers; runs of items as "- " lines."""
    return "".join(text_pieces(a))


def to_markdown(a: Answer, *, heading_level: int = 0) -> str:
    """Markdown: the answer, then numbered sources with their verbatim quotes."""
    out = []
    if heading_level:
        out.append(f"{'#' * heading_level} {a.question}\n")
    out.append(markdown_blocks(a.statements, lambda s: s.text + _marks(s.citation_ids)) + "\n")
    for c in a.citations:
        link = f"[{c.title}]({c.url})" if c.url else c.title
        where = f" ({c.heading})" if c.heading else ""
        quote = c.quote.replace("\n", " ")
        out.append(f"{c.id}. {link}{where} — “{quote}”")
    return "\n".join(out) + "\n"


def to_html(a: Answer, anchor: str = "a") -> str:
    """An HTML section: paragraphs and lists of statements with linked markers, then the sources."""
    e = html.escape
    body = html_blocks(a.statements, lambda ids: "".join(f' <a href="#{e(anchor)}-{i}">[{i}]</a>' for i in ids))
    cites = "".join(
        f'<li id="{e(anchor)}-{c.id}"><cite>'
        + (f'<a href="{e(c.url, quote=True)}">{e(c.title)}</a>' if c.url else e(c.title))
        + "</cite>"
        + (f" <span class='heading'>{e(c.heading)}</span>" if c.heading else "")
        + f"<blockquote>{e(c.quote)}</blockquote></li>"
        for c in a.citations
    )
    return f"<section><h2>{e(a.question)}</h2>{body}<ol>{cites}</ol></section>"


def to_public(a: Answer) -> PublicAnswer:
    return PublicAnswer(
        question=a.question,
        answer=to_text(a),
        abstained=a.abstained,
        verdict=a.verdict,
        citations=a.citations,
        statements=a.statements,
        backend=a.backend,
        notice=a.notice,
        latency_ms=round(a.trace.timings.total_ms, 1),
    )
