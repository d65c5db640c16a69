"""Redirect pages: an address that a build has published, whose page is now elsewhere, answers with a small page
(a `<meta http-equiv="refresh">` and a canonical link to the page, valid and accessible like the others), never
with a copy of the page.

In a site that keeps editions, the current edition's papers and sessions have their pages under its year
(`2025/papers/KEY/`, assemble/site.py `year_folder`), and its other pages are at the root. So:

- the root's `papers/KEY/` and `program/SESSION/`, where earlier builds published the papers and sessions of the
  edition that was current then, lead to that paper or session under its edition's year, for every edition; when
  two editions have the same key, the older one keeps the address, which it had first;
- the current year's addresses of its other pages (`2025/`, `2025/papers/`, `2025/committees/`...), the addresses
  they keep once the edition is a past one, lead to the root's pages until then;
- a root address of a past edition's page that the current edition does not have (yet), such as `committees/`
  before the new committees are announced, or a news post that moved with its edition, leads to the newest past
  edition's page there.
"""
from __future__ import annotations

from confsite import model
from confsite.assemble.editions import SITE_WIDE_LAYOUTS

REDIRECT_TEMPLATE = "redirect.html"
REDIRECT_LAYOUT = "redirect"


def redirect(address: str, target: str, title: str, source: str) -> model.Output:
    """The page at `address` ('papers/x/') that sends its visitors to `target` ('2025/papers/x/')."""
    page = model.Page(url=address, title=title, layout=REDIRECT_LAYOUT, html="", source=source)
    return model.Output(path=address + "index.html", source=source, template=REDIRECT_TEMPLATE,
                        context={"page": page, "target": target})


def is_redirect(output: model.Output) -> bool:
    """Whether `output` is a redirect page (which the sitemap and the search index leave out)."""
    return output.template == REDIRECT_TEMPLATE


def moved_addresses(site: model.Site, year: str, past: list) -> list[model.Output]:
    """The redirect pages of a site that keeps editions (see the module's docstring): `year` is the current
    edition's folder ('2025/', or '' without dates), `past` its past editions (assemble.editions.AssembledEdition),
    newest first."""
    taken = {page.url for page in site.pages}
    taken.update(paper.url for paper in site.proceedings.papers)
    taken.update(session.url for session in (site.program.sessions if site.program is not None else ()))
    outputs = []
    for edition in [*reversed(past), None]:  # oldest first: the first edition to claim an address keeps it
        edition_site, prefix = (site, "") if edition is None else (edition.site, edition.info.url)
        items = [(f"papers/{paper.slug}/", paper.url, paper.title) for paper in edition_site.proceedings.papers]
        if edition_site.program is not None:
            items += [(f"program/{session.id}/", session.url, session.title) for session in edition_site.program.sessions]
        for address, url, title in items:
            if address not in taken:
                taken.add(address)
                outputs.append(redirect(address, prefix + url, title, "(moved pages)"))
    for edition in past:  # newest first: the latest page of a section the current edition does not have
        for page in edition.site.pages:
            if page.layout not in SITE_WIDE_LAYOUTS and page.url not in taken:
                taken.add(page.url)
                outputs.append(redirect(page.url, edition.info.url + page.url, page.title, edition.folder + page.source
                                        if not page.source.startswith("(") else page.source))
    if year:
        outputs += [redirect(year + page.url, page.url, page.title, page.source) for page in site.pages
                    if page.layout not in SITE_WIDE_LAYOUTS]
    return outputs
