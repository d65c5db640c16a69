"""What publishing needs besides the pages: 404.html, sitemap.xml, robots.txt and the Atom feed.

sitemap.xml, robots.txt and the feed hold full addresses, so they are written only when base_url is one
(https://host/path/); with a path only, the build leaves them out and says so.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from confsite.memo import Memo, remembered
from confsite.render.feeds import XML_DECLARATION, atom_feed
from confsite.model import Output, Page, Site
from confsite.urls import absolute_url, has_public_address

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_FOUND = Page(url="404.html", title="Page not found", layout="404", html="", source="(404 page)",
                 description="There is no page at this address.")


def outputs(site: Site, pages: list[Output], memo: Memo | None = None) -> list[Output]:
    """The publishing files of this site, whose other outputs are `pages` (see the module's docstring)."""
    files = [Output(path="404.html", source="(404 page)", template="404.html",
                    context={"page": NOT_FOUND, "rooted_links": True, "canonical_url": ""})]
    if has_public_address(site.config.base_url):
        files.append(Output(path="sitemap.xml", source="(sitemap)", data=sitemap_xml(site, pages, memo)))
        files.append(Output(path="robots.txt", source="(robots.txt)", data=robots_txt(site)))
    if site.feed_url:
        files.append(Output(path=site.feed_url, source="content/news/", data=atom_feed(site, site.feed_url)))
    return files


def notes(site: Site) -> list[str]:
    """What the build left out and how to get it, for the command line to print."""
    if has_public_address(site.config.base_url):
        return []
    return [f"base_url is '{site.config.base_url}', not a full address: sitemap.xml, robots.txt, the news feed, "
            "canonical links and link-preview images were left out; to get them, set base_url in site.yaml "
            "or pass --base-url, e.g. https://example.org/conf/"]


def sitemap_xml(site: Site, outputs: list[Output], memo: Memo | None = None) -> bytes:
    """Every page among `outputs`, by full address, in a stable order; a page's date becomes its lastmod. (The
    preview makes it again only when the addresses or dates change: 0.1 s of a 10,000-paper rebuild.)"""
    pages = {output.path[: -len("index.html")]: getattr(output.context.get("page"), "date", None)
             for output in outputs if output.path.endswith("index.html")}
    shown = (site.config.base_url, tuple(sorted(pages.items())))
    return remembered(memo, "sitemap", shown, lambda: _sitemap(*shown))


def _sitemap(base_url: str, pages: tuple) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP})
    for url, date in pages:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = absolute_url(base_url, url)
        if date is not None:
            ET.SubElement(entry, "lastmod").text = date.isoformat()
    ET.indent(urlset)
    return XML_DECLARATION + ET.tostring(urlset, encoding="unicode").encode() + b"\n"


def robots_txt(site: Site) -> bytes:
    """Allow every crawler and point it to the sitemap (crawlers read robots.txt only at a host's root)."""
    sitemap = absolute_url(site.config.base_url, "sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()
