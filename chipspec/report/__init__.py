"""The report layer: library results -> views (views.py), tables (tables.py), text in every
format (text.py), charts (charts.py, which imports matplotlib only when it draws) and HTML
(html.py). The HTML report and site are :func:`chipspec.html_report` and
:func:`chipspec.html_site` (``chipspec.report`` is this package, not a function).
"""

from .kinds import CHART_KINDS

__all__ = ["CHART_KINDS"]
