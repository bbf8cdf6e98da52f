"""chipspec: compare AI accelerator spec sheets with units and sources."""

from typing import TYPE_CHECKING, Any

from . import display as _display
from .bundled import bundled_specs_dir
from .catalog import Catalog
from .errors import (
    AmbiguousChipError,
    CatalogError,
    ChipNotLoadedError,
    ChipspecError,
    OutputError,
    Problem,
    SpecError,
    UnknownChipError,
    UnknownNameError,
    UsageError,
)
from .format import FIELDS, PRECISIONS
from .metrics import METRICS, Metric, metric, register
from .spec import Provenance, Source, Spec
from .version import __version__


def _load_renderers() -> None:
    """The report layer's table renderers (chipspec.display): the package root wires the
    layers, so the engine shows tables without importing presentation."""
    from .report import notebook  # noqa: F401  # registers on import


_display.loader = _load_renderers

if TYPE_CHECKING:  # imported on first use (below): a cached start reads no YAML
    from .comparison import Comparison, compare
    from .load import load_catalog, load_spec
    from .writer import dump

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
    "ChipNotLoadedError",
    "ChipspecError",
    "Comparison",
    "Metric",
    "OutputError",
    "Problem",
    "Provenance",
    "Source",
    "Spec",
    "SpecError",
    "UnknownChipError",
    "UnknownNameError",
    "UsageError",
    "__version__",
    "bundled_specs_dir",
    "compare",
    "dump",
    "export_control",
    "html_report",
    "html_site",
    "llm",
    "load_catalog",
    "load_model",
    "load_spec",
    "metric",
    "plot",
    "register",
    "report",
    "save",
    "ureg",
]


def __getattr__(name: str) -> Any:
    # numpy (the engine), the loader (YAML), pint, matplotlib and the lenses are imported
    # only when these are first used: listing, validating and the schema need no numpy,
    # and a start from the cached catalog reads no YAML.
    if name in ("Comparison", "compare"):
        from . import comparison

        return getattr(comparison, name)
    if name in ("load_catalog", "load_spec"):
        from . import load

        return getattr(load, name)
    if name == "dump":
        from .writer import dump

        return dump
    if name == "ureg":
        from .units import registry

        return registry()
    if name == "Q_":
        from .units import registry

        return registry().Quantity
    if name in ("export_control", "NOTICE", "RULES"):
        from .lenses import export_control as lens

        return getattr(lens, name)
    if name in ("llm", "load_model"):
        from .lenses import llm as llm_lens

        return getattr(llm_lens, name)
    if name == "report":
        import importlib

        return importlib.import_module(".report", __name__)  # the report package
    if name in ("html_report", "html_site"):
        from .report import html

        return {"html_report": html.report, "html_site": html.site}[name]
    if name in ("plot", "save"):
        from .report import charts

        return getattr(charts, name)
    raise AttributeError(f"module 'chipspec' has no attribute {name!r}")
