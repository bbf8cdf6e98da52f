"""Errors survive pickling (a process pool, a saved result) with their message and context."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from chipspec import load_catalog
from chipspec.errors import (
    AmbiguousChipError,
    CatalogError,
    ChipNotLoadedError,
    ChipspecError,
    OutputError,
    SpecError,
    UnknownChipError,
    UnknownNameError,
    UsageError,
)
from chipspec.units import UnitParseError, parse_value

NOT_LOADED = SpecError.at("specs/x.yaml", 4, "power.tdp", "expected a power like '400 W', got '400 V'")


def unit_error() -> UnitParseError:
    try:
        parse_value("400 V", "power")
    except UnitParseError as error:
        return error
    raise AssertionError("400 V parsed as a power")


ERRORS = [
    SpecError.at("specs/x.yaml", 3, "memory.bandwidth", "expected a bandwidth, got '1'"),
    UnknownNameError("field", "memory.bandwith", ["memory.bandwidth"], hint=" (see chipspec schema)"),
    UnknownChipError("h2O", ["nvidia-h20"]),
    AmbiguousChipError("h100", ["nvidia-h100-pcie", "nvidia-h100-sxm"]),
    ChipNotLoadedError("x", NOT_LOADED),
    UsageError("--width: expected 20 to 1000 columns, got 5"),
    OutputError("cannot write", path="/nowhere/out.csv"),
    ChipspecError("a message", path="f.yaml", line=2, field="name"),
]


@pytest.mark.parametrize("error", [*ERRORS, unit_error()], ids=lambda e: type(e).__name__)
def test_an_error_pickles_with_its_message_and_context(error: ChipspecError) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(error, protocol=protocol))
        assert type(back) is type(error)
        assert str(back) == str(error) and back.args == error.args
        assert (back.message, back.path, back.line, back.field) == (error.message, error.path, error.line, error.field)
    assert str(copy.deepcopy(error)) == str(error)


def test_context_attributes_survive() -> None:
    spec, unknown, _, ambiguous, not_loaded = (pickle.loads(pickle.dumps(e)) for e in ERRORS[:5])
    assert spec.problems == ERRORS[0].problems  # type: ignore[attr-defined]
    assert (unknown.kind, unknown.name, unknown.suggestions) == ("field", "memory.bandwith", ("memory.bandwidth",))
    assert ambiguous.candidates == ("nvidia-h100-pcie", "nvidia-h100-sxm")
    assert not_loaded.chip_id == "x" and not_loaded.error.problems == NOT_LOADED.problems


def test_a_catalog_error_pickles_with_the_chips_that_loaded(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("name: Good\nvendor: V\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("name: Bad\nvendor: V\npower:\n  tdp: 400 V\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    back = pickle.loads(pickle.dumps(info.value))
    assert str(back) == str(info.value)
    assert back.catalog.ids == ("good",) and list(back.catalog.failed) == ["bad"]
    with pytest.raises(ChipNotLoadedError, match="bad did not load"):
        back.catalog.get("bad")
