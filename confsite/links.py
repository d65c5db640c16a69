"""The built site's internal links: every href/src and #fragment of every HTML output must resolve.

Every `.html` output is parsed for links and ids; every output (HTML or not) is a possible target.
External links (any scheme, `//host`) are not followed. A broken link is reported at the content file
and line where it was written when it can be found there, else at the template that wrote it, else at
the page's source.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from confsite.errors import SiteError
from confsite.model import Output

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_LINK_ATTRIBUTES = {"href", "src", "poster"}
# Fragments a browser understands without an element of that id.
_BUILTIN_FRAGMENTS = {"", "top"}


@dataclass(frozen=True)
class Link:
    """One link found in a built page."""

    page: str  # the output path of the page, e.g. 'venue/index.html'
    value: str  # the href/src as written in the HTML


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in _LINK_ATTRIBUTES and tag != "base":
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.split())

    handle_startendtag = handle_starttag


def parse_page(html: bytes) -> tuple[set[str], list[str]]:
    """The ids and the link targets of one HTML page."""
    parser = _PageParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    parser.close()
    return parser.ids, parser.links


def check_links(files: dict[str, bytes], outputs: list[Output], site_dir: Path, template_dirs: list[Path],
                base_url: str = "/") -> list[SiteError]:
    """Every broken internal link and anchor of the built site, located where it was written."""
    parsed = {path: parse_page(data) for path, data in files.items() if path.endswith(".html")}
    sources = {output.path: output for output in outputs}
    base_path = urlsplit(base_url).path or "/"
    base_absolute = base_url if _SCHEME.match(base_url) else None
    locator = _Locator(site_dir, template_dirs)
    found: dict[tuple, list[str]] = {}
    for page in sorted(parsed):
        for value in dict.fromkeys(parsed[page][1]):  # each distinct link of a page once
            problem = _problem(value, page, files, parsed, base_path, base_absolute)
            if problem is None:
                continue
            message, hint = problem
            output = sources.get(page)
            where = locator.locate(value, page, output, _site_path(value, page, base_path, base_absolute))
            found.setdefault((*where, value, message, hint), []).append(page)
    errors = []
    for (path, line, column, value, message, hint), pages in found.items():
        on = f"on {pages[0]}" if len(pages) == 1 else f"on {len(pages)} pages, e.g. {pages[0]}"
        errors.append(SiteError(path, line, f"broken link '{value}' ({on}): {message}", hint, column))
    return errors


def _site_path(value: str, page: str, base_path: str, base_absolute: str | None) -> str | None:
    """The site-relative path (with '#fragment') a link points to, or None for an external link."""
    if base_absolute and value.startswith(base_absolute):
        value = "/" + value[len(base_absolute):]
        base_path = "/"
    if _SCHEME.match(value) or value.startswith("//"):
        return None
    parts = urlsplit(value)
    path = unquote(parts.path)
    fragment = f"#{unquote(parts.fragment)}" if parts.fragment else ""
    if not path:
        return page + fragment  # '#id' or '?query': this same page
    if path.startswith("/"):
        joined = path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".":
        return fragment  # the site's root folder
    if path.endswith("/"):
        normal += "/"
    return normal + fragment


def _problem(value, page, files, parsed, base_path, base_absolute) -> tuple[str, str] | None:
    target = _site_path(value.strip(), page, base_path, base_absolute)
    if target is None:
        return None
    path, _, fragment = target.partition("#")
    if path == ".." or path.startswith("../"):
        return "it points outside the site", "link to a page of the site, e.g. '/' for the home page"
    if path == "" or path.endswith("/"):
        file = path + "index.html"
    elif path in files:
        file = path
    elif path + "/index.html" in files:
        file = path + "/index.html"
    else:
        file = None
    if file is None or file not in files:
        return f"there is no {path or 'home page'} in the built site", _suggest_page(path, files)
    if fragment in _BUILTIN_FRAGMENTS or file not in parsed:
        return None
    ids = parsed[file][0]
    if fragment in ids:
        return None
    close = difflib.get_close_matches(fragment, sorted(ids), n=1)
    hint = f"did you mean '#{close[0]}'?" if close else "link to a heading's id; Markdown headings get ids from their text"
    return f"{file} has no element with id '{fragment}'", hint


def _suggest_page(path: str, files: dict[str, bytes]) -> str:
    pages = sorted("/" + name[: -len("index.html")] for name in files if name.endswith("index.html"))
    others = sorted("/" + name for name in files if not name.endswith("index.html"))
    close = difflib.get_close_matches("/" + path, pages + others, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"link to one of the site's pages: {', '.join(pages[:8])}{' ...' if len(pages) > 8 else ''}"


class _Locator:
    """Finds where a link was written: the content file's line, else a template's line, else the page's source."""

    def __init__(self, site_dir: Path, template_dirs: list[Path]):
        self.site_dir = site_dir
        self.template_dirs = [folder for folder in template_dirs if folder.is_dir()]
        self._texts: dict[Path, list[str] | None] = {}

    def locate(self, value: str, page: str, output: Output | None, target: str | None) -> tuple[str, int | None, int | None]:
        source = output.source if output else page
        written = [value] + ([f"/{target}"] if target is not None and not value.startswith("#") else [])
        lines = self._lines(self.site_dir / source) if output and not source.startswith("(") else None
        for form in written:
            found = _find(lines, form)
            if found:
                return (source, *found)
        if target is not None:
            plain = target.partition("#")[0]
            call = re.compile(r"url\(\s*['\"]/?" + re.escape(plain) + r"(#[^'\"]*)?['\"]")
            for folder in self.template_dirs:
                for path in sorted(folder.rglob("*.html")):
                    for number, line in enumerate(self._lines(path) or (), start=1):
                        match = call.search(line) or _find([line], value)
                        if match:
                            column = match.start() + 1 if isinstance(match, re.Match) else match[1]
                            return (_shown(path, self.site_dir), number, column)
        return (source if output else page, None, None)

    def _lines(self, path: Path) -> list[str] | None:
        if path not in self._texts:
            try:
                self._texts[path] = path.read_text(encoding="utf-8", errors="replace").split("\n")
            except OSError:
                self._texts[path] = None
        return self._texts[path]


def _find(lines: list[str] | None, form: str) -> tuple[int, int] | None:
    """(line, column) where a link target is written in Markdown or HTML: after '(', '"', '<', ': ' or a space."""
    if not lines or not form:
        return None
    pattern = re.compile(r"(?:(?<=[(\"'<\s])|^)" + re.escape(form) + r"(?=[)\"'>\s]|$)")
    for number, line in enumerate(lines, start=1):
        match = pattern.search(line)
        if match:
            return number, match.start() + 1
    return None


def _shown(path: Path, site_dir: Path) -> str:
    from confsite.theme import BUILTIN_THEMES

    resolved = path.resolve()
    for root in (site_dir.resolve(), BUILTIN_THEMES.parent):
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            continue
    return str(path)
