"""Average linkage over weighted groups: the clustering event merging ends with
(merge._learned_cluster).

A group of weight w stands for w copies of one mention already joined (events/copies.py):
``total[i, j]`` is the sum of the pairwise probabilities between the copies of i and those of
j, and a group's size is the sum of its weights, so the means are those of the copies
themselves. With every weight 1 it is plain average linkage over the mentions.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def average_linkage(
    total: npt.NDArray[np.float64], weights: npt.NDArray[np.float64], threshold: float
) -> list[int]:
    """The two groups of highest mean pairwise probability join while it reaches the threshold
    (a large negative total, an incompatible pair, keeps two groups apart for good). A local
    label per member: the index of the group it ends in.

    Each row's best mean is kept, so a join costs the rows it touches, not a search of the whole
    matrix; the joins are those of a search of the whole matrix for its first maximum (row by
    row), ties included."""
    n = len(total)
    total = total.copy()
    size = np.asarray(weights, dtype=np.float64).copy()
    mean = total / np.outer(size, size)
    np.fill_diagonal(mean, -np.inf)
    active = np.ones(n, dtype=bool)
    parent = np.arange(n)
    best = mean.max(axis=1)
    at = mean.argmax(axis=1)  # the first column of each row's best
    for _ in range(n - 1):
        i = int(np.argmax(best))
        j = int(at[i])
        if not mean[i, j] >= threshold:
            break
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        size[i] += size[j]
        active[j] = False
        mean[i, :] = np.where(active, total[i, :] / (size[i] * size), -np.inf)
        mean[i, i] = -np.inf
        mean[:, i] = mean[i, :]
        mean[j, :] = -np.inf
        mean[:, j] = -np.inf
        parent[j] = i
        # Rows whose best was i or j are searched again; any other row keeps its best unless
        # its new mean with i beats it (or equals it in an earlier column).
        column = mean[:, i]
        again = (at == i) | (at == j)
        again[i] = again[j] = True
        better = ~again & ((column > best) | ((column == best) & (i < at)))
        best[better] = column[better]
        at[better] = i
        rows = np.flatnonzero(again)
        best[rows] = mean[rows].max(axis=1)
        at[rows] = mean[rows].argmax(axis=1)
    labels = []
    for k in range(n):
        while parent[k] != k:
            k = int(parent[k])
        labels.append(k)
    return labels
