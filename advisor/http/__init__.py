"""The HTTP surface, in parts that :func:`advisor.server.create_app` wires together.

- :mod:`~advisor.http.wire`: request and response models (the answer's shape is the domain's).
- :mod:`~advisor.http.deps`: the shared :class:`~advisor.http.deps.Services` and the named dependency types.
- :mod:`~advisor.http.errors`: the one error translation table, its handlers and ``ERROR_RESPONSES``.
- :mod:`~advisor.http.middleware`: body size limit, origin check, request id and access log.
- :mod:`~advisor.http.chat`, :mod:`~advisor.http.feedback`, :mod:`~advisor.http.health`, :mod:`~advisor.http.static`: routers.
"""
