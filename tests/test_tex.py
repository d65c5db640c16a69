"""TeX in titles and abstracts: readable Unicode for plain text, safe HTML with MathML for pages, a sort key.

Real files: tests/data/proceedings (PMLR, ACL Anthology, dblp; README.md there), tests/data/exports (OpenReview,
HotCRP; SOURCES.md there) and tests/data/bib (SOURCES.md there).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confsite.read.tex import sort_key, tex_html, tex_plain

DATA = Path(__file__).parent / "data"
MATHML = "http://www.w3.org/1998/Math/MathML"


@pytest.mark.parametrize("written, plain", [
    # the titles
    (r"$\tilde O(nsm)$ time", "Õ(nsm) time"),
    (r"in $O(ns\log n)$", "in O(ns log n)"),
    (r"an $m \times n$ matrix", "an m × n matrix"),
    (r"an $m\times n$ matrix", "an m × n matrix"),
    ("``Plus/minus the learning rate'': a `quoted' word, the students' work",
     "“Plus/minus the learning rate”: a ‘quoted’ word, the students' work"),
    # text
    (r"pages 1--10 --- or~so", "pages 1–10 — or\xa0so"),
    (r"R\&D, 13\%, snake\_case, \$5, and so on\ldots", "R&D, 13%, snake_case, $5, and so on…"),
    ("eﬃcient ﬁnal", "efficient final"),
    (r"\emph{Easy}, \textit{it}, \textbf{bold}, \textsc{Caps}, {\em declared} text", "Easy, it, bold, Caps, declared text"),
    (r"{GPU} and {T}ransformers", "GPU and Transformers"),
    (r"Poincar\'e, {\"u}ber, Fran{\c{c}}ois, Du{\v{s}}ek, M{\'\i}che{\'a}l, Bokm{\aa}l, {\o}rsted, Ond{\v{r}}ej",
     "Poincaré, über, François, Dušek, Mícheál, Bokmål, ørsted, Ondřej"),
    (r"In\textsubscript{x}Ga, \LaTeX{} and \url{https://example.org/a_b~c}", "InₓGa, LaTeX and https://example.org/a_b~c"),
    ("A  title\n   on two lines ", "A title on two lines"),
    ("13% of 10 and a lone $ sign", "13% of 10 and a lone $ sign"),
    # math
    (r"$\ell_p$-Regression and $L_2$ and $x^{n+1}$", "ℓₚ-Regression and L₂ and xⁿ⁺¹"),
    (r"$\frac{a+b}{2}$, $\sqrt{T}$, $\mathbb{R}^d$, $\mathcal{O}(n)$", "(a + b)/2, √T, ℝᵈ, O(n)"),
    (r"$1-\epsilon$ and $-1$ and $3\times$ faster", "1 − ϵ and −1 and 3× faster"),
    (r"$x \in \{0,1\}^n$, $f: X \to Y$", "x ∈ {0, 1}ⁿ, f: X → Y"),
    (r"\(a \le b\) and $$x^2$$ and \[y\]", "a ≤ b and x² and y"),
    (r"$\eps$-nets in $\R^d$", "ϵ-nets in ℝᵈ"),
    (r"a $\wstar$ of its own", "a wstar of its own"),
])
def test_plain_text_reads_as_the_typeset_text(written, plain):
    assert tex_plain(written) == plain


def test_a_page_shows_styles_as_html_and_math_as_mathml():
    markup, problems = tex_html(r"\emph{Easy} \textbf{and} \textsc{Scalable} $\tilde O(nsm)$ for $m \times n$ & more")
    assert problems == []
    assert markup.startswith('<em>Easy</em> <strong>and</strong> <span class="smallcaps">Scalable</span> <math ')
    assert markup.endswith(" &amp; more")
    formulas = BeautifulSoup(markup, "html.parser").find_all("math")
    assert [math.get_text() for math in formulas] == ["O~(nsm)", "m×n"]
    assert [math["display"] for math in formulas] == ["inline", "inline"]


def test_display_math_is_displayed_only_where_the_caller_allows_it():
    abstract = r"We show $$\sum_i x_i \le 1$$ and \[y\] and $z$."
    assert [m["display"] for m in BeautifulSoup(tex_html(abstract, display_math=True)[0], "html.parser")("math")] \
        == ["block", "block", "inline"]
    assert [m["display"] for m in BeautifulSoup(tex_html(abstract)[0], "html.parser")("math")] == ["inline"] * 3


@pytest.mark.parametrize("written, reason", [
    (r"$\wstar$", r"\wstar is not a math command the converter knows"),
    (r"$x^{2$", "a '{' is never closed"),
    (r"$\frac{1}$", "a \\frac lacks its denominator"),
])
def test_a_formula_that_cannot_be_typeset_is_shown_as_written_and_reported(written, reason):
    markup, problems = tex_html(f"A title with {written} inside")
    assert markup == f'A title with <code class="tex">{written}</code> inside'
    assert [(problem.formula, problem.reason) for problem in problems] == [(written, reason)]
    assert problems[0].message.startswith(f"the formula {written} cannot be typeset")
    assert problems[0].hint
    assert "$" not in tex_plain(f"A title with {written} inside")


_ALLOWED = {"em", "strong", "span", "code", "sup", "sub", "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub",
            "msup", "msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr",
            "mtd", "mpadded", "mphantom", "menclose", "mmultiscripts", "mprescripts", "none"}


def _assert_safe(markup: str) -> None:
    soup = BeautifulSoup(f"<div>{markup}</div>", "html.parser")
    for element in soup.div.find_all(True):
        assert element.name in _ALLOWED, (element.name, markup)
        for name, value in element.attrs.items():
            assert not name.startswith("on") and name not in ("href", "src", "style"), markup
            if name == "class":
                assert value in (["smallcaps"], ["tex"]), markup
            assert "javascript" not in str(value).lower()
    ET.fromstring(f"<div>{markup}</div>")  # (well-formed: MathML is XML)


@pytest.mark.parametrize("written", [
    "<img src=x onerror=alert(1)>", r"\href{javascript:alert(1)}{click}", "$<script>alert(1)</script>$",
    r"$\href{javascript:alert(1)}{x}$", r"$\text{<img src=x onerror=alert(1)>}$", r"\url{javascript:alert(1)}",
    r"$\color{red}{x}$ $\style{color:red}{x}$", "{unbalanced", "unbalanced}} }", "$x", "$$x$", r"\(x", "\\",
    r"$\mathrm{<b>}$", "{" * 300 + "deep" + "}" * 300, "$" + "{" * 300 + "x" + "}" * 300 + "$", '"quoted" \' & <',
])
def test_whatever_the_input_the_html_is_safe(written):
    markup, _ = tex_html(written, display_math=True)
    _assert_safe(markup)
    assert "<script" not in markup and "<img" not in markup
    tex_plain(written)


_PIECES = ["\\", "{", "}", "$", "$$", "\\(", "\\)", "\\[", "\\]", "^", "_", "<", ">", "&", '"', "'", "''", "`", "~",
           "-", "--", "a", "x", " ", "\n\n", "%", "\\emph", "\\textbf", "\\href", "\\url", "\\'", "\\c", "\\frac",
           "\\text", "\\left(", "\\right", "\\begin{pmatrix}", "\\end{pmatrix}", "\\sqrt", "\\cite", "\\ensuremath",
           "\\foo", "\\em", "<script>", "onerror=", "javascript:", "&amp;", "ﬁ", "é", "\\mathbb", "\\tilde"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_any_mix_of_tex_and_html_gives_safe_html_and_plain_text(written):
    markup, problems = tex_html(written, display_math=True)
    _assert_safe(markup)
    assert len(problems) == markup.count('<code class="tex">')
    assert isinstance(tex_plain(written), str)


def test_sorting_ignores_markup_accents_case_and_leading_punctuation():
    titles = ["Quantum Junta Channels", "``Plus/minus the learning rate''", r"\'{E}douard's Method", "on Testing",
              r"$\ell_p$-Regression", "{A}daptive Methods", "Beyond Uniform Smoothness"]
    assert sorted(titles, key=sort_key) == [
        "{A}daptive Methods", "Beyond Uniform Smoothness", r"\'{E}douard's Method", r"$\ell_p$-Regression",
        "on Testing", "``Plus/minus the learning rate''", "Quantum Junta Channels"]


# --- Every title and abstract of real files ------------------------------------------------------------

def _bib(path: Path) -> list[tuple[str, str]]:
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    entries = library.entries + [block.ignore_error_block for block in library.failed_blocks  # (repeated fields)
                                 if isinstance(getattr(block, "ignore_error_block", None), bibtexparser.model.Entry)]
    fields = [{field.key.lower(): field.value for field in entry.fields} for entry in entries]
    return [(entry.get("title", ""), entry.get("abstract", "")) for entry in fields]


def _json(path: Path) -> list[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):  # HotCRP
        return [(paper.get("title", ""), paper.get("abstract", "")) for paper in data["papers"]]
    return [(note["content"].get("title", ""), note["content"].get("abstract", ""))  # OpenReview, with revisions
            for venue in data for submission in venue["submissions"]
            for note in [submission, *submission.get("revisions", [])] if "title" in note.get("content", {})]


# file: titles, titles with math, formulas in titles and abstracts, of which not typeset (at most: a paper's own
# macros, such as \wstar or \effdim, that no converter can know)
CORPUS = {
    "proceedings/pmlr-v195-colt23.bib": (170, 5, 745, 41),
    "proceedings/acl-anthology-entries.bib": (30, 0, 2, 0),
    "proceedings/dblp-entries.bib": (29, 0, 0, 0),
    "exports/openreview-v1-crawl.json": (12, 0, 0, 0),
    "exports/hotcrp-test-db.json": (30, 0, 0, 0),
    "bib/aima4e.bib": (2458, 7, 9, 0),
    "bib/xampl.bib": (33, 2, 2, 0),
    "bib/SymbioticLab.bib": (138, 0, 0, 0),
    "bib/retorquere/Unabbreviate_on_import_1436-1.bib": (506, 27, 31, 0),
    "bib/bibtexparser_fixtures/biber-examples.bib": (97, 2, 3, 0),
}
_COMMAND = re.compile(r"\\[A-Za-z]+")


@pytest.mark.parametrize("name", CORPUS)
def test_every_title_and_abstract_of_real_files_reads_without_tex(name):
    path = DATA / name
    values = _json(path) if path.suffix == ".json" else _bib(path)
    titles, with_math, formulas, not_typeset = 0, 0, 0, 0
    for kind, value in [("title", title) for title, _ in values if title] + [("abstract", a) for _, a in values if a]:
        markup, problems = tex_html(value, display_math=kind == "abstract")
        tree = ET.fromstring(f"<div>{markup}</div>")  # well-formed, MathML included
        typeset = len(tree.findall(f".//{{{MATHML}}}math"))
        shown_as_written = [code for code in tree.iter("code") if code.get("class") == "tex"]
        assert len(shown_as_written) == len(problems), value
        formulas += typeset + len(problems)
        not_typeset += len(problems)
        plain = tex_plain(value)
        if kind == "title":
            titles += 1
            with_math += bool(typeset or problems)
            if "textbackslash" not in value:
                assert not _COMMAND.search(plain), (value, plain)
            if not re.search(r"\\\$|\\textdollar", value):
                assert "$" not in plain, (value, plain)
            if not re.search(r"\\[{}]|\\textbrace", value):
                assert "{" not in plain and "}" not in plain, (value, plain)
    expected_titles, expected_with_math, expected_formulas, most_not_typeset = CORPUS[name]
    assert (titles, with_math, formulas) == (expected_titles, expected_with_math, expected_formulas)
    assert not_typeset <= most_not_typeset
