"""One record per real-world event: mentions of one story that report the same event are
merged (cross-document event coreference), and where they disagree is recorded.

What rules a pair out: one sentence (two events it tells are two), another PLOVER type,
another status (a plan is not the deed), actors of countries the other does not name ("Sharif
met Xi" is not "Sharif met Putin"), dates more than a week apart, places in different
countries, and for two coded mentions the pluperfect on one side only (an earlier occasion).

Every other pair of a story gets the probability that it reports one event from a logistic
regression (PairModel, fitted on the ECB+ train topics by benchmarks/events_train_pairs.py)
over the predicates' and sentences' closeness and the arguments the coder found (date,
place, participants); groups join by average linkage while their mean pairwise probability
reaches the model's threshold, a pair ruled out keeping its two groups apart for good.
Without the weights the hand-set similarity thresholds of the configuration decide
(threshold_cluster). A date, place or actor that still differs inside an event (a day apart,
another city of the same country) is a conflict, explained.
The same function scores ECB+ event coreference in benchmarks/events_quality.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.language import ENGLISH
from storyline.model import Actor, EventConflict, EventMention, Place

# Dates further apart than this are two occasions, not a disagreement about one (a "Tuesday"
# read from the wrong week is a week off at most).
MAX_DATE_GAP_DAYS = 7
# A calendar value of the time tagger (analyze/time_values.py): a year, a month or a day.
_CALENDAR = re.compile(r"\d{4}(?:-|$)")
_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class MentionKey:
    """What merging compares of a mention."""

    group: str  # only mentions of one group (a story, an ECB+ subtopic) merge
    lemma: str
    kind: str | None = None  # PLOVER type; None when uncoded (ECB+ gold mentions)
    status: str = "happened"
    countries: frozenset[str] = frozenset()
    date: str | None = None
    place_country: str | None = None
    city: str | None = None  # the gazetteer's name of the city it happened in
    document: str = ""  # the article it comes from
    sentence: int = -1  # its sentence in that article
    lead: bool = False  # in the article's opening sentences
    # The arguments the coder found (events/coder.py Coder.arguments): who takes part (entity
    # IDs, else names, lowercased), the place (the gazetteer's name, else the text); and the
    # words of its sentence, content words and names (capitalised words, numbers).
    participants: frozenset[str] = frozenset()
    place: str | None = None
    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    recalled: bool = False  # told in the pluperfect ("they had agreed"): an earlier occasion
    # The name words of the main source and target where each is a resolved person named in
    # full (``person_words``), else empty: two mentions with one person in common and
    # different people opposite are two events (``_other_people``).
    source_person: frozenset[str] = frozenset()
    target_person: frozenset[str] = frozenset()


def _day(value: str | None) -> Date | None:
    if value is None or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        return Date(year, month or 1, day or 1) if month else Date(year, 1, 1)
    except ValueError:
        return None


def _dates_apart(a: str | None, b: str | None) -> bool:
    """Whether two dates are two occasions: another year, or full days more than a week apart.
    Only calendar values are compared: a duration ("P3Y"), a reference ("PRESENT_REF") or a
    decade ("195") the time tagger gives for "three years", "now" or "the 1950s" says nothing
    about when the event happened (compared as years, they split ECB+ gold events: 33 of the
    34 gold-coreferent train pairs this rule blocked, against 241 of its 285 right blocks)."""
    if a is None or b is None or not (_CALENDAR.match(a) and _CALENDAR.match(b)):
        return False
    if a[:4] != b[:4]:
        return True
    da, db = _day(a), _day(b)
    full = _FULL_DAY.match(a) is not None and _FULL_DAY.match(b) is not None
    return full and da is not None and db is not None and abs((da - db).days) > MAX_DATE_GAP_DAYS


def compatible(a: MentionKey, b: MentionKey) -> bool:
    if a.group != b.group or a.status != b.status:
        return False
    if a.document and a.document == b.document and a.sentence == b.sentence >= 0:
        return False  # two events of one sentence ("fired ... killing two") are two events
    if a.kind is not None and b.kind is not None and a.kind != b.kind:
        return False
    if a.kind is not None and b.kind is not None and a.recalled != b.recalled:
        # "they had agreed" after a meeting a year ago is not "on Tuesday agreed": the
        # pluperfect recounts an earlier occasion (coded mentions only: ECB+'s gold mentions
        # often tell one event both ways, "police said he had shot" and "the shooting").
        return False
    if _other_people(a, b):
        return False
    if a.countries and b.countries and not (
        a.countries <= b.countries or b.countries <= a.countries
    ):
        return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    return not _dates_apart(a.date, b.date)


def _other_people(a: MentionKey, b: MentionKey) -> bool:
    """Whether two mentions have one person in common and different people opposite them:
    the ambassador presenting his credentials to Putin is not Sharif lauding Putin, though
    both are Pakistan to Russia. Either side may be the common one ("A met B" is "B met A").
    Two names sharing a word are taken for one person (the resolution does not always join
    "Ellen DeGeneres" and "Comedian Ellen DeGeneres" across articles); a side that is no
    person named in full is left to the countries. Vetoing every pair with different people
    on either side, organisations included, cost 0.024 CoNLL F1 on ECB+'s gold mentions (it
    split events whose doers the resolution or the parse got wrong); this rule cost nothing."""
    sides_a = ((a.source_person, a.target_person), (a.target_person, a.source_person))
    sides_b = ((b.source_person, b.target_person), (b.target_person, b.source_person))
    return any(
        bool(common & other_common) and bool(x) and bool(y) and not x & y
        for common, x in sides_a
        for other_common, y in sides_b
    )


# -- the learned pairwise decision --------------------------------------------------------------

PAIR_WEIGHTS = Path(__file__).parent / "data" / "event_pairs.npz"
# What the pairwise model reads of two mentions (pair_features builds them, here only, so what
# it was fitted on and what it is applied to cannot drift apart).
PAIR_FEATURES: tuple[str, ...] = (
    "same_lemma",
    "lemma_cosine",  # of the predicates' MiniLM vectors (1 for one lemma)
    "sentence_cosine",
    "same_lemma_x_sentence_cosine",
    "same_document",
    "both_leads",  # in the opening sentences of two articles
    "word_overlap",  # Jaccard of the sentences' content words
    "name_overlap",  # ... of their names and numbers
    "same_date",
    "other_date",
    "same_place",
    "other_place",
    "shared_participant",
    "no_shared_participant",
    "one_recalled",  # one told in the pluperfect, the other not
)
# Two predicates the coder gave one PLOVER type count as this close ("met" and "held talks"):
# the type says they name one kind of act. ECB+ mentions carry no type, so the pairwise model
# cannot learn it; set by hand on the seeds (the Putin-Sharif meeting, the credentials).
TYPED_LEMMA_COSINE = 0.55
# "had" up to two words before the predicate ("had agreed", "had also signed").
_PLUPERFECT = re.compile(r"\bhad(?!\s+to\b)(?:\s+[A-Za-z]+){0,2}\s*$", re.IGNORECASE)
# Incompatible pairs weigh this much against a join: any one of them keeps two groups apart.
_NEVER = -1e12
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|\d+")


def sentence_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The content words of a sentence (lowercased, no stop words) and its names and numbers
    (capitalised words, digits): what the pairwise model compares of two sentences."""
    tokens = _WORD.findall(text)
    words = frozenset(
        t.lower() for t in tokens if len(t) > 2 and t.lower() not in ENGLISH.story_stop_words
    )
    names = frozenset(t for t in tokens if t[0].isupper() or t[0].isdigit())
    return words, names


def recalled(before: str) -> bool:
    """Whether the words before a predicate put it in the pluperfect ("after their meeting
    they *had agreed*"): an occasion earlier than the one the article reports."""
    return _PLUPERFECT.search(before[-40:]) is not None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _same_date(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)  # "2025-09" and "2025-09-02" agree


def pair_features(
    a: MentionKey, b: MentionKey, sentence_cosine: float, lemma_cosine: float
) -> list[float]:
    """The features of one pair of mentions, in PAIR_FEATURES order."""
    same = a.lemma == b.lemma
    if a.kind is not None and a.kind == b.kind:
        lemma_cosine = max(lemma_cosine, TYPED_LEMMA_COSINE)
    dated = a.date is not None and b.date is not None
    placed = a.place is not None and b.place is not None
    with_parts = bool(a.participants) and bool(b.participants)
    shared = bool(a.participants & b.participants)
    return [
        float(same),
        1.0 if same else lemma_cosine,
        sentence_cosine,
        sentence_cosine if same else 0.0,
        float(bool(a.document) and a.document == b.document),
        float(a.lead and b.lead and a.document != b.document),
        _jaccard(a.words, b.words),
        _jaccard(a.names, b.names),
        float(dated and _same_date(a.date or "", b.date or "")),
        float(dated and not _same_date(a.date or "", b.date or "")),
        float(placed and a.place == b.place),
        float(placed and a.place != b.place),
        float(with_parts and shared),
        float(with_parts and not shared),
        float(a.recalled != b.recalled),
    ]


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over PAIR_FEATURES: the probability that two mentions report one
    event; groups join while their mean pairwise probability reaches ``threshold``."""

    coef: npt.NDArray[np.float64]
    intercept: float
    threshold: float

    def probabilities(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = np.clip(x @ self.coef + self.intercept, -50.0, 50.0)
        out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            intercept=np.array([self.intercept], dtype=np.float32),
            threshold=np.array([self.threshold], dtype=np.float32),
            features=np.array(PAIR_FEATURES),
        )


def load_pair_model(path: Path = PAIR_WEIGHTS) -> PairModel | None:
    """The shipped pairwise model; None when its weights are absent or were fitted on other
    features (the similarity thresholds of the configuration decide then)."""
    if not path.exists():
        return None
    data = np.load(path)
    if tuple(str(f) for f in data["features"]) != PAIR_FEATURES:
        return None
    return PairModel(
        data["coef"].astype(np.float64),
        float(data["intercept"][0]),
        float(data["threshold"][0]),
    )


SHIPPED_PAIR_MODEL = load_pair_model()


def _lemma_cosines(
    keys: Sequence[MentionKey],
    members: Sequence[int],
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    sims: npt.NDArray[np.float32],
) -> npt.NDArray[np.float64]:
    """The predicates' cosines of a group's mentions (their sentences' where a lemma has no
    vector)."""
    n = len(members)
    out = np.asarray(sims[np.ix_(members, members)], dtype=np.float64).copy()
    if lemma_vectors is None:
        return out
    lemmas = sorted({keys[i].lemma for i in members})
    have = [lemma for lemma in lemmas if lemma in lemma_vectors]
    if not have:
        return out
    matrix = np.stack([lemma_vectors[lemma] for lemma in have]).astype(np.float64)
    cos = matrix @ matrix.T
    at = {lemma: k for k, lemma in enumerate(have)}
    rows = [at.get(keys[i].lemma, -1) for i in members]
    for x in range(n):
        for y in range(n):
            if rows[x] >= 0 and rows[y] >= 0:
                out[x, y] = cos[rows[x], rows[y]]
    return out


def _average_linkage(probability: npt.NDArray[np.float64], threshold: float) -> list[int]:
    """Agglomerative clustering: the two groups of highest mean pairwise probability join while
    it reaches the threshold (an incompatible pair, _NEVER, keeps two groups apart for good).
    A local label per member."""
    n = len(probability)
    total = probability.copy()
    size = np.ones(n)
    mean = total.copy()
    np.fill_diagonal(mean, -np.inf)
    active = np.ones(n, dtype=bool)
    label = list(range(n))
    for _ in range(n - 1):
        k = int(np.argmax(mean))
        i, j = divmod(k, n)
        if not mean[i, j] >= threshold:
            break
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        size[i] += size[j]
        active[j] = False
        mean[i, :] = np.where(active, total[i, :] / (size[i] * size), -np.inf)
        mean[i, i] = -np.inf
        mean[:, i] = mean[i, :]
        mean[j, :] = -np.inf
        mean[:, j] = -np.inf
        label = [i if lab == j else lab for lab in label]
    return label


def _learned_cluster(
    keys: Sequence[MentionKey],
    sims: npt.NDArray[np.float32],
    model: PairModel,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    by_group: Mapping[str, list[int]],
) -> list[int]:
    labels: dict[int, tuple[str, int]] = {}
    for group, members in by_group.items():
        n = len(members)
        lemma_cos = _lemma_cosines(keys, members, lemma_vectors, sims)
        rows: list[list[float]] = []
        where: list[tuple[int, int]] = []
        blocked: list[tuple[int, int]] = []
        for x in range(n):
            for y in range(x + 1, n):
                a, b = keys[members[x]], keys[members[y]]
                if not compatible(a, b):
                    blocked.append((x, y))
                    continue
                rows.append(pair_features(a, b, float(sims[members[x], members[y]]),
                                          float(lemma_cos[x, y])))
                where.append((x, y))
        probability = np.zeros((n, n))
        if rows:
            p = model.probabilities(np.asarray(rows, dtype=np.float64))
            for (x, y), q in zip(where, p, strict=True):
                probability[x, y] = probability[y, x] = q
        for x, y in blocked:
            probability[x, y] = probability[y, x] = _NEVER
        local = _average_linkage(probability, model.threshold) if n > 1 else [0]
        for i, lab in zip(members, local, strict=True):
            labels[i] = (group, lab)
    roots: dict[tuple[str, int], int] = {}
    return [roots.setdefault(labels[i], len(roots)) for i in range(len(keys))]


def cluster(
    keys: Sequence[MentionKey],
    vectors: npt.NDArray[np.float32],
    cfg: EventConfig,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
    model: PairModel | Literal["shipped"] | None = "shipped",
) -> list[int]:
    """A cluster number per mention (mentions with one number are one event). With the
    pairwise model (the shipped one by default) each compatible pair of a group gets its
    probability of being one event and groups join by average linkage; with ``model=None``
    (or no weights shipped) the similarity thresholds of ``cfg`` decide
    (:func:`threshold_cluster`). ``lemma_vectors`` are the MiniLM vectors of the predicate
    lemmas ("attacked" and "assault" are close, "attacked" and "said" are not)."""
    chosen = SHIPPED_PAIR_MODEL if model == "shipped" else model
    if chosen is None or isinstance(chosen, str):
        return threshold_cluster(keys, vectors, cfg, lemma_vectors)
    sims = vectors @ vectors.T if len(keys) else np.zeros((0, 0), dtype=np.float32)
    by_group: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key.group, []).append(i)
    return _learned_cluster(keys, sims, chosen, lemma_vectors, by_group)


def threshold_cluster(
    keys: Sequence[MentionKey],
    vectors: npt.NDArray[np.float32],
    cfg: EventConfig,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
) -> list[int]:
    """The hand-set decision, used without the pairwise model's weights: a pair links when
    its score (the sentences' cosine; for two predicates, its mean with their lemmas' cosine;
    plus the lead and same-city bonuses) reaches the bar of ``cfg`` for its kind of pair."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sims = vectors @ vectors.T if len(keys) else np.zeros((0, 0))
    by_group: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key.group, []).append(i)
    pairs: list[tuple[float, int, int]] = []
    for members in by_group.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = keys[i], keys[j]
                if a.lemma == b.lemma:
                    bar = cfg.merge_same_lemma_similarity
                elif a.kind is not None and a.kind == b.kind:
                    bar = cfg.merge_min_similarity  # one PLOVER type is evidence already
                else:
                    bar = cfg.merge_untyped_similarity
                score = float(sims[i, j])
                if lemma_vectors is not None and a.lemma != b.lemma:
                    va, vb = lemma_vectors.get(a.lemma), lemma_vectors.get(b.lemma)
                    if va is not None and vb is not None:
                        score = (score + float(va @ vb)) / 2
                if a.lead and b.lead and a.document != b.document:
                    # Two articles' leads in one story most likely report its one event.
                    score += cfg.merge_lead_bonus
                if a.city is not None and a.city == b.city and a.kind is not None:
                    # One type of event in one city of one story: one occasion told in two
                    # ways ("presented his credentials" and "handed over the letter").
                    score += cfg.merge_same_city_bonus
                if score >= bar and compatible(a, b):
                    pairs.append((score, i, j))
    # Closest pairs first; two groups join only when every mention of one is compatible with
    # every mention of the other, so mentions that name no actor cannot chain "Sharif met
    # Xi" to "Sharif met Putin".
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    members_of: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
    for _, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all(compatible(keys[x], keys[y]) for x in members_of[ri] for y in members_of[rj]):
            parent[ri] = rj
            members_of[rj].extend(members_of.pop(ri))
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(keys))]


# Sentences (title and dateline lines included) that make an article's lead.
LEAD_SENTENCES = 5


def main_actors(mention: EventMention) -> tuple[Actor | None, Actor | None]:
    """The main doer and the main target of a mention. A name further down the phrase
    ("talks with Putin on the sidelines of the SCO") says where, not who, and so does a
    target that is only the place it happened ("talks in Beijing")."""
    source = mention.sources[0] if mention.sources else None
    place = mention.place
    names = {place.text, place.name} if place is not None else set()

    def only_where(a: Actor) -> bool:
        if place is None or a.country != place.country:
            return False
        # "in Beijing, China": a country or city named as the place, not as someone.
        return a.name in names or (a.sector is None and a.label in ("GPE", "LOC", "FAC"))

    target = next((a for a in mention.targets if not only_where(a)), None)
    return source, target


def mention_key(group: str, mention: EventMention) -> MentionKey:
    words, names = sentence_words(mention.text)
    source, target = main_actors(mention)
    countries = frozenset(
        a.country for a in (source, target) if a is not None and a.country is not None
    )
    return MentionKey(
        group=group,
        lemma=mention.trigger,
        kind=mention.plover,
        status=mention.status,
        countries=countries,
        date=mention.date,
        place_country=mention.place.country if mention.place is not None else None,
        city=(
            mention.place.name
            if mention.place is not None and mention.place.feature == "city"
            else None
        ),
        document=mention.article_id,
        sentence=mention.sentence,
        lead=mention.sentence < LEAD_SENTENCES,
        participants=participant_keys([*mention.sources, *mention.targets]),
        place=place_key(mention.place),
        words=words,
        names=names,
        recalled=recalled(mention.text[: max(0, mention.trigger_start - mention.start)]),
        source_person=person_words(source),
        target_person=person_words(target),
    )


def person_words(actor: Actor | None) -> frozenset[str]:
    """The lowercased words of a resolved person's name given in full ("Vladimir Putin");
    empty for anyone else: a country, an organisation, a phrase, or a name of one word
    ("Obama", or a title the tagger took for a name), too little to tell two people apart."""
    if actor is None or actor.entity_id is None or actor.label != "PERSON":
        return frozenset()
    words = _WORD.findall(actor.name)
    return frozenset(w.lower() for w in words) if len(words) > 1 else frozenset()


def participant_keys(actors: Sequence[Actor]) -> frozenset[str]:
    """Who takes part, comparable across articles: the resolved entity, else the name."""
    return frozenset(a.entity_id or a.name.lower() for a in actors if a.name or a.entity_id)


def place_key(place: Place | None) -> str | None:
    """Where, comparable across articles: the gazetteer's entry, else the text as written."""
    if place is None:
        return None
    return place.name if place.feature != "unresolved" else place.text.lower()


def _outlet_of(article_id: str, outlets: dict[str, str]) -> str:
    return outlets.get(article_id, article_id)


def conflicts_of(
    mentions: Sequence[EventMention], outlets: dict[str, str]
) -> list[EventConflict]:
    """Where the mentions of one event disagree: another date, another place, another actor.
    One conflict per pair of differing values, with the first mention giving each."""
    found: list[EventConflict] = []

    def values(kind: str, get: object) -> None:
        first: dict[str, EventMention] = {}
        for m in mentions:
            value = get(m)  # type: ignore[operator]
            if value and value not in first:
                first[value] = m
        items = sorted(first.items())
        for x, (va, ma) in enumerate(items):
            for vb, mb in items[x + 1 :]:
                if kind == "date" and (va.startswith(vb) or vb.startswith(va)):
                    continue  # "2025-09" and "2025-09-02" agree
                found.append(
                    EventConflict(
                        kind=kind,
                        mention_a=ma.mention_id,
                        mention_b=mb.mention_id,
                        reason=(
                            f"{kind}: {va!r} in {_outlet_of(ma.article_id, outlets)} "
                            f"(\"{ma.text[:120]}\") vs {vb!r} in "
                            f"{_outlet_of(mb.article_id, outlets)} (\"{mb.text[:120]}\")"
                        ),
                    )
                )

    values("date", lambda m: m.date)
    values(
        "place",
        lambda m: m.place.name if m.place is not None and m.place.feature == "city" else None,
    )
    # Actors: two mentions naming another person on one side and the same person on the
    # other ("Putin met Sharif" and "Lavrov met Sharif"); who is named first does not matter
    # ("A met B" is "B met A"). Only people are compared with people: "Halvorsen and Estoria"
    # against "Norland and Estoria" names a minister and her country, not two doers.
    named: dict[frozenset[str], EventMention] = {}
    for m in mentions:
        people = frozenset(
            a.name for a in main_actors(m) if a is not None and a.entity_id and a.label == "PERSON"
        )
        if len(people) == 2 and people not in named:
            named[people] = m
    pairs = sorted(named.items(), key=lambda item: sorted(item[0]))
    for x, (pa, ma) in enumerate(pairs):
        for pb, mb in pairs[x + 1 :]:
            if len(pa & pb) != 1:
                continue  # nobody in common: two accounts too far apart to be one event's sides
            found.append(
                EventConflict(
                    kind="actor",
                    mention_a=ma.mention_id,
                    mention_b=mb.mention_id,
                    reason=(
                        f"actor: {' and '.join(sorted(pa))} in "
                        f"{_outlet_of(ma.article_id, outlets)} vs {' and '.join(sorted(pb))} in "
                        f"{_outlet_of(mb.article_id, outlets)}"
                    ),
                )
            )
    return found


def majority(values: Sequence[str | None]) -> str | None:
    """The most common known value (the earliest among equals), None when none is known."""
    known = [v for v in values if v]
    if not known:
        return None
    counts = Counter(known)
    return max(known, key=lambda v: (counts[v], -known.index(v)))
