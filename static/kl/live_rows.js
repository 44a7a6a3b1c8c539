// Shared by KL Lab's drag slider and live charts (ui/drag.py, ui/live_chart.py put it in front
// of their scripts): finding a row of a live table (ui/figures/live.py) and reading its arrays.
// No maths here: the rows hold numbers core computed; this only finds and unpacks them.

// The row of the grid point nearest to a control's value (grid: {start, step, count}).
function nearestRow(grid, value) {
  const row = Math.round((value - grid.start) / grid.step);
  return Math.min(grid.count - 1, Math.max(0, row));
}

// The live numbers (ui/drag.py, live_numbers): each element the selector finds shows the text of
// the row nearest to the value.
function textNode(element) {
  // The element's first text: set in place, so that React, which owns it, keeps updating it.
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  return walker.nextNode();
}

function showNumbers(numbers, value) {
  for (const display of numbers || []) {
    const texts = display.texts[nearestRow(display.grid, value)];
    const elements = document.querySelectorAll(display.selector);
    texts.forEach((text, i) => {
      const node = elements[i] && textNode(elements[i]);
      if (node && node.nodeValue !== text) node.nodeValue = text;
    });
  }
}

// A table as sent, with each {"f32": base64} float array unpacked into a Float32Array.
function unpacked(value) {
  if (Array.isArray(value)) return value.map(unpacked);
  if (value && typeof value === "object") {
    if (typeof value.f32 === "string") {
      const text = atob(value.f32);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      return new Float32Array(bytes.buffer);
    }
    const out = {};
    for (const key of Object.keys(value)) out[key] = unpacked(value[key]);
    return out;
  }
  return value;
}

