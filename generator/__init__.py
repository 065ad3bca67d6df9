"""Arabic news-dossier generator: curated YAML records → validated model → Markdown pages.

The build is a short script of named stages (see `build.py`): load → validate → index → render
→ write. Nothing is written until every record has been read, checked and indexed. The package
never imports MkDocs: it writes plain Markdown into `docs/` that MkDocs then builds.
"""

__version__ = "0.1.0"
