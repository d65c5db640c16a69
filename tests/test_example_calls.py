"""The MLSys example site's calls and dates: the published deadlines, in the zones the calls gave, all passed."""
from __future__ import annotations

import pytest

from conftest import REPO, build, html


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mlsys-calls") / "_site"
    result = build(REPO, "--out", out, "--now", "2026-11-23T00:00:00Z")
    assert result.code == 0, result.err
    return out


def _when(page, anchor):
    return page.find("tr", id=anchor).select_one(".cs-declared").get_text(" ", strip=True)


def test_the_published_deadlines_show_in_their_zones_and_utc(built):
    page = html(built / "dates" / "index.html")
    sysml = page.find("tr", id="sysml-2019-papers-paper-deadline")
    assert _when(page, "sysml-2019-papers-paper-deadline") == "Fri 28 Sep 2018, 16:59 PDT"  # "4:59pm PDT"
    assert sysml.select_one(".cs-utc").get_text(strip=True) == "Fri 28 Sep 2018, 23:59 UTC"
    mlsys = page.find("tr", id="mlsys-2023-papers-paper-deadline")
    assert _when(page, "mlsys-2023-papers-paper-deadline") == "Fri 28 Oct 2022, 16:00 EDT"  # "4pm ET"
    assert mlsys.select_one(".cs-utc").get_text(strip=True) == "Fri 28 Oct 2022, 20:00 UTC"


def test_moved_and_extended_dates_show_the_old_ones_struck_through(built):
    page = html(built / "dates" / "index.html")
    camera = page.find("tr", id="mlsys-2022-papers-camera-ready")
    assert _when(page, "mlsys-2022-papers-camera-ready") == "Fri 18 Mar 2022"
    assert camera.select_one(".cs-previous del").get_text() == "Fri 4 Mar 2022"
    rebuttal = page.find("tr", id="sysml-2019-papers-author-rebuttal")
    assert " ".join(rebuttal.select_one(".cs-declared").get_text().split()) == "Mon 26 Nov 2018 – Mon 3 Dec 2018, 17:00 PST"
    assert rebuttal.select_one(".cs-previous del").get_text() == "Wed 14 Nov 2018 – Wed 21 Nov 2018"


def test_every_call_names_its_edition_and_is_closed(built):
    overview = html(built / "call-for-papers" / "index.html")
    calls = overview.select("li.cs-call")
    assert [c.h3.get_text(strip=True) for c in calls] == [
        "MLSys 2023 call for papers", "MLSys 2022 call for papers", "MLSys 2022 artifact evaluation",
        "SysML 2019 call for papers", "SysML 2019 artifact evaluation"]
    for call in calls:
        edition = call.select_one(".cs-call-meta span").get_text()
        assert call.h3.get_text(strip=True).startswith(edition)
        assert call.select_one(".cs-badge").get_text() == "Closed"
    for path in ("mlsys-2023-papers", "mlsys-2022-papers", "mlsys-2022-artifacts", "sysml-2019-papers",
                 "sysml-2019-artifacts"):
        page = html(built / "calls" / path / "index.html")
        assert page.select_one("a.cs-submit") is None
        assert "Submissions are closed" in page.select_one(".cs-state").get_text()
        assert all("is-passed" in row["class"] for row in page.select("tr[data-ends]"))


def test_the_call_for_papers_page_keeps_its_text_and_lists_the_calls(built):
    page = html(built / "call-for-papers" / "index.html")
    assert page.h1.get_text() == "Call for Papers"
    assert page.find("h2", string="Hardware systems for machine learning")
    assert page.find("h2", string="Calls")


def test_a_date_that_was_published_as_tba_is_shown_as_to_be_announced(built):
    page = html(built / "calls" / "sysml-2019-artifacts" / "index.html")
    row = page.find("tr", id="sysml-2019-artifacts-camera-ready")
    assert row.select_one(".cs-tba").get_text() == "To be announced"


def test_the_menu_leads_to_the_important_dates(built):
    nav = html(built / "index.html").find("nav", attrs={"aria-label": "Main"})
    assert [a.get_text() for a in nav.find_all("a")][:3] == ["Home", "Call for Papers", "Important Dates"]


def test_the_calendar_holds_every_published_date_at_the_sites_address(built):
    import icalendar

    calendar = icalendar.Calendar.from_ical((built / "dates.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 15  # 14 dates of calls (all but the one published as TBA) and the conference
    sysml = events["sysml-2019-papers-paper-deadline@mlsys.org"]
    assert sysml.decoded("DTSTART").isoformat() == "2018-09-28T23:59:00+00:00"
    assert str(sysml["URL"]) == "https://mlsys.org/calls/sysml-2019-papers/"
    mlsys = events["mlsys-2023-papers-paper-deadline@mlsys.org"]
    assert mlsys.decoded("DTSTART").isoformat() == "2022-10-28T20:00:00+00:00"
    camera = events["mlsys-2022-papers-camera-ready@mlsys.org"]
    assert str(camera.decoded("DTSTART")) == "2022-03-18" and int(camera["SEQUENCE"]) == 1


def test_the_home_page_shows_no_countdown_when_every_deadline_has_passed(built):
    home = html(built / "index.html")
    assert home.select_one("[data-countdown]") is None
    assert home.find("script", type="application/ld+json")
