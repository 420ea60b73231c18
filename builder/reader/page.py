"""One page: the header (noise and metadata), then its sections."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, Severity, codes, count, error, warning
from builder.model import Badge, Item, Page, Span

from . import limits
from . import markers as mk
from .annotations import PAGE_KEY, TODO, TODO_FIXES, is_todo, read_tags, split_tags, todo
from .challenge import read_challenges
from .ids import slugify
from .items import span_of
from .lines import Line, decode
from .recall import Context, read_recall


def read_page(
    data: bytes, path: str, slug: str | None = None
) -> tuple[Page | None, list[Diagnostic]]:
    """Parse one page's bytes. Never raises on any input: problems come back as diagnostics."""
    lines, diags = decode(data, path)
    if lines is None:
        return None, diags
    too_large = limits.page_size(len(data), path)
    if too_large is not None:
        diags.append(too_large)
    slug = slug or slugify(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    ctx = Context(path=path, slug=slug, diags=diags, by_no={ln.no: ln for ln in lines})

    sections = _split_sections(lines)
    meta = _read_header(sections[0][1], ctx)
    read_so_far = len(diags)
    items, badge, declared = _read_sections(sections[1:], ctx)
    # A page whose only item was reported broken has said enough (not "no items" too).
    if not items and not count(diags[read_so_far:], Severity.ERROR):
        diags.append(error(codes.NO_ITEMS, Span(file=path, start=1, end=lines[-1].no),
                           "page has no flashcards, questions, prompts or challenges",
                           "start the items with a `Recall & Review` or "
                           "`Challenge - N Problems` line"))
    for ln in lines:
        long = limits.long_line(ln, path, ctx.short.get(ln.no))
        if long is not None:
            diags.append(long)
    page = Page(
        path=path, slug=slug, items=tuple(items), badge=badge, declared_challenges=declared,
        span=Span(file=path, start=1, end=lines[-1].no), **meta,
    )
    if page.title is None:
        diags.append(warning(codes.MISSING_TITLE, Span(file=path, start=1, end=1),
                             "page has no title (the deck would be named after the file)",
                             "add a line `Title: <page title>` at the top of the page"))
    if page.subject is None and page.deck is None:
        diags.append(warning(codes.MISSING_SUBJECT, Span(file=path, start=1, end=1),
                             "page names no subject, so its deck has no parent",
                             "add a line `Subject: <subject>` at the top of the page"))
    return page, diags


def _read_sections(sections: list[tuple[Line | None, list[Line]]], ctx: Context,
                   ) -> tuple[list[Item], Badge | None, int | None]:
    """The items of every section after the header, the badge and the number of
    challenges the page announces."""
    items: list[Item] = []
    badge: Badge | None = None
    declared: int | None = None
    for header, body in sections:
        challenge = mk.CHALLENGE.match(header.text) if header is not None else None
        if not (challenge and header is not None):
            items.extend(read_recall(body, ctx))
            continue
        if declared is not None:
            ctx.diags.append(warning(codes.SECOND_CHALLENGE, span_of(ctx.path, header),
                                     "page has a second challenge section",
                                     "merge the problems into one section"))
        declared = int(challenge[1])
        found_badge, found = read_challenges(body, ctx)
        badge = badge or found_badge
        if len(found) != declared:
            ctx.diags.append(warning(
                codes.CHALLENGE_COUNT, span_of(ctx.path, header),
                f"section announces {declared} problems but has {len(found)}",
                f"change the line to `Challenge - {len(found)} Problems` or add the "
                "missing problems"))
        items.extend(found)
    return items, badge, declared


def _split_sections(lines: list[Line]) -> list[tuple[Line | None, list[Line]]]:
    sections: list[tuple[Line | None, list[Line]]] = [(None, [])]
    for ln in lines:
        if mk.RECALL.match(ln.text) or mk.CHALLENGE.match(ln.text):
            sections.append((ln, []))
        else:
            sections[-1][1].append(ln)
    if len(sections) == 1:
        # A page of our own may start straight with items: read them as recall items.
        head, body = _header_prefix(lines)
        return [(None, head), (None, body)]
    return sections


def _header_prefix(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    k = 0
    while k < len(lines) and (lines[k].blank or PAGE_KEY.match(lines[k].text)):
        k += 1
    return lines[:k], lines[k:]


def _read_header(head: list[Line], ctx: Context) -> dict[str, object]:
    meta: dict[str, object] = {}
    glued: dict[str, object] = {}
    unsplit: list[Diagnostic] = []
    for ln in head:
        text = ln.text
        if not text or mk.VOTES.match(text) or mk.STYLE.match(text):
            continue
        key = PAGE_KEY.match(text)
        subject = mk.SUBJECT_LINE.match(text)
        if key:
            if key["key"].lower() in ("title", "subtitle"):
                ctx.short[ln.no] = f"page {key['key'].lower()}"
            _meta_key(meta, key["key"].lower(), key["value"].strip(), ln, ctx)
        elif subject:
            subj, fld = mk.split_subject(subject["glued"])
            glued.update(subject=subj, minutes=int(subject["minutes"]),
                         subject_span=span_of(ctx.path, ln))
            if fld:
                glued["field"] = fld
            else:
                unsplit.append(warning(
                    codes.SUBJECT_UNSPLIT, span_of(ctx.path, ln),
                    f"cannot tell subject from field in {subject['glued']!r}",
                    "add lines `Subject: ...` and `Field: ...` at the top of the page"))
        elif "title" not in glued:
            ctx.short[ln.no] = "page title"
            title, subtitle = mk.split_title(text)
            glued.update(title=title, title_span=span_of(ctx.path, ln))
            if subtitle:
                glued["subtitle"] = subtitle
        else:
            ctx.diags.append(warning(
                codes.UNRECOGNISED_HEADER_LINE, span_of(ctx.path, ln),
                f"line before the first section is not understood: {text[:60]!r}",
                "delete it, or start the items with `Recall & Review`"))
    if "subject" not in meta:
        ctx.diags += unsplit  # a `Subject:` line has answered the question already
    # Lines the author added win over what was read off the pasted header.
    return {**glued, **meta}


def _meta_key(meta: dict[str, object], key: str, value: str, ln: Line, ctx: Context) -> None:
    if is_todo(value):
        ctx.diags.append(todo(span_of(ctx.path, ln), f"`{key.title()}:`",
                              TODO_FIXES.get(key, "")))
    if not value:
        ctx.diags.append(error(codes.EMPTY_ANNOTATION, span_of(ctx.path, ln),
                               f"`{key.title()}:` has no value",
                               "write the value after the colon or delete the line"))
    elif key == "minutes":
        if value.isdigit():
            meta["minutes"] = int(value)
        else:
            ctx.diags.append(error(codes.BAD_MINUTES, span_of(ctx.path, ln),
                                   f"`Minutes: {value}` is not a whole number",
                                   "write the reading time in minutes, e.g. `Minutes: 20`"))
    elif key == "order":
        if value.isdigit():
            meta["order"] = int(value)
        else:
            ctx.diags.append(error(codes.BAD_ORDER, span_of(ctx.path, ln),
                                   f"`Order: {value}` is not a whole number",
                                   "write the page's place in the reading order, e.g. "
                                   "`Order: 3`"))
    elif key == "tags":
        meta[key] = tuple(read_tags(value, span_of(ctx.path, ln), ctx.diags))
    elif key == "allow":
        allowed = split_tags(value)
        if TODO in allowed and not is_todo(value):
            ctx.diags.append(todo(span_of(ctx.path, ln), "`Allow:`", TODO_FIXES["allow"]))
        meta[key] = tuple(c for c in allowed if c != TODO)
    else:
        meta[key] = value
        if key in ("title", "subject", "deck"):
            meta[f"{key}_span"] = span_of(ctx.path, ln)
