"""The whole build, top to bottom: load and check everything, render, then write atomically."""
from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from functools import wraps
from itertools import repeat
from pathlib import Path

from confsite.assemble import editions

from confsite.output import nochange

from confsite.render import plan as pages

from confsite.render import publish
from confsite.bulk import gc_paused
from confsite.assemble.site import Sources, assemble
from confsite.check.checks import images_without_text, unused_data_files
from confsite.read.config import load_config
from confsite.dates import clock, recording_instants
from confsite.memo import Memo
from confsite.output.diskcache import read_papers_cached, writing_meanwhile
from confsite.errors import BuildFailed, Problems, SiteError, sort_errors
from confsite.render.reuse import BuildCache, BuildRecorder, earlier_builds_frozen, input_files, read_with
from confsite.check.links import LinkTargets, check_links
from confsite.assemble.proceedings import ProceedingsMemo
from confsite.read.calls import read_calls
from confsite.read.committees import COMMITTEES_FILE, read_committees
from confsite.read.content import read_pages
from confsite.read.papers import read_papers
from confsite.read.program import PROGRAM_FILE, read_program
from confsite.read.speakers import read_speakers
from confsite.read.sponsors import read_sponsors
from confsite.read.text import recording_reads
from confsite.report import BuildReport
from confsite.render.templates import checked_environment, render_outputs
from confsite.check.safety import CheckedPaths, links_leading_outside, outputs_leaving_the_folder
from confsite.output.search import cached_index
from confsite.read.theme import load_theme
from confsite.output.write import check_output_folder, discarded_on_failure, staging_folder, write_site

PAPERS_FILE = "data/papers.bib"


def build(site_dir: Path, out_dir: Path | None = None, base_url: str | None = None, now=None,
          strict: bool = False, *, drafts: bool = False, cache: BuildCache | None = None,
          search_index: bool = True) -> BuildReport:
    """Build the site in `site_dir` into `out_dir` (default: SITE/_site); raise BuildFailed with every error.

    `now` is (aware datetime, fixed?) from dates.build_now: what has passed is decided against it.
    `strict` makes every warning an error. `drafts` keeps pages marked `draft: true` (the preview shows
    them); `cache` carries what earlier builds read and rendered, so that only what changed is done again;
    `search_index=False` skips the search index.
    """
    site_dir = Path(site_dir)
    out_dir = Path(out_dir) if out_dir is not None else site_dir / "_site"
    check_output_folder(site_dir, out_dir)
    now = now or clock()
    inputs, same = nochange.remembered(site_dir, out_dir, now, nochange.options(base_url, strict, drafts, search_index),
                                       cache)
    if same is not None:  # nothing the output depends on changed since the last build: it holds these very files
        return same
    if cache is None:
        nochange.forget(site_dir, out_dir)
    # the preview's build makes little garbage (3,000 objects of a cold build of 10,000 papers): the collector waits until
    # it ends, instead of 260 collections, one full, during a one-paper edit (0.06-0.1 CPU s)
    with gc_paused(cache is not None):
        with recording_instants() as instants, earlier_builds_frozen(cache), writing_meanwhile():
            # the preview (with its cache in memory) leaves the disk cache alone: writing it on every edit costs time
            staging = staging_folder(out_dir, search_index) if cache is None else None  # the render may write there
            rendered = render_site(site_dir, base_url, now, strict, drafts=drafts, cache=cache, disk_cache=cache is None,
                                   staging=staging, caller_froze=cache is not None)  # (earlier_builds_frozen)
        files, finish = rendered.files, None
        if search_index:
            index, finish = cached_index(site_dir, files, use_cache=cache is None)
            files = files if index is None else files | index
        written = write_site(files, out_dir, finish=finish, known=cache.written if cache is not None else None)
        report = replace(rendered.report(out_dir), written=written.written, removed=written.removed)
        fields = nochange.report_fields(report.files, report.pages, report.notes, report.warnings)
        known = nochange.record(inputs, instants, fields, out_dir,  # the files written are known without a walk
                                cache.written.get(str(out_dir.resolve())) if cache is not None else None,
                                written.noted)
        if cache is not None:
            cache.last_build = known
        else:
            nochange.store(site_dir, out_dir, known)
    return report


def check(site_dir: Path, base_url: str | None = None, now=None, strict: bool = False) -> BuildReport:
    """Every check of a build, writing nothing; raise BuildFailed with every error."""
    return render_site(Path(site_dir), base_url, now, strict).report(None)


@dataclass(frozen=True)
class Rendered:
    """A site rendered in memory and checked, not yet written."""

    files: dict[str, bytes]
    notes: tuple[str, ...]
    warnings: tuple[SiteError, ...]
    rendered: tuple[str, ...] = ()

    def report(self, out_dir: Path | None) -> BuildReport:
        """What to tell the user about this build."""
        pages_count = sum(map(str.endswith, self.files, repeat(".html")))
        return BuildReport(out_dir, len(self.files), pages_count, self.notes, self.warnings, self.rendered)


def _frozen_objects_given_back(function):
    """`function` may gc.freeze what it built; what it froze is given back to the collector when it ends (objects
    frozen by its caller, as the preview freezes its cache, stay frozen: the caller unfreezes them).

    `caller_froze=True` says that the caller froze objects: gc.get_freeze_count() walks every frozen object (Python
    3.11), which took 0.15-0.25 CPU s of a preview's one-paper edit on 10,000 papers, with its cache frozen."""
    @wraps(function)
    def wrapped(*args, caller_froze: bool = False, **kwargs):
        frozen_before = caller_froze or gc.get_freeze_count()
        try:
            return function(*args, **kwargs)
        finally:
            if not frozen_before:
                gc.unfreeze()
    return wrapped


@_frozen_objects_given_back
def render_site(site_dir: Path, base_url: str | None = None, now=None, strict: bool = False, *,
                drafts: bool = False, cache: BuildCache | None = None, disk_cache: bool = False,
                staging: Path | None = None) -> Rendered:
    """Read, check and render everything (in memory, or into `staging` when rendered in processes: see
    render.render_outputs); raise BuildFailed with every error."""
    problems = Problems(strict=strict)
    problems.extend(links_leading_outside(site_dir))
    problems.raise_if_any()

    with recording_reads() as reads, gc_paused():  # (bulk.py: many objects made, all kept)
        config = _config_or_problems(site_dir, base_url, problems)
        sources = read_sources(site_dir, problems, cache, disk_cache)
        past = editions.read_editions(site_dir, config, problems, reads, read_sources)
    sources.now = now
    sources.show_drafts = drafts
    problems.extend(unused_data_files(site_dir, reads))
    problems.extend(images_without_text(sources.pages))
    recorder = BuildRecorder(cache)
    theme = _theme_or_problems(site_dir, config, problems, recorder)  # template syntax errors are listed with the data's
    problems.raise_if_any()

    with gc_paused():
        site = assemble(config, sources, problems)
    site, edition_outputs = editions.combine(site, sources, past, problems, site_dir)
    problems.raise_if_any()
    # what was read and assembled lives until the build ends: full collections during planning and the link check
    # would scan it all again (one each, about 0.4 CPU s each on 10,000 papers)
    gc.freeze()

    outputs = pages.plan(site, theme, edition_outputs, cache.memo(pages.PlanMemo) if cache is not None else None,
                         sources.memo.edit if sources.memo is not None else None)
    problems.extend(outputs_leaving_the_folder(outputs, cache.memo(CheckedPaths) if cache is not None else None))
    problems.extend(editions.clashes(outputs) if edition_outputs else [])
    problems.raise_if_any()
    parsed: dict = {}  # links and ids of the pages, when the render read them
    files, render_errors = render_outputs(site, theme, outputs, recorder, parsed=parsed, staging=staging)
    problems.extend(render_errors)
    problems.raise_if_any()
    with discarded_on_failure(files):  # a failed build leaves nothing beside the previous output
        # (the preview's LinkTargets keeps what the last build's pages read: a page reused has the same bytes object)
        problems.extend(check_links(files, outputs, site_dir, theme.template_dirs, config.base_url, parsed=parsed,
                                    targets=cache.memo(LinkTargets) if cache is not None else None))
        problems.raise_if_any()
    return Rendered(files, tuple(publish.notes(site)), tuple(sort_errors(problems.warnings)), tuple(recorder.rendered))


def _read_papers_again(path: Path, shown: str, memo: Memo | None):
    """read_papers, with the preview's memo turned first: it keeps what the last reading of the file used."""
    if memo is not None:
        memo.turn()
    return read_papers(path, shown, memo)


def read_sources(site_dir: Path, problems: Problems, cache: BuildCache | None = None,
                 disk_cache: bool = False) -> Sources:
    """Run every reader; their errors are collected, not raised, so that all are reported together.

    With a cache, a reader whose input files did not change gives its earlier result; with `disk_cache`,
    papers.bib is read through SITE/.confsite-cache (diskcache.py).
    """
    page_sources, errors = read_with(cache, read_pages, input_files(site_dir / "content", "*.md"), site_dir)
    problems.extend(errors)
    committees, errors = read_with(cache, read_committees, [site_dir / COMMITTEES_FILE], site_dir)
    problems.extend(errors)
    if disk_cache:
        papers, errors = read_papers_cached(site_dir, PAPERS_FILE, read_papers)
    else:
        memo = cache.memo(Memo) if cache is not None else None  # entries parsed and decoded in earlier builds
        papers, errors = read_with(cache, _read_papers_again, [site_dir / PAPERS_FILE], site_dir / PAPERS_FILE,
                                   PAPERS_FILE, memo)
    problems.extend(errors)
    program, errors = read_with(cache, read_program, [site_dir / PROGRAM_FILE], site_dir)
    problems.extend(errors)
    sponsors, errors = read_sponsors(site_dir)
    problems.extend(errors)
    speakers, errors = read_speakers(site_dir)
    problems.extend(errors)
    calls, errors = read_calls(site_dir)
    problems.extend(errors)
    return Sources(pages=page_sources, committees=committees, papers=papers, program=program, calls=calls,
                   sponsors=sponsors, speakers=speakers, memo=cache.memo(ProceedingsMemo) if cache is not None else None)


def _theme_or_problems(site_dir: Path, config, problems: Problems, recorder: BuildRecorder):
    if config is None:
        return None
    theme, errors = load_theme(site_dir, config.theme, config.line_of("theme"))
    problems.extend(errors)
    if theme is not None:
        problems.extend(checked_environment(theme, recorder)[1])
    return theme


def _config_or_problems(site_dir: Path, base_url: str | None, problems: Problems):
    try:
        return load_config(site_dir, base_url)
    except BuildFailed as failed:
        problems.extend(failed.errors)
        return None
