"""The local web dashboard: ``bioanchors serve`` and ``bioanchors report``.

- :func:`create_app` -- the FastAPI app (JSON API under ``/api``, the page at ``/``);
- :func:`render_report` / :func:`write_report` -- a self-contained HTML report.

See docs/web.md.
"""

from .app import create_app
from .report import render_report, write_report

__all__ = ["create_app", "render_report", "write_report"]
