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

__all__ = ["Placer"]

RINGS = 22  # candidate distances tried around a point
ANGLES = 24  # candidate directions per distance
_PENDING = 16  # rectangles marked since the last summed-area table before summing again


def _box_distance(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """(M, P) distances from each box to each point (0 inside)."""
    dx = np.maximum(np.maximum(boxes[:, None, 0] - points[None, :, 0], points[None, :, 0] - boxes[:, None, 2]), 0)
    dy = np.maximum(np.maximum(boxes[:, None, 1] - points[None, :, 1], points[None, :, 1] - boxes[:, None, 3]), 0)
    distance: np.ndarray = np.hypot(dx, dy)
    return distance


class Placer:
    """The chart's occupied space, and label placement within ``frame`` (x0, y0, x1, y1).

    Occupied space is kept on a raster of small cells, each object rounded outward to the
    cells it touches: labels, leader lines and fixed texts on one grid, the discs around
    points on another, and a summed-area table of both answers "is this box free?" in four
    lookups, so a candidate costs the same however many labels are placed.

    Args:
        points: (N, 2) the labelled points.
        radius: what a label keeps clear of around every point.
        frame: labels stay inside it.
        obstacles: (K, 4) boxes nothing may cover (region names, other markers' discs).
        line_points: (L, 2) samples along drawn lines, avoided when possible.
        members: (M, 2) points that share a labelled point's label (drawn at nearly its
            spot): kept clear like every point, labelled with it.
        gap: the ring step around a point; a label starts a third of it outside the disc.
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
        members: np.ndarray | None = None,
    ) -> None:
        self.points = points
        self.radius = radius
        self.frame = frame
        self.gap = gap
        self.leader_from = leader_from
        # a label starts gap/3 outside its point's disc: a cell smaller than that keeps the
        # two apart after rounding outward
        self.cell = max(min(gap / 4.5, 3.0), 0.5)
        x0, y0, x1, y1 = frame
        self.shape = (int((y1 - y0) // self.cell) + 3, int((x1 - x0) // self.cell) + 3)
        self.hard = np.zeros(self.shape, dtype=np.int32)  # labels, leaders, fixed texts
        self.discs = np.zeros(self.shape, dtype=np.int32)  # the discs around points
        for x, y in points if members is None else np.concatenate([points, members.reshape(-1, 2)]):
            self._mark(self.discs, np.array([x - radius, y - radius, x + radius, y + radius]))
        for box in obstacles.reshape(-1, 4):
            self._mark(self.hard, box)
        self._sum()
        self.dist = radius + gap / 3 + gap * np.arange(RINGS) ** 1.25  # wider steps farther out
        angles = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)
        self.ux, self.uy = np.cos(angles), np.sin(angles)
        self._lines = self._table(line_points)

    def _cells(self, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Cell ranges [gx0, gx1) x [gy0, gy1) of boxes, rounded outward, clipped to the grid."""
        c, (x0, y0) = self.cell, self.frame[:2]
        ny, nx = self.shape
        # (np.minimum/np.maximum: np.clip's checks cost more than the work on a few hundred boxes)
        g = np.floor((boxes - np.array([x0, y0, x0, y0])) / c).astype(int) + np.array([1, 1, 2, 2])
        g = np.minimum(np.maximum(g, 0), (nx, ny, nx, ny))
        return g[:, 0], g[:, 1], g[:, 2], g[:, 3]

    def _mark(self, grid: np.ndarray, box: np.ndarray) -> None:
        gx0, gy0, gx1, gy1 = (int(v[0]) for v in self._cells(box[None, :]))
        grid[gy0:gy1, gx0:gx1] += 1

    def _sum(self) -> None:
        self.pending: list[tuple[int, int, int, int]] = []
        table = np.zeros((self.shape[0] + 1, self.shape[1] + 1), dtype=np.int64)
        table[1:, 1:] = (self.hard + self.discs).cumsum(0).cumsum(1)
        self.table = table

    def _occupied(self, cand: np.ndarray) -> np.ndarray:
        gx0, gy0, gx1, gy1 = self._cells(cand)
        t = self.table
        count: np.ndarray = t[gy1, gx1] - t[gy0, gx1] - t[gy1, gx0] + t[gy0, gx0]
        busy: np.ndarray = count > 0
        if self.pending:  # placed since the table was summed: their cell rectangles
            r = np.array(self.pending)  # (P, 4) gx0, gy0, gx1, gy1
            busy |= (
                (gx0[:, None] < r[None, :, 2])
                & (r[None, :, 0] < gx1[:, None])
                & (gy0[:, None] < r[None, :, 3])
                & (r[None, :, 1] < gy1[:, None])
            ).any(axis=1)
        return busy

    def _samples(self, start: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Grid cells (iy, ix) along segments from ``start`` to each end, every half cell,
        with each sample's distance from ``start``."""
        xy = self._path(start, ends)
        return (*self._grid(xy), np.hypot(xy[..., 0] - start[0], xy[..., 1] - start[1]))

    def _path(self, start: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """(M, S, 2) points every half cell or less from ``start`` to each end."""
        length = float(np.hypot(*(ends - start).T).max()) if len(ends) else 0.0
        t = np.linspace(0.0, 1.0, max(int(length / (self.cell / 2)), 1) + 1)
        xy: np.ndarray = start + (ends - start)[:, None, :] * t[None, :, None]
        return xy

    def _grid(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The grid cells (iy, ix) of display points."""
        ix = np.floor((xy[..., 0] - self.frame[0]) / self.cell).astype(int) + 1
        iy = np.floor((xy[..., 1] - self.frame[1]) / self.cell).astype(int) + 1
        return np.minimum(np.maximum(iy, 0), self.shape[0] - 1), np.minimum(np.maximum(ix, 0), self.shape[1] - 1)

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
        lead = np.repeat(dist > self.leader_from, ANGLES)
        ok &= lead if leader else ~lead
        ok[ok] = ~self._occupied(cand[ok])
        if not leader and ok.any():
            points = self.points
            reach = dist[-1] + w + h
            close = (np.abs(points[:, 0] - x) < reach) & (np.abs(points[:, 1] - y) < reach)
            close[k] = False
            if close.any():  # with a margin, so the drawn text (a little smaller) keeps it too
                own = _box_distance(cand, self.points[k][None, :])[:, 0]
                ok &= own + self.gap / 2 <= _box_distance(cand, points[close]).min(axis=1)
        found = np.flatnonzero(ok)
        if leader and len(found):
            # its leader, from the point to the label's centre, crosses no label or leader,
            # nor any point's disc beyond those touching its own (chips at nearly the same
            # figures: the leader leaves through them and still ends at its own marker)
            found = found[:24]  # the nearest clean spots are enough
            ends = np.column_stack([(cand[found, 0] + cand[found, 2]) / 2, (cand[found, 1] + cand[found, 3]) / 2])
            xy = self._path(self.points[k], ends)
            iy, ix = self._grid(xy)
            along = np.hypot(xy[..., 0] - x, xy[..., 1] - y)
            box = cand[found][:, None, :]
            inside = (
                (xy[..., 0] >= box[..., 0] - self.cell)
                & (xy[..., 0] <= box[..., 2] + self.cell)
                & (xy[..., 1] >= box[..., 1] - self.cell)
                & (xy[..., 1] <= box[..., 3] + self.cell)
            )
            hard = (self.hard[iy, ix] > 0) & ~inside
            disc = (self.discs[iy, ix] > 0) & (along > 3 * self.radius + 2 * self.cell) & ~inside
            found = found[~(hard | disc).any(axis=1)]
        if not len(found):
            return None
        cover = self._line_cover(cand[found])
        choice = int(found[np.argmax(cover == 0)]) if (cover == 0).any() else int(found[0])
        box = cand[choice]
        self._mark(self.hard, box)
        gx0, gy0, gx1, gy1 = (int(v[0]) for v in self._cells(box[None, :]))
        self.pending.append((gx0, gy0, gx1, gy1))
        needs = bool(lead[choice])
        if needs:
            mid = np.array([[(box[0] + box[2]) / 2, (box[1] + box[3]) / 2]])
            # All of it, from the point's centre, three cells wide: samples of a later leader
            # half a cell apart then always land on it where the two would cross.
            iy, ix, _ = self._samples(self.points[k], mid)
            ys, xs = iy.ravel(), ix.ravel()
            ny, nx = self.shape
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    self.hard[np.clip(ys + dy, 0, ny - 1), np.clip(xs + dx, 0, nx - 1)] = 1
            for j in range(0, len(xs), 8):  # runs of 8 samples (4 cells), each as its rectangle
                px, py = xs[j : j + 8], ys[j : j + 8]
                self.pending.append((int(px.min()) - 1, int(py.min()) - 1, int(px.max()) + 2, int(py.max()) + 2))
        if len(self.pending) > _PENDING:  # summing costs a pass over the grid: now and then
            self._sum()
        return box, needs
