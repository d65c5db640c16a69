"""Publishing: the site under a sub-path on a real HTTP server, sitemap, feed, 404 page, favicon, social card."""
from __future__ import annotations

import contextlib
import http.server
import struct
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_SITE, REPO, build, confsite, html, write_tree

PUBLIC = "https://example.org/conf/"  # the address the test builds are published under
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@contextlib.contextmanager
def pages_server(root: Path, not_found: Path):
    """Serve `root` like GitHub Pages or Netlify do: a missing address gets `not_found` with status 404."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET `url`: the status, the content type and the body (404 pages included)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def references(page: BeautifulSoup) -> list[str]:
    """Every address a page links to or loads: links, stylesheets, scripts, images, icons, previews."""
    found = [tag.get(attr) for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))
             for tag in page.find_all(tag) if tag.get(attr)]
    found += [meta["content"] for meta in page.find_all("meta", property=("og:url", "og:image"))]
    return found


def page_paths(out: Path) -> set[str]:
    """The address of every built page relative to the site: '' for home, 'news/' and so on (not the redirects of
    addresses whose page moved, to which no page links)."""
    folders = (p.relative_to(out).parent.as_posix() for p in out.rglob("index.html")
               if b'http-equiv="refresh"' not in p.read_bytes())
    return {"" if folder == "." else folder + "/" for folder in folders}


def crawl(root: str, start: str, public: str) -> tuple[dict[str, int], list[str]]:
    """Follow every reference from `start` on the local server `root`; return {url: status} and the pages seen.

    Full addresses under `public` are checked on the local server (the site is served there);
    other hosts are not visited. A reference that leaves the site's sub-path counts as broken.
    """
    site_root = urljoin(root, urlsplit(public).path)
    statuses: dict[str, int] = {}
    pages, queue = [], [start]
    while queue:
        url = queue.pop()
        if url in statuses:
            continue
        status, kind, body = fetch(url)
        statuses[url] = status if url.startswith(site_root) else -1
        if status == 200 and kind == "text/html":
            pages.append(url)
            for ref in references(BeautifulSoup(body, "html.parser")):
                target = urldefrag(urljoin(url, ref.replace(public, site_root, 1)))[0]
                if target.startswith(root):
                    queue.append(target)
    return statuses, pages


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example site built for https://example.org/conf/, its output at WWW/conf/ for a server of WWW."""
    www = tmp_path_factory.mktemp("www")
    result = build(REPO, "--out", www / "conf", "--base-url", PUBLIC)
    assert result.code == 0, result.err
    return www


@pytest.fixture(scope="module")
def server(served):
    with pages_server(served, served / "conf" / "404.html") as root:
        yield root


def test_every_page_link_and_asset_works_under_a_sub_path(served, server):
    statuses, pages = crawl(server, server + "conf/", PUBLIC)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert broken == {}
    # every page is reachable; the archive links the current edition's address for good, a redirect while it is current
    assert {server + "conf/" + path for path in page_paths(served / "conf")} == set(pages) - {server + "conf/2025/"}
    assert any(url.endswith("/conf/css/site.css") for url in statuses)
    assert any(url.endswith("/conf/img/social-card.png") for url in statuses)
    assert len(pages) >= 10


def test_404_page_works_at_any_depth(server):
    deep = server + "conf/no/such/page/at/all/"
    status, _, body = fetch(deep)
    assert status == 404
    page = BeautifulSoup(body, "html.parser")
    assert page.find("h1").get_text() == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    refs = references(page)
    assert refs and all(ref.startswith("/conf/") or "://" in ref for ref in refs if not ref.startswith("#"))
    for ref in refs:
        if ref.startswith("/conf/"):
            assert fetch(urljoin(deep, ref))[0] == 200, ref


def test_404_page_looks_right_in_a_browser(browser, server):
    page = browser.new_page()
    page.goto(server + "conf/papers/2031/missing.html")
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # the stylesheet loaded
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Papers", exact=True).click()
    page.wait_for_load_state()
    assert page.url == server + "conf/papers/"
    assert page.locator("h1").inner_text() == "Papers"
    page.close()


def test_sitemap_lists_exactly_the_pages_by_full_address(served, server):
    root = ET.parse(served / "conf" / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    own = [path for path in page_paths(served / "conf")
           if html(served / "conf" / path / "index.html").find("link", rel="canonical")["href"] == PUBLIC + path]
    assert sorted(locs) == sorted(PUBLIC + path for path in own)
    assert len(own) == len(page_paths(served / "conf"))  # every page exists once: no copy points to another
    assert not any("404" in loc for loc in locs)
    for loc in locs:
        status, kind, _ = fetch(loc.replace(PUBLIC, server + "conf/"))
        assert (status, kind) == (200, "text/html"), loc
    post = next(u for u in root.iter(f"{SITEMAP}url") if u.find(f"{SITEMAP}loc").text.endswith("mlsys-2025-santa-clara/"))
    assert post.find(f"{SITEMAP}lastmod").text == "2025-05-12"


def test_robots_txt_points_to_the_sitemap(served):
    text = (served / "conf" / "robots.txt").read_text()
    assert "User-agent: *" in text
    assert "Sitemap: https://example.org/conf/sitemap.xml" in text.splitlines()


def test_atom_feed_lists_the_news_posts_newest_first(served, server):
    feed = ET.parse(served / "conf" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == PUBLIC + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    posts = sorted((REPO / "content" / "news").glob("*.md"))
    assert len(entries) == len(posts) == 4
    dates = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.find(f"{ATOM}updated").text == dates[0] == "2025-05-12T00:00:00-07:00"  # midnight in Santa Clara
    for entry in entries:
        address = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert entry.find(f"{ATOM}id").text == address and address.startswith(PUBLIC + "news/")
        status, _, body = fetch(address.replace(PUBLIC, server + "conf/"))
        assert status == 200
        assert BeautifulSoup(body, "html.parser").find("h1").get_text() == entry.find(f"{ATOM}title").text
        content = BeautifulSoup(entry.find(f"{ATOM}content").text, "html.parser")
        assert all(a["href"].startswith("https://") for a in content.find_all("a"))  # no link relative to the feed
    news = html(served / "conf" / "news" / "index.html")
    assert news.find("link", type="application/atom+xml")["href"] == "../feed.xml"
    assert [a.get_text() for a in news.select("article h2 a")] == [e.find(f"{ATOM}title").text for e in entries]


def test_pages_have_canonical_address_favicon_and_social_card(served):
    page = html(served / "conf" / "news" / "mlsys-2024-santa-clara" / "index.html")
    assert page.find("link", rel="canonical")["href"] == PUBLIC + "news/mlsys-2024-santa-clara/"
    assert page.find("meta", property="og:image")["content"] == PUBLIC + "img/social-card.png"
    assert page.find("meta", property="og:title")["content"] == "MLSys 2024 at the Santa Clara Convention Center, May 13–16"
    assert page.find("meta", property="og:type")["content"] == "article"
    icons = [link["href"] for link in page.find_all("link", rel="icon")]
    assert icons == ["../../favicon.svg", "../../favicon.png"]
    card = (served / "conf" / "img" / "social-card.png").read_bytes()
    assert card[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", card[16:24]) == (1200, 630)
    favicon = (served / "conf" / "favicon.png").read_bytes()
    assert struct.unpack(">II", favicon[16:24]) == (32, 32)


NEWS_SITE = {**MINIMAL_SITE,
             "content/news/opening.md": "---\ntitle: Registration is open\ndate: 2030-01-15\n---\nSee the [venue](/venue/).\n"}


def test_path_only_base_url_leaves_out_what_needs_a_full_address_and_says_so(tmp_path):
    site = write_tree(tmp_path / "site", NEWS_SITE)
    result = build(site, "--base-url", "/conf/")
    assert result.code == 0, result.err
    out = site / "_site"
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists() and not (out / "robots.txt").exists()
    assert "note: base_url is '/conf/', not a full address: sitemap.xml, robots.txt, the news feed" in result.out
    venue = html(out / "venue" / "index.html")
    assert venue.find("link", rel="canonical") is None and venue.find("meta", property="og:image") is None
    assert venue.find("link", rel="stylesheet")["href"] == "../css/site.css"  # pages stay relative
    missing = html(out / "404.html")
    assert missing.find("link", rel="stylesheet")["href"] == "/conf/css/site.css"  # the 404 page is rooted
    assert missing.select_one(".site-name")["href"] == "/conf/"
    post = html(out / "news" / "opening" / "index.html")
    assert post.find("time")["datetime"] == "2030-01-15"
    assert post.find("a", string="venue")["href"] == "../../venue/"


def test_news_listing_is_generated_when_no_page_claims_it(tmp_path):
    site = write_tree(tmp_path / "site", NEWS_SITE)
    assert build(site, "--base-url", "https://conf.example/").code == 0
    news = html(site / "_site" / "news" / "index.html")
    assert news.find("h1").get_text() == "News"
    assert [a["href"] for a in news.select("article h2 a")] == ["opening/"]
    feed = ET.parse(site / "_site" / "feed.xml").getroot()
    content = feed.find(f"{ATOM}entry/{ATOM}content").text
    assert 'href="https://conf.example/venue/"' in content


def test_news_post_without_a_date_is_an_error_with_the_fix(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE,
                                          "content/news/a.md": "---\ntitle: Dated\ndate: 2030-01-15\n---\nText\n",
                                          "content/news/b.md": "---\ntitle: Undated\n---\nText\n",
                                          "content/news/c.md": "---\ntitle: Also undated\n---\nText\n"})
    result = build(site)
    assert result.code == 1
    assert "content/news/b.md:2: error: this news post has no date" in result.err
    assert "content/news/c.md:2: error: this news post has no date" in result.err
    assert "hint: add 'date: 2025-05-12' (YYYY-MM-DD" in result.err
    assert not (site / "_site").exists()


def test_a_new_site_works_under_a_sub_path(tmp_path):
    assert confsite("new", tmp_path / "starter").code == 0
    www = tmp_path / "www"
    assert build(tmp_path / "starter", "--out", www / "conf", "--base-url", PUBLIC).code == 0
    with pages_server(www, www / "conf" / "404.html") as root:
        statuses, pages = crawl(root, root + "conf/", PUBLIC)
    assert {url: status for url, status in statuses.items() if status != 200} == {}
    assert {root + "conf/" + path for path in page_paths(www / "conf")} == set(pages)
    assert (www / "conf" / "feed.xml").exists() and (www / "conf" / "sitemap.xml").exists()
