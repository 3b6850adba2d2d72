/*
 * Advisor chat widget. One tag on any page:
 *   <script src="https://advisor.example/widget.js" data-api="https://advisor.example" defer></script>
 * Plain JavaScript, no build step. Styles live in a shadow root so the host page and the widget
 * cannot restyle each other. Every piece of user or document text is set with textContent (never parsed as HTML),
 * so a question or a source containing <script> shows literally and runs nothing.
 * Answers stream as plain text (`token` events), then are rebuilt from the `done` event's structure:
 * `statements` (in order, runs of kind "item" as a list; an item citing only other sources than the one before starts another list) with marker links to their `citations`.
 *
 * Theming (attributes of the script tag): data-accent="#0a7d5a" (any CSS colour), data-theme="light" |
 * "dark" | "auto" (follows the visitor's system), data-position="right" | "left", data-title="…",
 * data-profile="website". Host-page rules cannot reach in: the host element resets every property with
 * !important (inside a shadow tree an !important rule beats the page's, even `* {color: red !important}`).
 */
(function () {
  "use strict";
  if (window.__advisorWidget) return;
  window.__advisorWidget = true;

  var script = document.currentScript;
  var api = ((script && script.getAttribute("data-api")) || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, "");
  var profile = (script && script.getAttribute("data-profile")) || "website";
  var title = (script && script.getAttribute("data-title")) || "Ask our advisor";
  var accent = (script && script.getAttribute("data-accent")) || "";
  if (!accent || !(window.CSS && window.CSS.supports && window.CSS.supports("color", accent))) accent = "#1f4e79";  // window.CSS: the local CSS below shadows it
  var theme = (script && script.getAttribute("data-theme")) || "light";
  if (theme === "auto") theme = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  if (theme !== "dark") theme = "light";
  var position = (script && script.getAttribute("data-position")) === "left" ? "left" : "right";
  var storeKey = "advisor-widget:" + api;
  // Must match the server's ADVISOR_MAX_QUESTION_CHARS default (2000): longer questions are refused there.
  var MAX_CHARS = Number((script && script.getAttribute("data-max-chars")) || 2000);
  var MAX_HISTORY = 18;
  // Lines the question box grows to before it scrolls.
  var MAX_INPUT_LINES = 5;
  var PHONE = "(max-width: 520px)";

  var CSS = [
    ":host{all:initial !important;display:block !important;position:static !important}",
    ".w{--accent:" + accent + ";--bg:#fff;--fg:#1c2430;--muted:#556;--log:#f6f8fb;--line:#dde3ea;--mark:#fff3c4;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;line-height:1.45;color:var(--fg);text-align:left}",
    ".w.dark{--bg:#1b1f24;--fg:#e8ecf1;--muted:#a9b3bf;--log:#111418;--line:#333b45;--mark:#5a4a10}",
    ":where(.w *){box-sizing:border-box;color:inherit;font-family:inherit;letter-spacing:normal;text-transform:none}",
    ".bubble{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:28px;background:var(--accent);color:#fff;padding:14px 20px;font-weight:600;font-size:15px;line-height:1;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25)}",
    ".bubble:focus-visible,button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #f2a900;outline-offset:2px}",
    ".panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:400px;max-width:calc(100vw - 40px);height:600px;max-height:calc(100vh - 110px);background:var(--bg);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}",
    ".panel[hidden]{display:none}",
    ".left .bubble,.left .panel{right:auto;left:20px}",
    "header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:var(--accent);color:#fff}",
    "header h2{flex:1;margin:0;font-size:16px}",
    "header button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.5);border-radius:6px;padding:4px 8px;font:inherit;font-size:13px;cursor:pointer}",
    ".log{flex:1;overflow-y:auto;padding:12px 14px;background:var(--log);position:relative}",
    ".msg{margin:0 0 12px;max-width:92%;padding:9px 12px;border-radius:12px;white-space:normal;overflow-wrap:anywhere}",
    ".user{margin-left:auto;background:var(--accent);color:#fff;border-bottom-right-radius:3px;white-space:pre-wrap}",
    ".bot{background:var(--bg);border:1px solid var(--line);border-bottom-left-radius:3px}",
    ".bot.abstained{border-color:#f0d58a;box-shadow:inset 3px 0 #f0d58a}",
    ".bot.error{border-color:#e08a8a;box-shadow:inset 3px 0 #e08a8a}",
    ".bot.error button{margin-top:6px;border:1px solid var(--accent);background:var(--bg);border-radius:6px;padding:3px 10px;cursor:pointer;font:inherit}",
    ".bot p{margin:0 0 6px}.bot ul{margin:0 0 6px;padding-left:18px}",
    "a.marker{display:inline-block;min-width:1.5em;text-align:center;font-size:12px;font-weight:700;color:#fff;background:var(--accent);border-radius:9px;padding:0 4px;margin:0 2px;text-decoration:none;vertical-align:1px}",
    ".srcbar{margin:8px 0 0;padding:6px 0 0;border-top:1px solid var(--line)}",
    ".srcbar button{background:none;border:0;padding:2px 0;font:inherit;font-size:13px;font-weight:600;color:var(--accent);cursor:pointer}",
    ".w.dark .srcbar button,.w.dark .sources a,.w.dark .sources .n{color:#9cc3ff}",
    ".sources{margin:4px 0 0;padding:0;font-size:13px;list-style:none}",
    ".sources[hidden]{display:none}",
    ".sources li{margin:0 0 8px;padding:6px 8px;border-radius:8px;scroll-margin:12px;border:1px solid transparent}",
    ".sources li.flash{background:var(--mark);border-color:#f2a900}.st.flash{background:var(--mark)}",
    ".sources .links{margin-top:2px;font-size:12px}",
    ".st{border-radius:3px;transition:background .2s}",
    ".sources .ctx{margin:4px 0 0;color:#555;font-size:12px}",
    ".sources .n{font-weight:700;color:var(--accent);margin-right:4px}",
    ".sources .t{font-weight:600}",
    ".sources blockquote{margin:4px 0 2px;padding-left:8px;border-left:3px solid #f2a900;font-style:italic;white-space:pre-line}",
    ".sources a{color:var(--accent)}",
    ".rate{display:flex;gap:6px;margin-top:6px;font-size:12px;color:var(--muted);align-items:center}",
    ".rate button{border:1px solid var(--line);background:var(--bg);border-radius:6px;padding:2px 8px;cursor:pointer;font:inherit}",
    ".rate button[aria-pressed=true]{background:var(--accent);color:#fff}",
    "form{display:flex;gap:8px;align-items:flex-end;padding:10px 10px 4px;border-top:1px solid var(--line);background:var(--bg)}",
    // 16px: iOS zooms into any input with a smaller font.
    "textarea{flex:1;resize:none;min-height:44px;max-height:calc(16px * 1.4 * " + MAX_INPUT_LINES + " + 22px);overflow-y:auto;padding:10px;border:1px solid var(--line);border-radius:8px;font:inherit;font-size:16px;line-height:1.4;background:var(--bg)}",
    "textarea[aria-invalid=true]{border-color:#c0392b}",
    "form button{border:0;border-radius:8px;background:var(--accent);color:#fff;padding:0 16px;height:44px;font:inherit;font-weight:600;cursor:pointer}",
    "form button[disabled]{opacity:.5;cursor:default}",
    ".meta{display:flex;justify-content:space-between;gap:8px;font-size:12px;color:var(--muted);padding:0 14px 8px;background:var(--bg)}",
    ".count{white-space:nowrap}.count.over{color:#c0392b;font-weight:600}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    "@media " + PHONE + "{.panel,.left .panel{right:0;left:0;bottom:0;width:100vw;max-width:100vw;height:100dvh;max-height:100dvh;border-radius:0}.bubble{right:12px;bottom:12px}.left .bubble{left:12px}}"
  ].join("\n");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  var host = el("div", { id: "advisor-widget" });
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("style", null, CSS));
  var wrap = el("div", { class: "w " + theme + (position === "left" ? " left" : "") });
  root.appendChild(wrap);

  var bubble = el("button", { class: "bubble", type: "button", "aria-expanded": "false", "aria-controls": "advisor-panel" }, title);
  var panel = el("section", { class: "panel", id: "advisor-panel", role: "dialog", "aria-label": title, hidden: "" });
  var header = el("header");
  header.appendChild(el("h2", null, title));
  var restart = el("button", { type: "button", class: "restart" }, "Start over");
  var close = el("button", { type: "button", class: "close", "aria-label": "Close chat" }, "\u2715");
  header.appendChild(restart);
  header.appendChild(close);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
  var form = el("form", { "aria-label": "Ask a question" });
  var label = el("label", { class: "sr", for: "advisor-q" }, "Your question");
  var input = el("textarea", { id: "advisor-q", name: "q", rows: "1", placeholder: "Ask a question…", "aria-describedby": "advisor-count" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  var touch = window.matchMedia && matchMedia("(pointer: coarse)").matches;
  var meta = el("div", { class: "meta" });
  var hint = el("span", { class: "hint" }, touch ? "Answers quote the firm's published articles." : "Answers quote the firm's published articles. Enter to send, Shift+Enter for a new line, Esc to close.");
  var count = el("span", { class: "count", id: "advisor-count", "aria-live": "polite" }, "0 / " + MAX_CHARS);
  meta.appendChild(hint);
  meta.appendChild(count);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  panel.appendChild(meta);
  wrap.appendChild(bubble);
  wrap.appendChild(panel);

  // ---- conversation state (kept for the page session) ----
  var state = load();
  var counter = 0;

  function load() {
    try { var s = JSON.parse(sessionStorage.getItem(storeKey) || "null"); if (s && Array.isArray(s.turns)) return s; } catch (e) { /* fresh start */ }
    return { turns: [], open: false };
  }
  function save() { try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* storage full or blocked: keep in memory */ } }

  // ---- rendering (text only) ----
  // An answer is rendered from its structure: the `statements` (text, citation_ids, kind) and the
  // `citations` of the done event. Nothing parses [n] markers out of the answer text.
  function renderStatements(container, statements, citations, uid) {
    var byId = {};
    (citations || []).forEach(function (c) { byId[c.id] = c; });
    var block = null, isList = false, prevIds = [];
    statements.forEach(function (s) {
      var item = s.kind === "item";
      var ids0 = s.citation_ids || [];
      // An item sharing no citation with the item before (another passage's) starts another list,
      // as advisor.render.blocks groups them.
      var another = item && isList && ids0.length > 0 && prevIds.length > 0 && !ids0.some(function (n) { return prevIds.indexOf(n) >= 0; });
      prevIds = ids0;
      if (!block || item !== isList || another) {
        block = el(item ? "ul" : "p");
        isList = item;
        container.appendChild(block);
      } else if (!item) {
        block.appendChild(document.createTextNode(" "));
      }
      var ids = (s.citation_ids || []).filter(function (n) { return byId[n]; });
      var span = el("span", { class: "st st-" + String(s.kind || "support").replace(/[^a-z]/g, ""), "data-cites": " " + ids.join(" ") + " " }, s.text);
      var holder = item ? el("li") : block;
      holder.appendChild(span);
      ids.forEach(function (n) {
        var a = el("a", { class: "marker", href: "#src-" + uid + "-" + n, "aria-label": "Source " + n + ": " + byId[n].title }, String(n));
        a.addEventListener("click", function (ev) { ev.preventDefault(); select(container, uid, n); });
        holder.appendChild(a);
      });
      if (item) block.appendChild(holder);
    });
  }

  // A marker selects its source: the sources open, that entry and the statements it backs are
  // emphasised (and nothing else), and focus moves to the entry.
  function select(container, uid, n) {
    var li = root.getElementById("src-" + uid + "-" + n);
    if (!li) return;
    showSources(container, true);
    container.querySelectorAll(".flash").forEach(function (x) { x.classList.remove("flash"); x.removeAttribute("aria-current"); });
    var backed = container.querySelectorAll(".st[data-cites~='" + Number(n) + "']");
    li.classList.add("flash");
    li.setAttribute("aria-current", "true");
    backed.forEach(function (x) { x.classList.add("flash"); });
    li.scrollIntoView({ block: "nearest", behavior: "smooth" });
    li.focus({ preventScroll: true });
  }

  function showSources(container, open) {
    var list = container.querySelector(".sources"), toggle = container.querySelector(".srcbar button");
    if (!list || !toggle) return;
    if (open) list.removeAttribute("hidden"); else list.setAttribute("hidden", "");
    toggle.setAttribute("aria-expanded", String(open));
    var n = list.children.length;
    toggle.textContent = n + (n === 1 ? " source " : " sources ") + (open ? "\u25B4" : "\u25BE");
  }

  // A table row quote reads as "Label: cell; cell", never raw pipes (the server's render.readable_quote).
  function readableQuote(q) {
    var lines = String(q || "").split("\n").filter(function (l) { return l.trim(); });
    var isRow = function (l) { l = l.trim(); return l.charAt(0) === "|" && l.charAt(l.length - 1) === "|"; };
    if (!lines.length || !lines.every(isRow)) return q;
    return lines.map(function (l) {
      var cells = l.trim().replace(/^\||\|$/g, "").split("|").map(function (c) { return c.trim(); }).filter(Boolean);
      if (!cells.length || cells.every(function (c) { return /^[-: ]+$/.test(c); })) return null;
      return cells.length > 1 ? cells[0] + ": " + cells.slice(1).join("; ") : cells[0];
    }).filter(function (l) { return l !== null; }).join("\n");
  }

  function articleHref(c) {
    return api + "/articles/" + String(c.source).split("/").map(encodeURIComponent).join("/") + "#" + encodeURIComponent(c.chunk_id || "");
  }

  function renderSources(container, citations, uid) {
    if (!citations || !citations.length) return;
    var bar = el("div", { class: "srcbar" });
    var toggle = el("button", { type: "button", class: "srctoggle", "aria-expanded": "false", "aria-controls": "srcs-" + uid });
    bar.appendChild(toggle);
    container.appendChild(bar);
    var ol = el("ol", { class: "sources", id: "srcs-" + uid, "aria-label": "Sources", hidden: "" });
    citations.forEach(function (c) {
      var li = el("li", { id: "src-" + uid + "-" + c.id, tabindex: "-1" });
      li.appendChild(el("span", { class: "n" }, "[" + c.id + "]"));
      var safeUrl = /^https?:\/\//i.test(c.url || "") ? c.url : null;
      if (safeUrl) {
        var link = el("a", { class: "t", href: safeUrl, target: "_blank", rel: "noopener noreferrer" }, c.title);
        li.appendChild(link);
      } else { li.appendChild(el("span", { class: "t" }, c.title)); }
      if (c.heading) li.appendChild(el("span", { class: "h" }, " \u2014 " + c.heading));
      if (c.context) li.appendChild(el("div", { class: "ctx" }, c.context));
      li.appendChild(el("blockquote", null, readableQuote(c.quote)));
      if (c.source) {
        var links = el("div", { class: "links" });
        links.appendChild(el("a", { class: "article", href: articleHref(c), target: "_blank", rel: "noopener" }, "Read the passage in the article \u2197"));
        li.appendChild(links);
      }
      ol.appendChild(li);
    });
    container.appendChild(ol);
    showSources(container, false);
    toggle.addEventListener("click", function () { showSources(container, ol.hasAttribute("hidden")); });
  }

  function renderRating(container, interactionId, turn) {
    if (!interactionId) return;
    var row = el("div", { class: "rate" });
    row.appendChild(el("span", null, "Helpful?"));
    [["up", "Yes", "Yes, helpful"], ["down", "No", "Not helpful"]].forEach(function (r) {
      var b = el("button", { type: "button", "aria-label": r[2], "aria-pressed": String(turn.rating === r[0]) }, r[1]);
      b.addEventListener("click", function () {
        fetch(api + "/api/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ interaction_id: interactionId, feedback_token: turn.feedback_token, rating: r[0] }) })
          .then(function (res) { if (res.ok) { turn.rating = r[0]; save(); row.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); }); } });
      });
      row.appendChild(b);
    });
    container.appendChild(row);
  }

  function renderTurn(turn) {
    if (turn.role === "user") { var u = el("div", { class: "msg user" }, turn.content); log.appendChild(u); return u; }
    var uid = "m" + (++counter);
    var cls = "msg bot" + (turn.abstained ? " abstained" : "") + (turn.error ? " error" : "");
    var box = el("div", { class: cls, "data-testid": "answer" });
    if (Array.isArray(turn.statements) && turn.statements.length) renderStatements(box, turn.statements, turn.citations, uid);
    else if (turn.until && turn.until > Date.now()) renderWait(box, turn);
    else box.appendChild(el("p", null, turn.content));  // errors and greetings: plain text
    if (turn.error && turn.retry) {
      var retry = el("button", { type: "button", class: "retry" }, "Retry");
      retry.addEventListener("click", function () { retryTurn(turn); });
      box.appendChild(retry);
    }
    renderSources(box, turn.citations, uid);
    renderRating(box, turn.interaction_id, turn);
    log.appendChild(box);
    return box;
  }

  // Rate limited: a live countdown; Send stays disabled until it ends.
  var cooldownUntil = 0, cooldownTimer = null;
  function renderWait(box, turn) {
    var p = el("p");
    var secs = el("span", { class: "countdown" }, String(Math.ceil((turn.until - Date.now()) / 1000)));
    p.appendChild(document.createTextNode("You're asking faster than we can answer. Please wait "));
    p.appendChild(secs);
    p.appendChild(document.createTextNode(" seconds and try again."));
    box.appendChild(p);
    cooldownUntil = Math.max(cooldownUntil, turn.until);
    clearInterval(cooldownTimer);
    var tick = function () {
      var left = Math.ceil((cooldownUntil - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(cooldownTimer);
        cooldownTimer = null;
        p.textContent = "You can ask again now.";
      } else { secs.textContent = String(left); }
      updateSend();
    };
    cooldownTimer = setInterval(tick, 250);
    updateSend();
  }

  function retryTurn(turn) {
    var i = state.turns.indexOf(turn);
    if (i > 0 && state.turns[i - 1].role === "user") state.turns.splice(i - 1, 2); else if (i >= 0) state.turns.splice(i, 1);
    save();
    renderAll();
    ask(turn.retry);
  }

  // ---- the question box: grows to a few lines, counts characters, never cuts text silently ----
  var busy = false;
  function tooLong() { return input.value.trim().length > MAX_CHARS; }
  function updateSend() { send.disabled = busy || tooLong() || cooldownUntil > Date.now(); }
  function onInput() {
    var n = input.value.trim().length;
    count.textContent = n > MAX_CHARS ? n + " / " + MAX_CHARS + " \u2014 too long, please shorten" : n + " / " + MAX_CHARS;
    count.classList.toggle("over", n > MAX_CHARS);
    input.setAttribute("aria-invalid", String(n > MAX_CHARS));
    input.style.height = "auto";
    input.style.height = input.scrollHeight + 2 + "px";  // capped by the stylesheet's max-height (a few lines)
    updateSend();
  }

  function renderAll() {
    log.textContent = "";
    counter = 0;
    if (!state.turns.length) {
      log.appendChild(el("div", { class: "msg bot" }, "Hi! I answer from our published articles on MSPs, vCIOs and fractional CIO/CTO leadership, and show you the passages I quote. What would you like to know?"));
    }
    state.turns.forEach(renderTurn);
    log.scrollTop = log.scrollHeight;
    updateSend();
  }

  // ---- talking to the API ----
  function friendly(status, body, retryAfter) {
    if (status === 429) return "You're asking faster than we can answer. Please wait " + (retryAfter || "a few") + " seconds and try again.";
    if (status === 413 || status === 422) return (body && body.message) || "That question can't be answered as sent. Please shorten or rephrase it.";
    if (status === 403) return "This page isn't allowed to use the advisor.";
    return "The advisor is unavailable right now. Please try again in a minute.";
  }

  function history() {
    return state.turns.filter(function (t) { return !t.error; }).slice(-MAX_HISTORY).map(function (t) { return { role: t.role, content: t.content }; });
  }

  function ask(question) {
    var userTurn = { role: "user", content: question };
    state.turns.push(userTurn);
    save();
    renderTurn(userTurn);
    var live = el("div", { class: "msg bot", "data-testid": "streaming", "aria-busy": "true" }, "\u2026");
    log.appendChild(live);
    log.scrollTop = log.scrollHeight;
    busy = true;
    updateSend();
    var text = "";
    var finished = false;

    function finish(turn) {
      if (finished) return;
      finished = true;
      live.remove();
      state.turns.push(turn);
      save();
      var box = renderTurn(turn);
      // Show the start of the new answer (with the question above it), not the bottom of its sources.
      var q = box.previousElementSibling;
      log.scrollTop = Math.max(0, (q ? q.offsetTop : box.offsetTop) - 8);
      busy = false;
      updateSend();
      input.focus({ preventScroll: true });
    }
    function fail(message, wait) {
      // The failed question stays visible but is not sent as history next time; Retry sends it again.
      userTurn.error = true;
      var turn = { role: "assistant", content: message, error: true, retry: question };
      if (wait) turn.until = Date.now() + wait * 1000;
      finish(turn);
    }

    fetch(api + "/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ messages: history(), profile: profile })
    }).then(function (res) {
      if (!res.ok || !res.body) {
        var wait = res.status === 429 ? Math.max(1, Number(res.headers.get("Retry-After")) || 30) : 0;
        return res.json().catch(function () { return null; }).then(function (b) { fail(friendly(res.status, b, wait), wait); });
      }
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buf = "";
      function handle(block) {
        var event = "message", data = "";
        block.split(/\r?\n/).forEach(function (line) {
          if (line.indexOf("event:") === 0) event = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) data += line.slice(5).replace(/^ /, "");
        });
        if (!data) return;
        var payload;
        try { payload = JSON.parse(data); } catch (e) { return; }
        if (event === "token") { text += payload.text; live.textContent = text; log.scrollTop = log.scrollHeight; }
        else if (event === "done") {
          finish({
            role: "assistant", content: payload.answer, statements: payload.statements || [], citations: payload.citations || [],
            abstained: payload.abstained, interaction_id: payload.interaction_id, feedback_token: payload.feedback_token
          });
        } else if (event === "error") { fail((payload.message || "Something went wrong.") + (payload.hint ? " " + payload.hint : "")); }
      }
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) { if (buf.trim()) handle(buf); if (!finished) fail(friendly(503)); return; }
          buf += decoder.decode(r.value, { stream: true });
          var parts = buf.split(/\r?\n\r?\n/);
          buf = parts.pop();
          parts.forEach(handle);
          return pump();
        });
      }
      return pump();
    }).catch(function () { fail(friendly(0)); });
  }

  // ---- events ----
  // On a phone the panel covers the page: a modal dialog that keeps focus inside until closed.
  var phone = window.matchMedia ? matchMedia(PHONE) : { matches: false };
  function syncModal() { if (phone.matches) panel.setAttribute("aria-modal", "true"); else panel.removeAttribute("aria-modal"); }
  if (phone.addEventListener) phone.addEventListener("change", syncModal);
  syncModal();
  function focusables() {
    return Array.prototype.filter.call(panel.querySelectorAll("button, textarea, a[href], [tabindex='0']"), function (x) {
      return !x.disabled && x.getClientRects().length;
    });
  }
  panel.addEventListener("keydown", function (ev) {
    if (ev.key !== "Tab" || panel.getAttribute("aria-modal") !== "true") return;
    var f = focusables();
    if (!f.length) return;
    var first = f[0], last = f[f.length - 1], active = root.activeElement;
    if (ev.shiftKey && (active === first || !panel.contains(active))) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && (active === last || !panel.contains(active))) { ev.preventDefault(); first.focus(); }
  });
  function setOpen(open) {
    state.open = open;
    save();
    syncModal();
    if (open) { panel.removeAttribute("hidden"); bubble.setAttribute("aria-expanded", "true"); input.focus(); log.scrollTop = log.scrollHeight; }
    else { panel.setAttribute("hidden", ""); bubble.setAttribute("aria-expanded", "false"); bubble.focus(); }
  }
  bubble.addEventListener("click", function () { setOpen(panel.hasAttribute("hidden")); });
  close.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (ev) { if (ev.key === "Escape") setOpen(false); });
  restart.addEventListener("click", function () { state.turns = []; save(); renderAll(); input.focus(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true })); }
  });
  input.addEventListener("input", onInput);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = input.value.trim();
    if (!q || send.disabled) return;  // too long: the text stays, the counter says by how much
    input.value = "";
    onInput();
    ask(q);
  });

  function mount() {
    document.body.appendChild(host);
    renderAll();
    if (state.open) setOpen(true);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
