"""Bad input: each case names the exact `path:line:column`, exits 1, prints no traceback, and leaves `_site/` as it was."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE, build, snapshot, write_tree

BROKEN = Path(__file__).resolve().parent / "data" / "broken"  # real files, see data/broken/SOURCES.md
OUTSIDE = Path(__file__).resolve().parent / "data" / "broken" / "SOURCES.md"  # a file outside every test site

PAGE = '{% extends "base.html" %}\n{% block main %}\n'  # the first two lines of a page template
COMMITTEE = "committees:\n  - name: PC\n    members:\n"
PROGRAM = 'days:\n  - date: 2030-06-01\n    sessions:\n      - title: S\n        start: "09:00"\n        end: "10:00"\n'
CALLS = "calls:\n  - title: C\n    timezone: America/Los_Angeles\n    dates:\n      - label: Deadline\n        date: 2030-03-15\n"


@dataclass(frozen=True)
class Symlink:
    """A symbolic link to write instead of a file."""

    target: Path


@dataclass(frozen=True)
class Case:
    name: str
    files: dict  # written over the minimal site: text, bytes, a Symlink, a Path to copy, or None to delete
    expected: str  # how stderr starts: 'path:line:column: error: ...'
    args: tuple = ()


def make_site(root: Path) -> Path:
    """The minimal valid site."""
    return write_tree(root, MINIMAL_SITE)


def apply(site: Path, files: dict) -> None:
    """Write a case's files over a site."""
    for relative, content in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink()
        elif isinstance(content, Symlink):
            os.symlink(content.target, path)
        elif isinstance(content, Path):
            path.write_bytes(content.read_bytes())
        else:
            write_tree(site, {relative: content})


CASES = [
    # site.yaml: YAML syntax
    Case("site.yaml bad indentation", {"site.yaml": "name: TestConf\ntimezone: Europe/Berlin\n  bad: indent\n"},
         "site.yaml:3:6: error: YAML syntax error"),
    Case("site.yaml unclosed quote", {"site.yaml": 'edition: X\nname: "TestConf\n'}, "site.yaml:2:7: error: YAML syntax error"),
    Case("site.yaml tab", {"site.yaml": "name: TestConf\n\tedition: x\n"}, "site.yaml:2:1: error: YAML syntax error"),
    Case("site.yaml unquoted colon", {"site.yaml": "name: TestConf\nedition: MLSys: 2025\n"},
         "site.yaml:2:15: error: YAML syntax error: mapping values are not allowed here"),
    Case("site.yaml duplicate key", {"site.yaml": "name: A\nedition: B\nname: C\n"},
         "site.yaml:3:1: error: the key 'name' is given twice"),
    Case("site.yaml is a list", {"site.yaml": "- name: A\n"}, "site.yaml:1: error: site.yaml must be a mapping"),
    Case("site.yaml not UTF-8", {"site.yaml": b"name: TestConf\nedition: Caf\xe9 2030\n"},
         "site.yaml:2: error: the file is not UTF-8"),
    Case("site.yaml missing", {"site.yaml": None}, "site.yaml: error: no site.yaml"),
    # site.yaml: schema
    Case("site.yaml unknown key", {"site.yaml": "name: A\ntimezon: UTC\n"}, "site.yaml:2:1: error: unknown key 'timezon'"),
    Case("site.yaml missing name", {"site.yaml": "edition: X\n"}, "site.yaml:1: error: 'name' is required"),
    Case("site.yaml empty", {"site.yaml": ""}, "site.yaml:1: error: 'name' is required"),
    Case("site.yaml name is a list", {"site.yaml": "name: [A, B]\n"}, "site.yaml:1:7: error: name: Input should be a valid string"),
    Case("site.yaml bad time zone", {"site.yaml": "name: A\ntimezone: PDT\n"}, "site.yaml:2:11: error: timezone: 'PDT' is not a time zone"),
    Case("site.yaml impossible date", {"site.yaml": "name: A\ndates:\n  start: 2025-02-30\n  end: 2025-03-01\n"},
         "site.yaml:3:10: error: dates.start:"),
    Case("site.yaml free-text date", {"site.yaml": "name: A\ndates:\n  start: May 2020\n  end: 2020-05-01\n"},
         "site.yaml:3:10: error: dates.start:"),
    Case("site.yaml end before start", {"site.yaml": "name: A\ndates:\n  start: 2025-05-15\n  end: 2025-05-12\n"},
         "site.yaml:3:3: error: dates: the conference ends (2025-05-12) before it starts"),
    Case("site.yaml nav not a list", {"site.yaml": "name: A\nnav: /venue/\n"}, "site.yaml:2:6: error: nav: Input should be a valid list"),
    Case("site.yaml nav entry without url", {"site.yaml": "name: A\nnav:\n  - title: Venue\n"},
         "site.yaml:3: error: 'url' is required here (in nav[0])"),
    Case("site.yaml nav to a missing page", {"site.yaml": "name: A\nnav:\n  - {title: Venue, url: /venue/}\n  - {title: Program, url: /program/}\n"},
         "site.yaml:4: error: the menu entry 'Program' points to /program/"),
    Case("site.yaml bad base_url", {"site.yaml": "name: A\nbase_url: example.org\n"},
         "site.yaml:2:11: error: base_url: 'example.org' is not a site address"),
    Case("site.yaml theme is a path", {"site.yaml": "name: A\ntheme: ../../etc\n"},
         "site.yaml:2:8: error: theme: '../../etc' is not a theme folder name"),
    Case("site.yaml unknown theme", {"site.yaml": "name: A\ntheme: fancy\n"}, "site.yaml:2: error: there is no theme 'fancy'"),
    # data/committees.yaml
    Case("committees syntax", {"data/committees.yaml": COMMITTEE.replace("members:\n", "members: [a, b\n")},
         "data/committees.yaml:3:14: error: YAML syntax error"),
    Case("committees duplicate key", {"data/committees.yaml": "committees:\n  - name: PC\n    name: SC\n    members: []\n"},
         "data/committees.yaml:3:5: error: the key 'name' is given twice"),
    Case("committees file is a list", {"data/committees.yaml": "- name: PC\n"}, "data/committees.yaml:1: error: the file starts with a list"),
    Case("committees member without name", {"data/committees.yaml": COMMITTEE + "      - name: Ann\n      - role: Chair\n"},
         "data/committees.yaml:5: error: 'name' is required here (in committees[0].members[1])"),
    Case("committees misspelled key", {"data/committees.yaml": COMMITTEE + "      - name: Ann\n        afiliation: X\n"},
         "data/committees.yaml:5:9: error: unknown key 'afiliation'"),
    Case("committees members not a list", {"data/committees.yaml": "committees:\n  - name: PC\n    members: Ann\n"},
         "data/committees.yaml:3:14: error: committees[0].members: Input should be a valid list"),
    Case("committees id with spaces", {"data/committees.yaml": "committees:\n  - name: PC\n    id: Program Committee\n    members: []\n"},
         "data/committees.yaml:3:9: error: committees[0].id: 'Program Committee' is not a valid id"),
    Case("committees one id for two people", {"data/committees.yaml": COMMITTEE + "      - {name: Ann Lee, id: lee}\n"
                                              "      - {name: Bo Lee, id: lee}\n"},
         "data/committees.yaml:5:28: error: the id 'lee' is given to 'Bo Lee' and to 'Ann Lee' (line 4)"),
    Case("committees not UTF-8", {"data/committees.yaml": COMMITTEE.encode() + b"      - name: Ren\xe9\n"},
         "data/committees.yaml:4: error: the file is not UTF-8"),
    # content pages
    Case("front matter syntax", {"content/venue.md": "---\ntitle: Venue\nnav_order: [2\n---\nBody\n"},
         "content/venue.md:3:12: error: YAML syntax error"),
    Case("front matter wrong type", {"content/venue.md": "---\ntitle: Venue\n\nnav_order: second\n---\nBody\n"},
         "content/venue.md:4:12: error: nav_order: Input should be a valid integer"),
    Case("front matter bad boolean", {"content/venue.md": "---\ntitle: Venue\ndraft: maybe\n---\n"},
         "content/venue.md:3:8: error: draft: Input should be a valid boolean"),
    Case("front matter bad date", {"content/venue.md": "---\ntitle: Venue\ndate: 2025-13-01\n---\n"},
         "content/venue.md:3:7: error: date:"),
    Case("front matter misspelled key", {"content/venue.md": "---\ntitel: Venue\n---\n"}, "content/venue.md:2:1: error: unknown key 'titel'"),
    Case("front matter without title", {"content/venue.md": "---\nnav_order: 2\n---\n"}, "content/venue.md:2: error: 'title' is required"),
    Case("front matter is a list", {"content/venue.md": "---\n- title: Venue\n---\n"}, "content/venue.md:2: error: Input should be"),
    Case("front matter missing", {"content/venue.md": "# Venue\n"}, "content/venue.md:1: error: the page has no front matter"),
    Case("front matter unclosed", {"content/venue.md": "---\ntitle: Venue\n"}, "content/venue.md:1: error: the front matter is never closed"),
    Case("page not UTF-8", {"content/venue.md": b"---\ntitle: Caf\xe9\n---\n"}, "content/venue.md:2: error: the file is not UTF-8"),
    Case("two pages at one address", {"content/where.md": "---\ntitle: Where\nslug: venue\n---\n"},
         "content/where.md:1: error: this page has the same address /venue/ as content/venue.md"),
    # path traversal and links out of the site
    Case("slug climbing out of the output", {"content/venue.md": "---\ntitle: Venue\nslug: ../../outside\n---\n"},
         "content/venue.md:3:7: error: slug: '../../outside' is not a valid slug"),
    Case("slug with a slash", {"content/venue.md": "---\ntitle: Venue\nslug: a/b\n---\n"},
         "content/venue.md:3:7: error: slug: 'a/b' is not a valid slug"),
    Case("template include climbing out", {"templates/page.html": PAGE + '{% include "../../../../etc/passwd" %}\n{% endblock %}\n'},
         "templates/page.html:3: error: template error while rendering venue/index.html (from content/venue.md): "
         "there is no template '../../../../etc/passwd'"),
    Case("theme extends a path", {"site.yaml": "name: A\ntheme: mine\n", "themes/mine/templates/.keep": "",
                                  "themes/mine/theme.yaml": "name: Mine\nextends: ../../..\n"},
         "themes/mine/theme.yaml:2:10: error: extends: '../../..' is not a theme name"),
    Case("theme.yaml misspelled key", {"site.yaml": "name: A\ntheme: mine\n", "themes/mine/templates/.keep": "",
                                       "themes/mine/theme.yaml": "name: mine\nextend: default\n"},
         "themes/mine/theme.yaml:2:1: error: unknown key 'extend'\n    hint: did you mean 'extends'?"),
    Case("page linked to a file outside", {"content/secret.md": Symlink(OUTSIDE)},
         "content/secret.md: error: this link leads outside the site folder"),
    Case("static folder linked outside", {"static/shared": Symlink(OUTSIDE.parent)},
         "static/shared: error: this link leads outside the site folder"),
    # templates
    Case("template syntax", {"templates/page.html": PAGE + "{{ page.title }\n{% endblock %}\n"},
         "templates/page.html:3: error: template syntax error"),
    Case("template unknown variable", {"templates/page.html": PAGE + "{{ page.subtitle }}\n{% endblock %}\n"},
         "templates/page.html:3: error: template error while rendering venue/index.html (from content/venue.md)"),
    Case("unknown layout", {"content/venue.md": "---\ntitle: Venue\nlayout: gallery\n---\n"},
         "content/venue.md:1: error: there is no template 'gallery.html'"),
    # internal links
    Case("broken link in Markdown", {"content/venue.md": "---\ntitle: Venue\n---\nSee the\n[program](/program/).\n"},
         "content/venue.md:5:11: error: broken link '../program/' (on venue/index.html): there is no program/"),
    Case("broken anchor in Markdown", {"content/venue.md": "---\ntitle: Venue\n---\n## Hotels\n\nSee [hotels](#hotel).\n"},
         "content/venue.md:6:14: error: broken link '#hotel' (on venue/index.html): venue/index.html has no element with id 'hotel'"),
    Case("broken link in a template", {"templates/page.html": PAGE + "<a href=\"{{ url('schedule/') }}\">Schedule</a>\n{% endblock %}\n"},
         "templates/page.html:3:13: error: broken link '../schedule/' (on venue/index.html): there is no schedule/"),
    # data/papers.bib
    Case("bibtex malformed", {"data/papers.bib": "@article{good, title={T}, author={A, B}}\n\n@article{bad title={T}}\n"},
         "data/papers.bib:3: error: "),
    Case("bibtex duplicate key", {"data/papers.bib": "@article{k, title={T}, author={A, B}}\n@article{k, title={U}, author={C, D}}\n"},
         "data/papers.bib:2: error: "),
    Case("bibtex no title, strict", {"data/papers.bib": "\n@article{k, author={A, B}}\n"}, "data/papers.bib:2: error: the entry 'k' has no title",
         ("--strict",)),  # (a warning: the build goes on without it)
    Case("bibtex not UTF-8", {"data/papers.bib": b"@article{k, title={T},\n  author={Ren\xe9, A}}\n"},
         "data/papers.bib:2: error: the file is not UTF-8"),
    Case("bibtex real: entry without key (EndNote export)", {"data/papers.bib": BROKEN / "endnote-no-key.bib"},
         "data/papers.bib:2: error: "),
    # its entries use a macro that the full file defines elsewhere: BibTeX's warning comes first
    Case("bibtex real: duplicate entry (aima4e.bib)", {"data/papers.bib": BROKEN / "aima4e-duplicate-key.bib"},
         "data/papers.bib:5: warning: 'journal' uses the macro 'jacm', which no @string defines; it is left empty\n"
         "    hint: define it with @string{jacm = {...}} before this entry, or write the value in braces: {...}\n"
         "data/papers.bib:13: error: the key 'Dechter+Pearl:1985' is used by two entries"),
    Case("bibtex real: duplicate key (biber examples)", {"data/papers.bib": BROKEN / "biber-duplicate-key.bib"},
         "data/papers.bib:9: error: "),
    Case("bibtex is a folder", {"data/papers.bib/x.bib": "@misc{x}\n"}, "data/papers.bib: error: cannot read the file"),
    # data/program.yaml and data/calls.yaml
    Case("program syntax", {"data/program.yaml": PROGRAM.replace('start: "09:00"', 'start: "09:00')},
         "data/program.yaml:5:16: error: YAML syntax error: this quote is never closed on its line"),
    Case("program unknown paper", {"data/papers.bib": "@article{smith2030a, title={A}, author={Smith, Ann}}\n",
                                   "data/program.yaml": PROGRAM + "        items:\n          - paper: smith2030\n"},
         "data/program.yaml:8: error: there is no paper 'smith2030' in data/papers.bib\n    hint: did you mean 'smith2030a'?"),
    Case("program end is not a time", {"data/program.yaml": PROGRAM.replace('end: "10:00"', "end: noon")},
         "data/program.yaml:6:14: error: days[0].sessions[0].end:"),
    Case("program not UTF-8", {"data/program.yaml": PROGRAM.encode() + b"        room: Salle \xe9\n"},
         "data/program.yaml:7: error: the file is not UTF-8"),
    Case("calls time zone abbreviation", {"data/calls.yaml": CALLS.replace("America/Los_Angeles", "PDT")},
         "data/calls.yaml:3:15: error: calls[0].timezone:"),
    Case("calls page climbing out", {"data/calls.yaml": CALLS.replace("    dates:", "    page: ../../etc/passwd\n    dates:")},
         "data/calls.yaml:4: error: the call's page '../../etc/passwd' is no page of the site"),
    # warnings, made errors by --strict
    Case("misspelled data file, strict", {"data/commitees.yaml": COMMITTEE + "      - name: Ann\n"},
         "data/commitees.yaml: error: no part of the site uses this data file\n    hint: did you mean 'data/committees.yaml'?",
         ("--strict",)),
    Case("person twice in a committee, strict", {"data/committees.yaml": COMMITTEE + "      - name: Ann\n      - name: Ann\n"},
         "data/committees.yaml:5:9: error: 'Ann' is listed twice in 'PC' (also at line 4)", ("--strict",)),
    Case("empty committee, strict", {"data/committees.yaml": "committees:\n  - name: PC\n    members: []\n"},
         "data/committees.yaml:3: error: the committee 'PC' has no members", ("--strict",)),
]


def test_the_table_covers_every_kind_of_broken_input():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The minimal site, built once; each case works on a copy."""
    site = make_site(tmp_path_factory.mktemp("built") / "site")
    assert build(site).code == 0
    return site


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_located_and_leaves_output_alone(tmp_path, built_site, case):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    before = snapshot(site / "_site")
    assert before and "index.html" in before
    apply(site, case.files)
    result = build(site, *case.args)
    assert result.code == 1, result.err
    assert result.err.startswith(case.expected), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert "build failed" in result.err.splitlines()[-1]
    assert snapshot(site / "_site") == before


def test_every_error_of_the_build_is_reported_at_once(site):
    write_tree(site, {
        "site.yaml": "name: A\ntimezon: UTC\n",
        "content/venue.md": "---\ntitle: [x\n---\n",
        "data/committees.yaml": "committees:\n  - members: []\n",
    })
    result = build(site)
    assert result.code == 1
    located = [line.split(": error:")[0] for line in result.err.splitlines() if ": error:" in line]
    assert located == ["content/venue.md:2:8", "data/committees.yaml:2", "site.yaml:2:1"]
    assert result.err.rstrip().endswith("build failed: 3 errors; the previous output was left as it was")


def test_errors_carry_a_hint(site):
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - nme: Ann\n"})
    err = build(site).err
    assert "unknown key 'nme'" in err
    assert "hint: did you mean 'name'?" in err


def test_a_wrong_value_says_what_to_write_instead(site):
    write_tree(site, {"content/venue.md": "---\ntitle: Venue\ndate: 15 May 2025\n---\n"})
    err = build(site).err
    assert "hint: publication date, YYYY-MM-DD; for example date: 2025-01-15" in err


def test_template_syntax_errors_are_listed_with_the_data_errors(site):
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: PC\n    members: Ann\n",
                      "templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{{ page.title }\n{% endblock %}\n'})
    result = build(site)
    assert [line.split(": error:")[0] for line in result.err.splitlines() if ": error:" in line] == [
        "data/committees.yaml:3:14", "templates/page.html:3"]
