"""Expand acronyms in a question so that "PCC" also searches "Police and Crime Commissioner"."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from assistant.errors import CorpusError


class Glossary:
    """Acronyms and their expansions."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = {key.lower(): value for key, value in terms.items()}
        alternatives = "|".join(sorted((re.escape(k) for k in self.terms), key=len, reverse=True))
        pattern = rf"\b({alternatives})(?:'?s)?\b"
        self._pattern = re.compile(pattern, re.IGNORECASE) if terms else None

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """Read `[terms]` from a TOML file; a missing file is an empty glossary."""
        if not path.exists():
            return cls({})
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CorpusError(path, f"glossary is not valid TOML ({exc})") from exc
        return cls({str(k): str(v) for k, v in data.get("terms", {}).items()})

    def expansions(self, text: str) -> list[str]:
        """Expansions of the acronyms found in `text`, then what the bodies it names in full
        are, in order, without repeats."""
        if self._pattern is None:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(text):
            expansion = self.terms[match.group(1).lower()]
            if expansion not in found and expansion.lower() not in text.lower():
                found.append(expansion)
        # a body named in full gets what it is too: a "Police and Crime Commissioner" is "a
        # local commissioning body" whether or not the question used the acronym
        folded = text.lower()
        for expansion in self.terms.values():
            name, description = _name_and_description(expansion)
            if (description and name.lower() in folded
                    and description.lower() not in folded
                    and expansion not in found and description not in found):
                found.append(description)
        return found

    def concepts(self, text: str) -> list[tuple[str, ...]]:
        """Each body `text` names, by its acronym or in full, as the ways of saying it: the
        acronym, the name and what the body is ("PCC", "Police and Crime Commissioner", "a
        local commissioning body"). A passage that says any one of them speaks of the body."""
        if self._pattern is None:
            return []
        folded = text.lower()
        found: list[tuple[str, ...]] = []
        for acronym, expansion in self.terms.items():
            name, description = _name_and_description(expansion)
            named = re.search(rf"\b{re.escape(acronym)}(?:'?s)?\b", folded) or (
                name.lower() in folded)
            if named:
                found.append(tuple(x for x in (acronym, name, description) if x))
        return found

    def expand(self, text: str) -> str:
        """The text with its acronyms' expansions appended."""
        extra = self.expansions(text)
        return f"{text} ({'; '.join(extra)})" if extra else text


def _name_and_description(expansion: str) -> tuple[str, str | None]:
    """("Police and Crime Commissioner", "a local commissioning body") from an expansion that
    says what the body is after a comma; (the whole expansion, None) from one that does not
    ("voluntary, community and social enterprise sector")."""
    name, _, description = expansion.partition(", ")
    if description.startswith(("a ", "an ")):
        return name, description
    return expansion, None
