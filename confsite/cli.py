"""The command line: argument parsing and exit codes only (0 built, 1 the site is wrong, 2 wrong usage)."""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from confsite import __version__
from confsite.errors import BuildFailed

EXIT_OK, EXIT_SITE_ERROR, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    """The argument parser for every confsite command."""
    main_parser = argparse.ArgumentParser(prog="confsite", description="Build a conference web site from plain files.")
    main_parser.add_argument("--version", action="version", version=f"confsite {__version__}")
    commands = main_parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    build = commands.add_parser("build", help="build the site into its output folder")
    build.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: the current folder)")
    build.add_argument("--out", type=Path, default=None, help="the output folder (default: SITE/_site)")
    build.add_argument("--base-url", default=None, help="publish under this address for this build, e.g. https://x.org/conf/")
    build.add_argument("--now", default=None, metavar="WHEN",
                       help="decide which dates have passed as of WHEN, e.g. 2022-10-01T12:00:00Z "
                            "(default: SOURCE_DATE_EPOCH if set, else the current time)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--quiet", "-q", action="store_true", help="print only errors: no progress, warnings or summary")
    build.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")
    check = commands.add_parser("check", help="run every check of a build and write nothing")
    check.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: the current folder)")
    check.add_argument("--base-url", default=None, help="check as if published under this address")
    check.add_argument("--now", default=None, metavar="WHEN", help="check as of WHEN (as for build)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")

    from confsite.importers import FORMATS
    from confsite.importers.schedule import SCHEDULE_FORMATS

    importer = commands.add_parser("import", help="add accepted papers from a submission system's export to papers.bib, "
                                                  "or a pretalx or frab schedule to program.yaml")
    importer.add_argument("format", choices=FORMATS + SCHEDULE_FORMATS, help="the export's format")
    importer.add_argument("file", type=Path, help="the export file (for hugo: a publication's index.md or a folder; "
                                                  "for pretalx and frab: schedule.json or schedule.xml)")
    importer.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: the current folder)")
    importer.add_argument("--venue", default=None, help="booktitle for every paper, e.g. 'MLSys 2025'")
    importer.add_argument("--year", default=None, help="year for every paper, e.g. 2025")
    importer.add_argument("--skip-bad", action="store_true", help="import the usable rows even if some cannot be used")
    importer.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    importer.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")

    serve = commands.add_parser("serve", help="preview the site: rebuild on every change and reload the browser")
    serve.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: the current folder)")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--out", type=Path, default=None, help="keep the preview in this folder (default: a temporary one)")
    serve.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")

    new = commands.add_parser("new", help="start a new conference site in a new or empty folder")
    new.add_argument("folder", type=Path, metavar="DIR", help="where to write the site")
    new.add_argument("--ci", choices=("github", "gitlab", "none"), default="github",
                     help="write a CI workflow that publishes the site: GitHub Pages (default), GitLab Pages, or none")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "import":
            from confsite.importers.command import run_import

            return run_import(args.format, args.file, args.site, args.venue, args.year, args.skip_bad, args.dry_run)
        if args.command == "new":
            return _new(args)
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            return _serve(args)
    except KeyboardInterrupt:
        return EXIT_SITE_ERROR
    except Exception as exc:  # a bug in confsite, not in the site: say so plainly
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(f"confsite: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in confsite; run again with --debug and report what it prints.", file=sys.stderr)
        return EXIT_SITE_ERROR
    return EXIT_USAGE


def _build(args) -> int:
    from confsite.output import nochange
    from confsite.progress import for_the_command_line

    now, refused = _site_and_now(args)
    if refused is not None:
        return refused
    out_dir = args.out if args.out is not None else args.site / "_site"
    progress = for_the_command_line(args.quiet)

    def build():
        from confsite.pipeline import build  # only now: a build with nothing to do needs none of it

        return build(args.site, out_dir, args.base_url, now=now, strict=args.strict, progress=progress)

    start = time.perf_counter()
    try:
        report = nochange.unless_unchanged(args.site, out_dir, now, nochange.options(args.base_url, args.strict), build)
    except BuildFailed as failed:
        progress.end()
        return _report_failure(failed, "build failed", "; the previous output was left as it was", args.quiet)
    finally:
        progress.end()
    if args.quiet:
        return EXIT_OK
    _print_warnings(report.warnings)
    for note in report.notes:
        print(f"note: {note}")
    written = len(report.written)
    print(f"{written:,} file{'s' if written != 1 else ''} written into {report.out_dir}, {len(report.removed):,} removed"
          if written or report.removed else f"nothing changed in {report.out_dir}: no file written")
    print(f"built {report.pages:,} pages ({report.files:,} files) in {time.perf_counter() - start:.1f} s"
          f"{_count_warnings(report.warnings)}")
    return EXIT_OK


def _new(args) -> int:
    from confsite.newsite import FolderNotEmpty, create_site

    try:
        written = create_site(args.folder, args.ci)
    except FolderNotEmpty:
        print(f"confsite: error: {args.folder} exists and is not an empty folder; confsite new never overwrites files\n"
              "    hint: name a new folder, e.g. confsite new my-conference", file=sys.stderr)
        return EXIT_SITE_ERROR
    print(f"wrote a new site with {len(written)} files into {args.folder}\n"
          f"next: replace every 'TODO:' (grep -rn TODO {args.folder}), then build it: confsite build --site {args.folder}")
    if args.ci != "none":
        where = "GitHub Pages" if args.ci == "github" else "GitLab Pages"
        print(f"to publish it on {where} on every push: {args.folder / 'README.md'} says how, from git init on")
    return EXIT_OK


def _check(args) -> int:
    from confsite.pipeline import check

    now, refused = _site_and_now(args)
    if refused is not None:
        return refused
    try:
        report = check(args.site, args.base_url, now=now, strict=args.strict)
    except BuildFailed as failed:
        return _report_failure(failed, "check failed", "")
    _print_warnings(report.warnings)
    print(f"checked {report.pages} pages ({report.files} files): no errors{_count_warnings(report.warnings)}")
    return EXIT_OK


def _site_and_now(args) -> tuple:
    """(now, None) for an existing site folder and a valid "now"; else (None, the usage exit code), after saying why."""
    if not args.site.is_dir():
        return None, _no_site(args.site)
    now = _now(args)
    return (now, None) if now is not None else (None, EXIT_USAGE)


def _now(args):
    """The build's "now" from --now or SOURCE_DATE_EPOCH (else the clock); None after printing why it is wrong."""
    from confsite.dates import build_now

    try:
        return build_now(args.now, os.environ)
    except ValueError as exc:
        print(f"confsite: error: {'--now' if args.now is not None else 'SOURCE_DATE_EPOCH'}: {exc}", file=sys.stderr)
        return None


def _serve(args) -> int:
    from confsite.serve import serve

    if not args.site.is_dir():
        return _no_site(args.site)
    return serve(args.site, args.host, args.port, args.out)


def _no_site(site: Path) -> int:
    print(f"confsite: error: the site folder {site} does not exist", file=sys.stderr)
    return EXIT_USAGE


def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


def _count_warnings(warnings) -> str:
    return f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""


def _report_failure(failed: BuildFailed, what: str, after: str, quiet: bool = False) -> int:
    from confsite.errors import sort_errors

    for error in sort_errors([*failed.errors, *([] if quiet else failed.warnings)]):
        print(error, file=sys.stderr)
    count = len(failed.errors)
    warnings = "" if quiet else _count_warnings(failed.warnings)
    print(f"{what}: {count} error{'s' if count != 1 else ''}{warnings}{after}", file=sys.stderr)
    return EXIT_SITE_ERROR
