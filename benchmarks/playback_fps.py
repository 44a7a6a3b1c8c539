"""Playback rate of the animated fits in headless Chromium: frames per second after ▶ Play.

Starts ``streamlit run app.py`` on a free local port, opens /mle (each family) and
/forward_reverse in Debian's Chromium (Playwright with ``executable_path``) at 1280×720, scrolls
the main chart into view, and presses the ▶ Play button under it. Two clocks run inside the page:

- ``plotly``: the time of every ``plotly_animatingframe`` event (plotly starts drawing a frame);
- ``painted``: a ``requestAnimationFrame`` loop that records each paint at which the chart's
  current frame has changed, i.e. the frames that actually reached the screen.

Each gives frames per second over the run, (frames - 1) / (last - first). Chrome's CPU counters
(``Performance.getMetrics``: ``ThreadTime``, ``ProcessTime``) give the CPU time per frame of the
page's main thread and of its renderer process, which other programs on the machine do not
inflate: ``1000 / (renderer ms per frame)`` is the rate the page could keep on a free core.
▶ Play asks for a new frame at every display refresh with no tweening
(``ui.figures.animated.FRAME_MS``: plotly moves on at the first refresh after 12 ms), so the rate is
what the browser manages, up to 60 a second at 60 Hz.
``--bare`` also plays the same figures in a plain page
with plotly.js alone (no Streamlit), to separate the app's cost from plotly's, and a reference:
the least a four-panel plotly animation costs (one plain line per panel, same timing), which
says what this machine can do at the moment of the run.

    .venv/bin/python benchmarks/playback_fps.py [--runs 5] [--bare] [--present]
        [--targets "mle die,mle bimodal"] [--app-dir DIR]

The machine's other load slows a headless browser: the load average is printed; read medians.
Goal (issue 5): at least 30 frames a second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools.browser import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402

TARGETS = {
    "mle coin": "/mle?family=Coin",
    "mle die": "/mle?family=Die",
    "mle gaussian": "/mle?family=Gaussian",
    "mle bimodal": "/mle?family=Bimodal",
    "forward/reverse": "/forward_reverse",
    "classifier": "/classifier",
}

# Presses ▶ Play (the page's HTML button, static/kl/animation_controls.js, clicked in the page so
# that no automation latency sits between the probe and the animation; on a plain plotly.js page,
# which has no such button, Plotly.animate with the figure's own Play options) and resolves with
# both clocks' timestamps once plotly reports the animation finished.
PROBE = """
([selector, button]) => new Promise((resolve) => {
    const gd = document.querySelector(selector);
    const plotly = [];
    const painted = [];
    let last = gd._fullLayout._currentFrame;
    let running = true;
    const finish = () => { running = false; resolve({ plotly, painted }); };
    gd.on("plotly_animatingframe", () => plotly.push(performance.now()));
    gd.on("plotly_animated", () => setTimeout(finish, 100));
    setTimeout(finish, 30000);
    const tick = (now) => {
        const current = gd._fullLayout._currentFrame;
        if (current !== last) { painted.push(now); last = current; }
        if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    if (button) {
        document.querySelector(button).click();
    } else {
        Plotly.animate(gd, null, gd.layout.meta.kl_animation.play);
    }
})
"""

#: The app's ▶ Play button under the main chart.
PLAY_BUTTON = ".st-key-main_controls button[data-action=play]"


def settle(page) -> None:
    page.wait_for_timeout(250)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached", timeout=60_000
    )
    page.wait_for_timeout(300)


def rate(times: list[float]) -> float:
    if len(times) < 2:
        return float("nan")
    return 1000 * (len(times) - 1) / (times[-1] - times[0])


def cpu_seconds(session) -> tuple[float, float]:
    """CPU time so far of the page's main thread and of its whole renderer process (seconds)."""
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    return metrics["ThreadTime"], metrics["ProcessTime"]


def play(
    page, selector: str, container: str, button: str | None = None
) -> tuple[float, float, int, float, float]:
    """Press Play (``button``, or plotly's animate where the page has none) on the chart at
    ``selector``; return (plotly fps, painted fps, frames, main thread CPU ms per frame, renderer
    CPU ms per frame).

    Streamlit draws a chart once it scrolls into view, so the ``container`` is scrolled first.
    The CPU times (Chrome's ``Performance.getMetrics``) do not grow when other programs take the
    machine's cores, so ``1000 / ms per frame`` is the rate this page could keep on a free core.
    """
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    page.locator(container).scroll_into_view_if_needed()
    page.wait_for_function(
        "([s, b]) => { const gd = document.querySelector(s);"
        " return gd && gd._fullLayout && gd.layout.meta && (!b || document.querySelector(b)); }",
        arg=[selector, button],
        timeout=60_000,
    )
    page.wait_for_timeout(500)
    thread_before, process_before = cpu_seconds(session)
    times = page.evaluate(PROBE, [selector, button])
    thread_after, process_after = cpu_seconds(session)
    frames = max(len(times["plotly"]), 1)
    return (
        rate(times["plotly"]),
        rate(times["painted"]),
        len(times["painted"]),
        1000 * (thread_after - thread_before) / frames,
        1000 * (process_after - process_before) / frames,
    )


def bare_page(path: str, directory: Path) -> Path:
    """The page's main figure in a plain HTML page with plotly.js alone."""
    import plotly
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    page, _, query = path.lstrip("/").partition("?")
    for pair in filter(None, query.split("&")):
        key, _, value = pair.partition("=")
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    spec = at.get("plotly_chart")[0].proto.spec
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copy(plotly_js, directory / "plotly.min.js")
    html = directory / f"{page}-{abs(hash(query))}.html"
    html.write_text(
        '<html><head><meta charset="utf-8"><script src="plotly.min.js"></script></head>'
        '<body style="margin:0"><div id="main" class="js-plotly-plot-host" style="width:1200px">'
        f"</div><script>const spec = {spec};"
        "Plotly.react('main', {data: spec.data, layout: spec.layout, frames: spec.frames,"
        " config: {responsive: true}}).then(() => { window.ready = true; });</script>"
        "</body></html>",
        encoding="utf-8",
    )
    return html


def reference_page(directory: Path) -> Path:
    """The least a four-panel animation can cost: one 161-point line per panel, 61 frames, the
    same Play timing, no text, in a plain page with plotly.js alone."""
    import json

    import numpy as np

    from ui.figures.animated import FRAME_MS

    x = np.linspace(0.0, 1.0, 161)
    data, layout = [], {"width": 1200, "height": 640, "showlegend": False}
    for i in range(4):
        suffix = "" if i == 0 else str(i + 1)
        data.append(
            {
                "type": "scatter",
                "x": x.tolist(),
                "y": np.sin(6 * x).tolist(),
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
        column, row = i % 2, i // 2
        layout[f"xaxis{suffix}"] = {
            "domain": [0.55 * column, 0.55 * column + 0.45],
            "anchor": f"y{suffix}",
            "range": [0, 1],
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [0.55 * row, 0.55 * row + 0.4],
            "anchor": f"x{suffix}",
            "range": [-1.2, 1.2],
        }
    frames = [
        {
            "name": str(t),
            "traces": [0, 1, 2, 3],
            "data": [
                {"type": "scatter", "y": np.sin(6 * x + t / 10 + i).tolist()} for i in range(4)
            ],
        }
        for t in range(61)
    ]
    play = {
        "frame": {"duration": FRAME_MS, "redraw": False},
        "transition": {"duration": 0},
        "fromcurrent": True,
        "mode": "immediate",
    }
    layout["meta"] = {"kl_animation": {"play": play}}
    spec = json.dumps({"data": data, "layout": layout, "frames": frames})
    html = directory / "reference.html"
    html.write_text(
        '<html><head><script src="plotly.min.js"></script></head><body style="margin:0">'
        f'<div id="main"></div><script>const spec = {spec};'
        "Plotly.react('main', spec).then(() => { window.ready = true; });</script></body></html>",
        encoding="utf-8",
    )
    return html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bare", action="store_true", help="also plotly.js alone, no Streamlit")
    parser.add_argument("--present", action="store_true", help="presentation mode (present=1)")
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help=f"comma-separated, of: {', '.join(TARGETS)}"
    )
    parser.add_argument(
        "--app-dir", type=Path, default=ROOT, help="run app.py from this directory (a variant)"
    )
    args = parser.parse_args()
    targets = {name: TARGETS[name] for name in args.targets.split(",")}
    from playwright.sync_api import sync_playwright

    print(f"load average before: {os.getloadavg()[0]:.2f} (cpus: {os.cpu_count()})")
    results: dict[str, list[tuple[float, float, int, float, float]]] = {}
    with (
        streamlit_server("app.py", cwd=args.app_dir, keep_stderr=False) as (url, _pid),
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as tmp,
    ):
        browser = playwright.chromium.launch(
            executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        bare = (
            {name: bare_page(path, Path(tmp)) for name, path in targets.items()}
            if (args.bare)
            else {}
        )
        reference = reference_page(Path(tmp)) if args.bare else None
        for _ in range(args.runs):
            for name, path in targets.items():
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                link = path + ("&" if "?" in path else "?") + "present=1" if args.present else path
                page.goto(url + link)
                settle(page)
                results.setdefault(name, []).append(
                    play(page, ".st-key-main .js-plotly-plot", ".st-key-main", PLAY_BUTTON)
                )
                page.close()
                if name in bare:
                    page = browser.new_page(viewport={"width": 1280, "height": 720})
                    page.goto(bare[name].as_uri())
                    page.wait_for_function("() => window.ready")
                    results.setdefault(f"{name} (bare)", []).append(play(page, "#main", "#main"))
                    page.close()
            if reference is not None:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(reference.as_uri())
                page.wait_for_function("() => window.ready")
                results.setdefault("reference: 4 bare lines", []).append(
                    play(page, "#main", "#main")
                )
                page.close()
        browser.close()
    print(
        f"{'target':26} {'plotly fps':>11} {'painted fps':>12} {'frames':>7} "
        f"{'main CPU ms/frame':>18} {'renderer CPU ms/frame':>22} {'capacity fps':>13}"
    )
    for name, runs in results.items():
        plotly_fps, painted_fps, frames, thread, process = (
            statistics.median(r[i] for r in runs) for i in range(5)
        )
        print(
            f"{name:26} {plotly_fps:11.1f} {painted_fps:12.1f} {frames:7.0f} "
            f"{thread:18.1f} {process:22.1f} {1000 / process:13.0f}"
        )
    print(
        "(medians over runs; capacity = 1000 / renderer CPU ms per frame: the rate on a free core)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("Play asks for a frame every refresh (at most 60 fps at 60 Hz); goal (issue 5): 30 fps")


if __name__ == "__main__":
    main()
