"""An optional answerer where an LLM writes the answer and code checks every citation.

Each sentence of the model's reply is checked by `grounding.check_sentence`; a sentence that
fails is dropped.

The answer stands when at least one sentence, and at least `min_kept` of them, survive; the
surviving sentences' markers are renumbered 1..m over the passages they cite, so the usual citation
verification applies. Otherwise, or when the model errors, times out or says the passages do not
answer, the fallback (extractive) answer is returned as "extractive-fallback" with the reason.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.answer import prompts
from assistant.answer.extractive import Answerer
from assistant.answer.grounding import (
    Verdict,
    check_sentence,
    passage_support,
    split_sentences,
)
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.schemas import Draft, Passage
from assistant.text import CITATION_MARKER, normalise

log = logging.getLogger(__name__)

FALLBACK = "extractive-fallback"
History = Sequence[str | tuple[str, str]]
"""Earlier turns of a conversation, oldest first: questions, or (question, answer) pairs."""

_DONE = object()


class LLMConfigError(AssistantError):
    """The LLM settings cannot be turned into a chat model."""

    code = "llm_config_error"


class LLMAnswerer:
    """Lets a chat model write the answer from the passages, then keeps only checked sentences."""

    def __init__(
        self,
        model: BaseChatModel,
        fallback: Answerer,
        name: str = "llm",
        timeout: float = 20.0,
        max_sentences: int = 4,
        max_turns: int = 3,
        max_chars: int = 3000,
        min_each: float = 0.34,
        min_cover: float = 0.6,
        min_kept: float = 0.5,
    ) -> None:
        self.model = model
        self.fallback = fallback
        self.name = f"llm:{name}"
        self.timeout = timeout
        self.max_sentences = max_sentences
        self.max_turns = max_turns
        self.max_chars = max_chars
        self.min_each, self.min_cover, self.min_kept = min_each, min_cover, min_kept

    def answer(self, question: str, passages: list[Passage], history: History = ()) -> Draft:
        """The model's checked answer, or the fallback's with the reason."""
        reply = self.stream(question, passages, history)
        for _ in reply:
            pass
        return reply.draft

    def stream(self, question: str, passages: list[Passage], history: History = ()) -> LLMReply:
        """The model's tokens as they come; the reply's `draft` is the checked answer."""
        return LLMReply(self, question, passages, self.messages(question, passages, history))

    def messages(
        self, question: str, passages: list[Passage], history: History
    ) -> list[BaseMessage]:
        """System prompt, the last few turns (bounded, markers removed), passages and question."""
        found: list[BaseMessage] = [SystemMessage(prompts.system_prompt(self.max_sentences))]
        for turn in list(history)[-self.max_turns :] if self.max_turns else []:
            asked, answered = (turn, "") if isinstance(turn, str) else turn
            found.append(HumanMessage(asked[:500]))
            if answered:  # old markers would point at passages the model no longer sees
                found.append(AIMessage(" ".join(CITATION_MARKER.sub("", answered).split())[:800]))
        found.append(HumanMessage(prompts.question_prompt(question, passages)))
        return found

    def finish(self, question: str, passages: list[Passage], text: str) -> Draft:
        """Check a complete reply: the surviving sentences renumbered, or the fallback."""
        if normalise(prompts.NO_ANSWER) in normalise(text) and not CITATION_MARKER.search(text):
            return self.fall_back(question, passages, "the model said the passages do not answer")
        support = [passage_support(p) for p in passages]
        verdicts = [
            check_sentence(s, support, self.min_each, self.min_cover) for s in split_sentences(text)
        ]
        kept = [v for v in verdicts if v.problem is None]
        dropped = [f"sentence {i}: {v.problem}" for i, v in enumerate(verdicts, 1) if v.problem]
        for verdict in verdicts:
            if verdict.problem:
                log.info("dropped %r: %s", verdict.sentence, verdict.problem)
        if not kept or len(kept) < self.min_kept * len(verdicts):
            reason = f"{len(kept)} of {len(verdicts)} generated sentences passed the checks"
            return self.fall_back(question, passages, "; ".join([reason, *dropped]))
        note = f"dropped {len(dropped)} of {len(verdicts)} sentences ({'; '.join(dropped)})"
        return _renumber(kept, passages, self.name, note if dropped else None)

    def fall_back(self, question: str, passages: list[Passage], reason: str) -> Draft:
        """The fallback answerer's draft, labelled as a fallback with `reason`."""
        log.warning("LLM answer not used: %s", reason)
        draft = self.fallback.answer(question, passages)
        return replace(draft, answerer=FALLBACK, answerer_note=reason)


def _renumber(
    kept: list[Verdict], passages: list[Passage], name: str, note: str | None
) -> Draft:
    numbers: dict[int, int] = {}
    for verdict in kept:
        for n in verdict.cited:
            numbers.setdefault(n, len(numbers) + 1)
    text = " ".join(
        CITATION_MARKER.sub(lambda m: f"[{numbers[int(m.group(1))]}]", v.sentence).strip()
        for v in kept
    )
    cited = [passages[n - 1] for n in numbers]
    return Draft(text, cited, name, answerer_note=note)


class LLMReply:
    """One streamed reply: iterate for text deltas (within the timeout), then read `draft`."""

    def __init__(
        self,
        answerer: LLMAnswerer,
        question: str,
        passages: list[Passage],
        messages: list[BaseMessage],
    ) -> None:
        self._answerer = answerer
        self._question = question
        self._passages = passages
        self._messages = messages
        self._draft: Draft | None = None
        self._iterator: Iterator[str] | None = None

    def __iter__(self) -> Iterator[str]:
        if self._iterator is None:
            self._iterator = self._deltas()
        return self._iterator

    @property
    def draft(self) -> Draft:
        """The checked answer (reading whatever of the reply has not been read yet)."""
        for _ in self:
            pass
        if self._draft is None:  # the consumer closed the stream early
            self._draft = self._fail("the stream was closed before the reply ended")
        return self._draft

    def _deltas(self) -> Iterator[str]:
        timeout = self._answerer.timeout
        deadline = time.monotonic() + timeout
        out: queue.Queue[Any] = queue.Queue()
        stop = threading.Event()
        worker = threading.Thread(
            target=_produce, args=(self._answerer.model, self._messages, out, stop), daemon=True
        )
        worker.start()
        parts: list[str] = []
        size = 0
        try:
            while True:
                try:
                    item = out.get(timeout=max(deadline - time.monotonic(), 0.0))
                except queue.Empty:
                    self._draft = self._fail(f"the model did not answer within {timeout:g} s")
                    return
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    self._draft = self._fail(f"the model failed: {_describe(item)}")
                    return
                parts.append(item)
                size += len(item)
                if size > self._answerer.max_chars:
                    limit = self._answerer.max_chars
                    self._draft = self._fail(f"the reply ran past {limit} characters")
                    return
                yield item
            self._draft = self._answerer.finish(self._question, self._passages, "".join(parts))
        finally:
            stop.set()

    def _fail(self, reason: str) -> Draft:
        return self._answerer.fall_back(self._question, self._passages, reason)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _produce(
    model: BaseChatModel, messages: list[BaseMessage], out: queue.Queue[Any], stop: threading.Event
) -> None:
    """Run in a worker thread so that the reader can give up at its deadline."""
    try:
        for chunk in model.stream(messages):
            if stop.is_set():
                return
            if chunk.text:
                out.put(chunk.text)
        out.put(_DONE)
    except Exception as error:  # any provider error means: fall back
        out.put(error)


def build_chat_model(
    spec: str, base_url: str | None, api_key: str | None, timeout: float
) -> BaseChatModel:
    """A langchain chat model for `provider:model`, via `init_chat_model`."""
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as error:  # the `llm` extra is optional
        raise LLMConfigError(
            "COMPACT_LLM is set but langchain is not installed: "
            "pip install 'compact-assistant[llm]'"
        ) from error
    provider = spec.split(":", 1)[0]
    kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    if provider == "ollama":
        kwargs["client_kwargs"] = {"timeout": timeout}
        if api_key:
            kwargs["client_kwargs"]["headers"] = {"Authorization": f"Bearer {api_key}"}
    else:
        kwargs.update(timeout=timeout, max_retries=1)
        if api_key:
            kwargs["api_key"] = api_key
    try:
        model = init_chat_model(spec, **kwargs)
    except (ImportError, ValueError) as error:
        raise LLMConfigError(f"COMPACT_LLM={spec!r}: {error}") from error
    assert isinstance(model, BaseChatModel)
    return model


def build_llm_answerer(settings: Settings, fallback: Answerer) -> LLMAnswerer:
    """The LLM answerer the settings describe, falling back to `fallback`."""
    if not settings.llm:
        raise LLMConfigError("COMPACT_LLM is not set")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    model = build_chat_model(settings.llm, settings.llm_base_url, key, settings.llm_timeout)
    return LLMAnswerer(
        model,
        fallback,
        name=settings.llm,
        timeout=settings.llm_timeout,
        max_sentences=settings.max_answer_sentences,
    )
