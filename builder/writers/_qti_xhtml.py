"""Safe HTML (from ``builder.render``) to the XHTML subset QTI 2.1 allows in item bodies.

QTI 2.1 keeps its own copy of XHTML in the QTI namespace: most of the elements our
Markdown makes are there, with fewer attributes (``class``, ``id``, ``xml:lang`` and a
few per element). This module copies an HTML fragment element by element into that
namespace, renames what has a QTI spelling (``s``/``del`` become a classed ``span``),
drops attributes QTI does not define, unwraps elements it does not know (keeping
their text), and repairs the few places where HTML is looser than the schema (a
table with only a header row has no ``tbody``; an ``a`` without ``href`` or an ``img``
without ``src`` is not allowed).
"""

from __future__ import annotations

from lxml import etree, html  # type: ignore[import-untyped]

QTI21_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"

# Element -> attributes QTI 2.1 defines for it (beyond class, which every one has).
_ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset() for tag in (
        "p", "br", "em", "strong", "code", "pre", "span", "ul", "ol", "li", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tfoot", "tr",
        "sub", "sup", "div", "b", "i", "kbd", "samp", "var", "cite", "dfn", "abbr",
        "acronym", "q", "address", "dl", "dt", "dd", "caption", "big", "small", "tt",
    )
}
_ALLOWED.update({
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan", "scope"}),
})
# HTML spellings QTI 2.1 lacks, and the span class that keeps their meaning for CSS.
_RENAMED = {"s": "del", "strike": "del", "del": "del", "ins": "ins", "u": "ins"}
# ``pre`` may not hold these in QTI 2.1 (inherited from XHTML 1.1).
_NOT_IN_PRE = frozenset({"img", "big", "small", "sub", "sup", "object"})


def q(tag: str) -> str:
    return f"{{{QTI21_NS}}}{tag}"


def append_html(parent: etree._Element, fragment: str) -> None:
    """Append the content of the HTML ``fragment`` to ``parent`` (a QTI element whose
    content model is mixed flow, e.g. ``div``, ``simpleChoice``, ``modalFeedback``)."""
    if not fragment.strip():
        return
    source = html.fragment_fromstring(fragment, create_parent="div")
    _copy_children(source, parent, in_pre=False, in_a=False)
    for table in parent.iter(q("table")):
        _fix_table(table)


def _copy_children(src: etree._Element, dst: etree._Element, *, in_pre: bool,
                   in_a: bool) -> None:
    _add_text(dst, src.text)
    for child in src:
        tag = child.tag.lower() if isinstance(child.tag, str) else None
        if tag is not None:
            _copy_element(child, tag, dst, in_pre=in_pre, in_a=in_a)
        _add_text(dst, child.tail)


def _copy_element(child: etree._Element, tag: str, dst: etree._Element, *, in_pre: bool,
                  in_a: bool) -> None:
    attrs = {k: v for k, v in child.attrib.items() if isinstance(k, str)}
    if tag in _RENAMED:
        el = etree.SubElement(dst, q("span"), {"class": _RENAMED[tag]})
        _copy_children(child, el, in_pre=in_pre, in_a=in_a)
        return
    unwrap = (
        tag not in _ALLOWED
        or (in_pre and tag in _NOT_IN_PRE)
        or (tag == "a" and (in_a or not attrs.get("href")))
    )
    if tag == "img" and not attrs.get("src"):
        return
    if unwrap:
        _copy_children(child, dst, in_pre=in_pre, in_a=in_a)
        return
    el = etree.SubElement(dst, q(tag))
    for name in sorted(_ALLOWED[tag] | {"class"}):
        value = attrs.get(name)
        if value is not None and _valid_attr(name, value):
            el.set(name, value)
    if tag == "img" and "alt" not in el.attrib:
        el.set("alt", "")
    _copy_children(child, el, in_pre=in_pre or tag == "pre", in_a=in_a or tag == "a")


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
