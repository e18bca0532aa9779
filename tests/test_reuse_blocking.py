"""Reuse blocking for syndication: copies of one wire story are not all compared pairwise."""

from __future__ import annotations

import random

from storyline.config import ReuseConfig
from storyline.model import Article
from storyline.reuse import find_reuse
from storyline.reuse.find import REPRINT_CONTAINMENT
from storyline.reuse.index import joins_family
from storyline.reuse.verify import compare
from tests.test_reuse import article

# Written for this test: a wire story, reprinted below by many outlets with small edits.
WIRE = [
    "The harbour authority said on Monday that the northern breakwater would close for repairs "
    "after winter storms cracked two of its concrete caissons",
    "Engineers found the damage during a routine dive inspection last week and recommended that "
    "no vessel larger than a fishing boat use the northern channel until the work is finished",
    "The repairs are expected to take eleven weeks and cost about four million euros, most of it "
    "paid from the port's own reserve fund rather than the regional budget",
    "Ferry operators will move their morning sailings to the southern quay, which the authority "
    "said could handle the extra traffic with two additional berths opened from next Thursday",
    "Local fishermen welcomed the decision but asked for compensation for the longer route they "
    "will have to take around the southern headland while the channel stays closed",
    "A spokesperson for the authority said the caissons had been installed in the early seventies "
    "and that a full replacement programme would be presented to the council in the autumn",
]
OTHER = (
    "A small bakery on the market square won the regional bread competition for the third year "
    "running, its owner said, crediting a sourdough starter kept alive since her grandmother "
    "opened the shop and a wood oven rebuilt by hand after a fire two summers ago."
)


def _copies(n: int, seed: int = 3) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        sentences = list(WIRE)
        del sentences[rng.randrange(1, len(sentences))]  # each outlet drops one sentence
        text = f"By Outlet {k} staff\n" + ". ".join(sentences) + "."
        out.append(
            Article(
                article_id=f"a{k:03d}",
                report_id=f"r{k:03d}",
                origin=f"{k}.txt",
                kind="text",
                text=text,
                source_id=f"outlet{k}",
            )
        )
    out.append(
        Article(
            article_id="z999",
            report_id="rz",
            origin="z.txt",
            kind="text",
            text=OTHER,
            source_id="bakery",
        )
    )
    return out


def test_copies_of_one_wire_story_are_one_family_without_comparing_every_pair() -> None:
    cfg = ReuseConfig()
    articles = _copies(30)
    result = find_reuse(articles, cfg)
    copies = {a.article_id for a in articles[:-1]}
    pairs = len(copies) * (len(copies) - 1) // 2
    assert result.candidates == pairs  # every copy shares fingerprints with every other
    # Verified: far fewer than the pairs; the rest are inside one group of reprints.
    assert result.implied > 0 and len(result.links) + result.implied == pairs
    assert len(result.links) < pairs // 3
    assert "inside groups of reprints" in result.line()
    # One family of the 30 copies (what comparing every pair would give), the bakery alone.
    families = sorted(sorted(f.article_ids) for f in result.families)
    assert sorted(copies) in families and ["z999"] in families and len(families) == 2
    # Every copy is linked to one it was verified against, as a family-joining duplicate.
    linked = {x for link in result.links for x in (link.article_a, link.article_b)}
    assert linked == copies
    # And a pair left out is what comparing it would have said: two reprints of one family.
    verified = {(link.article_a, link.article_b) for link in result.links}
    skipped = next(
        (a, b) for a in sorted(copies) for b in sorted(copies) if a < b and (a, b) not in verified
    )
    by_id = {a.article_id: a for a in articles}
    link = compare(by_id[skipped[0]], by_id[skipped[1]], cfg)
    assert link is not None and link.kind in ("duplicate", "copy") and joins_family(link, cfg)
    assert min(link.containment_a, link.containment_b) >= REPRINT_CONTAINMENT


def test_a_later_run_adding_copies_compares_each_with_the_stored_ones() -> None:
    """Blocking is within one call: the copies of a later run are verified against the indexed
    copies they match until they join one's group, and still land in the same family."""
    from storyline.reuse.index import ReuseIndex

    cfg = ReuseConfig()
    articles = _copies(24)
    index = ReuseIndex(cfg)
    first = find_reuse(articles[:12], cfg, index)
    later = find_reuse(articles, cfg, index)
    assert len(later.sketches) == 13  # the other 12 copies and the bakery
    assert later.implied > later.candidates // 2  # most new pairs are inside the group
    families = sorted(sorted(f.article_ids) for f in later.families)
    assert sorted(a.article_id for a in articles[:-1]) in families
    assert len(first.links) + len(later.links) + first.implied + later.implied == 24 * 23 // 2


def test_a_story_reprinted_by_more_outlets_than_the_boilerplate_cap_is_still_one_family() -> None:
    """Fingerprints held by more than ``max_fingerprint_articles`` articles are not expanded into
    all their pairs, but each copy is still paired with the bucket's first articles."""
    import dataclasses

    cfg = dataclasses.replace(ReuseConfig(), max_fingerprint_articles=8)
    articles = _copies(30)
    result = find_reuse(articles, cfg)
    families = sorted(sorted(f.article_ids) for f in result.families)
    assert sorted(a.article_id for a in articles[:-1]) in families
    # Linear, not quadratic: about three anchors per copy plus the pairs of rarer fingerprints.
    assert result.candidates < 30 * 29 // 2


def test_pairs_between_groups_of_near_duplicates_are_verified_once() -> None:
    """Five near-identical copies of the wire story and three of an article quoting two of its
    sentences: 15 pairs between the two groups, one verified; families as comparing every pair."""
    from storyline.reuse.index import ArticleGroups

    cfg = ReuseConfig()
    wire = ". ".join(WIRE) + "."
    spliced = OTHER + "\n" + ". ".join(WIRE[1:3]) + "."
    articles = [article(f"w{k}", f"By Outlet {k} staff\n{wire}") for k in range(5)]
    articles += [article(f"s{k}", f"From our desk {k}\n{spliced}") for k in range(3)]
    result = find_reuse(articles, cfg)
    between = [
        link for link in result.links if {link.article_a[0], link.article_b[0]} == {"w", "s"}
    ]
    assert len(between) == 1 and between[0].kind == "copy"
    # Verified: a chain through each group (4 + 2 pairs) and one pair between them.
    assert result.candidates == 8 * 7 // 2
    assert result.candidates - result.implied == 4 + 2 + 1
    # Comparing every pair gives the same families.
    groups = ArticleGroups()
    for a in articles:
        groups.add(a.article_id)
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            link = compare(a, b, cfg)
            if link is not None and joins_family(link, cfg):
                groups.join(link.article_a, link.article_b)
    everyone = {}
    for a in articles:
        everyone.setdefault(groups.find(a.article_id), []).append(a.article_id)
    expected = sorted(sorted(m) for m in everyone.values())
    assert sorted(sorted(f.article_ids) for f in result.families) == expected
    # A pair left out compares as the verified one did.
    by_id = {a.article_id: a for a in articles}
    verified = {(between[0].article_a, between[0].article_b)}
    skipped = next(
        (a, b) for a in ("s0", "s1", "s2") for b in ("w0", "w1") if (a, b) not in verified
    )
    link = compare(by_id[skipped[0]], by_id[skipped[1]], cfg)
    assert link is not None and link.kind == between[0].kind


def test_copy_candidates_come_most_alike_first() -> None:
    from storyline.reuse.index import ReuseIndex
    from storyline.reuse.sketch import sketch_texts

    cfg = ReuseConfig()
    wire = ". ".join(WIRE) + "."
    texts = {
        "a": f"By Outlet 1 staff\n{wire}",
        "b": OTHER + "\n" + ". ".join(WIRE[1:3]) + ".",
        "c": f"By Outlet 2 staff\n{wire}",
    }
    index = ReuseIndex(cfg)
    sketches = sketch_texts(list(texts.values()), cfg)
    for article_id, sketch in zip(texts, sketches, strict=True):
        index.add(article_id, sketch)
    copy_pairs, _ = index.candidates(0)
    assert copy_pairs[0] == ("a", "c")
    assert set(copy_pairs) == {("a", "b"), ("a", "c"), ("b", "c")}


def test_near_duplicates_of_an_earlier_run_are_one_group_in_a_later_one() -> None:
    """Copies added later are verified against one of the stored near-duplicates, not each."""
    from storyline.reuse.index import ReuseIndex

    cfg = ReuseConfig()
    wire = ". ".join(WIRE) + "."
    spliced = OTHER + "\n" + ". ".join(WIRE[1:3]) + "."
    stored = [article(f"w{k}", f"By Outlet {k} staff\n{wire}") for k in range(5)]
    added = [article(f"s{k}", f"From our desk {k}\n{spliced}") for k in range(3)]
    first = find_reuse(stored, cfg)
    index = ReuseIndex.from_records(first.sketches, first.links, cfg, lambda _: None)
    later = find_reuse(stored + added, cfg, index)
    assert later.candidates == 3 * 5 + 3  # each added article with every copy and each other
    assert later.candidates - later.implied == 2 + 1  # a chain through the added, one between
    families = sorted(sorted(f.article_ids) for f in later.families)
    assert families == [sorted(a.article_id for a in stored + added)]
