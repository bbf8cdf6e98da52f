"""Files are written whole or not at all: beside the target, then renamed over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest

from chipspec import OutputError
from chipspec.output import write_output
from tests.conftest import CHIPS


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    target.write_bytes(b"good")

    def draw(stream: BinaryIO) -> None:
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as info:
        write_output(target, draw)
    assert str(info.value) == f"{target}: cannot write: No space left on device"
    assert target.read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.svg"]


def test_an_interrupt_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("good")

    def draw(stream: BinaryIO) -> None:
        stream.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_output(target, draw)
    assert target.read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_write_replaces_the_file_keeping_its_mode_and_links(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert real.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh.txt"
    write_output(fresh, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_folder_or_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_output(tmp_path, "x")
    assert str(info.value) == f"{tmp_path}: cannot write: Is a directory"
    with pytest.raises(OutputError) as info:
        write_output(tmp_path / "missing" / "x.csv", "x")
    assert str(info.value) == f"{tmp_path / 'missing' / 'x.csv'}: cannot write: No such file or directory"


def test_a_device_is_written_in_place() -> None:
    write_output(os.devnull, "nothing")  # cannot be renamed over; written as it is
    assert Path(os.devnull).exists()


def test_kill_9_while_a_chart_renders_keeps_the_previous_chart(tmp_path: Path) -> None:
    """The case from issue 20: the target used to be truncated before rendering."""
    target = tmp_path / "chart.png"
    target.write_bytes(b"previous good chart")
    script = (
        "import sys, time\n"
        "from chipspec.output import write_output\n"
        "def draw(stream):\n"
        "    stream.write(b'partial')\n"
        "    stream.flush()\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "write_output(sys.argv[1], draw)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True) as child:
        try:
            assert child.stdout is not None and child.stdout.readline() == "writing\n"
            assert target.read_bytes() == b"previous good chart"  # mid-write
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
    assert target.read_bytes() == b"previous good chart"


def test_the_cli_replaces_a_chart_whole(tmp_path: Path) -> None:
    target = tmp_path / "bar.svg"
    target.write_text("old")
    args = [sys.executable, "-m", "chipspec", "plot", "bar", "-o", str(target), "--specs", str(CHIPS), "--no-bundled"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bar.svg"]


@pytest.mark.parametrize("chip_id", ["../../x", "x\x00y", "/etc/x", ".hidden", "a/b"])
def test_site_pages_stay_in_their_folder(tmp_path: Path, chip_id: str) -> None:
    import chipspec
    from chipspec.report.html import page_name
    from tests.strategies import make_chip

    chips = [make_chip(chip_id, memory__bandwidth="1 TB/s"), make_chip("plain", memory__bandwidth="2 TB/s")]
    folder = tmp_path / "deep" / "out"
    written = chipspec.html_site(folder, chipspec.Catalog(chips))
    name = page_name(chip_id)
    assert name != chip_id and "/" not in name and "\x00" not in name and not name.startswith(".")
    assert sorted(p.relative_to(folder).as_posix() for p in written) == sorted(
        ["index.html", f"chips/{name}.html", "chips/plain.html"]
    )
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["index.html", f"{name}.html", "plain.html"]
    )
    assert f'href="chips/{name}.html"' in (folder / "index.html").read_text()


def test_page_names_of_distinct_ids_differ() -> None:
    from chipspec.report.html import page_name

    assert page_name("nvidia-h20") == "nvidia-h20"
    assert len({page_name(i) for i in ("a/b", "a\x00b", "a b", "a-b")}) == 4


def test_a_page_outside_the_folder_is_refused(tmp_path: Path) -> None:
    from chipspec.report.html import write_site

    with pytest.raises(OutputError) as info:
        write_site(tmp_path / "site", {"../escape.html": "x"})
    assert str(info.value) == f"{tmp_path / 'site'}: page '../escape.html' would be written outside the site's folder"
    assert not (tmp_path / "escape.html").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "-o", "{tmp}/missing/r.html"], "{tmp}/missing/r.html: cannot write: No such file or directory"),
        (["report", "-o", "{tmp}/file/r.html"], "{tmp}/file/r.html: cannot write: Not a directory"),
        (["report", "-o", "{tmp}"], "{tmp}: is a folder; name a file (or give --site to write a folder of pages)"),
        (["report", "--site", "-o", "{tmp}/file"], "{tmp}/file: not a folder (--site writes a folder of pages)"),
        (["report", "--site", "-o", "{tmp}/file/site"], "{tmp}/file/site: cannot write: Not a directory"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_the_work(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole-catalog report renders for seconds: its target is checked first."""
    import io

    from chipspec.cli import main
    from chipspec.report import html

    def rendered(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered before the output was checked")

    monkeypatch.setattr(html, "report", rendered)
    monkeypatch.setattr(html, "site_pages", rendered)
    (tmp_path / "file").write_text("x")
    out, err = io.StringIO(), io.StringIO()
    code = main([a.format(tmp=tmp_path) for a in argv], out=out, err=err)
    assert (code, out.getvalue()) == (2, "")
    assert err.getvalue() == f"chipspec: error: {message.format(tmp=tmp_path)}\n"
