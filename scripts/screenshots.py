"""Regenerate the README's screenshots: ``python scripts/screenshots.py``.

Starts the Streamlit app and the HTTP server on free local ports (over the existing index in
ADVISOR_DATA_DIR, offline), drives them in headless Debian Chromium (desktop, and a 390×844 phone
for the widget), writes PNGs to docs/screenshots/, and stops both servers again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.localserver import free_port, wait_until_ok  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
OUT = ROOT / "docs" / "screenshots"
VCIO = "Does my MSP's vCIO create a conflict of interest?"
#: The passphrase the screenshot run signs in with (a throwaway: the app it starts is stopped afterwards).
SECRET = "screenshots-only"


#: Debian's colour emoji font: without it Chromium draws 👍/👎 and the other emoji as empty boxes.
EMOJI_FONT_PACKAGE = "fonts-noto-color-emoji"


def _has_emoji_font() -> bool:
    found = subprocess.run(["fc-list", ":charset=1f44d", "family"], capture_output=True, text=True, check=False) if shutil.which("fc-list") else None
    return bool(found and found.stdout.strip()) or Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf").is_file()


def ensure_emoji_font() -> None:
    """Install the emoji font with apt (sudo when not root) when no installed font draws 👍; as scripts/test.sh does."""
    if _has_emoji_font():
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"installing {EMOJI_FONT_PACKAGE} (emoji render as boxes without it)", file=sys.stderr)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", EMOJI_FONT_PACKAGE], env=env, check=True)
    if not _has_emoji_font():
        raise SystemExit(f"{EMOJI_FONT_PACKAGE} is installed but no font draws emoji (fc-list :charset=1f44d is empty)")


def _settle(page: Page) -> None:
    """Wait until a Streamlit run is over (no running icon): a shot mid-run shows the page faded."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon], [data-testid=stStatusWidgetRunningManIcon], [data-testid=stStatusWidgetNewYearsIcon]')",
        timeout=120_000,
    )
    page.wait_for_timeout(500)


#: The whole height of a Streamlit page: it scrolls inside its own container, so a "full page"
#: screenshot of the window would stop at the fold.
CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppScrollToBottomContainer], [data-testid=stMainBlockContainer]')]
     .map((e) => e.scrollHeight + e.getBoundingClientRect().top))"""


def _shot(page: Page, name: str, full: bool = False) -> None:
    _settle(page)  # on pages other than the app's there is no running icon: no wait
    size = page.viewport_size
    if full and size:
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(page.evaluate(CONTENT_HEIGHT)) + 40)})
        _settle(page)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    if full and size:
        page.set_viewport_size(size)


def main() -> int:
    ensure_emoji_font()
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ADVISOR_OPERATOR_SECRET": SECRET, "ADVISOR_RATE_LIMIT": "200/minute"}
    env.setdefault("ADVISOR_DB_URL", f"sqlite:///{tempfile.mkdtemp(prefix='advisor-shots-')}/fb.db")
    app_port, api_port = free_port(), free_port()
    py = sys.executable
    procs = [
        subprocess.Popen([py, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(app_port), "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([py, "-m", "advisor", "serve", "--port", str(api_port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    app, api = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{api_port}"
    try:
        wait_until_ok(f"{app}/_stcore/health", 180, procs[0])
        wait_until_ok(f"{api}/readyz", 240, procs[1])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            # Sales app: an answer with talking points and sources, a marker selected.
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app)
            box = page.get_by_placeholder("Ask about MSPs")
            box.wait_for(timeout=240_000)
            box.fill(VCIO)
            page.keyboard.press("Enter")
            page.get_by_text("Sources (").first.wait_for(timeout=120_000)
            page.wait_for_timeout(1500)
            page.locator("[data-testid=stButtonGroup] button", has_text="[1]").first.click()
            page.wait_for_timeout(1500)
            _shot(page, "app-chat")
            # The sales profile's objection handling, below the answer: scrolled to with the wheel, as a
            # reader would (the app keeps the answer's start in view until the user scrolls).
            page.mouse.move(800, 500)
            top = page.get_by_text("If they push back").first.bounding_box()
            page.mouse.wheel(0, (top["y"] - 90) if top else 600)
            page.wait_for_timeout(1200)
            _shot(page, "app-pushback")
            page.get_by_role("button", name="Read in article").first.click()
            page.get_by_text("Quoted passage").first.wait_for(timeout=30_000)
            page.wait_for_timeout(800)
            _shot(page, "app-article")
            for name in ("insights", "library"):
                page.goto(f"{app}/{name}")
                page.get_by_label("Operator passphrase").fill(SECRET)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_timeout(4000)
                _shot(page, f"app-{name}", full=True)
            # Website widget on the demo page: desktop (marker selected) and phone.
            for name, viewport in (("widget", {"width": 1280, "height": 900}), ("widget-phone", {"width": 390, "height": 844})):
                ctx = browser.new_context(viewport=viewport, is_mobile=name.endswith("phone"), has_touch=name.endswith("phone"))
                w = ctx.new_page()
                w.goto(api + "/")
                w.locator(".bubble").click()
                w.locator("textarea").fill(VCIO)
                w.keyboard.press("Enter")
                w.locator(".srctoggle").first.wait_for(timeout=120_000)
                w.locator("a.marker").first.click()
                w.wait_for_timeout(800)
                _shot(w, name)
                if name == "widget":
                    with ctx.expect_page() as opened:
                        w.locator(".sources li.flash a.article").click()
                    article = opened.value
                    article.wait_for_load_state()
                    article.wait_for_timeout(500)
                    _shot(article, "article-page")
                ctx.close()
            # FAQ page as published.
            questions = ROOT / "docs" / "faq-questions.txt"  # an example question list (README: FAQ pages)
            faq_out = Path(tempfile.mkdtemp()) / "faq.html"
            if questions.exists():
                subprocess.run([py, "-m", "advisor", "faq", str(questions), "--out", str(faq_out), "--articles-base", api], cwd=ROOT, env=env, check=False)
            if faq_out.exists():
                f = browser.new_page(viewport={"width": 1200, "height": 1000})
                f.goto(faq_out.as_uri())
                _shot(f, "faq")
            browser.close()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(20)
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
