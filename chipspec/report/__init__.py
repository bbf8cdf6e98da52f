"""Turning a Comparison into text (table.py) and charts (plot.py, imported only when drawn)."""
