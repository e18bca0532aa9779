"""One restatement altered in one slot: two outlets telling one fact in their own words, sharing
the phrase a value sits in, with another value in it (a figure, a date, a place after "in" or
"at", a person the other statement does not name). The words and values are read as for a copy
(``claims.altered``).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from storyline.analyze.lexicon import LOCATIVE_PREPOSITIONS
from storyline.claims.altered import marked_in, tokens_of, value_change, words_of
from storyline.claims.facts import (
    Facts,
    Marked,
    content_predicate,
    date_interval,
    same_party,
    same_predicate,
    saying,
)
from storyline.claims.findings import (
    Finding,
    Places,
    figure_elsewhere,
    fresh_reports,
    same_parties_named,
    spans_meet,
)
from storyline.claims.units import STOPWORDS, Unit, quote_the_same_words
from storyline.model import Clause

# Two outlets telling one fact in their own words still often share the phrase a value sits in
# ("Fifteen of the 19 hijackers were Saudi nationals" / "Fifteen of the 19 hijackers on 9/11 were
# Saudi citizens"): when two statements that would otherwise be one claim give one slot of such a
# phrase another value (a figure, a date, a place after "in" or "at", a person the other
# statement does not name), the slot is one referent told two ways. The phrase: words agreeing
# on both sides of the slot (or the sentence's own start or end), at least _SLOT_CONTEXT of them,
# some of them content words; the slot at most _SLOT_MAX_WORDS words, found by a word-by-word
# alignment or as two values of one kind wherever they sit (a phrase told in another order).
# Set on the injection's restatement tier and the BASIL conflict listing
# (benchmarks/claims_quality.py).
_SLOT_CONTEXT = 3
_SLOT_MAX_WORDS = 4
_RESTATED_CONFIDENCE = 0.7


def _agreeing(wa: Sequence[str], wb: Sequence[str], i: int, j: int, step: int) -> int:
    """How many words agree from ``wa[i]`` and ``wb[j]`` on, walking by ``step`` (at most
    ``_SLOT_CONTEXT``); both texts ending there agree as a whole phrase."""
    count = 0
    while count < _SLOT_CONTEXT:
        x, y = i + step * count, j + step * count
        inside_a, inside_b = 0 <= x < len(wa), 0 <= y < len(wb)
        if not inside_a and not inside_b:
            return _SLOT_CONTEXT
        if not (inside_a and inside_b) or wa[x] != wb[y]:
            break
        count += 1
    return count


def _word_range(tokens: Sequence[tuple[str, int, int]], lo: int, hi: int) -> tuple[int, int]:
    """The words of ``tokens`` inside characters ``lo`` to ``hi``, as [first, last + 1)."""
    inside = [k for k, (_, s, e) in enumerate(tokens) if lo <= s and e <= hi]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _slots(
    a: Unit,
    b: Unit,
    ta: Sequence[tuple[str, int, int]],
    tb: Sequence[tuple[str, int, int]],
) -> list[tuple[int, int, int, int]]:
    """Stretches of the two texts that may be one slot told two ways, as word ranges: what a
    word-by-word alignment replaces, and each two values of one kind (a figure, a date, a
    person, a place) wherever they sit, so that a phrase shared in another order counts too.
    ``ta`` and ``tb`` are the texts' :func:`~storyline.claims.altered.tokens_of`."""
    wa, wb = words_of(a.text), words_of(b.text)
    found = {
        (i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
        if tag == "replace"
    }
    for x in a.facts.marked:
        for y in b.facts.marked:
            if x.kind == y.kind and (x.key != y.key or x.low != y.low or x.high != y.high):
                found.add(
                    _word_range(ta, x.start, x.end) + _word_range(tb, y.start, y.end)
                )
    return sorted(s for s in found if s[0] < s[1] and s[2] < s[3])


def restated_slot(a: Unit, b: Unit, places: Places) -> list[Finding]:
    """Values two restatements give one slot of a shared phrase, when they differ (see above);
    an empty list when none does, or when slots of several kinds differ (another occurrence)."""
    ta, tb = tokens_of(a.text), tokens_of(b.text)
    wa, wb = words_of(a.text), words_of(b.text)
    found: dict[tuple[int, int], Finding] = {}
    for i1, i2, j1, j2 in _slots(a, b, ta, tb):
        if max(i2 - i1, j2 - j1) > _SLOT_MAX_WORDS:
            continue
        before = _agreeing(wa, wb, i1 - 1, j1 - 1, -1)
        after = _agreeing(wa, wb, i2, j2, 1)
        if min(before, after) < 1 or before + after < _SLOT_CONTEXT:
            continue
        context = wa[max(0, i1 - before) : i1] + wa[i2 : i2 + after]
        if all(w in STOPWORDS or w.isdigit() for w in context):
            continue  # "of the 35 and": no phrase of the fact's own
        span_a, span_b = (ta[i1][1], ta[i2 - 1][2]), (tb[j1][1], tb[j2 - 1][2])
        change = value_change(a, b, span_a, span_b, places)
        if not isinstance(change, Finding) or not _restated(change, a, b, span_a, span_b, places):
            continue
        if change.kind == "place" and (i1 == 0 or wa[i1 - 1] not in LOCATIVE_PREPOSITIONS):
            continue  # where it happened ("in Omaha"), not a country as a party ("America")
        if change.kind in ("participant", "speaker") and (
            (i1 == 0 and j1 == 0 and after < _SLOT_CONTEXT - 1)
            or (i2 == len(wa) and j2 == len(wb) and before < _SLOT_CONTEXT - 1)
        ):
            # A doer opening both sentences shares only the words after it: "Echenique scored"
            # and "Will Artino scored" tell two players' deeds, one word is no phrase of a fact.
            continue
        found.setdefault(
            span_a, Finding(change.kind, change.detail, _RESTATED_CONFIDENCE, change.about)
        )
    findings = list(found.values())
    return findings if len({f.kind for f in findings}) == 1 else []


def _restated(
    finding: Finding,
    a: Unit,
    b: Unit,
    span_a: tuple[int, int],
    span_b: tuple[int, int],
    places: Places,
) -> bool:
    """A slot's other value is the same referent told otherwise, not another one: the values
    hang on deeds of the same parties (:func:`_carriers_agree`), a date is not after the other
    report's publication ("met on Sunday" in Sunday's paper, "on Thursday" in Thursday's are two
    meetings), and neither value is given anywhere in the other statement ("Halvorsen called
    for ..., and Reyes agreed" against "Reyes called for ..., as did Halvorsen" name both
    senators in other roles; "a two-in-three chance we win ..., a one-in-three chance we could
    lose" gives both odds)."""
    xs, ys = marked_in(a.facts, *span_a), marked_in(b.facts, *span_b)
    if finding.kind == "date":
        da = [s for m in xs if m.kind == "date" and (s := date_interval(m.key)) is not None]
        db = [s for m in ys if m.kind == "date" and (s := date_interval(m.key)) is not None]
        if da and db and fresh_reports(da[0], db[0], a, b):
            return False
    carriers_a, carriers_b = _carriers(a, xs, span_a), _carriers(b, ys, span_b)
    if finding.kind in ("number", "date", "place") and not _carriers_agree(
        carriers_a, carriers_b, a.facts, b.facts
    ):
        return False
    if finding.kind == "date" and _other_deeds(carriers_a, carriers_b, a.facts, b.facts):
        return False
    # What each date is of: the clauses it hangs on, else the statement's main clause (the
    # parse often hangs "today (4 November 2011)" on nothing).
    deeds_a = carriers_a or _main(a)
    deeds_b = carriers_b or _main(b)
    if finding.kind == "date" and (
        _two_deeds(deeds_a, deeds_b) or _two_sayings(deeds_a, deeds_b, a, b)
    ):
        return False
    if finding.kind in ("number", "place") and not _parties_meet(a.facts, b.facts):
        return False
    if finding.kind == "number" and (
        figure_elsewhere(a, span_a, b) or figure_elsewhere(b, span_b, a)
    ):
        return False
    kind = {"participant": "person", "speaker": "person"}.get(finding.kind, finding.kind)
    return not any(
        _same_value(x, y, places)
        for mine, theirs in ((xs, b.facts.marked), (ys, a.facts.marked))
        for x in mine
        if x.kind == kind
        for y in theirs
        if y.kind == kind
    )


def _parties_meet(fa: Facts, fb: Facts) -> bool:
    """The statements are about some of the same people or organisations, or one names none: a
    figure of "Hansbrough finished with 20 points" is not one of "Vaughn finished with 16
    points", however alike the phrase (the parse may hang the figures on nothing to tell them
    apart). Not asked of dates: restatements of one deed often name its parties two ways
    ("Obama said Tuesday", "the White House said Friday"), which the injection's restated
    dates showed."""
    if not fa.parties or not fb.parties:
        return True
    return any(same_party(x, y) for x in fa.parties for y in fb.parties)


def _same_value(x: Marked, y: Marked, places: Places) -> bool:
    """Two marked values of one kind that agree (one figure, date, person or place)."""
    if x.kind == "number":
        return x.key == y.key and x.low <= y.high and y.low <= x.high
    if x.kind == "date":
        sx, sy = date_interval(x.key), date_interval(y.key)
        return x.key == y.key or (sx is not None and sy is not None and spans_meet(sx, sy))
    if x.kind == "person":
        return same_party(x.key, y.key)
    return places.related(x.key, y.key)


def _carriers(u: Unit, marks: Sequence[Marked], span: tuple[int, int]) -> list[Clause]:
    """The clauses of ``u`` a value in ``span`` hangs on (a figure, a date or a place)."""
    lo, hi = u.start + span[0], u.start + span[1]
    dates = {m.key for m in marks if m.kind == "date" and m.key}
    spots = {m.key for m in marks if m.kind == "place" and m.key}
    return [
        c
        for c in u.facts.clauses
        if any(q.start < hi and lo < q.end for q in c.quantities)
        or dates & set(c.dates)
        or spots & set(c.places)
    ]


def _carriers_agree(
    xs: Sequence[Clause], ys: Sequence[Clause], fa: Facts, fb: Facts
) -> bool:
    """Whether the deeds two values hang on are done by and to the same named parties:
    "Hillary and Bill Clinton earned $141 million" and "Mr. Clinton earned $20 million" count two
    earnings. Values the parse hung on nothing agree by default."""
    if not xs or not ys:
        return True
    return any(
        same_parties_named(_named(ca.agents, fa), _named(cb.agents, fb))
        and same_parties_named(_named(ca.patients, fa), _named(cb.patients, fb))
        for ca in xs
        for cb in ys
    )


def _other_deeds(xs: Sequence[Clause], ys: Sequence[Clause], fa: Facts, fb: Facts) -> bool:
    """Two dates hang on deeds of no common party, and one statement names the other deed's
    party elsewhere: "Cheeks was named coach on May 23, 2005" against "Cheeks ... is the fourth
    coach since King took over on May 26, 2003" date two deeds, one of them not Cheeks's.
    (Restatements naming one deed's doer two ways, "Obama said Tuesday" against "the White
    House said Friday", name neither party in the other statement.)"""
    pa = {k for c in xs for k in (*c.agents, *c.patients)}
    pb = {k for c in ys for k in (*c.agents, *c.patients)}
    if not pa or not pb or any(same_party(x, y) for x in pa for y in pb):
        return False
    return any(same_party(x, y) for x in _named(list(pa), fa) for y in fb.names) or any(
        same_party(y, x) for y in _named(list(pb), fb) for x in fa.names
    )


def _main(u: Unit) -> list[Clause]:
    """The clauses at the root of a statement's parse."""
    return [c for c in u.facts.clauses if c.relation == "ROOT"]


def _two_deeds(xs: Sequence[Clause], ys: Sequence[Clause]) -> bool:
    """Two dates hang on two different deeds of their own: "became president of the medical
    association in 2002" against "founded the clinic in 1990" share only "in Alabama in"."""
    deeds_a = [c.predicate for c in xs if content_predicate(c)]
    deeds_b = [c.predicate for c in ys if content_predicate(c)]
    return bool(deeds_a and deeds_b) and not any(
        same_predicate(x, y) for x in deeds_a for y in deeds_b
    )


def _two_sayings(xs: Sequence[Clause], ys: Sequence[Clause], a: Unit, b: Unit) -> bool:
    """Two dates hang on sayings only, which are done again on other days ("announced today
    (4 November) that repairs have been completed" against "announced today (20 October)
    that they have restored services"): one saying only when both quote the same words, as
    for two statements dated apart (conflicts._redated)."""
    sayings = [c for c in (*xs, *ys) if saying(c)]
    return (
        bool(xs and ys)
        and len(sayings) == len(xs) + len(ys)
        and not quote_the_same_words(a.text, b.text)
    )


def _named(keys: Sequence[str], facts: Facts) -> list[str]:
    return [k for k in keys if k in facts.names]
