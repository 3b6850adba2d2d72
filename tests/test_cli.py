"""The CLI's machine-readable contract (used by FAQ tooling and external checks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.settings import PROJECT_ROOT, Settings
from tests.conftest import corpus_text

KEYS = {"question", "answer", "abstained", "citations", "statements", "backend", "notice", "latency_ms"}


@pytest.fixture(scope="module")
def cli_env(corpus_settings: Settings) -> dict[str, str]:
    return {"ADVISOR_DATA_DIR": str(corpus_settings.data_dir), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_ask_json_is_one_object_with_the_contract_keys(cli_env: dict[str, str], advisor) -> None:  # type: ignore[no-untyped-def]
    run = _run(["ask", "--json", "Does my MSP's vCIO create a conflict of interest?"], cli_env)
    assert run.returncode == 0, run.stderr
    obj = json.loads(run.stdout)
    assert set(obj) == KEYS and not obj["abstained"]
    for c in obj["citations"]:
        assert set(c) == {"id", "title", "source", "url", "chunk_id", "quote", "heading", "context"}
        assert c["quote"] in corpus_text(c["source"])
    assert obj["statements"] and all(set(s) == {"text", "citation_ids", "kind"} for s in obj["statements"])
    assert all(f"[{i}]" in obj["answer"] for s in obj["statements"] for i in s["citation_ids"])


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


def test_human_output_lists_numbered_sources_and_errors_are_messages(cli_env: dict[str, str], advisor) -> None:  # type: ignore[no-untyped-def]
    run = _run(["ask", "How are MSPs measured?"], cli_env)
    assert "Sources:" in run.stdout and "[1]" in run.stdout
    bad = _run(["ask", ""], cli_env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "empty" in bad.stderr


def test_faq_page_is_written_with_sources(cli_env: dict[str, str], tmp_path: Path, advisor) -> None:  # type: ignore[no-untyped-def]
    qs = tmp_path / "qs.txt"
    qs.write_text("Do I need both an MSP and a fractional CIO?\n<script>alert(1)</script> What is an MSP?\nWhat is the best pizza in Naples?\n")
    out = tmp_path / "faq.html"
    run = _run(["faq", str(qs), "--out", str(out), "--title", "MSP FAQ", "--articles-base", "https://advisor.example"], cli_env)
    assert run.returncode == 0, run.stderr
    page = out.read_text()
    assert "<blockquote>" in page and "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<title>MSP FAQ</title>" in page and 'id="do-i-need-both-an-msp-and-a-fractional-cio"' in page
    assert "pizza" not in page and "https://advisor.example/articles/" in page
    assert (tmp_path / "faq.needs-article.txt").read_text() == "What is the best pizza in Naples?\n"
    again = tmp_path / "again.html"
    assert _run(["faq", str(qs), "--out", str(again), "--title", "MSP FAQ", "--articles-base", "https://advisor.example"], cli_env).returncode == 0
    assert again.read_text() == page  # anchors and content identical between runs
