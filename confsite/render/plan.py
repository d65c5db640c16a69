"""The output plan: which file each page, listing and asset becomes, and from which template."""
from __future__ import annotations

from confsite.assemble import proceedings
from confsite.assemble.program import calendar_bytes, calendar_stamp, session_event
from confsite.memo import Memo, remembered
from confsite.model import Output, Site
from confsite.read.theme import Theme
from confsite.render import publish
from confsite.render.ical import calendar_outputs
from confsite.render.redirects import is_redirect
from confsite.render.schedule import schedule_outputs


def plan(site: Site, theme: Theme, editions: list[Output] = (), memo: Memo | None = None) -> list[Output]:
    """Every file of the built site: the pages, 404.html, sitemap and feed, then the theme's and the site's static assets.

    `editions` are the files of the site's editions under /<year>/ and its redirects (render/editions.py), listed in
    the sitemap too but for the redirects; `memo`
    (the preview's) remembers each session's calendar entry.
    """
    outputs = [Output(path=page.url + "index.html", source=page.source, template=f"{page.layout}.html",
                      context={"page": page}) for page in site.pages]
    outputs += program_files(site, memo)
    outputs += calendar_outputs(site)
    papers = proceedings.outputs(site, memo)
    listed = [output for output in (*outputs, *papers, *editions) if not is_redirect(output)]
    return outputs + papers + list(editions) + publish.outputs(site, listed, memo) + static_files(theme)


def program_files(site: Site, memo: Memo | None = None) -> list[Output]:
    """A page and a calendar file per session, and the whole program as one calendar."""
    program = site.program
    if program is None:
        return []
    source = "data/program.yaml"
    stamp = calendar_stamp(program)
    events = {session.id: remembered(memo, "session event", (id(session), program.uid_host, stamp, id(site.config)),
                                     lambda session=session: session_event(session, program, site.config),
                                     (session, site.config))
              for session in program.sessions}
    files = [Output(path="program/program.ics", source=source,
                    data=calendar_bytes(program.sessions, program, site.config, events))]
    for session in program.sessions:
        files.append(Output(path=session.url + "index.html", source=source, template="session.html",
                            context={"session": session, "program": program,
                                     "page": {"title": session.title, "description": None}}))
        files.append(Output(path=session.ics, source=source, data=calendar_bytes([session], program, site.config, events)))
    return files + remembered(memo, "schedule", (id(program), id(site.config)), lambda: schedule_outputs(site, memo),
                              (program, site.config))


def static_files(theme: Theme) -> list[Output]:
    """Copy static/ folders (theme chain first, the site's own last, so the site overrides the theme)."""
    files: dict[str, Output] = {}
    for folder in theme.static_dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
                relative = path.relative_to(folder).as_posix()
                files[relative] = Output(path=relative, source=theme.shown(path), data=path.read_bytes())
    return [files[name] for name in sorted(files)]
