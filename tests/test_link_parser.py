"""page_links reads a page's links and ids as a browser builds its DOM, on the odd HTML a theme or a Markdown file
can hold: markup in any case and spacing counts, text (escaped, commented out, in a script or a style, in an
attribute's value) never does."""
from __future__ import annotations

import pytest

from conftest import MINIMAL_SITE, write_tree
from confsite.check.links import page_links
from confsite.errors import BuildFailed
from confsite.pipeline import build

# (HTML, its ids, its links: each once, in order)
CASES = [
    ('<a href="/x/" id="top-link">x</a>', {"top-link"}, ["/x/"]),
    ("<a HREF='/y/' Id=z>y</a>", {"z"}, ["/y/"]),
    ('<a href = "/spaced/" id= "s">', {"s"}, ["/spaced/"]),
    ("<a href=/bare/ id=b>", {"b"}, ["/bare/"]),
    ("<a\thref='/tab/'\nid='nl'>", {"nl"}, ["/tab/"]),
    ('<!-- <a href="/commented/"> --><a href="/after/">', set(), ["/after/"]),
    ('<!-- unclosed <a href="/u/">', set(), []),
    ("<script src=\"/s.js\">var a = \" href='/not-a-link/'\";</script><a href=\"/a/\">", set(), ["/s.js", "/a/"]),
    ('<SCRIPT>x = " id=q"</SCRIPT><p id="p">', {"p"}, []),
    ('<style>a{b:c} [id=q]</style><a href="/st/">', set(), ["/st/"]),
    ('<script>never closed <a href="/sc/">', set(), []),
    ('<textarea><a href="/t/"></textarea><title><a href="/u/"></title>', set(), []),
    ('<p>&lt;img src=x onerror=alert(1)&gt; and &lt;a href="/q/"&gt;</p>', set(), []),
    ("<p>a sentence with src=x, href=/y/ and id=z in it</p>", set(), []),
    ('<code>&lt;a href="/c/"&gt;</code><a href="/d/">', set(), ["/d/"]),
    ('<pre><a href="/in-pre/">a link in a code block is a link</a></pre>', set(), ["/in-pre/"]),
    ('<meta content=\'<a href="/m/">\'><a title=" href=/inside/" href="/real/">', set(), ["/real/"]),
    ('<a href="/a/?x=1&amp;y=2#f&#111;o">', set(), ["/a/?x=1&y=2#foo"]),
    ('<img srcset="/a.png 1x, /b.png 2x" src=/c.png><video poster="/p.png">', set(), ["/a.png", "/b.png", "/c.png", "/p.png"]),
    ('<link rel="stylesheet" href="/s.css"><a href="/s.css">again</a><iframe src="/f/">', set(), ["/s.css", "/f/"]),
    ('<a data-href="/no/" xhref="/no2/" data-id="n">', set(), []),
    ('<a name="old-anchor">old</a><meta name="description">', {"old-anchor"}, []),
    ('<a href="unterminated>', set(), []),
    ('<a href="" id="">', {""}, [""]),
    ("<a href id>", {""}, [""]),
    ("<p>a\u00a0href=\"/nbsp/\" and \u017frc=\"/long-s/\"</p>", set(), []),
    ('<a href="/first/" href="/second/">', set(), ["/first/"]),  # (of two, a browser keeps the first)
    ("", set(), []),
]


@pytest.mark.parametrize("html, ids, links", CASES)
def test_page_links_reads_markup_only(html, ids, links):
    assert page_links(html.encode()) == (frozenset(ids), tuple(links))
    assert page_links(html) == (frozenset(ids), tuple(links))  # (the render's processes read the text before encoding it)


def test_page_links_reads_bytes_that_are_not_utf8():
    assert page_links(b'<p id="caf\xe9">\xff</p><a href="/x/">') == (frozenset({"caf\ufffd"}), ("/x/",))


def test_links_in_comments_and_code_examples_are_not_checked_but_spaced_attributes_are(tmp_path):
    page = ('---\ntitle: Odd\n---\n<!-- <a href="/gone/">old</a> -->\n\n```\n<a href="/example/">x</a>\n```\n\n'
            '<p><a href = "/missing/">spaced</a> <a HREF=\'/absent/\'>upper case</a></p>\n\n'
            'Inline: `<img src="/nothing.png">`, and &lt;a href="/text/"&gt; in prose.\n')
    write_tree(tmp_path / "site", {**MINIMAL_SITE, "content/odd.md": page})
    with pytest.raises(BuildFailed) as failed:
        build(tmp_path / "site", tmp_path / "out", search_index=False)
    messages = [str(error) for error in failed.value.errors]
    assert [message.partition(" (")[0] for message in messages] == [
        "content/odd.md:10:15: error: broken link '/missing/'", "content/odd.md:10:46: error: broken link '/absent/'"]
