"""Entity resolution: mentions -> entities, within an article and across the corpus.

Within an article, person names join when one's words are contained in another's ("Sharif",
"Shehbaz", "Shehbaz Sharif" -> "Muhammad Shehbaz Sharif"); organizations and places join on their
normalized name, an acronym given in brackets, or matching initials ("SCO"; two full names with
the same initials join only when they are one name spelled two ways). Each person keeps the
titles written before a mention ("Russian President", "President of the Russian Federation",
"Prime Minster"), which give a role and a nationality.

Across the corpus the same rules run over every article's entities, in a fixed (sorted) order, so
the result and the content-derived entity IDs do not depend on the order of the articles.
Everything works from the stored Analysis records alone (mentions and sentence texts).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio

from storyline.analyze.lexicon import (
    COUNTRY_ALIASES,
    GENERATION_SUFFIXES,
    NICKNAMES,
    SUBORDINATE_RANKS,
    TITLE_ROLES,
    canonical_title,
    country_of,
    given_name_gender,
    title_gender,
)
from storyline.model import Analysis, Entity, Mention, Quote, content_id

RESOLVED_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"}
)

_TITLES_ALT = "|".join(re.escape(t) for t in sorted(TITLE_ROLES, key=len, reverse=True) if t)
# A title written right before a name: "Russian President ", "Pakistan's Prime Minister ",
# "President of the Russian Federation ", "PM ".
_TITLE_BEFORE = re.compile(
    r"(?:(?P<nat>[A-Z][\w.]*(?:'s|’s)?)\s+)?(?P<title>(?i:" + _TITLES_ALT + r"))"
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z]\w+(?:\s+[A-Z]\w+){0,2}))?\s+$"
)
_TITLE_ONLY = re.compile(
    r"(?P<title>(?i:" + _TITLES_ALT + r"))"
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z]\w+(?:\s+[A-Z]\w+){0,2}))?\s+$"
)
_WORD = re.compile(r"[^\W\d_][\w.\-']*", re.UNICODE)


@functools.lru_cache(maxsize=1 << 16)
def name_words(text: str, strip_titles: bool = True) -> tuple[str, ...]:
    """The lower-cased words of a name without titles or possessive: "PM Shehbaz" -> (shehbaz,).

    Cached: resolution asks for the same few thousand names hundreds of thousands of times."""
    text = text.replace("’", "'")
    text = re.sub(r"'s$|'$", "", text.strip())
    words = [w.lower().rstrip(".") for w in _WORD.findall(text)]
    # A title's full stop is gone from the words: "Sen. Dick Durbin" and "Sen Dick Durbin" alike.
    while strip_titles and words and (words[0] in TITLE_ROLES or f"{words[0]}." in TITLE_ROLES):
        words = words[1:]
    while strip_titles and len(words) >= 2 and " ".join(words[:2]) in TITLE_ROLES:
        words = words[2:]
    if words and words[0] == "the":
        words = words[1:]
    return tuple(w for w in words if w)


def person_words(text: str) -> tuple[str, ...]:
    """A person's name words with a given name they are also called by read as the full one:
    "Bill Kristol" -> (william, kristol), "NJ Gov Chris Christie" -> (..., christopher,
    christie). The last word is the surname and a lone "Bill" may be anyone: both stay."""
    words = name_words(text)
    if len(words) < 2:
        return words
    return (*(NICKNAMES.get(w, w) for w in words[:-1]), words[-1])


@dataclass(slots=True)
class LocalEntity:
    """One entity as one article (or, merged, the corpus) knows it."""

    kind: str
    names: Counter[tuple[str, ...]] = field(default_factory=Counter)  # name words -> count
    surfaces: Counter[str] = field(default_factory=Counter)  # "PM Shehbaz", "Sharif", ...
    titles: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    nationalities: Counter[str] = field(default_factory=Counter)
    acronyms: set[str] = field(default_factory=set)
    # A mention of a name written bare before the article first names a son or father of it
    # ("President Trump" before "Donald Trump Jr."): the other man, never the suffixed one.
    not_suffixed: bool = False

    def longest(self) -> tuple[str, ...]:
        return max(self.names, key=lambda n: (len(n), self.names[n], n))

    def holds(self, role: str) -> bool:
        """Whether this person answers to ``role``: "the minister" is also the foreign or the
        finance minister, but "the president" is not the vice president (a deputy head of
        state): a rank below the role is another office."""
        return any(
            r == role
            or (
                r.endswith(" " + role)
                and not SUBORDINATE_RANKS.intersection(r[: -len(role)].split())
            )
            for r in self.roles
        )

    def canonical(self) -> str:
        """The most frequent multi-word written form, else the most frequent form."""
        person = self.kind == "PERSON"

        def surface_key(s: str) -> tuple[int, int, int, str]:
            words = name_words(s, person)
            bare = " ".join(words) == s.lower().removeprefix("the ")
            return (min(len(words), 2), int(bare), self.surfaces[s], s)

        bare = [s for s in self.surfaces if name_words(s, person)]
        if not bare:
            return next(iter(self.surfaces), "")
        best = max(bare, key=surface_key)
        return _strip_title(best) if person else best

    def words(self) -> set[str]:
        return {w for n in self.names for w in n}

    def merge(self, other: LocalEntity) -> None:
        self.names.update(other.names)
        self.surfaces.update(other.surfaces)
        self.titles.update(other.titles)
        self.roles.update(other.roles)
        self.nationalities.update(other.nationalities)
        self.acronyms |= other.acronyms


def _strip_title(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    words = text.split()
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[:n]).lower() in TITLE_ROLES:
            return " ".join(words[n:])
    return text


# Words an acronym leaves out ("Bank of America" is "BA"), and which say nothing of a name.
_NOT_IN_INITIALS = frozenset({"of", "the", "and", "for", "in"})


def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w not in _NOT_IN_INITIALS)


# The least rapidfuzz ratio of two spellings of one word ("harbour" / "harbor" 92, "defence" /
# "defense" 86, "centre" / "center" 83; "columbia" / "chapman" 40).
_SPELLING_MIN_RATIO = 80.0


def _spelled_alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names of several words that are one name spelled two ways: the same words in
    another order ("Defense Department", "Department of Defense"), or word for word alike."""
    a = tuple(w for w in a if w not in _NOT_IN_INITIALS)
    b = tuple(w for w in b if w not in _NOT_IN_INITIALS)
    return len(a) == len(b) > 1 and (
        sorted(a) == sorted(b)
        or all(x == y or ratio(x, y) >= _SPELLING_MIN_RATIO for x, y in zip(a, b, strict=True))
    )


def title_before(preceding: str) -> tuple[str, str, str | None, str | None] | None:
    """(title as written, canonical title, role, nationality) written right before a name."""
    match = _TITLE_BEFORE.search(preceding[-80:])
    if match is not None and match.group("nat") and country_of(match.group("nat")) is None:
        match = _TITLE_ONLY.search(preceding[-80:])  # "Prime" in "Prime Minister" is no country
    if match is None:
        return None
    before = preceding[: len(preceding) - len(preceding[-80:])] + preceding[-80:][: match.start()]
    nat = match.groupdict().get("nat")
    if re.search(r"\b(?:to|of|for)\s+(?:the\s+)?$", before) and not nat:
        return None  # "Special Assistant to the Prime Minister Tariq Fatemi"
    title = match.group("title")
    role = TITLE_ROLES.get(title.lower()) or None
    nationality = None
    if nat:
        nationality = country_of(nat)
    if nationality is None and match.group("of"):
        of = match.group("of")
        nationality = COUNTRY_ALIASES.get(of) or country_of(of)
    return title, canonical_title(title), role, nationality


def _mention_entity(mention: Mention, preceding: str) -> LocalEntity:
    kind = mention.label
    entity = LocalEntity(kind=kind)
    text = mention.text
    if kind in {"GPE", "LOC"}:
        text = COUNTRY_ALIASES.get(text, COUNTRY_ALIASES.get("the " + text, text))
    acronym = re.match(r"^(.*\S)\s*\(([A-Z][A-Za-z]{1,9})\)$", text)
    if acronym:
        text = acronym.group(1)
        entity.acronyms.add(acronym.group(2).lower())
    words = person_words(text) if kind == "PERSON" else name_words(text, False)
    if not words:
        return entity
    entity.names[words] += 1
    entity.surfaces[text] += 1
    if kind == "ORG" and len(words) >= 2:
        entity.acronyms.add(_initials(words))
    if kind == "ORG" and len(words) == 1 and text.isupper():
        entity.acronyms.add(words[0])
    if kind == "PERSON":
        found = title_before(preceding)
        if found is not None:
            written, title, role, nationality = found
            entity.titles[title] += 1
            if role:
                entity.roles[role] += 1
            if nationality:
                entity.nationalities[nationality] += 1
            entity.surfaces[f"{written} {text}"] += 1
    return entity


def _preceding(analysis: Analysis, mention: Mention) -> str:
    if 0 <= mention.sentence < len(analysis.sentences):
        sentence = analysis.sentences[mention.sentence]
        return sentence.text[: max(0, mention.start - sentence.start)]
    return ""


class _KindIndex:
    """Clusters of one kind, indexed by word, name and acronym so each join is a lookup."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.clusters: list[LocalEntity] = []
        self.longest_word: dict[str, set[int]] = defaultdict(set)  # words of the longest name
        self.any_word: dict[str, set[int]] = defaultdict(set)
        self.name: dict[tuple[str, ...], int] = {}
        self.name_text: dict[str, set[int]] = defaultdict(set)
        self.acronym: dict[str, set[int]] = defaultdict(set)

    def add(self, item: LocalEntity) -> int:
        index = self._match(item)
        if index is None:
            index = len(self.clusters)
            self.clusters.append(LocalEntity(kind=self.kind))
            for word in set(item.longest()):
                self.longest_word[word].add(index)
        self.clusters[index].merge(item)
        for name in item.names:
            self.name.setdefault(name, index)
            self.name_text[" ".join(name)].add(index)
            for word in name:
                self.any_word[word].add(index)
        for acronym in item.acronyms:
            self.acronym[acronym].add(index)
        return index

    def _match(self, item: LocalEntity) -> int | None:
        words = item.longest()
        if self.kind == "PERSON":
            # A name joins the one cluster whose longest name contains all of its words; a
            # name that fits two people ("Sharif" with Nawaz and Shehbaz about) joins neither.
            fits = set.intersection(*(self.longest_word.get(w, set()) for w in set(words)))
            if not fits and len(words) == 1:
                # A lone given name, or the full name of a nickname ("Joe" is in Joseph Biden).
                fits = self.any_word.get(words[0], set()) | self.any_word.get(
                    NICKNAMES.get(words[0], ""), set()
                )
            if item.not_suffixed:
                fits = {c for c in fits if not _suffixed(self.clusters[c].longest())}
            if len(fits) > 1:
                # "Mrs. Clinton" with Hillary Rodham Clinton and Bill Clinton about is hers:
                # the one of them the title's gender fits, when every other is known to be of
                # the other ("Mr. Hutchinson" with Asa and Tim Hutchinson fits both).
                # A cluster of the bare surname alone is one left unresolved, no candidate.
                gender = _gender_of(item)
                known = {
                    c: _gender_of(self.clusters[c])
                    for c in fits
                    if len(self.clusters[c].longest()) > len(words)
                }
                if gender is not None and known and None not in known.values():
                    fits = {c for c, g in known.items() if g == gender}
            return next(iter(fits)) if len(fits) == 1 else None
        if words in self.name:
            return self.name[words]
        candidates: set[int] = set(self.acronym.get("".join(words), set()))
        for acronym in item.acronyms:
            candidates |= self.name_text.get(acronym, set())
            if len(words) > 1:
                # Two full names with one acronym are one only when they are one name spelled
                # two ways ("Shanghai Cooperation Organisation" and "... Organization"):
                # initials alone join "Brad Woodhouse" (an ORG by the parse's slip) to
                # "Build-A-Bear Workshop", and "Columbia University" to "Chapman University".
                candidates |= {
                    c
                    for c in self.acronym.get(acronym, set())
                    if any(_spelled_alike(words, name) for name in self.clusters[c].names)
                }
        # An acronym that fits two organisations ("SC": the Supreme Court and the Safari Club)
        # joins neither, as a surname that fits two people does.
        return next(iter(candidates)) if len(candidates) == 1 else None


def _suffixed(name: tuple[str, ...]) -> bool:
    """A name ending in a generation suffix ("Donald Trump Jr.")."""
    return len(name) >= 2 and name[-1] in GENERATION_SUFFIXES


def _bare_before_suffixed(people: Sequence[LocalEntity]) -> None:
    """Marks the mentions (in text order) that name a man whose son or father the article names
    with a suffix later only: "President Trump ... Mr. Trump tweeted ... Donald Trump Jr." has
    the president written by his surname first, so every bare "Trump" is his, not the son's
    (before, each joined the one full name that held its words, the son's). Where the suffixed
    name comes first ("Donald Trump Jr. ... Mr. Trump said"), or the man written first was
    introduced with the suffixed name's given name ("Representative Duncan Hunter ... someone
    like Duncan Hunter Jr."), a bare surname may be his and joins as before."""
    first: dict[tuple[str, ...], int] = {}
    for i, e in enumerate(people):
        if _suffixed(e.longest()):
            first.setdefault(e.longest(), i)
    for name, at in first.items():
        base = set(name[:-1])
        of_base = [not _suffixed(e.longest()) and set(e.longest()) <= base for e in people]
        earlier = [e for e, mine in zip(people[:at], of_base, strict=False) if mine]
        if earlier and not any(len(e.longest()) > 1 and name[0] in e.longest() for e in earlier):
            for e, mine in zip(people, of_base, strict=True):
                e.not_suffixed |= mine


def _gender_of(entity: LocalEntity) -> str | None:
    """The gender ("m" or "f") a person's own titles or given names give it ("Mrs. Clinton",
    "Bill Clinton"); None when they give none, or both."""
    found = {g for t in entity.titles if (g := title_gender(t.lower())) is not None}
    found |= {
        g for name in entity.names if len(name) > 1 and (g := given_name_gender(name[0]))
    }
    return next(iter(found)) if len(found) == 1 else None


def _cluster(entities: Sequence[LocalEntity]) -> tuple[list[LocalEntity], list[int | None]]:
    """Join entities that name the same thing: the clusters, and each input's cluster index.

    Deterministic for a given multiset of inputs: they are joined in a fixed sorted order.
    """
    order = sorted(
        (i for i, e in enumerate(entities) if e.names),
        key=lambda i: (
            entities[i].kind,
            -len(entities[i].longest()),
            entities[i].longest(),
            sorted(entities[i].surfaces.items()),
            sorted(entities[i].titles.items()),
        ),
    )
    indexes: dict[str, _KindIndex] = {}
    local: dict[int, tuple[str, int]] = {}
    for i in order:
        kind = entities[i].kind
        index = indexes.setdefault(kind, _KindIndex(kind))
        local[i] = (kind, index.add(entities[i]))
    clusters: list[LocalEntity] = []
    offset: dict[str, int] = {}
    for kind in sorted(indexes):
        offset[kind] = len(clusters)
        clusters.extend(indexes[kind].clusters)
    assignment: list[int | None] = [
        offset[local[i][0]] + local[i][1] if i in local else None for i in range(len(entities))
    ]
    return clusters, assignment


def article_entities(analysis: Analysis) -> tuple[list[LocalEntity], list[int | None]]:
    """An article's entities, and for each of its mentions the index of its entity (or None)."""
    singles: list[LocalEntity] = []
    owners: list[int | None] = []
    for mention in analysis.mentions:
        if mention.label not in RESOLVED_LABELS:
            owners.append(None)
            continue
        entity = _mention_entity(mention, _preceding(analysis, mention))
        owners.append(len(singles) if entity.names else None)
        if entity.names:
            singles.append(entity)
    # The small model tags a known person's surname as ORG now and then ("Sharif’s leadership").
    people = [e for e in singles if e.kind == "PERSON"]
    for e in singles:
        acronym = any(x.isupper() for x in e.surfaces)
        if (
            e.kind == "ORG"
            and len(e.longest()) <= 2
            and not acronym
            and any(set(e.longest()) <= set(p.longest()) for p in people)
        ):
            e.kind = "PERSON"
            e.acronyms.clear()
    _bare_before_suffixed([e for e in singles if e.kind == "PERSON"])
    clusters, assignment = _cluster(singles)
    index_of = [None if owner is None else assignment[owner] for owner in owners]
    return clusters, index_of


def find_by_name(
    entities: Sequence[LocalEntity], text: str, kinds: Iterable[str] = ("PERSON",)
) -> int | None:
    """The entity a written name refers to ("PM Shehbaz" -> Sharif), by the clustering rules."""
    wanted = set(kinds)
    words = person_words(text) if "PERSON" in wanted else name_words(text)
    if not words:
        return None
    fits = [
        i
        for i, e in enumerate(entities)
        if e.kind in wanted
        and (
            set(words) <= set(e.longest())
            or words in e.names
            or " ".join(words).replace(" ", "") in e.acronyms
        )
    ]
    return fits[0] if len(fits) == 1 else None


def entity_record(entity: LocalEntity) -> Entity:
    name = entity.canonical()
    aliases = tuple(sorted(s for s in entity.surfaces if s != name))
    role = entity.roles.most_common(1)[0][0] if entity.roles else None
    nationality = (
        max(entity.nationalities, key=lambda n: (entity.nationalities[n], n))
        if entity.nationalities
        else None
    )
    return Entity(
        entity_id=content_id("entity", entity.kind, name),
        kind=entity.kind,
        name=name,
        aliases=aliases,
        titles=tuple(sorted(entity.titles)),
        nationality=nationality,
        role=role,
    )


def resolve_entities(analyses: Sequence[Analysis]) -> tuple[list[Analysis], list[Entity]]:
    """Link every name mention and quote speaker to a corpus entity.

    Returns the analyses with ``Mention.entity_id`` and ``Quote.speaker_entity_id`` filled in
    (in the order given) and the entities sorted by ID. Deterministic and independent of the
    order of ``analyses``: the clustering runs over the articles sorted by ID.

    All in memory; the local engine runs the same phases (:class:`EntityResolver`) with the
    analyses streamed from the store instead.
    """
    resolver = EntityResolver()
    for analysis in analyses:
        resolver.add(analysis)
    corpus = resolver.resolve()
    return [corpus.link(a) for a in analyses], corpus.entities


class EntityResolver:
    """Entity resolution in its phases, so a caller need not hold every analysis at once.

    :meth:`add` each analysis (one per article: a later one of the same article replaces the
    earlier); only its article's entities are kept, a small part of it. :meth:`resolve` then
    joins them across the corpus, and :meth:`CorpusEntities.link` links each analysis, read
    again, to the result.
    """

    def __init__(self) -> None:
        self._articles: dict[str, tuple[list[LocalEntity], list[int | None]]] = {}

    def add(self, analysis: Analysis) -> None:
        self._articles[analysis.article_id] = article_entities(analysis)

    def resolve(self) -> CorpusEntities:
        """The corpus entities of every analysis added (the clustering over all of them)."""
        return CorpusEntities(self._articles)


class CorpusEntities:
    """The corpus entities, and how each added article's own entities map onto them."""

    def __init__(self, articles: dict[str, tuple[list[LocalEntity], list[int | None]]]) -> None:
        # The clustering joins in a sorted order, with ties kept in input order: the articles
        # go in by ID whatever order they were added in, so the result and IDs do not move.
        order = sorted(articles)
        all_local = [e for article_id in order for e in articles[article_id][0]]
        corpus, assignment = _cluster(all_local)
        global_of_local = {id(e): g for e, g in zip(all_local, assignment, strict=True)}
        # Two different things can share a canonical name only across kinds; the ID includes
        # the kind.
        self.records = [entity_record(e) for e in corpus]
        unique = {r.entity_id: r for r in self.records}
        self.entities = [unique[k] for k in sorted(unique)]
        # Each article's entity -> corpus entity, looked up now while ``all_local`` keeps the
        # entities alive (the ids in ``global_of_local`` name them only while they live).
        self._articles = {
            article_id: (local, index_of, [global_of_local[id(e)] for e in local])
            for article_id, (local, index_of) in articles.items()
        }

    def link(self, analysis: Analysis) -> Analysis:
        """The analysis with its mentions and quote speakers linked to the corpus entities
        (it, or one of its article with the same mentions, must have been added)."""
        local, index_of, global_of = self._articles[analysis.article_id]
        records = self.records
        ids = [None if g is None else records[g].entity_id for g in global_of]
        mentions = tuple(
            dataclasses.replace(m, entity_id=ids[i]) if i is not None and ids[i] is not None else m
            for m, i in zip(analysis.mentions, index_of, strict=True)
        )
        # Each local entity's canonical name once per article, not once per quote.
        canonical = [e.canonical() for e in local] if analysis.quotes else []
        quotes = tuple(
            _link_speaker(q, local, canonical, global_of, records) for q in analysis.quotes
        )
        return dataclasses.replace(analysis, mentions=mentions, quotes=quotes)


def _link_speaker(
    quote: Quote,
    local: list[LocalEntity],
    canonical: list[str],
    global_of: list[int | None],
    records: list[Entity],
) -> Quote:
    speaker = quote.speaker_name
    if speaker is None:
        return quote

    def record_of(name: str) -> Entity | None:
        index = next((i for i, known in enumerate(canonical) if known == name), None)
        if index is None:
            index = find_by_name(local, name, ("PERSON", "ORG", "GPE", "NORP"))
        if index is None or global_of[index] is None:
            return None
        return records[global_of[index]]  # type: ignore[index]

    if quote.co_speakers:
        # Those who said it with the speaker, by the corpus's name for each as well.
        joint = [
            r.name if (r := record_of(name)) is not None else name for name in quote.co_speakers
        ]
        quote = dataclasses.replace(quote, co_speakers=tuple(dict.fromkeys(joint)))
    record = record_of(speaker)
    if record is None:
        return quote
    return dataclasses.replace(quote, speaker_entity_id=record.entity_id, speaker_name=record.name)


def genders(
    text: str,
    mentions: list[Mention],
    mention_entity: list[int | None],
    entities: list[LocalEntity],
) -> dict[int, str]:
    """The gender ("m" or "f") the text itself gives a person, by the titles before its
    mentions; a person marked both ways, or not at all, is left out."""
    votes: dict[int, set[str]] = {}
    for m, e in zip(mentions, mention_entity, strict=True):
        if e is None or entities[e].kind != "PERSON":
            continue
        before = text[max(0, m.start - 24) : m.start].lower().split()[-2:]
        for word in before + m.text.lower().split()[:1]:
            word = word.lstrip("([{\"“‘'")  # "(Mr. Rubio)" is Mr. Rubio
            if (gender := title_gender(word)) is not None:
                votes.setdefault(e, set()).add(gender)
        # A given name alone says it where no title does ("Marco Rubio", "Nancy Pelosi").
        first = m.text.lower().split()[:1]
        if first and (gender := given_name_gender(first[0])) is not None:
            votes.setdefault(e, set()).add(gender)
    return {e: next(iter(v)) for e, v in votes.items() if len(v) == 1}
