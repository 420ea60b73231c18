"""Members compressed ahead of time give the very bytes ``ZipFile.writestr`` gives."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from builder.writers.base import Deflated, zip_bytes

NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@given(st.lists(st.tuples(NAMES, st.binary(max_size=3000)), min_size=1, max_size=5,
                unique_by=lambda m: m[0]),
       st.lists(st.booleans(), min_size=5, max_size=5))
def test_deflated_members_are_byte_identical(members: list[tuple[str, bytes]],
                                             ahead: list[bool]) -> None:
    plain = zip_bytes(members, 0)
    mixed = zip_bytes([(n, Deflated.of(d) if a else d)
                       for (n, d), a in zip(members, ahead, strict=False)], 0)
    assert mixed == plain
    with zipfile.ZipFile(io.BytesIO(mixed)) as zf:
        assert zf.testzip() is None
        assert [zf.read(n) for n, _ in members] == [d for _, d in members]
