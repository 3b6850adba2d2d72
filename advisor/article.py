"""A document as a readable page: the passages Advisor quotes from, in order, each addressable.

Citations link here (``/articles/{doc}#{passage}``) because most articles name no URL of their
own: a reader follows a quote to the sentence it came from. The page is built from the indexed
:class:`~advisor.passage.Passage` records, so it shows exactly what can be quoted; every piece of
document text is escaped (Markdown, HTML and images in a document show as text and load nothing).
"""

from __future__ import annotations

import html

from advisor.passage import Passage
from advisor.render import readable_quote, safe_url

#: The page's whole stylesheet: readable measure, phone-friendly, the cited passage marked by :target.
ARTICLE_CSS = """
body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:#1c2430;background:#fbfaf7}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1{font-size:1.8rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
.meta{font:14px/1.4 system-ui,sans-serif;color:#555;margin-bottom:1.5rem}
.meta a{color:#1f4e79}
.passage{padding:.25rem .5rem;margin:0 -.5rem .75rem;border-radius:6px;scroll-margin-top:2rem;white-space:pre-line}
.passage ul{margin:0;padding-left:1.25rem;white-space:normal}
.passage:target{background:#fff3c4;outline:2px solid #f2a900}
.passage:target::before{content:"Quoted passage";display:block;font:600 12px/1.6 system-ui,sans-serif;color:#7a5a00;text-transform:uppercase;letter-spacing:.05em}
@media (max-width:520px){body{font-size:17px}h1{font-size:1.5rem}}
"""


def document_passages(passages: tuple[Passage, ...] | list[Passage], doc_id: str) -> list[Passage]:
    """One document's passages in reading order (empty when no such document is indexed)."""
    return sorted((p for p in passages if p.doc_id == doc_id), key=lambda p: p.position)


def passage_html(p: Passage) -> str:
    """One passage as escaped HTML: a list as a list, a table row as "Label: cell; cell", prose as text."""
    e = html.escape
    if p.kind == "list":
        lead = f"{e(p.lead_in)}\n" if p.lead_in else ""
        return lead + "<ul>" + "".join(f"<li>{e(it)}</li>" for it in p.items()) + "</ul>"
    if p.kind == "faq" and p.faq_question:
        return f"<strong>{e(p.faq_question)}</strong>\n{e(p.body)}"
    return e(p.readable() or readable_quote(p.body))


def article_html(passages: list[Passage]) -> str:
    """The whole page for one document's passages (as :func:`document_passages` returns them)."""
    e = html.escape
    first = passages[0]
    meta = []
    if first.publisher:
        meta.append(f"Published by {e(first.publisher)}")
    url = safe_url(first.url)
    if url:
        meta.append(f'<a href="{e(url, quote=True)}" rel="noopener noreferrer">Original article</a>')
    if first.status == "draft":
        meta.append('<span class="status" data-status="draft">Draft</span>')
    body: list[str] = []
    section = None
    for p in passages:
        if p.section != section:
            section = p.section
            if section:
                body.append(f"<h2>{e(section)}</h2>")
        body.append(f'<div class="passage" id="{e(p.id, quote=True)}" data-kind="{e(p.kind, quote=True)}">{passage_html(p)}</div>')
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{e(first.title)}</title><style>{ARTICLE_CSS}</style></head>'
        f'<body><main><article><h1>{e(first.title)}</h1><p class="meta">{" · ".join(meta) or "Article"}</p>'
        + "".join(body)
        + "</article></main></body></html>\n"
    )
