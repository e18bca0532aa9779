"""Fit the learned event-coreference decision (src/storyline/events/merge.py PairModel) on the
ECB+ train topics.

    python -m benchmarks.events_train_pairs [--cache DIR] [--out PATH] [--cv]

Examples are the pairs of ECB+ gold event mentions (ACTION_* and NEG_ACTION_* of
``ecbplus.dev.jsonl``) within one gold subtopic of a ``train`` topic (a story); the label is
whether the two share their ``instance`` (one event). Each mention is read as the events
stage reads its own: its predicate lemma (spaCy), its sentence's MiniLM vector, its words'
vector in that sentence (``embed.span_vectors``) and encoded alone, and the
arguments the coder finds for the clause of its predicate (events/coder.py Coder.arguments on
the analyze stage's own analysis of the document: who takes part, the place, the date); a
noun mention with no clause of its own has none. A logistic regression over
merge.PAIR_FEATURES is fitted on the train pairs (pairs of one sentence left out: merging
counts them as probability 0); its threshold (the mean pairwise
probability at which two groups join) is the one of THRESHOLDS with the best CoNLL F1 on the
train topics. The dev topics are never looked at here: benchmarks/events_quality.py reports
them. ``--cv`` fits nothing and prints the 4-fold cross-validation by train topic
(:func:`cv_by_topic`), the figure a change is chosen by.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.common import EVALSETS, read_jsonl, require_data
from storyline.config import EventConfig
from storyline.embed import active_encoder, shared_embedder, span_vectors
from storyline.events.coder import Coder
from storyline.events.geo import shared_gazetteer
from storyline.events.merge import (
    PAIR_FEATURES,
    PAIR_WEIGHTS,
    MentionKey,
    PairModel,
    cluster,
    compatible,
    one_sentence,
    pair_features,
    participant_keys,
    place_key,
    recalled,
    sentence_words,
)

# The regression's inverse regularisation (1 and 0.1 within 0.003 CoNLL on the train topics).
C = 1.0
# The mean pairwise probabilities tried as the join threshold (on the train topics).
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class EcbData:
    mentions: list[dict[str, Any]]
    keys: list[MentionKey]
    vectors: npt.NDArray[np.float32]
    lemma_vectors: dict[str, npt.NDArray[np.float32]]
    triggers: npt.NDArray[np.float32]  # each mention's words read in its sentence
    words: npt.NDArray[np.float32]  # each mention's words encoded alone


def ecb_mentions(cache: Path | None) -> list[dict[str, Any]]:
    """ECB+ gold event mentions with their lemma (spaCy, on their sentence) and sentence."""
    path = cache / "ecb_event_mentions.pkl" if cache else None
    if path is not None and path.exists():
        cached: list[dict[str, Any]] = pickle.loads(path.read_bytes())
        return cached
    from storyline.analyze import load_spacy

    nlp = load_spacy("en_core_web_sm")
    found: list[dict[str, Any]] = []
    sentences: list[str] = []
    for doc in read_jsonl(EVALSETS / "ecbplus.dev.jsonl"):
        texts = {s["n"]: s["text"] for s in doc["sentences"]}
        for m in doc["mentions"]:
            if not m["type"].startswith(("ACTION", "NEG_ACTION")):
                continue
            sentence = texts.get(m["sentence"], "")
            found.append({
                "doc": doc["id"], "story": doc["cluster"], "split": doc["split"],
                "instance": m["instance"], "text": m["text"], "sentence": sentence,
                "n": m["sentence"], "neg": m["type"].startswith("NEG"),
            })
            sentences.append(sentence)
    parsed = {}
    unique = list(dict.fromkeys(sentences))
    for text, doc in zip(unique, nlp.pipe(unique, batch_size=64), strict=True):
        parsed[text] = doc
    for m in found:
        doc = parsed[m["sentence"]]
        at = m["sentence"].find(m["text"])
        span = doc.char_span(at, at + len(m["text"]), alignment_mode="expand") if at >= 0 else None
        if span is not None:
            m["lemma"] = span.root.lemma_.lower()
        else:
            m["lemma"] = m["text"].split()[-1].lower() if m["text"].split() else ""
    if path is not None:
        path.write_bytes(pickle.dumps(found))
    return found


def ecb_arguments(
    mentions: list[dict[str, Any]], cache: Path | None
) -> list[tuple[frozenset[str], str | None, str | None]]:
    """(participants, place, date) of each gold mention, as the coder finds them for the
    clause whose predicate the mention holds, on the analyze stage's analysis of its document
    (analysed once and cached by events_quality.analyse)."""
    from benchmarks.events_quality import _article, analyse
    from storyline.analyze import ANALYSIS_VERSION

    # Read off the analyses: made again for another analysis version.
    path = cache / f"ecb_event_arguments_{ANALYSIS_VERSION}.pkl" if cache else None
    if path is not None and path.exists():
        cached: list[tuple[frozenset[str], str | None, str | None]] = pickle.loads(
            path.read_bytes()
        )
        if len(cached) == len(mentions):
            return cached
    docs = list(read_jsonl(EVALSETS / "ecbplus.dev.jsonl"))
    articles = [_article(d["id"], d["text"], d.get("date")) for d in docs]
    analyses, entities, _ = analyse(articles, cache, "ecb")
    coder = Coder(EventConfig(), shared_gazetteer(), None)
    starts: dict[tuple[str, int], int] = {}
    by_doc = {}
    for doc, article, analysis in zip(docs, articles, analyses, strict=True):
        at = 0
        for s in doc["sentences"]:
            found = article.text.find(s["text"], at)
            if found >= 0:
                starts[(doc["id"], s["n"])] = found
                at = found + len(s["text"])
        by_doc[doc["id"]] = (article, analysis, coder.context(article, analysis))
    out: list[tuple[frozenset[str], str | None, str | None]] = []
    for m in mentions:
        article, analysis, context = by_doc[m["doc"]]
        base = starts.get((m["doc"], m["n"]))
        offset = m["sentence"].find(m["text"]) if base is not None else -1
        if base is None or offset < 0:
            out.append((frozenset(), None, None))
            continue
        lo, hi = base + offset, base + offset + len(m["text"])
        clauses = list(analysis.clauses)
        clause = next((c for c in clauses if lo <= c.start < hi), None)
        if clause is None:
            out.append((frozenset(), None, None))
            continue
        by_start = {c.start: c for c in clauses}
        sources, targets, place, date = coder.arguments(
            article.text, clause, by_start, analysis.mentions, entities, context
        )
        out.append((participant_keys([*sources, *targets]), place_key(place), date))
    if path is not None:
        path.write_bytes(pickle.dumps(out))
    return out


def ecb_data(cache: Path | None) -> EcbData:
    """The gold mentions as merge keys, their sentence vectors and their lemmas' vectors."""
    mentions = ecb_mentions(cache)
    # One file per encoder: vectors of another encoder are never read back as this one's.
    encoder = active_encoder().replace("/", "_")
    path = cache / f"ecb_event_vectors_{encoder}.npy" if cache else None
    if path is not None and path.exists():
        vectors = np.load(path)
    else:
        vectors = shared_embedder()([m["sentence"] for m in mentions])
        if path is not None:
            np.save(path, vectors)
    triggers, written = _mention_vectors(mentions, cache, encoder)
    lemmas = sorted({m["lemma"] for m in mentions})
    lemma_vectors = dict(zip(lemmas, shared_embedder()(lemmas), strict=True))
    arguments = ecb_arguments(mentions, cache)
    keys = []
    for m, (participants, place, date) in zip(mentions, arguments, strict=True):
        words, names = sentence_words(m["sentence"])
        keys.append(MentionKey(
            group=m["story"], lemma=m["lemma"], status="denied" if m["neg"] else "happened",
            document=m["doc"], sentence=m["n"], lead=m["n"] < 5, participants=participants,
            place=place, date=date, words=words, names=names,
            recalled=recalled(m["sentence"][: max(0, m["sentence"].find(m["text"]))]),
        ))
    return EcbData(mentions, keys, vectors, lemma_vectors, triggers, written)


def _mention_vectors(
    mentions: list[dict[str, Any]], cache: Path | None, encoder: str
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Each gold mention's words read in its sentence (``embed.span_vectors``) and encoded
    alone, as the events stage reads its predicates (events/build.py)."""
    path = cache / f"ecb_mention_vectors_{encoder}.npz" if cache else None
    if path is not None and path.exists():
        kept = np.load(path)
        return kept["triggers"], kept["words"]
    spans = []
    for m in mentions:
        at = m["sentence"].find(m["text"])
        spans.append((m["sentence"], at, at + len(m["text"])) if at >= 0
                     else (m["sentence"], 0, len(m["sentence"])))
    triggers = span_vectors(spans)
    assert triggers is not None, "the sentence encoder gives no span vectors"
    words = shared_embedder()([m["text"] for m in mentions])
    if path is not None:
        np.savez(path, triggers=triggers, words=words)
    return triggers, words


def split_of(data: EcbData, split: str) -> list[int]:
    return [i for i, m in enumerate(data.mentions) if m["split"] == split]


def pairs(data: EcbData, idx: list[int]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Features and labels of the compatible mention pairs of one story, for every story."""
    groups: dict[str, list[int]] = {}
    for i in idx:
        groups.setdefault(data.keys[i].group, []).append(i)
    rows: list[list[float]] = []
    labels: list[bool] = []
    for members in groups.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = data.keys[i], data.keys[j]
                if not compatible(a, b) or one_sentence(a, b):
                    continue  # never or always apart: nothing for the model to learn
                va, vb = data.lemma_vectors[a.lemma], data.lemma_vectors[b.lemma]
                rows.append(pair_features(
                    a, b, float(data.vectors[i] @ data.vectors[j]), float(va @ vb),
                    float(data.triggers[i] @ data.triggers[j]),
                    float(data.words[i] @ data.words[j]),
                ))
                labels.append(data.mentions[i]["instance"] == data.mentions[j]["instance"])
    return np.asarray(rows, dtype=np.float64), np.asarray(labels)


def predicted(data: EcbData, idx: list[int], model: PairModel | None) -> list[int]:
    cfg = EventConfig()
    return cluster([data.keys[i] for i in idx], data.vectors[idx], cfg, data.lemma_vectors,
                   model=model, triggers=data.triggers[idx], words=data.words[idx])


def conll(data: EcbData, idx: list[int], labels: list[int]) -> dict[str, float]:
    from benchmarks.events_quality import coref_scores

    instance_ids: dict[str, int] = {}
    gold = {j: instance_ids.setdefault(data.mentions[i]["instance"], len(instance_ids))
            for j, i in enumerate(idx)}
    return coref_scores(gold, dict(enumerate(labels)))


def _regression(data: EcbData, idx: list[int], c: float) -> tuple[npt.NDArray[np.float64], float]:
    from sklearn.linear_model import LogisticRegression

    x, y = pairs(data, idx)
    regression = LogisticRegression(max_iter=5000, C=c).fit(x, y)
    return np.asarray(regression.coef_[0], dtype=np.float64), float(regression.intercept_[0])


def fit_pairs(
    data: EcbData, c: float = C, idx: list[int] | None = None
) -> tuple[PairModel, list[tuple[float, float]]]:
    """The model fitted on the train topics' pairs (or on the mentions ``idx``), its threshold
    the best of THRESHOLDS on the same mentions (CoNLL F1); with the grid it chose from."""
    idx = split_of(data, "train") if idx is None else idx
    coef, intercept = _regression(data, idx, c)
    grid = []
    for threshold in THRESHOLDS:
        model = PairModel(coef, intercept, threshold)
        grid.append((conll(data, idx, predicted(data, idx, model))["conll_f1"], threshold))
    best = max(grid, key=lambda g: (g[0], -g[1]))[1]
    return PairModel(coef, intercept, best), grid


def topic_of(story: str) -> str:
    """The ECB+ topic of a subtopic ("36_2" is topic 36's second subtopic)."""
    return story.split("_")[0]


def cv_by_topic(
    data: EcbData, folds: int = 4, seed: int = 0, c: float = C
) -> dict[float, float]:
    """Mean CoNLL F1 by threshold over ``folds`` folds of the train topics: the regression is
    fitted on the other folds' topics, each fold's topics are scored with it (no topic is
    scored by a model that saw it). How a change of features or clustering is chosen on the
    train topics without the in-sample fit flattering it; the dev topics are never read."""
    train = split_of(data, "train")
    topics = sorted({topic_of(data.keys[i].group) for i in train})
    order = [str(t) for t in np.random.RandomState(seed).permutation(topics)]
    parts = [set(order[k::folds]) for k in range(min(folds, len(order)))]
    scores: dict[float, list[float]] = {t: [] for t in THRESHOLDS}
    for held in parts:
        fitted = [i for i in train if topic_of(data.keys[i].group) not in held]
        scored = [i for i in train if topic_of(data.keys[i].group) in held]
        coef, intercept = _regression(data, fitted, c)
        for threshold in THRESHOLDS:
            labels = predicted(data, scored, PairModel(coef, intercept, threshold))
            scores[threshold].append(conll(data, scored, labels)["conll_f1"])
    return {t: round(float(np.mean(v)), 4) for t, v in scores.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=PAIR_WEIGHTS)
    parser.add_argument("--cv", action="store_true",
                        help="only print the 4-fold cross-validation by train topic (no fit)")
    args = parser.parse_args(argv)
    require_data("evalsets/ecbplus.dev.jsonl")
    data = ecb_data(args.cache)
    if args.cv:
        print("train topics, 4-fold CV by topic, CoNLL F1 by threshold:", cv_by_topic(data))
        return 0
    model, grid = fit_pairs(data)
    model.save(args.out)
    print("train topics, CoNLL F1 by threshold:", grid)
    print("chosen threshold:", model.threshold)
    print(dict(zip(PAIR_FEATURES, np.round(model.coef, 2).tolist(), strict=True)),
          "intercept", round(model.intercept, 2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
