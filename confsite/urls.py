"""Links that work under any sub-path and from disk: every internal link is relative to the page it is on."""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit


def relative_url(target: str, current: str) -> str:
    """The link from page `current` ('papers/x/') to `target` ('committees/', 'css/site.css', '' for home)."""
    target_path, hash_mark, fragment = target.partition("#")
    target_parts, base_parts = _target_parts(target_path), _folder_parts(current)
    if target_parts is None or base_parts is None:
        return _general_relative_url(target_path, current) + (hash_mark + fragment if hash_mark else "")
    # plain names (a page has dozens of links, a large site ~500,000): split once, compare the leading folders
    common = 0
    for mine, theirs in zip(target_parts, base_parts):
        if mine != theirs:
            break
        common += 1
    folder = not target_path or target_path[-1] == "/"
    if common < len(target_parts):
        relative = "../" * (len(base_parts) - common) + "/".join(target_parts[common:]) + ("/" if folder else "")
    elif len(base_parts) > common:
        relative = "../" * (len(base_parts) - common) if folder else "../" * (len(base_parts) - common - 1) + ".."
    else:
        relative = "./"
    return relative + (hash_mark + fragment if hash_mark else "")


def _general_relative_url(target_path: str, current: str) -> str:
    """posixpath.relpath(target, folder of current), for paths with '..', '//' or a leading '/'."""
    base = posixpath.dirname(current.rstrip("/") + "/x") if current else ""
    relative = posixpath.relpath(target_path or ".", base or ".") if (target_path or base) else "."
    if relative == ".":
        return "./"
    if (target_path.endswith("/") or not target_path) and not relative.endswith("/"):
        return relative + "/"
    return relative


@lru_cache(maxsize=4096)
def _target_parts(path: str) -> tuple[str, ...] | None:
    """The names of a plain relative path ('papers/x/'), or None for anything unusual ('..', '//', '/x')."""
    if not _PLAIN.fullmatch(path):
        return None
    path = path.rstrip("/")
    return tuple(path.split("/")) if path else ()


@lru_cache(maxsize=1024)  # pages are rendered one at a time: their dozens of links hit the same entry
def _folder_parts(current: str) -> tuple[str, ...] | None:
    """The names of a page's address ('papers/x/'), which links start from, or None for anything unusual."""
    if current.startswith("/"):
        return None
    return _target_parts(current.rstrip("/"))


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
