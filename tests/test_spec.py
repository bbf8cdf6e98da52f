"""The model: values nothing can corrupt, typed and dotted access, provenance, flags."""

from __future__ import annotations

import pytest

import chipspec
from chipspec import FIELDS, UnknownNameError
from chipspec.format import PARTS
from tests.conftest import CHIPS


def ureg() -> object:
    return chipspec.ureg


def Q(magnitude: float, unit: str) -> object:
    return chipspec.Q_(magnitude, unit)


def all_values(catalog: chipspec.Catalog) -> list[tuple[str, str, object]]:
    """Every physical value of every chip, read fresh."""
    out = []
    for chip in catalog:
        for path in chip:
            if FIELDS[path].is_quantity:
                out.append((chip.id, path, chip[path].magnitude))
    return out


@pytest.mark.parametrize("operation", ["ito", "iadd", "imul", "private"])
def test_in_place_operations_on_a_value_change_nothing_else(operation: str) -> None:
    catalog = chipspec.load_catalog(CHIPS, bundled=False)
    before = all_values(catalog)
    for chip in catalog:
        for path in chip:
            if not FIELDS[path].is_quantity:
                continue
            for value in (
                chip[path],
                getattr(getattr(chip, path.split(".")[0]), path.split(".")[-1], None) if "." in path else chip[path],
                chip.provenance(path).value,
            ):
                if value is None:
                    continue
                if operation == "ito":
                    value.ito(value.units * 1000)
                elif operation == "iadd":
                    value += value
                elif operation == "imul":
                    value *= 7
                else:  # a hostile user reaching into pint's internals
                    value._magnitude = 0.0
            for alt in chip.provenance(path).alternatives:
                alt.value.ito(alt.value.units * 1000)
    assert all_values(catalog) == before
    assert all_values(chipspec.load_catalog(CHIPS, bundled=False)) == before


def test_the_a800_keeps_its_power_when_the_h20s_is_converted(catalog: chipspec.Catalog) -> None:
    tdp = catalog.get("h20").power.tdp
    assert tdp is not None
    tdp.ito("kW")
    assert catalog.get("a800").magnitude("power.tdp", "W") == 400
    assert catalog.get("h20").magnitude("power.tdp") == 400
    comparison = chipspec.compare(["h20", "a800"], ["bandwidth_per_watt"], catalog=catalog)
    assert comparison.column("power.tdp").values.tolist() == [400.0, 400.0]


def test_extra_is_fresh_data(fakes: chipspec.Catalog) -> None:
    chip = fakes.get("fake-gamma")
    extra = chip.extra
    extra["fp64_vector"].ito("GFLOPS")
    extra["list"].append("x")
    extra["new"] = 1
    again = chip.extra
    assert str(again["fp64_vector"]) == "40.0 TFLOPS"
    assert again["list"] == [1, "two"] and "new" not in again


def test_spec_is_immutable(fakes: chipspec.Catalog) -> None:
    chip = fakes.get("fake-alpha")
    with pytest.raises(AttributeError):
        chip.id = "other"
    with pytest.raises(TypeError):
        chip.entries["name"] = None  # type: ignore[index]


def test_typed_and_dotted_access_agree(fakes: chipspec.Catalog) -> None:
    alpha = fakes.get("fake-alpha")
    assert alpha["memory.bandwidth"] == alpha.memory.bandwidth
    assert alpha["memory.bandwidth"] is not alpha["memory.bandwidth"]  # built fresh each time
    assert alpha["host.pcie.gen"] == 5
    assert alpha["compute.fp64"] is None
    for path in FIELDS:
        section, _, leaf = path.partition(".")
        typed = getattr(getattr(alpha, section), leaf) if leaf else getattr(alpha, section)
        assert alpha[path] == typed, path
    for path in PARTS:
        assert alpha[path] is not None


def test_magnitude_converts_exactly(fakes: chipspec.Catalog) -> None:
    alpha = fakes.get("fake-alpha")
    assert alpha.magnitude("die_area", "m^2") == 0.0008
    assert alpha.magnitude("memory.bandwidth", "GB/s") == 2000.0
    assert alpha.magnitude("memory.bandwidth") == 2000.0  # canonical GB/s
    assert alpha.magnitude("compute.fp64") is None
    assert alpha.magnitude("host.pcie.lanes") == 16.0


def test_unknown_field_suggests(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UnknownNameError) as info:
        fakes.get("fake-alpha")["memory.bandwith"]
    assert str(info.value) == "unknown field 'memory.bandwith'; did you mean 'memory.bandwidth'?"


def test_provenance_of_long_form_value(fakes: chipspec.Catalog) -> None:
    p = fakes.get("fake-alpha").provenance("power.tdp")
    assert p.value == Q(500, "W")
    assert p.source is not None and (p.source.key, p.source.url) == ("fake-brief", "https://example.com/alpha.pdf")
    assert p.confidence == "official"
    assert [(a.value, a.source.key if a.source else None, a.note) for a in p.alternatives] == [
        (Q(550, "W"), "fake-report", "marked with an asterisk")
    ]
    assert not p.from_alternative
    assert p.flags == frozenset({"disputed"})


def test_flags_are_what_can_change_a_conclusion(fakes: chipspec.Catalog) -> None:
    gamma = fakes.get("fake-gamma")
    assert gamma.provenance("interconnect.bandwidth").flags == {"unstated"}
    assert gamma.provenance("compute.bf16").flags == {"unstated"}
    assert gamma.provenance("memory.capacity").flags == {"estimated"}
    # a note or a reported confidence alone is no flag
    assert gamma.provenance("memory.bandwidth").flags == frozenset()
    # an alternative within 1% is the same figure, rounded
    assert gamma.provenance("power.tdp").flags == frozenset()


def test_provenance_falls_back_to_sheet_sources(fakes: chipspec.Catalog) -> None:
    p = fakes.get("fake-beta").provenance("memory.capacity")
    assert not p.explicit
    assert [s.key for s in p.sources] == ["beta-page"]
    assert fakes.get("fake-beta").provenance("compute.fp8").value is None


def test_prefer_source_swaps_in_the_alternative() -> None:
    catalog = chipspec.load_catalog(CHIPS, bundled=False, prefer_source="fake-report")
    assert catalog.preferred_source == "fake-report"
    alpha = catalog.get("fake-alpha")
    assert alpha.preferred_source == "fake-report"
    assert alpha.power.tdp == Q(550, "W")
    p = alpha.provenance("power.tdp")
    assert p.from_alternative and p.preferred_source == "fake-report"
    assert p.source is not None and p.source.key == "fake-report"
    assert p.alternatives[0].value == Q(500, "W")
    assert p.flags == {"preferred"}
    # values without a figure from that source are unchanged
    assert alpha.memory.capacity == Q(80, "GB")
    # the variant cites fake-report for its own tdp already: kept
    assert catalog.get("fake-alpha-lite").power.tdp == Q(400, "W")


def test_prefer_unknown_source_is_an_error() -> None:
    with pytest.raises(UnknownNameError) as info:
        chipspec.load_catalog(CHIPS, bundled=False, prefer_source="fake-reprot")
    assert str(info.value) == "unknown source 'fake-reprot'; did you mean 'fake-report'?"


def test_create_from_quantities() -> None:
    from chipspec.spec import Provenance, Spec

    chip = Spec.create("x", {"name": Provenance("name", "X"), "power.tdp": Provenance("power.tdp", Q(0.5, "kW"))})
    assert chip.magnitude("power.tdp") == 500.0
    assert chip.provenance("power.tdp").unit == "kW"
    with pytest.raises(UnknownNameError):
        Spec.create("x", {"power.tpd": Provenance("power.tdp", Q(1, "W"))})


def test_the_loader_s_provenance_builder_makes_the_dataclass_s_own_record() -> None:
    """make_provenance skips the frozen __init__ for speed; it must build the same record."""
    import dataclasses

    from chipspec.spec import Alternative, Provenance, Source, make_provenance
    from chipspec.units import parse_value

    stored = parse_value("550 W", "power")
    source = Source("a", "A datasheet", "https://example.com/a.pdf")
    alternative = Alternative(parse_value("600 W", "power"), (source,), "reported", "board power")
    args = dict(
        field="power.tdp", stored=stored, sources=(source,), confidence="official", note="n",
        alternatives=(alternative,), sheet="x", line=3, explicit=True, acks=(("c", "r"),),
        annotations=(("direction", "both"),),
    )  # fmt: skip
    built = make_provenance(**args)  # type: ignore[arg-type]
    reference = Provenance(**args)  # type: ignore[arg-type]
    assert built == reference
    assert {f.name: getattr(built, f.name) for f in dataclasses.fields(Provenance) if f.init} == {
        f.name: getattr(reference, f.name) for f in dataclasses.fields(Provenance) if f.init
    }
    assert built.flags == reference.flags == frozenset({"disputed"})
    assert built.number == reference.number
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.stored = None  # type: ignore[misc]
