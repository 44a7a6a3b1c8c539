"""The die: presets, the path of models from Q to P, per-outcome terms, the URL text form."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from core import (
    MAX_OUTCOMES,
    MIN_OUTCOMES,
    PRESETS,
    check_distribution,
    cross_entropy,
    cross_entropy_terms,
    entropy,
    entropy_terms,
    format_distribution,
    kl_divergence,
    model_path,
    parse_distribution,
    preset_distribution,
)
from tests.core.strategies import pmf_pairs, pmfs

ALL_K = range(MIN_OUTCOMES, MAX_OUTCOMES + 1)


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("k", ALL_K)
def test_every_preset_is_a_distribution_for_every_k(name, k):
    p = preset_distribution(name, k)
    assert p.shape == (k,)
    assert np.all(p > 0)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    entropy(p)  # the measures accept it


@pytest.mark.parametrize("k", ALL_K)
def test_presets_have_their_shapes(k):
    uniform = preset_distribution("uniform", k)
    assert entropy(uniform) == pytest.approx(math.log(k), rel=1e-12)
    zipf = preset_distribution("zipf", k)
    np.testing.assert_allclose(zipf[0] / zipf, np.arange(1, k + 1), rtol=1e-12)
    loaded = preset_distribution("loaded", k)
    np.testing.assert_allclose(loaded[:-1], 1 / (k + 2), rtol=1e-12)
    assert loaded[-1] == pytest.approx(3 / (k + 2), rel=1e-12)
    peaked = preset_distribution("peaked", k)
    mode = (k - 1) // 2
    assert np.argmax(peaked) == mode
    assert np.all(np.diff(peaked[: mode + 1]) > 0) and np.all(np.diff(peaked[mode:]) < 0)
    # Only the uniform preset reaches the largest entropy.
    for other in (zipf, loaded, peaked):
        assert entropy(other) < math.log(k) - 1e-6


def test_peaked_preset_reference_values():
    # weights 0.4^|k-2| for K = 5: 0.16, 0.4, 1, 0.4, 0.16 (total 2.12)
    np.testing.assert_allclose(
        preset_distribution("peaked", 5), np.array([0.16, 0.4, 1.0, 0.4, 0.16]) / 2.12
    )


@pytest.mark.parametrize(
    ("name", "k", "message"),
    [
        ("gaussian", 6, "unknown preset 'gaussian'"),
        ("uniform", 1, "`k` must be from 2 to 20 outcomes, not 1"),
        ("uniform", 21, "`k` must be from 2 to 20 outcomes, not 21"),
        ("uniform", 6.0, "`k` must be a whole number"),
        ("uniform", True, "`k` must be a whole number"),
    ],
)
def test_preset_refusals(name, k, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        preset_distribution(name, k)


@given(pmf_pairs(max_size=8))
def test_the_path_runs_from_q_to_p_and_kl_falls_to_zero(pair):
    p, q = pair
    t = np.linspace(0, 1, 41)
    models = model_path(p, q, t)
    assert models.shape == (41, p.size)
    np.testing.assert_allclose(models[0], q, atol=1e-15)
    np.testing.assert_allclose(models[-1], p, atol=1e-15)
    np.testing.assert_allclose(models.sum(axis=-1), 1.0, atol=1e-12)
    kl = kl_divergence(p, models)
    assert kl[-1] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.isfinite(kl[1:]))  # Q_t covers P's support once t > 0
    # KL is convex in Q and 0 at t = 1, so along the path it never rises.
    assert np.all(np.diff(kl[1:]) <= 1e-9)
    np.testing.assert_allclose(cross_entropy(p, models)[-1], entropy(p), rtol=1e-9, atol=1e-12)


def test_the_path_at_a_single_t_is_one_model():
    assert model_path([0.2, 0.8], [0.6, 0.4], 0.25).tolist() == pytest.approx([0.5, 0.5])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: model_path([0.5, 0.5], [0.5, 0.5], [0.5, 1.5]), "`t` must lie between 0 and 1"),
        (lambda: model_path([0.5, 0.5], [0.5, 0.5], "half"), "`t` must contain numbers only"),
        (lambda: model_path([0.5, 0.5], [0.2, 0.3, 0.5], 0.5), "`p` has 2 outcomes but `q` has 3"),
        (lambda: model_path([0.5, 0.6], [0.5, 0.5], 0.5), "`p` sums to 1.1, not 1"),
    ],
)
def test_path_refusals(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


@given(pmf_pairs(), st.sampled_from([None, 2]))
def test_terms_sum_to_the_measures(pair, base):
    p, q = pair
    assert entropy_terms(p, base=base).sum() == pytest.approx(
        stats.entropy(p, base=base), rel=1e-9, abs=1e-12
    )
    total = cross_entropy_terms(p, q, base=base).sum()
    expected = cross_entropy(p, q, base=base)
    assert total == expected if math.isinf(expected) else total == pytest.approx(expected)


def test_terms_reference_values():
    # -0.3 log2 0.8 = 0.0965784; -0.7 log2 0.2 = 1.6253497
    np.testing.assert_allclose(
        cross_entropy_terms([0.3, 0.7], [0.8, 0.2], base=2), [0.0965784285, 1.6253496664]
    )
    assert cross_entropy_terms([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]).tolist() == [0.0, math.inf, 0.0]
    assert entropy_terms([1.0, 0.0]).tolist() == [0.0, 0.0]


@given(pmfs(max_size=MAX_OUTCOMES))
def test_the_url_form_reads_back_as_the_same_distribution(p):
    text = format_distribution(p)
    assert " " not in text and len(text.split(",")) == p.size
    back = parse_distribution(text, k=p.size)
    np.testing.assert_allclose(back, p, rtol=1e-5, atol=0)
    assert back.sum() == pytest.approx(1.0, abs=1e-12)
    entropy(back)  # accepted by the measures without normalising by hand


def test_the_url_form_is_short_and_exact_for_short_numbers():
    assert format_distribution([0.1, 0.2, 0.7]) == "0.1,0.2,0.7"
    assert format_distribution([0.0, 1.0]) == "0,1"
    assert parse_distribution(" 0.25 , 0.75 ").tolist() == [0.25, 0.75]
    assert parse_distribution("0,1").tolist() == [0.0, 1.0]


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {}, "`p` is empty"),
        ("0.5,half", {}, "`p` entry 2 (half) is not a number"),
        ("0.5,,0.5", {}, "`p` entry 2 (an empty entry) is not a number"),
        ("0.5,nan", {}, "`p` entry 2 is not a finite number"),
        ("1.5,-0.5", {"name": "q"}, "`q` entry 2 (-0.5) is negative"),
        ("1", {}, "`p` has 1 entries: a die here has 2 to 20 faces"),
        (",".join(["0.04"] * 25), {}, "`p` has 25 entries"),
        ("0.5,0.5", {"k": 3}, "`p` has 2 entries but K = 3"),
        ("0.333,0.333,0.333", {}, "`p` sums to 0.999, not 1"),
        ("1,1,2", {}, "`p` sums to 4, not 1"),
    ],
)
def test_parse_refusals(text, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_distribution(text, **kwargs)


def test_check_distribution_passes_a_distribution_and_names_what_is_wrong():
    assert check_distribution([0.25, 0.75], "q").tolist() == [0.25, 0.75]
    with pytest.raises(ValueError, match=re.escape("`q` sums to 4, not 1; use `normalize`")):
        check_distribution([1, 1, 2], "q")
    with pytest.raises(ValueError, match=re.escape("`p` has a negative probability")):
        check_distribution([1.5, -0.5])
    with pytest.raises(ValueError, match=re.escape("`p` must be one probability vector")):
        check_distribution([[0.5, 0.5], [0.5, 0.5]])


@given(pmfs(), st.data())
def test_with_probability_sets_one_outcome_and_keeps_the_others_ratios(p, data):
    from core import with_probability

    index = data.draw(st.integers(0, p.size - 1))
    values = np.linspace(0, 1, 11)
    family = with_probability(p, index, values)
    assert family.shape == (11, p.size)
    np.testing.assert_allclose(family.sum(axis=-1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(family[:, index], values)
    others = np.delete(p, index)
    for row, v in zip(family, values, strict=True):
        rest = np.delete(row, index)
        if others.sum() > 0:
            np.testing.assert_allclose(rest, others / others.sum() * (1 - v), atol=1e-12)
        else:  # the outcome had everything: the rest is shared equally
            np.testing.assert_allclose(rest, (1 - v) / (p.size - 1), atol=1e-12)
        check_distribution(row)


def test_with_probability_refuses_what_is_not_a_bar_or_a_probability():
    from core import with_probability

    with pytest.raises(ValueError, match="`index` must be a whole number from 0 to 2"):
        with_probability([0.2, 0.3, 0.5], 3, 0.5)
    with pytest.raises(ValueError, match="`index` must be a whole number"):
        with_probability([0.2, 0.3, 0.5], True, 0.5)
    with pytest.raises(ValueError, match="`values` must lie between 0 and 1"):
        with_probability([0.2, 0.3, 0.5], 0, [0.5, 1.2])
    with pytest.raises(ValueError, match="`p` sums to"):
        with_probability([0.2, 0.3, 0.6], 0, 0.5)
