// For each value: drag there from the value before, through three values between, drawing the
// rows of every live chart that has a table for the control as a drag does ("kl-drag" events:
// quick drawings, ui/live_quick.js, each relative to the one before), read where each element
// sits, then release there ("done": plotly draws the row) and read again. Returns the
// differences (elements more than 2 px apart or with another text), and how many of the drawings
// were quick ones. Elements hidden in both, or hidden in one and absent in the other, agree.
// A text is compared by its middle: plotly may shrink or turn a bar's label to fit it, and sizes
// an annotation's box to its text, which a quick drawing leaves for plotly to do on release.
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
    for (const selector of SELECTORS) {
      chart.querySelectorAll(selector).forEach((element, n) => {
        const box = element.getBoundingClientRect();
        const shown = getComputedStyle(element).visibility !== "hidden" && box.width > 0;
        const left = box.left - origin.left;
        const top = box.top - origin.top;
        out[selector + " " + keyOf(element, n)] = {
          box:
            element.tagName === "text"
              ? [left + box.width / 2, top + box.height / 2]
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
    window.dispatchEvent(new CustomEvent("kl-drag", { detail: { control, value, done: true } }));
    for (let i = 0; i < 30 && charts.some((c) => c.__klBusy || c.__klFrame); i++) await frame();
    await frame();
    const released = charts.map(read);
    charts.forEach((chart, i) => {
      const name = chart.closest("[class*=st-key-]").className.match(/st-key-\S+/)[0];
      const keys = new Set([...Object.keys(dragged[i]), ...Object.keys(released[i])]);
      for (const key of keys) {
        const a = dragged[i][key];
        const b = released[i][key];
        if (!(a && a.shown) && !(b && b.shown)) continue;
        const far = a && b ? Math.max(...a.box.map((v, j) => Math.abs(v - b.box[j]))) : Infinity;
        if (!a || !b || a.shown !== b.shown || far > 2 || a.text !== b.text) {
          differences.push({ value, chart: name, element: key, dragged: a, released: b });
        }
      }
    });
  }
  return { quick, differences };
}
