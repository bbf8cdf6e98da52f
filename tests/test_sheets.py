"""The one YAML sheet reader (chipspec.sheets) that spec sheets, vendor tables and LLM
model sheets share: located errors from events, and the fixes of the hostile-input campaign."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipspec import SpecError, load_spec
from chipspec.errors import Problem
from chipspec.lenses.llm.model import read_model
from chipspec.sheets import MAX_PROBLEMS, Reader, compose, read_text


def messages(error: SpecError, path: Path) -> list[str]:
    return [str(p).removeprefix(f"{path}:") for p in error.problems]


@pytest.mark.parametrize("before", ["é", "中文名", "😀 emoji", "ascii"])
def test_a_raw_control_character_is_located_after_multibyte_text(tmp_path: Path, before: str) -> None:
    # libyaml reports the position of a bad character in bytes: read as a character
    # index it pointed lines too far (or past the end of the file) after multi-byte text.
    lines = "".join(f"# {before * 40}\n" for _ in range(30))
    path = tmp_path / "x.yaml"
    path.write_text(f"name: {before}\nvendor: Y\n{lines}note: a\x07b\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert messages(info.value, path) == [
        "33: invalid character U+0007 (control characters are not allowed; remove it)"
    ]


def test_a_model_sheet_is_read_by_the_same_reader(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: 模型\nhidden_size: 8\x01\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        read_model(path)
    assert messages(info.value, path) == ["2: invalid character U+0001 (control characters are not allowed; remove it)"]


def test_compose_keeps_lines_and_tags() -> None:
    root = compose("a: 1\nb:\n  - x\n  - 'no'\nc: no\n", "t.yaml")
    assert root is not None and root.kind == "map"
    (ka, va), (_, vb), (_, vc) = root.value
    assert (ka.value, va.value, va.tag, va.line) == ("a", "1", "int", 1)
    assert [(n.value, n.tag, n.line) for n in vb.value] == [("x", "str", 3), ("no", "str", 4)]
    assert (vc.tag, vc.line) == ("bool", 5)
    assert compose("", "t.yaml") is None


def test_reader_collects_sorted_and_counts_past_the_limit() -> None:
    reader = Reader("f.yaml")
    for line in range(MAX_PROBLEMS + 3, 0, -1):
        reader.fail(line, "k", "bad")
    with pytest.raises(SpecError) as info:
        reader.finish()
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0] == Problem("f.yaml", 4, "k", "bad")
    assert str(problems[-1]) == "f.yaml: ... and 3 more problem(s); fix the ones above first"


def test_reader_mapping_reports_duplicates_and_unknown_keys() -> None:
    root = compose("a: 1\na: 2\nb: 3\n", "t.yaml")
    assert root is not None
    reader = Reader("t.yaml")
    items = reader.mapping(root, "top", ("a", "c"))
    assert items is not None and list(items) == ["a"]
    assert [str(p) for p in reader.problems] == [
        "t.yaml:2: top.a: duplicate key (first defined on line 1)",
        "t.yaml:3: top.b: unknown key; expected one of a, c",
    ]


def test_read_text_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        read_text(tmp_path, "dir")
    assert str(info.value) == "dir: is a folder, not a spec sheet (load it as a folder)"


def test_the_report_layer_spells_the_engine_s_sixteen_bit_precision() -> None:
    # report.tables keeps its own copy so that listing chips imports no engine (numpy)
    from chipspec.comparison import SIXTEEN_BIT
    from chipspec.report import tables

    assert tables._SIXTEEN_BIT == SIXTEEN_BIT
