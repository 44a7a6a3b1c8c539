"""Redraws per second while a slider is dragged, and the time from release to a committed page.

Starts ``streamlit run app.py`` (from this tree, or from ``--tree`` to measure another checkout:
the baseline is today's release-only ``st.slider``), opens a lesson in Debian's headless Chromium
and drags a control across most of its range with a stream of 60 pointer moves (Playwright's
mouse), each sent as soon as the page has taken the one before: the browser hands a page at most
one pointer move per displayed frame, so a page that keeps up is dragged across in about a second
(60 frames), and a slower one takes longer (``--move-ms`` N waits N ms after each move instead,
as this script did at first). Each run:

- counts the animation frames in which a chart's drawing changed during the drag (a
  MutationObserver on every chart, read once per frame), divided by the drag's duration:
  redraws per second (display rate is 60); and the page's main-thread busy time per redraw
  (CDP ``TaskDuration``), which other load on the machine moves much less than the rate;
- times release → the first frame at which the URL holds the released value and the page's
  numbers (the H(P,Q) metric, and the derivation on /coin) show what ``core`` gives for it.

Targets: ``q`` and ``p`` (the /coin sliders), ``bar`` (/categorical: the third bar of Q dragged
up in the chart), ``logit`` (/classifier: the slider of z1, whose drag redraws four charts).
Printed: per target the median and the worst of ``--runs`` runs, and the load average.
Goals (issue 15): /coin ≥ 50 redraws/s, /categorical ≥ 30, commit ≤ 0.3 s.

    .venv/bin/python benchmarks/drag_fps.py [--runs 5] [--targets q,p,bar] [--tree /work/main]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import (  # noqa: E402 - ROOT on the path
    classifier_loss,
    coin_decompose,
    decompose,
    parse_distribution,
)
from devtools.browser import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402
from ui.figures.classifier import format_logits  # noqa: E402
from ui.figures.common import format_value  # noqa: E402

# Counts the frames in which any chart's drawing changed, from now until __klStop().
COUNTER = """
() => {
  let changed = false, frames = 0, running = true;
  const observer = new MutationObserver(() => { changed = true; });
  document.querySelectorAll('.js-plotly-plot').forEach((chart) =>
    observer.observe(chart, { subtree: true, childList: true, attributes: true,
                              characterData: true }));
  const tick = () => {
    if (changed) { frames += 1; changed = false; }
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__klStop = () => { running = false; observer.disconnect(); return frames; };
}
"""

COIN = "/coin?p=0.7&q=0.4&unit=bits"
DIE = "/categorical?k=4&p=0.4,0.3,0.2,0.1&q=0.25,0.25,0.25,0.25&unit=bits"
CLASSIFIER = "/classifier?logits=2,1,0.1&label=0&unit=bits"


def settle(page) -> None:
    page.wait_for_timeout(250)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached", timeout=60_000
    )
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length > 0"
        " && [...document.querySelectorAll('.js-plotly-plot')].every((g) => g._fullLayout)",
        timeout=60_000,
    )
    page.wait_for_timeout(500)


def drag_path(box: dict, start: float, end: float, moves: int) -> list[tuple[float, float]]:
    """Points along the middle of ``box`` from ``start`` to ``end`` (shares of its width)."""
    y = box["y"] + box["height"] / 2
    return [
        (box["x"] + box["width"] * (start + (end - start) * i / moves), y) for i in range(moves + 1)
    ]


def coin_expected(page, key: str) -> tuple[str, str]:
    """The URL parameter and the H(P,Q) text that core gives for the page's sliders now."""
    values = {}
    for name in ("p", "q"):
        slider = page.locator(f".st-key-{name}").get_by_role("slider")
        values[name] = float(slider.get_attribute("aria-valuenow") or slider.input_value())
    d = coin_decompose(values["p"], values["q"], base=2)
    return f"{key}={values[key]:g}", format_value(float(d.cross_entropy), "bits")


def main_thread_ms(session) -> float:
    """The page's main thread busy time so far (CDP Performance metric TaskDuration), in ms."""
    metrics = session.send("Performance.getMetrics")["metrics"]
    return 1000 * next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def drag(page, session, points: list[tuple[float, float]], move_ms: int) -> dict:
    """Press at the first point, move through the others, and count the frames in which a
    chart changed; release is left to the caller (it times the commit)."""
    page.mouse.move(*points[0])
    page.mouse.down()
    page.wait_for_timeout(50)
    page.evaluate(COUNTER)
    busy = main_thread_ms(session)
    began = time.perf_counter()
    if move_ms:
        for point in points[1:]:
            page.mouse.move(*point)
            page.wait_for_timeout(move_ms)
    else:
        page.mouse.move(*points[-1], steps=len(points) - 1)
    duration = time.perf_counter() - began
    frames = page.evaluate("() => window.__klStop()")
    busy = main_thread_ms(session) - busy
    return {
        "fps": frames / duration,
        "seconds": duration,
        "cpu_per_redraw": busy / max(frames, 1),
        "frames": frames,
    }


def prepared_drag(
    page, session, points: list[tuple[float, float]], *, control: str, charts: int, move_ms: int
) -> tuple[dict, float]:
    """Point at the first point, which asks for the control's tables (a page sends one
    control's at a time), as a person's hand reaches a control before pressing it; once
    ``charts`` charts have them, drag through ``points`` and release. The drag's figures and
    the moment of the release."""
    page.mouse.move(*points[0])
    page.wait_for_function(
        "([control, n]) => [...document.querySelectorAll('.kl-live-chart')]"
        ".filter((g) => g.__klTablesFor && g.__klTablesFor(control)).length === n",
        arg=[control, charts],
        timeout=30_000,
    )
    result = drag(page, session, points, move_ms)
    released = time.perf_counter()
    page.mouse.up()
    page.wait_for_timeout(1)
    return result, released


def drag_coin(page, session, key: str, moves: int, move_ms: int) -> dict:
    slider = page.locator(f".st-key-{key}").get_by_role("slider")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    # q from 0.10 to 0.90; p from 0.90 down to 0.10 (the other way round from its start).
    start, end = (0.1, 0.9) if key == "q" else (0.9, 0.1)
    points = drag_path(box, start, end, moves)
    result, released = prepared_drag(page, session, points, control=key, charts=2, move_ms=move_ms)
    param, cross = coin_expected(page, key)
    page.wait_for_function(
        """([param, cross]) => {
            const idle = document.querySelector('[data-testid=stApp]')
                .getAttribute('data-test-script-state') === 'notRunning';
            const metric = document.querySelectorAll("[data-testid='stMetricValue']")[2];
            const maths = document.querySelector('.kl-math-blocks');
            return idle && location.search.includes(param) && metric
                && metric.textContent.trim() === cross
                && maths && maths.textContent.includes(cross.split(' ')[0]);
        }""",
        arg=[param, cross],
        polling="raf",
        timeout=30_000,
    )
    return {**result, "commit": time.perf_counter() - released}


def drag_bar(page, session, moves: int, move_ms: int) -> dict:
    """The third bar of Q in the distributions chart, dragged from 0.1 to 0.6."""
    chart = page.locator(".st-key-die_distributions .js-plotly-plot")
    handle = page.locator(".st-key-die_distributions input[data-control='q2']")
    chart.scroll_into_view_if_needed()
    hbox = handle.bounding_box()
    x = hbox["x"] + hbox["width"] / 2
    low, high = chart.evaluate(
        "(g) => [g._fullLayout.yaxis.l2p(0.1) + g._fullLayout._size.t,"
        " g._fullLayout.yaxis.l2p(0.6) + g._fullLayout._size.t]"
    )
    top = chart.bounding_box()["y"]
    points = [(x, top + low + (high - low) * i / moves) for i in range(moves + 1)]
    result, released = prepared_drag(page, session, points, control="q2", charts=3, move_ms=move_ms)
    value = float(handle.input_value())
    p = parse_distribution("0.4,0.3,0.2,0.1")
    page.wait_for_function(
        "(v) => new URL(location.href).searchParams.get('q').split(',')[2] === String(v)",
        arg=f"{value:g}",
        polling="raf",
        timeout=30_000,
    )
    shown = page.evaluate("() => new URL(location.href).searchParams.get('q')")
    d = decompose(p, parse_distribution(shown), base=2)
    cross = format_value(float(d.cross_entropy), "bits")
    page.wait_for_function(
        """(cross) => {
            const idle = document.querySelector('[data-testid=stApp]')
                .getAttribute('data-test-script-state') === 'notRunning';
            const metric = document.querySelectorAll("[data-testid='stMetricValue']")[2];
            return idle && metric && metric.textContent.trim() === cross;
        }""",
        arg=cross,
        polling="raf",
        timeout=30_000,
    )
    return {**result, "commit": time.perf_counter() - released}


def drag_logit(page, session, moves: int, move_ms: int) -> dict:
    """The slider of z1 on /classifier, dragged from z1 = -4 to 6."""
    slider = page.get_by_role("slider", name="Logit z1 of class 1")
    slider.scroll_into_view_if_needed()
    points = drag_path(slider.bounding_box(), 0.3, 0.8, moves)
    result, released = prepared_drag(page, session, points, control="z1", charts=4, move_ms=move_ms)
    logits = [2.0, float(slider.input_value()), 0.1]
    loss = classifier_loss(logits, 0, base=2).decomposition
    page.wait_for_function(
        """([logits, cross]) => {
            const idle = document.querySelector('[data-testid=stApp]')
                .getAttribute('data-test-script-state') === 'notRunning';
            const metric = document.querySelectorAll("[data-testid='stMetricValue']")[2];
            const link = new URL(location.href).searchParams.get('logits');
            return idle && link === logits && metric && metric.textContent.trim() === cross;
        }""",
        arg=[
            format_logits(logits),
            format_value(float(loss.cross_entropy), "bits"),
        ],
        polling="raf",
        timeout=30_000,
    )
    return {**result, "commit": time.perf_counter() - released}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="drags per target")
    parser.add_argument(
        "--targets", default="q,p,bar", help="q and/or p (/coin), bar (/die), logit (/classifier)"
    )
    parser.add_argument("--moves", type=int, default=60, help="pointer moves per drag")
    parser.add_argument(
        "--move-ms", type=int, default=0, help="ms to wait after each move (0: none, the default)"
    )
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout to serve (baseline)")
    args = parser.parse_args()
    targets = args.targets.split(",")
    from playwright.sync_api import sync_playwright

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    results: dict[str, list[dict]] = {target: [] for target in targets}
    with (
        streamlit_server("app.py", cwd=args.tree, keep_stderr=False) as (url, _pid),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        session = page.context.new_cdp_session(page)
        session.send("Performance.enable")
        for run in range(args.runs + 1):  # the first run warms up and is not counted
            for target in targets:
                page.goto(url + {"bar": DIE, "logit": CLASSIFIER}.get(target, COIN))
                settle(page)
                if target == "bar":
                    result = drag_bar(page, session, args.moves, args.move_ms)
                elif target == "logit":
                    result = drag_logit(page, session, args.moves, args.move_ms)
                else:
                    result = drag_coin(page, session, target, args.moves, args.move_ms)
                if run:
                    results[target].append(result)
        browser.close()
    print(f"load average after: {os.getloadavg()[0]:.2f}  (tree: {args.tree})")
    names = {
        "q": "/coin q drag",
        "p": "/coin p drag",
        "bar": "/categorical Q bar drag",
        "logit": "/classifier z1 drag",
    }
    for target, runs in results.items():
        fps = [r["fps"] for r in runs]
        commit = [r["commit"] for r in runs]
        cpu = [r["cpu_per_redraw"] for r in runs if r["frames"]]
        print(
            f"{names[target]:24} redraws/s median {statistics.median(fps):5.1f} "
            f"(worst {min(fps):5.1f}) over drags of median "
            f"{statistics.median(r['seconds'] for r in runs):.2f} s; main thread "
            f"{statistics.median(cpu) if cpu else float('nan'):.1f} ms per redraw; "
            f"release to committed page median {statistics.median(commit):.3f} s "
            f"(worst {max(commit):.3f} s)"
        )


if __name__ == "__main__":
    main()
