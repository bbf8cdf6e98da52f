"""Progress of long work (loading many sheets, drawing a report, writing a site).

The library reports progress through a plain callback, ``progress(task, done, total)``, and
never prints (a Python user may pass any callable, e.g. to drive a notebook widget). The
command line turns the callback into :class:`ProgressLine`: one line on standard error,
rewritten in place the way pip, curl and tqdm do, and only when standard error is a
terminal and ``--quiet`` is not given, so pipes, logs and CI output never hold it.

    loading sheets   41,234/100,000  41%  12 s, about 17 s left
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "ProgressLine", "report_progress"]

Progress = Callable[[str, int, int], None]
"""``progress(task, done, total)``: ``done`` of ``total`` steps of ``task`` are finished."""

# Below this, work is over before a reader would look at a line (and the line would only flicker).
SHOW_AFTER = 0.5  # seconds
# Redraw at most this often: a terminal repaint per sheet would cost more than the sheet.
REDRAW_EVERY = 0.1  # seconds


def report_progress(progress: Progress | None, task: str, done: int, total: int) -> None:
    """Call ``progress`` if there is one (so callers need no ``if`` of their own)."""
    if progress is not None:
        progress(task, done, total)


class ProgressLine:
    """A single self-updating progress line on a terminal stream.

    Nothing is written until the work has run :data:`SHOW_AFTER` seconds (short commands
    stay silent), then the line is redrawn at most every :data:`REDRAW_EVERY` seconds and
    on the last step; :meth:`close` erases it, so the command's own messages start on a
    clean line. A stream that is not a terminal gets nothing at all.

    Args:
        stream: where to draw (the CLI passes standard error).
        enabled: False for ``--quiet``; a stream that is not a terminal disables it too.
        words: the line's words in the reader's language (the CLI passes
            :func:`chipspec.i18n.phrase`; this module sits below the words in the pipeline).
        clock: the time source (tests pass a fake one).
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool = True,
        words: Callable[[str], str] = str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream = stream
        self.words = words
        self.enabled = enabled and bool(isatty and isatty())
        self.clock = clock
        self.started: dict[str, float] = {}
        self.drawn_at = float("-inf")
        self.width = 0  # characters of the line on screen, to erase it

    def __call__(self, task: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        start = self.started.setdefault(task, now)
        elapsed = now - start
        last = done >= total
        if elapsed < SHOW_AFTER or (not last and now - self.drawn_at < REDRAW_EVERY):
            return
        self.drawn_at = now
        self._draw(line(task, done, total, elapsed, self.words))

    def _draw(self, text: str) -> None:
        pad = " " * max(0, self.width - _cells(text))
        try:
            self.stream.write(f"\r{text}{pad}")
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: progress is not worth an error
            self.enabled = False
            return
        self.width = _cells(text)

    def close(self) -> None:
        """Erase the line (if one was drawn)."""
        if self.enabled and self.width:
            try:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass
        self.width = 0

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def line(task: str, done: int, total: int, elapsed: float, words: Callable[[str], str] = str) -> str:
    """The progress line's text: task, count, percent, time so far and an estimate of the
    rest once a tenth of the work is done (an earlier estimate jumps about too much)."""
    total = max(total, 1)
    done = min(max(done, 0), total)
    width = len(f"{total:,}")
    label = words(task)
    label += " " * max(0, 16 - _cells(label))  # Chinese characters take two columns
    text = f"{label} {done:>{width},}/{total:,} {100 * done // total:>3}%  {elapsed:.0f} s"
    if 0 < done < total and done * 10 >= total:
        left = elapsed * (total - done) / done
        text += words(", about {left} s left").format(left=f"{left:.0f}")
    return text


def _cells(text: str) -> int:
    """Terminal columns ``text`` takes (a Chinese character two)."""
    from wcwidth import wcswidth

    return max(wcswidth(text), len(text))
