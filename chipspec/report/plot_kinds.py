"""The chart kinds, importable without matplotlib (the CLI's help lists them)."""

CHART_KINDS: tuple[str, ...] = ("bar", "scatter", "roofline", "radar", "export-map")
