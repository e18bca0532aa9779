"""Quality and speed of the events stage.

    python -m benchmarks.events_quality [--cache DIR] [--speed-articles N] [--no-speed]

* **PLOVER type and country pair** on ``plover-gsr.dev.jsonl``: the shipped procedure
  (benchmarks/events_train_types.py: C chosen by CV on the tune half, model fitted on the tune
  half) scored on both halves, split by a hash of the record id (:func:`half`): the lexicon,
  the configuration and the model were written or fitted looking at half "tune" only, so half
  "test" is the figure that carries over; and the same procedure by 10-fold cross-validation
  over all records (each record coded by the whole coder with a model fitted on the other
  folds). Every record holds one event, so the decision is forced (the coder's first
  mention, else the fold model on the main clause). Also reported: the decision before it (the
  lexicon, else the nearest prototype). Pair accuracy: the first
  source's and the first target's ISO-3 are among the gold source and target codes (an empty
  side must be empty in both).
* **CAMEO logic** on ``petrarch-unittest.jsonl``: a record with expected events is right when
  one of our mentions (happened, or announced: PETRARCH codes "will meet" as a meeting) has the
  expected CAMEO root (and, stricter, the code); a "noevents" record is right when we code
  nothing but denials and questions. Several records expect codes of PETRARCH's own test
  dictionaries (901-903, 345), which no CAMEO coder gives. Its actors are fictional
  countries (Arnor, Gondor) defined by PETRARCH's own dictionaries, so actors are not scored.
* **Event coreference** on the ECB+ gold event mentions of ``ecbplus.dev.jsonl`` (ACTION_* and
  NEG_ACTION_* mentions, ``instance`` = the event): :func:`storyline.events.merge.cluster` within
  each gold subtopic (a story) against the same-lemma-within-story baseline, MUC, B-cubed,
  CEAF-e and CoNLL F1 (their mean), with the hand-set similarity thresholds it replaced. The
  pairwise model and its threshold were fitted and chosen on the ``train`` topics
  (benchmarks/events_train_pairs.py); the figure is the ``dev`` topics'.
* **Speed**: the events stage (coding, embedding, merging) against the analyze stage on the same
  articles (ECB+ then BASIL, 1,000 by default), both timed in this run.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import EVALSETS, read_jsonl, require_data, write_result
from storyline.analyze import ANALYSIS_VERSION, make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.embed import shared_embedder
from storyline.events.coder import Coder
from storyline.events.geo import shared_gazetteer
from storyline.events.learned import TypeModel
from storyline.events.merge import SHIPPED_PAIR_MODEL
from storyline.events.ontology import PLOVER_TYPES
from storyline.model import Analysis, Article, Entity, EventMention

# Pinned floors: the figures measured on this branch (docs/events.md), a little under (type:
# the 10-fold cross-validated accuracy over all dev records, 0.782 in rules revision 8, 0.754
# before; CoNLL: the learned pairwise decision on the ECB+ dev topics, 0.770 in revision 8, 0.731
# before). The targets are 0.85 type accuracy and 0.80 CoNLL F1: both missed.
FLOOR_TYPE_ACCURACY = 0.76
FLOOR_CONLL_F1 = 0.75


def half(record_id: str) -> str:
    """The half a plover-gsr record belongs to: "tune" (looked at) or "test" (not)."""
    return "tune" if int(hashlib.sha256(record_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def _article(key: str, text: str, date: str | None) -> Article:
    published = None
    if date:
        digits = date.replace("-", "")[:8]
        try:
            published = datetime.strptime(digits, "%Y%m%d")
        except ValueError:
            published = None
    return Article(article_id=key, report_id=key, origin=key, kind="text", text=text,
                   published=published)


def analyse(
    articles: Sequence[Article], cache: Path | None, name: str
) -> tuple[list[Analysis], dict[str, Entity], float]:
    """Analyses of the articles (from the cache when it holds them) and the analyze time."""
    # The analysis version is in the key: analyses made by older rules are made again.
    digest = hashlib.sha256(
        (ANALYSIS_VERSION + "".join(a.article_id + a.text for a in articles)).encode()
    )
    path = cache / f"an_{name}_{digest.hexdigest()[:10]}.pkl" if cache else None
    if path is not None and path.exists():
        analyses, seconds = pickle.loads(path.read_bytes())
    else:
        analyzer = make_analyzer(AnalyzeConfig())
        start = time.perf_counter()
        analyses = analyzer(articles)
        seconds = time.perf_counter() - start
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps((analyses, seconds)))
    resolved, entities = resolve_entities(analyses)
    return resolved, {e.entity_id: e for e in entities}, seconds


# -- PLOVER -----------------------------------------------------------------------------------


def _first_codes(mention: EventMention | None) -> tuple[str | None, str | None]:
    if mention is None:
        return None, None
    src = next((a.country for a in mention.sources if a.country), None)
    tgt = next((a.country for a in mention.targets if a.country), None)
    return src, tgt


def _pair_right(pred: tuple[str | None, str | None], record: dict[str, Any]) -> bool:
    gold_src = {a.get("code") for a in record["source"] if a.get("code")}
    gold_tgt = {a.get("code") for a in record["target"] if a.get("code")}
    src_ok = pred[0] in gold_src if gold_src else pred[0] is None
    tgt_ok = pred[1] in gold_tgt if gold_tgt else pred[1] is None
    return src_ok and tgt_ok


def plover(cache: Path | None, folds: int = 10) -> dict[str, Any]:
    from sklearn.model_selection import KFold

    from benchmarks.events_train_types import examples, fit_on

    records = list(read_jsonl(EVALSETS / "plover-gsr.dev.jsonl"))
    articles = [_article(f"gsr_{i}", r["text"], r.get("date")) for i, r in enumerate(records)]
    analyses, entities, _ = analyse(articles, cache, "plover")
    embed = shared_embedder()
    cfg = EventConfig()
    found = examples(records, articles, analyses, entities, cache)
    halves = [half(r["id"]) for r in records]
    gold = found.gold
    lexicon: list[str | None] = found.votes

    # k-fold cross-validation: each record is coded by the whole coder (lexicon, prototypes'
    # gate, learned decision) with a model fitted on the other folds only. A record the
    # coder leaves uncoded gets the fold model's type for its main clause (every record holds
    # one event, so the decision is forced).
    learned: list[str | None] = [None] * len(records)
    mains: list[EventMention | None] = [None] * len(records)

    def code(model: TypeModel, idx: Sequence[int], into: list[str | None]) -> None:
        coder = Coder(cfg, shared_gazetteer(), embed, types=model)
        for i in idx:
            mentions = coder.code(articles[i], analyses[i], entities)
            mains[i] = mentions[0] if mentions else None
            if mentions:
                into[i] = mentions[0].plover
            else:
                into[i] = model.decide(found.x[i : i + 1])[0][0]

    splitter = KFold(folds, shuffle=True, random_state=0)
    for train, test in splitter.split(found.x):
        code(fit_on(found, list(train))[0], list(test), learned)
    cv_mains = list(mains)
    # The shipped procedure (benchmarks/events_train_types.py): C chosen and the model fitted
    # on the tune half only; the test half is scored with it, never having been looked at.
    shipped_model, shipped_c = fit_on(found, [i for i, h in enumerate(halves) if h == "tune"])
    held: list[str | None] = [None] * len(records)
    code(shipped_model, range(len(records)), held)
    held_mains = list(mains)
    # The coder as it was before the learned decision: the lexicon, else the nearest prototype.
    prototypes = Coder(cfg, shared_gazetteer(), embed).prototypes
    assert prototypes is not None
    nearest = [PLOVER_TYPES[int(np.argmax(row))]
               for row in prototypes.scores(embed([r["text"] for r in records]))]
    old = [lex or near for lex, near in zip(lexicon, nearest, strict=True)]

    def accuracy(pred: Sequence[str | None], idx: Sequence[int]) -> float:
        return round(sum(pred[i] == gold[i] for i in idx) / max(1, len(idx)), 3)

    everyone = list(range(len(records)))
    tune = [i for i, h in enumerate(halves) if h == "tune"]
    test = [i for i, h in enumerate(halves) if h == "test"]
    result: dict[str, Any] = {"records": len(records), "folds": folds, "tune_half_c": shipped_c}
    for name, idx in (("all", everyone), ("tune", tune), ("test", test)):
        covered = [i for i in idx if lexicon[i] is not None]
        pairs = [_pair_right(_first_codes(cv_mains[i]), records[i]) for i in idx]
        held_pairs = [_pair_right(_first_codes(held_mains[i]), records[i]) for i in idx]
        result[name] = {
            "records": len(idx),
            "type_accuracy_cv": accuracy(learned, idx),
            "type_accuracy_tune_half_model": accuracy(held, idx),
            "country_pair_accuracy_tune_half_model": round(
                sum(held_pairs) / max(1, len(held_pairs)), 3
            ),
            "type_accuracy_lexicon_then_nearest": accuracy(old, idx),
            "lexicon_coverage": round(len(covered) / max(1, len(idx)), 3),
            "lexicon_precision": accuracy(lexicon, covered),
            "country_pair_accuracy": round(sum(pairs) / max(1, len(pairs)), 3),
        }
    confusion = Counter((gold[i], learned[i]) for i in everyone if gold[i] != learned[i])
    result["cv_confusions"] = [f"{g}->{p}: {n}" for (g, p), n in confusion.most_common(12)]
    return result


# -- PETRARCH ---------------------------------------------------------------------------------


def petrarch(cache: Path | None) -> dict[str, Any]:
    records = list(read_jsonl(EVALSETS / "petrarch-unittest.jsonl"))
    articles = [_article(f"pet_{i}", r["text"], r.get("date")) for i, r in enumerate(records)]
    analyses, entities, _ = analyse(articles, cache, "petrarch")
    coder = Coder(EventConfig(), shared_gazetteer(), shared_embedder())
    by_category: dict[str, list[int]] = defaultdict(list)
    root_right = code_right = 0
    for record, article, analysis in zip(records, articles, analyses, strict=True):
        if record.get("error"):
            continue
        # PETRARCH codes what a sentence says was done or will be done (its modality rules
        # drop negation only), so announced deeds count here; denials and questions do not.
        happened = [
            m for m in coder.code(article, analysis, entities)
            if m.status in ("happened", "future", "hypothetical")
        ]
        expected = [e for e in record.get("expected") or [] if e.get("event")]
        if record.get("noevents") or not expected:
            ok = not happened
            root_ok = code_ok = ok
        else:
            roots = {str(e["event"])[:2] for e in expected}
            codes = {str(e["event"]) for e in expected}
            root_ok = any(m.cameo[:2] in roots for m in happened)
            code_ok = any(m.cameo in codes for m in happened)
        root_right += root_ok
        code_right += code_ok
        by_category[record.get("category", "?")].append(int(root_ok))
    scored = sum(len(v) for v in by_category.values())
    return {
        "records": scored,
        "cameo_root_accuracy": round(root_right / max(1, scored), 3),
        "cameo_code_accuracy": round(code_right / max(1, scored), 3),
        "root_accuracy_by_category": {
            k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_category.items())
        },
    }


# -- ECB+ event coreference -------------------------------------------------------------------


def _muc(gold: dict[int, int], pred: dict[int, int]) -> tuple[float, float]:
    def side(key: dict[int, int], other: dict[int, int]) -> float:
        clusters: dict[int, list[int]] = defaultdict(list)
        for m, c in key.items():
            clusters[c].append(m)
        num = den = 0
        for members in clusters.values():
            parts = {other[m] for m in members}
            num += len(members) - len(parts)
            den += len(members) - 1
        return num / den if den else 0.0

    return side(gold, pred), side(pred, gold)


def _b3(gold: dict[int, int], pred: dict[int, int]) -> tuple[float, float]:
    gsets: dict[int, set[int]] = defaultdict(set)
    psets: dict[int, set[int]] = defaultdict(set)
    for m, c in gold.items():
        gsets[c].add(m)
    for m, c in pred.items():
        psets[c].add(m)
    p = sum(len(psets[pred[m]] & gsets[gold[m]]) / len(psets[pred[m]]) for m in gold)
    r = sum(len(psets[pred[m]] & gsets[gold[m]]) / len(gsets[gold[m]]) for m in gold)
    return p / len(gold), r / len(gold)


def _ceafe(gold: dict[int, int], pred: dict[int, int]) -> tuple[float, float]:
    from scipy.optimize import linear_sum_assignment

    gsets: dict[int, set[int]] = defaultdict(set)
    psets: dict[int, set[int]] = defaultdict(set)
    for m, c in gold.items():
        gsets[c].add(m)
    for m, c in pred.items():
        psets[c].add(m)
    g, p = list(gsets.values()), list(psets.values())
    sim = np.zeros((len(g), len(p)))
    for i, a in enumerate(g):
        for j, b in enumerate(p):
            inter = len(a & b)
            if inter:
                sim[i, j] = 2 * inter / (len(a) + len(b))
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return total / len(p), total / len(g)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def coref_scores(gold: dict[int, int], pred: dict[int, int]) -> dict[str, float]:
    muc, b3, ceafe = _muc(gold, pred), _b3(gold, pred), _ceafe(gold, pred)
    out = {
        "muc_f1": _f1(*muc),
        "b3_p": b3[0],
        "b3_r": b3[1],
        "b3_f1": _f1(*b3),
        "ceafe_f1": _f1(*ceafe),
    }
    out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return {k: round(float(v), 3) for k, v in out.items()}


def ecb(cache: Path | None) -> dict[str, Any]:
    """Dev-topic (and train-topic) scores of the shipped pairwise decision, of the
    hand-set similarity thresholds it replaced (used without its weights) and of the
    same-lemma baseline, all in this run."""
    from benchmarks.events_train_pairs import conll, ecb_data, predicted, split_of

    data = ecb_data(cache)

    def baseline(idx: list[int]) -> list[int]:
        labels: dict[tuple[str, str], int] = {}
        return [labels.setdefault((data.keys[i].group, data.keys[i].lemma), len(labels))
                for i in idx]

    out: dict[str, Any] = {
        "mentions": {s: len(split_of(data, s)) for s in ("train", "dev")},
        "threshold": SHIPPED_PAIR_MODEL.threshold if SHIPPED_PAIR_MODEL else None,
    }
    for split in ("dev", "train"):
        idx = split_of(data, split)
        if SHIPPED_PAIR_MODEL is not None:
            out[f"{split}_pairwise"] = conll(data, idx, predicted(data, idx, SHIPPED_PAIR_MODEL))
        out[f"{split}_similarity_thresholds"] = conll(data, idx, predicted(data, idx, None))
        out[f"{split}_same_lemma_baseline"] = conll(data, idx, baseline(idx))
    return out


# -- speed ------------------------------------------------------------------------------------


def speed(n: int) -> dict[str, Any]:
    records = list(read_jsonl(EVALSETS / "ecbplus.dev.jsonl"))
    records += list(read_jsonl(EVALSETS / "basil.jsonl"))
    records = [r for r in records if r.get("text")][:n]
    articles = [_article(f"sp_{i}", r["text"], r.get("date")) for i, r in enumerate(records)]
    stories = [str(r.get("cluster", i)) for i, r in enumerate(records)]
    analyses, entities, analyze_s = analyse(articles, None, "speed")
    embed = shared_embedder()
    gazetteer = shared_gazetteer()
    cfg = EventConfig()
    start = time.perf_counter()
    coder = Coder(cfg, gazetteer, embed)
    from storyline.events.build import build_events
    from storyline.model import Story

    by_story: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(stories):
        by_story[s].append(i)
    events = mentions = 0
    amap = {a.article_id: a for a in analyses}
    for story_id, idx in by_story.items():
        story = Story(story_id=story_id, title="", article_ids=tuple(articles[i].article_id
                                                                    for i in idx))
        built = build_events(story, [articles[i] for i in idx], amap, entities, [], coder,
                             embed, cfg)
        events += len(built)
        mentions += sum(len(e.mentions) for e in built)
    events_s = time.perf_counter() - start
    return {
        "articles": len(articles),
        "analyze_s": round(analyze_s, 1),
        "events_s": round(events_s, 1),
        "events_over_analyze": round(events_s / analyze_s, 3),
        "events": events,
        "mentions": mentions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder for analyses between runs (not the repository)")
    parser.add_argument("--speed-articles", type=int, default=1000)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--only", choices=("plover", "petrarch", "ecb", "speed"), default=None)
    args = parser.parse_args(argv)
    require_data("evalsets/plover-gsr.dev.jsonl", "evalsets/petrarch-unittest.jsonl",
                 "evalsets/ecbplus.dev.jsonl")
    if args.cache is not None:
        args.cache.mkdir(parents=True, exist_ok=True)  # a new folder is made, not an error
    result: dict[str, Any] = {}
    parts = [args.only] if args.only else ["plover", "petrarch", "ecb", "speed"]
    if args.no_speed and "speed" in parts:
        parts.remove("speed")
    for part in parts:
        start = time.perf_counter()
        if part == "plover":
            result[part] = plover(args.cache)
        elif part == "petrarch":
            result[part] = petrarch(args.cache)
        elif part == "ecb":
            result[part] = ecb(args.cache)
        else:
            result[part] = speed(args.speed_articles)
        print(f"{part} ({time.perf_counter() - start:.0f} s): {result[part]}", flush=True)
    write_result("events_quality", result)
    failed = []
    if "plover" in result:
        accuracy = result["plover"]["all"]["type_accuracy_cv"]
        if accuracy < FLOOR_TYPE_ACCURACY:
            failed.append(f"type accuracy {accuracy} < {FLOOR_TYPE_ACCURACY}")
    if "ecb" in result:
        shipped = result["ecb"].get("dev_pairwise") or result["ecb"]["dev_similarity_thresholds"]
        conll = shipped["conll_f1"]
        if conll < FLOOR_CONLL_F1:
            failed.append(f"CoNLL F1 {conll} < {FLOOR_CONLL_F1}")
    for line in failed:
        print("below floor:", line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
