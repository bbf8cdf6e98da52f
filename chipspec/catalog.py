"""Catalog: a set of chips, looked up by id, name, "vendor name" or alias."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from .errors import AmbiguousChipError, UnknownChipError
from .spec import Spec

__all__ = ["Catalog", "normalize"]

_IGNORED = re.compile(r"[\s\-_]+")
_MIN_PARTIAL = 3  # a query this long may match part of a name ("910b" -> Ascend 910B)


def normalize(name: str) -> str:
    """The lookup key of a name: case, spaces, hyphens and underscores do not matter."""
    return _IGNORED.sub("", name).casefold()


def _keys(chip: Spec) -> set[str]:
    names = {chip.id, chip.name, f"{chip.vendor} {chip.name}", *chip.aliases}
    return {normalize(n) for n in names}


class Catalog:
    """An ordered, immutable set of chips (sorted by id) with name lookup.

    >>> from chipspec import load_catalog
    >>> load_catalog().get("Ascend 910B").id
    'huawei-ascend-910b'
    """

    def __init__(self, chips: Iterable[Spec] = ()) -> None:
        self._chips: dict[str, Spec] = {c.id: c for c in sorted(chips, key=lambda c: c.id)}
        self._index: dict[str, set[str]] = {}
        for chip in self._chips.values():
            for key in _keys(chip):
                self._index.setdefault(key, set()).add(chip.id)

    def __iter__(self) -> Iterator[Spec]:
        return iter(self._chips.values())

    def __len__(self) -> int:
        return len(self._chips)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._matches(name))

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} chips>"

    @property
    def ids(self) -> tuple[str, ...]:
        """Every chip id, sorted."""
        return tuple(self._chips)

    def _matches(self, name: str) -> list[str]:
        key = normalize(name)
        exact = self._index.get(key)
        if exact:
            return sorted(exact)
        if len(key) < _MIN_PARTIAL:
            return []
        partial = {i for k, ids in self._index.items() if key in k for i in ids}
        return sorted(partial)

    def get(self, name: str) -> Spec:
        """The chip called ``name``: an id, a name, "vendor name" or an alias.

        Case, spaces and hyphens do not matter. A query that is no full name may match
        part of one (``910b`` finds "Ascend 910B") when only one chip contains it.

        Raises:
            AmbiguousChipError: several chips match; ``candidates`` lists them.
            UnknownChipError: none matches; ``suggestions`` holds the nearest ids.
        """
        matches = self._matches(name)
        if len(matches) == 1:
            return self._chips[matches[0]]
        if matches:
            raise AmbiguousChipError(name, matches)
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self._index), n=5, cutoff=0.5)
        suggestions = list(dict.fromkeys(sorted(self._index[k])[0] for k in close))[:3]
        raise UnknownChipError(name, suggestions)

    def select(self, names: Iterable[str]) -> list[Spec]:
        """The chips for several names, in the order given."""
        return [self.get(n) for n in names]

    def filter(self, *, vendor: str | None = None, category: str | None = None) -> Catalog:
        """The chips of one vendor and/or category (case-insensitive)."""
        chips = [
            c
            for c in self
            if (vendor is None or normalize(c.vendor) == normalize(vendor))
            and (category is None or (c.category or "").casefold() == category.casefold())
        ]
        return Catalog(chips)
