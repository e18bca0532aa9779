"""The learned pairwise decision of event merging (events/merge.py PairModel) and its features."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.config import EventConfig
from storyline.events.merge import (
    PAIR_FEATURES,
    SHIPPED_PAIR_MODEL,
    TYPED_LEMMA_COSINE,
    MentionKey,
    PairModel,
    cluster,
    compatible,
    load_pair_model,
    mention_key,
    one_sentence,
    pair_features,
    recalled,
    sentence_words,
)
from storyline.model import Actor, EventMention, Place


def _unit(*rows: list[float]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _feature(row: list[float], name: str) -> float:
    return row[PAIR_FEATURES.index(name)]


def test_the_shipped_weights_load_and_give_probabilities() -> None:
    model = SHIPPED_PAIR_MODEL
    assert model is not None, "events/data/event_pairs.npz is shipped"
    assert model.coef.shape == (len(PAIR_FEATURES),)
    assert 0.0 < model.threshold < 1.0
    a = MentionKey(group="s", lemma="shoot", document="a", sentence=1)
    b = MentionKey(group="s", lemma="shoot", document="b", sentence=2)
    c = MentionKey(group="s", lemma="resign", document="b", sentence=3)
    close = pair_features(a, b, 0.9, 1.0)
    far = pair_features(a, c, 0.2, 0.1)
    p = model.probabilities(np.array([close, far]))
    assert p[0] > model.threshold > p[1]


def test_a_model_survives_saving_and_one_of_other_features_is_not_loaded(tmp_path: Path) -> None:
    model = PairModel(np.arange(len(PAIR_FEATURES), dtype=np.float64) / 10, -1.5, 0.3)
    model.save(tmp_path / "pairs.npz")
    back = load_pair_model(tmp_path / "pairs.npz")
    assert back is not None
    assert np.allclose(back.coef, model.coef) and back.threshold == np.float32(0.3)
    np.savez(tmp_path / "old.npz", coef=np.zeros(3), intercept=np.zeros(1),
             threshold=np.ones(1), features=np.array(["a", "b", "c"]))
    assert load_pair_model(tmp_path / "old.npz") is None
    assert load_pair_model(tmp_path / "absent.npz") is None


def test_pair_features_read_the_arguments() -> None:
    a = MentionKey(group="s", lemma="meet", document="a", sentence=1, date="2025-09-02",
                   place="Beijing", participants=frozenset({"ent_putin", "ent_sharif"}))
    b = MentionKey(group="s", lemma="hold", document="b", sentence=0, date="2025-09",
                   place="Beijing", participants=frozenset({"ent_putin"}))
    c = MentionKey(group="s", lemma="hold", document="b", sentence=4, date="2024-07-03",
                   place="Astana", participants=frozenset({"ent_xi"}), recalled=True)
    row = pair_features(a, b, 0.7, 0.4)
    assert len(row) == len(PAIR_FEATURES)
    assert _feature(row, "same_date") == 1 and _feature(row, "other_date") == 0
    assert _feature(row, "same_place") == 1 and _feature(row, "shared_participant") == 1
    assert _feature(row, "lemma_cosine") == 0.4 and _feature(row, "same_lemma") == 0
    other = pair_features(a, c, 0.7, 0.4)
    assert _feature(other, "other_date") == 1 and _feature(other, "other_place") == 1
    assert _feature(other, "no_shared_participant") == 1 and _feature(other, "one_recalled") == 1
    # Nothing known on one side is neither agreement nor disagreement.
    bare = pair_features(a, MentionKey(group="s", lemma="meet"), 0.7, 1.0)
    assert _feature(bare, "same_date") == _feature(bare, "other_date") == 0
    # One PLOVER type: the predicates count as at least TYPED_LEMMA_COSINE close ("met" and
    # "held talks").
    typed = pair_features(
        MentionKey(group="s", lemma="meet", kind="CONSULT"),
        MentionKey(group="s", lemma="hold", kind="CONSULT"), 0.5, 0.1,
    )
    assert _feature(typed, "lemma_cosine") == TYPED_LEMMA_COSINE > 0.1


def test_the_pluperfect_marks_an_earlier_occasion() -> None:
    assert recalled("After their meeting in Astana, they had ")
    assert recalled("both sides had also ")
    assert not recalled("The two leaders on Tuesday ")
    assert not recalled("He said they had to ")  # an obligation, not the pluperfect
    words, names = sentence_words("Putin met Sharif in Beijing on 2 September.")
    assert {"putin", "met", "sharif", "beijing", "september"} <= words
    assert {"Putin", "Sharif", "Beijing", "2"} <= names


def test_the_learned_decision_joins_one_event_and_keeps_two_apart() -> None:
    # Three reports of one shooting and one of the arrest that followed it.
    keys = [
        MentionKey(group="s", lemma="shoot", document="a", sentence=0, lead=True),
        MentionKey(group="s", lemma="shoot", document="b", sentence=1, lead=True),
        MentionKey(group="s", lemma="fire", document="c", sentence=0, lead=True),
        MentionKey(group="s", lemma="arrest", document="c", sentence=6),
        # Another story never merges.
        MentionKey(group="t", lemma="shoot", document="d", sentence=0, lead=True),
    ]
    vectors = _unit([1, 0.1, 0], [1, 0.15, 0], [1, 0.2, 0], [0.2, 1, 0], [1, 0.1, 0])
    lemma_vectors = {
        "shoot": _unit([1, 0, 0.2])[0], "fire": _unit([1, 0, 0.3])[0],
        "arrest": _unit([0, 1, 0])[0],
    }
    labels = cluster(keys, vectors, EventConfig(), lemma_vectors)
    assert labels[0] == labels[1] == labels[2]
    assert len({labels[0], labels[3], labels[4]}) == 3
    # What rules a pair out still does: a denial is not the deed.
    denied = [keys[0], MentionKey(group="s", lemma="shoot", status="denied", document="b")]
    apart = cluster(denied, vectors[:2], EventConfig(), lemma_vectors)
    assert apart[0] != apart[1]
    # ... and so does the pluperfect between two coded mentions ("they had agreed" after an
    # earlier meeting is not "on Tuesday agreed").
    agreed = [
        MentionKey(group="s", lemma="agree", kind="AGREE", document="a", sentence=1),
        MentionKey(group="s", lemma="agree", kind="AGREE", document="a", sentence=3,
                   recalled=True),
    ]
    assert len(set(cluster(agreed, vectors[:2], EventConfig(), lemma_vectors))) == 2


def test_a_mention_key_carries_its_arguments() -> None:
    putin = Actor(text="Putin", start=0, end=5, name="Vladimir Putin", entity_id="ent_p",
                  country="RUS")
    sharif = Actor(text="the prime minister", start=0, end=5, name="the prime minister")
    text = "After their meeting in Astana, they had agreed to work closely."
    at = text.index("agreed")
    mention = EventMention(
        mention_id="m", article_id="a", sentence=3, start=100, end=100 + len(text),
        trigger_start=100 + at, trigger_end=106 + at, trigger="agree", plover="AGREE",
        cameo="030", quad_class=1, sources=(putin,), targets=(sharif,),
        place=Place(text="Astana", name="Astana", country="KAZ", feature="city"),
        date="2024-07", text=text,
    )
    key = mention_key("s", mention)
    assert key.participants == frozenset({"ent_p", "the prime minister"})
    assert key.place == "Astana" and key.date == "2024-07" and key.recalled
    assert "astana" in key.words and "Astana" in key.names


def test_only_calendar_dates_rule_a_pair_out() -> None:
    def key(date: str | None) -> MentionKey:
        return MentionKey(group="s", lemma="die", date=date)

    # Another year, or full days more than a week apart: two occasions.
    assert not compatible(key("2008-06-12"), key("2009-06-12"))
    assert not compatible(key("2008-06-01"), key("2008-06-12"))
    assert compatible(key("2008-06-10"), key("2008-06-12"))
    assert compatible(key("2008-06"), key("2008-06-12"))
    # A duration, a reference or a decade from the time tagger says nothing about when.
    for other in ("P3Y", "PRESENT_REF", "195", "P1W", None):
        assert compatible(key("2008-06-12"), key(other))
        assert compatible(key("P9D"), key(other))


def test_the_predicates_read_in_their_sentences_and_as_written_are_features() -> None:
    a = MentionKey(group="s", lemma="kill", document="a", sentence=1)
    b = MentionKey(group="s", lemma="murder", document="b", sentence=2)
    row = pair_features(a, b, 0.5, 0.4, 0.8, 0.6)
    assert _feature(row, "trigger_cosine") == 0.8 and _feature(row, "word_cosine") == 0.6
    # Without the vectors the lemmas' cosine stands for them.
    bare = pair_features(a, b, 0.5, 0.4)
    assert _feature(bare, "trigger_cosine") == _feature(bare, "word_cosine") == 0.4
    # One PLOVER type lifts all three to TYPED_LEMMA_COSINE.
    typed = pair_features(
        MentionKey(group="s", lemma="meet", kind="CONSULT"),
        MentionKey(group="s", lemma="hold", kind="CONSULT"), 0.5, 0.1, 0.2, 0.3,
    )
    assert _feature(typed, "trigger_cosine") == _feature(typed, "word_cosine") \
        == TYPED_LEMMA_COSINE


def test_one_sentence_counts_against_a_join_but_vetoes_no_group() -> None:
    # "the shooting ... killed": one event told twice in one sentence, and a third report.
    keys = [
        MentionKey(group="s", lemma="shooting", document="a", sentence=0),
        MentionKey(group="s", lemma="kill", document="a", sentence=0),
        MentionKey(group="s", lemma="shoot", document="b", sentence=0),
    ]
    assert compatible(keys[0], keys[1]) and one_sentence(keys[0], keys[1])
    assert not one_sentence(keys[0], keys[2])
    vectors = _unit([1, 0, 0], [1, 0, 0], [1, 0, 0])
    close = _unit([1, 0.05, 0], [1, 0.1, 0], [1, 0.02, 0])
    model = SHIPPED_PAIR_MODEL
    assert model is not None
    together = cluster(keys, vectors, EventConfig(), model=model, triggers=close, words=close)
    assert together[0] == together[1] == together[2]
    # Alone, the pair of one sentence stays two events (probability 0).
    pair = cluster(keys[:2], vectors[:2], EventConfig(), model=model, triggers=close[:2],
                   words=close[:2])
    assert pair[0] != pair[1]
    # The hand-set decision still reads one sentence as a veto.
    assert len(set(cluster(keys, vectors, EventConfig(), model=None))) >= 2
