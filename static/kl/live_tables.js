// KL Lab's live tables: a live chart's tables for its drag controls (ui/figures/live.py), sent as
// an element of their own beside the chart (ui/live_chart.py), as UTF-8 JSON bytes. They change
// only when the held values do, so most slider steps send them again unchanged; Streamlit's
// message cache then sends a reference instead of the bytes, and Streamlit runs this script again
// only for new data.
// No maths here: it unpacks the tables and keeps them where the chart finds them.
export default function ({ parentElement, data }) {
  if (!parentElement.querySelector(":scope > .kl-live-tables")) {
    const mark = document.createElement("div"); // for tests: the script has run
    mark.className = "kl-live-tables";
    mark.hidden = true;
    parentElement.appendChild(mark);
  }
  const spec = JSON.parse(new TextDecoder().decode(data));
  const registry = (window.__klLiveTables = window.__klLiveTables || {});
  registry[spec.chart] = { id: spec.id, tables: unpacked(spec.tables) };
  window.dispatchEvent(new CustomEvent("kl-live-tables", { detail: { chart: spec.chart } }));
}
