// For each value: drag there from the value before, through three values between, drawing the
// rows of every live chart that has a table for the control as a drag does ("kl-drag" events:
// quick drawings, ui/live_quick.js, each relative to the one before), read where each element
// sits, then release there ("done": plotly draws the row when no committed figure follows) and
// read again. Returns the differences (elements more than 2 px apart or with another text), and
// how many of the drawings were quick ones. Elements hidden in both, or hidden in one and absent in the other, agree.
// A text is compared by its middle: plotly may shrink or turn a bar's label to fit it, and sizes
// an annotation's box to its text, which a quick drawing leaves for plotly to do on release.
// Bars are compared in the value axis's units (2 px of the axis plotly drew the row on), their
// labels by where they sit on their bars: a chart's value axis holds still during a drag while
// the bars fit it.
async ([control, values]) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const charts = [...document.querySelectorAll(".kl-live-chart")].filter(
    (chart) => chart.__klBase && chart.__klBase.live[control],
  );
  const SELECTORS = [
    ".shapelayer path",
    ".infolayer g.annotation text.annotation-text",
    ".barlayer .point path",
    "text.bartext",
    "text.gtitle",
    "text.gtitle-subtitle",
    ".scatterlayer path.js-line",
    ".scatterlayer path.js-fill",
    ".scatterlayer path.point",
  ];
  function keyOf(element, n) {
    const indexed = element.closest("[data-index]");
    if (indexed) return "#" + indexed.getAttribute("data-index");
    const point = element.closest(".point");
    const trace = element.closest(".trace");
    if (!trace) return "@" + n;
    const t = [...trace.parentElement.children].indexOf(trace);
    return point ? "t" + t + "p" + [...point.parentElement.children].indexOf(point) : "t" + t;
  }
  function read(chart) {
    const out = {};
    const origin = chart.getBoundingClientRect();
    const axis = chart._fullLayout.yaxis;
    const paper = chart.querySelector("svg.main-svg").getBoundingClientRect().top;
    const value = (top) => axis.p2l(top - paper - axis._offset);
    for (const selector of SELECTORS) {
      chart.querySelectorAll(selector).forEach((element, n) => {
        const box = element.getBoundingClientRect();
        const shown = getComputedStyle(element).visibility !== "hidden" && box.width > 0;
        const left = box.left - origin.left;
        const top = box.top - origin.top;
        const bar = selector.includes("bar");
        const middle = [left + box.width / 2, top + box.height / 2];
        // A bar's label in pixels from the bar: inside, from its middle; outside, from its end.
        let fromBar = 0;
        const point = element.classList.contains("bartext") && element.closest(".point");
        const barPath = point && point.querySelector("path");
        if (barPath) {
          const b = barPath.getBoundingClientRect();
          const ends = /^M[-\d.e]+,([-\d.e]+)V([-\d.e]+)H/.exec(barPath.getAttribute("d")) || [0, 0, 0];
          const up = Number(ends[2]) <= Number(ends[1]);
          const end = element.classList.contains("bartext-inside")
            ? (b.top + b.bottom) / 2
            : up ? b.top : b.bottom;
          fromBar = box.top + box.height / 2 - end;
        }
        out[selector + " " + keyOf(element, n)] = {
          bar,
          box: bar
            ? [left, box.width, value(box.top), value(box.bottom), fromBar]
            : element.tagName === "text"
              ? middle
              : [left, top, box.width, box.height],
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
    quick += charts.reduce((n, chart, i) => n + (chart.__klQuickDraws || 0) - before[i], 0);
    // Released: no committed figure comes (no server was asked), so plotly draws the row.
    const settled = charts.map((chart) => chart.__klSettled || 0);
    window.dispatchEvent(new CustomEvent("kl-drag", { detail: { control, value, done: true } }));
    const waiting = () => charts.some((chart, i) => (chart.__klSettled || 0) === settled[i]);
    for (let i = 0; i < 300 && waiting(); i++) await frame();
    await frame();
    const released = charts.map(read);
    const units = charts.map((chart) => {
      const axis = chart._fullLayout.yaxis;
      return (2 * Math.abs(axis.range[1] - axis.range[0])) / chart._fullLayout._size.h;
    });
    charts.forEach((chart, i) => {
      const name = chart.closest("[class*=st-key-]").className.match(/st-key-\S+/)[0];
      const keys = new Set([...Object.keys(dragged[i]), ...Object.keys(released[i])]);
      for (const key of keys) {
        const a = dragged[i][key];
        const b = released[i][key];
        if (!(a && a.shown) && !(b && b.shown)) continue;
        const off = (v, j) => Math.abs(v - b.box[j]) / (a.bar && (j === 2 || j === 3) ? units[i] / 2 : 1);
        const far = a && b ? Math.max(...a.box.map(off)) : Infinity;
        // A bar's label: its middle (across; index 4: from its bar), not its box, which plotly
        // may shrink or turn.
        const label = a && a.bar && a.text !== "";
        const worst = label ? Math.max(off(a.box[0] + a.box[1] / 2 - b.box[1] / 2, 0), off(a.box[4], 4)) : far;
        if (!a || !b || a.shown !== b.shown || worst > 2 || a.text !== b.text) {
          differences.push({ value, chart: name, element: key, dragged: a, released: b });
        }
      }
    });
  }
  return { quick, differences };
}
