"""Clauses: what each predicate of a sentence says about how it is asserted."""

from __future__ import annotations

from datetime import datetime

from storyline.analyze import Analyzer
from storyline.analyze.clauses import name_key
from tests.analyze.conftest import article


def test_a_question_marks_the_verbs_of_its_own_sentence_only(analyzer: Analyzer) -> None:
    text = (
        "Did the council close the harbour road before the storm arrived? "
        "The mayor closed the bridge on Tuesday. "
        "The ferry company may add two boats next month."
    )
    analysis = analyzer([article(text)])[0]
    modal = {(c.sentence, c.predicate): c.modal for c in analysis.clauses}
    assert modal[(0, "close")] == "?"
    assert modal[(0, "arrive")] == "?"
    assert modal[(1, "close")] == ""
    assert modal[(2, "add")] == "may"


def test_one_very_long_sentence_keeps_its_question_mark(analyzer: Analyzer) -> None:
    # Read once per sentence, not once per verb (a 10,000-word sentence once took minutes).
    deeds = (f"the crew loaded crate {n} and the clerk signed it" for n in range(300))
    clauses_text = ", ".join(deeds)
    analysis = analyzer([article("Did " + clauses_text + "?")])[0]
    verbs = [c for c in analysis.clauses if c.predicate in ("load", "sign")]
    assert len(verbs) > 100
    assert all(c.modal == "?" for c in verbs)


def test_a_day_naming_a_time_of_the_day_dates_the_clause(analyzer: Analyzer) -> None:
    # "Saturday" hangs on "morning" in the parse; it is still the day of the pleading, while a
    # day naming another noun ("a Friday deadline") is that noun's.
    text = (
        "The former harbour master pleaded guilty in a county courtroom Saturday morning. "
        "The ferry crews set a Friday deadline for the talks."
    )
    thursday = datetime(2026, 3, 5, 9, 0)
    analysis = analyzer([article(text, published=thursday)])[0]
    dates = {c.predicate: c.dates for c in analysis.clauses}
    assert dates["plead"] == ("2026-02-28",)  # the Saturday before, a day and not a time
    assert dates["set"] == ()


def test_names_are_keyed_without_accents_and_in_any_script(analyzer: Analyzer) -> None:
    # Only a-z was read before: "Erdoğan" was keyed "an", a Cyrillic name not at all.
    assert name_key("Recep Tayyip Erdoğan", "PERSON") == "erdogan"
    assert name_key("Erdogan", "PERSON") == name_key("Erdoğan", "PERSON")
    assert name_key("São Paulo", "GPE") == "sao paulo"
    assert name_key("Владимир Путин", "PERSON") != ""
    text = "President Tomás Ibáñez signed the harbour accord in Tarvos on Tuesday."
    analysis = analyzer([article(text, published=datetime(2026, 3, 5, 9, 0))])[0]
    signed = next(c for c in analysis.clauses if c.predicate == "sign")
    assert signed.agents == ("ibanez",)


def test_a_name_with_a_suffix_is_keyed_with_its_surname(analyzer: Analyzer) -> None:
    # The suffix alone was the key: every "... Jr." was one man.
    assert name_key("Jesse Jackson Jr.", "PERSON") == "jackson jr"
    assert name_key("Jackson Jr.", "PERSON") == name_key("Jesse Jackson Jr.", "PERSON")
    assert name_key("Donald Trump Jr.", "PERSON") != name_key("Jesse Jackson Jr.", "PERSON")
    assert name_key("Donald Trump Jr.", "PERSON") != name_key("Donald Trump", "PERSON")
    # An ordinal is no part of the key: "Mr. Brevik" names "Tomas Brevik III" (his father
    # would carry "Jr." or an ordinal himself).
    assert name_key("Tomas Brevik III", "PERSON") == name_key("Mr. Brevik", "PERSON") == "brevik"
    assert name_key("Tomas Brevik Jr. III", "PERSON") == "brevik jr"
    text = "Former Rep. Calvin Moss Jr. pleaded guilty in Tarvos on Tuesday."
    analysis = analyzer([article(text, published=datetime(2026, 3, 5, 9, 0))])[0]
    pleaded = next(c for c in analysis.clauses if c.predicate == "plead")
    assert pleaded.agents == ("moss jr",)


def test_a_name_in_apposition_to_a_title_is_the_argument(analyzer: Analyzer) -> None:
    # The parse hangs the name on the title noun as an apposition, which an argument's phrase
    # leaves out ("Pakistan, a key ally"): the clause read the title ("nominee") as its doer.
    text = (
        "Presumptive GOP presidential nominee Mitt Brandt on Tuesday joined the call for a "
        "recount. The union's lawyer, Walter Okafor, filed the appeal on Wednesday. "
        "Tarvos, a key harbour town, joined the strike on Thursday."
    )
    analysis = analyzer([article(text, published=datetime(2026, 3, 5, 9, 0))])[0]
    doers = {c.predicate: c.agents for c in analysis.clauses}
    joined = [c.agents for c in analysis.clauses if c.predicate == "join"]
    assert joined == [("brandt",), ("tarvos",)]
    assert doers["file"] == ("okafor",)
    named = next(c for c in analysis.clauses if c.predicate == "file")
    (agent,) = [a for a in named.arguments if a.role == "agent"]
    assert text[agent.start : agent.end] == "The union's lawyer, Walter Okafor"


# A dateline opening the lead is parsed apart from it (fiction written for these tests).
DATELINE_LEAD = (
    "KESTREL CITY, Ore. \u2015 The port authority's plan to raise tolls on every truck drew a "
    "lawsuit from the drivers' union on Tuesday.\n\n"
    '"We will see them in court," said Dana Cole, a union spokeswoman.'
)


def test_a_dateline_is_no_part_of_the_leads_clauses(analyzer: Analyzer) -> None:
    (analysis,) = analyzer([article(DATELINE_LEAD)])
    draw = next(c for c in analysis.clauses if c.predicate == "draw")
    assert draw.agents == ("plan",)
    assert "lawsuit" in draw.patients
    # The place alone parses as a sentence whose root is the place: no clause of its own.
    lead = analysis.sentences[0]
    dateline_end = lead.text.index("The port")
    assert not [c for c in analysis.clauses if lead.start <= c.start < lead.start + dateline_end]
    assert all("kestrel" not in k for c in analysis.clauses for k in (*c.agents, *c.patients))


def test_a_dateline_stays_in_the_leads_sentence_record(analyzer: Analyzer) -> None:
    (analysis,) = analyzer([article(DATELINE_LEAD)])
    assert len(analysis.sentences) == 2
    assert analysis.sentences[0].text.startswith("KESTREL CITY, Ore. \u2015 The port authority")
    # A quote is recorded in the analysis's sentences, not the parse's three.
    (quote,) = analysis.quotes
    assert quote.sentence == 1 and quote.speaker_name == "Dana Cole"
    assert any(m.text == "KESTREL CITY" or m.text.startswith("KESTREL") for m in analysis.mentions)
