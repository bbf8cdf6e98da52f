"""Lenses: readings of a comparison for one question (export control, LLM serving).

A lens imports the engine (catalog, comparison, metrics), never the other way round, and
returns typed results that the report layer renders.
"""
