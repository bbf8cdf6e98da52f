"""Write a Spec back to YAML: loading the text again gives equal values and provenance.

Every field is written by its kind from :data:`chipspec.format.FIELDS`; long forms keep
sources, confidence, note, annotations, alternatives and acknowledgements.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .format import FIELDS
from .output import write_output
from .spec import Alternative, ExtraValue, Provenance, Source, Spec

__all__ = ["dump", "to_data"]


def _keys(sources: tuple[Source, ...]) -> Any:
    keys = [s.key for s in sources]
    return keys[0] if len(keys) == 1 else keys


def _entry(path: str, entry: Provenance | Alternative, long: bool, cite: bool = True) -> Any:
    value = FIELDS[path].kind.write(entry.stored)
    if not long:
        return value
    out: dict[str, Any] = {"value": value}
    if entry.sources and cite:
        out["source"] = _keys(entry.sources)
    if entry.confidence:
        out["confidence"] = entry.confidence
    if entry.note:
        out["note"] = entry.note
    out.update(dict(entry.annotations))
    if isinstance(entry, Provenance):
        if entry.physical_stored is not None:
            out["physical"] = FIELDS[path].kind.write(entry.physical_stored)
        if entry.alternatives:
            out["alternatives"] = [_entry(path, a, True) for a in entry.alternatives]
        if entry.acks:
            out["ack"] = dict(entry.acks)
    return out


def _extra(value: Any) -> Any:
    if isinstance(value, ExtraValue):
        return value.text
    if isinstance(value, Mapping):
        return {k: _extra(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_extra(v) for v in value]
    return value


def _source(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if source.title is not None:
        out["title"] = source.title
    if source.url is not None:
        out["url"] = source.url
    if source.via is not None:
        out["via"] = source.via
    if source.acks:
        out["ack"] = dict(source.acks)
    return out


def to_data(chip: Spec) -> dict[str, Any]:
    """The chip as plain YAML-ready data, with ``extends`` resolved (a flat sheet)."""
    data: dict[str, Any] = {}
    sheet_sources = set(chip.sources.values())
    for path, f in FIELDS.items():
        entry = chip.entries.get(path)
        if entry is None:
            continue
        # A value backed only by its sheet's sources stays short; one inherited from a
        # base sheet names the base's sources, since the flat sheet has more.
        cite = entry.explicit or set(entry.sources) != sheet_sources
        long = bool(
            (cite and entry.sources)
            or entry.confidence
            or entry.note
            or entry.alternatives
            or entry.acks
            or entry.annotations
            or entry.physical_stored is not None
        )
        value = _entry(path, entry, long, cite)
        if f.section is not None:
            data.setdefault(f.section, {})[f.leaf] = value
        else:
            data[path] = value
        if path == "vendor" and chip.aliases:
            data["aliases"] = list(chip.aliases)
    if chip.sources:
        data["sources"] = {key: _source(source) for key, source in chip.sources.items()}
    if chip.extra_data:
        data["extra"] = _extra(chip.extra_data)
    return data


def dump(chip: Spec, path: str | Path | None = None) -> str:
    """The chip as YAML text in the spec-sheet format; also written to ``path`` if given.

    The id is the file name, so write to ``<id>.yaml`` to keep it. Values inherited
    through ``extends`` are written out in full, so the text stands on its own.

    Raises:
        OutputError: ``path`` cannot be written.
    """
    text = yaml.safe_dump(to_data(chip), sort_keys=False, allow_unicode=True, width=100)
    if path is not None:
        write_output(path, text)
    return text
