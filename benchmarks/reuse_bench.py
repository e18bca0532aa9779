"""Reuse benchmark: passage precision/recall on a scripted corpus, and speed against datasketch.

Run: ``python -m benchmarks.reuse_bench --articles 100000`` (develop with ``--articles 5000``).

**Corpus with known ground truth.** Sentences are taken from the texts of ``../shared/evalsets/``
(BASIL, ECB+, PolNeAR, TimeBank). An *original* article is 3-8 paragraphs of 2-4 random sentences;
real sentences are reused by many originals, so each sentence's words are shuffled: two
originals share no run of words by design, and the only copying in the corpus is the copying we
script. 40% of the originals get one derived article, made by one of these operations (in equal
shares):

- ``splice``: 2-3 consecutive sentences of A inserted as a paragraph into a fresh host article;
- ``reprint``: every paragraph of A with light edits (a letter swap, "from" -> "form", a comma
  turned into a dash or dropped, a dropped clause of 3-8 words);
- ``truncate``: the first paragraphs of A (at least one, not all), lightly edited;
- ``reorder``: A's paragraphs in another order;
- ``local``: A's paragraphs with 1-3 fresh local paragraphs inserted among them.

Every derived article records its gold passages: (span in A, span in the derived text), one per
copied paragraph or spliced passage.

**Scoring** (passage level). A gold passage is *found* when the predicted passages of that pair
cover at least 80% of its characters in both articles. A predicted copy passage is *correct* when
its pair is a gold pair and at least 80% of its characters lie inside that pair's gold spans in
both articles. Paraphrase links (this corpus has none) are counted as false links.

**Speed.** Candidate generation: sketching every article and producing candidate pairs
(``storyline.reuse``), against a plain ``datasketch`` baseline over the same articles in the same
run: ``MinHash(num_perm=128)`` over the same word 4-gram shingles (``update_batch``) and
``MinHashLSH(threshold=0.5)`` insert then query. Whole stage: ``find_reuse`` (sketch, candidates,
verification, families) against the baseline's candidates verified by the same code. Memory: the
index's array bytes, the process's peak RSS, and for each phase (building the corpus, our
candidates, our whole stage, the baseline) the RSS when it starts, its peak (Linux: the peak is
reset through ``/proc/self/clear_refs`` at each phase's start) and the RSS when it ends.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import EVALSETS, require_data
from storyline.config import ReuseConfig
from storyline.model import Article, ReuseLink
from storyline.reuse import ReuseIndex, compare, find_reuse, sketch_texts

# Pinned floors: the run exits 1 below any of them.
MIN_PASSAGE_PRECISION = 0.95
MIN_PASSAGE_RECALL = 0.95
MIN_CANDIDATE_ARTICLES_PER_S = 5_000.0  # per CPU second, on the 2-core development machine
MIN_CANDIDATE_SPEEDUP = 1.0  # candidate generation no slower than the datasketch baseline

RESULTS = Path(__file__).resolve().parent / "results"
SOURCES = ("basil.jsonl", "ecbplus.dev.jsonl", "polnear.dev.jsonl", "timebank.dev.jsonl")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W_]+")
COVER = 0.8

Span = tuple[int, int]


@dataclass(slots=True)
class Derived:
    article: Article
    origin: str  # the article it copies from
    op: str
    gold: list[tuple[Span, Span]] = field(default_factory=list)  # (span in origin, span here)


def load_sentences() -> list[str]:
    sentences: list[str] = []
    for name in SOURCES:
        with open(EVALSETS / name, encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text") or ""
                for sentence in _SENTENCE.split(" ".join(text.split())):
                    if 6 <= len(sentence.split()) <= 60:
                        sentences.append(sentence)
    return sorted(set(sentences))


class Generator:
    def __init__(self, sentences: list[str], seed: int) -> None:
        self.sentences = sentences
        self.rng = random.Random(seed)

    def paragraph(self) -> str:
        # Each sentence's words in a fresh random order: real vocabulary and lengths, but two
        # originals drawing the same sentence share no run of words, so all copying is scripted.
        sentences = []
        for sentence in self.rng.sample(self.sentences, self.rng.randint(2, 4)):
            words = sentence.rstrip(".!?").split()
            self.rng.shuffle(words)
            sentences.append(" ".join(words) + ".")
        return " ".join(sentences)

    def paragraphs(self) -> list[str]:
        return [self.paragraph() for _ in range(self.rng.randint(3, 8))]

    # -- light edits --------------------------------------------------------------------------

    def edit(self, text: str) -> str:
        """A typo, a changed punctuation mark or a dropped clause, each with some chance."""
        rng = self.rng
        if rng.random() < 0.5:
            long_words = [m for m in _WORD.finditer(text) if len(m.group()) >= 5]
            if long_words:
                m = rng.choice(long_words)
                w = m.group()
                i = rng.randint(1, len(w) - 3)
                text = text[: m.start()] + w[:i] + w[i + 1] + w[i] + w[i + 2 :] + text[m.end() :]
        if " from " in text and rng.random() < 0.5:
            text = text.replace(" from ", " form ", 1)
        if ", " in text and rng.random() < 0.5:
            text = text.replace(", ", rng.choice([" - ", " "]), 1)
        if rng.random() < 0.25:
            words = text.split(" ")
            if len(words) > 30:
                start = rng.randint(8, len(words) - 16)
                del words[start : start + rng.randint(3, 8)]
                text = " ".join(words)
        return text


def _join(parts: list[str]) -> tuple[str, list[Span]]:
    spans: list[Span] = []
    pos = 0
    for part in parts:
        spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return "\n\n".join(parts), spans


def _article(article_id: str, text: str) -> Article:
    return Article(
        article_id=article_id, report_id=article_id, origin=article_id, kind="text", text=text
    )


def build_corpus(n: int, seed: int = 13) -> tuple[list[Article], list[Derived]]:
    gen = Generator(load_sentences(), seed)
    rng = gen.rng
    n_derived = int(n * 0.4 / 1.4)
    n_orig = n - n_derived
    originals: list[tuple[Article, list[str], list[Span]]] = []
    for i in range(n_orig):
        paras = gen.paragraphs()
        text, spans = _join(paras)
        originals.append((_article(f"o{i:07d}", text), paras, spans))
    derived: list[Derived] = []
    ops = ("splice", "reprint", "truncate", "reorder", "local")
    for i, (origin, paras, spans) in enumerate(rng.sample(originals, n_derived)):
        op = ops[i % len(ops)]
        pieces: list[tuple[str, Span | None]] = []  # (text, origin span it copies)
        if op == "splice":
            k = rng.randrange(len(paras))
            sentences = _SENTENCE.split(paras[k])
            if len(sentences) < 2:
                sentences = [paras[k]]
            take = min(len(sentences), rng.randint(2, 3))
            first = rng.randint(0, len(sentences) - take)
            passage = " ".join(sentences[first : first + take])
            start = spans[k][0] + paras[k].index(passage)
            host = gen.paragraphs()
            cut = rng.randint(1, len(host) - 1)
            pieces = [(p, None) for p in host[:cut]]
            pieces.append((passage, (start, start + len(passage))))
            pieces += [(p, None) for p in host[cut:]]
        elif op in ("reprint", "truncate"):
            keep = len(paras) if op == "reprint" else rng.randint(1, len(paras) - 1)
            pieces = [(gen.edit(p), s) for p, s in zip(paras[:keep], spans[:keep], strict=True)]
        elif op == "reorder":
            order = list(range(len(paras)))
            while order == sorted(order):
                rng.shuffle(order)
            pieces = [(paras[j], spans[j]) for j in order]
        else:
            pieces = [(p, s) for p, s in zip(paras, spans, strict=True)]
            for _ in range(rng.randint(1, 3)):
                pieces.insert(rng.randint(0, len(pieces)), (gen.paragraph(), None))
        text, out_spans = _join([p for p, _ in pieces])
        gold = [(s, o) for (_, s), o in zip(pieces, out_spans, strict=True) if s is not None]
        derived.append(Derived(_article(f"d{i:07d}", text), origin.article_id, op, gold))
    articles = [a for a, _, _ in originals] + [d.article for d in derived]
    rng.shuffle(articles)
    return articles, derived


# --------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------


def _coverage(span: Span, covers: list[Span]) -> float:
    lo, hi = span
    if hi <= lo:
        return 1.0
    marks = bytearray(hi - lo)
    for a, b in covers:
        a, b = max(a, lo), min(b, hi)
        if a < b:
            marks[a - lo : b - lo] = b"\x01" * (b - a)
    return sum(marks) / (hi - lo)


def _oriented(link: ReuseLink, origin: str) -> list[tuple[Span, Span]]:
    """The link's passages as (span in origin, span in the derived article)."""
    if link.article_a == origin:
        return [((p.a_start, p.a_end), (p.b_start, p.b_end)) for p in link.passages]
    return [((p.b_start, p.b_end), (p.a_start, p.a_end)) for p in link.passages]


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    false_paraphrase_links: int = 0
    missed_by_op: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def score(links: list[ReuseLink], derived: list[Derived], min_words: int) -> Score:
    by_pair = {frozenset((d.origin, d.article.article_id)): d for d in derived}
    linked: dict[frozenset[str], ReuseLink] = {}
    result = Score()
    for link in links:
        if link.kind == "paraphrase":
            result.false_paraphrase_links += 1
            continue
        pair = frozenset((link.article_a, link.article_b))
        linked[pair] = link
        result.predicted += len(link.passages)
        truth = by_pair.get(pair)
        if truth is None:
            continue  # copying the corpus does not hold
        golds_o = [g for g, _ in truth.gold]
        golds_d = [g for _, g in truth.gold]
        for o_span, d_span in _oriented(link, truth.origin):
            if _coverage(o_span, golds_o) >= COVER and _coverage(d_span, golds_d) >= COVER:
                result.correct += 1
    for pair, truth in by_pair.items():
        found_link = linked.get(pair)
        predicted = _oriented(found_link, truth.origin) if found_link else []
        for o_span, d_span in truth.gold:
            text = truth.article.text[d_span[0] : d_span[1]]
            if len(text.split()) < min_words:
                continue  # shorter than a passage by definition
            result.gold += 1
            ok = (
                _coverage(o_span, [p for p, _ in predicted]) >= COVER
                and _coverage(d_span, [p for _, p in predicted]) >= COVER
            )
            if ok:
                result.found += 1
            else:
                result.missed_by_op[truth.op] = result.missed_by_op.get(truth.op, 0) + 1
    return result


# --------------------------------------------------------------------------------------------
# the datasketch baseline
# --------------------------------------------------------------------------------------------


def baseline_candidates(articles: list[Article]) -> list[tuple[str, str]]:
    """Plain datasketch: MinHash(128) over word 4-grams, MinHashLSH(threshold=0.5)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    signatures = []
    for article in articles:
        words = [w.lower() for w in _WORD.findall(article.text)]
        shingles = {" ".join(words[i : i + 4]).encode() for i in range(max(1, len(words) - 3))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.insert(article.article_id, m)
        signatures.append((article.article_id, m))
    pairs: set[tuple[str, str]] = set()
    for article_id, m in signatures:
        for other in lsh.query(m):
            if other != article_id:
                pairs.add((min(article_id, other), max(article_id, other)))
    return sorted(pairs)


def _rss_mb() -> float:
    """The process's peak RSS so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS since the last :func:`_reset_peak`), from /proc on Linux."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
        )
        return int(fields["VmRSS"].split()[0]) / 1024.0, int(fields["VmHWM"].split()[0]) / 1024.0
    except (OSError, KeyError, ValueError):
        return _rss_mb(), _rss_mb()


def _reset_peak() -> None:
    """Start a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


class Phases:
    """Each phase's memory: RSS when it starts, its peak, and RSS when it ends (MB)."""

    def __init__(self) -> None:
        self.figures: dict[str, dict[str, float]] = {}
        self._start = 0.0

    def start(self) -> None:
        self._start = _memory_mb()[0]
        _reset_peak()

    def end(self, name: str) -> None:
        current, peak = _memory_mb()
        self.figures[name] = {
            "rss_start_mb": round(self._start, 1),
            "peak_mb": round(peak, 1),
            "own_peak_mb": round(peak - self._start, 1),  # the phase's own growth at its peak
            "rss_end_mb": round(current, 1),
        }


def main(argv: list[str] | None = None) -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000, help="corpus size")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--skip-baseline", action="store_true", help="ours only (development)")
    args = parser.parse_args(argv)
    cfg = ReuseConfig()
    figures: dict[str, object] = {"articles": args.articles}

    phases = Phases()
    phases.start()
    started = time.perf_counter()
    articles, derived = build_corpus(args.articles, args.seed)
    figures["corpus_build_s"] = round(time.perf_counter() - started, 1)
    figures["derived_by_op"] = {
        op: sum(1 for d in derived if d.op == op) for op in sorted({d.op for d in derived})
    }
    figures["mean_words"] = round(
        sum(len(a.text.split()) for a in articles) / len(articles), 1
    )
    figures["rss_after_corpus_mb"] = round(_rss_mb(), 1)
    phases.end("corpus")  # the benchmark's own articles and ground truth
    print(f"corpus: {len(articles)} articles ({figures['derived_by_op']}), "
          f"{figures['mean_words']} words each, built in {figures['corpus_build_s']} s")

    # Candidate generation, ours: sketch every article, then one reduce over the buckets.
    phases.start()
    cpu_started = time.process_time()
    started = time.perf_counter()
    index = ReuseIndex(cfg)
    for start in range(0, len(articles), 256):
        batch = articles[start : start + 256]
        for article, sketch in zip(batch, sketch_texts([a.text for a in batch], cfg), strict=True):
            index.add(article.article_id, sketch)
    sketched = time.perf_counter() - started
    copy_pairs, para_pairs = index.candidates(0)
    ours_candidates_s = time.perf_counter() - started
    ours_candidates_cpu = time.process_time() - cpu_started
    index_bytes = index.nbytes()
    figures["ours_candidate_s"] = round(ours_candidates_s, 2)
    figures["ours_sketch_s"] = round(sketched, 2)
    figures["ours_candidate_articles_per_s"] = round(len(articles) / ours_candidates_s, 1)
    figures["ours_candidate_articles_per_cpu_s"] = round(len(articles) / ours_candidates_cpu, 1)
    figures["ours_copy_candidates"] = len(copy_pairs)
    figures["ours_paraphrase_candidates"] = len(para_pairs)
    figures["index_mb"] = round(index_bytes / 2**20, 1)
    phases.end("ours_candidates")
    del index

    # The whole stage, ours: find_reuse over the corpus (sketch, candidates, verify, families).
    phases.start()
    cpu_started = time.process_time()
    started = time.perf_counter()
    result = find_reuse(articles, cfg)
    ours_stage_s = time.perf_counter() - started
    figures["ours_stage_articles_per_cpu_s"] = round(
        len(articles) / (time.process_time() - cpu_started), 1
    )
    figures["ours_stage_s"] = round(ours_stage_s, 2)
    figures["ours_stage_articles_per_s"] = round(len(articles) / ours_stage_s, 1)
    figures["rss_after_ours_mb"] = round(_rss_mb(), 1)
    phases.end("ours_stage")  # the result (links, sketch records for the store) stays alive
    figures["families"] = len(result.families)
    ours = score(result.links, derived, cfg.min_passage_tokens)
    figures.update(
        passage_precision=round(ours.precision, 4),
        passage_recall=round(ours.recall, 4),
        gold_passages=ours.gold,
        predicted_passages=ours.predicted,
        missed_by_op=ours.missed_by_op,
        false_paraphrase_links=ours.false_paraphrase_links,
    )
    print(f"ours: candidates {figures['ours_candidate_articles_per_s']} articles/s "
          f"({figures['ours_candidate_articles_per_cpu_s']} per CPU second) "
          f"({len(copy_pairs)} copy + {len(para_pairs)} paraphrase pairs), whole stage "
          f"{figures['ours_stage_articles_per_s']} articles/s; passage precision "
          f"{ours.precision:.4f} recall {ours.recall:.4f} over {ours.gold} gold passages "
          f"(missed by op {ours.missed_by_op}); "
          f"{ours.false_paraphrase_links} false paraphrase links")

    if not args.skip_baseline:
        phases.start()
        cpu_started = time.process_time()
        started = time.perf_counter()
        base_pairs = baseline_candidates(articles)
        base_candidates_s = time.perf_counter() - started
        base_candidates_cpu = time.process_time() - cpu_started
        by_id = {a.article_id: a for a in articles}
        base_links = [
            link
            for a, b in base_pairs
            if (link := compare(by_id[a], by_id[b], cfg, copy_only=True)) is not None
        ]
        base_stage_s = time.perf_counter() - started
        base = score(base_links, derived, cfg.min_passage_tokens)
        figures.update(
            baseline="datasketch MinHash(num_perm=128) + MinHashLSH(threshold=0.5), word 4-grams",
            baseline_candidate_s=round(base_candidates_s, 2),
            baseline_candidate_articles_per_s=round(len(articles) / base_candidates_s, 1),
            baseline_candidates=len(base_pairs),
            baseline_stage_articles_per_s=round(len(articles) / base_stage_s, 1),
            baseline_passage_precision=round(base.precision, 4),
            baseline_passage_recall=round(base.recall, 4),
            baseline_candidate_articles_per_cpu_s=round(len(articles) / base_candidates_cpu, 1),
            candidate_speedup=round(base_candidates_s / ours_candidates_s, 2),
            candidate_speedup_cpu=round(base_candidates_cpu / ours_candidates_cpu, 2),
            stage_speedup=round(base_stage_s / ours_stage_s, 2),
            rss_after_baseline_mb=round(_rss_mb(), 1),
        )
        phases.end("baseline")
        print(f"baseline: candidates {figures['baseline_candidate_articles_per_s']} articles/s "
              f"({len(base_pairs)} pairs), stage {figures['baseline_stage_articles_per_s']} "
              f"articles/s; passage precision {base.precision:.4f} recall {base.recall:.4f}")
        print(f"speed-up over baseline: candidates x{figures['candidate_speedup']}, "
              f"whole stage x{figures['stage_speedup']}")
    figures["memory_by_phase"] = phases.figures
    print(f"memory: index {figures['index_mb']} MB; process peak RSS {_rss_mb():.0f} MB; "
          "by phase (RSS at start -> peak, own growth at peak):")
    for name, mem in phases.figures.items():
        print(f"  {name}: {mem['rss_start_mb']:.0f} -> {mem['peak_mb']:.0f} MB "
              f"(+{mem['own_peak_mb']:.0f} MB), {mem['rss_end_mb']:.0f} MB after")

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"reuse_bench_{args.articles}.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")

    failures = []
    if ours.precision < MIN_PASSAGE_PRECISION:
        failures.append(f"passage precision {ours.precision:.4f} < {MIN_PASSAGE_PRECISION}")
    if ours.recall < MIN_PASSAGE_RECALL:
        failures.append(f"passage recall {ours.recall:.4f} < {MIN_PASSAGE_RECALL}")
    # Per CPU second: the 2-core machine is shared, and wall time measures the neighbours' load
    # as much as this code (single-threaded, so CPU time is its wall time on an idle machine).
    rate = len(articles) / ours_candidates_cpu
    if rate < MIN_CANDIDATE_ARTICLES_PER_S:
        failures.append(f"candidates {rate:.0f} articles/s < {MIN_CANDIDATE_ARTICLES_PER_S}")
    speedup = figures.get("candidate_speedup")
    if isinstance(speedup, float) and speedup < MIN_CANDIDATE_SPEEDUP:
        failures.append(f"candidate speed-up x{speedup} < x{MIN_CANDIDATE_SPEEDUP}")
    for failure in failures:
        print(f"BELOW FLOOR: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
