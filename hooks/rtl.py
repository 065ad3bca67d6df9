"""MkDocs hook: put the text direction on <html> as well as <body>.

Material writes `dir` on <body> only; screen readers, browser translation and CSS logical
properties read the root element, so the page declares `<html lang="ar" dir="rtl">`.
"""

import re

_HTML_TAG = re.compile(r"<html\b(?![^>]*\bdir=)([^>]*)>", re.IGNORECASE)


def on_post_page(output: str, page, config) -> str:
    direction = config["theme"]["direction"] or "ltr"
    return _HTML_TAG.sub(lambda m: f'<html{m.group(1)} dir="{direction}">', output, count=1)


def on_post_template(output: str, template_name: str, config) -> str:
    """The same for theme-only pages such as 404.html."""
    return on_post_page(output, None, config)
