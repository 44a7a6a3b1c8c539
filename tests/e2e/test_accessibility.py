"""Accessibility in a real browser: axe-core on every page, on a projector and a phone, on the
light and the dark theme, normal and in presentation mode, finds nothing serious.

axe-core is the copy that the pinned ``axe-playwright-python`` ships (``axe.min.js``, 4.12.1),
injected into the page: nothing is downloaded at test time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from scipy.stats import entropy as scipy_entropy

from tests.e2e.conftest import (
    PHONE,
    PROJECTOR,
    current_frame,
    open_expanders,
    settle,
    wait_for_frame,
)
from ui.figures.derivation import STEP_COUNT
from ui.frame import NAVIGATION
from ui.theme import DARK_BACKGROUND, LIGHT_BACKGROUND

pytestmark = pytest.mark.e2e

#: Violations of these impacts fail the test; so does a heading that skips a level (axe calls
#: heading-order moderate, but a screen reader's list of headings is how its user finds a
#: section).
FAILING_IMPACTS = ("serious", "critical")
ALSO_FAILING = ("heading-order",)

#: Findings that come from Streamlit itself and that the app cannot change: (rule, a CSS
#: selector the flagged element matches, the upstream issue). Only that rule on that element is
#: forgiven.
UPSTREAM: list[tuple[str, str, str]] = [
    # st.table puts a table wider than its column (on a phone) in a scroll container without
    # a tabindex, so the keyboard cannot scroll it; the container came with st.table's
    # scrolling, streamlit/streamlit#10820. Its cells hold text only, so it cannot be fixed
    # from the app.
    ("scrollable-region-focusable", '[data-testid="stTable"] > div', "streamlit/streamlit#10820"),
]

THEMES = ("light", "dark")


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


BACKGROUNDS = {"light": rgb(LIGHT_BACKGROUND), "dark": rgb(DARK_BACKGROUND)}
VIEWPORTS = {"projector": PROJECTOR, "phone": PHONE}

#: Runs axe on the whole document; returns the failing violations, each with the nodes left
#: after the upstream exclusions, as {id, impact, help, nodes: [{target, html, summary}]}.
RUN_AXE = """
async ([impacts, alsoFailing, upstream]) => {
  const results = await window.axe.run(document, { resultTypes: ["violations"] });
  const forgiven = (rule, node) => {
    const target = node.target[0];
    const element = typeof target === "string" ? document.querySelector(target) : null;
    return upstream.some(([id, selector]) => id === rule && element && element.matches(selector));
  };
  return results.violations
    .filter((v) => impacts.includes(v.impact) || alsoFailing.includes(v.id))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .filter((n) => !forgiven(v.id, n))
        .map((n) => ({ target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary })),
    }))
    .filter((v) => v.nodes.length > 0);
}
"""


def page_paths() -> list[str]:
    """URL paths of every page the navigation offers (file name = path, app.py = /)."""
    return [
        "/" if script == "app.py" else f"/{Path(script).stem}"
        for _, entries in NAVIGATION
        for script, _, _ in entries
    ]


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE_SCRIPT)
    upstream = [[rule, selector] for rule, selector, _ in UPSTREAM]
    return page.evaluate(RUN_AXE, [list(FAILING_IMPACTS), list(ALSO_FAILING), upstream])


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for view, violations in found.items():
        for v in violations:
            lines.append(f"{view}: {v['id']} ({v['impact']}): {v['help']}")
            lines += [f"    {n['target']} {n['html']}\n      {n['summary']}" for n in v["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("path", page_paths())
def test_axe_finds_no_serious_violations_on_any_view(browser, app_url, path):
    """Eight views per page from two loads: the theme follows the system's colour scheme
    (emulated) and the viewport is resized in place; presentation mode is a URL parameter."""
    found: dict[str, list[dict]] = {}
    page = browser.new_page(viewport=PROJECTOR)
    try:
        for present in (False, True):
            page.goto(f"{app_url}{path}{'?present=1' if present else ''}")
            settle(page)
            for name, viewport in VIEWPORTS.items():
                if page.viewport_size != viewport:
                    page.set_viewport_size(viewport)
                    page.wait_for_timeout(400)  # layout and plotly's resize settle
                for theme in THEMES:
                    page.emulate_media(color_scheme=theme)
                    view = f"{path} {name} {theme}{' present' if present else ''}"
                    # the app follows the system theme, on the page behind the charts against
                    # which tests/ui/test_theme.py checks
                    page.wait_for_function(
                        """([scheme, background]) => {
                            const style = getComputedStyle(
                                document.querySelector('[data-testid=stApp]'));
                            return style.colorScheme === scheme
                                && style.backgroundColor === background;
                        }""",
                        arg=[theme, BACKGROUNDS[theme]],
                        timeout=10_000,
                    )
                    page.wait_for_timeout(150)  # the charts' scripts run again for the theme
                    violations = axe_violations(page)
                    if violations:
                        found[view] = violations
    finally:
        page.close()
    assert not found, report(found)


def chart_names(page) -> list[str]:
    """The accessible names of the page's chart drawings (role img), in page order."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot svg[role=img]'))
            .map((svg) => svg.getAttribute('aria-label'))"""
    )


def test_every_chart_is_named_with_its_live_numbers(new_page, app_url):
    page = new_page(f"{app_url}/coin?p=0.3&q=0.8")
    assert chart_names(page) == [
        "Bar: H(P) 0.881 bits plus KL 0.841 bits equals H(P,Q) 1.722 bits",
        "Curves over q from 0 to 1; H(P,q) is least, 0.881 bits, at q = 0.30; at q = 0.80 it "
        "is 1.722 bits, KL 0.841 bits above H(P)",
    ]
    numbers = page.locator(".st-key-main .kl-chart-numbers")
    assert numbers.get_attribute("open") is None  # folded at first
    region = numbers.get_by_role("region", name="Chart numbers")
    assert not region.is_visible()
    numbers.get_by_text("Chart numbers").click()
    assert "0.80 (your model)" in region.inner_text()
    # A slider step rewrites the numbers and leaves the section open.
    slider = page.locator(".st-key-q").get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.st-key-main .kl-chart-numbers')"
        ".textContent.includes('0.81 (your model)')"
    )
    assert numbers.get_attribute("open") is not None
    for path in page_paths():
        page.goto(app_url + path)
        settle(page)
        charts = page.locator(".js-plotly-plot").count()
        names = chart_names(page)
        assert len(names) == charts > 0, f"{path}: {charts} charts, {len(names)} named"
        assert all(any(c.isdigit() for c in name) for name in names), (path, names)


# Keyboard only ----------------------------------------------------------------------------------


def tab_to(page, test: str, *, presses: int = 60) -> None:
    """Press Tab until the focused element passes ``test`` (a JS predicate of the element)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def announced(page) -> str:
    return page.locator(".kl-announce").inner_text()


def test_keyboard_walk_through_the_coin_reads_the_announced_kl(new_page, app_url):
    page = new_page(f"{app_url}/coin?p=0.3&q=0.8")
    assert announced(page) == ""  # nothing is said as the page opens
    tab_to(page, "(e) => e.tagName === 'INPUT' && e.closest('.st-key-q') !== null")
    visible = page.evaluate(
        "() => getComputedStyle(document.activeElement, ':focus-visible').outlineStyle"
    )
    assert visible != "none"
    page.keyboard.press("ArrowRight")
    settle(page)
    h = scipy_entropy([0.3, 0.7], base=2)
    kl = scipy_entropy([0.3, 0.7], [0.81, 0.19], base=2)
    page.wait_for_function("() => document.querySelector('.kl-announce').textContent !== ''")
    assert announced(page) == f"H(P) {h:.3f} bits, KL {kl:.3f} bits, H(P,Q) {h + kl:.3f} bits"
    assert page.locator(".kl-announce").get_attribute("aria-live") == "polite"


def test_keyboard_walk_through_the_derivation_to_its_last_line(new_page, app_url):
    page = new_page(f"{app_url}/derivation?step=1")
    tab_to(page, "(e) => e.closest && e.closest('.st-key-derivation_next') !== null")
    for line in range(2, STEP_COUNT + 1):
        page.keyboard.press("Enter")
        settle(page)
        page.wait_for_url(f"**step={line}**")
        page.get_by_text(f"Line {line} of {STEP_COUNT}", exact=True).wait_for()
        # the live region says the new line once, with its chart's numbers
        page.wait_for_function(
            "(text) => document.querySelector('.kl-announce').textContent.startsWith(text)",
            arg=f"Line {line} of {STEP_COUNT}: ",
        )
        assert " bits" in announced(page), line
        if line < STEP_COUNT:  # the button keeps the focus until it is disabled at the end
            assert page.evaluate(
                "() => document.activeElement.closest('.st-key-derivation_next') !== null"
            ), line
    assert page.locator(".st-key-derivation_next button").is_disabled()


def test_keyboard_plays_and_pauses_the_mle_animation(new_page, app_url):
    page = new_page(f"{app_url}/mle?family=Die")
    controls = ".st-key-main_controls"
    tab_to(page, f"(e) => e.matches('{controls} button[data-action=play]')")
    assert current_frame(page) == 0
    page.keyboard.press("Enter")
    wait_for_frame(page, "f >= 3")
    tab_to(page, f"(e) => e.matches('{controls} button[data-action=pause]')", presses=3)
    page.keyboard.press("Enter")
    paused = current_frame(page)
    page.wait_for_timeout(500)
    assert current_frame(page) == paused < 60
    slider = page.locator(f"{controls} input[type=range]")
    assert slider.get_attribute("aria-valuetext").startswith(f"frame {paused + 1} of 61: ")
    # The page's live region says where it paused, once: the frame's numbers.
    label = page.evaluate(
        "(i) => document.querySelector('.st-key-main .js-plotly-plot')"
        ".layout.meta.kl_animation.labels[i]",
        paused,
    )
    assert announced(page) == f"Paused at frame {paused + 1} of 61: {label}"
    assert " KL = " in label and label.endswith(" bits")
    slider.focus()
    page.keyboard.press("Home")
    wait_for_frame(page, "f === 0")
    page.keyboard.press("ArrowRight")
    wait_for_frame(page, "f === 1")
    assert announced(page).startswith("Paused at")  # scrubbing is spoken by the slider itself
    # Played to the end, it says the last frame's numbers.
    page.locator(f"{controls} button[data-action=play]").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.kl-announce').textContent"
        ".startsWith('Ended at frame 61 of 61: t = 60 · ')"
    )
    assert page.locator(".kl-announce").count() == 1
    assert page.errors == []


# Reduced motion ---------------------------------------------------------------------------------


def test_with_reduced_motion_nothing_moves_until_a_key_is_pressed(browser, app_url):
    page = browser.new_page(viewport=PROJECTOR, reduced_motion="reduce")
    try:
        page.goto(f"{app_url}/mle?family=Die")
        settle(page)
        page.wait_for_timeout(1000)  # an animation that played by itself would have moved
        assert current_frame(page) == 0
        play = page.locator(".st-key-main_controls button[data-action=play]")
        assert "reduced motion" in play.get_attribute("title")
        # Streamlit's and our own CSS transitions are off: buttons and the expander do not tween.
        durations = page.evaluate(
            """() => Array.from(document.querySelectorAll('button, summary'))
                .map((e) => getComputedStyle(e).transitionDuration)"""
        )
        assert durations and set(durations) == {"0s"}
        transitions = page.evaluate(
            """() => {
                const gd = document.querySelector('.st-key-main .js-plotly-plot');
                const playback = gd.layout.meta.kl_animation;
                return [playback.play, playback.slow, playback.jump]
                    .map((options) => options.transition.duration);
            }"""
        )
        assert transitions == [0, 0, 0]  # frames step; nothing tweens between them
        play.focus()
        page.keyboard.press("Enter")
        wait_for_frame(page, "f >= 1")
        # Play plays at the Slow speed: after half a second, about 4 frames, far from 60.
        page.wait_for_timeout(500)
        assert current_frame(page) < 15
        page.locator(".st-key-main_controls button[data-action=pause]").press("Enter")
    finally:
        page.close()


# Zoom -------------------------------------------------------------------------------------------

#: A 1280×720 screen at 200% browser zoom: half as many CSS pixels each way, at twice the density.
ZOOMED = {"width": PROJECTOR["width"] // 2, "height": PROJECTOR["height"] // 2}


#: What must not overlap at 200% zoom: the page's text (headings, paragraphs, labels, captions:
#: the area of their letters) and controls (buttons, inputs, sliders, metrics: their boxes),
#: inside the main block. Charts' own SVG and toolbars, visually hidden live regions and
#: elements of folded expanders are left out; so are pairs of which one holds the other.
ZOOM_BOXES = """
() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const selector = 'h1, h2, h3, h4, h5, h6, p, [data-testid=stMetric], button, label, input, '
    + 'textarea, select, [role=slider], [data-testid=stCaptionContainer]';
  const left = '.js-plotly-plot, [class*="st-key-announce_"], '
    + 'details:not([open]) > :not(summary)';
  // The part of an element that can be seen: its box cut by every ancestor in the main block
  // that clips (a scrolling area such as the phone's controls), or null where nothing shows.
  // The part of a box that can be seen inside ``from``: cut by every ancestor up to the main
  // block that clips (a scrolling area such as the phone's controls, KaTeX's hidden MathML).
  // A box cut at its right by a clipping ancestor that does not scroll sideways, or sticking
  // out of the main block, is text or a control cut off: listed in ``cut``.
  const mainRight = main.getBoundingClientRect().right;
  const cut = new Set();
  const clipped = (box, from) => {
    let [x0, y0, x1, y1] = [box.left, box.top, box.right, box.bottom];
    let scrolls = false;
    for (let up = from; up && up !== main; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = up.getBoundingClientRect();
      const sideways = ['auto', 'scroll'].includes(style.overflowX);
      scrolls = scrolls || sideways;
      const across = box.top < clip.bottom && box.bottom > clip.top;
      if (!sideways && across && box.right > clip.right + 1) cut.add(from);
      [x0, y0] = [Math.max(x0, clip.left), Math.max(y0, clip.top)];
      [x1, y1] = [Math.min(x1, clip.right), Math.min(y1, clip.bottom)];
    }
    if (!scrolls && box.right > mainRight + 1) cut.add(from);
    return x1 - x0 > 2 && y1 - y0 > 2 ? { x0, y0, x1, y1 } : null;
  };
  // What can be seen of an element: a control's border box; a text's letters (each text
  // node's glyph areas, a Range's boxes, without the leading of the line boxes), or null.
  const control = 'button, input, textarea, select, [role=slider], [data-testid=stMetric]';
  const seen = (element) => {
    if (element.matches(control)) return clipped(element.getBoundingClientRect(), element);
    const parts = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // KaTeX's MathML is a copy for screen readers, clipped to a pixel on purpose.
      if (!node.textContent.trim() || node.parentElement.closest('.katex-mathml')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        const part = clipped(rect, node.parentElement);
        if (part) parts.push(part);
      }
    }
    if (!parts.length) return null;
    return {
      x0: Math.min(...parts.map((r) => r.x0)),
      y0: Math.min(...parts.map((r) => r.y0)),
      x1: Math.max(...parts.map((r) => r.x1)),
      y1: Math.max(...parts.map((r) => r.y1)),
    };
  };
  const shown = (element) => {
    if (element.closest(left)) return false;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    return element.type !== 'hidden' && element.getClientRects().length > 0;
  };
  const name = (element) => {
    const keyed = element.closest('[class*="st-key-"]');
    const key = keyed ? Array.from(keyed.classList).find((c) => c.startsWith('st-key-')) : '';
    const text = (element.innerText || element.value || element.getAttribute('aria-label') || '')
      .trim().slice(0, 40);
    return `${element.tagName.toLowerCase()}${key ? ' in ' + key : ''}: ${text}`;
  };
  const elements = [];
  const boxes = [];
  for (const element of main.querySelectorAll(selector)) {
    const box = shown(element) && seen(element);
    if (box) { elements.push(element); boxes.push(box); }
  }
  const overlaps = [];
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const [a, b] = [elements[i], elements[j]];
      if (a.contains(b) || b.contains(a)) continue;
      const [p, q] = [boxes[i], boxes[j]];
      const width = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0);
      const height = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0);
      if (width > 1 && height > 1) {
        overlaps.push([name(a), name(b), Math.round(width), Math.round(height)]);
      }
    }
  }
  return {
    overlaps,
    cut: Array.from(cut).filter((e) => shown(e.closest(selector) || e)).map(name),
    checked: elements.length,
    scrollWidth: main.scrollWidth,
    clientWidth: main.clientWidth,
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
  };
}
"""


@pytest.mark.parametrize("path", page_paths())
def test_at_200_percent_zoom_nothing_is_clipped_sideways_or_overlaps(browser, app_url, path):
    # 1280×720 at 200% browser zoom lays out as a 640×360 CSS viewport at twice the density.
    page = browser.new_page(viewport=ZOOMED, device_scale_factor=2)
    try:
        page.goto(app_url + path)
        settle(page)
        open_expanders(page)
        # Back to the top: on a narrow window the lesson's controls stay at the top of the screen
        # and the page scrolls under them (ui.frame.controls_area), hidden, not overlapping.
        page.evaluate(
            """() => { window.scrollTo(0, 0); document.querySelectorAll('*').forEach((e) => {
                if (e.scrollTop) e.scrollTop = 0; }); }"""
        )
        page.wait_for_timeout(300)
        found = page.evaluate(ZOOM_BOXES)
        assert found["scrollWidth"] <= found["clientWidth"] + 1, found
        assert found["page"] <= found["window"], found
        assert found["checked"] >= 5, f"{path}: only {found['checked']} boxes looked at"
        assert found["overlaps"] == [], f"{path}: {found['overlaps']}"
        assert found["cut"] == [], f"{path}: cut off at the right: {found['cut']}"
        charts = page.evaluate(
            """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
                .filter((chart) => chart.offsetParent !== null)
                .map((chart) => chart.getBoundingClientRect().right)"""
        )
        assert charts, f"{path}: no chart drawn at 200% zoom"
        assert all(right <= found["window"] for right in charts), charts
    finally:
        page.close()
