"""The command line against its environment: closed and full streams, pipes closed early,
narrow encodings, and output paths that cannot be written. Each gets a one-line message
naming the path or stream and the documented exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CHIPS

FAKES = ["--specs", str(CHIPS), "--no-bundled"]
CHIPSPEC = [sys.executable, "-m", "chipspec"]


def shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def cli(*args: str) -> str:
    return " ".join([*CHIPSPEC, *args])


def in_process(*argv: str) -> tuple[int, str]:
    """The command run in this process (a test about paths, not about the process):
    its exit code and what it wrote to standard error."""
    import io

    from chipspec.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), err.getvalue()


def test_a_closed_pipe_keeps_the_commands_status(tmp_path: Path) -> None:
    for i in range(400):
        (tmp_path / f"bad{i:03d}.yaml").write_text("name: X\nvendor: Y\npower:\n  tdp: 400 V\n")
    result = shell(f"{cli('validate', str(tmp_path))} | head -c 10")
    assert result.returncode == 1, result.stderr  # invalid data, even though the pipe closed
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    ok = shell(f"{cli('compare', '--format', 'csv', '--sources')} | head -c 10")
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""


def test_a_full_disk_is_an_environment_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = shell(f"{cli('list')} > /dev/full")
    assert result.returncode == 2
    assert result.stderr.strip() == "chipspec: error: cannot write to standard output: No space left on device"


def test_a_closed_stdout_is_an_environment_error() -> None:
    result = shell(f"{cli('list')} >&-")
    assert result.returncode == 2
    assert result.stderr.strip() == "chipspec: error: cannot write to standard output: it is closed"


def test_a_narrow_encoding_still_prints() -> None:
    result = shell(cli("list", "--lang", "zh", "--country", "CN"), PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "\\u534e\\u4e3a" in result.stdout  # 华为, escaped rather than lost


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("{tmp}/missing/chart.png", "No such file or directory"),
        ("{tmp}/folder.svg", "Is a directory"),
        ("/proc/chart.png", None),
        ("{tmp}/" + "x" * 300 + ".png", "File name too long"),
    ],
)
def test_impossible_output_paths(tmp_path: Path, target: str, reason: str | None) -> None:
    (tmp_path / "folder.svg").mkdir()
    path = target.format(tmp=tmp_path)
    code, err = in_process("plot", "bar", "-o", path, *FAKES)
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f"chipspec: error: {path}: cannot write: "), line
    if reason:
        assert line.endswith(reason)


@pytest.mark.parametrize(
    "command",
    [
        ["plot", "bar", "-o", "{out}.svg"],
        ["compare", "--plot", "{out}.png"],
        ["report", "-o", "{out}.html"],
        ["llm", "llama-3.1-8b", "--batch", "1", "--context", "64", "--plot", "{out}.svg"],
    ],
)
def test_a_fifo_nothing_reads_is_an_error_not_a_hang(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out"
    fifo = Path(command[-1].format(out=out))
    os.mkfifo(fifo)
    args = [a.format(out=out) for a in command]
    code, err = in_process(*args, *FAKES)
    assert code == 2, err
    assert f"chipspec: error: {fifo}: is a FIFO that nothing reads" in err


def test_a_fifo_with_a_reader_is_written(tmp_path: Path) -> None:
    fifo = tmp_path / "report.html"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        # cat counts as the FIFO's reader from the moment it enters open(), which blocks
        # until a writer comes; no file descriptor shows before then, so there is nothing
        # to wait for but the refusal itself. Until cat gets there, chipspec refuses the
        # FIFO as unread: try again (a fraction of a second in practice).
        for _ in range(50):
            code, err = in_process("report", "-o", str(fifo), *FAKES)
            if "is a FIFO that nothing reads" not in err:
                break
            time.sleep(0.05)
        page, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
    assert code == 0, err
    assert page.startswith(b"<!DOCTYPE html>")


def test_the_python_writers_share_the_fifo_rule(tmp_path: Path) -> None:
    import chipspec
    from chipspec import OutputError
    from chipspec.report.charts import save
    from chipspec.report.html import report

    catalog = chipspec.load_catalog(CHIPS, bundled=False)
    chip = next(iter(catalog))
    writers: dict[str, Callable[[Path], object]] = {
        "sheet.yaml": lambda p: chipspec.dump(chip, p),
        "page.html": lambda p: report(catalog, path=p),
        "chart.svg": lambda p: save(chipspec.plot(chipspec.compare(catalog), "bar"), p),
    }
    for name, write in writers.items():
        fifo = tmp_path / name
        os.mkfifo(fifo)
        with pytest.raises(OutputError, match="is a FIFO that nothing reads"):
            write(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = subprocess.run(
            [*CHIPSPEC, "plot", "bar", "-o", str(folder / "x.png"), *FAKES], capture_output=True, text=True
        )
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2 and "Permission denied" in result.stderr


def test_an_internal_error_is_one_line_and_not_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from chipspec import cli

    def boom(args: object) -> object:
        raise RuntimeError("x" * 1000)

    monkeypatch.setattr(cli, "_cmd_list", boom)
    monkeypatch.delenv("CHIPSPEC_DEBUG", raising=False)
    parser = cli.build_parser()
    parser_sub = cli.subcommands(parser)["list"]
    parser_sub.set_defaults(run=boom)
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    err = io.StringIO()
    assert cli.main(["list"], out=io.StringIO(), err=err) == 2
    (line,) = err.getvalue().splitlines()
    assert line.startswith("chipspec: internal error: RuntimeError: xxx") and len(line) < 300
