"""The progress line of long work: drawn on a terminal only, throttled, erased, silenced by
--quiet; the library's callback sees every step."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import chipspec
from chipspec import progress as progress_module
from chipspec.cli import main
from chipspec.i18n import phrase
from chipspec.load import load_catalog
from chipspec.progress import ProgressLine, line
from chipspec.report.html import site

DATA = Path(__file__).parent / "data"


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_line_reads_like_a_data_tool() -> None:
    assert line("loading sheets", 41_234, 100_000, 12.4) == (
        "loading sheets    41,234/100,000  41%  12 s, about 18 s left"
    )
    assert line("loading sheets", 5, 100, 0.7) == "loading sheets     5/100   5%  1 s"  # no guess before 10 %
    assert line("writing pages", 94, 94, 3.0) == "writing pages    94/94 100%  3 s"
    assert (
        line("loading sheets", 50, 100, 10.0, lambda text: phrase(text, "zh"))
        == "读取数据表        50/100  50%  10 s，约剩 10 秒"
    )


def test_drawn_after_half_a_second_throttled_and_erased() -> None:
    stream, clock = FakeTTY(), Clock()
    bar = ProgressLine(stream, clock=clock)
    bar("loading sheets", 0, 1000)
    clock.now += 0.3
    bar("loading sheets", 10, 1000)
    assert stream.getvalue() == "", "quick work shows nothing"
    clock.now += 0.3
    bar("loading sheets", 200, 1000)
    assert stream.getvalue() == "\rloading sheets     200/1,000  20%  1 s, about 2 s left"
    clock.now += 0.05
    bar("loading sheets", 300, 1000)  # within 0.1 s of the last redraw: skipped
    assert stream.getvalue().count("\r") == 1
    clock.now += 0.01
    bar("loading sheets", 1000, 1000)  # the last step is always drawn
    last = "loading sheets   1,000/1,000 100%  1 s"
    assert stream.getvalue().endswith(f"\r{last}" + " " * len(", about 2 s left"))
    bar.close()
    assert stream.getvalue().endswith("\r" + " " * len(last) + "\r")  # (the rest is blank already)


def test_a_shorter_line_covers_the_longer_one_before_it() -> None:
    stream, clock = FakeTTY(), Clock()
    bar = ProgressLine(stream, clock=clock)
    bar("loading sheets", 0, 10)
    clock.now += 1
    bar("loading sheets", 5, 10)
    first = "loading sheets    5/10  50%  1 s, about 1 s left"
    clock.now += 1
    bar("loading sheets", 10, 10)
    second = "loading sheets   10/10 100%  2 s"
    assert stream.getvalue() == f"\r{first}\r{second}" + " " * (len(first) - len(second))


@pytest.mark.parametrize("stream, enabled", [(io.StringIO(), True), (FakeTTY(), False)])
def test_silent_off_a_terminal_and_when_quiet(stream: io.StringIO, enabled: bool) -> None:
    clock = Clock()
    bar = ProgressLine(stream, enabled=enabled, clock=clock)
    bar("loading sheets", 0, 10)
    clock.now += 5
    bar("loading sheets", 10, 10)
    bar.close()
    assert stream.getvalue() == ""


def test_load_catalog_and_the_site_report_each_step(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    catalog = load_catalog(progress=lambda *step: seen.append(step))
    n = len(catalog) + len(catalog.systems)  # every bundled sheet loads: chips and systems
    assert seen == [("loading sheets", i, n) for i in range(n + 1)]
    seen.clear()
    chips = chipspec.Catalog(list(catalog)[:3], vendors=catalog.vendors)
    site(tmp_path / "s", chips, progress=lambda *step: seen.append(step))
    tasks = {(t, n) for t, _, n in seen}
    assert tasks == {("drawing charts", 4), ("building pages", 3), ("writing pages", 4)}
    assert seen[-1] == ("writing pages", 4, 4)


def test_the_cli_draws_on_a_terminal_unless_quiet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_EVERY", 0.0)
    args = ["report", "h20", "910b", "-o", str(tmp_path / "r.html")]
    err = FakeTTY()
    assert main(args, out=io.StringIO(), err=err) == 0
    text = err.getvalue()
    assert "\rloading sheets" in text or "\rdrawing charts" in text
    assert "\rdrawing charts   4/4 100%" in text
    erased = text.rindex("\r", 0, text.index("wrote"))  # the line is erased before the message
    assert text[: erased + 1].rstrip("\r").endswith(" ") and text.endswith(f"wrote {tmp_path / 'r.html'}\n")
    # the same command quiet and off a terminal, its work stood in for by steps as the
    # report's (drawing the charts again would only repeat the seconds above)
    from chipspec.report import html

    def report(*args: object, progress: chipspec.progress.Progress | None = None, **kwargs: object) -> str:
        for done in range(5):
            chipspec.progress.report_progress(progress, "drawing charts", done, 4)
        return "<!DOCTYPE html>"

    monkeypatch.setattr(html, "report", report)
    for quiet in ("--quiet", "-q"):
        err = FakeTTY()
        assert main([*args, quiet], out=io.StringIO(), err=err) == 0
        assert err.getvalue() == f"wrote {tmp_path / 'r.html'}\n"
    err = FakeTTY()  # the stand-in draws where the real report did
    assert main(args, out=io.StringIO(), err=err) == 0
    assert "\rdrawing charts   4/4 100%" in err.getvalue()
    err2 = io.StringIO()  # not a terminal: nothing but the message
    assert main(args, out=io.StringIO(), err=err2) == 0
    assert err2.getvalue() == f"wrote {tmp_path / 'r.html'}\n"
