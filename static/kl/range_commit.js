// When a range input commits its value: shared by the drag slider (drag.js) and the bar handles
// (bar_handles.js), which put it in front of their own scripts. A pointer commits on release
// ("change"); a key press commits at once, as Streamlit's own slider does; a held key, whose
// repeats move the input on, commits once, when it comes up. No maths here.
function commitOn(input, commit) {
  // keys.down: keys held now (a rerun does not reset the input's value under them).
  const keys = { down: 0, repeating: false, pending: false };
  const done = () => {
    keys.pending = false;
    commit();
  };
  input.addEventListener("change", () => {
    if (keys.down > 0 && keys.repeating) keys.pending = true;
    else done();
  });
  input.addEventListener("keydown", (event) => {
    if (!event.repeat) keys.down += 1;
    keys.repeating = event.repeat;
  });
  input.addEventListener("keyup", () => {
    keys.down = Math.max(0, keys.down - 1);
    if (keys.down === 0 && keys.pending) done();
  });
  input.addEventListener("blur", () => {
    keys.down = 0;
    keys.repeating = false;
    if (keys.pending) done();
  });
  return keys;
}

// The charts draw a committed value once the commit has gone: Streamlit sends it from a timer,
// which the browser runs only after its next frame, so drawing in that frame would hold the
// commit up by the drawing. A timer set after Streamlit's runs after it.
function publishCommitted(control, value) {
  setTimeout(() => {
    window.dispatchEvent(new CustomEvent("kl-drag", { detail: { control, value, done: true } }));
  }, 0);
}
