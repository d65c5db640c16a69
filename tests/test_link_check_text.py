"""The link check reads links from the page as a browser does: text that quotes HTML (a paper's title, an abstract,
a committee member's name, a sentence, a code example) is text, shown escaped, never a link to check; the links
and ids of the page's markup are checked as before."""
from __future__ import annotations

import pytest

from conftest import MINIMAL_SITE, build, html, write_tree

IMG = "<img src=x onerror=alert(1)>"
ANCHOR = '<a href="javascript:alert(2)">x</a>'
IFRAME = '<iframe src="javascript:alert(2)"></iframe>'

PAPERS = f"""@inproceedings{{quoting,
  author = {{Doe, Jane}},
  title = {{Escaping {IMG} in Titles}},
  booktitle = {{Proceedings of TestConf 2030}},
  year = 2030,
  abstract = {{We quote {ANCHOR} and {IFRAME} verbatim.

A sentence with src= and href= in it, and one with src=logo.png and href=/nowhere/ too.}}
}}
"""

COMMITTEES = f"""committees:
  - name: Program Committee
    id: pc
    members:
      - name: 'Ann {IMG} Lee'
        affiliation: '{ANCHOR} University'
      - name: Bo Chen
        affiliation: '{IFRAME} Institute, where src=x and href=/nowhere/'
"""

QUOTING = f"""---
title: Quoting
---
## Writing HTML

Never put &lt;img src=x onerror=alert(1)&gt; or &lt;a href="javascript:alert(2)"&gt;x&lt;/a&gt; in a title.
Nor &lt;iframe src="javascript:alert(2)"&gt;&lt;/iframe&gt;: an attribute such as src= or href= is shown as text.
A sentence may say src=logo.png and href=/nowhere/ and id=writing-html in plain words.

Inline code: `<a href="/nowhere/">` and `{IMG}`.

```
<a href="/nowhere/">an example</a>
{IFRAME}
```
"""

SITE = {**MINIMAL_SITE, "data/papers.bib": PAPERS, "data/committees.yaml": COMMITTEES, "content/quoting.md": QUOTING}


@pytest.fixture(scope="module")
def quoting_site(tmp_path_factory):
    site = write_tree(tmp_path_factory.mktemp("quoting") / "site", SITE)
    return site, build(site)


def test_a_site_whose_text_quotes_html_builds_without_broken_links(quoting_site):
    site, result = quoting_site
    assert result.code == 0, result.err
    assert "broken link" not in result.err


def quoted_nowhere(page) -> None:
    """No element that the quoted HTML would have made is on the page."""
    assert page.find("img", src="x") is None
    assert page.find("iframe") is None
    assert not [a for a in page.find_all("a") if a.get("href", "").startswith("javascript:")]
    assert not [a for a in page.find_all("a") if a.get("href") in ("/nowhere/", "../../nowhere/", "../nowhere/")]


def test_a_paper_title_and_abstract_that_quote_html_show_it_as_text(quoting_site):
    site, _ = quoting_site
    page = html(site / "_site" / "papers" / "quoting" / "index.html")
    assert page.find("h1").get_text() == f"Escaping {IMG} in Titles"
    abstract = page.find("h2", string="Abstract").find_parent("section").get_text()
    assert f"We quote {ANCHOR} and {IFRAME} verbatim." in abstract
    assert "src=logo.png and href=/nowhere/" in abstract
    quoted_nowhere(page)
    listing = html(site / "_site" / "papers" / "index.html")
    assert f"Escaping {IMG} in Titles" in listing.get_text()
    quoted_nowhere(listing)


def test_a_committee_member_whose_name_quotes_html_is_shown_as_text(quoting_site):
    site, _ = quoting_site
    page = html(site / "_site" / "committees" / "index.html")
    text = page.get_text()
    assert f"Ann {IMG} Lee" in text and f"{ANCHOR} University" in text
    assert f"{IFRAME} Institute, where src=x and href=/nowhere/" in text
    quoted_nowhere(page)


def test_a_page_whose_prose_and_code_quote_html_shows_it_as_text(quoting_site):
    site, _ = quoting_site
    page = html(site / "_site" / "quoting" / "index.html")
    text = page.find("main").get_text()
    assert f"Never put {IMG} or {ANCHOR} in a title." in text
    assert "src=logo.png and href=/nowhere/ and id=writing-html" in text
    assert [code.get_text() for code in page.select("p code")][1:] == [IMG]
    assert page.select_one("pre code").get_text() == f'<a href="/nowhere/">an example</a>\n{IFRAME}\n'
    assert [element.get("id") for element in page.find_all(id="writing-html")] == ["writing-html"]  # the heading's
    quoted_nowhere(page)


def test_inline_code_that_quotes_a_rooted_link_shows_it_as_written(quoting_site):
    site, _ = quoting_site
    page = html(site / "_site" / "quoting" / "index.html")
    assert page.select("p code")[0].get_text() == '<a href="/nowhere/">'


BROKEN = QUOTING + """
Real links: [gone](/gone/), [a heading](#writing-htm), [the dinner](/quoting/#dinner) and [fine](#writing-html).
<a name="old-anchor"></a>[an old anchor](#old-anchor)
"""


def test_real_broken_links_beside_quoted_html_are_reported_where_they_were_written(tmp_path):
    site = write_tree(tmp_path / "site", {**SITE, "content/quoting.md": BROKEN})
    result = build(site)
    assert result.code == 1
    written = next(line for line in BROKEN.splitlines() if line.startswith("Real links"))
    at = f"content/quoting.md:{BROKEN.splitlines().index(written) + 1}"
    assert [error for error in result.err.splitlines() if ": error: " in error] == [
        f"{at}:{written.index('/gone/') + 1}: error: broken link '../gone/' (on quoting/index.html): "
        "there is no gone/ in the built site",
        f"{at}:{written.index('#writing-htm') + 1}: error: broken link '#writing-htm' (on quoting/index.html): "
        "quoting/index.html has no element with id 'writing-htm'",
        f"{at}:{written.index('/quoting/#dinner') + 1}: error: broken link './#dinner' (on quoting/index.html): "
        "quoting/index.html has no element with id 'dinner'",
    ]
    assert "hint: did you mean '#writing-html'?" in result.err
    assert not (site / "_site").exists()
