"""Read spec sheets: YAML with line marks -> validated :class:`~chipspec.spec.Spec`.

The loader composes each file with PyYAML's C parser (safe: no Python tags), then walks
the node tree itself. Walking the nodes, instead of letting PyYAML construct Python
objects, is what keeps line numbers for every message, catches duplicate keys, bounds
alias expansion, and stops YAML 1.1 surprises (``NO`` as false, ``010`` as 8) from
becoming silently wrong values. Every problem of a file is collected and raised together
as one :class:`~chipspec.errors.SpecError`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .catalog import Catalog
from .checks import CHECK_NAMES
from .errors import CatalogError, Problem, SpecError, UnknownNameError
from .spec import (
    CATEGORIES,
    CONFIDENCES,
    FIELDS,
    FORM_FACTORS,
    SECTIONS,
    Alternative,
    Pcie,
    Provenance,
    Source,
    Spec,
    suggest,
)
from .units import KINDS, SPELLINGS, UnitParseError, parse_quantity

__all__ = ["MAX_FILE_BYTES", "bundled_specs_dir", "load_catalog", "load_spec", "read_sheet"]

MAX_FILE_BYTES = 1 << 20  # 1 MiB: a spec sheet is a few kB
MAX_FLOW_DEPTH = 64  # libyaml's composer recurses; about 30,000 levels crash it
MAX_NODES = 20_000  # node visits per file, which bounds alias expansion
MAX_EXTRA_DEPTH = 16

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"{_T}str", f"{_T}int", f"{_T}float", f"{_T}bool", f"{_T}null")
_TIMESTAMP, _MAP, _SEQ = f"{_T}timestamp", f"{_T}map", f"{_T}seq"
# Tags a spec sheet may use; a node's kind is checked where its value is read.
_PLAIN_TAGS = frozenset((_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ))

TOP_KEYS = (
    "name", "vendor", "aliases", "category", "architecture", "released", "form_factor",
    "process", "die_area", "dies", "extends", *SECTIONS, "sources", "extra",
)  # fmt: skip
ENTRY_KEYS = ("value", "source", "confidence", "note", "alternatives", "ack")
ALTERNATIVE_KEYS = ("value", "source", "confidence", "note")
SOURCE_KEYS = ("title", "url", "ack")
_SECTION_KEYS = {s: [p.split(".", 1)[1] for p in FIELDS if p.startswith(s + ".")] for s in SECTIONS}

_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
_COMPACT_NESTING = re.compile(r"(?:[-?][ \t]+){32}")
_DECIMAL_INT = re.compile(r"[+]?(?:0|[1-9][0-9]{0,8})")
_RELEASE = re.compile(r"(?P<year>(?:19|20|21)[0-9]{2})(?:-(?P<month>0[1-9]|1[0-2]))?")
_PCIE = re.compile(r"(?i)\s*(?:gen\s*)?(?P<gen>[0-9]{1,2})(?:\.0)?\s*[x×]\s*(?P<lanes>[0-9]{1,3})\s*")
_URL = re.compile(r"https?://[^\s]+")
PCIE_LANES = (1, 2, 4, 8, 16, 32)


class _Abort(Exception):
    """Stop walking a file (the problem is already recorded)."""


class _Bad:
    """Marker for a value that failed validation (its problem is recorded)."""


_BAD: Any = _Bad()


@dataclass
class RawEntry:
    """One leaf value as written in one sheet, before source keys are resolved."""

    value: Any
    unit: str | None
    line: int
    sources: list[tuple[str, int]] = field(default_factory=list)
    confidence: str | None = None
    note: str | None = None
    alternatives: list[RawEntry] = field(default_factory=list)
    acks: tuple[tuple[str, str], ...] = ()


@dataclass
class RawSheet:
    """A parsed, validated sheet whose ``extends`` and source keys are not yet resolved."""

    id: str
    path: str
    entries: dict[str, RawEntry]
    sources: dict[str, Source]
    aliases: tuple[str, ...] = ()
    extends: tuple[str, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    unset: set[str] = field(default_factory=set)  # fields a variant declares unknown


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _describe(node: Any) -> str:
    """How a YAML node reads, for 'got ...' in messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag, text = node.tag, node.value
    if len(text) > 40:
        text = f"{text[:20]}... ({len(text)} characters)"
    if tag == _BOOL:
        return f"{text!r}, which YAML reads as a boolean (quote it: '\"{text}\"')"
    if tag == _TIMESTAMP:
        return f"{text!r}, which YAML reads as a date (quote it: '\"{text}\"')"
    if tag == _NULL:
        return "nothing (null)"
    if tag in (_INT, _FLOAT):
        return f"the bare number {text}"
    if tag == _STR:
        return repr(text)
    return f"a value tagged {tag!r}"


class _Reader:
    """Walks one composed YAML document, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.visits = 0
        self.variant = False

    def fail(self, node: Any, field_path: str | None, message: str) -> Any:
        line = _line(node) if node is not None else None
        self.problems.append(Problem(self.path, line, field_path, message))
        return _BAD

    def visit(self, node: Any) -> None:
        """Count a node (bounding alias expansion) and refuse non-plain tags."""
        self.visits += 1
        if self.visits > MAX_NODES:
            self.fail(node, None, f"more than {MAX_NODES} YAML nodes (alias expansion?); refused")
            raise _Abort
        if node.tag not in _PLAIN_TAGS:
            self.fail(node, None, f"unsupported YAML tag {node.tag!r}: spec sheets hold plain data")
            raise _Abort

    def mapping(
        self, node: Any, field_path: str | None, keys: Iterable[str] | None
    ) -> dict[str, tuple[Any, Any]] | None:
        """A mapping's items as key -> (key node, value node); checks keys and duplicates."""
        self.visit(node)
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, field_path, f"expected a mapping, got {_describe(node)}")
            return None
        allowed = list(keys) if keys is not None else None
        items: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            where = f"{field_path}." if field_path else ""
            if key_node.tag == f"{_T}merge":
                self.fail(key_node, field_path, "YAML merge keys ('<<') are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT):
                self.fail(key_node, field_path, f"keys must be text, got {_describe(key_node)}")
                continue
            key = key_node.value
            if key in items:
                first = _line(items[key][0])
                self.fail(key_node, f"{where}{key}", f"duplicate key (first defined on line {first})")
                continue
            if allowed is not None and key not in allowed:
                close = suggest(key, allowed)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(allowed)}"
                self.fail(key_node, f"{where}{key}", f"unknown key{hint}")
                continue
            items[key] = (key_node, value_node)
        return items

    def text(self, node: Any, field_path: str) -> Any:
        self.visit(node)
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            value = node.value.strip()
            if not value:
                return self.fail(node, field_path, "expected text, got an empty string")
            return value
        return self.fail(node, field_path, f"expected text, got {_describe(node)}")

    def integer(self, node: Any, field_path: str, low: int, high: int, what: str) -> Any:
        self.visit(node)
        if not (isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _STR)):
            return self.fail(node, field_path, f"expected {what}, got {_describe(node)}")
        if not _DECIMAL_INT.fullmatch(node.value):
            return self.fail(node, field_path, f"expected {what} as a plain decimal number, got {node.value!r}")
        number = int(node.value)
        if not low <= number <= high:
            return self.fail(node, field_path, f"expected {what} from {low} to {high}, got {number}")
        return number

    def choice(self, node: Any, field_path: str, choices: tuple[str, ...]) -> Any:
        value = self.text(node, field_path)
        if value is _BAD:
            return value
        for c in choices:
            if c.casefold() == value.casefold():
                return c
        return self.fail(node, field_path, f"expected one of {', '.join(choices)}, got {value!r}")

    def leaf(self, node: Any, field_path: str) -> tuple[Any, str | None]:
        """A short-form value of a field: (value, unit spelling as written)."""
        kind = FIELDS[field_path].kind
        if kind in KINDS:
            self.visit(node)
            if not (isinstance(node, yaml.ScalarNode) and node.tag == _STR):
                expected = KINDS[kind]
                missing = " (missing unit)" if node.tag in (_INT, _FLOAT) else ""
                return self.fail(
                    node, field_path,
                    f"expected {expected.noun} like '{expected.example}', got {_describe(node)}{missing}",
                ), None  # fmt: skip
            try:
                quantity, spelling = parse_quantity(node.value, kind)
            except UnitParseError as err:
                return self.fail(node, field_path, str(err)), None
            return quantity, spelling
        if kind == "text":
            return self.text(node, field_path), None
        if kind == "category":
            return self.choice(node, field_path, CATEGORIES), None
        if kind == "form_factor":
            return self.choice(node, field_path, FORM_FACTORS), None
        if kind == "count":
            return self.integer(node, field_path, 1, 64, "a count"), None
        if kind == "release":
            return self.release(node, field_path), None
        if kind == "pcie":
            return self.pcie(node, field_path), None
        raise AssertionError(f"unhandled field kind {kind}")  # pragma: no cover

    def release(self, node: Any, field_path: str) -> Any:
        self.visit(node)
        if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _STR):
            match = _RELEASE.fullmatch(node.value.strip())
            if match:
                return match[0]
        return self.fail(
            node, field_path, f"expected a year or 'YYYY-MM' like 2024 or '2024-03', got {_describe(node)}"
        )

    def pcie(self, node: Any, field_path: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            items = self.mapping(node, field_path, ("gen", "lanes"))
            if items is None:
                return _BAD
            for key in ("gen", "lanes"):
                if key not in items:
                    self.fail(node, f"{field_path}.{key}", "required when host.pcie is a mapping")
            if "gen" not in items or "lanes" not in items:
                return _BAD
            gen = self.integer(items["gen"][1], f"{field_path}.gen", 1, 7, "a PCIe generation")
            lanes = self.integer(items["lanes"][1], f"{field_path}.lanes", 1, 32, "a lane count")
            node = items["lanes"][1]
        else:
            self.visit(node)
            match = _PCIE.fullmatch(node.value) if isinstance(node, yaml.ScalarNode) and node.tag == _STR else None
            if match is None:
                return self.fail(
                    node,
                    field_path,
                    f"expected a PCIe link like '5.0 x16' or {{gen: 5, lanes: 16}}, got {_describe(node)}",
                )
            gen, lanes = int(match["gen"]), int(match["lanes"])
            if not 1 <= gen <= 7:
                return self.fail(node, f"{field_path}.gen", f"expected a PCIe generation from 1 to 7, got {gen}")
        if gen is _BAD or lanes is _BAD:
            return _BAD
        if lanes not in PCIE_LANES:
            return self.fail(
                node, f"{field_path}.lanes", f"expected a lane count of {', '.join(map(str, PCIE_LANES))}, got {lanes}"
            )
        return Pcie(gen, lanes)

    def entry(self, node: Any, field_path: str, alternative: bool = False) -> RawEntry | None:
        """A field's value, in the short form or the long form (a mapping with ``value``)."""
        is_long = isinstance(node, yaml.MappingNode) and any(
            isinstance(k, yaml.ScalarNode) and k.value == "value" for k, _ in node.value
        )
        if not is_long:
            if alternative:
                self.fail(
                    node, field_path, f"expected an alternative like {{value: ..., source: key}}, got {_describe(node)}"
                )
                return None
            value, spelling = self.leaf(node, field_path)
            return None if value is _BAD else RawEntry(value, spelling, _line(node))
        items = self.mapping(node, field_path, ALTERNATIVE_KEYS if alternative else ENTRY_KEYS)
        if items is None:
            return None
        value, spelling = self.leaf(items["value"][1], field_path)
        result = RawEntry(value, spelling, _line(items["value"][1]))
        if "source" in items:
            result.sources = self.source_refs(items["source"][1], f"{field_path}.source")
        if "confidence" in items:
            confidence = self.choice(items["confidence"][1], f"{field_path}.confidence", CONFIDENCES)
            result.confidence = None if confidence is _BAD else confidence
        if "note" in items:
            note = self.text(items["note"][1], f"{field_path}.note")
            result.note = None if note is _BAD else note
        if "ack" in items:
            result.acks = self.acks(items["ack"][1], f"{field_path}.ack")
        if "alternatives" in items:
            alt_node = items["alternatives"][1]
            self.visit(alt_node)
            if not isinstance(alt_node, yaml.SequenceNode):
                self.fail(alt_node, f"{field_path}.alternatives", f"expected a list, got {_describe(alt_node)}")
            else:
                for item in alt_node.value:
                    alt = self.entry(item, field_path, alternative=True)
                    if alt is not None:
                        result.alternatives.append(alt)
        return None if value is _BAD else result

    def acks(self, node: Any, field_path: str) -> tuple[tuple[str, str], ...]:
        """``{check-name: reason}``: checks silenced on a value or source, each with its reason."""
        items = self.mapping(node, field_path, None)
        out = []
        for check, (key_node, reason_node) in (items or {}).items():
            if check not in CHECK_NAMES:
                close = suggest(check, CHECK_NAMES)
                hint = f"did you mean {close[0]!r}?" if close else f"checks: {', '.join(CHECK_NAMES)}"
                self.fail(key_node, f"{field_path}.{check}", f"unknown check; {hint}")
                continue
            reason = self.text(reason_node, f"{field_path}.{check}")
            if reason is not _BAD:
                out.append((check, reason))
        return tuple(out)

    def source_refs(self, node: Any, field_path: str) -> list[tuple[str, int]]:
        self.visit(node)
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        refs = []
        for item in nodes:
            key = self.text(item, field_path)
            if key is not _BAD:
                refs.append((key, _line(item)))
        return refs

    def sources(self, node: Any) -> dict[str, Source]:
        items = self.mapping(node, "sources", None)
        result: dict[str, Source] = {}
        for key, (_, value_node) in (items or {}).items():
            where = f"sources.{key}"
            fields = self.mapping(value_node, where, SOURCE_KEYS)
            if fields is None:
                continue
            title = self.text(fields["title"][1], f"{where}.title") if "title" in fields else None
            url = self.text(fields["url"][1], f"{where}.url") if "url" in fields else None
            if isinstance(url, str) and not _URL.fullmatch(url):
                url = self.fail(fields["url"][1], f"{where}.url", f"expected an http(s) URL, got {url!r}")
            acks = self.acks(fields["ack"][1], f"{where}.ack") if "ack" in fields else ()
            if title is not _BAD and url is not _BAD:
                result[key] = Source(key, title, url, acks)
        return result

    def free(self, node: Any, field_path: str, depth: int = 0) -> Any:
        """A value under ``extra``: plain data; strings that read as quantities become Quantities."""
        self.visit(node)
        if depth > MAX_EXTRA_DEPTH:
            self.fail(node, field_path, f"nested deeper than {MAX_EXTRA_DEPTH} levels")
            raise _Abort
        if isinstance(node, yaml.MappingNode):
            items = self.mapping(node, field_path, None) or {}
            return {k: self.free(v, f"{field_path}.{k}", depth + 1) for k, (_, v) in items.items()}
        if isinstance(node, yaml.SequenceNode):
            return [self.free(v, f"{field_path}[{i}]", depth + 1) for i, v in enumerate(node.value)]
        tag, text = node.tag, node.value
        if tag == _STR:
            parts = text.split()
            if len(parts) == 2 and parts[1] in SPELLINGS:
                try:
                    return parse_quantity(text, SPELLINGS[parts[1]][0])[0]
                except UnitParseError:
                    return text
            return text
        if tag == _INT and _DECIMAL_INT.fullmatch(text.lstrip("-")):
            return int(text)
        if tag == _FLOAT:
            return yaml.safe_load(text) if len(text) < 40 else self.fail(node, field_path, "number too long")
        if tag == _BOOL:
            return yaml.safe_load(text)
        if tag == _NULL:
            return None
        return self.fail(node, field_path, f"expected plain data, got {_describe(node)}")

    def sheet(self, root: Any, sheet_id: str) -> RawSheet:
        top = self.mapping(root, None, TOP_KEYS)
        if top is None:
            raise _Abort
        sheet = RawSheet(sheet_id, self.path, {}, {})
        self.variant = "extends" in top
        if "sources" in top:
            sheet.sources = self.sources(top["sources"][1])
        for required in ("name", "vendor"):
            if required not in top and "extends" not in top:
                self.fail(root, required, "required field is missing")
        if "name" not in top and "extends" in top:
            self.fail(root, "name", "required field is missing (a variant names itself)")
        for key, (_, node) in top.items():
            if key in FIELDS:
                self.add(sheet, key, node)
            elif key in SECTIONS:
                items = self.mapping(node, key, _SECTION_KEYS[key])
                for sub, (_, sub_node) in (items or {}).items():
                    self.add(sheet, f"{key}.{sub}", sub_node)
            elif key == "aliases":
                sheet.aliases = self.aliases(node)
            elif key == "extends":
                target = self.text(node, "extends")
                if target is not _BAD:
                    sheet.extends = (target, _line(node))
            elif key == "extra":
                extra = self.free(node, "extra")
                if isinstance(extra, dict):
                    sheet.extra = extra
                elif extra is not _BAD:
                    self.fail(node, "extra", f"expected a mapping, got {_describe(node)}")
        if sheet.extends is None:
            for problem in check_source_keys(sheet, sheet.sources):
                self.problems.append(problem)
        return sheet

    def add(self, sheet: RawSheet, field_path: str, node: Any) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            if self.variant:
                sheet.unset.add(field_path)  # unknown for this variant: do not inherit
            else:
                self.fail(node, field_path, "got nothing (null); leave a field out when it is unknown")
            return
        entry = self.entry(node, field_path)
        if entry is not None:
            sheet.entries[field_path] = entry

    def aliases(self, node: Any) -> tuple[str, ...]:
        self.visit(node)
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, "aliases", f"expected a list of names like [HGX H20], got {_describe(node)}")
            return ()
        names: list[str] = []
        for item in node.value:
            name = self.text(item, "aliases")
            if name is _BAD:
                continue
            if name in names:
                self.fail(item, "aliases", f"{name!r} is listed twice")
                continue
            names.append(name)
        return tuple(names)


def check_source_keys(sheet: RawSheet, sources: dict[str, Source]) -> Iterator[Problem]:
    """Problems for every ``source`` that is not a key of ``sources``."""
    for path, entry in sheet.entries.items():
        for e in (entry, *entry.alternatives):
            for key, line in e.sources:
                if key not in sources:
                    close = suggest(key, sources)
                    hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(sources) or 'none'}"
                    yield Problem(sheet.path, line, f"{path}.source", f"{key!r} is not a key of sources; {hint}")


def _nesting_problem(text: str) -> str | None:
    """Refuse nesting deep enough to crash libyaml's recursive composer, before parsing."""
    depth = deepest = 0
    for match in _FLOW_BRACKETS.finditer(text):
        depth = depth + 1 if match[0] in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
        if deepest > MAX_FLOW_DEPTH:
            return f"nested deeper than {MAX_FLOW_DEPTH} levels; refused"
    if ("- -" in text or "? ?" in text) and _COMPACT_NESTING.search(text):
        return "nested deeper than 32 levels on one line; refused"
    return None


def read_sheet(path: str | Path, display: str | None = None) -> RawSheet:
    """Read and validate one file into a RawSheet; raises SpecError with every problem."""
    path = Path(path)
    shown = display or str(path)
    sheet_id = path.name.rsplit(".", 1)[0] if path.suffix in (".yaml", ".yml") else path.name
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise SpecError.at(shown, None, None, f"cannot read: {err.strerror or err}") from err
    if len(data) > MAX_FILE_BYTES:
        raise SpecError.at(shown, None, None, f"file is larger than {MAX_FILE_BYTES // 1024} KiB; refused")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SpecError.at(
            shown,
            data[: err.start].count(b"\n") + 1,
            None,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})",
        ) from err
    nesting = _nesting_problem(text)
    if nesting:
        raise SpecError.at(shown, None, None, nesting)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(filter(None, [err.context, err.problem]))
        lines = text.splitlines()
        if line is not None and 0 < line <= len(lines) and "\t" in lines[line - 1]:
            what += " (a tab: indent with spaces)"
        if "expected a single document" in what or "but found another document" in what:
            what = "expected one document, found several ('---'); put one chip per file"
        raise SpecError.at(shown, line, None, f"invalid YAML: {what}") from err
    except (yaml.YAMLError, ValueError, RecursionError) as err:
        raise SpecError.at(shown, None, None, f"invalid YAML: {err}") from err
    if root is None:
        raise SpecError.at(shown, 1, None, "empty file: expected a mapping with at least name and vendor")
    reader = _Reader(shown)
    try:
        sheet = reader.sheet(root, sheet_id)
    except _Abort:
        sheet = None
    if reader.problems or sheet is None:
        if not reader.problems:  # pragma: no cover - _Abort always records first
            reader.problems.append(Problem(shown, None, None, "invalid sheet"))
        raise SpecError(sorted(reader.problems, key=lambda p: p.line or 0))
    return sheet


def _resolve(sheets: list[RawSheet]) -> tuple[list[Spec], list[SpecError]]:
    """Resolve ``extends`` and source keys across sheets; ids must be unique."""
    errors: list[SpecError] = []
    by_id: dict[str, RawSheet] = {}
    for sheet in sheets:
        if sheet.id in by_id:
            first = by_id[sheet.id].path
            errors.append(SpecError.at(sheet.path, 1, None, f"duplicate id {sheet.id!r}: also defined in {first}"))
            continue
        by_id[sheet.id] = sheet

    merged: dict[str, tuple[dict[str, tuple[RawEntry, str]], dict[str, Source], dict[str, Any]] | None] = {}

    def merge(
        sheet: RawSheet, chain: tuple[str, ...]
    ) -> tuple[dict[str, tuple[RawEntry, str]], dict[str, Source], dict[str, Any]] | None:
        if sheet.id in merged:
            return merged[sheet.id]
        own = {p: (e, sheet.id) for p, e in sheet.entries.items()}
        result: tuple[dict[str, tuple[RawEntry, str]], dict[str, Source], dict[str, Any]] | None
        if sheet.extends is None:
            result = (own, dict(sheet.sources), dict(sheet.extra))
        else:
            base_id, line = sheet.extends
            base = by_id.get(base_id)
            if sheet.id in chain or base_id in chain or base_id == sheet.id:
                cycle = " -> ".join(by_id[i].path for i in (*chain, sheet.id) if i in by_id)
                errors.append(
                    SpecError.at(
                        sheet.path, line, "extends", f"inheritance cycle: {cycle} -> {base.path if base else base_id}"
                    )
                )
                result = None
            elif base is None:
                close = suggest(base_id, [i for i in by_id if i != sheet.id])
                hint = f"; did you mean {close[0]!r}?" if close else ""
                errors.append(
                    SpecError.at(sheet.path, line, "extends", f"no sheet with id {base_id!r} is loaded{hint}")
                )
                result = None
            else:
                parent = merge(base, (*chain, sheet.id))
                if parent is None:
                    if not any(e.path == sheet.path for e in errors):
                        errors.append(
                            SpecError.at(
                                sheet.path, line, "extends", f"base {base_id!r} could not be resolved (see its error)"
                            )
                        )
                    result = None
                else:
                    sources = {**parent[1], **sheet.sources}
                    problems = list(check_source_keys(sheet, sources))
                    if problems:
                        errors.append(SpecError(problems))
                        result = None
                    else:
                        inherited = {p: e for p, e in parent[0].items() if p not in sheet.unset}
                        result = ({**inherited, **own}, sources, {**parent[2], **sheet.extra})
        merged[sheet.id] = result
        return result

    specs = []
    for sheet in by_id.values():
        resolved = merge(sheet, ())
        if resolved is None:
            continue
        entries, sources, extra = resolved
        fallbacks = {owner: tuple(merged[owner][1].values()) for _, owner in entries.values()}  # type: ignore[index]
        provenance = {
            p: _provenance(p, e, owner, merged[owner][1], fallbacks[owner])  # type: ignore[index]
            for p, (e, owner) in entries.items()
        }
        specs.append(
            Spec.create(
                sheet.id,
                provenance,
                aliases=sheet.aliases,
                sources=sources,
                extra=extra,
                extends=sheet.extends[0] if sheet.extends else None,
                path=sheet.path,
            )
        )
    return specs, errors


def _provenance(
    path: str, entry: RawEntry, owner: str, sources: dict[str, Source], fallback: tuple[Source, ...]
) -> Provenance:
    """The public record of one value.

    ``sources`` are those of the sheet ``owner`` that wrote the value; a value without
    a source of its own is backed by ``fallback``, that sheet's sources (not those of a
    variant that inherits it).
    """
    own = tuple([sources[k] for k, _ in entry.sources])
    alternatives: tuple[Alternative, ...] = ()
    if entry.alternatives:
        alternatives = tuple(
            Alternative(a.value, tuple([sources[k] for k, _ in a.sources]), a.confidence, a.note, a.unit)
            for a in entry.alternatives
        )
    return Provenance(
        field=path,
        value=entry.value,
        sources=own or fallback,
        confidence=entry.confidence,
        note=entry.note,
        alternatives=alternatives,
        sheet=owner,
        line=entry.line,
        unit=entry.unit,
        explicit=bool(own),
        acks=entry.acks,
    )


def load_spec(path: str | Path) -> Spec:
    """Load one spec sheet.

    A sheet that ``extends`` another needs its base: load both with :func:`load_catalog`.

    Raises:
        SpecError: the file is invalid; ``problems`` lists every problem in it.
    """
    specs, errors = _resolve([read_sheet(path)])
    if errors:
        raise errors[0]
    return specs[0]


def bundled_specs_dir() -> Path:
    """The folder of the bundled catalog: inside the installed package, else the checkout."""
    packaged = resources.files("chipspec") / "specs"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "specs"


def _sheet_files(root: Path, shown_root: str) -> list[tuple[Path, str]]:
    if root.is_dir():
        files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
        return [(p, f"{shown_root}/{p.relative_to(root).as_posix()}") for p in files]
    return [(root, shown_root)]


def load_catalog(*paths: str | Path, bundled: bool = True, prefer_source: str | None = None) -> Catalog:
    """Load the bundled catalog and/or sheets from files and folders.

    Args:
        paths: spec files, or folders searched recursively for ``*.yaml``.
        bundled: include the bundled catalog (``specs/`` shipped with chipspec).
        prefer_source: take each value from this source key wherever a sheet has one
            (see :meth:`Spec.prefer`).

    Returns:
        A Catalog of every chip.

    Raises:
        CatalogError: some sheets are invalid; ``.errors`` says which and ``.catalog``
            holds every chip that did load.
        UnknownNameError: ``prefer_source`` is cited by no loaded sheet.

    >>> catalog = load_catalog()
    >>> catalog.get("h20").memory.capacity
    <Quantity(96.0, 'gigabyte')>
    """
    files: list[tuple[Path, str]] = []
    if bundled:
        files += _sheet_files(bundled_specs_dir(), "specs")
    for p in paths:
        path = Path(p)
        if not path.exists():
            files.append((path, str(p)))  # read_sheet reports it, located
        else:
            files += _sheet_files(path, str(p).rstrip("/") or str(p))
    sheets: list[RawSheet] = []
    errors: list[SpecError] = []
    # Loading builds many long-lived, acyclic objects; the cyclic collector would walk
    # them again and again (a fifth of the load time at 10,000 sheets) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for file, shown in files:
            try:
                sheets.append(read_sheet(file, shown))
            except SpecError as err:
                errors.append(err)
        specs, resolve_errors = _resolve(sheets)
        if prefer_source is not None:
            cited = {k for s in specs for k in s.sources}
            if prefer_source not in cited:
                raise UnknownNameError("source", prefer_source, suggest(prefer_source, cited))
            specs = [s.prefer(prefer_source) for s in specs]
        catalog = Catalog(specs)
    finally:
        if collecting:
            gc.enable()
    errors += resolve_errors
    if errors:
        raise CatalogError(errors, catalog)
    return catalog
