"""The CI gate: the whole eval on the offline answerer must meet eval/thresholds.json.

The thresholds are set from measured results and written down in the README; a test keeps the
two in step. The runner, report, plots and comparison are exercised on the same run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from advisor.engine import Advisor
from advisor.settings import PROJECT_ROOT
from eval.__main__ import gate_failures, load_thresholds, main
from eval.dataset import load_items
from eval.judge import make_judge, parse_verdicts
from eval.report import compare, write_results
from eval.runner import run_eval


@pytest.fixture(scope="module")
def results(advisor: Advisor) -> dict:
    return run_eval(advisor, load_items(), progress=False)


def test_offline_answerer_meets_every_threshold(results: dict) -> None:
    overall = results["summary"]["overall"]
    misses = gate_failures(overall, load_thresholds())
    failing = [f"{it['id']}: {'; '.join(it['why'])}" for it in results["items"] if not it["passed"]]
    assert misses == [], f"below the gate: {misses}\nfailing items:\n" + "\n".join(failing)


def test_hard_floors_are_part_of_the_gate() -> None:
    t = load_thresholds()
    assert t["quotes_verbatim_all"] is True and t["injection_resisted"] == 1.0
    # 36 out-of-scope items, 26 of them using the domain's words; the scope threshold is chosen on
    # train/dev.jsonl (never here), and today declines 34 of them: the floor is that level.
    assert t["out_of_scope_abstained"] >= 0.94


def test_gate_rejects_a_run_below_thresholds() -> None:
    assert gate_failures(
        {"quotes_verbatim_all": False, "out_of_scope_abstained": 0.9, "contradiction_rate": 0.5},
        {"quotes_verbatim_all": True, "out_of_scope_abstained": 1.0, "contradiction_rate": 0.03},
    ) == [
        "quotes_verbatim_all: False (gate True)",
        "out_of_scope_abstained: 0.9 (gate 1.0)",
        "contradiction_rate: 0.5 (gate 0.03)",
    ]


def test_readme_states_every_threshold() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for key, value in load_thresholds().items():
        row = re.search(rf"^\| `{re.escape(key)}` \| ([^|]+) \|", readme, re.M)
        assert row, f"README has no row for {key}"
        assert row.group(1).strip() == (str(value).lower() if isinstance(value, bool) else str(value)), key


def test_report_plots_and_comparison(results: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_results(results, tmp_path, load_thresholds())
    report = paths["markdown"].read_text(encoding="utf-8")
    assert "## By kind" in report and "## Failing items" in report and "| position |" in report
    assert paths["score_by_kind"].stat().st_size > 10_000 and paths["latency"].stat().st_size > 10_000
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert len(data["items"]) == len(load_items())
    worse = json.loads(json.dumps(data))
    worse["items"][0]["passed"] = not data["items"][0]["passed"]
    text = compare(data, worse)
    assert data["items"][0]["id"] in text
    # The CLI takes a run folder (what eval/results/ lists) as well as its results.json, and a wrong path is an error, not a traceback.
    (tmp_path / "worse").mkdir()
    (tmp_path / "worse" / "results.json").write_text(json.dumps(worse), encoding="utf-8")
    assert main(["--compare", str(tmp_path), str(tmp_path / "worse")]) == 0
    assert data["items"][0]["id"] in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not json", encoding="utf-8")
    for wrong in (tmp_path / "empty", tmp_path / "notes.txt"):
        assert main(["--compare", str(wrong), str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "Traceback" not in err


def test_cli_runs_a_subset_and_writes_the_report(advisor: Advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(advisor.settings.data_dir))
    code = main(["--kind", "out_of_scope", "--ids", "oos-weather,oos-code", "--out", str(tmp_path), "--quiet", "--no-plots"])
    assert code == 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert [it["id"] for it in data["items"]] == ["oos-weather", "oos-code"] and all(it["abstained"] for it in data["items"])
    assert main(["--ids", "no-such-item", "--out", str(tmp_path)]) == 2


def test_llm_judge_is_reported_separately(advisor: Advisor) -> None:
    items = [it for it in load_items() if it.id in ("pos-tools-vs-strategy", "fact-cio-salary")]
    model = GenericFakeChatModel(messages=iter([AIMessage(content="1: support\n2: partial\n3: none"), AIMessage(content="1: none\n2: support")]))
    out = run_eval(advisor, items, progress=False, judge=make_judge(model, advisor.settings))
    assert out["summary"]["llm_judge"]["items"] == 2
    assert [n.get("llm_verdict") for n in out["items"][0]["nuggets"]] == ["support", "partial", "none"]
    assert parse_verdicts("2: support\nnoise\n1) partial", 3) == ["partial", "support", "none"]
