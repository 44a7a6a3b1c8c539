"""The bare comparison page for the load benchmark: two sliders and one 999-point plotly curve.

What a plain Streamlit page costs per rerun with the same inputs as ``/coin`` (two URL-bound
sliders ``p`` and ``q``) and one chart of a 999-point curve, written the way most Streamlit apps
are written: ``go.Figure`` with validation, no frame, no caching. ``/coin`` should cost no more.

Run it alone with ``streamlit run benchmarks/bare_two_sliders_app.py`` or through
``benchmarks/load.py bare``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

p = st.slider("p", 0.0, 1.0, 0.3, 0.01, key="p", bind="query-params")
q = st.slider("q", 0.0, 1.0, 0.5, 0.01, key="q", bind="query-params")

grid = np.linspace(0.001, 0.999, 999)
with np.errstate(divide="ignore", invalid="ignore"):
    curve = np.where(p > 0, p * np.log(p / grid), 0.0) + np.where(
        p < 1, (1 - p) * np.log((1 - p) / (1 - grid)), 0.0
    )

figure = go.Figure(go.Scatter(x=grid, y=curve, mode="lines", name="KL(p‖q)"))
figure.add_vline(x=q)
figure.update_layout(title=f"KL({p:.2f}‖{q:.2f})", xaxis_title="q", yaxis_title="nats")
st.plotly_chart(figure, key="curve")
