"""A JSON Schema (draft 2020-12) of the spec-sheet format, generated from the field table.

Each field's short form is its kind's schema fragment (:data:`chipspec.format.FIELDS`);
the long form adds provenance. ``null`` is allowed for a field only in a variant (a sheet
with ``extends``), and never for ``name`` or ``vendor``. What JSON Schema cannot say
(plausible ranges of values, source keys that must exist) is left to the loader.
"""

from __future__ import annotations

from typing import Any

from .format import (
    ANNOTATIONS,
    CHECK_NAMES,
    CONFIDENCES,
    FIELDS,
    PHYSICAL_FIELDS,
    SECTIONS,
    SOURCE_KEYS,
    TOP_KEYS,
    Field,
    entry_keys,
)
from .system import SYSTEM_FIELDS, SYSTEM_KIND, SYSTEM_TOP_KEYS

__all__ = ["chip_schema", "json_schema", "system_schema"]

_NULL = {"type": "null"}


def _one_line() -> dict[str, Any]:
    """A name, key or label as the loader reads it: the text kind's own schema (one line:
    no line break or tab), without the field's description."""
    name = FIELDS["name"]
    assert name.kind.name == "text"
    return {k: v for k, v in name.kind.schema(name).items() if k != "description"}


_NOT_NULL = {"not": {"type": "null"}}


def _ack() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Checks silenced here: check name -> reason.",
        "propertyNames": {"enum": list(CHECK_NAMES)},
        "additionalProperties": {"type": "string", "minLength": 1},
    }


def _value(f: Field) -> dict[str, Any]:
    """A field's schema: the short form, or the long form carrying provenance."""
    short = f.kind.schema(f)
    text = {"type": "string", "minLength": 1}
    key = _one_line()
    common: dict[str, Any] = {
        "value": short,
        "source": {"oneOf": [key, {"type": "array", "items": key, "minItems": 1}]},
        "confidence": {"enum": list(CONFIDENCES)},
        "note": text,
    }
    for name in f.annotations:
        common[name] = {"enum": list(ANNOTATIONS[name].values), "description": ANNOTATIONS[name].description}
    if f.path in PHYSICAL_FIELDS:
        common["physical"] = {**short, "description": "The physical size, where it differs from the maker's figure."}
    allowed_alt = entry_keys(f, alternative=True)
    alternative = {
        "type": "object",
        "additionalProperties": False,
        "required": ["value"],
        "properties": {k: common[k] for k in allowed_alt},
    }
    allowed = entry_keys(f)
    properties = {**common, "alternatives": {"type": "array", "items": alternative}, "ack": _ack()}
    assert set(properties) == set(allowed)
    long = {"type": "object", "additionalProperties": False, "required": ["value"], "properties": properties}
    options = [short, long] if f.required else [short, long, _NULL]
    return {"anyOf": options, "description": f.description}


def _sources() -> dict[str, Any]:
    text = _one_line()
    return {
        "type": "object",
        "description": "Documents the figures come from, by key.",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "title": text,
                "url": {"type": "string", "pattern": r"^https?://\S+$"},
                "via": {
                    "type": "string",
                    "pattern": r"^https?://\S+$",
                    "description": "A verbatim copy the figures were read through, beside the publisher's url.",
                },
                "ack": _ack(),
            },
        },
    }


def system_schema() -> dict[str, Any]:
    """The JSON Schema of a system sheet (``kind: system``; see docs/systems.md)."""
    properties: dict[str, Any] = {"kind": {"const": SYSTEM_KIND, "description": "Makes the sheet a system sheet."}}
    for path, f in SYSTEM_FIELDS.items():
        if f.section is None:
            properties[path] = _value(f)
            continue
        block = properties.setdefault(f.section, {"type": "object", "additionalProperties": False, "properties": {}})
        block["properties"][f.leaf] = _value(f)
    text = _one_line()
    properties["aliases"] = {"type": "array", "items": text, "uniqueItems": True, "description": "Other names."}
    properties["sources"] = _sources()
    properties["extra"] = {"type": "object", "description": "Free mapping for anything beyond the schema."}
    assert set(properties) == set(SYSTEM_TOP_KEYS), set(properties) ^ set(SYSTEM_TOP_KEYS)
    required = ["kind", *(p for p, f in SYSTEM_FIELDS.items() if f.required)]
    return {
        "title": "chipspec/1 system sheet",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a chipspec/1 sheet: a spec sheet, or a system
    sheet when it has ``kind`` (the loader decides the same way)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "chipspec/1 sheet",
        "if": {"type": "object", "required": ["kind"]},
        "then": system_schema(),
        "else": chip_schema(),
    }


def chip_schema() -> dict[str, Any]:
    """The JSON Schema of a chipspec/1 spec sheet (one chip)."""
    properties: dict[str, Any] = {}
    not_null: dict[str, Any] = {}
    for path, f in FIELDS.items():
        if f.section is None:
            properties[path] = _value(f)
            not_null[path] = _NOT_NULL
            continue
        block = properties.setdefault(f.section, {"type": "object", "additionalProperties": False, "properties": {}})
        block["properties"][f.leaf] = _value(f)
        not_null.setdefault(f.section, {"properties": {}})["properties"][f.leaf] = _NOT_NULL
    assert set(SECTIONS) <= set(properties)
    text = _one_line()
    properties["aliases"] = {
        "type": "array",
        "items": text,
        "uniqueItems": True,
        "description": "Other names users type.",
    }
    properties["extends"] = {**text, "description": "Id of the sheet this one is a variant of."}
    properties["sources"] = _sources()
    properties["extra"] = {"type": "object", "description": "Free mapping for anything beyond the schema."}
    assert set(properties) == set(TOP_KEYS), set(properties) ^ set(TOP_KEYS)
    assert set(SOURCE_KEYS) == set(properties["sources"]["additionalProperties"]["properties"])
    return {
        "title": "chipspec/1 spec sheet",
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": properties,
        # Only a variant may leave out the vendor or unset a field with null.
        "if": {"not": {"required": ["extends"]}},
        "then": {"required": ["vendor"], "properties": not_null},
    }
