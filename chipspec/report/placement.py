"""Where point labels go: pure geometry in display pixels, no matplotlib.

A :class:`Placer` holds what is already on the chart (label boxes, the discs around points,
fixed texts, leader lines, drawn lines) and places one label at a time:

- near its point first (no leader line, its own point the nearest point to it);
- else farther away, joined by a leader line that crosses no other leader, label or point,
  and that no later label covers.

Candidates are tried in rings around the point, nearest first, in 16 directions, all tested
at once with numpy against what is near. Drawn lines (roofline curves) are avoided where a
clean spot exists, counted from a summed-area table of line samples, so a test is O(1).
A label that finds no clean spot is not placed: the caller numbers or keys it instead of
drawing it on top of something.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Placer", "segments_cross", "segments_hit_boxes"]

RINGS = 22  # candidate distances tried around a point
ANGLES = 24  # candidate directions per distance


def segments_hit_boxes(p0: np.ndarray, p1: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(S, B) booleans: does segment s (``p0[s]`` to ``p1[s]``) meet box b (x0, y0, x1, y1)?
    Liang-Barsky clipping, vectorised."""
    if len(p0) == 0 or len(boxes) == 0:
        return np.zeros((len(p0), len(boxes)), dtype=bool)
    d = p1 - p0
    lo = np.zeros((len(p0), len(boxes)))
    hi = np.ones((len(p0), len(boxes)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis in (0, 1):
            start, delta = p0[:, axis : axis + 1], d[:, axis : axis + 1]
            t0 = (boxes[None, :, axis] - start) / delta
            t1 = (boxes[None, :, axis + 2] - start) / delta
            flat = delta == 0
            inside = (boxes[None, :, axis] <= start) & (start <= boxes[None, :, axis + 2])
            near = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(t0, t1))
            far = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(t0, t1))
            lo = np.maximum(lo, near)
            hi = np.minimum(hi, far)
    hit: np.ndarray = lo <= hi
    return hit


def segments_cross(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """(A, B) booleans: does segment a cross segment b (touching ends do not count)?"""
    if len(a0) == 0 or len(b0) == 0:
        return np.zeros((len(a0), len(b0)), dtype=bool)

    def orient(p: np.ndarray, q: np.ndarray, r: np.ndarray) -> np.ndarray:
        value: np.ndarray = (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (
            r[..., 0] - p[..., 0]
        )
        return value

    A0, A1 = a0[:, None, :], a1[:, None, :]
    B0, B1 = b0[None, :, :], b1[None, :, :]
    d1, d2 = orient(B0, B1, A0), orient(B0, B1, A1)
    d3, d4 = orient(A0, A1, B0), orient(A0, A1, B1)
    cross: np.ndarray = (d1 * d2 < 0) & (d3 * d4 < 0)
    return cross


def _overlap(cand: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(M,) booleans: does candidate box m overlap any of ``boxes``?"""
    if len(boxes) == 0:
        return np.zeros(len(cand), dtype=bool)
    w = np.minimum(cand[:, None, 2], boxes[None, :, 2]) - np.maximum(cand[:, None, 0], boxes[None, :, 0])
    h = np.minimum(cand[:, None, 3], boxes[None, :, 3]) - np.maximum(cand[:, None, 1], boxes[None, :, 1])
    hit: np.ndarray = ((w > 0) & (h > 0)).any(axis=1)
    return hit


def _box_distance(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """(M, P) distances from each box to each point (0 inside)."""
    dx = np.maximum(np.maximum(boxes[:, None, 0] - points[None, :, 0], points[None, :, 0] - boxes[:, None, 2]), 0)
    dy = np.maximum(np.maximum(boxes[:, None, 1] - points[None, :, 1], points[None, :, 1] - boxes[:, None, 3]), 0)
    distance: np.ndarray = np.hypot(dx, dy)
    return distance


class Placer:
    """The chart's occupied space, and label placement within ``frame`` (x0, y0, x1, y1).

    Args:
        points: (N, 2) the labelled points.
        radius: what a label keeps clear of around every point (and ``discs``).
        frame: labels stay inside it.
        obstacles: (K, 4) boxes nothing may cover (region names, other markers' discs).
        line_points: (L, 2) samples along drawn lines, avoided when possible.
        gap: the smallest distance between a label and its point; the ring step.
        leader_from: a label whose box is farther than this from its point gets a leader.
    """

    def __init__(
        self,
        points: np.ndarray,
        radius: float,
        frame: tuple[float, float, float, float],
        obstacles: np.ndarray,
        line_points: np.ndarray,
        gap: float,
        leader_from: float,
    ) -> None:
        self.points = points
        self.radius = radius
        self.frame = frame
        self.gap = gap
        self.leader_from = leader_from
        discs = np.column_stack([points - radius, points + radius]).reshape(-1, 4)
        self.boxes = np.concatenate([discs, obstacles.reshape(-1, 4)])  # the first N are the discs
        self.leaders = np.empty((0, 4))  # (x0, y0, x1, y1): point to the label's centre
        self.dist = radius + gap / 3 + gap * np.arange(RINGS) ** 1.25  # wider steps farther out
        angles = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)
        self.ux, self.uy = np.cos(angles), np.sin(angles)
        self._lines = self._table(line_points)

    def _table(self, samples: np.ndarray) -> tuple[np.ndarray, float] | None:
        """A summed-area table of line samples on a grid of ``gap / 2`` cells."""
        if len(samples) == 0:
            return None
        x0, y0, x1, y1 = self.frame
        cell = max(self.gap / 2, 1.0)
        nx, ny = int((x1 - x0) // cell) + 2, int((y1 - y0) // cell) + 2
        ix = np.clip(((samples[:, 0] - x0) // cell).astype(int), 0, nx - 1)
        iy = np.clip(((samples[:, 1] - y0) // cell).astype(int), 0, ny - 1)
        grid = np.zeros((ny + 1, nx + 1))
        np.add.at(grid, (iy + 1, ix + 1), 1)
        return grid.cumsum(0).cumsum(1), cell

    def _line_cover(self, cand: np.ndarray) -> np.ndarray:
        if self._lines is None:
            return np.zeros(len(cand))
        table, cell = self._lines
        x0, y0 = self.frame[0], self.frame[1]
        ny, nx = table.shape[0] - 1, table.shape[1] - 1
        gx0 = np.clip(((cand[:, 0] - x0) // cell).astype(int), 0, nx)
        gx1 = np.clip(((cand[:, 2] - x0) // cell).astype(int) + 1, 0, nx)
        gy0 = np.clip(((cand[:, 1] - y0) // cell).astype(int), 0, ny)
        gy1 = np.clip(((cand[:, 3] - y0) // cell).astype(int) + 1, 0, ny)
        count: np.ndarray = table[gy1, gx1] - table[gy0, gx1] - table[gy1, gx0] + table[gy0, gx0]
        return count

    def place(
        self, k: int, size: tuple[float, float], leader: bool, rings: int = RINGS
    ) -> tuple[np.ndarray, bool] | None:
        """A box (x0, y0, x1, y1) for point ``k``'s label of ``size``, and whether it needs a
        leader line; None if there is no clean spot. With ``leader`` False only spots next to
        the point are tried, where the point is the nearest one to the label; with it, the
        first ``rings`` distances."""
        x, y = self.points[k]
        w, h = size
        dist = self.dist[:rings] if leader else self.dist[:3]
        cx = (x + np.outer(dist, self.ux) + np.where(self.ux > 0.3, w / 2, np.where(self.ux < -0.3, -w / 2, 0))).ravel()
        cy = (y + np.outer(dist, self.uy) + np.where(self.uy > 0.3, h / 2, np.where(self.uy < -0.3, -h / 2, 0))).ravel()
        cand = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
        fx0, fy0, fx1, fy1 = self.frame
        ok = (cand[:, 0] >= fx0) & (cand[:, 2] <= fx1) & (cand[:, 1] >= fy0) & (cand[:, 3] <= fy1)
        reach = dist[-1] + w + h  # nothing farther away can touch a candidate or its leader
        boxes = self.boxes
        near = (
            (boxes[:, 0] < x + reach)
            & (boxes[:, 2] > x - reach)
            & (boxes[:, 1] < y + reach)
            & (boxes[:, 3] > y - reach)
        )
        near[k] = False  # its own point's disc: candidates start outside it
        others = boxes[near]
        ok &= ~_overlap(cand, others)
        lead = np.repeat(dist > self.leader_from, ANGLES)
        if leader:
            ok &= lead
        else:
            ok &= ~lead
            points = self.points
            close = (np.abs(points[:, 0] - x) < reach) & (np.abs(points[:, 1] - y) < reach)
            close[k] = False
            if close.any():  # with a margin, so the drawn text (a little smaller) keeps it too
                own = _box_distance(cand, self.points[k][None, :])[:, 0]
                ok &= own + self.gap / 2 <= _box_distance(cand, points[close]).min(axis=1)
        leaders = self.leaders
        if len(leaders):
            lnear = (
                (np.minimum(leaders[:, 0], leaders[:, 2]) < x + reach)
                & (np.maximum(leaders[:, 0], leaders[:, 2]) > x - reach)
                & (np.minimum(leaders[:, 1], leaders[:, 3]) < y + reach)
                & (np.maximum(leaders[:, 1], leaders[:, 3]) > y - reach)
            )
            leaders = leaders[lnear]
        if len(leaders) and ok.any():  # no label on an earlier leader line
            ok &= ~segments_hit_boxes(leaders[:, :2], leaders[:, 2:], cand).any(axis=0)
        if leader and ok.any():  # its own leader crosses no leader, label or point
            centre = np.column_stack([(cand[:, 0] + cand[:, 2]) / 2, (cand[:, 1] + cand[:, 3]) / 2])
            start = np.broadcast_to(self.points[k], centre.shape)
            # a marker touching the point's own (a chip at nearly the same figures) cannot be
            # avoided: the leader leaves through it, and still ends at its own marker
            r2 = 2 * self.radius
            over = (others[:, 0] < x + r2) & (x - r2 < others[:, 2]) & (others[:, 1] < y + r2) & (y - r2 < others[:, 3])
            over &= np.isclose(others[:, 2] - others[:, 0], r2) & np.isclose(others[:, 3] - others[:, 1], r2)
            ok &= ~segments_hit_boxes(start, centre, others[~over]).any(axis=1)
            ok &= ~segments_cross(start, centre, leaders[:, :2], leaders[:, 2:]).any(axis=1)
        if not ok.any():
            return None
        free = ok & (self._line_cover(cand) == 0)
        choice = int(np.flatnonzero(free)[0]) if free.any() else int(np.flatnonzero(ok)[0])
        box = cand[choice]
        self.boxes = np.concatenate([self.boxes, box[None, :]])
        needs = bool(lead[choice])
        if needs:
            mid = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            self.leaders = np.concatenate([self.leaders, np.array([[x, y, *mid]])])
        return box, needs
