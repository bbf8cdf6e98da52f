"""One definition of the format: the section records, the schema's one-line texts and the
check names follow chipspec.format, with a message that says what to add where."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jsonschema
import pytest
import yaml

from chipspec import SpecError, checks, load_spec, spec
from chipspec.format import CHECK_NAMES, FIELDS, SECTION_KEYS
from chipspec.schema import chip_schema, json_schema


@pytest.mark.parametrize("section", sorted(SECTION_KEYS))
def test_every_field_of_a_section_has_an_attribute_in_its_record(section: str) -> None:
    record = spec._SECTION_TYPES[section]
    attributes = [f.name for f in dataclasses.fields(record)]
    for leaf in SECTION_KEYS[section]:
        assert leaf in attributes, (
            f"format.py has the field {section}.{leaf} but spec.{record.__name__} has no attribute {leaf!r}: "
            f"add `{leaf}: ... | None = None` to spec.{record.__name__} (chip.{section} would raise TypeError)"
        )
    for name in attributes:
        assert name in SECTION_KEYS[section], (
            f"spec.{record.__name__} has the attribute {name!r} but format.py has no field {section}.{name}"
        )
    assert record(**{leaf: None for leaf in SECTION_KEYS[section]}) is not None


def test_the_check_names_are_the_format_s() -> None:
    assert tuple(checks.CHECKS) == CHECK_NAMES
    assert checks.CHECK_NAMES is CHECK_NAMES


BREAKS = ["line\nbreak", "a\ttab"]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """The schema's validator, built once (``jsonschema.validate`` checks the schema
    itself again on every call)."""
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("text", BREAKS)
@pytest.mark.parametrize(
    ("where", "sheet"),
    [
        ("aliases", "name: X\nvendor: Y\naliases: [{text}]\n"),
        ("sources.a.title", "name: X\nvendor: Y\nsources:\n  a: {{title: {text}, url: 'https://example.com/a'}}\n"),
        ("extends", "extends: {text}\nname: X\n"),
        ("power.tdp.source", "name: X\nvendor: Y\npower:\n  tdp: {{value: 1 W, source: {text}}}\n"),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(
    tmp_path: Path, validator: jsonschema.Draft202012Validator, where: str, sheet: str, text: str
) -> None:
    written = sheet.format(text=yaml.safe_dump(text).strip().removesuffix("...").strip())
    path = tmp_path / "x.yaml"
    path.write_text(written, encoding="utf-8")
    with pytest.raises(SpecError):
        load_spec(path)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(yaml.safe_load(written))
    clean = sheet.format(text="plain")
    assert not list(validator.iter_errors(yaml.safe_load(clean)))


def test_a_one_line_schema_text_is_the_text_kind_s() -> None:
    name = FIELDS["name"]
    pattern = name.kind.schema(name)["pattern"]
    schema = chip_schema()  # json_schema() chooses between a chip and a system sheet
    assert schema["properties"]["aliases"]["items"]["pattern"] == pattern
    assert schema["properties"]["sources"]["additionalProperties"]["properties"]["title"]["pattern"] == pattern
