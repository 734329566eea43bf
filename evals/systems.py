"""The systems under evaluation, each answering a question (with its history) as answer JSON."""

from __future__ import annotations

import inspect
import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any, Protocol

from assistant.pipeline import Assistant


class System(Protocol):
    """Something the suite can ask: it answers in the API's JSON shape."""

    name: str
    label: str

    def prepare(self, history: Sequence[str]) -> Any:
        """Set up the conversation a follow-up continues (not timed); the context for `ask`."""
        ...

    def ask(self, question: str, context: Any = None) -> dict[str, Any]:
        """The answer to `question` in the context `prepare` returned."""
        ...


class Baseline(Protocol):
    """A baseline from evals.baselines: one question in, answer JSON out."""

    name: str
    label: str

    def ask(self, question: str) -> dict[str, Any]:
        """The answer JSON."""
        ...


class AssistantSystem:
    """The assistant in this process; follow-ups pass `history` once `Assistant.ask` takes it."""

    name = "assistant"
    label = "Compact assistant"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.takes_history = "history" in inspect.signature(assistant.ask).parameters

    def prepare(self, history: Sequence[str]) -> list[str]:
        """The earlier questions, passed to `Assistant.ask` with the follow-up."""
        return list(history)

    def ask(self, question: str, context: Any = None) -> dict[str, Any]:
        """The assistant's answer as JSON."""
        if context and self.takes_history:
            answer = self.assistant.ask(question, history=context)
        else:
            answer = self.assistant.ask(question)
        return answer.model_dump(mode="json")


class HttpSystem:
    """A running API: POST /v1/ask; history questions go first, in the same conversation."""

    name = "assistant"
    label = "Compact assistant"

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/") + "/v1/ask"
        self.timeout = timeout

    def prepare(self, history: Sequence[str]) -> str | None:
        """Ask the earlier questions in one conversation (the server names it); its id."""
        conversation_id = None
        for earlier in history:
            reply = self._post(earlier, conversation_id)
            conversation_id = reply.get("conversation_id") or conversation_id
        return conversation_id

    def ask(self, question: str, context: Any = None) -> dict[str, Any]:
        """The API's answer as JSON, in conversation `context` if given (HttpError on non-2xx)."""
        return self._post(question, context)

    def _post(self, question: str, conversation_id: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"question": question}
        if conversation_id:
            body["conversation_id"] = conversation_id
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), method="POST",
            headers={"content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply: dict[str, Any] = json.loads(response.read())
                return reply
        except urllib.error.HTTPError as error:
            raise HttpError(error.code, error.read().decode(errors="replace")[:300]) from error


class HttpError(Exception):
    """A non-2xx reply from the API."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body}")
        self.status = status


class Memoryless:
    """A baseline seen as a system: it has no conversation memory, so history is not used."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        self.name = baseline.name
        self.label = baseline.label

    def prepare(self, history: Sequence[str]) -> None:
        """Nothing: a baseline answers the follow-up question alone."""
        return None

    def ask(self, question: str, context: Any = None) -> dict[str, Any]:
        """The baseline's answer to the question alone."""
        return self.baseline.ask(question)
