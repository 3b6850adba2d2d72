"""The Streamlit app, driven by AppTest: ask, see cited answers, follow up, abstain, rate, see insights."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.feedback import FeedbackStore
from advisor.settings import PROJECT_ROOT, Settings


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, corpus_settings: Settings, advisor, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(corpus_settings.data_dir))
    db = f"sqlite:///{tmp_path / 'fb.db'}"
    monkeypatch.setenv("ADVISOR_DB_URL", db)
    monkeypatch.chdir(PROJECT_ROOT)
    return db


def _app() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)


def test_ask_follow_up_abstain_and_feedback_is_stored(app_env: str) -> None:
    at = _app().run()
    assert not at.exception
    at.chat_input[0].set_value("Does my MSP's vCIO create a conflict of interest?").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "vCIO" in text and "[1]" in text
    assert any("Sources" in e.label for e in at.expander)
    at.chat_input[0].set_value("and how is it priced?").run()
    assert not at.exception
    at.chat_input[0].set_value("What is the capital of France?").run()
    assert any("only from the firm's articles" in i.value for i in at.info)
    rows = FeedbackStore(app_env).rows()
    assert len(rows) == 3 and rows[0]["abstained"] is True
    FeedbackStore(app_env).rate(rows[-1]["id"], 0, "too long")
    assert FeedbackStore(app_env).rows()[-1]["rating"] == 0


def test_insights_and_library_pages_render_without_exceptions(app_env: str) -> None:
    store = FeedbackStore(app_env)
    from advisor.models import Answer

    i = store.log_answer(Answer(question="What is the capital of France?", text="no", abstained=True), surface="app")
    store.rate(i, 0, "bad")
    for page in ("pages/insights.py", "pages/library.py"):
        at = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=120).run()
        assert not at.exception, page
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/insights.py"), default_timeout=120).run()
    assert any("capital of France" in str(df.value) for df in at.dataframe)


def test_a_new_user_asks_reads_sources_rates_through_the_ui_and_finds_it_on_insights(app_env: str) -> None:
    at = _app().run()
    at.chat_input[0].set_value("Does my MSP's vCIO create a conflict of interest?").run()
    assert not at.exception
    quotes = [m.value for m in at.markdown if m.value.startswith("> ")]
    assert quotes, "the sources list shows the quoted passages"
    # Clicking marker [1] highlights the sentence it backs.
    at.pills[0].set_value(1).run()
    assert any(":orange-background[" in m.value and "[**[1]**]" in m.value for m in at.markdown)
    assert any("Supports:" in c.value for c in at.caption)
    # Rate it with the thumbs widget, add a comment, save.
    at.feedback[0].set_value(0).run()
    at.text_input(key="fbc-1").input("Missed the pricing angle").run()
    at.button(key="fbs-1").click().run()
    assert not at.exception
    row = FeedbackStore(app_env).rows()[0]
    assert row["rating"] == 0 and row["comment"] == "Missed the pricing angle"
    insights = AppTest.from_file(str(PROJECT_ROOT / "pages/insights.py"), default_timeout=120).run()
    assert not insights.exception
    lowest = [df.value for df in insights.dataframe]
    assert any("vCIO" in str(v["question"].tolist()) and "Missed the pricing angle" in str(v.get("comment", "").tolist()) for v in lowest if "question" in v)
