"""Expand acronyms in a question so that "PCC" also searches "Police and Crime Commissioner",
and names written in full so that "National Audit Office" also searches "NAO"."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import CorpusError
from assistant.text import term_set


@dataclass(frozen=True)
class Synonym:
    """An acronym's terms and its name's ("pcc"; "police", "crime", "commissioner")."""

    acronym: frozenset[str]
    name: frozenset[str]


class Glossary:
    """Acronyms and their expansions."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = {key.lower(): value for key, value in terms.items()}
        # each body as a question may write it in full, read once: the acronym as the glossary
        # spells it ("MoU"), patterns for its name and its acronym, its expansion and what it is
        self._bodies = [_Body.of(key, value) for key, value in terms.items()]
        # the names of the bodies it says what they are, in any case, with their acronyms
        self._described = [(re.compile(body.name.pattern, re.IGNORECASE), body.spelled)
                           for body in self._bodies if body.description]
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

    def synonyms(self, text: str) -> list[Synonym]:
        """Each body `text` names, by acronym or in full, as one name said two ways ("PCC",
        "Police and Crime Commissioner"), not as four things asked about."""
        folded = text.lower()
        return [Synonym(term_set(body.spelled), term_set(body.name_text)) for body in self._bodies
                if body.acronym.search(folded) or body.name.search(folded)]

    def expansions(self, text: str) -> list[str]:
        """Expansions of the acronyms found in `text`, then the acronyms of the bodies it names
        in full and what those bodies are, in order, without repeats."""
        if self._pattern is None:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(text):
            expansion = self.terms[match.group(1).lower()]
            if expansion not in found and expansion.lower() not in text.lower():
                found.append(expansion)
        # a body named in full gets what it is too: a "Police and Crime Commissioner" is "a
        # local commissioning body" whether or not the question used the acronym; and its
        # acronym, which the documents may use instead ("the NAO's review")
        folded = text.lower()
        for body in self._bodies:
            if not body.name.search(folded):
                continue
            if not body.acronym.search(folded) and body.spelled not in found:
                found.append(body.spelled)
            if (body.description and body.description.lower() not in folded
                    and body.expansion not in found and body.description not in found):
                found.append(body.description)
        return found

    def abbreviated(self, text: str) -> str:
        """The text with each body it names in full, of those the glossary says what they are,
        named by its acronym instead ("Why should a Police and Crime Commissioner use it?" ->
        "Why should a PCC use it?"): searched so, a question reads the same whichever way it
        names the body, its name and what it is coming from the expansion."""
        for name, acronym in self._described:
            text = name.sub(acronym, text)
        return text

    def expand(self, text: str) -> str:
        """The text with its acronyms' expansions appended."""
        return with_expansions(text, self.expansions(text))


@dataclass(frozen=True)
class _Body:
    """A glossary entry as a question may name it in full."""

    spelled: str  # the acronym as the glossary writes it
    acronym: re.Pattern[str]  # the acronym, lower-cased, as a whole word
    name: re.Pattern[str]  # the name, lower-cased, as whole words
    expansion: str
    description: str  # what the body is ("a local commissioning body"), or ""
    name_text: str  # its name as the glossary writes it ("Police and Crime Commissioner")

    @classmethod
    def of(cls, acronym: str, expansion: str) -> _Body:
        """The entry's parts: "Name, a description" or a name alone, commas and all
        ("voluntary, community and social enterprise sector")."""
        name, _, description = expansion.partition(", ")
        if not description.startswith(("a ", "an ")):  # a comma of the name itself
            name, description = expansion, ""
        return cls(acronym, re.compile(rf"\b{re.escape(acronym.lower())}\b"),
                   re.compile(rf"\b{re.escape(name.lower())}\b"), expansion, description, name)


def with_expansions(text: str, extra: list[str]) -> str:
    """The text with what is searched beside it appended in brackets ("PCC (Police and Crime
    Commissioner)"); the text itself when there is nothing to append."""
    return f"{text} ({'; '.join(extra)})" if extra else text
