"""What only a browser shows: the built site works from disk (file://) and from a plain HTTP server."""
from __future__ import annotations

import pytest

from conftest import REPO, build, http_server


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mlsys") / "_site"
    assert build(REPO, "--out", out).code == 0
    return out


def _walk_menu(page, start_url):
    page.goto(start_url)
    assert page.locator("h1").inner_text() == "Conference on Machine Learning and Systems"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # the stylesheet loaded
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Committees").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Committees"
    assert page.get_by_role("heading", name="Steering Committee").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Editions").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="SysML 2019").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="MLSys 2025").first.click()  # the note of a past edition leads to the current one
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Conference on Machine Learning and Systems"


def test_site_works_opened_from_disk(browser, built):
    page = browser.new_page()
    _walk_menu(page, (built / "index.html").as_uri())
    assert page.url.endswith("/index.html")
    page.close()


def test_site_works_from_a_plain_http_server(browser, built):
    page = browser.new_page()
    with http_server(built) as root:
        _walk_menu(page, root)
    page.close()
