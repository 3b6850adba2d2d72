"""Advisor: grounded answers about MSPs and fractional IT leadership, from the firm's articles only."""

from advisor.engine import Advisor, answer, get_advisor
from advisor.errors import (
    AdvisorError,
    BackendUnavailable,
    IndexNotReady,
    InputTooLarge,
    InvalidQuestion,
)
from advisor.models import Answer, Citation, Message

__all__ = [
    "Advisor",
    "AdvisorError",
    "Answer",
    "BackendUnavailable",
    "Citation",
    "IndexNotReady",
    "InputTooLarge",
    "InvalidQuestion",
    "Message",
    "answer",
    "get_advisor",
]
