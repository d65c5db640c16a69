"""The build command: pages from Markdown, the menu, determinism, atomic output, exit codes."""
from __future__ import annotations

import subprocess
import sys

from conftest import REPO, build, confsite, html, snapshot, write_tree


def test_builds_pages_from_markdown_with_front_matter(site):
    result = build(site)
    assert result.code == 0, result.err
    page = html(site / "_site" / "venue" / "index.html")
    assert page.find("h1").get_text() == "Venue"
    assert page.find("h2", id="getting-there") is not None
    assert page.title.get_text() == "Venue · TestConf 2030"
    assert page.find("a", string="home page")["href"] == "../"  # '/' written in Markdown, relative in HTML


def test_menu_follows_nav_order_and_marks_the_current_page(site):
    build(site)
    page = html(site / "_site" / "venue" / "index.html")
    links = page.select("nav[aria-label=Main] a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Home", "../"), ("Venue", "./")]
    assert links[1]["aria-current"] == "page"


def test_menu_from_site_yaml_must_point_to_real_pages(site):
    (site / "site.yaml").write_text("name: TestConf\nnav:\n  - title: Venue\n    url: /venue/\n"
                                    "  - title: Program\n    url: /program/\n", encoding="utf-8")
    result = build(site)
    assert result.code == 1
    assert "site.yaml:5: error: the menu entry 'Program' points to /program/" in result.err


def test_two_builds_are_byte_identical(site, tmp_path):
    assert build(site, "--out", tmp_path / "one").code == 0
    assert build(site, "--out", tmp_path / "two").code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_the_example_site_builds_byte_identically(tmp_path):
    assert build(REPO, "--out", tmp_path / "one").code == 0
    assert build(REPO, "--out", tmp_path / "two").code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_failed_build_leaves_previous_output_untouched(site):
    assert build(site).code == 0
    before = snapshot(site / "_site")
    (site / "content" / "venue.md").write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    result = build(site)
    assert result.code == 1
    assert snapshot(site / "_site") == before
    assert not (site / "._site.new").exists()


def test_base_url_with_sub_path_gives_canonical_links(site):
    assert build(site, "--base-url", "https://example.org/conf/").code == 0
    page = html(site / "_site" / "venue" / "index.html")
    assert page.find("link", rel="canonical")["href"] == "https://example.org/conf/venue/"
    assert page.find("link", rel="stylesheet")["href"] == "../css/site.css"


def test_bad_base_url_is_a_usage_of_the_site_error(site):
    result = build(site, "--base-url", "example.org")
    assert result.code == 1
    assert "--base-url: error: 'example.org' is not a site address" in result.err


def test_wrong_usage_exits_2(site):
    assert confsite("build", "--nope").code == 2
    assert confsite().code == 2
    assert confsite("build", "--site", site / "missing").code == 2


def test_refuses_to_replace_a_folder_it_did_not_write(site, tmp_path):
    precious = write_tree(tmp_path / "precious", {"thesis.tex": "years of work"})
    result = build(site, "--out", precious)
    assert result.code == 1
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_build_py_at_the_root_is_confsite_build(tmp_path, site):
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--out", str(tmp_path / "out")],
                            cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "venue" / "index.html").exists()


def test_installed_command_exits_1_without_traceback(site):
    (site / "site.yaml").write_text("name: [broken\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "confsite", "build", "--site", str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("site.yaml:1:")
