"""chipspec: compare AI accelerator spec sheets with units and sources."""

from .catalog import Catalog
from .compare import Comparison, compare
from .dump import dump
from .errors import (
    AmbiguousChipError,
    CatalogError,
    ChipspecError,
    Problem,
    SpecError,
    UnknownChipError,
    UnknownNameError,
)
from .export_rules import NOTICE, RULES, export_control
from .load import bundled_specs_dir, load_catalog, load_spec
from .metrics import METRICS, Metric, metric, register
from .spec import FIELDS, PRECISIONS, Provenance, Source, Spec
from .units import Q_, ureg

__version__ = "0.1.0"

__all__ = [
    "FIELDS",
    "METRICS",
    "NOTICE",
    "PRECISIONS",
    "Q_",
    "RULES",
    "AmbiguousChipError",
    "Catalog",
    "CatalogError",
    "ChipspecError",
    "Comparison",
    "Metric",
    "Problem",
    "Provenance",
    "Source",
    "Spec",
    "SpecError",
    "UnknownChipError",
    "UnknownNameError",
    "__version__",
    "bundled_specs_dir",
    "compare",
    "dump",
    "export_control",
    "load_catalog",
    "load_spec",
    "metric",
    "register",
    "ureg",
]
