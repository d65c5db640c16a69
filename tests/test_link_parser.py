"""The link check reads each page's links and ids with links.parse_page: it must find exactly what the first,
slower reading (links._parse_page_regex) found, on the odd HTML a theme or a Markdown file can hold."""
from __future__ import annotations

import random

import pytest

from conftest import MINIMAL_SITE, write_tree
from confsite.errors import BuildFailed
from confsite.check.links import _parse_page_regex, parse_page
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



def test_parse_page_agrees_with_the_first_reading_on_tags_and_names_in_any_case():
    """parse_page looks at the character after each '<' and the two letters before each '=' before anything else:
    markers and attribute names in any case, and names ending as the five do ('charset', 'target', 'method'), read
    as the first reading reads them."""
    pieces = ["<", "</", ">", " ", "\n", "=", '"', "'", "x", "<SCRIPT>", "</Script>", "<sCrIpT a>", "</SCRIPT >",
              "<PRE>", "<pre>", "</pre>", "<Code>", "<code>", "</CODE>", "<STYLE>", "<style>", "</style>", "<script>",
              "<!--", "-->", "<!", "<s", "<c", "<p", "<span ", "<\u017fcript>", " Href=/h", ' hREF="/h2"', " SRC=/s",
              " Src='/s2'", " SrcSet=/ss", ' sRCSEt="/a 1x, /b 2x"', " POSTER=/p", " Poster=/p2", " iD=i", " Id='i2'",
              " ID=i3", " id=i4", " ef=e", " et=e", " rc=r", " er=e", " charset=c", " target=t", " method=m", " rid=r",
              " paid=p", " class=c", " content=c", " d=d", " \u0130d=x", " \u017frc=x", " hre\u0192=x", " \u212aid=k"]
    rng = random.Random(12)
    for _ in range(20000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        assert parse_page(html) == _parse_page_regex(html.encode()), html


def test_links_in_comments_and_code_are_not_checked_but_spaced_attributes_are(tmp_path):
    page = ('---\ntitle: Odd\n---\n<!-- <a href="/gone/">old</a> -->\n\n<pre><a href="/example/">x</a></pre>\n\n'
            '<p><a href = "/missing/">spaced</a> <a HREF=\'/absent/\'>upper case</a></p>\n')
    write_tree(tmp_path / "site", {**MINIMAL_SITE, "content/odd.md": page})
    with pytest.raises(BuildFailed) as failed:
        build(tmp_path / "site", tmp_path / "out", search_index=False)
    messages = [str(error) for error in failed.value.errors]
    assert [message.partition(" (")[0] for message in messages] == [
        "content/odd.md:8:15: error: broken link '/missing/'", "content/odd.md:8:46: error: broken link '/absent/'"]


def test_a_page_read_in_pieces_and_after_edits_reads_as_it_does_whole(monkeypatch):
    """Large pages are read in pieces (the preview reads again only those an edit changed): on random HTML, cut
    into pieces of a few bytes, and after random edits anywhere (comments, scripts and quotes opened or closed,
    ids and links added or removed, bytes that are not UTF-8), the pieces read what parse_page reads."""
    from confsite.check import links

    monkeypatch.setattr(links, "PIECE", 3)
    pieces = ["<a ", "<img ", "href", "HREF", "src", "srcset", "poster", "id", "ID", "=", '"', "'", "/x", " ", "\n",
              ">", "<", "<!--", "-->", "-", "</", "<script>", "</script>", "<pre>", "</pre >", "<code>", "</code>",
              "<style a>", "<SCRIPT>", "&amp;", "x", ",", "`", "\u00a0", "\u017frc", "\u0130d", "\u00e9", "<p ",
              'href="/a/"', "id=q", "<li>", "</li>", 'title="a<b" ', "<!-- x -->", " = "]
    rng = random.Random(11)
    read = 0
    for _ in range(6000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 50))).encode()
        if rng.random() < 0.1:
            html = html.replace(b"\xc3", b"")
        page = links.read_in_pieces(html)
        if page is None:  # (a space next to a '=': parse_page reads the page another way, and so does the preview)
            text = html.decode("utf-8", errors="replace")
            if any(marker in html for marker in links._MARKERS):
                text = links._NOT_MARKUP_FAST.sub(links._keep_start_tag, text)
            assert links._SPACE_EQUALS.search(text)
            continue
        assert page.parse() == parse_page(html), html
        for _ in range(4):
            at = rng.randrange(len(html) + 1)
            added = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))).encode()
            edited = html[:at] + added + html[at + rng.randint(0, 12):]
            after = page.updated(edited)
            if after is None:
                break
            assert after.parse() == parse_page(edited), (html, edited)
            page, html, read = after, edited, read + 1
    assert read > 5000


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_large_page_edited_reads_its_changed_pieces_only(where):
    from confsite.check import links

    items = "".join(f'<li id="p{n}"><a href="../papers/p{n}/">Paper {n}</a> <a href="#p{n}">here</a></li>\n'
                    for n in range(8000))
    html = f'<html><head><script src="/s.js"></script></head><body><ol>\n{items}</ol></body></html>\n'.encode()
    page = links.read_in_pieces(html)
    assert len(page.starts) > 10 and page.parse() == parse_page(html)
    at = html.index(b"<li", {"start": 0, "middle": len(html) // 2, "end": html.rindex(b"<li")}[where])
    after_item = html.find(b"<li", at + 1) if where != "end" else html.index(b"</ol>")
    for change in (b'<li id="new"><a href="/gone/">new</a></li>\n', b""):
        edited = html[:at] + change + html[after_item:]  # an item replaced, or removed
        after = page.updated(edited)
        assert after.parse() == parse_page(edited)
        kept = sum(part is before for part in after.parts for before in page.parts)
        assert kept >= len(page.parts) - 2
