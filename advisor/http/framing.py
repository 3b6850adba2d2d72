"""The server's own framing errors as JSON: uvicorn answers a request it cannot parse (bad request
line, oversized or malformed headers) itself, before any ASGI code runs, with a text/plain 400.
This protocol answers the same 400 with the API's one error shape. ``python -m advisor serve``
runs uvicorn with it (``http="advisor.http.framing:JsonErrorH11Protocol"``).
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: The body of every framing error (an ErrorBody; what the request was is never echoed).
FRAMING_ERROR = json.dumps(
    {"error": "invalid_request", "message": "The HTTP request could not be parsed (malformed, or its headers are too large).", "hint": "Send a well-formed HTTP/1.1 request."}
).encode("ascii")


class JsonErrorH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(FRAMING_ERROR)).encode("ascii")), (b"connection", b"close")]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=FRAMING_ERROR)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()
