"""/coding's figures: the numbers they carry (measured bits from core, computed bits), their
traces and titles lightly, and plotly's own validation (the app builds them without it)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from core import (
    coin_example,
    compare_coders,
    decompose,
    die_example,
    huffman_code,
    symbol_codes,
    write_bit_stream,
)
from ui.figures.coding import (
    CURVE_POINTS,
    bit_stream_html,
    checkpoints,
    code_lengths_figure,
    code_table,
    convergence_figure,
    identity_figure,
    ruled_out_text,
)

P, Q = np.array([0.3, 0.7]), np.array([0.8, 0.2])


def validated(figure: go.Figure) -> go.Figure:
    """Rebuild with plotly's validation on: an invalid property raises here."""
    return go.Figure(figure.to_dict())


def _sample(p: np.ndarray, n: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).choice(p.shape[0], size=n, p=p)


@pytest.fixture(scope="module")
def coin():
    outcomes = _sample(P, 10_000)
    return compare_coders(outcomes, P, Q, checkpoints=checkpoints(10_000))


@pytest.fixture(scope="module")
def ruled_out():
    """Q gives heads probability 0 and the sample has heads."""
    q = np.array([0.0, 1.0])
    return compare_coders(_sample(P, 500), P, q, checkpoints=checkpoints(500))


def test_checkpoints_are_log_spaced_whole_numbers_from_1_to_n():
    points = checkpoints(1_000_000)
    assert points[0] == 1 and points[-1] == 1_000_000
    assert len(points) <= CURVE_POINTS and np.all(np.diff(points) > 0)
    assert checkpoints(3).tolist() == [1, 2, 3]


def test_convergence_curves_are_the_measured_bits_per_outcome(coin):
    truth = decompose(P, Q, base=2)
    figure = validated(convergence_figure(coin, truth))
    q_curve, p_curve, *levels = figure.data
    assert q_curve.name == "Q's coder" and p_curve.name == "P's coder"
    expected = coin.with_q.prefix_bits / coin.with_q.prefix_counts
    assert np.allclose(q_curve.y, expected)
    assert q_curve.x[-1] == 10_000
    assert abs(q_curve.y[-1] - truth.cross_entropy) < 0.03
    assert abs(p_curve.y[-1] - truth.entropy) < 0.03
    assert [t.name for t in levels] == ["H(P,Q) = 1.722 bits", "H(P) = 0.881 bits"]
    assert figure.layout.xaxis.type == "log"
    assert figure.layout.yaxis.title.text == "bits per outcome"


def test_convergence_says_when_q_cannot_code_the_sample(ruled_out):
    truth = decompose(P, [0.0, 1.0], base=2)
    figure = validated(convergence_figure(ruled_out, truth))
    label, mark = figure.layout.annotations
    assert label.text == "H(P) = 0.881 bits"
    assert f"Q's coder stops at outcome {ruled_out.with_q.unencodable_at + 1}" in mark.text
    # No H(P,Q) line: it is infinite.
    assert [t.name for t in figure.data][2:] == ["H(P) = 0.881 bits"]
    assert figure.data[0].x[-1] < ruled_out.with_q.unencodable_at + 1


def test_identity_puts_measured_bits_beside_computed_ones(coin):
    figure = validated(identity_figure(coin))
    floor, extra = figure.data
    n = coin.with_q.count
    assert list(floor.x) == ["computed", "measured"]
    assert floor.y[0] == pytest.approx(coin.computed.entropy)
    assert extra.y[0] == pytest.approx(coin.computed.kl_divergence)
    assert floor.y[1] == pytest.approx(coin.with_p.bits / n)
    assert extra.y[1] == pytest.approx(coin.wasted_bits / n)
    assert floor.y[1] + extra.y[1] == pytest.approx(coin.with_q.bits / n)


def test_identity_draws_an_uncodable_message_as_infinite(ruled_out):
    figure = validated(identity_figure(ruled_out))
    extra = figure.data[1]
    assert all("∞" in text for text in extra.customdata)
    assert floor_top(figure) == pytest.approx(figure.layout.yaxis.range[1])


def floor_top(figure: go.Figure) -> float:
    floor, extra = figure.data
    return floor.y[1] + extra.y[1]


def test_code_lengths_against_their_bands():
    truth = decompose(P, Q, base=2)
    figure = validated(code_lengths_figure(symbol_codes(P, Q).expected, truth))
    (bars,) = figure.data
    assert list(bars.y) == pytest.approx([1.0, 0.3 * 1 + 0.7 * 3, 1.0, 0.3 * 2 + 0.7 * 1])
    bands = figure.layout.shapes
    assert [b.y0 for b in bands] == pytest.approx([truth.cross_entropy, truth.entropy])
    assert [b.y1 - b.y0 for b in bands] == pytest.approx([1.0, 1.0])


def test_an_infinite_code_length_is_a_solid_bar_labelled_infinity():
    p, q = [0.1, 0.2, 0.3, 0.4], [0.0, 0.5, 0.25, 0.25]
    truth = decompose(p, q, base=2)
    (bars,) = validated(code_lengths_figure(symbol_codes(p, q).expected, truth)).data
    assert list(bars.text[:2]) == ["∞ bits", "∞ bits"]
    assert list(bars.textposition) == ["inside", "inside", "outside", "outside"]
    assert list(bars.marker.pattern.shape) == ["", "", "", "/"]
    assert (
        bars.y[0]
        == bars.y[1]
        == figure_top(code_lengths_figure(symbol_codes(p, q).expected, truth))
    )


def figure_top(figure: go.Figure) -> float:
    return figure.layout.yaxis.range[1]


def test_code_table_lists_codewords_and_lengths():
    q = np.array([0.0, 0.5, 0.25, 0.25])
    p = np.full(4, 0.25)
    codes = symbol_codes(p, q)
    outcomes = ("1", "2", "3", "4")
    for_q = code_table(outcomes, codes.huffman_q, codes.shannon_q, name="Q")
    assert for_q["outcome"] == ["1", "2", "3", "4"]
    assert for_q["Q"] == ["0", "0.5", "0.25", "0.25"]
    assert for_q["Huffman codeword"][0] == "none (probability 0)"
    assert for_q["length (bits)"] == ["∞", "1", "2", "2"]
    assert for_q["Shannon length ⌈−log₂ q⌉ (bits)"] == ["∞", "1", "2", "2"]
    for_p = code_table(outcomes, codes.huffman_p, codes.shannon_p, name="P")
    assert sorted(for_p["Huffman codeword"]) == ["00", "01", "10", "11"]
    assert for_p["Shannon length ⌈−log₂ p⌉ (bits)"] == ["2", "2", "2", "2"]
    assert len({len(column) for column in for_q.values()}) == 1


def test_the_levels_are_labelled_on_their_lines_and_the_legend_names_the_coders(coin):
    # Four long legend entries covered the curves on a phone-wide chart.
    assert figure_legend_is_inside_top_right(coin)
    truth = decompose(P, Q, base=2)
    figure = validated(convergence_figure(coin, truth))
    assert [t.name for t in figure.data if t.showlegend is not False] == ["Q's coder", "P's coder"]
    cross, plain = figure.layout.annotations
    assert (cross.text, cross.y, cross.yanchor) == (
        "H(P,Q) = 1.722 bits",
        truth.cross_entropy,
        "bottom",
    )
    assert (plain.text, plain.y, plain.yanchor) == ("H(P) = 0.881 bits", truth.entropy, "top")


def figure_legend_is_inside_top_right(coin) -> bool:
    legend = convergence_figure(coin, decompose(P, Q, base=2)).layout.legend
    return (legend.x, legend.y, legend.xanchor, legend.yanchor) == (1, 1, "right", "top")


def test_a_level_near_zero_is_labelled_above_its_line():
    certain = compare_coders([0] * 50, [1.0, 0.0], [0.5, 0.5])
    figure = validated(convergence_figure(certain, decompose([1.0, 0.0], [0.5, 0.5], base=2)))
    plain = figure.layout.annotations[1]
    assert (plain.text, plain.yanchor, plain.x) == ("H(P) = 0.000 bits", "bottom", 0)


def test_identity_labels_put_the_value_on_its_own_line(coin):
    floor, extra = validated(identity_figure(coin)).data
    for text in [*floor.text, *extra.text]:
        name, value = text.split("<br>")
        assert value.endswith(" bits") and "bits" not in name


def test_bit_stream_shows_each_codeword_with_its_outcome_and_the_stop():
    code = huffman_code([0.0, 0.5, 0.5])
    stream = write_bit_stream(code, [1, 2, 0, 1], count=4)
    html = bit_stream_html(stream, ("H", "T", "<x>"), label="Q's code")
    assert html.count("class='kl-word'") == 2
    assert "&lt;x&gt;" in html and "<x>" not in html
    assert "H: stops here" in html
    assert math.isfinite(code.lengths[1])


def test_ruled_out_text_explains_infinite_kl_and_what_the_coder_did(ruled_out):
    text = ruled_out_text(coin_example(0.3, 0.0), ruled_out.with_q)
    assert "Q gives H probability 0, yet P produces it (P(H) = 0.3)" in text
    assert f"position {ruled_out.with_q.unencodable_at + 1}" in text
    lucky = compare_coders([1, 1], P, [0.0, 1.0])
    assert "happens to contain no H" in ruled_out_text(coin_example(0.3, 0.0), lucky.with_q)
    assert ruled_out_text(die_example([0.5, 0.5], [0.5, 0.5]), lucky.with_p) is None
