/*
 * Advisor chat widget. One tag on any page:
 *   <script src="https://advisor.example/widget.js" data-api="https://advisor.example" defer></script>
 * Plain JavaScript, no build step. Styles live in a shadow root so the host page and the widget
 * cannot restyle each other. Every piece of user or document text is set with textContent (never parsed as HTML),
 * so a question or a source containing <script> shows literally and runs nothing.
 * Answers stream as plain text (`token` events), then are rebuilt from the `done` event's structure:
 * `statements` (in order, runs of kind "item" as a list) with marker links to their `citations`.
 */
(function () {
  "use strict";
  if (window.__advisorWidget) return;
  window.__advisorWidget = true;

  var script = document.currentScript;
  var api = ((script && script.getAttribute("data-api")) || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, "");
  var profile = (script && script.getAttribute("data-profile")) || "website";
  var title = (script && script.getAttribute("data-title")) || "Ask our advisor";
  var storeKey = "advisor-widget:" + api;
  var MAX_CHARS = 2000;
  var MAX_HISTORY = 18;

  var CSS = [
    ":host{all:initial;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;line-height:1.45;color:#1c2430}",
    "*{box-sizing:border-box}",
    ".bubble{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:28px;background:#1f4e79;color:#fff;padding:14px 20px;font:600 15px/1 inherit;font-family:inherit;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25)}",
    ".bubble:focus-visible,button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #f2a900;outline-offset:2px}",
    ".panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:400px;max-width:calc(100vw - 40px);height:600px;max-height:calc(100vh - 110px);background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}",
    ".panel[hidden]{display:none}",
    "header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:#1f4e79;color:#fff}",
    "header h2{flex:1;margin:0;font-size:16px}",
    "header button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.5);border-radius:6px;padding:4px 8px;font:inherit;font-size:13px;cursor:pointer}",
    ".log{flex:1;overflow-y:auto;padding:12px 14px;background:#f6f8fb}",
    ".msg{margin:0 0 12px;max-width:92%;padding:9px 12px;border-radius:12px;white-space:normal;overflow-wrap:anywhere}",
    ".user{margin-left:auto;background:#1f4e79;color:#fff;border-bottom-right-radius:3px;white-space:pre-wrap}",
    ".bot{background:#fff;border:1px solid #dde3ea;border-bottom-left-radius:3px}",
    ".bot.abstained{background:#fff8e6;border-color:#f0d58a}",
    ".bot.error{background:#fdecec;border-color:#f3b7b7}",
    ".bot p{margin:0 0 6px}.bot ul{margin:0 0 6px;padding-left:18px}",
    "a.marker{display:inline-block;min-width:1.5em;text-align:center;font-size:12px;font-weight:700;color:#fff;background:#1f4e79;border-radius:9px;padding:0 4px;margin:0 2px;text-decoration:none;vertical-align:1px}",
    ".sources{margin:8px 0 0;padding:8px 0 0;border-top:1px solid #e4e8ee;font-size:13px;list-style:none}",
    ".sources li{margin:0 0 8px;padding:6px 8px;border-radius:8px;scroll-margin:12px}",
    ".sources li.flash,.st.flash{background:#fff3c4}",
    ".st{border-radius:3px;transition:background .2s}",
    ".sources .ctx{margin:4px 0 0;color:#555;font-size:12px}",
    ".sources .n{font-weight:700;color:#1f4e79;margin-right:4px}",
    ".sources .t{font-weight:600}",
    ".sources blockquote{margin:4px 0 2px;padding-left:8px;border-left:3px solid #f2a900;color:#333;font-style:italic;white-space:pre-line}",
    ".sources a{color:#1f4e79}",
    ".rate{display:flex;gap:6px;margin-top:6px;font-size:12px;color:#555;align-items:center}",
    ".rate button{border:1px solid #cfd6df;background:#fff;border-radius:6px;padding:2px 8px;cursor:pointer;font:inherit}",
    ".rate button[aria-pressed=true]{background:#1f4e79;color:#fff}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e4e8ee;background:#fff}",
    "textarea{flex:1;resize:none;height:44px;padding:10px;border:1px solid #cfd6df;border-radius:8px;font:inherit}",
    "form button{border:0;border-radius:8px;background:#1f4e79;color:#fff;padding:0 16px;font:inherit;font-weight:600;cursor:pointer}",
    "form button[disabled]{opacity:.5;cursor:default}",
    ".hint{font-size:12px;color:#667;padding:0 14px 8px;background:#fff}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    "@media (max-width:520px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100dvh;max-height:100dvh;border-radius:0}.bubble{right:12px;bottom:12px}}"
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
  var input = el("textarea", { id: "advisor-q", name: "q", rows: "1", maxlength: String(MAX_CHARS), placeholder: "Ask a question…" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  var hint = el("div", { class: "hint" }, "Answers quote the firm's published articles. Enter to send, Shift+Enter for a new line, Esc to close.");
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  panel.appendChild(hint);
  root.appendChild(bubble);
  root.appendChild(panel);

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
    var block = null, isList = false;
    statements.forEach(function (s) {
      var item = s.kind === "item";
      if (!block || item !== isList) {
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
        a.addEventListener("click", function (ev) { ev.preventDefault(); flash(container, uid, n); });
        holder.appendChild(a);
      });
      if (item) block.appendChild(holder);
    });
  }

  function flash(container, uid, n) {
    var li = root.getElementById("src-" + uid + "-" + n);
    if (!li) return;
    var backed = container.querySelectorAll(".st[data-cites~='" + Number(n) + "']");
    li.scrollIntoView({ block: "nearest", behavior: "smooth" });
    li.classList.add("flash");
    backed.forEach(function (x) { x.classList.add("flash"); });
    li.focus({ preventScroll: true });
    setTimeout(function () {
      li.classList.remove("flash");
      backed.forEach(function (x) { x.classList.remove("flash"); });
    }, 1600);
  }

  function renderSources(container, citations, uid) {
    if (!citations || !citations.length) return;
    var ol = el("ol", { class: "sources", "aria-label": "Sources" });
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
      li.appendChild(el("blockquote", null, c.quote));
      ol.appendChild(li);
    });
    container.appendChild(ol);
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
    if (turn.role === "user") { log.appendChild(el("div", { class: "msg user" }, turn.content)); return; }
    var uid = "m" + (++counter);
    var cls = "msg bot" + (turn.abstained ? " abstained" : "") + (turn.error ? " error" : "");
    var box = el("div", { class: cls, "data-testid": "answer" });
    if (Array.isArray(turn.statements) && turn.statements.length) renderStatements(box, turn.statements, turn.citations, uid);
    else box.appendChild(el("p", null, turn.content));  // errors and greetings: plain text
    renderSources(box, turn.citations, uid);
    renderRating(box, turn.interaction_id, turn);
    log.appendChild(box);
  }

  function renderAll() {
    log.textContent = "";
    counter = 0;
    if (!state.turns.length) {
      log.appendChild(el("div", { class: "msg bot" }, "Hi! I answer from our published articles on MSPs, vCIOs and fractional CIO/CTO leadership, and show you the passages I quote. What would you like to know?"));
    }
    state.turns.forEach(renderTurn);
    log.scrollTop = log.scrollHeight;
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
    send.disabled = true;
    var text = "";
    var finished = false;

    function finish(turn) {
      if (finished) return;
      finished = true;
      live.remove();
      state.turns.push(turn);
      save();
      renderTurn(turn);
      log.scrollTop = log.scrollHeight;
      send.disabled = false;
      input.focus();
    }
    function fail(message) {
      // The failed question stays visible but is not sent as history next time.
      userTurn.error = true;
      finish({ role: "assistant", content: message, error: true });
    }

    fetch(api + "/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ messages: history(), profile: profile })
    }).then(function (res) {
      if (!res.ok || !res.body) {
        return res.json().catch(function () { return null; }).then(function (b) { fail(friendly(res.status, b, res.headers.get("Retry-After"))); });
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
  function setOpen(open) {
    state.open = open;
    save();
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
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = input.value.trim();
    if (!q || send.disabled) return;
    input.value = "";
    ask(q.slice(0, MAX_CHARS));
  });

  function mount() {
    document.body.appendChild(host);
    renderAll();
    if (state.open) setOpen(true);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
