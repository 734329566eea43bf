"""All settings in one typed object, read from COMPACT_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Settings of the assistant; each field is read from `COMPACT_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="COMPACT_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Documents to index.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Where the embedded store lives.")
    glossary_file: Path | None = Field(
        None, description="Acronym glossary (TOML); defaults to glossary.toml in the corpus."
    )
    sources_file: Path | None = Field(
        None, description="Documents' titles, publishers, links and dates (TOML); defaults to "
        "sources.toml in the corpus."
    )
    stale_after_years: int = Field(
        5, ge=0, le=100, description="Citations of documents older than this say how old."
    )
    top_k: int = Field(5, ge=1, le=20, description="Passages retrieved per question.")
    max_answer_sentences: int = Field(4, ge=1, le=8, description="Sentences in an answer.")
    not_found_threshold: float = Field(
        0.42, ge=0.0, le=1.0, description="Below this support score the answer is not_found."
    )
    out_of_scope_threshold: float = Field(
        0.40, ge=0.0, le=1.0, description="Below this, with no Compact terms, out_of_scope."
    )
    embedding_batch_size: int = Field(32, ge=1, le=1024)
    max_file_mb: float = Field(50.0, gt=0, description="Larger corpus files are refused.")
    collection_prefix: str = Field("compact", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}$")
    chroma_url: str | None = Field(
        None,
        pattern=r"^https?://[^\s/:]+(:\d+)?/?$",
        description="A Chroma server (http://host:port) instead of the embedded store.",
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    llm: str | None = Field(
        None,
        pattern=r"^[a-z][a-z0-9_-]*:\S+$",
        description="provider:model of an optional LLM answerer, e.g. openai:gpt-4o-mini.",
    )
    llm_base_url: str | None = Field(None, description="Endpoint of the LLM provider.")
    llm_api_key: SecretStr | None = Field(None, description="API key of the LLM provider.")
    llm_timeout: float = Field(20.0, gt=0, le=600, description="Seconds before falling back.")
    database_url: str = Field(
        "", description="SQLAlchemy URL of the conversation store; default SQLite in the index dir."
    )
    max_conversation_turns: int = Field(
        20, ge=1, le=1000, description="Turns kept per conversation (older ones are dropped)."
    )
    conversation_ttl_hours: float = Field(
        24.0, gt=0, le=24 * 365, description="A conversation expires this long after its last turn."
    )
    retention_days: int = Field(
        365, ge=1, le=36500,
        description="Recorded answers and their ratings older than this are deleted by "
        "`compact-assistant purge`.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser."
    )
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Keys accepted on /v1 routes; none set: open API."
    )
    admin_key: SecretStr | None = Field(
        None, description="Key for /v1/admin routes; the routes are absent when unset."
    )
    rate_limit: str | None = Field(
        None, description="Per key or client address, e.g. '30/minute'; unset: no limit."
    )
    max_body_bytes: int = Field(65536, ge=1024, le=10_000_000, description="Request body cap.")
    log_format: str = Field("json", pattern="^(json|text)$", description="Log lines as JSON.")
    # Slack's own variable names, without the COMPACT_ prefix (the field name works too).
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret"),
        description="Checks Slack's requests; the /slack routes are absent when unset.",
    )
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token"),
        description="Bot token (xoxb-...) for answering events with chat.postMessage.",
    )
    slack_api_url: str = Field(
        "https://slack.com/api/", pattern=r"^https?://\S+$",
        validation_alias=AliasChoices("SLACK_API_URL", "slack_api_url"),
        description="Base URL of Slack's Web API.",
    )

    @field_validator(
        "llm", "llm_base_url", "llm_api_key", "admin_key", "rate_limit", "slack_signing_secret",
        "slack_bot_token", mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("corpus_dir", "index_dir")
    @classmethod
    def _absolute(cls, path: Path) -> Path:
        return path.expanduser().resolve()

    @field_validator("cors_origins", "api_keys", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("rate_limit")
    @classmethod
    def _valid_rate(cls, value: str | None) -> str | None:
        if value is not None:
            from limits import parse

            parse(value)  # raises ValueError on nonsense such as "lots"
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, url: str) -> str:
        return url if url.endswith("/") else f"{url}/"

    @model_validator(mode="after")
    def _slack_token_needs_secret(self) -> Settings:
        if self.slack_bot_token is not None and self.slack_signing_secret is None:
            raise ValueError("SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET")
        return self

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url.strip():
            self.database_url = f"sqlite:///{self.index_dir / 'assistant.db'}"
        return self

    @property
    def glossary_path(self) -> Path:
        """The glossary file in use."""
        return self.glossary_file or self.corpus_dir / "glossary.toml"

    @property
    def sources_path(self) -> Path:
        """The sources sidecar in use."""
        return self.sources_file or self.corpus_dir / "sources.toml"

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.index_dir / "chroma"


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, built once per process."""
    return Settings()
