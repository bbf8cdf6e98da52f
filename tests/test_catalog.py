"""Catalog lookup by id, name, "vendor name" and alias."""

from __future__ import annotations

import pytest

import chipspec
from chipspec import AmbiguousChipError, UnknownChipError


@pytest.mark.parametrize(
    ("query", "chip_id"),
    [
        ("huawei-ascend-910b", "huawei-ascend-910b"),
        ("910b", "huawei-ascend-910b"),
        ("Ascend 910B", "huawei-ascend-910b"),
        ("ascend910b", "huawei-ascend-910b"),
        ("Huawei Ascend 910B", "huawei-ascend-910b"),
        ("昇腾 910B", "huawei-ascend-910b"),
        ("H20", "nvidia-h20"),
        ("nvidia h20", "nvidia-h20"),
        ("A800", "nvidia-a800"),
        ("ppu", "thead-ppu"),
        ("T-Head PPU", "thead-ppu"),
        ("br104p", "biren-br104p"),
    ],
)
def test_lookup(catalog: chipspec.Catalog, query: str, chip_id: str) -> None:
    assert catalog.get(query).id == chip_id


def test_fake_lookup_ignores_case_spaces_hyphens(fakes: chipspec.Catalog) -> None:
    for query in ("fake-alpha", "FAKE ALPHA", "fakealpha", "Alpha 100", "fakeco alpha-100", "a100-fake", "alpha"):
        assert fakes.get(query).id == "fake-alpha", query


def test_ambiguous_lists_candidates(fakes: chipspec.Catalog) -> None:
    with pytest.raises(AmbiguousChipError) as info:
        fakes.get("alpha 1")
    assert info.value.candidates == ("fake-alpha", "fake-alpha-lite")
    assert str(info.value) == "'alpha 1' is ambiguous: it matches fake-alpha, fake-alpha-lite"


def test_unknown_suggests(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UnknownChipError) as info:
        fakes.get("beta 8")
    assert info.value.suggestions[0] == "fake-beta"
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "unknown chip 'beta 8'; did you mean 'fake-beta'?"


def test_iteration_is_sorted_and_sized(fakes: chipspec.Catalog) -> None:
    assert [c.id for c in fakes] == ["fake-alpha", "fake-alpha-lite", "fake-beta"]
    assert len(fakes) == 3
    assert "beta 7" in fakes and "gamma" not in fakes


def test_filter(catalog: chipspec.Catalog) -> None:
    nvidia = catalog.filter(vendor="nvidia")
    assert len(nvidia) > 0 and all(c.vendor == "NVIDIA" for c in nvidia)
    npus = catalog.filter(category="npu")
    assert all(c.category == "NPU" for c in npus)
