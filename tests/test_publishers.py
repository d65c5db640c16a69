"""Proceedings as publishers export them: each real file of tests/data/proceedings (README.md there says where each
comes from) builds with a plain `confsite build`, and its fields become what a reader, Google Scholar and a
citation manager expect: the volume's own record, math, links, sections, citations.

Real files elsewhere: tests/data/exports (OpenReview, HotCRP; SOURCES.md there), tests/data/bib/retorquere (JabRef
and Zotero files of Better BibTeX's test suite; tests/data/bib/SOURCES.md).
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import bibtexparser
import pytest

from conftest import MINIMAL_SITE, PreviewAgainstClean, build, confsite, html, write_tree

DATA = Path(__file__).parent / "data"
PROCEEDINGS = DATA / "proceedings"

# file: (entries that make a paper page, warnings of a plain build). The warnings: dblp's two crossrefs to volumes
# the file does not hold; COLT's formulas that use a paper's own macros (\vch, \effdim...), shown as written.
REAL_FILES = {
    "acl-anthology-entries.bib": (30, 0),
    "dblp-entries.bib": (26, 2),
    "openreview-entries.bib": (3, 0),
    "pmlr-served-entries.bib": (5, 0),
    "pmlr-v195-colt23.bib": (170, 37),
    "pmlr-v270-corl24.bib": (264, 0),
    "zotero-entries.bib": (5, 0),
}
_TEX = re.compile(r"\\[A-Za-z]+|[{}$]")


def _site_around(root: Path, papers: str | bytes, site_yaml: str = "") -> Path:
    return write_tree(root, {**MINIMAL_SITE, "site.yaml": MINIMAL_SITE["site.yaml"] + "base_url: https://conf.example.org/\n"
                             + site_yaml, "data/papers.bib": papers})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each real file built once, in a small site of its own: {file name: (the build's run, its output folder)}."""
    results = {}

    def get(name: str):
        if name not in results:
            site = _site_around(tmp_path_factory.mktemp(Path(name).stem), (PROCEEDINGS / name).read_bytes())
            results[name] = (build(site), site / "_site")
        return results[name]
    return get


def test_the_table_names_every_real_file():
    assert sorted(path.name for path in PROCEEDINGS.glob("*.bib")) == sorted(REAL_FILES)


@pytest.mark.parametrize("name", REAL_FILES)
def test_every_real_file_builds_as_it_is_exported(name, built, tmp_path):
    result, out = built(name)
    pages, warnings = REAL_FILES[name]
    assert result.code == 0, result.err
    found = sorted(out.glob("papers/*/index.html"))
    assert len(found) == pages
    assert result.err.count(": warning: ") == warnings, result.err
    assert ": error: " not in result.err
    for page in found:  # no TeX left where a person reads a title: the page's title, its heading, Scholar's tag
        soup = html(page)
        shown = [soup.find("title").get_text(), soup.find("h1").get_text(), soup.find("meta", attrs={"name": "citation_title"})["content"]]
        assert not any(_TEX.search(text) for text in shown), (page, shown)
    # --strict stops on every warning, and on nothing else
    strict = confsite("check", "--site", out.parent, "--strict")
    assert strict.code == (1 if warnings else 0), strict.err


def test_a_pmlr_volume_is_the_proceedings_own_record_never_a_paper(built):
    result, out = built("pmlr-v195-colt23.bib")
    assert not (out / "papers" / "colt2023").exists()
    papers = html(out / "papers" / "index.html")
    volume = papers.select_one("section.volume")
    assert volume.find("h2").get_text(" ", strip=True) == "Proceedings of Thirty Sixth Conference on Learning Theory (COLT)"
    record = {div.find("dt").get_text(): div.find("dd").get_text() for div in volume.select(".volume-record div")}
    assert record == {"Edited by": "Gergely Neu, Lorenzo Rosasco", "Volume": "195",
                      "Held": "12–15 July 2023, Bangalore, India", "Published": "12 July 2023",
                      "Conference": "https://learningtheory.org/colt2023/"}
    # the whole .bib starts with the volume's own entry
    whole = bibtexparser.parse_string((out / "papers" / "proceedings.bib").read_text(encoding="utf-8")).entries
    assert (whole[0].entry_type, whole[0].key, whole[0]["shortname"]) == ("proceedings", "COLT2023", "COLT")
    assert len(whole) == 171


def test_a_paper_without_booktitle_takes_its_volumes_in_every_export(built):
    _, out = built("pmlr-v195-colt23.bib")
    page = html(out / "papers" / "mousavi-hosseini23a" / "index.html")
    assert page.select_one(".citation").get_text() == (
        "Alireza Mousavi-Hosseini, Tyler K. Farghly, Ye He, Krishna Balasubramanian, and Murat A. Erdogdu. Towards a "
        "Complete Analysis of Langevin Monte Carlo: Beyond Poincaré Inequality. In Proceedings of Thirty Sixth "
        "Conference on Learning Theory (COLT), pages 1–35, Bangalore, India, 2023.")
    meta = [(m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": re.compile("^citation_")})]
    assert ("citation_conference_title", "Proceedings of Thirty Sixth Conference on Learning Theory") in meta
    assert ("citation_volume", "195") in meta and ("citation_publication_date", "2023/7/12") in meta
    assert not any(name == "citation_pdf_url" for name, _ in meta)  # the entry links no PDF
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["isPartOf"]["@type"] == "PublicationVolume" and data["isPartOf"]["volumeNumber"] == "195"
    assert data["isPartOf"]["editor"][0] == {"@type": "Person", "name": "Gergely Neu"}
    assert data["datePublished"] == "2023-07-12"
    # the paper's BibTeX as its page offers it (copied, or downloaded as a .bib made from it in the browser)
    entry = bibtexparser.parse_string(page.select_one("#citation-bibtex").get_text()).entries[0]
    assert (entry["booktitle"], entry["volume"], entry["editor"], entry["address"]) == (
        "Proceedings of Thirty Sixth Conference on Learning Theory", "195", "Neu, Gergely and Rosasco, Lorenzo",
        "Bangalore, India")
    assert "sections" not in entry.fields_dict and "section" not in entry.fields_dict


def test_papers_are_grouped_by_the_volumes_sections_in_its_order(built):
    _, out = built("pmlr-v195-colt23.bib")
    page = html(out / "papers" / "index.html")
    groups = [(group.find("h2").get_text(), len(group.select("li.paper"))) for group in page.select("section.paper-group")]
    assert groups == [("Preface", 1), ("Original Papers", 164), ("Open Problems", 5)]
    titles = [li.select_one(".paper-title").get_text() for li in page.select("#group-original-papers li.paper")]
    assert titles[0].startswith("A Blackbox Approach") and titles[-1].startswith("Zeroth-order")
    assert html(out / "papers" / "neu23" / "index.html").select_one(".breadcrumb").get_text() == "All papers · Preface"


def test_math_is_mathml_on_pages_and_unicode_wherever_text_is_plain(built):
    result, out = built("pmlr-v195-colt23.bib")
    page = html(out / "papers" / "li23a" / "index.html")
    heading = page.find("h1")
    assert heading.find("math") is not None and heading.find("script") is None
    assert page.find("title").get_text().startswith("ℓₚ-Regression in the Arbitrary Partition Model of Communication")
    assert page.find("meta", attrs={"name": "citation_title"})["content"].startswith("ℓₚ-Regression")
    assert page.find("meta", property="og:title")["content"].startswith("ℓₚ-Regression")
    assert json.loads(page.find("script", type="application/ld+json").string)["name"].startswith("ℓₚ-Regression")
    assert heading["data-pagefind-meta"].startswith("title:ℓₚ-Regression")  # the search index's title
    assert page.select_one("div[hidden] p").get_text().startswith("ℓₚ-Regression")  # and text, not the MathML
    abstract = page.find("h2", string="Abstract").find_parent("section")
    assert abstract.has_attr("data-pagefind-ignore") and len(abstract.find_all("math")) > 10
    unreadable = abstract.select("code.tex")  # a paper's own macro: shown as written, and a warning at its line
    assert [code.get_text() for code in unreadable] == [r"$\min_{x\in\R^n} \norm{(\sum_i A^i)x - (\sum_i b^i)}_p$"]
    assert "data/papers.bib:1050: warning: abstract: the formula $\\min_{x\\in\\R^n} \\norm" in result.err
    listed = html(out / "papers" / "index.html").find("li", id="li23a")
    assert listed.select_one(".paper-title math") is not None  # the list typesets it too
    assert listed["data-text"].startswith("ℓₚ-regression")  # and its filter reads the plain text


def test_the_search_index_reads_math_as_unicode(built):
    _, out = built("pmlr-v195-colt23.bib")
    records = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
               for path in (out / "pagefind" / "fragment").glob("*.pf_fragment")]
    record = next(record for record in records if record["url"].endswith("/papers/li23a/"))
    assert record["meta"]["title"] == "ℓₚ-Regression in the Arbitrary Partition Model of Communication"
    assert record["content"].startswith("ℓₚ-Regression in the Arbitrary Partition Model of Communication.")
    assert "p ∈ (0, 2]" in record["content"] and "(0,2]" not in record["content"]


def test_tex_text_is_decoded_and_sorting_ignores_markup(tmp_path):
    site = _site_around(tmp_path / "site", r"""
@inproceedings{quotes, author = {Lee, Ann}, title = {``Plus/minus the learning rate'': \emph{easy} --- {GPU} 13\%~more}, year = 2023}
@inproceedings{beyond, author = {Lee, Ann}, title = {Beyond \textsc{Uniform} Smoothness}, year = 2023}
@inproceedings{adaptive, author = {Lee, Ann}, title = {{A}daptive Methods}, year = 2023}
""")
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "quotes" / "index.html")
    assert page.find("h1").decode_contents() == "“Plus/minus the learning rate”: <em>easy</em> — GPU 13%\xa0more"
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == \
        "“Plus/minus the learning rate”: easy — GPU 13%\xa0more"
    listed = html(site / "_site" / "papers" / "index.html").select(".paper-title")
    assert [title.get_text() for title in listed] == ["Adaptive Methods", "Beyond Uniform Smoothness",
                                                      "“Plus/minus the learning rate”: easy — GPU 13%\xa0more"]
    assert listed[1].select_one("span.smallcaps").get_text() == "Uniform"


def test_pmlr_links_sections_and_openreview_ids(built):
    _, out = built("pmlr-v270-corl24.bib")
    page = html(out / "papers" / "el-agroudi24" / "index.html")
    links = [(a.get_text(), a["href"]) for a in page.select(".paper-links a")]
    assert links == [("Code 1", "https://github.com/ntnu-arl/Eurepus-RL"),  # 'software', two addresses
                     ("Code 2", "https://github.com/ntnu-arl/Eurepus-design"),
                     ("Video", "https://www.youtube.com/watch?v=5qNPCH34M2M&t=1s"),
                     ("OpenReview", "https://openreview.net/forum?id=67tTQeO4HQ")]  # an id in PMLR's field
    groups = [group.find("h2").get_text() for group in html(out / "papers" / "index.html").select("section.paper-group")]
    assert groups == ["Oral", "Poster"]


def test_pmlr_as_served_pdf_url_series_and_publisher(built):
    _, out = built("pmlr-served-entries.bib")
    page = html(out / "papers" / "pmlr-v174-pal22a" / "index.html")
    assert [(a.get_text(), a["href"]) for a in page.select(".paper-links a")] == [
        ("PDF", "https://proceedings.mlr.press/v174/pal22a/pal22a.pdf"),
        ("Paper", "https://proceedings.mlr.press/v174/pal22a.html")]
    meta = dict((m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": re.compile("^citation_")}))
    assert meta["citation_pdf_url"] == "https://proceedings.mlr.press/v174/pal22a/pal22a.pdf"  # a PDF the page links
    assert (meta["citation_publisher"], meta["citation_volume"], meta["citation_publication_date"]) == ("PMLR", "174", "2022")
    assert "AIIMS & NEET PG" in page.find("h2", string="Abstract").find_next("p").get_text()  # PMLR's &amp;
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["isPartOf"]["isPartOf"] == {"@type": "CreativeWorkSeries", "name": "Proceedings of Machine Learning Research"}
    assert "07–08 Apr 2022" in page.select_one(".paper-venue").get_text()  # the conference's days as PMLR gives them


def test_acl_anthology_fields(built):
    _, out = built("acl-anthology-entries.bib")
    page = html(out / "papers" / "alabi-etal-2022-adapting" / "index.html")
    assert page.select_one(".citation").get_text().endswith(
        "In Proceedings of the 29th International Conference on Computational Linguistics, pages 4336–4349, "
        "Gyeongju, Republic of Korea, 2022.")
    assert "October 2022" in page.select_one(".paper-venue").get_text()  # month = oct
    assert [(a.get_text(), a["href"]) for a in page.select(".paper-links a")] == [
        ("Paper", "https://aclanthology.org/2022.coling-1.382")]
    meta = dict((m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": re.compile("^citation_")}))
    assert meta["citation_publisher"] == "International Committee on Computational Linguistics"
    assert meta["citation_publication_date"] == "2022"  # a month alone is not a date: never 2022/10
    entries = list(out.glob("papers/*/index.html"))
    assert all(html(path).find("h1").get_text() for path in entries)


def test_dblp_crossrefs_and_bookkeeping(built):
    result, out = built("dblp-entries.bib")
    assert "data/papers.bib:143: warning: the entry 'DBLP:conf/sisap/BoytsovN13' has crossref = " \
           "{DBLP:conf/sisap/2013}, but no entry has that key" in result.err
    assert not (out / "papers" / "dblp-conf-esa-2020").exists()  # a volume, not a paper
    assert html(out / "papers" / "index.html").select_one("section.volume") is None  # three volumes: none is the site's
    page = html(out / "papers" / "dblp-conf-esa-henzinger0p020" / "index.html")
    assert page.select_one(".citation").get_text().endswith(
        "In 28th Annual European Symposium on Algorithms, ESA 2020, September 7-9, 2020, Pisa, Italy (Virtual "
        "Conference), pages 58:1–58:20, 2020.")
    meta = [(m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": re.compile("^citation_")})]
    assert ("citation_volume", "173") in meta and ("citation_isbn", "978-3-95977-162-7") in meta
    assert [a.get_text() for a in page.select(".paper-links a")] == ["DOI"]  # its url is its DOI: one link
    shown = page.select_one("article").get_text(" ")
    exported = page.select_one("pre.bibtex").get_text()
    for bookkeeping in ("https://dblp.org/rec/conf/esa/Henzinger0P020.bib", "dblp computer science bibliography",
                        "Wed, 26 Aug 2020 16:56:07 +0200"):
        assert bookkeeping in exported and shown.count(bookkeeping) == exported.count(bookkeeping)  # only there
    old = html(out / "papers" / "dblp-conf-ijcai-wangcl13" / "index.html")  # dblp.uni-trier.de's 'ee'
    assert [a["href"] for a in old.select(".paper-links a")] == [
        "http://www.aaai.org/ocs/index.php/IJCAI/IJCAI13/paper/view/7006"]
    pldi = html(out / "papers" / "dblp-conf-pldi-padhism16" / "index.html")
    assert pldi.find("meta", attrs={"name": "citation_doi"})["content"] == "10.1145/2908080.2908099"  # not the volume's


def test_a_volume_never_lends_a_paper_its_own_identifiers(tmp_path):
    site = _site_around(tmp_path / "site", """
@proceedings{vol, title = {Proceedings of Conf 2024}, editor = {Roe, Rita}, year = 2024, doi = {10.1/volume},
  url = {https://conf.example.org/volume}, isbn = {978-0-00-000000-0}}
@inproceedings{p, author = {Lee, Ann}, title = {A Paper}, crossref = {vol}}
""")
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "p" / "index.html")
    assert page.select(".paper-links a") == [] and page.find("meta", attrs={"name": "citation_doi"}) is None
    assert page.find("meta", attrs={"name": "citation_isbn"})["content"] == "978-0-00-000000-0"  # the book's ISBN
    assert page.select_one(".paper-authors").get_text(strip=True) == "Ann Lee"  # not 'Edited by' its volume's editor


def test_openreview_bibtex(built):
    _, out = built("openreview-entries.bib")
    page = html(out / "papers" / "coupette2025" / "index.html")
    assert [(a.get_text(), a["href"]) for a in page.select(".paper-links a")] == [
        ("OpenReview", "https://openreview.net/forum?id=XbmBNwrfG5")]
    assert html(out / "papers" / "guan2021autogl" / "index.html").find("h1").get_text() == \
        "AutoGL: A Library for Automated Graph Learning"


@pytest.mark.parametrize("system, export, pages", [
    ("openreview", "openreview-v1-crawl.json", 2),  # OpenReviewCrawler's venues of API v1 notes
    ("hotcrp", "hotcrp-test-db.json", 30),
])
def test_submission_system_exports_import_and_build(tmp_path, system, export, pages):
    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    imported = confsite("import", system, DATA / "exports" / export, "--site", site)
    assert imported.code == 0, imported.err
    result = build(site)
    assert result.code == 0 and ": warning: " not in result.err, result.err
    assert len(list((site / "_site" / "papers").glob("*/index.html"))) == pages
    if system == "openreview":
        crawled = html(site / "_site" / "papers" / "gomez2018targeted" / "index.html")
        assert [a.get_text() for a in crawled.select(".paper-links a")] == ["PDF", "OpenReview"]


def test_reference_managers_bookkeeping_stays_out_of_sight(built, tmp_path):
    _, out = built("zotero-entries.bib")
    page = html(out / "papers" / "gillelevenson-textualtransmissionborders-2024a" / "index.html")
    assert page.find("h1").get_text().startswith("Textual Transmission without Borders")  # {{...}} as Zotero keeps case
    assert page.select_one(".citation").get_text().endswith(
        "In Proceedings of the Computational Humanities Research Conference 2024, pages 65–92, Aarhus, Denmark, 2024.")
    exported = bibtexparser.parse_string(page.select_one("pre.bibtex").get_text()).entries[0]
    assert exported["urldate"] == "2024-12-09" and exported["langid"] == "english"  # kept for citation managers
    assert not any("/home/mgl" in path.read_text(encoding="utf-8", errors="replace")
                   for path in out.rglob("*") if path.is_file())  # the 'file' path on the exporter's disk: nowhere
    arxiv = html(out / "papers" / "jahedihighresolutionmultiscaleraft2022" / "index.html")
    assert [(a.get_text(), a["href"]) for a in arxiv.select(".paper-links a")] == [("arXiv", "https://arxiv.org/abs/2210.16900")]
    for name in ("BBT_does_not_import_groups_from_JabRef_5.1_1641.bib", "Jabref_import_-_groups_lost_1730-3.bib"):
        site = _site_around(tmp_path / Path(name).stem, (DATA / "bib" / "retorquere" / name).read_bytes())
        assert build(site).code == 0
        text = " ".join(path.read_text(encoding="utf-8") for path in (site / "_site").rglob("*.html"))
        text += " ".join(path.read_text(encoding="utf-8") for path in (site / "_site").rglob("*.bib"))
        for private in ("napoletano", "Ecology_and_Power", "jfd1", "__markedentry"):  # owner, groups, file paths
            assert private not in text, (name, private)


@pytest.mark.parametrize("text, expected", [
    ("@article{a,\n  author = {A},\n  note = {T}\n}\n", "data/papers.bib:1: warning: the entry 'a' has no title; it is left out"),
    ("\n@article{a,\n  title = {T}\n}\n", "data/papers.bib:2: warning: the entry 'a' has no author; it is left out"),
    ("@article{a,\n  author = {A},\n  title = {T},\n  crossref = {nowhere}\n}\n",
     "data/papers.bib:4: warning: the entry 'a' has crossref = {nowhere}, but no entry has that key"),
    ("@article{a,\n  author = {A},\n  title = {Math $\\wstar$ here}\n}\n",
     "data/papers.bib:3: warning: title: the formula $\\wstar$ cannot be typeset"),
])
def test_what_only_warns_builds_and_strict_stops(tmp_path, text, expected):
    site = _site_around(tmp_path / "site", text + "@article{ok, author = {B}, title = {Fine}}\n")
    plain = build(site)
    assert plain.code == 0 and expected in plain.err, plain.err
    assert (site / "_site" / "papers" / "ok" / "index.html").is_file()
    strict = build(site, "--strict")
    assert strict.code == 1 and expected.replace(": warning: ", ": error: ") in strict.err


@pytest.mark.parametrize("text, expected", [
    ("@article{a, author = {A}, title = {T}}\n@article{a, author = {B}, title = {U}}\n",
     "data/papers.bib:2: error: the key 'a' is used by two entries"),
    ("@article{a,\n  author = {A},\n  title = {T},\n  title = {U}}\n",
     "data/papers.bib:4: error: the field 'title' is given twice with different values"),
    ("@article{a, author = {A}, title = {T}\n@article{b, author = {B}, title = {U}}\n",
     "data/papers.bib:1: error: malformed BibTeX entry"),
])
def test_what_cannot_be_read_one_way_stops_the_build(tmp_path, text, expected):
    site = _site_around(tmp_path / "site", text)
    result = build(site)
    assert result.code == 1 and expected in result.err and not (site / "_site").exists()


def test_an_at_sign_in_a_comment_line_starts_no_entry(tmp_path):
    site = _site_around(tmp_path / "site", "% Exported by JabRef; licensed @BSD{see LICENSE}, do not edit\n"
                                           "@inproceedings{a, author = {Lee, Ann}, title = {Only One}, year = 2024}\n")
    result = build(site)
    assert result.code == 0 and result.err.count("warning") == 0, result.err
    assert [p.parent.name for p in (site / "_site" / "papers").glob("*/index.html")] == ["a"]


def test_a_field_site_yaml_names_groups_the_papers_and_no_lone_other_papers(tmp_path):
    papers = ("@inproceedings{a, author = {Lee, Ann}, title = {Alpha}, area = {Systems}}\n"
              "@inproceedings{b, author = {Lee, Ann}, title = {Beta}, area = {Theory}}\n"
              "@inproceedings{c, author = {Lee, Ann}, title = {Gamma}}\n")
    site = _site_around(tmp_path / "grouped", papers, "proceedings:\n  group_by: area\n")
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "index.html")
    assert [g.find("h2").get_text() for g in page.select("section.paper-group")] == ["Systems", "Theory", "Other papers"]
    assert page.select_one("select[name=group]").find_previous("label").get_text() == "Area"
    plain = _site_around(tmp_path / "plain", papers)  # no year, no section, no program: one list, no heading
    assert build(plain).code == 0
    page = html(plain / "_site" / "papers" / "index.html")
    assert len(page.select("section.paper-group")) == 1 and page.select("section.paper-group h2") == []
    assert html(plain / "_site" / "papers" / "c" / "index.html").select_one(".breadcrumb").get_text() == "All papers"
    wrong = _site_around(tmp_path / "wrong", papers, "proceedings:\n  group_by: a b\n")
    assert "site.yaml:6:13: error: proceedings.group_by: 'a b' is not a BibTeX field name" in build(wrong).err


def test_the_preview_shows_an_edited_volume_in_its_papers(tmp_path):
    volume = "@proceedings{vol, booktitle = {Proceedings of Conf 2030}, shortname = {CONF}, year = 2030}\n"
    papers = ("@inproceedings{a, author = {Lee, Ann}, title = {On $x^2$ and More}, section = {Talks}, pages = {1-9}}\n"
              "@inproceedings{b, author = {Roe, Rita}, title = {Second}, section = {Talks}}\n")
    site = _site_around(tmp_path / "site", volume + papers)
    both = PreviewAgainstClean(site, tmp_path / "out")
    _, files = both.check()
    assert b"In Proceedings of Conf 2030 (CONF), pages 1\xe2\x80\x939, 2030." in files["papers/a/index.html"]
    (site / "data" / "papers.bib").write_text(volume.replace("Conf 2030", "Conf Thirty") + papers, encoding="utf-8")
    _, files = both.check()
    assert b"In Proceedings of Conf Thirty (CONF), pages 1\xe2\x80\x939, 2030." in files["papers/a/index.html"]
    assert b"Proceedings of Conf Thirty" in files["papers/index.html"]
