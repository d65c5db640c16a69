"""How the proceedings are cited: the BibTeX files, the citation line of a paper, Google Scholar's citation_* tags
and schema.org JSON-LD."""
from __future__ import annotations

import operator

from confsite import model
from confsite.read.papers import PaperEntry, latex_to_text
from confsite.urls import absolute_url

PAPERS_FILE = "data/papers.bib"
PROCEEDINGS_BIB = "papers/proceedings.bib"
MONTH_NUMBERS = {name: f"{number:02d}" for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}


def bib_file(paper: model.Paper, source: str) -> model.Output:
    """A paper's own .bib file, beside its page: its clean, self-contained entry."""
    return model.Output(path=paper.bib_url, source=source, data=paper.bibtex.encode("utf-8"))


def proceedings_bib_file(proceedings: model.Proceedings) -> model.Output:
    """The whole proceedings' .bib file: every paper's entry, in the papers list's order."""
    whole = "\n".join(map(operator.attrgetter("bibtex"), proceedings.papers))
    return model.Output(path=proceedings.bib_url, source=PAPERS_FILE, data=whole.encode("utf-8"))


def citation_text(paper: dict) -> str:
    """How to cite a paper, in one line: its authors, title, venue, pages and year (from the values its page shows)."""
    names = [a.name for a in paper["authors"]]
    if paper["et_al"]:
        names.append("et al.")
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
    if paper["edited"]:
        who += " (eds.)"
    where = f" In {paper['venue']}" if paper["venue"] else ""
    pages = f", pages {paper['pages']}" if paper["pages"] else ""
    year = f", {paper['year']}" if paper["year"] else ""
    return f"{who}. {paper['title']}.{where}{pages}{year}.".replace("..", ".")


def scholar_meta(config, paper: dict, entry: PaperEntry) -> tuple[tuple[str, str], ...]:
    """Google Scholar's citation_* tags: title, each author, date, venue, pdf, pages, doi."""
    meta = [("citation_title", paper["title"])]
    meta += [("citation_author", a.name) for a in paper["authors"]]
    if paper["year"]:
        month = MONTH_NUMBERS.get((paper["month"] or "").lower()) or (
            f"{int(paper['month']):02d}" if (paper["month"] or "").isdigit() and 1 <= int(paper["month"]) <= 12 else "")
        meta.append(("citation_publication_date", paper["year"] + (f"/{month}" if month else "")))
    if paper["venue"]:
        kind = "citation_journal_title" if entry.entry_type == "article" else "citation_conference_title"
        meta.append((kind, paper["venue"]))
    pdf = next((link.url for link in paper["links"] if link.title == "PDF"), None)
    if pdf:
        meta.append(("citation_pdf_url", pdf))
    if paper["pages"]:
        first, _, last = paper["pages"].partition("–")
        meta.append(("citation_firstpage", first.strip()))
        if last.strip():
            meta.append(("citation_lastpage", last.strip()))
    if paper["doi"]:
        meta.append(("citation_doi", paper["doi"]))
    if entry.fields.get("eprint") and entry.fields.get("archiveprefix", "").lower() == "arxiv":
        meta.append(("citation_arxiv_id", latex_to_text(entry.fields["eprint"])))
    if "://" in config.base_url:
        meta.append(("citation_abstract_html_url", absolute_url(config.base_url, paper["url"])))
    return tuple(meta)


def paper_json_ld(config, paper: dict) -> dict:
    """A paper as a schema.org ScholarlyArticle (its page's JSON-LD), from the values a paper page shows."""
    absolute = "://" in config.base_url
    data = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": paper["title"][:110],
            "name": paper["title"],
            "author": [{"@type": "Person", "name": a.name,
                        **({"url": absolute_url(config.base_url, a.person_url)} if absolute and a.person_url else {})}
                       for a in paper["authors"]]}
    if paper["year"]:
        data["datePublished"] = paper["year"]
    if paper["abstract"]:
        data["abstract"] = "\n\n".join(paper["abstract"])
    if paper["venue"]:
        data["isPartOf"] = {"@type": "CreativeWork", "name": paper["venue"]}
    if paper["topics"]:
        data["keywords"] = list(paper["topics"])
    if paper["doi"]:
        data["sameAs"] = f"https://doi.org/{paper['doi']}"
    if absolute:
        data["url"] = absolute_url(config.base_url, paper["url"])
    return data

