"""KL Lab overview: what the app teaches, the identity with live numbers, and the lessons."""

from __future__ import annotations

import streamlit as st

from core import decompose
from ui.frame import page_frame

frame = page_frame("KL Lab", icon=":material/school:")

st.write("Overview coming.")
d = decompose([0.5, 0.3, 0.2], [0.4, 0.4, 0.2], base=frame.base)
st.metric("H(P,Q)", frame.format(d.cross_entropy))
