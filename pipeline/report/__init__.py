"""The HTML briefing: index.html and one page per document (Jinja2, autoescaped)."""
