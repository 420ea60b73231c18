"""Rendering shared by the writers: Markdown to safe HTML, code highlighting."""

from .markdown import highlight_block, render_block, render_inline

__all__ = ["highlight_block", "render_block", "render_inline"]
