"""Command line: ``ask`` (one question, or a JSON Lines batch), ``faq`` (publishable page), ``ingest``,
``publish`` / ``unpublish`` (a document's status), ``serve``, ``app`` (the Streamlit app).

A thin surface: it parses input, calls the core, renders the Answer, and maps domain errors to
a message and exit code (1 for errors, 2 for bad input).

Imports of the engine and renderers live inside the commands: ``--help`` and argument errors
must not pay for numpy, pydantic, Chroma or the encoder (issue 14).
"""

from __future__ import annotations

import argparse
import json
import os
import select
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from advisor.errors import AdvisorError, InvalidQuestion

if TYPE_CHECKING:
    from advisor.engine import Advisor
    from advisor.models import Answer

#: Whether this process built the index (then it exits normally, letting the store close its files).
wrote_index = False
#: Commands that only read the index and end the process at once when done (:func:`end` says why).
FAST_EXIT_COMMANDS = ("ask", "faq")


def end(code: int, argv: list[str]) -> NoReturn:
    """End the process the way ``argv``'s command should: ``ask`` and ``faq`` only read the index and have
    written everything (stdout, the FAQ file) when :func:`main` returns, so they end at once: the native
    libraries' teardown at interpreter exit (Chroma's and torch's thread pools) took about 5 s after the answer
    was printed, and an abandoned LLM call must not hold the exit either. Commands that write the index (also
    an ``ask`` that built it on first run) exit normally. ``python -m advisor`` and the benchmark's probe both end here."""
    if argv[:1] and argv[0] in FAST_EXIT_COMMANDS and not wrote_index:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _advisor(backend: str | None = None) -> Advisor:
    """The process's engine (answering with ``backend`` when given), with the corpus ingested first on a fresh machine (the surface's call)."""
    from advisor.engine import get_advisor
    from advisor.settings import load_settings

    global wrote_index
    advisor = get_advisor(load_settings(llm=backend) if backend else None)
    if advisor.store.active_name() is None:  # first run only: a question on a built index skips ingest's imports
        from ingest.index import ensure_index

        wrote_index = ensure_index(advisor.settings, advisor.embedder, advisor.store) is not None or wrote_index
    return advisor


def _render_human(ans: Answer, out: TextIO) -> None:
    from advisor.render import readable_quote, to_text

    out.write(to_text(ans) + "\n")
    if ans.notice:
        out.write(f"\n({ans.notice})\n")
    if ans.citations:
        out.write("\nSources:\n")
        for c in ans.citations:
            where = f" — {c.url}" if c.url else ""
            # As the widget and the app show it: the FAQ question or the table's columns above the quote, a table row read as cells.
            context = f"      {c.context}\n" if c.context else ""
            quote = " ".join(readable_quote(c.quote).split())
            out.write(f"  [{c.id}] {c.title} ({c.source}{', ' + c.heading if c.heading else ''}){where}\n{context}      “{quote}”\n")


def _cmd_ask(args: argparse.Namespace) -> int:
    from advisor.render import to_public

    advisor = _advisor(args.backend)
    if args.batch:
        return _batch(advisor, Path(args.batch), args.profile)
    if not args.question:
        raise InvalidQuestion("Give a question, or --batch FILE.")
    ans = advisor.answer(" ".join(args.question), None, args.profile)
    if args.json:
        print(json.dumps(to_public(ans).model_dump(), ensure_ascii=False), flush=True)
    else:
        _render_human(ans, sys.stdout)
        sys.stdout.flush()
    return 0


def _batch(advisor: Advisor, path: Path, profile: str) -> int:
    """One JSON object per input line, in order; a bad line yields an error object, not a crash."""
    from advisor.render import to_public

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidQuestion(f"Cannot read batch file {path}: {exc}") from exc
    status = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise InvalidQuestion("each line must be a JSON object")
            question = item.get("question")
            if not isinstance(question, str):
                raise InvalidQuestion("each line needs a 'question' string")
            ans = advisor.answer(question, item.get("history") or [], item.get("profile", profile))
            print(json.dumps(to_public(ans).model_dump(), ensure_ascii=False), flush=True)
        except (json.JSONDecodeError, InvalidQuestion) as exc:
            status = 2
            q = _question_of(line)
            print(json.dumps({"question": q, "error": f"line {lineno}: {exc}"}, ensure_ascii=False), flush=True)
    return status


def _question_of(line: str) -> object:
    """The question field of a batch line, when the line is JSON enough to have one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return None
    return obj.get("question") if isinstance(obj, dict) else None


def read_faq_questions(raw: str) -> tuple[list[str], list[str]]:
    """Questions of an FAQ source file (plain lines or JSON Lines) and a message per bad line."""
    questions, bad = [], []
    for lineno, line in enumerate(raw.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("{"):
            try:
                q = json.loads(line).get("question")
            except (json.JSONDecodeError, AttributeError):
                q = None
            if not isinstance(q, str) or not q.strip():
                bad.append(f"line {lineno}: not a JSON object with a 'question' string")
                continue
            line = q
        questions.append(line)
    return questions, bad


def _cmd_faq(args: argparse.Namespace) -> int:
    from advisor.faq import FaqOptions, build_page, faq_html, faq_markdown, needs_article_report

    src = Path(args.questions)
    try:
        raw = src.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidQuestion(f"Cannot read {src}: {exc}") from exc
    questions, bad = read_faq_questions(raw)
    advisor = _advisor()
    answers = []
    for q in questions:
        try:
            answers.append(advisor.answer(q, None, "faq"))
        except InvalidQuestion as exc:
            bad.append(f"{q[:60]!r}: {exc}")
    out = Path(args.out)
    opts = FaqOptions(title=args.title or FaqOptions.title, intro=args.intro, lang=args.lang or FaqOptions.lang, fragment=args.fragment, articles_base=args.articles_base)
    page = build_page(answers)
    _write_atomic(out, faq_html(answers, opts) if out.suffix.lower() in (".html", ".htm") else faq_markdown(answers, opts))
    report = Path(args.needs_article) if args.needs_article else out.with_name(out.stem + ".needs-article.txt")
    if page.needs_article:
        _write_atomic(report, needs_article_report(page))
    elif report.exists():
        report.unlink()  # a stale list from an earlier run would ask for articles that now exist
    where = f"; {len(page.needs_article)} need an article (listed in {report})" if page.needs_article else ""
    print(f"wrote {out}: {len(page.entries)} answered{where}", file=sys.stderr)
    for msg in bad:
        print(f"skipped {msg}", file=sys.stderr)
    return 2 if bad else 0


def _write_atomic(path: Path, text: str) -> None:
    """Write next to the target, then rename: a reader (or a web server) never sees half a page."""
    from advisor.files import atomic_write

    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise AdvisorError(f"Cannot write {path}: {exc.strerror or exc}") from exc


def _cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.__main__ import main as ingest_main

    return ingest_main(["--quiet"] if args.quiet else [])


def _cmd_status(args: argparse.Namespace) -> int:
    """publish / unpublish DOC: the operator's decision, applied by an ingest that reuses every vector."""
    from advisor.embeddings import embedder_for
    from advisor.settings import load_settings
    from ingest.load import Status
    from ingest.publish import set_status

    settings = load_settings()
    status: Status = "published" if args.command == "publish" else "draft"
    report = set_status(settings, embedder_for(settings), args.doc, status)
    print(f"{args.doc}: {status}\n{report.summary()}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import copy

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from advisor.settings import load_settings

    load_settings()  # fail here, with a message, on inconsistent settings (not in a worker's traceback)

    if args.workers > 1:
        # Build the index once here, so several workers never race to create it on first start.
        _advisor().ensure_ready()
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["formatters"]["json_lines"] = {"format": "%(message)s"}
    log_config["handlers"]["advisor"] = {"class": "logging.StreamHandler", "formatter": "json_lines", "stream": "ext://sys.stdout"}
    log_config["loggers"]["advisor"] = {"handlers": ["advisor"], "level": "INFO", "propagate": False}
    print(f"Advisor: demo page and widget at http://{args.host}:{args.port}/  ·  API docs at /docs", file=sys.stderr)
    from advisor.settings import load_settings

    uvicorn.run(
        "advisor.server:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=log_config,
        access_log=False,  # advisor.http writes one structured line per request instead
        timeout_graceful_shutdown=10,
        proxy_headers=False,  # X-Forwarded-* are believed only from ADVISOR_TRUSTED_PROXIES (advisor.server), never by uvicorn's default
        http="advisor.http.framing:JsonErrorH11Protocol",  # its own 400s (unparseable requests) in the API's JSON shape
        h11_max_incomplete_event_size=load_settings().max_header_bytes,
    )
    return 0


#: The Streamlit app's script (``app`` runs it as ``streamlit run`` would).
APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"


def _cmd_app(args: argparse.Namespace) -> int:
    """``streamlit run app.py`` with the engine already loading (issue 14: first answer ≤ 3 s after the start).

    The engine is built in a background thread of this process (:mod:`advisor.warmup`) while
    Streamlit starts its server and the browser loads the page, instead of once the first browser
    session runs the script (~2.3 s in); the app's script collects it. The thread starts after
    Streamlit is imported: both are CPU-bound Python sharing one interpreter lock, and started
    together they delayed the server's first response by seconds on a busy machine (the page,
    not the engine, was then what the first answer waited for). Opt-in: on the shared machine
    (load 8-12) it was still slower than plain ``streamlit run`` (docs/benchmarks.md, issue 14), so
    scripts/run.sh keeps that. Options go to ``streamlit run``.
    """
    from advisor import warmup
    from advisor.settings import load_settings

    settings = load_settings()  # bad settings fail here, with a message, before Streamlit starts
    from streamlit.web import cli as streamlit_cli

    warmup.start(settings)
    try:
        streamlit_cli.main(["run", str(APP_SCRIPT), *args.streamlit_args], prog_name="streamlit")
    except SystemExit as exc:  # click ends its commands this way
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m advisor", description="Advisor: grounded answers from the firm's articles.")
    sub = p.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question (or a JSON Lines batch)")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--batch", metavar="FILE", help='JSON Lines: {"question": str, "history": [...]} per line')
    ask.add_argument("--profile", default="website", help="website | sales | faq")
    ask.add_argument("--backend", metavar="ID", help="answer with this backend instead of ADVISOR_LLM: extractive, or a LangChain id such as openai:gpt-4o-mini")
    ask.set_defaults(func=_cmd_ask)
    faq = sub.add_parser("faq", help="write an FAQ page (Markdown or HTML) for a list of questions")
    faq.add_argument("questions", help="a text file, one question per line (or JSON Lines)")
    faq.add_argument("--out", required=True, help="faq.md or faq.html")
    faq.add_argument("--title", default=None, help="page title and top heading (default: Frequently asked questions)")
    faq.add_argument("--intro", default="", help="a paragraph under the title")
    faq.add_argument("--lang", default=None, help="language of the page (html lang), e.g. en, de (default: en)")
    faq.add_argument("--fragment", action="store_true", help="HTML: emit only the <section> (for a CMS), no <html>/<head>")
    faq.add_argument("--articles-base", default="", metavar="URL", help="where Advisor serves /articles/ (e.g. https://advisor.example): source titles link to the cited passage")
    faq.add_argument("--needs-article", metavar="FILE", help="where to list questions the articles do not answer (default: next to --out)")
    faq.set_defaults(func=_cmd_faq)
    ing = sub.add_parser("ingest", help="sync corpus/ into the index")
    ing.add_argument("--quiet", action="store_true")
    ing.set_defaults(func=_cmd_ingest)
    for name, what in (("publish", "let the website quote a document"), ("unpublish", "make a document a draft: the website stops quoting it")):
        cmd = sub.add_parser(name, help=what)
        cmd.add_argument("doc", help="the document's path in the corpus folder, e.g. my-article.md")
        cmd.set_defaults(func=_cmd_status)
    srv = sub.add_parser("serve", help="start the HTTP API and website widget")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=1)
    srv.set_defaults(func=_cmd_serve)
    app = sub.add_parser("app", help="start the Streamlit app (options after it go to `streamlit run`, e.g. --server.port 8501)")
    app.set_defaults(func=_cmd_app)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.command == "app":
        args.streamlit_args = rest  # --server.port 8501 and the like: Streamlit's own options, checked by Streamlit
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        return int(args.func(args))
    except InvalidQuestion as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AdvisorError as exc:
        print(f"error: {exc}\n{exc.hint}".rstrip(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        if _stdout_reader_gone():
            # The reader went away (`… | head -1`): what it read was complete; the rest is dropped, with no traceback
            # (Python's documented recipe: point stdout at devnull so the flush at exit cannot fail again).
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141
        print("error: a connection closed while answering; try again", file=sys.stderr)
        return 1


def _stdout_reader_gone() -> bool:
    """Whether stdout is a pipe nobody reads any more, so a broken pipe was ours and not a socket's (an LLM call).

    Polling the pipe's write end reports an error once its reader has closed it. Flushing again
    was not enough: a failed write can leave nothing buffered (`… | head -5` of a long answer),
    and the flush then succeeds on a dead pipe.
    """
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no fileno (a captured stdout), or no poll on this platform
        return False
