"""Mutation fuzzing of the bundled sheets (fixed seed, bounded count, runs in CI).

Each case takes a bundled sheet, applies one to three random mutations (a truncation, a
dropped or repeated line, a tricky character, a tag, an anchor or alias, a huge or odd
number, a scrambled unit or indentation) and loads it. A case passes when the sheet loads
or fails with located problems: every problem names the file, carries a line number unless
it is about the whole file, and echoes input only briefly. No case may raise anything but
SpecError, take longer than a few seconds (a hang), or leave the CLI with an exit code
other than 0 or 1 or a message saying "internal error".

``CHIPSPEC_FUZZ_CASES`` sets the count; the full run (``CHIPSPEC_FULL_TESTS=1``, as in CI) runs 4,000.
"""

from __future__ import annotations

import io
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import chipspec
from chipspec.cli import main
from chipspec.errors import SpecError
from chipspec.load import bundled_specs_dir
from tests.conftest import FULL

SEED = 20261201
# 400 cases in the default run; ten times as many in the full run (CHIPSPEC_FULL_TESTS, as CI).
CASES = int(os.environ.get("CHIPSPEC_FUZZ_CASES", "4000" if FULL else "400"))
HANG_SECONDS = 10  # generous: a load takes milliseconds; this only catches hangs
MAX_MESSAGE = 600  # a problem line, echoed input included
# Problems about a whole file rather than a place in it (their line is None).
FILE_LEVEL = ("not valid UTF-8", "... and ", "file is larger", "invalid YAML", "more than")

TRICKY = [
    "\t", "\x00", "\x1b", "\u200b", "\u202e", "\ufeff", "\u2028", "\x85", "\r", "ｈ", "é", "名",
    "'", '"', ":", ": ", "#", "&a", "*a", "!", "!!python/object:os.system", "[", "]", "{", "}",
    "|", ">", "- ", "%", "@", "`", "\\", "<<: *a", "~", "null", "1e400", "-1", "nan", ".inf",
    "0x1F", "1_000", "9" * 400, "GB/s", "TB / s", "mm²", "W", "TFLOPS", "x16", "2024-13-45",
]  # fmt: skip


def _sheets() -> list[tuple[str, str]]:
    root = bundled_specs_dir()
    return sorted(
        (str(p.relative_to(root)), p.read_text(encoding="utf-8"))
        for p in root.rglob("*.yaml")
        if p.name != "vendors.yaml" and p.parent.name != "measured"
    )


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    kind = rng.randrange(10)
    if kind == 0:  # truncate anywhere, mid-character or mid-line included
        return text[: rng.randrange(len(text) + 1)]
    if kind == 1 and len(lines) > 1:  # drop a line
        del lines[rng.randrange(len(lines))]
    elif kind == 2:  # repeat a line (duplicate keys)
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 3:  # a tricky character or token at a random place
        i = rng.randrange(len(text) + 1)
        return text[:i] + rng.choice(TRICKY) + text[i:]
    elif kind == 4:  # replace a number by an odd one
        i = rng.randrange(len(lines))
        digits = [j for j, c in enumerate(lines[i]) if c.isdigit()]
        if digits:
            j = rng.choice(digits)
            odd = rng.choice(["0", "-5", "1e400", "nan", "9" * 60, "0.0000001", "1_0", "٣", "½", ""])
            lines[i] = lines[i][:j] + odd + lines[i][j + 1 :]
    elif kind == 5:  # scramble a unit
        i = rng.randrange(len(lines))
        for unit in ("GB/s", "TB/s", "GB", "TFLOPS", "TOPS", "W", "mm^2", "GiB", "PFLOPS"):
            if unit in lines[i]:
                lines[i] = lines[i].replace(unit, rng.choice(["gb/s", "GB/h", "W/s", "FLOPS", "", "TB/s/s", "m"]), 1)
                break
    elif kind == 6:  # re-indent a line
        i = rng.randrange(len(lines))
        lines[i] = " " * rng.choice([0, 1, 3, 5, 40]) + lines[i].lstrip()
    elif kind == 7:  # an anchor and an alias, maybe recursive
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if ":" in lines[i] and ":" in lines[j]:
            key_i, _, value_i = lines[i].partition(":")
            lines[i] = f"{key_i}: &x{value_i}"
            key_j, _, _ = lines[j].partition(":")
            lines[j] = f"{key_j}: *x"
    elif kind == 8:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:  # an explicit tag or a flow collection where a value was
        i = rng.randrange(len(lines))
        if ":" in lines[i]:
            key, _, _ = lines[i].partition(":")
            lines[i] = f"{key}: {rng.choice(['!!str 5', '!!binary aGk=', '[1, [2, [3]]]', '{a: 1}', '*nope', '&y'])}"
    return "\n".join(lines)


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail a case that runs longer than ``seconds`` (a hang), where signals allow it."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _cases() -> list[tuple[int, str, str]]:
    rng = random.Random(SEED)
    sheets = _sheets()
    out = []
    for n in range(CASES):
        name, text = rng.choice(sheets)
        for _ in range(rng.randint(1, 3)):
            text = _mutate(text, rng)
        out.append((n, name, text))
    return out


def _check_problems(error: SpecError, shown: str) -> None:
    assert error.problems, "a SpecError with no problem"
    for problem in error.problems:
        text = str(problem)
        assert problem.path == shown, text
        assert problem.line is not None or any(mark in problem.message for mark in FILE_LEVEL), text
        assert len(text) <= MAX_MESSAGE, text[:200]
        assert "internal error" not in text and "Traceback" not in text, text


def test_mutated_sheets_load_or_fail_with_located_problems(tmp_path: Path) -> None:
    outcomes = {"loaded": 0, "refused": 0}
    for _, name, text in _cases():
        path = tmp_path / Path(name).name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        shown = str(path)
        with _deadline(HANG_SECONDS):
            try:
                chip = chipspec.load_spec(path)
            except SpecError as error:
                _check_problems(error, shown)
                outcomes["refused"] += 1
                continue
        # A loaded chip answers every field without error, with values of its own.
        for field in chip:
            assert chip.provenance(field).text  # every known value renders
            assert chip[field] is not None  # and gives a value without raising
        outcomes["loaded"] += 1
    # The mutations must reach both outcomes, or the test checks too little.
    assert outcomes["loaded"] > CASES // 20 and outcomes["refused"] > CASES // 4, outcomes


def test_mutated_sheets_through_the_cli_exit_0_or_1(tmp_path: Path) -> None:
    """A sample of the cases through ``chipspec validate`` and ``compare``: never a crash."""
    runs: list[Callable[[Path], list[str]]] = [
        lambda p: ["validate", str(p)],
        lambda p: ["compare", "--no-bundled", "--specs", str(p), "--format", "csv"],
    ]
    for n, name, text in _cases()[: max(20, CASES // 10)]:
        path = tmp_path / Path(name).name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for run in runs:
            if name.startswith("systems/") and run is runs[1]:
                continue  # a system sheet holds no chip to compare (``chipspec systems`` lists it)
            out, err = io.StringIO(), io.StringIO()
            start = time.monotonic()
            with _deadline(HANG_SECONDS):
                code = main(run(path), out=out, err=err)
            assert code in (0, 1), (n, code, err.getvalue()[:300])
            assert "internal error" not in err.getvalue(), (n, err.getvalue()[:300])
            assert time.monotonic() - start < HANG_SECONDS


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutation_is_deterministic(seed: int) -> None:
    """The same seed gives the same cases (CI runs what a developer reproduces)."""
    text = _sheets()[0][1]
    assert _mutate(text, random.Random(seed)) == _mutate(text, random.Random(seed))
