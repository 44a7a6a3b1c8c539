"""Presentation: plotly figure builders (pure functions) and the shared Streamlit page frame."""
