"""The whole build, top to bottom: read and check everything, assemble, plan, render, check links, then write.

`confsite build` and the preview (`confsite serve`) run the same `build()`. The preview passes a `Memory`, which
keeps what per-item steps made (memo.py) and what each output read (render/reuse.py) from one build to the next,
so that a one-paper edit redoes the work of that paper; whole-list steps run again on every build.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from confsite.assemble.editions import combine
from confsite.assemble.site import assemble
from confsite.read.checks import images_without_text, unused_data_files
from confsite.read.editions import read_editions
from confsite.check.links import check_links
from confsite.check.page_links import page_links
from confsite.check.safety import links_leading_outside, outputs_leaving_the_folder
from confsite.dates import clock, recording_instants
from confsite.errors import BuildFailed, Problems, sort_errors
from confsite.memo import Memo, kept
from confsite.output.search import build_index
from confsite.output.write import Staging, check_output_folder, publish, write_in_place
from confsite.progress import SILENT, Progress
from confsite.read.config import load_config
from confsite.read.site import read_sources
from confsite.read.text import recording_reads
from confsite.read.theme import load_theme
from confsite.render import plan, publish as publishing
from confsite.render.editions import clashes, edition_outputs
from confsite.render.reuse import Reuse
from confsite.render.templates import checked_environment, render_outputs
from confsite.report import BuildReport


@dataclass
class Memory:
    """What the preview keeps from one build to the next."""

    memo: Memo = field(default_factory=Memo)  # per-item results by their inputs (memo.py)
    outputs: Reuse = field(default_factory=Reuse)  # each output's reads and bytes (render/reuse.py)
    written: dict = field(default_factory=dict)  # path -> (bytes, figures) of each file written (output/write.py)


def build(site_dir: Path, out_dir: Path | None = None, base_url: str | None = None, now=None, strict: bool = False,
          *, drafts: bool = False, memory: Memory | None = None, search_index: bool = True,
          progress: Progress = SILENT) -> BuildReport:
    """Build the site in `site_dir` into `out_dir` (default: SITE/_site); raise BuildFailed with every error.

    `now` is (aware datetime, fixed?) from dates.build_now: what has passed is decided against it. `strict` makes
    every warning an error. `drafts` keeps pages marked `draft: true`; `memory` is the preview's (see Memory);
    `search_index=False` skips the search index; `progress` is told each stage and each file rendered.
    """
    site_dir = Path(site_dir)
    out_dir = Path(out_dir) if out_dir is not None else site_dir / "_site"
    check_output_folder(site_dir, out_dir)
    now = now or clock()
    memo = memory.memo if memory is not None else None
    if memo is not None:
        memo.turn()
    staging = Staging(out_dir) if memory is None else None  # (a plain build writes there, then swaps it in)
    try:
        with recording_instants() as instants, _fewer_collections(memory):
            progress.stage("reading the site")
            site, theme, outputs, problems = _checked_site(site_dir, base_url, now, strict, drafts, memo)
            progress.stage("rendering", len(outputs))
            rendered = render_outputs(site, theme, outputs, reuse=memory.outputs if memory else None,
                                      staging=staging, page_links=page_links, progress=progress)
            problems.extend(rendered.errors)
            problems.raise_if_any()
            progress.stage("checking links")
            problems.extend(check_links(rendered.files, outputs, site_dir, theme.template_dirs, site.config.base_url,
                                        parsed=rendered.parsed, memo=memo))
            problems.raise_if_any()
        if staging is None:
            written = write_in_place(rendered.files, out_dir, memory.written)
        else:
            written = _published(staging, rendered.files, search_index, progress)
    except BaseException:
        if staging is not None:
            staging.discard()
        if memo is not None:
            memo.keep_all()
        raise
    return BuildReport(out_dir, written.files, sum(path.endswith(".html") for path in rendered.files),
                       tuple(publishing.notes(site)), tuple(sort_errors(problems.warnings)), tuple(rendered.rendered),
                       written.written, written.removed, instants=tuple(instants))


def _published(staging: Staging, files: dict, search_index: bool, progress: Progress):
    """Write the files the rendering left to write into the staging folder, index them, and put them in place."""
    progress.stage("writing")
    for path, data in files.items():
        if data is not None:
            staging.write(path, data)
    if search_index:
        progress.stage("indexing for search")
        build_index(staging.folder)
    progress.stage("publishing")
    return publish(staging)


@contextmanager
def _fewer_collections(memory: Memory | None):
    """The garbage collector runs less often while a build makes its many small objects, nearly all of them kept:
    with Python's thresholds, a cold build of 10,000 papers spends about a sixth of its time in collections that
    find nothing to free. In the preview, what earlier builds left (the memo, every page's bytes) is set aside for
    the build (`gc.freeze`), else each full collection scans it all again: 0.1-0.2 s of a one-paper edit of 10,000
    papers. It is given back to the collector when the build ends. (Figures: bench/RESULTS.md.)"""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    if memory is not None:
        gc.freeze()
    try:
        yield
    finally:
        if memory is not None:
            gc.unfreeze()
        gc.set_threshold(*thresholds)


def check(site_dir: Path, base_url: str | None = None, now=None, strict: bool = False) -> BuildReport:
    """Every check of a build, writing nothing; raise BuildFailed with every error."""
    site_dir = Path(site_dir)
    site, theme, outputs, problems = _checked_site(site_dir, base_url, now or clock(), strict, False, None)
    rendered = render_outputs(site, theme, outputs, page_links=page_links)
    problems.extend(rendered.errors)
    problems.raise_if_any()
    problems.extend(check_links(rendered.files, outputs, site_dir, theme.template_dirs, site.config.base_url))
    problems.raise_if_any()
    return BuildReport(None, len(rendered.files), sum(path.endswith(".html") for path in rendered.files),
                       tuple(publishing.notes(site)), tuple(sort_errors(problems.warnings)))


def _checked_site(site_dir: Path, base_url, now, strict: bool, drafts: bool, memo: Memo | None):
    """Read, assemble and plan the site: (site, theme, its outputs, the problems so far: warnings only)."""
    problems = Problems(strict=strict)
    problems.extend(links_leading_outside(site_dir))
    problems.raise_if_any()
    with recording_reads() as reads:
        config = kept(memo, "config", _config_or_problems(site_dir, base_url, problems))
        sources = read_sources(site_dir, problems, memo)
        past = read_editions(site_dir, config, problems, reads, lambda folder, found: read_sources(
            folder, found, memo.part(folder.name) if memo is not None else None))
    sources.now, sources.show_drafts = now, drafts
    problems.extend(unused_data_files(site_dir, reads))
    problems.extend(images_without_text(sources.pages))
    theme = _theme_or_problems(site_dir, config, problems)  # template syntax errors are listed with the data's
    problems.raise_if_any()
    site, editions = combine(assemble(config, sources, problems), sources, past, problems, site_dir)
    problems.raise_if_any()
    outputs = plan.plan(site, theme, edition_outputs(site, editions), memo)
    problems.extend(outputs_leaving_the_folder(outputs))
    problems.extend(clashes(outputs) if editions else [])
    problems.raise_if_any()
    return site, theme, outputs, problems


def _theme_or_problems(site_dir: Path, config, problems: Problems):
    if config is None:
        return None
    theme, errors = load_theme(site_dir, config.theme, config.line_of("theme"))
    problems.extend(errors)
    if theme is not None:
        problems.extend(checked_environment(theme)[1])
    return theme


def _config_or_problems(site_dir: Path, base_url: str | None, problems: Problems):
    try:
        return load_config(site_dir, base_url)
    except BuildFailed as failed:
        problems.extend(failed.errors)
        return None
