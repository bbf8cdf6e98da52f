"""The chart kinds, named apart so that listing them (the CLI's help) imports no chart code."""

CHART_KINDS: tuple[str, ...] = ("bar", "scatter", "roofline", "radar", "export-map", "serving", "measured")
