"""Where a broken link was written: the content file's line and column, else a template's, else the page's source."""
from __future__ import annotations

import re
from pathlib import Path

from confsite.model import Output

_DATA_SUFFIXES = {".yaml", ".yml", ".bib", ".json", ".csv"}


class Locator:
    """Finds where a link was written: the content file's line, else a template's line, else the page's source."""

    def __init__(self, site_dir: Path, template_dirs: list[Path]):
        self.site_dir = site_dir
        self.template_dirs = [folder for folder in template_dirs if folder.is_dir()]
        self._texts: dict[Path, list[str] | None] = {}

    def locate(self, value: str, page: str, output: Output | None, target: str | None) -> tuple[str, int | None, int | None]:
        source = output.source if output else page
        written = [value] + ([f"/{target}"] if target is not None and not value.startswith("#") else [])
        if output and not source.startswith("("):
            candidates = [(source, self.site_dir / source)]
        else:  # a page made from data, e.g. '(program data)': the link may be written in any data file
            data_dir = self.site_dir / "data"
            candidates = [(path.relative_to(self.site_dir).as_posix(), path)
                          for path in sorted(data_dir.rglob("*")) if path.suffix in _DATA_SUFFIXES] if data_dir.is_dir() else []
        for form in written:
            for shown, path in candidates:
                found = _find(self._lines(path), form)
                if found:
                    return (shown, *found)
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
        if output is None:
            return (page, None, None)
        if source.startswith("(") and output.template:  # a page made from data: its template made the link
            for folder in self.template_dirs:
                if (folder / output.template).is_file():
                    return (_shown(folder / output.template, self.site_dir), None, None)
        return (source, None, None)

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
    from confsite.read.theme import BUILTIN_THEMES

    resolved = path.resolve()
    for root in (site_dir.resolve(), BUILTIN_THEMES.parent):
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            continue
    return str(path)
