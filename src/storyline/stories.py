"""Analyses -> stories: online assignment of articles to real-world events, with stable IDs.

Articles arrive in publication order (ingest order where no date is known). Each one is compared
with a bounded set of candidate stories, found through an inverted index over its rarest terms and
entities and filtered by a time window, and joins the best one if the combined similarity clears a
threshold; otherwise it founds a new story whose ID derives from the founding article's ID, so IDs
never depend on what arrives later. When an article matches two existing stories well enough that
they are one event, the younger story is merged into the older and a :class:`StoryChange` records
it. online-v2 never splits a story.

The similarity separates *same event* from *same topic* by combining these signals:

- lexical: TF-IDF cosine over normalized word forms, title and lead words counted extra;
- semantic: cosine of all-MiniLM-L6-v2 vectors of title + lead;
- entities: TF-IDF cosine over named people, places and organisations;
- time: distance between the events' dates (resolved time expressions or explicit dates in the
  text, else the publication date); where either side has none, the years both name; a
  follow-up dated in another year that names the event's year may join beyond the window;
- reuse: a member sharing a copied or paraphrased passage that opens both reports;
- place: whether the main places agree (weighted 0 by default).

Everything here is deterministic: the same articles in the same order give the same stories.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import numpy as np

from storyline.config import StoryConfig
from storyline.corrections import apply_story_corrections
from storyline.embed import MODEL_NAME, shared_embedder
from storyline.errors import ConfigError
from storyline.model import (
    Analysis,
    Article,
    LeadVector,
    RelatedStory,
    ReuseLink,
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
    content_id,
)
from storyline.store import Store
from storyline.store.codec import decode_array, encode_array
from storyline.story_state import OpenStory, StoredState, Vector, median_date, save_state

# online-v2 (2026-12): years named in the text stand in for missing dates, dated articles are
# sorted only between undated ones, and reports sharing their opening passage count as one
# report passed on. online-v1's stored stories stay as they were decided.
ALGORITHMS = ("online-v2",)


def check_algorithm(cfg: StoryConfig) -> None:
    if cfg.algorithm not in ALGORITHMS:
        raise ConfigError(f"unknown stories algorithm {cfg.algorithm!r} (known: {ALGORITHMS})")


class TextEmbedder(Protocol):
    def __call__(self, texts: Sequence[str]) -> Vector: ...


# ---------------------------------------------------------------------------------------------
# features of one article
# ---------------------------------------------------------------------------------------------

PEOPLE_LABELS = frozenset({"PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ORG_LABELS = frozenset({"ORG", "NORP", "EVENT"})

# A small English stop list: function words and the reporting vocabulary every article shares.
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says say told according news report reported reports reporting one two new
    year years time also would could may might must shall us mr mrs ms per via""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_MONTH_NAMES = "january february march april may june july august september october november"
_MONTHS = {m: i + 1 for i, m in enumerate([*_MONTH_NAMES.split(), "december"])}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_FULL_DATE = re.compile(
    r"\b(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)\b"
    r"|\b(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[A-Z][a-z]{2,8})\.?,?\s+(?P<y2>(?:19|20)\d\d)\b"
    r"|\b(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)\b"
)


@functools.lru_cache(maxsize=1 << 16)
def normalize_word(word: str) -> str:
    """A light, deterministic stemmer: enough to meet "killed"/"kills"/"killing" as one form.

    Cached: news vocabulary repeats, and every article's words pass here each run."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def _tokens(text: str) -> list[str]:
    # Numbers stay: a magnitude, a death toll or a score tells one event from another of its kind.
    return [
        t if t[0].isdigit() else normalize_word(t)
        for t in _WORD.findall(text)
        if (len(t) > 2 or t[0].isdigit()) and t.lower() not in _STOP
    ]


# Longer "titles" are first paragraphs taken for a headline (the seeds' UrduPoint reports).
MAX_HEADLINE_CHARS = 150

# A venue preposition right before a place mention ("signed in Kestrel City", "at the Kremlin").
_VENUE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$", re.IGNORECASE)


def _entity_key(label: str, text: str, entity_id: str | None) -> str | None:
    """One key per real-world entity: resolved ID when analysis gives one, else a normal form."""
    if entity_id:
        return entity_id
    words = [w for w in re.findall(r"[\w'’.-]+", text) if w.lower() not in {"the", "'s"}]
    if not words:
        return None
    if label in PEOPLE_LABELS:
        # "President Vladimir Putin", "Putin" and "Putin's" are one person: key on the surname.
        return "per:" + normalize_word(words[-1].strip(".'’"))
    if label in PLACE_LABELS:
        return "loc:" + " ".join(w.lower() for w in words)
    if label in ORG_LABELS:
        return "org:" + " ".join(w.lower() for w in words)
    return None


def _parse_dates(text: str) -> list[date]:
    found: list[date] = []
    for m in _FULL_DATE.finditer(text):
        try:
            if m.group("y1"):
                month = _MONTHS.get(m.group("m1").lower().rstrip("."))
                if month is not None:
                    found.append(date(int(m.group("y1")), month, int(m.group("d1"))))
            elif m.group("y2"):
                month = _MONTHS.get(m.group("m2").lower().rstrip("."))
                if month is not None:
                    found.append(date(int(m.group("y2")), month, int(m.group("d2"))))
            else:
                found.append(date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))))
        except ValueError:
            continue
    return found


def event_date(article: Article, analysis: Analysis | None) -> date | None:
    """When the reported event happened, as well as the text lets us tell.

    With a publication date, the event is the latest resolved date in the lead that falls within
    the week before publication ("on Tuesday"), else the publication day: calendar dates written
    in a dated article are as often background ("met last year in Astana") as the event itself.
    Without one, explicit calendar dates in the lead ("August 7, 2012") are the best evidence.
    """
    lead_end = 1200
    if article.published is not None:
        published = article.published.date()
        recent: list[date] = []
        for t in analysis.times if analysis is not None else ():
            if t.value and t.start < lead_end and t.kind == "DATE":
                try:
                    day = date.fromisoformat(t.value[:10])
                except ValueError:
                    continue
                if 0 <= (published - day).days <= 7:
                    recent.append(day)
        return max(recent) if recent else published
    explicit = _parse_dates(article.text[:lead_end])
    return median_date(explicit) if explicit else None


_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# Numeric dates in date stamps ("12 / 16 / 08 1: 30 AM EST", "11/28/2005"): month/day/year.
_NUMERIC_DATE = re.compile(r"\b[01]?\d ?/ ?[0-3]?\d ?/ ?(\d\d|(?:19|20)\d\d)\b")


def named_years(article: Article, day: date | None, chars: int) -> frozenset[int]:
    """The years an article names near its top, and the year of its date when it has one.

    Undated reports (ECB+) still carry "2008", "March 2013" or a stamp like "11 / 28 / 05" in
    their first paragraphs; where two dates can not be compared, these years stand in for them
    (StoryEngine.match; benchmarks/stories_quality.py: ECB+ through the pipeline 0.862 -> 0.917
    with the arrival order below, BASIL unchanged).
    """
    head = article.text[:chars]
    years = {int(y) for y in _YEAR.findall(head)}
    for y in _NUMERIC_DATE.findall(head):
        year = int(y) if len(y) == 4 else 2000 + int(y)
        if 1950 <= year < 2050:
            years.add(year)
    if day is not None:
        years.add(day.year)
    if article.published is not None:
        years.add(article.published.year)
    return frozenset(years)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFeatures:
    """Everything the story assignment needs to know about one article (cheap to keep in memory)."""

    article_id: str
    title: str
    published: datetime | None
    event_date: date | None
    years: frozenset[int]  # years named near the top, and the date's year (named_years)
    terms: dict[str, float]  # normalized word -> count (title words twice)
    entities: dict[str, float]  # entity key -> mention count
    names: dict[str, str]  # entity key -> the longest name written for it
    people: frozenset[str]
    place: str | None  # entity key of the main place
    vector: Vector  # unit MiniLM vector of title + lead
    # Articles whose lead shares copied or paraphrased text with this one's (reuse stage).
    lead_copies: frozenset[str] = frozenset()


def lead_text(article: Article, chars: int = 600) -> str:
    """Title and lead: what the MiniLM vector is computed from."""
    body = article.text.strip()
    title = (article.title or "").strip()
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    return (title + ". " + body[:chars]).strip(". ") if title else body[:chars]


def extract_features(
    article: Article,
    analysis: Analysis | None,
    vector: Vector,
    cfg: StoryConfig,
    lead_copies: frozenset[str] = frozenset(),
) -> ArticleFeatures:
    title = (article.title or "").strip()
    body = article.text
    lead_end = cfg.lead_chars
    if title and body.startswith(title):
        body = body[len(title) :]
        lead_end += len(title)
    # The title and lead name the event; the rest of the body carries background as well, so
    # words and entities there count extra.
    terms: defaultdict[str, float] = defaultdict(float)
    for t in _tokens(body):
        terms[t] += 1.0
    for t in _tokens(body[: cfg.lead_chars]):
        terms[t] += cfg.lead_boost
    for t in _tokens(title):
        terms[t] += 1.0 + cfg.lead_boost
    entities: defaultdict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    places: Counter[str] = Counter()
    place_keys: dict[str, str] = {}  # a place as written, lowercased -> its entity key
    venues: Counter[str] = Counter()  # places named as where something happened ("in Kestrel City")
    people: set[str] = set()
    for m in analysis.mentions if analysis is not None else ():
        key = _entity_key(m.label, m.text, m.entity_id)
        if key is None:
            continue
        # Scored by the name as written (surname, place name), not the corpus entity ID: the ID
        # changes when a later article gives the entity a fuller name, and the name keys score
        # a little better on the dev sets (ECB+ 0.889 against 0.884, BASIL 0.987 against 0.984).
        scored = _entity_key(m.label, m.text, None) or key
        entities[scored] += 1.0 + (cfg.lead_boost if m.start < lead_end else 0.0)
        surface = m.text.strip()
        if len(surface) > len(names.get(key, "")):
            names[key] = surface
        if m.label in PEOPLE_LABELS:
            people.add(key)
        elif m.label in PLACE_LABELS:
            # Earlier mentions (dateline, lead) say more about where the event happened, and a
            # place the text puts something in ("in Kestrel City", "at the Kremlin") more than
            # one that takes part ("Norland and Estoria signed"): the story's place is the city
            # its reports agree on, not the country every report names.
            weight = 2 if m.start < 400 else 1
            places[key] += weight
            if m.start < 1000 and _VENUE.search(article.text, max(0, m.start - 12), m.start):
                venues[key] += weight
            place_keys.setdefault(m.text.strip().lower(), key)
    place: str | None = None
    if venues:
        # Where the text puts the event; a dateline may be where the report was filed from.
        place = max(sorted(venues), key=lambda k: venues[k])
    elif article.place:
        # The dateline's place under the key its mentions have, so reports with and without a
        # dateline count it as one place.
        place = place_keys.get(article.place.strip().lower()) or (
            "loc:" + article.place.strip().lower()
        )
        names.setdefault(place, article.place.strip().title())
    elif places:
        place = max(sorted(places), key=lambda k: places[k])
    day = event_date(article, analysis)
    return ArticleFeatures(
        article_id=article.article_id,
        title=title or lead_text(article, 80),
        published=article.published,
        event_date=day,
        years=named_years(article, day, cfg.year_chars),
        terms=dict(terms),
        entities=dict(entities),
        names=names,
        people=frozenset(people),
        place=place,
        vector=vector,
        lead_copies=lead_copies,
    )


def lead_copies(links: Iterable[ReuseLink], chars: int) -> dict[str, frozenset[str]]:
    """Per article, the articles it shares a passage with that opens both texts (starts within
    their first ``chars`` characters): a wire lead reprinted or rewritten. Copied background
    further down (seed 003 recycling the meeting's paragraphs, the sample's farmers' march
    recalling the pact in its second paragraph) does not count."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for link in links:
        if any(p.a_start < chars and p.b_start < chars for p in link.passages):
            found[link.article_a].add(link.article_b)
            found[link.article_b].add(link.article_a)
    return {aid: frozenset(others) for aid, others in found.items()}


def stored_lead_copies(
    store: Store, article_ids: Sequence[str], chars: int
) -> dict[str, frozenset[str]]:
    """``lead_copies`` of these articles from the stored reuse links (an indexed read each)."""
    links: dict[str, ReuseLink] = {}
    for aid in article_ids:
        for column in ("article_a", "article_b"):
            links.update((link.link_id, link) for link in store.all(ReuseLink, **{column: aid}))
    wanted = set(article_ids)
    return {k: v for k, v in lead_copies(links.values(), chars).items() if k in wanted}


def featurize(
    articles: Sequence[Article],
    analyses: Sequence[Analysis | None],
    embedder: TextEmbedder,
    cfg: StoryConfig,
) -> list[ArticleFeatures]:
    """Features for a batch of articles; the MiniLM vectors are computed in one batch."""
    vectors = embedder([lead_text(a) for a in articles])
    return [
        extract_features(a, an, vectors[i], cfg)
        for i, (a, an) in enumerate(zip(articles, analyses, strict=True))
    ]


def arrival_order(features: Sequence[ArticleFeatures]) -> list[ArticleFeatures]:
    """Publication order; undated articles keep their ingest position.

    Each run of consecutive dated articles (between two undated ones, in ingest order) is
    sorted by (published, article_id), so a batch of dated articles arrives in the same order
    whatever order it was handed over in. Dated articles are not moved past undated ones: where
    dates are missing, ingest order is the only evidence of when articles came, and sorting the
    dated ones across the whole batch tore stories apart (ECB+ through the pipeline, where half
    of one event's reports carry a date stamp: B-cubed F1 0.886 in ingest order, 0.862 with
    every dated article sorted into the dated articles' places; benchmarks/stories_quality.py).
    """
    out: list[ArticleFeatures] = []
    run: list[ArticleFeatures] = []
    for f in [*features, None]:
        if f is not None and f.published is not None:
            run.append(f)
            continue
        out.extend(sorted(run, key=lambda g: (_naive(g.published), g.article_id)))
        run = []
        if f is not None:
            out.append(f)
    return out


def _naive(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment


# ---------------------------------------------------------------------------------------------
# the online engine
# ---------------------------------------------------------------------------------------------


def is_follow_up(f: ArticleFeatures, story: OpenStory) -> bool:
    """Whether ``f``, dated in another year than ``story``'s event, ties itself to that event:
    it names the story's year ("the 2010 Kraft Foods rampage" in a 2012 verdict), or the
    story's reports name the article's year (reports of a 2013 trial recalling the 2011
    killing, which arrives later). Such a report may join the story beyond the time window;
    the content score still has to carry it (ECB+ through the pipeline 0.921 -> 0.924, three
    shuffled orders 0.862-0.880 -> 0.865-0.887, BASIL unchanged; benchmarks/stories_quality.py).
    Two events of one kind in two years mostly name no year of each other, and where one
    recalls the other ("another heist, after the 2008 one"), content decides.
    """
    day = story.event_day()
    if f.event_date is None or day is None or f.event_date.year == day.year:
        return False
    return day.year in f.years or story.years.get(f.event_date.year, 0) > 0


def _cosine_sparse(a: dict[str, float], b: dict[str, float], b_norm: float) -> float:
    if not a or b_norm <= 0.0:
        return 0.0
    if len(a) > len(b):
        dot = sum(v * a.get(k, 0.0) for k, v in b.items())
    else:
        dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    a_norm = math.sqrt(sum(v * v for v in a.values()))
    return dot / (a_norm * b_norm) if a_norm > 0 else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """How one article compares with one story: the signals and their combination."""

    story_id: str
    lexical: float
    semantic: float
    entities: float
    content: float  # the lexical, semantic and entity part of the score, before time and place
    days_apart: int | None
    same_year: bool | None  # undated: latest named years agree (True), or the article names
    # a later year and none of the story's (False)
    same_place: bool | None
    shares_lead: bool  # a member's lead shares copied or paraphrased text with the article's
    follow_up: bool  # dated beyond the time window, in a year the two sides name (is_follow_up)
    score: float


class StateSource(Protocol):
    """Where a long-lived engine finds what earlier runs left (``story_state.StoredState``).

    Each method returns what it has for the keys asked and leaves the others out.
    """

    def stories(self, story_ids: Sequence[str]) -> dict[str, OpenStory]: ...
    def postings(self, keys: Sequence[str]) -> dict[str, list[str]]: ...
    def document_counts(self, keys: Sequence[str]) -> dict[str, int]: ...
    def vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]: ...


@dataclass(slots=True, kw_only=True)
class StoryResult:
    assignments: list[StoryAssignment]
    stories: list[Story]
    changes: list[StoryChange]


class StoryEngine:
    """Holds open stories and their index; ``add`` assigns one article, in arrival order.

    With a ``source``, stories, postings and document counts of earlier runs are loaded when an
    arriving article needs them, and ``touched``, ``dirty_postings`` and ``dirty_terms`` say what
    to write back; without one, everything lives in memory (a batch from scratch).
    """

    def __init__(self, cfg: StoryConfig, source: StateSource | None = None) -> None:
        check_algorithm(cfg)
        self.cfg = cfg
        self.source = source
        self.touched: set[str] = set()  # stories whose state or record changed in this run
        self.dirty_postings: set[str] = set()
        self.dirty_terms: set[str] = set()
        self._counts_loaded: set[str] = set()
        self._postings_loaded: set[str] = set()
        self.stories: dict[str, OpenStory] = {}
        self.assignment: dict[str, StoryAssignment] = {}
        self.changes: list[StoryChange] = []
        self.df: Counter[str] = Counter()  # document frequency of terms and entity keys
        self.docs = 0
        self._seen_for_df: set[str] = set()
        self.postings: dict[str, list[str]] = defaultdict(list)  # index key -> story IDs
        self.merged_into: dict[str, str] = {}
        self.related: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.seq = 0

    # -- document frequencies ----------------------------------------------------------------

    def observe(self, features: Iterable[ArticleFeatures]) -> None:
        """Count document frequencies before assigning: the IDF covers the whole batch."""
        fresh = [f for f in features if f.article_id not in self._seen_for_df]
        if self.source is not None:
            keys = sorted({k for f in fresh for k in (*f.terms, *f.entities)} - self._counts_loaded)
            self.df.update(self.source.document_counts(keys))
            self._counts_loaded.update(keys)
        for f in fresh:
            if f.article_id in self._seen_for_df:
                continue
            self._seen_for_df.add(f.article_id)
            self.docs += 1
            self.df.update(f.terms.keys())
            self.df.update(f.entities.keys())
            self.dirty_terms.update(f.terms.keys())
            self.dirty_terms.update(f.entities.keys())

    def _idf(self, key: str) -> float:
        return math.log((self.docs + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def _weighted(self, counts: dict[str, float]) -> dict[str, float]:
        vec = {k: (1.0 + math.log(v)) * self._idf(k) for k, v in counts.items() if v > 0}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {k: v / norm for k, v in vec.items()} if norm > 0 else {}

    # -- candidates ---------------------------------------------------------------------------

    def _index_keys(self, f: ArticleFeatures, lex: dict[str, float]) -> list[str]:
        """The article's most distinctive terms and its entities: where its story is posted."""
        top_terms = sorted(lex, key=lambda k: (-lex[k], k))[: self.cfg.index_terms]
        ents = sorted(f.entities, key=lambda k: (-f.entities[k] * self._idf(k), k))
        return top_terms + ents[: self.cfg.index_entities]

    def _candidates(self, f: ArticleFeatures, keys: Sequence[str]) -> list[tuple[str, bool]]:
        """Stories sharing the most index keys, each with whether it is inside the time window.

        Stories outside the window cannot be joined, unless the article is a follow-up of
        theirs (``is_follow_up``), but can still be related (background).
        """
        if self.source is not None:
            wanted = [k for k in keys if k not in self._postings_loaded]
            for key, story_ids in self.source.postings(wanted).items():
                self.postings[key] = story_ids + self.postings.get(key, [])
            self._postings_loaded.update(wanted)
        hits: Counter[str] = Counter()
        for key in keys:
            # Only the most recent stories under a key: common keys stay cheap to look up.
            for sid in self.postings.get(key, ())[-self.cfg.postings_per_key :]:
                hits[self._live(sid)] += 1
        for sid in self._stories_sharing_lead(f):
            hits[sid] += len(keys)  # always a candidate, whatever the index says
        self._load([sid for sid in hits if sid not in self.stories])
        for sid in [sid for sid in hits if sid not in self.stories]:
            del hits[sid]  # posted under a key, but its state is gone: nothing to join
        inside: dict[str, bool] = {}
        for sid in hits:
            story = self.stories[sid]
            days = self._days_apart(f.event_date, story.event_day())
            inside[sid] = (
                days is None or days <= self.cfg.time_window_days or is_follow_up(f, story)
            )
        # Joinable stories first (a recurring topic must not crowd out this week's story), then
        # the most shared keys, then the most recent.
        ranked = sorted(
            hits, key=lambda s: (not inside[s], -hits[s], -self.stories[s].founded_seq, s)
        )
        return [(sid, inside[sid]) for sid in ranked[: self.cfg.max_candidates]]

    def _load(self, story_ids: Sequence[str]) -> None:
        """Bring the states of earlier runs' stories into memory (one read for all of them)."""
        if self.source is not None and story_ids:
            self.stories.update(self.source.stories(story_ids))

    def exists(self, story_id: str) -> bool:
        """Whether the story is open (in memory, or stored by an earlier run)."""
        if story_id not in self.stories:
            self._load([story_id])
        return story_id in self.stories

    def _state(self, story_id: str) -> OpenStory:
        if story_id not in self.stories:
            self._load([story_id])
        return self.stories[story_id]

    def _stories_sharing_lead(self, f: ArticleFeatures) -> set[str]:
        """The stories of the assigned articles whose opening passage ``f`` shares."""
        return {
            self._live(self.assignment[aid].story_id)
            for aid in f.lead_copies
            if aid in self.assignment
        }

    def _live(self, story_id: str) -> str:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    @staticmethod
    def _days_apart(a: date | None, b: date | None) -> int | None:
        return None if a is None or b is None else abs((a - b).days)

    # -- scoring ------------------------------------------------------------------------------

    def match(
        self, f: ArticleFeatures, lex: dict[str, float], ent: dict[str, float], story: OpenStory
    ) -> Match:
        cfg = self.cfg
        lexical = _cosine_sparse(lex, story.lex, story.lex_norm)
        entities = _cosine_sparse(ent, story.ent, story.ent_norm)
        semantic = 0.0
        if story.vector_sum is not None:
            norm = float(np.linalg.norm(story.vector_sum))
            semantic = float(np.dot(f.vector, story.vector_sum)) / norm if norm > 0 else 0.0
        days = self._days_apart(f.event_date, story.event_day())
        place = story.main_place()
        same_place = None if f.place is None or place is None else f.place == place
        content = cfg.weight_lexical * lexical + cfg.weight_semantic * semantic
        content += cfg.weight_entities * entities
        score = content
        same_year = None
        follow_up = days is not None and days > cfg.time_window_days and is_follow_up(f, story)
        if follow_up:
            score -= cfg.weight_follow_up
        elif days is not None:
            score -= cfg.weight_time * min(days, cfg.time_window_days) / cfg.time_window_days
        elif f.years and story.years:
            # No two dates to compare: the years both sides name stand in for them. A report
            # naming a later year than any its story names, and none of the story's, is of a
            # later time; one naming only older years may be telling background ("rehab in
            # 2005"), so it is not held against it (ECB+ 0.909 -> 0.917, shuffled orders
            # 0.854-0.876 -> 0.861-0.880; benchmarks/stories_quality.py).
            latest, story_latest = max(f.years), max(story.years)
            if latest > story_latest and f.years.isdisjoint(story.years):
                same_year = False
                score -= cfg.weight_year
            elif latest == story_latest:
                same_year = True
                score += cfg.weight_year_match
        if same_place is True:
            score += cfg.weight_place
        # A member's lead reprinted or rewritten in this one's: the same report, passed on.
        shares_lead = story.story_id in self._stories_sharing_lead(f)
        if shares_lead:
            score += cfg.weight_lead_reuse
        return Match(
            story_id=story.story_id,
            lexical=lexical,
            semantic=semantic,
            entities=entities,
            content=content,
            days_apart=days,
            same_year=same_year,
            same_place=same_place,
            shares_lead=shares_lead,
            follow_up=follow_up,
            score=score,
        )

    # -- assignment ---------------------------------------------------------------------------

    def add(self, f: ArticleFeatures) -> StoryAssignment:
        """Assign one article: join the best open story or found a new one."""
        if f.article_id in self.assignment:
            return self.assignment[f.article_id]
        self.observe([f])
        lex = self._weighted(f.terms)
        ent = self._weighted(f.entities)
        keys = self._index_keys(f, lex)
        candidates = self._candidates(f, keys)
        matches = [self.match(f, lex, ent, self.stories[sid]) for sid, _ in candidates]
        matches.sort(key=lambda m: (-m.score, self.stories[m.story_id].founded_seq))
        in_window = {sid for sid, inside in candidates if inside}
        joined = [
            m for m in matches if m.score >= self.cfg.join_threshold and m.story_id in in_window
        ]
        if joined:
            best = joined[0]
            story = self._state(best.story_id)
            score = best.score
        else:
            sid = content_id("story", f.article_id)
            story = OpenStory(story_id=sid, founded_seq=self.seq)
            self.stories[sid] = story
            score = 0.0
        self._join(story, f, lex, ent, keys)
        assignment = StoryAssignment(
            article_id=f.article_id, story_id=story.story_id, seq=self.seq, score=round(score, 6)
        )
        self.assignment[f.article_id] = assignment
        self.seq += 1
        # A second story this article matches as strongly is the same event told twice: merge.
        for other in joined[1:]:
            if other.score >= self.cfg.merge_threshold:
                self._merge(story.story_id, other.story_id, f.article_id, other.score)
        joined_ids = {m.story_id for m in joined}
        for m in matches:
            if m.story_id not in joined_ids and m.content >= self.cfg.related_threshold:
                self._note_related(story.story_id, m.story_id, f)
        return self.assignment[f.article_id]

    def restore(self, f: ArticleFeatures, story_id: str, seq: int, score: float) -> None:
        """Put back an article whose story is already decided (stored), without re-deciding."""
        self.observe([f])
        lex = self._weighted(f.terms)
        ent = self._weighted(f.entities)
        story = self.stories.get(story_id)
        if story is None:
            story = OpenStory(story_id=story_id, founded_seq=seq)
            self.stories[story_id] = story
        self._join(story, f, lex, ent, self._index_keys(f, lex))
        self.assignment[f.article_id] = StoryAssignment(
            article_id=f.article_id, story_id=story_id, seq=seq, score=score
        )
        self.seq = max(self.seq, seq + 1)

    def _join(
        self,
        story: OpenStory,
        f: ArticleFeatures,
        lex: dict[str, float],
        ent: dict[str, float],
        keys: Sequence[str],
    ) -> None:
        if f.article_id in story.titles:
            return  # already a member (its assignment was removed and it came back)
        self.touched.add(story.story_id)
        story.article_ids.append(f.article_id)
        story.titles[f.article_id] = f.title
        story.lex_norm = _add_sparse(story.lex, lex, story.lex_norm)
        story.ent_norm = _add_sparse(story.ent, ent, story.ent_norm)
        vec = np.asarray(f.vector, dtype=np.float32)
        story.vector_sum = vec.copy() if story.vector_sum is None else story.vector_sum + vec
        story.vectors[f.article_id] = vec
        if f.event_date is not None:
            story.dates.append(f.event_date)
            story.dates_changed()
        story.years.update(f.years)
        if f.published is not None:
            story.published.append(f.published)
        if f.place is not None:
            story.places[f.place] += 1
        story.people.update(f.people)
        for k, name in f.names.items():
            if len(name) > len(story.names.get(k, "")):
                story.names[k] = name
        for key in keys:
            if key not in story.keys:
                story.keys.add(key)
                self._post(key, story.story_id)

    def _post(self, key: str, story_id: str) -> None:
        if self.source is not None and key not in self._postings_loaded:
            self.postings[key] = self.source.postings([key]).get(key, []) + self.postings[key]
            self._postings_loaded.add(key)
        self.postings[key].append(story_id)
        self.dirty_postings.add(key)

    def _merge(self, keep: str, gone: str, article_id: str, score: float) -> None:
        keep, gone = self._live(keep), self._live(gone)
        if keep == gone:
            return
        a, b = self._state(keep), self._state(gone)
        if b.founded_seq < a.founded_seq:  # the older story's ID survives
            a, b = b, a
        for aid in b.article_ids:
            old = self.assignment[aid]
            self.assignment[aid] = StoryAssignment(
                article_id=aid, story_id=a.story_id, seq=old.seq, score=old.score
            )
        a.article_ids.extend(b.article_ids)
        a.titles.update(b.titles)
        a.lex_norm = _add_sparse(a.lex, {k: v for k, v in b.lex.items()}, a.lex_norm)
        a.ent_norm = _add_sparse(a.ent, {k: v for k, v in b.ent.items()}, a.ent_norm)
        if b.vector_sum is not None:
            a.vector_sum = b.vector_sum if a.vector_sum is None else a.vector_sum + b.vector_sum
        a.vectors.update(b.vectors)
        a.dates.extend(b.dates)
        a.dates_changed()
        a.years.update(b.years)
        a.published.extend(b.published)
        a.places.update(b.places)
        a.people.update(b.people)
        for k, name in b.names.items():
            if len(name) > len(a.names.get(k, "")):
                a.names[k] = name
        for key in sorted(b.keys - a.keys):
            a.keys.add(key)
            self._post(key, a.story_id)
        del self.stories[b.story_id]
        self.touched.add(a.story_id)
        self.touched.discard(b.story_id)
        self.merged_into[b.story_id] = a.story_id
        self.changes.append(
            StoryChange(
                change_id=content_id("change", "merge", a.story_id, b.story_id),
                kind="merge",
                story_ids=(a.story_id, b.story_id),
                result_ids=(a.story_id,),
                reason=f"article {article_id} matched both stories (score {score:.3f})",
            )
        )

    def _note_related(self, story_id: str, other: str, f: ArticleFeatures) -> None:
        if story_id == other or other not in self.stories:
            return
        self.touched.update((story_id, other))  # both stories' records list the relation
        shared = sorted(f.people & set(self.stories[other].people))
        pair = (min(story_id, other), max(story_id, other))
        for person in shared:
            self.related[pair][person] += 1
        if not shared:
            self.related[pair]["<background>"] += 1

    # -- results ------------------------------------------------------------------------------

    def result(self, touched_only: bool = False) -> StoryResult:
        """Assignments, stories and changes; with ``touched_only``, only the stories this run
        changed (a run over stored state writes back just those)."""
        links = self._related_links()
        stories = [
            self._story_record(s, links.get(s.story_id, {}))
            for s in sorted(self.stories.values(), key=lambda s: s.founded_seq)
            if not touched_only or s.story_id in self.touched
        ]
        assignments = sorted(self.assignment.values(), key=lambda a: a.seq)
        return StoryResult(assignments=assignments, stories=stories, changes=list(self.changes))

    def _related_links(self) -> dict[str, dict[str, Counter[str]]]:
        """Related pairs folded onto the stories that survived merges, both directions."""
        links: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        for (a, b), reasons in sorted(self.related.items()):
            a, b = self._live(a), self._live(b)
            if a != b:
                links[a][b].update(reasons)
                links[b][a].update(reasons)
        return links

    def _related(self, story_id: str, links: dict[str, Counter[str]]) -> tuple[RelatedStory, ...]:
        out: list[RelatedStory] = []
        names = self.stories[story_id].names
        for other in sorted(links, key=lambda o: self._state(o).founded_seq):
            people = [k for k in sorted(links[other]) if k != "<background>"]
            other_names = self._state(other).names
            if people:
                shown = [names.get(k) or other_names.get(k) or k for k in people[:4]]
                reason = "shared participants: " + ", ".join(shown)
            else:
                reason = "shared background"
            out.append(RelatedStory(story_id=other, reason=reason))
        return tuple(out)

    def _story_record(self, s: OpenStory, links: dict[str, Counter[str]]) -> Story:
        # The most central headline: the member whose vector is closest to the story's mean.
        assert s.vector_sum is not None
        missing = [aid for aid in s.article_ids if aid not in s.vectors]
        if missing and self.source is not None:
            s.vectors.update(self.source.vectors(missing))
        # A member whose stored vector is gone (or of another model) cannot be central, and a
        # "title" that is a whole first paragraph (a text file with no headline line) is no
        # headline when a member has one.
        with_vectors = [aid for aid in s.article_ids if aid in s.vectors] or s.article_ids[:1]
        with_vectors = [
            aid for aid in with_vectors if len(s.titles[aid]) <= MAX_HEADLINE_CHARS
        ] or with_vectors
        central = max(
            with_vectors,
            key=lambda aid: (
                float(np.dot(s.vectors[aid], s.vector_sum)) if aid in s.vectors else 0.0,  # type: ignore[arg-type]
                aid,
            ),
        )
        start = end = None
        if s.published:
            start, end = min(s.published, key=_naive), max(s.published, key=_naive)
        elif s.dates:
            start = datetime.combine(min(s.dates), datetime.min.time())
            end = datetime.combine(max(s.dates), datetime.min.time())
        place = s.main_place()
        need = max(1, math.ceil(len(s.article_ids) * self.cfg.participant_share))
        # Ties broken by name, not by insertion order, so every run lists them alike.
        ranked = sorted(s.people.items(), key=lambda kv: (-kv[1], s.names.get(kv[0], kv[0])))
        people = [k for k, n in ranked if n >= need][: self.cfg.max_participants]
        return Story(
            story_id=s.story_id,
            title=s.titles[central],
            article_ids=tuple(s.article_ids),
            start=start,
            end=end,
            place=s.names.get(place, place) if place else None,
            participants=tuple(s.names.get(k, k) for k in people),
            related=self._related(s.story_id, links),
        )


def _add_sparse(total: dict[str, float], vec: dict[str, float], norm: float) -> float:
    """Add ``vec`` into ``total`` in place and return the new norm, in O(len(vec))."""
    sq = norm * norm
    for k, v in vec.items():
        old = total.get(k, 0.0)
        new = old + v
        total[k] = new
        sq += new * new - old * old
    return math.sqrt(max(sq, 0.0))


def assign_stories(features: Sequence[ArticleFeatures], cfg: StoryConfig) -> StoryResult:
    """Assign a batch from scratch, in arrival order (the pure function behind the stage)."""
    engine = StoryEngine(cfg)
    ordered = arrival_order(features)
    engine.observe(ordered)
    for f in ordered:
        engine.add(f)
    return engine.result()


# ---------------------------------------------------------------------------------------------
# the stage over a store
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class StoriesSummary:
    new_articles: int = 0
    stories: int = 0
    new_stories: int = 0
    merges: int = 0

    def line(self) -> str:
        return (
            f"{self.new_articles} articles assigned, {self.new_stories} new stories, "
            f"{self.merges} merges, {self.stories} stories in all"
        )


def update_stories(
    store: Store,
    cfg: StoryConfig,
    *,
    embedder: TextEmbedder | None = None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None = None,
) -> StoriesSummary:
    """Assign every article without a story, in arrival order, and store the stories.

    Stored assignments are never re-decided. The engine's state of earlier runs (``StoryState``,
    ``IndexPosting``, ``TermCount``) is read only where the new articles need it, so a run costs
    what its new articles cost, not what the store holds. A store made before that state was
    kept has its earlier articles put back into their stories once (features recomputed) and the
    state written. Analyses come from the store; an article the analyze stage has not seen is
    analysed here with ``analyze`` when given.
    """
    stored = {a.article_id: a for a in store.all(StoryAssignment)}
    new_ids = store.keys(Article) - stored.keys()
    if not new_ids:
        return StoriesSummary(stories=store.count(Story))
    if stored and store.count(StoryState) == 0:
        engine = _rebuilt_engine(store, stored, cfg, embedder, analyze)
    else:
        engine = resume_engine(store, cfg, stored)
    new = store.get_many(Article, new_ids)  # ingest order, the order undated articles arrive in
    summary = add_and_store(store, engine, _features(store, new, cfg, embedder, analyze), stored)
    apply_story_corrections(store)  # the editor's splits, merges and moves stand (issue 18)
    return summary


def resume_engine(
    store: Store, cfg: StoryConfig, stored: dict[str, StoryAssignment] | None = None
) -> StoryEngine:
    """An engine that goes on from the state earlier runs stored, loading it as articles need it.

    ``stored`` are the stored assignments (read here when not given)."""
    if stored is None:
        stored = {a.article_id: a for a in store.all(StoryAssignment)}
    engine = StoryEngine(cfg, source=StoredState(store))
    engine.assignment.update(stored)
    engine.seq = max((a.seq for a in stored.values()), default=-1) + 1
    engine.docs = len(stored)
    for change in store.all(StoryChange, kind="merge"):
        engine.merged_into[change.story_ids[1]] = change.result_ids[0]
    return engine


def add_and_store(
    store: Store,
    engine: StoryEngine,
    features: Sequence[ArticleFeatures],
    stored: dict[str, StoryAssignment],
) -> StoriesSummary:
    """Assign ``features`` in arrival order and write back, in one transaction, what changed:
    assignments (new, and moved by a merge), touched stories, merges, the engine's state."""
    engine.observe(features)
    known_changes = len(engine.changes)
    first_seq = engine.seq
    for f in arrival_order(features):
        engine.add(f)
    result = engine.result(touched_only=True)
    changes = result.changes[known_changes:]
    gone = sorted({sid for c in changes for sid in c.story_ids if sid not in engine.stories})
    stories = _keep_stored_relations(result.stories, store, engine)
    with store.transaction():
        store.put(a for a in result.assignments if stored.get(a.article_id) != a)
        store.put(stories)
        store.put(changes)
        store.delete(Story, gone)
        save_state(store, engine, engine.cfg.postings_per_key, gone)
    return StoriesSummary(
        new_articles=len(features),
        stories=store.count(Story),
        new_stories=sum(1 for s in engine.stories.values() if s.founded_seq >= first_seq),
        merges=len(changes),
    )


def _features(
    store: Store,
    articles: Sequence[Article],
    cfg: StoryConfig,
    embedder: TextEmbedder | None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None,
) -> list[ArticleFeatures]:
    """Features of ``articles`` from their stored analyses (made here with ``analyze`` when
    missing) and stored lead vectors (embedded here when missing)."""
    found = {a.article_id: a for a in store.get_many(Analysis, [a.article_id for a in articles])}
    missing = [a for a in articles if a.article_id not in found]
    if missing and analyze is not None:
        found.update((an.article_id, an) for an in analyze(missing))
    vectors = stored_lead_vectors(store, articles, embedder)
    copies = stored_lead_copies(store, [a.article_id for a in articles], cfg.lead_reuse_chars)
    return [
        extract_features(
            a, found.get(a.article_id), vectors[i], cfg, copies.get(a.article_id, frozenset())
        )
        for i, a in enumerate(articles)
    ]


def _rebuilt_engine(
    store: Store,
    stored: dict[str, StoryAssignment],
    cfg: StoryConfig,
    embedder: TextEmbedder | None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None,
) -> StoryEngine:
    """An engine holding every stored story, rebuilt from the stored articles (once, for a store
    made before the engine's state was kept): every story and key is then written back."""
    earlier = store.get_many(Article, stored.keys())
    features = _features(store, earlier, cfg, embedder, analyze)
    engine = StoryEngine(cfg)
    engine.observe(features)
    by_id = {f.article_id: f for f in features}
    for old in sorted(stored.values(), key=lambda a: a.seq):
        if old.article_id in by_id:
            engine.restore(by_id[old.article_id], old.story_id, old.seq, old.score)
    for change in store.all(StoryChange, kind="merge"):
        engine.merged_into.setdefault(change.story_ids[1], change.result_ids[0])
    return engine


def stored_lead_vectors(
    store: Store,
    articles: Sequence[Article],
    embedder: TextEmbedder | None = None,
    model: str = MODEL_NAME,
) -> Vector:
    """Lead vectors of ``articles`` in order: stored ones read back, only the rest embedded.

    Embedding is most of the stage's cost, so a run that adds a few articles to a large store
    embeds just those few; the new vectors are stored for the next run. The model is loaded
    (``embedder`` None: the shared MiniLM) only when some vector is missing.
    """
    stored = {
        v.article_id: decode_array(v.vector, "<f4")
        for v in store.all(LeadVector)
        if v.model == model
    }
    missing = [a for a in articles if a.article_id not in stored]
    if missing:
        embed = embedder if embedder is not None else shared_embedder()
        computed = embed([lead_text(a) for a in missing])
        records = []
        for a, vector in zip(missing, computed, strict=True):
            stored[a.article_id] = vector
            records.append(
                LeadVector(article_id=a.article_id, model=model, vector=encode_array(vector, "<f4"))
            )
        with store.transaction():
            store.put(records)
    if not articles:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([stored[a.article_id] for a in articles]).astype(np.float32, copy=False)


def _keep_stored_relations(
    stories: Sequence[Story], store: Store, engine: StoryEngine
) -> list[Story]:
    """Relations found in earlier runs stay (followed through merges), next to the new ones."""
    out: list[Story] = []
    for story in stories:
        stored = store.get(Story, story.story_id)
        related = list(story.related)
        seen = {r.story_id for r in related} | {story.story_id}
        for r in stored.related if stored is not None else ():
            target = engine._live(r.story_id)
            if target not in seen and engine.exists(target):
                related.append(RelatedStory(story_id=target, reason=r.reason))
                seen.add(target)
        out.append(dataclasses.replace(story, related=tuple(related)))
    return out


def story_rows(store: Store) -> Iterator[dict[str, object]]:
    """One export row per article: its source id, its story and the story's related stories."""
    stories = {s.story_id: s for s in store.all(Story)}
    articles = {a.article_id: a for a in store.all(Article)}
    for assignment in sorted(store.all(StoryAssignment), key=lambda a: a.seq):
        story = stories.get(assignment.story_id)
        article = articles.get(assignment.article_id)
        yield {
            "source_id": article.source_id if article is not None else None,
            "article_id": assignment.article_id,
            "story_id": assignment.story_id,
            "related_story_ids": [r.story_id for r in story.related] if story else [],
        }
