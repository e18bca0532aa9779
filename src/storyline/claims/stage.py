"""The claims stage as records in, records out: which stories to recompute, and what to store
for one story. The local engine (``engines/local_claims.py``) reads the store around these and
writes what they return; ``build.build_claims`` does the work of one story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from storyline.claims.build import ClaimSet
from storyline.config import ClaimConfig, stage_fingerprint
from storyline.corrections import kept_conflicts
from storyline.model import (
    AlignedQuote,
    Claim,
    Conflict,
    Correction,
    Rejection,
    Story,
    StorySummary,
    failure_rejection,
)


@dataclass(slots=True, kw_only=True)
class ClaimsRun:
    """What one pass of the claims stage over a store did."""

    updated: int = 0
    failed: int = 0  # stories a rule failed on: no claims, a rejection each
    unchanged: int = 0
    removed: int = 0  # stories that no longer exist, whose claims were dropped
    claims: int = 0
    conflicts: int = 0
    quotes: int = 0
    encoded: int = 0  # distinct texts the sentence model encoded
    loaded: int = 0  # distinct texts whose vector an earlier run (or stage) had stored
    read: int = 0  # texts the stories asked vectors of (each story its own and its related ones)

    def line(self) -> str:
        return (
            f"{self.updated} stories updated ({self.claims} claims, {self.conflicts} conflicts, "
            f"{self.quotes} aligned quotes), {self.unchanged} unchanged, {self.removed} removed; "
            f"{self.encoded} sentences encoded ({self.loaded} stored) for {self.read} read"
        ) + (
            f"; {self.failed} failed, a rule failed on them (see `storyline rejections`)"
            if self.failed
            else ""
        )


# Raised whenever a change of the rules changes what they produce (config.stage_fingerprint).
# 6: office holders (claims.offices); 7: related stories' statements near the story's only;
# 8: no statement from a line that talks to the reader or is a cut sentence's tail (units);
# 9: a figure of a deed dated to the past is no update, the day's news against a deed years
# before is two occurrences (findings); 10: figures read where they stand (bounds, ranges,
# currencies; phone numbers, times of day, scores are no counts), two tallies are no
# contradiction, a title alone is no person, a restated slot's values need parties in common;
# 11: predicates alike in meaning, read in their sentences, join two wordings of one deed
# (anchors.meaning_matrix); 12: a decade is the ten years it covers ("1931" is in "the 1930's");
# 13: odds seen from the other side, a year inside a season ("1982-83"), counts of different
# things ("five-time All-Defensive" against "four-time All-Star") are no other value; 14: a
# surname written in one word or two ("DelGiudice", "Del Giudice") is one person and speaker;
# 15: a related story's sentence is shown as a claim's support only as a close paraphrase of
# its statements (plain score at least ``background_min_score``), not through shared anchors
# or a later join of claims; 16: a sentence whose subject points back ("He said ...") is no
# summary line, and a claim's wording is one naming its subject when one does; 17: one deed
# told in other words ("appointed", "picked") with another day of the news is a date conflict
# (conflicts._redated), a sentence supporting two claims words only the more important, a
# claim of statements a larger claim holds is that claim, and a speaker cut inside an aside is
# shown up to it; 18: an office in apposition is read from its article on, a title read back
# from a name stops at a comma, a legislator's title before a name is a courtesy, an
# organisation's initials name it ("RNC Chairman"), and two statements as alike as a claim's
# members are compared for a contradiction (``conflict_min_score`` 0.4), and a speaker is shown
# without the dateline or bullet before it; 19: one deed in other words compares only days of
# the news (a date only one statement gives, "until a special election in June", is not in the
# way; conflicts._redated); 20: a remark whose speaker is a surname alone is shown under the
# story's one full name of that surname (claims.speaker_names); 21: a claim worded by a
# sentence cut out of a longer quotation gets the quotation mark it lacks
# (quotation.balanced); 22: a remark made jointly ("Pelosi and Schumer said") is one remark
# with each of its makers, never two speakers of the same words (``AlignedQuote.co_speakers``);
# 23: a claim worded by a sentence whose speaker is "he" or "she" names the person meant, in
# brackets ("she [Nancy Pelosi] said"; claims.speaker_names.pronoun_speakers_named); 24: also
# a pronoun set between the two pieces of its quotation ('“...” spend the funds, he [X] said,
# “...”'); 25: "it" and "they" too, when the analysis resolved them ("they [David Long and
# Brian Bosma] said": analysis a18); 26: a claim of one statement that takes in a second is
# extended again at the ordinary floor, the statements an extension takes in are compatible with
# each other, and "last year's election" no longer marks a statement as another occurrence;
# 27: a claim opening with "he" or "she" as its subject, resolved by the analysis, names whom
# it stands for ("He [Eric Holder] settled into a corner booth ..."; Analysis.referents, a20);
# 28: only a running tally (the dead, the injured, arrests, cases) grows from one day's report
# to the next; another figure given larger later contradicts the earlier (findings.count_grew);
# 29: a pronoun after one opening phrase set off by a comma still opens the sentence and is
# named ("On Thursday, he [Trump] said ..."; speaker_names._OPENING); 30: a speaker written as
# the holder of a role is named too ("the governor [Deval Patrick] replied"); 31: a copy of one
# remark made by other people (a joint statement's co-maker) or said to another person is a
# conflict, and a copy's rewording counts words replaced, not the words a copy runs on with
# past the other's end, a word told as a short phrase one word (altered._reworded);
# 32: a statement that dates only a deed the other does not tell, one of whose deeds is what it
# is about, dates a response ("issued an apology on Monday for grabbing"); a restated date on
# another deed, or on sayings that quote no same words, is no slot.
# 33: conflicts read on ECB+'s odd topics: a place the other statement names too, a figure it
# gives of the same thing too, and a doer other than the other's (a clause's own, or the one it
# hangs on: "by scoring", "who completed") are no contradiction; an actor named in the other
# statement in any role is no other participant.
# 34: a claim of more than one article takes in a further statement of an article it holds
# (its lead and a later restatement), up to max_per_article, as it takes in other articles'.
RULES_REVISION = 34


def fingerprint(cfg: ClaimConfig, encoder: str | None) -> str:
    """What a story's claims under ``cfg`` are recognised by. Another sentence encoder gives
    other claims: a story claimed with one is claimed again when another is chosen
    (embed.ENCODER_ENV)."""
    return f"{stage_fingerprint(cfg, RULES_REVISION)}:{encoder or '-'}"


@dataclass(frozen=True, slots=True)
class ClaimsTask:
    """One story whose claims are to be recomputed: the story, the articles of its related
    stories read as background, and the inputs its results will be stored with."""

    story: Story
    background_ids: list[str]
    inputs: tuple[str, ...]


def plan(
    stories: Mapping[str, Story],
    stored_inputs: Mapping[str, tuple[str, ...]],
    fingerprint: str,
    family_of: Mapping[str, str],
    analysed: Mapping[str, str],
) -> tuple[list[ClaimsTask], int]:
    """The stories whose inputs changed since their claims were stored (``stored_inputs``: each
    story's ``StorySummary.inputs``), in ``stories``' order, and how many are unchanged.

    A story is recomputed when an article arrives or leaves, gets its analysis or another one
    (``analysed``: article -> the model of its analysis; a new version of the analysis reads
    its speakers and clauses otherwise), or moves to another source family (the reuse stage
    re-ran), its own or a related story's."""

    def state(article_id: str) -> str:
        done = analysed.get(article_id, "pending")
        return f"{article_id}:{family_of.get(article_id, '-')}:{done}"

    todo: list[ClaimsTask] = []
    unchanged = 0
    for story in stories.values():
        background_ids = sorted(
            {
                a
                for related in story.related
                if (other := stories.get(related.story_id)) is not None
                for a in other.article_ids
            }
            - set(story.article_ids)
        )
        inputs = (
            fingerprint,
            *sorted(state(a) for a in story.article_ids),
            "|",
            *(state(a) for a in background_ids),
        )
        if stored_inputs.get(story.story_id) == inputs:
            unchanged += 1
        else:
            todo.append(ClaimsTask(story, background_ids, inputs))
    return todo, unchanged


def story_records(
    result: ClaimSet, inputs: tuple[str, ...], decisions: Sequence[Correction]
) -> list[Claim | Conflict | AlignedQuote | StorySummary]:
    """What replaces a story's stored results: its claims, its conflicts less those an editor
    dismissed (never raised again: storyline.corrections), its aligned quotes, and its summary
    with the inputs it was made from."""
    conflicts = kept_conflicts(decisions, result.conflicts, result.claims)
    return [*result.claims, *conflicts, *result.quotes, replace(result.summary, inputs=inputs)]


def failed_story_records(
    story_id: str, inputs: tuple[str, ...], exc: BaseException
) -> list[StorySummary | Rejection]:
    """What replaces a story's stored results when a rule failed on it in a way none foresaw:
    no claims, a summary with no sentences that records the inputs (the story is not tried
    again until they change, when it would fail the same way), and a bad-record rejection of
    stage ``claims`` naming the story and the error (``storyline rejections``). The run goes
    on with the other stories."""
    return [
        StorySummary(story_id=story_id, sentences=(), inputs=inputs),
        failure_rejection(story_id, "claims", exc),
    ]
