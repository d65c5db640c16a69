"""Bad input: each case names the exact `path:line`, exits 1, prints no traceback, and leaves `_site/` as it was."""
from __future__ import annotations

import pytest

from conftest import MINIMAL_SITE, build, snapshot, write_tree

CASES = [
    # (case, files to write over the minimal site, the expected start of the first error line)
    ("site.yaml syntax", {"site.yaml": "name: TestConf\ntimezone: Europe/Berlin\n  bad: indent\n"},
     "site.yaml:3:"),
    ("site.yaml unclosed quote", {"site.yaml": 'edition: X\nname: "TestConf\n'}, "site.yaml:2:"),
    ("site.yaml tab", {"site.yaml": "name: TestConf\n\tedition: x\n"}, "site.yaml:2:"),
    ("site.yaml duplicate key", {"site.yaml": "name: A\nedition: B\nname: C\n"}, "site.yaml:3: error: the key 'name'"),
    ("site.yaml unknown key", {"site.yaml": "name: A\ntimezon: UTC\n"},
     "site.yaml:2: error: unknown key 'timezon'"),
    ("site.yaml missing name", {"site.yaml": "edition: X\n"}, "site.yaml:1: error: 'name' is required"),
    ("site.yaml bad time zone", {"site.yaml": "name: A\ntimezone: PDT\n"}, "site.yaml:2: error: timezone:"),
    ("site.yaml bad date", {"site.yaml": "name: A\ndates:\n  start: 2025-02-30\n  end: 2025-03-01\n"},
     "site.yaml:3: error: dates.start:"),
    ("committees syntax", {"data/committees.yaml": "committees:\n  - name: PC\n    members: [a, b\n"},
     "data/committees.yaml:3:"),
    ("committees member without name",
     {"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - name: Ann\n      - role: Chair\n"},
     "data/committees.yaml:5: error: 'name' is required"),
    ("committees misspelled key",
     {"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - name: Ann\n        afiliation: X\n"},
     "data/committees.yaml:5: error: unknown key 'afiliation'"),
    ("front matter syntax", {"content/venue.md": "---\ntitle: Venue\nnav_order: [2\n---\nBody\n"},
     "content/venue.md:3:"),
    ("front matter wrong type", {"content/venue.md": "---\ntitle: Venue\n\nnav_order: second\n---\nBody\n"},
     "content/venue.md:4: error: nav_order:"),
    ("front matter missing", {"content/venue.md": "# Venue\n"}, "content/venue.md:1: error: the page has no front matter"),
    ("front matter unclosed", {"content/venue.md": "---\ntitle: Venue\n"}, "content/venue.md:1: error: the front matter is never closed"),
    ("page not UTF-8", {"content/venue.md": b"---\ntitle: Caf\xe9\n---\n"}, "content/venue.md:2: error: the file is not UTF-8"),
    ("template syntax", {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{{ page.title }\n{% endblock %}\n'},
     "templates/page.html:3: error: template syntax error"),
    ("template unknown variable", {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{{ page.subtitle }}\n{% endblock %}\n'},
     "templates/page.html:3: error: template error while rendering venue/index.html (from content/venue.md)"),
    ("unknown layout", {"content/venue.md": "---\ntitle: Venue\nlayout: gallery\n---\n"},
     "content/venue.md:1: error: there is no template 'gallery.html'"),
    ("unknown theme", {"site.yaml": "name: A\ntheme: fancy\n"}, "site.yaml:2: error: there is no theme 'fancy'"),
    ("bibtex malformed", {"data/papers.bib": "@article{good, title={T}, author={A, B}}\n\n@article{bad title={T}}\n"},
     "data/papers.bib:3: error: malformed BibTeX entry"),
    ("bibtex duplicate key", {"data/papers.bib": "@article{k, title={T}, author={A, B}}\n@article{k, title={U}, author={C, D}}\n"},
     "data/papers.bib:2: error: the key 'k' is used by two entries"),
    ("bibtex no title", {"data/papers.bib": "\n@article{k, author={A, B}}\n"}, "data/papers.bib:2: error: the entry 'k' has no title"),
]


@pytest.mark.parametrize("files,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_located_and_leaves_output_alone(tmp_path, files, expected):
    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    assert build(site).code == 0
    before = snapshot(site / "_site")
    write_tree(site, files)
    result = build(site)
    assert result.code == 1
    assert result.err.startswith(expected), result.err
    assert "Traceback" not in result.err
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
    assert located == ["content/venue.md:2:8", "data/committees.yaml:2", "site.yaml:2"]
    assert result.err.rstrip().endswith("build failed: 3 errors; the previous output was left as it was")


def test_errors_carry_a_hint(site):
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - nme: Ann\n"})
    err = build(site).err
    assert "unknown key 'nme'" in err
    assert "hint: did you mean 'name'?" in err
