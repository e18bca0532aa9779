"""Features of one article for the stories stage: words, names, dates, years, places, leads.

Everything here reads one article (and its analysis); nothing depends on other articles, so
features can be computed in any order and kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from storyline.calendar_words import full_dates
from storyline.config import StoryConfig
from storyline.language import ENGLISH, Language, for_language
from storyline.model import Analysis, Article, Mention, ReuseLink
from storyline.stories.state import Vector, median_date


class TextEmbedder(Protocol):
    def __call__(self, texts: Sequence[str]) -> Vector: ...


PEOPLE_LABELS = frozenset({"PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ORG_LABELS = frozenset({"ORG", "NORP", "EVENT"})

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")

# The word lists of the articles' language (English until another is written).
normalize_word = ENGLISH.normalize_word


def _tokens(text: str, lang: Language = ENGLISH) -> list[str]:
    # Numbers stay: a magnitude, a death toll or a score tells one event from another of its kind.
    return [
        t if t[0].isdigit() else lang.normalize_word(t)
        for t in _WORD.findall(text)
        if (len(t) > 2 or t[0].isdigit()) and t.lower() not in lang.story_stop_words
    ]


# Longer "titles" are first paragraphs taken for a headline (the seeds' UrduPoint reports).
MAX_HEADLINE_CHARS = 150

# A venue preposition right before a place mention ("signed in Kestrel City", "at the Kremlin").
_VENUE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$", re.IGNORECASE)
# A place that only says whom a person answers to or stands for: "(R-Texas)", "Texas Gov.
# Rick Perry", "Maricopa County Sheriff Joe Arpaio" (capitalized words, then the person).
_PARTY_STATE = re.compile(r"\b[RDI]-$")
_TITLE_BEFORE_PERSON = re.compile(r"\s+(?:[A-Z][\w.]*\s+){1,3}$")


def _entity_key(
    label: str, text: str, entity_id: str | None, lang: Language = ENGLISH
) -> str | None:
    """One key per real-world entity: resolved ID when analysis gives one, else a normal form."""
    if entity_id:
        return entity_id
    words = [w for w in re.findall(r"[\w'’.-]+", text) if w.lower() not in {"the", "'s"}]
    if not words:
        return None
    if label in PEOPLE_LABELS:
        # "President Vladimir Putin", "Putin" and "Putin's" are one person: key on the surname.
        return "per:" + lang.normalize_word(words[-1].strip(".'’"))
    if label in PLACE_LABELS:
        return "loc:" + " ".join(w.lower() for w in words)
    if label in ORG_LABELS:
        return "org:" + " ".join(w.lower() for w in words)
    return None


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
    explicit = full_dates(article.text[:lead_end])
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
    # The frame of the lead (title and lead_chars): who is named in it (surnames, as word
    # forms) and where it puts what it reports ("at the Kremlin", "in Beijing": each venue's
    # word forms). See pair_scores.frame_conflicts.
    lead_people: frozenset[str] = frozenset()
    lead_venues: frozenset[tuple[str, ...]] = frozenset()


def _affiliations(text: str, mentions: Sequence[Mention]) -> set[int]:
    """Starts of the place mentions that say where a person is from rather than where anything
    happened: a party-state tag, a place heading a person's title, or a "place" that is a word
    of a person's name in the same text (the small model tags "Tlaib" GPE now and then)."""
    person_words = {
        w for m in mentions if m.label in PEOPLE_LABELS for w in m.text.split() if len(w) > 2
    }
    person_starts = sorted(m.start for m in mentions if m.label in PEOPLE_LABELS)
    out: set[int] = set()
    for m in mentions:
        if m.label not in PLACE_LABELS:
            continue
        after = next((p for p in person_starts if p > m.end), len(text))
        titled = after - m.end <= 40 and _TITLE_BEFORE_PERSON.fullmatch(text, m.end, after)
        if (
            _PARTY_STATE.search(text, max(0, m.start - 2), m.start)
            or titled
            or m.text.strip() in person_words
        ):
            out.add(m.start)
    return out


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
    lang = for_language(article.language)
    if title and body.startswith(title):
        body = body[len(title) :]
        lead_end += len(title)
    # The title and lead name the event; the rest of the body carries background as well, so
    # words and entities there count extra.
    terms: defaultdict[str, float] = defaultdict(float)
    for t in _tokens(body, lang):
        terms[t] += 1.0
    for t in _tokens(body[: cfg.lead_chars], lang):
        terms[t] += cfg.lead_boost
    for t in _tokens(title, lang):
        terms[t] += 1.0 + cfg.lead_boost
    entities: defaultdict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    places: Counter[str] = Counter()
    place_keys: dict[str, str] = {}  # a place as written, lowercased -> its entity key
    venues: Counter[str] = Counter()  # places named as where something happened ("in Kestrel City")
    people: set[str] = set()
    lead_people: set[str] = set()
    lead_venues: set[tuple[str, ...]] = set()
    mentions = list(analysis.mentions) if analysis is not None else []
    affiliations = _affiliations(article.text, mentions)
    for m in mentions:
        key = _entity_key(m.label, m.text, m.entity_id, lang)
        if key is None:
            continue
        if m.start < lead_end:
            _note_frame(article.text, m.label, m.text, m.start, lead_people, lead_venues, lang)
        # Scored by the name as written (surname, place name), not the corpus entity ID: the ID
        # changes when a later article gives the entity a fuller name, and the name keys score
        # a little better on the dev sets (ECB+ 0.889 against 0.884, BASIL 0.987 against 0.984).
        scored = _entity_key(m.label, m.text, None, lang) or key
        entities[scored] += 1.0 + (cfg.lead_boost if m.start < lead_end else 0.0)
        surface = m.text.strip()
        if len(surface) > len(names.get(key, "")):
            names[key] = surface
        if m.label in PEOPLE_LABELS:
            people.add(key)
        elif m.label in PLACE_LABELS and m.start not in affiliations:
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
        lead_people=frozenset(lead_people),
        lead_venues=frozenset(lead_venues),
    )


def _note_frame(
    text: str,
    label: str,
    name: str,
    start: int,
    people: set[str],
    venues: set[tuple[str, ...]],
    lang: Language,
) -> None:
    """Add a lead mention to the lead's frame: a person by surname, and a place or an
    organisation the lead puts something in or at ("at the Kremlin" is tagged ORG)."""
    words = tuple(_tokens(name, lang))
    if not words:
        return
    if label in PEOPLE_LABELS:
        people.add(words[-1])
    elif (label in PLACE_LABELS or label == "ORG") and _VENUE.search(
        text, max(0, start - 12), start
    ):
        venues.add(words)


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
        out.extend(sorted(run, key=lambda g: (naive(g.published), g.article_id)))
        run = []
        if f is not None:
            out.append(f)
    return out


def naive(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment

