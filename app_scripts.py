"""The two things the Streamlit app does in the browser itself (issue 16), as ``st.html`` scripts.

Why scripts: Streamlit has no click event on Markdown text and no "scroll to this element" call.
Both scripts only forward to what Streamlit already does: a click on a ``[n]`` marker in the
answer text clicks that answer's own ``[n]`` pill (so the highlight is the pills' server-side
state, the same one AppTest drives) and brings that source into view (and back, if the rerun moves
the page, until it settles); the scroll after a new
answer moves the page, nothing else. Markers are
matched by their text against the pills' labels, so no ``[n]`` is parsed here.

Streamlit's chat keeps the page stuck to the bottom (``stAppScrollToBottomContainer``) while
anything below the answer still grows or its own scroll animation still runs; a scroll made
during that is undone. So the scroll is repeated until the answer's start has stayed put for
:data:`SCROLL_STABLE_MS`, and only then reported done on ``<body data-advisor-scrolled="turn">``
(what the browser test waits for); it keeps watching after that, since content that grows late
(on a loaded machine, seconds later) would pull a page that sits at the bottom down again. A
user who scrolls, taps or types wins: the script stops at once, as it does when the next run
replaces the answer's page (a marker click).
"""

from __future__ import annotations

import streamlit as st

#: How long the answer's start must stay where the scroll put it (no layout change below, no
#: Streamlit stick-to-bottom animation pulling it back) before the scroll counts as done. Streamlit
#: restarts its animation 34 ms after it sees the page off the bottom while sticky (its frontend
#: ``Vp``), so 10 ticks of 50 ms are well past that.
SCROLL_STABLE_MS = 500
#: How often the scroll script checks the position: about three frames, cheap under load.
SCROLL_TICK_MS = 50
#: How long the script keeps the answer's start in place against late layout changes (a slow
#: expander, fonts, Streamlit's end-of-run cleanup) unless the user scrolls, taps or types first.
SCROLL_WATCH_MS = 60_000
#: How long a marker click keeps bringing its source back into view while the pill's rerun settles
#: (the rerun of a click took up to a few seconds under load 4 on this machine; well past that).
SOURCE_WATCH_MS = 10_000
#: Room kept above the answer's start below Streamlit's fixed header (px).
SCROLL_MARGIN_PX = 8

#: Both scripts give way to the user: ``const user = watchUser()`` starts listening (``watchUser(true)``:
#: after the current event, not the click that started the script); ``user.moved`` turns true on a
#: scroll, tap or key, and ``user.end()`` stops listening. One definition, placed in each script.
_WATCH_USER_JS = """const watchUser = (afterThisEvent) => {
    const events = ["wheel", "touchstart", "keydown", "pointerdown"];
    const opts = {capture: true, passive: true, once: true};
    const user = {moved: false};
    const stop = () => { user.moved = true; };
    const listen = () => { for (const t of events) window.addEventListener(t, stop, opts); };
    if (afterThisEvent) setTimeout(listen, 0); else listen();
    user.end = () => { for (const t of events) window.removeEventListener(t, stop, opts); };
    return user;
  };"""

_MARKERS_JS = """<script>
(() => {
  if (window.__advisorMarkers) return;  // one listener per page, however many answers install it
  %(watch_user)s
  window.__advisorMarkers = true;
  const BADGE = '[data-testid="stChatMessage"] [data-testid="stMarkdownContainer"] strong';
  const pillFor = (badge) => {
    if (badge.closest('[data-testid="stButtonGroup"], [data-testid="stExpander"]')) return null;  // the pills and the sources' own badges
    const msg = badge.closest('[data-testid="stChatMessage"]');
    const label = badge.textContent.trim();
    if (!msg || !label) return null;
    return [...msg.querySelectorAll('[data-testid="stButtonGroup"] button')].find((b) => b.textContent.trim() === label) || null;
  };
  const mark = () => {
    for (const b of document.querySelectorAll(BADGE)) {
      if (b.dataset.advisorMarker || !pillFor(b)) continue;
      b.dataset.advisorMarker = "1";
      b.setAttribute("role", "button");
      b.tabIndex = 0;
      b.title = "Highlight source " + b.textContent.trim();
      b.style.cursor = "pointer";
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mark(); }); }
  }).observe(document.body, {childList: true, subtree: true});
  mark();
  const activate = (ev) => {
    if (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ") return;
    const badge = ev.target instanceof Element ? ev.target.closest(BADGE) : null;
    const pill = badge && pillFor(badge);
    if (!pill) return;
    ev.preventDefault();
    const selecting = !(pill.dataset.testid || "").endsWith("Active");  // stBaseButton-pillsActive: already selected, this click clears it
    pill.click();
    // The source the marker names is on the page already (the rerun only emphasises it): show it.
    if (selecting) showSource(badge.closest('[data-testid="stChatMessage"]'), badge.textContent.trim());
  };
  // The pill's rerun re-renders the page and Streamlit's chat may pull it back to the bottom: one
  // scroll at click time was undone on a loaded machine. So the source is brought back into view
  // until it has stayed there for the stable time, the watch ends, or the user scrolls, taps or types.
  const showSource = (clicked, label) => {
    const index = [...document.querySelectorAll('[data-testid="stChatMessage"]')].indexOf(clicked);  // the rerun may replace the element
    const started = Date.now();
    const user = watchUser(true);
    let inViewSince = null;
    const tick = () => {
      if (user.moved || Date.now() - started > %(watch)d) return user.end();
      const msg = document.querySelectorAll('[data-testid="stChatMessage"]')[index];
      const src = msg && [...msg.querySelectorAll('[data-testid="stExpander"] strong')].find((s) => s.textContent.trim() === label);
      if (src) {
        const r = src.getBoundingClientRect();
        if (r.top >= 0 && r.bottom <= window.innerHeight) {
          inViewSince = inViewSince ?? Date.now();
          if (Date.now() - inViewSince >= %(stable)d) return user.end();
        } else {
          inViewSince = null;
          src.scrollIntoView({block: "center"});
        }
      }
      setTimeout(tick, %(tick)d);
    };
    tick();
  };
  document.addEventListener("click", activate);
  document.addEventListener("keydown", activate);
})();
</script>"""

_SCROLL_JS = """<span data-advisor-answer="%(turn)s" hidden></span><script>
(() => {
  const turn = "%(turn)s";
  window.__advisorScrollTurn = turn;  // a newer answer's script takes over
  const started = Date.now();
  let last = null, stableSince = null, found = false, reported = false;
  %(watch_user)s
  const user = watchUser(false);
  const report = (how) => {
    if (reported) return;
    reported = true;
    document.body.dataset.advisorScrolledHow = how;
    document.body.dataset.advisorScrolled = turn;
  };
  const end = (how) => {
    user.end();
    report(how);
  };
  const tick = () => {
    if (window.__advisorScrollTurn !== turn) return end("newer");
    if (user.moved) return end("user");
    if (Date.now() - started > %(watch)d) return end("timeout");
    const anchor = document.querySelector('[data-advisor-answer="' + turn + '"]');
    const msg = anchor && anchor.closest('[data-testid="stChatMessage"]');
    if (!msg) return found ? end("gone") : setTimeout(tick, %(tick)d);  // gone: the next run replaced this answer's page
    found = true;
    const header = document.querySelector('[data-testid="stHeader"]');
    const want = (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + %(margin)d;
    if (Math.abs(msg.getBoundingClientRect().top - want) > 2) {
      msg.style.scrollMarginTop = want + "px";
      msg.scrollIntoView({block: "start"});  // a no-op when the page cannot scroll that far
    }
    const box = msg.closest('[data-testid="stAppScrollToBottomContainer"]') || document.scrollingElement;
    const here = Math.round(msg.getBoundingClientRect().top) + "/" + box.scrollHeight;
    const now = Date.now();
    if (here !== last) { last = here; stableSince = now; }
    if (now - stableSince >= %(stable)d) report("ok");
    setTimeout(tick, %(tick)d);  // keeps watching after the report: content that grows late would pull the page down again
  };
  tick();
})();
</script>"""


def enable_marker_clicks() -> None:
    """Make the ``[n]`` markers in answer text clickable: each clicks its answer's ``[n]`` pill (idempotent in the page)."""
    params = {"stable": SCROLL_STABLE_MS, "tick": SCROLL_TICK_MS, "watch": SOURCE_WATCH_MS, "watch_user": _WATCH_USER_JS}
    st.html(_MARKERS_JS % params, unsafe_allow_javascript=True)


def scroll_to_answer(turn: int) -> None:
    """Bring the start of answer ``turn`` (its message index) to the top of the view and keep it there until the page settles.

    Called only for a new answer, in its chat message, so clicking a marker or a thumb later does not move the page.
    """
    params = {"turn": turn, "stable": SCROLL_STABLE_MS, "tick": SCROLL_TICK_MS, "watch": SCROLL_WATCH_MS, "margin": SCROLL_MARGIN_PX, "watch_user": _WATCH_USER_JS}
    st.html(_SCROLL_JS % params, unsafe_allow_javascript=True)
