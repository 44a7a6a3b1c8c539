// KL Lab's drag slider (ui/drag.py): a native range input that follows the pointer, the finger
// and the keyboard, tells the page its value on every move and commits it to the server once,
// when the drag ends.
//
// No maths here, by rule: every number this script shows was computed by core on the server
// and arrived in a table, one row per grid point of the slider. While dragging, the script
// looks up the row of the grid point nearest the value and copies its texts into the page; it
// never evaluates a logarithm, an entropy or a normalisation (tests/ui/test_drag.py checks
// that neither script calls Math's logarithms, exponentials or powers).
//
// Each move is published as a "kl-drag" event on window ({control, value}); the live charts
// (live_chart.js) listen and redraw from their own tables. On release (pointer), on a key press,
// or when a held key comes up, the value becomes the component's "commit" trigger: one rerun, and
// the server writes the URL, the metrics and the derivation for that value. nearestRow,
// showNumbers: live_rows.js.

function build(parentElement) {
  const root = document.createElement("div");
  root.className = "kl-drag";
  const head = document.createElement("div");
  head.className = "kl-drag-head";
  const label = document.createElement("label");
  const readout = document.createElement("output");
  readout.className = "kl-drag-value";
  head.append(label, readout);
  const input = document.createElement("input");
  input.type = "range";
  root.append(head, input);
  parentElement.appendChild(root);
  return { root, label, readout, input, spec: null, keys: null, frame: 0 };
}

function valueText(spec, value) {
  return spec.symbol + " = " + value.toFixed(spec.decimals);
}

function show(parts, value) {
  const text = valueText(parts.spec, value);
  parts.readout.textContent = value.toFixed(parts.spec.decimals);
  parts.input.setAttribute("aria-valuetext", text);
}

function publish(parts) {
  // At most one page update per displayed frame, with the latest value.
  if (parts.frame) return;
  parts.frame = requestAnimationFrame(() => {
    parts.frame = 0;
    const value = Number(parts.input.value);
    show(parts, value);
    showNumbers(parts.spec.numbers, value);
    window.dispatchEvent(
      new CustomEvent("kl-drag", { detail: { control: parts.spec.key, value } }),
    );
  });
}

function wire(parts) {
  const { input } = parts;
  const commit = () => {
    parts.dragging = false;
    const value = Number(input.value);
    // The page shows the committed value now; a move still waiting for its frame would come
    // after the release and hide it (a key press commits before its move is drawn).
    if (parts.frame) cancelAnimationFrame(parts.frame);
    parts.frame = 0;
    show(parts, value);
    showNumbers(parts.spec.numbers, value);
    parts.setTriggerValue("commit", value);
    publishCommitted(parts.spec.key, value); // range_commit.js: the charts, after the commit
  };
  // A page that sends one slider's tables at a time (spec.prepare) is asked for this one's when
  // the pointer or the focus reaches it, as the bar handles ask (bar_handles.js).
  const prepare = () => {
    if (parts.spec.prepare && !parts.spec.prepared && !parts.asked) {
      parts.asked = true;
      parts.setTriggerValue("prepare", parts.spec.key);
    }
  };
  input.addEventListener("pointerenter", prepare);
  input.addEventListener("focus", prepare);
  input.addEventListener("pointerdown", () => {
    parts.dragging = true;
    prepare();
  });
  window.addEventListener("pointerup", () => (parts.dragging = false));
  window.addEventListener("pointercancel", () => (parts.dragging = false));
  input.addEventListener("input", () => publish(parts));
  parts.keys = commitOn(input, commit); // range_commit.js
}

export default function ({ parentElement, data, setTriggerValue }) {
  let parts = parentElement.__klDrag;
  if (!parts) {
    parts = build(parentElement);
    parentElement.__klDrag = parts;
    wire(parts);
  }
  parts.setTriggerValue = setTriggerValue;
  // The spec comes as Streamlit's JSON data, a string compared by value: a rerun that leaves a
  // slider as it was does not run this again.
  const spec = JSON.parse(data);
  parts.spec = spec;
  parts.asked = false;
  const { input } = parts;
  const id = "kl-drag-" + spec.key;
  // Only what changed is written: each write would make the browser style the page again.
  const set = (element, name, value) => {
    if (element[name] !== value) element[name] = value;
  };
  set(input, "id", id);
  set(parts.label, "htmlFor", id);
  set(parts.label, "textContent", spec.label);
  // The help is a tooltip, as on Streamlit's own widgets, and the input's description.
  set(parts.label, "title", spec.help || "");
  set(input, "title", spec.help || "");
  set(input, "min", String(spec.min));
  set(input, "max", String(spec.max));
  set(input, "step", String(spec.step));
  if (input.getAttribute("aria-label") !== spec.label) input.setAttribute("aria-label", spec.label);
  // A rerun that lands while the pointer is still down keeps the pointer's value.
  if (!parts.dragging && parts.keys.down === 0) input.value = String(spec.value);
  show(parts, Number(input.value));
}
