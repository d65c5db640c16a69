"""BibTeX field text (LaTeX as written) for people: readable Unicode, safe HTML with math as MathML, a sort key.

`tex_plain` is for every place that shows plain text (meta tags, JSON-LD, search, feeds, calendars, <title>),
`tex_html` for a page, `sort_key` for ordering. Each reads the value the same way: accents and letters
(`Poincar\\'e`, `{\\o}`), quotes (``` ``...'' ```, `` `...' ``), dashes (`--`, `---`), `~`, escaped characters
(`\\&`, `\\%`, `\\_`, `\\$`), `\\ldots`, styles (`\\emph`, `\\textbf`, `\\textsc`, `{\\em ...}`), protective braces,
and math (`$...$`, `\\(...\\)`, `$$...$$`, `\\[...\\]`, read by confsite.read.tex_math).

Speed: a value is read once per distinct string (each function is memoized), and the scan stops only at the
characters that can start LaTeX, copying the text between them as it is; each formula is converted once. On
the 10,000 titles and abstracts of the benchmark site (bench/tex_speed.py), cold: tex_plain 0.26 s CPU where
the reader's former latex_to_text took 0.18 s; tex_plain and tex_html of every title and abstract, 0.47 s.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from markupsafe import Markup

from confsite.read.tex_math import read_formula, unicode_script

# What can start LaTeX in a BibTeX value: a command, $ or $$, a brace, ~, `` or `, '' or a closing ', -- or ---,
# a ligature character; the text between two of these is copied as it is. (Written as one character class and
# what may follow each character, so that the regex engine skips plain text at C speed: an alternation of the
# tokens scans the 13.6 MB of the benchmark's titles and abstracts in 0.39 s, this in 0.05 s.)
_TOKEN = re.compile(r"[\\$`'{}~\ufb00-\ufb06-](?:(?<=\\)(?:[A-Za-z]+|.|\Z)|(?<=\$)\$?|(?<=`)`?|(?<=')(?:'|(?!\w))"
                    r"|(?<=-)--?|(?<=[{}~\ufb00-\ufb06]))", re.S)
_MATH_END = {"$": re.compile(r"(?:[^$\\]|\\.)*\$", re.S), "$$": re.compile(r"(?:[^$\\]|\\.|\$(?!\$))*\$\$", re.S),
             "\\(": re.compile(r"(?:[^\\]|\\[^)])*\\\)", re.S), "\\[": re.compile(r"(?:[^\\]|\\[^\]])*\\\]", re.S)}
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # (not the no-break space that '~' is)
_LEADING = re.compile(r"^[\W_]+")

_STYLES = {"emph": "em", "textit": "em", "textsl": "em", "textbf": "strong", "textsc": "smallcaps",
           "mkbibemph": "em", "mkbibitalic": "em", "mkbibbold": "strong", "enquote": "quote", "mkbibquote": "quote",
           "texttt": "code", "textsuperscript": "sup", "textsubscript": "sub", "textrm": "", "textsf": "",
           "textup": "", "textnormal": "", "textmd": "", "text": "", "mbox": "", "hbox": "", "underline": "",
           "uline": "", "MakeUppercase": "", "MakeLowercase": "", "uppercase": "",
           "lowercase": "", "NoCaseChange": "", "nocase": ""}
_DECLARATIONS = {"em": "em", "it": "em", "itshape": "em", "sl": "em", "slshape": "em", "bf": "strong",
                 "bfseries": "strong", "sc": "smallcaps", "scshape": "smallcaps", "tt": "code", "ttfamily": "code"}
_NO_OPS = {"rm", "sf", "normalfont", "upshape", "mdseries", "rmfamily", "sffamily", "tiny", "scriptsize",
           "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge", "relax", "xspace",
           "noindent", "protect", "ignorespaces", "unskip", "/", "-", "@", "!", ""}
_TAGS = {"em": ("<em>", "</em>"), "strong": ("<strong>", "</strong>"), "code": ("<code>", "</code>"),
         "smallcaps": ('<span class="smallcaps">', "</span>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "quote": ("“", "”")}
# Accents: the command, its combining mark, and what it is alone (`\~{}` is a tilde).
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
            "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
            "b": "\u0331", "t": "\u0361"}
_SPACING_ACCENTS = {"'": "´", "`": "`", "^": "^", '"': "¨", "~": "~", "=": "¯", ".": "˙"}
_LETTERS = {"i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
            "oe": "œ", "OE": "Œ", "ss": "ß", "SS": "SS", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ",
            "NG": "Ŋ", "dj": "đ", "DJ": "Đ"}
_SYMBOLS = {"ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
            "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
            "textless": "<", "textgreater": ">", "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
            "textbar": "|", "textbullet": "•", "textdegree": "°", "textregistered": "®", "texttrademark": "™",
            "copyright": "©", "textcopyright": "©", "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "textdagger": "†",
            "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textmu": "µ", "textperiodcentered": "·",
            "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«", "guillemetright": "»",
            "textunderscore": "_", "textdollar": "$", "textbraceleft": "{", "textbraceright": "}",
            "textexclamdown": "¡", "textquestiondown": "¿", "nobreakspace": "\xa0", "LaTeX": "LaTeX", "TeX": "TeX",
            "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε", "slash": "/", "quad": " ", "qquad": " ", "newline": " ",
            "par": " ", "linebreak": " ", "&": "&", "%": "%", "_": "_", "$": "$", "#": "#", "{": "{", "}": "}",
            "\\": " ", " ": " ", "\n": " ", "\t": " ", ",": "\u202f", ";": " ", ":": " "}
_DROPPED = {"cite", "citep", "citet", "citealp", "citeauthor", "citeyear", "nocite", "ref", "eqref", "cref", "Cref",
            "autoref", "label", "footnote", "thanks", "index", "noopsort", "hspace", "vspace",
            "href", "bibinfo"}  # (\href{url}{text}, \bibinfo{field}{text}: the first argument only)
_DEEPEST = 40  # braces nested deeper are read flat (no value needs more, and recursion has a limit)
_TEXT = {"``": "“", "''": "”", "~": "\xa0", "--": "–", "---": "—"}


@dataclass(frozen=True)
class UnreadableFormula:
    """A formula that cannot be typeset: its source as written (with its dollars) and why."""

    formula: str
    reason: str

    @property
    def message(self) -> str:
        """What a warning says (the caller puts the field's file:line in front)."""
        return f"the formula {self.formula} cannot be typeset ({self.reason}); it is shown as written"

    @property
    def hint(self) -> str:
        """What to write instead."""
        return ("write it as LaTeX math (for example $O(n \\log n)$), with balanced braces and known commands, "
                "or write it as plain text without the dollars")


@lru_cache(maxsize=None)
def tex_plain(value: str) -> str:
    """The value as readable Unicode text: no markup, math as Unicode ("Õ(nsm)", "m × n"), spaces collapsed."""
    nodes = _parsed(value)
    text = value if nodes is None else "".join(_plain(nodes))
    return _finished(text)


def tex_html(value: str, *, display_math: bool = False) -> tuple[Markup, list[UnreadableFormula]]:
    """The value as safe HTML for a page's text (element content), math as MathML, and the formulas that
    could not be typeset (shown as their source in <code>). `$$...$$` and `\\[...\\]` are display math only
    with `display_math` (an abstract); in a title they are set inline."""
    markup, problems = _html(value, display_math)
    return markup, list(problems)


@lru_cache(maxsize=None)
def sort_key(value: str) -> str:
    """A key that sorts values by their words: markup, accents, case and leading punctuation ignored."""
    text = tex_plain(value)
    if not text.isascii():  # (most titles have no accent to take off: a third of sorting 10,000 of them)
        text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return _LEADING.sub("", text.casefold())


@lru_cache(maxsize=None)
def _html(value: str, display_math: bool) -> tuple[Markup, tuple[UnreadableFormula, ...]]:
    nodes = _parsed(value)
    if nodes is None or all(isinstance(node, str) for node in nodes):  # (no style, no math: the plain text)
        return Markup(html.escape(tex_plain(value), quote=False)), ()
    problems: list[UnreadableFormula] = []
    return Markup(_finished("".join(_html_parts(nodes, display_math, problems)))), tuple(problems)


def _finished(text: str) -> str:
    """Spaces collapsed (a no-break space stays) and accents composed (NFC)."""
    if text.isascii():  # (most titles: one quick look, no normalizing)
        return text.strip() if "  " not in text and text.isprintable() else " ".join(text.split())
    if "\xa0" in text or "\u202f" in text:
        text = _SPACES.sub(" ", text).strip()
    elif "  " in text or not text.isprintable():  # (isprintable: no newline or tab; 4 times quicker than split)
        text = " ".join(text.split())
    else:
        text = text.strip()
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# --- Reading: a value as text, styled runs and formulas ------------------------------------------------

class _Styled(NamedTuple):
    kind: str  # a key of _TAGS, or '' for a style that shows as plain text
    children: tuple


class _Math(NamedTuple):
    source: str  # without its delimiters
    display: bool
    written: str  # as written, delimiters included


@lru_cache(maxsize=1024)  # (a reader asks for a title's plain text and its HTML one after the other)
def _parsed(value: str) -> tuple | None:
    """The value as a tuple of text, _Styled and _Math nodes; None when it holds no LaTeX at all."""
    first = _TOKEN.search(value)
    if first is None:
        return None
    reader = _Reader(value)
    reader.at = first.start()  # (the plain text before it is not scanned again)
    return (value[:first.start()], *reader.nodes(closing=False))


class _Reader:
    def __init__(self, value: str):
        self.value, self.at, self.open_quotes, self.depth = value, 0, 0, 0

    def nodes(self, closing: bool) -> list:
        """Nodes up to the '}' that closes the current group (closing) or to the end."""
        out: list = []
        value = self.value
        while (match := _TOKEN.search(value, self.at)) is not None:
            if match.start() > self.at:
                out.append(value[self.at:match.start()])
            self.at = match.end()
            token = match.group()
            if token == "}":
                if closing:
                    return out
                continue  # (a '}' that closes nothing: dropped)
            if token[0] == "\\" and token[1:] in _DECLARATIONS:  # `{\em ...}`: the rest of the group
                self.skip_spaces()
                out.append(_Styled(_DECLARATIONS[token[1:]], tuple(self.nodes(closing))))
                return out
            self.token(token, out)
        out.append(value[self.at:])
        self.at = len(value)
        return out

    def token(self, token: str, out: list) -> None:
        if token == "{" and self.depth < _DEEPEST:
            self.depth += 1
            out.extend(self.nodes(closing=True))
            self.depth -= 1
        elif token == "{":  # (braces nested deeper than any title needs: read on as one group)
            pass
        elif token in _TEXT:
            out.append(_TEXT[token])
        elif token == "`":
            self.open_quotes += 1
            out.append("‘")
        elif token == "'":  # (only a quote `...' closes turns into one: "students'" keeps its apostrophe)
            out.append("’" if self.open_quotes else "'")
            self.open_quotes = max(0, self.open_quotes - 1)
        elif token in _MATH_END:
            self.math(token, out)
        elif token[0] != "\\":
            out.append(unicodedata.normalize("NFKC", token))  # a ligature character: 'ﬁ' -> 'fi'
        else:
            self.command(token[1:], out)

    def math(self, opening: str, out: list) -> None:
        end = _MATH_END[opening].match(self.value, self.at)
        if end is None:  # (a lone '$' is a dollar sign)
            out.append(opening.lstrip("\\"))
            return
        closing = len(opening)
        source = self.value[self.at:end.end() - closing]
        out.append(_Math(source, opening in ("$$", "\\["), self.value[self.at - closing:end.end()]))
        self.at = end.end()

    def command(self, name: str, out: list) -> None:
        if name in _STYLES:
            out.append(_Styled(_STYLES[name], tuple(self.argument())))
        elif name in _ACCENTS and (len(name) == 1 and not name.isalpha() or self.argument_follows()):
            out.append(self.accented(name))
        elif name in _LETTERS:
            out.append(_LETTERS[name])
            self.skip_spaces()  # (`\o rsted` is one word, as TeX reads it)
        elif name in _SYMBOLS:
            out.append(_SYMBOLS[name])
        elif name in ("(", "["):
            self.math("\\" + name, out)
        elif name in _DROPPED:
            self.skip_arguments()
            if name == "hspace":
                out.append(" ")
        elif name in ("url", "path"):  # (verbatim: underscores and tildes as written)
            out.append(self.raw_group())
        elif name == "ensuremath":
            written = self.raw_group()
            out.append(_Math(written, False, f"${written}$"))
        elif name not in _NO_OPS:
            out.append(_elsewhere(name))  # its arguments, if any, read as text next

    def argument_follows(self) -> bool:
        """`\\c c`, `\\v{s}`: a letter accent takes an argument; `\\c` alone at the end is nothing."""
        rest = self.value[self.at:self.at + 2].lstrip()
        return bool(rest) and rest[0] != "}"

    def argument(self) -> list:
        """A command's argument: a {group}, or the next command or character."""
        self.skip_spaces()
        value = self.value
        if self.at >= len(value):
            return []
        if value[self.at] == "{":
            self.at += 1
            return self.nodes(closing=True)
        match = _TOKEN.match(value, self.at)
        if match is not None and match.group() != "}":
            self.at = match.end()
            out: list = []
            self.token(match.group(), out)
            return out
        if match is not None:
            return []
        self.at += 1
        return [value[self.at - 1]]

    def accented(self, name: str) -> str:
        base = "".join(_plain(self.argument()))
        if not base.strip():
            return _SPACING_ACCENTS.get(name, "")
        base = {"ı": "i", "ȷ": "j"}.get(base[0], base[0]) + base[1:]  # (\'\i is í: the dotless i took the accent)
        return unicodedata.normalize("NFC", base[0] + _ACCENTS[name] + base[1:])

    def skip_spaces(self) -> None:
        while self.at < len(self.value) and self.value[self.at] in " \t\n":
            self.at += 1

    def skip_arguments(self) -> None:
        """Skip `[optional]` arguments and one {group}: `\\cite[p.~3]{key}`, `\\footnote{...}`."""
        self.skip_spaces()
        while self.value.startswith("[", self.at) and (close := self.value.find("]", self.at)) > 0:
            self.at = close + 1
            self.skip_spaces()
        self.raw_group()

    def raw_group(self) -> str:
        """The text of the next {group} as written, braces balanced (a verbatim argument)."""
        self.skip_spaces()
        value = self.value
        if not value.startswith("{", self.at):
            return ""
        depth, index = 0, self.at
        while index < len(value):
            char = value[index]
            if char == "\\":
                index += 2
                continue
            depth += 1 if char == "{" else -1 if char == "}" else 0
            index += 1
            if depth == 0:
                break
        written, self.at = value[self.at + 1:index - 1 if depth == 0 else index], index
        return written


@lru_cache(maxsize=None)
def _elsewhere(name: str) -> str:
    """A command this module does not list: pylatexenc's text for it when it takes no argument (\\textyen,
    \\alpha), else nothing (an unknown command's arguments are still read as text)."""
    from pylatexenc import latex2text, latexwalker
    spec = latex2text.get_default_latex_context_db().get_macro_spec(name)
    parser = latexwalker.get_default_latex_context_db().get_macro_spec(name)
    takes_arguments = parser is not None and getattr(parser.args_parser, "argspec", "")
    if spec is not None and isinstance(spec.simplify_repl, str) and not takes_arguments \
            and not set(spec.simplify_repl) & set("%<>"):  # (its '<cit.>' and '%s' are no text)
        return spec.simplify_repl
    return ""


# --- Writing -------------------------------------------------------------------------------------------

def _plain(nodes) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Styled) and node.kind in ("sup", "sub", "quote"):
            text = "".join(_plain(node.children))
            if node.kind == "quote":
                out.append(f"“{text}”")
            else:  # (In\textsubscript{x}Ga: Inₓ, where Unicode has the letter)
                out.append(unicode_script(text.strip(), node.kind == "sup") or text)
        elif isinstance(node, _Styled):
            out.extend(_plain(node.children))
        else:
            out.append(read_formula(node.source).text)
    return out


def _html_parts(nodes, display_math: bool, problems: list) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(html.escape(node, quote=False))
        elif isinstance(node, _Styled):
            start, end = _TAGS.get(node.kind, ("", ""))
            out.extend((start, *_html_parts(node.children, display_math, problems), end))
        else:
            formula = read_formula(node.source, node.display and display_math)
            if formula.mathml is None:
                problems.append(UnreadableFormula(node.written, formula.reason))
                out.append(f'<code class="tex">{html.escape(node.written, quote=False)}</code>')
            else:
                out.append(formula.mathml)
    return out
