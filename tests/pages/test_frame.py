"""The shared frame without a browser: presentation mode from the toggle and from `present=1`,
carried between pages, the link to the current view, and the chart toolbar's export settings.

The overview (app.py) is the page under test: it starts with the frame like every lesson.
"""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.charts import charts
from ui.frame import MAIN_CHART, PRESENT_CSS, _share_html, chart_config

TIMEOUT = 30


def _overview(**params: str) -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _html_bodies(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def _share_link(at: AppTest) -> str:
    (body,) = [b for b in _html_bodies(at) if "kl-share" in b and "<input" in b]
    value = body.split('value="', 1)[1].split('"', 1)[0]
    return unescape(value)


def _presented(at: AppTest) -> bool:
    return any(PRESENT_CSS.strip() == body.strip() for body in _html_bodies(at))


def test_presentation_mode_is_off_by_default():
    at = _overview()
    assert not at.exception
    assert at.toggle(key="present").value is False
    assert not _presented(at)
    assert "present" not in at.query_params


@pytest.mark.parametrize("spelling", ["1", "true", "on", "yes", "TRUE"])
def test_a_link_with_present_turns_presentation_mode_on(spelling):
    at = _overview(present=spelling)
    assert not at.exception
    assert at.toggle(key="present").value is True
    assert _presented(at)
    assert not at.warning


@pytest.mark.parametrize("spelling", ["0", "false", "off"])
def test_a_link_can_say_presentation_mode_off(spelling):
    at = _overview(present=spelling)
    assert at.toggle(key="present").value is False
    assert not _presented(at)
    assert not at.warning


def test_a_malformed_present_value_is_named_in_a_note_and_ignored():
    at = _overview(present="maybe")
    assert not at.exception
    assert at.toggle(key="present").value is False
    assert not _presented(at)
    (note,) = at.warning
    assert "present=maybe" in note.value and "present=1" in note.value


def test_the_toggle_writes_present_1_into_the_url_and_removes_it_again():
    at = _overview()
    at.toggle(key="present").set_value(True).run()
    assert at.query_params["present"] == "1"
    assert _presented(at)
    at.toggle(key="present").set_value(False).run()
    assert "present" not in at.query_params
    assert not _presented(at)


def test_presentation_mode_turned_off_stays_off_on_the_next_rerun():
    at = _overview(present="1")
    at.toggle(key="present").set_value(False).run()
    at.run()
    assert at.toggle(key="present").value is False
    assert not _presented(at)


def test_presentation_mode_follows_the_session_to_another_page():
    at = _overview()
    at.toggle(key="present").set_value(True).run()
    at.query_params.clear()  # a page link opens the next page without parameters
    at.switch_page("pages/coin.py").run()
    assert not at.exception
    assert at.toggle(key="present").value is True
    assert _presented(at)


def test_the_link_to_this_view_carries_the_query_parameters():
    at = _overview(unit="nats", present="1")
    link = _share_link(at)
    assert "unit=nats" in link
    assert "present=1" in link


def test_the_link_to_this_view_follows_the_toggle():
    at = _overview()
    assert "present" not in _share_link(at)
    at.toggle(key="present").set_value(True).run()
    assert "present=1" in _share_link(at)


def test_the_share_box_sits_in_the_sidebar():
    at = _overview()
    assert any(e.type == "html" for e in at.sidebar)


def test_chart_toolbar_downloads_png_with_the_file_name_and_no_logo():
    config = chart_config("kl-coin")
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["filename"] == "kl-coin"
    assert config["displaylogo"] is False


def _chart_script(animated: bool) -> None:
    import plotly.graph_objects as go

    from ui.frame import show_chart

    frames = [go.Frame(name="1", data=[go.Scatter(y=[1, 2])])] if animated else None
    figure = go.Figure(data=[go.Scatter(y=[0, 1])], frames=frames)
    figure.update_layout(title="KL = 0.841 bits")
    show_chart(figure, key="main", filename="kl-test")


@pytest.mark.parametrize("animated", [False, True])
def test_show_chart_offers_an_html_file_for_animations_only(animated):
    at = AppTest.from_function(_chart_script, args=(animated,), default_timeout=TIMEOUT).run()
    assert not at.exception
    (chart,) = charts(at)
    # A still figure is a live chart that stays mounted; an animation is a st.plotly_chart.
    assert chart["live"] is not animated
    assert chart["key"] == "main"
    assert chart["config"]["toImageButtonOptions"]["filename"] == "kl-test"
    assert chart["figure"]["layout"]["title"]["text"] == "KL = 0.841 bits"
    buttons = at.get("download_button")
    if animated:
        (button,) = buttons
        assert "HTML" in button.label
        # The file is made when the button is pressed, not on every run (it is megabytes).
        assert button.proto.deferred_file_id
    else:
        assert not buttons


def test_the_main_chart_key_is_main():
    assert MAIN_CHART == "main"


def test_the_frame_script_survives_the_html_sanitiser():
    # DOMPurify (st.html) drops a <script> whose text holds "<" before a letter, "/" or "!";
    # the share box and the SVG button would then silently do nothing.
    import re

    from ui.frame import _SHARE_SCRIPT

    body = _SHARE_SCRIPT.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    assert body.strip()
    assert not re.search(r"<[/\w!]", body)


ATTACK = '"><img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_a_hostile_link_reaches_the_share_box_only_as_text():
    # The share box is the one st.html that allows JavaScript; the link in it comes from the URL.
    at = _overview(note=ATTACK)
    (body,) = [b for b in _html_bodies(at) if "kl-share" in b and "<input" in b]
    markup = body.split("<script>", 1)[0]  # the box, before the frame's own script
    assert "<img" not in markup and 'onerror="' not in markup
    assert body.count("<script>") == 1  # only the frame's own
    assert parse_qs(urlsplit(_share_link(at)).query)["note"] == [ATTACK]


def test_the_share_box_escapes_whatever_link_it_is_given():
    markup = _share_html("https://example.org/coin" + ATTACK).split("<script>", 1)[0]
    assert "<img" not in markup and 'onerror="' not in markup
    assert unescape(markup.split('value="', 1)[1].split('"', 1)[0]).endswith(ATTACK)
