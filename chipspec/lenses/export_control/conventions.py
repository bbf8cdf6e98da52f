"""Counting conventions: where the rule's "bit length of the operation" can be read two
ways, each reading as data, so a class that depends on the reading is shown as such.

The rules define TPP as "2 x MacTOPS x bit length of the operation". Two of the
precisions chipspec records have no single bit length:

- **TF32** is a 19-bit number format (1 sign, 8 exponent, 10 significand bits) that is not
  stored as such: FP32 words go in and are rounded to TF32 for the multiply. chipspec's
  default counts the 32-bit words the operation takes as inputs (the TPP metric's reading);
  the other reading counts the 19-bit format.
- **MXFP6** elements are 6 bits, and each block of 32 shares an 8-bit (E8M0) scale. The
  default counts the element width, as the rule's words read literally; the other reading
  adds the shared scale (6 + 8/32 = 6.25 bits).

Readings differ only for chips that publish a TF32 (or FP6) rate high enough to set the
TPP: NVIDIA's TF32 rate is half its BF16 rate, so 32 bits x TF32 ties 16 bits x BF16 and
19 bits never decides; AWS Trainium gives one rate for BF16 and TF32, so the reading
doubles its TPP.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from ...metrics import BIT_LENGTH

__all__ = ["CONVENTIONS", "Convention", "Reading", "readings_for"]


@dataclass(frozen=True, slots=True)
class Convention:
    """One precision whose bit length can be read two ways: the default and the other."""

    name: str
    precision: str
    default: float
    other: float
    default_label: str
    other_label: str
    reason: str
    source: str
    url: str


CONVENTIONS: Mapping[str, Convention] = {
    c.name: c
    for c in (
        Convention(
            name="tf32-bits",
            precision="tf32",
            default=32,
            other=19,
            default_label="TF32 as 32 bits",
            other_label="TF32 as 19 bits",
            reason="TF32 is 'not a distinct storage format': the operation's inputs are FP32 words, rounded to the "
            "19-bit TF32 format (1 sign, 8 exponent, 10 significand bits) for the multiply",
            source="TensorFloat-32 (Wikipedia, as mirrored)",
            url="https://owiki.org/wiki/TensorFloat-32",
        ),
        Convention(
            name="fp6-bits",
            precision="fp6",
            default=6,
            other=6.25,
            default_label="FP6 as 6 bits",
            other_label="FP6 as 6.25 bits",
            reason="an MXFP6 element is 6 bits; each block of 32 shares one 8-bit E8M0 scale, which adds 8/32 bit "
            "per element if the scale counts as part of the operand",
            source="OCP microscaling (MX) formats, as described in NVIDIA Transformer Engine: MXFP8",
            url="https://nvidia.github.io/TransformerEngine/features/low_precision_training/mxfp8/mxfp8.html",
        ),
    )
}
for _c in CONVENTIONS.values():  # the default is the TPP metric's bit length, by construction
    assert BIT_LENGTH[_c.precision] == _c.default, _c.name


@dataclass(frozen=True, slots=True)
class Reading:
    """One choice per convention: the bit lengths it changes and the conventions read the
    other way (empty for the default reading)."""

    others: tuple[str, ...]

    @property
    def bits(self) -> dict[str, float]:
        out = {p: float(b) for p, b in BIT_LENGTH.items()}
        for name in self.others:
            c = CONVENTIONS[name]
            out[c.precision] = c.other
        return out

    @property
    def label(self) -> str:
        """'default' or the other readings' labels ("TF32 as 19 bits")."""
        return ", ".join(CONVENTIONS[n].other_label for n in self.others) or "default"


def readings_for(precisions: set[str]) -> tuple[Reading, ...]:
    """The readings that can differ for a chip publishing ``precisions``: the default
    first, then every combination of the conventions whose precision it publishes."""
    names = [n for n, c in CONVENTIONS.items() if c.precision in precisions]
    combos = [combo for k in range(len(names) + 1) for combo in itertools.combinations(names, k)]
    return tuple(Reading(tuple(combo)) for combo in combos)
