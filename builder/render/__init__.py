"""Rendering shared by the writers: Markdown to safe HTML, code highlighting."""

from .markdown import (
    code_lines,
    highlight_block,
    output_block,
    refused_images,
    render_block,
    render_inline,
)

__all__ = ["code_lines", "highlight_block", "output_block", "refused_images", "render_block",
           "render_inline"]
