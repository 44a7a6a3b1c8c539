"""The one sampler of the lessons: reproducible from a seed, with the moments of its P."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import preset_distribution
from core.continuous import GaussianMixture
from core.sampling import (
    BIMODAL_WIDTH,
    ClassifierData,
    bimodal_mixture,
    draw_bernoulli,
    draw_categorical,
    draw_clusters,
    draw_mixture,
    draw_outcomes,
    draw_sample,
)


@given(st.integers(0, 10_000))
def test_draws_are_reproducible_from_the_seed(seed):
    assert np.array_equal(draw_bernoulli(0.3, 50, seed), draw_bernoulli(0.3, 50, seed))
    a, b = draw_categorical([0.2, 0.8], 50, seed), draw_categorical([0.2, 0.8], 50, seed)
    assert np.array_equal(a, b)
    assert set(np.unique(a)) <= {1.0, 2.0}


def test_draws_refuse_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        draw_bernoulli(1.5, 10, 1)
    with pytest.raises(ValueError, match="sample size"):
        draw_categorical([0.5, 0.5], 0, 1)


def test_sampling_is_reproducible_and_has_the_mixture_moments():
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    x = draw_mixture(p, 200_000, seed=1)
    assert x.shape == (200_000,)
    np.testing.assert_array_equal(x, draw_mixture(p, 200_000, seed=np.random.default_rng(1)))
    standard_error = p.standard_deviation / math.sqrt(x.size)
    assert abs(x.mean() - p.mean) < 5 * standard_error
    assert x.var() == pytest.approx(p.variance, rel=0.02)


def test_draws_of_a_mixture_refuse_a_size_that_is_not_a_whole_number():
    for n in (0, 2.5):
        with pytest.raises(ValueError, match="`n` must be a positive whole number"):
            draw_mixture(GaussianMixture([1.0], [0.0], [1.0]), n, seed=None)


def test_the_bimodal_p_has_the_lessons_one_width():
    p = bimodal_mixture(5.0, 0.25)
    assert p.means.tolist() == [-2.5, 2.5]
    assert p.weights.tolist() == [0.25, 0.75]
    assert p.sigmas.tolist() == [BIMODAL_WIDTH] * 2


def test_a_generated_sample_is_the_draws_of_its_p_under_its_labels():
    coin, truth = draw_sample("coin", 500, 3, p=0.3)
    assert coin.tolist() == np.where(draw_bernoulli(0.3, 500, 3) == 1, "H", "T").tolist()
    assert truth.probabilities.tolist() == [0.3, 0.7] and truth.discrete
    die, truth = draw_sample("die", 500, 3, die="loaded")
    faces = draw_categorical(preset_distribution("loaded", 6), 500, 3)
    assert die.astype(float).tolist() == faces.tolist()
    assert truth.outcomes.tolist() == list("123456")
    bimodal, truth = draw_sample("bimodal", 500, 3, separation=6.0, weight=0.4)
    np.testing.assert_array_equal(bimodal, draw_mixture(bimodal_mixture(6.0, 0.4), 500, 3))
    assert not truth.discrete
    assert not bimodal.flags.writeable


def test_an_unknown_generator_is_refused():
    with pytest.raises(ValueError, match="unknown generator"):
        draw_sample("dice", 10, 1)


def test_generation_is_replayable_by_its_seed():
    first, _ = draw_sample("gaussian", 1000, 42)
    again, _ = draw_sample("gaussian", 1000, 42)
    other, _ = draw_sample("gaussian", 1000, 43)
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert not first.flags.writeable


def test_generated_data_follows_p():
    coin, truth = draw_sample("coin", 100_000, 1, p=0.3)
    assert truth.outcomes.tolist() == ["H", "T"]
    assert np.mean(coin == "H") == pytest.approx(0.3, abs=0.01)
    die, truth = draw_sample("die", 60_000, 1, die="loaded")
    assert np.mean(die == "6") == pytest.approx(truth.probabilities[5], abs=0.01)
    mixture, truth = draw_sample("bimodal", 100_000, 1, separation=6.0, weight=0.25)
    assert np.mean(mixture < 0) == pytest.approx(0.25, abs=0.01)
    with pytest.raises(ValueError, match="unknown"):
        draw_sample("cauchy", 10, 1)


def test_outcomes_are_indices_drawn_as_the_coin_and_the_die_are():
    tosses = draw_outcomes([0.7, 0.3], 8, seed=1, coin=True)
    heads = draw_bernoulli(0.7, 8, seed=1)  # 1.0 is heads, outcome 0
    assert tosses.tolist() == [0 if h == 1.0 else 1 for h in heads]
    rolls = draw_outcomes([0.1, 0.2, 0.7], 50, seed=2)
    assert (rolls + 1).tolist() == draw_categorical([0.1, 0.2, 0.7], 50, seed=2).tolist()
    shares = np.bincount(draw_outcomes([0.2, 0.8], 100_000, seed=3), minlength=2) / 100_000
    assert shares == pytest.approx([0.2, 0.8], abs=0.01)
    with pytest.raises(ValueError, match="a coin has two outcomes"):
        draw_outcomes([0.2, 0.3, 0.5], 3, seed=1, coin=True)


# The classifier lesson's clusters -----------------------------------------------------------------


def test_draw_clusters_is_reproducible_balanced_and_split():
    a = draw_clusters(300, classes=3, seed=7)
    b = draw_clusters(300, classes=3, seed=7)
    np.testing.assert_array_equal(a.points, b.points)
    assert a.points.shape == a.held_out_points.shape == (300, 2)
    counts = np.bincount(np.concatenate([a.labels, a.held_out_labels]))
    assert counts.tolist() == [200, 200, 200]
    assert not np.array_equal(a.points, draw_clusters(300, classes=3, seed=8).points)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: draw_clusters(0), "`n` must be a positive whole number"),
        (lambda: draw_clusters(10, classes=11), "`classes` must be from 2 to 10"),
        (lambda: draw_clusters(10, classes=2.5), "`classes` must be a whole number"),
        (lambda: draw_clusters(10, spread="tight"), "`spread` must be one of"),
    ],
)
def test_draw_clusters_refuses_with_a_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_classifier_data_is_a_frozen_record():
    data = draw_clusters(5, classes=2)
    assert isinstance(data, ClassifierData)
    with pytest.raises(AttributeError):
        data.classes = 3
