"""Read spec sheets: YAML nodes with line marks -> validated :class:`~chipspec.spec.Spec`.

Files are read and composed into nodes by :mod:`chipspec.sheets`, the one YAML reader of
the package (safe and exact: no tags, bounded nesting and alias expansion, the file's own
line numbers). This module walks those nodes: duplicate keys are errors, YAML 1.1
surprises (``NO`` as false, ``010`` as 8) never become silently wrong values, and every
value is parsed by its field's kind from :data:`chipspec.format.FIELDS`. Every problem of
a file is collected and raised together as one :class:`SpecError`; one bad file never
costs the others.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .bundled import BUNDLED_SHOWN, bundled_specs_dir
from .catalog import Catalog
from .errors import CatalogError, Problem, SpecError, UnknownNameError
from .format import (
    ANNOTATIONS,
    CHECK_NAMES,
    CONFIDENCES,
    FIELDS,
    SECTION_KEYS,
    SECTIONS,
    SOURCE_KEYS,
    TOP_KEYS,
    Field,
    FieldError,
    Scalar,
    entry_keys,
)
from .measured import MeasuredRecord, Measurement, unknown_chip
from .measured_read import read_records
from .progress import Progress, report_progress
from .sheets import BAD, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_PROBLEMS, Node, Reader, compose, read_text, safe_key
from .spec import Alternative, ExtraValue, Provenance, Source, Spec, freeze, make_provenance, suggest
from .system import (
    SYSTEM_FIELDS,
    SYSTEM_KIND,
    SYSTEM_SECTION_KEYS,
    SYSTEM_SECTIONS,
    SYSTEM_TOP_KEYS,
    System,
)
from .units import SPELLINGS, UnitParseError, parse_value, shown
from .vendors import VENDOR_KEYS, Vendor, check_colour, check_country, check_marker

__all__ = [
    "MAX_DEPTH",
    "MAX_EXTENDS",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "bundled_specs_dir",
    "bundled_vendors",
    "load_catalog",
    "load_spec",
    "read_sheet",
]

MAX_EXTENDS = 32  # length of an inheritance chain
VENDOR_FILE = "vendors.yaml"
MEASURED_DIR = "measured"  # a folder of measurement files at the top of a loaded folder

_URL = re.compile(r"https?://[^\s]+")
_DECIMAL_INT = re.compile(r"[+-]?(?:0|[1-9][0-9]{0,29})")


class _Abort(Exception):
    """Stop reading a file (the problem is already recorded)."""


_BAD = BAD


# --- reading one sheet -------------------------------------------------------------------


@dataclass(slots=True)
class RawEntry:
    """One leaf value as written in one sheet, before source keys are resolved."""

    stored: Any
    line: int
    sources: list[tuple[str, int]] = field(default_factory=list)
    confidence: str | None = None
    note: str | None = None
    alternatives: list[RawEntry] = field(default_factory=list)
    acks: tuple[tuple[str, str], ...] = ()
    annotations: tuple[tuple[str, str], ...] = ()
    physical: Any = None  # the physical size beside the maker's figure (memory.capacity)


@dataclass(slots=True)
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
    system: bool = False  # a system sheet (``kind: system``), read with SYSTEM_FIELDS


class _Reader(Reader):
    """Walks one composed spec sheet, collecting problems.

    The field table is a class attribute: :class:`_SystemReader` walks a system sheet with
    the same code and its own table (:data:`chipspec.system.SYSTEM_FIELDS`).
    """

    table = "chip"
    fields: Any = FIELDS
    sections: tuple[str, ...] = SECTIONS
    section_keys: Any = SECTION_KEYS
    top_keys: tuple[str, ...] = TOP_KEYS

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.variant = False
        self.names: list[str] = []  # the chip's names, kept even when the sheet fails
        self.vendor_lines: dict[str, dict[str, int]] = {}  # vendor -> key -> line (vendor tables)

    def choice(self, node: Node, field_path: str, choices: tuple[str, ...]) -> Any:
        value = self.text(node, field_path)
        if value is _BAD:
            return value
        for c in choices:
            if c.casefold() == value.casefold():
                return c
        return self.fail(node, field_path, f"expected one of {', '.join(choices)}, got {shown(value)}")

    def leaf(self, node: Node, field_path: str, f: Field | None = None) -> Any:
        """A field's value in its short form, parsed by the field's kind (``f``, where
        ``field_path`` names a key of the field's long form rather than the field)."""
        f = f or self.fields[field_path]
        value: Any
        if node.kind == "map" and f.kind.keys:
            items = self.mapping(node, field_path, f.kind.keys)
            if items is None:
                return _BAD
            missing = [k for k in f.kind.keys if k not in items]
            for k in missing:
                self.fail(node, f"{field_path}.{k}", f"required when {field_path} is a mapping")
            if missing:
                return _BAD
            for k, (_, v) in items.items():
                if v.kind != "scalar":
                    return self.fail(v, f"{field_path}.{k}", f"expected a number, got {v.describe()}")
            value = {k: v.scalar() for k, (_, v) in items.items()}
            lines = {k: v for k, (_, v) in items.items()}
        elif node.kind != "scalar":
            return self.fail(node, field_path, f"expected a value, got {node.describe()}")
        elif len(node.value) <= _CACHED_TEXT:
            try:
                return _parse_scalar(self.table, f.path, node.value, node.tag)
            except FieldError as err:
                return self.fail(node, f"{field_path}.{err.part}" if err.part else field_path, err.message)
        else:
            value, lines = node.scalar(), {}
        try:
            return f.kind.parse(f, value)
        except FieldError as err:
            where = lines.get(err.part or "", node)
            return self.fail(where, f"{field_path}.{err.part}" if err.part else field_path, err.message)

    def entry(self, node: Node, field_path: str, alternative: bool = False) -> RawEntry | None:
        """A field's value, in the short form or the long form (a mapping with ``value``)."""
        is_long = node.kind == "map" and any(k.kind == "scalar" and k.value == "value" for k, _ in node.value)
        if not is_long:
            if alternative:
                self.fail(
                    node, field_path, f"expected an alternative like {{value: ..., source: key}}, got {node.describe()}"
                )
                return None
            value = self.leaf(node, field_path)
            return None if value is _BAD else RawEntry(value, node.line)
        f = self.fields[field_path]
        items = self.mapping(node, field_path, entry_keys(f, alternative))
        if items is None:
            return None
        value = self.leaf(items["value"][1], field_path)
        result = RawEntry(value, items["value"][1].line)
        if "source" in items:
            result.sources = self.source_refs(items["source"][1], f"{field_path}.source")
        if "confidence" in items:
            confidence = self.choice(items["confidence"][1], f"{field_path}.confidence", CONFIDENCES)
            result.confidence = None if confidence is _BAD else confidence
        if "note" in items:
            note = self.text(items["note"][1], f"{field_path}.note", lines=True)
            result.note = None if note is _BAD else note
        annotations = []
        for name in f.annotations:
            if name in items:
                chosen = self.choice(items[name][1], f"{field_path}.{name}", ANNOTATIONS[name].values)
                if chosen is not _BAD:
                    annotations.append((name, chosen))
        result.annotations = tuple(annotations)
        if "physical" in items:
            physical = self.leaf(items["physical"][1], f"{field_path}.physical", f)
            result.physical = None if physical is _BAD else physical
        if "ack" in items:
            result.acks = self.acks(items["ack"][1], f"{field_path}.ack")
        if "alternatives" in items:
            alt_node = items["alternatives"][1]
            if alt_node.kind != "seq":
                self.fail(alt_node, f"{field_path}.alternatives", f"expected a list, got {alt_node.describe()}")
            else:
                for item in alt_node.value:
                    alt = self.entry(item, field_path, alternative=True)
                    if alt is not None:
                        result.alternatives.append(alt)
        return None if value is _BAD else result

    def acks(self, node: Node, field_path: str) -> tuple[tuple[str, str], ...]:
        """``{check-name: reason}``: checks silenced on a value or source, each with its reason."""
        items = self.mapping(node, field_path, None)
        out = []
        for check, (key_node, reason_node) in (items or {}).items():
            if check not in CHECK_NAMES:
                close = suggest(check, CHECK_NAMES)
                hint = f"did you mean {close[0]!r}?" if close else f"checks: {', '.join(CHECK_NAMES)}"
                self.fail(key_node, f"{field_path}.{shown(check)[1:-1]}", f"unknown check; {hint}")
                continue
            reason = self.text(reason_node, f"{field_path}.{check}", lines=True)
            if reason is not _BAD:
                out.append((check, reason))
        return tuple(out)

    def source_refs(self, node: Node, field_path: str) -> list[tuple[str, int]]:
        nodes = node.value if node.kind == "seq" else [node]
        refs = []
        for item in nodes:
            key = self.text(item, field_path)
            if key is not _BAD:
                refs.append((key, item.line))
        return refs

    def sources(self, node: Node) -> dict[str, Source]:
        items = self.mapping(node, "sources", None)
        result: dict[str, Source] = {}
        for key, (_, value_node) in (items or {}).items():
            where = f"sources.{safe_key(key)}"
            fields = self.mapping(value_node, where, SOURCE_KEYS)
            if fields is None:
                continue
            title = self.text(fields["title"][1], f"{where}.title") if "title" in fields else None
            url, via = (self.url(fields[k][1], f"{where}.{k}") if k in fields else None for k in ("url", "via"))
            if via is not None and via is not _BAD and url is None:
                self.fail(fields["via"][1], f"{where}.via", "a copy needs the `url` of the page it copies")
                via = _BAD
            acks = self.acks(fields["ack"][1], f"{where}.ack") if "ack" in fields else ()
            if title is not _BAD and url is not _BAD and via is not _BAD:
                result[key] = Source(key, title, url, acks, via)
        return result

    def url(self, node: Node, field_path: str) -> Any:
        """An http(s) address."""
        url = self.text(node, field_path)
        if isinstance(url, str) and not _URL.fullmatch(url):
            return self.fail(node, field_path, f"expected an http(s) URL, got {shown(url)}")
        return url

    def free(self, node: Node, field_path: str) -> Any:
        """A value under ``extra``: plain data; strings that read as quantities become quantities."""
        if node.kind == "map":
            items = self.mapping(node, field_path, None) or {}
            return {k: self.free(v, f"{field_path}.{k}") for k, (_, v) in items.items()}
        if node.kind == "seq":
            return [self.free(v, f"{field_path}[{i}]") for i, v in enumerate(node.value)]
        tag, text = node.tag, node.value
        if tag in ("str", "timestamp"):
            number, _, unit = text.strip().partition(" ")
            entry = SPELLINGS.get(unit.strip())
            if number and entry is not None and entry.kind is not None:
                try:
                    return ExtraValue(parse_value(text, entry.kind))
                except UnitParseError:
                    return text
            return text
        if tag == "int":
            if _DECIMAL_INT.fullmatch(text):
                return int(text)
            return self.fail(
                node,
                field_path,
                f"expected a plain decimal integer, got {node.describe()} (quote it to keep it as text)",
            )
        if tag == "float":
            try:
                number = float(text.replace("_", ""))
            except ValueError:
                number = float("nan")
            if len(text) > 40 or number != number or number in (float("inf"), float("-inf")):
                return self.fail(
                    node, field_path, f"expected a finite number, got {node.describe()} (quote it to keep it as text)"
                )
            return number
        if tag == "bool":
            return text.lower() in ("y", "yes", "true", "on")
        if tag == "null":
            return None
        return self.fail(node, field_path, f"expected plain data, got {node.describe()}")

    def sheet(self, root: Node, sheet_id: str) -> RawSheet:
        top = self.mapping(root, None, self.top_keys)
        if top is None:
            raise _Abort
        sheet = RawSheet(sheet_id, self.path, {}, {}, system=self.table == "system")
        self.variant = "extends" in top
        for required in (p for p, f in self.fields.items() if f.required):
            if required not in top and (required == "name" or not self.variant):
                reason = " (a variant names itself)" if self.variant else ""
                self.fail(root, required, f"required field is missing{reason}")
        if "sources" in top:
            sheet.sources = self.sources(top["sources"][1])
        for key, (_, node) in top.items():
            if key in self.fields:
                self.add(sheet, key, node)
            elif key in self.sections:
                items = self.mapping(node, key, self.section_keys[key])
                for sub, (_, sub_node) in (items or {}).items():
                    self.add(sheet, f"{key}.{sub}", sub_node)
            elif key == "aliases":
                sheet.aliases = self.aliases(node)
            elif key == "extends":
                target = self.text(node, "extends")
                if target is not _BAD:
                    sheet.extends = (target, node.line)
            elif key == "extra":
                extra = self.free(node, "extra")
                if isinstance(extra, dict):
                    sheet.extra = extra
                elif extra is not _BAD:
                    self.fail(node, "extra", f"expected a mapping, got {node.describe()}")
        if sheet.extends is None:
            for problem in check_source_keys(sheet, sheet.sources):
                self.record(problem)
        for path in ("name", "vendor"):
            entry = sheet.entries.get(path)
            if entry is not None:
                self.names.append(str(entry.stored))
        self.names += sheet.aliases
        return sheet

    def add(self, sheet: RawSheet, field_path: str, node: Node) -> None:
        if node.kind == "scalar" and node.tag == "null":
            if self.fields[field_path].required:
                self.fail(node, field_path, "a required field cannot be unset (null)")
            elif self.variant:
                sheet.unset.add(field_path)  # unknown for this variant: do not inherit
            else:
                self.fail(node, field_path, "got nothing (null); leave a field out when it is unknown")
            return
        entry = self.entry(node, field_path)
        if entry is not None:
            sheet.entries[field_path] = entry

    def aliases(self, node: Node) -> tuple[str, ...]:
        if node.kind != "seq":
            self.fail(node, "aliases", f"expected a list of names like [HGX H20], got {node.describe()}")
            return ()
        names: dict[str, None] = {}
        for item in node.value:
            name = self.text(item, "aliases")
            if name is _BAD:
                continue
            if name in names:
                self.fail(item, "aliases", f"{shown(name)} is listed twice")
                continue
            names[name] = None
        return tuple(names)

    def vendors(self, root: Node) -> dict[str, Vendor]:
        items = self.mapping(root, None, None) or {}
        out: dict[str, Vendor] = {}
        for name, (_, node) in items.items():
            where = shown(name)[1:-1]
            fields = self.mapping(node, where, VENDOR_KEYS)
            if fields is None:
                continue
            values: dict[str, Any] = {}
            self.vendor_lines[name] = {key: value_node.line for key, (_, value_node) in fields.items()}
            for key, (_, value_node) in fields.items():
                if key == "domains":
                    if value_node.kind != "seq":
                        self.fail(
                            value_node, f"{where}.domains", f"expected a list of domains, got {value_node.describe()}"
                        )
                        continue
                    domains = [self.text(d, f"{where}.domains") for d in value_node.value]
                    values[key] = tuple(d.lower() for d in domains if d is not _BAD)
                else:
                    text = self.text(value_node, f"{where}.{key}")
                    if text is _BAD:
                        continue
                    check = {"country": check_country, "colour": check_colour, "marker": check_marker}.get(key)
                    problem = check(text) if check else None
                    if problem:
                        self.fail(value_node, f"{where}.{key}", problem)
                        continue
                    values[key] = text
            out[name] = Vendor(name, **values)
        return out

    def error(self, problems: list[Problem]) -> SpecError:
        error = SpecError(problems)
        error.names = tuple(self.names)
        return error


class _SystemReader(_Reader):
    """Walks one composed system sheet (``kind: system``): the chip reader's code with the
    system field table."""

    table = "system"
    fields = SYSTEM_FIELDS
    sections = SYSTEM_SECTIONS
    section_keys = SYSTEM_SECTION_KEYS
    top_keys = SYSTEM_TOP_KEYS

    def sheet(self, root: Node, sheet_id: str) -> RawSheet:
        for key_node, value_node in root.value:
            if key_node.kind == "scalar" and key_node.value == "kind":
                self.choice(value_node, "kind", (SYSTEM_KIND,))
        return super().sheet(root, sheet_id)


_CACHED_TEXT = 80  # scalars up to this length are parsed once per field and spelling
_TABLES: dict[str, Any] = {"chip": FIELDS, "system": SYSTEM_FIELDS}


@lru_cache(maxsize=16384)
def _parse_scalar(table: str, field_path: str, text: str, tag: str) -> Any:
    """A short scalar parsed by its field's kind, once per (table, field, text, YAML type):
    sheets repeat spellings ("HBM3", "5.0 x16", "700 W"), and every stored value is
    immutable, so sharing one is safe. A value that does not parse raises each time
    (nothing is cached)."""
    f = _TABLES[table][field_path]
    return f.kind.parse(f, Scalar(text, tag))


def check_source_keys(sheet: RawSheet, sources: dict[str, Source]) -> list[Problem]:
    """Problems for every ``source`` that is not a key of ``sources`` (suggestions for the
    first few only, so a sheet citing hundreds of unknown keys stays fast to check)."""
    problems: list[Problem] = []
    for path, entry in sheet.entries.items():
        for e in (entry, *entry.alternatives):
            for key, line in e.sources:
                if key in sources:
                    continue
                if len(problems) < 10:
                    close = suggest(key, sources)
                    hint = (
                        f"did you mean {shown(close[0])}?"
                        if close
                        else f"known keys: {', '.join(shown(k) for k in list(sources)[:10]) or 'none'}"
                    )
                else:
                    hint = "see sources"
                problems.append(
                    Problem(sheet.path, line, f"{path}.source", f"{shown(key)} is not a key of sources; {hint}")
                )
    return problems


def read_sheet(path: str | Path, display: str | None = None) -> RawSheet:
    """Read and validate one file into a RawSheet; raises SpecError with every problem."""
    path = Path(path)
    shown_path = display or str(path)
    sheet_id = path.name.rsplit(".", 1)[0] if path.suffix in (".yaml", ".yml") else path.name
    text = read_text(path, shown_path)
    root = compose(text, shown_path)
    if root is None:
        raise SpecError.at(shown_path, 1, None, "empty file: expected a mapping with at least name and vendor")
    reader = _SystemReader(shown_path) if _is_system(root) else _Reader(shown_path)
    try:
        sheet = reader.sheet(root, sheet_id)
    except _Abort:
        sheet = None
    reader.finish()
    assert sheet is not None  # _Abort always records a problem first
    return sheet


def _is_system(root: Node) -> bool:
    """Whether a sheet is a system sheet: its top mapping has the key ``kind``."""
    return root.kind == "map" and any(k.kind == "scalar" and k.value == "kind" for k, _ in root.value)


def read_vendors(path: str | Path, display: str | None = None) -> dict[str, Vendor]:
    """Read a vendor table (``vendors.yaml``); raises SpecError with every problem."""
    return _read_vendor_table(path, display)[0]


def _read_vendor_table(
    path: str | Path, display: str | None = None
) -> tuple[dict[str, Vendor], dict[str, dict[str, int]]]:
    """A vendor table and the line of each key each vendor writes."""
    shown_path = display or str(path)
    root = compose(read_text(Path(path), shown_path), shown_path)
    if root is None:
        return {}, {}
    reader = _Reader(shown_path)
    try:
        vendors = reader.vendors(root)
    except _Abort:
        vendors = {}
    reader.finish()
    return vendors, reader.vendor_lines


_VENDOR_DEFAULTS = Vendor("")


def _merge_vendors(
    vendors: dict[str, Vendor], table: dict[str, Vendor], lines: dict[str, dict[str, int]], shown_path: str
) -> list[Problem]:
    """Merge a vendor table into ``vendors`` (the bundled table first, then the user's):
    a vendor already known keeps what it has, gains what the new entry adds (domains are
    joined), and a value that contradicts it is a located problem (the known value stays).
    A user's table can extend the bundled one, never silently replace it."""
    problems = []
    for name, entry in table.items():
        known = vendors.get(name)
        if known is None:
            vendors[name] = entry
            continue
        changes: dict[str, Any] = {}
        for key, line in lines.get(name, {}).items():
            new, old = getattr(entry, key), getattr(known, key)
            if key == "domains":
                changes[key] = tuple(dict.fromkeys((*old, *new)))
            elif old == getattr(_VENDOR_DEFAULTS, key):
                changes[key] = new
            elif new != old:
                problems.append(
                    Problem(
                        shown_path,
                        line,
                        f"{shown(name)[1:-1]}.{key}",
                        f"{shown(str(new))} contradicts the vendor table read before it ({shown(str(old))}); "
                        "a vendor table may add to a vendor, not change it: remove the key",
                    )
                )
        vendors[name] = Vendor(**{**{k: getattr(known, k) for k in ("name", *VENDOR_KEYS)}, **changes})
    return problems


# --- resolving variants and sources across sheets ----------------------------------------

_Merged = tuple[dict[str, tuple[RawEntry, str]], dict[str, Source], dict[str, Any]]


def _resolve(sheets: list[RawSheet], failed: dict[str, SpecError]) -> tuple[list[Spec], list[SpecError]]:
    """Resolve ``extends`` and source keys across sheets; ids must be unique.

    Chains are followed iteratively. A sheet with more than :data:`MAX_EXTENDS` bases
    above it is refused, whatever order the sheets come in (the sheets nearer the root
    still load). A variant of a sheet that failed to load says so, naming the first
    problem where the chain broke (never nesting the messages of every link; it is never
    rebased on a similar id).
    """
    errors: list[SpecError] = []
    by_id: dict[str, RawSheet] = {}
    for sheet in sheets:
        if sheet.id in by_id:
            first = by_id[sheet.id].path
            errors.append(SpecError.at(sheet.path, 1, None, f"duplicate id {sheet.id!r}: also defined in {first}"))
            continue
        by_id[sheet.id] = sheet
    merged: dict[str, _Merged | None] = {}
    depth: dict[str, int] = {}  # how many bases above each resolved sheet
    cause: dict[str, str] = {}  # where a refused chain first broke, for the variants below it

    def broken(sheet: RawSheet, message: str, root: str | None = None) -> None:
        assert sheet.extends is not None
        error = SpecError.at(sheet.path, sheet.extends[1], "extends", message)
        errors.append(error)
        failed.setdefault(sheet.id, error)
        cause[sheet.id] = root if root is not None else str(error.problems[0])

    def first_problem(base_id: str) -> str:
        if base_id in cause:
            return cause[base_id]
        return str(failed[base_id].problems[0]) if base_id in failed else "see its error"

    for start in by_id.values():
        if start.id in merged:
            continue
        chain: list[RawSheet] = [start]
        in_chain = {start.id}
        while True:  # follow extends up to a resolved, missing or broken base
            current = chain[-1]
            if current.extends is None or current.extends[0] in merged:
                break
            base = by_id.get(current.extends[0])
            if base is None:
                break
            if base.id in in_chain:  # a cycle: reported once, where it closes
                loop = chain[chain.index(base) :]
                cycle = " -> ".join(s.path for s in loop) + f" -> {base.path}"
                broken(current, f"inheritance cycle: {cycle}")
                merged[current.id] = None
                break
            chain.append(base)
            in_chain.add(base.id)
        for sheet in reversed(chain):  # from the far end of the chain back to ``start``
            if sheet.id in merged:
                continue
            result: _Merged | None = None
            if sheet.extends is None:
                result = ({p: (e, sheet.id) for p, e in sheet.entries.items()}, dict(sheet.sources), dict(sheet.extra))
                depth[sheet.id] = 0
            else:
                base_id = sheet.extends[0]
                parent = merged.get(base_id)
                if parent is not None and depth[base_id] + 1 > MAX_EXTENDS:
                    broken(sheet, f"inheritance chain longer than {MAX_EXTENDS} sheets; refused")
                elif base_id not in by_id and base_id in failed:
                    broken(sheet, f"base {base_id!r} did not load: {first_problem(base_id)}", first_problem(base_id))
                elif base_id not in by_id:
                    close = suggest(base_id, [i for i in by_id if i != sheet.id])
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    broken(sheet, f"no sheet with id {shown(base_id)} is loaded{hint}")
                elif parent is None:
                    first = first_problem(base_id)
                    broken(sheet, f"base {base_id!r} did not load: {first}", first)
                else:
                    sources = {**parent[1], **sheet.sources}
                    problems = check_source_keys(sheet, sources)
                    if problems:
                        error = SpecError(problems)
                        errors.append(error)
                        failed.setdefault(sheet.id, error)
                    else:
                        inherited = {p: e for p, e in parent[0].items() if p not in sheet.unset}
                        own = {p: (e, sheet.id) for p, e in sheet.entries.items()}
                        result = ({**inherited, **own}, sources, {**parent[2], **sheet.extra})
                        depth[sheet.id] = depth[base_id] + 1
            merged[sheet.id] = result

    specs = []
    # Per sheet that wrote values: its sources, and them as the backing of a value that
    # names none (one tuple per sheet, shared by its values).
    fallbacks: dict[str, tuple[dict[str, Source], tuple[Source, ...]]] = {}
    for sheet in by_id.values():
        resolved = merged.get(sheet.id)
        if resolved is None:
            continue
        entries, sources, extra = resolved
        provenance = {}
        for p, (e, owner) in entries.items():
            backing = fallbacks.get(owner)
            if backing is None:
                owner_sources = merged[owner][1]  # type: ignore[index]
                backing = fallbacks[owner] = (owner_sources, tuple(owner_sources.values()))
            provenance[p] = _provenance(p, e, owner, *backing)
        specs.append(
            Spec(
                sheet.id,
                provenance,
                aliases=sheet.aliases,
                sources=sources,
                extra=freeze(extra),
                extends=sheet.extends[0] if sheet.extends else None,
                path=sheet.path,
            )
        )
    return specs, errors


def _provenance(
    path: str, entry: RawEntry, owner: str, sources: dict[str, Source], fallback: tuple[Source, ...]
) -> Provenance:
    """The public record of one value.

    ``sources`` are those of the sheet ``owner`` that wrote the value; a value without a
    source of its own is backed by that sheet's sources (``fallback``, not those of a variant).
    """
    own = tuple([sources[k] for k, _ in entry.sources]) if entry.sources else ()
    alternatives = (
        tuple(
            [
                Alternative(a.stored, tuple([sources[k] for k, _ in a.sources]), a.confidence, a.note, a.annotations)
                for a in entry.alternatives
            ]
        )
        if entry.alternatives
        else ()
    )
    return make_provenance(
        path,
        entry.stored,
        own or fallback,
        entry.confidence,
        entry.note,
        alternatives,
        owner,
        entry.line,
        bool(own),
        entry.acks,
        entry.annotations,
        entry.physical,
    )


def _systems(
    raw: list[RawSheet], chips: list[Spec], failed: dict[str, SpecError], bundled: bool = True
) -> tuple[dict[str, System], list[SpecError]]:
    """The system sheets as :class:`System` records, each with its chip sheet resolved.

    A system's id must differ from every chip's and system's; its ``chip`` must name a
    loaded chip sheet by id (a chip that failed to load says so). When the bundled catalog
    is not loaded (``bundled=False``), a chip id that no given sheet has is looked up in
    it: a user's system sheet may be built from a bundled chip.
    """
    by_id = {c.id: c for c in chips}
    if not bundled and any(str(s.entries["chip"].stored) not in by_id for s in raw):
        by_id = {**{c.id: c for c in _bundled_or_partial()}, **by_id}
    out: dict[str, System] = {}
    errors: list[SpecError] = []

    def broken(sheet: RawSheet, line: int | None, field_path: str | None, message: str) -> None:
        error = SpecError.at(sheet.path, line, field_path, message)
        errors.append(error)
        failed.setdefault(sheet.id, error)

    for sheet in raw:
        if sheet.id in out or sheet.id in by_id:
            first = out[sheet.id].path if sheet.id in out else by_id[sheet.id].path
            errors.append(SpecError.at(sheet.path, 1, None, f"duplicate id {sheet.id!r}: also defined in {first}"))
            continue
        chip_entry = sheet.entries["chip"]
        chip_id = str(chip_entry.stored)
        chip = by_id.get(chip_id)
        if chip is None:
            if chip_id in failed:
                message = f"chip sheet {chip_id!r} did not load: {failed[chip_id].problems[0]}"
            else:
                close = suggest(chip_id, by_id)
                hint = f"; did you mean {shown(close[0])}?" if close else ""
                message = f"no chip sheet with id {shown(chip_id)} is loaded{hint}"
            broken(sheet, chip_entry.line, "chip", message)
            continue
        fallback = tuple(sheet.sources.values())
        entries = {p: _provenance(p, e, sheet.id, sheet.sources, fallback) for p, e in sheet.entries.items()}
        out[sheet.id] = System(
            sheet.id,
            MappingProxyType(entries),
            chip,
            MappingProxyType(dict(sheet.sources)),
            sheet.aliases,
            sheet.path,
            freeze(sheet.extra),
        )
    return out, errors


# --- files and folders -------------------------------------------------------------------


def load_spec(path: str | Path) -> Spec:
    """Load one spec sheet.

    A sheet that ``extends`` another needs its base: load both with :func:`load_catalog`.

    Raises:
        SpecError: the file is invalid; ``problems`` lists every problem in it.
    """
    specs, errors = _resolve([read_sheet(path)], {})
    if errors:
        raise errors[0]
    return specs[0]


@dataclass
class _Files:
    """What a walk over the given paths found."""

    sheets: list[tuple[Path, str]] = field(default_factory=list)
    vendor_tables: list[tuple[Path, str]] = field(default_factory=list)
    measured: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[SpecError] = field(default_factory=list)


def _walk(root: Path, shown_root: str, found: _Files) -> None:
    """Every ``*.yaml`` below ``root`` (symbolic links followed once), reporting what is
    skipped: unreadable folders, broken or looping links, ``*.yml`` files, empty folders."""
    seen: set[tuple[int, int]] = set()
    count = 0
    sheets: list[tuple[Path, str]] = []

    def shown_of(p: Path) -> str:
        return f"{shown_root}/{p.relative_to(root).as_posix()}"

    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                found.problems.append(SpecError.at(shown_of(folder), None, None, "symbolic link loop; skipped"))
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            where = shown_root if folder == root else shown_of(folder)
            found.problems.append(SpecError.at(where, None, None, f"cannot read folder: {err.strerror or err}"))
            continue
        subfolders = []
        for entry in entries:
            p = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
                exists = entry.is_file() or is_dir or not entry.is_symlink() or p.exists()
            except OSError as err:
                found.problems.append(SpecError.at(shown_of(p), None, None, f"cannot read: {err.strerror or err}"))
                continue
            if entry.is_symlink() and not exists:
                found.problems.append(SpecError.at(shown_of(p), None, None, "broken symbolic link; skipped"))
            elif is_dir and folder == root and entry.name == MEASURED_DIR:
                _measured_files(p, shown_of(p), found)
            elif is_dir:
                if not entry.name.startswith("."):
                    subfolders.append(p)
            elif entry.name == VENDOR_FILE and folder == root:
                found.vendor_tables.append((p, shown_of(p)))
            elif entry.name.endswith(".yaml"):
                sheets.append((p, shown_of(p)))
                count += 1
            elif entry.name.endswith(".yml"):
                found.problems.append(
                    SpecError.at(shown_of(p), None, None, "not read: spec sheets end in .yaml (rename the file)")
                )
        stack += reversed(subfolders)
    if count == 0:
        found.problems.append(SpecError.at(shown_root, None, None, "no spec sheets (*.yaml) in this folder"))
    found.sheets += sorted(sheets, key=lambda item: item[1])


def _measured_files(folder: Path, shown_folder: str, found: _Files) -> None:
    """The measurement files (``*.yaml``) of a ``measured`` folder (not searched deeper)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        found.problems.append(SpecError.at(shown_folder, None, None, f"cannot read folder: {err.strerror or err}"))
        return
    for entry in entries:
        if entry.name.endswith(".yaml"):
            found.measured.append((Path(entry.path), f"{shown_folder}/{entry.name}"))
        elif entry.name.endswith(".yml"):
            found.problems.append(
                SpecError.at(f"{shown_folder}/{entry.name}", None, None, "not read: measurement files end in .yaml")
            )


def read_measured(path: str | Path, display: str | None = None) -> list[MeasuredRecord]:
    """Read one measurement file (``measured/*.yaml``); raises SpecError with every problem."""
    shown_path = display or str(path)
    return read_records(compose(read_text(Path(path), shown_path), shown_path), shown_path)


def _attach_measured(
    specs: list[Spec], records: list[MeasuredRecord], failed: Mapping[str, SpecError]
) -> tuple[list[Spec], list[SpecError]]:
    """Each chip with its measurements; a record naming no loaded chip is an error at its
    ``chip:`` line (one naming a sheet that failed to load goes with that sheet's error)."""
    if not records:
        return specs, []
    by_chip: dict[str, list[Measurement]] = {}
    ids = {s.id for s in specs}
    problems: dict[str, list[Problem]] = {}
    for rec in records:
        chip = rec.measurement.chip
        if chip in ids:
            by_chip.setdefault(chip, []).append(rec.measurement)
        elif chip not in failed:
            problems.setdefault(rec.measurement.path or "", []).append(unknown_chip(rec, ids))
    out = [s if s.id not in by_chip else _with_measured(s, tuple(by_chip[s.id])) for s in specs]
    return out, [SpecError(p) for p in problems.values()]


def _with_measured(spec: Spec, measured: tuple[Measurement, ...]) -> Spec:
    return Spec(
        spec.id, spec.entries, aliases=spec.aliases, sources=spec.sources, extra=spec._extra, extends=spec.extends,
        path=spec.path, preferred_source=spec.preferred_source, measured=measured,
    )  # fmt: skip


def _gather(paths: Iterable[str | Path], bundled: bool) -> _Files:
    found = _Files()
    if bundled:
        _walk(bundled_specs_dir(), BUNDLED_SHOWN, found)
    for p in paths:
        path = Path(p)
        shown_path = str(p).rstrip("/") or str(p)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, shown_path, found)
        else:
            found.sheets.append((path, shown_path))  # read_sheet reports a missing file, located
    return found


def _read_measured_all(found: _Files, errors: list[SpecError]) -> list[MeasuredRecord]:
    records: list[MeasuredRecord] = []
    for file, shown_path in found.measured:
        try:
            records += read_measured(file, shown_path)
        except SpecError as err:
            errors.append(err)
    return records


def _read_all(
    found: _Files, bundled_first: bool = True, progress: Progress | None = None
) -> tuple[list[RawSheet], dict[str, SpecError], list[SpecError], dict[str, Vendor], dict[str, tuple[str, ...]]]:
    sheets: list[RawSheet] = []
    failed: dict[str, SpecError] = {}
    errors: list[SpecError] = list(found.problems)
    names: dict[str, tuple[str, ...]] = {}
    total = len(found.sheets)
    for done, (file, shown_path) in enumerate(found.sheets):
        report_progress(progress, "loading sheets", done, total)
        try:
            sheets.append(read_sheet(file, shown_path))
        except SpecError as err:
            errors.append(err)
            chip_id = file.name.rsplit(".", 1)[0]
            failed.setdefault(chip_id, err)
            names[chip_id] = getattr(err, "names", ())
        except (RecursionError, MemoryError, ValueError, OSError) as err:  # defence in depth: still this file's error
            error = SpecError.at(shown_path, None, None, f"could not be read ({type(err).__name__}: {str(err)[:120]})")
            errors.append(error)
            failed.setdefault(file.name.rsplit(".", 1)[0], error)
    report_progress(progress, "loading sheets", total, total)
    vendors: dict[str, Vendor] = {}
    for file, shown_path in found.vendor_tables:
        if not vendors and not bundled_first:
            vendors = bundled_vendors()  # reference data: always there, extended by the user's
        try:
            table, lines = _read_vendor_table(file, shown_path)
        except SpecError as err:
            errors.append(err)
            continue
        problems = _merge_vendors(vendors, table, lines, shown_path)
        if problems:
            errors.append(SpecError(problems))
    if not bundled_first and not vendors:
        vendors = bundled_vendors()
    return sheets, failed, errors, vendors, names


@cache
def _bundled_vendors() -> tuple[tuple[str, Vendor], ...]:
    return tuple(read_vendors(bundled_specs_dir() / VENDOR_FILE, f"{BUNDLED_SHOWN}/{VENDOR_FILE}").items())


def bundled_vendors() -> dict[str, Vendor]:
    """The bundled vendor table (``specs/vendors.yaml``), read once."""
    return dict(_bundled_vendors())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while sheets are read and the catalog is
    built, and leave what was built in the oldest generation.

    Reading allocates many objects that hold no cycles (YAML events and nodes, then the
    records of every chip), and each collection would scan every sheet already loaded.
    Re-enabling the collector alone would not help: the next allocation would then scan
    everything the load kept, because it all sits in the youngest generation (0.3-0.5 s
    per 10,000 sheets, measured with gc callbacks). So on the way out the objects are
    promoted to the oldest generation without a scan (``gc.freeze()`` then
    ``gc.unfreeze()``, two list splices): they are scanned again only by the full
    collections a program runs anyway, and nothing is left frozen (a cycle among them, or
    among the caller's objects, is still collected by the next full collection). A caller
    that froze objects itself, or had the collector off, is left exactly as it was.
    Reference counting still frees everything meanwhile; the collector is re-enabled on
    any exit, an error or an interrupt included.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def load_catalog(
    *paths: str | Path, bundled: bool = True, prefer_source: str | None = None, progress: Progress | None = None
) -> Catalog:
    """Load the bundled catalog and/or sheets from files and folders.

    Args:
        paths: spec files, or folders searched recursively for ``*.yaml`` (a
            ``vendors.yaml`` at a folder's top is a vendor table, merged into the bundled one).
        bundled: include the bundled catalog (``specs/`` shipped with chipspec).
        prefer_source: take each value from this source key wherever a sheet has one
            (see :meth:`Spec.prefer`); the catalog and its chips remember the choice.
        progress: called as ``progress("loading sheets", done, total)`` as sheets are
            read (see :mod:`chipspec.progress`; the CLI draws it on a terminal).

    Returns:
        A Catalog of every chip.

    Raises:
        CatalogError: some sheets are invalid; ``.errors`` says which and ``.catalog``
            holds every chip that did load (and knows which did not).
        UnknownNameError: ``prefer_source`` is cited by no loaded sheet.

    >>> catalog = load_catalog()
    >>> catalog.get("h20").memory.capacity
    <Quantity(96.0, 'gigabyte')>
    """
    found = _gather(paths, bundled)
    with _collector_paused():
        sheets, failed, errors, vendors, names = _read_all(found, bundled, progress)
        raw_systems = [s for s in sheets if s.system]
        specs, resolve_errors = _resolve([s for s in sheets if not s.system], failed)
        del sheets
        errors += resolve_errors
        specs, measured_errors = _attach_measured(specs, _read_measured_all(found, errors), failed)
        errors += measured_errors
        systems, system_errors = _systems(raw_systems, specs, failed, bundled)  # on the chips as measured
        errors += system_errors
        if prefer_source is not None:
            cited = {k for s in specs for k in s.sources}
            if prefer_source not in cited:
                raise UnknownNameError("source", prefer_source, suggest(prefer_source, cited))
            specs = [s.prefer(prefer_source) for s in specs]
        catalog = Catalog(
            specs, failed=failed, failed_names=names, vendors=vendors, preferred_source=prefer_source, systems=systems
        )
    if errors:
        raise CatalogError(errors, catalog)
    return catalog


def _bundled_or_partial() -> Catalog:
    """The bundled chips that load, read from their sheets (the loader cannot use
    :func:`chipspec.cache.bundled_or_partial`, which the library's other callers use: the
    cache reads through this module)."""
    try:
        return load_catalog()
    except CatalogError as error:
        catalog: Catalog = error.catalog
        return catalog


def iter_sheet_errors(error: CatalogError) -> Iterator[Problem]:
    """Every problem of a CatalogError, in file order (for the CLI and docs)."""
    yield from error.problems
