"""The all-papers filter and the copy and download buttons of a citation, in Debian's chromium, with and without
JavaScript."""
from __future__ import annotations

import pytest

from conftest import MINIMAL_SITE, build, http_server, write_tree

PAPERS = """
@inproceedings{kernels, author = {Lee, Ann}, title = {Fast Kernels}, booktitle = {MLSys}, year = 2024,
  track = {Systems}, topics = {Compilers, GPUs}, award = {Outstanding Paper Award}}
@inproceedings{sharing, author = {Doe, Jane}, title = {Sharing Accelerators}, booktitle = {MLSys}, year = 2024,
  track = {Systems}, topics = {GPUs}}
@inproceedings{data, author = {Ré, Chris}, title = {Datasets at Scale}, booktitle = {MLSys}, year = 2024,
  track = {Data}, topics = {Data management}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = write_tree(tmp_path_factory.mktemp("filter") / "site", {**MINIMAL_SITE, "data/papers.bib": PAPERS})
    assert build(site).code == 0
    return site / "_site"


def _visible_titles(page):
    return [link.inner_text() for link in page.locator("li.paper .paper-title a").all() if link.is_visible()]


def test_filter_by_text_topic_track_and_award(browser, built):
    page = browser.new_page()
    page.goto((built / "papers" / "index.html").as_uri())
    assert page.get_by_role("form", name="Filter papers").is_visible()
    assert _visible_titles(page) == ["Fast Kernels", "Sharing Accelerators", "Datasets at Scale"]
    page.get_by_label("Title, author or topic").fill("ré")
    assert _visible_titles(page) == ["Datasets at Scale"]
    assert page.get_by_role("status").first.inner_text() == "Showing 1 of 3 papers"
    assert not page.get_by_role("heading", name="Systems").is_visible()  # an emptied group hides
    page.get_by_label("Title, author or topic").fill("")
    page.get_by_label("Topic", exact=True).select_option("GPUs")
    assert _visible_titles(page) == ["Fast Kernels", "Sharing Accelerators"]
    page.get_by_label("Award papers only").check()
    assert _visible_titles(page) == ["Fast Kernels"]
    page.get_by_label("Topic", exact=True).select_option("")
    page.get_by_label("Award papers only").uncheck()
    page.get_by_label("Track", exact=True).select_option(label="Data")
    assert _visible_titles(page) == ["Datasets at Scale"]
    page.close()


def test_without_javascript_the_full_list_and_the_citation_show(browser, built):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((built / "papers" / "index.html").as_uri())
    assert not page.locator("form.paper-filter").is_visible()
    assert _visible_titles(page) == ["Fast Kernels", "Sharing Accelerators", "Datasets at Scale"]
    page.goto((built / "papers" / "kernels" / "index.html").as_uri())
    assert page.locator("pre.bibtex").is_visible() and "@inproceedings{kernels," in page.locator("pre.bibtex").inner_text()
    assert not page.locator("button.copy-citation").is_visible()
    assert not page.locator("button.download-citation").is_visible()
    context.close()


def test_copy_button_copies_the_bibtex(browser, built):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    with http_server(built) as root:  # the clipboard needs a secure context
        page.goto(root + "papers/kernels/")
        page.get_by_role("button", name="Copy BibTeX").click()
        page.get_by_text("Copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()").startswith("@inproceedings{kernels,")
    context.close()


def test_download_button_saves_the_bibtex_the_page_shows(browser, built):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto((built / "papers" / "kernels" / "index.html").as_uri())
    with page.expect_download() as download:
        page.get_by_role("button", name="Download kernels.bib").click()
    assert download.value.suggested_filename == "kernels.bib"
    saved = open(download.value.path(), encoding="utf-8").read()
    assert saved == page.locator("pre.bibtex code").text_content() and saved.startswith("@inproceedings{kernels,")
    assert not (built / "papers" / "kernels" / "kernels.bib").exists()  # made in the browser, from the page
    context.close()
