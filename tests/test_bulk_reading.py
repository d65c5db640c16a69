"""Reading and assembling many papers cheaply gives what the plain way gives: the same text, papers, errors."""
from __future__ import annotations

import dataclasses
import gc
import random
import re

from confsite import model
from confsite.bulk import gc_paused
from confsite.proceedings import _copy_with
from confsite.readers.papers import _decode_word, latex_to_text, papers_from_text

SHOWN = "data/papers.bib"


def _word_by_word(value: str) -> str:
    """The rule latex_to_text follows, written the plain way: split at spaces outside braces and math, decode
    each piece that holds LaTeX alone, keep the others, collapse the spaces."""
    if not re.search(r"[\\{}~$]", value):
        return " ".join(value.replace("\\%", "%").split())
    pieces, current, depth, math = [], [], 0, False
    for word in value.split():
        if not current and "{" not in word and "}" not in word and "$" not in word:
            pieces.append(word)
            continue
        current.append(word)
        depth += word.count("{") - word.count("\\{") - word.count("}") + word.count("\\}")
        math ^= (word.count("$") - word.count("\\$")) % 2 == 1
        if depth <= 0 and not math:
            pieces.append(" ".join(current))
            current, depth = [], 0
    if current:
        pieces.append(" ".join(current))
    decoded = [_decode_word(piece) if re.search(r"[\\{}~$]", piece) else piece for piece in pieces]
    return " ".join(" ".join(decoded).split())


def test_latex_to_text_decodes_piece_by_piece_whatever_the_spacing_and_nesting():
    alphabet = [*"ab c{}$\\~%\n\t", "\xa0", "\u2003", "\\'e", "\\times", '{\\"o}', "  ", "\\{", "\\}", "\\$", "é",
                "word ", "{GPU}"]
    rng = random.Random(10)
    for _ in range(2000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert latex_to_text.__wrapped__(value) == _word_by_word(value), repr(value)
    abstract = ("We speed up {GPU} training by 13\\% and $3\\times$ with {\\em sparse {kernels}} on Sch{\\\"o}n's "
                "cluster~today; math $a + {b}$ stays whole, and so does {an {open} brace")
    assert latex_to_text(abstract) == _word_by_word(abstract)
    assert latex_to_text(abstract).startswith("We speed up GPU training by 13% and 3× with sparse kernels on Schön's")


def test_an_author_read_twice_is_one_object_with_its_display_name_computed_once():
    papers, errors = papers_from_text("@article{a, author = {Sch{\\\"o}n, Grace and Lee, Ann}, title = {A}}\n"
                                      "@article{b, author = {Lee, Ann}, title = {B}}\n", SHOWN)
    assert errors == []
    ann = papers[0].authors[1]
    assert ann is papers[1].authors[0] and ann.display == "Ann Lee" and papers[0].authors[0].display == "Grace Schön"
    assert "display" in vars(ann)  # kept on the object, not a field: equality and repr stay the fields'
    assert ann == dataclasses.replace(ann) and "display" not in repr(ann)


def test_a_regrouped_paper_equals_what_dataclasses_replace_makes():
    paper = model.Paper(key="k", url="papers/k/", title="T", authors=(model.Author("Ann Lee", "people/ann-lee/"),),
                        year="2024", venue="V", group="2024", group_id="group-2024", json_ld={"name": "T"})
    copied = _copy_with(paper, group="Systems", group_id="session-s1")
    replaced = dataclasses.replace(paper, group="Systems", group_id="session-s1")
    assert copied == replaced and type(copied) is model.Paper and list(vars(copied)) == list(vars(replaced))
    assert (paper.group, paper.group_id) == ("2024", "group-2024")  # the original is left as it was


def test_gc_paused_leaves_the_collector_as_it_found_it():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------- papers.bib parsed in processes

ABSTRACT = "We make {GPU} serving {\\em fast}: " + " ".join(["kernels", "caching", "Sch{\\\"o}n", "$3\\times$"] * 12)


def _entry(index: int, extra: str = "") -> str:
    return (f"@inproceedings{{p{index:03d},\n  author = {{Lee, Ann and M{{\\\"u}}ller, Jo {index}}},\n"
            f"  title = {{Paper {index} on {{LLM}} Systems}},\n  crossref = {{conf}},\n  month = mar,\n"
            f"  abstract = {{{ABSTRACT} {index}}},\n{extra}}}\n\n")


def _bib(broken_at: int | None = None, count: int = 60) -> str:
    parts = ["@string{short = {Proc. of}}\n\n"]
    for index in range(count):
        if index == broken_at:
            parts.append(f"@inproceedings{{broken{index},\n  title = {{Missing a brace,\n  author = {{A B}}\n\n")
        elif index == count // 3:
            parts.append(_entry(index, "  note = venue # { 2030},\n  title = {Twice, differently},\n"))
        else:
            parts.append(_entry(index))
    parts.append("% the venue, defined after the entries that use it\n@string{venue = short # { TestConf}}\n\n"
                 "@proceedings{conf, title = venue, year = 2030}\n")
    return "".join(parts)


def _read(text: str, monkeypatch, jobs: int):
    from confsite.readers import bibtex

    monkeypatch.setattr(bibtex, "jobs_for", lambda size, threshold: jobs)  # in processes however small the text
    papers, errors = papers_from_text(text, SHOWN)
    return [dataclasses.astuple(paper) for paper in papers], [str(error) for error in errors]


def test_papers_read_in_processes_are_those_read_in_one(monkeypatch):
    text = _bib()
    serial = _read(text, monkeypatch, 1)
    assert _read(text, monkeypatch, 3) == serial
    papers, errors = serial
    assert len(papers) == 59 and papers[0][0] == "p000"  # the entry giving a title twice is left out, @proceedings too
    assert errors == [f"{SHOWN}:{text[:text.index('Twice')].count(chr(10)) + 1}: error: the field 'title' is given "
                      "twice with different values in the entry 'p020'\n"
                      f"    hint: the first one is at line {text[:text.index('Paper 20 ')].count(chr(10)) + 1}; keep one "
                      "of them"]
    fields = dict(papers[5][7])
    assert fields["booktitle"] == "Proc. of TestConf" and fields["month"] == "March"  # @string after use, crossref
    assert fields["abstract"].startswith("We make {GPU}") and fields["year"] == "2030"


def test_a_broken_entry_in_the_second_half_gives_the_same_errors_on_the_same_lines(monkeypatch):
    text = _bib(broken_at=41)
    serial = _read(text, monkeypatch, 1)
    assert _read(text, monkeypatch, 2) == serial
    assert _read(text, monkeypatch, 3) == serial
    line = text[:text.index("@inproceedings{broken41")].count("\n") + 1
    assert any(error.startswith(f"{SHOWN}:{line}: error: malformed BibTeX entry") for error in serial[1]), serial[1]
    assert [paper[0] for paper in serial[0]][:40] == [f"p{index:03d}" for index in range(41) if index != 20]


def test_a_line_starting_with_at_inside_a_value_and_random_damage_read_alike(monkeypatch):
    rng = random.Random(7)
    base = _bib(count=30).replace("title = {Paper 12 on", "title = {Paper 12\n@misc{not-an-entry, on")
    for _ in range(12):
        text = base
        for _ in range(rng.randint(0, 2)):  # drop or double a brace, a comma or a quote somewhere
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(["", "{", "}", ",", '"', "}\n"]) + text[at + 1:]
        assert _read(text, monkeypatch, 3) == _read(text, monkeypatch, 1)


def test_exported_values_keep_their_braces_only_when_they_balance():
    from confsite.readers.bibtex import _balanced

    def walked(value: str) -> bool:
        depth = 0
        for char in value:
            depth += (char == "{") - (char == "}")
            if depth < 0:
                return False
        return depth == 0

    rng = random.Random(3)
    for _ in range(5000):
        value = "".join(rng.choice("ab{}\\ ") for _ in range(rng.randint(0, 14)))
        expected = value if walked(value) else value.replace("{", "\\{").replace("}", "\\}")
        assert _balanced(value) == expected, repr(value)
    assert _balanced("{a} }{ b") == "\\{a\\} \\}\\{ b" and _balanced("{{GPU}} and {x}") == "{{GPU}} and {x}"


def test_a_build_reading_papers_bib_in_processes_reports_every_error_at_its_line(tmp_path, monkeypatch):
    from confsite.readers import bibtex
    from tests.conftest import MINIMAL_SITE, build, write_tree

    monkeypatch.setattr(bibtex, "jobs_for", lambda size, threshold: 2)
    text = _bib(broken_at=45).replace("  author = {Lee, Ann and M{\\\"u}ller, Jo 50},\n", "")
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "data/papers.bib": text,
                                          "content/venue.md": "---\ntitle: Venue\nnav_order: [2\n---\nText.\n"})
    run = build(site)
    assert run.code == 1
    lines = {key: text[:text.index(start)].count("\n") + 1
             for key, start in (("broken", "@inproceedings{broken45"), ("p050", "@inproceedings{p050"),
                                ("twice", "  title = {Twice"))}
    assert f"data/papers.bib:{lines['broken']}: error: malformed BibTeX entry" in run.err
    assert f"data/papers.bib:{lines['p050']}: error: the entry 'p050' has no author" in run.err
    assert f"data/papers.bib:{lines['twice']}: error: the field 'title' is given twice" in run.err
    assert "content/venue.md:3:" in run.err  # and the other files' errors, in the same run
    assert "Traceback" not in run.err
    assert not (site / "_site").exists()


def test_a_value_in_braces_reads_as_the_general_rule_reads_it():
    from confsite.readers.bibtex import _Expander, _split_concatenation

    def expander():  # a new one each time: an expander remembers the macros it expanded
        return _Expander({"conf": ("{Sys}", 1), "loop": ("loop", 2)})

    def general(raw: str):
        undefined, one = [], expander()
        return "".join(one._piece(piece, undefined) for piece in _split_concatenation(raw)), undefined

    rng = random.Random(2)
    tokens = ["{", "}", '"', "#", " ", "a", "conf", "jan", "1", "\n", "loop", "nodef"]
    for _ in range(5000):
        raw = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 8)))
        assert expander().value(raw) == general(raw), repr(raw)
    assert expander().value("{a}{b}") == ("a}{b", []) and expander().value("{x} # conf") == ("xSys", [])
