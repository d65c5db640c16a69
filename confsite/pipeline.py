"""The whole build, top to bottom: load and check everything, render, then write atomically."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from confsite import pages, publish
from confsite.assemble import Sources, assemble
from confsite.config import load_config
from confsite.errors import BuildFailed, Problems
from confsite.readers.calls import read_calls
from confsite.readers.committees import read_committees
from confsite.readers.content import read_pages
from confsite.readers.papers import read_papers
from confsite.readers.program import read_program
from confsite.render import render_outputs
from confsite.theme import load_theme
from confsite.write import check_output_folder, write_site

PAPERS_FILE = "data/papers.bib"


@dataclass(frozen=True)
class BuildReport:
    """What a successful build produced."""

    out_dir: Path
    files: int
    pages: int
    notes: tuple[str, ...] = ()  # what the build left out, and how to get it


def build(site_dir: Path, out_dir: Path | None = None, base_url: str | None = None, now=None) -> BuildReport:
    """Build the site in `site_dir` into `out_dir` (default: SITE/_site); raise BuildFailed with every error.

    `now` is (aware datetime, fixed?) from dates.build_now: what has passed is decided against it.
    """
    site_dir = Path(site_dir)
    out_dir = Path(out_dir) if out_dir is not None else site_dir / "_site"
    check_output_folder(site_dir, out_dir)
    problems = Problems()

    config = _config_or_problems(site_dir, base_url, problems)
    sources = read_sources(site_dir, problems)
    sources.now = now
    problems.raise_if_any()

    site = assemble(config, sources, problems)
    theme, theme_errors = load_theme(site_dir, config.theme, config.line_of("theme"))
    problems.extend(theme_errors)
    problems.raise_if_any()

    files, render_errors = render_outputs(site, theme, pages.plan(site, theme))
    problems.extend(render_errors)
    problems.raise_if_any()

    write_site(files, out_dir)
    return BuildReport(out_dir, len(files), sum(path.endswith(".html") for path in files), tuple(publish.notes(site)))


def read_sources(site_dir: Path, problems: Problems) -> Sources:
    """Run every reader; their errors are collected, not raised, so that all are reported together."""
    page_sources, errors = read_pages(site_dir)
    problems.extend(errors)
    committees, errors = read_committees(site_dir)
    problems.extend(errors)
    papers, errors = read_papers(site_dir / PAPERS_FILE, PAPERS_FILE)
    problems.extend(errors)
    program, errors = read_program(site_dir)
    problems.extend(errors)
    calls, errors = read_calls(site_dir)
    problems.extend(errors)
    return Sources(pages=page_sources, committees=committees, papers=papers, program=program, calls=calls)


def _config_or_problems(site_dir: Path, base_url: str | None, problems: Problems):
    try:
        return load_config(site_dir, base_url)
    except BuildFailed as failed:
        problems.extend(failed.errors)
        return None
