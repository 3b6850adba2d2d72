"""The embeddable widget (/widget.js) and a demo page that uses it (/)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from advisor.settings import PROJECT_ROOT

WIDGET_DIR = PROJECT_ROOT / "widget"
#: Browsers may reuse widget.js this long (seconds) before asking again.
WIDGET_MAX_AGE_S = 300

router = APIRouter(include_in_schema=False)


@router.get("/widget.js")
async def widget_js() -> FileResponse:
    return FileResponse(WIDGET_DIR / "widget.js", media_type="text/javascript", headers={"Cache-Control": f"public, max-age={WIDGET_MAX_AGE_S}"})


@router.get("/")
async def demo_page() -> FileResponse:
    return FileResponse(WIDGET_DIR / "demo.html", media_type="text/html")
