"""Slider step to settled chart, in headless Chromium: /coin against a bare Streamlit app.

Starts ``streamlit run app.py`` and ``streamlit run benchmarks/bare_slider_app.py`` on free local
ports, opens /coin and the bare app in Debian's Chromium (Playwright with ``executable_path``),
focuses a slider and presses its arrow key, one step at a time. Each step is timed inside the page
from the ``keydown`` event to the first animation frame at which the script run has finished
(``[data-testid=stApp][data-test-script-state=notRunning]``) and every plotly chart on the page
shows new data (plotly has drawn a new data array into each chart: compared by identity, so that
the probe adds no work to the page it times), plus one more frame for the paint. Steps go right
for the first half of a round and back left for the second, so every step changes the value.

With ``--hold 100`` each key stays down 100 ms, as a person's does: a slider that commits only
when the key comes up then settles that much later.

Also printed, as "shown": the median time from the key press to the first frame in which the
page's metrics show the new value (the bare app has none: its settled page). With the drag
slider (ui.drag) the metrics and the charts follow the key from the live tables in the next
frame; the settled page waits for the committed figures.

Targets are interleaved round by round (bare, coin q, coin p, bare, ...), so that the machine's
other load falls on all of them alike. Printed: the 25th percentile (what a step costs when the
machine is not busy elsewhere), the median and the 90th percentile per target, and the ratios to
the bare app, with the load average before and after. Also the CPU time a step costs (every
Chromium process, from CDP ``SystemInfo.getProcessInfo``, plus the Streamlit server's, from
``/proc``; median over rounds), which moves much less than latency when others load the machine.
The goal (issue 3): a step of /coin's ``q`` slider settles within 1.5× of the bare app.

    .venv/bin/python benchmarks/slider_latency.py [--steps 20] [--rounds 3] [--targets bare,q,p]

Run it on a snapshot of a commit when others are editing the tree (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools.browser import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402

# Installed before each key press; resolves with the milliseconds from keydown to a settled page
# and to the first frame that showed the new value (the metrics' texts changed; on the bare app,
# which has none, the settled page).
PROBE = """
(timeoutMs) => {
  const charts = () => Array.from(document.querySelectorAll('.js-plotly-plot'));
  const metrics = () => Array.from(document.querySelectorAll('[data-testid=stMetricValue]'))
    .map((m) => m.textContent).join('|');
  const metricsBefore = metrics();
  let shown = null;
  // A chart shows new data once plotly has drawn a new data array into it: st.plotly_chart (the
  // bare app) mounts a new chart element for a changed figure, and a live chart (ui.live_chart)
  // gets a new array from Plotly.react. Identity, not content: the probe must cost the page
  // nothing it measures.
  const before = charts().map((g) => [g, g.data]);
  let start = null;
  document.addEventListener('keydown', () => { start = performance.now(); },
                            { capture: true, once: true });
  window.__klStep = new Promise((resolve, reject) => {
    const begun = performance.now();
    const check = () => {
      const app = document.querySelector('[data-testid=stApp]');
      const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
      const now = (start !== null && idle) ? charts() : [];
      const redrawn = now.length === before.length && now.length > 0
        && now.every((g, i) => g._fullLayout && g.data && g.data.length
                               && (g !== before[i][0] || g.data !== before[i][1]));
      if (start !== null && shown === null && metricsBefore && metrics() !== metricsBefore) {
        shown = performance.now() - start;
      }
      if (redrawn) {
        requestAnimationFrame(() => {
          const settled = performance.now() - start;
          resolve([settled, shown === null ? settled : shown]);
        });
      } else if (performance.now() - begun > timeoutMs) {
        reject(new Error('no settled chart within ' + timeoutMs + ' ms'));
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}
"""


def settle(page) -> None:
    page.wait_for_timeout(250)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached", timeout=60_000
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0"
    )
    page.wait_for_timeout(500)


def run_round(page, slider, steps: int, pause_ms: int, hold_ms: int = 0) -> list[list[float]]:
    """``steps`` arrow-key presses on ``slider``, half right then half left, each key held down
    ``hold_ms``; per step the ms to the settled page and to the first frame showing the new
    value."""
    times = []
    for step in range(steps):
        key = "ArrowRight" if step < steps // 2 else "ArrowLeft"
        page.evaluate(PROBE, 30_000)
        slider.focus()
        page.keyboard.down(key)
        if hold_ms:
            page.wait_for_timeout(hold_ms)
        page.keyboard.up(key)
        times.append(page.evaluate("() => window.__klStep"))
        page.wait_for_timeout(pause_ms)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def process_cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def browser_cpu_ms(session) -> float:
    """CPU time so far of every Chromium process (browser, renderers, GPU/raster, network)."""
    info = session.send("SystemInfo.getProcessInfo")["processInfo"]
    return 1000 * sum(process["cpuTime"] for process in info)


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=20, help="key presses per round and target")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--targets", default="bare,q,p", help="bare, q and/or p (coin sliders)")
    parser.add_argument("--pause", type=int, default=250, help="ms between steps")
    parser.add_argument(
        "--hold",
        type=int,
        default=0,
        help="ms each key is held down, as a person holds it (about 100); 0: up at once",
    )
    parser.add_argument(
        "--app-dir",
        type=Path,
        default=ROOT,
        help="run app.py from this directory instead (a copy with one page changed, to find "
        "what a page element costs)",
    )
    args = parser.parse_args()
    targets = args.targets.split(",")
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    print(f"load average before: {load_average()}")
    results: dict[str, list[float]] = {t: [] for t in targets}  # ms to the settled page
    shown: dict[str, list[float]] = {t: [] for t in targets}  # ms to the new value on screen
    cpu: dict[str, list[float]] = {t: [] for t in targets}  # browser + server CPU ms per step
    with (
        streamlit_server("app.py", cwd=args.app_dir, keep_stderr=False) as (app_url, app_pid),
        streamlit_server("benchmarks/bare_slider_app.py", keep_stderr=False) as (
            bare_url,
            bare_pid,
        ),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        session = browser.new_browser_cdp_session()
        pages = {}
        for target in targets:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(bare_url if target == "bare" else f"{app_url}/coin?p=0.7&q=0.4")
            settle(page)
            key = "p" if target == "bare" else target
            slider = page.locator(f".st-key-{key}").get_by_role("slider")
            run_round(page, slider, 4, args.pause)  # warm-up: caches, JIT, first plot
            pages[target] = (page, slider)
        for round_number in range(args.rounds):
            for target in targets:
                page, slider = pages[target]
                page.bring_to_front()  # a page in the background may get no animation frames
                pid = bare_pid if target == "bare" else app_pid
                before = browser_cpu_ms(session) + process_cpu_ms(pid)
                for settled, seen in run_round(page, slider, args.steps, args.pause, args.hold):
                    results[target].append(settled)
                    shown[target].append(seen)
                spent = browser_cpu_ms(session) + process_cpu_ms(pid) - before
                cpu[target].append(spent / args.steps)
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
        browser.close()
    print(f"load average after: {load_average()}")
    names = {"bare": "bare app (1 slider, 1 curve)", "q": "/coin, q slider", "p": "/coin, p slider"}
    bare = results.get("bare")
    header = f"{'target':30} {'steps':>5} {'p25 ms':>7} {'median':>7} {'p90':>7} {'CPU ms':>7}"
    print(f"{header} {'× bare (p25, median, p90, CPU)':>32} {'shown':>6}")
    for target, times in results.items():
        shares = [percentile(times, 0.25), statistics.median(times), percentile(times, 0.9)]
        shares.append(statistics.median(cpu[target]))
        ratio = ""
        if bare and target != "bare":
            reference = [percentile(bare, 0.25), statistics.median(bare), percentile(bare, 0.9)]
            reference.append(statistics.median(cpu["bare"]))
            ratio = ", ".join(f"{a / b:.2f}" for a, b in zip(shares, reference, strict=True))
        figures = " ".join(f"{v:7.0f}" for v in shares)
        seen = statistics.median(shown[target])
        print(f"{names[target]:30} {len(times):5d} {figures} {ratio:>32} {seen:6.0f}")


if __name__ == "__main__":
    main()
