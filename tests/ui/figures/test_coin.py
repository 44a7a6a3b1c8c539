"""The coin's figures: the numbers closely (against scipy), the figures lightly, and every figure
valid under plotly's own validation (the app builds them without it)."""

from __future__ import annotations

import math
import re
from html import unescape
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import stats

from core import coin_decompose
from ui import theme
from ui.figures.coin import (
    CURVE_POINTS,
    coin_curves,
    coin_curves_figure,
    coin_derivation_html,
    identity_bar_figure,
    rgba,
    titled_layout,
    value_axis_top,
)
from ui.figures.math_html import aligned, variable


def validated(figure: go.Figure) -> go.Figure:
    """Rebuild with plotly's validation on: an invalid property raises here."""
    return go.Figure(figure.to_dict())


def trace(figure: go.Figure, name: str):
    (found,) = [t for t in figure.data if t.name == name]
    return found


def reference(p: float, q: float, base: float | None) -> tuple[float, float, float]:
    """H(P), KL(P‖Q), H(P,Q) of two coins from scipy."""
    pv, qv = [p, 1 - p], [q, 1 - q]
    h = stats.entropy(pv, base=base)
    kl = stats.entropy(pv, qv, base=base)
    return h, kl, h + kl


@pytest.mark.parametrize("base", [None, 2])
@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 0.97, 1.0])
def test_curves_match_scipy_over_the_whole_grid(p, base):
    curves = coin_curves(p, base=base)
    assert curves.q.shape == (CURVE_POINTS,)
    assert curves.q[0] > 0 and curves.q[-1] < 1 and np.all(np.diff(curves.q) > 0)
    for index in (0, 137, CURVE_POINTS // 2, CURVE_POINTS - 1):
        h, kl, ce = reference(p, curves.q[index], base)
        assert curves.entropy == pytest.approx(h, abs=1e-12)
        assert curves.kl_divergence[index] == pytest.approx(kl, rel=1e-9, abs=1e-12)
        assert curves.cross_entropy[index] == pytest.approx(ce, rel=1e-9, abs=1e-12)
    assert curves.unit == ("bits" if base == 2 else "nats")


def test_the_curves_bottom_out_at_q_equals_p():
    curves = coin_curves(0.3, base=2)
    best = np.argmin(curves.cross_entropy)
    assert curves.q[best] == pytest.approx(0.3, abs=1e-3)
    assert curves.kl_divergence[best] == pytest.approx(0.0, abs=1e-5)


def test_the_value_axis_is_three_fair_coins_unless_the_value_needs_more():
    assert value_axis_top(coin_decompose(0.7, 0.4, base=2), base=2) == pytest.approx(3.0)
    assert value_axis_top(coin_decompose(0.7, 0.4), base=None) == pytest.approx(3 * math.log(2))
    # p = 0, q = 0.99: H(P,Q) = -log2(0.01) = 6.644 bits, above 3 bits: room above it
    tall = coin_decompose(0.0, 0.99, base=2)
    assert value_axis_top(tall, base=2) == pytest.approx(-math.log2(0.01) * 1.12)
    assert value_axis_top(coin_decompose(0.3, 0.0, base=2), base=2) == pytest.approx(3.0)


def curves_figure(p: float, q: float, base: float | None = 2, **kwargs) -> go.Figure:
    current = coin_decompose(p, q, base=base)
    top = value_axis_top(current, base=base)
    return coin_curves_figure(coin_curves(p, base=base), q, current, y_max=top, **kwargs)


def shape(figure: go.Figure, name: str):
    (found,) = [s for s in figure.layout.shapes if s.name == name]
    return found


def test_curves_figure_has_its_traces_axes_and_marker_at_q():
    figure = validated(curves_figure(0.3, 0.8))
    assert [t.name for t in figure.data] == [
        "H(P)",
        "H(P,q)",
        "KL(P‖q)",
        "minimum at q = p",
    ]
    assert figure.layout.xaxis.title.text == "model q = Q(heads)"
    assert figure.layout.yaxis.title.text == "bits"
    assert list(figure.layout.yaxis.range) == pytest.approx([0, 3.0])
    h, kl, ce = reference(0.3, 0.8, 2)
    # The current model: dots on both curves (on the plot's paper) and the KL gap from H(P) up
    # to H(P,q), as layout shapes.
    dots = [shape(figure, f"your model q: {name}") for name in ("H(P,q)", "KL(P‖q)")]
    assert [dot.xanchor for dot in dots] == pytest.approx([(0.8 + 0.02) / 1.04] * 2)
    assert [dot.yanchor * 3.0 for dot in dots] == pytest.approx([ce, kl])
    gap = shape(figure, "KL at q")
    assert (gap.x0, gap.x1) == (0.8, 0.8) and (gap.y0, gap.y1) == pytest.approx((h, ce))
    minimum = trace(figure, "minimum at q = p")
    assert list(minimum.x) == [0.3, 0.3] and list(minimum.y) == pytest.approx([h, 0.0])
    # The area between H(P) and H(P,q) is shaded in the KL colour.
    assert trace(figure, "H(P,q)").fill == "tonexty"
    assert trace(figure, "H(P,q)").fillcolor == rgba(theme.KL, 0.18)
    assert "1.722 bits" in figure.layout.title.text and "0.80" in figure.layout.title.text


def test_curve_values_sent_to_the_browser_keep_six_digits():
    figure = curves_figure(0.3, 0.8)
    curves = coin_curves(0.3, base=2)
    np.testing.assert_allclose(trace(figure, "H(P,q)").y, curves.cross_entropy, rtol=5e-6)
    np.testing.assert_allclose(trace(figure, "KL(P‖q)").y, curves.kl_divergence, rtol=5e-6)
    # The even grid over q travels as its start and step: point i sits at x0 + i·dx.
    for name in ("H(P,q)", "KL(P‖q)"):
        curve = trace(figure, name)
        assert curve.x is None and len(curve.y) == CURVE_POINTS
        np.testing.assert_allclose(curve.x0 + curve.dx * np.arange(CURVE_POINTS), curves.q)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.3, "H(P,q) → ∞ as q → 0 and 1 ↑"),
        (0.0, "H(P,q) → ∞ as q → 1 ↑"),
        (1.0, "H(P,q) → ∞ as q → 0 ↑"),
    ],
)
def test_infinite_ends_are_clipped_with_an_annotation(p, expected):
    figure = validated(curves_figure(p, 0.5))
    texts = [a.text for a in figure.layout.annotations]
    assert expected in texts
    assert figure.layout.yaxis.range[1] < 10  # the axis is not stretched by the ends


def test_an_infinite_current_value_is_drawn_at_the_top_and_named():
    figure = validated(curves_figure(0.3, 0.0))
    top = figure.layout.yaxis.range[1]
    dots = [shape(figure, f"your model q: {name}") for name in ("H(P,q)", "KL(P‖q)")]
    assert [dot.yanchor * top for dot in dots] == [top, top]
    assert "∞ bits" in figure.layout.title.text
    assert "KL = ∞ bits" in [a.text for a in figure.layout.annotations]


def test_presentation_size_fonts_reach_the_figure():
    figure = curves_figure(0.3, 0.8, font_size=24, height=380)
    assert figure.layout.font.size == 24 and figure.layout.height == 380
    assert figure.layout.margin.t > curves_figure(0.3, 0.8).layout.margin.t


@pytest.mark.parametrize(("p", "q"), [(0.3, 0.8), (0.3, 0.0), (0.0, 0.0)])
def test_identity_bar_carries_the_numbers_in_its_subtitle(p, q):
    d = coin_decompose(p, q, base=2)
    figure = validated(identity_bar_figure(d, y_max=3.0))
    h, kl, ce = reference(p, q, 2)
    subtitle = figure.layout.title.subtitle.text
    kl_text = "∞" if math.isinf(kl) else f"{kl:.3f}"
    ce_text = "∞ bits" if math.isinf(ce) else f"{ce:.3f} bits"
    assert subtitle == f"{h:.3f} + {kl_text} = {ce_text}"
    assert list(figure.layout.yaxis.range) == [0, 3.0]
    # Same top margin as the curves beside it, so the two value axes line up.
    assert figure.layout.margin.t == curves_figure(p, max(q, 0.01)).layout.margin.t


def derivation_blocks(p: float, q: float, base: float | None = None) -> list[str]:
    """The coin derivation's equation blocks (one table each), as HTML."""
    html = coin_derivation_html(p, q, base=base)
    assert html.startswith("<div class='kl-math-blocks'>")
    return re.findall(r"<div class='kl-math'.*?</table></div>", html)


def derivation_rows(block: str) -> list[str]:
    """An HTML equation block as its rows of plain text: cells joined by a space, tags gone,
    thin spaces as none."""
    rows = re.findall(r"<tr>(.*?)</tr>", block)
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    text = [" ".join(unescape(re.sub(r"<[^>]+>", "", c)) for c in row).strip() for row in cells]
    return [t.replace("\u2009", "") for t in text]


def test_derivation_plugs_in_the_numbers():
    cross, entropy_block, kl_block = derivation_blocks(0.3, 0.8, base=2)
    # -0.3 log2 0.8 = 0.0966, -0.7 log2 0.2 = 1.6253; 0.3 log2 0.3 = -0.5211, 0.7 log2 0.7 = -0.3602
    assert derivation_rows(cross) == [
        "H(P,Q) = −p log2 q − (1 − p) log2(1 − q)",
        "= −0.30 log2 0.80 − 0.70 log2 0.20",
        "= 0.097 + 1.625",
        "= 1.722bits",
    ]
    assert derivation_rows(entropy_block) == [
        "p log2 p + (1 − p) log2(1 − p)",
        "= 0.30 log2 0.30 + 0.70 log2 0.70",
        "= −0.521 − 0.360",
        "= −0.881bits = −H(P)",
    ]
    assert derivation_rows(kl_block) == [
        "KL(P‖Q) = H(P,Q) − H(P)",
        "= 1.722 − 0.881",
        "= 0.841bits",
    ]
    # Variables in italics, the base of the logarithm as a subscript, the unit upright.
    assert "<i>p</i>" in cross and "log<sub>2</sub>" in cross and "kl-math-unit" in cross
    assert (
        'aria-label="H(P,Q) = 1.722 bits"' in cross or "aria-label='H(P,Q) = 1.722 bits'" in cross
    )


def test_derivation_in_nats_and_at_the_edges():
    cross, _, _ = derivation_blocks(0.5, 0.5)
    assert derivation_rows(cross)[0].startswith(
        "H(P,Q) = −p ln q"
    ) and "= 0.693nats" in derivation_rows(cross)
    cross, _, kl_block = derivation_blocks(0.3, 0.0, base=2)
    assert "= ∞ + 0.000" in derivation_rows(cross) and derivation_rows(kl_block)[-1] == "= ∞bits"
    _, entropy_block, _ = derivation_blocks(0.0, 0.5, base=2)
    assert "= 0.000 + 0.000" in derivation_rows(entropy_block)  # 0 log 0 counts as 0


def test_derivation_html_escapes_what_it_is_given():
    assert variable("<b>") == "<i>&lt;b&gt;</i>"
    assert "&lt;" in aligned([("a", "= b")], label="<script>")


def test_titled_layout_makes_room_for_title_subtitle_and_legend():
    layout = validated(go.Figure(layout=titled_layout("A", "b", font_size=17))).layout
    assert layout.title.text == "A" and layout.title.subtitle.text == "b"
    assert layout.legend.orientation == "h" and layout.legend.traceorder == "normal"
    assert titled_layout("A", None)["margin"]["t"] < titled_layout("A", "b")["margin"]["t"]
    assert rgba("#D55E00", 0.5) == "rgba(213,94,0,0.5)"


def coin_live(p: float, q: float, **options) -> SimpleNamespace:
    """Both sliders' drags as the page builds them, one ``coin_drag`` each, per chart."""
    from ui.figures.coin import coin_drag

    by = {"q": coin_drag("q", p, **options), "p": coin_drag("p", q, **options)}
    return SimpleNamespace(
        bar={key: drag.bar for key, drag in by.items()},
        curves={key: drag.curves for key, drag in by.items()},
        numbers={key: drag.numbers for key, drag in by.items()},
    )


def test_the_live_tables_draw_what_the_committed_figures_draw_at_every_grid_point():
    from ui.figures.coin import FAMILY_POINTS
    from ui.figures.live import slider_grid

    grid = slider_grid(0.0, 1.0, 0.01)
    p, q = 0.3, 0.8
    top = value_axis_top(coin_decompose(p, q, base=2), base=2)
    live = coin_live(p, q, grid=grid, base=2, y_max=top)

    def spec(figure):
        return figure.to_dict()

    for i, value in enumerate(grid.values):
        at_q = coin_decompose(p, value, base=2)
        committed = spec(coin_curves_figure(coin_curves(p, base=2), value, at_q, y_max=top))
        assert live.curves["q"]["traces"] == {}  # a q drag leaves the curves alone
        # Each shape's row holds what moves (the rest is the committed figure's).
        shapes = live.curves["q"]["layout"][i]["shapes"]
        for moved, drawn in zip(shapes, committed["layout"]["shapes"], strict=True):
            assert {**drawn, **moved} == drawn
        title = live.curves["q"]["layout"][i]["title"]
        assert title["text"] == committed["layout"]["title"]["text"]
        assert "subtitle" not in title  # the least value is p's: it holds still while q moves
        assert live.numbers["q"][i] == [
            f"{v:.3f} bits" if math.isfinite(v) else "∞ bits"
            for v in (at_q.entropy, at_q.kl_divergence, at_q.cross_entropy)
        ]
        bar = spec(identity_bar_figure(at_q, y_max=top))
        rows = live.bar["q"]["traces"]
        assert "0" not in rows  # H(P) holds still while q moves
        assert [rows[str(t)][i]["y"] for t in (1, 2)] == [bar["data"][t]["y"] for t in (1, 2)]

        at_p = coin_decompose(value, q, base=2)
        curves = coin_curves(value, base=2, points=FAMILY_POINTS)
        row = {k: v[i] for k, v in live.curves["p"]["traces"].items()}
        np.testing.assert_array_equal(row["1"]["y"], curves.cross_entropy.astype(np.float32))
        np.testing.assert_array_equal(row["2"]["y"], curves.kl_divergence.astype(np.float32))
        assert row["3"]["x"] == [value, value]
        assert live.curves["p"]["layout"][i]["title"]["subtitle"]["text"].endswith(
            f"at q = p = {value:.2f}"
        )
        assert live.numbers["p"][i][2] == (
            f"{at_p.cross_entropy:.3f} bits" if math.isfinite(at_p.cross_entropy) else "∞ bits"
        )


def test_a_sliders_tables_depend_on_the_other_coin_only():
    # What lets the page keep a slider's tables while only that slider's value changes.
    from ui.figures.live import live_json, slider_grid

    grid = slider_grid(0.0, 1.0, 0.01)
    one, other = (coin_live(0.3, q, grid=grid, base=2, y_max=3.0) for q in (0.8, 0.25))
    assert live_json(one.curves["q"]) == live_json(other.curves["q"])
    assert live_json(one.bar["q"]) == live_json(other.bar["q"])
    assert live_json(one.curves["p"]) != live_json(other.curves["p"])
    one, other = (coin_live(p, 0.6, grid=grid, base=2, y_max=3.0) for p in (0.1, 0.9))
    assert live_json(one.curves["p"]) == live_json(other.curves["p"])
    assert one.numbers["p"] == other.numbers["p"]


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0-255 channels."""
    linear = [c / 255 / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted([_relative_luminance(a), _relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


#: Streamlit's light and dark page backgrounds.
PAGES = {"light": (255, 255, 255), "dark": (14, 17, 23)}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_kl_label_reads_on_the_light_and_the_dark_page(name):
    page, other = PAGES[name], next(v for k, v in PAGES.items() if k != name)
    label = next(a for a in curves_figure(0.7, 0.4).layout.annotations if a.text.startswith("KL"))
    *grey, alpha = (float(v) for v in re.findall(r"[\d.]+", label.bgcolor))
    box = tuple(alpha * g + (1 - alpha) * c for g, c in zip(grey, page, strict=True))
    text = tuple(int(label.font.color[i : i + 2], 16) for i in (1, 3, 5))
    assert _contrast(text, box) >= 3.0  # WCAG's minimum for large text
    # The box stays a shade of its page: no light box on the dark page.
    lum = _relative_luminance(box)
    assert abs(lum - _relative_luminance(page)) < abs(lum - _relative_luminance(other))
