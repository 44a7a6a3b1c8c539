"""Pure builders: numbers in, a plotly figure or a piece of HTML out.

Nothing in this package imports Streamlit or displays anything (tests/test_layers.py checks it);
the Streamlit layer is the rest of ``ui``.
"""
