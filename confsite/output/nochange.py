"""A build whose inputs did not change since the last one: it is known to give the same files, so nothing is done.

Before a build, `Inputs.take` notes the size, time and inode of every file in the site's folder (leaving out
output folders, the cache and the folders of tools: .git, .venv, node_modules...), of confsite's own files and
built-in themes, the versions of the libraries that shape the output, and the build's options. After a
successful build, `remember` keeps that with the build's report, the size, time and inode of every file of
the output folder, and when the pages would change with the clock: the moments the build compared with its
"now" (deadlines, calls opening), and which of them had come. A "now" fixed by --now or SOURCE_DATE_EPOCH is
kept as it is, since it is also written in the calendars.

The next build with the same inputs, options and output folder, while no remembered moment has come or gone,
returns the remembered report and writes nothing. Anything else (an edited, added or removed file, a touched
output, another option or version, a deadline passing) builds as usual. `confsite build` keeps the record in
SITE/.confsite-cache/ (JSON); the preview keeps it in its BuildCache.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from operator import itemgetter
from pathlib import Path

import confsite
from confsite import dates
from confsite.output import diskcache
from confsite.errors import SiteError
from confsite.report import BuildReport
from confsite.output.write import MARKER, put_back

# Folders that are never the site's input: version control, environments, caches of tools.
SKIPPED = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache",
                     ".mypy_cache", ".ruff_cache", ".tox", diskcache.CACHE_FOLDER})
# The libraries whose versions can change the bytes of the output.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "bibtexparser", "pylatexenc", "icalendar", "tzdata",
             "pagefind")
RECENT_NS = 100_000_000  # 0.1 s: well above the granularity of file times
_KIND = "last-build"
_FORMAT = 1


@dataclass(frozen=True)
class Inputs:
    """What a build's output can depend on, noted before the build reads anything."""

    key: str | None  # None if a file changed too recently to be told apart from a later change; a hash of the site's files' sizes, times and inodes, confsite's own files, versions and options
    now: dt.datetime
    fixed: bool

    @classmethod
    def take(cls, site_dir: Path, out_dir: Path, now: tuple[dt.datetime, bool], options: dict) -> "Inputs":
        hasher = hashlib.blake2b(digest_size=20)
        hasher.update(json.dumps({"format": _FORMAT, "python": sys.version, "out": str(out_dir.resolve()),
                                  "options": options, "versions": _versions()}, sort_keys=True).encode())
        # A file changed within a clock tick of now could change again with the same time and size: the
        # record of such a build is not trusted (as git does with its index), the next build is done in full.
        recent = time.time_ns() - RECENT_NS
        newest = 0
        for root in (Path(site_dir).resolve(), Path(confsite.__file__).resolve().parent):
            for line, modified in _stats(root, out_dir.resolve()):
                hasher.update(line)
                newest = max(newest, modified)
        moment, fixed = now
        return cls(hasher.hexdigest() if newest < recent else None, moment, fixed)

    def clock(self, instants) -> dict:
        """When the output would change with the clock: a fixed now as it is; else which moments had come."""
        if self.fixed:
            return {"fixed": dates.iso_utc(self.now)}
        ordered = sorted(set(instants))
        return {"moments": [dates.iso_utc(moment) for moment in ordered],
                "reached": [dates.reached(self.now, moment) for moment in ordered]}

    def same_clock(self, clock: dict) -> bool:
        if self.fixed or "fixed" in clock:
            return clock.get("fixed") == (dates.iso_utc(self.now) if self.fixed else None)
        moments = [dt.datetime.fromisoformat(text.replace("Z", "+00:00")) for text in clock.get("moments", [])]
        return [self.now >= moment for moment in moments] == clock.get("reached")


def _versions() -> dict:
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _stats(root: Path, out_dir: Path):
    """A line per file and folder under `root` (path, kind, size, time, inode), leaving out outputs, caches and tools
    and everything in them (their times change with every build)."""
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scanned:
                entries = sorted(scanned, key=lambda entry: entry.name)
        except OSError:
            yield f"unreadable {folder}\n".encode()
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                if entry.name in SKIPPED or _is_output(entry.path, out_dir):
                    continue
                pending.append(entry.path)
            yield (f"{entry.path}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode(),
                   info.st_mtime_ns)


def _is_output(path: str, out_dir: Path) -> bool:
    """The output folder, its staging and retired copies, and any other folder confsite wrote (a preview's)."""
    name = os.path.basename(path)
    if path == str(out_dir) or name in (f".{out_dir.name}.new", f".{out_dir.name}.old"):
        return True
    return os.path.exists(os.path.join(path, MARKER))


def output_hash(out_dir: Path) -> str:
    """A hash of the output folder as it is: every file's and folder's path, and each file's kind, size, time and inode.

    A file edited or replaced by hand changes its time or inode; one added or removed changes the names listed."""
    hasher = hashlib.blake2b(digest_size=20)
    pending = [("", str(out_dir))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as scanned:
            entries = sorted(scanned, key=lambda entry: entry.name)
        lines = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((prefix + entry.name + "/", entry.path))
                lines.append(f"{prefix}{entry.name}/\n")
            else:
                info = entry.stat(follow_symlinks=False)
                lines.append(f"{prefix}{entry.name}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n")
        hasher.update("".join(lines).encode())
    return hasher.hexdigest()


def noted_hash(noted: dict) -> str:
    """output_hash of a folder from its files' (mode, size, time, inode) noted as they were written, and its folders
    ("path/": None) where some were walked (write.WriteReport.noted): the same lines in the same order, no walk."""
    listings = {"": []}  # each folder (as its prefix) -> its entries: (name, line, prefix if a folder)

    def listing(prefix: str) -> list:
        listed = listings.get(prefix)
        if listed is None:
            listed = listings[prefix] = []
            parent, _, name = prefix[:-1].rpartition("/")
            listing(f"{parent}/" if parent else "").append((name, f"{prefix}\n", prefix))
        return listed

    for relative, figures in noted.items():
        if figures is None:
            listing(relative)
            continue
        parent, _, name = relative.rpartition("/")
        mode, size, modified, inode = figures
        listing(f"{parent}/" if parent else "").append((name, f"{relative}\0{mode}\0{size}\0{modified}\0{inode}\n", None))
    hasher = hashlib.blake2b(digest_size=20)
    pending = [""]
    while pending:
        listed = sorted(listings[pending.pop()], key=itemgetter(0))
        hasher.update("".join([line for _, line, _ in listed]).encode())
        pending.extend([prefix for _, _, prefix in listed if prefix is not None])
    return hasher.hexdigest()


AS_WRITTEN = "(as written)"  # the output of a preview build: its files are checked against what the preview wrote


def record(inputs: Inputs, instants, report_fields: dict, out_dir: Path, written: dict | None = None,
           noted: dict | None = None) -> dict:
    """What a later build needs to know that nothing changed.

    `written` (the preview's write memory for `out_dir`, see write.write_site) spares the walk of the output folder:
    the next build looks at the files the preview wrote instead. So does `noted` (write.WriteReport.noted, the
    figures of a new output folder's files as they were written), which gives the hash a walk would."""
    if written:
        output = AS_WRITTEN
    else:
        output = noted_hash(noted) if noted is not None else output_hash(out_dir)
    return {"format": _FORMAT, "key": inputs.key, "clock": inputs.clock(instants), "report": report_fields,
            "output": output}


def unchanged(known: dict | None, inputs: Inputs, out_dir: Path) -> dict | None:
    """The remembered report's fields if `known` was made from these inputs and the output is as it left it (for
    the preview's record, AS_WRITTEN: its files are checked against its memory by the caller, see remembered)."""
    if (not isinstance(known, dict) or inputs.key is None or known.get("format") != _FORMAT
            or known.get("key") != inputs.key):
        return None
    try:
        if not inputs.same_clock(known["clock"]):
            return None
        if known["output"] != AS_WRITTEN and output_hash(out_dir) != known["output"]:
            return None
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return known.get("report")


def options(base_url: str | None, strict: bool, drafts: bool = False, search_index: bool = True) -> dict:
    """The options of a build that change its output."""
    return {"base_url": base_url, "strict": strict, "drafts": drafts, "search_index": search_index}


def remembered(site_dir: Path, out_dir: Path, now: tuple[dt.datetime, bool], options: dict,
               cache=None) -> tuple[Inputs, BuildReport | None]:
    """The inputs of a build about to start, and the report of the last one if it is known to give the same files.

    The record is the preview's `cache.last_build`, else the one on disk of the last `confsite build`. In the
    preview, a file that another program changed or removed since is written back from memory (write.put_back)
    instead of building again, and the report names it as written."""
    inputs = Inputs.take(site_dir, out_dir, now, options)
    known = cache.last_build if cache is not None else load(site_dir, out_dir)
    same = unchanged(known, inputs, out_dir)
    if same is None:
        return inputs, None
    written = same.get("written", ())
    if known["output"] == AS_WRITTEN:
        try:
            written = put_back(out_dir, cache.written) if cache is not None else None
        except OSError:
            written = None
        if written is None:  # this process holds no files of that folder, or cannot write them: build
            return inputs, None
    return inputs, BuildReport(out_dir, same["files"], same["pages"], tuple(same["notes"]), warnings_of(same),
                               written=tuple(written))


def report_fields(files: int, pages: int, notes, warnings) -> dict:
    return {"files": files, "pages": pages, "notes": list(notes), "warnings": [asdict(warning) for warning in warnings]}


def warnings_of(fields: dict) -> tuple[SiteError, ...]:
    return tuple(SiteError(**warning) for warning in fields["warnings"])


# ---------------------------------------------------------------- the record of `confsite build`, on disk


def _disk_key(out_dir: Path) -> str:
    return hashlib.blake2b(str(out_dir.resolve()).encode(), digest_size=8).hexdigest()


def load(site_dir: Path, out_dir: Path) -> dict | None:
    data = diskcache.load_bytes(site_dir, _KIND, _disk_key(out_dir), ".json")
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def store(site_dir: Path, out_dir: Path, known: dict) -> None:
    diskcache.store_bytes(site_dir, _KIND, _disk_key(out_dir), ".json",
                          json.dumps(known, sort_keys=True, separators=(",", ":")).encode())


def forget(site_dir: Path, out_dir: Path) -> None:
    """Drop the record (a build is about to change the output folder)."""
    try:
        (diskcache.folder(site_dir) / f"{_KIND}-{_disk_key(out_dir)}.json").unlink(missing_ok=True)
    except OSError:
        pass
