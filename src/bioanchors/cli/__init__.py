"""The ``bioanchors`` command line: a thin layer over the Python API.

Each command lives in its own module with a ``register(app)`` function; this
module only assembles them and turns every error a user can cause into one
plain line on stderr and exit code 2 (argument errors included: no usage box).
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

# typer vendors click: its argument errors are these classes, not click's
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup
from typer.exceptions import Abort

from ..errors import BioanchorsError
from .common import err_console, print_error

INTERNAL_ERROR_EXIT = 1


def _usage_message(exc: ClickException) -> str:
    """A click/typer argument error as one line naming the command and the fix."""
    message = " ".join(exc.format_message().split()).replace("Value error, ", "")
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path} " if ctx is not None else ""
    return f"{message} (see '{where}--help')"


def _handle(exc: BaseException) -> int:
    """Print one line for ``exc`` and return the exit code."""
    if isinstance(exc, NoArgsIsHelpError):
        from typer import rich_utils

        rich_utils.rich_format_error(exc)  # prints the help, as `--help` would
        return exc.exit_code
    if isinstance(exc, ClickException):
        print_error(_usage_message(exc))
        return 2 if isinstance(exc, UsageError) else exc.exit_code
    if isinstance(exc, Abort):
        print_error("aborted")
        return 1
    if isinstance(exc, BioanchorsError):
        print_error(str(exc))
        return exc.exit_code
    if isinstance(exc, MemoryError):
        print_error("out of memory: lower --samples or narrow the year range")
        return 2
    if isinstance(exc, BrokenPipeError):
        return 1
    print_error(f"internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug, please report it "
                "(set BIOANCHORS_DEBUG=1 to see the traceback)")
    return INTERNAL_ERROR_EXIT


class OneLineErrors(TyperGroup):
    """The root group: runs click without its standalone error printing and prints errors itself."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                              **extra)
            code = rv if isinstance(rv, int) else 0
        except (Exception, Abort) as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("BIOANCHORS_DEBUG") and not isinstance(exc, (ClickException, BioanchorsError)):
                raise
            code = _handle(exc)
        if not standalone_mode:
            return code
        sys.exit(code)


app = typer.Typer(
    name="bioanchors",
    help="Forecasts of transformative AI from several models: Cotra's biological anchors, the Direct Approach, "
         "METR time horizons, semi-informative priors, the takeoff models of Davidson (FTM) and the AI Futures "
         "Project (AIFM), and mixtures of them (`bioanchors models` lists them: cotra2020, direct-approach, "
         "metr-horizon, semi-informative-priors, ftm, aifm, ensemble).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
)

# One module per command group, each with register(app). Add yours here.
COMMAND_MODULES = (
    "forecast",
    "models",
    "scenarios",
    "efficiency",
    "trends",
    "serve",
    "sensitivity",
    "retro",
    "compare",
    "data",
    "scorecard",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        app(args=argv, standalone_mode=True)
    except BioanchorsError as exc:  # kept for callers that bypass the group's handler
        print_error(str(exc))
        sys.exit(exc.exit_code)


__all__ = ["app", "main", "err_console"]
