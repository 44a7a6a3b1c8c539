// Keyboard controls for an animated chart (ui/accessibility.py): real buttons Play, Slow and
// Pause and a frame slider under a st.plotly_chart, because plotly draws its own as SVG, which
// the keyboard cannot reach. They work the chart's own controls (the figure's updatemenus
// buttons and slider steps, so the same frames and speeds; no maths here), keep the slider in
// step with the animation, and name the chart's drawing with its description for screen readers.
// With prefers-reduced-motion, Play plays at the Slow speed.
const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";
const BUTTONS = [
  ["play", "▶ Play"],
  ["slow", "▶ Slow"],
  ["pause", "❚❚ Pause"],
];

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function controlsIn(parent) {
  let box = parent.querySelector(":scope > .kl-animation-controls");
  if (box) return box;
  box = element("div", { class: "kl-animation-controls", role: "group" });
  for (const [action, label] of BUTTONS) {
    box.appendChild(element("button", { type: "button", "data-action": action }, label));
  }
  const slider = element("input", { type: "range", min: "0", max: "0", step: "1", value: "0" });
  const label = element("label", { class: "kl-animation-frame" }, "Frame ");
  label.appendChild(slider);
  box.appendChild(label);
  parent.appendChild(box);
  box.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-action]");
    if (button) press(box, button.dataset.action);
  });
  slider.addEventListener("input", () => jump(box, Number(slider.value)));
  return box;
}

function chartOf(box) {
  const chart = document.querySelector(box.__klChart);
  return chart && chart._fullLayout ? chart : null;
}

// Plotly's SVG controls answer d3 mouse handlers; a synthetic event on them runs the same code.
function mouse(target, type, x, y) {
  target.dispatchEvent(
    new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y }),
  );
}

function press(box, action) {
  const chart = chartOf(box);
  if (!chart) return;
  let index = BUTTONS.findIndex(([name]) => name === action);
  if (action === "play" && window.matchMedia(REDUCED_MOTION).matches) index = 1;
  const button = chart.querySelectorAll(".updatemenu-button")[index];
  if (button) mouse(button, "click", 0, 0);
}

function jump(box, index) {
  const chart = chartOf(box);
  if (!chart) return;
  const ticks = chart.querySelectorAll(".slider-group .slider-tick-rect");
  const rail = chart.querySelector(".slider-group .slider-rail-touch-rect");
  if (!ticks[index] || !rail) return;
  const tick = ticks[index].getBoundingClientRect();
  const area = rail.getBoundingClientRect();
  const x = tick.left + tick.width / 2;
  const y = area.top + area.height / 2;
  mouse(rail, "mousedown", x, y);
  mouse(chart, "mouseup", x, y);
}

function steps(chart) {
  const slider = chart._fullLayout.sliders && chart._fullLayout.sliders[0];
  return slider ? slider.steps : [];
}

function show(box, chart, index) {
  const slider = box.querySelector("input[type=range]");
  const all = steps(chart);
  if (!all.length || index < 0) return;
  slider.max = String(all.length - 1);
  slider.value = String(index);
  slider.setAttribute("aria-valuetext", `frame ${index + 1} of ${all.length}: ${all[index].label}`);
}

function connect(box) {
  const chart = chartOf(box);
  if (!chart) return false;
  const drawing = chart.querySelector("svg.main-svg");
  if (drawing && box.__klDescription) {
    drawing.setAttribute("role", "img");
    drawing.setAttribute("aria-label", box.__klDescription);
  }
  // Once per drawn chart: a chart that Streamlit draws anew has lost its listeners.
  const listening = chart._ev && chart._ev.listeners("plotly_animatingframe");
  if (!listening || !listening.includes(box.__klOnFrame)) {
    const names = () => steps(chart).map((step) => step.args && step.args[0] && step.args[0][0]);
    box.__klOnFrame = (event) => show(box, chart, names().indexOf(event.name));
    chart.on("plotly_animatingframe", box.__klOnFrame);
    chart.on("plotly_sliderchange", (event) => show(box, chart, event.step._index));
  }
  const active = chart._fullLayout.sliders && chart._fullLayout.sliders[0];
  show(box, chart, active ? active.active : 0);
  return true;
}

// Under reduced motion the Play button says that it plays slowly.
function markPlay(box) {
  const play = box.querySelector("button[data-action=play]");
  if (window.matchMedia(REDUCED_MOTION).matches) {
    play.title = "Plays at the Slow speed: this device asks for reduced motion";
  } else {
    play.removeAttribute("title");
  }
}

export default function ({ parentElement, data }) {
  const box = controlsIn(parentElement);
  markPlay(box);
  box.__klChart = data.chart;
  box.__klDescription = data.description;
  box.setAttribute("aria-label", data.label);
  // Streamlit mounts the chart beside this element and plotly draws it a moment later.
  let tries = 0;
  const attempt = () => {
    if (!connect(box) && tries++ < 150) window.setTimeout(attempt, 200);
  };
  attempt();
}
