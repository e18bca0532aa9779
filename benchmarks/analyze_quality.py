"""Quality gate of the analyze stage: quote attribution on PolNeAR, dates on TimeBank and AQUAINT.

    python -m benchmarks.analyze_quality [--limit N]

Quotes (``polnear.dev.jsonl``), by the rule of ``evalsets/README.md``: a predicted quote with a
speaker is correct when its content span overlaps a gold attribution's content span and its
speaker overlaps the gold source span or names the same person (same surname). Precision is over
predicted quotes that have a speaker (unknown speakers make no claim and are counted apart);
recall is over gold attributions that have a source. "Direct" restricts both sides to quotes in
quote marks on both sides, by one rule: content that opens with or sits inside quote marks
(predicted: ``kind == "direct"``, or ``"mixed"`` opening with the quoted words).

Dates (``timebank.dev.jsonl``, ``aquaint.dev.jsonl``): each gold DATE timex is matched to our
expressions overlapping it; accuracy is the share of gold DATE timexes whose matched value equals
the gold value (a gold timex we did not find counts as wrong); coverage is the share we found at
all. One rule set serves both files. Each file is also scored by half, split by document id
(:func:`date_half`): the rules of issue 13 (all passes) were tuned on half A and on the first
half of B (B1), while B2 was never looked at error by error (its figure is the held-out one).
Values are compared as ISO 8601 writes them, a week number with two digits on both sides
(:func:`same_value`).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.common import EVALSETS, require_data
from storyline.analyze import make_analyzer
from storyline.config import AnalyzeConfig
from storyline.model import Analysis, Article, Quote

RESULTS = Path(__file__).resolve().parent / "results"

# Pinned floors: raising one is a one-line diff, lowering one needs a reason.
# Measured on the full dev sets (2026-11-25, issue 4 second pass): direct P 0.899 R 0.871
# F1 0.885; all attributions P 0.888 R 0.490 F1 0.631 (2026-12-04, quotes code unchanged since:
# direct P 0.902 R 0.873 F1 0.887, all P 0.900 R 0.493 F1 0.637). Dates (issue 13, second pass,
# 2026-12-04): TimeBank 0.903 (917/1016, coverage 0.992; A 0.898, B1 0.910, B2 held out 0.902),
# AQUAINT 0.859 (232/270, coverage 0.982; A 0.898, B1 0.836, B2 held out 0.823). Third pass
# (2026-12-04, weeks compared in ISO's two-digit form): TimeBank 0.9035 (918/1016; A 0.900,
# B1 0.910, B2 0.902), AQUAINT 0.878 (237/270, coverage 0.985; A 0.907, B1 0.877, B2 held out
# 0.835). Fourth pass (2026-12-05, tuned on A+B1, B2 scored once after): TimeBank 0.909
# (924/1016, coverage 0.994; A 0.913, B1 0.910, B2 0.902), AQUAINT unchanged 0.878 (B2 0.835).
# The target is 0.90 on each (met on TimeBank, missed on AQUAINT).
FLOOR_DIRECT_F1 = 0.88
FLOOR_ALL_F1 = 0.62
FLOOR_DATE_ACCURACY = {"timebank.dev.jsonl": 0.90, "aquaint.dev.jsonl": 0.87}

QUOTE_MARKS = "\"“”‘’'«»"


def _literal(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def load_polnear(limit: int | None) -> list[dict[str, Any]]:
    with (EVALSETS / "polnear.dev.jsonl").open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return records[:limit] if limit else records


def _overlap(a: tuple[int, int], spans: list[list[int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _surname(text: str) -> str:
    words = [w for w in text.replace("’s", "").replace("'s", "").split() if w[:1].isalpha()]
    return words[-1].lower() if words else ""


def _words(text: str) -> set[str]:
    return {_surname(w) for w in text.replace(",", " ").split()} - {""}


def gold_is_direct(text: str, content: dict[str, Any]) -> bool:
    spans = content["spans"]
    start, end = spans[0][0], spans[-1][1]
    inner = text[start:end].strip()
    before = text[max(0, start - 2) : start]
    return inner[:1] in QUOTE_MARKS or any(c in QUOTE_MARKS for c in before)


def predicted_is_direct(text: str, quote: Quote) -> bool:
    """The rule of gold_is_direct applied to a prediction: its content is in quote marks (a
    direct quote, or a mixed one that opens with the quoted words)."""
    if quote.kind == "direct":
        return True
    before = text[max(0, quote.content_start - 2) : quote.content_start]
    return quote.kind == "mixed" and (
        quote.content[:1] in QUOTE_MARKS or any(c in QUOTE_MARKS for c in before)
    )


def match(quote: Quote, gold: dict[str, Any]) -> bool:
    if not gold.get("source") or not gold.get("content"):
        return False
    if not _overlap((quote.content_start, quote.content_end), gold["content"]["spans"]):
        return False
    assert quote.speaker_start is not None and quote.speaker_end is not None
    if _overlap((quote.speaker_start, quote.speaker_end), gold["source"]["spans"]):
        return True
    # "Names the same person": the resolved speaker's surname is a word of the gold source
    # ("Mozloom" in "Jack Mozloom, a spokesman for the National Federation ...").
    name = quote.speaker_name or ""
    return bool(name) and _surname(name) in _words(gold["source"]["text"])


def score_quotes(records: list[dict[str, Any]], analyses: list[Analysis]) -> dict[str, Any]:
    counts = {k: {"pred": 0, "pred_ok": 0, "gold": 0, "gold_found": 0} for k in ("direct", "all")}
    unknown = 0
    for record, analysis in zip(records, analyses, strict=True):
        text = record["text"]
        golds = [g for g in record["attributions"] if g.get("source") and g.get("content")]
        direct_golds = [g for g in golds if gold_is_direct(text, g["content"])]
        quotes = [q for q in analysis.quotes if q.speaker_start is not None]
        unknown += sum(1 for q in analysis.quotes if q.speaker_start is None)
        for name, preds, gset in (
            ("all", quotes, golds),
            ("direct", [q for q in quotes if predicted_is_direct(text, q)], direct_golds),
        ):
            c = counts[name]
            c["pred"] += len(preds)
            c["pred_ok"] += sum(1 for q in preds if any(match(q, g) for g in gset))
            c["gold"] += len(gset)
            c["gold_found"] += sum(1 for g in gset if any(match(q, g) for q in preds))
    out: dict[str, Any] = {"unknown_speaker_quotes": unknown}
    for name, c in counts.items():
        p = c["pred_ok"] / c["pred"] if c["pred"] else 0.0
        r = c["gold_found"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = {**c, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    return out


def load_timexes(name: str) -> list[dict[str, Any]]:
    """A TimeML evalset (TimeBank, AQUAINT): documents with their publication date and timexes."""
    with (EVALSETS / name).open(encoding="utf-8") as f:
        return [{k: _literal(v) for k, v in json.loads(line).items()} for line in f]


def date_half(doc_id: str) -> str:
    """"A", "B1" or "B2": the document's part of an evalset, by the SHA-256 of its id."""
    if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 2 == 0:
        return "A"
    second = int(hashlib.sha256((doc_id + "#b").encode()).hexdigest(), 16) % 2
    return "B1" if second == 0 else "B2"


# ISO 8601 writes a week number with two digits ("1999-W05"); AQUAINT's gold writes weeks
# below ten with one ("2000-W6"). The two spell one value, so both sides are compared in the
# two-digit form; nothing else is rewritten (a value padded with X, "1948-XX", claims another
# granularity than "1948" and stays a different value).
_ONE_DIGIT_WEEK = re.compile(r"-W(\d)(?=$|-)")


def same_value(ours: str | None, gold: str) -> bool:
    """Whether our value equals the gold one, written in ISO 8601's two-digit week form."""
    if ours is None:
        return False
    return _ONE_DIGIT_WEEK.sub(r"-W0\1", ours) == _ONE_DIGIT_WEEK.sub(r"-W0\1", gold)


def score_dates(
    records: list[dict[str, Any]], analyses: list[Analysis], part: str | None = None
) -> dict[str, Any]:
    """Date accuracy over the records (those of one ``part`` of :func:`date_half` when given;
    "B" is B1 and B2 together)."""
    gold_n = found = correct = 0
    errors: list[tuple[str, str, str | None, str]] = []
    for record, analysis in zip(records, analyses, strict=True):
        if part is not None and not date_half(str(record["id"])).startswith(part):
            continue
        for timex in record["timexes"]:
            if timex["type"] != "DATE":
                continue
            gold_n += 1
            hits = [t for t in analysis.times if t.start < timex["end"] and timex["start"] < t.end]
            if not hits:
                errors.append((record["date"], timex["text"], None, timex["value"]))
                continue
            found += 1
            if any(same_value(t.value, timex["value"]) for t in hits):
                correct += 1
            else:
                found_text = f"{timex['text']} | {hits[0].text}"
                errors.append((record["date"], found_text, hits[0].value, timex["value"]))
    return {
        "gold": gold_n,
        "correct": correct,
        "coverage": round(found / gold_n, 4) if gold_n else 0.0,
        "accuracy": round(correct / gold_n, 4) if gold_n else 0.0,
        "accuracy_of_found": round(correct / found, 4) if found else 0.0,
        "errors_sample": errors[:400] if part is None else [],
    }


def date_scores(name: str, analyze: Any) -> dict[str, Any]:
    """One evalset's date figures: the whole file and each part."""
    records = load_timexes(name)
    articles = [
        Article(
            article_id=f"{name}_{i}",
            report_id=f"{name}_{i}",
            origin=str(r["id"]),
            kind="text",
            text=r["text"],
            published=datetime.fromisoformat(r["date"][:10]),
        )
        for i, r in enumerate(records)
    ]
    analyses = analyze(articles)
    scores = score_dates(records, analyses)
    scores["parts"] = {
        part: score_dates(records, analyses, part) for part in ("A", "B1", "B2", "B")
    }
    return scores


def main(argv: list[str] | None = None) -> int:
    require_data(
        "evalsets/polnear.dev.jsonl", "evalsets/timebank.dev.jsonl", "evalsets/aquaint.dev.jsonl"
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="PolNeAR articles (default all)")
    parser.add_argument("--errors", action="store_true", help="print date errors")
    args = parser.parse_args(argv)
    analyze = make_analyzer(AnalyzeConfig())

    started = time.perf_counter()
    polnear = load_polnear(args.limit)
    articles = [
        Article(
            article_id=f"polnear_{i}",
            report_id=f"polnear_{i}",
            origin=r["id"],
            kind="text",
            text=r["text"],
            published=datetime.fromisoformat(r["date"]) if r.get("date") else None,
        )
        for i, r in enumerate(polnear)
    ]
    quotes = score_quotes(polnear, analyze(articles))

    dates = {name: date_scores(name, analyze) for name in FLOOR_DATE_ACCURACY}
    elapsed = time.perf_counter() - started

    results = {
        "polnear_articles": len(polnear),
        "quotes": quotes,
        "dates": dates,
        "seconds": round(elapsed, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analyze_quality.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name in ("direct", "all"):
        q = quotes[name]
        print(
            f"quotes {name:6s}: P {q['precision']:.3f}  R {q['recall']:.3f}  F1 {q['f1']:.3f}  "
            f"(pred {q['pred']}, gold {q['gold']})"
        )
    print(f"quotes with unknown speaker: {quotes['unknown_speaker_quotes']}")
    for name, d in dates.items():
        parts = "  ".join(
            f"{part} {p['accuracy']:.3f} ({p['correct']}/{p['gold']})"
            for part, p in d["parts"].items()
        )
        print(
            f"dates {name}: accuracy {d['accuracy']:.3f} (of found {d['accuracy_of_found']:.3f}), "
            f"coverage {d['coverage']:.3f}, gold {d['gold']}; by part: {parts}"
        )
        if args.errors:
            for err in d["errors_sample"]:
                print("  ", err)
    failed = [
        name
        for name, value, floor in (
            ("direct quote F1", quotes["direct"]["f1"], FLOOR_DIRECT_F1),
            ("all attributions F1", quotes["all"]["f1"], FLOOR_ALL_F1),
            *(
                (f"date accuracy on {name}", dates[name]["accuracy"], floor)
                for name, floor in FLOOR_DATE_ACCURACY.items()
            ),
        )
        if value < floor
    ]
    for name in failed:
        print(f"FAILED: {name} below its pinned floor", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
