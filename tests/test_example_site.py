"""The MLSys example site at the repository root: its facts, as a visitor reads them in the built HTML."""
from __future__ import annotations

import pytest

from conftest import REPO, build, html

# As the white paper (arXiv 1904.03257, section 3) names them.
WHITE_PAPER_COMMITTEES = {
    "Organizing Committee": ["Peter Bailis", "Sarah Bird", "Dimitris Papailiopoulos", "Chris Ré", "Ben Recht",
                             "Virginia Smith", "Ameet Talwalkar", "Matei Zaharia"],
    "Program Chairs": ["Ameet Talwalkar", "Dimitris Papailiopoulos"],
    "Steering Committee": ["Jennifer Chayes", "Bill Dally", "Jeff Dean", "Michael I. Jordan", "Yann LeCun",
                           "Fei-Fei Li", "Alex Smola", "Dawn Song", "Eric Xing"],
    "Program Committee": [
        "David Andersen", "Bryan Catanzaro", "Eric Chung", "Christopher De Sa", "Inderjit Dhillon", "Alex Dimakis",
        "Charles Elkan", "Greg Ganger", "Lise Getoor", "Phillip Gibbons", "Garth Gibson", "Joseph Gonzalez",
        "Furong Huang", "Kevin Jamieson", "Yangqing Jia", "Rania Khalaf", "Jason Knight", "Tim Kraska",
        "Aparna Lakshmiratan", "Samuel Madden", "Brendan McMahan", "Ioannis Mitliagkas", "Rajat Monga",
        "Derek Murray", "Kunle Olukotun", "Theodoros Rekatsinas", "Afshin Rostamizadeh", "Siddhartha Sen",
        "Evan Sparks", "Ion Stoica", "Shivaram Venkataraman", "Rashmi Vinayak", "Markus Weimer", "Ce Zhang"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mlsys") / "_site"
    result = build(REPO, "--out", out)
    assert result.code == 0, result.err
    return out


def test_every_white_paper_committee_member_is_listed_under_their_committee(built):
    page = html(built / "committees" / "index.html")  # the committees that established the conference in 2018
    found = {}
    for section in page.select("section.committee"):
        name = section.find("h2").get_text(strip=True)
        found[name] = [li.select_one(".person-name").get_text(strip=True) for li in section.select("li.person")]
    for committee, members in WHITE_PAPER_COMMITTEES.items():
        assert found.get(committee) == members, committee
    assert len(found["Program Committee"]) == 34
    chairs = {li.select_one(".person-name").get_text(strip=True): li.select_one(".person-role").get_text(strip=True)
              for li in page.find("h2", string="Program Chairs").find_parent("section").select("li.person")}
    assert chairs == {"Ameet Talwalkar": "Program Chair", "Dimitris Papailiopoulos": "Program Co-Chair"}


def test_white_paper_lists_all_69_authors_with_accents(built):
    listing = html(built / "papers" / "index.html")
    link = listing.find("a", string="MLSys: The New Frontier of Machine Learning Systems")
    assert link is not None and link["href"] == "../2025/papers/ratner2019mlsys/"  # its address for good
    page = html(built / "2025" / "papers" / "ratner2019mlsys" / "index.html")
    assert page.find("h1").get_text(strip=True) == "MLSys: The New Frontier of Machine Learning Systems"
    authors = page.select_one(".paper-authors").get_text(strip=True).split(",")
    assert len(authors) == 69
    assert authors[0] == "Alexander Ratner" and authors[-1] == "Ameet Talwalkar"
    assert "Jakub Konečný" in authors and "Christopher Ré" in authors
    assert not any("{" in a or "\\" in a for a in authors)


def test_home_says_what_mlsys_is_and_links_the_white_paper(built):
    page = html(built / "index.html")
    assert page.find("h1").get_text(strip=True) == "Conference on Machine Learning and Systems"
    assert page.find("a", href="https://arxiv.org/abs/1904.03257") is not None
    facts = page.select_one(".facts").get_text(" ", strip=True)
    assert "MLSys 2025" in facts and "May 12" in facts and "Santa Clara, CA" in facts


def test_call_for_papers_has_the_three_topic_areas_and_ml_for_systems(built):
    page = html(built / "call-for-papers" / "index.html")
    headings = " ".join(h.get_text(" ", strip=True).lower() for h in page.find_all(["h2", "h3"]))
    assert "software" in headings and "hardware" in headings and "beyond" in headings
    assert "machine learning for systems" in headings
    assert len(page.select("main li")) >= 9  # the example questions


def test_menu_comes_from_the_pages_and_every_page_has_one_h1(built):
    for path in built.rglob("*.html"):
        page = html(path)
        assert len(page.find_all("h1")) == 1, path
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # an address whose page moved: a redirect, no menu
        labels = [a.get_text(strip=True) for a in page.select("nav[aria-label=Main] a")]
        if path.relative_to(built).parts[0] in PAST_EDITIONS:
            assert labels[-1] == "Editions", path  # a past edition's menu: its own sections, then the archive
        else:
            assert labels == ["Home", "Call for Papers", "Important Dates", "Committees", "Papers", "Program",
                              "Why MLSys", "News", "Editions"], path


# The editions of the series with what the shared facts verify of each (corpus/mlsys_facts.yaml).
PAST_EDITIONS = {
    "2024": ("MLSys 2024", "May 13–16, 2024", "Santa Clara Convention Center, Santa Clara, CA"),
    "2023": ("MLSys 2023", "", "Miami, FL"),
    "2022": ("MLSys 2022", "August 29 – September 1, 2022", "Santa Clara Convention Center, Santa Clara, CA"),
    "2021": ("MLSys 2021", "", ""),
    "2020": ("MLSys 2020", "March 2–4, 2020", "Austin, TX"),
    "2019": ("SysML 2019", "March 31 – April 2, 2019", "Stanford University, Stanford, CA"),
    "2018": ("SysML 2018", "", ""),
}


def test_the_archive_lists_every_edition_with_only_verified_dates_and_places(built):
    page = html(built / "editions" / "index.html")
    rows = [(li.select_one(".edition-name").get_text(strip=True),
             li.select_one("time").get_text(strip=True) if li.select_one("time") else "",
             li.select_one(".edition-venue").get_text(strip=True) if li.select_one(".edition-venue") else "")
            for li in page.select("li.edition")]
    assert rows == [("MLSys 2025", "May 12–15, 2025", "Santa Clara, CA"), *PAST_EDITIONS.values()]
    assert [a["href"] for a in page.select(".edition-name a")] == ["../", *(f"../{year}/" for year in PAST_EDITIONS)]


def test_each_edition_has_its_own_papers_and_committees(built):
    def titles(path):
        return [a.get_text(strip=True) for a in html(built / path).select(".paper-title")]

    assert titles("2018/papers/index.html") == ["Compiling machine learning programs via high-level tracing",
                                                "Programming Language Support for Natural Language Interaction"]
    assert titles("2020/papers/index.html") == ["Salus: Fine-Grained GPU Sharing Primitives for Deep Learning Applications"]
    assert len(titles("papers/index.html")) == 2  # the current edition: the white paper and an MLSys 2025 paper
    chairs = html(built / "2019" / "committees" / "index.html").select(".person-name")
    assert [c.get_text(strip=True) for c in chairs] == ["Gennady Pekhimenko", "Grigori Fursin"]
    speaker = html(built / "2020" / "speakers" / "index.html").get_text(" ", strip=True)
    assert "Christopher Ré" in speaker and "Theory & Systems for Weak Supervision" in speaker


def test_a_person_page_spans_the_editions(built):
    page = html(built / "people" / "alex-smola" / "index.html")
    roles = [" ".join(li.get_text().split()) for li in page.select("#roles + ul li")]
    assert roles == ["General Chair MLSys 2021", "Steering Committee SysML 2018"]
    dhillon = html(built / "people" / "inderjit-dhillon" / "index.html")  # "Inderjit S. Dhillon" on the white paper
    roles = [" ".join(li.get_text().split()) for li in dhillon.select("#roles + ul li")]
    assert roles == ["General Chair MLSys 2020", "Program Committee SysML 2018"]
    assert [a.get_text(strip=True) for a in dhillon.select(".paper-title")] == [
        "MLSys: The New Frontier of Machine Learning Systems"]


def test_no_page_requests_another_host(built):
    for path in built.rglob("*.html"):
        page = html(path)
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in page.find_all(tag):
                if "canonical" in (element.get("rel") or []):
                    continue  # names the page's public address; the browser does not load it
                value = element.get(attr) or ""
                assert "://" not in value and not value.startswith("//"), (path, value)
