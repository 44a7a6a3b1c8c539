"""The one binning rule: one bin per whole number, otherwise a bounded number of bins."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import (
    MAX_BINS,
    histogram,
)


def test_whole_numbers_get_one_bin_per_value():
    h = histogram(np.array([2.0, 3, 3, 5, 9]))
    assert h.edges.tolist() == [1.5 + k for k in range(9)]
    assert h.counts.tolist() == [1, 2, 0, 1, 0, 0, 0, 1]
    assert h.width == 1.0


@pytest.mark.parametrize(
    "values",
    [
        np.random.default_rng(2).standard_cauchy(1_000_000),  # heavy tails: Freedman-Diaconis
        np.random.default_rng(3).normal(size=10),  # wants thousands of bins
        np.array([1.0, 1.0, 1.0]),
        np.array([0.0, 1e-300, 1e100]),
    ],
    ids=["cauchy", "ten", "constant", "extreme"],
)
def test_histogram_bins_are_bounded(values):
    h = histogram(values)
    assert 1 <= h.counts.shape[0] <= MAX_BINS
    assert h.counts.sum() == values.shape[0]
    assert np.all(np.isfinite(h.edges))


@settings(deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=False),
        min_size=1,
        max_size=500,
    )
)
def test_every_value_falls_in_one_of_a_bounded_number_of_equal_bins(values):
    h = histogram(values)
    assert 1 <= h.counts.shape[0] <= MAX_BINS
    assert h.counts.sum() == len(values)
    assert h.edges[0] <= min(values) and h.edges[-1] >= max(values)
    np.testing.assert_allclose(np.diff(h.edges), h.width, rtol=1e-9, atol=1e-12)


def test_invalid_values_are_refused_with_a_message():
    with pytest.raises(ValueError, match="NaN or infinity"):
        histogram([1.0, math.nan])
    with pytest.raises(ValueError, match="numbers, not text"):
        histogram(["a", "b"])
