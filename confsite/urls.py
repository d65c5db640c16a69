"""Links that work under any sub-path and from disk: every internal link is relative to the page it is on."""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit


def relative_url(target: str, current: str) -> str:
    """The link from page `current` ('papers/x/') to `target` ('committees/', 'css/site.css', '' for home)."""
    page = _page(current)
    if page is not None and not target.startswith(page[1]):
        # a link that does not lead into the page's own folder is the same from every page beside it: a site's
        # ~500,000 links are mostly the same few from each folder (the menu, the styles, the list pages)
        link = _link_from_folder(target, page[0])
        if link is not None:
            return link
    return _relative_url(target, current)


def _relative_url(target: str, current: str) -> str:
    target_path, hash_mark, fragment = target.partition("#")
    target_parts, base_parts = _target_parts(target_path), _folder_parts(current)
    if target_parts is None or base_parts is None:
        return _general_relative_url(target_path, current) + (hash_mark + fragment if hash_mark else "")
    return _link(target_parts, base_parts, target_path) + (hash_mark + fragment if hash_mark else "")


@lru_cache(maxsize=16384)
def _link_from_folder(target: str, base_parts: tuple[str, ...]) -> str | None:
    """The link to a plain `target` from a page whose folder is `base_parts` ending in '' (any name not in
    `target`), or None for a target that is not a plain path."""
    target_path, hash_mark, fragment = target.partition("#")
    target_parts = _target_parts(target_path)
    if target_parts is None:
        return None
    return _link(target_parts, base_parts, target_path) + (hash_mark + fragment if hash_mark else "")


@lru_cache(maxsize=1024)
def _page(current: str) -> tuple[tuple[str, ...], str] | None:
    """For a page below the root ('papers/x/'): its folder with its own name as '' (('papers', '')), and the start
    of the targets inside its own folder ('papers/x'); None for the home page and unusual addresses."""
    base_parts = _folder_parts(current)
    if not base_parts:
        return None
    return (*base_parts[:-1], ""), "/".join(base_parts)


def _link(target_parts: tuple[str, ...], base_parts: tuple[str, ...], target_path: str) -> str:
    """The relative path between plain names: up from the page's folder to the first name they share, then down."""
    common = 0
    for mine, theirs in zip(target_parts, base_parts):
        if mine != theirs:
            break
        common += 1
    folder = not target_path or target_path[-1] == "/"
    if common < len(target_parts):
        return "../" * (len(base_parts) - common) + "/".join(target_parts[common:]) + ("/" if folder else "")
    if len(base_parts) > common:
        return "../" * (len(base_parts) - common) if folder else "../" * (len(base_parts) - common - 1) + ".."
    return "./"


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
_TAG = re.compile(r"<[A-Za-z][^<>]*>")  # a start tag: text that quotes a link (inline code, prose) is escaped, no tag


def _rooted_links(html: str, rewrite) -> str:
    """`html` with each root-relative href/src of its tags rewritten by `rewrite(match of _ROOT_LINK)`."""
    return _TAG.sub(lambda tag: _ROOT_LINK.sub(rewrite, tag.group(0)) if "=\"/" in tag.group(0) else tag.group(0), html)


def relativize_html(html: str, current: str, resolve=None) -> str:
    """Rewrite root-relative links written in content ('/venue/') so they work under a sub-path and from disk.

    `resolve` maps a site path first (a past edition's '/venue/' is its own, under /<year>/).
    """
    resolve = resolve or (lambda target: target)
    return _rooted_links(html, lambda m: f'{m.group(1)}{relative_url(resolve(m.group(2)), current)}"')


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
    return _rooted_links(html, lambda m: f'{m.group(1)}{rooted_url(m.group(2), base_url)}"')


def absolute_html(html: str, base_url: str) -> str:
    """Rewrite root-relative links written in content to full addresses, for feeds read away from the site."""
    return _rooted_links(html, lambda m: f'{m.group(1)}{absolute_url(base_url, m.group(2))}"')


def stays_inside(path: str) -> bool:
    """Whether an output path stays inside the output folder: relative, no '.', '..' or empty part, no backslash or NUL."""
    wrapped = f"/{path}/"
    return (bool(path) and not path.startswith("/") and "//" not in wrapped and "/./" not in wrapped
            and "/../" not in wrapped and "\\" not in path and "\x00" not in path)
