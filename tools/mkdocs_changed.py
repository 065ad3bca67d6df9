"""`mkdocs build --strict --dirty` made safe for `python -m generator site --changed` (publish.py).

Run as its own process (the generator never imports MkDocs):

    python tools/mkdocs_changed.py CONFIG_FILE SITE_DIR

SITE_DIR is a copy of the last published site whose files are hard links to it. MkDocs' dirty
build renders again only the pages whose Markdown is newer than their HTML, and copies only the
files that are newer than their copy: the generator writes every changed file anew (new inode,
new mtime) and keeps the others as they were, so that is exactly the pages and data files a
rebuild changed. What this wrapper adds:

- Every file MkDocs writes is first unlinked, so it is written as a new file: writing through a
  hard link would change the published site (`utils.write_file`, `utils.copy_file`, and the
  theme's 404.html, sitemap.xml and sitemap.xml.gz, which MkDocs writes on every build).
- MkDocs' warning that a dirty build "will likely lead to inaccurate navigation" is not counted
  by strict mode (it would fail every dirty build). It holds for sites whose pages show the nav
  or their neighbours; here the nav is seven fixed pages and record pages show neither (a test
  holds a dirty build equal, byte for byte, to a full one).
- sitemap.xml (written when `site_url` is set) leaves out pages whose front matter says they
  are redirects, and a dirty build reads the front matter of changed pages only: the others'
  is read for it (their Markdown is dropped again at once).
- A page or file whose source is gone leaves its output behind in a dirty build, and an
  unchanged hand-written page may still link to it, which strict mode would only catch by
  reading every page again: the wrapper exits with status 3 and the caller builds the whole site.

Exit status: MkDocs' own (0 built, 1 failed), or 3 (stale outputs: build the whole site instead).
"""

from __future__ import annotations

import logging
import os
import sys

STALE = 3


def _unlinking(write):
    def wrapper(source_or_content, output_path: str) -> None:
        if os.path.isfile(output_path) and not os.path.islink(output_path):
            os.unlink(output_path)
        write(source_or_content, output_path)
    return wrapper


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def main(config_file: str, site_dir: str) -> int:
    from mkdocs import utils
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    utils.write_file = _unlinking(utils.write_file)
    utils.copy_file = _unlinking(utils.copy_file)
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    seen = []
    get_files = build.get_files

    def recording(config):
        files = get_files(config)
        seen.append(files)
        return files

    build.get_files = recording
    build_theme_template = build._build_theme_template

    def with_every_page_meta(template_name, env, files, config, nav):
        if template_name == "sitemap.xml" and config.site_url:
            for file in files.documentation_pages():
                if file.page is not None and file.page.markdown is None:
                    file.page.read_source(config)
                    file.page.markdown = None
        return build_theme_template(template_name, env, files, config, nav)

    build._build_theme_template = with_every_page_meta
    config = load_config(config_file=config_file, site_dir=site_dir, strict=True)
    for name in (*config.theme.static_templates, "sitemap.xml.gz"):
        path = os.path.join(site_dir, name)
        if os.path.isfile(path):
            os.unlink(path)             # written on every build, sitemap.xml.gz through `open`
    try:
        build.build(config, dirty=True)
    except Abort as exc:
        print(f"mkdocs: {exc}", file=sys.stderr)
        return 1
    made = {f.dest_uri for f in seen[-1]} | set(config.theme.static_templates) | {"sitemap.xml.gz"}
    stale = []
    for folder, _, names in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir)
        for name in names:
            path = name if rel == "." else f"{rel}/{name}"
            if path not in made:
                stale.append(path)
    if stale:
        print(f"mkdocs_changed: {len(stale)} output(s) of removed pages or files, e.g. {stale[0]}; "
              f"the whole site is built again", file=sys.stderr)
        return STALE
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    sys.exit(main(sys.argv[1], sys.argv[2]))
