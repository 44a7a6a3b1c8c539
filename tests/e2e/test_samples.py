"""The samples lesson in a real browser: a file uploaded through the page's own file input is
read and summarised; a bad file gets its message and the page keeps working."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE, PLOT, screenshot, settle

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data"
DROPZONE = "[data-testid=stFileUploaderDropzoneInput]"


def main_text(page) -> str:
    return page.inner_text("[data-testid=stMain]")


def test_an_uploaded_file_is_parsed_and_shown(app_url, new_page):
    page = new_page(app_url + "/samples?data=Upload")
    page.set_input_files(DROPZONE, str(DATA / "coins.csv"))
    page.get_by_text("upload: coins.csv, column toss").wait_for(timeout=30_000)
    settle(page)
    text = main_text(page)
    assert "P̂ of n = 10" in text
    assert "0.881 bits" in text  # H(P̂) of 7 heads and 3 tails
    assert page.locator(PLOT).count() == 2  # P̂ with Q, the bar
    screenshot(page, "samples-upload-projector")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.errors == []


def test_a_bad_file_gets_its_message_on_a_phone(app_url, new_page, tmp_path):
    archive = tmp_path / "data.csv"
    archive.write_bytes(gzip.compress(b"1\n2\n3\n"))
    page = new_page(app_url + "/samples?data=Upload", PHONE)
    page.set_input_files(DROPZONE, str(archive))
    alert = page.locator("[data-testid=stAlertContentError]")
    alert.wait_for(timeout=30_000)
    assert "gzip archive" in alert.inner_text()
    screenshot(page, "samples-bad-upload-phone")
    page.set_input_files(DROPZONE, str(DATA / "measurements.txt"))
    page.get_by_text("upload: measurements.txt").wait_for(timeout=30_000)
    settle(page)
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.errors == []
