"""What kind of answer a question wants, and whether a sentence is of that kind.

"Who" wants a person or an organisation, "when" a date, "how many" or "what share" a number,
"why" reasons or benefits, "how do we" steps. Ranking uses the match as one feature among
others; answering uses it to open with a sentence of the right kind, and to state several
points when the question asks for several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from assistant.text import STOPWORDS, TEXT_CACHE_SIZE, sentence_spans, term_set, terms


class AnswerType(StrEnum):
    """The kind of answer a question asks for."""

    person = "person"  # who, which organisation
    date = "date"  # when, what year
    number = "number"  # how many, how much, what share
    frequency = "frequency"  # how often: a share, a rate or a word of frequency
    reasons = "reasons"  # why, what are the benefits
    steps = "steps"  # how do we, what should we do
    definition = "definition"  # what is X, what does X mean: a sentence saying what X is
    successor = "successor"  # what replaced X, what took over from it: a sentence naming it
    counterpart = "counterpart"  # what the other side does in return: "for their part"
    other = "other"


# Questions whose answer is a list of points: reasons, benefits, promises, steps, "three ...".
MULTI_POINT = frozenset({AnswerType.reasons, AnswerType.steps})

# Asking where something came from: its history, told with dates, from the earliest
_ORIGIN = (r"\bwhere (?:did\b.{0,60}|(?:it|they|the\s+\w+)\s+)(?:come|came) from\b|"
           r"\boriginally\b|\borigins?\b|"
           r"\bhow did\b.{0,40}\b(?:start|begin|come about)\b|"
           r"\bwhat\s+(?:kicked|started|set|sparked)\b.{0,30}\boff\b")
_ASKS_ORIGIN = re.compile(_ORIGIN, re.I)


# Asking how things went afterwards ("did it get any better after that?", "had it improved?",
# "was the later one any better?"): the latest event answers. Not "looked at again", which
# may ask how often something is revised.
_ASKS_LATER = re.compile(
    r"\b(?:get|got|gotten|getting)\s+(?:any\s+)?(?:better|worse)\b|\bany\s+(?:better|worse)\b|"
    r"\bbetter\s+or\s+worse\b|\b(?:did|has|have|had)\b[^?.!]{0,30}\bimprov\w*", re.I)


def asks_later(text: str) -> bool:
    """True when the question asks how things went afterwards ("did it get any better?"),
    which the latest dated event among the sentences that answer tells."""
    return bool(_ASKS_LATER.search(text))


def asks_origin(text: str) -> bool:
    """True when the question asks where something came from ("Where did the idea originally
    come from?"), whose answer is the earliest of its history's events."""
    return bool(_ASKS_ORIGIN.search(text))


# "who replaced...", "when did something take over from...": what came next is asked for
_SUCCESSOR_ASKED = re.compile(
    r"\b(?:replac(?:e|ed|es|ing|ement)|successors?|supersed\w*|"
    r"(?:took|taken|take|takes|taking)\s+over\s+from|"
    r"(?:took|taken|take|takes|taking)\s+(?:its|their|the\s+\w+['’]s)\s+place|"
    r"(?:came|come|comes)\s+(?:next|after\s+(?:it|them|the))|in\s+(?:its|their)\s+place)\b|"
    # "has the government brought in something new instead?"
    r"\b(?:something|anything)\s+(?:new|else)\b[^.?!]{0,20}?\binstead\b(?!\s+of)|"
    # "or has something newer come along since?"
    r"\b(?:something|anything)\s+(?:newer|new)\b[^.?!]{0,20}?\b(?:come|came|comes)\s+along\b",
    re.I)

# A rule kept, or a thing happening: "stick to", "keep to", "comply with", "follow"...
_KEPT = (r"(?:(?:stick|keep)(?:s|ing)?\s+to|adher\w*|compl(?:y|ies|ying)|honou?r\w*|follow\w*|"
         r"happen\w*)\b")

# Words that open a question (or its main clause, after "When we bid for a contract, ...")
_QUESTION_OPENERS = (r"what|how|who|which|where|why|whose|is|are|was|were|do|does|did|can|could|"
                     r"should|would|will|has|have|must|may")

# An auxiliary negated, opening a question ("didn't the NAO say...?") or tagging a claim
# ("...signed by David Cameron, wasn't it?")
NEGATED_AUXILIARY = (r"(?:(?:is|are|was|were|do|does|did|has|have|had|could|should|would|must)"
                     r"n['’]?t|can['’]?t|cannot|won['’]?t)")

# The sector as a party: "charities", "voluntary organisations", "community groups", "the sector"
_SECTOR = (r"(?:charit(?:y|ies)|voluntary(?:\s+and\s+community)?\s+(?:sector|organi[sz]ations?|"
           r"groups?|bodies)|community\s+(?:groups?|organi[sz]ations?)|civil\s+society"
           r"(?:\s+organi[sz]ations?)?|the\s+sector|vcse?s?|third\s+sector|not-for-profits?)\b")

_TYPE_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (AnswerType.successor, _SUCCESSOR_ASKED),  # first: "when did X take over" asks for X
    # what one party does in return for what the other does ("what do charities do in return?",
    # "it's not all one-way, is it?"); not which side a party is on ("the council side")
    # ...and what the sector itself must do ("what does it expect of charities?", "what should
    # voluntary organisations themselves do?")
    (AnswerType.counterpart, re.compile(
        r"\bin (?:return|exchange)\b|\b(?:our|their) side\b|\bfor (?:our|their) part\b|"
        r"\bone[- ]way\b|\bflip side\b|"
        rf"\b{_SECTOR}\s+(?:themselves|itself)\b|"
        r"\b(?:expect\w*|requir\w*|undertak\w*|obligations?|duties|responsibilit\w*)\b"
        rf"[^?.!]{{0,30}}?\b(?:of|from|on)\s+(?:the\s+)?{_SECTOR}", re.I)),
    (AnswerType.frequency, re.compile(
        r"\bhow\s+(?:often|frequently|regularly)\b|"
        # whether a rule is kept in practice ("do councils actually stick to that?") is told by
        # how often it is: a share of areas, of consultations
        rf"\b(?:actually|really|usually)\s+(?:\w+\s+)?{_KEPT}|{_KEPT}[^.?!]{{0,25}}"
        r"\bin\s+practi[cs]e\b", re.I)),
    # ...and "how big", "how widely": a size, told in numbers ("129 written responses")
    (AnswerType.number, re.compile(
        r"\bhow (many|much|long|big|large|widely|extensive)\b|"
        r"\bwhat (share|proportion|percentage|number|fraction)\b|"
        r"\bwhat (per ?cent|%)", re.I)),
    # "when" asks for a date where it opens a question, not in "...help when we bid?", nor where
    # it opens a clause the question follows ("When we bid for a contract, what does...?")
    # ...and so does asking where something came from: its history, told with dates
    (AnswerType.date, re.compile(
        rf"(^|[.?!,;]\s*|\band\s+)when\b(?![^?.!,;]*,\s*(?:{_QUESTION_OPENERS})\b)|"
        r"\bwhen (was|were|did|does|do|is|will|would|has|have|"
        r"should|can)\b|\bwhat (year|date|month)\b|\bsince when\b|"
        rf"{_ORIGIN}", re.I)),
    (AnswerType.person, re.compile(
        r"\bwho\b|\bwhich (organi[sz]ation|body|bodies|department|group|person|charity|office)\b",
        re.I)),
    (AnswerType.reasons, re.compile(
        r"\bwhy\b|\bwhat('s| is| are)? (the )?(point|benefits?|advantages?|reasons?|value)\b|"
        r"\b(benefits?|advantages?|reasons?) (of|for|to)\b|\bwhat do(es)? \w+(\s\w+)? (get|gain)\b|"
        r"\b(promise|commit|undertake|expect|ask)s?\b.{0,40}\b(of|from)\b|"
        r"\b(three|four|five|some|several|main|key) (reasons|benefits|things|ways|points)\b|"
        r"\bhow\b.{0,40}\bhelps?\b|\bwhat (does|would|can) (it|a|the)\b.{0,30}\bdo for\b|"
        # "what's in it for us?", "the case (argument) for...", "what do we get out of it?"
        r"\bwhat('s| is) in it for\b|\b(case|argument)s? (for|in favour of)\b|\bget out of\b",
        re.I)),
    (AnswerType.steps, re.compile(
        r"\bhow (do|can|should|would) (we|i|you|they|a|an|the)\b|\bwhat (steps|should (we|i))\b|"
        r"\bwhat (can|do) (we|i) do\b|\bsteps\b", re.I)),
)

_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
# Numbers written as words, as counts and lengths of time are ("three months", "twelve weeks")
_ONE_TO_TWELVE = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# A sentence telling what a party does in return: "Civil society organisations, for their part,
# undertake..."
_COUNTERPART = re.compile(r"\bfor (?:their|its|our|his|her) part\b|\bin (?:return|turn)\b|"
                          r"\bboth sides\b|\beach side\b", re.I)
# How often something happens: a share ("32% of areas"), a rate ("twice a year", "every six
# years", "annually") or a word of frequency ("some of the time", "never")
_FREQUENCY = re.compile(
    r"\d\s?%|\bper\s?cent\b|\b(?:once|twice)\b|\b\w+\s+times\b|\bevery\b|"
    r"\b(?:a|per|each)\s+(?:year|month|week|day)\b|\b(?:annual(?:ly)?|yearly|"
    r"monthly|weekly|daily)\b|\b(?:always|never|rarely|seldom|often|sometimes|usually|"
    r"regularly|occasionally|frequently)\b|\b(?:some|most|all)\s+of\s+the\s+time\b", re.I)
_SUCCESSOR = re.compile(
    r"\b(?:successors?|replac\w*|supersed\w*|succeeded|took\s+over|taken\s+over|"
    r"in\s+(?:its|their)\s+place|in\s+place\s+of)\b", re.I)
_MONTH = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b", re.I)
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\b|%|\bper ?cent\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|twenty|thirty|forty|fifty|hundred|half|quarter|third|dozen)\b", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+(?:of|for|and|the)?\s*[A-Z][a-z]+)+")
_ORGANISATION = re.compile(
    r"\b(office|department|council|commission(er)?|ombudsman|government|minister|board|"
    r"agency|authority|team|partnership|programme|secretary|chair)\b", re.I)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")  # an organisation known by its initials
_REASON = re.compile(
    r"\b(because|so that|help(s|ing)?|benefits?|enables?|allows?|ensures?|means|improv\w*|"
    r"better|value|support(s|ing)?|advantages?|reasons?|can|will)\b", re.I)
_STEP = re.compile(
    r"\b(first|then|next|should|can|contact|raise|use|ask|check|agree|step|start|follow)\b", re.I)


# "What is X?", "what's 'X' exactly", "what does X mean", "define X": X runs to the end of the
# sentence, so "what is Compact Voice trying to achieve" asks something else.
_FILLER = r"(?:actually|exactly|really|basically|just|then)"
_TERM = r"(?P<{}>[\w'‘’\"“” -]{{2,60}}?)"
# "...this Compact thing my officers keep mentioning?": who keeps mentioning it says nothing of
# what it is
_MENTIONED_BY = (r"(?:\s+(?:that\s+|which\s+)?(?:i|we|you|they|people|everyone|my\s+\w+|our\s+\w+)"
                 r"\s+(?:keeps?|kept|always|often)?\s*(?:hear(?:ing)?|mention(?:s|ing)?|talk(?:s|ing)?|"
                 r"refer(?:s|ring)?|go(?:es|ing)?\s+on)\b[^?.!]{0,40})?")
_DEFINITION = re.compile(
    r"(?:\bwhat\s+(?:" + _FILLER + r"\s+)?(?:'s|’s|is|are)|\bwhat's|\bwhat’s|\bdefine)\s+(?:"
    + _FILLER + r"\s+)?" + _TERM.format("subject") + _MENTIONED_BY + r"\s*(?:" + _FILLER
    + r"\s*)?[?.!]*$"
    r"|\bwhat\s+(?:does|do)\s+" + _TERM.format("meant") + r"\s+(?:mean|stand for)\b"
    r"|\b(?:explain|tell me|describe)\b.{0,30}?\bwhat\s+" + _TERM.format("inner")
    + r"\s+(?:" + _FILLER + r"\s+)?(?:is|are|means)\b", re.I)
_TERM_LINKS = frozenset({"of", "and", "for", "the", "in"})  # may join the words of a term
_DEFINITION_VERB = r"(?:is|are|was|were|means|refers to|stands for)\b"
_ARTICLE = re.compile(r"^(?:the|a|an|this|that)\s+", re.I)
_THING = re.compile(r"(?<=\w)\s+(?:thing|stuff|business)$", re.I)  # "this Compact thing"


# Kinds of answer a passage cannot give without their words: no sentence without "successor",
# "replaced"... says what replaced a thing
WORDED_KINDS = frozenset({AnswerType.successor})

# The words text uses for an answer of a kind no question word names: "what has taken over from
# the Compact?" is answered by a "successor", whatever the question calls it; what one side does
# "in return" is said in words of reciprocity (tuning split, 4898 cases: 4 more passed, 0 fewer)
ANSWER_WORDS = {AnswerType.successor: ("successor", "succeeded", "replaced", "superseded"),
                AnswerType.counterpart: ("for their part", "in return", "both sides")}


def answer_words(question: str) -> list[str]:
    """The words an answer of the kind asked for is written in, to be searched beside the
    question; [] for kinds whose answers share no words."""
    return list(ANSWER_WORDS.get(answer_type(question), ()))


# A sentence says what came after the thing asked about only when it names that thing within
# this many characters of its word for succession: "...seen by the sector as the successor to
# the Compact" does; a list row's "Notes: Replaced an earlier version" says what replaced
# something else, however much the row's other fields share with the question.
SUCCESSOR_REACH = 40


# When it happened, said loosely: "in the last couple of years", "recently", "these days"
_WHEN_LATELY = re.compile(
    r"\b(?:in|over|during|within)\s+(?:the\s+)?(?:last|past|recent)\s+(?:few\s+|couple\s+of\s+|"
    r"\w+\s+)?(?:years?|months?|weeks?|decades?)\b|\b(?:recently|lately|nowadays|these\s+days)\b",
    re.I)


def succeeded_terms(question: str) -> frozenset[str]:
    """The terms of what a question asks the successor of: its terms without its words for
    succession ("What replaced the Compact?": {"compact"})."""
    asked = _WHEN_LATELY.sub(" ", _SUCCESSOR.sub(" ", _SUCCESSOR_ASKED.sub(" ", question)))
    return term_set(asked)


def names_successor_of(sentence: str, succeeded: frozenset[str]) -> bool:
    """True when `sentence` has a word for succession with one of `succeeded` near it."""
    return any(
        term_set(_around(sentence, match, SUCCESSOR_REACH)) & succeeded
        for match in _SUCCESSOR.finditer(sentence))


# "How many", "how long": the second word asks for a kind of answer, not a word of one
_HOW_PHRASE = re.compile(r"\bhow\s+(?:many|much|long|often|far|soon)\b", re.I)


# "what does the Compact say about...": the verb asks what a text says
_SAYS_ABOUT = re.compile(
    r"\b(?:say|says|said|mention|mentions)\b(?=\s+(?:\w+\s+)?(?:about|on|regarding)\b)", re.I)


def without_asking_words(text: str) -> str:
    """The text without words that only ask, which are no search terms: the word after "how"
    in "how many", "how long"... ("how many local Compacts" does not ask for passages saying
    "many"), and "say" in "what does it say about" (tuning split, 4898 cases: 3 better, 1
    worse)."""
    return _SAYS_ABOUT.sub(" ", _HOW_PHRASE.sub("how", text))


def answer_type(question: str) -> AnswerType:
    """The kind of answer `question` asks for (`other` when it says nothing particular)."""
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return kind
    if defined_term(question):
        return AnswerType.definition
    return AnswerType.other


_PRONOUN_TERM = frozenset({"it", "this", "that", "they", "these", "those"})
_QUOTED = re.compile(r"(?:^|\s)['‘\"“]([^'’\"”]{2,40})['’\"”]")


def defined_term(question: str) -> str | None:
    """The term a "what is X?" question asks to have defined ("the Compact"), else None. "What
    is it?" defines the term the question quotes ("keep hearing about 'the Compact'")."""
    asking = re.sub(r"\s*\([^)]*\)\s*$", "", question.strip())  # an appended expansion
    sentences = [s for s in re.split(r"(?<=[?.!])\s+", asking) if s]
    for sentence in reversed(sentences):
        match = _DEFINITION.search(sentence.rstrip())
        if match:
            found = match.group("subject") or match.group("meant") or match.group("inner")
            quoted = _QUOTED.search(asking)
            if found.strip().lower() in _PRONOUN_TERM and quoted:
                found = quoted.group(1)
            term = _THING.sub("", _ARTICLE.sub("", found.strip(" '‘’\"“”")))
            words = term.lower().split()
            # a clause, not a term: "what is Compact Voice trying to achieve"
            if 0 < len(words) <= 4 and words != ["thing"] and not any(
                    w in STOPWORDS and w not in _TERM_LINKS for w in words):
                return term
    return None


def defines(term: str, sentence: str) -> bool:
    """True when `sentence` says what `term` is: it opens with the term, then "is", "means"..."""
    # singular or plural: "local Compacts" is defined by "A local Compact is..."
    words = r"\s+".join(re.escape(w) for w in term.split()).removesuffix("s") + "s?"
    return bool(re.match(rf"(?:the|a|an)?\s*{words}\s+{_DEFINITION_VERB}", sentence.strip(),
                         re.I))


# "What kinds of bodies sign up?", "which sorts of organisations...": examples are the answer
_ASKS_KINDS = re.compile(r"\b(?:what|which)\s+(?:kinds?|sorts?|types?)\s+of\b", re.I)
# "...bodies like police, fire and rescue...", "such as", "including", "for example"
_GIVES_EXAMPLES = re.compile(
    r"\bsuch as\b|\binclud(?:e|es|ing)\b|\blike\b|\bfor example\b|\be\.g\.", re.I)


def asks_for_kinds(text: str) -> bool:
    """True when the question asks what kinds of thing there are, answered by examples."""
    return bool(_ASKS_KINDS.search(text))


def gives_examples(sentence: str) -> bool:
    """True for a sentence naming examples ("bodies such as Clinical Commissioning Groups")."""
    return bool(_GIVES_EXAMPLES.search(sentence))


# "The Compact is the agreement between...", "A local Compact is a...": a sentence saying what
# something is, in a few words before "is a" or "is the"
_SAYS_WHAT_IT_IS = re.compile(r"^(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}?(?:is|are)\s+(?:the|a|an)\b",
                              re.I)


def says_what_it_is(sentence: str) -> bool:
    """True for a sentence that says what something is ("The Compact is the agreement...")."""
    return bool(_SAYS_WHAT_IT_IS.match(sentence.strip()))


@lru_cache(maxsize=TEXT_CACHE_SIZE)  # candidates' sentences come back question after question
def sentence_fits(kind: AnswerType, sentence: str, term: str | None = None) -> bool:
    """True when `sentence` is of the kind asked for (always True for `other`); a definition
    must say what `term` is."""
    if kind is AnswerType.definition:
        return term is not None and defines(term, sentence)
    if kind is AnswerType.date:
        return bool(_YEAR.search(sentence) or _MONTH.search(sentence))
    if kind is AnswerType.number:
        return bool(_NUMBER.search(sentence))
    if kind is AnswerType.frequency:
        return bool(_FREQUENCY.search(sentence))
    if kind is AnswerType.person:
        return bool(_NAME.search(sentence) or _ORGANISATION.search(sentence)
                    or _ACRONYM.search(sentence))
    if kind is AnswerType.reasons:
        return bool(_REASON.search(sentence))
    if kind is AnswerType.steps:
        return bool(_STEP.search(sentence))
    if kind is AnswerType.successor:
        return bool(_SUCCESSOR.search(sentence))
    if kind is AnswerType.counterpart:
        return bool(_COUNTERPART.search(sentence))
    return True


def wh_word(text: str) -> str | None:
    """The first question word of a text ("why", "how", "what"...), if any."""
    match = re.search(r"\b(why|how|what|who|when|which|where)\b", text, re.I)
    return match.group(1).lower() if match else None


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)


def without_links(text: str) -> str:
    """The text with its web addresses blanked: what a link's path says ("/2015/09/award") is
    not something the text states."""
    return _URL.sub(" ", text)


def asking_sentence(text: str) -> str | None:
    """The sentence that asks (the last ending "?", else the last), when the text has more than
    one sentence; None for a text of one sentence."""
    asking = asking_sentences(text)
    return asking[-1] if asking else None


def asking_sentences(text: str) -> list[str]:
    """The sentences that ask (each ending "?", else the last), when the text has more than
    one sentence; [] for a text of one sentence."""
    sentences = [text[start:end] for start, end in sentence_spans(text, typed=True)]
    # "I need a line for a report: what does the Compact deal with?" - the colon ends context
    sentences = [part for sentence in sentences for part in _AFTER_COLON.split(sentence) if part]
    if len(sentences) < 2:
        return []
    return [s for s in sentences if s.rstrip().endswith("?")] or sentences[-1:]


# "What does the Compact say about full cost recovery?", "Is there anything in it on this?",
# "Does it mention sharing information?": a sentence asking what is said about a topic, which
# it names, or which its context describes when it points back ("that", "it").
_SAID_ABOUT = re.compile(
    r"\b(?:say|says|said|anything|something|mention|mentions|cover|covers)\s+(?:\w+\s+){0,2}?"
    r"(?:about|on|regarding|of)\s+(?P<topic>[^?.!,;:–—]+?)(?=\s+-\s|[?.!,;:–—]|$)", re.I)
# Words that point back at something said: the object of a verb ("what replaced it"), or a
# topic its context describes ("...say about that?")
POINTING_WORDS = ("that", "this", "it", "them", "these", "those")
_POINTING_WORDS = "|".join(POINTING_WORDS)
_POINTING_BACK = re.compile(rf"(?:{_POINTING_WORDS})\b", re.I)
# A topic that leans on its context anywhere ("bodies like us using them") is not whole alone
# ("that" and "this" only where it opens: later they may be a relative pronoun or a determiner)
_REFERS_BACK = re.compile(rf"^(?:{_POINTING_WORDS})\b|\b(?:it|them|they|these|those)\b", re.I)


# A sentence that ends on what its context describes ("What does the Compact expect us to do
# about it?") or on what is said, naming no topic at all ("What does the Compact say?"), or
# that asks whether its context is right
_ENDS_ON_CONTEXT = re.compile(
    rf"\b(?:(?:about|on|regarding)\s+(?:{_POINTING_WORDS})|say|says|said|mention|mentions)"
    r"\s*[?.!]*\s*$|"
    # "...said it's been replaced. Is that right?": whether what the context says is so
    rf"^\W*(?:is|was|isn't|wasn't)\s+(?:{_POINTING_WORDS})\s+(?:\w+\s+)?(?:right|true|correct|"
    r"accurate|so)(?:\s+(?:though|then|now|anymore))?\W*$|"
    # "...no reasons, no meeting. Is that really how the Compact says it should be done?": what
    # its context tells is its subject (tuning split, 3798 cases: 2 better, 0 worse)
    r"^\W*(?:is|was|isn't|wasn't|can|could|should|would|will)\s+(?:that|this)\b", re.I)


def asks_of_its_context(sentence: str) -> bool:
    """True when the sentence asks what is said about something its context describes."""
    said = _SAID_ABOUT.search(sentence)
    return bool(said and _POINTING_BACK.match(said.group("topic"))
                or _ENDS_ON_CONTEXT.search(sentence))


MIN_QUOTED_WORDS = 2  # one word quoted ("'meaningfully'") is searched as the question's own


def quoted_phrase(text: str) -> str | None:
    """The first phrase of at least two words the text quotes ("The agency says it was part
    of a 'strategic review'"), which the asker has read or heard somewhere and names as it
    was written; not a quoted question ("keeps asking 'what is this Compact thing?'")."""
    for match in _QUOTED.finditer(text):
        phrase = match.group(1).strip()
        if len(phrase.split()) >= MIN_QUOTED_WORDS and "?" not in phrase:
            return phrase
    return None


def topic_said_about(sentence: str) -> str | None:
    """The topic a sentence asks what is said about, when it names one whole: "full cost
    recovery" of "What does the Compact say about full cost recovery?"; None otherwise."""
    said = _SAID_ABOUT.search(sentence)
    if said is None or _REFERS_BACK.search(said.group("topic")) or not terms(said.group("topic")):
        return None
    return said.group("topic").strip()


# A second question joined to the first ("What's the recommended approach, and how often should
# it be revised?"): its answer is two facts, often from one passage read on.
_SECOND_ASK = re.compile(
    r"(?:[,;?]\s*|\s)and\s+(?:what|when|who|how|why|which|where|is|are|does|do|did|has|have|"
    r"can|should|was|were)\b", re.I)


# "Apart from the notice period, what else...?": what the question sets aside, which its
# answer is not about. Read to the end of its clause, at most a few words.
_SET_ASIDE = re.compile(
    r"\b(?:apart from|aside from|leaving aside|setting aside|putting aside|besides|other than|"
    r"except for)\s+(?P<thing>[^,.;:?!]+)", re.I)
SET_ASIDE_WORDS = 4


def set_aside(question: str) -> str | None:
    """What the question sets aside ("the notice period" in "Apart from the notice period,
    what else...?"), at most a few words; None when it sets nothing aside."""
    match = _SET_ASIDE.search(question)
    return " ".join(match.group("thing").split()[:SET_ASIDE_WORDS]) if match else None


def asks_several(question: str) -> bool:
    """True when the question joins a second question to the first with "and"."""
    return bool(_SECOND_ASK.search(question))


def _around(text: str, match: re.Match[str], reach: int) -> str:
    """The match with up to `reach` characters of the text on either side."""
    return text[max(0, match.start() - reach):match.end() + reach]


def first_ask(question: str) -> str:
    """The question up to a second one joined to it with "and" (all of it when none is)."""
    second = _SECOND_ASK.search(question)
    return question[:second.start()] if second else question


# A colon before a question word: what comes before it is context, as a sentence before is.
_AFTER_COLON = re.compile(
    r"(?<=:)\s+(?=(?:what|why|how|who|when|which|where|is|are|does|do|can|should)\b)", re.I)


# A length of time: "three months'", "12-week", "three or more years", "six-monthly"
_PERIOD = re.compile(
    rf"\b(\d+|{_ONE_TO_TWELVE})"
    r"(?:\s+or\s+(?:more|less|so|fewer))?[\s-]+(year|month|week|day)", re.I)


def periods(text: str) -> dict[str, frozenset[str]]:
    """The numbers a text gives lengths of time with, each with its units ("three months'
    notice" and "three or more years": {"three": {"month", "year"}})."""
    found: dict[str, set[str]] = {}
    for match in _PERIOD.finditer(text):
        found.setdefault(match.group(1).lower(), set()).add(match.group(2).lower())
    return {number: frozenset(units) for number, units in found.items()}


def years(text: str) -> set[str]:
    """The four-digit years a text states, links left out (a page's date in its path)."""
    return {m.group(0) for m in _YEAR.finditer(without_links(text))}


# "since 2010", "after 2010", "pre-2010": a year that bounds a span of time, not the time asked
_BOUNDING_YEAR = re.compile(
    r"\b(?:since|after|before|until|till|from|post-|pre-)\s*((?:19|20)\d{2})\b", re.I)
# "around 2010 and 2011", "circa 2012": a time given roughly (not "what about 2012?", which
# asks about that year)
_ROUGH_YEARS = re.compile(
    r"\b(?:around|roughly|circa|approximately|(?<!what )(?<!how )about)\s+"
    r"((?:19|20)\d{2})(?:\s*(?:and|or|to|/|-|–)\s*((?:19|20)\d{2}))?\b", re.I)


def bounding_years(text: str) -> set[str]:
    """The years a text uses to bound a span ("since 2010") or to give a time roughly ("around
    2010 and 2011"), not to name a time."""
    text = without_links(text)
    rough = {year for m in _ROUGH_YEARS.finditer(text) for year in m.groups() if year}
    return {m.group(1) for m in _BOUNDING_YEAR.finditer(text)} | rough


# Things that are sums of money, when they are what a question asks for ("What was the
# office's annual budget?"); "funding" and "cost" are left out: "what funding..." asks which.
MONEY_NOUNS = frozenset({"budget", "budgets", "salary", "salaries", "fee", "fees", "price",
                         "prices", "turnover"})
# A sum of money asked for ("how much did X spend", "how much grant funding", "how much
# compensation", "how much business rate relief", "what was the budget", "how much is the annual
# fee"; not "how much notice should X give"), and one stated
# ("£500,000", "2 million").
_ASKS_FOR_MONEY = re.compile(
    r"\bhow much (?:[a-z]+\s+){0,2}(money|funding|cash|grants?|budget|compensation|damages|"
    r"refunds?|reimbursement|relief|subsidy|subsidies)\b|"
    r"\bhow much (did|does|do|has|have|had|was|is|were|are|will|would|should|could|can|must)"
    r"\b.{0,60}\b(spend|spent|cost|give|gave|pay|paid|fund|funded|raise|raised|receive|"
    r"received|worth|save|saved|come to|came to|total|totalled|amount to|amounted to|charge|"
    r"charged|set aside|put aside|allocate|allocated|earmark|earmarked|budget|budgeted|invest|"
    r"invested|put\s+in|put\s+into)\b|"
    # "a published figure for what the office spent on the consultation"
    r"\b(?:figures?|amount|sum|total)\s+(?:for|of|on)\s+what\b[^.?!]{0,60}\b"
    r"(?:spent|spend|cost|paid|gave|raised)\b|"
    # "does X charge for its training? how much (per person)", "any prize money, and if so how
    # much?": what is paid for or charged, then "how much", at most a few words from the end,
    # asks its sum
    r"\b(?:charges?|charged|charging|costs?|membership|subscriptions?|money|"
    rf"{'|'.join(sorted(MONEY_NOUNS))})\b[^.!]{{0,60}}\bhow much(?:\s+[\w'’]+){{0,3}}\s*[?.!]*$|"
    # "what was the (annual running) cost of...", "how much was the council's grants budget",
    # "how big was its budget", "how much is the annual fee", "what's the Advocacy Programme's
    # yearly budget": up to four words may qualify the sum, none of them a preposition ("the
    # position on full cost...") or a question word ("the difference between how full cost...")
    r"\b(?:what|how (?:much|big|large|high))(?: (?:was|is|were|are)|['’]s) (the|its|their) "
    r"(?:(?!(?:on|of|for|in|about|to|with|between|from|how|what|why|when|who|which)\b)"
    r"[\w'’]+\s+){0,4}"
    rf"({'|'.join(sorted(MONEY_NOUNS | {'cost', 'costs'}))})\b|"
    r"\bwhat (was|is|were|are) (the|its|their) funding\b|"
    # "what was he paid for that job?", "what does the chair earn?"
    r"\bwhat\s+(?:was|were|is|are|did|does|do)\s+(?:[\w'’]+\s+){1,5}?(?:paid|earn|earned|earns)\b|"
    # "the total value of grant funding", "the amount of funding it gave": the worth of what
    # is paid
    r"\b(?:value|amount|sum|total)\s+of\s+(?:(?:the|its|their|all)\s+)?(?:[a-z]+\s+)?"
    r"(?:money|funding|grants|grant\s+funding|contracts|payments)\b|"
    # a bound on a sum: "is there a minimum grant size...", "the maximum size of grant...";
    # not an amount of something else ("a minimum amount of warning")
    r"\b(?:minimum|maximum|min|max)\s+(?:[a-z]+\s+)?(?:(?:size|amount|sum|value)\b"
    r"(?!\s+of\s+(?:(?:a|an|the|its|their|our|each)\s+)?+(?!(?:money|funding|funds?|cash|"
    rf"grants?|contracts?|payments?|awards?|{'|'.join(sorted(MONEY_NOUNS))})\b)\w)|"
    r"(?:grants?|payments?|budgets?|awards?)\b)", re.I)
_MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(million|billion|bn|pounds|euros|dollars)\b", re.I)

# "What contract value...", "what grant value...": the worth of a thing paid for is a sum;
# "what social value" is not.
_PAID_FOR = frozenset({"contract", "contracts", "grant", "grants", "tender", "tenders", "award",
                       "awards", "prize", "bid", "bids"})


def asks_for_money(question: str) -> bool:
    """True when the question asks for a sum of money."""
    if _ASKS_FOR_MONEY.search(question):
        return True
    named = [word.lower() for word in asked_for(question)]
    return bool(named) and (named[-1] in MONEY_NOUNS or (
        named[-1] in ("value", "values") and len(named) > 1 and named[-2] in _PAID_FOR))


@dataclass(frozen=True)
class FactKind:
    """A kind of fact a question may ask for (a share, a day, a court case), and how a text
    states one: the refusal review declines when the answer and its passages state none."""

    asked: re.Pattern[str]
    stated: re.Pattern[str]

    def asks(self, question: str) -> bool:
        """True when the question asks for this kind of fact."""
        return bool(self.asked.search(question))

    def states(self, text: str) -> bool:
        """True when the text states one."""
        return bool(self.stated.search(text))


# A share asked for ("what percentage of...", "what proportion", "how many per cent") and one
# stated ("40%", "76 per cent", "half", "one in five", "9 of the 12").
_SHARE_QUALIFIERS = r"(?:set|fixed|minimum|maximum|standard|agreed|particular)"
SHARE = FactKind(
    re.compile(rf"\bwhat\s+(?:{_SHARE_QUALIFIERS}\s+)?"
               r"(?:share|proportion|percentage|fraction|per\s?cent|%)\b|"
               r"\bhow\s+many\s+per\s?cent\b|"
               # "is there a set overhead %", "a minimum percentage": a share asked whether there is
               rf"\b(?:a|any)\s+{_SHARE_QUALIFIERS}\s+"
               r"(?:[\w-]+\s+)?(?:%|percentage\b|per\s?cent\b|share\b|proportion\b)|"
               # "confirm the exact percentage it allows"
               r"\bthe\s+(?:exact|precise|actual|specific)\s+(?:%|percentage\b|per\s?cent\b)",
               re.I),
    re.compile(
        r"\d(?:[\d.,]*)\s?%|\bper\s?cent\b|\b(?:half|halves|third|thirds|quarter|quarters|"
        r"fifths?|tenths?|majority|minority)\b|\bone\s+in\s+\w+\b|"
        r"\b\d+\s+(?:of|out\s+of)\s+(?:the\s+)?\d+\b", re.I))


# How long a process usually takes ("how long does a DBS check take to come back?", "how
# quickly will the Ombudsman decide?"), and a duration stated ("12 weeks", "within a month",
# "three or more years"). "How long did it take to..." asks history, which dates answer.
TAKING = FactKind(
    re.compile(r"\bhow\s+long\s+(?:does|do|will|would|should|can|might)\b[^?.]{0,60}\btake\b|"
               r"\bhow\s+quickly\s+(?:does|do|will|would|should|can)\b", re.I),
    re.compile(rf"\b(?:\d+|a|an|{_ONE_TO_TWELVE}|"
               r"a\s+few|several)\s+(?:or\s+more\s+|working\s+|calendar\s+)?"
               r"(?:days?|weeks?|months?|years?)\b", re.I))


# Whether something must be paid for ("is there a fee for taking the pledge?", "does it cost
# anything to join?", "do we have to pay to sign up?", "is it free to use?"), and a text speaking
# of a payment or its absence ("a fee", "free", "no charge", "£50", "paid").
PAYMENT = FactKind(
    re.compile(r"\b(?:is|are)\s+there\s+(?:a|any)\s+(?:\w+\s+)?(?:fees?|charges?|costs?|"
               r"subscriptions?|prices?)(?![\w-])|\b(?:does|do|will|would)\s+(?:it|that|this|they|we|"
               r"you)\s+(?:have\s+to\s+)?cost\b|\b(?:have|need)\s+to\s+pay\b|"
               # "is it free to use?", "is the service free?"; not "are we free to campaign?"
               r"\b(?:is|are)\b[^?.!]{0,60}\bfree(?:\s+of\s+charge|\s+to\s+(?:use|join|attend|"
               r"access|sign\s+up))?\s*\?", re.I),
    re.compile(r"\b(?:fees?|charged?|charges|charging|costs?|free|pay|paid|payment|payable|"
               r"subscriptions?|prices?)\b|[£$€]\s?\d", re.I))


# A day or month asked for ("in which month...", "on what day...", "the exact date"), and one
# stated ("31 March 2011", "November 1998", "12/03/2014"); a year alone answers "when".
DAY = FactKind(
    re.compile(r"\b(?:which|what)\s+(?:month|day)\b|\b(?:exact|precise)\s+(?:date|day|month)\b",
               re.I),
    re.compile(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\b|"
        r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
        r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.I))


# A day of the month asked for, not only a month ("on what exact date", "which day")
_DAY_OF_MONTH_ASKED = re.compile(
    r"\b(?:which|what)\s+day\b|\b(?:exact|precise)\s+(?:date|day)\b|\bon\s+what\s+date\b", re.I)
_DAY_OF_MONTH = re.compile(r"(?<![\d£$])\d{1,2}(?:st|nd|rd|th)?(?![\d,.]\d|\d)")
_DATE_REACH = 6  # characters either side of a date that hold its day or its year
_YEAR_ASKED = re.compile(r"\byears?\b", re.I)  # "which month and year": any year answers


def states_day_asked(question: str, text: str) -> bool:
    """True when the text states the month or day the question asks for: dated in a year its
    asking sentence names, if it names one and asks no year ("Which month in 2014..." is not
    answered by "revised July 2010"), and with the day of the month when it asks for a day
    ("the exact date in November 1998" is not answered by "agreed in November 1998")."""
    asking = asking_sentence(question) or question  # "...dates from 'around 2000'" is context
    wanted_years = set() if _YEAR_ASKED.search(asking) else years(asking)
    wants_day = bool(_DAY_OF_MONTH_ASKED.search(question))
    for match in DAY.stated.finditer(text):
        near = _around(text, match, _DATE_REACH)
        if wanted_years and not years(near) & wanted_years:
            continue
        if wants_day and not _DAY_OF_MONTH.search(_YEAR.sub(" ", near)):
            continue
        return True
    return False


# A deadline asked for ("what's the closing date for nominations?", "is there a time limit for
# a complaint?"), and one stated ("nominations close on 30 June", "within 12 months", "the
# deadline is...")
DEADLINE = FactKind(
    re.compile(r"\b(?:time\s+limits?|deadlines?|closing\s+dates?|cut-?off\s+(?:dates?|points?))\b",
               re.I),
    re.compile(r"\b(?:time\s+limits?|deadlines?|closing\s+dates?|cut-?off|closes?\s+on|"
               r"no\s+later\s+than|within\s+(?:\w+\s+){1,2}(?:days?|weeks?|months?|years?))\b",
               re.I))


# Which of several parties did worst asked for ("which councils are worst at keeping to their
# Compact?", "which department was the worst for short ones?", "which one came out worst"), and
# a text that ranks or compares ("the commonest reason", "the most", "fewer", "lowest"; not "at
# least three months", "most areas"). "Best" is left out: "which is best for us, a grant or a
# contract?" asks for advice, not a ranking.
WORST = FactKind(
    re.compile(r"\bwhich\s+\w[^?.!]{0,40}?\s(?:is|are|was|were|has|have|had|came\s+out|comes?\s+out)"
               r"\s+(?:the\s+)?(?:worst|poorest|weakest)\b|"
               # "which councils have cut grants the most this year?", "...the most times?"
               r"\bwhich\b[^?.!]{0,80}?\bthe\s+(?:most|least)(?:\s+times)?"
               r"(?:\s+(?:this|last|in)\s+\w+)?\s*[?.!]*$", re.I),
    re.compile(r"\b(?:worst|poorest|weakest|worse|lowest|highest|fewest|fewer|commonest|ranked|"
               r"ranking|league\s+tables?|bottom\s+of|the\s+(?:most|least))\b", re.I))


# A time of day asked for ("what time does it open?", "opening hours"; not "what time of year"),
# and one stated ("9am", "17:30", "noon")
CLOCK = FactKind(
    re.compile(r"\bwhat\s+time\b(?!\s+of\s+(?:the\s+)?(?:year|month|week))|\bopening\s+(?:hours|times)\b|\bhours\s+of\s+business\b|"
               r"\bwhen\s+(?:does|do|is|are)\b[^?.]{0,40}\b(?:open|close|shut)\b", re.I),
    re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\bo['’]clock\b|"
               r"\bnoon\b|\bmidday\b|\bmidnight\b", re.I))


# A body's registration asked for ("compact voice charity number", "its company number"), and
# one stated ("registered charity no. 1123456")
_REGISTERED = r"\b(?:charity|company|registration|registered)\s+"
REGISTRATION = FactKind(re.compile(rf"{_REGISTERED}(?:no\b|number)", re.I),
                        re.compile(rf"{_REGISTERED}(?:no\.?|number)\s*:?\s*\d", re.I))


def states_money(text: str) -> bool:
    """True when the text states a sum of money."""
    return bool(_MONEY.search(text))


# Where in a document something is, asked for ("which paragraph number", "on which page"; not
# "which section", which a heading can answer) and stated ("paragraph 3.4", "p. 12").
PLACE_IN_DOCUMENT = FactKind(
    re.compile(r"\b(?:which|what)\s+(?:page|paragraph|para|clause)s?\b|"
               r"\b(?:page|paragraph|para|clause)\s+numbers?\b", re.I),
    re.compile(r"\b(?:page|pp?\.|paragraph|para\.?|clause|section|chapter)\s*\d", re.I))


# When something began asked for ("when was X first agreed?", "in what year was it first
# signed?"), and a beginning dated ("First agreed: 2009", "signed in 2003", "set up in 2007",
# "launched in 2002"): a year that dates something else ("awarded Green Flag status in 2010")
# does not answer it.
_STARTING = (r"(?:agreed|signed|adopted|launched|set\s+up|established|published|introduced|"
             r"created|started|began|founded|drawn\s+up)")
_WHEN = r"\b(?:when|what\s+year|which\s+year)\b"
_FIRST = r"\b(?:first|originally|initially)\s+"
START = FactKind(
    # the chat box puts "when" last: "merton compact first signed when?"
    # ..."for the first time" after the verb: "which year they signed it first time?"
    re.compile(rf"{_WHEN}[^?.]*{_FIRST}{_STARTING}\b|{_FIRST}{_STARTING}\b[^?.]*{_WHEN}|"
               rf"{_WHEN}[^?.]*\b{_STARTING}\b[^?.]*\b(?:for\s+)?(?:the\s+)?first\s+time\b|"
               rf"{_WHEN}\s+(?:did|was|were)\b[^?.]*\b(?:formally\s+)?(?:adopt|sign|launch|"
               rf"agree|establish|publish|introduce|set\s+up|found|adopted|launched|published)\b",
               re.I),
    re.compile(rf"\b{_STARTING}\b:?[^.;]{{0,80}}\b(?:19|20)\d{{2}}\b|"
               rf"\b(?:19|20)\d{{2}}\b[^.;]{{0,20}}\b{_STARTING}\b", re.I))


# A court case named ("which court case established...", "the name of the judicial review
# case"), and one cited: "R (Smith) v Council", "[2010] EWHC 123". "In which case(s)..." alone
# asks in what circumstances, so the case must be a court's.
COURT_CASE = FactKind(
    re.compile(r"\b(?:which|what|name\s+of\s+the)\s+(?:court|legal|judicial\s+review)\s+cases?\b|"
               # "can you name a court case where...", "a judicial review case that..."
               r"\bname\s+(?:\w+\s+){0,3}?(?:court|legal|judicial\s+review)\s+cases?\b|"
               r"\b(?:court|judicial\s+review)\s+cases?\s+(?:where|in\s+which|that|when)\b", re.I),
    re.compile(r"\b[A-Z][\w'’()]*\s+v\.?\s+[A-Z]|\[(?:19|20)\d{2}\]"))


# A document's own words asked for: "the exact wording", "word for word", "verbatim".
_ASKS_FOR_WORDING = re.compile(
    # "the exact wording", "the exact outcome 3 wording"
    r"\b(?:exact|precise|actual|full)\s+(?:[\w'’-]+\s+){0,3}?(?:wording|words|text)\b|"
    r"\bword[- ]for[- ]word\b|"
    # "can you quote me the definition", "quote what it says"
    r"\bverbatim\b|\bquote\s+(?:(?:me|us)\s+)?(?:the|its|their|what|exactly)\b"
    # "quote the headcount it gave": a figure asked for, not words
    r"(?!\s+(?:[\w'’-]+\s+)?(?:headcount|number|figures?|percentage|share|statistics?|count|"
    r"total|amount|date|year)\b)", re.I)


def asks_for_wording(question: str) -> bool:
    """True when the question asks for a document's exact words, not what it says."""
    return bool(_ASKS_FOR_WORDING.search(question))


# A count asked for ("how many written responses did...": "responses"), and one stated: a
# number, an ordinal or a quantifier shortly before the thing counted ("129 written responses",
# "the eighth year running", "every department").
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'’-]+\s*){1,3})", re.I)
_COUNT_WORD = re.compile(
    rf"^(?:\d[\d,.]*%?|\d+(?:st|nd|rd|th)|{_ONE_TO_TWELVE}|"
    r"twenty|thirty|forty|fifty|hundred|thousand|dozen|several|every|all|each|"
    r"both|no|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth)$", re.I)
COUNT_WINDOW = 5  # words before the thing counted that may hold its number
# A year in the window dates something ("launched in 2002 and then refreshed, with
# organisations asked to re-commit"); it counts the thing only when right before it.
_YEAR_WORD = re.compile(r"^(?:1[89]|20)\d{2}$")
# A number counts things in its own clause: "five promises and seven principles; organisations
# become partners" gives no number of organisations.
_CLAUSE_BREAK = re.compile(r"[;:]\s")


def counted(question: str) -> list[str]:
    """The words naming what a "how many" question counts, one of which is the thing counted
    ("written responses" in "How many written responses did...", "areas held" in "how many
    areas held that status"); [] for other questions."""
    match = _HOW_MANY.search(question)
    return _phrase_words(match.group(1)) if match else []


# "Which nine departments...?", "list the seven principles", "list all fourteen": the members
# of a set the corpus may only count ("list 5 reasons" asks for reasons, not a set's members).
# Answered by a list: the count, up to four words, then a colon ("five outcomes: 1. A
# strong..."), or numbered items. Two or three members are often named in a
# sentence ("co-signed by the Office for Civil Society and Compact Voice"), so sets of four or
# more only.
_SMALL_NUMBER = (r"(?:four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                 r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|[4-9]|1\d|20)")
# Asking for a set's members one by one: "list", "name", "spell out", "set out", "go through"
_ENUMERATE = r"(?:list|name|spell\s+out|set\s+out|go\s+through)"
_ASKS_FOR_MEMBERS = re.compile(
    # "what are the (its, their, Wiltshire's) five promises"
    rf"\b(?:which|what)\s+(?:(?:exactly|actually)\s+)?(?:are\s+|were\s+)?"
    rf"(?:(?:exactly|actually|all)\s+)?"
    rf"(?:(?:the|its|their|these|those|[A-Z][\w-]*['’]s)\s+)?"
    rf"(?P<n>{_SMALL_NUMBER})\b(?!\s*%)"
    rf"|\b{_ENUMERATE}\s+(?:all\s+(?:of\s+)?(?:the\s+)?|the\s+)(?P<m>{_SMALL_NUMBER})\b"
    # "which departments were those nine?"
    rf"|\b(?:which|what)\s+[a-z]+\s+(?:are|were)\s+(?:the|these|those)\s+(?P<k>{_SMALL_NUMBER})"
    rf"\b(?!\s*%)"
    # "it is supported by four codes of practice - what are they called?", "...name them"
    rf"|\b(?P<j>{_SMALL_NUMBER})\s+[a-z][\w'’-]*[^.?!%]{{0,40}}?(?:\bwhat\s+(?:are|were)\s+"
    rf"they(?:\s+called|\s+named)?|\b(?:name|list)\s+them)\b"
    # ...or in the next sentence, by what they are called or which they were: "supported by
    # four codes of practice. What were they called?", "...nine departments. Which
    # departments were they?" (not "We have four staff. What are they owed?")
    rf"|\b(?P<i>{_SMALL_NUMBER})\s+[a-z][\w'’-]*[^?!%]{{0,40}}?(?:\bwhat\s+(?:are|were)\s+"
    rf"they\s+(?:called|named)|\bwhich\s+[a-z]+\s+(?:are|were)\s+they)\b",
    re.I)
_NUMBERED_ITEMS = re.compile(r"(?:^|\s)1[.)]\s.*\s2[.)]\s", re.S)


def asked_members(question: str) -> str | None:
    """The number of a set whose members the question asks for ("nine" in "Which nine
    departments did the NAO review?"); None for other questions."""
    match = _ASKS_FOR_MEMBERS.search(question)
    if not match:
        return None
    return next(number for number in match.group("n", "m", "k", "j", "i") if number).lower()


# A set asked to be listed without its number: "list out what each of those principles says",
# "can you list all the promises", "what are those principles?"
_ASKS_FOR_LISTED = re.compile(
    r"\b(?:list|name)\s+(?:out\s+)?(?:(?:what\s+)?each\s+of\s+|all\s+(?:of\s+)?)?"
    r"(?:the|those|these|its|their)\s+(?:[a-z]+\s+){0,2}?(?P<a>[a-z]+s)\b"
    r"|\bwhat\s+(?:each\s+of\s+)?(?:those|these)\s+(?P<b>[a-z]+s)\s+(?:are|were|say|says)\b"
    r"|\bwhat\s+(?:are|were)\s+(?:those|these)\s+(?P<c>[a-z]+s)\b", re.I)


def counted_members(question: str, text: str) -> str | None:
    """The number by which `text` counts a set the question asks to be listed without saying
    how many ("list out what each of those principles says", the text "a set of 14 shared
    principles": "14"); None when it asks for none, or the text counts none."""
    match = _ASKS_FOR_LISTED.search(question)
    if not match or not looks_plural(noun := next(g for g in match.group("a", "b", "c") if g)):
        return None
    count = re.search(rf"\b({_SMALL_NUMBER}|\d+)\s+(?:[\w-]+\s+){{0,2}}{noun}\b", text, re.I)
    return count.group(1) if count else None


# The words a list's lead may put between the number and the colon: "Five national codes backed
# the 1998 Compact: funding (2000), ..." has six (four had declined its "list the codes" case)
LIST_LEAD_WORDS = 6


def lists_members(number: str, text: str) -> bool:
    """True when the text lists a set of `number` members: the number, up to LIST_LEAD_WORDS
    words, then a colon, or numbered items."""
    colon = re.compile(
        rf"\b{re.escape(number)}\b(?:\s+[\w'’()-]+){{0,{LIST_LEAD_WORDS}}}\s*:", re.I)
    return bool(colon.search(text) or _NUMBERED_ITEMS.search(text))


# A role only a person holds: "who chaired the working group?", "which minister signed it?",
# "the name of the officer who led it"
# ("who headed" or "who ran" the consultation may be answered by an organisation: "led by the
# Office for Civil Society").
_WHO_WHEN = r"(?:(?:\w+ly|now|then|first|last)\s+)?"  # "who currently chairs", "who then was"
_ASKS_FOR_OFFICE_HOLDER = re.compile(
    # "who chairs", "who currently chairs", "who was the chair", "who is the minister now", "who
    # was the council leader", "who's the minister"
    rf"\bwho(?:\s+{_WHO_WHEN}(?:chair(?:s|ed)?|presided)|"
    rf"(?:\s+{_WHO_WHEN}(?:was|is|were|are)|['’]s)"
    r"\s+(?:the\s+)?(?:(?:current|then|new|first|last)\s+)?"
    r"(?:(?:council|party|group|opposition|cabinet)\s+)?"
    r"(?:chair(?:man|woman|person)?|ministers?|mps?|secretar(?:y|ies)\s+of\s+state|leaders?|"
    r"mayors?|presidents?|directors?|chief\s+executives?))\b"
    # "which minister signed...?": a person who held an office
    r"|\bwhich\s+(?:(?:government|cabinet|prime)\s+)?(?:ministers?|mps?|secretar(?:y|ies)\s+of"
    r"\s+state|politicians?)\b"
    # "the name of the council officer who led it", "the name and phone number of the engagement
    # officer": a person in a role
    r"|\bnames?\s+(?:and\s+(?:[\w-]+\s+){1,3})?of\s+(?:the|their|its|our|your|that|this)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:officers?|person|contacts?|managers?|chair(?:man|woman|person)?s?|"
    r"heads?|directors?|leads?|coordinators?|ministers?|chief\s+executives?)\b",
    re.I)
# A person's name: after a title ("Sir Bert Massie", "minister Nick Hurd"), or a run of two or
# three capitalised words of which none names an organisation.
_TITLED = re.compile(r"\b(?:Sir|Lord|Lady|Dame|Baroness|Baron|Dr|Mr|Mrs|Ms|Miss|Professor|"
                     r"[Mm]inister|Prime Minister|Secretary)\s+[A-Z][a-z]+", re.UNICODE)
# The whole run of capitalised words is read, so that an organisation's name is seen to its
# last word ("Marches Local Enterprise Partnership"); a person's name runs to three words at most.
_PERSON_NAME_WORDS = 3
_NAME_RUN = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")
_ORGANISATION_WORD = re.compile(
    r"\b(?:Compacts?|Voice|Group|Office|Council|Commission|Society|Programme|Association|"
    r"Partnership|Forum|Services?|Department|Government|Trust|Board|Fund|Foundation|Network|"
    r"Team|Unit|Agency|Authority|Awards?|Guide|Report|Code|Covenant|Sector|England|Party|Alliance|"
    r"Assembly|Committee|Police|"
    # a document's name is not a person's either ("the new Consultation Principles")
    r"Principles|Standard|Pledge|Strategy|Act|Policy|Plan|Charter|Review|Toolkit|Guidance)\b")


# A count or share split by a kind of party or place: "how many of those were from arts
# groups?", "what proportion of the responses came from statutory bodies as opposed to...",
# "broken down by region"
_BREAKDOWN = re.compile(
    r"\b(?:how\s+many|what\s+(?:proportion|share|percentage|number|fraction))\s+of\s+"
    r"(?:those|them|these|the(?:\s+[\w'’-]+){0,8}?)\s+(?:were|was|came|come|are|is)\s+"
    r"(?:from|by)\s+(?P<party>[^?.,;!]+)|"
    r"\b(?:broken\s+down|split|breakdown)\s+by\s+(?P<split>[^?.,;!]+)", re.I)
# Where the kind named ends: what it is set against, or a second ask
_BREAKDOWN_END = re.compile(r"\s+(?:as\s+opposed\s+to|rather\s+than|versus|vs|compared|and|or)\b.*",
                            re.I)


def breakdown_asked(question: str) -> frozenset[str]:
    """The terms of the kind a question asks a count or share to be split by ("arts groups"
    of "how many of those were from arts groups?"); empty when it asks for no split."""
    match = _BREAKDOWN.search(question)
    if match is None:
        return frozenset()
    kind = _BREAKDOWN_END.sub("", match.group("party") or match.group("split"))
    return term_set(kind)


def asks_for_office_holder(question: str) -> bool:
    """True when the question asks who held a role only a person holds (a chair)."""
    return bool(_ASKS_FOR_OFFICE_HOLDER.search(question))


def states_person(text: str) -> bool:
    """True when the text names a person (a title and a name, or a two- or three-word name that
    names no organisation)."""
    if _TITLED.search(text):
        return True
    return any(len(m.group(0).split()) <= _PERSON_NAME_WORDS
               and not _ORGANISATION_WORD.search(m.group(0)) for m in _NAME_RUN.finditer(text))


def states_count(thing: str, text: str) -> bool:
    """True when the text gives a number of `thing` (any form of the word: "responses")."""
    wanted = terms(thing)
    if not wanted:
        return True
    for start, end in sentence_spans(text):
        for clause in _CLAUSE_BREAK.split(text[start:end]):
            if _gives_count(wanted, re.findall(r"[\w%'’-]+(?:[.,]\d+)*", clause)):
                return True
    return False


def _gives_count(wanted: list[str], words: list[str]) -> bool:
    """True when a count word comes shortly before a word whose last term is `wanted`'s."""
    for index, word in enumerate(words):
        if terms(word)[-1:] == wanted[-1:]:
            before = words[max(0, index - COUNT_WINDOW):index]
            if any(_COUNT_WORD.match(w) and (not _YEAR_WORD.match(w) or at == len(before) - 1)
                   for at, w in enumerate(before)):
                return True
    return False


_DATED_NAME = re.compile(r"\b((?:1[89]|20)\d{2})\s+([a-z]+)", re.I)


def dated_names(text: str) -> set[tuple[str, str]]:
    """A year and the word it qualifies ("the 2010 renewal": ("2010", "renewal")), lowercased."""
    return {(year, word.lower()) for year, word in _DATED_NAME.findall(without_links(text))}


# What a question asks for: the noun phrase after "what's the", "who is the", "which", "what"
# ("What's the phone number...", "Who is the current chief executive..."). "How many X" asks
# for a count, and its X is often shortened or paraphrased ("how many depts"), so it is left out.
# After a possessive, the thing asked for is what is owned ("Who is Compact Voice's current
# chief executive?" asks for a chief executive).
_ASKED_FOR = re.compile(
    r"\b(?:(?:who|what)(?:'s|’s|\s+is|\s+are|\s+was|\s+were)|which|what"
    # "do you have a phone number for...", "can you give me the email of...", "Just give me the
    # phone number...": a fact asked for
    r"|(?:do|does)\s+(?:you|u)\s+have(?=\s+(?:a|an|the|any)\s)"
    r"|(?:(?:can|could)\s+(?:you|u)\s+|(?:^|[.!?]\s+)(?:just\s+|please\s+)?)"
    r"(?:give|send|tell)\s+(?:me|us)(?=\s+(?:a|an|the|any)\s))"
    r"\s+(?:(?:the|a|an|any)\s+)?((?:[A-Za-z][\w-]*\s*){1,4})(?:['’]s\s+((?:[A-Za-z][\w-]*\s*){1,4}))?",
    re.I)
# Words that end that phrase: verbs and adverbs ("what kind of bodies signed", "which then...").
# "...what full cost recovery means": a verb saying what a term is ends it too.
_PHRASE_END = re.compile(r"^(?:\w+(?:ing|ed|ly)|came|went|r|u|means?|meant|involves?|entails?|"
                         r"stands?)$", re.I)
# Words that ask for something without naming a kind of fact ("what sort of", "what's the story"),
# and words that only qualify it ("what's the quickest way", "the usual route").
GENERIC_REQUEST_WORDS = frozenset(
    """kind kinds sort sorts type types way ways thing things story point points idea deal
    situation position argument arguments case difference number numbers figure figures detail
    details pitch message answer answers response responses reply replies comeback comebacks
    rebuttal summary overview outline rundown recap timeline quick brief short rough potted
    gist lowdown essentials basics highlights milestone milestones
    option options choice choices alternative alternatives
    info information else best main key other latest current new old exact real rule rules
    actual precise specific particular true concrete genuine
    quickest fastest easiest simplest cheapest surest usual normal proper right
    longest shortest earliest soonest
    sensible wise smart correct appropriate ideal preferred reasonable good better typical safest
    headline principal major core primary top overall general basic broad
    part parts role bit bits piece pieces aspect aspects lot bunch form forms format manner
    shape sense extent degree order sequence view views stance stances opinion opinions
    conduct behaviour behaviours behavior approach approaches
    thoughts verdict attitude take
    subject subjects topic topics theme themes area areas issue issues matter matters
    result results outcome outcomes effect effects aim aims goal goals purpose purposes
    cycle cycles period periods frequency interval intervals timescale timescales
    proportion proportions percentage share fraction amount total couple few handful
    first second third fourth fifth sixth seventh eighth ninth tenth last final next previous
    date dates day days month months year years
    twenties thirties forties fifties sixties seventies eighties nineties noughties""".split()
)  # what a question is about, a result, a view held ("the Compact's view on that") or a span of
# time names no kind of fact the corpus could lack; the last four lines: a quantity ("a couple
# of") or a time asks for a number or a date, and an order ("the fourth one") picks which, not
# what kind


_GENERIC_REQUEST_TERMS = term_set(" ".join(GENERIC_REQUEST_WORDS))
# Words that only ask or point ("is there one", "anything like it", "tell me"), hedge what is
# asked ("is it basically the replacement?"), or ask without naming a kind of fact: an answer
# need not hold any of them.
ASKING_ONLY_TERMS = _GENERIC_REQUEST_TERMS | term_set(
    "one ones like anything something everything nothing tell basically essentially "
    "effectively really actually simply literally truly")


# "What" as the subject of a verb ("what applies in the meantime", "what happens if"): a word
# ending in -s right after it and followed by a preposition or conjunction, or ending the
# sentence, is a verb.
# The words that follow a verb whose subject is "what": a preposition, conjunction or adverb
AFTER_WHAT_VERB = frozenset(
    "in if to as when at on for after before with now next then here there under during once "
    "until unless whenever where".split())
_WHAT_DOES = re.compile(
    rf"\bwhat\s+\w+s\s+(?:{'|'.join(sorted(AFTER_WHAT_VERB))})\b|"
    # ...and one that ends the sentence: "no local compact here - what applies?"
    r"\bwhat\s+\w+s\s*(?:[?.!]|$)", re.I)


# "What" as the subject of a verb with an object: "what brought that about", "what caused it".
_WHAT_VERB_OBJECT = re.compile(rf"\bwhat\s+\w+\s+(?:{_POINTING_WORDS})\b", re.I)
# "which" after a preposition or a comma opens a relative clause, not a question ("a route by
# which...", "open for six weeks, which feels tight").
_RELATIVE_WHICH = re.compile(
    r"(?:\b(?:by|in|of|for|to|with|from|through|under|at|on|after|before|during)|,)\s+$", re.I)


# Verbs and adjectives after which "which" opens an indirect question ("find out which", "not
# sure which"), not a relative clause
_BEFORE_INDIRECT_WHICH = frozenset(
    """wonder wondering wondered ask asking asked decide deciding check checking see find out
    sure unsure clear idea say show explain confirm list identify tell""".split())
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’-]*)\s+$")


def _opens_relative_clause(question: str, match: re.Match[str]) -> bool:
    """The asking word opens a relative clause, not a question: after a preposition or a
    comma ("by which", "..., which feels tight"), and "which" right after a word that is not a
    little word, a verb of asking or a word in -ing ("the church hall which gets some council
    funding" asks for nothing)."""
    before_match = question[:match.start()]
    if _RELATIVE_WHICH.search(before_match):
        return True
    if not match.group(0).lower().startswith("which"):
        return False
    before = _WORD_BEFORE.search(before_match)
    if before is None:
        return False
    word = before.group(1).lower()  # "showing which", "knowing which": a verb of asking too
    return not (word in STOPWORDS or word in _BEFORE_INDIRECT_WHICH or word.endswith("ing"))


# A fragment typed as a search, with no word that asks ("compact voice phone number"): two to
# five words ending in a number, address, details or name and the word that says which
_FRAGMENT_ASKING = re.compile(
    r"^\s*(?:[A-Za-z][\w'’-]*\s+){1,4}?([A-Za-z][\w-]*)\s+(?:number|address|details|name)\s*[?.!]*\s*$|"
    # ...or opening on it: "phone number for the compact advocacy programme helpline?"
    r"^\s*([A-Za-z][\w-]*)\s+(?:number|address|details|name)\s+(?:for|of)\b")


def asked_for(question: str) -> list[str]:
    """The words naming what the question asks for ("phone" in "What's the phone number for..."),
    without words that only ask ("kind", "sort", "current", "number"); [] when none."""
    match = next((m for m in _ASKED_FOR.finditer(question)
                  if not _opens_relative_clause(question, m)), None)
    if not match:
        fragment = _FRAGMENT_ASKING.match(question)  # "compact voice phone number"
        return [fragment.group(fragment.lastindex or 1)] if fragment else []
    for subject in (_WHAT_DOES.search(question), _WHAT_VERB_OBJECT.search(question)):
        if subject and subject.start() == match.start():  # "what applies...": it names no thing
            return []
    first = match.group(1).split()[0].lower()
    # "What does Compact Voice's guidance say...": a verb, not a thing; "who's behind it?": a
    # preposition opens no noun phrase
    if first in STOPWORDS or first in PREPOSITIONS:
        return []
    words = _phrase_words(match.group(2) or match.group(1))
    # "mid-nineties": the word after a hyphen says what it is
    return [w for w in words if not _only_asks(w.lower().rsplit("-", 1)[-1])]


# Prepositions the stop words leave out ("like" and "including" as in "like letting us use the
# hall?", "including grants?")
PREPOSITIONS = frozenset(
    "behind beyond towards toward within without across along among amongst around beneath "
    "beside besides despite inside outside throughout underneath upon via near onto like unlike "
    "including regarding concerning".split())


def _only_asks(word: str) -> bool:
    """A word that names no kind of fact, in any form ("percentages" as "percentage")."""
    folded = term_set(word)
    return word in GENERIC_REQUEST_WORDS or (bool(folded) and folded <= _GENERIC_REQUEST_TERMS)


# After a noun, a word in -s before "about" is a verb of saying: "which council's compact talks
# about" (before "for" or "in" it is as often a plural: "the legal requirements for"); before an
# adverb of place or time it is a verb too: "which compact applies where", and so it is before
# "like": "what the local compact looks like", and before "by": "what government goes by"; before
# an object pronoun it is a verb with its object: "what the council owes us"
_VERB_BEFORE = frozenset(
    {"about", "where", "when", "here", "there", "now", "locally", "like", "by",
     "us", "them", "me", "you", "him", "her"})


def _phrase_words(text: str) -> list[str]:
    """The words of a noun phrase, up to the first little word, verb or adverb after it."""
    words: list[str] = []
    split = text.split()
    for position, word in enumerate(split):
        following = split[position + 1].lower() if position + 1 < len(split) else ""
        if word.lower() in STOPWORDS or _PHRASE_END.match(word) or (
                words and word.lower().endswith("s") and following in _VERB_BEFORE):
            break
        words.append(word)
        if looks_plural(word) and following and not following.endswith("s") and (
                position + 2 < len(split)):
            break  # "which local compacts mention equality": a word after a plural, with an
            # object after it, is the plural's verb
    return words


def looks_plural(word: str) -> bool:
    """True for a word that reads as a plural noun ("compacts", not "business")."""
    low = word.lower()  # "late-eighties" is an adjective: a hyphened word is not read as plural
    return (len(low) > 3 and "-" not in low and low.endswith("s")
            and not low.endswith(("ss", "us", "is")))
