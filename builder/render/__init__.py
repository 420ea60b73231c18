"""Rendering shared by the writers: Markdown to safe HTML, code highlighting."""

from .markdown import code_css, highlight_block, render_block, render_inline

__all__ = ["code_css", "highlight_block", "render_block", "render_inline"]
