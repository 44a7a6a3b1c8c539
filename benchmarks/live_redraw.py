"""The time plotly's calls take per live redraw while a /coin slider is stepped in the browser.

Opens /coin in Debian's headless Chromium, wraps ``Plotly.react`` (and ``relayout``, ``update``)
so that each call's synchronous time is recorded per chart, then steps a drag slider's input
across most of its range (``--steps`` values, each given two frames to draw) and prints, per
chart, the median time of the calls. Unlike ``drag_fps.py`` no pointer moves are waited for, so
the figure is what a redraw costs plotly, which other load on the machine moves less.

    .venv/bin/python benchmarks/live_redraw.py [--targets q,p] [--tree /path/to/baseline]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.drag_fps import COIN, settle  # noqa: E402 - ROOT on the path
from devtools.browser import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402

WRAP = """() => {
  window.__klTimes = {};
  for (const name of ['react', 'relayout', 'update']) {
    const call = window.Plotly[name];
    window.Plotly[name] = function (...args) {
      const began = performance.now();
      const result = call.apply(this, args);
      const holder = args[0].closest('[class*=st-key-]');
      const chart = name + ' ' + (holder ? holder.className.match(/st-key-\\S+/)[0] : '?');
      (window.__klTimes[chart] = window.__klTimes[chart] || []).push(performance.now() - began);
      return result;
    };
  }
}"""
STEP = """async ([key, steps]) => {
  const input = document.querySelector('.st-key-' + key + ' input');
  const [from, to] = key === 'q' ? [10, 90] : [90, 10];
  for (let i = 0; i <= steps; i++) {
    input.value = String((from + ((to - from) * i) / steps) / 100);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    await new Promise((done) => setTimeout(done, 30));
  }
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default="q,p", help="the /coin sliders to step")
    parser.add_argument("--steps", type=int, default=40, help="values stepped through")
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout to serve (baseline)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"load average before: {os.getloadavg()[0]:.2f}  (tree: {args.tree})")
    with (
        streamlit_server("app.py", cwd=args.tree, keep_stderr=False) as (url, _pid),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for key in args.targets.split(","):
            page.goto(url + COIN)
            settle(page)
            page.evaluate(WRAP)
            page.evaluate(STEP, [key, args.steps])
            for chart, times in sorted(page.evaluate("() => window.__klTimes").items()):
                print(
                    f"/coin {key} step  Plotly.{chart:22} {len(times):3} calls, "
                    f"median {statistics.median(times):6.1f} ms"
                )
        browser.close()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
