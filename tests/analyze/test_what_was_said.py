"""What a saying reports: the clause that was said, never the reporter's circumstances around
it, and no remark at all where the saying is only asked about or supposed."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.model import Quote
from tests.analyze.conftest import article, quote_saying


def _quotes(analyzer: Analyzer, text: str) -> list[Quote]:
    (analysis,) = analyzer([article(text)])
    return list(analysis.quotes)


def test_a_clause_of_time_before_the_cue_is_not_what_was_said(analyzer: Analyzer) -> None:
    # The parse makes "after the Times reported ..." a complement of "announced".
    text = (
        "Late on Wednesday, two days after The Kestrel Times first reported that she had "
        "used a private phone for council business, Mrs. Ortiz announced that she had asked "
        "the council to publish her messages."
    )
    quotes = _quotes(analyzer, text)
    ortiz = [q for q in quotes if q.speaker_name == "Ortiz"]
    assert [q.content for q in ortiz] == [
        "that she had asked the council to publish her messages"
    ]
    # The Times' report is still its own.
    times = [q for q in quotes if "private phone" in q.content]
    assert times and times[0].speaker_text == "The Kestrel Times"


def test_a_clause_of_concession_after_the_cue_is_what_was_said(analyzer: Analyzer) -> None:
    text = (
        "Ortiz appeared to seek a middle ground, saying while some support the toll and "
        "others oppose it, she would wait."
    )
    quotes = [q for q in _quotes(analyzer, text) if q.speaker_text == "Ortiz"]
    assert quotes and quotes[0].content.startswith("while some support the toll")


def test_a_saying_asked_about_or_supposed_is_no_remark(analyzer: Analyzer) -> None:
    asked = "Vance would not say whether the harbour board believes Ortiz broke the law."
    assert not [q for q in _quotes(analyzer, asked) if "broke the law" in q.content]
    supposed = (
        "If the harbour board says the bridge is unsafe, the council will close it, "
        "Mayor Lena Ortiz said on Monday."
    )
    quotes = _quotes(analyzer, supposed)
    assert not [q for q in quotes if q.speaker_text == "the harbour board"]
    # The mayor's own saying, condition and all, stays hers.
    assert [q.speaker_name for q in quotes if "council will close" in q.content] == ["Lena Ortiz"]


def test_a_saying_after_which_something_happened_is_still_a_remark(analyzer: Analyzer) -> None:
    text = "The farmers marched on the square after Mayor Lena Ortiz said the tolls would rise."
    quotes = [q for q in _quotes(analyzer, text) if "tolls would rise" in q.content]
    assert [q.speaker_name for q in quotes] == ["Lena Ortiz"]


def test_a_second_participle_of_saying_is_the_same_speakers_remark(analyzer: Analyzer) -> None:
    # The parse hangs "noting" on "represents", inside what "saying" reports.
    text = (
        "Harbour inspectors questioned by the Gazette criticised the board's practice, saying "
        "it breaks the safety code and noting that the old cranes are far less safe than the "
        "new ones."
    )
    quotes = _quotes(analyzer, text)
    by_content = {q.content: q.speaker_text for q in quotes}
    assert by_content == {
        "it breaks the safety code": "Harbour inspectors",
        "that the old cranes are far less safe than the new ones": "Harbour inspectors",
    }


def test_a_statement_saying_something_is_whoever_put_it_out(analyzer: Analyzer) -> None:
    text = "Mayor Lena Ortiz issued a statement saying the toll plan had failed."
    quotes = [q for q in _quotes(analyzer, text) if "toll plan had failed" in q.content]
    assert [(q.speaker_text, q.speaker_name) for q in quotes] == [
        ("Mayor Lena Ortiz", "Lena Ortiz")
    ]
    # Put out by two together, it is neither's alone.
    joint = "Lena Ortiz and Tom Vance issued a statement saying the toll plan had failed."
    quotes = [q for q in _quotes(analyzer, joint) if "toll plan had failed" in q.content]
    assert quotes and all(q.speaker_name is None for q in quotes)
    # As "the monologue indicated": what he said in it.
    monologue = (
        "Democrats say they will accept the findings, but as Mr. Vance's monologue indicated "
        "they are determined not to let go of the case."
    )
    quotes = [q for q in _quotes(analyzer, monologue) if "let go of the case" in q.content]
    assert [q.speaker_name for q in quotes] == ["Vance"]


def test_finding_oneself_doing_something_is_no_finding(analyzer: Analyzer) -> None:
    text = (
        "The harbour board found itself defending yet another toll increase after the "
        "accounts were published."
    )
    assert not [q for q in _quotes(analyzer, text) if q.speaker_text == "The harbour board"]
    # An emphatic reflexive inside what was confirmed leaves the report standing.
    reported = "Her agent confirmed the singer has herself checked into a clinic in Leeds."
    quotes = _quotes(analyzer, reported)
    assert [q.content for q in quotes if q.speaker_text == "Her agent"] == [
        "the singer has herself checked into a clinic in Leeds"
    ]


def test_a_cue_set_off_inside_what_was_said_is_left_out_of_it(analyzer: Analyzer) -> None:
    cases = {
        "The new ferry is called Gull, the Kestrel Gazette reported, and has not sailed "
        "before.": "The new ferry is called Gull and has not sailed before",
        "Within two years, the inspectors said, most of the bridges would need new "
        "decks.": "Within two years most of the bridges would need new decks",
        "The tolls will rise in May, the mayor said.": "The tolls will rise in May",
        # A comment with "as" is a cue set off too, when a source makes it.
        "His district, as the Kestrel Post has noted, is 35 percent Latino.": (
            "His district is 35 percent Latino"
        ),
        'After a scuffle with two men who "wanted a fight," he testified, Ruiz pulled the '
        "trigger.": "Ruiz pulled the trigger",
    }
    for text, said in cases.items():
        contents = [q.content for q in _quotes(analyzer, text)]
        assert contents == [said], text
    # The parse gives the reported clause's subject to the cue too: it is still what was said.
    voters = (
        "Voters, Ortiz suggested, don’t have to worry that big banks can influence politicians "
        "like herself with huge donations."
    )
    (quote,) = [q for q in _quotes(analyzer, voters) if q.speaker_name == "Ortiz"]
    assert quote.content.startswith("Voters don’t have to worry")
    # "As" of time is no comment: hearings that concluded said nothing.
    timed = "As hearings on the bridge concluded on Thursday, it appeared the council would vote."
    assert not [q for q in _quotes(analyzer, timed) if q.speaker_text]
    # A cue inside what another reports is not set off: it is no remark over the sentence.
    inner = "A Kestrel councilman, Dan Mello, also said that Ms. Ortiz told him about the vote."
    assert [(q.speaker_name, q.content) for q in _quotes(analyzer, inner)] == [
        ("Dan Mello", "that Ms. Ortiz told him about the vote")
    ]
    # The span still runs over the whole of what was said, cue and all, for the reader.
    (quote,) = _quotes(analyzer, "The tolls will rise in May, the mayor said, and fall in June.")
    assert quote.content == "The tolls will rise in May and fall in June"
    assert quote.content_start == 0 and quote.content_end > quote.content_start + 40


def test_the_subject_of_a_passive_cue_is_no_speaker(analyzer: Analyzer) -> None:
    # Who was told, or what was added, did not say it; the agent, when named, did.
    told = "The ferry crews were told that the service would stop in June."
    assert [q.speaker_text for q in _quotes(analyzer, told)] == [None]
    by = "The harbour master was told by Mayor Lena Ortiz that the service would stop in June."
    assert [q.speaker_name for q in _quotes(analyzer, by)] == ["Lena Ortiz"]
    added = 'The clauses — "one on tolls and one on fares" — were added to the charter in 2004.'
    assert all(q.speaker_text is None for q in _quotes(analyzer, added))
    # Shown or heard doing the talking, the subject is the speaker.
    shown = (
        'In the video the preacher Omar Hadley, who died in 2011, is shown lecturing: "Listen '
        'to the lessons of history."'
    )
    assert [q.speaker_name for q in _quotes(analyzer, shown)] == ["Omar Hadley"]
    # A contracted "has" the parse reads as passive keeps its subject.
    has = "Mayor Lena Ortiz has spoken often of the bridge; she's maintained that it is safe."
    assert "Lena Ortiz" in [q.speaker_name for q in _quotes(analyzer, has)]


def test_repeating_a_position_is_a_remark(analyzer: Analyzer) -> None:
    text = "Ortiz repeated that the bridge would stay open to trucks."
    quotes = _quotes(analyzer, text)
    assert [(q.speaker_text, q.content) for q in quotes] == [
        ("Ortiz", "that the bridge would stay open to trucks")
    ]


def test_a_saying_held_back_is_no_remark(analyzer: Analyzer) -> None:
    for text in (
        "Ortiz declined to say that the tolls would rise.",
        'The mayor refused to say the words "toll increase" at the meeting.',
    ):
        assert not [q for q in _quotes(analyzer, text) if q.speaker_text], text


def test_going_so_far_as_to_say_is_the_subjects_remark(analyzer: Analyzer) -> None:
    text = (
        "Mayor Lena Ortiz spoke on Sunday. The mayor went so far as to say the harbour board "
        'should "step aside" for the delay.'
    )
    quotes = [q for q in _quotes(analyzer, text) if "step aside" in q.content]
    assert [q.speaker_name for q in quotes] == ["Lena Ortiz"]


def test_words_before_a_cue_that_told_someone_are_the_reporters(analyzer: Analyzer) -> None:
    text = (
        "In separate but identical letters sent on Oct. 19, 2011, Assistant Attorney General "
        "Ron Vance told two of the council's critics, Senators Ada Brandt and Tom Ruiz, both "
        "Democrats, that in December the port had provided a classified document to the council."
    )
    quotes = [q for q in _quotes(analyzer, text) if q.speaker_name == "Ron Vance"]
    assert [q.content for q in quotes] == [
        "that in December the port had provided a classified document to the council"
    ]
    # Words before the cue that are the reported clause's subject are what was said.
    told = "Progressivism, he told the Kestrel conference, is a cancer on the body politic."
    assert [q.content for q in _quotes(analyzer, told)] == [
        "Progressivism is a cancer on the body politic"
    ]


def test_what_was_said_opens_with_its_first_word(analyzer: Analyzer) -> None:
    text = (
        "The Kestrel Post reporter Ada Brandt writes of Ortiz today, "
        '"her status as the favourite for the nomination has vanished."'
    )
    (quote,) = _quotes(analyzer, text)
    assert quote.content.startswith('"her status')
    assert text[quote.content_start : quote.content_start + 11] == '"her status'


def test_a_report_of_someone_else_joined_after_what_was_said_is_theirs(
    analyzer: Analyzer,
) -> None:
    text = (
        "Mr. Ruiz has said he will plead not guilty, and people close to him have predicted "
        "that the mayor could pardon him."
    )
    quotes = {q.speaker_text: q.content for q in _quotes(analyzer, text)}
    assert quotes == {
        "Mr. Ruiz": "he will plead not guilty",
        "people close to him": "that the mayor could pardon him",
    }


def test_a_second_complement_of_the_same_saying_stays_in_it(analyzer: Analyzer) -> None:
    text = (
        "Mr. Vance testified that Mr. Ruiz was lucid during the meetings and that he had "
        "acknowledged to other members that his odd behavior was a pretense."
    )
    quotes = [q for q in _quotes(analyzer, text) if q.speaker_text == "Mr. Vance"]
    assert [q.content for q in quotes] == [
        "that Mr. Ruiz was lucid during the meetings and that he had acknowledged to other "
        "members that his odd behavior was a pretense"
    ]


def test_a_saying_owed_or_allowed_is_no_remark(analyzer: Analyzer) -> None:
    # What the speaker says someone should or must say is the speaker's remark only.
    owed = _quotes(
        analyzer,
        "Senator Tom Vance said the mayor should insist that the inspectors be present.",
    )
    assert [(q.speaker_name, q.content) for q in owed] == [
        ("Tom Vance", "the mayor should insist that the inspectors be present")
    ]
    # What a rule lets someone assert is nobody's remark.
    allowed = _quotes(
        analyzer,
        "The new charter allows a landlord to claim that the repairs are the tenant's duty.",
    )
    assert allowed == []


def test_the_question_put_to_a_speaker_is_not_his_answer(analyzer: Analyzer) -> None:
    text = (
        "But asked if the council should delay the vote, Mr. Vance said, "
        '"That is for the mayor to decide."'
    )
    quotes = _quotes(analyzer, text)
    assert [(q.kind, q.speaker_name, q.content) for q in quotes] == [
        ("direct", "Vance", "That is for the mayor to decide.")
    ]


def test_a_quotation_inside_what_was_said_keeps_its_closing_mark(analyzer: Analyzer) -> None:
    # Cut before the second saying, the first remark ends with the quotation's closing mark,
    # and the quotation is no remark of its own inside the same speaker's.
    quotes = _quotes(
        analyzer,
        'Senator Tom Vance said on Monday he agrees the toll is a "total disgrace" and said '
        '"the council will pay for it."',
    )
    assert [q.speaker_name for q in quotes] == ["Tom Vance", "Tom Vance"]
    assert quotes[0].content.endswith('the toll is a "total disgrace"')
    assert quotes[1].content == "the council will pay for it."


def test_a_subject_the_parse_made_the_cues_object_is_what_was_said(analyzer: Analyzer) -> None:
    # "who said people at ... were furious": the model reads "people" as the object of "said"
    # and the clause as having no subject; the people are part of what he said.
    text = (
        "“The toll is a disgrace,” said Karl Munk, a councillor, who said people at a recent "
        "public meeting were furious about the toll plan."
    )
    quote = quote_saying(analyzer, text, "were furious")
    assert quote.content == "people at a recent public meeting were furious about the toll plan"
    # Whom a speaker told is no part of it.
    told = quote_saying(
        analyzer, "Progressivism, he told the Harbour Conference, is a cancer.", "cancer"
    )
    assert "Conference" not in told.content


def test_a_quotation_inside_a_sentence_does_not_cut_what_was_said(analyzer: Analyzer) -> None:
    # Left alone, the parser starts a sentence at the opening mark and the remark ends at
    # "Mr. Biden".
    text = (
        "Mayor Lena Ortiz spoke in Kestrel. She insisted the vote gave Mr. Biden "
        '"this great opening" to press the shipping companies for a better deal.'
    )
    quote = quote_saying(analyzer, text, "the vote gave")
    assert quote.content.endswith("to press the shipping companies for a better deal")
    (analysis,) = analyzer([article(text)])
    assert len(analysis.sentences) == 2


def test_the_rest_of_a_clause_the_parse_hung_on_the_cue_is_what_was_said(
    analyzer: Analyzer,
) -> None:
    # The model makes "had earned" a second clause of "said" and the first ends at "sold".
    text = "The port director said the ferries to be sold had earned $9 million in fares last year."
    quote = quote_saying(analyzer, text, "ferries to be sold")
    assert quote.content == "the ferries to be sold had earned $9 million in fares last year"
    # A report of its own after a comma stays out.
    text = (
        "Officials said the ferry crews were concerned there might be a second storm, the "
        "Kestrel Courier reported."
    )
    quote = quote_saying(analyzer, text, "ferry crews")
    assert "Courier" not in quote.content and "second storm" in quote.content


def test_a_hyphen_the_parse_reads_as_a_clause_is_no_part_to_join(analyzer: Analyzer) -> None:
    # The model makes the "-" of "co-founded" a second clause of "said", with no word in it:
    # the article was analysed with an error before (ECB+ through the Ray engine).
    text = "The statement said Mr. Vance co-founded the ferry line 12 years ago."
    quote = quote_saying(analyzer, text, "ferry line")
    assert quote.content == "Mr. Vance co-founded the ferry line 12 years ago"


def test_telling_someone_something_is_a_remark(analyzer: Analyzer) -> None:
    # "inform", "assure" and "remind" report what was told; the one told is no part of it.
    text = (
        "The harbour board met on Monday. Its lawyer, Tom Vance, informed the council that the "
        "ferry contract had been cancelled. Mayor Lena Ortiz assured the fishermen that the "
        "north pier would reopen in May, and reminded them that the repairs were paid for."
    )
    quotes = _quotes(analyzer, text)
    told = {q.content: q.speaker_name for q in quotes}
    assert told.get("that the ferry contract had been cancelled") == "Tom Vance"
    assert told.get("that the north pier would reopen in May") == "Lena Ortiz"
    assert told.get("that the repairs were paid for") == "Lena Ortiz"


def test_rest_assured_is_no_remark(analyzer: Analyzer) -> None:
    text = "Fishermen can rest assured that the north pier will reopen in May."
    assert not [q for q in _quotes(analyzer, text) if "pier" in q.content]
    # The same verb telling someone is one.
    told = "The mayor assured the fishermen that the north pier will reopen in May."
    assert [q.speaker_text for q in _quotes(analyzer, told) if "pier" in q.content] == [
        "The mayor"
    ]
