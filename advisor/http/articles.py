"""GET /articles/{doc}: a readable page per document, the cited passage highlighted (``#{passage}``).

Most articles name no URL, so a citation links here instead (and as a second link when they do).
The page is built from the snapshot being served, so it shows what Advisor can quote right now
(on the public site: the firm's published documents only; drafts are shown in the app).
A strict Content-Security-Policy keeps the page inert: it loads no script and no image at all.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from advisor.article import article_html, document_passages
from advisor.http.deps import ServicesDep

#: No script, no image, no frame, no form: only the inline stylesheet the page carries.
ARTICLE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
#: Seconds a browser may reuse an article page (a re-ingest shows within this long).
ARTICLE_MAX_AGE_S = 60

router = APIRouter(include_in_schema=False)


@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article(doc_id: str, services: ServicesDep) -> HTMLResponse:
    adv = services.advisor
    snap = adv.ensure_ready()
    # Public: only what the website may quote (the firm's published documents); a draft is a 404 here.
    mask = adv.quotable(snap, "website")
    passages = document_passages([p for p, ok in zip(snap.passages, mask) if ok], doc_id)
    if not passages:
        raise HTTPException(404, f"No article {doc_id!r} is in the index.")
    headers = {"Content-Security-Policy": ARTICLE_CSP, "Cache-Control": f"public, max-age={ARTICLE_MAX_AGE_S}", "X-Content-Type-Options": "nosniff"}
    return HTMLResponse(article_html(passages), headers=headers)
