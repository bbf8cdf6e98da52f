"""A user's vendors.yaml extends the bundled vendor table; it never silently replaces an entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipspec import CatalogError, load_catalog
from chipspec.load import bundled_vendors


def folder(tmp_path: Path, table: str) -> Path:
    (tmp_path / "x.yaml").write_text("name: X\nvendor: NVIDIA\n", encoding="utf-8")
    (tmp_path / "vendors.yaml").write_text(table, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("bundled", [True, False])
def test_a_contradicting_entry_is_a_located_error_and_the_bundled_value_stays(tmp_path: Path, bundled: bool) -> None:
    known = bundled_vendors()["NVIDIA"]
    assert known.country == "US"
    folder(tmp_path, "Other: {country: CN}\nNVIDIA: {zh: 英伟达, country: CN}\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=bundled)
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path}/vendors.yaml:2: NVIDIA.country: 'CN' contradicts the vendor table read before it ('US'); "
        "a vendor table may add to a vendor, not change it: remove the key"
    ]
    catalog = info.value.catalog
    assert catalog.vendors["NVIDIA"] == known  # the same zh is no contradiction; nothing replaced
    assert catalog.vendors["Other"].country == "CN"  # a new vendor is added


def test_an_entry_may_add_domains_and_what_the_bundled_entry_lacks(tmp_path: Path) -> None:
    known = bundled_vendors()["NVIDIA"]
    folder(tmp_path, "NVIDIA: {domains: [nvidia.example]}\n")
    catalog = load_catalog(tmp_path, bundled=False)
    merged = catalog.vendors["NVIDIA"]
    assert merged.domains == (*known.domains, "nvidia.example")
    assert (merged.country, merged.colour, merged.zh) == (known.country, known.colour, known.zh)
