// KL Lab's quick drawing of a live table's row (ui/live_chart.py puts it in front of the live
// chart's script): while a control is dragged, the SVG elements plotly drew for the last figure
// are moved and relabelled to the row's numbers, instead of handing plotly a new figure.
//
// Why: every plotly call starts by filling in defaults for the whole figure and ends by measuring
// its texts, about 6 to 10 ms per chart on the 2-core machine the benchmarks run on; /coin shows
// two charts, so a drag stayed under 30 redraws a second. Moving a few elements takes well under
// a millisecond per chart, so a drag follows the pointer at the display's rate. What plotly drew
// stays plotly's: after a release plotly draws the committed figure, or the released row if
// none comes (live_chart.js).
//
// The rule still holds: no maths here. The row holds the numbers core computed; this script turns
// data coordinates into pixels with plotly's own axis mapping (l2p) and stacks bars by adding
// their heights, as plotly does. What it cannot move that way (a changed axis, an arrow, markup
// in a text, a bar changing sign, a trace of another kind) it declines, and the caller draws
// the row with Plotly.react.
//
// quickDraw(chart, drawn, row) -> bool: drawn is the figure plotly drew last ({data, layout}),
// row a live table's row ({traces: {index: keys}, layout: keys}); true when the row was drawn.
// undoQuick(chart) puts back what plotly drew, before plotly is handed a figure again: plotly
// redraws only what differs from the figure it drew, so it must find its own drawing.

// Keys that only change what a hover label says: left as they are until plotly draws again.
const HOVER_ONLY = new Set(["hovertemplate", "hovertext", "customdata"]);

function isPlain(x) {
  return x !== null && typeof x === "object" && x.constructor === Object;
}

function over(base, delta) {
  // One level of a row's keys over the drawn object.
  return Object.assign({}, base, delta);
}

function plainText(text) {
  return typeof text === "string" && !/[<>$&]/.test(text);
}

function same(a, b) {
  // Whether a row's value is the one plotly drew (numbers, texts, arrays, plain objects).
  if (a === b) return true;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    return (
      (ArrayBuffer.isView(b) || Array.isArray(b)) &&
      a.length === b.length &&
      Array.prototype.every.call(a, (v, i) => same(v, b[i]))
    );
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => same(a[key], b[key]));
  }
  return false;
}

function onlyKeys(delta, allowed, drawn) {
  // Whether a row changes nothing but ``allowed`` keys: a row holds every key that changes
  // somewhere along the control's grid, so other keys pass where they are as plotly drew them.
  // (Every allowed key of a row is drawn, even one as plotly drew it: a quick drawing before
  // may have moved it.)
  return Object.keys(delta).every(
    (key) =>
      allowed.includes(key) || HOVER_ONLY.has(key) || (drawn && same(delta[key], drawn[key])),
  );
}

function pixelMap(chart, ref, letter, withOffset) {
  // A data (or paper) coordinate to a pixel, as plotly places that kind of element: shapes and
  // annotations in the chart's own coordinates, traces in their subplot's (no offset).
  const layout = chart._fullLayout;
  const size = layout._size;
  if (ref === "paper") {
    return letter === "x" ? (v) => size.l + size.w * v : (v) => size.t + size.h * (1 - v);
  }
  const axis = layout[letter + "axis" + String(ref || letter).slice(1)];
  const offset = withOffset ? axis && axis._offset : 0;
  if (axis && axis.type === "linear") return (v) => offset + axis.l2p(v);
  if (axis && axis.type === "category") return (v) => offset + axis.d2p(v);
  return null;
}

// Every change goes through these, which keep what plotly had drawn (chart.__klQuick: element
// -> {what: value}) for undoQuick.
function kept(chart, element, what, now) {
  if (!chart.__klQuick) chart.__klQuick = new Map();
  let before = chart.__klQuick.get(element);
  if (!before) chart.__klQuick.set(element, (before = {}));
  if (!(what in before)) before[what] = now;
  return before[what];
}

function setAttr(chart, element, name, value) {
  kept(chart, element, "@" + name, element.getAttribute(name));
  element.setAttribute(name, value);
}

function setText(chart, element, text) {
  kept(chart, element, "text", element.textContent);
  if (element.textContent !== text) element.textContent = text;
}

function setVisible(chart, element, visible) {
  kept(chart, element, "visibility", element.style.visibility);
  element.style.visibility = visible ? "" : "hidden";
}

function drawnAttr(chart, element, name) {
  // The attribute as plotly drew it, even after a quick drawing changed it.
  const before = chart.__klQuick && chart.__klQuick.get(element);
  return before && "@" + name in before ? before["@" + name] : element.getAttribute(name);
}

function undoQuick(chart) {
  if (!chart.__klQuick) return;
  for (const [element, before] of chart.__klQuick) {
    for (const what of Object.keys(before)) {
      const value = before[what];
      if (what.startsWith("#")) continue; // a measurement, not a change
      if (what === "text") element.textContent = value;
      else if (what === "visibility") element.style.visibility = value;
      else if (value === null) element.removeAttribute(what.slice(1));
      else element.setAttribute(what.slice(1), value);
    }
  }
  chart.__klQuick = null;
}

function translate(chart, element, dx, dy) {
  setAttr(chart, element, "transform", "translate(" + dx + "," + dy + ")");
}

// Every planner reads the drawn SVG and returns the writes to make, or null to decline; the
// writes run only when the whole row was planned, so a declined row leaves the chart untouched.

function planTitle(chart, delta) {
  if (!onlyKeys(delta, ["text", "subtitle"])) return null;
  const writes = [];
  const parts = [["text", delta.text, "text.gtitle"]];
  if (delta.subtitle !== undefined) {
    if (!isPlain(delta.subtitle) || !onlyKeys(delta.subtitle, ["text"])) return null;
    parts.push(["subtitle", delta.subtitle.text, "text.gtitle-subtitle"]);
  }
  for (const [, text, selector] of parts) {
    if (text === undefined) continue;
    const element = chart.querySelector(".g-gtitle " + selector);
    if (!element || element.childElementCount || !plainText(text)) return null;
    writes.push(() => setText(chart, element, text));
  }
  return writes;
}

function shapePath(shape, x, y) {
  const [x0, y0, x1, y1] = [x(shape.x0), y(shape.y0), x(shape.x1), y(shape.y1)];
  if (shape.type === "line") return "M" + x0 + "," + y0 + "L" + x1 + "," + y1;
  return "M" + x0 + "," + y0 + "H" + x1 + "V" + y1 + "H" + x0 + "Z";
}

function planShape(chart, index, drawn, delta) {
  const element = chart.querySelector('.shapelayer path[data-index="' + index + '"]');
  if (!element) return null;
  const shape = over(drawn, delta);
  const x = pixelMap(chart, shape.xref || "x", "x", true);
  const y = pixelMap(chart, shape.yref || "y", "y", true);
  if (!x || !y || shape.path) return null;
  const pixelSized = shape.xsizemode === "pixel" || shape.ysizemode === "pixel";
  if (pixelSized) {
    // Drawn around its anchor: moving the anchor moves the drawing.
    if (!onlyKeys(delta, ["xanchor", "yanchor"])) return null;
    const dx = x(shape.xanchor) - x(drawn.xanchor);
    const dy = y(shape.yanchor) - y(drawn.yanchor);
    return [() => translate(chart, element, dx, dy)];
  }
  if (!["line", "rect"].includes(shape.type) || !onlyKeys(delta, ["x0", "x1", "y0", "y1"])) {
    return null;
  }
  const d = shapePath(shape, x, y);
  return [() => setAttr(chart, element, "d", d)];
}

function anchorShare(anchor, names) {
  // How far along its box an annotation's anchor lies: 0 at the left (top), 1 at the right.
  const at = names.indexOf(anchor);
  return at < 0 ? 0.5 : at / 2;
}

function planAnnotation(chart, index, drawn, delta) {
  const group = chart.querySelector('.infolayer g.annotation[data-index="' + index + '"]');
  const shown = over(drawn, delta);
  if (!group || shown.showarrow || drawn.showarrow) return null;
  if (!onlyKeys(delta, ["x", "y", "text", "xanchor", "yanchor", "xshift", "yshift"])) return null;
  const x = pixelMap(chart, shown.xref || "x", "x", true);
  const y = pixelMap(chart, shown.yref || "y", "y", true);
  const box = group.querySelector("rect.bg");
  const label = group.querySelector("text.annotation-text");
  if (!x || !y || !box || !label) return null;
  const text = delta.text === undefined ? null : String(delta.text);
  if (text !== null && (!plainText(text) || label.childElementCount)) return null;
  // A text of another length makes its box wider or narrower: measured then (a layout, in the
  // few frames where a number gains or loses a digit), with its faint background left out
  // until plotly draws the box again.
  const drawnText = drawn.text === undefined ? "" : String(drawn.text);
  const resized = text !== null && text.length !== drawnText.length;
  const drawnWidth = Number(box.getAttribute("width"));
  const height = Number(box.getAttribute("height"));
  const across = ["left", "center", "right"];
  const down = ["top", "middle", "bottom"];
  const dy =
    y(shown.y) - y(drawn.y) - (shown.yshift || 0) + (drawn.yshift || 0) -
    height * (anchorShare(shown.yanchor, down) - anchorShare(drawn.yanchor, down));
  const moved = x(shown.x) - x(drawn.x) + (shown.xshift || 0) - (drawn.xshift || 0);
  return [
    () => {
      let width = drawnWidth;
      if (resized) {
        const before = kept(chart, label, "#length", label.getComputedTextLength());
        setText(chart, label, text);
        width = drawnWidth + label.getComputedTextLength() - before;
      } else if (text !== null) setText(chart, label, text);
      setVisible(chart, box, !resized);
      // The text sits in the middle of its box: it moves with the box's middle.
      const dx =
        moved -
        width * (anchorShare(shown.xanchor, across) - 0.5) +
        drawnWidth * (anchorShare(drawn.xanchor, across) - 0.5);
      translate(chart, group, dx, dy);
    },
  ];
}

function planItems(chart, drawnItems, deltas, planOne) {
  if (!Array.isArray(deltas) || !Array.isArray(drawnItems) || deltas.length !== drawnItems.length) {
    return null;
  }
  const writes = [];
  for (let i = 0; i < deltas.length; i++) {
    if (!isPlain(deltas[i]) || !Object.keys(deltas[i]).length) continue;
    const planned = planOne(chart, i, drawnItems[i], deltas[i]);
    if (!planned) {
      chart.__klDeclined = "layout." + key;
      return null;
    }
    writes.push(...planned);
  }
  return writes;
}

function heldAxis(chart, key, delta) {
  // A value axis whose row range lies inside the range drawn: the axis holds still while the
  // row's bars fit it (the axis only grows during a drag; plotly draws the row's own on release).
  const axis = chart._fullLayout[key];
  if (!/^[xy]axis\d*$/.test(key) || !axis || !isPlain(delta) || !onlyKeys(delta, ["range"])) {
    return false;
  }
  const range = delta.range;
  const [low, high] = axis.range;
  return Array.isArray(range) && range[0] >= low && range[1] <= high;
}

function planLayout(chart, drawn, delta) {
  const writes = [];
  for (const key of Object.keys(delta)) {
    if (!["title", "shapes", "annotations"].includes(key) && same(delta[key], drawn[key])) continue;
    if (heldAxis(chart, key, delta[key])) continue;
    let planned = null;
    if (key === "title" && isPlain(delta.title)) planned = planTitle(chart, delta.title);
    else if (key === "shapes") planned = planItems(chart, drawn.shapes, delta.shapes, planShape);
    else if (key === "annotations") {
      planned = planItems(chart, drawn.annotations, delta.annotations, planAnnotation);
    }
    if (!planned) return null;
    writes.push(...planned);
  }
  return writes;
}

function values(trace, n) {
  // A trace's x values as an array: given, or from x0 and dx as plotly spaces them.
  if (trace.x !== undefined) return trace.x;
  const start = trace.x0 || 0;
  const step = trace.dx === undefined ? 1 : trace.dx;
  return Array.from({ length: n }, (_, i) => start + i * step);
}

function linePoints(trace, x, y) {
  const ys = trace.y;
  const xs = values(trace, ys.length);
  const points = [];
  for (let i = 0; i < ys.length; i++) {
    const px = x(xs[i]);
    const py = y(ys[i]);
    points.push(Number.isFinite(px) && Number.isFinite(py) ? px + "," + py : null);
  }
  return points;
}

function lineD(points) {
  let d = "";
  let pen = false;
  for (const point of points) {
    if (point === null) pen = false;
    else {
      d += (pen ? "L" : "M") + point;
      pen = true;
    }
  }
  return d;
}

function planScatter(chart, traces, index, group, drawn) {
  // A scatter trace's line (and its fill to the trace below), markers and texts.
  const trace = traces[index];
  const x = pixelMap(chart, trace.xaxis, "x", false);
  const y = pixelMap(chart, trace.yaxis, "y", false);
  if (!x || !y || !group || trace.type !== "scatter" || !trace.y) return null;
  const modes = (trace.mode || "lines").split("+");
  if (modes.some((mode) => !["lines", "markers", "text"].includes(mode))) return null;
  const points = linePoints(trace, x, y);
  const writes = [];
  if (modes.includes("lines")) {
    if (trace.line && trace.line.shape && trace.line.shape !== "linear") return null;
    if (points.includes(null) && trace.fill) return null;
    const line = group.querySelector("path.js-line");
    if (!line) return null;
    const d = lineD(points);
    writes.push(() => setAttr(chart, line, "d", d));
    if (trace.fill && trace.fill !== "none") {
      // plotly draws a fill to the next trace down in that trace's group.
      const below = traces[index - 1];
      const belowGroup = group.previousElementSibling;
      const fill = belowGroup && belowGroup.querySelector("path.js-fill");
      if (trace.fill !== "tonexty" || !below || !fill || below.type !== "scatter") return null;
      const under = linePoints(below, x, y).reverse();
      const area = d + "L" + under.join("L") + "Z";
      writes.push(() => setAttr(chart, fill, "d", area));
    }
  }
  if (modes.includes("markers")) {
    const marks = group.querySelectorAll("path.point");
    if (marks.length !== points.length || points.includes(null)) return null;
    points.forEach((point, i) =>
      writes.push(() => setAttr(chart, marks[i], "transform", "translate(" + point + ")")),
    );
  }
  if (modes.includes("text")) {
    // Each text moves as far as its point, from where plotly put it for the drawn point; plotly
    // writes no text element for an empty text.
    const spots = group.querySelectorAll("g.textpoint");
    const before = linePoints(drawn, x, y);
    const texts = Array.isArray(trace.text) ? trace.text : points.map(() => trace.text);
    if (spots.length !== points.length || points.includes(null) || before.includes(null)) {
      return null;
    }
    for (let i = 0; i < points.length; i++) {
      const text = texts[i] === undefined || texts[i] === null ? "" : String(texts[i]);
      const label = spots[i].querySelector("text");
      if (!label && text === "") continue;
      if (!label || !plainText(text) || label.childElementCount) return null;
      const [nx, ny] = points[i].split(",").map(Number);
      const [ox, oy] = before[i].split(",").map(Number);
      writes.push(() => {
        translate(chart, label, nx - ox, ny - oy);
        setText(chart, label, text);
      });
    }
  }
  return writes;
}

function barShape(d) {
  // plotly draws a vertical bar as M left,base V top H right V base Z: its four numbers.
  const m = /^M([-\d.e]+),([-\d.e]+)V([-\d.e]+)H([-\d.e]+)V[-\d.e]+Z$/.exec(d || "");
  return m ? { left: m[1], right: m[4], ends: [Number(m[2]), Number(m[3])] } : null;
}

function planBars(chart, layout, traces) {
  // Every bar trace of the chart at once: in a stack, a bar's base moves with the bars below.
  const y = pixelMap(chart, "y", "y", false);
  const groups = chart.querySelectorAll(".barlayer .trace");
  const bars = traces.map((trace, i) => [trace, i]).filter(([trace]) => trace.type === "bar");
  const mode = layout.barmode || "group";
  const modes = ["stack", "relative", "group", "overlay"];
  if (!y || groups.length !== bars.length || !modes.includes(mode)) return null;
  const stacked = mode === "stack" || mode === "relative";
  const heights = new Map(); // category (and sign, for "relative") -> height stacked so far
  const writes = [];
  for (let k = 0; k < bars.length; k++) {
    const [trace, index] = bars[k];
    if ((trace.orientation && trace.orientation !== "v") || trace.base !== undefined) return null;
    const points = groups[k].querySelectorAll(".point");
    const ys = trace.y || [];
    const xs = values(trace, ys.length);
    if (points.length !== ys.length) return null;
    const text = trace.text;
    for (let j = 0; j < ys.length; j++) {
      const value = Number(ys[j]);
      const stack = String(xs[j]) + (mode === "relative" && value < 0 ? "-" : "+");
      const start = stacked ? heights.get(stack) || 0 : 0;
      if (stacked) heights.set(stack, start + value);
      const path = points[j].querySelector("path");
      const drawnD = path && drawnAttr(chart, path, "d");
      // A bar plotly left out as empty (value 0, drawn as "M0,0Z") stays out while it is 0.
      if (drawnD === "M0,0Z" && value === 0) continue;
      const shape = barShape(drawnD);
      if (!shape) return null;
      const ends = [y(start), y(start + value)];
      const [base, top] = ends;
      const d = "M" + shape.left + "," + base + "V" + top + "H" + shape.right + "V" + base + "Z";
      writes.push(() => setAttr(chart, path, "d", d));
      const label = points[j].querySelector("text.bartext");
      const wanted = Array.isArray(text) ? text[j] : text;
      if (!label && (wanted === undefined || wanted === "")) continue;
      // plotly draws no label on an empty bar; one that stays under a pixel needs none.
      if (!label && Math.abs(ends[1] - ends[0]) < 1) continue;
      if (!label || typeof wanted !== "string") return null;
      const width = Math.abs(Number(shape.right) - Number(shape.left));
      const planned = planBarText(chart, label, wanted, shape.ends, ends, width);
      if (!planned) return null;
      writes.push(...planned);
    }
  }
  return writes;
}

function measured(label) {
  // A label's own box (before its transform); one plotly hid is measured shown for a moment.
  const display = label.style.display;
  if (display === "none") label.style.display = "";
  const box = label.getBBox();
  label.style.display = display;
  return box;
}

function planBarText(chart, label, wanted, drawnEnds, ends, width) {
  // A bar's label moves with its bar: an inside label with its middle, an outside one with its
  // end; it hides where the bar is too short to hold it (plotly's uniformtext "hide").
  const lines = label.querySelectorAll("tspan.line");
  const parts = wanted.split("<br>");
  if (parts.some((part) => !plainText(part))) return null;
  const lineCount = lines.length || (label.childElementCount ? -1 : 1);
  if (lineCount !== parts.length) return null;
  const inside = label.classList.contains("bartext-inside");
  const outside = label.classList.contains("bartext-outside");
  const flips = drawnEnds[1] - drawnEnds[0] > 0 !== ends[1] - ends[0] > 0;
  if ((!inside && !outside) || (outside && flips)) return null;
  const dy = inside
    ? (ends[0] + ends[1] - drawnEnds[0] - drawnEnds[1]) / 2
    : ends[1] - drawnEnds[1];
  // plotly hides a label that does not fit by scaling it to 0 (uniformtext "hide"); one it
  // hid and that now fits needs plotly to place it: declined.
  const drawnTransform = drawnAttr(chart, label, "transform") || "";
  const scaled = /scale\(([-\d.e]+)/.exec(drawnTransform);
  const scale = scaled ? Number(scaled[1]) : 1;
  // plotly's rule (uniformtext "hide"): a label inside a bar shows while it fits 3 px inside
  // the bar (TEXTPAD) at the least size allowed, level or turned a quarter; its size is
  // measured once per plotly drawing.
  const uniform = chart._fullLayout.uniformtext || {};
  const fontSize = parseFloat(label.style.fontSize) || 12;
  const least = uniform.mode === "hide" ? uniform.minsize / fontSize : 0;
  let fits = true;
  if (inside && least) {
    const box = kept(chart, label, "#box", measured(label));
    // (Half a pixel to spare: plotly's own measure of a text is a little larger than the SVG's.)
    const [w, h] = [box.width * least + 6.5, box.height * least + 6.5];
    const tall = Math.abs(ends[1] - ends[0]);
    fits = (width >= w && tall >= h) || (width >= h && tall >= w);
  }
  if (scale === 0 && fits) return null;
  const moved = "translate(0," + dy + ") " + drawnTransform;
  return [
    () => {
      setAttr(chart, label, "transform", moved);
      setVisible(chart, label, fits);
      if (lines.length) parts.forEach((part, i) => setText(chart, lines[i], part));
      else setText(chart, label, wanted);
    },
  ];
}

function planTraces(chart, drawn, deltas) {
  const changed = Object.keys(deltas).map(Number);
  if (!changed.length) return [];
  const bars = changed.filter((i) => drawn.data[i].type === "bar");
  if (bars.some((i) => !onlyKeys(deltas[i], ["y", "text"], drawn.data[i]))) return null;
  const traces = drawn.data.map((trace, i) => (deltas[i] ? over(trace, deltas[i]) : trace));
  const writes = [];
  if (changed.some((i) => traces[i].type === "bar")) {
    const planned = planBars(chart, drawn.layout, traces);
    if (!planned) return null;
    writes.push(...planned);
  }
  const scatterGroups = chart.querySelectorAll(".scatterlayer > g.trace");
  const scatters = traces.map((trace, i) => [trace, i]).filter(([t]) => t.type === "scatter");
  if (scatterGroups.length !== scatters.length) {
    return changed.some((i) => traces[i].type === "scatter") ? null : writes;
  }
  for (const index of changed) {
    if (traces[index].type === "bar") continue;
    if (Object.keys(deltas[index]).every((key) => HOVER_ONLY.has(key))) continue;
    if (!onlyKeys(deltas[index], ["x", "y", "x0", "dx", "text"], drawn.data[index])) return null;
    const at = scatters.findIndex(([, i]) => i === index);
    const planned = planScatter(chart, traces, index, scatterGroups[at], drawn.data[index]);
    if (!planned) return null;
    writes.push(...planned);
  }
  return writes;
}

function quickDraw(chart, drawn, row) {
  if (!chart._fullLayout || !drawn) return false;
  const layoutWrites = planLayout(chart, drawn.layout, row.layout || {});
  const traceWrites = layoutWrites && planTraces(chart, drawn, row.traces || {});
  if (!traceWrites) {
    // What declined, for a benchmark or a look in the browser's console.
    if (layoutWrites) chart.__klDeclined = "traces";
    return false;
  }
  for (const write of layoutWrites.concat(traceWrites)) write();
  return true;
}
