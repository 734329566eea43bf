"""Answer questions about the list of local Compacts from the directory, citing the rows.

"Is there a local Compact in Shropshire?" is a table look-up, not a similarity search: a
near-miss row must not pass for the right one, and an area missing from the list must be said
to be missing from the list (which is partial), never to have no Compact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol, TypeVar

from assistant.directory.lookup import (
    TIME_WORDS,
    CompactDirectory,
    Entry,
    fold,
    found_by_spelling,
    level_in,
    place_key,
)
from assistant.directory.places import Gazetteer
from assistant.ingest.compacts import rendered_fields, row_terms, rows_alone
from assistant.schemas import Draft, Outcome, Passage, Status
from assistant.search.questions import (
    ASKING_ONLY_TERMS,
    asking_sentence,
    without_links,
    years,
)
from assistant.text import sentence_spans, term_set, without_possessive

FULL_LIST = "www.compactvoice.org.uk/compacts-map"
_ABOUT_COMPACTS = re.compile(r"\bcompacts?\b", re.IGNORECASE)
_ASKS_FOR_LIST = re.compile(r"\b(which|what|list|any|are there|how many)\b", re.IGNORECASE)
# A listing by level asks for Compacts or the level itself within a few words of the asking
# word ("which district Compacts", "how many are at county level"), not "what applies in our
# district in the meantime"
_ASKS_FOR_LEVEL = re.compile(
    r"\b(?:which|what|list|any|are there|how many)\b[^?.!]{0,30}?\b(?:compacts?|boroughs?|"
    r"districts?|count(?:y|ies)|cit(?:y|ies)|unitar(?:y|ies)|metropolitan|regional|levels?)\b",
    re.IGNORECASE)
# Compacts inside an area asked for: several ("which Compacts are there in Kent?", "any others
# apart from the county one?", not "something else", which may be what replaced it) or one of
# its districts ("a Kent district Compact")
_ASKS_FOR_OTHERS = re.compile(r"\b(?:others?|any\s+more|apart\s+from|besides)\b", re.I)
_ASKS_WITHIN = re.compile(
    rf"\bcompacts\b|\b(?:all|as\s+well|districts?|boroughs?)\b|{_ASKS_FOR_OTHERS.pattern}", re.I)
# "Is there a Compact in the East Midlands?" asks for a region's rows, as "which" does (a level
# is different: "is there anyone in the districts I cover" is not asking for a listing)
_ASKS_FOR_REGION = re.compile(rf"{_ASKS_FOR_LIST.pattern}|\bis there\b", re.IGNORECASE)
# "that region", "our area", "up there", "that way": the sentence that asks points back to a
# region its context names
_REGION_REFERRED_TO = re.compile(
    r"\b(?:that|this|the same|our|my)\s+(?:region|area)\b|"
    r"\b(?:up|down|over|out|round|around)\s+(?:there|that\s+way|those\s+parts)\b", re.I)
# ...the nearest "Compact" before it, and not where that begins a name of something else ("won
# the National Compact Award for Partnerships", "Compact Voice")
_PLACE_AFTER = re.compile(  # in the sentence that names the Compact
    r"\b(?i:compacts?)\b(?!\s+[A-Z])(?:(?!\b(?i:compacts?)\b)[^?.!])*?"
    r"\b(?P<preposition>in|for|covering|around|near)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:of|upon|on|under|[A-Z][\w'’-]+))*)"
)
_PLACE_BEFORE = re.compile(  # "the Norfolk Compact", "Is there a Norfolk Compact?"
    r"\b(?i:the|an?|does|do|has|is)\s+(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*?)(?:'s|’s)?\s+"
    r"(?:local\s+)?(?:(?i:compact)\b|have\b|has\b|got\b)"
)
_ASKS_FOR_CONTACT = re.compile(
    r"\b(contacts?|phone|telephone|e-?mail|lead (person|officer)|"
    r"who (do|should) (i|we) (talk|speak))",
    re.IGNORECASE,
)
# "Which Compact on the list is the newest?", "the oldest local Compact", "which one was agreed
# most recently": the list ordered by date, not a look-up. The superlative comes just before
# "Compact", or after "which one"/"which Compact" in the same sentence.
_NEWEST = r"most\s+recent(?:ly)?|newest|latest|most\s+up[- ]to[- ]date"
_OLDEST = r"oldest|earliest|longest[- ]running|longest[- ]standing"
_BY_DATE = re.compile(
    rf"\b(?:which|what)\b[^?.!]*?\b(?P<a>{_NEWEST}|{_OLDEST})\s+(?:\w+\s+){{0,2}}?compacts?\b"
    rf"|\bwhich\s+(?:one|(?:\w+\s+){{0,2}}?compacts?)\b[^?.!]{{0,60}}?\b(?P<b>{_NEWEST}|{_OLDEST})\b",
    re.IGNORECASE)
# The sentence that asks refers to a local Compact ("our Compact", "the county's local Compact",
# "a Compact for us", "is there one"), so an area named only in the context before it is the one
# asked about; otherwise that area is just where the asker is ("We're in Shropshire. What does
# the Compact say about funding cuts?" asks what the Compact says).
_ASKS_OF_LOCAL = re.compile(
    r"\b(?:local|our|my|their|its|this|that|(?:county|borough|city|district|area|council)"
    r"(?:'s|’s)?)\s+(?:[\w-]+\s+)?compacts?\b"
    r"|\bcompacts?\s+(?:for|in|covering|round|around|near)\s+(?:us|our|my|the|this|that|here)\b"
    r"|\b(?:is|are)\s+there\s+(?:a|one|any)\b|\b(?:round|around|near|over|up|down)\s+here\b"
    r"|\b(?:it|its|there)\b",  # "How do we sign up to the Compact there?"
    re.IGNORECASE)
# The United Kingdom's other nations: the list is of England's local Compacts
_OTHER_NATION = re.compile(r"\b(?:wales|scotland|northern\s+ireland)\b", re.I)
# A name of capitalised words, linked by "and", "of" or "for" ("Kent Fire and Rescue")
_CAPITALISED_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:and|of|for)\s+)?[A-Z][\w'’-]*)+")
_CONTACT_COLUMNS = ("public_sector_lead", "public_sector_contact", "vcs_lead", "vcs_contact")
_NOT_PLACES = {"there", "the", "a", "england", "compact", "local", "national", "this", "it", "your",
               "my"}

RowPassage = Callable[[Entry], Passage | None]
Found = TypeVar("Found")
# A listing is narrowed to the rows that hold at least this many of the question's other words:
# one shared word ("won") is too weak a reason to leave rows out.
NARROWING_TERMS = 2
QUOTED_ROWS = 3  # a listing of this many rows or fewer quotes them in full
_LIST_WORDS = term_set("local compacts list area region level borough county city district "
                       "council unitary metropolitan")


class ListLookup(Protocol):
    """Answers questions about a list from the list itself; None for other questions."""

    def lookup(self, question: str) -> Outcome | None:
        """An answer citing rows, an honest not-in-the-list answer, or None."""
        ...


class ListAnswerer:
    """Routes questions about the list to the directory; None means 'not a list question'."""

    name = "directory"

    def __init__(self, directory: CompactDirectory, row_passage: RowPassage,
                 known: frozenset[str] = frozenset(), places: Gazetteer | None = None) -> None:
        self.directory = directory
        self.row_passage = row_passage
        self.known = known  # names explained elsewhere (the glossary's "Whitehall"): no places
        self.places = places  # towns and the areas they lie in

    def lookup(self, question: str) -> Outcome | None:
        """Answered with rows cited, not_found with the honest message, or None."""
        found = self._answer(question)
        if found is None:
            return None
        if isinstance(found, str):
            return Outcome(Status.not_found, message=found)
        return Outcome(Status.answered, draft=found)

    def _answer(self, question: str) -> Draft | str | None:
        """A cited Draft, a not-in-the-list message, or None for other questions."""
        if not self.directory or not _ABOUT_COMPACTS.search(question):
            return None
        nation = _OTHER_NATION.search(_asking_part(question))
        if nation:
            return outside_england_message(nation.group(0), len(self.directory))
        # a place in the context ("I'm writing about the South West...") is where the asker
        # looks from, not a listing asked for: only the sentence that asks is read for a region
        # or a level
        asking = asking_sentence(question) or question
        # ...unless the asking sentence points back to it ("Which Compacts in that region?")
        region = self._region_in(question if _REGION_REFERRED_TO.search(asking) else asking)
        mentioned = self._asked_about(question, self.directory.mentioned_area)
        if mentioned and self._another_place(*mentioned):
            mentioned = None  # "Herefordshire" is a county of its own, not Hertfordshire mistyped
        if mentioned:
            mentioned = self._named_within(question, mentioned[0]) or mentioned
        if region and mentioned and _area_holds_region(question, mentioned, region):
            region = None  # "North West Leicestershire" is an area, not the North West
        level = level_in(asking)  # "Our district is reviewing..." is where the asker sits
        listing_level = level if level and _ASKS_FOR_LEVEL.search(asking) else None
        at_level = self.directory.find_level(listing_level) if listing_level else []
        if (mentioned and at_level and not any(e in at_level for e in mentioned[1])
                and self._picks_out(question, at_level)):
            # a Compact at one level asked for, an area at another named, and the question's
            # other words find it: "Which district Compact was commended for its work with Kent
            # Fire and Rescue?" is not Kent's (but "Which county Compact covers Dover?" is asked
            # of Dover)
            mentioned = None
        dated = _BY_DATE.search(question)  # in a follow-up, the sentence asking comes first
        if dated and not mentioned:
            scope, where = ((self.directory.find_region(region), _in_region(region)) if region
                            else (self.directory.find_level(level), f"at {level} level") if level
                            else (self.directory.entries, "on this list"))
            return self._by_date(scope, where, newest=not re.fullmatch(
                _OLDEST, dated.group("a") or dated.group("b"), re.IGNORECASE))
        if region and (_ASKS_FOR_REGION.search(question) or _compacts_in(region, asking)):
            entries = self.directory.find_region(region)
            if _WHOLE_REGION.search(question):
                entries = widest_first(entries)
            return self._listing(entries, _in_region(region), question)
        if mentioned:
            entries = self._with_places_within(question, mentioned[1],
                                               self._with_joined(mentioned[1]))
            if _ASKS_FOR_CONTACT.search(question) and not any(_has_contact(e) for e in entries):
                return no_contact_message([e.record.name for e in entries])
            return self._describe(entries, question)
        town = self._asked_about(question, self._town_in) if not region else None
        if town:
            return self._town(*town)
        if listing_level:
            return self._listing(at_level, f"at {listing_level} level", question)
        place = unknown_place(_asking_part(question))
        # a region is known, though not asked of here; so is a name the glossary explains; and
        # initials no gazetteer knows are a body's or a group's ("like for BME groups")
        if (place and not self._region_in(place) and place.lower() not in self.known
                and not self._initials_of_no_place(place)):
            return self._noted(place) or not_in_list_message(place, len(self.directory))
        return None

    def _named_within(self, question: str, place: str) -> tuple[str, list[Entry]] | None:
        """A longer name holding the place ("Kent Fire and Rescue" for "Kent") that rows' notes
        name, with those rows: "which compact worked with Kent Fire and Rescue?" asks of the
        Compact whose notes name the service (Dover's), not of Kent's."""
        for match in _CAPITALISED_NAME.finditer(question):
            name = match.group(0)
            if len(name.split()) > len(place.split()) and place in fold(name):
                entries = self.directory.noting(name)
                if entries:
                    return name, entries
        return None

    def _initials_of_no_place(self, phrase: str) -> bool:
        """True for initials ("BME") that the gazetteer does not know as a place."""
        return (phrase.isupper() and len(phrase) > 1
                and not (self.places is not None and self.places.names(phrase)))

    def _another_place(self, phrase: str, entries: list[Entry]) -> bool:
        """True when the phrase matched these entries only by its spelling, and the gazetteer
        knows it as a place of its own: not a slip, but a place the list does not have."""
        return (self.places is not None and found_by_spelling(phrase, entries)
                and self.places.names(phrase))

    def _picks_out(self, question: str, entries: list[Entry]) -> bool:
        """The question's words narrow these entries' rows to some of them (see `narrowed`)."""
        rows = [p for p in map(self.row_passage, entries) if p is not None]
        return len(narrowed(question, rows)) < len(rows)

    def _with_joined(self, entries: list[Entry]) -> list[Entry]:
        """The entries and those of Compacts covering their areas jointly with another
        ("Nottingham and Nottinghamshire" beside Nottinghamshire's own)."""
        joined = (e for entry in entries for e in self.directory.covering(entry.record.get("area")))
        return list(dict.fromkeys([*entries, *joined]))

    def _with_places_within(self, question: str, named: list[Entry], entries: list[Entry]
                            ) -> list[Entry]:
        """`entries`, and when the question asks for more than an area's own Compact
        (`_ASKS_WITHIN`), the Compacts of places the gazetteer puts in the named entries' areas
        ("Dover District Compact" in Kent): after them, or first when others are asked for
        ("any more in Kent apart from that county one?")."""
        if self.places is None or not _ASKS_WITHIN.search(question):
            return entries
        keys = {e.area_key for e in named}
        within = [e for e in self.directory.entries if e not in entries
                  and place_key(self.places.area_of(e.record.get("area")) or "") in keys]
        return [*within, *entries] if _ASKS_FOR_OTHERS.search(question) else [*entries, *within]

    def _noted(self, place: str) -> Draft | None:
        """The rows whose notes name a place that is no area of the list's: "Rushcliffe" is
        named in the notes of the Nottingham and Nottinghamshire Compact."""
        entries = self.directory.noting(place)[:QUOTED_ROWS]
        draft = self._describe(entries) if entries else None
        if draft is None:
            return None
        these = "this Compact's notes name" if len(entries) == 1 else "these Compacts' notes name"
        return Draft(f"{place} is not an area of its own on this list, but {these} it. "
                     f"{draft.text}", draft.cited, self.name)

    def _asked_about(self, question: str, find: Callable[[str], Found | None]) -> Found | None:
        """What `find` reads in a question (an area, a town), unless it is only in a context
        that says nothing of a Compact while the sentence that asks is not about a local one
        (see `_ASKS_OF_LOCAL`): then it is where the asker is, not what they ask about."""
        found = find(question)
        if not found:
            return None
        asking, context = _parts(question)
        if (context and not _ABOUT_COMPACTS.search(context)
                and not _ASKS_OF_LOCAL.search(asking) and not find(asking)):
            return None
        return found

    def _town_in(self, question: str) -> tuple[str, str] | None:
        """A town the question names and the area it lies in, from the gazetteer."""
        return self.places.place_in(question, ignore=TIME_WORDS) if self.places else None

    def _town(self, town: str, area: str) -> Draft | str | None:
        """The Compact of the area a town lies in, said to be that area's; or that the area is
        not on the list."""
        key = place_key(area)
        entries = self.directory.covering(area)
        if not entries:
            where = town if place_key(town) == key else f"{town}, in {area},"
            return not_in_list_message(where, len(self.directory))
        draft = self._describe(entries)
        if draft is None:
            return None
        return Draft(f"{town} is in {area}. {draft.text}", draft.cited, self.name)

    def _region_in(self, question: str) -> str | None:
        folded = f" {fold(question)} "
        return next((r for r in self.directory.regions() if f" {fold(r)} " in folded), None)

    def _describe(self, entries: list[Entry], question: str = "") -> Draft | None:
        """The rows quoted, those holding more of what the question asks first."""
        passages = [p for p in (self.row_passage(e) for e in entries[:5]) if p is not None]
        return self._quoted(held_first(question, passages))

    def _quoted(self, passages: list[Passage]) -> Draft | None:
        """The rows in full, each cited."""
        if not passages:
            return None
        parts = [f"{p.chunk.text} [{n}]" for n, p in enumerate(passages, start=1)]
        return Draft(" ".join(parts), passages, self.name)

    def _by_date(self, entries: list[Entry], where: str, newest: bool) -> Draft | None:
        """The Compacts with the latest date the list gives (agreed or revised), or the earliest
        date first agreed, quoted in full, each cited."""
        dates = {e.slug: (max(e.record.get("first_agreed"), e.record.get("latest_version"))
                          if newest else e.record.get("first_agreed")) for e in entries}
        dated = [e for e in entries if dates[e.slug]]
        if not dated:
            return None
        pick = max if newest else min
        best = pick(dates[e.slug] for e in dated)
        passages = [p for p in (self.row_passage(e) for e in dated if dates[e.slug] == best)
                    if p is not None][:QUOTED_ROWS]
        if not passages:
            return None
        what = "the most recent date" if newest else "the earliest date first agreed"
        rows = " ".join(f"{p.chunk.text} [{n}]" for n, p in enumerate(passages, start=1))
        text = (f"Of the {len(dated)} local Compacts {where} with a date, {what} is {best}: "
                f"{rows} This list is partial; Compact Voice keeps the full one at {FULL_LIST}.")
        return Draft(text, passages, self.name)

    def _listing(self, entries: list[Entry], where: str, question: str = "") -> Draft | None:
        every = [p for p in (self.row_passage(e) for e in entries) if p is not None]
        passages = narrowed(question, every)
        if len(passages) <= QUOTED_ROWS:  # none, or a few quoted whole: what was asked of them
            return self._quoted(passages)
        names = [f"{p.chunk.section} [{n}]" for n, p in enumerate(passages, start=1)]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        count = f"{len(names)} local Compact{'s' if len(names) > 1 else ''}"
        text = (f"The list has {count} {where}: {listed}. This list is partial; Compact Voice "
                f"keeps the full one at {FULL_LIST}.")
        return Draft(text, passages, self.name)


# A Compact asked for the region as a whole: "covering the whole of London", "London-wide".
_WHOLE_REGION = re.compile(r"\b(?:whole|entire|all)\s+of\b|\b[\w-]+-wide\b|\bregion\s*wide\b",
                           re.I)


def widest_first(entries: list[Entry]) -> list[Entry]:
    """A region's Compacts with any that covers the whole region first ("Is there a Compact
    for the whole of London?"), the rest in the list's order."""
    return sorted(entries, key=lambda e: fold(e.record.get("level")) != "regional")


def _compacts_in(region: str, text: str) -> bool:
    """The text names Compacts in the region ("just the compacts in the north east please"),
    which asks for its rows as "which" would."""
    return re.search(rf"\bcompacts\s+(?:in|from|across)\s+(?:the\s+)?{re.escape(region)}\b",
                     text, re.IGNORECASE) is not None


def _in_region(region: str) -> str:
    return "in London" if region == "London" else f"in the {region}"


def _area_holds_region(question: str, mentioned: tuple[str, list[Entry]], region: str) -> bool:
    """The region's name is part of the area the question names: as found ("North West
    Leicestershire"), or as the list spells the area ("London Borough of Sutton" for Sutton)."""
    phrase, entries = mentioned
    folded = f" {fold(question)} "
    areas = [fold(area) for area in (entry.record.get("area") for entry in entries) if area]
    return _names_area_within(phrase, region) or any(
        area != fold(region) and f" {fold(region)} " in f" {area} " and f" {area} " in folded
        for area in areas)


def _names_area_within(phrase: str, region: str) -> bool:
    """The phrase found as an area holds the region's name and more words besides."""
    place = place_key(phrase)
    return place != fold(region) and f" {fold(region)} " in f" {place} "


def _asking_part(question: str) -> str:
    """The sentences of a question that ask (end with "?"), or all of it: a place named in a
    statement of context ("Our local Compact in Marlow Vale is old. What does the User Guide
    recommend?") is where the asker is, not a Compact asked about."""
    return _parts(question)[0]


def _parts(question: str) -> tuple[str, str]:
    """The sentences that ask (or all of the question when none ends "?") and the others, the
    statement of context ("" when there is none)."""
    sentences = [question[start:end] for start, end in sentence_spans(question)]
    asking = [sentence for sentence in sentences if sentence.rstrip().endswith("?")]
    if not asking:
        return question, ""
    return " ".join(asking), " ".join(s for s in sentences if not s.rstrip().endswith("?"))


def unknown_place(question: str) -> str | None:
    """The place a question asks about, read from its wording ("a Compact in Truro")."""
    for pattern in (_PLACE_AFTER, _PLACE_BEFORE):
        match = pattern.search(question)
        place = without_possessive(match.group("place")) if match else ""
        if (match and place.lower() not in _NOT_PLACES | TIME_WORDS and not _inside_a_name(match)
                and not _COMPACT_WORD.fullmatch(place.split()[0])):  # "Has Compact Voice got..."
            return match.group("place").strip()
    return None


_COMPACT_WORD = re.compile(r"Compacts?", re.I)


def _inside_a_name(match: re.Match[str]) -> bool:
    """The preposition before the place joins a name ("the Office for Civil Society", "the
    Commission for the Compact"): a capitalised word before it, not "Compact" itself ("a
    Compact for Marlow Vale") nor one opening a sentence, begins the name."""
    if "preposition" not in match.groupdict():
        return False
    before = match.string[:match.start("preposition")].split()
    return (bool(before) and before[-1][:1].isupper() and not _COMPACT_WORD.fullmatch(before[-1])
            and not _sentence_opening(before))


def _sentence_opening(words: list[str]) -> bool:
    """The last of the words opens a sentence (nothing before it, or a full stop)."""
    return len(words) == 1 or words[-2].endswith((".", "?", "!"))


def narrowed(question: str, rows: list[Passage]) -> list[Passage]:
    """Of the rows a listing question covers, those holding what else it asks about ("Which
    London borough won the 2014 Innovation Award?"), best first; all of them unless a row holds
    at least NARROWING_TERMS such words; a year asked about counts as that many on its own
    ("Which London borough's Compact was signed off in 2025?"). Words most of the rows share
    (the region, "Compact", the field names) and words about the list itself ("local", "list")
    do not count."""
    scores = _asked_held(question, rows)
    best = max(scores, default=0)
    if best < NARROWING_TERMS:
        return rows
    kept = [(score, n) for n, score in enumerate(scores) if 2 * score >= best]
    return [rows[n] for _, n in sorted(kept, key=lambda pair: (-pair[0], pair[1]))]


def held_first(question: str, rows: list[Passage]) -> list[Passage]:
    """The rows, those holding more of what else the question asks about first (see
    `narrowed`), none left out: "...Nottinghamshire... did Rushcliffe sign up?" puts the row
    whose notes name Rushcliffe first."""
    scores = _asked_held(question, rows)
    return [rows[n] for n in sorted(range(len(rows)), key=lambda n: -scores[n])]


def _asked_held(question: str, rows: list[Passage]) -> list[int]:
    """For each row, how many of the question's words it holds that most rows do not, beyond
    words about the list itself; a year asked about counts NARROWING_TERMS times."""
    wanted = term_set(question) - _LIST_WORDS
    held = [term_set(without_links(row.chunk.text)) & wanted for row in rows]
    common = {term for term in wanted if 2 * sum(term in h for h in held) > len(rows)}
    asked_years = years(question)
    return [sum(NARROWING_TERMS if term in asked_years else 1 for term in h - common)
            for h in held]


def unheld_by_rows(question: str, draft: Draft) -> frozenset[str]:
    """The question's words that the rows a directory answer quotes do not hold, beyond words
    about the list itself and words that only ask ("how do they handle disputes in Shropshire?"
    and Shropshire's row: "handle", "disputes"); empty when the answer is not rows alone."""
    rows = rows_alone(draft)
    if not rows:
        return frozenset()
    return term_set(question) - row_terms(rows) - _LIST_WORDS - ASKING_ONLY_TERMS


def prose_naming_rows(draft: Draft, unheld: frozenset[str],
                      passages: list[Passage]) -> list[Passage]:
    """Passages of prose that name the area of a row the draft quotes and hold words of
    `unheld`: "Shropshire, for example, has a disputes panel." says what Shropshire's row does
    not."""
    areas = {rendered_fields(p.chunk.text).get("area", "") for p in draft.cited} - {""}
    return [p for p in passages
            if p.chunk.kind != "compacts" and any(area in p.chunk.text for area in areas)
            and term_set(p.chunk.text) & unheld]


def _has_contact(entry: Entry) -> bool:
    return any(entry.record.get(column) for column in _CONTACT_COLUMNS)


def no_contact_message(names: list[str]) -> str:
    """The honest answer when the list has the Compact but not its contacts."""
    return (
        f"This list has {' and '.join(names)} but no contact details for it. Compact Voice's full "
        f"list gives the lead person in each sector for every local Compact: {FULL_LIST}."
    )


def outside_england_message(nation: str, listed: int) -> str:
    """The honest answer for a question about a Compact in another nation of the UK."""
    return (f"The Compact is an agreement for England, and this list of {listed} local Compacts "
            f"covers England only: I have nothing on {nation[:1].upper()}{nation[1:]}.")


def not_in_list_message(place: str, listed: int) -> str:
    """The honest answer for an area the list (of `listed` Compacts) does not have."""
    return (
        f"{place} is not in this list of {listed} local Compacts. The list is partial, so there "
        f"may still be one: Compact Voice keeps the full list, with a map and contacts for each "
        f"sector, at {FULL_LIST}."
    )
