"""LLM workload lens: does a model fit, and how fast can each chip serve it, from the
spec sheet alone (roofline bounds; see docs/llm.md).

:func:`llm` gives a :class:`Serving`, which holds a comparison and adds the serving
figures (:data:`FIGURES`) to it through the engine's ``Extension``, so they rank, score, go
on a Pareto front and draw like any metric; :func:`peak_throughput` is the bound a
maximum-throughput measurement is compared with; :func:`serve` is the bulk formula over arrays; models come from
:func:`load_model` (bundled sheets, a Hugging Face ``config.json`` or a YAML model sheet).
"""

from .model import ATTENTION_KINDS, Model, Published, bundled_models, load_model, model_from_config, read_model
from .serving import (
    DEFAULTS,
    FIGURES,
    TABLE_FIGURES,
    Figure,
    Scenario,
    Serving,
    Settings,
    llm,
    peak_throughput,
    serve,
    servings,
    sweep,
)

__all__ = [
    "ATTENTION_KINDS",
    "DEFAULTS",
    "FIGURES",
    "TABLE_FIGURES",
    "Figure",
    "Model",
    "Published",
    "Scenario",
    "Serving",
    "Settings",
    "bundled_models",
    "llm",
    "load_model",
    "model_from_config",
    "peak_throughput",
    "read_model",
    "serve",
    "servings",
    "sweep",
]
