"""How the proceedings are cited: the BibTeX files, the citation line of a paper, Google Scholar's citation_* tags
and schema.org JSON-LD. Each says what the entry says, its volume's fields included (crossref or the file's volume,
folded in by the reader), with each part only when it is known."""
from __future__ import annotations

import operator
import re
from functools import lru_cache

from confsite import model
from confsite.read.papers import PaperEntry, split_authors
from confsite.read.tex import tex_plain
from confsite.urls import absolute_url

PAPERS_FILE = "data/papers.bib"
PROCEEDINGS_BIB = "papers/proceedings.bib"
MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}
# Where a conference took place: BibTeX's address of a proceedings, BibLaTeX's location and venue.
LOCATION_FIELDS = ("address", "location", "venue")
_FULL_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def bib_file(paper: model.Paper, source: str) -> model.Output:
    """A paper's own .bib file, beside its page: its clean, self-contained entry."""
    return model.Output(path=paper.bib_url, source=source, data=paper.bibtex.encode("utf-8"))


def proceedings_bib_file(proceedings: model.Proceedings) -> model.Output:
    """The whole proceedings' .bib file: the volume's own entry, then every paper's, in the papers list's order."""
    entries = [proceedings.volume.bibtex] if proceedings.volume is not None and proceedings.volume.bibtex else []
    whole = "\n".join(entries + list(map(operator.attrgetter("bibtex"), proceedings.papers)))
    return model.Output(path=proceedings.bib_url, source=PAPERS_FILE, data=whole.encode("utf-8"))


def plain(fields: dict, name: str) -> str | None:
    """A field's value as plain text, or None when the entry has none."""
    value = fields.get(name)
    return (tex_plain(value) or None) if value else None


def location(fields: dict) -> str | None:
    """Where the conference took place (or the book was published), as the entry says."""
    return next((text for name in LOCATION_FIELDS if (text := plain(fields, name))), None)


def citation_text(paper: dict, fields: dict) -> str:
    """How to cite a paper, in one line, as publishers write it: "Authors. Title. In Volume Title (SHORT), pages
    1–10, Location, 2023." (from the values its page shows, and the short name and place of its volume)."""
    names = [a.name for a in paper["authors"]]
    if paper["et_al"]:
        names.append("et al.")
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
    if paper["edited"]:
        who += " (eds.)"
    parts = []
    if paper["venue"]:
        short = plain(fields, "shortname")
        parts.append(f"In {paper['venue']}" + (f" ({short})" if short and short not in paper["venue"] else ""))
    if paper["pages"]:
        parts.append(f"pages {paper['pages']}")
    place = location(fields)
    if place and paper["venue"]:
        parts.append(place)
    if paper["year"]:
        parts.append(paper["year"])
    where = " " + ", ".join(parts) + "." if parts else ""
    return f"{who}. {paper['title']}.{where}".replace("..", ".")


def publication_date(fields: dict, year: str | None, separator: str = "/") -> str | None:
    """When a paper was published, as Google Scholar reads it: a full date ('2019/3/29') when the entry or its
    volume gives one (BibLaTeX's `date`; PMLR's `published`, which may fall after the conference's year), else the
    year alone: never a year and a month. `separator` '-' gives ISO 8601 (2019-03-29) for JSON-LD."""
    for name in ("date", "published"):
        found = _FULL_DATE.fullmatch((fields.get(name) or "").strip())
        if found and 1 <= int(found.group(2)) <= 12 and 1 <= int(found.group(3)) <= 31:
            year_, month, day = found.group(1), int(found.group(2)), int(found.group(3))
            return f"{year_}/{month}/{day}" if separator == "/" else f"{year_}-{month:02d}-{day:02d}"
    return year


def scholar_meta(config, paper: dict, entry: PaperEntry) -> tuple[tuple[str, str], ...]:
    """Google Scholar's citation_* tags, as its inclusion guidelines spell them: title, each author, date, venue,
    volume and issue, pages, publisher, ISBN and ISSN, DOI, the PDF the page links, arXiv id, the page's address."""
    fields = entry.fields
    meta = [("citation_title", paper["title"])]
    meta += [("citation_author", a.name) for a in paper["authors"]]
    date = publication_date(fields, paper["year"])
    if date:
        meta.append(("citation_publication_date", date))
    if paper["venue"]:
        kind = {"article": "citation_journal_title", "phdthesis": "citation_dissertation_institution",
                "mastersthesis": "citation_dissertation_institution", "thesis": "citation_dissertation_institution",
                "techreport": "citation_technical_report_institution"}.get(entry.entry_type,
                                                                           "citation_conference_title")
        meta.append((kind, paper["venue"]))
    for tag, name in (("citation_volume", "volume"), ("citation_issue", "number")):
        if (text := plain(fields, name)) and (name == "volume" or entry.entry_type == "article"):
            meta.append((tag, text))
    if entry.entry_type == "techreport" and (number := plain(fields, "number")):
        meta.append(("citation_technical_report_number", number))
    if paper["pages"]:
        first, _, last = _page_range(paper["pages"])
        meta.append(("citation_firstpage", first))
        if last:
            meta.append(("citation_lastpage", last))
    for tag, name in (("citation_publisher", "publisher"), ("citation_isbn", "isbn"), ("citation_issn", "issn")):
        if text := plain(fields, name):
            meta.append((tag, text))
    if paper["doi"]:
        meta.append(("citation_doi", paper["doi"]))
    pdf = next((link.url for link in paper["links"] if link.title == "PDF"), None)  # (one the page links)
    if pdf:
        meta.append(("citation_pdf_url", pdf))
    arxiv = next((link.url for link in paper["links"] if link.title == "arXiv"), None)
    if arxiv and "/abs/" in arxiv:
        meta.append(("citation_arxiv_id", arxiv.rsplit("/abs/", 1)[1]))
    if "://" in config.base_url:
        meta.append(("citation_abstract_html_url", absolute_url(config.base_url, paper["url"])))
    return tuple(meta)


def _page_range(pages: str) -> tuple[str, str, str]:
    """'12–20' -> ('12', '', '20'); '58:1–58:20' -> ('58:1', '', '58:20'); '1412' -> ('1412', '', '')."""
    first, _, last = re.sub(r"\s*[–—-]+\s*", "–", pages.strip()).partition("–")
    return first.strip(), "", last.strip()


def paper_json_ld(config, paper: dict, entry: PaperEntry | None = None) -> dict:
    """A paper as a schema.org ScholarlyArticle (its page's JSON-LD), from the values a paper page shows, part of its
    volume (a PublicationVolume of a series, a Book, or a journal's Periodical). Without its `entry` (a past
    edition's paper, given addresses under /<year>/), what the entry says comes from the paper's own JSON-LD."""
    if entry is None:
        said = {name: value for name, value in paper["json_ld"].items() if name in ("datePublished", "isPartOf")}
        return {**paper_json_ld(config, paper, _NO_ENTRY), **said}
    fields = entry.fields
    absolute = "://" in config.base_url
    data = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": paper["title"][:110],
            "name": paper["title"],
            "author": [{"@type": "Person", "name": a.name,
                        **({"url": absolute_url(config.base_url, a.person_url)} if absolute and a.person_url else {})}
                       for a in paper["authors"]]}
    date = publication_date(fields, paper["year"], separator="-")
    if date:
        data["datePublished"] = date
    if paper["abstract"]:
        data["abstract"] = "\n\n".join(paper["abstract"])
    if paper["venue"] and entry is not _NO_ENTRY:
        data["isPartOf"] = _container(paper["venue"], entry.entry_type == "article",
                                      *(fields.get(name) for name in _CONTAINER_FIELDS))
    if paper["pages"]:
        first, _, last = _page_range(paper["pages"])
        data.update({"pagination": paper["pages"], "pageStart": first, **({"pageEnd": last} if last else {})})
    if paper["topics"]:
        data["keywords"] = list(paper["topics"])
    if paper["doi"]:
        data["sameAs"] = f"https://doi.org/{paper['doi']}"
    if absolute:
        data["url"] = absolute_url(config.base_url, paper["url"])
    return data


_NO_ENTRY = PaperEntry("", "", 0, "", (), False, False, {}, "", "")


_CONTAINER_FIELDS = ("volume", "series", "issn", "isbn", "publisher", "editor")


@lru_cache(maxsize=1 << 12)
def _container(venue: str, journal: bool, *values) -> dict:
    """What a paper is part of, for JSON-LD: its journal (and volume), or its proceedings volume in its series; made
    once for the papers of one volume, which share it (JSON-LD is only ever written out)."""
    fields = dict(zip(_CONTAINER_FIELDS, values))
    volume, series = plain(fields, "volume"), plain(fields, "series")
    issn, isbn, publisher = plain(fields, "issn"), plain(fields, "isbn"), plain(fields, "publisher")
    if journal:
        periodical = {"@type": "Periodical", "name": venue, **({"issn": issn} if issn else {})}
        return {"@type": "PublicationVolume", "volumeNumber": volume, "isPartOf": periodical} if volume else periodical
    part = {"@type": "PublicationVolume" if volume else "Book", "name": venue}
    if volume:
        part["volumeNumber"] = volume
    if isbn:
        part["isbn"] = isbn
    editors, _ = split_authors(fields.get("editor") or "")
    if editors:
        part["editor"] = [{"@type": "Person", "name": editor.display} for editor in editors]
    if publisher:
        part["publisher"] = {"@type": "Organization", "name": publisher}
    if series:
        part["isPartOf"] = {"@type": "CreativeWorkSeries", "name": series, **({"issn": issn} if issn else {})}
    elif issn:
        part["issn"] = issn
    return part
