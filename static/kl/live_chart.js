// KL Lab's live chart: one plotly chart that stays on the page across reruns and redraws each new
// figure in place with Plotly.react (ui/live_chart.py). Constant code: the figure arrives as data,
// never as code. plotly.js comes from the app's static folder (its cartesian bundle), loaded once
// per browser tab and shared by every live chart on every page.
//
// While a drag slider moves (drag.js publishes "kl-drag" events on window), the chart draws
// the row of its live table (ui/figures/live.py) nearest to the slider's value, laid over the
// committed figure. The tables come in an element of their own (live_tables.js), kept under
// the chart's key with the id of their content; the chart uses them while the id is its
// figure's. No maths here, by rule: the rows hold what core computed for every grid
// point; this script only looks them up (nearestRow, unpacked: live_rows.js) and draws: while
// the pointer moves by moving what plotly drew (quickDraw: live_quick.js), on release with
// plotly.

// plotly.js, next to the app's own files (APP_ROOT: the app's address, from the loader,
// ui/scripts.py).
const FILE = "app/static/plotly-cartesian.min.js";

function loadPlotly() {
  const w = window;
  if (w.Plotly) return Promise.resolve(w.Plotly);
  if (!w.__klPlotly) {
    w.__klPlotly = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = APP_ROOT + FILE;
      tag.async = true;
      tag.onload = () => (w.Plotly ? resolve(w.Plotly) : reject(new Error("no Plotly")));
      tag.onerror = () => {
        w.__klPlotly = null; // the next rerun tries again
        tag.remove();
        reject(new Error("plotly.js did not load"));
      };
      document.head.appendChild(tag);
    });
  }
  return w.__klPlotly;
}

function chartIn(parent) {
  let chart = parent.querySelector(":scope > .kl-live-chart");
  if (!chart) {
    chart = document.createElement("div");
    chart.className = "kl-live-chart";
    chart.style.width = "100%";
    parent.appendChild(chart);
    // The page's column can change width without the window changing (the sidebar, a phone
    // turned round): plotly's own "responsive" only follows the window.
    // Not while hidden or leaving the page: plotly refuses to size a chart it cannot see.
    new ResizeObserver((entries) => {
      // The width as the observer measured it, kept for plot(): reading the chart's width after
      // each drawing would make the browser lay the page out there and then, mid-update.
      const width = entries[entries.length - 1].contentRect.width;
      chart.__klSeen = width;
      if (!chart.isConnected || !width || !chart._fullLayout || !window.Plotly) return;
      // Only a new width: the height is the figure's. (plotly's Plots.resize drops the figure's
      // height too, and then the chart grows with its own container, frame after frame.)
      if (width === chart.__klWidth) return;
      chart.__klWidth = width;
      // plotly redraws at the new width from the figure it drew: what a quick drawing moved
      // goes back first, and a drag goes on with plotly until the new width is drawn.
      undoQuick(chart);
      chart.__klResizing = true;
      window.Plotly.relayout(chart, { autosize: true })
        .catch(() => {})
        .finally(() => {
          chart.__klResizing = false;
          chart.__klDrawn = null;
          if (chart.__klWant && !chart.__klWant.done) scheduleLive(chart);
        });
    }).observe(chart);
    followDrags(chart);
    // For the browser tests and benchmarks: whether a control's tables have come.
    chart.__klTablesFor = (control) => liveTables(chart)[control];
  }
  return chart;
}

function plain(x) {
  return x !== null && typeof x === "object" && x.constructor === Object;
}

function laidOver(base, row) {
  // The committed object with a row's keys over it, into nested objects and item by item into
  // lists of objects as long as the committed one (shapes, annotations); other arrays replaced.
  const out = Object.assign({}, base);
  for (const key of Object.keys(row)) {
    const value = row[key];
    const under = base && base[key];
    if (plain(value) && plain(under)) {
      out[key] = laidOver(under, value);
    } else if (
      Array.isArray(value) &&
      Array.isArray(under) &&
      value.length === under.length &&
      value.every(plain) &&
      under.every(plain)
    ) {
      out[key] = value.map((item, i) => laidOver(under[i], item));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function liveTables(chart) {
  // The tables made with the figure on screen, or none (not yet come, or of another figure).
  const entry = (window.__klLiveTables || {})[chart.__klKey];
  return entry && chart.__klTablesId && entry.id === chart.__klTablesId ? entry.tables : {};
}

function liveFigure(chart, base, control, row) {
  const table = liveTables(chart)[control];
  const data = base.data.slice();
  for (const index of Object.keys(table.traces)) {
    data[index] = laidOver(base.data[index], table.traces[index][row]);
  }
  const layout = laidOver(base.layout, table.layout[row]);
  // New arrays in a row: a new revision tells Plotly.react to read them. A row that changes
  // only the layout (a q drag on /coin: the model is drawn as shapes) keeps the revision, so
  // plotly neither recomputes nor redraws the traces, the 399-point curves.
  if (Object.keys(table.traces).length) {
    layout.datarevision = String(base.layout.datarevision) + "|" + control + ":" + row;
  }
  return { data, layout };
}

function exactTraces(traces) {
  // Whether a row's traces hold numbers as sent, with no array packed as float32 (live_rows.js).
  const exact = (value) => {
    if (ArrayBuffer.isView(value)) return false;
    if (Array.isArray(value)) return value.every(exact);
    if (value && typeof value === "object") return Object.values(value).every(exact);
    return true;
  };
  return Object.keys(traces).length > 0 && exact(traces);
}

//: After a release, how long the quick drawing stands waiting for the committed figure before
//: plotly draws the released row itself (a commit refused, or a value already committed).
const SETTLE_MS = 400;

function scheduleLive(chart) {
  if (!chart.__klFrame) chart.__klFrame = requestAnimationFrame(() => drawLive(chart));
}

function drawLive(chart) {
  // At most one drawing per displayed frame, of the latest value; none while one is running.
  chart.__klFrame = 0;
  const want = chart.__klWant;
  const base = chart.__klBase;
  const table = want && liveTables(chart)[want.control];
  if (!table || !base || !chart._fullLayout || chart.__klNext) return;
  const row = nearestRow(table.grid, want.value);
  const drawn = want.control + ":" + row + (want.exact ? ":exact" : "");
  if (want.done && !want.exact && chart.__klSettleFor !== want) {
    clearTimeout(chart.__klSettle);
    chart.__klSettleFor = want;
    chart.__klSettle = setTimeout(() => settle(chart, want), SETTLE_MS);
  }
  if (drawn === chart.__klDrawn) return;
  if (chart.__klBusy) {
    chart.__klAgain = true;
    return;
  }
  // While the pointer moves, the elements plotly drew are moved to the row (live_quick.js);
  // plotly draws the row where that declines, and a while after the release if the committed
  // figure has not come (settle). Not at the release itself, but for an exact row (below): the
  // committed figure is on its way and plotly would draw it in full again.
  const traces = {};
  for (const index of Object.keys(table.traces)) traces[index] = table.traces[index][row];
  // A released row whose traces hold only exact numbers (a bar's heights; not curves packed as
  // float32), and not drawn yet, is drawn by plotly at once, while the server works on the
  // commit: the committed figure, if its traces are the same, then only confirms it (see the
  // default export). That is a key press's row; a drag's last move has drawn its row already,
  // quickly, and plotly drawing it again at the release made the drag's commit slower.
  const early = want.done && !want.exact && exactTraces(traces);
  const quick = !want.exact && !early && !chart.__klResizing;
  if (quick && quickDraw(chart, chart.__klPlotted, { traces, layout: table.layout[row] })) {
    chart.__klDrawn = drawn;
    chart.__klLiveDraws = (chart.__klLiveDraws || 0) + 1;
    chart.__klQuickDraws = (chart.__klQuickDraws || 0) + 1;
    return;
  }
  // A released value that cannot be drawn quickly: its committed figure is on its way, and
  // plotly drawing the row first would only hold that figure up (settle draws the row if no
  // figure comes).
  if (want.done && !want.exact && !early) return;
  chart.__klBusy = true;
  const figure = liveFigure(chart, base, want.control, row);
  const drawing = plot(chart, figure.data, figure.layout, base.config);
  if (early) {
    chart.__klEarly = { data: figure.data, revision: figure.layout.datarevision, drawing };
  }
  drawing
    .then(() => {
      chart.__klDrawn = drawn;
      chart.__klLiveDraws = (chart.__klLiveDraws || 0) + 1;
      if (want.exact) chart.__klSettled = (chart.__klSettled || 0) + 1;
    })
    .catch(() => {})
    .finally(() => {
      chart.__klBusy = false;
      if (chart.__klAgain) {
        chart.__klAgain = false;
        scheduleLive(chart);
      }
    });
}

function settle(chart, want) {
  // The released row, drawn by plotly, unless a newer figure or drag came meanwhile.
  chart.__klSettle = 0;
  if (chart.__klWant !== want) return;
  chart.__klWant = Object.assign({}, want, { exact: true });
  scheduleLive(chart);
}

function plot(chart, data, layout, config) {
  // Every figure goes to plotly through here, which first puts back anything a quick drawing
  // moved, and remembers the figure plotly drew (quick drawings are made relative to it).
  undoQuick(chart);
  chart.__klPlotting = (chart.__klPlotting || 0) + 1; // read by the browser tests: drawing
  const drawn = window.Plotly.react(chart, data, layout, config).then(() => {
    chart.__klPlotted = { data, layout };
    // plotly drew at the chart's width, the last one observed (or a newer one, which the
    // observer then reports: one more drawing at the same width, never a width missed).
    chart.__klWidth = chart.__klSeen;
  });
  drawn.catch(() => {}).then(() => (chart.__klPlotting -= 1));
  return drawn;
}

function followDrags(chart) {
  const listener = (event) => {
    if (!chart.isConnected) {
      window.removeEventListener("kl-drag", listener);
      return;
    }
    chart.__klWant = event.detail;
    if (event.detail.done) {
      // A released value comes after its commit has gone (range_commit.js): drawn now, while
      // the server works, not a frame later.
      cancelAnimationFrame(chart.__klFrame);
      drawLive(chart);
    } else {
      scheduleLive(chart);
    }
  };
  window.addEventListener("kl-drag", listener);
  // Tables that come while a drag goes on (bar_handles.js asks for a bar's as the pointer
  // reaches it): draw the drag now.
  const tables = (event) => {
    if (!chart.isConnected) {
      window.removeEventListener("kl-live-tables", tables);
      return;
    }
    if (event.detail.chart !== chart.__klKey) return;
    chart.__klDrawn = null;
    if (chart.__klWant && !chart.__klWant.done) scheduleLive(chart);
  };
  window.addEventListener("kl-live-tables", tables);
}

function showProblem(chart, text) {
  let note = chart.parentElement.querySelector(":scope > .kl-live-chart-problem");
  if (!note) {
    note = document.createElement("p");
    note.className = "kl-live-chart-problem";
    note.setAttribute("role", "alert");
    chart.after(note);
  }
  note.textContent = text;
}

// The drawing (plotly's first SVG, which holds no controls) is an image named by the chart's
// description, worked out in Python with the live numbers (ui/figures/describe.py).
function describe(chart, description) {
  const drawing = chart.querySelector("svg.main-svg");
  if (!drawing || !description) return;
  drawing.setAttribute("role", "img");
  drawing.setAttribute("aria-label", description);
}

export default function ({ parentElement, data }) {
  const chart = chartIn(parentElement);
  const spec = JSON.parse(new TextDecoder().decode(data));
  showChartNumbers(parentElement, spec.numbers); // chart_numbers.js
  const height = spec.figure.layout && spec.figure.layout.height;
  if (height) chart.style.minHeight = height + "px"; // no jump while plotly.js loads
  chart.__klNext = spec; // a newer figure replaces one still waiting for plotly.js
  clearTimeout(chart.__klSettle); // the committed figure has come
  chart.__klSettle = 0;
  loadPlotly()
    .then(
      (Plotly) => {
        const next = chart.__klNext;
        if (!next) return null;
        chart.__klNext = null;
        // The released row plotly drew while the server worked: if the committed traces are
        // the same (same: live_quick.js), its revision tells plotly to keep them, and only the
        // layout is drawn.
        const early = chart.__klEarly;
        chart.__klEarly = null;
        const before = early ? early.drawing.catch(() => {}) : Promise.resolve();
        return before.then(() => {
          if (early && same(early.data, next.figure.data)) {
            next.figure.layout = Object.assign({}, next.figure.layout, {
              datarevision: early.revision,
            });
          }
          return plot(chart, next.figure.data, next.figure.layout, next.config);
        }).then(() => {
          chart.__klBase = {
            data: next.figure.data,
            layout: next.figure.layout,
            config: next.config,
          };
          chart.__klKey = next.key;
          chart.__klTablesId = next.tables;
          chart.__klDrawn = null;
          // A drag still going on whose tables just arrived (bar_handles.js): draw it now.
          if (chart.__klWant && !chart.__klWant.done) scheduleLive(chart);
          describe(chart, next.description);
          const note = parentElement.querySelector(":scope > .kl-live-chart-problem");
          if (note) note.remove();
        });
      },
      () => {
        throw new Error(
          "This chart could not be drawn: the page could not load its charting library " +
            "(plotly.js). Check the connection and reload the page.",
        );
      },
    )
    .catch((error) => {
      const text = String(error && error.message);
      showProblem(chart, text.startsWith("This chart") ? text : "This chart could not be drawn.");
    });
}
