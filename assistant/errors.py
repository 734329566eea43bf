"""The library's own errors; the API maps them to one JSON shape."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    code = "assistant_error"


class CorpusError(AssistantError):
    """A corpus file that cannot be read or used, named with the reason."""

    code = "corpus_error"

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}" if line is None else f"{self.path}, line {line}"
        super().__init__(f"{where}: {reason}")


class IndexNotBuiltError(AssistantError):
    """No index has been built yet."""

    code = "index_not_built"


class IndexBuildError(AssistantError):
    """Indexing finished with failures; the previous index (if any) still serves."""

    code = "index_build_failed"


class EmptyCorpusError(IndexBuildError):
    """A build would remove every document of a good index: refused unless asked for."""

    code = "empty_corpus"


class CitationError(AssistantError):
    """A citation failed verification against its source document."""

    code = "citation_invalid"


class InvalidQuestionError(AssistantError):
    """The question is empty, too long or otherwise unusable."""

    code = "invalid_question"


class InvalidInputError(AssistantError):
    """Input the store cannot keep (a null character, say): the caller's to correct."""

    code = "invalid_input"


class ConversationNotFoundError(AssistantError):
    """No conversation has this id, or it has expired."""

    code = "conversation_not_found"


class AnswerNotFoundError(AssistantError):
    """No answer was recorded under this id."""

    code = "answer_not_found"


class DatabaseUnavailableError(AssistantError):
    """The conversation and feedback database cannot be reached (down, refusing, locked)."""

    code = "database_unavailable"


class UnsupportedFileError(AssistantError):
    """An uploaded file whose content is not a kind of document the corpus reads."""

    code = "unsupported_file"


class FileTooLargeError(AssistantError):
    """An uploaded file over the upload cap."""

    code = "file_too_large"
