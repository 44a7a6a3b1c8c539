"""The die's figures: numbers against scipy, figures checked lightly and validated by plotly."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import special, stats

from core import preset_distribution
from ui import theme
from ui.figures.categorical import (
    PATH_POINTS,
    contributions,
    contributions_figure,
    distributions_figure,
    infinity_note,
    path_axis_top,
    path_curves,
    path_figure,
)

LOADED, FAIR = preset_distribution("loaded", 6), preset_distribution("uniform", 6)
# Q gives 0 to outcome 1, which P allows: KL is infinite.
P_ZERO, Q_ZERO = np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.2, 0.3, 0.5])


def validated(figure: go.Figure) -> go.Figure:
    """Rebuild with plotly's validation on: an invalid property raises here."""
    return go.Figure(figure.to_dict())


def test_distributions_figure_shows_p_and_q_per_outcome():
    figure = validated(distributions_figure(LOADED, FAIR))
    assert [t.name for t in figure.data] == ["P (true)", "Q (model)"]
    assert [t.marker.color for t in figure.data] == [theme.TRUE, theme.MODEL]
    assert list(figure.data[0].x) == ["1", "2", "3", "4", "5", "6"]
    np.testing.assert_allclose(figure.data[0].y, LOADED)
    np.testing.assert_allclose(figure.data[1].y, FAIR)
    assert figure.layout.barmode == "group"
    assert figure.layout.xaxis.title.text == "outcome"
    assert figure.layout.yaxis.title.text == "probability"
    assert figure.layout.title.subtitle.text == "largest gap: outcome 6 (0.375 vs 0.167)"


def test_contributions_are_the_terms_of_kl():
    c = contributions(LOADED, FAIR, base=2)
    np.testing.assert_allclose(c.terms, special.rel_entr(LOADED, FAIR) / math.log(2))
    assert c.total == pytest.approx(stats.entropy(LOADED, FAIR, base=2))
    assert c.terms.sum() == pytest.approx(c.total)
    assert c.unit == "bits"


def test_negative_contributions_are_drawn_below_zero_in_their_own_trace():
    figure = validated(contributions_figure(contributions(LOADED, FAIR, base=2)))
    above, below = figure.data
    assert above.name == "adds to KL (q < p)" and below.name == "takes away (q > p)"
    assert list(above.x) == ["6"] and list(below.x) == ["1", "2", "3", "4", "5"]
    # 0.125 log2(0.125 / (1/6)) = -0.0519 for each of faces 1-5; 0.375 log2(2.25) = 0.4387
    np.testing.assert_allclose(below.y, [0.125 * math.log2(0.75)] * 5)
    assert list(below.text) == ["-0.052"] * 5 and list(above.text) == ["+0.439"]
    assert figure.layout.yaxis.range[0] < min(below.y)  # negative bars are inside the axis
    assert figure.layout.yaxis.title.text == "bits"
    assert "0.179 bits" in figure.layout.title.subtitle.text


def test_infinite_contribution_is_cut_off_and_named():
    c = contributions(P_ZERO, Q_ZERO, base=2)
    assert math.isinf(c.terms[0]) and math.isinf(c.total)
    figure = validated(contributions_figure(c))
    above = figure.data[0]
    assert list(above.x) == ["1", "2", "3", "4"]
    top = figure.layout.yaxis.range[1]
    assert above.y[0] == top and math.isfinite(top)
    assert list(above.text) == ["∞", "+0.661", "0", "0"]  # 0.5 log2(0.5 / 0.2) = 0.661
    # ∞ inside its bar, under the legend; the axis title stays short enough for a phone.
    assert list(above.textposition) == ["inside", "outside", "outside", "outside"]
    assert figure.layout.xaxis.title.text == "outcome"


@pytest.mark.parametrize("base", [None, 2])
def test_path_curves_run_from_q_to_p(base):
    curves = path_curves(LOADED, FAIR, base=base)
    assert curves.t.shape == (PATH_POINTS,) and curves.t[0] == 0 and curves.t[-1] == 1
    h = stats.entropy(LOADED, base=base)
    assert curves.entropy == pytest.approx(h)
    assert curves.kl_divergence[0] == pytest.approx(stats.entropy(LOADED, FAIR, base=base))
    assert curves.kl_divergence[-1] == pytest.approx(0.0, abs=1e-12)
    assert curves.cross_entropy[-1] == pytest.approx(h)
    middle = 0.5 * FAIR + 0.5 * LOADED
    assert curves.kl_divergence[100] == pytest.approx(stats.entropy(LOADED, middle, base=base))
    np.testing.assert_allclose(curves.entropy + curves.kl_divergence, curves.cross_entropy)
    assert np.all(np.diff(curves.kl_divergence) <= 1e-12)


def test_path_axis_top_leaves_room_above_the_largest_finite_value():
    curves = path_curves(LOADED, FAIR, base=2)
    assert path_axis_top(curves) == pytest.approx(math.log2(6) * 1.12)  # H(P, fair) = log2 6
    infinite = path_curves(P_ZERO, Q_ZERO, base=2)
    assert math.isinf(infinite.cross_entropy[0])
    assert path_axis_top(infinite) == pytest.approx(infinite.cross_entropy[1] * 1.12)


def test_path_figure_traces_ends_and_titles():
    curves = path_curves(LOADED, FAIR, base=2)
    figure = validated(path_figure(curves, y_max=path_axis_top(curves)))
    assert [t.name for t in figure.data] == ["H(P)", "H(P,Qₜ)", "KL(P‖Qₜ)", "ends"]
    ends = figure.data[3]
    assert list(ends.x) == [0.0, 1.0] and list(ends.text) == ["Q", "P"]
    assert list(ends.y) == pytest.approx([math.log2(6), curves.entropy])
    assert figure.layout.xaxis.title.text.startswith("t (0 = your Q")
    assert figure.layout.title.subtitle.text == "KL falls from 0.179 bits to 0 at t = 1"


def test_path_figure_with_an_infinite_start():
    curves = path_curves(P_ZERO, Q_ZERO, base=2)
    top = path_axis_top(curves)
    figure = path_figure(curves, y_max=top)
    validated(figure)
    assert np.isnan(figure.data[1].y[0]) and np.isnan(figure.data[2].y[0])  # a gap, not inf
    assert np.all(np.isfinite(figure.data[1].y[1:]))
    assert figure.data[3].y[0] == top and figure.data[3].text[0] == "Q: ∞ ↑"
    assert "∞ at t = 0" in figure.layout.title.subtitle.text


def test_the_live_tables_of_a_bar_equal_core_at_every_grid_point():
    from core import decompose, kl_contributions, with_probability
    from ui.figures.categorical import die_live
    from ui.figures.live import slider_grid

    grid = slider_grid(0.0, 1.0, 0.01)
    p, q = np.array([0.4, 0.3, 0.2, 0.1]), np.full(4, 0.25)
    live = die_live(p, q, controls=["q2", "p0"], grid=grid, base=2, y_max=3.0)
    assert set(live.distributions) == set(live.contributions) == {"q2", "p0"}
    for control, name, index in (("q2", "q", 2), ("p0", "p", 0)):
        trace = "0" if name == "p" else "1"
        for i, v in enumerate(grid.values):
            moved = with_probability(p if name == "p" else q, index, v)
            ps, qs = (moved, q) if name == "p" else (p, moved)
            d = decompose(ps, qs, base=2)
            drawn = live.distributions[control]["traces"][trace][i]["y"]
            np.testing.assert_allclose(drawn, moved, rtol=0, atol=1e-15)
            expected_texts = [
                f"{x:.3f} bits" if math.isfinite(x) else "∞ bits"
                for x in (d.entropy, d.kl_divergence, d.cross_entropy)
            ]
            assert live.numbers[control][i] == expected_texts
            shares = live.contributions[control]["traces"]
            terms = kl_contributions(ps, qs, base=2)
            shown = {
                x: y
                for t in shares
                for x, y in zip(shares[t][i].get("x", []), shares[t][i].get("y", []), strict=True)
            }
            finite = np.isfinite(terms)
            for k in np.flatnonzero(finite):
                assert shown[str(k + 1)] == pytest.approx(terms[k], abs=1e-12)
    with pytest.raises(ValueError, match="`q4` is no bar of a die with 4 outcomes"):
        die_live(p, q, controls=["q4"], grid=grid, base=2, y_max=3.0)


def test_the_infinity_note_names_the_faces_the_model_rules_out():
    note = infinity_note(P_ZERO, Q_ZERO)
    assert note.startswith("∞: your model gives face 1 (50% of rolls) probability 0")
    assert infinity_note(LOADED, FAIR) is None
    # Q = 0 where P is 0 too costs nothing: 0 · log 0 counts as 0.
    assert infinity_note(np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0])) is None
    many = infinity_note(np.full(8, 0.125), np.array([1.0] + [0.0] * 7))
    assert "faces 2 (12% of rolls)" in many and "and 2 more" in many
