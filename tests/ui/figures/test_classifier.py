"""The classifier's figures: the numbers they draw are core's, figures checked lightly and
validated by plotly, the training animation's frames one per step."""

from __future__ import annotations

import base64
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import special

from core import classifier_loss, draw_clusters, loss_along_logit, train_classifier
from ui import theme
from ui.figures.animated import MIN_FRAMES, PLAYBACK
from ui.figures.classifier import (
    CLASS_COLOURS,
    CURVE_REACH,
    class_names,
    class_terms_figure,
    format_logits,
    logit_curve,
    logit_curve_figure,
    loss_sentence,
    training_figure,
    training_read_out,
    training_title,
)


def validated(figure: go.Figure) -> go.Figure:
    """Rebuild with plotly's validation on: an invalid property raises here."""
    return go.Figure(figure.to_dict())


def values(value) -> np.ndarray:
    """A frame's array, whether a typed array (base64) or a list."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value, dtype=float)


@pytest.fixture(scope="module")
def training():
    data = draw_clusters(120, classes=3, spread="overlapping", seed=2)
    return data, train_classifier(data, steps=40, smoothing=0.1, base=2)


# One example --------------------------------------------------------------------------------------


def test_class_names_mark_the_true_class():
    assert class_names(3, 1) == ["0", "1 = y", "2"]


@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_class_terms_stack_entropy_and_kl_terms_to_each_loss_term(eps):
    loss = classifier_loss([2.0, 1.0, 0.1], 0, smoothing=eps, base=2)
    figure = validated(class_terms_figure(loss, 0))
    h, kl, ce = figure.data
    np.testing.assert_allclose(np.add(h.y, kl.y), ce.y, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ce.y, loss.cross_entropy_terms, rtol=1e-6)
    assert sum(ce.y) == pytest.approx(loss.loss, rel=1e-6)
    assert figure.layout.barmode == "relative"
    assert figure.layout.yaxis.title.text == "bits"
    assert list(h.x) == ["0 = y", "1", "2"]
    assert ce.text[0] == f"{loss.cross_entropy_terms[0]:.3f} bits"
    if eps == 0:  # one-hot: only the true class has a term, and it is all KL
        assert list(ce.y[1:]) == [0.0, 0.0]
        assert h.y[0] == 0.0
    else:  # smoothing: Q gives classes 1 and 2 more than their target, negative KL terms
        assert min(kl.y) < 0
        assert theme.NEUTRAL in kl.marker.color


def test_logit_curve_passes_through_the_example_and_shows_the_floor():
    c = logit_curve(np.array([2.0, 1.0, 0.1]), 0, temperature=1.0, smoothing=0.1, base=2)
    loss = classifier_loss([2.0, 1.0, 0.1], 0, smoothing=0.1, base=2)
    assert c.at == 2.0
    assert float(c.current.cross_entropy[0]) == pytest.approx(loss.loss, rel=1e-12)
    # reaches CURVE_REACH past the other logits, 1.0 and 0.1
    assert (c.values[0], c.values[-1]) == pytest.approx((0.1 - CURVE_REACH, 1.0 + CURVE_REACH))
    figure = validated(logit_curve_figure(c))
    floor, curve, now = figure.data
    assert list(floor.y) == pytest.approx([loss.decomposition.entropy] * 2)
    assert curve.line.color == theme.CROSS_ENTROPY
    assert list(now.y) == pytest.approx([loss.decomposition.entropy, loss.loss], rel=1e-6)
    assert "bits" in figure.layout.title.subtitle.text


def test_logit_curve_of_extreme_logits_is_finite():
    c = logit_curve(np.array([1000.0, 0.0, 0.0]), 1, temperature=1.0, smoothing=0.0)
    assert np.all(np.isfinite(c.curve.cross_entropy))
    assert c.values[0] <= -8 and c.values[-1] >= 1008
    validated(logit_curve_figure(c))


def test_loss_sentence_says_why_with_the_unit():
    one_hot = classifier_loss([2.0, 1.0, 0.1], 0)
    assert loss_sentence(one_hot, 0).endswith("= −ln 0.659 = 0.4170 nats.")
    extreme = classifier_loss([1000.0, 0.0, 0.0], 1, base=2)
    assert "−log₂ q₁" in loss_sentence(extreme, 1)
    assert loss_sentence(extreme, 1).endswith("1442.6950 bits.")
    smoothed = loss_sentence(classifier_loss([2.0, 1.0, 0.1], 0, smoothing=0.1), 0)
    assert "floor" in smoothed and smoothed.count("nats") == 3


def test_format_logits_is_what_parse_logits_reads():
    assert format_logits(np.array([2.0, 1.0, 0.1])) == "2,1,0.1"


# Training -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["grid", "row", "stacked"])
def test_training_figure_passes_plotly_validation(training, layout):
    data, path = training
    figure = training_figure(data, path, title="t", subtitle="a · b", layout=layout)
    validated(figure)


def test_one_frame_per_step_updating_regions_lines_point_and_bar(training):
    data, path = training
    figure = training_figure(data, path, title="t")
    assert len(figure.frames) == max(path.steps + 1, MIN_FRAMES)
    names = [trace.name for trace in figure.data]
    moving = [names.index(f"class {c} region") for c in range(3)]
    moving += [names.index("90% sure")]
    moving += [names.index("step t"), names.index("H(P) + KL = H(P,Q)")]
    for frame in figure.frames:
        assert frame["traces"] == moving
    assert "training points" not in [names[i] for i in figure.frames[0]["traces"]]


def test_frames_carry_core_regions_and_losses(training):
    data, path = training
    figure = training_figure(data, path, title="t")
    names = [trace.name for trace in figure.data]
    region = names.index("class 1 region")
    step = names.index("step t")
    bars = names.index("H(P) + KL = H(P,Q)")
    for t, frame in enumerate(figure.frames[: path.steps + 1]):
        update = dict(zip(frame["traces"], frame["data"], strict=True))
        corners = path.regions[t][1]
        if len(corners):
            np.testing.assert_allclose(values(update[region]["x"])[:-1], corners[:, 0], rtol=1e-6)
            assert values(update[region]["x"])[-1] == pytest.approx(corners[0, 0], rel=1e-6)
        floor, train, held_out = update[step]["y"]
        assert floor == pytest.approx(path.train.entropy)
        assert train == pytest.approx(path.train.cross_entropy[t])
        assert held_out == pytest.approx(path.held_out.cross_entropy[t])
        h, kl, ce = update[bars]["y"]
        assert h + kl == pytest.approx(ce)
        assert update[bars]["text"][2].endswith(" bits")


def test_training_points_are_coloured_by_class(training):
    data, path = training
    figure = validated(training_figure(data, path, title="t"))
    points = next(trace for trace in figure.data if trace.name == "training points")
    # WebGL: plotly drops SVG markers that the frames do not update when it plays them
    assert points.type == "scattergl"
    assert list(points.marker.color) == [CLASS_COLOURS[c] for c in data.labels]
    np.testing.assert_allclose(points.x, data.points[:, 0], rtol=1e-6)


def test_axes_are_fixed_and_titled_with_the_unit(training):
    data, path = training
    layout = validated(training_figure(data, path, title="t")).layout
    assert layout.xaxis.range is not None and layout.yaxis.scaleanchor == "x"
    assert layout.xaxis2.title.text == "step t"
    assert layout.yaxis2.title.text == "bits" == layout.yaxis3.title.text
    assert not layout.updatemenus and not layout.sliders  # the page's HTML controls play it
    assert len(layout.meta[PLAYBACK]["frames"]) >= MIN_FRAMES


def test_read_out_and_title_carry_the_numbers_with_their_unit(training):
    _, path = training
    read_out = training_read_out(path)
    assert len(read_out) == path.steps + 1
    assert read_out[0].startswith("t = 0 · loss ")
    assert read_out[-1].endswith(f"held-out {path.held_out.cross_entropy[-1]:.3f} bits")
    title, subtitle = training_title(path)
    assert title == f"Loss after {path.steps} steps: {path.train.cross_entropy[-1]:.3f} bits"
    assert subtitle.startswith(f"held-out {path.held_out.cross_entropy[-1]:.3f} bits · ")
    assert "accuracy" in subtitle and f"{path.train.entropy:.3f} bits" in subtitle


def test_the_start_is_uniform_log_k(training):
    _, path = training
    assert path.train.cross_entropy[0] == pytest.approx(math.log2(3))


# Dragging one logit: the live tables --------------------------------------------------------------

DRAG = {"temperature": 1.5, "smoothing": 0.1, "base": 2}
LOGITS = np.array([2.0, 1.0, 0.1])


@pytest.fixture(scope="module", params=[0, 1], ids=["true class", "other class"])
def drag(request):
    from ui.figures.classifier import logit_drag
    from ui.figures.live import slider_grid

    grid = slider_grid(-10.0, 10.0, 0.1)
    return request.param, grid, logit_drag(LOGITS, 0, index=request.param, grid=grid, **DRAG)


def test_the_drag_tables_hold_cores_numbers_at_every_grid_point(drag):
    from ui.figures.classifier import LIVE_CURVE_POINTS, identity_axis_top

    index, grid, tables = drag
    committed = logit_curve(LOGITS, 0, span=(-10.0, 10.0), **DRAG)
    ends = (committed.values[0], committed.values[-1])
    floor = classifier_loss(LOGITS, 0, **DRAG).decomposition.entropy
    for i, z in enumerate(grid.values):
        logits = LOGITS.copy()
        logits[index] = z
        loss = classifier_loss(logits, 0, **DRAG)
        d = loss.decomposition
        # Q = softmax(z / T), against scipy
        q = tables.classes["traces"]["1"][i]["y"]
        np.testing.assert_allclose(q, special.softmax(logits / 1.5), rtol=1e-12)
        # each class's KL and loss terms (H(P)'s do not move: the target holds still)
        assert "0" not in tables.terms["traces"]
        np.testing.assert_allclose(tables.terms["traces"]["1"][i]["y"], loss.kl_terms, rtol=1e-6)
        np.testing.assert_allclose(
            tables.terms["traces"]["2"][i]["y"], loss.cross_entropy_terms, rtol=1e-6
        )
        # the identity bar: its KL and H(P,Q) bars, on an axis above the loss
        bar = tables.bar["traces"]
        assert bar["1"][i]["y"] == pytest.approx([d.kl_divergence], rel=1e-12)
        assert bar["2"][i]["y"] == pytest.approx([d.cross_entropy], rel=1e-12)
        top = tables.bar["layout"][i]["yaxis"]["range"][1]
        assert top == pytest.approx(identity_axis_top(d))
        # the three numbers and the sentence, as the page writes them
        assert tables.numbers[i] == [
            f"{v:.3f} bits" for v in (d.entropy, d.kl_divergence, d.cross_entropy)
        ]
        assert tables.sentences[i] == [loss_sentence(loss, 0)]
        # the curve along the true class's logit, and the example marked on it
        curve = tables.curve["traces"]
        assert curve["2"][i]["y"] == pytest.approx([floor, d.cross_entropy], rel=1e-12)
        if index == 0:
            assert "1" not in curve  # its own logit dragged: the curve holds still
            assert curve["2"][i]["x"] == [z, z]
        else:
            values = np.linspace(*ends, LIVE_CURVE_POINTS)
            along = loss_along_logit(logits, 0, index=0, values=values, **DRAG)
            np.testing.assert_allclose(curve["1"][i]["y"], along.cross_entropy, rtol=1e-6)
            # on the committed curve's range, which holds still: x0 as committed, a wider step
            assert "x0" not in curve["1"][i]
            assert curve["1"][i]["dx"] == pytest.approx((ends[1] - ends[0]) / (values.size - 1))


def test_the_drag_tables_are_drawn_as_the_committed_charts_are(drag):
    # The row at the committed value holds what the committed figures draw.
    from ui.figures.categorical import distributions_figure
    from ui.figures.classifier import identity_axis_top
    from ui.figures.coin import identity_bar_figure

    index, grid, tables = drag
    row = round((LOGITS[index] - grid.start) / grid.step)
    loss = classifier_loss(LOGITS, 0, **DRAG)
    names = class_names(3, 0)
    classes = distributions_figure(loss.target, loss.probabilities, outcomes=names).to_dict()
    assert (
        tables.classes["layout"][row]["title"]["subtitle"]["text"]
        == (classes["layout"]["title"]["subtitle"]["text"])
    )
    bar = identity_bar_figure(loss.decomposition, y_max=identity_axis_top(loss.decomposition))
    assert (
        tables.bar["layout"][row]["title"]["subtitle"]["text"]
        == (bar.to_dict()["layout"]["title"]["subtitle"]["text"])
    )
    curve = logit_curve_figure(logit_curve(LOGITS, 0, span=(-10.0, 10.0), **DRAG)).to_dict()
    assert (
        tables.curve["layout"][row]["title"]["subtitle"]["text"]
        == (curve["layout"]["title"]["subtitle"]["text"])
    )


def test_the_committed_curve_reaches_over_the_sliders_range():
    curve = logit_curve([2.0, 1.0, 0.1], 0, temperature=1.0, smoothing=0.0, span=(-10.0, 10.0))
    assert curve.values[0] == -10.0 and curve.values[-1] == 10.0
    wide = logit_curve([1000.0, 0.0, 0.0], 1, temperature=1.0, smoothing=0.0, span=(-10.0, 10.0))
    assert wide.values[0] == -10.0 and wide.values[-1] == 1000.0 + CURVE_REACH


def test_the_animations_axes_do_not_measure_their_tick_labels_on_every_frame(training):
    # plotly's default overflow check measures each tick label at every frame (README,
    # Performance); the panels' fixed ranges and margins keep the labels inside.
    data, path = training
    layout = training_figure(data, path, title="t").to_dict()["layout"]
    axes = [key for key in layout if key.startswith(("xaxis", "yaxis"))]
    assert len(axes) == 6
    assert {layout[key]["ticklabeloverflow"] for key in axes} == {"allow"}
