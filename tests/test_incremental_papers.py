"""The preview's papers: after each edit of papers.bib, what the preview builds (reusing what earlier builds
parsed and assembled) is exactly what a clean build of the same files gives, pages and errors alike."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_SITE, PreviewAgainstClean, write_tree
from confsite.assemble.site import assemble
from confsite.errors import Problems
from confsite.memo import Memo
from confsite.pipeline import Memory, build
from confsite.read.config import load_config
from confsite.read.site import read_sources
from confsite.read.papers import papers_from_text

HEAD = """% TestConf's papers
@string{conf = {Proceedings of TestConf}}
@string{yr = {2030}}
@proceedings{testconf30, title = conf # { 2030}, year = yr, publisher = {TestConf}, month = may}
"""


def entry(key: str, title: str, authors: str, extra: str = "  crossref = {testconf30},\n") -> str:
    return f"@inproceedings{{{key},\n  author = {{{authors}}},\n  title = {{{title}}},\n{extra}}}\n"


PAPERS = [
    entry("doe2030fast", "Fast {GPU} Training", "Doe, Jane and R{\\'e}, Chris"),
    entry("roe2030small", "Small Models", "Roe, Richard and Doe, Jane", "  booktitle = conf,\n  year = yr,\n"),
    entry("lee2030zero", "Zero-Copy Serving", "Lee, Ann and Lovelace, Ada"),
    entry("kim2030sched", "Scheduling at {Scale}", "Kim, Yuki", "  booktitle = conf,\n  month = jun,\n  year = 2030,\n"),
    entry("ng2030quant", "Quantization by 13% and $3\\times$", "Ng, Andrew and Kim, Yuki"),
]
PROGRAM = """days:
  - date: 2030-05-11
    sessions:
      - title: Systems
        id: systems
        kind: papers
        start: "09:00"
        end: "10:00"
        items:
          - paper: doe2030fast
          - paper: roe2030small
          - paper: lee2030zero
      - title: Scale
        id: scale
        kind: papers
        start: "10:30"
        end: "11:30"
        items:
          - paper: kim2030sched
          - paper: ng2030quant
"""
SITE = {
    **MINIMAL_SITE,
    "site.yaml": "name: TestConf\nedition: TestConf 2030\ntimezone: Europe/Berlin\n"
                 "dates: {start: 2030-05-11, end: 2030-05-12}\n",
    "data/committees.yaml": "committees:\n  - name: Program Committee\n    members:\n      - name: Ada Lovelace\n"
                            "      - name: Jane Doe\n        id: jdoe\n",
    "data/program.yaml": PROGRAM,
    # a page that does not change, linking to a paper that some edits remove: its link breaks all the same
    "content/highlights.md": "---\ntitle: Highlights\n---\nRead [Fast GPU Training](/papers/doe2030fast/).\n",
}


def bib(papers=PAPERS, head=HEAD) -> str:
    return head + "\n".join(papers)


def preview_read(text: str, memo: Memo):
    """papers_from_text as a preview build reads papers.bib: the memo turned first."""
    memo.turn()
    return papers_from_text(text, "data/papers.bib", memo)


@pytest.fixture(scope="module")
def compare(tmp_path_factory):
    """compare(text): write papers.bib, build in the preview (one cache for the module) and clean; both must agree."""
    root = tmp_path_factory.mktemp("edits")
    site = write_tree(root / "site", {**SITE, "data/papers.bib": bib()})
    builds = PreviewAgainstClean(site, root)

    def run(text: str, program: str = PROGRAM):
        (site / "data" / "papers.bib").write_text(text, encoding="utf-8")
        (site / "data" / "program.yaml").write_text(program, encoding="utf-8")
        return builds.check()

    assert run(bib())[0] == "built"
    return run


EDITS = {
    "one entry's title": bib([PAPERS[0].replace("Fast", "Edited Fast"), *PAPERS[1:]]),
    "an author renamed": bib([PAPERS[0].replace("Doe, Jane and", "Doe, Janet and"), *PAPERS[1:]]),
    "a field added, moving the entries below": bib([PAPERS[0].replace("  title", "  note = {new}\n  title"),
                                                     *PAPERS[1:]]),
    "a @string changed": bib(head=HEAD.replace("Proceedings of TestConf", "Proc. TestConf")),
    "a @string removed": bib(head=HEAD.replace("@string{yr = {2030}}\n", "")),
    "the crossref target changed": bib(head=HEAD.replace("publisher = {TestConf}", "publisher = {ACM}")
                                       .replace("month = may", "month = jul")),
    "the crossref target removed": bib(head=HEAD.replace(HEAD.splitlines()[3] + "\n", "")),
    "an entry added": bib([*PAPERS, entry("new2030", "A New Paper", "Novak, Jakub")]),
    "an entry removed": bib(PAPERS[1:]),
    "entries moved": bib([PAPERS[3], PAPERS[0], PAPERS[4], PAPERS[2], PAPERS[1]]),
    "an entry written twice": bib([*PAPERS, PAPERS[1]]),
    "a broken entry": bib([PAPERS[0], PAPERS[1].replace("Small Models}", "Small Models"), *PAPERS[2:]]),
    "an entry without a title": bib([PAPERS[0], PAPERS[1].replace("  title = {Small Models},\n", ""), *PAPERS[2:]]),
    "an undefined macro": bib([PAPERS[0], PAPERS[1].replace("booktitle = conf", "booktitle = confx"), *PAPERS[2:]]),
    "an '@' at the start of a line inside a value": bib([PAPERS[0].replace("Fast {GPU}", "Fast\n@{GPU}"),
                                                         *PAPERS[1:]]),
    "an author added": bib([PAPERS[0].replace("R{\\'e}, Chris", "R{\\'e}, Chris and Novak, Jakub"), *PAPERS[1:]]),
    "an author removed": bib([PAPERS[0].replace(" and R{\\'e}, Chris", ""), *PAPERS[1:]]),
    "a paper's year changed": bib([PAPERS[0], PAPERS[1], PAPERS[2], PAPERS[3].replace("year = 2030", "year = 2029"),
                                   PAPERS[4]]),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_and_its_undoing_give_what_a_clean_build_gives(compare, edit):
    compare(EDITS[edit])
    assert compare(bib())[0] == "built"


def test_a_link_to_a_removed_paper_breaks_on_the_page_that_did_not_change(compare):
    kind, errors = compare(bib(PAPERS[1:]), PROGRAM.replace("          - paper: doe2030fast\n", ""))
    assert kind == "failed"
    assert any(error.startswith("content/highlights.md:4:") and "/papers/doe2030fast/" in error for error in errors), errors
    assert compare(bib())[0] == "built"


def test_an_error_is_reported_at_its_line_after_entries_above_it_moved(compare):
    broken = PAPERS[3].replace("Scheduling at {Scale}}", "Scheduling at {Scale}")
    kind, errors = compare(bib([PAPERS[0], PAPERS[1], PAPERS[2], broken, PAPERS[4]]))
    assert kind == "failed"
    line = bib([PAPERS[0], PAPERS[1], PAPERS[2]]).count("\n") + 2  # the line of '@inproceedings{kim2030sched,'
    assert any(error.startswith(f"data/papers.bib:{line}:") for error in errors), errors
    kind, moved = compare(bib([PAPERS[0].replace("  title", "  note = {a}\n  note2 = {b}\n  title"),
                               PAPERS[1], PAPERS[2], broken, PAPERS[4]]))
    assert any(error.startswith(f"data/papers.bib:{line + 2}:") for error in moved), moved
    assert compare(bib())[0] == "built"


def test_the_preview_decodes_again_only_the_edited_entry():
    """An entry whose text did not change keeps the very same record; the edited one is read again."""
    memo = Memo()
    before, _ = preview_read(bib(), memo)
    after, _ = preview_read(bib([PAPERS[0], PAPERS[1].replace("Small", "Tiny"), *PAPERS[2:]]), memo)
    assert [a is b for a, b in zip(before, after)] == [True, False, True, True, True]
    assert after[1].title == "Tiny Models"


def test_an_entry_unchanged_across_two_readings_is_the_same_paper():
    memo = Memo()
    before, _ = preview_read(bib(), memo)
    again, errors = preview_read(bib(), memo)
    assert errors == [] and len(again) == 5 and all(a is b for a, b in zip(before, again))


def test_an_entry_moved_down_by_a_line_inserted_above_it_is_an_equal_paper_at_its_new_line():
    memo = Memo()
    before, _ = preview_read(bib(), memo)
    moved = bib([PAPERS[0], "% a line above the others\n" + PAPERS[1], *PAPERS[2:]])
    after, errors = preview_read(moved, memo)
    assert errors == [] and after == papers_from_text(moved, "data/papers.bib")[0]
    # (the line belongs to the first entry's piece of the file, which is read again: an equal paper)
    assert after[0] == before[0] and [after[i].line - before[i].line for i in range(5)] == [0, 1, 1, 1, 1]
    for old, new in zip(before[1:], after[1:]):
        assert new is not old and new == replace(old, line=old.line + 1)


def test_random_edits_read_as_a_clean_read_does():
    """Lines inserted, deleted, duplicated, swapped and cut, with the memo of every earlier version."""
    rng = random.Random(7)
    original = bib()
    memo, text = Memo(), original
    preview_read(text, memo)
    for _ in range(150):
        lines = text.split("\n")
        at = rng.randrange(len(lines))
        change = rng.randrange(5)
        if change == 0:
            lines.insert(at, rng.choice(["", "@misc{x, title={T}, author={A B}}", "@string{conf = {Other}}", "}"]))
        elif change == 1 and len(lines) > 2:
            del lines[at]
        elif change == 2:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif change == 3:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            lines[at] = lines[at][: len(lines[at]) // 2]
        text = "\n".join(lines) if rng.random() < 0.9 else original
        assert preview_read(text, memo) == papers_from_text(text, "data/papers.bib")


def test_an_edited_title_renders_the_pages_that_show_it_and_no_other(tmp_path):
    """Pages read the fields of their paper, session and program one by one: a paper's neighbours in its session
    and the other sessions' pages do not show the edited title, so they are not rendered again."""
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    cache = Memory()
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    (site / "data" / "papers.bib").write_text(bib([PAPERS[0], PAPERS[1].replace("Small", "Tiny"), *PAPERS[2:]]))
    rendered = set(build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False).rendered)
    assert {"papers/roe2030small/index.html", "papers/index.html", "program/index.html", "program/systems/index.html",
            "people/richard-roe/index.html", "people/jdoe/index.html"} <= rendered
    assert not rendered & {"papers/doe2030fast/index.html", "papers/lee2030zero/index.html",
                           "program/scale/index.html", "people/ann-lee/index.html", "index.html"}


def test_lines_added_above_entries_render_no_page_again(tmp_path):
    """No page shows the line of an entry: moving every entry down renders nothing again, and errors
    still name the new lines (test_an_error_is_reported_at_its_line_after_entries_above_it_moved)."""
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    cache = Memory()
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    (site / "data" / "papers.bib").write_text(bib(head=HEAD + "% the accepted papers\n\n"))
    assert build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False).rendered == ()


def test_the_entries_after_a_broken_one_are_not_read_again_once_it_is_fixed():
    memo = Memo()
    before, _ = preview_read(bib(), memo)
    broken = bib([PAPERS[0], PAPERS[1].replace("Small Models}", "Small Models"), *PAPERS[2:]])
    assert preview_read(broken, memo) == papers_from_text(broken, "data/papers.bib")
    # (the fixed entry too is the very one of two builds back: the memo keeps for one more build what the last one
    # did not ask for)
    after, errors = preview_read(bib(), memo)
    assert errors == [] and [a is b for a, b in zip(before, after)] == [True, True, True, True, True]


def test_the_first_preview_build_remembers_the_folder_it_wrote_whole(tmp_path):
    """A new output folder is written whole and swapped in; the preview remembers those files too, so the next
    build compares in memory, and put_back rewrites a file that another program changed since."""
    from confsite.output.write import put_back, write_in_place

    known: dict = {}
    out = tmp_path / "out"
    assert write_in_place({"a.html": b"alpha", "b/c.txt": b"gamma"}, out, known).written == ("a.html", "b/c.txt")
    assert set(known) == {"a.html", "b/c.txt"}
    (out / "b" / "c.txt").write_bytes(b"changed by someone else")
    assert put_back(out, known) == ("b/c.txt",)
    assert (out / "b" / "c.txt").read_bytes() == b"gamma"
    assert write_in_place({"a.html": b"alpha", "b/c.txt": b"gamma"}, out, known).written == ()


@pytest.fixture(scope="module")
def compare_unscheduled(tmp_path_factory):
    """As `compare`, on a site without a program: the papers page lists the papers by year, then title."""
    root = tmp_path_factory.mktemp("unscheduled")
    site = write_tree(root / "site", {**SITE, "data/papers.bib": bib()})
    (site / "data" / "program.yaml").unlink()
    builds = PreviewAgainstClean(site, root)

    def run(text: str, files: dict | None = None):
        (site / "data" / "papers.bib").write_text(text, encoding="utf-8")
        for relative, content in (files or {}).items():
            if content is None:
                (site / relative).unlink()
            else:
                write_tree(site, {relative: content})
        return builds.check()

    assert run(bib())[0] == "built"
    return run


def _papers_in_order(result) -> list[str]:
    page = BeautifulSoup(result[1]["papers/index.html"], "html.parser")
    return [item.select_one(".paper-title").get_text() for item in page.select("li.paper")]


def test_titles_that_change_the_order_of_the_papers_list_give_what_a_clean_build_gives(compare_unscheduled):
    before = _papers_in_order(compare_unscheduled(bib()))
    assert before[0] == "Fast GPU Training"
    moved = _papers_in_order(compare_unscheduled(bib([PAPERS[0].replace("Fast", "Zoom: Fast"), *PAPERS[1:]])))
    assert moved[-1] == "Zoom: Fast GPU Training" and moved[:-1] == before[1:]
    added = _papers_in_order(compare_unscheduled(bib([*PAPERS, entry("abe2030", "A First Paper", "Abe, Kobo")])))
    assert added[0] == "A First Paper"
    assert _papers_in_order(compare_unscheduled(bib())) == before


def test_a_template_edit_renders_every_fragment_again(compare_unscheduled):
    """A site's own papers.html changes the markup of each paper: no paper keeps the markup of the theme's."""
    theme_papers = (Path(__file__).resolve().parent.parent / "themes" / "default" / "templates" / "papers.html").read_text()
    assert '<h3 class="paper-title">' in theme_papers
    changed = theme_papers.replace('<h3 class="paper-title">', '<h3 class="paper-title edited">')
    result = compare_unscheduled(bib(), {"templates/papers.html": changed})
    page = BeautifulSoup(result[1]["papers/index.html"], "html.parser")
    assert len(page.select("h3.paper-title.edited")) == len(page.select("li.paper")) == len(PAPERS)
    result = compare_unscheduled(bib(), {"templates/papers.html": None})
    assert not BeautifulSoup(result[1]["papers/index.html"], "html.parser").select("h3.edited")


def _fragments(memory: Memory, page: str) -> dict:
    """The {% fragment %} blocks the preview keeps of a page, as last rendered."""
    return memory.outputs.rendered[page + "index.html"].fragments


def test_a_title_edit_renders_the_fragment_of_that_paper_alone(tmp_path):
    """The papers list and the program are rendered again after a title edit, but of their blocks (one per group of
    papers and per paper, one per day and per session) only those showing the paper or its session (which lists the
    paper's title): the others are the very strings the last build made."""
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    cache = Memory()
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    before = {page: dict(_fragments(cache, page)) for page in ("papers/", "program/")}
    # one per paper and per group of papers, one per session and per day (and what they all depend on)
    assert (len(before["papers/"]), len(before["program/"])) == (len(PAPERS) + 2 + 1, 2 + 1 + 1)
    (site / "data" / "papers.bib").write_text(bib([PAPERS[0], PAPERS[1].replace("Small", "Tiny"), *PAPERS[2:]]))
    report = build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    assert {"papers/index.html", "program/index.html"} <= set(report.rendered)
    kept = {page: sorted(key[1] for key, block in blocks.items() if isinstance(key, tuple) and block[1] is before[page][key][1])
            for page, blocks in ((page, _fragments(cache, page)) for page in ("papers/", "program/"))}
    # the Scale group's block is reused whole, and the blocks of its papers are kept with it for the next build
    assert kept == {"papers/": ["kim2030sched", "ng2030quant", "session-scale"], "program/": ["scale"]}
    assert "Tiny Models" in (tmp_path / "out" / "papers" / "index.html").read_text()


def test_the_blocks_inside_a_block_reused_whole_are_kept_for_the_builds_after(tmp_path):
    """Without a program the papers are listed by year: an edit in 2029 reuses the 2030 group's block whole, and
    the next edit, in 2030, renders that group again with the blocks of its other papers from the first build."""
    papers = [PAPERS[0], PAPERS[1].replace("year = yr", "year = 2029"), *PAPERS[2:]]
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib(papers)})
    (site / "data" / "program.yaml").unlink()
    cache = Memory()
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    first = {key[1]: block[1] for key, block in _fragments(cache, "papers/").items() if isinstance(key, tuple)}
    assert {"group-2029", "group-2030", "doe2030fast", "ng2030quant"} <= set(first)
    papers[1] = papers[1].replace("Small", "Tiny")
    (site / "data" / "papers.bib").write_text(bib(papers))
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    papers[3] = papers[3].replace("Scheduling", "Planning")
    (site / "data" / "papers.bib").write_text(bib(papers))
    report = build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    assert "papers/index.html" in report.rendered
    blocks = {key[1]: block[1] for key, block in _fragments(cache, "papers/").items() if isinstance(key, tuple)}
    assert {key for key in blocks if blocks[key] is first[key]} == {"doe2030fast", "lee2030zero", "ng2030quant"}
    assert "Planning at" in blocks["kim2030sched"] and "Tiny Models" in blocks["roe2030small"]
    page = (tmp_path / "out" / "papers" / "index.html").read_text()
    clean = tmp_path / "clean"
    build(site, clean, drafts=True, search_index=False)
    assert page == (clean / "papers" / "index.html").read_text()


def test_edits_in_a_row_that_reassemble_only_the_changed_papers_give_what_a_clean_build_gives(compare):
    """Title, year and abstract edits keep every key and author: the preview's memo then gives the other papers,
    people and sessions of the builds before; edits that change more (a session, its zone) make those again."""
    titled = [PAPERS[0].replace("Fast", "Edited Fast"), *PAPERS[1:]]
    compare(bib(titled))
    titled[4] = titled[4].replace("Quantization", "Aardvark Quantization")  # moves it first in its session
    compare(bib(titled))
    titled[1] = titled[1].replace("year = yr", "year = 2029")  # moves it last on the people pages
    compare(bib(titled))
    titled[2] = titled[2].replace("  crossref", "  abstract = {An abstract.},\n  crossref")
    kind, files = compare(bib(titled))
    person = BeautifulSoup(files["people/ann-lee/index.html"], "html.parser").get_text()
    assert kind == "built" and "Zero-Copy Serving" in person
    moved = PROGRAM.replace("          - paper: lee2030zero\n", "").replace("          - paper: ng2030quant\n",
                                                                             "          - paper: ng2030quant\n"
                                                                             "          - paper: lee2030zero\n")
    compare(bib(titled), moved)
    titled[2] = titled[2].replace("Zero-Copy", "Zero-Copy Fast")
    kind, files = compare(bib(titled), moved)
    sessions = BeautifulSoup(files["papers/index.html"], "html.parser")
    assert "Zero-Copy Fast Serving" in sessions.select_one("#session-scale").get_text()
    compare(bib(titled), PROGRAM.replace("kind: papers\n        start: \"10:30\"", "kind: papers\n        start: \"08:00\""))
    titled[3] = titled[3].replace("Scheduling", "Rescheduling")
    compare(bib(titled))
    # the same times in another zone of the same offset: equal datetimes, other pages (the sessions are made again)
    kind, files = compare(bib(titled), "timezone: Europe/Paris\n" + PROGRAM)
    assert kind == "built" and b"Europe/Paris" in files["program/index.html"]
    assert compare(bib())[0] == "built"


def test_a_title_edit_then_no_entry_at_all_gives_what_a_clean_build_gives(tmp_path):
    """An edit of the papers is one build's: once papers.bib has no entry, the program (the very same program.yaml)
    finds none of its papers."""
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    builds = PreviewAgainstClean(site, tmp_path)
    assert builds.check()[0] == "built"
    (site / "data" / "papers.bib").write_text(bib([PAPERS[0].replace("Fast", "Edited Fast"), *PAPERS[1:]]))
    assert builds.check()[0] == "built"
    (site / "data" / "papers.bib").write_text("% No paper yet.\n")
    kind, errors = builds.check()
    assert kind == "failed" and any("there is no paper 'doe2030fast'" in error for error in errors), errors


def test_assembling_again_with_one_memo_makes_again_only_the_edited_paper_and_its_authors(tmp_path):
    """The preview's memo: an assembly with nothing changed gives the last proceedings and program themselves; after
    a title edit, every other paper, session and person is the last build's very object, and the whole is what an
    assembly without a memo gives."""
    site_dir = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    config, memo = load_config(site_dir), Memo()

    def assembled(text: str, memo: Memo | None):
        problems = Problems()
        sources = read_sources(site_dir, problems)
        if memo is not None:
            memo.turn()
        sources.papers, errors = papers_from_text(text, "data/papers.bib", memo)
        sources.memo = memo
        site = assemble(config, sources, problems)
        assert not errors and not problems.errors
        return site

    before = assembled(bib(), memo)
    again = assembled(bib(), memo)
    assert again.proceedings is before.proceedings and again.program is before.program
    edited = bib([PAPERS[0], PAPERS[1].replace("Small", "Aardvark"), *PAPERS[2:]])
    after = assembled(edited, memo)
    clean = assembled(edited, None)
    assert after.proceedings == clean.proceedings and after.program == clean.program
    old = {paper.key: paper for paper in before.proceedings.papers}
    assert [paper.key for paper in after.proceedings.papers if paper is not old[paper.key]] == ["roe2030small"]
    people = {person.identity: person for person in before.proceedings.people}
    assert sorted(person.name for person in after.proceedings.people if person is not people[person.identity]) == \
        ["Jane Doe", "Richard Roe"]
    assert [session is old_session for session, old_session in zip(after.program.sessions, before.program.sessions)] \
        == [False, True]  # the session 'Systems' presents the edited paper
    assert after.proceedings.groups[0].papers[0].title == "Aardvark Models"


IN_PLACE = {
    "the first entry's title": bib([PAPERS[0].replace("Fast", "Faster"), *PAPERS[1:]]),
    "a middle entry's title": bib([*PAPERS[:2], PAPERS[2].replace("Zero", "One"), *PAPERS[3:]]),
    "the last entry's title, at the end of the file": bib([*PAPERS[:4], PAPERS[4].replace("}\n", "} ")]),
    "the comment at the start of the file": bib(head=HEAD.replace("% TestConf's", "% Our")),
    "the crossref target's title": bib(head=HEAD.replace("{ 2030}", "{ 2030, Vol. 1}")),
    "a child's own field over its parent's": bib([PAPERS[0].replace("  crossref", "  year = {2031},\n  crossref"),
                                                   *PAPERS[1:]]),
    "a line added above an entry": bib([PAPERS[0] + "% moved down\n", *PAPERS[1:]]),
    "a line removed above an entry": bib([PAPERS[0][:-1], *PAPERS[1:]]),
    "two titles in two entries": bib([PAPERS[0].replace("Fast", "Faster"), *PAPERS[1:4],
                                      PAPERS[4].replace("Quantization", "Pruning")]),
    "a key renamed": bib([*PAPERS[:3], PAPERS[3].replace("kim2030sched", "kim2030sched2"), PAPERS[4]]),
    "a crossref added": bib([PAPERS[0], PAPERS[1].replace("  booktitle", "  crossref = {testconf30},\n  booktitle"),
                             *PAPERS[2:]]),
    "a paper's session field, moving it to another group": bib([*PAPERS[:3],
                                                               PAPERS[3].replace("  month", "  session = {Other},\n  month"),
                                                               PAPERS[4]]),
}


@pytest.mark.parametrize("edit", list(IN_PLACE))
def test_edits_in_place_give_what_a_clean_build_gives(compare, compare_unscheduled, edit):
    """Edits within entries: the preview's pages are a clean build's, with and without a program."""
    compare(IN_PLACE[edit])
    compare(IN_PLACE[edit].replace("Small Models", "Small Models Again"))  # an in-place edit after it
    assert compare(bib())[0] == "built"
    compare_unscheduled(IN_PLACE[edit])
    assert compare_unscheduled(bib())[0] == "built"


def test_a_broken_entry_then_fixed_in_place_reads_as_a_clean_read_does():
    memo = Memo()
    preview_read(bib(), memo)
    broken = bib([PAPERS[0], PAPERS[1].replace("Small Models}", "Small Models"), *PAPERS[2:]])
    for text in (broken, bib([PAPERS[0], PAPERS[1].replace("Small", "Tiny"), *PAPERS[2:]]), broken, bib()):
        assert preview_read(text, memo) == papers_from_text(text, "data/papers.bib")


def test_random_edits_in_place_read_as_a_clean_read_does():
    """Characters changed, inserted and removed anywhere in a file of many entries, titles edited: each reading with
    the memo is the clean one, and the entries whose text did not change are the last reading's."""
    rng = random.Random(11)
    extra = "  booktitle = conf,\n  year = yr,\n"
    original = bib(PAPERS + [entry(f"k{i}", f"Title {i}", f"Au{i}, A and Doe, Jane",
                                   extra if i % 3 else "  crossref = {testconf30},\n") for i in range(30)])
    memo, text = Memo(), original
    last, _ = preview_read(text, memo)
    kept = 0
    for _ in range(300):
        at, kind = rng.randrange(len(text)), rng.randrange(8)
        title = text.find("title = {", at)
        if kind < 2:
            text = text[:at] + rng.choice("abc XYZ{}@\n,=#%\"\\") + text[at + 1:]
        elif kind < 4:
            text = text[:at] + rng.choice("abc XYZ{}@\n,=#%\"\\") + text[at:]
        elif kind == 4:
            text = text[:at] + text[at + rng.randrange(1, 30):]
        elif kind == 5 and title >= 0:
            text = text[:title + 9] + "Edited " + text[title + 9:]
        elif kind == 6:
            text = original
        elif title >= 0:
            text = text[:title + 9] + text[title + 10:]
        papers, errors = preview_read(text, memo)
        assert (papers, errors) == papers_from_text(text, "data/papers.bib")
        kept += sum(any(paper is old for old in last) for paper in papers)
        last = papers
    assert kept > 300 * 20  # (most entries are untouched by an edit)




def test_every_kind_of_edit_in_a_row_gives_what_a_clean_build_gives(tmp_path):
    """The preview's rebuild after each kind of edit an organizer makes (a paper's title, authors, session and
    topics, a committee, a page, site.yaml, a template) is byte for byte a clean build's, one edit after another."""
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib(),
                                          "content/papers.md": "---\ntitle: Papers\nlayout: papers\n---\nAll.\n"})
    builds = PreviewAgainstClean(site, tmp_path)
    assert builds.check()[0] == "built"

    def edit(relative: str, old: str, new: str) -> None:
        path = site / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert builds.check()[0] == "built", (relative, old)

    edit("data/papers.bib", "Small Models", "Smaller Models")  # a title
    edit("data/papers.bib", "Roe, Richard and Doe, Jane", "Roe, Richard and Kim, Yuki and Doe, Jane")  # authors
    edit("data/program.yaml", "          - paper: lee2030zero\n", "")  # a paper's session: out of Systems...
    edit("data/program.yaml", "          - paper: ng2030quant\n", "          - paper: ng2030quant\n"
         "          - paper: lee2030zero\n")  # ... into Scale
    edit("data/papers.bib", "  title = {Zero-Copy Serving},\n", "  title = {Zero-Copy Serving},\n"
         "  keywords = {Serving, Memory},\n")  # topics
    edit("data/committees.yaml", "      - name: Ada Lovelace\n", "      - name: Ada Lovelace\n"
         "        affiliation: Analytical Engines\n")  # a committee member
    edit("content/highlights.md", "Read [Fast", "Do read [Fast")  # a page
    edit("site.yaml", "edition: TestConf 2030", "edition: TestConf 2030 (Berlin)")  # site.yaml
    write_tree(site, {"templates/paper.html": (Path(__file__).resolve().parent.parent / "themes/default/templates/"
                                               "paper.html").read_text(encoding="utf-8").replace(
        "<article", '<article data-edited="yes"', 1)})  # a template of the site
    result = builds.check()
    assert result[0] == "built" and b'data-edited="yes"' in result[1]["papers/doe2030fast/index.html"]
