"""The unit-slip campaign: every one-character unit slip applied to every value of the
bundled sheets, each sheet then loaded and checked as ``validate --strict`` would.

A slip is a unit spelling one character away from the written one that means a different
size of the same kind: a decimal prefix one step up or down (TFLOPS -> GFLOPS, GB -> TB,
W -> kW), bytes and bits swapped (GB -> Gb), a decimal prefix made binary or back
(GB -> GiB) and mm² made cm². Slips to spellings chipspec does not know are not counted (a
load error is certain). A value is any physical value a sheet writes for a field, short or
long form, alternatives included; a match whose change moves no loaded value (a figure in
a note) is skipped.

Each mutated sheet is loaded with the sheets of its ``extends`` family (its bases and its
variants) and the checks run on those chips, with the rest of the bundled catalog as
peers. Outcomes: ``refused`` (the sheet no longer loads), ``warned`` (a warning the
unmutated family does not have), ``located`` (a ``unit-slip`` warning on the slipped field
that suggests the value as written before the slip), ``silent`` (nothing).

``python -m tests.slip_campaign`` prints the counts and every silent slip.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import chipspec
from chipspec.checks import run_checks
from chipspec.errors import CatalogError
from chipspec.load import bundled_specs_dir
from chipspec.units import SPELLINGS, UnitParseError, parse_value

_DECIMAL = ("", "k", "M", "G", "T", "P", "E")
# key: number unit, ending the scalar (line end, a comma or brace of a flow mapping, a comment).
_VALUE = re.compile(
    r"(?<![\w-])(?P<key>[a-z][a-z0-9_]*):[ \t]+(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[ \t]*"
    r"(?P<unit>[^\s,}#\"']+(?:[ \t]*/[ \t]*s)?)(?=[ \t]*(?:[,}#]|$))",
    re.MULTILINE,
)
FACTOR_WORDS = {Fraction(8): "bits", Fraction(1000): "prefix", Fraction(100): "area"}


def slips(unit: str) -> list[str]:
    """The known spellings one character away from ``unit`` that mean another size of its kind."""
    spelling = SPELLINGS.get(unit)
    if spelling is None or spelling.kind is None:
        return []
    out: list[str] = []
    head = unit[:1]
    if head in _DECIMAL[1:] and unit[1:2] != "i":
        i = _DECIMAL.index(head)
        out += [_DECIMAL[i - 1] + unit[1:], *([_DECIMAL[i + 1] + unit[1:]] if i + 1 < len(_DECIMAL) else [])]
        out.append(head + "i" + unit[1:])  # GB -> GiB
    elif unit[1:2] == "i":
        out.append(head + unit[2:])  # GiB -> GB
    else:
        out.append("k" + unit)  # W -> kW, FLOPS -> kFLOPS
    swapped = {"B": "b", "b": "B"}
    for i, ch in enumerate(unit):
        if ch in swapped and spelling.kind in ("information", "bandwidth"):
            out.append(unit[:i] + swapped[ch] + unit[i + 1 :])
            break
    if unit.startswith("mm"):
        out.append("c" + unit[1:])
    return [u for u in dict.fromkeys(out) if u in SPELLINGS and SPELLINGS[u].kind == spelling.kind and u != unit]


@dataclass(frozen=True)
class Mutation:
    sheet: str  # path under the catalog folder
    chip: str
    line: int
    key: str
    before: str  # "64 GB"
    after: str  # "64 TB"
    factor: Fraction  # after / before

    def __str__(self) -> str:
        return f"{self.chip}:{self.line} {self.key}: {self.before} -> {self.after}"

    @property
    def label(self) -> str:
        """The mutation without its line (which moves whenever the sheet is edited)."""
        return f"{self.chip} {self.key}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    result: str  # refused | warned | located | silent
    detail: str = ""


def mutations(root: Path) -> Iterator[tuple[Mutation, str]]:
    """Every (mutation, mutated text) of the sheets under ``root``."""
    for path in sorted(root.rglob("*.yaml")):
        if path.name == "vendors.yaml" or path.relative_to(root).parts[0] in ("systems", "measured"):
            continue  # system sheets (totals are checked against chip x count) and measurement files
        text = path.read_text(encoding="utf-8")
        for match in _VALUE.finditer(text):
            unit = re.sub(r"\s*/\s*", "/", match["unit"])
            if unit not in SPELLINGS or SPELLINGS[unit].kind is None:
                continue
            line = text.count("\n", 0, match.start()) + 1
            for new in slips(unit):
                start, end = match.span("unit")
                mutated = text[:start] + new + text[end:]
                factor = SPELLINGS[new].scale / SPELLINGS[unit].scale
                yield (
                    Mutation(
                        str(path.relative_to(root)),
                        path.stem,
                        line,
                        match["key"],
                        f"{match['num']} {unit}",
                        f"{match['num']} {new}",
                        factor,
                    ),
                    mutated,
                )


def _families(root: Path) -> dict[str, list[Path]]:
    """For each sheet id, the files of its extends family (bases and variants)."""
    files = {
        p.stem: p
        for p in root.rglob("*.yaml")
        if p.name != "vendors.yaml" and p.relative_to(root).parts[0] not in ("systems", "measured")
    }
    parent: dict[str, str] = {}
    for chip_id, path in files.items():
        found = re.search(r"^extends:\s*([\w.-]+)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if found:
            parent[chip_id] = found[1]

    def top(chip_id: str) -> str:
        while chip_id in parent:
            chip_id = parent[chip_id]
        return chip_id

    groups: dict[str, list[Path]] = {}
    for chip_id in files:
        groups.setdefault(top(chip_id), []).append(files[chip_id])
    return {chip_id: groups[top(chip_id)] for chip_id in files}


@cache
def _peers() -> chipspec.Catalog:
    return chipspec.load_catalog()


def _numbers(catalog: chipspec.Catalog) -> dict[tuple[str, str], tuple[float | None, ...]]:
    out = {}
    for chip in catalog:
        for path, entry in chip.entries.items():
            alts = tuple(getattr(a.stored, "canonical", None) for a in entry.alternatives)
            out[(chip.id, path)] = (entry.number, *alts)
    return out


_Finding = tuple[str | None, str | None, str | None, str]


def _findings(files: list[Path]) -> tuple[set[_Finding], chipspec.Catalog]:
    catalog = chipspec.load_catalog(*files, bundled=False)
    found = {(f.chip, f.field, f.check, f.message) for f in run_checks(catalog, peers=_peers())}
    return found, catalog


def _restores(message: str, mutation: Mutation) -> bool:
    """Whether a warning's "did you mean X?" is the value as written before the slip."""
    meant = re.search(r"did you mean (.+)\?$", message)
    if meant is None:
        return False
    kind = SPELLINGS[mutation.before.split(" ", 1)[1]].kind
    assert kind is not None
    try:
        return parse_value(meant[1], kind).canonical == parse_value(mutation.before, kind).canonical
    except UnitParseError:  # a warning about another value, of another kind
        return False


def run(sample: int = 1, only: set[str] | None = None) -> list[Outcome]:
    """Run the campaign on a copy of the bundled catalog: every ``sample``-th mutation
    (1: all), or only those whose ``str()`` is in ``only``."""
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "specs"
        shutil.copytree(bundled_specs_dir(), root)
        families = _families(root)
        baseline: dict[str, tuple[set[_Finding], dict[tuple[str, str], tuple[float | None, ...]]]] = {}
        for index, (mutation, text) in enumerate(mutations(root)):
            chosen = only is None or str(mutation) in only or mutation.label in only
            if not chosen or (only is None and index % sample):
                continue
            files = families[mutation.chip]
            if mutation.chip not in baseline:
                found, catalog = _findings(files)
                baseline[mutation.chip] = (found, _numbers(catalog))
            before, numbers = baseline[mutation.chip]
            path = root / mutation.sheet
            original = path.read_text(encoding="utf-8")
            path.write_text(text, encoding="utf-8")
            try:
                found, catalog = _findings(files)
            except CatalogError as error:
                outcomes.append(Outcome(mutation, "refused", str(error).splitlines()[0]))
                continue
            finally:
                path.write_text(original, encoding="utf-8")
            if _numbers(catalog) == numbers:
                continue  # the match was no value (a figure in free text)
            new = found - before
            suggested = [m for _, field, check, m in new if check == "unit-slip" and _restores(m, mutation)]
            if suggested:
                outcomes.append(Outcome(mutation, "located", suggested[0]))
            elif new:
                outcomes.append(Outcome(mutation, "warned", sorted(f"[{c}] {f}: {m}" for _, f, c, m in new)[0]))
            else:
                outcomes.append(Outcome(mutation, "silent"))
    return outcomes


def counts(outcomes: list[Outcome]) -> Counter[str]:
    return Counter(o.result for o in outcomes)


def binary_only(mutation: Mutation) -> bool:
    """A GB <-> GiB slip (7% to 13%): within every chip's spread, not detectable by peers."""
    return Fraction(1, 2) < mutation.factor < 2


if __name__ == "__main__":
    results = run(sample=int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    scaled = [o for o in results if not binary_only(o.mutation)]
    print(f"all slips: {len(results)} {dict(counts(results))}")
    print(f"factor 8/100/1000 slips: {len(scaled)} {dict(counts(scaled))}")
    for outcome in scaled:
        if outcome.result in ("silent", "warned"):
            print(outcome.result, outcome.mutation, "|", outcome.detail)
