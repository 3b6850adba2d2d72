"""Advisor: grounded answers about MSPs and fractional IT leadership, from the firm's articles only.

Nothing heavy is imported here: ``import advisor.x`` loads only what ``x`` needs (the CLI's
``--help`` and ingest must not pay for the engine).
"""
