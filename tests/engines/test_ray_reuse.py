"""The Ray engine's reuse stage (``engines/ray_reuse.py``) gives the local stage's records: its
maps and reduces are run here in one process, each reduce over parts made by hand in a shuffled
order (as a shuffle delivers them), against ``engines.driver.reuse_records``. Ray itself runs
them in ``tests/engines/test_ray.py``."""

from __future__ import annotations

import json
import random
import sys
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from storyline.config import ReuseConfig
from storyline.engines import ray_reuse
from storyline.engines.driver import reuse_records
from storyline.model import Article, ReuseLink, ReuseSketch
from storyline.reuse import ReuseResult, sketch_version
from storyline.reuse.find import verify_in_order
from storyline.reuse.index import (
    ArticleGroups,
    bucket_bits,
    bucket_pair_codes,
    candidate_shares,
    families_of,
    joins_family,
    ordered_candidates,
    pairs_of_codes,
)
from storyline.store.codec import encode_array, from_json, to_json

# Written for these tests: a council story, reprinted with small edits, and other texts.
STORY = [
    "The town council voted on Tuesday evening to close the old swimming baths on Mill Street "
    "at the end of the summer after engineers found the roof beams rotten in several places",
    "Councillors said the cost of a new roof, put at nearly two million pounds, could not be met "
    "from a budget already stretched by the repairs to the library and the bus depot",
    "Swimming clubs that train at the baths will be offered lanes at the leisure centre on the "
    "ring road, though coaches warned that evening sessions there are already full",
    "A petition to keep the baths open gathered more than four thousand signatures in a fortnight "
    "and was handed to the mayor by a group of pensioners who swim there every morning",
    "The council's leader said a decision on whether to demolish the building or sell it to a "
    "developer would be taken next spring after a public consultation",
]
OTHERS = [
    "Heavy rain flooded the lower fields of three farms along the river valley overnight, and "
    "the fire brigade pumped water from a dozen cellars in the village before dawn. Farmers said "
    "the barley harvest, already late after a wet July, would now be smaller than last year.",
    "The county chess championship ended in a draw between a retired schoolteacher and a "
    "fourteen year old student who had learned the game from videos during the winter, and the "
    "organisers agreed to share the trophy between them for the first time in its history.",
    "A new bakery opened beside the railway station, selling rye loaves from a recipe the owner "
    "brought from her home town, and the queue on its first morning reached the ticket office "
    "before the first train of the day had left for the city.",
]
PARAPHRASE = (
    "On Tuesday councillors decided the Mill Street baths must shut once summer ends, because "
    "inspectors discovered that its roof beams had rotted. Replacing that roof would cost close "
    "to two million pounds, money the council says it lacks after paying for library and bus "
    "depot repairs. Club swimmers are being moved to the ring road leisure centre, where coaches "
    "fear crowded evening sessions. Pensioners delivered a petition with over four thousand names "
    "to the mayor. Demolition or a sale to developers will be decided next spring."
)


def _article(article_id: str, text: str, day: int | None = None) -> Article:
    from datetime import datetime

    return Article(
        article_id=article_id,
        report_id=f"r-{article_id}",
        origin=f"{article_id}.txt",
        kind="text",
        text=text,
        source_id=f"outlet-{article_id}",
        published=datetime(2026, 3, day) if day is not None else None,
    )


def _corpus(seed: int = 5) -> list[Article]:
    """Groups of reprints of one story (a sentence dropped, a byline), near-duplicates of them
    (sentences reordered), a splice of two of its sentences into another text, a paraphrase and
    unrelated texts: the pairs the blocking skips, components of several sizes, lone articles."""
    rng = random.Random(seed)
    articles: list[Article] = []
    for k in range(14):
        sentences = list(STORY)
        del sentences[rng.randrange(len(sentences))]
        if k % 3 == 0:
            rng.shuffle(sentences)
        articles.append(
            _article(f"s{rng.randrange(10**6):06d}", f"By Desk {k}\n" + ". ".join(sentences) + ".",
                     day=1 + k % 5)
        )
    articles.append(_article("splice", OTHERS[0] + " " + ". ".join(STORY[1:3]) + ". " + OTHERS[1]))
    articles.append(_article("para", PARAPHRASE, day=9))
    for k, text in enumerate(OTHERS):
        articles.append(_article(f"other{k}", text))
        articles.append(_article(f"other{k}copy", text.replace(",", "", 1)))
    return articles


def _by_part(table: Any, key: str = "part") -> list[Any]:
    """A shuffle's groups: the rows of each key value, in a shuffled row order."""
    rng = random.Random(len(table))
    parts = sorted(set(table.column(key).to_pylist()))
    groups = []
    for part in parts:
        rows = table.filter(pa.compute.equal(table.column(key), part))
        order = list(range(rows.num_rows))
        rng.shuffle(order)
        groups.append(rows.take(order))
    rng.shuffle(groups)
    return groups


def _simulated(articles: list[Article], cfg: ReuseConfig, parts: int) -> ReuseResult:
    """``reuse_records_ray``'s dataflow in one process: the same maps and reduces, the groups
    of each shuffle made by hand."""
    by_id = {a.article_id: a for a in articles}
    ids = sorted(by_id)
    docs = len(ids)
    ordered = [by_id[i] for i in ids]
    source = [
        ray_reuse._article_table(ordered[i : i + 4]).append_column(
            "doc", [list(range(i, min(i + 4, docs)))]
        )
        for i in range(0, docs, 4)
    ]
    sketched = pa.concat_tables([ray_reuse.sketch_batch(t, cfg) for t in source])
    exploded = pa.concat_tables(
        [ray_reuse.bucket_rows(sketched.slice(i, 3), docs, parts) for i in range(0, docs, 3)]
    )
    counted = pa.concat_tables(
        [
            ray_reuse.bucket_pairs(g, docs, cfg.max_fingerprint_articles, parts)
            for g in _by_part(exploded)
        ]
    )
    minimum = (cfg.min_shared_fingerprints, cfg.paraphrase_min_shared_fingerprints)
    pairs = pa.concat_tables(
        [ray_reuse.pair_counts(g, docs, minimum) for g in _by_part(counted)]
    ).to_pylist()
    rows = sorted(sketched.to_pylist(), key=lambda r: r["doc"])
    found = {}
    for kind, name in enumerate(ray_reuse.KINDS):
        column = "fingerprints" if name == "copy" else "key_fingerprints"
        sizes = np.array([len(r[column]) // 8 for r in rows], dtype=np.int64)
        mine = sorted((r["lo"], r["hi"], r["shared"]) for r in pairs if r["kind"] == kind)
        found[name] = candidate_shares(
            np.array([(lo, hi) for lo, hi, _ in mine], dtype=np.int64).reshape(-1, 2),
            np.array([s for _, _, s in mine], dtype=np.int64),
            sizes,
            ids,
        )
    copy_pairs, para_pairs = ordered_candidates(
        found["copy"], found["key"] if cfg.paraphrase else {}
    )
    plan, part_of = ray_reuse.verify_plan(copy_pairs, para_pairs, cfg, parts)
    joined = pa.concat_tables(
        [
            *(ray_reuse.article_rows(t, part_of) for t in source),
            ray_reuse.pair_table(plan),
        ]
    )
    verified = pa.concat_tables(
        [ray_reuse.verify_part(g, cfg) for g in _by_part(joined)]
    ).to_pylist()
    links = sorted(
        (from_json(ReuseLink, r["json"]) for r in verified if r["kind"] == "link"),
        key=lambda link: link.link_id,
    )
    groups = ArticleGroups()
    for link in links:
        if joins_family(link, cfg):
            groups.join(link.article_a, link.article_b)
    return ReuseResult(
        links=links,
        families=families_of(ids, groups),
        sketches=[
            ReuseSketch(
                article_id=r["article_id"],
                algorithm=sketch_version(cfg),
                fingerprints=encode_array(ray_reuse._u64(r["fingerprints"]), "<u8"),
                key_fingerprints=encode_array(ray_reuse._u64(r["key_fingerprints"]), "<u8"),
            )
            for r in rows
        ],
        candidates=len(copy_pairs) + len(para_pairs),
        implied=sum(int(r["json"]) for r in verified if r["kind"] == "implied"),
    )


def _records(result: ReuseResult) -> tuple[list[str], list[str], list[str], int, int]:
    return (
        sorted(to_json(x) for x in result.links),
        sorted(to_json(x) for x in result.families),
        sorted(to_json(x) for x in result.sketches),
        result.candidates,
        result.implied,
    )


CONFIGS = {
    "default": ReuseConfig(),
    # Buckets of more than 3 articles: paired with their anchors only.
    "anchors": ReuseConfig(max_fingerprint_articles=3),
    "no paraphrase": ReuseConfig(paraphrase=False),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
@pytest.mark.parametrize("parts", [1, 3, 8])
def test_the_maps_and_reduces_give_the_local_stages_records(name: str, parts: int) -> None:
    cfg = CONFIGS[name]
    articles = _corpus()
    local = reuse_records(articles, cfg)
    # The corpus exercises what the order decides: skipped pairs, several components.
    assert local.implied > 0 and len(local.links) > 10
    assert any(link.kind == "duplicate" for link in local.links)
    assert _records(_simulated(articles, cfg, parts)) == _records(local)


def test_bucket_pair_codes_over_any_split_of_whole_buckets_add_up_to_the_whole() -> None:
    rng = np.random.default_rng(3)
    docs = 40
    # 60 buckets of 1-9 docs (some repeated in a bucket, as two merged fingerprints are).
    entries = [
        (bucket, int(doc))
        for bucket in range(60)
        for doc in rng.integers(0, docs, size=int(rng.integers(1, 10)))
    ]
    bits = bucket_bits(docs)
    packed = np.array([(b << int(bits)) | d for b, d in entries], dtype=np.uint64)
    for max_df, anchors in ((200, 0), (4, 0), (4, 2)):
        whole = np.sort(bucket_pair_codes(np.sort(packed), docs, 0, max_df, anchors))
        pieces = []
        for part in range(5):
            mine = np.sort(packed[(packed >> bits) % np.uint64(5) == np.uint64(part)])
            pieces.append(bucket_pair_codes(mine, docs, 0, max_df, anchors))
        assert np.array_equal(np.sort(np.concatenate(pieces)), whole)
        # Counted per piece, then summed: the pairs of the whole.
        codes, counts = np.unique(np.concatenate(pieces), return_counts=True)
        for min_shared in (1, 2, 3):
            got = pairs_of_codes(codes, docs, min_shared, counts.astype(np.int64))
            want = pairs_of_codes(whole, docs, min_shared)
            assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))


def test_pairs_of_different_components_never_affect_each_other() -> None:
    """The verify loop over all pairs in order equals the loops over each component's pairs
    (in the same order), links and skipped pairs alike: what lets components run apart."""
    cfg = ReuseConfig()
    articles = _corpus(seed=8)
    by_id = {a.article_id: a for a in articles}
    local = reuse_records(articles, cfg)
    assert local.candidates
    from storyline.reuse import ReuseIndex

    index = ReuseIndex(cfg)
    from storyline.reuse import sketch_texts

    ids = sorted(by_id)
    for i, s in zip(ids, sketch_texts([by_id[i].text for i in ids], cfg), strict=True):
        index.add(i, s)
    copy_pairs, para_pairs = index.candidates(0)
    ordered = [*((a, b, False) for a, b in copy_pairs), *((a, b, False) for a, b in para_pairs)]
    whole_links, whole_implied = verify_in_order(ordered, by_id.__getitem__, cfg, ArticleGroups())
    component = ray_reuse.components([(a, b) for a, b, _ in ordered])
    assert len(set(component.values())) > 1
    links: list[ReuseLink] = []
    implied = 0
    for root in sorted(set(component.values())):
        mine = [p for p in ordered if component[p[0]] == root]
        found, skipped = verify_in_order(mine, by_id.__getitem__, cfg, ArticleGroups())
        links += found
        implied += skipped
    assert sorted(map(to_json, links)) == sorted(map(to_json, whole_links))
    assert implied == whole_implied > 0


def test_components_are_spread_over_parts_largest_first() -> None:
    component = {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d", "f": "f", "g": "f"}
    part = ray_reuse.assign_parts(component, {"a": 5, "d": 2, "f": 2}, 2)
    assert part["a"] == part["b"] == part["c"] == 0  # a component is whole in one part
    assert part["d"] == part["f"] == 1  # the two small ones beside the large one


def test_sketching_a_text_does_not_depend_on_its_batch() -> None:
    cfg = ReuseConfig()
    articles = _corpus()
    together = ray_reuse.sketch_batch(
        ray_reuse._article_table(articles).append_column("doc", [list(range(len(articles)))]), cfg
    ).to_pylist()
    for k, article in enumerate(articles[:6]):
        alone = ray_reuse.sketch_batch(
            ray_reuse._article_table([article]).append_column("doc", [[k]]), cfg
        ).to_pylist()[0]
        assert alone == together[k]


@pytest.mark.slow
def test_on_ray_the_stage_gives_the_local_records() -> None:
    """``reuse_records_ray`` on a local Ray (in a loopback-only namespace) over the corpus above,
    with and without anchored buckets: the local stage's records."""
    from tests.engines.test_ray import _in_loopback_namespace, _loopback_namespace

    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    ran = _in_loopback_namespace(sys.executable, "-m", "tests.engines.test_ray_reuse")
    assert ran.returncode == 0, ran.stderr[-3000:]
    got = json.loads(ran.stdout.strip().splitlines()[-1])
    for name in ("default", "anchors"):
        assert got[name] == list(_records(reuse_records(_corpus(), CONFIGS[name]))), name
    for name, articles in _TINY.items():
        assert got[name] == list(_records(reuse_records(articles, ReuseConfig()))), name


# Corpora with no candidate pair: one article, and texts too short to have a fingerprint.
_TINY = {
    "one article": [_article("one", OTHERS[0])],
    "no fingerprints": [_article("short1", "Rain."), _article("short2", "Sun today.")],
}


def _main() -> None:
    """Run the stage on Ray over the corpus, for each of two configurations; print the records
    as one JSON line."""
    import ray

    from storyline.engines.ray import _quiet_ray, start

    _quiet_ray()
    start(ray, 3, None)
    try:
        out = {
            name: list(_records(ray_reuse.reuse_records_ray(ray, _corpus(), CONFIGS[name])))
            for name in ("default", "anchors")
        }
        for name, articles in _TINY.items():
            out[name] = list(_records(ray_reuse.reuse_records_ray(ray, articles, ReuseConfig())))
    finally:
        ray.shutdown()
    print(json.dumps(out))


if __name__ == "__main__":
    _main()
