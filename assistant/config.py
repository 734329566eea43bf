"""All settings in one typed object, read from COMPACT_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Settings of the assistant; each field is read from `COMPACT_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="COMPACT_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Documents to index.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Where the embedded store lives.")
    glossary_file: Path | None = Field(
        None, description="Acronym glossary (TOML); defaults to glossary.toml in the corpus."
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
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    @field_validator("corpus_dir", "index_dir")
    @classmethod
    def _absolute(cls, path: Path) -> Path:
        return path.expanduser().resolve()

    @property
    def glossary_path(self) -> Path:
        """The glossary file in use."""
        return self.glossary_file or self.corpus_dir / "glossary.toml"

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.index_dir / "chroma"


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, built once per process."""
    return Settings()
