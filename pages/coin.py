import streamlit as st

from ui.frame import page_frame

frame = page_frame("A coin", icon=":material/toll:")
p = st.slider("p", 0.0, 1.0, 0.5, 0.01, key="p", bind="query-params")
st.write(frame.format(p))
