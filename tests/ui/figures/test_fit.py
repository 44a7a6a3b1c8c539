"""The animated figures: frames, controls, fixed axes, and plotly's own validation."""

from __future__ import annotations

import base64
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from core import empirical_distribution
from core.animation import (
    bernoulli_animation,
    categorical_animation,
    forward_reverse_animation,
    gaussian_animation,
)
from core.continuous import GaussianMixture
from core.fitting import fit_path_bernoulli, fit_path_categorical, fit_path_gaussian
from core.forward_reverse import fit_forward_kl, fit_reverse_kl
from core.sampling import draw_bernoulli, draw_categorical, draw_mixture
from ui import theme
from ui.figures.animated import (
    CURVE_POINTS,
    DENSITY_POINTS,
    FRAME_MS,
    MIN_FRAMES,
    PLAYBACK,
    SLOW_FRAME_MS,
    controls,
)
from ui.figures.common import data_revision, has_frames
from ui.figures.fit import IDENTITY_LABELS, fit_animation_figure, step_labels
from ui.figures.forward_reverse import forward_reverse_figure

BIMODAL = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])


def coin(steps=60):
    x = draw_bernoulli(0.7, 200, seed=1)
    return bernoulli_animation(
        fit_path_bernoulli(x, 0.05, steps=steps, base=2), 200, base=2, curve_points=CURVE_POINTS
    )


def die():
    d = empirical_distribution(draw_categorical([0.1, 0.2, 0.3, 0.4], 300, seed=2))
    return categorical_animation(
        fit_path_categorical(d, [0.25] * 4, steps=60), 300, curve_points=CURVE_POINTS
    )


def bimodal():
    x = draw_mixture(BIMODAL, 300, seed=3)
    path = fit_path_gaussian(x, -6.0, 5.0, step_size=0.3, base=2, true_p=BIMODAL)
    return gaussian_animation(
        path, x, base=2, true_p=BIMODAL, curve_points=CURVE_POINTS, density_points=DENSITY_POINTS
    )


def gaussian():
    x = draw_mixture(GaussianMixture([1.0], [1.0], [0.8]), 300, seed=4)
    return gaussian_animation(
        fit_path_gaussian(x, -2.0, 2.0, base=2),
        x,
        base=2,
        curve_points=CURVE_POINTS,
        density_points=DENSITY_POINTS,
    )


ANIMATIONS = {"coin": coin, "die": die, "gaussian": gaussian, "bimodal": bimodal}


def figure_of(name, **kwargs):
    return fit_animation_figure(ANIMATIONS[name](), title="A fit", subtitle="numbers", **kwargs)


def _values(value):
    """A trace property as a plain list: numpy arrays, lists, or base64 typed arrays."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return np.asarray(value).tolist()


@pytest.mark.parametrize("name", list(ANIMATIONS))
def test_figure_passes_plotly_validation(name):
    figure = figure_of(name)
    validated = go.Figure(figure.to_dict())  # validates every property, frames included
    assert len(validated.frames) == len(figure.frames) == 61
    assert validated.frames[-1].data[1].type == figure.frames[-1]["data"][1]["type"]


def test_figure_json_is_what_the_browser_gets():
    figure = figure_of("coin")
    spec = json.loads(figure.to_json())
    assert len(spec["frames"]) == 61
    assert spec["frames"][3]["data"][0]["y"]["dtype"] == "f4"  # compact typed arrays
    assert spec["data"][0]["name"] == "P̂ and Q<sub>θt</sub>"
    # The first frame's traces as plain lists, the shared style, a revision, no template: a
    # mounted chart is drawn once (ui.figures.common.PlainFigure).
    assert isinstance(spec["data"][0]["y"], list) and "template" not in spec["layout"]
    assert spec["layout"]["font"]["family"] == theme.FONT_FAMILY
    assert spec["layout"]["datarevision"] == data_revision(figure.__dict__["_plain"]["data"])
    assert has_frames(figure) and figure.__dict__["_plain"] is not None  # nothing built


@pytest.mark.parametrize(
    ("name", "traces"), [("coin", 8), ("die", 8), ("gaussian", 9), ("bimodal", 10)]
)
def test_trace_count_and_one_frame_per_step(name, traces):
    figure = figure_of(name)
    # discrete: (P̂, Q) bars, curve, floor, point, identity bars, best log L, trail, its end;
    # continuous adds the histogram, and the true density when P is known
    assert len(figure.data) == traces
    assert len(figure.frames) == 61 >= MIN_FRAMES
    assert [f["name"] for f in figure.frames] == [str(t) for t in range(61)]


def test_a_short_path_still_has_thirty_frames_holding_the_last_step():
    figure = fit_animation_figure(coin(steps=10), title="short")
    assert len(figure.frames) == MIN_FRAMES
    last = figure.frames[10]
    assert all(
        _values(frame["data"][i]["y"]) == _values(last["data"][i]["y"])
        for frame in figure.frames[11:]
        for i in range(len(last["data"]))
    )


@pytest.mark.parametrize("name", list(ANIMATIONS))
def test_frames_update_only_their_traces_and_keep_each_trace_type(name):
    figure = figure_of(name)
    for frame in figure.frames:
        assert len(frame["traces"]) == len(frame["data"]) < len(figure.data)
        for index, update in zip(frame["traces"], frame["data"], strict=True):
            assert update["type"] == figure.data[index].type


def test_every_numeric_axis_has_a_fixed_range():
    layout = figure_of("bimodal").layout
    for i in ("", "2", "3", "4"):
        for axis in (layout[f"xaxis{i}"], layout[f"yaxis{i}"]):
            assert axis.type == "category" or axis.range is not None


@pytest.mark.parametrize("name", ["coin", "bimodal"])
def test_axis_titles_name_the_quantity_and_the_unit(name):
    layout = figure_of(name).layout
    assert layout.xaxis2.title.text in ("q", "μ")
    assert layout.yaxis2.title.text == "bits"
    assert layout.yaxis3.title.text == "bits"
    assert layout.xaxis4.title.text == "step t"
    assert layout.yaxis4.title.text == "log L (bits)"


def _trace(figure, name):
    return next(i for i, trace in enumerate(figure.data) if trace.name == name)


def _frame_trace(frame, index):
    return frame["data"][frame["traces"].index(index)]


def _frame_value(frame, index):
    return _values(_frame_trace(frame, index)["y"])


def test_each_frame_stacks_entropy_and_kl_to_the_cross_entropy():
    a = coin()
    figure = fit_animation_figure(a, title="t")
    bars = _trace(figure, "H(P̂) + KL = H(P̂,Q)")
    trace = figure.data[bars]
    assert list(trace.marker.color) == [theme.ENTROPY, theme.KL, theme.CROSS_ENTROPY]
    assert list(trace.base) == pytest.approx([0.0, a.entropy, 0.0])  # KL stacked on H(P̂)
    assert trace.x[0] == trace.x[1] != trace.x[2]
    for t, frame in enumerate(figure.frames):
        h, kl, ce = _frame_value(frame, bars)
        assert h == pytest.approx(a.entropy)
        assert h + kl == pytest.approx(ce)
        assert ce == pytest.approx(a.cross_entropy[t])
        assert _frame_trace(frame, bars)["text"][1].endswith(" bits")


def test_discrete_bars_pair_p_hat_with_the_model_in_every_frame():
    a = die()
    figure = fit_animation_figure(a, title="t")
    bars = _trace(figure, "P̂ and Q<sub>θt</sub>")
    assert list(figure.data[bars].marker.color[:2]) == [theme.TRUE, theme.MODEL]
    for t, frame in enumerate(figure.frames):
        pairs = np.reshape(_frame_value(frame, bars), (-1, 2))
        assert pairs[:, 0] == pytest.approx(a.observed)
        assert pairs[:, 1] == pytest.approx(a.model[t], abs=1e-6)


def test_the_point_walks_the_path_and_the_last_frame_is_the_last_step():
    a = coin()
    figure = fit_animation_figure(a, title="t")
    point = _trace(figure, "θ_t")
    xs = [_values(_frame_trace(f, point)["x"])[0] for f in figure.frames]
    assert xs == pytest.approx(a.position.tolist())
    assert xs[-1] == pytest.approx(a.position[-1])
    # the line under the point runs from the floor to it: its length is KL
    floor, top = _frame_value(figure.frames[-1], point)
    assert floor == pytest.approx(a.entropy)
    assert top - floor == pytest.approx(a.kl_divergence[-1])


def test_the_histogram_travels_in_every_frame_so_that_it_stays_drawn():
    a = bimodal()
    figure = fit_animation_figure(a, title="t")
    assert figure.data[0].type == "bar"
    assert all(frame["traces"][0] == 0 for frame in figure.frames)
    assert _frame_value(figure.frames[-1], 0) == pytest.approx(a.observed.tolist(), rel=1e-6)


def test_log_likelihood_trail_grows_one_step_per_frame():
    a = coin()
    figure = fit_animation_figure(a, title="t")
    trail = _trace(figure, "log L(θ_t)")
    lengths = [len(_frame_value(f, trail)) for f in figure.frames]
    assert lengths == list(range(1, 62))
    assert _frame_value(figure.frames[-1], trail) == pytest.approx(
        a.log_likelihood.tolist(), rel=1e-6
    )
    # the marker sits on the trail's end in every frame, a trace of its own (one point to style)
    now = _trace(figure, "log L now")
    assert figure.data[trail].mode == "lines" and figure.data[now].mode == "markers"
    for t, frame in enumerate(figure.frames):
        assert _values(_frame_trace(frame, now)["x"]) == [t]
        assert _frame_value(frame, now) == pytest.approx([a.log_likelihood[t]])


def test_the_figure_carries_its_playback_for_the_pages_controls_and_draws_none_itself():
    figure = figure_of("die")
    assert not figure.layout.updatemenus and not figure.layout.sliders
    playback = figure.layout.meta[PLAYBACK]
    play, slow, jump = playback["play"], playback["slow"], playback["jump"]
    # Plotly moves on at the first display refresh after the duration: under one refresh at
    # 60 Hz (16.7 ms) means every refresh, as fast as the browser draws; Slow is 8 a second.
    assert play["frame"]["duration"] == FRAME_MS < 1000 / 60
    assert slow["frame"]["duration"] == SLOW_FRAME_MS == 1000 / 8
    for options in (play, slow):
        assert options["transition"]["duration"] == 0 and options["fromcurrent"] is True
        assert options["frame"]["redraw"] is False
    assert jump["frame"]["duration"] == 0 and "fromcurrent" not in jump
    assert playback["frames"] == [f["name"] for f in figure.frames]
    assert playback["labels"][5] == step_labels(die())[5]
    assert len(playback["labels"]) == len(figure.frames)


def test_the_read_out_is_plain_text_for_the_page():
    # A column name with markup characters reaches the page's read-out as the text it is.
    labels = controls(["0"], ["t = 0 · a &lt; b<br>c"], title_height=10).playback[PLAYBACK]
    assert labels["labels"] == ["t = 0 · a < b c"]


def test_step_labels_carry_the_live_numbers_with_their_unit():
    labels = step_labels(coin())
    assert labels[0].startswith("t = 0 · q = 0.050 · KL = ")
    assert labels[0].endswith(" bits")
    assert labels[60].startswith("t = 60 · q = 0.")


def test_layouts_arrange_the_panels():
    grid = figure_of("coin", layout="grid").layout
    assert grid.xaxis.domain[1] < grid.xaxis2.domain[0]  # side by side
    assert grid.yaxis3.domain[1] < grid.yaxis.domain[0]  # a second row
    stacked = figure_of("coin", layout="stacked").layout
    assert all(stacked[f"xaxis{i}"].domain == (0, 1) for i in ("", "2", "3", "4"))
    tops = [stacked[f"yaxis{i}"].domain[1] for i in ("", "2", "3", "4")]
    assert tops == sorted(tops, reverse=True)
    row = figure_of("coin", layout="row").layout
    assert len({row[f"yaxis{i}"].domain for i in ("", "2", "3", "4")}) == 1
    with pytest.raises(ValueError, match="layout"):
        figure_of("coin", layout="circle")


def test_stacked_layout_puts_each_number_group_on_its_own_line():
    figure = fit_animation_figure(coin(), title="t", subtitle="a · b", layout="stacked")
    assert figure.layout.title.subtitle.text == "a<br>b"


def test_font_size_reaches_the_figure():
    figure = figure_of("coin", font_size=24)
    assert figure.layout.font.size == 24
    assert figure.layout.xaxis.tickfont.size == 21


def forward_reverse():
    forward = fit_forward_kl(BIMODAL, 1.0, 0.5, step_size=0.1, steps=60, base=2)
    reverse = fit_reverse_kl(BIMODAL, 1.0, 0.5, step_size=0.1, steps=60, base=2)
    return forward_reverse_animation(BIMODAL, forward, reverse, density_points=DENSITY_POINTS)


@pytest.mark.parametrize("stacked", [False, True])
def test_forward_reverse_figure_animates_both_fits(stacked):
    a = forward_reverse()
    figure = forward_reverse_figure(a, title="t", subtitle="s", stacked=stacked)
    go.Figure(figure.to_dict())
    assert len(figure.data) == 6
    assert len(figure.frames) == 61
    assert figure.layout.xaxis.title.text == "x"
    assert figure.layout.yaxis2.title.text == "KL (bits)"
    last = figure.frames[-1]
    assert last["traces"] == [1, 2, 3, 4, 5]
    assert _frame_value(last, 2) == pytest.approx(a.reverse_density[-1].tolist(), rel=1e-6)
    assert _frame_value(last, 3)[-1] == pytest.approx(a.forward_kl[-1], rel=1e-6)
    assert _frame_value(last, 4)[-1] == pytest.approx(a.reverse_kl[-1], rel=1e-6)
    # the trails are lines; their current ends are two markers, visible from the first frame
    assert [figure.data[i].mode for i in (3, 4, 5)] == ["lines", "lines", "markers"]
    assert list(figure.data[5].x) == [0, 0]
    assert list(figure.data[5].y) == pytest.approx([a.forward_kl[0], a.reverse_kl[0]])
    for t, frame in enumerate(figure.frames):
        assert _values(_frame_trace(frame, 5)["x"]) == [t, t]
        assert _frame_value(frame, 5) == pytest.approx([a.forward_kl[t], a.reverse_kl[t]])


def test_the_identity_is_named_after_the_distribution_it_is_about():
    assert IDENTITY_LABELS[coin().identity_of] == "P̂"
    assert IDENTITY_LABELS[gaussian().identity_of] == "N̂"
    assert IDENTITY_LABELS[bimodal().identity_of] == "P"
    figure = fit_animation_figure(bimodal(), title="t")
    assert any("h(P)" in (trace.name or "") for trace in figure.data)  # a density: h


@pytest.mark.parametrize("stacked", [False, True])
def test_the_kl_axis_shows_the_whole_path_from_its_start(stacked):
    # A narrow start (σ₀ = 0.2) makes the forward KL start about ten times above its end.
    forward = fit_forward_kl(BIMODAL, 1.0, 0.2, step_size=0.1, steps=60, base=2)
    reverse = fit_reverse_kl(BIMODAL, 1.0, 0.2, step_size=0.1, steps=60, base=2)
    a = forward_reverse_animation(BIMODAL, forward, reverse, density_points=DENSITY_POINTS)
    assert a.forward_kl[0] > 10 * a.forward_kl[-1]
    top = forward_reverse_figure(a, title="t", stacked=stacked).layout.yaxis2.range[1]
    assert top >= max(a.forward_kl[0], a.reverse_kl[0])


def test_the_two_fits_differ_by_more_than_colour():
    figure = forward_reverse_figure(forward_reverse(), title="t")
    forward_density, reverse_density, forward_kl, reverse_kl, now = figure.data[1:6]
    assert forward_density.line.dash in (None, "solid") and reverse_density.line.dash == "dash"
    assert forward_kl.line.dash in (None, "solid") and reverse_kl.line.dash == "dash"
    assert len(set(now.marker.symbol)) == 2
