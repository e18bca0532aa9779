"""Contradictions between two statements: the same thing told with values that cannot both hold.

Real contradictions between outlets are rare and every false alarm costs an editor's trust, so a
difference counts only between values **of the same thing**:

* two clauses with the same predicate ("arrest" / "arrested"), both asserted (no "will", "if",
  "plans to"), both negated or neither, sharing a participant ("Stone"), and neither statement
  recounting another occurrence ("last year", "a year ago") unless both do;
* a **number** only against a number counting the same thing in the same unit ("four people
  struck" and "six people injured" are two counts of two things), done by the same doer
  ("Halvorsen, who scored 14 points" is not "Reyes scored 22"), whose intervals do not meet
  ("nearly 300" and "297" meet; a round "$700 billion" and "$716 billion" meet), and that the
  other statement does not give too; a later report with a larger count is an update, not a
  contradiction;
* a **date** only against a date at a precision both give ("2010-06" and "2010-06-11" agree),
  and not a date in the days of one report against one years before the other ("endorsed Perry
  on Tuesday" against "endorsed Romney in 2008": two endorsements);
* a **place** only when neither place is inside the other, as the story's own texts write them
  ("Alexandria, Virginia") or as the gazetteer has it ("Paris" in "France"), and the other
  statement names it nowhere;
* a **participant** only between statements that would otherwise be one claim, one actor
  named nowhere in the other, and no score of either missing from the other (another play);
* an **occasion** ("the SCO summit" against "the Belt and Road Forum"; "an official visit"
  against a summit) between statements about the same meeting: similar, sharing people or
  places.
* a **day of the news** between two wordings of one deed ("appointed", "picked") whose dated
  clauses share a named party: one day against another (``_redated``).

Two statements that differ on several of these tell two occurrences ("met in Astana last year"
against "met in Beijing"), not one told wrongly; the one exception is a deed told with another
figure and another place ("gives 45 percent ... in Port Aurel" against "40 percent ... in
Kestrel City"), which is two contradictions. A copy or a restatement given another value in one
slot is read in ``claims.altered`` and ``claims.restated``. Grouping asks the same with
``reported=False``: values that differ keep two statements out of one claim also where they turn
out to be of two different things, which is no contradiction to report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.claims.altered import altered_copy
from storyline.claims.facts import (
    Facts,
    content_predicate,
    date_intervals,
    same_occasion,
    same_party,
    same_predicate,
    saying,
)
from storyline.claims.findings import (
    Finding,
    Places,
    Span,
    complementary,
    count_grew,
    counts_other_things,
    figure_elsewhere,
    fresh_reports,
    news_of_the_day,
    one_more_doer,
    other_tallies,
    recent_against_past,
    same_parties_named,
    spans_meet,
)
from storyline.claims.offices import office_holders
from storyline.claims.restated import restated_slot
from storyline.claims.units import Unit, quote_the_same_words
from storyline.config import ClaimConfig
from storyline.model import Clause, Quantity
from storyline.numbers import Amount, written_scores

# Confidence of a finding: a value of the same clause (same predicate, shared participant) is
# good evidence; statements that would otherwise be one claim are better still.
_CLAUSE_CONFIDENCE = 0.6
_PARAPHRASE_BONUS = 0.2
_SHARED_BONUS = 0.1  # two or more participants in common
_OCCASION_CONFIDENCE = 0.55
_RECOUNTED_CONFIDENCE = 0.55
_REDATED_CONFIDENCE = 0.55
# Who did it differs only between near restatements: "Rother of AARP accepted" and "AARP
# accepted" name one actor two ways; below this score a different actor is a different deed.
_PARTICIPANT_MIN_SCORE = 0.6


def _show_span(span: Span) -> str:
    first, last = span
    if first == last:
        return first.isoformat()
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        # a year, or a season of two ("1982/1983")
        return str(first.year) if first.year == last.year else f"{first.year}/{last.year}"
    if first.day == 1 and first.replace(day=28) <= last and last.month == first.month:
        return first.strftime("%Y-%m")
    return f"{first.isoformat()}/{last.isoformat()}"


def _quantity_label(q: Quantity) -> str:
    return " ".join(w for w in (q.unit if q.unit not in ("", "%") else "", q.counted) if w)


def _alone(quantities: Sequence[Quantity], like: Quantity) -> Quantity | None:
    """The one quantity of a clause counting what ``like`` counts; None when there are more."""
    same = [q for q in quantities if q.unit == like.unit and q.counted == like.counted]
    return same[0] if len(same) == 1 else None


def _states_figure(facts: Facts, q: Quantity) -> bool:
    """The statement gives a figure within the interval ``q`` allows, wherever it hangs."""
    return any(
        m.kind == "number" and m.low <= q.high and q.low <= m.high for m in facts.marked
    )


def _clause_findings(
    ca: Clause, cb: Clause, a: Unit, b: Unit, places: Places, reported: bool
) -> list[Finding]:
    """Values of two clauses of one deed that cannot both hold: one value against one. With
    ``reported``, not a figure the other statement gives too, nor a place it names."""
    found: list[Finding] = []
    for qa in ca.quantities:
        if not (qa.unit or qa.counted) or _alone(ca.quantities, qa) is None:
            continue
        qb = _alone(cb.quantities, qa)
        if qb is None or (qa.low <= qb.high and qb.low <= qa.high):
            continue
        at_a, at_b = (qa.start - a.start, qa.end - a.start), (qb.start - b.start, qb.end - b.start)
        if count_grew(qa.low, qa.high, qb.low, qb.high, a, b, at_a, at_b):
            continue
        if counts_other_things(a, at_a, b, at_b):
            continue  # "five-time All-Star" against "four-time All-Defensive", both "time"
        if reported and (figure_elsewhere(a, at_a, b) or figure_elsewhere(b, at_b, a)):
            # The other statement gives this figure too ("404 yards and two touchdowns, ...
            # and three touchdowns on punt runbacks" against "scoring two touchdowns on the
            # ground"): its other figure counts another part of it.
            continue
        if complementary(
            Amount(qa.low, qa.high, qa.unit),
            a.text,
            at_a,
            Amount(qb.low, qb.high, qb.unit),
            b.text,
            at_b,
        ):
            continue  # the same odds from the other side: "holding" against "losing"
        if _states_figure(a.facts, qb) and _states_figure(b.facts, qa):
            # Both statements give both figures ("Romney 21 percent, Trump 17"): the parse hung
            # them on other words, the statements agree.
            continue
        what = _quantity_label(qa)
        about = f"{what}, {ca.predicate}" if what else ca.predicate
        found.append(Finding("number", f"{qa.text!r} against {qb.text!r}", 0.0, about))
    da, db = date_intervals(ca), date_intervals(cb)
    if (
        len(da) == 1
        and len(db) == 1
        and not spans_meet(da[0], db[0])
        and not fresh_reports(da[0], db[0], a, b)
        and not recent_against_past(da[0], db[0], a, b)
    ):
        detail = f"{_show_span(da[0])} against {_show_span(db[0])}"
        found.append(Finding("date", detail, 0.0, ca.predicate))
    if (
        ca.places
        and cb.places
        and not any(places.related(x, y) for x in ca.places for y in cb.places)
        and not (
            reported
            and (_names_a_place(a, cb.places, places) or _names_a_place(b, ca.places, places))
        )
    ):
        shown_a = ", ".join(a.facts.names.get(p, p) for p in ca.places)
        shown_b = ", ".join(b.facts.names.get(p, p) for p in cb.places)
        found.append(Finding("place", f"{shown_a} against {shown_b}", 0.0, ca.predicate))
    return found


def _names_a_place(u: Unit, where: Sequence[str], places: Places) -> bool:
    """The statement names one of the places ``where`` (or a place in or around one) anywhere,
    in whatever role: "After she left a rehab facility in Newport Beach, Lohan checked into
    the Betty Ford Center in Rancho Mirage" knows of Newport Beach, and does not put there
    what another report does."""
    named = {*u.facts.places, *(m.key for m in u.facts.marked if m.kind == "place" and m.key)}
    return any(places.related(x, y) for x in where for y in named)


# A relative pronoun right before a clause's words: the clause's doer is the name before it
# ("Garrard, who completed 28 passes").
_RELATIVE = re.compile(r"(?:,\s*)?\b(?:who|that)\s+(?:[a-z]+\s+){0,2}$")
# How a clause without a doer of its own hangs on one that has one, and does its deed: "by
# scoring", "to give", "and adding".
_SAME_DOER = frozenset({"pcomp", "advcl", "xcomp", "conj"})


def _doers(clause: Clause, u: Unit, depth: int = 0) -> tuple[str, ...]:
    """Who does the clause's deed: its own agents; else, for a clause hung on another to tell
    what the same doer did ("Artino complemented Echenique by scoring 14 points"), that one's;
    for a relative clause, the person named right before it ("Garrard, who completed 28
    passes").

    The analysis already gives an xcomp, conj or advcl clause its governor's agents
    (``analyze.clauses._arguments``); it gives none to "by scoring" (pcomp) or "who
    completed" (relcl), nor to what hangs on those. Those belong there, with an analysis
    version; read here, they change what the claims report and nothing else."""
    if clause.agents or depth > 3:
        return clause.agents
    if clause.relation == "relcl":
        before = u.text[: clause.start - u.start]
        found = _RELATIVE.search(before)
        if found is None:
            return ()
        named = before[: found.start()].rstrip()
        return tuple(key for key, written in u.facts.names.items() if named.endswith(written))
    if clause.relation in _SAME_DOER and clause.governor is not None:
        for c in u.facts.clauses:
            if c.start == clause.governor:
                return _doers(c, u, depth + 1)
    return ()


def _other_scores(a: Unit, b: Unit) -> bool:
    """Each statement writes a score the other does not ("to give the Colts a 31-24 lead"
    against "to give the Jaguars a 24-14 lead"): another actor is another play, not one done
    by someone else. Other figures do not tell this: outlets add figures of their own to one
    deed ("pleaded guilty ... that he spent $750,000")."""
    xs, ys = written_scores(a.text), written_scores(b.text)
    return bool(xs - ys) and bool(ys - xs)


def _complements(c: Clause, facts: Facts) -> set[str]:
    """The deeds a clause's predicate is said of ("helped guide the team": guide)."""
    return {x.predicate for x in facts.clauses if x.governor == c.start and x.relation == "xcomp"}


def _other_complements(ca: Clause, fa: Facts, cb: Clause, fb: Facts) -> bool:
    """One predicate said of other deeds: "helped guide the team to a record of 51-31" and
    "helped rally the team from a 4-17 start" tell two deeds, whatever date each gives."""
    xs, ys = _complements(ca, fa), _complements(cb, fb)
    return bool(xs and ys) and not any(same_predicate(x, y) for x in xs for y in ys)


def _show_places(facts: Facts) -> str:
    return ", ".join(sorted(facts.names.get(p, p) for p in facts.places))


def _writes(text: str, name: str) -> bool:
    """The text writes the name as a word of its own ("Reyes", not the "Lee" of "Leeds")."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _participant(
    ca: Clause, cb: Clause, ua: Unit, ub: Unit, reported: bool
) -> Finding | None:
    """The same deed done to the same party by another person. With ``reported``, one named
    nowhere in the other statement in any role (the small model tags a team a person in one
    text and an organisation in the other)."""
    a, b = ua.facts, ub.facts
    if not ca.patients or not same_parties_named(ca.patients, cb.patients):
        return None
    named_a = [x for x in ca.agents if x in a.people]
    named_b = [x for x in cb.agents if x in b.people]
    if not named_a or not named_b:
        return None
    # Another actor must be absent from the other statement: "signed by Halvorsen and Reyes"
    # and "Halvorsen signed it with Reyes" name the same two people in other roles.
    named_in_b, named_in_a = (b.names, a.names) if reported else (b.people, a.people)
    if any(same_party(x, y) for x in named_a for y in named_in_b) or any(
        same_party(y, x) for y in named_b for x in named_in_a
    ):
        return None
    if reported and (
        any(_writes(ub.text, a.names[x]) for x in named_a)
        or any(_writes(ua.text, b.names[y]) for y in named_b)
    ):
        return None  # written in the other too, where the parse found no name
    if any(same_party(x, y) for x in named_a for y in named_b):
        return None
    shown_a = ", ".join(a.names[x] for x in named_a)
    shown_b = ", ".join(b.names[x] for x in named_b)
    if any(
        one_more_doer(u.text, m.end)
        for u, named in ((ua, named_a), (ub, named_b))
        for m in u.facts.marked
        if m.kind == "person" and m.key in named
    ):
        return None
    return Finding("participant", f"{shown_a} against {shown_b}", 0.0, ca.predicate)


# -- statements that state one fact --------------------------------------------------------------


def contradictions(
    a: Unit, b: Unit, score: float, cfg: ClaimConfig, places: Places, reported: bool = True
) -> list[Finding]:
    """How two statements of different articles contradict each other (none: they do not).

    Both must be about the same thing as wholes (score at least ``conflict_min_score``): a
    clause in common ("asked Clinton") between statements about two different occasions is
    no evidence that either is wrong.

    ``reported`` False asks what keeps two statements out of one claim: the values that differ,
    also where they turn out to be of two different things (another doer's figure, a figure of
    a part the other gives too, a place the other names, another play's actor), which are two
    facts, neither one claim nor a contradiction an editor is shown.
    """
    if a.article.article_id == b.article.article_id:
        return []
    copied = altered_copy(a, b, places)
    if copied:
        return copied
    if score < cfg.conflict_min_score:
        return []
    held = office_holders(a, b)
    if held:
        return held  # another holder of one office, whatever else differs
    fa, fb = a.facts, b.facts
    if fa.other_time != fb.other_time:
        return []
    paraphrase = score >= cfg.paraphrase_min_score
    found: list[Finding] = []
    other_times = False  # some clause of one is dated otherwise than its match in the other
    for ca in fa.clauses:
        if not content_predicate(ca):
            continue
        for cb in fb.clauses:
            if not content_predicate(cb) or not same_predicate(ca.predicate, cb.predicate):
                continue
            if ca.modal != cb.modal or ca.negated != cb.negated:
                continue
            if _other_complements(ca, fa, cb, fb):
                continue
            shared = [
                x
                for x in (*ca.agents, *ca.patients)
                if any(same_party(x, y) for y in (*cb.agents, *cb.patients))
            ]
            if not shared:
                continue
            other_times |= bool(ca.dates and cb.dates and set(ca.dates) != set(cb.dates))
            # A value only contradicts a value of statements that would otherwise be one claim
            # ("met on Sunday" and "met on Thursday" in two different sentences are most often
            # two meetings), about the same parties: "the couple earned $141 million" and
            # "Mr. Clinton earned $20 million" count two different earnings.
            doers_a, doers_b = (
                (_doers(ca, a), _doers(cb, b)) if reported else (ca.agents, cb.agents)
            )
            same_parties = same_parties_named(
                [x for x in doers_a if x in fa.names], [y for y in doers_b if y in fb.names]
            ) and same_parties_named(
                [x for x in ca.patients if x in fa.names],
                [y for y in cb.patients if y in fb.names],
            )
            findings = (
                _clause_findings(ca, cb, a, b, places, reported)
                if paraphrase and same_parties
                else []
            )
            if score >= _PARTICIPANT_MIN_SCORE:
                participant = _participant(ca, cb, a, b, reported)
                if participant is not None:
                    findings.append(participant)
            confidence = (
                _CLAUSE_CONFIDENCE
                + (_PARAPHRASE_BONUS if paraphrase else 0.0)
                + (_SHARED_BONUS if len(set(shared)) >= 2 else 0.0)
            )
            found.extend(Finding(f.kind, f.detail, round(confidence, 2), f.about) for f in findings)
    if not found and paraphrase:
        found = restated_slot(a, b, places)
    if reported and _other_scores(a, b):
        found = [f for f in found if f.kind != "participant"]
    kinds = {f.kind for f in found}
    if kinds and kinds <= {"number", "date"} and other_tallies(a, b):
        # Two tallies, each with its own figures and date ("in 2000-01 ... a record of 56-26"
        # against "in 2006-07 ... a 35-47 record"): two seasons, games or raids.
        return []
    if (
        kinds == {"number"}
        and fa.places
        and fb.places
        and not any(places.related(x, y) for x in fa.places for y in fb.places)
    ):
        # One deed told with another figure is one deed: where each statement puts it is
        # compared too, though the parse hung the place on another of its words.
        shown = f"{_show_places(fa)} against {_show_places(fb)}"
        found.append(Finding("place", shown, max(f.confidence for f in found)))
        kinds.add("place")
    if len(kinds) > 1 and kinds != {"number", "place"}:
        return []  # another date and place: another occurrence, not a wrong one
    if other_times and "date" not in kinds:
        # Other times ("from 2007 to 2014" against "between 2011 and 2014"): another figure or
        # place belongs to another occurrence.
        return []
    by_kind: dict[str, Finding] = {}
    for f in sorted(found, key=lambda f: -f.confidence):
        by_kind.setdefault(f.kind, f)
    if not by_kind and not other_times:
        for finding in (
            _occasion(a, b, score, cfg),
            _recounted_date(a, b, score, cfg),
            _redated(a, b, score, cfg),
        ):
            if finding is not None:
                by_kind.setdefault(finding.kind, finding)
    return list(by_kind.values())


def dated_apart(a: Unit, b: Unit) -> bool:
    """One deed ("endorse") told by one report as the day's news and by the other as done
    years before: two occurrences (:func:`~storyline.claims.findings.recent_against_past`),
    neither one claim nor a contradiction."""
    for ca in a.facts.clauses:
        da = date_intervals(ca)
        if len(da) != 1 or not content_predicate(ca):
            continue
        for cb in b.facts.clauses:
            if not same_predicate(ca.predicate, cb.predicate):
                continue
            db = date_intervals(cb)
            if len(db) == 1 and recent_against_past(da[0], db[0], a, b):
                return True
    return False


def _one_span(u: Unit) -> Span | None:
    spans = {span for c in u.facts.clauses for span in date_intervals(c)}
    return next(iter(spans)) if len(spans) == 1 else None


def _recounted_date(a: Unit, b: Unit, score: float, cfg: ClaimConfig) -> Finding | None:
    """Two restatements of one earlier occurrence that date it differently: "met in September
    last year at the summit in Astana" against "their last meeting in Astana in 2024". Only
    between statements that both recount an earlier time, would otherwise be one claim, put it
    in the same place, and each give one date."""
    if score < cfg.paraphrase_min_score or not (a.facts.other_time and b.facts.other_time):
        return None
    if not a.facts.places & b.facts.places:
        return None
    da, db = _one_span(a), _one_span(b)
    if da is None or db is None or spans_meet(da, db) or fresh_reports(da, db, a, b):
        return None
    return Finding("date", f"{_show_span(da)} against {_show_span(db)}", _RECOUNTED_CONFIDENCE)


def _redated(a: Unit, b: Unit, score: float, cfg: ClaimConfig) -> Finding | None:
    """Two statements of one fact in their own words that date it differently: "Gov. Patrick
    on Wednesday appointed Cowan" against "Patrick on Saturday picked a former chief of staff".
    Their deeds are worded apart ("appoint", "pick"), so no clause matches another (rule 2);
    what makes them one deed is that they would otherwise be one claim and their dated clauses
    share a named party and name no other. Only when each gives one day of its report's news
    the other does not (other dates are not compared: "until a special election in June" in
    one of them), and not when one report dates it after the other was published (two
    occurrences)."""
    if score < cfg.paraphrase_min_score:
        return None
    spans_a = {span for c in a.facts.clauses for span in date_intervals(c)}
    spans_b = {span for c in b.facts.clauses for span in date_intervals(c)}
    # Days of the news only: deeds recounted from years back recur (a season's record, a
    # career's firsts: "In 2000-01, Cheeks helped guide the 76ers" against "In 2006-07, Cheeks
    # helped rally the Sixers"; ECB+ through the pipeline, 19 such conflicts, none true). A
    # date only one statement gives that is no day of the news ("until a special election in
    # June") dates something else and leaves the day compared.
    only_a = [
        x
        for x in spans_a
        if news_of_the_day(x, a) and not any(spans_meet(x, y) for y in spans_b)
    ]
    only_b = [
        y
        for y in spans_b
        if news_of_the_day(y, b) and not any(spans_meet(x, y) for x in spans_a)
    ]
    if len(only_a) != 1 or len(only_b) != 1:
        return None
    (da,), (db,) = only_a, only_b
    if _own_person(a, b) and _own_person(b, a):
        return None  # each names someone the other does not: two deeds ("re-signed Wynn on
        # Tuesday" against "placed Thomas on injured reserve Wednesday", ECB+)
    if fresh_reports(da, db, a, b):
        return None
    # The dates must be the same deed's: the clauses they hang on share a named party ("Patrick
    # picked", "Patrick appointed"). Over the BASIL stories, similar statements that only
    # name the same party somewhere date two deeds ("Cohen pleaded guilty in November" against
    # "after he pleaded guilty in August"; "the Senate voted Wednesday" against a date of the
    # attacks the bill is about): 24 such conflicts, none true. A named party (who speaks
    # too: "Farenthold said in a statement Monday"), not a noun ("report", "official").
    named_a = {*a.facts.names, *a.speakers}
    named_b = {*b.facts.names, *b.speakers}
    dated_a = [c for c in a.facts.clauses if da in date_intervals(c)]
    dated_b = [c for c in b.facts.clauses if db in date_intervals(c)]
    if _dates_another_deed(a, dated_b, b) or _dates_another_deed(b, dated_a, a):
        # "appeared unreceptive this weekend, when he grabbed the student" against "issued an
        # apology on Monday for grabbing a young man": the second tells the grabbing without
        # a day and dates the apology, a deed the first does not tell.
        return None
    deeds = [
        (ca, cb)
        for ca in dated_a
        for cb in dated_b
        if any(
            same_party(x, y)
            for x in (*ca.agents, *ca.patients)
            if x in named_a
            for y in (*cb.agents, *cb.patients)
            if y in named_b
        )
        # and no other party named in a role ("the Saints placed Thomas on injured reserve
        # Wednesday" against "on Tuesday, the Saints re-signed Wynn")
        and same_parties_named(
            [x for x in ca.agents if x in named_a], [y for y in cb.agents if y in named_b]
        )
        and same_parties_named(
            [x for x in ca.patients if x in named_a], [y for y in cb.patients if y in named_b]
        )
    ]
    # Saying is done again on other days ("In January, Trump asserted he had the right to
    # declare a national emergency" against "Trump said Friday he is declaring" one, BASIL):
    # two dated sayings are one only when they quote the same words.
    if not any(
        not (saying(ca) or saying(cb)) or quote_the_same_words(a.text, b.text)
        for ca, cb in deeds
    ):
        return None
    return Finding("date", f"{_show_span(da)} against {_show_span(db)}", _REDATED_CONFIDENCE)


# How a deed hangs on another as what that deed is about: "an apology for *grabbing*", "called
# for him to *cancel*", "said that he *grabbed*" (not "announced Friday, *after* two aides were
# charged": when, not what).
_ABOUT_RELATIONS = frozenset({"pcomp", "xcomp", "ccomp"})


def _dates_another_deed(first: Unit, dated: Sequence[Clause], other: Unit) -> bool:
    """``other`` dates (on its clauses ``dated``) only deeds ``first`` does not tell, and one of
    ``first``'s deeds, undated, is what a dated deed of ``other`` is about: ``other`` dates a
    response to it ("issued an apology on Monday for grabbing a young man" against "appeared
    unreceptive this weekend, when he grabbed the student"). Only a deed ``first`` tells as
    done counts: "pressured Trump on Monday to consider cancelling" does not tell a
    cancelling, so "called Friday for Trump to cancel" may be the same pressing."""
    told = [c.predicate for c in first.facts.clauses if content_predicate(c) and not c.modal]
    own = [c for c in dated if content_predicate(c)]
    if not own or any(same_predicate(c.predicate, p) for c in own for p in told):
        return False
    starts = {c.start for c in own}
    return any(
        c.relation in _ABOUT_RELATIONS
        and c.governor in starts
        and not c.dates
        and any(same_predicate(c.predicate, p) for p in told)
        for c in other.facts.clauses
    )


def _own_person(a: Unit, b: Unit) -> bool:
    return any(not any(same_party(x, y) for y in b.facts.people) for x in a.facts.people)


def _occasion(a: Unit, b: Unit, score: float, cfg: ClaimConfig) -> Finding | None:
    """Two statements about one meeting that name different occasions for it."""
    fa, fb = a.facts, b.facts
    if not fa.occasions or not fb.occasions or same_occasion(fa, fb):
        return None
    if score < cfg.conflict_min_score:
        return None
    shared = fa.people & fb.people or fa.places & fb.places or fa.predicates & fb.predicates
    if not shared and score < cfg.paraphrase_min_score:
        return None  # statements that would otherwise be one claim need no shared name
    shown_a = "; ".join(repr(w) for w, _ in fa.occasions)
    shown_b = "; ".join(repr(w) for w, _ in fb.occasions)
    bonus = _PARAPHRASE_BONUS if score >= cfg.paraphrase_min_score else 0.0
    confidence = _OCCASION_CONFIDENCE + bonus
    return Finding("occasion", f"{shown_a} against {shown_b}", round(confidence, 2))
