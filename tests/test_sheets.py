"""The one YAML sheet reader (chipspec.sheets) that spec sheets, vendor tables and LLM
model sheets share: located errors from events, and the fixes of the hostile-input campaign."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec
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


def _tree(node: object) -> object:
    """A composed Node as plain data (kind, line, tag, size, value) for comparison."""
    from chipspec.sheets import Node

    assert node is None or isinstance(node, Node)
    if node is None:
        return None
    if node.kind == "scalar":
        value: object = node.value
    elif node.kind == "seq":
        value = [_tree(v) for v in node.value]
    else:
        value = [(_tree(k), _tree(v)) for k, v in node.value]
    return (node.kind, node.line, node.tag, node.size, value)


EDGES = [
    "",
    "a: 1\n---\nb: 2\n",
    "a: &x [1, 2]\nb: *x\n",
    'a: "\\x01"\n',
    "a: !!str 5\n",
    "a: yes\nb: 0x1F\nc: 1_000\nd: ~\ne: 2025-01-01\nf: .5\ng: '5'\nh: \"6\"\n",
    "a:\n\tb: 1\n",
    "? [a]\n: b\n",
    "a: 1\na: 2\n",
    "{a: [b, {c: d}]}\n",
    "a: |\n  x\n  y\nb: >\n  z\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\u2028b: 2\n",
    "[" * 70 + "]" * 70 + "\n",
    "a: [" + ", ".join(["x"] * 25_000) + "]\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_libyamls_composer_and_the_event_walk_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """compose() takes libyaml's C composer for plain sheets and walks the events for
    anything else: both give the same tree, or the same located error."""
    from chipspec import sheets

    def outcome() -> object:
        try:
            return _tree(sheets.compose(text, "x.yaml"))
        except chipspec.SpecError as error:
            return str(error)

    fast = outcome()
    monkeypatch.setattr(sheets, "_FAST", False)
    assert outcome() == fast


def test_every_bundled_sheet_composes_alike_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    from chipspec import sheets

    texts = [p.read_text(encoding="utf-8") for p in sorted(chipspec.bundled_specs_dir().rglob("*.yaml"))]
    fast = [_tree(sheets.compose(t, "x.yaml")) for t in texts]
    monkeypatch.setattr(sheets, "_FAST", False)
    assert [_tree(sheets.compose(t, "x.yaml")) for t in texts] == fast


def test_a_plain_sheet_is_composed_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    from chipspec import sheets

    walked: list[str] = []
    real = sheets._compose_fast

    def spy(text: str) -> object:
        walked.append("fast")
        return real(text)

    monkeypatch.setattr(sheets, "_compose_fast", spy)
    plain = (chipspec.bundled_specs_dir() / "nvidia" / "nvidia-h20.yaml").read_text(encoding="utf-8")
    assert sheets.compose(plain, "x.yaml") is not None and walked == ["fast"]
    walked.clear()
    with pytest.raises(SpecError, match="explicit YAML tag"):  # a tag: the event walk, never libyaml's
        sheets.compose("a: !!str 5\nb: 1\n", "x.yaml")
    assert walked == []
