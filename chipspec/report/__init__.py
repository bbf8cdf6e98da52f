"""The report layer: library results -> tables (tables.py), text in every format (text.py)
and charts (charts.py, which imports matplotlib only when it draws)."""

# The chart kinds, named here so that listing them (the CLI's help) imports no chart code.
CHART_KINDS: tuple[str, ...] = ("bar", "scatter", "roofline", "radar", "export-map", "serving")
