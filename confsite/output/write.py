"""Atomic output: a new output folder is swapped in whole; an existing one gets only the files whose bytes changed."""
from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

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


def output_updated(staging: Path) -> Path | None:
    """The existing output folder that the staging folder beside it (see staging_folder) will update in place, or
    None when the staged folder will replace it whole (or there is none)."""
    name = staging.name
    if not (name.startswith(".") and name.endswith(".new")):
        return None
    out_dir = staging.with_name(name[1:-len(".new")])
    return out_dir if (out_dir / MARKER).is_file() else None


def staging_folder(out_dir: Path, finish: bool) -> Path | None:
    """Where the render may write the files of a build into `out_dir` as it makes them (see StagedFiles), or None
    when they are better kept in memory: an existing output updated in place without a step over the whole
    folder (`finish`, the search index) is compared file by file with what is rendered, and nothing is staged."""
    out_dir = out_dir.resolve()
    if (out_dir / MARKER).is_file() and not finish:
        return None
    return out_dir.with_name(f".{out_dir.name}.new")


class StagedFiles(Mapping):
    """The files of a build, written into the staging folder beside the output as they were rendered.

    A mapping {output path: bytes} like the rendered files it replaces (a file's bytes are read from the
    folder when asked for), so the parent process need not hold every page. Files added later (`|`) are kept
    in memory until write_site puts them there too. write_site swaps the folder in or moves what changed;
    on a failed build `discard()` removes it, and the folders made for it, leaving the previous output as it was.
    `noted` holds each written file's figures as the writing processes noted them (StagingWriter.noted).
    """

    def __init__(self, folder: Path, paths, extra: dict[str, bytes] | None = None, made: tuple[Path, ...] = (),
                 noted: dict[str, tuple] | None = None):
        self.folder = folder
        self._paths = dict.fromkeys(paths)
        self.extra = dict(extra or {})
        self._made = made  # folders above the staging folder made for it, deepest first
        self.noted = noted if noted is not None else {}

    def __getitem__(self, path: str) -> bytes:
        if path in self.extra:
            return self.extra[path]
        if path not in self._paths:
            raise KeyError(path)
        with open(os.path.join(self.folder, path), "rb") as handle:
            return handle.read()

    def __contains__(self, path) -> bool:
        return path in self.extra or path in self._paths

    def __iter__(self) -> Iterator[str]:
        yield from self._paths
        yield from (path for path in self.extra if path not in self._paths)

    def __len__(self) -> int:
        return len(self._paths) + sum(path not in self._paths for path in self.extra)

    def __or__(self, more: dict[str, bytes]) -> StagedFiles:
        return StagedFiles(self.folder, self._paths, {**self.extra, **more}, self._made, self.noted)

    def discard(self) -> None:
        """Remove the staging folder, and the folders made to hold it if they are empty again."""
        shutil.rmtree(self.folder, ignore_errors=True)
        for folder in self._made:
            try:
                folder.rmdir()
            except OSError:
                break


@contextmanager
def discarded_on_failure(files):
    """Remove the staging folder of StagedFiles if the block raises (a check failed): the build writes nothing."""
    try:
        yield
    except BaseException:
        if isinstance(files, StagedFiles):
            files.discard()
        raise


def new_staging(folder: Path) -> tuple[Path, ...]:
    """Make an empty staging folder (removing what a build that was stopped left there, and its `.old` sibling);
    return the folders above it that had to be made, deepest first."""
    name = folder.name.removesuffix(".new")
    for leftover in (folder, folder.with_name(f"{name}.old")):
        if leftover.exists():
            shutil.rmtree(leftover)
    made = []
    parent = folder.parent
    while not parent.exists():
        made.append(parent)
        parent = parent.parent
    folder.mkdir(parents=True)
    return tuple(made)


class StagingWriter:
    """Writes files into a staging folder, making each folder once: one for each process that writes.

    It notes each file's figures as written, {path: (mode, size, time, inode)} in `noted`: the folder swapped in
    whole keeps them, so the record of the output (nochange.record) is made from them instead of a walk of
    24,000 files (fstat of the open file: what a later lstat of it finds).

    `linked_from`, an existing output the staged folder will update in place: a file whose bytes are those of the
    output's file at that path is not written but linked to it (a hard link), so the staged folder is complete for
    the search index, nothing is written for it, and write_site sees by the inode that it did not change
    (10,000 papers, one title edit: 93 of 24,000 files differ). A file reached through a symbolic link of the
    output is written, as is every file when linking fails (another file system, or none that links)."""

    def __init__(self, folder: Path, linked_from: Path | None = None):
        self.root = str(folder)
        self.made = {""}
        self.noted: dict[str, tuple[int, int, int, int]] = {}
        self.source = str(linked_from) if linked_from is not None else None
        self._real = {"": True}  # folder -> whether the output's folder of that path (if any) is reached by no link

    def write(self, relative: str, data: bytes) -> None:
        """Write one file (or link the output's, see the class), refusing a path that would leave the folder."""
        if not plain_relative(relative):
            safe_relative(relative)  # (raises)
        folder = relative.rpartition("/")[0]
        if folder not in self.made:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self.made.add(folder)
        if self.source is not None and self._linked(relative, folder, data):
            return
        descriptor = os.open(f"{self.root}/{relative}", _NEW_FILE, 0o666)
        try:
            written = os.write(descriptor, data)
            if written < len(data):
                view = memoryview(data)[written:]
                while view:
                    view = view[os.write(descriptor, view):]
            info = os.fstat(descriptor)
            self.noted[relative] = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)
        finally:
            os.close(descriptor)

    def _linked(self, relative: str, folder: str, data: bytes) -> bool:
        """Link the output's file at `relative` into the staging folder if it holds `data`; whether it did."""
        if not self._reached_by_no_link(folder):
            return False
        existing = f"{self.source}/{relative}"
        try:
            descriptor = os.open(existing, _EXISTING_FILE)
        except OSError:
            return False
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            with open(descriptor, "rb", closefd=False) as handle:
                if handle.read(len(data) + 1) != data:
                    return False
            staged = f"{self.root}/{relative}"
            os.link(existing, staged, follow_symlinks=False)
            if os.lstat(staged).st_ino != info.st_ino:  # (the output's file was replaced meanwhile)
                os.unlink(staged)
                return False
        except OSError:
            return False
        finally:
            os.close(descriptor)
        self.noted[relative] = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)
        return True

    def _reached_by_no_link(self, folder: str) -> bool:
        """Whether no part of the output's path to `folder` is a symbolic link (one lstat a folder, once)."""
        real = self._real.get(folder)
        if real is None:
            real = self._real[folder] = (self._reached_by_no_link(folder.rpartition("/")[0])
                                         and not os.path.islink(f"{self.source}/{folder}"))
        return real


def plain_relative(path: str) -> bool:
    """What safe_relative accepts, told with a few string searches (the render writes 20,000 files)."""
    wrapped = f"/{path}/"
    return ("//" not in wrapped and "/./" not in wrapped and "/../" not in wrapped
            and "\\" not in path and "\x00" not in path)


# O_EXCL: each path is written once into a fresh folder (the render writes only the last output of a path)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# an output's file compared before it is linked: never through a symbolic link, never a FIFO that would block
_EXISTING_FILE = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                  | getattr(os, "O_BINARY", 0))


@dataclass(frozen=True)
class WriteReport:
    """What writing changed in the output folder."""

    written: tuple[str, ...]  # files created or whose bytes changed
    removed: tuple[str, ...]  # files the site no longer has
    # a new folder swapped in: each of its files' (mode, size, time, inode) as written, and its folders written by
    # `finish` ("path/": None), for nochange.record; None when the folder holds files written by earlier builds
    noted: dict[str, tuple | None] | None = field(default=None, repr=False, compare=False)


def write_site(files: dict[str, bytes], out_dir: Path, finish: Callable[[Path], None] | None = None,
               known: dict | None = None) -> WriteReport:
    """Make `out_dir` hold exactly `files`: a new folder is swapped in whole, an existing one updated where bytes differ.

    `finish(staging)` runs on the complete staged folder before anything reaches `out_dir` (the search
    index is built there), so a failure in it also leaves the previous output in place. Without it, an
    existing output is compared with `files` in memory and nothing is staged.

    `known`, kept between builds by the preview, remembers what this process wrote in each output folder:
    a file's bytes and its size, time and inode on disk then. A file is compared with the remembered bytes
    instead of being read back; put_back, which the preview runs after each build, rewrites those another
    program changed.
    """
    staged = isinstance(files, StagedFiles)
    out_dir = out_dir.resolve()
    remembered = known.setdefault(str(out_dir), {}) if known is not None else None
    try:
        # (a file written before was checked then; the others are checked in order, so the first refused is reported)
        unchecked = files.keys() - remembered.keys() if remembered and isinstance(files, dict) else files
        for relative in files if unchecked else ():
            if relative in unchecked:
                safe_relative(relative)
    except BaseException:
        if staged:
            files.discard()
        raise
    in_place = (out_dir / MARKER).is_file()
    if in_place and finish is None and not staged:
        return _update_in_place(files if type(files) is dict else dict(files), out_dir, remembered)
    if remembered is not None:
        remembered.clear()
    staging, noted = _complete(files, finish) if staged else _stage(files, out_dir, finish)
    if not in_place:  # (the folder keeps its files' inodes and times when renamed: what was noted holds)
        retired = out_dir.with_name(f".{out_dir.name}.old")
        if out_dir.exists():
            os.replace(out_dir, retired)
        os.replace(staging, out_dir)
        shutil.rmtree(retired, ignore_errors=True)
        if remembered is not None and not staged:  # the preview's first build: the next compares in memory
            for relative, data in files.items():
                remembered[relative] = (data, _stat_key(out_dir.joinpath(*relative.split("/"))))
        # the files are known without walking 20,000 folders (with a finishing step's, which were walked)
        if finish is None:
            written = files
        elif noted is None:
            written = _files_under(out_dir)
        else:
            written = (relative for relative, figures in noted.items()
                       if figures is not None and stat.S_ISREG(figures[0]) and relative != MARKER)
        return WriteReport(tuple(sorted(written)), (), noted)
    try:
        inodes: dict[str, int] | None = {}
        staged_files = _files_under(staging, inodes)
        if os.stat(staging).st_dev != os.stat(out_dir).st_dev:
            inodes = None  # (another file system: an inode says nothing, and nothing was linked)
        return _update_in_place(staged_files, out_dir, inodes=inodes)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _complete(files: StagedFiles, finish: Callable[[Path], None] | None) -> tuple[Path, dict | None]:
    """Add the files kept in memory and the marker to a staging folder the render filled, and run `finish` on it;
    return the folder and what was noted of what it holds (see WriteReport.noted)."""
    try:
        writer = StagingWriter(files.folder)
        writer.noted = noted = dict(files.noted)
        for relative in sorted(files.extra):
            if relative in files._paths:  # a file added later replaces the rendered one
                os.unlink(files.folder / relative)
            writer.write(relative, files.extra[relative])
        known = _finished(files.folder, finish, noted)
    except BaseException:
        files.discard()
        raise
    return files.folder, noted if known else None


def _stage(files: dict[str, bytes], out_dir: Path,
           finish: Callable[[Path], None] | None) -> tuple[Path, dict | None]:
    """Write every file into a fresh folder beside `out_dir` and run `finish` on it; on failure remove it.
    Return the folder and what was noted of what it holds (see WriteReport.noted)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new")
    retired = out_dir.with_name(f".{out_dir.name}.old")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        staging.mkdir()
        writer = StagingWriter(staging, linked_from=output_updated(staging))
        for relative in sorted(files):
            writer.write(relative, files[relative])  # (refusing a path that would leave the folder)
        known = _finished(staging, finish, writer.noted)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, writer.noted if known else None


def _finished(staging: Path, finish: Callable[[Path], None] | None, noted: dict) -> bool:
    """Write the marker into a staging folder holding every rendered file and run `finish` on it; note what they
    wrote. False when what `finish` did is not known without a walk of the whole folder.

    `finish` says where it writes with its `writes` attribute (a folder of the output, walked when it is done)."""
    marker = staging / MARKER
    marker.write_bytes(b"")  # (over an output of that name, as before)
    info = marker.lstat()
    noted[MARKER] = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)
    if finish is None:
        return True
    writes = getattr(finish, "writes", None)
    inside = f"{writes}/"
    # a staged file linked to the output's own (StagingWriter) must not be written through: those where `finish`
    # writes (or, not knowing where, all) become copies first
    _unlinked(staging, [relative for relative in noted if writes is None or relative == writes
                        or relative.startswith(inside)])
    finish(staging)
    if writes is None:
        return False
    if any(relative == writes or relative.startswith(inside) for relative in noted):
        return False  # (rendered files in the folder that `finish` writes: it may have changed them)
    if os.path.isdir(staging / writes):
        _note_under(staging / writes, inside, noted)
    return True


def _unlinked(staging: Path, relatives: list[str]) -> None:
    """Make each of these staged files that shares its inode with another file (linked to the output's) a copy."""
    for relative in relatives:
        path = os.path.join(staging, relative)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:  # (a new file moved over the link: the output's stays)
            _replace_with(Path(path), Path(path).read_bytes())


def _note_under(folder: Path, prefix: str, noted: dict) -> None:
    """Note `folder` ("prefix": None), and each file and folder in it, as nochange.output_hash looks at them."""
    noted[prefix] = None
    pending = [(prefix, str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    noted[prefix + entry.name + "/"] = None
                    pending.append((prefix + entry.name + "/", entry.path))
                else:
                    info = entry.stat(follow_symlinks=False)
                    noted[prefix + entry.name] = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)


def _files_under(folder: Path, inodes: dict[str, int] | None = None) -> dict[str, Path]:
    """Every file under `folder` but the marker, by its path relative to the folder (symbolic links left out);
    each one's inode into `inodes` when it is given."""
    entries, _ = _entries_under(folder)
    entries.pop(MARKER, None)
    root = str(folder)
    found = {relative: Path(f"{root}/{relative}") for relative, inode in entries.items() if inode is not None}
    if inodes is not None:
        inodes.update((relative, entries[relative]) for relative in found)
    return found


def _entries_under(folder: Path) -> tuple[dict[str, int | None], list[str]]:
    """Every file and symbolic link under `folder` ({path: its inode, None for a link}) and every folder, by their
    paths relative to `folder`; symbolic links are not followed."""
    entries: dict[str, int | None] = {}
    folders = []
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(prefix + entry.name)
                    pending.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    entries[prefix + entry.name] = entry.inode()
                elif entry.is_symlink():
                    entries[prefix + entry.name] = None
    return entries, folders


def _update_in_place(files: dict[str, bytes | Path], out_dir: Path, remembered: dict | None = None,
                     inodes: dict[str, int] | None = None) -> WriteReport:
    """Put in place only the files whose bytes changed (each atomically), then remove what the site no longer has.

    A file is given as bytes, or as a staged file on the same disk, which is moved into place. `remembered`
    ({path: (bytes, stat)}, see write_site) spares reading back the files this process wrote and nobody changed.
    `inodes` holds the staged files' inodes: one that is the output's own file there (StagingWriter linked it, its
    bytes being the same) is left as it is, unread.
    """
    walk = not remembered  # the first time, look at every file on disk; afterwards, at those this process wrote
    written = []
    if not walk:
        files, kept = _maybe_changed(files, remembered), files
    else:
        present, folders = _entries_under(out_dir)
    for relative in sorted(files):
        if inodes is not None and walk:
            inode = inodes.get(relative)
            if inode is not None and present.get(relative) == inode:
                continue
        target = out_dir.joinpath(*safe_relative(relative).parts)
        source = files[relative]
        data = source if isinstance(source, bytes) else None
        if remembered is not None and data is not None:
            if _remembered_holds(remembered, relative, target, data):
                continue
        elif _holds(target, source):
            continue
        _make_room(out_dir, target)
        if data is None:
            os.replace(source, target)
        else:
            _replace_with(target, data)
            if remembered is not None:
                remembered[relative] = (data, _stat_key(target))
        written.append(relative)
    if not walk:
        return WriteReport(tuple(written), _remove_remembered(out_dir, remembered, kept))
    if remembered is not None:
        for gone in set(remembered) - set(files):
            del remembered[gone]
    removed = []
    for relative in sorted(present.keys() - files.keys() - {MARKER}):
        path = os.path.join(out_dir, relative)
        try:
            info = os.lstat(path)
        except OSError:
            continue  # (gone with a folder that a file of the site replaced)
        if not stat.S_ISDIR(info.st_mode):  # (else a folder of the site stands there now)
            os.unlink(path)
            removed.append(relative)
    for folder in sorted(folders, reverse=True):  # children before their folders
        try:
            os.rmdir(os.path.join(out_dir, folder))
        except OSError:
            pass  # (not empty, or no longer a folder)
    return WriteReport(tuple(written), tuple(removed))


def _maybe_changed(files: dict, remembered: dict) -> dict:
    """The files whose bytes differ from what this process last wrote there. Whether another program changed a file
    since is put_back's business, between builds: a build does not look at each of the 24,000 files of 10,000
    papers (one lstat each, 0.05-0.1 s of a one-paper edit)."""
    nothing = (None, None)
    others = {}
    for relative, data in files.items():
        written = remembered.get(relative, nothing)[0]
        if written is not data and written != data:
            others[relative] = data
    return others


def put_back(out_dir: Path, known: dict) -> tuple[str, ...] | None:
    """Rewrite each file this process wrote in `out_dir` (see write_site's `known`) that no longer has the size,
    time and inode it left it with and no longer holds its bytes: changed or removed by another program. The
    preview runs it after each build, and instead of a build when nothing else changed; returns the files
    rewritten, or None when this process remembers no file there or the folder is no longer its output."""
    out_dir = out_dir.resolve()
    remembered = known.get(str(out_dir))
    if not remembered or not (out_dir / MARKER).is_file():
        return None
    root = str(out_dir) + os.sep
    restored = []
    lstat = os.lstat
    # (no list of the items: 24,000 objects kept alive would set off collections of the preview's whole cache)
    for relative, (data, key) in remembered.items():  # (values of its keys are replaced, none added or removed)
        try:
            info = lstat(root + relative)
            now = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)
        except OSError:
            now = None
        if now == key:
            continue
        target = out_dir.joinpath(*relative.split("/"))
        if now is not None and _holds(target, data):
            remembered[relative] = (data, now)
            continue
        _make_room(out_dir, target)
        _replace_with(target, data)
        remembered[relative] = (data, _stat_key(target))
        restored.append(relative)
    return tuple(restored)


def _remove_remembered(out_dir: Path, remembered: dict, files: dict) -> tuple[str, ...]:
    """Remove the files this process wrote that the site no longer has, and the folders left empty."""
    # (every file of the site is remembered once written: as many files, the same files)
    removed = sorted(remembered.keys() - files.keys()) if len(remembered) != len(files) else []
    for relative in removed:
        del remembered[relative]
        target = out_dir.joinpath(*relative.split("/"))
        if target.is_symlink() or target.is_file():
            target.unlink()
        folder = target.parent
        while folder != out_dir and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return tuple(removed)


def _replace_with(target: Path, data: bytes) -> None:
    """Give `target` the bytes `data` at once: written beside it, then moved over it."""
    temporary = target.with_name(f".{target.name}.confsite-tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _stat_key(path: Path) -> tuple | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)


def _remembered_holds(remembered: dict, relative: str, target: Path, data: bytes) -> bool:
    """Whether `target` holds `data`: from memory if it is as this process left it, else read from disk."""
    now = _stat_key(target)
    if now is None:
        return False
    before = remembered.get(relative)
    if before is not None and before[1] == now:
        return before[0] == data
    if _holds(target, data):
        remembered[relative] = (data, now)
        return True
    return False


def _holds(target: Path, source: bytes | Path) -> bool:
    """Whether `target` is a file with exactly the bytes of `source` (read only when the sizes match)."""
    try:
        size = len(source) if isinstance(source, bytes) else source.stat().st_size
        if not target.is_file() or target.is_symlink() or target.stat().st_size != size:
            return False
        return target.read_bytes() == (source if isinstance(source, bytes) else source.read_bytes())
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
