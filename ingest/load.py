"""Parse one corpus file into a :class:`Document` (Markdown-ish text plus metadata).

Every format ends as Markdown-like text so one chunker serves all; the text kept here is the
"source text" that citation quotes must be verbatim spans of.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from advisor.errors import IngestError
from advisor.render import is_safe_url as safe_url

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 20_000_000
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)

Status = Literal["draft", "published"]
#: A document without a ``status`` in its front matter is published: the corpus folder is the firm's
#: library, and the existing articles carry no status. A draft says so (``status: draft`` or ``draft: true``).
DEFAULT_STATUS: Status = "published"
#: URL schemes that survive ingest (front-matter ``url`` and links in the text); every other scheme
#: (``javascript:``, ``data:``, ``vbscript:``, ``file:``…) and scheme-less links are dropped and reported.
# Markdown inline links/images, autolinks, reference definitions and HTML href/src attributes.
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>", re.I)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+).*$", re.M)
_HTML_ATTR = re.compile(r"""\s(href|src|srcset|action|formaction|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus folder, POSIX style
    title: str
    text: str
    content_hash: str
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    topics: tuple[str, ...] = field(default_factory=tuple)
    status: Status = DEFAULT_STATUS
    dropped_links: tuple[str, ...] = ()  # URLs removed because their scheme is not http, https or mailto


def strip_unsafe_links(text: str) -> tuple[str, list[str]]:
    """The text with every link whose URL is not :func:`safe_url` made plain (link text kept, URL
    gone), and the URLs dropped. Hand-written: Markdown renderers sanitise on output, but here the
    stored source text itself must carry no such link, whatever surface renders it later."""
    dropped: list[str] = []

    def link(m: re.Match[str]) -> str:
        url = m.group(3).strip("<>")
        if safe_url(url):
            return m.group(0)
        dropped.append(url)
        return m.group(2)

    def auto(m: re.Match[str]) -> str:
        if safe_url(m.group(1)):
            return m.group(0)
        dropped.append(m.group(1))
        return ""

    def ref(m: re.Match[str]) -> str:
        url = m.group(1).strip("<>")
        if safe_url(url):
            return m.group(0)
        dropped.append(url)
        return ""

    def attr(m: re.Match[str]) -> str:
        url = m.group(2).strip("\"'")
        if safe_url(url):
            return m.group(0)
        dropped.append(url)
        return ""

    text = _MD_LINK.sub(link, text)
    text = _AUTOLINK.sub(auto, text)
    text = _REF_DEF.sub(ref, text)
    text = _HTML_ATTR.sub(attr, text)
    return text, dropped


def _status(meta: dict[str, object]) -> Status:
    raw = meta.get("status")
    if raw is None:
        return "draft" if meta.get("draft") is True else DEFAULT_STATUS
    value = str(raw).strip().lower()
    if value == "draft":
        return "draft"
    if value == "published":
        return "published"
    raise IngestError(f"front matter status {str(raw)[:40]!r} is not 'draft' or 'published'")


def check_readable(path: Path, corpus_dir: Path, max_bytes: int) -> int:
    """The file's size, after checking that it is a regular file inside the corpus folder (a symlink
    may point anywhere: /etc/passwd, another client's folder) and not over ``max_bytes``, all before
    a byte of it is read."""
    try:
        real = path.resolve(strict=True)
        info = os.stat(real)
    except (OSError, RuntimeError) as exc:  # a dangling or looping symlink
        raise IngestError("cannot be opened (dangling or looping symlink?)") from exc
    if not real.is_relative_to(corpus_dir.resolve()):
        raise IngestError("symlink pointing outside the corpus folder (not read)")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("not a regular file (not read)")
    if info.st_size > max_bytes:
        raise IngestError(f"file larger than {max_bytes // 1_000_000} MB (not read)")
    return info.st_size


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def load_document(path: Path, corpus_dir: Path) -> Document:
    """Read and parse ``path``; raise :class:`IngestError` with a human reason when it cannot be used."""
    doc_id = path.relative_to(corpus_dir).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}")
    check_readable(path, corpus_dir, MAX_FILE_BYTES)
    with open(path.resolve(), "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)  # the file may have grown since it was checked
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"file larger than {MAX_FILE_BYTES // 1_000_000} MB (not read)")
    if not data.strip():
        raise IngestError("empty file")
    meta: dict[str, object] = {}
    if suffix == ".pdf":
        text, pdf_title = _pdf_text(data)
        meta["title"] = pdf_title
    else:
        raw = _decode(data)
        if suffix in (".html", ".htm"):
            text, html_title = _html_to_markdown(raw)
            meta["title"] = html_title
        else:
            meta, text = _split_front_matter(raw)
    text, dropped = strip_unsafe_links(text.strip("\n"))
    text = text.strip("\n")
    if not text.strip():
        raise IngestError("no text content")
    url = _str(meta.get("url"))
    if url is not None and not safe_url(url):
        dropped.insert(0, url)
        url = None
    title = _str(meta.get("title")) or _first_heading(text) or path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    raw_topics = meta.get("topic") or meta.get("topics") or ()
    topics: list[object] = [t.strip() for t in raw_topics.split(",")] if isinstance(raw_topics, str) else list(raw_topics) if isinstance(raw_topics, list | tuple) else []
    return Document(
        doc_id=doc_id,
        title=title,
        text=text,
        content_hash=file_hash(data),
        url=url,
        author=_str(meta.get("author")),
        publisher=_str(meta.get("publisher")),
        topics=tuple(str(t) for t in topics if str(t).strip()),
        status=_status(meta),
        dropped_links=tuple(dropped),
    )


def _str(value: object) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not valid UTF-8 text (byte {exc.start})") from exc
    controls = sum(1 for ch in text[:8192] if not ch.isprintable() and ch not in "\n\r\t")
    if controls > 0.05 * min(len(text), 8192):
        raise IngestError("binary content (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(raw: str) -> tuple[dict[str, object], str]:
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, raw
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"invalid YAML front matter: {str(exc).splitlines()[0]}") from exc
    if not isinstance(meta, dict):
        raise IngestError("front matter is not a mapping")
    return meta, raw[m.end() :]


def _first_heading(text: str) -> str | None:
    m = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return m.group(1).strip() if m else None


def _html_to_markdown(raw: str) -> tuple[str, str | None]:
    """Block elements to Markdown lines: headings, paragraphs, list items, table rows."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "form", "noscript", "template", "iframe"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    lines: list[str] = []
    blocks = soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "blockquote", "pre"])
    for el in blocks:
        if el.find_parent(["li", "table", "blockquote", "pre"]) and el.name != "table":
            if el.name != "li" or el.find_parent("table"):
                continue
        if el.name == "table":
            if el.find_parent("table"):
                continue
            rows = [[c.get_text(" ", strip=True).replace("|", "/") for c in tr.find_all(["th", "td"])] for tr in el.find_all("tr")]
            rows = [r for r in rows if any(r)]
            if rows:
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                lines.append("")
                lines.append("| " + " | ".join(rows[0]) + " |")
                lines.append("|" + "---|" * width)
                lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
                lines.append("")
            continue
        txt = re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        if not txt:
            continue
        if el.name and el.name[0] == "h" and el.name[1:].isdigit():
            lines.extend(["", "#" * int(el.name[1]) + " " + txt, ""])
        elif el.name == "li":
            lines.append("- " + txt)
        else:
            lines.extend(["", txt, ""])
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    if not text and soup.body:
        text = re.sub(r"\s+", " ", soup.body.get_text(" ", strip=True))
    return text, title


def _pdf_text(data: bytes) -> tuple[str, str | None]:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [(p.extract_text() or "") for p in reader.pages]
        title = None
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title)
    except Exception as exc:  # pypdf raises many types on corrupt input
        raise IngestError(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    paras: list[str] = []
    for page in pages:
        for block in re.split(r"\n\s*\n", page):
            block = re.sub(r"[ \t]+", " ", block.replace("\n", " ")).strip()
            if block:
                paras.append(block)
    if not paras:
        raise IngestError("PDF has no extractable text (scanned image?)")
    return "\n\n".join(paras), title
