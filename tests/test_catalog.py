"""Catalog lookup: by id, name, "vendor name" and alias, never answering for another chip."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec
from chipspec import AmbiguousChipError, ChipNotLoadedError, UnknownChipError, UnknownNameError


def test_fake_lookup_ignores_case_spaces_hyphens(fakes: chipspec.Catalog) -> None:
    for query in ("fake-alpha", "FAKE ALPHA", "fakealpha", "Alpha 100", "fakeco alpha-100", "a100-fake", "alpha"):
        assert fakes.get(query).id == "fake-alpha", query


def test_whole_words_name_a_chip_when_only_one_has_them(fakes: chipspec.Catalog) -> None:
    assert fakes.get("gamma").id == "fake-gamma"  # a word of "Gamma 9"
    assert fakes.get("lite").id == "fake-alpha-lite"  # a word of "Alpha 100 Lite"


def test_part_of_a_word_is_a_suggestion_not_an_answer(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UnknownChipError) as info:
        fakes.get("gam")
    assert info.value.suggestions[0] == "fake-gamma"
    assert str(info.value) == "unknown chip 'gam'; did you mean 'fake-gamma'?"


def test_ambiguous_lists_candidates(fakes: chipspec.Catalog) -> None:
    with pytest.raises(AmbiguousChipError) as info:
        fakes.get("100")
    assert info.value.candidates == ("fake-alpha", "fake-alpha-lite")
    assert str(info.value) == "'100' is ambiguous: it matches fake-alpha, fake-alpha-lite"


def test_unknown_suggests(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UnknownChipError) as info:
        fakes.get("beta 8")
    assert info.value.suggestions[0] == "fake-beta"
    assert isinstance(info.value, KeyError)


def test_a_chip_that_did_not_load_is_not_answered_by_a_look_alike(tmp_path: Path) -> None:
    """With H20's sheet broken, 'h20' must not find the H200 (as chipspec 0.1 did)."""
    (tmp_path / "nvidia-h20.yaml").write_text("name: H20\nvendor: NVIDIA\npower:\n  tdp: 400 V\n")
    (tmp_path / "nvidia-h200.yaml").write_text("name: H200 SXM\nvendor: NVIDIA\n")
    with pytest.raises(chipspec.CatalogError) as info:
        chipspec.load_catalog(tmp_path, bundled=False)
    catalog = info.value.catalog
    for query in ("h20", "H20", "nvidia-h20", "NVIDIA H20"):
        with pytest.raises(ChipNotLoadedError) as lookup:
            catalog.get(query)
        assert str(lookup.value) == (
            f"nvidia-h20 did not load: {tmp_path}/nvidia-h20.yaml:4: power.tdp: expected a power like '400 W', "
            "got '400 V' (unknown unit 'V')"
        )
    assert catalog.get("h200").id == "nvidia-h200"


def test_select_merges_repeats(fakes: chipspec.Catalog) -> None:
    assert [c.id for c in fakes.select(["alpha", "fake-alpha", "beta 7", "Alpha 100"])] == ["fake-alpha", "fake-beta"]


def test_iteration_is_sorted_and_sized(fakes: chipspec.Catalog) -> None:
    assert [c.id for c in fakes] == ["fake-alpha", "fake-alpha-lite", "fake-beta", "fake-gamma"]
    assert len(fakes) == 4
    assert "beta 7" in fakes and "delta" not in fakes


def test_filter_by_vendor_category_country(fakes: chipspec.Catalog) -> None:
    assert [c.id for c in fakes.filter(vendor="fakeco")] == ["fake-alpha", "fake-alpha-lite", "fake-gamma"]
    assert [c.id for c in fakes.filter(category=["npu"])] == ["fake-beta", "fake-gamma"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"vendor": "Fakoc"}, "unknown vendor 'Fakoc'; did you mean 'Fakeco'? (known: Fakeco, Otherco)"),
        ({"category": "FPGA"}, "unknown category 'FPGA' (known: ASIC, GPU, NPU, TPU, other)"),
        ({"country": "XX"}, "unknown country 'XX' (known: )"),
    ],
)
def test_filter_refuses_what_no_chip_has(fakes: chipspec.Catalog, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        fakes.filter(**kwargs)
    assert str(info.value) == message


def test_countries_come_from_the_vendor_table(catalog: chipspec.Catalog) -> None:
    chinese = catalog.filter(country="CN")
    assert {c.vendor for c in chinese} >= {"Huawei", "Biren Technology", "T-Head"}
    assert catalog.filter(country="china").ids == chinese.ids
    assert "NVIDIA" not in {c.vendor for c in chinese}
