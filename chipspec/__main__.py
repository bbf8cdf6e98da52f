"""``python -m chipspec``."""

from .cli import run

run()
