"""Screenshot every app page in headless Debian Chromium: ``python scripts/screenshots.py [URL]``.

Starts nothing itself: point it at a running app (default http://localhost:8501). Asks the vCIO
question on the chat page, then visits Insights and Library. PNGs land in artifacts/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(base: str = "http://localhost:8501") -> int:
    out = Path(__file__).resolve().parent.parent / "artifacts"
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(base, wait_until="networkidle")
        page.get_by_placeholder("Ask about MSPs").wait_for(timeout=180_000)
        page.get_by_placeholder("Ask about MSPs").fill("Does my MSP's vCIO create a conflict of interest?")
        page.keyboard.press("Enter")
        page.get_by_text("Sources (").first.wait_for(timeout=120_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "chat.png"), full_page=True)
        # Click marker [1]: its sentence is highlighted. Then rate the answer and save.
        page.locator("[data-testid=stButtonGroup] button", has_text="[1]").first.click()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "chat-marker.png"), full_page=True)
        page.locator("[data-testid=stFeedback] button, [data-testid=stButtonGroup] button").last.click()
        page.get_by_placeholder("What was missing or wrong?").fill("Good quotes; lead with the conflict of interest.")
        page.get_by_role("button", name="Save feedback").click()
        page.wait_for_timeout(1500)
        for name in ("insights", "library"):
            page.goto(f"{base}/{name}", wait_until="networkidle")
            page.wait_for_timeout(4000)
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        browser.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
