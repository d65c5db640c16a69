"""Several editions in one site: /<year>/ per past edition, the current one at the root, the archive, site-wide people."""
from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import MINIMAL_SITE, build, html, http_server, write_tree

SITE = {
    "site.yaml": ("name: MLSys\nedition: MLSys 2020\ndates: {start: 2020-03-02, end: 2020-03-04}\n"
                  "venue: {city: 'Austin, TX'}\ntimezone: America/Chicago\n"),
    "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nWelcome. See the [venue](/venue/).\n",
    "content/venue.md": "---\ntitle: Venue\nnav_order: 2\n---\nAustin.\n",
    "data/committees.yaml": ("committees:\n  - name: Program Committee\n    id: pc\n    members:\n"
                             "      - {name: Ada Lovelace, orcid: 0000-0002-1825-0097}\n"),
    "data/papers.bib": ("@inproceedings{hopper2020,\n  title = {Compilers for Everyone},\n"
                        "  author = {Grace Hopper and Ada Lovelace},\n  booktitle = {MLSys},\n  year = {2020}\n}\n"),
    "editions/2019/edition.yaml": ("name: SysML\nedition: SysML 2019\ndates: {start: 2019-03-31, end: 2019-04-02}\n"
                                   "venue: {name: Stanford University, city: 'Stanford, CA'}\n"),
    "editions/2019/data/committees.yaml": ("committees:\n  - name: Program Committee\n    id: pc\n    members:\n"
                                           "      - {name: Grace Hopper, role: Chair}\n"
                                           "      - {name: Ada King Lovelace, orcid: 0000-0002-1825-0097}\n"
                                           "      - {name: Alan Turing}\n"),
    "editions/2019/data/papers.bib": ("@inproceedings{turing2019,\n  title = {Thinking Machines},\n"
                                      "  author = {Alan Turing and Kurt G{\\\"o}del and Ada King Lovelace},\n  booktitle = {SysML},\n"
                                      "  year = {2019}\n}\n"),
    "editions/2019/data/program.yaml": ("days:\n  - date: 2019-04-01\n    sessions:\n"
                                        "      - title: Machines\n        id: machines\n        kind: papers\n"
                                        "        start: \"09:00\"\n        end: \"10:00\"\n        room: Hall\n"
                                        "        items:\n          - paper: turing2019\n"),
    "editions/2019/content/venue.md": "---\ntitle: Venue\nnav_order: 2\n---\nStanford. Back to [this year's home](/).\n",
    "editions/2018/edition.yaml": "name: SysML\nedition: SysML 2018\n",
    # An edition without papers: its committee members still join the site's people.
    "editions/2018/data/committees.yaml": ("committees:\n  - name: Organizers\n    members:\n"
                                           "      - {name: Grace Hopper, role: General Chair}\n"
                                           "      - {name: Alan M. Turing}\n"),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    site = write_tree(tmp_path_factory.mktemp("editions") / "site", SITE)
    result = build(site, "--base-url", "https://example.org/conf/")
    assert result.code == 0, result.err
    return site / "_site"


def texts(page, selector: str) -> list[str]:
    return [" ".join(node.get_text().split()) for node in page.select(selector)]


def test_a_past_edition_has_its_own_pages_committees_and_papers_under_its_year(out):
    committees = html(out / "2019/committees/index.html")
    assert texts(committees, ".person-name") == ["Grace Hopper", "Ada King Lovelace", "Alan Turing"]
    assert "SysML 2019" in texts(committees, ".brand-edition")
    papers = html(out / "2019/papers/index.html")
    assert texts(papers, ".paper-title") == ["Thinking Machines"]
    paper = html(out / "2019/papers/turing2019/index.html")
    assert texts(paper, "h1") == ["Thinking Machines"]
    assert texts(paper, ".paper-authors a") == ["Alan Turing", "Kurt Gödel", "Ada King Lovelace"]
    assert texts(html(out / "2019/venue/index.html"), ".prose p")[0].startswith("Stanford.")
    assert not (out / "2019/papers/hopper2020").exists()


def test_a_past_editions_program_has_its_sessions_papers_and_calendars_under_its_year(out):
    import icalendar

    program = html(out / "2019/program/index.html")
    assert texts(program, ".session-title") == ["Machines"]
    session_link = program.select_one(".session-title a")["href"]
    session = html((out / "2019/program" / session_link / "index.html").resolve())
    assert "Thinking Machines" in texts(session, "main")[0]
    assert session.find("a", string="Thinking Machines")["href"] == "../../papers/turing2019/"
    paper = html(out / "2019/papers/turing2019/index.html")
    assert "Machines" in " ".join(texts(paper, "main"))  # the paper says which session presents it
    events = icalendar.Calendar.from_ical((out / "2019/program/program.ics").read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["machines.2019@example.org"]
    assert str(events[0]["URL"]).startswith("https://example.org/conf/2019/program/")


def redirect_target(page) -> str | None:
    """Where a redirect page sends its visitors (its meta refresh), or None for a page."""
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    return refresh["content"].split("url=", 1)[1] if refresh else None


def test_the_current_editions_papers_have_their_pages_under_its_year_once(out):
    home = html(out / "index.html")
    assert texts(home, ".brand-edition") == ["MLSys 2020"]
    assert not home.select(".edition-note")
    papers = html(out / "papers/index.html")
    assert texts(papers, ".paper-title") == ["Compilers for Everyone"]
    assert papers.select_one(".paper-title a")["href"] == "../2020/papers/hopper2020/"
    paper = html(out / "2020/papers/hopper2020/index.html")
    assert redirect_target(paper) is None and texts(paper, "h1") == ["Compilers for Everyone"]
    address = "https://example.org/conf/2020/papers/hopper2020/"
    assert paper.select_one('link[rel="canonical"]')["href"] == address
    assert paper.find("meta", attrs={"name": "citation_abstract_html_url"})["content"] == address
    assert json.loads(paper.find("script", type="application/ld+json").string)["url"] == address
    assert paper.select_one("main").get("data-pagefind-body") is not None  # the one page of the paper is indexed
    assert [a["href"] for a in html(out / "people/grace-hopper/index.html").select(".paper-title")] == [
        "../../2020/papers/hopper2020/"]
    # the root's old address of the paper, and the year's addresses of the root's pages, are redirects, not copies
    moved = html(out / "papers/hopper2020/index.html")
    assert redirect_target(moved) == "../../2020/papers/hopper2020/"
    assert moved.select_one('link[rel="canonical"]')["href"] == address and not moved.select(".paper-authors")
    assert redirect_target(html(out / "2020/papers/index.html")) == "../../papers/"
    assert redirect_target(html(out / "2020/index.html")) == "../"
    assert redirect_target(html(out / "papers/turing2019/index.html")) == "../../2019/papers/turing2019/"
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.org/conf/2019/papers/turing2019/</loc>" in sitemap
    assert f"<loc>{address}</loc>" in sitemap and "<loc>https://example.org/conf/papers/</loc>" in sitemap
    assert "/conf/papers/hopper2020/<" not in sitemap and "/conf/2020/papers/<" not in sitemap  # (redirects)
    assert not list(out.rglob("*/hopper2020.bib"))  # no file per paper unless the site asks for it


def test_a_past_editions_calendar_and_event_have_its_own_addresses_and_uids(out):
    import icalendar

    events = icalendar.Calendar.from_ical((out / "2019/dates.ics").read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["conference.2019@example.org"]
    assert str(events[0]["URL"]).startswith("https://example.org/conf/2019/")
    current = icalendar.Calendar.from_ical((out / "dates.ics").read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in current] == ["conference@example.org"]
    event = json.loads(html(out / "2019/index.html").find("script", type="application/ld+json").string)
    assert event["name"] == "SysML 2019" and event["url"] == "https://example.org/conf/2019/"
    assert event["startDate"].startswith("2019-03-31")


def test_the_archive_lists_every_edition_with_its_dates_venue_and_link(out):
    archive = html(out / "editions/index.html")
    assert texts(archive, "h1") == ["Editions"]
    assert texts(archive, ".edition-name") == ["MLSys 2020", "SysML 2019", "SysML 2018"]
    assert [a["href"] for a in archive.select(".edition-name a")] == ["../", "../2019/", "../2018/"]
    assert [a["href"] for a in archive.select(".edition-permalink")] == ["../2020/"]  # the address that stays
    facts = texts(archive, ".edition-facts")
    assert "March 2–4, 2020" in facts[0] and "Austin, TX" in facts[0] and "Current edition" in facts[0]
    assert "March 31 – April 2, 2019" in facts[1] and "Stanford University, Stanford, CA" in facts[1]
    assert facts[2] == ""  # SysML 2018 is known by its name only
    assert "Editions" in texts(html(out / "index.html"), ".site-nav a")


def test_a_page_of_a_past_edition_says_so_and_links_to_the_current_one(out):
    page = html(out / "2019/venue/index.html")
    note = page.select_one("header .edition-note")
    assert "SysML 2019" in note.get_text() and "earlier edition" in note.get_text()
    current = note.find("a", string="MLSys 2020")
    assert current["href"] == "../../"
    nav = {a.get_text(strip=True): a["href"] for a in page.select(".site-nav a")}
    assert nav == {"Venue": "./", "Committees": "../committees/", "Papers": "../papers/", "Program": "../program/",
                   "Editions": "../../editions/"}
    assert page.select_one('.site-nav a[aria-current="page"]').get_text() == "Venue"
    assert page.select_one(".prose a")["href"] == "../"  # '/' in an edition's Markdown is the edition's home
    assert texts(html(out / "2018/index.html"), ".fact-edition") == ["SysML 2018"]


def test_one_person_page_lists_roles_and_papers_across_editions(out):
    grace = html(out / "people/grace-hopper/index.html")
    assert texts(grace, "#roles + ul li") == ["Program Committee SysML 2019: Chair",
                                              "Organizers SysML 2018: General Chair"]
    assert grace.select_one("#roles + ul a")["href"] == "../../2019/committees/#pc"
    assert texts(grace, ".paper-title") == ["Compilers for Everyone"]
    ada = html(out / "people/ada-lovelace/index.html")  # matched across editions by ORCID
    assert texts(ada, "#roles + ul li") == ["Program Committee MLSys 2020", "Program Committee SysML 2019"]
    assert texts(ada, ".paper-title") == ["Compilers for Everyone", "Thinking Machines"]
    alan = html(out / "people/alan-turing/index.html")
    assert texts(alan, "#roles + ul li") == ["Program Committee SysML 2019", "Organizers SysML 2018"]  # 'Alan M. Turing'
    assert [a["href"] for a in alan.select(".paper-title")] == ["../../2019/papers/turing2019/"]
    organizers = html(out / "2018/committees/index.html")  # an edition without papers links its members too
    assert [a["href"] for a in organizers.select(".person-name a")] == ["../../people/grace-hopper/",
                                                                        "../../people/alan-turing/"]
    for gone in ("people/ada-king-lovelace", "people/alan-m-turing", "2019/people", "2018/people"):
        assert not (out / gone).exists()
    index = texts(html(out / "people/index.html"), ".people-index li")
    assert any(line.startswith("Kurt Gödel") for line in index) and len(index) == 4
    paper = html(out / "2019/papers/turing2019/index.html")
    assert [a["href"] for a in paper.select(".paper-authors a")] == [
        "../../../people/alan-turing/", "../../../people/kurt-godel/", "../../../people/ada-lovelace/"]
    data = json.loads(paper.find("script", type="application/ld+json").string)
    assert data["url"] == "https://example.org/conf/2019/papers/turing2019/"
    assert data["author"][2]["url"] == "https://example.org/conf/people/ada-lovelace/"
    assert paper.find("meta", attrs={"name": "citation_abstract_html_url"})["content"] == data["url"]


def test_every_link_resolves_inside_the_output_so_the_site_works_under_a_sub_path(out):
    pages = [path for path in out.rglob("*.html") if "pagefind" not in path.parts and path.name != "404.html"]
    checked = 0
    for path in pages:
        for node in html(path).select("[href], [src]"):
            link = node.get("href") or node.get("src")
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "//")):
                continue
            assert not link.startswith("/"), f"{path}: {link} is rooted, which breaks under /conf/"
            target = posixpath.normpath(posixpath.join(path.parent.relative_to(out).as_posix(), parts.path))
            assert not target.startswith(".."), f"{path}: {link} leaves the site"
            file = out / target
            assert file.is_file() or (file / "index.html").is_file(), f"{path}: {link} is broken"
            checked += 1
    assert checked > 300


def test_links_work_in_a_browser_under_a_sub_path(browser, out, tmp_path):
    shutil.copytree(out, tmp_path / "conf")
    page = browser.new_page()
    with http_server(tmp_path) as root:
        page.goto(root + "conf/2019/papers/turing2019/")
        page.click(".paper-authors a >> text=Alan Turing")
        assert page.inner_text("h1") == "Alan Turing"
        page.click("text=Program Committee SysML 2019")
        assert page.url == root + "conf/2019/committees/#pc"
        page.click(".edition-note a >> text=MLSys 2020")
        assert page.url == root + "conf/"
        page.click(".site-nav a >> text=Editions")
        page.click(".edition-name a >> text=SysML 2019")
        assert page.url == root + "conf/2019/"
        assert "SysML 2019" in page.inner_text(".edition-note")
    page.close()


def test_errors_in_an_edition_are_reported_at_its_files_lines_all_at_once(tmp_path):
    site = write_tree(tmp_path / "site", {
        **SITE,
        "editions/2019/edition.yaml": "edition: SysML 2019\ndates: {start: 2019-03-31, end: 2019-04-02}\nvenu: x\n",
        "editions/2019/data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - role: Chair\n",
        "editions/2019/data/papers.bib": "@inproceedings{a,\n  title = {A},\n  year = {2019}\n}\n"
                                         "@inproceedings{a,\n  title = {B},\n  year = {2019}\n}\n",
        "editions/2019/content/bad.md": "no front matter\n",
        "editions/2018/edition.yaml": "name: SysML\n",
        "editions/Old Site/edition.yaml": "edition: Old\n",
        "content/broken.md": "---\ntitle: [unclosed\n---\n",
    })
    result = build(site)
    assert result.code == 1
    assert "editions/2019/edition.yaml:3:1: error: unknown key 'venu'" in result.err
    assert "did you mean 'venue'" in result.err
    assert "editions/2019/data/committees.yaml:4: error: 'name' is required here" in result.err
    assert "editions/2019/data/papers.bib:5: error: the key 'a' is used by two entries" in result.err
    assert "editions/2019/content/bad.md:1: error: the page has no front matter" in result.err
    assert "editions/2018/edition.yaml:1: error: 'edition' is required here" in result.err
    assert "editions/Old Site/edition.yaml: error: 'Old Site' cannot be an address" in result.err
    assert "content/broken.md:2" in result.err
    assert "Traceback" not in result.err
    assert not (site / "_site").exists()


def test_an_edition_without_edition_yaml_or_in_the_current_year_is_an_error(tmp_path):
    site = write_tree(tmp_path / "site", {**SITE, "editions/2017/data/committees.yaml": "committees: []\n",
                                          "editions/2020/edition.yaml": "edition: MLSys 2020\n"})
    result = build(site)
    assert result.code == 1
    assert "editions/2017/edition.yaml: error: the edition in editions/2017/ has no edition.yaml" in result.err
    assert "editions/2020/edition.yaml:1: error: 2020 is the current edition's year" in result.err


def test_a_root_page_under_an_editions_year_clashes_with_the_edition(tmp_path):
    site = write_tree(tmp_path / "site", {**SITE, "content/2019/venue.md": "---\ntitle: Old venue\n---\nx\n"})
    result = build(site)
    assert result.code == 1
    assert "content/2019/venue.md: error: this becomes /2019/venue/index.html" in result.err


def test_a_site_with_one_edition_has_no_archive_no_year_folder_and_no_edition_styles(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "editions/.keep": ""})
    assert build(site).code == 0
    out = site / "_site"
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "pagefind" not in p.parts}
    assert "index.html" in files and not any(name.split("/")[0].isdigit() for name in files)
    assert not (out / "editions").exists() and not (out / "css/editions.css").exists()
    home = (out / "index.html").read_text()
    assert "edition-note" not in home and "editions.css" not in home and "Editions" not in home
    assert [a.get_text() for a in html(out / "index.html").select(".site-nav a")] == ["Home", "Venue"]


def test_a_content_page_can_be_the_archive_and_photos_of_editions_are_the_sites(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'
    site = write_tree(tmp_path / "site", {
        **SITE,
        "content/history.md": "---\ntitle: History\nlayout: archive\nnav_order: 3\n---\nThe series so far.\n",
        "editions/2019/data/committees.yaml": ("committees:\n  - name: Program Committee\n    id: pc\n    members:\n"
                                               "      - {name: Alan Turing, photo: img/alan.svg}\n"),
        "static/img/alan.svg": svg,
    })
    result = build(site)
    assert result.code == 0, result.err
    out = site / "_site"
    archive = html(out / "history/index.html")
    assert texts(archive, "h1") == ["History"] and texts(archive, ".prose p") == ["The series so far."]
    assert texts(archive, ".edition-name") == ["MLSys 2020", "SysML 2019", "SysML 2018"]
    assert not (out / "editions").exists()
    assert texts(html(out / "index.html"), ".site-nav a") == ["Home", "Venue", "History"]
    assert texts(html(out / "2019/committees/index.html"), ".site-nav a")[-1] == "History"
    photo = html(out / "2019/committees/index.html").select_one(".person-photo")
    assert photo["src"] == "../../img/alan.svg" and (out / "img/alan.svg").is_file()


def test_without_any_papers_committee_members_still_get_their_pages(tmp_path):
    site = write_tree(tmp_path / "site", {
        "site.yaml": "name: C\nedition: C 2021\ndates: {start: 2021-01-01, end: 2021-01-02}\n",
        "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nHi.\n",
        "data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - name: Ann Lee\n",
        "editions/2020/edition.yaml": "edition: C 2020\n",
        "editions/2020/data/committees.yaml": "committees:\n  - name: Chairs\n    members:\n      - name: Ann Lee\n",
    })
    result = build(site)
    assert result.code == 0, result.err
    out = site / "_site"
    assert [a["href"] for a in html(out / "committees/index.html").select(".person-name a")] == ["../people/ann-lee/"]
    assert [a["href"] for a in html(out / "2020/committees/index.html").select(".person-name a")] == [
        "../../people/ann-lee/"]
    assert texts(html(out / "people/ann-lee/index.html"), "#roles + ul li") == ["PC C 2021", "Chairs C 2020"]
