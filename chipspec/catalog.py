"""Catalog: a set of chips, looked up by id, name, "vendor name" or alias.

A lookup never answers for a different product than the one asked for. A query that is
no full name of any chip may still name one by whole words (``910b`` is a word of
"Ascend 910B"; ``h20`` is not a word of "H200 SXM"), when exactly one chip has those
words; anything looser is a suggestion in the error, not an answer. A query naming a chip
whose sheet failed to load raises :class:`~chipspec.errors.ChipNotLoadedError` with the
sheet's error, instead of finding a look-alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from .errors import AmbiguousChipError, ChipNotLoadedError, SpecError, UnknownChipError, UnknownNameError
from .format import CATEGORIES
from .spec import Spec, suggest
from .system import System, Systems
from .vendors import COUNTRIES, Vendor

__all__ = ["Catalog", "Selection", "normalize", "words"]


class Selection(NamedTuple):
    """The chips some names found, and the errors of named chips whose sheets did not load."""

    chips: list[Spec]
    not_loaded: list[ChipNotLoadedError]


_IGNORED = re.compile(r"[\s\-_]+")
_WORD_BREAK = re.compile(r"[\s\-_/()\[\],.:;]+")


def normalize(name: str) -> str:
    """The lookup key of a name: case, spaces, hyphens and underscores do not matter."""
    return _IGNORED.sub("", name).casefold()


def words(name: str) -> tuple[str, ...]:
    """The words of a name (split at spaces, hyphens, slashes, brackets; case folded)."""
    return tuple(w for w in _WORD_BREAK.split(name.casefold()) if w)


def _names(chip: Spec) -> list[str]:
    return [chip.id, chip.name, f"{chip.vendor} {chip.name}", *chip.aliases]


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _one(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    return [values] if isinstance(values, str) else list(values)


class Catalog:
    """An ordered, immutable set of chips (sorted by id) with name lookup.

    ``failed`` maps the ids of sheets that did not load to their errors, so a lookup of
    one of them says so; ``vendors`` holds the vendor table; ``preferred_source`` is the
    source the catalog was loaded preferring, if any.

    >>> from chipspec import load_catalog
    >>> load_catalog().get("Ascend 910B").id
    'huawei-ascend-910b'
    """

    def __init__(
        self,
        chips: Iterable[Spec] = (),
        *,
        failed: Mapping[str, SpecError] | None = None,
        failed_names: Mapping[str, Sequence[str]] | None = None,
        vendors: Mapping[str, Vendor] | None = None,
        preferred_source: str | None = None,
        systems: Mapping[str, System] | None = None,
    ) -> None:
        self._chips: dict[str, Spec] = {c.id: c for c in sorted(chips, key=lambda c: c.id)}
        self.failed: Mapping[str, SpecError] = MappingProxyType(
            {k: v for k, v in (failed or {}).items() if k not in self._chips}
        )
        self.vendors: Mapping[str, Vendor] = MappingProxyType(dict(vendors or {}))
        self.preferred_source = preferred_source
        # The system sheets (scale-up domains, supernodes) built from these chips.
        self.systems: Systems = systems if isinstance(systems, Systems) else Systems(systems)
        self._failed_names = {k: tuple(v) for k, v in (failed_names or {}).items() if k in self.failed}
        # Name indexes, built on the first lookup (a bulk load that is never queried by
        # name pays nothing): exact names first, whole words only for a query that is no
        # exact name.
        self._exact: dict[str, set[str]] | None = None
        self._word_list: list[tuple[str, tuple[str, ...]]] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # The cache of the bundled catalog pickles it (read-only mappings do not pickle).
        return (
            _catalog_from,
            (list(self._chips.values()), dict(self.failed), self._failed_names, dict(self.vendors),
             self.preferred_source, dict(self.systems)),
        )  # fmt: skip

    def _named(self) -> Iterator[tuple[str, list[str]]]:
        for chip in self._chips.values():
            yield chip.id, _names(chip)
        for chip_id in self.failed:
            yield chip_id, [chip_id, *self._failed_names.get(chip_id, ())]

    @property
    def _index(self) -> dict[str, set[str]]:
        """Normalized name -> the ids of the chips with that name."""
        if self._exact is None:
            index: dict[str, set[str]] = {}
            for chip_id, names in self._named():
                for name in names:
                    index.setdefault(normalize(name), set()).add(chip_id)
            self._exact = index
        return self._exact

    @property
    def _words(self) -> list[tuple[str, tuple[str, ...]]]:
        """(id, the words of one of its names) for every name of every chip."""
        if self._word_list is None:
            self._word_list = [(chip_id, words(name)) for chip_id, names in self._named() for name in names]
        return self._word_list

    def __iter__(self) -> Iterator[Spec]:
        return iter(self._chips.values())

    def __len__(self) -> int:
        return len(self._chips)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        try:
            self.get(name)
        except (UnknownChipError, AmbiguousChipError, ChipNotLoadedError):
            return False
        return True

    def __repr__(self) -> str:
        failed = f", {len(self.failed)} did not load" if self.failed else ""
        return f"<Catalog of {len(self)} chips{failed}>"

    @property
    def ids(self) -> tuple[str, ...]:
        """Every chip id, sorted."""
        return tuple(self._chips)

    def _matches(self, name: str) -> list[str]:
        exact = self._index.get(normalize(name))
        if exact:
            return sorted(exact)
        query = words(name)
        if not query:
            return []
        return sorted({chip_id for chip_id, w in self._words if _contains(w, query)})

    def _answer(self, name: str, chip_id: str) -> Spec:
        if chip_id in self._chips:
            return self._chips[chip_id]
        raise ChipNotLoadedError(chip_id, self.failed[chip_id])

    def get(self, name: str) -> Spec:
        """The chip called ``name``: an id, a name, "vendor name" or an alias.

        Case, spaces and hyphens do not matter. A query that is no full name may name a
        chip by whole words of one of its names (``910b`` finds "Ascend 910B") when only
        one chip has them.

        Raises:
            ChipNotLoadedError: the name is that of a chip whose sheet failed to load.
            AmbiguousChipError: several chips match; ``candidates`` lists them.
            UnknownChipError: none matches; ``suggestions`` holds the nearest ids.
        """
        matches = self._matches(name)
        if len(matches) == 1:
            return self._answer(name, matches[0])
        if matches:
            raise AmbiguousChipError(name, [m if m in self._chips else f"{m} (did not load)" for m in matches])
        raise UnknownChipError(name, self._suggestions(name))

    def _suggestions(self, name: str) -> list[str]:
        key = normalize(name)
        partial = sorted({i for k, ids in self._index.items() if key and key in k for i in ids})
        close = difflib.get_close_matches(key[:60], list(self._index), n=5, cutoff=0.5)
        ranked = partial[:3] + [sorted(self._index[k])[0] for k in close]
        return list(dict.fromkeys(ranked))[:3]

    def select(self, names: Iterable[str]) -> list[Spec]:
        """The chips for several names, in the order given; a chip named twice is listed once.

        Raises:
            ChipNotLoadedError: a named chip whose sheet did not load (see :meth:`choose`
                to keep the others).
        """
        chosen = self.choose(names)
        if chosen.not_loaded:
            raise chosen.not_loaded[0]
        return chosen.chips

    def choose(self, names: Iterable[str]) -> Selection:
        """Like :meth:`select`, but a chip whose sheet did not load costs only itself: it is
        listed in ``not_loaded`` and the others are kept (what the CLI shows, exit 1).

        Raises:
            UnknownChipError, AmbiguousChipError: a name that is no chip.
        """
        chosen: dict[str, Spec] = {}
        lost: list[ChipNotLoadedError] = []
        for n in names:
            try:
                chip = self.get(n)
            except ChipNotLoadedError as error:
                lost.append(error)
                continue
            chosen.setdefault(chip.id, chip)
        return Selection(list(chosen.values()), lost)

    # --- vendors and filters -------------------------------------------------------

    def vendor(self, chip: Spec) -> Vendor:
        """The vendor record of a chip (a bare one when the vendor table has none)."""
        return self.vendors.get(chip.vendor) or Vendor(chip.vendor)

    def country(self, chip: Spec) -> str | None:
        """The country code of a chip's vendor, if the vendor table knows it."""
        return self.vendor(chip).country

    def filter(
        self,
        *,
        vendor: str | Sequence[str] | None = None,
        category: str | Sequence[str] | None = None,
        country: str | Sequence[str] | None = None,
    ) -> Catalog:
        """The chips of the given vendors, categories and countries (case-insensitive).

        Raises:
            UnknownNameError: a vendor, category or country that no chip has, with the
                nearest known names.
        """
        vendors = {normalize(v) for v in self._known("vendor", _one(vendor), [c.vendor for c in self])}
        categories = {c.casefold() for c in self._known("category", _one(category), list(CATEGORIES))}
        countries_known = sorted({self.country(c) or "" for c in self} - {""})
        countries = {c.upper() for c in self._known("country", _one(country), countries_known, COUNTRIES)}
        chips = [
            c
            for c in self
            if (not vendors or normalize(c.vendor) in vendors)
            and (not categories or (c.category or "").casefold() in categories)
            and (not countries or (self.country(c) or "") in countries)
        ]
        return Catalog(
            chips,
            failed=self.failed,
            vendors=self.vendors,
            preferred_source=self.preferred_source,
        )

    def _known(
        self, what: str, asked: list[str], known: list[str], also: Mapping[str, tuple[str, str]] | None = None
    ) -> list[str]:
        """``asked`` checked against ``known`` (case-insensitive); an unknown one raises."""
        by_key = {normalize(k): k for k in known}
        if also:  # countries may also be asked by name ("China")
            for code, names in also.items():
                if code in known:
                    for n in names:
                        by_key.setdefault(normalize(n), code)
        out = []
        for a in asked:
            found = by_key.get(normalize(a))
            if found is None:
                choices = sorted(set(known))
                close = [by_key[k] for k in suggest(normalize(a), by_key)]  # case does not matter
                shown_names = ", ".join(choices[:24]) + (f" and {len(choices) - 24} more" if len(choices) > 24 else "")
                raise UnknownNameError(what, a, list(dict.fromkeys(close)), hint=f" (known: {shown_names})")
            out.append(found)
        return out


def _catalog_from(
    chips: list[Spec],
    failed: dict[str, SpecError],
    failed_names: dict[str, tuple[str, ...]],
    vendors: dict[str, Vendor],
    preferred_source: str | None,
    systems: Mapping[str, System] | None = None,
) -> Catalog:
    """A Catalog from its pickled parts."""
    return Catalog(
        chips, failed=failed, failed_names=failed_names, vendors=vendors, preferred_source=preferred_source,
        systems=systems,
    )  # fmt: skip
