"""Atomic output: a build writes every file into a staging folder beside the output, then a new output folder is
the staging folder renamed, and an existing one gets only the files whose bytes changed, each moved into place.

Nothing reaches the output before the whole build succeeded (checks and search index included), so a failed
build leaves the previous site as it was. The preview, which rebuilds after every save, writes the few files
whose bytes changed straight into its own output folder (`write_in_place`), after the same checks.
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from confsite.errors import BuildFailed, SiteError
from confsite.urls import stays_inside

MARKER = ".confsite-output"


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder (absolute, '..', empty parts)."""
    if not stays_inside(path):
        raise BuildFailed([SiteError(path, None, f"refusing to write '{path}': it would not stay inside the output folder",
                                     "use plain names (letters, digits, dashes) for slugs and keys")])
    return PurePosixPath(path)


def check_output_folder(site_dir: Path, out_dir: Path) -> None:
    """The output folder must not hold the site's sources, and must be confsite's own if it exists."""
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise BuildFailed([SiteError(str(out_dir), None, "the output folder contains the site's own files",
                                     "choose an output folder inside or beside the site, e.g. --out _site")])
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise BuildFailed([SiteError(str(out_dir), None, "the output folder exists and was not written by confsite",
                                     "choose a new or empty folder; confsite replaces its output folder as a whole")])


class Staging:
    """The folder beside the output (`.NAME.new`) that receives a build's files; forked rendering processes write
    into it too (each its own files)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.folder = self.out_dir.with_name(f".{self.out_dir.name}.new")
        shutil.rmtree(self.folder, ignore_errors=True)  # (left by a build that was killed)
        self._made_above = None  # the outermost folder made for it, removed with it if the build fails
        for folder in self.folder.parents:
            if folder.exists():
                break
            self._made_above = folder
        self.folder.mkdir(parents=True)
        (self.folder / MARKER).write_bytes(b"")
        self._made = {""}  # the folders made, as relative paths

    def write(self, relative: str, data: bytes) -> None:
        """Write one file of the site."""
        parts = safe_relative(relative).parts
        folder = "/".join(parts[:-1])
        if folder not in self._made:
            os.makedirs(os.path.join(self.folder, folder), exist_ok=True)
            self._made.add(folder)
        with open(os.path.join(self.folder, relative), "wb") as file:
            file.write(data)

    def discard(self) -> None:
        """Remove the staging folder (a failed build), and the folders made for it."""
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._made_above is not None and not self.out_dir.exists():
            shutil.rmtree(self._made_above, ignore_errors=True)


@dataclass(frozen=True)
class WriteReport:
    """What writing changed in the output folder."""

    written: tuple[str, ...]  # files created or whose bytes changed
    removed: tuple[str, ...]  # files the site no longer has
    files: int = 0  # the files the output holds now (the search index's included)


def publish(staging: Staging) -> WriteReport:
    """Make the output folder hold exactly what `staging` holds, and remove the staging folder."""
    out_dir, staged = staging.out_dir, _files_under(staging.folder)
    if not (out_dir / MARKER).is_file():  # a new output: the staging folder becomes it
        retired = out_dir.with_name(f".{out_dir.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        if out_dir.exists():
            os.replace(out_dir, retired)
        os.replace(staging.folder, out_dir)
        shutil.rmtree(retired, ignore_errors=True)
        return WriteReport(tuple(sorted(staged)), (), len(staged))
    try:
        written = []
        for relative in sorted(staged):
            target = out_dir / relative
            if not _holds(target, staged[relative]):
                _make_room(out_dir, target)
                os.replace(staged[relative], target)
                written.append(relative)
        return WriteReport(tuple(written), _remove_others(out_dir, staged), len(staged))
    finally:
        staging.discard()


def write_in_place(files: dict[str, bytes], out_dir: Path, known: dict) -> WriteReport:
    """The preview's write: only the files whose bytes differ from what this process last wrote there (`known`:
    path -> (bytes, the file's figures then), kept between builds) or, the first time, from what is on disk."""
    out_dir, first = out_dir.resolve(), not known
    if first:
        if out_dir.exists() and not (out_dir / MARKER).is_file():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / MARKER).write_bytes(b"")
    written = []
    for relative, data in files.items():
        last = known.get(relative)
        if last is not None and (last[0] is data or last[0] == data):
            continue
        target = out_dir.joinpath(*safe_relative(relative).parts)
        if not (first and _holds(target, data)):
            _make_room(out_dir, target)
            _replace_with(target, data)
            written.append(relative)
        known[relative] = (data, _figures(target))
    if first:
        return WriteReport(tuple(sorted(written)), _remove_others(out_dir, files), len(files))
    removed = sorted(relative for relative in known if relative not in files)
    for relative in removed:
        del known[relative]
        _unlink(out_dir / relative)
    _remove_empty_folders(out_dir, removed)
    return WriteReport(tuple(sorted(written)), tuple(removed), len(files))


def put_back(out_dir: Path, known: dict) -> tuple[str, ...]:
    """Rewrite each file this process wrote in `out_dir` (see write_in_place) that another program changed or removed
    since; the preview runs it after each build. Returns the files rewritten."""
    restored = []
    for relative, (data, figures) in known.items():
        target = out_dir / relative
        now = _figures(target)
        if now == figures or (now is not None and _holds(target, data)):
            known[relative] = (data, now)
            continue
        _make_room(out_dir, target)
        _replace_with(target, data)
        known[relative] = (data, _figures(target))
        restored.append(relative)
    return tuple(restored)


def _files_under(folder: Path) -> dict[str, str]:
    """Every file under `folder` but the marker: relative path -> its path on disk."""
    found, pending = {}, [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((prefix + entry.name + "/", entry.path))
                elif prefix or entry.name != MARKER:
                    found[prefix + entry.name] = entry.path
    return found


def _remove_others(out_dir: Path, kept) -> tuple[str, ...]:
    """Remove the files of `out_dir` that are not in `kept` (the site no longer has them), and the folders left empty."""
    gone = sorted(relative for relative in _files_under(out_dir) if relative not in kept)
    for relative in gone:
        _unlink(out_dir / relative)
    _remove_empty_folders(out_dir, gone)
    return tuple(gone)


def _remove_empty_folders(out_dir: Path, removed) -> None:
    for relative in removed:
        folder = (out_dir / relative).parent
        while folder != out_dir and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _unlink(path: Path) -> None:
    """Remove a file of the last build, unless a file of this one took the place of its folder (or it is gone)."""
    try:
        if not path.is_dir() or path.is_symlink():
            path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass


def _replace_with(target: Path, data: bytes) -> None:
    """Give `target` the bytes `data` at once: written beside it, then moved over it."""
    temporary = target.with_name(f".{target.name}.confsite-tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _figures(path: Path) -> tuple | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)


def _holds(target: Path, source: bytes | str) -> bool:
    """Whether `target` is a plain file with exactly the bytes of `source` (bytes, or a file's path), read only
    when the sizes match."""
    try:
        info = target.lstat()
        size = len(source) if isinstance(source, bytes) else os.stat(source).st_size
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        if isinstance(source, bytes):
            return target.read_bytes() == source
        with open(source, "rb") as staged:
            return target.read_bytes() == staged.read()
    except OSError:
        return False


def _make_room(out_dir: Path, target: Path) -> None:
    """Clear what stands where `target` or its folders must go: a file where a folder is now, or the reverse."""
    folder = out_dir
    for part in target.relative_to(out_dir).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or folder.is_file():
            folder.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
