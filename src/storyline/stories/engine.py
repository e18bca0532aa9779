"""The online stories engine: each arriving article joins the best open story or founds one.

Candidate stories come from an inverted index over the article's most distinctive terms and
entities, so adding an article never scans the corpus; the score combines the signals listed in
``storyline.stories``. The engine also keeps the last ``revise_window`` arrivals as they were
added (``Member``), which the revision pass (``stories.revision``) re-groups.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

import numpy as np

from storyline import stages
from storyline.config import StoryConfig
from storyline.model import Story, StoryAssignment, StoryChange, content_id
from storyline.stages import algorithm_names
from storyline.stories.features import ArticleFeatures
from storyline.stories.records import related_links, related_stories, story_record
from storyline.stories.state import Member, OpenStory, Vector
from storyline.stories.sums import add_member, add_part, remove_member, remove_part

# The versioned algorithm names (what each changed: storyline.stages, the one registry).
ALGORITHMS = algorithm_names("stories")


def revises(cfg: StoryConfig) -> bool:
    """Whether the configured algorithm keeps a revision window and revises."""
    return cfg.algorithm != "online-v2" and cfg.revise_window > 0


def check_algorithm(cfg: StoryConfig) -> None:
    stages.check_algorithm("stories", cfg)


class Scored(Protocol):
    """What scoring reads of an article: its features, or a window member."""

    @property
    def article_id(self) -> str: ...
    @property
    def event_date(self) -> date | None: ...
    @property
    def years(self) -> frozenset[int]: ...
    @property
    def place(self) -> str | None: ...
    @property
    def vector(self) -> Vector: ...
    @property
    def lead_copies(self) -> frozenset[str]: ...


def is_follow_up(f: Scored, story: OpenStory) -> bool:
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
    """Where a long-lived engine finds what earlier runs left (over a store:
    ``engines.local_stories.StoreState``).

    Each method returns what it has for the keys asked and leaves the others out.
    """

    def stories(self, story_ids: Sequence[str]) -> dict[str, OpenStory]: ...
    def postings(self, keys: Sequence[str]) -> dict[str, list[str]]: ...
    def document_counts(self, keys: Sequence[str]) -> dict[str, int]: ...
    def vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]: ...
    def members(self, article_ids: Sequence[str]) -> dict[str, Member]: ...


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
        # The revision window: the last revise_window arrivals as they were added (loaded from
        # the source when a revision needs them), those added in this run (to store), the
        # arrivals since the last revision and the stories they came near (its scope).
        self.window: dict[str, Member] = {}
        self.members_added: dict[str, Member] = {}
        self.pending: list[str] = []
        self.near: set[str] = set()
        self.start_seq = 0  # where this run began (set by the stage when it resumes)

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
                hits[self.live(sid)] += 1
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
            gone = set(self.merged_into)
            self.stories.update(
                (sid, story)
                for sid, story in self.source.stories(story_ids).items()
                if sid not in gone
            )

    def exists(self, story_id: str) -> bool:
        """Whether the story is open (in memory, or stored by an earlier run)."""
        if story_id not in self.stories:
            self._load([story_id])
        return story_id in self.stories

    def state(self, story_id: str) -> OpenStory:
        if story_id not in self.stories:
            self._load([story_id])
        return self.stories[story_id]

    def _stories_sharing_lead(self, f: Scored) -> set[str]:
        """The stories of the assigned articles whose opening passage ``f`` shares."""
        return {
            self.live(self.assignment[aid].story_id)
            for aid in f.lead_copies
            if aid in self.assignment
        }

    def live(self, story_id: str) -> str:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    @staticmethod
    def _days_apart(a: date | None, b: date | None) -> int | None:
        return None if a is None or b is None else abs((a - b).days)

    # -- scoring ------------------------------------------------------------------------------

    def match(
        self, f: Scored, lex: dict[str, float], ent: dict[str, float], story: OpenStory
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
            story = self.state(best.story_id)
            score = best.score
        else:
            sid = content_id("story", f.article_id)
            story = OpenStory(story_id=sid, founded_seq=self.seq)
            self.stories[sid] = story
            score = 0.0
        member = self._member(f, self.seq, lex, ent, keys)
        self.join(story, member)
        assignment = StoryAssignment(
            article_id=f.article_id, story_id=story.story_id, seq=self.seq, score=round(score, 6)
        )
        self.assignment[f.article_id] = assignment
        self.seq += 1
        self._remember(member)
        self.pending.append(f.article_id)
        self.near.add(story.story_id)
        self.near.update(m.story_id for m in matches if m.score >= self.cfg.revise_scope)
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
        member = self._member(f, seq, lex, ent, self._index_keys(f, lex))
        self.join(story, member)
        self.assignment[f.article_id] = StoryAssignment(
            article_id=f.article_id, story_id=story_id, seq=seq, score=score
        )
        self.seq = max(self.seq, seq + 1)
        self._remember(member)

    @staticmethod
    def _member(
        f: ArticleFeatures,
        seq: int,
        lex: dict[str, float],
        ent: dict[str, float],
        keys: Sequence[str],
    ) -> Member:
        return Member(
            article_id=f.article_id,
            seq=seq,
            title=f.title,
            published=f.published,
            event_date=f.event_date,
            years=f.years,
            lex=lex,
            ent=ent,
            keys=tuple(keys),
            names=f.names,
            people=f.people,
            place=f.place,
            lead_copies=f.lead_copies,
            vector=np.asarray(f.vector, dtype=np.float32),
            lead_people=f.lead_people,
            lead_venues=f.lead_venues,
        )

    # -- the revision window ------------------------------------------------------------------

    def _remember(self, m: Member) -> None:
        window = self.cfg.revise_window
        if not revises(self.cfg):
            return
        self.window[m.article_id] = m
        self.members_added[m.article_id] = m
        if len(self.window) > 2 * window:
            self.trim_window()

    def window_low(self) -> int:
        """The first arrival (seq) inside the revision window."""
        return self.seq - self.cfg.revise_window

    def trim_window(self) -> None:
        """Forget the members that left the window (those added in this run are not stored)."""
        low = self.window_low()
        for aid in [aid for aid, m in self.window.items() if m.seq < low]:
            del self.window[aid]
            self.members_added.pop(aid, None)

    @property
    def members_left(self) -> set[str]:
        """Articles that were inside the window when this run began and are outside it now."""
        window = self.cfg.revise_window
        if not revises(self.cfg):
            return set()
        start, end = self.start_seq - window, self.seq - window
        return {a.article_id for a in self.assignment.values() if start <= a.seq < end}

    def members(self, article_ids: Sequence[str]) -> dict[str, Member]:
        """The window members among ``article_ids`` (loaded from the source when needed)."""
        low = self.window_low()
        wanted = [
            a for a in article_ids if a in self.assignment and self.assignment[a].seq >= low
        ]
        missing = [a for a in wanted if a not in self.window]
        if missing and self.source is not None:
            self.window.update(self.source.members(missing))
        return {a: self.window[a] for a in wanted if a in self.window}

    # -- membership ---------------------------------------------------------------------------

    def join(self, story: OpenStory, m: Member) -> None:
        if m.article_id in story.titles:
            return  # already a member (its assignment was removed and it came back)
        self.touched.add(story.story_id)
        add_member(story, m)
        for key in m.keys:
            if key not in story.keys:
                story.keys.add(key)
                self._post(key, story.story_id)

    def unjoin(self, story: OpenStory, m: Member) -> None:
        """Take a member out of a story (a revision moves it elsewhere)."""
        self.touched.add(story.story_id)
        remove_member(story, m)

    def move(self, article_id: str, story_id: str, score: float) -> None:
        """Record that a revision put ``article_id`` into ``story_id``."""
        old = self.assignment[article_id]
        self.assignment[article_id] = replace(old, story_id=story_id, score=round(score, 6))

    def _post(self, key: str, story_id: str) -> None:
        if self.source is not None and key not in self._postings_loaded:
            self.postings[key] = self.source.postings([key]).get(key, []) + self.postings[key]
            self._postings_loaded.add(key)
        self.postings[key].append(story_id)
        self.dirty_postings.add(key)

    def _merge(self, keep: str, gone: str, article_id: str, score: float) -> None:
        keep, gone = self.live(keep), self.live(gone)
        if keep == gone:
            return
        a, b = self.state(keep), self.state(gone)
        if b.founded_seq < a.founded_seq:  # the older story's ID survives
            a, b = b, a
        self.absorb(a, b)
        self.changes.append(
            StoryChange(
                change_id=content_id("change", "merge", a.story_id, b.story_id),
                kind="merge",
                story_ids=(a.story_id, b.story_id),
                result_ids=(a.story_id,),
                reason=f"article {article_id} matched both stories (score {score:.3f})",
            )
        )

    def absorb(self, a: OpenStory, b: OpenStory) -> None:
        """Put every article of ``b`` into ``a``; ``b``'s ID then leads to ``a``."""
        self._add_part(a, b)
        self.drop(b.story_id, a.story_id)

    def transfer(self, part: OpenStory, source: OpenStory, dest: OpenStory) -> None:
        """Move the articles of ``part`` (a piece of ``source``, with its sums) to ``dest``."""
        self.touched.add(source.story_id)
        remove_part(source, part)
        self._add_part(dest, part)

    def _add_part(self, a: OpenStory, b: OpenStory) -> None:
        for aid in b.article_ids:
            self.move(aid, a.story_id, self.assignment[aid].score)
        add_part(a, b)
        for key in sorted(b.keys - a.keys):
            a.keys.add(key)
            self._post(key, a.story_id)
        self.touched.add(a.story_id)

    def drop(self, story_id: str, successor: str) -> None:
        """Forget a story that is gone; its ID leads to ``successor`` from now on."""
        del self.stories[story_id]
        self.touched.discard(story_id)
        self.merged_into[story_id] = successor

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
        links = related_links(self.related, self.live)
        source_vectors = self.source.vectors if self.source is not None else None
        stories = [
            story_record(
                s,
                related_stories(s, links.get(s.story_id, {}), self.state),
                self.cfg,
                source_vectors,
            )
            for s in sorted(self.stories.values(), key=lambda s: s.founded_seq)
            if not touched_only or s.story_id in self.touched
        ]
        assignments = sorted(self.assignment.values(), key=lambda a: a.seq)
        return StoryResult(assignments=assignments, stories=stories, changes=list(self.changes))
