"""Read measurement files (``specs/measured/*.yaml``) into records: the YAML side of
:mod:`chipspec.measured`, apart so that the engine, which reads measurements, never
imports the YAML reader (a cached start reads no YAML)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from .format import CONFIDENCES, PRECISIONS
from .measured import (
    _ALLOWED,
    _CHIPS,
    _DATE,
    _FORMAT,
    _NEEDS,
    _SERVING_KEYS,
    _UNITS,
    _VALUE,
    BY,
    FILE_KEYS,
    KINDS,
    LAYOUTS,
    MAX_CHIPS,
    MAX_TOKENS,
    OPERATIONS,
    RECORD_KEYS,
    MeasuredRecord,
    Measurement,
)
from .sheets import BAD, Node, Reader
from .spec import Source, suggest
from .units import shown

__all__ = ["read_records"]


class _MeasuredReader(Reader):
    """Walks one measurement file, collecting located problems."""

    TEXT_TAGS = ("str", "int", "float", "timestamp")

    def choice(self, node: Node, field_path: str, choices: Sequence[str]) -> Any:
        value = self.text(node, field_path)
        if value is BAD:
            return value
        for c in choices:
            if c.casefold() == value.casefold():
                return c
        close = suggest(value, choices)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return self.fail(node, field_path, f"expected one of {', '.join(choices)}, got {shown(value)}{hint}")

    def sources(self, node: Node) -> dict[str, Source]:
        items = self.mapping(node, "sources", None)
        out: dict[str, Source] = {}
        for key, (_, value_node) in (items or {}).items():
            where = f"sources.{key}"
            fields = self.mapping(value_node, where, ("title", "url"))
            if fields is None:
                continue
            for required in ("title", "url"):
                if required not in fields:
                    self.fail(value_node, f"{where}.{required}", "required field is missing")
            if "title" not in fields or "url" not in fields:
                continue
            title = self.text(fields["title"][1], f"{where}.title")
            url = self.text(fields["url"][1], f"{where}.url")
            if url is not BAD and not re.fullmatch(r"https?://\S+", url):
                url = self.fail(fields["url"][1], f"{where}.url", f"expected an http(s) URL, got {shown(url)}")
            if title is not BAD and url is not BAD:
                out[key] = Source(key, title, url)
        return out

    def matching(self, node: Node, field_path: str, pattern: re.Pattern[str], expected: str) -> Any:
        """A text that matches ``pattern`` (else a located problem naming ``expected``)."""
        text = self.text(node, field_path)
        if text is not BAD and not pattern.fullmatch(text):
            return self.fail(node, field_path, f"expected {expected}, got {shown(text)}")
        return text

    def count(self, node: Node, field_path: str, most: int, what: str) -> Any:
        """A whole number of ``what`` from 1 (as written) to ``most``."""
        text = self.matching(node, field_path, _CHIPS, f"a whole number of {what}")
        if text is not BAD and int(text) > most:
            return self.fail(node, field_path, f"expected a whole number of {what}, got {shown(text)}")
        return text if text is BAD else int(text)

    def value(self, node: Node, field_path: str, kind: str) -> tuple[float, str] | None:
        text = self.text(node, field_path)
        if text is BAD:
            return None
        units = _UNITS[kind]
        match = _VALUE.fullmatch(text)
        if match is None or match.group("unit") not in units:
            self.fail(
                node,
                field_path,
                f"expected a number and a unit ({', '.join(units)}) for a {kind} measurement, got {shown(text)}",
            )
            return None
        number = float(match.group("number").replace(",", "").replace("_", ""))
        if not number > 0 or math.isinf(number):
            self.fail(node, field_path, f"expected a positive figure, got {shown(text)}")
            return None
        return number * units[match.group("unit")], text

    def entry(self, node: Node, index: int, sources: dict[str, Source]) -> MeasuredRecord | None:
        where = f"measured[{index}]"
        items = self.mapping(node, where, RECORD_KEYS)
        if items is None:
            return None
        ok = True
        for required in ("chip", "kind", "value", "method", "source", "by"):
            if required not in items:
                self.fail(node, f"{where}.{required}", "required field is missing")
                ok = False
        if "quote" not in items and "result" not in items:
            self.fail(node, f"{where}.quote", "a measurement needs a `quote` from its source or a `result` id")
            ok = False
        if "kind" not in items:
            return None
        kind = self.choice(items["kind"][1], f"{where}.kind", KINDS)
        if kind is BAD:
            return None
        for key in _NEEDS[kind]:
            if key not in items:
                self.fail(node, f"{where}.{key}", f"required for a {kind} measurement")
                ok = False
        for key in (
            "precision",
            "shape",
            "pattern",
            "operation",
            "message_size",
            "chips",
            "model",
            "scenario",
            *_SERVING_KEYS,
        ):
            if key in items and key not in _ALLOWED[kind]:
                self.fail(items[key][0], f"{where}.{key}", f"not a property of a {kind} measurement")
                ok = False
        got: dict[str, Any] = {}
        for key, (_, value_node) in items.items():
            field_path = f"{where}.{key}"
            if key == "kind":
                continue
            if key == "value":
                parsed = self.value(value_node, field_path, kind)
                got[key] = BAD if parsed is None else parsed
            elif key == "precision":
                got[key] = self.choice(value_node, field_path, PRECISIONS)
            elif key == "operation":
                got[key] = self.choice(value_node, field_path, OPERATIONS)
            elif key == "by":
                got[key] = self.choice(value_node, field_path, BY)
            elif key == "confidence":
                got[key] = self.choice(value_node, field_path, CONFIDENCES)
            elif key == "chips":
                got[key] = self.count(value_node, field_path, MAX_CHIPS, "chips")
            elif key in ("input_tokens", "output_tokens"):
                got[key] = self.count(value_node, field_path, MAX_TOKENS, "tokens")
            elif key in ("weights", "kv"):
                got[key] = self.matching(value_node, field_path, _FORMAT, "a format name like fp8 or nvfp4")
            elif key == "layout":
                got[key] = self.choice(value_node, field_path, LAYOUTS)
            elif key == "date":
                got[key] = self.matching(value_node, field_path, _DATE, "a date like 2025-09 or 2025-09-30")
            elif key == "source":
                text = self.text(value_node, field_path)
                if text is not BAD and text not in sources:
                    close = suggest(text, sources)
                    hint = (
                        f"did you mean {shown(close[0])}?" if close else f"known keys: {', '.join(sources) or 'none'}"
                    )
                    text = self.fail(value_node, field_path, f"{shown(text)} is not a key of sources; {hint}")
                got[key] = text if text is BAD else sources[text]
            else:
                got[key] = self.text(value_node, field_path, lines=key in ("note", "quote"))
        if not ok or any(v is BAD for v in got.values()):
            return None
        value, written = got.pop("value")
        got.setdefault("date", None)  # not every page dates its run
        measurement = Measurement(kind=kind, value=value, written=written, path=self.path, line=node.line, **got)
        return MeasuredRecord(measurement, items["chip"][1].line)

    def file(self, root: Node) -> list[MeasuredRecord]:
        top = self.mapping(root, None, FILE_KEYS)
        if top is None:
            return []
        sources = self.sources(top["sources"][1]) if "sources" in top else {}
        if "measured" not in top:
            self.fail(root, "measured", "required field is missing (a list of measurements)")
            return []
        node = top["measured"][1]
        if node.kind != "seq":
            self.fail(node, "measured", f"expected a list of measurements, got {node.describe()}")
            return []
        out = []
        for i, item in enumerate(node.value):
            rec = self.entry(item, i, sources)
            if rec is not None:
                out.append(rec)
        return out


def read_records(root: Node | None, shown_path: str) -> list[MeasuredRecord]:
    """The records of one composed measurement file; raises SpecError with every problem."""
    reader = _MeasuredReader(shown_path)
    if root is None:
        reader.fail(1, None, "empty file: expected a mapping with sources and measured")
        reader.finish()
    assert root is not None
    records = reader.file(root)
    reader.finish()
    return records
