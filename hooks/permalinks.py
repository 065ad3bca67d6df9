"""MkDocs hook: a section's permalink is named for screen readers.

Python-Markdown's toc writes `<a class="headerlink" href="#id" title="رابط ثابت لهذا القسم">#</a>`;
a screen reader announced the link as «#» (its text is its name; a title is only a description).
The title becomes its `aria-label` as well.
"""

import re

_HEADERLINK = re.compile(r'<a class="headerlink" href="([^"]*)" title="([^"]*)">')


def on_page_content(html: str, page, config, files) -> str:
    if 'class="headerlink"' not in html:
        return html
    return _HEADERLINK.sub(r'<a class="headerlink" href="\1" title="\2" aria-label="\2">', html)
