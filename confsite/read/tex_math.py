"""One LaTeX formula (the inside of `$...$`) as MathML for a page and as readable Unicode for plain text.

latex2mathml reads the formula; its MathML is rebuilt here element by element from a list of MathML
elements and attributes, so nothing typed in a .bib (an `\\href`, a `<script>` inside `\\text{}`) reaches a
page as markup. The plain text is read off the same tree, so both say the same thing: `$\\tilde O(nsm)$` is
"Õ(nsm)", `$O(ns\\log n)$` "O(ns log n)", `$m \\times n$` "m × n", `$x^2$` "x²".
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element

MATHML_NS = "http://www.w3.org/1998/Math/MathML"


@dataclass(frozen=True)
class Formula:
    """A formula read: its MathML (None when the converter cannot read it), its plain text, and why not."""

    mathml: str | None
    text: str
    reason: str = ""


@lru_cache(maxsize=None)
def read_formula(source: str, display: bool = False) -> Formula:
    """The formula `source` (LaTeX math, without its delimiters) as MathML and as plain text; once per formula."""
    reason = _unreadable(source)
    if reason:
        return Formula(None, _fallback_text(source), reason)
    expanded = _SHORTHAND.sub(_expanded, source)
    tree, reason = _converted(expanded, display)
    if tree is None:
        return Formula(None, _fallback_text(source), reason)
    unknown = _unknown_commands(tree)
    if not unknown:
        try:
            return Formula(_mathml(tree), _row_text(tree))
        except RecursionError:  # (braces nested hundreds deep)
            return Formula(None, _fallback_text(source), "it is nested too deeply")
    # A paper's own macro (\effdim, \wstar): not typeset, but its plain text reads the macro's name as a word.
    reason = f"\\{unknown[0]} is not a math command the converter knows"
    named = re.sub(r"\\(%s)(?![A-Za-z])" % "|".join(unknown), r"\\operatorname{\1}", expanded)
    tree, _ = _converted(named, display)
    text = _row_text(tree) if tree is not None and not _unknown_commands(tree) else _fallback_text(source)
    return Formula(None, text, reason)


def _converted(source: str, display: bool) -> tuple[Element | None, str]:
    """latex2mathml's MathML tree of the formula, or None and why not."""
    from latex2mathml.converter import convert_to_element  # (imported on the first formula: 60 ms)
    try:
        tree = convert_to_element(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises its own error types, and IndexError on some input
        return None, _CONVERTER_ERRORS.get(type(exc).__name__, "the converter cannot read it")
    _symbols_named(tree)
    for element in tree.iter():
        if element.tag in _ARGUMENTS and len(element) != _ARGUMENTS[element.tag]:  # ('\\frac{1}': one part)
            return None, ("a \\frac lacks its denominator" if element.tag == "mfrac"
                          else "a command lacks its argument")
    return tree, ""


_ARGUMENTS = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "mroot": 2, "munder": 2, "mover": 2, "munderover": 3}


_CONVERTER_ERRORS = {
    "NoAvailableTokensError": "a command lacks its argument",
    "MissingSuperScriptOrSubscriptError": "a '^' or '_' has nothing after it",
    "DoubleSuperscriptsError": "two superscripts in a row",
    "DoubleSubscriptsError": "two subscripts in a row",
    "ExtraLeftOrMissingRightError": "a \\left has no \\right",
    "MissingEndError": "a \\begin has no \\end",
    "DenominatorNotFoundError": "a \\frac lacks its denominator",
    "NumeratorNotFoundError": "a \\frac lacks its numerator",
}


# Shorthands that papers define in their preamble with one meaning everywhere (\eps, \R, \cO...), and amsmath's
# accents that latex2mathml lacks: read as what they stand for. Any other macro of a paper's own is reported.
_SHORTHANDS = {"eps": r"\epsilon", "R": r"\mathbb{R}", "N": r"\mathbb{N}", "Z": r"\mathbb{Z}", "Q": r"\mathbb{Q}",
               "E": r"\mathbb{E}", "poly": r"\operatorname{poly}", "polylog": r"\operatorname{polylog}",
               "OPT": r"\mathrm{OPT}", "Otilde": r"\tilde{O}", "otilde": r"\tilde{O}", "tO": r"\tilde{O}",
               "Tilde": r"\tilde", "Hat": r"\hat", "Bar": r"\bar", "Vec": r"\vec", "Dot": r"\dot", "Ddot": r"\ddot",
               "Check": r"\check", "Breve": r"\breve", "Acute": r"\acute", "Grave": r"\grave", "nicefrac": r"\tfrac"}
_SHORTHAND = re.compile(r"\\(%s|c[A-Z])(?![A-Za-z])" % "|".join(_SHORTHANDS))


def _expanded(match: re.Match) -> str:
    name = match.group(1)
    return _SHORTHANDS.get(name) or r"\mathcal{%s}" % name[1]  # \cO: a calligraphic O


def _symbols_named(tree: Element) -> None:
    """latex2mathml leaves some delimiters after \\big as their command ('\\{'): put the symbol in."""
    from latex2mathml.symbols_parser import convert_symbol
    for element in tree.iter("mo"):
        if element.text and element.text.startswith("\\") and (code := convert_symbol(element.text)):
            element.text = chr(int(code, 16))


def _unreadable(source: str) -> str:
    """Why the formula cannot be typeset before trying: unbalanced braces, or nothing in it."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", source, re.S):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return "a '}' closes nothing"
    if depth:
        return "a '{' is never closed"
    return "" if source.strip() else "it is empty"


def _unknown_commands(tree: Element) -> list[str]:
    """latex2mathml copies a command it does not know into the MathML as text ('\\foo'): their names."""
    names = []
    for element in tree.iter():
        text = (element.text or "").strip()
        if text.startswith("\\") and element.tag != "mtext":
            names.append(text[1:] if text[1:].isalpha() else re.escape(text[1:]))
    return names


# --- MathML, rebuilt from what it may hold -------------------------------------------------------------

_ELEMENTS = {"math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "munder", "mover",
             "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr", "mtd", "mpadded", "mphantom",
             "menclose", "mmultiscripts", "mprescripts", "none"}
_ATTRIBUTES = {"display", "mathvariant", "stretchy", "fence", "separator", "accent", "accentunder", "movablelimits",
               "largeop", "symmetric", "form", "lspace", "rspace", "minsize", "maxsize", "width", "height", "depth",
               "linethickness", "displaystyle", "scriptlevel", "columnalign", "rowalign", "columnspacing",
               "rowspacing", "columnlines", "rowlines", "frame", "notation", "mathsize"}
_SAFE_VALUE = re.compile(r"[A-Za-z0-9 .%+\-]*\Z")  # lengths, keywords, numbers: no quote, colon or parenthesis
_CHARACTER_REFERENCE = re.compile(r"&#x([0-9A-Fa-f]+);")  # latex2mathml writes symbols as '&#x000D7;' text


def _unescaped(text: str | None) -> str:
    return _CHARACTER_REFERENCE.sub(lambda m: chr(int(m.group(1), 16)), text) if text and "&#x" in text else text or ""


def _mathml(tree: Element) -> str:
    out: list[str] = []
    _write(tree, out)
    return "".join(out)


def _write(element: Element, out: list[str]) -> None:
    tag = element.tag if element.tag in _ELEMENTS else "mrow"  # (an unknown element keeps its content)
    attributes = "".join(f' {name}="{value}"' for name, value in element.attrib.items()
                         if name in _ATTRIBUTES and _SAFE_VALUE.match(value))
    if tag == "math":
        attributes = f' xmlns="{MATHML_NS}"' + attributes
    out.append(f"<{tag}{attributes}>")
    out.append(html.escape(_unescaped(element.text), quote=False))
    children = list(element)
    for index, child in enumerate(children):
        named = _function_name(child)  # (TeX sets a thin space around \log between letters: 'ns log n')
        if named and index and children[index - 1].tag != "mo":
            out.append(_THIN_SPACE)
        _write(child, out)
        if named and index + 1 < len(children) and children[index + 1].tag in ("mi", "mn"):
            out.append(_THIN_SPACE)
        out.append(html.escape(_unescaped(child.tail), quote=False))
    out.append(f"</{tag}>")


_THIN_SPACE = '<mspace width="0.1667em"></mspace>'


def _function_name(element: Element) -> bool:
    """An <mi> of a function's name (log, exp, sin: latex2mathml sets them without the space an operator
    gets), or one with scripts (log²)."""
    if element.tag in ("msub", "msup", "msubsup") and len(element):
        element = element[0]
    text = element.text or ""
    return element.tag == "mi" and len(text) > 1 and text.isalpha() and text.isascii()


# --- Plain text, read off the MathML tree --------------------------------------------------------------

@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    """Each math character's class in TeX's sense (B binary, R relation, P punctuation, O/C opening/closing,
    L large operator...), from the Unicode math table that latex2mathml ships."""
    import latex2mathml
    classes = {}
    with open(Path(latex2mathml.__file__).parent / "unimathsymbols.txt", encoding="utf-8") as table:
        for line in table:
            if not line.startswith("#"):
                columns = line.split("^")
                if len(columns) > 4 and columns[4]:
                    classes.setdefault(chr(int(columns[0], 16)), columns[4])
    return classes


_KINDS = {"B": "bin", "V": "bin", "R": "rel", "P": "punct", "O": "open", "C": "close", "L": "op"}
# (no capitals but T: 2ᴼ⁽ⁿ⁾ is harder to read than 2^(O(n)))
_SUPERSCRIPTS = dict(zip("0123456789+-−=()niabcdefghjklmoprstuvwxyzTαβγδεθιφχ⊤",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀᵅᵝᵞᵟᵋᶿᶥᵠᵡᵀ"))
_SUBSCRIPTS = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφχ",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"))
_PRIMES = set("′″‴*∗⋆†‡")  # written right after their base, as on paper
# the characters latex2mathml puts over (or under) a base for \tilde, \hat, \bar...: the combining mark
_ACCENTS = {"~": "\u0303", "˜": "\u0303", "^": "\u0302", "ˆ": "\u0302", "¯": "\u0304", "―": "\u0305",
            "‾": "\u0305", "→": "\u20d7", "˙": "\u0307", "¨": "\u0308", "ˇ": "\u030c", "˘": "\u0306",
            "´": "\u0301", "`": "\u0300", "˚": "\u030a", "⃛": "\u20db"}
_BRACES = set("⏞⏟︷︸")  # \overbrace, \underbrace: the text is what is under the brace
_SCRIPT_LETTERS = set("ℬℰℱℋℐℒℳℛℭℌℑℜℨℯℊℴ")  # \mathcal, \mathfrak letters outside the math alphabets
_NO_SPACE_BEFORE = {None, "open", "bin", "rel", "punct", "op"}


def _row_text(element: Element, spaced: bool = True) -> str:
    atoms: list[tuple[str, str]] = []
    _atoms(element, atoms)
    return _joined(atoms, spaced)


def _atoms(element: Element, atoms: list[tuple[str, str]]) -> None:
    """Append (text, kind) for `element`: kind is 'ord', 'word' (log, max), 'bin', 'rel', 'punct', 'open',
    'close', 'op' (a large operator), 'text' or 'space'."""
    tag, children = element.tag, list(element)
    if tag in ("math", "mrow", "mstyle", "mpadded", "menclose", "mtd", "semantics"):
        for child in children:
            _atoms(child, atoms)
    elif tag in ("mi", "mn", "mo"):
        text = _unescaped(element.text).strip()
        if text:
            text = _letters(text) if text != "~" else "∼"
            atoms.append((text, _kind(text)))
    elif tag == "mtext":
        atoms.append((_letters(_unescaped(element.text)).replace("\xa0", " "), "text"))
    elif tag == "mspace":
        if not element.get("width", "").startswith(("-", "negative")):
            atoms.append((" ", "space"))
    elif tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts") and children:
        atoms.append(_scripted(tag, children))
    elif tag == "mfrac" and len(children) == 2 and element.get("linethickness") == "0":  # \binom{n}{k}
        atoms.append((f"{_row_text(children[0])} choose {_row_text(children[1])}", "ord"))  # (in its parentheses)
    elif tag == "mfrac" and len(children) == 2:
        atoms.append((f"{_operand(children[:1])}/{_operand(children[1:])}", "ord"))
    elif tag == "msqrt":
        atoms.append(("√" + _operand(children), "ord"))
    elif tag == "mroot" and len(children) == 2:
        index = _row_text(children[1], spaced=False)
        root = {"3": "∛", "4": "∜"}.get(index) or _script(index, _SUPERSCRIPTS, "^") + "√"
        atoms.append((root + _operand(children[:1]), "ord"))
    elif tag == "mtable":
        rows = ("; ".join(", ".join(_row_text(cell) for cell in row) for row in children))
        atoms.append((rows, "ord"))
    elif tag != "mphantom":
        for child in children:
            _atoms(child, atoms)


def _kind(text: str) -> str:
    if len(text) > 1:
        return "word" if text.replace(" ", "").isalpha() else "ord"
    if text in "/∼":  # (TeX sets a slash tight, 'd²/4'; latex2mathml writes \sim as '~', made '∼' by _letters)
        return "ord" if text == "/" else "rel"
    return _KINDS.get(_classes().get(text, "N"), "ord")


def _letters(text: str) -> str:
    """Math letters (𝐱, 𝒩, 𝔤) as the plain letters they are set in; double-struck ones (ℝ, 𝔼) keep their
    meaning and stay; thin spaces inside 'arg min' become spaces."""
    if text.isascii():
        return text
    text = text.replace("\u2009", " ").replace("\u2006", " ")
    return "".join(unicodedata.normalize("NFKC", char) if char in _SCRIPT_LETTERS or "\U0001d400" <= char <= "\U0001d7ff"
                   and "DOUBLE-STRUCK" not in unicodedata.name(char, "") else char for char in text)


def _scripted(tag: str, children: list[Element]) -> tuple[str, str]:
    """A base with sub- and superscripts, or with an accent over or under it."""
    base_atoms: list[tuple[str, str]] = []
    _atoms(children[0], base_atoms)
    base = _joined(base_atoms, spaced=True)
    kind = base_atoms[0][1] if len(base_atoms) == 1 else "ord"
    if kind in ("bin", "rel", "punct", "space", "text"):
        kind = "ord"
    if tag in ("mover", "munder") and len(children) == 2:
        mark = _unescaped(children[1].text).strip() if children[1].tag == "mo" else ""
        if mark in _BRACES or (tag == "munder" and mark in ("―", "‾", "_")):
            return base, kind
        if tag == "mover" and mark in _ACCENTS:
            accent = _ACCENTS[mark]
            return unicodedata.normalize("NFC", "".join(c + accent if c.isalnum() else c for c in base)), kind
    scripts = children[1:]
    under = tag in ("msub", "munder", "msubsup", "munderover", "mmultiscripts")
    text = base
    for position, script in enumerate(scripts[:2]):
        written = _row_text(script, spaced=False)
        if under and position == 0:
            text += _script(written, _SUBSCRIPTS, "_")
        elif written and all(char in _PRIMES for char in written):
            text += written
        else:
            text += _script(written, _SUPERSCRIPTS, "^")
    return text, kind


def unicode_script(text: str, superscript: bool) -> str | None:
    """'2' -> '²', 'x' -> 'ₓ' (\\textsuperscript, \\textsubscript), or None when a character has no such form."""
    table = _SUPERSCRIPTS if superscript else _SUBSCRIPTS
    return "".join(table[char] for char in text) if text and all(char in table for char in text) else None


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """'2' -> '²'; a script with no Unicode form: '^∞', '^(O(n))'."""
    if not text:
        return ""
    if all(char in table for char in text):
        return "".join(table[char] for char in text)
    return mark + text if len(text) == 1 else f"{mark}({text})"


def _operand(elements: list[Element]) -> str:
    """A fraction's or a root's part, in parentheses unless it is one symbol, number or word."""
    atoms: list[tuple[str, str]] = []
    for element in elements:
        _atoms(element, atoms)
    text = _joined(atoms, spaced=True)
    return text if len(atoms) == 1 and atoms[0][1] in ("ord", "word") or len(text) == 1 else f"({text})"


def _joined(atoms: list[tuple[str, str]], spaced: bool) -> str:
    """The atoms with spaces where TeX puts them, more or less: around binary operators between operands
    (a unary minus and a trailing '3×' get none), around relations, after punctuation, around words."""
    out: list[str] = []
    previous = None
    for index, (text, kind) in enumerate(atoms):
        following = next((k for _, k in atoms[index + 1:] if k != "space"), None)
        if kind == "space":
            out.append(" ")
            continue
        if kind == "text":
            out.append(text)
            previous = "ord"
            continue
        before = after = False
        if spaced:
            if kind == "bin" and previous not in _NO_SPACE_BEFORE and following not in (None, "close", "punct", "rel"):
                before = after = True
            elif kind == "bin":
                kind = "ord"  # (a sign: '−1', or a dangling '3×')
            elif kind == "rel":
                before, after = previous not in (None, "open"), following not in (None, "close", "punct")
            elif kind == "punct":
                after = following not in (None, "close", "punct")
            elif kind in ("word", "op"):
                before = previous in ("ord", "word", "close")
                after = following in ("ord", "word", "op")
        elif kind == "word":
            before, after = previous in ("ord", "word"), following in ("ord", "word")
        out.append(f"{' ' if before else ''}{text}{' ' if after else ''}")
        previous = kind
    return " ".join("".join(out).split())


def _fallback_text(source: str) -> str:
    """A formula the converter cannot read, as text: pylatexenc's reading of it, without braces."""
    try:
        text = _pylatexenc().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", source))
    except Exception:  # (pylatexenc gives up on some malformed LaTeX too)
        text = re.sub(r"\\([A-Za-z]+|.)", r"\1", source)
    return " ".join(re.sub(r"[{}$]", "", text).split())


@lru_cache(maxsize=1)
def _pylatexenc():
    from pylatexenc.latex2text import LatexNodes2Text
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
