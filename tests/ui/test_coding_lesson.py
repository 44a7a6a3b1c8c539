"""/coding's numbers are computed once per view: the same example, n and seed come from the
cache; what is kept is bounded whatever n is."""

from __future__ import annotations

import numpy as np
import pytest

import ui.coding_lesson as coding_lesson
from core import coin_example, compare_coders, die_example, draw_outcomes
from ui.figures.coding import CURVE_POINTS, STREAM_OUTCOMES


@pytest.fixture
def counted(monkeypatch):
    """Count the coder comparisons actually run, with an empty cache."""
    calls = []

    def compare(*args, **kwargs):
        calls.append(args)
        return compare_coders(*args, **kwargs)

    monkeypatch.setattr(coding_lesson, "compare_coders", compare)
    coding_lesson._coded.clear()
    yield calls
    coding_lesson._coded.clear()


def test_the_same_view_is_computed_once(counted):
    example = coin_example(0.3, 0.8)
    first = coding_lesson.coded_sample(example, n=5000, seed=4)
    again = coding_lesson.coded_sample(coin_example(0.3, 0.8), n=5000, seed=4)
    assert len(counted) == 1
    assert again.comparison.with_q.bits == first.comparison.with_q.bits
    coding_lesson.coded_sample(example, n=5000, seed=5)
    coding_lesson.coded_sample(coin_example(0.3, 0.7), n=5000, seed=4)
    assert len(counted) == 3


def test_the_cached_numbers_are_those_of_the_sample():
    example = die_example([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])
    coded = coding_lesson.coded_sample(example, n=3000, seed=2)
    outcomes = draw_outcomes(example.p, 3000, seed=2)
    direct = compare_coders(outcomes, example.p, example.q)
    assert coded.comparison.with_q.bits == direct.with_q.bits
    assert coded.comparison.with_p.bits == direct.with_p.bits
    assert coded.stream_q.outcomes.tolist() == outcomes[:STREAM_OUTCOMES].tolist()


def test_what_a_million_outcomes_keep_is_bounded():
    coded = coding_lesson.coded_sample(coin_example(0.3, 0.8), n=1_000_000, seed=1)
    for message in (coded.comparison.with_q, coded.comparison.with_p):
        assert message.prefix_counts.shape[0] <= CURVE_POINTS
        assert message.prefix_counts[-1] == 1_000_000
    assert len(coded.stream_q.codewords) == len(coded.stream_p.codewords) == STREAM_OUTCOMES
    # The compressed words are about n·H(P̂,Q) bits; the n outcomes are not kept.
    assert coded.comparison.with_q.words.nbytes * 8 < 1_000_000 * 1.8
    assert not any(
        isinstance(value, np.ndarray) and value.size >= 1_000_000
        for value in vars(coded.comparison).values()
    )
