"""`confsite check`, warnings and --strict, the internal link checker, and the limits of what a build reads and writes."""
from __future__ import annotations

import os
import re

import pytest

from conftest import MINIMAL_SITE, build, confsite, snapshot, write_tree
from confsite.errors import BuildFailed
from confsite.output.write import safe_relative


def check(site, *extra):
    """`confsite check --site SITE` with extra arguments."""
    return confsite("check", "--site", site, *extra)


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ": error: " in line or ": warning: " in line]


# confsite check


def test_check_of_a_good_site_exits_0_and_writes_nothing(site, tmp_path):
    before = snapshot(site)
    result = check(site)
    assert result.code == 0, result.err
    assert snapshot(site) == before
    assert not (site / "_site").exists()
    built = build(site, "--out", tmp_path / "out").out.splitlines()[-1]  # 'built N pages (M files) in T s'
    pages = built.split(" (")[0].removeprefix("built ")
    assert re.fullmatch(rf"checked {pages} \(\d+ files\): no errors\n", result.out)


def test_check_reports_every_error_exits_1_and_writes_nothing(site):
    write_tree(site, {"site.yaml": "name: A\ntimezon: UTC\n", "content/venue.md": "---\ntitle: Venue\ndraft: maybe\n---\n"})
    before = snapshot(site)
    result = check(site)
    assert result.code == 1
    assert error_lines(result.err) == ["content/venue.md:3:8: error: draft: Input should be a valid boolean, unable to interpret input",
                                       "site.yaml:2:1: error: unknown key 'timezon'"]
    assert result.err.rstrip().endswith("check failed: 2 errors")
    assert snapshot(site) == before


def test_check_finds_what_only_rendering_finds(site):
    write_tree(site, {"content/venue.md": "---\ntitle: Venue\n---\n[Program](/program/)\n"})
    result = check(site)
    assert result.code == 1
    assert result.err.startswith("content/venue.md:4:11: error: broken link '../program/'")
    assert not (site / "_site").exists()


def test_check_usage_errors_exit_2(site):
    assert check(site / "missing").code == 2
    assert confsite("check", "--nope").code == 2


def test_check_of_the_example_site_is_clean():
    from conftest import REPO

    result = check(REPO, "--strict")
    assert result.code == 0, result.err
    assert result.err == ""


def test_a_new_site_passes_the_strict_check(tmp_path):
    assert confsite("new", tmp_path / "conf").code == 0
    result = check(tmp_path / "conf", "--strict")
    assert result.code == 0, result.err
    assert result.err == ""


# warnings and --strict


WARNED = {"data/commitees.yaml": "committees:\n  - name: PC\n    members:\n      - name: Ann\n",
          "data/SOURCES.md": "Notes for people are not data files.\n"}


def test_warnings_print_but_pass(site):
    write_tree(site, WARNED)
    result = build(site)
    assert result.code == 0, result.err
    assert error_lines(result.err) == ["data/commitees.yaml: warning: no part of the site uses this data file"]
    assert "hint: did you mean 'data/committees.yaml'? rename the file" in result.err
    assert re.fullmatch(r"built \d+ pages \(\d+ files\) in \d+\.\d s, 1 warning", result.out.splitlines()[-1])
    assert (site / "_site" / "index.html").exists()


def test_strict_makes_warnings_errors_and_keeps_the_previous_output(site):
    assert build(site).code == 0
    before = snapshot(site / "_site")
    write_tree(site, WARNED)
    for command in (build, check):
        result = command(site, "--strict")
        assert result.code == 1
        assert error_lines(result.err) == ["data/commitees.yaml: error: no part of the site uses this data file"]
    assert snapshot(site / "_site") == before


def test_warnings_are_listed_with_the_errors_of_a_failed_build(site):
    write_tree(site, {**WARNED, "site.yaml": "name: A\nedition: [\n"})
    result = build(site)
    assert result.code == 1
    assert [line.split(": ")[0] for line in error_lines(result.err)] == ["data/commitees.yaml", "site.yaml:3:1"]
    assert result.err.rstrip().endswith("build failed: 1 error, 1 warning; the previous output was left as it was")


def test_committee_warnings(site):
    write_tree(site, {"data/committees.yaml": (
        "committees:\n"
        "  - name: Program Committee\n    id: pc\n    members:\n      - name: Ann Lee\n      - name: Bo Chen\n"
        "      - name: Ann Lee\n"
        "  - name: Artifact Committee\n    id: pc\n    members: []\n"
        "  - name: Two people, one name\n    members:\n      - {name: Li Wei, id: li-wei-1}\n      - {name: Li Wei, id: li-wei-2}\n")})
    result = check(site)
    assert result.code == 0, result.err
    assert error_lines(result.err) == [
        "data/committees.yaml:7:9: warning: 'Ann Lee' is listed twice in 'Program Committee' (also at line 5)",
        "data/committees.yaml:9:9: warning: two committees have the id 'pc' (the other at line 3)",
        "data/committees.yaml:10: warning: the committee 'Artifact Committee' has no members",
    ]


# internal links and anchors


LINKED = {
    **MINIMAL_SITE,
    "content/venue.md": "---\ntitle: Venue\nnav_order: 2\n---\n## Getting there\n\n## Hotels\n\n"
                        "Back [home](/), to [the hotels](#hotels), [by train](/venue/#getting-there),\n"
                        "[the program](/program/), [the dinner](#diner), [slides](/files/talk.pdf),\n"
                        "[the calendar](/dates.ics), [elsewhere](https://example.org/nowhere/), "
                        "[mail](mailto:pc@example.org), [the rules](/about/#rules).\n",
    "content/about.md": "---\ntitle: About\n---\n## Rules {#rules}\n\n<img src=\"/img/logo.png\" alt=\"Logo\">\n"
                        "<img srcset=\"/img/logo.png 1x, /img/logo-2x.png 2x\" alt=\"Logo\">\n\n"
                        "Embed our badge: `<img src=\"/badge.png\" alt=\"\">`\n\n```\n<a href=\"/nowhere/\">example</a>\n```\n",
    "static/dates.ics": "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
    "static/img/logo.png": "not really a png",
    "static/extra.html": "<!doctype html><title>x</title><a href=\"venue/#hotels\">ok</a> <a href=\"venue/#nope\">bad</a>\n",
}


@pytest.fixture(scope="module")
def linked_result(tmp_path_factory):
    site = write_tree(tmp_path_factory.mktemp("linked"), LINKED)
    return build(site)


def test_every_broken_link_is_reported_at_once_where_it_was_written(linked_result):
    assert linked_result.code == 1
    assert error_lines(linked_result.err) == [
        "content/about.md:7:32: error: broken link '/img/logo-2x.png' (on about/index.html): there is no img/logo-2x.png in the built site",
        "content/venue.md:10:15: error: broken link '../program/' (on venue/index.html): there is no program/ in the built site",
        "content/venue.md:10:40: error: broken link '#diner' (on venue/index.html): venue/index.html has no element with id 'diner'",
        "content/venue.md:10:58: error: broken link '../files/talk.pdf' (on venue/index.html): there is no files/talk.pdf in the built site",
        "static/extra.html:1:72: error: broken link 'venue/#nope' (on extra.html): venue/index.html has no element with id 'nope'",
    ]


def test_broken_links_have_hints(linked_result):
    assert "hint: did you mean '#dinner'?" not in linked_result.err  # no such id: no false suggestion
    assert "hint: did you mean '/img/logo.png'?" in linked_result.err
    assert "hint: link to a heading's id; Markdown headings get ids from their text" in linked_result.err


def test_links_to_files_anchors_other_pages_and_outside_are_accepted(tmp_path):
    files = dict(LINKED)
    files["content/venue.md"] = files["content/venue.md"].replace("[the program](/program/), [the dinner](#diner), "
                                                                  "[slides](/files/talk.pdf),", "")
    files["content/about.md"] = files["content/about.md"].replace("/img/logo-2x.png 2x", "/img/logo.png 2x")
    files["static/extra.html"] = files["static/extra.html"].replace("venue/#nope", "venue/#top")
    result = build(write_tree(tmp_path / "site", files))
    assert result.code == 0, result.err


def test_a_link_broken_by_the_template_is_reported_once_for_all_pages(site):
    write_tree(site, {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n'
                                             "<a href=\"{{ url('program/') }}\">Program</a>\n{% endblock %}\n"})
    write_tree(site, {"content/about.md": "---\ntitle: About\n---\nText\n"})
    result = build(site)
    assert result.code == 1
    assert error_lines(result.err) == [
        "templates/page.html:3:13: error: broken link '../program/' (on 2 pages, e.g. about/index.html): "
        "there is no program/ in the built site"]


def test_root_links_under_a_sub_path_and_full_addresses(site):
    write_tree(site, {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n'
                                             '<a href="/conf/venue/">a</a> <a href="/conf/missing/">b</a>\n'
                                             '<a href="https://example.org/conf/elsewhere.pdf">c</a>\n{% endblock %}\n'})
    result = build(site, "--base-url", "https://example.org/conf/")
    assert result.code == 1
    assert error_lines(result.err) == [
        "templates/page.html:3:39: error: broken link '/conf/missing/' (on venue/index.html): "
        "there is no missing/ in the built site"]


def test_a_link_climbing_above_the_site_is_broken(site):
    write_tree(site, {"content/venue.md": "---\ntitle: Venue\n---\n[up](../../../etc/passwd)\n"})
    result = build(site)
    assert result.code == 1
    assert result.err.startswith("content/venue.md:4:6: error: broken link '../../../etc/passwd' (on venue/index.html): "
                                 "it points outside the site")


# what a build may read and write


def test_links_inside_the_site_folder_are_followed(site):
    write_tree(site, {"notes/venue-text.md": "---\ntitle: Venue\n---\nLinked in.\n"})
    (site / "content" / "venue.md").unlink()
    os.symlink(site / "notes" / "venue-text.md", site / "content" / "venue.md")
    assert build(site).code == 0


def test_a_link_leading_nowhere_is_an_error(site):
    os.symlink(site / "missing.md", site / "content" / "gone.md")
    result = check(site)
    assert result.code == 1
    assert result.err.startswith("content/gone.md: error: this link leads nowhere")


def test_nothing_is_written_outside_the_output_folder(tmp_path):
    site = write_tree(tmp_path / "deep" / "site", {
        **MINIMAL_SITE,
        "content/escape.md": "---\ntitle: Escape\nslug: ../../../escaped\n---\n",
        "content/keys.md": "---\ntitle: Keys\n---\n",
        "data/committees.yaml": "committees:\n  - name: PC\n    id: ../../escaped\n    members: []\n",
        "data/papers.bib": "@article{../../escaped, title={T}, author={A, B}}\n",
    })
    result = build(site)
    assert result.code == 1
    assert sorted(p.name for p in tmp_path.rglob("*") if "escaped" in p.name) == []
    assert [line.split(": error:")[0] for line in error_lines(result.err)] == ["content/escape.md:3:7", "data/committees.yaml:3:9"]


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../x", "a//b", "", "a\\..\\b", "./x", "a/\x00"])
def test_output_paths_that_would_leave_the_output_folder_are_refused(path):
    with pytest.raises(BuildFailed):
        safe_relative(path)


def test_a_paper_in_no_session_is_a_warning_once_the_program_places_papers(site):
    session = '      - title: S\n        start: "09:00"\n        end: "10:00"\n        items:\n'
    write_tree(site, {
        "site.yaml": "name: T\ndates: {start: 2030-06-01, end: 2030-06-02}\n",
        "data/papers.bib": "@article{placed, title={A}, author={Smith, Ann}}\n\n@article{forgotten, title={B}, author={Lee, Bo}}\n",
        "data/program.yaml": "days:\n  - date: 2030-06-01\n    sessions:\n" + session + "          - title: Keynote\n",
    })
    assert error_lines(check(site).err) == []  # a program without papers says nothing about them
    write_tree(site, {"data/program.yaml": "days:\n  - date: 2030-06-01\n    sessions:\n" + session + "          - paper: placed\n"})
    result = check(site)
    assert result.code == 0, result.err
    assert error_lines(result.err) == ["data/papers.bib:3: warning: the paper 'forgotten' is in no session of the program"]
    assert "hint: add '- paper: forgotten' to a session in data/program.yaml" in result.err
    assert check(site, "--strict").code == 1


def test_an_image_without_text_is_a_warning(site):
    write_tree(site, {"content/venue.md": "---\ntitle: Venue\n---\nThe hall:\n\n![](/img/hall.png) and <img src=\"/img/hall.png\">\n\n"
                                          "```\n![](not/an/image.png)\n```\n\n![The main hall](/img/hall.png) `<img src=\"x.png\">`\n",
                      "static/img/hall.png": "png"})
    result = check(site)
    assert result.code == 0, result.err
    assert error_lines(result.err) == ["content/venue.md:6:1: warning: this image has no text alternative",
                                       "content/venue.md:6:24: warning: this image has no alt text"]


def test_a_broken_link_written_in_a_data_file_is_located_there(site):
    write_tree(site, {"data/program.yaml": 'days:\n  - date: 2030-06-01\n    sessions:\n      - title: S\n'
                                           '        start: "09:00"\n        end: "10:00"\n        items:\n'
                                           "          - title: Panel\n            url: /panel/\n"})
    result = check(site)
    assert result.code == 1
    assert error_lines(result.err) == ["data/program.yaml:9:18: error: broken link '/panel/' (on 2 pages, e.g. "
                                       "program/index.html): there is no panel/ in the built site"]


def test_a_broken_link_on_a_page_made_from_data_names_its_template(site):
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - name: Ann\n",
                      "templates/committees.html": '{% extends "base.html" %}\n{% block main %}\n{% set rules = "rules/" %}\n'
                                                   '<a href="{{ url(rules) }}">Rules</a>\n{% endblock %}\n'})
    result = check(site)
    assert result.code == 1
    assert error_lines(result.err) == ["templates/committees.html: error: broken link '../rules/' (on committees/index.html): "
                                       "there is no rules/ in the built site"]
