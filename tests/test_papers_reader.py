"""Reading data/papers.bib: BibTeX as BibTeX means it, located errors, and real files that never crash."""
from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest

from confsite.memo import Memo
from confsite.read.papers import papers_from_text, read_papers
from confsite.read.tex import tex_plain
from confsite.read.text import read_text

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
    assert papers["a"].title == "GPU Sharing for Deep Learning: 13% faster\xa0today"  # '~': a no-break space
    assert [a.display for a in papers["a"].authors] == ["Jakub Konečný", "Anna Müller"]
    assert tex_plain("by 100\\% and $3.19\\times$") == "by 100% and 3.19×"


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
    ("@article{a,\n  author = {A}\n}\n", "data/papers.bib:1: warning: the entry 'a' has no title; it is left out"),
    ("\n@article{a,\n  title = {T}\n}\n", "data/papers.bib:2: warning: the entry 'a' has no author; it is left out"),
    ("@article{a,\n  author = {A},\n  titel = {T}\n}\n",
     "data/papers.bib:1: warning: the entry 'a' has no title; it is left out of the proceedings\n"
     "    hint: 'titel' may be meant as 'title'"),
    ("@article{a, author = {A}, title = {T}}\n@article{b author = {A}, title = {T}}\n",
     "data/papers.bib:2: error: malformed BibTeX entry"),
    ("@article{a,\n  author = {A},\n  title = {T},\n  title = {U}}\n",
     "data/papers.bib:4: error: the field 'title' is given twice with different values"),
    ("@article{a, author = {A}, title = {T}, crossref = {nowhere}}\n",
     "data/papers.bib:1: warning: the entry 'a' has crossref = {nowhere}, but no entry has that key"),
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


# ---------------------------------------------------------------- a file read in pieces, some known from before


def read_whole(text: str):
    """What a plain reading of `text` gives: its papers (every field) and its errors as shown."""
    papers, errors = papers_from_text(text, SHOWN)
    return papers, [str(error) for error in errors]


def read_knowing(text: str, *earlier: str):
    """What reading `text` gives in the preview after it read each of `earlier`: the pieces they share with `text`
    are known, the others parsed together."""
    memo = Memo()
    for known in earlier:
        memo.turn()
        papers_from_text(known, SHOWN, memo)
    memo.turn()
    papers, errors = papers_from_text(text, SHOWN, memo)
    return papers, [str(error) for error in errors]


def block_starts(text: str) -> list[int]:
    """Where each line that starts a block starts."""
    return [match.end() for match in re.finditer(r"\n(?=@\w*[ \t]*[{(])", text)]


def every_other_piece(text: str, first: int) -> str:
    """`text` with every other piece left out (from piece `first` on)."""
    cuts = [0, *block_starts(text), len(text)]
    return "".join(text[start:end] for index, (start, end) in enumerate(zip(cuts, cuts[1:])) if index % 2 == first)


def ways_to_know(text: str) -> list[tuple[str, ...]]:
    """Earlier readings that leave some of the pieces of `text` known: before or after each cut, every other."""
    ways = [(every_other_piece(text, 0),), (every_other_piece(text, 1),), (text, every_other_piece(text, 0))]
    for cut in block_starts(text):
        ways += [(text[:cut],), (text[cut:],)]
    return ways


@pytest.mark.parametrize("path", CORPUS, ids=[p.relative_to(DATA).as_posix() for p in CORPUS])
def test_every_real_bib_file_reads_with_pieces_known_as_it_reads_whole(path):
    text, error = read_text(path, SHOWN)
    assert error is None
    whole = read_whole(text)
    cuts = block_starts(text)
    for earlier in [(every_other_piece(text, 0),), (every_other_piece(text, 1),)] + [
            (text[:cut],) for cut in cuts[len(cuts) // 3::max(len(cuts) // 3, 1)]]:
        assert read_knowing(text, *earlier) == whole


# (bibtexparser does not count the newline after a backslash: files with such a line are left to the test of it)
PLAIN_LINES = [path for path in CORPUS if "\\\n" not in (read_text(path, SHOWN)[0] or "")]


@pytest.mark.parametrize("path", PLAIN_LINES, ids=[p.relative_to(DATA).as_posix() for p in PLAIN_LINES])
def test_every_real_bib_file_gives_its_entries_the_lines_bibtexparser_gives_them(path):
    """The pieces' blocks are where parsing the whole file puts them (in a file with no line ending in a backslash,
    whose newline bibtexparser does not count)."""
    text, error = read_text(path, SHOWN)
    lines, written = {}, text.split("\n")
    for block in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        entry = getattr(block, "ignore_error_block", None) or block  # (an entry with a field given twice, say)
        if isinstance(entry, bibtexparser.model.Entry) and "%" not in written[entry.start_line].split("@")[0]:
            lines.setdefault(entry.key, entry.start_line + 1)  # (an entry in a '%' comment is none)
    papers, _ = papers_from_text(text, SHOWN)
    assert {paper.key: paper.line for paper in papers} == {paper.key: lines[paper.key] for paper in papers}


def test_a_line_ending_in_a_backslash_moves_no_entry_below_it():
    text = ("@article{a, author = {A B}, title = {T},\n  abstract = {one\\\\\ntwo\\\ntwo}}\n"
            "@article{b,\n  author = {C D},\n  title = {U}}\n")
    papers, errors = read_whole(text)
    assert errors == [] and [(paper.key, paper.line) for paper in papers] == [("a", 1), ("b", 5)]
    assert read_knowing(text, text.replace("two}", "three}")) == (papers, errors)


TWO_HALVES = """% Papers of the test conference
@string{conf = {Proceedings of TestConf}}
@string{yr = {2024}}

@inproceedings{early,
  title = {An Early Paper},
  author = {Doe, Jane},
  booktitle = conf,
  year = yr,
  crossref = {testconf}
}
This text between the entries is a comment, and so is the @comment below.
@comment{jabref-meta: databaseType:bibtex;}
@preamble{"\\newcommand{\\noopsort}[1]{}"}

@article{middle,
  title = {Middle {GPU} Work},
  author = {Roe, Richard and others},
  journal = {Journal of Tests},
  month = jan,
  year = {2023}
}

@inproceedings{late,
  title = {A Late Paper},
  author = {M{\\"u}ller, Hans},
  booktitle = conf # { (short)},
  year = yr,
  crossref = {testconf}
}
@proceedings{testconf,
  title = {Proceedings of TestConf 2024},
  editor = {Editor, Ed},
  year = yr
}
"""


def test_every_cut_reads_as_the_whole_file_with_macros_before_it_and_crossref_parents_after_it():
    whole = read_whole(TWO_HALVES)
    assert whole[1] == [] and len(whole[0]) == 3
    assert {p.key: p.fields["booktitle"] for p in whole[0] if "booktitle" in p.fields} == {
        "early": "Proceedings of TestConf", "late": "Proceedings of TestConf (short)"}
    assert len(block_starts(TWO_HALVES)) == 8
    for earlier in ways_to_know(TWO_HALVES):
        assert read_knowing(TWO_HALVES, *earlier) == whole


@pytest.mark.parametrize("text", [
    # the same key on both sides of the cut, and twice on one side
    TWO_HALVES + "@misc{early, title = {Again}, author = {A, B}}\n@misc{late, title = {T}, author = {A, B}}\n"
                 "@misc{late, title = {U}, author = {C, D}}\n",
    # a macro defined twice, once on each side; one used before it is defined; an undefined one
    TWO_HALVES.replace("@article{middle,", "@string{conf = {Other}}\n@string{yr = {2024}}\n@article{middle,")
    + "@misc{m, title = later # { and } nowhere, author = {A, B}}\n@string{later = {Later}}\n",
    # lines of fields outside any entry, right before and right after a cut
    TWO_HALVES.replace("@article{middle,", "  author={B},\n  journal={AI Magazine}\n}\n@article{middle,")
    + "  note = {orphan}\n}\n",
    # a crossref with no parent, and a cycle across the cut
    TWO_HALVES + "@misc{x, title = {X}, author = {A, B}, crossref = {y}}\n@misc{y, title = {Y}, author = {A, B}, "
                 "crossref = {x}}\n@misc{z, title = {Z}, author = {A, B}, crossref = {nowhere}}\n",
    # a field given twice, entries with no title or no author
    TWO_HALVES + "@misc{d, title = {One}, title = {Two}, author = {A, B}}\n@misc{e, author = {A, B}}\n"
                 "@misc{f, title = {F}}\n",
])
def test_problems_on_both_sides_of_a_cut_are_those_of_the_whole_file_at_the_same_lines(text):
    whole = read_whole(text)
    assert whole[1]
    for earlier in ways_to_know(text):
        assert read_knowing(text, *earlier) == whole


BROKEN = [
    # a broken entry before the cut, then after it
    TWO_HALVES.replace("@inproceedings{early,", "@inproceedings{early"),
    TWO_HALVES.replace("@inproceedings{late,", "@inproceedings{late title = {x},"),
    # an entry whose braces do not close: the rest of the file is read as its value
    TWO_HALVES.replace("title = {Middle {GPU} Work},", "title = {Middle {GPU Work},"),
    # a value with a line that starts with '@': the file's parse aborts the entry there, whichever piece it is in
    TWO_HALVES.replace("journal = {Journal of Tests},", "abstract = {It cites\n@inproceedings{other, in its text}\n"
                                                        "and goes on},\n  journal = {Journal of Tests},"),
    # an explicit comment that holds a line starting a block
    TWO_HALVES.replace("@comment{jabref-meta: databaseType:bibtex;}", "@comment{old entry:\n@misc{old, title={O}}\n}"),
]


@pytest.mark.parametrize("text", BROKEN)
def test_a_broken_entry_on_either_side_of_a_cut_reads_as_the_whole_file(text):
    whole = read_whole(text)
    assert any("malformed BibTeX entry" in error for error in whole[1])
    for earlier in ways_to_know(text):
        assert read_knowing(text, *earlier) == whole


def test_a_value_with_a_line_starting_with_an_at_sign_that_starts_no_block_is_not_cut():
    text = TWO_HALVES.replace("journal = {Journal of Tests},", "abstract = {Write to\n@ the desk, or\n@home},\n"
                                                                "  journal = {Journal of Tests},")
    whole = read_whole(text)
    assert whole[1] == [] and "@ the desk" in next(p for p in whole[0] if p.key == "middle").fields["abstract"]
    for earlier in ways_to_know(text):
        assert read_knowing(text, *earlier) == whole


def test_a_plain_reading_parses_the_file_in_one_call_and_the_preview_only_what_changed(monkeypatch):
    from confsite.read import bibtex

    parsed, parse = [], bibtex.bibtexparser.parse_string
    monkeypatch.setattr(bibtex.bibtexparser, "parse_string", lambda text, **options: parsed.append(text) or
                        parse(text, **options))
    papers_from_text(TWO_HALVES, SHOWN)
    assert parsed == [TWO_HALVES]
    memo, edited = Memo(), TWO_HALVES.replace("Middle {GPU} Work", "Middle Work")
    for text, expected in ((TWO_HALVES, [TWO_HALVES]), (edited, [edited[edited.index("@article{middle"):
                                                                       edited.index("@inproceedings{late")]]),
                           ("\n\n" + edited, ["\n\n% Papers of the test conference\n"])):
        parsed.clear()
        memo.turn()
        assert papers_from_text(text, SHOWN, memo) == papers_from_text(text, SHOWN)
        assert parsed[:len(expected)] == expected


# ---------------------------------------------------------------- '%' comments outside entries

COMMENTED = """% @article{old, title = {Old}, author = {Old, A}}
@article{a, author = {A B}, title = {T}} % @misc{after, title = {After}, author = {C D}}
% @article{gone,
%   title = {Gone},
% }
Some notes, 50% done: @misc{notes, title = {N}, author = {E F}}
@article{b,
  author = {C D},
  note = {50% @misc{kept}},
  title = {U}}
"""


def test_an_at_sign_in_a_percent_comment_outside_entries_starts_nothing():
    """As biber, JabRef and Zotero read a .bib file: outside entries, '%' starts a comment to the end of the line,
    so an entry commented out line by line is gone; inside an entry '%' is text."""
    papers, errors = read_whole(COMMENTED)
    assert errors == []
    assert [(paper.key, paper.line) for paper in papers] == [("a", 2), ("b", 7)]
    assert papers[1].fields["note"] == "50% @misc{kept}"


def test_an_entry_commented_out_in_a_real_file_is_not_a_second_entry_with_its_key():
    papers, errors = read_papers(DATA / "retorquere" / "other_biblatex-apa-test-references.bib", SHOWN)
    assert [paper.line for paper in papers if paper.key == "10.1:18"] == [820]
    assert not any("'10.1:18'" in error.message for error in errors)


def test_percent_comments_read_with_pieces_known_as_they_read_whole():
    whole = read_whole(COMMENTED)
    for earlier in ways_to_know(COMMENTED) + [(COMMENTED.replace("% @article{gone", "@article{gone"),)]:
        assert read_knowing(COMMENTED, *earlier) == whole
    broken = COMMENTED.replace("title = {T}}", "title = {T}")  # the entry runs on over the comments: malformed
    assert any("malformed BibTeX entry" in error for error in read_whole(broken)[1])
    for earlier in ways_to_know(broken):
        assert read_knowing(broken, *earlier) == read_whole(broken)
