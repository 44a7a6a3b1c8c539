// KL Lab's bar handles (ui/drag.py, bar_handles): a bar chart whose bars are dragged up and down.
// Over each bar lies a transparent vertical native range input as tall as the plot (0 at the
// axis, 1 at its top), so the browser gives each bar the ARIA slider role, aria-valuenow,
// arrow keys, Page Up/Down, Home/End, and pointer and touch dragging (touch-action: none).
//
// No maths here, by rule: every number drawn while a bar moves was computed by core on the
// server and arrived in a table, one row per grid point; this script looks up rows (nearestRow,
// showNumbers: live_rows.js) and places the handles where plotly drew the bars.
//
// A bar's table comes with the page once the bar has been chosen: pointing at a bar or focusing
// it sends the "prepare" trigger (one rerun, which adds that bar's tables to the charts); until
// they arrive the drag moves the handle only. Each move is published as a "kl-drag" event; on
// release or key up the value is the "commit" trigger, {control, value}.

function handleLayer(chart) {
  let layer = chart.parentElement.querySelector(":scope > .kl-handles");
  if (!layer) {
    layer = document.createElement("div");
    layer.className = "kl-handles";
    chart.parentElement.style.position = "relative";
    chart.parentElement.appendChild(layer);
  }
  return layer;
}

function place(state) {
  // Over each bar's column, from the plot's top to its bottom (the axis runs 0 to 1).
  const chart = state.chart;
  const size = chart && chart._fullLayout && chart._fullLayout._size;
  if (!size) return;
  const origin = chart.getBoundingClientRect();
  const traces = chart.querySelectorAll(".barlayer .trace");
  for (const handle of state.handles) {
    const bar = traces[handle.bar.trace] &&
      traces[handle.bar.trace].querySelectorAll(".point")[handle.bar.point];
    if (!bar) continue;
    const box = bar.getBoundingClientRect();
    Object.assign(handle.input.style, {
      left: box.left - origin.left + "px",
      width: Math.max(box.width, 12) + "px",
      top: size.t + "px",
      height: size.h + "px",
    });
  }
}

function publish(state, handle) {
  if (state.frame) return;
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    const value = Number(handle.input.value);
    const control = handle.bar.control;
    handle.input.setAttribute("aria-valuetext", handle.bar.symbol + " = " + value.toFixed(2));
    if (state.spec.prepared === control) showNumbers(state.spec.numbers, value);
    window.dispatchEvent(new CustomEvent("kl-drag", { detail: { control, value } }));
  });
}

function makeHandle(state, bar) {
  const input = document.createElement("input");
  input.type = "range";
  input.className = "kl-handle";
  const handle = { bar, input, keys: null };
  const prepare = () => {
    if (state.spec.prepared !== handle.bar.control && state.asked !== handle.bar.control) {
      state.asked = handle.bar.control;
      state.setTriggerValue("prepare", handle.bar.control);
    }
  };
  const commit = () => {
    state.dragging = false;
    const control = handle.bar.control;
    const value = Number(input.value);
    // The committed value now, not a move still waiting for its frame (as drag.js).
    if (state.frame) cancelAnimationFrame(state.frame);
    state.frame = 0;
    input.setAttribute("aria-valuetext", handle.bar.symbol + " = " + value.toFixed(2));
    if (state.spec.prepared === control) showNumbers(state.spec.numbers, value);
    state.setTriggerValue("commit", { control, value });
    publishCommitted(control, value); // range_commit.js: the charts, after the commit
  };
  input.addEventListener("pointerenter", prepare);
  input.addEventListener("focus", prepare);
  input.addEventListener("pointerdown", () => {
    state.dragging = true;
    prepare();
  });
  input.addEventListener("input", () => publish(state, handle));
  handle.keys = commitOn(input, commit); // range_commit.js
  return handle;
}

function update(state) {
  const { spec } = state;
  const layer = handleLayer(state.chart);
  if (state.handles.length !== spec.bars.length) {
    layer.replaceChildren();
    state.handles = spec.bars.map((bar) => makeHandle(state, bar));
    state.handles.forEach((handle) => layer.appendChild(handle.input));
  }
  state.handles.forEach((handle, i) => {
    const bar = spec.bars[i];
    handle.bar = bar;
    const { input } = handle;
    input.min = "0";
    input.max = "1";
    input.step = String(spec.step);
    input.dataset.control = bar.control;
    input.setAttribute("aria-label", bar.label);
    if (!state.dragging && handle.keys.down === 0) input.value = String(bar.value);
    input.setAttribute("aria-valuetext", bar.symbol + " = " + Number(input.value).toFixed(2));
  });
  if (state.asked === spec.prepared) state.asked = null;
  place(state);
}

function attach(state, tries) {
  // The chart is drawn by its own component, maybe after this one runs.
  const chart = document.querySelector(".st-key-" + state.spec.chart + " .kl-live-chart");
  if (!chart || !chart._fullLayout) {
    if (tries < 600) requestAnimationFrame(() => attach(state, tries + 1));
    return;
  }
  if (state.chart !== chart) {
    state.chart = chart;
    state.handles = [];
    chart.on("plotly_afterplot", () => place(state));
    chart.on("plotly_relayout", () => place(state));
    // Plotly redraws a resized chart a moment later (live_chart.js): place the handles after.
    new ResizeObserver(() => setTimeout(() => place(state), 150)).observe(chart);
  }
  update(state);
}

export default function ({ parentElement, data, setTriggerValue }) {
  let state = parentElement.__klHandles;
  if (!state) {
    // An empty mark in its own place on the page: the handles themselves lie over the chart.
    const mark = document.createElement("div");
    mark.className = "kl-bar-handles";
    parentElement.appendChild(mark);
    state = { chart: null, handles: [], frame: 0, dragging: false, asked: null };
    parentElement.__klHandles = state;
    window.addEventListener("pointerup", () => (state.dragging = false));
    window.addEventListener("pointercancel", () => (state.dragging = false));
  }
  state.spec = JSON.parse(new TextDecoder().decode(data));
  state.setTriggerValue = setTriggerValue;
  attach(state, 0);
}
