"""Links that work under any sub-path and from disk: every internal link is relative to the page it is on."""
from __future__ import annotations

import posixpath
import re


def relative_url(target: str, current: str) -> str:
    """The link from page `current` ('papers/x/') to `target` ('committees/', 'css/site.css', '' for home)."""
    target_path, hash_mark, fragment = target.partition("#")
    base = posixpath.dirname(current.rstrip("/") + "/x") if current else ""
    relative = posixpath.relpath(target_path or ".", base or ".") if (target_path or base) else "."
    if relative == ".":
        relative = "./"
    elif (target_path.endswith("/") or not target_path) and not relative.endswith("/"):
        relative += "/"
    return relative + (hash_mark + fragment if hash_mark else "")


_ROOT_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)([^"]*)"')


def relativize_html(html: str, current: str) -> str:
    """Rewrite root-relative links written in content ('/venue/') so they work under a sub-path and from disk."""
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}{relative_url(m.group(2), current)}"', html)


def absolute_url(base_url: str, path: str) -> str:
    """The public address of a page, for canonical links and feeds: base_url + path."""
    return base_url + path.lstrip("/")
