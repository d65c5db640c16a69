"""Reading data/papers.bib: BibTeX as BibTeX means it, located errors, and real files that never crash."""
from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from confsite.readers.papers import latex_to_text, papers_from_text, read_papers

DATA = Path(__file__).parent / "data" / "bib"
SHOWN = "data/papers.bib"


def read(text: str):
    papers, errors = papers_from_text(text, SHOWN)
    return {p.key: p for p in papers}, [str(e) for e in errors]


def test_string_macros_month_macros_and_concatenation():
    papers, errors = read('@string{conf = "Conference on " # sys}\n@String(sys = {Machine Learning and Systems})\n'
                          '@inproceedings{a, author = {Ann Lee}, title = {T}, booktitle = "Proc. " # conf,\n'
                          '  month = "10~" # jan, year = 2024}\n')
    assert errors == []
    assert papers["a"].fields["booktitle"] == "Proc. Conference on Machine Learning and Systems"
    assert papers["a"].fields["month"] == "10~January"
    assert papers["a"].fields["year"] == "2024"


def test_crossref_fields_are_folded_in_and_the_proceedings_is_a_venue_not_a_paper():
    papers, errors = read("@inproceedings{p1, author = {Ré, Chris}, title = {One}, crossref = {Conf24}, pages = {1--9}}\n"
                          "@inproceedings{p2, author = {Doe, Jane}, title = {Two}, crossref = {conf24}, year = 2023}\n"
                          "@proceedings{Conf24, title = {Proceedings of MLSys 2024}, year = 2024, publisher = {ACM}}\n")
    assert errors == []
    assert sorted(papers) == ["p1", "p2"]
    assert papers["p1"].fields["booktitle"] == "Proceedings of MLSys 2024"
    assert papers["p1"].fields["year"] == "2024" and papers["p2"].fields["year"] == "2023"  # own field wins
    exported = bibtexparser.parse_string(papers["p1"].bibtex).entries[0]
    assert exported["publisher"] == "ACM" and exported["booktitle"] == "Proceedings of MLSys 2024"
    assert "crossref" not in exported.fields_dict


def test_preamble_comments_and_text_between_entries_are_ignored():
    papers, errors = read('@preamble{"\\newcommand{\\noopsort}[1]{}"}\n% a comment line\nSome free text.\n'
                          "@comment{jabref-meta: groups}\n@article{a, author = {A B}, title = {T}}\n")
    assert errors == [] and list(papers) == ["a"]


def test_latex_and_protective_braces_become_plain_text():
    papers, errors = read("@article{a, author = {Kone{\\v{c}}n{\\'y}, Jakub and M{\\\"u}ller, Anna},\n"
                          "  title = {{GPU} Sharing for {D}eep {L}earning: 13% faster~today}}\n")
    assert errors == []
    assert papers["a"].title == "GPU Sharing for Deep Learning: 13% faster today"
    assert [a.display for a in papers["a"].authors] == ["Jakub Konečný", "Anna Müller"]
    assert latex_to_text("by 100\\% and $3.19\\times$") == "by 100% and 3.19×"


def test_names_split_into_first_von_last_jr_and_others():
    papers, _ = read("@article{a, title = {T}, author = {Ludwig van Beethoven and Ford, Jr., Henry and "
                     "{Barnes and Noble} and Ann Lee AND others}}\n")
    first, second, third, fourth = papers["a"].authors
    assert (first.first, first.von, first.last) == ("Ludwig", "van", "Beethoven")
    assert (second.first, second.last, second.jr, second.display) == ("Henry", "Ford", "Jr.", "Henry Ford, Jr.")
    assert third.display == "Barnes and Noble"
    assert fourth.display == "Ann Lee" and papers["a"].et_al


def test_the_original_entry_is_kept_as_written():
    text = "@article{a,\n  author = {A B},\n  title = mytitle,\n}\n"
    papers, _ = read("@string{mytitle = {Hello}}\n" + text)
    assert papers["a"].raw == text.strip()
    assert papers["a"].title == "Hello"


@pytest.mark.parametrize("text, expected", [
    ("@article{a, author = {A}, title = {T}}\n\n@article{a, author = {B}, title = {U}}\n",
     "data/papers.bib:3: error: the key 'a' is used by two entries\n    hint: the other one is at line 1"),
    ("@article{a,\n  author = {A},\n  title = {T},\n  journal = JML}\n",
     "data/papers.bib:4: warning: 'journal' uses the macro 'JML', which no @string defines; it is left empty"),
    ("@article{a,\n  author = {A}\n}\n", "data/papers.bib:1: error: the entry 'a' has no title"),
    ("\n@article{a,\n  title = {T}\n}\n", "data/papers.bib:2: error: the entry 'a' has no author"),
    ("@article{a, author = {A}, title = {T}}\n@article{b author = {A}, title = {T}}\n",
     "data/papers.bib:2: error: malformed BibTeX entry"),
    ("@article{a,\n  author = {A},\n  title = {T},\n  title = {U}}\n",
     "data/papers.bib:4: error: the field 'title' is given twice with different values"),
    ("@article{a, author = {A}, title = {T}, crossref = {nowhere}}\n",
     "data/papers.bib:1: error: the entry 'a' has crossref = {nowhere}, but no entry has that key"),
    ("@article{a, author = {A}, title = {T}}\n\n  author={B},\n  journal={AI Magazine}\n}\n",
     "data/papers.bib:3: error: these lines look like the fields of an entry, but they belong to no entry"),
    ("@string{v = {A}}\n@string{v = {B}}\n@article{a, author = {A}, title = v}\n",
     "data/papers.bib:2: error: the macro 'v' is defined twice with different values"),
])
def test_bad_entries_are_errors_at_their_line(text, expected):
    _, errors = read(text)
    assert any(error.startswith(expected) for error in errors), errors


def test_an_undefined_macro_reads_as_empty_with_a_warning_as_in_bibtex():
    papers, errors = papers_from_text("@article{a,\n  author = {A},\n  title = {T},\n  journal = jacm # { 32}}\n", SHOWN)
    assert [p.fields["journal"] for p in papers] == [" 32"]
    assert [(e.line, e.warning) for e in errors] == [(4, True)]


def test_repeated_custom_fields_keep_the_first_value():
    papers, errors = read("@article{a, author = {A}, title = {T}, link = {one}, link = {two}}\n")
    assert errors == [] and papers["a"].fields["link"] == "one"


def test_editors_stand_in_for_authors_of_an_edited_volume():
    papers, errors = read("@book{a, editor = {Getoor, Lise and Taskar, Ben}, title = {SRL}}\n")
    assert errors == [] and papers["a"].edited and [a.last for a in papers["a"].authors] == ["Getoor", "Taskar"]


CORPUS = sorted(DATA.rglob("*.bib"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.relative_to(DATA).as_posix() for p in CORPUS])
def test_every_real_bib_file_reads_or_fails_with_located_errors(path):
    """Real files from real users: never an exception; each error names a line of the file."""
    papers, errors = read_papers(path, SHOWN)
    lines = path.read_bytes().count(b"\n") + 1
    for error in errors:
        assert error.path == SHOWN and error.line is not None and 1 <= error.line <= lines, str(error)
        assert error.hint, str(error)
    for paper in papers:
        assert paper.title and paper.authors
        assert bibtexparser.parse_string(paper.bibtex).entries[0].key == paper.key  # every export reads back


def test_the_book_bibliography_reports_its_real_traps():
    papers, errors = read_papers(DATA / "aima4e.bib", SHOWN)
    text = "\n".join(str(e) for e in errors)
    assert "data/papers.bib:2216: error: these lines look like the fields of an entry" in text  # the headerless entry
    assert ("data/papers.bib:5254: error: the key 'Agre+Chapman:1987' is used by two entries\n"
            "    hint: the other one is at line 1917") in text
    assert "data/papers.bib:3684: warning: '_address' uses the macro 'wiley_ad'" in text
    assert "data/papers.bib:225: error: the macro 'norton' is defined twice with different values" in text
    assert sum("is used by two entries" in e.message for e in errors) == 20
    assert len(papers) > 2400


def test_xampl_crossrefs_and_noopsort_years():
    papers, errors = read_papers(DATA / "xampl.bib", SHOWN)
    by_key = {p.key: p for p in papers}
    assert "inproceedings-crossref" in by_key and "whole-proceedings" not in by_key
    assert by_key["inproceedings-crossref"].fields["booktitle"] == by_key["inproceedings-full"].fields["booktitle"]
    assert all("no author" in e.message or "no title" in e.message for e in errors), errors
