"""Export a figure as one standalone HTML file that plays offline, for slides.

Pure: a plotly figure in, bytes out. Nothing here imports Streamlit or touches the disk. The file
embeds plotly.js itself (about 3.6 MB), so it opens from a USB stick or a lecture hall PC with no
network. An animated figure, which in the app is played by the page's HTML controls, gets
plotly's own Play, Slow and Pause buttons and frame slider under its panels (the file has no page
around it), and does not start by itself.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import plotly.io as pio

from ui.figures.animated import BUTTONS, PLAYBACK

__all__ = ["EXPORT_TEMPLATE", "figure_html", "html_file_name"]

#: The plotly template of an exported file.
EXPORT_TEMPLATE = "plotly_white"


def figure_html(figure: go.Figure, *, title: str | None = None) -> bytes:
    """The figure as a complete HTML page with plotly.js inlined, UTF-8 encoded.

    Parameters
    ----------
    figure : go.Figure
        Any figure; an animated one gets Play, Slow and Pause buttons and a frame slider
        (:func:`with_plotly_controls`).
    title : str, optional
        The page's ``<title>`` (the browser tab); the figure's own title is used when omitted.

    Returns
    -------
    bytes
        A page that needs no network: no CDN script, no MathJax, no remote fonts. The chart
        fills the browser window's width, and an animation waits for Play.
    """
    if not isinstance(figure, go.Figure):
        raise TypeError(f"`figure` must be a plotly go.Figure, not {type(figure).__name__}")
    # Our builders set no template: in the app the chart style (common.styled_layout) and the
    # page's CSS colour it for the light and the dark theme; the file is always a white page, so
    # plotly's white template styles it, with its darker text in place of the grey.
    figure_dict = figure.to_dict()
    figure_dict["layout"]["template"] = pio.templates[EXPORT_TEMPLATE].to_plotly_json()
    figure_dict["layout"].get("font", {}).pop("color", None)
    figure_dict["layout"] = with_plotly_controls(figure_dict["layout"])
    page = pio.to_html(
        figure_dict,
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        auto_play=False,
        config={"displaylogo": False, "responsive": True},
        default_width="100%",
        validate=False,
    )
    name = title if title is not None else _figure_title(figure)
    if name:
        charset = '<meta charset="utf-8" />'
        page = page.replace(charset, f"{charset}\n    <title>{html.escape(name)}</title>", 1)
    return page.encode("utf-8")


#: Height (px) added under an animated figure for the buttons, and then for the slider.
BUTTONS_PX = 44
SLIDER_PX = 76


def with_plotly_controls(layout: dict) -> dict:
    """An animated figure's layout with plotly's Play, Slow and Pause buttons and frame slider
    under the panels, made from the playback it carries (``ui.figures.animated.controls``): the
    same frames, speeds and read-out as the app's HTML controls. Other layouts are returned as
    they are; ``layout`` is not changed."""
    playback = (layout.get("meta") or {}).get(PLAYBACK) if isinstance(layout, dict) else None
    if not playback:
        return layout
    margin = layout.get("margin", {})
    bottom = margin.get("b", 80)
    font = {"size": 14}
    buttons = [
        {"label": label, "method": "animate", "args": args}
        for label, args in zip(
            BUTTONS,
            ([None, playback["play"]], [None, playback["slow"]], [[None], playback["jump"]]),
            strict=True,
        )
    ]
    steps = [
        {"label": label, "method": "animate", "args": [[name], playback["jump"]]}
        for name, label in zip(playback["frames"], playback["labels"], strict=True)
    ]
    at_bottom = {"x": 0, "xanchor": "left", "y": 0, "yanchor": "top"}
    return {
        **layout,
        "height": layout.get("height", 450) + BUTTONS_PX + SLIDER_PX,
        "margin": {**margin, "b": bottom + BUTTONS_PX + SLIDER_PX},
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                **at_bottom,
                "pad": {"t": bottom, "b": 0, "l": 0, "r": 0},
                "font": font,
                "buttons": buttons,
            }
        ],
        "sliders": [
            {
                "active": 0,
                **at_bottom,
                "len": 1,
                "pad": {"t": bottom + BUTTONS_PX, "b": 0, "l": 0, "r": 0},
                "font": {"size": 1},
                "currentvalue": {"visible": True, "prefix": "", "font": font},
                "transition": {"duration": 0},
                "steps": steps,
            }
        ],
    }


def html_file_name(filename: str) -> str:
    """``kl-coin`` -> ``kl-coin.html``; a name that already ends in .html is kept."""
    stem = filename.strip() or "figure"
    return stem if stem.lower().endswith(".html") else f"{stem}.html"


def _figure_title(figure: go.Figure) -> str:
    text = figure.layout.title.text
    if not text:
        return ""
    # Plotly titles may carry <br> and <b> tags; a browser tab shows plain text.
    for tag in ("<br>", "<br/>", "<br />"):
        text = text.replace(tag, " · ")
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        text = text.replace(tag, "")
    return text
