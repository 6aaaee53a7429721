"""An article body as the lite edition prints it: sanitised again (a body changed by
SQL never passed `Article.save()`), every image a text link to its file instead of a
download, and links to our own sections and stories pointing at their lite pages.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles.content.sanitize import sanitize_html
from newsroom.editions import language_of_path
from newsroom.site import absolute_url

VOID_ELEMENTS = frozenset({"br", "col", "hr", "img", "source", "wbr"})
# Wrappers of responsive images: dropped, their content (the `<img>`) kept.
IMAGE_WRAPPERS = frozenset({"picture", "source"})


def lite_url(full_url: str) -> str:
    """The lite page of a section or story address, in the address's edition
    (`/news/x/` → `/lite/news/x/`, `/my/news/x/` → `/my/lite/news/x/`), either as
    `get_absolute_url()` gives it (quoted) or not."""
    path = unquote(full_url)
    with translation.override(language_of_path(path)):
        edition_root = reverse("articles:home")
        inside = path.removeprefix(edition_root).strip("/")
        return reverse("lite:page", kwargs={"path": inside})


def lite_link(href: str) -> str:
    """`href` pointing at the lite page when it is a section or story of ours on the
    site's own address; anything else as it was."""
    parts = urlsplit(href)
    own = absolute_url("/")
    if parts.scheme or parts.netloc:
        if not href.startswith(own):
            return href
    elif not href.startswith("/"):
        return href
    try:
        match = resolve(unquote(parts.path))
    except Resolver404:
        return href
    if match.view_name != "articles:page":
        return href
    lite = lite_url(parts.path)
    return f"{lite}#{parts.fragment}" if parts.fragment else lite


class _LiteBody(HTMLParser):
    def __init__(self, *, images: bool):
        super().__init__(convert_charrefs=False)
        self.images = images
        self.out: list[str] = []
        self.link_depth = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a":
            self.link_depth += 1
            if values.get("href"):
                values["href"] = lite_link(values["href"])
        if not self.images and tag == "img":
            self.out.append(self._image_link(values))
        elif self.images or tag not in IMAGE_WRAPPERS:
            self.out.append(_start_tag(tag, values))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "a":
            self.link_depth = max(0, self.link_depth - 1)
        if tag in VOID_ELEMENTS or (not self.images and tag in IMAGE_WRAPPERS):
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def _image_link(self, values: dict) -> str:
        label = _("Image: %(description)s") % {
            "description": values.get("alt") or _("no description")
        }
        src = values.get("src")
        if not src or self.link_depth:
            # A linked image keeps its link; links do not nest.
            return f"[{escape(label)}]"
        # Outside the f-string, where makemessages finds it.
        load = _("load")
        return f'<a href="{escape(src)}" class="image-link">[{escape(label)} ({load})]</a>'


def _start_tag(tag: str, values: dict) -> str:
    attributes = "".join(
        f' {name}="{escape(value)}"' if value is not None else f" {name}"
        for name, value in values.items()
    )
    return f"<{tag}{attributes}>"


def lite_body(html: str, *, images: bool = False) -> str:
    """The lite edition's body HTML (see the module docstring)."""
    parser = _LiteBody(images=images)
    parser.feed(sanitize_html(html))
    parser.close()
    return "".join(parser.out)
