"""A story's body for API clients: the HTML sanitised on save, with every link and
image on the site's address (clients show it away from the site)."""

import re

from newsroom.site import absolute_url

SITE_RELATIVE = re.compile(r'(?P<attribute>src|href|srcset)="(?P<value>[^"]*)"')


def _absolute(path: str) -> str:
    return absolute_url(path) if path.startswith("/") and not path.startswith("//") else path


def _absolute_srcset(srcset: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{_absolute(url)} {descriptor}".strip())
    return ", ".join(candidates)


def absolute_body(html: str) -> str:
    def replace(match: re.Match) -> str:
        attribute, value = match["attribute"], match["value"]
        fixed = _absolute_srcset(value) if attribute == "srcset" else _absolute(value)
        return f'{attribute}="{fixed}"'

    return SITE_RELATIVE.sub(replace, html)
