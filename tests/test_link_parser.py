"""The link check reads each page's links and ids with links.parse_page: it must find exactly what the first,
slower reading (links._parse_page_regex) found, on the odd HTML a theme or a Markdown file can hold."""
from __future__ import annotations

import random

import pytest

from conftest import MINIMAL_SITE, write_tree
from confsite.errors import BuildFailed
from confsite.links import _parse_page_regex, parse_page
from confsite.pipeline import build

# (HTML, its ids, its links in order)
CASES = [
    ('<a href="/x/" id="top-link">x</a>', {"top-link"}, ["/x/"]),
    ("<a HREF='/y/' Id=z>y</a>", {"z"}, ["/y/"]),
    ('<a href = "/spaced/" id= "s">', {"s"}, ["/spaced/"]),
    ("<a href=/bare/ id=b>", {"b"}, ["/bare/"]),
    ('<!-- <a href="/commented/"> --><a href="/after/">', set(), ["/after/"]),
    ('<!-- unclosed <a href="/u/">', set(), ["/u/"]),
    ("<script src=\"/s.js\">var a = \" href='/not-a-link/'\";</script><a href=\"/a/\">", set(), ["/s.js", "/a/"]),
    ('<SCRIPT>x = " id=q"</SCRIPT><p id="p">', {"p", "q"}, []),  # (only a page with '<script' in lower case is cleaned)
    ('<script></script><SCRIPT>x = " id=q"</SCRIPT><p id="p">', {"p"}, []),
    ('<pre> id=p <a href="/in-pre/"></pre ><a href="/out/">', set(), ["/out/"]),
    ('<code>href="/c/"</code><a href="/d/">', set(), ["/d/"]),
    ('<style>a{b:c}</style><a href="/st/">', set(), ["/st/"]),
    ('<script>never closed <a href="/sc/">', set(), ["/sc/"]),
    ('<a href="/a/?x=1&amp;y=2#f&#111;o">', set(), ["/a/?x=1&y=2#foo"]),
    ('<img srcset="/a.png 1x, /b.png 2x" src=/c.png><video poster="/p.png">', set(), ["/a.png", "/b.png", "/c.png", "/p.png"]),
    ("<a\thref='/tab/'\nid='nl'>", {"nl"}, ["/tab/"]),
    ('<a title=" href=/inside/" href="/real/">', set(), ["/inside/", "/real/"]),  # (read as text, not as HTML)
    ('<a data-href="/no/" xhref="/no2/" data-id="n">', set(), []),
    ('<a href=/x=y>', set(), ["/x"]),
    ('<a href="unterminated>', set(), []),
    ('<a href="" id="">', {""}, [""]),
    ("<p>x= id=shown</p>", {"shown"}, []),
    ("<p HREF= id=hidden>", set(), ["id"]),  # (a bare value that is itself a name hides the attribute after it)
    ("<p>a\u00a0href=\"/nbsp/\" and \u017frc=\"/long-s/\"</p>", set(), ["/nbsp/"]),
]


@pytest.mark.parametrize("html, ids, links", CASES)
def test_parse_page_reads_odd_html(html, ids, links):
    assert parse_page(html.encode()) == (ids, links)
    assert parse_page(html) == (ids, links)  # (the render's processes read the text before encoding it)
    assert _parse_page_regex(html.encode()) == (ids, links)


def test_parse_page_agrees_with_the_first_reading_on_random_html():
    pieces = ["<a ", "<img ", "href", "HREF", "src", "srcset", "poster", "id", "ID", "=", " = ", "= ", " =", '"', "'",
              "/x", " ", "\t", "\n", ">", "<", "<!--", "-->", "-", "</", "<script>", "</script>", "<pre>", "</pre >",
              "<code>", "</code>", "<style a>", "&amp;", "x", ",", "`", "\u00a0", "\u017frc", "\u0130d"]
    rng = random.Random(10)
    for _ in range(20000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))).encode()
        assert parse_page(html) == _parse_page_regex(html), html


def test_links_in_comments_and_code_are_not_checked_but_spaced_attributes_are(tmp_path):
    page = ('---\ntitle: Odd\n---\n<!-- <a href="/gone/">old</a> -->\n\n<pre><a href="/example/">x</a></pre>\n\n'
            '<p><a href = "/missing/">spaced</a> <a HREF=\'/absent/\'>upper case</a></p>\n')
    write_tree(tmp_path / "site", {**MINIMAL_SITE, "content/odd.md": page})
    with pytest.raises(BuildFailed) as failed:
        build(tmp_path / "site", tmp_path / "out", search_index=False)
    messages = [str(error) for error in failed.value.errors]
    assert [message.partition(" (")[0] for message in messages] == [
        "content/odd.md:8:15: error: broken link '/missing/'", "content/odd.md:8:46: error: broken link '/absent/'"]
