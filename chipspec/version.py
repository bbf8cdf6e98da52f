"""The version, written once (pyproject.toml reads it from here), and the catalog's date."""

__version__ = "0.2.0.dev0"
# The date of the bundled catalog's last data change: charts and reports name it in
# their source line. A test fails when CHANGELOG.md has catalog changes under a newer date.
CATALOG_DATE = "2026-12-01"
