"""Export a figure as one standalone HTML file that plays offline, for slides.

Pure: a plotly figure in, bytes out. Nothing here imports Streamlit or touches the disk. The file
embeds plotly.js itself (about 3.6 MB), so it opens from a USB stick or a lecture hall PC with no
network; an animated figure keeps its own Play/Pause buttons and slider and does not start by
itself.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["EXPORT_TEMPLATE", "figure_html", "html_file_name"]

#: The plotly template of an exported file.
EXPORT_TEMPLATE = "plotly_white"


def figure_html(figure: go.Figure, *, title: str | None = None) -> bytes:
    """The figure as a complete HTML page with plotly.js inlined, UTF-8 encoded.

    Parameters
    ----------
    figure : go.Figure
        Any figure; animation frames, Play/Pause buttons and sliders are kept.
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
