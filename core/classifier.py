r"""Cross-entropy as a classifier's loss: softmax, the (smoothed) target and the training path.

A classifier turns logits :math:`z` into a model :math:`Q = \mathrm{softmax}(z / T)` over K
classes and is scored against a target P: the one-hot vector of the true label y, or with label
smoothing :math:`P = (1 - \varepsilon)\,e_y + \varepsilon / K`. Its loss is the cross-entropy

.. math:: H(P, Q) = -\sum_k p_k \log q_k = H(P) + \mathrm{KL}(P \| Q).

With a one-hot target :math:`H(P) = 0`, so the loss *is* the KL divergence and equals
:math:`-\log q_y`; with smoothing, :math:`H(P) > 0` is a floor no model goes under. Averaged over
a data set, the loss is the average negative log-likelihood of the labels, so training by
gradient descent on it is maximum likelihood.

Every log-probability is computed as :math:`z_k / T - \log\sum_j e^{z_j / T}` with the largest
term factored out (log-sum-exp), never as the log of a softmax: logits of any size give finite
losses with no overflow, underflow to ``-inf`` or warning.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from core._validation import as_array, log_base, number_list
from core.categorical import entropy_terms
from core.divergence import Decomposition, unit_name
from core.sampling import MAX_CLASSES, MIN_CLASSES, ClassifierData

__all__ = [
    "MAX_CLASSES",
    "MIN_CLASSES",
    "ClassifierLoss",
    "TrainingPath",
    "classifier_loss",
    "level_lines",
    "log_softmax",
    "log_sum_exp",
    "logit_family",
    "loss_along_logit",
    "loss_gradient",
    "parse_logits",
    "region_polygon",
    "smoothed_target",
    "softmax",
    "train_classifier",
]


#: The training path traces where the model is this sure of a class.
SURE_LEVEL = 0.9


# Input checks -------------------------------------------------------------------------------------


def _as_logits(logits: ArrayLike, name: str = "logits") -> np.ndarray:
    """Logits as floats, classes on the last axis: finite numbers, at least one class."""
    return as_array(logits, name, vector="with one logit per class", needs="one logit per class")


def _check_temperature(temperature: Any) -> float:
    if isinstance(temperature, bool) or not isinstance(
        temperature, (int, float, np.integer, np.floating)
    ):
        raise ValueError("`temperature` must be a positive number")
    value = float(temperature)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"`temperature` must be a positive number, not {value:g}")
    return value


def _check_smoothing(smoothing: Any) -> float:
    if isinstance(smoothing, bool) or not isinstance(
        smoothing, (int, float, np.integer, np.floating)
    ):
        raise ValueError("`smoothing` must be a number from 0 up to (not including) 1")
    value = float(smoothing)
    if not (np.isfinite(value) and 0.0 <= value < 1.0):
        raise ValueError(f"`smoothing` must be from 0 up to (not including) 1, not {value:g}")
    return value


def _as_labels(label: ArrayLike, classes: int) -> np.ndarray:
    """Labels as whole numbers in 0..classes-1 (any shape)."""
    array = np.asarray(label)
    if array.dtype.kind == "b" or array.dtype.kind not in "iuf":
        raise ValueError("`label` must be a class number (0-based)")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array) & (array == np.round(array))):
        raise ValueError("`label` must be a whole class number (0-based)")
    if np.any((array < 0) | (array >= classes)):
        raise ValueError(f"`label` must be a class from 0 to {classes - 1} (0-based)")
    return array.astype(np.intp)


def _check_count(value: Any, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"`{name}` must be a whole number")
    if value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"`{name}` must be {limit}, not {value}")
    return int(value)


def parse_logits(text: str) -> np.ndarray:
    """Read logits from their text form, e.g. ``"2,1,0.1"``: 2 to 10 finite numbers.

    Raises
    ------
    ValueError
        With a message for a person, naming the entry that cannot be used.

    Examples
    --------
    >>> parse_logits(" 2, 1, 0.1").tolist()
    [2.0, 1.0, 0.1]
    >>> parse_logits("2")
    Traceback (most recent call last):
    ...
    ValueError: `logits` has 1 entry: a classifier here has 2 to 10 classes
    """
    values = number_list(text, "logits", example="one number per class, like 2,1,0.1")
    count = len(values)
    if not MIN_CLASSES <= count <= MAX_CLASSES:
        entries = "entry" if count == 1 else "entries"
        raise ValueError(
            f"`logits` has {count} {entries}: a classifier here has "
            f"{MIN_CLASSES} to {MAX_CLASSES} classes"
        )
    return np.asarray(values)


# Softmax ------------------------------------------------------------------------------------------


def log_sum_exp(values: ArrayLike) -> float | np.ndarray:
    r""":math:`\log \sum_k e^{v_k}` over the last axis, with the largest term factored out.

    Examples
    --------
    >>> round(log_sum_exp([1000.0, 1000.0]), 6)
    1000.693147
    """
    array = _as_logits(values, "values")
    peak = np.max(array, axis=-1, keepdims=True)
    total = np.log(np.sum(np.exp(array - peak), axis=-1)) + peak[..., 0]
    return float(total) if total.ndim == 0 else total


def log_softmax(logits: ArrayLike, *, temperature: float = 1.0) -> np.ndarray:
    r"""Log-probabilities :math:`\log q_k = z_k / T - \log \sum_j e^{z_j / T}` on the last axis.

    Parameters
    ----------
    logits : array_like
        One logit per class on the last axis; leading axes broadcast.
    temperature : float
        T > 0: above 1 flattens Q, below 1 sharpens it.

    Returns
    -------
    ndarray
        Finite log-probabilities, even where :math:`q_k` underflows to 0.

    Examples
    --------
    >>> log_softmax([1000.0, 0.0, 0.0]).tolist()
    [0.0, -1000.0, -1000.0]
    """
    t = _check_temperature(temperature)
    with np.errstate(over="ignore"):
        z = _as_logits(logits) / t
    if not np.all(np.isfinite(z)):
        raise ValueError("`logits` divided by `temperature` overflow: use a larger temperature")
    # classes first and contiguous: the reductions over K then run elementwise over K arrays,
    # several times faster than numpy's reduction along a short last axis
    by_class = np.ascontiguousarray(np.moveaxis(z, -1, 0))
    shifted = by_class - np.max(by_class, axis=0)
    return np.moveaxis(shifted - np.log(np.sum(np.exp(shifted), axis=0)), 0, -1)


def softmax(logits: ArrayLike, *, temperature: float = 1.0) -> np.ndarray:
    r"""The model :math:`q_k = e^{z_k / T} / \sum_j e^{z_j / T}` on the last axis.

    Examples
    --------
    >>> softmax([2.0, 1.0, 0.1]).round(4).tolist()
    [0.659, 0.2424, 0.0986]
    >>> softmax([0.0, 0.0], temperature=0.5).tolist()
    [0.5, 0.5]
    """
    return np.exp(log_softmax(logits, temperature=temperature))


def smoothed_target(label: ArrayLike, classes: int, *, smoothing: float = 0.0) -> np.ndarray:
    r"""The target :math:`P = (1 - \varepsilon)\,e_y + \varepsilon / K` of label y.

    Parameters
    ----------
    label : int or array_like of int
        The true class y, 0-based; an array of labels gives one target per label.
    classes : int
        K, the number of classes.
    smoothing : float
        :math:`\varepsilon` in [0, 1): 0 gives the one-hot vector of y.

    Returns
    -------
    ndarray
        Shape ``label.shape + (K,)``.

    Examples
    --------
    >>> smoothed_target(1, 3).tolist()
    [0.0, 1.0, 0.0]
    >>> smoothed_target(0, 4, smoothing=0.2).round(12).tolist()
    [0.85, 0.05, 0.05, 0.05]
    """
    k = _check_count(classes, "classes", 1)
    eps = _check_smoothing(smoothing)
    labels = _as_labels(label, k)
    one_hot = (labels[..., np.newaxis] == np.arange(k)).astype(float)
    return (1.0 - eps) * one_hot + eps / k


# The loss of one example --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassifierLoss:
    r"""One example's loss :math:`H(P, Q) = H(P) + \mathrm{KL}(P \| Q)` with its per-class terms.

    Attributes
    ----------
    target : ndarray (..., K)
        P, the (smoothed) one-hot target.
    probabilities : ndarray (..., K)
        Q = softmax(logits / T).
    log_probabilities : ndarray (..., K)
        :math:`\log q_k` in nats, computed by log-sum-exp (finite where :math:`q_k` underflows).
    decomposition : Decomposition
        H(P), the loss H(P, Q) and KL(P‖Q), each one value per example, in ``unit``.
    entropy_terms, kl_terms, cross_entropy_terms : ndarray (..., K)
        :math:`-p_k\log p_k`, :math:`p_k\log(p_k/q_k)` and :math:`-p_k\log q_k` in ``unit``;
        each set sums to its total.
    """

    target: np.ndarray
    probabilities: np.ndarray
    log_probabilities: np.ndarray
    decomposition: Decomposition
    entropy_terms: np.ndarray
    kl_terms: np.ndarray
    cross_entropy_terms: np.ndarray

    @property
    def loss(self) -> float | np.ndarray:
        """The loss H(P, Q), the number ``CrossEntropyLoss`` reports."""
        return self.decomposition.cross_entropy

    @property
    def unit(self) -> str:
        """Unit of every information quantity."""
        return self.decomposition.unit


def _reduce(value: np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(value) == 0 else value


def classifier_loss(
    logits: ArrayLike,
    label: ArrayLike,
    *,
    temperature: float = 1.0,
    smoothing: float = 0.0,
    base: float | None = None,
) -> ClassifierLoss:
    r"""The cross-entropy loss of logits against a label, split as H(P) + KL(P‖Q).

    Parameters
    ----------
    logits : array_like (..., K)
        One logit per class; leading axes hold examples (or a grid of logit vectors).
    label : int or array_like of int
        The true class y, 0-based; broadcasts against the leading axes of ``logits``.
    temperature : float
        T > 0; the model is Q = softmax(logits / T).
    smoothing : float
        Label smoothing :math:`\varepsilon` in [0, 1).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    ClassifierLoss

    Notes
    -----
    The three totals are summed from their own terms, each from :math:`\log q_k` by
    log-sum-exp, so :math:`H(P,Q) = H(P) + \mathrm{KL}(P\|Q)` is checked, not assumed. With
    :math:`\varepsilon = 0`, :math:`H(P) = 0` and the loss is
    :math:`\mathrm{KL}(e_y\|Q) = -\log q_y`.

    Examples
    --------
    >>> round(classifier_loss([2.0, 1.0, 0.1], 0).loss, 4)
    0.417
    >>> classifier_loss([1000.0, 0.0, 0.0], 1).loss
    1000.0
    >>> d = classifier_loss([2.0, 1.0, 0.1], 0, smoothing=0.1, base=2).decomposition
    >>> abs(d.entropy + d.kl_divergence - d.cross_entropy) < 1e-12
    True
    """
    divisor = log_base(base)
    log_q = log_softmax(logits, temperature=temperature)
    k = log_q.shape[-1]
    if k < MIN_CLASSES:
        raise ValueError(f"`logits` needs at least {MIN_CLASSES} classes, got {k}")
    p = smoothed_target(label, k, smoothing=smoothing)
    # the target's terms before broadcasting: one set per label, not per logit vector
    h_terms = np.broadcast_to(
        entropy_terms(p, base=base), np.broadcast_shapes(p.shape, log_q.shape)
    )
    p, log_q = np.broadcast_arrays(p, log_q)
    positive = p > 0
    log_p = np.log(np.where(positive, p, 1.0))
    kl_terms = np.where(positive, p * (log_p - log_q), 0.0) / divisor
    cross_terms = np.where(positive, -p * log_q, 0.0) / divisor
    decomposition = Decomposition(
        entropy=_reduce(h_terms.sum(axis=-1)),
        cross_entropy=_reduce(cross_terms.sum(axis=-1)),
        kl_divergence=_reduce(np.maximum(kl_terms.sum(axis=-1), 0.0)),
        unit=unit_name(base),
    )
    return ClassifierLoss(
        target=p,
        probabilities=np.exp(log_q),
        log_probabilities=log_q,
        decomposition=decomposition,
        entropy_terms=h_terms,
        kl_terms=kl_terms,
        cross_entropy_terms=cross_terms,
    )


def loss_gradient(
    logits: ArrayLike,
    label: ArrayLike,
    *,
    temperature: float = 1.0,
    smoothing: float = 0.0,
    base: float | None = None,
) -> np.ndarray:
    r"""The gradient of the loss with respect to the logits, :math:`(Q - P) / T`.

    Since :math:`\log q_k = z_k/T - \log\sum_j e^{z_j/T}` and :math:`\sum_k p_k = 1`,
    :math:`\partial H(P,Q) / \partial z_j = (q_j - p_j) / T` (divided by :math:`\log b` in base
    b). It vanishes only at Q = P, the one model whose KL is 0.

    Examples
    --------
    >>> loss_gradient([0.0, 0.0], 0).tolist()
    [-0.5, 0.5]
    """
    divisor = log_base(base)
    t = _check_temperature(temperature)
    q = softmax(logits, temperature=t)
    p = smoothed_target(label, q.shape[-1], smoothing=smoothing)
    return (q - p) / (t * divisor)


def logit_family(logits: ArrayLike, *, index: int, values: ArrayLike) -> np.ndarray:
    """The logit vectors met when logit ``index`` runs over ``values``, the others as they are.

    Parameters
    ----------
    logits : array_like (..., K)
        Logit vectors; leading axes hold several (the states of a drag, say).
    index : int
        The class whose logit moves, 0-based.
    values : array_like (G,)
        The values it takes.

    Returns
    -------
    ndarray (..., G, K)
        Row g of each vector's family is that vector with entry ``index`` set to
        ``values[g]``: a family that :func:`classifier_loss` scores in one call.

    Examples
    --------
    >>> logit_family([2.0, 1.0, 0.1], index=1, values=[0.0, 5.0]).tolist()
    [[2.0, 0.0, 0.1], [2.0, 5.0, 0.1]]
    """
    base_logits = _as_logits(logits)
    index = _check_count(index, "index", 0, base_logits.shape[-1] - 1)
    grid = _as_logits(np.atleast_1d(np.asarray(values, dtype=float)), "values")
    if grid.ndim != 1:
        raise ValueError(f"`values` must be one list of numbers, got shape {grid.shape}")
    family = np.repeat(base_logits[..., np.newaxis, :], grid.size, axis=-2)
    family[..., index] = grid
    return family


def loss_along_logit(
    logits: ArrayLike,
    label: int,
    *,
    index: int,
    values: ArrayLike,
    temperature: float = 1.0,
    smoothing: float = 0.0,
    base: float | None = None,
) -> Decomposition:
    r"""H(P), KL(P‖Q) and the loss as logit ``index`` runs over ``values``, the others fixed.

    The curve a single logit traces, as /coin's curves over q: for the true class it falls
    towards the floor H(P) as the logit grows; for another class it rises. ``logits`` of shape
    (..., K) give one curve per vector (the curves met while another logit is dragged).

    Returns
    -------
    Decomposition
        ``cross_entropy`` and ``kl_divergence`` of shape ``logits.shape[:-1] + values.shape``;
        ``entropy`` the floor.

    Examples
    --------
    >>> d = loss_along_logit([2.0, 1.0, 0.1], 0, index=0, values=[2.0, 20.0])
    >>> d.cross_entropy.round(4).tolist()
    [0.417, 0.0]
    """
    grid = _as_logits(np.atleast_1d(np.asarray(values, dtype=float)), "values")
    family = logit_family(logits, index=index, values=grid.ravel())
    loss = classifier_loss(
        family, label, temperature=temperature, smoothing=smoothing, base=base
    ).decomposition
    shape = family.shape[:-2] + grid.shape
    return Decomposition(
        entropy=float(np.ravel(loss.entropy)[0]),
        cross_entropy=np.reshape(loss.cross_entropy, shape),
        kl_divergence=np.reshape(loss.kl_divergence, shape),
        unit=loss.unit,
    )


# A data set and its training path -----------------------------------------------------------------


@dataclass(frozen=True)
class TrainingPath:
    r"""Softmax regression trained by gradient descent; step t = 0..T on the first axis.

    Attributes
    ----------
    weights : ndarray (T + 1, 2, K)
        The weights W_t; the logits of a point x are :math:`x W_t + b_t`.
    biases : ndarray (T + 1, K)
        The biases b_t.
    step_size : float
        The step :math:`\eta` used.
    train, held_out : Decomposition
        Average H(P), average loss H(P, Q_t) and average KL(P‖Q_t) over the training and the
        held-out examples; ``cross_entropy`` and ``kl_divergence`` of shape (T + 1,),
        ``entropy`` a float (the targets do not change).
    train_accuracy, held_out_accuracy : ndarray (T + 1,)
        Fraction of examples whose most probable class is the label.
    grid_x, grid_y : ndarray (G,)
        The decision-region grid's coordinates.
    predicted : ndarray (T + 1, G, G) of int8
        The most probable class at (grid_y[i], grid_x[j]) at step t.
    confidence : ndarray (T + 1, G, G)
        That class's probability, from 1/K (undecided) to 1.
    regions : tuple (T + 1) of tuples (K) of ndarray (V, 2)
        Where each class is the most probable at step t, exactly: a convex polygon inside the
        grid's box (:func:`region_polygon`), empty where the class wins nowhere.
    sure_level : float
        The probability the ``sure_lines`` trace.
    sure_lines : tuple (T + 1) of tuples (K) of ndarray (3 S, 2)
        Where :math:`q_c(x)` crosses ``sure_level`` at step t, from the grid
        (:func:`level_lines`): the edge of the area where the model is that sure of class c.
    """

    weights: np.ndarray
    biases: np.ndarray
    step_size: float
    train: Decomposition
    held_out: Decomposition
    train_accuracy: np.ndarray
    held_out_accuracy: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    predicted: np.ndarray
    confidence: np.ndarray
    regions: tuple[tuple[np.ndarray, ...], ...]
    sure_level: float
    sure_lines: tuple[tuple[np.ndarray, ...], ...]

    @property
    def steps(self) -> int:
        """T, the number of steps."""
        return int(self.biases.shape[0]) - 1

    @property
    def unit(self) -> str:
        """Unit of every information quantity."""
        return self.train.unit


def _path_logits(weights: np.ndarray, biases: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Logits of every point at every step: (T + 1, n, K)."""
    return points @ weights + biases[:, np.newaxis, :]


def _average_loss(
    logits: np.ndarray, labels: np.ndarray, smoothing: float, base: float | None
) -> tuple[Decomposition, np.ndarray]:
    """The per-step averages over examples (axis 1), and the accuracy per step."""
    loss = classifier_loss(logits, labels, smoothing=smoothing, base=base)
    d = loss.decomposition
    average = Decomposition(
        entropy=float(np.mean(d.entropy)),
        cross_entropy=np.mean(d.cross_entropy, axis=-1),
        kl_divergence=np.mean(d.kl_divergence, axis=-1),
        unit=d.unit,
    )
    accuracy = np.mean(np.argmax(logits, axis=-1) == labels, axis=-1)
    return average, accuracy


def region_polygon(
    weights: np.ndarray, biases: np.ndarray, index: int, box: tuple[float, float, float, float]
) -> np.ndarray:
    r"""The region of the plane where class ``index`` is the most probable, inside ``box``.

    With logits :math:`xW + b` class c wins where :math:`(w_c - w_j)\cdot x + b_c - b_j \ge 0`
    for every other class j: an intersection of half-planes, so a convex polygon, found by
    clipping the box ``(x_low, x_high, y_low, y_high)`` with each half-plane in turn.

    Returns
    -------
    ndarray (V, 2)
        The polygon's corners in order (no repeat of the first); shape (0, 2) where the class
        wins nowhere in the box, or nowhere strictly (tied everywhere with another class).

    Examples
    --------
    >>> region_polygon(np.array([[1.0, -1.0], [0.0, 0.0]]), np.zeros(2), 0, (-1, 1, -1, 1)).tolist()
    [[0.0, -1.0], [1.0, -1.0], [1.0, 1.0], [0.0, 1.0]]
    """
    x_low, x_high, y_low, y_high = box
    polygon = np.array([[x_low, y_low], [x_high, y_low], [x_high, y_high], [x_low, y_high]])
    for j in range(weights.shape[1]):
        if j == index or len(polygon) == 0:
            continue
        normal = weights[:, index] - weights[:, j]
        offset = biases[index] - biases[j]
        if not np.any(normal) and offset <= 0:
            return np.empty((0, 2))  # tied with class j everywhere (as at the start) or beaten
        polygon = _clip(polygon, normal, offset)
    return polygon


def _clip(polygon: np.ndarray, normal: np.ndarray, offset: float) -> np.ndarray:
    """The part of a convex polygon where ``normal · x + offset >= 0`` (Sutherland–Hodgman).

    A handful of corners: plain Python floats, which numpy's per-element overhead would
    outweigh."""
    a, b = float(normal[0]), float(normal[1])
    corners = [(float(x), float(y)) for x, y in polygon]
    side = [a * x + b * y + offset for x, y in corners]
    clipped = []
    for i, (x, y) in enumerate(corners):
        j = (i + 1) % len(corners)
        if side[i] >= 0:
            clipped.append((x, y))
        if (side[i] >= 0) != (side[j] >= 0):
            t = side[i] / (side[i] - side[j])
            clipped.append((x + t * (corners[j][0] - x), y + t * (corners[j][1] - y)))
    return np.array(clipped, dtype=float).reshape(-1, 2)


def level_lines(x: np.ndarray, y: np.ndarray, fields: np.ndarray, level: float) -> list[np.ndarray]:
    """Where each field crosses ``level``, as line segments (marching squares).

    Parameters
    ----------
    x, y : ndarray (Gx,), (Gy,)
        The grid's coordinates.
    fields : ndarray (N, Gy, Gx)
        N fields on the grid; ``fields[n, i, j]`` is the value at ``(x[j], y[i])``.
    level : float

    Returns
    -------
    list of N ndarrays (L, 2)
        Per field, its lines as rows of points, each line ended by a NaN row: one polyline with
        gaps, the way a plot draws them. The crossing on each grid edge is interpolated
        linearly; a cell whose four edges all cross (a saddle) gets two segments.

    Examples
    --------
    >>> grid = np.array([0.0, 1.0])
    >>> level_lines(grid, grid, np.array([[[0.0, 1.0], [0.0, 1.0]]]), 0.5)[0].tolist()
    [[0.5, 0.0], [0.5, 1.0], [nan, nan]]
    """
    fields = np.asarray(fields, dtype=float)
    above = fields >= level
    # edges crossed: horizontal (i, j)-(i, j+1) and vertical (i, j)-(i+1, j)
    cross_h = above[:, :, :-1] != above[:, :, 1:]
    cross_v = above[:, :-1, :] != above[:, 1:, :]
    # each cell's edges in the order bottom, right, top, left
    flags = np.stack(
        [cross_h[:, :-1, :], cross_v[:, :, 1:], cross_h[:, 1:, :], cross_v[:, :, :-1]], axis=-1
    )
    count = flags.sum(axis=-1)
    owner, i, j = np.nonzero(count >= 2)
    cell_flags = flags[owner, i, j]

    def along(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Where between values a and b the level lies, 0 to 1 (only read on crossed edges)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.nan_to_num((level - a) / (b - a))

    f = fields
    dx, dy = np.diff(x)[j], np.diff(y)[i]
    bottom = [x[j] + along(f[owner, i, j], f[owner, i, j + 1]) * dx, y[i]]
    right = [x[j + 1], y[i] + along(f[owner, i, j + 1], f[owner, i + 1, j + 1]) * dy]
    top = [x[j] + along(f[owner, i + 1, j], f[owner, i + 1, j + 1]) * dx, y[i + 1]]
    left = [x[j], y[i] + along(f[owner, i, j], f[owner, i + 1, j]) * dy]
    points = np.stack([np.column_stack(edge) for edge in (bottom, right, top, left)], axis=1)
    # two crossed edges: one segment; four (a saddle): bottom-left and right-top
    order = np.argsort(~cell_flags, axis=-1, kind="stable")
    saddle = cell_flags.all(axis=-1)
    first = np.where(saddle, 0, order[:, 0])
    second = np.where(saddle, 3, order[:, 1])
    cells = np.arange(owner.size)
    starts = [points[cells, first], points[saddle, 1]]
    ends = [points[cells, second], points[saddle, 2]]
    owners = np.concatenate([owner, owner[saddle]])
    by_owner = np.argsort(owners, kind="stable")
    starts, ends = np.concatenate(starts)[by_owner], np.concatenate(ends)[by_owner]
    bounds = np.searchsorted(owners[by_owner], np.arange(fields.shape[0] + 1))
    return [_chained(starts[low:high], ends[low:high]) for low, high in itertools.pairwise(bounds)]


def _chained(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Segments joined into polylines where they share an end, each polyline followed by a NaN
    row: a few long lines draw much faster than many short ones. Neighbouring cells compute a
    shared edge's crossing from the same two values, so shared ends are equal exactly."""
    first = [tuple(point) for point in starts.tolist()]
    second = [tuple(point) for point in ends.tolist()]
    touching: dict[tuple, list[int]] = {}
    for index, (a, b) in enumerate(zip(first, second, strict=True)):
        touching.setdefault(a, []).append(index)
        touching.setdefault(b, []).append(index)
    used = [False] * len(first)

    def walk(point: tuple, line: list) -> None:
        """Extend ``line`` from ``point`` through unused segments."""
        while True:
            nxt = next((i for i in touching[point] if not used[i]), None)
            if nxt is None:
                return
            used[nxt] = True
            point = second[nxt] if first[nxt] == point else first[nxt]
            line.append(point)

    rows: list[tuple] = []
    for index in range(len(first)):
        if used[index]:
            continue
        used[index] = True
        forward, backward = [first[index], second[index]], [first[index]]
        walk(second[index], forward)
        walk(first[index], backward)
        rows += backward[:0:-1] + forward + [(math.nan, math.nan)]
    return np.array(rows, dtype=float).reshape(-1, 2)


def _grid_axis(values: np.ndarray, grid_points: int) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    pad = 0.08 * max(high - low, 1.0)
    return np.linspace(low - pad, high + pad, grid_points)


def train_classifier(
    data: ClassifierData,
    *,
    steps: int = 60,
    step_size: float | None = None,
    smoothing: float = 0.0,
    grid_points: int = 25,
    base: float | None = None,
) -> TrainingPath:
    r"""Train softmax regression :math:`Q(x) = \mathrm{softmax}(xW + b)` by gradient descent.

    Parameters
    ----------
    data : ClassifierData
        From :func:`core.sampling.draw_clusters`.
    steps : int
        T, the number of steps (1 to 1000).
    step_size : float, optional
        The step :math:`\eta`; by default :math:`1/L` for the curvature bound L below, a step
        that never increases the training loss.
    smoothing : float
        Label smoothing :math:`\varepsilon` in [0, 1) of every training and held-out target.
    grid_points : int
        G, points per axis of the decision-region grid (2 to 201).
    base : float, optional
        Logarithm base of the reported losses: None for nats, 2 for bits.

    Returns
    -------
    TrainingPath
        Starting from W = 0, b = 0 (Q uniform, loss log K).

    Notes
    -----
    The average loss :math:`\frac1n\sum_i H(P_i, Q(x_i))` is the average negative
    log-likelihood of the labels (exactly so for one-hot targets), so its minimum is the maximum
    likelihood fit. Its gradient is :math:`\frac1n\sum_i \tilde x_i (Q(x_i) - P_i)^\top` with
    :math:`\tilde x = (x, 1)`. The Hessian of log-sum-exp, :math:`\mathrm{diag}\,q - qq^\top`, has
    norm at most 1/2, so the loss's curvature is at most
    :math:`L = \tfrac12 \lambda_{\max}(\frac1n \sum_i \tilde x_i \tilde x_i^\top)`; steps of at
    most 1/L never increase it. Only KL(P‖Q) falls: the average H(P) is the floor.

    Examples
    --------
    >>> from core.sampling import draw_clusters
    >>> path = train_classifier(draw_clusters(200, classes=2, seed=4), steps=30)
    >>> path.train.cross_entropy[[0, -1]].round(4).tolist(), path.unit
    ([0.6931, 0.0125], 'nats')
    """
    if not isinstance(data, ClassifierData):
        raise ValueError("`data` must be a ClassifierData (see core.sampling.draw_clusters)")
    steps = _check_count(steps, "steps", 1, 1000)
    grid_points = _check_count(grid_points, "grid_points", 2, 201)
    eps = _check_smoothing(smoothing)
    log_base(base)
    x = np.column_stack([data.points, np.ones(len(data.points))])
    n, k = x.shape[0], data.classes
    curvature = 0.5 * float(np.linalg.eigvalsh(x.T @ x / n)[-1])
    if step_size is None:
        eta = 1.0 / curvature
    elif isinstance(step_size, bool) or not (np.isfinite(step_size) and step_size > 0):
        raise ValueError("`step_size` must be a positive number")
    else:
        eta = float(step_size)
    target = smoothed_target(data.labels, k, smoothing=eps)
    theta = np.zeros((steps + 1, 3, k))
    for t in range(steps):
        q = softmax(x @ theta[t])
        theta[t + 1] = theta[t] - eta * (x.T @ (q - target)) / n
    weights, biases = theta[:, :2, :], theta[:, 2, :]
    train, train_accuracy = _average_loss(
        _path_logits(weights, biases, data.points), data.labels, eps, base
    )
    held_out, held_out_accuracy = _average_loss(
        _path_logits(weights, biases, data.held_out_points), data.held_out_labels, eps, base
    )
    every_point = np.concatenate([data.points, data.held_out_points])
    grid_x = _grid_axis(every_point[:, 0], grid_points)
    grid_y = _grid_axis(every_point[:, 1], grid_points)
    mesh = np.stack(np.meshgrid(grid_x, grid_y), axis=-1).reshape(-1, 2)
    grid_q = softmax(_path_logits(weights, biases, mesh))
    shape = (steps + 1, grid_points, grid_points)
    box = (float(grid_x[0]), float(grid_x[-1]), float(grid_y[0]), float(grid_y[-1]))
    fields = np.moveaxis(grid_q, -1, 1).reshape(-1, grid_points, grid_points)
    lines = level_lines(grid_x, grid_y, fields, SURE_LEVEL)
    return TrainingPath(
        weights=weights,
        biases=biases,
        step_size=eta,
        train=train,
        held_out=held_out,
        train_accuracy=train_accuracy,
        held_out_accuracy=held_out_accuracy,
        grid_x=grid_x,
        grid_y=grid_y,
        predicted=np.argmax(grid_q, axis=-1).astype(np.int8).reshape(shape),
        confidence=np.max(grid_q, axis=-1).reshape(shape),
        regions=tuple(
            tuple(region_polygon(weights[t], biases[t], c, box) for c in range(k))
            for t in range(steps + 1)
        ),
        sure_level=SURE_LEVEL,
        sure_lines=tuple(tuple(lines[t * k : (t + 1) * k]) for t in range(steps + 1)),
    )
