"""The report layer: library results -> tables (tables.py), text in every format (text.py),
charts (charts.py, which imports matplotlib only when it draws) and HTML (html.py).

``chipspec.report(...)`` is this package called as a function: it writes the HTML report
(:func:`chipspec.report.html.report`). A package cannot also be a function, so the module
object's class is given a ``__call__``; ``chipspec.report.tables`` and the rest stay
modules as before.
"""

import sys
import types
from typing import Any

from .kinds import CHART_KINDS

__all__ = ["CHART_KINDS"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> str:
        from .html import report

        return report(*args, **kwargs)

    def site(self, *args: Any, **kwargs: Any) -> Any:
        """Write the catalog site; see :func:`chipspec.report.html.site`."""
        from .html import site

        return site(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
