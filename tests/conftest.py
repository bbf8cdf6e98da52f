"""Shared fixtures: the bundled catalog (loaded once) and the fake test chips; the test
profile (slow campaigns run only where CHIPSPEC_FULL_TESTS is set, as `.ci/run` does)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import chipspec

DATA = Path(__file__).parent / "data"
CHIPS = DATA / "chips"
BAD = DATA / "bad"
MODELS = DATA / "models"

# Long fuzz campaigns, whole-catalog renders and the browser run only when asked for: the
# README's `pytest` stays about a minute on a 2-core machine, and CI still runs everything.
FULL = os.environ.get("CHIPSPEC_FULL_TESTS", "") not in ("", "0")

# Property tests draw the same examples every run (a newcomer never meets a failure that
# the next run hides); the full run explores fresh ones.
settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("full", derandomize=False, print_blob=True)
settings.load_profile("full" if FULL else "default")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if FULL:
        return
    skip = pytest.mark.skip(reason="slow campaign: set CHIPSPEC_FULL_TESTS=1 to run it (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The bundled catalog's cache (chipspec.cache) in a folder of the test session's own,
    never the user's cache folder."""
    os.environ["CHIPSPEC_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees a 100-column terminal, whatever runs it (a shell that exports
    COLUMNS, a pytest-xdist worker without a terminal); a test about widths sets its own."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "24")


@pytest.fixture(scope="session")
def catalog() -> chipspec.Catalog:
    return chipspec.load_catalog()


@pytest.fixture(scope="session")
def fakes() -> chipspec.Catalog:
    return chipspec.load_catalog(CHIPS, bundled=False)


@pytest.fixture(scope="session")
def cjk_font() -> str:
    """The CJK font charts draw Chinese with; the test skips, saying why, without one."""
    from chipspec.report.charts import _find_cjk_font

    font = _find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
    return font
