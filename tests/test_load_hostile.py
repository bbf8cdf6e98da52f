"""Hostile input: every fuzzing finding of the loader, each with the located message it gets.

Each test feeds what broke or misled chipspec 0.1 (tags that crashed the loader, lines
shifted by Unicode line separators, quadratic suggestions, unbounded echoes, OS-level
oddities) and checks the file, line, field and message, and that the other sheets load.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import chipspec
from chipspec import CatalogError, SpecError, load_catalog, load_spec
from chipspec.spec import Source
from tests.conftest import CHIPS

HEAD = "name: X\nvendor: Y\n"


def write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_spec(path)
    return [str(p).removeprefix(f"{path}:") for p in info.value.problems]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!int "--5"', "tag:yaml.org,2002:int"),
        ('!!float "x"', "tag:yaml.org,2002:float"),
        ("!!bool '['", "tag:yaml.org,2002:bool"),
        ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
        ("!!str 42", "tag:yaml.org,2002:str"),
        ("!custom x", "!custom"),
        ("!!set {a, b}", "tag:yaml.org,2002:set"),
    ],
)
def test_explicit_tags_are_refused_where_written(tmp_path: Path, value: str, tag: str) -> None:
    path = write(tmp_path, f"{HEAD}extra:\n  n: {value}\n")
    assert problems(path) == [f"4: explicit YAML tag '{tag}': spec sheets hold plain data"]


def test_a_tagged_sheet_does_not_cost_the_bundled_catalog(tmp_path: Path) -> None:
    write(tmp_path, f'{HEAD}extra:\n  n: !!int "--5"\n', "tagged.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    assert len(info.value.catalog) == len(load_catalog())
    assert [p.line for p in info.value.problems] == [4]


def test_billion_laughs_inside_a_tag_never_expands(tmp_path: Path) -> None:
    lines = [HEAD, "extra:\n", '  a0: &a0 !!str ["lol"]\n']
    lines += [f"  a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12)]
    path = write(tmp_path, "".join(lines))
    assert problems(path) == ["4: explicit YAML tag 'tag:yaml.org,2002:str': spec sheets hold plain data"]


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}extra: &a\n  self: *a\n")
    assert problems(path) == ["4: alias '*a' refers to itself; refused"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_do_not_shift_lines(tmp_path: Path, separator: str) -> None:
    text = f'{HEAD}extra:\n  text: "A{separator}B{separator}C"\nmemory:\n  bandwidth: 700 W\n'
    assert problems(write(tmp_path, text)) == [
        "6: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' ('W' is a power)"
    ]
    # a name is one line: a separator in it is refused where it is written (YAML itself
    # folds U+0085 inside a quoted string into a space)
    name = write(tmp_path, f'name: "A{separator}B"\nvendor: Y\n', "name.yaml")
    if separator == "\u0085":
        assert load_spec(name).name == "A B"
    else:
        assert problems(name) == ["1: name: expected one line of text, got a line break"]


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_lines_counted_by_the_files_own_newlines(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(newline.join(["name: X", "vendor: Y", "power:", "  tdp: 400 V", ""]).encode())
    assert problems(path) == ["4: power.tdp: expected a power like '400 W', got '400 V' (unknown unit 'V')"]


def test_control_characters_get_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}note: a\x07b\n")
    assert problems(path) == ["3: invalid character U+0007 (control characters are not allowed; remove it)"]


@pytest.mark.parametrize(
    ("escape", "code"), [("\\e[31m", "001B"), ("\\u202e", "202E"), ("\\0", "0000"), ("\\x85", "0085")]
)
def test_control_characters_spelled_as_escapes_are_refused(tmp_path: Path, escape: str, code: str) -> None:
    # A double-quoted string can spell what the file may not contain: a terminal escape that
    # recolours the output, or a bidirectional override that reorders a chip's name.
    path = write(tmp_path, f'{HEAD}architecture: "Hop{escape}per"\n')
    assert problems(path) == [
        f"3: a quoted string spells the control character U+{code} as an escape; spec sheets hold printable text"
    ]
    path = write(tmp_path, f"{HEAD}# a comment\narchitecture: Hop\u202eper\n", "raw.yaml")
    assert problems(path) == [
        "4: invalid character U+202E (a bidirectional control, which reorders what a reader sees; remove it)"
    ]
    path = write(tmp_path, f'{HEAD}memory:\n  type: {{value: HBM3, note: "tab\\tand\\nline"}}\n', "fine.yaml")
    assert load_spec(path).provenance("memory.type").note == "tab\tand\nline"  # a note may have them


def test_brackets_in_comments_and_quotes_are_not_nesting(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'{HEAD}# {"[" * 200}\nmemory:\n  type:\n    value: HBM3\n    note: "{"[" * 200}"\n'
        f"extra:\n  text: '{'{' * 200}'\n",
    )
    chip = load_spec(path)
    assert chip.memory.type == "HBM3"


def test_huge_values_are_echoed_short(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}power:\n  tdp: '{'9' * 600_000} W'\n")
    (message,) = problems(path)
    assert message.startswith("4: power.tdp: expected a power like '400 W', got '999")
    assert "(600002 characters)" in message
    assert len(message) < 200


def test_invisible_characters_are_escaped_in_messages(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}memory:\n  bandwith\u200b: 1 TB/s\n")
    (message,) = problems(path)
    assert "bandwith\\u200b" in message and "\u200b" not in message


def test_many_unknown_source_keys_stay_linear_and_bounded(tmp_path: Path) -> None:
    refs = "\n".join(f"      - {{value: {i + 1} W, source: src-{i}}}" for i in range(500))
    sources = "\n".join(f"  key-{i}: {{title: T{i}}}" for i in range(500))
    path = write(tmp_path, f"{HEAD}power:\n  tdp:\n    value: 1 W\n    alternatives:\n{refs}\nsources:\n{sources}\n")
    found = problems(path)
    assert len(found) == 51  # 50 located problems and a count of the rest
    assert found[-1] == " ... and 450 more problem(s); fix the ones above first"


def test_many_aliases_load(tmp_path: Path) -> None:
    aliases = ", ".join(f"A{i}" for i in range(19_000))
    path = write(tmp_path, f"{HEAD}aliases: [{aliases}]\n")
    assert len(load_spec(path).aliases) == 19_000


def test_duplicate_alias_is_reported_once_per_repeat(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}aliases: [A, B, A]\n")
    assert problems(path) == ["3: aliases: 'A' is listed twice"]


@pytest.mark.parametrize("field", ["name", "vendor"])
def test_required_fields_cannot_be_unset_in_a_variant(tmp_path: Path, field: str) -> None:
    text = "extends: fake-alpha\nname: V\nvendor: null\n" if field == "vendor" else "extends: fake-alpha\nname: null\n"
    path = write(tmp_path, text, "fake-variant.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(CHIPS, path, bundled=False)
    messages = [str(p).removeprefix(f"{path}:") for p in info.value.problems]
    assert f"{'3' if field == 'vendor' else '2'}: {field}: a required field cannot be unset (null)" in messages


def test_long_extends_chain_is_refused_without_recursion(tmp_path: Path) -> None:
    write(tmp_path, "name: Base\nvendor: V\n", "c0000.yaml")
    for i in range(1, 1000):
        write(tmp_path, f"extends: c{i - 1:04d}\nname: C{i}\n", f"c{i:04d}.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    catalog = info.value.catalog
    assert "c0000" in catalog.ids and "c0032" in catalog.ids  # the first links resolve
    assert any("inheritance chain longer than 32 sheets; refused" in p.message for p in info.value.problems)


def test_variant_of_an_invalid_base_says_so(tmp_path: Path) -> None:
    write(tmp_path, "name: Base\nvendor: V\npower:\n  tdp: 400 V\n", "base-chip.yaml")
    variant = write(tmp_path, "extends: base-chip\nname: Variant\n", "variant-chip.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    messages = [str(p) for p in info.value.problems]
    assert messages[-1] == (
        f"{variant}:1: extends: base 'base-chip' did not load: {tmp_path}/base-chip.yaml:4: power.tdp: "
        "expected a power like '400 W', got '400 V' (unknown unit 'V')"
    )
    assert "did you mean" not in messages[-1]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fp8: 1979 TOPS", "compute.fp8: expected a floating-point throughput like '148 TFLOPS', got '1979 TOPS' ('TOPS' is an integer throughput; this precision takes FLOPS)"),
        ("int8: 1979 TFLOPS", "compute.int8: expected an integer throughput like '296 TOPS', got '1979 TFLOPS' ('TFLOPS' is a floating-point throughput; this precision takes OPS)"),
        ("bf16: 624 TOPS", "compute.bf16: expected a floating-point throughput like '148 TFLOPS', got '624 TOPS' ('TOPS' is an integer throughput; this precision takes FLOPS)"),
    ],
)  # fmt: skip
def test_flops_and_ops_are_not_interchangeable(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, f"{HEAD}compute:\n  {line}\n")
    assert problems(path) == [f"4: {message}"]


def test_annotation_only_where_it_belongs(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}power:\n  tdp: {{value: 400 W, direction: both}}\n")
    assert problems(path) == [
        "4: power.tdp.direction: unknown key; expected one of value, source, confidence, note, alternatives, ack"
    ]
    path = write(tmp_path, f"{HEAD}interconnect:\n  bandwidth: {{value: 400 GB/s, direction: sideways}}\n")
    assert problems(path) == [
        "4: interconnect.bandwidth.direction: expected one of both, doubled, unstated, got 'sideways'"
    ]


# --- files and folders -------------------------------------------------------------------


def test_a_folder_is_not_a_sheet(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a folder, not a spec sheet (load it as a folder)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    assert f"{tmp_path}/pipe.yaml: not a regular file (a pipe or device?); refused" in [
        str(p) for p in info.value.problems
    ]


def test_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path / ("x" * 300 + ".yaml"), bundled=False)
    assert "cannot read: File name too long" in str(info.value)


def test_skipped_files_are_reported(tmp_path: Path) -> None:
    write(tmp_path, HEAD, "good.yaml")
    write(tmp_path, HEAD, "other.yml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path / "sub")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    messages = sorted(str(p) for p in info.value.problems)
    assert messages == sorted(
        [
            f"{tmp_path}/dangling.yaml: broken symbolic link; skipped",
            f"{tmp_path}/other.yml: not read: spec sheets end in .yaml (rename the file)",
            f"{tmp_path}/sub/loop: symbolic link loop; skipped",
        ]
    )
    assert info.value.catalog.ids == ("good",)


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    assert str(info.value) == f"{tmp_path}: no spec sheets (*.yaml) in this folder"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="permissions do not bind root")
def test_an_unreadable_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, HEAD, "good.yaml")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        with pytest.raises(CatalogError) as info:
            load_catalog(tmp_path, bundled=False)
    finally:
        locked.chmod(0o755)
    assert str(info.value) == f"{tmp_path}/locked: cannot read folder: Permission denied"


def test_vendor_table_in_a_user_folder(tmp_path: Path) -> None:
    write(tmp_path, "name: X\nvendor: Newco\n", "newco-x.yaml")
    write(
        tmp_path,
        "Newco: {zh: 新公司, country: CN, domains: [newco.example], colour: '#123456', marker: s}\n",
        "vendors.yaml",
    )
    catalog = load_catalog(tmp_path, bundled=False)
    assert catalog.country(catalog.get("newco-x")) == "CN"
    assert "NVIDIA" in catalog.vendors  # the bundled table is always there


def test_bad_vendor_table_is_located(tmp_path: Path) -> None:
    write(tmp_path, "name: X\nvendor: Newco\n", "newco-x.yaml")
    write(tmp_path, "Newco: {country: China, colour: red}\n", "vendors.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path}/vendors.yaml:1: Newco.country: expected a two-letter country code like 'CN', got 'China'",
        f"{tmp_path}/vendors.yaml:1: Newco.colour: expected a colour like '#0072B2', got 'red'",
    ]


def test_bom_and_crlf_sheet_loads(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffname: X\r\nvendor: Y\r\n".encode())
    assert load_spec(path).name == "X"


def test_dump_of_loaded_sheet_never_expands_aliases(tmp_path: Path) -> None:
    lines = [HEAD, "extra:\n", "  a0: &a0 [lol, lol, lol]\n", "  a1: [*a0, *a0]\n"]
    chip = load_spec(write(tmp_path, "".join(lines)))
    text = chipspec.dump(chip)
    assert text.count("lol") == 9


# --- physical sizes and copies -----------------------------------------------------------


def test_physical_size_beside_the_makers_figure(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}memory:\n  capacity: {{value: 80 GB, physical: 80 GiB}}\n")
    chip = load_spec(path)
    p = chip.provenance("memory.capacity")
    assert p.text == "80 GB" and p.physical_text == "80 GiB"
    assert p.physical.to("B").magnitude == 80 * 2**30
    assert chip.magnitude("memory.capacity", "GB") == 80.0  # comparisons use the maker's figure
    p.physical.ito("GB")  # a fresh Quantity each time: changing it changes nothing
    assert p.physical_text == "80 GiB"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("memory:\n  capacity: {value: 80 GB, physical: 2 TB/s}", "4: memory.capacity.physical: expected a memory size like '96 GB', got '2 TB/s' ('TB/s' is a bandwidth)"),
        ("memory:\n  bandwidth: {value: 2 TB/s, physical: 2 TB/s}", "4: memory.bandwidth.physical: unknown key; expected one of value, source, confidence, note, alternatives, ack"),
        ("memory:\n  capacity: {value: 80 GB, alternatives: [{value: 80 GiB, physical: 80 GiB}]}", "4: memory.capacity.physical: unknown key; expected one of value, source, confidence, note"),
    ],
)  # fmt: skip
def test_physical_only_on_a_capacity_value(tmp_path: Path, entry: str, message: str) -> None:
    assert problems(write(tmp_path, f"{HEAD}{entry}\n")) == [message]


def test_a_source_read_through_a_copy(tmp_path: Path) -> None:
    text = (
        f"{HEAD}power:\n  tdp: {{value: 400 W, source: v, confidence: official}}\n"
        "sources:\n  v: {title: T, url: 'https://vendor.example/p', via: 'https://copy.example/p'}\n"
    )
    chip = load_spec(write(tmp_path, text))
    assert chip.provenance("power.tdp").source == Source(
        "v", "T", "https://vendor.example/p", (), "https://copy.example/p"
    )
    bad = (
        f"{HEAD}sources:\n  v: {{title: T, via: 'https://copy.example/p'}}\n  w: {{title: W, url: x, via: 'ftp://a'}}\n"
    )
    assert problems(write(tmp_path, bad)) == [
        "4: sources.v.via: a copy needs the `url` of the page it copies",
        "5: sources.w.url: expected an http(s) URL, got 'x'",
        "5: sources.w.via: expected an http(s) URL, got 'ftp://a'",
    ]
