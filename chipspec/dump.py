"""Write a Spec back to YAML; loading the text again gives equal values and provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .spec import FIELDS, SECTIONS, Alternative, Pcie, Provenance, Spec
from .units import format_quantity, is_quantity

__all__ = ["dump", "to_data"]


def _plain(value: Any, unit: str | None) -> Any:
    if is_quantity(value):
        return format_quantity(value, unit)
    if isinstance(value, Pcie):
        return {"gen": value.gen, "lanes": value.lanes}
    return value


def _keys(sources: tuple[Any, ...]) -> Any:
    keys = [s.key for s in sources]
    return keys[0] if len(keys) == 1 else keys


def _entry(entry: Provenance | Alternative, long: bool, cite: bool = True) -> Any:
    value = _plain(entry.value, entry.unit)
    if not long:
        return value
    out: dict[str, Any] = {"value": value}
    if entry.sources and cite:
        out["source"] = _keys(entry.sources)
    if entry.confidence:
        out["confidence"] = entry.confidence
    if entry.note:
        out["note"] = entry.note
    if isinstance(entry, Provenance) and entry.alternatives:
        out["alternatives"] = [_entry(a, True) for a in entry.alternatives]
    if isinstance(entry, Provenance) and entry.acks:
        out["ack"] = dict(entry.acks)
    return out


def _extra(value: Any) -> Any:
    if is_quantity(value):
        return format_quantity(value)
    if isinstance(value, dict):
        return {k: _extra(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_extra(v) for v in value]
    return value


def _source(source: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if source.title is not None:
        out["title"] = source.title
    if source.url is not None:
        out["url"] = source.url
    if source.acks:
        out["ack"] = dict(source.acks)
    return out


def to_data(chip: Spec) -> dict[str, Any]:
    """The chip as plain YAML-ready data, with ``extends`` resolved (a flat sheet)."""
    data: dict[str, Any] = {}
    for path in FIELDS:
        entry = chip.entries.get(path)
        if entry is None:
            continue
        # A value backed only by its sheet's sources stays short; one inherited from a
        # base sheet names the base's sources, since the flat sheet has more.
        cite = entry.explicit or set(entry.sources) != set(chip.sources.values())
        long = bool((cite and entry.sources) or entry.confidence or entry.note or entry.alternatives)
        value = _entry(entry, long, cite)
        section, _, leaf = path.partition(".")
        if leaf and section in SECTIONS:
            data.setdefault(section, {})[leaf] = value
        else:
            data[path] = value
        if path == "vendor" and chip.aliases:
            data["aliases"] = list(chip.aliases)
    if chip.sources:
        data["sources"] = {key: _source(source) for key, source in chip.sources.items()}
    if chip.extra:
        data["extra"] = _extra(dict(chip.extra))
    return data


def dump(chip: Spec, path: str | Path | None = None) -> str:
    """The chip as YAML text in the spec-sheet format; also written to ``path`` if given.

    The id is the file name, so write to ``<id>.yaml`` to keep it. Values inherited
    through ``extends`` are written out in full, so the text stands on its own.
    """
    text = yaml.safe_dump(to_data(chip), sort_keys=False, allow_unicode=True, width=100)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
