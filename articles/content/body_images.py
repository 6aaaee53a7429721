"""Library images in a body: linked to their `Image` on save, drawn with renditions.

FOUNDATION: helper A fills this in.
"""


def link_library_images(html: str) -> str:
    return html


def render_image(block, *, library, mode):
    return None
