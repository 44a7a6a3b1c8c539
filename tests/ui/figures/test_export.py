"""The standalone HTML export: one file with plotly.js inside, the frames kept, no autoplay."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from ui.figures.animated import BUTTONS, PLAYBACK, controls
from ui.figures.common import base_layout, make_figure
from ui.figures.export import (
    BUTTONS_PX,
    SLIDER_PX,
    figure_html,
    html_file_name,
    with_plotly_controls,
)


def _animated_figure() -> go.Figure:
    frames = [
        {"name": str(i), "data": [{"type": "scatter", "x": [0, 1], "y": [0, i]}]} for i in range(4)
    ]
    layout = base_layout(title="KL(P‖Q) = 0.841 bits<br>step <b>3</b>")
    names = [str(i) for i in range(4)]
    layout["meta"] = controls(names, [f"t = {i}" for i in range(4)], title_height=40).playback
    return make_figure([{"type": "scatter", "x": [0, 1], "y": [0, 0]}], layout, frames)


def test_the_page_is_complete_and_carries_plotly_js_itself():
    page = figure_html(_animated_figure()).decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "</html>" in page
    # plotly.js is inlined (megabytes), not fetched from a CDN.
    assert len(page) > 1_000_000
    assert not re.search(r"<script[^>]+src=", page), "the page loads a script from elsewhere"
    assert "mathjax.js" not in page.lower()


def test_the_frames_and_the_play_button_are_kept_and_nothing_autoplays():
    figure = _animated_figure()
    page = figure_html(figure).decode("utf-8")
    # The frames are added with Plotly.addFrames; autoplay would call Plotly.animate at load.
    assert "addFrames" in page
    assert "Plotly.animate" not in page
    frame_json = page[page.index("addFrames") :]
    for i in range(4):
        assert f'"name":"{i}"' in frame_json.replace(" ", "")
    assert '"label":"\\u25b6 Play"' in page or '"label":"▶ Play"' in page


def test_an_animation_gets_plotlys_buttons_and_slider_under_its_panels_from_its_playback():
    layout = _animated_figure().to_dict()["layout"]
    playback = layout["meta"][PLAYBACK]
    exported = with_plotly_controls(layout)
    (menu,) = exported["updatemenus"]
    assert [b["label"] for b in menu["buttons"]] == list(BUTTONS)
    play, slow, pause = (b["args"] for b in menu["buttons"])
    assert play == [None, playback["play"]] and slow == [None, playback["slow"]]
    assert pause == [[None], playback["jump"]]
    (slider,) = exported["sliders"]
    assert [s["args"][0] for s in slider["steps"]] == [["0"], ["1"], ["2"], ["3"]]
    assert [s["label"] for s in slider["steps"]] == ["t = 0", "t = 1", "t = 2", "t = 3"]
    # under the panels, with room made for them
    assert menu["y"] == slider["y"] == 0 and menu["yanchor"] == slider["yanchor"] == "top"
    assert exported["margin"]["b"] == layout["margin"]["b"] + BUTTONS_PX + SLIDER_PX
    assert exported["height"] == layout["height"] + BUTTONS_PX + SLIDER_PX
    assert "updatemenus" not in layout  # not changed


def test_a_still_figure_gets_no_controls():
    layout = make_figure([{"type": "bar", "x": ["a"], "y": [1]}], base_layout()).to_dict()
    assert with_plotly_controls(layout["layout"]) == layout["layout"]


def test_the_browser_tab_shows_the_figure_title_as_plain_text():
    page = figure_html(_animated_figure()).decode("utf-8")
    assert "<title>KL(P‖Q) = 0.841 bits · step 3</title>" in page
    own = figure_html(_animated_figure(), title="Coin <lesson>").decode("utf-8")
    assert "<title>Coin &lt;lesson&gt;</title>" in own


def test_a_figure_without_a_title_gets_no_title_tag():
    figure = make_figure([{"type": "bar", "x": ["a"], "y": [1]}], base_layout())
    head = figure_html(figure).decode("utf-8").split("</head>")[0]
    assert "<title>" not in head


def test_only_figures_are_exported():
    with pytest.raises(TypeError, match="figure"):
        figure_html({"data": []})


@pytest.mark.parametrize(
    ("name", "expected"),
    [("kl-coin", "kl-coin.html"), ("fit.HTML", "fit.HTML"), ("  ", "figure.html")],
)
def test_html_file_name(name, expected):
    assert html_file_name(name) == expected


def test_the_file_uses_a_white_background_not_plotlys_grey_default():
    page = figure_html(_animated_figure()).decode("utf-8")
    assert '"plot_bgcolor":"white"' in page.replace(" ", "")
    assert "#E5ECF6" not in page.split("addFrames")[0][-20_000:]
