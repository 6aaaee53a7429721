"""The lite edition's whole stylesheet, inlined in a `<style>` element on every lite
page (no request for a CSS file on a slow network), and the Content-Security-Policy
source that allows exactly that element.

The hash is worked out from the file when the module loads, so the policy and the
page can never disagree; the policy reaches lite pages through the view attribute
`csp_policy_update` (newsroom/csp.py), which a page served from the whole-page cache
keeps too, as the header is added around the cache.
"""

import base64
import hashlib
from pathlib import Path

from django.utils.safestring import mark_safe

# Our own file, never anything a user or editor typed: safe to print unescaped.
LITE_CSS = mark_safe((Path(__file__).with_name("lite.css")).read_text(encoding="utf-8"))
_DIGEST = base64.b64encode(hashlib.sha256(LITE_CSS.encode()).digest()).decode()
STYLE_SOURCE = f"'sha256-{_DIGEST}'"
POLICY_UPDATE = {"style-src": [STYLE_SOURCE]}


def with_lite_style(view):
    """Mark `view` as serving pages with the inline stylesheet (see the module docstring)."""
    view.csp_policy_update = POLICY_UPDATE
    return view
