"""Rankings, weighted scores and Pareto fronts over metric columns (plain numpy).

Every function takes magnitudes as float arrays with NaN for "not computable" and a
direction per metric. Values are compared after rounding to 12 significant digits, so the
same figures written in different units (3.35 TB/s, 3350 GB/s) tie as they should.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from .errors import UsageError

__all__ = ["competition_ranks", "normalise_weights", "pareto_mask", "relative_to_best", "significant"]

SIGNIFICANT_DIGITS = 12


def significant(values: np.ndarray, digits: int = SIGNIFICANT_DIGITS) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits (NaN stays NaN)."""
    values = np.asarray(values, dtype=float)
    out = values.copy()
    finite = np.isfinite(values) & (values != 0)
    if finite.any():
        v = values[finite]
        scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(v))))
        out[finite] = np.round(v * scale) / scale
    return out


def competition_ranks(values: np.ndarray, higher: bool) -> np.ndarray:
    """Ranks 1, 2, 2, 4 ... in the metric's direction; 0 where the value is NaN.

    Equal values share a rank (standard competition ranking).
    """
    v = significant(values)
    known = ~np.isnan(v)
    keys = -v if higher else v
    ranks = np.zeros(v.shape, dtype=int)
    if known.any():
        k = keys[known]
        # rank = 1 + number of known values strictly better
        ordered = np.sort(k)
        ranks[known] = np.searchsorted(ordered, k, side="left") + 1
    return ranks


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights scaled to add up to 1, by way of the largest (so 1e308 and 5e-324 work,
    and scaling every weight by the same constant changes nothing).

    Raises:
        UsageError: a weight that is not a positive, finite number.
    """
    for name, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w <= 0:
            raise UsageError(f"weight of {name!r} must be a positive, finite number, got {w!r}"[:160])
    largest = max(weights.values())
    scaled = {k: w / largest for k, w in weights.items()}  # in (0, 1], the largest exactly 1
    total = math.fsum(scaled.values())
    return {k: v / total for k, v in scaled.items()}


def relative_to_best(values: np.ndarray, higher: bool) -> np.ndarray:
    """Each value as a fraction of the best in the set: v / max for higher-is-better,
    min / v for lower-is-better. The best scores 1; units and scale cancel out."""
    v = np.asarray(values, dtype=float)
    known = v[~np.isnan(v)]
    if known.size == 0:
        return np.full(v.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative: np.ndarray = v / known.max() if higher else known.min() / v
    return relative


def dominated_by_any(rows: np.ndarray, front: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """For each of ``rows`` (oriented: higher is better), whether a row of ``front``
    dominates it. Broadcast in chunks so memory stays bounded."""
    out = np.zeros(len(rows), dtype=bool)
    if len(front) == 0:
        return out
    for start in range(0, len(rows), chunk):
        r = rows[start : start + chunk, None, :]
        ge = np.all(front[None, :, :] >= r, axis=2)
        gt = np.any(front[None, :, :] > r, axis=2)
        out[start : start + chunk] = np.any(ge & gt, axis=1)
    return out


def first_dominator(rows: np.ndarray, front: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """For each of ``rows``, the index in ``front`` of the first row that dominates it
    (-1 where none does)."""
    out = np.full(len(rows), -1)
    for start in range(0, len(rows), chunk):
        r = rows[start : start + chunk, None, :]
        dom = np.all(front[None, :, :] >= r, axis=2) & np.any(front[None, :, :] > r, axis=2)
        hit = np.any(dom, axis=1)
        out[start : start + chunk] = np.where(hit, dom.argmax(axis=1), -1)
    return out


def pareto_mask(matrix: np.ndarray, higher: Sequence[bool], chunk: int = 512) -> np.ndarray:
    """Which rows are on the Pareto front (no other row at least as good everywhere and
    better somewhere). ``matrix`` is n x k without NaN; ``higher`` gives each column's
    direction.

    Rows are visited in lexicographic best-first order, so a row that dominates another
    is always seen before it. Rows go in chunks: the front found so far removes most of a
    chunk in one vectorised step, and only the survivors are checked one by one.
    """
    n = len(matrix)
    if n == 0:
        return np.zeros(0, dtype=bool)
    m = significant(matrix).reshape(n, -1)
    oriented = np.where(np.asarray(higher, dtype=bool), m, -m)
    order = np.lexsort(tuple(-oriented[:, j] for j in reversed(range(oriented.shape[1]))))
    front: list[int] = []
    for start in range(0, n, chunk):
        candidates = order[start : start + chunk]
        if front:
            candidates = candidates[~dominated_by_any(oriented[candidates], oriented[front])]
        for i in candidates:
            row = oriented[i]
            if front:
                block = oriented[front]
                if ((block >= row).all(axis=1) & (block > row).any(axis=1)).any():
                    continue
            # equal rows do not dominate each other: both stay on the front
            front.append(int(i))
    on_front = np.zeros(n, dtype=bool)
    on_front[front] = True
    return on_front
