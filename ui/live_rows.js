// Shared by KL Lab's drag slider and live charts (ui/drag.py, ui/live_chart.py put it in front
// of their scripts): finding a row of a live table (ui/figures/live.py) and reading its arrays.
// No maths here: the rows hold numbers core computed; this only finds and unpacks them.

// The row of the grid point nearest to a control's value (grid: {start, step, count}).
function nearestRow(grid, value) {
  const row = Math.round((value - grid.start) / grid.step);
  return Math.min(grid.count - 1, Math.max(0, row));
}

// A table as sent, with each {"f32": base64} float array unpacked into a Float32Array.
function unpacked(value) {
  if (Array.isArray(value)) return value.map(unpacked);
  if (value && typeof value === "object") {
    if (typeof value.f32 === "string") {
      const bytes = Uint8Array.from(atob(value.f32), (c) => c.charCodeAt(0));
      return new Float32Array(bytes.buffer);
    }
    const out = {};
    for (const key of Object.keys(value)) out[key] = unpacked(value[key]);
    return out;
  }
  return value;
}

