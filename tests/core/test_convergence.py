"""As n grows: the average NLL of a fixed model against its limit H(P,Q), and KL(P̂ₙ‖P) against
direct computation and its large-n expectation (K − 1)/(2n)."""

from __future__ import annotations

import numpy as np
import pytest

from core import (
    Model,
    average_negative_log_likelihood,
    cross_entropy,
    distance_to_truth,
    draw_sample,
    gaussian_cross_entropy,
    growth_curves,
    growth_sizes,
    kl_divergence,
    mixture_cross_entropy,
    model_probabilities,
    per_sample_loss,
    summarise_sample,
    true_cross_entropy,
)

#: Sample sizes per curve.
POINTS = 60


def test_growth_sizes_are_log_spaced_and_end_at_n():
    sizes = growth_sizes(1_000_000, points=POINTS)
    assert sizes[0] == 1 and sizes[-1] == 1_000_000
    assert np.all(np.diff(sizes) > 0) and len(sizes) <= POINTS
    assert growth_sizes(1, points=POINTS).tolist() == [1]


def test_growth_curves_of_a_die_against_direct_computation():
    values, truth = draw_sample("die", 20_000, 11, die="zipf")
    s = summarise_sample(values, support=truth.outcomes)
    model = Model("shrink", weight=0.3)
    loss = per_sample_loss(values, s, model)
    distance = distance_to_truth(values, truth, points=POINTS)
    curves = growth_curves(loss, truth, s, model, distance)
    q = model_probabilities(s, model)
    for i in (0, len(curves.n) // 2, -1):
        n = int(curves.n[i])
        first = values[:n]
        p_hat_n = np.array([np.mean(first == face) for face in truth.outcomes])
        assert curves.kl_to_truth[i] == pytest.approx(
            kl_divergence(p_hat_n, truth.probabilities), rel=1e-10, abs=1e-15
        )
        assert curves.average_nll[i] == pytest.approx(
            average_negative_log_likelihood(first, truth.outcomes, q), rel=1e-10
        )
    assert curves.true_cross_entropy == pytest.approx(cross_entropy(truth.probabilities, q))
    assert curves.expected_kl[-1] == pytest.approx(5 / (2 * 20_000))
    # the law of large numbers, on this seed: the last average is near its limit
    assert curves.average_nll[-1] == pytest.approx(curves.true_cross_entropy, abs=0.02)


def test_growth_of_a_mixture_sample_closes_in_on_p():
    values, truth = draw_sample("bimodal", 200_000, 5, separation=5.0, weight=0.4)
    s = summarise_sample(values)
    model = Model("gaussian", mu=0.5, sigma=2.0)
    distance = distance_to_truth(values, truth, base=2, points=POINTS)
    curves = growth_curves(per_sample_loss(values, s, model), truth, s, model, distance, base=2)
    assert curves.true_cross_entropy == pytest.approx(
        mixture_cross_entropy(truth.mixture, 0.5, 2.0, base=2)
    )
    assert curves.kl_to_truth[-1] < curves.kl_to_truth[10] / 100
    # KL(P̂ₙ‖P) over the bins is about (K − 1)/(2n) for large n
    assert curves.kl_to_truth[-1] == pytest.approx(curves.expected_kl[-1], rel=0.5)
    assert curves.average_nll[-1] == pytest.approx(curves.true_cross_entropy, abs=0.01)


def test_true_cross_entropy_of_a_gaussian():
    values, truth = draw_sample("gaussian", 100, 1, mu=1.0, sigma=2.0)
    s = summarise_sample(values)
    model = Model("gaussian", mu=0.0, sigma=1.5)
    assert true_cross_entropy(truth, s, model) == pytest.approx(
        gaussian_cross_entropy(1.0, 2.0, 0.0, 1.5)
    )
