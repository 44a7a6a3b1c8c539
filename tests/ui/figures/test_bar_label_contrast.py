"""Text written inside a bar reads at least 4.5:1 against that bar (WCAG 2.2, 1.4.3), for every
bar colour and every figure that labels bars inside: checked on the figures as the app builds
them, pair by pair. Bars are opaque, so the pair is the same on the light and the dark page."""

from __future__ import annotations

import numpy as np
import pytest

from core import coin_decompose, compare_coders, decompose, symbol_codes
from tests.core.test_derivation import coin_numbers, die_numbers
from tests.ui.figures.test_fit import coin as coin_animation
from ui import theme
from ui.figures.categorical import contributions, contributions_figure
from ui.figures.coding import checkpoints, code_lengths_figure, identity_figure
from ui.figures.common import decomposition_bar_figure
from ui.figures.derivation import models_figure
from ui.figures.fit import fit_animation_figure


def _each(value, count: int) -> list:
    """A per-bar property as one value per bar (plotly repeats a single value)."""
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    return [value] * count


def inside_label_pairs(figure) -> list[tuple[str, str]]:
    """(text colour, bar colour) of every bar label plotly may put inside its bar: textposition
    "inside", or "auto" (plotly's default: inside when it fits). A label without a colour of its
    own is listed as ``None``: plotly's automatic choice is not checked against 4.5:1."""
    pairs = []
    for trace in figure.to_dict()["data"]:
        if trace.get("type") != "bar" or trace.get("text") is None:
            continue
        count = len(_each(trace["text"], 1))
        positions = _each(trace.get("textposition", "auto"), count)
        font = trace.get("insidetextfont") or trace.get("textfont") or {}
        text_colours = _each(font.get("color"), count)
        bar_colours = _each(trace["marker"]["color"], count)
        assert "opacity" not in trace["marker"] and "opacity" not in trace, "bars are opaque"
        pairs += [
            (text, bar)
            for position, text, bar in zip(positions, text_colours, bar_colours, strict=True)
            if position in ("inside", "auto")
        ]
    return pairs


def _coding():
    p, q = np.array([0.3, 0.7]), np.array([0.8, 0.2])
    outcomes = np.random.default_rng(1).choice(2, size=2000, p=p)
    return compare_coders(outcomes, p, q, checkpoints=checkpoints(2000))


def _coding_ruled_out():
    p, q = np.array([0.3, 0.7]), np.array([0.0, 1.0])
    outcomes = np.random.default_rng(1).choice(2, size=500, p=p)
    return compare_coders(outcomes, p, q, checkpoints=checkpoints(500))


_INFINITE_P, _INFINITE_Q = [0.1, 0.2, 0.3, 0.4], [0.0, 0.5, 0.25, 0.25]

#: Every figure that writes inside its bars, in the states that put labels there.
FIGURES = {
    "identity bar": lambda: decomposition_bar_figure(coin_decompose(0.3, 0.8, base=2)),
    "identity bar, KL infinite": lambda: decomposition_bar_figure(coin_decompose(0.3, 1.0, base=2)),
    "animated identity panel": lambda: fit_animation_figure(coin_animation(), title="t"),
    "coding identity": lambda: identity_figure(_coding()),
    "coding identity, ruled out": lambda: identity_figure(_coding_ruled_out()),
    "code lengths, infinite": lambda: code_lengths_figure(
        symbol_codes(_INFINITE_P, _INFINITE_Q).expected,
        decompose(_INFINITE_P, _INFINITE_Q, base=2),
    ),
    "derivation models, coin": lambda: models_figure(coin_numbers()),
    "derivation models, die": lambda: models_figure(die_numbers()),
    "KL per outcome, infinite": lambda: contributions_figure(
        contributions(np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.2, 0.3, 0.5]), base=2)
    ),
}


@pytest.mark.parametrize("name", FIGURES)
def test_every_label_inside_a_bar_reads_four_and_a_half_to_one(name):
    pairs = inside_label_pairs(FIGURES[name]())
    assert pairs, f"{name}: no label inside a bar (the state no longer exercises one)"
    for text, bar in pairs:
        assert text is not None, f"{name}: a label inside a {bar} bar has no colour of its own"
        ratio = theme.contrast_ratio(text, bar)
        assert ratio >= theme.TEXT_CONTRAST, f"{name}: {text} on {bar}: {ratio:.2f}:1"


def test_the_identity_bars_text_is_light_on_blue_and_dark_on_vermillion_and_pink():
    colours = dict((bar, text) for text, bar in inside_label_pairs(FIGURES["identity bar"]()))
    assert colours == {
        theme.ENTROPY: theme.LIGHT_TEXT,
        theme.KL: theme.DARK_TEXT,
        theme.CROSS_ENTROPY: theme.DARK_TEXT,
    }


@pytest.mark.parametrize("name", ["ENTROPY", "KL", "CROSS_ENTROPY", "TRUE", "MODEL", "NEUTRAL"])
def test_text_on_any_bar_colour_of_the_palette_reads_four_and_a_half_to_one(name):
    bar = getattr(theme, name)
    assert theme.contrast_ratio(theme.text_on(bar), bar) >= theme.TEXT_CONTRAST
