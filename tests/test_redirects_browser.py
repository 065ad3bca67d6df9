"""An old address (data/redirects.yaml) forwards to the page's new one in real Chromium, keeping
the section a link pointed to."""

from __future__ import annotations

import pytest

from browser import serve
from conftest import Project


@pytest.fixture(scope="module")
def site(bundled: Project):
    with serve(bundled.root / "site") as base:
        yield base


@pytest.mark.parametrize("fragment", ["", "#reports"])
def test_an_old_address_forwards_with_its_section(site, chromium, fragment):
    page = chromium.new_page()
    try:
        page.goto(f"{site}events/iran-diplomatic-mission-leaves-syria-for-beirut/{fragment}")
        page.wait_for_url("**/events/iran-embassy-damascus-evacuated/**", timeout=10_000)
        assert page.url == f"{site}events/iran-embassy-damascus-evacuated/{fragment}"
        if fragment:
            assert page.evaluate("document.getElementById('reports') !== null")
    finally:
        page.close()
