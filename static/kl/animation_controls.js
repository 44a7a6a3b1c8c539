// Keyboard controls for an animated chart (ui/accessibility.py): real buttons Play, Slow and
// Pause, a frame slider and the frame's live numbers under a st.plotly_chart. The figure draws
// no controls of its own; it carries its playback in layout.meta (ui/figures/animated.py: the
// frame names, each frame's read-out, plotly's options for Play, Slow and a jump), which this
// script hands to Plotly.animate: the same frames and speeds, no maths here. It keeps the slider
// in step with the animation, names the chart's drawing with its description for screen readers,
// and when a played animation is paused or ends, has the page's live region (announce in
// ui/accessibility.py) say the frame's numbers once.
// With prefers-reduced-motion, Play plays at the Slow speed; nothing plays until pressed.
// Under the controls, the chart's numbers in a folded section (chart_numbers.js).
const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";
const ACTIONS = ["play", "slow", "pause"];
const PLAYBACK = "kl_animation";

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function controlsIn(parent, labels) {
  let box = parent.querySelector(":scope > .kl-animation-controls");
  if (box) return box;
  box = element("div", { class: "kl-animation-controls", role: "group" });
  ACTIONS.forEach((action, i) => {
    box.appendChild(element("button", { type: "button", "data-action": action }, labels[i]));
  });
  const slider = element("input", { type: "range", min: "0", max: "0", step: "1", value: "0" });
  const label = element("label", { class: "kl-animation-frame" }, "Frame ");
  label.appendChild(slider);
  box.appendChild(label);
  // Not an <output>: that is a live region, which would speak every frame of a playing animation.
  box.appendChild(element("span", { class: "kl-animation-readout" }));
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

function playbackOf(chart) {
  const meta = chart && chart.layout && chart.layout.meta;
  return meta && meta[PLAYBACK] ? meta[PLAYBACK] : null;
}

// Streamlit's plotly chart puts its plotly.js on window.Plotly. A new animation (Pause, a
// jump) interrupts the running one, whose promise plotly then rejects: that is no error.
function animate(chart, frames, options) {
  if (!window.Plotly || !window.Plotly.animate) return;
  const running = window.Plotly.animate(chart, frames, options);
  if (running && running.catch) running.catch(() => {});
}

function press(box, action) {
  const chart = chartOf(box);
  const playback = playbackOf(chart);
  if (!playback) return;
  if (action === "pause") {
    const playing = box.__klPlaying;
    box.__klPlaying = false;
    animate(chart, [null], playback.jump);
    if (playing) say(box, chart, "Paused");
    return;
  }
  const slow = action === "slow" || window.matchMedia(REDUCED_MOTION).matches;
  box.__klPlaying = true;
  animate(chart, null, slow ? playback.slow : playback.play);
}

function jump(box, index) {
  const chart = chartOf(box);
  const playback = playbackOf(chart);
  if (!playback || !playback.frames[index]) return;
  box.__klPlaying = false;
  animate(chart, [playback.frames[index]], playback.jump);
  show(box, chart, index);
}

function readOut(playback, index) {
  return `frame ${index + 1} of ${playback.frames.length}: ${playback.labels[index]}`;
}

function show(box, chart, index) {
  const playback = playbackOf(chart);
  if (!playback || index < 0 || index >= playback.frames.length) return;
  box.__klIndex = index;
  const slider = box.querySelector("input[type=range]");
  slider.max = String(playback.frames.length - 1);
  slider.value = String(index);
  slider.setAttribute("aria-valuetext", readOut(playback, index));
  box.querySelector(".kl-animation-readout").textContent = playback.labels[index];
}

// The page's one polite live region (ui.accessibility.announce) says where the animation stopped.
function say(box, chart, what) {
  const region = document.querySelector(".kl-announce");
  const playback = playbackOf(chart);
  if (!region || !playback) return;
  region.textContent = `${what} at ${readOut(playback, box.__klIndex || 0)}`;
}

function connect(box) {
  const chart = chartOf(box);
  if (!chart || !playbackOf(chart)) return false;
  const drawing = chart.querySelector("svg.main-svg");
  if (drawing && box.__klDescription) {
    drawing.setAttribute("role", "img");
    drawing.setAttribute("aria-label", box.__klDescription);
  }
  // Once per drawn chart: a chart that Streamlit draws anew has lost its listeners.
  const listening = chart._ev && chart._ev.listeners("plotly_animatingframe");
  if (!listening || !listening.includes(box.__klOnFrame)) {
    box.__klOnFrame = (event) => show(box, chart, playbackOf(chart).frames.indexOf(event.name));
    chart.on("plotly_animatingframe", box.__klOnFrame);
    chart.on("plotly_animated", () => {
      if (box.__klPlaying) say(box, chart, "Ended");
      box.__klPlaying = false;
    });
    box.__klPlaying = false;
  }
  // Each run: the figure may have new frames and numbers.
  const current = playbackOf(chart).frames.indexOf(chart._fullLayout._currentFrame);
  show(box, chart, Math.max(current, 0));
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
  const box = controlsIn(parentElement, data.buttons);
  markPlay(box);
  box.__klChart = data.chart;
  box.__klDescription = data.description;
  box.setAttribute("aria-label", data.label);
  showChartNumbers(parentElement, data.numbers); // chart_numbers.js
  // Streamlit mounts the chart beside this element and plotly draws it a moment later.
  let tries = 0;
  const attempt = () => {
    if (!connect(box) && tries++ < 150) window.setTimeout(attempt, 200);
  };
  attempt();
}
