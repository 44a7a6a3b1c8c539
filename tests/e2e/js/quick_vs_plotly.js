// For each value: drag there from the value before, through three values between, drawing the
// rows of every live chart that has a table for the control as a drag does ("kl-drag" events:
// quick drawings, static/kl/live_quick.js, each relative to the one before), read where each element
// sits, then release there ("done": plotly draws the row when no committed figure follows) and
// read again. Returns the differences (an element more than 2 px away, or with another text or
// shown in one and not the other) and how many of the drawings were quick ones.
//
// A chart's value axis holds still during a drag while the row fits it, and plotly draws the row
// on its own axis, so heights are compared in the value axis's units (2 px of the axis plotly
// drew), and what sits a fixed number of pixels from something (a marker, a label) by where it
// sits: a bar's label from its bar, a point's text from its marker. Texts by their middles:
// plotly may shrink or turn a bar's label to fit it and sizes an annotation's box to its text,
// which a quick drawing leaves for plotly to do on release.
async ([control, values]) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const charts = [...document.querySelectorAll(".kl-live-chart")].filter(
    (chart) => chart.__klTablesFor && chart.__klTablesFor(control),
  );
  // What to read of each kind of element: "x" pixels across, "y" the value axis's units, "px"
  // pixels, each a [number, kind] measure.
  const KINDS = {
    ".shapelayer path": "middle",
    ".infolayer g.annotation text.annotation-text": "middle",
    ".barlayer .point path": "extent",
    "text.bartext": "bar label",
    "text.gtitle": "title",
    "text.gtitle-subtitle": "title",
    ".scatterlayer path.js-line": "extent",
    ".scatterlayer path.js-fill": "extent",
    ".scatterlayer path.point": "middle",
    ".scatterlayer g.textpoint text": "point text",
  };
  function keyOf(element, n) {
    const indexed = element.closest("[data-index]");
    if (indexed) return "#" + indexed.getAttribute("data-index");
    const trace = element.closest(".trace");
    if (!trace) return "@" + n;
    const t = [...trace.parentElement.children].indexOf(trace);
    const item = element.closest(".point, .textpoint");
    return item ? "t" + t + "p" + [...item.parentElement.children].indexOf(item) : "t" + t;
  }
  function middleY(element) {
    const box = element.getBoundingClientRect();
    return box.top + box.height / 2;
  }
  function read(chart) {
    const out = {};
    const origin = chart.getBoundingClientRect();
    const axis = chart._fullLayout.yaxis;
    const paper = chart.querySelector("svg.main-svg").getBoundingClientRect().top;
    const value = (top) => axis.p2l(top - paper - axis._offset);
    for (const [selector, kind] of Object.entries(KINDS)) {
      chart.querySelectorAll(selector).forEach((element, n) => {
        const box = element.getBoundingClientRect();
        const shown = getComputedStyle(element).visibility !== "hidden" && box.width > 0;
        const x = [box.left - origin.left + box.width / 2, "x"];
        let measures;
        if (kind === "extent") {
          measures = [[box.left - origin.left, "x"], [box.width, "x"], [value(box.top), "y"], [value(box.bottom), "y"]];
        } else if (kind === "middle") {
          measures = [x, [value(middleY(element)), "y"]];
        } else if (kind === "title") {
          measures = [x, [middleY(element) - origin.top, "px"]];
        } else if (kind === "bar label") {
          // From the bar: inside, from its middle; outside, from its far end.
          const bar = element.closest(".point").querySelector("path");
          const b = bar.getBoundingClientRect();
          const ends = /^M[-\d.e]+,([-\d.e]+)V([-\d.e]+)H/.exec(bar.getAttribute("d")) || [0, 0, 0];
          const up = Number(ends[2]) <= Number(ends[1]);
          const end = element.classList.contains("bartext-inside")
            ? (b.top + b.bottom) / 2
            : up
              ? b.top
              : b.bottom;
          measures = [x, [middleY(element) - end, "px"]];
        } else {
          // A point's text, from its marker.
          const spot = element.closest(".textpoint");
          const at = [...spot.parentElement.children].indexOf(spot);
          const marker = element.closest(".trace").querySelectorAll("path.point")[at];
          measures = marker
            ? [x, [middleY(element) - middleY(marker), "px"]]
            : [x, [value(middleY(element)), "y"]];
        }
        out[selector + " " + keyOf(element, n)] = {
          measures,
          text: element.tagName === "text" ? element.textContent : "",
          shown,
        };
      });
    }
    return out;
  }
  const differences = [];
  let quick = 0;
  let last = values[0];
  for (const value of values) {
    const before = charts.map((chart) => chart.__klQuickDraws || 0);
    for (const share of [0.25, 0.5, 0.75, 1]) {
      const at = last + (value - last) * share;
      window.dispatchEvent(new CustomEvent("kl-drag", { detail: { control, value: at } }));
      await frame();
      await frame();
    }
    last = value;
    for (let i = 0; i < 2; i++) await frame();
    const dragged = charts.map(read);
    const draggedAxes = charts.map((chart) => chart._fullLayout.yaxis.range.join());
    quick += charts.reduce((n, chart, i) => n + (chart.__klQuickDraws || 0) - before[i], 0);
    // Released: no committed figure comes (no server was asked), so plotly draws the row.
    const settled = charts.map((chart) => chart.__klSettled || 0);
    window.dispatchEvent(new CustomEvent("kl-drag", { detail: { control, value, done: true } }));
    const waiting = () => charts.some((chart, i) => (chart.__klSettled || 0) === settled[i]);
    for (let i = 0; i < 300 && waiting(); i++) await frame();
    await frame();
    const released = charts.map(read);
    charts.forEach((chart, i) => {
      const name = chart.closest("[class*=st-key-]").className.match(/st-key-\S+/)[0];
      const axis = chart._fullLayout.yaxis;
      const pixel = Math.abs(axis.range[1] - axis.range[0]) / chart._fullLayout._size.h;
      // On a held axis a bar is shorter or taller than on the row's own, so its label may hide
      // in one and show in the other (plotly's rule, static/kl/live_quick.js).
      const held = draggedAxes[i] !== axis.range.join();
      const keys = new Set([...Object.keys(dragged[i]), ...Object.keys(released[i])]);
      for (const key of keys) {
        const a = dragged[i][key];
        const b = released[i][key];
        if (!(a && a.shown) && !(b && b.shown)) continue;
        if (held && key.startsWith("text.bartext") && a && b && a.shown !== b.shown) continue;
        const apart =
          a && b
            ? Math.max(
                ...a.measures.map(([v, kind], j) => Math.abs(v - b.measures[j][0]) / (kind === "y" ? pixel : 1)),
              )
            : Infinity;
        if (!a || !b || a.shown !== b.shown || apart > 2 || a.text !== b.text) {
          differences.push({ value, chart: name, element: key, dragged: a, released: b, apart });
        }
      }
    });
  }
  return { quick, differences };
}
