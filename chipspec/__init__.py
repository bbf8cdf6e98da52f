"""chipspec: compare AI accelerator spec sheets with units and sources."""

from .catalog import Catalog
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
from .load import bundled_specs_dir, load_catalog, load_spec
from .spec import FIELDS, PRECISIONS, Provenance, Source, Spec
from .units import Q_, ureg

__version__ = "0.1.0"

__all__ = [
    "FIELDS",
    "PRECISIONS",
    "Q_",
    "AmbiguousChipError",
    "Catalog",
    "CatalogError",
    "ChipspecError",
    "Problem",
    "Provenance",
    "Source",
    "Spec",
    "SpecError",
    "UnknownChipError",
    "UnknownNameError",
    "__version__",
    "bundled_specs_dir",
    "dump",
    "load_catalog",
    "load_spec",
    "ureg",
]
