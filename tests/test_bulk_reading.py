"""Reading and assembling many papers cheaply gives what the plain way gives: the same text, papers, errors."""
from __future__ import annotations

import dataclasses
import random

from confsite import model
from confsite.assemble.proceedings_papers import copy_with as _copy_with
from confsite.read.papers import papers_from_text

SHOWN = "data/papers.bib"


def test_names_split_where_bibtexparser_splits_them():
    from bibtexparser.middlewares.names import split_multiple_persons_names

    from confsite.read.papers import _names

    tokens = ["a", "n", "d", "A", "N", "D", "and", " and ", "AnD", " ", "  ", "\t", "\n", "\r", "{", "}", "\\", "\\{",
              "\\}", "x", ",", "\xa0", '{\\"o}', "others", "é", "{\\'{e}}", " and {", "} and "]
    rng = random.Random(5)
    for _ in range(20000):
        value = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 14)))
        assert _names(value) == split_multiple_persons_names(value), repr(value)
    assert _names('Sch{\\"o}n, Grace and {Simon and Schuster} AND Lee, Ann') == \
        ['Sch{\\"o}n, Grace', "{Simon and Schuster}", "Lee, Ann"]


def test_an_author_read_twice_is_one_object_with_its_display_name_computed_once():
    papers, errors = papers_from_text("@article{a, author = {Sch{\\\"o}n, Grace and Lee, Ann}, title = {A}}\n"
                                      "@article{b, author = {Lee, Ann}, title = {B}}\n", SHOWN)
    assert errors == []
    ann = papers[0].authors[1]
    assert ann is papers[1].authors[0] and ann.display == "Ann Lee" and papers[0].authors[0].display == "Grace Schön"
    assert "display" in vars(ann)  # kept on the object, not a field: equality and repr stay the fields'
    assert ann == dataclasses.replace(ann) and "display" not in repr(ann)


def test_an_assembled_paper_is_what_its_class_makes_of_the_same_values():
    from confsite.read.config import SiteConfig
    from confsite.errors import Problems
    from confsite.assemble.proceedings import assemble_proceedings

    entries, errors = papers_from_text(
        "@proceedings{conf, title = {Proc. of {Sys}}, year = 2024, month = mar}\n"
        "@inproceedings{a, author = {Sch{\\\"o}n, Grace and Lee, Ann and others}, title = {A {GPU} Study}, crossref = {conf},"
        " abstract = {One  $3\\times$.\n\nTwo.}, topics = {Systems, ML}, pages = {1--2}, doi = {https://doi.org/10.1/x},"
        " tldr = {Short.}, pdf = {https://x.org/a.pdf}}\n"
        "@article{b, editor = {Lee, Ann}, title = {B}, journal = {J}, year = {{\\noopsort{b}}2023}, award = {Best}}\n", SHOWN)
    assert errors == []
    proceedings = assemble_proceedings(SiteConfig(name="C", base_url="https://c.org/"), entries, (), [], Problems())
    for paper in proceedings.papers:
        made = model.Paper(**vars(paper))
        assert made == paper and list(vars(made)) == list(vars(paper))
    a, b = sorted(proceedings.papers, key=lambda paper: paper.key)
    assert (a.venue, a.year, a.month, a.pages, a.doi, a.abstract) == ("Proc. of Sys", "2024", "March", "1–2", "10.1/x",
                                                                       ("One 3×.", "Two."))
    assert (b.venue, b.year, b.group_id, b.awards, a.authors[1] is b.authors[0]) == ("J", "2023", "group-2023",
                                                                                    ("Best",), True)


def test_a_regrouped_paper_equals_what_dataclasses_replace_makes():
    paper = model.Paper(key="k", url="papers/k/", title="T", authors=(model.Author("Ann Lee", "people/ann-lee/"),),
                        year="2024", venue="V", group="2024", group_id="group-2024", json_ld={"name": "T"})
    copied = _copy_with(paper, group="Systems", group_id="session-s1")
    replaced = dataclasses.replace(paper, group="Systems", group_id="session-s1")
    assert copied == replaced and type(copied) is model.Paper and list(vars(copied)) == list(vars(replaced))
    assert (paper.group, paper.group_id) == ("2024", "group-2024")  # the original is left as it was



def test_exported_values_keep_their_braces_only_when_they_balance():
    from confsite.read.bibtex import _balanced

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


def test_a_value_in_braces_reads_as_the_general_rule_reads_it():
    from confsite.read.bibtex_values import Macros, _literal, _split_concatenation

    def macros():  # new ones each time: macros remember what they expanded
        return Macros({"conf": ("{Sys}", 1), "loop": ("loop", 2)})

    def general(raw: str):
        undefined, names, text = [], macros(), ""
        for piece in _split_concatenation(raw):
            if _literal(piece):
                text += piece[1:-1]
            elif piece.isdigit() or not piece:
                text += piece
            else:
                value, missing = names.name(piece)
                text, undefined = text + value, undefined + list(missing)
        return text, undefined

    rng = random.Random(2)
    tokens = ["{", "}", '"', "#", " ", "a", "conf", "jan", "1", "\n", "loop", "nodef"]
    for _ in range(5000):
        raw = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 8)))
        assert macros().value(raw) == general(raw), repr(raw)
    assert macros().value("{a}{b}") == ("a}{b", []) and macros().value("{x} # conf") == ("xSys", [])


def test_a_key_that_is_already_a_slug_gets_the_slug_slugify_makes():
    import hashlib

    from confsite.assemble.proceedings import paper_slug
    from confsite.read.content import slugify

    def general(key: str) -> str:
        return slugify(key)[:80].strip("-") or "paper-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]

    rng = random.Random(4)
    keys = ["".join(rng.choice("abz09-_A.é:") for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    keys += ["a" * n for n in (79, 80, 81)] + ["a" * n + "-b" for n in (77, 78, 79)]
    for key in keys:
        assert paper_slug(key) == general(key), repr(key)


