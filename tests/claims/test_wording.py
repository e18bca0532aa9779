"""How a claim is worded: as a statement that stands on its own, even when its sentence was cut
out of a longer quotation (the support keeps the source's words as they stand)."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.quotation import balanced
from tests.claims.helpers import article, claim_with, run_story


def test_a_sentence_cut_out_of_a_quotation_gets_the_mark_it_lacks() -> None:
    assert balanced("You are the mayor,” Ortiz said.") == "“You are the mayor,” Ortiz said."
    assert balanced("He added, “I will always work for the quay.") == (
        "He added, “I will always work for the quay.”"
    )
    assert balanced('You are the mayor," Ortiz said.') == '"You are the mayor," Ortiz said.'
    assert balanced('He added, "I will always work for the quay.') == (
        'He added, "I will always work for the quay."'
    )
    # Balanced sentences, apostrophes and marks of both kinds are left as they are.
    for sentence in (
        "“We won,” she said.",
        "The mayor's plan won't pass.",
        "No quote here.",
        'Ortiz promised that the council “will not cave" on the tolls.',
    ):
        assert balanced(sentence) == sentence


def test_a_claim_worded_by_a_cut_sentence_reads_as_a_statement(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Mayor Lena Ortiz spoke at the quay on Tuesday. “Congratulations to every crew. You have "
        "kept the ferries running through the storm,” Ortiz told the harbour workers."
    )
    result = run_story(
        analyzer,
        embed,
        [article("c1", "ledger.example", text), article("c2", "herald.example", text + " ")],
    )
    claim = claim_with(result, "kept the ferries running")
    assert claim.text.startswith("“You have kept the ferries running")
    # The support still quotes the source as it stands.
    assert all(s.text.startswith("You have kept") for s in claim.supports)
