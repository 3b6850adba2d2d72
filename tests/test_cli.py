"""The CLI's machine-readable contract (used by FAQ tooling and external checks).

Three tests run ``python -m advisor`` as a real process (the entry point, its exit code, its
stdout and a reader that leaves early); the others call ``advisor.cli.main`` in this process with the session's engine, which
runs the same parsing, rendering and error mapping without loading the model again per command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import cli, engine
from advisor.engine import Advisor
from advisor.settings import PROJECT_ROOT, Settings
from tests.conftest import corpus_text

# The tests that answer run on both encoders; the pipe and start-up ones test the CLI's own handling,
# the same on either (each started a process importing torch on the reference: ~16 s of the subset's ~50 s CPU).

KEYS = {"question", "answer", "abstained", "verdict", "citations", "statements", "backend", "notice", "latency_ms"}


@pytest.fixture(scope="module")
def cli_env(corpus_settings: Settings, encoder_env: dict[str, str]) -> dict[str, str]:
    return {"ADVISOR_DATA_DIR": str(corpus_settings.data_dir), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", **encoder_env}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def run_in_process(advisor: Advisor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``cli.main(args)`` as a finished process: exit code, stdout, stderr. The CLI's process-wide
    engine is the session's (already loaded over the same index the subprocess reads)."""
    monkeypatch.setattr(engine, "_default", advisor)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(advisor.settings.data_dir))

    def run(args: list[str]) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        code = cli.main(args)
        out = capsys.readouterr()
        return subprocess.CompletedProcess(["advisor", *args], code, out.out, out.err)

    return run


@pytest.mark.both_encoders
def test_ask_json_is_one_object_with_the_contract_keys(run_in_process) -> None:  # type: ignore[no-untyped-def]
    run = run_in_process(["ask", "--json", "Does my MSP's vCIO create a conflict of interest?"])
    assert run.returncode == 0, run.stderr
    obj = json.loads(run.stdout)
    assert set(obj) == KEYS and not obj["abstained"]
    for c in obj["citations"]:
        assert set(c) == {"id", "title", "source", "url", "chunk_id", "quote", "heading", "context", "status"}
        assert c["quote"] in corpus_text(c["source"])
    assert obj["statements"] and all(set(s) == {"text", "citation_ids", "kind"} for s in obj["statements"])
    assert all(f"[{i}]" in obj["answer"] for s in obj["statements"] for i in s["citation_ids"])


@pytest.mark.both_encoders
def test_batch_answers_every_line_in_order_with_history(cli_env: dict[str, str], tmp_path: Path, advisor) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "q.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"question": "What does a fractional CIO do?"}),
                json.dumps(
                    {
                        "question": "and how is it priced?",
                        "history": [{"role": "user", "content": "What does a fractional CIO do?"}, {"role": "assistant", "content": "..."}],
                    }
                ),
                json.dumps({"question": "What is the capital of France?"}),
                "not json",
            ]
        )
        + "\n"
    )
    run = _run(["ask", "--batch", str(f), "--json"], cli_env)
    objs = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o["question"] for o in objs[:3]] == ["What does a fractional CIO do?", "and how is it priced?", "What is the capital of France?"]
    assert objs[2]["abstained"] is True and not objs[0]["abstained"]
    assert "error" in objs[3] and run.returncode == 2


@pytest.mark.both_encoders
def test_human_output_lists_numbered_sources_and_errors_are_messages(run_in_process) -> None:  # type: ignore[no-untyped-def]
    run = run_in_process(["ask", "How are MSPs measured?"])
    assert "Sources:" in run.stdout and "[1]" in run.stdout
    bad = run_in_process(["ask", ""])
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "empty" in bad.stderr


@pytest.mark.both_encoders
def test_human_sources_show_a_table_row_as_cells_under_its_columns(run_in_process) -> None:  # type: ignore[no-untyped-def]
    # "| Pricing model | … | … |" alone did not say which fee was whose: the columns are shown above it, as in the widget and the app.
    run = run_in_process(["ask", "What does each cost?"])
    sources = run.stdout.split("Sources:", 1)[1]
    assert "Dimension: MSP; Fractional IT Executive\n      “Pricing model: Per-user or per-device monthly fee" in sources
    assert "|" not in sources


@pytest.mark.both_encoders
def test_faq_page_is_written_with_sources(run_in_process, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qs = tmp_path / "qs.txt"
    qs.write_text("Do I need both an MSP and a fractional CIO?\n<script>alert(1)</script> What is an MSP?\nWhat is the best pizza in Naples?\n")
    out = tmp_path / "faq.html"
    run = run_in_process(["faq", str(qs), "--out", str(out), "--title", "MSP FAQ", "--articles-base", "https://advisor.example"])
    assert run.returncode == 0, run.stderr
    page = out.read_text()
    assert "<blockquote>" in page and "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<title>MSP FAQ</title>" in page and 'id="do-i-need-both-an-msp-and-a-fractional-cio"' in page
    assert "pizza" not in page and "https://advisor.example/articles/" in page
    assert (tmp_path / "faq.needs-article.txt").read_text() == "What is the best pizza in Naples?\n"
    again = tmp_path / "again.html"
    assert run_in_process(["faq", str(qs), "--out", str(again), "--title", "MSP FAQ", "--articles-base", "https://advisor.example"]).returncode == 0
    assert again.read_text() == page  # anchors and content identical between runs


def test_app_starts_the_engine_then_hands_its_options_to_streamlit_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m advisor app`` (scripts/run.sh): the engine starts loading first, then ``streamlit run app.py`` with the options as given."""
    import streamlit.web.cli as streamlit_cli

    from advisor import warmup

    calls: list[object] = []
    monkeypatch.setattr(warmup, "start", lambda settings: calls.append("engine"))
    monkeypatch.setattr(streamlit_cli, "main", lambda args, prog_name: calls.append(args))
    assert cli.main(["app", "--server.port", "8599", "--server.headless", "true"]) == 0
    assert calls == ["engine", ["run", str(cli.APP_SCRIPT), "--server.port", "8599", "--server.headless", "true"]]
    with pytest.raises(SystemExit) as exc:
        cli.main(["ask", "--server.port", "1", "question"])  # only `app` passes unknown options on
    assert exc.value.code == 2


def test_a_reader_that_stops_early_gets_no_traceback(cli_env: dict[str, str]) -> None:
    # `python -m advisor ask … | head -1`: the reader is gone before the answer is written.
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "ask", "Do I need both?"], cwd=PROJECT_ROOT, env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the process is still starting: its first write meets a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_reader_that_stops_after_a_line_gets_no_error(cli_env: dict[str, str]) -> None:
    # `python -m advisor ask … | head -5`: the reader takes part of the answer, then goes. The failed write
    # can leave nothing buffered, so a second flush succeeds; this was then reported as a closed connection.
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "ask", "Do I need both?"], cwd=PROJECT_ROOT, env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) in (0, 141)  # 0 when the whole answer fitted in the pipe before the reader left
    assert err == "", err


def test_a_broken_pipe_is_told_from_a_closed_socket_by_stdout_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # The exit code and message of a broken pipe depend on whether stdout's reader went away (… | head -5) or another
    # connection broke (an LLM call): poll stdout's own pipe, whatever is left in its buffer.
    read_end, write_end = os.pipe()
    try:
        out = os.fdopen(write_end, "w")
        monkeypatch.setattr(sys, "stdout", out)
        assert not cli._stdout_reader_gone(), "a pipe someone reads"
        os.close(read_end)
        read_end = -1
        assert cli._stdout_reader_gone(), "the reader has gone"
    finally:
        if read_end >= 0:
            os.close(read_end)
        monkeypatch.undo()
        out.close()
