"""A JSON Schema of the spec-sheet format, generated from :data:`chipspec.spec.FIELDS`."""

from __future__ import annotations

from typing import Any

from .checks import CHECK_NAMES
from .load import ALTERNATIVE_KEYS, ENTRY_KEYS, PCIE_LANES
from .spec import CATEGORIES, CONFIDENCES, FIELDS, FORM_FACTORS, SECTIONS
from .units import KINDS, SPELLINGS

__all__ = ["json_schema"]


def _unit_pattern(kind: str) -> str:
    units = sorted((s for s, (k, _) in SPELLINGS.items() if k == kind), key=len, reverse=True)
    escaped = "|".join(u.replace("^", r"\^").replace("/", r"\/") for u in units)
    return rf"^\s*[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*({escaped})\s*$"


def _short(kind: str, description: str) -> dict[str, Any]:
    if kind in KINDS:
        return {
            "type": "string",
            "pattern": _unit_pattern(kind),
            "description": f"{description} Example: '{KINDS[kind].example}'.",
        }
    if kind == "category":
        return {"enum": list(CATEGORIES), "description": description}
    if kind == "form_factor":
        return {"enum": list(FORM_FACTORS), "description": description}
    if kind == "count":
        return {"type": "integer", "minimum": 1, "maximum": 64, "description": description}
    if kind == "release":
        return {
            "type": ["integer", "string"],
            "pattern": r"^(19|20|21)[0-9]{2}(-(0[1-9]|1[0-2]))?$",
            "description": description,
        }
    if kind == "pcie":
        return {
            "description": description,
            "oneOf": [
                {"type": "string", "pattern": r"^\s*([Gg]en\s*)?[1-7](\.0)?\s*[x×]\s*[0-9]{1,2}\s*$"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["gen", "lanes"],
                    "properties": {
                        "gen": {"type": "integer", "minimum": 1, "maximum": 7},
                        "lanes": {"enum": list(PCIE_LANES)},
                    },
                },
            ],
        }
    return {"type": "string", "minLength": 1, "description": description}


def _value(kind: str, description: str) -> dict[str, Any]:
    """A field's schema: the short form, or the long form carrying provenance."""
    short = _short(kind, description)
    source = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    ack = {
        "type": "object",
        "description": "Checks silenced on this value: check name -> reason.",
        "propertyNames": {"enum": list(CHECK_NAMES)},
        "additionalProperties": {"type": "string"},
    }
    common = {
        "value": short,
        "source": source,
        "confidence": {"enum": list(CONFIDENCES)},
        "note": {"type": "string"},
    }
    alternative = {
        "type": "object",
        "additionalProperties": False,
        "required": ["value"],
        "properties": {k: common[k] for k in ALTERNATIVE_KEYS},
    }
    long: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["value"],
        "properties": {**common, "alternatives": {"type": "array", "items": alternative}, "ack": ack},
    }
    assert set(long["properties"]) == set(ENTRY_KEYS)
    return {"anyOf": [short, long], "description": description}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a chipspec/1 spec sheet."""
    properties: dict[str, Any] = {}
    for path, f in FIELDS.items():
        section, _, leaf = path.partition(".")
        if leaf:
            block = properties.setdefault(section, {"type": "object", "additionalProperties": False, "properties": {}})
            block["properties"][leaf] = _value(f.kind, f.description)
        else:
            properties[path] = _value(f.kind, f.description)
    assert set(SECTIONS) <= set(properties)
    properties["aliases"] = {
        "type": "array",
        "items": {"type": "string"},
        "uniqueItems": True,
        "description": "Other names users type.",
    }
    properties["extends"] = {"type": "string", "description": "Id of the sheet this one is a variant of."}
    properties["sources"] = {
        "type": "object",
        "description": "Documents the figures come from, by key.",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string"},
                "url": {"type": "string", "pattern": r"^https?://\S+$"},
                "ack": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
    }
    properties["extra"] = {"type": "object", "description": "Free mapping for anything beyond the schema."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "chipspec/1 spec sheet",
        "type": "object",
        "additionalProperties": False,
        "anyOf": [{"required": ["name", "vendor"]}, {"required": ["name", "extends"]}],
        "properties": properties,
    }
