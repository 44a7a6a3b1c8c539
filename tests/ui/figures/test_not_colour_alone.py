"""Quantities that colour tells apart differ by more than colour: a line's dash, a bar's pattern."""

from __future__ import annotations

import numpy as np

from core import coin_decompose
from ui.figures.categorical import distributions_figure, path_curves, path_figure
from ui.figures.coin import coin_curves, coin_curves_figure


def line_styles(figure, names: list[str]) -> list[str]:
    traces = {trace["name"]: trace for trace in figure.to_dict()["data"]}
    return [traces[name]["line"].get("dash", "solid") for name in names]


def test_the_coins_three_curves_differ_by_dash():
    d = coin_decompose(0.3, 0.8, base=2)
    figure = coin_curves_figure(coin_curves(0.3, base=2), 0.8, d, y_max=3.0)
    styles = line_styles(figure, ["H(P)", "H(P,q)", "KL(P‖q)"])
    assert len(set(styles)) == 3, styles


def test_the_paths_three_curves_differ_by_dash():
    p, q = np.array([0.1, 0.2, 0.7]), np.array([1 / 3] * 3)
    figure = path_figure(path_curves(p, q, base=2), y_max=3.0)
    styles = line_styles(figure, ["H(P)", "H(P,Qₜ)", "KL(P‖Qₜ)"])
    assert len(set(styles)) == 3, styles


def test_p_and_q_bars_differ_by_pattern():
    figure = distributions_figure(np.array([0.1, 0.2, 0.7]), np.array([1 / 3] * 3))
    patterns = [
        (trace["marker"].get("pattern") or {}).get("shape", "")
        for trace in figure.to_dict()["data"]
    ]
    assert len(set(patterns)) == 2, patterns


def test_a_hatched_bar_keeps_its_colour_under_the_hatching():
    # plotly.js draws a pattern's ground only in its bgcolor: without it Q's bars were white
    # stripes on nothing.
    figure = distributions_figure(np.array([0.1, 0.2, 0.7]), np.array([1 / 3] * 3))
    for trace in figure.to_dict()["data"]:
        pattern = trace["marker"]["pattern"]
        assert pattern["bgcolor"] == trace["marker"]["color"], trace["name"]
