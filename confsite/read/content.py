"""content/**/*.md: Markdown pages with a YAML front matter block."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from confsite.errors import SiteError
from confsite.read.text import read_text
from confsite.read.yaml_data import parse_yaml
from confsite.schema import FrontMatter
from confsite.read.validate import validate

FENCE = "---"


@dataclass(frozen=True)
class PageSource:
    """What one content file said, and where: the front matter and the Markdown body."""

    source: str  # path relative to the site, e.g. content/call-for-papers.md
    url: str  # the page's address relative to the site root, '' for home, 'venue/' otherwise
    meta: FrontMatter
    body: str
    body_line: int  # the file line on which the Markdown body starts


def slugify(text: str) -> str:
    """A URL-safe, lower-case ASCII slug ('Café Ré' -> 'cafe-re'); empty if nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def read_pages(site_dir: Path) -> tuple[list[PageSource], list[SiteError]]:
    """Read every Markdown page under content/, in a stable order."""
    pages, errors = [], []
    content_dir = site_dir / "content"
    if not content_dir.is_dir():
        return pages, errors
    for path in sorted(content_dir.rglob("*.md")):
        if any(part.startswith((".", "_")) for part in path.relative_to(content_dir).parts):
            continue
        page, page_errors = read_page(path, site_dir)
        errors.extend(page_errors)
        if page is not None:
            pages.append(page)
    return pages, errors


def read_page(path: Path, site_dir: Path) -> tuple[PageSource | None, list[SiteError]]:
    """Read one page: split the front matter from the body, validate it, work out the page's address."""
    shown = path.relative_to(site_dir).as_posix()
    text, error = read_text(path, shown)
    if error:
        return None, [error]
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return None, [SiteError(shown, 1, "the page has no front matter",
                                "start the file with a '---' line, then 'title: ...', then another '---' line")]
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE)
    except StopIteration:
        return None, [SiteError(shown, 1, "the front matter is never closed",
                                "add a line with only '---' after the front matter")]
    data, error = parse_yaml("\n".join(lines[1:closing]), shown, first_line=2)
    if error:
        return None, [error]
    meta, errors = validate(FrontMatter, data, shown, first_line=2)
    if errors:
        return None, errors
    url, error = _page_url(path, site_dir / "content", meta, shown)
    if error:
        return None, [error]
    body = "\n".join(lines[closing + 1:])
    return PageSource(shown, url, meta, body, closing + 2), []


def _page_url(path: Path, content_dir: Path, meta: FrontMatter, shown: str) -> tuple[str, SiteError | None]:
    relative = path.relative_to(content_dir)
    folders = [slugify(part) for part in relative.parts[:-1]]
    name = meta.slug or (slugify(relative.stem) if relative.stem != "index" else "")
    if relative.stem != "index" and not name:
        return "", SiteError(shown, 1, f"cannot make a web address from the file name '{relative.name}'",
                             "add 'slug: my-page' to the front matter, or rename the file with latin letters or digits")
    if any(not folder for folder in folders):
        return "", SiteError(shown, 1, "a folder name under content/ has no letters or digits",
                             "rename the folder with latin letters or digits")
    parts = [*folders, name] if name else folders
    return "".join(part + "/" for part in parts), None
