"""The ``bioanchors`` command line: a thin layer over the Python API.

Each command lives in its own module with a ``register(app)`` function; this
module only assembles them and turns :class:`~bioanchors.errors.BioanchorsError`
into a one-line message and exit code 2.
"""

from __future__ import annotations

import importlib
import sys

import typer

from ..errors import BioanchorsError
from .common import err_console

app = typer.Typer(
    name="bioanchors",
    help="Compute-centric forecasts of transformative AI (Cotra's biological anchors model).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# One module per command group, each with register(app). Add yours here.
COMMAND_MODULES = (
    "forecast",
    "scenarios",
    "efficiency",
    "trends",
    "serve",
    "sensitivity",
    "retro",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        app(args=argv, standalone_mode=True)
    except BioanchorsError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
