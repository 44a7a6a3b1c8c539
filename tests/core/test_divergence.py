"""Entropy, cross-entropy and KL: scipy's reference values, the identities, and every refusal."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from core import (
    cross_entropy,
    decompose,
    entropy,
    kl_contributions,
    kl_divergence,
    normalize,
    relative_entropy,
)
from tests.core.strategies import pmf_pairs, pmfs

# (p, q) pairs with hand-checkable or scipy-checkable values, including zeros in P.
CASES = [
    ([0.5, 0.5], [0.5, 0.5]),
    ([0.5, 0.5], [0.25, 0.75]),
    ([0.3, 0.7], [0.8, 0.2]),
    ([1.0, 0.0], [0.5, 0.5]),
    ([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]),
    ([0.0, 0.0, 1.0], [0.2, 0.3, 0.5]),
    ([1 / 6] * 6, [0.5, 0.1, 0.1, 0.1, 0.1, 0.1]),
]


@pytest.mark.parametrize(("p", "q"), CASES)
@pytest.mark.parametrize("base", [None, 2, 10, math.e])
def test_matches_scipy(p, q, base):
    assert entropy(p, base=base) == pytest.approx(stats.entropy(p, base=base), rel=1e-12, abs=1e-15)
    assert kl_divergence(p, q, base=base) == pytest.approx(
        stats.entropy(p, q, base=base), rel=1e-12, abs=1e-15
    )
    divisor = 1.0 if base is None else math.log(base)
    expected_cross = (special.entr(p).sum() + special.rel_entr(p, q).sum()) / divisor
    assert cross_entropy(p, q, base=base) == pytest.approx(expected_cross, rel=1e-12, abs=1e-15)


def test_known_values_in_bits():
    assert entropy([0.5, 0.5], base=2) == 1.0
    assert entropy([0.25] * 4, base=2) == pytest.approx(2.0, rel=1e-15)
    assert cross_entropy([0.5, 0.5], [0.25, 0.75], base=2) == pytest.approx(
        -0.5 * math.log2(0.25) - 0.5 * math.log2(0.75), rel=1e-15
    )


def test_broadcasts_a_grid_of_models_against_one_p():
    p = np.array([0.2, 0.3, 0.5])
    t = np.linspace(0, 1, 7)[:, None]
    grid = (1 - t) * np.array([0.6, 0.3, 0.1]) + t * p
    values = kl_divergence(p, grid)
    assert values.shape == (7,)
    expected = [stats.entropy(p, row) for row in grid]
    np.testing.assert_allclose(values, expected, rtol=1e-12, atol=1e-15)
    assert values[-1] == 0.0
    assert np.all(np.diff(values) < 0)  # KL falls along the path from Q to P


def test_contributions_sum_to_kl_and_can_be_negative():
    p, q = [0.5, 0.5], [0.25, 0.75]
    terms = kl_contributions(p, q)
    np.testing.assert_allclose(terms, special.rel_entr(p, q), rtol=1e-14)
    assert terms[1] < 0
    assert terms.sum() == pytest.approx(kl_divergence(p, q), rel=1e-14)


def test_zero_in_q_where_p_allows_is_infinite_not_nan():
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    # where P gives 0, Q's zero costs nothing
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    grid = kl_divergence([0.5, 0.5], [[1.0, 0.0], [0.5, 0.5]])
    assert grid[0] == math.inf and grid[1] == 0.0


def test_relative_entropy_is_the_same_function():
    assert relative_entropy is kl_divergence


def test_decompose_is_consistent():
    d = decompose([0.3, 0.7], [0.8, 0.2], base=2)
    assert d.unit == "bits"
    assert d.entropy == pytest.approx(stats.entropy([0.3, 0.7], base=2), rel=1e-14)
    assert d.cross_entropy == pytest.approx(d.entropy + d.kl_divergence, rel=1e-12)
    with pytest.raises(AttributeError):
        d.entropy = 0.0  # frozen
    assert decompose([0.5, 0.5], [0.5, 0.5]).unit == "nats"


def test_normalize_on_purpose():
    np.testing.assert_allclose(normalize([2, 2, 4]), [0.25, 0.25, 0.5])
    np.testing.assert_allclose(normalize([[1, 3], [1, 1]]), [[0.25, 0.75], [0.5, 0.5]])


REFUSALS = [
    (lambda: entropy([0.5, -0.1, 0.6]), "`p` has a negative probability"),
    (lambda: entropy([0.5, float("nan")]), "`p` contains NaN or infinity"),
    (lambda: entropy([0.5, float("inf")]), "`p` contains NaN or infinity"),
    (lambda: entropy([]), "`p` is empty"),
    (lambda: entropy([0.0, 0.0]), "`p` is all zeros"),
    (lambda: entropy(0.5), "`p` must be a vector"),
    (lambda: entropy(["a", "b"]), "`p` must contain numbers only"),
    (lambda: entropy([0.3, 0.3]), "`p` sums to 0.6, not 1"),
    (lambda: kl_divergence([0.5, 0.5], [0.3, 0.3]), "`q` sums to 0.6, not 1"),
    (lambda: kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), "`p` has 2 outcomes but `q` has 3"),
    (lambda: cross_entropy([[0.5, 0.5]] * 2, [[0.5, 0.5]] * 3), "do not broadcast"),
    (lambda: entropy([0.5, 0.5], base=1), "`base` must be a positive number other than 1"),
    (lambda: entropy([0.5, 0.5], base=0), "`base` must be a positive number"),
    (lambda: entropy([0.5, 0.5], base=-2), "`base` must be a positive number"),
    (lambda: entropy([0.5, 0.5], base="2"), "`base` must be a positive number"),
    (lambda: entropy([0.5, 0.5], base=float("inf")), "`base` must be a positive number"),
    (lambda: normalize([1, -1, 2]), "`weights` has a negative entry"),
    (lambda: normalize([0, 0]), "`weights` are all zero"),
    (lambda: normalize([]), "`weights` is empty"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_invalid_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=__import__("re").escape(message)):
        call()


def test_sum_tolerance_is_one_in_a_billion():
    entropy([0.5, 0.5 + 5e-10])
    with pytest.raises(ValueError, match="not 1"):
        entropy([0.5, 0.5 + 5e-9])


# Properties ---------------------------------------------------------------------------------------


@given(pmf_pairs())
def test_gibbs_inequality(pair):
    p, q = pair
    assert kl_divergence(p, q) >= 0.0


@given(pmfs())
def test_kl_is_exactly_zero_at_p_equals_q(p):
    assert kl_divergence(p, p) == 0.0
    assert kl_divergence(p, p, base=2) == 0.0
    np.testing.assert_array_equal(kl_divergence(np.stack([p, p]), p), [0.0, 0.0])


@settings(max_examples=500)
@given(
    pmfs(max_size=30),
    st.floats(-12, -2),
    st.lists(st.floats(-1, 1, allow_subnormal=False), min_size=30, max_size=30),
)
def test_kl_is_never_negative_for_q_next_to_p(p, log10_size, noise):
    # q = p (1 + eps u), renormalised: the terms nearly cancel, round-off must not push KL below 0
    eps = 10.0**log10_size
    weights = p * (1 + eps * np.asarray(noise[: p.shape[0]]))
    q = weights / weights.sum()
    kl = kl_divergence(p, q)
    assert kl >= 0.0
    assert kl_divergence(q, p) >= 0.0
    assert kl_divergence(p, q, base=2) >= 0.0
    # to second order KL(P||Q) = (1/2) sum (q - p)^2 / p, within O(eps) relatively, up to round-off
    chi_square = 0.5 * float(np.sum(np.divide((q - p) ** 2, p, out=np.zeros_like(p), where=p > 0)))
    assert kl == pytest.approx(chi_square, rel=5 * eps, abs=1e-15)


@given(pmf_pairs(zeros=False))
def test_kl_is_positive_when_p_differs_from_q(pair):
    p, q = pair
    if np.max(np.abs(p - q)) > 1e-6:
        assert kl_divergence(p, q) > 0.0


@given(pmf_pairs(), st.sampled_from([None, 2, 10]))
def test_cross_entropy_is_entropy_plus_kl(pair, base):
    p, q = pair
    d = decompose(p, q, base=base)
    if math.isinf(d.cross_entropy):
        assert math.isinf(d.kl_divergence)
    else:
        assert d.entropy + d.kl_divergence == pytest.approx(d.cross_entropy, rel=1e-12, abs=1e-15)


@given(pmfs(max_size=30))
def test_entropy_is_at_most_log_k(p):
    assert 0.0 <= entropy(p) <= math.log(len(p)) * (1 + 1e-12)


@given(pmf_pairs(), st.floats(1.5, 20))
def test_change_of_base(pair, base):
    p, q = pair
    assert entropy(p, base=base) == pytest.approx(entropy(p) / math.log(base), rel=1e-12, abs=1e-15)
    kl = kl_divergence(p, q)
    if math.isfinite(kl):
        assert kl_divergence(p, q, base=base) == pytest.approx(kl / math.log(base), rel=1e-12)


@given(pmf_pairs(zeros=False))
def test_pinsker_inequality(pair):
    p, q = pair
    total_variation = 0.5 * np.abs(p - q).sum()
    assert total_variation <= math.sqrt(kl_divergence(p, q) / 2) + 1e-12
