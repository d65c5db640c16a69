"""The proceedings as visitors, Google Scholar and citation managers see them in the built site."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin

import bibtexparser
import pytest

from conftest import MINIMAL_SITE, build, html, snapshot, write_tree

DATA = Path(__file__).parent / "data" / "bib"

PAPERS = r"""@string{mlsys = {Conference on Machine Learning and Systems}}

@proceedings{mlsys24, title = {Proceedings of MLSys 2024}, year = 2024, publisher = {MLSys}}

@inproceedings{(NeurIPS2021),
  author = {R{\'e}, Chris and Lee, Ann and others},
  title = {Fast {GPU} Kernels </script><b>bold</b>},
  crossref = {mlsys24},
  month = may,
  pages = {12--20},
  doi = {10.1000/xyz123},
  pdf = {https://example.org/fast.pdf},
  code = {javascript:alert(1)},
  award = {Outstanding Paper Award},
  badges = {Artifacts Available, Results Reproduced},
  track = {Systems},
  topics = {Compilers, GPUs},
  tldr = {Kernels, but fast.},
  findings = {Faster by 2x. | Uses less memory, too.},
  abstract = {We show <script>alert(1)</script> that 13% is a lot.

A second paragraph.}
}

@inproceedings{a/b,
  author = {Doe, Jane},
  title = {Sharing Accelerators},
  booktitle = mlsys,
  year = 2024,
  track = {Machine Learning},
  topics = {GPUs}
}

@article{../x,
  author = {Ann Lee and Zoë Ångström},
  title = {Datasets at Scale},
  journal = {Journal of Data},
  year = 2023,
  track = {Machine Learning}
}

@misc{論文,
  author = {Jane Doe},
  title = {A Key Without Latin Letters},
  year = 2022
}
"""

COMMITTEES = """committees:
  - name: Program Committee
    id: program
    members:
      - name: Chris Ré
        role: Program Chair
        affiliation: Stanford University
      - name: Jane Doe
        id: jane-doe-mit
        orcid: 0000-0002-1825-0097
"""


@pytest.fixture(scope="module")
def proceedings_site(tmp_path_factory):
    site = write_tree(tmp_path_factory.mktemp("conf") / "site",
                      {**MINIMAL_SITE, "site.yaml": "name: TestConf\nedition: TestConf 2024\nbase_url: https://conf.example.org/2024/\n",
                       "data/papers.bib": PAPERS, "data/committees.yaml": COMMITTEES})
    result = build(site)
    assert result.code == 0, result.err
    return site / "_site"


def test_every_key_gets_a_safe_page_inside_the_output(proceedings_site):
    papers = sorted(p.parent.name for p in (proceedings_site / "papers").glob("*/index.html"))
    assert papers == ["a-b", "neurips2021", "paper-" + hashlib.sha1("論文".encode()).hexdigest()[:10], "x"]
    assert not (proceedings_site.parent / "x").exists()
    page = html(proceedings_site / "papers" / "neurips2021" / "index.html")
    assert page.find("h1").get_text() == "Fast GPU Kernels </script><b>bold</b>"  # shown as text, not markup
    assert page.find("b") is None


def test_paper_page_shows_what_attendees_want(proceedings_site):
    page = html(proceedings_site / "papers" / "neurips2021" / "index.html")
    authors = page.select_one(".paper-authors")
    assert authors.get_text(" ", strip=True) == "Chris Ré , Ann Lee et al."
    assert [a["href"] for a in authors.find_all("a")] == ["../../people/chris-re/", "../../people/ann-lee/"]
    assert "Proceedings of MLSys 2024, May 2024, pages 12–20 · Track: Systems" in page.select_one(".paper-venue").get_text()
    assert [li.get_text() for li in page.select(".paper-badges li")] == ["Outstanding Paper Award", "Artifacts Available",
                                                                       "Results Reproduced"]
    links = {a.get_text(): a["href"] for a in page.select(".paper-links a")}
    assert links == {"PDF": "https://example.org/fast.pdf", "DOI": "https://doi.org/10.1000/xyz123"}  # no javascript:
    abstract = page.find("h2", string="Abstract").find_parent("section").find_all("p")
    assert [p.get_text() for p in abstract] == ["We show <script>alert(1)</script> that 13% is a lot.", "A second paragraph."]
    assert page.find("h2", string="TL;DR").find_next("p").get_text() == "Kernels, but fast."
    assert [li.get_text() for li in page.find("h2", string="Findings").find_next("ul").find_all("li")] == [
        "Faster by 2x.", "Uses less memory, too."]
    assert [li.get_text() for li in page.select(".paper-topics li")] == ["Compilers", "GPUs"]


def test_google_scholar_opengraph_and_json_ld(proceedings_site):
    page = html(proceedings_site / "papers" / "neurips2021" / "index.html")
    meta = [(m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": re.compile("^citation_")})]
    assert meta == [("citation_title", "Fast GPU Kernels </script><b>bold</b>"), ("citation_author", "Chris Ré"),
                    ("citation_author", "Ann Lee"), ("citation_publication_date", "2024"),  # a month alone: no
                    ("citation_conference_title", "Proceedings of MLSys 2024"), ("citation_firstpage", "12"),
                    ("citation_lastpage", "20"), ("citation_publisher", "MLSys"), ("citation_doi", "10.1000/xyz123"),
                    ("citation_pdf_url", "https://example.org/fast.pdf"),
                    ("citation_abstract_html_url", "https://conf.example.org/2024/papers/neurips2021/")]
    assert [m["content"] for m in page.find_all("meta", property="og:title")] == ["Fast GPU Kernels </script><b>bold</b>"]
    assert page.find("meta", property="og:description")["content"] == "Kernels, but fast."
    assert page.find("meta", property="og:url")["content"] == "https://conf.example.org/2024/papers/neurips2021/"
    assert page.find("meta", attrs={"name": "twitter:card"}) is not None
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1 and "</script>" not in scripts[0].string
    data = json.loads(scripts[0].string)
    assert data["@type"] == "ScholarlyArticle" and data["name"] == "Fast GPU Kernels </script><b>bold</b>"
    assert data["author"][0] == {"@type": "Person", "name": "Chris Ré", "url": "https://conf.example.org/2024/people/chris-re/"}


def test_bibtex_exports_read_back(proceedings_site):
    page = html(proceedings_site / "papers" / "neurips2021" / "index.html")
    snippet = page.select_one("pre.bibtex code").get_text()
    entry = bibtexparser.parse_string(snippet).entries[0]
    assert entry.key == "(NeurIPS2021)" and entry["booktitle"] == "Proceedings of MLSys 2024"
    assert entry["author"] == "R{\\'e}, Chris and Lee, Ann and others"
    assert entry["doi"] == "10.1000/xyz123" and entry["pages"] == "12--20"
    assert not {"abstract", "tldr", "findings", "topics", "award", "code"} & set(entry.fields_dict)  # the page has them
    # no file per paper: the page's script makes the download from the text above, which is there without it
    assert list(proceedings_site.rglob("*.bib")) == [proceedings_site / "papers" / "proceedings.bib"]
    download = page.select_one("button.download-citation")
    assert download.get_text() == "Download neurips2021.bib" and download["data-filename"] == "neurips2021.bib"
    assert page.find(id=download["data-download"]).get_text() == snippet
    assert page.select_one("button.copy-citation").has_attr("hidden")  # only JavaScript shows the buttons
    assert download.has_attr("hidden")
    whole = bibtexparser.parse_string((proceedings_site / "papers" / "proceedings.bib").read_text(encoding="utf-8"))
    assert [e.key for e in whole.entries][0] == "mlsys24"  # the volume's own entry, then every paper's
    assert sorted(e.key for e in whole.entries) == ["(NeurIPS2021)", "../x", "a/b", "mlsys24", "論文"]
    assert whole.failed_blocks == []
    assert next(e for e in whole.entries if e.key == "a/b")["booktitle"] == "Conference on Machine Learning and Systems"


def test_a_site_can_ask_for_a_bib_file_beside_each_paper(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "site.yaml": "name: T\npaper_bib_files: true\n",
                                          "data/papers.bib": PAPERS})
    assert build(site).code == 0
    out = site / "_site"
    page = html(out / "papers" / "neurips2021" / "index.html")
    assert page.find("a", string="Download neurips2021.bib")["href"] == "neurips2021.bib"
    assert not page.select("button.download-citation")
    snippet = page.select_one("pre.bibtex code").get_text()
    assert snippet == (out / "papers" / "neurips2021" / "neurips2021.bib").read_text(encoding="utf-8")
    assert len(list(out.rglob("*.bib"))) == 5  # the four papers' and the whole volume's


def test_all_papers_page_groups_by_track(proceedings_site):
    page = html(proceedings_site / "papers" / "index.html")
    groups = [(s.find("h2").get_text(), [a.get_text() for a in s.select(".paper-title a")])
              for s in page.select("section.paper-group")]
    # tracks in the order the file first names them, then papers without a track by year
    assert groups == [("Systems", ["Fast GPU Kernels </script><b>bold</b>"]),
                      ("Machine Learning", ["Sharing Accelerators", "Datasets at Scale"]),
                      ("2022", ["A Key Without Latin Letters"])]
    assert page.select_one("form.paper-filter").has_attr("hidden")  # without JavaScript: the plain full list
    assert [o.get_text() for o in page.select("select[name=topic] option")] == ["All topics", "Compilers", "GPUs"]


def test_people_merge_committee_roles_and_papers(proceedings_site):
    chris = html(proceedings_site / "people" / "chris-re" / "index.html")
    assert chris.find("h1").get_text() == "Chris Ré"
    assert chris.find("a", string="Program Committee")["href"] == "../../committees/#program"
    assert "Program Chair" in chris.find("h2", string="Committees").find_next("ul").get_text()
    assert [a.get_text() for a in chris.select(".papers a")] == ["Fast GPU Kernels </script><b>bold</b>"]
    # Jane Doe of the committee has an id; 'Doe, Jane' and 'Jane Doe' in papers.bib are her, once.
    jane = html(proceedings_site / "people" / "jane-doe-mit" / "index.html")
    assert len(jane.select(".papers li")) == 2
    assert jane.find("a", string=re.compile("ORCID"))["href"] == "https://orcid.org/0000-0002-1825-0097"
    index = html(proceedings_site / "people" / "index.html")
    letters = [h.get_text() for h in index.select("section.letter h2")]
    assert letters == sorted(letters) and "Å" not in letters and "A" in letters  # Ångström under A
    names = [a.get_text() for a in index.select(".people-index a")]
    assert names == ["Zoë Ångström", "Jane Doe", "Ann Lee", "Chris Ré"]


def test_every_internal_link_and_asset_resolves(proceedings_site):
    for page_path in proceedings_site.rglob("*.html"):
        if page_path.name == "404.html":
            continue  # its links start at the base path on purpose: it is served at any depth
        page = html(page_path)
        ids = {tag["id"] for tag in page.find_all(id=True)}
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
            for element in page.find_all(tag):
                href = element.get(attr)
                if not href or "://" in href or href.startswith(("mailto:", "javascript:")):
                    continue
                path, _, fragment = href.partition("#")
                if not path:
                    assert fragment in ids, (page_path, href)
                    continue
                target = Path(unquote(urljoin(page_path.as_uri(), path).removeprefix("file://")))
                if target.is_dir():
                    target = target / "index.html"
                assert target.is_file(), (page_path, href)
                if fragment:
                    assert html(target).find(id=fragment) is not None, (page_path, href)


def test_two_entries_with_one_slug_is_an_error_naming_both(site):
    (site / "data").mkdir()
    (site / "data" / "papers.bib").write_text("@article{a/b, author = {A}, title = {T}}\n\n"
                                              "@article{A:B, author = {A}, title = {U}}\n", encoding="utf-8")
    result = build(site)
    assert result.code == 1
    assert ("data/papers.bib:3: error: the entries 'a/b' (line 1) and 'A:B' would both be published at /papers/a-b/"
            in result.err)


def test_not_utf8_bib_is_located(site):
    (site / "data").mkdir()
    (site / "data" / "papers.bib").write_bytes(b"@article{a,\n  author = {Caf\xe9},\n  title = {T}}\n")
    result = build(site)
    assert result.code == 1 and result.err.startswith("data/papers.bib:2: error: the file is not UTF-8")


def test_a_real_bibliography_builds_a_page_for_every_entry(tmp_path):
    """SymbioticLab's 138 entries, with repeated fields, mixed-case names and non-ASCII: all get a page."""
    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    (site / "data").mkdir()
    shutil.copy(DATA / "SymbioticLab.bib", site / "data" / "papers.bib")
    result = build(site)
    assert result.code == 0, result.err
    out = site / "_site"
    assert len(list((out / "papers").glob("*/index.html"))) == 138
    assert len(bibtexparser.parse_string((out / "papers" / "proceedings.bib").read_text(encoding="utf-8")).entries) == 138
    venn = html(out / "papers" / "venn-mlsys25" / "index.html")
    assert venn.find("h1").get_text() == "Venn: Resource Management for Collaborative Learning Jobs"
    chowdhury = html(out / "people" / "mosharaf-chowdhury" / "index.html")
    assert len(chowdhury.select(".papers li")) > 100


def test_a_bibliography_with_real_mistakes_fails_with_located_errors_and_keeps_the_site(tmp_path):
    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    assert build(site).code == 0
    before = snapshot(site / "_site")
    (site / "data").mkdir()
    shutil.copy(DATA / "aima4e.bib", site / "data" / "papers.bib")
    result = build(site)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "data/papers.bib:2216: error: these lines look like the fields of an entry" in result.err
    assert "data/papers.bib:5254: error: the key 'Agre+Chapman:1987' is used by two entries" in result.err
    assert snapshot(site / "_site") == before


TWO_JANES = """committees:
  - name: Program Committee
    id: program
    members:
      - {name: Jane Doe, id: jane-doe-mit}
      - {name: Jane Doe, id: jane-doe-eth}
"""


def test_two_people_of_one_name_are_told_apart_by_authorids(site):
    write_tree(site, {"data/committees.yaml": TWO_JANES, "data/papers.bib":
                      "@article{one, author = {Doe, Jane and Lee, Ann}, authorids = {jane-doe-eth and }, title = {One}}\n"})
    result = build(site)
    assert result.code == 0, result.err
    eth = html(site / "_site" / "people" / "jane-doe-eth" / "index.html")
    assert [a.get_text() for a in eth.select(".papers a")] == ["One"]
    mit = html(site / "_site" / "people" / "jane-doe-mit" / "index.html")
    assert mit.select(".papers a") == []
    paper = html(site / "_site" / "papers" / "one" / "index.html")
    assert paper.find("a", string="Jane Doe")["href"] == "../../people/jane-doe-eth/"


def test_a_name_resolved_at_one_paper_is_resolved_again_once_someone_else_has_it(site):
    # 'Garth A. Gibson' is the member Garth Gibson by his loose name, until a paper names another person so; from
    # then on the name is that person's
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: PC\n    members:\n"
                                              "      - {name: Garth Gibson, id: garth}\n",
                      "data/papers.bib": "@article{a, author = {Gibson, Garth A.}, title = {A}}\n"
                                         "@article{b, author = {Gibson, Garth A.}, authorids = {other-garth}, title = {B}}\n"
                                         "@article{c, author = {Gibson, Garth A. and Lee, Ann}, title = {C}}\n"
                                         "@article{d, author = {Lee, Ann}, title = {D}}\n"})
    result = build(site)
    assert result.code == 0, result.err

    def titles(slug):
        return sorted(a.get_text() for a in html(site / "_site" / "people" / slug / "index.html").select(".papers a"))

    assert (titles("garth"), titles("garth-a-gibson"), titles("ann-lee")) == (["A"], ["B", "C"], ["C", "D"])


def test_an_author_matching_two_committee_members_must_say_which(site):
    write_tree(site, {"data/committees.yaml": TWO_JANES, "data/papers.bib":
                      "\n@article{one, author = {Doe, Jane}, title = {One}}\n"})
    result = build(site)
    assert result.code == 1
    assert ("data/papers.bib:2: error: the author 'Jane Doe' of 'one' matches 2 people in data/committees.yaml "
            "(jane-doe-mit, jane-doe-eth)") in result.err
    assert "authorids = {id-or-orcid and ...}" in result.err


def test_papers_listed_on_a_page_of_the_sites_choosing(site):
    write_tree(site, {"content/accepted.md": "---\ntitle: Accepted Papers\nlayout: papers\n---\nThe program.\n",
                      "content/papers/faq.md": "---\ntitle: FAQ\n---\nQuestions.\n",
                      "data/papers.bib": "@article{one, author = {A B}, title = {One}}\n\n"
                                         "@article{FAQ, author = {A B}, title = {Two}}\n"})
    result = build(site)
    assert result.code == 1
    assert ("data/papers.bib:3: error: the paper 'FAQ' would be published at /papers/faq/, which is already the page "
            "content/papers/faq.md") in result.err
    (site / "content" / "papers" / "faq.md").unlink()
    assert build(site).code == 0
    paper = html(site / "_site" / "papers" / "one" / "index.html")
    assert paper.find("a", string="All papers")["href"] == "../../accepted/"
    assert html(site / "_site" / "accepted" / "index.html").find("a", string="One")["href"] == "../papers/one/"


def test_paper_page_says_in_which_session_it_is_presented(site):
    write_tree(site, {"site.yaml": "name: T\ndates: {start: 2030-06-01, end: 2030-06-02}\n",
                      "data/papers.bib": "@article{smith2030a, title={A}, author={Smith, Ann}}\n",
                      "data/program.yaml": "days:\n  - date: 2030-06-01\n    sessions:\n      - title: Systems\n"
                                           "        id: systems\n        start: \"09:00\"\n        end: \"10:00\"\n"
                                           "        room: Hall A\n        items:\n          - paper: smith2030a\n"})
    result = build(site)
    assert result.code == 0, result.err
    presented = html(site / "_site" / "papers" / "smith2030a" / "index.html").select_one(".paper-session")
    assert presented.get_text() == "Presented in Systems, Saturday, June 1, 09:00, Hall A"
    assert presented.a["href"] == "../../program/systems/"


def test_with_a_program_the_papers_are_listed_by_session(site):
    write_tree(site, {"site.yaml": "name: T\ndates: {start: 2030-06-01, end: 2030-06-02}\n",
                      "data/papers.bib": "@article{a, title={Alpha}, author={Smith, Ann}, year=2030}\n"
                                         "@article{b, title={Beta}, author={Lee, Bo}, year=2030}\n"
                                         "@article{c, title={Gamma}, author={Lee, Bo}, year=2029}\n",
                      "data/program.yaml": "days:\n  - date: 2030-06-01\n    sessions:\n"
                                           "      - {title: Late, id: late, start: \"14:00\", end: \"15:00\", items: [{paper: a}]}\n"
                                           "      - {title: Early, id: early, start: \"09:00\", end: \"10:00\", items: [{paper: b}]}\n"})
    result = build(site)
    assert result.code == 0, result.err
    listing = html(site / "_site" / "papers" / "index.html")
    groups = [(s["id"], s.find("h2").get_text(), [a.get_text() for a in s.select(".paper-title a")])
              for s in listing.select("section.paper-group")]
    assert groups == [("session-early", "Early", ["Beta"]), ("session-late", "Late", ["Alpha"]),
                      ("group-2029", "2029", ["Gamma"])]
    assert listing.find("label", string="Session") is not None
    paper = html(site / "_site" / "papers" / "a" / "index.html")
    assert paper.select_one(".breadcrumb a[href$='#session-late']").get_text() == "Late"
    lee = html(site / "_site" / "people" / "bo-lee" / "index.html")
    assert [a.get_text() for a in lee.select(".papers a")] == ["Beta", "Gamma"]


def test_person_page_has_the_committee_photo_and_keeps_clear_of_content_pages(site):
    write_tree(site, {"static/img/ann.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
                      "content/people/ann-lee.md": "---\ntitle: Ann Lee's own page\n---\nHello.\n",
                      "data/committees.yaml": "committees:\n  - name: PC\n    members:\n"
                                              "      - {name: Ann Lee, photo: img/ann.svg}\n",
                      "data/papers.bib": "@article{a, title={Alpha}, author={Lee, Ann}}\n"})
    result = build(site)
    assert result.code == 0, result.err
    assert html(site / "_site" / "people" / "ann-lee" / "index.html").find("h1").get_text() == "Ann Lee's own page"
    person = html(site / "_site" / "people" / "ann-lee-2" / "index.html")
    assert person.find("h1").get_text() == "Ann Lee"
    assert person.select_one("img.person-photo")["src"] == "../../img/ann.svg"
    paper = html(site / "_site" / "papers" / "a" / "index.html")
    assert paper.find("a", string="Ann Lee")["href"] == "../../people/ann-lee-2/"


def test_a_committee_member_is_one_person_with_their_author_names(site):
    """Committee lists shorten names that papers spell out: middle initials are set aside, and a
    member's `aliases` name the other spellings (Chris Ré is the author Christopher Ré)."""
    write_tree(site, {"data/committees.yaml": """committees:
  - name: Program Committee
    id: program
    members:
      - {name: Chris Ré, aliases: [Christopher Ré]}
      - {name: Garth Gibson}
      - {name: Brendan McMahan}
""", "data/papers.bib": "@article{one, author = {R{\\'e}, Christopher and Gibson, Garth A. and McMahan, H. Brendan}, "
                         "title = {One}}\n"})
    result = build(site)
    assert result.code == 0, result.err
    people = sorted(p.name for p in (site / "_site" / "people").iterdir() if p.is_dir())
    assert people == ["brendan-mcmahan", "chris-re", "garth-gibson"]
    for slug in people:
        page = html(site / "_site" / "people" / slug / "index.html")
        assert [a.get_text() for a in page.select(".papers a")] == ["One"], slug
        assert page.find(string=re.compile("Program Committee")), slug


def test_initials_are_not_enough_to_join_two_members(site):
    """When two members share a first and last name, an author with a middle initial is matched to neither."""
    write_tree(site, {"data/committees.yaml": """committees:
  - name: Program Committee
    members:
      - {name: Ann B. Lee}
      - {name: Ann C. Lee}
""", "data/papers.bib": "@article{one, author = {Lee, Ann}, title = {One}}\n"})
    result = build(site)
    assert result.code == 0, result.err
    people = sorted(p.name for p in (site / "_site" / "people").iterdir() if p.is_dir())
    assert people == ["ann-b-lee", "ann-c-lee", "ann-lee"]


@pytest.mark.parametrize("bib", ["", "% accepted papers go here\n", None])
def test_a_papers_page_before_any_paper_is_accepted(site, bib):
    """A new site's papers page builds while data/papers.bib is empty, holds only comments, or is not there yet."""
    write_tree(site, {"content/papers.md": "---\ntitle: Accepted Papers\nlayout: papers\n---\nComing soon.\n"})
    if bib is not None:
        write_tree(site, {"data/papers.bib": bib})
    result = build(site)
    assert result.code == 0, result.err
    page = html(site / "_site" / "papers" / "index.html")
    assert "No papers yet" in page.select_one("main").get_text()
    assert page.select("a[href$='.bib']") == [] and page.select("form.paper-filter") == []


def test_committee_names_lead_to_their_person_pages(site):
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: Program Committee\n    id: pc\n    members:\n"
                                              "      - {name: Chris Ré, url: 'https://example.org/chris'}\n"
                                              "      - {name: Ann Lee}\n",
                      "data/papers.bib": "@article{one, author = {R{\\'e}, Chris}, title = {One}}\n"})
    result = build(site)
    assert result.code == 0, result.err
    page = html(site / "_site" / "committees" / "index.html")
    links = {a.get_text(): a["href"] for a in page.select(".person-name a")}
    assert links == {"Chris Ré": "../people/chris-re/", "Ann Lee": "../people/ann-lee/"}
    person = html(site / "_site" / "people" / "chris-re" / "index.html")
    assert person.find("a", href="https://example.org/chris")


def test_a_committee_of_another_edition_says_so_on_person_pages(site):
    write_tree(site, {"data/committees.yaml": "committees:\n  - name: Steering Committee\n    edition: TestConf 2018\n"
                                              "    members:\n      - {name: Ann Lee}\n",
                      "data/papers.bib": "@article{one, author = {Lee, Ann}, title = {One}}\n"})
    result = build(site)
    assert result.code == 0, result.err
    person = html(site / "_site" / "people" / "ann-lee" / "index.html")
    assert person.find("a", href="../../committees/#steering-committee").get_text() == "Steering Committee TestConf 2018"
