"""Atomic output: everything is written into a temporary folder that replaces the output folder at the end."""
from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Callable

from confsite.errors import BuildFailed, SiteError

MARKER = ".confsite-output"


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder (absolute, '..', empty parts)."""
    pure = PurePosixPath(path)
    if (not path or pure.is_absolute() or "\\" in path or "\x00" in path
            or any(part in ("", ".", "..") for part in path.split("/"))):
        raise BuildFailed([SiteError(path, None, f"refusing to write '{path}': it would not stay inside the output folder",
                                     "use plain names (letters, digits, dashes) for slugs and keys")])
    return pure


def check_output_folder(site_dir: Path, out_dir: Path) -> None:
    """The output folder must not hold the site's sources, and must be confsite's own if it exists."""
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise BuildFailed([SiteError(str(out_dir), None, "the output folder contains the site's own files",
                                     "choose an output folder inside or beside the site, e.g. --out _site")])
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise BuildFailed([SiteError(str(out_dir), None, "the output folder exists and was not written by confsite",
                                     "choose a new or empty folder; confsite replaces its output folder as a whole")])


def write_site(files: dict[str, bytes], out_dir: Path, finish: Callable[[Path], None] | None = None) -> None:
    """Write every file into a fresh folder beside `out_dir`, then swap it in; on failure the old one stays.

    `finish(staging)` runs on the complete staged folder before the swap (the search index is built there),
    so a failure in it also leaves the previous output in place.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new")
    retired = out_dir.with_name(f".{out_dir.name}.old")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        staging.mkdir()
        for relative in sorted(files):
            target = staging.joinpath(*safe_relative(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        (staging / MARKER).write_bytes(b"")
        if finish is not None:
            finish(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)
