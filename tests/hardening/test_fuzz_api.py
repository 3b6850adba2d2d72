"""Schemathesis against the app's own OpenAPI schema, in process: no 5xx, every error a clear JSON message.

Generates valid and invalid bodies for every operation (positive and negative data). The real
engine answers, so a fuzzed question that passes validation is answered or refused, never a crash.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from advisor.engine import Advisor
from advisor.feedback import FeedbackStore
from advisor.server import create_app


@pytest.fixture(scope="module")
def api_schema(advisor: Advisor, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fb.db'}"
    app_settings = advisor.settings.model_copy(update={"db_url": db, "rate_limit": "100000/minute"})
    app = create_app(app_settings, advisor=advisor, feedback=FeedbackStore(db))
    app.state.advisor_state.warm()  # ready before the first case (the lifespan thread is not started in-process)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# schemathesis' own pytest plugin (from_fixture) does not run under pytest 9 yet, so its
# hypothesis strategies drive a plain hypothesis loop per operation and generation mode.
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
EXAMPLES = 60


def _fuzz(op, mode: GenerationMode, seen: dict[str, int]):  # type: ignore[no-untyped-def]
    """A hypothesis test for one operation (a factory, so each binds its own operation)."""

    @given(case=op.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call()
        seen[op.label] = seen.get(op.label, 0) + 1
        assert response.status_code < 500, f"{case.method} {case.path} -> {response.status_code}: {response.text[:300]}"
        if response.status_code >= 400:
            body = response.json()
            assert isinstance(body, dict) and body.get("error") and body.get("message"), response.text[:300]
            assert "Traceback" not in response.text

    return check


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_no_5xx_and_every_error_is_clear_json(api_schema, mode: GenerationMode) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, int] = {}
    for result in api_schema.get_all_operations():
        op = result.ok()
        if mode is GenerationMode.NEGATIVE and op.method.upper() != "POST":
            continue  # no inputs to break: negative data cannot be generated for a bare GET

        _fuzz(op, mode, seen)()
    assert len(seen) >= (5 if mode is GenerationMode.POSITIVE else 3) and sum(seen.values()) >= 100, seen


def test_schema_lists_every_public_operation(api_schema) -> None:  # type: ignore[no-untyped-def]
    paths = {op.path for op in (r.ok() for r in api_schema.get_all_operations())}
    assert {"/api/chat", "/api/chat/stream", "/api/feedback", "/healthz", "/readyz"} <= paths


def test_fuzz_collects_real_cases(tmp_path: Path) -> None:
    """Guard against a silently empty fuzz run: the schema has request bodies to generate from."""
    from advisor.server import ChatRequest, FeedbackRequest

    assert ChatRequest.model_json_schema()["required"] == ["messages"]
    assert set(FeedbackRequest.model_json_schema()["required"]) == {"interaction_id", "feedback_token", "rating"}
