"""What the machine needs at least for a tree: the floor a build is compared with.

    python -m benchmarks.floor /tmp/study-bench-10000/source

Reads every page (bytes and our reader), renders each Markdown field once with
markdown-it-py (no sanitising, no highlighting), and writes one zip and one sqlite
database holding every item once, as the Anki and QTI outputs must. Prints the seconds
of each part and their sum; a build that does all five formats cannot beat it.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from markdown_it import MarkdownIt

from builder.model import Item, Page
from builder.reader import list_sources, read_file


def _fields(item: Item) -> list[str]:
    texts = [getattr(item, name, None) for name in
             ("question", "answer", "prompt", "body", "explanation", "hint")]
    texts += [o.text for o in getattr(item, "options", ())]
    return [t for t in texts if t]


def main() -> None:
    source = Path(sys.argv[1])
    started = time.perf_counter()
    files, _ = list_sources([source])
    pages: list[Page] = []
    for file, base in files:
        page, _ = read_file(file, base)
        if page is not None:
            pages.append(page)
    read = time.perf_counter()
    md = MarkdownIt("commonmark")
    rendered = [md.render(text) for page in pages for item in page.items
                for text in _fields(item)]
    render = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(Path(tmp) / "all.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for n, html in enumerate(rendered):
                zf.writestr(f"{n}.html", html)
        db = sqlite3.connect(Path(tmp) / "all.db")
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, flds TEXT)")
        db.executemany("INSERT INTO notes (flds) VALUES (?)", ((h,) for h in rendered))
        db.commit()
        db.close()
    written = time.perf_counter()
    items = sum(len(p.items) for p in pages)
    print(f"floor {items} items: read {read - started:.2f}s, render {render - read:.2f}s "
          f"({len(rendered)} fields), zip+sqlite {written - render:.2f}s, "
          f"total {written - started:.2f}s")


if __name__ == "__main__":
    main()
