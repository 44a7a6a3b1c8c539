// A chart's numbers in a folded "Chart numbers" section under it, for anyone who prefers to read
// them or cannot see the chart (ui/figures/describe.py, ChartTable). Shared by the live chart
// (live_chart.js) and the animation controls (animation_controls.js), which put it in front
// of their scripts. Part of the chart's own element, not elements of their own: a slider step
// changes the numbers, and each element Streamlit draws again costs the step time.
// No maths here: every text comes formatted from the server; this only puts texts into cells.

function showChartNumbers(parent, table) {
  let section = parent.querySelector(":scope > .kl-chart-numbers");
  if (!table) {
    if (section) section.remove();
    return;
  }
  if (!section) {
    section = document.createElement("details");
    section.className = "kl-chart-numbers";
    const summary = document.createElement("summary");
    summary.textContent = "Chart numbers";
    // A region the keyboard can scroll where the table is wider than the page (a phone).
    const region = document.createElement("div");
    region.className = "kl-numbers";
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", "Chart numbers");
    region.tabIndex = 0;
    region.appendChild(document.createElement("table"));
    section.append(summary, region);
    parent.appendChild(section);
  }
  // Rebuilt only when a text changed; the section stays open or folded as the student left it.
  const key = JSON.stringify(table);
  if (section.__klTable === key) return;
  section.__klTable = key;
  const head = document.createElement("thead");
  const names = head.insertRow();
  for (const name of table.columns) {
    const cell = document.createElement("th");
    cell.scope = "col";
    cell.textContent = name;
    names.appendChild(cell);
  }
  const body = document.createElement("tbody");
  for (const row of table.rows) {
    const line = body.insertRow();
    for (const text of row) line.insertCell().textContent = text;
  }
  section.querySelector("table").replaceChildren(head, body);
}
