"""Fragments of list pages kept between preview builds: `{% fragment name, value, ... %}...{% endfragment %}`.

A list page (all the papers, the program) shows one block of markup per paper or session; after a one-paper
edit the page is rendered again, but the blocks of the other papers are the same. In a template,

    {% fragment paper.key, paper, session %}<li>...</li>{% endfragment %}

renders its body as if the tags were not there, and in the preview (a build with a BuildCache) keeps what
it rendered, per page: the next rendering of that page reuses the kept markup when every value named in
the tag is the same as then (incremental.Comparison: the very same object, or one that renders alike),
with the same templates, page address and site configuration. The first value names the fragment among
those of its page (a paper's key, a session's id); a body must show nothing but the values named in the
tag, `url()` and `config` (a loop variable of the page or another name it reads would be taken from the
build that rendered it first).

A value that a template read through the recording proxy of incremental.py counts as read whole by the
page, so a page whose fragments were reused still depends on everything they show.
"""
from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension

_active = None  # (the page's fragments from its last rendering, the ones of this rendering, comparison, page key)


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
        call = self.call_method("_fragment", [nodes.ContextReference(), where, nodes.List(values)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, context, where: str, values: list, caller):
        if _active is None:
            return caller()
        old, new, comparison, page = _active
        from confsite.incremental import Recording

        values = tuple(value._whole() if isinstance(value, Recording) else value for value in values)
        surroundings = (page, context.get("config"), context.get("rooted_links"), context.get("edition_links"))
        key = (where, values[0] if isinstance(values[0], (str, int)) else repr(values[0]))
        known = old.get(key)
        if (known is not None and len(known[0]) == len(values)
                and all(map(comparison.same, known[0], values))
                and all(map(comparison.same, known[1], surroundings))):
            new[key] = (values, surroundings, known[2])
            return known[2]
        markup = caller()
        new[key] = (values, surroundings, markup)
        return markup


def start_page(kept: dict | None, comparison, page: tuple) -> dict:
    """Before a page renders in the preview: its fragments from the last rendering become reusable; return the
    dict that collects this rendering's."""
    global _active
    new: dict = {}
    _active = (kept or {}, new, comparison, page)
    return new


def end_page() -> None:
    """After a page rendered (or failed): fragments are neither reused nor kept until the next start_page."""
    global _active
    _active = None
