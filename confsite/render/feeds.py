"""The Atom feed of news posts (RFC 4287): full addresses only, dates at midnight in the conference's time zone."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo

from confsite import __version__
from confsite.model import Page, Site
from confsite.assemble.news import NEWS_URL
from confsite.urls import absolute_html, absolute_url

ATOM = "http://www.w3.org/2005/Atom"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def atom_feed(site: Site, path: str) -> bytes:
    """The feed written at `path`, newest post first; byte-identical for the same input."""
    config, base = site.config, site.config.base_url
    zone = zoneinfo.ZoneInfo(config.timezone)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    _text(feed, "title", f"{config.name} news")
    if config.description:
        _text(feed, "subtitle", config.description)
    _text(feed, "id", absolute_url(base, path))
    _link(feed, "self", absolute_url(base, path), "application/atom+xml")
    _link(feed, "alternate", absolute_url(base, NEWS_URL), "text/html")
    _text(feed, "updated", _timestamp(site.news[0].date, zone))
    author = ET.SubElement(feed, "author")
    _text(author, "name", config.full_name or config.name)
    _text(author, "uri", base)
    ET.SubElement(feed, "generator", {"version": __version__}).text = "confsite"
    for post in site.news:
        _entry(feed, post, base, zone)
    ET.indent(feed)
    return XML_DECLARATION + ET.tostring(feed, encoding="unicode").encode() + b"\n"


def _entry(feed: ET.Element, post: Page, base: str, zone: zoneinfo.ZoneInfo) -> None:
    address = absolute_url(base, post.url)
    entry = ET.SubElement(feed, "entry")
    _text(entry, "title", post.title)
    _text(entry, "id", address)
    _link(entry, "alternate", address, "text/html")
    _text(entry, "published", _timestamp(post.date, zone))
    _text(entry, "updated", _timestamp(post.date, zone))
    if post.description:
        _text(entry, "summary", post.description)
    content = _text(entry, "content", absolute_html(post.html, base))
    content.set("type", "html")
    content.set("xml:base", address)  # relative links in the post resolve against the post's own address


def _timestamp(day: dt.date, zone: zoneinfo.ZoneInfo) -> str:
    return dt.datetime.combine(day, dt.time(), zone).isoformat()


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})
