"""The directory of local Compacts: look-ups, validation, and list questions through the API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.directory.casing import capitalise_places
from assistant.directory.list_questions import unknown_place
from assistant.directory.lookup import CompactDirectory, level_in, place_key
from assistant.directory.places import Gazetteer
from assistant.errors import CorpusError
from assistant.ingest.compacts import parse_compacts, rendered_fields
from assistant.pipeline import Assistant, build_assistant, build_index, build_indexer
from assistant.schemas import Status
from assistant.search.embedders import Embedder

from .conftest import CORPUS, CountingEmbedder, make_settings

LIST = CORPUS / "local-compacts.csv"
LISTED = 78  # rows of the shared list (its README says 78: 76 local, 2 regional)
LONDON_BOROUGHS = 13  # rows whose level names a London borough
HEADER = "name,area,level,region,first_agreed,latest_version,notes,source"


@pytest.fixture(scope="module")
def directory() -> CompactDirectory:
    return CompactDirectory(parse_compacts(LIST, LIST.read_text(encoding="utf-8")))


def _slugs(entries: list) -> list[str]:  # type: ignore[type-arg]
    return [entry.slug for entry in entries]


@pytest.mark.parametrize(
    ("area", "slug"),
    [
        ("Shropshire", "shropshire-compact"),
        ("shropshire", "shropshire-compact"),
        ("Shropshre", "shropshire-compact"),
        ("Kensington", "kensington-and-chelsea-compact"),
        ("Royal Borough of Kensington & Chelsea", "kensington-and-chelsea-compact"),
        ("Leeds City Council", "compact-for-leeds"),
        ("Borough of Merton", "merton-compact"),
        ("Manchester", "working-together-a-compact-for-manchester"),
    ],
)
def test_find_by_area(directory: CompactDirectory, area: str, slug: str) -> None:
    assert _slugs(directory.find_area(area)) == [slug]


@pytest.mark.parametrize("area", ["Truro", "Norfolk", "Over", "Compact"])
def test_areas_not_in_the_list(directory: CompactDirectory, area: str) -> None:
    assert directory.find_area(area) == []


def test_find_by_region_level_and_notes(directory: CompactDirectory) -> None:
    assert _slugs(directory.find_region("east of england")) == [
        "essex-compact",
        "braintree-compact",
        "compact-for-colchester",
        "epping-forest-compact",
        "hertfordshire-compact",
        "suffolk-compact-the-compact-in-suffolk",
        "thurrock-compact",
        "peterborough-compact",
    ]
    assert len(directory.find_level("London borough")) == LONDON_BOROUGHS
    assert _slugs(directory.search("memorandum with the Marches LEP"))[0] == "shropshire-compact"
    assert _slugs(directory.filter(region="London", q="award")) == [
        "merton-compact",
        "redbridge-compact",
        "sutton-compact",
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (",Somewhere,county,South East,,,,", "name", "empty"),
        ("Nowhere Compact,,county,South East,,,,", "area", "empty"),
        ("X Compact,X,county,South East,twenty ten,,,", "first_agreed", "not a year"),
        ("Bristol Compact,Bristol,city,South West,,,,", "name", "duplicate"),
        ("Y Compact,Y,county,South East,,,,not a url at all", "source", "not a valid URL"),
    ],
)
def test_validation_names_row_and_column(
    tmp_path: Path, row: str, column: str, message: str
) -> None:
    path = tmp_path / "local-compacts.csv"
    path.write_text(LIST.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        parse_compacts(path, path.read_text(encoding="utf-8"))
    text = str(caught.value)
    assert "local-compacts.csv" in text and f"line {LISTED + 2}" in text
    assert f"'{column}'" in text and message in text


def test_bad_email_and_extra_columns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "full.csv"
    path.write_text(
        HEADER + ",vcs_contact,colour\n"
        "A Compact,Aville,county,South East,2001,2002,,https://a.example,lead@a.example,red\n"
        "B Compact,Bville,county,South East,2001,2002,,https://b.example,not-an@email,blue\n"
    )
    with pytest.raises(CorpusError, match=r"line 3.*'vcs_contact'.*e-mail"):
        parse_compacts(path, path.read_text())
    assert "colour" in caplog.text


def test_optional_columns_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "full.csv"
    path.write_text(
        HEADER + ",url,vcs_lead,vcs_contact\n"
        "A Compact,Aville,county,South East,2001,2002,,https://a.example,"
        "https://compact.a.example,Aville CVS,lead@a.example\n"
    )
    record = parse_compacts(path, path.read_text())[0]
    assert "Voluntary sector lead: Aville CVS" in record.render()
    assert "Voluntary sector contact: lead@a.example" in record.render()
    assert record.link == "https://compact.a.example"


def test_a_bad_list_keeps_the_good_one_indexed(corpus_copy: Path, tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(corpus_copy, tmp_path / "index")
    indexer = build_indexer(settings, embedder_factory=lambda: CountingEmbedder(embedder))
    assert indexer.build().ok
    with (corpus_copy / "local-compacts.csv").open("a", encoding="utf-8") as handle:
        handle.write("Broken Compact,,county,South East,,,,\n")
    report = indexer.build()
    assert [e.path.name for e in report.errors] == ["local-compacts.csv"]
    assistant = build_assistant(settings, index=build_index(settings), embedder=embedder)
    assert len(assistant.directory) == LISTED
    assert assistant.ask("Is there a local Compact in Shropshire?").citations


def test_list_questions_cite_the_row(assistant: Assistant) -> None:
    answer = assistant.ask("Is there a local Compact in Shropshire?")
    assert answer.status.value == "answered" and answer.answerer == "directory"
    assert answer.citations[0].section == "Shropshire Compact"
    assert answer.citations[0].quote.startswith("Shropshire Compact. Area: Shropshire.")
    assert answer.citations[0].source == "https://www.shropshire.gov.uk"
    leeds = assistant.ask("When was the Leeds compact first launched?")
    assert "First launched in 2003" in leeds.answer
    east = assistant.ask("Which local compacts are there in the East of England?")
    assert [c.section for c in east.citations] == [
        "Essex Compact",
        "Braintree Compact",
        "Compact for Colchester",
        "Epping Forest Compact",
        "Hertfordshire Compact",
        "Suffolk Compact (The Compact in Suffolk)",
        "Thurrock Compact",
        "Peterborough Compact",
    ]


def test_area_not_in_list_is_honest(assistant: Assistant) -> None:
    answer = assistant.ask("Is there a local Compact in Kettering?")
    assert answer.status.value == "not_found" and answer.citations == []
    assert "Kettering, in Northamptonshire, is not in this list" in answer.answer
    assert "partial" in answer.answer and "compacts-map" in answer.answer
    assert "no local Compact" not in answer.answer and "does not have" not in answer.answer


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("is there a local compact for norfolk?", "Norfolk"),  # a county: the gazetteer's area
        ("is there a local compact in plymouth?", "Plymouth"),  # a town of the gazetteer
    ],
)
def test_an_area_typed_in_lower_case_is_not_in_the_list(
        assistant: Assistant, question: str, place: str) -> None:
    answer = assistant.ask(question)
    assert answer.status is Status.not_found and answer.citations == []
    assert f"{place} is not in this list" in answer.answer


def test_initials_no_gazetteer_knows_are_not_a_place_missing_from_the_list(
        assistant: Assistant) -> None:
    # "for BME groups" names a group, not an area the list lacks: the documents answer
    answer = assistant.ask("does the compact say anything about equality, like for BME groups?")
    assert answer.status is Status.answered and "is not in this list" not in answer.answer
    assert answer.citations[0].doc_id != "local-compacts.csv"


def test_a_real_place_spelled_like_a_listed_one_is_not_taken_for_it(assistant: Assistant) -> None:
    # Herefordshire is a county of its own, one letter from Hertfordshire, which is listed
    answer = assistant.ask("Does Herefordshire have a local compact?")
    assert answer.status is Status.not_found and answer.citations == []
    assert "Herefordshire is not in this list" in answer.answer
    # ...while a slip that names no place still finds the listed one
    typed = assistant.ask("Is there a local compact in Hertfordshre?")
    assert typed.citations and "Area: Hertfordshire." in typed.citations[0].quote


def test_a_follow_up_to_a_lower_case_compact_keeps_its_name(assistant: Assistant) -> None:
    # "it" is the Sutton Compact, so the contact asked for is its (the list has none)
    answer = assistant.ask("who's the lead contact at the council for it? need a name for the "
                           "press release", history=["when was the sutton compact refreshed?"])
    assert answer.status is Status.not_found
    assert "This list has Sutton Compact but no contact details" in answer.answer


@pytest.mark.parametrize(
    ("follow_up", "row"),
    [("and in leeds?", "Area: Leeds."), ("and the dudley one?", "Area: Dudley.")],
)
def test_a_follow_up_naming_another_place_in_lower_case_quotes_its_row(
        assistant: Assistant, follow_up: str, row: str) -> None:
    answer = assistant.ask(follow_up,
                           history=["What's the most recent version of the Sheffield Compact?"])
    assert answer.citations and row in answer.citations[0].quote
    assert all("Sheffield" not in citation.quote for citation in answer.citations)


def test_general_questions_are_not_taken_for_list_questions(assistant: Assistant) -> None:
    answer = assistant.ask("Does the Compact protect our right to campaign?")
    assert answer.answerer == "extractive"


def test_compacts_api_filters(live_api: str) -> None:
    everything = httpx.get(f"{live_api}/v1/compacts").json()
    assert len(everything) == LISTED and len({c["slug"] for c in everything}) == LISTED
    shropshire = httpx.get(f"{live_api}/v1/compacts", params={"area": "shropshre"}).json()
    assert [c["slug"] for c in shropshire] == ["shropshire-compact"]
    assert shropshire[0]["first_agreed"] == "2009"
    east = httpx.get(f"{live_api}/v1/compacts", params={"region": "East of England"}).json()
    assert len(east) == 8
    counties = httpx.get(f"{live_api}/v1/compacts", params={"level": "county"}).json()
    assert {"Kent Partners Compact", "Cumbria Compact"} <= {c["name"] for c in counties}
    notes = httpx.get(f"{live_api}/v1/compacts", params={"q": "Marches"}).json()
    assert [c["slug"] for c in notes] == ["shropshire-compact"]
    one = httpx.get(f"{live_api}/v1/compacts/compact-for-leeds")
    assert one.status_code == 200 and one.json()["area"] == "Leeds"
    missing = httpx.get(f"{live_api}/v1/compacts/truro-compact")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Is there a local Compact in Shropshire?", "Shropshire Compact"),
        ("Does Manchester have a compact?", "Working Together: A Compact for Manchester"),
        ("When was the Leeds compact first launched?", "Compact for Leeds"),
        ("Which local compacts are there in the East of England?", "Essex Compact"),
    ],
)
def test_list_questions_over_http(live_api: str, question: str, section: str) -> None:
    body = httpx.post(f"{live_api}/v1/ask", json={"question": question}).json()
    assert body["status"] == "answered" and body["citations"][0]["section"] == section


def test_corpus_is_the_shared_corpus_byte_for_byte() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not shared.is_dir():
        pytest.skip("no shared/ folder beside this checkout")
    for path in shared.iterdir():
        if path.name != "README.md":
            assert (CORPUS / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize(
    "question",
    [
        "What does the deal between government and charities say about funding?",
        "Is reading the Compact worth it for a small charity?",
        "How can we work better together with partners under the Compact?",
        "what does the compact say about working together",
        "what sort of deals do councils make with charities under the compact",  # near a name
    ],
)
def test_ordinary_words_in_compact_names_do_not_route_to_the_list(
    assistant: Assistant, question: str
) -> None:
    assert assistant.ask(question).answerer != "directory"


def test_a_listing_narrows_to_the_rows_holding_what_else_is_asked(assistant: Assistant) -> None:
    narrowed = assistant.ask(
        "Which North West Compact commits its signatories to shared principles?")
    assert narrowed.answerer == "directory" and len(narrowed.citations) == 1
    assert "14 shared principles" in narrowed.answer  # the row quoted, not just named
    listing = assistant.ask("Which compacts in the North West are on your list?")
    assert len(listing.citations) >= 5 and listing.answer.startswith("The list has")
    # a year asked about narrows on its own: one row of London's holds 2025
    dated = assistant.ask("Which London borough's compact got signed off in 2025?")
    assert dated.status is Status.answered and dated.answerer == "directory"
    assert dated.citations[0].section == "Tower Hamlets VCS Compact" and len(dated.citations) < 5


def test_what_a_row_does_not_hold_is_answered_from_prose_naming_its_area(
    assistant: Assistant,
) -> None:
    # Shropshire's row says who signed it; the notes say it has a disputes panel
    disputes = assistant.ask("How does the Shropshire Compact handle disputes?")
    assert disputes.status is Status.answered and disputes.answerer != "directory"
    assert "disputes panel" in disputes.answer
    assert disputes.citations[0].doc_id != "local-compacts.csv"
    # what the row holds is still quoted from it alone
    row = assistant.ask("Is there a Compact in Shropshire?")
    assert row.answerer == "directory" and row.citations[0].section == "Shropshire Compact"


def test_the_compact_s_own_possessive_is_not_taken_for_a_place(assistant: Assistant) -> None:
    answer = assistant.ask("Which local Compact came top at the Commission for the Compact's "
                           "last awards?")
    assert answer.status is Status.answered and answer.answerer != "directory"


def test_regional_compacts_are_listed_whole(assistant: Assistant) -> None:
    answer = assistant.ask("Which regional Compacts are on your list?")
    assert answer.answerer == "directory" and 1 <= len(answer.citations) <= 3
    assert all("Level: " in c.quote and "regional" in c.quote for c in answer.citations)
    assert "Level: regional" in answer.answer  # a short list is quoted whole
    assert "sub-regional" not in answer.answer  # Nottingham and Nottinghamshire is not regional


def test_a_compact_for_the_whole_region_is_listed_first_when_asked_for(
    assistant: Assistant,
) -> None:
    whole = assistant.ask("Is there a Compact covering the whole of London?")
    assert whole.answerer == "directory" and "Level: regional" in whole.citations[0].quote
    listed = assistant.ask("Which local Compacts are in London?")  # the list's own order
    assert "Level: regional" not in listed.citations[0].quote


def test_a_month_is_not_taken_for_a_place(assistant: Assistant) -> None:
    answer = assistant.ask("Who signed the Compact that was published in December 2009?")
    assert answer.status is Status.answered and answer.answerer != "directory"
    assert "Gordon Brown" in answer.answer


def test_a_place_typed_in_lower_case_is_still_found(assistant: Assistant) -> None:
    answer = assistant.ask("is there a compact in reading")
    assert answer.answerer == "directory" and "Reading" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("where_the_asker_sits", "listing"),
    [
        ("Our county is drafting a local Compact. What should a local Compact contain?",
         "We are drafting one. Which county Compacts are on your list?"),
        # "what" asks here, but not for district Compacts: it is not near them
        ("We don't have a local Compact in our district yet, so what applies in the meantime?",
         "Which district Compacts are on your list?"),
    ],
)
def test_a_level_where_the_asker_sits_is_not_a_listing(
    assistant: Assistant, where_the_asker_sits: str, listing: str,
) -> None:
    assert assistant.ask(where_the_asker_sits).answerer != "directory"
    asked = assistant.ask(listing)
    assert asked.answerer == "directory" and asked.answer.startswith("The list has")


def test_a_region_in_the_context_is_where_the_asker_looks_from_not_a_listing(
    assistant: Assistant,
) -> None:
    context = assistant.ask("I cover charities in the South West. Is there any sign the "
                            "Cornwall Compact changed how grants are made?")
    assert not context.answer.startswith("The list has")
    assert "Cornwall" in context.citations[0].quote
    asked = assistant.ask("I cover charities. Are there any Compacts in the South West?")
    assert asked.answerer == "directory" and asked.answer.startswith("The list has")
    # ...unless the sentence that asks points back to it
    pointed = assistant.ask("I cover charities in the South West. Which Compacts in that "
                            "region are on your list?")
    assert pointed.answerer == "directory" and pointed.answer.startswith("The list has")
    assert "in the South West" in pointed.answer
    up_there = assistant.ask("We're expanding into the North East. Which areas up there have a "
                             "local Compact on your list?")
    assert up_there.answerer == "directory" and "in the North East" in up_there.answer
    that_way = assistant.ask("We run bird surveys across the South West. Which local compacts "
                             "are there down that way?")
    assert that_way.answerer == "directory" and "in the South West" in that_way.answer


def test_compacts_named_in_a_region_ask_for_its_rows(assistant: Assistant) -> None:
    narrowed = assistant.ask("just the ones in the north east please",
                             history=["Which local compacts on your list are in the north of "
                                      "England?"])
    assert narrowed.answerer == "directory"
    assert narrowed.answer.startswith("The list has") and "in the North East" in narrowed.answer


def test_a_region_is_not_taken_for_part_of_an_area_s_name(directory: CompactDirectory) -> None:
    # "North West Leicestershire" holds the region's name; the question names Wirral
    found = directory.mentioned_area("In the North West, what does the Wirral Compact cover?")
    assert found is not None and _slugs(found[1]) == ["wirral-compact"]


def test_a_word_of_a_region_s_name_is_not_an_area(directory: CompactDirectory) -> None:
    # "East" of "the East Midlands" once found East Sussex
    assert directory.mentioned_area("I recall a Compact in the East Midlands. Which was it?") \
        is None
    found = directory.mentioned_area("Is there a compact in North West Leicestershire?")
    assert found is not None and "leicestershire" in found[1][0].slug
    # "North East region" is near "North West Regional" in spelling, not an area of the list
    assert directory.mentioned_area(
        "Which local Compacts do you have listed in the North East region?") is None


def test_an_area_covers_itself_and_each_of_two_joined(directory: CompactDirectory) -> None:
    assert "nottingham-and-nottinghamshire-compact" in _slugs(directory.covering("Nottinghamshire"))
    # "North West Leicestershire" is a district of Leicestershire, not the county
    assert _slugs(directory.covering("Leicestershire")) == ["leicestershire-county-compact"]


def test_a_town_finds_an_area_named_as_two_joined(assistant: Assistant) -> None:
    # a compass word alone names no area: "East" is not in "North West Leicestershire"
    answer = assistant.ask("We run a lunch club in East Leake. Is there a local Compact for us?")
    assert answer.answer.startswith("East Leake is in Nottinghamshire.")
    assert [c.section for c in answer.citations] == [
        "Nottingham and Nottinghamshire Compact", "Nottinghamshire County Compact"]


def test_a_place_named_only_in_a_row_s_notes_finds_that_row(assistant: Assistant) -> None:
    answer = assistant.ask("Is there a local Compact in Rushcliffe?")
    assert answer.status is Status.answered and answer.answerer == "directory"
    assert [c.section for c in answer.citations] == ["Nottingham and Nottinghamshire Compact"]
    assert answer.answer.startswith("Rushcliffe is not an area of its own on this list")


def test_a_name_holding_a_place_finds_the_row_whose_notes_name_it(assistant: Assistant) -> None:
    # "Kent Fire and Rescue" is named in Dover's notes: the question is not asked of Kent's row
    answer = assistant.ask("which compact worked with Kent Fire and Rescue")
    assert [c.section for c in answer.citations] == ["Dover District Compact"]
    kent = assistant.ask("Is there a Compact in Kent?")
    assert [c.section for c in kent.citations] == ["Kent Partners Compact"]


def test_compacts_within_an_area_come_with_its_own_when_more_are_asked_for(
    assistant: Assistant,
) -> None:
    # the gazetteer puts Dover in Kent: "which Compacts" asks for more than the county's own
    listed = assistant.ask("Which local Compacts are there in Kent?")
    assert [c.section for c in listed.citations] == ["Kent Partners Compact",
                                                     "Dover District Compact"]
    # ...and "apart from that county one" asks for the others first
    others = assistant.ask("Are there any more Compacts in Kent apart from that county one?",
                           history=["Does Kent have a local Compact?"])
    assert [c.section for c in others.citations][0] == "Dover District Compact"


def test_an_area_brings_the_compact_it_shares_with_another_the_rows_asked_of_first(
    assistant: Assistant,
) -> None:
    # Nottinghamshire's own row and the joint one; the joint one's notes name Rushcliffe and say
    # its cabinet adopted it, which answers whether the borough signed up
    answer = assistant.ask("We're a town council in Rushcliffe. Which compact covers "
                           "Nottinghamshire these days, and did our borough council sign up?")
    assert answer.status is Status.answered and answer.answerer == "directory"
    assert [c.section for c in answer.citations] == [
        "Nottingham and Nottinghamshire Compact", "Nottinghamshire County Compact"]
    plain = assistant.ask("Is there a local Compact in Nottinghamshire?")
    assert [c.section for c in plain.citations] == [
        "Nottinghamshire County Compact", "Nottingham and Nottinghamshire Compact"]


def test_an_organisation_named_compact_is_no_place(assistant: Assistant) -> None:
    answer = assistant.ask("There's no point in a compact here, they say. Has Compact Voice got "
                           "an answer to the 'if it ain't broke' line?")
    assert answer.answerer != "directory" and "not an area of its own" not in answer.answer


def test_a_compact_named_for_a_place_not_on_the_list_is_said_to_be_missing(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Is there a Norfolk Compact, and when was it last refreshed?")
    assert answer.status is Status.not_found and not answer.citations
    assert "Norfolk is not in this list" in answer.answer


@pytest.mark.parametrize("question", [
    "Is there an equivalent of the Compact in Wales or Scotland?",  # not Wales near Rotherham
    "is there a compact in scotland, whats it called there",
])
def test_a_compact_in_another_nation_of_the_uk_is_said_to_be_outside_the_list(
    assistant: Assistant, question: str,
) -> None:
    answer = assistant.ask(question)
    assert answer.status is Status.not_found and not answer.citations
    assert "covers England only" in answer.answer


def test_a_compact_asked_for_at_one_level_is_not_an_area_at_another_named_beside_it(
    assistant: Assistant,
) -> None:
    # Kent is a county; the district Compact whose notes hold the rest of the question is Dover's
    answer = assistant.ask("which district compact got commended for its work with kent fire "
                           "and rescue")
    assert [c.section for c in answer.citations] == ["Dover District Compact"]
    # ...but where no row at the level holds what else is asked, the area named is asked about
    named = assistant.ask("Which county compact covers Dover?")
    assert [c.section for c in named.citations] == ["Dover District Compact"]


def test_an_area_named_whole_comes_before_a_word_found_within_another(
    directory: CompactDirectory,
) -> None:
    # "East London" is found only within "East Sussex"; "Tower Hamlets" is an area of the list
    found = directory.mentioned_area(
        "We broadcast in East London. Does Tower Hamlets have a VCS Compact?")
    assert found is not None and _slugs(found[1]) == ["tower-hamlets-vcs-compact"]
    # ...but a word of the phrase found within an area's name is that area, not another
    found = directory.mentioned_area("Is there a compact in North West Leicestershire?")
    assert found is not None and "charnwood" in found[1][0].slug


def test_a_place_in_a_statement_of_context_is_not_a_compact_asked_about(
    assistant: Assistant,
) -> None:
    context = assistant.ask("Our local Compact in Marlow Vale hasn't been looked at in years. "
                            "What does the User Guide recommend on reviewing it?")
    assert context.status is Status.answered and "Marlow Vale" not in context.answer
    asked = assistant.ask("Does Plymouth have a Compact with the voluntary sector? Who signed it?")
    assert asked.status is Status.not_found and "Plymouth is not in this list" in asked.answer


def test_an_area_named_only_as_where_the_asker_is_does_not_take_a_guidance_question(
    assistant: Assistant,
) -> None:
    # the context says where the asker is; the sentence that asks is about the Compact itself
    guidance = assistant.ask("We're a small charity in Shropshire. "
                             "What does the Compact say about funding cuts?")
    assert guidance.status is Status.answered and guidance.answerer != "directory"
    # "they" in the asking sentence is the council of the context, not the area's Compact
    notice = assistant.ask("We're a small charity in Dorset and the council has just cut our "
                           "grant. How much warning should they have given us under the Compact?")
    assert notice.status is Status.answered and notice.answerer != "directory"
    # ...but asked of "our Compact", or of the Compact "there", the area is the one asked about
    for question in ("We're a small charity in Shropshire. When was our Compact agreed?",
                     "We're a small group based in Shropshire. How do we sign up to the "
                     "Compact there?"):
        local = assistant.ask(question)
        assert [c.section for c in local.citations] == ["Shropshire Compact"], question


@pytest.mark.parametrize(("question", "town", "section"), [
    ("Is there a local Compact in Truro?", "Truro", "Cornwall Compact"),
    ("We're a small charity in Basingstoke. Is there a Compact for the wider county?",
     "Basingstoke", "One Compact for Hampshire"),
    ("I volunteer near Keswick in the Lake District. When was our county's Compact refreshed?",
     "Keswick", "Cumbria Compact"),
])
def test_a_town_finds_the_compact_of_the_area_it_lies_in(
    assistant: Assistant, question: str, town: str, section: str,
) -> None:
    answer = assistant.ask(question)
    assert answer.status is Status.answered and answer.answerer == "directory"
    assert [c.section for c in answer.citations] == [section]
    assert answer.answer.startswith(f"{town} is in ")


def test_a_town_is_read_whole_and_only_where_it_is_asked_about(assistant: Assistant) -> None:
    places = Gazetteer.load()
    assert places.place_in("a group near Keswick in the Lake District") == ("Keswick", "Cumbria")
    assert places.place_in("our Compact in Marlow Vale") is None  # not Marlow
    assert places.place_in("a Compact agreed in March 2010", ignore={"march"}) is None
    assert places.place_in("Reading is a town") is None  # read only after "in", "near"...
    # a town the documents themselves speak of is theirs to answer ("a summary from Bolsover")
    assert places.area_of("Bolsover") == "Derbyshire"
    assert places.without_places_in(["A Compact summary from Bolsover"]).area_of("Bolsover") is None
    summary = assistant.ask("I've seen a Compact summary from Bolsover. "
                            "What does it say about how long funding should run?")
    assert summary.answerer != "directory"
    # where the asker is, when the question is about the Compact itself
    guidance = assistant.ask("We're a small charity in Basingstoke. "
                             "What does the Compact say about funding cuts?")
    assert guidance.status is Status.answered and guidance.answerer != "directory"


def test_the_gazetteer_is_a_setting(built_settings: Settings, embedder: Embedder,
                                    tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text("place,area\nMarlow Vale,Shropshire\n", encoding="utf-8")
    settings = built_settings.model_copy(update={"places_file": places})
    assistant = build_assistant(settings, embedder=embedder)
    answer = assistant.ask("Is there a local Compact in Marlow Vale?")
    assert [c.section for c in answer.citations] == ["Shropshire Compact"]
    assert assistant.ask("Is there a local Compact in Truro?").status is Status.not_found


def test_a_name_that_begins_with_compact_is_not_a_place_asked_about() -> None:
    # "...for Partnerships" follows the award's name, not the Compact asked about
    assert unknown_place(
        "Which local Compact won the National Compact Award for Partnerships, and when?") is None
    assert unknown_place("Which Compact Voice team covers Truro?") is None
    assert unknown_place("Is there a Compact in Truro?") == "Truro"
    assert unknown_place("Has the Compact been adopted in Truro?") == "Truro"


def test_a_preposition_inside_a_name_does_not_bring_in_a_place() -> None:
    # "for" joins "the Office for Civil Society"; it brings in a place after "a Compact"
    assert unknown_place(
        "How much of one official's week went on the Compact at the Office for Civil Society?"
    ) is None
    assert unknown_place("Is there a Compact for Marlow Vale?") == "Marlow Vale"
    assert unknown_place("Compact for Marlow Vale?") == "Marlow Vale"


def test_a_short_word_left_after_the_authority_words_is_not_an_area(
    directory: CompactDirectory,
) -> None:
    # "on local compacts" is "on" without its authority words: not Stockton-on-Tees
    assert directory.mentioned_area(
        "Apart from councils, which bodies are leaning on local compacts now?") is None


def test_is_there_a_compact_in_a_region_lists_the_region(assistant: Assistant) -> None:
    answer = assistant.ask("Is there a compact in the East Midlands?")
    assert answer.answerer == "directory" and answer.answer.startswith("The list has")
    assert all("Region: East Midlands" in c.quote for c in answer.citations)
    named = assistant.ask("Is there a compact in North West Leicestershire?")
    assert named.answerer == "directory" and not named.answer.startswith("The list has")
    assert "North West Leicestershire" in named.citations[0].quote


def test_a_rendered_row_reads_back_into_its_columns(directory: CompactDirectory) -> None:
    for entry in directory.entries:
        fields = rendered_fields(entry.record.render())
        assert fields.get("notes", "") == entry.record.get("notes").rstrip(".")
        assert fields.get("region", "") == entry.record.get("region")


def test_a_name_the_glossary_explains_is_not_a_place_missing_from_the_list(
    assistant: Assistant,
) -> None:
    whitehall = assistant.ask("Who heads the Compact work in Whitehall?")  # central government
    assert whitehall.answerer != "directory" and whitehall.status is Status.answered
    marlow = assistant.ask("Is there a Compact in Marlow Vale?")
    assert marlow.status is Status.not_found and "Marlow Vale is not in this list" in marlow.answer


def test_the_newest_or_oldest_compact_is_found_by_date_not_by_similarity(
        assistant: Assistant, directory: CompactDirectory) -> None:
    def dates(entry, newest: bool) -> str:  # type: ignore[no-untyped-def]
        first, latest = entry.record.get("first_agreed"), entry.record.get("latest_version")
        return max(first, latest) if newest else first

    def cited_dates(question: str, newest: bool, history: list[str] | None = None) -> set[str]:
        outcome = assistant.ask(question, history=history or [])
        assert outcome.status is Status.answered and outcome.citations
        assert "partial" in outcome.answer  # the list is never said to be complete
        by_name = {e.record.name: e for e in directory.entries}
        return {dates(by_name[c.section], newest) for c in outcome.citations}

    newest = max(dates(e, True) for e in directory.entries if dates(e, True))
    oldest = min(dates(e, False) for e in directory.entries if dates(e, False))
    assert cited_dates("Which local Compact on your list was agreed most recently?", True) == {
        newest}
    assert cited_dates("What's the oldest local Compact you have?", False) == {oldest}
    # in a region, and in a follow-up whose earlier question named the region
    north_east = [e for e in directory.entries if e.record.get("region") == "North East"]
    latest_there = max(dates(e, True) for e in north_east if dates(e, True))
    assert cited_dates("Which one of those has the most up-to-date version?", True,
                       ["Which local Compacts in the North East are on your list?"]) == {
        latest_there}
    # one Compact's own latest version is a look-up of its row
    leeds = assistant.ask("What is the latest version of the Leeds Compact?")
    assert [c.section for c in leeds.citations] == ["Compact for Leeds"]


def test_a_council_is_an_authority_and_a_borough_of_a_region_an_area(
        assistant: Assistant) -> None:
    # "the county council" is one authority, not a listing of county Compacts
    assert level_in("And what if it's the county council that has broken it?") is None
    assert level_in("Which county councils have a Compact?") == "county"
    # a region inside the area's own name ("London Borough of Sutton") is no listing of London
    sutton = assistant.ask("Does the London Borough of Sutton have a Compact?")
    assert [c.section for c in sutton.citations] == ["Sutton Compact"]
    london = assistant.ask("Which Compacts in London are on your list?")
    assert len(london.citations) > 1
    assert all("Region: London" in c.quote for c in london.citations)


def test_only_places_are_written_as_names(directory: CompactDirectory) -> None:
    assert capitalise_places("is there a compact in kensington and chelsea?", directory,
                             None) == "is there a compact in Kensington and Chelsea?"
    assert capitalise_places("is there a compact for norfolk", directory, Gazetteer.load()) \
        == "is there a compact for Norfolk"  # an area the gazetteer's towns lie in
    assert capitalise_places("and the dudley one?", directory, None) == "and the Dudley one?"
    # a Compact's name is written as a name whole
    assert capitalise_places("what does the leeds compact say", directory, None) \
        == "what does the Leeds Compact say"
    # "what about X" names a place; an acronym typed in capitals leaves the rest to be read
    assert capitalise_places("what about hertfordshire - is the LEP a signatory there?",
                             directory, None) == (
        "what about Hertfordshire - is the LEP a signatory there?")
    for kept in ("what happened in march 2010", "is it used in practice",
                 "the reading list one", "and the county one?",
                 "Is there one in Leeds? and in york"):  # typed with capitals: as written
        assert capitalise_places(kept, directory, None) == kept


def test_a_county_s_short_form_and_wide_are_read_as_its_name(directory: CompactDirectory) -> None:
    assert place_key("Notts-wide") == "nottinghamshire"
    found = directory.mentioned_area("Who drew up the Notts-wide compact after the pandemic?")
    assert found is not None and _slugs(found[1]) == ["nottinghamshire-county-compact"]


def test_a_list_answer_is_declined_when_the_question_names_what_no_row_does(
    assistant: Assistant,
) -> None:
    # the Nottinghamshire row names Rushcliffe, not Mansfield: it cannot say Mansfield approved it
    named = assistant.ask("Has Mansfield formally adopted the Nottingham and Nottinghamshire "
                          "Compact, and when?")
    assert named.status is Status.not_found
    # ...but a place the answer names, and a county's short form, are not unknown names
    covered = assistant.ask("Is there a local compact in Mansfield?")
    assert covered.status is Status.answered and "Mansfield" in covered.answer
    short = assistant.ask("Is the Herts LEP signed up to the Hertfordshire compact?")
    assert short.status is Status.answered


def test_an_area_of_several_words_is_found_by_its_initials_when_no_other_shares_them(
    directory: CompactDirectory,
) -> None:
    found = directory.mentioned_area("RBKC compact - first agreed when?")
    assert found is not None
    assert [e.record.name for e in found[1]] == ["Kensington and Chelsea Compact"]
    # "LBH" is the London Borough of Hackney, of Harrow...: the initials name none of them
    assert directory.find_area("LBH") == []
