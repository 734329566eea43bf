"""What a reader is shown about a document: its title, publisher, public link and date.

Kept in a sidecar, `corpus/sources.toml`, keyed by file name, so that PDFs and Word files staff
cannot edit have it too. The file is re-read when it changes: no re-indexing is needed.

    ["compact-voice-helping-commissioners.txt"]
    title = "The Compact: Helping you work with the voluntary ... sector"
    publisher = "Compact Voice"
    url = "http://www.compactvoice.org.uk/"
    published = "2013"          # a year, a year and month ("2013-10") or a date ("2013-10-01")
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from assistant.errors import CorpusError

log = logging.getLogger(__name__)

_PUBLISHED = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class SourceInfo:
    """A document's public details; any of them may be unknown."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # "2013", "2013-10" or "2013-10-01"

    @property
    def year(self) -> int | None:
        """The year it was published (or last checked), if known."""
        return int(self.published[:4]) if self.published else None

    def older_than(self, years: int, today: date) -> bool:
        """Published more than `years` years before `today`."""
        return self.year is not None and today.year - self.year > years


class SourceCatalogue:
    """Each document's `SourceInfo`, by file name (the document id)."""

    def __init__(self, entries: dict[str, SourceInfo] | None = None) -> None:
        self._entries = entries or {}

    def get(self, doc_id: str) -> SourceInfo:
        """The document's details; empty when the catalogue does not list it."""
        return self._entries.get(doc_id, SourceInfo())

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def load(cls, path: Path) -> SourceCatalogue:
        """Read the sidecar; a missing file is an empty catalogue, a malformed one an error that
        names the file, the entry and what is wrong."""
        if not path.exists():
            return cls()
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CorpusError(path, f"is not valid TOML ({exc})") from exc
        return cls({name: _entry(path, name, values) for name, values in raw.items()})


def _entry(path: Path, name: str, values: object) -> SourceInfo:
    if not isinstance(values, dict):
        raise CorpusError(path, f"[{name!r}] should be a table of title, publisher, url, published")
    known = {f.name for f in fields(SourceInfo)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise CorpusError(path, f"[{name!r}] has unknown keys {unknown}; known: {sorted(known)}")
    if not all(isinstance(v, str) for v in values.values()):
        raise CorpusError(path, f"[{name!r}] values should be strings (quote dates too)")
    url, published = values.get("url"), values.get("published")
    if url is not None and not _URL.match(url):
        raise CorpusError(path, f"[{name!r}] url should start with http:// or https://: {url!r}")
    if published is not None and not _PUBLISHED.match(published):
        raise CorpusError(
            path, f"[{name!r}] published should be YYYY, YYYY-MM or YYYY-MM-DD: {published!r}")
    return SourceInfo(**values)


class SourcesFile:
    """The sidecar, read again whenever it changes on disk. It is read once on creation, so a
    malformed file stops the service from starting; a file broken later is logged and the last
    good catalogue kept, so answers go on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = self._stamp_now()
        self._catalogue = SourceCatalogue.load(path)

    def current(self) -> SourceCatalogue:
        """The catalogue as the file now says (empty if there is no file)."""
        stamp = self._stamp_now()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._catalogue = SourceCatalogue.load(self.path)
            except CorpusError as exc:
                log.warning("sources file not reloaded, the last good one is kept: %s", exc)
        return self._catalogue

    def _stamp_now(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_size
