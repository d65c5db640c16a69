"""The build reads only inside the site's folder: a link (symlink) in an input folder must not lead out of it."""
from __future__ import annotations

import os
from pathlib import Path

from confsite.errors import SiteError
from confsite.urls import stays_inside

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


def outputs_leaving_the_folder(outputs) -> list[SiteError]:
    """An error for every planned output whose path would land outside the output folder (checked before writing)."""
    return [SiteError(output.source, None, f"refusing to write '{output.path}': it would leave the output folder",
                      "use plain names (letters, digits, dashes) for slugs, keys and ids")
            for output in outputs if not stays_inside(output.path)]
