"""The directory of local Compacts: look-ups by area, region, level and notes, from the list."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.ingest.compacts import CompactRecord
from assistant.text import capital_initials, terms

# Words that name the kind of authority rather than the place ("Leeds City Council" is Leeds).
_AUTHORITY_WORDS = {
    "council", "city", "borough", "royal", "london", "metropolitan", "district", "county", "of",
    "the", "and", "unitary", "authority", "cc", "mbc", "dc", "bc", "compact", "compacts", "local",
    "wide",  # "Kent-wide", "county-wide"
}
# The counties' usual short forms ("Notts", "Herts"), read as their names
_COUNTY_SHORT_FORMS = {
    "beds": "bedfordshire", "bucks": "buckinghamshire", "cambs": "cambridgeshire",
    "derbys": "derbyshire", "glos": "gloucestershire", "gloucs": "gloucestershire",
    "hants": "hampshire", "herts": "hertfordshire", "lancs": "lancashire",
    "leics": "leicestershire", "lincs": "lincolnshire", "northants": "northamptonshire",
    "notts": "nottinghamshire", "oxon": "oxfordshire", "staffs": "staffordshire",
    "warks": "warwickshire", "wilts": "wiltshire", "worcs": "worcestershire",
}
_GENERIC_WORDS = _AUTHORITY_WORDS | {
    "is", "there", "a", "in", "for", "does", "do", "have", "has", "any", "which", "what", "when",
    "was", "who", "our", "my", "area", "england", "partners", "working", "together", "one", "vcs",
}
# A compass word alone is part of many areas' names ("West" of "North West Leicestershire"), and
# names none ("West Bridgford" is not in Charnwood and North West Leicestershire).
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central"})
# "Nottingham and Nottinghamshire": an area named as two joined covers each of them.
_JOINED_AREAS = re.compile(r"\s+(?:and|&)\s+", re.I)
# Misspelt areas ("Shropshre") are matched by rapidfuzz's ratio (0-100) against names with the
# same first letter. 85 takes one slip in a name of about seven letters or more and no real
# neighbour in the list (Truro is not Thurrock, Over is not Dover: tests/test_directory.py);
# names under five letters are matched exactly, as one edit is already a different place.
FUZZY_MIN_SCORE = 85
FUZZY_MIN_LENGTH = 5

ENGLISH_REGIONS = (
    "East of England", "East Midlands", "London", "North East", "North West", "South East",
    "South West", "West Midlands", "Yorkshire and the Humber",
)
_LEVEL_WORDS = {
    "london borough": "London borough", "county": "county", "counties": "county",
    "district": "district", "unitary": "unitary", "metropolitan": "metropolitan",
    "city": "city", "cities": "city", "borough": "borough",
    "regional": "regional", "whole region": "regional", "region-wide": "regional",
}


# "the Compact that came out in December 2009": a time, not a place
TIME_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter".split())


def fold(text: str) -> str:
    """Lower-case, accents and punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def place_key(text: str) -> str:
    """The place in a name, without authority words and with a county's short form spelled
    out: 'Leeds City Council' -> 'leeds', 'Notts-wide' -> 'nottinghamshire'."""
    return " ".join(_COUNTY_SHORT_FORMS.get(word, word) for word in fold(text).split()
                    if word not in _AUTHORITY_WORDS)


def slugify(text: str) -> str:
    """A stable URL slug."""
    return fold(text).replace(" ", "-")


@dataclass(frozen=True)
class Entry:
    """A record with its slug and the keys it is found by."""

    record: CompactRecord
    slug: str
    keys: tuple[str, ...]
    area_key: str


# Phrases looked up as possible places, remembered per list: questions share most of theirs
# ("local compact", "the council"), and a fuzzy match over every entry is the dearest step of
# routing a question (0.7-1.4 ms of `ask` in the 2026-12-02 bench profile).
AREA_CACHE_SIZE = 8_192


class CompactDirectory:
    """Structured look-ups over the list of local Compacts."""

    def __init__(self, records: list[CompactRecord]) -> None:
        initials = [_initials(record.get("area")) for record in records]
        shared = Counter(initials)
        self.entries = [
            Entry(record, slugify(record.name),
                  _keys(record, initials=own if shared[own] == 1 else ""),
                  place_key(record.get("area")))
            for record, own in zip(records, initials, strict=True)
        ]
        self.area_keys = frozenset(entry.area_key for entry in self.entries)
        # find_area's answers, by place key and whether Compacts' names were searched too
        self._areas: dict[tuple[str, bool], tuple[Entry, ...]] = {}
        named = {e.record.get("region") for e in self.entries if e.record.get("region")}
        self._regions = sorted(named | set(ENGLISH_REGIONS), key=len, reverse=True)
        self._region_keys = frozenset(fold(region) for region in self._regions)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, slug: str) -> Entry | None:
        """The entry with this slug."""
        return next((entry for entry in self.entries if entry.slug == slug), None)

    def find_area(self, area: str, names: bool = True) -> list[Entry]:
        """Entries for an area (or, with `names`, a Compact's name), forgiving case,
        punctuation, authority words and small typos (every phrase of every question is tried,
        so answers are kept, AREA_CACHE_SIZE at most)."""
        wanted = place_key(area)
        if not wanted:
            return []
        found = self._areas.get((wanted, names))
        if found is None:
            if len(self._areas) >= AREA_CACHE_SIZE:
                self._areas.clear()
            found = self._areas[wanted, names] = tuple(self._match_area(wanted, names))
        return list(found)

    def _match_area(self, wanted: str, names: bool) -> list[Entry]:
        def keys(entry: Entry) -> tuple[str, ...]:
            return entry.keys if names else (entry.area_key,)

        exact = [e for e in self.entries if wanted in keys(e)]
        if exact:
            return exact
        partial = [e for e in self.entries if _contains_words(e.area_key, wanted)]
        if partial:
            return partial
        if len(wanted) < FUZZY_MIN_LENGTH:
            return []
        scored = [
            (max(fuzz.ratio(wanted, k) for k in keys(e) if k[0] == wanted[0]), e)
            for e in self.entries if any(k[0] == wanted[0] for k in keys(e))
        ]
        best = max((score for score, _ in scored), default=0)
        return [e for score, e in scored if score >= FUZZY_MIN_SCORE and score == best]

    def covering(self, area: str) -> list[Entry]:
        """Entries whose area is `area`, or joins it with another ("Nottingham and
        Nottinghamshire" covers Nottinghamshire; "North West Leicestershire" does not cover
        Leicestershire)."""
        key = place_key(area)
        return [e for e in self.entries if key in e.keys or key in {
            place_key(part) for part in _JOINED_AREAS.split(e.record.get("area"))}]

    def noting(self, place: str) -> list[Entry]:
        """Entries whose notes name `place`, a word or phrase as it is written ("Rushcliffe
        Borough Council's cabinet adopted it")."""
        named = re.compile(rf"(?<![\w-]){re.escape(place)}(?![\w-])")
        return [e for e in self.entries if named.search(e.record.get("notes"))]

    def find_region(self, region: str) -> list[Entry]:
        """Entries in a region ('East of England')."""
        return [e for e in self.entries if fold(e.record.get("region")) == fold(region)]

    def find_level(self, level: str) -> list[Entry]:
        """Entries whose level mentions `level` ('county', 'London borough') as words of its
        own: a 'sub-regional' Compact is not a regional one."""
        wanted = re.compile(rf"(?<!sub )\b{re.escape(fold(level))}\b")
        return [e for e in self.entries if wanted.search(fold(e.record.get("level")))]

    def search(self, query: str, limit: int = 5) -> list[Entry]:
        """Free text over names and notes, best first (entries sharing no term are left out)."""
        wanted = set(terms(query)) - set(terms("compact local"))
        scored = []
        for entry in self.entries:
            text = " ".join(entry.record.get(c) for c in ("name", "area", "notes"))
            shared = wanted & set(terms(text))
            if shared:
                scored.append((len(shared), entry))
        scored.sort(key=lambda pair: -pair[0])
        return [entry for _, entry in scored[:limit]]

    def filter(
        self, area: str | None = None, region: str | None = None,
        level: str | None = None, q: str | None = None,
    ) -> list[Entry]:
        """Entries matching every filter given (all entries when none is)."""
        found = self.entries
        if area:
            found = [e for e in self.find_area(area) if e in found]
        if region:
            found = [e for e in self.find_region(region) if e in found]
        if level:
            found = [e for e in self.find_level(level) if e in found]
        if q:
            found = [e for e in self.search(q, limit=len(self.entries)) if e in found]
        return found

    def mentioned_area(self, question: str) -> tuple[str, list[Entry]] | None:
        """The area a question names and its entries, trying longer phrases first.

        Places are proper nouns: in a question written with capitals, a phrase counts only when
        it opens with a capitalised word ("Reading", not "reading"). In one typed all in lower
        case, only the area column is matched, never the words of a Compact's name ("the deal",
        "working together"), which are often ordinary words. A phrase naming an area or a
        Compact whole comes before one found only within an area's name or by a near spelling
        ("Tower Hamlets" before "East London", whose "East" is part of "East Sussex"), unless
        it is a part of that phrase ("Leicestershire" of "North West Leicestershire").
        """
        words = fold(question).split()
        capitalised = {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z0-9]*", question)}
        lower_case = not any(ch.isupper() for ch in question[1:])
        regions = self._region_spans(words)
        # the first phrase found only by part or spelling, with where it is in the question
        partial: tuple[range, tuple[str, list[Entry]]] | None = None
        for size in (4, 3, 2, 1):
            for start in range(len(words) - size + 1):
                span = range(start, start + size)
                phrase = words[start : start + size]
                if not lower_case and phrase[0] not in capitalised:
                    continue
                entries = self._phrase_entries(phrase, span, regions, names=not lower_case)
                if not entries:
                    continue
                if partial and set(span) & set(partial[0]):
                    return partial[1]  # "Leicestershire" of "North West Leicestershire"
                candidate = " ".join(phrase)
                if any(place_key(candidate) in e.keys for e in entries):
                    return candidate, entries
                partial = partial or (span, (candidate, entries))
        return partial[1] if partial else None

    def _phrase_entries(self, phrase: list[str], span: range,
                        regions: list[tuple[int, int]], names: bool) -> list[Entry]:
        """The entries a phrase of a question (its words, at `span`) may name as a place."""
        start, end = span.start, span.stop
        if any(first <= start and end <= last and len(span) < last - first
               for first, last in regions):
            return []  # "East" of "the East Midlands" is not East Sussex
        if all(w in _GENERIC_WORDS for w in phrase) or phrase[0] in _GENERIC_WORDS:
            return []
        if len(phrase) == 1 and phrase[0] in _COMPASS_WORDS:
            return []
        place = place_key(" ".join(phrase))
        if len(place) < 4:  # "on local compacts" is "on": no place
            return []
        entries = self.find_area(" ".join(phrase), names=names)
        if place in self._region_keys:  # a region, not part of an area's name
            return [e for e in entries if place in e.keys]
        if any(start < last and first < end for first, last in regions):
            # a phrase running into a region ("North East region") names an area only word for
            # word ("North West Leicestershire"), never by a near spelling ("North West
            # Regional")
            return [e for e in entries if place in e.keys or _contains_words(e.area_key, place)]
        return entries

    def _region_spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Where regions are named in `words`: (first, end) word positions."""
        spans = []
        for key in self._region_keys:
            region = key.split()
            for start in range(len(words) - len(region) + 1):
                if words[start : start + len(region)] == region:
                    spans.append((start, start + len(region)))
        return spans

    def regions(self) -> list[str]:
        """Regions known to the list and to England's standard regions, longest first."""
        return list(self._regions)


def _keys(record: CompactRecord, initials: str) -> tuple[str, ...]:
    """The area, the name stripped of authority words and any "(subtitle)", and the area's
    `initials` ("rbkc"; "" when another area has the same: "lbh" is Hackney, Harrow...)."""
    name = " ".join(
        word for word in fold(re.sub(r"\(.*?\)", " ", record.name)).split()
        if word not in _GENERIC_WORDS
    )
    keys = {place_key(record.get("area")), name, initials}
    return tuple(sorted(key for key in keys if key))


# An area of this many capitalised words or more is also known by their initials: "RBKC" for
# the Royal Borough of Kensington and Chelsea (two initials name too many things)
INITIALLED_WORDS = 3


def _initials(area: str) -> str:
    """The initials of an area's capitalised words ("rbkc"), or "" for a shorter name."""
    initials, words = capital_initials(area)
    return initials if words >= INITIALLED_WORDS else ""


def short_forms_named(texts: Iterable[str]) -> list[str]:
    """The counties' short forms ("Herts") whose counties the texts name: names a corpus uses,
    though in full."""
    folded = " ".join(texts).lower()
    return [short for short, county in _COUNTY_SHORT_FORMS.items() if county in folded]


def found_by_spelling(phrase: str, entries: list[Entry]) -> bool:
    """True when `phrase` found the entries only by a near spelling ("Shropshre"): no entry is
    known by it, whole or as words of its area's name."""
    key = place_key(phrase)
    return not any(key in entry.keys or _contains_words(entry.area_key, key) for entry in entries)


def _contains_words(key: str, wanted: str) -> bool:
    """'kensington' is in 'kensington chelsea'; 'leeds' is not in 'leedsfield'."""
    return f" {wanted} " in f" {key} "


def level_in(question: str) -> str | None:
    """The level a question asks about ('Which London boroughs...'), if any."""
    folded = fold(question)
    for words, level in _LEVEL_WORDS.items():
        # "the county council" is one authority, not a level; "which county councils" may be
        if re.search(rf"\b{words}s?\b(?!\s+council\b)", folded):
            return level
    return None
