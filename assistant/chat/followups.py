"""Rewrite a follow-up question from the subject of the conversation, without an LLM.

"when was it first launched?" after "Is there a local Compact in Leeds?" becomes "when was the
local Compact in Leeds first launched?"; "and what about Manchester?" becomes "Is there a local
Compact in Manchester?". A question that names its own subject is returned unchanged.
"""

from __future__ import annotations

import re
from typing import Protocol

from assistant.chat.noun_phrases import (
    AUXILIARIES,
    DOMAIN_NOUNS,
    LINKS,
    QUESTION_WORDS,
    TOKEN,
    Subject,
    capitalised,
    noun_phrases,
    plural_referent,
    pluralise,
    singularise,
    subject_of,
)
from assistant.search.questions import (
    NEGATED_AUXILIARY,
    AnswerType,
    answer_type,
    asked_for,
    looks_plural,
    topic_said_about,
    years,
)
from assistant.search.word_neighbours import NUMBER_WORDS
from assistant.text import (
    STOPWORDS,
    term_set,
    terms,
    with_earlier,
    without_possessive,
    written_as_name,
)

DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# After these words "that" stands for something said before ("is that still...", "does that mean").
PRONOUN_FOLLOWERS = frozenset(
    """is was are were does do did has have had will would can could should mean means apply
    applies work still also ever really true right correct""".split()
)
MAX_HISTORY = 5
MAX_SUBJECTLESS_TERMS = 3
OWN_ANTECEDENT_TERMS = 4

_CONNECTIVE = re.compile(r"^(?:and|so|but|also|then|plus)\b[\s,]*", re.IGNORECASE)
_ABOUT = re.compile(
    r"^(?:(?:and|so|but)\s+)?(?:(?:what|how)\s+about|"
    r"(?:the\s+)?same\s+(?:question\s+|thing\s+|again\s+)?(?:for|with))\s+",  # "same for X"
    re.IGNORECASE)
# An example of what the previous question asked about: "Like letting us use the hall?",
# "including the police?", "such as grants?"
_EXAMPLE_OF_IT = re.compile(
    r"^\W*(?:like|including|such\s+as|for\s+(?:example|instance)|e\.?\s?g\.?)\b", re.IGNORECASE)
# Words a name typed in lower case may hold besides its own ("kensington and chelsea")
_NAME_LINKS = frozenset({"and", "of", "upon", "on", "the"})
MAX_NAME_WORDS = 4
_PERSONAL = re.compile(r"\b(it|they|them)\b", re.IGNORECASE)
_THEY = re.compile(r"\b(they|them)\b", re.IGNORECASE)
_REFERRING = re.compile(
    r"\b(its|their|theirs|this|that|these|those|there|one|ones|same|else|such)\b", re.IGNORECASE
)
_EXPLETIVE_IT = re.compile(
    r"\b(?:is|was|isn't|wasn't|would|will)\s+it\s+(?:\w+\s+)?(?:true|possible|necessary|worth|"
    r"ok|okay|fair|right|legal|enough|likely|wise|better|best|important)\b|"
    # "it's hard to say", "it's our local council that's ignoring it": a cleft, not a subject
    r"\bit\s*(?:is|was|'s|’s)\s+(?:\w+\s+){1,3}?(?:that|who|to)\b|"
    # "and if it's the council?": it names who is in the earlier question's place, not the
    # earlier question's subject
    r"\bif\s+it\s*(?:is|was|'s|’s)\s+(?:the|a|an|our|my|their|your)\b",
    re.IGNORECASE,
)
_EXISTENTIAL_THERE = re.compile(r"\b(?:is|are|was|were)\s+there\b|\bthere\s+(?:is|are|was|were)\b",
                                re.IGNORECASE)
# Where the part of a question that asks begins: after a dash, a colon or a full stop.
_LAST_CLAUSE = re.compile(r"\s+[—–-]\s+|[:;]\s+|(?<=[.?!])\s+")
_RELATIVE_TIME = re.compile(
    r"\b(?:the|that)\s+(?:following|next|previous|preceding|same)\s+(?:year|month|decade)\b|"
    r"\bthe\s+(?:year|month)\s+(?:after|before)\b(?!\s+(?:the|a|an|\d))", re.I)
# A year counted from the one said before: "a year later", "the following year", "the year
# before"; the sign says which way
_YEAR_AFTER = re.compile(
    r"\b(?:(?:a|one)\s+year\s+(?:later|after|on)|the\s+(?:following|next)\s+year|"
    r"the\s+year\s+after)\b(?!\s+(?:the|a|an|\d))", re.I)
_YEAR_BEFORE = re.compile(
    r"\b(?:(?:a|one)\s+year\s+(?:earlier|before)|the\s+(?:previous|preceding)\s+year|"
    r"the\s+year\s+before)\b(?!\s+(?:the|a|an|\d))", re.I)
_ONE = re.compile(r"\b(?:which|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                  r"tenth|last|that|this|other|the(?:\s+(?:current|latest|newest|present|"
                  r"existing|original|previous))?)\s+ones?\b", re.I)
# "one" ending its clause stands for something said: "who signs up to one?", "is there one?"
_ONE_ALONE = re.compile(r"\bones?\s*(?:[?.!,;]|$)", re.I)
_CHATTER = re.compile(r"^\W*(?:hi|hello|hey|thanks?|thank you|cheers|ok(?:ay)?|great|bye)\b\W*$",
                      re.IGNORECASE)
# "Different question - do I have to declare it...": the asker says the topic has changed, so
# a pronoun points ahead in the question, not back at the conversation ("another question"
# is as often about the same thing)
_NEW_TOPIC = re.compile(
    r"^\W*(?:(?:a\s+|on\s+(?:a|an)\s+)?(?:different|separate|unrelated)\s+"
    r"(?:question|topic|subject|thing|note|matter)|changing\s+(?:the\s+)?(?:subject|topic)|"
    r"unrelated)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d{4}\b|\b\d+(?:[.,]\d+)?\b")
_SENTENCE_START = re.compile(r"[.?!]\s+$")
_NOT_NAMES = frozenset({"I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll"})
_DATED = re.compile(  # a year with the month before it, if any; else any number
    r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?\d{4}\b|\b\d+(?:[.,]\d+)?\b")
# The little words between the capitalised words of a name ("Kensington and Chelsea")
_LINKS = r"(?:and|of|for|the|&)"
_NAME = re.compile(
    rf"\b[A-Z][\w'’-]*(?:(?:\s+{_LINKS})*\s+[A-Z][\w'’-]*)*", re.UNICODE
)


class QueryRewriter(Protocol):
    """Turns a follow-up into a question that stands alone."""

    def rewrite(self, question: str, history: list[str]) -> str:
        """The question to search, given the earlier questions of the conversation."""
        ...


class FollowUpRewriter:
    """The rule-based rewriter of this module (no LLM)."""

    def rewrite(self, question: str, history: list[str]) -> str:
        """See `rewrite`."""
        return rewrite(question, history)


def rewrite(question: str, history: list[str]) -> str:
    """The question, completed from the previous questions' subject when it is a follow-up."""
    question = question.strip()
    if not history or not question:
        return question
    leans = is_follow_up(question)  # before its "one" is named: "a new one" leans back
    question = _compact_for_one(question, history)
    if not leans:
        return question
    history = history[-MAX_HISTORY:]  # a chain of follow-ups is resolved this far back at most
    previous = rewrite(history[-1], history[:-1]).strip().rstrip("?.! ")
    if not previous:
        return question
    question = _counted_year(question, previous)
    swapped = _swap(question, previous)
    if swapped:
        return swapped
    # The whole previous question goes along when the follow-up points at something said
    # ("that number"), when no one subject stands out (none, or two things named), and when
    # there is no pronoun to put the subject in ("who are the full signatories?", "did councils
    # stick to that?"): the subject alone may not be what was asked about ("the NAO" of "what
    # did the NAO find about consultations").
    after = with_earlier(question, previous)
    if _DEMONSTRATIVE_SUBJECT.match(question) or (
            (_demonstrative(question) or _THAT_OBJECT.search(question))
            and not _named_positions(question, count_years=False)):
        return after  # "does that apply to the NHS, or is it just the council?": what was said
    asking = _asking_clause(previous)
    subject = subject_of(asking) if asking else None
    if (subject is None or _brings_in_another(previous, subject)
            or _answer_named(question, previous, subject)
            or _continues_unnamed(question, previous)
            or _same_as_asked(question, asking or previous, subject)):
        return after
    return _substitute(question, subject, previous) or after


# "one" standing for a noun after a determiner and perhaps an adjective, ending its phrase ("a
# local one?", "a separate one covering health", "our local one")
_ONE_FOR_NOUN = re.compile(
    r"\b(?:a|an|any|our|their|its|your|my)\s+(?:[a-z]+\s+)?"
    r"(?P<one>ones?)\b(?![-\w])(?=\s*(?:[?.!,;]|$|covering\b|for\b|with\b|in\b|or\b|and\b))",
    re.IGNORECASE)


def _compact_for_one(question: str, history: list[str]) -> str:
    """The question with a Compact named where its "one" stands for one: in a conversation
    about Compacts, a question that names none asks for one with "a local one?" ("Does Kent
    have a local one?", "a separate one covering health"); "a one-year grant" is a count."""
    if DOMAIN_NOUNS & _words(question) or not any(
            DOMAIN_NOUNS & _words(earlier) for earlier in history):
        return question
    match = _ONE_FOR_NOUN.search(question)
    if match is None:
        return question
    noun = "Compacts" if match.group("one").lower() == "ones" else "Compact"
    return f"{question[:match.start('one')]}{noun}{question[match.end('one'):]}"


def _counted_year(question: str, previous: str) -> str:
    """The question with "a year later" ("the year before"...) written as the year it means,
    when the previous question says one year: after "...in 2011?", "and a year later?" asks
    "and in 2012?"."""
    said = set(years(previous))
    if len(said) != 1:
        return question
    year = int(next(iter(said)))
    for pattern, step in ((_YEAR_AFTER, 1), (_YEAR_BEFORE, -1)):
        match = pattern.search(question)
        if match:
            before, after = question[:match.start()], question[match.end():]
            owner = _POSSESSIVE.match(after)
            if owner:  # "at the following year's awards": "at the 2012 awards"
                return f"{before}the {year + step}{after[owner.end():]}"
            # "by the following year": "by 2012", not "by in 2012"
            preposition = "" if _ENDS_ON_PREPOSITION.search(before) else "in "
            return f"{before}{preposition}{year + step}{after}"
    return question


_POSSESSIVE = re.compile(r"['’]s\b")
_ENDS_ON_PREPOSITION = re.compile(r"\b(?:in|at|by|during|for|from|of|on|until|after|before)\s+$",
                                  re.I)


_ASKS_WHO = re.compile(r"who\b", re.I)


def _answer_named(question: str, previous: str, subject: Subject) -> bool:
    """After a question asking who, "they" with a subject that is one thing is whoever the
    answer named ("Who speaks for the sector on the Compact?" - "Are they a charity?"), while
    "they" of a plural ("government departments") or "it" of one thing is the subject. After
    one asking what replaced something, "it" is the successor the answer named ("what's
    replaced the compact?" - "who signed it?")."""
    asking = _LAST_CLAUSE.split(previous)[-1].lstrip()
    if answer_type(asking) is AnswerType.successor:
        return True
    if not (_ASKS_WHO.match(asking) and _THEY.search(question)):
        return False
    referent = plural_referent(asking, subject)
    return not looks_plural(referent.words[referent.head])


def _same_as_asked(question: str, asking: str, subject: Subject) -> bool:
    """"was it the same under the older Compact?" after "How much notice does the Compact say
    a council must give?": "it" is the notice asked about, not the subject (the Compact); unless
    the subject is what was asked for ("what's the least notice they should give?")."""
    return bool(_IT_THE_SAME.search(question)) and not (
        {word.lower() for word in subject.words} & set(asked_for(asking)))


def _brings_in_another(previous: str, subject: Subject) -> bool:
    """A "was there...?" question whose first noun phrase, the thing it brings in, is not its
    subject: after "Was there ever an independent body set up to oversee the Compact?", "it" is
    the body, not the Compact."""
    asking = _LAST_CLAUSE.split(previous)[-1]  # "The Compact talks of X - is there a guide?"
    if not _EXISTENTIAL_THERE.match(asking.lstrip()):  # it opens "is there", "was there"
        return False
    phrases = noun_phrases(asking)
    return bool(phrases) and phrases[0] != subject


def _continues_unnamed(question: str, previous: str) -> bool:
    """"they" in both: after "The council says our grant ends in 3 weeks. Surely they have to
    give more notice?", "and if they ignore that?" goes on with the previous question's own
    "they" (the council, named in its context), not with a noun phrase of its own."""
    match = _personal_pronoun(question)
    return (match is not None and match.group(1).lower() != "it"
            and bool(_THEY.search(previous)))


def _asking_clause(question: str) -> str | None:
    """The part of a question that asks, after any context before a dash, colon or full stop
    ("Our council is cutting our grant - how much notice should we get?": "it" in the next
    question is the notice, not the council); the whole question when no later part opens
    with a question word, or when the part that asks brings something in ("is there...?",
    whose follow-ups `_brings_in_another` reads with the whole question). None when the part
    that asks points back at the context ("Our grant stops in March. Is that allowed?"): what
    it asks about is a situation, not one noun phrase a pronoun could stand for."""
    parts = [part for part in _LAST_CLAUSE.split(question) if part.strip()]
    asking = [part for part in parts[1:] if _opening_word(part) in QUESTION_WORDS]
    if not asking or _EXISTENTIAL_THERE.match(asking[-1].lstrip()):
        return question
    return None if _referring_word(asking[-1]) else asking[-1]


def _opening_word(part: str) -> str:
    """The first word of a part, lower-cased, without quotes or a contraction ("what's": what)."""
    return re.split(r"['’]", part.split()[0].lower().strip("'\"‘“"), maxsplit=1)[0]


def is_follow_up(question: str) -> bool:
    """True when the question leans on an earlier one (a pronoun, "and in ...", no subject)."""
    if _CHATTER.match(question) or _NEW_TOPIC.match(question) or not TOKEN.search(question):
        return False
    if _ABOUT.match(question) or _EXAMPLE_OF_IT.match(question):
        return True
    connective = _CONNECTIVE.match(question)
    body = question[connective.end():] if connective else question
    if connective and _fragment(body):
        return True
    return _leans_on_context(body)


def _leans_on_context(question: str) -> bool:
    """A pronoun with no name before it, a "that" with no name at all, or no subject. A year is
    not a name here: "how many held that status in 2011?" still leans back."""
    if _RELATIVE_TIME.search(question):  # "the following year" is the year after one said
        return True
    named = _named_positions(question, count_years=False)
    pronoun = _personal_pronoun(question)
    if pronoun is not None and not any(position < pronoun.start() for position in named):
        # Late in a long question, a pronoun usually points back inside the question itself;
        # a "that" before it may still point back ("Is that still...? Someone said it changed.")
        # ...but "they" or "them" after no plural points back ("Has any council done
        # especially well in them?")
        before = question[: pronoun.start()]
        if len(terms(before)) < OWN_ANTECEDENT_TERMS or (
                pronoun.group(1).lower() != "it" and not _names_plural(before)):
            return True
    if _THAT_OBJECT.search(question):  # "what did the NAO make of that?", names or not
        return True
    if _IRREFLEXIVE_OBJECT.search(question):  # "is the CCG a signatory to it?"
        return True
    if _SAME_AS_SAID.search(question):  # "did the 2009 version of the Compact say the same?"
        return True
    if _THAT_ONE.search(question):  # "Is the LEP signed up to that one as well?"
        return True
    if _DEMONSTRATIVE_SUBJECT.match(question):  # "did that come out before the Compact?"
        return True
    if named:
        return False
    return (_referring_word(question) or _demonstrative(question)
            or len(terms(question)) <= MAX_SUBJECTLESS_TERMS or _definite_unnamed(question))


# A question whose subject is "that" or "this" ("did that come out at the same time as the
# renewed Compact?", "is this report still used?"): it points back, whatever it names after
_DEMONSTRATIVE_SUBJECT = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:(?:did|does|do|is|was|were|are|has|had|have|will|"
    r"would|can|could|should)\s+)?(?:that|this|those|these)\b", re.IGNORECASE)


# "the signatories", "the partners": a group of a thing's own; not "the time", "the report"
_DEFINITE_GROUP = re.compile(r"\bthe\s+[a-z]+(?<![su])s\b", re.IGNORECASE)


def _definite_unnamed(question: str) -> bool:
    """"how many principles do the signatories sign up to?": a group with "the" belongs to a
    thing already in the conversation when the question names nothing and no Compact."""
    return bool(_DEFINITE_GROUP.search(question)) and not DOMAIN_NOUNS & _words(question)


def _words(text: str) -> set[str]:
    """The text's words in lower case, letters only."""
    return set(re.findall(r"[a-z]+", text.lower()))


# A question opening negated ("didn't the NAO say...?", "can't they...?")
_NEGATED_AUXILIARY = re.compile(rf"^{NEGATED_AUXILIARY}$")


def _fragment(text: str) -> bool:
    """A phrase rather than a question: "in Leeds?", "back in 2011?"."""
    first = (text.split() or [""])[0].lower()
    return (bool(first) and first not in QUESTION_WORDS and first not in STOPWORDS - LINKS
            and not _NEGATED_AUXILIARY.match(first))


def _named_positions(question: str, count_years: bool = True) -> list[int]:
    """Where the question names something: a name, an acronym, a number (a year only when
    `count_years` is True) or the Compact."""
    positions = []
    for k, match in enumerate(TOKEN.finditer(question)):
        word = match.group(0)
        base = without_possessive(word.lower())
        number = word[0].isdigit() and (count_years or word not in years(word))
        # a capital opening a later sentence ("...? Someone told me") is not a name
        opens_sentence = _SENTENCE_START.search(question[:match.start()]) is not None
        name = capitalised(word) and word not in _NOT_NAMES and not opens_sentence
        if (k and name) or number or base in DOMAIN_NOUNS or (
            len(word) > 1 and word.isupper()
        ):
            positions.append(match.start())
    return positions


# Plurals not made with -s, which "they" may stand for
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "staff", "police"})


def _names_plural(text: str) -> bool:
    """True when the text has a word that reads as a plural noun."""
    return any(looks_plural(word) or word.lower() in _IRREGULAR_PLURALS
               for word in TOKEN.findall(text))


def _personal_pronoun(question: str) -> re.Match[str] | None:
    pattern = _THEY if _EXPLETIVE_IT.search(question) else _PERSONAL
    return pattern.search(question)


# "was it the same under the older Compact?", asking whether what was said still holds (not
# "does it have the same five outcomes as...?", which asks about "it")
_IT_THE_SAME = re.compile(r"\b(?:was|is|were|are)\s+(?:it|they)\s+(?:\w+\s+)?the\s+same\b",
                          re.IGNORECASE)

# "the same" ending a question, with nothing named to compare: the same as was said before
_SAME_AS_SAID = re.compile(r"\bthe\s+same(?:\s+thing)?\s*[?.!]*\s*$", re.IGNORECASE)

# A relation nothing has to itself, with a pronoun for its other side: in "is the CCG a full
# signatory to it?" or "has the council signed up to them?", "it" is not the CCG (that would be
# "itself"), so it points back to something said before.
_IRREFLEXIVE_OBJECT = re.compile(
    r"\b(?:signator(?:y|ies)\s+to|sign(?:s|ed|ing)?(?:\s+up)?(?:\s+to)?|party\s+to|"
    r"members?\s+of|part\s+of|join(?:s|ed|ing)?)\s+(?:it|them)\b", re.IGNORECASE)

# "that one", "this one": one thing the conversation named, whatever the question names
_THAT_ONE = re.compile(r"\b(?:that|this)\s+ones?\b", re.IGNORECASE)
# "that" as the object of a preposition, ending its phrase: "stick to that in practice",
# "what about that?"; not "true that in 2010..."
_THAT_OBJECT = re.compile(
    r"\b(?:to|about|with|on|for|from|of|like|by|do|does|did)\s+that\s*"
    r"(?:[?.!,;]|$|(?=\s+(?:in|at|now|then|any|anymore|still|too|nowadays|these days)\b))",
    re.IGNORECASE)


def _referring_word(question: str) -> bool:
    if _THAT_OBJECT.search(question):
        return True
    text = _EXISTENTIAL_THERE.sub(" ", question)
    for match in _REFERRING.finditer(text):
        word = match.group(1).lower()
        following = (text[match.end():].split() or [""])[0].lower().strip("?.!,")
        # after an auxiliary ("was that any different?") "that" is the subject, whatever follows
        before = (text[:match.start()].split() or [""])[-1].lower()
        if (word in DEMONSTRATIVES and following and following not in PRONOUN_FOLLOWERS
                and before not in AUXILIARIES):
            continue  # a determiner or a conjunction: "that outcome", "true that the..."
        if word in {"one", "ones"} and not (_ONE.search(text) or _ONE_ALONE.search(text)):
            continue
        return True
    return False


_DEMONSTRATIVE = re.compile(r"\b(?:this|that|these|those)\s+([\w'’]+)", re.IGNORECASE)


def _demonstrative(question: str) -> bool:
    """"that number", "those figures", "is that still...": something the conversation said,
    not a name a subject could stand for."""
    for match in _DEMONSTRATIVE.finditer(_EXISTENTIAL_THERE.sub(" ", question)):
        following = match.group(1).lower()
        if following in PRONOUN_FOLLOWERS or (
                following not in STOPWORDS and following not in QUESTION_WORDS):
            return True
    return False


def _swap(question: str, previous: str) -> str | None:
    """"and what about X?" / "and in X?": the previous question with its name or year swapped."""
    about = _ABOUT.match(question)
    rest = question[about.end():] if about else ""
    if not about:
        # "and dudley?", or the name alone ("dudley", "Dudley?")
        connective = _CONNECTIVE.match(question)
        rest = question[connective.end():] if connective else question
        if not _fragment(rest) or (not connective and len(rest.split()) > MAX_NAME_WORDS):
            return None
    rest = rest.strip().rstrip("?.! ")
    if _ANOTHER_SENTENCE.search(rest):  # "and in 2012? why did the number drop?" asks more
        return None
    new_numbers, old_number = list(_NUMBER.finditer(rest)), _DATED.search(previous)
    new_number = new_numbers[0] if new_numbers else None
    if new_numbers and old_number:
        if _dates_another_thing(rest[new_numbers[-1].end():], previous[old_number.end():]):
            return None
        # "in October 2013" and "what about 2011 and 2012?": the whole date gives way
        new = rest[new_numbers[0].start():new_numbers[-1].end()]
        return f"{previous[:old_number.start()]}{new}{previous[old_number.end():]}?"
    old_name = _entity(previous) or _lower_case_compact_name(previous)
    if old_name is None and about and not new_number:
        return _topic_swapped(previous, rest)
    if old_name is None or new_number:
        return None
    new_name = _entity(rest)
    typed = rest[new_name[0]:new_name[1]] if new_name else _lower_case_name(rest)
    if typed is None:
        return None
    new = typed
    if _COMPACT_AFTER.search(previous[:old_name[1]]) and not _COMPACT_AFTER.search(new):
        # "the Sutton Compact" -> "the Kensington and Chelsea Compact": a Compact's name
        new = f"{typed if new_name else written_as_name(typed, _NAME_LINKS)} Compact"
    before = previous[:old_name[0]]
    if new.endswith("s"):  # "a PCC" -> "CCGs", not "a CCGs"
        before = re.sub(r"\b(?:a|an)\s+$", "", before, flags=re.IGNORECASE)
    return f"{before}{new}{previous[old_name[1]:]}?"


def _topic_swapped(previous: str, topic: str) -> str | None:
    """"what about BME groups?" after "Does the Compact say anything about equality?": the
    previous question asked of the new topic, when it asked what is said about one."""
    old = topic_said_about(previous)
    start = previous.rfind(old) if old else -1
    if old is None or start < 0:
        return None
    return f"{previous[:start]}{topic}{previous[start + len(old):]}?"


_ANOTHER_SENTENCE = re.compile(r"[?.!]\s+\w")
_WORD_AFTER = re.compile(r"\s*([A-Za-z][\w'’-]*)")
DATED_THING_WORDS = 3  # the words after a year that may name what it dates ("2014 Compact Awards")


def _dates_another_thing(after_new: str, after_old: str) -> bool:
    """True when the year asked about dates a thing the previous question's year does not:
    "what about the 2015 follow-up report?" after "...after the 2010 renewal?" asks about the
    report, while "what about the 2015 awards?" after "who won the 2014 Compact Awards?" swaps
    the year."""
    new_thing = _WORD_AFTER.match(after_new)
    if new_thing is None or new_thing.group(1).lower() in STOPWORDS:
        return False
    old_things = term_set(" ".join(after_old.split()[:DATED_THING_WORDS]))
    return not set(terms(new_thing.group(1))) <= old_things


# "the leeds compact" typed in lower case: the words between "the" and "Compact" name its place,
# unless they only say which of the Compacts it is
_LOWER_CASE_COMPACT = re.compile(r"\bthe\s+((?:[a-z][\w'’-]*\s+){1,3}?)compacts?\b")
_WHICH_COMPACT = frozenset(
    "local national new old first original renewed refreshed revised current latest draft whole "
    "voluntary sector".split())


def _lower_case_compact_name(text: str) -> tuple[int, int] | None:
    """Where the place of "the leeds compact" is, in a question typed in lower case."""
    match = _LOWER_CASE_COMPACT.search(text)
    if match is None or any(word in STOPWORDS | _WHICH_COMPACT for word in match.group(1).split()):
        return None
    return match.start(1), match.start(1) + len(match.group(1).rstrip())


def _lower_case_name(text: str) -> str | None:
    """A short phrase typed in lower case that can only be a name ("kensington and chelsea",
    "charities": no word of it is a little word but the links of names)."""
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or words[0].lower() in _NAME_LINKS or any(
            word.lower() in STOPWORDS - _NAME_LINKS or word.lower() in QUESTION_WORDS
            for word in words):
        return None
    return text.strip()


_COMPACT_AFTER = re.compile(r"\bCompacts?$", re.IGNORECASE)


_LEADING_LINKS = re.compile(rf"^(?:{_LINKS}\s+)+", re.IGNORECASE)
_OWNED_COMPACT = re.compile(r"['’]s\s+Compacts?$")
_COMPACT_FOR = re.compile(r"(?:the\s+)?Compacts?\s+(?:for|of)\s+", re.IGNORECASE)


def _entity(text: str) -> tuple[int, int] | None:
    """Where the first name in the text is: not a capitalised first word ("Did", "What"), not
    the word Compact, and the place of a place's Compact ("Calderdale" of "Calderdale's
    Compact", "Bristol" of "the Compact for Bristol")."""
    for match in _NAME.finditer(text):
        start, name = match.start(), match.group(0)
        first, _, rest = name.partition(" ")
        if start == 0 and first.lower() in STOPWORDS | QUESTION_WORDS:
            # "Does the Compact...": "the Compact" is no name
            if not rest or _LEADING_LINKS.sub("", rest).lower() in DOMAIN_NOUNS:
                continue
            start, name = match.end() - len(rest), rest
        name = _OWNED_COMPACT.sub("", name)
        compact_for = _COMPACT_FOR.match(name)
        if compact_for and compact_for.end() < len(name):
            start, name = start + compact_for.end(), name[compact_for.end():]
        if name.lower() in DOMAIN_NOUNS:
            continue
        return start, start + len(name)
    return None


# A verb run into a pronoun: "they're", "they've"; "it's" is left, as it reads as well as a
# possessive ("the Compact's"), which "it's" often is
_CONTRACTION = re.compile(r"['’](re|ve|ll|d)\b", re.IGNORECASE)
_CONTRACTED = {"re": "are", "ve": "have", "ll": "will", "d": "would"}


# The subject has or has got a thing: "does surrey have a compact?", "has Leeds got one?"
_HAS_A_THING = re.compile(r"\b(?:have|has|got)\s+(?:a|an|any|one|its\s+own|their\s+own)\b",
                          re.IGNORECASE)


def _one_named_thing(subject: Subject) -> bool:
    """A definite name of one word ("the Compact"): a thing "they" does not stand for, where a
    plural the previous question names does ("...whether government departments are sticking to
    the Compact?" then "how well were they doing?"). Initials ("the NAO") name a body, which
    "they" may."""
    word = subject.words[0]
    return (len(subject.words) == 1 and subject.determiner == "the" and capitalised(word)
            and not word.isupper())


def _counts(subject: Subject) -> bool:
    """The phrase is a number alone ("the five" of "What are the five?"): no noun "one" is."""
    head = subject.words[subject.head].lower()
    return head.isdigit() or head in NUMBER_WORDS


def _substitute(question: str, subject: Subject, previous: str) -> str | None:
    """Put the subject in place of "it", "they" or "them", or its noun in "the first one"."""
    one = _ONE.search(question)
    if one:
        ones = one.group(0).lower().endswith("ones")
        # "the ones" are of a plural; so is "the one" after a question whose subject is a
        # one-word name ("the one about funding" of "the five outcomes the Compact...")
        if ones or _one_named_thing(subject) or _counts(subject):
            subject = plural_referent(previous, subject)
            if _counts(subject):
                return None  # "the first one" after "What are the five?": no noun to count
        noun = subject.words[subject.head]
        noun = pluralise(noun) if ones else singularise(noun)
        start = one.end() - len(one.group(0).split()[-1])
        return _CONNECTIVE.sub("", f"{question[:start]}{noun}{question[one.end():]}", count=1)
    match = _personal_pronoun(question)
    if match is None:
        return None
    plural = match.group(1).lower() != "it"
    if not plural and _HAS_A_THING.search(previous):
        return None  # "it" is the thing had: after "does surrey have a compact?", its Compact
    if plural and _one_named_thing(subject):
        referent = plural_referent(previous, subject)
        if referent is subject:
            return None  # no plural said: "they" are not "the Compact", but unnamed
        subject = referent
    head = subject.words[subject.head]
    if plural and not subject.determiner and not looks_plural(head) and not capitalised(head):
        return None  # "they" is not a bare singular ("birmingham", "responsible"): no plural
    phrase = subject.plural() if plural else subject.singular()
    phrase = without_possessive(phrase)  # "Compact Voice's role": they are Compact Voice
    end = match.end()
    contracted = _CONTRACTION.match(question, end)
    if contracted:  # "they're" -> "the councils are", not "the councils're"
        phrase = f"{phrase} {_CONTRACTED[contracted.group(1).lower()]}"
        end = contracted.end()
    rewritten = f"{question[:match.start()]}{phrase}{question[end:]}"
    return _CONNECTIVE.sub("", rewritten, count=1)
