"""Read YAML sheets: one reader for every YAML file chipspec takes (spec sheets, vendor
tables, LLM model sheets).

The reader takes PyYAML's C parser *events* and composes its own small node tree
(:class:`Node`: kind, value, line), instead of letting PyYAML compose and construct Python
objects. That is what makes it safe and exact: nesting is bounded while composing
(libyaml's recursive composer crashes at about 30,000 levels), any explicit tag (``!!int``,
``!!binary``, ``!python/...``) is refused where it is written, aliases are followed but
every visit is counted (so a billion-laughs document stops at :data:`MAX_NODES`),
duplicate keys are the caller's errors (:meth:`Reader.mapping` reports them), YAML 1.1
surprises (``NO`` as false, ``010`` as 8) stay visible as the node's tag, and line numbers
count the file's own newlines (libyaml also counts U+2028, U+2029 and U+0085).

:func:`read_text` refuses what is not a small regular UTF-8 file; :func:`compose` turns
the text into nodes; a :class:`Reader` collects located problems while a caller walks the
nodes and raises them together as one :class:`~chipspec.errors.SpecError`.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, SpecError
from .format import Scalar, line_problem
from .spec import suggest
from .units import shown

__all__ = [
    "BAD",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "Node",
    "Reader",
    "compose",
    "read_text",
    "safe_key",
]

MAX_FILE_BYTES = 1 << 20  # 1 MiB: a spec sheet is a few kB
MAX_DEPTH = 64  # nesting of mappings and lists
MAX_NODES = 20_000  # node visits per file, which bounds alias expansion
MAX_PROBLEMS = 50  # problems reported per file; the rest are counted

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_T = "tag:yaml.org,2002:"
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag.removeprefix(_T), pattern) for tag, pattern in resolvers]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters a double-quoted YAML string can spell as escapes ("\e", "\u202e") that would
# reach a terminal or a page raw: C0 and C1 controls (tab and line feed allowed), DEL, and
# the bidirectional overrides and isolates that reorder what a reader sees.
_BIDI_CHARS = "\u202a-\u202e\u2066-\u2069"
_ESCAPED_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CHARS}]")
_BIDI = re.compile(f"[{_BIDI_CHARS}]")  # YAML lets these through raw


class _Bad:
    """Marker for a value that failed validation (its problem is recorded)."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()


# --- composing events into nodes ---------------------------------------------------------


def _char_index(text: str, byte_offset: int | None) -> int | None:
    """The character index of a byte offset into ``text``'s UTF-8 encoding: libyaml's
    reader reports a bad character's position in bytes, while the marks of events count
    characters (after multi-byte text the two differ, and the line would be wrong)."""
    if byte_offset is None:
        return None
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))


class Node:
    """A YAML node: a scalar (``value`` is its text, ``tag`` its YAML 1.1 type), a mapping
    (``value`` a list of key/value node pairs) or a list (``value`` a list of nodes).
    ``size`` counts the nodes a walk of it visits, aliases expanded."""

    __slots__ = ("kind", "line", "size", "tag", "value")

    def __init__(self, kind: str, value: Any, line: int, tag: str = "") -> None:
        self.kind = kind
        self.value = value
        self.line = line
        self.tag = tag
        self.size = 1

    def scalar(self) -> Scalar:
        return Scalar(self.value, self.tag)

    def describe(self) -> str:
        """How the node reads, for 'got ...' in messages."""
        if self.kind == "map":
            return "a mapping"
        if self.kind == "seq":
            return "a list"
        return self.scalar().describe()


@lru_cache(maxsize=8192)
def _resolve_plain(text: str) -> str:
    """The YAML 1.1 type of a plain (unquoted) scalar, as PyYAML would read it."""
    for tag, pattern in _IMPLICIT.get(text[:1], ()):
        if pattern.match(text):
            return tag
    return "str"


def _marks_exact(text: str) -> bool:
    """Whether libyaml's line numbers are the file's own: libyaml (YAML 1.1) also counts
    U+0085, U+2028, U+2029 and a lone CR as line breaks."""
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        return False
    return "\r" not in text or text.count("\r") == text.count("\r\n")


class _Lines:
    """Line numbers from character offsets, counting only CR, LF and CRLF as line breaks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        return self._starts

    def __call__(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index)


# libyaml's parser with its composer (PyYAML built without libyaml: the event walk alone)
_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)
_FAST = _CParser is not None


class _Slow(Exception):
    """The fast path met something only the event walk reads exactly (an alias, an
    escaped control character, an error to locate): compose by events instead."""


class _Composer(_CParser or object):  # type: ignore[misc]  # a C class (or nothing) as base
    """libyaml's parser and composer with no tag resolution: the tags of plain scalars
    are resolved by :func:`_resolve_plain` (cached per text), not per node in Python."""

    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass

    def resolve(self, *args: Any) -> str:
        return ""


def _compose_fast(text: str) -> Node | None:
    """The document as libyaml's own composer builds it (in C), converted to Nodes; the
    common case of a plain sheet (no tags, aliases, escapes or errors), about twice as fast
    as walking the events in Python. Raises _Slow for anything else; the event walk then
    gives the same tree or the located error."""
    loader = _Composer(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError:
            raise _Slow from None
    finally:
        loader.dispose()
    if root is None:
        return None
    seen: set[int] = set()
    scalar_node, mapping_node = yaml.ScalarNode, yaml.MappingNode

    def convert(y: Any, depth: int) -> Node:
        if id(y) in seen:  # an alias: the event walk counts and checks its expansion
            raise _Slow
        seen.add(id(y))
        line = y.start_mark.line + 1
        if type(y) is scalar_node:
            style = y.style
            if style == '"' and _ESCAPED_CONTROL.search(y.value):
                raise _Slow
            return Node("scalar", y.value, line, _resolve_plain(y.value) if not style else "str")
        if depth >= MAX_DEPTH:
            raise _Slow
        if type(y) is mapping_node:
            pairs = [(convert(k, depth + 1), convert(v, depth + 1)) for k, v in y.value]
            node = Node("map", pairs, line)
            node.size += sum(k.size + v.size for k, v in pairs)
        else:
            items = [convert(v, depth + 1) for v in y.value]
            node = Node("seq", items, line)
            node.size += sum(v.size for v in items)
        return node

    node = convert(root, 0)
    if node.size > MAX_NODES:
        raise _Slow
    return node


def compose(text: str, shown_path: str) -> Node | None:
    """The document of ``text`` as a Node tree (None for an empty document).

    Raises:
        SpecError: invalid YAML, several documents, explicit tags, unknown aliases or
            nesting deeper than :data:`MAX_DEPTH`, each located.
    """
    lines = _Lines(text)
    exact_marks = _marks_exact(text)
    # libyaml's composer cannot tell an explicit tag from a resolved one: text with a "!"
    # (or line marks libyaml counts differently) takes the event walk.
    if _FAST and exact_marks and "!" not in text and not _BIDI.search(text):
        try:
            return _compose_fast(text)
        except _Slow:
            pass

    def fail(index: int | None, message: str, line: int | None = None) -> SpecError:
        return SpecError.at(shown_path, line or (None if index is None else lines(index)), None, message)

    if bidi := _BIDI.search(text):
        raise fail(
            bidi.start(),
            f"invalid character U+{ord(bidi.group()):04X} (a bidirectional control, which reorders what a reader "
            "sees; remove it)",
        )

    # Per open collection: [node, its items, the key waiting for its value (mappings)].
    stack: list[list[Any]] = []
    anchors: dict[str, Node] = {}
    root: list[Node] = []
    documents = 0
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            node: Node
            if kind is scalar_event:
                if event.tag is not None:
                    raise fail(
                        event.start_mark.index, f"explicit YAML tag {shown(event.tag)}: spec sheets hold plain data"
                    )
                mark = event.start_mark
                line = mark.line + 1 if exact_marks else lines(mark.index)
                if event.style == '"' and (bad := _ESCAPED_CONTROL.search(event.value)):
                    raise fail(
                        None,
                        f"a quoted string spells the control character U+{ord(bad.group()):04X} as an escape; "
                        "spec sheets hold printable text",
                        line,
                    )
                tag = _resolve_plain(event.value) if event.implicit[0] and not event.style else "str"
                node = Node("scalar", event.value, line, tag)
                if event.anchor:
                    anchors[event.anchor] = node
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                if event.tag is not None:
                    raise fail(mark.index, f"explicit YAML tag {shown(event.tag)}: spec sheets hold plain data")
                if len(stack) >= MAX_DEPTH:
                    raise fail(mark.index, f"nested deeper than {MAX_DEPTH} levels; refused")
                line = mark.line + 1 if exact_marks else lines(mark.index)
                node = Node("map" if kind is mapping_start else "seq", [], line)
                if event.anchor:
                    anchors[event.anchor] = node
            elif kind in ends:
                done = stack.pop()[0]
                if stack:
                    stack[-1][0].size += done.size - 1  # the parent counted it as 1 when it opened
                if done.size > MAX_NODES:
                    raise fail(None, f"more than {MAX_NODES} YAML nodes (alias expansion?); refused", done.line)
                continue
            elif kind is alias_event:
                target = anchors.get(event.anchor)
                if target is None:
                    raise fail(
                        event.start_mark.index, f"alias {shown('*' + event.anchor)} names no anchor defined before it"
                    )
                if any(entry[0] is target for entry in stack):
                    raise fail(event.start_mark.index, f"alias {shown('*' + event.anchor)} refers to itself; refused")
                node = target
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(
                        event.start_mark.index, "expected one document, found several ('---'); put one chip per file"
                    )
                continue
            elif kind is yaml.StreamEndEvent:
                break
            else:
                continue
            if not stack:
                root.append(node)
            else:
                top = stack[-1]
                top[0].size += node.size
                if top[0].kind == "seq":
                    top[1].append(node)
                elif top[2] is None:
                    top[2] = node
                else:
                    top[1].append((top[2], node))
                    top[2] = None
            if node.kind != "scalar" and (kind is mapping_start or kind is sequence_start):
                stack.append([node, node.value, None])
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = " ".join(filter(None, [err.context, err.problem]))
        where = mark.index if mark is not None else None
        if where is not None:
            start = lines.starts[lines(where) - 1]
            end = text.find("\n", start)
            if "\t" in text[start : end if end >= 0 else len(text)]:
                what += " (a tab: indent with spaces)"
        if "expected a single document" in what or "but found another document" in what:
            raise fail(where, "expected one document, found several ('---'); put one chip per file") from None
        if "maximum nesting depth" in what:
            raise fail(where, f"nested deeper than {MAX_DEPTH} levels; refused") from None
        raise fail(where, f"invalid YAML: {what}") from None
    except yaml.reader.ReaderError as err:
        code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
        raise fail(
            _char_index(text, err.position),
            f"invalid character U+{code:04X} (control characters are not allowed; remove it)",
        ) from None
    except yaml.YAMLError as err:
        raise fail(None, f"invalid YAML: {str(err)[:200]}") from None
    finally:
        parser.dispose()
    return root[0] if root else None


# --- collecting located problems ---------------------------------------------------------


class Reader:
    """Collects the located problems of one file while a caller walks its nodes.

    ``fail`` records a problem at a node (or a line number) and returns :data:`BAD`, so a
    walk goes on and reports every problem of the file at once; :meth:`finish` raises
    them, sorted by line, as one SpecError. Past :data:`MAX_PROBLEMS` problems are counted,
    not kept.
    """

    # The YAML types a text field takes as written (a measurement's free text may read as a
    # number or a date: 'v5.1', 2025-06); spec sheets take strings only.
    TEXT_TAGS: tuple[str, ...] = ("str",)

    def text(self, node: Node, field_path: str, lines: bool = False) -> Any:
        """A text scalar, stripped; one line unless ``lines`` (notes and reasons)."""
        if node.kind == "scalar" and node.tag in self.TEXT_TAGS:
            value = node.value.strip()
            if not value:
                return self.fail(node, field_path, "expected text, got an empty string")
            problem = None if lines else line_problem(value)
            if problem:
                return self.fail(node, field_path, problem)
            return value
        return self.fail(node, field_path, f"expected text, got {node.describe()}")

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.dropped = 0

    def fail(self, where: Node | int | None, field_path: str | None, message: str) -> Any:
        line = where.line if isinstance(where, Node) else where
        self.record(Problem(self.path, line, field_path, message))
        return BAD

    def record(self, problem: Problem) -> None:
        """Keep a problem; past :data:`MAX_PROBLEMS` only count it."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
        else:
            self.problems.append(problem)

    def mapping(
        self, node: Node, field_path: str | None, keys: Iterable[str] | None
    ) -> dict[str, tuple[Node, Node]] | None:
        """A mapping's items as key -> (key node, value node); checks keys and duplicates."""
        if node.kind != "map":
            self.fail(node, field_path, f"expected a mapping, got {node.describe()}")
            return None
        allowed = tuple(keys) if keys is not None else None
        items: dict[str, tuple[Node, Node]] = {}
        where = f"{field_path}." if field_path else ""
        for key_node, value_node in node.value:
            if key_node.kind == "scalar" and key_node.tag == "merge":
                self.fail(key_node, field_path, "YAML merge keys ('<<') are not supported")
                continue
            if key_node.kind != "scalar" or key_node.tag not in ("str", "int"):
                self.fail(key_node, field_path, f"keys must be text, got {key_node.describe()}")
                continue
            key = key_node.value
            if key in items:
                first = items[key][0].line
                self.fail(key_node, f"{where}{safe_key(key)}", f"duplicate key (first defined on line {first})")
                continue
            if allowed is not None and key not in allowed:
                close = suggest(key, allowed)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(allowed)}"
                self.fail(key_node, f"{where}{safe_key(key)}", f"unknown key{hint}")
                continue
            items[key] = (key_node, value_node)
        return items

    def finish(self) -> None:
        """Raise the collected problems, if any, as one SpecError (sorted by line)."""
        if self.problems:
            found = sorted(self.problems, key=lambda p: p.line or 0)
            if self.dropped:
                found.append(
                    Problem(self.path, None, None, f"... and {self.dropped} more problem(s); fix the ones above first")
                )
            raise self.error(found)

    def error(self, problems: list[Problem]) -> SpecError:
        """The error :meth:`finish` raises (a subclass adds what it knows)."""
        return SpecError(problems)


def safe_key(key: str) -> str:
    """A key as it may appear in a field path of a message (escaped only when needed)."""
    return key if len(key) <= 60 and key.isprintable() else shown(key)[1:-1]


# --- files -------------------------------------------------------------------------------


def read_text(path: Path, shown_path: str) -> str:
    """A file's text, refusing what is not a regular, readable, small UTF-8 file."""
    try:
        # Open without blocking (a FIFO would wait for a writer), then ask the open file
        # what it is: one stat, and no window between checking and reading.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise SpecError.at(shown_path, None, None, "is a folder, not a spec sheet (load it as a folder)") from None
    except OSError as err:
        if os.path.isdir(path):  # Windows refuses to open a folder with PermissionError
            raise SpecError.at(shown_path, None, None, "is a folder, not a spec sheet (load it as a folder)") from None
        raise SpecError.at(shown_path, None, None, f"cannot read: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SpecError.at(shown_path, None, None, "is a folder, not a spec sheet (load it as a folder)")
        if not stat.S_ISREG(info.st_mode):
            raise SpecError.at(shown_path, None, None, "not a regular file (a pipe or device?); refused")
        if info.st_size > MAX_FILE_BYTES:
            raise SpecError.at(shown_path, None, None, f"file is larger than {MAX_FILE_BYTES // 1024} KiB; refused")
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:  # a file may grow after fstat; read at most the limit + 1
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as err:
        raise SpecError.at(shown_path, None, None, f"cannot read: {err.strerror or err}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise SpecError.at(shown_path, None, None, f"file is larger than {MAX_FILE_BYTES // 1024} KiB; refused")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SpecError.at(
            shown_path,
            data[: err.start].count(b"\n") + 1,
            None,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})",
        ) from None
    return text.removeprefix("\ufeff")
