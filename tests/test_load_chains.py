"""Inheritance chains: the limit does not depend on the order sheets are read in, and a
variant below a refused link says where the chain broke without nesting every message."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipspec import CatalogError, load_catalog
from chipspec.load import MAX_EXTENDS


def chain(tmp_path: Path, length: int, names: list[str]) -> None:
    """``names[0]`` is the root; each next sheet extends the one before."""
    (tmp_path / f"{names[0]}.yaml").write_text("name: Root\nvendor: V\npower:\n  tdp: 100 W\n", encoding="utf-8")
    for i in range(1, length):
        (tmp_path / f"{names[i]}.yaml").write_text(f"extends: {names[i - 1]}\nname: Link {i}\n", encoding="utf-8")


@pytest.mark.parametrize("order", ["root first", "root last"])
def test_the_limit_counts_bases_whatever_the_file_order(tmp_path: Path, order: str) -> None:
    length = MAX_EXTENDS + 8
    ids = [f"c{i:03d}" for i in range(length)]
    if order == "root last":  # files are read in name order: the deepest variant first
        ids = [f"c{length - i:03d}" for i in range(length)]
    chain(tmp_path, length, ids)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    loaded = set(info.value.catalog.ids)
    assert loaded == set(ids[: MAX_EXTENDS + 1])  # the root and 32 links: every sheet with <= 32 bases
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == length - MAX_EXTENDS - 1
    first = tmp_path / f"{ids[MAX_EXTENDS + 1]}.yaml"
    refused = f"{first}:1: extends: inheritance chain longer than {MAX_EXTENDS} sheets; refused"
    assert refused in problems
    for i in range(MAX_EXTENDS + 2, length):
        expected = f"{tmp_path / ids[i]}.yaml:1: extends: base {ids[i - 1]!r} did not load: {refused}"
        assert expected in problems
    assert max(len(p) for p in problems) < 250 + 2 * len(str(tmp_path))  # no nesting


def test_a_variant_of_a_cycle_names_the_cycle_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b\nname: A\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a\nname: B\n", encoding="utf-8")
    for i, base in enumerate(["a", "v0", "v1", "v2"]):
        (tmp_path / f"v{i}.yaml").write_text(f"extends: {base}\nname: V{i}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 6  # a, b and the four variants below them
    assert all(m.count("inheritance cycle") == 1 for m in messages)  # each names the cycle once
