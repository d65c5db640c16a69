"""Fragments of list pages kept between preview builds: `{% fragment name, value, ... %}...{% endfragment %}`.

A list page (all the papers, the program) shows one block of markup per paper or session; after a one-paper
edit the page is rendered again, but the blocks of the other papers are the same. In a template,

    {% fragment paper.key, paper, session %}<li>...</li>{% endfragment %}

renders its body as if the tags were not there, and in the preview (a build with a memo) keeps what
it rendered, per page: the next rendering of that page reuses the kept markup when every value named in
the tag is the same as then (memo.same_value: the very same object, or one that renders alike),
with the same templates, page address and site configuration. The first value names the fragment among
those of its page (a paper's key, a session's id); a body must show nothing but the values named in the
tag, `url()` and `config` (a loop variable of the page or another name it reads would be taken from the
build that rendered it first).

A value that a template read through the recording proxy of reuse.py counts as read whole by the
page, so a page whose fragments were reused still depends on everything they show.

Fragments nest: a fragment per group of papers holding one per paper is reused whole while its values are the
same (the papers of the other groups are not even looped over), and otherwise renders its body, in which the
fragments of the papers that did not change are reused. The fragments inside one that is reused are kept with
it for the next rendering.
"""
from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension

from confsite.memo import same_value
from confsite.render.reuse import unwrapped

_active = None  # (the page's fragments from its last rendering, the ones of this rendering, comparison)
_SURROUNDINGS = "(surroundings)"  # the key, in a page's fragments, of what every fragment of the page depends on


class FragmentExtension(Extension):
    """The `{% fragment %}` tag."""

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        values = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            values.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        where = nodes.Const(f"{parser.name}:{lineno}")
        call = self.call_method("_fragment", [where, nodes.List(values)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, where: str, values: list, caller):
        if _active is None:
            return caller()
        old, new = _active
        values = tuple(map(unwrapped, values))
        key = (where, values[0] if isinstance(values[0], (str, int)) else repr(values[0]))
        known = old.get(key)
        if known is not None and len(known[0]) == len(values) and all(map(same_value, known[0], values)):
            new[key] = known
            if known[2]:  # the fragments inside it, kept for the renderings after this one
                new.update(known[2])
        else:
            _inside.append({})
            try:
                markup = caller()
            finally:
                inner = _inside.pop()
            known = new[key] = (values, markup, inner)
        if _inside:  # (a fragment inside another: kept with it, so that reusing the outer one keeps this one too)
            _inside[-1][key] = known
            if known[2]:
                _inside[-1].update(known[2])
        else:
            _outermost.append(known[1])
        return known[1]


_inside: list = []  # for each fragment being rendered, from the outermost: the fragments rendered inside it
_outermost: list = []  # the markup of each fragment of the page that is in no other, in the page's order


def outermost() -> list[str]:
    """The markup of the page's fragments that are in no other fragment, in the order the page shows them."""
    return list(_outermost)


def start_page(kept: dict | None, context: dict, templates: bytes) -> dict:
    """Before a page renders in the preview: its fragments from the last rendering become reusable if the page's
    address, configuration and templates are the same; return the dict that collects this rendering's."""
    global _active
    surroundings = (context.get("page_url"), context.get("config"), context.get("rooted_links"),
                    context.get("edition_links"), templates)
    new: dict = {_SURROUNDINGS: surroundings}
    if not kept or not all(map(same_value, kept[_SURROUNDINGS], surroundings)):
        kept = {}
    _active = (kept, new)
    return new


def end_page() -> None:
    """After a page rendered (or failed): fragments are neither reused nor kept until the next start_page."""
    global _active
    _active = None
    _inside.clear()
    _outermost.clear()
