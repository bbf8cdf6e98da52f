"""chipspec's exceptions: one base class, a few subclasses that also inherit a builtin.

Each error keeps its context as attributes (``path``, ``line``, ``field``, ``message``)
and renders it late, as ``file:line: field: message``. A :class:`Problem` is one located
finding: an error of the format, or (with ``check`` set) a warning of a data check.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "AmbiguousChipError",
    "CatalogError",
    "ChipNotLoadedError",
    "ChipspecError",
    "OutputError",
    "Problem",
    "SpecError",
    "UnknownChipError",
    "UnknownNameError",
    "UsageError",
]

Severity = Literal["error", "warning"]


_ECHO_LIMIT = 60


def shown(text: str, limit: int = _ECHO_LIMIT) -> str:
    """``text`` quoted for an error message: control, format and line-separator characters
    escaped (a zero-width space shows as ``\\u200b``), and cut to ``limit`` characters with
    the full length said, so an echoed value is never huge or invisible."""
    cut = len(text) > limit
    body = text[:limit]
    out = []
    for ch in body:
        if ch in "\\'":
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn") or (ch.isspace() and ch != " "):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    quoted = "'" + "".join(out) + "'"
    return f"{quoted}... ({len(text)} characters)" if cut else quoted


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a spec sheet: a format error, or a data-check warning
    (``check`` names the check and ``chip`` the chip it is about)."""

    path: str | None
    line: int | None
    field: str | None
    message: str
    check: str | None = None
    chip: str | None = None

    @property
    def severity(self) -> Severity:
        return "warning" if self.check else "error"

    def __str__(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(self.path if self.line is None else f"{self.path}:{self.line}")
        if self.field:
            parts.append(self.field)
        parts.append(f"[{self.check}] {self.message}" if self.check else self.message)
        return ": ".join(parts)


class ChipspecError(Exception):
    """Base class of every error chipspec raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field

    def __str__(self) -> str:
        return str(Problem(self.path, self.line, self.field, self.message))

    def __reduce__(self) -> tuple[Any, ...]:
        # Every subclass takes its own arguments, which ``args`` does not hold: rebuild
        # from the attributes instead, so an error crosses a process pool or a pickle
        # with its message and its context (``problems``, ``suggestions``, ``catalog`` ...).
        return (_rebuild_error, (type(self), self.args, self.__dict__))


def _rebuild_error(cls: type[ChipspecError], args: tuple[Any, ...], state: dict[str, Any]) -> ChipspecError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class SpecError(ChipspecError, ValueError):
    """A spec sheet is invalid. ``problems`` lists every problem found in the file."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("SpecError needs at least one problem")
        first = problems[0]
        super().__init__(first.message, path=first.path, line=first.line, field=first.field)
        self.problems = tuple(problems)
        self.names: tuple[str, ...] = ()  # the chip's names, when a sheet failed (for lookups)

    @classmethod
    def at(cls, path: str | None, line: int | None, field: str | None, message: str) -> SpecError:
        """A SpecError with a single problem."""
        return cls([Problem(path, line, field, message)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class CatalogError(ChipspecError, ValueError):
    """Some sheets of a catalog are invalid.

    ``errors`` holds one SpecError per bad file (or per bad cross-file relation), and
    ``catalog`` the Catalog of every sheet that did load, so nothing valid is lost; the
    catalog also remembers which chips did not load, so a lookup of one says so.
    """

    def __init__(self, errors: Sequence[SpecError], catalog: Any) -> None:
        super().__init__(f"{sum(len(e.problems) for e in errors)} problem(s) in the catalog")
        self.errors = tuple(errors)
        self.catalog = catalog

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of every file, in file order."""
        return tuple(p for e in self.errors for p in e.problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UnknownNameError(ChipspecError, KeyError):
    """A name (field, metric, source, format ...) that chipspec does not know.

    ``kind`` says what was looked up and ``suggestions`` holds the closest known names.
    """

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = (), hint: str = "") -> None:
        self.kind = kind
        self.name = name
        self.suggestions = tuple(suggestions)
        did = f"; did you mean {', '.join(map(repr, self.suggestions))}?" if suggestions else ""
        super().__init__(f"unknown {kind} {shown(name)}{did}{hint}")


class UnknownChipError(UnknownNameError):
    """No chip matches a name; ``suggestions`` holds the nearest ids."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__("chip", name, suggestions)


class AmbiguousChipError(ChipspecError, LookupError):
    """A name matches several chips; ``candidates`` lists their ids."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(f"{shown(name)} is ambiguous: it matches {', '.join(self.candidates)}")


class ChipNotLoadedError(ChipspecError, LookupError):
    """A name names a chip whose sheet failed to load; ``error`` is that sheet's SpecError."""

    def __init__(self, chip_id: str, error: SpecError) -> None:
        self.chip_id = chip_id
        self.error = error
        first = error.problems[0]
        more = f" (and {len(error.problems) - 1} more problem(s))" if len(error.problems) > 1 else ""
        super().__init__(f"{chip_id} did not load: {first}{more}")


class UsageError(ChipspecError, ValueError):
    """Arguments that do not make sense (a text field to rank by, a zero weight ...)."""


class OutputError(ChipspecError, OSError):
    """An output (a file or a stream) that cannot be written; ``path`` names it."""
