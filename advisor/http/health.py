"""/healthz (liveness, with index and feedback status) and /readyz (200 while an index is really served, else 503 with a reason).

Neither passes on a domain error's text: it may name a path, a Chroma collection or a driver error.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from advisor.errors import BackendUnavailable
from advisor.http.deps import ServicesDep
from advisor.http.errors import error_response

#: What /healthz passes on from the engine's status (nothing that names a path or a URL).
STATUS_FIELDS = ("index_ready", "chunks", "documents", "ingested_at")
#: Seconds a client is asked to wait before asking /readyz again.
READY_RETRY_S = 5
#: Why nothing is served, by reason code: (message, hint) a client may see.
NOT_READY: dict[str, tuple[str, str]] = {
    "warming_up": ("Warming up: loading the model and opening the index.", "Retry in a few seconds."),
    "index_corrupt": ("The article index is damaged and cannot be served.", "The operator must rebuild it: python -m ingest --rebuild."),
    "index_not_ready": ("No article index is loaded yet.", "The operator must ingest the corpus: python -m ingest."),
    "index_not_loaded": ("No article index is loaded yet.", "Retry in a few seconds."),
    "backend_unavailable": ("A service the answers depend on is unavailable.", "Retry in a few minutes."),
    "model_missing": ("The answering service is not set up completely.", "The operator must restore knowledge/ (python -m train)."),
    "internal_error": ("The service could not start.", "See the server log."),
}

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness, with index, backend and feedback status")
async def healthz(services: ServicesDep) -> dict[str, Any]:
    ready, detail = await anyio.to_thread.run_sync(services.readiness)
    info: dict[str, Any] = {"status": "ok", "ready": ready, "backend": services.advisor.backend_name}
    if ready:
        status = await anyio.to_thread.run_sync(services.advisor.status)
        info.update({k: v for k, v in status.items() if k in STATUS_FIELDS})
    else:
        info["reason"] = detail["reason"]
    info["feedback"] = "available" if await anyio.to_thread.run_sync(services.feedback.available) else "unavailable"
    return info


@router.get("/readyz", summary="200 while an index snapshot is served (which one) and the configured answer backend can answer, else 503 with a reason")
async def readyz(services: ServicesDep) -> JSONResponse:
    ready, detail = await anyio.to_thread.run_sync(services.readiness)
    if not ready:
        msg, hint = NOT_READY.get(detail["reason"], NOT_READY["internal_error"])
        return error_response(503, "not_ready", msg, hint, headers={"Retry-After": str(READY_RETRY_S)})
    problem = await anyio.to_thread.run_sync(services.advisor.backend_problem)
    if problem is not None:
        return error_response(503, "backend_not_ready", f"The answer model cannot answer: {problem}", BackendUnavailable.hint, headers={"Retry-After": str(READY_RETRY_S)})
    return JSONResponse({"ready": True, **detail})
