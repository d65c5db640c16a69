"""The build reads only inside the site's folder: a link (symlink) in an input folder must not lead out of it."""
from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path

from confsite.errors import BuildFailed, SiteError

# Folders and files confsite reads; anything else in the site folder (.git, _site, .venv ...) is not input.
INPUTS = ("site.yaml", "content", "data", "static", "templates", "themes")


def links_leading_outside(site_dir: Path) -> list[SiteError]:
    """An error for every symbolic link among the inputs whose target is outside the site folder."""
    root = site_dir.resolve()
    errors = []
    for name in INPUTS:
        top = site_dir / name
        for path in _walk(top):
            if not path.is_symlink():
                continue
            shown = path.relative_to(site_dir).as_posix()
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                errors.append(SiteError(shown, None, f"this link leads nowhere (to {os.readlink(path)})",
                                        "remove the link, or point it to a file inside the site folder"))
                continue
            if target != root and not target.is_relative_to(root):
                errors.append(SiteError(shown, None, f"this link leads outside the site folder (to {os.readlink(path)})",
                                        "copy the file into the site folder instead of linking to it"))
    return errors


def _walk(top: Path):
    """`top` and everything under it, without following links to folders."""
    if not top.is_symlink() and not top.exists():
        return
    yield top
    if top.is_symlink() or not top.is_dir():
        return
    for folder, dirs, files in os.walk(top, followlinks=False):
        for name in sorted(dirs) + sorted(files):
            yield Path(folder) / name


class CheckedPaths:
    """The preview's memory of the output paths its last build checked and found inside the output folder."""

    def __init__(self):
        self.paths: frozenset[str] = frozenset()


def outputs_leaving_the_folder(outputs, checked: CheckedPaths | None = None) -> list[SiteError]:
    """An error for every planned output whose path would land outside the output folder (checked before writing).

    With `checked` (the preview's), only the paths the last build did not have are looked at: 24,000 paths of
    10,000 papers, 0.23 CPU s through pathlib, then 10 ms with string searches, 3 ms with the memory."""
    from confsite.output.write import plain_relative, safe_relative

    if checked is None:
        candidates, paths = outputs, None
    else:  # only the paths the last build did not have
        paths = frozenset(map(attrgetter("path"), outputs))
        new = paths - checked.paths
        candidates = [output for output in outputs if output.path in new] if new else []
    errors = []
    for output in candidates:
        if plain_relative(output.path):
            continue
        try:
            safe_relative(output.path)  # (refuses every path that is not plain)
        except BuildFailed:
            errors.append(SiteError(output.source, None,
                                    f"refusing to write '{output.path}': it would leave the output folder",
                                    "use plain names (letters, digits, dashes) for slugs, keys and ids"))
    if checked is not None and not errors:
        checked.paths = paths
    return errors
