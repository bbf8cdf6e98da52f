"""Shared fixtures: the bundled catalog (loaded once) and the fake test chips."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec

DATA = Path(__file__).parent / "data"
CHIPS = DATA / "chips"
BAD = DATA / "bad"
MODELS = DATA / "models"


@pytest.fixture(scope="session")
def catalog() -> chipspec.Catalog:
    return chipspec.load_catalog()


@pytest.fixture(scope="session")
def fakes() -> chipspec.Catalog:
    return chipspec.load_catalog(CHIPS, bundled=False)
