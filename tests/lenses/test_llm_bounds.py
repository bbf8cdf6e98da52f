"""Bounds that are bounds: no published measurement of a scenario beats chipspec's
throughput bound for it (tests/data/models/measurements.yaml, each with its source)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import chipspec
from chipspec.lenses.llm import peak_throughput
from tests.conftest import MODELS

DATA = yaml.safe_load((MODELS / "measurements.yaml").read_text(encoding="utf-8"))
MEASUREMENTS: list[dict[str, Any]] = DATA["measurements"]


def bound(m: dict[str, Any], catalog: chipspec.Catalog) -> float:
    """The group's decode throughput bound at the largest batch that fits, with the
    measured run's layout, formats and ISL/OSL (mean in-flight context S + G/2)."""
    batch, tps = peak_throughput(
        m["model"], m["chip"], prompt=m["isl"], generate=m["osl"], weights=m["weights"], kv=m["kv"],
        group_size=m["chips"], kv_layout=m.get("layout", "tp"), catalog=catalog,
    )  # fmt: skip
    assert batch >= 1, f"{m['model']} does not fit where it was measured"
    return tps


@pytest.fixture(scope="module")
def catalog() -> chipspec.Catalog:
    return chipspec.load_catalog()


@pytest.mark.parametrize(
    "m", MEASUREMENTS, ids=[f"{m['model']}-{m['chip']}x{m['chips']}-{m['isl']}-{m['osl']}" for m in MEASUREMENTS]
)
def test_no_measurement_beats_its_bound(m: dict[str, Any], catalog: chipspec.Catalog) -> None:
    assert m["source"] in DATA["sources"] and m["quote"].count("|") >= 3
    written = f"{m['measured']:,}" if isinstance(m["measured"], int) else f"{m['measured']:.1f}"
    assert written in m["quote"], "the measured figure is the one quoted"
    b = bound(m, catalog)
    assert b >= m["measured"], f"bound {b:,.0f} tokens/s is below the measured {m['measured']:,}"
