"""The built site's internal links: every href/src and #fragment of every HTML output must resolve.

Every `.html` output is read for links and ids (page_links: its markup only, never its text); every output (HTML or
not) is a possible target. External links (any scheme, `//host`, even to the site's own address: the same host may
serve files that are not part of the build) are not followed. A broken link is reported at the content file
and line where it was written when it can be found there, else at the template that wrote it, else at
the page's source.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from confsite.check.links_written import Locator
from confsite.check.page_links import page_links
from confsite.errors import SiteError
from confsite.memo import Memo, kept, remembered
from confsite.model import Output

__all__ = ["check_links", "page_links"]

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Pages whose verdicts the preview remembers together, in the order of their paths: one memo lookup for 64 pages
# (one a page, 13,750 lookups took 20 ms of the 50 of a check with nothing changed); an edit works out again the
# other pages of its changed pages' chunks.
_CHUNK = 64
# Fragments a browser understands without an element of that id.
_BUILTIN_FRAGMENTS = {"", "top"}


def check_links(files, outputs: list[Output], site_dir: Path, template_dirs: list[Path], base_url: str = "/",
                filled_later: tuple[str, ...] = (), parsed: dict | None = None,
                memo: Memo | None = None) -> list[SiteError]:
    """Every broken internal link and anchor of the built site, located where it was written.

    `files` maps each output path to its bytes (None for a page a rendering process wrote itself: `parsed` then
    holds its page_links()). `filled_later` names folders ('search-index/') that a tool fills after rendering: links
    into them are not checked. The pages read here are added to `parsed`. With a `memo` (the preview's), a page's
    links are read once for its bytes, and what is broken on it is worked out once while its links, the site's
    files and every page's ids stay the same: after an edit, only the changed pages are looked at.
    """
    read, written = _pages_read(files, parsed if parsed is not None else {}, memo)
    base_path = urlsplit(base_url).path or "/"
    ids = {page: parse[0] for page, parse in read.items()}
    # what a link may reach; in the preview, the last build's very object while it is the same (see _Targets)
    targets = kept(memo, "link targets", _Targets(frozenset(files), ids))
    check = remembered(memo, "link check", (base_path, filled_later, id(targets)),
                       lambda: _LinkCheck(targets, base_path, filled_later), targets)
    found: dict[tuple, list[str]] = {}
    locator = sources = None
    pages = sorted(read)
    # (a page's bytes, when it was read from them, stand for its links: their hash is kept with them)
    inputs = [written[page] if page in written else read[page][1] for page in pages]
    for start in range(0, len(pages), _CHUNK):
        chunk = pages[start:start + _CHUNK]
        key = (tuple(chunk), tuple(inputs[start:start + _CHUNK]), check)
        for page, broken in remembered(memo, "broken links", key, lambda: check.broken_in(chunk, read)):
            for value, target, message, hint in broken:
                if locator is None:  # (the sources are read only when a link is broken)
                    locator, sources = Locator(site_dir, template_dirs), {output.path: output for output in outputs}
                where = locator.locate(value, page, sources.get(page), target)
                found.setdefault((*where, value, message, hint), []).append(page)
    errors = []
    for (path, line, column, value, message, hint), pages in found.items():
        on = f"on {pages[0]}" if len(pages) == 1 else f"on {len(pages)} pages, e.g. {pages[0]}"
        errors.append(SiteError(path, line, f"broken link '{value}' ({on}): {message}", hint, column))
    return errors


def _pages_read(files, known: dict, memo: Memo | None) -> tuple[dict, dict]:
    """{page: page_links of it} for every HTML file, from `known` (added to it) or read once for its bytes; and the
    bytes of the pages read from them."""
    read, written = {}, {}
    for path in files:  # (only the pages not read yet are asked for: files may be read from the disk)
        if path.endswith(".html"):
            parse = known.get(path)
            if parse is None:
                data = written[path] = files[path]
                parse = known[path] = remembered(memo, "page links", data, lambda: page_links(data))
            read[path] = parse
    return read, written


class _Targets:
    """What a link may reach: the paths of the built files (`files`) and the ids of each page (`ids`). Two are equal
    when these are (so that the preview keeps the last build's, see memo.kept), and a page's verdicts are kept while
    the targets are the same."""

    __slots__ = ("files", "ids")

    def __init__(self, files: frozenset[str], ids: dict):
        self.files, self.ids = files, ids

    def __eq__(self, other) -> bool:
        return type(other) is _Targets and self.files == other.files and self.ids == other.ids

    __hash__ = None  # (a memo key holds its id)


class _LinkCheck:
    """The check of pages' links against `targets`, under one base path: each target's verdict (`verdicts`: a target
    is judged once, however many pages link to it; in the preview, for as many builds as the targets stay the
    same), and, by the folder above a page's own (papers/ for papers/x/index.html), the links that resolve
    alike from every page in it (see _resolved_in) and those of them known to be fine (external, filled later, or a
    target that is there), which a page's links are sifted through at once."""

    def __init__(self, targets: _Targets, base_path: str, filled_later: tuple[str, ...]):
        self.targets, self.base_path, self.filled_later = targets, base_path, filled_later
        self.verdicts: dict[str, tuple[str, str] | None] = {}
        self.alike: dict[str | None, dict[str, str | None]] = {}
        self.fine: dict[str | None, set[str]] = {}
        # the links of a page alone (relative to it: 'p12/' on papers/) known to be fine, for when it changes: the
        # list of papers or the program, with thousands of them, is then not resolved again
        self.own: dict[str, set[str]] = {}

    def broken_in(self, pages: list[str], read: dict) -> tuple[tuple[str, tuple], ...]:
        """(page, its broken links) for each of `pages` that has some; `read` holds each page's page_links()."""
        return tuple((page, broken) for page in pages for broken in [self.broken_on(page, read[page][1])] if broken)

    def broken_on(self, page: str, links) -> tuple[tuple[str, str, str, str], ...]:
        """(link, its target, what is wrong, hint) for each distinct broken link of `page`, in the page's order."""
        page_dir = page.rpartition("/")[0]
        above = page_dir.rpartition("/")[0] if page_dir else None
        fine_here = self.fine.get(above)
        if fine_here is None:
            fine_here = self.fine[above] = set()
            self.alike[above] = {}
        if fine_here.issuperset(links):
            return ()
        own = self.own.get(page, ())
        left = set(links).difference(fine_here).difference(own)  # (each once, in the order the page has them:)
        if not left:
            return ()
        links = sorted(left, key=links.index) if len(left) < 16 else [value for value in dict.fromkeys(links)
                                                                      if value in left]
        alike_here, verdicts, filled_later = self.alike[above], self.verdicts, self.filled_later
        broken, fine_own = [], []
        for value, target in _resolved_in(page, page_dir, links, self.base_path, alike_here):
            if target.startswith(filled_later):
                verdict = None
            else:
                verdict = verdicts.get(target, _UNKNOWN)
                if verdict is _UNKNOWN:
                    verdict = verdicts[target] = _problem(target, self.targets.files, self.targets.ids)
            if verdict is not None:
                broken.append((value, target, *verdict))
            elif value not in alike_here:
                fine_own.append(value)
        for value in links:
            target = alike_here.get(value, _UNKNOWN)
            if target is None or (target is not _UNKNOWN and (target.startswith(filled_later)
                                                               or verdicts.get(target, _UNKNOWN) is None)):
                fine_here.add(value)
        if fine_own:
            self.own.setdefault(page, set()).update(fine_own)
        return tuple(broken)


def _resolved_in(page: str, page_dir: str, links: list[str], base_path: str, alike: dict) -> list[tuple[str, str]]:
    """Each link of `page` that points into the site, with the site path it points to. `alike` keeps the links that
    resolve alike from every page whose folder is in the same folder as this page's: external and rooted links, and those that climb out of
    the page's folder first ('../', '../#session-3', '../../css/site.css' on papers/x/), so that each of them is
    resolved once for all these pages (a link's first '..' takes off the page's own folder, whatever its name)."""
    climbs = bool(page_dir) and page_dir.rpartition("/")[2] != ".."
    found = []
    for value in links:
        target = alike.get(value, _UNKNOWN)
        if target is _UNKNOWN:
            target, shared = _site_path(value, page, base_path)
            # (a target that starts with the page may be _SELF's, a path that starts with '\x00' or '%00')
            if shared or (climbs and value.strip().startswith("../") and not (target or page).startswith(page)):
                alike[value] = target
        if target is not None:
            found.append((value, target))
    return found


def _site_path(value: str, page: str, base_path: str) -> tuple[str | None, bool]:
    """The site-relative path (with '#fragment') a link points to, or None for an external link; and whether it
    is the same from every page as deep as this one (external and rooted links, and those that climb to the root
    first, such as '../../css/site.css' on papers/x/: most links of a large site)."""
    page_dir, _, _ = page.rpartition("/")
    value = value.strip()
    if value.startswith("#") and len(value) > 1 and "%" not in value:  # an anchor of this page ('#main')
        return page + value, False
    if value.startswith(("https://", "http://")):
        return None, True
    if value.startswith("../") and page_dir:
        depth = page_dir.count("/") + 1
        rest = value[3 * depth:]
        if rest and rest[0] not in "./#?" and ":" not in rest and value.startswith("../" * depth):
            return (rest if _PLAIN.fullmatch(rest) else _resolve(rest, "", base_path)), True
        if value == "../" * depth:  # the site's root folder
            return "", True
    elif _PLAIN.fullmatch(value):  # ('p12.bib', 's1-6/': most links that do not climb)
        return (f"{page_dir}/{value}" if page_dir else value), False
    target = _resolve(value, page_dir, base_path)
    if target is not None and target.startswith(_SELF):
        return page + target[1:], False
    return target, target is None or value.startswith("/")


_UNKNOWN = object()
_SELF = "\x00"  # stands for the linking page itself in cached resolutions
# A relative link that _resolve would only append to the page's folder: names (none '.' or '..', none empty) joined by
# '/', perhaps a last '/', without a scheme, query, fragment, percent-encoding, space or _SELF.
_PLAIN = re.compile(r"[^\s/.%#?:\x00][^\s/%#?:\x00]*(?:/[^\s/.%#?:\x00][^\s/%#?:\x00]*)*/?")


@lru_cache(maxsize=100_000)
def _resolve(value: str, page_dir: str, base_path: str) -> str | None:
    if value.startswith("//") or (":" in value and _SCHEME.match(value)):
        return None
    path, _, fragment = value.partition("#")
    path = path.partition("?")[0]
    if "%" in value:
        path, fragment = unquote(path), unquote(fragment)
    fragment = f"#{fragment}" if fragment else ""
    if not path:
        return _SELF + fragment  # '#id' or '?query': this same page
    if path.startswith("/"):
        start, path = [], path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")
    else:
        start = page_dir.split("/") if page_dir else []
    parts = _normalize(start, path.split("/"))
    if not parts:
        return fragment  # the site's root folder
    return "/".join(parts) + ("/" if path.endswith("/") else "") + fragment


def _normalize(parts: list[str], steps: list[str]) -> list[str]:
    """Walk `steps` ('..', '.', names) from the folder `parts`; climbing above the root keeps a leading '..'."""
    parts = list(parts)
    for step in steps:
        if step == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            else:
                parts.append("..")
        elif step and step != ".":
            parts.append(step)
    return parts


def _problem(target: str, files, ids: dict) -> tuple[str, str] | None:
    """What is wrong with a link to `target` (a site path with '#fragment'), or None when it resolves: `files` holds
    the paths of the built files, `ids` the ids of each page."""
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
    if fragment in _BUILTIN_FRAGMENTS or file not in ids:
        return None
    if fragment in ids[file]:
        return None
    close = difflib.get_close_matches(fragment, sorted(ids[file]), n=1)
    hint = f"did you mean '#{close[0]}'?" if close else "link to a heading's id; Markdown headings get ids from their text"
    return f"{file} has no element with id '{fragment}'", hint


def _suggest_page(path: str, files: dict[str, bytes]) -> str:
    pages = sorted("/" + name[: -len("index.html")] for name in files if name.endswith("index.html"))
    others = sorted("/" + name for name in files if not name.endswith("index.html"))
    close = difflib.get_close_matches("/" + path, pages + others, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"link to one of the site's pages: {', '.join(pages[:8])}{' ...' if len(pages) > 8 else ''}"
