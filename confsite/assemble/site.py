"""Cross-references: turn what the readers found into the site's pages, menu, committees and papers."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import markdown

from confsite import model
from confsite.assemble.calls import assemble_calls
from confsite.dates import clock
from confsite.errors import Problems
from confsite.memo import kept
from confsite.assemble.news import NEWS_URL, feed_url, is_post, news_posts
from confsite.assemble.program import assemble_program
from confsite.read.content import slugify
from confsite.read.editions import current_slug
from confsite.read.site import Sources
from confsite.assemble.proceedings import assemble_proceedings, grouped_by_sessions
from confsite.schema import CommitteesFile, SiteConfig, SpeakersFile, SponsorsFile

MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists"]
MARKDOWN_CONFIG = {"toc": {"permalink": False, "toc_depth": "2-3"}}

# Sections generated from data when no content page claims them: (layout, default address, default title)
GENERATED = (("committees", "committees/", "Committees"), ("papers", "papers/", "Papers"),
             ("program", "program/", "Program"), ("news", NEWS_URL, "News"),
             ("sponsors", "sponsors/", "Sponsors"), ("speakers", "speakers/", "Speakers"), ("search", "search/", "Search"),
             ("people", "people/", "People"))


def assemble(config: SiteConfig, sources: Sources, problems: Problems) -> model.Site:
    """Build the site's view model; record every inconsistency in `problems`."""
    pages = _pages(sources, problems)
    now, fixed = sources.now or clock()
    pages, calendar = assemble_calls(config, sources.calls, pages, now, fixed, problems, render_markdown)
    committees = _committees(sources.committees)
    folder = year_folder(config, sources)
    proceedings = assemble_proceedings(config, sources.papers, committees, pages, problems, sources.memo, folder,
                                       sources.volume)
    committees = with_person_urls(committees, proceedings.member_urls)
    program = assemble_program(sources.program, config, proceedings.papers, problems, sources.memo, folder)
    if program is not None:
        proceedings = grouped_by_sessions(proceedings, program.session_of_paper, sources.memo)
    nav = kept(sources.memo, "nav", _nav(config, pages, problems))  # (every page reads it)
    news = news_posts(pages, problems)
    return model.Site(config=config, nav=nav, pages=tuple(pages), committees=committees, papers=proceedings.papers,
                      proceedings=proceedings, program=program, news=news, feed_url=feed_url(config, news),
                      calendar=calendar, sponsors=_sponsors(sources.sponsors), speakers=_speakers(sources.speakers))


def year_folder(config: SiteConfig, sources: Sources) -> str:
    """Where this edition's papers and sessions have their permanent pages: under its year ('2025/') in a site that
    keeps its editions, so that their addresses stay when the next edition takes the root; else at the root ('')."""
    year = current_slug(config)
    return f"{year}/" if year and sources.keeps_editions else ""


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> tuple[str, tuple]:
    """Markdown to HTML, with ids on headings; returns the HTML and the table of contents tokens.

    Cached per text (a new converter each call, so the result depends on the text alone): the preview's builds
    convert only the pages that changed."""
    converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)
    html = converter.convert(text)
    toc = tuple((token["level"], token["id"], token["name"]) for token in _flatten(converter.toc_tokens))
    return html, toc


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token["children"])


def _pages(sources: Sources, problems: Problems) -> list[model.Page]:
    pages, by_url = [], {}
    for source in sources.pages:
        if source.meta.draft and not sources.show_drafts:
            continue
        if source.url in by_url:
            problems.add(source.source, 1, f"this page has the same address /{source.url} as {by_url[source.url]}",
                         "rename one of the files or give one of them another 'slug:'")
            continue
        by_url[source.url] = source.source
        html, toc = render_markdown(source.body)
        pages.append(model.Page(url=source.url, title=source.meta.title, layout=source.meta.layout, html=html,
                                source=source.source, description=source.meta.description, date=source.meta.date,
                                toc=toc, nav_order=source.meta.nav_order, nav_title=source.meta.nav_title))
    layouts = {page.layout for page in pages}
    available = {"committees": sources.committees is not None, "papers": bool(sources.papers),
                 "program": sources.program is not None, "news": any(is_post(page) for page in pages),
                 "sponsors": sources.sponsors is not None, "speakers": sources.speakers is not None, "search": True,
                 "people": bool(sources.papers)}
    for layout, url, title in GENERATED:
        if available[layout] and layout not in layouts and url not in by_url:
            pages.append(model.Page(url=url, title=title, layout=layout, html="", source=f"({layout} data)"))
    return pages


def with_person_urls(committees: tuple[model.Committee, ...], urls: tuple[tuple[str, ...], ...]):
    """The committees with each member's person page, when the site has person pages."""
    if not urls:
        return committees
    return tuple(replace(committee, members=tuple(replace(member, person_url=url)
                                                              for member, url in zip(committee.members, member_urls)))
                 for committee, member_urls in zip(committees, urls))


def _committees(data: CommitteesFile | None) -> tuple[model.Committee, ...]:
    if data is None:
        return ()
    committees, used = [], set()
    for committee in data.committees:
        base = committee.id or slugify(committee.name) or "committee"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        members = tuple(model.Member(m.name, m.role, m.affiliation, m.url, m.photo, m.id, m.orcid, tuple(m.aliases))
                        for m in committee.members)
        committees.append(model.Committee(anchor, committee.name, members, committee.description,
                                          committee.edition))
    return tuple(committees)


def _sponsors(data: SponsorsFile | None) -> tuple[model.SponsorTier, ...]:
    if data is None:
        return ()
    tiers, used = [], set()
    for tier in data.tiers:
        base = slugify(tier.name) or "tier"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        tiers.append(model.SponsorTier(anchor, tier.name, tuple(model.Sponsor(s.name, s.url, s.logo) for s in tier.sponsors)))
    return tuple(tiers)


def _speakers(data: SpeakersFile | None) -> tuple[model.Speaker, ...]:
    if data is None:
        return ()
    return tuple(model.Speaker(s.name, s.affiliation, s.talk, s.bio, s.url, s.photo) for s in data.speakers)


def _nav(config: SiteConfig, pages: list[model.Page], problems: Problems) -> tuple[model.Link, ...]:
    """The menu: site.yaml's `nav` when given (each internal entry must be a page), else pages by `nav_order`."""
    if config.nav is None:
        ordered = sorted((p for p in pages if p.nav_order is not None), key=lambda p: (p.nav_order, p.url))
        return tuple(model.Link(page.nav_title or page.title, page.url) for page in ordered)
    urls = {page.url for page in pages}
    links = []
    for index, item in enumerate(config.nav):
        if re.match(r"^[a-z][a-z0-9+.-]*:", item.url):
            links.append(model.Link(item.title, item.url, external=True))
            continue
        path, _, fragment = item.url.lstrip("/").partition("#")
        if path and not path.endswith("/"):
            path += "/"
        if path not in urls:
            problems.add("site.yaml", config.line_of("nav", index),
                         f"the menu entry '{item.title}' points to /{path}, which is no page of the site",
                         f"use one of: {', '.join('/' + u for u in sorted(urls))}")
            continue
        links.append(model.Link(item.title, path + (f"#{fragment}" if fragment else "")))
    return tuple(links)
