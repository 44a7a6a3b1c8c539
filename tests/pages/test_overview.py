"""The overview without a browser: the identity with live numbers, and a link to each lesson."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from core import preset_distribution
from tests.charts import figures
from ui.frame import NAVIGATION

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
LOADED, FAIR = preset_distribution("loaded", 6), preset_distribution("uniform", 6)


def open_overview(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_identity_with_live_numbers_in_each_unit():
    for unit, base in (("bits", 2), ("nats", None)):
        at = open_overview(unit=unit)
        assert not at.exception
        h, kl = stats.entropy(LOADED, base=base), stats.entropy(LOADED, FAIR, base=base)
        assert [m.value for m in at.metric] == [
            f"{h:.3f} {unit}",
            f"{kl:.3f} {unit}",
            f"{h + kl:.3f} {unit}",
        ]
        assert h + kl == pytest.approx(math.log(6, base or math.e))  # a fair model: log K
        (latex,) = at.get("latex")
        assert f"{h + kl:.3f}" in latex.proto.body and unit in latex.proto.body
        (spec,) = figures(at)
        assert (
            spec["layout"]["title"]["subtitle"]["text"]
            == f"{h:.3f} + {kl:.3f} = {h + kl:.3f} {unit}"
        )


def test_says_what_the_app_teaches():
    at = open_overview()
    text = " ".join(m.value for m in at.markdown)
    assert "minimising KL is minimising cross-entropy" in text
    assert "maximising likelihood" in text


def test_links_each_existing_lesson_with_a_sentence():
    at = open_overview()
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    captions = [c.value for c in at.caption]
    for _, entries in NAVIGATION[1:]:
        for path, label, _ in entries:
            page = Path(path).stem
            if os.path.exists(ROOT / path):
                assert links.get(page) == label
            else:
                assert page not in links
    assert any("bottoms out at H(P)" in c for c in captions)  # the coin's sentence
    assert any("walk the model to the truth" in c for c in captions)  # the die's sentence
    assert all(caption for caption in captions)


def test_a_malformed_unit_falls_back_with_a_note():
    at = open_overview(unit="parsecs")
    assert not at.exception
    assert any("parsecs" in w.value for w in at.warning)
    assert at.metric[0].value.endswith(" bits")
