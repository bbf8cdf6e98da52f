"""Export-control lens: where each chip falls under the US ECCN 3A090 rules.

The rules are data (:data:`RULES`); :func:`export_control` computes each chip's figures
(TPP, performance density, chip I/O, DRAM bandwidth) and its class under each rule in
force on a date, as typed :class:`ExportResult` records. This is an informational reading
of public rules from spec-sheet figures, not legal advice (:data:`NOTICE`).
"""

from .classify import Classification, ExportFigures, ExportResult, Margin, classify_figures, export_control
from .rules import FIGURES, NOTICE, RULES, Clause, Rule, Threshold, rules_in_force, strictness

__all__ = [
    "FIGURES",
    "NOTICE",
    "RULES",
    "Classification",
    "Clause",
    "ExportFigures",
    "ExportResult",
    "Margin",
    "Rule",
    "Threshold",
    "classify_figures",
    "export_control",
    "rules_in_force",
    "strictness",
]
