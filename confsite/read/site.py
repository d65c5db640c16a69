"""Every reader of a site's folder, run once a build: what the site's files say, with where they say it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from confsite.errors import Problems
from confsite.memo import Memo, remembered
from confsite.read.calls import CallsData, read_calls
from confsite.read.committees import COMMITTEES_FILE, read_committees
from confsite.read.content import PageSource, read_pages
from confsite.read.papers import PaperEntry, read_papers_file
from confsite.read.program import PROGRAM_FILE, read_program
from confsite.read.speakers import read_speakers
from confsite.read.sponsors import read_sponsors
from confsite.read.text import note_reads
from confsite.schema import CommitteesFile, SpeakersFile, SponsorsFile

PAPERS_FILE = "data/papers.bib"
EDITIONS_DIR = "editions"  # one folder per past edition (read/editions.py)


@dataclass
class Sources:
    """Everything the readers returned for one build (of the site, or of one of its past editions)."""

    pages: list[PageSource]
    committees: CommitteesFile | None
    papers: list[PaperEntry]
    program: object = None  # read.program.ProgramSource
    calls: CallsData | None = None
    now: object = None  # the build's "now" (aware datetime) and whether it was fixed: (now, fixed)
    sponsors: SponsorsFile | None = None
    speakers: SpeakersFile | None = None
    show_drafts: bool = False  # the preview shows pages marked `draft: true`; a build leaves them out
    memo: Memo | None = None  # the preview's: per-item results of the last build, to reuse (memo.py)
    keeps_editions: bool = False  # the site has past editions (a folder under editions/) beside this one
    volume: PaperEntry | None = None  # the proceedings' own record, when papers.bib gives one (its editors as authors)


def read_sources(site_dir: Path, problems: Problems, memo: Memo | None = None) -> Sources:
    """Run every reader; their errors are collected, not raised, so that all are reported together.

    In the preview (`memo`), the pages, committees and program give their last result while their files hold the
    same bytes; papers.bib is read entry by entry, each entry remembered by its own text.
    """
    content = site_dir / "content"
    pages = _read(memo, read_pages, sorted(content.rglob("*.md")) if content.is_dir() else [], site_dir, problems)
    committees = _read(memo, read_committees, [site_dir / COMMITTEES_FILE], site_dir, problems)
    papers, errors = read_papers_file(site_dir / PAPERS_FILE, PAPERS_FILE, memo)
    problems.extend(errors)
    program = _read(memo, read_program, [site_dir / PROGRAM_FILE], site_dir, problems)
    # (small files, whose checks also look at other files: the images under static/ they name)
    sponsors = _read(None, read_sponsors, [], site_dir, problems)
    speakers = _read(None, read_speakers, [], site_dir, problems)
    calls = _read(None, read_calls, [], site_dir, problems)
    return Sources(pages=pages, committees=committees, papers=papers.papers, program=program, calls=calls,
                   sponsors=sponsors, speakers=speakers, memo=memo, keeps_editions=keeps_editions(site_dir),
                   volume=papers.volume)


def keeps_editions(site_dir: Path) -> bool:
    """True when the site keeps past editions: at least one folder under editions/."""
    folder = site_dir / EDITIONS_DIR
    return folder.is_dir() and any(path.is_dir() and not path.name.startswith(".") for path in folder.iterdir())


def _read(memo: Memo | None, reader, files: list[Path], site_dir: Path, problems: Problems):
    """`reader(site_dir)`'s result, its errors added to `problems`; in the preview, remembered by the files' bytes."""
    if memo is None:
        result, errors = reader(site_dir)
    else:
        key = (str(site_dir), tuple((str(path), _bytes(path)) for path in files))
        result, errors = remembered(memo, reader.__qualname__, key, lambda: reader(site_dir))
        note_reads(files)  # (a result remembered still counts its files as read: see check.checks.unused_data_files)
    problems.extend(errors)
    return result


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
