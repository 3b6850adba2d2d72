"""/healthz (liveness, with index status) and /readyz (200 once warm, else 503)."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from advisor.errors import BackendUnavailable, IndexNotReady
from advisor.http.deps import ServicesDep
from advisor.http.errors import error_response

#: What /healthz passes on from the engine's status (nothing that names a path or a URL).
STATUS_FIELDS = ("index_ready", "chunks", "documents", "ingested_at")
#: Seconds a client is asked to wait before asking /readyz again.
READY_RETRY_S = 5

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness, with index and backend status")
async def healthz(services: ServicesDep) -> dict[str, Any]:
    info: dict[str, Any] = {"status": "ok", "ready": services.is_ready, "backend": services.advisor.backend_name}
    if info["ready"]:
        status = await anyio.to_thread.run_sync(services.advisor.status)
        info.update({k: v for k, v in status.items() if k in STATUS_FIELDS})
    elif services.warm_error:
        info["error"] = services.warm_error
    return info


@router.get("/readyz", summary="200 once the model is loaded, the index is open and the configured LLM backend can answer, else 503")
async def readyz(services: ServicesDep) -> JSONResponse:
    if services.is_ready:
        problem = await anyio.to_thread.run_sync(services.advisor.backend_problem)
        if problem is None:
            return JSONResponse({"ready": True})
        return error_response(503, "backend_not_ready", f"The answer model cannot answer: {problem}", BackendUnavailable.hint, headers={"Retry-After": str(READY_RETRY_S)})
    msg = services.warm_error or "Warming up: loading the model and opening the index."
    hint = IndexNotReady.hint if services.warm_error else "Retry in a few seconds."
    return error_response(503, "not_ready", msg, hint, headers={"Retry-After": str(READY_RETRY_S)})
