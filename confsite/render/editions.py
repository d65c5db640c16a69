"""The pages of past editions, planned under /<year>/ with the same templates as the site's own, and the redirect
pages of a site that keeps editions (render/redirects.py)."""
from __future__ import annotations

import dataclasses

import icalendar

from confsite import model
from confsite.assemble.editions import SITE_WIDE_LAYOUTS, AssembledEdition, Edition, EditionLinks
from confsite.assemble.proceedings import outputs as proceedings_outputs
from confsite.errors import SiteError
from confsite.read.editions import EDITIONS_DIR, current_slug
from confsite.render.ical import calendar_outputs
from confsite.render.plan import program_files
from confsite.render.redirects import moved_addresses


def edition_outputs(site: model.Site, editions: list[AssembledEdition]) -> list[model.Output]:
    """The files of a site with editions beside its own: the editions' styles, people pages when the root has no
    papers, every past edition's pages, and the redirects from the addresses whose pages moved."""
    if not editions:
        return []
    outputs = [model.Output(path="css/editions.css", source="(editions)", template="editions.css")]
    if not site.proceedings.papers and site.proceedings.people:  # the root's proceedings would have written them
        outputs += _person_outputs(site.proceedings.people)
    for edition in editions:
        outputs += _planned(edition.site, edition.info, edition.info.url, edition.moved, edition.folder)
    year = current_slug(site.config)
    return outputs + moved_addresses(site, f"{year}/" if year else "", editions)


def clashes(outputs: list[model.Output]) -> list[SiteError]:
    """Two inputs that would become the same file (a root page under /2019/ and the 2019 edition's)."""
    first: dict[str, model.Output] = {}
    errors = []
    for output in outputs:
        other = first.setdefault(output.path, output)
        if other is not output:
            errors.append(SiteError(other.source.split(":")[0], None, f"this becomes /{output.path}, which the page "
                                    f"from {output.source} also becomes", "give one of them another 'slug:', or move "
                                    f"the page into {EDITIONS_DIR}/{output.path.split('/')[0]}/content/"))
    return errors


def _person_outputs(people: tuple) -> list[model.Output]:
    files = []
    for person in people:
        page = model.Page(url=person.url, title=person.name, layout="person", html="", source="(people)")
        files.append(model.Output(path=person.url + "index.html", source="(people)", template="person.html",
                                  context={"page": page, "person": person}))
    return files


def _own_uids(data: bytes, slug: str) -> bytes:
    """'conference@host' -> 'conference.2019@host': each edition's events stay apart in a calendar app."""
    calendar = icalendar.Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        local, _, host = str(event["UID"]).partition("@")
        event["UID"] = icalendar.vText(f"{local}.{slug}@{host}")
    return calendar.to_ical()


def _planned(site: model.Site, info: Edition, prefix: str, moved: dict, folder: str) -> list[model.Output]:
    """A past edition's own files (pages, program, calendars, papers), under `prefix`, linked through EditionLinks."""
    outputs = [model.Output(path=page.url + "index.html", source=page.source, template=f"{page.layout}.html",
                            context={"page": page}) for page in site.pages if page.layout not in SITE_WIDE_LAYOUTS]
    # Calendar files link to the edition's pages by full address; a past edition's events get UIDs of their own.
    at_prefix = dataclasses.replace(site, config=site.config.model_copy(update={"base_url": site.config.base_url + prefix}))
    outputs += [dataclasses.replace(output, data=_own_uids(output.data, info.slug))
                if output.data is not None and output.path.endswith(".ics") else output
                for output in program_files(at_prefix) + calendar_outputs(at_prefix)]
    outputs += [output for output in proceedings_outputs(site) if output.template != "person.html"]
    local = set()
    for output in outputs:
        local.add(output.path)
        if output.path.endswith("index.html"):
            local.add(output.path[: -len("index.html")])
    links = EditionLinks(prefix, frozenset(local), dict(moved))
    nav = tuple(dataclasses.replace(link, url=prefix + link.url)
                if not link.external and link.url.partition("#")[0] in local else link for link in site.nav)
    planned = []
    for output in outputs:
        context = dict(output.context)
        if output.template is not None:
            context.update(site=site, config=site.config, nav=nav, edition_links=links)
        source = output.source if output.source.startswith("(") else folder + output.source
        planned.append(dataclasses.replace(output, path=prefix + output.path, source=source, context=context))
    return planned
