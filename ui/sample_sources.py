"""Where the samples lesson's data comes from, and the controls of its model Q.

Three sources: generate n observations from a known P with a visible seed (every choice in the
URL, so a lecture can replay it), upload a CSV or text file, or paste text. Uploads and pastes
are parsed by ``core.parse_samples``, cached on the raw bytes: the cache key is the content
itself, so a session can only ever get back what it sent. Every refusal becomes a message in the
page; nothing is written to disk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import PRESETS, ParsedSample
from core.convergence import TruthDistance, distance_to_truth
from core.models import (
    Model,
    SampleSummary,
    families_for,
    maximum_likelihood,
    success_index,
    summarise_sample,
)
from core.sampling import TrueDistribution, draw_sample
from ui.figures.samples import FAMILIES, FAMILY_CAPTIONS, GROWTH_POINTS, starting_model
from ui.parse_in_child import parse_upload
from ui.shared_sample import SharedSample
from ui.url_state import (
    CHOSEN_SAMPLE,
    bound_value,
    choice_note,
    forget,
    set_widget_value,
    url_seed,
    url_slider,
    widget_default,
)
from ui.user_text import as_message, as_text

#: Choices are named as the URL shows them (a bound widget puts its option's label in the link).
SOURCES = {"Generate": "generate", "Upload": "upload", "Paste": "paste"}
GENERATORS = {"Coin": "coin", "Die": "die", "Gaussian": "gaussian", "Bimodal": "bimodal"}
FAMILY_HINTS = {
    "coin": "bernoulli",
    "die": "categorical",
    "gaussian": "gaussian",
    "bimodal": "bimodal",
}
#: Sample sizes offered: 10, 20, 50, 100, ... 500,000 and 1,000,000.
SIZES = [m * 10**e for e in range(1, 6) for m in (1, 2, 5)] + [1_000_000]
FIRST_LINE = {"detect": "detect", "header": "is a header", "data": "is data"}
#: Cached parses kept per server process (each at most 8 MB of numbers or 40 MB of labels).
PARSE_CACHE_ENTRIES = 4
#: Generated samples kept per server process (a million numbers is 8 MB).
GENERATED_CACHE_ENTRIES = 4
#: Summaries and distances kept per server process (small: bounded whatever n is).
SUMMARY_CACHE_ENTRIES = 16
#: Model parameters stay within ±LIMIT (σ above 1/LIMIT), as the data does (core.parsing's
#: MAX_MAGNITUDE): their squares and ratios stay finite.
LIMIT = 1e100
#: Characters a paste may hold.
MAX_PASTE_CHARACTERS = 2_000_000
#: The session key of the kind of data the model controls were last set up for.
DATA_KIND_KEY = "_samples_data_kind"


@dataclass(frozen=True)
class Chosen:
    """The sample chosen on the page and the P it came from (generated data only).

    ``kind`` changes when the kind of data changes (the model then starts afresh); ``key``
    identifies the content itself (the generator's arguments, the upload's id, the paste's
    digest, with the reading options) and keys the caches of what is computed from it.
    """

    sample: SharedSample
    truth: TrueDistribution | None
    kind: str
    key: str
    warnings: tuple[str, ...] = ()


# Generated data ----------------------------------------------------------------------------------


@st.cache_data(max_entries=GENERATED_CACHE_ENTRIES, show_spinner=False)
def _generate_cached(
    kind: str, n: int, seed: int, settings: tuple
) -> tuple[np.ndarray, TrueDistribution]:
    return draw_sample(kind, n, seed, **dict(settings))


def _generate(kind: str, n: int, seed: int, settings: tuple) -> tuple[np.ndarray, TrueDistribution]:
    """``draw_sample``, cached on its arguments; the copy the cache hands out is frozen here."""
    values, truth = _generate_cached(kind, n, seed, settings)
    values.flags.writeable = False
    return values, truth


def _generated(present: bool) -> Chosen:
    choice_note("gen", GENERATORS)
    top = st.columns([2, 2, 1])
    label = top[0].selectbox(
        "True distribution P", list(GENERATORS), key="gen", bind="query-params"
    )
    kind = GENERATORS[label]
    choice_note("n", SIZES, slider=True)
    n = top[1].select_slider(
        "n, the number of observations",
        SIZES,
        value=1_000,
        key="n",
        bind="query-params",
    )
    seed = url_seed(
        "Seed",
        default=7,
        help="The same seed gives the same sample: replay it in a lecture.",
        container=top[2],
    )
    # Expanders do not nest: in presentation mode this is already inside one.
    with st.container() if present else st.expander("Parameters of P"):
        settings = _generator_settings(kind)
    values, truth = _generate(kind, n, seed, tuple(sorted(settings.items())))
    name = f"generated: {truth.name}, n={n:,}, seed={seed}"
    sample = SharedSample(
        name, values, numeric=values.dtype.kind == "f", family_hint=FAMILY_HINTS[kind]
    )
    key = f"generate:{kind}:{n}:{seed}:{sorted(settings.items())}"
    return Chosen(sample, truth, f"generate:{kind}", key)


def _generator_settings(kind: str) -> dict:
    if kind == "coin":
        return {
            "p": url_slider(
                "P(H), the coin's chance of heads",
                key="p",
                min_value=0.01,
                max_value=0.99,
                value=0.7,
                step=0.01,
            )
        }
    if kind == "die":
        choice_note("die", PRESETS.values())
        die = st.selectbox(
            "The die",
            list(PRESETS),
            format_func=PRESETS.get,
            index=3,
            key="die",
            bind="query-params",
        )
        return {"die": die}
    if kind == "gaussian":
        left, right = st.columns(2)
        with left:
            mu = url_slider(
                "μ, the mean", key="mu", min_value=-5.0, max_value=5.0, value=0.0, step=0.1
            )
        with right:
            sigma = url_slider(
                "σ, the standard deviation",
                key="sigma",
                min_value=0.1,
                max_value=5.0,
                value=1.0,
                step=0.1,
            )
        return {"mu": mu, "sigma": sigma}
    left, right = st.columns(2)
    with left:
        separation = url_slider(
            "Distance between the two modes",
            key="sep",
            min_value=0.0,
            max_value=10.0,
            value=4.0,
            step=0.5,
        )
    with right:
        weight = url_slider(
            "Weight of the left mode",
            key="mix",
            min_value=0.05,
            max_value=0.95,
            value=0.3,
            step=0.05,
        )
    return {"separation": separation, "weight": weight}


# Uploaded or pasted data ---------------------------------------------------------------------


@st.cache_data(max_entries=PARSE_CACHE_ENTRIES, show_spinner="Reading the data…")
def _parse(data: bytes | str, header: bool | None, column: int | None) -> ParsedSample | str:
    """``parse_upload`` (a large input in a child process) cached on the content itself; a
    refusal is cached as its message."""
    try:
        return parse_upload(data, header, column)
    except ValueError as error:
        return str(error)


def upload_limit_bytes() -> int:
    """The server's upload limit (``server.maxUploadSize``, in MB) in bytes."""
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def _read(data: bytes | str, label: str, kind: str) -> Chosen | None:
    """Parse with the reading options; show a refusal as an error; let the user pick a column."""
    with st.expander("Reading options"):
        first = st.radio(
            "First line",
            list(FIRST_LINE),
            format_func=FIRST_LINE.get,
            horizontal=True,
            key="first_line",
            help="Detect: a line of names above the data is read as a header.",
        )
    header = {"detect": None, "header": True, "data": False}[first]
    parsed = _parse(data, header, None)
    if isinstance(parsed, str):
        st.error(as_message(parsed), icon=":material/error:")
        return None
    if len(parsed.columns) > 1:
        digest = hashlib.blake2b(parsed.columns.__repr__().encode(), digest_size=6).hexdigest()
        column = st.selectbox(
            f"Column ({len(parsed.columns)} found)",
            range(len(parsed.columns)),
            format_func=lambda j: parsed.columns[j][:40],
            key=f"column_{digest}",
        )
        if column != parsed.column:
            parsed = _parse(data, header, int(column))
            if isinstance(parsed, str):
                st.error(as_message(parsed), icon=":material/error:")
                return None
    name = (
        label
        if len(parsed.columns) == 1 and not parsed.header
        else (f"{label}, column {parsed.column_name[:40]}")
    )
    values = np.array(parsed.values)  # a private copy, frozen by SharedSample
    values.flags.writeable = False
    sample = SharedSample(name, values, numeric=parsed.numeric)
    key = f"{kind}:{header}:{parsed.column}"
    return Chosen(sample, None, kind, key, parsed.warnings)


def _uploaded() -> Chosen | None:
    file = st.file_uploader(
        "A CSV or text file: one observation per line, or a table with a header row",
        type=["csv", "txt", "tsv"],
        key="upload",
    )
    if file is None:
        st.info(
            "Upload a file to see its P̂, or choose Generate: data from a known P.",
            icon=":material/upload_file:",
        )
        return None
    limit = upload_limit_bytes()
    if file.size > limit:
        st.error(
            f"“{as_text(file.name[:60])}” is {file.size / 2**20:.1f} MB; the limit is "
            f"{limit / 2**20:.0f} MB. Upload a smaller sample of the data.",
            icon=":material/error:",
        )
        return None
    return _read(file.getvalue(), f"upload: {file.name[:60]}", f"upload:{file.file_id}")


def _pasted() -> Chosen | None:
    text = st.text_area(
        "Observations: one per line, or separated by spaces or commas",
        key="paste",
        height=140,
        max_chars=MAX_PASTE_CHARACTERS,
        placeholder="H T H H T H T H H H\nor\n2.31\n1.07\n-0.42",
    )
    if not text.strip():
        st.info(
            "Paste observations above and press Ctrl+Enter (⌘+Enter on a Mac).",
            icon=":material/content_paste:",
        )
        return None
    digest = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
    return _read(text, "pasted text", f"paste:{digest}")


def choose_sample(*, present: bool) -> Chosen | None:
    """Draw the source controls and return the chosen sample (None if there is none yet).

    The sample is also put in ``st.session_state[CHOSEN_SAMPLE]`` for the maximum-likelihood lesson.
    """
    choice_note("data", SOURCES)
    if present:  # the figure first on a projector: generated data's controls fold away
        source = bound_value("data", "Generate")
        with st.expander(
            "The data: source, n, seed", icon=":material/dataset:", expanded=source != "Generate"
        ):
            return _choose(present)
    return _choose(present)


def _choose(present: bool) -> Chosen | None:
    source = SOURCES[
        st.radio(
            "Data",
            list(SOURCES),
            horizontal=True,
            key="data",
            bind="query-params",
            captions=["from a known P", "a CSV or text file", "text you type or copy"],
        )
    ]
    if source == "upload":
        chosen = _uploaded()
    elif source == "paste":
        chosen = _pasted()
    else:
        chosen = _generated(present)
    if chosen is not None:
        st.session_state[CHOSEN_SAMPLE] = chosen.sample
        for warning in chosen.warnings:
            st.warning(as_message(warning), icon=":material/warning:")
    return chosen


# The model Q ------------------------------------------------------------------------------------

#: The URL keys of each family's parameters, and the Model field each one sets.
PARAMETERS = {
    "bernoulli": {"q": "q"},
    "shrink": {"shrink": "weight"},
    "poisson": {"rate": "rate"},
    "gaussian": {"qmu": "mu", "qsigma": "sigma"},
}


def _set_model(model: Model) -> None:
    """Set the controls of ``model``'s family to its parameters (the browser shows them)."""
    for key, field in PARAMETERS[model.family].items():
        set_widget_value(key, float(getattr(model, field)))


def _fresh_start(summary: SampleSummary, kind: str) -> bool:
    """Whether the kind of data has just changed: then every model control starts again from
    its default, near but not at the maximum-likelihood model. On the first run of a session
    nothing is dropped, so the parameters a link carries are kept."""
    fingerprint = (kind, summary.numeric, summary.discrete, summary.support.shape[0])
    previous = st.session_state.get(DATA_KIND_KEY)
    if previous == fingerprint:
        return False
    st.session_state[DATA_KIND_KEY] = fingerprint
    if previous is None:
        return False
    for parameters in PARAMETERS.values():
        for key in parameters:
            forget(key)
    return True


def choose_model(summary: SampleSummary, kind: str) -> Model | None:
    """Draw the model controls (family, parameters, "Use the MLE") and return the model."""
    families = families_for(summary)
    if not families:
        st.info(
            "No model fits a single repeated value: add data with some variety.",
            icon=":material/info:",
        )
        return None
    fresh = _fresh_start(summary, kind)
    choice_note("model", FAMILIES.values())
    names = [FAMILIES[family] for family in families]
    if fresh or bound_value("model", names[0]) not in names:
        # Told to the browser, which would otherwise keep showing the last data's choice.
        set_widget_value("model", names[0])
    choice, button = st.columns(2, vertical_alignment="bottom")
    name = choice.radio(
        "Model Q",
        names,
        key="model",
        bind="query-params",
        horizontal=True,
        captions=[FAMILY_CAPTIONS[family] for family in families],
    )
    family = families[names.index(name)]
    best = maximum_likelihood(summary, family)
    button.button(
        "Use the MLE",
        on_click=_set_model,
        args=(best,),
        key="use_mle",
        icon=":material/auto_fix_high:",
        help="Set Q to the maximum-likelihood model of this family: the Q with the "
        "smallest average negative log-likelihood on this sample.",
    )
    start = starting_model(summary, family)  # the value of a control whose state was dropped
    if fresh:  # controls still on the screen are told their new value
        _set_model(start)
    if family == "bernoulli":
        outcome = summary.support[success_index(summary)]
        outcome = f"{outcome:g}" if summary.numeric else str(outcome)[:20]
        model = Model(
            "bernoulli",
            q=url_slider(
                f"q = Q({outcome})", key="q", min_value=0.0, max_value=1.0, value=start.q, step=0.01
            ),
        )
    elif family == "shrink":
        weight = url_slider(
            "w, the weight of the uniform distribution (0 is P̂ itself)",
            key="shrink",
            min_value=0.0,
            max_value=1.0,
            value=start.weight,
            step=0.01,
        )
        model = Model("shrink", weight=weight)
    elif family == "poisson":
        rate = st.number_input(
            "λ, the rate",
            min_value=0.0,
            max_value=LIMIT,
            value=widget_default("rate", min(start.rate, LIMIT), instead="min"),
            step=_step(summary.mean),
            key="rate",
            bind="query-params",
            format="%.4g",
        )
        model = Model("poisson", rate=float(rate))
    else:
        left, right = st.columns(2)
        step = _step(summary.gaussian.sigma)
        mu = left.number_input(
            "μ of Q",
            min_value=-LIMIT,
            max_value=LIMIT,
            value=widget_default("qmu", float(np.clip(start.mu, -LIMIT, LIMIT)), instead="min"),
            step=step,
            key="qmu",
            bind="query-params",
            format="%.4g",
        )
        sigma = right.number_input(
            "σ of Q",
            min_value=1 / LIMIT,
            max_value=LIMIT,
            value=widget_default(
                "qsigma", float(np.clip(start.sigma, 1 / LIMIT, LIMIT)), instead="min"
            ),
            step=step,
            key="qsigma",
            bind="query-params",
            format="%.4g",
        )
        model = Model("gaussian", mu=float(mu), sigma=float(sigma))
    return model


def _step(scale: float | None) -> float:
    """A round step of about a tenth of ``scale`` for number inputs."""
    if not scale or not np.isfinite(scale) or scale <= 0:
        return 0.1
    return float(10 ** np.floor(np.log10(scale / 10) + 1e-9))


# What is computed from the data, cached on its key ---------------------------------------------


@st.cache_data(max_entries=SUMMARY_CACHE_ENTRIES, show_spinner=False)
def _summary(key: str, base: float | None, _values: np.ndarray, _support) -> SampleSummary:
    # Arguments with a leading underscore are not hashed: ``key`` stands for the content.
    return summarise_sample(_values, support=_support, base=base)


def sample_summary(chosen: Chosen, base: float | None) -> SampleSummary:
    """``summarise_sample`` of the chosen data, cached on its key and the unit."""
    truth = chosen.truth
    support = truth.outcomes if truth is not None and truth.discrete else None
    return _summary(chosen.key, base, chosen.sample.values, support)


@st.cache_data(max_entries=SUMMARY_CACHE_ENTRIES, show_spinner=False)
def _distance(key: str, base: float | None, _values: np.ndarray, _truth) -> TruthDistance:
    return distance_to_truth(_values, _truth, base=base, points=GROWTH_POINTS)


def truth_distance(chosen: Chosen, base: float | None) -> TruthDistance:
    """``distance_to_truth`` of generated data, cached on its key and the unit."""
    return _distance(chosen.key, base, chosen.sample.values, chosen.truth)
