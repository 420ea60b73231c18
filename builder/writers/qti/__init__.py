"""The IMS QTI writers: QTI 1.2 packages for Canvas (``v12``) and QTI 2.1 content
packages (``v21``), from one neutral question per item (``common``, ``questions``)."""

from __future__ import annotations

from .v12 import Qti12Writer
from .v21 import Qti21Writer

__all__ = ["Qti12Writer", "Qti21Writer"]
