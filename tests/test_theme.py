"""The default theme as a visitor meets it: landmarks, committees with photos, sponsors by tier, speakers, news,
the light/dark toggle, keyboard use, search (also under a sub-path), and themes that extend the default."""
from __future__ import annotations

import pytest

from confsite.output import search
from conftest import MINIMAL_SITE, build, html, http_server, snapshot, write_tree
from showcase import write_showcase


@pytest.fixture(scope="module")
def showcase(tmp_path_factory):
    """The showcase site built under a sub-path folder: {served root}/conf/."""
    root = tmp_path_factory.mktemp("showcase")
    site = write_showcase(root / "src")
    out = root / "www" / "conf"
    result = build(site, "--out", out, "--base-url", "https://example.org/conf/")
    assert result.code == 0, result.err
    return out


def test_every_page_has_a_skip_link_landmarks_and_a_search_box(showcase):
    for path in showcase.rglob("*.html"):
        page = html(path)
        skip = page.find("a", class_="skip-link")
        assert skip["href"] == "#main" and page.find("main", id="main") is not None, path
        assert page.find("header") and page.find("footer") and page.find("nav", attrs={"aria-label": "Main"}), path
        forms = page.select("form[role=search]")
        assert len(forms) == 1, path  # the header's, or the search page's own
        action = forms[0]["action"]
        # relative, so it works under /conf/; the 404 page, served at any depth, starts at the base path
        assert action == "/conf/search/" if path.name == "404.html" else not action.startswith("/"), path
        toggle = page.find("button", class_="theme-toggle")
        # useless without JavaScript: the stylesheet shows it only under the class that the <head> script sets
        # (so that showing it moves nothing); test_schedule_browser.py looks at a page without JavaScript
        assert toggle is not None and not toggle.has_attr("hidden"), path


def test_committee_members_show_photo_role_and_affiliation(showcase):
    page = html(showcase / "committees" / "index.html")
    ana = page.find("span", class_="person-name", string="Ana Lima").find_parent("li")
    photo = ana.find("img")
    assert photo["src"] == "../img/ana.svg" and photo["alt"] == ""  # the name beside it says who it is
    assert (showcase / "img" / "ana.svg").is_file()
    assert ana.select_one(".person-role").get_text() == "General Chair"
    assert ana.select_one(".person-affiliation").get_text() == "University of Lisbon"
    bo = page.find("a", string="Bo Chen")  # the name leads to his page, which links his own site
    assert bo["href"] == "../people/bo-chen/" and bo.find_parent("li").find("img") is None
    assert html(showcase / "people" / "bo-chen" / "index.html").find("a", href="https://example.org/bo")


def test_sponsors_are_shown_by_tier_with_logos_named(showcase):
    for path, level in (("sponsors/index.html", "h2"), ("index.html", "h3")):
        page = html(showcase / path)
        tiers = [(s.find(level).get_text(), [li.get_text(" ", strip=True) or li.find("img")["alt"] for li in s.select("li.sponsor")])
                 for s in page.select("section.sponsor-tier")]
        assert tiers == [("Platinum", ["Acme Systems"]), ("Gold", ["Initech", "Globex"])], path
    page = html(showcase / "sponsors" / "index.html")
    logo = page.find("img", alt="Acme Systems")
    assert logo["src"] == "../img/acme.svg" and logo.find_parent("a")["href"] == "https://acme.example/"
    assert page.find(string="Globex").find_parent("a") is None


def test_news_newest_first_on_home_and_news_page_and_speakers(showcase):
    home = html(showcase / "index.html")
    titles = [a.get_text() for a in home.select(".news-list .news-title a")]
    assert titles == ["The programme is online", "Registration is open"]
    assert home.select_one(".news-list time")["datetime"] == "2031-05-02"
    assert home.select_one(".news-list a")["href"] == "news/programme-online/"
    news = html(showcase / "news" / "index.html")
    assert news.find("h1").get_text() == "News" and len(news.select(".news-item")) == 2
    speakers = html(showcase / "speakers" / "index.html")
    dana = speakers.find("h2", string="Dana Novak").find_parent("li")
    assert "Sites that last a century" in dana.get_text() and dana.find("img")["src"] == "../img/dana.svg"
    assert home.select_one(".facts").get_text(" ", strip=True) == "DemoConf 2031 June 30 – July 2, 2031 Harbour Hall, Lisbon"


def test_search_index_covers_content_but_not_the_search_page(showcase):
    assert (showcase / "pagefind" / "pagefind.js").is_file()
    assert not (showcase / "pagefind" / "pagefind-ui.js").exists()  # the theme has its own search page
    papers = html(showcase / "papers" / "index.html")
    assert papers.find("main").has_attr("data-pagefind-body")
    # what repeats other pages is left out: the lists of papers and people, and a paper's citation (its BibTeX
    # repeats the abstract): the search finds each paper on its own page, and indexes a third less
    for path, selector in (("papers", ".paper-group"), ("people", ".letter"), ("papers/lima2031", ".cite"),
                           ("people/ana-lima", "section[aria-labelledby=papers]")):
        found = html(showcase / path / "index.html").select(selector)
        assert found and all(element.has_attr("data-pagefind-ignore") for element in found), (path, selector)
    assert html(showcase / "papers" / "lima2031" / "index.html").select_one(".paper-venue").find_parent(
        attrs={"data-pagefind-ignore": True}) is None  # the paper's own details stay searchable
    search_page = html(showcase / "search" / "index.html")
    assert not search_page.find("main").has_attr("data-pagefind-body")
    listed = {a.get_text() for a in search_page.select("[data-search-index] a")}  # what a reader without JS gets
    assert {"Home", "Call for Papers", "Committees", "Registration is open"} <= listed and "Search" not in listed


@pytest.mark.parametrize("files, expected", [
    ({"data/sponsors.yaml": "tiers:\n  - name: Gold\n    sponsors:\n      - name: X\n        logo: img/x.png\n"},
     "data/sponsors.yaml:5:15: error: there is no file static/img/x.png"),
    ({"data/sponsors.yaml": "tiers:\n  - name: Gold\n    sponsors:\n      - {name: X, url: x.com}\n"},
     "data/sponsors.yaml:4:24: error: tiers[0].sponsors[0].url: 'x.com' is not a web address"),
    ({"data/sponsors.yaml": "tier:\n  - name: Gold\n"}, "data/sponsors.yaml:1:1: error: unknown key 'tier'"),
    ({"data/speakers.yaml": "speakers:\n  - name: Y\n    photo: ../../etc/passwd\n"},
     "data/speakers.yaml:3:12: error: speakers[0].photo: '../../etc/passwd' is not a path under static/"),
    ({"data/speakers.yaml": "speakers:\n  - name: Y\n    photo: img/y.jpg\n"},
     "data/speakers.yaml:3:12: error: there is no file static/img/y.jpg"),
    ({"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - {name: Ann, photo: img/ann.jpg}\n"},
     "data/committees.yaml:4:28: error: there is no file static/img/ann.jpg"),
    ({"data/committees.yaml": "committees:\n  - name: PC\n    members:\n      - {name: Ann, photo: /etc/passwd}\n"},
     "data/committees.yaml:4:28: error: committees[0].members[0].photo: '/etc/passwd' is not a path under static/"),
])
def test_bad_images_sponsors_and_speakers_are_located(tmp_path, files, expected):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, **files})
    result = build(site)
    assert result.code == 1 and expected in result.err, result.err
    assert "hint:" in result.err and not (site / "_site").exists()


def test_a_failing_search_index_keeps_the_previous_site(site, monkeypatch):
    assert build(site).code == 0
    before = snapshot(site / "_site")
    (site / "content" / "venue.md").write_text("---\ntitle: Venue moved\n---\nNew text.\n", encoding="utf-8")
    monkeypatch.setattr(search, "pagefind_program", lambda: "/bin/false")
    result = build(site)
    assert result.code == 1 and "error: pagefind failed to index the site" in result.err, result.err
    assert snapshot(site / "_site") == before
    assert not (site / "._site.new").exists()


def test_extending_theme_overrides_one_stylesheet_and_keeps_the_rest(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "site.yaml": "name: T\ntheme: example-extends\n"})
    assert build(site).code == 0
    assert "--accent: #0b6e4f" in (site / "_site" / "css" / "theme.css").read_text(encoding="utf-8")
    assert "prefers-color-scheme" in (site / "_site" / "css" / "site.css").read_text(encoding="utf-8")
    page = html(site / "_site" / "venue" / "index.html")
    assert [link["href"] for link in page.find_all("link", rel="stylesheet")] == ["../css/site.css", "../css/theme.css"]


def test_a_sites_own_theme_extends_the_default_and_overrides_a_template(tmp_path):
    site = write_tree(tmp_path / "site", {
        **MINIMAL_SITE, "site.yaml": "name: T\ntheme: mine\n",
        "themes/mine/theme.yaml": "extends: example-extends\n",
        "themes/mine/templates/page.html": '{% extends "base.html" %}{% block main %}<h1 class="mine">{{ page.title }}</h1>{% endblock %}',
    })
    assert build(site).code == 0
    page = html(site / "_site" / "venue" / "index.html")
    assert page.find("h1", class_="mine").get_text() == "Venue"
    assert page.find("a", class_="skip-link") is not None  # base.html still comes from the default theme
    assert "#0b6e4f" in (site / "_site" / "css" / "theme.css").read_text(encoding="utf-8")


def test_toggle_remembers_dark_across_pages_and_keyboard_reaches_content(browser, showcase):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    with http_server(showcase.parent) as root:
        page.goto(root + "conf/")
        background = "getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible once focused
        page.keyboard.press("Tab")  # then the home link, the search box, the toggle, the menu
        assert page.evaluate("document.activeElement.className") == "brand site-name"
        outline = "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
        assert page.evaluate(outline) == ["solid", "3px"]  # focus is visible
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "site-search"
        toggle = page.get_by_role("button", name="Dark theme")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        assert page.evaluate(background) == "rgb(15, 20, 25)"
        page.goto(root + "conf/committees/")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert page.evaluate(background) == "rgb(15, 20, 25)"
        assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "true"
    context.close()


def test_search_from_the_header_finds_papers_people_and_pages_under_a_sub_path(browser, showcase):
    page = browser.new_page()
    with http_server(showcase.parent) as root:
        page.goto(root + "conf/cfp/")
        page.get_by_role("searchbox", name="Search the site").fill("Static Search at Scale")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-search-results] li")
        assert page.url.startswith(root + "conf/search/?q=")
        first = page.locator("[data-search-results] > li h2 a").first
        assert first.inner_text() == "Static Search at Scale"  # the paper's own page
        assert first.get_attribute("href") == root + "conf/papers/lima2031/"
        # lists that repeat the paper (all papers, its authors' pages) and its citation are left out of the index:
        # each page is found for what it is about, and the index is smaller
        found = page.locator("[data-search-results] > li h2 a").evaluate_all("links => links.map(a => a.href)")
        assert root + "conf/papers/" not in found and not any("/people/" in href for href in found), found
        for query, expected in (("Okafor", root + "conf/committees/"), ("Lisbon", root + "conf/"),
                                ("registration", root + "conf/news/registration-open/")):
            page.fill("#search-query", query)
            page.wait_for_function("expected => [...document.querySelectorAll('[data-search-results] h2 a')]"
                                   ".some(a => a.href === expected)", arg=expected)
        page.fill("#search-query", "zzzzqqq")
        page.wait_for_function("document.querySelector('[data-search-status]').textContent.startsWith('No results')")
        page.fill("#search-query", "papers")
        page.wait_for_selector("[data-search-results] li")
        page.locator("[data-search-results] h2").get_by_role("link", name="Papers", exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Papers"
    page.close()



def test_print_shows_the_content_without_menu_search_or_toggle(browser, showcase):
    page = browser.new_page()
    with http_server(showcase.parent) as root:
        page.goto(root + "conf/cfp/")
        page.emulate_media(media="print", color_scheme="dark")
        for hidden in (".site-nav", ".search-box", ".theme-toggle", ".skip-link"):
            assert not page.locator(hidden).is_visible(), hidden
        assert page.locator("h1").is_visible() and page.locator(".prose table").is_visible()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.close()


def test_search_opened_from_disk_says_so_and_lists_every_page(browser, showcase):
    page = browser.new_page()
    page.goto((showcase / "cfp" / "index.html").as_uri())
    page.get_by_role("searchbox", name="Search the site").fill("static")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('could not be loaded')")
    assert page.url.startswith((showcase / "search" / "index.html").as_uri())
    assert page.get_by_role("heading", name="All pages").is_visible()
    assert page.locator("[data-search-index] a", has_text="Call for Papers").is_visible()
    page.close()


def test_the_search_index_does_not_depend_on_the_folder_the_build_runs_in_or_pagefind_s_variables(tmp_path,
                                                                                                    monkeypatch):
    """pagefind reads a pagefind.yml (.json, .toml) of the folder it runs in and PAGEFIND_* variables: none may
    change what a site's build gives (a glob there left all but one page out of the index)."""
    files = {**MINIMAL_SITE, "content/venue.md": "---\ntitle: Venue\n---\nThe harbour hall.\n"}
    clean = write_tree(tmp_path / "clean", files)
    assert build(clean).code == 0
    elsewhere = write_tree(tmp_path / "elsewhere", {"pagefind.yml": 'glob: "venue/*.html"\nforce_language: "fr"\n',
                                                    "pagefind.json": '{"exclude_selectors": ["main"]}'})
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("PAGEFIND_GLOB", "index.html")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "footer")
    other = write_tree(tmp_path / "other", files)
    assert build(other).code == 0
    index = {path: data for path, data in snapshot(other / "_site").items() if path.startswith("pagefind/")}
    assert index and index == {path: data for path, data in snapshot(clean / "_site").items()
                               if path.startswith("pagefind/")}
