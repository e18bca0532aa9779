"""Quotes with their speakers: hand-written examples and the seed article 000 as a golden."""

from __future__ import annotations

from storyline.analyze import Analyzer, resolve_entities
from storyline.model import Analysis, Quote
from storyline.quotation import scan_quote_marks
from tests.analyze.conftest import article


def _quotes(analyzer: Analyzer, text: str) -> list[Quote]:
    (analysis,) = analyzer([article(text)])
    return list(analysis.quotes)


def _find(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.content]
    assert found, [q.content for q in quotes]
    return found[0]


def test_quote_marks_straight_curly_single_and_apostrophes() -> None:
    text = (
        '“One two three four,” he said. "Five six seven eight." '
        "'Nine ten eleven twelve', it's Ana's."
    )
    contents = [text[s.start : s.end] for s in scan_quote_marks(text)]
    assert contents == ["One two three four,", "Five six seven eight.", "Nine ten eleven twelve"]
    assert [s.start for s in scan_quote_marks("''Two apostrophes open this one,'' she said.")] == [
        2
    ]


def test_direct_quote_split_around_the_cue_is_one_quote(analyzer: Analyzer) -> None:
    text = (
        "Mayor Ingrid Solberg spoke at the harbour. “The bridge will open in spring,” "
        "Solberg said, “and the ferries will keep running until then.”"
    )
    quote = _find(_quotes(analyzer, text), "bridge will open")
    assert quote.kind == "direct"
    assert "ferries will keep running" in quote.content
    assert quote.cue == "said" and text[quote.cue_start : quote.cue_end] == "said"  # type: ignore[misc]
    assert quote.speaker_text == "Solberg" and quote.speaker_name == "Ingrid Solberg"
    assert text[quote.speaker_start : quote.speaker_end] == "Solberg"  # type: ignore[misc]


def test_a_quotation_split_inside_one_clause_is_one_direct_quote(analyzer: Analyzer) -> None:
    # The parse makes the second piece the sentence's clause and the cue a comment set off
    # inside it; what was said is still all quoted, so it is a direct quote, not a mixed one
    # with the marks of both pieces in its words.
    text = (
        "Justice Imre Halas questioned the lawyer for the growers. "
        "“If the rules are unwritten,” he said, “then what do the growers share?”"
    )
    quote = _find(_quotes(analyzer, text), "what do the growers share")
    assert quote.kind == "direct"
    assert quote.content == "If the rules are unwritten, then what do the growers share?"
    assert quote.speaker_name == "Imre Halas"


def test_went_on_cues_a_quotation(analyzer: Analyzer) -> None:
    text = (
        "Mayor Ingrid Solberg took questions at the harbour. Ferries, she went on, “will keep "
        "running until the bridge opens.” The talks went on for an hour."
    )
    quote = _find(_quotes(analyzer, text), "will keep running")
    assert quote.cue == "went" and quote.speaker_name == "Ingrid Solberg"
    # A "went on" with a place or a time of its own cues nothing.
    assert not [q for q in _quotes(analyzer, text) if "hour" in q.content]


def test_a_cue_the_tagger_read_as_a_noun_still_cues(analyzer: Analyzer) -> None:
    # The model tags "demands" a plural noun here, yet it heads the clause with a subject.
    text = (
        "Rep. Tom Vance grabbed the camera. “Who are you!” the seven-term congressman demands. "
        "“Tell me who you are.”"
    )
    quote = _find(_quotes(analyzer, text), "Who are you!")
    assert quote.cue == "demands" and quote.speaker_name == "Tom Vance"
    assert "Tell me who you are." in quote.content


def test_pronoun_and_role_noun_resolve_to_the_person(analyzer: Analyzer) -> None:
    text = (
        "Prime Minister Aurelio Vance met farmers in Tullow on Monday. "
        '"We will rebuild every road that the floods destroyed," he said. '
        'Vance later visited the dam. "No family will be left behind in this," '
        "the premier stated."
    )
    quotes = _quotes(analyzer, text)
    first = _find(quotes, "rebuild every road")
    assert first.speaker_text == "he" and first.speaker_name == "Aurelio Vance"
    second = _find(quotes, "No family")
    assert second.speaker_text == "the premier" and second.speaker_name == "Aurelio Vance"


def test_a_role_noun_prefers_the_subject_over_the_latest_holder_of_the_role(
    analyzer: Analyzer,
) -> None:
    text = (
        "Foreign Minister Ada Brenner signed the accord with Trade Minister Karl Ostrander of "
        "Velm in Tullow. The accord covers fishing rights. The minister stressed that the "
        "talks had taken a year."
    )
    stressed = _find(_quotes(analyzer, text), "talks had taken a year")
    assert stressed.speaker_text == "The minister" and stressed.speaker_name == "Ada Brenner"
    # Without a subject holding the role nearby, the latest holder it is.
    text = (
        "The accord was signed by Foreign Minister Ada Brenner and Trade Minister Karl "
        "Ostrander. The minister said that Velm would open its ports."
    )
    said = _find(_quotes(analyzer, text), "open its ports")
    assert said.speaker_name == "Karl Ostrander"


def test_a_role_noun_is_the_holder_who_acted_not_one_named_in_passing(
    analyzer: Analyzer,
) -> None:
    """However far back the article's own governor acted, "the governor" is she, not a
    governor named since in passing."""
    filler = (
        "The bill would let the county sell water rights to farms upstream. Farmers in the "
        "valley have asked for it for years, and the river authority has studied it twice. "
        "Fishing crews downstream say the river is already too low in the summer months. "
        "The authority's last report found the spring floods no longer reach the estuary. "
        "Several towns have voted against the plan, and two have voted for it. "
    )
    text = (
        "Gov. Lena Marsh spoke to farmers in Tullow on Monday about the water bill. "
        + filler * 2
        + "Her son grew up during the tenure of another governor, Gov. Tomas Reyes. "
        "On Wednesday, the governor said she would ask lawmakers to rewrite the bill."
    )
    said = _find(_quotes(analyzer, text), "ask lawmakers to rewrite")
    assert said.speaker_text == "the governor" and said.speaker_name == "Lena Marsh"


def test_the_president_is_never_the_vice_president(analyzer: Analyzer) -> None:
    """A deputy is another office: "the president" is not the vice president who spoke last,
    and "the vice president" is not the president."""
    text = (
        "President Tomas Reyes was abroad on Monday. Vice President Ana Lind opened the "
        "harbour in Tullow. The president said that the harbour would double the trade of the "
        "town. The vice president said that the ferries would run every hour."
    )
    quotes = _quotes(analyzer, text)
    assert _find(quotes, "double the trade").speaker_name == "Tomas Reyes"
    assert _find(quotes, "ferries would run").speaker_name == "Ana Lind"
    # Nor is a lieutenant governor "the governor", however written.
    text = (
        "Gov. Lena Marsh opened the bridge in Tullow on Monday. Lt. Gov. Tomas Reyes cut the "
        "ribbon. The governor said that the bridge would carry trams by May. Lieutenant "
        "Governor Ana Lind spoke next. The governor said that the tolls would fall."
    )
    quotes = _quotes(analyzer, text)
    assert _find(quotes, "carry trams").speaker_name == "Lena Marsh"
    assert _find(quotes, "tolls would fall").speaker_name == "Lena Marsh"


def test_indirect_and_mixed_speech(analyzer: Analyzer) -> None:
    text = (
        "Finance Minister Odile Brandt said that the deficit would shrink next year. "
        'Brandt stressed the plan was "realistic and fair" to pensioners.'
    )
    quotes = _quotes(analyzer, text)
    indirect = _find(quotes, "the deficit would shrink")
    assert indirect.kind == "indirect" and indirect.cue == "said"
    assert indirect.speaker_name == "Odile Brandt"
    mixed = _find(quotes, "realistic and fair")
    assert mixed.kind == "mixed" and mixed.speaker_name == "Odile Brandt"


def test_reporter_words_opening_the_quoted_clause_make_it_mixed(analyzer: Analyzer) -> None:
    text = (
        "Harbour master Lena Okafor inspected the pier on Monday. "
        "The new breakwater “has already saved two boats this winter,” Okafor said.\n\n"
        "Okafor told reporters that the old wall “was never built for storms like these.”\n\n"
        "Okafor told reporters: “We will finish the work before the spring tides.”"
    )
    quotes = _quotes(analyzer, text)
    breakwater = _find(quotes, "saved two boats")
    assert breakwater.kind == "mixed" and breakwater.content.startswith("The new breakwater")
    assert breakwater.speaker_name == "Lena Okafor"
    wall = _find(quotes, "never built for storms")
    assert wall.kind == "mixed" and wall.content.startswith("that the old wall")
    tides = _find(quotes, "spring tides")
    assert tides.kind == "direct" and tides.content.startswith("We will finish")
    assert tides.speaker_name == "Lena Okafor"


def test_a_one_word_quote_opening_its_sentence_is_speech(analyzer: Analyzer) -> None:
    text = (
        "Voters queued outside the library in Dunmore.\n\n"
        '"Patience," said Teodor Vasquez, a retired teacher. "We have waited four years."'
    )
    quotes = _quotes(analyzer, text)
    assert _find(quotes, "Patience").speaker_name == "Teodor Vasquez"
    assert _find(quotes, "waited four years").speaker_name == "Teodor Vasquez"


def test_a_cue_after_a_question_mark_and_a_letter_that_reads(analyzer: Analyzer) -> None:
    text = (
        "The ferry union sent a letter to the council on Friday.\n\n"
        "“Nobody can run a timetable without crews,” it read.\n\n"
        "“Who will sail the night boats now?” Mayor Petra Lindqvist asked the council."
    )
    quotes = _quotes(analyzer, text)
    letter = _find(quotes, "without crews")
    assert letter.speaker_text == "it" and letter.cue == "read"
    night = _find(quotes, "night boats")
    assert night.speaker_name == "Petra Lindqvist"


def test_a_relative_pronoun_speaks_for_its_antecedent(analyzer: Analyzer) -> None:
    text = (
        "The strike was called by the Northern Dockers Union, which said that the new shift "
        "pattern breaks the agreement signed last spring."
    )
    quote = _find(_quotes(analyzer, text), "new shift pattern")
    assert quote.speaker_text == "which"
    assert quote.speaker_name is not None and "Northern Dockers Union" in quote.speaker_name


def test_a_quote_reported_by_another_source_keeps_its_speaker(analyzer: Analyzer) -> None:
    text = (
        "Judge Miriam Okoro heard the case on Tuesday.\n\n"
        "“The records must be handed over by the end of the month,” Okoro said, according "
        "to the Valley Gazette."
    )
    quotes = _quotes(analyzer, text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1 and direct[0].speaker_name == "Miriam Okoro"
    reported = [q for q in quotes if q.cue == "according to"]
    assert len(reported) == 1 and "Valley Gazette" in (reported[0].speaker_text or "")
    assert "records must be handed over" in reported[0].content


def test_signed_and_labelled_quotes(analyzer: Analyzer) -> None:
    text = (
        "Readers wrote in about the new tram line.\n\n"
        "“It cut my commute in half and I can read on the way.” — Amira Haddad\n\n"
        'The rivals traded lines. Okonkwo: "We will build the tunnel first." '
        'Brennan: "The tunnel can wait until the bridge is paid for."'
    )
    quotes = _quotes(analyzer, text)
    assert _find(quotes, "commute in half").speaker_text == "Amira Haddad"
    assert _find(quotes, "build the tunnel first").speaker_text == "Okonkwo"
    assert _find(quotes, "bridge is paid for").speaker_text == "Brennan"


def test_a_quote_ending_in_a_comma_takes_the_cue_after_it(analyzer: Analyzer) -> None:
    text = (
        "“The museum will stay closed through the winter,” a city spokesman said on Monday. "
        "“We are looking for a new director,” councillor Ruth Adeyemi told the board."
    )
    quote = _find(_quotes(analyzer, text), "new director")
    assert quote.cue == "told" and quote.speaker_name == "Ruth Adeyemi"


def test_a_year_cut_short_is_no_quote_mark() -> None:
    text = "She ran in ‘08 and again in ‘12, and said “this time is different for all of us.”"
    contents = [text[s.start : s.end] for s in scan_quote_marks(text)]
    assert contents == ["this time is different for all of us."]


def test_the_frame_verb_before_a_colon_is_the_main_clause(analyzer: Analyzer) -> None:
    text = (
        "Mayor Colm Byrne has since apologized for what happened: "
        '"I should have called the families myself, and I am sorry."'
    )
    quote = _find(_quotes(analyzer, text), "called the families")
    assert quote.speaker_name == "Colm Byrne"


def test_a_cue_set_off_inside_the_clause_it_reports(analyzer: Analyzer) -> None:
    text = (
        "Fishing quotas were the first item on the agenda. Within two years, the inspectors "
        "said, most of the northern fleet will have to be replaced."
    )
    quote = _find(_quotes(analyzer, text), "northern fleet will have to be replaced")
    assert quote.kind == "indirect" and quote.cue == "said"
    assert quote.speaker_text == "the inspectors"
    assert quote.content.startswith("Within two years")


def test_findings_and_fears_are_attributed(analyzer: Analyzer) -> None:
    text = (
        "A survey by the Lakeside Institute found that most commuters would pay more for "
        "faster trains. Mayor Ines Carvalho fears that the fares will drive riders away."
    )
    quotes = _quotes(analyzer, text)
    survey = _find(quotes, "most commuters would pay more")
    assert survey.cue == "found" and "survey" in (survey.speaker_text or "")
    fear = _find(quotes, "fares will drive riders away")
    assert fear.cue == "fears" and fear.speaker_name == "Ines Carvalho"


def test_a_pronoun_skips_a_person_of_the_other_gender(analyzer: Analyzer) -> None:
    text = (
        "Mr. Tomas Reyes, the port director, met Mrs. Helena Vogt on Monday. "
        "Mrs. Vogt praised the new cranes. "
        '"We will double the night shifts before the harvest," he said.'
    )
    quote = _find(_quotes(analyzer, text), "double the night shifts")
    assert quote.speaker_text == "he" and quote.speaker_name == "Tomas Reyes"


def test_headline_and_transcript_labels_without_quote_marks(analyzer: Analyzer) -> None:
    text = (
        "Senator Ana Ruiz: The canal bill will pass this spring.\n\n"
        "The Latest: Ferry strike enters its third day\n\n"
        "MARK OLSEN: Why did the council vote against it?\n\n"
        "Senator Ana Ruiz spoke to reporters in Lisbon on Friday."
    )
    quotes = _quotes(analyzer, text)
    bill = _find(quotes, "canal bill will pass")
    assert bill.speaker_name == "Ana Ruiz" and bill.cue == ":"
    assert _find(quotes, "council vote against").speaker_text == "MARK OLSEN"
    assert not [q for q in quotes if "Ferry strike" in q.content]


def test_a_title_cased_headline_after_a_colon_is_no_remark(analyzer: Analyzer) -> None:
    # A headline's topic before a colon reads like a label; the title-cased words after it are
    # no remark when the report never names the label again.
    for text in [
        "Lena Ortiz Council: Dana Kell Names Former Chief Of Staff To Replace Tom Ruiz\n\n"
        "KESTREL CITY -- Mayor Dana Kell named her former aide to the council seat on Tuesday.",
        "Ben Ostrow: Governor Ray Dunn Names Former Aide To Replace Carla Voss\n\nBOSTON -- "
        "Governor Ray Dunn named his former chief of staff to the Senate on Wednesday.",
    ]:
        assert not [q for q in _quotes(analyzer, text) if "Names Former" in q.content]
    # A label the report names again speaks its headline; sentence case is a remark anyway.
    text = (
        "Marco Vell: Governor Dunn Should Not Seek Another Term\n\nBOSTON -- Marco Vell, the "
        "party chairman, spoke to reporters on Wednesday."
    )
    assert _find(_quotes(analyzer, text), "Should Not Seek").speaker_name == "Marco Vell"
    text = "Ben Ostrow: The seat will be filled by March.\n\nBen Ostrow spoke in Boston."
    assert _find(_quotes(analyzer, text), "seat will be filled").speaker_name == "Ben Ostrow"


def test_a_speech_noun_is_no_speaker_its_owner_is(analyzer: Analyzer) -> None:
    opening = "Mayor Ingrid Solberg opened the bridge on Monday. "
    for said, speaker, name in [
        # The possessor speaks, a name resolved as names are, a pronoun as pronouns are.
        ("Solberg's comments suggested that the ferries would stop in May.", "Solberg",
         "Ingrid Solberg"),
        ("Her comments suggested that the ferries would stop in May.", "Her", "Ingrid Solberg"),
        # A statement someone made is theirs; a statement of no one named has no speaker.
        ("The ferries will stop in May, according to a statement released by the Harbour "
         "Authority on Thursday.", "the Harbour Authority", "Harbour Authority"),
        ("The statement said the ferries would stop in May.", None, None),
        # The cue set off by commas is inverted: the name after it speaks.
        ('Her comments, said Tom Hale, the city spokesman, are "fully in line with the plan."',
         "Tom Hale", "Tom Hale"),
        # A participle hung on the noun's verb is no saying of the noun's owner.
        ("Solberg's comments came as Anton Krebs walked out of the hall, saying the port "
         '"would never close to fishing boats."', None, None),
    ]:
        quotes = [q for q in _quotes(analyzer, opening + said) if "Monday" not in q.content]
        assert quotes, said
        for q in quotes:
            assert (q.speaker_text, q.speaker_name) == (speaker, name), (said, q)
    # A quote split around a cue with no speaker is still one remark.
    said = '"The bridge will stay open all winter," the statement said. "Tolls will not rise."'
    (q,) = [q for q in _quotes(analyzer, opening + said) if "Monday" not in q.content]
    assert "Tolls will not rise" in q.content and q.speaker_text is None


def test_a_statement_named_before_speaks_for_whoever_put_it_out(analyzer: Analyzer) -> None:
    # "the statement" with no owner of its own is the latest statement (or release) put out
    # before it: its words stay at the cue, under its owner's name.
    for text, words, name in [
        ("The Harbour Authority issued a statement on Monday. “The ferries will stop in May,” "
         "the statement said.", "ferries will stop", "Harbour Authority"),
        ("Senator Ruth Adeyemi sent a letter to the board on Friday. “The budget is three "
         "months late,” the letter reads.", "budget is three", "Ruth Adeyemi"),
        ("Mayor Ingrid Solberg said in a statement on Friday that the bridge would open. "
         "“Tolls will not rise,” the statement added.", "Tolls will not", "Ingrid Solberg"),
        # A release is a statement; the next "the statement" is the one before it, whoever's
        # that was.
        ("The Harbour Authority put out a press release on Monday. The statement said the "
         "ferries would stop in May. Crews met on Tuesday. “Crews will be paid,” the statement "
         "added.", "Crews will be paid", "Harbour Authority"),
        # The owner the text names by a possessive.
        ("Solberg's statement came late on Friday. “The bridge will open,” the statement said.",
         "bridge will open", None),
    ]:
        quote = _find(_quotes(analyzer, text), words)
        assert quote.speaker_text is not None and quote.speaker_text.lower().startswith("the ")
        if name is not None:
            assert quote.speaker_name == name, (text, quote)
    text = (
        "Mayor Ingrid Solberg opened the bridge. Solberg's statement came late on Friday. "
        "“The bridge will open,” the statement said."
    )
    assert _find(_quotes(analyzer, text), "bridge will open").speaker_name == "Ingrid Solberg"


def test_no_owner_is_guessed_for_a_statement_when_the_text_names_none_or_two(
    analyzer: Analyzer,
) -> None:
    for text, shown in [
        # Two put out statements: whose is "the statement"?
        ("Mayor Ingrid Solberg and Governor Tom Hale each issued a statement on Monday. “We "
         "will rebuild,” the statement said.", None),
        ("Mayor Ingrid Solberg issued a statement, and Governor Tom Hale issued a statement "
         "too. “We will rebuild,” the statement said.", None),
        # No one put out anything: a visit is no statement, nor is a letter a statement.
        ("Mayor Ingrid Solberg visited the port on Monday. “We will rebuild,” the statement "
         "said.", None),
        ("Mayor Ingrid Solberg sent a letter on Monday. “We will rebuild,” the statement said.",
         None),
        # A criticism coming in a letter did not write it; a letter no one is named for stays
        # the letter.
        ("The latest criticism comes in a letter released on Tuesday. “The budget is late,” "
         "the letter says.", "the letter"),
        ("A letter was left at the harbour office. “The budget is late,” the letter reads.",
         "the letter"),
        # A possessive that points at no one names no owner either.
        ("The fund filed late. Its annual reports show that the fund lost money on ferries.",
         "Its annual reports"),
    ]:
        (quote,) = _quotes(analyzer, text)
        assert (quote.speaker_text, quote.speaker_name) == (shown, None), (text, quote)


def test_a_trailing_according_to_at_the_end_of_a_paragraph(analyzer: Analyzer) -> None:
    text = (
        "Rents in the old town rose by a fifth over the year, according to a survey by "
        "the Tenants Association.\n\nThe council meets on Monday."
    )
    quote = _find(_quotes(analyzer, text), "Rents in the old town")
    assert quote.cue == "according to" and "survey" in (quote.speaker_text or "")


def test_an_organization_is_a_speaker_and_according_to(analyzer: Analyzer) -> None:
    text = (
        "The ministers met in Oslo, the Nordic Council Secretariat said in a press release. "
        "According to the Harbour Authority, the port will reopen on Friday."
    )
    quotes = _quotes(analyzer, text)
    release = _find(quotes, "ministers met in Oslo")
    assert release.speaker_text is not None and "Nordic Council Secretariat" in release.speaker_text
    reopen = _find(quotes, "port will reopen")
    assert reopen.cue == "According to"
    assert reopen.speaker_text is not None and "Harbour Authority" in reopen.speaker_text


def test_an_unresolvable_speaker_stays_unknown(analyzer: Analyzer) -> None:
    text = "“The talks covered trade, energy and water sharing,” it was added."
    quote = _find(_quotes(analyzer, text), "talks covered trade")
    assert quote.speaker_name is None and quote.speaker_entity_id is None


def test_a_quantifier_speaks_for_the_group_it_counts_from(analyzer: Analyzer) -> None:
    text = (
        "Ferry crews in the northern ports welcomed the new timetable on Friday, though many "
        "said the winter crossings would still run late. Dock workers and crane operators met "
        "on Monday; several said the new shifts were too long. Some said the pier was unsafe."
    )
    quotes = _quotes(analyzer, text)
    many = _find(quotes, "winter crossings")
    assert (many.speaker_text, many.speaker_name) == ("many", "Ferry crews")
    several = _find(quotes, "new shifts")
    assert several.speaker_name == "Dock workers and crane operators"
    # No group earlier in the sentence: the speaker stays unknown rather than "Some".
    assert _find(quotes, "pier was unsafe").speaker_name is None


SEED_000 = "000_2243f719827c7e93"

# Golden "with" list for seed 000: (words of the quote, speaker it must resolve to).
WITH = [
    ("Pakistan has always been Russia’s traditional partner", "Putin"),  # "..., he said"
    ("Russia enjoys excellent relations with Pakistan", "Putin"),
    ("Pakistan is currently facing a natural calamity", "Putin"),  # "He noted that"
    ("Pakistan is a non-permanent member", "Putin"),
    ("Pakistan is keen to broaden collaboration with Moscow", "Sharif"),  # "He stressed that"
    ("Pakistan is very proud of China's achievements", "Sharif"),  # "the premier said"
    ("Focus is being placed on Pakistan's most important economic sectors", "Xi"),
    ("the SCO reflects Islamabad’s enduring resolve", "Sharif"),  # "PM Shehbaz said"
    ("We [Pakistan] expect SCO member countries", "Sharif"),  # "PM said:"
    ("Pakistan believes in multilateralism", "Sharif"),  # "He further said:"
    ("Stability in Afghanistan remains in the interest", "Sharif"),  # "the premier stated"
    ("both sides were keenly committed to building their relations", "Sharif"),
    ("Pakistan respected Russian Federation’s ties with India", "Sharif"),
]


def test_seed_000_quotes_are_attributed_as_the_text_says(seed_analyses: list[Analysis]) -> None:
    resolved, entities = resolve_entities(seed_analyses)
    names = {e.entity_id: e.name for e in entities}
    (analysis,) = [a for a in resolved if a.article_id == SEED_000]
    for words, speaker in WITH:
        matching = [q for q in analysis.quotes if words in q.content]
        assert matching, words
        assert all(q.speaker_entity_id for q in matching), words
        assert all(
            speaker in names[q.speaker_entity_id] for q in matching if q.speaker_entity_id
        ), (words, [q.speaker_name for q in matching])
    # without: no quote of this article is given to a speaker the text does not quote
    speakers = {q.speaker_name for q in analysis.quotes if q.speaker_name}
    assert speakers <= {"Vladimir Putin", "Shehbaz Sharif", "Xi Jinping"}, speakers
    # each quote's spans point at its words in the text
    text = (analysis.sentences[0].text and None) or ""
    del text
    for q in analysis.quotes:
        if q.speaker_start is not None and q.speaker_end is not None:
            assert q.speaker_end - q.speaker_start == len(q.speaker_text or "")


# Each line names a speaker only through a place, a nationality, a pronoun or an organisation
# that modifies someone's title: none of those is who spoke.
NOT_SPEAKERS = [
    ("Texas said on Monday that the border crossing at Eagle Pass would stay open.", "Texas"),
    ("Iowa told reporters that the caucus rules would not change this year.", "Iowa"),
    ("A Russian official said the talks would resume in the spring.", "Russian"),
    ("It said the plan would fail without more money from the provinces.", "It"),
    ("They said the results would be announced on Friday.", "They"),
    ("Finance Minister Ilse Marrow said the budget would balance by spring.", "Finance"),
    ("Senate President Mike Thibodeau said the vote would pass on Tuesday.", "Senate"),
    ('"We will not back down," the House speaker said on Tuesday.', "House"),
    ("BuzzFeed's editor in chief, Ben Smith, said the outlet stands by it.", "BuzzFeed"),
]


def test_places_nationalities_pronouns_and_title_fragments_never_speak(
    analyzer: Analyzer,
) -> None:
    for text, not_speaker in NOT_SPEAKERS:
        quotes = _quotes(analyzer, text)
        assert quotes, text
        for q in quotes:
            assert q.speaker_name is None or not_speaker not in q.speaker_name, (text, q)
    # Where the title carries a name, the name speaks.
    assert _quotes(analyzer, NOT_SPEAKERS[5][0])[0].speaker_name == "Ilse Marrow"
    assert _quotes(analyzer, NOT_SPEAKERS[6][0])[0].speaker_name == "Mike Thibodeau"
    assert _quotes(analyzer, NOT_SPEAKERS[8][0])[0].speaker_name == "Ben Smith"


def test_a_surname_and_the_full_name_are_one_speaker(analyzer: Analyzer) -> None:
    text = (
        "David Brat won the Republican primary in Virginia on Tuesday. "
        '"This is a miracle," Brat said after the results came in. '
        "Brat told supporters he would campaign on immigration."
    )
    (analysis,) = analyzer([article(text)])
    (resolved,), entities = resolve_entities([analysis])
    assert {q.speaker_name for q in resolved.quotes} == {"David Brat"}
    brat = [e for e in entities if "Brat" in e.name]
    assert len(brat) == 1 and "Brat" in brat[0].aliases


def test_a_relative_pronoun_speaks_for_the_phrase_it_stands_for(analyzer: Analyzer) -> None:
    # No one is named: the speaker is the group the pronoun refers to, never "who" itself.
    text = (
        "Councillor Hart belongs to a bloc of landlords who say the rent cap will empty "
        "the old town of tenants."
    )
    (q,) = [q for q in _quotes(analyzer, text) if "rent cap" in q.content]
    assert q.speaker_text == "a bloc of landlords"
    assert q.speaker_name is None
    assert text[q.speaker_start : q.speaker_end] == q.speaker_text
    # A named antecedent stays the resolved name.
    named = "The ministry thanked Ilse Marrow, who said the audit would finish in June."
    (q,) = [q for q in _quotes(analyzer, named) if "audit" in q.content]
    assert q.speaker_name == "Ilse Marrow"
    # "who" stands for the person named right before it, whatever noun the parse hangs it on.
    ire = (
        "The second argument drew the anger of Judge Tomas Brevik who said he was misled by "
        "the filings."
    )
    (q,) = [q for q in _quotes(analyzer, ire) if "misled" in q.content]
    assert q.speaker_name == "Tomas Brevik"
    # ... a person only: an organisation before "who" names the group the pronoun is part of.
    members = "Reporters asked senior members of Parliament who said the budget would pass."
    (q,) = _quotes(analyzer, members)
    assert (q.speaker_text, q.speaker_name) == ("senior members of Parliament", None)
    # A date or a place never speaks: the pronoun stands for the noun they hang on.
    for text, speaker in [
        ("Reporters met fishermen in March 2019 who said the quotas were unfair.", "fishermen"),
        ("The mayor met traders in June 2016 who said they had the papers.", "traders"),
    ]:
        (q,) = _quotes(analyzer, text)
        assert (q.speaker_text, q.speaker_name) == (speaker, None), text
    # ... and a role in apposition to a name is that person.
    nurse = "Anna Lind, a nurse in Kestrel County, who said the clinic was short of staff."
    (q,) = _quotes(analyzer, nurse)
    assert q.speaker_name == "Anna Lind"


def test_a_date_after_the_speaker_is_not_part_of_the_name(analyzer: Analyzer) -> None:
    for text, speaker in [
        ("Okafor on Friday said he would appeal the ruling before the harvest.", "Okafor"),
        (
            "The governor over the weekend had written that the levee was safe.",
            "The governor",
        ),
    ]:
        (q,) = _quotes(analyzer, text)
        assert q.speaker_text == speaker, (text, q.speaker_text)
    # A phrase that names the speaker stays: "the mayor of Dunmore".
    (q,) = _quotes(analyzer, "The mayor of Dunmore said the bridge would reopen in May.")
    assert q.speaker_text == "The mayor of Dunmore"


def test_a_question_put_to_someone_or_a_saying_denied_is_no_remark_of_theirs(
    analyzer: Analyzer,
) -> None:
    """"was asked whether ..." is the reporter's question and "would not say whether ..." a
    refusal: neither is what the person said, so neither is a quote of theirs; what they did
    say beside it is."""
    text = (
        "The port's spokeswoman, Dana Ortiz, was asked on Tuesday whether the northern quay "
        "would reopen before the holidays. Mayor Lena Fisk would not say whether the council "
        "had approved the loan for the new crane. Fisk did not say that the loan was late. "
        "Fisk said the council approved the loan in May."
    )
    quotes = _quotes(analyzer, text)
    contents = [q.content for q in quotes]
    assert not any("northern quay" in c or "whether" in c for c in contents), contents
    assert not any("was late" in c for c in contents), contents
    said = _find(quotes, "approved the loan in May")
    assert said.speaker_name == "Lena Fisk"


def test_a_condition_opening_what_was_said_is_no_question(analyzer: Analyzer) -> None:
    """"said if the council approved the tolls, the bridge would close" reports a remark whose
    clause opens with a condition; "asked if the bridge would close" is still the question put."""
    text = (
        "Mayor Lena Ortiz said if the council approved the tolls, the bridge would close to "
        "trucks. Reporters asked Ortiz if the harbor would stay open. Weeks before the vote, "
        'asked if the council was "in league" with the port, Ortiz denied it. Journalist Tom '
        "Brevik asked Ortiz after the speech whether invoking the old mayor and the strike "
        "years might make her appear backward-looking at a time that her campaign portrays "
        'other leaders as "trapped in the past."'
    )
    quotes = _quotes(analyzer, text)
    said = _find(quotes, "the bridge would close to trucks")
    assert said.kind == "indirect" and said.speaker_name == "Lena Ortiz"
    assert said.content.startswith("if the council approved the tolls")
    # Whatever the opener hangs on, what a verb of asking reports is the question put.
    assert not [q.content for q in quotes if q.cue == "asked"]
    assert not any("invoking the old mayor" in q.content for q in quotes)


def test_a_name_right_before_a_cue_the_parse_left_without_subject_is_the_speaker(
    analyzer: Analyzer,
) -> None:
    """The small model hangs "former mayor Tom Ortiz" on the list before it ("his wife, mayoral
    front-runner Lena Ortiz, former mayor Tom Ortiz"), so "said" has no subject; the name
    written right against the cue is who said it."""
    text = (
        "Tuesday in Riverton, while on the campaign trail for his wife, mayoral front-runner "
        "Lena Ortiz, former mayor Tom Ortiz said his wife was uniquely qualified to lead the port."
    )
    said = _find(_quotes(analyzer, text), "uniquely qualified to lead the port")
    assert said.speaker_name == "Tom Ortiz"
    assert said.speaker_text == "former mayor Tom Ortiz"


def test_an_apposition_the_parse_reads_as_a_clause_is_neither_content_nor_in_the_way(
    analyzer: Analyzer,
) -> None:
    """The small model reads "rabbi helping to organize the vigil" as a clause hung before
    "said" (whose subject is Brevik) beside the one "said" reports after it: what was said is
    the clause after the cue, and the misread clause's subject is who said it."""
    text = (
        "Tomas Brevik, a Tampa, Fla., rabbi helping to organize the vigil, said he and other "
        "rabbis were upset about the vote."
    )
    (said,) = _quotes(analyzer, text)
    assert said.content == "he and other rabbis were upset about the vote"
    assert said.speaker_name == "Tomas Brevik"


def test_a_phrase_opening_with_a_preposition_is_no_speaker(analyzer: Analyzer) -> None:
    """Read off the word order when the parse gives the cue no subject, the words between the
    quote and the cue name who spoke ("“...,” campaign manager Robby Mook said"); a phrase
    opening with a preposition names where it was said."""
    text = (
        "Mayor Lena Ortiz opened her campaign on Tuesday. \u201cThe tolls must go,\u201d in a "
        "new radio ad airing in Riverton, railing against the port\u2019s fees on every truck."
    )
    said = _find(_quotes(analyzer, text), "The tolls must go")
    assert said.speaker_text is None or not said.speaker_text.startswith("in ")


def test_a_remark_reported_inside_the_same_speakers_remark_is_one_remark(
    analyzer: Analyzer,
) -> None:
    """"told the paper he found it “...”" is one remark of the harbour master's, not a second
    one read from "found"; a remark of someone else reported inside it stays theirs."""
    text = (
        "Harbour master Lena Okafor told the Ledger she found it “hard to believe that the "
        "crane passed its last inspection.” Okafor said that engineer Tomas Brevik had "
        "claimed the rails were sound."
    )
    quotes = _quotes(analyzer, text)
    hers = [q for q in quotes if "passed its last inspection" in q.content]
    assert len(hers) == 1, [q.content for q in quotes]
    assert hers[0].speaker_name == "Lena Okafor"
    assert any(q.speaker_name == "Tomas Brevik" and q.content.startswith("the rails")
               for q in quotes), [(q.speaker_name, q.content) for q in quotes]


def test_a_reported_clause_cut_to_one_word_is_no_remark(analyzer: Analyzer) -> None:
    # The parse gave "tweeting" a cue of its own with itself as the reported clause; the real
    # remark ("that she had asked ...") is kept.
    text = (
        "Okafor answered the critics on Tuesday, tweeting that she had asked the council to "
        "publish the harbor accounts."
    )
    (analysis,) = analyzer([article(text)])
    assert [(q.kind, q.content) for q in analysis.quotes] == [
        ("indirect", "that she had asked the council to publish the harbor accounts")
    ]


def test_a_phrase_a_verb_gives_as_someones_name_for_a_thing_is_their_remark(
    analyzer: Analyzer,
) -> None:
    # A short quoted phrase inside a sentence was read as a scare quote: "described ... as",
    # "called ..." make it the subject's words, a mixed quote with what it names.
    text = (
        "Port spokeswoman Dana Cole described the toll plan as “reckless and unfair,” citing "
        "its cost to fishermen. Senator Tom Reyes called the ruling “deeply flawed” on Monday. "
        "The ferry, which locals call “the Old Lady,” sailed at noon. "
        "The council's new “harbour first” plan was published on Friday."
    )
    quotes = _quotes(analyzer, text)
    described = _find(quotes, "reckless and unfair")
    assert described.kind == "mixed" and described.speaker_name == "Dana Cole"
    assert described.content.startswith("the toll plan as")
    called = _find(quotes, "deeply flawed")
    assert called.kind == "mixed" and called.speaker_name == "Tom Reyes"
    assert called.content.startswith("the ruling")
    # A name in use is no one's remark, and a phrase no verb gives stays a scare quote.
    assert not [q for q in quotes if "Old Lady" in q.content or "harbour first" in q.content]


def test_he_stands_for_the_person_named_as_subject_earlier_in_its_sentence(
    analyzer: Analyzer,
) -> None:
    # The small model parses "said" as the root and "appeared" as what he said: the subject of
    # the clause before "he" is Ashcroft, not Pemberton, the subject of the sentence before.
    text = (
        "Club chief Walter Pemberton in December called for armed guards in every school.\n\n"
        "Former Ohio Rep. Daniel Ashcroft, who led the club's review, appeared to ease off "
        'slightly on the call for guards in every school -- he said it\'s "important" for '
        'every school to have at least one, but acknowledged these decisions are "locally '
        'made" based on budgets.'
    )
    quotes = _quotes(analyzer, text)
    assert _find(quotes, "important").speaker_name == "Daniel Ashcroft"
    assert _find(quotes, "locally").speaker_name == "Daniel Ashcroft"


def test_he_does_not_stand_for_whom_he_speaks_of_or_what_he_supposes(
    analyzer: Analyzer,
) -> None:
    # Who a sentence tells of before "she said" is what she said, not who said it; the subject
    # of a condition ("If Dunne wins") is supposed, and one deeper down (that Dr. Lane had
    # offers) is what he was certain of.
    told = (
        "Councillor Rob Dunne lost the vote on Tuesday. Mayor Lena Ortiz spoke to reporters "
        "after the count. Dunne did try to stop the tolls until the end, she said."
    )
    assert _find(_quotes(analyzer, told), "stop the tolls").speaker_name == "Lena Ortiz"
    supposed = (
        "Councillor Rob Dunne lost the vote on Tuesday. Harbour master Tom Reyes spoke to "
        "reporters after the count. If Dunne wins the seat next year, he said he would "
        "leave the harbour board."
    )
    assert _find(_quotes(analyzer, supposed), "leave the harbour").speaker_name == "Tom Reyes"
    deeper = (
        "Dr. Ana Lane runs the clinic in Harbour Town. Father Paul Fenn spoke to the paper "
        "on Monday. Expressing certainty that Dr. Lane had other offers, he said the doctor "
        "had chosen to stay in the town."
    )
    assert _find(_quotes(analyzer, deeper), "chosen to stay").speaker_name == "Paul Fenn"


def test_a_sentence_whose_own_subject_is_quoted_names_who_the_next_he_is(
    analyzer: Analyzer,
) -> None:
    # The root is the quoted "said": Reyes, subject of "confirmed", is the sentence's subject.
    text = (
        "Union chief Carl Moss refused to meet the harbour master on Monday.\n\n"
        'Harbour master Tom Reyes later confirmed at the dock, "Absolutely I said that," '
        "while adding he hopes the strike ends soon. He said the cranes could restart "
        '"very quickly" once the union agrees.'
    )
    quote = _find(_quotes(analyzer, text), "cranes could restart")
    assert quote.speaker_text == "He" and quote.speaker_name == "Tom Reyes"


def test_a_participle_naming_a_noun_is_no_cue(analyzer: Analyzer) -> None:
    # "called campus safety officers" names the staff, set off by commas; the quoted words
    # after it belong to no one the sentence names (the small model parses "called" as the
    # verb whose subject is the staff).
    text = (
        "The task force recommended that schools designate willing staff to be armed. "
        "Armed school personnel, called campus safety officers, would also be required to "
        'undergo a "background investigation, testing, and relevant experience."'
    )
    quote = _find(_quotes(analyzer, text), "background investigation")
    assert quote.cue is None and quote.speaker_text is None


def test_the_chief_justice_is_the_one_who_holds_that_title(analyzer: Analyzer) -> None:
    # Another justice is named between them: the role noun is the chief justice's alone.
    text = (
        "Chief Justice Henry Alder heard the appeal on Tuesday. Justice Mara Quint asked "
        "about the maps. The chief justice also asked the lawyer \"how many examples of "
        'abuse would be enough."'
    )
    quote = _find(_quotes(analyzer, text), "how many examples")
    assert quote.speaker_text == "The chief justice" and quote.speaker_name == "Henry Alder"


def test_a_saying_repeated_after_and_is_the_same_speakers_second_remark(
    analyzer: Analyzer,
) -> None:
    # The small model hangs the second "said" on "ruined", inside what the first one reports.
    text = (
        "Mayor Lena Ortiz on Monday said the council ruined the plan for the harbour and said "
        'her rival, Tom Reyes, paid no price after he misled "many voters" about the tolls.'
    )
    quotes = _quotes(analyzer, text)
    first = _find(quotes, "ruined the plan")
    assert first.content == "the council ruined the plan for the harbour"
    second = _find(quotes, "paid no price")
    assert second.speaker_name == "Lena Ortiz" and "ruined" not in second.content


def test_words_before_a_cue_that_is_not_set_off_are_not_what_was_said(
    analyzer: Analyzer,
) -> None:
    # "In a statement" is the reporter's; "Within two years" opens what the inspectors said.
    stated = _quotes(
        analyzer, "In a statement on Friday, Mayor Lena Ortiz said the tolls would go in May."
    )
    assert _find(stated, "tolls would go").content == "the tolls would go in May"
    fronted = _quotes(
        analyzer, "Within two years, the harbour inspectors said, most of the cranes will rust."
    )
    assert _find(fronted, "cranes will rust").content.startswith("Within two years")


def test_an_account_speaks_for_its_holder_and_stays_as_written_without_one(
    analyzer: Analyzer,
) -> None:
    posted = _quotes(
        analyzer,
        "Mayor Lena Ortiz lost the vote on Friday. This was after Ortiz's account tweeted "
        'Saturday: "I had to fire the harbour master because he lied to the council."',
    )
    assert _find(posted, "fire the harbour master").speaker_name == "Lena Ortiz"
    told = _quotes(
        analyzer,
        'The harbour closed in May. One news account said "the cranes were sold for scrap" '
        "before the vote.",
    )
    quote = _find(told, "sold for scrap")
    assert quote.speaker_text == "One news account" and quote.speaker_name is None


def test_a_verb_going_on_with_a_deed_is_no_cue_but_going_on_talking_is(
    analyzer: Analyzer,
) -> None:
    # The panel began seeing: it said nothing of "the makings of a case".
    seen = _quotes(
        analyzer,
        'The harbour board met on Monday. The panel has begun to see "the makings of a case" '
        "against the mayor.",
    )
    quote = _find(seen, "makings of a case")
    assert quote.cue is None and quote.speaker_text is None
    went_on = _quotes(
        analyzer,
        "“We will keep the ferries running,” Mayor Lena Ortiz said. “Let’s just boil it down "
        "to the basics,” she continued.",
    )
    assert _find(went_on, "boil it down").speaker_name == "Lena Ortiz"


def test_what_someone_said_is_the_thing_talked_of_not_a_report(analyzer: Analyzer) -> None:
    # The clause after "what Mrs. Ortiz said" is what Reyes thought of it, not her words.
    quotes = _quotes(
        analyzer,
        "Mayor Lena Ortiz spoke on Monday. Mr. Reyes did not cite specifically what Mrs. Ortiz "
        "said that he considered a lie.",
    )
    assert not [q for q in quotes if "considered a lie" in q.content]


def test_an_adjective_after_the_speaker_noun_is_part_of_the_speaker(analyzer: Analyzer) -> None:
    # "people" and "Attorneys" alone tell the reader nothing of who spoke.
    familiar = _quotes(
        analyzer,
        "The harbour board met on Monday. People familiar with the talks who asked not to be "
        "named said the tolls would go in May.",
    )
    assert _find(familiar, "tolls would go").speaker_text == "People familiar with the talks"
    general = _quotes(
        analyzer, "Attorneys general in Utah and New Mexico said they would take similar action."
    )
    assert _find(general, "similar action").speaker_text == "Attorneys general in Utah"
