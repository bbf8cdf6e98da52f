"""Export-control lens: where each chip falls under the US ECCN 3A090 rules.

The rules are data (:data:`RULES`); :func:`export_control` computes each chip's figures
(TPP, performance density, chip I/O, DRAM bandwidth) and its class under each rule in
force on a date, as typed :class:`ExportResult` records; :class:`ExportReading` holds a
comparison and adds the chip I/O and each rule's class to it as columns (``export.<rule>``),
through the engine's extension protocol. Where the rule's "bit length" can be
read two ways (:data:`CONVENTIONS`), every reading is computed and a class that depends on
it says so. This is an informational reading
of public rules from spec-sheet figures, not legal advice (:data:`NOTICE`).
"""

from typing import TYPE_CHECKING, Any

from .conventions import CONVENTIONS, Convention, Reading
from .rules import (
    KINDS,
    NOTICE,
    RULE_FIGURES,
    RULES,
    Clause,
    EarlyStart,
    Event,
    Part,
    Rule,
    Threshold,
    rules_in_force,
    strictness,
)

if TYPE_CHECKING:
    from .classify import (
        EXPORT_PREFIX,
        Classification,
        ExportFigures,
        ExportReading,
        ExportResult,
        Margin,
        ReadingFigures,
        classify_figures,
        export_control,
    )

_CLASSIFY = (
    "EXPORT_PREFIX", "Classification", "ExportFigures", "ExportReading", "ExportResult", "Margin", "ReadingFigures",
    "classify_figures", "export_control",
)  # fmt: skip

__all__ = [
    "CONVENTIONS",
    "EXPORT_PREFIX",
    "KINDS",
    "NOTICE",
    "RULES",
    "RULE_FIGURES",
    "Classification",
    "Clause",
    "Convention",
    "EarlyStart",
    "Event",
    "ExportFigures",
    "ExportReading",
    "ExportResult",
    "Margin",
    "Part",
    "Reading",
    "ReadingFigures",
    "Rule",
    "Threshold",
    "classify_figures",
    "export_control",
    "rules_in_force",
    "strictness",
]


def __getattr__(name: str) -> Any:
    # The classifier (and numpy, which it computes with) is imported on first use: the
    # command line reads the rules for its help without it.
    if name in _CLASSIFY:
        from . import classify

        return getattr(classify, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
