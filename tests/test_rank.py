"""Rankings, scores and Pareto fronts: worked examples and hypothesis properties."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipspec.comparison import compare
from chipspec.rank import competition_ranks, pareto_mask
from tests.strategies import BANDWIDTH_UNITS, COMPUTE_UNITS, POWER_UNITS, build_chips, chip_sets, make_chip

WEIGHTS = {"bandwidth_per_watt": 2.0, "tflops_per_watt": 1.0, "memory.capacity": 1.0}


def test_ties_share_a_rank() -> None:
    assert competition_ranks(np.array([3.0, 5.0, 5.0, 1.0, np.nan]), higher=True).tolist() == [3, 1, 1, 4, 0]
    assert competition_ranks(np.array([3.0, 5.0, 5.0, 1.0]), higher=False).tolist() == [2, 3, 3, 1]


def test_rank_places_not_computable_last_with_reasons() -> None:
    chips = [
        make_chip("a", memory__bandwidth="2 TB/s", power__tdp="500 W"),
        make_chip("b", memory__bandwidth="3000 GB/s", power__tdp="500 W"),
        make_chip("c", memory__bandwidth="3 TB/s"),
    ]
    ranking = compare(chips, ["bandwidth_per_watt"]).rank("bandwidth_per_watt")
    assert [(r.chip.id, r.rank, r.value, r.missing) for r in ranking] == [
        ("b", 1, pytest.approx(6.0), ()),
        ("a", 2, pytest.approx(4.0), ()),
        ("c", None, None, ("power.tdp",)),
    ]


def test_score_is_explained_by_contributions() -> None:
    chips = [
        make_chip("a", memory__bandwidth="2 TB/s", power__tdp="400 W"),
        make_chip("b", memory__bandwidth="4 TB/s", power__tdp="1 kW"),
    ]
    c = compare(chips, ["bandwidth_per_watt", "power.tdp"])
    scoring = c.score({"bandwidth_per_watt": 3, "power.tdp": 1})
    # a: 5 GB/s/W (best) and 400 W (best): 1.0; b: 4/5 and 400/1000 -> (3*0.8 + 0.4)/4 = 0.7
    assert [(r.chip.id, r.rank, r.score) for r in scoring] == [  # type: ignore[comparison-overlap]
        ("a", 1, pytest.approx(1.0)),
        ("b", 2, pytest.approx(0.7)),
    ]
    b = scoring.rows[1]
    assert b.contributions == {"bandwidth_per_watt": pytest.approx(0.6), "power.tdp": pytest.approx(0.1)}
    assert sum(b.contributions.values()) == pytest.approx(b.score)


def test_pareto_worked_example() -> None:
    chips = [
        make_chip("fast", memory__bandwidth="8 TB/s", memory__capacity="80 GB"),
        make_chip("big", memory__bandwidth="4 TB/s", memory__capacity="192 GB"),
        make_chip("meh", memory__bandwidth="3 TB/s", memory__capacity="80 GB"),
        make_chip("unknown", memory__bandwidth="9 TB/s"),
    ]
    front = compare(chips, ["memory.bandwidth"]).pareto(["memory.bandwidth", "memory.capacity"])
    assert [c.id for c in front.front] == ["fast", "big"]
    assert [(c.id, by.id) for c, by in front.dominated] == [("meh", "fast")]
    assert [(c.id, m) for c, m in front.not_computable] == [("unknown", ("memory.capacity",))]


def ids_to_ranks(ranking) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    return {r.chip.id: r.rank for r in ranking}


@settings(max_examples=80, deadline=None)
@given(chip_sets(), st.randoms(use_true_random=False))
def test_ranking_is_independent_of_input_order(rows: list, rnd: random.Random) -> None:  # type: ignore[type-arg]
    chips = build_chips(rows)
    shuffled = chips[:]
    rnd.shuffle(shuffled)
    for metric in ("bandwidth_per_watt", "ridge_point:lower"):
        assert ids_to_ranks(compare(chips, []).rank(metric)) == ids_to_ranks(compare(shuffled, []).rank(metric))
    one, two = compare(chips, []).score(WEIGHTS), compare(shuffled, []).score(WEIGHTS)
    assert {r.chip.id: r.rank for r in one} == {r.chip.id: r.rank for r in two}
    p1 = compare(chips, []).pareto(list(WEIGHTS))
    p2 = compare(shuffled, []).pareto(list(WEIGHTS))
    assert {c.id for c in p1.front} == {c.id for c in p2.front}


@settings(max_examples=80, deadline=None)
@given(
    chip_sets(),
    st.sampled_from(BANDWIDTH_UNITS),
    st.sampled_from(POWER_UNITS),
    st.sampled_from(COMPUTE_UNITS),
)
def test_same_values_in_other_units_give_same_ranks_and_scores(rows, bw, power, flops) -> None:  # type: ignore[no-untyped-def]
    base = compare(build_chips(rows), [])
    other = compare(build_chips(rows, {"bandwidth": bw, "tdp": power, "bf16": flops}), [])
    for metric in ("bandwidth_per_watt", "tflops_per_watt", "ridge_point:lower", "memory.bandwidth"):
        assert ids_to_ranks(base.rank(metric)) == ids_to_ranks(other.rank(metric))
    s1, s2 = base.score(WEIGHTS), other.score(WEIGHTS)
    assert {r.chip.id: r.rank for r in s1} == {r.chip.id: r.rank for r in s2}
    for a, b in zip(sorted(s1, key=lambda r: r.chip.id), sorted(s2, key=lambda r: r.chip.id), strict=True):
        assert (a.score is None) == (b.score is None)
        if a.score is not None:
            assert a.score == pytest.approx(b.score, rel=1e-9)
    assert {c.id for c in base.pareto(list(WEIGHTS)).front} == {c.id for c in other.pareto(list(WEIGHTS)).front}


@settings(max_examples=80, deadline=None)
@given(chip_sets(), st.data())
def test_improving_a_chip_never_lowers_its_rank_or_score(rows: list, data: st.DataObject) -> None:  # type: ignore[type-arg]
    complete = [i for i, r in enumerate(rows) if all(v is not None for v in r.values())]
    if not complete:
        return
    i = data.draw(st.sampled_from(complete))
    better = [dict(r) for r in rows]
    better[i]["bandwidth"] = rows[i]["bandwidth"] * data.draw(st.sampled_from([1.0, 1.5, 10.0]))
    before, after = compare(build_chips(rows), []), compare(build_chips(better), [])
    chip_id = f"chip-{i:02d}"
    for metric in ("bandwidth_per_watt", "memory.bandwidth"):
        assert ids_to_ranks(after.rank(metric))[chip_id] <= ids_to_ranks(before.rank(metric))[chip_id]  # type: ignore[operator]
    old = next(r for r in before.score(WEIGHTS) if r.chip.id == chip_id)
    new = next(r for r in after.score(WEIGHTS) if r.chip.id == chip_id)
    assert new.score is not None and old.score is not None and new.rank is not None and old.rank is not None
    assert new.score >= old.score - 1e-12
    assert new.rank <= old.rank


@settings(max_examples=80, deadline=None)
@given(
    chip_sets(min_size=1, max_size=15),
    st.lists(st.sampled_from([*list(WEIGHTS), "ridge_point:lower"]), min_size=1, max_size=4, unique=True),
)
def test_pareto_front_is_undominated_and_dominates_the_rest(rows: list, metrics: list[str]) -> None:  # type: ignore[type-arg]
    c = compare(build_chips(rows), [])
    front = c.pareto(metrics)
    matrix = np.column_stack([c.column(m.split(":")[0]).values for m in metrics])
    higher = np.array([c.direction(m) == "higher" for m in metrics])
    oriented = np.where(higher, matrix, -matrix)
    index = {chip.id: i for i, chip in enumerate(c.chips)}

    def dominates(a: int, b: int) -> bool:
        return bool((oriented[a] >= oriented[b]).all() and (oriented[a] > oriented[b]).any())

    known = [i for i in range(len(c.chips)) if not np.isnan(matrix[i]).any()]
    for chip in front.front:
        assert not any(dominates(j, index[chip.id]) for j in known)
    for chip, by in front.dominated:
        assert by in front.front
        assert dominates(index[by.id], index[chip.id])
    assert len(front.front) + len(front.dominated) == len(known)


def test_pareto_mask_many_rows_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    m = rng.integers(0, 6, size=(300, 3)).astype(float)
    mask = pareto_mask(m, [True, False, True])
    oriented = m * np.array([1, -1, 1])
    brute = np.array([not any((o >= r).all() and (o > r).any() for o in oriented) for r in oriented])
    assert (mask == brute).all()
