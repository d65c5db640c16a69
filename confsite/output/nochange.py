"""A build whose inputs did not change since the last one: it is known to give the same files, so nothing is done.

This is the one speed measure of a plain `confsite build` beyond the build itself (bench/RESULTS.md: a second
build of 10,000 papers with nothing changed takes well under a second instead of a whole build). Before a build,
`Inputs.take` notes the size, time and inode of every file in the site's folder (leaving out output folders, the
cache and the folders of tools: .git, .venv, node_modules...), of confsite's own files and built-in themes, the
versions of the libraries that shape the output, and the build's options. After a successful build, the record
keeps that with the build's report, a hash of the output folder as written, and when the pages would change with
the clock: the moments the build compared with its "now" (deadlines, calls opening), and which of them had come.
A "now" fixed by --now or SOURCE_DATE_EPOCH is kept as it is, since it is also written in the calendars.

The next build with the same inputs, options and output folder, while no remembered moment has come or gone,
returns the remembered report and writes nothing. Anything else (an edited, added or removed file, a touched
output, another option or version, a deadline passing) builds as usual. The record is kept in
SITE/.confsite-cache/ (JSON). The preview does not use it: it rebuilds when a file changed, with its memo.
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
from pathlib import Path
from typing import Callable

import confsite
from confsite import dates
from confsite.errors import SiteError
from confsite.output.write import MARKER
from confsite.report import BuildReport

# Folders that are never the site's input: version control, environments, caches of tools.
SKIPPED = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache",
                     ".mypy_cache", ".ruff_cache", ".tox", ".confsite-cache"})
CACHE_FOLDER = ".confsite-cache"
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
        engine = Path(confsite.__file__).resolve().parent
        # (the built-in themes too: in a checkout, engine/themes is a link to the repository's themes/, not walked)
        for root in dict.fromkeys((Path(site_dir).resolve(), engine, (engine / "themes").resolve())):
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


def record(inputs: Inputs, report: BuildReport) -> dict:
    """What a later build needs to know that nothing changed."""
    fields = {"files": report.files, "pages": report.pages, "notes": list(report.notes),
              "warnings": [asdict(warning) for warning in report.warnings]}
    return {"format": _FORMAT, "key": inputs.key, "clock": inputs.clock(report.instants), "report": fields,
            "output": output_hash(report.out_dir)}


def unchanged(known: dict | None, inputs: Inputs, out_dir: Path) -> dict | None:
    """The remembered report's fields if `known` was made from these inputs and the output is as it left it."""
    if (not isinstance(known, dict) or inputs.key is None or known.get("format") != _FORMAT
            or known.get("key") != inputs.key):
        return None
    try:
        if not inputs.same_clock(known["clock"]) or output_hash(out_dir) != known["output"]:
            return None
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return known.get("report")


def options(base_url: str | None, strict: bool, drafts: bool = False, search_index: bool = True) -> dict:
    """The options of a build that change its output."""
    return {"base_url": base_url, "strict": strict, "drafts": drafts, "search_index": search_index}


def unless_unchanged(site_dir: Path, out_dir: Path, now: tuple[dt.datetime, bool], options: dict,
                     build: Callable[[], BuildReport]) -> BuildReport:
    """The last build's report when nothing it depends on changed since; else `build()`, remembered for the next."""
    inputs = Inputs.take(site_dir, out_dir, now, options)
    same = unchanged(load(site_dir, out_dir), inputs, out_dir)
    if same is not None:
        return BuildReport(out_dir, same["files"], same["pages"], tuple(same["notes"]),
                           tuple(SiteError(**warning) for warning in same["warnings"]))
    forget(site_dir, out_dir)
    report = build()
    store(site_dir, out_dir, record(inputs, report))
    return report


# ---------------------------------------------------------------- the record of `confsite build`, on disk


def _record_path(site_dir: Path, out_dir: Path) -> Path:
    return Path(site_dir) / CACHE_FOLDER / f"{_KIND}-{hashlib.blake2b(str(out_dir.resolve()).encode(), digest_size=8).hexdigest()}.json"


def load(site_dir: Path, out_dir: Path) -> dict | None:
    """The record of the last build into `out_dir`, if any."""
    try:
        return json.loads(_record_path(site_dir, out_dir).read_bytes())
    except (OSError, ValueError):
        return None


def store(site_dir: Path, out_dir: Path, known: dict) -> None:
    """Keep the record (atomically); a folder that cannot be written is no error: the next build is a full one."""
    target = _record_path(site_dir, out_dir)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        target.parent.mkdir(exist_ok=True)
        ignore = target.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# confsite's record of the last build: safe to delete, never needed in version control\n*\n")
        temporary.write_text(json.dumps(known, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)


def forget(site_dir: Path, out_dir: Path) -> None:
    """Drop the record (a build is about to change the output folder)."""
    try:
        _record_path(site_dir, out_dir).unlink(missing_ok=True)
    except OSError:
        pass
