"""The classifier's loss: softmax against scipy, the identity H(P,Q) = H(P) + KL to 1e-12, extreme
logits, the gradient against finite differences, the training path, and every refusal."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from core import (
    classifier_loss,
    cross_entropy,
    draw_clusters,
    entropy,
    kl_divergence,
    level_lines,
    log_softmax,
    log_sum_exp,
    logit_family,
    loss_along_logit,
    loss_gradient,
    parse_logits,
    region_polygon,
    smoothed_target,
    softmax,
    train_classifier,
)
from tests.core.strategies import pmfs

logit_vectors = st.integers(2, 10).flatmap(
    lambda k: st.lists(st.floats(-50.0, 50.0), min_size=k, max_size=k)
)
temperatures = st.floats(0.05, 20.0)
smoothings = st.one_of(st.just(0.0), st.floats(1e-6, 0.99))  # no subnormal ε
bases = st.sampled_from([None, 2, 10])


# Softmax ------------------------------------------------------------------------------------------


@given(logit_vectors, temperatures)
def test_softmax_and_log_softmax_match_scipy(logits, temperature):
    z = np.asarray(logits) / temperature
    np.testing.assert_allclose(
        softmax(logits, temperature=temperature), special.softmax(z), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        log_softmax(logits, temperature=temperature),
        special.log_softmax(z),
        rtol=1e-12,
        atol=1e-12,
    )
    assert log_sum_exp(z) == pytest.approx(special.logsumexp(z), rel=1e-13, abs=1e-13)


def test_softmax_broadcasts_over_leading_axes():
    logits = np.arange(24.0).reshape(2, 3, 4) % 5
    np.testing.assert_allclose(softmax(logits), special.softmax(logits, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(log_sum_exp(logits), special.logsumexp(logits, axis=-1), rtol=1e-14)


def test_temperature_flattens_and_sharpens():
    logits = [2.0, 1.0, 0.1]
    hot, cold = softmax(logits, temperature=100.0), softmax(logits, temperature=0.01)
    np.testing.assert_allclose(hot, 1 / 3, atol=0.01)
    np.testing.assert_allclose(cold, [1.0, 0.0, 0.0], atol=1e-12)


def test_softmax_inverts_the_log_of_a_distribution():
    # log_softmax of log P is log P: softmax inverts the logarithm of a distribution
    p = np.array([0.1, 0.2, 0.3, 0.4])
    np.testing.assert_allclose(softmax(np.log(p)), p, rtol=1e-14)


# The target ---------------------------------------------------------------------------------------


@given(
    st.integers(2, 10).flatmap(lambda k: st.tuples(st.just(k), st.integers(0, k - 1))), smoothings
)
def test_smoothed_target_is_a_distribution_with_the_label_on_top(k_label, eps):
    k, label = k_label
    p = smoothed_target(label, k, smoothing=eps)
    assert p.sum() == pytest.approx(1.0, abs=1e-15)
    assert p[label] == pytest.approx(1 - eps + eps / k, abs=1e-15)
    assert int(np.argmax(p)) == label
    # its entropy is the floor: 0 for one-hot, positive with smoothing
    assert (entropy(p) == 0.0) == (eps == 0.0)


def test_smoothed_target_of_several_labels():
    np.testing.assert_array_equal(smoothed_target([2, 0], 3), [[0, 0, 1], [1, 0, 0]])


# The identity -------------------------------------------------------------------------------------


@given(logit_vectors.flatmap(lambda z: st.tuples(st.just(z), st.integers(0, len(z) - 1))))
@pytest.mark.parametrize("base", [None, 2])
def test_one_hot_loss_is_kl_and_minus_log_q_label(base, logits_label):
    logits, label = logits_label
    loss = classifier_loss(logits, label, base=base)
    d = loss.decomposition
    divisor = 1.0 if base is None else math.log(base)
    expected = -special.log_softmax(np.asarray(logits))[label] / divisor
    assert d.entropy == 0.0
    assert d.cross_entropy == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert d.kl_divergence == pytest.approx(expected, rel=1e-12, abs=1e-12)


@given(
    logit_vectors.flatmap(lambda z: st.tuples(st.just(z), st.integers(0, len(z) - 1))),
    temperatures,
    smoothings,
    bases,
)
def test_loss_is_entropy_plus_kl_to_1e_12(logits_label, temperature, eps, base):
    logits, label = logits_label
    loss = classifier_loss(logits, label, temperature=temperature, smoothing=eps, base=base)
    d = loss.decomposition
    scale = max(1.0, abs(d.cross_entropy))
    assert abs(d.entropy + d.kl_divergence - d.cross_entropy) <= 1e-12 * scale
    assert d.kl_divergence >= 0
    # the per-class terms sum to their totals
    assert loss.cross_entropy_terms.sum() == pytest.approx(d.cross_entropy, rel=1e-12, abs=1e-12)
    assert loss.kl_terms.sum() == pytest.approx(d.kl_divergence, rel=1e-12, abs=1e-12)
    assert loss.entropy_terms.sum() == pytest.approx(d.entropy, rel=1e-12, abs=1e-12)


@given(pmfs(min_size=2, max_size=10, zeros=False), temperatures, smoothings, bases)
def test_loss_agrees_with_cores_measures(q, temperature, eps, base):
    # logits T·log q give the model q at temperature T; the loss is core's H(P,Q), H(P), KL
    logits = temperature * np.log(q)
    label = int(np.argmin(q))
    loss = classifier_loss(logits, label, temperature=temperature, smoothing=eps, base=base)
    np.testing.assert_allclose(loss.probabilities, q, rtol=1e-12)
    d = loss.decomposition
    p = smoothed_target(label, q.size, smoothing=eps)
    assert d.cross_entropy == pytest.approx(cross_entropy(p, q, base=base), rel=1e-12, abs=1e-12)
    assert d.entropy == pytest.approx(entropy(p, base=base), rel=1e-12, abs=1e-14)
    assert d.kl_divergence == pytest.approx(kl_divergence(p, q, base=base), rel=1e-9, abs=1e-12)


def test_the_issues_example():
    d = classifier_loss([2.0, 1.0, 0.1], 0).decomposition
    assert round(d.cross_entropy, 4) == 0.4170
    assert d.entropy == 0.0
    assert d.kl_divergence == d.cross_entropy
    assert d.unit == "nats"


def test_a_batch_of_examples_gives_one_loss_each():
    logits = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]])
    d = classifier_loss(logits, [0, 2]).decomposition
    np.testing.assert_allclose(d.cross_entropy, [0.41703001627783354, math.log(3)], rtol=1e-14)


# Extreme logits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logits", "label", "nats"),
    [
        ([1000.0, 0.0, 0.0], 1, 1000.0),
        ([1000.0, 0.0, 0.0], 0, 0.0),
        ([-1000.0, 1000.0], 0, 2000.0),
        ([1e300, -1e300], 1, 2e300),
        ([-5000.0, -5000.0, -5000.0], 2, math.log(3)),
    ],
)
def test_extreme_logits_give_finite_losses_without_warnings(logits, label, nats):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = classifier_loss(logits, label)
        bits = classifier_loss(logits, label, base=2).loss
        gradient = loss_gradient(logits, label)
    assert loss.loss == pytest.approx(nats, rel=1e-15)
    assert bits == pytest.approx(nats / math.log(2), rel=1e-15)
    assert np.all(np.isfinite(loss.log_probabilities))
    assert np.all(np.isfinite(gradient))
    assert loss.decomposition.kl_divergence == pytest.approx(nats, rel=1e-15)


def test_the_issues_extreme_example_in_bits():
    assert round(classifier_loss([1000.0, 0.0, 0.0], 1, base=2).loss, 1) == 1442.7


def test_smoothing_with_extreme_logits_stays_finite():
    loss = classifier_loss([1000.0, 0.0, 0.0], 0, smoothing=0.3)
    # two wrong classes carry 0.1 each of the target at log q = -1000
    assert loss.loss == pytest.approx(0.2 * 1000.0, rel=1e-12)
    assert loss.decomposition.entropy == pytest.approx(
        -(0.8 * math.log(0.8) + 0.2 * math.log(0.1)), rel=1e-14
    )


# The gradient -------------------------------------------------------------------------------------


@given(
    logit_vectors.flatmap(lambda z: st.tuples(st.just(z), st.integers(0, len(z) - 1))),
    st.floats(0.2, 5.0),
    smoothings,
)
def test_gradient_matches_finite_differences(logits_label, temperature, eps):
    logits, label = logits_label
    z = np.asarray(logits)
    h = 1e-5

    def loss(v):
        return classifier_loss(v, label, temperature=temperature, smoothing=eps).loss

    numeric = np.array([(loss(z + h * e) - loss(z - h * e)) / (2 * h) for e in np.eye(z.size)])
    analytic = loss_gradient(z, label, temperature=temperature, smoothing=eps)
    np.testing.assert_allclose(analytic, numeric, atol=1e-6)
    assert analytic.sum() == pytest.approx(0.0, abs=1e-12)  # a shift of every logit changes nothing


def test_gradient_in_bits_is_the_nats_gradient_over_log_2():
    nats = loss_gradient([2.0, 1.0, 0.1], 0)
    np.testing.assert_allclose(loss_gradient([2.0, 1.0, 0.1], 0, base=2), nats / math.log(2))


# The curve over one logit -------------------------------------------------------------------------


def test_loss_along_logit_passes_through_the_example_and_falls_to_the_floor():
    values = np.linspace(-10.0, 30.0, 81)
    curve = loss_along_logit([2.0, 1.0, 0.1], 0, index=0, values=values, smoothing=0.1)
    at_two = int(np.argmin(np.abs(values - 2.0)))
    loss = classifier_loss([2.0, 1.0, 0.1], 0, smoothing=0.1).decomposition
    assert curve.cross_entropy[at_two] == pytest.approx(loss.cross_entropy, rel=1e-14)
    np.testing.assert_allclose(
        curve.cross_entropy, curve.entropy + curve.kl_divergence, rtol=1e-12, atol=1e-12
    )
    assert curve.entropy == pytest.approx(loss.entropy, rel=1e-14)
    # with smoothing, a huge logit over-shoots the target: the loss is lowest at a finite logit
    lowest = int(np.argmin(curve.cross_entropy))
    assert 0 < lowest < values.size - 1
    assert np.all(np.diff(curve.cross_entropy[lowest:]) > 0)


def test_loss_along_a_wrong_logit_rises():
    curve = loss_along_logit([2.0, 1.0, 0.1], 0, index=1, values=np.linspace(-5, 5, 11))
    assert np.all(np.diff(curve.cross_entropy) > 0)


def test_a_logit_family_moves_one_logit_and_holds_the_others():
    family = logit_family([2.0, 1.0, 0.1], index=1, values=[-3.0, 0.5, 7.0])
    assert family.tolist() == [[2.0, -3.0, 0.1], [2.0, 0.5, 0.1], [2.0, 7.0, 0.1]]
    # several vectors at once: one family each, on a new second-to-last axis
    two = logit_family([[2.0, 1.0], [0.0, 4.0]], index=0, values=[1.0, 2.0, 3.0])
    assert two.shape == (2, 3, 2)
    assert two[1, :, 1].tolist() == [4.0, 4.0, 4.0] and two[1, :, 0].tolist() == [1.0, 2.0, 3.0]


def test_curves_of_several_logit_vectors_are_each_vectors_curve():
    vectors = np.array([[2.0, 1.0, 0.1], [2.0, -4.0, 0.1], [0.0, 9.0, -2.0]])
    values = np.linspace(-10.0, 10.0, 21)
    options = {"index": 0, "values": values, "temperature": 0.7, "smoothing": 0.2, "base": 2}
    curves = loss_along_logit(vectors, 0, **options)
    assert curves.cross_entropy.shape == (3, 21)
    for row, vector in enumerate(vectors):
        one = loss_along_logit(vector, 0, **options)
        np.testing.assert_allclose(curves.cross_entropy[row], one.cross_entropy, rtol=1e-14)
        np.testing.assert_allclose(curves.kl_divergence[row], one.kl_divergence, rtol=1e-14)
        # and against scipy: −Σ p log q with q = softmax(z / T)
        p = smoothed_target(0, 3, smoothing=0.2)
        family = np.repeat(vector[np.newaxis], values.size, axis=0)
        family[:, 0] = values
        expected = -(p * special.log_softmax(family / 0.7, axis=-1)).sum(axis=-1) / math.log(2)
        np.testing.assert_allclose(one.cross_entropy, expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda: logit_family([1.0, 2.0], index=2, values=[0.0]), "`index` must be from 0 to 1"),
        (lambda: logit_family([1.0, 2.0], index=0, values=[[0.0]]), "`values` must be one list"),
        (
            lambda: logit_family(3.0, index=0, values=[0.0]),
            "`logits` must be a vector with one logit per class",
        ),
        (lambda: logit_family([1.0, 2.0], index=0, values=[math.inf]), "`values`"),
    ],
)
def test_a_logit_family_refuses_what_it_cannot_build(call, says):
    with pytest.raises(ValueError, match=says):
        call()


# Data and training --------------------------------------------------------------------------------


def test_overlapping_clusters_are_harder_than_separable_ones():
    separable = train_classifier(draw_clusters(300, classes=3, seed=1), steps=60)
    overlapping = train_classifier(
        draw_clusters(300, classes=3, spread="overlapping", seed=1), steps=60
    )
    assert separable.train_accuracy[-1] > 0.99
    assert overlapping.train_accuracy[-1] < separable.train_accuracy[-1]
    assert overlapping.train.cross_entropy[-1] > separable.train.cross_entropy[-1]


@pytest.mark.parametrize("spread", ["separable", "overlapping"])
@pytest.mark.parametrize("classes", [2, 3])
@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_training_loss_never_increases_and_only_kl_falls(spread, classes, eps):
    data = draw_clusters(300, classes=classes, spread=spread, seed=3)
    path = train_classifier(data, steps=60, smoothing=eps)
    train = path.train
    assert train.cross_entropy[0] == pytest.approx(math.log(classes), rel=1e-14)
    assert np.all(np.diff(train.cross_entropy) <= 1e-15)
    np.testing.assert_allclose(
        train.cross_entropy, train.entropy + train.kl_divergence, rtol=1e-12, atol=1e-12
    )
    floor = entropy(smoothed_target(0, classes, smoothing=eps))
    assert train.entropy == pytest.approx(floor, rel=1e-14, abs=1e-15)
    assert np.all(train.cross_entropy >= floor)


def test_a_small_step_never_increases_the_loss_either():
    data = draw_clusters(100, classes=3, spread="overlapping", seed=5)
    path = train_classifier(data, steps=100, step_size=0.05)
    assert np.all(np.diff(path.train.cross_entropy) <= 0)
    assert path.step_size == 0.05


def test_path_numbers_are_the_loss_of_each_steps_model():
    data = draw_clusters(50, classes=3, spread="overlapping", seed=2)
    path = train_classifier(data, steps=10, smoothing=0.1, base=2)
    for t in (0, 4, 10):
        logits = data.held_out_points @ path.weights[t] + path.biases[t]
        d = classifier_loss(logits, data.held_out_labels, smoothing=0.1, base=2).decomposition
        assert path.held_out.cross_entropy[t] == pytest.approx(np.mean(d.cross_entropy), rel=1e-12)
        accuracy = np.mean(np.argmax(logits, axis=1) == data.held_out_labels)
        assert path.held_out_accuracy[t] == accuracy
    assert path.unit == "bits"


def test_the_training_gradient_matches_finite_differences():
    # the step W_{t+1} - W_t is -η times the gradient of the average loss at W_t
    data = draw_clusters(40, classes=3, spread="overlapping", seed=9)
    path = train_classifier(data, steps=3, step_size=0.1, smoothing=0.1)
    w, b = path.weights[2], path.biases[2]

    def average_loss(w, b):
        logits = data.points @ w + b
        return float(np.mean(classifier_loss(logits, data.labels, smoothing=0.1).loss))

    h = 1e-6
    numeric = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[index] = h
        numeric[index] = (average_loss(w + e, b) - average_loss(w - e, b)) / (2 * h)
    np.testing.assert_allclose((w - path.weights[3]) / 0.1, numeric, atol=1e-7)


def test_decision_regions_are_the_most_probable_class_on_the_grid():
    data = draw_clusters(100, classes=3, seed=4)
    path = train_classifier(data, steps=20, grid_points=11)
    assert path.predicted.shape == path.confidence.shape == (21, 11, 11)
    # step 0 is the uniform model: no class is preferred anywhere
    np.testing.assert_allclose(path.confidence[0], 1 / 3, rtol=1e-14)
    i, j = 3, 7
    point = np.array([path.grid_x[j], path.grid_y[i]])
    q = softmax(point @ path.weights[-1] + path.biases[-1])
    assert path.predicted[-1, i, j] == int(np.argmax(q))
    assert path.confidence[-1, i, j] == pytest.approx(q.max(), rel=1e-12)
    # every point lies inside the grid
    every = np.concatenate([data.points, data.held_out_points])
    assert path.grid_x[0] < every[:, 0].min() and path.grid_x[-1] > every[:, 0].max()
    assert path.grid_y[0] < every[:, 1].min() and path.grid_y[-1] > every[:, 1].max()


# Regions and level lines --------------------------------------------------------------------------


@given(st.integers(0, 2**32 - 1), st.integers(2, 5))
def test_region_polygons_hold_exactly_the_points_their_class_wins(seed, k):
    rng = np.random.default_rng(seed)
    weights, biases = rng.normal(size=(2, k)), rng.normal(size=k)
    box = (-3.0, 3.0, -2.0, 2.0)
    points = rng.uniform([-3, -2], [3, 2], size=(400, 2))
    winner = np.argmax(points @ weights + biases, axis=1)
    areas = []
    for c in range(k):
        polygon = region_polygon(weights, biases, c, box)
        inside = _inside_convex(points, polygon)
        np.testing.assert_array_equal(inside, winner == c)
        areas.append(_area(polygon))
    assert sum(areas) == pytest.approx(6.0 * 4.0, rel=1e-9)  # the regions tile the box


def _inside_convex(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    if len(polygon) < 3:
        return np.zeros(len(points), dtype=bool)
    edges = np.roll(polygon, -1, axis=0) - polygon
    relative = points[:, None, :] - polygon[None, :, :]
    cross = edges[None, :, 0] * relative[:, :, 1] - edges[None, :, 1] * relative[:, :, 0]
    return np.all(cross >= 0, axis=1) | np.all(cross <= 0, axis=1)


def _area(polygon: np.ndarray) -> float:
    if len(polygon) < 3:
        return 0.0
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def test_a_class_tied_everywhere_has_no_region():
    assert region_polygon(np.zeros((2, 3)), np.zeros(3), 0, (0, 1, 0, 1)).shape == (0, 2)


def test_level_lines_lie_on_the_level_and_split_per_field():
    x = np.linspace(-1.0, 1.0, 41)
    mx, my = np.meshgrid(x, x)
    fields = np.stack([mx**2 + my**2, mx + my, np.full_like(mx, 2.0)])
    circle, line, nothing = level_lines(x, x, fields, 0.5)
    ends = circle[~np.isnan(circle[:, 0])]
    # linear interpolation of r² between grid points stays within the grid's curvature error
    np.testing.assert_allclose(np.hypot(ends[:, 0], ends[:, 1]), math.sqrt(0.5), atol=1e-3)
    on_line = line[~np.isnan(line[:, 0])]
    np.testing.assert_allclose(on_line.sum(axis=1), 0.5, atol=1e-12)
    # the segments are joined into a few lines, each ended by a NaN row
    assert np.isnan(circle[-1]).all() and np.isnan(line[-1]).all()
    assert np.isnan(line[:, 0]).sum() == 1  # a straight line across the grid is one line
    assert np.isnan(circle[:, 0]).sum() <= 4 < len(ends) / 4
    assert nothing.shape == (0, 2)


def test_the_sure_lines_are_where_the_model_is_that_sure():
    data = draw_clusters(100, classes=3, spread="overlapping", seed=6)
    path = train_classifier(data, steps=40)
    for c in range(3):
        line = path.sure_lines[-1][c]
        points = line[~np.isnan(line[:, 0])]
        assert len(points) > 0
        q = softmax(points @ path.weights[-1] + path.biases[-1])
        # within the grid's interpolation error of the level
        np.testing.assert_allclose(q[:, c], path.sure_level, atol=0.02)
    # at the start the model is nowhere sure and no class wins anywhere
    assert all(len(line) == 0 for line in path.sure_lines[0])
    assert all(len(region) == 0 for region in path.regions[0])
    assert all(len(region) >= 3 for region in path.regions[-1])


# Reading logits from a link ----------------------------------------------------------------------


@given(logit_vectors)
def test_parse_logits_reads_what_repr_writes(logits):
    text = ",".join(repr(float(v)) for v in logits)
    np.testing.assert_array_equal(parse_logits(text), logits)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "`logits` is empty"),
        ("2,,1", "entry 2 (an empty entry) is not a number"),
        ("2,abc", "entry 2 (abc) is not a number"),
        ("2,inf", "entry 2 is not a finite number"),
        ("nan,1", "entry 1 is not a finite number"),
        ("1", "has 1 entry: a classifier here has 2 to 10 classes"),
        (",".join(["1"] * 11), "has 11 entries"),
    ],
)
def test_parse_logits_refuses_with_a_message(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_logits(text)


# Refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: softmax([1.0, float("nan")]), "`logits` contains NaN or infinity"),
        (lambda: softmax(3.0), "not a single number"),
        (lambda: softmax([]), "`logits` is empty"),
        (lambda: softmax(["a", "b"]), "`logits` must contain numbers only"),
        (lambda: softmax([1.0, 2.0], temperature=0), "`temperature` must be a positive number"),
        (lambda: softmax([1.0, 2.0], temperature=-1), "`temperature` must be a positive number"),
        (lambda: softmax([1.0], temperature=float("inf")), "positive number"),
        (lambda: softmax([1e300, 0.0], temperature=1e-10), "use a larger temperature"),
        (lambda: smoothed_target(0, 3, smoothing=1.0), "`smoothing` must be from 0 up to"),
        (lambda: smoothed_target(0, 3, smoothing=-0.1), "`smoothing` must be from 0 up to"),
        (lambda: smoothed_target(3, 3), "`label` must be a class from 0 to 2"),
        (lambda: smoothed_target(-1, 3), "`label` must be a class from 0 to 2"),
        (lambda: smoothed_target(1.5, 3), "whole class number"),
        (lambda: smoothed_target(True, 3), "class number"),
        (lambda: classifier_loss([1.0], 0), "at least 2 classes"),
        (lambda: classifier_loss([1.0, 2.0], 0, base=1), "`base` must be a positive number"),
        (lambda: loss_along_logit([1.0, 2.0], 0, index=2, values=[0.0]), "`index` must be from"),
        (lambda: train_classifier("data"), "`data` must be a ClassifierData"),
        (lambda: train_classifier(draw_clusters(5), steps=0), "`steps` must be from 1"),
        (lambda: train_classifier(draw_clusters(5), step_size=-1.0), "`step_size` must be"),
    ],
)
def test_bad_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
