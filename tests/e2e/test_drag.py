"""Dragging in a real browser (ui.drag): the chart follows the pointer before the release, and
after it the link, the metrics and the derivation hold what core gives for the final state, which
a fresh browser on that link shows too. A keyboard step, and a bar of Q dragged in the die's
chart."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from core import coin_decompose, decompose, parse_distribution
from tests.e2e.conftest import PHONE, PROJECTOR, settle
from ui.figures.common import format_value

pytestmark = pytest.mark.e2e

METRICS = "[data-testid=stMetricValue]"
#: Where the current model's KL gap (a layout shape) is drawn on the curves, in q: its drawn
#: path's x, read back through plotly's axis. While dragging, the chart moves what plotly drew
#: (static/kl/live_quick.js) and plotly's own figure stays the committed one, so the drawing is
#: read.
GAP_X = """(() => {
    const chart = document.querySelector('.st-key-main .js-plotly-plot');
    const d = chart.querySelector('.shapelayer path[data-index="0"]').getAttribute('d');
    const axis = chart._fullLayout.xaxis;
    return Math.round(100 * axis.p2l(Number(/^M([-\\d.e]+)/.exec(d)[1]) - axis._offset)) / 100;
})()"""


def coin_texts(p: float, q: float) -> list[str]:
    d = coin_decompose(p, q, base=2)
    return [format_value(float(v), "bits") for v in (d.entropy, d.kl_divergence, d.cross_entropy)]


def wait_for_link(page, key: str, value: float) -> None:
    """Until the address bar holds ``key=value``."""
    page.wait_for_function(
        "([k, v]) => new URL(location.href).searchParams.get(k) === v", arg=[key, f"{value:g}"]
    )


def params(page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def marker(page) -> dict:
    """The current model's KL gap on the curves (a layout shape), as plotly has it and as it is
    drawn (SVG)."""
    return page.evaluate(
        f"""() => {{
            const chart = document.querySelector('.st-key-main .js-plotly-plot');
            const path = chart.querySelector('.shapelayer path[data-index="0"]');
            return {{x: {GAP_X}, drawn: path.getAttribute('d'),
                    title: chart.querySelector('.gtitle').textContent}};
        }}"""
    )


def test_dragging_q_moves_the_chart_before_the_release_and_commits_on_it(new_page, app_url):
    page = new_page(app_url + "/coin?p=0.3&q=0.8&unit=bits", PROJECTOR)
    slider = page.locator(".st-key-q").get_by_role("slider", name="Model coin: q = Q(heads)")
    assert slider.evaluate("(e) => getComputedStyle(e).touchAction") == "none"
    before = marker(page)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    for share in np.linspace(0.2, 0.5, 8):
        page.mouse.move(box["x"] + box["width"] * share, y)
    # Still dragging: the marker, its drawing and the title moved; nothing was committed.
    page.wait_for_function(
        f"(x) => {GAP_X} < x - 0.2",
        arg=before["x"],
    )
    # With the pointer held still, the chart and the numbers catch up with it.
    q_during = float(slider.input_value())
    page.wait_for_function(
        f"(q) => {GAP_X} === q",
        arg=q_during,
    )
    during = marker(page)
    assert during["drawn"] != before["drawn"] and during["title"] != before["title"]
    # Both charts followed by moving what plotly drew, not by new figures for plotly.
    quick = "() => [...document.querySelectorAll('.kl-live-chart')].map((g) => g.__klQuickDraws)"
    assert all(n and n > 0 for n in page.evaluate(quick))
    assert f"At q = {q_during:.2f}" in during["title"]
    assert page.locator(METRICS).all_inner_texts() == coin_texts(0.3, q_during)
    assert params(page)["q"] == "0.8"
    page.mouse.up()
    q = float(slider.input_value())
    wait_for_link(page, "q", q)
    settle(page)
    assert params(page)["p"] == "0.3" and params(page)["q"] == f"{q:g}"
    assert page.locator(METRICS).all_inner_texts() == coin_texts(0.3, q)
    cross = coin_texts(0.3, q)[2].split()[0]
    assert cross in page.locator(".kl-math-blocks").inner_text()
    assert page.locator(".kl-share input").input_value() == page.url
    assert page.errors == []

    fresh = new_page(page.url, PROJECTOR)
    assert fresh.locator(METRICS).all_inner_texts() == coin_texts(0.3, q)
    assert float(fresh.locator(".st-key-q").get_by_role("slider").input_value()) == q
    assert marker(fresh)["x"] == pytest.approx(q)


def test_dragging_p_moves_the_whole_curve_family(new_page, app_url):
    page = new_page(app_url + "/coin?p=0.3&q=0.8&unit=bits", PROJECTOR)
    slider = page.locator(".st-key-p").get_by_role("slider", name="True coin: p = P(heads)")
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    for share in np.linspace(0.3, 0.6, 6):
        page.mouse.move(box["x"] + box["width"] * share, y)
    # The minimum (the diamond at q = p) follows p before the release: where it is drawn.
    page.wait_for_function(
        """() => {
            const chart = document.querySelector('.st-key-main .js-plotly-plot');
            const diamond = chart.querySelectorAll('.scatterlayer .trace')[3]
                .querySelector('path.point').getAttribute('transform');
            const x = Number(/translate\\(([-\\d.e]+)/.exec(diamond)[1]);
            return chart._fullLayout.xaxis.p2l(x) > 0.45;
        }"""
    )
    assert params(page)["p"] == "0.3"
    page.mouse.up()
    p = float(slider.input_value())
    wait_for_link(page, "p", p)
    settle(page)
    assert page.locator(METRICS).all_inner_texts() == coin_texts(p, 0.8)


def test_the_keyboard_steps_pages_and_jumps_to_the_ends(new_page, app_url):
    page = new_page(app_url + "/coin?p=0.3&q=0.8&unit=bits", PROJECTOR)
    slider = page.locator(".st-key-q").get_by_role("slider")
    assert slider.get_attribute("aria-valuetext") == "q = 0.80"
    slider.focus()
    for key, q in (("ArrowRight", "0.81"), ("PageDown", "0.71"), ("Home", "0"), ("End", "1")):
        page.keyboard.press(key)
        page.wait_for_function(
            "(q) => new URL(location.href).searchParams.get('q') === q", arg=q, timeout=30_000
        )
        settle(page)
        assert page.locator(METRICS).all_inner_texts() == coin_texts(0.3, float(q)), key
        assert slider.get_attribute("aria-valuetext") == f"q = {float(q):.2f}"


def test_a_key_press_commits_at_once_and_a_held_key_when_it_comes_up(new_page, app_url):
    page = new_page(app_url + "/coin?p=0.3&q=0.8&unit=bits", PROJECTOR)
    slider = page.locator(".st-key-q").get_by_role("slider")
    slider.focus()
    # Pressed and still down: committed, as Streamlit's own slider commits.
    page.keyboard.down("ArrowRight")
    wait_for_link(page, "q", 0.81)
    settle(page)
    # Held: after the keyboard's repeat delay (about half a second, long after that commit has
    # come) the repeats move the slider and the page follows from the live tables, with no
    # commit until the key comes up (Playwright sends a held key's repeats with repeat set).
    for _ in range(3):
        page.keyboard.down("ArrowRight")
    page.wait_for_function("() => document.querySelector('.st-key-q input').value === '0.84'")
    page.wait_for_function(
        "(t) => document.querySelectorAll('[data-testid=stMetricValue]')[2].textContent === t",
        arg=coin_texts(0.3, 0.84)[2],
    )
    page.wait_for_timeout(300)
    assert params(page)["q"] == "0.81"
    page.keyboard.up("ArrowRight")
    wait_for_link(page, "q", 0.84)
    settle(page)
    assert page.locator(METRICS).all_inner_texts() == coin_texts(0.3, 0.84)


BAR = """() => {
    const g = document.querySelector('.st-key-coin_bar .js-plotly-plot');
    return {revision: g.layout.datarevision, sent: g.data.map((t) => Array.from(t.y)),
            drawn: g._fullData.map((t) => Array.from(t.y))};
}"""


def test_a_released_bar_is_drawn_while_the_server_works_and_the_commit_keeps_it(new_page, app_url):
    """The bar's rows hold exact numbers, so plotly draws the released row as soon as the
    commit has gone; the committed figure, the same bars, keeps that drawing (its revision)
    and is not drawn again. The bars drawn are core's for the committed state."""
    page = new_page(app_url + "/coin?p=0.3&q=0.8&unit=bits", PROJECTOR)
    slider = page.locator(".st-key-p").get_by_role("slider")
    slider.focus()  # p's tables come when the focus reaches p
    page.wait_for_function(
        "() => !!document.querySelector('.st-key-coin_bar .js-plotly-plot').__klTablesFor('p')"
    )
    page.keyboard.press("ArrowRight")
    wait_for_link(page, "p", 0.31)
    settle(page)
    bar = page.evaluate(BAR)
    assert bar["revision"].endswith("|p:31"), bar["revision"]
    d = coin_decompose(0.31, 0.8, base=2)
    expected = [d.entropy, d.kl_divergence, d.cross_entropy]
    for bars in (bar["sent"], bar["drawn"]):  # one bar in each trace
        assert [y for (y,) in bars] == pytest.approx(expected, rel=1e-12)
    assert page.locator(METRICS).all_inner_texts() == coin_texts(0.31, 0.8)


DIE_P = [0.4, 0.3, 0.2, 0.1]
DIE_Q = [0.25, 0.25, 0.25, 0.25]


@pytest.mark.parametrize(("name", "trace"), [("q", 1), ("p", 0)])
def test_dragging_a_bar_rescales_the_others_and_commits(new_page, app_url, name, trace):
    url = app_url + "/categorical?k=4&p=0.4,0.3,0.2,0.1&q=0.25,0.25,0.25,0.25&unit=bits"
    page = new_page(url, PROJECTOR)
    chart = page.locator(".st-key-die_distributions .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    label = {"q": "Q (model)", "p": "P (true)"}[name]
    handle = page.get_by_role("slider", name=f"{label}: probability of outcome 3")
    start = {"q": DIE_Q, "p": DIE_P}[name]
    assert handle.get_attribute("aria-valuetext") == f"{name.upper()}(3) = {start[2]:.2f}"
    assert handle.evaluate("(e) => getComputedStyle(e).touchAction") == "none"
    box = handle.bounding_box()
    x = box["x"] + box["width"] / 2
    level = chart.evaluate(
        "(g, v) => g.getBoundingClientRect().top + g._fullLayout._size.t"
        " + g._fullLayout.yaxis.l2p(v)",
        start[2],
    )
    page.mouse.move(x, level)  # pointing at the bar asks for its tables
    page.wait_for_function(
        f"() => [...document.querySelectorAll('.kl-live-chart')]"
        f".filter((g) => g.__klTablesFor && g.__klTablesFor('{name}2')).length === 3"
    )
    settle(page)
    page.mouse.down()
    for share in np.linspace(0.0, 1.0, 10):
        page.mouse.move(x, level - share * (level - (box["y"] + box["height"] * 0.4)))
    # The dragged distribution's bars as drawn, read back through plotly's axis.
    drawn = f"""(g) => [...g.querySelectorAll('.barlayer .trace')[{trace}].querySelectorAll('path')]
        .map((bar) => /V([-\\d.e]+)H/.exec(bar.getAttribute('d'))[1])
        .map((top) => g._fullLayout.yaxis.p2l(Number(top)))"""
    chart.evaluate(
        f"""(g) => new Promise((done) => {{
            const look = () => ({drawn})(g)[2] > 0.4 ? done() : requestAnimationFrame(look);
            look();
        }})"""
    )
    during = chart.evaluate(drawn)
    assert sum(during) == pytest.approx(1.0, abs=0.01)  # to the drawing's pixel
    # The others shrank in proportion: each keeps its share of what is left.
    rest = [v for i, v in enumerate(start) if i != 2]
    shrunk = [v for i, v in enumerate(during) if i != 2]
    scale = (1 - during[2]) / sum(rest)
    assert shrunk == pytest.approx([v * scale for v in rest], abs=0.004)
    assert params(page)[name] == ",".join(f"{v:g}" for v in start)
    page.mouse.up()
    value = float(handle.input_value())
    page.wait_for_function(
        "([n, v]) => new URL(location.href).searchParams.get(n).split(',')[2] === v",
        arg=[name, f"{value:g}"],
    )
    settle(page)
    moved = parse_distribution(params(page)[name])
    assert moved[2] == pytest.approx(value, abs=1e-5)
    assert [v for i, v in enumerate(moved) if i != 2] == pytest.approx(
        [v * (1 - value) / sum(rest) for v in rest], abs=1e-5
    )
    p, q = (DIE_P, moved) if name == "q" else (moved, DIE_Q)
    d = decompose(p, q, base=2)
    shown = [format_value(float(v), "bits") for v in (d.entropy, d.kl_divergence, d.cross_entropy)]
    assert page.locator(METRICS).all_inner_texts() == shown
    assert page.errors == []

    fresh = new_page(page.url, PROJECTOR)
    assert fresh.locator(METRICS).all_inner_texts() == shown


def test_a_finger_drags_q_without_scrolling_the_page(new_page, app_url):
    """Touch: a finger on the slider moves q (the page does not scroll instead), the charts
    follow before the finger lifts, and lifting it commits."""
    page = new_page(app_url + "/coin?p=0.3&q=0.8&unit=bits", PHONE)
    slider = page.locator(".st-key-q").get_by_role("slider")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    scrolled = page.evaluate("() => window.scrollY")
    before = marker(page)
    session = page.context.new_cdp_session(page)

    def touch(kind: str, share: float | None = None) -> None:
        points = [] if share is None else [{"x": box["x"] + box["width"] * share, "y": y}]
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 0.8)
    for share in np.linspace(0.8, 0.35, 12):
        touch("touchMove", float(share))
    page.wait_for_function(f"(x) => {GAP_X} < x - 0.2", arg=before["x"])
    assert params(page)["q"] == "0.8"  # nothing committed while the finger is down
    assert page.evaluate("() => window.scrollY") == scrolled
    touch("touchEnd")
    q = float(slider.input_value())
    assert q < 0.6
    wait_for_link(page, "q", q)
    settle(page)
    assert page.locator(METRICS).all_inner_texts() == coin_texts(0.3, q)
    assert page.evaluate("() => window.scrollY") == scrolled
    assert page.errors == []
