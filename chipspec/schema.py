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
    PRECISIONS,
    SECTIONS,
    SOURCE_KEYS,
    TOP_KEYS,
    Field,
    entry_keys,
)
from .system import SYSTEM_FIELDS, SYSTEM_KIND, SYSTEM_TOP_KEYS

__all__ = ["chip_schema", "json_schema", "measured_schema", "system_schema"]

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


def measured_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a measurement file (``measured/*.yaml``), generated
    from :mod:`chipspec.measured`: the record keys, the properties each kind requires and
    allows, the units of each kind. What it cannot say (a source key that exists, a chip id
    that is loaded, a positive figure) is left to the loader."""
    from .measured import _ALLOWED, _NEEDS, _UNITS, BY, KINDS, LAYOUTS, OPERATIONS, RECORD_KEYS

    text = {"type": "string", "minLength": 1}
    count = {"type": "integer", "minimum": 1}
    kind_specific = {k for keys in _ALLOWED.values() for k in keys}
    properties: dict[str, Any] = {key: text for key in RECORD_KEYS}
    properties.update(
        {
            "kind": {"enum": list(KINDS)},
            "precision": {"enum": list(PRECISIONS)},
            "operation": {"enum": list(OPERATIONS)},
            "layout": {"enum": list(LAYOUTS)},
            "by": {"enum": list(BY), "description": "Who measured: independent benchmark, vendor or community."},
            "confidence": {"enum": list(CONFIDENCES)},
            "chips": count,
            "input_tokens": count,
            "output_tokens": count,
            "date": {"type": "string", "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"},
            "value": {"type": "string", "description": "A number and a unit of the kind (794.5 TFLOPS, 1.2 TB/s)."},
        }
    )
    by_kind = []
    for kind in KINDS:
        units = "|".join(_UNITS[kind])
        forbidden = sorted(kind_specific - set(_ALLOWED[kind]))
        by_kind.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {
                    "required": list(_NEEDS[kind]),
                    "properties": {
                        "value": {"pattern": rf"^\s*[0-9][0-9_,]*(\.[0-9]+)?\s*({units})\s*$"},
                        **{k: False for k in forbidden},
                    },
                },
            }
        )
    record = {
        "type": "object",
        "additionalProperties": False,
        "required": ["chip", "kind", "value", "method", "source", "by"],
        "anyOf": [{"required": ["quote"]}, {"required": ["result"]}],
        "properties": properties,
        "allOf": by_kind,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "chipspec/1 measurement file (measured/*.yaml)",
        "type": "object",
        "additionalProperties": False,
        "required": ["measured"],
        "properties": {
            "sources": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title", "url"],
                    "properties": {"title": text, "url": {"type": "string", "pattern": r"^https?://\S+$"}},
                },
            },
            "measured": {"type": "array", "items": record},
        },
    }
