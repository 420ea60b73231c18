"""Safe HTML (from ``builder.render``) to the XHTML subset QTI 2.1 allows in item bodies.

QTI 2.1 keeps its own copy of XHTML in the QTI namespace: most of the elements our
Markdown makes are there, with fewer attributes (``class``, ``id``, ``xml:lang`` and a
few per element). This module parses an HTML fragment, moves its elements into that
namespace in place, renames what has a QTI spelling (``s``/``del`` become a classed ``span``),
drops attributes QTI does not define, unwraps elements it does not know (keeping
their text), and repairs the few places where HTML is looser than the schema (a
table with only a header row has no ``tbody``; an ``a`` without ``href`` or an ``img``
without ``src`` is not allowed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from lxml import etree, html  # type: ignore[import-untyped]

QTI21_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"

# Element -> attributes QTI 2.1 defines for it (beyond class, which every one has).
_ALLOWED: Mapping[str, frozenset[str]] = MappingProxyType({
    **{tag: frozenset[str]() for tag in (
        "p", "br", "em", "strong", "code", "pre", "span", "ul", "ol", "li", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tfoot", "tr",
        "sub", "sup", "div", "b", "i", "kbd", "samp", "var", "cite", "dfn", "abbr",
        "acronym", "q", "address", "dl", "dt", "dd", "caption", "big", "small", "tt",
    )},
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan", "scope"}),
})
# HTML spellings QTI 2.1 lacks, and the span class that keeps their meaning for CSS.
_RENAMED = MappingProxyType({"s": "del", "strike": "del", "del": "del", "ins": "ins", "u": "ins"})
# ``pre`` may not hold these in QTI 2.1 (inherited from XHTML 1.1).
_NOT_IN_PRE = frozenset({"img", "big", "small", "sub", "sup", "object"})


# Elements that only rename: allowed anywhere we put them, with no attribute but class.
_SIMPLE = MappingProxyType({tag: f"{{{QTI21_NS}}}{tag}" for tag, extra in _ALLOWED.items()
                           if not extra and tag not in _NOT_IN_PRE and tag != "a"})


def q(tag: str) -> str:
    return f"{{{QTI21_NS}}}{tag}"


def append_html(parent: etree._Element, fragment: str) -> None:
    """Append the content of the HTML ``fragment`` to ``parent`` (a QTI element whose
    content model is mixed flow, e.g. ``div``, ``simpleChoice``, ``modalFeedback``)."""
    if not fragment.strip():
        return
    if "<" not in fragment and "&" not in fragment:  # plain text: nothing to convert
        _add_text(parent, fragment)
        return
    converted = _converted(fragment)
    _add_text(parent, converted.text)
    parent.extend(list(converted))  # moved, not copied: each parse serves one element


# lxml.html's parser looks up a Python element class for every node it hands out, which
# cost more than the conversion itself; the plain parser builds the same tree.
_PARSER = etree.HTMLParser()
_FULL_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.I).match


def _parsed(fragment: str) -> etree._Element:
    """What ``lxml.html.fragment_fromstring(fragment, create_parent=True)`` holds: the
    fragment's nodes in a holder element, leading text kept unless blank."""
    if _FULL_DOCUMENT(fragment):  # lxml.html's own rules for a whole document
        return html.fragment_fromstring(fragment, create_parent="div")
    doc = etree.fromstring(f"<html><body>{fragment}</body></html>", _PARSER)
    body = doc.find("body")
    if body.text is not None and not body.text.strip():
        body.text = None
    return body


def _converted(fragment: str) -> etree._Element:
    """The fragment in the QTI namespace, in a holder element.

    The parsed fragment is changed in place, which costs a fraction of building a copy
    element by element; the descendants are listed first because unwrapping moves
    nodes, and an element is looked at before the elements inside it."""
    holder = _parsed(fragment)
    for el in list(holder.iterdescendants()):
        if not isinstance(el.tag, str):  # a comment or processing instruction
            _drop_tree(el)
            continue
        _convert(el, el.tag.lower())
    for table in holder.iter(q("table")):
        _fix_table(table)
    return holder


def _convert(el: etree._Element, tag: str) -> None:
    simple = _SIMPLE.get(tag)
    if simple is not None:  # most elements: highlighted code's spans, p, code, em
        cls = el.get("class")
        keep = cls is not None and _valid_attr("class", cls)
        if len(el.attrib) != keep:
            el.attrib.clear()
            if keep:
                el.set("class", cls)
        el.tag = simple
        return
    attrs = {k: v for k, v in el.attrib.items() if isinstance(k, str)}
    el.attrib.clear()
    if tag in _RENAMED:
        el.tag = q("span")
        el.set("class", _RENAMED[tag])
        return
    if tag == "img" and not attrs.get("src"):
        _drop_tree(el)
        return
    in_pre = in_a = False
    for up in el.iterancestors():
        name = up.tag.rpartition("}")[2].lower() if isinstance(up.tag, str) else ""
        in_pre |= name == "pre"
        in_a |= name == "a"
    if (tag not in _ALLOWED or (in_pre and tag in _NOT_IN_PRE)
            or (tag == "a" and (in_a or not attrs.get("href")))):
        _drop_tag(el)
        return
    el.tag = q(tag)
    for name in sorted(_ALLOWED[tag] | {"class"}):
        value = attrs.get(name)
        if value is not None and _valid_attr(name, value):
            el.set(name, value)
    if tag == "img" and "alt" not in el.attrib:
        el.set("alt", "")


def _valid_attr(name: str, value: str) -> bool:
    if name in ("colspan", "rowspan", "width", "height"):
        return value.isdigit()
    if name == "scope":
        return value in ("row", "col", "rowgroup", "colgroup")
    if name == "class":
        return bool(value.strip())
    return True


def _add_text(dst: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(dst):
        last = dst[-1]
        last.tail = (last.tail or "") + text
    else:
        dst.text = (dst.text or "") + text


def _fix_table(table: etree._Element) -> None:
    # QTI 2.1 wants at least one tbody; Markdown writes none for a header-only table.
    if table.find(q("tbody")) is None:
        head = table.find(q("thead"))
        if head is not None:
            head.tag = q("tbody")
        else:
            body = etree.SubElement(table, q("tbody"))
            for row in table.findall(q("tr")):
                body.append(row)


def _drop_tree(el: etree._Element) -> None:
    """Remove ``el`` and what it holds, keeping its tail (lxml.html's ``drop_tree``)."""
    if el.tail:
        _add_text_before(el, el.tail)
    el.getparent().remove(el)


def _drop_tag(el: etree._Element) -> None:
    """Replace ``el`` by its text and children, keeping its tail (lxml.html's
    ``drop_tag``)."""
    parent = el.getparent()
    if el.text:
        _add_text_before(el, el.text)
    if el.tail:
        if len(el):
            last = el[-1]
            last.tail = (last.tail or "") + el.tail
        else:
            _add_text_before(el, el.tail)
    index = parent.index(el)
    parent[index:index + 1] = el[:]


def _add_text_before(el: etree._Element, text: str) -> None:
    previous = el.getprevious()
    if previous is None:
        parent = el.getparent()
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text
