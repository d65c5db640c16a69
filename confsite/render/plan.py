"""The output plan: which file each page, listing and asset becomes, and from which template."""
from __future__ import annotations

from confsite.assemble import proceedings

from confsite.render import publish
from confsite.render.ical import calendar_outputs
from confsite.render.reuse import Comparison
from confsite.render.schedule import schedule_outputs
from confsite.model import Output, Page, Site
from confsite.assemble.program import calendar_bytes, calendar_stamp
from confsite.read.theme import Theme


class PlanMemo:
    """The preview's memory of the plan: each session's calendar entry, session id -> (the session, the rest it
    depends on, the entry's bytes), reused while the session and the rest are the same (incremental.Comparison);
    the last build's outputs by path (same_outputs), the papers' and people's files, and the last sitemap."""

    def __init__(self):
        self.events: dict = {}
        self.outputs: dict = {}  # path -> the last build's Output rendered there
        self.last_sitemap: tuple | None = None  # (what sitemap.xml showed: base_url, pages and dates; its bytes)
        self.proceedings: dict = {}  # the papers' and people's files (proceedings.outputs)

    def same_outputs(self, outputs: list[Output]) -> list[Output]:
        """`outputs`, each rendered one replaced by the last build's Output of that path when its context holds the
        very same view models and pages alike (a paper's page, made anew from the same paper): the render's check
        of what the page read then stops at `is`."""
        same = Comparison().same
        last, kept = self.outputs, {}
        result = []
        for output in outputs:
            if output.template is not None:
                known = last.get(output.path)
                if known is output:
                    pass
                elif known is not None and known.template == output.template and known.source == output.source \
                        and known.context.keys() == output.context.keys() \
                        and all(value is known.context[name] or _alike(known.context[name], value, same)
                                for name, value in output.context.items()):
                    output = known
                kept[output.path] = output
            result.append(output)
        self.outputs = kept
        return result

    def sitemap(self, site: Site, outputs: list[Output], others: list[Output]) -> bytes:
        """publish.sitemap_xml, or its bytes of the last build when its pages and their dates are the same (in any
        order: the sitemap sorts them). `others` are the outputs besides the proceedings' files, whose pages have no
        date: those are the same while proceedings.outputs keeps the very same set of their paths."""
        paths = self.proceedings.get("last", (None, None, None))[2]
        shown = (site.config.base_url, {output.path: getattr(output.context.get("page"), "date", None)
                                        for output in others if output.path.endswith("index.html")})
        if self.last_sitemap is None or self.last_sitemap[0] != shown or self.last_sitemap[2] is not paths:
            self.last_sitemap = (shown, publish.sitemap_xml(site, outputs), paths)
        return self.last_sitemap[1]


def plan(site: Site, theme: Theme, editions: list[Output] = (), memo: PlanMemo | None = None,
         edit: proceedings.Edit | None = None) -> list[Output]:
    """Every file of the built site: the pages, 404.html, sitemap and feed, then the theme's and the site's static assets.

    `editions` are the files of the site's editions under /<year>/ (editions.py), listed in the sitemap too.
    `memo` (the preview's) keeps the sessions' calendar entries between builds; `edit` (the preview's
    ProceedingsMemo.edit) tells how the proceedings were made from the last build's.
    """
    outputs = [Output(path=page.url + "index.html", source=page.source, template=f"{page.layout}.html",
                      context={"page": page}) for page in site.pages]
    outputs += program_files(site, memo)
    outputs += calendar_outputs(site)
    papers = proceedings.outputs(site, memo.proceedings if memo is not None else None, edit)
    editions = list(editions)
    canonical_editions = [output for output in editions if not output.context.get("duplicate_of_root")]  # the root's
    listed = outputs + papers + canonical_editions
    if memo is None:
        return outputs + papers + editions + publish.outputs(site, listed) + static_files(theme)
    # the papers' and people's files are the last build's very objects when their paper or person is (proceedings.py)
    others = outputs + canonical_editions
    rest = publish.outputs(site, listed, lambda site, pages: memo.sitemap(site, pages, others)) + static_files(theme)
    others = memo.same_outputs(outputs + editions + rest)
    return others[:len(outputs)] + papers + others[len(outputs):]


def _alike(old, new, same) -> bool:
    """Whether two context values made anew on every build from the view models (a paper's Page, a session page's
    title) render alike: a Page's fields equal and of the same types (a quick `same` for its plain fields)."""
    if type(old) is not type(new):
        return False
    if type(new) is Page:
        return old.__dict__ == new.__dict__ and all(map(_same_type, old.__dict__.values(), new.__dict__.values()))
    return type(new) is dict and same(old, new)


def _same_type(old, new) -> bool:
    return type(old) is type(new)


def program_files(site: Site, memo: PlanMemo | None = None) -> list[Output]:
    """A page and a calendar file per session, and the whole program as one calendar."""
    program = site.program
    if program is None:
        return []
    source = "data/program.yaml"
    events: dict = {}  # each session's calendar entry, made once for the program's calendar and its own
    if memo is not None:
        events, rest = _remembered_events(memo, program, site.config)
    files = [Output(path="program/program.ics", source=source,
                    data=calendar_bytes(program.sessions, program, site.config, events))]
    for session in program.sessions:
        files.append(Output(path=session.url + "index.html", source=source, template="session.html",
                            context={"session": session, "program": program,
                                     "page": {"title": session.title, "description": None}}))
        files.append(Output(path=session.ics, source=source, data=calendar_bytes([session], program, site.config, events)))
    if memo is not None:
        memo.events = {session.id: (session, rest, events[session.id]) for session in program.sessions}
    return files + schedule_outputs(site)


def _remembered_events(memo: PlanMemo, program, config) -> tuple[dict, tuple]:
    """The calendar entries of the last build whose session and surroundings are the same, and those surroundings."""
    same = Comparison().same
    rest = (program.uid_host, calendar_stamp(program), config)
    events: dict = {}
    for session in program.sessions:
        known = memo.events.get(session.id)
        if known is not None and same(known[0], session) and all(map(same, known[1], rest)):
            events[session.id] = known[2]
    return events, rest


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
