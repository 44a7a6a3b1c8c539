"""The coin helpers: exact at the edges, equal to the general measures, vectorised over q."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from core import (
    coin_cross_entropy,
    coin_decompose,
    coin_entropy,
    coin_kl_divergence,
    cross_entropy,
    kl_divergence,
)

probabilities = st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(1e-6, 1 - 1e-6))


@given(probabilities, probabilities, st.sampled_from([None, 2]))
def test_coin_matches_the_categorical_measures(p, q, base):
    pv, qv = [p, 1 - p], [q, 1 - q]
    assert coin_entropy(p, base=base) == pytest.approx(
        stats.entropy(pv, base=base), rel=1e-12, abs=1e-15
    )
    expected_cross = cross_entropy(pv, qv, base=base)
    expected_kl = kl_divergence(pv, qv, base=base)
    if math.isinf(expected_cross):
        assert coin_cross_entropy(p, q, base=base) == math.inf
        assert coin_kl_divergence(p, q, base=base) == math.inf
    else:
        assert coin_cross_entropy(p, q, base=base) == pytest.approx(
            expected_cross, rel=1e-9, abs=1e-12
        )
        assert coin_kl_divergence(p, q, base=base) == pytest.approx(
            expected_kl, rel=1e-9, abs=1e-12
        )


def test_edges_are_exact():
    assert coin_entropy(0.0) == 0.0 and coin_entropy(1.0) == 0.0
    assert coin_cross_entropy(0.0, 0.0) == 0.0
    assert coin_cross_entropy(1.0, 1.0) == 0.0
    assert coin_cross_entropy(0.0, 1.0) == math.inf
    assert coin_kl_divergence(1.0, 0.0) == math.inf
    assert coin_kl_divergence(0.0, 0.5, base=2) == 1.0


def test_log1p_keeps_digits_near_zero():
    # -log(1 - 1e-12) = 1e-12 + 5e-25: log(1 - q) would give ~1.00009e-12
    assert coin_cross_entropy(0.0, 1e-12) == pytest.approx(1e-12, rel=1e-12)


def test_one_call_gives_a_curve_over_q():
    q = np.linspace(0, 1, 999)
    d = coin_decompose(0.3, q, base=2)
    assert d.cross_entropy.shape == d.kl_divergence.shape == d.entropy.shape == (999,)
    assert np.isinf(d.cross_entropy[0]) and np.isinf(d.cross_entropy[-1])
    inner = slice(1, -1)
    np.testing.assert_allclose(
        d.entropy[inner] + d.kl_divergence[inner], d.cross_entropy[inner], rtol=1e-12
    )
    assert q[np.argmin(d.kl_divergence)] == pytest.approx(0.3, abs=1 / 998)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: coin_entropy(1.5), "`p` must lie between 0 and 1"),
        (lambda: coin_cross_entropy(0.5, -0.1), "`q` must lie between 0 and 1"),
        (lambda: coin_kl_divergence(float("nan"), 0.5), "`p` contains NaN"),
        (lambda: coin_kl_divergence(0.5, []), "`q` is empty"),
        (lambda: coin_entropy("heads"), "`p` must be a number between 0 and 1"),
        (lambda: coin_entropy(0.5, base=1), "`base` must be a positive number"),
    ],
)
def test_coin_refusals(call, message):
    with pytest.raises(ValueError, match=__import__("re").escape(message)):
        call()


@pytest.mark.parametrize("base", [None, 2])
def test_the_family_over_p_and_q_is_one_call_equal_to_each_coin_at_every_grid_point(base):
    # What a drag of p shows: one row of curves over q per true coin p, from one call.
    p = np.linspace(0, 1, 101)
    q = np.concatenate([[0.0], np.arange(1, 200) / 200, [1.0]])
    family = coin_decompose(p[:, None], q, base=base)
    assert family.cross_entropy.shape == family.entropy.shape == (101, 201)
    for i, pi in enumerate(p):
        for j, qj in enumerate(q):
            one = coin_decompose(float(pi), float(qj), base=base)
            assert family.entropy[i, j] == one.entropy
            assert family.cross_entropy[i, j] == one.cross_entropy
            assert family.kl_divergence[i, j] == one.kl_divergence
    inside = slice(1, -1)  # scipy's KL has no exact infinities to compare at q = 0 or 1
    reference = stats.entropy(
        np.stack([np.broadcast_to(p[:, None], (101, 199)), 1 - p[:, None] + 0 * q[inside]]),
        np.stack([np.broadcast_to(q[inside], (101, 199)), 1 - q[inside] + 0 * p[:, None]]),
        base=base,
    )
    np.testing.assert_allclose(family.kl_divergence[:, inside], reference, rtol=1e-9, atol=1e-12)


def test_a_family_over_p_against_one_model_is_a_row():
    d = coin_decompose([0.2, 0.5, 0.9], 0.5, base=2)
    np.testing.assert_allclose(d.entropy, [coin_entropy(v, base=2) for v in (0.2, 0.5, 0.9)])
    np.testing.assert_allclose(d.cross_entropy, [1.0, 1.0, 1.0])
