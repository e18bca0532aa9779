"""Properties of the agreement checks: two figures for one count conflict, direction words oppose,
short fragments' matrix."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.facts import POLARITY
from storyline.claims.grouping import opposed
from tests.claims.helpers import (
    article,
    facts_of,
    run_story,
)


def _exact(n: int) -> bool:
    return n % 10 != 0  # "297", not a round "300" that stands for 285-315


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    x=st.integers(min_value=11, max_value=10**6).filter(_exact),
    y=st.integers(min_value=11, max_value=10**6).filter(_exact),
)
def test_one_count_told_with_two_figures_is_a_number_conflict(
    analyzer: Analyzer, embed: Embed, x: int, y: int
) -> None:
    """The same sentence in two outlets with another count of the same thing: a conflict
    exactly when the figures differ, and never one claim."""
    template = "The port of Setubal handled {:,} containers in March, the harbour authority said."
    one = article("x1", "Daily Ledger", template.format(x))
    two = article("x2", "Coast Herald", template.format(y))
    result = run_story(analyzer, embed, [one, two])
    kinds = {c.kind for c in result.conflicts}
    assert kinds == ({"number"} if x != y else set())
    assert len(result.claims) == (2 if x != y else 1)


_AXES: dict[str, dict[int, list[str]]] = {}
for _word, (_axis, _sign) in POLARITY.items():
    _AXES.setdefault(_axis, {}).setdefault(_sign, []).append(_word)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_opposite_direction_words_always_oppose(data: st.DataObject) -> None:
    axis = data.draw(st.sampled_from(sorted(_AXES)))
    plus = data.draw(st.sampled_from(_AXES[axis][1]))
    minus = data.draw(st.sampled_from(_AXES[axis][-1]))
    template = "Officials say the harbour fees {} after the council vote in Porto."
    a, b = facts_of(template.format(plus)), facts_of(template.format(minus))
    assert opposed(a, b) is not None
    assert opposed(a, facts_of(template.format(plus))) is None


_FRAGMENT_WORDS = ["the", "tax", "plan", "is", "a", "disaster", "for", "working", "families"]
_FRAGMENT_WORDS += ["traditional", "partner", "we"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_FRAGMENT_WORDS), min_size=1, max_size=9).map(" ".join),
        min_size=2,
        max_size=14,
    )
)
def test_short_fragments_matrix_is_the_pairwise_test(contents: list[str]) -> None:
    # The one-pass matrix gives, pair by pair and in both orders, what the pairwise test says.
    from storyline.claims.quotes import _short_fragment_of, _short_fragments

    fragment = _short_fragments(contents)
    for i, a in enumerate(contents):
        for j, b in enumerate(contents):
            assert fragment[i][j] == (i != j and _short_fragment_of(a, b))
