"""`confsite import pretalx|frab|miniconf-calendar FILE`: a schedule export becomes data/program.yaml, with the
papers importers' rules: every unusable event reported with where it is, nothing written unless every event is usable (or
--skip-bad), a second import updates the sessions in place."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from confsite.errors import BuildFailed, SiteError
from confsite.importers.miniconf_calendar import CALENDAR_FORMAT, papers_by_session, read_calendar
from confsite.importers.program_merge import merge_program, write_program
from confsite.importers.schedule import XmlError, read_schedule
from confsite.read.program import PROGRAM_FILE
from confsite.read.text import read_text


def run_program_import(fmt: str, export: Path, site_dir: Path, skip_bad: bool = False, dry_run: bool = False) -> int:
    """Import a pretalx or frab schedule (JSON or XML), or Mini-Conf's calendar, into the site's program.yaml;
    return the exit code."""
    shown = str(export)
    expected = "main_calendar.json" if fmt == CALENDAR_FORMAT else "schedule.json or schedule.xml"
    if not export.is_file():
        print(f"confsite: error: {export} is not a file (export the schedule from {fmt} as {expected})", file=sys.stderr)
        return 2
    text, error = read_text(export, shown)
    if error:
        print(error, file=sys.stderr)
        return 1
    program_path = site_dir / PROGRAM_FILE
    existing = program_path.read_text(encoding="utf-8") if program_path.is_file() else ""
    zone = _conference_zone(site_dir, existing)
    if isinstance(zone, SiteError):
        print(zone, file=sys.stderr)
        return 1
    try:
        if fmt == CALENDAR_FORMAT:  # its poster sessions hold the papers imported with `confsite import miniconf`
            sessions, problems, notes = read_calendar(shown, text, zone, papers_by_session(site_dir / "data" / "papers.bib"))
        else:
            sessions, problems, notes = read_schedule(shown, text, zone)
    except json.JSONDecodeError as exc:
        print(SiteError(shown, exc.lineno, f"not valid JSON: {exc.msg}", f"export the {fmt} schedule as JSON"),
              file=sys.stderr)
        return 1
    except XmlError as exc:
        print(SiteError(shown, exc.line, f"not well-formed XML: {exc}", f"export the {fmt} schedule as XML"),
              file=sys.stderr)
        return 1
    except ValueError as exc:
        print(SiteError(shown, None, str(exc), f"is this a {fmt} schedule export ({expected})?"), file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}")
    for problem in problems:
        print(SiteError(problem.path, problem.line, problem.message, problem.hint, warning=skip_bad), file=sys.stderr)
    if problems and not skip_bad:
        print(f"import failed: {len(problems)} event{'s' if len(problems) != 1 else ''} cannot be used; "
              f"{PROGRAM_FILE} was not changed (fix them, or pass --skip-bad to import the others)", file=sys.stderr)
        return 1
    try:
        report = merge_program(existing, sessions, PROGRAM_FILE, f"Imported from {export.name} ({fmt}) with "
                                                                  "confsite import; edit freely: a new import keeps "
                                                                  "what you add")
    except SiteError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in _kept_in_the_way(report, sessions):
        print(warning, file=sys.stderr)
    if not dry_run and (report.added or report.updated):
        write_program(program_path, report.text)
    verb = "would import" if dry_run else "imported"
    print(f"{verb} {len(sessions)} event{'s' if len(sessions) != 1 else ''} into {PROGRAM_FILE}: "
          f"{len(report.added)} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
          + (f"; {len(report.kept)} other session{'s' if len(report.kept) != 1 else ''} kept as they were"
             if report.kept else ""))
    return 0


def _kept_in_the_way(report, sessions) -> list[SiteError]:
    """Warnings for the sessions of the file that the export does not have and that now share a room and a time
    with an imported one (the build would refuse both): perhaps they were cancelled."""
    import yaml

    if not report.kept:
        return []
    kept = set(report.kept)
    found = []
    for day in (yaml.safe_load(report.text) or {}).get("days") or []:
        for session in day.get("sessions") or []:
            if isinstance(session, dict) and session.get("id") in kept and session.get("room"):
                found.append((str(day.get("date")), session))
    warnings = []
    for imported in sessions:
        for date, other in found:
            if date == imported.date.isoformat() and str(other["room"]).casefold() == (imported.room or "").casefold() \
                    and str(other.get("start")) < f"{imported.end:%H:%M}" and f"{imported.start:%H:%M}" < str(other.get("end")):
                warnings.append(SiteError(PROGRAM_FILE, None, f"the session '{other.get('title')}' (id {other['id']}) is "
                                          f"not in the export and is in {other['room']} while '{imported.title}' is",
                                          "remove it if it was cancelled, or move it", warning=True))
    return warnings


def _conference_zone(site_dir: Path, program_text: str) -> str | SiteError:
    """program.yaml's own timezone, else site.yaml's: the times of program.yaml are in it."""
    import yaml

    from confsite.read.config import load_config

    try:
        program = yaml.safe_load(program_text) if program_text.strip() else None
    except yaml.YAMLError:
        program = None  # merge_program says where it is wrong
    if isinstance(program, dict) and isinstance(program.get("timezone"), str):
        return program["timezone"]
    try:
        return load_config(site_dir).timezone
    except BuildFailed as failed:
        return failed.errors[0]
