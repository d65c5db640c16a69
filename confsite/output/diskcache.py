"""The build cache on disk (SITE/.confsite-cache/): what is slow to compute again, keyed by a hash of what it came from.

Two things are kept: the papers read from data/papers.bib (keyed by the file's bytes and by the reader's own
source code) and the search index pagefind made (keyed by the bytes of every page it indexed and by the
pagefind program). A key that matches gives exactly what computing again would give, so the cache never
changes the output; a cache file that is missing, unreadable, corrupt or of another version is ignored
and computed again. The formats are JSON and zip, never pickle: a site folder someone sends you cannot
run code through its cache. One file per kind is kept (the newest), so the folder stays small.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import signal
import zipfile
from contextlib import contextmanager, suppress
from pathlib import Path

from confsite import __version__
from confsite.bulk import forkable
from confsite.errors import SiteError

CACHE_FOLDER = ".confsite-cache"
_FORMAT = 3


def folder(site_dir: Path) -> Path:
    return Path(site_dir) / CACHE_FOLDER


@functools.lru_cache(maxsize=None)
def source_hash(*modules) -> str:
    """A hash of Python modules' source files: a cached result is only good for the code that computed it.
    Read once a process: the code running does not change while it runs."""
    hasher = hashlib.blake2b(f"{__version__}/{_FORMAT}".encode(), digest_size=16)
    for module in modules:
        hasher.update(Path(module.__file__).read_bytes())
    return hasher.hexdigest()


def _path(site_dir: Path, kind: str, key: str, suffix: str) -> Path:
    return folder(site_dir) / f"{kind}-{key}{suffix}"


def load_bytes(site_dir: Path, kind: str, key: str, suffix: str) -> bytes | None:
    """The cached bytes for (kind, key), or None."""
    try:
        return _path(site_dir, kind, key, suffix).read_bytes()
    except OSError:
        return None


def store_bytes(site_dir: Path, kind: str, key: str, suffix: str, data: bytes) -> None:
    """Keep `data` as the one cached file of `kind` (atomically); a folder that cannot be written is no error."""
    target = _path(site_dir, kind, key, suffix)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        target.parent.mkdir(exist_ok=True)
        ignore = target.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# confsite's build cache: safe to delete, never needed in version control\n*\n")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        for other in target.parent.glob(f"{kind}-*"):
            if other != target:
                other.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):  # (where the folder is a file, say: not even the temporary could be made)
            temporary.unlink(missing_ok=True)


# ---------------------------------------------------------------- papers


def read_papers_cached(site_dir: Path, relative: str, read_papers):
    """`read_papers(SITE/relative, relative)` (readers.papers), from the cache when the file's bytes were read before."""
    from confsite.read import bibtex, bibtex_values
    from confsite.read import papers
    from confsite.read.text import decode_text, note_reads

    path = Path(site_dir) / relative
    try:
        data = path.read_bytes()
    except OSError:
        return read_papers(path, relative)
    note_reads([path])  # read here, not through read_text: the check of unused data files must see it
    code = source_hash(bibtex, bibtex_values, papers)
    key = hashlib.blake2b(data + b"\0" + relative.encode() + b"\0" + code.encode(), digest_size=20).hexdigest()
    text, error = decode_text(data, relative)  # the bytes read above, not the file a second time
    cached = load_bytes(site_dir, "papers", key, ".json") if not error else None
    if cached is not None:
        try:
            return _papers_from_json(cached, text)
        except Exception:  # noqa: BLE001 - a corrupt or foreign cache file is read again from the source
            pass
    result = ([], [error]) if error else papers.papers_from_text(text, relative)
    _store_meanwhile(site_dir, "papers", key, ".json", lambda: _papers_to_json(*result, text or ""))
    return result


_writers: list[int] | None = None  # in `writing_meanwhile`: the children writing cache files


@contextmanager
def writing_meanwhile():
    """Within the block, a cache file may be encoded and written by a forked child while the build goes on (10,000
    papers: 0.3-0.5 s of JSON and writing); the block ends once every such child has ended, whatever happened."""
    global _writers
    outer, _writers = _writers, []
    try:
        yield
    finally:
        writers, _writers = _writers, outer
        for pid in writers:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:  # (reaped by someone else)
                pass


def _store_meanwhile(site_dir: Path, kind: str, key: str, suffix: str, data) -> None:
    """store_bytes(..., data()) in a forked child within `writing_meanwhile` where the process can fork and use two
    cores, else here. The child, which Ctrl-C does not stop (its parent waits for it), writes a temporary file and
    renames it, as store_bytes does: the cache file is whole or not there, and a failure is no error of the build."""
    pid = -1
    if _writers is not None and forkable():
        try:
            pid = os.fork()
        except OSError:
            pid = -1
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            store_bytes(site_dir, kind, key, suffix, data())
        finally:
            os._exit(0)
    if pid > 0:
        _writers.append(pid)
    else:
        store_bytes(site_dir, kind, key, suffix, data())


def _papers_to_json(entries, errors, text: str) -> bytes:
    """The papers as JSON; an entry's text as written is kept as where it is in `text` (the file's text, which the
    key covers): written out, it doubled the JSON (41 MB for 17 MB of papers.bib), and encoding it cost 0.3 CPU s.
    ASCII JSON: encoded a third faster than UTF-8 text. An entry's fields are a JSON object (in their order), not a
    list of pairs: 93,000 pairs made and read back as lists cost a third of writing and half of reading."""
    rows, at = [], 0
    for p in entries:
        start = text.find(p.raw, at) if p.raw else -1
        if start >= 0:
            raw, at = [start, start + len(p.raw)], start + len(p.raw)
        else:
            raw = p.raw
        rows.append([p.key, p.entry_type, p.line, p.title, [[a.first, a.von, a.last, a.jr] for a in p.authors],
                     p.et_al, p.edited, p.fields, raw, p.bibtex])
    return json.dumps({"papers": rows, "errors": [[e.path, e.line, e.message, e.hint, e.column, e.warning]
                                                  for e in errors]}).encode("ascii")


def _papers_from_json(data: bytes, text: str):
    from confsite.read.papers import Author, PaperEntry

    loaded = json.loads(data)
    entries = [PaperEntry(key, entry_type, line, title, tuple(Author(*author) for author in authors), et_al, edited,
                          fields, raw if isinstance(raw, str) else text[raw[0]:raw[1]], bibtex)
               for key, entry_type, line, title, authors, et_al, edited, fields, raw, bibtex in loaded["papers"]]
    errors = [SiteError(*error) for error in loaded["errors"]]
    if not all(isinstance(p.line, int) and isinstance(p.key, str) and isinstance(p.fields, dict) for p in entries):
        raise ValueError("not a papers cache")
    return entries, errors


# ---------------------------------------------------------------- search index


def pages_key(files: dict[str, bytes], program: str | None, salt: str) -> str:
    """The key of a search index: every HTML page (path and bytes), the indexing program, the indexing code."""
    hasher = hashlib.blake2b(digest_size=20)
    try:
        stat = os.stat(program) if program else None
    except OSError:
        stat = None
    hasher.update(f"{program}\0{stat.st_size if stat else ''}\0{stat.st_mtime_ns if stat else ''}\0{salt}\0".encode())
    for path in sorted(files):
        if path.endswith(".html"):
            data = files[path]
            hasher.update(f"{path}\0{len(data)}\0".encode())
            hasher.update(data)
    return hasher.hexdigest()


def load_tree(site_dir: Path, kind: str, key: str) -> dict[str, bytes] | None:
    """A cached folder as {relative path: bytes}, or None."""
    data = load_bytes(site_dir, kind, key, ".zip")
    if data is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    except Exception:  # noqa: BLE001 - corrupt: computed again
        return None


def store_tree(site_dir: Path, kind: str, key: str, root: Path) -> None:
    """Keep the files under `root` as the cached folder of `kind`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                archive.writestr(info, path.read_bytes())
    store_bytes(site_dir, kind, key, ".zip", buffer.getvalue())
