"""Helpers shared by the CLI commands: output formats, consoles, progress."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from ..errors import BioanchorsError

console = Console()
err_console = Console(stderr=True)


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


class TableJsonCsv(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def print_json(obj: Any) -> None:
    """One JSON object on stdout, plain (no rich markup), NaN-free."""
    sys.stdout.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


def show_progress(quiet: bool) -> bool:
    """Progress bars only for a person at a terminal."""
    return not quiet and sys.stderr.isatty()


def save_figure(fig, path: Path) -> None:
    """Write a matplotlib figure, checking the suffix first."""
    if path.suffix.lower() not in {".png", ".svg", ".pdf"}:
        raise BioanchorsError(f"--plot {path}: expected a file name ending in .png, .svg or .pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=150, bbox_inches="tight")
    err_console.print(f"wrote {path}")


def write_plot(draw, path: Path, figsize: tuple[float, float] | None = None) -> None:
    """Draw a result to a file, never a window: ``draw(ax)`` fills a new Axes when
    ``figsize`` is given; otherwise ``draw(None)`` makes its own figure and returns
    its Axes (or an array of them). The suffix is checked before any drawing."""
    if path.suffix.lower() not in {".png", ".svg", ".pdf"}:
        raise BioanchorsError(f"--plot {path}: expected a file name ending in .png, .svg or .pdf")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    ax = plt.subplots(figsize=figsize)[1] if figsize is not None else None
    drawn = draw(ax)
    fig = np.ravel(drawn)[0].figure
    try:
        save_figure(fig, path)
    finally:
        plt.close(fig)


def run_guarded(fn, *args, **kwargs):
    """Call ``fn``; a BioanchorsError becomes a clean message and exit 2.

    Commands call this so that the error handling also applies when the typer
    app is driven directly (e.g. by typer.testing.CliRunner in tests).
    """
    try:
        return fn(*args, **kwargs)
    except BioanchorsError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=exc.exit_code) from None
