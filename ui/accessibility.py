"""What every page does for students who use a screen reader, the keyboard only, high contrast
or zoom, or who are troubled by motion (WCAG 2.2 AA).

The frame (``ui.frame.page_frame``) puts ``ACCESSIBILITY_CSS`` on every page. Colours that
Streamlit's theme can set live in ``.streamlit/config.toml``; this CSS covers what the theme
cannot: focus rings, the primary button's label on the dark theme, and reduced motion.
"""

from __future__ import annotations

#: Always on, after Streamlit's own styles.
#: - Focus is always visible: a solid ring in the primary colour of the theme in use
#:   (``light-dark`` follows the ``color-scheme`` Streamlit sets on the app).
#: - A primary button's label and its keyboard shortcut are drawn in white at partial opacity by
#:   Streamlit, under 4.5:1 on the primary colour; here they are opaque, white on the light
#:   theme's dark blue and near-black on the dark theme's light blue.
#: - On a phone, display equations (``st.latex``) are set a little smaller so that they fit
#:   the column: KaTeX makes an equation that does not fit a scroll region, which the keyboard
#:   cannot reach (KaTeX/KaTeX#4182).
#: - With ``prefers-reduced-motion: reduce`` nothing on the page tweens or scrolls smoothly.
ACCESSIBILITY_CSS = """
<style>
:focus-visible {
  outline: 3px solid light-dark(#0072B2, #56B4E9) !important;
  outline-offset: 2px;
}
[data-testid="stBaseButton-primary"],
[data-testid="stBaseButton-primary"] p,
[data-testid="stBaseButton-primary"] kbd {
  color: light-dark(#FFFFFF, #0E1117) !important;
  opacity: 1;
}
@media (max-width: 480px) {
  .katex-display > .katex { font-size: 1.1em; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0s !important;
    animation-iteration-count: 1 !important;
    transition-duration: 0s !important;
    scroll-behavior: auto !important;
  }
}
</style>
"""
