"""A fresh tab to the first chart: where the seconds of a first visit go, in headless Chromium.

Starts ``streamlit run app.py`` (its start-up is not counted), then opens each page in a new
browser context (an empty cache, as a student's first visit) and reads, from the page's own
clock (milliseconds since navigation started): the HTML, Streamlit's bundle executed
(``DOMContentLoaded``), the first script run started and finished (``data-test-script-state``),
plotly.js loaded, and the first chart drawn (its ``.main-svg``). The bytes and download time of
the largest files, from the Resource Timing API, say what the wait is made of. Pages are visited
in turn, ``--rounds`` times (median printed), so that the machine's other load falls on all
alike.

Then the part that is the app's own choice and that the machine's load blurs least when
interleaved: plotly.js starting up (download from disk, parse, run) in a blank tab, the full
bundle of the plotly package against the cartesian bundle the live charts load.

    .venv/bin/python benchmarks/first_visit.py [--rounds 3] [coin mle ...]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools.browser import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402

# Installed before the page's own scripts: records when the script state and the first chart
# change, by the page's clock (performance.now() is 0 at navigation start).
MARKS = """
(() => {
  const marks = (window.__klMarks = {});
  const note = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  document.addEventListener('DOMContentLoaded', () => note('bundle_run'));
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid=stApp]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state === 'running') note('script_started');
    if (state === 'notRunning' && 'script_started' in marks) note('script_finished');
    if (window.Plotly) note('plotly_ready');
    if (document.querySelector('.js-plotly-plot .main-svg')) note('first_chart');
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();
"""

STEPS = ["html", "bundle_run", "script_started", "script_finished", "plotly_ready", "first_chart"]


def visit(browser, url: str) -> tuple[dict, list[tuple[str, float, float]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(MARKS)
    page.goto(url)
    page.wait_for_function(
        "() => window.__klMarks && 'first_chart' in window.__klMarks", timeout=60_000
    )
    marks = page.evaluate(
        "() => Object.assign({html: performance.getEntriesByType('navigation')[0].responseEnd},"
        " window.__klMarks)"
    )
    files = page.evaluate(
        "() => performance.getEntriesByType('resource').map("
        "r => [r.name.split('/').slice(-1)[0].split('?')[0], r.encodedBodySize, r.startTime,"
        " r.responseEnd])"
    )
    context.close()
    return marks, sorted(files, key=lambda f: -f[1])[:5]


# Resolves with the milliseconds from adding a <script> for plotly.js to its load event.
START_PLOTLY = """(src) => new Promise((done) => {
  const start = performance.now();
  const tag = document.createElement('script');
  tag.src = src;
  tag.onload = () => done(performance.now() - start);
  document.head.appendChild(tag);
})"""


def plotly_start(browser, rounds: int) -> dict[str, list[float]]:
    """Milliseconds for each plotly.js bundle to start in a fresh blank tab, interleaved."""
    import plotly

    folder = Path(tempfile.mkdtemp())
    bundles = {
        "full (plotly package)": Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
        "cartesian (served)": ROOT / "static" / "plotly-cartesian.min.js",
    }
    for index, path in enumerate(bundles.values()):
        shutil.copy(path, folder / f"{index}.js")
    (folder / "blank.html").write_text("<html><body></body></html>")
    times: dict[str, list[float]] = {name: [] for name in bundles}
    for _ in range(rounds):
        for index, name in enumerate(bundles):
            context = browser.new_context()
            page = context.new_page()
            page.goto((folder / "blank.html").as_uri())
            times[name].append(page.evaluate(START_PLOTLY, (folder / f"{index}.js").as_uri()))
            context.close()
    shutil.rmtree(folder)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["", "coin", "mle"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with streamlit_server("app.py") as (url, _pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        visit(browser, url)  # the server's first session imports the pages' modules: not counted
        seen: dict[str, list[dict]] = {page: [] for page in args.pages}
        files = {}
        for _ in range(args.rounds):
            for name in args.pages:
                marks, files[name] = visit(browser, f"{url}/{name}")
                seen[name].append(marks)
        starts = plotly_start(browser, max(args.rounds, 5))
        browser.close()
    print("ms from navigation start (median of", args.rounds, "fresh tabs)")
    print(f"{'page':<16}" + "".join(f"{step:>16}" for step in STEPS))
    for name, runs in seen.items():
        medians = [statistics.median(run.get(step, float("nan")) for run in runs) for step in STEPS]
        print(f"{'/' + name:<16}" + "".join(f"{m:>16.0f}" for m in medians))
    for name, largest in files.items():
        listed = ", ".join(
            f"{f} {size / 1e3:.0f} kB {start:.0f}-{end:.0f} ms" for f, size, start, end in largest
        )
        print(f"/{name} largest files: {listed}")
    print("plotly.js starting in a blank tab (ms):")
    for name, times in starts.items():
        print(f"  {name:<24} median {statistics.median(times):.0f}, least {min(times):.0f}")


if __name__ == "__main__":
    main()
