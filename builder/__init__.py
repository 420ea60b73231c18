"""Compile plain-text study pages into Anki, GIFT, QTI and printable HTML."""

__version__ = "0.1.0"
