"""`storyline run` as a user runs it, against its parser, in one run.

    python -m benchmarks.pipeline_speed [--limit N] [--add 50] [--scale N --corpus KIND]

1. **From empty**: ``pipeline.run`` (what ``storyline run`` calls) over ``ecbplus.dev.jsonl`` +
   ``basil.jsonl`` (1,072 articles; ``--limit N`` takes the first N of them, ECB+ and BASIL in
   proportion) into an empty store, with the wall and CPU time of each stage (from the run's own
   progress reports) and the peak memory of the run's process and of its workers.
2. **Baselines, same run, same texts**: plain ``nlp.pipe`` with the same spaCy model (the model
   loaded, every text parsed, the docs handed back) with 1 and with 2 processes; MiniLM
   (``storyline.embed``) encoding every distinct sentence of the run's analyses once.
3. **Adding articles**: ``--add`` articles (default 50: the first PolNeAR articles, political
   news of the same years as BASIL) run into a copy of the store of step 1, against the same
   articles run into an empty store.
4. **Scale** (``--scale 10000``, not part of the default run: tens of CPU-minutes more): a corpus
   of that many articles built from the evalset texts, ``--corpus distinct`` (every evalset
   article, then copies with another outlet, date and the sentences of each paragraph in another
   order: distinct texts) or ``--corpus syndicated`` (wire stories, each reprinted by 50-300
   outlets with a small edit: a changed headline, one sentence dropped, a byline line), reported
   per article against the first 1,000 articles of the same corpus.

Every measurement runs in a process of its own (so one model's memory does not count against
another's); times are wall seconds and CPU seconds of that process and its children; memory is
the peak of that process, of its largest worker, and of all of them together (read every
second from ``/proc``). The
targets of issue 14 are printed beside the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import EVALSETS, read_jsonl, require_data, write_jsonl, write_result

TARGET_VS_NLP_PIPE_2 = 1.3
TARGET_ADD_VS_EMPTY = 2.0
TARGET_SCALE_PER_ARTICLE = 1.5
TARGET_PEAK_MB = 4096


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peaks() -> dict[str, float]:
    return {
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


# -- the measured processes ----------------------------------------------------------------------


def child_run(db: str, inputs: list[str]) -> dict[str, Any]:
    """``pipeline.run`` over the inputs, timed per stage from its own progress reports."""
    from storyline.config import Config
    from storyline.pipeline import run
    from storyline.store import open_store

    marks: list[tuple[str, float, float]] = []  # (stage, wall, cpu) when each stage began
    last_note: dict[str, str] = {}

    def progress(stage: str, done: int, total: int | None, note: str = "") -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter(), _cpu()))
        last_note[stage] = f"{done}/{total}"

    started, cpu0 = time.perf_counter(), _cpu()
    store = open_store(db)
    summary = run(store, inputs, Config(), progress)
    store.close()
    ended, cpu1 = time.perf_counter(), _cpu()
    stages: dict[str, dict[str, float]] = {}
    for k, (name, wall, cpu) in enumerate(marks):
        next_wall, next_cpu = (marks[k + 1][1], marks[k + 1][2]) if k + 1 < len(marks) else (
            ended,
            cpu1,
        )
        stages[name] = {"wall_s": round(next_wall - wall, 2), "cpu_s": round(next_cpu - cpu, 2)}
    return {
        "wall_s": round(ended - started, 2),
        "cpu_s": round(cpu1 - cpu0, 2),
        "stages": stages,
        "summary": summary.lines(),
        **_peaks(),
    }


def child_spacy(texts_path: str, n_process: int) -> dict[str, Any]:
    """Plain ``nlp.pipe`` with the model the analyze stage loads, over the same texts."""
    import spacy

    from storyline.analyze import _PACKAGED_SM
    from storyline.config import AnalyzeConfig

    texts = json.loads(Path(texts_path).read_text())
    cfg = AnalyzeConfig()
    started, cpu0 = time.perf_counter(), _cpu()
    try:
        nlp = spacy.load(cfg.model)
    except OSError:
        nlp = spacy.load(_PACKAGED_SM)
    docs = nlp.pipe(texts, batch_size=cfg.batch_size, n_process=n_process)
    tokens = sum(len(doc) for doc in docs)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(_cpu() - cpu0, 2),
        "texts": len(texts),
        "tokens": tokens,
        **_peaks(),
    }


def child_minilm(db: str, encoder: str = "minilm") -> dict[str, Any]:
    """MiniLM over every distinct sentence of the store's analyses, each encoded once (float
    through sentence-transformers, or ``minilm-onnx-int8``: the int8 ONNX encoder)."""
    from storyline.embed import Embedder
    from storyline.embed_onnx import OnnxEmbedder
    from storyline.model import Analysis
    from storyline.store import open_store

    store = open_store(db)
    sentences = sorted({s.text for a in store.all(Analysis) for s in a.sentences if s.text.strip()})
    store.close()
    model = OnnxEmbedder() if encoder == "minilm-onnx-int8" else Embedder()
    started, cpu0 = time.perf_counter(), _cpu()
    vectors = model(sentences)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(_cpu() - cpu0, 2),
        "sentences": len(sentences),
        "characters": sum(map(len, sentences)),
        "dims": int(vectors.shape[1]),
        **_peaks(),
    }


def _tree_rss_mb(root: int) -> float | None:
    """The resident memory of ``root`` and every process under it, summed (Linux ``/proc``;
    None where there is none)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry.name)] = pages * page
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, ppid in parent.items() if ppid in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


# How often the memory of a measured process and its workers together is read.
_SAMPLE_S = 1.0


def _measure(*args: str) -> dict[str, Any]:
    """One measurement in a process of its own; its JSON result from the last line it prints,
    with ``together_peak_mb``: the most its process and its workers held at one time (read
    every second), which neither process's own peak tells."""
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.pipeline_speed", "--child", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    peak: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(_SAMPLE_S):
            now = _tree_rss_mb(child.pid)
            if now is not None:
                peak[:] = [max([now, *peak])]

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    stop.set()
    sampler.join()
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, child.args, out)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["together_peak_mb"] = round(peak[0]) if peak else None
    return result


# -- corpora -------------------------------------------------------------------------------------


def base_records(limit: int | None) -> list[dict[str, Any]]:
    ecb = [r for r in read_jsonl(EVALSETS / "ecbplus.dev.jsonl") if r.get("text")]
    basil = [r for r in read_jsonl(EVALSETS / "basil.jsonl") if r.get("text")]
    if limit is not None and limit < len(ecb) + len(basil):
        take_ecb = round(limit * len(ecb) / (len(ecb) + len(basil)))
        ecb, basil = ecb[:take_ecb], basil[: limit - take_ecb]
    return ecb + basil


def added_records(count: int) -> list[dict[str, Any]]:
    return [r for r in read_jsonl(EVALSETS / "polnear.dev.jsonl") if r.get("text")][:count]


def _all_evalset_records() -> list[dict[str, Any]]:
    records = []
    for name in ("ecbplus.dev.jsonl", "basil.jsonl", "polnear.dev.jsonl", "timebank.dev.jsonl"):
        records += [r for r in read_jsonl(EVALSETS / name) if r.get("text")]
    return records


def _reordered(text: str, rng: random.Random) -> str:
    """The text with the sentences of each paragraph, and the paragraphs after the first, in
    another order: another article to every stage (other fingerprints), made of the same
    language."""
    paragraphs = []
    for para in text.split("\n"):
        parts = [p for p in para.replace(". ", ".\x00").split("\x00") if p]
        rng.shuffle(parts)
        paragraphs.append(" ".join(parts))
    head, body = paragraphs[:1], paragraphs[1:]
    rng.shuffle(body)  # one sentence a paragraph is common: the paragraphs move too
    return "\n".join(head + body)


def scale_records(size: int, corpus: str, seed: int = 14) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = _all_evalset_records()
    out: list[dict[str, Any]] = []
    if corpus == "distinct":
        round_no = 0
        while len(out) < size:
            for r in base:
                if len(out) >= size:
                    break
                text = r["text"] if round_no == 0 else _reordered(r["text"], rng)
                out.append(
                    {**r, "id": f"{r['id']}~{round_no}", "text": text,
                     "source": f"outlet{round_no}"}
                )
            round_no += 1
        return out
    # syndicated: wire stories reprinted by 50-300 outlets each, with small edits
    wire = rng.sample(base, len(base))
    k = 0
    while len(out) < size:
        story = wire[k % len(wire)]
        k += 1
        sentences = story["text"].split(". ")
        for n in range(rng.randint(50, 300)):
            if len(out) >= size:
                break
            edited = list(sentences)
            if len(edited) > 3:
                del edited[rng.randrange(1, len(edited))]
            text = f"By Outlet {n} staff\n" + ". ".join(edited)
            title = f"{story.get('title') or ''} ({'update' if n % 3 else 'wire'})"
            out.append({**story, "id": f"{story['id']}~{n}", "text": text, "title": title,
                        "source": f"outlet{n}"})
    return out


# -- the benchmark -------------------------------------------------------------------------------


def _line(name: str, r: dict[str, Any]) -> str:
    line = (
        f"{name:34s} wall {r['wall_s']:8.1f} s  cpu {r['cpu_s']:8.1f} s  "
        f"peak {r['peak_mb']:6.0f} MB (workers {r['worker_peak_mb']:.0f} MB, together "
        f"{r.get('together_peak_mb')} MB)"
    )
    # What the sentence encoder did (encoded against read from the store) is the cost of a run.
    said = [s for s in r.get("summary", []) if s.startswith(("claims:", "events:"))]
    return "\n".join([line, *(f"    {s}" for s in said)])


def speed(
    work: Path, limit: int | None, add: int, both_encoders: bool = False
) -> dict[str, Any]:
    records = base_records(limit)
    inputs = write_jsonl(work / "base.jsonl", records)
    texts = work / "texts.json"
    texts.write_text(json.dumps([r["text"] for r in records]))
    db = work / "base.db"
    print(f"{len(records)} articles (ECB+ dev and BASIL), from empty:", flush=True)
    result: dict[str, Any] = {"articles": len(records)}
    result["run"] = full = _measure("run", str(db), inputs)
    print(_line("storyline run", full), flush=True)
    for stage, t in full["stages"].items():
        print(f"  {stage:10s} wall {t['wall_s']:8.1f} s  cpu {t['cpu_s']:8.1f} s", flush=True)
    for n in (1, 2):
        result[f"nlp_pipe_{n}"] = r = _measure("spacy", str(texts), str(n))
        print(_line(f"plain nlp.pipe, {n} process(es)", r), flush=True)
    # The sentence model as the run's claims and events stages use it (the int8 ONNX one unless
    # STORYLINE_ENCODER says otherwise), over every distinct sentence once; the other encoder
    # too with --both-encoders (their ratio is in docs/speed.md).
    from storyline.embed import active_encoder
    from storyline.embed_onnx import ONNX_INT8_NAME

    used = "minilm-onnx-int8" if active_encoder() == ONNX_INT8_NAME else "minilm"
    result["minilm"] = r = _measure("minilm", str(db), used)
    r["encoder"] = used
    print(_line(f"MiniLM ({used}), {r['sentences']} sentences once", r), flush=True)
    if both_encoders:
        other = "minilm" if used == "minilm-onnx-int8" else "minilm-onnx-int8"
        result["minilm_other"] = q = _measure("minilm", str(db), other)
        q["encoder"] = other
        print(_line(f"MiniLM ({other}), same sentences", q), flush=True)
    for key, label in (("wall_s", "wall"), ("cpu_s", "CPU")):
        ratio = full[key] / result["nlp_pipe_2"][key]
        result[f"ratio_{label.lower()}_vs_nlp_pipe_2"] = round(ratio, 2)
        result[f"ratio_{label.lower()}_vs_nlp_pipe_1"] = one = round(
            full[key] / result["nlp_pipe_1"][key], 2
        )
        print(
            f"run / plain nlp.pipe (2 processes): {ratio:.2f}x {label} (target <= "
            f"{TARGET_VS_NLP_PIPE_2}x); / 1 process: {one:.2f}x",
            flush=True,
        )
    # Kept under their earlier names (wall): the ratios of runs before the CPU ones existed.
    result["ratio_vs_nlp_pipe_2"] = result["ratio_wall_vs_nlp_pipe_2"]
    result["ratio_vs_nlp_pipe_1"] = result["ratio_wall_vs_nlp_pipe_1"]
    if add:
        extra = write_jsonl(work / "added.jsonl", added_records(add))
        grown = work / "grown.db"
        shutil.copy(db, grown)
        result["added"] = r = _measure("run", str(grown), extra)
        print(_line(f"+{add} articles into the store", r), flush=True)
        result["added_empty"] = e = _measure("run", str(work / "empty.db"), extra)
        print(_line(f"the same {add} into an empty store", e), flush=True)
        result["ratio_add_vs_empty"] = round(r["wall_s"] / e["wall_s"], 2)
        result["ratio_cpu_add_vs_empty"] = round(r["cpu_s"] / e["cpu_s"], 2)
        print(
            f"adding / empty: {result['ratio_add_vs_empty']:.2f}x wall, "
            f"{result['ratio_cpu_add_vs_empty']:.2f}x CPU (target <= {TARGET_ADD_VS_EMPTY}x)",
            flush=True,
        )
    return result


def scale(work: Path, size: int, corpus: str) -> dict[str, Any]:
    records = scale_records(size, corpus)
    small = _measure("run", str(work / f"{corpus}-1k.db"),
                     write_jsonl(work / f"{corpus}-1k.jsonl", records[:1000]))
    print(_line(f"{corpus}: 1,000 articles", small), flush=True)
    large = _measure("run", str(work / f"{corpus}-{size}.db"),
                     write_jsonl(work / f"{corpus}-{size}.jsonl", records))
    print(_line(f"{corpus}: {size} articles", large), flush=True)
    per_small = small["wall_s"] / 1000
    per_large = large["wall_s"] / size
    growth = per_large / per_small
    # The larger corpus takes in the long PolNeAR articles, so its articles are longer: the
    # cost per word tells growth with the store apart from growth with the texts.
    words_small = sum(len(r["text"].split()) for r in records[:1000])
    words_large = sum(len(r["text"].split()) for r in records)
    word_ratio = (words_large / size) / (words_small / 1000)
    print(
        f"{corpus}: {per_large * 1000:.0f} ms an article at {size} against "
        f"{per_small * 1000:.0f} ms at 1,000: {growth:.2f}x (target <= "
        f"{TARGET_SCALE_PER_ARTICLE}x); peak {large['peak_mb']:.0f} MB, largest worker "
        f"{large['worker_peak_mb']:.0f} MB, together at most {large.get('together_peak_mb')} MB "
        f"(target < {TARGET_PEAK_MB} MB)",
        flush=True,
    )
    print(
        f"{corpus}: words an article {words_small / 1000:.0f} at 1,000 and "
        f"{words_large / size:.0f} at {size} ({word_ratio:.2f}x); "
        f"per word {growth / word_ratio:.2f}x",
        flush=True,
    )
    for stage in large["stages"]:
        a = small["stages"].get(stage, {}).get("wall_s", 0.0) / 1000
        b = large["stages"][stage]["wall_s"] / size
        ac = small["stages"].get(stage, {}).get("cpu_s", 0.0) / 1000
        bc = large["stages"][stage]["cpu_s"] / size
        print(
            f"  {stage:10s} wall {a * 1000:8.1f} -> {b * 1000:8.1f} ms an article, "
            f"cpu {ac * 1000:8.1f} -> {bc * 1000:8.1f}",
            flush=True,
        )
    return {"corpus": corpus, "size": size, "small": small, "large": large,
            "per_article_growth": round(growth, 2),
            "words_per_article": [round(words_small / 1000, 1), round(words_large / size, 1)],
            "per_word_growth": round(growth / word_ratio, 2)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, *rest = argv[1:]
        if kind == "run":
            out = child_run(rest[0], rest[1:])
        elif kind == "spacy":
            out = child_spacy(rest[0], int(rest[1]))
        else:
            out = child_minilm(*rest[:2])
        print(json.dumps(out))
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="only the first N of the 1,072 articles")
    parser.add_argument("--add", type=int, default=50, help="articles added in the second run")
    parser.add_argument("--scale", type=int, help="also build a corpus of N articles and run it")
    parser.add_argument("--corpus", choices=("distinct", "syndicated"), default="distinct")
    parser.add_argument("--work", type=Path, help="keep the stores here (default: a temp dir)")
    parser.add_argument("--both-encoders", action="store_true",
                        help="also time the sentence encoder the run does not use")
    args = parser.parse_args(argv)
    require_data("evalsets/ecbplus.dev.jsonl", "evalsets/basil.jsonl", "evalsets/polnear.dev.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for leftover in work.glob("*.db*"):
            os.remove(leftover)
        if args.scale:
            result = scale(work, args.scale, args.corpus)
            name = f"pipeline_speed_{args.corpus}_{args.scale}"
        else:
            result = speed(work, args.limit, args.add, args.both_encoders)
            name = "pipeline_speed" if args.limit is None else f"pipeline_speed_{args.limit}"
    print(f"written {write_result(name, result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
