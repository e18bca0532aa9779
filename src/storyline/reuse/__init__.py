"""Articles -> reuse links (duplicates, copied passages, paraphrases) and source families.

Three steps, each cheaper than the next is expensive:

1. **Sketch** (per article, vectorized with numpy): hash every word, combine ``shingle_tokens``
   consecutive word hashes into shingle hashes, and keep the minimum of every window of ``window``
   shingles (winnowing: a local MinHash). Any run of ``window + shingle_tokens - 1`` words shared
   by two articles yields a shared fingerprint, however long the rest of either article is, which
   is what whole-document MinHash misses for a wire passage spliced into a longer article. A second,
   smaller sketch does the same over the sequence of key terms (numbers and content words) to find
   paraphrases of one source.
2. **Candidates** (a reduce over fingerprint buckets): all fingerprints sorted together; two
   articles sharing ``min_shared_fingerprints`` buckets are a candidate pair. Sub-quadratic: work
   grows with the bucket sizes, and buckets larger than ``max_fingerprint_articles`` (boilerplate)
   are skipped. Only pairs with at least one new article are produced, so a run over a stored
   index compares new articles only.
3. **Verify** each candidate: align the two word sequences on shared word 4-grams, chain matches
   along diagonals across small edits, and report every shared passage with its character spans in
   both texts; failing that, align sentences by their key terms to test for a paraphrase.

Families are the connected components of the duplicate/copy links that share a reporter's prose:
quoted words (a statement, a speech, a press release in quotation marks, in either article) do not
count, since outlets quoting the same statement are independent reports of it; what remains must
reach ``family_containment`` of either article's own prose. Families do not depend on the order
articles arrive in.
"""

from __future__ import annotations

from storyline.reuse.find import ReuseResult, StepProgress, find_reuse
from storyline.reuse.index import ReuseIndex, joins_family
from storyline.reuse.sketch import Sketch, sketch_text, sketch_texts, sketch_version
from storyline.reuse.verify import compare, direction, shared_passages
from storyline.stages import algorithm_names

# Versioned algorithm names, read from the one registry of the stages (storyline.stages).
ALGORITHMS = algorithm_names("reuse")

__all__ = [
    "ALGORITHMS",
    "ReuseIndex",
    "ReuseResult",
    "Sketch",
    "StepProgress",
    "compare",
    "direction",
    "find_reuse",
    "joins_family",
    "shared_passages",
    "sketch_text",
    "sketch_texts",
    "sketch_version",
]
