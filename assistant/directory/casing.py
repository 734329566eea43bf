"""Write the places of a question typed in lower case as names: "is there a local compact in
leeds" becomes "...in Leeds", so that a follow-up to it ("when did it start?") finds Leeds's
Compact as its subject, as it would had the asker used capitals. Only a phrase after a word that
puts something somewhere ("in", "near", "for"...) or asks about it ("what about"), or one between
"the" and "one" or "compact" ("the dudley one"), is read, and only when it is exactly an area of
the list, or a town of the gazetteer or an area its towns lie in."""

from __future__ import annotations

import re

from assistant.directory.lookup import TIME_WORDS, CompactDirectory, place_key
from assistant.directory.places import Gazetteer
from assistant.text import written_as_name

_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|near|for|from|around|outside|covering|about)\s+"
    r"(?P<words>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,3})")
# "the dudley one", "the leeds compact": a place is named between "the" and what it has
_THE_PLACES_ONE = re.compile(
    r"\bthe\s+(?P<words>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,3}?)\s+(?P<tail>ones?|compacts?)\b")
_WORD = re.compile(r"[\w'’-]+")
MAX_PLACE_WORDS = 4  # "kingston upon hull", "kensington and chelsea"
_LINKS = frozenset({"and", "upon", "on", "under", "le", "the", "of"})


def capitalise_places(text: str, directory: CompactDirectory, places: Gazetteer | None) -> str:
    """The text with the places it names in lower case written as names; text with a capital
    letter beyond its first, other than in an acronym ("is the LEP a signatory"), is left as
    written."""
    if any(ch.isupper() for word in _WORD.findall(text[1:]) if not word.isupper()
           for ch in word):
        return text

    def is_place(phrase: str) -> bool:
        words = phrase.split()
        if words[0] in TIME_WORDS or words[-1] in _LINKS:
            return False
        in_gazetteer = places is not None and places.names(phrase)
        return place_key(phrase) in directory.area_keys or in_gazetteer

    def named(match: re.Match[str]) -> str:  # the longest place the words open with
        words = match.group("words").split()
        for size in range(min(len(words), MAX_PLACE_WORDS), 0, -1):
            phrase = " ".join(words[:size])
            if is_place(phrase):
                return _written_as_name(match, phrase)
        return match.group(0)

    def named_whole(match: re.Match[str]) -> str:  # the words, when they are a place whole
        phrase = match.group("words")
        if not is_place(phrase):
            return match.group(0)
        named = _written_as_name(match, phrase)
        tail = match.group("tail")  # "the Sutton Compact" is a name, as "the Dudley one" is not
        return f"{named[:-len(tail)]}{tail.capitalize()}" if tail.startswith("c") else named

    return _THE_PLACES_ONE.sub(named_whole, _AFTER_PREPOSITION.sub(named, text))


def _written_as_name(match: re.Match[str], phrase: str) -> str:
    """The match with `phrase`, which opens its words, written as a name."""
    start = match.start("words") - match.start()
    whole = match.group(0)
    return f"{whole[:start]}{written_as_name(phrase, _LINKS)}{whole[start + len(phrase):]}"
