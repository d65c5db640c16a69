"""Links that work under any sub-path and from disk: every internal link is relative to the page it is on."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit


def relative_url(target: str, current: str) -> str:
    """The link from page `current` ('papers/x/') to `target` ('committees/', 'css/site.css', '' for home)."""
    target_path, hash_mark, fragment = target.partition("#")
    relative = _relative_path(target_path, current)
    if relative == ".":
        relative = "./"
    elif (target_path.endswith("/") or not target_path) and not relative.endswith("/"):
        relative += "/"
    return relative + (hash_mark + fragment if hash_mark else "")


def _relative_path(target_path: str, current: str) -> str:
    """posixpath.relpath(target, folder of current) by splitting the plain paths pages use (a page has dozens of
    links, a large site hundreds of thousands); anything unusual ('..', '//', '/x') goes through posixpath."""
    base = current.rstrip("/")  # as posixpath.dirname(current.rstrip("/") + "/x") below
    if not current.startswith("/") and _PLAIN.fullmatch(target_path) and _PLAIN.fullmatch(base):
        target_parts = target_path.rstrip("/").split("/") if target_path.rstrip("/") else []
        base_parts = base.split("/") if base else []
        common = 0
        for mine, theirs in zip(target_parts, base_parts):
            if mine != theirs:
                break
            common += 1
        parts = [".."] * (len(base_parts) - common) + target_parts[common:]
        return "/".join(parts) or "."
    base = posixpath.dirname(current.rstrip("/") + "/x") if current else ""
    return posixpath.relpath(target_path or ".", base or ".") if (target_path or base) else "."


_PLAIN = re.compile(r"(?:[^/.][^/]*/)*(?:[^/.][^/]*)?/?|")  # relative paths of plain names, no '.', '..' or '//'


_ROOT_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)([^"]*)"')


def relativize_html(html: str, current: str, resolve=None) -> str:
    """Rewrite root-relative links written in content ('/venue/') so they work under a sub-path and from disk.

    `resolve` maps a site path first (a past edition's '/venue/' is its own, under /<year>/).
    """
    resolve = resolve or (lambda target: target)
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}{relative_url(resolve(m.group(2)), current)}"', html)


def absolute_url(base_url: str, path: str) -> str:
    """The public address of a page, for canonical links and feeds: base_url + path."""
    return base_url + path.lstrip("/")


def has_public_address(base_url: str) -> bool:
    """True when base_url is a full address (https://host/path/), which sitemaps, feeds and canonical links need."""
    return "://" in base_url


def base_path(base_url: str) -> str:
    """The path part of base_url, '/conf/' for both 'https://x.org/conf/' and '/conf/'."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def rooted_url(target: str, base_url: str) -> str:
    """A link rooted at the site's base path ('/conf/papers/'), for pages served at any depth such as 404.html."""
    return base_path(base_url) + target.lstrip("/")


def rooted_html(html: str, base_url: str) -> str:
    """Rewrite root-relative links written in content so that they start with the site's base path."""
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}{rooted_url(m.group(2), base_url)}"', html)


def absolute_html(html: str, base_url: str) -> str:
    """Rewrite root-relative links written in content to full addresses, for feeds read away from the site."""
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}{absolute_url(base_url, m.group(2))}"', html)
