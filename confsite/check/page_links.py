"""The links and ids of one built page, read from its DOM as a browser builds it.

Only markup counts: text that quotes HTML (a paper's title, an abstract, a code example, all escaped as `&lt;...`),
comments, the text of scripts, styles and text areas, and attribute values are never read as links.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

# The elements that hold a link or an id, each once and in the page's order (a plain selector list gives an element
# once per selector it matches).
_LINKING = ":is([href],[src],[srcset],[poster],[id],a[name])"
_LINKS = frozenset({"href", "src", "poster"})


def page_links(html: str | bytes) -> tuple[frozenset[str], tuple[str, ...]]:
    """The ids of one HTML page (id=, and name= of <a>) and its links (href, src, poster, each srcset address),
    each link once in the order the page has them."""
    ids: set[str] = set()
    links: dict[str, None] = {}  # (a dict keeps the first of each link, in order)
    for node in LexborHTMLParser(html).css(_LINKING):
        for name, value in node.attributes.items():
            if name in _LINKS:
                links[value or ""] = None  # (an attribute without a value is the empty one)
            elif name == "id" or (name == "name" and node.tag == "a"):
                ids.add(value or "")
            elif name == "srcset" and value:
                for candidate in value.split(","):
                    address = candidate.split()
                    if address:
                        links[address[0]] = None
    return frozenset(ids), tuple(links)
