"""Structured logging: JSON lines, with personal data scrubbed from questions."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
# A telephone number: it opens with "+", "00" or a trunk "0" (perhaps in brackets), then digits
# with spaces, dots, dashes or brackets between; it is one when it holds 9 to 15 digits (E.164's
# most). Years and counts ("2010", "12 weeks", "1998-2010") never open with 0, + or 00.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00|\(?0)[\d\s().-]{7,}\d\b")
PHONE_DIGITS = (9, 15)
_STANDARD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message"}


def scrub(text: str) -> str:
    """Replace e-mail addresses, UK phone numbers and UK postcodes with placeholders."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(_phone, text)
    return _POSTCODE.sub("[postcode]", text)


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[phone]" if PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1] else match.group(0)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            (key, value) for key, value in vars(record).items() if key not in _STANDARD_FIELDS
        )
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(log_format: str = "json", level: int = logging.INFO) -> None:
    """Send the root logger's records to stderr, as JSON lines or plain text."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("bm25s", "httpx", "chromadb", "sentence_transformers", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
