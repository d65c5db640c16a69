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
    page = html(built / "committees" / "index.html")
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
    assert link is not None and link["href"] == "ratner2019mlsys/"
    page = html(built / "papers" / "ratner2019mlsys" / "index.html")
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
        labels = [a.get_text(strip=True) for a in page.select("nav[aria-label=Main] a")]
        assert labels[:5] == ["Home", "Call for Papers", "Important Dates", "Committees", "Papers"], path


def test_no_page_requests_another_host(built):
    for path in built.rglob("*.html"):
        page = html(path)
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in page.find_all(tag):
                if "canonical" in (element.get("rel") or []):
                    continue  # names the page's public address; the browser does not load it
                value = element.get(attr) or ""
                assert "://" not in value and not value.startswith("//"), (path, value)
