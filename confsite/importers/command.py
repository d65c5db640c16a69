"""`confsite import FORMAT FILE`: read an export, report unusable rows with their line, merge into papers.bib."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from confsite.errors import SiteError
from confsite.importers import RowProblem
from confsite.importers.formats import read_export
from confsite.importers.merge import merge_papers
from confsite.importers.schedule import SCHEDULE_FORMATS
from confsite.read.text import read_text

PAPERS_FILE = "data/papers.bib"


def run_import(fmt: str, export: Path, site_dir: Path, venue: str | None = None, year: str | None = None,
               skip_bad: bool = False, dry_run: bool = False) -> int:
    """Import one export file into the site's papers.bib (a schedule export: into program.yaml); return the exit
    code (0 done, 1 bad rows, 2 usage)."""
    if fmt in SCHEDULE_FORMATS:
        from confsite.importers.program_import import run_program_import

        return run_program_import(fmt, export, site_dir, skip_bad, dry_run)
    if not export.exists():
        print(f"confsite: error: {export} does not exist", file=sys.stderr)
        return 2
    shown = str(export)
    text = ""
    if export.is_file():
        text, error = read_text(export, shown)
        if error:
            print(error, file=sys.stderr)
            return 1
    try:
        papers, problems, notes = read_export(fmt, export, text)
    except json.JSONDecodeError as exc:
        print(SiteError(shown, exc.lineno, f"not valid JSON: {exc.msg}", f"export the {fmt} data as JSON"), file=sys.stderr)
        return 1
    except ValueError as exc:
        print(SiteError(shown, 1, str(exc), f"is this a {fmt} export?"), file=sys.stderr)
        return 1
    for note in notes:
        print(note)
    errors = [_located(shown, problem) for problem in problems]
    for error in errors:
        print(SiteError(error.path, error.line, error.message, error.hint, warning=skip_bad), file=sys.stderr)
    if errors and not skip_bad:
        print(f"import failed: {len(errors)} row{'s' if len(errors) != 1 else ''} cannot be used; {PAPERS_FILE} "
              "was not changed (fix them, or pass --skip-bad to import the others)", file=sys.stderr)
        return 1
    for paper in papers:
        paper.venue = venue or paper.venue
        paper.year = year or paper.year
    report = merge_papers(site_dir / PAPERS_FILE, papers, id_field=fmt, write=not dry_run)
    verb = "would import" if dry_run else "imported"
    print(f"{verb} {len(papers)} paper{'s' if len(papers) != 1 else ''} into {PAPERS_FILE}: "
          f"{len(report.added)} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged")
    return 0


def _located(shown: str, problem: RowProblem) -> SiteError:
    return SiteError(shown, problem.line, problem.message, problem.hint)
