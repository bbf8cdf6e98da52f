"""The model: typed sections, dotted paths, provenance and prefer_source."""

from __future__ import annotations

import pytest

import chipspec
from chipspec import FIELDS, Q_, UnknownNameError
from tests.conftest import CHIPS


def test_typed_and_dotted_access_agree(fakes: chipspec.Catalog) -> None:
    alpha = fakes.get("fake-alpha")
    assert alpha["memory.bandwidth"] is alpha.memory.bandwidth
    assert alpha["compute.bf16"] is alpha.compute.bf16
    assert alpha["host.pcie.gen"] == 5
    assert alpha["compute.fp64"] is None
    for path in FIELDS:
        section, _, leaf = path.partition(".")
        typed = getattr(getattr(alpha, section), leaf) if leaf else getattr(alpha, section)
        assert alpha[path] is typed or alpha[path] == typed, path


def test_unknown_field_suggests(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UnknownNameError) as info:
        fakes.get("fake-alpha")["memory.bandwith"]
    assert str(info.value) == "unknown field 'memory.bandwith'; did you mean 'memory.bandwidth'?"


def test_provenance_of_long_form_value(fakes: chipspec.Catalog) -> None:
    p = fakes.get("fake-alpha").provenance("power.tdp")
    assert p.value == Q_(500, "W")
    assert p.source is not None and (p.source.key, p.source.url) == ("fake-brief", "https://example.com/alpha.pdf")
    assert p.confidence == "official"
    assert [(a.value, a.source.key if a.source else None, a.note) for a in p.alternatives] == [
        (Q_(550, "W"), "fake-report", "marked with an asterisk")
    ]
    assert not p.from_alternative


def test_provenance_falls_back_to_sheet_sources(fakes: chipspec.Catalog) -> None:
    p = fakes.get("fake-beta").provenance("memory.capacity")
    assert not p.explicit
    assert [s.key for s in p.sources] == ["beta-page"]
    assert fakes.get("fake-beta").provenance("compute.fp8").value is None


def test_prefer_source_swaps_in_the_alternative() -> None:
    catalog = chipspec.load_catalog(CHIPS, bundled=False, prefer_source="fake-report")
    alpha = catalog.get("fake-alpha")
    assert alpha.power.tdp == Q_(550, "W")
    p = alpha.provenance("power.tdp")
    assert p.from_alternative and p.preferred_source == "fake-report"
    assert p.source is not None and p.source.key == "fake-report"
    assert p.alternatives[0].value == Q_(500, "W")
    # values without a figure from that source are unchanged
    assert alpha.memory.capacity == Q_(80, "GB")
    # the variant cites fake-report for its own tdp already: kept
    assert catalog.get("fake-alpha-lite").power.tdp == Q_(400, "W")


def test_prefer_unknown_source_is_an_error() -> None:
    with pytest.raises(UnknownNameError) as info:
        chipspec.load_catalog(CHIPS, bundled=False, prefer_source="fake-reprot")
    assert str(info.value) == "unknown source 'fake-reprot'; did you mean 'fake-report'?"


def test_report_figures_on_seed_chips() -> None:
    catalog = chipspec.load_catalog(prefer_source="guojin-2026-03")
    h20 = catalog.get("nvidia-h20")
    assert h20.power.tdp == Q_(550, "W")
    assert h20.provenance("power.tdp").from_alternative
    plain = chipspec.load_catalog().get("nvidia-h20")
    assert plain.power.tdp == Q_(400, "W")
    assert any(a.value == Q_(550, "W") for a in plain.provenance("power.tdp").alternatives)
