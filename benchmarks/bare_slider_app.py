"""The bare comparison app for ``slider_latency.py``: one slider and one 999-point plotly curve.

What a slider step costs in the plainest Streamlit app that draws a curve: no frame, no metrics, no
maths library, ``go.Figure`` with plotly's validation as most apps write it. The curve depends on
the slider (the coin's KL(p‖q) over q for p = the slider value), so each step redraws it.

    .venv/bin/streamlit run benchmarks/bare_slider_app.py
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

p = st.slider("p", 0.0, 1.0, 0.4, 0.01, key="p")

q = np.arange(1, 1000) / 1000
with np.errstate(divide="ignore", invalid="ignore"):
    kl = np.where(p > 0, p * np.log(p / q), 0.0) + np.where(
        p < 1, (1 - p) * np.log((1 - p) / (1 - q)), 0.0
    )

figure = go.Figure(go.Scatter(x=q, y=kl, mode="lines", name="KL(p‖q)"))
figure.update_layout(title=f"KL({p:.2f}‖q) over q", xaxis_title="q", yaxis_title="nats")
st.plotly_chart(figure, key="curve")
