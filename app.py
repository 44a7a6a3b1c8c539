"""KL Lab overview: what the app teaches, the identity with live numbers, and the lessons."""

from __future__ import annotations

import os

import streamlit as st

from core import decompose, preset_distribution
from ui.figures import describe
from ui.figures.coin import identity_bar_figure
from ui.frame import NAVIGATION, ROOT, page_frame, show_chart

#: One sentence per page on what it shows; pages that do not exist yet are not offered.
WHAT_IT_SHOWS = {
    "pages/coin.py": "Move a model coin q and watch H(P,q) = H(P) + KL(P‖q): the curve over q "
    "bottoms out at H(P), exactly where q = p.",
    "pages/categorical.py": "Set a true die and a model die, see which faces add to KL and which "
    "take away, and walk the model to the truth until KL reaches 0.",
    "pages/samples.py": "Bring your own data: its empirical distribution is the P that every fit "
    "is judged against.",
    "pages/mle.py": "Watch maximum likelihood fit a model step by step: the average negative "
    "log-likelihood falls exactly as KL does.",
    "pages/forward_reverse.py": "Fit one model to a two-peaked truth both ways: KL(P‖Q) covers "
    "both peaks, KL(Q‖P) picks one.",
    "pages/coding.py": "Compress a real sample with a coder built for Q and one built for P: "
    "count H(P,Q) and H(P) in bits, and the bits KL(P‖Q) wastes.",
    "pages/classifier.py": "A classifier's loss is H(P,Q): −log q_y for a one-hot label, a floor "
    "H(P) with label smoothing; watch a softmax regression train down to it.",
    "pages/derivation.py": "The algebra from cross-entropy to KL to likelihood, with the numbers "
    "of the lesson you just used.",
}

frame = page_frame("KL Lab", icon=":material/school:")

p, q = preset_distribution("loaded", 6), preset_distribution("uniform", 6)
d = decompose(p, q, base=frame.base)

text, chart = st.columns([3, 2])
with text:
    st.markdown(
        "Code outcomes of a true distribution P with a code built for a model Q, and each outcome "
        "costs **H(P,Q)** on average, the *cross-entropy*. It splits into two parts: **H(P)**, the "
        "*entropy* of P, which no model can beat, and **KL(P‖Q)**, the *divergence*, the price of "
        "the wrong model, zero only when Q = P.\n\n"
        "So over models Q, **minimising KL is minimising cross-entropy**; and when P is the "
        "empirical distribution of a sample, the cross-entropy is the average negative "
        "log-likelihood, so it is also **maximising likelihood**."
    )
    st.markdown(
        "**Example:** a die loaded towards six (P: 1/8 for faces 1 to 5, 3/8 for six), "
        "modelled as a fair die (Q: 1/6 each)."
    )
    st.latex(
        rf"\underbrace{{{d.cross_entropy:.3f}}}_{{H(P,Q)}} = "
        rf"\underbrace{{{d.entropy:.3f}}}_{{H(P)}} + "
        rf"\underbrace{{{d.kl_divergence:.3f}}}_{{\mathrm{{KL}}(P\|Q)}}\ \text{{{frame.unit}}}"
    )
    columns = st.columns(3)
    columns[0].metric("H(P) · entropy", frame.format(d.entropy))
    columns[1].metric("KL(P‖Q) · divergence", frame.format(d.kl_divergence))
    columns[2].metric("H(P,Q) · cross-entropy", frame.format(d.cross_entropy))
    st.page_link(
        "pages/categorical.py",
        label="Open this example in the die lesson",
        icon=":material/arrow_forward:",
    )
with chart:
    show_chart(
        identity_bar_figure(d, y_max=d.cross_entropy * 1.12, font_size=frame.font_size, height=400),
        key="main",
        filename="kl-lab-identity",
        description=describe.identity_description(d),
        table=describe.identity_table(d),
    )

for section, entries in NAVIGATION[1:]:
    existing = [entry for entry in entries if os.path.exists(os.path.join(ROOT, entry[0]))]
    if existing:
        st.header(section)
    for row in range(0, len(existing), 3):
        for column, (path, label, icon) in zip(
            st.columns(3), existing[row : row + 3], strict=False
        ):
            with column.container(border=True):
                st.page_link(path, label=label, icon=icon)
                st.caption(WHAT_IT_SHOWS.get(path, ""))
